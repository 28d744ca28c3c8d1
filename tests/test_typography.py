"""German typography: gender forms, quotation marks, dashes, spaces, what stays untouched, the report.

Invisible characters are spelled as escapes: NBSP (U+00A0, no-break space) ties words,
NNBSP (U+202F, narrow no-break space) sits inside abbreviations and before % and units.
"""

from __future__ import annotations

import html
import re

import markdown
import pytest

import publisher.typography
from publisher.typography import Report, TypographyExtension, typeset

NBSP = "\u00a0"
NNBSP = "\u202f"
NDASH = "\u2013"
ELLIPSIS = "\u2026"
APOSTROPHE = "\u2019"
# German quotation marks: „…“ outside, ‚…‘ inside.
DE_OPEN, DE_CLOSE, DE_INNER_OPEN, DE_INNER_CLOSE = "\u201e", "\u201c", "\u201a", "\u2018"
# Guillemets as set in Germany: »…« outside, ›…‹ inside.
GU_OPEN, GU_CLOSE, GU_INNER_OPEN, GU_INNER_CLOSE = "\u00bb", "\u00ab", "\u203a", "\u2039"


def convert(
    text: str, quotes: str = "german", source: str = "", extra: tuple[str, ...] = ("footnotes", "attr_list")
) -> tuple[str, Report]:
    """The HTML Python-Markdown makes of ``text`` with the typography, and the typography's report."""
    extensions = publisher.typography.extensions(quotes=quotes, source=source)
    typography = extensions[1]
    assert isinstance(typography, TypographyExtension)
    md = markdown.Markdown(extensions=[*extensions, *extra])
    return md.convert(text), typography.report


def html_of(text: str, **options: str) -> str:
    return convert(text, **options)[0]


def paragraph(text: str, **options: str) -> str:
    """The content of the single paragraph ``text`` makes."""
    result = html_of(text, **options)
    assert result.startswith("<p>") and result.endswith("</p>"), result
    return result[len("<p>") : -len("</p>")]


# --- 1. Gender forms ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Arbeiter*innen und Kleptokrat*innen",
        "Autor:innen und Kolleg_innen",
        "Arbeiter*in, Autor:in und Kolleg_in",
        "Die Arbeiter*inneninternationale und die Mitarbeiter*innenvertretung",
        "Ölarbeiter*innen, Dieb*innen und Handlanger*innen",
    ],
)
def test_gender_forms_are_words_not_emphasis(text: str) -> None:
    assert html_of(text) == f"<p>{text}</p>"


def test_escaped_gender_star_gives_the_plain_star() -> None:
    assert html_of(r"Arbeiter\*innen und Kolleg\*innen") == "<p>Arbeiter*innen und Kolleg*innen</p>"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Das ist *wirklich* so.", "<p>Das ist <em>wirklich</em> so.</p>"),
        ("Das ist **so** gemeint.", "<p>Das ist <strong>so</strong> gemeint.</p>"),
        ("Das ist _echt_ so.", "<p>Das ist <em>echt</em> so.</p>"),
        ("***ganz*** stark", "<p><strong><em>ganz</em></strong> stark</p>"),
    ],
)
def test_real_emphasis_keeps_working(text: str, expected: str) -> None:
    assert html_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The trap: the star of the gender form sits right next to the emphasis stars.
        ("Die *Arbeiter*innen* kommen", "<p>Die <em>Arbeiter*innen</em> kommen</p>"),
        ("*wirklich* Arbeiter*innen und Kolleg*innen", "<p><em>wirklich</em> Arbeiter*innen und Kolleg*innen</p>"),
        ("Arbeiter*innen und *wirklich* Kolleg*innen", "<p>Arbeiter*innen und <em>wirklich</em> Kolleg*innen</p>"),
        ("**Arbeiter*innen** kommen", "<p><strong>Arbeiter*innen</strong> kommen</p>"),
        ("*Arbeiter*innen und Bäuer*innen*", "<p><em>Arbeiter*innen und Bäuer*innen</em></p>"),
        (
            "Die Arbeiter*innen, *Kolleg*innen* und **Autor:innen**",
            "<p>Die Arbeiter*innen, <em>Kolleg*innen</em> und <strong>Autor:innen</strong></p>",
        ),
        ("Kolleg_innen und _echt_ betont", "<p>Kolleg_innen und <em>echt</em> betont</p>"),
        ("**so** Mitarbeiter*innenvertretung", "<p><strong>so</strong> Mitarbeiter*innenvertretung</p>"),
    ],
)
def test_gender_forms_next_to_real_emphasis(text: str, expected: str) -> None:
    assert html_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# Arbeiter*innen *heute*", "<h1>Arbeiter*innen <em>heute</em></h1>"),
        ("- Arbeiter*innen\n- *wirklich*", "<ul>\n<li>Arbeiter*innen</li>\n<li><em>wirklich</em></li>\n</ul>"),
        ("[Arbeiter*innen](https://example.org/)", '<p><a href="https://example.org/">Arbeiter*innen</a></p>'),
    ],
)
def test_gender_forms_in_headings_lists_and_links(text: str, expected: str) -> None:
    assert html_of(text) == expected


def test_gender_form_inside_quotation_and_emphasis() -> None:
    assert paragraph('Sie riefen "*Arbeiter*innen*" und gingen.') == (
        f"Sie riefen {DE_OPEN}<em>Arbeiter*innen</em>{DE_CLOSE} und gingen."
    )


# --- 2. Quotation marks and apostrophes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Er sagte "Hallo" und ging.', f"Er sagte {DE_OPEN}Hallo{DE_CLOSE} und ging."),
        ("Er sagte 'Hallo' und ging.", f"Er sagte {DE_INNER_OPEN}Hallo{DE_INNER_CLOSE} und ging."),
        # A quotation at the start of the paragraph.
        ('"Am Anfang" stand es.', f"{DE_OPEN}Am Anfang{DE_CLOSE} stand es."),
        ('"Hallo"', f"{DE_OPEN}Hallo{DE_CLOSE}"),
        # In brackets.
        ('("Hallo")', f"({DE_OPEN}Hallo{DE_CLOSE})"),
    ],
)
def test_straight_quotes_become_german_quotes(text: str, expected: str) -> None:
    assert paragraph(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The English closer ” typed as a German one.
        ("Er sagte „Hallo” und ging.", f"Er sagte {DE_OPEN}Hallo{DE_CLOSE} und ging."),
        ("des „alten Mannes” – des Präsidenten", f"des {DE_OPEN}alten Mannes{DE_CLOSE}{NBSP}{NDASH} des Präsidenten"),
        # English quotes “…” throughout.
        ("Er sagte “Hallo” und ging.", f"Er sagte {DE_OPEN}Hallo{DE_CLOSE} und ging."),
        # Correct German quotes stay.
        ("„Hallo“ sagte er.", f"{DE_OPEN}Hallo{DE_CLOSE} sagte er."),
    ],
)
def test_wrong_quotation_marks_are_corrected(text: str, expected: str) -> None:
    assert paragraph(text) == expected


