"""PDF writer: the model as one HTML document, laid out by WeasyPrint with styles/pdf.css."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import html as lxml_html
from lxml.html import HtmlElement
from lxml.html import builder as E

from ..fetcher import ConfinedFetcher
from ..glyphs import check_glyphs
from ..hyphenation import SOFT_HYPHEN
from ..hyphenation.transform import soft_hyphenator
from ..model import Note, Part, Publication, Role
from .common import STYLES_DIR, build_time, format_date, imprint_rows, labels, note_content, render_part

if TYPE_CHECKING:
    import weasyprint

log = logging.getLogger("publisher")
MAX_FOOTNOTE_REPAIRS = 3


@dataclass(frozen=True)
class Edition:
    """One PDF made from the common layout: its PDF variant, extra styles and page multiple."""

    name: str
    variant: str
    stylesheets: tuple[str, ...]
    page_multiple: int = 1  # the page count is padded with blank pages to a multiple of this


SCREEN = Edition("screen", "pdf/ua-1", ("fonts.css", "pdf.css"))
# Printed sheets fold into four pages each.
PRINT = Edition("print", "pdf/x-4", ("fonts.css", "pdf.css", "print.css"), page_multiple=4)
_BLOCK_TAGS = ("p", "div", "ul", "ol", "li", "blockquote", "pre", "table", "h1", "h2", "h3", "h4", "h5", "h6")


def build_document(publication: Publication) -> HtmlElement:
    """The whole publication as one HTML tree for WeasyPrint."""
    meta = publication.metadata
    text = labels(meta.language)
    stamp = build_time(publication).date().isoformat()
    head = E.HEAD(
        E.META(charset="utf-8"),
        E.TITLE(meta.title),
        *[E.META(name="author", content=author.name) for author in meta.authors],
        E.META(name="description", content=meta.subtitle or meta.description),
        E.META(name="keywords", content=", ".join(meta.subjects)),
        E.META(name="generator", content="publisher"),
        E.META(name="dcterms.created", content=stamp),
        E.META(name="dcterms.modified", content=stamp),
    )
    body = E.BODY(_cover(publication), _imprint(publication, text))
    hyphenator = soft_hyphenator(meta.language, publication.options["hyphenation"])
    for part in publication.parts:
        content = _part(publication, part, text)
        if hyphenator is not None:
            hyphenator.element(content)
        body.append(content)
    body.append(_back_cover(publication))
    return E.HTML(head, body, lang=meta.language)


def build_html(publication: Publication) -> str:
    return _serialize(build_document(publication))


def _serialize(document: HtmlElement) -> str:
    return lxml_html.tostring(document, encoding="unicode", doctype="<!DOCTYPE html>")


def write_pdf(publication: Publication, target: Path, edition: Edition = SCREEN) -> None:
    """Render one edition of the publication into a PDF file at ``target``."""
    target.write_bytes(pdf_bytes(publication, edition))


def pdf_bytes(publication: Publication, edition: Edition = SCREEN) -> bytes:
    document = render(publication, edition)
    return document.write_pdf(pdf_variant=edition.variant, pdf_tags=True)


def render(publication: Publication, edition: Edition = SCREEN) -> weasyprint.Document:
    """Lay out one edition with WeasyPrint, every footnote on the page of its call.

    WeasyPrint 70 sometimes defers a footnote to the next page although it fits
    where it is called; we saw it happen only with soft hyphens in the text
    after the call. Each deferred note is detected from the laid-out pages'
    anchors, the soft hyphens around its call are taken out and the layout is
    redone; the rest of the text keeps its hyphenation.
    """
    import weasyprint  # heavy; imported only when a PDF is really written
    from weasyprint.text.fonts import FontConfiguration

    # A character the bundled fonts lack would be drawn from whatever font the machine has.
    check_glyphs(publication, STYLES_DIR / "fonts.css")
    fetcher = ConfinedFetcher([publication.root, STYLES_DIR])
    # @font-face rules only take effect through a FontConfiguration shared by the stylesheets and the layout.
    fonts = FontConfiguration()
    names = list(edition.stylesheets)
    if edition is PRINT and publication.options["pdf"].get("crop_marks", False):
        names.append("crop-marks.css")
    # Likewise @color-profile (the print edition's output intent) through one shared dictionary.
    profiles: dict[str, object] = {}
    stylesheets = [
        weasyprint.CSS(filename=STYLES_DIR / name, url_fetcher=fetcher, font_config=fonts, color_profiles=profiles)
        for name in names
    ]
    tree = build_document(publication)

    def layout() -> weasyprint.Document:
        html = weasyprint.HTML(string=_serialize(tree), base_url=publication.root.as_uri() + "/", url_fetcher=fetcher)
        return html.render(
            stylesheets=stylesheets,
            font_config=fonts,
            color_profiles=profiles,
            pdf_tags=True,
            pdf_variant=edition.variant,
        )

    document = layout()
    for attempt in range(1, MAX_FOOTNOTE_REPAIRS + 1):
        deferred = deferred_notes(document)
        if not deferred:
            break
        for note_id in deferred:
            _unhyphenate_around(tree, note_id, reach=attempt)
        document = layout()
    for note_id in deferred_notes(document):
        log.warning("%s: note %s is printed on the page after its call", publication.root, note_id)
    missing = -len(document.pages) % edition.page_multiple
    if missing:
        # Blank pages go where a designer puts them: before the back cover.
        back = tree.find_class("back-cover")[0]
        for _ in range(missing):
            back.addprevious(E.DIV(E.CLASS("blank-page")))
        document = layout()
    return document


def deferred_notes(document: weasyprint.Document) -> list[str]:
    """Ids of the notes laid out on another page than their call."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return [
        anchor
        for anchor in pages
        if anchor.startswith("note-") and pages.get(f"ref-{anchor}", pages[anchor]) != pages[anchor]
    ]


