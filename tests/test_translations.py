"""Translations in the events file: kept through load → Timeline → export → load, checked,
documented in the schema, and absent from the output of files that have none."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import timeline
from timeline import Timeline
from timeline.core.models import EventTranslation, PlaceTranslation, TimelineTranslation
from timeline.formats import WRITE_FORMATS

TRANSLATED = """\
title: Mineral diplomacy
description: Deals on critical minerals.
translations:
  de: {title: Rohstoffdiplomatie, description: Abkommen über kritische Rohstoffe.}
events:
  - id: tokyo-signing
    title: US–Japan framework signed
    kind: signing
    timezone: Asia/Tokyo
    start: 2025-10-28 10:40
    place:
      venue: State Guest House, Akasaka Palace
      city: Tokyo
      country: JP
      translations:
        de: {venue: Staatsgästehaus Akasaka-Palast, city: Tokio}
    sources: [{url: "https://www.mofa.go.jp/a"}]
    summary: Trump and Takaichi sign a framework.
    outcomes: [Framework signed, Rapid response group]
    translations:
      de:
        title: Rahmenabkommen USA–Japan unterzeichnet
        outcomes: [Rahmenabkommen unterzeichnet, Gruppe für schnelle Reaktion]
  - id: busan
    title: Trump–Xi meeting in Busan
    kind: meeting
    timezone: Asia/Seoul
    start: 2025-10-30 11:00
    sources: [{url: "https://www.mofa.go.jp/b"}]
