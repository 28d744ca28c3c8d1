"""Two processes: the print edition and booklet are made beside the screen PDF and EPUB."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pypdf
import pytest
from conftest import MANUSCRIPT

from publisher import build as build_module
from publisher.build import FORMATS, OutputFormat, build
from publisher.errors import PublicationError
from publisher.parallel import in_second_process, processes_to_use


def test_one_process_gives_the_same_bytes_as_two(built: dict[str, Path], tmp_path: Path) -> None:
    alone = build(MANUSCRIPT, tmp_path, FORMATS, jobs=1)
    for path in alone:
        assert path.read_bytes() == built[next(k for k, v in built.items() if v.name == path.name)].read_bytes()


def _failing_print(_publication: object, target: Path, _cache: object) -> int:
    target.write_bytes(b"half a file")
    raise PublicationError("the print shop's profile is missing")


def test_an_error_in_the_second_process_fails_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(FORMATS, "print", OutputFormat("print", "-print.pdf", _failing_print))
    with pytest.raises(PublicationError, match="profile is missing"):
        build(MANUSCRIPT, tmp_path, ["pdf", "print"], jobs=2)
    # The screen PDF was written by this process; the failed edition left nothing behind.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kasachstan-2022.pdf"]
    assert not (tmp_path / ".publisher-state.json").exists()


def test_a_second_process_that_dies_fails_the_build() -> None:
    with pytest.raises(RuntimeError, match=r"failed \(exit code 3\)"), in_second_process(lambda: os._exit(3)) as result:
        result()


def test_results_come_back_from_the_second_process() -> None:
    with in_second_process(lambda: {"pages": os.getpid()}) as result:
        here = os.getpid()
    assert result()["pages"] != here


def test_one_process_while_other_threads_run() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert processes_to_use(2) == 1
    finally:
        stop.set()
        thread.join()
    assert processes_to_use(2) == 2 and processes_to_use(1) == 1


def test_side_formats_are_the_print_edition_and_booklet() -> None:
    assert set(build_module.SIDE_PROCESS) == {"print", "booklet"} <= set(FORMATS)


def test_editions_made_alongside_have_the_same_pages(built: dict[str, Path]) -> None:
    """The print edition, repaired in its own process, breaks every line and page as the screen edition does."""
    screen = [page.extract_text() for page in pypdf.PdfReader(built["pdf"]).pages]
    printed = [page.extract_text() for page in pypdf.PdfReader(built["print"]).pages]
    padding = len(printed) - len(screen)
    assert 0 <= padding < 4 and not any(text.strip() for text in printed[-1 - padding : -1])
    assert printed[: len(screen) - 1] == screen[:-1] and printed[-1] == screen[-1]


class _TwoArgumentError(Exception):
    def __init__(self, what: str, where: str) -> None:
        super().__init__(f"{what} at {where}")


def _raise_two_argument_error() -> None:
    raise _TwoArgumentError("trouble", "page 3")


def test_an_error_that_cannot_travel_comes_back_as_its_text() -> None:
    with pytest.raises(RuntimeError, match="trouble at page 3"), in_second_process(_raise_two_argument_error) as result:
        result()


def test_a_failing_build_stops_the_second_process(tmp_path: Path) -> None:
    marker = tmp_path / "finished"

    def slow() -> None:
        import time

        time.sleep(5)
        marker.write_text("the second process ran to the end")

    with pytest.raises(ValueError, match="screen edition"), in_second_process(slow):
        raise ValueError("the screen edition failed")
    assert not marker.exists()
