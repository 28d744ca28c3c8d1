"""Verse: a paragraph of hard-broken lines is a stanza, each line its own span.

A hard line break is two trailing spaces (Python-Markdown) or a trailing
backslash (CommonMark's form, which Python-Markdown lacks and this module adds).
A paragraph is a stanza when it has at least one hard break, *every* line
break in it is hard, and no line is longer than :data:`MAX_LINE` characters
(a longer one is prose written a paragraph to a line, with one forced break).
Such a paragraph gets ``class="verse"`` and each line becomes
``<span class="line">…<br/></span>``: the ``<br/>`` stays at the end of each
line but the last and a newline stands between the spans, so that every
character is kept and a reader without the styles still sees the lines.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

MAX_LINE = 200  # characters
VERSE_CLASS = "verse"
LINE_CLASS = "line"
# A backslash before the line end, not itself escaped by a backslash (\\ is a literal backslash).
BACKSLASH_BREAK = r"(?<!\\)(?:\\\\)*\\\n"


class BackslashBreakProcessor(InlineProcessor):
    def handleMatch(self, m: re.Match[str], data: str) -> tuple[ET.Element, int, int]:  # noqa: ARG002, N802
        # Only the last backslash and the line end are the break; escaped pairs before it stay text.
        return ET.Element("br"), m.end() - 2, m.end()


def _texts(element: ET.Element) -> Iterator[tuple[bool, str]]:
    """(whether it is the tail of a ``<br>``, the text) for every piece of text inside ``element``."""
    yield False, element.text or ""
    for child in element:
        yield from _texts(child)
        yield child.tag == "br", child.tail or ""


def is_stanza(paragraph: ET.Element) -> bool:
    """Whether every line break in the paragraph is a hard one, and there is at least one."""
    if paragraph.find(".//br") is None:
        return False
    for after_break, text in _texts(paragraph):
        # Python-Markdown (prettify) starts a break's tail with the line end: that one is hard.
        if "\n" in (text.removeprefix("\n") if after_break else text):
            return False
    lines = "".join(paragraph.itertext()).split("\n")
    return all(len(line) <= MAX_LINE for line in lines)


def _shell(element: ET.Element, first: bool) -> ET.Element:
    attributes = dict(element.attrib)
    if not first:
        attributes.pop("id", None)  # an id belongs to one element
    return ET.Element(element.tag, attributes)


def split_lines(element: ET.Element) -> list[ET.Element]:
    """Copies of ``element``, one per line: each but the last ends in its ``<br>``.

    An inline element a break falls inside (``*one  \\ntwo*``) is split into one
    copy per line, so that every line is a complete piece of markup.
    """
    current = _shell(element, first=True)
    current.text = element.text
    pieces = [current]
    for child in list(element):
        tail = child.tail
        child.tail = None
        if child.tag == "br":
            current.append(child)
            current = _shell(element, first=False)
            current.text = (tail or "").removeprefix("\n")
            pieces.append(current)
            continue
        if child.find(".//br") is not None:
            parts = split_lines(child)
            current.append(parts[0])
            for part in parts[1:]:
                current = _shell(element, first=False)
                current.append(part)
                pieces.append(current)
            parts[-1].tail = tail
        else:
            child.tail = tail
            current.append(child)
    return pieces


def make_stanza(paragraph: ET.Element) -> None:
    """Give a stanza its class and wrap each of its lines in a span."""
    lines = split_lines(paragraph)
    for child in list(paragraph):
        paragraph.remove(child)
    paragraph.text = None
    classes = (paragraph.get("class") or "").split()
    paragraph.set("class", " ".join([*classes, VERSE_CLASS]))
    for number, line in enumerate(lines):
        span = ET.SubElement(paragraph, "span", {"class": LINE_CLASS})
        span.text = line.text
        span.extend(list(line))
        span.tail = "\n" if number < len(lines) - 1 else None


class VerseTreeprocessor(Treeprocessor):
    def run(self, root: ET.Element) -> None:
        for paragraph in list(root.iter("p")):
            if is_stanza(paragraph):
                make_stanza(paragraph)


class VerseExtension(Extension):
    """Stanzas of hard-broken lines, and the backslash form of a hard line break."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        md.registerExtension(self)
        # 185: before the escape pattern (180), which would keep "\" and the line end as literal text,
        # and after backtick (190), so that a backslash at a line end inside `code` stays as written.
        md.inlinePatterns.register(BackslashBreakProcessor(BACKSLASH_BREAK, md), "backslash_break", 185)
        # 6.5: after prettify (10), which starts each break's tail with the line end, and after
        # attr_list (8), which takes a {: .class} line off the paragraph (a soft line break
        # otherwise); before typography (5), which sees the spans as inline text of one block.
        md.treeprocessors.register(VerseTreeprocessor(md), "verse", 6.5)
