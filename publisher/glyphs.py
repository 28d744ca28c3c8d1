"""Check, before rendering, that the bundled fonts can draw every character the PDF prints.

WeasyPrint silently falls back to a font installed on the machine for a character the
``@font-face`` fonts lack, so the output would depend on the machine. Instead the build
collects the printed text (parts, notes, the metadata on cover and imprint, the text
the writer generates) and reports the first character a face cannot draw, with its place.

Code (``code``, ``kbd``, ``samp``, ``pre``) is set in the monospaced faces, the rest
in the others, so code is checked against the monospaced faces and prose against the
text faces; a face is monospaced if all printable ASCII characters have one width. If
the stylesheet has no monospaced face (or only monospaced ones), all faces serve both.
Within each group the check is conservative: text may be set in any of its faces (a
Cyrillic name in a bold italic heading), so a character counts as missing if *any*
face of its group lacks it.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError
from lxml.etree import _Element

from .errors import PublicationError
from .hyphenation import HYPHEN, SOFT_HYPHEN
from .model import Publication
from .names import CONFIG_NAME
from .writers.common import format_date, labels

GENERATED = "generated text"

# Elements whose text the stylesheets set in the monospaced face (pdf.css, epub.css).
CODE_TAGS = frozenset(["code", "kbd", "samp", "pre"])
# Characters that are never drawn, so no font needs them: zero-width space, (non-)joiners,
# word joiner and the byte-order mark (zero-width no-break space).
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_CONTEXT = 10  # characters either side of the first occurrence
_METADATA_FIELDS = (
    "title",
    "short_title",
    "subtitle",
    "publisher",
    "rights",
    "description",
    "photo_credit",
    "responsible",
    "isbn",
)


@dataclass(frozen=True)
class Face:
    """One ``@font-face`` rule: a family in one weight and style, and its font file."""

    family: str
    weight: int  # CSS numeric weight: 400 normal, 700 bold
    style: str  # "normal", "italic" or "oblique"
    path: Path

    @property
    def name(self) -> str:
        """How messages call the face: "Publisher Serif bold italic"."""
        words = []
        if self.weight != 400:
            words.append("bold" if self.weight == 700 else str(self.weight))
        if self.style != "normal":
            words.append(self.style)
        return f"{self.family} {' '.join(words) or 'regular'}"


@dataclass(frozen=True)
class MissingGlyph:
    char: str
    faces: tuple[str, ...]  # the faces (e.g. "Publisher Serif italic") that lack it
    where: str  # file name (e.g. "artikel.md" or "publication.toml: title")
    context: str  # ~20 characters around the first occurrence
    count: int  # occurrences where it is missing (in code, in prose or both)
    path: Path | None = field(default=None, compare=False)  # the file ``where`` names, for errors
    in_code: bool = False  # whether the first occurrence is in code
    checked: int = 0  # how many faces it was checked against (those its occurrences are set in)

    @property
    def code(self) -> str:
        """``U+0416 'Ж' (CYRILLIC CAPITAL LETTER ZHE)``."""
        return describe(self.char)


def describe(char: str) -> str:
    """A character as messages name it: code point, the character itself and its Unicode name."""
    name = unicodedata.name(char, "") or f"unnamed, category {unicodedata.category(char)}"
    return f"U+{ord(char):04X} {char!r} ({name})"


# --- @font-face rules ---------------------------------------------------------------------

_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_FONT_FACE = re.compile(r"@font-face\s*\{([^}]*)\}", re.IGNORECASE)
_DECLARATION = re.compile(r"""([-\w]+)\s*:\s*((?:"[^"]*"|'[^']*'|\([^)]*\)|[^;"'()])*)""")
_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)""", re.IGNORECASE)
_WEIGHTS = {"normal": 400, "bold": 700}


def font_faces(stylesheet: Path) -> list[Face]:
    """The ``@font-face`` rules of ``stylesheet``, font files resolved relative to it."""
    try:
        css = stylesheet.read_text(encoding="utf-8")
    except OSError as error:
        raise PublicationError(f"cannot read the stylesheet: {error.strerror}", stylesheet) from None
    css = _COMMENT.sub("", css)
    faces = []
    for rule in _FONT_FACE.finditer(css):
        line = css.count("\n", 0, rule.start()) + 1
        descriptors = {m.group(1).lower(): m.group(2).strip() for m in _DECLARATION.finditer(rule.group(1))}
        family = descriptors.get("font-family", "").strip().strip("\"'").strip()
        url = _first_url(descriptors.get("src", ""))
        if not family or url is None:
            raise PublicationError("@font-face rule without a font-family or a url() source", stylesheet, line)
        faces.append(
            Face(
                family=family,
                weight=_weight(descriptors.get("font-weight", "normal"), stylesheet, line),
                style=descriptors.get("font-style", "normal").split()[0].lower() or "normal",
                path=(stylesheet.parent / url).resolve(),
            )
        )
    return faces


def _first_url(src: str) -> str | None:
    """The first font file ``src`` names (``local()`` sources and data URLs are not files)."""
    for match in _URL.finditer(src):
        url = next(group for group in match.groups() if group is not None)
        url = url.removeprefix("file://")
        if url and not url.startswith("data:"):
            return url
    return None


def _weight(value: str, stylesheet: Path, line: int) -> int:
    first = value.split()[0].lower() if value.split() else "normal"  # "100 900": a variable font's range
    if first in _WEIGHTS:
        return _WEIGHTS[first]
    if first.isdigit():
        return int(first)
    raise PublicationError(f"@font-face font-weight {value!r} is not understood", stylesheet, line)


# --- cmaps ------------------------------------------------------------------------------------

_PRINTABLE_ASCII = range(0x21, 0x7F)


@dataclass(frozen=True)
class _FontFile:
    code_points: frozenset[int]
    monospaced: bool


_FONT_FILES: dict[tuple[Path, int, int], _FontFile] = {}


def _font_file(path: Path) -> _FontFile:
    """What the check needs of a font file; read once per file (and version of it)."""
    try:
        stat = path.stat()
    except OSError:
        raise PublicationError("font file not found", path) from None
    key = (path, stat.st_mtime_ns, stat.st_size)
    cached = _FONT_FILES.get(key)
    if cached is None:
        try:
            with TTFont(path, lazy=True) as font:
                # Glyph names would come from the CFF charset or the post table, the slowest part of
                # reading a font; the check needs glyph ids only, so neutral names stand in for them.
                font.setGlyphOrder([f"glyph{index}" for index in range(font["maxp"].numGlyphs)])
                glyphs = font.getBestCmap() or {}
                widths = {font["hmtx"][glyphs[code]][0] for code in _PRINTABLE_ASCII if code in glyphs}
        except (TTLibError, OSError, AssertionError, KeyError) as error:
            raise PublicationError(f"not a font file fontTools can read: {error}", path) from None
        complete = all(code in glyphs for code in _PRINTABLE_ASCII)
        cached = _FontFile(frozenset(glyphs), monospaced=complete and len(widths) == 1)
        _FONT_FILES[key] = cached
    return cached


def cmap(path: Path) -> frozenset[int]:
    """The code points a font file maps to glyphs."""
    return _font_file(path).code_points


def monospaced(path: Path) -> bool:
    """Whether the font has every printable ASCII character, all of one width."""
    return _font_file(path).monospaced


def split_faces(faces: Sequence[Face]) -> tuple[list[Face], list[Face]]:
    """The faces prose is set in and those code is set in: the monospaced ones, if some are and some are not."""
    code = [face for face in faces if monospaced(face.path)]
    prose = [face for face in faces if face not in code]
    if not code or not prose:
        return list(faces), list(faces)
    return prose, code


# --- the printed text -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Place:
    where: str
    path: Path | None
    text: str
    code: tuple[tuple[int, int], ...] = ()  # the (start, end) spans of ``text`` set as code, in order

    def in_code(self, index: int) -> bool:
        position = bisect.bisect_right(self.code, (index, len(self.text) + 1)) - 1
        return position >= 0 and self.code[position][0] <= index < self.code[position][1]


def _is_code(element: _Element) -> bool:
    return isinstance(element.tag, str) and element.tag.lower() in CODE_TAGS


def _segments(element: _Element) -> list[tuple[str, bool]]:
    """The text an element prints (its text nodes, not attributes or comments) in order, each piece
    marked whether it is set as code."""
    segments: list[tuple[str, bool]] = []
    # A node is pushed once and popped once, so the walk ends; a tail is pushed as a string.
    stack: list[tuple[_Element | str, bool]] = [(element, _is_code(element))]
    while stack:
        node, code = stack.pop()
        if isinstance(node, str):
            segments.append((node, code))
            continue
        inside = code or _is_code(node)
        if node is not element and node.tail:
            stack.append((node.tail, code))
        if isinstance(node.tag, str):  # comments and processing instructions print nothing
            if node.text:
                segments.append((node.text, inside))
            stack.extend((child, inside) for child in reversed(node))
    return segments


def _place(where: str, path: Path | None, segments: Iterable[tuple[str, bool]]) -> _Place:
    pieces: list[str] = []
    code: list[tuple[int, int]] = []
    length = 0
    for text, is_code in segments:
        if is_code and text:
            if code and code[-1][1] == length:
                code[-1] = (code[-1][0], length + len(text))
            else:
                code.append((length, length + len(text)))
        pieces.append(text)
        length += len(text)
    return _Place(where, path, "".join(pieces), tuple(code))


def _places(publication: Publication, extra: str) -> list[_Place]:
    """Every text the PDF prints, in the order it is printed, named by where an author fixes it."""
    meta = publication.metadata
    config = publication.root / CONFIG_NAME
    places: list[_Place] = []

    def add_metadata(key: str, value: str) -> None:
        # A short title that defaults to the title is not a second place to fix.
        if value and not (key == "short_title" and value == meta.title):
            places.append(_Place(f"{CONFIG_NAME}: {key}", config, value))

    for key in _METADATA_FIELDS[:3]:
        add_metadata(key, getattr(meta, key))
    add_metadata("authors", ", ".join(author.name for author in meta.authors))
    add_metadata("date", format_date(publication))
    for key in _METADATA_FIELDS[3:]:
        add_metadata(key, getattr(meta, key))

    has_list = False
    for part in publication.parts:
        try:
            where = part.source.relative_to(publication.root).as_posix()
        except ValueError:
            where = part.source.name
        segments = _segments(part.body)
        for note in part.notes:
            segments += [("\n", False), *_segments(note.content)]
        places.append(_place(where, part.source, segments))
        has_list = has_list or next(part.body.iter("ul"), None) is not None

    # What the writer draws of its own: labels, page and note numbers, list bullets, the
    # hyphen at a broken line end and the soft hyphens it inserts for hyphenation.
    generated = [" ".join(labels(meta.language).values()), "0123456789", extra]
    if has_list:
        generated.append("\u2022")
    if publication.options.hyphenation.enabled:
        generated.append(SOFT_HYPHEN)
    places.append(_Place(GENERATED, None, " ".join(generated)))
    return places


def _drawn(char: str) -> bool:
    """Whether a font must have a glyph for the character."""
    return char not in _INVISIBLE and unicodedata.category(char) != "Cc"


def _context(text: str, index: int) -> str:
    before = text[max(0, index - _CONTEXT) : index]
    after = text[index + 1 : index + 1 + _CONTEXT]
    snippet = re.sub(r"\s+", " ", before + text[index] + after)
    return ("…" if index > _CONTEXT else "") + snippet + ("…" if index + 1 + _CONTEXT < len(text) else "")


# --- the check --------------------------------------------------------------------------------


def missing_glyphs(publication: Publication, faces: Sequence[Face], extra: str = HYPHEN) -> list[MissingGlyph]:
    """The characters the PDF prints that a face they may be set in has no glyph for, in order of first use.

    Prose (and the generated text) may be set in any of the text faces, code in any of the
    monospaced faces (see :func:`split_faces`).
    """
    places = _places(publication, extra)
    prose_faces, code_faces = split_faces(faces)
    prose_maps = [(face.name, cmap(face.path)) for face in prose_faces]
    code_maps = [(face.name, cmap(face.path)) for face in code_faces]
    prose_used: set[str] = set()
    code_used: set[str] = set()
    for place in places:
        start = 0
        for first, last in place.code:
            prose_used.update(place.text[start:first])
            code_used.update(place.text[first:last])
            start = last
        prose_used.update(place.text[start:])

    def lacking(char: str, maps: list[tuple[str, frozenset[int]]]) -> list[str]:
        return [name for name, codes in maps if ord(char) not in codes]

    # char -> (faces lacking it in prose, faces lacking it in code)
    missing: dict[str, tuple[list[str], list[str]]] = {}
    for char in prose_used | code_used:
        if not _drawn(char):
            continue
        in_prose = lacking(char, prose_maps) if char in prose_used else []
        in_code = lacking(char, code_maps) if char in code_used else []
        if in_prose or in_code:
            missing[char] = (in_prose, in_code)
    if not missing:
        return []

    order = {face.name: number for number, face in enumerate(faces)}
    results: list[tuple[int, int, MissingGlyph]] = []
    for char, (in_prose, in_code) in missing.items():
        names = tuple(sorted(set(in_prose) | set(in_code), key=order.__getitem__))
        checked = len({face.name for face in (*(prose_faces if in_prose else ()), *(code_faces if in_code else ()))})
        first: tuple[int, int, _Place] | None = None
        count = 0
        for number, place in enumerate(places):
            index = place.text.find(char)
            while index >= 0:
                if in_code if place.in_code(index) else in_prose:
                    if place.where != GENERATED:
                        count += 1
                    if first is None:
                        first = (number, index, place)
                index = place.text.find(char, index + 1)
        if first is None:  # cannot happen: the character came from these places
            continue
        number, index, place = first
        context = "" if place.where == GENERATED else _context(place.text, index)
        glyph = MissingGlyph(
            char, names, place.where, context, max(count, 1), place.path, place.in_code(index), checked
        )
        results.append((number, index, glyph))
    results.sort(key=lambda item: (item[0], item[1]))
    return [glyph for _number, _index, glyph in results]


def message(missing: Iterable[MissingGlyph]) -> tuple[str, Path | None]:
    """The one-line report of the first missing glyph, and the file it names."""
    glyphs = list(missing)
    first = glyphs[0]
    if len(first.faces) == first.checked and first.checked > 1:
        faces = f"missing in all {first.checked} {'code' if first.in_code else 'text'} faces"
    else:
        faces = f"missing in {', '.join(first.faces)}"
    place = first.where.partition(": ")[2] if first.where.startswith(f"{CONFIG_NAME}: ") else ""
    if first.where == GENERATED:
        where = "in the text the publisher generates (hyphens, labels, numbers)"
    else:
        where = f'in {place + " " if place else ""}{"code " if first.in_code else ""}"{first.context}"'
    text = f"the fonts have no glyph for {first.code} {where} ({faces}"
    if first.count > 1:
        text += f"; {first.count} occurrences"
    text += ")"
    others = len(glyphs) - 1
    if others:
        more = " ".join(repr(glyph.char) for glyph in glyphs[1:])
        text += f"; {others} more character{'s' if others > 1 else ''} missing: {more}"
    if first.path is None:
        text = f"{first.where}: {text}"
    return text, first.path


class MissingGlyphsError(PublicationError):
    """The fonts cannot draw characters of the text: the build stops, the proof draws a draft to show where."""

    def __init__(self, missing: list[MissingGlyph]) -> None:
        text, path = message(missing)
        super().__init__(text, path, _first_line(path, missing[0].char))
        self.missing = missing


def _first_line(path: Path | None, char: str) -> int | None:
    """The number of the first line of the file at ``path`` that holds ``char``, if it is there."""
    try:
        source = path.read_text(encoding="utf-8") if path is not None else ""
    except (OSError, UnicodeDecodeError):
        return None
    index = source.find(char)
    return source.count("\n", 0, index) + 1 if index >= 0 else None


def check_glyphs(publication: Publication, fonts: Path | Sequence[Face]) -> None:
    """Raise a :class:`PublicationError` if ``fonts`` (faces, or a style sheet's) cannot draw the text."""
    faces = font_faces(fonts) if isinstance(fonts, Path) else list(fonts)
    if not faces:
        where = fonts if isinstance(fonts, Path) else None
        raise PublicationError("no @font-face rules: the PDF would be set in machine fonts", where)
    missing = missing_glyphs(publication, faces)
    if missing:
        raise MissingGlyphsError(missing)
