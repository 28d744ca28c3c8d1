"""EPUB 3 writer: XHTML documents we write ourselves, packaged by ebooklib, zipped reproducibly.

Spine: cover, imprint, table of contents, then the parts in reading order, as
in the printed pamphlet. The page list comes from the screen PDF's layout.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ebooklib import epub
from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement
from lxml.html import builder as E

from ..colors import parse_color
from ..glyphs import font_faces
from ..hyphenation.transform import soft_hyphenator
from ..model import Note, Part, Publication, Role
from ..names import STYLES_DIR
from ..pagemap import PageStart, insert_marker, page_starts
from .common import (
    build_time,
    contents,
    identifier,
    imprint_entries,
    labels,
    note_content,
    render_part,
    resolve_cross_references,
)

if TYPE_CHECKING:
    from ..layout.pages import LaidOut

log = logging.getLogger("publisher")

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
# Markup built with lxml.html has no namespaces; this attribute stands for epub:type until serialisation.
_EPUB_TYPE = "data-epub-type"
COVER_HEIGHT = 1600  # pixels; retailers ask for at least 1400
# Subsets of the bundled fonts made ahead of time by tools/subset_epub_fonts.py, and what they cover.
FONTS_DIR = STYLES_DIR / "fonts"
PREMADE_FONTS_DIR = FONTS_DIR / "epub"
PREMADE_MANIFEST = PREMADE_FONTS_DIR / "manifest.json"
ACCESSIBILITY_SUMMARY = {
    "de": (
        "Diese Publikation erfüllt die Anforderungen von EPUB Accessibility 1.1 und WCAG 2.2 Stufe AA. "
        "Sie hat ein Inhaltsverzeichnis, Orientierungspunkte, eine logische Lesereihenfolge und "
        "Seitenzahlen der gedruckten Ausgabe. Anmerkungen sind mit dem Text verlinkt. Das Titelbild hat "
        "einen Alternativtext. Es gibt keine Gefahren durch Blitzen, Bewegung oder Ton."
    ),
    "en": (
        "This publication meets EPUB Accessibility 1.1 and WCAG 2.2 Level AA. It has a table of contents, "
        "landmarks, a logical reading order and the page numbers of the printed edition. Notes are linked "
        "with the text. The cover image has alternative text. There are no flashing, motion or sound hazards."
    ),
    "fr": (
        "Cette publication est conforme à EPUB Accessibility 1.1 et au niveau AA des WCAG 2.2. Elle comporte "
        "une table des matières, des repères, un ordre de lecture logique et les numéros de page de l’édition "
        "imprimée. Les notes sont liées au texte. L’image de couverture a un texte alternatif. Elle ne présente "
        "aucun risque lié au clignotement, au mouvement ou au son."
    ),
}


class _Document(epub.EpubHtml):
    """An XHTML document whose bytes we produce ourselves (ebooklib would re-parse them)."""

    def __init__(self, uid: str, file_name: str, title: str, content: bytes, properties: list[str] | None = None):
        super().__init__(uid=uid, file_name=file_name, title=title)
        self.content = content
        self.properties = properties or []

    def get_content(self, default: bytes | None = None) -> bytes:  # noqa: ARG002
        return self.content


class _Nav(epub.EpubNav):
    def __init__(self, content: bytes) -> None:
        super().__init__()
        self.content = content


class _Writer(epub.EpubWriter):
    def _get_nav(self, item: epub.EpubNav) -> bytes:
        return item.content


def epub_bytes(publication: Publication, layout: LaidOut | None = None) -> bytes:
    """The publication as an EPUB 3 file.

    ``layout`` is the screen PDF's laid-out document, if the build has one: it
    gives the page list and the cover image without a second layout.
    """
    if layout is None:
        from .pdf import SCREEN, render

        layout = render(publication, SCREEN)
    meta = publication.metadata
    text = labels(meta.language)
    book = epub.EpubBook()
    _metadata(book, publication, text)

    house = house_sheets(publication)  # read once: the manifest and every document's links name the same
    for item in _stylesheets_and_fonts(publication, house):
        book.add_item(item)
    sheets = ("style/fonts.css", "style/epub.css", *(name for name, _ in house))

    cover_image = _cover_image(publication, layout)
    cover_name = "images/cover.png" if cover_image.startswith(b"\x89PNG") else "images/cover.jpg"
    book.set_cover(cover_name, cover_image, create_page=False)

    starts = page_starts(layout)
    bodies = {part.id: _part_body(publication, part, text) for part in publication.parts}
    images = _images(publication, bodies)
    cover_body = _cover_body(publication, text, cover_name)
    imprint_body = _imprint(publication, text)
    page_documents = _place_page_breaks(starts, bodies, cover_body, imprint_body, publication)

    documents = [
        _Document(
            "cover", "cover.xhtml", text["cover"], _xhtml(publication, sheets, text["cover"], cover_body, "cover")
        ),
        _Document(
            "imprint", "imprint.xhtml", text["imprint"], _xhtml(publication, sheets, text["imprint"], imprint_body)
        ),
    ]
    for part in publication.parts:
        kind = "bodymatter" if part is publication.parts[0] else None
        documents.append(
            _Document(
                part.id, _file_name(part), part.title, _xhtml(publication, sheets, part.title, bodies[part.id], kind)
            )
        )
    for document in documents:
        book.add_item(document)
    for item in images:
        book.add_item(item)

    book.toc = [epub.Link(_file_name(part), part.title, part.id) for part in publication.parts]
    nav_body = _nav_body(publication, text, starts, page_documents)
    nav = _Nav(_xhtml(publication, sheets, text["contents"], nav_body))
    book.add_item(nav)
    book.add_item(epub.EpubNcx())
    book.spine = [documents[0], documents[1], nav, *documents[2:]]

    buffer = io.BytesIO()
    # Not compressed here: _reproducible_zip repacks every entry and compresses it then, once.
    options = {"epub3_pages": False, "epub2_guide": False, "mtime": build_time(publication), "compresslevel": 0}
    writer = _Writer(buffer, book, options)
    writer.process()
    writer.write()
    return _reproducible_zip(buffer.getvalue(), publication)


def _metadata(book: epub.EpubBook, publication: Publication, text: dict[str, str]) -> None:
    meta = publication.metadata
    book.set_identifier(identifier(publication))
    book.set_title(meta.title)
    book.set_language(meta.language)
    if meta.subtitle:
        book.add_metadata("DC", "title", meta.subtitle, {"id": "subtitle"})
        book.add_metadata(None, "meta", "subtitle", {"refines": "#subtitle", "property": "title-type"})
    for number, author in enumerate(meta.authors, start=1):
        book.add_author(author.name, file_as=author.file_as, role=author.role, uid=f"creator{number}")
    for name, value in (("publisher", meta.publisher), ("rights", meta.rights), ("description", meta.description)):
        if value:
            book.add_metadata("DC", name, value)
    book.add_metadata("DC", "date", meta.date.isoformat())
    for subject in meta.subjects:
        book.add_metadata("DC", "subject", subject)
    # EPUB Accessibility 1.1 (required for e-books sold in the EU since June 2025).
    accessibility = [
        ("schema:accessMode", "textual"),
        ("schema:accessMode", "visual"),
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "readingOrder"),
        ("schema:accessibilityFeature", "alternativeText"),
        ("schema:accessibilityFeature", "pageNavigation"),
        ("schema:accessibilityFeature", "printPageNumbers"),
        ("schema:accessibilityFeature", "displayTransformability"),
        ("schema:accessibilityHazard", "none"),
        (
            "schema:accessibilitySummary",
            ACCESSIBILITY_SUMMARY.get(meta.primary_language, ACCESSIBILITY_SUMMARY["en"]),
        ),
        ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"),
        ("a11y:certifiedBy", meta.publisher or "publisher"),
        # The page list follows the screen PDF, whose pages are those of the print edition.
        ("pageBreakSource", f"{meta.title} ({text['print_edition']}, {meta.date.year})"),
    ]
    for prop, value in accessibility:
        book.add_metadata(None, "meta", value, {"property": prop})


def _stylesheets_and_fonts(publication: Publication, house: list[tuple[str, bytes]]) -> list[epub.EpubItem]:
    """epub.css, fonts.css, the ``house`` sheets and the bundled fonts, cut down to the characters the book uses.

    fonts.css names its files relative to itself (fonts/…), so they sit beside it in style/.
    A font's pre-made subset (styles/fonts/epub/) is used if it has every character the book
    needs; otherwise the font is subset now, which is most of the time an EPUB takes to write.
    """
    items = [
        epub.EpubItem(
            uid="style",
            file_name="style/epub.css",
            media_type="text/css",
            content=(STYLES_DIR / "epub.css").read_bytes(),
        ),
        epub.EpubItem(
            uid="fonts-css",
            file_name="style/fonts.css",
            media_type="text/css",
            content=(STYLES_DIR / "fonts.css").read_bytes(),
        ),
    ]
    for number, (name, content) in enumerate(house):
        items.append(epub.EpubItem(uid=f"house{number}", file_name=name, media_type="text/css", content=content))
    characters = _used_characters(publication)
    premade = _premade_manifest()
    for number, face in enumerate(font_faces(STYLES_DIR / "fonts.css")):
        name = face.path.relative_to(STYLES_DIR).as_posix()
        items.append(
            epub.EpubItem(
                uid=f"font{number}",
                file_name=f"style/{name}",
                media_type="font/otf",
                content=_font(face.path, face.family, characters, premade),
            )
        )
    return items


# CSS functions that take a file (url() itself is a token of its own).
_FILE_FUNCTIONS = frozenset({"url", "src", "image", "image-set", "-webkit-image-set", "cross-fade", "element"})


def _loads_files(css: bytes) -> bool:
    """Whether a style sheet asks for any file: a url, a function of a file, an @import (escapes decoded)."""
    import tinycss2

    rules, _encoding = tinycss2.parse_stylesheet_bytes(css, skip_comments=True, skip_whitespace=True)
    pending: list = list(rules)
    while pending:
        node = pending.pop()
        kind = getattr(node, "type", "")
        if kind == "url" or (kind == "at-rule" and node.lower_at_keyword == "import"):
            return True
        if kind == "function" and node.lower_name in _FILE_FUNCTIONS:
            return True
        for attribute in ("prelude", "content", "arguments"):  # rules, blocks and functions hold tokens
            pending.extend(getattr(node, attribute, None) or [])
    return False


def house_sheets(publication: Publication) -> list[tuple[str, bytes]]:
    """The house style's sheets for the EPUB (file name, content), after epub.css: its colours, its own CSS.

    A sheet of the publication that loads files (``url()``, ``@import``) is left out with a warning:
    those files are not in the book, and a reading system must not look for them elsewhere.
    """
    sheets = []
    colours = publication.options.design.colors
    if colours:
        accent = parse_color(colours["accent"]).screen() if "accent" in colours else None
        paper = parse_color(colours["sidebar"]).screen() if "sidebar" in colours else None
        rules = ([f"border-color: {accent};"] if accent else []) + ([f"background: {paper};"] if paper else [])
        if rules:
            sheets.append(("style/design.css", f"section.sidebar {{ {' '.join(rules)} }}\n".encode()))
    for number, name in enumerate(publication.options.design.css, start=1):
        path = publication.root / name
        content = path.read_bytes()
        if _loads_files(content):
            log.warning("%s: not in the EPUB: the style sheet loads files (url() or @import)", path)
            continue
        sheets.append((f"style/house-{number}.css", content))
    return sheets


IMAGE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
}


def _images(publication: Publication, bodies: dict[str, HtmlElement]) -> list[epub.EpubItem]:
    """The publication's own images (the reader has checked they lie inside it), under images/."""
    items: dict[str, epub.EpubItem] = {}
    for part in publication.parts:
        for img in bodies[part.id].iter("img"):
            src = img.get("src", "")
            if src.startswith("data:"):
                continue
            path = (part.source.parent / src).resolve()
            name = "images/content/" + path.relative_to(publication.root).as_posix()
            img.set("src", name)
            if name not in items:
                media_type = IMAGE_TYPES.get(path.suffix.lower(), "application/octet-stream")
                items[name] = epub.EpubItem(
                    uid=f"image{len(items)}", file_name=name, media_type=media_type, content=path.read_bytes()
                )
    return list(items.values())


