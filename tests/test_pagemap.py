"""Issue 12: the EPUB's page-break markers are valid XHTML wherever a printed page begins.

One small publication puts each construct in a part of its own, long enough
that several screen-PDF pages begin inside it: bulleted, ordered (loose) and
nested lists, a table, a definition list, a block quote with notes, a code
block and figures.
"""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from extract import OPS, XHTML, dehyphenate, epub_documents, normalize
from hypothesis import given
from hypothesis import strategies as st
from lxml.html import builder as E
from lxml.html import fragment_fromstring, tostring
from PIL import Image, ImageDraw
from validate import epubcheck_problems

from publisher.build import build
from publisher.pagemap import PageStart, insert_marker, place_before

TEXT = (
    "Die Beschäftigten der Werft legten am Montag die Arbeit nieder und forderten höhere Löhne, "
    "kürzere Schichten sowie einen Tarifvertrag für alle Leiharbeiter aus der Region"
)
WORDS = TEXT.split()
# Elements whose content model takes no phrasing content (HTML Living Standard, "content models").
NO_PHRASING = {"ul", "ol", "menu", "dl", "table", "thead", "tbody", "tfoot", "tr", "colgroup", "select", "hgroup"}
MM = 72 / 25.4
TOP_MARGIN, BOTTOM_MARGIN = 17 * MM, 20 * MM  # styles/pdf.css @page: running heads and folios stand outside
LIST_MARKER = re.compile(r"^(?:[•◦▪‣∙·–]|\d+\.)\s+")
COMPARED = 40  # characters (white space not counted) compared after each marker
FRONT_MATTER = ("cover.xhtml", "imprint.xhtml")  # pages whose text the EPUB words differently
CONSTRUCTS = {  # part file -> the element several pages must begin inside
    "liste": "ul",
    "nummern": "ol",
    "verschachtelt": "ul",
    "tabelle": "table",
    "begriffe": "dl",
    "zitat": "blockquote",
    "code": "pre",
    "bilder": "figure",
}


def sentence(index: int, length: int) -> str:
    return " ".join(WORDS[(index * 7 + k) % len(WORDS)] for k in range(length)) + "."


def code_lines() -> list[str]:
    # The same first 40 characters on many lines: which one a page begins with
    # is told only by the text laid out before it.
    return [f"ergebnis = berechne(wert, faktor, grenze)  # {n}" for n in range(150)]


def manuscript() -> dict[str, str]:
    parts = {
        "liste": ["# Liste", "", "Vorweg ein Satz.", ""]
        + [f"- Punkt {n}: {sentence(n, 9 + n % 9)}" for n in range(70)],
        "nummern": ["# Nummern", ""]
        + [f"{n + 1}. Schritt {n}: {sentence(n, 12 + n % 11)}\n" for n in range(45)]
        + ["    Ein zweiter Absatz im letzten Schritt.", ""],
        "verschachtelt": ["# Verschachtelt", ""],
        "tabelle": ["# Tabelle", "", "| Jahr | Ereignis |", "|---|---|"]
        + [f"| {1900 + n} | {sentence(n, 4 + n % 5)} |" for n in range(110)],
        "begriffe": ["# Begriffe", ""],
        "zitat": ["# Zitat", "", "Wie es hieß:", ""],
        "code": ["# Code", "", "Das Programm:", "", "```", *code_lines(), "```", "", "Danach."],
        "bilder": ["# Bilder", ""],
    }
    for n in range(24):
        parts["verschachtelt"] += [f"- Gruppe {n}: {sentence(n, 6)}"]
        for k in range(1 + n % 3):
            parts["verschachtelt"] += [f"    - Unterpunkt {n}.{k}: {sentence(n + k, 8 + 5 * k)}"]
        parts["verschachtelt"] += [f"        - Unterpunkt {n}.{k}.{j}: {sentence(n + j, 10)}" for j in range(n % 2 + 1)]
    for n in range(45):
        parts["begriffe"] += [f"Begriff {n}", f":   Erklärung {n}: {sentence(n, 10 + n % 13)}", ""]
    quote = []
    for n in range(20):
        call = f"[^z{n}]" if n % 4 == 1 else ""
        quote += [f"> Absatz {n}: {' '.join(sentence(n + k, 9) for k in range(5))}{call}", ">"]
    parts["zitat"] += [*quote[:-1], "", "Ende des Zitats.", ""]
    parts["zitat"] += [f"[^z{n}]: Anmerkung {n}: {sentence(n, 8)}" for n in range(1, 20, 4)]
    for n in range(14):
        parts["bilder"] += [
            f'<figure><img src="bild.png" alt="Bild {n}" width="300" height="160">'
            f"<figcaption>Abbildung {n}: {sentence(n, 8)}</figcaption></figure>",
            "",
            f"Text {n}: {sentence(n, 12 + n % 3 * 9)}",
            "",
        ]
    return {name: "\n".join(lines) + "\n" for name, lines in parts.items()}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    source = tmp_path_factory.mktemp("seitenmarken")
    config = 'title = "Seitenmarken"\ndate = 2024-05-01\nlanguage = "de"\n'
    for name, text in manuscript().items():
        (source / f"{name}.md").write_text(text, encoding="utf-8")
        config += f'\n[[parts]]\nfile = "{name}.md"\n'
    (source / "publication.toml").write_text(config, encoding="utf-8")
    image = Image.new("RGB", (300, 160), (200, 210, 220))
    ImageDraw.Draw(image).rectangle((40, 30, 260, 130), fill=(120, 40, 30))
    image.save(source / "bild.png")
    pdf, epub = build(source, tmp_path_factory.mktemp("output"), ["pdf", "epub"])
    return {"pdf": pdf, "epub": epub}


