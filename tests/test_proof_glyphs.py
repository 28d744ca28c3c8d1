"""publisher proof of a text the fonts cannot draw: the build stops, the proof shows a draft with each place."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pdfplumber
from conftest import pamphlet

from publisher.design import publication_format
from publisher.fonts import faces_in_use
from publisher.glyphs import missing_glyphs
from publisher.proof import make_proof
from publisher.proof.draft import draft_print_edition
from publisher.proof.findings import numbered_lines
from publisher.proof.pages import read_pages
from publisher.reader import read_publication

SNOWMAN = "\u2603"  # in no face of the publication; DejaVu Sans, which Debian's fontconfig brings, has it
WATER = "\u6c34"  # 水: in no face either; where no machine font has it, the text face draws an empty box


def _manuscript(root: Path) -> Path:
    paragraphs = ["# Ein Heft", "Ein Absatz mit gewöhnlichem Text, der eine Seite beginnt. " * 20]
    paragraphs += [f"Der Ort Жанаозен steht richtig da, das Zeichen {SNOWMAN} nicht.", "Noch ein Absatz. " * 30]
    paragraphs += [f"Und das Zeichen {WATER} für Wasser auch nicht.", "Ein letzter Absatz mit Anmerkung.[^1]"]
    paragraphs += [f"[^1]: Auch die Anmerkung zeigt {SNOWMAN}."]
    return pamphlet(root, "Glyphenheft", paragraphs)


def _drawn_wrong(pdf: Path) -> list[tuple[int, str]]:
    """Where the draft draws the two characters wrong, (page, character) in page order: the snowman where
    pdfplumber reads it in a font that is none of the publication's, the water sign on the page pypdf
    reads its paragraph on (an empty box is not always text to read)."""
    import pypdf

    with pdfplumber.open(pdf) as document:
        snowman = [
            page.page_number
            for page in document.pages
            for char in page.chars
            if char["text"] == SNOWMAN and "Publisher" not in char["fontname"]
        ]
    texts = ["".join(filter(str.isalnum, page.extract_text() or "")) for page in pypdf.PdfReader(pdf).pages]
    water = [number for number, text in enumerate(texts, start=1) if "Wasserauchnicht" in text]
    return sorted([*((number, SNOWMAN) for number in snowman), *((number, WATER) for number in water)])


def test_the_proof_stops_like_the_build_and_shows_where_a_machine_font_draws(tmp_path: Path) -> None:
    source = _manuscript(tmp_path / "heft")
    output = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "publisher", "proof", str(source), "-o", str(output)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1, result.stderr
    # The build's error, naming the file and line of the first character and the others.
    assert "text.md:5: the fonts have no glyph for U+0416" in result.stderr
    assert f"7 more characters missing: 'а' 'н' 'о' 'з' 'е' '{SNOWMAN}' '{WATER}'" in result.stderr, result.stderr
    drafted = draft_print_edition(read_publication(source), tmp_path)
    places = _drawn_wrong(drafted)
    assert sorted(char for _, char in places) == [SNOWMAN, SNOWMAN, WATER]
    for page, char in places:
        assert f"page {page}, line " in result.stderr and f"missing glyph (U+{ord(char):04X}" in result.stderr
    # The Cyrillic the check names (a bold italic face lacks it) is drawn in the text face that has it.
    assert "Ж а н о з е: drawn in the publication's own fonts" in result.stderr
    # The proof, and no edition: the draft is not one, and says so.
    assert sorted(path.name for path in output.glob("glyphenheft*")) == [
        "glyphenheft-proof.html",
        "glyphenheft-proof.png",
    ]
    page = (output / "glyphenheft-proof.html").read_text(encoding="utf-8")
    assert "missing glyph" in page and "Draft, not the print edition." in page
    assert "of a draft of the print edition" in page


def test_each_place_is_outlined_on_its_line(tmp_path: Path) -> None:
    source = _manuscript(tmp_path / "heft")
    publication = read_publication(source)
    drafted = draft_print_edition(publication, tmp_path)
    missing = missing_glyphs(publication, faces_in_use(publication))
    (out := tmp_path / "out").mkdir()
    problems = make_proof(publication, drafted, out, missing=missing, draft="a test").problems
    places = _drawn_wrong(drafted)
    assert len(places) == 3  # the snowman in the text and in the note, the water sign
    marked = [(finding.page, SNOWMAN if "U+2603" in finding.why else WATER) for finding in problems]
    assert sorted(marked) == places and {finding.kind for finding in problems} == {"missing glyph"}
    numbered = numbered_lines(read_pages(drafted), publication_format(publication))
    for finding, (_, char) in zip(problems, marked, strict=True):
        line = numbered[finding.page][finding.line - 1]  # type: ignore[operator]
        assert (char in line.text) if char == SNOWMAN else ("Wasser" in line.text), (finding, line.text)
        x0, top, x1, bottom = finding.box
        assert line.x0 < x0 < x1 < line.x1 and x1 - x0 < 15 and top >= line.top - 2 and bottom <= line.bottom + 2
    assert "DejaVu" in problems[0].why
    assert "draws it here" in problems[1].why or "an empty box here" in problems[1].why
    # The note's line is numbered after the page's lines of text.
    assert problems[-1].line == len(numbered[problems[-1].page]) > problems[1].line  # type: ignore[operator]


def test_check_names_the_page_and_line_too(tmp_path: Path) -> None:
    from publisher.check import check

    source = _manuscript(tmp_path / "heft")
    places = _drawn_wrong(draft_print_edition(read_publication(source), tmp_path))
    found = [(f.level, f.check, f.page) for f in check(source) if "missing glyph" in f.message]
    assert found == [("error", "layout", page) for page, _ in places]
