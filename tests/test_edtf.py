"""EDTF dates: read as the Library of Congress's ``edtf`` package reads them, ordered by what
they allow, kept as written by the formats that can, drawn so that their uncertainty shows."""

from __future__ import annotations

import json
import random
from typing import Any

import edtf
import edtf.appsettings
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import example, given, settings
from hypothesis import strategies as st

import timeline
from timeline import Event, Timeline
from timeline.core.times import _civil, is_plain_time, parse_time
from timeline.view.words import label_suffix, local_time_text, point_text

from .conftest import SHARED

# -- the table: our reading of each form against the edtf package's ------------------------------

Day = tuple[int, int, int]

EDTF_CASES: list[tuple[str, str]] = [
    # (text, precision)
    ("2025", "year"),
    ("2025-11", "month"),
    ("2025-11-06", "day"),
    ("2025-11-06?", "day"),
    ("2025-11-06~", "day"),
    ("2025-10-30%", "day"),
    ("2024-02-29?", "day"),
    ("2025-11~", "month"),
    ("2025-01?", "month"),
    ("2025-12%", "month"),
    ("1984~", "year"),
    ("1984?", "year"),
    ("1984%", "year"),
    ("19XX", "year"),
    ("201X", "year"),
    ("1XXX", "year"),
    ("2025-XX", "month"),
    ("2025-11-XX", "day"),
    ("2025-XX-XX", "day"),
    ("2025-21", "month"),
    ("2025-22", "month"),
    ("2025-23", "month"),
    ("-0489", "year"),
    ("-0489-09-12", "day"),
    ("-0489~", "year"),
    ("0000", "year"),
    ("0001-01-01", "day"),
    ("9999", "year"),
    ("Y17000", "year"),
    ("Y-13800000000", "year"),
    ("Y-170000002", "year"),
]
"""Forms the edtf package reads as we do."""

DIFFERENT: list[tuple[str, str, Day, Day, str]] = [
    # (text, precision, first day, last day, what the edtf package 5.0.2 does instead)
    ("2025-24", "month", (2025, 12, 1), (2026, 2, 28), "takes winter as December alone"),
    ("2025-1X", "month", (2025, 10, 1), (2025, 12, 31), "fails (AttributeError)"),
    ("2025-11-3X", "day", (2025, 11, 30), (2025, 11, 30), "fails (ValueError on its days)"),
]
"""Forms where we part from the edtf package, each for a stated reason."""


def _day(seconds: float) -> Day:
    """The day that begins (at midnight UTC) at ``seconds``, for any year. Rounded: beyond
    about 285 million years from 1970 a float of seconds holds the midnight only to within
    minutes, either side."""
    return _civil(round(seconds / 86400))


def _last_day(seconds: float) -> Day:
    """The last day of a period that ends (exclusive) at midnight UTC at ``seconds``."""
    return _civil(round(seconds / 86400) - 1)


def _their_range(text: str, precision: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, ...]:
    if precision == "day":
        monkeypatch.setattr(edtf.appsettings, "PADDING_MONTH_PRECISION", relativedelta(months=0))
        monkeypatch.setattr(edtf.appsettings, "PADDING_YEAR_PRECISION", relativedelta(years=0))
    if precision == "month":
        monkeypatch.setattr(edtf.appsettings, "PADDING_YEAR_PRECISION", relativedelta(years=0))
    parsed = edtf.parse_edtf(text)
    return tuple(
        tuple(moment[:3]) if not isinstance(moment, float) else moment
        for moment in (
            parsed.lower_strict(),
            parsed.upper_strict(),
            parsed.lower_fuzzy(),
            parsed.upper_fuzzy(),
        )
    )


