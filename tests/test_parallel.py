"""Two processes: the print edition and booklet are made beside the screen PDF and EPUB."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
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


def _failing_print(_publication: object, _cache: object) -> tuple[bytes, int]:
    raise PublicationError("the print shop's profile is missing")


def test_an_error_in_the_second_process_fails_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(FORMATS, "print", OutputFormat("print", "-print.pdf", _failing_print))
    with pytest.raises(PublicationError, match="profile is missing"):
        build(MANUSCRIPT, tmp_path, ["pdf", "print"], jobs=2)
    # The screen PDF was written by this process; the failed edition left nothing behind (the lock and
    # the layout cache, which holds the screen edition's layout, are no outputs).
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".publisher-layout-cache",
        ".publisher-lock",
        "kasachstan-2022.pdf",
    ]
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


def _long_publication(root: Path) -> Path:
    root.mkdir()
    paragraph = "Ein Absatz mit Arbeiter*innen, „Zitaten“ und genug Wörtern, um Zeilen zu füllen und umzubrechen. " * 8
    parts = "".join(f'[[parts]]\nfile = "teil-{n}.md"\n' for n in range(8))
    (root / "publication.toml").write_text(f'title = "Lang"\ndate = 2024-05-01\n{parts}', encoding="utf-8")
    for n in range(8):
        (root / f"teil-{n}.md").write_text(f"# Teil {n}\n\n" + f"{paragraph}\n\n" * 40, encoding="utf-8")
    return root


def _forked_children(pid: int) -> list[int]:
    """The processes ``pid`` forked (same command line), not the helpers it ran (ldconfig while importing)."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
        children = [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        return [child for child in children if Path(f"/proc/{child}/cmdline").read_bytes() == command]
    except OSError:
        return []


def _running(pid: int) -> bool:
    """Alive and not a zombie (a container's init may be slow to reap an orphan)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("signal_name", ["SIGKILL", "SIGTERM", "SIGINT"])
def test_a_killed_build_leaves_nothing_running_and_nothing_half_written(tmp_path: Path, signal_name: str) -> None:
    source = _long_publication(tmp_path / "lang")
    output = tmp_path / "out"
    build = subprocess.Popen(
        [sys.executable, "-m", "publisher", "build", str(source), "-o", str(output), "-j", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    children: list[int] = []
    while not children and time.monotonic() < deadline and build.poll() is None:
        time.sleep(0.05)
        children = _forked_children(build.pid)
        if children:
            # A helper (ldconfig, run while WeasyPrint is imported) has the same command line
            # until it execs: the second build process is the one still there a moment later.
            time.sleep(1.0)
            children = [child for child in children if child in _forked_children(build.pid)]
    assert children, "the build never started its second process"
    assert build.poll() is None, "the build finished before it could be killed: make the publication longer"
    number = getattr(signal, signal_name)
    if number == signal.SIGINT:
        os.killpg(build.pid, number)  # Ctrl-C reaches the whole foreground process group
    else:
        os.kill(build.pid, number)  # a CI time-out kills the parent alone
    build.wait(timeout=30)
    time.sleep(1.0)
    assert not [child for child in children if _running(child)], "the second build process outlived its parent"
    leftovers = sorted(path.name for path in output.iterdir()) if output.exists() else []
    assert not [name for name in leftovers if name.endswith(".part") or name.startswith(".lang")], leftovers
    for name in leftovers:  # whatever is there was finished before the kill
        if name.endswith(".pdf"):
            assert len(pypdf.PdfReader(output / name).pages) > 0
