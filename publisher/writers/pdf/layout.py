"""Lay out one PDF edition: the print HTML, paginated a part at a time, its defects repaired."""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import html as lxml_html
from lxml.html import HtmlElement

from ...errors import PublicationError
from ...fonts import faces_in_use
from ...glyphs import check_glyphs
from ...layout import paginate
from ...layout.linebreak.cost import DEFAULT_COST
from ...layout.linebreak.handoff import LINE_CLASS, in_broken_line
from ...layout.linebreak.total_fit import Elsewhere, TotalFit
from ...layout.memory import LayoutMemory, styles_digest
from ...layout.pages import LaidOut
from ...layout.repairs.detect import MAX_LADDER, bad_breaks, deferred_notes, lost_notes
from ...layout.repairs.policy import MAX_REPAIRS, repairer
from ...model import Publication
from ...names import STYLES_DIR
from ...parallel import in_second_process
from ...progress import Progress
from .design import design_key
from .document import build_document, is_flyer
from .editions import SCREEN, Edition, crop_marks, engine, pad
from .images import check_print_resolution

if TYPE_CHECKING:
    from ...layout.weasy.engine import Engine

log = logging.getLogger("publisher")


@dataclass
class Layout:
    """A laid-out edition and the HTML tree it came from, with the layout repairs applied.

    ``engine`` and ``pager`` laid it out (and remember its parts' pages, for another edition drawn from it).
    """

    tree: HtmlElement
    document: LaidOut
    engine: Engine | None = None
    pager: paginate.Pager | None = None


def render(publication: Publication, edition: Edition = SCREEN) -> LaidOut:
    """Lay out one edition (see :func:`lay_out`)."""
    return lay_out(publication, edition).document


def lay_out(
    publication: Publication,
    edition: Edition = SCREEN,
    start: Layout | None = None,
    *,
    processes: int = 1,
    progress: Progress | None = None,
    memory: LayoutMemory | None = None,
    draft: bool = False,
) -> Layout:
    """Lay out one edition, every footnote on the page of its call.

    ``start`` is another edition's finished layout. Where this edition's
    styles lay out pages as ``start``'s do (the print edition differs from
    the screen edition in colours, bleed and marks), ``start``'s pages are
    drawn in this edition's colours, bleed and marks, with the blank pages
    its page multiple asks for (see layout/weasy/restyle.py); only those are
    laid out. Otherwise ``start``'s repaired tree is laid out again with this
    edition's styles: the repairs hold and each part takes one pass. Either
    way both editions break lines and pages alike (the EPUB's page list fits both).

    The document is laid out a part at a time, each part repaired before the
    next is laid out (layout/paginate.py, layout/repairs/), so a repair costs
    the layout of its own part only. With ``processes`` of 2 or more a second
    process breaks half the paragraphs. ``progress`` is told how far the layout is.
    ``memory`` holds what the last build in this process laid out (layout/memory.py):
    the parts that did not change take their lines, and where they stand where they
    stood, their pages, from it; it then holds this build's. A ``draft`` (for a proof
    of a text the fonts cannot draw) is laid out though they cannot: whatever font the
    machine has draws the characters they lack.
    """
    progress = progress if progress is not None else Progress()
    if start is None:  # else the same publication as ``start``'s edition, which checked it
        check_print_resolution(publication)
    if memory is not None and start is None:
        recall = True
        broken_again: frozenset[int] = frozenset()  # parts whose lines are not taken from the memory
        for _attempt in range(len(publication.parts) + 3):  # each attempt breaks another part again, or all
            try:
                layout = _lay_out(publication, edition, None, processes, progress, memory, recall, broken_again, draft)
            except _RecalledLinesError as error:
                # A part whose lines were taken from the memory moved and needs a repair that re-breaks one of
                # them: that part and those after it are broken again, then, if a part that took its pages
                # moves too, every part (pages that did not move are still taken); failing that, the layout
                # is made as in a fresh process.
                if error.part is not None and error.part not in broken_again and recall:
                    # The parts after it moved with it, and may as well need their lines: broken again too.
                    broken_again |= set(range(error.part, error.parts))
                elif recall:
                    recall = False
                else:
                    break
                log.debug("a part taken from the memory moved: laid out again, breaking part %s", error.part)
                continue
            memory.done()
            return layout
        memory.forget()
    return _lay_out(publication, edition, start, processes, progress, None, recall=False, draft=draft)