def _used_characters(publication: Publication) -> str:
    meta = publication.metadata
    texts = [meta.title, meta.subtitle, meta.publisher, meta.rights, meta.description, *meta.subjects]
    texts += [author.name for author in meta.authors]
    texts += ["".join(part.body.itertext()) for part in publication.parts]
    texts += ["".join(note.content.itertext()) for note in publication.notes]
    texts += list(labels(meta.language).values())
    # Basic Latin and Latin-1 too, so that a reader's own notes and searches render.
    return "".join(sorted(set("".join(texts)) | {chr(code) for code in range(0x20, 0x100)}))


def _premade_manifest() -> dict[str, tuple[str, frozenset[int]]]:
    """The pre-made subsets by file name (relative to styles/fonts/): their source's SHA-256 and what they cover.

    "Cover" includes the characters of the fixed repertoire that the source font lacks: no
    subset can have those, so a book that uses them can still take the pre-made file.
    """
    try:
        manifest = json.loads(PREMADE_MANIFEST.read_bytes())
        return {
            name: (entry["source_sha256"], frozenset(_code_points(entry["code_points"] + entry["source_lacks"])))
            for name, entry in manifest["faces"].items()
        }
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        log.debug("EPUB fonts: ignoring %s (%s: %s)", PREMADE_MANIFEST, type(error).__name__, error)
        return {}


