"""PDF writer: the model as one HTML document, laid out by WeasyPrint with styles/pdf.css."""

from __future__ import annotations

import contextlib
import copy
import io
import logging
import os
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import html as lxml_html
from lxml.html import HtmlElement
from lxml.html import builder as E

from ..errors import PublicationError
from ..fetcher import ConfinedFetcher
from ..glyphs import check_glyphs
from ..hyphenation import SOFT_HYPHEN
from ..hyphenation.transform import soft_hyphenator
from ..model import Note, Part, Publication, Role
from ..pagemap import HYPHEN, flow_lines
from . import chunks
from .common import (
    IDENTIFIER_NAMESPACE,
    STYLES_DIR,
    build_time,
    format_date,
    identifier,
    imprint_entries,
    labels,
    note_content,
    render_part,
)

if TYPE_CHECKING:
    import weasyprint

log = logging.getLogger("publisher")
# Layout passes spent on repairs of one part (deferred notes, hyphenation ladders, a hyphen ending a page).
MAX_REPAIRS = 6
# German convention: no more than three hyphenated lines in a row.
MAX_LADDER = 3
# A deferred note's repairs: this many passes take soft hyphens out around its call
# (one more paragraph each time); then the paragraph at the foot of its page starts the
# next page; then the call's own paragraph does. On the generated 300-page book a second
# unhyphenating pass mended 2 of 27 notes.
UNHYPHENATE_TRIES = 1
LONG_PARAGRAPH = 4000  # characters; see _split_long
BREAK_BEFORE = "break-before: page"  # the style a repair gives a paragraph that must start the next page
BLEED = 3 * 72 / 25.4  # 3 mm in PDF points, what print shops ask for


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
# Blocks a note may hold; inside a paragraph (where a note's call stands) they become spans.
_BLOCK_TAGS = (
    "p", "div", "ul", "ol", "li", "blockquote", "pre", "table", "h1", "h2", "h3", "h4", "h5", "h6",
    "figure", "figcaption", "hr", "dl", "dt", "dd",
)  # fmt: skip
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
    body = E.BODY(_cover(publication), _imprint(publication, text), **{"data-running-head": meta.short_title})
    hyphenator = soft_hyphenator(meta.language, publication.options["hyphenation"])
    for part in publication.parts:
        content = _part(publication, part, text)
        for code in content.xpath(".//pre/code[not(*)]"):
            _hang_code_lines(code)
        if hyphenator is not None:
            hyphenator.element(content)
        body.append(content)
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


def _serialize(document: HtmlElement) -> str:
    return lxml_html.tostring(document, encoding="unicode", doctype="<!DOCTYPE html>")


def document_bytes(document: weasyprint.Document, publication: Publication, edition: Edition) -> bytes:
    """The PDF file of a laid-out edition."""
    stamp = int(build_time(publication).timestamp())
    with _document_ids_from(f"{identifier(publication)} {edition.name}"), _font_times_from(stamp):
        data = document.write_pdf(pdf_variant=edition.variant, pdf_tags=True)
    if edition is PRINT and publication.options["pdf"].get("crop_marks", False):
        data = _bleed_box(data, BLEED)
    return data


@contextlib.contextmanager
def _document_ids_from(seed: str) -> Iterator[None]:
    """Make WeasyPrint's XMP DocumentID (a random uuid4 for PDF/X) derive from ``seed``.

    Same inputs, same bytes; WeasyPrint itself notes that these values "could be
    useful instead of using random values".
    """
    from weasyprint.pdf import metadata

    original = metadata.uuid4
    metadata.uuid4 = lambda: uuid.uuid5(IDENTIFIER_NAMESPACE, seed)
    try:
        yield
    finally:
        metadata.uuid4 = original