def test_wrong_closer_is_reported_as_a_change() -> None:
    _, report = convert("Er sagte „Hallo” und ging.")
    assert [(c.rule, c.before, c.after) for c in report.changes] == [("quotes", "\u201d", DE_CLOSE)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Er sagte \"sie rief 'Feuer' laut\" und ging.",
            f"Er sagte {DE_OPEN}sie rief {DE_INNER_OPEN}Feuer{DE_INNER_CLOSE} laut{DE_CLOSE} und ging.",
        ),
        # Inner and outer quotation close together.
        (
            "Er sagte \"sie rief 'Feuer'\" und ging.",
            f"Er sagte {DE_OPEN}sie rief {DE_INNER_OPEN}Feuer{DE_INNER_CLOSE}{DE_CLOSE} und ging.",
        ),
        # ... and open together.
        (
            "\"'Feuer', rief sie\", sagte er.",
            f"{DE_OPEN}{DE_INNER_OPEN}Feuer{DE_INNER_CLOSE}, rief sie{DE_CLOSE}, sagte er.",
        ),
        # Double quotes inside double quotes are set with the inner pair.
        (
            'Er sagte "sie rief "Feuer" laut" und ging.',
            f"Er sagte {DE_OPEN}sie rief {DE_INNER_OPEN}Feuer{DE_INNER_CLOSE} laut{DE_CLOSE} und ging.",
        ),
    ],
)
def test_nested_quotations(text: str, expected: str) -> None:
    assert paragraph(text) == expected


@pytest.mark.parametrize(
    ("quotes", "expected"),
    [
        ("german", f"Er sagte {DE_OPEN}sie rief {DE_INNER_OPEN}Feuer{DE_INNER_CLOSE} laut{DE_CLOSE}."),
        ("guillemets", f"Er sagte {GU_OPEN}sie rief {GU_INNER_OPEN}Feuer{GU_INNER_CLOSE} laut{GU_CLOSE}."),
        ("swiss", "Er sagte \u00absie rief \u2039Feuer\u203a laut\u00bb."),
    ],
)
def test_quotation_styles(quotes: str, expected: str) -> None:
    assert paragraph("Er sagte \"sie rief 'Feuer' laut\".", quotes=quotes) == expected


def test_guillemets_leave_apostrophes_alone() -> None:
    assert paragraph('Wie geht\'s? "Gut"', quotes="guillemets") == f"Wie geht{APOSTROPHE}s? {GU_OPEN}Gut{GU_CLOSE}"


def test_unknown_quotation_style_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown quotation mark style"):
        publisher.typography.extensions(quotes="klingon")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Er sagte "Hallo".', f"Er sagte {DE_OPEN}Hallo{DE_CLOSE}."),
        ('"Hallo", sagte er.', f"{DE_OPEN}Hallo{DE_CLOSE}, sagte er."),
        ('Wer sagte "Hallo"?', f"Wer sagte {DE_OPEN}Hallo{DE_CLOSE}?"),
        ('Er rief "Hallo!" und ging.', f"Er rief {DE_OPEN}Hallo!{DE_CLOSE} und ging."),
        ('Er sagte: "Hallo"; dann ging er.', f"Er sagte: {DE_OPEN}Hallo{DE_CLOSE}; dann ging er."),
        ('Er sagte: "Hallo"... und ging.', f"Er sagte: {DE_OPEN}Hallo{DE_CLOSE}{ELLIPSIS} und ging."),
        ('"Hallo" - sagte er.', f"{DE_OPEN}Hallo{DE_CLOSE}{NBSP}{NDASH} sagte er."),
        ('Das "Volks"-Fest', f"Das {DE_OPEN}Volks{DE_CLOSE}-Fest"),
        ('Er sagte "Hallo."', f"Er sagte {DE_OPEN}Hallo.{DE_CLOSE}"),
    ],
)
def test_quotes_followed_by_punctuation(text: str, expected: str) -> None:
    assert paragraph(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Das "*Wort*" zählt.', f"Das {DE_OPEN}<em>Wort</em>{DE_CLOSE} zählt."),
        ('Das "**Wort**" zählt.', f"Das {DE_OPEN}<strong>Wort</strong>{DE_CLOSE} zählt."),
        ('*"Wort"* zählt.', f"<em>{DE_OPEN}Wort{DE_CLOSE}</em> zählt."),
        ("Das '*Wort*' zählt.", f"Das {DE_INNER_OPEN}<em>Wort</em>{DE_INNER_CLOSE} zählt."),
        ('Er sagte "*Hallo*", dann ging er.', f"Er sagte {DE_OPEN}<em>Hallo</em>{DE_CLOSE}, dann ging er."),
    ],
)
def test_quotes_around_emphasis(text: str, expected: str) -> None:
    assert paragraph(text) == expected


def test_quotes_around_a_link() -> None:
    assert paragraph('Lies "[den Text](https://example.org/)" heute.') == (
        f'Lies {DE_OPEN}<a href="https://example.org/">den Text</a>{DE_CLOSE} heute.'
    )


