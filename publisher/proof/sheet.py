"""The contact sheet: every page of the print edition as the reader sees it, with the problems drawn on it.

The cover stands alone, then the spreads 2|3, 4|5, … as they lie open, each page cut at its trim box
(the trim drawn as a hairline), each problem outlined where it is, in its kind's colour. Rendered by
PDFium, drawn with Pillow: the same PDF gives the same PNG bytes.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..names import STYLES_DIR
from .compare import Comparison
from .findings import Finding
from .pages import Box, pdf_pages

# Each kind of problem in a colour of its own (the legend repeats them).
COLOURS: dict[str, tuple[int, int, int]] = {
    "loose line": (230, 120, 0),
    "overfull line": (200, 0, 0),
    "hyphen ladder": (150, 0, 160),
    "hyphen ending a page": (150, 0, 160),
    "stranded heading": (0, 90, 200),
    "page almost empty": (0, 140, 140),
    "low-resolution image": (200, 0, 90),
    "note on another page": (0, 150, 0),
    "orphan": (130, 80, 30),
    "widow": (175, 145, 0),
    "missing glyph": (230, 0, 0),
}
THUMB_HEIGHT = 300  # px of a page on the sheet
SPREADS_PER_ROW = 4
GAP = 24  # px between spreads and around the sheet
LABEL = 22  # px under each spread for its page numbers
_BACKGROUND = (236, 236, 236)
_TRIM = (90, 90, 90)
_FONT = STYLES_DIR / "fonts" / "LinBiolinum_R.otf"


@dataclass(frozen=True)
class Thumbnail:
    """A page rendered for the sheet, cut at its trim box, its problems drawn on it."""

    number: int
    image: object  # a PIL image
    problems: tuple[Finding, ...]


def spreads(count: int) -> list[tuple[int | None, int | None]]:
    """The (left, right) page numbers of each spread: the cover alone on the right, then 2|3, 4|5, …"""
    pairs: list[tuple[int | None, int | None]] = [(None, 1)] if count else []
    for left in range(2, count + 1, 2):
        pairs.append((left, left + 1 if left + 1 <= count else None))
    return pairs


def outlines_of(problems: list[Finding]) -> dict[int, list[tuple[Box, tuple[int, int, int]]]]:
    """Each problem's box in its kind's colour, by page number, for ``render_outlined``."""
    outlines: dict[int, list[tuple[Box, tuple[int, int, int]]]] = {}
    for finding in problems:
        outlines.setdefault(finding.page, []).append((finding.box, COLOURS.get(finding.kind, (200, 0, 0))))
    return outlines


def render_pages(pdf: Path, height: int, problems: list[Finding]) -> list[Thumbnail]:
    """Each page of ``pdf`` rendered ``height`` px high at its trim box, its problems outlined."""
    images = render_outlined(pdf, height, outlines_of(problems))
    return [
        Thumbnail(number, image, tuple(finding for finding in problems if finding.page == number))
        for number, image in images.items()
    ]


def render_outlined(
    pdf: Path,
    height: int,
    outlines: dict[int, list[tuple[Box, tuple[int, int, int]]]],
    numbers: set[int] | None = None,
) -> dict[int, Any]:
    """The pages ``numbers`` (1-based; None: every page) of ``pdf`` rendered ``height`` px high, cut at their
    trim box, with boxes outlined on them: PIL images by page number."""
    return dict(outlined_pages(pdf, height, outlines, numbers))


def outlined_pages(
    pdf: Path,
    height: int,
    outlines: dict[int, list[tuple[Box, tuple[int, int, int]]]],
    numbers: set[int] | None = None,
) -> Iterator[tuple[int, Any]]:
    """As ``render_outlined``, one (page number, image) at a time: a book's large renders need not all be
    held at once."""
    from PIL import ImageDraw

    with pdf_pages(pdf) as pages:
        for index, page in enumerate(pages):
            if numbers is not None and index + 1 not in numbers:
                continue
            media_left, _, _, media_top = page.get_mediabox()
            left, bottom, right, top = page.get_trimbox()
            scale = height / (top - bottom)
            image = page.render(scale=scale).to_pil().convert("RGB")
            x0, y0 = (left - media_left) * scale, (media_top - top) * scale
            image = image.crop((round(x0), round(y0), round(x0 + (right - left) * scale), round(y0 + height)))
            draw = ImageDraw.Draw(image)
            draw.rectangle((0, 0, image.width - 1, image.height - 1), outline=_TRIM)
            for box, colour in outlines.get(index + 1, []):
                bx0, by0, bx1, by1 = (value * scale for value in box)
                draw.rectangle((bx0 - 2, by0 - 2, bx1 + 2, by1 + 2), outline=colour, width=2)
            yield index + 1, image


def contact_sheet(thumbnails: list[Thumbnail], draft: str | None = None) -> bytes:
    """The sheet of all spreads, a legend of the problems' colours at its foot, as PNG bytes. A ``draft``'s
    sheet says so above the spreads, and why."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(_FONT), 14)
    by_number = {thumbnail.number: thumbnail for thumbnail in thumbnails}
    page_width = max((thumbnail.image.width for thumbnail in thumbnails), default=THUMB_HEIGHT)  # type: ignore[attr-defined]
    pairs = spreads(len(thumbnails))
    rows = max(1, -(-len(pairs) // SPREADS_PER_ROW))
    cell_width, cell_height = 2 * page_width + GAP, THUMB_HEIGHT + LABEL + GAP
    legend_height = 30
    banner = legend_height if draft is not None else 0
    sheet = Image.new(
        "RGB", (GAP + SPREADS_PER_ROW * cell_width, GAP + banner + rows * cell_height + legend_height), _BACKGROUND
    )
    draw = ImageDraw.Draw(sheet)
    if draft is not None:
        draw.text((GAP, GAP // 2), f"DRAFT, not the print edition: {draft}", fill=(170, 0, 0), font=font)
    for index, (left, right) in enumerate(pairs):
        x = GAP + (index % SPREADS_PER_ROW) * cell_width
        y = GAP + banner + (index // SPREADS_PER_ROW) * cell_height
        for number, offset in ((left, 0), (right, page_width)):
            if number is not None:
                sheet.paste(by_number[number].image, (x + offset, y))  # type: ignore[arg-type]
        label = " | ".join(str(number) for number in (left, right) if number is not None)
        draw.text((x + page_width, y + THUMB_HEIGHT + 4), label, fill=(40, 40, 40), font=font, anchor="ma")
    used = sorted({finding.kind for thumbnail in thumbnails for finding in thumbnail.problems})
    x, y = GAP, sheet.height - legend_height + 4
    text = "no problems found" if not used else ""
    draw.text((x, y), text, fill=(40, 40, 40), font=font)
    _legend(draw, [(COLOURS.get(kind, (200, 0, 0)), kind) for kind in used], x, y, font)
    return png(sheet, colours=256)


def _legend(draw: Any, entries: list[tuple[tuple[int, int, int], str]], x: int, y: int, font: Any) -> None:
    """A row of outlined squares in each entry's colour, its text beside it, from (x, y)."""
    for colour, text in entries:
        draw.rectangle((x, y + 2, x + 14, y + 16), outline=colour, width=3)
        draw.text((x + 20, y), text, fill=(40, 40, 40), font=font)
        x += 30 + int(draw.textlength(text, font=font))


def png(image: object, colours: int | None = None) -> bytes:
    """``image`` (a PIL image) as PNG bytes, in a palette of ``colours`` where given (a third of the bytes)."""
    output = io.BytesIO()
    reduced = image.quantize(colours) if colours else image  # type: ignore[attr-defined]
    reduced.save(output, format="PNG", optimize=True)
    return output.getvalue()


CHANGED = (210, 0, 0)  # lines whose text changed, on both editions' pages
MOVED = (230, 120, 0)  # lines that stand elsewhere on their page


def changes_sheet(old_pdf: Path, new_pdf: Path, comparison: Comparison) -> bytes:
    """The spreads with a changed page, the old edition's beside the new one's, the changed lines outlined."""
    from PIL import Image, ImageDraw, ImageFont

    old_outlines: dict[int, list[tuple[Box, tuple[int, int, int]]]] = {}
    new_outlines: dict[int, list[tuple[Box, tuple[int, int, int]]]] = {}
    for change in comparison.changed:
        colour = MOVED if change.how == "moved" else CHANGED
        old_outlines[change.number] = [(box, colour) for box in change.old]
        new_outlines[change.number] = [(box, colour) for box in change.new]
    changed = {change.number for change in comparison.changed}
    # comparison.changes has a page for each page of the longer edition.
    shown = [pair for pair in spreads(len(comparison.changes)) if changed & set(pair)]
    # Only the pages shown are rendered (page 1 for the width of an empty sheet): a book's one changed
    # spread costs two renders, not two of every page.
    needed = {number for pair in shown for number in pair if number is not None} or {1}
    old_images = render_outlined(old_pdf, THUMB_HEIGHT, old_outlines, needed)
    new_images = render_outlined(new_pdf, THUMB_HEIGHT, new_outlines, needed)
    page_width = max(image.width for image in [*old_images.values(), *new_images.values()])
    font = ImageFont.truetype(str(_FONT), 14)
    cell_width, cell_height = 2 * page_width, THUMB_HEIGHT + LABEL + GAP
    width = GAP + 2 * (cell_width + GAP)
    sheet = Image.new("RGB", (width, GAP + max(len(shown), 1) * cell_height + 30), _BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    for row, (left, right) in enumerate(shown):
        y = GAP + row * cell_height
        for column, (images, label) in enumerate(((old_images, "before"), (new_images, "after"))):
            x = GAP + column * (cell_width + GAP)
            for number, offset in ((left, 0), (right, page_width)):
                if number in images:
                    sheet.paste(images[number], (x + offset, y))
            pages = " | ".join(str(number) for number in (left, right) if number is not None)
            draw.text(
                (x + page_width, y + THUMB_HEIGHT + 4), f"{label}: {pages}", fill=(40, 40, 40), font=font, anchor="ma"
            )
    _legend(draw, [(CHANGED, "changed lines"), (MOVED, "lines moved on their page")], GAP, sheet.height - 26, font)
    if not shown:
        draw.text((GAP, GAP), "0 pages changed", fill=(40, 40, 40), font=font)
    return png(sheet, colours=256)
