"""Widths of text as WeasyPrint will set it: its own Pango layout, with the styles its cascade computed.

A :class:`WeasyMeasure` lays out one cheap *probe*: a copy of the tree in which
every text and tail keeps only its first word or two, every element carries
a ``data-measure`` number, and footnotes (never measured, and slow to lay out)
are left out. The probe's boxes give each element's computed style
(from its text boxes) and each paragraph's content width, text-indent and
alignment (from its block box), with the @font-face fonts of the real layout.
Text is then measured with ``weasyprint.text.line_break.split_first_line``,
the function WeasyPrint's inline layout calls, so the fonts, size, features,
kerning and letter-spacing are the ones it will use. The probe and its engine
are kept for the measure's lifetime: WeasyPrint's FontConfiguration deletes its
font files when it is collected, and the styles refer to it.

Widths are cached by (style, text, spacing): words repeat. Reads WeasyPrint
internals (``Page._page_box``, ``box.style``, ``ComputedStyle.copy``).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from lxml.html import HtmlElement
from weasyprint.formatting_structure import boxes
from weasyprint.layout.percent import percentage
from weasyprint.text.line_break import split_first_line

from ..linebreak.measure import ParagraphMetrics
from .boxes import PX, tagged

if TYPE_CHECKING:
    from .engine import Engine

NUMBER = "data-measure"
_PROBE_WORDS = 2
# Widths do not depend on where pages break, nor on anything vertical: the probe lets WeasyPrint break
# pages anywhere and stacks its lines with no height and no space between them, so that it takes few
# pages. Images keep their heights: a height may set an image's width. Each part still starts a page.
_PROBE_CSS = """
* { orphans: 1 !important; widows: 1 !important; break-inside: auto !important }
:not(img, svg, svg *) {
  line-height: 0 !important; height: auto !important; min-height: 0 !important;
  margin-top: 0 !important; margin-bottom: 0 !important; padding-top: 0 !important; padding-bottom: 0 !important;
}
"""
# The computed properties that decide how text is shaped and spaced.
_SHAPING = (
    "font_family", "font_size", "font_style", "font_weight", "font_stretch", "font_kerning",
    "font_variant_ligatures", "font_variant_position", "font_variant_caps", "font_variant_numeric",
    "font_variant_alternates", "font_variant_east_asian", "font_feature_settings", "font_variation_settings",
    "font_language_override", "lang", "letter_spacing", "word_spacing", "text_transform",
)  # fmt: skip


def _short(text: str | None) -> str | None:
    """The first words of ``text`` (its leading and trailing space kept), enough for a text box."""
    if not text:
        return text
    words = text.split()
    if not words:
        return " "
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() else ""
    return lead + " ".join(words[:_PROBE_WORDS]) + trail


class WeasyMeasure:
    """The :class:`~publisher.layout.linebreak.measure.Measure` of one tree laid out by one engine."""

    def __init__(self, engine: Engine, tree: HtmlElement, pages: Mapping[str, int] | None = None) -> None:
        """``pages``: the page of each anchor in an earlier layout, for cross-references' page numbers."""
        self.pages = dict(pages or {})
        self.engine = engine  # kept: its FontConfiguration must outlive every style measured with
        self.numbers: dict[HtmlElement, str] = {}
        probe = copy.deepcopy(tree)
        for number, (original, element) in enumerate(zip(tree.iter(), probe.iter(), strict=True)):
            if not isinstance(original.tag, str):
                continue
            self.numbers[original] = str(number)
            element.set(NUMBER, str(number))
            element.text = _short(element.text)
            element.tail = _short(element.tail)
        for footnote in probe.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' footnote ')]"):
            footnote.drop_tree()  # never measured; WeasyPrint lays notes out slowly (each one again per line)
        # Kept alive with the fonts. The probe's parts break pages as the tree's do: its pages give each part's side.
        self.probe = engine.render(probe, _PROBE_CSS)
        self.styles: dict[str, Any] = {}  # element number -> the computed style of its text
        self.blocks: dict[str, Any] = {}  # element number -> its first block box
        for page in self.probe.handle.pages:
            self._collect(page._page_box)
        self.keys: dict[HtmlElement, tuple[Any, int]] = {}
        self.shapings: dict[tuple[str, ...], int] = {}
        self.widths: dict[tuple[int, str, float, float], float] = {}
        self.tracking: dict[HtmlElement, bool] = {}
        self.calls = 0  # how many widths were really measured (the rest came from the cache)
        self.asked = 0

    def _collect(self, top: Any) -> None:
        for box, number in tagged(top, NUMBER):
            if isinstance(box, boxes.TextBox):
                self.styles.setdefault(number, box.style)
            elif isinstance(box, boxes.BlockBox) and not box.element_tag.endswith(("::before", "::after")):
                self.blocks.setdefault(number, box)

    def _style(self, element: HtmlElement) -> Any:
        number = self.numbers.get(element)
        style = self.styles.get(number) if number is not None else None
        if style is None and number in self.blocks:
            style = self.blocks[number].style
        if style is None:
            # An element with no text of its own in the probe: its text is set in the nearest styled ancestor's.
            for ancestor in element.iterancestors():
                style = self.styles.get(self.numbers.get(ancestor, ""))
                if style is not None:
                    break
        if style is None:
            raise KeyError(f"no style for <{element.tag}> in the probe layout")
        return style

    def _key(self, element: HtmlElement) -> tuple[Any, int]:
        """The element's style and a small number standing for how it shapes text (equal styles, equal numbers)."""
        known = self.keys.get(element)
        if known is None:
            style = self._style(element)
            shaping = tuple(str(style[name]) for name in _SHAPING)
            known = self.keys[element] = (style, self.shapings.setdefault(shaping, len(self.shapings)))
        return known

    def paragraph(self, element: HtmlElement) -> ParagraphMetrics | None:
        block = self.blocks.get(self.numbers.get(element, ""))
        if block is None:
            return None
        style = block.style
        spacing = style["letter_spacing"]
        return ParagraphMetrics(
            measure=block.width * PX,
            indent=percentage(style["text_indent"], style, block.width) * PX,
            font_size=style["font_size"] * PX,
            letter_spacing=0.0 if spacing == "normal" else spacing * PX,
            justified=style["text_align_all"] == "justify",
            last_justified=style["text_align_last"] == "justify",
            wraps=style["white_space"] == "normal",
        )

    def width(self, element: HtmlElement, text: str, word_spacing: float = 0.0, letter_spacing: float = 0.0) -> float:
        style, key = self._key(element)
        cache = (key, text, word_spacing, letter_spacing)
        self.asked += 1
        width = self.widths.get(cache)
        if width is None:
            self.calls += 1
            if word_spacing or letter_spacing:
                style = style.copy()
                style["word_spacing"] = style["word_spacing"] + word_spacing / PX
                base = style["letter_spacing"]
                style["letter_spacing"] = (0.0 if base == "normal" else base) + letter_spacing / PX
            layout = split_first_line(text, style, None, None, 0)
            width = self.widths[cache] = layout[3] * PX
        return width

    def space(self, element: HtmlElement) -> float:
        return self.width(element, "x x") - self.width(element, "xx")

    def generated(self, element: HtmlElement) -> str:
        if "pageref" not in (element.get("class") or "").split():
            return ""
        page = self.pages.get((element.get("href") or "").removeprefix("#"))
        if page is not None:
            return str(page)
        # Unknown: three of the widest figure are at least as wide as any page number of a book.
        return max((digit * 3 for digit in "0123456789"), key=lambda text: self.width(element, text))

    def tracked(self, element: HtmlElement) -> bool:
        known = self.tracking.get(element)
        if known is None:
            paragraph = next((a for a in element.iterancestors("p")), element)
            known = self.tracking[element] = (
                self._style(element)["letter_spacing"] == self._style(paragraph)["letter_spacing"]
            )
        return known
