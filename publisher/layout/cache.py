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
import os
import stat
import zlib
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from ..atomic import write_atomically
from ..names import CACHE_FILE
from ..state import tool_digest
from .memory import LayoutMemory, Stored

log = logging.getLogger("publisher")

FORMAT = 2  # of the file; another number is not read
# A cache larger than this, packed or unpacked, is not read: a damaged or planted file.
MAX_BYTES = 1 << 30


class DamagedCacheError(ValueError):
    """The cache file is not what :func:`store` writes."""


def load(output_dir: Path, allowed: list[Path], tool: str) -> Stored | None:
    """What the last build into ``output_dir`` decided, if it still holds (the tool and the files it read unchanged).

    ``allowed``: the folders a build may read (the files the cache names must lie in them);
    ``tool``: :func:`tool` at the start of this build.
    """
    path = output_dir / CACHE_FILE
    try:
        data = _read_regular_file(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        log.warning("%s: cannot read the layout cache (%s); laying everything out", path, error.strerror or error)
        return None
    try:
        stored = _decode(data, tool, [root.resolve() for root in allowed])
    except DamagedCacheError as error:
        log.warning("%s: the layout cache is damaged (%s); it is ignored and made anew", path, error)
        return None
    if stored is None:
        log.debug("%s: made by another version of the tool or from other files; not used", path)
    return stored


def store(output_dir: Path, memory: LayoutMemory, tool: str) -> None:
    """Keep what ``memory`` holds of the last build in ``output_dir``, for the next build.

    ``tool``: :func:`tool` at the start of the build (code changed while it ran is not what it ran).
    """
    write_atomically(output_dir / CACHE_FILE, _encode(memory.stored(), tool))


def tool(digest: str | None = None) -> str:
    """What the cache is valid for: the tool's code, styles and libraries, and the text libraries under WeasyPrint.

    ``digest`` is :func:`~publisher.state.tool_digest`'s, where the caller has it already.
    """
    from .weasy.engine import text_library_version

    return f"{digest if digest is not None else tool_digest()} {text_library_version()}"


def _encode(stored: Stored, tool: str) -> bytes:
    files = {str(path): digest for path, digest in sorted(stored.files.items())}
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
        "anchors": stored.anchors,
    }
    return zlib.compress(json.dumps(content, sort_keys=True, separators=(",", ":")).encode("utf-8"), 1)


def _decode(data: bytes, tool: str, allowed: list[Path]) -> Stored | None:
    """What ``data`` holds; None if it was made by another tool or from files that changed since."""
    inflater = zlib.decompressobj()
    try:
        text = inflater.decompress(data, MAX_BYTES)
    except zlib.error as error:
        raise DamagedCacheError("not a layout cache") from error
    if inflater.unconsumed_tail or not inflater.eof:
        raise DamagedCacheError("cut short, or larger than a layout cache is")
    try:
        content = json.loads(text)
    except (ValueError, RecursionError) as error:  # UnicodeDecodeError is a ValueError
        raise DamagedCacheError("not a layout cache") from error
    if not isinstance(content, dict) or not isinstance(content.get("format"), int):
        raise DamagedCacheError("not a layout cache")
    if content["format"] != FORMAT or content.get("tool") != tool:
        return None
    try:
        files = {Path(_text(path)).resolve(): _text(digest) for path, digest in content["files"].items()}
        if not all(any(path.is_relative_to(root) for root in allowed) for path in files):
            raise DamagedCacheError("it names files outside the publication and styles/")
        if any(_file_digest(path) != digest for path, digest in files.items()):
            return None
        lines = {
            (_text(key), _text(html), _number(index)): _part(broken) for key, html, index, broken in content["lines"]
        }
        decided = {
            _text(key): {
                (_text(html), _number(number), tuple((_text(ref), _number(page)) for ref, page in numbers)): _part(
                    repaired
                )
                for html, number, numbers, repaired in parts
            }
            for key, parts in content["decided"].items()
        }
        anchors = {
            _text(key): {_text(anchor): _number(page) for anchor, page in pages.items()}
            for key, pages in content["anchors"].items()
        }
    except (KeyError, TypeError, ValueError, AttributeError, RuntimeError) as error:  # RuntimeError: a symlink loop
        raise DamagedCacheError(f"unexpected content: {error}") from error
    return Stored(lines, decided, files, anchors)


def _part(value: object) -> bytes:
    """The HTML of one part, as the layout takes it (one element)."""
    html = _text(value)
    try:
        lxml_html.fragment_fromstring(html)
    except (etree.LxmlError, ValueError) as error:
        raise ValueError(f"not the HTML of a part: {html[:40]!r}") from error
    return html.encode("utf-8")


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not text")
    return value


def _number(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{value!r} is not a number")
    return value


def _file_digest(path: Path) -> str | None:
    """The SHA-256 of a regular file (not of a pipe or a device, which could block or never end), or None."""
    try:
        with path.open("rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                return None
            return hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:
        return None


def _read_regular_file(path: Path) -> bytes:
    """The bytes of ``path`` if it is a regular file (no symbolic link, pipe or device) of a cache's size."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise OSError("not a regular file")
        if status.st_size > MAX_BYTES:
            raise OSError("larger than a layout cache is")
        return file.read()
