"""[design]: the format, house colours, a publication's own CSS, logo, cover image and the designs of init.

Each option is built and read back from the outputs: page and sheet sizes, boxes, the imposition's
page order, colours in the content streams, the pictures on the covers.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from pathlib import Path

import pdfplumber
import pypdf
import pytest
from conftest import manuscript_with
from PIL import Image
from validate import epubcheck_problems

from publisher.build import build
from publisher.config import load_config
from publisher.errors import PublicationError
from publisher.imposition import saddle_stitch_order
from publisher.reader import read_publication
from publisher.scaffold import scaffold
from publisher.writers.pdf.document import has_contents_page

MM = 72 / 25.4
FORMATS = ["pdf", "print", "booklet", "epub"]
# page option → trim size (mm), booklet sheet (mm), copies of each pair on a sheet side
CASES = {
    "A6": ((105, 148), (210, 297), 2),  # four-up: the A5 side twice on A4, for cutting
    "A4": ((210, 297), (420, 297), 1),
    "letter": ((215.9, 279.4), (431.8, 279.4), 1),
    "120x190mm": ((120, 190), (240, 190), 1),
    "DL": ((99, 210), (198, 210), 1),  # no standard sheet two DL pages wide: a sheet of their size
}


@pytest.fixture(scope="module", params=list(CASES))
def formatted(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:
    page = request.param
    booklet = 'booklet = "four-up"\n' if CASES[page][2] == 2 else ""
    folder = tmp_path_factory.mktemp("format")
    source = manuscript_with(folder, f'[design]\npage = "{page}"\n{booklet}')
    paths = build(source, folder / "out", FORMATS)
    return page, dict(zip(FORMATS, paths, strict=True))


def _size(box: pypdf.generic.RectangleObject) -> tuple[float, float]:
    return round(float(box.width) / MM, 1), round(float(box.height) / MM, 1)


def test_every_format_sets_pages_boxes_and_booklet_sheets(formatted: tuple[str, dict]) -> None:
    page, paths = formatted
    (width, height), sheet, copies = CASES[page]
    screen = pypdf.PdfReader(paths["pdf"])
    assert {_size(p.mediabox) for p in screen.pages} == {(width, height)}
    printed = pypdf.PdfReader(paths["print"])
    assert len(printed.pages) % 4 == 0
    for p in printed.pages:
        assert _size(p.trimbox) == (width, height)
        assert _size(p.bleedbox) == (round(width + 6, 1), round(height + 6, 1))  # 3 mm on every side
    booklet = pypdf.PdfReader(paths["booklet"])
    assert len(booklet.pages) == len(printed.pages) // 2
    order = saddle_stitch_order(len(printed.pages))
    for side, (left, right) in zip(booklet.pages, order, strict=True):
        assert _size(side.mediabox) == sheet
        placed = re.findall(rb"/P(\d+) Do", side.get_contents().get_data())
        assert [int(n) for n in placed] == [left, right] * copies


def test_nothing_overflows_a_page_in_any_format(formatted: tuple[str, dict]) -> None:
    page, paths = formatted
    (width, height), _, _ = CASES[page]
    with pdfplumber.open(paths["pdf"]) as pdf:
        for number, sheet in enumerate(pdf.pages, start=1):
            for char in sheet.chars:
                inside = char["x0"] >= 2 * MM and char["x1"] <= width * MM - 2 * MM
                assert inside and char["top"] >= 2 * MM and char["bottom"] <= height * MM - 2 * MM, (
                    f"page {number}: {char['text']!r} at {char['x0']:.1f}, {char['top']:.1f} leaves the page"
                )


def test_the_epub_cover_has_the_formats_proportions(formatted: tuple[str, dict]) -> None:
    page, paths = formatted
    (width, height), _, _ = CASES[page]
    with zipfile.ZipFile(paths["epub"]) as book:
        cover = Image.open(io.BytesIO(book.read("EPUB/images/cover.jpg")))
    assert abs(cover.width / cover.height - width / height) < 0.01


def test_the_base_size_follows_the_format_and_can_be_set(tmp_path: Path) -> None:
    small = build(manuscript_with(tmp_path / "a", '[design]\npage = "A6"\n'), tmp_path / "out-a", ["pdf"])[0]
    large = build(manuscript_with(tmp_path / "b", '[design]\npage = "A6"\nbase_size = 11\n'), tmp_path / "b-o", ["pdf"])
    sizes = []
    for path in (small, large[0]):
        with pdfplumber.open(path) as pdf:
            chars = [char for page in pdf.pages for char in page.chars]
            body = [round(char["size"], 1) for char in chars if char["fontname"].endswith("Publisher-Serif")]
        sizes.append(max(set(body), key=body.count))
    assert sizes == [8.5, 11.0]


# House colours: the print edition in CMYK, the screen edition in sRGB.
_COLOURS = '[design]\ncolors = { accent = "#0055a4", cover = "#0055a4", cover_text = "device-cmyk(0 0 0.2 0)" }\n'


@pytest.fixture(scope="module")
def coloured(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("colours")
    source = manuscript_with(folder, _COLOURS)
    (source / "hausstil.css").write_text("h2 { color: #00a000; }\n", encoding="utf-8")
    with (source / "publication.toml").open("a", encoding="utf-8") as config:
        config.write('css = ["hausstil.css"]\n')
    return dict(zip(FORMATS, build(source, folder / "out", FORMATS), strict=True))


def _colour_operators(path: Path) -> set[bytes]:
    found: set[bytes] = set()
    for page in pypdf.PdfReader(path).pages:
        data = page.get_contents().get_data()
        found |= set(re.findall(rb"(?<![\d.])((?:[\d.]+ ){3,4}(?:rg|RG|scn|SCN))\b", data))
    return found


def test_house_colours_are_cmyk_in_print_and_srgb_on_screen(coloured: dict[str, Path]) -> None:
    printed = _colour_operators(coloured["print"])
    assert b"0.898 0.569 0 0.161 scn" in printed  # #0055a4 through the FOGRA39 profile
    assert b"0 0 0.2 0 scn" in printed  # a CMYK colour as given
    assert not any(op.endswith((b"rg", b"RG")) for op in printed)  # no RGB reaches the print shop
    screen = _colour_operators(coloured["pdf"])
    assert b"0 0.333333 0.643137 rg" in screen  # #0055a4
    # The house style sheet's sRGB green: RGB on screen, converted in print.
    assert b"0 0.627451 0 rg" in screen
    assert not any(op.endswith(b"rg") for op in printed)


def test_the_epub_takes_the_house_colours_and_style_sheet(coloured: dict[str, Path]) -> None:
    with zipfile.ZipFile(coloured["epub"]) as book:
        names = book.namelist()
        text = book.read("EPUB/artikel.xhtml").decode()
        design = book.read("EPUB/style/design.css").decode()
    assert "EPUB/style/house-1.css" in names
    assert 'href="style/house-1.css"' in text and 'href="style/design.css"' in text
    assert "#0055a4" in design


@pytest.mark.parametrize(
    "sheet",
    ["@import url(file:///etc/passwd);\n", "@font-face { font-family: X; src: url(http://127.0.0.1:9/x.otf); }\n"],
)
def test_a_hostile_style_sheet_loads_nothing_and_stops_the_build(tmp_path: Path, sheet: str) -> None:
    source = manuscript_with(tmp_path, '[design]\ncss = ["hausstil.css"]\n')
    (source / "hausstil.css").write_text(sheet + "h1 { color: red; }\n", encoding="utf-8")
    with pytest.raises(PublicationError) as error:
        build(source, tmp_path / "out", ["pdf"])
    assert str(error.value).startswith(f"{source / 'hausstil.css'}:1: refused to")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob("*.pdf"))


def _image(path: Path, size: tuple[int, int], colour: tuple[int, int, int]) -> None:
    Image.new("RGB", size, colour).save(path)


@pytest.fixture(scope="module")
def covered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    folder = tmp_path_factory.mktemp("cover")
    source = manuscript_with(folder, '[design]\nlogo = "logo.png"\n')
    _image(source / "logo.png", (600, 180), (255, 255, 255))
    _image(source / "titel.jpg", (2000, 1400), (20, 140, 60))
    config = source / "publication.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("slug =", 'cover_image = "titel.jpg"\nslug ='))
    return source, dict(zip(FORMATS, build(source, folder / "out", FORMATS), strict=True))


def _images(path: Path, page: int) -> list[dict]:
    with pdfplumber.open(path) as pdf:
        return [dict(image) for image in pdf.pages[page].images]


def test_the_cover_image_fills_the_covers_head_into_the_bleed(covered: tuple[Path, dict[str, Path]]) -> None:
    _, paths = covered
    photo = max(_images(paths["print"], 0), key=lambda image: image["width"])
    with pdfplumber.open(paths["print"]) as pdf:
        left, top, right, _ = pdf.pages[0].bbox  # the media box: the trim plus 3 mm bleed on each side
    assert photo["x0"] <= left + 0.1 and photo["top"] <= top + 0.1 and photo["x1"] >= right - 0.1
    assert photo["srcsize"] == (2000, 1400)


def test_the_logo_is_on_both_covers_and_the_credit_in_the_imprint(covered: tuple[Path, dict[str, Path]]) -> None:
    _, paths = covered
    reader = pypdf.PdfReader(paths["pdf"])
    for index in (0, len(reader.pages) - 1):
        assert (600, 180) in [image["srcsize"] for image in _images(paths["pdf"], index)]
    assert "Foto: Esetok/CC" in reader.pages[1].extract_text()


def test_the_epub_cover_is_the_printed_cover(covered: tuple[Path, dict[str, Path]]) -> None:
    _, paths = covered
    with zipfile.ZipFile(paths["epub"]) as book:
        cover = Image.open(io.BytesIO(book.read("EPUB/images/cover.jpg"))).convert("RGB")
    assert cover.height >= 1400
    assert cover.getpixel((cover.width // 2, 10))[1] > 120  # the green photo at its head
    assert cover.getpixel((cover.width // 2, cover.height - 10))[0] > 90  # the red cover at its foot


def test_a_boxed_cover_image_stays_inside_the_margins(tmp_path: Path) -> None:
    source = manuscript_with(tmp_path, '[design]\ncover_image = "boxed"\n')
    _image(source / "titel.png", (1600, 1000), (20, 140, 60))
    config = source / "publication.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("slug =", 'cover_image = "titel.png"\nslug ='))
    pdf = build(source, tmp_path / "out", ["pdf"])[0]
    (photo,) = _images(pdf, 0)
    assert photo["x0"] >= 15 * MM - 0.5 and photo["x1"] <= (148 - 15) * MM + 0.5


def test_low_resolution_pictures_are_warned_of_with_their_dpi(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    source = manuscript_with(tmp_path, '[design]\nlogo = "logo.png"\n')
    _image(source / "logo.png", (60, 18), (255, 255, 255))
    _image(source / "titel.jpg", (400, 280), (20, 140, 60))
    config = source / "publication.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("slug =", 'cover_image = "titel.jpg"\nslug ='))
    with caplog.at_level(logging.WARNING, logger="publisher"):
        build(source, tmp_path / "out", ["pdf"])
    messages = [record.getMessage() for record in caplog.records]
    # 400 px across 154 mm (the page and its bleed): 66 dpi; 60 px across 40 mm: 38 dpi.
    assert any("titel.jpg: cover_image is 66 dpi at print size" in message for message in messages), messages
    assert any("logo.png: [design] logo is 38 dpi at print size" in message for message in messages), messages


def test_toc_auto_counts_pages_too(tmp_path: Path) -> None:
    """One chapter with sections: a contents page once its text is estimated at more than toc_pages pages."""
    assert not has_contents_page(read_publication(manuscript_with(tmp_path / "a", "")))  # about 7.5 pages
    assert has_contents_page(read_publication(manuscript_with(tmp_path / "b", "[design]\ntoc_pages = 5\n")))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ('page = "A7"', '[design] page must be "A6", "A5", "A4", "letter", "DL" or a size such as "120x190mm"'),
        ('page = "20x30mm"', "each side must be between 70 and 500 mm"),
        ("margins = [10, 10]", "[design] margins must be a list of 4 numbers between 0 and 100"),
        ("margins = [60, 60, 60, 60]", "leave too little of a 148 × 210 mm page"),
        ("base_size = 30", "[design] base_size must be between 6 and 16"),
        ('booklet = "eight-up"', "[design] booklet must be one of 'two-up', 'four-up'"),
        ('cover_image = "huge"', "[design] cover_image must be one of 'full', 'boxed', 'none'"),
        ('colors = { accent = "red" }', "[design] colors.accent: 'red' is not a colour"),
        ('colors = { links = "#000" }', "[design] colors: unknown role 'links'"),
        ('css = ["fehlt.css"]', "[design] css: 'fehlt.css' not found in the publication folder"),
        ('css = ["../x.css"]', "[design] css: '../x.css' must be a file inside the publication folder"),
        ('logo = "artikel.md"', "[design] logo: 'artikel.md' must be a .svg or .png file"),
    ],
)
def test_bad_design_values_are_clear_errors(tmp_path: Path, options: str, message: str) -> None:
    source = manuscript_with(tmp_path, f"[design]\n{options}\n")
    with pytest.raises(PublicationError) as error:
        load_config(source)
    assert message in str(error.value) and "publication.toml" in str(error.value)


@pytest.mark.parametrize("design", ["pamphlet", "book", "flyer"])
def test_each_design_of_init_builds_at_once(tmp_path: Path, design: str) -> None:
    source = tmp_path / "neu"
    scaffold(source, title="Neu", design=design)
    pdf, epub = build(source, tmp_path / "out", ["pdf", "epub"])
    pages = [page.extract_text() or "" for page in pypdf.PdfReader(pdf).pages]
    contents = [text for text in pages if text.startswith("Inhalt")]
    if design == "book":
        # The contents page, and each chapter on a right-hand (odd) page with its title in the running head.
        assert len(contents) == 1 and "Kapitel 3: Eine Überschrift" in contents[0]
        starts = [
            number
            for number, text in enumerate(pages, start=1)
            if re.search(r"^Kapitel \d:", text, re.M) and text not in contents
        ]
        assert len(starts) == 3 and all(number % 2 for number in starts)
    else:
        assert contents == []
    assert zipfile.ZipFile(epub).testzip() is None
    assert epubcheck_problems(epub, tmp_path) == []


# A publication's own fonts: copies of the bundled OFL faces stand in for a house font.
FONTS = Path(__file__).resolve().parent.parent / "styles" / "fonts"


def _own_font(source: Path, name: str, bundled: str = "LinBiolinum_R.otf") -> None:
    (source / "fonts").mkdir(exist_ok=True)
    (source / "fonts" / name).write_bytes((FONTS / bundled).read_bytes())


def test_own_fonts_set_their_roles(tmp_path: Path) -> None:
    source = manuscript_with(
        tmp_path,
        '[design.fonts]\ntext = { regular = "fonts/Haus.otf", italic = "fonts/Haus-Kursiv.otf" }\nheadings = "serif"\n',
    )
    _own_font(source, "Haus.otf")
    _own_font(source, "Haus-Kursiv.otf", "LinBiolinum_RI.otf")
    pdf = build(source, tmp_path / "out", ["pdf"])[0]
    with pdfplumber.open(pdf) as document:
        fonts = {char["fontname"].split("+")[-1] for page in document.pages[2:4] for char in page.chars}
    assert {"Publisher-House-Text", "Publisher-House-Text-Italic", "Publisher-Serif-Bold"} <= fonts
    assert "Publisher-Sans-Bold" not in fonts  # the headings are set in the bundled serif now


def test_an_own_font_is_glyph_checked(tmp_path: Path) -> None:
    from fontTools import subset

    source = manuscript_with(tmp_path, '[design.fonts]\ntext = { regular = "fonts/Klein.otf" }\n')
    (source / "fonts").mkdir()
    options = subset.Options()
    options.name_IDs = ["*"]  # keep the licence records
    font = subset.load_font(FONTS / "LinLibertine_R.otf", options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ .,")
    subsetter.subset(font)
    subset.save_font(font, source / "fonts" / "Klein.otf", options)
    with pytest.raises(PublicationError) as error:
        build(source, tmp_path / "out", ["pdf"])
    assert "Publisher House Text regular" in str(error.value)


def test_a_font_without_an_open_font_licence_is_refused(tmp_path: Path) -> None:
    from fontTools.ttLib import TTFont

    source = manuscript_with(tmp_path, '[design.fonts]\ntext = { regular = "fonts/Fremd.otf" }\n')
    (source / "fonts").mkdir()
    font = TTFont(FONTS / "LinBiolinum_R.otf")
    font["name"].names = [record for record in font["name"].names if record.nameID not in (13, 14)]
    font.save(source / "fonts" / "Fremd.otf")
    with pytest.raises(PublicationError, match="does not say it is licensed under the SIL Open Font License"):
        load_config(source)
    (source / "fonts" / "OFL.txt").write_text("SIL OPEN FONT LICENSE Version 1.1\n", encoding="utf-8")
    load_config(source)  # a licence file beside it says so


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ('text = "comic"', '[design] fonts.text must be a bundled family ("serif", "sans", "mono")'),
        ('body = "serif"', "[design] fonts: unknown role 'body'"),
        ('text = { bold = "fonts/x.otf" }', "[design] fonts.text must name at least its regular font file"),
        ('text = { regular = "/etc/x.otf" }', "must be a file inside the publication folder"),
        ('text = { regular = "artikel.md" }', "must be a .otf or .ttf file"),
    ],
)
def test_bad_fonts_are_clear_errors(tmp_path: Path, options: str, message: str) -> None:
    source = manuscript_with(tmp_path, f"[design.fonts]\n{options}\n")
    with pytest.raises(PublicationError) as error:
        load_config(source)
    assert message in str(error.value)


# The flyer: no covers, no imprint page, not folded; the booklet file holds it n-up to cut.
@pytest.mark.parametrize(("page", "sheet", "copies"), [("A6", (210, 297), 4), ("DL", (297, 210), 3)])
def test_a_flyer_has_its_imprint_at_the_foot_and_is_printed_n_up(
    tmp_path: Path, page: str, sheet: tuple[int, int], copies: int
) -> None:
    source = tmp_path / "flyer"
    scaffold(source, title="Flugblatt", design="flyer")
    config = source / "publication.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('page = "A6"', f'page = "{page}"'))
    paths = dict(zip(FORMATS, build(source, tmp_path / "out", FORMATS), strict=True))
    screen = pypdf.PdfReader(paths["pdf"])
    assert len(screen.pages) == 1  # no cover, no imprint page, no back cover
    with pdfplumber.open(paths["pdf"]) as pdf:
        last = pdf.pages[-1]
        words = last.extract_words()
        dated = [word for word in words if word["text"] == "Datum:"]
        headline = [word for word in words if word["text"] == "Überschrift"]
        # The imprint lines at the foot of the page, below the text.
        assert dated and dated[0]["top"] > last.height * 0.8 and headline[0]["top"] < last.height * 0.2
    printed = pypdf.PdfReader(paths["print"])
    assert len(printed.pages) == 1  # not padded to a multiple of 4: a flyer is not folded
    sides = pypdf.PdfReader(paths["booklet"]).pages
    assert len(sides) == 1 and _size(sides[0].mediabox) == sheet
    assert re.findall(rb"/P(\d+) Do", sides[0].get_contents().get_data()) == [b"1"] * copies


def test_greys_go_on_the_black_plate_alone(tmp_path: Path) -> None:
    source = manuscript_with(tmp_path, '[design]\ncss = ["grau.css"]\n')
    (source / "grau.css").write_text(".byline { color: #404040; }\n", encoding="utf-8")
    printed = build(source, tmp_path / "out", ["print"])[0]
    assert b"0 0 0 0.749 scn" in _colour_operators(printed)


def test_a_style_sheets_url_outside_is_refused_while_laying_out(tmp_path: Path) -> None:
    source = manuscript_with(tmp_path, '[design]\ncss = ["hausstil.css"]\n')
    (source / "hausstil.css").write_text("h1 { background: url(file:///etc/passwd); }\n", encoding="utf-8")
    with pytest.raises(PublicationError, match=r"refused to read /etc/passwd.*asked for by a style sheet"):
        build(source, tmp_path / "out", ["pdf"])


@pytest.mark.parametrize(
    ("css", "loads"),
    [
        (b"h1 { color: red; }", False),
        (b'p { content: "url(x)"; }', False),
        (b"h1 { background: url(x.png); }", True),
        (b"h1 { background: \\75 rl(x.png); }", True),  # an escaped name is still url()
        (b'@\\69mport "x.css";', True),
        (b'h1 { background-image: image-set("x.png" 1x); }', True),
        (b'@media print { h1 { background: url("y.png") } }', True),
    ],
)
def test_the_epub_leaves_out_sheets_that_load_files(css: bytes, loads: bool) -> None:
    from publisher.writers.epub import _loads_files

    assert _loads_files(css) is loads


def test_files_named_in_design_are_checked(tmp_path: Path) -> None:
    source = manuscript_with(tmp_path, '[design]\nlogo = "logo.png"\n')
    (source / "logo.png").write_bytes(b"not a picture")
    with pytest.raises(PublicationError, match=r"logo: logo\.png is not an image Pillow can read"):
        load_config(source)
    config = source / "publication.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('"logo.png"', '".marke/logo.svg"'))
    (source / ".marke").mkdir()
    (source / ".marke" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    with pytest.raises(PublicationError, match="is hidden"):
        load_config(source)


def test_a_named_formats_size_is_that_format() -> None:
    from publisher.design import page_format

    assert page_format("148x210mm", None, None, Path("publication.toml")).name == "A5"
    assert page_format("148x210mm", None, None, Path("publication.toml")).sheet() == "A4"
    assert page_format("120x190mm", None, None, Path("publication.toml")).sheet() is None


def test_margins_set_the_type_area(tmp_path: Path) -> None:
    """[top, outer, bottom, inner]: on a right-hand page the inner margin is on the left."""
    source = manuscript_with(tmp_path, "[design]\nmargins = [30, 20, 35, 40]\n")
    pdf = build(source, tmp_path / "out", ["pdf"])[0]
    with pdfplumber.open(pdf) as document:
        right, left = document.pages[2], document.pages[3]  # page 3 (the article's first) and page 4
        for page, inner_left in ((right, True), (left, False)):
            body = [char for char in page.chars if char["fontname"].endswith("Publisher-Serif")]
            x0, x1 = min(char["x0"] for char in body), max(char["x1"] for char in body)
            assert abs(x0 - (40 if inner_left else 20) * MM) < 1.5 * MM, (page.page_number, x0 / MM)
            # hanging punctuation stands out into the margin by up to a millimetre
            assert abs(x1 - (148 - (20 if inner_left else 40)) * MM) < 1.5 * MM, (page.page_number, x1 / MM)
            assert min(char["top"] for char in body) >= 30 * MM - 1


def test_cover_image_none_keeps_the_photo_for_the_epub_alone(tmp_path: Path) -> None:
    source = manuscript_with(tmp_path, '[design]\ncover_image = "none"\n')
    _image(source / "titel.jpg", (1200, 1700), (20, 140, 60))
    config = source / "publication.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("slug =", 'cover_image = "titel.jpg"\nslug ='))
    pdf, epub = build(source, tmp_path / "out", ["pdf", "epub"])
    assert _images(pdf, 0) == []
    with zipfile.ZipFile(epub) as book:
        assert book.read("EPUB/images/cover.jpg") == (source / "titel.jpg").read_bytes()
