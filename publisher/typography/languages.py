"""Which typography a language gets: its quotation marks, elisions and rules.

A BCP 47 tag is read case-insensitively; only its language subtag counts, and the
region where a convention differs by country (de-CH, en-GB). A language without
rules of its own gets neutral typography: quotation marks as typed, no spaces or
dashes added, only what every language shares (``...`` → …).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import dashes, french
from .quotes import ENGLISH_ELISIONS, GERMAN_ELISIONS, STYLES
from .rules import ELLIPSIS, GERMAN_SPACES, PERCENT, RANGE, UNIT, Rule

SUPPORTED = ("de", "en", "fr")
# Swiss and Liechtenstein German quote with «…» ‹…›.
_SWISS_REGIONS = frozenset(["ch", "li"])
# Britain and Ireland set a spaced en dash (New Hart's Rules); other English, the closed em dash (Chicago).
_BRITISH_REGIONS = frozenset(["gb", "uk", "ie"])


@dataclass(frozen=True)
class Conventions:
    """The typography of one language."""

    language: str  # the tag as given
    supported: bool
    quotes: str | None  # a quotation mark style from STYLES; None: marks stay as typed
    elisions: frozenset[str]  # words that take an apostrophe at their start ('ne, 'tis)
    rules: tuple[Rule, ...]


def _subtags(language: str) -> tuple[str, str]:
    """The language and region subtags of a BCP 47 tag, lower-case ("" when absent)."""
    subtags = language.strip().replace("_", "-").lower().split("-")
    if "x" in subtags:  # private use: what follows is no region
        subtags = subtags[: subtags.index("x")]
    regions = (tag for tag in subtags[1:] if (len(tag) == 2 and tag.isalpha()) or (len(tag) == 3 and tag.isdigit()))
    return (subtags[0] if subtags else ""), next(regions, "")


def language_supported(language: str) -> bool:
    """Whether ``language`` (a BCP 47 tag such as "de-CH") has typography rules of its own."""
    return _subtags(language)[0] in SUPPORTED


def quote_styles() -> tuple[str, ...]:
    """The names of the quotation mark styles, for the ``quotes`` option."""
    return tuple(STYLES)


def conventions(language: str = "de", quotes: str | None = None) -> Conventions:
    """The typography of ``language``; ``quotes`` names a quotation mark style that replaces the language's."""
    quotes = quotes or None  # "" as an unset option
    if quotes is not None and quotes not in STYLES:
        raise ValueError(f"unknown quotation mark style {quotes!r} (known: {', '.join(STYLES)})")
    primary, region = _subtags(language)
    if primary == "de":
        style = "swiss" if region in _SWISS_REGIONS else "german"
        elisions, rules = GERMAN_ELISIONS, (ELLIPSIS, *dashes.TIED, *GERMAN_SPACES)
    elif primary == "en":
        style = "english"
        dash_rules = dashes.TIED if region in _BRITISH_REGIONS else dashes.CLOSED
        elisions, rules = ENGLISH_ELISIONS, (ELLIPSIS, *dash_rules, RANGE)
    elif primary == "fr":
        # The hyphen of 1914-1918 is left as typed: French uses both it and the en dash there.
        style = "french"
        elisions, rules = frozenset(), (ELLIPSIS, *dashes.TIED, *french.PUNCTUATION, PERCENT, UNIT)
    else:
        style, elisions, rules = None, frozenset(), (ELLIPSIS,)
    style = quotes or style
    if style == "french":
        rules = (*rules, *french.GUILLEMETS)
    return Conventions(language, primary in SUPPORTED, style, elisions, rules)
