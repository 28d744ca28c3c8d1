"""Hyphenation for the publication: TeX's patterns, read by pyphen, for the publication's language.

German: pyphen's bundled German dictionary (LibreOffice's hyph_de_DE.dic)
relies on libhyphen's two-level compound feature, which pyphen does not
implement, so it breaks about one long word in seven wrongly (Rü-ck-zugs-ort,
Grund-s-tück). We ship the German TeX patterns (dehyph-exptl, MIT; see
data/LICENSE-de.txt) converted by tools/convert_tex_patterns.py, and guard them
with a filter that drops the breaks German orthography never allows.

English and French: the TeX patterns as pyphen ships them (hyph_en_US.dic is
plain TeX's hyphen.tex with the TUGboat exceptions, hyph_en_GB.dic is
ukhyphen.tex, hyph_fr.dic is hyph-fr.tex adapted by LibreOffice), with the
hyphenmins LaTeX's babel uses for these languages. Any other
language pyphen has a dictionary for is hyphenated with that dictionary and
the minima it declares; a language without patterns is not hyphenated.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pyphen

from . import compiled

__all__ = [
    "HYPHEN",
    "SOFT_HYPHEN",
    "Hyphenator",
    "LanguagePatterns",
    "has_hard_error",
    "patterns_for",
    "supported_languages",
]

SOFT_HYPHEN = "\u00ad"
# What WeasyPrint draws at the end of a line broken at a soft hyphen.
HYPHEN = "\u2010"
DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class LanguagePatterns:
    """Where a language's patterns come from, and the shortest fragments TeX allows for it.

    ``dictionary`` is our own ``.dic`` or the name of one of pyphen's;
    ``vowel_rule``: every fragment has a vowel (English, French, German);
    ``german``: and no break inside ch, ck or sch.
    """

    dictionary: Path | str
    left: int
    right: int
    vowel_rule: bool = False
    german: bool = False

    @property
    def bundled(self) -> bool:
        return isinstance(self.dictionary, Path)


_GERMAN = LanguagePatterns(DATA / "de.dic", 2, 2, vowel_rule=True, german=True)
# The patterns alone give the odd vowelless fragment here too (clu-b-root).
_US_ENGLISH = LanguagePatterns("en_US", 2, 3, vowel_rule=True)
_UK_ENGLISH = LanguagePatterns("en_GB", 2, 3, vowel_rule=True)
_FRENCH = LanguagePatterns("fr", 2, 3, vowel_rule=True)
# Lower-case BCP 47 tags; a longer tag uses its longest listed prefix (de-CH-1996 -> de).
# Patterns and minima as babel's locale files set them (babel-de.ini, babel-en-GB.ini,
# babel-fr.ini ... in TeX Live 2022): German 2/2, English 2/3, French 2/3 (hyph-fr.tex
# itself says 2/2; babel-french and babel-fr.ini ask for 3 on the right). "en" and
# "en-CA" are American English (plain TeX's patterns); en-AU and en-NZ use the British
# ones. Swiss German is German without ß, which the German patterns handle as they are.
LANGUAGES: dict[str, LanguagePatterns] = {
    "de": _GERMAN,
    "de-de": _GERMAN,
    "de-at": _GERMAN,
    "de-ch": _GERMAN,
    "en": _US_ENGLISH,
    "en-us": _US_ENGLISH,
    "en-gb": _UK_ENGLISH,
    "en-au": _UK_ENGLISH,
    "en-nz": _UK_ENGLISH,
    "fr": _FRENCH,
    "fr-fr": _FRENCH,
    "fr-ca": _FRENCH,
    "fr-be": _FRENCH,
    "fr-ch": _FRENCH,
}
# The vowels of German, English and French, and the accented ones of loan words (Ca-fé, Pi-ñon).
VOWELS = frozenset("aeiouyäöüéèêëáàâíìîïóòôúùûÿœæ")
# Marks that spell out a break the author set: "-" and its Unicode forms.
# (U+00AD is handled separately: a word carrying one was hyphenated by hand.)
HYPHENS = frozenset("-\u2010\u2011")
# The hyphenmins the patterns were generated with (pyphen's default, too).
PATTERN_MIN = 2
# A .dic declares its minima in its first lines, after the encoding.
HEADER_LINES = 10
# A book has some ten thousand distinct words; the cap only guards against
# unbounded growth when one instance lives in a long-running process.
CACHE_LIMIT = 200_000


def has_hard_error(word: str, positions: Iterable[int]) -> bool:
    """Tell whether breaking ``word`` at ``positions`` is never legal in German.

    That is a fragment without a vowel (Nach-ba-r-län-der) or a cut inside
    "ch", "ck" or "sch" (Rü-ck-zug); "s-ch" stays legal (Häus-chen).
    """
    low = word.lower()
    cuts = sorted(positions)
    if not cuts:  # an unbroken word is never a hyphenation error
        return False
    if any(_splits_digraph(low, p) for p in cuts):
        return True
    bounds = [0, *cuts, len(low)]
    return any(not VOWELS.intersection(low[a:b]) for a, b in pairwise(bounds))


def _splits_digraph(low: str, p: int) -> bool:
    return low[p - 1 : p + 1] in ("ch", "ck") or low[p - 2 : p + 1] == "sch"


def _filter(low: str, positions: list[int], digraphs: bool) -> list[int]:
    """Drop the breaks that leave a fragment without a vowel (and, with ``digraphs``, split ch/ck/sch).

    Around a vowelless fragment both breaks go: the patterns were unsure there
    and we cannot tell which side is right (Nach-ba|r|län-der could be
    Nach-bar-län-der or Nach-ba-rlän-der), so no guess beats no break. A word
    without any vowel (Pssst, Brrr, a word in another script) gets no break.
    """
    kept = sorted({p for p in positions if 0 < p < len(low) and not (digraphs and _splits_digraph(low, p))})
    # Each pass either returns or removes at least one break, so the loop ends
    # after at most len(positions) passes: with a break left, every fragment
    # has a break at one of its ends, and that break is dropped.
    while kept:
        bounds = [0, *kept, len(low)]
        bad = next(
            (i for i, (a, b) in enumerate(pairwise(bounds)) if not VOWELS.intersection(low[a:b])),
            None,
        )
        if bad is None:
            return kept
        # Fragment ``bad`` lies between bounds[bad] and bounds[bad + 1]; those
        # are kept[bad - 1] and kept[bad] when they are real breaks.
        drop = {bounds[bad], bounds[bad + 1]}
        kept = [p for p in kept if p not in drop]
    return kept


def _plain(marked: str) -> tuple[str, list[int]]:
    """Split a marked word: ``"Na-sar-ba-jew"`` -> ``("Nasarbajew", [2, 5, 7])``."""
    letters: list[str] = []
    breaks: list[int] = []
    for ch in marked:
        if ch in HYPHENS or ch == SOFT_HYPHEN:
            if letters and (not breaks or breaks[-1] != len(letters)):
                breaks.append(len(letters))
        else:
            letters.append(ch)
    word = "".join(letters)
    return word, [b for b in breaks if b < len(word)]


def _segments(word: str) -> list[tuple[int, str]]:
    """Split into runs of letters with offsets: ``Nord-Süd`` -> ``[(0, "Nord"), (5, "Süd")]``."""
    runs: list[tuple[int, str]] = []
    start = None
    for i, ch in enumerate(word):
        # Marks belong to the letter before them: combining accents (NFD input) and
        # the vowel signs of Indic scripts (महाराष्ट्र), which are marks, not letters.
        if ch.isalpha() or (start is not None and unicodedata.category(ch).startswith("M")):
            if start is None:
                start = i
        elif start is not None:
            runs.append((start, word[start:i]))
            start = None
    if start is not None:
        runs.append((start, word[start:]))
    return runs


def _composed(run: str) -> tuple[str, list[int]] | None:
    """Compose ``run`` to NFC; give the offset in ``run`` of each composed letter.

    The patterns only know composed letters (ü, not u + U+0308); text pasted
    from some systems is decomposed.  None when a letter does not compose to a
    single character, in which case we do not guess.
    """
    if unicodedata.is_normalized("NFC", run):
        return run, list(range(len(run)))
    letters: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(run):
        if unicodedata.combining(ch) and offsets:
            letters[-1] += ch
        else:
            letters.append(ch)
            offsets.append(i)
    composed = [unicodedata.normalize("NFC", c) for c in letters]
    if any(len(c) != 1 for c in composed):
        return None
    return "".join(composed), offsets


def _key(word: str) -> str:
    return unicodedata.normalize("NFC", word).lower()


def _tag(language: str) -> str:
    return language.strip().replace("_", "-").lower()


def patterns_for(language: str) -> LanguagePatterns | None:
    """The patterns for a BCP 47 tag (``de-AT``, ``en_GB``, ``fr``), or None when there are none."""
    return _patterns_for(_tag(language))


@functools.lru_cache(maxsize=64)
def _patterns_for(tag: str) -> LanguagePatterns | None:
    parts = tag.split("-")
    for end in range(len(parts), 0, -1):
        known = LANGUAGES.get("-".join(parts[:end]))
        if known is not None:
            return known
    name = pyphen.language_fallback(tag) if tag else None
    if name is None:
        return None
    left, right = _declared_minima(Path(str(pyphen.LANGUAGES[name])))
    return LanguagePatterns(name, left, right)


def _declared_minima(dic: Path) -> tuple[int, int]:
    """LEFTHYPHENMIN/RIGHTHYPHENMIN from a ``.dic`` header (2 where it declares none, as libhyphen)."""
    minima = {"LEFTHYPHENMIN": PATTERN_MIN, "RIGHTHYPHENMIN": PATTERN_MIN}
    with dic.open("rb") as lines:
        header = [next(lines, b"") for _ in range(HEADER_LINES)]
    for raw in header:
        key, _, value = raw.decode("latin-1").strip().partition(" ")
        if key in minima and value.strip().isdigit():
            minima[key] = max(1, int(value))
    return minima["LEFTHYPHENMIN"], minima["RIGHTHYPHENMIN"]


def supported_languages() -> tuple[str, ...]:
    """The language tags that are hyphenated (a longer tag with one of these as prefix is too)."""
    tags = {_display_tag(tag) for tag in LANGUAGES}
    tags.update(_display_tag(name) for name in pyphen.LANGUAGES)
    return tuple(sorted(tags))


def _display_tag(tag: str) -> str:
    """``en_gb`` -> ``en-GB``, ``sr_latn`` -> ``sr-Latn``: BCP 47's customary case."""
    first, *rest = tag.replace("_", "-").split("-")
    return "-".join([first.lower(), *(p.upper() if len(p) == 2 else p.title() for p in rest)])


