"""German typography: gender forms, quotation marks, dashes, spaces, what stays untouched, the report.

Invisible characters are spelled as escapes: NBSP (U+00A0, no-break space) ties words,
NNBSP (U+202F, narrow no-break space) sits inside abbreviations and before % and units.
"""

from __future__ import annotations

import html

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