def test_quotes_are_decided_per_paragraph() -> None:
    assert html_of('Er sagte "Hallo"\n\nUnd "dann" ging er.') == (
        f"<p>Er sagte {DE_OPEN}Hallo{DE_CLOSE}</p>\n<p>Und {DE_OPEN}dann{DE_CLOSE} ging er.</p>"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wie geht's dir?", f"Wie geht{APOSTROPHE}s dir?"),
        ("Gib mir 'ne Mark und 'nen Euro.", f"Gib mir {APOSTROPHE}ne Mark und {APOSTROPHE}nen Euro."),
        ("Die Rittersleut' kamen.", f"Die Rittersleut{APOSTROPHE} kamen."),
        ("Die Rittersleut'.", f"Die Rittersleut{APOSTROPHE}."),
        ("Grass' Roman", f"Grass{APOSTROPHE} Roman"),
        ("Geh 'raus!", f"Geh {APOSTROPHE}raus!"),
    ],
)
def test_apostrophes(text: str, expected: str) -> None:
    assert paragraph(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # At a word's start, and at the paragraph's start.
        ("'s ist gut.", f"{APOSTROPHE}s ist gut."),
        ("'ne Frage.", f"{APOSTROPHE}ne Frage."),
        # Inside quotations, where a quote would be a plausible reading.
        (
            "Er sagte 'gib mir 'ne Mark' und ging.",
            f"Er sagte {DE_INNER_OPEN}gib mir {APOSTROPHE}ne Mark{DE_INNER_CLOSE} und ging.",
        ),
        (
            "'Hallo', sagte er, 'geht's?'",
            f"{DE_INNER_OPEN}Hallo{DE_INNER_CLOSE}, sagte er, {DE_INNER_OPEN}geht{APOSTROPHE}s?{DE_INNER_CLOSE}",
        ),
        (
            '"Die Rittersleut\' kamen", sagte er.',
            f"{DE_OPEN}Die Rittersleut{APOSTROPHE} kamen{DE_CLOSE}, sagte er.",
        ),
        ('Er sagte "Er hat\'s gesagt" heute.', f"Er sagte {DE_OPEN}Er hat{APOSTROPHE}s gesagt{DE_CLOSE} heute."),
    ],
)
def test_apostrophes_are_not_mistaken_for_quotes(text: str, expected: str) -> None:
    assert paragraph(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A year with its century left out takes the apostrophe, as the code's own comment ('99) says.
        ("Das war '99 so.", f"Das war {APOSTROPHE}99 so."),
        ("Die Musik der '90er", f"Die Musik der {APOSTROPHE}90er"),
    ],
)
def test_apostrophe_before_a_number(text: str, expected: str) -> None:
    assert paragraph(text) == expected


def test_apostrophe_before_a_number_is_not_an_unclosed_quote() -> None:
    _, report = convert("Das war '99 so.")
    assert report.undecided == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'Er sagte "Siehe https://example.org/a\'b" und ging.',
            f"Er sagte {DE_OPEN}Siehe https://example.org/a'b{DE_CLOSE} und ging.",
        ),
        ('"Siehe https://example.org/a\'b".', f"{DE_OPEN}Siehe https://example.org/a'b{DE_CLOSE}."),
        ('"Siehe https://example.org/" und ging.', f"{DE_OPEN}Siehe https://example.org/{DE_CLOSE} und ging."),
        ('Sie schrieb "siehe www.example.org".', f"Sie schrieb {DE_OPEN}siehe www.example.org{DE_CLOSE}."),
        (
            "Er schrieb \"siehe https://example.org/?q='x'\" dazu.",
            f"Er schrieb {DE_OPEN}siehe https://example.org/?q='x'{DE_CLOSE} dazu.",
        ),
    ],
)
def test_url_inside_a_quoted_sentence(text: str, expected: str) -> None:
    assert paragraph(text) == expected


def test_url_at_the_end_of_a_single_quoted_sentence() -> None:
    # The URL keeps its characters, but the closing mark after it is not part of the URL.
    assert paragraph("Er sagte 'siehe https://example.org/x' und ging.") == (
        f"Er sagte {DE_INNER_OPEN}siehe https://example.org/x{DE_INNER_CLOSE} und ging."
    )


def test_closing_quote_before_a_footnote_call() -> None:
    result = html_of('Er sagte "Hallo"[^1] und ging.\n\n[^1]: Eine Notiz.')
    assert result.startswith(f'<p>Er sagte {DE_OPEN}Hallo{DE_CLOSE}<sup id="fnref:1">'), result


def test_closing_quote_after_a_full_stop_before_a_footnote_call() -> None:
    result = html_of('Er sagte "Hallo."[^1]\n\n[^1]: Eine Notiz.')
    assert result.startswith(f'<p>Er sagte {DE_OPEN}Hallo.{DE_CLOSE}<sup id="fnref:1">'), result


def test_quotes_inside_a_footnote() -> None:
    result = html_of('Text.[^1]\n\n[^1]: Eine "Notiz" - kurz.')
    assert f"<p>Eine {DE_OPEN}Notiz{DE_CLOSE}{NBSP}{NDASH} kurz." in result


def test_quotes_glued_into_a_compound() -> None:
    # As the manuscript writes Massen„aufmarsch“; quotes.py's own comment names this case.
    assert paragraph('Es kam zu einem Massen"aufmarsch" in der Stadt.') == (
        f"Es kam zu einem Massen{DE_OPEN}aufmarsch{DE_CLOSE} in der Stadt."
    )


def test_correct_quotes_glued_into_a_compound_stay() -> None:
    assert paragraph("Es kam zu einem Massen„aufmarsch“ in der Stadt.") == (
        f"Es kam zu einem Massen{DE_OPEN}aufmarsch{DE_CLOSE} in der Stadt."
    )


def test_quotes_inside_inline_html() -> None:
    # The tag stays as written; the prose between the tags is typeset like any other.
    assert paragraph('Er sagte <span class="x">"Hallo"</span> und ging.') == (
        f'Er sagte <span class="x">{DE_OPEN}Hallo{DE_CLOSE}</span> und ging.'
    )


def test_backslash_keeps_a_quote_straight() -> None:
    assert paragraph(r"Ein \"Zeichen\" bleibt.") == 'Ein "Zeichen" bleibt.'


# --- 3. Dashes and dots ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Er kam - und ging.", f"Er kam{NBSP}{NDASH} und ging."),
        ("Er kam -- und ging.", f"Er kam{NBSP}{NDASH} und ging."),
        (f"Er kam {NDASH} und ging.", f"Er kam{NBSP}{NDASH} und ging."),
        ("*Wort* - weiter", f"<em>Wort</em>{NBSP}{NDASH} weiter"),
        ("Er kam - *und* ging.", f"Er kam{NBSP}{NDASH} <em>und</em> ging."),
        ("Und - so.", f"Und{NBSP}{NDASH} so."),
    ],
)
def test_spaced_hyphen_becomes_spaced_en_dash_tied_to_the_word_before(text: str, expected: str) -> None:
    assert paragraph(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A dash that ends a clause, before its full stop or comma.
        ("sich lautlos auf -. Dann geht ein Bild hinein", f"sich lautlos auf{NBSP}{NDASH}. Dann geht ein Bild hinein"),
        ("Er kam - wie immer -, und ging.", f"Er kam{NBSP}{NDASH} wie immer{NBSP}{NDASH}, und ging."),
        ("Und dann -...", f"Und dann{NBSP}{NDASH}{ELLIPSIS}"),
        ("(so -)", f"(so{NBSP}{NDASH})"),
    ],
)
def test_spaced_hyphen_before_punctuation(text: str, expected: str) -> None:
    assert paragraph(text) == expected


