"""Hypothesis strategies for valid events and timelines."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from timeline import Event, Kind

ZONES = [
    "UTC",
    "Asia/Tokyo",
    "Asia/Seoul",
    "America/New_York",
    "Europe/Moscow",
    "Europe/Berlin",
    "Australia/Lord_Howe",  # half-hour daylight-saving shift
    "Asia/Kathmandu",  # +05:45, and +05:41:16 (local mean time) before 1920
]


def written(moment: dt.datetime, precision: str) -> str:
    """``moment`` as an events file writes it at ``precision``; a time of day with its offset
    when ``moment`` has one (so a fold says which side), else as a UTC instant with Z (never in
    a gap or a fold)."""
    if precision == "year":
        return f"{moment.year:04d}"
    if precision == "month":
        return f"{moment.year:04d}-{moment.month:02d}"
    if precision == "day":
        return moment.date().isoformat()
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%dT%H:%M") + "Z"
    return moment.isoformat(timespec="seconds")


@st.composite
def event_data(draw: st.DrawFn, event_id: str) -> dict[str, Any]:
    zone = draw(st.sampled_from(ZONES))
    start = draw(st.datetimes(dt.datetime(1850, 1, 1), dt.datetime(2035, 12, 31)))
    precision = draw(st.sampled_from(["time", "time", "day", "month", "year"]))
    data: dict[str, Any] = {
        "id": event_id,
        "title": draw(st.text(min_size=1, max_size=30).filter(lambda t: t.strip() != "")),
        "kind": draw(st.sampled_from([k.value for k in Kind])),
        "timezone": zone,
        "start": written(start, precision),
        "sources": [{"url": f"https://example.org/{event_id}"}],
    }
    if draw(st.booleans()):
        length = draw(st.timedeltas(dt.timedelta(0), dt.timedelta(days=40)))
        data["end"] = written(start + length, precision)
    return data


@st.composite
def events(draw: st.DrawFn, max_size: int = 12) -> list[Event]:
    count = draw(st.integers(0, max_size))
    return [Event.model_validate(draw(event_data(f"e{i}"))) for i in range(count)]
