"""Apply the typography rules to a Python-Markdown element tree, block by block."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from markdown.util import AtomicString

from .quotes import educate_quotes
from .report import Report
from .rules import apply_rules, url_spans

# Blocks whose text (with their inline children) forms one run of prose.
BLOCK_TAGS = frozenset(
    [
        "p",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "td",
        "th",
        "dt",
        "dd",
        "blockquote",
        "div",
        "section",
        "article",
        "aside",
        "figcaption",
        "caption",
    ]
)
# Subtrees the rules never enter: code, preformatted text, formulas, and raw markup.
PROTECTED_TAGS = frozenset(["code", "pre", "kbd", "samp", "var", "script", "style", "math", "svg"])
PROTECTED_CLASS = "notypo"


@dataclass
class _Slot:
    element: ET.Element
    attribute: str  # "text" or "tail"


def _protected(element: ET.Element) -> bool:
    return element.tag in PROTECTED_TAGS or PROTECTED_CLASS in (element.get("class") or "").split()


def _slots(block: ET.Element) -> list[_Slot]:
    """The text pieces that belong to ``block``'s own run of prose, in reading order."""
    slots = [_Slot(block, "text")]

    def walk(element: ET.Element) -> None:
        for child in element:
            if child.tag not in BLOCK_TAGS and not _protected(child):
                slots.append(_Slot(child, "text"))
                walk(child)
            slots.append(_Slot(child, "tail"))

    walk(block)
    return slots


def typeset_block(block: ET.Element, style: str, report: Report, where: str) -> None:
    """Typeset the prose of one block in place (nested blocks are typeset on their own)."""
    slots = [slot for slot in _slots(block) if getattr(slot.element, slot.attribute)]
    texts = [getattr(slot.element, slot.attribute) for slot in slots]
    joined = "".join(texts)
    if not joined.strip():
        return
    # Atomic strings (inline code, autolinks) and URLs keep every character.
    protected: set[int] = set()
    offset = 0
    for text in texts:
        if isinstance(text, AtomicString):
            protected.update(range(offset, offset + len(text)))
        offset += len(text)
    for start, end in url_spans(joined):
        protected.update(range(start, end))

    quoted = educate_quotes(joined, style, protected, report, where)
    offset = 0
    for slot, text in zip(slots, texts, strict=True):
        new = quoted[offset : offset + len(text)]
        offset += len(text)
        new = AtomicString(new) if isinstance(text, AtomicString) else apply_rules(new, report, where)
        setattr(slot.element, slot.attribute, new)


def typeset_tree(root: ET.Element, style: str, report: Report, where: str) -> None:
    """Typeset every block under ``root``, skipping protected subtrees."""

    def visit(element: ET.Element) -> None:
        if _protected(element):
            return
        if element.tag in BLOCK_TAGS or element is root:
            typeset_block(element, style, report, where)
        for child in element:
            visit(child)

    visit(root)