def _unhyphenate_around(tree: HtmlElement, note_id: str, reach: int) -> None:
    """Take the soft hyphens out of the block holding a note's call and the ``reach`` blocks after it."""
    call = tree.get_element_by_id(f"ref-{note_id}")
    block = next(ancestor for ancestor in call.iterancestors() if ancestor.tag not in ("a", "span", "em", "strong"))
    blocks = [block]
    sibling = block.getnext()
    while sibling is not None and len(blocks) <= reach:
        blocks.append(sibling)
        sibling = sibling.getnext()
    for element in blocks:
        for node in element.iter():
            if node.text:
                node.text = node.text.replace(SOFT_HYPHEN, "")
            if node.tail and node is not element:
                node.tail = node.tail.replace(SOFT_HYPHEN, "")


def _cover(publication: Publication) -> HtmlElement:
    meta = publication.metadata
    title = E.H1(E.CLASS("cover-title"), meta.title)
    cover = E.SECTION(E.CLASS("cover"), title, **{"data-running-head": meta.short_title})
    if meta.subtitle:
        cover.append(E.P(E.CLASS("cover-subtitle"), meta.subtitle))
    if meta.authors:
        cover.append(E.P(E.CLASS("cover-authors"), ", ".join(author.name for author in meta.authors)))
    cover.append(E.P(E.CLASS("cover-date"), format_date(publication)))
    if meta.publisher:
        cover.append(E.P(E.CLASS("cover-publisher"), meta.publisher))
    return cover


def _imprint(publication: Publication, text: dict[str, str]) -> HtmlElement:
    entries = E.DL(*[item for label, value in imprint_rows(publication) for item in (E.DT(label), E.DD(value))])
    return E.SECTION(E.CLASS("imprint"), E.H2(text["imprint"]), entries)


def _back_cover(publication: Publication) -> HtmlElement:
    meta = publication.metadata
    back = E.SECTION(E.CLASS("back-cover"))
    if meta.description:
        back.append(E.P(E.CLASS("back-description"), meta.description))
    if meta.publisher:
        back.append(E.P(E.CLASS("back-publisher"), meta.publisher))
    return back


def _part(publication: Publication, part: Part, text: dict[str, str]) -> HtmlElement:
    content = render_part(
        publication,
        part,
        noteref=_footnote,
        internal_href=lambda _part, anchor: f"#{anchor}",
    )
    for link in content.find_class("pageref"):
        # Printed as "siehe S. 9": the words, then the target's page from the layout (CSS target-counter).
        link.text = f"{text['see']} {text['page']}\u00a0"
        for child in list(link):
            link.remove(child)
    content.tag = "article" if part.role is Role.ARTICLE else "aside"
    content.set("class", f"part {part.role.value}")
    return content


def _footnote(note: Note) -> HtmlElement:
    """The call, and the note itself floated to the foot of the page by CSS."""
    body = note_content(note)
    # The note sits inside a paragraph, where HTML allows no block elements.
    for element in body.iter(*_BLOCK_TAGS):
        element.set("class", " ".join(filter(None, [element.get("class"), f"note-{element.tag}"])))
        element.tag = "span"
    marker = E.A(E.CLASS("note-number"), str(note.number), href=f"#ref-{note.id}")
    first = body[0] if len(body) else body
    marker.tail = " " + (first.text or "").lstrip()  # a real space: copied text reads "1 Die …"
    first.text = None
    first.insert(0, marker)
    footnote = E.SPAN(E.CLASS("footnote"), id=note.id)
    footnote.text = body.text if first is not body else None
    footnote.extend(list(body) if first is not body else [marker])
    call = E.A(E.CLASS("noteref"), str(note.number), href=f"#{note.id}", id=f"ref-{note.id}")
    return E.SPAN(E.CLASS("note-call"), call, footnote)
