"""Scene breaks: a paragraph of nothing but separator marks is a thematic break (``<hr>``).

Markdown's own rules (``***``, ``---``, ``___``, ``* * *``) already give an
``<hr>``. Manuscripts also mark a break with a line of dots or dashes
(``. . .``, ``……………``, ``—``, ``~~~``) or an ornament (``⁂``, ``❦``); a
paragraph made only of :data:`SEPARATOR_MARKS` and spaces becomes an
``<hr>`` too. The marks themselves are not kept: every scene break is set with
the same ornament by the styles, whatever the author typed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# Asterisks, dots, ellipses, middle dots, bullets, hyphens, dashes, tildes, underscores, ornaments.
SEPARATOR_MARKS = "*.…·•∙⋅-‐‑‒–—―~_⁂❦❧✻✽✱◆◇◊"
_MARK = f"[{re.escape(SEPARATOR_MARKS)}]"
_SEPARATOR = re.compile(rf"\s*{_MARK}(?:{_MARK}|\s)*")


def is_separator(paragraph: ET.Element) -> bool:
    """Whether a paragraph holds nothing but separator marks (no markup, no letters or digits)."""
    return len(paragraph) == 0 and _SEPARATOR.fullmatch(paragraph.text or "") is not None


class SceneBreakTreeprocessor(Treeprocessor):
    def run(self, root: ET.Element) -> None:
        for paragraph in list(root.iter("p")):
            if is_separator(paragraph):
                tail = paragraph.tail
                paragraph.clear()  # the marks and any attributes: an <hr> is the same everywhere
                paragraph.tag = "hr"
                paragraph.tail = tail


class SceneBreakExtension(Extension):
    """Paragraphs of dots, dashes or ornaments as scene breaks."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        md.registerExtension(self)
        # 7.5: after inline processing (20), so that only a paragraph left without markup counts
        # (emphasis between asterisks is text), and after attr_list (8), which takes a {: .class}
        # line off; before typography (5), which would turn "..." into "…" and "--" into "–".
        md.treeprocessors.register(SceneBreakTreeprocessor(md), "scene_break", 7.5)
