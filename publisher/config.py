"""Read and validate ``publication.toml``: the contract between an author and the tool."""

from __future__ import annotations

import dataclasses
import datetime
import logging
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .design import check_design
from .errors import Problems, PublicationError
from .frontmatter import FrontMatter
from .model import Author, Metadata, Role
from .names import CONFIG_NAME, slugify
from .options import TABLES, Options, parse_options

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
    *TABLES,  # the option tables: [typography], [hyphenation], [epub], [pdf], [design]
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
    path: Path  # publication.toml
    data: dict[str, Any]  # its parsed contents
    parts: tuple[PartSpec, ...]
    options: Options

    @property
    def metadata(self) -> Metadata:
        """The metadata publication.toml gives on its own."""
        return self.metadata_with(())

    def metadata_with(self, front_matter: Iterable[FrontMatter]) -> Metadata:
        """The metadata, with what publication.toml leaves empty taken from the parts' front matter.

        publication.toml wins; among the parts, the first one (in reading order) that gives a key.
        """
        problems = Problems()
        metadata = None
        with problems.collect():
            metadata = _metadata(_Sources(self.data, self.path, tuple(front_matter)))
        cover = self.data.get("cover_image")
        if cover is not None:
            with problems.collect():
                metadata = _with_cover(metadata, cover, self.root, self.path)
        problems.raise_any()
        assert metadata is not None
        return metadata


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

    problems = Problems()
    parts: tuple[PartSpec, ...] = ()
    options = Options()
    with problems.collect():
        parts = _parts(data, root, path, text)
    with problems.collect():
        options = parse_options(data, path)
        check_design(options.design, root, path)
    with problems.collect():  # what front matter cannot mend, reported with the rest
        _metadata(_Sources(data, path, ()), complete=False)
    problems.raise_any()
    return Config(root=root, path=path, data=data, parts=parts, options=options)


def _with_cover(metadata: Metadata | None, cover: Any, root: Path, path: Path) -> Metadata | None:
    if not isinstance(cover, str):
        raise PublicationError("'cover_image' must be a string", path)
    if not cover.strip() or metadata is None:
        return metadata
    cover_path = _inside(root, cover.strip(), path, "cover_image")
    if not cover_path.is_file() or cover_path.suffix.lower() not in (".jpg", ".jpeg", ".png"):
        raise PublicationError(f"cover_image: {cover!r} must be a JPEG or PNG file in the publication", path)
    return dataclasses.replace(metadata, cover_image=cover_path)


@dataclass(frozen=True)
class _Sources:
    """Where each metadata key comes from: publication.toml, else the first front matter that has it."""

    data: dict[str, Any]
    path: Path
    front_matter: tuple[FrontMatter, ...]

    def get(self, key: str) -> tuple[Any, Path, int | None]:
        """The value of ``key`` (None when nobody gives it) and the file and line it stands in."""
        if key in self.data:
            return self.data[key], self.path, None
        for matter in self.front_matter:
            if key in matter.values:
                return matter.values[key], matter.path, matter.lines.get(key)
        return None, self.path, None


def _string(sources: _Sources, key: str, *, required: bool = False) -> str:
    value, path, line = sources.get(key)
    if value is None:
        if required:
            raise PublicationError(f"missing required key {key!r}", path, line)
        return ""
    if not isinstance(value, str):
        raise PublicationError(f"{key!r} must be a string", path, line)
    value = value.strip()
    if required and not value:
        raise PublicationError(f"{key!r} must not be empty", path, line)
    return value


def _metadata(sources: _Sources, *, complete: bool = True) -> Metadata | None:
    """The metadata; with ``complete`` False only checked, title and date not yet required."""
    problems = Problems()
    fields: dict[str, Any] = {}

    def field(name: str, compute: Callable[[], Any]) -> None:
        with problems.collect():
            fields[name] = compute()

    field("title", lambda: _string(sources, "title", required=complete))
    field("short_title", lambda: _string(sources, "short_title"))
    field("subtitle", lambda: _string(sources, "subtitle"))
    field("language", lambda: _language(sources))
    field("date", lambda: _date(sources) if complete or sources.get("date")[0] is not None else None)
    field("authors", lambda: _authors(sources))
    for name in ("publisher", "rights", "description", "photo_credit", "responsible", "slug"):
        field(name, lambda name=name: _string(sources, name))
    field("subjects", lambda: tuple(_string_list(sources, "subjects")))
    field("isbn", lambda: _isbn(_string(sources, "isbn"), sources.path))
    problems.raise_any()
    if not complete:
        return None
    fields["short_title"] = fields["short_title"] or fields["title"]
    fields["slug"] = fields["slug"] or slugify(fields["title"])
    return Metadata(**fields)


def _language(sources: _Sources) -> str:
    language = _string(sources, "language") or "de"
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", language):
        _value, path, line = sources.get("language")
        raise PublicationError(f"'language' must be a language tag such as \"de\", not {language!r}", path, line)
    return language


