"""publisher proof: widows and orphans, found on the pages of a real build and told apart from look-alikes."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from conftest import pamphlet
from hypothesis import given
from hypothesis import strategies as st

from publisher.build import build
from publisher.design import page_format
from publisher.proof import make_proof
from publisher.proof.findings import findings, numbered_lines
from publisher.proof.pages import ProofPage, TextLine
from publisher.reader import read_publication

LONG = "Dies ist ein Absatz mit gewöhnlichem Text, der eine Seite füllen soll und dabei nichts tut."
SHORT = "Ein zweiter Absatz, etwas kürzer, der den Umbruch Zeile um Zeile weiterschiebt."
BODY_SIZE = 10.0  # the A5 pamphlet's text size, in points
ENDS = re.compile(r"Ende \d+\.")


def _paragraphs(root: Path, *, house_css: str | None) -> Path:
    """Sixteen paragraphs, each "Absatz N: … Ende N.", of two lengths in turn, so that page breaks fall at
    every place in them; ``house_css`` is the publication's own style sheet, if any."""
    blocks = ["# Hurenkinder und Schusterjungen"]
    for number in range(1, 17):
        text, times = (LONG, 4) if number % 2 else (SHORT, 5)
        blocks.append(f"Absatz {number}: " + " ".join([text] * times) + f" Ende {number}.")
    if house_css is None:
        return pamphlet(root, "Umbruchheft", blocks)
    root.mkdir(parents=True)
    (root / "haus.css").write_text(house_css, encoding="utf-8")
    return pamphlet(root, "Umbruchheft", blocks, '[design]\ncss = ["haus.css"]\n')


def _body_lines(pdf: Path, number: int) -> list[str]:
    """The lines of text size on page ``number`` of ``pdf``, as pdfplumber reads them."""
    with pdfplumber.open(pdf) as document:
        lines = document.pages[number - 1].extract_text_lines()
        return [line["text"] for line in lines if abs(line["chars"][0]["size"] - BODY_SIZE) < 0.1]


def _alone(pdf: Path) -> list[tuple[int, str]]:
    """The widows and orphans of the paragraphs "Absatz N: … Ende N.", as pdfplumber reads the lines of
    text size: a page's first line that ends a paragraph begun before, a last one that begins a paragraph
    ending overleaf."""
    alone = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            body = [
                line["text"] for line in page.extract_text_lines() if abs(line["chars"][0]["size"] - BODY_SIZE) < 0.1
            ]
            if body and ENDS.search(body[0]) and not body[0].startswith("Absatz "):
                alone.append((page.page_number, "widow"))
            if body and body[-1].startswith("Absatz ") and not ENDS.search(body[-1]):
                alone.append((page.page_number, "orphan"))
    return sorted(alone)


def test_the_widows_and_orphans_a_house_style_lets_through_are_marked_where_they_are(tmp_path: Path) -> None:
    source = _paragraphs(tmp_path / "heft", house_css="p { widows: 1 !important; orphans: 1 !important; }\n")
    screen, printed = build(source, tmp_path / "out", ["pdf", "print"])
    expected = _alone(printed)
    kinds = {kind for _, kind in expected}
    assert kinds == {"widow", "orphan"}, f"the manuscript no longer plants both: {expected}"
    problems = make_proof(read_publication(source), printed, tmp_path / "out").problems
    assert sorted((finding.page, finding.kind) for finding in problems) == expected
    # Lines are counted as an editor counts them, from the text's first line (no running head).
    for finding in problems:
        count = len(_body_lines(printed, finding.page))
        assert finding.line == (1 if finding.kind == "widow" else count), (finding, count)
    # Each outline is on its line. The print edition's trim box holds the screen edition's page, so the
    # screen page cut to the outline reads the line.
    with pdfplumber.open(screen) as document:
        for finding in problems:
            text = document.pages[finding.page - 1].crop(finding.box, strict=False).extract_text()
            assert ENDS.search(text) if finding.kind == "widow" else text.startswith("Absatz "), (finding, text)
            assert "\n" not in text


def test_the_same_paragraphs_under_the_default_style_have_none(tmp_path: Path) -> None:
    source = _paragraphs(tmp_path / "heft", house_css=None)
    (printed,) = build(source, tmp_path / "out", ["print"])
    assert _alone(printed) == []
    assert make_proof(read_publication(source), printed, tmp_path / "out").problems == []


