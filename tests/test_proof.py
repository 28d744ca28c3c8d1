"""publisher proof: the contact sheet marks exactly the problems a manuscript has, where they are."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pdfplumber
import pytest
from conftest import MANUSCRIPT, pamphlet
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from publisher.build import build
from publisher.proof import make_proof
from publisher.proof.sheet import THUMB_HEIGHT, spreads
from publisher.reader import read_publication

PARAGRAPH = "Dies ist ein Absatz mit gewöhnlichem Text, der eine Seite füllen soll und dabei nichts tut. " * 4
BREAK = '<div style="break-before: page"></div>'


def _planted(root: Path) -> Path:
    """A manuscript with three problems planted: a heading a forced break leaves at a page's foot, a page
    a forced break leaves almost empty, and an image of 200 × 150 px (96 dpi as laid out)."""
    root.mkdir(parents=True)
    Image.new("RGB", (200, 150), (40, 90, 140)).save(root / "klein.png")
    blocks = ["# Ein Heft mit Fehlern", *[PARAGRAPH] * 9, "## Gestrandete Überschrift", BREAK, PARAGRAPH]
    blocks += ["Fast leer.", BREAK, PARAGRAPH, "![Ein kleines Bild](klein.png)", PARAGRAPH]
    return pamphlet(root, "Fehlerheft", blocks)


def _page_of(pdf: Path, words: str) -> int:
    with pdfplumber.open(pdf) as document:
        pages = [page.page_number for page in document.pages if words in (page.extract_text() or "")]
    assert len(pages) == 1, (words, pages)
    return pages[0]


def test_the_proof_marks_exactly_the_planted_problems(tmp_path: Path) -> None:
    source = _planted(tmp_path / "heft")
    screen, printed = build(source, tmp_path / "out", ["pdf", "print"])
    problems = make_proof(read_publication(source), printed, tmp_path / "out").problems
    heading = _page_of(printed, "Gestrandete Überschrift")
    empty = _page_of(printed, "Fast leer.")
    with pdfplumber.open(printed) as document:
        pictured = [page.page_number for page in document.pages if page.images]
    assert [(finding.page, finding.kind) for finding in problems] == [
        (heading, "stranded heading"),
        (empty, "page almost empty"),
        (pictured[0], "low-resolution image"),
    ]
    assert problems[0].line is not None and "96 dpi" in problems[2].why
    # The outline stands where the heading is, within the difference between glyph ink and font box:
    # the print edition's trim box holds the screen edition's page, so the heading's place there,
    # read by pdfplumber, is the outline's.
    with pdfplumber.open(screen) as document:
        word = next(word for word in document.pages[heading - 1].extract_words() if word["text"] == "Gestrandete")
    x0, top, x1, bottom = problems[0].box
    assert abs(x0 - word["x0"]) < 1 and abs(bottom - word["bottom"]) < 4 and word["top"] - 4 < top and x1 > word["x1"]


def test_a_clean_manuscript_has_no_problems_and_the_same_bytes_each_time(
    built: dict[str, Path], tmp_path: Path
) -> None:
    publication = read_publication(MANUSCRIPT)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = make_proof(publication, built["print"], tmp_path / "a")
    second = make_proof(publication, built["print"], tmp_path / "b")
    assert first.problems == [] and second.problems == []
    assert first.sheet.read_bytes() == second.sheet.read_bytes()
    assert first.page.read_bytes() == second.page.read_bytes()
    sheet = Image.open(first.sheet)
    assert sheet.width > 1000 and sheet.height > 300


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.images: list[dict[str, str | None]] = []
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "img":
            self.images.append(attributes)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"] or "")
        if attributes.get("id"):
            self.ids.add(attributes["id"] or "")


def test_the_html_is_one_file_with_every_page_clickable_and_described(tmp_path: Path) -> None:
    source = _planted(tmp_path / "heft")
    result = subprocess.run(
        [sys.executable, "-m", "publisher", "proof", str(source), "-o", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "stranded heading" in result.stderr and "proof: 3 problem(s)" in result.stderr
    page = (tmp_path / "out" / "fehlerheft-proof.html").read_text(encoding="utf-8")
    parser = _Images()
    parser.feed(page)
    with pdfplumber.open(tmp_path / "out" / "fehlerheft-print.pdf") as document:
        pages = len(document.pages)
    # A thumbnail and a large render of each page, every one inline and described.
    assert len(parser.images) == 2 * pages
    assert all((image.get("src") or "").startswith("data:image/") for image in parser.images)
    assert all(image.get("alt") for image in parser.images)
    assert not re.search(r"(src|href)=\"(https?:|file:|//)", page)
    for link in parser.links:
        assert link[1:] in parser.ids  # every link leads to a page of the file itself
    assert {f"page-{number}" for number in range(1, pages + 1)} <= parser.ids
    assert "Gestrandete" not in page  # the text is in the pictures; the list names the problem
    assert "stranded heading" in page and "low-resolution image" in page and "page almost empty" in page
    # Each large render is outlined as its thumbnail is, says so, and lists its page's problems below it.
    large = {(image.get("alt") or "") for image in parser.images if "of the print edition" in (image.get("alt") or "")}
    assert any(alt.endswith("outlined: stranded heading") for alt in large)
    section = page[page.index('<section id="page-') :]
    assert re.search(r"<li>line \d+: stranded heading \(", section)
    assert "Draft, not the print edition" not in page and "of a draft" not in page


@pytest.mark.parametrize(("count", "expected"), [(1, [(None, 1)]), (4, [(None, 1), (2, 3), (4, None)])])
def test_spreads_put_the_cover_alone_then_pairs(count: int, expected: list[tuple[int | None, int | None]]) -> None:
    assert spreads(count) == expected


@given(
    st.lists(
        st.tuples(
            st.text(min_size=1, max_size=1),
            st.floats(0, 400),
            st.floats(0, 600),
            st.floats(0.5, 30),
        ),
        max_size=200,
    )
)
def test_every_character_with_ink_lands_in_one_line(characters: list[tuple[str, float, float, float]]) -> None:
    """The grouping into lines ends and loses nothing, whatever the characters and where they stand."""
    from publisher.proof.pages import Char, _lines

    chars = [Char(text, (x, y - size, x + size / 2, y), x, y, size, "F") for text, x, y, size in characters]
    lines = _lines(chars)
    inked = sum(1 for char in chars if char.text.strip() and char.text not in ("\r", "\n"))
    assert sum(len(line.text.replace(" ", "")) for line in lines) == inked


def test_check_reports_what_the_proof_outlines_with_page_and_line(tmp_path: Path) -> None:
    import json

    source = _planted(tmp_path / "heft")
    result = subprocess.run(
        [sys.executable, "-m", "publisher", "check", str(source), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    layout = [finding for finding in json.loads(result.stdout)["findings"] if finding["check"] == "layout"]
    kinds = [(finding["page"], finding["line"] is not None, finding["message"].split(": ")[-1]) for finding in layout]
    assert [kind for _, _, kind in kinds] == [
        "stranded heading (a heading at the foot of the page, its text on the next)",
        "page almost empty (the text fills 16% of the page)",
        "low-resolution image (96 dpi at print size, 200 × 150 px)",
    ]
    assert kinds[0][1] and all(finding["level"] == "warning" for finding in layout)


def _texts(pdf: Path) -> list[str]:
    with pdfplumber.open(pdf) as document:
        return [page.extract_text() or "" for page in document.pages]


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The bundled manuscript's print edition, and that of a copy with one paragraph added to the article."""
    folder = tmp_path_factory.mktemp("against")
    (before,) = build(MANUSCRIPT, folder / "before", ["print"])
    source = folder / "heft"
    shutil.copytree(MANUSCRIPT, source)
    article = source / "artikel.md"
    text = article.read_text(encoding="utf-8")
    start = text.index("Die Verdoppelung")
    added = "Ein neuer Absatz am Anfang des Artikels, lang genug, dass sich der Text danach verschiebt.\n\n"
    article.write_text(text[:start] + added + text[start:], encoding="utf-8")
    (after,) = build(source, folder / "after", ["print"])
    return source, before, after


