"""Front matter at the top of a part (Jekyll, Hugo, Obsidian, Pandoc): read, never printed.

YAML between ``---`` lines (closed by ``---`` or ``...``), or TOML between
``+++`` lines as Hugo writes it. The keys a publication knows fill in what
``publication.toml`` leaves empty (the config decides who wins); every other
key is ignored with one warning per file.
"""

from __future__ import annotations

import datetime
import logging
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import PublicationError

log = logging.getLogger("publisher")

# Front-matter key → publication.toml key.
KEYS = {
    "title": "title",
    "subtitle": "subtitle",
    "author": "authors",
    "authors": "authors",
    "date": "date",
    "lang": "language",
    "language": "language",
    "description": "description",
    "abstract": "description",
    "keywords": "subjects",
    "tags": "subjects",
}
_YAML = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FIRST_KEY = re.compile(r"\s*['\"]?[\w-]+['\"]?\s*[:=]")
_TOML = re.compile(r"\A\+\+\+[ \t]*\n(.*?\n)?\+\+\+[ \t]*(?:\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class FrontMatter:
    path: Path
    values: dict[str, Any] = field(default_factory=dict)  # under publication.toml's names
    lines: dict[str, int] = field(default_factory=dict)  # the line each value stands on


def split_front_matter(text: str, path: Path) -> tuple[FrontMatter, str]:
    """The part's front matter, and its text with the front matter blanked out.

    The front matter's lines are kept as empty lines, so that the line numbers
    of messages about the rest of the file stay right.
    """
    match = _YAML.match(text) or _TOML.match(text)
    body = (match.group(1) or "") if match else ""
    first = next((line for line in body.splitlines() if line.strip() and not line.lstrip().startswith("#")), "")
    # A rule (---) that opens a text is no front matter: front matter starts with "key:" (or "key =").
    if match is None or not _FIRST_KEY.match(first):
        return FrontMatter(path), text
    data = _parse(body, path, toml=match.re is _TOML)
    rest = "\n" * match.group(0).count("\n") + text[match.end() :]
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    ignored = []
    for key, value in data.items():
        name = KEYS.get(str(key).lower())
        if name is None:
            ignored.append(str(key))
            continue
        if name in values or value is None:
            continue
        values[name] = _normalise(name, value)
        lines[name] = _line_of_key(body, str(key))
    if ignored:
        log.warning(
            "%s: front matter: ignored %s (known: %s)", path, ", ".join(map(repr, ignored)), ", ".join(sorted(KEYS))
        )
    return FrontMatter(path, values, lines), rest


def _parse(body: str, path: Path, *, toml: bool) -> dict[Any, Any]:
    if toml:
        try:
            return tomllib.loads(body)
        except tomllib.TOMLDecodeError as error:
            raise PublicationError(f"malformed front matter (TOML): {error}", path, 2) from None
    import yaml

    try:
        # The safe loader builds plain data only: no Python objects from a manuscript.
        data = yaml.safe_load(body)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2  # +1 for 1-based, +1 for the opening ---
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise PublicationError(f"malformed front matter (YAML): {problem}", path, line) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise PublicationError("front matter must be a list of 'key: value' lines", path, 2)
    return data


def _normalise(name: str, value: Any) -> Any:
    """Front matter as the tools write it, in the shape publication.toml has."""
    if name == "date" and isinstance(value, datetime.date | datetime.datetime):
        return value
    if name == "subjects" and isinstance(value, str):
        return [item.strip() for item in value.split(",")]
    if name == "authors" and isinstance(value, list):
        return [item if isinstance(item, dict) else str(item) for item in value]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def _line_of_key(body: str, key: str) -> int:
    for number, line in enumerate(body.splitlines(), start=2):
        if re.match(rf"\s*['\"]?{re.escape(key)}['\"]?\s*[:=]", line):
            return number
    return 2
