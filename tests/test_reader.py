"""Issue 12: manuscripts from other tools: file names, ids, front matter, links, nesting, errors in one run."""

from __future__ import annotations

import datetime
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from publisher.config import default_part_id
from publisher.errors import PublicationError
from publisher.reader import MAX_DEPTH, read_publication

CONFIG = 'title = "Heft"\ndate = 2024-05-01\n'


def make(root: Path, parts: dict[str, str], config: str = CONFIG, extra: str = "") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    listing = "".join(f'[[parts]]\nfile = "{name}"\n' for name in parts)
    (root / "publication.toml").write_text(config + extra + listing, encoding="utf-8")
    for name, text in parts.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "publisher", *map(str, args)], capture_output=True, text=True, check=False, timeout=300
    )


def problems_of(source: Path) -> list[str]:
    with pytest.raises(PublicationError) as caught:
        read_publication(source)
    return [str(problem) for problem in caught.value.problems]


# --- file names and ids -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "expected"),
    [
        ("artikel.md", "artikel"),
        ("01-vorwort.md", "part-01-vorwort"),
        ("kapitel/02.md", "part-02"),
        ("03 Der Fluss.md", "part-03-der-fluss"),
        ("04-ärger.md", "part-04-aerger"),
        ("глава.md", "part"),
        ("_draft.md", "draft"),
    ],
)
def test_any_file_name_gives_a_valid_stable_id(file: str, expected: str) -> None:
    assert default_part_id(file, set()) == expected
    assert default_part_id(file, {expected}) == f"{expected}-2"


def test_numbered_and_odd_file_names_build(tmp_path: Path) -> None:
    names = ["kapitel/01-aufbruch.md", "kapitel/02.md", "03 Der Fluss.md", "04-ärger.md", "anhang/02.md", "глава.md"]
    source = make(tmp_path / "roman", {name: f"# Kapitel {n}\n\nText {n}.\n" for n, name in enumerate(names)})
    publication = read_publication(source)
    ids = [part.id for part in publication.parts]
    assert ids == ["part-01-aufbruch", "part-02", "part-03-der-fluss", "part-04-aerger", "part-02-2", "part"]
    assert read_publication(source).parts[4].id == "part-02-2"  # stable from one build to the next


def test_repeated_and_long_headings_get_unique_ids(tmp_path: Path) -> None:
    long_a = "Allgemeine Vorschriften über die Anwendung dieses Gesetzes im Inland"
    long_b = "Allgemeine Vorschriften über die Anwendung dieses Gesetzes im Ausland"
    text = "# Gesetz\n\n" + "".join(f"## {h}\n\nText.\n\n" for h in ["Einleitung", "Einleitung", long_a, long_b])
    source = make(tmp_path / "g", {"a.md": text, "b.md": "# Zweites\n\n## Einleitung\n\nText.\n"})
    publication = read_publication(source)
    ids = [h.get("id") for part in publication.parts for h in part.headings()]
    assert len(ids) == len(set(ids)) == 7
    assert ids[1:3] == ["a-einleitung", "a-einleitung-1"]
    assert ids[3] != ids[4]


def test_a_generated_id_never_takes_a_hand_written_one(tmp_path: Path) -> None:
    source = make(
        tmp_path / "h", {"a.md": "# A\n\n## Einleitung\n\nSiehe [B](#a-einleitung).\n", "b.md": "# B {#a-einleitung}\n"}
    )
    publication = read_publication(source)
    generated = publication.parts[0].headings()[1].get("id")
    assert generated == "a-einleitung-1"
    assert publication.part_of("a-einleitung") is publication.parts[1]


def test_hand_written_ids_used_twice_or_invalid_are_errors_naming_both_places(tmp_path: Path) -> None:
    source = make(
        tmp_path / "d",
        {"a.md": "# A {#gleich}\n\nText.\n", "b.md": "# B\n\n## Zwei {#gleich}\n\n## Drei {#9falsch}\n"},
    )
    problems = problems_of(source)
    assert any("b.md:3" in p and "'gleich' is used twice" in p and "a.md:1" in p for p in problems), problems
    assert any("b.md:5" in p and "'9falsch' is not a valid id" in p for p in problems), problems


