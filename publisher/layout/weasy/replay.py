"""Pages drawn once, their drawing replayed when the same page is written again (``publisher watch``).

Writing a PDF is mostly drawing: WeasyPrint paints each page (``Page.paint``) into the page's
content stream, glyph by glyph. A page that ``watch`` kept from the last build (the same page
object: paginate.py keeps a part's pages where its text and place did not change) would be
drawn into the same operators again. What the drawing depends on besides the page is the
document's shared state, and what it leaves there, all recorded while a page is drawn:

- the fonts it uses, in the order of their first use, and for each the glyphs it draws, with
  their widths and the text each glyph stands for (what the font's subset and ToUnicode map keep);
- the alpha states it sets (named by their value in the page resources);
- the marked-content ids of its tagged boxes (PDF/UA), numbered on from those tagged before it.

A replayed page puts into that state what its drawing put there, in the same order, where it is
not there yet, and appends the recorded operators: the file is the bytes a drawing would give.
WeasyPrint makes a font on its first use, with the metrics of that use's size: a font a replayed
page brings into the document is made as its first use would make it, from a copy of one made at
that size. A page is drawn, not replayed, where the document holds another width for a glyph than
the page found, or its drawing was made at another scale. A page that touches state named by a
count (images, transparency groups, patterns, shadings, graphic states, glyphs missing from every
font) is never replayed, so those counts stay as a drawing of every page leaves them. Nor is a
page with form fields.

Serializing the file is mostly compressing its streams: a stream with the same bytes as one of the
last PDF of the edition (a replayed page's content, a font subset with the same glyphs) takes the
compressed bytes it had then.

Pages are known by a serial number given when they are laid out (:func:`stamp`): a restyled page
(restyle.py) takes its source's, and each edition keeps its own drawings. Serial numbers are never
reused, in this process or in a forked one, so a drawing is only ever replayed for its own page.

Reads WeasyPrint 70's internals: ``document.Page.paint`` and ``_page_box``, ``pdf.stream.Stream``'s
``_fonts``, ``_resources``, ``_tags`` and the methods that add resources, and ``pdf.fonts.Font``;
and pydyf's use of ``zlib``.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import itertools
import os
import secrets
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import cffi
import pydyf
from weasyprint import document as weasy_document
from weasyprint.pdf import fonts as weasy_fonts
from weasyprint.pdf.stream import Stream
from weasyprint.text.ffi import ffi
from weasyprint.text.fonts import get_pango_font_key

Serial = tuple[str, int]
_SERIAL = "_publisher_serial"
_process = [secrets.token_hex(8)]
_counter = itertools.count()
# A forked process numbers the pages it lays out apart from its parent's.
os.register_at_fork(after_in_child=lambda: _process.__setitem__(0, secrets.token_hex(8)))


def stamp(page: Any, source: Any = None) -> None:
    """Give a WeasyPrint page its serial number (it keeps one it has), or ``source``'s (a page drawn as it is)."""
    if source is not None:
        setattr(page, _SERIAL, getattr(source, _SERIAL, None) or (_process[0], next(_counter)))
    elif getattr(page, _SERIAL, None) is None:
        setattr(page, _SERIAL, (_process[0], next(_counter)))


@dataclass
class Drawing:
    """What drawing one page wrote into its content stream and into the document's state."""

    # What it appended to the page's content stream, as one item (pydyf joins a stream's items by newlines).
    operators: bytes | None
    scale: float  # points per CSS pixel it was drawn at
    fonts: list[tuple[int, float]]  # the fonts' keys and the size of their first use, in the order of first use
    widths: list[tuple[int, int, int]]  # font key, glyph, width
    texts: list[tuple[int, int, str]]  # font key, glyph, the text it stands for
    alphas: list[tuple[str, str, float]]  # ExtGState name, its entry, the alpha value
    tags_before: int | None  # how many boxes of the page were tagged before it was painted (None: untagged)
    tags: list[tuple[int, str, int]]  # the tagged box's place in the page's box tree, its tag, its MCID