class Hyphenator:
    """Finds the breaks of words for one language, with per-book overrides.

    Words with a digit or a soft hyphen get no new breaks; hyphenated words
    and gender forms (Arbeiter*innen) are broken part by part, never next to
    the mark; acronyms (UdSSR) stay whole.  ``bundled`` tells whether our own
    patterns are in use rather than pyphen's.
    """

    def __init__(
        self,
        language: str = "de",
        *,
        exceptions: Iterable[str] = (),
        never: Iterable[str] = (),
        left: int | None = None,
        right: int | None = None,
    ) -> None:
        """Load the dictionary for ``language``; ValueError when there is none.

        ``exceptions`` are words written with their breaks ("Na-sar-ba-jew");
        ``never`` are words that are not broken at all; both match without
        regard to case. ``left``/``right`` are the shortest fragments allowed
        at the start and end of a word (or of each part of a hyphenated one);
        by default the language's own (German 2/2, English and French 2/3).
        """
        patterns = patterns_for(language)
        if patterns is None:
            raise ValueError(
                f"no hyphenation dictionary for language {language!r}: neither bundled "
                f"(de) nor in pyphen {pyphen.__version__}"
            )
        left = patterns.left if left is None else left
        right = patterns.right if right is None else right
        if left < 1 or right < 1:
            raise ValueError("left and right must be at least 1")
        self.language = language
        self.left = left
        self.right = right
        source = patterns.dictionary
        self.bundled = patterns.bundled
        # Patterns are only valid 2 letters in from each end (that is how they
        # were generated: at 1 they give junk like "A-b-ar-bei-tung"), so pyphen
        # cuts there and our own left/right apply on top, to exceptions too.
        if isinstance(source, Path):
            compiled.load(source)  # the parsed table, if it is shipped: 0.03 s instead of 0.25 s
            self._dic = pyphen.Pyphen(filename=str(source), left=PATTERN_MIN, right=PATTERN_MIN)
        else:
            self._dic = pyphen.Pyphen(lang=source, left=PATTERN_MIN, right=PATTERN_MIN)
        # The vowel and ch/ck/sch rules hold only where patterns_for says so:
        # other languages have syllables without vowels (Czech "vlk") and other digraphs.
        self._german = patterns.german
        self._vowel_rule = patterns.vowel_rule
        # Keys are NFC and lower case; not casefold(), which turns "Maße" into
        # "masse" and would give one word's breaks to another of other length.
        self._never = {_key(w.replace(SOFT_HYPHEN, "")) for w in never}
        self._exceptions: dict[str, tuple[int, ...]] = {}
        for marked in exceptions:
            word, breaks = _plain(unicodedata.normalize("NFC", marked))
            if self._german and has_hard_error(word, breaks):
                raise ValueError(f"exception {marked!r} breaks inside ch/ck/sch or leaves a part without a vowel")
            self._exceptions[_key(word)] = tuple(breaks)
        self._cache: dict[str, tuple[int, ...]] = {}

    def positions(self, word: str) -> list[int]:
        """Offsets into ``word`` where a break may go, ascending."""
        found = self._cache.get(word)
        if found is None:
            found = self._compute(word)
            if len(self._cache) >= CACHE_LIMIT:
                self._cache.clear()
            self._cache[word] = found
        # A fresh list, so a caller's changes cannot reach the cache.
        return list(found)

    def hyphenate(self, word: str, hyphen: str = SOFT_HYPHEN) -> str:
        """``word`` with ``hyphen`` inserted at each break."""
        parts, last = [], 0
        for p in self.positions(word):
            parts.append(word[last:p])
            last = p
        parts.append(word[last:])
        return hyphen.join(parts)

    def _compute(self, word: str) -> tuple[int, ...]:
        # Digits: years, "2022er", "G20-Gipfel" have no syllables to break.
        # A soft hyphen: the author hyphenated by hand; like TeX with \-, we
        # then add nothing of our own.
        if any(ch.isdigit() for ch in word) or SOFT_HYPHEN in word:
            return ()
        if _key(word) in self._never:
            return ()
        found: list[int] = []
        # Each run of letters between hyphens, gender signs (Arbeiter*innen),
        # apostrophes etc. is hyphenated on its own; left/right keep every
        # break away from those marks.
        for start, run in _segments(word):
            found.extend(start + p for p in self._run_positions(run))
        return tuple(found)

    def _run_positions(self, run: str) -> list[int]:
        composed = _composed(run)
        if composed is None:
            return []
        text, offsets = composed
        key = _key(text)
        if key in self._never or len(text) < self.left + self.right:
            return []
        if key in self._exceptions:
            points = list(self._exceptions[key])
        elif any(ch.isupper() for ch in text[1:]):
            # Acronyms and mixed case (UdSSR, NATO, iPhone) are not split.
            return []
        else:
            low = text.lower()
            if len(low) != len(text):  # a letter whose lower case is longer (İ)
                return []
            points = [int(p) for p in self._dic.positions(low)]
            if self._vowel_rule:
                points = _filter(low, points, digraphs=self._german)
        limit = len(text) - self.right
        # Never before a mark: that would cut a letter from its vowel sign or accent.
        return [
            offsets[p] for p in points if self.left <= p <= limit and not unicodedata.category(text[p]).startswith("M")
        ]