def test_spaced_hyphen_is_idempotent() -> None:
    once = typeset("Er kam - und ging.")
    assert once == f"Er kam{NBSP}{NDASH} und ging."
    assert typeset(once) == once


def test_spaced_hyphen_at_a_soft_line_break() -> None:
    # The manuscript's line ends where the dash's following space would be; it is still a spaced hyphen.
    assert paragraph("Er kam -\nund ging.") == f"Er kam{NBSP}{NDASH}\nund ging."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Von 1990-2000 war es so.", f"Von 1990{NDASH}2000 war es so."),
        ("Die Zeit (1990-2000) war.", f"Die Zeit (1990{NDASH}2000) war."),
        ("Siehe S. 12-14.", f"Siehe S.{NBSP}12{NDASH}14."),
    ],
)
def test_number_ranges_take_an_unspaced_en_dash(text: str, expected: str) -> None:
    assert paragraph(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Warte...", f"Warte{ELLIPSIS}"),
        ("Warte... und dann", f"Warte{ELLIPSIS} und dann"),
        ("Warte . . . ja", f"Warte {ELLIPSIS} ja"),
        ("Die Zahl [...] fehlt.", f"Die Zahl [{ELLIPSIS}] fehlt."),
    ],
)
def test_three_dots_become_an_ellipsis(text: str, expected: str) -> None:
    assert paragraph(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Der Nord-Süd-Konflikt",
        "Kassym-Jomart Tokajew",
        "Am 2022-01-14 war es.",
        "ISBN 978-3-16-148410-0",
        "ISBN 3-16-148410-X",
        "Die 10-jährige und die 3-D-Brille",
        "Die 1990er-Jahre",
    ],
)
def test_hyphens_that_stay(text: str) -> None:
    result, report = convert(text)
    assert result == f"<p>{text}</p>"
    assert [c for c in report.changes if c.rule in ("dash", "range")] == []


# --- 4. Spaces -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Das ist z.B. gut.", f"Das ist z.{NNBSP}B. gut."),
        ("Das ist z. B. gut.", f"Das ist z.{NNBSP}B. gut."),
        (f"Das ist z.{NBSP}B. gut.", f"Das ist z.{NNBSP}B. gut."),
        ("Das ist d.h. gut.", f"Das ist d.{NNBSP}h. gut."),
        ("Das ist d. h. gut.", f"Das ist d.{NNBSP}h. gut."),
        ("Sie kamen, u.a. aus Almaty.", f"Sie kamen, u.{NNBSP}a. aus Almaty."),
        ("Sie kamen, u. a. aus Almaty.", f"Sie kamen, u.{NNBSP}a. aus Almaty."),
        ("Das gilt i.d.R. und u.v.m.", f"Das gilt i.{NNBSP}d.{NNBSP}R. und u.{NNBSP}v.{NNBSP}m."),
        ("Er kam, z.B.", f"Er kam, z.{NNBSP}B."),
        ("(z.B. hier)", f"(z.{NNBSP}B. hier)"),
    ],
)
def test_abbreviations_get_a_narrow_no_break_space(text: str, expected: str) -> None:
    assert paragraph(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Capitalised at the start of a sentence, the abbreviation is set the same way.
        ("Z.B. so.", f"Z.{NNBSP}B. so."),
        ("Gut. D.h. nein.", f"Gut. D.{NNBSP}h. nein."),
        ("Gut. U. a. deshalb.", f"Gut. U.{NNBSP}a. deshalb."),
    ],
)
def test_abbreviations_at_the_start_of_a_sentence(text: str, expected: str) -> None:
    assert paragraph(text) == expected


@pytest.mark.parametrize("text", ["usw. etc. bzw.", "Die Firma Meier u. Co.", "Er las das Buch. Aber"])
def test_other_abbreviations_and_full_stops_stay(text: str) -> None:
    assert paragraph(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Es sind 40 %.", f"Es sind 40{NNBSP}%."),
        ("Es sind 40%.", f"Es sind 40{NNBSP}%."),
        ("Es sind 13 Millionen Menschen.", f"Es sind 13{NBSP}Millionen Menschen."),
        ("Mindestens 162 Personen starben.", f"Mindestens 162{NBSP}Personen starben."),
        ("Nach § 7 gilt", f"Nach §{NBSP}7 gilt"),
        ("Nach §7 gilt", f"Nach §{NBSP}7 gilt"),
        ("Nach §§ 3 und 4", f"Nach §§{NBSP}3 und 4"),
        ("Siehe S. 12.", f"Siehe S.{NBSP}12."),
        ("Siehe Nr. 3.", f"Siehe Nr.{NBSP}3."),
        ("Es sind 5 km.", f"Es sind 5{NNBSP}km."),
    ],
)
def test_numbers_are_tied_to_what_they_count(text: str, expected: str) -> None:
    assert paragraph(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Am 14. Januar 2022 war es.", f"Am 14.{NBSP}Januar{NBSP}2022 war es."),
        ("Am 1. Mai", f"Am 1.{NBSP}Mai"),
        ("Im Januar 2022 war es.", f"Im Januar{NBSP}2022 war es."),
        ("Am 5. Jan. 2022", f"Am 5.{NBSP}Jan.{NBSP}2022"),
    ],
)
def test_dates_hold_together(text: str, expected: str) -> None:
    assert paragraph(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A soft line break in the manuscript is a space like any other; the tie must not depend on it.
        ("Am 14.\nJanuar 2022 war es.", f"Am 14.{NBSP}Januar{NBSP}2022 war es."),
        ("Es sind 13\nMillionen Menschen.", f"Es sind 13{NBSP}Millionen Menschen."),
    ],
)
def test_ties_across_a_soft_line_break(text: str, expected: str) -> None:
    assert paragraph(text) == expected


def test_ordinal_before_a_noun_is_not_a_date() -> None:
    assert paragraph("Die 3. Klasse") == "Die 3. Klasse"


# --- 5. Hands off ----------------------------------------------------------------------------------------------------


def test_inline_code_is_untouched() -> None:
    result, report = convert('Tippe `"a" - b ... z.B. 40 % it\'s` ein.')
    assert result == '<p>Tippe <code>"a" - b ... z.B. 40 % it\'s</code> ein.</p>'
    assert report.changes == []


def test_quotes_around_inline_code_still_decided() -> None:
    assert paragraph('Tippe "`ls`" ein.') == f"Tippe {DE_OPEN}<code>ls</code>{DE_CLOSE} ein."


def test_indented_code_block_is_untouched() -> None:
    result, report = convert('    "a" - b ... z.B.\n    it\'s 40 %')
    assert result == '<pre><code>"a" - b ... z.B.\nit\'s 40 %\n</code></pre>'
    assert report.changes == []