def _code_points(ranges: list[str]) -> list[int]:
    """``["U+0020..U+007E", "U+00A0"]`` as code points."""
    code_points = []
    for entry in ranges:
        first, _, last = entry.partition("..")
        code_points += range(int(first.removeprefix("U+"), 16), int((last or first).removeprefix("U+"), 16) + 1)
    return code_points


def _font(path: Path, family: str, characters: str, premade: dict[str, tuple[str, frozenset[int]]]) -> bytes:
    """The font at ``path`` cut down to ``characters``: its pre-made subset if that will do, else a new subset."""
    name = path.relative_to(FONTS_DIR).as_posix() if path.is_relative_to(FONTS_DIR) else None
    reason = _premade_unusable(path, name, characters, premade)
    if reason is None:
        try:
            content = (PREMADE_FONTS_DIR / name).read_bytes()
        except OSError as error:
            reason = f"cannot read the pre-made subset: {error.strerror}"
        else:
            log.debug("EPUB font %s: pre-made subset", path.name)
            return content
    log.debug("EPUB font %s: subsetting now (%s)", path.name, reason)
    return _subset(path, characters, family)


def _premade_unusable(
    path: Path, name: str | None, characters: str, premade: dict[str, tuple[str, frozenset[int]]]
) -> str | None:
    """Why the pre-made subset of the font at ``path`` won't do, or None if it will."""
    if name not in premade:
        return "no pre-made subset"
    digest, covered = premade[name]
    # Control characters (line feeds in the text, the C1 controls of the Latin-1 range) have no glyphs.
    missing = [c for c in characters if ord(c) not in covered and unicodedata.category(c) != "Cc"]
    if missing:
        more = " …" if len(missing) > 5 else ""
        return "the pre-made subset lacks " + ", ".join(f"U+{ord(c):04X}" for c in missing[:5]) + more
    with path.open("rb") as source:
        if hashlib.file_digest(source, "sha256").hexdigest() != digest:
            return "the font is not the one the pre-made subset was made from"
    return None