@pytest.mark.parametrize(("text", "precision"), EDTF_CASES)
def test_each_form_names_the_days_the_edtf_package_says(
    text: str, precision: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    point = parse_time(text, "UTC")
    first, last, earliest, latest = _their_range(text, precision, monkeypatch)
    assert point.isoformat() == text
    assert point.precision.value == precision
    assert (_day(point.begins), _last_day(point.ends)) == (first, last)
    ours = (_day(point.earliest), _last_day(point.latest))
    if precision == "month":
        # The package adds a month to the last day (30 Nov + 1 month = 30 Dec); we allow the
        # whole month either side. The months agree.
        assert (ours[0][:2], ours[1][:2]) == (earliest[:2], latest[:2])
    else:
        assert ours == (earliest, latest)


def _their_days(text: str) -> tuple[Any, Any]:
    parsed = edtf.parse_edtf(text)
    return parsed.lower_strict(), parsed.upper_strict()


@pytest.mark.parametrize(("text", "precision", "first", "last", "theirs"), DIFFERENT)
def test_where_we_part_from_the_edtf_package(
    text: str, precision: str, first: Day, last: Day, theirs: str
) -> None:
    point = parse_time(text, "UTC")
    assert point.isoformat() == text
    assert point.precision.value == precision
    assert (_day(point.begins), _last_day(point.ends)) == (first, last)
    assert (point.earliest, point.latest) == (point.begins, point.ends)
    if theirs.startswith("fails"):
        with pytest.raises(Exception):  # noqa: B017,PT011 - the package's own bug
            _their_days(text)
    else:  # winter: the package stops at the end of the year
        assert tuple(edtf.parse_edtf(text).upper_strict()[:3]) == (first[0], 12, 31)


REFUSED_BY_BOTH = ["2025-23~", "Y-13800000000~", "2025-11-06T10:40:00?", "XXXX-"]


@pytest.mark.parametrize("text", REFUSED_BY_BOTH)
def test_what_the_edtf_package_refuses_we_refuse(text: str) -> None:
    with pytest.raises(Exception):  # noqa: B017,PT011 - its errors are its own
        edtf.parse_edtf(text)
    with pytest.raises(timeline.TimelineError):
        parse_time(text, "UTC")


STRICTER = {
    "19XX?": "X digits are unknown already",
    "XXXX": "every digit of the year is unknown",
    "2025-33": "EDTF level 2",
    "2025-11-06/2025-11-08": "an interval goes in two fields",
    "2004?-06": "EDTF level 2",
}
"""What the edtf package reads and we refuse, with the part of our message that says why."""


@pytest.mark.parametrize(("text", "why"), STRICTER.items())
def test_stricter_than_the_edtf_package(text: str, why: str) -> None:
    edtf.parse_edtf(text)  # reads it
    with pytest.raises(timeline.TimelineError, match=why):
        parse_time(text, "UTC")


# -- every form, made up by Hypothesis ------------------------------------------------------------

_years = st.integers(1, 9998).map(lambda y: f"{y:04d}")
_days = st.builds(
    lambda year, month, day: f"{year:04d}-{month:02d}-{min(day, 28):02d}",
    st.integers(1, 9998),
    st.integers(1, 12),
    st.integers(1, 31),
)
_months = st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(1, 9998), st.integers(1, 12))
_marked = st.builds(
    lambda d, mark: d + mark, st.one_of(_years, _months, _days), st.sampled_from("?~%")
)
_unspecified = st.one_of(
    st.builds(
        lambda y, n: f"{y:04d}"[: 4 - n] + "X" * n, st.integers(1000, 9998), st.integers(1, 3)
    ),
    st.builds(lambda y: f"{y:04d}-XX", st.integers(1, 9998)),
    st.builds(lambda y: f"{y:04d}-XX-XX", st.integers(1, 9998)),
    st.builds(lambda y, m: f"{y:04d}-{m:02d}-XX", st.integers(1, 9998), st.integers(1, 12)),
)
_seasons = st.builds(
    lambda y, s: f"{y:04d}-{s}", st.integers(1, 9998), st.sampled_from([21, 22, 23])
)
_before = st.one_of(
    st.integers(-9999, 0).map(lambda y: f"-{-y:04d}" if y < 0 else "0000"),
    st.builds(
        lambda y, m, d: f"-{y:04d}-{m:02d}-{d:02d}",
        st.integers(1, 9999),
        st.integers(1, 12),
        st.integers(1, 28),
    ),
)
_long = st.integers(10_000, 99_999_999_999).flatmap(lambda y: st.sampled_from([f"Y{y}", f"Y-{y}"]))
edtf_texts = st.one_of(_marked, _unspecified, _seasons, _before, _long)
"""Every EDTF form this version reads (no open ends: they are not dates on their own)."""


