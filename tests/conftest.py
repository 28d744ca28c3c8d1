"""Shared fixtures: the bundled manuscript is built once per test session."""

from __future__ import annotations

import shutil
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


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bundled manuscript built into a temporary folder, by format name."""
    output = tmp_path_factory.mktemp("output")
    paths = build(MANUSCRIPT, output, FORMATS)
    return {name: path for name, path in zip(FORMATS, paths, strict=True)}
