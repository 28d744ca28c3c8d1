"""Issue 2: the bundled manuscript builds into a valid EPUB and a PDF that lose nothing."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pypdf
import pytest
from conftest import MANUSCRIPT, SEED
from extract import OPS, XHTML, epub_documents, epub_text, normalize, pdf_flow_text, pdf_text
from validate import epubcheck_problems

from publisher.typography import GENDER_WORD


def seed_paragraphs() -> list[str]:
    """The seed's paragraphs, without the dotted separator lines and the photo credit."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", SEED.read_text(encoding="utf-8")) if p.strip()]
    return [p for p in paragraphs if not re.fullmatch(r"[….]+", p) and not p.startswith("Foto:")]


def seed_sentences() -> list[str]:
    sentences = []
    for paragraph in seed_paragraphs():
        for sentence in re.split(r"(?<=[.!?…)])[\"”“’]?\s+", paragraph):
            sentence = normalize(sentence)
            # The parenthesised aside became a footnote: it is checked without its brackets.
            if sentence.startswith("(") and sentence.endswith(")"):
                sentence = sentence[1:-1]
            if sentence:
                sentences.append(sentence)
    return sentences


def note_texts(epub: Path) -> list[str]:
    notes = []
    for _name, document in epub_documents(epub):
        for aside in document.iter(f"{XHTML}aside"):
            if aside.get(f"{OPS}type") == "footnote":
                notes.append(normalize(" ".join(aside.itertext())))
    return notes


def assert_sentences_in_order(text: str, notes: list[str], sentences: list[str]) -> None:
    """Every sentence is found after the one before it, or (for notes) among the notes."""
    text = normalize(text)
    position = 0
    for sentence in sentences:
        found = text.find(sentence, position)
        if found >= 0:
            position = found + len(sentence)
            continue
        assert any(sentence in note for note in notes), f"missing or out of order: {sentence!r}"


def test_seed_has_the_expected_shape() -> None:
    sentences = seed_sentences()
    assert len(sentences) > 100
    assert len(GENDER_WORD.findall(SEED.read_text(encoding="utf-8"))) == 30


def test_epub_passes_epubcheck(built: dict[str, Path], tmp_path: Path) -> None:
    assert epubcheck_problems(built["epub"], tmp_path) == []


def test_epub_contains_every_sentence_in_order(built: dict[str, Path]) -> None:
    assert_sentences_in_order(epub_text(built["epub"], notes=False), note_texts(built["epub"]), seed_sentences())


def test_pdf_contains_every_sentence_in_order(built: dict[str, Path]) -> None:
    # Footnotes are printed at the foot of their page, out of the running order:
    # they are taken out of the flow and checked on their own.
    notes = note_texts(built["epub"])
    heads = [document.findtext(f".//{XHTML}title") for _name, document in epub_documents(built["epub"])]
    heads.append(pypdf.PdfReader(built["pdf"]).metadata.title)
    flow = pdf_flow_text(built["pdf"], heads, notes)
    # The cross-reference prints the sidebar's page ("siehe S. 10") where the EPUB keeps the author's words.
    reader = pypdf.PdfReader(built["pdf"])
    sidebar_page = reader.get_destination_page_number(reader.named_destinations["elite"]) + 1
    assert f"(siehe S. {sidebar_page})" in flow
    flow = flow.replace(f"(siehe S. {sidebar_page})", "(siehe Artikel unten)")
    assert_sentences_in_order(flow, notes, seed_sentences())
    everything = normalize(pdf_text(built["pdf"]))
    for note in notes:
        assert note in everything


def test_sentence_check_catches_a_dropped_sentence(built: dict[str, Path]) -> None:
    sentences = seed_sentences()
    text = normalize(epub_text(built["epub"])).replace(sentences[40], "")
    with pytest.raises(AssertionError, match="missing or out of order"):
        assert_sentences_in_order(text, [], sentences)


@pytest.mark.parametrize("output", ["epub", "pdf"])
def test_gender_star_words_are_intact(built: dict[str, Path], output: str) -> None:
    text = epub_text(built["epub"]) if output == "epub" else pdf_text(built["pdf"])
    expected = Counter(GENDER_WORD.findall(SEED.read_text(encoding="utf-8")))
    found = Counter(GENDER_WORD.findall(text.replace("\u00ad", "")))
    missing = expected - found
    assert not missing, missing


