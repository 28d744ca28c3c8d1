"""Find what went wrong in a layout: notes away from their calls, lost notes, bad hyphenated line ends."""

from __future__ import annotations

from dataclasses import dataclass

from ...hyphenation import SOFT_HYPHEN
from ..pages import LaidOut, Line, Page

# German convention: no more than three hyphenated lines in a row.
MAX_LADDER = 3


def deferred_notes(document: LaidOut) -> list[str]:
    """Ids of the notes laid out on another page than their call."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return [
        anchor
        for anchor in pages
        if anchor.startswith("note-") and pages.get(f"ref-{anchor}", pages[anchor]) != pages[anchor]
    ]


def lost_notes(document: LaidOut) -> dict[str, int]:
    """Notes whose call was laid out but the note itself was not: {note id: index of the call's page}.

    WeasyPrint 70 can drop a note laid out earlier on a page when it applies
    widows and orphans to the paragraph at the foot of that page.
    """
    found: dict[str, int] = {}
    anchors = set()
    for number, page in enumerate(document.pages):
        anchors.update(page.anchors)
        for anchor in page.anchors:
            if anchor.startswith("ref-note-"):
                found.setdefault(anchor[4:], number)
    return {note: page for note, page in found.items() if note not in anchors}


@dataclass(frozen=True)
class BadBreak:
    """A hyphenated line end the layout must not keep."""

    block: str  # the data-block number of the paragraph
    before: str  # the word's part at the end of the line
    after: str  # its part at the start of the next line
    reason: str
    line: int = 0  # the line's index among the lines of its block (0: the block's first line)


def bad_breaks(document: LaidOut, max_ladder: int = MAX_LADDER) -> list[BadBreak]:
    """Hyphenated line ends that end a page, or make a ladder of more than ``max_ladder`` lines."""
    found = []
    run = 0
    counts: dict[str, int] = {}  # lines of each block seen so far
    pages = [page.text_lines for page in document.pages]
    for number, lines in enumerate(pages):
        following = [line for later in pages[number + 1 :] for line in later[:1]]
        for index, line in enumerate(lines):
            if line.block is not None and not line.repeated:
                counts[line.block] = counts.get(line.block, 0) + 1
            if not line.hyphenated or line.block is None:
                run = 0
                continue
            previous_block = lines[index - 1].block if index else None
            run = run + 1 if index and previous_block == line.block else 1
            next_line = lines[index + 1] if index + 1 < len(lines) else (following[0] if following else None)
            if next_line is None:
                continue
            before, after = _broken_word(line, next_line)
            place = counts.get(line.block, 1) - 1
            if index == len(lines) - 1:
                found.append(BadBreak(line.block, before, after, "a hyphen ending page " + str(number + 1), place))
            elif run > max_ladder:
                found.append(BadBreak(line.block, before, after, f"{run} hyphenated lines in a row", place))
    return found + _note_ladders(document, max_ladder)


def _note_ladders(document: LaidOut, max_ladder: int) -> list[BadBreak]:
    """Hyphenated lines of a footnote that make a ladder of more than ``max_ladder`` lines.

    A note's lines are the engine's own (the total-fit breaker leaves notes to it); they are
    counted on each page's footnote area alone.
    """
    found = []
    for number, page in enumerate(document.pages):
        lines = page.note_lines
        run = 0
        for index, line in enumerate(lines):
            if not line.hyphenated or line.block is None or index + 1 == len(lines):
                run = 0
                continue
            run = run + 1 if index and lines[index - 1].block == line.block and lines[index - 1].hyphenated else 1
            if run > max_ladder:
                before, after = _broken_word(line, lines[index + 1])
                reason = f"{run} hyphenated lines in a row in a note on page {number + 1}"
                found.append(BadBreak(line.block, before, after, reason))
    return found


def _broken_word(line: Line, next_line: Line) -> tuple[str, str]:
    """The two parts of the word broken at the end of hyphenated ``line``: its end, and what follows."""
    before = line.text[:-1].rstrip(SOFT_HYPHEN).split()[-1].replace(SOFT_HYPHEN, "")
    following = next_line.text.split()
    return before, following[0].replace(SOFT_HYPHEN, "") if following else ""


def foot_block(page: Page) -> str | None:
    """The data-block number of the last paragraph of running text on ``page``."""
    blocks = [line.block for line in page.text_lines if line.block is not None]
    return blocks[-1] if blocks else None
