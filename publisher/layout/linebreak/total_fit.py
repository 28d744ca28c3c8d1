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
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

from lxml import html as lxml_html
from lxml.html import HtmlElement

from .breaker import Line, break_lines
from .cost import DEFAULT_COST, CostModel
from .handoff import hand_off
from .measure import Measure
from .paragraph import Paragraph, build, unsuitable

log = logging.getLogger("publisher")

# Fewer paragraphs than this are broken in one process: starting another would cost more than it saves.
MIN_SHARED = 16
# What became of a paragraph broken in another process: the reason it was left to the engine,
# or the paragraph rewritten into its lines (serialized) and the lines.
_Outcome = str | tuple[str, list[Line]]
# Runs work in a second process while the body of the ``with`` runs in this one; yields its result.
Elsewhere = Callable[[Callable[[], list[_Outcome]]], AbstractContextManager[Callable[[], list[_Outcome]]]]


@dataclass
class _Broken:
    paragraph: Paragraph | None  # None: broken in another process; built again from ``original`` when needed
    lines: list[Line]
    unhyphenated: frozenset[int] = frozenset()  # lines a page rule asked to end without a hyphen
    original: HtmlElement | None = None  # the paragraph as it was before the other process broke it
    in_tree: HtmlElement | None = None  # what stands in the tree for it: the other process's lines


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

    def apply(self, tree: HtmlElement, elsewhere: Elsewhere | None = None) -> Figures:
        """Break every paragraph of running text in ``tree`` and hand its lines to the engine.

        ``elsewhere`` runs work in a second process (parallel.py's ``in_second_process``):
        given, the paragraphs of the tree's second half (by length) are broken there
        while this process breaks the first half. The lines are the same either way.
        """
        elements = [element for element in tree.iter("p") if element.get("data-block") and _in_part(element)]
        split = _half(elements) if elsewhere is not None and len(elements) >= MIN_SHARED else len(elements)
        theirs = elements[split:]
        if theirs:
            assert elsewhere is not None
            with elsewhere(lambda: [self._break_one(element) for element in theirs]) as result:
                for element in elements[:split]:
                    self._break_one(element)
                done = result()
            for element, outcome in zip(theirs, done, strict=True):
                self._take(element, outcome)
        else:
            for element in elements:
                self._break_one(element)
        log.debug("total-fit: %s", self.figures)
        return self.figures

    def _break_one(self, element: HtmlElement) -> _Outcome:
        """Break ``element`` and rewrite it into its lines; what became of it, for another process."""
        paragraph = build(element, self.measure, self.model, optical=self.optical)
        if paragraph is None:
            reason = unsuitable(element, self.measure.paragraph(element)) or "not laid out"
            self.figures.left[reason] = self.figures.left.get(reason, 0) + 1
            return reason
        paragraph.tracking = self.tracking
        lines = self._break(paragraph, frozenset())
        assert lines is not None  # without a line count the breaker always has an answer
        hand_off(paragraph, lines, self.measure)
        self.broken[element.get("data-block")] = _Broken(paragraph, lines)
        self._count(lines)
        return lxml_html.tostring(element, encoding="unicode", with_tail=False), lines

    def _take(self, element: HtmlElement, outcome: _Outcome) -> None:
        """Put what another process made of ``element`` into the tree, keeping ``element`` for a re-break."""
        if isinstance(outcome, str):
            self.figures.left[outcome] = self.figures.left.get(outcome, 0) + 1
            return
        html, lines = outcome
        rewritten = lxml_html.fragment_fromstring(html)
        rewritten.tail = element.tail
        element.getparent().replace(element, rewritten)
        self.broken[element.get("data-block")] = _Broken(None, lines, original=element, in_tree=rewritten)
        self._count(lines)

    def _count(self, lines: list[Line]) -> None:
        self.figures.paragraphs += 1
        self.figures.lines += len(lines)
        self.figures.hyphenated += sum(line.hyphenated for line in lines)

    def element(self, block: str) -> HtmlElement | None:
        """The element that stands for paragraph ``block`` where the breaker rewrote it (None if not ours)."""
        broken = self.broken.get(block)
        if broken is None:
            return None
        if broken.in_tree is not None:
            return broken.in_tree
        return broken.paragraph.element if broken.paragraph is not None else None

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
        paragraph = self._paragraph(broken) if broken is not None else None
        lines = self._break(paragraph, unhyphenated, line_count) if paragraph is not None else None
        if (
            broken is None
            or lines is None
            or any(lines[index].hyphenated for index in unhyphenated if index < len(lines))
        ):
            return False
        if [each.end for each in lines] == [each.end for each in broken.lines]:
            return False
        assert paragraph is not None
        hand_off(paragraph, lines, self.measure)
        if broken.in_tree is not None:  # the paragraph rewritten here replaces the other process's
            # with what the repairs set on that one since (a page break before it, …).
            paragraph.element.attrib.clear()
            paragraph.element.attrib.update(broken.in_tree.attrib)
            broken.in_tree.getparent().replace(broken.in_tree, paragraph.element)
            broken.in_tree = None
        broken.lines, broken.unhyphenated = lines, unhyphenated
        self.figures.rebroken += 1
        return True

    def _paragraph(self, broken: _Broken) -> Paragraph | None:
        """The paragraph's items; for one broken in another process, built here from the original."""
        if broken.paragraph is None and broken.original is not None:
            broken.paragraph = build(broken.original, self.measure, self.model, optical=self.optical)
            if broken.paragraph is not None:
                broken.paragraph.tracking = self.tracking
        return broken.paragraph

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


def _half(elements: list[HtmlElement]) -> int:
    """Where the paragraphs split into two halves of about as much text."""
    lengths = [len(element.text_content()) for element in elements]
    total, running = sum(lengths), 0
    for index, length in enumerate(lengths):
        if 2 * running >= total:
            return index
        running += length
    return len(elements)


def _in_part(element: HtmlElement) -> bool:
    """Running text stands in a part; the cover, the imprint and the back cover are set as they are."""
    return any("part" in (ancestor.get("class") or "").split() for ancestor in element.iterancestors())