@settings(max_examples=200, deadline=None)
@given(edtf_texts)
@example("Y-37990539771")  # years whose midnights a float of seconds holds only roughly
@example("Y37990539771")
def test_every_form_reads_as_the_edtf_package_reads_it(text: str) -> None:
    point = parse_time(text, "UTC")
    assert point.isoformat() == text
    assert not is_plain_time(text)
    assert point.earliest <= point.begins < point.ends <= point.latest
    try:
        theirs = edtf.parse_edtf(text)
    except Exception:
        return
    first, last = tuple(theirs.lower_strict()[:3]), tuple(theirs.upper_strict()[:3])
    assert _day(point.begins) == first
    assert _last_day(point.ends) == last


def _event(event_id: str, start: str, zone: str = "UTC", **more: Any) -> Event:
    return Event.model_validate(
        {
            "id": event_id,
            "title": f"Event {event_id}",
            "kind": "other",
            "timezone": zone,
            "start": start,
            "sources": [{"url": f"https://example.org/{event_id}"}],
            **more,
        }
    )


_zones = st.sampled_from(["UTC", "Asia/Tokyo", "America/New_York", "Europe/Berlin"])


@st.composite
def edtf_timelines(draw: st.DrawFn) -> Timeline:
    """A few events whose starts (and some ends) are EDTF, in several zones."""
    texts = draw(st.lists(edtf_texts, min_size=1, max_size=4))
    events = []
    for index, text in enumerate(texts):
        more: dict[str, Any] = {}
        if draw(st.booleans()):
            more["end"] = ".."
        events.append(_event(f"e{index}", text, draw(_zones), **more))
    return Timeline(events)


@settings(max_examples=60, deadline=None)
@given(edtf_timelines(), st.sampled_from(["json", "yaml", "csv"]))
def test_json_yaml_and_csv_keep_the_edtf_text_exactly(events: Timeline, format: str) -> None:
    text, notes = timeline.export_with_notes(events, format)
    if format == "json":
        back = timeline.loads(text, format="json")
    elif format == "yaml":
        back = timeline.loads(text, format="yaml")
    else:
        back = timeline.import_events(text.encode(), format="csv")
    written = {e.id: (e.start.isoformat(), e.end and e.end.isoformat()) for e in events}
    assert {e.id: (e.start.isoformat(), e.end and e.end.isoformat()) for e in back} == written
    assert [e.id for e in back] == [e.id for e in events]
    assert not [note for note in notes if "'start'" in note or "'end'" in note]


@settings(max_examples=60, deadline=None)
@given(edtf_timelines(), st.sampled_from(["jsonld", "ics", "timelinejs"]))
def test_other_formats_keep_what_they_can_and_report_the_rest(
    events: Timeline, format: str
) -> None:
    text, notes = timeline.export_with_notes(events, format)
    reported = " ".join(notes)
    if format == "ics" and "BEGIN:VEVENT" not in text:  # no event iCalendar's years could hold
        assert "'whole event'" in reported
        return
    back = timeline.import_events(text.encode(), format=format, timezone="UTC")
    returned = {e.id: e for e in back}
    for event in events:
        again = returned.get(event.id)
        if again is None:  # iCalendar holds only years 1 to 9999
            assert "'whole event'" in reported
            continue
        if again.start.isoformat() != event.start.isoformat():
            assert "'start'" in reported, (event.start, again.start)
        if event.end is not None and (again.end is None or again.end.isoformat() != ".."):
            assert "'end'" in reported


@pytest.mark.parametrize("format", ["jsonld", "timelinejs"])
def test_one_reason_covers_every_date_not_kept(format: str) -> None:
    events = Timeline([_event("about", "2025-11~"), _event("autumn", "2025-23")])
    _, notes = timeline.export_with_notes(events, format)
    assert [note for note in notes if "'start'" in note] == [
        f"{format}: 'start' of 2 events not kept (EDTF: dates are written without their ?, ~ or "
        "% mark, and seasons and X digits as the period they name, or as its first year, month "
        "or day)"
    ]


# -- order -----------------------------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(edtf_timelines(), st.randoms(use_true_random=False))
def test_order_does_not_depend_on_the_order_written(events: Timeline, rng: random.Random) -> None:
    shuffled = list(events)
    rng.shuffle(shuffled)
    assert [e.id for e in Timeline(shuffled)] == [e.id for e in events]


