"""The total-fit line breaker on synthetic paragraphs: pure code, no WeasyPrint.

The reference is an exhaustive search written from the cost model's documentation (cost.py): every
set of legal breaks of a small paragraph, its demerits summed line by line. The breaker must find the
same minimum.

A rough speed check (not a test: no test here measures time), from the repository root:

    .venv/bin/python -c "
    from tests.test_linebreak import sample_paragraph; from publisher.layout.linebreak.breaker import break_lines
    import time; book = [sample_paragraph(600, seed) for seed in range(1500)]; t = time.perf_counter()
    for items in book: break_lines(items, [300.0])
    print(f'{time.perf_counter() - t:.2f} s')"
"""

from __future__ import annotations

import itertools
import random
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher.layout.linebreak.breaker import Line, break_lines, line_text
from publisher.layout.linebreak.cost import CostModel, hyphen_cost
from publisher.layout.linebreak.items import INFINITY, Box, Glue, Item, Penalty, forced_end

MODEL = CostModel()
SPACE = Glue(10, 6, 3)
HYPHEN_WIDTH = 4.0


def words(widths: list[float], space: Glue = SPACE) -> list[Item]:
    """A paragraph of boxes named w0, w1, ... of the given widths, 4 letters each."""
    items: list[Item] = []
    for index, width in enumerate(widths):
        if index:
            items.append(space)
        items.append(Box(width, f"w{index}", 4))
    return [*items, *forced_end()]


def hyphenated(parts: list[list[float]], cost: float = 100.0, space: Glue = SPACE) -> list[Item]:
    """Words made of parts with a hyphenation point between each two parts."""
    items: list[Item] = []
    for index, word in enumerate(parts):
        if index:
            items.append(space)
        for number, width in enumerate(word):
            if number:
                items.append(Penalty(HYPHEN_WIDTH, cost, True, "-"))
            items.append(Box(width, f"p{index}.{number}", 3))
    return [*items, *forced_end()]


def sample_paragraph(chars: int, seed: int) -> list[Item]:
    """A paragraph of text-like words (4.6 pt a letter), a hyphenation point every 3 letters."""
    rng = random.Random(seed)
    items: list[Item] = []
    count = 0
    while count < chars:  # each word adds at least 3 characters
        length = rng.choice([2, 3, 3, 4, 5, 6, 7, 8, 10, 12])
        count += length + 1
        if items:
            items.append(Glue(2.5, 1.25, 0.8))
        cuts = [*range(3, length - 2, 3), length]
        previous = 0
        for cut in cuts:
            items.append(Box((cut - previous) * 4.6, "x" * (cut - previous), cut - previous))
            if cut != length:
                items.append(Penalty(3.0, hyphen_cost("x" * cut, "x" * (length - cut)), True, "-"))
            previous = cut
    return [*items, *forced_end()]


# The reference: every set of legal breaks, costed from cost.py's documented rules.


def legal(items: list[Item], index: int) -> bool:
    item = items[index]
    if isinstance(item, Glue):
        return index > 0 and isinstance(items[index - 1], Box)
    return isinstance(item, Penalty) and item.cost < INFINITY


def forced(item: Item) -> bool:
    return isinstance(item, Penalty) and item.cost <= -INFINITY


def next_start(items: list[Item], index: int) -> int:
    index += 1
    while index < len(items) and not (isinstance(items[index], Box) or forced(items[index])):
        index += 1
    return index


def fitness(ratio: float) -> int:
    return 0 if ratio > 1 else 1 if ratio > 0.5 else 3 if ratio < -0.5 else 2


