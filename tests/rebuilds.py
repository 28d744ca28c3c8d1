"""Helpers for the tests of rebuilds (test_memory.py in one process, test_cache.py across processes)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import ROOT

import publisher.layout.weasy.engine as weasy_engine
from publisher.layout.linebreak.total_fit import TotalFit

sys.path.insert(0, str(ROOT / "benchmarks"))
import make_book


def small_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated book of three chapters, notes and cross-references (about 30 pages)."""
    return make_book.generate(tmp_path_factory.mktemp("book") / "book", 30)


class Counting:
    """Counts the engine's layouts and the pages they made, and the paragraphs the total-fit breaker broke."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.layouts = 0
        self.pages = 0
        self.broken: list[str] = []  # the data-block of every paragraph broken
        render, apply = weasy_engine.Engine.render, TotalFit.apply

        def counting_render(engine: weasy_engine.Engine, tree, extra_css: str = ""):
            document = render(engine, tree, extra_css)
            self.layouts += 1
            self.pages += len(document.pages)
            return document

        def counting_apply(breaker: TotalFit, tree, elsewhere=None) -> None:
            apply(breaker, tree, elsewhere)
            self.broken += [element.get("data-block") for element in tree.iter() if element.get("data-block")]

        monkeypatch.setattr(weasy_engine.Engine, "render", counting_render)
        monkeypatch.setattr(TotalFit, "apply", counting_apply)


def outputs(folder: Path) -> dict[str, bytes]:
    """The visible files of ``folder`` (the outputs; not the no-op state, the cache or the lock), by name."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if not path.name.startswith(".")}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def middle_paragraph(path: Path) -> str:
    """A paragraph of running text in the middle of the part ``path``."""
    blocks = [block for block in path.read_text(encoding="utf-8").split("\n\n") if len(block) > 300]
    return [block for block in blocks if not block.startswith(("#", "[^", "{"))][len(blocks) // 2]
