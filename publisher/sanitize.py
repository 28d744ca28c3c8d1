"""Keep raw HTML in a manuscript from smuggling active content into an output."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml.html import HtmlElement

from .errors import Problems, PublicationError, line_of, location

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


# Links a reader can follow from any output; nothing here is ever fetched.
WEB_SCHEMES = ("http", "https", "mailto", "tel", "ftp")


def check_references(
    body: HtmlElement, source: Path, root: Path, text: str, parts: Mapping[Path, str], problems: Problems
) -> None:
    """Refuse anything that would make a writer read outside the publication or fetch from the network.

    Images (and attachments, which WeasyPrint embeds) must be files inside the
    publication folder; each one that is not is an error, collected in
    ``problems``. A plain hyperlink is never fetched: it may point to the web, a
    mail address, an anchor, or another part's Markdown file (``kapitel-2.md``
    or ``kapitel-2.md#abschnitt``, made a cross-reference); any other local link
    cannot work in a PDF or an EPUB, so its text stays and the link is dropped
    with a warning.
    """
    for element in list(body.iter()):
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
            with problems.collect():
                _check_local_file(url, element, source, root, text)
        if element.tag == "img" and not (element.get("alt") or "").strip():
            log.warning(
                "%s: image %r has no alt text: readers who cannot see it learn nothing of it",
                location(source, line_of(text, element.get("src") or "")),
                element.get("src"),
            )
        if element.tag == "a" and element.get("href") and not resources:
            _check_link(element, source, root, text, parts)


def _check_link(element: HtmlElement, source: Path, root: Path, text: str, parts: Mapping[Path, str]) -> None:
    href = element.get("href", "").strip()
    if href.startswith("#") or urlsplit(href).scheme.lower() in WEB_SCHEMES:
        return
    target = _local_target(href, source)
    if target is None:
        problem = "goes nowhere a reader of the PDF or EPUB can follow"
    elif target in parts:
        element.set("href", "#" + (urlsplit(href).fragment or parts[target]))
        return
    elif not target.is_relative_to(root):
        problem = "points outside the publication"
    elif not target.exists():
        problem = "points to no file in the publication"
    else:
        problem = "points to a file that is not a part of the publication"
    where = location(source, line_of(text, href))
    log.warning("%s: link %r %s: its text is kept, the link dropped", where, href, problem)
    element.drop_tag()


def _check_local_file(url: str, element: HtmlElement, source: Path, root: Path, text: str) -> None:
    what = "image" if element.tag == "img" else "link"
    line = line_of(text, url)
    target = _local_target(url, source)
    if target is None:
        if urlsplit(url.strip()).scheme == "data" and element.tag == "img":
            return  # inline data: nothing is read
        raise PublicationError(
            f"{what} {url!r} is outside the publication: use a file in the publication folder", source, line
        )
    if not target.is_relative_to(root):
        raise PublicationError(f"{what} {url!r} points outside the publication folder", source, line)
    if urlsplit(url.strip()).path and not target.exists():
        raise PublicationError(f"{what} {url!r}: no such file in the publication", source, line)


def _local_target(url: str, source: Path) -> Path | None:
    """The file a relative URL names (resolved, maybe outside); None for a URL with a scheme or host, or a root path."""
    split = urlsplit(url.strip())
    if split.scheme or split.netloc or url.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[\\/]", url):
        return None
    return (source.parent / unquote(split.path)).resolve()


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
