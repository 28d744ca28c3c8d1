"""Issue 4: screen, print-shop and booklet PDFs, checked on the built files."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pypdf
import pypdfium2
import pytest
from conftest import MANUSCRIPT

from publisher.build import build
from publisher.errors import PublicationError
from publisher.imposition import saddle_stitch_order
from publisher.layout.repairs.detect import bad_breaks, deferred_notes, lost_notes
from publisher.reader import read_publication
from publisher.writers.pdf import PRINT, SCREEN, render

MM = 72 / 25.4
A5 = (148 * MM, 210 * MM)


def close(a: float, b: float, tolerance: float = 0.6) -> bool:
    return abs(a - b) <= tolerance


def box_size(box: pypdf.generic.RectangleObject) -> tuple[float, float]:
    return float(box.width), float(box.height)


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    output = tmp_path_factory.mktemp("editions")
    paths = build(MANUSCRIPT, output, ["pdf", "print", "booklet"])
    return dict(zip(["pdf", "print", "booklet"], paths, strict=True))


def small_publication(root: Path, text: str, **extra: str) -> Path:
    root.mkdir(parents=True)
    lines = ['title = "Probeheft"', "date = 2024-05-01", 'authors = ["A. Autorin"]', 'publisher = "Verlag"']
    lines += [f"{key} = {value}" for key, value in extra.items()]
    lines += ["[[parts]]", 'file = "text.md"']
    (root / "publication.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "text.md").write_text(text, encoding="utf-8")
    return root


def test_screen_pdf_is_tagged_pdf_ua_with_complete_metadata(editions: dict[str, Path]) -> None:
    reader = pypdf.PdfReader(editions["pdf"])
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert root["/Lang"] == "de"
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfuaid:part(>|=\")1", xmp)
    meta = reader.metadata
    assert meta.title.startswith("Kasachstan: Hunderte Tote")
    assert meta.author == "Clare Doyle"
    assert meta.subject.startswith("Sozialistische Analyse")
    assert "Kasachstan" in meta["/Keywords"]
    assert meta.creator == "publisher"
    assert meta["/CreationDate"].startswith("D:20220114")
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert any(title.startswith("Kasachstans Elite") for title in titles)
    assert len(reader.pages) == 12


def test_print_pdf_is_pdf_x4_with_bleed_and_a_cmyk_output_intent(editions: dict[str, Path]) -> None:
    reader = pypdf.PdfReader(editions["print"])
    (intent,) = reader.trailer["/Root"]["/OutputIntents"]
    assert intent["/S"] == "/GTS_PDFX"
    assert intent["/OutputConditionIdentifier"] == "FOGRA39"
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 4  # a CMYK profile
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "PDF/X-4" in xmp
    assert len(reader.pages) % 4 == 0
    for page in reader.pages:
        trim, bleed = page.trimbox, page.bleedbox
        assert close(box_size(trim)[0], A5[0]) and close(box_size(trim)[1], A5[1])
        assert close(float(trim.left) - float(bleed.left), 3 * MM)
        assert close(float(bleed.top) - float(trim.top), 3 * MM)
        assert box_size(page.mediabox) == box_size(bleed)  # no crop marks unless asked for


def test_print_cover_colour_reaches_into_the_bleed(editions: dict[str, Path]) -> None:
    page = pypdfium2.PdfDocument(editions["print"])[0]
    image = page.render(scale=1).to_pil().convert("RGB")
    corner = image.getpixel((1, 1))  # inside the 3 mm bleed
    assert corner[0] > 90 and corner[1] < 60 and corner[2] < 60, corner


def test_crop_marks_are_an_option(tmp_path: Path) -> None:
    source = tmp_path / "manuscript"
    shutil.copytree(MANUSCRIPT, source)
    with (source / "publication.toml").open("a", encoding="utf-8") as config:
        config.write("\n[pdf]\ncrop_marks = true\n")
    (path,) = build(source, tmp_path / "out", ["print"])
    page = pypdf.PdfReader(path).pages[0]
    assert box_size(page.mediabox)[0] > box_size(page.bleedbox)[0] + 5 * MM
    assert close(float(page.trimbox.left) - float(page.bleedbox.left), 3 * MM)
    assert pypdf.PdfReader(path).trailer["/Root"]["/OutputIntents"]


def test_print_pdf_is_padded_with_blank_pages_before_the_back_cover(tmp_path: Path) -> None:
    text = "# Kapitel\n\n" + "\n\n".join(["Ein Satz, der sich wiederholt, bis die Seite voll ist. " * 12] * 5)
    source = small_publication(tmp_path / "heft", text, description='"Rückseitentext"')
    screen, printed = build(source, tmp_path / "out", ["pdf", "print"])
    screen_pages = pypdf.PdfReader(screen).pages
    pages = pypdf.PdfReader(printed).pages
    assert len(pages) % 4 == 0 and len(pages) > len(screen_pages)
    assert "Rückseitentext" in pages[-1].extract_text()
    padding = len(pages) - len(screen_pages)
    for page in pages[-1 - padding : -1]:
        assert page.extract_text().strip() == ""


def test_booklet_imposes_the_print_edition_in_saddle_stitch_order(editions: dict[str, Path]) -> None:
    printed = pdfplumber.open(editions["print"])
    booklet = pdfplumber.open(editions["booklet"])
    count = len(printed.pages)
    assert len(booklet.pages) == count // 2
    order = saddle_stitch_order(count)
    for side, (left, right) in zip(booklet.pages, order, strict=True):
        assert close(float(side.width), 297 * MM, 1.5) and close(float(side.height), 210 * MM, 1.5)
        middle = side.width / 2
        halves = (side.crop((0, 0, middle, side.height)), side.crop((middle, 0, side.width, side.height)))
        for half, number in zip(halves, (left, right), strict=True):
            expected = printed.pages[number - 1].extract_text()
            assert " ".join(half.extract_text().split()) == " ".join(expected.split()), (number, side.page_number)
    assert order[0] == (count, 1) and order[1] == (2, count - 1)
    assert pypdf.PdfReader(editions["booklet"]).trailer["/Root"]["/Lang"] == "de"


@pytest.mark.parametrize("edition", [SCREEN, PRINT], ids=["screen", "print"])
def test_layout_keeps_notes_with_calls_and_breaks_lines_well(edition: object) -> None:
    document = render(read_publication(MANUSCRIPT), edition)
    assert deferred_notes(document) == []
    assert lost_notes(document) == {}
    assert bad_breaks(document) == []  # no ladder of more than 3 hyphens, no hyphen ending a page
    anchors = {anchor for page in document.pages for anchor in page.anchors}
    assert {"note-1", "note-2", "note-3"} <= anchors


def test_no_widows_or_orphans() -> None:
    document = render(read_publication(MANUSCRIPT), SCREEN)
    pages = [[line.block for line in page.text_lines] for page in document.pages]
    for number, blocks in enumerate(pages[:-1]):
        following = pages[number + 1]
        if not blocks or not following or blocks[-1] is None or blocks[-1] != following[0]:
            continue  # no paragraph runs over this page break
        assert blocks.count(blocks[-1]) >= 2, f"orphan at the foot of page {number + 1}"
        assert following.count(following[0]) >= 2, f"widow at the top of page {number + 2}"


def test_no_word_gap_wider_than_an_em(editions: dict[str, Path]) -> None:
    widest = 0.0
    with pdfplumber.open(editions["pdf"]) as pdf:
        for page in pdf.pages[2:]:
            words = page.extract_words(extra_attrs=["size"], keep_blank_chars=False)
            for before, after in itertools.pairwise(words):
                if close(before["bottom"], after["bottom"], 0.5) and after["x0"] > before["x1"]:
                    widest = max(widest, (after["x0"] - before["x1"]) / before["size"])
    assert 0.2 < widest <= 1.0


def test_missing_glyph_is_reported_by_character_and_place(tmp_path: Path) -> None:
    source = small_publication(tmp_path / "heft", "# Titel\n\nEin Zeichen \u2e3a fehlt.\n")
    with pytest.raises(PublicationError) as caught:
        build(source, tmp_path / "out", ["pdf"])
    message = str(caught.value)
    assert "U+2E3A" in message and "text.md" in message and "\n" not in message
    assert not (tmp_path / "out" / "probeheft.pdf").exists()
    result = subprocess.run(
        [sys.executable, "-m", "publisher", "build", str(source), "-o", str(tmp_path / "cli"), "--format", "pdf"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1 and "U+2E3A" in result.stderr and "Traceback" not in result.stderr


def test_outputs_are_reproducible(editions: dict[str, Path], tmp_path: Path) -> None:
    again = build(MANUSCRIPT, tmp_path, ["pdf", "print", "booklet"])
    for first, second in zip(editions.values(), again, strict=True):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_source_date_epoch_sets_the_dates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    (path,) = build(MANUSCRIPT, tmp_path, ["pdf"])
    assert pypdf.PdfReader(path).metadata["/CreationDate"].startswith("D:20231114")


def test_cross_reference_prints_the_real_page(editions: dict[str, Path]) -> None:
    reader = pypdf.PdfReader(editions["pdf"])
    page = reader.get_destination_page_number(reader.named_destinations["elite"]) + 1
    text = "".join(p.extract_text() for p in reader.pages)
    assert f"(siehe S.\u00a0{page})" in text or f"(siehe S. {page})" in text


def test_a_bad_break_takes_every_soft_hyphen_out_of_its_word() -> None:
    """Else the next layout breaks the word at its next hyphenation point, and the line ends in a hyphen again."""
    from lxml.html import builder as E

    from publisher.layout.repairs.detect import BadBreak
    from publisher.layout.repairs.fixes import remove_break

    shy = "\u00ad"
    text = f"Die Ar{shy}bei{shy}ter*in{shy}nen der Re{shy}gie{shy}rung"
    tree = E.HTML(E.BODY(E.P(text, **{"data-block": "b1"})))
    remove_break(tree, BadBreak("b1", "Arbei", "ter*innen", "a hyphen ending page 3"))
    assert tree.body[0].text == f"Die Arbeiter*innen der Re{shy}gie{shy}rung"  # the next word keeps its own
