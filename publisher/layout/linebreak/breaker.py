"""Total-fit line breaking (Knuth and Plass 1981), pure code.

`break_lines` chooses the breaks of a whole paragraph at once: of all sets of legal breaks it takes
the one with the fewest total demerits (see `cost.py`). It scans the legal breaks in order and keeps
"active nodes", breaks from which a line may still reach the current one; a node is dropped once the
line from it is overfull beyond its shrink (it can only get wider), so the set stays small: the
breaks of about one line back. The lines too short to reach the current break are skipped as a block
when widths grow monotonically (no negative widths), so the work per break is about the few nodes
whose line could end there.

A node's state is its position, fitness class and the number of hyphenated lines that end in it (the
hard limit of consecutive hyphens needs it), and its line number where the line number changes
anything (varying measures, `unhyphenated`, `line_count`, looseness): two nodes in the same state
have the same futures, so only the cheaper is kept.

Passes, as in TeX: the main pass within `tolerance`; if no set of breaks fits, an emergency pass with
`emergency_tolerance` and emergency stretch. Without `line_count`, a last pass takes any line that is
not overfull, however loose, and lets the last surviving node break an overfull line rather than fail
(TeX's "artificial demerits", for a box wider than the measure): the breaker always returns lines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from publisher.layout.linebreak.cost import DEFAULT_COST, CostModel
from publisher.layout.linebreak.items import INFINITY, Box, Glue, Item, Penalty

# Widths below this (points) are rounding noise: a line this close to its measure fits exactly.
EPSILON = 1e-9

VERY_LOOSE, LOOSE, DECENT, TIGHT = 0, 1, 2, 3


@dataclass(frozen=True)
class Line:
    """A chosen line. `ratio` is the glue set as TeX sets it: the share of the stretch (> 0) or shrink
    (< 0) that fills the measure; 0 for a line with no stretch where it falls short, and -1 for an
    overfull line (which the last-resort pass makes only from a box wider than the measure)."""

    start: int  # the first item set on the line (after the glue and penalties discarded at a break)
    end: int  # the item the line breaks at: a Glue (not set) or a Penalty (its width is set)
    ratio: float  # glue set as TeX sets it: > 0 stretches, < 0 shrinks, never below -1
    hyphenated: bool  # ends at a flagged penalty
    natural: float  # natural width, including the penalty's width at the end
    stretch: float  # the glue's stretch plus the tracking's
    shrink: float  # the glue's shrink plus the tracking's
    measure: float  # the width the line is set to

    @property
    def overfull(self) -> bool:
        return self.natural - self.shrink > self.measure + 1e-6


@dataclass(frozen=True, slots=True)
class _Break:
    index: int
    width: float  # the penalty's width, set when the line ends here
    cost: float
    flagged: bool
    forced: bool
    start: int  # where the next line starts: the next box or forced break


class _Node:
    """A chosen break with the best chain of lines leading to it, in one state."""

    __slots__ = ("fitness", "line", "measure", "position", "previous", "run", "start", "total")

    def __init__(
        self, position: int, start: int, line: int, measure: float, fitness: int, run: int, total: float, previous
    ) -> None:
        self.position = position  # index of the break item, -1 for the paragraph's start
        self.start = start
        self.line = line  # lines before this node (capped where the exact count changes nothing)
        self.measure = measure  # of the line that starts here
        self.fitness = fitness
        self.run = run  # hyphenated lines in a row ending here
        self.total = total
        self.previous: _Node | None = previous


class _Paragraph:
    """The items' prefix sums and legal breaks, computed once for all passes."""

    def __init__(self, items: Sequence[Item], letter_stretch: float, letter_shrink: float) -> None:
        n = len(items)
        self.width = [0.0] * (n + 1)
        self.stretch = [0.0] * (n + 1)
        self.shrink = [0.0] * (n + 1)
        self.letters = [0] * (n + 1)
        self.chars = [0] * (n + 1)  # letters for the last-line rule (a box's text where it counts no letters)
        self.glue_breaks = [0] * (n + 1)  # legal breaks at glue before each index: words in a line
        self.monotone = letter_stretch >= 0 and letter_shrink >= 0
        width = stretch = shrink = 0.0
        letters = chars = glue_breaks = 0
        previous_box = False
        for index, item in enumerate(items):
            kind = type(item)
            if kind is Box:
                width += item.width
                letters += item.letters
                chars += item.letters or len(item.text)
                self.monotone = self.monotone and item.width >= 0 and item.letters >= 0
            elif kind is Glue:
                width += item.width
                stretch += item.stretch
                shrink += item.shrink
                glue_breaks += previous_box
                self.monotone = self.monotone and min(item.width, item.stretch, item.shrink) >= 0
            elif kind is not Penalty:
                raise TypeError(f"not a Box, Glue or Penalty: {item!r}")
            previous_box = kind is Box
            self.width[index + 1] = width
            self.stretch[index + 1] = stretch + letters * letter_stretch
            self.shrink[index + 1] = shrink + letters * letter_shrink
            self.letters[index + 1] = letters
            self.chars[index + 1] = chars
            self.glue_breaks[index + 1] = glue_breaks
        self.breaks = _legal_breaks(items)


