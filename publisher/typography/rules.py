"""German dash, ellipsis and spacing rules, each a regular expression and its replacement.

These rules look only at a few characters around a match, so they run on each
text node on its own; URLs and e-mail addresses inside the text are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .report import Report

NBSP = "\u00a0"  # no-break space: ties words (S. 12, 13 Millionen, 14. Januar)
NNBSP = "\u202f"  # narrow no-break space: inside abbreviations (z. B.) and before % and units
EN_DASH = "–"

URL_OR_EMAIL = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>\"“”„]+[^\s<>\"“”„.,;:!?)\]]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    re.IGNORECASE,
)

MONTHS = (
    "Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
    "|Jan\\.|Feb\\.|Febr\\.|Apr\\.|Aug\\.|Sep\\.|Sept\\.|Okt\\.|Nov\\.|Dez\\."
)

# Abbreviations of several parts, set with a narrow no-break space between the parts.
ABBREVIATIONS = (
    "z B",
    "d h",
    "u a",
    "v a",
    "o Ä",
    "o ä",
    "u U",
    "s o",
    "s u",
    "z T",
    "i d R",
    "u v m",
    "m E",
    "o g",
    "z Zt",
    "i A",
    "v Chr",
    "n Chr",
    "d Red",
    "d Verf",
    "u Ä",
    "a a O",
    "i e S",
    "i w S",
    "u d M",
)


def _either_case(part: str) -> str:
    """An abbreviation part as a pattern that also matches it capitalised (Z. B. at a sentence start)."""
    first = part[0]
    return f"[{first.lower()}{first.upper()}]{re.escape(part[1:])}" if first.isalpha() else re.escape(part)


_ABBREVIATION = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(
        r"\.[ \n\u00a0\u202f]?".join([_either_case(a.split()[0]), *map(re.escape, a.split()[1:])]) + r"\."
        for a in ABBREVIATIONS
    )
    + r")(?!\w)"
)

# Abbreviations that stand before a number: S. 12, Nr. 3, Abs. 2.
_BEFORE_NUMBER = r"(?<![\w.])(S|Nr|Abs|Art|Bd|Kap|Abb|Tab|Fn|Ziff|Anm|Hrsg|Jg|Sp|Vol|No)\.[ \n]+(?=\d)"


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    replace: str | Callable[[re.Match[str]], str]


def _abbreviation(match: re.Match[str]) -> str:
    parts = re.split(r"\.[ \n\u00a0\u202f]?", match.group(0))
    return NNBSP.join(part + "." for part in parts if part)


RULES: tuple[Rule, ...] = (
    Rule("ellipsis", re.compile(r"\.\.\.|\. \. \."), "…"),
    # A spaced hyphen (or double hyphen, or an en dash) between words is a Gedankenstrich;
    # the no-break space before it keeps it off the start of a line.
    Rule("dash", re.compile(r"(?<=\S)[ \u00a0]+(?:-|--|–)(?=\s)"), NBSP + EN_DASH),
    # The same where the word before ends an inline element (<em>Wort</em> - weiter).
    Rule("dash", re.compile(r"^[ \u00a0]+(?:-|--|–)(?=\s)"), NBSP + EN_DASH),
    # 1990-2000, S. 12-14: an unspaced en dash, but not inside dates (2022-01-14) or codes (978-3-…).
    Rule("range", re.compile(r"(?<![\w.\-–/])(\d+)-(\d+)(?![\w\-–/]|\.\d)"), r"\1" + EN_DASH + r"\2"),
    Rule("abbreviation", _ABBREVIATION, _abbreviation),
    Rule("space", re.compile(r"(§§?) *(?=\d)"), r"\1" + NBSP),
    Rule("space", re.compile(_BEFORE_NUMBER), r"\1." + NBSP),
    Rule("space", re.compile(r"(?<=\d) ?(%|‰|°C|°)(?!\w)"), NNBSP + r"\1"),
    Rule("space", re.compile(r"(?<=\d) (?=(?:€|\$|£|km|kg|cm|mm|m|g|t|l|ha|h|min|s)(?!\w))"), NNBSP),
    # Dates: 14. Januar 2022 stays on one line.
    Rule("date", re.compile(r"(?<!\d)(\d{1,2})\.[ \n]+(?=(?:" + MONTHS + r")(?!\w))"), r"\1." + NBSP),
    Rule("date", re.compile(r"(?<!\w)(" + MONTHS + r")[ \n]+(?=\d{4}(?!\d))"), r"\1" + NBSP),
    # A number and the noun it counts: 13 Millionen, 162 Personen, 30 Jahren.
    Rule("space", re.compile(r"(?<=\d)[ \n](?=[A-ZÄÖÜ][a-zäöüß])"), NBSP),
)


def url_spans(text: str) -> list[tuple[int, int]]:
    """Where URLs and e-mail addresses stand in ``text``.

    A quote mark that ends a URL closes a quotation around it ('siehe
    https://example.org/x') unless the URL holds an odd number of them.
    """
    spans = []
    for match in URL_OR_EMAIL.finditer(text):
        start, end = match.span()
        url = match.group(0)
        if url[-1] in "'’" and (url.count("'") + url.count("’")) % 2 == 1:
            end -= 1
        spans.append((start, end))
    return spans


def apply_rules(text: str, report: Report, where: str) -> str:
    """Apply every rule to ``text``, leaving URLs and e-mail addresses as they are."""
    pieces = []
    last = 0
    for start, end in url_spans(text):
        pieces.append(_apply(text[last:start], report, where))
        pieces.append(text[start:end])
        last = end
    pieces.append(_apply(text[last:], report, where))
    return "".join(pieces)


def _apply(text: str, report: Report, where: str) -> str:
    for rule in RULES:
        if not rule.pattern.search(text):
            continue

        def replace(match: re.Match[str], rule: Rule = rule, source: str = text) -> str:
            new = rule.replace(match) if callable(rule.replace) else match.expand(rule.replace)
            if new != match.group(0):
                report.add_change(rule.name, match.group(0), new, source, match.start(), where)
            return new

        text = rule.pattern.sub(replace, text)
    return text