def reference_demerits(
    items: list[Item],
    breaks: list[int],
    widths: list[float],
    model: CostModel,
    tolerance: float,
    emergency: float,
    *,
    tracking: float = 0.0,
    unhyphenated: frozenset[int] = frozenset(),
) -> float | None:
    """The total demerits of the lines ending at `breaks`, or None if one of them is not allowed."""
    total = 0.0
    start, previous_fitness, run = 0, 2, 0
    for number, end in enumerate(breaks):
        if end < start:
            return None
        line = items[start:end]
        brk = items[end]
        natural = sum(item.width for item in line if not isinstance(item, Penalty))
        letters = sum(item.letters for item in line if isinstance(item, Box))
        natural += brk.width if isinstance(brk, Penalty) else 0
        stretch = sum(item.stretch for item in line if isinstance(item, Glue)) + tracking * letters
        shrink = sum(item.shrink for item in line if isinstance(item, Glue)) + tracking * letters
        measure = widths[min(number, len(widths) - 1)]
        gap = measure - natural
        if gap < -1e-9:
            if -gap > shrink + 1e-9:
                return None
            ratio = gap / shrink
        elif gap > 1e-9:
            room = stretch + emergency * measure
            ratio = gap / room if room > 1e-9 else float("inf")
        else:
            ratio = 0.0
        if ratio > tolerance:
            return None
        flagged = isinstance(brk, Penalty) and brk.flagged
        if flagged and (run >= model.max_consecutive_hyphens or number in unhyphenated):
            return None
        badness = min(100 * abs(ratio) ** 3, INFINITY)
        demerits = (model.line_penalty + badness) ** 2
        if isinstance(brk, Penalty) and brk.cost > -INFINITY:
            demerits += brk.cost**2 if brk.cost > 0 else -(brk.cost**2)
        if flagged and run:
            demerits += model.double_hyphen_demerits
        if abs(fitness(ratio) - previous_fitness) > 1:
            demerits += model.adj_demerits
        if end == len(items) - 1:
            if run:
                demerits += model.final_hyphen_demerits
            spaces = sum(1 for index in range(start, end) if isinstance(items[index], Glue) and legal(items, index))
            chars = sum(item.letters or len(item.text) for item in line if isinstance(item, Box))
            if spaces == 0 or chars < model.last_line_min_letters:
                demerits += model.runt_demerits
        total += demerits
        previous_fitness, run = fitness(ratio), run + 1 if flagged else 0
        start = next_start(items, end)
    return total


def all_break_sets(items: list[Item]) -> list[list[int]]:
    breaks = [index for index in range(len(items)) if legal(items, index)]
    fixed = [index for index in breaks if forced(items[index])]
    optional = [index for index in breaks if not forced(items[index])]
    return [
        sorted([*fixed, *chosen])
        for size in range(len(optional) + 1)
        for chosen in itertools.combinations(optional, size)
    ]


def reference_best(
    items: list[Item], widths: list[float], model: CostModel, line_count: int | None = None, **options
) -> tuple[float, int] | None:
    """The least total demerits of any allowed set of breaks, and the pass (0 main, 1 emergency) it needs."""
    for number, (tolerance, emergency) in enumerate(
        [(model.tolerance, 0.0), (model.emergency_tolerance, model.emergency_stretch)]
    ):
        totals = [
            total
            for breaks in all_break_sets(items)
            if line_count is None or len(breaks) == line_count
            if (total := reference_demerits(items, breaks, widths, model, tolerance, emergency, **options)) is not None
        ]
        if totals:
            return min(totals), number
    return None


def demerits_of(lines: list[Line], items, widths, model, number: int, **options) -> float | None:
    tolerance, emergency = [(model.tolerance, 0.0), (model.emergency_tolerance, model.emergency_stretch)][number]
    return reference_demerits(items, [line.end for line in lines], widths, model, tolerance, emergency, **options)


def assert_valid(items: list[Item], lines: list[Line]) -> None:
    """Every line ends at a legal break, the lines cover the items in order, the last at the final break."""
    assert lines
    start = 0
    for line in lines:
        assert line.start == start
        assert legal(items, line.end)
        assert line.start <= line.end
        assert all(isinstance(item, (Glue, Penalty)) for item in items[line.end + 1 : next_start(items, line.end)])
        start = next_start(items, line.end)
        assert line.hyphenated == (isinstance(items[line.end], Penalty) and items[line.end].flagged)
    assert lines[-1].end == len(items) - 1
    interior = [line.end for line in lines[:-1]]
    assert all(not forced(items[index]) or index in interior for index in range(len(items) - 1) if legal(items, index))