def _subset(path: Path, characters: str, family: str) -> bytes:
    """The font at ``path`` with only the glyphs for ``characters``, named ``family`` (the stylesheet's name).

    tools/subset_epub_fonts.py uses it too. The OFL lets a modified font (a
    subset is one) keep no Reserved Font Name, such as "Linux Libertine".
    """
    from fontTools import subset

    # fontTools reports tables it drops (FFTM, a FontForge time stamp) at WARNING level.
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    options = subset.Options()
    options.layout_features = ["*"]  # keep kerning, ligatures, figures
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False  # same inputs, same bytes
    font = subset.load_font(str(path), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    _rename(font, family)
    output = io.BytesIO()
    subset.save_font(font, output, options)
    return output.getvalue()


def _rename(font: object, family: str) -> None:
    """Replace the font's family name by ``family`` in its name table and CFF names; keep copyright and licence."""
    names = font["name"]
    old = names.getDebugName(16) or names.getDebugName(1) or ""
    style = "".join((names.getDebugName(17) or names.getDebugName(2) or "Regular").split())
    postscript = "".join(family.split()) + "-" + style
    for record in names.names:
        if record.nameID in (1, 3, 4, 16, 18, 21) and old:
            record.string = record.toUnicode().replace(old, family)
        elif record.nameID in (6, 20):
            record.string = postscript
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [postscript]
        top = cff.topDictIndex[0]
        for key in ("FamilyName", "FullName"):
            if key in top.rawDict and old:
                top.rawDict[key] = top.rawDict[key].replace(old, family)


def _cover_image(publication: Publication, layout: LaidOut) -> bytes:
    """The PDF's cover page rendered as a JPEG, or the cover image where the printed cover does not show it.

    The printed cover carries the cover image ([design] cover_image), the title and the logo: the EPUB's
    cover is that page, so that the two editions look alike.
    """
    from .pdf.document import cover_photo

    if publication.metadata.cover_image is not None and cover_photo(publication) is None:
        return publication.metadata.cover_image.read_bytes()
    import pypdfium2

    from ..layout.weasy.engine import page_pdf

    page = pypdfium2.PdfDocument(page_pdf(layout, 0))[0]
    image = page.render(scale=COVER_HEIGHT / page.get_height()).to_pil().convert("RGB")
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=88, optimize=True)
    return output.getvalue()