@contextlib.contextmanager
def _font_times_from(stamp: int) -> Iterator[None]:
    """Stamp the fonts WeasyPrint subsets with the build time, not the clock.

    Without HarfBuzz's subsetter (libharfbuzz-subset, not on every machine)
    WeasyPrint subsets with fontTools, which writes the current time into each
    font's head table unless SOURCE_DATE_EPOCH is set.
    """
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(stamp)
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def _bleed_box(data: bytes, bleed: float) -> bytes:
    """Set every page's BleedBox to the trim box plus ``bleed``, as an incremental update.

    WeasyPrint draws crop marks inside the bleed, so crop-marks.css asks for a
    wide bleed to leave room for them; the print shop must still see 3 mm.
    """
    import pypdf
    from pypdf.generic import RectangleObject

    writer = pypdf.PdfWriter(io.BytesIO(data), incremental=True)
    for page in writer.pages:
        trim = page.trimbox
        page[pypdf.generic.NameObject("/BleedBox")] = RectangleObject(
            [float(trim.left) - bleed, float(trim.bottom) - bleed, float(trim.right) + bleed, float(trim.top) + bleed]
        )
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


@dataclass
class Layout:
    """A laid-out edition and the HTML tree it came from, with the layout repairs applied."""

    tree: HtmlElement
    document: weasyprint.Document


def render(publication: Publication, edition: Edition = SCREEN) -> weasyprint.Document:
    """Lay out one edition (see :func:`lay_out`)."""
    return lay_out(publication, edition).document


def lay_out(
    publication: Publication, edition: Edition = SCREEN, start: Layout | None = None, *, warn: bool = True
) -> Layout:
    """Lay out one edition with WeasyPrint, every footnote on the page of its call.

    ``start`` is another edition's finished layout: its repaired tree is laid
    out again with this edition's styles. The editions share page size and
    type, so the repairs hold and the layout usually takes one pass, and both
    editions break lines and pages alike (the EPUB's page list fits both).

    WeasyPrint 70 sometimes defers a footnote to the next page although it fits
    where it is called; we saw it happen only with soft hyphens in the text
    after the call. Each deferred note is detected from the laid-out pages'
    anchors, the soft hyphens around its call are taken out and the layout is
    redone; the rest of the text keeps its hyphenation. If that does not
    help, the paragraph at the foot of the call's page starts the next page,
    then, failing that, the call's own paragraph does. The document is laid
    out a part at a time, each part mended before the next is laid out, so a
    repair costs the layout of its own part only (see chunks.py).
    ``warn`` false leaves the warnings about what could not be mended to
    another edition laid out alongside.
    """
    # A character the bundled fonts lack would be drawn from whatever font the machine has.
    check_glyphs(publication, STYLES_DIR / "fonts.css")
    tree = copy.deepcopy(start.tree) if start is not None else build_document(publication)
    if start is not None:
        _pad(tree, len(start.document.pages), edition)
    chunks.mark_chunks(tree)
    # An edition laid out from another's repaired tree inherits its repairs: what the
    # other could not mend, another pass over the same lines would not mend either.
    mend = None if start is not None else _mender(tree)
    pager = chunks.Pager(renderer(publication, edition), mend, MAX_REPAIRS)
    hint = chunks.anchor_pages(start.document) if start is not None else None
    document = pager.lay_out(tree, hint).document
    for note_id in deferred_notes(document) if warn else ():
        log.warning("%s: note %s is printed on the page after its call", publication.root, note_id)
    for note_id in lost_notes(document):
        raise PublicationError(f"WeasyPrint lost note {note_id} from the layout; please report this manuscript")
    for bad in bad_breaks(document) if warn else ():
        log.warning("%s: could not avoid %s at %r", publication.root, bad.reason, bad.before + "-" + bad.after)
    if _pad(tree, len(document.pages), edition):
        chunks.mark_chunks(tree)
        # Blank pages change no part's text: no more repairs, as for an edition laid out from another's tree.
        pager.mend, pager.repairs = None, 0
        document = pager.lay_out(tree, chunks.anchor_pages(document)).document
    return Layout(tree, document)


def _mender(tree: HtmlElement) -> chunks.Mend:
    """The repairs for what went wrong in the layout of a part of ``tree`` (see :func:`lay_out`)."""
    tries: dict[str, int] = {}  # repairs spent on each deferred note

    def mend(document: weasyprint.Document) -> None:
        anchors = chunks.anchor_pages(document)
        for note_id in deferred_notes(document):
            tries[note_id] = tries.get(note_id, 0) + 1
            if tries[note_id] <= UNHYPHENATE_TRIES and _unhyphenate_around(tree, note_id, reach=tries[note_id]):
                continue
            # Soft hyphens were not the cause. First the paragraph at the foot of the call's page goes
            # to the next page, leaving the note room; then the call's own paragraph, its note with it.
            call_page = document.pages[anchors[f"ref-{note_id}"] - 1]
            if tries[note_id] > UNHYPHENATE_TRIES + 1 or not _break_after_call(tree, note_id, call_page):
                _break_before_call(tree, note_id)
        for page in lost_notes(document).values():
            _break_before_last_paragraph(tree, document.pages[page])
        for bad in bad_breaks(document):
            _remove_break(tree, bad)

    return mend


