"""The print HTML: the model as one HTML document, for the layout engine and styles/pdf.css."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from urllib.parse import quote

from lxml.html import HtmlElement
from lxml.html import builder as E

from ...design import estimated_pages
from ...elements import BLOCK_ELEMENTS
from ...hyphenation.transform import soft_hyphenator
from ...model import Note, Part, Publication, Role
from ..common import (
    ContentsEntry,
    build_time,
    contents,
    format_date,
    imprint_entries,
    labels,
    note_content,
    render_part,
)

log = logging.getLogger("publisher")
LONG_PARAGRAPH = 4000  # characters; see _split_long
_WHITE_SPACE = re.compile(r"\s+")


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
    # The running head's title is set on the body, so that a part laid out on its own has it too.
    body = E.BODY(**{"data-running-head": meta.short_title})
    flyer = is_flyer(publication)
    # A flyer's parts follow one another on its pages: one child of <body>, laid out as one (paginate.py).
    sheet = E.SECTION(E.CLASS("flyer"), *_flyer_head(publication)) if flyer else body
    if flyer:
        body.append(sheet)
    else:
        body.extend([_cover(publication), _imprint(publication, text)])
    if not flyer and has_contents_page(publication):
        body.append(_contents(publication, text))
    hyphenator = soft_hyphenator(meta.language, publication.options.hyphenation)
    for part in publication.parts:
        content = _part(publication, part, text)
        for code in content.xpath(".//pre/code[not(*)]"):
            _hang_code_lines(code)
        if hyphenator is not None:
            hyphenator.element(content)
        sheet.append(content)
    if flyer:
        sheet.append(_imprint_foot(publication))
    else:
        body.append(_back_cover(publication))
    for paragraph in list(body.iter("p")):
        _split_long(paragraph)
    return E.HTML(head, body, lang=meta.language)


def _hang_code_lines(code: HtmlElement) -> None:
    """Set each line of a code block as its own block, so that a wrapped line hangs under its start.

    CSS can indent only a block's first line; with a line a block, a line too long
    for the type area continues 2 characters deeper than it began, and the reader
    sees it is one line. Each carries its block's name, so the page map still
    traces the PDF's lines to the code block.
    """
    lines = (code.text or "").removesuffix("\n").split("\n")
    block = code.getparent().get("data-block")
    code.text = None
    for line in lines:
        hang = len(line) - len(line.lstrip(" ")) + 2
        span = E.SPAN(line or " ", E.CLASS("line"), style=f"padding-left: {hang}ch; text-indent: -{hang}ch")
        if block:
            span.set("data-block", block)
        code.append(span)


def _split_long(paragraph: HtmlElement) -> None:
    """Set a paragraph of more than LONG_PARAGRAPH characters as several blocks, cut at sentence ends.

    WeasyPrint lays out the rest of a paragraph for every line it breaks, so its
    time and memory grow with the square of a paragraph's length: a single
    paragraph of 300 KB took more than 12 GB. Pieces of a few thousand
    characters look the same on the page (each piece but the last justifies its
    last line) and lay out in linear time.
    """
    if len(paragraph) or len(paragraph.text or "") <= LONG_PARAGRAPH:
        return  # only plain text is cut; a paragraph with markup inside is left whole
    text = paragraph.text
    pieces, start = [], 0
    while len(text) - start > LONG_PARAGRAPH:
        cut = max(text.rfind(". ", start, start + LONG_PARAGRAPH), text.rfind(" ", start, start + LONG_PARAGRAPH))
        cut = cut + 1 if cut > start else start + LONG_PARAGRAPH
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    log.warning("a paragraph of %d characters is set in %d pieces in the PDF", len(text), len(pieces))
    paragraph.text = pieces[0]
    paragraph.set("class", " ".join(filter(None, [paragraph.get("class"), "continues"])))
    previous = paragraph
    for number, piece in enumerate(pieces[1:], start=1):
        following = E.P(piece.lstrip(), E.CLASS("continued" + (" continues" if number < len(pieces) - 1 else "")))
        previous.addnext(following)
        previous = following


def _cover(publication: Publication) -> HtmlElement:
    meta = publication.metadata
    title = E.H1(E.CLASS("cover-title"), meta.title)
    cover = E.SECTION(E.CLASS("cover"))
    mark = _logo(publication)  # not "logo": that is the function naming the file
    if mark is not None:
        cover.append(mark)
    photo = cover_photo(publication)
    if photo is not None:
        kind = publication.options.design.cover_image
        cover.set("class", f"cover cover-{kind}")
        # Not a figure of the text: the cover's picture, described by the title beside it.
        cover.append(E.IMG(E.CLASS("cover-photo"), src=_source(publication, photo), alt=_photo_alt(publication)))
    cover.append(title)
    if meta.subtitle:
        cover.append(E.P(E.CLASS("cover-subtitle"), meta.subtitle))
    if meta.authors:
        cover.append(E.P(E.CLASS("cover-authors"), ", ".join(author.name for author in meta.authors)))
    cover.append(E.P(E.CLASS("cover-date"), format_date(publication)))
    if meta.publisher:
        cover.append(E.P(E.CLASS("cover-publisher"), meta.publisher))
    return cover


def _imprint(publication: Publication, text: dict[str, str]) -> HtmlElement:
    entries = imprint_entries(publication)
    return E.SECTION(E.CLASS("imprint"), E.H2(text["imprint"]), *entries)


def is_flyer(publication: Publication) -> bool:
    """Whether the publication is a flyer (``[design] layout``): no covers, no imprint page, not folded."""
    return publication.options.design.layout == "flyer"


def _flyer_head(publication: Publication) -> list[HtmlElement]:
    """The head of a flyer's first page: the logo and the issuing organisation, where there are any."""
    head = []
    mark = _logo(publication)
    if mark is not None:
        mark.set("class", "flyer-logo")
        head.append(mark)
    if publication.metadata.publisher:
        head.append(E.P(E.CLASS("flyer-publisher"), publication.metadata.publisher))
    return head


