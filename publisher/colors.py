"""House colours (``[design] colors``): parsed, and given to each edition in its own colour space.

A colour is written as ``#rrggbb`` (or ``#rgb``), sRGB, or as ``device-cmyk(c m y k)``, the
inks of the print edition (0–1 or percentages). The screen PDF and the EPUB draw sRGB; the
print edition draws CMYK for its FOGRA39 output intent. An sRGB colour is converted there
through the output intent's own profile (styles/color/FOGRA39-publisher.icc), relative
colorimetric with black-point compensation, the usual choice for spot colours of a house
style; a grey (red, green and blue equal) goes on the black plate alone, as the text does,
so that it prints sharp whatever the register. A CMYK colour is kept as given and shown on
screen as the profile renders it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .names import STYLES_DIR

PROFILE = STYLES_DIR / "color" / "FOGRA39-publisher.icc"
# The roles a house style may colour, and the custom property of styles/pdf.css each sets.
ROLES: dict[str, str] = {
    "accent": "--accent",  # headings of sidebars, their frame
    "sidebar": "--accent-paper",  # the paper of sidebar boxes
    "cover": "--cover",  # the covers' background
    "cover_text": "--on-accent",  # the type on the covers
}
_HEX = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_CMYK = re.compile(r"device-cmyk\(\s*([^)]*)\)", re.IGNORECASE)
_NUMBER = re.compile(r"(\d+(?:\.\d+)?|\.\d+)(%?)")


class ColorError(ValueError):
    """A colour written in a way this module does not read."""


@dataclass(frozen=True)
class Color:
    """A house colour as written: sRGB (0–255 each) or CMYK (0–1 each), never both."""

    rgb: tuple[int, int, int] | None = None
    cmyk: tuple[float, float, float, float] | None = None

    def screen(self) -> str:
        """The colour for the screen PDF and the EPUB: sRGB, as CSS."""
        red, green, blue = self.rgb if self.rgb is not None else _to_rgb(self.cmyk or (0, 0, 0, 0))
        return f"#{red:02x}{green:02x}{blue:02x}"

    def print(self) -> str:
        """The colour for the print edition: CMYK, as CSS."""
        cyan, magenta, yellow, black = self.cmyk if self.cmyk is not None else _to_cmyk(self.rgb or (0, 0, 0))
        return f"device-cmyk({_n(cyan)} {_n(magenta)} {_n(yellow)} {_n(black)})"


def parse_color(text: str) -> Color:
    """``text`` as a :class:`Color`; :class:`ColorError` saying what is expected where it is none."""
    written = text.strip()
    if match := _HEX.fullmatch(written):
        digits = match.group(1)
        if len(digits) == 3:
            digits = "".join(digit * 2 for digit in digits)
        red, green, blue = (int(digits[index : index + 2], 16) for index in (0, 2, 4))
        return Color(rgb=(red, green, blue))
    if match := _CMYK.fullmatch(written):
        values = match.group(1).replace(",", " ").split()
        inks = []
        for value in values:
            number = _NUMBER.fullmatch(value)
            if number is None:
                break
            ink = float(number.group(1)) / (100 if number.group(2) else 1)
            if not 0 <= ink <= 1:
                break
            inks.append(ink)
        if len(inks) == 4 and len(values) == 4:
            return Color(cmyk=(inks[0], inks[1], inks[2], inks[3]))
    raise ColorError(f'{text!r} is not a colour: write "#rrggbb" or "device-cmyk(c m y k)" with inks 0–1 or 0–100 %')


def cmyk_of(red: float, green: float, blue: float) -> tuple[float, float, float, float]:
    """The inks of an sRGB colour (each 0–1) for the print edition's output intent."""
    return _to_cmyk(tuple(min(max(round(value * 255), 0), 255) for value in (red, green, blue)))  # type: ignore[arg-type]


def _n(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") or "0"


@functools.cache
def _transforms() -> tuple[object, object]:
    from PIL import ImageCms

    srgb = ImageCms.createProfile("sRGB")
    fogra = ImageCms.getOpenProfile(str(PROFILE))
    flags = ImageCms.Flags.BLACKPOINTCOMPENSATION
    intent = ImageCms.Intent.RELATIVE_COLORIMETRIC
    to_cmyk = ImageCms.buildTransform(srgb, fogra, "RGB", "CMYK", intent, flags)
    to_rgb = ImageCms.buildTransform(fogra, srgb, "CMYK", "RGB", intent, flags)
    return to_cmyk, to_rgb


@functools.cache
def _to_cmyk(rgb: tuple[int, int, int]) -> tuple[float, float, float, float]:
    from PIL import Image, ImageCms

    if rgb[0] == rgb[1] == rgb[2]:
        return (0.0, 0.0, 0.0, round(1 - rgb[0] / 255, 3))

    pixel = ImageCms.applyTransform(Image.new("RGB", (1, 1), rgb), _transforms()[0])
    inks = pixel.getpixel((0, 0))
    return tuple(round(ink / 255, 3) for ink in inks)  # type: ignore[return-value]


@functools.cache
def _to_rgb(cmyk: tuple[float, float, float, float]) -> tuple[int, int, int]:
    from PIL import Image, ImageCms

    inks = tuple(round(ink * 255) for ink in cmyk)
    pixel = ImageCms.applyTransform(Image.new("CMYK", (1, 1), inks), _transforms()[1])
    return pixel.getpixel((0, 0))  # type: ignore[return-value]
