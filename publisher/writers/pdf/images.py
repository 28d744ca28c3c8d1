"""Whether the pictures of the covers are sharp enough for print: their effective resolution at print size."""

from __future__ import annotations

import logging
from pathlib import Path

from ...design import PageFormat, publication_format
from ...model import Publication
from .design import BLEED, BOXED_SHARE, LOGO, PHOTO_SHARE
from .document import cover_photo, logo

log = logging.getLogger("publisher")
PRINT_DPI = 300  # what offset and laser printers resolve; below it a photo looks soft
MM_PER_INCH = 25.4


def print_dpi(path: Path, width: float, height: float, *, fill: bool) -> float | None:
    """The pixels per inch of the image at ``path`` printed in a ``width`` × ``height`` mm box.

    ``fill``: the image covers the box and is cut (CSS object-fit: cover); else it fits inside it
    (contain). None for a vector image (SVG), which is sharp at any size.
    """
    if path.suffix.lower() == ".svg":
        return None
    from PIL import Image

    with Image.open(path) as image:
        pixels_wide, pixels_high = image.size
    scale = (max if fill else min)(width / pixels_wide, height / pixels_high)  # mm per pixel as printed
    return MM_PER_INCH / scale


def check_print_resolution(publication: Publication) -> None:
    """Warn of a cover image or logo below PRINT_DPI at the size it is printed, with the figure."""
    page = publication_format(publication)
    photo = cover_photo(publication)
    if photo is not None:
        width, height = _photo_box(page, publication.options.design.cover_image)
        _warn_if_soft("cover_image", photo, width, height, fill=True)
    mark = logo(publication)
    if mark is not None:
        scale = page.base_size / 10
        _warn_if_soft("[design] logo", mark, LOGO[0] * scale, LOGO[1] * scale, fill=False)


def _photo_box(page: PageFormat, kind: str) -> tuple[float, float]:
    if kind == "full":
        return page.width + 2 * BLEED, page.height * PHOTO_SHARE + BLEED
    return page.width - 2 * page.margins[3], page.area_height * BOXED_SHARE  # the cover's padding: the inner margin


def _warn_if_soft(key: str, path: Path, width: float, height: float, *, fill: bool) -> None:
    dpi = print_dpi(path, width, height, fill=fill)
    if dpi is not None and dpi < PRINT_DPI:
        log.warning(
            "%s: %s is %.0f dpi at print size (%.0f × %.0f mm); %d dpi or more prints sharp",
            path,
            key,
            dpi,
            width,
            height,
            PRINT_DPI,
        )
