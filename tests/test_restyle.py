"""The print edition is the screen edition's layout drawn in print colours, with bleed and marks."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import pytest
from conftest import MANUSCRIPT, ROOT, manuscript_with
from test_print import small_publication

from publisher.layout.weasy.engine import Engine
from publisher.layout.weasy.restyle import restyler
from publisher.model import Publication
from publisher.names import STYLES_DIR
from publisher.reader import read_publication
from publisher.writers.pdf import PRINT, SCREEN, Layout, document_bytes, lay_out
from publisher.writers.pdf.editions import engine


def _laid_out_again(publication: Publication, screen: Layout) -> bytes:
    """The print PDF as it is made without the screen edition's engine: its tree laid out with the print styles."""
    layout = lay_out(publication, PRINT, Layout(screen.tree, screen.document))
    return document_bytes(layout.document, publication, PRINT)


def _padded(root: Path) -> Path:
    text = "# Kapitel\n\n" + "\n\n".join(["Ein Satz, der sich wiederholt, bis die Seite voll ist. " * 12] * 5)
    return small_publication(root, text, description='"Rückseitentext"')


@pytest.mark.parametrize("source", ["bundled", "novel", "padded"])
def test_print_pdf_drawn_from_the_screen_pages_is_the_print_layouts_pdf(source: str, tmp_path: Path) -> None:
    root = {"bundled": MANUSCRIPT, "novel": ROOT / "tests" / "corpus" / "novel"}.get(source) or _padded(tmp_path / "p")
    publication = read_publication(root)
    screen = lay_out(publication, SCREEN)
    drawn = lay_out(publication, PRINT, screen)
    if source == "padded":
        assert len(drawn.document.pages) > len(screen.document.pages)
    assert document_bytes(drawn.document, publication, PRINT) == _laid_out_again(publication, screen)


def test_print_edition_lays_out_only_a_probe_and_its_blank_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    publication = read_publication(MANUSCRIPT)
    screen = lay_out(publication, SCREEN)
    layouts: list[str] = []
    render = Engine.render

    def counted(self: Engine, *args: object, **kwargs: object) -> object:
        layouts.append(self.variant)
        return render(self, *args, **kwargs)

    monkeypatch.setattr(Engine, "render", counted)
    printed = lay_out(publication, PRINT, screen)
    assert len(printed.document.pages) == len(screen.document.pages)  # 12 pages: no padding
    # The palette's probe, laid out by each edition's engine: no page of the text.
    assert sorted(layouts) == ["pdf/ua-1", "pdf/x-4"]


def _streams(data: bytes) -> list[bytes]:
    found = []
    for match in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", match.end())
        try:
            found.append(zlib.decompress(data[match.end() : end]))
        except zlib.error:
            continue
    return found


def test_crop_marks_are_drawn_in_print_colours(tmp_path: Path) -> None:
    publication = read_publication(manuscript_with(tmp_path, "[pdf]\ncrop_marks = true\n"))
    data = document_bytes(lay_out(publication, PRINT, lay_out(publication, SCREEN)).document, publication, PRINT)
    streams = _streams(data)
    assert any(b"/DeviceCMYK CS" in stream for stream in streams)
    # No stroke in RGB: the marks' black is the screen edition's ink, drawn as the print edition's.
    assert not any(re.search(rb"[\d.]+ [\d.]+ [\d.]+ RG\b", stream) for stream in streams)


def test_styles_that_change_the_page_are_laid_out_on_their_own(tmp_path: Path) -> None:
    (tmp_path / "a4.css").write_text("@page { size: A4; }\n", encoding="utf-8")
    publication = read_publication(MANUSCRIPT)
    screen = engine(publication, SCREEN)
    paths = [STYLES_DIR / name for name in PRINT.stylesheets] + [tmp_path / "a4.css"]
    a4 = Engine(paths, PRINT.variant, base=MANUSCRIPT, allowed=[STYLES_DIR, tmp_path])
    assert restyler(screen, a4) is None
    assert restyler(screen, engine(publication, PRINT)) is not None
