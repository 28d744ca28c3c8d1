"""What a manuscript change did to the pages: each page of two print editions compared, and the words moved.

A page is *unchanged* when its lines are the same text in the same places; *moved* when its lines are
the same text but stand elsewhere on the page; *reflowed* when the text of its lines differs. A page
only one edition has was *added* or *removed*. The words that changed pages are found by aligning the
two editions' words (difflib) and comparing the page each matched word stands on.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from ..design import PageFormat
from .findings import vertical_bounds
from .pages import Box, ProofPage, TextLine

PLACE_TOLERANCE = 0.5  # points: a line this close to where it stood has not moved


@dataclass(frozen=True)
class PageChange:
    """How page ``number`` changed, and the lines that differ on each side (boxes to outline)."""

    number: int
    how: str  # "unchanged", "moved", "reflowed", "added" or "removed"
    old: tuple[Box, ...] = ()
    new: tuple[Box, ...] = ()


@dataclass(frozen=True)
class MovedWords:
    """A run of words that stood on page ``before`` and now stands on page ``after``."""

    words: str
    before: int
    after: int


@dataclass
class Comparison:
    changes: list[PageChange]
    moved: list[MovedWords] = field(default_factory=list)

    @property
    def changed(self) -> list[PageChange]:
        return [change for change in self.changes if change.how != "unchanged"]


def compare(old: list[ProofPage], new: list[ProofPage], page: PageFormat) -> Comparison:
    """The pages of ``new`` against those of ``old``, page by page, and the words that moved between pages.

    The words are those of the type area (``page``'s margins): running heads and folios are left out,
    since they stand on every page.
    """
    changes = []
    for number in range(1, max(len(old), len(new)) + 1):
        if number > len(old):
            changes.append(PageChange(number, "added", (), tuple(line.box for line in new[number - 1].lines)))
        elif number > len(new):
            changes.append(PageChange(number, "removed", tuple(line.box for line in old[number - 1].lines)))
        else:
            changes.append(_page(number, old[number - 1].lines, new[number - 1].lines))
    top, bottom = vertical_bounds(page)
    return Comparison(changes, _moved_words(old, new, (top - 1, bottom + 1)))


def _page(number: int, old: list[TextLine], new: list[TextLine]) -> PageChange:
    old_texts, new_texts = [line.text for line in old], [line.text for line in new]
    if old_texts == new_texts:
        if all(_same_place(before.box, after.box) for before, after in zip(old, new, strict=True)):
            return PageChange(number, "unchanged")
        moved = [
            (before.box, after.box)
            for before, after in zip(old, new, strict=True)
            if not _same_place(before.box, after.box)
        ]
        return PageChange(number, "moved", tuple(box for box, _ in moved), tuple(box for _, box in moved))
    matcher = difflib.SequenceMatcher(a=old_texts, b=new_texts, autojunk=False)
    old_boxes, new_boxes = [], []
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag != "equal":
            old_boxes += [line.box for line in old[old_start:old_end]]
            new_boxes += [line.box for line in new[new_start:new_end]]
    return PageChange(number, "reflowed", tuple(old_boxes), tuple(new_boxes))


def _same_place(first: Box, second: Box) -> bool:
    return all(abs(a - b) <= PLACE_TOLERANCE for a, b in zip(first, second, strict=True))


def _words(pages: list[ProofPage], area: tuple[float, float]) -> tuple[list[str], list[int]]:
    words, where = [], []
    for page in pages:
        for line in page.lines:
            if line.top < area[0] or line.bottom > area[1]:
                continue
            for word in line.text.split():
                words.append(word)
                where.append(page.number)
    return words, where


def _moved_words(old: list[ProofPage], new: list[ProofPage], area: tuple[float, float]) -> list[MovedWords]:
    """Runs of matched words whose page differs between the editions, in reading order."""
    old_words, old_pages = _words(old, area)
    new_words, new_pages = _words(new, area)
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    runs: list[MovedWords] = []
    for block in matcher.get_matching_blocks():
        run: list[str] = []
        key: tuple[int, int] | None = None
        for offset in range(block.size):
            before, after = old_pages[block.a + offset], new_pages[block.b + offset]
            current = (before, after) if before != after else None
            if current != key and run and key is not None:
                runs.append(MovedWords(" ".join(run), *key))
                run = []
            key = current
            if current is not None:
                run.append(new_words[block.b + offset])
        if run and key is not None:
            runs.append(MovedWords(" ".join(run), *key))
    return runs
