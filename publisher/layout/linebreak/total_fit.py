"""Total-fit line breaking of a whole print HTML tree, and re-breaks of its paragraphs under constraints.

Every paragraph of running text the hand-off can take (a ``<p data-block>``
inside a part; see paragraph.py for what it leaves to the engine) is broken for
the whole paragraph at once and rewritten into its lines (handoff.py) before the
first layout; the rest keep the engine's own first-fit breaking. Each broken
paragraph is kept with its items, so that a page rule found in the layout ("this
line ends a page: no hyphen there") becomes a constraint of a new break of that
paragraph alone, with the same number of lines, so that nothing after it moves.

Use, on the print HTML after the hyphenator and before the layout::

    breaker = TotalFit(engine.measure(tree))  # the measure must measure this very tree
    breaker.apply(tree)
    ...
    breaker.rebreak_without_hyphen(block, line)  # from a repair, between layouts
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from .breaker import Line, break_lines
from .cost import DEFAULT_COST, CostModel
from .handoff import hand_off
from .measure import Measure
from .paragraph import Paragraph, build, unsuitable

log = logging.getLogger("publisher")


@dataclass
class _Broken:
    paragraph: Paragraph
    lines: list[Line]
    unhyphenated: frozenset[int] = frozenset()  # lines a page rule asked to end without a hyphen


@dataclass
class Figures:
    """What the breaker did to a tree: for the log, the tests and the benchmark."""

    paragraphs: int = 0  # broken by the total-fit breaker
    lines: int = 0
    hyphenated: int = 0
    rebroken: int = 0
    left: dict[str, int] = field(default_factory=dict)  # reason -> paragraphs left to the engine's own breaking


class TotalFit:
    """The total-fit breaker of one tree, measured by one engine's ``measure``."""

    def __init__(
        self, measure: Measure, model: CostModel = DEFAULT_COST, *, optical: bool = True, tracking: bool = True
    ) -> None:
        self.measure = measure
        self.model = model
        self.optical = optical  # hanging punctuation (optical.py)
        self.tracking = tracking  # letter-spacing takes part of a line's stretch and shrink
        self.broken: dict[str, _Broken] = {}  # by data-block
        self.figures = Figures()

    def apply(self, tree: HtmlElement) -> Figures:
        """Break every paragraph of running text in ``tree`` and hand its lines to the engine."""
        for element in list(tree.iter("p")):
            block = element.get("data-block")
            if not block or not _in_part(element):
                continue
            paragraph = build(element, self.measure, self.model, optical=self.optical)
            if paragraph is None:
                reason = unsuitable(element, self.measure.paragraph(element)) or "not laid out"
                self.figures.left[reason] = self.figures.left.get(reason, 0) + 1
                continue
            paragraph.tracking = self.tracking
            lines = self._break(paragraph, frozenset())
            assert lines is not None  # without a line count the breaker always has an answer
            hand_off(paragraph, lines, self.measure)
            self.broken[block] = _Broken(paragraph, lines)
            self.figures.paragraphs += 1
            self.figures.lines += len(lines)
            self.figures.hyphenated += sum(line.hyphenated for line in lines)
        log.debug("total-fit: %s", self.figures)
        return self.figures

    def rebreak_without_hyphen(self, block: str, line: int) -> bool:
        """Break paragraph ``block`` again so that its line ``line`` (0-based) ends without a hyphen.

        The lines asked for before stay without one. With the same number of
        lines if there is such a break (no later page moves), else with whatever
        number the breaker finds best. False if the paragraph is not one of ours,
        its line ``line`` has no hyphen, or no break can take it off.
        """
        broken = self.broken.get(block)
        if broken is None or not 0 <= line < len(broken.lines) or not broken.lines[line].hyphenated:
            return False
        return self.rebreak(block, broken.unhyphenated | {line}, len(broken.lines)) or self.rebreak(
            block, broken.unhyphenated | {line}
        )

    def rebreak(self, block: str, unhyphenated: frozenset[int], line_count: int | None = None) -> bool:
        """Break paragraph ``block`` again with lines ``unhyphenated`` ending without a hyphen.

        Exactly ``line_count`` lines if given. False if the paragraph is not one of
        ours, the constraints cannot be met, or the break would be the same.
        """
        broken = self.broken.get(block)
        lines = self._break(broken.paragraph, unhyphenated, line_count) if broken is not None else None
        if (
            broken is None
            or lines is None
            or any(lines[index].hyphenated for index in unhyphenated if index < len(lines))
        ):
            return False
        if [each.end for each in lines] == [each.end for each in broken.lines]:
            return False
        hand_off(broken.paragraph, lines, self.measure)
        broken.lines, broken.unhyphenated = lines, unhyphenated
        self.figures.rebroken += 1
        return True

    def _break(self, paragraph: Paragraph, unhyphenated: frozenset[int], count: int | None = None) -> list[Line] | None:
        return break_lines(
            paragraph.items,
            [paragraph.metrics.measure],
            self.model,
            letter_stretch=paragraph.letter_stretch,
            letter_shrink=paragraph.letter_shrink,
            unhyphenated=unhyphenated,
            line_count=count,
        )


def _in_part(element: HtmlElement) -> bool:
    """Running text stands in a part; the cover, the imprint and the back cover are set as they are."""
    return any("part" in (ancestor.get("class") or "").split() for ancestor in element.iterancestors())