class _RecalledLinesError(Exception):
    """A repair needs the breaker's items for a paragraph whose lines came from the memory (of ``part``).

    Or for a paragraph of a part that took the pages it had in the last build, and with them
    another copy of its HTML (paginate.py): the breaker's own copy is no longer in the tree
    (``part`` None: breaking that part again would not help).
    """

    def __init__(self, block: str, part: int | None, parts: int) -> None:
        super().__init__(block)
        self.part = part
        self.parts = parts  # in the document


def _lay_out(
    publication: Publication,
    edition: Edition,
    start: Layout | None,
    processes: int,
    progress: Progress,
    memory: LayoutMemory | None,
    recall: bool,
    broken_again: frozenset[int] = frozenset(),
    draft: bool = False,
) -> Layout:
    if start is None and not draft:  # else the same text as ``start``'s edition, which checked it
        # A character the bundled fonts lack would be drawn from whatever font the machine has.
        check_glyphs(publication, faces_in_use(publication))
    engine_key: tuple = ()
    if memory is not None:
        engine_key = (
            edition.name,
            crop_marks(publication, edition),
            str(publication.root),
            styles_digest(STYLES_DIR),
            design_key(publication, edition),
        )
        layout_engine = memory.engine(engine_key, lambda: engine(publication, edition))
    else:
        layout_engine = engine(publication, edition)
    if start is not None and start.engine is not None and start.pager is not None:
        redrawn = _redraw(start, layout_engine, edition)
        if redrawn is not None:
            return redrawn
    tree = copy.deepcopy(start.tree) if start is not None else build_document(publication)
    sides = None  # each part's break-before, where a layout of the same parts told it
    if start is not None:
        pad(tree, len(start.document.pages), edition)
        sides = paginate.moved_sides(start.document.wanted_sides(), paginate.number_parts(tree))
    else:
        paginate.number_parts(tree)
    total_fit = publication.options.pdf.line_breaking == "total-fit"
    # The total-fit breaker allows fewer hyphenated lines in a row; the repairs hold the rest to it.
    max_ladder = DEFAULT_COST.max_consecutive_hyphens if total_fit else MAX_LADDER
    # An edition laid out from another's repaired tree inherits its repairs and its lines: what
    # the other could not repair, another pass over the same lines would not repair either.
    repair = None
    if start is None and total_fit:
        progress.breaking(edition.name)
        elsewhere = in_second_process if processes >= 2 else None
        # The lines depend on the document's language too (how the fonts shape text): it is on <html>.
        lines_key = (engine_key, tuple(tree.attrib.items()))
        sides, rebreak = _break(tree, layout_engine, elsewhere, memory, lines_key, recall, broken_again)
        repair = repairer(tree, rebreak, max_ladder, unhyphenate_tries=0)
    elif start is None:
        repair = repairer(tree, None, max_ladder)
    fixed_lines = _references_in_broken_lines if total_fit and start is None else None
    pager = paginate.Pager(
        layout_engine, repair, MAX_REPAIRS, fixed_lines=fixed_lines, progress=progress, edition=edition.name
    )
    if memory is not None:
        # The pages laid out last time serve where the document around the parts is the same.
        # The options too: the repairs follow the line breaking chosen, whatever the part's HTML.
        pager_key = (
            engine_key,
            lxml_html.tostring(tree.head),
            tuple(tree.attrib.items()),
            tuple(tree.body.attrib.items()),
            repr(publication.options),
        )
        previous = memory.pager(pager_key)
        if previous is not None:
            pager.carry_over(previous)
        else:  # where another process's last layout placed the targets of cross-references
            pager.guess(memory.anchors(pager_key))
        pager.decided = memory.decided(pager_key)
        memory.keep_pager(pager_key, pager)  # also when the layout gives up: the pages it made stand
    hint = start.document.anchor_pages() if start is not None else None
    document = pager.lay_out(tree, hint, sides).document
    if start is None and is_flyer(publication) and len(document.pages) > 2:
        log.warning(
            "%s: the flyer fills %d pages, more than the two sides of a sheet", publication.root, len(document.pages)
        )
    for note_id in deferred_notes(document):
        log.warning("%s: note %s is printed on the page after its call", publication.root, note_id)
    for note_id in lost_notes(document):
        raise PublicationError(f"WeasyPrint lost note {note_id} from the layout; please report this manuscript")
    for bad in bad_breaks(document, max_ladder):
        log.warning("%s: could not avoid %s at %r", publication.root, bad.reason, bad.before + "-" + bad.after)
    # The repairs are done: the breaker's items and the probe it measured with go before the writing.
    pager.repair = None
    return Layout(tree, _padded(tree, document, edition, pager), layout_engine, pager)


