"""WeasyPrint as the layout engine: the one place that makes and draws its documents.

An :class:`Engine` parses one edition's style sheets and loads its fonts once, then
lays out HTML trees with them and puts pages of several layouts into one document;
:func:`pdf_bytes` draws a document as a reproducible PDF file.
"""

from __future__ import annotations

import contextlib
import io
import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import weasyprint
from lxml import html as lxml_html
from lxml.html import HtmlElement
from weasyprint.text.fonts import FontConfiguration

from ...errors import PublicationError
from ...files import FileRead
from ..pages import LaidOut, Page
from .boxes import laid_out
from .fetcher import ConfinedFetcher, RefusedURLError
from .replay import Drawings, replaying

if TYPE_CHECKING:
    from .measure import WeasyMeasure


PRINT_VARIANT = "pdf/x-4"  # the print edition's: CMYK for its output intent


class Engine:
    """Lays out HTML trees with one set of style sheets, in one PDF variant.

    The style sheets are files or CSS text (made from the publication's options, whose
    ``url()`` resolve against ``base``). They are parsed and the fonts loaded once, for
    every layout the engine makes; only files inside ``allowed`` are ever read.
    """

    def __init__(self, stylesheets: Sequence[Path | str], variant: str, base: Path, allowed: Sequence[Path]) -> None:
        self.variant = variant
        self.sources = list(stylesheets)
        self.fetcher = ConfinedFetcher(list(allowed))
        # @font-face rules only take effect through a FontConfiguration shared by the stylesheets and the layout.
        self.fonts = FontConfiguration()
        # Likewise @color-profile (the print edition's output intent) through one shared dictionary.
        self.profiles: dict[str, object] = {}
        self.base_url = base.as_uri() + "/"
        self.stylesheets = [self._parse(sheet) for sheet in stylesheets]

    def _parse(self, sheet: Path | str) -> weasyprint.CSS:
        """``sheet`` parsed; a resource it asks for outside the allowed folders is the sheet's error.

        A file is read through the fetcher, as everything it loads is: inside the allowed folders only.
        """
        try:
            if isinstance(sheet, Path):
                uri = sheet.resolve().as_uri()
                source: dict[str, Any] = {"file_obj": io.BytesIO(self.fetcher.fetch(uri).read()), "base_url": uri}
            else:
                source = {"string": sheet, "base_url": self.base_url}
            return weasyprint.CSS(
                **source, url_fetcher=self.fetcher, font_config=self.fonts, color_profiles=self.profiles
            )
        except RefusedURLError as error:
            if not isinstance(sheet, Path):  # made of [design]: a font file it names has gone
                raise PublicationError(f"{error}; asked for by [design]") from None
            raise PublicationError(
                f"{error}; the style sheet loads nothing", sheet, _line_of(sheet, error.url)
            ) from None

    def render(self, tree: HtmlElement, extra_css: str = "") -> LaidOut:
        """``tree`` laid out, with ``extra_css`` after the style sheets."""
        extra = [weasyprint.CSS(string=extra_css, font_config=self.fonts)] if extra_css else []
        html = weasyprint.HTML(string=_serialize(tree), base_url=self.base_url, url_fetcher=self.fetcher)
        try:
            document = html.render(
                stylesheets=self.stylesheets + extra,
                font_config=self.fonts,
                color_profiles=self.profiles,
                pdf_tags=True,
                pdf_variant=self.variant,
            )
        except RefusedURLError as error:  # a style sheet's url(): the text's own were checked when read
            raise PublicationError(f"{error}; asked for by a style sheet") from None
        return laid_out(document)

    def files_read(self) -> dict[Path, FileRead]:
        """Every file the engine has read for its layouts so far (images, fonts of the style sheets), as it was then."""
        return dict(self.fetcher.read)

    def measure(self, tree: HtmlElement) -> WeasyMeasure:
        """Widths of text in ``tree`` as this engine will set it (for the line breaker)."""
        from .measure import WeasyMeasure

        return WeasyMeasure(self, tree)

    def compose(self, base: LaidOut, pages: list[Page]) -> LaidOut:
        """A document of ``pages`` (from any layouts of this engine), with ``base``'s metadata."""
        return LaidOut(pages, base.handle.copy([page.handle for page in pages]))


