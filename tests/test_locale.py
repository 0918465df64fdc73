"""The chart's language: event texts from translations, German and English dates, names and
words, and d3 locales that vl-convert accepts."""

from __future__ import annotations

import re

import pytest
import vl_convert
from babel import Locale
from hypothesis import given

import timeline
from timeline import Kind
from timeline.view.d3_locales import vega_number_locale, vega_time_locale
from timeline.view.languages import LANGUAGES, check_lang
from timeline.view.words import (
    TERMS,
    axis_date_format,
    country_name,
    display_time_text,
    event_outcomes,
    event_summary,
    event_title,
    kind_label,
    local_time_text,
    number_text,
    place_text,
    term,
    timeline_description,
    timeline_title,
)

from .strategies import events

HEAD = "title: Test\nevents:\n"


def one(text: str) -> timeline.Event:
    return timeline.loads(HEAD + text).events[0]


INSTANT = one("""\
  - {id: dinner, title: Dinner, kind: dinner, timezone: America/New_York,
     start: "2025-11-06 18:00", approximate: true, sources: [{url: "https://a.example"}]}
""")
SPAN = one("""\
  - {id: signing, title: Signing, kind: signing, timezone: Asia/Tokyo,
     start: "2025-10-28 10:40", end: "2025-10-29 09:05", sources: [{url: "https://a.example"}]}
""")
DAYS = one("""\
  - {id: visit, title: Visit, kind: state_visit, timezone: Europe/Moscow,
     start: 2025-11-11, end: 2025-11-12, sources: [{url: "https://a.example"}]}
""")
MONTH = one("""\
  - {id: talks, title: Talks, kind: meeting, timezone: Europe/Berlin,
     start: 2025-03, sources: [{url: "https://a.example"}]}
""")


def test_check_lang() -> None:
    assert [check_lang(lang) for lang in ("en", "de")] == ["en", "de"]
    assert LANGUAGES == ("en", "de")
    for bad in ("fr", "DE", "de-DE", ""):
        with pytest.raises(timeline.UnsupportedLanguage) as caught:
            check_lang(bad)
        assert str(caught.value) == f"unknown language {bad!r}; use en or de"
    assert issubclass(timeline.UnsupportedLanguage, timeline.TimelineError)


@pytest.mark.parametrize(
    ("event", "lang", "expected"),
    [
        (INSTANT, "en", "Thu 6 Nov 2025, 18:00 EST (America/New_York) (approximate)"),
        (INSTANT, "de", "Do., 6. Nov. 2025, 18:00 EST (America/New_York) (ungefähr)"),
        (SPAN, "en", "Tue 28 Oct 2025, 10:40–Wed 29 Oct 2025, 09:05 JST (Asia/Tokyo)"),
        (SPAN, "de", "Di., 28. Okt. 2025, 10:40–Mi., 29. Okt. 2025, 09:05 JST (Asia/Tokyo)"),
        (
            DAYS,
            "en",
            "Tue 11 Nov 2025 – Wed 12 Nov 2025 (Europe/Moscow, time not known)",
        ),
        (
            DAYS,
            "de",
            "Di., 11. Nov. 2025 – Mi., 12. Nov. 2025 (Europe/Moscow, Uhrzeit unbekannt)",
        ),
        (MONTH, "en", "March 2025 (Europe/Berlin, time not known)"),
        (MONTH, "de", "März 2025 (Europe/Berlin, Uhrzeit unbekannt)"),
    ],
)
def test_local_time_text(event: timeline.Event, lang: str, expected: str) -> None:
    assert local_time_text(event, check_lang(lang)) == expected


