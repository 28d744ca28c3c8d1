"""Put soft hyphens into the model's content: one hyphenator for every output.

WeasyPrint then breaks only where we allow it (``hyphens: manual``), so the
PDF and, where the publication asks for it, the EPUB share the same breaks.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import TYPE_CHECKING

from lxml.html import HtmlElement

from ..typography.rules import url_spans
from . import SOFT_HYPHEN, Hyphenator, patterns_for

if TYPE_CHECKING:
    from ..options import HyphenationOptions

# Never hyphenated: headings, code, and anything marked class="nohyphenate".
SKIPPED_TAGS = frozenset(
    ["h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "kbd", "samp", "var", "script", "style", "math", "svg"]
)
SKIPPED_CLASS = "nohyphenate"


def _mark_class() -> str:
    """A regular-expression class of the marks (category M) in the blocks where scripts put them.

    ``re`` has no \\p{M}; combining accents (decomposed text: u + U+0308) and
    the vowel signs of Indic and other scripts are marks, not word characters.
    """
    blocks = [
        (0x0300, 0x1DFF),
        (0x20D0, 0x20FF),
        (0x2CEF, 0x2DFF),
        (0x302A, 0x309A),
        (0xA66F, 0xABFF),
        (0xFE00, 0xFE2F),
    ]
    marks = [chr(c) for lo, hi in blocks for c in range(lo, hi + 1) if unicodedata.category(chr(c)).startswith("M")]
    return "[" + "".join(re.escape(m) for m in marks) + "]"


# A letter with the marks that follow it, so that a word is not cut in two at a mark.
_MARKS = _mark_class()
_LETTER = rf"[^\W\d_]{_MARKS}*"
_WORD = re.compile(rf"(?:{_LETTER})+(?:[-*:_’'\u2010](?:{_LETTER})+)*")
# After a letter or its mark (Kolleg*innen, Schu\u0308ler*innen); "*Innen" is written too.
_GENDER_SIGN = re.compile(rf"(?:(?<=[^\W\d_])|(?<={_MARKS}))[*:_]([iI]n(?:nen)?)")


def hyphenator_for(language: str, options: HyphenationOptions) -> Hyphenator:
    """The hyphenator a publication's ``[hyphenation]`` table asks for (loaded once per build).

    ValueError when there are no patterns for ``language``.
    """
    return _cached_hyphenator(
        language,
        options.exceptions,
        options.never,
        options.left,  # None: the language's own minimum (see patterns_for)
        options.right,
    )


@functools.lru_cache(maxsize=4)
def _cached_hyphenator(
    language: str, exceptions: tuple[str, ...], never: tuple[str, ...], left: int | None, right: int | None
) -> Hyphenator:
    return Hyphenator(language, exceptions=exceptions, never=never, left=left, right=right)


def soft_hyphenator(language: str, options: HyphenationOptions) -> SoftHyphenator | None:
    """The soft-hyphen inserter for a publication, or None where hyphenation is switched off.

    A language without patterns is not hyphenated: None (the reader warns about it, once a build).
    The patterns behind it are loaded once a build (:func:`hyphenator_for`).
    """
    if not options.enabled or patterns_for(language) is None:
        return None
    return SoftHyphenator(hyphenator_for(language, options), options.min_word)


class SoftHyphenator:
    """Inserts soft hyphens into text, word by word."""

    def __init__(self, hyphenator: Hyphenator, min_word: int) -> None:
        self.hyphenator = hyphenator
        self.min_word = min_word

    def word(self, word: str) -> str:
        if len(word) < self.min_word:
            return word
        positions = self.hyphenator.positions(word)
        # A gender form is never split inside its ending: Arbeiter*in-nen would
        # leave "*in" at the end of a line.
        for sign in _GENDER_SIGN.finditer(word):
            positions = [p for p in positions if not sign.start(1) <= p < sign.end(1)]
        if not positions:
            return word
        pieces, last = [], 0
        for position in positions:
            pieces.append(word[last:position])
            last = position
        pieces.append(word[last:])
        return SOFT_HYPHEN.join(pieces)

    def text(self, text: str) -> str:
        """Hyphenate every word of ``text`` except inside URLs and e-mail addresses."""
        pieces, last = [], 0
        for start, end in url_spans(text):
            pieces.append(_WORD.sub(lambda m: self.word(m.group(0)), text[last:start]))
            pieces.append(text[start:end])
            last = end
        pieces.append(_WORD.sub(lambda m: self.word(m.group(0)), text[last:]))
        return "".join(pieces)

    def element(self, element: HtmlElement) -> None:
        """Hyphenate an element's text in place, skipping headings, code and marked names."""

        def visit(node: HtmlElement, skip: bool) -> None:
            skip = skip or node.tag in SKIPPED_TAGS or SKIPPED_CLASS in (node.get("class") or "").split()
            if node.text and not skip:
                node.text = self.text(node.text)
            for child in node:
                if isinstance(child.tag, str):
                    visit(child, skip)
                if child.tail and not skip:
                    child.tail = self.text(child.tail)

        visit(element, False)
