"""Shared fixtures: the bundled manuscript is built once per test session."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from publisher.build import FORMATS, build

ROOT = Path(__file__).resolve().parent.parent
MANUSCRIPT = ROOT / "manuscript"
SEED = Path(__file__).resolve().parent / "data" / "seed.txt"


def manuscript_with(folder: Path, options: str) -> Path:
    """A copy of the bundled manuscript in ``folder``, its publication.toml ending in ``options``."""
    source = folder / "manuscript"
    shutil.copytree(MANUSCRIPT, source)
    with (source / "publication.toml").open("a", encoding="utf-8") as config:
        config.write("\n" + options)
    return source


def pamphlet(root: Path, title: str, blocks: list[str], config: str = "") -> Path:
    """A German pamphlet of one part in ``root`` (made if need be): text.md holds ``blocks`` as paragraphs,
    publication.toml ends in ``config``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "text.md").write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    (root / "publication.toml").write_text(
        f'title = "{title}"\ndate = 2026-12-01\nlanguage = "de"\n'
        'responsible = "Erika Muster, Hauptstraße 1, 12345 Musterstadt"\n[[parts]]\nfile = "text.md"\n' + config,
        encoding="utf-8",
    )
    return root


@pytest.fixture
def kept_log() -> Iterator[None]:
    """The publisher log's handlers and level as they were, after a test that runs the command line in
    this process (``cli.main`` sets the log up for the process: its handler would write to the test's
    captured, then closed, stderr in every test after it)."""
    logger = logging.getLogger("publisher")
    handlers, level = list(logger.handlers), logger.level
    yield
    logger.handlers[:] = handlers
    logger.setLevel(level)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bundled manuscript built into a temporary folder, by format name."""
    output = tmp_path_factory.mktemp("output")
    paths = build(MANUSCRIPT, output, FORMATS)
    return {name: path for name, path in zip(FORMATS, paths, strict=True)}
