"""``publisher proof``: pictures of the print edition, with the layout problems drawn where they are.

Reads the print edition's PDF (pages.py), finds the problems (findings.py), draws the contact sheet
(sheet.py) and writes it with the list of problems and the figures into one HTML file (report.py).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..atomic import write_atomically
from ..design import publication_format
from ..glyphs import MissingGlyph
from ..model import Publication
from .compare import Comparison, compare
from .draft import missing_glyph_findings
from .findings import Finding, findings, in_order, type_area
from .pages import read_pages
from .report import Figures, figures, report
from .sheet import THUMB_HEIGHT, changes_sheet, contact_sheet, outlined_pages, outlines_of, render_pages

log = logging.getLogger("publisher")
LARGE_HEIGHT = 1100  # px of a page's large render in the HTML
GREY_TOLERANCE = 4  # of 255: a sidebar's tinted paper is further off grey


@dataclass(frozen=True)
class Proof:
    """What ``make_proof`` wrote and found."""

    sheet: Path
    page: Path
    problems: list[Finding]
    figures: Figures
    comparison: Comparison | None = None  # against an earlier edition, if asked for
    changes: Path | None = None  # the sheet of the changed spreads, then


def make_proof(
    publication: Publication,
    printed: Path,
    output_dir: Path,
    against: Path | None = None,
    missing: Sequence[MissingGlyph] = (),
    draft: str | None = None,
) -> Proof:
    """Write ``<slug>-proof.png`` and ``<slug>-proof.html`` for the print edition at ``printed``.

    With ``against`` (an earlier print edition's PDF), also ``<slug>-proof-changes.png``, the spreads
    that changed, the earlier beside the new, and the HTML says which pages changed and how. Where
    ``printed`` is a draft (draft.py), ``draft`` says why (both files say so too) and ``missing`` are the
    characters the fonts lack: each place a page shows one is marked.
    """
    pages = read_pages(printed)
    page_format = publication_format(publication)
    problems = findings(pages, page_format)
    if missing:
        problems = in_order(problems + missing_glyph_findings(publication, printed, pages, missing))
    thumbnails = render_pages(printed, THUMB_HEIGHT, problems)
    rendered = outlined_pages(printed, LARGE_HEIGHT, outlines_of(problems))
    large = {number: compact(image) for number, image in rendered}
    counts = figures(pages, type_area(pages, page_format))
    slug = publication.metadata.slug
    sheet_path, html_path = output_dir / f"{slug}-proof.png", output_dir / f"{slug}-proof.html"
    comparison, changes_path, changes_png = None, None, None
    if against is not None:
        comparison = compare(read_pages(against), pages, page_format)
        changes_png = changes_sheet(against, printed, comparison)
        changes_path = output_dir / f"{slug}-proof-changes.png"
        write_atomically(changes_path, changes_png)
    write_atomically(sheet_path, contact_sheet(thumbnails, draft))
    title = publication.metadata.title
    document = report(title, thumbnails, large, problems, counts, comparison, changes_png, draft)
    write_atomically(html_path, document.encode())
    return Proof(sheet_path, html_path, problems, counts, comparison, changes_path)


def compact(image: object) -> tuple[str, bytes]:
    """A large render, small enough for a book's HTML: (media type, bytes).

    A page of black type is sixteen greys in a PNG (a third of a JPEG's bytes, and sharp); a page in
    colour a JPEG. The print edition's black is CMYK, which renders a little off grey: a page counts
    as grey while no pixel is further from its grey than GREY_TOLERANCE in any channel.
    """
    from PIL import ImageChops

    output = io.BytesIO()
    grey = image.convert("L")  # type: ignore[attr-defined]
    difference = ImageChops.difference(image, grey.convert("RGB"))  # type: ignore[arg-type]
    if max(high for _, high in difference.getextrema()) <= GREY_TOLERANCE:
        grey.quantize(16).save(output, format="PNG", optimize=True)
        return "image/png", output.getvalue()
    image.save(output, format="JPEG", quality=82, optimize=True)  # type: ignore[attr-defined]
    return "image/jpeg", output.getvalue()
