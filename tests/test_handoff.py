"""The hand-off of chosen lines to WeasyPrint: items from a paragraph, one nowrap span per line, laid out as chosen."""

from __future__ import annotations

import copy
import io
import uuid
from pathlib import Path

import pdfplumber
import pypdf
import pytest
from conftest import MANUSCRIPT
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml.html import HtmlElement
from lxml.html import builder as E

from publisher.hyphenation import HYPHEN, SOFT_HYPHEN
from publisher.layout.linebreak.breaker import break_lines
from publisher.layout.linebreak.handoff import LineSpec, hand_off, rewrite
from publisher.layout.linebreak.paragraph import atoms_of, build, is_footnote, opportunities
from publisher.layout.linebreak.total_fit import TotalFit
from publisher.layout.pages import LaidOut
from publisher.layout.weasy.engine import pdf_bytes
from publisher.layout.weasy.measure import WeasyMeasure
from publisher.reader import read_publication
from publisher.writers.pdf.document import build_document
from publisher.writers.pdf.editions import SCREEN, engine

TOLERANCE = 0.1  # points
NOTE = "Die Anmerkung steht genau einmal am Fuß der Seite."
TEXT = (
    "Die Versammlung der Delegierten beschloss nach stundenlanger Aussprache, die Verhandlungen mit der "
    "Regierung fortzusetzen, obwohl die Arbeitsbedingungen in den Produktionsstätten unverändert schlecht "
    "blieben. *Die Gewerkschaftsvertreterinnen forderten eine unverzügliche Überprüfung der Sicherheitsvorschriften "
    "und eine Entschädigung der betroffenen Familien*[^n] und kündigten weitere Kundgebungen an. "
    "Die Landesregierung reagierte zurückhaltend auf die Forderungen und verwies auf die angespannte "
    "Haushaltslage, die keine zusätzlichen Ausgaben erlaube.\n\n"
    "Ein zweiter Absatz folgt mit Einrückung und gewöhnlichem Text, der ebenfalls über mehrere Zeilen läuft, "
    "damit auch die erste Zeile mit ihrem Einzug gemessen wird und die letzte Zeile natürlich bleibt.\n\n"
    f"[^n]: {NOTE}\n"
)


def _publication(root: Path) -> Path:
    root.mkdir(parents=True)
    toml = ['title = "Probeheft"', 'language = "de"', "date = 2024-05-01", 'authors = ["A. Autorin"]']
    toml += ["[[parts]]", 'file = "text.md"', 'role = "article"']
    (root / "publication.toml").write_text("\n".join(toml) + "\n", encoding="utf-8")
    (root / "text.md").write_text(TEXT, encoding="utf-8")
    return root


def _flow_text(element: HtmlElement, measure: WeasyMeasure | None = None) -> str:
    """The text of ``element`` as a reader sees it in the line: footnotes' content left out.

    With ``measure``, the text the style sheets generate (a cross-reference's page number) is put in.
    """
    parts: list[str] = []

    def visit(node: HtmlElement) -> None:
        if not is_footnote(node):
            parts.append(node.text or "")
            for child in node:
                if isinstance(child.tag, str):
                    visit(child)
                    parts.append(measure.generated(child) if measure is not None else "")
                parts.append(child.tail or "")

    visit(element)
    return "".join(parts)