def _legal_breaks(items: Sequence[Item]) -> list[_Break]:
    n = len(items)
    # The start of a line after a break at i: the next box or forced break after it (the glue and
    # penalties in between are discarded), computed backwards in one sweep.
    next_start = [n] * (n + 1)
    for index in range(n - 1, -1, -1):
        item = items[index]
        keeps = isinstance(item, Box) or (isinstance(item, Penalty) and item.cost <= -INFINITY)
        next_start[index] = index if keeps else next_start[index + 1]
    breaks = []
    for index, item in enumerate(items):
        if isinstance(item, Glue):
            if index > 0 and isinstance(items[index - 1], Box):
                breaks.append(_Break(index, 0.0, 0.0, False, False, next_start[index + 1]))
        elif isinstance(item, Penalty) and item.cost < INFINITY:
            forced = item.cost <= -INFINITY
            breaks.append(_Break(index, item.width, item.cost, item.flagged, forced, next_start[index + 1]))
    return breaks


def break_lines(
    items: Sequence[Item],
    widths: Sequence[float] | Callable[[int], float],
    model: CostModel = DEFAULT_COST,
    *,
    letter_stretch: float = 0.0,
    letter_shrink: float = 0.0,
    unhyphenated: frozenset[int] = frozenset(),
    line_count: int | None = None,
) -> list[Line] | None:
    """The best lines for `items`, which must end with a forced break (see `items.forced_end`).

    `widths` is the measure of each line (0-based); a sequence repeats its last value, a callable is
    asked once per line index. `letter_stretch` and `letter_shrink` are the tracking's stretch and
    shrink per letter. No line whose index is in `unhyphenated` ends at a flagged penalty. With
    `line_count` the result has exactly that many lines, or is None if no such set of breaks fits
    the emergency tolerance; without it the result is never None.
    """
    if not items or not isinstance(items[-1], Penalty) or items[-1].cost > -INFINITY:
        raise ValueError("a paragraph's items must end with a forced break")
    if line_count is not None and line_count < 1:
        return None
    paragraph = _Paragraph(items, letter_stretch, letter_shrink)
    measure = _Measure(widths)
    exact_lines = line_count is not None or model.looseness != 0 or measure.varies_forever
    cap = len(paragraph.breaks) + 1 if exact_lines else max(measure.last_special, max(unhyphenated, default=-1) + 1)
    passes = [(model.tolerance, 0.0), (model.emergency_tolerance, model.emergency_stretch)]
    if line_count is None:
        # The last resort: any line that is not overfull (an underfull one is less harm than a line
        # running into the margin), and an overfull one only where no other line can go on.
        passes.append((float("inf"), model.emergency_stretch))
    best: _Node | None = None
    best_distance = 0
    for number, (tolerance, emergency) in enumerate(passes):
        final = number == 2
        if final and best is not None:
            break  # the last resort is for paragraphs without lines within the tolerance, not for looseness
        search = _Search(paragraph, measure, model, tolerance, emergency, final, cap, unhyphenated, line_count)
        ends = search.run()
        if not ends:
            continue
        chosen, distance = _choose(ends, model.looseness, line_count)
        if chosen is not None and (best is None or distance < best_distance):
            best, best_distance = chosen, distance
        if best is not None and best_distance == 0:
            break
    if best is None:
        return None
    return _lines(best, items, paragraph, measure)


