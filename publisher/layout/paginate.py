"""Lay out the document a part at a time, repairing each before the next is laid out.

Every part of the print HTML (a child of its ``<body>``: the cover, the imprint,
each part of the manuscript, the back cover) starts on a new page, so its pages
depend on nothing before it but the number of its first page: the folio, and
the side (left or right margins and running heads). The pager lays out each
part as a document of its own that starts at the right page number and side,
repairs what went wrong in it (see repairs/) before going on to the next, and
puts the pages of all of them into one document. A repair in the tenth chapter
of a book costs the layout of that chapter only: the chapters after it are laid
out once, at their final place. A part laid out before at the same first page,
with the same content, is not laid out again.

A cross-reference ("siehe S. 10") whose target lies in another part cannot be
resolved by the engine inside a document of one part: its number is written in
(the target's page where it is already known, else a guess), and checked once
every part is placed; a part whose numbers turned out wrong is laid out again
with the right ones, for up to MAX_ROUNDS rounds, after which the engine lays
out the whole document (without repairs). A part whose number was guessed is
repaired only once the number is known.
"""

from __future__ import annotations

import copy
import hashlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from lxml import html as lxml_html
from lxml.html import HtmlElement
from lxml.html import builder as E

from ..progress import Progress
from .pages import PART_INDEX, Engine, LaidOut, Page

log = logging.getLogger("publisher")

# How often numbers of cross-references are corrected before WeasyPrint lays out the whole document.
MAX_ROUNDS = 3
# For a part laid out on its own: where its pages start, and the cross-references' numbers.
PART_CSS = """
html {{ break-before: {side}; }}
@page :first {{ counter-set: page {number}; }}
a.pageref[data-page]::after {{ content: attr(data-page); }}
"""

# Repairs in the tree what it finds wrong in the layout of one part.
Repair = Callable[[LaidOut], None]


def number_parts(tree: HtmlElement) -> dict[int, int]:
    """Number the children of ``<body>``: the layout carries the numbers to every page.

    Returns the new number of each child that had one before (blank pages put in between move the parts after them).
    """
    moved: dict[int, int] = {}
    for index, child in enumerate(tree.body):
        before = child.get(PART_INDEX)
        if before is not None:
            moved[int(before)] = index
        child.set(PART_INDEX, str(index))
    return moved


def moved_sides(sides: Mapping[int, str], moved: Mapping[int, int]) -> dict[int, str]:
    """``sides`` of the parts renumbered as ``moved`` says (see :func:`number_parts`)."""
    return {moved[index]: side for index, side in sides.items() if index in moved}


@dataclass
class Composition:
    """A document whose pages come from one or more layouts, and what its cross-references show."""

    document: LaidOut
    # For each part: the page number each of its cross-references prints, by target id.
    shown: dict[int, dict[str, int]] = field(default_factory=dict)

    def settled(self) -> bool:
        """Every cross-reference shows the page its target stands on."""
        anchors = self.document.anchor_pages()
        return all(anchors.get(ref, 0) == page for numbers in self.shown.values() for ref, page in numbers.items())


def whole(document: LaidOut, tree: HtmlElement) -> Composition:
    """A document laid out in one piece, where the engine resolved every cross-reference itself."""
    anchors = document.anchor_pages()
    shown = {
        index: {ref: anchors.get(ref, 0) for ref in _references(child)}
        for index, child in enumerate(tree.body)
        if _references(child)
    }
    return Composition(document, shown)


def _references(child: HtmlElement) -> list[str]:
    return [link.get("href", "")[1:] for link in child.find_class("pageref") if link.get("href", "").startswith("#")]