@settings(max_examples=100, deadline=None)
@given(edtf_timelines())
def test_events_are_ordered_by_earliest_then_latest(events: Timeline) -> None:
    keys = [e.start.allowing(e.approximate) for e in events]
    assert keys == sorted(keys)


@pytest.mark.parametrize(
    ("same", "other"),
    [
        ("-0489", -489),
        ("2025", 2025),
        ("Y-13800000000", -13_800_000_000),
        ("Y17000", 17_000),
    ],
)
def test_a_year_written_as_a_number_is_the_same_year(same: str, other: int) -> None:
    assert parse_time(other, "UTC") == parse_time(same, "UTC")
    assert parse_time(other, "UTC").isoformat() == same


def test_the_order_by_what_each_date_allows() -> None:
    events = Timeline(
        [
            _event("about-6-nov", "2025-11-06~"),  # 5 to 7 November
            _event("5-nov", "2025-11-05"),
            _event("november", "2025-11"),
            _event("autumn", "2025-23"),
            _event("some-day-in-november", "2025-11-XX"),
            _event("marathon", "-0489-09~"),
            _event("big-bang", "Y-13800000000"),
        ]
    )
    assert [e.id for e in events] == [
        "big-bang",
        "marathon",
        "autumn",  # from 1 September
        "november",  # from 1 November, to its end
        "some-day-in-november",  # the same, its id after
        "5-nov",  # from 5 November: the day itself
        "about-6-nov",  # from 5 November too, but to 8 November
    ]


# -- relations -------------------------------------------------------------------------------------


def test_a_date_only_event_comes_after_the_timed_event_it_follows() -> None:
    bundled = timeline.load(timeline.bundled_events())
    ids = [e.id for e in bundled]
    assert ids.index("russia-kazakhstan-declaration-signing") > ids.index(
        "kremlin-welcome-ceremony"
    )
    # without the relation, the date-only signing would come first: its day begins at 00:00
    alone = bundled.filter(kind=["signing", "ceremony"], country="RU")
    assert [e.id for e in alone][-2:] == [
        "kremlin-welcome-ceremony",
        "russia-kazakhstan-declaration-signing",
    ]


def test_relations_reorder_only_what_the_times_leave_open() -> None:
    events = Timeline(
        [
            _event("day", "2025-11-12", follows=["noon"]),
            _event("noon", "2025-11-12 12:00"),
            _event("morning", "2025-11-12 09:00"),
            _event("reply", "2025-11-12?", responds_to=["evening"]),
            _event("evening", "2025-11-12 20:00"),
        ]
    )
    # "day" and "reply" go after what they follow; "morning" keeps its place by time
    assert [e.id for e in events] == ["morning", "noon", "day", "evening", "reply"]


def test_relations_in_a_circle_that_the_times_allow_still_order() -> None:
    events = Timeline(
        [
            _event("a", "2025-11-12", follows=["b"]),
            _event("b", "2025-11-12", follows=["a"]),
            _event("c", "2025-11-11"),
        ]
    )
    assert [e.id for e in events] == ["c", "a", "b"]


def test_a_relation_the_times_contradict_gives_both_places(tmp_path: Any) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(
        "events:\n"
        "  - {id: reply, title: Reply, kind: other, timezone: UTC, start: 2025-11-10,\n"
        "     responds_to: [call], sources: [{url: 'https://example.org/a'}]}\n"
        "  - {id: call, title: Call, kind: other, timezone: UTC, start: '2025-11-11 10:00',\n"
        "     sources: [{url: 'https://example.org/b'}]}\n",
        encoding="utf-8",
    )
    report = timeline.validate(path)
    assert [str(p) for p in report.errors] == [
        f"{path}:3:20: events[0].responds_to[0]: responds to 'call', which starts later "
        "(2025-11-11T10:00:00+00:00 in UTC) than this event can (2025-11-10 in UTC): correct "
        f"one of the two times, or the relation (events[1].start: {path}:4:64)"
    ]


def test_an_uncertain_date_may_follow_what_it_overlaps() -> None:
    Timeline(
        [
            _event("reply", "2025-11-10?", responds_to=["call"]),  # 9 to 11 November
            _event("call", "2025-11-11 10:00"),
        ]
    )
    with pytest.raises(timeline.InvalidTimeline, match="responds to 'call'"):
        Timeline(
            [
                _event("reply", "2025-11-09?", responds_to=["call"]),  # to the end of 10 Nov
                _event("call", "2025-11-11 10:00"),
            ]
        )


