"""EPUB 3 writer: one XHTML document per part, packaged by ebooklib, zipped reproducibly."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ebooklib import epub
from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement
from lxml.html import builder as E

from ..hyphenation.transform import soft_hyphenator
from ..model import Note, Part, Publication, Role
from .common import STYLES_DIR, build_time, identifier, imprint_rows, labels, note_content, render_part

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
# Markup built with lxml.html has no namespaces; this attribute stands for epub:type until serialisation.
_EPUB_TYPE = "data-epub-type"


class _Document(epub.EpubHtml):
    """An XHTML document whose bytes we produce ourselves (ebooklib would re-parse them)."""

    def __init__(self, uid: str, file_name: str, title: str, content: bytes) -> None:
        super().__init__(uid=uid, file_name=file_name, title=title)
        self.content = content

    def get_content(self, default: bytes | None = None) -> bytes:  # noqa: ARG002
        return self.content


class _Nav(epub.EpubNav):
    def __init__(self, content: bytes) -> None:
        super().__init__()
        self.content = content


class _Writer(epub.EpubWriter):
    def _get_nav(self, item: epub.EpubNav) -> bytes:
        return item.content


def write_epub(publication: Publication, target: Path) -> None:
    """Write the publication as an EPUB 3 file at ``target``."""
    meta = publication.metadata
    text = labels(meta.language)
    book = epub.EpubBook()
    book.set_identifier(identifier(publication))
    book.set_title(meta.title)
    book.set_language(meta.language)
    for number, author in enumerate(meta.authors, start=1):
        book.add_author(author.name, file_as=author.file_as, role=author.role, uid=f"creator{number}")
    for name, value in (("publisher", meta.publisher), ("rights", meta.rights), ("description", meta.description)):
        if value:
            book.add_metadata("DC", name, value)
    book.add_metadata("DC", "date", meta.date.isoformat())
    for subject in meta.subjects:
        book.add_metadata("DC", "subject", subject)

    stylesheet = epub.EpubItem(
        uid="style",
        file_name="style/epub.css",
        media_type="text/css",
        content=(STYLES_DIR / "epub.css").read_bytes(),
    )
    book.add_item(stylesheet)

    # By default the reading system hyphenates (CSS hyphens: auto), so that search,
    # dictionary look-up and the reader's own hyphenation setting keep working;
    # [epub] hyphenation = "soft-hyphens" puts our hyphenator's breaks into the text.
    hyphenator = None
    if publication.options["epub"].get("hyphenation", "reader") == "soft-hyphens":
        hyphenator = soft_hyphenator(meta.language, publication.options["hyphenation"])
    documents = []
    for part in publication.parts:
        body = _part_body(publication, part, text)
        if hyphenator is not None:
            hyphenator.element(body)
            body.set("class", body.get("class") + " soft-hyphens")
        documents.append(
            _Document(
                uid=part.id,
                file_name=_file_name(part),
                title=part.title,
                content=_xhtml(publication, part.title, body),
            )
        )
    imprint = _Document(
        uid="imprint",
        file_name="imprint.xhtml",
        title=text["imprint"],
        content=_xhtml(publication, text["imprint"], _imprint(publication, text)),
    )
    documents.append(imprint)
    for document in documents:
        book.add_item(document)

    book.toc = [epub.Link(document.file_name, document.title, document.id) for document in documents]
    nav = _Nav(_xhtml(publication, text["contents"], _nav_body(documents, text)))
    book.add_item(nav)
    book.add_item(epub.EpubNcx())
    book.spine = [nav, *documents]

    buffer = io.BytesIO()
    writer = _Writer(buffer, book, {"epub3_pages": False, "epub2_guide": False, "mtime": build_time(publication)})
    writer.process()
    writer.write()
    target.write_bytes(_reproducible_zip(buffer.getvalue(), publication))


def _file_name(part: Part) -> str:
    return f"{part.id}.xhtml"


def _part_body(publication: Publication, part: Part, text: dict[str, str]) -> HtmlElement:
    content = render_part(
        publication,
        part,
        noteref=_noteref,
        internal_href=lambda target, anchor: f"{_file_name(target)}#{anchor}",
    )
    content.tag = "section"
    classes = ["part", part.role.value]
    content.set("class", " ".join(classes))
    if part.role is Role.ARTICLE:
        content.set(_EPUB_TYPE, "bodymatter chapter")
    if part.notes:
        notes = E.SECTION(E.CLASS("notes"), E.H2(text["notes"]), **{"aria-label": text["notes"]})
        for note in part.notes:
            notes.append(_note(note, text))
        content.append(notes)
    return content


def _noteref(note: Note) -> HtmlElement:
    return E.A(
        str(note.number),
        E.CLASS("noteref"),
        href=f"#{note.id}",
        id=f"ref-{note.id}",
        role="doc-noteref",
        **{_EPUB_TYPE: "noteref"},
    )


def _note(note: Note, text: dict[str, str]) -> HtmlElement:
    aside = E.ASIDE(E.CLASS("footnote"), id=note.id, role="doc-footnote", **{_EPUB_TYPE: "footnote"})
    backlink = E.A(
        str(note.number),
        E.CLASS("note-number"),
        href=f"#ref-{note.id}",
        role="doc-backlink",
        title=text["back"],
    )
    body = note_content(note)
    first = body.find("p")
    if first is None:
        first = E.P()
        body.insert(0, first)
    backlink.tail = " " + (first.text or "")
    first.text = None
    first.insert(0, backlink)
    aside.extend(list(body))
    return aside


def _imprint(publication: Publication, text: dict[str, str]) -> HtmlElement:
    entries = E.DL(*[item for label, value in imprint_rows(publication) for item in (E.DT(label), E.DD(value))])
    return E.SECTION(E.CLASS("imprint"), E.H1(text["imprint"]), entries, id="imprint")


def _nav_body(documents: list[_Document], text: dict[str, str]) -> HtmlElement:
    items = [E.LI(E.A(document.title, href=document.file_name)) for document in documents]
    toc = E.NAV(E.H1(text["contents"]), E.OL(*items), id="toc", role="doc-toc", **{_EPUB_TYPE: "toc"})
    return toc


def _xhtml(publication: Publication, title: str, content: HtmlElement) -> bytes:
    """A complete XHTML5 document around ``content``, with epub:type attributes in place."""
    language = publication.metadata.language
    root = etree.Element(
        f"{{{XHTML_NS}}}html",
        nsmap={None: XHTML_NS, "epub": EPUB_NS},
        attrib={"lang": language, "{http://www.w3.org/XML/1998/namespace}lang": language},
    )
    head = etree.SubElement(root, f"{{{XHTML_NS}}}head")
    etree.SubElement(head, f"{{{XHTML_NS}}}meta", charset="utf-8")
    etree.SubElement(head, f"{{{XHTML_NS}}}title").text = title
    etree.SubElement(head, f"{{{XHTML_NS}}}link", rel="stylesheet", type="text/css", href="style/epub.css")
    body = etree.SubElement(root, f"{{{XHTML_NS}}}body")
    content = lxml_html.fromstring(lxml_html.tostring(content))  # a private copy to convert
    lxml_html.html_to_xhtml(content)
    for element in content.iter():
        if isinstance(element.tag, str) and _EPUB_TYPE in element.attrib:
            element.set(f"{{{EPUB_NS}}}type", element.attrib.pop(_EPUB_TYPE))
    body.append(content)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True, doctype="<!DOCTYPE html>")


def _reproducible_zip(data: bytes, publication: Publication) -> bytes:
    """Repack ebooklib's zip: mimetype first and stored, every entry stamped with the build time.

    ebooklib stamps entries with the current local time, so two builds would differ.
    """
    stamp = build_time(publication)
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    names.sort(key=lambda name: name != "mimetype")
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever machine builds it
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(name), compresslevel=9 if name != "mimetype" else None)
    return output.getvalue()
