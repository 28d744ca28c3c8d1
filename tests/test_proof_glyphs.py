"""publisher proof of a text the fonts cannot draw: the build stops, the proof shows a draft with each place."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pdfplumber
from conftest import pamphlet

from publisher.fonts import faces_in_use
from publisher.glyphs import missing_glyphs
from publisher.proof import make_proof
from publisher.proof.draft import draft_print_edition
from publisher.proof.pages import read_pages
from publisher.reader import read_publication

SNOWMAN = "\u2603"  # in no face of the publication; DejaVu Sans, which Debian's fontconfig brings, has it


def _manuscript(root: Path) -> Path:
    paragraphs = ["# Ein Heft", "Ein Absatz mit gewöhnlichem Text, der eine Seite beginnt. " * 20]
    paragraphs += [f"Der Ort Жанаозен steht richtig da, das Zeichen {SNOWMAN} nicht.", "Noch ein Absatz. " * 30]
    return pamphlet(root, "Glyphenheft", paragraphs)


def _machine_drawn(pdf: Path) -> list[int]:
    """The pages where pdfplumber reads a snowman set in a font that is none of the publication's."""
    with pdfplumber.open(pdf) as document:
        return [
            page.page_number
            for page in document.pages
            if any(char["text"] == SNOWMAN and "Publisher" not in char["fontname"] for char in page.chars)
        ]


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
    assert "error: " in result.stderr and "the fonts have no glyph for U+0416" in result.stderr  # the first
    drafted = draft_print_edition(read_publication(source), tmp_path)
    (page,) = _machine_drawn(drafted)
    assert f"page {page}, line " in result.stderr and "missing glyph (U+2603" in result.stderr, result.stderr
    # The Cyrillic the check names (a bold italic face lacks it) is drawn in the text face that has it.
    assert "Ж а н о з е: drawn in the publication's own fonts" in result.stderr
    # The proof, and no edition: the draft is not one.
    assert sorted(path.name for path in output.glob("glyphenheft*")) == [
        "glyphenheft-proof.html",
        "glyphenheft-proof.png",
    ]
    assert "missing glyph" in (output / "glyphenheft-proof.html").read_text(encoding="utf-8")


def test_each_place_is_outlined_on_its_line(tmp_path: Path) -> None:
    source = _manuscript(tmp_path / "heft")
    publication = read_publication(source)
    drafted = draft_print_edition(publication, tmp_path)
    missing = missing_glyphs(publication, faces_in_use(publication))
    (out := tmp_path / "out").mkdir()
    problems = make_proof(publication, drafted, out, missing=missing).problems
    assert [(finding.page, finding.kind) for finding in problems] == [(_machine_drawn(drafted)[0], "missing glyph")]
    (finding,) = problems
    line = read_pages(drafted)[finding.page - 1].lines[finding.line - 1]  # type: ignore[operator]
    assert SNOWMAN in line.text and "DejaVu" in finding.why
    x0, top, x1, bottom = finding.box
    assert line.x0 < x0 < x1 < line.x1 and x1 - x0 < 15 and top >= line.top - 2 and bottom <= line.bottom + 2


def test_check_names_the_page_and_line_too(tmp_path: Path) -> None:
    from publisher.check import check

    source = _manuscript(tmp_path / "heft")
    page = _machine_drawn(draft_print_edition(read_publication(source), tmp_path))[0]
    found = [(f.level, f.check, f.page) for f in check(source) if "missing glyph" in f.message]
    assert found == [("error", "layout", page)]
