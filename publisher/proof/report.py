"""The proof as one HTML file: the sheet, each page clickable to a large render, the problems, the figures.

Self-contained (every picture a data: URL, the style inline, no script), so it opens offline and can be
sent as one file; every picture has alternative text.
"""

from __future__ import annotations

import base64
import html
import statistics
from dataclasses import dataclass

from .compare import Comparison
from .findings import HYPHENS, Finding, TypeArea
from .pages import ProofPage
from .sheet import COLOURS, Thumbnail, png, spreads

# The histogram's bins: word spaces of justified lines as multiples of the natural space.
_BINS = [round(0.5 + 0.1 * step, 1) for step in range(21)]  # 0.5 … 2.5


@dataclass(frozen=True)
class Figures:
    """What the proof counts: pages, words, hyphenated lines, and the word spaces' stretch."""

    pages: int
    words: int
    lines: int
    hyphenated: int
    stretch: list[float]  # each justified line's mean word space over the natural one

    @property
    def stretch_median(self) -> float | None:
        return statistics.median(self.stretch) if self.stretch else None


def figures(pages: list[ProofPage], area: TypeArea | None) -> Figures:
    if area is None:
        return Figures(len(pages), 0, 0, 0, [])
    body = [(page, line) for page in pages for line in area.body(page)]
    stretch = [area.stretch(line) for page, line in body if area.justified(page, line)]
    words = sum(len(line.text.split()) for page in pages for line in page.lines)
    hyphenated = sum(1 for _, line in body if line.text.endswith(HYPHENS))
    return Figures(len(pages), words, len(body), hyphenated, stretch)


def report(
    title: str,
    thumbnails: list[Thumbnail],
    large: dict[int, tuple[str, bytes]],
    problems: list[Finding],
    counts: Figures,
    comparison: Comparison | None = None,
    changes: bytes | None = None,
    draft: str | None = None,
) -> str:
    """The HTML document. ``large``: each page's large render (media type, bytes) by page number;
    ``comparison`` and ``changes`` (the sheet of changed spreads, PNG) against an earlier edition; ``draft``:
    why the pages are a draft's, not the print edition's, if they are."""
    by_number = {thumbnail.number: thumbnail for thumbnail in thumbnails}
    edition = "a draft of the print edition" if draft is not None else "the print edition"
    heading = "Proof (draft)" if draft is not None else "Proof"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{heading}: {html.escape(title)}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{heading}: {html.escape(title)}</h1>",
        *(
            [f'<p class="draft"><strong>Draft, not the print edition.</strong> {html.escape(draft)}</p>']
            if draft is not None
            else []
        ),
        _figures_html(counts, len(problems)),
        *(_changes_html(comparison, changes) if comparison is not None else []),
        "<h2>Pages</h2>",
        '<div class="sheet">',
    ]
    for left, right in spreads(len(thumbnails)):
        parts.append('<div class="spread">')
        for number in (left, right):
            if number is None:
                width = by_number[1].image.width if 1 in by_number else 0  # type: ignore[attr-defined]
                parts.append(f'<span class="empty" style="width: {width}px"></span>')
                continue
            thumbnail = by_number[number]
            what = "; ".join(f"{finding.kind}" for finding in thumbnail.problems) or "no problems"
            alt = f"Page {number}: {what}"
            source = _data("image/png", png(thumbnail.image, colours=64))
            parts.append(f'<a href="#page-{number}"><img src="{source}" alt="{html.escape(alt)}"></a>')
        parts.append("</div>")
    parts.append("</div>")
    parts.append("<h2>Problems</h2>")
    if problems:
        parts.append("<table><thead><tr><th>page</th><th>line</th><th>what</th><th>why</th></tr></thead><tbody>")
        for finding in problems:
            red, green, blue = COLOURS.get(finding.kind, (200, 0, 0))
            colour = f"#{red:02x}{green:02x}{blue:02x}"
            line = "" if finding.line is None else str(finding.line)
            parts.append(
                f'<tr><td><a href="#page-{finding.page}">{finding.page}</a></td><td>{line}</td>'
                f'<td><span class="key" style="border-color: {colour}"></span>{html.escape(finding.kind)}</td>'
                f"<td>{html.escape(finding.why)}</td></tr>"
            )
        parts.append("</tbody></table>")
    else:
        parts.append("<p>No problems found.</p>")
    parts.append("<h2>Each page</h2>")
    for number in sorted(large):
        source = _data(*large[number])
        found = [finding for finding in problems if finding.page == number]
        what = "; ".join(finding.kind for finding in found)
        alt = f"Page {number} of {edition}" + (f", outlined: {what}" if what else "")
        listed = "".join(
            f"<li>{'' if finding.line is None else f'line {finding.line}: '}{html.escape(finding.kind)}"
            f" ({html.escape(finding.why)})</li>"
            for finding in found
        )
        parts.append(
            f'<section id="page-{number}"><h3>Page {number}</h3>'
            f'<img class="large" src="{source}" alt="{html.escape(alt)}">'
            + (f"<ul>{listed}</ul>" if listed else "")
            + '<p><a href="#top">back to the sheet</a></p></section>'
        )
    parts.append("</body></html>")
    return "\n".join(parts).replace("<body>", '<body id="top">', 1) + "\n"


