"""The print edition of a text the fonts cannot draw, for a proof only, and where it shows what they lack.

The build stops on a character no face of the publication has (glyphs.py): whatever font the machine
has would draw it, and the print shop would get it. A proof is where the editor wants to see those
places, so the proof lays the text out anyway, in a temporary folder, never as an output: the
characters the fonts lack are drawn from a machine font there, and each line holding one is marked.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from ..glyphs import MissingGlyph
from ..model import Publication
from .findings import Finding
from .pages import Char, ProofPage, characters, pdf_pages

log = logging.getLogger("publisher")


def draft_print_edition(publication: Publication, folder: Path) -> Path:
    """Lay out and write the print edition of ``publication`` into ``folder``, its glyphs unchecked."""
    from ..writers.pdf import PRINT, SCREEN, document_bytes, lay_out

    screen = lay_out(publication, SCREEN, draft=True)
    printed = lay_out(publication, PRINT, screen, draft=True).document
    path = folder / f"{publication.metadata.slug}-print-draft.pdf"
    path.write_bytes(document_bytes(printed, publication, PRINT))
    return path


def missing_glyph_findings(printed: Path, pages: list[ProofPage], missing: Sequence[MissingGlyph]) -> list[Finding]:
    """Each line of ``pages`` (read from the draft at ``printed``) where a machine font draws characters of
    ``missing``: a font that draws nothing but those is none of the publication's."""
    lacking = {glyph.char: glyph for glyph in missing}
    if not lacking:
        return []
    drawn: list[tuple[int, Char]] = []
    chars_of: dict[str, set[str]] = {}
    with pdf_pages(printed) as opened:
        for number, page in enumerate(opened, start=1):
            for char in characters(page):
                if char.text.strip():
                    chars_of.setdefault(char.font, set()).add(char.text)
                    if char.text in lacking:
                        drawn.append((number, char))
    machine = {font for font, chars in chars_of.items() if chars <= lacking.keys()}
    places: dict[tuple[int, int], list[Char]] = {}
    for number, char in drawn:
        line = _line_of(pages[number - 1], char)
        if char.font in machine and line is not None:
            places.setdefault((number, line), []).append(char)
    found = []
    for (number, line), chars in sorted(places.items()):
        codes = ", ".join(lacking[text].code for text in dict.fromkeys(char.text for char in chars))
        fonts = ", ".join(sorted({char.font for char in chars}))
        why = f"{codes}: the publication's fonts have none; the machine's {fonts} draws it here"
        box = (
            min(char.box[0] for char in chars) - 1,
            min(char.box[1] for char in chars) - 1,
            max(char.box[2] for char in chars) + 1,
            max(char.box[3] for char in chars) + 1,
        )
        found.append(Finding(number, line, "missing glyph", why, box))
    shown = {char.text for chars in places.values() for char in chars}
    # The check counts a character missing where any face it may be set in lacks it: here none did.
    unseen = [glyph.char for text, glyph in lacking.items() if text not in shown]
    if unseen:
        log.info("proof: %s: drawn in the publication's own fonts wherever they stand", " ".join(unseen))
    return found


def _line_of(page: ProofPage, char: Char) -> int | None:
    """The number (1-based) of the line of ``page`` that ``char`` stands on, if any."""
    for number, line in enumerate(page.lines, start=1):
        if abs(line.baseline - char.baseline) < 0.5 and line.x0 - 1 <= char.box[0] <= line.x1 + 1:
            return number
    return None