def test_fenced_code_block_is_untouched() -> None:
    result, report = convert('```\n"a" - b ... z.B.\n```', extra=("fenced_code",))
    assert result == "<pre><code>&quot;a&quot; - b ... z.B.\n</code></pre>"
    assert report.changes == []


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a-b...c/1990-2000",
        "https://example.org/z.B./14. Januar",  # the URL ends at the space
        "www.example.org/z.B.-x",
        "https://example.org/it's--here",
    ],
)
def test_bare_urls_are_untouched(url: str) -> None:
    address = url.split(" ")[0]
    assert address in paragraph(f"Siehe {url} hier.")


def test_autolink_is_untouched() -> None:
    result, report = convert("Siehe <https://example.org/a-b...c'd> hier.")
    assert result == ("<p>Siehe <a href=\"https://example.org/a-b...c'd\">https://example.org/a-b...c'd</a> hier.</p>")
    assert report.changes == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Schreib an info-1990-2000@example.org - oder nicht.",
            f"Schreib an info-1990-2000@example.org{NBSP}{NDASH} oder nicht.",
        ),
        ("Schreib an u.a.-info@example.org heute.", "Schreib an u.a.-info@example.org heute."),
    ],
)
def test_bare_email_addresses_are_untouched(text: str, expected: str) -> None:
    assert paragraph(text) == expected


def test_email_autolink_is_untouched() -> None:
    result = html.unescape(html_of("Schreib an <info-1990-2000@example.org> heute."))
    assert result == (
        '<p>Schreib an <a href="mailto:info-1990-2000@example.org">info-1990-2000@example.org</a> heute.</p>'
    )


def test_link_href_and_title_are_untouched() -> None:
    assert html_of('[Link "hier"](https://example.org/a-b...c "Titel \'x\' - y...")') == (
        f'<p><a href="https://example.org/a-b...c" title="Titel \'x\' - y...">Link {DE_OPEN}hier{DE_CLOSE}</a></p>'
    )


def test_image_alt_and_title_are_untouched() -> None:
    assert html_of('![Bild "x" - y...](bild.png "Ein \'Titel\' - z.B.")') == (
        '<p><img alt="Bild &quot;x&quot; - y..." src="bild.png" title="Ein \'Titel\' - z.B." /></p>'
    )


def test_attribute_list_values_are_untouched() -> None:
    assert html_of('Absatz "x"\n{: title="a - b... z.B." }') == (
        f'<p title="a - b... z.B.">Absatz {DE_OPEN}x{DE_CLOSE}</p>'
    )


@pytest.mark.parametrize(
    "block",
    [
        '<div class="kasten" title="a - b ...">\n"Hallo" - Welt... z.B. 40 %\n</div>',
        '<p>"Hallo" - z.B. ... it\'s</p>',
        '<table><tr><td>"x" - 1990-2000</td></tr></table>',
    ],
)
def test_raw_html_blocks_are_untouched(block: str) -> None:
    result, report = convert(f"Vorher.\n\n{block}\n\nNachher.")
    # Python-Markdown keeps the blank line after a raw block.
    assert result == f"<p>Vorher.</p>\n{block}\n\n<p>Nachher.</p>"
    assert report.changes == []


def test_inline_html_attributes_are_untouched() -> None:
    result = paragraph('Text <span title="a - b... z.B.">x</span> Ende.')
    assert result == 'Text <span title="a - b... z.B.">x</span> Ende.'


def test_notypo_class_keeps_a_block_as_typed() -> None:
    assert html_of('"Hallo" - z.B.\n{: .notypo}') == '<p class="notypo">"Hallo" - z.B.</p>'


# --- 6. The report ---------------------------------------------------------------------------------------------------


def test_report_lists_every_change_with_rule_and_source() -> None:
    _, report = convert('Er sagte "Hallo" - z.B. 40 %...', source="artikel.md")
    assert [(c.rule, c.before, c.after) for c in report.changes] == [
        ("quotes", '"', DE_OPEN),
        ("quotes", '"', DE_CLOSE),
        ("ellipsis", "...", ELLIPSIS),
        ("dash", " -", f"{NBSP}{NDASH}"),
        ("abbreviation", "z.B.", f"z.{NNBSP}B."),
        ("space", " %", f"{NNBSP}%"),
    ]
    assert {c.where for c in report.changes} == {"artikel.md"}
    assert report.counts() == {"quotes": 2, "ellipsis": 1, "dash": 1, "abbreviation": 1, "space": 1}
    assert report.undecided == []


def test_report_context_shows_the_text_around_a_change() -> None:
    _, report = convert("Das ist z.B. gut.")
    (change,) = report.changes
    assert "z.B." in change.context and "Das ist" in change.context


def test_report_is_empty_for_text_needing_nothing() -> None:
    _, report = convert(f"Er sagte {DE_OPEN}Hallo{DE_CLOSE}{NBSP}{NDASH} und ging.")
    assert report.changes == []
    assert report.undecided == []


def test_report_names_an_unclosed_quotation() -> None:
    result, report = convert('Er sagte "Hallo und ging.', source="artikel.md")
    assert result == f"<p>Er sagte {DE_OPEN}Hallo und ging.</p>"
    (undecided,) = report.undecided
    assert undecided.rule == "quotes"
    assert "not closed" in undecided.reason
    assert "Er sagte" in undecided.context
    assert undecided.where == "artikel.md"


def test_report_names_an_isolated_straight_quote() -> None:
    result, report = convert('Er sagte " und ging.')
    # Left as typed, since neither mark would be right.
    assert result == '<p>Er sagte " und ging.</p>'
    assert report.changes == []
    (undecided,) = report.undecided
    assert undecided.rule == "quotes"
    assert "cannot tell" in undecided.reason


def test_report_names_an_isolated_single_quote() -> None:
    result, report = convert("Er sagte ' und ging.")
    assert result == "<p>Er sagte ' und ging.</p>"
    assert [u.rule for u in report.undecided] == ["quotes"]


def test_closer_without_opener_is_not_undecided() -> None:
    # A quotation may run over several paragraphs; its closer alone is set as a closer.
    result, report = convert('und damit endet es." Dann ging er.')
    assert result == f"<p>und damit endet es.{DE_CLOSE} Dann ging er.</p>"
    assert report.undecided == []


def test_report_starts_afresh_when_markdown_is_reset() -> None:
    extensions = publisher.typography.extensions()
    md = markdown.Markdown(extensions=extensions)
    md.convert('"Hallo')
    assert extensions[1].report.undecided
    md.reset()
    md.convert("Ohne alles.")
    assert extensions[1].report.changes == []
    assert extensions[1].report.undecided == []