def markers(epub: Path) -> list[tuple[str, object]]:
    """(document name, marker element) of every page-break marker, in reading order."""
    found = []
    for name, document in epub_documents(epub):
        found += [(name, span) for span in document.iter(f"{XHTML}span") if span.get(f"{OPS}type") == "pagebreak"]
    return found


def local(element: object) -> str:
    return element.tag.removeprefix(XHTML)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", normalize(text))


def texts_after_markers(epub: Path) -> dict[int, tuple[str, str]]:
    """For each page: (the text up to the next marker, the text from the marker to the end of its document)."""
    result = {}
    for _name, document in epub_documents(epub):
        spans = [span for span in document.iter(f"{XHTML}span") if span.get(f"{OPS}type") == "pagebreak"]
        for span in spans:
            span.text = f"\ue000{span.get('aria-label')}\ue000"
        pieces = "".join(document.find(f"{XHTML}body").itertext()).split("\ue000")
        for span in spans:
            span.text = None
        labels = pieces[1::2]
        segments = pieces[2::2]
        for index, label in enumerate(labels):
            result[int(label)] = (segments[index], "".join(segments[index:]))
    return result


def pdf_page_texts(pdf: Path) -> list[str]:
    """Each page's running text from its first line on: no running head, folio or repeated table header."""
    pages = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            lines = sorted(page.extract_text_lines(), key=lambda line: line["top"])
            lines = [line["text"] for line in lines if TOP_MARGIN - 1 <= line["top"] <= page.height - BOTTOM_MARGIN]
            pages.append(lines)
    first_lines = [lines[0] for lines in pages if lines]
    texts = []
    for lines in pages:
        if lines and first_lines.count(lines[0]) >= 2:  # a table header WeasyPrint repeats on each page
            lines = lines[1:]
        lines = [LIST_MARKER.sub("", line) for line in lines]  # bullets and numbers are not the EPUB's text
        texts.append(dehyphenate("\n".join(lines)))
    return texts


def test_epubcheck_finds_nothing(outputs: dict[str, Path], tmp_path: Path) -> None:
    assert epubcheck_problems(outputs["epub"], tmp_path) == []


def test_one_marker_per_page_in_page_order(outputs: dict[str, Path]) -> None:
    pages = len(pdfplumber.open(outputs["pdf"]).pages)
    labels = [int(span.get("aria-label")) for _name, span in markers(outputs["epub"])]
    assert labels == list(range(1, pages + 1))
    assert pages > 25


def test_markers_stand_only_where_phrasing_content_may(outputs: dict[str, Path]) -> None:
    for _name, span in markers(outputs["epub"]):
        parent = span.getparent()
        assert local(parent) not in NO_PHRASING, (span.get("aria-label"), local(parent))
        assert not (local(parent) == "div" and local(parent.getparent()) == "dl")
        figure = next((a for a in span.iterancestors() if local(a) == "figure"), None)
        if local(parent) == "figure":
            children = [local(child) for child in parent]
            if "figcaption" in children:  # the caption comes first or last
                assert children.index("figcaption") in (0, len(children) - 1), children
        assert figure is None or local(parent) in ("figure", "figcaption")


def test_code_keeps_its_text(outputs: dict[str, Path]) -> None:
    document = dict(epub_documents(outputs["epub"]))["EPUB/code.xhtml"]
    (pre,) = document.iter(f"{XHTML}pre")
    assert "".join(pre.itertext()) == "\n".join(code_lines()) + "\n"


def test_pages_begin_inside_every_construct(outputs: dict[str, Path]) -> None:
    # Inside, or (the page begins with it) right before it.
    begins: dict[str, int] = {}
    for name, span in markers(outputs["epub"]):
        part = name.removeprefix("EPUB/").removesuffix(".xhtml")
        construct = CONSTRUCTS.get(part)
        before = span.getnext() is not None and local(span.getnext()) == construct and not (span.tail or "").strip()
        if construct and (before or any(local(a) == construct for a in span.iterancestors())):
            begins[part] = begins.get(part, 0) + 1
    assert {part: begins.get(part, 0) >= 2 for part in CONSTRUCTS} == dict.fromkeys(CONSTRUCTS, True), begins
    nested = [s for _n, s in markers(outputs["epub"]) if len([a for a in s.iterancestors() if local(a) == "ul"]) > 1]
    assert len(nested) >= 2, "pages must begin in nested lists"


