"""Issue 12: real manuscripts, in the styles people write them, build into valid outputs that keep every word.

Each manuscript in ``tests/corpus/`` is built once per session by the command line (in a process of its
own, with a time limit: nothing may hang), then read back: EPUBCheck, every word of the source in both
outputs in order, and the constructs each manuscript is there for.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
import pypdf
import pytest
from extract import OPS, XHTML, epub_documents
from fuzz.markdown_words import first_missing, readable, strip_front_matter, words
from fuzz.outputs import (
    PdfLine,
    Run,
    element_lines,
    epub_body_text,
    epubcheck_problems,
    pdf_flow,
    pdf_lines,
    run_build,
)
from lxml import etree

CORPUS = Path(__file__).resolve().parent / "corpus"
MANUSCRIPTS = sorted(path.name for path in CORPUS.iterdir() if (path / "publication.toml").is_file())
ALL_FORMATS = "english-pamphlet"  # the one manuscript built into every format
BUILD_SECONDS = 120

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{[^}]*\})?\s*#*\s*$")
_SCENE_BREAK = re.compile(r"^ {0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@dataclass
class Manuscript:
    name: str
    source: Path
    parts: list[Path]
    run: Run
    output: Path
    outputs: dict[str, Path] = field(default_factory=dict)

    def texts(self) -> list[str]:
        return [part.read_text(encoding="utf-8") for part in self.parts]

    def errors(self) -> list[str]:
        return [line for line in self.run.stderr.splitlines() if line.startswith("error:")]

    def warnings(self) -> list[str]:
        return [line for line in self.run.stderr.splitlines() if line.startswith("warning:")]

    def require(self, *formats: str) -> None:
        if self.run.returncode is None:
            pytest.fail(f"{self.name}: the build did not end within {BUILD_SECONDS} s:\n{self.run.stderr}")
        assert self.run.returncode == 0, f"{self.name}: exit {self.run.returncode}\n{self.run.stderr}"
        for name in formats:
            assert name in self.outputs, f"{self.name}: no {name} written\n{self.run.stderr}"


class Corpus:
    """Builds the manuscripts the first time a test asks for one, and keeps what it read."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.built: dict[str, Manuscript] = {}
        self._pdf_lines: dict[str, list[PdfLine]] = {}

    def __getitem__(self, name: str) -> Manuscript:
        if not self.built:
            # Two builds at a time: the machines that run the suite have two cores.
            with ThreadPoolExecutor(max_workers=2) as pool:
                self.built = dict(zip(MANUSCRIPTS, pool.map(self._build, MANUSCRIPTS), strict=True))
        return self.built[name]

    def _build(self, name: str) -> Manuscript:
        source = CORPUS / name
        config = tomllib.loads((source / "publication.toml").read_text(encoding="utf-8"))
        parts = [source / part["file"] for part in config["parts"]]
        formats = ("pdf", "print", "booklet", "epub") if name == ALL_FORMATS else ("pdf", "epub")
        output = self.output / name
        run = run_build(source, output, formats, timeout=BUILD_SECONDS)
        manuscript = Manuscript(name, source, parts, run, output)
        if run.returncode == 0:
            for path in output.iterdir():
                kind = {".epub": "epub", "-print.pdf": "print", "-booklet.pdf": "booklet"}
                found = next((k for suffix, k in kind.items() if path.name.endswith(suffix)), None)
                if found is None and path.suffix == ".pdf":
                    found = "pdf"
                if found:
                    manuscript.outputs[found] = path
        return manuscript

    def pdf_lines(self, name: str) -> list[PdfLine]:
        if name not in self._pdf_lines:
            self._pdf_lines[name] = pdf_lines(self[name].outputs["pdf"])
        return self._pdf_lines[name]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return Corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="session")
