"""Hand the chosen lines back to the layout engine: one unbreakable span per line, inside the same paragraph.

Each line becomes ``<span class="line" style="white-space: nowrap; word-spacing: …">``
so that the engine can only stack the lines; the paragraph stays one ``<p>``, so
widows, orphans, footnotes and the PDF's structure tags (one P, spans inside) keep
working. Inline elements that cross a line's end are split: each line gets a
shallow copy holding that line's part, and an ``id`` stays on the first copy only.
A footnote is carried whole into the line of its call, with the white space,
word- and letter-spacing of the paragraph restored (it would otherwise inherit
the line's). Soft hyphens are taken out: a hyphenated line ends with a literal
U+2010 and the next span follows with no space; a line ending at a space is
followed by one ordinary space outside the spans (so copied text keeps its
spaces).

The spacing comes from the line re-measured whole: ``Δ = measure − natural`` is
shared between the line's spaces (word-spacing) and, where tracking is on, its
letters (letter-spacing), in proportion to their stretchability. Both are
rounded down to 1/1024 px (WeasyPrint truncates to Pango units; a value rounded
up would make the line overflow and break), then checked by measuring the line
with them; what is left WeasyPrint's justification fills. The last line keeps
its natural spacing unless the paragraph's last line is justified too. CSS
values are in px (1 px = 0.75 pt); the measure's widths are in points.

total_fit.py breaks a whole tree this way, and breaks a paragraph again (from
its atoms, which keep the original content) when a page rule asks for it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from lxml.html import HtmlElement

from ...hyphenation import HYPHEN, SOFT_HYPHEN
from .breaker import Line
from .measure import Measure
from .optical import LEFT, RIGHT
from .paragraph import (
    GENERATING,
    LETTER_SHRINK,
    LETTER_STRETCH,
    NO_BREAK_SPACE,
    SPACE_SHRINK,
    SPACE_STRETCH,
    Atom,
    BreakKind,
    Paragraph,
    owner,
    protrusions,
)

PX = 0.75  # points per CSS px
UNIT = 1024  # WeasyPrint hands spacing to Pango in 1/1024 px
_CHECKS = 4  # re-measurements of a line whose rounded spacing still overflows


@dataclass(frozen=True)
class LineSpec:
    """One line to write: its atoms [start, end), how it ends, its style and its protrusions in px."""

    start: int
    end: int
    kind: BreakKind
    style: str = ""
    left: float = 0.0  # how far the first character hangs into the left margin
    right: float = 0.0  # how far the last one (or the hyphen) hangs into the right margin


def _floor(px: float) -> float:
    return math.floor(px * UNIT) / UNIT


def _css(px: float) -> str:
    return f"{px:.10f}".rstrip("0").rstrip(".") + "px"


def specs(paragraph: Paragraph, lines: Sequence[Line], measure: Measure) -> list[LineSpec]:
    """The lines the breaker chose, with the spacing that fills each to the measure."""
    result = []
    start = 0
    metrics = paragraph.metrics
    for number, line in enumerate(lines):
        opportunity = paragraph.breaks[line.end]
        end, kind = opportunity.end, opportunity.kind
        runs = _runs(paragraph, start, end, kind, measure)
        left_char, right_char = protrusions(paragraph, start, end, kind)
        left = _protrusion(measure, runs[0][0], left_char, LEFT) if runs and left_char else 0.0
        right = _protrusion(measure, runs[-1][0], right_char, RIGHT) if runs and right_char else 0.0
        target = metrics.measure - (metrics.indent if number == 0 else 0.0) + left * PX + right * PX
        style = "white-space: nowrap" + _spacing(
            paragraph, runs, target, measure, kind != "end" or metrics.last_justified
        )
        result.append(LineSpec(start, end, kind, style, left, right))
        start = opportunity.resume
    return result


def _protrusion(measure: Measure, element: HtmlElement, char: str, table: dict[str, float]) -> float:
    """How far ``char`` hangs out, in px, rounded down (a line never ends beyond what was measured)."""
    return _floor(table[char] * measure.width(element, char) / PX)


def _runs(
    paragraph: Paragraph, start: int, end: int, kind: BreakKind, measure: Measure
) -> list[tuple[HtmlElement, str]]:
    """The line's text as the engine's text boxes will hold it: (element, text) per run of one element."""
    runs: list[tuple[HtmlElement, str]] = []
    for atom in paragraph.atoms[start:end]:
        if atom.generated:  # a text box of its own
            runs.append((atom.path[-1], measure.generated(atom.path[-1])))
            continue
        if not atom.char or atom.char == SOFT_HYPHEN:
            continue
        element = owner(atom, paragraph.element)
        if runs and runs[-1][0] is element:
            runs[-1] = (element, runs[-1][1] + atom.char)
        else:
            runs.append((element, atom.char))
    if kind == "soft" and runs:
        runs[-1] = (runs[-1][0], runs[-1][1] + HYPHEN)
    return runs


def _spacing(
    paragraph: Paragraph, runs: list[tuple[HtmlElement, str]], target: float, measure: Measure, fill: bool
) -> str:
    """The word- and letter-spacing declarations that bring the line's width to ``target`` (points).

    A line that is not to be filled (a paragraph's last) is only shrunk, where the breaker let it be
    wider than the measure.
    """
    metrics = paragraph.metrics

    def width(word: float, letter: float) -> float:
        return sum(
            measure.width(element, text, word, letter if measure.tracked(element) else 0.0) for element, text in runs
        )

    natural = width(0.0, 0.0)
    spaces = sum(text.count(" ") + text.count(NO_BREAK_SPACE) for _element, text in runs)
    letters = sum(len(text) for element, text in runs if measure.tracked(element))
    space = measure.space(paragraph.element)
    need = target - natural
    grow = need >= 0
    if grow and not fill:
        return ""
    per_space = space * (SPACE_STRETCH if grow else SPACE_SHRINK)
    per_letter = metrics.font_size * (LETTER_STRETCH if grow else LETTER_SHRINK) if paragraph.tracking else 0.0
    total = spaces * per_space + letters * per_letter
    if total <= 0:
        return ""
    ratio = need / total
    word_px = _floor(ratio * per_space / PX)
    letter_px = _floor(ratio * per_letter / PX)
    if spaces and abs(ratio) > 1:
        # Beyond what the breaker allows (a paragraph that has no better break: a long unbreakable
        # word follows): tracking stops at its limit, as TeX's font expansion does, and the spaces
        # take the rest; letters spread further would show.
        letter_ratio = 1.0 if grow else -1.0
        letter_px = _floor(letter_ratio * per_letter / PX)
        word_px = _floor((need - letter_ratio * letters * per_letter) / spaces / PX)
    for _ in range(_CHECKS):
        excess = width(word_px * PX, letter_px * PX) - target
        if excess <= 0:
            break
        if spaces:
            word_px = _floor(word_px - excess / PX / spaces) - 1 / UNIT
        else:
            letter_px = _floor(letter_px - excess / PX / max(letters, 1)) - 1 / UNIT
    style = f"; word-spacing: {_css(word_px)}" if word_px else ""
    if letter_px:
        style += f"; letter-spacing: {_css(_floor(metrics.letter_spacing / PX + letter_px))}"
    return style


LINE_CLASS = "line"  # the class of a line's span


def in_broken_line(element: HtmlElement) -> bool:
    """Whether ``element`` stands in a line the breaker chose (so that its width moves no line break)."""
    return any(
        ancestor.tag == "span" and LINE_CLASS in (ancestor.get("class") or "").split()
        for ancestor in element.iterancestors()
    )


def hand_off(paragraph: Paragraph, lines: Sequence[Line], measure: Measure) -> None:
    """Rewrite the paragraph into the breaker's ``lines`` (see the module's docstring)."""
    spacing = _css(paragraph.metrics.letter_spacing / PX)
    carried = f"white-space: normal; word-spacing: normal; letter-spacing: {spacing}"
    rewrite(paragraph.element, paragraph.atoms, specs(paragraph, lines, measure), carried)


def rewrite(element: HtmlElement, atoms: list[Atom], lines: Sequence[LineSpec], carried_style: str = "") -> None:
    """Replace the content of ``element`` (flattened into ``atoms``) by one span per line.

    ``lines`` must follow each other: a line's atoms run from its start to the
    next line's start; its characters stop at its end (the spaces and soft
    hyphens after it are dropped), elements carried whole or empty in between
    are kept in it.
    """
    seen: set[HtmlElement] = set()
    clones: dict[HtmlElement, list[HtmlElement]] = {}
    holders: dict[HtmlElement, HtmlElement] = {}  # element -> the copy its generated text follows
    stops = [line.start for line in lines[1:]] + [len(atoms)]
    tokens = [_tokens(atoms, line, stop) for line, stop in zip(lines, stops, strict=True)]
    # An element holding nothing but spaces or soft hyphens that were dropped is kept, empty, where it stood.
    covered = {member for line_tokens in tokens for token in line_tokens for member in token.path}
    for index, atom in enumerate(atoms):
        if any(member not in covered for member in atom.path):
            number = next(n for n, stop in enumerate(stops) if index < stop)
            tokens[number].append(_Token(atom.path))
            covered.update(atom.path)
    spans = []
    for number, line in enumerate(lines):
        span = element.makeelement("span", {"class": LINE_CLASS})
        if line.style:
            span.set("style", line.style)
        _fill(span, tokens[number], seen, carried_style, clones, holders)
        if number + 1 < len(lines) and line.kind == "space":
            span.tail = " "
        spans.append(span)
    # Only the piece its generated text follows keeps the class that generates it (a page number once).
    for original, holder in holders.items():
        for piece in clones[original]:
            if piece is not holder:
                kept = [name for name in (piece.get("class") or "").split() if name not in GENERATING]
                piece.set("class", " ".join(kept))
    for child in list(element):
        element.remove(child)
    element.text = None
    element.extend(spans)


@dataclass
class _Token:
    path: tuple[HtmlElement, ...]
    text: str = ""
    element: HtmlElement | None = None
    style: str = ""  # a protruding character's margin
    generated: bool = False


def _tokens(atoms: list[Atom], line: LineSpec, stop: int) -> list[_Token]:
    tokens: list[_Token] = []
    last_text = -1
    for index in range(line.start, stop):
        atom = atoms[index]
        if not atom.char:
            tokens.append(_Token(atom.path, element=atom.element, generated=atom.generated))
        elif index < line.end and atom.char != SOFT_HYPHEN:
            if tokens and tokens[-1].path == atom.path and tokens[-1].element is None and not tokens[-1].style:
                tokens[-1].text += atom.char
            else:
                tokens.append(_Token(atom.path, atom.char))
            last_text = len(tokens) - 1
    if last_text < 0:
        return tokens
    first = next(index for index, token in enumerate(tokens) if token.text)
    if line.left:
        token = tokens[first]
        tokens[first : first + 1] = [
            _Token(token.path, token.text[0], style=f"margin-left: -{_css(line.left)}"),
            *([_Token(token.path, token.text[1:])] if token.text[1:] else []),
        ]
        last_text += 1 if token.text[1:] else 0
    token = tokens[last_text]
    end_style = f"margin-right: -{_css(line.right)}" if line.right else ""
    if line.kind == "soft":
        tokens.insert(last_text + 1, _Token(token.path, HYPHEN, style=end_style))
        if not end_style:
            tokens[last_text].text += tokens.pop(last_text + 1).text
    elif end_style and not token.style:
        tokens[last_text : last_text + 1] = [
            *([_Token(token.path, token.text[:-1])] if token.text[:-1] else []),
            _Token(token.path, token.text[-1], style=end_style),
        ]
    elif end_style:
        token.style += "; " + end_style
    return tokens


def _fill(
    span: HtmlElement,
    tokens: list[_Token],
    seen: set[HtmlElement],
    carried_style: str,
    clones: dict[HtmlElement, list[HtmlElement]],
    holders: dict[HtmlElement, HtmlElement],
) -> None:
    """Build the tokens' text and elements into ``span``, opening a copy of each element on their paths."""
    stack: list[tuple[HtmlElement | None, HtmlElement]] = [(None, span)]
    for token in tokens:
        depth = 0
        while depth < len(token.path) and depth + 1 < len(stack) and stack[depth + 1][0] is token.path[depth]:
            depth += 1
        del stack[depth + 1 :]
        for original in token.path[depth:]:
            attributes = dict(original.attrib)
            if original in seen:
                attributes.pop("id", None)
            seen.add(original)
            copy = span.makeelement(original.tag, attributes)
            clones.setdefault(original, []).append(copy)
            stack[-1][1].append(copy)
            stack.append((original, copy))
        parent = stack[-1][1]
        if token.generated:
            holders[token.path[-1]] = parent
        if token.element is not None:
            token.element.tail = None
            own = token.element.get("style")
            if carried_style and carried_style not in (own or ""):  # a re-break carries it once
                token.element.set("style", "; ".join(filter(None, [own, carried_style])))
            parent.append(token.element)
        elif token.style:
            piece = span.makeelement("span", {"class": "protrude", "style": token.style})
            piece.text = token.text
            parent.append(piece)
        elif token.text:
            _append_text(parent, token.text)


def _append_text(parent: HtmlElement, text: str) -> None:
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text