def test_each_marker_is_followed_by_its_pages_text(outputs: dict[str, Path]) -> None:
    pdf_texts = pdf_page_texts(outputs["pdf"])
    after = texts_after_markers(outputs["epub"])
    front = {int(s.get("aria-label")) for name, s in markers(outputs["epub"]) if name.endswith(FRONT_MATTER)}
    checked = 0
    for number, page_text in enumerate(pdf_texts, start=1):
        if number in front:
            continue
        up_to_next, onwards = after[number]
        page, following = squash(page_text), squash(onwards)
        if not page:  # a blank page or the back cover: its marker stands right before the next page's
            assert squash(up_to_next) == "", number
            continue
        length = min(COMPARED, len(page))
        assert following[:length] == page[:length], (number, following[:length], page[:length])
        checked += 1
    assert checked > 20


def test_figures_are_on_their_printed_pages(outputs: dict[str, Path]) -> None:
    epub_pages = []
    page = 0
    for _name, document in epub_documents(outputs["epub"]):
        for element in document.iter(f"{XHTML}span", f"{XHTML}img"):
            if local(element) == "span" and element.get(f"{OPS}type") == "pagebreak":
                page = int(element.get("aria-label"))
            elif local(element) == "img" and (element.get("alt") or "").startswith("Bild "):
                epub_pages.append(page)
    with pdfplumber.open(outputs["pdf"]) as pdf:
        pdf_pages = [
            number
            for number, pdf_page in enumerate(pdf.pages, start=1)
            for image in pdf_page.images
            if abs(image["width"] - 300 * 0.75) < 2
        ]
    assert len(epub_pages) == 14
    assert epub_pages == pdf_pages
    first_on_page = [p for p in epub_pages if p not in epub_pages[: epub_pages.index(p)]]
    assert len(first_on_page) >= 3


# place_before and insert_marker on their own, in trees no layout needs to produce.

BLOCK_HTML = st.sampled_from(
    [
        "<ul><li>eins</li><li>zwei</li><li>drei</li></ul>",
        "<ol><li>eins<ul><li>innen</li><li>auch</li></ul></li><li>zwei</li></ol>",
        "<dl><dt>Wort</dt><dd>Erklärung</dd><dt>Noch</dt><dd>mehr</dd></dl>",
        "<dl><div><dt>Wort</dt><dd>Erklärung</dd></div><div><dt>Noch</dt><dd>mehr</dd></div></dl>",
        "<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>a</td><td>b</td></tr>"
        "<tr><td>c</td><td>d</td></tr></tbody></table>",
        "<figure><figcaption>Oben</figcaption><p>Bild</p></figure>",
        "<figure><p>Bild</p><figcaption>Unten</figcaption></figure>",
        "<blockquote><p>eins</p><p>zwei</p></blockquote>",
        "<pre><code>x = 1\ny = 2</code></pre>",
    ]
)


@given(BLOCK_HTML, st.data())
def test_place_before_keeps_markers_valid_and_in_front_of_the_text(html: str, data: st.DataObject) -> None:
    root = fragment_fromstring(f"<section><p>Vorher</p>{html}<p>Nachher</p></section>")
    targets = [e for e in root.iter() if e.tag in ("li", "dt", "dd", "td", "th", "p", "figcaption", "pre", "tr")]
    target = data.draw(st.sampled_from(targets))
    expected = target.text_content()
    marker = E.SPAN(id="m")
    place_before(target, marker)
    assert marker.getparent().tag not in NO_PHRASING
    assert not (marker.getparent().tag == "div" and marker.getparent().getparent().tag == "dl")
    if marker.getparent().tag == "figure":
        assert [c.tag for c in marker.getparent()].index("figcaption") in (0, len(marker.getparent()) - 1)
    marker.text = "\ue000"
    following = "".join(root.itertext()).split("\ue000", 1)[1]
    assert re.sub(r"\s+", "", following).startswith(re.sub(r"\s+", "", expected))
    assert "".join(target.itertext()).replace("\ue000", "") == expected


@given(st.integers(min_value=3, max_value=60), st.data())
def test_a_continued_line_is_found_among_equal_lines(count: int, data: st.DataObject) -> None:
    lines = [f"summe = summe + wert * faktor - abzug  # {n % 3}" for n in range(count)]
    line = data.draw(st.integers(min_value=1, max_value=count - 1))
    drift = data.draw(st.integers(min_value=-3, max_value=3))  # the layout's count may differ a little
    pre = fragment_fromstring(f"<pre><code>{chr(10).join(lines)}</code></pre>")
    before = sum(len(re.sub(r"\s", "", text)) for text in lines[:line])
    start = PageStart(5, "b", lines[line], True, max(0, before + drift))
    insert_marker(pre, start, lambda: E.SPAN(id="m"))
    text = tostring(pre, encoding="unicode")
    assert re.sub(r"<[^>]+>", "", text) == "\n".join(lines)
    assert text.split('<span id="m"></span>')[0].count("\n") == line
