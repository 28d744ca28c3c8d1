"""The PDF's contents page: every part and section, linked, with the page it really starts on."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pdfplumber
import pypdf
import pytest
from conftest import manuscript_with
from lxml import html as lxml_html
from rebuilds import small_book

from publisher.build import build
from publisher.errors import PublicationError
from publisher.reader import read_publication

_LEADER = re.compile(r"^(?P<title>.*?)[\s.]*?(?P<page>\d+)$")


def _plain(text: str) -> str:
    """Text as compared here: soft hyphens out, every run of white space (no-break spaces too) one space."""
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


@pytest.fixture(scope="module")
def book_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The generated book of three chapters ("auto": a contents page), its screen PDF and EPUB."""
    source = small_book(tmp_path_factory)
    pdf, epub = build(source, tmp_path_factory.mktemp("out"), ["pdf", "epub"])
    return pdf, epub


def _contents_page(reader: pypdf.PdfReader) -> int:
    pages = [index for index, page in enumerate(reader.pages) if (page.extract_text() or "").startswith("Inhalt")]
    assert len(pages) == 1
    return pages[0]


def _lines(path: Path, index: int) -> list[tuple[str, int, int]]:
    """The contents page's entries: title, the page number printed, and the page index its link leads to."""
    reader = pypdf.PdfReader(path)
    page = reader.pages[index]
    height = float(page.mediabox.top)
    with pdfplumber.open(path) as pdf:
        text_lines = pdf.pages[index].extract_text_lines()
    spans: dict[str, tuple[float, float]] = {}  # a link broken over lines has a rectangle on each
    for annotation in page.get("/Annots", []):
        link = annotation.get_object()
        if link.get("/Subtype") == "/Link" and "/Dest" in link:
            top = height - float(max(link["/Rect"][1], link["/Rect"][3]))
            bottom = height - float(min(link["/Rect"][1], link["/Rect"][3]))
            known = spans.get(str(link["/Dest"]), (top, bottom))
            spans[str(link["/Dest"])] = (min(known[0], top), max(known[1], bottom))
    entries = []
    for destination, (top, bottom) in sorted(spans.items(), key=lambda item: item[1]):
        text = " ".join(line["text"] for line in text_lines if top - 1 <= line["top"] and line["bottom"] <= bottom + 1)
        match = _LEADER.match(text)
        assert match, text
        target = reader.get_destination_page_number(reader.named_destinations[destination])
        entries.append((_plain(match["title"]), int(match["page"]), target))
    return entries


def test_the_contents_page_shows_the_page_every_part_and_section_starts_on(book_pdf: tuple[Path, Path]) -> None:
    pdf, _epub = book_pdf
    reader = pypdf.PdfReader(pdf)
    index = _contents_page(reader)
    lines = _lines(pdf, index)
    assert len(lines) > 3
    for title, printed, target in lines:
        # Folios count from the cover: page n is the n-th page of the file.
        assert printed == target + 1, title
        assert title.split(":")[-1].strip()[:20] in _plain(reader.pages[target].extract_text())


def test_the_contents_page_lists_what_the_epub_navigation_lists(book_pdf: tuple[Path, Path]) -> None:
    pdf, epub = book_pdf
    with zipfile.ZipFile(epub) as archive:
        nav = lxml_html.fromstring(archive.read("EPUB/nav.xhtml"))
    navigation = [_plain(link.text_content()) for link in nav.get_element_by_id("toc").iter("a")]
    printed = [title for title, _page, _target in _lines(pdf, _contents_page(pypdf.PdfReader(pdf)))]
    assert printed == navigation


@pytest.mark.parametrize("toc, expected", [("true", True), ("false", False), ('"auto"', False)])
def test_design_toc_says_whether_there_is_a_contents_page(tmp_path: Path, toc: str, expected: bool) -> None:
    # The bundled pamphlet has one chapter (and two sidebars): "auto" gives it no contents page.
    source = manuscript_with(tmp_path, f"[design]\ntoc = {toc}\n")
    (pdf,) = build(source, tmp_path / "out", ["pdf"])
    with pdfplumber.open(pdf) as document:
        starts = [(page.extract_text() or "").startswith("Inhalt") for page in document.pages]
    assert any(starts) is expected


def test_a_contents_page_without_chapters_leaves_nothing_out(tmp_path: Path) -> None:
    source = manuscript_with(tmp_path, "[design]\ntoc = true\n")
    publication = read_publication(source)
    (pdf,) = build(source, tmp_path / "out", ["pdf"])
    titles = [title for title, _page, _target in _lines(pdf, _contents_page(pypdf.PdfReader(pdf)))]
    assert [title for title in titles if title in {part.title for part in publication.parts}] == [
        part.title for part in publication.parts
    ]


@pytest.mark.parametrize("value", ['"yes"', "1", '["auto"]'])
def test_a_wrong_toc_value_is_an_error_naming_the_key(tmp_path: Path, value: str) -> None:
    source = manuscript_with(tmp_path, f"[design]\ntoc = {value}\n")
    with pytest.raises(PublicationError, match=r"\[design\] toc must be 'auto', true or false"):
        read_publication(source)
