"""German typography as Python-Markdown extensions, usable on their own.

``markdown.Markdown(extensions=publisher.typography.extensions())`` gives any
Markdown text the treatment a publication gets; :func:`typeset` does the same
for a plain string. Both record what they changed and what they could not
decide in a :class:`Report`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .gender import GENDER_WORD, GenderExtension
from .quotes import STYLES
from .report import Change, Report, Undecided
from .treeprocessor import typeset_tree

__all__ = [
    "GENDER_WORD",
    "STYLES",
    "Change",
    "GenderExtension",
    "Report",
    "TypographyExtension",
    "Undecided",
    "extensions",
    "typeset",
]


class _TypographyTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, extension: TypographyExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: ET.Element) -> None:
        typeset_tree(
            root, self.extension.getConfig("quotes"), self.extension.report, self.extension.getConfig("source")
        )


class TypographyExtension(Extension):
    """Quotation marks, apostrophes, dashes, ellipses and no-break spaces, German style."""

    def __init__(self, **kwargs: object) -> None:
        self.config = {
            "quotes": ["german", f"quotation mark style: {', '.join(STYLES)}"],
            "source": ["", "name of the text, used in the report"],
        }
        super().__init__(**kwargs)
        if self.getConfig("quotes") not in STYLES:
            raise ValueError(f"unknown quotation mark style {self.getConfig('quotes')!r} (known: {', '.join(STYLES)})")
        self.report = Report()

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        md.registerExtension(self)
        # A backslash keeps a mark straight (\" or \'), as with Python-Markdown's smarty.
        md.ESCAPED_CHARS.extend(char for char in "\"'" if char not in md.ESCAPED_CHARS)
        # 5: after inline processing (20) and prettify (10), before unescape (0),
        # so that a backslash-escaped mark (\\") stays as typed.
        md.treeprocessors.register(_TypographyTreeprocessor(md, self), "typography", 5)

    def reset(self) -> None:
        self.report = Report()


def extensions(quotes: str = "german", source: str = "") -> list[Extension]:
    """The typography extensions, in the order they must be registered."""
    return [GenderExtension(), TypographyExtension(quotes=quotes, source=source)]


def typeset(text: str, quotes: str = "german", report: Report | None = None) -> str:
    """Typeset one plain string (no Markdown) and return it."""
    element = ET.Element("p")
    element.text = text
    typeset_tree(element, quotes, report if report is not None else Report(), "")
    return element.text or ""
