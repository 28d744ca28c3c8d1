"""German typography as Python-Markdown extensions, usable on their own.

``markdown.Markdown(extensions=publisher.typography.extensions())`` gives any
Markdown text the same treatment the publication gets.
"""

from __future__ import annotations

from markdown.extensions import Extension

from .gender import GENDER_WORD, GenderExtension

__all__ = ["GENDER_WORD", "GenderExtension", "extensions"]


def extensions() -> list[Extension]:
    """The typography extensions, in the order they must be registered."""
    return [GenderExtension()]
