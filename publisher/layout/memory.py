"""What a long-running process (``publisher watch``) keeps from one build of a publication to the next.

A build lays its parts out one at a time (paginate.py), and a part's pages depend only on
the part, the page it starts on, the numbers its cross-references show, the document's
head and the engine (its style sheets and fonts). The total-fit breaker's lines depend
only on the part and the engine. So the next build of the same publication takes, for
every part whose HTML did not change, the lines broken last time, and, where it also
starts on the same page, the pages laid out last time, instead of measuring, breaking and
laying it out again. What it takes is what it would have made: the outputs are the same
bytes as a build in a fresh process.

Only the last build is remembered: what a build did not use is dropped after it.

What of it is plain data (the lines, and what the repairs made of each part) a build
in a new process takes from the output folder (:class:`Stored`, layout/cache.py): there,
a part found with the same HTML takes its lines, and where it also starts on the
same page its repaired HTML, laid out once instead of being repaired again.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import html as lxml_html
from lxml.html import HtmlElement
from lxml.html import builder as E

from ..files import FileRead, visible_files
from .paginate import replace_part

if TYPE_CHECKING:
    from .pages import Engine
    from .paginate import Pager


@dataclass
class Stored:
    """What a memory holds that outlives its process, its keys digested (see :func:`digest`)."""

    # (lines key, part HTML, part index) -> the part's HTML with its paragraphs broken into lines
    lines: dict[tuple[str, str, int], bytes] = field(default_factory=dict)
    # pager key -> (part HTML, first page, cross-reference numbers) -> the part's HTML repaired
    decided: dict[str, dict[tuple[str, int, tuple[tuple[str, int], ...]], bytes]] = field(default_factory=dict)
    files: dict[Path, str] = field(default_factory=dict)  # the files the engine read for them: their SHA-256
    # pager key -> the page of every anchor in the last layout (the first guesses for cross-references)
    anchors: dict[str, dict[str, int]] = field(default_factory=dict)


class LayoutMemory:
    """Engines, broken lines and laid-out pages of the last build, for the next build in this process.

    ``stored`` is what a build in another process left (layout/cache.py).
    """

    def __init__(self, stored: Stored | None = None) -> None:
        self._stored = stored if stored is not None else Stored()
        self._engines: dict[tuple, Engine] = {}
        self._pagers: dict[tuple, Pager] = {}
        # (engine key, part HTML, part index) -> the part's HTML with its paragraphs broken into lines
        self._broken: dict[tuple, bytes] = {}
        self._broken_used: set[tuple] = set()
        self._read: dict[Path, FileRead] = {}  # files the kept engine read, as they stood then
        self._reader: Engine | None = None  # the engine of the build under way
        # How the engine drew the pages of the last PDFs (writers/pdf/output.py): opaque here.
        self.drawings: Any = None

    def unused(self) -> bool:
        """Whether no build has used this memory yet."""
        return not self._engines

    def take(self, stored: Stored) -> None:
        """Hold ``stored`` (a build's in another process) for the next build."""
        self._stored = stored

    def engine(self, key: tuple, make: Callable[[], Engine]) -> Engine:
        """The engine made for ``key`` before, else ``make()``'s.

        When a file the kept engine read (an image, a font) has changed since, nothing is kept,
        the engine included.
        """
        if key not in self._engines or any(
            _stat(path) != (read.mtime_ns, read.size) for path, read in self._read.items()
        ):
            if self._engines:  # styles or files read changed: the old engine, and what was laid out with it, go
                self._stored = Stored()
            self._engines = {key: make()}
            self._pagers.clear()
            self._broken.clear()
            self._read = {}
            self.drawings = None
        self._reader = self._engines[key]
        return self._reader

    def done(self) -> None:
        """A build is over: note the files its engine has read, and how they stood."""
        if self._reader is not None:
            self._read = self._reader.files_read()

    def forget(self) -> None:
        """Keep nothing of the builds so far (the engines stay: they hold no text)."""
        self._stored = Stored()
        self._pagers.clear()
        self._broken.clear()
        self._broken_used.clear()

    def pager(self, key: tuple) -> Pager | None:
        """The pager of the last build with the same engine, head and files read by the layout."""
        return self._pagers.get(key)

    def decided(self, key: tuple) -> dict[tuple[str, int, tuple[tuple[str, int], ...]], bytes]:
        """What another process's pager with the same key made of the parts it repaired (see Pager.decided)."""
        return self._stored.decided.get(digest(key), {})

    def stored(self) -> Stored:
        """What of the last build can serve a build in another process: its lines and its parts' repairs."""
        lines = {(digest(key), _hash(html), index): broken for (key, html, index), broken in self._broken.items()}
        decided = {digest(key): pager.decisions() for key, pager in self._pagers.items()}
        anchors = {digest(key): pager.anchors() for key, pager in self._pagers.items()}
        return Stored(lines, decided, {path: read.sha256 for path, read in self._read.items()}, anchors)

    def anchors(self, key: tuple) -> dict[str, int]:
        """Where another process's pager with the same key placed each anchor in its last layout."""
        return self._stored.anchors.get(digest(key), {})

    def keep_pager(self, key: tuple, pager: Pager) -> None:
        self._pagers = {key: pager}

    def recall_lines(
        self, key: tuple, tree: HtmlElement, recall: bool = True, broken_again: frozenset[int] = frozenset()
    ) -> Recalled:
        """Put the parts broken last time into ``tree`` (none unless ``recall``, nor those of ``broken_again``).

        The others are to be broken.

        The returned tree has every part, those recalled emptied (a probe of it measures the
        others as they stand in the whole document, and gives every part's side), so that the
        breaker breaks only the parts not recalled. :meth:`take_lines` puts those into ``tree``.
        """
        body = tree.body
        # Built with the builder, not makeelement: an element made by makeelement belongs to the
        # tree's document, and ``.body`` would find the tree's body from it.
        shell_body = E.BODY(**dict(body.attrib))
        fresh: list[int] = []
        before: list[bytes] = []
        for index, child in enumerate(list(body)):
            html = content(child)
            recall_this = recall and index not in broken_again
            broken = self._broken.get((key, html, index)) if recall_this else None
            if broken is None and recall_this and self._stored.lines:
                broken = self._stored.lines.get((digest(key), _hash(html), index))
                if broken is not None:
                    self._broken[(key, html, index)] = broken
            if broken is None:
                fresh.append(index)
                before.append(html)
                shell_body.append(copy.deepcopy(child))
                continue
            self._broken_used.add((key, html, index))
            replace_part(child, broken)
            empty = child.makeelement(child.tag, dict(child.attrib))
            empty.tail = child.tail
            shell_body.append(empty)
        shell = E.HTML(copy.deepcopy(tree.head), shell_body, **dict(tree.attrib))
        return Recalled(shell, fresh, before)

    def take_lines(self, key: tuple, tree: HtmlElement, recalled: Recalled) -> None:
        """Move the parts broken in the shell into ``tree``, and remember them for the next build."""
        parts = list(recalled.shell.body)  # taken before they move: moving one out shifts the others
        for index, original in zip(recalled.fresh, recalled.before, strict=True):
            broken = parts[index]
            self._broken[(key, original, index)] = content(broken)
            self._broken_used.add((key, original, index))
            tree.body.replace(tree.body[index], broken)
        self._broken = {each: value for each, value in self._broken.items() if each in self._broken_used}
        self._broken_used = set()


@dataclass
class Recalled:
    """A tree's parts that were not recalled, in a tree of their own to be broken (the others emptied)."""

    shell: HtmlElement
    fresh: list[int]  # their indices among the parts
    before: list[bytes]  # their HTML before it is broken, in the same order


def content(part: HtmlElement) -> bytes:
    """A part's HTML, what its lines and pages are remembered by."""
    return lxml_html.tostring(part, with_tail=False)


def digest(key: tuple) -> str:
    """A memory's key (a tuple of strings, numbers and bytes) as it can be kept in a file."""
    return _hash(repr(key).encode())


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def styles_digest(styles: Path) -> str:
    """A digest of the style sheets and fonts under ``styles``: their names and contents.

    By content, not modification time, so that a fresh checkout in CI finds the layout cache
    it restored valid (4 MB of fonts and styles: about 10 ms).
    """
    digest = hashlib.sha256()
    for path in visible_files(styles):
        digest.update(f"{path.relative_to(styles).as_posix()}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size
