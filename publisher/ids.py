"""Element ids across a publication: hand-written ones checked, generated ones unique by construction.

All parts end up in one PDF document, so an id must be unique in the whole
publication, and a valid XML name for the EPUB's XHTML. A heading without an
id gets ``<part id>-<slug of its text>``; a repeated one ``-1``, ``-2``, … as
in Pandoc, so neither repetition nor shortening can make two collide.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from lxml.html import HtmlElement

from .errors import Problems, PublicationError, location
from .model import Part
from .names import slugify

log = logging.getLogger("publisher")

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
SLUG_LENGTH = 40
# An XML name without a colon, as the EPUB's XHTML requires of an id.
VALID_ID = re.compile(r"[^\W\d][\w.-]*")
# Ids the writers give their own elements (notes, note calls, EPUB page markers).
RESERVED_ID = re.compile(r"(?:ref-)?note-\d+|page-\d+")


@dataclass(frozen=True)
class _Occurrence:
    line: int | None
    raw_html: bool  # written as raw HTML (<div id="x">) rather than as {#x}


def name_headings_and_check(parts: list[Part], texts: dict[str, str], problems: Problems) -> None:
    """Check every id in the publication's parts, then give each heading without one a unique id."""
    seen: dict[str, str] = {}  # id -> where it was first used, for messages
    for part in parts:
        occurrences = _occurrences(texts.get(part.id, ""))
        counts: dict[str, int] = {}
        for element in part.elements():
            element_id = element.get("id")
            if not element_id:
                continue
            index = counts.get(element_id, 0)
            counts[element_id] = index + 1
            found = occurrences.get(element_id, [])
            occurrence = found[index] if index < len(found) else _Occurrence(None, raw_html=False)
            problem = _problem(element_id, element is part.body, seen)
            if problem is None:
                seen[element_id] = location(part.source, occurrence.line)
            elif occurrence.raw_html:
                log.warning(
                    "%s: raw HTML id %r %s: the id is dropped",
                    location(part.source, occurrence.line),
                    element_id,
                    problem,
                )
                del element.attrib["id"]
            else:
                problems.add(PublicationError(f"id {element_id!r} {problem}", part.source, occurrence.line))
    taken = set(seen)
    for part in parts:
        for heading in part.body.iter(*HEADINGS):
            if not heading.get("id"):
                heading.set("id", _unique(f"{part.id}-{_slug(heading)}", taken))


def _problem(element_id: str, is_part: bool, seen: dict[str, str]) -> str | None:
    if element_id in seen:
        return f"is used twice (first at {seen[element_id]})"
    if not VALID_ID.fullmatch(element_id):
        return "is not a valid id: it must start with a letter and hold only letters, digits, '-', '_' and '.'"
    if RESERVED_ID.fullmatch(element_id) and not is_part:
        return "is reserved for the outputs' notes and page markers; choose another"
    return None


def _slug(heading: HtmlElement) -> str:
    return slugify(heading.text_content(), SLUG_LENGTH, fallback="section")


def _unique(base: str, taken: set[str]) -> str:
    candidate, count = base, 0
    while candidate in taken:  # ends: each turn tries a new number, and taken is finite
        count += 1
        candidate = f"{base}-{count}"
    taken.add(candidate)
    return candidate


_ATTRIBUTE_LIST = re.compile(r"\{:?[^}\n]*?#([^\s}]+)[^}\n]*\}")
_RAW_ID = re.compile(r"""<[A-Za-z][^>]*?\bid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.DOTALL)


def _occurrences(text: str) -> dict[str, list[_Occurrence]]:
    """Where each id is written in a part's source, in order, and how."""
    found: list[tuple[int, str, bool]] = []
    for match in _ATTRIBUTE_LIST.finditer(text):
        found.append((match.start(), match.group(1), False))
    for match in _RAW_ID.finditer(text):
        value = next(group for group in match.groups() if group is not None)
        found.append((match.start(), value, True))
    occurrences: dict[str, list[_Occurrence]] = {}
    for start, value, raw in sorted(found):
        occurrences.setdefault(value, []).append(_Occurrence(text.count("\n", 0, start) + 1, raw))
    return occurrences