def test_raw_html_repeating_an_id_is_a_warning_and_the_later_id_goes(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    source = make(tmp_path / "r", {"a.md": '# A\n\n<div id="kasten">eins</div>\n\n<div id="kasten">zwei</div>\n'})
    with caplog.at_level(logging.WARNING, logger="publisher"):
        publication = read_publication(source)
    assert len(publication.parts[0].body.xpath(".//*[@id='kasten']")) == 1
    assert any("a.md:5" in r.getMessage() and "'kasten'" in r.getMessage() for r in caplog.records)


def test_part_ids_written_twice_in_the_config_are_an_error(tmp_path: Path) -> None:
    source = make(tmp_path / "p", {"a.md": "# A\n", "b.md": "# B\n"}, extra="")
    config = source / "publication.toml"
    config.write_text(
        CONFIG + '[[parts]]\nfile = "a.md"\nid = "x"\n\n[[parts]]\nfile = "b.md"\nid = "x"\n', encoding="utf-8"
    )
    problems = problems_of(source)
    assert problems == [f"{config}:7: part 2: id 'x' is used by part 1 (line 3) too"]


# --- front matter -------------------------------------------------------------------------------

FRONT = """---
title: "Aus der Front Matter"
subtitle: Untertitel
author: [Ada Lovelace, "Grace Hopper"]
date: 2023-03-04
lang: de-AT
description: Ein Klappentext.
keywords: [Recht, Gesetz]
layout: post
permalink: /x/
---
# Erstes Kapitel

Text.
"""


def test_front_matter_is_never_printed_and_fills_in_the_metadata(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    source = make(tmp_path / "f", {"a.md": FRONT}, config="")
    with caplog.at_level(logging.WARNING, logger="publisher"):
        publication = read_publication(source)
    meta = publication.metadata
    assert meta.title == "Aus der Front Matter" and meta.subtitle == "Untertitel"
    assert [a.name for a in meta.authors] == ["Ada Lovelace", "Grace Hopper"]
    assert meta.date == datetime.date(2023, 3, 4) and meta.language == "de-AT"
    assert meta.description == "Ein Klappentext." and meta.subjects == ("Recht", "Gesetz")
    assert meta.slug == "aus-der-front-matter"
    text = publication.parts[0].body.text_content()
    assert "layout" not in text and "permalink" not in text and "Untertitel" not in text
    ignored = [r.getMessage() for r in caplog.records if "front matter" in r.getMessage()]
    assert len(ignored) == 1 and "'layout'" in ignored[0] and "'permalink'" in ignored[0]


def test_publication_toml_wins_over_front_matter(tmp_path: Path) -> None:
    source = make(tmp_path / "w", {"a.md": FRONT})
    meta = read_publication(source).metadata
    assert meta.title == "Heft" and meta.date == datetime.date(2024, 5, 1)
    assert meta.subtitle == "Untertitel"  # not in publication.toml: from the front matter


def test_a_leading_rule_is_not_front_matter(tmp_path: Path) -> None:
    source = make(tmp_path / "rule", {"a.md": "---\n\nErster Absatz.\n\n---\n\nZweiter.\n"})
    body = read_publication(source).parts[0].body
    assert "Erster Absatz." in body.text_content() and body.find(".//hr") is not None


def test_malformed_front_matter_names_file_and_line(tmp_path: Path) -> None:
    source = make(tmp_path / "bad", {"a.md": "---\ntitle: Gut\nauthor: [offen\n---\n# T\n"})
    problems = problems_of(source)
    assert len(problems) == 1 and "a.md:" in problems[0] and "malformed front matter" in problems[0]


def test_front_matter_date_must_be_a_date(tmp_path: Path) -> None:
    source = make(tmp_path / "date", {"a.md": "---\ntitle: T\ndate: im Mai\n---\n# T\n"}, config="")
    assert problems_of(source) == [f"{source / 'a.md'}:3: 'date' must be a date such as 2024-05-01, not 'im Mai'"]


# --- links and errors in one run ----------------------------------------------------------------


def test_local_links_that_cannot_resolve_are_warnings_and_keep_their_text(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    text = (
        "# Start\n\n[Startseite](/url) und [Skript](/script?x=1).\n\n"
        "[Andere](../other.html), [fehlt](fehlt.html), [JS](javascript:alert(1)).\n\n"
        "[Web](https://example.org/) und [Kapitel](b.md) und [Abschnitt](b.md#teil).\n"
    )
    source = make(tmp_path / "l", {"a.md": text, "b.md": "# B\n\n## Teil {#teil}\n"})
    with caplog.at_level(logging.WARNING, logger="publisher"):
        publication = read_publication(source)
    body = publication.parts[0].body
    hrefs = [a.get("href") for a in body.iter("a")]
    assert hrefs == ["https://example.org/", "#b", "#teil"]
    for words in ("Startseite", "Skript", "Andere", "fehlt", "JS"):
        assert words in body.text_content()
    warnings = [r.getMessage() for r in caplog.records if "link" in r.getMessage()]
    assert len(warnings) == 5
    assert all("a.md:3" in w for w in warnings[:2]) and all("a.md:5" in w for w in warnings[2:])


def test_a_broken_cross_reference_in_a_note_is_an_error_naming_its_line(tmp_path: Path) -> None:
    text = "# A\n\nText[^1].\n\n[^1]: Siehe [dort](#nirgends) und [hier](#innen).\n\n## Zwei {#innen}\n"
    source = make(tmp_path / "note-xref", {"a.md": text})
    assert problems_of(source) == [f"{source / 'a.md'}:5: cross-reference #nirgends points to no heading or part"]


def test_every_problem_is_reported_in_one_run(tmp_path: Path) -> None:
    parts = {
        "a.md": "# A\n\nEins[^x] und zwei[^y].\n\n![Bild](/etc/passwd)\n",
        "b.md": "# B\n\n[Verweis](#nirgends)\n\nDrei[^z].\n\n[^z]: a\n\n[^z]: b\n",
    }
    source = make(tmp_path / "many", parts)
    result = run("build", source, "-o", tmp_path / "out")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert all(line.startswith("error: ") for line in lines), lines
    expected = [
        ("a.md:3", "[^x] is not defined"),
        ("a.md:3", "[^y] is not defined"),
        ("a.md:5", "/etc/passwd"),
        ("b.md:9", "defined twice"),
        ("b.md:3", "#nirgends"),
    ]
    for where, what in expected:
        assert any(where in line and what in line for line in lines), (where, what, lines)
    assert len(lines) == len(expected)
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_config_problems_are_reported_together(tmp_path: Path) -> None:
    source = tmp_path / "cfg"
    source.mkdir()
    (source / "publication.toml").write_text(
        'title = "T"\ndate = 2024-05-01\nisbn = "123"\n[[parts]]\nfile = "fehlt.md"\n\n'
        '[[parts]]\nfile = "b.md"\nrole = "anhang"\n',
        encoding="utf-8",
    )
    (source / "b.md").write_text("# B\n", encoding="utf-8")
    problems = problems_of(source)
    assert any(":4: part 1: part file not found: fehlt.md" in p for p in problems), problems
    assert any(":7: part 2: unknown role 'anhang'" in p for p in problems), problems
    assert any("'isbn' must be an ISBN-13" in p for p in problems), problems


# --- deep structures -----------------------------------------------------------------------------


def test_nesting_the_layout_takes_is_laid_out(tmp_path: Path) -> None:
    from publisher.build import build

    depth = MAX_DEPTH - 2  # a block quote a level, with the paragraph inside
    source = make(tmp_path / "tief", {"a.md": "# Tief\n\n" + "> " * depth + "Zitat ganz innen.\n"})
    (pdf,) = build(source, tmp_path / "out", ["pdf"], jobs=1)
    assert pdf.stat().st_size > 0


def test_deeper_nesting_is_refused_naming_file_and_line(tmp_path: Path) -> None:
    text = "# Tief\n\nVorher.\n\n" + "> " * 200 + "Zitat\n\n" + "".join("    " * i + "- Punkt\n" for i in range(120))
    source = make(tmp_path / "tiefer", {"a.md": text})
    result = run("build", source, "-o", tmp_path / "out")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert f"{source / 'a.md'}:5: nested more than {MAX_DEPTH} levels deep" in result.stderr


@pytest.mark.usefixtures("kept_log")
def test_verbose_shows_the_traceback_of_an_internal_error(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from publisher import cli

    def broken(_args: object) -> int:
        raise ZeroDivisionError("on purpose")

    monkeypatch.setattr(cli, "_build", broken)
    assert cli.main(["build", "-v"]) == 2
    err = capsys.readouterr().err
    assert "internal error: ZeroDivisionError: on purpose" in err and "Traceback (most recent call last)" in err
    assert cli.main(["build"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "run with -v" in err


# --- languages ---------------------------------------------------------------------------------


def test_the_press_law_warning_is_for_germany_only(tmp_path: Path) -> None:
    for language, warned in (("de", True), ("de-DE", True), ("de-AT", False), ("en", False), ("fr", False)):
        source = make(tmp_path / language, {"a.md": "# T\n\nText.\n"}, extra=f'language = "{language}"\n')
        result = run("build", source, "-o", tmp_path / f"out-{language}", "--format", "epub")
        assert result.returncode == 0, result.stderr
        assert ("V.i.S.d.P." in result.stderr) is warned, (language, result.stderr)


def test_an_unsupported_language_gets_neutral_typography_and_one_warning(tmp_path: Path) -> None:
    source = make(tmp_path / "xx", {"a.md": '# T\n\n"Hallo", sagte sie -- leise.\n'}, extra='language = "tlh"\n')
    result = run("build", source, "-o", tmp_path / "out", "--format", "epub", "pdf")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:") and "'tlh'" in line]
    assert len(warnings) == 1, result.stderr  # with -j 2: the second process does not repeat it
    assert "no typography rules and no hyphenation patterns" in warnings[0]
    body = read_publication(source).parts[0].body.text_content()
    assert '"Hallo"' in body and "„" not in body


def test_the_config_takes_every_quotation_style_the_typography_has(tmp_path: Path) -> None:
    from publisher import typography
    from publisher.config import load_config

    for style in typography.quote_styles():
        source = make(tmp_path / style, {"a.md": "# T\n"}, extra=f'[typography]\nquotes = "{style}"\n')
        assert load_config(source).options.typography.quotes == style
    unknown = make(tmp_path / "unknown", {"a.md": "# T\n"}, extra='[typography]\nquotes = "klingon"\n')
    assert "quotes must be one of" in " ".join(problems_of(unknown))


def test_metadata_prose_gets_the_language_typography(tmp_path: Path) -> None:
    source = make(
        tmp_path / "fr",
        {"a.md": "# T\n\nTexte.\n"},
        config='title = "Lettre d\'hiver: \\"neige\\""\ndate = 2024-05-01\nlanguage = "fr"\nrights = "© 2024 Anne"\n',
    )
    meta = read_publication(source).metadata
    assert meta.title == "Lettre d’hiver\u00a0: «\u202fneige\u202f»" and meta.rights == "© 2024 Anne"
    assert meta.slug == "lettre-d-hiver-neige"


def test_raw_html_split_by_emphasis_leaves_no_placeholder(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    source = make(tmp_path / "ph", {"a.md": "# T\n\n***4*`*s**<p> **g*\n"})
    with caplog.at_level(logging.WARNING, logger="publisher"):
        text = read_publication(source).parts[0].body.text_content()
    assert "zzwxh" not in text and "\x02" not in text and "\x03" not in text and "g" in text
    assert any("could not be placed" in r.getMessage() for r in caplog.records)


def test_a_cross_reference_in_a_note_to_another_part_works_in_the_epub(tmp_path: Path) -> None:
    import zipfile

    from validate import epubcheck_problems

    from publisher.build import build

    source = make(
        tmp_path / "xref",
        {"a.md": "# 1.2.3 {#anker-0}\n\nText.\n", "b.md": "# B\n\nText[^1].\n\n[^1]: Siehe [dort](#anker-0).\n"},
    )
    (epub,) = build(source, tmp_path / "out", ["epub"], jobs=1)
    with zipfile.ZipFile(epub) as book:
        assert 'href="a.xhtml#anker-0"' in book.read("EPUB/b.xhtml").decode()
    assert epubcheck_problems(epub, tmp_path) == []


def test_slugs_spell_out_letters_unicode_does_not_decompose() -> None:
    from publisher.names import slugify

    assert slugify("Œuvre à Łódź, Ærø") == "oeuvre-a-lodz-aero"
    assert slugify("Größe") == "groesse"


def test_a_registered_association_is_one_abbreviation() -> None:
    from publisher import typography

    assert typography.typeset("Verein Am Mühlbach e.V. gegründet", language="de") == (
        "Verein Am Mühlbach e.\u202fV. gegründet"
    )


def test_a_footnote_definition_shown_in_fenced_code_defines_nothing(tmp_path: Path) -> None:
    """Documentation about footnotes shows their syntax in code; only the real definitions count."""
    text = "# A\n\nText[^1].\n\n```md\n[^1]: An example.\n```\n\n[^1]: The note.\n\n~~~\n[^1]:\n    More.\n~~~\n"
    (part,) = read_publication(make(tmp_path / "shown", {"a.md": text})).parts
    assert [note.id for note in part.notes] == ["note-1"]
    twice = text + "\n[^1]: Again.\n"
    assert problems_of(make(tmp_path / "twice", {"a.md": twice})) == [
        f"{tmp_path / 'twice' / 'a.md'}:16: footnote [^1] is defined twice"
    ]


def test_a_link_to_a_headings_words_leads_to_that_heading_of_its_part(tmp_path: Path) -> None:
    """Markdown written for GitHub or MkDocs links a heading by its words alone."""
    parts = {"a.md": "# A\n\nSee [below](#inline-patterns).\n\n## Inline Patterns\n", "b.md": "# B\n\nText.\n"}
    publication = read_publication(make(tmp_path / "slugs", parts))
    first = publication.parts[0]
    (link,) = [element for element in first.elements() if element.tag == "a"]
    heading_ids = [element.get("id") for element in first.elements() if element.tag == "h2"]
    assert heading_ids == [link.get("href")[1:]]
    # Only a heading of the link's own part: another part's heading is still a broken cross-reference.
    other = make(tmp_path / "other", {"a.md": "# A\n\nSee [there](#elsewhere).\n", "b.md": "# B\n\n## Elsewhere\n"})
    assert problems_of(other) == [f"{other / 'a.md'}:3: cross-reference #elsewhere points to no heading or part"]