# -- approximate: true, in EDTF's terms ---------------------------------------------------------


def test_approximate_true_is_a_tilde_on_each_date() -> None:
    shorthand = _event("a", "2025-11-06", approximate=True)
    written = _event("b", "2025-11-06~")
    assert shorthand.possible == written.possible
    timed = _event("c", "2025-11-06 10:00", approximate=True)
    assert timed.possible == timed.bounds  # EDTF does not qualify a time of day


# -- what readers see ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "en", "de"),
    [
        ("2025-11-06?", "Thu 6 Nov 2025?", "Do., 6. Nov. 2025?"),
        ("2025-11~", "November 2025~", "November 2025~"),
        ("2025-10-30%", "Thu 30 Oct 2025?~", "Do., 30. Okt. 2025?~"),
        ("2025-1X", "October 2025 – December 2025", "Oktober 2025 – Dezember 2025"),
        ("2025-23", "autumn 2025", "Herbst 2025"),
        ("-0489", "490 BCE", "490 v. Chr."),
        ("-0489-09-12", "12 Sep 490 BCE", "12. Sept. 490 v. Chr."),
        ("Y-13800000000", "13.8 billion years ago", "vor 13,8 Milliarden Jahren"),
        ("Y-538800000", "538.8 million years ago", "vor 538,8 Millionen Jahren"),
        ("Y-315000", "315,000 years ago", "vor 315.000 Jahren"),
    ],
)
def test_dates_as_readers_write_them(text: str, en: str, de: str) -> None:
    point = parse_time(text, "UTC")
    assert (point_text(point, "en"), point_text(point, "de")) == (en, de)


@pytest.mark.parametrize(
    ("fields", "en", "de"),
    [
        ({"start": "2025-11-06?"}, "(? uncertain)", "(? unsicher)"),
        ({"start": "2025-11-06~"}, "(~ approx.)", "(~ ca.)"),
        ({"start": "2025-11-06%"}, "(?~ uncertain, approx.)", "(?~ unsicher, ca.)"),
        ({"start": "2025-11-06", "end": "2025-11-08?"}, "(? uncertain)", "(? unsicher)"),
        ({"start": "2025-11-06 10:00", "approximate": True}, "(approx.)", "(ca.)"),
        ({"start": "2025-11-06"}, "", ""),
    ],
)
def test_labels_carry_the_marks(fields: dict[str, Any], en: str, de: str) -> None:
    event = _event("e", **fields)
    assert (label_suffix(event, "en"), label_suffix(event, "de")) == (en, de)


def test_the_local_time_says_what_the_dates_say() -> None:
    event = _event("e", "2025-11-06?", "Europe/Moscow", end="..")
    assert local_time_text(event, "en") == (
        "Thu 6 Nov 2025? – .. (Europe/Moscow, time not known, uncertain, open end)"
    )
    assert local_time_text(event, "de") == (
        "Do., 6. Nov. 2025? – .. (Europe/Moscow, Uhrzeit unbekannt, unsicher, offenes Ende)"
    )


# -- the chart -------------------------------------------------------------------------------------


def _layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return list(spec["layer"] if "layer" in spec else spec["vconcat"][0]["layer"])