@dataclass
class Drawings:
    """The drawings of the pages of the last PDF of each edition, and its compressed streams, for the next.

    ``drawn`` and ``replayed`` count the pages of the last PDF written with it.
    """

    kept: dict[str, dict[Serial, Drawing]] = field(default_factory=dict)
    # By edition: the streams of its last PDF (content, fonts, objects), compressed, by their level and digest.
    compressed: dict[str, dict[tuple[int, bytes], bytes]] = field(default_factory=dict)
    drawn: int = 0
    replayed: int = 0
    # By font key and the size it was first used at (WeasyPrint's font takes that size's metrics).
    _fonts: dict[tuple[int, float], _FontTemplate] = field(default_factory=dict)

    def export(self, edition: str) -> Exported:
        """``edition``'s drawings as plain data, to be :meth:`adopt`-ed by the process this one was forked from."""
        return dict(self.kept.get(edition, {})), dict(self.compressed.get(edition, {}))

    def adopt(self, edition: str, exported: Exported) -> None:
        self.kept[edition], self.compressed[edition] = exported


Exported = tuple[dict[Serial, Drawing], dict[tuple[int, bytes], bytes]]


@contextlib.contextmanager
def replaying(drawings: Drawings, edition: str) -> Iterator[None]:
    """While a PDF of ``edition`` is written, a page with a drawing in ``drawings`` replays it; others record one.

    Afterwards ``drawings`` holds the drawings of this PDF's pages only.
    """
    kept = drawings.kept.get(edition, {})
    made: dict[Serial, Drawing] = {}
    drawings.drawn = drawings.replayed = 0
    originals = {name: getattr(Stream, name) for name in (*_COUNTED, "add_font", "set_alpha")}
    paint, missing_glyph = weasy_document.Page.paint, weasy_fonts.Font.get_unused_glyph_id

    def painted(page: Any, stream: Stream, scale: float = 1) -> None:
        serial = getattr(page, _SERIAL, None)
        drawing = kept.get(serial) if serial is not None else None
        if drawing is not None and _replay(drawing, page, stream, scale, drawings._fonts):
            drawings.replayed += 1
        else:
            drawings.drawn += 1
            drawing = _record(paint, page, stream, scale)
        if drawing is not None and serial is not None:
            made[serial] = drawing

    compressed = _Compressor(drawings.compressed.get(edition, {}))
    for name in _COUNTED:
        setattr(Stream, name, _counted(originals[name]))
    Stream.add_font = _font_adder(originals["add_font"], drawings._fonts)
    Stream.set_alpha = _alpha_setter(originals["set_alpha"])
    weasy_document.Page.paint = painted
    weasy_fonts.Font.get_unused_glyph_id = _counted(missing_glyph)
    zlib_before, pydyf.zlib = pydyf.zlib, compressed
    try:
        yield
        drawings.kept[edition] = made
        drawings.compressed[edition] = compressed.made
    finally:
        for name, method in originals.items():
            setattr(Stream, name, method)
        weasy_document.Page.paint = paint
        weasy_fonts.Font.get_unused_glyph_id = missing_glyph
        pydyf.zlib = zlib_before
        _Recorder.current = None


class _Compressor:
    """``zlib`` as pydyf sees it while a PDF is written: a stream compressed for the last PDF is not compressed again.

    Compressing the streams at level 9 is most of what serializing a PDF costs; a replayed page's
    content stream, and most fonts and objects, are the same bytes as last time.
    """

    def __init__(self, known: dict[tuple[int, bytes], bytes]) -> None:
        self.known = known
        self.made: dict[tuple[int, bytes], bytes] = {}

    def compressobj(self, level: int = -1) -> _Compression:
        return _Compression(self, level)

    def compress(self, data: bytes, level: int = -1) -> bytes:
        return zlib.compress(data, level)


class _Compression:
    """One stream's compression: the data taken in, compressed (or recalled) when it is flushed."""

    def __init__(self, compressor: _Compressor, level: int) -> None:
        self._compressor = compressor
        self._level = level
        self._data: list[bytes] = []

    def compress(self, data: bytes) -> bytes:
        self._data.append(bytes(data))
        return b""

    def flush(self) -> bytes:
        data = b"".join(self._data)
        key = (self._level, hashlib.blake2b(data).digest())
        known = self._compressor.made.get(key) or self._compressor.known.get(key)
        if known is None:
            compression = zlib.compressobj(level=self._level)
            known = compression.compress(data) + compression.flush()
        self._compressor.made[key] = known
        return known


# Stream methods that name what they add by a count of what is there, and glyphs missing from every font.
_COUNTED = ("add_image", "add_group", "add_pattern", "add_shading", "set_state")


