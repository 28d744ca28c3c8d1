"""Saddle-stitch imposition: page order, sheet size, clipping to the trim box, reproducibility."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import pdfplumber
import pypdf
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageDraw
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    RectangleObject,
    TextStringObject,
)

from publisher.imposition import MM, impose_booklet, saddle_stitch_order

A5 = (148 * MM, 210 * MM)
TRIM_COLOUR = (0xCC, 0xCC, 0xFF)  # the page area; the bleed around it is red, the crop marks black
WHITE = (255, 255, 255)
SCALE = 2  # render at 144 dpi


@cache
def weasyprint_source(count: int) -> bytes:
    """A5 pages with 3 mm red bleed, crop marks and a big page number on a light blue trim area."""
    import weasyprint

    style = """
        @page { size: A5; margin: 0; bleed: 3mm; marks: crop; background: red }
        html, body { margin: 0 }
        section { height: 210mm; break-after: page; background: #ccf; font: 150pt sans-serif;
                  display: flex; align-items: center; justify-content: center }
    """
    sections = "".join(f"<section>{number}</section>" for number in range(1, count + 1))
    html = (
        f"<html><head><title>Testheft</title><meta name=author content='Erika Mustermann'>"
        f"<style>{style}</style></head><body>{sections}</body></html>"
    )
    source = weasyprint.HTML(string=html).write_pdf()
    assert len(pypdf.PdfReader(io.BytesIO(source)).pages) == count
    return source


@cache
def imposed(count: int) -> bytes:
    return impose_booklet(weasyprint_source(count))


def pypdf_source(
    count: int, *, size: tuple[float, float] = A5, rotate: bool = False, odd: int = 0, intent: bool = False
) -> bytes:
    """Pages drawn with pypdf alone: MediaBox only (no TrimBox), the number in Helvetica.

    With ``rotate`` each page is stored landscape with /Rotate 90, so it still displays portrait;
    page ``odd`` (1-based) gets a different size; ``intent`` adds a (profile-less) FOGRA39 output intent.
    """
    writer = pypdf.PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )
    for number in range(1, count + 1):
        width, height = (size[0] + 20, size[1]) if number == odd else size
        page = writer.add_blank_page(width, height)
        content = DecodedStreamObject()
        content.set_data(f"BT /F1 100 Tf {width / 3:.2f} {height / 2:.2f} Td ({number}) Tj ET".encode())
        page[NameObject("/Contents")] = writer._add_object(content)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        if rotate:
            # Turn the content a quarter counter-clockwise into a landscape box; /Rotate 90 turns it back.
            page.add_transformation(pypdf.Transformation().rotate(90).translate(height, 0))
            page.mediabox = RectangleObject([0, 0, height, width])
            page.rotation = 90
    if intent:
        writer.root_object[NameObject("/OutputIntents")] = ArrayObject(
            [
                DictionaryObject(
                    {
                        NameObject("/Type"): NameObject("/OutputIntent"),
                        NameObject("/S"): NameObject("/GTS_PDFX"),
                        NameObject("/OutputConditionIdentifier"): TextStringObject("FOGRA39"),
                    }
                )
            ]
        )
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def numbers_by_half(pdf: bytes) -> list[tuple[int, int]]:
    """The page number printed in the left and the right half of each sheet side."""
    sides = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            middle = page.width / 2
            left = [char for char in page.chars if char["x1"] <= middle]
            right = [char for char in page.chars if char["x0"] >= middle]
            # Every glyph lies wholly in one half: none straddles the fold or leaves the sheet.
            assert len(left) + len(right) == len(page.chars)
            assert all(char["x0"] >= 0 and char["x1"] <= page.width for char in page.chars)
            assert all(char["upright"] for char in page.chars)
            sides.append((int("".join(c["text"] for c in left)), int("".join(c["text"] for c in right))))
    return sides


def test_order_formula() -> None:
    assert saddle_stitch_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert saddle_stitch_order(12) == [(12, 1), (2, 11), (10, 3), (4, 9), (8, 5), (6, 7)]
    assert saddle_stitch_order(4) == [(4, 1), (2, 3)]


@pytest.mark.parametrize("count", [8, 12])
def test_sheets_are_a4_landscape(count: int) -> None:
    reader = pypdf.PdfReader(io.BytesIO(imposed(count)))
    assert len(reader.pages) == count // 4 * 2
    for page in reader.pages:
        assert page.rotation == 0
        assert float(page.mediabox.width) / MM == pytest.approx(297, abs=0.5)
        assert float(page.mediabox.height) / MM == pytest.approx(210, abs=0.5)


@pytest.mark.parametrize("count", [8, 12])
def test_pages_in_saddle_stitch_order(count: int) -> None:
    expected = {
        8: [(8, 1), (2, 7), (6, 3), (4, 5)],
        12: [(12, 1), (2, 11), (10, 3), (4, 9), (8, 5), (6, 7)],
    }[count]
    assert numbers_by_half(imposed(count)) == expected


def test_pages_against_fold() -> None:
    """Unscaled, each page's trim edge on the fold: the glyphs sit where they sat on the trimmed page."""
    source = weasyprint_source(8)
    trim = pypdf.PdfReader(io.BytesIO(source)).pages[0].trimbox
    with pdfplumber.open(io.BytesIO(source)) as document:
        # pdfplumber gives x in user space, where WeasyPrint puts the trim box's left edge at 0.
        assert float(trim.left) == 0
        x_on_page = {int(page.chars[0]["text"]): page.chars[0]["x0"] for page in document.pages}
    with pdfplumber.open(io.BytesIO(imposed(8))) as document:
        for page, (left, right) in zip(document.pages, saddle_stitch_order(8), strict=True):
            fold = page.width / 2
            left_char, right_char = sorted(page.chars, key=lambda char: char["x0"])
            assert left_char["x0"] == pytest.approx(fold - float(trim.width) + x_on_page[left], abs=0.01)
            assert right_char["x0"] == pytest.approx(fold + x_on_page[right], abs=0.01)


