"""A rebuild in the same process (``publisher watch``) reuses what did not change, and writes the same bytes."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image
from rebuilds import Counting, edit, middle_paragraph, outputs, small_book

from publisher.build import FORMATS, build
from publisher.layout.memory import LayoutMemory


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_book(tmp_path_factory)


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
    paragraph = middle_paragraph(edited)
    if change == "a word":
        edit(edited, paragraph, paragraph.replace(" ", " auch ", 1))
    elif change == "a longer chapter":  # its pages grow: the chapters after it move
        edit(edited, paragraph, "\n\n".join([paragraph] * 4))
    else:  # the document's head changes: no page is taken, every part's lines are
        edit(source / "publication.toml", 'title = "', 'title = "Neu: ')
    warm = Counting(monkeypatch)
    build(source, tmp_path / "warm", FORMATS, jobs=1, memory=memory)
    monkeypatch.undo()
    cold = Counting(monkeypatch)
    build(source, tmp_path / "cold", FORMATS, jobs=1)
    assert outputs(tmp_path / "warm") == outputs(tmp_path / "cold")
    if change == "a word":
        # The edited chapter laid out (and repaired), not the other three; the others' pages not drawn again.
        assert warm.pages < cold.pages / 2
        assert memory.drawings.replayed > 1.5 * memory.drawings.drawn


def test_a_rebuild_in_two_processes_draws_again_only_the_edited_pages_of_each_edition(
    book: Path, tmp_path: Path
) -> None:
    source = tmp_path / "book"
    shutil.copytree(book, source)
    memory = LayoutMemory()
    build(source, tmp_path / "first", FORMATS, jobs=2, memory=memory)
    edited = sorted(source.glob("kapitel-*.md"))[1]
    paragraph = middle_paragraph(edited)
    edit(edited, paragraph, paragraph.replace(" ", " auch ", 1))
    # The print edition is drawn in the second process: its lines reach this file from there too.
    log = tmp_path / "build.log"
    handler = logging.FileHandler(log, encoding="utf-8")
    publisher_log = logging.getLogger("publisher")
    level = publisher_log.level
    publisher_log.addHandler(handler)
    publisher_log.setLevel(logging.INFO)
    try:
        build(source, tmp_path / "warm", FORMATS, jobs=2, memory=memory)
    finally:
        publisher_log.removeHandler(handler)
        publisher_log.setLevel(level)
        handler.close()
    build(source, tmp_path / "cold", FORMATS, jobs=1)
    assert outputs(tmp_path / "warm") == outputs(tmp_path / "cold")
    counts = dict(
        re.findall(r"(\w+) edition: (\d+ page\(s\) drawn, \d+) replayed from the last build", log.read_text())
    )
    assert set(counts) == {"screen", "print"}
    for edition, figures in counts.items():
        drawn, replayed = map(int, re.findall(r"\d+", figures))
        assert replayed > 1.5 * drawn, edition


def test_unchanged_parts_are_neither_broken_nor_laid_out_again(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    memory = LayoutMemory()
    build(book, tmp_path / "first", ["pdf"], memory=memory)
    counting = Counting(monkeypatch)
    build(book, tmp_path / "again", ["pdf"], jobs=1, memory=memory)
    # Only the probe of the emptied parts (their sides) is laid out: a page or so per part, and nothing else.
    assert counting.layouts == 1
    assert outputs(tmp_path / "again") == outputs(tmp_path / "first")


def test_a_changed_image_is_not_taken_from_the_memory(book: Path, tmp_path: Path) -> None:
    source = tmp_path / "book"
    shutil.copytree(book, source)
    chapters = sorted(source.glob("kapitel-*.md"))
    (source / ".bilder").mkdir()  # a folder the writer may hide its images in
    Image.new("RGB", (120, 80), "red").save(source / ".bilder" / "bild.png")
    first_paragraph = middle_paragraph(chapters[0])
    edit(chapters[0], first_paragraph, first_paragraph + "\n\n![Ein Bild](.bilder/bild.png)")
    memory = LayoutMemory()
    build(source, tmp_path / "first", ["pdf"], memory=memory)
    Image.new("RGB", (120, 80), "blue").save(source / ".bilder" / "bild.png")  # same size, other pixels
    paragraph = middle_paragraph(chapters[-1])
    edit(chapters[-1], paragraph, paragraph.replace(" ", " auch ", 1))  # an edit elsewhere
    build(source, tmp_path / "warm", ["pdf"], jobs=1, memory=memory)
    build(source, tmp_path / "cold", ["pdf"], jobs=1)
    assert outputs(tmp_path / "warm") == outputs(tmp_path / "cold")
    assert outputs(tmp_path / "warm") != outputs(tmp_path / "first")