# A TeX-like paragraph with known breaks.


def test_total_fit_avoids_the_loose_line_first_fit_makes() -> None:
    # Measure 100, spaces 10 (stretch 6, shrink 3). First fit packs w0-w4 into line 1 (110 shrunk by
    # 4 · 3 to 98: tight, r = -0.83) and leaves w5-w7 (70) for line 2: 30 to fill from 12 of stretch,
    # r = 2.5, beyond even the emergency tolerance. Total fit takes w0-w3 (90, r = 10/18 = 0.56) and
    # w4-w7 (90, r = 0.56): two decent lines; w8 cannot join line 2 (130 shrunk to 118).
    items = words([10, 25, 10, 15, 10, 20, 10, 20, 30])
    lines = break_lines(items, [100.0])
    assert [line.end for line in lines] == [7, 15, 19]
    assert [line_text(items, line) for line in lines] == ["w0 w1 w2 w3", "w4 w5 w6 w7", "w8"]
    assert lines[0].ratio == pytest.approx(10 / 18)
    assert lines[1].ratio == pytest.approx(10 / 18)
    assert (lines[1].natural, lines[1].stretch, lines[1].shrink, lines[1].measure) == (90, 18, 9, 100)
    best = reference_best(items, [100.0], MODEL)
    assert best is not None
    assert demerits_of(lines, items, [100.0], MODEL, best[1]) == pytest.approx(best[0])


# The exhaustive reference against the breaker on small random paragraphs.

word_parts = st.lists(st.sampled_from([8.0, 12.0, 15.0, 20.0, 25.0, 30.0, 40.0]), min_size=1, max_size=3)


@st.composite
def small_paragraphs(draw) -> list[Item]:
    parts = draw(st.lists(word_parts, min_size=1, max_size=7))
    cost = draw(st.sampled_from([0.0, 50.0, 100.0, 300.0, -50.0]))
    items = hyphenated(parts, cost)
    # At most 11 optional breaks: 2,048 break sets for the reference.
    optional = [index for index in range(len(items) - 1) if legal(items, index)]
    if len(optional) > 11:
        items = items[: optional[11]] + forced_end()
    return items


measures = st.lists(st.sampled_from([60.0, 80.0, 100.0, 130.0]), min_size=1, max_size=3)
# The defaults, a stricter main pass with emergency stretch, and cheap hyphens with a limit of one.
models = st.sampled_from(
    [
        MODEL,
        replace(MODEL, tolerance=0.8, emergency_stretch=0.05),
        replace(MODEL, max_consecutive_hyphens=1, runt_demerits=0, line_penalty=1),
    ]
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_paragraphs(), measures, st.sampled_from([0.0, 0.5]), st.frozensets(st.integers(0, 4), max_size=2), models)
def test_breaker_finds_the_least_demerits_of_all_break_sets(items, widths, tracking, unhyphenated, model) -> None:
    options = {"tracking": tracking, "unhyphenated": unhyphenated}
    lines = break_lines(
        items, widths, model, letter_stretch=tracking, letter_shrink=tracking, unhyphenated=unhyphenated
    )
    assert_valid(items, lines)
    best = reference_best(items, widths, model, **options)
    if best is not None:
        total, number = best
        assert demerits_of(lines, items, widths, model, number, **options) == pytest.approx(total)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_paragraphs(), measures, st.integers(1, 5), st.frozensets(st.integers(0, 4), max_size=2))