"""


@pytest.fixture
def translated() -> Timeline:
    return timeline.loads(TRANSLATED)


def test_translations_are_read(translated: Timeline) -> None:
    assert translated.language == "en"
    assert translated.translations == {
        "de": TimelineTranslation(
            title="Rohstoffdiplomatie", description="Abkommen über kritische Rohstoffe."
        )
    }
    signing = translated["tokyo-signing"]
    assert signing.translations["de"] == EventTranslation(
        title="Rahmenabkommen USA–Japan unterzeichnet",
        outcomes=("Rahmenabkommen unterzeichnet", "Gruppe für schnelle Reaktion"),
    )
    assert signing.place is not None
    assert signing.place.translations["de"] == PlaceTranslation(
        venue="Staatsgästehaus Akasaka-Palast", city="Tokio"
    )
    assert translated["busan"].translations == {}
    assert translated.report.problems == ()


@pytest.mark.parametrize("format", ["json", "yaml"])
def test_translations_survive_export_and_load(translated: Timeline, format: str) -> None:
    again = timeline.loads(timeline.export(translated, format), format=format)
    assert again == translated
    assert again["tokyo-signing"].translations == translated["tokyo-signing"].translations
    assert again.translations == translated.translations


def test_the_canonical_form_writes_only_the_translations_given(translated: Timeline) -> None:
    data = json.loads(translated.to_json())
    assert data["translations"] == {
        "de": {"title": "Rohstoffdiplomatie", "description": "Abkommen über kritische Rohstoffe."}
    }
    assert "language" not in data, "the default language is not written"
    events = {e["id"]: e for e in data["events"]}
    assert events["tokyo-signing"]["translations"] == {
        "de": {
            "title": "Rahmenabkommen USA–Japan unterzeichnet",
            "outcomes": ["Rahmenabkommen unterzeichnet", "Gruppe für schnelle Reaktion"],
        }
    }
    assert events["tokyo-signing"]["place"]["translations"] == {
        "de": {"venue": "Staatsgästehaus Akasaka-Palast", "city": "Tokio"}
    }
    assert "translations" not in events["busan"]


def test_a_file_without_translations_exports_as_before() -> None:
    plain = timeline.loads(TRANSLATED.split("translations:\n  de:")[0] + "events: []\n")
    assert json.loads(plain.to_json()) == {
        "title": "Mineral diplomacy",
        "description": "Deals on critical minerals.",
        "actors": {},
        "events": [],
    }


def test_a_german_file_says_so_and_keeps_it() -> None:
    text = TRANSLATED.replace("translations:\n  de:", "language: de\ntranslations:\n  en:", 1)
    text = text.replace("      translations:\n        de:", "      translations:\n        en:")
    text = text.replace("    translations:\n      de:", "    translations:\n      en:")
    german = timeline.loads(text)
    assert german.language == "de"
    assert set(german.translations) == {"en"}
    assert set(german["tokyo-signing"].translations) == {"en"}
    for format in ("json", "yaml"):
        exported = timeline.export(german, format)
        assert timeline.loads(exported, format=format) == german
    assert json.loads(german.to_json())["language"] == "de"
    assert timeline.export(german, "yaml").startswith("title: Mineral diplomacy\n")
    assert "\nlanguage: de\n" in timeline.export(german, "yaml")


def test_filters_keep_the_language_and_translations(translated: Timeline) -> None:
    for narrowed in (
        translated.filter(kind="signing"),
        translated.between("2025-10-01", "2025-10-29"),
    ):
        assert narrowed.language == translated.language
        assert narrowed.translations == translated.translations
        assert [e.id for e in narrowed] == ["tokyo-signing"]


def test_a_timeline_built_in_python_refuses_a_translation_into_its_own_language(
    translated: Timeline,
) -> None:
    with pytest.raises(timeline.InvalidTimeline) as caught:
        Timeline(
            translated.events,
            language="de",
            translations={"de": TimelineTranslation(title="Rohstoffdiplomatie")},
        )
    assert [(p.code, p.field) for p in caught.value.report.errors] == [
        ("own-language-translation", "translations.de"),
        ("own-language-translation", "events[0].translations.de"),
        ("own-language-translation", "events[0].place.translations.de"),
    ]
    built = Timeline(translated.events, translations=translated.translations)
    assert (built.events, built.translations) == (translated.events, translated.translations)


def test_fewer_translated_outcomes_is_a_warning(translated: Timeline) -> None:
    text = TRANSLATED.replace(
        "outcomes: [Rahmenabkommen unterzeichnet, Gruppe für schnelle Reaktion]",
        "outcomes: [Rahmenabkommen unterzeichnet]",
    )
    report = timeline.loads(text).report
    assert report.valid
    assert [str(p) for p in report.warnings] == [
        "<string>:23:19: warning: events[0].translations.de.outcomes: 1 translated outcomes for "
        "the event's 2: translate each outcome once, in the same order"
    ]


@pytest.mark.parametrize("format", [f for f in WRITE_FORMATS if f != "yaml"])
def test_other_formats_say_they_do_not_keep_translations(translated: Timeline, format: str) -> None:
    _text, notes = timeline.export_with_notes(translated, format)
    assert f"{format}: 'translations' of 1 file not kept" in notes
    assert f"{format}: 'translations' of 1 event not kept" in notes
    assert f"{format}: 'place.translations' of 1 event not kept" in notes


def test_the_schema_documents_translations() -> None:
    schema = timeline.schema()
    top = schema["properties"]
    assert top["language"]["default"] == "en"
    assert "BCP 47" in top["language"]["description"]
    event = schema["$defs"]["Event"]["properties"]["translations"]
    assert list(event["patternProperties"].values()) == [{"$ref": "#/$defs/EventTranslation"}]
    assert "--lang" in event["description"]
    assert schema["$defs"]["EventTranslation"]["additionalProperties"] is False
    assert set(schema["$defs"]["EventTranslation"]["properties"]) == {
        "title",
        "summary",
        "outcomes",
    }
    assert set(schema["$defs"]["PlaceTranslation"]["properties"]) == {"venue", "city"}
    assert schema["$defs"]["TimelineTranslation"]["minProperties"] == 1


texts = st.text(min_size=1, max_size=20).filter(lambda t: t.strip() == t and t != "")
tags = st.sampled_from(["de", "fr", "pt-BR", "zh-Hant"])


@given(
    st.dictionaries(
        tags,
        st.fixed_dictionaries({}, optional={"title": texts, "summary": texts}).filter(bool),
    ),
    st.dictionaries(tags, st.fixed_dictionaries({"title": texts})),
)
def test_any_translations_round_trip(event_translations: Any, file_translations: Any) -> None:
    data: dict[str, Any] = json.loads(timeline.loads(TRANSLATED).to_json())
    data["translations"] = file_translations
    data["events"][1]["translations"] = event_translations
    original = timeline.loads(json.dumps(data), format="json")
    for format in ("json", "yaml"):
        assert timeline.loads(timeline.export(original, format), format=format) == original