class _Measure:
    """The width of line i, from a sequence (its last value repeats) or a callable (asked once per i)."""

    def __init__(self, widths: Sequence[float] | Callable[[int], float]) -> None:
        self.known: list[float] = []
        if callable(widths):
            self.function: Callable[[int], float] | None = widths
            self.varies_forever = True
            self.last_special = 0
        else:
            if len(widths) == 0:
                raise ValueError("no line width given")
            self.function = None
            self.known = [float(width) for width in widths]
            self.varies_forever = False
            # From this line on every measure is the same, so the exact line number changes nothing.
            self.last_special = len(self.known) - 1
            self.smallest = min(self.known)
            self.largest = max(self.known)

    def __call__(self, line: int) -> float:
        if self.function is None:
            return self.known[min(line, len(self.known) - 1)]
        # The function is asked for every line up to `line` in order, once each: the loop ends at `line`.
        while len(self.known) <= line:
            self.known.append(float(self.function(len(self.known))))
        return self.known[line]


class _Search:
    """One pass of the breaker over all legal breaks."""

    def __init__(
        self,
        paragraph: _Paragraph,
        measure: _Measure,
        model: CostModel,
        tolerance: float,
        emergency: float,
        final: bool,
        cap: int,
        unhyphenated: frozenset[int],
        line_count: int | None,
    ) -> None:
        self.paragraph = paragraph
        self.measure = measure
        self.model = model
        self.tolerance = tolerance
        self.emergency = emergency
        self.final = final
        self.cap = cap
        # Nodes whose line numbers differ below `merge` are different states. The last resort, where
        # any short line is allowed and a break could be reached with almost any number of lines,
        # keeps only what the constraints need (each node still knows its own line number, so every
        # line gets its own measure): it then finds good lines, not always the best.
        self.merge = min(cap, max(unhyphenated, default=-1) + 1) if final else cap
        self.unhyphenated = unhyphenated
        self.line_count = line_count
        # Lines too short for the current break form a block at the end of the active list when no
        # width is negative: a later node's line is shorter still, and has no less stretch to fill.
        self.cut = paragraph.monotone

    def run(self) -> list[_Node]:
        """The nodes at the paragraph's last break (empty if this pass finds no set of breaks)."""
        p = self.paragraph
        model = self.model
        width, stretch, shrink = p.width, p.stretch, p.shrink
        tolerance, emergency, final, merge = self.tolerance, self.emergency, self.final, self.merge
        adj_demerits = model.adj_demerits
        last = p.breaks[-1].index
        line_count = self.line_count
        measure = self.measure
        cut = self.cut
        # The cut needs the narrowest measure any active node's line may have (and the widest, for
        # the emergency stretch): a sequence's extremes, or for a callable the active nodes' own.
        bounded = not measure.varies_forever
        if bounded:
            cut_measure = measure.smallest
            cut_stretch = emergency * measure.largest
        active = [_Node(-1, 0, 0, measure(0), DECENT, 0, 0.0, None)]
        # Each break is visited once and each visit scans the active list once: the loop ends.
        for brk in p.breaks:
            b = brk.index
            forced = brk.forced
            flagged = brk.flagged
            is_last = b == last
            end_width = width[b] + brk.width
            end_stretch = stretch[b]
            end_shrink = shrink[b]
            cuts_here = cut and not forced
            if cuts_here and not bounded:
                cut_measure = min([node.measure for node in active])
                cut_stretch = emergency * max([node.measure for node in active])
            candidates: dict[tuple[int, int, int], tuple[float, int, _Node]] = {}
            kept: list[_Node] = []
            alive = len(active)
            scanned = 0
            for node in active:
                start = node.start
                if start > b:
                    break  # an empty line; every later node starts later still
                natural = end_width - width[start]
                if cuts_here:
                    room = cut_measure - natural
                    if room > EPSILON and room > tolerance * (end_stretch - stretch[start] + cut_stretch):
                        break  # too short for every node from here on: they stay active
                scanned += 1
                line = node.line
                target = node.measure
                gap = target - natural
                deactivate = False
                if gap < -EPSILON:
                    give = end_shrink - shrink[start]
                    if -gap > give + EPSILON:
                        deactivate, ratio = True, -float("inf")
                    else:
                        ratio = gap / give
                elif gap > EPSILON:
                    room = end_stretch - stretch[start] + emergency * target
                    ratio = gap / room if room > EPSILON else float("inf")
                else:
                    ratio = 0.0
                feasible = -1.0 - EPSILON <= ratio <= tolerance
                if forced and not feasible:
                    deactivate = True
                if not deactivate:
                    kept.append(node)
                allowed = self._allowed(node, brk, is_last, line_count)
                if not feasible:
                    if deactivate:
                        lone = alive == 1 and not candidates
                        if final and lone and allowed:
                            # TeX's artificial demerits: the only way on is an overfull or underfull line.
                            key = (DECENT, node.run + 1 if flagged else 0, min(line + 1, merge))
                            candidates[key] = (node.total, DECENT, node)
                        elif final and lone:
                            kept.append(node)  # keep the last node until a break it may take
                        else:
                            alive -= 1
                    continue
                if not allowed:
                    continue
                demerits = self._demerits(node, brk, ratio, is_last)
                fitness = _fitness(ratio, model)
                if abs(fitness - node.fitness) > 1:
                    demerits += adj_demerits
                total = node.total + demerits
                key = (fitness, node.run + 1 if flagged else 0, line + 1 if line < merge else merge)
                best = candidates.get(key)
                if best is None or total < best[0]:
                    candidates[key] = (total, fitness, node)
            if forced:
                active = []
            else:
                active[:scanned] = kept
            if candidates:
                active.extend(self._nodes(candidates, brk))
            if not active:
                return []
        return [node for node in active if node.position == last]

    def _allowed(self, node: _Node, brk: _Break, is_last: bool, line_count: int | None) -> bool:
        if not brk.flagged and line_count is None:
            return True
        if line_count is not None and (node.line + 1 > line_count or (node.line + 1 == line_count) != is_last):
            return False
        if brk.flagged and not brk.forced:
            return node.run < self.model.max_consecutive_hyphens and node.line not in self.unhyphenated
        return True

    def _demerits(self, node: _Node, brk: _Break, ratio: float, is_last: bool) -> float:
        model = self.model
        badness = min(100.0 * abs(ratio) ** 3, INFINITY)
        demerits = (model.line_penalty + badness) ** 2
        if brk.cost > 0:
            demerits += brk.cost**2
        elif brk.cost > -INFINITY:
            demerits -= brk.cost**2
        if brk.flagged and node.run > 0:
            demerits += model.double_hyphen_demerits
        if is_last:
            if node.run > 0:
                demerits += model.final_hyphen_demerits
            p = self.paragraph
            start, end = node.start, brk.index
            single_word = p.glue_breaks[end] == p.glue_breaks[start]
            if single_word or p.chars[end] - p.chars[start] < model.last_line_min_letters:
                demerits += model.runt_demerits
        return demerits

    def _nodes(self, candidates: dict[tuple[int, int, int], tuple[float, int, _Node]], brk: _Break) -> list[_Node]:
        """The new nodes at `brk`: of the same hyphen run and line, a fitness class is kept only if it
        may still win, i.e. costs at most the best one's total plus `adj_demerits` (the most the best
        one can lose against it on the next line)."""
        cap = self.cap
        if len(candidates) == 1:
            ((fitness, run, _), (total, _, previous)) = next(iter(candidates.items()))
            line = min(previous.line + 1, cap)
            return [_Node(brk.index, brk.start, line, self.measure(line), fitness, run, total, previous)]
        cheapest: dict[tuple[int, int], float] = {}
        for (_, run, line), (total, _, _) in candidates.items():
            cheapest[run, line] = min(total, cheapest.get((run, line), total))
        nodes = []
        for (fitness, run, merged), (total, _, previous) in candidates.items():
            if total <= cheapest[run, merged] + self.model.adj_demerits:
                line = min(previous.line + 1, cap)
                nodes.append(_Node(brk.index, brk.start, line, self.measure(line), fitness, run, total, previous))
        return nodes


