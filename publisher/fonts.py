"""A publication's fonts (``[design.fonts]``): a bundled family, or OFL font files of its own, for each role.

Three roles set the type of the PDF editions: ``text`` (running text, notes), ``headings``
(headings, running heads, the covers) and ``code``. Each is a bundled family (``"serif"``,
``"sans"``, ``"mono"``; styles/fonts.css) or a table of font files in the publication folder:
``{ regular = "fonts/X-Regular.otf", bold = …, italic = …, bold_italic = … }``, regular required.
A file must be an OpenType or TrueType font licensed under the SIL Open Font License (its name
table says so, or an OFL licence file stands beside it): the PDF embeds it, which the OFL allows.
The glyph check (glyphs.py) checks the text against the faces the roles end up with.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .design import file_inside
from .errors import PublicationError
from .glyphs import Face, font_faces
from .model import Publication
from .names import STYLES_DIR

# Each role: the custom property of styles/pdf.css it sets, and its bundled family by default.
ROLES: dict[str, tuple[str, str]] = {
    "text": ("--serif", "serif"),
    "headings": ("--sans", "sans"),
    "code": ("--mono", "mono"),
}
BUNDLED: dict[str, str] = {"serif": "Publisher Serif", "sans": "Publisher Sans", "mono": "Publisher Mono"}
# A face's key in a role's table: its CSS weight and style.
STYLES: dict[str, tuple[int, str]] = {
    "regular": (400, "normal"),
    "bold": (700, "normal"),
    "italic": (400, "italic"),
    "bold_italic": (700, "italic"),
}
FONT_SUFFIXES = (".otf", ".ttf")
_OFL_MARKS = ("open font license", "scripts.sil.org/ofl", "openfontlicense.org")


def check_fonts(fonts: dict[str, Any], root: Path, path: Path) -> None:
    """Every role of ``[design.fonts]``: a bundled family, or OFL font files inside the publication."""
    for role, value in fonts.items():
        if role not in ROLES:
            raise PublicationError(f"[design] fonts: unknown role {role!r}; known: {', '.join(ROLES)}", path)
        if isinstance(value, str):
            if value not in BUNDLED:
                known = ", ".join(f'"{name}"' for name in BUNDLED)
                raise PublicationError(
                    f"[design] fonts.{role} must be a bundled family ({known}) or a table of font files, not {value!r}",
                    path,
                )
            continue
        if not isinstance(value, dict) or "regular" not in value:
            raise PublicationError(f"[design] fonts.{role} must name at least its regular font file", path)
        for style, name in value.items():
            if style not in STYLES:
                raise PublicationError(
                    f"[design] fonts.{role}: unknown face {style!r}; known: {', '.join(STYLES)}", path
                )
            _font_file(root, name, path, f"fonts.{role}.{style}")


def house_faces(publication: Publication) -> dict[str, list[Face]]:
    """The faces of each role whose fonts are the publication's own (families named "Publisher House …")."""
    faces: dict[str, list[Face]] = {}
    for role, value in publication.options.design.fonts.items():
        if isinstance(value, dict):
            family = house_family(role)
            faces[role] = [
                Face(family, *STYLES[style], (publication.root / name).resolve()) for style, name in value.items()
            ]
    return faces


def families(publication: Publication) -> dict[str, str]:
    """The family each role is set in, by its custom property (``--serif`` …)."""
    chosen = {}
    for role, (variable, default) in ROLES.items():
        value = publication.options.design.fonts.get(role, default)
        chosen[variable] = house_family(role) if isinstance(value, dict) else BUNDLED[value]
    return chosen


def house_family(role: str) -> str:
    """The private family name of a role's own fonts: never one a font on the machine has."""
    return f"Publisher House {role.capitalize()}"


def faces_in_use(publication: Publication) -> list[Face]:
    """Every face the PDF editions may set text in: the bundled families the roles use, and the house fonts."""
    bundled = font_faces(STYLES_DIR / "fonts.css")
    used = set(families(publication).values())
    own = [face for role_faces in house_faces(publication).values() for face in role_faces]
    return [face for face in bundled if face.family in used] + own


def _font_file(root: Path, name: Any, config: Path, key: str) -> Path:
    if not isinstance(name, str):
        raise PublicationError(f"[design] {key} must be a file name", config)
    resolved = file_inside(root, name, config, key, FONT_SUFFIXES)
    if not _open_font_licensed(resolved, root):
        raise PublicationError(
            f"[design] {key}: {name!r} does not say it is licensed under the SIL Open Font License "
            "(neither its name table nor an OFL licence file beside it); only OFL fonts are embedded",
            config,
        )
    return resolved


def _open_font_licensed(path: Path, root: Path) -> bool:
    """Whether the font's name table (licence, licence URL) or a licence file beside it names the OFL."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(path, lazy=True) as font:
            names = font["name"].names if "name" in font else []
            texts = [record.toUnicode().lower() for record in names if record.nameID in (13, 14)]
    except (TTLibError, OSError, ValueError, KeyError):
        raise PublicationError("not a font file fontTools can read", path) from None
    if any(mark in text for text in texts for mark in _OFL_MARKS):
        return True
    for licence in sorted(path.parent.glob("*")):
        inside = licence.resolve().is_relative_to(root.resolve())  # a link may point anywhere: not followed out
        if (
            inside
            and licence.is_file()
            and licence.suffix.lower() in (".txt", ".md", "")
            and "ofl" in licence.name.lower()
        ):
            text = licence.read_text(encoding="utf-8", errors="replace")[:4000].lower()
            if "sil open font license" in text:
                return True
    return False
