"""The Markdown people write (figures, tables, verse, scene breaks, headings, lists, notes) in PDF and EPUB."""

from __future__ import annotations

import re
import zipfile
from collections import defaultdict
from pathlib import Path

import markdown
import pdfplumber
import pytest
from extract import OPS, XHTML
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from PIL import Image
from validate import epubcheck_problems

from publisher import extensions
from publisher.build import build
from publisher.extensions.figures import split_credit
from publisher.extensions.scene_breaks import SEPARATOR_MARKS
from publisher.extensions.tables import is_number
from publisher.reader import read_publication

POEM = [
    "Über allen Gipfeln",
    "Ist Ruh,",
    "In allen Wipfeln",
    "Spürest du",
    "Kaum einen Hauch; diese Zeile ist so lang, dass sie im Satzspiegel umbricht und eingerückt weiterläuft",
    "Die Vögelein schweigen im Walde.",
]
HARD = "  "  # two spaces before the line end: a hard line break
ROWS = 60  # enough for the table to cross a page
TEXT = f"""# Konstrukte

Ein Absatz vor der Abbildung.

![Ein blaues Rechteck mit weißem Rahmen](foto.png "Ein Rechteck auf blauem Grund. Foto: Erika Muster/CC BY 4.0")

Nach der Abbildung folgt ein Gedicht.

{POEM[0]}{HARD}
{POEM[1]}\\
{POEM[2]}{HARD}
{POEM[3]}{HARD}
{POEM[4]}{HARD}
{POEM[5]}

Danach wieder Prosa.

* * *

Nach dem Szenenwechsel.

……………………………………

Nach dem gepunkteten Trenner.

## Zwei

### Drei

#### Vier

##### Fünf

###### Sechs

Text unter den Überschriften.

1. Erster Punkt
2. Zweiter Punkt
    - verschachtelt
        1. tief
3. Dritter Punkt

> Ein Zitat.
>
> > Ein Zitat im Zitat.

Ein Satz mit zwei Absätzen in der Anmerkung.[^zwei] Und einer mit Liste.[^liste]

[^zwei]: Erster Absatz der Anmerkung.

    Zweiter Absatz der Anmerkung.

[^liste]: Eine Anmerkung mit Liste:

    - Punkt eins
    - Punkt zwei

![](ohne-alt.png)

Table: Städte und Zahlen

| Stadt | Einwohner | Anteil | Betrag |
|---|---|---|---|
""" + "".join(
    f"| Stadt {i} | {i * 1234:,} | {i % 100},5 % | {'–' if i % 7 == 0 else f'{i * 3} €'} |\n".replace(",", ".", 1)
    for i in range(1, ROWS + 1)
)


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("konstrukte")
    (root / "publication.toml").write_text(
        'title = "Konstrukte"\ndate = 2024-05-01\nresponsible = "Erika Muster"\n[[parts]]\nfile = "text.md"\n',
        encoding="utf-8",
    )
    (root / "text.md").write_text(TEXT, encoding="utf-8")
    Image.new("RGB", (600, 400), (70, 110, 160)).save(root / "foto.png")
    Image.new("RGB", (200, 100), (160, 90, 60)).save(root / "ohne-alt.png")
    return root


