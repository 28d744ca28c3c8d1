"""Apply the typography rules to a Python-Markdown element tree, block by block."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from markdown.util import AtomicString

from ..elements import BLOCK_ELEMENTS
from .languages import Conventions
from .quotes import educate_quotes
from .report import Report
from .rules import LINE_END, OBJECT, apply_rules, url_spans

# Subtrees the rules never enter: code, preformatted text, formulas, and raw markup.
PROTECTED_TAGS = frozenset(["code", "pre", "kbd", "samp", "var", "script", "style", "math", "svg"])
PROTECTED_CLASS = "notypo"


@dataclass
class _Slot:
    element: ET.Element
    attribute: str  # "text" or "tail"
    before: str = ""  # the context the rules see on either side (rules.OBJECT, rules.LINE_END or "")
    after: str = LINE_END


def _protected(element: ET.Element) -> bool:
    return element.tag in PROTECTED_TAGS or PROTECTED_CLASS in (element.get("class") or "").split()


def _slots(block: ET.Element) -> list[_Slot]:
    """The text pieces that belong to ``block``'s own run of prose, in reading order.

    Each knows what borders on it: the start of the block, an inline element (or a
    protected or nested block) or a line break.
    """
    items: list[_Slot | str] = [_Slot(block, "text")]

    def walk(element: ET.Element) -> None:
        for child in element:
            if child.tag == "br":
                items.append(LINE_END)
            elif child.tag not in BLOCK_ELEMENTS and not _protected(child):
                items.extend([OBJECT, _Slot(child, "text")])
                walk(child)
                items.append(OBJECT)
            else:
                items.append(OBJECT)
            items.append(_Slot(child, "tail"))

    walk(block)
    slots = []
    for index, item in enumerate(items):
        if isinstance(item, _Slot):
            if index > 0:
                item.before = _marker(items[index - 1])
            if index + 1 < len(items):
                item.after = _marker(items[index + 1])
            slots.append(item)
    return slots


def _marker(item: _Slot | str) -> str:
    return item if isinstance(item, str) else OBJECT


def typeset_block(block: ET.Element, conventions: Conventions, report: Report, where: str) -> None:
    """Typeset the prose of one block in place (nested blocks are typeset on their own)."""
    slots = [slot for slot in _slots(block) if getattr(slot.element, slot.attribute)]
    texts = [getattr(slot.element, slot.attribute) for slot in slots]
    joined = "".join(texts)
    if not joined.strip():
        return
    if conventions.quotes is not None:
        # Atomic strings (inline code, autolinks) and URLs keep every character.
        protected: set[int] = set()
        offset = 0
        for text in texts:
            if isinstance(text, AtomicString):
                protected.update(range(offset, offset + len(text)))
            offset += len(text)
        for start, end in url_spans(joined):
            protected.update(range(start, end))
        joined = educate_quotes(joined, conventions.quotes, protected, report, where, conventions.elisions)
    offset = 0
    for slot, text in zip(slots, texts, strict=True):
        new = joined[offset : offset + len(text)]
        offset += len(text)
        if isinstance(text, AtomicString):
            new = AtomicString(new)
        else:
            new = apply_rules(new, report, where, conventions.rules, slot.before, slot.after)
        setattr(slot.element, slot.attribute, new)


def typeset_tree(root: ET.Element, conventions: Conventions, report: Report, where: str) -> None:
    """Typeset every block under ``root``, skipping protected subtrees."""

    def visit(element: ET.Element) -> None:
        if _protected(element):
            return
        if element.tag in BLOCK_ELEMENTS or element is root:
            typeset_block(element, conventions, report, where)
        for child in element:
            visit(child)

    visit(root)
