"""Every character the PDF prints must be in the bundled fonts, or the build names it and its place."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MANUSCRIPT, ROOT
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from publisher.errors import PublicationError
from publisher.glyphs import (
    CODE_TAGS,
    Face,
    MissingGlyph,
    _place,
    _segments,
    check_glyphs,
    font_faces,
    message,
    missing_glyphs,
    monospaced,
    split_faces,
)
from publisher.model import Publication
from publisher.reader import read_publication

STYLESHEET = ROOT / "styles" / "fonts.css"
CJK = "\u4e2d"  # 中: in none of the bundled faces
TWO_EM_DASH = "\u2e3a"  # ⸺: in none of the bundled faces either
ZHE = "\u0416"  # Ж: in every text face but Libertine bold italic, not in the mono
BOX = "\u251c\u2500\u2500"  # ├──: box drawing, only in the mono


@pytest.fixture(scope="module")
def faces() -> list[Face]:
    return font_faces(STYLESHEET)


def publication(
    folder: Path, text: str, *, title: str = "Ein Heft", extra_toml: str = "", name: str = "artikel.md"
) -> Publication:
    """A one-part publication written into ``folder`` and read back."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "publication.toml").write_text(
        f'title = "{title}"\ndate = 2022-01-14\n{extra_toml}\n[[parts]]\nfile = "{name}"\nrole = "article"\n',
        encoding="utf-8",
    )
    (folder / name).write_text(text, encoding="utf-8")
    return read_publication(folder)


def test_font_faces_parses_the_bundled_stylesheet(faces: list[Face]) -> None:
    assert len(faces) == 8
    assert {face.family for face in faces} == {"Publisher Serif", "Publisher Sans", "Publisher Mono"}
    assert [face.name for face in faces if face.family == "Publisher Serif"] == [
        "Publisher Serif regular",
        "Publisher Serif italic",
        "Publisher Serif bold",
        "Publisher Serif bold italic",
    ]
    for face in faces:
        assert face.path.is_file()
        assert face.path.parent == ROOT / "styles" / "fonts"


def test_code_is_checked_against_the_mono_and_prose_against_the_text_faces(faces: list[Face]) -> None:
    prose, code = split_faces(faces)
    assert [face.name for face in code] == ["Publisher Mono regular"]
    assert len(prose) == 7 and all(face.family != "Publisher Mono" for face in prose)
    assert [monospaced(face.path) for face in faces] == [face.family == "Publisher Mono" for face in faces]


def test_without_a_monospaced_face_code_is_checked_against_every_face(faces: list[Face], tmp_path: Path) -> None:
    text_faces = [face for face in faces if not monospaced(face.path)]
    assert split_faces(text_faces) == (text_faces, text_faces)
    pub = publication(tmp_path, f"# Titel\n\nDer Baum `{BOX}` hier.\n")
    missing = missing_glyphs(pub, text_faces)
    assert [glyph.char for glyph in missing] == ["\u251c", "\u2500"]
    assert [(glyph.in_code, glyph.checked, len(glyph.faces)) for glyph in missing] == [(True, 7, 7)] * 2
    assert "missing in all 7 code faces" in message(missing)[0]


def test_font_faces_resolves_relative_to_the_stylesheet(tmp_path: Path) -> None:
    stylesheet = tmp_path / "css" / "fonts.css"
    stylesheet.parent.mkdir()
    stylesheet.write_text(
        "/* @font-face { font-family: Commented; src: url(x.otf); } */\n"
        "@font-face {\n  font-family: 'Body';\n  src: local('Body'), url(../f/body.otf) format('opentype');\n"
        "  font-weight: 700;\n  font-style: italic;\n}\n"
        '@font-face { src: url("body.otf"); font-family: Body }\n',
        encoding="utf-8",
    )
    first, second = font_faces(stylesheet)
    assert (first.family, first.weight, first.style, first.name) == ("Body", 700, "italic", "Body bold italic")
    assert first.path == (tmp_path / "f" / "body.otf").resolve()
    assert (second.weight, second.style, second.name) == (400, "normal", "Body regular")
    assert second.path == (stylesheet.parent / "body.otf").resolve()


def test_the_bundled_manuscript_has_every_glyph(faces: list[Face]) -> None:
    manuscript = read_publication(MANUSCRIPT)
    assert missing_glyphs(manuscript, faces) == []
    check_glyphs(manuscript, STYLESHEET)  # does not raise


def test_german_typography_is_in_every_face(faces: list[Face], tmp_path: Path) -> None:
    text = (
        "# Titel\n\nEr sagte: \u201eJa\u201c, \u201aso\u2018 \u2013 und\u2026"
        " 10\u202f% \u00a7\u00a012 Stra\u00dfe Gr\u00fc\u00dfe.\n"
    )
    assert missing_glyphs(publication(tmp_path, text), faces, extra="\u2010\u00ad") == []


