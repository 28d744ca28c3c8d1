"""Read WeasyPrint's laid-out pages into the engine-neutral page model (layout/pages.py).

Reads private parts of WeasyPrint 70: ``Page._page_box`` (the box tree of a page),
``box.style[...]`` and the box classes of ``weasyprint.formatting_structure.boxes``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from weasyprint.formatting_structure import boxes

from ..pages import PART_INDEX, LaidOut, Line, Page
from .replay import stamp

if TYPE_CHECKING:
    import weasyprint

PX = 0.75  # points per CSS pixel, WeasyPrint's unit


def laid_out(document: weasyprint.Document) -> LaidOut:
    """The engine-neutral view of a WeasyPrint document, its pages given their serial numbers (replay.py)."""
    for page in document.pages:
        stamp(page)
    return LaidOut([page_of(page) for page in document.pages], document)


def page_of(page: weasyprint.Page) -> Page:
    parts = tuple((int(box.element.get(PART_INDEX)), box.style["break_before"]) for box in _part_boxes(page))
    return Page(tuple(page.anchors), parts, page, lambda: _lines(page), lambda: _note_lines(page))


def tagged(top: Any, attribute: str) -> Iterator[tuple[Any, str]]:
    """Each box under ``top`` (``top`` too) whose element has ``attribute``, with its value, in document order."""
    stack = [top]
    while stack:
        box = stack.pop()
        value = box.element.get(attribute) if box.element is not None else None
        if value is not None:
            yield box, value
        stack.extend(reversed(getattr(box, "children", [])))


def _part_boxes(page: weasyprint.Page) -> Iterator[Any]:
    """The boxes of the parts (children of <body>) laid out on ``page``, in order."""
    root = page._page_box.children[0]
    for body in getattr(root, "children", []):
        for box in getattr(body, "children", []):
            if box.element is not None and box.element.get(PART_INDEX) is not None:
                yield box


def _lines(page: weasyprint.Page) -> list[Line]:
    """A page's line boxes of running text, and its block images, in order."""
    return _read_lines(page._page_box.children[0])  # [0] is the root box; the footnote area follows it


def _note_lines(page: weasyprint.Page) -> list[Line]:
    """The line boxes of a page's footnote area."""
    areas = [box for box in page._page_box.children[1:] if isinstance(box, boxes.FootnoteAreaBox)]
    return [line for area in areas for line in _read_lines(area)]


def _read_lines(top: boxes.Box) -> list[Line]:
    """The line boxes and block images under ``top``, in order.

    List bullets and numbers are left out of a line's text: they are not text of the manuscript.
    """
    lines: list[Line] = []

    def walk(box: boxes.Box, ancestors: list[Any], repeated: bool) -> None:
        if (box.element_tag or "").endswith("::marker"):  # a footnote area has no element
            return
        if isinstance(box, boxes.TableRowGroupBox) and (box.is_header or box.is_footer):
            repeated = True
        if box.element is not None and (not ancestors or ancestors[-1] is not box.element):
            ancestors = [*ancestors, box.element]
        if isinstance(box, boxes.LineBox):
            lines.append(_line(box, ancestors, repeated))
            return
        if isinstance(box, boxes.BlockReplacedBox):
            named = _image_container(box.element, ancestors)
            if named is not None:
                lines.append(Line(None, "", block_image=True, stands_for=named))
            return
        for child in getattr(box, "children", []):
            walk(child, ancestors, repeated)

    walk(top, [], False)
    return lines


def _line(box: boxes.LineBox, ancestors: list[Any], repeated: bool) -> Line:
    element = box.element
    block = element.get("data-block") if element is not None else None
    text = "".join(_texts(box))
    stands_for = None
    if not text.strip():
        images = [child for child in box.descendants() if isinstance(child, boxes.InlineReplacedBox)]
        if images and block:
            stands_for = (block, 0)
        elif images:
            stands_for = _image_container(images[0].element, ancestors)
    ends = [child.position_x + child.margin_width() for child in box.children]
    width = (max(ends) - box.position_x) * PX if ends else 0.0
    return Line(block, text, width, box.width * PX, repeated, stands_for=stands_for)


def _texts(box: boxes.Box) -> Iterator[str]:
    """The text of a box's text boxes, in order, without list markers (an inside bullet is in the line)."""
    if box.element_tag.endswith("::marker"):
        return
    if isinstance(box, boxes.TextBox):
        yield box.text
    for child in getattr(box, "children", []):
        yield from _texts(child)


def _image_container(image: Any, ancestors: list[Any]) -> tuple[str, int] | None:
    """For an image that a page begins with: the first named block after it, and how far up the page begins.

    The page begins at the outermost unnamed ancestor that the image is the
    first content of (a figure whose caption follows the image). ``ancestors``
    are the image's element's ancestors in the layout tree, outermost first:
    the engine's elements know no parents.
    """
    found = None
    for ancestor in reversed(ancestors):
        if ancestor is image:
            continue
        if ancestor.get("data-block"):
            break
        named = _first_named_after(ancestor, image)
        if named is None:
            break
        found = named
    return found


def _first_named_after(container: Any, image: Any) -> tuple[str, int] | None:
    """(data-block, depth below ``container``) of the first named element, if ``image`` is the first content."""
    met = False

    def visit(element: Any, depth: int) -> tuple[str, int] | bool | None:
        nonlocal met
        if element is image:
            met = True
            return None
        if depth and element.get("data-block"):
            return (element.get("data-block"), depth) if met else False
        if not met and (element.text or "").strip():
            return False
        for child in element:
            if not isinstance(child.tag, str):
                continue
            result = visit(child, depth + 1)
            if result is not None:
                return result
            if not met and (child.tail or "").strip():
                return False
        return None

    result = visit(container, 0)
    return result if isinstance(result, tuple) else None