def _file_name(part: Part) -> str:
    return f"{part.id}.xhtml"


def _cover_body(publication: Publication, text: dict[str, str], image: str) -> HtmlElement:
    meta = publication.metadata
    alt = " – ".join(filter(None, [meta.title, meta.subtitle, ", ".join(a.name for a in meta.authors)]))
    return E.SECTION(
        E.CLASS("cover"),
        E.IMG(src=image, alt=alt, role="doc-cover"),
        **{_EPUB_TYPE: "cover", "aria-label": text["cover"]},
    )


def _part_body(publication: Publication, part: Part, text: dict[str, str]) -> HtmlElement:
    content = render_part(
        publication,
        part,
        noteref=_noteref,
        internal_href=_internal_href,
    )
    content.tag = "section"
    content.set("class", f"part {part.role.value}")
    heading = content.find(".//h1")
    if part.role is Role.ARTICLE:
        content.set(_EPUB_TYPE, "chapter")
        content.set("role", "doc-chapter")
    elif heading is not None and heading.get("id"):
        # A sidebar is a section, not an <aside>: some reading systems hide or pop up <aside>.
        content.set("aria-labelledby", heading.get("id"))
    if part.notes:
        notes = E.SECTION(E.CLASS("notes"), E.H2(text["notes"]), **{"aria-label": text["notes"]})
        for note in part.notes:
            notes.append(_note(note, text, publication))
        content.append(notes)
    if publication.options.epub.hyphenation == "soft-hyphens":
        # By default the reading system hyphenates (CSS hyphens: auto), so that search,
        # dictionary look-up and the reader's own hyphenation setting keep working.
        hyphenator = soft_hyphenator(publication.metadata.language, publication.options.hyphenation)
        if hyphenator is not None:
            hyphenator.element(content)
            content.set("class", content.get("class") + " soft-hyphens")
    return content


