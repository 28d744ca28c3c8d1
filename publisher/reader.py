"""Read a publication folder into the model: Markdown is parsed here and nowhere else."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import markdown
from lxml import html as lxml_html
from lxml.html import HtmlElement

from . import extensions as block_extensions
from . import sanitize, typography
from .config import Config, PartSpec, load_config, slugify
from .errors import PublicationError, line_of
from .model import NOTEREF_TAG, Note, Part, Publication

log = logging.getLogger("publisher")

# C0/C1 control characters other than tab and newline never belong in a manuscript.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_FOOTNOTE_CALL = re.compile(r"\[\^([^\]\s]+)\]")
_FOOTNOTE_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:", re.MULTILINE)


def read_publication(source: Path) -> Publication:
    """Load ``publication.toml`` and every part it lists into one model."""
    config = load_config(source)
    parts: list[Part] = []
    note_count = 0
    for spec in config.parts:
        part = _read_part(spec, config, first_note=note_count + 1)
        note_count += len(part.notes)
        parts.append(part)
    publication = Publication(root=config.root, metadata=config.metadata, parts=parts, options=config.options)
    _check_ids(publication)
    _check_cross_references(publication)
    return publication


def _markdown_converter(
    config: Config, source: Path
) -> tuple[markdown.Markdown, typography.TypographyExtension | None]:
    """A Markdown parser with the publication's typography, and that extension (for its report)."""
    options = config.options["typography"]
    extensions: list[markdown.extensions.Extension | str] = [
        "footnotes",
        "attr_list",
        "sane_lists",
        "tables",
        "fenced_code",
        "def_list",
        "abbr",
        *block_extensions.extensions(),
    ]
    extension = None
    # Gender forms are protected in any case: they are words, whatever else is switched off.
    extensions.append(typography.GenderExtension())
    if options.get("enabled", True):
        extension = typography.TypographyExtension(quotes=options.get("quotes", "german"), source=source.name)
        extensions.append(extension)
    converter = markdown.Markdown(
        extensions=extensions, extension_configs={"footnotes": {"UNIQUE_IDS": False}}, output_format="html"
    )
    return converter, extension


