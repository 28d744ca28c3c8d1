"""Lay out again only what a repair changed: the document is cut where pages are forced to break.

Every child of the PDF's ``<body>`` (the cover, the imprint, each part, the back
cover) starts on a new page, so its pages depend on nothing before it but the
number of its first page: the folio, and the side (left or right margins and
running heads). After a layout repair the writer lays out just the children
that changed, or whose first page moved, each as a document of its own that
starts at the right page number and side, and puts their pages in place of
the old ones. A repair in the tenth chapter of a book no longer costs the
layout of the whole book.

A cross-reference ("siehe S. 10") whose target lies in another child cannot be
resolved by WeasyPrint inside a document of one child: its number is written
in from the composed layout, and checked afterwards; a child whose number
turned out wrong is laid out once more.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lxml.html import HtmlElement
from lxml.html import builder as E

log = logging.getLogger("publisher")

if TYPE_CHECKING:
    import weasyprint

CHUNK = "data-chunk"  # the index of a body child, written on it so its pages can be told apart
# How often numbers of cross-references are corrected before the layout is taken as it is.
MAX_ROUNDS = 3
# For a child laid out on its own: where its pages start, and the cross-references' numbers.
CHUNK_CSS = """
html {{ break-before: {side}; }}
@page :first {{ counter-set: page {number}; }}
a.pageref[data-page]::after {{ content: attr(data-page); }}
"""

# (HTML tree, extra CSS) -> laid-out document, with the edition's stylesheets and fonts.
Render = Callable[[HtmlElement, str], "weasyprint.Document"]


def mark_chunks(tree: HtmlElement) -> None:
    """Number the children of ``<body>``: the layout carries the numbers to every page."""
    for index, child in enumerate(tree.body):
        child.set(CHUNK, str(index))


def page_owner(page: weasyprint.Page) -> int | None:
    """The body child laid out on ``page``; None for a blank page WeasyPrint put in before a left or right break."""
    root = page._page_box.children[0]
    for body in getattr(root, "children", []):
        for box in getattr(body, "children", []):
            if box.element is not None and box.element.get(CHUNK) is not None:
                return int(box.element.get(CHUNK))
    return None


def _first_box(page: weasyprint.Page) -> object | None:
    root = page._page_box.children[0]
    for body in getattr(root, "children", []):
        for box in getattr(body, "children", []):
            if box.element is not None and box.element.get(CHUNK) is not None:
                return box
    return None


@dataclass
class Composition:
    """A document whose pages come from one or more layouts, and what its cross-references show."""

    document: weasyprint.Document
    # For each body child: the page number each of its cross-references prints, by target id.
    shown: dict[int, dict[str, int]] = field(default_factory=dict)


def whole(document: weasyprint.Document, tree: HtmlElement) -> Composition:
    """A document laid out in one piece, where WeasyPrint resolved every cross-reference itself."""
    anchors = anchor_pages(document)
    shown = {
        index: {ref: anchors.get(ref, 0) for ref in _references(child)}
        for index, child in enumerate(tree.body)
        if _references(child)
    }
    return Composition(document, shown)


def anchor_pages(document: weasyprint.Document) -> dict[str, int]:
    """The page number (1-based) of every anchor."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return pages


def _references(child: HtmlElement) -> list[str]:
    return [link.get("href", "")[1:] for link in child.find_class("pageref") if link.get("href", "").startswith("#")]


