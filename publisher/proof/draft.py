"""The print edition of a text the fonts cannot draw, for a proof only, and where it shows what they lack.

The build stops on a character no face of the publication has (glyphs.py): whatever font the machine
has would draw it, and the print shop would get it. A proof is where the editor wants to see those
places, so the proof lays the text out anyway, in a temporary folder, never as an output: the
characters the fonts lack are drawn from a machine font there, and each line holding one is marked.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path

from ..design import publication_format
from ..fonts import faces_in_use
from ..glyphs import MissingGlyph, cmap
from ..model import Publication
from .findings import Finding, in_order, line_number, numbered_lines
from .pages import Char, ProofPage, TextLine, characters, enclosing, pdf_pages

log = logging.getLogger("publisher")


def draft_print_edition(publication: Publication, folder: Path) -> Path:
    """Lay out and write the print edition of ``publication`` into ``folder``, its glyphs unchecked."""
    from ..writers.pdf import PRINT, SCREEN, document_bytes, lay_out

    screen = lay_out(publication, SCREEN, draft=True)
    printed = lay_out(publication, PRINT, screen, draft=True).document
    path = folder / f"{publication.metadata.slug}-print-draft.pdf"
    path.write_bytes(document_bytes(printed, publication, PRINT))
    return path


def missing_glyph_findings(
    publication: Publication, printed: Path, pages: list[ProofPage], missing: Sequence[MissingGlyph]
) -> list[Finding]:
    """Each line of ``pages`` (read from the draft of ``publication`` at ``printed``) where a character of
    ``missing`` is drawn wrong: by a machine font, which none of the faces the publication uses is, or as
    the empty box of a face that lacks it. Lines are numbered as the other findings number them."""
    lacking = {glyph.char: glyph for glyph in missing}
    if not lacking:
        return []
    numbered = numbered_lines(pages, publication_format(publication))
    codes = {_key(face.name): cmap(face.path) for face in faces_in_use(publication)}
    places: dict[tuple[int, int | None], list[tuple[Char, str]]] = {}
    seen: dict[str, bool] = {}  # character: whether it is drawn wrong somewhere
    with pdf_pages(printed) as opened:
        for number, page in enumerate(opened, start=1):
            for char in characters(page):
                if char.text not in lacking:
                    continue
                face = codes.get(_key(char.font))
                wrong = None if face is not None and ord(char.text) in face else ("empty box" if face else "machine")
                seen[char.text] = seen.get(char.text, False) or wrong is not None
                line = _line_of(numbered.get(number, []), pages[number - 1], char)
                if wrong is not None:  # a line of None: in the page's margin (its running head)
                    places.setdefault((number, line), []).append((char, wrong))
    found = in_order([_finding(number, line, drawn, lacking) for (number, line), drawn in places.items()])
    if fine := [char for char, wrong in seen.items() if not wrong]:
        log.info("proof: %s: drawn in the publication's own fonts wherever they stand", " ".join(fine))
    for glyph in missing:
        if glyph.char not in seen:  # a font with no text for it (an emoji drawn as a box), or no font at all
            log.warning(
                'proof: %s is not in the draft\'s text: find it in %s, "%s"', glyph.code, glyph.where, glyph.context
            )
    return found


def _finding(number: int, line: int | None, drawn: list[tuple[Char, str]], lacking: dict[str, MissingGlyph]) -> Finding:
    chars = [char for char, _ in drawn]
    codes = ", ".join(lacking[text].code for text in dict.fromkeys(char.text for char in chars))
    machine = sorted({char.font for char, wrong in drawn if wrong == "machine"})
    boxed = sorted({char.font for char, wrong in drawn if wrong == "empty box"})
    how = []
    if machine:
        how.append(f"the machine's {', '.join(machine)} draws it here")
    if boxed:
        how.append(f"{', '.join(boxed)} has no glyph: an empty box here")
    why = f"{codes}: the publication's fonts have none; {'; '.join(how)}"
    x0, top, x1, bottom = enclosing(char.box for char in chars)
    return Finding(number, line, "missing glyph", why, (x0 - 1, top - 1, x1 + 1, bottom + 1))


def _key(name: str) -> str:
    """A face's name as a PDF's font name and the style sheet's both give it: "Publisher-Serif-BoldItalic"
    and "Publisher Serif bold italic" alike, the regular face without its "regular"."""
    return re.sub(r"[^a-z]", "", name.lower()).replace("regular", "")


def _line_of(lines: list[TextLine], page: ProofPage, char: Char) -> int | None:
    """The number of the line ``char`` stands on among the page's numbered ``lines`` (text, then notes)."""
    line = next(
        (
            each
            for each in page.lines
            if abs(each.baseline - char.baseline) < 0.5 and each.x0 - 1 <= char.box[0] <= each.x1 + 1
        ),
        None,
    )
    return line_number(lines, line) if line is not None else None
