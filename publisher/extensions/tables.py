"""Tables: a caption from Pandoc's ``Table: …`` paragraph, and numbers marked for alignment.

Caption: a paragraph starting ``Table:``, ``Tabelle:`` or ``:`` directly
before or after a table (separated by a blank line, or as the table block's
first or last line) becomes the table's ``<caption>``, without that prefix.
The bare ``:`` form before a table only counts where no paragraph precedes it:
after a paragraph it is a definition list (``Term`` / ``: definition``).

Numbers: a column whose body cells are all numbers (``1.234,5``, ``−3``,
``40 %``, ``12,50 €``, ``$5``; empty cells and dashes allowed, at least one
number) gets ``class="num"`` on every cell, its header too. The styles set such
cells right-aligned in tabular figures; a lone number in a column of words
stays aligned with the words.

Rows: a body row with more cells than the header keeps them (Python-Markdown
would drop their text); the styles set them like any other cell.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.extensions.tables import TableProcessor
from markdown.treeprocessors import Treeprocessor

NUMBER_CLASS = "num"
_CAPTION = re.compile(r"^(?:Table|Tabelle)?:[ \t]+(?=\S)")
_SPACES = "\u00a0\u202f\u2009 "
_CURRENCY = "€$£¥"
_NUMBER = re.compile(
    rf"[+\-−±]?[{_CURRENCY}]?[{_SPACES}]?"  # sign and a currency written before
    rf"(?:\d[\d{_SPACES}.,'’]*\d|\d)"  # digits, grouped by points, commas, spaces or apostrophes
    rf"(?:[{_SPACES}]?(?:%|‰|[{_CURRENCY}]))?"  # per cent or a currency written after
)
# Empty cells and dashes (for "none") do not stop a column from being a column of numbers.
_PLACEHOLDER = re.compile(r"[–—\-−]?")


def is_number(text: str) -> bool:
    """Whether a cell's text is a number as tables print them."""
    return _NUMBER.fullmatch(text.strip()) is not None


class WholeRowTableProcessor(TableProcessor):
    """Python-Markdown's tables, except that no cell of a row is dropped: nothing written is lost."""

    def _build_row(self, row: str, parent: ET.Element, align: list[str | None]) -> None:
        super()._build_row(row, parent, align)
        cells = self._split_row(row)
        built = parent[-1]
        for text in cells[len(align) :]:
            ET.SubElement(built, built[-1].tag if len(built) else "td").text = text.strip(" ")


class TableCaptionProcessor(BlockProcessor):
    """Turn a caption paragraph next to a table into a ``<caption>`` element."""

    def test(self, parent: ET.Element, block: str) -> bool:  # noqa: ARG002
        lines = block.split("\n")
        return bool(_CAPTION.match(lines[0]) or _CAPTION.match(lines[-1]))

    def run(self, parent: ET.Element, blocks: list[str]) -> bool:
        lines = blocks[0].split("\n")
        rest = "\n".join(lines[1:])
        if _CAPTION.match(lines[0]) and rest and self._is_table(parent, rest):
            # The caption as the table block's first line.
            blocks[0] = rest
            self._pending_caption(parent, lines[0])
            return True
        if len(lines) > 1 and _CAPTION.match(lines[-1]) and self._is_table(parent, "\n".join(lines[:-1])):
            # The caption as the table block's last line: the table first, the caption next time round.
            blocks[0:1] = ["\n".join(lines[:-1]), lines[-1]]
            return True
        if not _CAPTION.match(lines[0]):
            return False
        previous = self.lastChild(parent)
        if previous is not None and previous.tag == "table" and previous.find("caption") is None:
            blocks.pop(0)
            previous.insert(0, self._caption("\n".join(lines)))
            return True
        before_table = len(blocks) > 1 and self._is_table(parent, blocks[1])
        # ": text" after a paragraph is a definition (def_list), not a caption.
        if before_table and (lines[0].startswith(("Table:", "Tabelle:")) or previous is None or previous.tag != "p"):
            blocks.pop(0)
            self._pending_caption(parent, "\n".join(lines))
            return True
        return False

    def _is_table(self, parent: ET.Element, block: str) -> bool:
        processors = self.parser.blockprocessors
        return "table" in processors and processors["table"].test(parent, block)

    @staticmethod
    def _caption(text: str) -> ET.Element:
        caption = ET.Element("caption")
        caption.text = _CAPTION.sub("", text, count=1).strip()
        return caption

    def _pending_caption(self, parent: ET.Element, text: str) -> None:
        # The table does not exist yet: the caption waits before it, and the treeprocessor moves it in.
        parent.append(self._caption(text))


class TableTreeprocessor(Treeprocessor):
    """Move waiting captions into their tables and mark the cells that hold numbers."""

    def run(self, root: ET.Element) -> None:
        for parent in [element for element in root.iter() if element.tag != "table"]:
            for child in list(parent):
                if child.tag == "caption":
                    self._move_caption(parent, child)
        for table in root.iter("table"):
            self._mark_numbers(table)

    @staticmethod
    def _move_caption(parent: ET.Element, caption: ET.Element) -> None:
        children = list(parent)
        index = children.index(caption)
        following = children[index + 1] if index + 1 < len(children) else None
        if following is not None and following.tag == "table" and following.find("caption") is None:
            parent.remove(caption)
            caption.tail = None
            following.insert(0, caption)
        else:
            # The block after it was not a table after all (another block processor took it).
            caption.tag = "p"

    @staticmethod
    def _mark_numbers(table: ET.Element) -> None:
        cells: dict[int, list[ET.Element]] = {}  # the body cells of each column
        kinds: dict[int, list[bool | None]] = {}  # for each: a number, not one, or a placeholder (None)
        for row in table.iter("tr"):
            for column, cell in enumerate(row):
                text = "".join(cell.itertext()).strip()
                numeric = is_number(text)
                if cell.tag == "td":
                    cells.setdefault(column, []).append(cell)
                    kinds.setdefault(column, []).append(numeric or (None if _PLACEHOLDER.fullmatch(text) else False))
        head = table.find("thead")
        for column, column_kinds in kinds.items():
            if True not in column_kinds or False in column_kinds:
                continue
            # A column of numbers: its header and its empty cells and dashes align with the numbers.
            for cell in cells[column]:
                _add_class(cell, NUMBER_CLASS)
            for row in head.iter("tr") if head is not None else ():
                if column < len(row):
                    _add_class(row[column], NUMBER_CLASS)


def _add_class(element: ET.Element, name: str) -> None:
    classes = (element.get("class") or "").split()
    if name not in classes:
        element.set("class", " ".join([*classes, name]))


class TableExtension(Extension):
    """Captions and number alignment for Python-Markdown's tables."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        md.registerExtension(self)
        # 76: just above the table processor (75), so that a caption written as a table block's first
        # or last line is split off before the table takes it for a row; above def_list (25), which
        # would read ": caption" as a definition without a term.
        md.parser.blockprocessors.register(TableCaptionProcessor(md.parser), "table_caption", 76)
        processors = md.parser.blockprocessors  # a Registry: no .get()
        table = processors["table"] if "table" in processors else None  # noqa: SIM401
        if isinstance(table, TableProcessor):  # the tables extension is there: same place, same options
            md.parser.blockprocessors.register(WholeRowTableProcessor(md.parser, table.config), "table", 75)
        # 7: a cell's text is complete only after inline processing (20) and attr_list (8);
        # before typography (5), which works on the caption as on any other block.
        md.treeprocessors.register(TableTreeprocessor(md), "table_numbers", 7)
