"""An image alone in its paragraph is a figure; its title is the caption, a trailing "Foto: …" the credit.

``![Demonstration in Almaty](almaty.jpg "Der Platz der Republik. Foto: Esetok/CC")``
becomes::

    <figure><img src="almaty.jpg" alt="Demonstration in Almaty"/>
    <figcaption>Der Platz der Republik. <span class="credit">Foto: Esetok/CC</span></figcaption></figure>

Without a title there is no caption; the alt text is kept in any case (an
image written without one keeps ``alt=""``). The photo credit is the caption's
last sentence when it starts with one of :data:`CREDIT_WORDS` and a colon,
or the whole caption when the caption is nothing but a credit.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

CREDIT_WORDS = ("Foto", "Fotos", "Photo", "Photos", "Bild", "Bilder", "Image", "Credit", "Quelle", "Source")
# The credit starts the caption or follows the end of a sentence (". ", "! ", "? ", "… ").
_CREDIT = re.compile(r"(?:^|(?<=[.!?…]\s))(?:" + "|".join(CREDIT_WORDS) + r"):\s*\S.*$", re.DOTALL)


def split_credit(caption: str) -> tuple[str, str]:
    """The caption's text and its photo credit ("" when it has none)."""
    match = _CREDIT.search(caption)
    if match is None:
        return caption, ""
    return caption[: match.start()], match.group(0).strip()


def _lone_image(paragraph: ET.Element) -> ET.Element | None:
    """The paragraph's image, if it holds an image and nothing else."""
    if len(paragraph) != 1 or paragraph[0].tag != "img":
        return None
    image = paragraph[0]
    if (paragraph.text or "").strip() or (image.tail or "").strip():
        return None
    return image


class FigureTreeprocessor(Treeprocessor):
    def run(self, root: ET.Element) -> None:
        for paragraph in list(root.iter("p")):
            image = _lone_image(paragraph)
            if image is not None:
                self._make_figure(paragraph, image)

    @staticmethod
    def _make_figure(paragraph: ET.Element, image: ET.Element) -> None:
        title = (image.attrib.pop("title", "") or "").strip()
        image.set("alt", image.get("alt", ""))
        image.tail = None
        tail = paragraph.tail
        # The paragraph becomes the figure, keeping what attr_list gave it ({: .wide} or {#id}).
        paragraph.tag = "figure"
        paragraph.text = None
        paragraph.tail = tail
        if title:
            caption = ET.SubElement(paragraph, "figcaption")
            text, credit = split_credit(title)
            caption.text = text
            if credit:
                ET.SubElement(caption, "span", {"class": "credit"}).text = credit


class FigureExtension(Extension):
    """``![alt](file "caption")`` alone in a paragraph as ``<figure>`` with ``<figcaption>``."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        md.registerExtension(self)
        # 7: images exist only after inline processing (20), and attr_list (8) must first have
        # taken a block's {: .class} off the paragraph, or the image would not be alone in it;
        # before typography (5), so that the caption gets typographic quotes and dashes.
        md.treeprocessors.register(FigureTreeprocessor(md), "figure", 7)
