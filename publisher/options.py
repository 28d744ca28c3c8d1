"""The option tables of publication.toml, typed, with every default in one place.

Each table is a frozen dataclass: its fields are the keys a user may write,
their types and defaults. :func:`parse_options` checks a publication's tables
against them and reports the first wrong value with the table and key.
"""

from __future__ import annotations

import dataclasses
import logging
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import PublicationError

log = logging.getLogger("publisher")


def _choices(*values: str) -> dict[str, tuple[str, ...]]:
    return {"choices": values}


def _quote_styles() -> dict[str, tuple[str, ...]]:
    from .typography import quote_styles  # the typography's own list: no second one to keep in step

    return {"choices": tuple(quote_styles())}


@dataclass(frozen=True)
class TypographyOptions:
    enabled: bool = True
    quotes: str | None = field(default=None, metadata=_quote_styles())  # None: the language's own style


@dataclass(frozen=True)
class HyphenationOptions:
    enabled: bool = True
    left: int | None = field(default=None, metadata={"range": (1, 10)})  # None: the language's own minimum
    right: int | None = field(default=None, metadata={"range": (1, 10)})
    min_word: int = field(default=5, metadata={"range": (1, 10)})  # shorter words are never hyphenated
    exceptions: tuple[str, ...] = ()  # words with their breaks given: "Ur-in-stinkt"
    never: tuple[str, ...] = ()  # words never to hyphenate


@dataclass(frozen=True)
class EpubOptions:
    # "reader": the reading system hyphenates (CSS hyphens: auto); "soft-hyphens": ours, as in the PDF.
    hyphenation: str = field(default="reader", metadata=_choices("reader", "soft-hyphens"))


@dataclass(frozen=True)
class PdfOptions:
    crop_marks: bool = False  # crop marks and a wider bleed on the print edition
    # "total-fit": publisher's own paragraph-wide line breaker (layout/linebreak); "first-fit": WeasyPrint's.
    line_breaking: str = field(default="total-fit", metadata=_choices("total-fit", "first-fit"))


@dataclass(frozen=True)
class DesignOptions:
    # A contents page in the PDF editions: "auto" where there are two or more chapters, or sections to
    # list in a text estimated at more than toc_pages pages (before the layout); true, false: always, never.
    toc: str | bool = field(default="auto", metadata={"choices": ("auto",), "expected": "'auto', true or false"})
    toc_pages: int = field(default=32, metadata={"range": (1, 10000)})
    # "pamphlet": covers, an imprint page, parts on pages of their own; "flyer": no covers, the parts one
    # after another on one or two pages, the imprint lines at the foot of the last.
    layout: str = field(default="pamphlet", metadata=_choices("pamphlet", "flyer"))
    # The trim size: "A5", "A6", "A4", "letter", "DL" or "WIDTHxHEIGHTmm" (design.py), with margins in mm
    # (top, outer, bottom, inner) and the running text's size in pt; None: what suits the format.
    page: str = "A5"
    margins: tuple[float, ...] | None = field(default=None, metadata={"numbers": 4, "range": (0, 100)})
    base_size: float | None = field(default=None, metadata={"range": (6, 16)})
    # The booklet: two pages side by side on a sheet, or that side twice, one above the other, for cutting.
    booklet: str = field(default="two-up", metadata=_choices("two-up", "four-up"))
    # House colours by role (writers/pdf/design.py): "#rrggbb" or "device-cmyk(c m y k)".
    colors: dict[str, str] = field(default_factory=dict)
    # The font of each role (fonts.py): a bundled family or a table of OFL font files, checked there.
    fonts: dict[str, Any] = field(default_factory=dict, metadata={"values": "checked elsewhere"})
    css: tuple[str, ...] = ()  # the publication's own style sheets, after the defaults
    logo: str | None = None  # an SVG or PNG in the publication folder, on the covers
    # The cover image on the printed cover: across the whole page, in a box under the title, or not at all.
    cover_image: str = field(default="full", metadata=_choices("full", "boxed", "none"))


@dataclass(frozen=True)
class Options:
    typography: TypographyOptions = TypographyOptions()
    hyphenation: HyphenationOptions = HyphenationOptions()
    epub: EpubOptions = EpubOptions()
    pdf: PdfOptions = PdfOptions()
    design: DesignOptions = DesignOptions()


TABLES = tuple(f.name for f in dataclasses.fields(Options))


def parse_options(data: dict[str, Any], path: Path) -> Options:
    """The option tables of ``data`` (a parsed publication.toml at ``path``); unknown keys get a warning."""
    hints = typing.get_type_hints(Options)
    return Options(**{table: _table(table, hints[table], data.get(table, {}), path) for table in TABLES})


def _table(table: str, kind: type, value: Any, path: Path) -> Any:
    if not isinstance(value, dict):
        raise PublicationError(f"[{table}] must be a table", path)
    fields = {f.name: f for f in dataclasses.fields(kind)}
    hints = typing.get_type_hints(kind)
    given = {}
    for key, item in value.items():
        if key not in fields:
            log.warning("%s: [%s]: unknown key %r is ignored", path, table, key)
            continue
        given[key] = _value(table, key, item, hints[key], fields[key].metadata, path)
    return kind(**given)


def _value(table: str, key: str, item: Any, hint: Any, metadata: Any, path: Path) -> Any:
    """``item`` checked against the field's type and metadata (choices, range), as the field stores it."""
    kinds = [k for k in typing.get_args(hint) if k is not type(None)] if isinstance(hint, types.UnionType) else [hint]
    kind = typing.get_origin(kinds[0]) or kinds[0]
    expected = metadata.get("expected")
    if bool in kinds[1:] and isinstance(item, bool):  # a choice of words or true/false ("auto", true, false)
        return item
    if expected is not None and (not isinstance(item, kind) or item not in metadata.get("choices", (item,))):
        raise PublicationError(f"[{table}] {key} must be {expected}, not {item!r}", path)
    if kind is tuple and "numbers" in metadata:
        count = metadata["numbers"]
        low, high = metadata["range"]
        if (
            not isinstance(item, list)
            or len(item) != count
            or not all(isinstance(entry, int | float) and not isinstance(entry, bool) for entry in item)
            or not all(low <= entry <= high for entry in item)
        ):
            raise PublicationError(f"[{table}] {key} must be a list of {count} numbers between {low} and {high}", path)
        return tuple(float(entry) for entry in item)
    if kind is dict:
        if not isinstance(item, dict):
            raise PublicationError(f"[{table}] {key} must be a table", path)
        if "values" not in metadata and not all(isinstance(entry, str) for entry in item.values()):
            raise PublicationError(f"[{table}] {key} must be a table of strings", path)
        return dict(item)
    if kind is float and isinstance(item, int) and not isinstance(item, bool):
        item = float(item)
    if kind is tuple:
        if not isinstance(item, list) or not all(isinstance(entry, str) for entry in item):
            raise PublicationError(f"[{table}] {key} must be a list of strings", path)
        return tuple(item)
    if not isinstance(item, kind) or (kind is int and isinstance(item, bool)):
        raise PublicationError(f"[{table}] {key} must be a {kind.__name__}", path)
    allowed = metadata.get("choices")
    if allowed is not None and item not in allowed:
        choices = ", ".join(repr(choice) for choice in allowed)
        raise PublicationError(f"[{table}] {key} must be one of {choices}, not {item!r}", path)
    low, high = metadata.get("range", (None, None))
    if low is not None and not low <= item <= high:
        raise PublicationError(f"[{table}] {key} must be between {low} and {high}", path)
    return item