def _break(
    tree: HtmlElement,
    layout_engine: Engine,
    elsewhere: Elsewhere | None,
    memory: LayoutMemory | None,
    key: tuple,
    recall: bool,
    broken_again: frozenset[int] = frozenset(),
) -> tuple[dict[int, str], Callable[[str, int], bool]]:
    """Break ``tree``'s paragraphs; with ``memory``, the lines of unchanged parts are taken from it if ``recall``.

    The parts of ``broken_again`` are broken in any case. Returns each part's side and the
    re-break its repairs call. That gives up (:class:`_RecalledLinesError`) on a paragraph
    whose lines came from the memory, or whose element the breaker rewrote is no longer in the tree.
    """
    parts = memory.recall_lines(key, tree, recall, broken_again) if memory is not None else None
    recalled: dict[str, int] = {}  # the paragraphs whose lines came from the memory, and their parts
    if parts is not None:
        for index in set(range(len(tree.body))) - set(parts.fresh):
            for line in tree.body[index].find_class(LINE_CLASS):
                paragraph = line.getparent()
                if paragraph is not None and paragraph.get("data-block"):
                    recalled[paragraph.get("data-block")] = index
    broken = parts.shell if parts is not None else tree  # a tree of the parts to break
    measure = layout_engine.measure(broken)
    breaker = TotalFit(measure)
    breaker.apply(broken, elsewhere)
    if parts is None:
        return measure.probe.wanted_sides(), breaker.rebreak_without_hyphen
    assert memory is not None
    memory.take_lines(key, tree, parts)

    def rebreak(block: str, line: int) -> bool:
        if block in recalled:
            raise _RecalledLinesError(block, recalled[block], len(tree.body))
        standing = breaker.element(block)
        if standing is not None and standing.getroottree().getroot() is not tree:
            raise _RecalledLinesError(block, None, len(tree.body))
        return breaker.rebreak_without_hyphen(block, line)

    return measure.probe.wanted_sides(), rebreak


def _padded(tree: HtmlElement, document: LaidOut, edition: Edition, pager: paginate.Pager) -> LaidOut:
    """``document`` with the blank pages ``edition``'s page multiple asks for, put into ``tree`` too.

    ``pager`` laid ``document`` out: the parts before the blank pages are where they were, and it
    has their pages; the blank pages and the parts after them are laid out. Blank pages change no
    part's text: no more repairs, as for an edition laid out from another's tree.
    """
    if not pad(tree, len(document.pages), edition):
        return document
    sides = paginate.moved_sides(document.wanted_sides(), paginate.number_parts(tree))
    pager.repair, pager.repairs = None, 0
    return pager.lay_out(tree, document.anchor_pages(), sides).document


def _references_in_broken_lines(part: HtmlElement) -> bool:
    """Whether every cross-reference of ``part`` stands in a line the total-fit breaker chose."""
    return all(in_broken_line(link) for link in part.find_class("pageref"))


def _redraw(start: Layout, target: Engine, edition: Edition) -> Layout | None:
    """``start``'s pages as ``target`` draws them, padded to ``edition``'s page multiple.

    None if ``target`` lays pages out otherwise than ``start``'s engine.
    """
    from ...layout.weasy.restyle import restyler

    assert start.engine is not None and start.pager is not None
    restyle = restyler(start.engine, target)
    if restyle is None:
        return None
    tree = copy.deepcopy(start.tree)
    # ``start``'s pager, done with its own edition, lays out the blank pages with ``start``'s engine.
    return Layout(tree, restyle(_padded(tree, start.document, edition, start.pager)))
