"""Where the running text's paragraphs begin and end, told from the page alone, and the widows and orphans
a page break leaves.

The PDF holds lines, not paragraphs, so the proof reads the signs a reader reads: in justified text every
line but a paragraph's last reaches the measure's right edge; a new paragraph is indented, or set off by
space or a heading, or follows a block with another left edge (a list, a quotation). A break is only
judged where the text runs on across it, that is where the page's last line is a full justified line;
ragged text (verse, lists, code) shows no paragraph's end and is left alone.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .pages import ProofPage, TextLine

if TYPE_CHECKING:
    from .findings import TypeArea

EDGE_TOLERANCE = 2.0  # points either side of a place where many lines end that still end there
PROTRUSION = 4.0  # points a justified line's last glyph (a hyphen, a stop) may hang past its edge
MIN_EDGE_LINES = 3  # lines of a page that end at the same place before it counts as a measure's edge
EDGE_SHARE = 0.2  # and the share of the page's lines they must be (paragraphs' last lines end anywhere)
SAME_MARGIN = 1.5  # points between two lines' starts that still count as the same left margin
INDENT = (3.0, 40.0)  # points: the first-line indents a paragraph may have, from a hair to four 10 pt ems
NARROWER = 40.0  # points: the most a narrower measure (a sidebar's, a box's) falls short of the type area
CALL_WIDTH = 20.0  # points a note call after a line's last word may reach past it
LEADER = re.compile(r"(\.\s?){4}|…{2}")  # a contents line's dots, which reach the edge without justifying
SPACE_BEFORE = 1.3  # baseline distances this many times the leading mean space between two paragraphs


@dataclass(frozen=True)
class Flow:
    """How the running text is set: the right edges its justified lines end at, its leading, its margins.

    A measure is known by its inset from the type area's right edge, by page: 0 for the type area's own,
    more for a sidebar's narrower measure where many of the page's lines end there. The type area's
    edges are by the page's side, 1 for right-hand pages and 0 for left-hand ones: it is mirrored.
    """

    insets: dict[int, tuple[float, ...]]  # by page number
    right: dict[int, float]
    left: dict[int, float]
    leading: float

    def inset(self, page: ProofPage, line: TextLine, insets: tuple[float, ...] | None = None) -> float | None:
        """How far short of the type area's right edge the measure ``line`` is justified to ends (0 for the
        type area's own, more for a sidebar's), or None where ``line`` ends short of every measure: the
        last line of a paragraph, or ragged text. ``insets`` are the measures to try, else the page's."""
        if len(line.gaps) < 2 or LEADER.search(line.text):
            return None
        right = self.right[page.number % 2]
        end = self.end(page, line)
        for inset in self.insets.get(page.number, ()) if insets is None else insets:
            if -EDGE_TOLERANCE <= end - (right - inset) <= PROTRUSION:
                return inset
        return None

    def full(self, page: ProofPage, line: TextLine, insets: tuple[float, ...] | None = None) -> bool:
        """Whether ``line`` is justified to a measure's right edge: a line its paragraph runs on from."""
        return self.inset(page, line, insets) is not None

    def end(self, page: ProofPage, line: TextLine) -> float:
        """Where ``line`` ends, a note call raised after its last word included."""
        calls = [
            other.x1
            for other in page.lines
            if other.size < line.size
            and line.baseline - self.leading / 2 < other.baseline < line.baseline
            and line.x1 < other.x1 < line.x1 + CALL_WIDTH
        ]
        return max([line.x1, *calls])

    def indent(self, page: ProofPage, line: TextLine) -> float:
        """Where ``line`` starts, in points from the type area's left edge on ``page``'s side."""
        return line.x0 - self.left[page.number % 2]


def flow(
    pages: list[ProofPage],
    sized: dict[int, list[TextLine]],
    right: dict[int, float],
    left: dict[int, float],
    size: float,
) -> Flow:
    """The flow of one size of text on ``pages``, given each page's lines in that size (``sized``) and the
    type area's edges (``left``, ``right``) by the page's side."""
    insets = {}
    steps = []
    for page in pages:
        lines = sized[page.number]
        edge = right[page.number % 2]
        ends = [edge - line.x1 for line in lines if len(line.gaps) >= 2 and not LEADER.search(line.text)]
        insets[page.number] = (0.0, *_narrower(ends))
        steps += [after.baseline - line.baseline for line, after in itertools.pairwise(lines)]
    leading = statistics.median([step for step in steps if step > 0] or [size * 1.2])
    return Flow(insets, right, left, leading)


