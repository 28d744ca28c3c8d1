"""The progress a build shows: a bar on a terminal, nothing more than the log lines elsewhere."""

from __future__ import annotations

import io
import logging
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import MANUSCRIPT, ROOT

from publisher.build import FORMATS, build
from publisher.parallel import in_second_process, processes_to_use
from publisher.progress import DELAY, Bar, Progress, for_terminal

sys.path.insert(0, str(ROOT / "benchmarks"))
import make_book


class FakeTerminal(io.StringIO):
    """A stream that says it is a terminal (of unknown width, as some terminals are)."""

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        raise OSError("no file descriptor")


class Recorder(Progress):
    def __init__(self) -> None:
        self.events: list[tuple] = []

    def breaking(self, edition: str) -> None:
        self.events.append(("breaking", edition))

    def laid_out(self, edition: str, part: int, parts: int, pages: int, share: float) -> None:
        self.events.append(("laid_out", edition, part, parts, pages, share))

    def writing(self, what: str, written: int, outputs: int) -> None:
        self.events.append(("writing", what, written, outputs))


def test_no_bar_off_a_terminal_or_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert type(for_terminal(io.StringIO())) is Progress
    monkeypatch.setenv("CI", "true")
    assert type(for_terminal(FakeTerminal())) is Progress
    monkeypatch.delenv("CI")
    monkeypatch.setenv("TERM", "dumb")
    assert type(for_terminal(FakeTerminal())) is Progress


def test_one_process_writes_after_the_layout(tmp_path: Path) -> None:
    recorder = Recorder()
    build(MANUSCRIPT, tmp_path, ["pdf"], jobs=1, progress=recorder)
    kinds = [event[0] for event in recorder.events]
    assert kinds.count("writing") == 1 and kinds[-1] == "writing"  # not before the layout it waits for


def test_a_build_reports_breaking_every_part_and_every_output(tmp_path: Path) -> None:
    recorder = Recorder()
    build(MANUSCRIPT, tmp_path, FORMATS, jobs=2, progress=recorder)
    kinds = [event[0] for event in recorder.events]
    assert kinds[0] == "breaking"
    placed = [event for event in recorder.events if event[0] == "laid_out"]
    parts = placed[0][3]
    assert parts >= 3  # cover, article, sidebars, imprint, back cover: each a part
    assert [event[2] for event in placed[-parts:]] == list(range(1, parts + 1))
    shares = [event[5] for event in placed[-parts:]]
    assert shares == sorted(shares) and shares[-1] == pytest.approx(1.0)
    assert placed[-1][4] == 12  # the pamphlet's pages
    writing = [event for event in recorder.events if event[0] == "writing"]
    assert [event[1] for event in writing] == ["the screen PDF", "the EPUB", "the print PDF and the booklet"]
    assert [event[2] for event in writing] == [0, 1, 2] and {event[3] for event in writing} == {4}
    assert kinds.index("writing") > max(index for index, kind in enumerate(kinds) if kind == "laid_out")


def test_the_bar_draws_the_steps_and_keeps_log_lines_above_it() -> None:
    terminal = FakeTerminal()
    logger = logging.getLogger("publisher")
    before = list(logger.handlers)
    bar = Bar(terminal, delay=0, tick=0.05)
    try:
        bar.breaking("screen")
        bar.laid_out("screen", 2, 5, 17, 0.4)
        logger.warning("a line of the log")
        bar.laid_out("screen", 1, 5, 3, 0.1)  # a second round of layouts: the bar does not go back
        time.sleep(0.2)  # the clock redraws meanwhile
        bar.writing("the EPUB", 1, 4)
    finally:
        bar.close()
    shown = terminal.getvalue()
    assert "screen: part 2/5, 17 pages" in shown
    assert "a line of the log\n" in shown
    assert "writing the EPUB" in shown and "left" in shown
    assert bar.done == round((0.15 + 0.70 + 0.15 / 4) * 1000)
    assert logger.handlers == before  # the log's own handler is back


def test_a_bar_only_the_clock_drew_is_erased() -> None:
    terminal = FakeTerminal()
    bar = Bar(terminal, delay=0.2, tick=0.05)
    bar.laid_out("screen", 1, 2, 3, 0.5)  # the last report, before the delay is over
    time.sleep(0.6)
    bar.close()
    shown = terminal.getvalue()
    assert "screen: part 1/2" in shown  # drawn by the clock
    assert shown.endswith("\r\x1b[K")  # and taken away: the next line starts on an empty line


def test_a_fork_under_the_bar_neither_hangs_nor_draws_it() -> None:
    terminal = FakeTerminal()
    bar = Bar(terminal, delay=0, tick=0.001)  # redrawn all the time: a fork meets it drawing
    try:
        # The bar's clock thread does not keep the build to one process.
        assert processes_to_use(None) == len(os.sched_getaffinity(0))
        for _ in range(20):
            with in_second_process(lambda: (bar.laid_out("x", 1, 1, 1, 1.0), bar.done, os.getpid())) as result:
                pass
            _nothing, done, child = result()
            assert child != os.getpid() and done == 0  # the child's copy of the bar stays as it was
    finally:
        bar.close()


def test_publisher_build_on_a_terminal_shows_the_bar_after_the_delay(tmp_path: Path) -> None:
    source = make_book.generate(tmp_path / "book", 40)
    controller, terminal = pty.openpty()
    os.set_blocking(controller, False)
    environment = {key: value for key, value in os.environ.items() if key != "CI"} | {"TERM": "xterm"}
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "publisher", "build", str(source), "-o", str(tmp_path / "out"), "--force"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=terminal,
        env=environment,
    )
    os.close(terminal)
    shown = b""
    while True:  # read while it runs: a full terminal would stop the build
        ready, _, _ = select.select([controller], [], [], 0.2)
        if ready:
            try:
                shown += os.read(controller, 65536)
            except OSError:  # the build is over and closed its side
                break
        elif process.poll() is not None:
            break
    process.wait(timeout=300)
    elapsed = time.monotonic() - started
    os.close(controller)
    text = shown.decode("utf-8", "replace")
    assert process.returncode == 0
    assert "wrote " in text and "benchmark-40-booklet.pdf" in text
    if elapsed > DELAY + 1:
        assert "pages" in text and "left" in text  # the bar, drawn once the delay was over
        assert "screen: part" in text
    else:  # a machine fast enough to build it in about the delay: no bar may flash
        assert "left" not in text
