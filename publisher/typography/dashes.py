"""Dashes: a spaced hyphen, ``--`` and ``---`` become the dash a language's convention wants.

Two conventions:

- tied (German, French, British English): a spaced hyphen or ``--`` between words is a spaced
  en dash, the space before it a no-break space so that no line starts with the dash
  (``kam - und`` → kam␣– und); ``---`` is an em dash, spaced as typed;
- closed (American English, Chicago): a spaced hyphen, ``--`` or ``---`` between words is an
  em dash without spaces (``came - and`` → came—and).

Either way ``--`` between two numbers is an en dash (``1990--2000`` → 1990–2000), and hyphens
at a word's start followed by a letter are a command-line flag and stay (``--force``), as do
arrows (``-->``) and runs of four or more hyphens.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .rules import EM_DASH, EN_DASH, NBSP, Rule

# A hyphen run at a word's start followed by a letter is a command-line flag (--force, -v).
_FLAG = re.compile(r"(?:(?<=^)|(?<=[\s(\[{\"'„“”‚‘’«»‹›\ufffc]))-+(?=[^\W\d_])")
_TRIPLE = r"(?<![-<])---(?![->])"
_DOUBLE = r"(?<![-<])--(?![->])"
_SPACES = r"[ \u00a0]+"
# What may follow a spaced dash: a space or line end, or the punctuation that ends a clause (auf -. Dann).
_DASH_END = r"(?=[\s.,;:!?…)\]])"


def _unless_flag(dash: str) -> Callable[[re.Match[str]], str]:
    """A replacement that sets ``dash`` for a match unless its hyphens are a flag (--force)."""

    def replace(match: re.Match[str]) -> str:
        if _FLAG.match(match.string, match.start() + match.group(0).index("-")):
            return match.group(0)
        return dash

    return replace


_NUMBER_RANGE = Rule("range", re.compile(r"(?<![\w.\-–/])(\d+)--(\d+)(?![\w\-–/]|\.\d)"), r"\1" + EN_DASH + r"\2")

TIED: tuple[Rule, ...] = (
    Rule("dash", re.compile(r"(?<=\S)" + _SPACES + _TRIPLE + _DASH_END), NBSP + EM_DASH),
    Rule("dash", re.compile(_TRIPLE), _unless_flag(EM_DASH)),
    # A spaced hyphen, double hyphen or en dash; the context after it may be the line end
    # before a <br> or at the end of the block, or a full stop or comma (auf -. Dann; so -, und).
    Rule("dash", re.compile(r"(?<=\S)" + _SPACES + r"(?:-|--|–)" + _DASH_END), NBSP + EN_DASH),
    # The same at the very start of a block's text.
    Rule("dash", re.compile(r"^" + _SPACES + r"(?:-|--|–)" + _DASH_END), NBSP + EN_DASH),
    _NUMBER_RANGE,
    Rule("dash", re.compile(_DOUBLE), _unless_flag(EN_DASH)),
)

CLOSED: tuple[Rule, ...] = (
    _NUMBER_RANGE,
    # The spaces around the dash go only where there is a word (or an element) on both sides.
    Rule(
        "dash",
        re.compile(r"(?:(?<=\S)" + _SPACES + r")?(?:" + _TRIPLE + "|" + _DOUBLE + r")(?:" + _SPACES + r"(?=\S))?"),
        _unless_flag(EM_DASH),
    ),
    Rule("dash", re.compile(r"(?<=\S)" + _SPACES + r"-(?:" + _SPACES + r"(?=\S)|" + _DASH_END + ")"), EM_DASH),
)
