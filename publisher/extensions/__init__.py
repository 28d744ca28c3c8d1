"""Python-Markdown extensions for the constructs manuscripts bring: figures, tables, verse, scene breaks.

Each module is one construct; :func:`extensions` lists them in the order the
reader registers them.
"""

from __future__ import annotations

from markdown.extensions import Extension


def extensions() -> list[Extension]:
    """The block extensions every publication is read with."""
    return []
