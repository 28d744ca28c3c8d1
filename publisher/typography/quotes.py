"""Quotation marks and apostrophes by context: "…" → „…“ (or “…”, «…»), geht's → geht’s.

The decision for each mark needs the characters around it, which may lie in
another text node ("*Wort*" → „<em>Wort</em>“), so the rule runs on a whole
block's text at once. It replaces one character by one character, which lets
the caller map the result back onto the nodes the text came from.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .report import Report

DOUBLE_MARKS = frozenset('"“”„«»')
SINGLE_MARKS = frozenset("'‘’‚‹›")

# (outer open, outer close, inner open, inner close)
STYLES = {
    "german": ("„", "“", "‚", "‘"),
    "guillemets": ("»", "«", "›", "‹"),
    "swiss": ("«", "»", "‹", "›"),
    "english": ("“", "”", "‘", "’"),
    # The narrow no-break spaces inside the guillemets are added by the French rules (french.py).
    "french": ("«", "»", "“", "”"),
    "straight": ('"', '"', "'", "'"),
}
STRAIGHT = "straight"
APOSTROPHE = "’"

# German words that begin with an apostrophe for a dropped letter: 'ne, 'nen, 's, 'raus, 'ran.
GERMAN_ELISIONS = frozenset(
    [
        "n",
        "ne",
        "nen",
        "nem",
        "ner",
        "s",
        "m",
        "ran",
        "rab",
        "raus",
        "rein",
        "rin",
        "rüber",
        "runter",
        "rum",
        "rauf",
        "nauf",
        "naus",
        "nüber",
        "nunter",
        "mal",
        "was",
    ]
)
# English ones: 'tis, 'twas, rock 'n' roll, 'em, 'cause.
ENGLISH_ELISIONS = frozenset(
    ["tis", "twas", "twere", "twill", "twould", "n", "em", "cause", "cos", "til", "bout", "neath", "gainst", "nother"]
)
ELISIONS = GERMAN_ELISIONS  # the name older callers import
# Characters after which a quotation mark opens, and after which one closes. \x03 and
# \x02 end and start Python-Markdown's placeholders for inline raw HTML (<span>"Hallo"</span>).
_OPENING_CONTEXT = frozenset(" \t\n\u00a0\u202f\u2009([{/–—-\u2010\x03")
_CLOSING_FOLLOWERS = frozenset(" \t\n\u00a0\u202f\u2009.,;:!?)]}/–—-…\x02")


@dataclass
class _Open:
    double: bool  # opened by a double mark
    inner: bool  # set with the inner pair (a double quote inside a double quote)
    position: int


class _Stack:
    """The quotations open so far, innermost last, with counts that spare a search of the whole stack."""

    def __init__(self) -> None:
        self.items: list[_Open] = []
        self.doubles = 0  # opened by a double mark
        self.outer_doubles = 0  # ... and set with the outer pair

    def __iter__(self) -> Iterator[_Open]:
        return iter(self.items)

    def push(self, item: _Open) -> None:
        self.items.append(item)
        self._count(item, 1)

    def close(self, double: bool) -> _Open | None:
        """Take off the innermost quotation opened by a double (or single) mark, and all opened inside it."""
        if (self.doubles if double else len(self.items) - self.doubles) == 0:
            return None
        # Every item passed over is taken off too, so the searches of a paragraph add up to its marks.
        position = len(self.items) - 1
        while self.items[position].double != double:
            position -= 1
        opened = self.items[position]
        for item in self.items[position:]:
            self._count(item, -1)
        del self.items[position:]
        return opened

    def _count(self, item: _Open, step: int) -> None:
        if item.double:
            self.doubles += step
            if not item.inner:
                self.outer_doubles += step


def _is_word_char(char: str) -> bool:
    return char.isalnum()


def educate_quotes(
    text: str,
    style: str,
    protected: set[int],
    report: Report,
    where: str,
    elisions: frozenset[str] = GERMAN_ELISIONS,
) -> str:
    """Return ``text`` with every quotation mark and apostrophe set by context.

    ``protected`` holds indices (URLs, e-mail addresses) that must not change.
    ``elisions`` are the words that take an apostrophe at their start ('ne, 'tis).
    Marks that cannot be decided are left as they are and reported.
    """
    if style == STRAIGHT:
        return _straighten(text, protected, report, where)
    outer_open, outer_close, inner_open, inner_close = STYLES[style]
    chars = list(text)
    stack = _Stack()
    opened_at: set[int] = set()  # positions of marks set as openers: „‚Feuer‘ …“ opens twice
    length = len(chars)
    for index, char in enumerate(text):
        if index in protected or (char not in DOUBLE_MARKS and char not in SINGLE_MARKS and char != ","):
            continue
        before = text[index - 1] if index > 0 else " "
        after = text[index + 1] if index + 1 < length else " "
        opens = (before in _OPENING_CONTEXT or index - 1 in opened_at) and not after.isspace()
        closes = not before.isspace() and (after in _CLOSING_FOLLOWERS or after in DOUBLE_MARKS | SINGLE_MARKS)
        # Glued on both sides (Massen"aufmarsch", "Hallo"¹): the open quotations decide.
        glued = not opens and not closes and not before.isspace() and not after.isspace()

        if char == ",":
            # A comma glued between a hyphen and a letter is a low single quote typed
            # with the wrong key (Volks-,Bundt’).
            if before in "-\u2010" and after.isalpha():
                chars[index] = inner_open
                stack.push(_Open(double=False, inner=True, position=index))
                report.add_change("quotes", ",", inner_open, text, index, where)
            continue

        if char in "«‹" and before in _OPENING_CONTEXT and after.isspace():
            opens, closes = True, False  # spaced as in French: « mot »
        elif char in "»›" and before.isspace() and (after.isspace() or after in _CLOSING_FOLLOWERS):
            opens, closes = False, True
        elif char in "„‚" or (char in "«»‹›" and opens and not closes):
            opens, closes = True, False
        if char in DOUBLE_MARKS:
            new = _double(
                opens or glued, closes or glued, stack, index, outer_open, outer_close, inner_open, inner_close
            )
        else:
            new = _single(text, index, before, after, opens, closes, stack, inner_open, inner_close, elisions)
        if new is None:
            report.add_undecided(
                "quotes", f"cannot tell whether {char!r} opens or closes a quotation", text, index, where
            )
            continue
        if new != char:
            report.add_change("quotes", char, new, text, index, where)
        if new in (outer_open, inner_open):
            opened_at.add(index)
        chars[index] = new
    for unclosed in stack:
        report.add_undecided(
            "quotes", "quotation mark opened but not closed in this paragraph", text, unclosed.position, where
        )
    return "".join(chars)


def _double(
    opens: bool,
    closes: bool,
    stack: _Stack,
    index: int,
    outer_open: str,
    outer_close: str,
    inner_open: str,
    inner_close: str,
) -> str | None:
    if opens and closes:  # glued on both sides (Massen"aufmarsch"): the open quotes decide
        opens = stack.doubles == 0
        closes = not opens
    if opens:
        inner = stack.outer_doubles > 0
        stack.push(_Open(double=True, inner=inner, position=index))
        return inner_open if inner else outer_open
    if closes:
        opened = stack.close(double=True)
        if opened is None:
            return outer_close  # a closer without an opener: the quotation began in an earlier paragraph
        return inner_close if opened.inner else outer_close
    return None


def _single(
    text: str,
    index: int,
    before: str,
    after: str,
    opens: bool,
    closes: bool,
    stack: _Stack,
    inner_open: str,
    inner_close: str,
    elisions: frozenset[str],
) -> str | None:
    if _is_word_char(before) and _is_word_char(after):
        return APOSTROPHE  # geht's, Bundt’s, l'homme
    if opens:
        word = _word_after(text, index + 1)
        if word.lower() in elisions or after.isdigit():
            return APOSTROPHE  # 'ne, 'nen, '99
        stack.push(_Open(double=False, inner=True, position=index))
        return inner_open
    if closes:
        if stack.close(double=False) is not None:
            return inner_close
        if _is_word_char(before):
            return APOSTROPHE  # Rittersleut', Grass'
        return None
    return None


def _straighten(text: str, protected: set[int], report: Report, where: str) -> str:
    """Every quotation mark and apostrophe as the typewriter mark: nothing to decide."""
    chars = list(text)
    for index, char in enumerate(text):
        if index in protected:
            continue
        new = '"' if char in DOUBLE_MARKS else "'" if char in SINGLE_MARKS else char
        if new != char:
            report.add_change("quotes", char, new, text, index, where)
            chars[index] = new
    return "".join(chars)


def _word_after(text: str, start: int) -> str:
    end = start
    while end < len(text) and text[end].isalpha():
        end += 1
    return text[start:end]
