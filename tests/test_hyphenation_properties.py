"""Property tests: whatever word or paragraph comes in, hyphenation ends quickly and only adds soft hyphens.

Every call runs under a hard time limit (an interval timer whose signal
raises), so a loop that does not end fails the test instead of hanging it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import TypeVar

import limits
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from publisher.hyphenation import SOFT_HYPHEN, Hyphenator, has_hard_error
from publisher.hyphenation.transform import SoftHyphenator, soft_hyphenator
from publisher.options import HyphenationOptions

# Far above what a word or a paragraph takes (well under a millisecond a word),
# far below a hang.
LIMIT_SECONDS = 0.5
LANGUAGES = ["de", "de-CH", "en-US", "en-GB", "fr", "mr"]  # Marathi: pyphen's patterns for an Indic script
T = TypeVar("T")

PROPERTIES = settings(
    derandomize=True,
    max_examples=120,
    deadline=None,  # the interval timer is the deadline, per call rather than per example
    # No shrinking: shrinking a hang costs the time limit on every attempt, minutes in all;
    # the failing example is reported as it was drawn.
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example, HealthCheck.data_too_large],
)


def bounded(call: Callable[[], T]) -> T:
    return limits.bounded(call, LIMIT_SECONDS)


# ---------------------------------------------------------------- strategies

LATIN = "abcdefghijklmnopqrstuvwxyzäöüßéèêàâçœæñABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜÉ"
CONSONANTS = "bcdfghjklmnpqrstvwxzßBCDFGHJKLMNPQRSTVWXZ"
CYRILLIC = "абвгдежзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯ"
GREEK = "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώΑΒΓΔΕΖΗΘ"
CJK = "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年"
ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
DEVANAGARI = "कखगघचछजझटठडढणतथदधनपफबभमयरलवशषसह\u093e\u093f\u0940\u0941\u0947\u094b\u094d\u0902"
COMBINING = "\u0300\u0301\u0302\u0303\u0308\u0327\u030c\u0338"
CONTROL = "\x00\x01\x07\x08\x0b\x0c\x1b\x1f\x7f\x85\u200b\u200d\u2028\ufeff"
MARKS = "-\u2010\u2011*:_'’" + SOFT_HYPHEN
DIGITS = "0123456789٣"
SYLLABLES = ["ka", "sch", "brr", "pf", "ü", "ei", "tion", "ck", "str", "nn", "y", "ph", "eau", "ill", "gn", "x"]

vowelless = st.text(alphabet=CONSONANTS, min_size=1, max_size=30)
interjections = st.sampled_from(["Pssst", "Brrrr", "Grrrmpf", "Pfffft", "Hmm", "Psst!", "Psst", "Sch", "Tsss", "Mmmh"])
latin_word = st.text(alphabet=LATIN, min_size=1, max_size=40)
syllabic_word = st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=20).map("".join)
long_word = st.lists(st.sampled_from(SYLLABLES), min_size=100, max_size=110).map("".join)
long_latin = st.text(alphabet="aeiourstnlkbdgmpz", min_size=300, max_size=300)
decomposed = st.one_of(latin_word, syllabic_word).map(lambda w: unicodedata.normalize("NFD", w))
with_combining = st.text(alphabet=LATIN + COMBINING, min_size=1, max_size=30)
SCRIPTS = LATIN + CYRILLIC + GREEK + CJK + ARABIC + DEVANAGARI
mixed_script = st.text(alphabet=SCRIPTS, min_size=1, max_size=30)
anything = st.text(alphabet=SCRIPTS + COMBINING + CONTROL + MARKS + DIGITS, max_size=40)
any_unicode = st.text(max_size=30)  # every code point hypothesis draws, surrogates aside
compound = st.lists(st.one_of(latin_word, syllabic_word, vowelless), min_size=2, max_size=5).flatmap(
    lambda parts: st.sampled_from(MARKS).map(lambda mark: mark.join(parts))
)
gender_form = st.tuples(syllabic_word, st.sampled_from("*:_"), st.sampled_from(["in", "innen", "Innen"])).map(
    lambda t: "".join(t)
)

words = st.one_of(
    vowelless,
    interjections,
    latin_word,
    syllabic_word,
    long_word,
    long_latin,
    decomposed,
    with_combining,
    mixed_script,
    anything,
    any_unicode,
    compound,
    gender_form,
)
separators = st.sampled_from([" ", "  ", "\n", "\t", ", ", ". ", " – ", "\u00a0", "\u202f", " (", ") ", "! ", "? "])
paragraphs = st.lists(st.tuples(words, separators), max_size=15).map(lambda pairs: "".join(w + s for w, s in pairs))
url_paragraphs = st.tuples(paragraphs, st.sampled_from(["https://example.org/Donaudampfschiff", "a.b@c.de"])).map(
    lambda t: f"{t[0]} {t[1]} {t[0]}"
)


@pytest.fixture(scope="module", params=LANGUAGES)
def hyphenator(request: pytest.FixtureRequest) -> Hyphenator:
    return Hyphenator(request.param)


@pytest.fixture(scope="module", params=LANGUAGES)
def soft(request: pytest.FixtureRequest) -> SoftHyphenator:
    found = soft_hyphenator(request.param, HyphenationOptions())
    assert found is not None
    return found


def _letter_run_breaks_are_sound(word: str, positions: list[int]) -> None:
    """A break has a letter after it and a letter (or a mark: an accent, a vowel sign) before it."""
    for p in positions:
        before, after = word[p - 1], word[p]
        assert before.isalpha() or unicodedata.category(before).startswith("M"), (word, p)
        assert after.isalpha(), (word, p)


# ---------------------------------------------------------------- Hyphenator


@pytest.mark.parametrize("word", ["Pssst", "Brrrr", "Grrrmpf", "Pfffft", "Hmm", "Psst!", "Psst", "Brrr-Grrr"])
def test_interjections_get_no_breaks_at_once(hyphenator: Hyphenator, word: str) -> None:
    assert bounded(lambda: hyphenator.positions(word)) == []
    assert bounded(lambda: hyphenator.hyphenate(word)) == word


@PROPERTIES
@given(word=words)
def test_positions_are_sound(hyphenator: Hyphenator, word: str) -> None:
    positions = bounded(lambda: hyphenator.positions(word))
    assert positions == sorted(set(positions))
    assert all(0 < p < len(word) for p in positions)
    _letter_run_breaks_are_sound(word, positions)
    if SOFT_HYPHEN in word or any(ch.isdigit() for ch in word):
        assert positions == []
    # Cached answers are the same, and a fresh list.
    again = bounded(lambda: hyphenator.positions(word))
    assert again == positions and again is not positions


@PROPERTIES
@given(word=words)
def test_hyphenate_only_inserts_the_hyphen(hyphenator: Hyphenator, word: str) -> None:
    marked = bounded(lambda: hyphenator.hyphenate(word))
    assert marked.replace(SOFT_HYPHEN, "") == word.replace(SOFT_HYPHEN, "")
    assert marked.count(SOFT_HYPHEN) == word.count(SOFT_HYPHEN) + len(hyphenator.positions(word))
    visible = bounded(lambda: hyphenator.hyphenate(word, "|"))
    assert visible.replace("|", "") == word or "|" in word


@PROPERTIES
@given(word=words)
def test_german_results_never_break_the_hard_rules(word: str) -> None:
    for language in ("de", "de-AT", "de-CH"):
        positions = bounded(lambda language=language: Hyphenator(language).positions(word))
        # has_hard_error reads word.lower(); where lower case changes the length (İ) offsets would not match.
        if len(word.lower()) == len(word):
            assert not has_hard_error(word, positions), (word, positions)


@PROPERTIES
@given(word=st.one_of(vowelless, interjections))
def test_words_without_vowels_are_never_broken_in_german(word: str) -> None:
    assert bounded(lambda: Hyphenator("de").positions(word)) == []


@PROPERTIES
@given(word=st.one_of(latin_word, syllabic_word))
def test_decomposed_words_break_where_composed_ones_do(hyphenator: Hyphenator, word: str) -> None:
    composed = unicodedata.normalize("NFC", word)
    decomposed_word = unicodedata.normalize("NFD", composed)
    plain = bounded(lambda: hyphenator.hyphenate(composed, "|"))
    split = bounded(lambda: hyphenator.hyphenate(decomposed_word, "|"))
    assert unicodedata.normalize("NFC", split) == plain


# ---------------------------------------------------------------- SoftHyphenator


@PROPERTIES
@given(word=words)
def test_soft_word_only_inserts_soft_hyphens(soft: SoftHyphenator, word: str) -> None:
    out = bounded(lambda: soft.word(word))
    assert out.replace(SOFT_HYPHEN, "") == word.replace(SOFT_HYPHEN, "")
    if len(word) < soft.min_word or SOFT_HYPHEN in word:
        assert out == word
    # A gender ending stays whole: no Arbeiter*in-nen.
    assert not re.search(
        f"[*:_](?:[iI]{SOFT_HYPHEN}n|[iI]n{SOFT_HYPHEN}nen|[iI]nn{SOFT_HYPHEN}en|[iI]nne{SOFT_HYPHEN}n)", out
    )


@PROPERTIES
@given(text=st.one_of(paragraphs, url_paragraphs))
def test_soft_text_only_inserts_soft_hyphens(soft: SoftHyphenator, text: str) -> None:
    out = bounded(lambda: soft.text(text))
    assert out.replace(SOFT_HYPHEN, "") == text.replace(SOFT_HYPHEN, "")
    if SOFT_HYPHEN not in text:
        positions = [i - n for n, i in enumerate(i for i, ch in enumerate(out) if ch == SOFT_HYPHEN)]
        _letter_run_breaks_are_sound(text, positions)
    for url in ("https://example.org/Donaudampfschiff", "a.b@c.de"):
        assert out.count(url) == text.count(url)


@PROPERTIES
@given(text=st.lists(st.tuples(st.one_of(latin_word, syllabic_word, gender_form), separators), max_size=15))
def test_decomposed_paragraphs_break_where_composed_ones_do(soft: SoftHyphenator, text: list[tuple[str, str]]) -> None:
    composed = unicodedata.normalize("NFC", "".join(word + sep for word, sep in text))
    decomposed_text = unicodedata.normalize("NFD", composed)
    split = bounded(lambda: soft.text(decomposed_text))
    assert unicodedata.normalize("NFC", split) == bounded(lambda: soft.text(composed))


@PROPERTIES
@given(text=paragraphs)
def test_german_paragraphs_keep_the_hard_rules(text: str) -> None:
    german = soft_hyphenator("de", HyphenationOptions())
    assert german is not None
    out = bounded(lambda: german.text(text))
    for token in re.split(r"\s+", out):
        if SOFT_HYPHEN in token and len(token.lower()) == len(token):
            plain = token.replace(SOFT_HYPHEN, "")
            positions = [i - n for n, i in enumerate(i for i, ch in enumerate(token) if ch == SOFT_HYPHEN)]
            if SOFT_HYPHEN not in text:
                assert not has_hard_error(plain, positions), token


def test_long_paragraph_of_long_words_is_fast() -> None:
    german = soft_hyphenator("de", HyphenationOptions())
    assert german is not None
    long_word = "Donau" + "dampfschifffahrtsgesellschaftskapitänsmützen" * 6  # 269 letters
    text = " ".join([long_word, "Pssst", "Brrrr", "Arbeiter*innen"] * 40)
    out = bounded(lambda: german.text(text))
    assert out.replace(SOFT_HYPHEN, "") == text
    assert SOFT_HYPHEN in out
