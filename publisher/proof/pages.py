"""The print edition's pages as the proof reads them: lines of text and images, with where they stand.

Read from the PDF file with PDFium (pypdfium2), not from the layout: the proof looks at what goes to
the print shop, and an output folder of an earlier build can be read the same way. Coordinates are
in points from the top left corner of the page's trim box (y grows downwards, as on a rendered image).
"""

from __future__ import annotations

import contextlib
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in points from the trim box's top left


def enclosing(boxes: Iterable[Box]) -> Box:
    """The smallest box that holds all of ``boxes`` (at least one)."""
    x0s, tops, x1s, bottoms = zip(*boxes, strict=True)
    return min(x0s), min(tops), max(x1s), max(bottoms)


@dataclass
class TextLine:
    """A line of text: its characters' box, its text, its type size and the gaps between its words."""

    box: Box
    text: str
    size: float  # as PDFium reports it (the font size times the text matrix)
    gaps: list[float] = field(default_factory=list)  # between words, in points
    font: str = ""  # the font most of the line is set in, without its subset prefix
    baseline: float = 0.0  # in points from the trim box's top

    @property
    def x0(self) -> float:
        return self.box[0]

    @property
    def x1(self) -> float:
        return self.box[2]

    @property
    def top(self) -> float:
        return self.box[1]

    @property
    def bottom(self) -> float:
        return self.box[3]


@dataclass(frozen=True)
class Picture:
    """An image on the page: where it is drawn, and its size in pixels."""

    box: Box
    pixels: tuple[int, int]


@dataclass
class ProofPage:
    """One page of the print edition: its number, trim size, lines of text and pictures."""

    number: int
    width: float
    height: float
    lines: list[TextLine]
    pictures: list[Picture]


@contextlib.contextmanager
def pdf_pages(pdf: Path) -> Iterator[list[Any]]:
    """The pages of the PDF at ``pdf`` opened with PDFium (closed again after)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        yield [document[index] for index in range(len(document))]
    finally:
        document.close()


def read_pages(pdf: Path) -> list[ProofPage]:
    """Every page of the PDF at ``pdf``, its lines and pictures in trim-box coordinates."""
    import pypdfium2.raw as raw

    pages = []
    with pdf_pages(pdf) as opened:
        for index, page in enumerate(opened):
            left, bottom, right, top = page.get_trimbox()
            pictures = []
            for image in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=8):
                x0, y0, x1, y1 = image.get_bounds()
                pictures.append(Picture((x0 - left, top - y1, x1 - left, top - y0), tuple(image.get_px_size())))
            lines = _lines(characters(page))
            pages.append(ProofPage(index + 1, right - left, top - bottom, lines, pictures))
    return pages


def characters(page: Any) -> list[Char]:
    """The characters of a PDFium ``page``, in the order of its text, in trim-box coordinates."""
    import ctypes

    import pypdfium2.raw as raw

    left, _, _, top = page.get_trimbox()
    text = page.get_textpage()
    found = []
    x, y = ctypes.c_double(), ctypes.c_double()
    name, flags = ctypes.create_string_buffer(256), ctypes.c_int()
    for number in range(text.count_chars()):
        # PDFium marks a hyphen it finds at a line's end as U+FFFE; it is the hyphen that was drawn.
        char = text.get_text_range(number, 1).replace("\ufffe", "-")
        x0, y0, x1, y1 = text.get_charbox(number)
        raw.FPDFText_GetCharOrigin(text.raw, number, ctypes.byref(x), ctypes.byref(y))
        size = raw.FPDFText_GetFontSize(text.raw, number)
        box = (x0 - left, top - y1, x1 - left, top - y0)
        raw.FPDFText_GetFontInfo(text.raw, number, name, len(name), ctypes.byref(flags))
        font = name.value.decode("latin-1").split("+")[-1]
        found.append(Char(char, box, x.value - left, top - y.value, size, font))
    return found


@dataclass(frozen=True)
class Char:
    """A character as drawn: its text, ink box, where its advance starts, baseline, size and font."""

    text: str
    box: Box
    origin: float  # where the glyph's advance starts, on the baseline
    baseline: float
    size: float
    font: str


def _lines(characters: list[Char]) -> list[TextLine]:
    """The characters grouped into lines by their baselines, and the widths of the word spaces.

    A space's width is the distance from its origin (where the word before it ends) to the origin of
    the character after it: the space the line was set with, stretch included.
    """
    rows: list[list[Char]] = []
    for char in characters:
        if char.size <= 0 or char.text in ("\r", "\n", ""):
            continue
        row = next((row for row in reversed(rows[-4:]) if abs(row[0].baseline - char.baseline) < 0.5), None)
        if row is None:
            rows.append([char])
        else:
            row.append(char)
    lines = []
    for row in rows:
        chars = sorted(row, key=lambda char: char.origin)
        inked = [char for char in chars if char.text.strip()]
        if not inked:
            continue
        gaps = [
            after.origin - char.origin
            for char, after in itertools.pairwise(chars)
            if not char.text.strip() and after.text.strip()
        ]
        text = " ".join("".join(char.text for char in chars).split())
        size = Counter(round(char.size, 1) for char in inked).most_common(1)[0][0]
        font = Counter(char.font for char in inked).most_common(1)[0][0]
        box = enclosing(char.box for char in inked)
        lines.append(TextLine(box, text, size, gaps, font, row[0].baseline))
    return sorted(lines, key=lambda line: (round(line.bottom, 1), line.x0))
