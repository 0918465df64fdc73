"""CSV: one row per event under a header; lists in cells separated by ``|`` (JSON when that
cannot hold them); reads back into the same events."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

import timeline
from timeline import Timeline
from timeline.formats import csvfile

from .format_strategies import by_id, count, described_actors, place_translated, text, timelines

EVERY_FIELD = tuple(timeline.Event.model_fields)


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_header_and_a_row(bundled: Timeline) -> None:
    text, _notes = csvfile.write(bundled)
    assert text.splitlines()[0] == (
        "id,title,kind,start,end,timezone,approximate,venue,city,country,participants,summary,"
        "outcomes,tags,part_of,follows,responds_to,notes,sources"
    )
    signing = next(r for r in rows(text) if r["id"] == "tokyo-signing")
    busan = next(r for r in rows(text) if r["id"] == "trump-xi-busan")
    assert busan["start"] == "2025-10-30 11:00"
    # a field's claims: a JSON cell, each value written as the column writes it
    start = json.loads(signing["start"])["claims"]
    assert [claim["value"] for claim in start] == ["2025-10-28 10:40", "2025-10-27"]
    assert signing["timezone"] == "Asia/Tokyo"
    assert signing["participants"] == "Donald Trump <trump> | Sanae Takaichi <takaichi>"
    assert signing["tags"] == " | ".join(bundled["tokyo-signing"].tags)
    assert signing["tags"].startswith("us-japan | rare-earths | ")
    assert signing["follows"] == "us-japan-summit-meeting"
    sources = json.loads(signing["sources"])  # sources with details: a JSON array
    assert sources[0] == bundled["tokyo-signing"].sources[0].model_dump(
        mode="json", exclude_none=True
    )


def test_bundled_events_read_back_the_same(bundled: Timeline) -> None:
    text, notes = csvfile.write(bundled)
    again = timeline.import_events(text, format="csv")
    kept = tuple(f for f in EVERY_FIELD if f != "duration")  # no column for it: see the notes
    assert by_id(again, kept) == by_id(bundled, kept)  # claims too, in their cells
    assert notes == [
        "csv: 'title' of 1 file not kept (a CSV has rows only)",
        "csv: 'description' of 1 file not kept (a CSV has rows only)",
        f"csv: 'role/country' of {described_actors(bundled)} actors not kept (participants "
        "keep their name and id)",
        "csv: 'translations' of 1 file not kept",
        f"csv: 'translations' of {len(bundled)} events not kept",
        f"csv: 'place.translations' of {place_translated(bundled)} events not kept",
        "csv: 'claims' of 1 event not kept (each field keeps the value the timeline uses)",
        f"csv: 'duration' of {count(bundled, 'duration')} event not kept",
    ]
    assert [p.code for p in again.report.warnings] == []


@pytest.mark.parametrize(
    ("items", "cell"),
    [
        ([], ""),
        (["a"], "a"),
        (["rare-earths", "eu"], "rare-earths | eu"),
        (["a | b", "c"], '["a | b", "c"]'),
        (["[1]"], "[1]"),
        (['["x"]'], '["[\\"x\\"]"]'),
        ([" padded"], '[" padded"]'),
    ],
)
def test_list_cells(items: list[str], cell: str) -> None:
    assert csvfile.join_list(items) == cell
    assert csvfile.split_list(cell) == items


@given(st.lists(text, max_size=4))
def test_every_list_reads_back(items: list[str]) -> None:
    assert csvfile.split_list(csvfile.join_list(items)) == items


def test_a_hand_made_sheet_needs_only_title_and_start() -> None:
    sheet = (
        "Title,Start,Participants,Sources,Tags\n"
        'Signing,2025-10-28,"Sanae Takaichi | Donald Trump <trump>",'
        "https://a.example/1 | https://a.example/2,rare-earths\n"
        "Signing,2025-11,,,\n"
    )
    events = timeline.import_events(sheet, format="csv")
    first, second = events
    assert (first.id, first.kind.value, first.timezone, str(first.start)) == (
        "signing",
        "other",
        "UTC",
        "2025-10-28",
    )
    assert first.participants == ("sanae-takaichi", "trump")
    assert {k: a.name for k, a in events.actors.items()} == {
        "sanae-takaichi": "Sanae Takaichi",
        "trump": "Donald Trump",
    }
    assert [s.url for s in first.sources] == ["https://a.example/1", "https://a.example/2"]
    assert (second.id, second.start.precision.value) == ("signing-2", "month")


def test_unknown_columns_are_reported_and_values_checked() -> None:
    sheet = "title,start,tag,tags\nA,2025,x,Rare Earths\n"
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.import_events(sheet, format="csv")
    assert [str(p) for p in caught.value.report.problems] == [
        "<string>: warning: 1 event has a date but no time zone; read as whole days in UTC "
        "(pass --timezone ZONE to say where they happened)",
        "<string>: nothing to import: 1 of 1 row skipped, each for the reason given",
        "<string>:1:1: warning: column 'tag' is not kept — did you mean 'tags'?",
        "<string>:2:1: warning: row skipped: tags[0]: 'Rare Earths' is not an id: use "
        "lower-case letters, digits and hyphens, e.g. 'rare-earths'",
    ]


def test_problems_point_at_the_row() -> None:
    sheet = "id,title,kind,start,timezone\nok,A,meeting,2025-10-28 10:40,Asia/Tokyo\n"
    sheet += 'bad,"B\nsecond line",meting,2025-10-28 10:40,Asia/Tokio\n'
    reason = (
        "row skipped: kind: unknown kind 'meting' — did you mean 'meeting'? Allowed "
        "kinds: signing, meeting, summit, dinner, state_visit, visit, ceremony, conference, "
        "announcement, report, other; timezone: unknown time zone 'Asia/Tokio' — did you mean "
        "'Asia/Tokyo'?"
    )
    events = timeline.import_events(sheet, format="csv")
    assert [e.id for e in events] == ["ok"]
    assert f"<string>:3:1: warning: {reason}" in [str(p) for p in events.report.warnings]
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.import_events(sheet, format="csv", strict=True)
    assert [str(p) for p in caught.value.report.errors] == [
        "<string>: skipped 1 of 2 rows; each is listed with why",
        f"<string>:3:1: {reason}",
    ]


def test_times_without_a_zone_are_an_error_that_says_what_to_pass() -> None:
    sheet = "title,start\nA,2025-10-28\nB,2025-10-28 10:40\nC,2025-10-29 10:40\n"
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.import_events(sheet, format="csv")
    assert [str(p) for p in caught.value.report.errors] == [
        "<string>:3:1: events[1].timezone: 2 rows have a time of day but no timezone: fill the "
        "timezone column or pass --timezone ZONE (an IANA name such as Europe/Berlin)"
    ]
    events = timeline.import_events(sheet, format="csv", timezone="Asia/Tokyo")
    assert [e.timezone for e in events] == ["Asia/Tokyo"] * 3


def test_semicolons_and_a_byte_order_mark() -> None:
    events = timeline.import_events(b"\xef\xbb\xbftitle;start\nA;2025\n", format="csv")
    assert [(e.title, str(e.start)) for e in events] == [("A", "2025")]


@given(timelines())
def test_round_trip_keeps_every_field(original: Timeline) -> None:
    again = timeline.import_events(csvfile.write(original)[0], format="csv")
    assert by_id(again, EVERY_FIELD) == by_id(original, EVERY_FIELD)
    names = {key: actor.name for key, actor in again.actors.items()}
    assert names == {key: original.actors[key].name for key in names}
