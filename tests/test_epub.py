"""Issue 5: a valid, accessible EPUB 3 whose page list follows the printed pages."""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import logging
import re
import shutil
import zipfile
from pathlib import Path
from types import ModuleType

import pdfplumber
import pytest
from conftest import MANUSCRIPT, ROOT
from extract import OPS, XHTML, epub_documents, normalize
from fontTools.ttLib import TTFont
from lxml import etree
from PIL import Image

from publisher.build import build
from publisher.glyphs import font_faces
from publisher.reader import read_publication
from publisher.writers import epub as epub_writer

OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"


def read(epub: Path, name: str) -> bytes:
    with zipfile.ZipFile(epub) as book:
        return book.read(name)


def opf(epub: Path) -> etree._Element:
    return etree.fromstring(read(epub, "EPUB/content.opf"))


def metas(package: etree._Element, prop: str) -> list[str]:
    return [m.text for m in package.iter(f"{OPF}meta") if m.get("property") == prop]


def nav(epub: Path) -> etree._Element:
    return etree.fromstring(read(epub, "EPUB/nav.xhtml"))


def test_package_metadata(built: dict[str, Path]) -> None:
    package = opf(built["epub"])
    assert package.get("{http://www.w3.org/XML/1998/namespace}lang") == "de"
    metadata = package.find(f"{OPF}metadata")
    titles = metadata.findall(f"{DC}title")
    assert titles[0].text.startswith("Kasachstan: Hunderte Tote")
    subtitle = next(t for t in titles if t.get("id") == "subtitle")
    assert subtitle.text.startswith("Sozialistische Analyse")
    refines = {(m.get("refines"), m.get("property")): m.text for m in metadata.iter(f"{OPF}meta") if m.get("refines")}
    assert refines[("#subtitle", "title-type")] == "subtitle"
    creator = metadata.find(f"{DC}creator")
    assert creator.text == "Clare Doyle"
    assert refines[(f"#{creator.get('id')}", "role")] == "aut"
    assert refines[(f"#{creator.get('id')}", "file-as")] == "Doyle, Clare"
    assert metadata.findtext(f"{DC}publisher")
    assert metadata.findtext(f"{DC}date") == "2022-01-14"
    assert metadata.findtext(f"{DC}language") == "de"
    assert metadata.findtext(f"{DC}rights")
    assert metadata.findtext(f"{DC}description")
    assert "Kasachstan" in [s.text for s in metadata.findall(f"{DC}subject")]
    identifier = metadata.find(f"{DC}identifier")
    assert package.get("unique-identifier") == identifier.get("id")
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", identifier.text)
    assert metas(package, "dcterms:modified") == ["2022-01-14T00:00:00Z"]


