"""Issue 3 end to end: German typography and hyphenation in the built outputs."""

from __future__ import annotations

import itertools
import re
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from conftest import MANUSCRIPT, manuscript_with
from extract import XHTML, epub_documents, epub_text, pdf_text

from publisher.build import build
from publisher.reader import read_publication

VOWELS = set("aeiouyäöüAEIOUYÄÖÜéè")


def hard_error(before: str, after: str) -> str | None:
    """A break German never allows, judged without a dictionary: why, or None."""
    fragment_before = re.findall(r"[^\W\d_]+$", before)
    fragment_after = re.findall(r"^[^\W\d_]+", after)
    if not fragment_before or not fragment_after:
        return None
    left, right = fragment_before[0], fragment_after[0]
    if not VOWELS & set(left) or not VOWELS & set(right):
        return f"a part without a vowel: {left}-{right}"
    if left[-1:].lower() == "c" and right[:1].lower() in "hk":  # c|h, c|k and sc|h
        return f"a break inside ch/ck/sch: {left}-{right}"
    return None


@pytest.fixture(scope="module")
def soft_hyphen_epub(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled manuscript built with [epub] hyphenation = "soft-hyphens"."""
    source = manuscript_with(tmp_path_factory.mktemp("soft"), '[epub]\nhyphenation = "soft-hyphens"\n')
    (epub,) = build(source, source.parent / "output", ["epub"])
    return epub


@pytest.mark.parametrize("output", ["epub", "pdf"])
def test_no_typewriter_marks_left(built: dict[str, Path], output: str) -> None:
    text = epub_text(built["epub"]) if output == "epub" else pdf_text(built["pdf"])
    assert '"' not in text
    assert "'" not in text
    assert "\u201d" not in text, "the English closing quote must become „…“"
    assert not re.search(r"\s-\s", text), "a spaced hyphen must become a dash"
    assert "..." not in text


def test_german_quotes_and_spaces_in_the_epub(built: dict[str, Path]) -> None:
    text = epub_text(built["epub"])
    assert "„alten Mannes“\u00a0– des ehemaligen" in text
    assert "Volks-‚Bundt‘ (Versammlung)" in text
    assert "z.\u202fB." in text and "d.\u202fh." in text
    assert "40\u202f%" in text
    assert "13\u00a0Millionen" in text
    assert "5.\u00a0Januar" in text
    assert "Schanaosen\u00a0– Schauplatz" in text
    assert "Nasarbajew" in text and "Lukaschenko-Regime" in text


def test_default_epub_leaves_hyphenation_to_the_reading_system(built: dict[str, Path]) -> None:
    assert "\u00ad" not in epub_text(built["epub"])
    with zipfile.ZipFile(built["epub"]) as book:
        css = book.read("EPUB/style/epub.css").decode()
    assert re.search(r"p, li, dd \{[^}]*\bhyphens: auto", css)


def test_soft_hyphen_epub_uses_our_hyphenator(soft_hyphen_epub: Path) -> None:
    text = epub_text(soft_hyphen_epub)
    assert text.count("\u00ad") > 300
    # The publication's exceptions for names the patterns do not know.
    assert "Na\u00adsar\u00adba\u00adjew" in text
    assert "Scha\u00adna\u00ado\u00adsen" in text
    # Corrected where pyphen's bundled dictionary breaks wrongly.
    for word in ("Rück\u00adzugs\u00adort", "Zu\u00adcker\u00adbrot", "Grund\u00adstück"):
        assert word in text
    # Never inside a gender ending, never in headings.
    assert "*in\u00adnen" not in text
    for _name, document in epub_documents(soft_hyphen_epub):
        for heading in document.iter(f"{XHTML}h1", f"{XHTML}h2"):
            assert "\u00ad" not in "".join(heading.itertext())


def test_no_hard_errors_among_epub_soft_hyphens(soft_hyphen_epub: Path) -> None:
    errors = []
    for word in re.findall(r"[^\W\d_]+(?:\u00ad[^\W\d_]+)+", epub_text(soft_hyphen_epub)):
        pieces = word.split("\u00ad")
        for index in range(1, len(pieces)):
            error = hard_error("".join(pieces[:index]), "".join(pieces[index:]))
            if error:
                errors.append(error)
    assert errors == []


def test_no_hard_errors_at_pdf_line_ends(built: dict[str, Path]) -> None:
    breaks = 0
    errors = []
    with pdfplumber.open(built["pdf"]) as pdf:
        for page in pdf.pages:
            lines = [line["text"] for line in sorted(page.extract_text_lines(), key=lambda line: line["top"])]
            for line, following in itertools.pairwise(lines):
                if line.endswith("\u2010"):
                    breaks += 1
                    error = hard_error(line[:-1], following)
                    if error:
                        errors.append(error)
    assert breaks > 20, "the PDF should be hyphenated"
    assert errors == []


def test_hard_error_check_catches_the_classic_mistakes() -> None:
    assert hard_error("Rü", "ck") is not None  # Rü-ck-zug: "ck" has no vowel
    assert hard_error("Rüc", "kzug") is not None
    assert hard_error("Mens", "chen") is None  # s|ch is legal (Häus-chen)
    assert hard_error("Mensc", "hen") is not None
    assert hard_error("Grund", "stück") is None
    assert hard_error("Grunds", "tück") is None  # legal by the two rules, just wrong
    assert hard_error("Nachba", "rländer") is None
    assert hard_error("Nachbar", "l") is not None
    assert hard_error("Zu", "cker") is None
    assert hard_error("Zuc", "ker") is not None


def test_the_transform_reports_what_it_could_not_decide() -> None:
    publication = read_publication(MANUSCRIPT)
    interview = next(part for part in publication.parts if part.id == "interview")
    reasons = [item.reason for item in interview.typography.undecided]
    # The eyewitness's quotation runs on over paragraphs without a closing mark.
    assert any("not closed" in reason for reason in reasons)
    counts = publication.parts[0].typography.counts()
    assert counts["quotes"] > 5 and counts["dash"] > 5 and counts["abbreviation"] >= 1


# --- Typography by language, end to end ------------------------------------------------------------------------------

LANGUAGE_SAMPLES = {
    "en": (
        "\"Hello,\" said the spider - \"come in.\" It's 'tis the season; rock 'n' roll in the '90s.\n\n"
        "Pages 12--14 were missing -- or so she said. Use --force, she wrote, and the web held -  \nand held.\n"
    ),
    "fr": (
        "Il m'a dit : \"Bonjour !\" - puis il est parti ; à 12:30, quoi ? Aujourd'hui encore...\n\n"
        "« Déjà espacé » reste ainsi; voir https://example.org/?q=a:b.\n"
    ),
    "de-CH": "Er sagte \"sie rief 'Feuer' laut\" - z.B. am 1. August 2021. Nicht 'ran!\n",
    "it": "Lui disse \"ciao\" - poi 'basta'... e andò via.\n",
}


def _publication(root: Path, language: str) -> Path:
    root.mkdir()
    (root / "publication.toml").write_text(
        f'title = "Sample"\ndate = 2024-05-01\nlanguage = "{language}"\nauthors = ["Ann Author"]\n\n'
        '[[parts]]\nfile = "text.md"\nrole = "article"\n',
        encoding="utf-8",
    )
    (root / "text.md").write_text("# Sample\n\n" + LANGUAGE_SAMPLES[language], encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def language_books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """A small publication per language, built: English as EPUB and PDF, the others as EPUB."""
    books = {}
    for language in LANGUAGE_SAMPLES:
        source = _publication(tmp_path_factory.mktemp("languages") / language, language)
        formats = ["epub", "pdf"] if language == "en" else ["epub"]
        paths = build(source, source.parent / "output", formats)
        books[language] = {path.suffix.lstrip("."): path for path in paths}
    return books


def _body(text: str) -> str:
    """The sample's running text in an output's text (after its heading)."""
    return text[text.rindex("Sample") :]


@pytest.mark.parametrize("output", ["epub", "pdf"])
def test_english_publication_gets_english_typography(language_books: dict[str, dict[str, Path]], output: str) -> None:
    path = language_books["en"][output]
    text = _body(epub_text(path) if output == "epub" else pdf_text(path))
    assert "“Hello,” said the spider—“come in.”" in text
    assert "It’s ’tis the season; rock ’n’ roll in the ’90s." in text
    assert "Pages 12–14 were missing—or so she said. Use --force, she wrote" in text
    assert re.search(r"held—\s+and held", text)
    for mark in "\"'„‚«»\u00a0":
        assert mark not in text, mark


def test_french_publication_gets_french_typography(language_books: dict[str, dict[str, Path]]) -> None:
    text = _body(epub_text(language_books["fr"]["epub"]))
    assert "Il m’a dit\u00a0: «\u202fBonjour\u202f!\u202f»\u00a0– puis il est parti\u202f; à 12:30, quoi\u202f?" in text
    assert "Aujourd’hui encore…" in text
    assert "«\u202fDéjà espacé\u202f» reste ainsi\u202f; voir https://example.org/?q=a:b." in text
    assert "„" not in text and '"' not in text and "'" not in text


def test_swiss_publication_gets_swiss_guillemets(language_books: dict[str, dict[str, Path]]) -> None:
    text = _body(epub_text(language_books["de-CH"]["epub"]))
    assert "Er sagte «sie rief ‹Feuer› laut»\u00a0– z.\u202fB. am 1.\u00a0August\u00a02021. Nicht ’ran!" in text
    assert "„" not in text and "“" not in text


def test_unsupported_language_keeps_the_marks_as_typed(language_books: dict[str, dict[str, Path]]) -> None:
    text = _body(epub_text(language_books["it"]["epub"]))
    assert "Lui disse \"ciao\" - poi 'basta'… e andò via." in text