class Pager:
    """Lays out trees of one edition a part at a time, and remembers the pages of each part.

    ``repair`` is given the layout of a part and repairs the tree; the part is
    laid out again while that changes it, at most ``repairs`` times. A pager
    serves one tree (and the repairs made to it): it remembers the pages of
    a part's content before a repair as those of the repaired content.
    """

    def __init__(
        self,
        engine: Engine,
        repair: Repair | None = None,
        repairs: int = 0,
        *,
        fixed_lines: Callable[[HtmlElement], bool] | None = None,
        progress: Progress | None = None,
        edition: str = "",
    ) -> None:
        self.engine = engine
        self.progress = progress if progress is not None else Progress()
        self.edition = edition  # its name, for the progress shown
        self.repair = repair
        self.repairs = repairs if repair is not None else 0
        # Whether a part's lines and page breaks stand whatever numbers its cross-references show
        # (their lines were broken before the layout, the numbers measured as wide as any): then the
        # repairs a layout with guessed numbers calls for are those the true numbers call for.
        self.fixed_lines = fixed_lines
        self._repaired_unplaced = False  # a repair was made to a part whose pages are not yet laid out again
        # (part's HTML, first page number, cross-reference numbers) -> its pages
        self._laid_out: dict[tuple[bytes, int, tuple[tuple[str, int], ...]], list[Page]] = {}
        # A key of a part's HTML before a repair -> its HTML once repaired (what a part found in
        # ``_laid_out`` under that key becomes; a part found under its repaired HTML stays as it is).
        self._repaired: dict[tuple[bytes, int, tuple[tuple[str, int], ...]], bytes] = {}
        # What an earlier process's build of this edition made of a part by its repairs, by the digest
        # of the part's HTML, its first page and cross-reference numbers (layout/cache.py): a part found
        # there is laid out once, as repaired, instead of being repaired again.
        self.decided: Mapping[tuple[str, int, tuple[tuple[str, int], ...]], bytes] = {}
        # A blank page on each side, laid out once: a document may show the same blank page many times.
        self._blanks: dict[str, Page] = {}
        self._base: LaidOut | None = None  # a layout whose metadata the composed document takes
        self._anchors: dict[str, int] = {}  # where the last layout placed each anchor

    def carry_over(self, previous: Pager) -> None:
        """Take the pages ``previous`` laid out for an earlier tree with the same head and engine.

        A part of this pager's tree that is the same as a part of that tree, at the same page
        with the same cross-reference numbers, then takes those pages (and their repairs) as they are.
        """
        self._laid_out, self._repaired = previous._laid_out, previous._repaired
        self._blanks, self._base = previous._blanks, previous._base
        # Where the targets of cross-references stood: a reference to a target further on is laid out
        # with that page from the start, and where nothing moved, laid out once.
        self._anchors = previous._anchors

    def anchors(self) -> dict[str, int]:
        """Where the last layout placed each anchor (what :meth:`guess` takes)."""
        return dict(self._anchors)

    def guess(self, anchors: Mapping[str, int]) -> None:
        """Lay out references to targets further on with the pages ``anchors`` gives, until a layout places them."""
        self._anchors = dict(anchors)

    def decisions(self) -> dict[tuple[str, int, tuple[tuple[str, int], ...]], bytes]:
        """What the repairs made of the parts in the last layout, as :attr:`decided` takes it."""
        return {decided_key(key): repaired for key, repaired in self._repaired.items()}

    def lay_out(
        self, tree: HtmlElement, hint: dict[str, int] | None = None, sides: Mapping[int, str] | None = None
    ) -> Composition:
        """Every part of ``tree`` laid out in turn, its pages numbered on from the part before.

        ``hint`` gives pages of cross-reference targets, from another layout of
        the same text, for references to targets laid out after them; the last
        layout of this pager serves where it is not given. ``sides`` gives each
        part's break-before, from any layout of the same parts (see
        :meth:`LaidOut.wanted_sides`); without it a layout of the parts emptied
        of their content finds them. A part missing from it, or whose side it
        gives wrong, is placed as if it breaks to any page, then again where
        it turns out to break.
        """
        sides = dict(sides) if sides is not None else self._wanted_sides(tree)
        targets = set(tree.xpath("//@id"))
        guesses = hint if hint is not None else self._anchors
        for _round in range(MAX_ROUNDS):
            self._repaired_unplaced = False
            composition = self._in_turn(tree, sides, targets, guesses)
            guesses = self._anchors = composition.document.anchor_pages()
            if composition.settled() and not self._repaired_unplaced:
                return composition
        # The numbers did not settle (a reference that moves its own target): the engine's target-counter.
        log.debug("cross-references did not settle: the whole document is laid out in one piece")
        return whole(self.engine.render(tree, ""), tree)

    def _in_turn(
        self, tree: HtmlElement, sides: dict[int, str], targets: set[str], guesses: dict[str, int]
    ) -> Composition:
        pages: list[Page] = []
        shown: dict[int, dict[str, int]] = {}
        anchors: dict[str, int] = {}  # of the parts placed so far
        used: set[int] = set()
        # Each part's share of the text: how far along the layout is, for the progress shown.
        lengths = [len(child.text_content()) + 1 for child in tree.body]
        placed = 0
        for index in range(len(tree.body)):
            while True:
                child = tree.body[index]  # a part found laid out before is replaced by its repaired self
                number = len(pages) + 1
                blank = _off_side(sides.get(index, "auto"), number)
                if blank:  # a blank page first, so that the part starts on its side
                    number += 1
                # Targets placed already are known; one further on is guessed (from ``guesses``, else this page).
                every = _references(child)
                references = [ref for ref in every if ref in targets]
                numbers = dict.fromkeys(every, 0)  # a reference to nothing shows 0, as WeasyPrint's
                numbers.update({ref: anchors.get(ref) or guesses.get(ref) or number for ref in references})
                # A number made up (no layout has placed its target yet) changes the lines around it: what
                # would be repaired there might not need repairing with the true number. Repaired next round.
                known = all(ref in anchors or ref in guesses for ref in references)
                laid_out = self._place(tree, child, number, numbers, repair=known)
                first = laid_out[0].parts[:1] if laid_out else ()
                wanted = first[0][1] if first else sides.get(index, "auto")
                if _parity(wanted) == _parity(sides.get(index, "auto")):
                    break
                sides[index] = wanted  # the side was guessed wrong: place the part again
            if blank:
                pages.append(self._blank(tree, _side(number - 1)))
            for offset, page in enumerate(laid_out):
                for anchor in page.anchors:
                    anchors.setdefault(anchor, number + offset)
            pages.extend(laid_out)
            used.add(id(laid_out))
            placed += lengths[index]
            self.progress.laid_out(self.edition, index + 1, len(lengths), len(pages), placed / sum(lengths))
            if numbers:
                shown[index] = numbers
        # Pages no longer in the document are not kept for later layouts.
        self._laid_out = {key: value for key, value in self._laid_out.items() if id(value) in used}
        self._repaired = {key: value for key, value in self._repaired.items() if key in self._laid_out}
        assert self._base is not None
        return Composition(self.engine.compose(self._base, pages), shown)

    def _place(
        self, tree: HtmlElement, child: HtmlElement, number: int, numbers: dict[str, int], repair: bool = True
    ) -> list[Page]:
        """The pages of ``child`` starting at page ``number``; repaired unless ``repair`` is false."""
        css = PART_CSS.format(side=_side(number), number=number)

        def lay_out_child() -> LaidOut:
            return self.engine.render(_alone(tree, child, numbers), css)

        if not repair and self.repair is not None:
            document = lay_out_child()
            if self.fixed_lines is not None and self.fixed_lines(child):
                # Repaired now, laid out again next round with the true numbers (and repaired further if need be).
                before = lxml_html.tostring(child)
                self.repair(document)
                self._repaired_unplaced = lxml_html.tostring(child) != before or self._repaired_unplaced
            return list(document.pages)  # not kept: its numbers were guessed
        references = tuple(sorted(numbers.items()))
        key = (lxml_html.tostring(child), number, references)
        if key in self._laid_out:
            repaired = self._repaired.get(key)
            if repaired is not None:
                # The same part in another build's tree: it takes the repairs its pages were laid out with.
                replace_part(child, repaired)
            return self._laid_out[key]
        keys = [key]
        decided = self.decided.get(decided_key(key)) if self.repair is not None else None
        if decided is not None:
            # The repairs end where they ended last time: the last layout of a part repaired is that of its
            # final HTML, which its repairs left as it was (or ran out of attempts on).
            child = replace_part(child, decided)
            keys.append((lxml_html.tostring(child), number, references))
        document = lay_out_child()
        layouts = 1
        for _attempt in range(self.repairs if decided is None else 0):
            assert self.repair is not None
            self.repair(document)
            content = lxml_html.tostring(child)
            if content == keys[-1][0]:
                break  # nothing left to try: another pass would give the same layout
            keys.append((content, number, references))
            document = lay_out_child()
            layouts += 1
        pages = list(document.pages)
        how = "as repaired by an earlier build" if decided is not None else f"{layouts} layout(s)"
        log.debug("part %s: %d pages from page %d, %s", child.get(PART_INDEX), len(pages), number, how)
        self._base = self._base or document
        for each in keys:  # the same content at the same place would be repaired the same way
            self._laid_out[each] = pages
        if len(keys) > 1:  # the last key is the repaired content itself
            repaired = lxml_html.tostring(child, with_tail=False)
            self._repaired.update(dict.fromkeys(keys[:-1], repaired))
        return pages

    def _wanted_sides(self, tree: HtmlElement) -> dict[int, str]:
        """Each part's ``break-before``, from a layout of the parts emptied of their content."""
        body = E.BODY(**dict(tree.body.attrib))
        for child in tree.body:
            body.append(child.makeelement(child.tag, dict(child.attrib)))
        return self.engine.render(E.HTML(copy.deepcopy(tree.head), body, **dict(tree.attrib)), "").wanted_sides()

    def _blank(self, tree: HtmlElement, side: str) -> Page:
        """A blank page on ``side``, as the engine puts before a left or right break (no folio, no tags)."""
        if side not in self._blanks:
            other = "left" if side == "right" else "right"
            body = E.BODY(E.DIV(style="height: 1px"), E.DIV(style=f"break-before: {other}; height: 1px"))
            document = self.engine.render(E.HTML(copy.deepcopy(tree.head), body), f"html {{ break-before: {other}; }}")
            self._blanks[side] = document.pages[1]  # between the first page and the next one on the same side
        return self._blanks[side]


