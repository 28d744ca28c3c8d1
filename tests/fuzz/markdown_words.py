"""The words a reader must find in the outputs of a Markdown part: its text without the syntax.

A word is a run of letters or of digits (NFKC-folded, case-folded), so typography that changes quotes,
dashes, spaces and apostrophes leaves the words as they were. Footnote definitions are returned apart
from the running text, because every output moves them (to the page's foot, to the part's end).
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field

# Letters and digits apart: a note's number printed against its first word ("2Open") is two words.
_WORD = re.compile(r"[^\W\d_]+|\d+")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_NOTE_DEFINITION = re.compile(r"^ {0,3}\[\^[^\]\s]+\]:\s?")
_ABBREVIATION = re.compile(r"^\*\[[^\]]+\]:")
_LIST_MARKER = re.compile(r"^\s*(?:\d+[.)]|[-*+])\s+")
_TABLE_CAPTION = re.compile(r"^ {0,3}Table:\s")
_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*\S+?(?:\s+[\"']([^\"']*)[\"'])?\s*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_NOTE_CALL = re.compile(r"\[\^[^\]\s]+\]")
_ATTRIBUTES = re.compile(r"\{:?\s*[#.][^}]*\}|\{:[^}]*\}")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def words(text: str) -> list[str]:
    """The words of a text as the outputs' words are compared: NFKC, case-folded, invisible marks out."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return _WORD.findall(text.casefold())


@dataclass
class SourceText:
    """A part's readable text: the running text and each footnote's text, syntax taken out."""

    running: str = ""
    notes: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)  # tables' "Table: …" lines: set above the table
    code_lines: list[str] = field(default_factory=list)


def strip_front_matter(text: str) -> str:
    """A YAML block (``---`` … ``---`` or ``...``) at the very start is metadata, not text."""
    match = re.match(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", text, re.DOTALL)
    return text[match.end() :] if match else text


def readable(text: str) -> SourceText:
    """Split a Markdown part into its running text and notes, with the syntax removed."""
    result = SourceText()
    running: list[str] = []
    note: list[str] | None = None
    fence: str | None = None
    for line in strip_front_matter(text).split("\n"):
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            else:
                result.code_lines.append(line)
                (note if note is not None else running).append(line)
            continue
        opening = _FENCE.match(line)
        if opening:
            fence = opening.group(1)
            continue
        if _NOTE_DEFINITION.match(line):
            if note is not None:
                result.notes[-1] = _inline("\n".join(note))
            note = [_NOTE_DEFINITION.sub("", line)]
            result.notes.append("")
            running.append("")
            continue
        if note is not None and line.strip() and not line.startswith(("    ", "\t")):
            result.notes[-1] = _inline("\n".join(note))
            note = None
        if _ABBREVIATION.match(line):
            continue
        if note is None and _TABLE_CAPTION.match(line):
            result.captions.append(_inline(line))
            continue
        (note if note is not None else running).append(line)
    if note is not None:
        result.notes[-1] = _inline("\n".join(note))
    result.running = _inline("\n".join(running))
    return result


def _inline(text: str) -> str:
    text = _COMMENT.sub(" ", text)
    lines = []
    for line in text.split("\n"):
        line = _TABLE_CAPTION.sub("", line)
        line = _LIST_MARKER.sub("", line)
        lines.append(line)
    text = "\n".join(lines)
    text = _IMAGE.sub(lambda m: f" {m.group(1) or ''} ", text)
    text = _NOTE_CALL.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _ATTRIBUTES.sub(" ", text)
    text = _TAG.sub(" ", text)
    return html.unescape(text)


def first_missing(needles: list[str], haystack: list[str]) -> int | None:
    """The index of the first needle word not found, in order, in ``haystack``; None if all are."""
    position = 0
    for index, word in enumerate(needles):
        try:
            position = haystack.index(word, position) + 1
        except ValueError:
            return index
    return None
