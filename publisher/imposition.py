"""Saddle-stitch booklet imposition: the print edition two-up on sheets twice its width, for folding and stapling."""

from __future__ import annotations

import hashlib
from io import BytesIO

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    read_object,
)

MM = 72 / 25.4
# Landscape sheet sizes in points (width, height) that a computed sheet is rounded to.
SHEETS: dict[str, tuple[float, float]] = {
    "A3": (420 * MM, 297 * MM),
    "A4": (297 * MM, 210 * MM),
    "A5": (210 * MM, 148 * MM),
    "tabloid": (17 * 72, 11 * 72),  # US 11 × 17 in, two letter pages
}
# ISO A5 is 148 mm wide, so two of them make 296 mm, not A4's 297 mm; 1 mm (plus float noise) still counts as A4.
SNAP_TOLERANCE = 1 * MM + 1e-6
# Pages whose trim sizes differ by less than this (in points) count as the same size.
SIZE_TOLERANCE = 0.01
PRODUCER = "publisher"
KEPT_METADATA = ("/Title", "/Author", "/Subject", "/Keywords")
PDF_WHITESPACE = b"\x00\t\n\x0c\r "


def impose_booklet(source: bytes, *, sheet: str | None = "A4", copies: int = 1) -> bytes:
    """Impose a PDF's pages two-up on sheets in saddle-stitch order, for duplex printing, folding and stapling.

    Each sheet side shows two pages side by side, clipped to their trim boxes (TrimBox, else CropBox,
    else MediaBox), so bleed and crop marks are cut away. For n pages, sheet k (1-based) carries pages
    n-2(k-1) | 2k-1 on its front and 2k | n-2k+1 on its back: for 8 pages the sides are
    [8, 1], [2, 7], [6, 3], [4, 5]. The back is not rotated: it must come out upright with left and
    right exchanged, which is "flip on short edge" for a landscape sheet (the usual booklet setting)
    and "flip on long edge" for a portrait one (four-up); :func:`flip_edge` says which for a sheet's size.

    The sheet is two trim widths by one trim height, rounded to ``sheet`` (a key of ``SHEETS``, or
    None for none) when within 1 mm of it; the pages are never scaled and sit against the fold, so the
    rounding slack (0.5 mm per page for A5 on A4) goes to the outer edges. With ``copies`` of 2, each
    sheet side carries its two pages twice, one pair above the other, on a sheet twice as high ("four-up":
    A6 pages on A4, ``sheet`` then names that sheet): cut through the middle, the sheets make two booklets.
    The output intent, title, author, subject
    and keywords are kept; links and the structure tree are dropped: the result is for the printer
    only. The same input gives the same bytes.

    Raises ValueError if the page count is not a positive multiple of 4 (pad with blank pages first),
    if the pages differ in size, if ``sheet`` is unknown or ``copies`` is not 1 or 2.
    """
    if sheet is not None and sheet not in SHEETS:
        raise ValueError(f"unknown sheet size {sheet!r}; known: {', '.join(SHEETS)}")
    if copies not in (1, 2):
        raise ValueError(f"a sheet side carries its pages once or twice, not {copies} times")
    reader = _ObjectsAskedFor(BytesIO(source))
    pages = list(reader.pages)
    count = len(pages)
    if count == 0 or count % 4:
        raise ValueError(
            f"a saddle-stitched booklet needs a multiple of 4 pages, the PDF has {count}; "
            "pad it with blank pages before imposing"
        )
    sizes = [_trim_size(page) for page in pages]
    width, height = sizes[0]
    for number, (page_width, page_height) in enumerate(sizes, start=1):
        if abs(page_width - width) > SIZE_TOLERANCE or abs(page_height - height) > SIZE_TOLERANCE:
            raise ValueError(
                f"all pages must have the same trim size: page 1 is {_mm(width)} × {_mm(height)} mm, "
                f"page {number} is {_mm(page_width)} × {_mm(page_height)} mm"
            )
    sheet_width, sheet_height = _sheet_size(2 * width, copies * height, sheet)

    writer = PdfWriter()
    writer.pdf_header = reader.pdf_header
    forms = [_page_form(writer, page) for page in pages]
    # Pages against the fold: the spine must be exactly at the sheet's centre for folding.
    left_x, right_x = sheet_width / 2 - width, sheet_width / 2
    # Copies against the cut: it must be exactly at the sheet's middle.
    rows = [(sheet_height - height) / 2] if copies == 1 else [sheet_height / 2 - height, sheet_height / 2]
    for left, right in saddle_stitch_order(count):
        placed = [(number, x, y) for y in rows for number, x in ((left, left_x), (right, right_x))]
        _add_side(writer, forms, pages, placed, sheet_width, sheet_height)
    layout = (sheet or "").encode() + (b" four-up" if copies == 2 else b"")
    return _finish(writer, reader, source, layout)


