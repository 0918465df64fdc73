"""schema.org JSON-LD: Event nodes with offsets, places, attendees, sources and super-events."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given

import timeline
from timeline import Timeline
from timeline.formats import jsonld

from .format_strategies import claimed, count, place_translated, timelines


def graph(timeline: Timeline) -> dict[str, dict[str, Any]]:
    document = json.loads(jsonld.write(timeline)[0])
    assert document["@context"] == "https://schema.org"
    return {node["identifier"]: node for node in document["@graph"]}


def test_an_event_node(bundled: Timeline) -> None:
    signing = graph(bundled)["tokyo-signing"]
    assert signing["@type"] == "Event"
    assert signing["@id"] == "#tokyo-signing"
    assert signing["name"] == bundled["tokyo-signing"].title
    assert signing["startDate"] == "2025-10-28T10:40:00+09:00"
    assert signing["location"] == {
        "@type": "Place",
        "name": "State Guest House, Akasaka Palace",
        "address": {"@type": "PostalAddress", "addressCountry": "JP", "addressLocality": "Tokyo"},
    }
    assert signing["attendee"][1] == {
        "@type": "Person",
        "@id": "#actor-takaichi",
        "identifier": "takaichi",
        "name": "Sanae Takaichi",
        "jobTitle": "Prime Minister of Japan",
        "nationality": {"@type": "Country", "name": "Japan", "identifier": "JP"},
    }
    source = bundled["tokyo-signing"].sources[0]
    work = signing["subjectOf"][0]
    assert work["@type"] == "CreativeWork"
    assert work["url"] == source.url
    assert work.get("publisher") == {"@type": "Organization", "name": source.publisher}


def test_dates_superevents_and_sources(bundled: Timeline) -> None:
    nodes = graph(bundled)
    visit = nodes["tokayev-moscow-visit"]
    assert (visit["startDate"], visit["endDate"]) == ("2025-11-11", "2025-11-12")  # inclusive
    assert nodes["kremlin-welcome-ceremony"]["superEvent"] == {"@id": "#tokayev-moscow-visit"}
    dated = [w for n in nodes.values() for w in n.get("subjectOf", []) if "datePublished" in w]
    assert dated
    assert all(dt.date.fromisoformat(w["datePublished"]) for w in dated)
    assert {w["inLanguage"] for n in nodes.values() for w in n["subjectOf"]} >= {"en", "de"}


def test_notes_say_what_schema_org_cannot_hold(bundled: Timeline) -> None:
    fields = ["kind", "outcomes", "notes", "approximate", "follows"]
    assert jsonld.write(bundled)[1] == [
        f"jsonld: 'timezone' of {len(bundled)} events not kept (times keep their UTC offset)",
        *[f"jsonld: {f!r} of {count(bundled, f)} events not kept" for f in fields],
        # in the order the events first have them
        f"jsonld: 'claims' of {claimed(bundled)} events not kept (each field keeps the value the "
        "timeline uses)",
        f"jsonld: 'responds_to' of {count(bundled, 'responds_to')} events not kept",
        f"jsonld: 'duration' of {count(bundled, 'duration')} event not kept",
        "jsonld: 'title' of 1 file not kept",
        "jsonld: 'description' of 1 file not kept",
        "jsonld: 'translations' of 1 file not kept",
        f"jsonld: 'translations' of {len(bundled)} events not kept",
        f"jsonld: 'place.translations' of {place_translated(bundled)} events not kept",
    ]


@given(timelines())
def test_every_event_is_a_node_at_its_instant(original: Timeline) -> None:
    nodes = graph(original)
    assert list(nodes) == [e.id for e in original]
    for event in original:
        node = nodes[event.id]
        if not event.start.precision.is_date_only:
            assert dt.datetime.fromisoformat(node["startDate"]) == event.start.instant
        else:
            assert node["startDate"] == str(event.start)
        if event.part_of is not None:
            assert node["superEvent"]["@id"].removeprefix("#") in nodes
        people = [p["identifier"] for p in node.get("attendee", [])]
        assert people == list(event.participants)
        assert [w["url"] for w in node.get("subjectOf", [])] == [s.url for s in event.sources]


# -- reading it back -----------------------------------------------------------------------------

_KEPT_BY_JSONLD = ("id", "title", "summary", "place", "participants", "sources", "tags", "part_of")


def test_our_graph_reads_back(bundled: Timeline) -> None:
    text, _ = jsonld.write(bundled)
    back = timeline.import_events(text.encode(), format="jsonld")
    # follows is not kept, so the signing that follows the welcome on its day may go first
    assert sorted(e.id for e in back) == sorted(e.id for e in bundled)
    for event in bundled:
        again = back[event.id]
        # the same dates, and times with the same offsets (the zone's name is not kept)
        assert again.start.isoformat() == event.start.isoformat()
        assert (again.end and again.end.isoformat()) == (event.end and event.end.isoformat())
        assert again.model_dump(include=set(_KEPT_BY_JSONLD)) == event.model_dump(
            include=set(_KEPT_BY_JSONLD) - {"place"}
        ) | {"place": again.model_dump()["place"]}
    assert back["tokyo-signing"].timezone == "Etc/GMT-9"
    warnings = [w.message for w in back.report.warnings]
    assert any("take their time zone from the UTC offset" in w for w in warnings)


def test_our_graph_reads_back_in_the_zone_given(bundled: Timeline) -> None:
    tokyo = bundled.filter(country="JP")
    text, _ = jsonld.write(tokyo)
    back = timeline.import_events(text.encode(), format="jsonld", timezone="Asia/Tokyo")
    assert [e.start for e in back] == [e.start for e in tokyo]
    assert {e.timezone for e in back} == {"Asia/Tokyo"}


def test_another_sites_event_reads_with_what_it_cannot_keep_reported() -> None:
    page_data = {
        "@context": "https://schema.org",
        "@type": "MusicEvent",
        "name": "Orchestra concert",
        "startDate": "2025-11-12T19:30:00+03:00",
        "endDate": "2025-11-12T22:00:00+03:00",
        "eventStatus": "https://schema.org/EventScheduled",
        "location": {
            "@type": "Place",
            "name": "Bolshoi Theatre",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": "Moscow",
                "addressCountry": "Russia",
            },
        },
        "url": "https://example.org/concert",
        "offers": {"@type": "Offer", "price": "10"},
        "keywords": "Music, Days of Culture",
    }
    events = timeline.import_events(json.dumps(page_data), format="jsonld")
    (event,) = events
    assert (event.id, event.title, event.timezone) == (
        "orchestra-concert",
        "Orchestra concert",
        "Etc/GMT-3",
    )
    assert event.place is not None
    assert (event.place.venue, event.place.city, event.place.country) == (
        "Bolshoi Theatre",
        "Moscow",
        "RU",
    )
    assert event.sources[0].url == "https://example.org/concert"
    assert event.tags == ("music", "days-of-culture")
    warnings = sorted(w.message for w in events.report.warnings)
    assert "'eventStatus' of 1 event not kept" in warnings
    assert "'offers' of 1 event not kept" in warnings


def test_a_graph_with_no_event_is_refused_where_it_is() -> None:
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.import_events(
            '{"@context": "https://schema.org", "@type": "Person"}', format="jsonld"
        )
    (problem,) = caught.value.report.errors
    assert (problem.code, problem.line, problem.column) == ("jsonld-shape", 1, 1)
    assert problem.message.startswith("no schema.org Event in it")


def test_a_floating_time_needs_a_zone() -> None:
    node = {"@type": "Event", "name": "Meeting", "startDate": "2025-11-12T10:00"}
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.import_events(json.dumps(node), format="jsonld")
    assert [p.code for p in caught.value.report.errors] == ["needs-timezone"]
    events = timeline.import_events(json.dumps(node), format="jsonld", timezone="Europe/Moscow")
    assert events[0].start.isoformat() == "2025-11-12T10:00:00+03:00"


def test_sub_events_are_part_of_theirs_and_bce_years_read() -> None:
    node = {
        "@type": "Event",
        "@id": "#wars",
        "name": "Greco-Persian Wars",
        "startDate": "-0498",
        "endDate": "-0447",
        "subEvent": [{"@type": "Event", "name": "Battle of Marathon", "startDate": "-0489"}],
    }
    events = timeline.import_events(json.dumps(node), format="jsonld")
    assert [(e.id, e.start.isoformat(), e.part_of) for e in events] == [
        ("wars", "-0498", None),
        ("battle-of-marathon", "-0489", "wars"),
    ]
