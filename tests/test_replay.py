"""A page written again replays its drawing (layout/weasy/replay.py): the same bytes as drawing it."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from lxml import html as lxml_html
from PIL import Image

from publisher.layout.pages import LaidOut
from publisher.layout.weasy import replay
from publisher.layout.weasy.engine import Engine, pdf_bytes
from publisher.layout.weasy.replay import Drawings
from publisher.names import STYLES_DIR

DOCUMENT_ID = uuid.UUID(int=1)


def _engine(base: Path) -> Engine:
    return Engine([STYLES_DIR / "fonts.css", STYLES_DIR / "pdf.css"], "pdf/ua-1", base, [base, STYLES_DIR])


def _pages(engine: Engine, *pages: str) -> LaidOut:
    """A document of one page per HTML fragment."""
    body = "".join(f'<section style="break-before: page">{page}</section>' for page in pages)
    return engine.render(lxml_html.document_fromstring(f'<html lang="de"><body>{body}</body></html>'))


def _pdf(engine: Engine, document: LaidOut, drawings: Drawings | None = None, edition: str = "screen") -> bytes:
    """``document``'s pages written as a document of their own (WeasyPrint's documents keep fonts between writes)."""
    return pdf_bytes(engine.compose(document, document.pages), "pdf/ua-1", DOCUMENT_ID, 0, drawings, edition)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    base = tmp_path_factory.mktemp("replay")
    Image.new("RGB", (40, 30), "red").save(base / "bild.png")
    return _engine(base)


def test_a_page_written_again_replays_its_drawing(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    document = _pages(
        engine,
        "<h1>Erste Seite</h1><p>Straße, Äpfel und <em>kursive</em> Wörter.</p>",
        '<p style="color: rgba(0, 0, 0, 0.5)">Halb durchsichtig, <strong>fett</strong> und ß.</p>',
        "<p>Schluss: Fuß, Maß, Spaß.</p>",
    )
    drawn = _pdf(engine, document)
    drawings = Drawings()
    assert _pdf(engine, document, drawings) == drawn
    assert (drawings.drawn, drawings.replayed) == (3, 0)
    compressions = []
    real = replay.zlib.compressobj
    monkeypatch.setattr(replay.zlib, "compressobj", lambda level: compressions.append(level) or real(level=level))
    assert _pdf(engine, document, drawings) == drawn
    assert (drawings.drawn, drawings.replayed) == (0, 3)
    assert compressions == []  # every stream the same bytes as last time: none compressed again


def test_pages_replayed_among_new_ones_give_what_drawing_them_gives(engine: Engine) -> None:
    # The new first page uses other fonts and none of the letters the first page used first
    # (ß, Ä, the bold face, the heading's): the pages after it, replayed, bring them into the document themselves.
    before = _pages(
        engine,
        "<p>Straße, Äpfel, <strong>fett</strong> und <em>kursiv</em>.</p>",
        "<h2>Überschrift</h2><p>Noch eine Straße mit Äpfeln und <strong>fetten</strong> Wörtern.</p>",
        '<p style="color: rgba(0, 0, 0, 0.5)">Fuß <em>und</em> Maß.</p>',
    )
    new_first = _pages(engine, "<p><em>Nur kursiv, ohne Umlaute.</em></p>")
    after = engine.compose(before, [new_first.pages[0], *before.pages[1:]])
    drawings = Drawings()
    _pdf(engine, before, drawings)
    assert _pdf(engine, after, drawings) == _pdf(engine, after)
    assert (drawings.drawn, drawings.replayed) == (1, 2)


def test_pages_with_images_or_transparency_are_drawn_again(engine: Engine) -> None:
    # Images and transparency groups are named by a count of those in the document.
    document = _pages(
        engine,
        '<p>Ein Bild:</p><img src="bild.png" alt="Rot">',
        '<p style="opacity: 0.5">Eine durchsichtige Gruppe.</p>',
        "<p>Nur Text.</p>",
    )
    drawings = Drawings()
    _pdf(engine, document, drawings)
    again = engine.compose(document, [document.pages[2], document.pages[0], document.pages[1], document.pages[2]])
    assert _pdf(engine, again, drawings) == _pdf(engine, again)
    assert (drawings.drawn, drawings.replayed) == (2, 2)


def test_drawings_serve_only_their_own_edition(engine: Engine) -> None:
    document = _pages(engine, "<p>Eine Seite.</p>")
    drawings = Drawings()
    _pdf(engine, document, drawings, "screen")
    _pdf(engine, document, drawings, "print")
    assert drawings.replayed == 0
    _pdf(engine, document, drawings, "screen")
    assert drawings.replayed == 1


def test_a_font_a_replayed_page_brings_in_is_made_at_the_size_it_first_uses(engine: Engine) -> None:
    # WeasyPrint's font (one per face, whatever the size) takes the metrics of its first use's size.
    large_first = _pages(
        engine, '<p style="font-size: 30px"><strong>Groß</strong></p>', "<p><strong>klein</strong></p>"
    )
    drawings = Drawings()
    _pdf(engine, large_first, drawings)
    alone = [large_first.pages[1]]
    replayed = engine.compose(large_first, alone)
    drawn = engine.compose(large_first, alone)
    pdf_bytes(replayed, "pdf/ua-1", DOCUMENT_ID, 0, drawings, "screen")
    pdf_bytes(drawn, "pdf/ua-1", DOCUMENT_ID, 0)
    assert drawings.replayed == 1
    sizes = [{key: font.font_size for key, font in each.handle.fonts.items()} for each in (replayed, drawn)]
    assert sizes[0] == sizes[1]
