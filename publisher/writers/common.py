"""Pieces every writer needs: copying model content and rendering its own markup."""

from __future__ import annotations

import copy
import datetime
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from lxml.html import HtmlElement
from lxml.html import builder as E

from ..model import NOTEREF_TAG, Note, Part, Publication

# A fixed UUID namespace: the same publication always gets the same identifier.
IDENTIFIER_NAMESPACE = uuid.UUID("5f2b0c8e-3a43-4c1e-9d7a-6f1f4f6b2a10")

# Labels that appear inside a publication follow its language.
LABELS = {
    "de": {
        "contents": "Inhalt",
        "notes": "Anmerkungen",
        "imprint": "Impressum",
        "cover": "Titelseite",
        "landmarks": "Orientierungspunkte",
        "pages": "Seitenliste",
        "by": "Von",
        "back": "zurück zum Text",
        "note": "Anmerkung",
        "sidebar": "Kasten",
        "page": "S.",
        "see": "siehe",
        "print_edition": "Druckausgabe",
        "text": "Text",
        "publisher": "Herausgeber",
        "date": "Datum",
        "rights": "Rechte",
        "responsible": "V.i.S.d.P.",
        "photo": "Bildnachweis",
    },
    "en": {
        "contents": "Contents",
        "notes": "Notes",
        "imprint": "Imprint",
        "cover": "Cover",
        "landmarks": "Landmarks",
        "pages": "Pages",
        "by": "By",
        "back": "back to text",
        "note": "Note",
        "sidebar": "Sidebar",
        "page": "p.",
        "see": "see",
        "print_edition": "print edition",
        "text": "Text",
        "publisher": "Publisher",
        "date": "Date",
        "rights": "Rights",
        "responsible": "Responsible for content",
        "photo": "Photo credit",
    },
    "fr": {
        "contents": "Table des matières",
        "notes": "Notes",
        "imprint": "Mentions légales",
        "cover": "Couverture",
        "landmarks": "Repères",
        "pages": "Liste des pages",
        "by": "Par",
        "back": "retour au texte",
        "note": "Note",
        "sidebar": "Encadré",
        "page": "p.",
        "see": "voir",
        "print_edition": "édition imprimée",
        "text": "Texte",
        "publisher": "Éditeur",
        "date": "Date",
        "rights": "Droits",
        "responsible": "Directeur de la publication",
        "photo": "Crédit photo",
    },
}


def labels(language: str) -> dict[str, str]:
    """Labels for a language tag; English where the language has none of its own."""
    return LABELS.get(language.split("-")[0].lower(), LABELS["en"])


MONTHS = {
    "de": (
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
}


def format_date(publication: Publication) -> str:
    """The publication date as readers of its language write it (14.\u00a0Januar 2022, 14 January 2022)."""
    date = publication.metadata.date
    language = publication.metadata.language.replace("_", "-").lower()
    primary = publication.metadata.primary_language
    if primary == "de":
        return f"{date.day}.\u00a0{MONTHS['de'][date.month - 1]} {date.year}"
    if primary == "en" and language.startswith("en-us"):
        return f"{MONTHS['en'][date.month - 1]} {date.day}, {date.year}"
    if primary in MONTHS:
        day = "1er" if primary == "fr" and date.day == 1 else str(date.day)
        return f"{day}\u00a0{MONTHS[primary][date.month - 1]} {date.year}"
    return date.isoformat()


def imprint_rows(publication: Publication) -> list[tuple[str, str]]:
    """(label, value) pairs for the imprint, leaving out what the publication does not give."""
    meta = publication.metadata
    text = labels(meta.language)
    rows = [
        (text["text"], ", ".join(author.name for author in meta.authors)),
        (text["publisher"], meta.publisher),
        (text["date"], format_date(publication)),
        (text["rights"], meta.rights),
        (text["responsible"], meta.responsible),
        # A photo credit belongs to a photo: printed once the publication has a cover image.
        (text["photo"], meta.photo_credit if meta.cover_image is not None else ""),
        ("ISBN", meta.isbn),
    ]
    return [(label, value) for label, value in rows if value]


def imprint_entries(publication: Publication) -> list[HtmlElement]:
    """The imprint as "Label: value" paragraphs, one a line, as imprints are set.

    French sets a no-break space before the colon ("Texte : …"), as the typography does in the text.
    """
    colon = "\u00a0:" if publication.metadata.primary_language == "fr" else ":"
    return [E.P(E.SPAN(E.CLASS("label"), f"{label}{colon}"), f" {value}") for label, value in imprint_rows(publication)]


@dataclass(frozen=True)
class ContentsEntry:
    """A line of the table of contents: a part's title, or a section (``<h2>``) of it, and its anchor."""

    title: str
    part: Part
    anchor: str | None  # the section's id; None for the part itself
    sections: tuple[ContentsEntry, ...] = ()


def contents(publication: Publication) -> list[ContentsEntry]:
    """The table of contents (parts and their sections), the same in the EPUB's navigation and the PDF."""
    entries = []
    for part in publication.parts:
        sections = tuple(
            ContentsEntry(heading.text_content(), part, heading.get("id"))
            for heading in part.body.iter("h2")
            if heading.get("id")
        )
        entries.append(ContentsEntry(part.title, part, None, sections))
    return entries


def render_part(
    publication: Publication,
    part: Part,
    *,
    noteref: Callable[[Note], HtmlElement],
    internal_href: Callable[[Part, str], str],
) -> HtmlElement:
    """A copy of the part's body with note calls and cross-references made concrete."""
    body = copy.deepcopy(part.body)
    notes = {note.id: note for note in publication.notes}
    resolve_cross_references(body, publication, internal_href)
    for call in list(body.iter(NOTEREF_TAG)):
        replacement = noteref(notes[call.get("note")])
        replacement.tail = call.tail
        call.getparent().replace(call, replacement)
    return body


def resolve_cross_references(
    content: HtmlElement, publication: Publication, internal_href: Callable[[Part, str], str]
) -> None:
    """Point every ``#anchor`` link in ``content`` where the output keeps that anchor."""
    for link in content.iter("a"):
        href = link.get("href", "")
        if href.startswith("#"):
            target = publication.part_of(href[1:])
            assert target is not None  # the reader rejects broken cross-references
            link.set("href", internal_href(target, href[1:]))
            link.set("class", " ".join(filter(None, [link.get("class"), "xref"])))


def note_content(note: Note) -> HtmlElement:
    """A copy of a note's content, safe to place in an output tree."""
    return copy.deepcopy(note.content)


def build_time(publication: Publication) -> datetime.datetime:
    """The time stamped into outputs: ``SOURCE_DATE_EPOCH`` if set, else the publication date.

    Never the clock, so that the same inputs give the same bytes.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
    date = publication.metadata.date
    return datetime.datetime(date.year, date.month, date.day, tzinfo=datetime.UTC)


def identifier(publication: Publication) -> str:
    """ISBN when the publication has one, else a UUID derived from its title, authors and date."""
    meta = publication.metadata
    if meta.isbn:
        return f"urn:isbn:{meta.isbn}"
    key = "\n".join([meta.title, *(author.name for author in meta.authors), meta.date.isoformat()])
    return f"urn:uuid:{uuid.uuid5(IDENTIFIER_NAMESPACE, key)}"