# Pages as the proof reads them, for what real manuscripts show rarely: an A5 pamphlet's page 3 (right-hand)
# and page 4 (left-hand), 14 pt leading. A row is a line: {} a full justified line; "indent", "end" (where
# it ends, from the measure's left edge), "inset" (a narrower measure's, from both edges), "space"
# (points above it besides the leading), "size" and "text" as given.
LEFT = {3: 48.2, 4: 42.5}
RIGHT = {3: 377.0, 4: 371.3}
WORDS = "ein Satz mit Wörtern und Abständen"
FULL: dict[str, object] = {}
SHORT_LINE: dict[str, object] = {"end": 150.0}
INDENTED: dict[str, object] = {"indent": 10.0}
SIDEBAR = 13.5
QUOTED: dict[str, object] = {"size": 12.6, "indent": 14.0}  # a block quotation, set smaller and indented
HEADING: dict[str, object] = {"size": 16.0, "text": "Eine Überschrift", "end": 90.0}
CALLED = RIGHT[4] - LEFT[4] - 6.0  # a line that reaches the edge with the 5.5 pt call after it


def _page(number: int, rows: list[dict[str, object]]) -> ProofPage:
    lines, baseline = [], 60.0
    for row in rows:
        baseline += float(row.get("space", 0.0))  # type: ignore[arg-type]
        inset, indent = float(row.get("inset", 0.0)), float(row.get("indent", 0.0))  # type: ignore[arg-type]
        x0 = LEFT[number] + inset + indent
        end = row.get("end")
        x1 = RIGHT[number] - inset + float(row.get("hang", 0.0)) if end is None else LEFT[number] + inset + end  # type: ignore[operator, arg-type]
        text = str(row.get("text", WORDS))
        size = float(row.get("size", 13.3))  # type: ignore[arg-type]
        gaps = [2.4] * (len(text.split()) - 1)
        lines.append(TextLine((x0, baseline - 8, x1, baseline + 2), text, size, gaps, "Publisher-Serif", baseline))
        if row.get("call"):  # a note call raised after the line's last word
            lines.append(TextLine((x1 + 0.5, baseline - 10, x1 + 6, baseline - 4), "7", 9.3, [], "F", baseline - 4))
        baseline += 14.0
    return ProofPage(number, 419.5, 595.3, lines, [])


def _found(
    foot: list[dict[str, object]], head: list[dict[str, object]], fill: dict[str, object] = FULL
) -> list[tuple[int, str]]:
    """The widows and orphans found where page 3 ends with ``foot`` after 28 lines like ``fill``, and
    page 4 begins with ``head``."""
    pages = [_page(3, [fill] * 28 + foot), _page(4, head)]
    found = findings(pages, page_format("A5", None, None, Path("publication.toml")))
    return [(finding.page, finding.kind) for finding in found]


