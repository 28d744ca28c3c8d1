"""The layout problems a proof shows, each with its page, line and place: read from the print PDF's pages.

The checks look at the pages as a reader does (proof/pages.py): the running text is the lines in the
type size most of the text is set in, its type area the one the publication's margins leave.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from ..design import PRINT_DPI, PageFormat
from .pages import Box, ProofPage, TextLine
from .paragraphs import Flow, flow, paragraph_break

HYPHENS = ("\u2010", "-", "\u00ad")
MAX_LADDER = 3  # German convention: no more than three hyphenated lines in a row
LOOSE = 2.0  # a word space this many times the natural one is a loose line
OVERFULL = 4.0  # points past the type area's right edge (hanging punctuation stands out by less)
EMPTY = 0.25  # a page of text filled to less than this share of the type area's height
CALL_SIZE = 0.8  # a note call is set smaller than this share of the running text's size
_NOTE_START = re.compile(r"(\d+)\s")
MM = 72 / 25.4


@dataclass(frozen=True)
class Finding:
    """A problem on a page: what, why, the line (1-based among the page's lines of text) and where."""

    page: int
    line: int | None
    kind: str
    why: str
    box: Box


@dataclass(frozen=True)
class TypeArea:
    """Where the running text stands, and in what size, as most of its lines show.

    ``left`` and ``right`` are by the page's side: the type area of a left-hand page is mirrored.
    """

    size: float
    left: dict[int, float]  # by page number % 2: 1 for right-hand pages, 0 for left-hand ones
    right: dict[int, float]
    top: float
    bottom: float
    natural_space: float  # the word space of lines set at their natural width (paragraphs' last lines)

    def body(self, page: ProofPage) -> list[TextLine]:
        """``page``'s lines of running text: those in the running text's size."""
        return _body(page, self.size)

    def justified(self, page: ProofPage, line: TextLine) -> bool:
        """Whether ``line`` of ``page`` is a justified line: words spaced out to the type area's right edge."""
        return abs(line.x1 - self.right[page.number % 2]) < 1.5 and len(line.gaps) >= 2

    def stretch(self, line: TextLine) -> float:
        """``line``'s mean word space as a multiple of the natural one."""
        return statistics.mean(line.gaps) / self.natural_space


MIN_TEXT_LINES = 3  # a page with fewer lines of running text (a cover, an imprint) is not a page of text


def type_area(pages: list[ProofPage], page: PageFormat) -> TypeArea | None:
    """The running text's size (the one most characters have) and its area (``page``'s margins), or None."""
    lines = [line for each in pages for line in each.lines]
    if not lines:
        return None
    size = Counter(round(line.size, 1) for line in lines for _ in line.text).most_common(1)[0][0]
    _, outer, _, inner = (value * MM for value in page.margins)
    top, bottom = vertical_bounds(page)
    width = page.width * MM
    left = {1: inner, 0: outer}  # a right-hand page's inner margin is on its left
    right = {1: width - outer, 0: width - inner}
    body = [line for each in pages for line in _body(each, size)]
    short = [
        gap
        for each in pages
        for line in _body(each, size)
        if line.x1 < right[each.number % 2] - 20
        for gap in line.gaps
    ]
    every = [gap for line in body for gap in line.gaps] or [1.0]
    natural = statistics.median(short) if short else statistics.median(every)
    return TypeArea(size, left, right, top, bottom, natural)


def vertical_bounds(page: PageFormat) -> tuple[float, float]:
    """Where the type area of ``page`` begins and ends, in points from the trim box's top."""
    top, _, bottom, _ = page.margins
    return top * MM, page.height * MM - bottom * MM


def _body(page: ProofPage, size: float) -> list[TextLine]:
    return [line for line in page.lines if round(line.size, 1) == size]


def findings(pages: list[ProofPage], page_format: PageFormat) -> list[Finding]:
    """Every problem the checks find on ``pages`` of a publication in ``page_format``, in page order."""
    area = type_area(pages, page_format)
    if area is None:
        return []
    found: list[Finding] = []
    text_pages = [page for page in pages if len(area.body(page)) >= MIN_TEXT_LINES]
    notes = {page.number: _notes(page, area) for page in pages}
    numbered = set().union(*notes.values()) if notes else set()
    bodies = {page.number: area.body(page) for page in pages}
    running = flow(pages, bodies, area.right, area.left, area.size)
    for index, page in enumerate(pages):
        found += _pictures(page)
        found += _calls_without_notes(page, area, notes[page.number], numbered)
        if page not in text_pages:
            continue
        body = bodies[page.number]
        found += _lines(page, body, area)
        if page is not text_pages[-1]:  # the text's last page ends where the text does
            found += _page_end(page, body, area)
        if index + 1 < len(pages):
            found += _widows_and_orphans(running, page, body, pages[index + 1], bodies)
    return sorted(found, key=lambda finding: (finding.page, finding.line or 0, finding.kind))


def _line_number(page: ProofPage, line: TextLine) -> int:
    return page.lines.index(line) + 1


def _lines(page: ProofPage, body: list[TextLine], area: TypeArea) -> list[Finding]:
    found = []
    run: list[TextLine] = []
    for index, line in enumerate(body):
        right = area.right[page.number % 2]
        following = body[index + 1] if index + 1 < len(body) else None
        if area.justified(page, line) and following is not None and area.natural_space > 0:
            stretch = area.stretch(line)
            if stretch > LOOSE:
                why = f"word spaces {stretch:.1f}× their natural width"
                found.append(Finding(page.number, _line_number(page, line), "loose line", why, line.box))
        if line.x1 > right + OVERFULL:
            why = f"{line.x1 - right:.1f} pt past the type area"
            found.append(Finding(page.number, _line_number(page, line), "overfull line", why, line.box))
        run = [*run, line] if line.text.endswith(HYPHENS) else []
        if len(run) == MAX_LADDER + 1:
            box = (min(each.x0 for each in run), run[0].top, max(each.x1 for each in run), run[-1].bottom)
            why = f"more than {MAX_LADDER} hyphenated lines in a row"
            found.append(Finding(page.number, _line_number(page, run[0]), "hyphen ladder", why, box))
    return found


def _page_end(page: ProofPage, body: list[TextLine], area: TypeArea) -> list[Finding]:
    """What a page's end shows: a hyphen, a heading left behind, a page hardly filled."""
    found = []
    last = max(body, key=lambda line: line.bottom)
    if last.text.endswith(HYPHENS):
        why = "the word goes on overleaf"
        found.append(Finding(page.number, _line_number(page, last), "hyphen ending a page", why, last.box))
    taller = [line for line in page.lines if line.size > area.size * 1.05 and line.bottom > last.bottom - 1]
    if taller and taller[-1].bottom >= last.bottom - 1:
        heading = taller[-1]
        why = "a heading at the foot of the page, its text on the next"
        found.append(Finding(page.number, _line_number(page, heading), "stranded heading", why, heading.box))
    height = area.bottom - area.top
    filled = (last.bottom - area.top) / height if height > 0 else 1
    if filled < EMPTY:
        box = (area.left[page.number % 2], last.bottom, area.right[page.number % 2], area.bottom)
        why = f"the text fills {filled:.0%} of the page"
        found.append(Finding(page.number, None, "page almost empty", why, box))
    return found


def _widows_and_orphans(
    running: Flow, page: ProofPage, body: list[TextLine], after: ProofPage, bodies: dict[int, list[TextLine]]
) -> list[Finding]:
    """A paragraph's first line left alone at the foot of ``page``, or its last alone at the head of
    ``after``, the page that follows."""
    split = paragraph_break(running, page, body, after, bodies[after.number])
    found = []
    if split is not None and split.orphan:
        why = "the first line of a paragraph alone at the foot of the page, the rest overleaf"
        found.append(Finding(page.number, _line_number(page, split.last), "orphan", why, split.last.box))
    if split is not None and split.widow:
        why = "the last line of a paragraph alone at the head of the page"
        found.append(Finding(after.number, _line_number(after, split.first), "widow", why, split.first.box))
    return found


def _notes(page: ProofPage, area: TypeArea) -> set[str]:
    """The numbers of the notes at the foot of ``page``: small lines below its running text that begin
    with a number."""
    body = area.body(page)
    below = max((line.bottom for line in body), default=area.top)
    numbers = set()
    for line in page.lines:
        if line.size < area.size and below < line.top <= area.bottom and (match := _NOTE_START.match(line.text)):
            numbers.add(match.group(1))
    return numbers


def _calls(page: ProofPage, area: TypeArea) -> list[TextLine]:
    """The note calls in ``page``'s running text: numbers set small and raised, on a baseline of their own."""
    return [
        line
        for line in page.lines
        if line.text.isdigit() and line.size < area.size * CALL_SIZE and area.top <= line.top <= area.bottom
    ]


def _calls_without_notes(page: ProofPage, area: TypeArea, notes: set[str], numbered: set[str]) -> list[Finding]:
    """A call whose note stands on another page (only numbers that some note of the document has count)."""
    found = []
    for call in _calls(page, area):
        if call.text in numbered and call.text not in notes:
            why = f"note {call.text} is not at the foot of this page"
            found.append(Finding(page.number, _line_number(page, call), "note on another page", why, call.box))
    return found


def _pictures(page: ProofPage) -> list[Finding]:
    found = []
    for picture in page.pictures:
        x0, top, x1, bottom = picture.box
        if x1 <= x0 or bottom <= top:
            continue
        dpi = min(picture.pixels[0] / ((x1 - x0) / 72), picture.pixels[1] / ((bottom - top) / 72))
        if dpi < PRINT_DPI:
            why = f"{dpi:.0f} dpi at print size, {picture.pixels[0]} × {picture.pixels[1]} px"
            found.append(Finding(page.number, None, "low-resolution image", why, picture.box))
    return found