@pytest.mark.parametrize(
    ("event", "lang", "expected"),
    [
        (INSTANT, "en", "Fri 7 Nov 2025, 00:00"),
        (INSTANT, "de", "Fr., 7. Nov. 2025, 00:00"),
        (SPAN, "en", "Tue 28 Oct 2025, 02:40–Wed 29 Oct 2025, 01:05"),
        (SPAN, "de", "Di., 28. Okt. 2025, 02:40–Mi., 29. Okt. 2025, 01:05"),
        (DAYS, "en", "10 Nov 2025 22:00 – 12 Nov 2025 21:59"),
        (DAYS, "de", "10. Nov. 2025, 22:00 – 12. Nov. 2025, 21:59"),
        (MONTH, "en", "1 Mar 2025 00:00 – 31 Mar 2025 23:59"),
        (MONTH, "de", "1. März 2025, 00:00 – 31. März 2025, 23:59"),
    ],
)
def test_display_time_text(event: timeline.Event, lang: str, expected: str) -> None:
    assert display_time_text(event, "Europe/Berlin", check_lang(lang)) == expected


def test_a_same_day_range_writes_the_day_once() -> None:
    event = one("""\
  - {id: s, title: S, kind: signing, timezone: Asia/Tokyo, start: "2025-10-28 10:40",
     end: "2025-10-28 10:45", sources: [{url: "https://a.example"}]}
""")
    assert local_time_text(event, "de") == "Di., 28. Okt. 2025, 10:40–10:45 JST (Asia/Tokyo)"
    assert display_time_text(event, "UTC", "en") == "Tue 28 Oct 2025, 01:40–01:45"


@given(events())
def test_every_local_time_names_the_zone_in_both_languages(generated: list[timeline.Event]) -> None:
    for event in generated:
        texts = {lang: local_time_text(event, lang) for lang in LANGUAGES}
        for lang, text in texts.items():
            assert f"({event.timezone}" in text, (lang, text)
        assert texts["en"].endswith("time not known)") == event.is_date_only
        assert texts["de"].endswith("Uhrzeit unbekannt)") == event.is_date_only
        # the same digits: only the words differ
        assert re.findall(r"\d+", texts["en"]) == re.findall(r"\d+", texts["de"])


def test_country_names() -> None:
    assert country_name("JP", "en") == "Japan"
    assert country_name("US", "en") == "United States"
    assert country_name("US", "de") == "Vereinigte Staaten"
    assert country_name("KR", "de") == "Südkorea"
    assert country_name("RU", "de") == "Russland"
    assert country_name("KZ", "de") == "Kasachstan"


def test_kind_labels() -> None:
    assert kind_label(Kind.SIGNING, "en") == "Signing"
    assert kind_label(Kind.STATE_VISIT, "en") == "State visit"
    assert kind_label(Kind.STATE_VISIT, "de") == "Staatsbesuch"
    german = [kind_label(kind, "de") for kind in Kind]
    assert len(set(german)) == len(Kind), "every kind has its own German name"
    assert all(label[0].isupper() for label in german)


def test_terms_exist_in_both_languages_with_the_same_placeholders() -> None:
    for key in TERMS:
        english, german = term(key, "en"), term(key, "de")
        assert english.strip(), key
        assert german.strip(), key
        assert set(re.findall(r"{(\w+)}", english)) == set(re.findall(r"{(\w+)}", german)), key
    assert term("time_axis", "de", zone="Europe/Berlin") == "Zeit (Europe/Berlin)"
    assert term("tooltip_display_time", "en", zone="UTC") == "In UTC"
    with pytest.raises(KeyError, match="no term 'nope'"):
        term("nope", "en")


def test_numbers() -> None:
    assert (number_text(12000, "en"), number_text(12000, "de")) == ("12,000", "12.000")


TRANSLATED = """\
title: Mineral diplomacy
translations:
  de: {title: Rohstoffdiplomatie}
events:
  - id: visit
    title: Tokayev's state visit to Moscow
    kind: state_visit
    timezone: Europe/Moscow
    start: 2025-11-11
    place:
      venue: Moscow Kremlin
      city: Moscow
      country: RU
      translations: {de-AT: {city: Moskau}}
    sources: [{url: "https://a.example"}]
    summary: A two-day state visit.
    outcomes: [Declaration signed]
    translations:
      de: {title: Tokajews Staatsbesuch in Moskau, outcomes: [Erklärung unterzeichnet]}
"""