def read_text(path: Path) -> str:
    """A part's text with a BOM, CRLF line ends and control characters taken out."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise PublicationError(f"not UTF-8 (byte {error.start}); save the file as UTF-8", path, line) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned = _CONTROL.sub("", text)
    if cleaned != text:
        log.warning("%s: removed %d control character(s)", path, len(text) - len(cleaned))
    return cleaned


def _read_part(spec: PartSpec, config: Config, first_note: int) -> Part:
    text = read_text(spec.path)
    _check_footnote_definitions(text, spec.path)
    converter, typesetter = _markdown_converter(config, spec.path)
    html = converter.convert(text)
    body = lxml_html.fragment_fromstring(html or "", create_parent="section")
    # The section carries the part's id unless the author gave it to an element
    # already (# Title {#elite} in elite.md), which then serves as the part's anchor.
    if not body.xpath(".//*[@id=$id]", id=spec.id):
        body.set("id", spec.id)

    undefined = _undefined_footnote_call(body)
    if undefined is not None:
        raise PublicationError(f"footnote [^{undefined}] is not defined", spec.path, line_of(text, f"[^{undefined}]"))
    sanitize.clean(body, spec.path)
    sanitize.check_references(body, spec.path, config.root, text)
    notes = _extract_notes(body, first_note)
    _name_headings(body, spec.id)
    _number_blocks(body, spec.id)
    for note in notes:
        _number_blocks(note.content, note.id)
    headings = body.xpath(".//h1|.//h2|.//h3")
    title = headings[0].text_content().strip() if headings else spec.path.stem
    if not headings:
        log.warning("%s: no heading; the part is titled %r in tables of contents", spec.path, title)
    return Part(
        id=spec.id,
        role=spec.role,
        source=spec.path,
        title=title,
        body=body,
        notes=notes,
        typography=typesetter.report if typesetter else typography.Report(),
    )


def _check_footnote_definitions(text: str, path: Path) -> None:
    seen: set[str] = set()
    for match in _FOOTNOTE_DEFINITION.finditer(text):
        label = match.group(1)
        if label in seen:
            line = text.count("\n", 0, match.start()) + 1
            raise PublicationError(f"footnote [^{label}] is defined twice", path, line)
        seen.add(label)
    calls = {m.group(1) for m in _FOOTNOTE_CALL.finditer(_FOOTNOTE_DEFINITION.sub("", text))}
    for label in sorted(seen - calls):
        log.warning("%s:%s: footnote [^%s] is defined but never called", path, line_of(text, f"[^{label}]:"), label)


def _undefined_footnote_call(body: HtmlElement) -> str | None:
    """Python-Markdown leaves a call without a definition as literal text; find it."""
    for node in body.iter():
        if node.tag in ("code", "pre"):
            continue
        for chunk in (node.text, node.tail):
            match = _FOOTNOTE_CALL.search(chunk or "")
            if match:
                return match.group(1)
    return None


def _extract_notes(body: HtmlElement, first_number: int) -> list[Note]:
    """Move Python-Markdown's footnote list into the model, numbered across the publication."""
    container = body.find_class("footnote")
    definitions: dict[str, HtmlElement] = {}
    for div in container:
        for item in div.xpath(".//li[starts-with(@id, 'fn:')]"):
            definitions[item.get("id")[3:]] = item
        div.drop_tree()

    notes: list[Note] = []
    numbers: dict[str, Note] = {}
    for call in body.xpath(".//sup[a[contains(concat(' ', @class, ' '), ' footnote-ref ')]]"):
        label = call[0].get("href", "")[len("#fn:") :]
        note = numbers.get(label)
        if note is None:
            number = first_number + len(notes)
            content = lxml_html.Element("div")
            item = definitions[label]
            for backref in item.find_class("footnote-backref"):
                _drop_keep_tail(backref)
            content.text = item.text
            content.extend(list(item))
            note = Note(id=f"note-{number}", number=number, content=content)
            numbers[label] = note
            notes.append(note)
        ref = lxml_html.Element(NOTEREF_TAG, note=note.id)
        ref.tail = call.tail
        call.getparent().replace(call, ref)
    return notes


def _drop_keep_tail(element: HtmlElement) -> None:
    """Remove an element (and the no-break space Python-Markdown puts before it)."""
    previous = element.getprevious()
    parent = element.getparent()
    if previous is not None:
        previous.tail = (previous.tail or "").rstrip("\xa0") + (element.tail or "")
    else:
        parent.text = (parent.text or "").rstrip("\xa0") + (element.tail or "")
    parent.remove(element)


def _name_headings(body: HtmlElement, part_id: str) -> None:
    """Give every heading an id, so tables of contents and bookmarks can point at it."""
    for heading in body.xpath(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6"):
        if not heading.get("id"):
            heading.set("id", f"{part_id}-{slugify(heading.text_content(), 40)}")


BLOCK_TAGS = ("p", "li", "dt", "dd", "blockquote", "pre", "td", "th", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6")


def _number_blocks(content: HtmlElement, prefix: str) -> None:
    """Give every block a stable name (data-block="artikel.12") that survives into every writer.

    The PDF writer traces lines of its layout back to paragraphs with it, and
    the EPUB writer finds where each printed page begins.
    """
    for number, block in enumerate(content.iter(*BLOCK_TAGS)):
        block.set("data-block", f"{prefix}.{number}")


def _check_ids(publication: Publication) -> None:
    seen: dict[str, Path] = {}
    for part in publication.parts:
        for element in part.body.iter():
            element_id = element.get("id") if isinstance(element.tag, str) else None
            if not element_id:
                continue
            if element_id in seen:
                raise PublicationError(
                    f"id {element_id!r} is used twice (also in {seen[element_id].name})", part.source
                )
            seen[element_id] = part.source


def _check_cross_references(publication: Publication) -> None:
    for part in publication.parts:
        for link in part.body.iter("a"):
            href = link.get("href", "")
            if href.startswith("#") and publication.part_of(href[1:]) is None:
                text = read_text(part.source)
                raise PublicationError(
                    f"cross-reference {href} points to no heading or part", part.source, line_of(text, f"({href})")
                )