def _changes_html(comparison: Comparison, changes: bytes | None) -> list[str]:
    """What changed against the earlier edition: the pages and how, the sheet, the words that moved."""
    changed = comparison.changed
    parts = ["<h2>Changes</h2>", f"<p>{describe(comparison)}</p>"]
    if changed and changes is not None:
        alt = "The changed spreads, before and after, the changed lines outlined"
        parts.append(f'<img src="{_data("image/png", changes)}" alt="{alt}">')
    if comparison.moved:
        parts.append("<table><thead><tr><th>words</th><th>were on page</th><th>are on page</th></tr></thead><tbody>")
        for run in comparison.moved:
            parts.append(f"<tr><td>{html.escape(run.words)}</td><td>{run.before}</td><td>{run.after}</td></tr>")
        parts.append("</tbody></table>")
    return parts


HOW = {"moved": "only moved", "reflowed": "text reflowed", "added": "added", "removed": "removed"}


def describe(comparison: Comparison) -> str:
    """``3 pages changed: 5 (text reflowed), 6 (text reflowed), 7 (only moved)``, or ``0 pages changed``."""
    changed = comparison.changed
    if not changed:
        return "0 pages changed"
    pages = ", ".join(f"{change.number} ({HOW[change.how]})" for change in changed)
    return f"{len(changed)} page{'s' if len(changed) != 1 else ''} changed: {pages}"


def summary(title: str, problems: list[Finding], counts: Figures, comparison: Comparison | None, against: str) -> str:
    """The proof as Markdown, for a CI job's summary: the figures, the changed pages, the problems."""
    median = f"{counts.stretch_median:.2f}×" if counts.stretch_median is not None else "–"
    lines = [
        f"## Proof: {title}",
        "",
        "| pages | words | hyphenated lines | word space of justified lines (median) | problems |",
        "|---|---|---|---|---|",
        f"| {counts.pages} | {counts.words:,} | {counts.hyphenated:,} | {median} | {len(problems)} |",
        "",
    ]
    if comparison is not None:
        lines += [f"### Against {against}", "", describe(comparison) + ".", ""]
        for run in comparison.moved:
            words = run.words if len(run.words) <= 80 else f"{run.words[:38]} … {run.words[-38:]}"
            lines.append(f"- moved from page {run.before} to page {run.after}: {_cell(words)}")
        lines.append("")
    if problems:
        lines += ["### Problems", "", "| page | line | what | why |", "|---|---|---|---|"]
        lines += [f"| {f.page} | {f.line or ''} | {f.kind} | {_cell(f.why)} |" for f in problems]
    else:
        lines.append("No layout problems found.")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """``text`` safe in a Markdown table cell or list item: no pipe, no markup."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


def _figures_html(counts: Figures, problems: int) -> str:
    median = f"{counts.stretch_median:.2f}×" if counts.stretch_median is not None else "–"
    rows = [
        ("pages", str(counts.pages)),
        ("words", f"{counts.words:,}"),
        ("lines of running text", f"{counts.lines:,}"),
        ("hyphenated lines", f"{counts.hyphenated:,}"),
        ("word space of justified lines, median", median),
        ("problems", str(problems)),
    ]
    table = "".join(f"<tr><th>{label}</th><td>{value}</td></tr>" for label, value in rows)
    return f'<table class="figures">{table}</table>{_histogram(counts.stretch)}'


def _histogram(stretch: list[float]) -> str:
    """The justified lines' word spaces (over the natural space) as a small bar chart, inline SVG."""
    if not stretch:
        return ""
    counts = [0] * len(_BINS)
    for value in stretch:
        index = min(max(round((value - _BINS[0]) / 0.1), 0), len(_BINS) - 1)
        counts[index] += 1
    top = max(counts)
    bars = []
    for index, count in enumerate(counts):
        height = 60 * count / top if top else 0
        bars.append(f'<rect x="{index * 14}" y="{60 - height:.1f}" width="12" height="{height:.1f}" fill="#557"/>')
    labels = (
        f'<text x="0" y="74" font-size="10">{_BINS[0]}×</text><text x="{14 * 10}" y="74" font-size="10">1.5×</text>'
    )
    labels += f'<text x="{14 * (len(_BINS) - 2)}" y="74" font-size="10">{_BINS[-1]}×</text>'
    description = (
        f"Word spaces of {len(stretch)} justified lines, as multiples of the natural space, "
        f"from {_BINS[0]}× to {_BINS[-1]}×"
    )
    return (
        f'<figure><svg role="img" aria-label="{description}" width="{14 * len(_BINS)}" height="78">'
        f"<title>{description}</title>{''.join(bars)}{labels}</svg>"
        "<figcaption>Word spaces of justified lines, times the natural space</figcaption></figure>"
    )


def _data(media_type: str, data: bytes) -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


_STYLE = """
body { font-family: sans-serif; margin: 2em; color: #222; background: #fafafa; }
.sheet { display: flex; flex-wrap: wrap; gap: 24px; }
.spread { display: flex; }
.spread img, .spread .empty { display: block; height: 300px; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { text-align: left; padding: 2px 10px; border-bottom: 1px solid #ddd; }
.key { display: inline-block; width: 10px; height: 10px; border: 3px solid; margin-right: 6px; }
img.large { max-width: 100%; height: auto; border: 1px solid #999; }
section { margin: 2em 0; }
.draft { color: #a00; border: 2px solid #a00; padding: 0.5em 1em; }
"""
