"""Read a publication folder into the model: Markdown is parsed here and nowhere else."""

from __future__ import annotations

import dataclasses
import logging
import re
from pathlib import Path

import markdown
from lxml import html as lxml_html
from lxml.html import HtmlElement
from markdown.extensions.fenced_code import FencedBlockPreprocessor

from . import extensions as block_extensions
from . import hyphenation, ids, sanitize, typography
from .config import Config, PartSpec, load_config
from .elements import NAMED_BLOCKS
from .errors import Problems, PublicationError, line_of, location
from .frontmatter import FrontMatter, split_front_matter
from .model import NOTEREF_TAG, Metadata, Note, Part, Publication
from .options import TypographyOptions

log = logging.getLogger("publisher")

# C0/C1 control characters other than tab and newline never belong in a manuscript.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_FOOTNOTE_CALL = re.compile(r"\[\^([^\]\s]+)\]")
_FOOTNOTE_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:", re.MULTILINE)


# Elements nested deeper than this below a part are refused: WeasyPrint lays boxes out
# recursively, and at about 160 nested block quotes (or 95 nested lists, two elements
# a level) its layout exhausts Python's stack. 100 leaves room for the writers' own
# wrappers and for the costlier boxes (tables in lists).
MAX_DEPTH = 100


def read_publication(source: Path) -> Publication:
    """Load ``publication.toml`` and every part it lists into one model.

    Every problem found is collected, and the build stops after the whole
    publication has been read, so that one run names them all.
    """
    config = load_config(source)
    problems = Problems()
    sources: list[tuple[PartSpec, FrontMatter, str]] = []  # the parts that could be read
    for spec in config.parts:
        with problems.collect():
            sources.append((spec, *split_front_matter(read_text(spec.path), spec.path)))
    texts = {spec.id: text for spec, _matter, text in sources}
    metadata = None
    with problems.collect():
        metadata = config.metadata_with(matter for _spec, matter, _text in sources)
    language = metadata.language if metadata is not None else "de"
    _warn_if_unsupported(language, config)
    part_files = {spec.path: spec.id for spec in config.parts}
    parts: list[Part] = []
    note_count = 0
    for spec, matter, text in sources:
        with problems.collect():
            part = _read_part(spec, text, matter, config, language, part_files, problems, first_note=note_count + 1)
            note_count += len(part.notes)
            parts.append(part)
    ids.name_headings_and_check(parts, texts, problems)
    if len(parts) == len(config.parts):  # with a part missing, its anchors are unknown
        _check_cross_references(parts, texts, problems)
    problems.raise_any()
    assert metadata is not None  # else a problem was raised
    metadata = _typeset_metadata(metadata, config.options.typography)
    publication = Publication(root=config.root, metadata=metadata, parts=parts, options=config.options)
    for part in parts:
        _number_blocks(part.body, part.id)
        for note in part.notes:
            _number_blocks(note.content, note.id)
    return publication


def _warn_if_unsupported(language: str, config: Config) -> None:
    """One warning for what the publication's language lacks: typography rules, hyphenation patterns."""
    lacks, so = [], []
    if config.options.typography.enabled and not typography.language_supported(language):
        lacks.append("typography rules")
        so.append("quotation marks and dashes are left as typed")
    if config.options.hyphenation.enabled and hyphenation.patterns_for(language) is None:
        lacks.append("hyphenation patterns")
        so.append("the text is not hyphenated")
    if lacks:
        log.warning("%s: no %s for language %r: %s", config.path, " and no ".join(lacks), language, "; ".join(so))


# Metadata set as text on the cover and in the EPUB's metadata (a publisher's name takes
# its apostrophe too); authors, rights and identifiers stay as written ("© 2022 Clare
# Doyle" is no number before a noun).
_PROSE_METADATA = ("title", "short_title", "subtitle", "description", "publisher")


def _typeset_metadata(metadata: Metadata, options: TypographyOptions) -> Metadata:
    """The metadata's prose with the language's quotation marks and dashes, like the text."""
    if not options.enabled:
        return metadata
    quotes = options.quotes
    changed = {
        key: typography.typeset(getattr(metadata, key), quotes, language=metadata.language)
        for key in _PROSE_METADATA
        if getattr(metadata, key)
    }
    return dataclasses.replace(metadata, **changed)


def _markdown_converter(
    config: Config, language: str, source: Path
) -> tuple[markdown.Markdown, typography.TypographyExtension | None]:
    """A Markdown parser with the publication's typography, and that extension (for its report)."""
    options = config.options.typography
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
    if options.enabled:
        extension = typography.TypographyExtension(language=language, quotes=options.quotes, source=source.name)
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


