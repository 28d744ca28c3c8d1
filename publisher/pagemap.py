"""Where the printed pages begin, taken from WeasyPrint's layout, and marked in other outputs.

The EPUB carries a page list so that a reader can follow "S. 5" of the printed
pamphlet. Its markers must stand exactly where the screen PDF's pages begin:
the first line of each page is read from the laid-out line boxes, traced back
to its paragraph through the model's ``data-block`` names, and found in the
EPUB's copy of that paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml.html import HtmlElement

from .hyphenation import SOFT_HYPHEN

if TYPE_CHECKING:
    import weasyprint

HYPHEN = "\u2010"  # WeasyPrint's hyphen at a break on a soft hyphen
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class PageStart:
    """The start of one printed page."""

    number: int  # 1-based, as the folio counts (the cover is page 1)
    block: str | None  # data-block of the paragraph the page's running text begins in
    text: str  # that first line, as a reader sees it (no soft hyphens, no break hyphen)
    continued: bool  # the paragraph began on an earlier page


def flow_lines(page: weasyprint.Page) -> list[tuple[str | None, str]]:
    """(data-block, text) of each line in a page's running text, in order (no footnotes, no margins)."""
    from weasyprint.formatting_structure import boxes

    lines: list[tuple[str | None, str]] = []

    def walk(box: boxes.Box) -> None:
        if isinstance(box, boxes.LineBox):
            text = "".join(child.text for child in box.descendants() if isinstance(child, boxes.TextBox))
            lines.append((box.element.get("data-block") if box.element is not None else None, text))
            return
        for child in getattr(box, "children", []):
            walk(child)

    walk(page._page_box.children[0])  # [0] is the root box; [1] the footnote area
    return lines


def page_starts(document: weasyprint.Document) -> list[PageStart]:
    """One entry per page of a laid-out document."""
    starts = []
    seen: set[str] = set()
    for number, page in enumerate(document.pages, start=1):
        first = None
        lines = flow_lines(page)
        for block, text in lines:
            if block is not None and text.strip():
                first = (block, text)
                break
        blocks = {block for block, _text in lines if block}
        if first is None:
            starts.append(PageStart(number, None, "", False))
        else:
            block, text = first
            text = text.replace(SOFT_HYPHEN, "").removesuffix(HYPHEN).strip()
            starts.append(PageStart(number, block, text, block in seen))
        seen |= blocks
    return starts


def insert_marker(block: HtmlElement, start: PageStart, make_marker: Callable[[], HtmlElement]) -> bool:
    """Put a page-break marker into ``block`` where ``start``'s first line begins.

    A page that begins inside a word (after a hyphenated line end) gets its
    marker before that word, so the word stays whole for search and speech.
    Returns False when the line cannot be found.
    """
    if not start.continued:
        block.addprevious(make_marker())
        return True
    slots = _reading_order(block)
    joined = "".join(text for _e, _a, text in slots).replace(SOFT_HYPHEN, "")
    wanted = _SPACE.sub(" ", start.text)[:40]
    flat, positions = _flatten(joined)
    index = flat.find(_SPACE.sub(" ", wanted))
    if index < 0:
        return False
    offset = positions[index]
    while offset > 0 and joined[offset - 1].isalnum():  # back to the start of the word
        offset -= 1
    _split_at(slots, offset, make_marker())
    return True


def _reading_order(block: HtmlElement) -> list[tuple[HtmlElement, str, str]]:
    slots: list[tuple[HtmlElement, str, str]] = []

    def walk(element: HtmlElement) -> None:
        if element.text:
            slots.append((element, "text", element.text))
        for child in element:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                slots.append((child, "tail", child.tail))

    walk(block)
    return slots


def _flatten(text: str) -> tuple[str, list[int]]:
    """``text`` with runs of white space folded to one space, and each character's index in ``text``."""
    flat, positions = [], []
    previous_space = False
    for index, char in enumerate(text):
        space = char.isspace()
        if space and previous_space:
            continue
        flat.append(" " if space else char)
        positions.append(index)
        previous_space = space
    return "".join(flat), positions


def _split_at(slots: list[tuple[HtmlElement, str, str]], offset: int, marker: HtmlElement) -> None:
    """Insert ``marker`` at character ``offset`` (counted without soft hyphens) of the slots' text."""
    seen = 0
    for element, attribute, text in slots:
        plain_length = len(text.replace(SOFT_HYPHEN, ""))
        if seen + plain_length < offset:
            seen += plain_length
            continue
        # Map the offset back into the text with its soft hyphens.
        cut, count = 0, seen
        while cut < len(text) and count < offset:
            if text[cut] != SOFT_HYPHEN:
                count += 1
            cut += 1
        before, after = text[:cut], text[cut:]
        if attribute == "text":
            element.text = before
            marker.tail = after
            element.insert(0, marker)
        else:
            element.tail = before
            marker.tail = after
            element.addnext(marker)
        return