@pytest.fixture(scope="module")
def outputs(source: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    pdf, epub = build(source, tmp_path_factory.mktemp("out"), ["pdf", "epub"])
    return {"pdf": pdf, "epub": epub}


def convert(text: str) -> etree._Element:
    """``text`` through Python-Markdown with the reader's block extensions, as a tree."""
    extension_list = ["footnotes", "attr_list", "sane_lists", "tables", "def_list", *extensions.extensions()]
    html = markdown.Markdown(extensions=extension_list).convert(text)
    return etree.fromstring(f"<body>{html}</body>")


def classes(element: etree._Element) -> list[str]:
    return (element.get("class") or "").split()


# --- the model --------------------------------------------------------------------------------


def test_the_model_has_every_construct(source: Path) -> None:
    part = read_publication(source).parts[0]
    body = part.body
    figure, bare = body.findall(".//figure")
    assert figure.find("img").get("alt") == "Ein blaues Rechteck mit weißem Rahmen"
    assert figure.find("img").get("title") is None  # the title is the caption now, not read twice
    assert figure.find("figcaption").text.strip() == "Ein Rechteck auf blauem Grund."
    assert figure.find("figcaption/span[@class='credit']").text == "Foto: Erika Muster/CC BY 4.0"
    assert bare.find("img").get("alt") == "" and bare.find("figcaption") is None
    table = body.find(".//table")
    assert table[0].tag == "caption" and table[0].text_content() == "Städte und Zahlen"
    assert [classes(th) for th in table.findall("thead/tr/th")] == [[], ["num"], ["num"], ["num"]]
    assert all("num" in classes(row[1]) for row in table.findall("tbody/tr"))
    assert all("num" in classes(row[3]) for row in table.findall("tbody/tr"))  # "–" aligns with the numbers
    assert not any("num" in classes(row[0]) for row in table.findall("tbody/tr"))
    (verse,) = body.find_class("verse")
    assert [line.text_content() for line in verse.find_class("line")] == POEM
    assert len(verse.findall(".//br")) == len(POEM) - 1
    assert len(body.findall(".//hr")) == 2
    assert [h.tag for h in body.iter("h1", "h2", "h3", "h4", "h5", "h6")] == ["h1", "h2", "h3", "h4", "h5", "h6"]
    assert [note.content.text_content().split() for note in part.notes] == [
        ["Erster", "Absatz", "der", "Anmerkung.", "Zweiter", "Absatz", "der", "Anmerkung."],
        ["Eine", "Anmerkung", "mit", "Liste:", "Punkt", "eins", "Punkt", "zwei"],
    ]
    assert len(part.notes[0].content.findall("p")) == 2
    assert part.notes[1].content.find("ul") is not None


# --- the Markdown extensions on their own -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Table: Cap\n\n| a | b |\n|---|---|\n| x | 1 |\n",
        "| a | b |\n|---|---|\n| x | 1 |\n\nTable: Cap\n",
        "| a | b |\n|---|---|\n| x | 1 |\n\n: Cap\n",
        "Table: Cap\n| a | b |\n|---|---|\n| x | 1 |\n",
        "| a | b |\n|---|---|\n| x | 1 |\nTabelle: Cap\n",
        ": Cap\n\n| a | b |\n|---|---|\n| x | 1 |\n",
    ],
    ids=["before", "after", "colon-after", "first-line", "last-line", "colon-first"],
)
def test_a_caption_before_or_after_a_table_goes_into_it(text: str) -> None:
    body = convert(text)
    assert [child.tag for child in body] == ["table"]
    assert body[0][0].tag == "caption" and body[0][0].text == "Cap"
    assert [row[0].text for row in body.iter("tr")] == ["a", "x"]  # no row was taken for the caption


def test_a_definition_is_not_taken_for_a_caption() -> None:
    body = convert("Begriff\n\n: die Erklärung\n\n| a | b |\n|---|---|\n| x | 1 |\n")
    assert [child.tag for child in body] == ["dl", "table"]
    assert body.find("dl/dt").text == "Begriff" and body.find("table/caption") is None
    body = convert("Table: kein Tisch in Sicht\n")
    assert body[0].tag == "p" and body[0].text == "Table: kein Tisch in Sicht"


@pytest.mark.parametrize(
    "text", ["1", "1.234", "1.234,50", "−3,5", "-7", "+2", "40 %", "40\u202f%", "12,50 €", "$5", "€ 3"]
)
def test_numbers_are_numbers(text: str) -> None:
    assert is_number(text)


@pytest.mark.parametrize("text", ["", "–", "Stadt 1", "1a", "2024-05-01", "1.", "ca. 5", "5 Mio."])
def test_other_cell_texts_are_not(text: str) -> None:
    assert not is_number(text)


def test_a_column_with_one_word_is_aligned_as_words() -> None:
    body = convert("| a | b |\n|---|---|\n| x | 1 |\n| y | viele |\n")
    assert classes(body.find("table/thead/tr")[1]) == []
    # A lone number among words ("off", "1") would stand against the next column.
    assert [classes(row[1]) for row in body.iter("tr")][1:] == [[], []]


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        ("Ein Platz. Foto: A/CC", "Ein Platz. ", "Foto: A/CC"),
        ("Bild: B", "", "Bild: B"),
        ("Photo: C. D.", "", "Photo: C. D."),
        ("Das Foto: ein Platz", "Das Foto: ein Platz", ""),
        ("Ohne Nachweis.", "Ohne Nachweis.", ""),
    ],
)
def test_the_photo_credit_is_the_captions_last_sentence(text: str, caption: str, credit: str) -> None:
    assert split_credit(text) == (caption, credit)


