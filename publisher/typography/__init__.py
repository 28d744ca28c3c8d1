"""Typography by language as Python-Markdown extensions, usable on their own.

``markdown.Markdown(extensions=publisher.typography.extensions(language="en"))``
gives any Markdown text the treatment a publication in that language gets;
:func:`typeset` does the same for a plain string. German (de, de-AT; de-CH and
de-LI with Swiss guillemets), English (en; en-GB and en-IE with spaced en
dashes) and French (fr) have rules of their own; any other language gets
neutral typography (see :func:`language_supported`). Both record what they
changed and what they could not decide in a :class:`Report`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .gender import GENDER_WORD, GenderExtension
from .languages import Conventions, conventions, language_supported, quote_styles
from .quotes import STYLES
from .report import Change, Report, Undecided
from .treeprocessor import typeset_tree

__all__ = [
    "GENDER_WORD",
    "STYLES",
    "Change",
    "Conventions",
    "GenderExtension",
    "Report",
    "TypographyExtension",
    "Undecided",
    "conventions",
    "extensions",
    "language_supported",
    "quote_styles",
    "typeset",
]


class _TypographyTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, extension: TypographyExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: ET.Element) -> None:
        typeset_tree(root, self.extension.conventions, self.extension.report, self.extension.getConfig("source"))


class TypographyExtension(Extension):
    """Quotation marks, apostrophes, dashes, ellipses and no-break spaces as ``language`` sets them.

    ``TypographyExtension(language="de", quotes=None, source="")``: ``language`` is a BCP 47
    tag; ``quotes`` names a style from :data:`STYLES` that replaces the language's quotation
    marks; ``source`` names the text in the report.
    """

    def __init__(self, **kwargs: object) -> None:
        self.config = {
            "language": ["de", "BCP 47 language tag whose conventions apply"],
            # "" rather than None: Python-Markdown reads an option whose default is None as a boolean.
            "quotes": ["", f"quotation mark style instead of the language's: {', '.join(STYLES)}"],
            "source": ["", "name of the text, used in the report"],
        }
        super().__init__(**{key: "" if key == "quotes" and value is None else value for key, value in kwargs.items()})
        self.conventions: Conventions = conventions(str(self.getConfig("language")), self.getConfig("quotes") or None)
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


def extensions(quotes: str | None = None, source: str = "", *, language: str = "de") -> list[Extension]:
    """The typography extensions, in the order they must be registered."""
    return [GenderExtension(), TypographyExtension(language=language, quotes=quotes, source=source)]


def typeset(text: str, quotes: str | None = None, report: Report | None = None, *, language: str = "de") -> str:
    """Typeset one plain string (no Markdown) as ``language`` sets it and return it."""
    element = ET.Element("p")
    element.text = text
    typeset_tree(element, conventions(language, quotes), report if report is not None else Report(), "")
    return element.text or ""
