"""PDF writer: the model as one HTML document, laid out by WeasyPrint with styles/pdf.css."""

from __future__ import annotations

from pathlib import Path

from lxml import html as lxml_html
from lxml.html import HtmlElement
from lxml.html import builder as E

from ..fetcher import ConfinedFetcher
from ..model import Note, Part, Publication, Role
from .common import STYLES_DIR, format_date, imprint_rows, labels, note_content, render_part

STYLESHEETS = ("fonts.css", "pdf.css")
_BLOCK_TAGS = ("p", "div", "ul", "ol", "li", "blockquote", "pre", "table", "h1", "h2", "h3", "h4", "h5", "h6")


def build_html(publication: Publication) -> str:
    """The whole publication as one HTML document for WeasyPrint."""
    meta = publication.metadata
    text = labels(meta.language)
    head = E.HEAD(
        E.META(charset="utf-8"),
        E.TITLE(meta.title),
        *[E.META(name="author", content=author.name) for author in meta.authors],
        E.META(name="description", content=meta.subtitle or meta.description),
        E.META(name="keywords", content=", ".join(meta.subjects)),
        E.META(name="generator", content="publisher"),
        E.META(name="dcterms.created", content=meta.date.isoformat()),
        E.META(name="dcterms.modified", content=meta.date.isoformat()),
    )
    body = E.BODY(_cover(publication), _imprint(publication, text))
    for part in publication.parts:
        body.append(_part(publication, part))
    document = E.HTML(head, body, lang=meta.language)
    return lxml_html.tostring(document, encoding="unicode", doctype="<!DOCTYPE html>")


def write_pdf(publication: Publication, target: Path) -> None:
    """Render the publication into a PDF file at ``target``."""
    import weasyprint  # heavy; imported only when a PDF is really written
    from weasyprint.text.fonts import FontConfiguration

    fetcher = ConfinedFetcher([publication.root, STYLES_DIR])
    # @font-face rules only take effect through a FontConfiguration shared by the stylesheets and the layout.
    fonts = FontConfiguration()
    stylesheets = [
        weasyprint.CSS(filename=STYLES_DIR / name, url_fetcher=fetcher, font_config=fonts) for name in STYLESHEETS
    ]
    document = weasyprint.HTML(
        string=build_html(publication), base_url=publication.root.as_uri() + "/", url_fetcher=fetcher
    )
    document.write_pdf(target, stylesheets=stylesheets, font_config=fonts, pdf_tags=True)


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


def _part(publication: Publication, part: Part) -> HtmlElement:
    content = render_part(
        publication,
        part,
        noteref=_footnote,
        internal_href=lambda _part, anchor: f"#{anchor}",
    )
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
    footnote = E.SPAN(E.CLASS("footnote"), marker, id=note.id)
    footnote.extend(list(body))
    call = E.A(E.CLASS("noteref"), str(note.number), href=f"#{note.id}", id=f"ref-{note.id}")
    wrapper = E.SPAN(E.CLASS("note-call"), call, footnote)
    return wrapper
