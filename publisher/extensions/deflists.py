"""Definition lists: a definition without a term is a paragraph, never a ``<dd>`` alone.

Python-Markdown's def_list reads ``:   text`` as a definition of the paragraph
before it; after anything else (a table, a list, a quote) it makes a ``<dl>``
with no ``<dt>``, which HTML does not allow (EPUBCheck RSC-005). Such leading
definitions become paragraphs, keeping their text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor


class TermlessDefinitionTreeprocessor(Treeprocessor):
    def run(self, root: ET.Element) -> None:
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag == "dl":
                    _unwrap_leading_definitions(parent, child)


def _unwrap_leading_definitions(parent: ET.Element, dl: ET.Element) -> None:
    position = list(parent).index(dl)
    moved = 0
    while len(dl) and dl[0].tag == "dd":  # ends: each turn removes the dl's first child
        definition = dl[0]
        dl.remove(definition)
        paragraphs = list(definition) if definition.find("p") is not None else []
        if not paragraphs:
            definition.tag = "p"
            paragraphs = [definition]
        for paragraph in paragraphs:
            parent.insert(position + moved, paragraph)
            moved += 1
    if not len(dl):
        parent.remove(dl)


class DefinitionListExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        md.registerExtension(self)
        # 6: after inline processing (20), attr_list (8) and the table captions (7), before typography (5).
        md.treeprocessors.register(TermlessDefinitionTreeprocessor(md), "termless_definitions", 6)
