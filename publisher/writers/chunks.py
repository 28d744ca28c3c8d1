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

    Children that share a page (a note carried from the end of one part onto
    the next part's first page) are laid out together, as one unit. With
    ``references`` false, cross-references keep the numbers of the old layout
    even where their targets moved (a repair pass leaves that to the last one,
    so as not to lay out every part with a reference each time). None when
    this cannot stand for a whole layout (a page of no body child that is not
    empty, a note printed twice or spilled into another unit, numbers that do
    not settle): the caller then lays out the whole tree.
    """
    old = composition.document
    owners = [page_owner(page) for page in old.pages]
    homes = _note_homes(tree)
    children = list(tree.body)
    if any(owner is None and not _empty(page) for page, owner in zip(old.pages, owners, strict=True)):
        return None
    unit_of = _units(old, owners, homes, len(children))
    if unit_of is None:
        return None
    units = sorted(set(unit_of))
    members = {unit: [index for index in range(len(children)) if unit_of[index] == unit] for unit in units}
    # Blank pages that stood before a left or right break, by side, for reuse where one is needed again.
    blanks: dict[str, list[object]] = {"left": [], "right": []}
    for number, (page, owner) in enumerate(zip(old.pages, owners, strict=True), start=1):
        if owner is None:
            blanks[_side(number)].append(page)

    def blank(number: int) -> object:
        if blanks[_side(number)]:
            return blanks[_side(number)].pop(0)
        return _blank_page(tree, render, _side(number))

    pages_of: dict[int, list[object]] = {unit: [] for unit in units}
    first_number: dict[int, int] = {}
    side: dict[int, str] = {}
    for number, (page, owner) in enumerate(zip(old.pages, owners, strict=True), start=1):
        if owner is None:
            continue  # a blank page before a left or right break: placed anew below
        unit = unit_of[owner]
        if unit not in first_number:
            first_number[unit] = number
            box = _first_box(page)
            side[unit] = box.style["break_before"] if box is not None else "auto"
        pages_of[unit].append(page)
    shown = dict(composition.shown)
    anchors = anchor_pages(old)
    dirty = {unit_of[index] for index in changed}
    for _round in range(MAX_ROUNDS if references else 1):
        pages: list[object] = []
        for unit in units:
            number = len(pages) + 1
            wanted = side.get(unit, "auto")
            if (wanted in ("right", "recto") and number % 2 == 0) or (wanted in ("left", "verso") and number % 2):
                pages.append(blank(number))
                number += 1
            if unit in dirty or first_number.get(unit) != number or not pages_of[unit]:
                numbers = {ref: anchors.get(ref, 0) for index in members[unit] for ref in _references(children[index])}
                together = [children[index] for index in members[unit]]
                laid_out = render(_alone(tree, together, numbers), CHUNK_CSS.format(side=_side(number), number=number))
                pages_of[unit] = list(laid_out.pages)
                log.debug(
                    "laid out part(s) %s again: %d pages from page %d (%s)",
                    members[unit],
                    len(laid_out.pages),
                    number,
                    "changed" if unit in dirty else "moved",
                )  # fmt: skip
                first_number[unit] = number
                for index in members[unit]:
                    if _references(children[index]):
                        shown[index] = {ref: numbers[ref] for ref in _references(children[index])}
            pages.extend(pages_of[unit])
        document = old.copy(pages)
        anchors = anchor_pages(document)
        # A cross-reference shows a page its target no longer stands on: its unit once more.
        dirty = {
            unit_of[index]
            for index, numbers in shown.items()
            if any(anchors.get(ref, 0) != page for ref, page in numbers.items())
        }
        if not dirty:
            break
    if dirty:
        return None  # the numbers did not settle: WeasyPrint's own target-counter in a whole layout
    final_owners = [page_owner(page) for page in document.pages]
    if _units(document, final_owners, homes, len(children), unit_of) is None:
        # A note spilled into a neighbouring part: only a whole layout places it right.
        log.debug("a note spilled into another part: the whole document is laid out again")
        return None
    return Composition(document, shown)


def _units(
    document: weasyprint.Document,
    owners: list[int | None],
    homes: dict[str, int],
    count: int,
    fixed: list[int] | None = None,
) -> list[int] | None:
    """For each body child, the first child of the run laid out with it (its unit).

    Children are joined, with those between, where a note stands on a page of
    another child than its call's. With ``fixed`` units given, None if a note
    crosses one of them instead; None too if a note is printed twice.
    """
    joins: list[tuple[int, int]] = []
    seen: set[str] = set()
    for page, owner in zip(document.pages, owners, strict=True):
        for anchor in page.anchors:
            if anchor not in homes:
                continue
            if anchor in seen or owner is None:
                return None
            seen.add(anchor)
            home = homes[anchor]
            if fixed is not None and fixed[home] != fixed[owner]:
                return None
            if home != owner:
                joins.append((min(home, owner), max(home, owner)))
    if fixed is not None:
        return fixed
    unit_of = list(range(count))
    for low, high in sorted(joins):  # by first child, so that overlapping runs chain into one
        for index in range(low, high + 1):
            unit_of[index] = unit_of[low]
    return unit_of


def _note_homes(tree: HtmlElement) -> dict[str, int]:
    """Each note's id and the body child that holds it (and its call)."""
    homes = {}
    for note in tree.xpath("//*[starts-with(@id, 'note-')]"):
        holder = next((a for a in note.iterancestors() if a.get(CHUNK) is not None), None)
        if holder is not None:
            homes[note.get("id")] = int(holder.get(CHUNK))
    return homes


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


def _alone(tree: HtmlElement, children: list[HtmlElement], numbers: dict[str, int]) -> HtmlElement:
    """A document of the head and ``children`` alone, cross-references carrying their page numbers."""
    body = E.BODY(*[copy.deepcopy(child) for child in children], **dict(tree.body.attrib))
    for link in body.find_class("pageref"):
        link.set("data-page", str(numbers.get(link.get("href", "")[1:], 0)))
    return E.HTML(copy.deepcopy(tree.head), body, **dict(tree.attrib))
