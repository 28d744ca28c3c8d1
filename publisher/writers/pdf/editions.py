"""The PDF editions (screen and print) and the layout engine each is laid out with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml.html import HtmlElement
from lxml.html import builder as E

from ...model import Publication
from ...names import STYLES_DIR

if TYPE_CHECKING:
    from ...layout.weasy.engine import Engine


@dataclass(frozen=True)
class Edition:
    """One PDF made from the common layout: its PDF variant, extra styles and page multiple."""

    name: str
    variant: str
    stylesheets: tuple[str, ...]
    page_multiple: int = 1  # the page count is padded with blank pages to a multiple of this


SCREEN = Edition("screen", "pdf/ua-1", ("fonts.css", "pdf.css"))
# Printed sheets fold into four pages each.
PRINT = Edition("print", "pdf/x-4", ("fonts.css", "pdf.css", "print.css"), page_multiple=4)


def crop_marks(publication: Publication, edition: Edition) -> bool:
    """Whether ``edition`` of ``publication`` has crop marks (the print edition, if asked for)."""
    return edition is PRINT and publication.options.pdf.crop_marks


def engine(publication: Publication, edition: Edition) -> Engine:
    """The layout engine for ``edition`` of ``publication``: its style sheets parsed, its fonts loaded."""
    from ...layout.weasy.engine import Engine  # heavy; imported only when a PDF is really laid out
    from .design import design_sheets

    names = list(edition.stylesheets) + (["crop-marks.css"] if crop_marks(publication, edition) else [])
    return Engine(
        [STYLES_DIR / name for name in names] + design_sheets(publication, edition),
        edition.variant,
        base=publication.root,
        allowed=[publication.root, STYLES_DIR],
    )


def pad(tree: HtmlElement, pages: int, edition: Edition) -> int:
    """Add the blank pages that bring ``pages`` to the edition's multiple; return how many.

    A document without a back cover (a flyer) is not folded, and not padded.
    """
    if not tree.find_class("back-cover"):
        return 0
    present = len(tree.find_class("blank-page"))
    missing = -(pages - present) % edition.page_multiple - present
    if missing > 0:
        # Blank pages go where a designer puts them: before the back cover.
        back = tree.find_class("back-cover")[0]
        for _ in range(missing):
            back.addprevious(E.DIV(E.CLASS("blank-page")))
    return max(missing, 0)
