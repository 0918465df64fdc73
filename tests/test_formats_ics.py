"""iCalendar: the output parses with ``icalendar``, carries TZIDs and VTIMEZONEs, writes date-only
events as all-day with an exclusive DTEND, and reads back into the same events."""

from __future__ import annotations

import datetime as dt
import textwrap
import zoneinfo
from typing import Any

import icalendar
import pytest
from hypothesis import given

import timeline
from timeline import Timeline
from timeline.formats import ics

from .format_strategies import (
    by_id,
    claimed,
    count,
    described_actors,
    place_translated,
    timelines,
    used_values,
)

EVERY_FIELD = tuple(timeline.Event.model_fields)


def vevents(text: str) -> dict[str, Any]:
    calendar = icalendar.Calendar.from_ical(text)
    return {str(v["UID"]).removesuffix("@timeline"): v for v in calendar.walk("VEVENT")}


def test_output_parses_with_tzids_and_vtimezones(bundled: Timeline) -> None:
    text, _notes = ics.write(bundled)
    calendar = icalendar.Calendar.from_ical(text)
    assert len(calendar.walk("VEVENT")) == len(bundled)
    assert calendar.get_missing_tzids() == set()
    assert {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")} == {
        "America/New_York",
        "Asia/Seoul",
        "Asia/Tokyo",
        "Europe/Moscow",
    }
    signing = vevents(text)["tokyo-signing"]
    assert signing["DTSTART"].params["TZID"] == "Asia/Tokyo"
    assert signing["DTSTART"].dt == dt.datetime(2025, 10, 28, 10, 40, tzinfo=_zone("Asia/Tokyo"))
    assert str(signing["SUMMARY"]) == bundled["tokyo-signing"].title
    assert str(signing["URL"]) == bundled["tokyo-signing"].sources[0].url
    assert str(signing["LOCATION"]) == "State Guest House, Akasaka Palace, Tokyo, Japan"
    assert str(signing["X-TIMELINE-KIND"]) == "signing"
    assert [str(p) for p in signing["X-TIMELINE-PARTICIPANT"]] == [
        "Donald Trump <trump>",
        "Sanae Takaichi <takaichi>",
    ]
    assert "\n\nSources:\n- https://" in str(signing["DESCRIPTION"])


def test_all_day_events_end_the_day_after(bundled: Timeline) -> None:
    visit = vevents(ics.write(bundled)[0])["tokayev-moscow-visit"]
    assert (
        bundled["tokayev-moscow-visit"].start.isoformat(),
        str(bundled["tokayev-moscow-visit"].end),
    ) == (
        "2025-11-11",
        "2025-11-12",
    )
    assert visit["DTSTART"].params["VALUE"] == "DATE"
    assert visit["DTSTART"].dt == dt.date(2025, 11, 11)
    assert visit["DTEND"].dt == dt.date(2025, 11, 13)  # exclusive: the visit ends on the 12th


def test_bundled_events_read_back_the_same(bundled: Timeline) -> None:
    again = timeline.import_events(ics.write(bundled)[0], format="ics")
    kept = tuple(f for f in EVERY_FIELD if f != "duration")  # claims and lengths: see the notes
    assert by_id(again, kept) == by_id(used_values(bundled), kept)
    assert (again.title, again.description) == (bundled.title, bundled.description)
    assert {k: a.name for k, a in again.actors.items()} == {
        k: a.name for k, a in bundled.actors.items() if any(k in e.participants for e in bundled)
    }
    assert [p.code for p in again.report.warnings] == []


def test_notes_say_what_ics_cannot_hold(bundled: Timeline) -> None:
    assert ics.write(bundled)[1] == [
        f"ics: 'claims' of {claimed(bundled)} events not kept (each field keeps the value the "
        "timeline uses)",
        f"ics: 'duration' of {count(bundled, 'duration')} event not kept",
        f"ics: 'role/country' of {described_actors(bundled)} actors not kept (participants "
        "keep their name and id)",
        "ics: 'translations' of 1 file not kept",
        f"ics: 'translations' of {len(bundled)} events not kept",
        f"ics: 'place.translations' of {place_translated(bundled)} events not kept",
    ]