@pytest.mark.parametrize(
    ("text", "verse"),
    [
        ("eins  \nzwei  \ndrei\n", True),
        ("eins\\\nzwei\n", True),
        ("eins  \nzwei\ndrei\n", False),  # one soft line break: prose with a forced break
        ("eins \\\\\nzwei\n", False),  # an escaped backslash is no break
        ("eins `code\\`  \nzwei\n", True),
        ("Kurz  \n" + "lang " * 50 + "\n", False),  # a paragraph written on one line
    ],
)
def test_a_stanza_is_a_paragraph_of_hard_broken_lines(text: str, verse: bool) -> None:
    paragraph = convert(text)[0]
    assert ("verse" in classes(paragraph)) is verse


def test_a_break_inside_emphasis_splits_it_and_keeps_one_id() -> None:
    paragraph = convert("*eins  \nzwei*{: #x} drei  \nvier\n")[0]
    lines = paragraph.findall("span")
    assert [line.xpath("string()") for line in lines] == ["eins", "zwei drei", "vier"]
    assert [em.xpath("string()") for em in paragraph.iter("em")] == ["eins", "zwei"]
    assert len(paragraph.xpath(".//*[@id='x']")) == 1


# Words and the punctuation of verse; no Markdown syntax, which would make other blocks.
_LINE = st.text(st.sampled_from("aeiouäöüßstrnlmÄÖÜ ,;?!„“’"), max_size=30).map(str.strip).filter(bool)


@given(st.lists(_LINE, min_size=2, max_size=8))
def test_a_stanza_keeps_every_character_and_its_line_ends(lines: list[str]) -> None:
    paragraph = convert("  \n".join(lines) + "\n")[0]
    assert "verse" in classes(paragraph)
    assert [line.xpath("string()") for line in paragraph.findall("span")] == lines
    # Line ends still separate the words when the text is read without markup.
    assert paragraph.xpath("string()") == "\n".join(lines)


# The marks that are no Markdown syntax of their own (*, - and _ make lists, rules or emphasis).
_PLAIN_MARKS = "".join(mark for mark in SEPARATOR_MARKS if mark not in "*-_")


@given(st.text(st.sampled_from(_PLAIN_MARKS + " "), min_size=1, max_size=20).map(str.strip).filter(bool))
def test_a_paragraph_of_separator_marks_is_a_scene_break(marks: str) -> None:
    body = convert(f"Vorher.\n\n{marks}\n\nNachher.\n")
    assert [child.tag for child in body] == ["p", "hr", "p"]


@pytest.mark.parametrize("text", ["***", "---", "___", "* * *", ". . .", "…", "—", "⁂", "· · ·", "~~~"])
def test_the_usual_scene_breaks(text: str) -> None:
    assert [child.tag for child in convert(f"Vorher.\n\n{text}\n\nNachher.\n")] == ["p", "hr", "p"]


@pytest.mark.parametrize("text", ["...und weiter", "— sagte sie", "1.", "*Betont*", "—*—*"])
def test_text_among_the_marks_is_no_scene_break(text: str) -> None:
    assert convert(text)[0].tag == "p"


# --- the EPUB ---------------------------------------------------------------------------------


def epub_part(epub: Path) -> etree._Element:
    with zipfile.ZipFile(epub) as book:
        return etree.fromstring(book.read("EPUB/text.xhtml"))