def _fitness(ratio: float, model: CostModel) -> int:
    if ratio > model.very_loose_ratio:
        return VERY_LOOSE
    if ratio > model.loose_ratio:
        return LOOSE
    if ratio < -model.tight_ratio:
        return TIGHT
    return DECENT


def _choose(ends: list[_Node], looseness: int, line_count: int | None) -> tuple[_Node | None, int]:
    """The node the paragraph ends in, and how many lines it is away from the looseness asked for
    (TeX § 875); None if it cannot have `line_count` lines."""

    def lines(node: _Node) -> int:
        count = 0
        while node.previous is not None:  # the chain ends at the paragraph's start
            count += 1
            node = node.previous
        return count

    if line_count is not None:
        fitting = [node for node in ends if lines(node) == line_count]
        return (min(fitting, key=lambda node: node.total), 0) if fitting else (None, 0)
    best = min(ends, key=lambda node: node.total)
    if looseness == 0:
        return best, 0
    best_lines = lines(best)
    chosen, achieved, fewest = best, 0, best.total
    for node in ends:
        diff = lines(node) - best_lines
        closer = (diff < achieved and looseness <= diff) or (diff > achieved and looseness >= diff)
        if closer or (diff == achieved and node.total < fewest):
            chosen, achieved, fewest = node, diff, node.total
    return chosen, abs(looseness - achieved)