def decided_key(key: tuple[bytes, int, tuple[tuple[str, int], ...]]) -> tuple[str, int, tuple[tuple[str, int], ...]]:
    """A pager's key of a part laid out (its HTML, first page, cross-reference numbers), its HTML digested."""
    content, number, references = key
    return hashlib.sha256(content).hexdigest(), number, references


def replace_part(child: HtmlElement, html: bytes) -> HtmlElement:
    """Put the part ``html`` in the place of ``child``; return it."""
    replacement = lxml_html.fragment_fromstring(html)
    replacement.tail = child.tail
    child.getparent().replace(child, replacement)
    return replacement


def _parity(wanted: str) -> str | None:
    """The side a ``break-before`` value asks for, if any."""
    return {"right": "right", "recto": "right", "left": "left", "verso": "left"}.get(wanted)


def _off_side(wanted: str, number: int) -> bool:
    """Whether page ``number`` is on the other side than a child breaking ``wanted`` asks for."""
    return _parity(wanted) not in (None, _side(number))


def _side(number: int) -> str:
    return "right" if number % 2 else "left"


def _alone(tree: HtmlElement, child: HtmlElement, numbers: dict[str, int]) -> HtmlElement:
    """A document of the head and ``child`` alone, cross-references carrying their page numbers."""
    body = E.BODY(copy.deepcopy(child), **dict(tree.body.attrib))
    for link in body.find_class("pageref"):
        if link.get("href", "").startswith("#"):  # a link elsewhere prints no number, as in a whole layout
            link.set("data-page", str(numbers.get(link.get("href", "")[1:], 0)))
    return E.HTML(copy.deepcopy(tree.head), body, **dict(tree.attrib))