class _Recorder:
    """What one page's drawing does to the document's state (the page being drawn: ``current``)."""

    current: _Recorder | None = None

    def __init__(self, page: Any, stream: Stream) -> None:
        self.start = len(stream.stream)
        self.tags_before = len(stream._tags) if stream._tags is not None else None
        self.replayable = not any(page.forms.values())
        self.fonts: dict[int, float] = {}  # key -> the size of its first use
        self.widths: dict[tuple[int, int], None] = {}
        self.texts: dict[tuple[int, int], str] = {}
        self.alphas: dict[tuple[str, str, float], None] = {}


def _record(paint: Any, page: Any, stream: Stream, scale: float) -> Drawing | None:
    """Draw ``page`` as WeasyPrint does; its drawing, if it can be replayed."""
    recorder = _Recorder(page, stream)
    _Recorder.current = recorder
    try:
        paint(page, stream, scale)
    finally:
        _Recorder.current = None
    if not recorder.replayable:
        return None
    appended = stream.stream[recorder.start :]
    fonts = stream._fonts
    widths = []
    for key, glyph in recorder.widths:
        width = dict.get(fonts[key].widths, glyph)
        if width is None:
            return None
        widths.append((key, glyph, width))
    tags: list[tuple[int, str, int]] = []
    if recorder.tags_before is not None:
        places = {id(box): place for place, box in enumerate(_boxes(page._page_box))}
        for box, tag in list(stream._tags.items())[recorder.tags_before :]:
            if id(box) not in places:
                return None
            tags.append((places[id(box)], tag["tag"], tag["mcid"]))
    return Drawing(
        scale=scale,
        operators=b"\n".join(pydyf._to_bytes(item) for item in appended) if appended else None,
        fonts=list(recorder.fonts.items()),
        widths=widths,
        texts=[(key, glyph, text) for (key, glyph), text in recorder.texts.items()],
        alphas=list(recorder.alphas),
        tags_before=recorder.tags_before,
        tags=tags,
    )


def _replay(
    drawing: Drawing, page: Any, stream: Stream, scale: float, templates: dict[tuple[int, float], _FontTemplate]
) -> bool:
    """Put ``drawing`` into ``stream`` and the document's state as drawing ``page`` would; False if it cannot."""
    fonts, tags = stream._fonts, stream._tags
    if scale != drawing.scale:
        return False
    # A font not in the document yet is made as the page's first use would make it, at that size.
    if any(key not in fonts and (key, size) not in templates for key, size in drawing.fonts):
        return False
    # Widths are recorded as the page found them; one the document holds already must be the same.
    for key, glyph, width in drawing.widths:
        if key in fonts and dict.get(fonts[key].widths, glyph, width) != width:
            return False
    if (len(tags) if tags is not None else None) != drawing.tags_before:
        return False
    boxes = _boxes(page._page_box) if drawing.tags else []
    if any(place >= len(boxes) or boxes[place] in tags for place, _tag, _mcid in drawing.tags):
        return False
    for key, size in drawing.fonts:
        if key not in fonts:
            fonts[key] = templates[(key, size)].font()
    for key, glyph, width in drawing.widths:
        dict.setdefault(fonts[key].widths, glyph, width)
    for key, glyph, text in drawing.texts:
        dict.setdefault(fonts[key].to_unicode, glyph, text)
    states = stream._resources["ExtGState"]
    for name, entry, alpha in drawing.alphas:
        if name not in states:
            states[name] = pydyf.Dictionary({entry: alpha})
    for place, tag, mcid in drawing.tags:
        tags[boxes[place]] = {"tag": tag, "mcid": mcid}
    if drawing.operators is not None:
        stream.stream.append(drawing.operators)
    return True


def _boxes(page_box: Any) -> list[Any]:
    """Every box of a page, in one fixed order."""
    found = []
    stack = [page_box]
    while stack:
        box = stack.pop()
        found.append(box)
        stack.extend(reversed(getattr(box, "children", ())))
    return found


def _counted(method: Any) -> Any:
    def counted(*args: Any, **kwargs: Any) -> Any:
        if _Recorder.current is not None:
            _Recorder.current.replayable = False
        return method(*args, **kwargs)

    return counted