def test_typeset_plain_string_with_report() -> None:
    report = Report()
    result = typeset('Er sagte "Hallo" - z.B. 40 % am 14. Januar 2022...', report=report)
    assert result == (
        f"Er sagte {DE_OPEN}Hallo{DE_CLOSE}{NBSP}{NDASH} z.{NNBSP}B. 40{NNBSP}% am 14.{NBSP}Januar{NBSP}2022{ELLIPSIS}"
    )
    assert report.counts() == {"quotes": 2, "ellipsis": 1, "dash": 1, "abbreviation": 1, "space": 1, "date": 2}


def test_typeset_plain_string_with_guillemets() -> None:
    assert typeset("Er sagte \"sie rief 'Feuer'\"", quotes="guillemets") == (
        f"Er sagte {GU_OPEN}sie rief {GU_INNER_OPEN}Feuer{GU_INNER_CLOSE}{GU_CLOSE}"
    )


# --- 7. Languages ----------------------------------------------------------------------------------------------------

MDASH = "\u2014"
EN_OPEN, EN_CLOSE, EN_INNER_OPEN, EN_INNER_CLOSE = "\u201c", "\u201d", "\u2018", "\u2019"
CH_OPEN, CH_CLOSE, CH_INNER_OPEN, CH_INNER_CLOSE = "\u00ab", "\u00bb", "\u2039", "\u203a"


def in_language(text: str, language: str, quotes: str | None = None) -> str:
    """The content of the single paragraph ``text`` makes in ``language``."""
    md = markdown.Markdown(extensions=publisher.typography.extensions(quotes=quotes, language=language))
    result = md.convert(text)
    assert result.startswith("<p>") and result.endswith("</p>"), result
    return result[len("<p>") : -len("</p>")]


@pytest.mark.parametrize(
    ("language", "supported"),
    [
        ("de", True),
        ("de-DE", True),
        ("DE-at", True),
        ("de-CH", True),
        ("de-Latn-LI", True),
        ("en", True),
        ("en-GB", True),
        ("en-us", True),
        ("fr", True),
        ("fr-CA", True),
        ("it", False),
        ("nl-BE", False),
        ("tlh", False),
        ("", False),
    ],
)
def test_language_supported(language: str, supported: bool) -> None:
    assert publisher.typography.language_supported(language) is supported


def test_quote_styles_name_every_style() -> None:
    assert set(publisher.typography.quote_styles()) == {
        "german",
        "guillemets",
        "swiss",
        "english",
        "french",
        "straight",
    }
    assert set(publisher.typography.quote_styles()) == set(publisher.typography.STYLES)


def test_old_keyword_api_still_works() -> None:
    assert typeset('"Hallo"', "guillemets") == f"{GU_OPEN}Hallo{GU_CLOSE}"
    md = markdown.Markdown(extensions=[TypographyExtension(quotes="german", source="x.md")])
    assert md.convert('"Hallo"') == f"<p>{DE_OPEN}Hallo{DE_CLOSE}</p>"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"Hello," said the spider.', f"{EN_OPEN}Hello,{EN_CLOSE} said the spider."),
        (
            "\"She told me 'never' twice,\" he said.",
            f"{EN_OPEN}She told me {EN_INNER_OPEN}never{EN_INNER_CLOSE} twice,{EN_CLOSE} he said.",
        ),
        # The German opener typed by mistake is corrected.
        ("He said „yes” twice.", f"He said {EN_OPEN}yes{EN_CLOSE} twice."),
        (
            "It's the spider's web, and James' too.",
            f"It{APOSTROPHE}s the spider{APOSTROPHE}s web, and James{APOSTROPHE} too.",
        ),
        ("'Tis the season; 'twas ever so.", f"{APOSTROPHE}Tis the season; {APOSTROPHE}twas ever so."),
        (
            "The music of the '90s was rock 'n' roll.",
            f"The music of the {APOSTROPHE}90s was rock {APOSTROPHE}n{APOSTROPHE} roll.",
        ),
    ],
)
def test_english_quotes_and_apostrophes(text: str, expected: str) -> None:
    assert in_language(text, "en") == expected


@pytest.mark.parametrize("language", ["en", "en-US", "en-CA", "en-AU"])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Chicago: an em dash without spaces, however the dash was typed.
        ("The spider came - and went.", f"The spider came{MDASH}and went."),
        ("The spider came -- and went.", f"The spider came{MDASH}and went."),
        ("The spider came--and went.", f"The spider came{MDASH}and went."),
        ("The spider came --- and went.", f"The spider came{MDASH}and went."),
        ("I was going to--", f"I was going to{MDASH}"),
        ("And then -. Silence.", f"And then{MDASH}. Silence."),
        ("*came* - and went", f"<em>came</em>{MDASH}and went"),
        ("From 1990-2000, pages 12--14.", f"From 1990{NDASH}2000, pages 12{NDASH}14."),
    ],
)
def test_american_english_dashes(language: str, text: str, expected: str) -> None:
    assert in_language(text, language) == expected


@pytest.mark.parametrize("language", ["en-GB", "en-IE", "EN-gb"])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # New Hart's Rules: a spaced en dash, tied to the word before.
        ("The spider came - and went.", f"The spider came{NBSP}{NDASH} and went."),
        ("The spider came -- and went.", f"The spider came{NBSP}{NDASH} and went."),
        ("The spider came --- and went.", f"The spider came{NBSP}{MDASH} and went."),
        ("From 1990-2000.", f"From 1990{NDASH}2000."),
    ],
)
def test_british_english_dashes(language: str, text: str, expected: str) -> None:
    assert in_language(text, language) == expected


