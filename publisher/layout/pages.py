"""The engine-neutral page model: laid-out pages, their lines of running text and their anchors.

Everything after the layout engine reads pages through this model: the part-at-a-time
pagination, the detection of layout defects, the EPUB's page list, ``check`` and the
benchmark's layout count. Only ``layout/weasy`` makes pages, from WeasyPrint's box tree;
the engine's own objects travel along as opaque handles, for the engine alone to use
again (to compose pages of several layouts into one document, or to draw them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Protocol

from lxml.html import HtmlElement

from ..files import FileRead
from ..hyphenation import HYPHEN

# Each part of the print HTML (a child of <body>: the cover, the imprint, a part of the
# manuscript, the back cover) carries its index in this attribute, so that the layout
# tells whose pages are whose.
PART_INDEX = "data-part"


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a page's running text (footnotes and page margins are not running text)."""

    block: str | None  # data-block of the block the line is laid out in
    text: str  # the text laid out in the line, list markers left out
    width: float = 0.0  # of the line's content, in points
    measure: float = 0.0  # the width the line was laid out in, in points
    repeated: bool = False  # in a table's header or footer, which the engine repeats on every page
    # Not a line box of text but a block image (shown in the page list, not a line of text).
    block_image: bool = False
    # For a line of images: the named block the image stands for in the page list, and how
    # many levels above it the page begins (a figure whose caption follows the image).
    stands_for: tuple[str, int] | None = None

    @property
    def hyphenated(self) -> bool:
        return self.text.endswith(HYPHEN)


@dataclass(eq=False)
class Page:
    """A laid-out page: its anchors (ids laid out on it, in order), the parts laid out on it, its lines."""

    anchors: tuple[str, ...]
    # (part index, break-before) of each part whose boxes stand on the page, in order.
    parts: tuple[tuple[int, str], ...]
    handle: object = field(repr=False)  # the engine's page
    read_lines: Callable[[], list[Line]] = field(repr=False)
    read_note_lines: Callable[[], list[Line]] = field(repr=False, default=list)

    @cached_property
    def lines(self) -> list[Line]:
        """Lines of text and block images, in reading order (read from the engine when first asked)."""
        return self.read_lines()

    @cached_property
    def note_lines(self) -> list[Line]:
        """The lines of the page's footnotes, in order."""
        return self.read_note_lines()

    @property
    def text_lines(self) -> list[Line]:
        """The line boxes alone: what the defect checks look at."""
        return [line for line in self.lines if not line.block_image]

    @property
    def part(self) -> int | None:
        """The part whose text is laid out on the page; None for a blank page, or one of notes alone."""
        return self.parts[0][0] if self.parts else None


@dataclass(eq=False)
class LaidOut:
    """A laid-out document: its pages, and the engine's document they came from."""

    pages: list[Page]
    handle: object = field(repr=False)

    def anchor_pages(self) -> dict[str, int]:
        """The page number (1-based) of every anchor."""
        pages: dict[str, int] = {}
        for number, page in enumerate(self.pages, start=1):
            for anchor in page.anchors:
                pages.setdefault(anchor, number)
        return pages

    def wanted_sides(self) -> dict[int, str]:
        """Each laid-out part's break-before (a left or right page, or any), by part index."""
        sides: dict[int, str] = {}
        for page in self.pages:
            for index, wanted in page.parts:
                sides.setdefault(index, wanted)
        return sides


class Engine(Protocol):
    """What the pagination needs of a layout engine (layout/weasy/engine.py is the one there is)."""

    def render(self, tree: HtmlElement, extra_css: str = "") -> LaidOut:
        """``tree`` laid out, with ``extra_css`` after the edition's style sheets."""
        ...

    def compose(self, base: LaidOut, pages: list[Page]) -> LaidOut:
        """A document of ``pages`` (from any layouts of this engine), with ``base``'s metadata."""
        ...

    def files_read(self) -> dict[Path, FileRead]:
        """Every file the engine has read for its layouts so far (images, fonts of the style sheets), as it was then."""
        ...
