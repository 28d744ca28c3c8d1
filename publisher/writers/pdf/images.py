"""Whether the pictures of the covers are sharp enough for print: their effective resolution at print size."""

from __future__ import annotations

import logging
from pathlib import Path

from ...design import PRINT_DPI, publication_format
from ...model import Publication
from .design import logo_box, photo_box
from .document import cover_photo, logo

log = logging.getLogger("publisher")
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
        width, height = photo_box(page, publication.options.design.cover_image)
        _warn_if_soft("cover_image", photo, width, height, fill=True)
    mark = logo(publication)
    if mark is not None:
        _warn_if_soft("[design] logo", mark, *logo_box(page), fill=False)


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
