"""Total-fit line breaking end to end: the figures of the built pamphlet against WeasyPrint's first fit.

Read back from the built PDFs with the tests' own instrument (tests/typeset.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import typeset
from conftest import MANUSCRIPT, manuscript_with

from publisher.build import build
from publisher.errors import PublicationError
from publisher.layout.linebreak.total_fit import TotalFit
from publisher.reader import read_publication
from publisher.writers.pdf import SCREEN, build_document, lay_out
from publisher.writers.pdf.editions import engine


@pytest.fixture(scope="module")
def first_fit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled manuscript's screen PDF with ``[pdf] line_breaking = "first-fit"``."""
    source = manuscript_with(tmp_path_factory.mktemp("first-fit"), '[pdf]\nline_breaking = "first-fit"\n')
    (path,) = build(source, source.parent / "out", ["pdf"])
    return path


def test_total_fit_sets_tighter_lines_with_fewer_hyphens(built: dict[str, Path], first_fit: Path) -> None:
    ours, theirs = typeset.read(built["pdf"]), typeset.read(first_fit)
    assert ours.stretch() <= 1.30 < theirs.stretch()  # p95 of word gap ÷ natural space (first fit: about 1.9)
    assert max(ours.full_gaps()) <= 0.5 < max(theirs.full_gaps())  # em
    assert ours.hyphenated() < theirs.hyphenated()
    assert ours.ladder() <= 2 < theirs.ladder()
    assert ours.hyphens_ending_pages() == []


def test_punctuation_hangs_into_the_right_margin(built: dict[str, Path]) -> None:
    figures = typeset.read(built["pdf"])
    edges = typeset.right_edges(figures)
    hanging = [
        line.x1 - edge
        for page, edge in zip(figures.lines, edges, strict=True)
        for line in page
        if line.full and line.text.endswith(("\u2010", ","))  # a period may end a paragraph, set as it falls
    ]
    assert hanging and min(hanging) > 0.5  # points past the letters' edge: part of the mark's width
    assert max(hanging) < 4  # never a whole hyphen


def test_no_line_is_wider_than_its_measure() -> None:
    """In the layout itself: every line's content ends within 0.1 pt of its measure."""
    layout = lay_out(read_publication(MANUSCRIPT), SCREEN)
    lines = [line for page in layout.document.pages for line in page.text_lines if line.text.strip()]
    assert lines and max(line.width - line.measure for line in lines) <= 0.1
    # The paragraphs of running text are handed over as lines (one span each), not left to WeasyPrint.
    assert len(layout.tree.xpath("//p/span[@class='line']")) > 150


def test_first_fit_leaves_the_lines_to_weasyprint(first_fit: Path) -> None:
    source = first_fit.parent.parent / "manuscript"
    layout = lay_out(read_publication(source), SCREEN)
    assert layout.tree.xpath("//span[@class='line']") == []


def test_an_unknown_line_breaking_is_a_clear_error(tmp_path: Path) -> None:
    source = manuscript_with(tmp_path, '[pdf]\nline_breaking = "knuth"\n')
    with pytest.raises(PublicationError, match=r"\[pdf\] line_breaking must be one of 'total-fit', 'first-fit'"):
        read_publication(source)


def test_a_rebreak_takes_the_hyphen_off_a_line_and_keeps_the_line_count() -> None:
    """A page rule ("no hyphen on this page's last line") becomes a constraint of the paragraph's break."""
    publication = read_publication(MANUSCRIPT)
    tree = build_document(publication)
    breaker = TotalFit(engine(publication, SCREEN).measure(tree))
    breaker.apply(tree)
    done = 0
    for block, broken in list(breaker.broken.items()):
        hyphenated = [index for index, line in enumerate(broken.lines) if line.hyphenated]
        if not hyphenated:
            continue
        element = tree.xpath("//*[@data-block=$n]", n=block)[0]
        words = element.text_content().replace("\u2010", "").split()
        count = len(broken.lines)
        if breaker.rebreak_without_hyphen(block, hyphenated[0]):
            done += 1
            assert not broken.lines[hyphenated[0]].hyphenated
            assert len(broken.lines) == count or broken.unhyphenated
            assert len(element.findall("span")) == len(broken.lines)
            # The same text, only broken elsewhere (joined where a hyphen came off).
            rebroken = element.text_content().replace("\u2010", "").split()
            assert "".join(rebroken) == "".join(words)
        assert not breaker.rebreak_without_hyphen(block, len(broken.lines) + 5)  # no such line: nothing done
    assert done >= 5


def test_half_the_paragraphs_broken_in_a_second_process_give_the_same_lines() -> None:
    """Also after a re-break of a paragraph the other process broke: it is built again here from the original,
    and keeps what a repair set on the paragraph in the tree."""
    from lxml import html as lxml_html

    from publisher.parallel import in_second_process

    publication = read_publication(MANUSCRIPT)
    breakers, trees = [], []
    for elsewhere in (None, in_second_process):
        tree = build_document(publication)
        breaker = TotalFit(engine(publication, SCREEN).measure(tree))
        breaker.apply(tree, elsewhere)
        breakers.append(breaker)
        trees.append(tree)
    alone, shared = breakers
    assert lxml_html.tostring(trees[0]) == lxml_html.tostring(trees[1])
    assert alone.figures == shared.figures
    theirs = [block for block, broken in shared.broken.items() if broken.paragraph is None]
    assert len(theirs) >= len(shared.broken) // 3  # the second process broke a good part of them
    rebroken = 0
    for block in theirs:
        hyphenated = [index for index, line in enumerate(shared.broken[block].lines) if line.hyphenated]
        if hyphenated:
            for tree in trees:  # a repair between layouts: the paragraph starts a page
                tree.xpath("//*[@data-block=$n]", n=block)[0].set("style", "break-before: page")
            results = [breaker.rebreak_without_hyphen(block, hyphenated[0]) for breaker in breakers]
            assert results[0] == results[1]
            rebroken += results[1]
    assert rebroken >= 2
    assert lxml_html.tostring(trees[0]) == lxml_html.tostring(trees[1])