def test_texts_come_from_the_translation_and_fall_back_to_the_file() -> None:
    loaded = timeline.loads(TRANSLATED)
    visit = loaded["visit"]
    assert event_title(visit, "de") == "Tokajews Staatsbesuch in Moskau"
    assert event_title(visit, "en") == "Tokayev's state visit to Moscow"
    assert event_summary(visit, "de") == "A two-day state visit.", "no German summary"
    assert event_outcomes(visit, "de") == ("Erklärung unterzeichnet",)
    assert timeline_title(loaded, "de") == "Rohstoffdiplomatie"
    assert timeline_title(loaded, "en") == "Mineral diplomacy"
    assert timeline_description(loaded, "de") is None
    # a de-AT place name serves German readers when there is no plain de one
    assert place_text(visit, "de") == "Moscow Kremlin, Moskau, Russland"
    assert place_text(visit, "en") == "Moscow Kremlin, Moscow, Russia"


def test_a_german_file_shows_its_own_texts_in_german_and_translations_in_english() -> None:
    german = TRANSLATED.replace("translations:\n  de:", "language: de\ntranslations:\n  en:")
    german = german.replace("      de: {title: Tokajews", "      en: {title: Tokajews")
    german = german.replace("{de-AT: {city: Moskau}}", "{en: {city: Moskau}}")
    loaded = timeline.loads(german)
    visit = loaded["visit"]
    assert event_title(visit, "de", loaded.language) == "Tokayev's state visit to Moscow"
    assert event_title(visit, "en", loaded.language) == "Tokajews Staatsbesuch in Moskau"
    assert timeline_title(loaded, "de") == "Mineral diplomacy"
    assert timeline_title(loaded, "en") == "Rohstoffdiplomatie"
    assert place_text(visit, "de", loaded.language) == "Moscow Kremlin, Moscow, Russland"


def test_without_a_place_there_is_no_place_text() -> None:
    assert place_text(MONTH, "de") == ""


def test_d3_locales_agree_with_cldr() -> None:
    for lang in LANGUAGES:
        time = vega_time_locale(lang)
        assert set(time) == {
            "dateTime",
            "date",
            "time",
            "periods",
            "days",
            "shortDays",
            "months",
            "shortMonths",
        }
        cldr = Locale.parse(lang)
        assert time["months"] == [cldr.months["format"]["wide"][m] for m in range(1, 13)]
        # d3 starts the week on Sunday, CLDR numbers Monday 0
        assert time["days"] == [cldr.days["format"]["wide"][(d + 6) % 7] for d in range(7)]
        assert all(
            long.startswith(short.rstrip("."))
            or short == "Mrz"  # d3's German abbreviation for März
            for short, long in zip(time["shortMonths"], time["months"], strict=True)
        )
        number = vega_number_locale(lang)
        assert number_text(1234567.5, lang) == "1{t}234{t}567{d}5".format(
            t=number["thousands"], d=number["decimal"]
        )
    vega_time_locale("de")["months"].clear()
    assert vega_time_locale("de")["months"][0] == "Januar", "each call gives a fresh copy"
    assert axis_date_format("de") == "%-d. %b %Y"
    assert axis_date_format("en") == "%-d %b %Y"


def _axis_svg(lang: str) -> str:
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": [{"t": "2025-09-15T00:00:00Z"}, {"t": "2025-12-15T00:00:00Z"}]},
        "mark": "point",
        "encoding": {
            "x": {
                "field": "t",
                "type": "temporal",
                "scale": {"type": "utc"},
                "axis": {"format": axis_date_format(check_lang(lang))},
            },
            "y": {"aggregate": "count", "type": "quantitative"},
        },
    }
    svg: str = vl_convert.vegalite_to_svg(
        spec,
        time_format_locale=vega_time_locale(check_lang(lang)),
        format_locale=vega_number_locale(check_lang(lang)),
    )
    return svg


@pytest.mark.slow
def test_vl_convert_draws_a_german_time_axis() -> None:
    german, english = _axis_svg("de"), _axis_svg("en")
    assert ">5. Okt 2025<" in german, "German month abbreviation in the axis's date format"
    assert ">5 Oct 2025<" in english
    assert "Okt" not in english
    assert ">0,5<" in german, "German decimal comma on the count axis"