def _internal_href(target: Part, anchor: str) -> str:
    return f"{_file_name(target)}#{anchor}"


def _noteref(note: Note) -> HtmlElement:
    return E.A(
        str(note.number),
        E.CLASS("noteref"),
        href=f"#{note.id}",
        id=f"ref-{note.id}",
        role="doc-noteref",
        **{_EPUB_TYPE: "noteref"},
    )


def _note(note: Note, text: dict[str, str], publication: Publication) -> HtmlElement:
    aside = E.ASIDE(E.CLASS("footnote"), id=note.id, role="doc-footnote", **{_EPUB_TYPE: "footnote"})
    backlink = E.A(
        str(note.number),
        E.CLASS("note-number"),
        href=f"#ref-{note.id}",
        role="doc-backlink",
        title=text["back"],
    )
    body = note_content(note)
    resolve_cross_references(body, publication, _internal_href)
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
    entries = imprint_entries(publication)
    return E.SECTION(
        E.CLASS("imprint"), E.H1(text["imprint"]), *entries, id="imprint", **{_EPUB_TYPE: "copyright-page"}
    )


def _page_marker(number: int) -> HtmlElement:
    return E.SPAN(id=f"page-{number}", role="doc-pagebreak", **{_EPUB_TYPE: "pagebreak", "aria-label": str(number)})


def _place_page_breaks(
    starts: list[PageStart],
    bodies: dict[str, HtmlElement],
    cover: HtmlElement,
    imprint: HtmlElement,
    publication: Publication,
) -> dict[int, str]:
    """Insert a marker where each printed page begins; return the file each page's marker is in."""
    files: dict[int, str] = {}
    blocks: dict[str, tuple[str, HtmlElement]] = {}
    for part in publication.parts:
        for element in bodies[part.id].iter():
            if isinstance(element.tag, str) and element.get("data-block"):
                blocks[element.get("data-block")] = (_file_name(part), element)
    first_text = next((start.number for start in starts if start.block in blocks), len(starts) + 1)
    waiting: list[int] = []  # pages without running text (blank pages), placed with the next page
    for start in starts:
        if start.number < first_text:
            # Front matter: the cover, then the imprint (and whatever else precedes the text).
            target = cover if start.number == 1 else imprint
            target.insert(len(target) if start.number > 2 else 0, _page_marker(start.number))
            files[start.number] = "cover.xhtml" if start.number == 1 else "imprint.xhtml"
            continue
        if start.block not in blocks:
            waiting.append(start.number)
            continue
        file_name, block = blocks[start.block]
        marker = _page_marker(start.number)
        insert_marker(block, start, lambda marker=marker: marker)  # always where phrasing content may stand
        files[start.number] = file_name
        for number in waiting:  # blank pages before this one: just before its marker, in its parent
            marker.addprevious(_page_marker(number))
            files[number] = file_name
        waiting = []
    if waiting:  # the back cover and the blank pages before it: at the end of the text (a section takes them)
        last = publication.parts[-1]
        for number in waiting:
            bodies[last.id].append(_page_marker(number))
            files[number] = _file_name(last)
    return files


