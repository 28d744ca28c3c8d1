"""A publication's page format: its trim size, margins, base type size and booklet sheet.

Engine-neutral: sizes in millimetres and points, resolved once from ``[design]``
(options.py) so that every edition and the booklet agree. The style sheets
(styles/pdf.css) take the sizes through custom properties set by the PDF writer
(writers/pdf/design.py).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import PublicationError
from .names import CONFIG_NAME

if TYPE_CHECKING:
    from .model import Publication
    from .options import DesignOptions

# Trim sizes in mm (width, height), portrait.
FORMATS: dict[str, tuple[float, float]] = {
    "A6": (105, 148),
    "A5": (148, 210),
    "A4": (210, 297),
    "letter": (215.9, 279.4),
    "DL": (99, 210),
}
# Margins in mm (top, outer, bottom, inner) and the running text's size in pt that suit each format.
# A5 is the pamphlet the tool began with; the others keep its proportions where they read well:
# A6 and DL are held, so their margins are narrower; A4 and letter are read at a desk, so their
# type is larger and their measure is held to 75–80 characters by wide margins (a 140 mm measure
# at 11.5 pt), where 25 mm margins would give a hundred.
_DEFAULTS: dict[str, tuple[tuple[float, float, float, float], float]] = {
    "A6": ((11, 10, 14, 12), 8.5),
    "A5": ((17, 15, 20, 17), 10),
    "A4": ((25, 32, 30, 38), 11.5),
    "letter": ((25, 32, 30, 38), 11.5),
    "DL": ((12, 10, 14, 10), 8.5),
}
# The booklet's sheet for two pages of each format side by side, by name where it has one (imposition.py);
# four-up, the sheet that takes that side twice, one above the other.
SHEETS: dict[str, str] = {"A6": "A5", "A5": "A4", "A4": "A3", "letter": "tabloid"}
FOUR_UP_SHEETS: dict[str, str] = {"A6": "A4", "A5": "A3"}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(?:x|×)\s*(\d+(?:\.\d+)?)\s*(?:mm)?\s*", re.IGNORECASE)
_SMALLEST, _LARGEST = 70.0, 500.0  # mm: smaller is a card, larger no printer's sheet
PRINT_DPI = 300  # what offset and laser printers resolve: a picture below it at print size looks soft


@dataclass(frozen=True)
class PageFormat:
    """The trim size (mm), margins (mm: top, outer, bottom, inner) and base size (pt) of a publication."""

    name: str
    width: float
    height: float
    margins: tuple[float, float, float, float]
    base_size: float

    @property
    def area_height(self) -> float:
        """The height of the type area in mm."""
        return self.height - self.margins[0] - self.margins[2]

    @property
    def area_width(self) -> float:
        return self.width - self.margins[1] - self.margins[3]

    def sheet(self, *, stacked: bool = False) -> str | None:
        """The named sheet of the booklet, two pages wide; ``stacked``: two of those, one above the other
        (four-up). None where no standard sheet is that size."""
        return (FOUR_UP_SHEETS if stacked else SHEETS).get(self.name)


def page_format(page: str, margins: tuple[float, ...] | None, base_size: float | None, path: Path) -> PageFormat:
    """The format ``[design] page``, ``margins`` and ``base_size`` describe; a clear error where they do not fit."""
    if page in FORMATS:
        name, (width, height) = page, FORMATS[page]
        default_margins, default_size = _DEFAULTS[page]
    else:
        match = _SIZE.fullmatch(page)
        known = ", ".join(f'"{name}"' for name in FORMATS)
        if match is None:
            raise PublicationError(f'[design] page must be {known} or a size such as "120x190mm", not {page!r}', path)
        width, height = float(match.group(1)), float(match.group(2))
        named = next((name for name, size in FORMATS.items() if _same_size(size, (width, height))), None)
        if named is not None:  # "148x210mm" is A5, with A5's margins and booklet sheet
            return page_format(named, margins, base_size, path)
        if not (min(width, height) >= _SMALLEST and max(width, height) <= _LARGEST):
            raise PublicationError(
                f"[design] page {page!r}: each side must be between {_SMALLEST:g} and {_LARGEST:g} mm", path
            )
        name = f"{width:g}x{height:g}mm"
        default_margins, default_size = _scaled_defaults(width)
    chosen = tuple(float(value) for value in margins) if margins is not None else default_margins
    top, outer, bottom, inner = chosen
    if width - outer - inner < width * 0.4 or height - top - bottom < height * 0.4:
        raise PublicationError(
            f"[design] margins {list(chosen)} leave too little of a {width:g} × {height:g} mm page for the text", path
        )
    return PageFormat(name, width, height, (top, outer, bottom, inner), base_size or default_size)


def _same_size(first: tuple[float, float], second: tuple[float, float]) -> bool:
    return abs(first[0] - second[0]) <= 0.5 and abs(first[1] - second[1]) <= 0.5


def _scaled_defaults(width: float) -> tuple[tuple[float, float, float, float], float]:
    """Margins and size for a page of ``width`` mm: between those of the named formats nearest in width
    (A6, A5, A4), or those of the nearest scaled to its width where it is narrower or wider than all."""
    steps = sorted((FORMATS[name][0], *_DEFAULTS[name]) for name in ("A6", "A5", "A4"))
    if width <= steps[0][0] or width >= steps[-1][0]:
        named_width, margins, size = steps[0] if width <= steps[0][0] else steps[-1]
        top, outer, bottom, inner = (round(value * width / named_width, 1) for value in margins)
        return (top, outer, bottom, inner), size
    for (low, low_margins, low_size), (high, high_margins, high_size) in itertools.pairwise(steps):
        if low <= width <= high:
            share = (width - low) / (high - low)
            top, outer, bottom, inner = (
                round(first + (second - first) * share, 1)
                for first, second in zip(low_margins, high_margins, strict=True)
            )
            return (top, outer, bottom, inner), round(low_size + (high_size - low_size) * share, 1)
    raise AssertionError("unreachable: the steps cover every width")


def publication_format(publication: Publication) -> PageFormat:
    """The page format ``publication``'s ``[design]`` table describes (checked when it was loaded)."""
    design = publication.options.design
    return page_format(design.page, design.margins, design.base_size, publication.root / CONFIG_NAME)