def _rows(spec: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The data of the first layer whose rows have ``key``."""
    inner = spec if "layer" in spec else spec["vconcat"][0]
    for layer in _layers(spec):
        # Altair lifts the data that every layer shares to the top
        values = layer.get("data", inner.get("data", {})).get("values") or [{}]
        if key in values[0]:
            return list(values)
    raise AssertionError(f"no layer with {key!r}")


def test_uncertain_dates_are_drawn_faint_around_their_likeliest_part() -> None:
    events = Timeline([_event("about", "2025-11-06~"), _event("some", "2025-1X")])
    spec = events.chart().to_dict()
    (faint,) = _rows(spec, "fill")  # only the ~ date allows more than it names
    assert (faint["begin"], faint["finish"]) == ("2025-11-05T00:00:00Z", "2025-11-08T00:00:00Z")
    by_id = {row["id"]: row for row in _rows(spec, "label")}
    assert by_id["about"]["label"] == "Event about (~ approx.)"
    assert by_id["about"]["alpha"] == 0.45  # the day itself, as any date-only mark
    assert by_id["some"]["alpha"] == 0.2  # October to December, none likelier: all faint
    assert by_id["some"]["local_time"] == (
        "October 2025 – December 2025 (UTC, time not known, some of it not known)"
    )


def test_an_open_end_is_drawn_faint_to_the_edge() -> None:
    events = Timeline([_event("ongoing", "2025-03", end=".."), _event("later", "2025-11-06")])
    spec = events.chart().to_dict()
    (faint,) = _rows(spec, "fill")
    domain = next(
        layer["encoding"]["x"]["scale"]["domain"]
        for layer in _layers(spec)
        if "scale" in layer.get("encoding", {}).get("x", {})
    )
    assert (faint["begin"], faint["finish"]) == ("2025-03-01T00:00:00Z", domain[1])


def _x(spec: dict[str, Any]) -> dict[str, Any]:
    return next(
        layer["encoding"]["x"]
        for layer in _layers(spec)
        if "axis" in layer.get("encoding", {}).get("x", {})
    )


def test_deep_time_is_drawn_on_an_axis_of_years_ago() -> None:
    events = Timeline([_event("big-bang", "Y-13800000000"), _event("sun", "Y-4600000000")])
    spec = events.chart().to_dict()
    x = _x(spec)
    assert (x["type"], x["scale"]["type"], x["axis"]["title"]) == (
        "quantitative",
        "linear",
        "Years ago",
    )
    assert x["axis"]["values"][0] == -14_000_000_000
    assert "' billion'" in x["axis"]["labelExpr"]
    by_id = {row["id"]: row for row in _rows(spec, "label")}
    assert by_id["big-bang"]["local_time"] == ("13.8 billion years ago (UTC, time not known)")


def test_bce_years_are_drawn_on_an_axis_of_years() -> None:
    events = Timeline([_event("marathon", "-0489-09~"), _event("rome", "-0752-04-21?")])
    x = _x(events.chart(lang="de").to_dict())
    assert (x["type"], x["axis"]["title"]) == ("quantitative", "Jahr")
    assert "v. Chr." in x["axis"]["labelExpr"]
    # ticks on round years BCE: 700 BCE is year -699
    assert -699.0 in x["axis"]["values"]


@pytest.mark.skipif(
    not (SHARED / "fixtures" / "timelinejs" / "cosmo.json").exists(), reason="no fixtures"
)
def test_the_cosmology_example_imports_and_draws(tmp_path: Any) -> None:
    cosmos = timeline.import_events(SHARED / "fixtures" / "timelinejs" / "cosmo.json")
    assert [e.start.isoformat() for e in cosmos][:2] == ["Y-13800000000", "Y-13799630000"]
    assert cosmos["paleozoic-era"].end is not None
    assert cosmos["paleozoic-era"].end.isoformat() == "Y-251902000"
    picture = timeline.render(cosmos, tmp_path / "cosmos.png")
    assert picture.read_bytes()[:4] == b"\x89PNG"
    text, _notes = timeline.export_with_notes(cosmos, "timelinejs")
    years = [slide["start_date"]["year"] for slide in json.loads(text)["events"]]
    assert years[0] == "-13800000000"


@pytest.mark.parametrize(
    ("start", "valid"),
    [
        ("2025-11-06?", True),
        ("2025-1X", True),
        ("2025-23", True),
        ("Y-13800000000", True),
        ("..", True),
        (-489, True),
        ("2025-11-06 10:40", True),
        ("6 Nov 2025?", False),
        ("2025-11-06T10:40?", False),
        ("Y12", False),
    ],
)
def test_the_json_schema_describes_the_new_forms(start: object, valid: bool) -> None:
    import jsonschema

    checker = jsonschema.Draft202012Validator(timeline.schema())
    document = {
        "events": [{"id": "e", "title": "E", "kind": "other", "timezone": "UTC", "start": start}]
    }
    assert (not list(checker.iter_errors(document))) is valid


def test_the_density_view_says_it_cannot_count_beyond_the_calendar() -> None:
    many = Timeline(_event(f"e{i}", f"Y-{100_000 + i * 1000}") for i in range(5001))
    with pytest.raises(timeline.TimelineError, match="counts them in years 1 to 9999 only"):
        many.chart()