def _date(sources: _Sources) -> datetime.date:
    date, path, line = sources.get("date")
    if date is None:
        raise PublicationError("missing required key 'date' (for example date = 2024-05-01)", path, line)
    if isinstance(date, str) and path != sources.path:
        # Front matter often quotes its dates ("2024-05-01", "2024-05-01T10:00:00+02:00").
        try:
            date = datetime.date.fromisoformat(date.strip()[:10])
        except ValueError:
            raise PublicationError(f"'date' must be a date such as 2024-05-01, not {date!r}", path, line) from None
    if isinstance(date, datetime.datetime):
        date = date.date()
    if not isinstance(date, datetime.date):
        raise PublicationError("'date' must be a TOML date such as 2024-05-01, without quotes", path, line)
    return date


def _string_list(sources: _Sources, key: str) -> list[str]:
    value, path, line = sources.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise PublicationError(f"{key!r} must be a list of strings", path, line)
    return [item.strip() for item in value if item.strip()]


def _authors(sources: _Sources) -> tuple[Author, ...]:
    value, path, line = sources.get("authors")
    if value is None:
        return ()
    if isinstance(value, str | dict):
        value = [value]
    if not isinstance(value, list):
        raise PublicationError("'authors' must be a list of names or tables", path, line)
    authors = []
    for entry in value:
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise PublicationError("each entry of 'authors' needs a name", path, line)
        name = entry["name"].strip()
        file_as = entry.get("file_as") or _file_as(name)
        role = entry.get("role", "aut")
        if not isinstance(file_as, str) or not isinstance(role, str) or not re.fullmatch(r"[a-z]{3}", role):
            raise PublicationError(
                f"author {name!r}: 'file_as' must be a string, 'role' a MARC code like \"aut\"", path, line
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


def _parts(data: dict[str, Any], root: Path, path: Path, text: str) -> tuple[PartSpec, ...]:
    entries = data.get("parts")
    if not entries:
        raise PublicationError("no [[parts]]: list at least one Markdown file", path)
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise PublicationError("'parts' must be an array of tables ([[parts]])", path)
    # The line of each [[parts]] header, for messages (None where the array is written inline).
    headers = [number for number, line in enumerate(text.splitlines(), start=1) if line.strip() == "[[parts]]"]
    lines: list[int | None] = headers if len(headers) == len(entries) else [None] * len(entries)
    problems = Problems()
    explicit: dict[str, int] = {}  # a hand-written id and the part number that has it
    for number, entry in enumerate(entries, start=1):
        part_id = entry.get("id")
        if part_id is None:
            continue
        line = lines[number - 1]
        if not isinstance(part_id, str) or not PART_ID.fullmatch(part_id):
            problems.add(
                PublicationError(
                    f"part {number}: 'id' {part_id!r} must start with a letter and hold only letters, digits, - and _",
                    path,
                    line,
                )
            )
        elif part_id in explicit:
            first = explicit[part_id]
            where = f" (line {lines[first - 1]})" if lines[first - 1] else ""
            problems.add(
                PublicationError(f"part {number}: id {part_id!r} is used by part {first}{where} too", path, line)
            )
        else:
            explicit[part_id] = number

    roles = ", ".join(role.value for role in Role)
    taken = set(explicit)
    specs: list[PartSpec] = []
    for number, entry in enumerate(entries, start=1):
        where, line = f"part {number}", lines[number - 1]
        for key in sorted(set(entry) - _PART_KEYS):
            log.warning("%s: %s: unknown key %r is ignored", path, where, key)
        file = entry.get("file")
        if not isinstance(file, str) or not file.strip():
            problems.add(PublicationError(f"{where}: missing 'file'", path, line))
            continue
        try:
            part_path = _inside(root, file, path, where)
        except PublicationError as error:
            problems.add(PublicationError(error.message, path, line))
            continue
        if not part_path.is_file():
            problems.add(PublicationError(f"{where}: part file not found: {file}", path, line))
        role_name = entry.get("role", "article")
        try:
            role = Role(role_name)
        except ValueError:
            problems.add(PublicationError(f"{where}: unknown role {role_name!r} (known: {roles})", path, line))
            continue
        part_id = entry.get("id")
        if not isinstance(part_id, str) or part_id not in explicit:
            part_id = default_part_id(file, taken)
            taken.add(part_id)
        specs.append(PartSpec(path=part_path, role=role, id=part_id))
    problems.raise_any()
    return tuple(specs)


PART_ID = re.compile(r"[A-Za-z][\w-]*", re.ASCII)


def default_part_id(file: str, taken: set[str]) -> str:
    """A valid, stable id for a part from its file name: ``01-vorwort.md`` → ``part-01-vorwort``.

    Ids must start with a letter (XML and CSS names); a name without one is
    prefixed, a name without any ASCII letter or digit becomes ``part``, and a
    name another part already has gets ``-2``, ``-3``, … in reading order.
    """
    slug = slugify(Path(file).stem, 40, fallback="part")
    if not slug[0].isalpha():
        slug = f"part-{slug}"
    candidate, count = slug, 1
    while candidate in taken:
        count += 1
        candidate = f"{slug}-{count}"
    return candidate


def _inside(root: Path, name: str, config: Path, where: str) -> Path:
    """Resolve a file named in the config, refusing anything outside the publication."""
    candidate = Path(name)
    if candidate.is_absolute() or "://" in name:
        raise PublicationError(f"{where}: {name!r} must be a path relative to the publication folder", config)
    resolved = (root / candidate).resolve()
    if not resolved.is_relative_to(root):
        raise PublicationError(f"{where}: {name!r} points outside the publication folder", config)
    return resolved
