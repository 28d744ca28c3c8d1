"""Laying out again only the parts a repair changed gives the pages a whole layout would give."""

from __future__ import annotations

import copy
import io

import pypdf
import pytest
from conftest import MANUSCRIPT
from lxml.html import builder as E

from publisher.reader import read_publication
from publisher.writers import chunks, pdf
from publisher.writers.pdf import SCREEN, document_bytes, lay_out, renderer


@pytest.fixture(scope="module")
def screen() -> tuple[object, object, chunks.Render]:
    publication = read_publication(MANUSCRIPT)
    return publication, lay_out(publication, SCREEN), renderer(publication, SCREEN)


def page_texts(document: object, publication: object) -> list[str]:
    """Each page's text as a reader sees it: running heads, folios, notes and all."""
    reader = pypdf.PdfReader(io.BytesIO(document_bytes(document, publication, SCREEN)))
    return [page.extract_text() for page in reader.pages]


def test_the_repaired_layout_is_the_whole_layout_of_the_repaired_tree(screen) -> None:
    publication, layout, render = screen
    assert page_texts(layout.document, publication) == page_texts(render(layout.tree), publication)


def test_a_part_that_grows_moves_the_parts_after_it(screen) -> None:
    """Folios shift, a sidebar changes sides, a cross-reference's number follows its target."""
    publication, layout, render = screen
    tree = copy.deepcopy(layout.tree)
    article = tree.body.find_class("article")[0]
    index = list(tree.body).index(article)
    filler = "Ein Absatz, der nur da ist, um den Artikel länger zu machen, damit alles danach weiterrückt. " * 14
    article.extend([E.P(filler, **{"data-block": f"filler-{n}"}) for n in range(4)])
    before = chunks.whole(layout.document, tree)
    composed = chunks.relayout(before, tree, {index}, render)
    assert composed is not None
    expected = render(tree)
    assert len(expected.pages) > len(layout.document.pages)  # the parts after the article did move
    assert page_texts(composed.document, publication) == page_texts(expected, publication)
    anchors = chunks.anchor_pages(composed.document)
    assert anchors["elite"] == chunks.anchor_pages(expected)["elite"] > chunks.anchor_pages(layout.document)["elite"]


def test_a_change_in_one_part_leaves_the_others_pages_alone(screen) -> None:
    publication, layout, render = screen
    tree = copy.deepcopy(layout.tree)
    last = tree.body.find_class("part")[-1]
    index = list(tree.body).index(last)
    paragraph = next(p for p in last.iter("p") if p.text and len(p.text) > 40)
    paragraph.text = paragraph.text.replace(" ", "  ", 1)  # no visible change: only this part is laid out again
    composed = chunks.relayout(chunks.whole(layout.document, tree), tree, {index}, render)
    owners = [chunks.page_owner(page) for page in composed.document.pages]
    kept = [page for page, owner in zip(composed.document.pages, owners, strict=True) if owner != index]
    assert kept and all(page in layout.document.pages for page in kept)
    assert page_texts(composed.document, publication) == page_texts(layout.document, publication)


def _parts_with_long_notes(base, paragraphs: int):
    """Three parts, each ending in a paragraph whose long note may be carried onto the next part's page."""
    tree = copy.deepcopy(base)
    for child in list(tree.body)[2:]:
        tree.body.remove(child)
    for k in range(3):
        text = [E.P("Wort " * 60, **{"data-block": f"b{k}-{i}"}) for i in range(paragraphs if k == 0 else 3)]
        # footnote-policy auto: WeasyPrint may then move the note alone to the following page.
        note = E.SPAN(E.CLASS("footnote"), "Fußnote " * 80, id=f"note-{k}", style="footnote-policy: auto")
        call = E.SPAN(E.CLASS("note-call"), E.A(E.CLASS("noteref"), "1", href=f"#note-{k}", id=f"ref-note-{k}"), note)
        last = E.P("Ende ", call, " Schluss.", **{"data-block": f"b{k}-end"})
        tree.body.append(E.ARTICLE(E.CLASS("part article"), E.H1(f"Teil {k}"), *text, last))
    tree.body.append(E.SECTION(E.CLASS("back-cover")))
    chunks.mark_chunks(tree)
    return tree


def test_parts_sharing_a_page_are_laid_out_together(screen) -> None:
    """A page holding the note of one part and the text of the next depends on both: they are one unit."""
    publication, _layout, render = screen
    from publisher.writers.pdf import build_document

    base = build_document(publication)
    for paragraphs in range(4, 40):
        tree = _parts_with_long_notes(base, paragraphs)
        document = render(tree)
        owners = [chunks.page_owner(page) for page in document.pages]
        page = chunks.anchor_pages(document).get("note-0", 0)
        if page and owners[page - 1] not in (None, 2):
            break
    else:
        raise AssertionError("no layout carried the note into the next part: the test needs another set-up")
    later = owners[page - 1]
    units = chunks._units(document, owners, chunks._note_homes(tree), len(tree.body))
    assert units[later] == units[2] == 2  # the note's part and the part its note was carried into
    tree.body[later].append(E.P("Nachtrag", **{"data-block": "added"}))  # only the later part changes
    composed = chunks.relayout(chunks.whole(document, tree), tree, {later}, render)
    expected = render(tree)
    assert composed is not None
    assert pdf.lost_notes(composed.document) == pdf.lost_notes(expected) == {}
    assert page_texts(composed.document, publication) == page_texts(expected, publication)