CALENDAR = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example//Example//EN
X-WR-CALNAME:Conference
BEGIN:VEVENT
UID:040000008200E00074C5B7101A82E008
DTSTART;TZID=W. Europe Standard Time:20251104T093000
DTEND;TZID=W. Europe Standard Time:20251104T110000
SUMMARY:Opening keynote
DESCRIPTION:Welcome and keynote.
URL:https://example.org/keynote
LOCATION:Hall A
CATEGORIES:Talks
RRULE:FREQ=DAILY;COUNT=3
END:VEVENT
BEGIN:VEVENT
UID:2@example.org
DTSTART:20251104T170000Z
SUMMARY:Opening keynote
RELATED-TO:040000008200E00074C5B7101A82E008
END:VEVENT
BEGIN:VEVENT
UID:3@example.org
DTSTART;VALUE=DATE:20251105
DTEND;VALUE=DATE:20251106
SUMMARY:Excursion day
END:VEVENT
END:VCALENDAR
"""


def test_another_calendar_is_read_with_its_zones() -> None:
    events = timeline.import_events(CALENDAR, format="ics")
    assert events.title == "Conference"
    keynote, repeat, excursion = (
        events[i] for i in ("opening-keynote", "opening-keynote-2", "excursion-day")
    )
    # The keynote repeats daily three times: an event for the series, one per occurrence.
    assert (keynote.id, keynote.timezone, str(keynote.start), str(keynote.end)) == (
        "opening-keynote",
        "Europe/Berlin",
        "2025-11-04T09:30:00+01:00",
        "2025-11-06T11:00:00+01:00",
    )
    occurrences = [e for e in events if e.part_of == keynote.id and e is not repeat]
    assert [(e.id, str(e.start), str(e.end)) for e in occurrences] == [
        (
            f"opening-keynote-202511{day}t0930",
            f"2025-11-{day}T09:30:00+01:00",
            f"2025-11-{day}T11:00:00+01:00",
        )
        for day in ("04", "05", "06")
    ]
    assert keynote.kind.value == "other"
    assert keynote.summary == "Welcome and keynote."
    assert [s.url for s in keynote.sources] == ["https://example.org/keynote"]
    assert keynote.tags == ("talks",)
    assert (repeat.id, repeat.timezone, repeat.part_of) == ("opening-keynote-2", "UTC", keynote.id)
    assert (excursion.start.isoformat(), excursion.end, excursion.timezone) == (
        "2025-11-05",
        None,
        "UTC",
    )
    assert [p.message for p in events.report.warnings if p.code != "no-source"] == [
        "'LOCATION' of 4 events not kept (an events-file place needs a country)",
        "'CATEGORIES' of 4 events not kept (written as tags, e.g. 'Talks' as 'talks')",
        "1 event has a date but no time zone; read as whole days in UTC (pass --timezone ZONE "
        "to say where they happened)",
    ]


def test_timezone_option_places_utc_times_and_dates() -> None:
    events = timeline.import_events(CALENDAR, format="ics", timezone="Europe/Lisbon")
    assert {e.timezone for e in events if e.id.startswith("opening-keynote-2025")} == {
        "Europe/Berlin"
    }
    assert [events[i].timezone for i in ("opening-keynote-2", "excursion-day")] == [
        "Europe/Lisbon",
        "Europe/Lisbon",
    ]
    assert str(events["opening-keynote-2"].start) == "2025-11-04T17:00:00+00:00"


FLOATING = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:x
BEGIN:VEVENT
UID:1
DTSTART:20251104T093000
SUMMARY:Floating
END:VEVENT
BEGIN:VEVENT
UID:2
DTSTART;TZID=Mars/Olympus:20251104T093000
SUMMARY:Nowhere
END:VEVENT
BEGIN:VEVENT
UID:3
DTSTART:20251399T093000
SUMMARY:Broken
END:VEVENT
END:VCALENDAR
"""


