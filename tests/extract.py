"""Read the text back out of built outputs, the way a reader (or a search engine) would."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

import pdfplumber
import pypdf
from lxml import etree

XHTML = "{http://www.w3.org/1999/xhtml}"
OPS = "{http://www.idpf.org/2007/ops}"
OPF = "{http://www.idpf.org/2007/opf}"
BLOCKS = [f"{XHTML}{tag}" for tag in ("p", "h1", "h2", "h3", "h4", "li", "div", "section", "aside", "dt", "dd")]


def epub_documents(path: Path, *, nav: bool = True) -> list[tuple[str, etree._Element]]:
    """The spine's XHTML documents, in reading order, parsed; without the navigation document if not ``nav``."""
    with zipfile.ZipFile(path) as book:
        container = etree.fromstring(book.read("META-INF/container.xml"))
        opf_path = container.find(".//{*}rootfile").get("full-path")
        opf = etree.fromstring(book.read(opf_path))
        base = opf_path.rsplit("/", 1)[0] + "/" if "/" in opf_path else ""
        manifest = {item.get("id"): item for item in opf.iter(f"{OPF}item")}
        documents = []
        for itemref in opf.iter(f"{OPF}itemref"):
            item = manifest[itemref.get("idref")]
            if not nav and "nav" in (item.get("properties") or "").split():
                continue
            name = base + item.get("href")
            documents.append((name, etree.fromstring(book.read(name))))
        return documents


def epub_text(path: Path, *, notes: bool = True) -> str:
    """The text of the EPUB's content documents (not the nav), in reading order.

    With ``notes=False`` the footnotes are left out, leaving the running text.
    """
    parts = []
    for _name, document in epub_documents(path):
        if document.find(f".//{XHTML}nav") is not None:
            continue
        body = document.find(f"{XHTML}body")
        if not notes:
            for element in list(body.iter(f"{XHTML}aside", f"{XHTML}a")):
                if element.get(f"{OPS}type") in ("footnote", "noteref"):
                    _remove_keeping_tail(element)
        for element in body.iter(*BLOCKS):
            element.tail = "\n" + (element.tail or "")
        parts.append("".join(body.itertext()))
    return "\n".join(parts)


def _remove_keeping_tail(element: etree._Element) -> None:
    previous, parent = element.getprevious(), element.getparent()
    if previous is not None:
        previous.tail = (previous.tail or "") + (element.tail or "")
    else:
        parent.text = (parent.text or "") + (element.tail or "")
    parent.remove(element)


def pdf_pages_text(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in pypdf.PdfReader(path).pages]


def dehyphenate(text: str) -> str:
    """Join words broken at line ends.

    WeasyPrint hyphenates with U+2010, so a line ending in U+2010 (or a soft
    hyphen) is a break inside a word; a line ending in "-" is a real hyphen
    (Nord-Süd-) and keeps it.
    """
    text = re.sub(r"[\u2010\u00ad]\n", "", text)
    return re.sub(r"(?<=\w)-\n(?=\w)", "-", text)


def pdf_text(path: Path) -> str:
    """All the PDF's text, pages joined, words broken at line ends joined again."""
    return dehyphenate("\n".join(pdf_pages_text(path)))


RUNNING_HEAD_MAX_SIZE = 8  # points; the running heads are 7.5 pt, the smallest text (notes) 8 pt


def pdf_flow_text(path: Path, running_heads: list[str], notes: list[str]) -> str:
    """The running text only: running heads, folios, footnotes and note calls taken out.

    ``running_heads`` are strings that may stand as a page's top line; a line
    that stands at the top of two or more pages is taken for one as well.
    ``notes`` are the notes' texts as printed (number first), normalized: a
    page's footnote area starts at the first line that begins one of them.
    Words broken at line ends, also across pages, are joined again.
    """
    pages = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            found = sorted(page.extract_text_lines(), key=lambda line: line["top"])
            lines = [line["text"] for line in found]
            if lines and lines[-1].strip().isdigit():
                lines.pop()
            # Running heads are set small (7.5 pt); a part's heading at the top of its first page is not one.
            small = bool(found) and max(char["size"] for char in found[0]["chars"]) < RUNNING_HEAD_MAX_SIZE
            pages.append((lines, small))
    top_lines = Counter(lines[0].strip() for lines, _small in pages if lines)
    heads = set(running_heads) | {line for line, count in top_lines.items() if count >= 2}
    flow = []
    for lines, small in pages:
        if lines and small and lines[0].strip() in heads:
            lines.pop(0)
        for index, line in enumerate(lines):
            start = normalize(line)
            if start.isdigit() and index + 1 < len(lines):  # the note's number on a line of its own
                start = f"{start} {normalize(lines[index + 1])}"
            if start and any(len(start) > 3 and note.startswith(start[: max(12, len(start) // 2)]) for note in notes):
                del lines[index:]
                break
        flow.extend(lines)
    text = normalize(dehyphenate("\n".join(flow)))
    for number in range(1, len(notes) + 1):
        # A call: the note's number glued to the word or punctuation before it.
        text = re.sub(rf"(?<=[^\s\d]){number}(?=\s|$)", "", text)
    return text


def normalize(text: str) -> str:
    """Fold away what typography is allowed to change: quotes, dashes, spaces, soft hyphens."""
    text = text.replace("\u00ad", "")
    text = re.sub(r"[\"'„“”‚‘’»«›‹]", "", text)
    text = re.sub(r"(?<=-),(?=\w)", "", text)  # a comma typed for a low quote (Volks-,Bundt’)
    text = re.sub(r"[\u2010\u2011\u2012\u2013\u2014]", "-", text)
    text = text.replace("...", "…")
    text = re.sub(r"[\s\u00a0\u202f\u2009\u200a]+", " ", text)
    return text.strip()