def check_design(design: DesignOptions, root: Path, path: Path) -> None:
    """Every value of ``[design]`` that its types do not check: the format, the colours, the files named."""
    from .colors import ROLES, ColorError, parse_color
    from .fonts import check_fonts

    page_format(design.page, design.margins, design.base_size, path)
    for role, written in design.colors.items():
        if role not in ROLES:
            raise PublicationError(f"[design] colors: unknown role {role!r}; known: {', '.join(ROLES)}", path)
        try:
            parse_color(written)
        except ColorError as error:
            raise PublicationError(f"[design] colors.{role}: {error}", path) from None
    for name in design.css:
        file_inside(root, name, path, "css", (".css",))
    if design.logo is not None:
        check_image(file_inside(root, design.logo, path, "logo", (".svg", ".png")), path, "logo")
    check_fonts(design.fonts, root, path)


def file_inside(root: Path, name: str, path: Path, key: str, suffixes: tuple[str, ...]) -> Path:
    """The file ``name`` of ``[design] key``, checked: inside the publication, not hidden, of a suffix allowed."""
    candidate = Path(name)
    resolved = (root / candidate).resolve()
    if candidate.is_absolute() or "://" in name or not resolved.is_relative_to(root.resolve()):
        raise PublicationError(f"[design] {key}: {name!r} must be a file inside the publication folder", path)
    if any(part.startswith(".") for part in resolved.relative_to(root.resolve()).parts):
        # Builds and watch do not look at hidden files: a change to it would go unseen (files.py).
        raise PublicationError(f"[design] {key}: {name!r} is hidden (a name starting with a dot)", path)
    if resolved.suffix.lower() not in suffixes:
        raise PublicationError(f"[design] {key}: {name!r} must be a {' or '.join(suffixes)} file", path)
    if not resolved.is_file():
        raise PublicationError(f"[design] {key}: {name!r} not found in the publication folder", path)
    return resolved


def check_image(image: Path, path: Path, key: str) -> None:
    """That ``image`` is the picture its suffix says: an SVG document, or a PNG or JPEG Pillow can read."""
    if image.suffix.lower() == ".svg":
        from lxml import etree

        try:
            root = etree.parse(str(image), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
        except etree.XMLSyntaxError as error:
            raise PublicationError(f"[design] {key}: not an SVG document ({error})", path) from None
        if etree.QName(root).localname != "svg":
            raise PublicationError(f"[design] {key}: not an SVG document (its root is <{root.tag}>)", path)
        return
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(image) as picture:
            picture.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise PublicationError(
            f"[design] {key}: {image.name} is not an image Pillow can read ({error})", path
        ) from None


# The running text's average advance per character (Linux Libertine, German and English text, spaces
# included) and its line height, in ems: what a page holds, for estimates made before the layout.
_CHARACTER_EM = 0.45
_LINE_EM = 1.4
_FILL = 0.8  # of a page that running text fills on average: headings, breaks and notes take the rest
_PT_MM = 25.4 / 72


def estimated_pages(publication: Publication) -> float:
    """How many pages the text of ``publication`` fills in its format, estimated from its length.

    A guess for decisions made before the layout, such as ``[design] toc = "auto"``: the bundled
    pamphlet's text estimates at 7.5 pages and fills 9; a 268-page generated book's at 270.
    """
    page = publication_format(publication)
    em = page.base_size * _PT_MM
    per_page = (page.area_width / (_CHARACTER_EM * em)) * (page.area_height / (_LINE_EM * em)) * _FILL
    characters = sum(
        len(element.text_content())
        for part in publication.parts
        for element in (part.body, *(n.content for n in part.notes))
    )
    return characters / per_page
