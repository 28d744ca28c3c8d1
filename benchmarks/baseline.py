"""The bare baseline publisher is measured against: Markdown + WeasyPrint + ebooklib, nothing else.

    .venv/bin/python benchmarks/baseline.py SOURCE OUTPUT_DIR

Reads SOURCE/publication.toml and its part files, converts each part with
``markdown.markdown(text, extensions=["footnotes"])``, concatenates them into one HTML
document with a minimal stylesheet (A5, the bundled Linux Libertine at 10/14 pt, so page
counts are comparable; notes stay at the end of each part), writes ONE PDF with
WeasyPrint and one EPUB with ebooklib (one chapter per part). No typography, no
hyphenation, no print editions, no checks: what a user gets from the libraries directly.
"""

from __future__ import annotations

import html
import sys
import tomllib
from pathlib import Path

import markdown
import weasyprint
from ebooklib import epub
from weasyprint.text.fonts import FontConfiguration

FONTS = Path(__file__).resolve().parent.parent / "styles" / "fonts"
FACES = [("LinLibertine_R.otf", "normal", "normal"), ("LinLibertine_RI.otf", "normal", "italic"),
         ("LinLibertine_RB.otf", "bold", "normal"), ("LinLibertine_RBI.otf", "bold", "italic")]  # fmt: skip


def stylesheet() -> str:
    faces = "".join(
        f'@font-face {{ font-family: "Baseline Serif"; src: url("{(FONTS / name).as_uri()}");'
        f" font-weight: {weight}; font-style: {style}; }}\n"
        for name, weight, style in FACES
        if (FONTS / name).exists()
    )
    return faces + (
        "@page { size: A5; margin: 18mm 15mm 20mm; @bottom-center { content: counter(page); } }\n"
        'body { font-family: "Baseline Serif", serif; font-size: 10pt; line-height: 14pt; }\n'
        "section.part { break-before: page; }\n"
        "h1, h2 { line-height: 1.2; break-after: avoid; }\n"
        ".footnote { font-size: 8pt; line-height: 10pt; }\n"
    )


def main(source: Path, output: Path) -> None:
    config = tomllib.loads((source / "publication.toml").read_text(encoding="utf-8"))
    title = config["title"]
    language = config.get("language", "de")
    slug = config.get("slug", "baseline")
    parts = []
    for number, spec in enumerate(config["parts"], start=1):
        text = (source / spec["file"]).read_text(encoding="utf-8")
        parts.append((number, spec["file"], markdown.markdown(text, extensions=["footnotes"])))
    output.mkdir(parents=True, exist_ok=True)

    # One PDF.
    body = "".join(f'<section class="part">{part}</section>\n' for _number, _file, part in parts)
    document = (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head><body>{body}</body></html>"
    )
    fonts = FontConfiguration()
    css = weasyprint.CSS(string=stylesheet(), font_config=fonts)
    weasyprint.HTML(string=document, base_url=str(source) + "/").write_pdf(
        output / f"{slug}.pdf", stylesheets=[css], font_config=fonts
    )

    # One EPUB, one chapter per part.
    book = epub.EpubBook()
    book.set_identifier(f"urn:baseline:{slug}")
    book.set_title(title)
    book.set_language(language)
    for author in config.get("authors", []):
        book.add_author(author if isinstance(author, str) else author["name"])
    chapters = []
    for number, file, part in parts:
        chapter = epub.EpubHtml(title=Path(file).stem, file_name=f"part-{number:03d}.xhtml", lang=language)
        chapter.content = part
        book.add_item(chapter)
        chapters.append(chapter)
    book.toc = chapters
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *chapters]
    epub.write_epub(str(output / f"{slug}.epub"), book)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