def _read_part(
    spec: PartSpec,
    text: str,
    matter: FrontMatter,
    config: Config,
    language: str,
    part_files: dict[Path, str],
    problems: Problems,
    first_note: int,
) -> Part:
    """Parse one part; its problems go to ``problems``, and it is returned whenever it could be parsed."""
    _check_footnote_definitions(text, spec.path, problems)
    converter, typesetter = _markdown_converter(config, language, spec.path)
    try:
        html = _without_placeholders(converter.convert(text), spec.path)
        body = lxml_html.fragment_fromstring(html or "", create_parent="section")
    except RecursionError:
        raise PublicationError(
            f"nested too deeply to read (block quotes or lists more than {MAX_DEPTH} levels deep)", spec.path
        ) from None
    _check_depth(body, text, spec.path)
    # The section carries the part's id unless the author gave it to an element
    # already (# Title {#elite} in elite.md), which then serves as the part's anchor.
    if not body.xpath(".//*[@id=$id]", id=spec.id):
        body.set("id", spec.id)

    for label in _undefined_footnote_calls(body):
        problems.add(PublicationError(f"footnote [^{label}] is not defined", spec.path, line_of(text, f"[^{label}]")))
    sanitize.clean(body, spec.path)
    sanitize.check_references(body, spec.path, config.root, text, part_files, problems)
    notes = _extract_notes(body, first_note)
    headings = body.xpath(".//h1|.//h2|.//h3")
    title = headings[0].text_content().strip() if headings else matter.values.get("title", "")
    if not isinstance(title, str) or not title.strip():
        title = spec.path.stem
        log.warning("%s: no heading; the part is titled %r in tables of contents", spec.path, title)
    return Part(
        id=spec.id,
        role=spec.role,
        source=spec.path,
        title=title.strip(),
        body=body,
        notes=notes,
        typography=typesetter.report if typesetter else typography.Report(),
    )


# Python-Markdown stands raw HTML in for a placeholder (STX "klzzwxh:0000" ETX) while it
# parses emphasis, and emphasis marks around it can split one (``**<p> **``), leaving
# its pieces, control characters among them, in the output.
_PLACEHOLDER_PIECES = re.compile(r"[\x02\x03]|k?l?zzwxh:\d+|wzxhzdk:\d+")


def _without_placeholders(html: str, path: Path) -> str:
    cleaned = _PLACEHOLDER_PIECES.sub("", html)
    if cleaned != html:
        log.warning("%s: raw HTML between emphasis marks could not be placed and was left out", path)
    return cleaned


def _check_depth(body: HtmlElement, text: str, path: Path) -> None:
    """Refuse nesting deeper than the layout can take, naming the line where it first gets too deep."""
    stack = [(body, 0)]
    while stack:  # iterative, in document order: the tree may be deeper than Python's recursion limit
        element, level = stack.pop()
        if level > MAX_DEPTH:
            words = "".join(element.itertext()).split()
            raise PublicationError(
                f"nested more than {MAX_DEPTH} levels deep (block quotes and lists inside one another): "
                f"the layout takes at most {MAX_DEPTH}; flatten the structure",
                path,
                line_of(text, words[0]) if words else None,
            )
        stack.extend((child, level + 1) for child in reversed(element) if isinstance(child.tag, str))


def _check_footnote_definitions(text: str, path: Path, problems: Problems) -> None:
    # A definition shown in a fenced code block (documentation about footnotes) defines nothing:
    # Python-Markdown stashes those blocks first. Their lines stay, empty, so line numbers hold.
    text = FencedBlockPreprocessor.FENCED_BLOCK_RE.sub(lambda block: "\n" * block.group(0).count("\n"), text)
    seen: set[str] = set()
    for match in _FOOTNOTE_DEFINITION.finditer(text):
        label = match.group(1)
        if label in seen:
            line = text.count("\n", 0, match.start()) + 1
            problems.add(PublicationError(f"footnote [^{label}] is defined twice", path, line))
        seen.add(label)
    calls = {m.group(1) for m in _FOOTNOTE_CALL.finditer(_FOOTNOTE_DEFINITION.sub("", text))}
    for label in sorted(seen - calls):
        where = location(path, line_of(text, f"[^{label}]:"))
        log.warning("%s: footnote [^%s] is defined but never called", where, label)


def _undefined_footnote_calls(body: HtmlElement) -> list[str]:
    """Python-Markdown leaves a call without a definition as literal text; find each, once."""
    labels: list[str] = []
    for node in body.iter():
        if node.tag in ("code", "pre"):
            continue
        for chunk in (node.text, node.tail):
            for match in _FOOTNOTE_CALL.finditer(chunk or ""):
                if match.group(1) not in labels:
                    labels.append(match.group(1))
    return labels


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
        if label not in definitions:
            continue  # reported as undefined already
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


def _number_blocks(content: HtmlElement, prefix: str) -> None:
    """Give every block a stable name (data-block="artikel.12") that survives into every writer.

    The PDF writer traces lines of its layout back to paragraphs with it, and
    the EPUB writer finds where each printed page begins.
    """
    for number, block in enumerate(content.iter(*NAMED_BLOCKS)):
        block.set("data-block", f"{prefix}.{number}")


def _check_cross_references(parts: list[Part], texts: dict[str, str], problems: Problems) -> None:
    anchors = {part.id for part in parts}
    anchors.update(element.get("id") for part in parts for element in part.elements() if element.get("id"))
    for part in parts:
        for link in part.elements():
            href = link.get("href", "") if link.tag == "a" else ""
            if href.startswith("#") and href[1:] not in anchors and f"{part.id}-{href[1:]}" in anchors:
                # Written as Markdown elsewhere links a heading (GitHub, MkDocs): by its words alone,
                # which name the heading of this part whose generated id they end.
                href = f"#{part.id}-{href[1:]}"
                link.set("href", href)
            if href.startswith("#") and href[1:] not in anchors:
                line = line_of(texts[part.id], f"({href})") or line_of(texts[part.id], f"#{href[1:]}")
                problems.add(
                    PublicationError(f"cross-reference {href} points to no heading or part", part.source, line)
                )