@pytest.mark.parametrize(
    "text",
    ["That is z.B. so.", "There are 13 Millionen.", "It is 40 %.", "On 14. Januar 2022.", "See § 7 and S. 12."],
)
def test_english_gets_no_german_spacing(text: str) -> None:
    assert in_language(text, "en") == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Il m\'a dit : "Bonjour !"', f"Il m{APOSTROPHE}a dit{NBSP}: {CH_OPEN}{NNBSP}Bonjour{NNBSP}!{NNBSP}{CH_CLOSE}"),
        (
            "\"Il a dit 'oui' hier\", dit-elle.",
            f"{CH_OPEN}{NNBSP}Il a dit {EN_OPEN}oui{EN_CLOSE} hier{NNBSP}{CH_CLOSE}, dit-elle.",
        ),
        (
            "Aujourd'hui l'homme va jusqu'à Paris.",
            f"Aujourd{APOSTROPHE}hui l{APOSTROPHE}homme va jusqu{APOSTROPHE}{'à'} Paris.",
        ),
        # A space typed before the mark is replaced, a missing one added; ?! stays together.
        ("Quoi ? Vraiment? Oui ; non; enfin !", f"Quoi{NNBSP}? Vraiment{NNBSP}? Oui{NNBSP}; non{NNBSP}; enfin{NNBSP}!"),
        ("Quoi ?! Encore...", f"Quoi{NNBSP}?! Encore{ELLIPSIS}"),
        ("Voici la liste: pommes.", f"Voici la liste{NBSP}: pommes."),
        # The tiret d'incise: a spaced en dash; the hyphen of a compound stays.
        ("Il est venu - dit-on - hier.", f"Il est venu{NBSP}{NDASH} dit-on{NBSP}{NDASH} hier."),
        ("Il est venu -- dit-on -- hier.", f"Il est venu{NBSP}{NDASH} dit-on{NBSP}{NDASH} hier."),
        ("Il y a 40 % de plus.", f"Il y a 40{NNBSP}% de plus."),
    ],
)
def test_french(text: str, expected: str) -> None:
    assert in_language(text, "fr") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Le train part à 12:30 et arrive à 14:05.",
        "Le rapport est de 3:4 exactement.",
        "Voir https://example.org/page?q=a:b;c!d pour plus.",
        "En C++, std::vector est utile.",
        "La guerre de 1914-1918.",
    ],
)
def test_french_leaves_times_ratios_urls_and_code_alone(text: str) -> None:
    assert in_language(text, "fr") == text


@pytest.mark.parametrize(
    "text",
    [
        "« Bonjour », dit-il.",
        "«\u00a0Bonjour\u00a0», dit-il.",
        "«\u202fBonjour\u202f», dit-il.",
        "«Bonjour», dit-il.",
        '"Bonjour", dit-il.',
    ],
)
def test_french_guillemets_are_spaced_once(text: str) -> None:
    expected = f"{CH_OPEN}{NNBSP}Bonjour{NNBSP}{CH_CLOSE}, dit-il."
    assert in_language(text, "fr") == expected
    assert typeset(expected, language="fr") == expected


def test_french_spacing_across_inline_elements() -> None:
    assert in_language('"*Bonjour*", dit-il. *Quoi* ? **Non**!', "fr") == (
        f"{CH_OPEN}{NNBSP}<em>Bonjour</em>{NNBSP}{CH_CLOSE}, dit-il. <em>Quoi</em>{NNBSP}? <strong>Non</strong>{NNBSP}!"
    )


def test_french_real_paragraph_is_stable_when_typeset_again() -> None:
    text = (
        "Le 14 juillet, il m'a dit : \"Viens-tu ce soir ?\" - je n'ai pas su quoi répondre... "
        "Aujourd'hui encore, je me demande : pourquoi ?"
    )
    once = typeset(text, language="fr")
    assert once == (
        f"Le 14 juillet, il m{APOSTROPHE}a dit{NBSP}: {CH_OPEN}{NNBSP}Viens-tu ce soir{NNBSP}?{NNBSP}{CH_CLOSE}"
        f"{NBSP}{NDASH} je n{APOSTROPHE}ai pas su quoi répondre{ELLIPSIS} "
        f"Aujourd{APOSTROPHE}hui encore, je me demande{NBSP}: pourquoi{NNBSP}?"
    )
    assert typeset(once, language="fr") == once


@pytest.mark.parametrize("language", ["de-CH", "de-ch", "de-LI"])
def test_swiss_german(language: str) -> None:
    text = "Er sagte \"sie rief 'Feuer' laut\" - z.B. am 1. August 2021."
    assert in_language(text, language) == (
        f"Er sagte {CH_OPEN}sie rief {CH_INNER_OPEN}Feuer{CH_INNER_CLOSE} laut{CH_CLOSE}{NBSP}{NDASH} "
        f"z.{NNBSP}B. am 1.{NBSP}August{NBSP}2021."
    )


def test_austrian_german_is_german() -> None:
    text = 'Am 5. Jänner 2022 sagte er "Servus" - u.a. zu 13 Millionen.'
    expected = (
        f"Am 5.{NBSP}Jänner{NBSP}2022 sagte er {DE_OPEN}Servus{DE_CLOSE}{NBSP}{NDASH} u.{NNBSP}a. zu 13{NBSP}Millionen."
    )
    assert in_language(text, "de-AT") == expected
    assert in_language(text, "de") == expected


def test_austrian_guillemets_on_request() -> None:
    assert in_language('Er sagte "Servus".', "de-AT", quotes="guillemets") == f"Er sagte {GU_OPEN}Servus{GU_CLOSE}."


@pytest.mark.parametrize(
    ("language", "quotes", "expected"),
    [
        ("en", "straight", "\"She said 'no'\"\u2014it's so."),
        (
            "fr",
            "swiss",
            f"{CH_OPEN}She said {CH_INNER_OPEN}no{CH_INNER_CLOSE}{CH_CLOSE}{NBSP}{NDASH} it{APOSTROPHE}s so.",
        ),
        (
            "de",
            "english",
            f"{EN_OPEN}She said {EN_INNER_OPEN}no{EN_INNER_CLOSE}{EN_CLOSE}{NBSP}{NDASH} it{APOSTROPHE}s so.",
        ),
        (
            "de",
            "french",
            f"{CH_OPEN}{NNBSP}She said {EN_OPEN}no{EN_CLOSE}{NNBSP}{CH_CLOSE}{NBSP}{NDASH} it{APOSTROPHE}s so.",
        ),
    ],
)
def test_quotes_option_overrides_the_language(language: str, quotes: str, expected: str) -> None:
    assert in_language("\"She said 'no'\" - it's so.", language, quotes=quotes) == expected


def test_straight_style_straightens_typed_marks() -> None:
    assert typeset("„Hallo“, sagte’s", quotes="straight") == '"Hallo", sagte\'s'


@pytest.mark.parametrize("language", ["it", "nl", "tlh", ""])
def test_unsupported_language_gets_neutral_typography(language: str) -> None:
    text = "\"Ciao\" - disse 'lui'... z.B. 40 % -- il 14. Januar 2022, 1990-2000 --- fine"
    result, report = convert_in(text, language)
    assert result == "\"Ciao\" - disse 'lui'\u2026 z.B. 40 % -- il 14. Januar 2022, 1990-2000 --- fine"
    assert report.undecided == []
    assert report.counts() == {"ellipsis": 1}


