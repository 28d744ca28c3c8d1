"""One layout, two editions: pages laid out with one engine's style sheets, drawn as another's would draw them.

The print edition differs from the screen edition in its colours (CMYK instead of
RGB), its bleed and its printer's marks, never in its type: the same page size, type
area, fonts and lines. Laying it out again would repeat every layout and repair of
the screen edition to get the same boxes. A :class:`Restyle` instead takes the
screen edition's pages and gives each a page box that differs only in bleed, marks
and the area its background paints (the bleed area), and draws them with every
colour of the screen edition's palette replaced by the print edition's.

The palette is found, not assumed: both engines lay out one small probe in which
an element is coloured by each custom property (``--name``) that the target's own
style sheets (those the source does not have: print.css) declare, and the colours
the two compute for it are paired. The probe's page box
gives the print edition's bleed and marks, and its size, which must be the screen
edition's (else :func:`restyler` returns None and the edition is laid out on its own).

Reads WeasyPrint internals: ``Page._page_box``, ``box.style``, the page box's
``background`` layers, ``Document.output_intent`` and ``pdf.stream.Stream.set_color``
(through which every solid colour is drawn).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import weasyprint
from lxml.html import builder as E
from weasyprint.pdf.stream import Stream

from ..pages import LaidOut
from .boxes import page_of, tagged
from .replay import stamp

if TYPE_CHECKING:
    from .engine import Engine

_CUSTOM_PROPERTY = re.compile(r"(--[A-Za-z_][\w-]*)\s*:")
_VARIABLE = "data-variable"
_BLEED = tuple(f"bleed_{side}" for side in ("top", "right", "bottom", "left"))


def _key(color: Any) -> tuple[Any, ...]:
    return (color.space, *color)


class _RestyledDocument(weasyprint.Document):
    """A WeasyPrint document drawn with its colours translated by ``palette``."""

    palette: dict[tuple[Any, ...], Any]

    def copy(self, pages: Any = "all") -> _RestyledDocument:
        document = super().copy(pages)
        document.palette = self.palette
        return document

    def write_pdf(self, *args: Any, **kwargs: Any) -> Any:
        original = Stream.set_color
        palette = self.palette

        def set_color(stream: Stream, color: Any, stroke: bool = False) -> None:
            original(stream, palette.get(_key(color), color), stroke)

        Stream.set_color = set_color
        try:
            return super().write_pdf(*args, **kwargs)
        finally:
            Stream.set_color = original


class Restyle:
    """Turns layouts of the source engine into the target engine's drawing of the same pages."""

    def __init__(self, profiles: Any, palette: dict[tuple[Any, ...], Any], page_style: Any, output_intent: Any):
        self.profiles = profiles  # the target's colour profiles (its output intent's among them)
        self.palette = palette
        self.page_style = page_style  # the target's page box style: its bleed and marks
        self.output_intent = output_intent

    def __call__(self, document: LaidOut) -> LaidOut:
        source = document.handle
        pages = [weasyprint.Page(self._page_box(page.handle._page_box)) for page in document.pages]
        for page, drawn_as in zip(pages, document.pages, strict=True):
            stamp(page, drawn_as.handle)  # drawn as its source is, in this edition's colours (replay.py)
        restyled = _RestyledDocument(
            pages,
            source.metadata,
            source.url_fetcher,
            source.font_config,
            self.profiles,
            self.output_intent,
        )
        restyled.palette = self.palette
        return LaidOut([page_of(page) for page in pages], restyled)

    def _page_box(self, box: Any) -> Any:
        page_box = box.copy()
        style = box.style.copy()
        for name in (*_BLEED, "marks"):
            style[name] = self.page_style[name]
        page_box.style = style
        if box.background is not None:
            # A page's background paints its bleed area (CSS Paged Media), which has grown.
            area = page_box.bleed_area
            layers = [layer._replace(painting_area=area) for layer in box.background.layers]
            page_box.background = box.background._replace(layers=layers)
        return page_box


def restyler(source: Engine, target: Engine) -> Restyle | None:
    """How to draw ``source``'s layouts as ``target`` would, or None if ``target`` lays pages out differently."""
    # Colours the editions do not share are set by custom properties in the target's own style sheets.
    names = sorted(set(_custom_properties([sheet for sheet in target.sources if sheet not in source.sources])))
    probe = E.HTML(E.BODY(E.P(*(E.SPAN("x", {_VARIABLE: name}, style=f"color: var({name})") for name in names))))
    laid_out = [engine.render(probe) for engine in (source, target)]
    boxes = [page.handle._page_box for page in (document.pages[0] for document in laid_out)]
    if _geometry(boxes[0]) != _geometry(boxes[1]):
        return None
    colours = [_colours(box) for box in boxes]
    palette = {
        _key(colour): colours[1][name]
        for name, colour in colours[0].items()
        if name in colours[1] and _key(colour) != _key(colours[1][name])
    }
    return Restyle(target.profiles, palette, boxes[1].style, laid_out[1].handle.output_intent)


def _geometry(page_box: Any) -> tuple[float, ...]:
    """The page's size and margins (where its content goes)."""
    margins = (page_box.margin_top, page_box.margin_right, page_box.margin_bottom, page_box.margin_left)
    return (page_box.margin_width(), page_box.margin_height(), *margins)


def _custom_properties(sheets: list[Path | str]) -> Iterator[str]:
    for sheet in sheets:
        yield from _CUSTOM_PROPERTY.findall(sheet.read_text(encoding="utf-8") if isinstance(sheet, Path) else sheet)


def _colours(page_box: Any) -> dict[str, Any]:
    """The colour computed for each probe element, by its custom property."""
    found: dict[str, Any] = {}
    for box, name in tagged(page_box, _VARIABLE):
        found.setdefault(name, box.style["color"])
    return found