def test_line_count_gives_exactly_that_many_lines_or_none(items, widths, count, unhyphenated) -> None:
    lines = break_lines(items, widths, line_count=count, unhyphenated=unhyphenated)
    best = reference_best(items, widths, MODEL, line_count=count, unhyphenated=unhyphenated)
    if best is None:
        assert lines is None
    else:
        assert lines is not None
        assert len(lines) == count
        assert_valid(items, lines)
        found = demerits_of(lines, items, widths, MODEL, best[1], unhyphenated=unhyphenated)
        assert found == pytest.approx(best[0])


# The cost model's rules, one by one.


def test_hyphen_cost_grows_towards_a_words_edge_and_is_lower_at_a_joint() -> None:
    assert hyphen_cost("Verbin", "dung") == MODEL.hyphen_penalty * 1.25  # "dung": one letter short of 5
    assert hyphen_cost("Wasser", "flasche") == MODEL.hyphen_penalty
    assert hyphen_cost("ge", "schrieben") > hyphen_cost("geschrie", "ben") > hyphen_cost("Wasser", "flasche")
    assert hyphen_cost("Be", "hörden") > hyphen_cost("Behör", "den") > hyphen_cost("Behörde", "nfunk")
    assert hyphen_cost("Behör", "den,") == hyphen_cost("Behör", "den")
    # Only letters and only the fragment next to the break count: "Nord-Süd-Ver|bindung" ends with "Ver".
    assert hyphen_cost("Nord-Süd-Ver", "bindung") == hyphen_cost("Ver", "bindung")
    assert hyphen_cost("Nord-", "Süd-Verbindung") < hyphen_cost("Nor", "dsüdverbindung")
    assert hyphen_cost("Wasser", "flasche", joint=True) == MODEL.joint_hyphen_penalty
    assert hyphen_cost("a", "b", replace(MODEL, hyphen_penalty=9000)) < INFINITY