def test_no_emphasis_starts_or_ends_inside_a_word(built: dict[str, Path]) -> None:
    for name, document in epub_documents(built["epub"]):
        for element in document.iter(f"{XHTML}em", f"{XHTML}strong"):
            before = element.getprevious().tail if element.getprevious() is not None else element.getparent().text
            after = element.tail or ""
            assert not re.search(r"[^\W\d_][*:_]?$", before or ""), f"{name}: emphasis starts inside a word"
            assert not re.match(r"^[*:_]?[^\W\d_]", after), f"{name}: emphasis ends inside a word"
    assert "<em>innen" not in "".join(epub_text(built["epub"]))


def test_epub_note_calls_link_to_their_notes(built: dict[str, Path]) -> None:
    calls = 0
    for name, document in epub_documents(built["epub"]):
        ids = {element.get("id"): element for element in document.iter() if element.get("id")}
        for link in document.iter(f"{XHTML}a"):
            if link.get(f"{OPS}type") != "noteref":
                continue
            calls += 1
            assert link.get("role") == "doc-noteref"
            note = ids[link.get("href").lstrip("#")]
            assert note.get(f"{OPS}type") == "footnote" and note.get("role") == "doc-footnote", name
            backlink = note.find(f".//{XHTML}a[@role='doc-backlink']")
            assert backlink is not None and backlink.get("href") == f"#{link.get('id')}"
            assert link.text == backlink.text
    assert calls >= 3


def test_pdf_note_calls_link_to_their_notes(built: dict[str, Path]) -> None:
    reader = pypdf.PdfReader(built["pdf"])
    destinations = reader.named_destinations
    note_links = []
    for page_number, page in enumerate(reader.pages):
        for annotation in page.get("/Annots", []) or []:
            annotation = annotation.get_object()
            destination = str(annotation.get("/Dest", ""))
            if destination.startswith("note-"):
                note_links.append((page_number, destination))
    assert len(note_links) >= 3
    for page_number, destination in note_links:
        assert destination in destinations
        # The note is printed on the page of its call.
        assert reader.get_destination_page_number(destinations[destination]) == page_number
    for note in ["Vertrag über kollektive Sicherheit", "Pandora Papers sind", "Zwei von Kirgisiens Präsidenten"]:
        assert note in normalize(pdf_text(built["pdf"]))


def test_cross_reference_points_to_the_sidebar(built: dict[str, Path]) -> None:
    for _name, document in epub_documents(built["epub"]):
        for link in document.iter(f"{XHTML}a"):
            if "siehe" in "".join(link.itertext()):
                assert link.get("href") == "elite.xhtml#elite"
                return
    pytest.fail("no cross-reference found")


def test_cli_builds_and_reports_errors(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "publisher", "build", str(MANUSCRIPT), "-o", str(tmp_path), "--format", "epub"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    # Beside the EPUB: the no-op state, the layout cache of the screen edition (whose page list the EPUB
    # takes) and the lock.
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".publisher-layout-cache",
        ".publisher-lock",
        ".publisher-state.json",
        "kasachstan-2022.epub",
    ]

    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "publication.toml").write_text('title = "x"\ndate = 2024-01-01\n[[parts]]\nfile = "a.md"\n')
    result = subprocess.run([*command[:4], str(broken), "-o", str(tmp_path / "out")], capture_output=True, text=True)
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "publication.toml" in result.stderr and "a.md" in result.stderr
    assert "Traceback" not in result.stderr


def test_right_pages_carry_the_part_title_after_its_first_page(built: dict[str, Path]) -> None:
    import pdfplumber

    from publisher.reader import read_publication

    article = read_publication(MANUSCRIPT).parts[0]
    with pdfplumber.open(built["pdf"]) as pdf:
        heads = []
        for page in pdf.pages:
            top = [char for char in page.chars if char["size"] < 8 and char["top"] < 20 * 72 / 25.4]
            heads.append("".join(char["text"] for char in top))
    first = next(number for number, page in enumerate(heads, start=1) if number > 2 and not page)  # no head
    later_right = [number for number in range(first + 2, len(heads), 2) if article.title[:20] in heads[number - 1]]
    assert later_right, heads  # a right page of the article after its first shows the article's title
    assert all(heads[number - 1] for number in range(first + 1, first + 5)), heads