def _narrower(insets: list[float]) -> tuple[float, ...]:
    """The narrower measures many of a page's lines end at (a sidebar's), as insets from the type area's
    right edge: paragraphs' last lines end anywhere, justified lines where their measure does."""
    counts = Counter(round(inset) for inset in insets if EDGE_TOLERANCE < inset <= NARROWER)
    least = max(MIN_EDGE_LINES, EDGE_SHARE * len(insets))
    found: list[float] = []
    for inset, _ in counts.most_common():
        near = sum(count for other, count in counts.items() if abs(other - inset) <= EDGE_TOLERANCE)
        if near >= least and not any(abs(inset - other) <= EDGE_TOLERANCE for other in found):
            found.append(inset)
    return tuple(sorted(found))


class Flows:
    """The flow of each size of text on ``pages``, made when first asked for: the running text's, a
    quotation's set smaller, each with the right edges and the leading its own lines show."""

    def __init__(self, pages: list[ProofPage], text: dict[int, list[TextLine]], area: TypeArea) -> None:
        self.pages, self.text, self.area = pages, text, area
        self.made: dict[float, Flow] = {}

    def of(self, size: float) -> Flow:
        size = round(size, 1)
        if size not in self.made:
            lines = {
                number: [line for line in text if round(line.size, 1) == size] for number, text in self.text.items()
            }
            self.made[size] = flow(self.pages, lines, self.area.right, self.area.left, size)
        return self.made[size]


@dataclass(frozen=True)
class Break:
    """A page break inside a paragraph: what stands either side of it, and whether either is alone."""

    last: TextLine  # the paragraph's last line on the earlier page
    first: TextLine  # its first line on the later page
    orphan: bool  # ``last`` is the paragraph's first line
    widow: bool  # ``first`` is the paragraph's last line


def paragraph_break(
    flows: Flows, page: ProofPage, text: list[TextLine], after: ProofPage, next_text: list[TextLine]
) -> Break | None:
    """The paragraph that runs on from the foot of ``page`` to the head of ``after`` (``text`` and
    ``next_text``: their lines of text), or None where the break falls between paragraphs, or the text
    does not show it runs on."""
    if not text or not next_text:
        return None
    last, first = text[-1], next_text[0]
    if round(last.size, 1) != round(first.size, 1):
        return None  # other text either side: a heading overleaf, a quotation's end before the break
    flow = flows.of(last.size)
    inset = flow.inset(page, last)
    if inset is None:
        return None
    if _same_size(next_text, 1) and _indented(flow.indent(after, first) - flow.indent(after, next_text[1])):
        return None  # the later page begins with a paragraph's indented first line
    shift = flow.indent(page, last) - flow.indent(after, first)
    indented = _indented(shift)  # the earlier line is the paragraph's indented first line
    if abs(shift) > SAME_MARGIN and not indented:
        return None  # another block: a quotation's end above, the text's margin below
    orphan = indented or _starts_block(flow, page, text)
    widow = _ends_paragraph(flow, after, next_text, inset)
    return Break(last, first, orphan, widow)


def _same_size(lines: list[TextLine], index: int) -> bool:
    """Whether ``lines[index]`` is there and of the size of ``lines[index - 1]`` (the same block's, maybe)."""
    return index < len(lines) and round(lines[index].size, 1) == round(lines[index - 1].size, 1)


def _starts_block(flow: Flow, page: ProofPage, lines: list[TextLine]) -> bool:
    """Whether the last of ``lines``, the lines of text of ``page``, begins a paragraph set flush left: it is
    the first of its size (after a heading, or a quotation's first after the running text), space stands
    above it, or a line that ended another block."""
    if len(lines) < 2 or not _same_size(lines, len(lines) - 1):
        return True  # the first of its size after a heading, the running text or the page's top
    above, line = lines[-2], lines[-1]
    if line.baseline - above.baseline > SPACE_BEFORE * flow.leading:
        return True
    other_margin = abs(flow.indent(page, above) - flow.indent(page, line)) > SAME_MARGIN
    return not flow.full(page, above) and other_margin


def _ends_paragraph(flow: Flow, page: ProofPage, lines: list[TextLine], inset: float) -> bool:
    """Whether the first of ``lines``, the lines of text of ``page``, is its paragraph's last; its
    measure is the one ending ``inset`` short of the type area's right edge."""
    line = lines[0]
    if not flow.full(page, line, (inset,)) or not _same_size(lines, 1):
        return True
    below = lines[1]
    shift = flow.indent(page, below) - flow.indent(page, line)
    return below.baseline - line.baseline > SPACE_BEFORE * flow.leading or _indented(shift)


def _indented(shift: float) -> bool:
    """Whether a line starting ``shift`` points right of the next reads as a paragraph's indented start."""
    return INDENT[0] <= shift <= INDENT[1]