@pytest.fixture(scope="module", params=["small", "bundled"])
def laid_out(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A publication laid out first-fit and total-fit: the small one above, and the bundled manuscript."""
    root = _publication(tmp_path_factory.mktemp("handoff") / "pub") if request.param == "small" else MANUSCRIPT
    publication = read_publication(root)
    first_fit_tree = build_document(publication)
    tree = copy.deepcopy(first_fit_tree)
    layout_engine = engine(publication, SCREEN)
    first_fit = layout_engine.render(first_fit_tree)
    measure = WeasyMeasure(layout_engine, tree, first_fit.anchor_pages())
    chosen: dict[str, list[str]] = {}
    for element in tree.iter("p"):
        paragraph = build(element, measure) if element.get("data-block") else None
        if paragraph is None:
            continue
        lines = break_lines(
            paragraph.items,
            [paragraph.metrics.measure],
            letter_stretch=paragraph.letter_stretch,
            letter_shrink=paragraph.letter_shrink,
        )
        assert lines is not None
        hand_off(paragraph, lines, measure)
        chosen[element.get("data-block")] = [_flow_text(span, measure).strip() for span in element]
    total_fit = layout_engine.render(tree)
    stamp, document_id = 0, uuid.UUID(int=0)
    return {
        "name": request.param,
        "tree": tree,
        "chosen": chosen,
        "total_fit": total_fit,
        "first_fit": first_fit,
        "pdf": pdf_bytes(total_fit, SCREEN.variant, document_id, stamp),
        "first_fit_pdf": pdf_bytes(first_fit, SCREEN.variant, document_id, stamp),
    }


def test_the_laid_out_lines_are_the_chosen_lines_flush_with_the_measure(laid_out: dict) -> None:
    chosen = laid_out["chosen"]
    assert len(chosen) >= 2 and all(len(lines) >= 2 for lines in chosen.values())
    laid: dict[str, list] = {}
    for page in laid_out["total_fit"].pages:
        for line in page.text_lines:
            if line.block in chosen:
                laid.setdefault(line.block, []).append(line)
    for block, lines in chosen.items():
        assert [line.text.strip() for line in laid[block]] == lines
        for line in laid[block][:-1]:
            assert abs(line.width - line.measure) <= TOLERANCE, line
        assert all(line.width <= line.measure + TOLERANCE for line in laid[block])
    if laid_out["name"] != "small":
        return
    # The emphasis crosses a line end and was split; the hyphenator's breaks were offered and some taken.
    tree = laid_out["tree"]
    assert len(tree.xpath("//p//span[@class='line']/em")) >= 2
    assert any(line.endswith(HYPHEN) for lines in chosen.values() for line in lines)
    assert not any(SOFT_HYPHEN in _flow_text(span) for span in tree.xpath("//span[@class='line']"))


def _pdf_words(data: bytes, body: bool = True) -> list[str]:
    """The words of the PDF; with ``body`` of the running text alone (set at 10 pt: notes, folios and heads are not)."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = [page.filter(lambda obj: abs(obj.get("size", 10) - 10) < 0.05) if body else page for page in pdf.pages]
        text = "\n".join(page.extract_text() or "" for page in pages)
    # A break at an explicit hyphen keeps it ("Belt-|and-Road"): the word goes on on the next line.
    return text.replace(HYPHEN + "\n", "").replace("-\n", "-").split()


def test_pdf_text_is_the_first_fit_text_and_the_note_appears_once(laid_out: dict) -> None:
    words = _pdf_words(laid_out["pdf"])
    assert words == _pdf_words(laid_out["first_fit_pdf"])
    for note_id in laid_out["tree"].xpath("//span[@class='footnote']/@id"):
        assert sum(page.anchors.count(note_id) for page in laid_out["total_fit"].pages) == 1
    if laid_out["name"] == "small":
        assert " ".join(_pdf_words(laid_out["pdf"], body=False)).count(NOTE) == 1


def _struct_kinds(data: bytes) -> list[tuple[str, str]]:
    """(structure type, parent's structure type) of every element of the PDF's structure tree."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    found: list[tuple[str, str]] = []
    stack = [(reader.trailer["/Root"]["/StructTreeRoot"], "")]
    while stack:
        node, parent = stack.pop()
        node = node.get_object()
        kind = str(node.get("/S", ""))
        if kind:
            found.append((kind, parent))
        kids = node.get("/K", [])
        kids = kids if isinstance(kids, list) else [kids]
        stack.extend((kid, kind or parent) for kid in kids if isinstance(kid.get_object(), dict))
    return found


def _paragraph_pieces(document: LaidOut, names: set[str]) -> int:
    """How many (page, paragraph) pairs the layout has: WeasyPrint tags a paragraph's piece on each page as a P."""
    return sum(len({line.block for line in page.text_lines if line.block in names}) for page in document.pages)


def test_structure_tree_keeps_one_p_per_paragraph(laid_out: dict) -> None:
    total, first = _struct_kinds(laid_out["pdf"]), _struct_kinds(laid_out["first_fit_pdf"])
    names = {element.get("data-block") for element in laid_out["tree"].iter("p") if element.get("data-block")}
    extra_total = sum(kind == "/P" for kind, _parent in total) - _paragraph_pieces(laid_out["total_fit"], names)
    extra_first = sum(kind == "/P" for kind, _parent in first) - _paragraph_pieces(laid_out["first_fit"], names)
    assert extra_total == extra_first
    assert ("/P", "/P") not in total


# --- the rewrite, pure --------------------------------------------------------------------------

_TEXT = st.text(alphabet="ab cdé\u00ad-–.,„“\u00a0\u202f", max_size=12)


@st.composite
def _inline(draw: st.DrawFn, depth: int = 0) -> HtmlElement:
    tag = draw(st.sampled_from(["em", "strong", "a", "code", "span", "note", "pageref"]))
    if tag == "note":
        footnote = E.SPAN(E.CLASS("footnote"), draw(_TEXT) or "n", id=f"note-{draw(st.integers(0, 10**6))}")
        element = E.SPAN(E.CLASS("note-call"), E.A("1", E.CLASS("noteref")), footnote)
    elif tag == "pageref":
        element = E.A(E.CLASS("pageref"), "siehe S.\u00a0", href="#x")
    else:
        element = E.SPAN() if tag == "span" else getattr(E, tag.upper())()
        element.tag = tag
        element.text = draw(_TEXT)
        if draw(st.booleans()):
            element.set("id", f"x{draw(st.integers(0, 10**6))}")
        if depth < 2:
            for child in draw(st.lists(_inline(depth + 1), max_size=3)):
                element.append(child)
    element.tail = draw(_TEXT)
    return element


@st.composite
def _paragraphs(draw: st.DrawFn) -> HtmlElement:
    paragraph = E.P(draw(_TEXT))
    for child in draw(st.lists(_inline(), max_size=4)):
        paragraph.append(child)
    for number, element in enumerate(paragraph.iter()):
        element.set("data-k", str(number))
    return paragraph


def _visible(text: str) -> str:
    return " ".join(text.replace(SOFT_HYPHEN, "").split())


def _own_text(element: HtmlElement) -> str:
    """The element's text and its children's, footnotes' content left out, without any white space."""
    return "".join(_flow_text(element).replace(SOFT_HYPHEN, "").replace(HYPHEN, "").split())


@settings(max_examples=300, deadline=None)
@given(_paragraphs(), st.data())
def test_rewrite_keeps_text_and_structure_for_any_breaks(paragraph: HtmlElement, data: st.DataObject) -> None:
    original = copy.deepcopy(paragraph)
    atoms = atoms_of(paragraph)
    lines, start = [], 0
    for opportunity in opportunities(atoms):
        if opportunity.end > start and data.draw(st.booleans()):
            protrude = data.draw(st.sampled_from([0.0, 0.5]))
            lines.append(LineSpec(start, opportunity.end, opportunity.kind, "white-space: nowrap", protrude, protrude))
            start = opportunity.resume
    lines.append(LineSpec(start, len(atoms), "end"))
    rewrite(paragraph, atoms, lines)

    assert paragraph.text is None and all(child.get("class") == "line" for child in paragraph)
    assert len(paragraph) == len(lines)
    assert _visible(_flow_text(paragraph).replace(HYPHEN, "")) == _visible(_flow_text(original))
    # A line broken at a soft hyphen ends with the hyphen; the next follows with no space.
    for span, line in zip(paragraph, lines, strict=True):
        if line.kind == "soft":
            assert _flow_text(span).endswith(HYPHEN) and not span.tail
    copies: dict[str, list[HtmlElement]] = {}
    for element in paragraph.iter():
        if element.get("data-k"):
            copies.setdefault(element.get("data-k"), []).append(element)
    for element in original.iter():
        key = element.get("data-k")
        if element is original or any(is_footnote(a) for a in element.iterancestors()):
            continue
        pieces = copies[key]
        assert "".join(_own_text(piece) for piece in pieces) == _own_text(element)
        parent = element.getparent().get("data-k")
        for piece in pieces:
            outer = next(a for a in piece.iterancestors() if a.get("data-k") or a.get("class") == "line")
            assert outer.get("data-k", original.get("data-k")) == parent
        if is_footnote(element):
            assert len(pieces) == 1 and pieces[0].text == element.text
        if element.get("class") == "pageref":  # its page number is generated once, after its last piece
            assert [piece.get("class") for piece in pieces] == [""] * (len(pieces) - 1) + ["pageref"]
    ids = [element.get("id") for element in paragraph.iter() if element.get("id")]
    assert sorted(ids) == sorted(element.get("id") for element in original.iter() if element.get("id"))


def test_a_rebreak_meets_its_constraints_or_changes_nothing(tmp_path: Path) -> None:
    publication = read_publication(_publication(tmp_path / "pub"))
    layout_engine = engine(publication, SCREEN)
    tree = build_document(publication)
    breaker = TotalFit(WeasyMeasure(layout_engine, tree))
    assert breaker.apply(tree).paragraphs == 2

    def lines() -> dict[str, list[str]]:
        return {p.get("data-block"): [_flow_text(s) for s in p] for p in tree.iter("p") if p.get("data-block")}

    free = lines()
    assert any(line.endswith(HYPHEN) for lines_ in free.values() for line in lines_)
    for block, chosen in free.items():
        never = frozenset(range(len(chosen)))
        if breaker.rebreak(block, never):
            assert not any(line.endswith(HYPHEN) for line in lines()[block])
        else:
            assert lines()[block] == chosen  # nothing done: the paragraph keeps its lines
    # A line more: the long paragraph has the room; a short one may not, and keeps its lines.
    longest = max(free, key=lambda block: len(free[block]))
    assert breaker.rebreak(longest, frozenset(), len(free[longest]) + 1)
    assert len(lines()[longest]) == len(free[longest]) + 1


def test_a_line_looser_than_the_breaker_allows_stretches_its_spaces_not_its_letters(tmp_path: Path) -> None:
    """A long unbreakable code word leaves the line before it loose: tracking stays within its limit."""
    from publisher.layout.linebreak.paragraph import LETTER_STRETCH

    root = _publication(tmp_path / "loose")
    code = "`markdown.inlinepatterns.InlineProcessor.handleMatch.someVeryLongAttribute`"
    (root / "text.md").write_text(f"In version 3.0, a new, more flexible inline processor: {code} and more words.\n")
    publication = read_publication(root)
    tree = build_document(publication)
    breaker = TotalFit(engine(publication, SCREEN).measure(tree))
    breaker.apply(tree)
    (paragraph,) = [p for p in tree.iter("p") if p.find_class("line")]
    first = paragraph.find_class("line")[0]
    style = dict(part.split(": ") for part in first.get("style").split("; "))
    words = float(style["word-spacing"].removesuffix("px"))
    letters = float(style.get("letter-spacing", "0px").removesuffix("px")) - (-0.01 * 10 / 0.75)
    assert letters <= LETTER_STRETCH * 10 / 0.75 + 1 / 1024  # 10 pt type, in px
    assert words > 10  # the spaces take the rest: px, several spaces' worth