def test_floating_times_refuse_the_file_and_unknown_zones_skip_the_event() -> None:
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.import_events(FLOATING, format="ics")
    report = caught.value.report
    assert [str(p) for p in report.errors] == [
        "<string>:6:1: 1 event has a floating time (no TZID, no Z): pass the zone the times are "
        "local to with --timezone ZONE (an IANA name such as Europe/Berlin)",
    ]
    skipped = [str(p) for p in report.warnings if p.code == "skipped"]
    assert skipped == [
        "<string>: warning: skipped 2 of 3 components; each is listed with why (--strict makes "
        "this an error)",
        "<string>:11:1: warning: VEVENT skipped: TZID 'Mars/Olympus' is not an IANA or Windows "
        "time zone name and the file does not define it: pass the zone to read its times in "
        "with --timezone ZONE",
        "<string>:16:1: warning: VEVENT skipped: cannot read its DTSTART: Wrong datetime "
        "format: 20251399T093000",
    ]
    events = timeline.import_events(FLOATING, format="ics", timezone="Asia/Tokyo")
    assert [e.title for e in events] == ["Floating", "Nowhere"]
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.import_events(FLOATING, format="ics", timezone="Asia/Tokyo", strict=True)
    assert [p.line for p in caught.value.report.errors] == [None, 16]


def test_not_icalendar() -> None:
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.import_events("hello\nworld\n", format="ics")
    assert [str(p) for p in caught.value.report.problems] == [
        "<string>:1:1: warning: 'hello' is outside any component; ignored",
        "<string>:1:1: no iCalendar components (BEGIN:VCALENDAR, BEGIN:VEVENT) in the file",
        "<string>:2:1: warning: 'world' is outside any component; ignored",
    ]


def test_month_precision_and_folds_are_kept() -> None:
    text = textwrap.dedent("""\
        events:
          - {id: autumn, title: Autumn, kind: other, timezone: Europe/Berlin, start: 2025-10}
          - id: fold
            title: The second 02:30
            kind: other
            timezone: Europe/Berlin
            start: "2025-10-26 02:30+01:00"
            end: 2025-10-27
        """)
    original = timeline.loads(text)
    written = ics.write(original)[0]
    autumn, fold = vevents(written)["autumn"], vevents(written)["fold"]
    assert autumn["DTSTART"].params["X-TIMELINE-PRECISION"] == "MONTH"
    assert (autumn["DTSTART"].dt, autumn["DTEND"].dt) == (
        dt.date(2025, 10, 1),
        dt.date(2025, 11, 1),
    )
    assert fold["DTSTART"].dt == dt.datetime(2025, 10, 26, 1, 30, tzinfo=dt.UTC)
    again = timeline.import_events(written, format="ics")
    assert by_id(again, EVERY_FIELD) == by_id(original, EVERY_FIELD)


@given(timelines())
def test_round_trip_keeps_every_field(original: Timeline) -> None:
    again = timeline.import_events(ics.write(original)[0], format="ics")
    assert by_id(again, EVERY_FIELD) == _expected(original)
    assert (again.title, again.description) == (original.title, original.description)
    names = {key: actor.name for key, actor in again.actors.items()}
    assert names == {key: original.actors[key].name for key in names}


def _expected(original: Timeline) -> dict[str, dict[str, Any]]:
    """What iCalendar holds: all of it, but a date-only end on the start's own day (month,
    year) is no end, as it is for calendars."""
    expected = by_id(original, EVERY_FIELD)
    for event in original:
        same_period = event.end is not None and str(event.end) == str(event.start)
        if same_period and event.start.precision.is_date_only:
            expected[event.id]["end"] = None
    return expected


def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def test_source_date_epoch_makes_the_export_reproducible(
    bundled: timeline.Timeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1763000000")
    first = timeline.export(bundled, "ics")
    assert "DTSTAMP:20251113T021320Z" in first
    assert timeline.export(bundled, "ics") == first