def _font_adder(add_font: Any, templates: dict[tuple[int, float], _FontTemplate]) -> Any:
    def adder(stream: Stream, pango_font: Any) -> Any:
        # WeasyPrint makes a font on its first use, with the metrics of that use's size, and returns the size of each.
        known = len(stream._fonts)
        font, size = add_font(stream, pango_font)
        if not isinstance(font.widths, _Widths):  # its glyphs are noted from now on
            if len(stream._fonts) > known:  # made just now, no glyph used yet
                key = next(reversed(stream._fonts))
                if (key, font.font_size) not in templates and _library is not None:
                    templates[(key, font.font_size)] = _FontTemplate(font, key, pango_font)
            else:  # made while the document was written before
                key = next(key for key, each in stream._fonts.items() if each is font)
            _note_glyphs(font, key)
        key = font.widths.key
        if (key, size) not in templates and _library is not None:
            # Another page's first use may be at this size: the font as that page would make it.
            templates[(key, size)] = _FontTemplate(
                weasy_fonts.Font(pango_font, *get_pango_font_key(pango_font)[1:]), key, pango_font
            )
        recorder = _Recorder.current
        if recorder is not None:
            recorder.fonts.setdefault(key, size)
        return font, size

    return adder


def _alpha_setter(set_alpha: Any) -> Any:
    def setter(stream: Stream, alpha: float, stroke: bool = False, fill: bool | None = None) -> None:
        recorder = _Recorder.current
        if recorder is not None:
            if stroke:
                recorder.alphas[(f"A{alpha}", "CA", alpha)] = None
            if (not stroke) if fill is None else fill:
                recorder.alphas[(f"a{alpha}", "ca", alpha)] = None
        set_alpha(stream, alpha, stroke, fill)

    return setter


def _note_glyphs(font: Any, key: int) -> None:
    font.widths = _Widths(font.widths, key)
    font.to_unicode = _Texts(font.to_unicode, key)


class _Widths(dict):
    """A font's glyph widths, noting each glyph a page looks up (WeasyPrint adds what it does not find)."""

    def __init__(self, items: dict, key: int) -> None:
        super().__init__(items)
        self.key = key

    def __contains__(self, glyph: object) -> bool:
        recorder = _Recorder.current
        if recorder is not None:
            recorder.widths[(self.key, glyph)] = None  # type: ignore[index]
        return dict.__contains__(self, glyph)


class _Texts(dict):
    """A font's glyph-to-text map, noting the text of each glyph a page draws.

    WeasyPrint finds the text of a glyph only where the map lacks it; while a page is drawn,
    a glyph the page has not drawn yet is reported missing, so that the page's own text for
    it is found, noted, and kept only if the map had none (as it would be).
    """

    def __init__(self, items: dict, key: int) -> None:
        super().__init__(items)
        self.key = key

    def __contains__(self, glyph: object) -> bool:
        recorder = _Recorder.current
        if recorder is None:
            return dict.__contains__(self, glyph)
        return (self.key, glyph) in recorder.texts

    def __setitem__(self, glyph: int, text: str) -> None:
        recorder = _Recorder.current
        if recorder is None:
            dict.__setitem__(self, glyph, text)
            return
        recorder.texts.setdefault((self.key, glyph), text)
        dict.setdefault(self, glyph, text)


class _FontTemplate:
    """A font as WeasyPrint makes it before any glyph is used, to give a document that has not drawn it yet.

    Holds a reference to the Pango font, whose HarfBuzz face the font subsets from.
    """

    def __init__(self, font: Any, key: int, pango_font: Any) -> None:
        self._font = copy.copy(font)
        self._font.widths, self._font.to_unicode, self._font.missing = {}, {}, {}
        self._font.variations = dict(font.variations)  # subsetting changes a font's own
        self._key = key
        self._pango_font = _referenced(pango_font)

    def font(self) -> Any:
        font = copy.copy(self._font)
        font.widths, font.to_unicode, font.missing = {}, {}, {}
        font.variations = dict(self._font.variations)
        _note_glyphs(font, self._key)
        return font


def _referenced(pointer: Any) -> Any:
    """A reference of our own to a GObject, released when the returned object is collected."""
    address = _gobject.cast("void *", int(ffi.cast("uintptr_t", pointer)))
    return _gobject.gc(_library.g_object_ref(address), _library.g_object_unref)


def _open_gobject() -> Any:
    """GLib's object library, or None where it is not found by these names (no font is then made from a template)."""
    for name in ("libgobject-2.0.so.0", "libgobject-2.0.0.dylib", "libgobject-2.0-0.dll"):
        with contextlib.suppress(OSError):
            return _gobject.dlopen(name)
    return None


_gobject = cffi.FFI()
_gobject.cdef("void *g_object_ref (void *object); void g_object_unref (void *object);")
_library = _open_gobject()
