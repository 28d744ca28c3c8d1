"""Read and validate ``publication.toml``: the contract between an author and the tool."""

from __future__ import annotations

import dataclasses
import datetime
import logging
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import PublicationError
from .model import Author, Metadata, Role
from .names import slugify

CONFIG_NAME = "publication.toml"
log = logging.getLogger("publisher")

_TOP_LEVEL_KEYS = {
    "title",
    "short_title",
    "subtitle",
    "language",
    "date",
    "authors",
    "publisher",
    "rights",
    "description",
    "subjects",
    "isbn",
    "photo_credit",
    "responsible",
    "slug",
    "cover_image",
    "parts",
    "typography",
    "hyphenation",
    "epub",
    "pdf",
}
_PART_KEYS = {"file", "role", "id"}


@dataclass(frozen=True)
class PartSpec:
    """One ``[[parts]]`` entry: where a part's Markdown lives and what it is."""

    path: Path
    role: Role
    id: str


@dataclass(frozen=True)
class Config:
    root: Path
    metadata: Metadata
    parts: tuple[PartSpec, ...]
    options: dict[str, dict[str, Any]]


def load_config(source: Path) -> Config:
    """Parse ``SOURCE/publication.toml`` and check every key a build relies on."""
    root = source.resolve()
    path = root / CONFIG_NAME
    if not root.is_dir():
        raise PublicationError("not a folder", source)
    if not path.is_file():
        raise PublicationError(f"no {CONFIG_NAME}: a publication folder needs one", source)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PublicationError(f"not UTF-8 (byte {error.start})", path) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # Python 3.11's TOMLDecodeError has no lineno; its message ends "(at line 3, column 7)".
        found = re.search(r"\(at line (\d+), column \d+\)", str(error))
        line = int(found.group(1)) if found else None
        message = str(error).split(" (at line")[0].split(" (at end of document")[0]
        raise PublicationError(f"malformed TOML: {message}", path, line) from None

    for key in sorted(set(data) - _TOP_LEVEL_KEYS):
        log.warning("%s: unknown key %r is ignored", path, key)

    metadata = _metadata(data, path)
    cover = _string(data, "cover_image", path)
    if cover:
        cover_path = _inside(root, cover, path, "cover_image")
        if not cover_path.is_file() or cover_path.suffix.lower() not in (".jpg", ".jpeg", ".png"):
            raise PublicationError(f"cover_image: {cover!r} must be a JPEG or PNG file in the publication", path)
        metadata = dataclasses.replace(metadata, cover_image=cover_path)
    parts = _parts(data, root, path)
    options = _options(data, path)
    return Config(root=root, metadata=metadata, parts=parts, options=options)


# Each option table's keys: the type a value must have, and the values allowed (None: any).
_OPTIONS: dict[str, dict[str, tuple[type, tuple[object, ...] | None]]] = {
    "typography": {"enabled": (bool, None), "quotes": (str, ("german", "guillemets", "swiss"))},
    "hyphenation": {
        "enabled": (bool, None),
        "left": (int, None),
        "right": (int, None),
        "min_word": (int, None),
        "exceptions": (list, None),
        "never": (list, None),
    },
    "epub": {"hyphenation": (str, ("reader", "soft-hyphens"))},
    "pdf": {"crop_marks": (bool, None)},
}


def _options(data: dict[str, Any], path: Path) -> dict[str, dict[str, Any]]:
    options: dict[str, dict[str, Any]] = {}
    for table, schema in _OPTIONS.items():
        value = data.get(table, {})
        if not isinstance(value, dict):
            raise PublicationError(f"[{table}] must be a table", path)
        for key, item in value.items():
            if key not in schema:
                log.warning("%s: [%s]: unknown key %r is ignored", path, table, key)
                continue
            kind, allowed = schema[key]
            if not isinstance(item, kind) or (kind is int and isinstance(item, bool)):
                raise PublicationError(f"[{table}] {key} must be a {kind.__name__}", path)
            if allowed is not None and item not in allowed:
                choices = ", ".join(repr(choice) for choice in allowed)
                raise PublicationError(f"[{table}] {key} must be one of {choices}, not {item!r}", path)
            if kind is list and not all(isinstance(entry, str) for entry in item):
                raise PublicationError(f"[{table}] {key} must be a list of strings", path)
            if kind is int and not 1 <= item <= 10:
                raise PublicationError(f"[{table}] {key} must be between 1 and 10", path)
        options[table] = value
    return options


