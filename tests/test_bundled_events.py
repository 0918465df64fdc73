"""The bundled events file says what the verified facts say, and nothing they do not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import timeline
from timeline import Precision

from .conftest import ROOT, SHARED

FACTS = SHARED / "research" / "facts.yaml"


def test_top_level_events_yaml_is_the_bundled_file() -> None:
    assert (ROOT / "events.yaml").read_bytes() == timeline.bundled_events().read_bytes()


def test_bundled_file_is_valid_with_no_warnings() -> None:
    report = timeline.validate(timeline.bundled_events())
    assert report.valid, str(report)
    assert report.warnings == ()


@pytest.mark.parametrize(
    ("event_id", "start", "end"),
    [
        ("tokyo-signing", "2025-10-28T10:40:00+09:00", "2025-10-28T10:45:00+09:00"),
        ("trump-xi-busan", "2025-10-30T11:00:00+09:00", "2025-10-30T12:40:00+09:00"),
        ("c5plus1-dinner", "2025-11-06T18:00:00-05:00", None),
        ("tokayev-moscow-visit", "2025-11-11", "2025-11-12"),
    ],
)
def test_core_events_have_the_confirmed_times(
    bundled: timeline.Timeline, event_id: str, start: str, end: str | None
) -> None:
    event = bundled[event_id]
    assert event.start.isoformat() == start
    assert (event.end.isoformat() if event.end else None) == end


def test_core_events_places_and_kinds(bundled: timeline.Timeline) -> None:
    busan = bundled["trump-xi-busan"]
    assert busan.place is not None
    assert (busan.place.city, busan.place.country) == ("Busan", "KR")
    assert "Gyeongju" not in (busan.place.venue or "")
    assert bundled["tokayev-moscow-visit"].kind.value == "state_visit"
    assert bundled["tokayev-moscow-visit"].start.precision is Precision.DAY
    assert bundled["c5plus1-dinner"].approximate, "only the scheduled time is known"
    tokyo = bundled["tokyo-signing"].place
    assert tokyo is not None
    assert "Akasaka" in (tokyo.venue or "")


def test_core_events_happen_in_order_across_five_zones(bundled: timeline.Timeline) -> None:
    core = ["tokyo-signing", "trump-xi-busan", "c5plus1-dinner", "tokayev-moscow-visit"]
    assert [e.id for e in bundled if e.id in core] == core
    zones = {bundled[i].timezone for i in core} | {bundled["thailand-cambodia-kl-accord"].timezone}
    assert zones == {
        "Asia/Tokyo",
        "Asia/Seoul",
        "America/New_York",
        "Europe/Moscow",
        "Asia/Kuala_Lumpur",
    }


def test_context_events_are_there_with_their_dates(bundled: timeline.Timeline) -> None:
    expected = {
        "naruhito-receives-trump": "2025-10-27T18:30:00+09:00",
        "thailand-cambodia-kl-accord": "2025-10-26",
        "eu-central-asia-summit-samarkand": "2025-04-04",
        "izvestia-dmitriev-rare-earth-talks": "2025-03-31",
        "ukraine-us-minerals-deal": "2025-04-30",
    }
    assert {k: bundled[k].start.isoformat() for k in expected} == expected


def test_every_event_is_sourced(bundled: timeline.Timeline) -> None:
    for event in bundled:
        assert event.sources, event.id
        for source in event.sources:
            assert source.url.startswith("https://"), (event.id, source.url)


@pytest.mark.skipif(not FACTS.exists(), reason="../shared is not beside the project")
def test_every_url_comes_from_the_fact_sheet(bundled: timeline.Timeline) -> None:
    facts = FACTS.read_text(encoding="utf-8")
    urls = {s.url for e in bundled for s in e.sources}
    assert urls, "no sources at all"
    assert sorted(u for u in urls if u not in facts) == []


@pytest.mark.skipif(not FACTS.exists(), reason="../shared is not beside the project")
def test_no_invented_times(bundled: timeline.Timeline) -> None:
    """Every start time appears in the fact sheet; an end time that does not (one derived
    from a reported duration) is marked approximate."""
    text = FACTS.read_text(encoding="utf-8")

    def in_facts(point: timeline.TimePoint) -> bool:
        return bool(re.search(rf"(?<!\d){point.local.format('HH:mm')}(?!\d)", text))

    for event in bundled:
        if not event.start.precision.is_date_only:
            assert in_facts(event.start), (event.id, str(event.start))
        if event.end is not None and not event.end.precision.is_date_only:
            assert in_facts(event.end) or event.approximate, (event.id, str(event.end))


def test_seed_articles_are_cited(bundled: timeline.Timeline) -> None:
    urls = {s.url for e in bundled for s in e.sources}
    assert "https://taz.de/USA-umwerben-Zentralasien/!6128099/" in urls
    assert (
        "https://www.zdfheute.de/politik/ausland/trump-takaichi-treffen-usa-japan-100.html" in urls
    )


def test_bundled_path_is_inside_the_package() -> None:
    path = timeline.bundled_events()
    assert path.is_file()
    assert Path(timeline.__file__).parent in path.parents


def test_every_bundled_event_has_a_german_title_and_summary(bundled: timeline.Timeline) -> None:
    assert bundled.language == "en"
    for event in bundled:
        translation = event.translations.get("de")
        assert translation is not None, event.id
        assert translation.title, event.id
        assert translation.title != event.title, event.id
        assert (translation.summary is None) == (event.summary is None), event.id
