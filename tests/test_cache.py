"""A build in a new process takes what the last build into the same folder decided (layout/cache.py)."""

from __future__ import annotations

import errno
import fcntl
import json
import logging
import os
import shutil
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path

import pytest
from conftest import MANUSCRIPT, ROOT
from PIL import Image
from rebuilds import Counting, edit, middle_paragraph, outputs, small_book

from publisher.build import FORMATS, build
from publisher.cli import main
from publisher.layout import cache as layout_cache
from publisher.layout.memory import LayoutMemory, styles_digest
from publisher.lock import output_lock
from publisher.names import CACHE_FILE, LOCK_FILE
from publisher.reader import read_publication
from publisher.writers.pdf.document import build_document


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_book(tmp_path_factory)


@pytest.fixture(scope="module")
def cold(book: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The book built from scratch, with the layout cache it leaves."""
    output = tmp_path_factory.mktemp("cold")
    build(book, output, ["pdf", "epub"], jobs=1)
    return output


def _with_cache(cold: Path, tmp_path: Path) -> Path:
    """A new output folder holding ``cold``'s layout cache (and nothing else)."""
    output = tmp_path / "out"
    output.mkdir()
    shutil.copy(cold / CACHE_FILE, output / CACHE_FILE)
    return output


def test_the_cache_holds_the_lines_and_repairs_of_every_part(book: Path, cold: Path) -> None:
    stored = layout_cache.load(cold, [book, ROOT / "styles"], layout_cache.tool())
    assert stored is not None
    parts = len(build_document(read_publication(book)).body)  # cover, imprint, contents, three chapters, back cover
    assert len(stored.lines) == parts == 7
    assert stored.decided  # the chapters' notes and hyphens were repaired
    assert any(path.suffix == ".otf" for path in stored.files)


def test_a_build_with_the_cache_lays_each_part_out_once_and_writes_the_same_bytes(
    book: Path, cold: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = _with_cache(cold, tmp_path)
    counting = Counting(monkeypatch)
    build(book, output, ["pdf", "epub"], jobs=1)
    assert counting.broken == []  # every paragraph's lines came from the cache
    # The probe of the parts' sides, then each of the 7 parts once (and a blank page for each side):
    # the contents page's references take the pages the last build placed their targets on.
    assert counting.layouts <= 1 + 7 + 2
    assert outputs(output) == outputs(cold)


def test_an_edit_invalidates_exactly_the_edited_part(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "book"
    shutil.copytree(book, source)
    output = tmp_path / "out"
    build(source, output, ["pdf", "epub"], jobs=1)
    first = outputs(output)
    chapters = sorted(source.glob("kapitel-*.md"))
    paragraph = middle_paragraph(chapters[1])
    edit(chapters[1], paragraph, paragraph.replace(" und ", " oder ", 1))
    counting = Counting(monkeypatch)
    build(source, output, ["pdf", "epub"], jobs=1)
    monkeypatch.undo()
    # Only the edited chapter's paragraphs are broken again (its notes are broken with it).
    parts = {block.rsplit(".", 1)[0] for block in counting.broken if not block.startswith("note-")}
    assert parts == {"kapitel-02"}
    build(source, tmp_path / "fresh", ["pdf", "epub"], jobs=1)
    assert outputs(output) == outputs(tmp_path / "fresh")
    assert outputs(output) != first


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not a cache at all",
        zlib.compress(b'{"format": 1, "tool": "x"'),  # cut short inside the JSON
        zlib.compress(b"[1, 2, 3]"),
        zlib.compress(b"[" * 100_000 + b"]" * 100_000),  # nested deeper than Python's recursion
        zlib.compress(b'{"format": 1, "tool": "x"}')[:-4],  # the packing cut short
    ],
    ids=["empty", "garbage", "cut-json", "other-json", "deep-json", "cut-zlib"],
)
def test_a_damaged_cache_is_ignored_with_a_warning_and_made_anew(
    book: Path, cold: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: bytes
) -> None:
    output = tmp_path / "out"
    output.mkdir()
    (output / CACHE_FILE).write_bytes(damage)
    with caplog.at_level(logging.WARNING, logger="publisher"):
        build(book, output, ["pdf", "epub"], jobs=1)
    assert any("layout cache is damaged" in record.getMessage() for record in caplog.records)
    assert outputs(output) == outputs(cold)
    assert (output / CACHE_FILE).read_bytes() == (cold / CACHE_FILE).read_bytes()


def test_a_cache_cut_short_or_with_wrong_values_is_damaged(book: Path, cold: Path) -> None:
    whole = (cold / CACHE_FILE).read_bytes()
    allowed = [book, ROOT / "styles"]
    with pytest.raises(layout_cache.DamagedCacheError):
        layout_cache._decode(whole[: len(whole) // 2], layout_cache.tool(), allowed)
    text = zlib.decompress(whole).replace(b'"lines":[[', b'"lines":[[7,', 1)
    with pytest.raises(layout_cache.DamagedCacheError):
        layout_cache._decode(zlib.compress(text), layout_cache.tool(), allowed)


def test_a_cache_whose_html_is_not_a_part_is_damaged(book: Path, cold: Path) -> None:
    content = json.loads(zlib.decompress((cold / CACHE_FILE).read_bytes()))
    content["lines"][0][3] = "two <p>elements</p><p>and text</p>"
    with pytest.raises(layout_cache.DamagedCacheError, match="not the HTML of a part"):
        layout_cache._decode(zlib.compress(json.dumps(content).encode()), layout_cache.tool(), [book, ROOT / "styles"])


def test_a_cache_too_large_is_damaged(book: Path, cold: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layout_cache, "MAX_BYTES", 1000)
    with pytest.raises(layout_cache.DamagedCacheError, match="larger"):
        layout_cache._decode((cold / CACHE_FILE).read_bytes(), layout_cache.tool(), [book, ROOT / "styles"])


def test_a_cache_that_is_no_regular_file_is_not_read(
    book: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    output = tmp_path / "out"
    output.mkdir()
    os.mkfifo(output / CACHE_FILE)  # reading it would wait for a writer forever
    with caplog.at_level(logging.WARNING, logger="publisher"):
        assert layout_cache.load(output, [book, ROOT / "styles"], layout_cache.tool()) is None
    assert any("cannot read the layout cache" in record.getMessage() for record in caplog.records)


def test_a_cache_naming_a_file_outside_the_publication_is_damaged(book: Path, cold: Path) -> None:
    text = zlib.decompress((cold / CACHE_FILE).read_bytes()).replace(b'"files":{', b'"files":{"/etc/hostname":"0",', 1)
    with pytest.raises(layout_cache.DamagedCacheError, match="outside"):
        layout_cache._decode(zlib.compress(text), layout_cache.tool(), [book, ROOT / "styles"])


def test_a_cache_of_another_tool_is_not_used(
    book: Path, cold: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = _with_cache(cold, tmp_path)
    monkeypatch.setattr(layout_cache, "tool", lambda _digest=None: "another version")
    counting = Counting(monkeypatch)
    build(book, output, ["pdf"], jobs=1)
    assert counting.broken  # nothing was taken: every paragraph was broken again
    assert counting.layouts > 7


def _book_with_an_image(book: Path, tmp_path: Path) -> Path:
    """A copy of ``book`` whose first chapter shows an image, bild.png (red, 120 × 80 px)."""
    source = tmp_path / "book"
    shutil.copytree(book, source)
    first = sorted(source.glob("kapitel-*.md"))[0]
    Image.new("RGB", (120, 80), "red").save(source / "bild.png")
    text = middle_paragraph(first)
    edit(first, text, text + "\n\n![Ein Bild](bild.png)")
    return source


def test_a_changed_image_makes_the_cache_stale(tmp_path: Path, book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = _book_with_an_image(book, tmp_path)
    build(source, tmp_path / "out", ["pdf"], jobs=1)
    Image.new("RGB", (120, 160), "blue").save(source / "bild.png")  # taller: the chapter's pages change
    counting = Counting(monkeypatch)
    build(source, tmp_path / "out", ["pdf"], jobs=1)
    monkeypatch.undo()
    assert counting.broken
    build(source, tmp_path / "fresh", ["pdf"], jobs=1)
    assert outputs(tmp_path / "out") == outputs(tmp_path / "fresh")


def test_watch_drops_the_cache_when_an_image_changes(tmp_path: Path, book: Path) -> None:
    source = _book_with_an_image(book, tmp_path)
    build(source, tmp_path / "out", ["pdf"], jobs=1)  # leaves the cache
    memory = LayoutMemory()
    build(source, tmp_path / "out", ["pdf"], jobs=1, memory=memory)  # watch's first build takes it
    Image.new("RGB", (120, 160), "blue").save(source / "bild.png")
    build(source, tmp_path / "out", ["pdf"], jobs=1, memory=memory)
    build(source, tmp_path / "fresh", ["pdf"], jobs=1)
    assert outputs(tmp_path / "out") == outputs(tmp_path / "fresh")


def test_other_options_take_nothing_from_the_cache(tmp_path: Path, book: Path) -> None:
    source = tmp_path / "book"
    shutil.copytree(book, source)
    build(source, tmp_path / "out", ["pdf"], jobs=1)  # total fit, its repairs in the cache
    with (source / "publication.toml").open("a", encoding="utf-8") as config:
        config.write('\n[pdf]\nline_breaking = "first-fit"\n')
    build(source, tmp_path / "out", ["pdf"], jobs=1)
    build(source, tmp_path / "fresh", ["pdf"], jobs=1)
    assert outputs(tmp_path / "out") == outputs(tmp_path / "fresh")


@pytest.mark.usefixtures("kept_log")
def test_force_lays_everything_out_again(
    book: Path, cold: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = _with_cache(cold, tmp_path)
    counting = Counting(monkeypatch)
    assert main(["build", str(book), "-o", str(output), "--format", "pdf", "epub", "-j", "1", "--force", "-q"]) == 0
    assert counting.broken
    assert outputs(output) == outputs(cold)


def test_a_build_waits_for_another_build_into_the_same_folder(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    entered: list[str] = []

    def second() -> None:
        with output_lock(tmp_path):
            entered.append("second")

    def waiting() -> bool:
        return any("waiting for it to end" in record.getMessage() for record in caplog.records)

    with caplog.at_level(logging.WARNING, logger="publisher"):
        with output_lock(tmp_path):
            thread = threading.Thread(target=second)
            thread.start()
            deadline = time.monotonic() + 30
            while not waiting() and time.monotonic() < deadline:
                time.sleep(0.05)
            assert waiting()  # the second said that it waits, and waits while the first holds the folder
            assert entered == []
            entered.append("first")
        thread.join(timeout=30)
    assert entered == ["first", "second"]
    assert (tmp_path / LOCK_FILE).read_text() == str(os.getpid())


def test_a_folder_that_cannot_be_locked_is_built_unlocked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def no_locks(*_arguments: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    with caplog.at_level(logging.WARNING, logger="publisher"), output_lock(tmp_path):
        entered = True
    assert entered
    assert any("cannot lock" in record.getMessage() for record in caplog.records)


def test_a_lock_file_planted_as_a_link_is_not_followed(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    output = tmp_path / "out"
    output.mkdir()
    (output / LOCK_FILE).symlink_to(victim)
    with caplog.at_level(logging.WARNING, logger="publisher"), output_lock(output):
        pass
    assert victim.read_text() == "keep me"
    assert any("cannot open the lock" in record.getMessage() for record in caplog.records)


def test_two_builds_at_once_into_one_folder_both_write_whole_outputs(tmp_path: Path, built: dict[str, Path]) -> None:
    output = tmp_path / "out"
    output.mkdir()
    command = [sys.executable, "-m", "publisher", "build", str(MANUSCRIPT), "-o", str(output), "--force"]
    logs = [tmp_path / f"build-{number}.log" for number in range(2)]
    with output_lock(output):  # both start while the folder is taken, so both wait, then one waits for the other
        builds = [
            subprocess.Popen(command, stderr=log.open("w"), stdout=subprocess.DEVNULL, cwd=tmp_path) for log in logs
        ]
        deadline = time.monotonic() + 120
        while not all("waiting for it to end" in log.read_text() for log in logs) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [build.poll() for build in builds] == [None, None]
    assert [build.wait(timeout=300) for build in builds] == [0, 0], [log.read_text() for log in logs]
    for name, path in built.items():
        assert (output / path.name).read_bytes() == path.read_bytes(), name
    assert not [path.name for path in output.iterdir() if path.name.endswith(".part")]


def test_every_format_is_written_alike_with_the_cache(book: Path, tmp_path: Path) -> None:
    build(book, tmp_path / "out", FORMATS)
    first = outputs(tmp_path / "out")
    build(book, tmp_path / "out", FORMATS)  # with the cache the first left
    assert outputs(tmp_path / "out") == first


def test_the_first_build_of_watch_takes_the_cache(
    book: Path, cold: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = _with_cache(cold, tmp_path)
    memory = LayoutMemory()
    counting = Counting(monkeypatch)
    build(book, output, ["pdf", "epub"], jobs=1, memory=memory)
    assert counting.broken == []
    assert outputs(output) == outputs(cold)


def test_a_fresh_checkout_of_the_styles_keeps_the_cache_valid(tmp_path: Path) -> None:
    """A checkout gives every file a new modification time: only a change of content voids the cache."""
    styles = shutil.copytree(ROOT / "styles", tmp_path / "styles")
    before = styles_digest(styles)
    for path in styles.rglob("*"):
        os.utime(path, (1_000_000_000, 1_000_000_000))
    assert styles_digest(styles) == before
    with (styles / "pdf.css").open("a", encoding="utf-8") as sheet:
        sheet.write("\n/* a comment */\n")
    assert styles_digest(styles) != before
