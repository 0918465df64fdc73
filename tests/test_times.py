"""How written start/end values become points in time, in their zone."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.core.times import (
    Precision,
    TimePoint,
    TimeValueError,
    _quick_point,
    _written_point,
    load_zone,
    parse_time,
    suggest_zone,
    zone_fits_country,
)


@pytest.mark.parametrize(
    ("written", "zone", "iso", "precision", "utc"),
    [
        (
            "2025-10-28 10:40",
            "Asia/Tokyo",
            "2025-10-28T10:40:00+09:00",
            "time",
            "2025-10-28T01:40:00",
        ),
        (
            "2025-10-28T10:40",
            "Asia/Tokyo",
            "2025-10-28T10:40:00+09:00",
            "time",
            "2025-10-28T01:40:00",
        ),
        (
            "2025-10-28T10:40:00+09:00",
            "Asia/Tokyo",
            "2025-10-28T10:40:00+09:00",
            "time",
            "2025-10-28T01:40:00",
        ),
        (
            "2025-10-28T01:40:00Z",
            "Asia/Tokyo",
            "2025-10-28T10:40:00+09:00",
            "time",
            "2025-10-28T01:40:00",
        ),
        (
            "2025-11-06 18:00",
            "America/New_York",
            "2025-11-06T18:00:00-05:00",
            "time",
            "2025-11-06T23:00:00",
        ),
        (
            "2025-07-01 18:00",
            "America/New_York",
            "2025-07-01T18:00:00-04:00",
            "time",
            "2025-07-01T22:00:00",
        ),
        ("2025-11-11", "Europe/Moscow", "2025-11-11", "day", "2025-11-10T21:00:00"),
        ("2025-11", "Europe/Moscow", "2025-11", "month", "2025-10-31T21:00:00"),
        ("2025", "Asia/Tokyo", "2025", "year", "2024-12-31T15:00:00"),
        (2025, "UTC", "2025", "year", "2025-01-01T00:00:00"),
        (dt.date(2025, 11, 11), "UTC", "2025-11-11", "day", "2025-11-11T00:00:00"),
        (
            "2025-10-26T02:30+02:00",
            "Europe/Berlin",
            "2025-10-26T02:30:00+02:00",
            "time",
            "2025-10-26T00:30:00",
        ),
        (
            "2025-10-26T02:30+01:00",
            "Europe/Berlin",
            "2025-10-26T02:30:00+01:00",
            "time",
            "2025-10-26T01:30:00",
        ),
        (
            "1910-01-01T00:00:00+05:41:16",
            "Asia/Kathmandu",
            "1910-01-01T00:00:00+05:41:16",
            "time",
            "1909-12-31T18:18:44",
        ),
        (
            "2025-10-28 10:40:05.25",
            "UTC",
            "2025-10-28T10:40:05.250000+00:00",
            "time",
            "2025-10-28T10:40:05.250000",
        ),
    ],
)
def test_written_values(written: object, zone: str, iso: str, precision: str, utc: str) -> None:
    point = parse_time(written, zone)
    assert point.isoformat() == iso
    assert point.precision is Precision(precision)
    assert point.instant.naive().isoformat() == utc
    assert point.local.timezone_name == zone


@pytest.mark.parametrize(
    ("written", "zone", "code", "message"),
    [
        (
            "2025-02-29",
            "UTC",
            "impossible-date",
            "'2025-02-29' does not exist: February 2025 has 28 days",
        ),
        ("2025-13-01", "UTC", "impossible-date", "'2025-13-01': there is no month 13"),
        ("2025-10-28 24:00", "UTC", "impossible-time", "'2025-10-28 24:00': 24:00 is not a time"),
        (
            "28.10.2025",
            "UTC",
            "time-format",
            "cannot read '28.10.2025' as a time: write a date (2025-11-11), a local time (2025-10-28 10:40), or a year (2025) or month (2025-11)",
        ),
        (True, "UTC", "time-type", "expected a date or a date and time, got True"),
        (
            "2025-03-30 02:30",
            "Europe/Berlin",
            "nonexistent-time",
            "'2025-03-30 02:30' does not exist in Europe/Berlin: the clocks skip it (daylight-saving change); write a time after the change",
        ),
        (
            "2025-11-02 01:30",
            "America/New_York",
            "ambiguous-time",
            "'2025-11-02 01:30' happens twice in America/New_York (daylight-saving change): add the offset to say which, 2025-11-02T01:30-04:00 (first) or 2025-11-02T01:30-05:00 (second)",
        ),
        (
            "2025-10-28T10:40+03:00",
            "Asia/Tokyo",
            "offset-mismatch",
            "'2025-10-28T10:40+03:00': offset +03:00 contradicts Asia/Tokyo, which is +09:00 at that moment; write the local time without an offset, or use Z for a UTC time",
        ),
    ],
)
def test_refused_values(written: object, zone: str, code: str, message: str) -> None:
    with pytest.raises(TimeValueError) as caught:
        parse_time(written, zone)
    assert (caught.value.code, caught.value.message) == (code, message)


def test_date_only_covers_the_whole_local_day() -> None:
    day = parse_time("2025-11-11", "Europe/Moscow")
    assert day.instant.isoformat() == "2025-11-10T21:00:00+00:00"
    assert day.period_end.in_timezone("UTC").isoformat() == "2025-11-11T21:00:00+00:00"


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("Asia/Tokio", "Asia/Tokyo"),
        ("europe/berlin", "Europe/Berlin"),
        ("Tokyo", "Asia/Tokyo"),
        ("Mars/Olympus", None),
    ],
)
def test_zone_suggestions(written: str, hint: str | None) -> None:
    assert suggest_zone(written) == hint


@pytest.mark.parametrize(
    ("zone", "country", "fits"),
    [
        ("Asia/Tokyo", "JP", True),
        ("Asia/Tokyo", "KR", False),
        ("Europe/Berlin", "NO", True),  # zone1970.tab: Berlin's rules also serve Norway
        ("America/New_York", "US", True),
        ("UTC", "JP", True),  # a zone of no country fits any
    ],
)
def test_zone_fits_country(zone: str, country: str, fits: bool) -> None:
    assert zone_fits_country(zone, country) is fits


# -- the quick path for the common forms ---------------------------------------------------------

_CHANGING_ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "Pacific/Apia",
    "America/Santiago",
    "Australia/Lord_Howe",
    "Asia/Tehran",
    "America/Havana",
    "US/Eastern",
    "UTC",
]


def _numbers(point: TimePoint) -> tuple[object, ...]:
    local = point.local
    return (
        point.precision,
        point.edtf,
        point.zone,
        point.first_day,
        point.begins,
        point.ends,
        point.earliest,
        point.latest,
        point.period_end,
        local,
        local.fold,
        type(local),
        point.isoformat(),
    )


@pytest.mark.parametrize("zone", _CHANGING_ZONES)
def test_quick_path_reads_common_forms_as_the_full_reader_does(zone: str) -> None:
    # Every day of years with clock changes (Samoa skipped 2011-12-30 whole), at the hours
    # clocks change at, and every month and year: each value the quick path reads is read
    # exactly as the full reader reads it, and those it leaves are left to that reader.
    tz = load_zone(zone)
    day, quick = dt.date(2010, 1, 1), 0
    while day < dt.date(2013, 1, 1):
        written = [day.isoformat(), day.isoformat()[:7], day.isoformat()[:4]]
        written += [f"{day} {hour:02d}:30" for hour in (0, 1, 2, 3, 23)]
        written += [f"{day}T{hour:02d}:00:00" for hour in (0, 2)]
        for text in written:
            point = _quick_point(text, tz)
            if point is not None:
                quick += 1
                assert _numbers(point) == _numbers(_written_point(text, tz)), text
        day += dt.timedelta(days=1)
    assert quick > 9_000  # most of them: the quick path is taken


@pytest.mark.parametrize(
    "text",
    [
        "2025-10-28 24:00",
        "2025-02-29",
        "2025-13",
        "2025-22",
        "0001-01-01",
        "9999-12-31 10:00",
        "2025-10-28T10:40:60",
        "２０２５-10-28",
        "2025-10-28T10:40Z",
        "2025-W43-2",
        "2025-10-28 1040",
        "2025-03-30 02:30",
        "2025-10-26 02:30",
    ],
)
def test_quick_path_leaves_the_rest_to_the_full_reader(text: str) -> None:
    assert _quick_point(text, load_zone("Europe/Berlin")) is None


def test_a_value_read_again_in_its_zone_is_the_same_point() -> None:
    first = parse_time("2025-10-28 10:40", "Asia/Tokyo")
    assert parse_time("2025-10-28 10:40", "Asia/Tokyo") is first
    assert parse_time("2025-10-28 10:40", "Europe/Berlin").begins != first.begins
