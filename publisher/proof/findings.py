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
from .paragraphs import Flows, paragraph_break

HYPHENS = ("\u2010", "-", "\u00ad")
MAX_LADDER = 3  # German convention: no more than three hyphenated lines in a row
LOOSE = 2.0  # a word space this many times the natural one is a loose line
OVERFULL = 4.0  # points past the type area's right edge (hanging punctuation stands out by less)
EMPTY = 0.25  # a page of text filled to less than this share of the type area's height
LARGER = 1.05  # a line set this many times the running text's size or more is a heading's
CALL_SIZE = 0.8  # a note call is set smaller than this share of the running text's size
_NOTE_START = re.compile(r"(\d+)\s")
MM = 72 / 25.4
SLACK = 2.0  # points a line's ink may stand past the type area's top or bottom


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
    calls, notes, texts = _read(pages, area)
    numbered = {_number(note) for starts in notes.values() for note in starts}
    flows = Flows(pages, texts, area)
    for index, page in enumerate(pages):
        text = texts[page.number]
        found += _pictures(page)
        page_notes = {_number(note) for note in notes[page.number]}
        found += _calls_without_notes(page, calls[page.number], page_notes, numbered, text)
        if page not in text_pages:
            continue
        found += _lines(page, area.body(page), area, text)
        if page is not text_pages[-1] and text:  # the text's last page ends where the text does
            after = pages[index + 1] if index + 1 < len(pages) else None
            found += _page_end(page, text, area, after, texts[after.number] if after is not None else [])
        if index + 1 < len(pages):
            found += _widows_and_orphans(flows, page, text, pages[index + 1], texts[pages[index + 1].number])
    return in_order(found)


def numbered_lines(pages: list[ProofPage], page_format: PageFormat) -> dict[int, list[TextLine]]:
    """Each page's lines as the findings number them, by page number: its lines of text (see ``_text``),
    then its notes' lines."""
    area = type_area(pages, page_format)
    if area is None:
        return {page.number: [] for page in pages}
    calls, notes, texts = _read(pages, area)
    return {
        page.number: [*texts[page.number], *_notes_lines(page, area, notes[page.number], calls[page.number])]
        for page in pages
    }


def _read(
    pages: list[ProofPage], area: TypeArea
) -> tuple[dict[int, list[TextLine]], dict[int, list[TextLine]], dict[int, list[TextLine]]]:
    """Each page's note calls, its notes' first lines and its lines of text, by page number."""
    calls = {page.number: _calls(page, area) for page in pages}
    called = {call.text for each in calls.values() for call in each}
    notes = {page.number: _note_starts(page, area, called) for page in pages}
    return calls, notes, {page.number: _text(page, area, notes[page.number], calls[page.number]) for page in pages}


def _text(page: ProofPage, area: TypeArea, notes: list[TextLine], calls: list[TextLine]) -> list[TextLine]:
    """``page``'s lines of text as an editor counts them: in the type area (no running head, no folio),
    above the notes at its foot, without the note calls raised over them."""
    foot = min((note.top for note in notes), default=area.bottom + SLACK)
    return [
        line for line in page.lines if area.top - SLACK <= line.top and line.bottom <= foot + 0.5 and line not in calls
    ]


def _notes_lines(page: ProofPage, area: TypeArea, notes: list[TextLine], calls: list[TextLine]) -> list[TextLine]:
    """``page``'s notes' lines, from the first note's first line to the type area's foot."""
    if not notes:
        return []
    foot = min(note.top for note in notes)
    return [
        line
        for line in page.lines
        if foot - 0.5 <= line.top and line.bottom <= area.bottom + SLACK and line not in calls
    ]


RAISED = 12.0  # points: the most a note call stands above the baseline of the line it belongs to


def line_number(lines: list[TextLine], line: TextLine) -> int | None:
    """``line``'s number among the page's numbered ``lines``; a call's is that of the line it is raised
    over; None for a line that is neither (a running head)."""
    if line in lines:
        return lines.index(line) + 1
    return next(
        (
            number
            for number, each in enumerate(lines, 1)
            if line.baseline - 0.5 <= each.baseline <= line.baseline + RAISED
        ),
        None,
    )


def in_order(found: list[Finding]) -> list[Finding]:
    """``found`` by page, then line (a finding about a whole page first), then kind."""
    return sorted(found, key=lambda finding: (finding.page, finding.line or 0, finding.kind))


