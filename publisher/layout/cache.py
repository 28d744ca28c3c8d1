"""The layout cache: what a build's layout decided, kept in the output folder for the next build.

A build in a new process cannot take the pages the last one laid out (they are
WeasyPrint's objects, drawn from Pango layouts), but it can take what the layout
decided for every part: the lines the total-fit breaker chose, and the HTML the
repairs ended with (layout/memory.py's :class:`Stored`). A part found there is
neither broken nor repaired again; it is laid out once. Both are keyed by the
part's HTML, its place (index, first page, cross-reference numbers), the document's
head and the engine (its edition and style sheets), so what is taken is what a
build from scratch would make: the outputs are the same bytes.

The file holds the digest of the tool (its code, styles/, the libraries' and
Pango's versions) and of every file the layout read (images, fonts): if any of
them changed, nothing in it is taken. A file that cannot be read back whole (cut
short, overwritten, of another format) is ignored with a warning, and replaced
after the build. It is written in one step (atomic.py), so that a killed build
leaves the last whole one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import zlib
from pathlib import Path

from ..atomic import write_atomically
from ..names import CACHE_FILE
from ..state import tool_digest
from .memory import LayoutMemory, Stored

log = logging.getLogger("publisher")

FORMAT = 1  # of the file; another number is not read


class DamagedCacheError(ValueError):
    """The cache file is not what :func:`store` writes."""


def load(output_dir: Path, allowed: list[Path]) -> Stored | None:
    """What the last build into ``output_dir`` decided, if it still holds (the tool and the files it read unchanged).

    ``allowed``: the folders a build may read (the files the cache names must lie in them).
    """
    path = output_dir / CACHE_FILE
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        log.warning("%s: cannot read the layout cache (%s); laying everything out", path, error.strerror)
        return None
    try:
        stored = _decode(data, _tool(), [root.resolve() for root in allowed])
    except DamagedCacheError as error:
        log.warning("%s: the layout cache is damaged (%s); it is ignored and made anew", path, error)
        return None
    if stored is None:
        log.debug("%s: made by another version of the tool or from other files; not used", path)
    return stored


def store(output_dir: Path, memory: LayoutMemory) -> None:
    """Keep what ``memory`` holds of the last build in ``output_dir``, for the next build."""
    write_atomically(output_dir / CACHE_FILE, _encode(memory.stored(), _tool()))


def _tool() -> str:
    from .weasy.engine import text_library_version

    return f"{tool_digest()} {text_library_version()}"


def _encode(stored: Stored, tool: str) -> bytes:
    files = {str(path): _file_digest(path) for path in sorted(stored.files)}
    content = {
        "format": FORMAT,
        "tool": tool,
        "files": files,
        "lines": [[key, html, index, broken.decode("utf-8")] for (key, html, index), broken in stored.lines.items()],
        "decided": {
            key: [
                [html, number, [list(each) for each in numbers], repaired.decode("utf-8")]
                for (html, number, numbers), repaired in parts.items()
            ]
            for key, parts in stored.decided.items()
        },
    }
    return zlib.compress(json.dumps(content, sort_keys=True, separators=(",", ":")).encode("utf-8"), 1)


def _decode(data: bytes, tool: str, allowed: list[Path]) -> Stored | None:
    """What ``data`` holds; None if it was made by another tool or from files that changed since."""
    try:
        content = json.loads(zlib.decompress(data))
    except (zlib.error, ValueError) as error:  # UnicodeDecodeError is a ValueError
        raise DamagedCacheError("not a layout cache") from error
    if not isinstance(content, dict) or not isinstance(content.get("format"), int):
        raise DamagedCacheError("not a layout cache")
    if content["format"] != FORMAT or content.get("tool") != tool:
        return None
    try:
        files = {Path(_text(path)).resolve(): digest for path, digest in content["files"].items()}
        if not all(any(path.is_relative_to(root) for root in allowed) for path in files):
            raise DamagedCacheError("it names files outside the publication and styles/")
        if any(_file_digest(path) != digest for path, digest in files.items()):
            return None
        lines = {
            (_text(key), _text(html), _number(index)): _text(broken).encode("utf-8")
            for key, html, index, broken in content["lines"]
        }
        decided = {
            _text(key): {
                (_text(html), _number(number), tuple((_text(ref), _number(page)) for ref, page in numbers)): _text(
                    repaired
                ).encode("utf-8")
                for html, number, numbers, repaired in parts
            }
            for key, parts in content["decided"].items()
        }
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise DamagedCacheError(f"unexpected content: {error}") from error
    return Stored(lines, decided, frozenset(files))


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not text")
    return value


def _number(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{value!r} is not a number")
    return value


def _file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