def test_unsupported_language_keeps_typed_typographic_quotes() -> None:
    assert in_language("Lui disse «ciao» e „tschüss” e “bye”.", "it") == "Lui disse «ciao» e „tschüss” e “bye”."


def test_unsupported_language_takes_a_quotes_option() -> None:
    assert in_language('Lui disse "ciao" - poi...', "it", quotes="guillemets") == (
        f"Lui disse {GU_OPEN}ciao{GU_CLOSE} - poi{ELLIPSIS}"
    )


def convert_in(text: str, language: str) -> tuple[str, Report]:
    extensions = publisher.typography.extensions(language=language)
    md = markdown.Markdown(extensions=extensions)
    result = md.convert(text)
    assert result.startswith("<p>") and result.endswith("</p>"), result
    typography = extensions[1]
    assert isinstance(typography, TypographyExtension)
    return result[len("<p>") : -len("</p>")], typography.report


@pytest.mark.parametrize(
    ("language", "em", "en"),
    [
        ("de", MDASH, NDASH),
        ("de-CH", MDASH, NDASH),
        ("fr", MDASH, NDASH),
        ("en", MDASH, MDASH),
        ("en-GB", MDASH, NDASH),
    ],
)
def test_double_and_triple_hyphens_between_words(language: str, em: str, en: str) -> None:
    assert typeset("Berlin--Hamburg", language=language) == f"Berlin{en}Hamburg"
    assert typeset("Warte---nein", language=language) == f"Warte{em}nein"


@pytest.mark.parametrize("language", ["de", "de-CH", "en", "en-GB", "fr", "it"])
@pytest.mark.parametrize(
    "text",
    [
        "Run publisher build --force now.",
        "Use --no-cache or --dry-run here.",
        "Call it with (--verbose) or ---weird.",
        "The arrow --> points, and <-- back.",
        "A rule ---- of four.",
    ],
)
def test_flags_arrows_and_long_runs_keep_their_hyphens(language: str, text: str) -> None:
    result = typeset(text, language=language)
    assert result.count("-") == text.count("-"), result


@pytest.mark.parametrize("language", ["de", "en", "fr"])
def test_double_hyphens_in_code_and_urls_stay(language: str) -> None:
    result = in_language("Tippe `git --version -- x` und https://example.org/a--b---c an.", language)
    assert "<code>git --version -- x</code>" in result
    assert "https://example.org/a--b---c" in result


# --- 8. Line ends and elisions ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "dash"),
    [
        ("de", f"{NBSP}{NDASH}"),
        ("de-CH", f"{NBSP}{NDASH}"),
        ("fr", f"{NBSP}{NDASH}"),
        ("en", MDASH),
        ("en-GB", f"{NBSP}{NDASH}"),
    ],
)
def test_spaced_hyphen_before_a_hard_line_break(language: str, dash: str) -> None:
    # Two trailing spaces: the hyphen ends the text before the <br>.
    result = in_language("Das Tier kam und entwich. -  \nDann war es still. -  \n*so* -  \nEnde. -", language)
    assert result == (
        f"Das Tier kam und entwich.{dash}<br />\nDann war es still.{dash}<br />\n<em>so</em>{dash}<br />\nEnde.{dash}"
    )


def test_spaced_hyphen_before_a_break_inside_a_verse_line() -> None:
    # A stanza's lines as spans, each ending in its <br> (the form verse extensions give; a backslash break too).
    import xml.etree.ElementTree as ET

    from publisher.typography.languages import conventions
    from publisher.typography.treeprocessor import typeset_tree

    root = ET.fromstring(
        '<div><p class="verse"><span class="line">und entwich. -<br /></span>\n'
        '<span class="line">nicht \'ran -<br /></span>\n<span class="line">Ende</span></p></div>'
    )
    typeset_tree(root, conventions("de"), Report(), "")
    lines = ["".join(span.itertext()) for span in root.iter("span")]
    assert lines == [f"und entwich.{NBSP}{NDASH}", f"nicht {APOSTROPHE}ran{NBSP}{NDASH}", "Ende"]


def test_hyphen_glued_to_the_next_element_is_no_dash() -> None:
    assert paragraph("Ost- und -*west*") == "Ost- und -<em>west</em>"


ELISION_WORDS = ["'ran", "'rauf", "'rein", "'raus", "'n", "'s"]


@pytest.mark.parametrize("word", ELISION_WORDS)
@pytest.mark.parametrize(
    "template",
    [
        "nicht {word} da",  # inside a sentence
        "{word} da und fort",  # at the paragraph's start
        "Geh *jetzt* {word} da",  # after an em element
        "Geh **jetzt** {word} da",  # after a strong element
        "Geh *{word}* da",  # at the start of an em element
        'Er rief: "Komm {word}!"',  # inside a quotation
        "Zeile  \n{word} da",  # after a hard line break
    ],
)
def test_elisions_take_an_apostrophe(word: str, template: str) -> None:
    result = paragraph(template.format(word=word))
    assert APOSTROPHE + word[1:] in result, result
    assert DE_INNER_OPEN not in result and "'" not in result, result


@pytest.mark.parametrize(
    "template",
    ["'Twas {rest}", "It *was* 'twas {rest}", "**Old** 'tis {rest}", "In the '90s {rest}", "Rock 'n' roll {rest}"],
)
def test_english_elisions_take_an_apostrophe(template: str) -> None:
    result = in_language(template.format(rest="and so on."), "en")
    assert "'" not in result and EN_INNER_OPEN not in result, result
    assert APOSTROPHE in result


def test_elision_does_not_swallow_a_real_quotation() -> None:
    assert paragraph("Er sagte 'rasch' und ging.") == f"Er sagte {DE_INNER_OPEN}rasch{DE_INNER_CLOSE} und ging."


@pytest.mark.parametrize("language", ["de", "en", "fr"])
@pytest.mark.parametrize("hard_break", ["  \n", "\\\n"])
def test_spaced_hyphen_at_a_verse_line_end(language: str, hard_break: str) -> None:
    # With the verse extension each line is a span ending in its <br>, for both forms of a hard break.
    from publisher.extensions.verse import VerseExtension

    dash = MDASH if language == "en" else f"{NBSP}{NDASH}"
    md = markdown.Markdown(extensions=[VerseExtension(), *publisher.typography.extensions(language=language)])
    result = md.convert(f"Das Tier kam und entwich. -{hard_break}Dann war es still. -{hard_break}Ende.")
    lines = re.findall(r'<span class="line">(.*?)(?:<br />)?</span>', result)
    assert lines == [f"Das Tier kam und entwich.{dash}", f"Dann war es still.{dash}", "Ende."], result