@pytest.mark.parametrize(
    ("foot", "head", "expected"),
    [
        pytest.param(
            [INDENTED], [FULL, SHORT_LINE, *[FULL] * 3], [(3, "orphan")], id="indented first line at the foot"
        ),
        pytest.param(
            [SHORT_LINE, {"space": 10.0}], [FULL, SHORT_LINE], [(3, "orphan")], id="flush first line after space"
        ),
        pytest.param(
            [SHORT_LINE, HEADING, FULL],
            [FULL, SHORT_LINE],
            [(3, "orphan")],
            id="flush first line after a heading",
        ),
        pytest.param(
            [{"indent": 14.0, "end": 200.0}, FULL],
            [FULL, SHORT_LINE],
            [(3, "orphan")],
            id="flush first line after a list",
        ),
        pytest.param([FULL], [SHORT_LINE, INDENTED, FULL], [(4, "widow")], id="last line at the head"),
        pytest.param([FULL], [FULL, {"space": 10.0}, FULL], [(4, "widow")], id="full last line, space after"),
        pytest.param([INDENTED], [SHORT_LINE, INDENTED], [(3, "orphan"), (4, "widow")], id="two lines, one each side"),
        pytest.param([FULL, FULL], [FULL, SHORT_LINE], [], id="two lines either side"),
        pytest.param(
            [FULL, *[QUOTED] * 3], [{**QUOTED, "end": 100.0}, INDENTED], [(4, "widow")], id="a quotation's last line"
        ),
        pytest.param(
            [FULL, HEADING, QUOTED],
            [QUOTED, {**QUOTED, "end": 100.0}, FULL],
            [(3, "orphan")],
            id="a quotation's first line",
        ),
        pytest.param(
            [FULL, HEADING, *[QUOTED] * 2],
            [QUOTED, {**QUOTED, "end": 100.0}, FULL],
            [],
            id="a heading over a quotation",
        ),
        pytest.param([FULL], [QUOTED, QUOTED, FULL], [], id="a quotation at the head"),
        pytest.param([FULL], [INDENTED, FULL, SHORT_LINE], [], id="a new paragraph at the head"),
        pytest.param(
            [SHORT_LINE, INDENTED],
            [INDENTED, FULL, SHORT_LINE],
            [],
            id="a full one-line paragraph, a new one at the head",
        ),
        pytest.param(
            [FULL], [{"indent": 20.0, "end": 150.0}, {"indent": 20.0}], [], id="a block with its own margin at the head"
        ),
        pytest.param([FULL], [HEADING, SHORT_LINE, INDENTED], [], id="a heading at the head"),
        pytest.param(
            [FULL], [{"end": CALLED, "call": True}, FULL, SHORT_LINE], [], id="a note call ends the first line"
        ),
        pytest.param([FULL], [{"end": CALLED}, FULL, SHORT_LINE], [(4, "widow")], id="the same line without its call"),
        pytest.param(
            [{"inset": SIDEBAR}],
            [{"inset": SIDEBAR, "hang": 2.0}, {"inset": SIDEBAR, "end": 80.0}],
            [],
            id="a sidebar's measure carried over",
        ),
        pytest.param(
            [{"inset": SIDEBAR}], [{"inset": SIDEBAR, "end": 80.0}], [(4, "widow")], id="a sidebar's last line alone"
        ),
    ],
)
def test_widows_and_orphans_on_pages_as_read(
    foot: list[dict[str, object]], head: list[dict[str, object]], expected: list[tuple[int, str]]
) -> None:
    fill = {"inset": SIDEBAR} if foot[0].get("inset") else FULL
    assert _found(foot, head, fill) == expected


def test_ragged_text_and_contents_lines_have_no_widows_or_orphans() -> None:
    verse = [{"end": 180.0 + 10 * (row % 5)} for row in range(6)]
    assert _found(verse, verse, {"end": 200.0}) == []
    entry = {"text": "Kapitel eins . . . . . . . . . . 12"}  # a contents page: leaders reach the edge
    section = {**entry, "indent": 10.0}
    assert _found([section], [entry, section, section], entry) == []


_ROW = st.fixed_dictionaries(
    {"indent": st.sampled_from([0.0, 0.0, 0.0, 10.0, 14.0, 50.0]), "space": st.sampled_from([0.0, 0.0, 0.0, 10.0])},
    optional={"end": st.floats(20, 340), "size": st.sampled_from([12.6, 16.0, 9.3])},
)  # most rows full justified lines in the text's size, as on a page; some short, indented, set off, other sizes


@given(st.lists(_ROW, max_size=40), st.lists(_ROW, max_size=40))
def test_any_two_pages_give_widows_and_orphans_only_on_their_own_lines(
    foot: list[dict[str, object]], head: list[dict[str, object]]
) -> None:
    """Whatever the lines, the check ends and marks only lines that are there: a widow on page 4's first
    line of text, an orphan on page 3's last."""
    pages = [_page(3, [FULL] * 20 + foot), _page(4, head)]
    pamphlet = page_format("A5", None, None, Path("publication.toml"))
    numbered = numbered_lines(pages, pamphlet)
    for finding in findings(pages, pamphlet):
        if finding.kind == "widow":
            assert finding.page == 4 and finding.line == 1
        if finding.kind == "orphan":  # no notes here: the numbered lines are the lines of text
            assert finding.page == 3 and finding.line == len(numbered[3])


def test_a_heading_over_smaller_text_at_the_foot_is_not_stranded() -> None:
    """The page's text is every line in the type area above the notes, a quotation's smaller ones too."""
    foot = [HEADING, *[QUOTED] * 3]
    assert _found(foot, [QUOTED, {**QUOTED, "end": 100.0}, *[FULL] * 5], FULL) == []
    # The same heading with nothing after it on its page: stranded.
    pages = [_page(3, [FULL] * 28 + [HEADING]), _page(4, [*[FULL] * 5])]
    found = findings(pages, page_format("A5", None, None, Path("publication.toml")))
    assert [(finding.page, finding.line, finding.kind) for finding in found] == [(3, 29, "stranded heading")]