def _imprint_foot(publication: Publication) -> HtmlElement:
    """The imprint as a run of lines at the foot of a flyer's last page (floated there as a footnote is)."""
    foot = E.DIV(E.CLASS("imprint-foot"))
    for number, entry in enumerate(imprint_entries(publication)):
        entry.tag = "span"
        if number:
            foot.append(E.SPAN(E.CLASS("imprint-separator"), " · "))
        foot.append(entry)
    return foot


def has_contents_page(publication: Publication) -> bool:
    """Whether the PDF editions have a contents page, as ``[design] toc`` says.

    "auto": with two chapters or more, or a text estimated at more than ``toc_pages`` pages
    (design.py) that has sections to list.
    """
    design = publication.options.design
    if design.toc == "auto":
        if sum(part.role is Role.ARTICLE for part in publication.parts) >= 2:
            return True
        entries = contents(publication)
        has_sections = any(entry.sections for entry in entries) or len(entries) >= 2
        return has_sections and estimated_pages(publication) > design.toc_pages
    return bool(design.toc)


def _contents(publication: Publication, text: dict[str, str]) -> HtmlElement:
    """The contents page: each part, and its sections, with the page it starts on (a cross-reference)."""

    def line(entry: ContentsEntry) -> HtmlElement:
        anchor = entry.anchor or entry.part.id
        return E.A(entry.title, E.CLASS("pageref contents-line"), href=f"#{anchor}")

    items = []
    for entry in contents(publication):
        item = E.LI(line(entry), E.CLASS(f"contents-{entry.part.role.value}"))
        if entry.sections:
            item.append(E.OL(*[E.LI(line(section)) for section in entry.sections]))
        items.append(item)
    return E.NAV(E.CLASS("contents"), E.H2(text["contents"]), E.OL(*items))


def cover_photo(publication: Publication) -> Path | None:
    """The cover image the printed cover shows, if it shows one (``[design] cover_image``; a flyer has no cover)."""
    if publication.options.design.cover_image == "none" or is_flyer(publication):
        return None
    return publication.metadata.cover_image


def logo(publication: Publication) -> Path | None:
    """The logo the covers carry (``[design] logo``), if any."""
    name = publication.options.design.logo
    return (publication.root / name).resolve() if name else None


def _logo(publication: Publication) -> HtmlElement | None:
    path = logo(publication)
    if path is None:
        return None
    alt = f"Logo: {publication.metadata.publisher}" if publication.metadata.publisher else "Logo"
    return E.IMG(E.CLASS("cover-logo"), src=_source(publication, path), alt=alt)


def _source(publication: Publication, path: Path) -> str:
    """``path`` as a URL relative to the publication folder, which the layout engine resolves against."""
    return quote(path.relative_to(publication.root.resolve()).as_posix())


def _photo_alt(publication: Publication) -> str:
    credit = publication.metadata.photo_credit
    return " – ".join(filter(None, [publication.metadata.title, credit]))


def _back_cover(publication: Publication) -> HtmlElement:
    meta = publication.metadata
    back = E.SECTION(E.CLASS("back-cover"))
    back_logo = _logo(publication)
    if back_logo is not None:
        back.append(back_logo)
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
    # The note sits inside a paragraph, where HTML allows no block elements: they become spans.
    for element in body.iter(*BLOCK_ELEMENTS):
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
    _collapse_white_space(footnote)
    call = E.A(E.CLASS("noteref"), str(note.number), href=f"#{note.id}", id=f"ref-{note.id}")
    return E.SPAN(E.CLASS("note-call"), call, footnote)


def _collapse_white_space(footnote: HtmlElement) -> None:
    """Collapse a note's white space, which WeasyPrint 70 leaves as it is inside footnotes.

    WeasyPrint takes footnotes out of the box tree before it collapses white space,
    so a line end in a note's source would end the printed line, and the space
    between a note's paragraphs would become empty lines. Code keeps its spaces.
    """
    blocks = {element for element in footnote.iter() if "note-" in (element.get("class") or "")}
    blocks.add(footnote)

    def visit(element: HtmlElement) -> None:
        if element.tag in ("pre", "code") or "note-pre" in (element.get("class") or "").split():
            return
        if element.text:
            text = _WHITE_SPACE.sub(" ", element.text)
            element.text = text.lstrip() if element in blocks else text
        for child in element:
            if not isinstance(child.tag, str):
                continue
            visit(child)
            if child.tail:
                tail = _WHITE_SPACE.sub(" ", child.tail)
                # Nothing between blocks, nor at the start of a line after a forced break.
                after_block = child in blocks and child.get("class") != "note-number"
                child.tail = (tail.lstrip() if after_block or child.tag == "br" else tail) or None

    visit(footnote)
