"""Where the printed pages begin, taken from the screen PDF's layout, and marked in other outputs.

The EPUB carries a page list so that a reader can follow "S. 5" of the printed
pamphlet. Its markers must stand exactly where the screen PDF's pages begin:
the first line of each page is read from the laid-out lines (layout/pages.py), traced back
to its paragraph through the model's ``data-block`` names, and found in the
EPUB's copy of that paragraph.

A marker is a ``<span>``, phrasing content, so it may only stand where HTML
allows phrasing content: never directly in a list, a definition list or a
table (see :func:`place_before`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml.html import HtmlElement

from .hyphenation import HYPHEN, SOFT_HYPHEN
from .layout.pages import LaidOut, Line

_SPACE = re.compile(r"\s+")
_WANTED = 40  # characters of a page's first line looked for in its paragraph

# Elements whose content model has no room for phrasing content (HTML Living Standard,
# "content models"): only list items, terms and descriptions, table parts, options, sources.
_NO_PHRASING = frozenset(
    {
        "ul",
        "ol",
        "menu",
        "dl",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "colgroup",
        "select",
        "optgroup",
        "datalist",
        "hgroup",
        "picture",
        "audio",
        "video",
        "html",
        "head",
    }
)
# Elements that must be the first child of their parent: nothing may stand before them.
# A figure's caption may also come last; before it there may be anything.
_FIRST_ONLY = frozenset({"caption", "legend", "summary", "figcaption"})


@dataclass(frozen=True)
class PageStart:
    """The start of one printed page."""

    number: int  # 1-based, as the folio counts (the cover is page 1)
    block: str | None  # data-block of the paragraph the page's running text begins in
    text: str  # that first line, as a reader sees it (no soft hyphens, no break hyphen)
    continued: bool  # the paragraph began on an earlier page
    # Characters (white space not counted) of the paragraph laid out on earlier pages:
    # tells which of several equal lines (in code, say) the page begins with.
    before: int = 0
    # The page begins that many levels above ``block``, at the start of an element
    # without a name of its own whose first content is an image (a figure).
    outer: int = 0


def page_starts(document: LaidOut) -> list[PageStart]:
    """One entry per page of a laid-out document."""
    starts = []
    laid: dict[str, int] = {}  # characters of each block (white space not counted) on the pages so far
    for number, page in enumerate(document.pages, start=1):
        lines = [_Entry.of(line) for line in page.lines if line.text.strip() or line.stands_for is not None]
        first = next(
            (
                line
                for line in lines
                if line.block is not None
                and not (line.repeated and line.block in laid)
                and (line.text or line.block not in laid)
            ),
            None,
        )
        if first is None:
            starts.append(PageStart(number, None, "", False))
        else:
            text = _plain(first.text)
            before = laid.get(first.block, 0)
            starts.append(PageStart(number, first.block, text, first.block in laid, before, first.outer))
        earlier = set(laid)
        for line in lines:
            if line.block is not None and not (line.repeated and line.block in earlier):
                laid[line.block] = laid.get(line.block, 0) + len(_SPACE.sub("", _plain(line.text)))
    return starts


@dataclass(frozen=True)
class _Entry:
    """A line as the page list sees it: an image line stands for the named block it begins."""

    block: str | None
    text: str
    repeated: bool
    outer: int

    @classmethod
    def of(cls, line: Line) -> _Entry:
        if line.text.strip():
            return cls(line.block, line.text, line.repeated, 0)
        block, outer = line.stands_for or (None, 0)
        return cls(block, "", False, outer)


def _plain(text: str) -> str:
    return text.replace(SOFT_HYPHEN, "").removesuffix(HYPHEN).strip()


def insert_marker(block: HtmlElement, start: PageStart, make_marker: Callable[[], HtmlElement]) -> None:
    """Put a page-break marker into ``block`` where ``start``'s first line begins.

    A page that begins inside a word (after a hyphenated line end) gets its
    marker before that word, so the word stays whole for search and speech.
    Of several places where the line's text occurs, the one nearest the
    paragraph's text laid out on earlier pages is taken; a line that cannot be
    found at all gets its marker that far into the paragraph.
    """
    if not start.continued:
        anchor = block
        for _level in range(start.outer):
            anchor = anchor.getparent() if anchor.getparent() is not None else anchor
        place_before(anchor, make_marker())
        return
    slots = _reading_order(block)
    joined = "".join(text for _e, _a, text in slots).replace(SOFT_HYPHEN, "")
    flat, positions = _flatten(joined)
    index = _nearest(flat, _SPACE.sub(" ", start.text)[:_WANTED], start.before)
    if index is None:  # no text at all
        place_before(block, make_marker())
        return
    offset = positions[index]
    while offset > 0 and joined[offset - 1].isalnum():  # back to the start of the word
        offset -= 1
    _split_at(slots, offset, make_marker())


def _nearest(flat: str, wanted: str, before: int) -> int | None:
    """The index in ``flat`` where ``wanted`` occurs with nearest ``before`` non-space characters before it.

    Without an occurrence, the index of the non-space character after ``before`` of them (or of the last).
    """
    counts = []  # non-space characters before each index
    count = 0
    for char in flat:
        counts.append(count)
        count += char != " "
    best = None
    index = flat.find(wanted) if wanted else -1
    while index >= 0:  # each search starts after the last find: ends
        if best is None or abs(counts[index] - before) < abs(counts[best] - before):
            best = index
        index = flat.find(wanted, index + 1)
    if best is not None:
        return best
    letters = [index for index, char in enumerate(flat) if char != " "]
    return letters[min(before, len(letters) - 1)] if letters else None


def place_before(element: HtmlElement, marker: HtmlElement) -> None:
    """Put ``marker`` where a reader meets ``element``'s content first, in a place that takes phrasing content.

    Before a list item, a term, a table row or cell the marker cannot stand:
    their parents take no phrasing content. If the element is the first thing
    in such a parent, the marker goes before the whole list or table (the page
    begins with it), else inside the element at its start (for a row: in its
    first cell), before the first text. Either way the text that follows the
    marker is the text the printed page begins with.
    """
    anchor = element
    while True:
        parent = anchor.getparent()
        if parent is not None and _takes_phrasing(parent) and not (anchor.tag in _FIRST_ONLY and _first(anchor)):
            anchor.addprevious(marker)
            return
        if parent is None or not _first(anchor):
            break
        anchor = parent  # the first item of a list, the first row of a table: before the whole
    target = anchor
    while True:
        children = [child for child in target if isinstance(child.tag, str)]
        leading = children[0] if children and children[0].tag in _FIRST_ONLY and _first(children[0]) else None
        if (_takes_phrasing(target) and leading is None) or not children:
            break
        target = children[0]
    marker.tail = target.text
    target.text = None
    target.insert(0, marker)


def _takes_phrasing(element: HtmlElement) -> bool:
    if element.tag in _NO_PHRASING:
        return False
    parent = element.getparent()
    return not (element.tag == "div" and parent is not None and parent.tag == "dl")  # a group of terms


def _first(element: HtmlElement) -> bool:
    """Whether nothing (no element, no text) comes before ``element`` in its parent."""
    parent = element.getparent()
    if parent is None:
        return True
    if (parent.text or "").strip():
        return False
    for sibling in element.itersiblings(preceding=True):
        if isinstance(sibling.tag, str) or (sibling.tail or "").strip():
            return False
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
    """Insert ``marker`` before character ``offset`` (counted without soft hyphens) of the slots' text.

    The marker goes into the slot that holds that character, never at the end
    of the slot before: that may be white space between list items, where no
    phrasing content may stand.
    """
    seen = 0
    for index, (element, attribute, text) in enumerate(slots):
        plain_length = len(text.replace(SOFT_HYPHEN, ""))
        if seen + plain_length <= offset and index < len(slots) - 1:
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