def test_accessibility_metadata(built: dict[str, Path]) -> None:
    package = opf(built["epub"])
    assert set(metas(package, "schema:accessMode")) == {"textual", "visual"}
    assert metas(package, "schema:accessModeSufficient") == ["textual"]
    features = set(metas(package, "schema:accessibilityFeature"))
    assert {
        "tableOfContents",
        "structuralNavigation",
        "pageNavigation",
        "printPageNumbers",
        "alternativeText",
    } <= features
    assert metas(package, "schema:accessibilityHazard") == ["none"]
    (summary,) = metas(package, "schema:accessibilitySummary")
    assert "WCAG" in summary
    assert metas(package, "dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    (source,) = metas(package, "pageBreakSource")
    assert "Druckausgabe" in source


def test_identifier_is_stable_and_an_isbn_when_given(built: dict[str, Path], tmp_path: Path) -> None:
    source = tmp_path / "manuscript"
    shutil.copytree(MANUSCRIPT, source)
    (again,) = build(source, tmp_path / "a", ["epub"])
    first = opf(built["epub"]).find(f"{OPF}metadata").findtext(f"{DC}identifier")
    assert opf(again).find(f"{OPF}metadata").findtext(f"{DC}identifier") == first
    config = (source / "publication.toml").read_text(encoding="utf-8")
    (source / "publication.toml").write_text('isbn = "978-3-16-148410-0"\n' + config, encoding="utf-8")
    (with_isbn,) = build(source, tmp_path / "b", ["epub"])
    assert opf(with_isbn).find(f"{OPF}metadata").findtext(f"{DC}identifier") == "urn:isbn:9783161484100"


def test_navigation_in_the_publications_language(built: dict[str, Path]) -> None:
    document = nav(built["epub"])
    navs = {n.get(f"{OPS}type"): n for n in document.iter(f"{XHTML}nav")}
    assert set(navs) == {"toc", "landmarks", "page-list"}
    assert navs["toc"].findtext(f"{XHTML}h1") == "Inhalt"
    toc = [a.text for a in navs["toc"].iter(f"{XHTML}a")]
    assert toc[0].startswith("Kasachstan: Hunderte") and "Putins Befürchtungen" in toc
    assert any(t.startswith("Kasachstans Elite") for t in toc)
    landmarks = {a.get(f"{OPS}type"): a.get("href") for a in navs["landmarks"].iter(f"{XHTML}a")}
    assert landmarks["cover"] == "cover.xhtml" and landmarks["bodymatter"] == "artikel.xhtml"
    assert landmarks["toc"] == "nav.xhtml#toc"
    spine = [i.get("idref") for i in opf(built["epub"]).iter(f"{OPF}itemref")]
    assert spine[:3] == ["cover", "imprint", "nav"]


def test_page_list_points_only_at_page_break_markers(built: dict[str, Path]) -> None:
    document = nav(built["epub"])
    page_list = next(n for n in document.iter(f"{XHTML}nav") if n.get(f"{OPS}type") == "page-list")
    entries = [(a.text, a.get("href")) for a in page_list.iter(f"{XHTML}a")]
    pages = len(pdfplumber.open(built["pdf"]).pages)
    assert [label for label, _href in entries] == [str(n) for n in range(1, pages + 1)]
    markers = {}
    for name, doc in epub_documents(built["epub"]):
        for span in doc.iter(f"{XHTML}span"):
            if span.get(f"{OPS}type") == "pagebreak":
                assert span.get("role") == "doc-pagebreak"
                markers[f"{name.removeprefix('EPUB/')}#{span.get('id')}"] = span.get("aria-label")
    assert {href: label for label, href in entries} == markers


def _text_after(marker: etree._Element) -> str:
    """The text a reader meets after a marker, across element boundaries."""
    body = next(a for a in marker.iterancestors() if a.tag == f"{XHTML}body")
    marker.text = "\ue000"
    try:
        return normalize("".join(body.itertext()).split("\ue000", 1)[1])[:200]
    finally:
        marker.text = None


def test_page_breaks_stand_where_the_pdf_pages_begin(built: dict[str, Path]) -> None:
    pdf = pdfplumber.open(built["pdf"])
    checked = 0
    for name, doc in epub_documents(built["epub"]):
        for span in doc.iter(f"{XHTML}span"):
            if span.get(f"{OPS}type") != "pagebreak" or name.endswith(("cover.xhtml", "imprint.xhtml")):
                continue
            following = _text_after(span).split()[:4]
            if not following:
                continue  # the back cover: at the end of the text
            page = pdf.pages[int(span.get("aria-label")) - 1]
            lines = [line["text"] for line in sorted(page.extract_text_lines(), key=lambda line: line["top"])]
            # The first line of running text is the first or, under a running head, the second line.
            starts = [normalize(line).replace("\u2010", "").split()[:4] for line in lines[:2]]
            # A line shorter than four words (a heading) is followed by more text in the EPUB.
            assert any(start and following[: len(start)] == start for start in starts), (
                span.get("aria-label"),
                following,
                starts,
            )
            checked += 1
    assert checked >= 8


def test_sidebars_are_sections_everyone_shows(built: dict[str, Path]) -> None:
    sidebars = []
    for _name, doc in epub_documents(built["epub"]):
        sidebars += [s for s in doc.iter(f"{XHTML}section") if "sidebar" in (s.get("class") or "").split()]
        assert not [a for a in doc.iter(f"{XHTML}aside") if a.get(f"{OPS}type") != "footnote"]
    assert len(sidebars) == 2
    for section in sidebars:
        heading_id = section.get("aria-labelledby")
        assert section.find(f".//{XHTML}h1").get("id") == heading_id
    css = read(built["epub"], "EPUB/style/epub.css").decode()
    assert re.search(r"section\.sidebar \{[^}]*border", css)


def test_cover_image_is_large_enough_and_has_a_cover_page(built: dict[str, Path]) -> None:
    package = opf(built["epub"])
    cover = next(i for i in package.iter(f"{OPF}item") if "cover-image" in (i.get("properties") or ""))
    assert cover.get("media-type") == "image/jpeg"
    image = Image.open(io.BytesIO(read(built["epub"], f"EPUB/{cover.get('href')}")))
    assert image.height >= 1400
    # The PDF's cover is dark red: so is the generated image.
    red, green, blue = image.convert("RGB").getpixel((10, 10))
    assert red > 90 and green < 60 and blue < 60
    page = etree.fromstring(read(built["epub"], "EPUB/cover.xhtml"))
    img = page.find(f".//{XHTML}img")
    assert img.get("src") == cover.get("href") and img.get("alt").startswith("Kasachstan")


def test_fonts_are_embedded_and_the_css_defers_to_the_reader(built: dict[str, Path]) -> None:
    package = opf(built["epub"])
    fonts = [i for i in package.iter(f"{OPF}item") if i.get("media-type") == "font/otf"]
    assert len(fonts) == 8
    for item in fonts:
        font = TTFont(io.BytesIO(read(built["epub"], f"EPUB/{item.get('href')}")))
        cmap = font.getBestCmap()
        for char in "„“‚‘–…\u202f\u00a0ÄÖÜß":
            assert ord(char) in cmap, (item.get("href"), char)
    original = (MANUSCRIPT.parent / "styles" / "fonts" / "LinLibertine_R.otf").stat().st_size
    embedded = len(read(built["epub"], "EPUB/style/fonts/LinLibertine_R.otf"))
    assert embedded < original / 2  # cut down to the characters in use
    css = read(built["epub"], "EPUB/style/epub.css").decode()
    assert "!important" not in css
    assert not re.search(r"font-size:\s*[\d.]+(px|pt)", css), "sizes must be relative to the reader's setting"
    fonts_css = read(built["epub"], "EPUB/style/fonts.css").decode()
    assert 'url("fonts/LinLibertine_R.otf")' in fonts_css


def test_epub_is_reproducible(built: dict[str, Path], tmp_path: Path) -> None:
    (again,) = build(MANUSCRIPT, tmp_path, ["epub"])
    assert again.read_bytes() == built["epub"].read_bytes()
    with zipfile.ZipFile(again) as book:
        infos = book.infolist()
    assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
    assert {info.date_time for info in infos} == {(2022, 1, 14, 0, 0, 0)}


@pytest.mark.parametrize("label", ["Anmerkungen", "Impressum"])
def test_labels_follow_the_language(built: dict[str, Path], label: str) -> None:
    texts = " ".join(" ".join(doc.itertext()) for _name, doc in epub_documents(built["epub"]))
    assert label in texts


# Pre-made font subsets (styles/fonts/epub/, written by tools/subset_epub_fonts.py).

PREMADE = ROOT / "styles" / "fonts" / "epub"
LAMBDA = "λ"  # U+03BB: in every bundled text face (not the mono), outside the pre-made subsets' repertoire


def subset_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("subset_epub_fonts", ROOT / "tools" / "subset_epub_fonts.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def epub_fonts(epub: Path) -> dict[str, bytes]:
    """The EPUB's fonts by file name."""
    items = [i for i in opf(epub).iter(f"{OPF}item") if i.get("media-type") == "font/otf"]
    return {Path(item.get("href")).name: read(epub, f"EPUB/{item.get('href')}") for item in items}


def test_premade_subsets_are_what_the_script_writes(tmp_path: Path) -> None:
    manifest = subset_tool().make_subsets(tmp_path)
    assert sorted(manifest["faces"]) == sorted(face.path.name for face in font_faces(ROOT / "styles" / "fonts.css"))
    written = sorted(path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*") if path.is_file())
    committed = sorted(path.relative_to(PREMADE).as_posix() for path in PREMADE.rglob("*") if path.is_file())
    assert committed == written, "run .venv/bin/python tools/subset_epub_fonts.py and commit styles/fonts/epub/"
    for name in written:
        assert (PREMADE / name).read_bytes() == (tmp_path / name).read_bytes(), (
            f"styles/fonts/epub/{name} is out of date: run .venv/bin/python tools/subset_epub_fonts.py"
        )
    for name, entry in manifest["faces"].items():
        digest = hashlib.sha256((ROOT / "styles" / "fonts" / name).read_bytes()).hexdigest()
        assert entry["source_sha256"] == digest
        cmap = TTFont(tmp_path / name).getBestCmap()
        for char in "AzÄöüßéœŁ€„“‚‘»«–—…\u00a0\u202f\u2009\u2011\u00ad":
            assert ord(char) in cmap, (name, char)
        assert ord(LAMBDA) not in cmap


def test_the_bundled_manuscript_gets_the_premade_subsets(built: dict[str, Path]) -> None:
    fonts = epub_fonts(built["epub"])
    assert len(fonts) == 8
    for name, content in fonts.items():
        assert content == (PREMADE / name).read_bytes(), name


def test_a_character_outside_the_repertoire_gets_a_subset_made_at_build_time(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    source = tmp_path / "manuscript"
    shutil.copytree(MANUSCRIPT, source)
    with (source / "artikel.md").open("a", encoding="utf-8") as text:
        text.write(f"\nDie Wellenlänge {LAMBDA} ist hier nur ein Beispiel.\n")
    with caplog.at_level(logging.DEBUG, logger="publisher"):
        (book,) = build(source, tmp_path / "out", ["epub"])
    fonts = epub_fonts(book)
    assert len(fonts) == 8
    for name, content in fonts.items():
        cmap = TTFont(io.BytesIO(content)).getBestCmap()
        assert (ord(LAMBDA) in cmap) == (name != "LinLibertine_M.otf"), name  # the mono has no Greek
        assert ord("ß") in cmap and ord("„") in cmap, name
        premade = (PREMADE / name).read_bytes()
        assert ord(LAMBDA) not in TTFont(io.BytesIO(premade)).getBestCmap()
        assert content != premade, name
        assert f"EPUB font {name}: subsetting now (the pre-made subset lacks U+03BB)" in caplog.messages


def test_a_changed_font_is_subset_at_build_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    manifest = json.loads((PREMADE / "manifest.json").read_text(encoding="utf-8"))
    manifest["faces"]["LinLibertine_RI.otf"]["source_sha256"] = "0" * 64  # as if the font had been replaced
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    monkeypatch.setattr(epub_writer, "PREMADE_MANIFEST", tmp_path / "manifest.json")
    publication = read_publication(MANUSCRIPT)
    fonts = {
        Path(item.file_name).name: item.content
        for item in epub_writer._stylesheets_and_fonts(publication, [])
        if item.media_type == "font/otf"
    }
    assert len(fonts) == 8
    changed = fonts.pop("LinLibertine_RI.otf")
    assert changed != (PREMADE / "LinLibertine_RI.otf").read_bytes()
    source = ROOT / "styles" / "fonts" / "LinLibertine_RI.otf"
    assert changed == epub_writer._subset(source, epub_writer._used_characters(publication), "Publisher Serif")
    for name, content in fonts.items():
        assert content == (PREMADE / name).read_bytes(), name


def test_embedded_fonts_drop_the_reserved_font_names(built: dict[str, Path]) -> None:
    """A subset is a modified font: under the OFL it may not be called "Linux Libertine" or "Linux Biolinum"."""
    with zipfile.ZipFile(built["epub"]) as book:
        fonts = [name for name in book.namelist() if name.endswith(".otf")]
        assert len(fonts) == 8
        for name in fonts:
            font = TTFont(io.BytesIO(book.read(name)))
            records = [r.toUnicode() for r in font["name"].names if r.nameID not in (0, 13, 14)]  # copyright, licence
            assert font["name"].getDebugName(1) in ("Publisher Serif", "Publisher Sans", "Publisher Mono"), name
            assert not [text for text in records if "Libertine" in text or "Biolinum" in text], name
            assert not [n for n in font["CFF "].cff.fontNames if "Lin" in n], name