def _lines(end: _Node, items: Sequence[Item], paragraph: _Paragraph, measure: _Measure) -> list[Line]:
    chain = []
    node: _Node | None = end
    while node is not None and node.previous is not None:  # back to the paragraph's start
        chain.append(node)
        node = node.previous
    chain.reverse()
    lines = []
    start = 0
    for index, node in enumerate(chain):
        b = node.position
        brk = items[b]
        penalty_width = brk.width if isinstance(brk, Penalty) else 0.0
        natural = paragraph.width[b] - paragraph.width[start] + penalty_width
        stretch = paragraph.stretch[b] - paragraph.stretch[start]
        shrink = paragraph.shrink[b] - paragraph.shrink[start]
        target = measure(index)
        gap = target - natural
        if gap > EPSILON:
            ratio = gap / stretch if stretch > EPSILON else 0.0
        elif gap < -EPSILON:
            ratio = max(gap / shrink, -1.0) if shrink > EPSILON else 0.0
        else:
            ratio = 0.0
        hyphenated = isinstance(brk, Penalty) and brk.flagged
        lines.append(Line(start, b, ratio, hyphenated, natural, stretch, shrink, target))
        start = node.start
    return lines


def line_text(items: Sequence[Item], line: Line) -> str:
    """What the line shows: its boxes' and glues' text, and the penalty's at its end."""
    parts = [item.text for item in items[line.start : line.end] if not isinstance(item, Penalty)]
    end = items[line.end]
    if isinstance(end, Penalty):
        parts.append(end.text)
    return "".join(parts)