def relayout(
    composition: Composition, tree: HtmlElement, changed: set[int], render: Render, references: bool = True
) -> Composition | None:
    """Lay out the body children in ``changed`` again, and those whose first page moved; keep the other pages.

    With ``references`` false, cross-references keep the numbers of the old
    layout even where their targets moved (a repair pass leaves that to the
    last one, so as not to lay out every part with a reference each time).
    None when the old layout has a page this cannot place (one that belongs to
    no body child and is not empty): the caller then lays out the whole tree.
    """
    old = composition.document
    owners = [page_owner(page) for page in old.pages]
    homes = _note_homes(tree)
    if any(owner is None and not _empty(page) for page, owner in zip(old.pages, owners, strict=True)):
        return None
    if not _notes_at_home(old, owners, homes):
        return None
    # Blank pages that stood before a left or right break, by side, for reuse where one is needed again.
    blanks: dict[str, list[object]] = {"left": [], "right": []}
    for number, (page, owner) in enumerate(zip(old.pages, owners, strict=True), start=1):
        if owner is None:
            blanks[_side(number)].append(page)

    def blank(number: int) -> object:
        if blanks[_side(number)]:
            return blanks[_side(number)].pop(0)
        return _blank_page(tree, render, _side(number))

    children = list(tree.body)
    pages_of: dict[int, list[object]] = {index: [] for index in range(len(children))}
    first_number: dict[int, int] = {}
    side: dict[int, str] = {}
    for number, (page, owner) in enumerate(zip(old.pages, owners, strict=True), start=1):
        if owner is None:
            continue  # a blank page before a left or right break: placed anew below
        if owner not in first_number:
            first_number[owner] = number
            box = _first_box(page)
            side[owner] = box.style["break_before"] if box is not None else "auto"
        pages_of[owner].append(page)
    shown = dict(composition.shown)
    anchors = anchor_pages(old)
    dirty = set(changed)
    for _round in range(MAX_ROUNDS if references else 1):
        pages: list[object] = []
        for index, child in enumerate(children):
            number = len(pages) + 1
            wanted = side.get(index, "auto")
            if (wanted in ("right", "recto") and number % 2 == 0) or (wanted in ("left", "verso") and number % 2):
                pages.append(blank(number))
                number += 1
            if index in dirty or first_number.get(index) != number or not pages_of[index]:
                numbers = {ref: anchors.get(ref, 0) for ref in _references(child)}
                laid_out = render(_alone(tree, child, numbers), CHUNK_CSS.format(side=_side(number), number=number))
                pages_of[index] = list(laid_out.pages)
                log.debug(
                    "laid out part %d again: %d pages from page %d (%s)",
                    index,
                    len(laid_out.pages),
                    number,
                    "changed" if index in dirty else "moved",
                )
                first_number[index] = number
                if numbers:
                    shown[index] = numbers
            pages.extend(pages_of[index])
        document = old.copy(pages)
        anchors = anchor_pages(document)
        # A cross-reference shows a page its target no longer stands on: that child once more.
        dirty = {
            index
            for index, numbers in shown.items()
            if any(anchors.get(ref, 0) != page for ref, page in numbers.items())
        }
        if not dirty:
            break
    if dirty:
        return None  # the numbers did not settle: WeasyPrint's own target-counter in a whole layout
    final_owners = [page_owner(page) for page in document.pages]
    if not _notes_at_home(document, final_owners, homes):
        return None  # a note spilled into a neighbouring part: only a whole layout places it right
    return Composition(document, shown)


def _note_homes(tree: HtmlElement) -> dict[str, int]:
    """Each note's id and the body child that holds it (and its call)."""
    homes = {}
    for note in tree.xpath("//*[starts-with(@id, 'note-')]"):
        holder = next((a for a in note.iterancestors() if a.get(CHUNK) is not None), None)
        if holder is not None:
            homes[note.get("id")] = int(holder.get(CHUNK))
    return homes


def _notes_at_home(document: weasyprint.Document, owners: list[int | None], homes: dict[str, int]) -> bool:
    """Every note printed once, on a page of its own part.

    WeasyPrint may carry a note past the last page of its part onto the next
    part's first page; such pages depend on two parts and cannot be laid out
    one part at a time.
    """
    seen: set[str] = set()
    for page, owner in zip(document.pages, owners, strict=True):
        for anchor in page.anchors:
            if anchor in homes:
                if anchor in seen or homes[anchor] != owner:
                    return False
                seen.add(anchor)
    return True


def _blank_page(tree: HtmlElement, render: Render, side: str) -> object:
    """A blank page on ``side``, as WeasyPrint makes one before a left or right break (no folio, no tags)."""
    other = "left" if side == "right" else "right"
    body = E.BODY(E.DIV(style="height: 1px"), E.DIV(style=f"break-before: {other}; height: 1px"))
    document = render(E.HTML(copy.deepcopy(tree.head), body), f"html {{ break-before: {other}; }}")
    return document.pages[1]  # between the first page and the next one on the same side


def _empty(page: weasyprint.Page) -> bool:
    """No anchor, no line of text, no note."""
    from ..pagemap import flow_lines

    notes = page._page_box.children[1:]  # the footnote area, if any
    return (
        not page.anchors
        and not any(text.strip() for _block, text in flow_lines(page))
        and not any(getattr(area, "children", None) for area in notes)
    )


def _side(number: int) -> str:
    return "right" if number % 2 else "left"


def _alone(tree: HtmlElement, child: HtmlElement, numbers: dict[str, int]) -> HtmlElement:
    """A document of the head and ``child`` alone, cross-references carrying their page numbers."""
    body = E.BODY(copy.deepcopy(child), **dict(tree.body.attrib))
    for link in body.find_class("pageref"):
        link.set("data-page", str(numbers.get(link.get("href", "")[1:], 0)))
    return E.HTML(copy.deepcopy(tree.head), body, **dict(tree.attrib))
