"""Python-Markdown extensions for the constructs manuscripts bring: figures, tables, verse, scene breaks, definitions.

Each module is one construct; :func:`extensions` lists them in the order the
reader registers them.
"""

from __future__ import annotations

from markdown.extensions import Extension

from .deflists import DefinitionListExtension
from .figures import FigureExtension
from .scene_breaks import SceneBreakExtension
from .tables import TableExtension
from .verse import VerseExtension


def extensions() -> list[Extension]:
    """The block extensions every publication is read with."""
    return [FigureExtension(), TableExtension(), VerseExtension(), SceneBreakExtension(), DefinitionListExtension()]