def test_a_character_the_fonts_lack_is_reported_with_its_place(faces: list[Face], tmp_path: Path) -> None:
    text = f"# Titel\n\nDas Zeichen {CJK} steht hier.\n\nUnd hier {CJK} noch einmal, dann {TWO_EM_DASH}.\n"
    missing = missing_glyphs(publication(tmp_path, text), faces)
    assert [glyph.char for glyph in missing] == [CJK, TWO_EM_DASH]
    first = missing[0]
    assert first.where == "artikel.md"
    assert first.count == 2
    assert CJK in first.context and "Zeichen" in first.context
    assert len(first.context) <= 25
    assert len(first.faces) == 7  # no text face has it (prose is not set in the mono)
    assert first.checked == 7 and not first.in_code
    assert first.code == "U+4E2D '中' (CJK UNIFIED IDEOGRAPH-4E2D)"

    with pytest.raises(PublicationError) as raised:
        check_glyphs(publication(tmp_path, text), STYLESHEET)
    error = str(raised.value)
    assert "\n" not in error
    assert "U+4E2D" in error and "'中'" in error and "CJK UNIFIED IDEOGRAPH-4E2D" in error
    assert "artikel.md" in error and "Zeichen" in error
    assert "missing in all 7 text faces" in error
    assert error.endswith(f"; 1 more character missing: {TWO_EM_DASH!r}")


def test_a_character_lacking_in_one_face_names_that_face(faces: list[Face], tmp_path: Path) -> None:
    missing = missing_glyphs(publication(tmp_path, f"# Titel\n\nEin Name aus {ZHE} und so.\n"), faces)
    assert missing == [
        MissingGlyph(ZHE, ("Publisher Serif bold italic",), "artikel.md", "… Name aus Ж und so.", 1, None, False, 7)
    ]
    with pytest.raises(PublicationError, match=r"U\+0416 'Ж' \(CYRILLIC CAPITAL LETTER ZHE\)"):
        check_glyphs(publication(tmp_path, f"# Titel\n\nEin Name aus {ZHE} und so.\n"), STYLESHEET)


def test_code_may_use_what_only_the_mono_has(faces: list[Face], tmp_path: Path) -> None:
    text = f"# Titel\n\nEin Baum:\n\n    src/\n    {BOX} main.py\n\nUnd `{BOX}` im Satz, dazu <kbd>{BOX}</kbd>.\n"
    assert missing_glyphs(publication(tmp_path, text), faces) == []


def test_prose_may_not_use_what_only_the_mono_has(faces: list[Face], tmp_path: Path) -> None:
    text = f"# Titel\n\nIm Code `{BOX}` geht es, im Satz {BOX} nicht.\n"
    missing = missing_glyphs(publication(tmp_path, text), faces)
    assert [glyph.char for glyph in missing] == list(dict.fromkeys(BOX))
    first = missing[0]
    assert (first.in_code, first.count, first.checked, len(first.faces)) == (False, 1, 7, 7)
    assert "im Satz" in first.context
    with pytest.raises(PublicationError) as raised:
        check_glyphs(publication(tmp_path, text), STYLESHEET)
    assert "U+251C" in str(raised.value) and "missing in all 7 text faces" in str(raised.value)


@pytest.mark.parametrize(
    "markdown",
    [
        f"Python:\n\n```python\nname = '{ZHE}'\n```\n",  # fenced
        f"Ein Beispiel:\n\n    name = '{ZHE}'\n",  # indented
        f"Der Wert `name = '{ZHE}'` hier.",  # inline
        f"Die Taste <kbd>{ZHE}</kbd> hier.",
    ],
)
def test_code_is_checked_against_the_mono(faces: list[Face], tmp_path: Path, markdown: str) -> None:
    pub = publication(tmp_path, f"# Titel\n\n{markdown}\n")
    (glyph,) = missing_glyphs(pub, faces)
    assert (glyph.char, glyph.faces, glyph.in_code, glyph.count, glyph.checked) == (
        ZHE,
        ("Publisher Mono regular",),
        True,
        1,
        1,
    )
    assert "name = " in glyph.context or "Taste" in glyph.context
    with pytest.raises(PublicationError) as raised:
        check_glyphs(pub, STYLESHEET)
    error = str(raised.value)
    assert 'in code "' in error and "(missing in Publisher Mono regular)" in error

    # In prose too, after the code: the first place is in code, both groups' faces are named.
    pub = publication(tmp_path, f"# Titel\n\n{markdown}\n\nDas {ZHE} im Satz.\n")
    (glyph,) = missing_glyphs(pub, faces)
    assert (glyph.faces, glyph.in_code, glyph.count, glyph.checked) == (
        ("Publisher Serif bold italic", "Publisher Mono regular"),
        True,
        2,
        8,
    )