def test_source_shows_bleed_and_marks() -> None:
    """The clipping test below means something only if the source really has red bleed and dark marks."""
    document = pdfium.PdfDocument(weasyprint_source(8))
    try:
        image = document[0].render(scale=SCALE).to_pil().convert("RGB")
    finally:
        document.close()
    colours = {colour for _count, colour in image.getcolors(maxcolors=image.width * image.height)}
    assert (255, 0, 0) in colours
    assert any(max(colour) < 100 for colour in colours)


@pytest.mark.parametrize("count", [8, 12])
def test_only_trim_area_visible(count: int) -> None:
    """Rendered, each side shows the two trim areas against the fold and the numbers; no bleed, no marks."""
    pdf = imposed(count)
    with pdfplumber.open(io.BytesIO(pdf)) as plumbed:
        glyph_boxes = [
            [(c["x0"] * SCALE - 2, c["top"] * SCALE - 2, c["x1"] * SCALE + 2, c["bottom"] * SCALE + 2) for c in p.chars]
            for p in plumbed.pages
        ]
    document = pdfium.PdfDocument(pdf)
    try:
        images = [page.render(scale=SCALE).to_pil().convert("RGB") for page in document]
    finally:
        document.close()
    for image, boxes in zip(images, glyph_boxes, strict=True):
        width, height = image.size
        pixels = image.load()
        fold = width / 2
        # A5 is 148 mm wide, so the 0.5 mm per page that A4 has to spare is white at the outer edges.
        outer = 0.5 * MM * SCALE
        trim_edges = (outer, fold, width - outer)
        row = [pixels[x, height // 2] for x in range(width)]
        trim_columns = [x for x, colour in enumerate(row) if _near(colour, TRIM_COLOUR)]
        assert trim_columns[0] == pytest.approx(outer, abs=1.5)
        assert trim_columns[-1] == pytest.approx(width - outer, abs=1.5)
        stray = ImageChops.darker(_far_from(image, TRIM_COLOUR), _far_from(image, WHITE))
        draw = ImageDraw.Draw(stray)
        for box in boxes:
            draw.rectangle(box, fill=0)
        # Renderers round clip edges to whole pixels, so one pixel column at a trim edge may pick up the
        # neighbouring colour; the 3 mm bleed and the marks would reach 17 pixels in.
        for edge in trim_edges:
            draw.rectangle((edge - 1.5, 0, edge + 1.5, height), fill=0)
        assert stray.getbbox() is None, f"stray pixels in {stray.getbbox()} of a {width}×{height} side"


def _near(colour: tuple[int, int, int], target: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 40 for a, b in zip(colour, target, strict=True))


def _far_from(image: Image.Image, colour: tuple[int, int, int]) -> Image.Image:
    """A mask, 255 where a channel differs from ``colour`` by more than 40."""
    difference = ImageChops.difference(image, Image.new("RGB", image.size, colour))
    red, green, blue = (channel.point(lambda value: 255 if value > 40 else 0) for channel in difference.split())
    return ImageChops.lighter(ImageChops.lighter(red, green), blue)


def test_reproducible_with_metadata() -> None:
    source = weasyprint_source(8)
    first, second = impose_booklet(source), impose_booklet(source)
    assert first == second
    reader = pypdf.PdfReader(io.BytesIO(first))
    assert reader.metadata is not None
    assert reader.metadata.title == "Testheft"
    assert reader.metadata.author == "Erika Mustermann"
    assert reader.metadata.producer == "publisher"
    assert "/CreationDate" not in reader.metadata and "/ModDate" not in reader.metadata
    file_id = reader.trailer["/ID"]
    assert len(file_id) == 2 and file_id[0] == file_id[1]
    other = pypdf.PdfReader(io.BytesIO(imposed(12))).trailer["/ID"]
    assert other[0] != file_id[0]


def test_resources_stored_once() -> None:
    """Each page's content appears once, as one compressed form, and the font once for the whole file."""
    reader = pypdf.PdfReader(io.BytesIO(imposed(12)))
    forms, font_files = set(), set()
    for page in reader.pages:
        assert page.get_contents() is not None
        for reference in page["/Resources"]["/XObject"].values():
            forms.add(reference.idnum)
            form = reference.get_object()
            assert form["/Subtype"] == "/Form" and form["/Filter"] == "/FlateDecode"
            for font in form["/Resources"]["/Font"].values():
                font_files.add(font["/DescendantFonts"][0]["/FontDescriptor"].raw_get("/FontFile2").idnum)
    assert len(forms) == 12
    assert len(font_files) == 1


def test_six_pages_rejected() -> None:
    with pytest.raises(ValueError, match="multiple of 4"):
        impose_booklet(pypdf_source(6))


def test_mixed_sizes_rejected() -> None:
    with pytest.raises(ValueError, match="same trim size"):
        impose_booklet(pypdf_source(8, odd=5))


def test_unknown_sheet_rejected() -> None:
    with pytest.raises(ValueError, match="unknown sheet"):
        impose_booklet(pypdf_source(4), sheet="B5")


def test_media_box_fallback() -> None:
    """Without TrimBox or CropBox the MediaBox is the page."""
    pdf = impose_booklet(pypdf_source(8))
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    assert float(page.mediabox.width) == pytest.approx(297 * MM)
    assert numbers_by_half(pdf) == [(8, 1), (2, 7), (6, 3), (4, 5)]


def test_output_intent_kept() -> None:
    """The print edition's CMYK colours are meant for its output intent, so the sheets keep it."""
    reader = pypdf.PdfReader(io.BytesIO(impose_booklet(pypdf_source(4, intent=True))))
    [intent] = reader.root_object["/OutputIntents"]
    assert intent["/OutputConditionIdentifier"] == "FOGRA39"


def test_rotated_pages_upright() -> None:
    pdf = impose_booklet(pypdf_source(4, rotate=True))
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    assert float(page.mediabox.width) == pytest.approx(297 * MM)
    assert float(page.mediabox.height) == pytest.approx(210 * MM)
    assert numbers_by_half(pdf) == [(4, 1), (2, 3)]


def test_other_page_size_not_rounded() -> None:
    """Pages that do not make an A4 sheet get a sheet of exactly two pages."""
    size = (100 * MM, 150 * MM)
    page = pypdf.PdfReader(io.BytesIO(impose_booklet(pypdf_source(4, size=size)))).pages[0]
    assert float(page.mediabox.width) == pytest.approx(200 * MM)
    assert float(page.mediabox.height) == pytest.approx(150 * MM)


def test_objects_are_read_from_object_streams_as_pypdf_reads_them(
    built: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The print edition keeps its small objects (the structure tree's among them) in an object stream."""
    import publisher.imposition as imposition

    source = built["print"].read_bytes()
    assert b"/ObjStm" in source
    read: list[int] = []
    lazy = imposition._ObjectsAskedFor

    class Counting(lazy):
        def _get_object_from_stream(self, indirect_reference):
            read.append(indirect_reference.idnum)
            return super()._get_object_from_stream(indirect_reference)

    monkeypatch.setattr(imposition, "_ObjectsAskedFor", Counting)
    booklet = impose_booklet(source)
    in_streams = len(pypdf.PdfReader(io.BytesIO(source)).xref_objStm)
    assert 0 < len(read) < in_streams / 4  # the structure tree, most of them, is not read
    monkeypatch.setattr(imposition, "_ObjectsAskedFor", pypdf.PdfReader)
    assert impose_booklet(source) == booklet
