"""``publisher init``: a new publication folder that builds at once and documents itself."""

from __future__ import annotations

import datetime
import re
import tomllib
from pathlib import Path

from .config import CONFIG_NAME
from .errors import PublicationError
from .names import slugify

ARTICLE = "artikel.md"
SIDEBAR = "kasten.md"
FLYER = "flugblatt.md"
# The designs ``publisher init --design`` starts from (their files and [design] lines: _design_files).
DESIGNS = ("pamphlet", "book", "flyer")

# The same shape config.py accepts; checked here so a bad tag fails before anything is written.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")

# Every key the README documents, each with a one-line comment. Optional keys without a
# sensible default are commented out with an example; those with a default show it, so
# uncommenting a line changes nothing until the value is edited. The ISBN placeholder
# is deliberately invalid: uncommented unedited, it stops the build instead of printing
# a made-up ISBN.
_CONFIG = """\
# {config_name}: what the publication is and which files it is made of.
# The README ("publication.toml") documents every key. Lines starting with "# key"
# are optional settings: remove the "# " to use one.

# The publication's title (cover, metadata). Required.
title = {title}
# Publication date, a TOML date without quotes; also the time stamped into the outputs. Required.
date = {date}
# BCP 47 language tag: decides typography, hyphenation and the labels in the outputs.
language = {language}

# The title in running heads (default: the title).
# short_title = "Kurztitel"
# Printed on the cover; the PDF's subject.
# subtitle = "Untertitel der Publikation"
# Names, or tables such as {{ name = "Vorname Nachname", file_as = "Nachname, Vorname", role = "aut" }}.
# authors = ["Vorname Nachname"]
# Publisher or issuing organisation (cover, imprint, metadata).
# publisher = "Verlag oder Organisation"
# Copyright or licence statement (imprint, metadata).
# rights = "© {year} Vorname Nachname"
# A blurb for the EPUB's metadata and the back cover.
# description = "Worum es in dieser Publikation geht, in zwei, drei Sätzen."
# Keywords (PDF keywords, EPUB subjects).
# subjects = ["Stichwort", "Noch ein Stichwort"]
# ISBN-13, checked; becomes the EPUB's identifier.
# isbn = "978-…"
# Credit for the cover photo, printed in the imprint once a cover_image is set.
# photo_credit = "Foto: Name/Lizenz"
# V.i.S.d.P.: the person responsible under German press law (imprint); the build warns while it is missing.
# responsible = "Vorname Nachname, Straße 1, 12345 Ort"
# Base name of the output files (default: derived from the title).
# slug = {slug}
# A JPEG or PNG in this folder for the EPUB cover (default: the PDF's cover page).
# cover_image = "cover.jpg"

# One [[parts]] table per Markdown file, in reading order. Required.
{parts}
# Option tables. The values shown are the defaults, except where a list has an example.
[typography]
# The language's typesetting rules: quotes, dashes, spaces (gender forms are protected either way).
# enabled = true
# Quotation marks: "german" („…“), "guillemets" (»…«), "swiss" («…»), "english" (“…”),
# "french" (« … ») or "straight"; the language's own style when not set.
# quotes = "german"

[hyphenation]
# Hyphenate at all.
# enabled = true
# Shortest fragment before a break (default: the language's own, 2 for de, en and fr).
# left = 2
# Shortest fragment after a break (default: the language's own, 2 for de, 3 for en and fr).
# right = 2
# Shortest word that is hyphenated.
# min_word = 5
# Words with their breaks, for names the patterns do not know (default: none).
# exceptions = ["Na-sar-ba-jew"]
# Words never to break (default: none).
# never = ["Kasachstan"]

[epub]
# "reader" (the reading system hyphenates) or "soft-hyphens" (our breaks in the text).
# hyphenation = "reader"

[pdf]
# Crop marks on the print edition (local print shops want them, online ones do not).
# crop_marks = false
# "total-fit" (publisher breaks each paragraph as a whole) or "first-fit" (WeasyPrint, a line at a time).
# line_breaking = "total-fit"

[design]
{design}# "pamphlet" (covers, an imprint page) or "flyer" (no covers, the imprint lines at the foot; not folded).
# layout = "pamphlet"
# A contents page in the PDF: "auto" (two chapters or more, or more than toc_pages pages), true or false.
# toc = "auto"
# toc_pages = 32
# Trim size: "A5", "A6", "A4", "letter", "DL" or a size such as "120x190mm".
# page = "A5"
# Margins in mm: top, outer, bottom, inner (default: what suits the format).
# margins = [17, 15, 20, 17]
# Running text size in pt (default: what suits the format: 10 for A5).
# base_size = 10
# The booklet: "two-up" (two pages a sheet side) or "four-up" (that side twice, to cut: A6 on A4).
# booklet = "two-up"
# House colours: "#rrggbb" (converted to CMYK for print) or "device-cmyk(c m y k)".
# colors = {{ accent = "#7a1712", sidebar = "#f6efe9", cover = "#7a1712", cover_text = "#ffffff" }}
# The font of each role: a bundled family ("serif", "sans", "mono") or OFL font files in this folder,
# such as {{ regular = "fonts/X-Regular.otf", bold = "fonts/X-Bold.otf", italic = "fonts/X-Italic.otf" }}.
# fonts = {{ text = "serif", headings = "sans", code = "mono" }}
# Style sheets of your own in this folder, applied after the defaults.
# css = ["hausstil.css"]
# An SVG or PNG in this folder, on the front and back cover.
# logo = "logo.svg"
# The cover_image on the printed cover: "full" (across its head, to the edges), "boxed" or "none".
# cover_image = "full"
"""