def _string(data: dict[str, Any], key: str, path: Path, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None:
        if required:
            raise PublicationError(f"missing required key {key!r}", path)
        return ""
    if not isinstance(value, str):
        raise PublicationError(f"{key!r} must be a string", path)
    value = value.strip()
    if required and not value:
        raise PublicationError(f"{key!r} must not be empty", path)
    return value


def _metadata(data: dict[str, Any], path: Path) -> Metadata:
    title = _string(data, "title", path, required=True)
    language = _string(data, "language", path) or "de"
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", language):
        raise PublicationError(f"'language' must be a language tag such as \"de\", not {language!r}", path)
    date = data.get("date")
    if date is None:
        raise PublicationError("missing required key 'date' (for example date = 2024-05-01)", path)
    if isinstance(date, datetime.datetime):
        date = date.date()
    if not isinstance(date, datetime.date):
        raise PublicationError("'date' must be a TOML date such as 2024-05-01, without quotes", path)
    return Metadata(
        title=title,
        short_title=_string(data, "short_title", path) or title,
        subtitle=_string(data, "subtitle", path),
        language=language,
        date=date,
        authors=_authors(data.get("authors", []), path),
        publisher=_string(data, "publisher", path),
        rights=_string(data, "rights", path),
        description=_string(data, "description", path),
        subjects=tuple(_string_list(data, "subjects", path)),
        isbn=_isbn(_string(data, "isbn", path), path),
        photo_credit=_string(data, "photo_credit", path),
        responsible=_string(data, "responsible", path),
        slug=_string(data, "slug", path) or slugify(title),
    )


def _string_list(data: dict[str, Any], key: str, path: Path) -> list[str]:
    value = data.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise PublicationError(f"{key!r} must be a list of strings", path)
    return [item.strip() for item in value if item.strip()]


def _authors(value: Any, path: Path) -> tuple[Author, ...]:
    if isinstance(value, str | dict):
        value = [value]
    if not isinstance(value, list):
        raise PublicationError("'authors' must be a list of names or tables", path)
    authors = []
    for entry in value:
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise PublicationError("each entry of 'authors' needs a name", path)
        name = entry["name"].strip()
        file_as = entry.get("file_as") or _file_as(name)
        role = entry.get("role", "aut")
        if not isinstance(file_as, str) or not isinstance(role, str) or not re.fullmatch(r"[a-z]{3}", role):
            raise PublicationError(
                f"author {name!r}: 'file_as' must be a string, 'role' a MARC code like \"aut\"", path
            )
        authors.append(Author(name=name, file_as=file_as, role=role))
    return tuple(authors)


def _file_as(name: str) -> str:
    """ "Clare Doyle" → "Doyle, Clare": how catalogues sort a personal name."""
    words = name.split()
    if len(words) < 2:
        return name
    return f"{words[-1]}, {' '.join(words[:-1])}"


def _isbn(value: str, path: Path) -> str:
    if not value:
        return ""
    digits = re.sub(r"[\s-]", "", value)
    if not re.fullmatch(r"97[89]\d{10}", digits):
        raise PublicationError(f"'isbn' must be an ISBN-13, not {value!r}", path)
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits[:12]))
    if (10 - total % 10) % 10 != int(digits[12]):
        raise PublicationError(f"'isbn' {value!r} has a wrong check digit", path)
    return digits


def _parts(data: dict[str, Any], root: Path, path: Path) -> tuple[PartSpec, ...]:
    entries = data.get("parts")
    if not entries:
        raise PublicationError("no [[parts]]: list at least one Markdown file", path)
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise PublicationError("'parts' must be an array of tables ([[parts]])", path)
    roles = ", ".join(role.value for role in Role)
    specs: list[PartSpec] = []
    for number, entry in enumerate(entries, start=1):
        where = f"part {number}"
        for key in sorted(set(entry) - _PART_KEYS):
            log.warning("%s: %s: unknown key %r is ignored", path, where, key)
        file = entry.get("file")
        if not isinstance(file, str) or not file.strip():
            raise PublicationError(f"{where}: missing 'file'", path)
        part_path = _inside(root, file, path, where)
        if not part_path.is_file():
            raise PublicationError(f"{where}: part file not found: {file}", path)
        role_name = entry.get("role", "article")
        try:
            role = Role(role_name)
        except ValueError:
            raise PublicationError(f"{where}: unknown role {role_name!r} (known: {roles})", path) from None
        part_id = entry.get("id") or slugify(Path(file).stem, 40)
        if not isinstance(part_id, str) or not re.fullmatch(r"[A-Za-z][\w-]*", part_id):
            raise PublicationError(
                f"{where}: 'id' must start with a letter and hold only letters, digits, - and _", path
            )
        if any(spec.id == part_id for spec in specs):
            raise PublicationError(f"{where}: id {part_id!r} is used by another part", path)
        specs.append(PartSpec(path=part_path, role=role, id=part_id))
    return tuple(specs)


def _inside(root: Path, name: str, config: Path, where: str) -> Path:
    """Resolve a file named in the config, refusing anything outside the publication."""
    candidate = Path(name)
    if candidate.is_absolute() or "://" in name:
        raise PublicationError(f"{where}: {name!r} must be a path relative to the publication folder", config)
    resolved = (root / candidate).resolve()
    if not resolved.is_relative_to(root):
        raise PublicationError(f"{where}: {name!r} points outside the publication folder", config)
    return resolved