def _lines(page: ProofPage, body: list[TextLine], area: TypeArea, text: list[TextLine]) -> list[Finding]:
    found = []
    run: list[TextLine] = []
    for index, line in enumerate(body):
        right = area.right[page.number % 2]
        following = body[index + 1] if index + 1 < len(body) else None
        if area.justified(page, line) and following is not None and area.natural_space > 0:
            stretch = area.stretch(line)
            if stretch > LOOSE:
                why = f"word spaces {stretch:.1f}× their natural width"
                found.append(Finding(page.number, line_number(text, line), "loose line", why, line.box))
        if line.x1 > right + OVERFULL:
            why = f"{line.x1 - right:.1f} pt past the type area"
            found.append(Finding(page.number, line_number(text, line), "overfull line", why, line.box))
        run = [*run, line] if line.text.endswith(HYPHENS) else []
        if len(run) == MAX_LADDER + 1:
            box = (min(each.x0 for each in run), run[0].top, max(each.x1 for each in run), run[-1].bottom)
            why = f"more than {MAX_LADDER} hyphenated lines in a row"
            found.append(Finding(page.number, line_number(text, run[0]), "hyphen ladder", why, box))
    return found


def _page_end(
    page: ProofPage, text: list[TextLine], area: TypeArea, after: ProofPage | None, following: list[TextLine]
) -> list[Finding]:
    """What a page's end shows: a hyphen, a heading left behind, a page hardly filled (``after``: the next
    page, ``following``: its lines of text)."""
    found = []
    last = max(text, key=lambda line: line.bottom)
    pictures = [picture.box for picture in page.pictures if area.top - SLACK <= picture.box[1] < area.bottom]
    if last.text.endswith(HYPHENS):
        why = "the word goes on overleaf"
        found.append(Finding(page.number, line_number(text, last), "hyphen ending a page", why, last.box))
    if last.size > area.size * LARGER and not any(box[1] > last.bottom for box in pictures):
        why = "a heading at the foot of the page, its text on the next"
        found.append(Finding(page.number, line_number(text, last), "stranded heading", why, last.box))
    height = area.bottom - area.top
    end = max([last.bottom, *(box[3] for box in pictures)])
    filled = (end - area.top) / height if height > 0 else 1
    if filled < EMPTY:
        box = (area.left[page.number % 2], end, area.right[page.number % 2], area.bottom)
        why = f"the text fills {filled:.0%} of the page"
        blank = not following and (after is None or not after.pictures)
        if blank or (following and following[0].size > area.size * LARGER):
            why += ", the last before a new part"  # a chapter's short last page, which some houses allow
        found.append(Finding(page.number, None, "page almost empty", why, box))
    return found


def _widows_and_orphans(
    flows: Flows, page: ProofPage, text: list[TextLine], after: ProofPage, next_text: list[TextLine]
) -> list[Finding]:
    """A paragraph's first line left alone at the foot of ``page``, or its last alone at the head of
    ``after``, the page that follows."""
    split = paragraph_break(flows, page, text, after, next_text)
    found = []
    if split is not None and split.orphan:
        why = "the first line of a paragraph alone at the foot of the page, the rest overleaf"
        found.append(Finding(page.number, line_number(text, split.last), "orphan", why, split.last.box))
    if split is not None and split.widow:
        why = "the last line of a paragraph alone at the head of the page"
        found.append(Finding(after.number, line_number(next_text, split.first), "widow", why, split.first.box))
    return found


def _note_starts(page: ProofPage, area: TypeArea, called: set[str]) -> list[TextLine]:
    """The first lines of the notes at the foot of ``page``: lines set smaller than the running text,
    below it, that begin with the number of a call (``called``: the numbers the calls have)."""
    below = max((line.bottom for line in area.body(page)), default=area.top)
    return [
        line
        for line in page.lines
        if line.size < area.size
        and below < line.top <= area.bottom
        and (match := _NOTE_START.match(line.text))
        and match.group(1) in called
    ]


def _number(note: TextLine) -> str:
    match = _NOTE_START.match(note.text)
    return match.group(1) if match else ""


def _calls(page: ProofPage, area: TypeArea) -> list[TextLine]:
    """The note calls in ``page``'s running text: numbers set small and raised, on a baseline of their own."""
    return [
        line
        for line in page.lines
        if line.text.isdigit() and line.size < area.size * CALL_SIZE and area.top <= line.top <= area.bottom
    ]


def _calls_without_notes(
    page: ProofPage, calls: list[TextLine], notes: set[str], numbered: set[str], text: list[TextLine]
) -> list[Finding]:
    """A call of ``calls`` whose note stands on another page (only numbers that some note of the document
    has count)."""
    found = []
    for call in calls:
        if call.text in numbered and call.text not in notes:
            why = f"note {call.text} is not at the foot of this page"
            found.append(Finding(page.number, line_number(text, call), "note on another page", why, call.box))
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