_PART = """[[parts]]
# Markdown file, relative to this folder.
file = "{file}"
# "article" (the default) or "sidebar" (set as a boxed piece).
role = "{role}"
# Anchor for cross-references (default: the file name without .md).
# id = "{id}"
"""

_ARTICLE_TEXT = """\
# Überschrift des Artikels {#artikel}

Eine Unterzeile sagt in einem Satz, worum es im Artikel geht.
{: .standfirst}

Von Vorname Nachname
{: .byline}

Der erste Absatz führt in das Thema ein. Geschrieben wird einfach drauflos: Aus "geraden
Anführungszeichen" werden beim Bauen deutsche, aus drei Punkten eine Ellipse ... und aus einem
Bindestrich zwischen Leerzeichen - wie hier - ein Gedankenstrich.

## Eine Zwischenüberschrift

Genderformen wie Leser*innen, Autor:innen oder Kolleg_innen bleiben, wie sie sind, und *Hervorhebungen*
funktionieren trotzdem. Eine Anmerkung steht hinter dem Wort, auf das sie sich bezieht.[^1]

Hintergründe stehen im Kasten ([siehe Kasten](#kasten){: .pageref}): im Heft mit der Seitenzahl, im
E-Book als Link.

[^1]: Der Text der Anmerkung steht in derselben Datei; gezählt wird über die ganze Publikation.
"""

_SIDEBAR_TEXT = """\
# Ein Kasten {#kasten}

Ein Kasten ist ein kürzerer Text neben dem Artikel: ein Interview, eine Chronik, ein Porträt. In
publication.toml ist er als "sidebar" eingetragen und wird im Heft wie im E-Book sichtbar abgesetzt.

Auch hier gilt: Zahlen wie 40 % oder 13 Millionen und Daten wie der 14. Januar 2022 bleiben
zusammen, Abkürzungen wie z.B. bekommen ihren schmalen Abstand, und die Leser*innen sehen überall
dieselbe Typografie.
"""


_CHAPTER_TEXT = """\
# Kapitel {number}: Eine Überschrift {{#kapitel-{number}}}

Ein Buch besteht aus Kapiteln, jedes in seiner eigenen Datei und in publication.toml als "article"
eingetragen. Jedes Kapitel beginnt im Buch auf einer rechten Seite; sein Titel steht im Kolumnentitel,
und das Inhaltsverzeichnis nennt die Seite, auf der es beginnt.

## Ein Abschnitt

Abschnitte stehen mit ihren Seiten ebenfalls im Inhaltsverzeichnis. Anmerkungen werden über das ganze
Buch gezählt.[^{number}] Ein Kapitel ist so lang, wie es sein muss: Die Seiten folgen dem Text.

[^{number}]: Eine Anmerkung zu Kapitel {number}.
"""


