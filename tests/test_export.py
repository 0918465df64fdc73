"""The canonical JSON export: its shape (snapshot), and that it loads back unchanged."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import timeline
from timeline import Event, Timeline

from .strategies import events


def test_export_snapshot(bundled: Timeline, data_regression: Any) -> None:
    data_regression.check(json.loads(timeline.export(bundled, "json")))


def test_export_is_in_time_order_with_offsets(bundled: Timeline) -> None:
    exported = json.loads(bundled.to_json())
    starts = {e["id"]: e["start"] for e in exported["events"]}
    assert starts["trump-xi-busan"] == "2025-10-30T11:00:00+09:00"
    # a claimed start: each value in canonical form, the one used first
    assert starts["tokyo-signing"]["claims"][0]["value"] == "2025-10-28T10:40:00+09:00"
    assert starts["tokayev-moscow-visit"] == "2025-11-11"
    ids = [e["id"] for e in exported["events"]]
    assert ids == [e.id for e in bundled]
    assert exported["title"] == "Mineral diplomacy, autumn 2025"


def test_export_loads_back_the_same(bundled: Timeline) -> None:
    again = timeline.loads(bundled.to_json(), format="json")
    assert again == bundled
    assert again.to_json() == bundled.to_json()


@given(events())
def test_round_trip(generated: list[Event]) -> None:
    original = Timeline(generated, title="t")
    again = timeline.loads(original.to_json(), format="json")
    assert again == original


@given(events(), st.randoms(use_true_random=False))
def test_order_does_not_depend_on_input_order(generated: list[Event], rng: Any) -> None:
    shuffled = list(generated)
    rng.shuffle(shuffled)
    assert [e.id for e in Timeline(shuffled)] == [e.id for e in Timeline(generated)]


@given(events())
def test_order_does_not_depend_on_how_a_time_is_written(generated: list[Event]) -> None:
    """The same instants written as local wall time, with the zone's offset, or in UTC with Z
    give the same order."""
    base = [e.id for e in Timeline(generated)]

    def rewritten(style: str) -> list[Event]:
        out = []
        for event in generated:
            data = event.model_dump(mode="json")
            for key in ("start", "end"):
                point = getattr(event, key)
                if point is None or point.precision.is_date_only:
                    continue
                if style == "utc":
                    data[key] = point.instant.isoformat().replace("+00:00", "Z")
                else:
                    data[key] = point.local.isoformat()  # with the zone's own offset
            out.append(Event.model_validate(data))
        return out

    assert [e.id for e in Timeline(rewritten("utc"))] == base
    assert [e.id for e in Timeline(rewritten("offset"))] == base


def test_ordering_is_by_instant_across_zones() -> None:
    text = """
events:
  - {id: new-york, title: B, kind: meeting, timezone: America/New_York, start: "2025-10-27 21:00"}
  - {id: tokyo, title: A, kind: meeting, timezone: Asia/Tokyo, start: "2025-10-28 10:40"}
  - {id: moscow-day, title: C, kind: meeting, timezone: Europe/Moscow, start: 2025-10-28}
"""
    # Tokyo 10:40 JST = 01:40 UTC; New York 21:00 EDT = 01:00 UTC; Moscow's day starts 21:00 UTC
    # the day before.
    assert [e.id for e in timeline.loads(text)] == ["moscow-day", "new-york", "tokyo"]


@pytest.mark.parametrize("line_break", ["\x85", "\u2028", "\u2029"])
def test_yaml_export_keeps_unicode_line_breaks_in_text(line_break: str) -> None:
    """YAML reads NEL, LS and PS as line breaks, which fold to spaces unless escaped."""
    text = f"Tokyo{line_break}signing"
    original = Timeline([], title=text, description=f"{text}: 2025")
    again = timeline.loads(timeline.export(original, "yaml"))
    assert (again.title, again.description) == (text, f"{text}: 2025")


def test_schema_snapshot(data_regression: Any) -> None:
    """The JSON Schema editors and other tools read: field descriptions included."""
    schema = timeline.schema()
    name = schema["$defs"]["Actor"]["properties"]["name"]
    assert name["description"] == "Full name as usually written in English: 'Sanae Takaichi'."
    data_regression.check(schema)