def epubcheck_results(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """EPUBCheck's problems per manuscript, all books checked in one Java process."""
    epubs = {name: corpus[name].outputs["epub"] for name in MANUSCRIPTS if "epub" in corpus[name].outputs}
    problems = epubcheck_problems(list(epubs.values()), tmp_path_factory.mktemp("epubcheck"))
    return {name: problems[path] for name, path in epubs.items()}


# --- reading the source ---------------------------------------------------------------------------


def outside_fences(text: str) -> list[str]:
    """The part's lines that are not inside fenced code, front matter taken off."""
    lines, fence = [], None
    for line in strip_front_matter(text).split("\n"):
        opening = _FENCE.match(line)
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
        elif opening:
            fence = opening.group(1)
        else:
            lines.append(line)
    return lines


def source_headings(text: str) -> list[tuple[int, str]]:
    found = []
    for line in outside_fences(text):
        match = _HEADING.match(line)
        if match:
            found.append((len(match.group(1)), match.group(2)))
    return found


def stanzas(text: str) -> list[list[str]]:
    """Paragraphs every line of which ends in a hard break (two spaces or a backslash), but the last."""
    found = []
    for block in re.split(r"\n\s*\n", strip_front_matter(text)):
        lines = block.split("\n")
        if len(lines) > 1 and all(line.endswith(("  ", "\\")) for line in lines[:-1]):
            found.append([line.rstrip(" \\") for line in lines])
    return found


def scene_breaks(text: str) -> list[list[str]]:
    """For each scene break, the first words of the text after it."""
    lines = outside_fences(text)
    found = []
    for index, line in enumerate(lines):
        if _SCENE_BREAK.match(line) and (index == 0 or not lines[index - 1].strip()):
            following = next((later for later in lines[index + 1 :] if later.strip()), "")
            found.append(words(readable(following).running)[:3])
    return found


# --- reading the outputs --------------------------------------------------------------------------


def content_documents(epub: Path) -> list[etree._Element]:
    """The parts' documents: the spine without cover and imprint."""
    documents = []
    for _name, document in epub_documents(epub):
        body = document.find(f"{XHTML}body")
        types = {kind for element in body.iter() for kind in (element.get(f"{OPS}type") or "").split()}
        if not types & {"cover", "copyright-page"}:
            documents.append(document)
    return documents


def all_elements(epub: Path, tag: str) -> list[etree._Element]:
    return [element for document in content_documents(epub) for element in document.iter(f"{XHTML}{tag}")]


def prose_without_code(epub: Path) -> str:
    """The parts' text with code taken out, a line per block."""
    lines = []
    for document in content_documents(epub):
        body = etree.fromstring(etree.tostring(document.find(f"{XHTML}body")))
        for code in list(body.iter(f"{XHTML}pre", f"{XHTML}code")):
            if code.getparent() is not None:
                _drop_keep_tail(code)
        lines.extend(element_lines(body))
    return "\n".join(lines)


def _drop_keep_tail(element: etree._Element) -> None:
    previous, parent = element.getprevious(), element.getparent()
    if previous is not None:
        previous.tail = (previous.tail or "") + " " + (element.tail or "")
    else:
        parent.text = (parent.text or "") + " " + (element.tail or "")
    parent.remove(element)


def lines_spelling(lines: list[PdfLine], target: list[str]) -> list[int] | None:
    """The indices of consecutive PDF lines whose words are exactly ``target``, or None."""
    for start, line in enumerate(lines):
        got = words(line.text)
        if not got or target[: len(got)] != got:
            continue
        end = start
        while len(got) < len(target) and end + 1 < len(lines):
            more = words(lines[end + 1].text)
            if not more or target[len(got) : len(got) + len(more)] != more:
                break
            got, end = got + more, end + 1
        if got == target:
            return list(range(start, end + 1))
    return None


def body_font(lines: list[PdfLine]) -> tuple[str, float]:
    return Counter(font for line in lines for font in line.fonts).most_common(1)[0][0]


def context(needles: list[str], index: int) -> str:
    before, after = " ".join(needles[max(0, index - 8) : index]), " ".join(needles[index + 1 : index + 6])
    return f"{before} [[{needles[index]}]] {after}"


# --- every manuscript -----------------------------------------------------------------------------

EXPECTED_WARNINGS = {"technical": [r"guide\.md:\d+: .*/index\.html"]}


@pytest.mark.parametrize("name", MANUSCRIPTS)
def test_builds_in_time_without_errors(corpus: Corpus, name: str) -> None:
    manuscript = corpus[name]
    manuscript.require("pdf", "epub")
    assert manuscript.errors() == []
    expected = EXPECTED_WARNINGS.get(name, [])
    unexpected = [w for w in manuscript.warnings() if not any(re.search(p, w) for p in expected)]
    assert unexpected == [], "\n".join(unexpected)
    for pattern in expected:
        assert any(re.search(pattern, w) for w in manuscript.warnings()), (pattern, manuscript.run.stderr)


@pytest.mark.parametrize("name", MANUSCRIPTS)
def test_epub_passes_epubcheck(corpus: Corpus, epubcheck_results: dict[str, list[str]], name: str) -> None:
    corpus[name].require("epub")
    assert epubcheck_results[name] == []


@pytest.mark.parametrize("name", MANUSCRIPTS)
def test_every_word_in_the_epub_in_order(corpus: Corpus, name: str) -> None:
    manuscript = corpus[name]
    manuscript.require("epub")
    found = words(epub_body_text(manuscript.outputs["epub"]))
    assert_words_in_order(manuscript, found)


@pytest.mark.parametrize("name", MANUSCRIPTS)
def test_every_word_in_the_pdf_in_order(corpus: Corpus, name: str) -> None:
    manuscript = corpus[name]
    manuscript.require("pdf")
    found = words(pdf_flow(corpus.pdf_lines(name)))
    assert_words_in_order(manuscript, found)


def assert_words_in_order(manuscript: Manuscript, found: list[str]) -> None:
    # Running heads, folios, the cover and note numbers are extra words; a subsequence allows them.
    # Notes leave the running order in every output (page foot, part end): each is checked on its own.
    running: list[str] = []
    notes: list[list[str]] = []
    for text in manuscript.texts():
        source = readable(text)
        running += words(source.running)
        notes += [words(note) for note in [*source.notes, *source.captions]]
    missing = first_missing(running, found)
    assert missing is None, f"running text: missing or out of order: {context(running, missing)}"
    for note in notes:
        missing = first_missing(note, found)
        assert missing is None, f"note: missing or out of order: {context(note, missing)}"


@pytest.mark.parametrize("name", MANUSCRIPTS)
def test_headings_at_their_level_in_both_outputs(corpus: Corpus, name: str) -> None:
    manuscript = corpus[name]
    manuscript.require("pdf", "epub")
    epub_headings = [
        (int(etree.QName(h).localname[1]), words("".join(h.itertext())))
        for document in content_documents(manuscript.outputs["epub"])
        for h in document.iter(*(f"{XHTML}h{level}" for level in range(1, 7)))
    ]
    lines = corpus.pdf_lines(name)
    body = body_font(lines)
    last_page = lines[-1].page
    lines = [line for line in lines if 2 <= line.page < last_page]  # not the covers, where the title stands too
    for text in manuscript.texts():
        for level, heading in source_headings(text):
            wanted = words(readable(heading).running)
            assert (level, wanted) in epub_headings, f"EPUB: no h{level} {heading!r}"
            indices = lines_spelling(lines, wanted)
            assert indices is not None, f"PDF: {heading!r} is not set as a line of its own"
            fonts = {font for index in indices for font in lines[index].fonts}
            assert body not in fonts, f"PDF: {heading!r} looks like body text ({fonts})"


@pytest.mark.parametrize("name", MANUSCRIPTS)
def test_text_stays_in_the_type_area(corpus: Corpus, name: str) -> None:
    """Nothing runs past the right edge of the justified text (a long code line, a long word)."""
    manuscript = corpus[name]
    manuscript.require("pdf")
    lines = corpus.pdf_lines(name)
    body = body_font(lines)
    pages = max(line.page for line in lines) + 1
    inner = [line for line in lines if 2 <= line.page < pages - 1]  # not the covers and the imprint
    # Left and right pages have their type area in different places; justified lines reach its edge.
    right = {
        parity: max((line.x1 for line in inner if line.page % 2 == parity and body in line.fonts), default=0)
        for parity in (0, 1)
    }
    for line in inner:
        edge = right[line.page % 2] or line.x1
        assert line.x1 <= edge + 1.5, f"page {line.page + 1}: {line.text!r} ends at {line.x1:.1f} > {edge:.1f}"


# The marks each manuscript's typed quotes and apostrophes must become.
QUOTES = {
    "poetry": "„“’",
    "english-pamphlet": "“”‘’",
    "technical": "’",
    "legal": "„“",
    "novel": "„“",
    "french": "«»’",
    "swiss": "«»‹›’",
}


def bundled_families() -> tuple[str, ...]:
    """The font families ``styles/fonts.css`` declares, as the PDF names them ("Publisher Serif": Publisher-Serif…)."""
    css = (Path(__file__).resolve().parent.parent / "styles" / "fonts.css").read_text(encoding="utf-8")
    families = set(re.findall(r'font-family:\s*"([^"]+)"', css))
    return tuple(family.replace(" ", "-") for family in families) + tuple(families)


# What the typed text must have become, in the EPUB (whose spaces are the characters typography chose).
NO_BREAK = "[\u00a0\u202f]"
TYPESET = {
    "poetry": [rf"entwich\.{NO_BREAK}–", "’s Gewitter", "’ne Weile", "nicht ’ran", "Kron’ und", "„Mein Sohn,"],
    "english-pamphlet": ["it’s fair", "the ’90s", "“We wanted tomatoes,”", "‘the parliament of weeds’", "7–9 p", "—"],
    "technical": ["project’s homepage", "browser’s copy"],
    "legal": [
        rf"§{NO_BREAK}3\sAbs\.{NO_BREAK}2",
        rf"§§{NO_BREAK}4 bis 6",
        r"„Kleingartenverein Am Mühlbach e\.\sV\.“",
    ],
    "novel": ["„Lene!“, rief er", rf"selbst\.“{NO_BREAK}– Er zog", r"Daumen\s–"],
    "french": [
        rf"«{NO_BREAK}Je n’ai pas vu",
        rf"1987{NO_BREAK}!{NO_BREAK}»",
        rf"jours{NO_BREAK};",
        rf"ceci{NO_BREAK}:",
        "l’eau",
        "Aujourd’hui",
    ],
    "swiss": [r"«Das hat es seit Jahren nicht gegeben\.»", "‹nein›", "gab’s Fondue"],
}


@pytest.mark.parametrize("name", MANUSCRIPTS)
def test_only_the_bundled_fonts(corpus: Corpus, name: str) -> None:
    """No glyph comes from a font the machine happens to have (a list bullet, a symbol)."""
    manuscript = corpus[name]
    manuscript.require("pdf")
    foreign = {
        (face, line.chars[index])
        for line in corpus.pdf_lines(name)
        for index, (face, _size) in enumerate(line.fonts)
        if not face.split("+", 1)[-1].startswith(bundled_families())
    }
    assert foreign == set(), f"PDF: characters set in fonts that are not bundled: {sorted(foreign)}"


@pytest.mark.parametrize("name", MANUSCRIPTS)
def test_quotes_and_dashes_for_the_language(corpus: Corpus, name: str) -> None:
    manuscript = corpus[name]
    manuscript.require("pdf", "epub")
    language = tomllib.loads((manuscript.source / "publication.toml").read_text(encoding="utf-8")).get("language", "de")
    texts = {"EPUB": prose_without_code(manuscript.outputs["epub"])}
    if not any(readable(text).code_lines for text in manuscript.texts()):
        texts["PDF"] = pdf_flow(corpus.pdf_lines(name))
    wanted = QUOTES[name]
    unwanted = {"de": "«»”", "de-CH": "„“”", "fr": "„“”", "en": "„«»"}[language]
    for output, text in texts.items():
        assert '"' not in text, f"{output}: a straight double quote is left: {snippet(text, chr(34))}"
        assert "'" not in text, f"{output}: a straight single quote is left: {snippet(text, chr(39))}"
        assert "--" not in text, f"{output}: a typed dash '--' is left: {snippet(text, '--')}"
        dash = re.search(r"(?<!\S)-(?!\w)", text)
        assert not dash, f"{output}: a hyphen typed for a dash is left: {text[dash.start() - 40 : dash.end() + 20]!r}"
        for mark in wanted:
            assert mark in text, f"{output}: no {mark!r} in a {language} text"
        for mark in unwanted:
            assert mark not in text, f"{output}: {mark!r} in a {language} text: {snippet(text, mark)}"
        # Only the EPUB's text has the spaces as typed characters; PDF extraction makes its own.
        if language == "fr" and output == "EPUB":
            assert not re.search(r"« | »| [;:!?]", text), f"{output}: a breaking space at « » ; : ! ?"
    prose = texts["EPUB"]
    for pattern in TYPESET[name]:
        assert re.search(pattern, prose), f"EPUB: nothing matches {pattern!r}"


def snippet(text: str, needle: str) -> str:
    index = text.find(needle)
    return repr(text[max(0, index - 40) : index + 40])


# --- the constructs -------------------------------------------------------------------------------


def test_verse_lines_in_both_outputs(corpus: Corpus) -> None:
    manuscript = corpus["poetry"]
    manuscript.require("pdf", "epub")
    verse = [line for text in manuscript.texts() for stanza in stanzas(text) for line in stanza]
    assert len(verse) > 40
    epub_lines = [words(line) for line in epub_body_text(manuscript.outputs["epub"]).split("\n")]
    lines = corpus.pdf_lines("poetry")
    backslashes = [line.text for line in lines if "\\" in line.text]
    assert backslashes == [], "PDF: backslash hard breaks printed"
    hanging = 0
    for line in verse:
        wanted = words(readable(line).running)
        assert wanted in epub_lines, f"EPUB: {line!r} is not a line of its own"
        start = next((i for i, pdf in enumerate(lines) if wanted[:4] == words(pdf.text)[:4]), None)
        assert start is not None, f"PDF: {line!r} does not start a line"
        first = words(pdf_flow(lines[start : start + 1]))
        if first == wanted:
            continue
        assert wanted[: len(first)] == first, f"PDF: {line!r} shares its line: {lines[start].text!r}"
        # Too long for the measure: it runs on, indented under its own start.
        rest = lines[start + 1]
        joined = words(pdf_flow(lines[start : start + 2]))
        assert wanted[: len(joined)] == joined[: len(wanted)], f"PDF: {line!r} does not run on: {rest.text!r}"
        assert rest.x0 > lines[start].x0 + 3, f"PDF: the run-on of {line!r} is not indented"
        hanging += 1
    assert hanging >= 3


@pytest.mark.parametrize("name", ["poetry", "novel"])
def test_scene_breaks_in_both_outputs(corpus: Corpus, name: str) -> None:
    manuscript = corpus[name]
    manuscript.require("pdf", "epub")
    breaks = [after for text in manuscript.texts() for after in scene_breaks(text)]
    assert len(breaks) >= 4
    assert len(all_elements(manuscript.outputs["epub"], "hr")) == len(breaks)
    epub_text = prose_without_code(manuscript.outputs["epub"])
    assert "* * *" not in epub_text and "***" not in epub_text
    lines = corpus.pdf_lines(name)
    with pdfplumber.open(manuscript.outputs["pdf"]) as pdf:
        drawings = [
            [(item["top"], item["bottom"]) for item in page.lines + page.rects + page.curves] for page in pdf.pages
        ]
    for after in breaks:
        index = next(i for i, line in enumerate(lines) if words(line.text)[:3] == after)
        previous = lines[index - 1]
        if previous.page != lines[index].page:
            continue  # the break falls at a page's top; the running head stands before it
        ornament = not words(previous.text) and previous.text.strip()
        drawn = any(previous.bottom <= top <= lines[index].top for top, _ in drawings[lines[index].page])
        assert ornament or drawn, f"PDF: nothing marks the scene break before {' '.join(after)!r}"


def test_notes_with_several_paragraphs(corpus: Corpus) -> None:
    manuscript = corpus["english-pamphlet"]
    manuscript.require("pdf", "epub")
    sources = [note for text in manuscript.texts() for note in readable(text).notes]
    asides = [a for a in all_elements(manuscript.outputs["epub"], "aside") if a.get(f"{OPS}type") == "footnote"]
    assert len(asides) == len(sources) == 3
    for aside, source in zip(asides, sources, strict=True):
        paragraphs = [p for p in re.split(r"\n\s*\n", source.strip()) if p.strip()]
        assert len(aside.findall(f".//{XHTML}p")) == len(paragraphs)
    # In print each note is a footnote: each of its paragraphs starts a line, smaller than the text.
    lines = corpus.pdf_lines("english-pamphlet")
    body_size = body_font(lines)[1]
    for source in sources:
        for paragraph in re.split(r"\n\s*\n", source.strip()):
            start = words(paragraph)[:4]
            # The note's number may stand before its first word, with no space character between.
            found = [line for line in lines if start == words(line.text.lstrip(string.digits + " "))[:4]]
            assert found, f"PDF: no line starts the note paragraph {' '.join(start)!r}"
            sizes = {size for _face, size in found[0].fonts}
            assert max(sizes) < body_size, f"PDF: the note {' '.join(start)!r} is set at {sizes}"


def test_figure_with_caption(corpus: Corpus) -> None:
    manuscript = corpus["english-pamphlet"]
    manuscript.require("pdf", "epub")
    figures = all_elements(manuscript.outputs["epub"], "figure")
    image_figures = [f for f in figures if f.find(f".//{XHTML}img") is not None]
    assert len(image_figures) == 1
    figure = image_figures[0]
    assert figure.find(f".//{XHTML}img").get("src").endswith("chart.png")
    assert figure.find(f".//{XHTML}img").get("alt").startswith("A bar chart")
    caption = figure.find(f"{XHTML}figcaption")
    assert caption is not None and words("".join(caption.itertext())) == words("Gardens in the borough per year")
    lines = corpus.pdf_lines("english-pamphlet")
    caption_lines = lines_spelling(lines, words("Gardens in the borough per year"))
    assert caption_lines is not None, "PDF: the caption is not a line of its own"
    with pdfplumber.open(manuscript.outputs["pdf"]) as pdf:
        page = pdf.pages[lines[caption_lines[0]].page]
        assert page.images, "PDF: no image on the caption's page"
        image = page.images[0]
        assert image["bottom"] <= lines[caption_lines[0]].top + 1, "PDF: the caption is not under the image"


TABLES = {
    "english-pamphlet": ("Gardens and members in the borough, 1991--2005", 5),
    "technical": (None, 4),
    "legal": (None, 6),
}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_tables_in_both_outputs(corpus: Corpus, name: str) -> None:
    manuscript = corpus[name]
    manuscript.require("pdf", "epub")
    caption, rows = TABLES[name]
    tables = all_elements(manuscript.outputs["epub"], "table")
    assert tables
    table = tables[0]
    assert len(table.findall(f".//{XHTML}tr")) == rows
    assert table.find(f".//{XHTML}th") is not None
    if caption:
        caption_element = table.find(f"{XHTML}caption")
        if caption_element is None and table.getparent().tag == f"{XHTML}figure":
            caption_element = table.getparent().find(f"{XHTML}figcaption")
        assert caption_element is not None, "EPUB: the table has no caption"
        assert words("".join(caption_element.itertext())) == words(caption)
        assert "table" not in words("".join(caption_element.itertext())[:6]), "the 'Table:' marker is kept"
        assert lines_spelling(corpus.pdf_lines(name), words(caption)) is not None, "PDF: no caption line"
    # In print each row stands on a line of its own, its cells in order.
    lines = corpus.pdf_lines(name)
    for row in table.iter(f"{XHTML}tr"):
        if len(" ".join("".join(cell.itertext()) for cell in row)) > 50:
            continue  # cells that may wrap in their columns
        cells = [words("".join(cell.itertext())) for cell in row]
        line_words = [words(line.text) for line in lines]
        assert any(
            first_missing([w for cell in cells for w in cell], found) is None and found[: len(cells[0])] == cells[0]
            for found in line_words
        ), f"PDF: the row {cells} is not one line"


DEFINITIONS = {"technical": ["Build", "Deploy", "Cache"], "legal": ["Kleingarten", "Gemeinschaftsfläche", "Pächter"]}


@pytest.mark.parametrize("name", sorted(DEFINITIONS))
def test_definition_lists_in_both_outputs(corpus: Corpus, name: str) -> None:
    manuscript = corpus[name]
    manuscript.require("pdf", "epub")
    lists = all_elements(manuscript.outputs["epub"], "dl")
    assert len(lists) == 1
    terms = ["".join(dt.itertext()).strip() for dt in lists[0].findall(f"{XHTML}dt")]
    assert terms == DEFINITIONS[name]
    assert len(lists[0].findall(f"{XHTML}dd")) == len(terms)
    lines = corpus.pdf_lines(name)
    body = body_font(lines)
    for term in terms:
        indices = lines_spelling(lines, words(term))
        assert indices is not None, f"PDF: the term {term!r} is not a line of its own"
        assert body not in lines[indices[0]].fonts, f"PDF: the term {term!r} is set like the definitions"


def test_code_in_both_outputs(corpus: Corpus) -> None:
    manuscript = corpus["technical"]
    manuscript.require("pdf", "epub")
    blocks = all_elements(manuscript.outputs["epub"], "pre")
    assert len(blocks) == 3
    assert all(block.find(f"{XHTML}code") is not None for block in blocks)
    epub_code = "\n".join("".join(block.itertext()) for block in blocks)
    source = readable((manuscript.source / "guide.md").read_text(encoding="utf-8"))
    for line in source.code_lines:
        assert line in epub_code, f"EPUB: the code line {line!r} is not kept as typed"
    assert max(len(line) for line in source.code_lines) >= 200
    lines = corpus.pdf_lines("technical")
    drawn = "".join(line.chars for line in lines).replace(" ", "")
    fonts = [font for line in lines for char, font in zip(line.chars, line.fonts, strict=True) if char != " "]
    assert len(fonts) == len(drawn)
    for needle in [*source.code_lines, "site.toml", "build/site/", "304 Not Modified", "--verbose"]:
        needle = needle.replace(" ", "")
        if not needle:
            continue
        start = drawn.find(needle)
        assert start >= 0, f"PDF: the code {needle!r} is missing"
        faces = {font[0] for font in fonts[start : start + len(needle)]}
        assert all("mono" in face.casefold() for face in faces), f"PDF: {needle!r} is set in {faces}"


def nesting(element: etree._Element, kind: str) -> int:
    """How deep lists of one kind (``ul``, ``ol``) nest inside ``element`` (a list in a list in a list: 3)."""
    depths = [nesting(child, kind) for child in element]
    own = 1 if etree.QName(element).localname == kind else 0
    return own + max(depths, default=0)


def test_nested_lists(corpus: Corpus) -> None:
    for name, kinds in (("technical", {"ol": 4, "ul": 4}), ("english-pamphlet", {"ul": 3})):
        manuscript = corpus[name]
        manuscript.require("epub")
        for kind, depth in kinds.items():
            lists = all_elements(manuscript.outputs["epub"], kind)
            assert max(nesting(element, kind) for element in lists) == depth, (name, kind)
    ordered = [ol for ol in all_elements(corpus["technical"].outputs["epub"], "ol") if nesting(ol, "ol") == 4]
    loose = [li for li in ordered[0].iter(f"{XHTML}li") if li.find(f"{XHTML}p") is not None]
    assert loose, "technical: the loose item lost its paragraphs"


def test_long_ordered_list_crosses_pages(corpus: Corpus) -> None:
    manuscript = corpus["legal"]
    manuscript.require("pdf", "epub")
    longest = max(all_elements(manuscript.outputs["epub"], "ol"), key=len)
    assert len(longest) == 40
    lines = corpus.pdf_lines("legal")
    first = next(i for i, line in enumerate(lines) if words(line.text)[:3] == words("1. Äpfel, Birnen"))
    last = next(i for i, line in enumerate(lines) if words(line.text)[:4] == words("40. alle übrigen Pflanzen"))
    assert lines[last].page > lines[first].page
    markers = [line.text.split()[0] for line in lines[first : last + 1] if re.match(r"\d+\.\s", line.text)]
    assert markers == [f"{number}." for number in range(1, 41)]


def test_links_abbreviations_and_a_website_link(corpus: Corpus) -> None:
    manuscript = corpus["technical"]
    manuscript.require("epub")
    links = {a.get("href"): "".join(a.itertext()) for a in all_elements(manuscript.outputs["epub"], "a")}
    assert links.get("https://example.org/") == "project’s homepage"
    assert links.get("http://www.example.com/rfc9110") == "HTTP specification"
    assert not any(href and href.endswith("index.html") for href in links), links
    assert "links back home." in prose_without_code(manuscript.outputs["epub"])
    titles = {"".join(a.itertext()): a.get("title") for a in all_elements(manuscript.outputs["epub"], "abbr")}
    assert titles == {"HTML": "HyperText Markup Language", "HTTP": "Hypertext Transfer Protocol"}


def test_front_matter_is_not_text(corpus: Corpus) -> None:
    manuscript = corpus["legal"]
    manuscript.require("pdf", "epub")
    for output, text in (
        ("EPUB", epub_body_text(manuscript.outputs["epub"])),
        ("PDF", pdf_flow(corpus.pdf_lines("legal"))),
    ):
        found = words(text)
        for key in ("keywords", "lang", "author"):
            assert key not in found, f"{output}: the front matter is printed"
    first = content_documents(manuscript.outputs["epub"])[0].find(f"{XHTML}body")
    section = first.find(f".//{XHTML}section")
    assert etree.QName(next(iter(section.iter(*(f"{XHTML}h{n}" for n in range(1, 7)))))).localname == "h1"
    assert section.find(f".//{XHTML}hr") is None, "the front matter's --- became a rule"


def test_repeated_headings_get_their_own_ids(corpus: Corpus) -> None:
    manuscript = corpus["legal"]
    manuscript.require("epub")
    headings = [
        h
        for document in content_documents(manuscript.outputs["epub"])
        for h in document.iter(*(f"{XHTML}h{n}" for n in range(1, 7)))
    ]
    repeated = [h for h in headings if "".join(h.itertext()).strip() == "Allgemeine Vorschriften"]
    assert len(repeated) == 4
    ids = [h.get("id") for h in headings]
    assert all(ids) and len(set(ids)) == len(ids)
    paragraph_one = [h for h in headings if words("".join(h.itertext()))[:1] == ["1"]]
    assert len(paragraph_one) == 3


def test_numbered_chapter_files(corpus: Corpus) -> None:
    manuscript = corpus["novel"]
    manuscript.require("pdf", "epub")
    documents = content_documents(manuscript.outputs["epub"])
    titles = [words("".join(doc.find(f".//{XHTML}h1").itertext())) for doc in documents]
    assert titles == [words(t) for t in ("Erstes Kapitel: Aufbruch", "Zweites Kapitel", "Der Fluss", "Ärger")]
    reference = next(a for a in all_elements(manuscript.outputs["epub"], "a") if "dritten" in "".join(a.itertext()))
    target_file, _, target_id = reference.get("href").partition("#")
    assert target_id == "fluss"
    assert documents[2].find(".//*[@id='fluss']") is not None
    assert target_file == "" or target_file.endswith(".xhtml")


def test_every_format_of_one_manuscript(corpus: Corpus) -> None:
    manuscript = corpus[ALL_FORMATS]
    manuscript.require("pdf", "print", "booklet", "epub")
    screen = len(pypdf.PdfReader(manuscript.outputs["pdf"]).pages)
    printed = len(pypdf.PdfReader(manuscript.outputs["print"]).pages)
    booklet = len(pypdf.PdfReader(manuscript.outputs["booklet"]).pages)
    assert printed % 4 == 0 and printed >= screen
    assert booklet == printed // 2
