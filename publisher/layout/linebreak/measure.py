"""What the paragraph builder and the hand-off need to know about the type: the seam to the layout engine.

Every width is in points. ``element`` is always an element of the tree being
laid out (a paragraph, or an inline element inside one): the text measured is
set in that element's computed style.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from lxml.html import HtmlElement


@dataclass(frozen=True)
class ParagraphMetrics:
    """A paragraph's box, as the engine computed it."""

    measure: float  # the content width every line is set to
    indent: float  # the first line's text-indent
    font_size: float
    letter_spacing: float  # the paragraph's computed letter-spacing (inherited by its inline elements)
    justified: bool  # text-align: justify
    last_justified: bool  # text-align-last: justify (the last line is filled too)
    wraps: bool  # white-space: normal (collapsing spaces, breaking lines)


class Measure(Protocol):
    """Widths of text as the layout engine will set it."""

    def paragraph(self, element: HtmlElement) -> ParagraphMetrics | None:
        """The paragraph's metrics, or None if the engine did not lay it out (hidden, not found)."""

    def width(self, element: HtmlElement, text: str, word_spacing: float = 0.0, letter_spacing: float = 0.0) -> float:
        """The width of ``text`` as one text run in ``element``'s style.

        ``word_spacing`` and ``letter_spacing`` are added to the style's own; a
        word's pieces measured as prefixes add up to the whole word's width.
        """

    def space(self, element: HtmlElement) -> float:
        """The width one space adds between two words in ``element``'s style."""

    def generated(self, element: HtmlElement) -> str:
        """The text the style sheets generate after ``element`` (a cross-reference's page number), as best known.

        Where it is not yet known, a string at least as wide: a line set too short is filled by
        justification, one set too long would overflow.
        """

    def tracked(self, element: HtmlElement) -> bool:
        """Whether ``element`` inherits the paragraph's letter-spacing (so tracking a line applies to it)."""