def _line_of(sheet: Path, url: str) -> int | None:
    """The first line of ``sheet`` that names ``url`` (or its file name), if one does."""
    name = url.rstrip("/").rsplit("/", 1)[-1]
    for number, line in enumerate(sheet.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        if url in line or (name and name in line):
            return number
    return None


def text_library_version() -> str:
    """The versions of Pango, HarfBuzz and fontconfig, which find, shape and measure the text.

    They are system libraries, not Python packages: a system upgrade can change how a line
    sets. WeasyPrint does not declare the version functions of the latter two; they are read
    through a declaration of their own ("?" where a library is not found under these names).
    """
    import cffi
    from weasyprint.text.ffi import pango

    own = cffi.FFI()
    own.cdef("const char *hb_version_string (void); int FcGetVersion (void);")
    versions = [f"pango {pango.pango_version()}"]
    libraries: list[tuple[str, tuple[str, ...], Callable[[Any], object]]] = [
        ("harfbuzz", ("libharfbuzz.so.0", "libharfbuzz.0.dylib"), lambda lib: own.string(lib.hb_version_string())),
        ("fontconfig", ("libfontconfig.so.1", "libfontconfig.1.dylib"), lambda lib: lib.FcGetVersion()),
    ]
    for label, names, read in libraries:
        version: object = "?"
        for name in names:
            with contextlib.suppress(OSError, AttributeError):
                version = read(own.dlopen(name))
                break
        shown = version.decode("ascii", "replace") if isinstance(version, bytes) else str(version)
        versions.append(f"{label} {shown}")
    return ", ".join(versions)


def _serialize(tree: HtmlElement) -> str:
    return lxml_html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>")


def pdf_bytes(
    document: LaidOut,
    variant: str,
    document_id: uuid.UUID,
    stamp: int,
    drawings: Drawings | None = None,
    edition: str = "",
) -> bytes:
    """The PDF file of ``document``, tagged, its XMP DocumentID ``document_id``, its fonts stamped ``stamp``.

    With ``drawings``, the pages drawn into the last PDF of ``edition`` written with them are not
    drawn again but replayed, and they then hold this PDF's (replay.py).
    """
    replayed = replaying(drawings, edition) if drawings is not None else contextlib.nullcontext()
    inks = _in_cmyk() if variant == PRINT_VARIANT else contextlib.nullcontext()
    with _document_ids(document_id), _font_times(stamp), page_references_remembered(), replayed, inks:
        return document.handle.write_pdf(pdf_variant=variant, pdf_tags=True)


@contextlib.contextmanager
def _in_cmyk() -> Iterator[None]:
    """Draw every solid sRGB colour as the CMYK its output intent's profile gives it (colors.py).

    The print edition's own colours are CMYK already (print.css, [design] colors); this converts
    the solid colours (text, rules, backgrounds) a publication's style sheet gives in sRGB. Its
    gradients and images are drawn as they are given.
    """
    from tinycss2.color5 import Color
    from weasyprint.pdf.stream import Stream

    from ...colors import cmyk_of

    original = Stream.set_color

    def set_color(stream: Stream, color: Any, stroke: bool = False) -> None:
        if color.space in ("srgb", "hsl", "hwb"):
            red, green, blue = color.to("srgb").coordinates
            color = Color("device-cmyk", cmyk_of(red, green, blue), color.alpha)
        original(stream, color, stroke)

    Stream.set_color = set_color
    try:
        yield
    finally:
        Stream.set_color = original


def page_pdf(document: LaidOut, index: int) -> bytes:
    """Page ``index`` of ``document`` alone, as an untagged PDF (to render it to an image)."""
    return document.handle.copy([document.pages[index].handle]).write_pdf()


@contextlib.contextmanager
def _document_ids(value: uuid.UUID) -> Iterator[None]:
    """Make WeasyPrint's XMP DocumentID (a random uuid4 for PDF/X) ``value``.

    Same inputs, same bytes; WeasyPrint itself notes that these values "could be
    useful instead of using random values".
    """
    from weasyprint.pdf import metadata

    original = metadata.uuid4
    metadata.uuid4 = lambda: value
    try:
        yield
    finally:
        metadata.uuid4 = original


@contextlib.contextmanager
def page_references_remembered() -> Iterator[None]:
    """Make pydyf build its list of the pages' references once per page added, not once per use.

    pydyf's ``PDF.page_references`` makes a new tuple of every page's reference each time it is
    read, and WeasyPrint reads it once per tagged element and per link: time that grows with the
    pages times the elements (about 2 s of drawing a 300-page book's PDF). The remembered tuple is
    the one pydyf would make, until the list of pages changes.
    """
    import pydyf

    original = pydyf.PDF.page_references
    remembered: dict[tuple[int, int], tuple[bytes, ...]] = {}

    def page_references(pdf: pydyf.PDF) -> tuple[bytes, ...]:
        kids = pdf.pages["Kids"]
        key = (id(kids), len(kids))
        if key not in remembered:
            remembered.clear()
            remembered[key] = original.fget(pdf)
        return remembered[key]

    pydyf.PDF.page_references = property(page_references)
    try:
        yield
    finally:
        pydyf.PDF.page_references = original


@contextlib.contextmanager
def _font_times(stamp: int) -> Iterator[None]:
    """Stamp the fonts WeasyPrint subsets with ``stamp``, not the clock.

    Without HarfBuzz's subsetter (libharfbuzz-subset, not on every machine)
    WeasyPrint subsets with fontTools, which writes the current time into each
    font's head table unless SOURCE_DATE_EPOCH is set.
    """
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(stamp)
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