def test_against_the_same_edition_no_page_changed(editions: tuple[Path, Path, Path], tmp_path: Path) -> None:
    _, before, _ = editions
    proof = make_proof(read_publication(MANUSCRIPT), before, tmp_path, against=before)
    assert proof.comparison is not None and proof.comparison.changed == [] and proof.comparison.moved == []
    assert "0 pages changed" in proof.page.read_text(encoding="utf-8")


def test_against_an_edit_the_pages_that_changed_and_only_those(
    editions: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    source, before, after = editions
    proof = make_proof(read_publication(source), after, tmp_path, against=before)
    assert proof.comparison is not None
    old, new = _texts(before), _texts(after)
    differing = [number for number, (a, b) in enumerate(zip(old, new, strict=True), start=1) if a != b]
    assert differing and [change.number for change in proof.comparison.changed] == differing
    assert all(change.how == "reflowed" and change.new for change in proof.comparison.changed)
    # The words pushed over a page's end: each run stood on its page before and on the next one now.
    assert proof.comparison.moved
    for run in proof.comparison.moved:
        assert run.after == run.before + 1
        assert run.words.split()[0] in old[run.before - 1] and run.words.split()[-1] in new[run.after - 1]
    # The changes sheet: a row (before | after) for each spread with a changed page.
    rows = {pair for pair in spreads(len(new)) for change in proof.comparison.changed if change.number in pair}
    assert proof.changes is not None and Image.open(proof.changes).height >= len(rows) * THUMB_HEIGHT


def test_against_a_git_revision_builds_it_in_a_temporary_folder(tmp_path: Path) -> None:
    repository = tmp_path / "repo"
    source = repository / "heft"
    shutil.copytree(MANUSCRIPT, source)

    def git(*arguments: str) -> None:
        subprocess.run(["git", "-C", str(repository), *arguments], check=True, capture_output=True, timeout=60)

    git("init", "-q")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "x")
    run = [sys.executable, "-m", "publisher", "proof", str(source), "-o", str(tmp_path / "out"), "--against", "HEAD"]
    same = subprocess.run(run, capture_output=True, text=True, check=False, timeout=600)
    assert same.returncode == 0, same.stderr
    assert "against HEAD: 0 pages changed" in same.stderr
    elite = source / "elite.md"
    elite.write_text(elite.read_text(encoding="utf-8").replace("Im Jahr 2011", "Im Jahre 2011"), encoding="utf-8")
    edited = subprocess.run(run, capture_output=True, text=True, check=False, timeout=600)
    assert edited.returncode == 0, edited.stderr
    assert re.search(r"against HEAD: 1 page changed: \d+ \(text reflowed\)", edited.stderr), edited.stderr
    assert (tmp_path / "out" / "kasachstan-2022-proof-changes.png").is_file()


