"""Issue 12: whatever Markdown a user brings, the build ends, in time, with valid outputs or a clear error.

Random manuscripts from ``fuzz.generator`` are built by the command line in a process of their own.
Every build must end within the time limit with either exit 0 and valid outputs (EPUBCheck 0 errors
0 warnings, a PDF that opens) or exit 1 and only error lines of the form
``error: <file>:<line>: <message>`` or ``error: <file>: <message>`` naming a file of the publication.
Never an internal error (exit 2), a traceback or a hang.

A few seeds run with the suite; ``pytest -m fuzz tests/test_fuzz.py`` runs many more, larger ones.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from fuzz.generator import write_publication
from fuzz.outputs import Run, epubcheck_problems, run_build

QUICK_SEEDS = range(8)
LONG_SEEDS = range(1000, 1120)
TIMEOUT = 120


@dataclass
class Outcome:
    source: Path
    output: Path
    run: Run


def build_seed(seed: int, root: Path, size: int) -> Outcome:
    source = write_publication(seed, root / f"seed-{seed}" / "src", size=size)
    output = root / f"seed-{seed}" / "out"
    return Outcome(source, output, run_build(source, output, ("pdf", "epub"), timeout=TIMEOUT))


def build_all(seeds: range, root: Path, size: int) -> dict[int, tuple[Outcome, list[str]]]:
    # Two builds at a time: the machines that run the suite have two cores.
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = dict(zip(seeds, pool.map(lambda seed: build_seed(seed, root, size), seeds), strict=True))
    epubs = {seed: next(o.output.glob("*.epub"), None) for seed, o in outcomes.items() if o.run.returncode == 0}
    checked = epubcheck_problems([e for e in epubs.values() if e], root / "epubcheck")
    return {seed: (outcome, checked.get(epubs.get(seed), [])) for seed, outcome in outcomes.items()}


@pytest.fixture(scope="module")
def quick(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[Outcome, list[str]]]:
    return build_all(QUICK_SEEDS, tmp_path_factory.mktemp("fuzz"), size=1)


@pytest.fixture(scope="module")
def long(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[Outcome, list[str]]]:
    return build_all(LONG_SEEDS, tmp_path_factory.mktemp("fuzz-long"), size=2)


_ERROR = re.compile(r"error: (?P<path>/.+?)(?::(?P<line>\d+))?: (?P<message>\S.*)")


def assert_clean_outcome(outcome: Outcome, epubcheck: list[str]) -> None:
    run, source = outcome.run, outcome.source
    where = f"seed publication {source}"
    assert run.returncode is not None, f"{where}: no end within {run.seconds_allowed} s\n{run.stderr[-2000:]}"
    assert "Traceback" not in run.stderr, f"{where}:\n{run.stderr[-3000:]}"
    assert "internal error" not in run.stderr, f"{where}:\n{run.stderr[-3000:]}"
    assert run.returncode in (0, 1), f"{where}: exit {run.returncode}\n{run.stderr[-3000:]}"
    if run.returncode == 0:
        pdfs = list(outcome.output.glob("*.pdf"))
        epubs = list(outcome.output.glob("*.epub"))
        assert len(pdfs) == 1 and len(epubs) == 1, f"{where}: {sorted(p.name for p in outcome.output.iterdir())}"
        assert len(pypdf.PdfReader(pdfs[0]).pages) >= 3
        assert epubcheck == [], f"{where}: EPUBCheck: " + "\n".join(epubcheck[:10])
        return
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert errors, f"{where}: exit 1 without an error line\n{run.stderr[-2000:]}"
    for line in errors:
        match = _ERROR.fullmatch(line)
        assert match, f"{where}: not 'error: <file>[:<line>]: <message>': {line!r}"
        path = Path(match["path"])
        assert path.is_file() and path.resolve().is_relative_to(source.resolve()), f"{where}: {line!r}"
        if match["line"]:
            lines = path.read_bytes().count(b"\n") + 1
            assert 1 <= int(match["line"]) <= lines, f"{where}: no line {match['line']} in {path}: {line!r}"
    assert not list(outcome.output.glob("*.pdf")) and not list(outcome.output.glob("*.epub")), where


@pytest.mark.parametrize("seed", QUICK_SEEDS)
def test_random_manuscript_builds_or_fails_clearly(quick: dict[int, tuple[Outcome, list[str]]], seed: int) -> None:
    assert_clean_outcome(*quick[seed])


@pytest.mark.fuzz
@pytest.mark.parametrize("seed", LONG_SEEDS)
def test_random_manuscript_builds_or_fails_clearly_long(long: dict[int, tuple[Outcome, list[str]]], seed: int) -> None:
    assert_clean_outcome(*long[seed])


def test_the_generator_is_deterministic_and_varied(tmp_path: Path) -> None:
    first = write_publication(3, tmp_path / "a")
    second = write_publication(3, tmp_path / "b")
    other = write_publication(4, tmp_path / "c")

    def files(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    assert files(first) == files(second)
    assert files(first) != files(other)
    folders = [write_publication(seed, tmp_path / f"s{seed}") for seed in range(20)]
    texts = "".join(p.read_text(encoding="utf-8-sig") for folder in folders for p in folder.rglob("*.md"))
    for construct in ("```", "| ", "Table: ", "[^n1]", "> ", "    ", "* * *", "![", ":   ", "](#", "<script>", "---\n"):
        assert construct in texts, construct