def test_the_epub_keeps_every_construct(outputs: dict[str, Path]) -> None:
    document = epub_part(outputs["epub"])
    figures = document.findall(f".//{XHTML}figure")
    assert [figure.find(f"{XHTML}img").get("alt") for figure in figures] == [
        "Ein blaues Rechteck mit weißem Rahmen",
        "",
    ]
    assert figures[0].find(f"{XHTML}figcaption").xpath("string()") == (
        "Ein Rechteck auf blauem Grund. Foto: Erika Muster/CC BY 4.0"
    )
    with zipfile.ZipFile(outputs["epub"]) as book:
        for figure in figures:
            assert book.getinfo("EPUB/" + figure.find(f"{XHTML}img").get("src")).file_size > 0
    table = document.find(f".//{XHTML}table")
    assert table[0].tag == f"{XHTML}caption" and table[0].xpath("string()") == "Städte und Zahlen"
    assert len(table.findall(f".//{XHTML}td[@class='num']")) == 3 * ROWS
    (verse,) = document.xpath(".//x:p[@class='verse']", namespaces={"x": XHTML[1:-1]})
    lines = verse.findall(f"{XHTML}span[@class='line']")
    assert [line.xpath("string()") for line in lines] == POEM
    assert all(line[-1].tag == f"{XHTML}br" for line in lines[:-1])
    assert verse.xpath("string()") == "\n".join(POEM)
    assert len(document.findall(f".//{XHTML}hr")) == 2
    for level in range(1, 7):
        assert document.find(f".//{XHTML}h{level}") is not None
    notes = document.findall(f".//{XHTML}aside[@{OPS}type='footnote']")
    assert len(notes[0].findall(f"{XHTML}p")) == 2
    assert notes[1].find(f"{XHTML}ul") is not None


def test_the_epub_passes_epubcheck(outputs: dict[str, Path], tmp_path: Path) -> None:
    assert epubcheck_problems(outputs["epub"], tmp_path) == []


# --- the PDF ----------------------------------------------------------------------------------


def pdf_pages(pdf: Path) -> list[tuple[list[dict], list[dict], str]]:
    """(words, images, text) of every page."""
    with pdfplumber.open(pdf) as document:
        return [(page.extract_words(), page.images, page.extract_text() or "") for page in document.pages]


def test_the_caption_stands_under_its_image_on_the_same_page(outputs: dict[str, Path]) -> None:
    pages = pdf_pages(outputs["pdf"])
    caption_pages = [(words, images) for words, images, text in pages if "Rechteck auf blauem Grund" in text]
    assert len(caption_pages) == 1
    words, images = caption_pages[0]
    assert images, "the caption's page has no image"
    caption_top = next(word["top"] for word in words if word["text"] == "Rechteck")
    credit = next(word for word in words if word["text"] == "Foto:")
    image = min(images, key=lambda image: abs(image["bottom"] - caption_top))
    assert 0 < caption_top - image["bottom"] < 20
    assert image["x1"] - image["x0"] == pytest.approx(max(w["x1"] for w in words) - min(w["x0"] for w in words), abs=2)
    caption_size = next(word for word in words if word["text"] == "Rechteck")["bottom"] - caption_top
    assert credit["bottom"] - credit["top"] < caption_size  # the credit in smaller type


def test_a_long_table_repeats_its_header_and_aligns_its_numbers(outputs: dict[str, Path]) -> None:
    pages = [words for words, _images, text in pdf_pages(outputs["pdf"]) if re.search(r"Stadt \d+", text)]
    assert len(pages) >= 2, "the table should cross a page"
    for words in pages:
        texts = [word["text"] for word in words]
        assert {"Stadt", "Einwohner", "Anteil", "Betrag"} <= set(texts)
        header = next(word for word in words if word["text"] == "Einwohner")
        numbers = [word for word in words if re.fullmatch(r"\d{1,3}(\.\d{3})+", word["text"])]
        assert len(numbers) > 5
        # Right-aligned: every number of the column (and its header) ends at the same x.
        assert max(n["x1"] for n in numbers) - min(n["x1"] for n in numbers) < 0.5
        assert header["x1"] == pytest.approx(numbers[0]["x1"], abs=0.5)
    seen = [int(m) for words in pages for m in re.findall(r"Stadt (\d+)", " ".join(w["text"] for w in words))]
    assert sorted(seen) == list(range(1, ROWS + 1))  # every row once, none lost at the page break


def test_verse_lines_start_at_the_margin_and_wrap_with_a_hanging_indent(outputs: dict[str, Path]) -> None:
    words = next(words for words, _images, text in pdf_pages(outputs["pdf"]) if "Gipfeln" in text)
    rows: dict[float, list[dict]] = defaultdict(list)
    for word in words:
        rows[round(word["top"])].append(word)
    lines = [sorted(row, key=lambda word: word["x0"]) for _top, row in sorted(rows.items())]
    texts = [" ".join(word["text"] for word in line) for line in lines]
    margin = lines[texts.index(next(t for t in texts if t.startswith("Nach der Abbildung")))][0]["x0"]
    first = texts.index(POEM[0])
    assert texts[first + 1 : first + 4] == POEM[1:4]
    for line in lines[first : first + 4]:
        assert line[0]["x0"] == pytest.approx(margin, abs=0.5)
    # The long line wraps: its continuation is indented by the hanging indent (2 em of 10 pt).
    assert texts[first + 4] != POEM[4] and POEM[4].startswith(texts[first + 4])
    assert lines[first + 5][0]["x0"] - margin == pytest.approx(20, abs=1)
    assert texts[first + 6] == POEM[5] and lines[first + 6][0]["x0"] == pytest.approx(margin, abs=0.5)


