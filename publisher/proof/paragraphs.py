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

from .pages import ProofPage, TextLine

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
    size: float  # the running text's size, to tell headings (larger) from it

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

    def heading_between(self, page: ProofPage, top: float, bottom: float) -> bool:
        """Whether a line set larger than the running text stands on ``page`` between ``top`` and ``bottom``."""
        return any(line.size > self.size * 1.05 and top < line.baseline < bottom for line in page.lines)


def flow(
    pages: list[ProofPage],
    body: dict[int, list[TextLine]],
    right: dict[int, float],
    left: dict[int, float],
    size: float,
) -> Flow:
    """The running text's flow on ``pages``, given each page's lines of running text (``body``) and the
    type area's edges (``left``, ``right``) by the page's side."""
    insets = {}
    steps = []
    for page in pages:
        lines = body[page.number]
        edge = right[page.number % 2]
        ends = [edge - line.x1 for line in lines if len(line.gaps) >= 2 and not LEADER.search(line.text)]
        insets[page.number] = (0.0, *_narrower(ends))
        steps += [after.baseline - line.baseline for line, after in itertools.pairwise(lines)]
    leading = statistics.median([step for step in steps if step > 0] or [size * 1.2])
    return Flow(insets, right, left, leading, size)


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


@dataclass(frozen=True)
class Break:
    """A page break inside a paragraph: what stands either side of it, and whether either is alone."""

    last: TextLine  # the paragraph's last line on the earlier page
    first: TextLine  # its first line on the later page
    orphan: bool  # ``last`` is the paragraph's first line
    widow: bool  # ``first`` is the paragraph's last line


def paragraph_break(
    flow: Flow, page: ProofPage, body: list[TextLine], after: ProofPage, next_body: list[TextLine]
) -> Break | None:
    """The paragraph that runs on from the foot of ``page`` to the head of ``after``, or None where the
    break falls between paragraphs (or the text does not show it runs on)."""
    if not body or not next_body:
        return None
    last, first = body[-1], next_body[0]
    inset = flow.inset(page, last)
    if inset is None or flow.heading_between(after, 0, first.baseline):
        return None
    if len(next_body) > 1 and _indented(flow.indent(after, first) - flow.indent(after, next_body[1])):
        return None  # the later page begins with a paragraph's indented first line
    shift = flow.indent(page, last) - flow.indent(after, first)
    indented = _indented(shift)  # the earlier line is the paragraph's indented first line
    if abs(shift) > SAME_MARGIN and not indented:
        return None  # another block: a quotation's end above, the text's margin below
    orphan = indented or _starts_block(flow, page, body)
    widow = _ends_paragraph(flow, after, next_body, inset)
    return Break(last, first, orphan, widow)


def _starts_block(flow: Flow, page: ProofPage, body: list[TextLine]) -> bool:
    """Whether the last of ``body``, the lines of running text of ``page``, begins a paragraph set flush
    left: space or a heading stands above it, or a line that ended another block."""
    if len(body) < 2:
        return True
    above, line = body[-2], body[-1]
    if line.baseline - above.baseline > SPACE_BEFORE * flow.leading:
        return True
    other_margin = abs(flow.indent(page, above) - flow.indent(page, line)) > SAME_MARGIN
    return not flow.full(page, above) and other_margin


def _ends_paragraph(flow: Flow, page: ProofPage, body: list[TextLine], inset: float) -> bool:
    """Whether the first of ``body``, the lines of running text of ``page``, is its paragraph's last; its
    measure is the one ending ``inset`` short of the type area's right edge."""
    line = body[0]
    if not flow.full(page, line, (inset,)) or len(body) < 2:
        return True
    below = body[1]
    shift = flow.indent(page, below) - flow.indent(page, line)
    return below.baseline - line.baseline > SPACE_BEFORE * flow.leading or _indented(shift)


def _indented(shift: float) -> bool:
    """Whether a line starting ``shift`` points right of the next reads as a paragraph's indented start."""
    return INDENT[0] <= shift <= INDENT[1]
