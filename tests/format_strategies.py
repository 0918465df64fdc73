"""Hypothesis strategies for small valid timelines that use every field, for the round trips
through other formats, and the comparison those round trips make."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from hypothesis import strategies as st

from timeline import Actor, Event, Kind, Timeline
from timeline.core.checks import can_follow

from .strategies import written

ZONES = ["UTC", "Asia/Tokyo", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe"]
COUNTRIES = {
    "UTC": "GB",
    "Asia/Tokyo": "JP",
    "America/New_York": "US",
    "Europe/Berlin": "DE",
    "Australia/Lord_Howe": "AU",
}
TRAPS = ["NO", "2025-11-11", "10:40", "0o17", "1e5", "null", "true", "~", "- a", "#x", "a: b"]
"""Text that a careless YAML, CSV or iCalendar writer would turn into something else."""

_CHARACTERS = st.characters(
    codec="utf-8", categories=("L", "N", "P", "S", "Zs"), include_characters="\n"
)
text = st.one_of(
    st.sampled_from(TRAPS),
    st.text(_CHARACTERS, min_size=1, max_size=12).map(str.strip).filter(bool),
)
"""Text as the events file holds it (no surrounding white space)."""
ids = st.from_regex(r"\A[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4})?\Z")


@st.composite
def _times(draw: st.DrawFn, zone: str) -> dict[str, str]:
    tz = zoneinfo.ZoneInfo(zone)
    instant = draw(
        st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2035, 12, 31), timezones=st.just(dt.UTC))
    ).replace(second=0, microsecond=0)
    precision = draw(st.sampled_from(["time", "time", "day", "month", "year"]))
    times = {"start": written(instant.astimezone(tz), precision)}
    if draw(st.booleans()):
        length = draw(st.timedeltas(dt.timedelta(0), dt.timedelta(days=400)))
        end_precision = draw(st.sampled_from([precision, precision, "day", "time"]))
        if precision != "time" and end_precision == "time":
            end_precision = "day"
        end = (instant + length).replace(second=0, microsecond=0)
        times["end"] = written(end.astimezone(tz), end_precision)
    return times


@st.composite
def _event(draw: st.DrawFn, event_id: str, earlier: list[Event], actors: list[str]) -> Any:
    zone = draw(st.sampled_from(ZONES))
    data: dict[str, Any] = {
        "id": event_id,
        "title": draw(text),
        "kind": draw(st.sampled_from([k.value for k in Kind])),
        "timezone": zone,
        **draw(_times(zone)),
    }
    optional: dict[str, Any] = {
        "approximate": st.just(True),
        "place": st.fixed_dictionaries(
            {"country": st.just(COUNTRIES[zone])},
            optional={"venue": text, "city": text},
        ),
        "participants": st.lists(st.sampled_from(actors), max_size=2, unique=True)
        if actors
        else st.just([]),
        "sources": st.lists(_source(event_id), max_size=2),
        "summary": text,
        "outcomes": st.lists(text, max_size=2),
        "tags": st.lists(ids, max_size=2, unique=True),
        "notes": text,
    }
    if earlier:
        optional["part_of"] = st.sampled_from([e.id for e in earlier])
    # follows and responds_to only what the times allow it to (else it is an error)
    if before := [e.id for e in earlier if can_follow(Event.model_validate(data), e)]:
        optional |= {
            "follows": st.lists(st.sampled_from(before), max_size=2, unique=True),
            "responds_to": st.lists(st.sampled_from(before), max_size=1),
        }
    for field, strategy in optional.items():
        if draw(st.booleans()):
            data[field] = draw(strategy)
    return Event.model_validate(data)


@st.composite
def _source(draw: st.DrawFn, event_id: str) -> dict[str, Any]:
    number = draw(st.integers(0, 99))
    source: dict[str, Any] = {"url": f"https://example.org/{event_id}/{number}"}
    optional = {
        "publisher": text,
        "title": text,
        "published": st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)).map(str),
        "language": st.sampled_from(["de", "en", "pt-BR"]),
    }
    for field, strategy in optional.items():
        if draw(st.booleans()):
            source[field] = draw(strategy)
    return source


@st.composite
def timelines(draw: st.DrawFn, max_events: int = 5) -> Timeline:
    """A valid timeline: a few events using every field, with actors and relations."""
    actor_ids = draw(st.lists(ids, max_size=3, unique=True))
    actors = {key: {"name": draw(text), "role": draw(text)} for key in actor_ids}
    count = draw(st.integers(1, max_events))
    event_ids = draw(st.lists(ids, min_size=count, max_size=count, unique=True))
    events: list[Event] = []
    for event_id in event_ids:
        events.append(draw(_event(event_id, list(events), actor_ids)))
    title = draw(st.none() | text)
    description = draw(st.none() | text)
    return Timeline(
        events,
        title=title,
        description=description,
        actors={key: Actor.model_validate(value) for key, value in actors.items()},
    )


def count(events: Timeline, field: str) -> int:
    """How many events have something in ``field`` (``kind``: other than ``other``)."""
    if field == "kind":
        return sum(e.kind.value != "other" for e in events)
    return sum(bool(getattr(e, field)) for e in events)


def described_actors(events: Timeline) -> int:
    """How many actors have a role or a country, which some formats cannot keep."""
    return sum(a.role is not None or a.country is not None for a in events.actors.values())


def by_id(timeline: Timeline, fields: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """The ``fields`` of every event, as the events file writes them, by id; translations
    left out, since only the events file keeps them (the formats' notes say so)."""
    out = {}
    for event in timeline:
        data = event.model_dump(mode="json", exclude={"translations": True})
        if data["place"] is not None:
            data["place"].pop("translations", None)
        out[event.id] = {f: v for f, v in data.items() if f in fields}
    return out


def claimed(timeline: Timeline) -> int:
    """How many events have claims, which only some formats keep."""
    return sum(1 for e in timeline if e.claims)


def used_values(timeline: Timeline) -> Timeline:
    """``timeline`` as a format that keeps no claims has it: each field its value used."""
    plain = [type(e).model_construct(**dict(e)) for e in timeline]
    return Timeline.of_checked(
        plain,
        title=timeline.title,
        description=timeline.description,
        actors=timeline.actors,
        report=timeline.report,
    )


def place_translated(timeline: Timeline) -> int:
    """How many events have their place's names translated."""
    return sum(1 for e in timeline if e.place is not None and e.place.translations)