def renderer(publication: Publication, edition: Edition) -> chunks.Render:
    """A function that lays out an HTML tree, with extra CSS, as ``edition`` of ``publication``.

    The stylesheets are parsed and the fonts loaded once, for all the layouts of one edition.
    """
    import weasyprint  # heavy; imported only when a PDF is really written
    from weasyprint.text.fonts import FontConfiguration

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
    base_url = publication.root.as_uri() + "/"

    def render_tree(document: HtmlElement, extra_css: str = "") -> weasyprint.Document:
        extra = [weasyprint.CSS(string=extra_css, font_config=fonts)] if extra_css else []
        html = weasyprint.HTML(string=_serialize(document), base_url=base_url, url_fetcher=fetcher)
        return html.render(
            stylesheets=stylesheets + extra,
            font_config=fonts,
            color_profiles=profiles,
            pdf_tags=True,
            pdf_variant=edition.variant,
        )

    return render_tree


def _pad(tree: HtmlElement, pages: int, edition: Edition) -> int:
    """Add the blank pages that bring ``pages`` to the edition's multiple; return how many."""
    present = len(tree.find_class("blank-page"))
    missing = -(pages - present) % edition.page_multiple - present
    if missing > 0:
        # Blank pages go where a designer puts them: before the back cover.
        back = tree.find_class("back-cover")[0]
        for _ in range(missing):
            back.addprevious(E.DIV(E.CLASS("blank-page")))
    return max(missing, 0)


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


@dataclass(frozen=True)
class BadBreak:
    """A hyphenated line end the layout must not keep."""

    block: str  # the data-block number of the paragraph
    before: str  # the word's part at the end of the line
    after: str  # its part at the start of the next line
    reason: str


def bad_breaks(document: weasyprint.Document) -> list[BadBreak]:
    """Hyphenated line ends that end a page, or make a ladder of more than three lines."""
    found = []
    run = 0
    pages = [flow_lines(page) for page in document.pages]
    for number, lines in enumerate(pages):
        following = [line for later in pages[number + 1 :] for line in later[:1]]
        for index, (block, text) in enumerate(lines):
            if not text.endswith(HYPHEN) or block is None:
                run = 0
                continue
            previous_block = lines[index - 1][0] if index else None
            run = run + 1 if index and previous_block == block else 1
            next_line = lines[index + 1] if index + 1 < len(lines) else (following[0] if following else None)
            if next_line is None:
                continue
            before = text[:-1].rstrip(SOFT_HYPHEN).split()[-1].replace(SOFT_HYPHEN, "")
            after = next_line[1].split()[0].replace(SOFT_HYPHEN, "") if next_line[1].split() else ""
            if index == len(lines) - 1:
                found.append(BadBreak(block, before, after, "a hyphen ending page " + str(number + 1)))
            elif run > MAX_LADDER:
                found.append(BadBreak(block, before, after, f"{run} hyphenated lines in a row"))
    return found


def _remove_break(tree: HtmlElement, bad: BadBreak) -> None:
    """Take the soft hyphens out of the word the layout broke at ``before``-``after``.

    All of them: the layout would break the word at its next hyphenation
    point instead, and the line would end in a hyphen as before.
    """
    blocks = tree.xpath("//*[@data-block=$n]", n=bad.block)
    letters = re.match(r"[^\W\d_]*", bad.after).group(0)
    if not blocks or not bad.before:
        return
    # The word as written in the tree, where soft hyphens may stand between any two letters.
    pattern = re.compile(_softly(bad.before) + f"({SOFT_HYPHEN})" + _softly(letters[:2]))
    for node in blocks[0].iter():
        for attribute in ("text", "tail"):
            if attribute == "tail" and node is blocks[0]:
                continue
            value = getattr(node, attribute)
            match = pattern.search(value or "")
            if match:
                start, end = match.start(), match.end()
                while start > 0 and _in_word(value[start - 1]):
                    start -= 1
                while end < len(value) and _in_word(value[end]):
                    end += 1
                setattr(node, attribute, value[:start] + value[start:end].replace(SOFT_HYPHEN, "") + value[end:])
                return


