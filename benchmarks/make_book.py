"""Generate a book-sized publication for the benchmark from the bundled manuscript's text.

    .venv/bin/python benchmarks/make_book.py TARGET_DIR [--pages 300] [--seed 1] [--long-paragraphs]
    .venv/bin/python benchmarks/make_book.py TARGET_DIR --pages 300 --long-parts 1   # one file, one part

The book is German running text made by permuting the paragraphs of manuscript/*.md (so
typography, gender forms and hyphenation have real work), in chapters of about ten pages:
mostly "article" parts, every fifth a shorter "sidebar". Each chapter has a heading with an
id, a standfirst, "##" section headings, a footnote every third paragraph and a cross-reference
(with page reference) to the previous chapter. With --long-paragraphs, every paragraph of running
text joins paragraphs of the source until it has 1,000 to 4,000 characters (the line breaker's
hardest case). With --long-parts N, the same amount of text comes in N chapters of equal length
and another shape: no notes, sidebars or cross-references, many short paragraphs and lines of
dialogue, and "##" to "####" headings (a whole book in one file, as statutes, theses and exported
documents often come, is --long-parts 1). The same seed, size and options give the same files.

The amount of text is calibrated against publisher's screen PDF (A5, Linux Libertine 10/14 pt):
WORDS_PER_PAGE below was measured with pypdf on generated books; run.py reports the real page
count of every build, so a drift in the layout shows in the results.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MANUSCRIPT = REPO / "manuscript"

# Words of text asked for per page of publisher's screen PDF, measured on the 300-page book (a
# target of 262 gave 322 pages; the generator overshoots its word budget by a paragraph per part
# and counts notes, headings and chapter openings in). Re-measure with --calibrate if styles change.
WORDS_PER_PAGE = 244
PAGES_PER_CHAPTER = 10
SIDEBAR_EVERY = 5  # every fifth part is a sidebar ...
SIDEBAR_WEIGHT = 0.4  # ... of 40 % an article's length
NOTE_EVERY = 3  # a footnote every third paragraph
SECTION_EVERY = 6  # a "##" heading every sixth paragraph
# Long parts: short paragraphs and dialogue take more lines per word than the book's paragraphs.
WORDS_PER_PAGE_LONG_PARTS = 297
DIALOGUE_EVERY = 3  # every third paragraph of a long part is a line of dialogue
SPEAKERS = ("sagte Aigerim", "fragte Daniyar", "antwortete die Journalistin", "rief jemand", "meinte Nurlan")

_FOOTNOTE_CALL = re.compile(r"\[\^[^\]\s]+\]")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)(\{:[^}]*\})?")


def source_text() -> tuple[list[str], list[str]]:
    """Plain paragraphs and "##" headings from the bundled manuscript."""
    paragraphs: list[str] = []
    headings: list[str] = []
    for path in sorted(MANUSCRIPT.glob("*.md")):
        for block in path.read_text(encoding="utf-8").split("\n\n"):
            lines = [line for line in block.strip().splitlines() if not line.startswith("{:")]
            if not lines:
                continue
            text = " ".join(lines)
            if text.startswith("## "):
                headings.append(text[3:].strip())
            elif text.startswith(("#", "[^", ">", "-", "*", "|")):
                continue  # titles, note definitions, lists, tables: not running text
            else:
                text = _LINK.sub(r"\1", _FOOTNOTE_CALL.sub("", text))
                if len(text.split()) >= 12:
                    paragraphs.append(text)
    return paragraphs, headings


def _sentences(paragraph: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„])", paragraph) if len(s.split()) >= 6]


def _long_paragraph(rng: random.Random, paragraphs: list[str]) -> str:
    """Paragraphs of the source joined until the result has 1,000 to 4,000 characters."""
    wanted = rng.randint(1000, 4000)
    text = rng.choice(paragraphs)
    while len(text) < wanted:  # each pass adds a paragraph of at least 12 words: ends
        text += " " + rng.choice(paragraphs)
    return text


def _chapter(
    rng: random.Random,
    number: int,
    words: int,
    paragraphs: list[str],
    headings: list[str],
    sidebar: bool,
    long_paragraphs: bool = False,
) -> str:
    part_id = f"kapitel-{number:02d}"
    title = rng.choice(headings)
    kind = "Hintergrund" if sidebar else "Kapitel"
    out = [f"# {kind} {number}: {title} {{#{part_id}}}", ""]
    out += [" ".join(_sentences(rng.choice(paragraphs))[:1]) or rng.choice(paragraphs), "{: .standfirst}", ""]
    notes: list[str] = []
    written = 0
    index = 0
    while written < words:
        index += 1
        paragraph = _long_paragraph(rng, paragraphs) if long_paragraphs else rng.choice(paragraphs)
        if index % SECTION_EVERY == 0:
            out += [f"## {number}.{index // SECTION_EVERY} {rng.choice(headings)}", ""]
        if index == 2 and number > 1:
            target = f"kapitel-{number - 1:02d}"
            paragraph += f" (Mehr dazu im vorigen Kapitel, [siehe oben](#{target}){{: .pageref}}.)"
        if index % NOTE_EVERY == 0:
            label = f"n{len(notes) + 1}"
            # The call after the paragraph's first sentence, as authors place them.
            head, _, tail = paragraph.partition(". ")
            paragraph = f"{head}.[^{label}] {tail}" if tail else f"{paragraph}[^{label}]"
            note = " ".join(_sentences(rng.choice(paragraphs))[:2]) or rng.choice(paragraphs)
            notes.append(f"[^{label}]: {note}")
            written += len(note.split())
        out += [paragraph, ""]
        written += len(paragraph.split())
    out += [*notes, ""]
    return "\n".join(out)


def _long_part(rng: random.Random, number: int, words: int, paragraphs: list[str], headings: list[str]) -> str:
    """A chapter of short paragraphs and dialogue under headings of three levels, with no notes."""
    part_id = f"kapitel-{number:02d}"
    out = [f"# Kapitel {number}: {rng.choice(headings)} {{#{part_id}}}", ""]
    sentences = [sentence for paragraph in paragraphs for sentence in _sentences(paragraph)]
    written = 0
    index = 0
    sections = [0, 0, 0]  # the numbers of the "##", "###" and "####" headings
    while written < words:
        index += 1
        if index % SECTION_EVERY == 0:
            level = (index // SECTION_EVERY) % 3  # 1: "##", 2: "###", 0: "####"
            depth = (level - 1) % 3
            sections[depth] += 1
            sections[depth + 1 :] = [0] * (2 - depth)
            number_path = ".".join(str(n) for n in [number, *sections[: depth + 1]])
            out += [f"{'#' * (depth + 2)} {number_path} {rng.choice(headings)}", ""]
        if index % DIALOGUE_EVERY == 0:
            paragraph = f"„{rng.choice(sentences).rstrip('.')}“, {rng.choice(SPEAKERS)}."
        else:
            paragraph = " ".join(rng.choice(sentences) for _ in range(rng.randint(1, 3)))
        out += [paragraph, ""]
        written += len(paragraph.split())
    return "\n".join(out)


def generate(
    target: Path, pages: float, seed: int = 1, long_paragraphs: bool = False, long_parts: int | None = None
) -> Path:
    """Write a publication of about ``pages`` screen-PDF pages into ``target`` (replaced); return it.

    ``long_parts``: that many chapters of the long-part shape (see the module's text) instead of
    chapters of about ten pages.
    """
    rng = random.Random(seed)
    paragraphs, headings = source_text()
    chapters = long_parts or max(2, round(pages / PAGES_PER_CHAPTER))
    if long_parts:
        roles = ["article"] * chapters
    else:
        roles = ["sidebar" if number % SIDEBAR_EVERY == 0 else "article" for number in range(1, chapters + 1)]
    weights = [SIDEBAR_WEIGHT if role == "sidebar" else 1.0 for role in roles]
    # Cover, imprint and back cover take about three pages of their own.
    budget = max(pages - 3, 1) * (WORDS_PER_PAGE_LONG_PARTS if long_parts else WORDS_PER_PAGE)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    toml = [
        f'title = "Kasachstan: Eine Chronik in {chapters} Kapiteln"',
        'short_title = "Kasachstan-Chronik"',
        'subtitle = "Benchmark-Publikation aus dem Text des mitgelieferten Manuskripts"',
        'language = "de"',
        "date = 2022-01-14",
        'authors = ["Clare Doyle"]',
        'publisher = "Komitee für eine Arbeiter*inneninternationale"',
        'rights = "© 2022 Clare Doyle und Komitee für eine Arbeiter*inneninternationale"',
        'description = "Ein erzeugtes Buch für Laufzeitmessungen."',
        'subjects = ["Kasachstan", "Benchmark"]',
        'responsible = "Clare Doyle"',
        f'slug = "benchmark-{round(pages)}{"-long-paragraphs" if long_paragraphs else ""}'
        f'{f"-in-{long_parts}" if long_parts else ""}"',
        "",
    ]
    for number, (role, weight) in enumerate(zip(roles, weights, strict=True), start=1):
        name = f"kapitel-{number:02d}.md"
        words = round(budget * weight / sum(weights))
        if long_parts:
            text = _long_part(rng, number, words, paragraphs, headings)
        else:
            text = _chapter(rng, number, words, paragraphs, headings, role == "sidebar", long_paragraphs)
        (target / name).write_text(text, encoding="utf-8")
        toml += ["[[parts]]", f'file = "{name}"', f'role = "{role}"', ""]
    # The manuscript's hyphenation exceptions: the transliterated names recur in the text.
    manuscript_toml = (MANUSCRIPT / "publication.toml").read_text(encoding="utf-8")
    toml += ["[typography]", 'quotes = "german"', ""]
    exceptions = re.search(r"^exceptions = .*$", manuscript_toml, re.MULTILINE)
    if exceptions:
        toml += ["[hyphenation]", exceptions.group(0), ""]
    (target / "publication.toml").write_text("\n".join(toml), encoding="utf-8")
    return target


def word_count(source: Path) -> int:
    return sum(len(path.read_text(encoding="utf-8").split()) for path in source.glob("*.md"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target", type=Path, help="folder to write the publication into (replaced)")
    parser.add_argument("--pages", type=float, default=300, help="target page count of the screen PDF")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--long-paragraphs", action="store_true", help="paragraphs of 1,000 to 4,000 characters")
    parser.add_argument(
        "--long-parts", type=int, metavar="N", help="N chapters of short paragraphs and dialogue, no notes"
    )
    parser.add_argument(
        "--calibrate", action="store_true", help="build the screen PDF with publisher and report words per page"
    )
    args = parser.parse_args()
    if args.long_parts is not None and args.long_parts < 1:
        parser.error("--long-parts wants 1 or more chapters")
    source = generate(args.target, args.pages, args.seed, args.long_paragraphs, args.long_parts)
    words = word_count(source)
    print(f"{source}: {words} words in {len(list(source.glob('*.md')))} parts")
    if args.calibrate:
        import subprocess
        import sys
        import tempfile

        import pypdf

        with tempfile.TemporaryDirectory() as out:
            subprocess.run(
                [sys.executable, "-m", "publisher", "build", str(source), "-o", out, "--format", "pdf", "-q"],
                check=True,
                cwd=REPO,
            )
            pdf = next(Path(out).glob("*.pdf"))
            pages = len(pypdf.PdfReader(pdf).pages)
        per_page = WORDS_PER_PAGE_LONG_PARTS if args.long_parts else WORDS_PER_PAGE
        # More pages than asked for: fewer words fit on a page than the constant says.
        suggested = per_page * max(args.pages - 3, 1) / max(pages - 3, 1)
        constant = "WORDS_PER_PAGE_LONG_PARTS" if args.long_parts else "WORDS_PER_PAGE"
        print(f"screen PDF: {pages} pages for a target of {args.pages:.0f}; {constant} = {suggested:.0f} would fit")


if __name__ == "__main__":
    main()
