"""Keep raw HTML in a manuscript from smuggling active content into an output."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml.html import HtmlElement

from .errors import PublicationError, line_of

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


def check_references(body: HtmlElement, source: Path, root: Path, text: str) -> None:
    """Refuse anything that would make a writer read outside the publication or fetch from the network.

    Images (and attachments, which WeasyPrint embeds) must be files inside the
    publication folder. A plain hyperlink is never fetched, so it may point to
    the web or a mail address, but not to a local file outside the publication.
    """
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        style = element.get("style") or ""
        if "url(" in style.replace(" ", "").lower():
            log.warning("%s: removed a style attribute that loads %r", source, style)
            del element.attrib["style"]
        resources = [element.get(name) for name in ("src", "srcset", "poster", "data") if element.get(name)]
        if element.tag == "a" and "attachment" in (element.get("rel") or "").split():
            resources.append(element.get("href") or "")
        for url in resources:
            _check_local_file(url, element, source, root, text)
        if element.tag == "a" and element.get("href") and not resources:
            href = element.get("href")
            scheme = urlsplit(href).scheme.lower()
            if scheme in ("http", "https", "mailto", "tel") or href.startswith("#"):
                continue
            _check_local_file(href, element, source, root, text)


def _check_local_file(url: str, element: HtmlElement, source: Path, root: Path, text: str) -> None:
    what = "image" if element.tag == "img" else "link"
    line = line_of(text, url)
    parts = urlsplit(url.strip())
    if parts.scheme or parts.netloc or url.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[\\/]", url):
        if parts.scheme == "data" and element.tag == "img":
            return  # inline data: nothing is read
        raise PublicationError(
            f"{what} {url!r} is outside the publication: use a file in the publication folder", source, line
        )
    target = (source.parent / unquote(parts.path)).resolve()
    if not target.is_relative_to(root):
        raise PublicationError(f"{what} {url!r} points outside the publication folder", source, line)
    if parts.path and not target.exists():
        raise PublicationError(f"{what} {url!r}: no such file in the publication", source, line)


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
