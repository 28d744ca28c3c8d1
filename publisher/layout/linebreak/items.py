"""The breaker's vocabulary: boxes, glue and penalties, as in Knuth and Plass (1981).

A paragraph is a sequence of items. A box is material of fixed width (a word
or a piece of one); glue is a space that may stretch or shrink; a penalty is
a place where a line may end at a cost (a hyphenation point, or the forced
break that ends the paragraph). A line may end at a glue that follows a box,
or at a penalty below INFINITY. Widths are in points.
"""

from __future__ import annotations

from dataclasses import dataclass

# A penalty of INFINITY or more forbids a break; of -INFINITY or less forces one (TeX's convention).
INFINITY = 10_000


@dataclass(frozen=True, slots=True)
class Box:
    width: float
    text: str = ""
    # Characters whose spacing tracking may change: a line's letters give it extra stretch and shrink.
    letters: int = 0


@dataclass(frozen=True, slots=True)
class Glue:
    width: float
    stretch: float
    shrink: float
    text: str = " "


@dataclass(frozen=True, slots=True)
class Penalty:
    width: float  # added to the line when it ends here (the hyphen's width)
    cost: float  # INFINITY forbids the break, -INFINITY forces it
    flagged: bool = False  # a hyphenated break: consecutive ones are limited
    text: str = ""  # what the line shows at its end when it ends here (the hyphen)


Item = Box | Glue | Penalty


def forced_end() -> list[Item]:
    """The items that end every paragraph: a glue that fills the last line, then a forced break."""
    return [Penalty(0, INFINITY), Glue(0, 1e9, 0, ""), Penalty(0, -INFINITY)]
