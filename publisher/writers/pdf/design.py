"""The style sheets ``[design]`` adds to an edition: its page format, its house colours, its own CSS.

The format sheet sets the page box and the custom properties styles/pdf.css sizes the covers,
the imprint and figures by; the colour sheet sets the roles of colors.py in the edition's own
colour space (sRGB on screen, CMYK in print); the publication's style sheets come last, so that
they can change anything. Every edition of a publication has the same format sheet.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from urllib.parse import quote

from ...colors import ROLES, parse_color
from ...design import PageFormat, publication_format
from ...fonts import families, house_faces
from ...model import Publication
from .editions import PRINT, Edition

log = logging.getLogger("publisher")

# The A5 pamphlet's lengths, from which every format's are scaled: the covers' padding (top, sides,
# foot), the space above the imprint at the foot of its page, and what a figure leaves its caption.
_COVER_TOP = 40 / 210  # of the page height
_COVER_FOOT = 18 / 20  # of the bottom margin
_IMPRINT = 55.0  # mm at 10 pt, the imprint's own height
_CAPTION = 28.0  # mm at 10 pt
BLEED = 3.0  # mm, what print shops ask for (the cover photo reaches into it)
PHOTO_SHARE = 0.5  # of the page height the "full" cover photo takes, the title below it
BOXED_SHARE = 0.42  # of the type area's height the "boxed" cover photo takes
LOGO = (40.0, 12.0)  # mm at 10 pt: the logo's largest width and height


def design_sheets(publication: Publication, edition: Edition) -> list[Path | str]:
    """The style sheets (files, or CSS text) that follow the edition's defaults, in order."""
    sheets: list[Path | str] = [format_css(publication_format(publication))]
    colours = colour_css(publication, edition)
    if colours:
        sheets.append(colours)
    fonts = font_css(publication)
    if fonts:
        sheets.append(fonts)
    sheets.extend(publication.root / name for name in publication.options.design.css)
    return sheets


def format_css(page: PageFormat) -> str:
    """The page box, the base size and the lengths that follow from them, as CSS."""
    top, outer, bottom, inner = page.margins
    scale = page.base_size / 10
    lengths = {
        "--page-width": page.width,
        "--page-height": page.height,
        "--cover-top": round(page.height * _COVER_TOP, 1),
        "--cover-side": inner,
        "--cover-foot": round(bottom * _COVER_FOOT, 1),
        "--imprint-top": max(round(page.area_height - _IMPRINT * scale, 1), 0),
        "--figure-height": round(page.area_height - _CAPTION * scale, 1),
        "--bleed": BLEED,
        "--photo-width": photo_box(page, "full")[0],
        "--photo-height": round(photo_box(page, "full")[1], 1),
        "--photo-text-top": round(page.height * PHOTO_SHARE + 8 * scale, 1),
        "--boxed-height": round(photo_box(page, "boxed")[1], 1),
        "--logo-width": round(logo_box(page)[0], 1),
        "--logo-height": round(logo_box(page)[1], 1),
        "--logo-room": round(page.margins[3] + LOGO[1] * scale + 6 * scale, 1),
    }
    variables = " ".join(f"{name}: {_mm(value)};" for name, value in lengths.items())
    return (
        f"@page {{ size: {_mm(page.width)} {_mm(page.height)}; "
        f"margin: {_mm(top)} {_mm(outer)} {_mm(bottom)} {_mm(inner)}; }}\n"
        f"@page :left {{ margin: {_mm(top)} {_mm(inner)} {_mm(bottom)} {_mm(outer)}; }}\n"
        f":root {{ {variables} }}\n"
        f"html {{ font-size: {page.base_size:g}pt; }}\n"
    )


def photo_box(page: PageFormat, kind: str) -> tuple[float, float]:
    """The box (mm) the cover image fills on the printed cover, ``kind`` being ``[design] cover_image``:
    "full" the cover's upper part and the bleed around it, "boxed" the cover's padding's width."""
    if kind == "full":
        return page.width + 2 * BLEED, page.height * PHOTO_SHARE + BLEED
    return page.width - 2 * page.margins[3], page.area_height * BOXED_SHARE


def logo_box(page: PageFormat) -> tuple[float, float]:
    """The largest width and height (mm) of the logo on the covers, after the base size."""
    scale = page.base_size / 10
    return LOGO[0] * scale, LOGO[1] * scale


def colour_css(publication: Publication, edition: Edition) -> str:
    """The house colours for ``edition``: CMYK in print, sRGB elsewhere ("" without any)."""
    colours = publication.options.design.colors
    if not colours:
        return ""
    declarations = []
    for role, written in sorted(colours.items()):
        colour = parse_color(written)
        declarations.append(f"{ROLES[role]}: {colour.print() if edition is PRINT else colour.screen()};")
    return f":root {{ {' '.join(declarations)} }}\n"


def font_css(publication: Publication) -> str:
    """The publication's own fonts as @font-face rules, and the family of each role ("" with the defaults)."""
    if not publication.options.design.fonts:
        return ""
    rules = []
    for faces in house_faces(publication).values():
        for face in faces:
            url = quote(face.path.relative_to(publication.root.resolve()).as_posix())
            rules.append(
                f'@font-face {{ font-family: "{face.family}"; src: url("{url}"); '
                f"font-weight: {face.weight}; font-style: {face.style}; }}"
            )
    variables = " ".join(f'{name}: "{family}";' for name, family in families(publication).items())
    return "\n".join([*rules, f":root {{ {variables} }}"]) + "\n"


def explain_print_colours(publication: Publication) -> None:
    """Say how the print edition prints each house colour given in sRGB (its CMYK conversion)."""
    for role, written in sorted(publication.options.design.colors.items()):
        colour = parse_color(written)
        if colour.rgb is not None:
            log.info("[design] colors.%s %s is printed as %s (FOGRA39)", role, colour.screen(), colour.print())


def _mm(value: float) -> str:
    return f"{value:g}mm"


def design_key(publication: Publication, edition: Edition) -> tuple[str, ...]:
    """What the design sheets of ``edition`` say, for keys of layouts made with them (their files' digests,
    and those of the fonts they bring in)."""
    sheets = tuple(
        hashlib.sha256(sheet.read_bytes()).hexdigest() if isinstance(sheet, Path) else sheet
        for sheet in design_sheets(publication, edition)
    )
    fonts = tuple(
        hashlib.sha256(face.path.read_bytes()).hexdigest()
        for faces in house_faces(publication).values()
        for face in faces
    )
    return sheets + fonts
