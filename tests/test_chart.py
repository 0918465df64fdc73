"""The chart: Vega-Lite spec snapshot, display zone, lanes, and labels that do not collide."""

from __future__ import annotations

import copy
import itertools
from collections import defaultdict
from typing import Any

import altair as alt
import pytest

from timeline import Timeline
from timeline.chart import CHAR_WIDTH, LABEL_GAP, POINT_RADIUS


def spec_of(t: Timeline, **options: Any) -> dict[str, Any]:
    return t.chart(**options).to_dict()


def rows_of(spec: dict[str, Any]) -> list[dict[str, Any]]:
    layer = spec["layer"][0]
    data = layer.get("data") or spec.get("data")
    if "values" in data:
        return list(data["values"])
    return list(spec["datasets"][data["name"]])


def stable(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec without what changes between Altair versions ($schema, generated names)."""
    out = copy.deepcopy(spec)
    out.pop("$schema", None)
    return out


def test_spec_snapshot(bundled: Timeline, data_regression: Any) -> None:
    data_regression.check(stable(spec_of(bundled)))


def test_chart_is_an_altair_chart_users_can_compose(bundled: Timeline) -> None:
    chart = bundled.chart()
    assert isinstance(chart, alt.LayerChart)
    assert chart.to_dict()["params"][0]["select"]["type"] == "interval"  # zoom and pan


@pytest.mark.parametrize(
    ("tz", "tokyo_begin", "axis_title"),
    [
        ("UTC", "2025-10-28T01:40:00Z", "Time (UTC)"),
        ("Europe/Berlin", "2025-10-28T02:40:00Z", "Time (Europe/Berlin)"),
        ("Asia/Tokyo", "2025-10-28T10:40:00Z", "Time (Asia/Tokyo)"),
    ],
)
def test_times_are_shown_in_the_display_zone(
    bundled: Timeline, tz: str, tokyo_begin: str, axis_title: str
) -> None:
    spec = spec_of(bundled, tz=tz)
    rows = {r["id"]: r for r in rows_of(spec)}
    assert rows["tokyo-signing"]["begin"] == tokyo_begin
    assert (
        rows["tokyo-signing"]["local_time"]
        == "Tue 28 Oct 2025, 10:40–10:45 JST (Asia/Tokyo) (approximate)"
    )
    bars = spec["layer"][1]["encoding"]["x"]
    assert bars["scale"]["type"] == "utc"
    assert bars["axis"]["title"] == axis_title


def test_every_event_is_drawn_once_per_lane(bundled: Timeline) -> None:
    rows = rows_of(spec_of(bundled))
    assert sorted(r["id"] for r in rows) == sorted(e.id for e in bundled)


def test_precision_is_visible(bundled: Timeline) -> None:
    rows = {r["id"]: r for r in rows_of(spec_of(bundled))}
    visit = rows["tokayev-moscow-visit"]
    assert (visit["shape"], visit["date_only"]) == ("bar", True)
    # a date-only span is the whole local days: Moscow 11 Nov 00:00 to 13 Nov 00:00 (+03:00)
    assert (visit["begin"], visit["finish"]) == ("2025-11-10T21:00:00Z", "2025-11-12T21:00:00Z")
    dinner = rows["c5plus1-dinner"]
    assert (dinner["shape"], dinner["date_only"], dinner["approximate"]) == ("point", False, True)
    assert rows["tokyo-signing"]["shape"] == "bar"


@pytest.mark.parametrize("group_by", ["kind", "country", "actor", "tag"])
def test_labels_never_overlap_each_other_or_marks(bundled: Timeline, group_by: str) -> None:
    width = 900
    spec = spec_of(bundled, group_by=group_by, width=width)
    rows = rows_of(spec)
    domain = spec["layer"][1]["encoding"]["x"]["scale"]["domain"]
    t0, t1 = (_seconds(d) for d in domain)
    occupied: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
    for r in rows:
        x0 = (_seconds(r["begin"]) - t0) / (t1 - t0) * width
        x1 = (_seconds(r["finish"]) - t0) / (t1 - t0) * width
        if r["shape"] == "point":
            x0, x1 = x0 - POINT_RADIUS, x1 + POINT_RADIUS
        text = len(r["label"]) * CHAR_WIDTH + LABEL_GAP
        span = (x0, x1 + text) if r["label_side"] == "right" else (x0 - text, x1)
        assert span[0] >= -1, (r["id"], span)
        assert span[1] <= width + 1, (r["id"], span)
        occupied[r["slot"]].append((*span, r["id"]))
    for slot, spans in occupied.items():
        spans.sort()
        for (_, end, a), (begin, _, b) in itertools.pairwise(spans):
            assert end < begin, f"{a} and {b} overlap in {slot}"


def _seconds(iso: str) -> float:
    import datetime as dt

    return dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def test_empty_timeline_still_charts() -> None:
    assert spec_of(Timeline([]))["layer"]


def test_a_chart_with_hundreds_of_rows_still_draws() -> None:
    """An explicit sort list of every row once overflowed Vega's expression parser (1,500
    rows did it); rows now sort by their zero-padded keys."""
    from timeline import Event
    from timeline.render import spec_to

    crowded = Timeline(
        Event.model_validate(
            {
                "id": f"e{i}",
                "title": f"An event with a long enough title number {i}",
                "kind": "meeting",
                "timezone": "UTC",
                "start": "2025-01-01T00:00Z",  # all at once: one row each
                "sources": [{"url": "https://example.org/"}],
            }
        )
        for i in range(1500)
    )
    spec = spec_of(crowded)
    assert spec["layer"][1]["encoding"]["y"]["sort"] == "ascending"
    assert len({r["slot"] for r in rows_of(spec)}) == 1500
    assert str(spec_to(spec, "svg")).startswith("<svg")
