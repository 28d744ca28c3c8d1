"""The publication model: what the reader builds once and every writer consumes.

Content is kept as lxml HTML elements. Two pieces of markup are the model's own
and must be rendered by each writer:

* ``<publisher-noteref note="ID"/>`` stands where a note is called;
* links whose ``href`` is ``#anchor`` point into the publication; use
  :meth:`Publication.part_of` to find which part holds the anchor;
* every block carries ``data-block="<part or note id>.<n>"``, a name that
  lets a writer relate one output's layout to another's text.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from lxml.html import HtmlElement

from .options import Options
from .typography import Report

NOTEREF_TAG = "publisher-noteref"


class Role(StrEnum):
    """What a part is in the publication; writers lay the roles out differently."""

    ARTICLE = "article"
    SIDEBAR = "sidebar"


@dataclass(frozen=True)
class Author:
    name: str
    file_as: str
    role: str = "aut"  # MARC relator code, as EPUB expects


@dataclass(frozen=True)
class Metadata:
    title: str
    language: str
    date: datetime.date
    authors: tuple[Author, ...]
    short_title: str = ""  # for running heads; the title where not given
    subtitle: str = ""
    publisher: str = ""
    rights: str = ""
    description: str = ""
    subjects: tuple[str, ...] = ()
    isbn: str = ""
    photo_credit: str = ""
    responsible: str = ""  # "V.i.S.d.P.": the person legally responsible for the content
    slug: str = ""
    cover_image: Path | None = None  # a JPEG or PNG inside the publication folder

    @property
    def primary_language(self) -> str:
        """The language without its region or script, in lower case: ``de-CH`` → ``de``."""
        return self.language.replace("_", "-").split("-")[0].lower()

    @property
    def german_press_law(self) -> bool:
        """Whether the publication is German (``de``, ``de-DE``), where the press law asks for a V.i.S.d.P.

        The language stands in for the place of publication, which the metadata does not record.
        """
        region = self.language.replace("_", "-").split("-")[1:2]
        return self.primary_language == "de" and [code.upper() for code in region] in ([], ["DE"])


@dataclass
class Note:
    id: str
    number: int
    content: HtmlElement  # a <div> holding the note's paragraphs


@dataclass
class Part:
    id: str
    role: Role
    source: Path
    title: str
    body: HtmlElement  # a <section> holding the part's blocks
    notes: list[Note] = field(default_factory=list)
    typography: Report = field(default_factory=Report)  # what the typography transform did here

    def elements(self) -> Iterator[HtmlElement]:
        """Every element of the part's text and of its notes (which the reader took out of the text)."""
        for content in (self.body, *(note.content for note in self.notes)):
            yield from (element for element in content.iter() if isinstance(element.tag, str))

    def headings(self) -> list[HtmlElement]:
        """The part's headings, in document order."""
        return [el for el in self.body.iter("h1", "h2", "h3", "h4", "h5", "h6")]


@dataclass
class Publication:
    root: Path
    metadata: Metadata
    parts: list[Part]
    options: Options = field(default_factory=Options)

    def part_of(self, anchor: str) -> Part | None:
        """The part whose content carries ``id=anchor``, if any."""
        for part in self.parts:
            if part.id == anchor or any(element.get("id") == anchor for element in part.elements()):
                return part
        return None

    @property
    def notes(self) -> list[Note]:
        return [note for part in self.parts for note in part.notes]
