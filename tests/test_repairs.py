"""Defect detection on the engine-neutral page model: pages made by hand, no layout engine."""

from __future__ import annotations

from publisher.layout.pages import LaidOut, Line, Page
from publisher.layout.repairs.detect import bad_breaks

H = "\u2010"  # the hyphen a hyphenated line ends with


def page(lines: list[Line], notes: list[Line] | None = None) -> Page:
    return Page((), ((0, "auto"),), object(), lambda: lines, lambda: notes or [])


def test_a_hyphen_ending_a_page_is_found_with_its_line_in_the_paragraph() -> None:
    first = page([Line("a.1", "Erste Zeile des Ab" + H), Line("a.2", "Ein Ab" + H), Line("a.2", "satz geht wei" + H)])
    second = page([Line("a.2", "ter und endet."), Line("a.3", "Noch einer.")])
    (bad,) = bad_breaks(LaidOut([first, second], None))
    assert (bad.block, bad.before, bad.after, bad.line) == ("a.2", "wei", "ter", 1)
    assert bad.reason == "a hyphen ending page 1"


def test_a_ladder_longer_than_allowed_is_found_in_the_text_and_in_a_note() -> None:
    ladder = [Line("b.1", f"Zei{n} le{n}{H}") for n in range(3)] + [Line("b.1", "Ende.")]
    notes = [Line("note-1.0", f"No{n} te{n}{H}") for n in range(3)] + [Line("note-1.0", "Schluss.")]
    found = bad_breaks(LaidOut([page(ladder, notes)], None), max_ladder=2)
    assert [(bad.block, bad.line) for bad in found] == [("b.1", 2), ("note-1.0", 0)]
    assert "in a note on page 1" in found[1].reason
    assert bad_breaks(LaidOut([page(ladder, notes)], None), max_ladder=3) == []


def test_hyphenated_lines_of_different_notes_are_no_ladder() -> None:
    notes = [Line(f"note-{n}.0", f"Wort {n}{H}") for n in range(4)] + [Line("note-9.0", "Ende.")]
    assert bad_breaks(LaidOut([page([Line("c.1", "Text.")], notes)], None), max_ladder=2) == []


def test_a_paragraph_sent_to_the_next_page_takes_the_headings_before_it() -> None:
    """A forced break outweighs the headings' break-after: avoid; they must not stay behind at the foot."""
    from lxml.html import fromstring

    from publisher.layout.repairs.fixes import BREAK_BEFORE, break_before_call

    tree = fromstring(
        '<div><p data-block="a.1">Vorher.</p><h2 data-block="a.2">Kapitel</h2><h3 data-block="a.3">Abschnitt</h3>'
        '<p data-block="a.4">Text mit Anmerkung<a id="ref-note-1">1</a>.</p></div>'
    )
    break_before_call(tree, "note-1")
    assert [element.get("data-block") for element in tree.xpath("//*[@style]")] == ["a.2"]
    assert tree.xpath("//h2")[0].get("style") == BREAK_BEFORE
