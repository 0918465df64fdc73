"""schema.org JSON-LD: Event nodes with offsets, places, attendees, sources and super-events."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import given

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
