"""Dash, ellipsis and spacing rules, each a regular expression and its replacement.

These rules look only at a few characters around a match, so they run on each
text node on its own, given one character of context on either side (see
:func:`apply_rules`); URLs, e-mail addresses and Python-Markdown's placeholders
are skipped. This module holds the German rules and the machinery; dashes.py
and french.py hold the rules of other languages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .report import Report

NBSP = "\u00a0"  # no-break space: ties words (S. 12, 13 Millionen, 14. Januar)
NNBSP = "\u202f"  # narrow no-break space: inside abbreviations (z. B.) and before % and units
EN_DASH = "–"
EM_DASH = "—"
# The context of a text node next to an inline element or a URL: for the rules like
# the end of the text (neither a space nor part of a word), and never part of a match.
OBJECT = "\ufffc"
# A line end: the context of the last text node of a block and of one before a <br>.
LINE_END = "\n"
# Python-Markdown's placeholder for stashed raw HTML (\x02wzxhzdk:12\x03) must keep every character.
_PLACEHOLDER = re.compile("\x02[^\x02\x03]*\x03")

# The scheme and the local part are bounded (no scheme is longer; RFC 5321 allows 64 characters
# before the @) so that a long run of letters is not scanned again from each of its characters.
URL_OR_EMAIL = re.compile(
    r"(?:[a-z][a-z0-9+.-]{0,31}://|www\.)[^\s<>\"“”„]+[^\s<>\"“”„.,;:!?)\]]"
    r"|[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+",
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
    "e V",
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


ELLIPSIS = Rule("ellipsis", re.compile(r"\.\.\.|\. \. \."), "…")
# 1990-2000, S. 12-14: an unspaced en dash, but not inside dates (2022-01-14) or codes (978-3-…).
RANGE = Rule("range", re.compile(r"(?<![\w.\-–/])(\d+)-(\d+)(?![\w\-–/]|\.\d)"), r"\1" + EN_DASH + r"\2")
PERCENT = Rule("space", re.compile(r"(?<=\d) ?(%|‰|°C|°)(?!\w)"), NNBSP + r"\1")
UNIT = Rule("space", re.compile(r"(?<=\d) (?=(?:€|\$|£|km|kg|cm|mm|m|g|t|l|ha|h|min|s)(?!\w))"), NNBSP)

# The German rules, after the dashes (dashes.TIED).
GERMAN_SPACES: tuple[Rule, ...] = (
    RANGE,
    Rule("abbreviation", _ABBREVIATION, _abbreviation),
    Rule("space", re.compile(r"(§§?) *(?=\d)"), r"\1" + NBSP),
    Rule("space", re.compile(_BEFORE_NUMBER), r"\1." + NBSP),
    PERCENT,
    UNIT,
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


def protected_spans(text: str) -> list[tuple[int, int]]:
    """URLs, e-mail addresses and placeholders in ``text``, in order and without overlaps."""
    spans = sorted([*url_spans(text), *(match.span() for match in _PLACEHOLDER.finditer(text))])
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def apply_rules(
    text: str, report: Report, where: str, rules: tuple[Rule, ...], before: str = "", after: str = ""
) -> str:
    """Apply ``rules`` in order to ``text``, leaving URLs, e-mail addresses and placeholders as they are.

    ``before`` and ``after`` are the character on either side of ``text`` (``OBJECT`` next to
    an inline element, ``LINE_END`` at a line end, "" at the start of a block): the rules'
    lookarounds see them, their matches never include them.
    """
    pieces = []
    last = 0
    for start, end in protected_spans(text):
        pieces.append(_apply(text[last:start], report, where, rules, OBJECT if last else before, OBJECT))
        pieces.append(text[start:end])
        last = end
    pieces.append(_apply(text[last:], report, where, rules, OBJECT if last else before, after))
    return "".join(pieces)


def _apply(text: str, report: Report, where: str, rules: tuple[Rule, ...], before: str, after: str) -> str:
    for rule in rules:
        text = _substitute(rule, text, report, where, before, after)
    return text


def _substitute(rule: Rule, text: str, report: Report, where: str, before: str, after: str) -> str:
    """``rule.pattern.sub`` on ``text`` as it stands between ``before`` and ``after``."""
    context = before + text + after
    start, end = len(before), len(before) + len(text)
    pieces = []
    last = start
    for match in rule.pattern.finditer(context, start):
        if match.start() >= end:
            break
        if match.end() > end:
            continue  # reaches into the context, which belongs to another node
        new = rule.replace(match) if callable(rule.replace) else match.expand(rule.replace)
        if new == match.group(0):
            continue
        report.add_change(rule.name, match.group(0), new, text, match.start() - start, where)
        pieces.append(context[last : match.start()])
        pieces.append(new)
        last = match.end()
    if not pieces:
        return text
    pieces.append(context[last:end])
    return "".join(pieces)