def test_headings_are_set_in_the_sans_and_notes_keep_their_paragraphs(outputs: dict[str, Path]) -> None:
    with pdfplumber.open(outputs["pdf"]) as document:
        words = [w for page in document.pages for w in page.extract_words(extra_attrs=["fontname", "size"])]
    headings = [word for word in words if word["text"] in ("Zwei", "Drei", "Vier")]
    assert len(headings) == 3 and all("Sans" in word["fontname"] for word in headings)
    note = [word for word in words if word["size"] < 9]  # the notes' 8 pt (the tables' is 8.5 pt)

    def top(text: str) -> float:
        return next(word["top"] for word in note if word["text"] == text)

    # The second paragraph and each list item on lines of their own, the items one under the other.
    assert top("Erster") < top("Zweiter") and top("Eine") < top("eins") < top("zwei")
    one, two = (next(word for word in note if word["text"] == text) for text in ("eins", "zwei"))
    assert two["x0"] == pytest.approx(one["x0"])


# --- notes the PDF writer does not yet set right ----------------------------------------------


@pytest.fixture(scope="module")
def notes_pdf(tmp_path_factory: pytest.TempPathFactory, source: Path) -> Path:
    root = tmp_path_factory.mktemp("noten")
    (root / "publication.toml").write_text((source / "publication.toml").read_text(), encoding="utf-8")
    (root / "foto.png").write_bytes((source / "foto.png").read_bytes())
    (root / "text.md").write_text(
        "# Noten\n\nEin Satz.[^weich] Noch einer.[^bild] Und der Text geht weiter.\n\n"
        "[^weich]: Eine Anmerkung, deren Quelltext\n    hier umbricht, mitten im Satz.\n\n"
        '[^bild]: Ein Bild:\n\n    ![Ein Rechteck](foto.png "Bildunterschrift")\n\n    Text nach dem Bild.\n',
        encoding="utf-8",
    )
    (pdf,) = build(root, tmp_path_factory.mktemp("noten-out"), ["pdf"])
    return pdf


def test_a_line_end_in_a_notes_source_does_not_end_its_printed_line(notes_pdf: Path) -> None:
    with pdfplumber.open(notes_pdf) as document:
        text = "\n".join(page.extract_text() or "" for page in document.pages)
    assert "deren Quelltext hier umbricht" in text


def test_a_figure_in_a_note_stays_in_the_note(notes_pdf: Path) -> None:
    with pdfplumber.open(notes_pdf) as document:
        words = [w for page in document.pages for w in page.extract_words(extra_attrs=["size"])]
    # The paragraph after the figure is set in the notes' 8 pt, not in the running text's 10 pt.
    assert next(word for word in words if word["text"] == "Bild.")["size"] < 9
    assert next(word for word in words if word["text"] == "weiter.")["size"] > 9


def test_a_row_with_more_cells_than_the_header_keeps_them() -> None:
    import markdown

    from publisher.extensions import extensions

    html = markdown.Markdown(extensions=["tables", *extensions()]).convert("| a | b |\n|---|---|\n| x | y | zusatz |\n")
    assert "<td>zusatz</td>" in html


def test_a_definition_without_a_term_becomes_a_paragraph() -> None:
    import markdown

    from publisher.extensions import extensions

    converter = markdown.Markdown(extensions=["tables", "def_list", *extensions()])
    html = converter.convert("| a | b |\n|---|---|\n| 1 | 2 |\n\nTable: Caption\n\n:   erste\n\n:   zweite\n")
    assert "<dd>" not in html and "<dl>" not in html and "<p>erste</p>" in html and "<p>zweite</p>" in html
    converter.reset()
    kept = converter.convert("Term\n:   Definition\n")
    assert "<dt>Term</dt>" in kept and "<dd>Definition</dd>" in kept