def impose_copies(source: bytes, *, sheet: str = "A4") -> bytes:
    """Each page of a PDF as many times as it fits on a ``sheet`` side by side, to print and cut.

    For a flyer, which is not folded: sheet side k carries page k, in a grid of trimmed pages that
    touch (so one cut separates two), the grid centred on the sheet, which is turned landscape
    where more copies fit that way (three DL flyers on A4 landscape, four A6 on A4 portrait). A
    page larger than half the sheet stands on it once. Printed duplex as :func:`flip_edge` says, the
    backs of two-page flyers are behind their fronts. The same input gives the same bytes.
    """
    if sheet not in SHEETS:
        raise ValueError(f"unknown sheet size {sheet!r}; known: {', '.join(SHEETS)}")
    reader = _ObjectsAskedFor(BytesIO(source))
    pages = list(reader.pages)
    if not pages:
        raise ValueError("the PDF has no pages")
    width, height = _trim_size(pages[0])
    long_side, short_side = max(SHEETS[sheet]), min(SHEETS[sheet])
    sheet_width, sheet_height, columns, rows = max(
        (
            (w, h, int((w + SIZE_TOLERANCE) // width), int((h + SIZE_TOLERANCE) // height))
            for w, h in ((short_side, long_side), (long_side, short_side))
        ),
        key=lambda option: (option[2] * option[3], option[0] < option[1]),
    )
    if columns * rows == 0:
        sheet_width, sheet_height, columns, rows = width, height, 1, 1
    left = (sheet_width - columns * width) / 2
    bottom = (sheet_height - rows * height) / 2
    writer = PdfWriter()
    writer.pdf_header = reader.pdf_header
    forms = [_page_form(writer, page) for page in pages]
    # The grid is centred and every cell holds the same page: turned over, each copy of a back page
    # lands behind a copy of its front.
    cells = [(left + column * width, bottom + row * height) for row in range(rows) for column in range(columns)]
    for number in range(1, len(pages) + 1):
        _add_side(writer, forms, pages, [(number, x, y) for x, y in cells], sheet_width, sheet_height)
    return _finish(writer, reader, source, f"copies {sheet}".encode())


def sheet_size(imposed: bytes) -> tuple[float, float]:
    """The width and height (points) of the sheets of an imposed PDF."""
    box = PdfReader(BytesIO(imposed)).pages[0].mediabox
    return float(box.width), float(box.height)


def flip_edge(width: float, height: float) -> str:
    """The duplex setting that puts each back behind its front: "short edge" for landscape sheets, else "long edge"."""
    return "short edge" if width > height else "long edge"


def _add_side(
    writer: PdfWriter,
    forms: list[IndirectObject],
    pages: list[PageObject],
    placed: list[tuple[int, float, float]],
    width: float,
    height: float,
) -> None:
    """A sheet side of ``width`` × ``height`` with page ``number`` (1-based) at each (number, x, y)."""
    side = writer.add_blank_page(width, height)
    xobjects = DictionaryObject()
    content = []
    for number, x, y in placed:
        name = f"/P{number}"
        xobjects[NameObject(name)] = forms[number - 1]
        a, b, c, d, e, f = _display_matrix(pages[number - 1])
        content.append(f"q {_n(a)} {_n(b)} {_n(c)} {_n(d)} {_n(e + x)} {_n(f + y)} cm {name} Do Q")
    side[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects})
    side[NameObject("/Contents")] = _stream(writer, "\n".join(content).encode())


def _finish(writer: PdfWriter, reader: PdfReader, source: bytes, layout: bytes) -> bytes:
    """The sheets' file: the source's language, output intent and metadata kept, a content-derived /ID."""
    # The print edition's colours are CMYK for its output intent (ICC profile); keep it so viewers and
    # printers convert them the same way on the sheets.
    if "/Lang" in reader.root_object:  # the document's language, for readers and checkers
        writer.root_object[NameObject("/Lang")] = reader.root_object.raw_get("/Lang").clone(writer)
    if "/OutputIntents" in reader.root_object:
        writer.root_object[NameObject("/OutputIntents")] = reader.root_object.raw_get("/OutputIntents").clone(writer)

    metadata = {key: str(value) for key, value in (reader.metadata or {}).items() if key in KEPT_METADATA}
    writer.add_metadata({**metadata, "/Producer": PRODUCER, "/Creator": PRODUCER})
    # pypdf writes no /ID unless encrypting; a content-derived one keeps the output reproducible.
    digest = ByteStringObject(hashlib.sha256(source + layout).digest()[:16])
    writer._ID = ArrayObject([digest, digest])
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


class _ObjectsAskedFor(PdfReader):
    """A reader that parses, of an object stream, only the objects asked for.

    pypdf 7 parses every object of an object stream as soon as one of them is asked for.
    WeasyPrint puts all its small objects into one stream, the structure tree's tens of
    thousands of elements among them, which the booklet drops: on a 268-page book that was
    2 of the imposition's 3 seconds. The objects read are the same, so are the booklet's bytes.
    """

    def __init__(self, stream: BytesIO) -> None:
        # Object stream number -> its decoded data (and a reader of it), where its objects start, each one's offset.
        self._object_streams: dict[int, tuple[bytes, BytesIO, int, dict[int, int]]] = {}
        super().__init__(stream)

    def _get_object_from_stream(self, indirect_reference: IndirectObject) -> PdfObject:
        number = indirect_reference.idnum
        stream_number, _index = self.xref_objStm[number]
        if stream_number not in self._object_streams:
            stream = IndirectObject(stream_number, 0, self).get_object()
            data = stream.get_data()
            first = int(stream["/First"])
            header = [int(value) for value in data[:first].split()]
            offsets = dict(zip(header[0::2], header[1::2], strict=True))
            self._object_streams[stream_number] = (data, BytesIO(data), first, offsets)
        data, reader, first, offsets = self._object_streams[stream_number]
        if number not in offsets:
            raise PdfReadError(f"object {number} is not in object stream {stream_number}")
        start = first + offsets[number]
        while start < len(data) and data[start] in PDF_WHITESPACE:  # an offset may point at a space
            start += 1
        reader.seek(start)
        parsed = read_object(reader, self)
        self.cache_indirect_object(0, number, parsed)  # pypdf's get_object leaves that to this method
        return parsed


def saddle_stitch_order(count: int) -> list[tuple[int, int]]:
    """The (left, right) 1-based page numbers of each sheet side, front then back, sheet by sheet."""
    sides = []
    for k in range(count // 4):
        sides.append((count - 2 * k, 2 * k + 1))
        sides.append((2 * k + 2, count - 2 * k - 1))
    return sides


def _trim_box(page: PageObject) -> tuple[float, float, float, float]:
    # pypdf's trimbox already falls back to the CropBox, then the MediaBox.
    x0, y0, x1, y1 = (float(value) for value in page.trimbox)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _trim_size(page: PageObject) -> tuple[float, float]:
    """Width and height of the trimmed page as displayed, i.e. after /Rotate."""
    x0, y0, x1, y1 = _trim_box(page)
    if page.rotation % 180:
        return y1 - y0, x1 - x0
    return x1 - x0, y1 - y0


def _display_matrix(page: PageObject) -> tuple[float, float, float, float, float, float]:
    """The matrix taking the page's user space to its displayed trim box at the origin, applying /Rotate."""
    x0, y0, x1, y1 = _trim_box(page)
    rotation = page.rotation % 360
    if rotation == 90:
        return 0, -1, 1, 0, -y0, x1
    if rotation == 180:
        return -1, 0, 0, -1, x1, y1
    if rotation == 270:
        return 0, 1, -1, 0, y1, -x0
    return 1, 0, 0, 1, -x0, -y0


def _sheet_size(width: float, height: float, sheet: str | None) -> tuple[float, float]:
    """``width`` × ``height``, or the named sheet, either way up, where it is within 1 mm of that."""
    if sheet is not None:
        named_width, named_height = SHEETS[sheet]
        for candidate in ((named_width, named_height), (named_height, named_width)):
            if abs(width - candidate[0]) <= SNAP_TOLERANCE and abs(height - candidate[1]) <= SNAP_TOLERANCE:
                return candidate
    return width, height


def _page_form(writer: PdfWriter, page: PageObject) -> IndirectObject:
    """The page as a form XObject in ``writer``; its /BBox is the trim box, which clips bleed and marks away."""
    contents = page.get_contents()
    form = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/FormType"): NumberObject(1),
            NameObject("/BBox"): ArrayObject(FloatObject(value) for value in _trim_box(page)),
            # Cloning into the writer maps each source object once, so fonts shared by pages are stored once.
            NameObject("/Resources"): _clone(page, "/Resources", writer) or DictionaryObject(),
        }
    )
    # A page's transparency group blends its content; the form must keep blending the same way.
    group = _clone(page, "/Group", writer)
    if group is not None:
        form[NameObject("/Group")] = group
    return _stream(writer, contents.get_data() if contents is not None else b"", form)


def _clone(page: PageObject, key: str, writer: PdfWriter) -> PdfObject | None:
    """A copy of a page entry in ``writer``; an indirect entry stays indirect, so it is copied only once."""
    return page.raw_get(key).clone(writer) if key in page else None


def _stream(writer: PdfWriter, data: bytes, entries: DictionaryObject | None = None) -> IndirectObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    if entries is not None:
        stream.update(entries)
    # pypdf has no public call for adding a free-standing indirect object.
    return writer._add_object(stream.flate_encode(level=9))


def _n(value: float) -> str:
    """A number for a content stream: fixed precision, so equal input gives equal bytes."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _mm(points: float) -> str:
    return f"{points / MM:.1f}"
