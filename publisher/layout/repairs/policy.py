"""Which repair a defect gets, in which order, and how many layouts a part may spend on them."""

from __future__ import annotations

from collections.abc import Callable

from lxml.html import HtmlElement

from ..pages import LaidOut
from ..paginate import Repair
from . import fixes
from .detect import MAX_LADDER, bad_breaks, deferred_notes, lost_notes

# Layout passes spent on repairs of one part (deferred notes, hyphenation ladders, a hyphen ending a page).
MAX_REPAIRS = 6
# A deferred note's repairs: this many passes take soft hyphens out around its call
# (one more paragraph each time); then the paragraph at the foot of its page starts the
# next page; then the call's own paragraph does. On the generated 300-page book a second
# unhyphenating pass mended 2 of 27 notes.
UNHYPHENATE_TRIES = 1


# Re-breaks a paragraph so that one of its lines ends without a hyphen: (data-block, line index) -> done.
Rebreak = Callable[[str, int], bool]


def repairer(
    tree: HtmlElement,
    rebreak: Rebreak | None = None,
    max_ladder: int = MAX_LADDER,
    unhyphenate_tries: int = UNHYPHENATE_TRIES,
) -> Repair:
    """The repairs in ``tree`` for what went wrong in the layout of one of its parts.

    WeasyPrint 70 sometimes defers a footnote to the next page although it fits
    where it is called; we saw it happen only with soft hyphens in the text
    after the call. For a deferred note the soft hyphens around its call are
    taken out and the part is laid out again; the rest of the text keeps its
    hyphenation. If that does not help, the paragraph at the foot of the call's
    page starts the next page, then, failing that, the call's own paragraph does.

    A hyphenated line end that ends a page, or the line after more than
    ``max_ladder`` hyphenated lines, is repaired by ``rebreak`` where the paragraph
    was broken by the total-fit breaker (the same number of lines, that line
    without a hyphen), else by taking the word's soft hyphens out. Where the lines
    are the total-fit breaker's, no soft hyphen is left around a call to take out
    (``unhyphenate_tries`` 0): a deferred note goes straight to the page breaks.
    """
    tries: dict[str, int] = {}  # repairs spent on each deferred note

    def repair(document: LaidOut) -> None:
        anchors = document.anchor_pages()
        for note_id in deferred_notes(document):
            tries[note_id] = tries.get(note_id, 0) + 1
            if tries[note_id] <= unhyphenate_tries and fixes.unhyphenate_around(tree, note_id, reach=tries[note_id]):
                continue
            # Soft hyphens were not the cause. First the paragraph at the foot of the call's page goes
            # to the next page, leaving the note room; then the call's own paragraph, its note with it.
            call_page = document.pages[anchors[f"ref-{note_id}"] - 1]
            if tries[note_id] > unhyphenate_tries + 1 or not fixes.break_after_call(tree, note_id, call_page):
                fixes.break_before_call(tree, note_id)
        for page in lost_notes(document).values():
            fixes.break_before_last_paragraph(tree, document.pages[page])
        for bad in bad_breaks(document, max_ladder):
            if rebreak is None or not rebreak(bad.block, bad.line):
                fixes.remove_break(tree, bad)

    return repair