def test_the_summary_for_a_ci_job_has_the_figures_changes_and_problems(tmp_path: Path) -> None:
    source = _planted(tmp_path / "heft")
    first = tmp_path / "first"
    (before,) = build(source, first, ["print"])
    summary = tmp_path / "summary.md"
    summary.write_text("earlier steps\n", encoding="utf-8")  # appended to, as $GITHUB_STEP_SUMMARY is
    command = [sys.executable, "-m", "publisher", "proof", str(source), "-o", str(tmp_path / "out")]
    command += ["--against", str(first), "--summary", str(summary)]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
    assert result.returncode == 0, result.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier steps\n## Proof: Fehlerheft\n")
    with pdfplumber.open(before) as document:
        pages = len(document.pages)
    assert f"| {pages} |" in text and f"### Against {first}" in text and "0 pages changed." in text
    assert "| stranded heading |" in text and "| low-resolution image | 96 dpi at print size, 200 × 150 px |" in text


def test_the_html_shows_the_sheet_in_a_browser(tmp_path: Path) -> None:
    """Headless Chromium (Debian's chromium, which the README's test command installs) opens the proof
    offline: the screenshot has its size, and the cover's thumbnail came out, red, where the sheet is."""
    browser = shutil.which("chromium")
    assert browser, "chromium not found: the README's test command installs Debian's chromium"
    source = _planted(tmp_path / "heft")
    (printed,) = build(source, tmp_path / "out", ["print"])
    proof = make_proof(read_publication(source), printed, tmp_path / "out")
    shot = tmp_path / "shot.png"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
    flags += ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]
    flags += [f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1400,1800", f"--screenshot={shot}"]
    result = subprocess.run(
        [browser, *flags, proof.page.as_uri()], capture_output=True, text=True, check=False, timeout=120
    )
    assert shot.is_file(), result.stderr[-2000:]
    image = Image.open(shot).convert("RGB")
    assert image.size == (1400, 1800)
    # Above the large renders (which start below 800 px) only the sheet's thumbnails can be red.
    sheet = image.crop((0, 0, 1400, 750))
    data = sheet.tobytes()  # red, green, blue, pixel after pixel
    red = sum(1 for i in range(0, len(data), 3) if data[i] > 120 and data[i + 1] < 70 and data[i + 2] < 70)
    assert red > 20_000, f"{red} red pixels: the thumbnails did not load"


def test_a_call_whose_note_stands_on_another_page_is_marked() -> None:
    """On pages as the reader reads them: note 2 called on page 3, its note at the foot of page 4."""
    from publisher.design import page_format
    from publisher.proof.findings import findings
    from publisher.proof.pages import ProofPage, TextLine

    def lines(left: float) -> list[TextLine]:  # a full page of justified lines in the A5 type area
        words = "ein Satz mit Wörtern und Abständen"
        return [
            TextLine((left, top, left + 328.8, top + 10), words, 13.3, [2.4] * 6, "Publisher-Serif")
            for top in range(60, 480, 14)
        ]

    right, left = lines(48.2), lines(42.5)  # page 3 is a right-hand page, page 4 a left-hand one
    call = TextLine((200.0, 300.0, 204.0, 305.0), "2", 9.3, [], "Publisher-Serif")
    note = TextLine((42.5, 505.0, 371.3, 513.0), "2 Die Anmerkung steht hier.", 10.7, [2.0] * 3, "Publisher-Serif")
    first = ProofPage(3, 419.5, 595.3, [*right[:16], call, *right[16:]], [])
    second = ProofPage(4, 419.5, 595.3, [*left, note], [])
    found = findings([first, second], page_format("A5", None, None, Path("publication.toml")))
    assert [(finding.page, finding.kind, finding.why) for finding in found] == [
        (3, "note on another page", "note 2 is not at the foot of this page")
    ]
    # Called and noted on the same page: nothing to mark.
    noted = TextLine((48.2, 505.0, 377.0, 513.0), note.text, 10.7, [2.0] * 3, "Publisher-Serif")
    together = ProofPage(3, 419.5, 595.3, [*right[:16], call, *right[16:], noted], [])
    assert findings([together, second], page_format("A5", None, None, Path("publication.toml"))) == []
