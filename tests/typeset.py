"""Figures of a typeset PDF's running text, read back with pdfplumber: word gaps, hyphens, line ends.

The tests' own instrument (not the harness's): body-size lines of each page,
the gaps between their words as multiples of the font's natural word space,
hyphenated line ends, ladders, and how far each line reaches past the right
edge of the type area.
"""

from __future__ import annotations

import itertools
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
BODY = 10.0  # pt: pdf.css sets running text 10/14 pt
LETTER_SPACING = -0.01  # em: pdf.css's letter fit of running text, which the space gets too
HYPHENS = ("\u2010", "-")


def natural_space(font: Path = ROOT / "styles" / "fonts" / "LinLibertine_R.otf") -> float:
    """The word space of running text, in em: the font's space and the letter fit."""
    ttf = TTFont(font)
    return ttf["hmtx"]["space"][0] / ttf["head"].unitsPerEm + LETTER_SPACING


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    gaps: list[float]  # between words, in em; a gap holding a note call is left out
    full: bool = False  # reaches the right edge (a justified line, not a paragraph's last)


@dataclass
class Figures:
    lines: list[list[Line]] = field(default_factory=list)  # by page

    def full_gaps(self) -> list[float]:
        return [gap for page in self.lines for line in page if line.full for gap in line.gaps]

    def stretch(self, quantile: float = 0.95) -> float:
        """The word gaps of full lines at ``quantile``, as multiples of the natural space."""
        gaps = sorted(self.full_gaps())
        return gaps[min(int(len(gaps) * quantile), len(gaps) - 1)] / natural_space()

    def hyphenated(self) -> int:
        return sum(line.text.endswith(HYPHENS) for page in self.lines for line in page)

    def ladder(self) -> int:
        longest = run = 0
        for page in self.lines:
            run = 0
            for line in page:
                run = run + 1 if line.text.endswith(HYPHENS) else 0
                longest = max(longest, run)
        return longest

    def hyphens_ending_pages(self) -> list[int]:
        return [number for number, page in enumerate(self.lines, 1) if page and page[-1].text.endswith(HYPHENS)]


def right_edges(figures: Figures) -> list[float]:
    """Each page's right edge of the type area: where most lines of more than one word end."""
    edges = []
    for page in figures.lines:
        ends = Counter(round(line.x1, 1) for line in page if line.text[-1:].isalnum() and len(line.gaps) > 1)
        edges.append(ends.most_common(1)[0][0] if ends else float("inf"))
    return edges


def read(path: Path) -> Figures:
    figures = Figures()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            figures.lines.append(_page_lines(page))
    for page in figures.lines:
        letter_ends = [line.x1 for line in page if line.text[-1:].isalnum() and len(line.gaps) > 1]
        if len(letter_ends) < 3:
            continue
        edge = statistics.median(letter_ends)
        for line in page:
            line.full = line.x1 >= edge - 1
    return figures


def _page_lines(page: pdfplumber.page.Page) -> list[Line]:
    words = [w for w in page.extract_words(x_tolerance=1.5, extra_attrs=["size"]) if abs(w["size"] - BODY) < 0.3]
    small = [c for c in page.chars if c["size"] < BODY - 0.3 and c["text"].strip()]
    words.sort(key=lambda w: (round(w["top"]), w["x0"]))
    rows: list[list[dict]] = []
    for word in words:
        if rows and abs(word["top"] - rows[-1][0]["top"]) < 0.3 * BODY:
            rows[-1].append(word)
        else:
            rows.append([word])
    lines = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        text = " ".join(w["text"] for w in row)
        if text.replace(" ", "").isdigit():
            continue  # a folio
        gaps = []
        for before, after in itertools.pairwise(row):
            # A note call (a smaller figure) between two words widens their gap: not a word space.
            called = any(
                before["x1"] - 0.5 <= c["x0"] < after["x0"] and abs(c["top"] - before["top"]) < BODY for c in small
            )
            if not called:
                gaps.append((after["x0"] - before["x1"]) / BODY)
        lines.append(Line(text, row[0]["x0"], row[-1]["x1"], gaps))
    return lines