_FLYER_TEXT = """\
# Die Überschrift des Flugblatts

Ein Flugblatt sagt in wenigen Sätzen, worum es geht, und lädt zum Mitmachen ein. Es hat eine oder
zwei Seiten, kein Deckblatt und kein eigenes Impressum: Die Angaben aus publication.toml stehen am Fuß
der letzten Seite.

## Was wir wollen

- eine erste Forderung,
- eine zweite Forderung,
- und eine dritte.

## Komm vorbei

Am Donnerstag um 19 Uhr im Gemeindesaal.[^1] Zum Drucken legt das Booklet so viele Flugblätter auf
ein A4-Blatt, wie darauf passen: vier im Format A6, zum Schneiden.

[^1]: Eine Anmerkung steht am Fuß der Seite, über dem Impressum.
"""


def _design_files(design: str) -> tuple[dict[str, str], list[tuple[str, str]], str]:
    """The Markdown files of ``design``, its parts (file, role) and the lines of its [design] table."""
    if design == "book":
        chapters = {f"kapitel-{number}.md": _CHAPTER_TEXT.format(number=number) for number in (1, 2, 3)}
        return chapters, [(name, "article") for name in chapters], "# The book design: a contents page.\ntoc = true\n"
    if design == "flyer":
        lines = '# The flyer design: A6 ("DL" for 99 × 210 mm), no covers.\nlayout = "flyer"\npage = "A6"\n'
        return {FLYER: _FLYER_TEXT}, [(FLYER, "article")], lines
    files = {ARTICLE: _ARTICLE_TEXT, SIDEBAR: _SIDEBAR_TEXT}
    return files, [(ARTICLE, "article"), (SIDEBAR, "sidebar")], ""


def scaffold(target: Path, *, title: str | None = None, language: str = "de", design: str = "pamphlet") -> list[Path]:
    """Create a new publication in ``target`` that builds at once; return the files written.

    ``design`` is one of DESIGNS: "pamphlet", an article and a sidebar; "book", three chapters and a
    contents page; "flyer", one A6 page without covers.
    """
    if design not in DESIGNS:
        raise PublicationError(f"unknown design {design!r}; known: {', '.join(DESIGNS)}")
    if target.exists():
        if not target.is_dir():
            raise PublicationError("exists and is not a folder", target)
        if (target / CONFIG_NAME).exists():
            raise PublicationError(f"already holds a {CONFIG_NAME}", target)
        if any(target.iterdir()):
            raise PublicationError("folder is not empty: choose a new or empty folder", target)
    if not _LANGUAGE_TAG.fullmatch(language):
        raise PublicationError(f'language must be a language tag such as "de", not {language!r}')
    title = (title or "").strip() or _title_from_folder(target)
    texts, parts, design_lines = _design_files(design)
    today = datetime.date.today()
    config = _CONFIG.format(
        config_name=CONFIG_NAME,
        title=_toml_string(title),
        date=today.isoformat(),
        year=today.year,
        language=_toml_string(language),
        slug=_toml_string(slugify(title)),
        parts="\n".join(_PART.format(file=name, role=role, id=Path(name).stem) for name, role in parts),
        design=design_lines,
    )
    # Guards the escaping of a title we did not write: the file must say what we meant.
    assert tomllib.loads(config)["title"] == title

    target.mkdir(parents=True, exist_ok=True)
    files = {CONFIG_NAME: config, **texts}
    written = []
    for name, text in files.items():
        path = target / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _title_from_folder(target: Path) -> str:
    """ "mein-flugblatt" → "Mein flugblatt": a placeholder the author will replace."""
    words = re.sub(r"[-_.\s]+", " ", target.resolve().name).strip()
    return words[:1].upper() + words[1:] if words else "Neue Publikation"


def _toml_string(value: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    escaped = []
    for char in value:
        if char in '"\\':
            escaped.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04X}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'
