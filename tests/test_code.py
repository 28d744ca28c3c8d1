"""Issue 12: code, definition lists and abbreviations in the PDF and the EPUB of a small technical text."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
import tinycss2
from extract import OPF, XHTML, epub_documents
from fontTools.ttLib import TTFont
from lxml import etree
from validate import epubcheck_problems

from publisher.build import build
from publisher.reader import read_publication
from publisher.writers.pdf import build_document

MM = 72 / 25.4
SMALLEST_MARGIN = 15 * MM  # the pages' inner and outer margins are 15 and 17 mm (styles/pdf.css)
SOFT_HYPHEN = "\u00ad"
CURLY = "„“‚‘’”–—"  # what the typography makes of quotes and dashes in prose

PYTHON = '''def greet(name: str) -> str:
    """Say hello."""
    return f"Hallo, {name}! It's 'quoted' -- and --flags --dry-run stay."
'''
# 200 characters without a space in the first 60: the line must wrap, anywhere if it has to.
LONG = (
    "Silbentrennungsalgorithmusfestlegungsverordnung_Donaudampfschifffahrt="
    + " ".join(f'--option-{n:02d}="Wert"' for n in range(10))
    + ' --ende="x"'
)
LONG = LONG + "#" * (200 - len(LONG))
INDENTED = 'for i in range(3):\n    print("eingerückt", i)\n'
INLINE = 'publisher --watch "manuskript"'
ABBREVIATION = "Hyper Text Markup Language"
PROSE = (
    "Eine Silbentrennungsvorschrift für Donaudampfschifffahrtsgesellschaften und ihre "
    "Arbeitsgemeinschaften wird im Satz getrennt, wo es nötig ist, damit die Zeilen gleichmäßig "
    "ausgeschlossen werden und die Wortabstände nicht zu groß werden."
)
# Terms with definitions of different lengths, enough to run over several pages: a term
# must never end a page (its definition follows it).
TERMS = [
    (f"Begriff {n}", " ".join(["Eine Erklärung des Begriffs mit einigen Wörtern."] * (1 + n * 7 % 5)))
    for n in range(45)
]


def manuscript() -> str:
    definitions = "\n".join(f"{term}\n:   {definition}\n" for term, definition in TERMS)
    return (
        f'# Technik\n\nDer Befehl `{INLINE}` baut das Heft neu. Er sagt "ja" und -- ein Strich.\n\n'
        f"{PROSE}\n\n```python\n{PYTHON}```\n\nEine lange Zeile:\n\n```\n{LONG}\n```\n\n"
        + "Eingerückt:\n\n"
        + "".join(f"    {line}\n" for line in INDENTED.splitlines())
        + f"\n{PROSE}\n\nHTML\n:   Die Sprache der Webseiten.\n\n{definitions}\n"
        "Das HTML ist das Ende.\n\n*[HTML]: " + ABBREVIATION + "\n"
    )


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("technik")
    (folder / "publication.toml").write_text(
        'title = "Ein technisches Heft"\ndate = 2022-01-14\nauthors = ["Anna Muster"]\n'
        '[[parts]]\nfile = "technik.md"\nrole = "article"\n'
        '[epub]\nhyphenation = "soft-hyphens"\n',
        encoding="utf-8",
    )
    (folder / "technik.md").write_text(manuscript(), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def outputs(source: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    pdf, epub = build(source, tmp_path_factory.mktemp("out"), ["pdf", "epub"])
    return {"pdf": pdf, "epub": epub}


def squeeze(text: str) -> str:
    """Text without white space: PDF text extraction drops the spaces at line ends."""
    return "".join(text.split())


def mono_lines(page: pdfplumber.page.Page) -> list[list[dict]]:
    """The page's lines' characters set in the mono, line by line (lines without any are left out)."""
    lines = [[c for c in line["chars"] if "Mono" in c["fontname"]] for line in page.extract_text_lines()]
    return [line for line in lines if line]


def text_of(chars: list[dict]) -> str:
    return "".join(c["text"] for c in chars)


# --- PDF -------------------------------------------------------------------------------------


def test_code_is_set_in_the_mono_and_prose_is_not(outputs: dict[str, Path]) -> None:
    with pdfplumber.open(outputs["pdf"]) as pdf:
        mono = "".join(text_of(line) for page in pdf.pages for line in mono_lines(page))
        prose = "".join(c["text"] for page in pdf.pages for c in page.chars if "Mono" not in c["fontname"])
    for code in (INLINE, PYTHON, LONG, INDENTED):
        assert squeeze(code) in squeeze(mono), code
    # Nothing else is set in the mono: the code, and nothing more, in the order it comes.
    assert squeeze(mono) == squeeze(INLINE + PYTHON + LONG + INDENTED)
    assert "Befehl" in prose and "Silbentrennungsvorschrift" not in squeeze(mono)


def test_code_keeps_straight_quotes_and_gets_no_hyphens(outputs: dict[str, Path]) -> None:
    with pdfplumber.open(outputs["pdf"]) as pdf:
        mono = "".join(text_of(line) for page in pdf.pages for line in mono_lines(page))
        prose = squeeze("".join(c["text"] for page in pdf.pages for c in page.chars if "Mono" not in c["fontname"]))
    assert "It's'quoted'--and--flags--dry-run" in squeeze(mono)
    assert not set(mono) & set(CURLY + SOFT_HYPHEN + "\u2010")
    # The same text outside code is typeset: German quotes, a dash, hyphenated words.
    assert "„ja“" in prose and "–" in prose
    assert "\u2010" in prose or "-" in prose.replace("Muster", "")


def test_a_long_code_line_wraps_inside_the_type_area(outputs: dict[str, Path]) -> None:
    with pdfplumber.open(outputs["pdf"]) as pdf:
        (page,) = [page for page in pdf.pages if squeeze(LONG[:60]) in squeeze(page.extract_text())]
        lines = mono_lines(page)
        first = next(n for n, line in enumerate(lines) if text_of(line).startswith(LONG[:20]))
        wrapped, taken = [], ""
        for line in lines[first:]:
            if len(squeeze(taken)) >= len(squeeze(LONG)):
                break
            wrapped.append(line)
            taken += text_of(line)
        assert squeeze(taken) == squeeze(LONG)
        assert len(wrapped) >= 4  # 200 characters of mono at 8.7 pt do not fit on one 116 mm line
        left, right = page.cropbox[0] + SMALLEST_MARGIN, page.cropbox[2] - SMALLEST_MARGIN
        # The justified prose on the same page marks the type area exactly.
        # Letters only: punctuation hangs into the margin (optical margins).
        prose = [c for c in page.chars if "Serif" in c["fontname"] and c["text"].isalnum()]
        area_left, area_right = min(c["x0"] for c in prose), max(c["x1"] for c in prose)
        # (A justified line's last glyph, a hyphen, may stand out by a fraction of a point.)
        assert left <= area_left < area_right <= right + 1
        for line in wrapped:
            assert min(c["x0"] for c in line) >= area_left
            assert max(c["x1"] for c in line) <= min(area_right, right)
        # The line starts inside the block's rule and padding; where it wraps, it hangs two
        # characters deeper, so that a reader sees one line going on, not new lines.
        start = wrapped[0][0]["x0"]
        hang = 2 * (wrapped[0][1]["x0"] - wrapped[0][0]["x0"])  # two mono advances
        assert start > area_left
        assert {round(line[0]["x0"] - start, 1) for line in wrapped[1:]} == {round(hang, 1)}


def test_code_block_has_a_rule_and_the_mono_matches_the_x_height(outputs: dict[str, Path]) -> None:
    with pdfplumber.open(outputs["pdf"]) as pdf:
        number, page = next((n, page) for n, page in enumerate(pdf.pages) if "greet" in page.extract_text())
        lines = mono_lines(page)
        block = [line for line in lines if any(word in text_of(line) for word in ("greet", "hello", "return", "dry"))]
        top, bottom = min(c["top"] for c in block[0]), max(c["bottom"] for c in block[-1])
        code_left = min(c["x0"] for line in block for c in line)
        text_left = min(c["x0"] for c in page.chars if "Serif" in c["fontname"])
        mono_size = {round(c["size"], 2) for line in lines for c in line}
        text_size = {round(c["size"], 2) for c in page.chars if "Serif" in c["fontname"]}
    assert mono_size == {8.7} and text_size == {10.0}
    assert code_left > text_left + 2 * MM  # the code stands in from the rule
    # A reader sees an unbroken rule at the left of the whole block, in the margin of the code.
    scale = 4
    image = pypdfium2.PdfDocument(outputs["pdf"])[number].render(scale=scale).to_pil().convert("L")
    x = round((text_left + 0.5) * scale)
    column = [image.getpixel((x, y)) for y in range(round(top * scale), round(bottom * scale))]
    assert max(column) < 160, "the rule is broken or missing"
    gap = [image.getpixel((x, y)) for y in range(round((top - 12) * scale), round((top - 4) * scale))]
    assert min(gap) > 200, "the rule runs on above the block"


def test_a_term_never_ends_a_page_and_its_definition_is_indented(outputs: dict[str, Path]) -> None:
    terms = {term for term, _definition in TERMS} | {"HTML"}
    ends = []
    with pdfplumber.open(outputs["pdf"]) as pdf:
        pages = [page for page in pdf.pages if "Begriff" in page.extract_text()]
        assert len(pages) >= 3
        for page in pages:
            lines = [line for line in page.extract_text_lines() if line["bottom"] < page.height - 20 * MM + 2]
            last = lines[-1]
            ends.append(last["text"])
            assert last["text"] not in terms, f"page ends with the term {last['text']!r}"
            for line in lines:
                if line["text"] in terms:
                    assert {c["fontname"].split("+")[1] for c in line["chars"]} == {"Publisher-Sans-Bold"}
                    following = lines[lines.index(line) + 1]
                    assert following["x0"] > line["x0"] + 3 * MM  # the definition is indented under it
    assert len(ends) >= 3


def test_abbreviations_print_plainly(outputs: dict[str, Path]) -> None:
    with pdfplumber.open(outputs["pdf"]) as pdf:
        (page,) = [page for page in pdf.pages if "Das HTML ist das Ende." in page.extract_text()]
        line = next(line for line in page.extract_text_lines() if line["text"] == "Das HTML ist das Ende.")
        decorations = [
            e for e in page.lines + page.rects + page.curves if line["top"] <= e["top"] <= line["bottom"] + 3
        ]
        assert decorations == []  # no dotted underline
        assert {c["fontname"].split("+")[1] for c in line["chars"]} == {"Publisher-Serif"}


def test_the_html_for_weasyprint_has_no_soft_hyphens_in_code(source: Path) -> None:
    document = build_document(read_publication(source))
    code = "".join(text for element in document.iter("code", "pre") for text in element.itertext())
    prose = "".join(text for element in document.iter("p", "dd") for text in element.itertext())
    assert SOFT_HYPHEN in prose  # the hyphenator ran
    assert SOFT_HYPHEN not in code and squeeze(LONG) in squeeze(code)


# --- EPUB ------------------------------------------------------------------------------------


def chapter(epub: Path) -> etree._Element:
    return next(document for _name, document in epub_documents(epub) if document.find(f".//{XHTML}pre") is not None)


def test_epub_keeps_the_code_as_written(outputs: dict[str, Path]) -> None:
    document = chapter(outputs["epub"])
    blocks = document.findall(f".//{XHTML}pre/{XHTML}code")
    assert [block.get("class") for block in blocks] == ["language-python", None, None]
    assert ["".join(block.itertext()) for block in blocks] == [PYTHON, LONG + "\n", INDENTED]
    inline = [code for code in document.iter(f"{XHTML}code") if code.getparent().tag == f"{XHTML}p"]
    assert ["".join(code.itertext()) for code in inline] == [INLINE]
    prose = "".join(text for p in document.iter(f"{XHTML}p") for text in p.itertext())
    assert SOFT_HYPHEN in prose and "„ja“" in prose  # the typography and the hyphenator ran, outside code


def test_epub_has_definition_lists_and_abbreviations(outputs: dict[str, Path]) -> None:
    document = chapter(outputs["epub"])
    (dl,) = document.iter(f"{XHTML}dl")
    terms = ["".join(dt.itertext()).replace(SOFT_HYPHEN, "") for dt in dl.iter(f"{XHTML}dt")]
    assert terms == ["HTML", *(term for term, _definition in TERMS)]
    assert len(dl.findall(f"{XHTML}dd")) == len(terms)
    abbreviations = list(document.iter(f"{XHTML}abbr"))
    assert len(abbreviations) == 2
    assert {(abbr.text, abbr.get("title")) for abbr in abbreviations} == {("HTML", ABBREVIATION)}


def declarations(css: str, selector: str) -> dict[str, str]:
    """The declarations of the rules whose selector list names ``selector``, later ones winning."""
    found: dict[str, str] = {}
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":
            continue
        selectors = [part.strip() for part in tinycss2.serialize(rule.prelude).split(",")]
        if selector in selectors:
            for item in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True):
                if item.type == "declaration":
                    found[item.lower_name] = tinycss2.serialize(item.value).strip()
    return found


def test_epub_embeds_the_mono_and_sets_code_in_it(outputs: dict[str, Path]) -> None:
    with zipfile.ZipFile(outputs["epub"]) as book:
        package = etree.fromstring(book.read("EPUB/content.opf"))
        items = {item.get("href"): item.get("media-type") for item in package.iter(f"{OPF}item")}
        assert items["style/fonts/LinLibertine_M.otf"] == "font/otf"
        font = TTFont(io.BytesIO(book.read("EPUB/style/fonts/LinLibertine_M.otf")))
        fonts_css = book.read("EPUB/style/fonts.css").decode()
        epub_css = book.read("EPUB/style/epub.css").decode()
    assert font["name"].getDebugName(1) == "Publisher Mono"  # renamed: "Linux Libertine" is reserved
    cmap = font.getBestCmap()
    assert all(ord(char) in cmap for char in set(INLINE + PYTHON + LONG + INDENTED) if char != "\n")
    faces = [
        tinycss2.serialize(rule.content)
        for rule in tinycss2.parse_stylesheet(fonts_css, skip_comments=True, skip_whitespace=True)
        if rule.type == "at-rule" and rule.lower_at_keyword == "font-face"
    ]
    assert len([face for face in faces if '"Publisher Mono"' in face and "fonts/LinLibertine_M.otf" in face]) == 1
    for selector in ("code", "pre"):
        assert declarations(epub_css, selector)["font-family"].startswith('"Publisher Mono"')
        assert declarations(epub_css, selector)["hyphens"] == "none"


def test_epub_passes_epubcheck(outputs: dict[str, Path], tmp_path: Path) -> None:
    assert epubcheck_problems(outputs["epub"], tmp_path) == []