def _in_word(character: str) -> bool:
    # Gender forms and apostrophes join letters into one word, as the hyphenator sees it.
    return character == SOFT_HYPHEN or character.isalpha() or character in "*:_’'"


def _softly(word: str) -> str:
    return f"{SOFT_HYPHEN}?".join(map(re.escape, word))


def lost_notes(document: weasyprint.Document) -> dict[str, int]:
    """Notes whose call was laid out but the note itself was not: {note id: index of the call's page}.

    WeasyPrint 70 can drop a note laid out earlier on a page when it applies
    widows and orphans to the paragraph at the foot of that page.
    """
    found: dict[str, int] = {}
    anchors = set()
    for number, page in enumerate(document.pages):
        anchors.update(page.anchors)
        for anchor in page.anchors:
            if anchor.startswith("ref-note-"):
                found.setdefault(anchor[4:], number)
    return {note: page for note, page in found.items() if note not in anchors}


def _break_before_last_paragraph(tree: HtmlElement, page: weasyprint.Page) -> bool:
    """Start the paragraph at the foot of ``page`` on the next page instead; False if it already does."""
    foot = _foot_block(page)
    elements = tree.xpath("//*[@data-block=$n]", n=foot) if foot is not None else []
    if not elements or elements[0].get("style") == BREAK_BEFORE:
        return False
    elements[0].set("style", BREAK_BEFORE)
    return True


def _break_after_call(tree: HtmlElement, note_id: str, page: weasyprint.Page) -> bool:
    """Start the paragraph at the foot of the page of a note's call on the next page, if it follows the call's.

    False if the call's paragraph is the one at the foot, or the one at the foot already starts a page.
    """
    home = _call_block(tree, note_id)
    if home is None or _foot_block(page) == home.get("data-block"):
        return False
    return _break_before_last_paragraph(tree, page)


def _break_before_call(tree: HtmlElement, note_id: str) -> None:
    """Start the paragraph that calls a note on a new page."""
    block = _call_block(tree, note_id)
    if block is not None:
        block.set("style", BREAK_BEFORE)


def _call_block(tree: HtmlElement, note_id: str) -> HtmlElement | None:
    """The paragraph (or other block with a data-block number) that holds a note's call."""
    call = tree.get_element_by_id(f"ref-{note_id}")
    return next((a for a in call.iterancestors() if a.get("data-block")), None)


def _foot_block(page: weasyprint.Page) -> str | None:
    """The data-block number of the last paragraph of running text on ``page``."""
    blocks = [block for block, _text in flow_lines(page) if block is not None]
    return blocks[-1] if blocks else None


def _unhyphenate_around(tree: HtmlElement, note_id: str, reach: int) -> bool:
    """Take the soft hyphens out of the block holding a note's call and the ``reach`` blocks after it.

    False if there were none to take out.
    """
    call = tree.get_element_by_id(f"ref-{note_id}")
    block = next(ancestor for ancestor in call.iterancestors() if ancestor.tag not in ("a", "span", "em", "strong"))
    blocks = [block]
    sibling = block.getnext()
    while sibling is not None and len(blocks) <= reach:
        blocks.append(sibling)
        sibling = sibling.getnext()
    found = False
    for element in blocks:
        for node in element.iter():
            if node.text and SOFT_HYPHEN in node.text:
                node.text = node.text.replace(SOFT_HYPHEN, "")
                found = True
            if node.tail and node is not element and SOFT_HYPHEN in node.tail:
                node.tail = node.tail.replace(SOFT_HYPHEN, "")
                found = True
    return found


def _cover(publication: Publication) -> HtmlElement:
    meta = publication.metadata
    title = E.H1(E.CLASS("cover-title"), meta.title)
    cover = E.SECTION(E.CLASS("cover"), title)
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
