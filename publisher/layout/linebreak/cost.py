"""The breaker's cost model: every knob of total-fit line breaking, with its default, in one place.

The demerits of a line follow Knuth and Plass (1981) and TeX (tex.web, §§ 851-859):
``(line_penalty + badness)² ± penalty²`` plus the extra demerits for two hyphens in a row, a hyphen
on the paragraph's second-last line, adjacent lines of very different tightness and a lone short
word on the last line. The badness of a line is ``100 · |ratio|³``, the ratio being how much of its
stretch (or shrink) the line uses to fill its measure.
"""

from __future__ import annotations

from dataclasses import dataclass

from publisher.layout.linebreak.items import INFINITY

# Characters that end a word part at an explicit hyphen (a break after them is a compound's joint).
EXPLICIT_HYPHENS = frozenset("-\u2010\u2011\u2013")


@dataclass(frozen=True)
class CostModel:
    # The widest adjustment ratio of a line in the main pass: TeX's \tolerance 200 (LaTeX's default),
    # badness 100·r³ = 200 at r ≈ 1.26. Lower makes the main pass fail more often and fall back to
    # the emergency pass; higher admits looser lines before anything else is tried.
    tolerance: float = 1.26
    # The emergency pass, when no set of breaks keeps every line within `tolerance`: looser lines
    # (badness 100·2³ = 800) ...
    emergency_tolerance: float = 2.0
    # ... and, as TeX's \emergencystretch, extra stretch per line (in units of the line's measure)
    # that only lowers the badness, so that the looseness spreads over the lines. Off by default:
    # on 300 synthetic paragraphs (600 characters, 300 pt measure) 0.02 raised the p95 ratio from 1.09
    # to 1.27 and 0.08 (LaTeX's 3 em) to 1.79, trading hyphens for loose lines everywhere.
    emergency_stretch: float = 0.0
    # TeX's \linepenalty: every line costs something, so that of equally good solutions the one
    # with fewer lines wins.
    line_penalty: float = 10
    # The base penalty of a break inside a word: TeX's \hyphenpenalty, 50. Measured on the bundled
    # pamphlet, the 300-page book and the long-paragraph book (with the stretch and tracking of
    # paragraph.py): 50 gave p95 word gaps of 1.23 / 1.29 / 1.29 with 28 / 1,227 / 148 hyphenated lines,
    # 100 gave 1.24 / 1.32 / 1.27 with 24 / 1,000 / 118; first fit hyphenated 64 / 2,074 / 309. 50 is
    # the one that keeps every book within 1.30; either hyphenates less than half as often as first fit.
    hyphen_penalty: float = 50
    # A break after an explicit hyphen (Nord-|Süd) or at a compound's joint hides no word inside a
    # word: cheaper, half the inner-word penalty.
    joint_hyphen_penalty: float = 25
    # A fragment shorter than this many letters on either side of a hyphen costs extra ...
    hyphen_edge_letters: int = 5
    # ... this much of the penalty per missing letter: a 2-letter fragment costs 1.75 times the
    # penalty, a 4-letter one 1.25 times (Typst adds 15 % per letter below 5; a bit more here, as
    # German syllables are long and a 2-letter piece "ge-" or "-te" reads badly).
    hyphen_edge_cost: float = 0.25
    # TeX's \doublehyphendemerits: two hyphenated lines in a row.
    double_hyphen_demerits: float = 10_000
    # TeX's \finalhyphendemerits: a hyphen on the paragraph's second-last line (the word's end then
    # stands alone in the short last line).
    final_hyphen_demerits: float = 5_000
    # A hard limit, not demerits: never more hyphenated lines in a row than this (a ladder of 3).
    max_consecutive_hyphens: int = 2
    # TeX's \adjdemerits: a line whose fitness class (very loose, loose, decent, tight) is more
    # than one class away from the previous line's, e.g. a tight line after a very loose one.
    adj_demerits: float = 10_000
    # The ratios that bound the fitness classes, as in TeX (badness 99 and 12: r ≈ 1.0 and 0.5).
    very_loose_ratio: float = 1.0
    loose_ratio: float = 0.5
    tight_ratio: float = 0.5
    # The last line of a paragraph should not be a lone word or a short stub: such a last line
    # costs as much as a tight line after a very loose one, so it is avoided whenever that costs
    # less than one such clash; a single word, or fewer letters than this, counts as a stub.
    last_line_min_letters: int = 8
    runt_demerits: float = 10_000
    # TeX's \looseness: the number of lines more (or fewer, if negative) than the optimum that the
    # paragraph should take, as far as the tolerance allows; the page uses it to gain or lose a line.
    looseness: int = 0


# The defaults, for callers that do not tune them.
DEFAULT_COST = CostModel()


def hyphen_cost(before: str, after: str, model: CostModel = DEFAULT_COST, *, joint: bool = False) -> float:
    """The penalty of breaking a word between `before` and `after`.

    `before` is the part of the word that ends the line, `after` what begins the next one (either may
    carry punctuation; only letters count). A break after an explicit hyphen, or at a compound's joint
    when the caller knows it (`joint`), costs the lower joint penalty. Either costs more the shorter
    the shorter fragment: a 2-letter fragment more than a 4-letter one.
    """
    base = model.joint_hyphen_penalty if joint or before[-1:] in EXPLICIT_HYPHENS else model.hyphen_penalty
    # Only the fragment next to the break counts: in "Nord-Süd-Ver|bindung" the line ends with "Ver".
    head = _last_part(before)
    tail = _first_part(after)
    missing = max(0, model.hyphen_edge_letters - _letters(head)) + max(0, model.hyphen_edge_letters - _letters(tail))
    # A penalty of INFINITY would forbid the break: the dearest hyphen stays a (costly) possibility.
    return min(base * (1 + model.hyphen_edge_cost * missing), INFINITY - 1)


def _letters(text: str) -> int:
    return sum(1 for char in text if char.isalpha())


def _last_part(before: str) -> str:
    """The text after the last explicit hyphen that is not the final character."""
    core = before[:-1] if before[-1:] in EXPLICIT_HYPHENS else before
    cut = max(core.rfind(hyphen) for hyphen in EXPLICIT_HYPHENS)
    return before[cut + 1 :]


def _first_part(after: str) -> str:
    """The text before the first explicit hyphen."""
    cuts = [after.find(hyphen) for hyphen in EXPLICIT_HYPHENS if hyphen in after]
    return after[: min(cuts)] if cuts else after
