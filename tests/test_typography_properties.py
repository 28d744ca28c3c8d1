"""Property tests: typography on random Unicode paragraphs, in every language it knows and in one it does not.

Typography changes punctuation and spaces only: every other character of the input
survives, in order; no language's output gains a mark another language's style
would set; nothing raises, and every call ends within a hard time limit.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Callable
from html.parser import HTMLParser
from typing import TypeVar

import limits
import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import publisher.typography
from publisher.typography import GenderExtension, typeset

NBSP, NNBSP = "\u00a0", "\u202f"
DASHES = "\u2013\u2014"
# What each language's typography may add to a text: its quotation marks, apostrophe, dashes and spaces.
ADDS = {
    "de": "„“‚‘’" + DASHES + NBSP + NNBSP,
    "de-AT": "„“‚‘’" + DASHES + NBSP + NNBSP,
    "de-CH": "«»‹›’" + DASHES + NBSP + NNBSP,
    "en": "“”‘’" + DASHES,
    "en-GB": "“”‘’" + DASHES + NBSP,
    "fr": "«»“”’" + DASHES + NBSP + NNBSP,
    "it": "",  # no rules of its own: neutral typography
}
LANGUAGES = list(ADDS)
COMMON_ADDS = "…"

PER_CALL_SECONDS = 2.0  # a paragraph of a few hundred characters takes milliseconds

# Words a manuscript may hold, from any script: vowelless, with combining marks, very long.
WORDS = [
    "Strč",
    "prst",
    "skrz",
    "krk",
    "brr",
    "nth",
    "Tschüss",
    "Ölarbeiter*innen",
    "Autor:innen",
    "naïve",
    "e\u0301te\u0301",  # combining acute accents
    "a\u0308\u0323",
    "Алматы",
    "Ελλάδα",
    "東京",
    "مرحبا",
    "שלום",
    "नमस्ते",
    "🙂",
    "x" * 300,
    "Donaudampfschifffahrtsgesellschaftskapitän" * 7,
]
PUNCTUATION = [
    '"',
    "'",
    "„",
    "“",
    "”",
    "‚",
    "‘",
    "’",
    "«",
    "»",
    "‹",
    "›",
    "-",
    "--",
    "---",
    "----",
    " - ",
    " -- ",
    " --- ",
    "–",
    "—",
    "...",
    ". . .",
    "…",
    ".",
    ",",
    ";",
    ":",
    "!",
    "?",
    "?!",
    "(",
    ")",
    "[",
    "]",
    "/",
    "%",
    "§",
    "-->",
    "<--",
]
SPACES = [" ", " ", " ", "\n", "\t", NBSP, NNBSP, "\u2009", "  "]
PIECES = [
    "https://example.org/a-b'c?q=1:2;x!--y",
    "www.example.org/z.B.",
    "info-1990@example.org",
    "12:30",
    "3:4",
    "1990-2000",
    "12--14",
    "2022-01-14",
    "--force",
    "z.B.",
    "d. h.",
    "S. 12",
    "40 %",
    "14. Januar 2022",
    "13 Millionen",
    "'ran",
    "'s",
    "'n'",
    "'tis",
    "'90s",
    "l'homme",
    "aujourd'hui",
]
# Control characters (the reader takes them out, but typeset() takes any string), and Python-Markdown's
# placeholder delimiters.
CONTROLS = [chr(code) for code in (0, 1, 2, 3, 7, 8, 0x0B, 0x0C, 0x1B, 0x1F, 0x7F, 0x85)]
# Markdown's own syntax, for the full conversion: emphasis, code, links, raw HTML, hard line breaks, escapes.
MARKUP = ["*", "**", "_", "`", "[", "](", "<b>", "</b>", "<", ">", "&", "&amp;", "\\", "\\'", '\\"', "  \n", "#", "> "]

T = TypeVar("T")


def _token(extra: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(WORDS),
        st.sampled_from(PUNCTUATION),
        st.sampled_from(SPACES),
        st.sampled_from(PIECES),
        st.sampled_from(extra),
        st.text(min_size=1, max_size=6),  # any code point at all
    )


def paragraphs(extra: list[str]) -> st.SearchStrategy[str]:
    return st.lists(_token(extra), min_size=1, max_size=40).map("".join)


def bounded(call: Callable[[], T]) -> T:
    return limits.bounded(call, PER_CALL_SECONDS)


def kept(text: str) -> list[str]:
    """The characters typography must keep: all but punctuation and white space."""
    return [char for char in text if not char.isspace() and unicodedata.category(char)[0] != "P"]


def whitespace_pairs(text: str) -> int:
    return sum(1 for first, second in itertools.pairwise(text) if first.isspace() and second.isspace())


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def convert(text: str, language: str | None) -> str:
    """``text`` through Python-Markdown with the typography of ``language`` (None: gender forms only)."""
    extensions = [GenderExtension()] if language is None else publisher.typography.extensions(language=language)
    return markdown.Markdown(extensions=extensions).convert(text)


PROPERTY_SETTINGS = settings(
    max_examples=40,
    derandomize=True,
    deadline=None,  # the hard limit above stands in for it; a loaded CI machine must not fail the run
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)


@PROPERTY_SETTINGS
@given(st.sampled_from(LANGUAGES), paragraphs(CONTROLS))
def test_typeset_changes_only_punctuation_and_spaces(language: str, text: str) -> None:
    result = bounded(lambda: typeset(text, language=language))
    assert kept(result) == kept(text)
    added = set(result) - set(text)
    assert added <= set(ADDS[language] + COMMON_ADDS), (language, added)
    # Spaces are replaced, never doubled (French: « mot », mot ! already spaced stays so).
    assert whitespace_pairs(result) <= whitespace_pairs(text)


@PROPERTY_SETTINGS
@given(paragraphs(CONTROLS))
def test_unsupported_language_changes_only_dots(text: str) -> None:
    result = bounded(lambda: typeset(text, language="it"))
    assert result.replace("…", "") == text.replace("...", "").replace(". . .", "").replace("…", "") or "." in text
    if "." not in text:
        assert result == text


@PROPERTY_SETTINGS
@given(st.sampled_from(LANGUAGES), paragraphs(MARKUP))
def test_markdown_conversion_changes_only_punctuation_and_spaces(language: str, text: str) -> None:
    plain = html_text(bounded(lambda: convert(text, None)))
    result = html_text(bounded(lambda: convert(text, language)))
    assert kept(result) == kept(plain)
    added = set(result) - set(plain)
    assert added <= set(ADDS[language] + COMMON_ADDS), (language, added)


@PROPERTY_SETTINGS
@given(st.sampled_from(LANGUAGES), st.sampled_from(sorted(publisher.typography.STYLES)), paragraphs(MARKUP))
def test_any_quotes_option_in_any_language_ends_and_keeps_the_text(language: str, quotes: str, text: str) -> None:
    extensions = publisher.typography.extensions(quotes=quotes, language=language)
    result = html_text(bounded(lambda: markdown.Markdown(extensions=extensions).convert(text)))
    assert kept(result) == kept(html_text(convert(text, None)))


def test_time_limit_is_a_hard_limit() -> None:
    # The guard the properties rely on must itself stop a call that does not end.
    def spin() -> None:
        while True:
            pass

    try:
        with limits.time_limit(0.2):
            spin()
    except limits.TooSlowError:
        return
    raise AssertionError("the time limit did not stop the loop")


def test_long_hostile_paragraphs_end_quickly() -> None:
    # Many marks and long runs in one paragraph: the transform stays (near) linear.
    texts = [
        "'a " * 4000 + '"' * 4000,
        " " * 20000 + "-",
        "-" * 20000,
        "«" * 5000 + " " * 5000 + "»" * 5000,
        ("x" * 300 + " - ") * 200,
        "?!;:" * 5000,
    ]
    for language in LANGUAGES:
        for text in texts:
            result = bounded(lambda text=text, language=language: typeset(text, language=language))
            assert kept(result) == kept(text)
