"""Keep raw HTML in a manuscript from smuggling active content into an output."""

from __future__ import annotations

import logging
from pathlib import Path

from lxml.html import HtmlElement

log = logging.getLogger("publisher")

# Elements that run code, embed other documents or restyle the whole output.
FORBIDDEN_ELEMENTS = (
    "script",
    "iframe",
    "object",
    "embed",
    "style",
    "link",
    "meta",
    "base",
    "frame",
    "frameset",
    "applet",
)


def clean(body: HtmlElement, source: Path) -> None:
    """Remove forbidden elements and event-handler attributes, warning for each."""
    for element in list(body.iter(*FORBIDDEN_ELEMENTS)):
        log.warning("%s: removed raw <%s> element: active or external content is not allowed", source, element.tag)
        element.drop_tree()
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        for name in [name for name in element.attrib if name.lower().startswith("on")]:
            log.warning("%s: removed event-handler attribute %s on <%s>", source, name, element.tag)
            del element.attrib[name]
