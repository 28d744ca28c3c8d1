"""Repairs in the print HTML for what a layout got wrong (found by detect.py).

Each repair changes the tree so that the next layout of the part differs where
the defect was: soft hyphens taken out of a word or around a note's call, or
a paragraph sent to the next page.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from ...hyphenation import SOFT_HYPHEN
from ..pages import Page
from .detect import BadBreak, foot_block

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
BREAK_BEFORE = "break-before: page"  # the style a repair gives a paragraph that must start the next page


def remove_break(tree: HtmlElement, bad: BadBreak) -> None:
    """Take the soft hyphens out of the word the layout broke at ``before``-``after``.

    All of them: the layout would break the word at its next hyphenation
    point instead, and the line would end in a hyphen as before.
    """
    blocks = tree.xpath("//*[@data-block=$n]", n=bad.block)
    letters = re.match(r"[^\W\d_]*", bad.after).group(0)
    if not blocks or not bad.before:
        return
    # The word as written in the tree, where soft hyphens may stand between any two letters.
    pattern = re.compile(_softly(bad.before) + f"({SOFT_HYPHEN})" + _softly(letters[:2]))
    for node in blocks[0].iter():
        for attribute in ("text", "tail"):
            if attribute == "tail" and node is blocks[0]:
                continue
            value = getattr(node, attribute)
            match = pattern.search(value or "")
            if match:
                start, end = match.start(), match.end()
                while start > 0 and _in_word(value[start - 1]):
                    start -= 1
                while end < len(value) and _in_word(value[end]):
                    end += 1
                setattr(node, attribute, value[:start] + value[start:end].replace(SOFT_HYPHEN, "") + value[end:])
                return


def _in_word(character: str) -> bool:
    # Gender forms and apostrophes join letters into one word, as the hyphenator sees it.
    return character == SOFT_HYPHEN or character.isalpha() or character in "*:_’'"


def _softly(word: str) -> str:
    return f"{SOFT_HYPHEN}?".join(map(re.escape, word))


def break_before_last_paragraph(tree: HtmlElement, page: Page) -> bool:
    """Start the paragraph at the foot of ``page`` on the next page instead; False if it already does."""
    foot = foot_block(page)
    elements = tree.xpath("//*[@data-block=$n]", n=foot) if foot is not None else []
    if not elements:
        return False
    return _start_page(elements[0])


def break_after_call(tree: HtmlElement, note_id: str, page: Page) -> bool:
    """Start the paragraph at the foot of the page of a note's call on the next page, if it follows the call's.

    False if the call's paragraph is the one at the foot, or the one at the foot already starts a page.
    """
    home = _call_block(tree, note_id)
    if home is None or foot_block(page) == home.get("data-block"):
        return False
    return break_before_last_paragraph(tree, page)


def break_before_call(tree: HtmlElement, note_id: str) -> None:
    """Start the paragraph that calls a note on a new page."""
    block = _call_block(tree, note_id)
    if block is not None:
        _start_page(block)


def _start_page(block: HtmlElement) -> bool:
    """Start ``block`` on a new page, with the headings right before it (a forced break outweighs their
    ``break-after: avoid``: they would stay behind); False if it already starts one."""
    while (before := block.getprevious()) is not None and before.tag in HEADINGS:
        block = before
    if block.get("style") == BREAK_BEFORE:
        return False
    block.set("style", BREAK_BEFORE)
    return True


def _call_block(tree: HtmlElement, note_id: str) -> HtmlElement | None:
    """The paragraph (or other block with a data-block number) that holds a note's call."""
    call = tree.get_element_by_id(f"ref-{note_id}")
    return next((a for a in call.iterancestors() if a.get("data-block")), None)


def unhyphenate_around(tree: HtmlElement, note_id: str, reach: int) -> bool:
    """Take the soft hyphens out of the block holding a note's call and the ``reach`` blocks after it.

    False if there were none to take out.
    """
    call = tree.get_element_by_id(f"ref-{note_id}")
    block = next(ancestor for ancestor in call.iterancestors() if ancestor.tag not in ("a", "span", "em", "strong"))
    blocks = [block]
    sibling = block.getnext()
    while sibling is not None and len(blocks) <= reach:
        blocks.append(sibling)
        sibling = sibling.getnext()
    found = False
    for element in blocks:
        for node in element.iter():
            if node.text and SOFT_HYPHEN in node.text:
                node.text = node.text.replace(SOFT_HYPHEN, "")
                found = True
            if node.tail and node is not element and SOFT_HYPHEN in node.tail:
                node.tail = node.tail.replace(SOFT_HYPHEN, "")
                found = True
    return found