def _nav_body(
    publication: Publication, text: dict[str, str], starts: list[PageStart], files: dict[int, str]
) -> HtmlElement:
    items = []
    for part in contents(publication):
        entry = E.LI(E.A(part.title, href=_file_name(part.part)))
        if part.sections:
            entry.append(
                E.OL(*[E.LI(E.A(each.title, href=f"{_file_name(each.part)}#{each.anchor}")) for each in part.sections])
            )
        items.append(entry)
    toc = E.NAV(E.H1(text["contents"]), E.OL(*items), id="toc", role="doc-toc", **{_EPUB_TYPE: "toc"})
    landmarks = E.NAV(
        E.H2(text["landmarks"]),
        E.OL(
            E.LI(E.A(text["cover"], href="cover.xhtml", **{_EPUB_TYPE: "cover"})),
            E.LI(E.A(text["contents"], href="nav.xhtml#toc", **{_EPUB_TYPE: "toc"})),
            E.LI(E.A(publication.parts[0].title, href=_file_name(publication.parts[0]), **{_EPUB_TYPE: "bodymatter"})),
            E.LI(E.A(text["imprint"], href="imprint.xhtml", **{_EPUB_TYPE: "copyright-page"})),
        ),
        id="landmarks",
        hidden="hidden",
        **{_EPUB_TYPE: "landmarks", "aria-label": text["landmarks"]},
    )
    pages = E.NAV(
        E.H2(text["pages"]),
        E.OL(
            *[
                E.LI(E.A(str(start.number), href=f"{files[start.number]}#page-{start.number}"))
                for start in starts
                if start.number in files
            ]
        ),
        id="page-list",
        hidden="hidden",
        role="doc-pagelist",
        **{_EPUB_TYPE: "page-list", "aria-label": text["pages"]},
    )
    return E.DIV(toc, landmarks, pages)


def _xhtml(
    publication: Publication,
    sheets: Sequence[str],
    title: str,
    content: HtmlElement,
    body_type: str | None = None,
) -> bytes:
    """A complete XHTML5 document around ``content``, linking ``sheets``, with epub:type attributes in place."""
    language = publication.metadata.language
    root = etree.Element(
        f"{{{XHTML_NS}}}html",
        nsmap={None: XHTML_NS, "epub": EPUB_NS},
        attrib={"lang": language, "{http://www.w3.org/XML/1998/namespace}lang": language},
    )
    head = etree.SubElement(root, f"{{{XHTML_NS}}}head")
    etree.SubElement(head, f"{{{XHTML_NS}}}meta", charset="utf-8")
    etree.SubElement(head, f"{{{XHTML_NS}}}title").text = title
    for sheet in sheets:
        etree.SubElement(head, f"{{{XHTML_NS}}}link", rel="stylesheet", type="text/css", href=sheet)
    body = etree.SubElement(root, f"{{{XHTML_NS}}}body")
    if body_type:
        body.set(f"{{{EPUB_NS}}}type", body_type)
    content = lxml_html.fromstring(lxml_html.tostring(content))  # a private copy to convert
    lxml_html.html_to_xhtml(content)
    for element in content.iter():
        if not isinstance(element.tag, str):
            continue
        element.attrib.pop("data-block", None)  # the model's names have done their work
        if _EPUB_TYPE in element.attrib:
            element.set(f"{{{EPUB_NS}}}type", element.attrib.pop(_EPUB_TYPE))
    if content.tag == f"{{{XHTML_NS}}}div" and not content.attrib:
        body.extend(list(content))
    else:
        body.append(content)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True, doctype="<!DOCTYPE html>")


def _reproducible_zip(data: bytes, publication: Publication) -> bytes:
    """Repack ebooklib's zip: mimetype first and stored, every entry stamped with the build time.

    ebooklib stamps entries with the current local time, so two builds would differ.
    It also leaves xml:lang off the package element, which accessibility checkers want.
    """
    stamp = build_time(publication)
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    names.sort(key=lambda name: name != "mimetype")
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for name in names:
            content = source.read(name)
            if name.endswith("content.opf"):
                language = publication.metadata.language.encode()
                content = re.sub(rb"<package ", b'<package xml:lang="' + language + b'" ', content, count=1)
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever machine builds it
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            target.writestr(info, content, compresslevel=None if name == "mimetype" else 9)
    return output.getvalue()
