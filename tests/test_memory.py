"""A rebuild in the same process (``publisher watch``) reuses what did not change, and writes the same bytes."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from PIL import Image

import publisher.layout.weasy.engine as weasy_engine
from publisher.build import FORMATS, build
from publisher.layout.memory import LayoutMemory

sys.path.insert(0, str(ROOT / "benchmarks"))
import make_book


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated book of three chapters, notes and cross-references (about 30 pages)."""
    return make_book.generate(tmp_path_factory.mktemp("book") / "book", 30)


class Counting:
    """Counts the engine's layouts and the pages they made."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.layouts = 0
        self.pages = 0
        original = weasy_engine.Engine.render

        def render(engine: weasy_engine.Engine, tree, extra_css: str = ""):
            document = original(engine, tree, extra_css)
            self.layouts += 1
            self.pages += len(document.pages)
            return document

        monkeypatch.setattr(weasy_engine.Engine, "render", render)


def _outputs(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if not path.name.startswith(".")}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _paragraph(path: Path) -> str:
    """A paragraph of running text in the middle of the part ``path``."""
    blocks = [block for block in path.read_text(encoding="utf-8").split("\n\n") if len(block) > 300]
    return [block for block in blocks if not block.startswith(("#", "[^", "{"))][len(blocks) // 2]


@pytest.mark.parametrize("change", ["a word", "a longer chapter", "a new title"])
def test_a_rebuild_after_an_edit_is_a_cold_build_of_the_edited_text(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    source = tmp_path / "book"
    shutil.copytree(book, source)
    memory = LayoutMemory()
    build(source, tmp_path / "first", FORMATS, memory=memory)
    chapters = sorted(source.glob("kapitel-*.md"))
    edited = chapters[1]
    paragraph = _paragraph(edited)
    if change == "a word":
        _edit(edited, paragraph, paragraph.replace(" ", " auch ", 1))
    elif change == "a longer chapter":  # its pages grow: the chapters after it move
        _edit(edited, paragraph, "\n\n".join([paragraph] * 4))
    else:  # the document's head changes: no page is taken, every part's lines are
        _edit(source / "publication.toml", 'title = "', 'title = "Neu: ')
    warm = Counting(monkeypatch)
    build(source, tmp_path / "warm", FORMATS, jobs=1, memory=memory)
    monkeypatch.undo()
    cold = Counting(monkeypatch)
    build(source, tmp_path / "cold", FORMATS, jobs=1)
    assert _outputs(tmp_path / "warm") == _outputs(tmp_path / "cold")
    if change == "a word":
        # The edited chapter laid out (and repaired), not the other three.
        assert warm.pages < cold.pages / 2


def test_unchanged_parts_are_neither_broken_nor_laid_out_again(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    memory = LayoutMemory()
    build(book, tmp_path / "first", ["pdf"], memory=memory)
    counting = Counting(monkeypatch)
    build(book, tmp_path / "again", ["pdf"], jobs=1, memory=memory)
    # Only the probe of the emptied parts (their sides) is laid out: a page or so per part, and nothing else.
    assert counting.layouts == 1
    assert _outputs(tmp_path / "again") == _outputs(tmp_path / "first")


def test_a_changed_image_is_not_taken_from_the_memory(book: Path, tmp_path: Path) -> None:
    source = tmp_path / "book"
    shutil.copytree(book, source)
    chapters = sorted(source.glob("kapitel-*.md"))
    (source / ".bilder").mkdir()  # a folder the writer may hide its images in
    Image.new("RGB", (120, 80), "red").save(source / ".bilder" / "bild.png")
    _edit(chapters[0], _paragraph(chapters[0]), _paragraph(chapters[0]) + "\n\n![Ein Bild](.bilder/bild.png)")
    memory = LayoutMemory()
    build(source, tmp_path / "first", ["pdf"], memory=memory)
    Image.new("RGB", (120, 80), "blue").save(source / ".bilder" / "bild.png")  # same size, other pixels
    paragraph = _paragraph(chapters[-1])
    _edit(chapters[-1], paragraph, paragraph.replace(" ", " auch ", 1))  # an edit elsewhere
    build(source, tmp_path / "warm", ["pdf"], jobs=1, memory=memory)
    build(source, tmp_path / "cold", ["pdf"], jobs=1)
    assert _outputs(tmp_path / "warm") == _outputs(tmp_path / "cold")
    assert _outputs(tmp_path / "warm") != _outputs(tmp_path / "first")