def test_notes_are_checked(faces: list[Face], tmp_path: Path) -> None:
    text = f"# Titel\n\nText mit Anmerkung.[^1]\n\n[^1]: Die Quelle {TWO_EM_DASH} fehlt.\n"
    (glyph,) = missing_glyphs(publication(tmp_path, text), faces)
    assert (glyph.char, glyph.where) == (TWO_EM_DASH, "artikel.md")
    assert "Quelle" in glyph.context


def test_attributes_and_invisible_characters_are_not_checked(faces: list[Face], tmp_path: Path) -> None:
    text = (
        f'# Titel\n\nEin [Link](https://example.org/{CJK} "Titel {CJK}"){{#a title="x{TWO_EM_DASH}"}}'
        " mit\u200bNullbreite\u2060und\ufeffBOM.\n\n<!-- Kommentar mit \u4e2d -->\n"
    )
    assert missing_glyphs(publication(tmp_path, text), faces) == []


def test_a_character_only_in_the_title_is_reported_as_publication_toml(faces: list[Face], tmp_path: Path) -> None:
    pub = publication(tmp_path, "# Titel\n\nAlles gut.\n", title=f"Heft {CJK}")
    (glyph,) = missing_glyphs(pub, faces)
    assert (glyph.char, glyph.where, glyph.context, glyph.count) == (CJK, "publication.toml: title", f"Heft {CJK}", 1)

    with pytest.raises(PublicationError) as raised:
        check_glyphs(pub, STYLESHEET)
    error = str(raised.value)
    assert "\n" not in error
    assert "publication.toml" in error and "title" in error and "U+4E2D" in error


def test_other_metadata_and_authors_are_checked(faces: list[Face], tmp_path: Path) -> None:
    pub = publication(tmp_path, "# Titel\n\nAlles gut.\n", extra_toml=f'authors = ["Anna {ZHE}"]\n')
    (glyph,) = missing_glyphs(pub, faces)
    assert glyph.where == "publication.toml: authors"


def test_extra_characters_are_checked(faces: list[Face], tmp_path: Path) -> None:
    pub = publication(tmp_path, "# Titel\n\nAlles gut.\n")
    missing = missing_glyphs(pub, faces, extra=TWO_EM_DASH)
    assert [(glyph.char, glyph.where) for glyph in missing] == [(TWO_EM_DASH, "generated text")]
    text, path = message(missing)
    assert path is None
    assert text.startswith("generated text: the fonts have no glyph for U+2E3A")


def test_a_stylesheet_without_faces_is_an_error(tmp_path: Path) -> None:
    stylesheet = tmp_path / "empty.css"
    stylesheet.write_text("body { font-family: serif; }\n", encoding="utf-8")
    pub = publication(tmp_path / "pub", "# Titel\n\nText.\n")
    with pytest.raises(PublicationError, match="no @font-face"):
        check_glyphs(pub, stylesheet)


def test_a_missing_font_file_is_an_error(tmp_path: Path) -> None:
    stylesheet = tmp_path / "fonts.css"
    stylesheet.write_text('@font-face { font-family: "X"; src: url("nope.otf"); }\n', encoding="utf-8")
    pub = publication(tmp_path / "pub", "# Titel\n\nText.\n")
    with pytest.raises(PublicationError, match="font file not found"):
        check_glyphs(pub, stylesheet)


# --- which text is code: a property of any tree ------------------------------------------------

_TAGS = ["p", "em", "strong", "code", "pre", "kbd", "span", "a"]


@st.composite
def trees(draw: st.DrawFn, depth: int = 0) -> etree._Element:
    """A small tree of elements (and comments) with text and tails."""
    element = etree.Element(draw(st.sampled_from(_TAGS)))
    element.text = draw(st.text(alphabet="ab <>\n", max_size=3))
    for _ in range(draw(st.integers(0, 3 if depth < 3 else 0))):
        child = draw(trees(depth + 1)) if draw(st.booleans()) else etree.Comment(draw(st.text("cd", max_size=2)))
        child.tail = draw(st.text(alphabet="xy ", max_size=3))
        element.append(child)
    return element


def code_text(element: etree._Element, inside: bool = False) -> str:
    """The text of the code in ``element``, the obvious recursive way."""
    inside = inside or (isinstance(element.tag, str) and element.tag in CODE_TAGS)
    text = (element.text or "") if inside and isinstance(element.tag, str) else ""
    for child in element:
        text += code_text(child, inside) + ((child.tail or "") if inside else "")
    return text


@given(trees())
def test_the_code_spans_are_the_text_inside_code_elements(tree: etree._Element) -> None:
    place = _place("x", None, _segments(tree))
    assert place.text == "".join(tree.itertext())
    assert "".join(place.text[start:end] for start, end in place.code) == code_text(tree)
    assert all(start < end for start, end in place.code)
    assert all(left[1] < right[0] for left, right in zip(place.code, place.code[1:], strict=False))
    for index in range(len(place.text)):
        assert place.in_code(index) == any(start <= index < end for start, end in place.code)