def test_a_higher_hyphen_penalty_trades_hyphens_for_spacing() -> None:
    counts = []
    for penalty in (0, 50, 100, 200, 1000):
        model = replace(MODEL, hyphen_penalty=penalty, joint_hyphen_penalty=penalty)
        rng = random.Random(7)
        total = loose = 0
        for _ in range(20):
            items = []
            for index in range(40):
                if index:
                    items.append(Glue(2.5, 1.25, 0.8))
                letters = rng.choice([3, 5, 8, 11])
                items.append(Box(4.6 * (letters - letters // 2), "x", letters - letters // 2))
                if letters > 4:
                    items.append(Penalty(3.0, hyphen_cost("x" * 5, "x" * 5, model), True, "-"))
                items.append(Box(4.6 * (letters // 2), "x", letters // 2))
            lines = break_lines([*items, *forced_end()], [150.0], model)
            total += sum(line.hyphenated for line in lines)
            loose += sum(abs(line.ratio) for line in lines[:-1])
        counts.append((total, loose))
    hyphens = [total for total, _ in counts]
    spacing = [loose for _, loose in counts]
    assert hyphens == sorted(hyphens, reverse=True) and hyphens[0] > hyphens[-1]
    assert spacing[0] < spacing[-1]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.sampled_from([6.0, 9.0, 12.0]), min_size=2, max_size=6), min_size=3, max_size=40))
def test_never_more_than_two_hyphenated_lines_in_a_row(parts) -> None:
    # Words full of hyphenation points, no penalty for a hyphen: only the hard limit stops ladders.
    model = replace(MODEL, hyphen_penalty=0, double_hyphen_demerits=0)
    items = hyphenated(parts, cost=-100.0)
    lines = break_lines(items, [70.0], model)
    assert_valid(items, lines)
    run = 0
    for line in lines:
        run = run + 1 if line.hyphenated else 0
        assert run <= model.max_consecutive_hyphens


def test_the_hard_limit_is_reached_when_hyphens_pay() -> None:
    # The limit is no accident of the widths: hyphens that are paid for (-100) fill a ladder of 2 ...
    model = replace(MODEL, double_hyphen_demerits=0)
    items = hyphenated([[9.0] * 6] * 20, cost=-100.0)
    runs = [0]
    for line in break_lines(items, [60.0], model):
        runs.append(runs[-1] + 1 if line.hyphenated else 0)
    assert max(runs) == 2
    # ... and would make a ladder of 3 and more without it.
    unlimited = replace(model, max_consecutive_hyphens=99)
    runs = [0]
    for line in break_lines(items, [60.0], unlimited):
        runs.append(runs[-1] + 1 if line.hyphenated else 0)
    assert max(runs) > 2


def fitness_classes(lines: list[Line]) -> list[int]:
    return [fitness(line.ratio) for line in lines[:-1]]


def test_no_tight_line_after_a_loose_one_when_there_is_another_way() -> None:
    # Without adj_demerits the cheapest breaks are a loose line (w0-w3, r = 0.83) and then a tight
    # one (w4-w6, r = -0.83): two classes apart. With them, a decent line (r = -0.42) comes first.
    items = words([10, 20, 10, 15, 10, 30, 45, 10, 30])
    free = break_lines(items, [100.0], replace(MODEL, adj_demerits=0))
    assert fitness_classes(free) == [1, 3]
    lines = break_lines(items, [100.0])
    assert fitness_classes(lines) == [2, 3]
    assert [line.end for line in lines] == [9, 15, 19]
    for model in (MODEL, replace(MODEL, adj_demerits=0)):
        best = reference_best(items, [100.0], model)
        assert best is not None and best[1] == 0
        found = demerits_of(break_lines(items, [100.0], model), items, [100.0], model, 0)
        assert found == pytest.approx(best[0])


def test_a_dearer_fitness_class_is_kept_while_it_may_still_win() -> None:
    # At the space after w3 a loose line (r = 0.56) is cheaper than reaching it some other way, but
    # the next line from there is very loose; the best breaks go through a very loose first line
    # (w0-w2, r = 1.25) and an exact second one instead: the breaker must not drop that branch.
    items = words([15, 10, 40, 5, 20, 10, 35, 40, 35])
    lines = break_lines(items, [100.0])
    assert [line.end for line in lines] == [5, 13, 19]
    best = reference_best(items, [100.0], MODEL)
    assert best is not None and best[1] == 0
    assert demerits_of(lines, items, [100.0], MODEL, 0) == pytest.approx(best[0])


def test_no_hyphen_on_the_second_last_line_when_it_can_be_avoided() -> None:
    items = hyphenated([[20], [20], [30], [15, 15], [20], [15, 15], [10, 20]], cost=50.0)
    plain = break_lines(items, [100.0])
    assert not plain[-2].hyphenated
    free = break_lines(items, [100.0], replace(MODEL, final_hyphen_demerits=0))
    assert free[-2].hyphenated


def test_the_last_line_is_not_a_lone_short_word_when_avoidable() -> None:
    # Two lines would leave "w4" alone; one tight line (r = -0.83) holds all five words.
    items = words([10, 15, 10, 25, 10])
    assert [line_text(items, line) for line in break_lines(items, [100.0])] == ["w0 w1 w2 w3 w4"]
    without = break_lines(items, [100.0], replace(MODEL, runt_demerits=0))
    assert [line_text(items, line) for line in without] == ["w0 w1 w2 w3", "w4"]


def test_a_lone_last_word_stays_when_nothing_else_fits() -> None:
    items = words([45, 45, 45, 45, 90])
    lines = break_lines(items, [100.0])
    assert line_text(items, lines[-1]) == "w4"


def test_looseness_takes_a_line_more_or_fewer_as_far_as_the_tolerance_allows() -> None:
    model = replace(MODEL, runt_demerits=0)
    # 13 words of 20 at 110: four to a line fit exactly (4 + 4 + 4 + 1); five shrink to fit (r = -0.94).
    items = words([20.0] * 13, space=Glue(10, 6, 8))
    assert len(break_lines(items, [110.0], model)) == 4
    shorter = break_lines(items, [110.0], replace(model, looseness=-1))
    assert len(shorter) == 3 and not any(line.overfull for line in shorter)
    # Three to a line would be far too loose (r = 2.5): no line more, and no line less than possible.
    assert len(break_lines(items, [110.0], replace(model, looseness=1))) == 4
    assert len(break_lines(items, [110.0], replace(model, looseness=-2))) == 3
    # 14 words at 100: one line more is possible in the emergency tolerance (r = 1.67).
    items = words([20.0] * 14, space=Glue(10, 6, 8))
    assert len(break_lines(items, [100.0], model)) == 4
    longer = break_lines(items, [100.0], replace(model, looseness=1))
    assert len(longer) == 5 and max(line.ratio for line in longer) <= model.emergency_tolerance


def test_unhyphenated_line_keeps_the_line_count() -> None:
    items = sample_paragraph(600, 2)
    lines = break_lines(items, [300.0])
    hyphenated_lines = [index for index, line in enumerate(lines) if line.hyphenated]
    assert len(hyphenated_lines) >= 3
    solved = 0
    for k in hyphenated_lines:
        again = break_lines(items, [300.0], unhyphenated=frozenset({k}), line_count=len(lines))
        if again is not None:
            solved += 1
            assert len(again) == len(lines)
            assert not again[k].hyphenated
            assert_valid(items, again)
    assert solved >= 1
    everywhere = frozenset(range(len(lines)))
    free = break_lines(items, [300.0], unhyphenated=everywhere)
    assert not any(line.hyphenated for line in free)


def test_line_count_none_when_impossible() -> None:
    items = words([45.0] * 6)
    assert break_lines(items, [100.0], line_count=1) is None
    assert break_lines(items, [100.0], line_count=7) is None
    assert len(break_lines(items, [100.0], line_count=3)) == 3


def test_varying_widths_and_a_callable() -> None:
    items = words([20.0] * 20)
    indented = break_lines(items, [60.0, 100.0])
    assert indented[0].measure == 60.0
    assert all(line.measure == 100.0 for line in indented[1:])
    assert indented[0].natural <= 60.0 + indented[0].shrink
    asked = []

    def width(line: int) -> float:
        asked.append(line)
        return 60.0 if line % 2 else 100.0

    lines = break_lines(items, width)
    assert asked == sorted(set(asked)), "each line's width is asked for once, in order"
    assert [line.measure for line in lines] == [60.0 if index % 2 else 100.0 for index in range(len(lines))]
    # The sequence's last value repeats; a callable giving the same widths breaks the same way.
    assert [line.end for line in indented] == [
        line.end for line in break_lines(items, lambda i: 60.0 if i == 0 else 100.0)
    ]


def test_tracking_adds_stretch_per_letter() -> None:
    items = words([10, 25, 10, 15, 10, 20, 10, 20, 30])
    plain = break_lines(items, [100.0])
    lines = break_lines(items, [100.0], letter_stretch=0.5, letter_shrink=0.25)
    for line in lines[:-1]:
        spaces = line_text(items, line).count(" ")
        assert line.stretch == pytest.approx(spaces * 6 + (spaces + 1) * 4 * 0.5)
        assert line.shrink == pytest.approx(spaces * 3 + (spaces + 1) * 4 * 0.25)
    # More stretch makes the same breaks less loose.
    if [line.end for line in lines] == [line.end for line in plain]:
        assert all(a.ratio <= b.ratio for a, b in zip(lines[:-1], plain[:-1], strict=True))


def test_an_overfull_box_still_gives_lines() -> None:
    items = words([30, 500, 30, 30])
    lines = break_lines(items, [100.0])
    assert_valid(items, lines)
    assert any(line.overfull for line in lines)
    assert [line_text(items, line) for line in lines][1] == "w1"
    # A word too wide with nothing to break at: one overfull line, not None and no exception.
    lines = break_lines([Box(500, "x"), *forced_end()], [100.0])
    assert len(lines) == 1 and lines[0].overfull


def test_underfull_rather_than_overfull_as_a_last_resort() -> None:
    # No stretch at all: lines can only be underfull or overfull; none need be overfull.
    items = words([40, 40, 40, 40], space=Glue(10, 0, 0))
    lines = break_lines(items, [100.0])
    assert not any(line.overfull for line in lines)


def test_empty_paragraph() -> None:
    items = forced_end()
    lines = break_lines(items, [100.0])
    assert len(lines) == 1 and lines[0].end == 2 and line_text(items, lines[0]) == ""


def test_items_must_end_with_a_forced_break() -> None:
    with pytest.raises(ValueError):
        break_lines([Box(10, "x")], [100.0])
    with pytest.raises(ValueError):
        break_lines([], [100.0])


def test_forced_break_inside_a_paragraph() -> None:
    items = [*words([20.0, 20.0])[:-3], Glue(0, 1e9, 0, ""), Penalty(0, -INFINITY), *words([20.0, 20.0])]
    lines = break_lines(items, [100.0])
    assert [line_text(items, line) for line in lines] == ["w0 w1", "w0 w1"]


# Any items at all: the breaker ends and returns valid lines.

any_item = st.one_of(
    # Negative widths too (a kern): the breaker then scans every active node.
    st.builds(Box, st.floats(-20, 150), st.just("b"), st.integers(0, 8)),
    st.builds(Glue, st.floats(0, 20), st.floats(0, 20), st.floats(0, 20)),
    st.builds(Penalty, st.floats(0, 10), st.sampled_from([-INFINITY, -100, 0, 50, 500, INFINITY]), st.booleans()),
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(any_item, max_size=60),
    st.one_of(st.lists(st.floats(10, 200), min_size=1, max_size=4), st.just([1.0])),
    st.frozensets(st.integers(0, 5), max_size=3),
    st.sampled_from([0.0, 0.2]),
)
def test_any_items_give_valid_lines(items, widths, unhyphenated, tracking) -> None:
    items = [*items, *forced_end()]
    lines = break_lines(items, widths, letter_stretch=tracking, letter_shrink=tracking, unhyphenated=unhyphenated)
    assert_valid(items, lines)
    for index, line in enumerate(lines):
        assert line.ratio >= -1
        assert not (line.hyphenated and index in unhyphenated and not forced(items[line.end]))
    run = 0
    for line in lines:
        run = run + 1 if line.hyphenated and not forced(items[line.end]) else 0
        assert run <= MODEL.max_consecutive_hyphens
    counted = break_lines(items, widths, line_count=len(lines))
    assert counted is None or len(counted) == len(lines)


def test_a_long_paragraph_keeps_few_active_nodes() -> None:
    # Not a timing: a paragraph of 4,000 characters breaks into the lines a reader expects.
    items = sample_paragraph(4000, 1)
    lines = break_lines(items, [300.0])
    assert_valid(items, lines)
    assert 50 <= len(lines) <= 70
    assert not any(line.overfull for line in lines)


@pytest.mark.parametrize("seed", range(6))
def test_skipping_lines_too_short_changes_no_break(seed: int) -> None:
    # A box of width -1e-300 changes no sum but makes the widths non-monotone, which turns off the
    # skipping of active nodes whose lines are too short: the breaks must be the same either way.
    items = sample_paragraph(1500, seed)
    kern = [*items[:-3], Box(-1e-300), *items[-3:]]

    def alternating(line: int) -> float:
        return 260.0 if line % 3 == 1 else 300.0

    for widths, tracking in (([300.0], 0.0), ([250.0, 300.0, 280.0], 0.05), (alternating, 0.05)):
        options = {"letter_stretch": tracking, "letter_shrink": tracking}
        fast = break_lines(items, widths, **options)
        slow = break_lines(kern, widths, **options)
        assert [line.end for line in fast[:-1]] == [line.end for line in slow[:-1]]
        assert len(fast) == len(slow)
