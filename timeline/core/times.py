"""Times as they are written in an events file: local wall time at the place, with a precision.

A ``TimePoint`` is what ``start:`` and ``end:`` hold once read: a pendulum ``DateTime`` in the
event's own zone and the precision the author wrote (a year, a month, a day, or a time of day).
Nothing here pads a date with an invented time: a date-only point is the *whole day*, and its
``instant`` (the start of that local day) is used only for ordering.

Rules for written values (documented in README, pinned in tests):

* ``2025``, ``2025-11``, ``2025-11-11`` — year, month or day precision.
* ``2025-10-28 10:40`` or ``2025-10-28T10:40[:SS[.ffffff]]`` — wall time in the event's zone.
  A wall time that does not exist there (a daylight-saving gap) is an error; one that happens
  twice (a fold) is an error unless an offset says which of the two is meant.
* ``…+09:00`` — the offset must be the zone's offset at that moment (so it can pick one side of
  a fold); an offset that contradicts the zone is an error.
* ``…Z`` — a UTC instant; it is converted to the event's zone.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import unicodedata
import zoneinfo
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from typing import TypeVar

import pendulum

from .errors import Code, TimelineError

UTC = pendulum.UTC


class Precision(StrEnum):
    """How much of a point in time the author knows."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    TIME = "time"

    @property
    def is_date_only(self) -> bool:
        return self is not Precision.TIME


class TimeValueError(TimelineError):
    """A start or end value that cannot be a point in time in its zone; ``code`` names why."""

    def __init__(self, code: Code, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class TimePoint:
    """A point in time as written: ``local`` in the event's zone, with its ``precision``.

    For a date-only point, ``local`` is the start of that year, month or day at the place.
    """

    local: pendulum.DateTime
    precision: Precision

    @property
    def instant(self) -> pendulum.DateTime:
        """The same moment in UTC (the start of the period for date-only points)."""
        if self.local.tzinfo is None:
            return self.local.in_timezone(UTC)
        return _pendulum_in(self.local, UTC)

    @property
    def period_end(self) -> pendulum.DateTime:
        """Where the written period ends, exclusive: the next day/month/year, or ``local``."""
        match self.precision:
            case Precision.YEAR:
                return _start_of_local(self.local.year + 1, 1, 1, self._zone)
            case Precision.MONTH:
                year, month = self.local.year, self.local.month
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
                return _start_of_local(year, month, 1, self._zone)
            case Precision.DAY:
                local = self.local
                nxt = dt.date(local.year, local.month, local.day) + dt.timedelta(days=1)
                return _start_of_local(nxt.year, nxt.month, nxt.day, self._zone)
            case Precision.TIME:
                return self.local

    @property
    def _zone(self) -> str:
        return self.local.timezone_name or "UTC"

    def isoformat(self) -> str:
        """The canonical written form: ``2025``, ``2025-11``, ``2025-11-11`` or full ISO 8601."""
        match self.precision:
            case Precision.YEAR:
                return f"{self.local.year:04d}"
            case Precision.MONTH:
                return f"{self.local.year:04d}-{self.local.month:02d}"
            case Precision.DAY:
                return self.local.date().isoformat()
            case Precision.TIME:
                return self.local.isoformat()

    def in_zone(self, zone: str) -> pendulum.DateTime:
        return self.local.in_timezone(zone)

    def __str__(self) -> str:
        return self.isoformat()


# Matched whole (``fullmatch``), with the digits 0-9 only: Python's ``\d`` takes any script's
# digits ('２０２５'), which the JSON Schema's patterns do not.
_DATE_ONLY = re.compile(r"(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?")
_DATE_TIME = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})[T ]"
    r"(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})"
    r"(?::(?P<second>[0-9]{2})(?:\.(?P<fraction>[0-9]{1,6}))?)?"
    r"\s*(?P<offset>Z|[+-][0-9]{2}(?::?[0-9]{2}(?::?[0-9]{2})?)?)?"
)
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def parse_time(value: object, zone: str) -> TimePoint:
    """Read a written ``start``/``end`` value in ``zone``; ``TimeValueError`` if it is none."""
    tz = load_zone(zone)
    if isinstance(value, bool):
        raise TimeValueError("time-type", f"expected a date or a date and time, got {value!r}")
    if isinstance(value, int):
        value = f"{value:04d}" if 0 < value < 10000 else str(value)
    elif isinstance(value, dt.date):  # datetime too
        value = value.isoformat()
    if not isinstance(value, str):
        raise TimeValueError("time-type", f"expected a date or a date and time, got {_what(value)}")
    text = value.strip()
    try:
        point = _written_point(text, tz)
        if text[:4] in _CALENDAR_EDGES and not (
            # all of it, shown in any zone, must be inside the calendar
            point.instant >= FIRST_DAY and point.period_end <= LAST_DAY
        ):
            raise OverflowError
    except (OverflowError, ValueError) as exc:
        if isinstance(exc, TimeValueError) or text[:4] not in _CALENDAR_EDGES:
            raise
        raise TimeValueError(
            "out-of-range",
            f"{text!r} is too close to the ends of the calendar: a time, and all of the day, "
            "month or year it names, must lie between 0001-01-02 and 9999-12-30 in UTC, so that "
            "it can be shown in every zone",
        ) from None
    return point


_CALENDAR_EDGES = ("0001", "9999")
FIRST_DAY = dt.datetime(1, 1, 2, tzinfo=dt.UTC)  # a day from the ends: every zone's wall
LAST_DAY = dt.datetime(9999, 12, 31, tzinfo=dt.UTC)  # time is then a date Python can hold


def _what(value: object) -> str:
    if isinstance(value, float):
        return f"a number ({value!r})"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "nothing (null)" if value is None else type(value).__name__


def _written_point(text: str, tz: zoneinfo.ZoneInfo) -> TimePoint:
    if m := _DATE_ONLY.fullmatch(text):
        year, month, day = int(m["year"]), int(m["month"] or 1), int(m["day"] or 1)
        _check_date(year, month, day, text)
        precision = Precision.DAY if m["day"] else Precision.MONTH if m["month"] else Precision.YEAR
        return TimePoint(_start_of_local(year, month, day, tz.key), precision)
    if m := _DATE_TIME.fullmatch(text):
        return TimePoint(_wall_time(m, tz, text), Precision.TIME)
    if foreign := [c for c in text if c.isdigit() and not c.isascii()]:
        raise TimeValueError(
            "time-format",
            f"cannot read {text!r} as a time: write its digits as 0-9 ({foreign[0]!r} is "
            f"U+{ord(foreign[0]):04X}, {unicodedata.name(foreign[0], 'a digit').lower()})",
        )
    raise TimeValueError(
        "time-format",
        f"cannot read {text!r} as a time: write a date (2025-11-11), a local time "
        "(2025-10-28 10:40), or a year (2025) or month (2025-11)",
    )


def _check_date(year: int, month: int, day: int, text: str) -> None:
    if year < 1:
        raise TimeValueError("impossible-date", f"{text!r}: year must be 1 or later")
    if not 1 <= month <= 12:
        raise TimeValueError("impossible-date", f"{text!r}: there is no month {month}")
    try:
        dt.date(year, month, day)
    except ValueError:
        last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
        raise TimeValueError(
            "impossible-date",
            f"{text!r} does not exist: {_MONTHS[month - 1]} {year} has {last} days",
        ) from None


def _wall_time(m: re.Match[str], tz: zoneinfo.ZoneInfo, text: str) -> pendulum.DateTime:
    if m["offset"] is None and (once := _wall_time_once(m, tz)) is not None:
        return once
    year, month, day = int(m["year"]), int(m["month"]), int(m["day"])
    _check_date(year, month, day, text)
    hour, minute, second = int(m["hour"]), int(m["minute"]), int(m["second"] or 0)
    if second == 60 and hour <= 23 and minute <= 59:
        raise TimeValueError(
            "impossible-time",
            f"{text!r}: leap seconds ({hour:02d}:{minute:02d}:60) are not supported; write "
            f"{hour:02d}:{minute:02d}:59",
        )
    if hour > 23 or minute > 59 or second > 59:
        raise TimeValueError("impossible-time", f"{text!r}: {hour:02d}:{minute:02d} is not a time")
    micro = int((m["fraction"] or "0").ljust(6, "0"))
    naive = dt.datetime(year, month, day, hour, minute, second, micro)
    offset = m["offset"]
    if offset == "Z":
        return _pendulum_in(naive.replace(tzinfo=dt.UTC), tz)
    if offset:
        return _with_offset(naive, _parse_offset(offset), tz, text)
    earlier, later = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    if earlier.utcoffset() != later.utcoffset():
        back = earlier.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None)
        if back != naive:
            raise TimeValueError(
                "nonexistent-time",
                f"{text!r} does not exist in {tz.key}: the clocks skip it "
                f"(daylight-saving change); write a time after the change",
            )
        raise TimeValueError(
            "ambiguous-time",
            f"{text!r} happens twice in {tz.key} (daylight-saving change): add the offset to say "
            f"which, {_iso_minutes(earlier)} (first) or {_iso_minutes(later)} (second)",
        )
    return _pendulum_in(earlier, tz)


def _wall_time_once(m: re.Match[str], tz: zoneinfo.ZoneInfo) -> pendulum.DateTime | None:
    """The common case, at a third of the cost: a valid wall time that happens once in ``tz``
    (``None`` for anything else, which ``_wall_time`` then examines and explains)."""
    year, month, day, hour, minute, second, fraction, _offset = m.groups()
    try:
        wall = dt.datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second or 0),
            int((fraction or "0").ljust(6, "0")),
            tzinfo=tz,
        )
    except ValueError:
        return None
    if wall.utcoffset() != wall.replace(fold=1).utcoffset():
        return None
    return _same_fields(pendulum.DateTime, wall)


def _with_offset(
    naive: dt.datetime, offset: dt.timedelta, tz: zoneinfo.ZoneInfo, text: str
) -> pendulum.DateTime:
    instant = naive.replace(tzinfo=dt.timezone(offset)).astimezone(dt.UTC)
    local = instant.astimezone(tz)
    if local.utcoffset() != offset:
        raise TimeValueError(
            "offset-mismatch",
            f"{text!r}: offset {_format_offset(offset)} contradicts {tz.key}, which is "
            f"{_format_offset(local.utcoffset())} at that moment; write the local time without "
            "an offset, or use Z for a UTC time",
        )
    return _pendulum_in(instant, tz)


def _parse_offset(text: str) -> dt.timedelta:
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    # Seconds are rare but real: local mean time before a zone's standard time (+05:41:16).
    hours, minutes, seconds = int(digits[:2]), int(digits[2:4] or 0), int(digits[4:6] or 0)
    if hours > 23 or minutes > 59 or seconds > 59:
        raise TimeValueError(
            "impossible-offset",
            f"{text!r} is not an offset from UTC: hours go up to 23, minutes and seconds to 59",
        )
    return sign * dt.timedelta(hours=hours, minutes=minutes, seconds=seconds)


def _format_offset(offset: dt.timedelta | None) -> str:
    total = int((offset or dt.timedelta()).total_seconds())
    sign = "-" if total < 0 else "+"
    hours, rest = divmod(abs(total), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")


def _iso_minutes(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M") + _format_offset(value.utcoffset())


def _start_of_local(year: int, month: int, day: int, zone: str) -> pendulum.DateTime:
    # Midnight can fall into a daylight-saving gap (some zones switch at 00:00); pendulum
    # then moves forward to the first moment of the day that exists, which is what we want.
    if zone not in available_zones():
        return pendulum.datetime(year, month, day, tz=zone)
    # What pendulum.datetime(year, month, day, tz=zone) does, without its per-call overhead
    # (this runs for every date-only start and end of a file).
    tz = load_zone(zone)
    midnight = dt.datetime(year, month, day, fold=1)
    before, after = tz.utcoffset(midnight.replace(fold=0)), tz.utcoffset(midnight)
    if after is not None and before is not None and after > before:
        midnight += after - before  # skipped: the first moment of the day that exists
    return _same_fields(pendulum.DateTime, midnight.replace(tzinfo=tz))


def _pendulum_in(moment: dt.datetime, tz: dt.tzinfo) -> pendulum.DateTime:
    """``pendulum.instance(moment).in_timezone(tz)`` for an aware ``moment``: the same value,
    made without pendulum's detours (loading a file makes one or two per event)."""
    if type(moment) is not dt.datetime:  # pendulum's own arithmetic must not take part
        moment = _same_fields(dt.datetime, moment)
    return _same_fields(pendulum.DateTime, moment.astimezone(tz))


_Moment = TypeVar("_Moment", bound=dt.datetime)


def _same_fields(kind: type[_Moment], moment: dt.datetime) -> _Moment:
    """``moment`` as a ``kind`` (``datetime`` or pendulum's ``DateTime``): every field, the
    zone and the fold copied, and nothing computed."""
    return kind(
        moment.year,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second,
        moment.microsecond,
        tzinfo=moment.tzinfo,
        fold=moment.fold,
    )


# ---------------------------------------------------------------------------------------------
# Zones and countries


class UnknownZone(TimeValueError):
    def __init__(self, name: str) -> None:
        hint = suggest_zone(name)
        tail = (
            f" — did you mean {hint!r}?" if hint else " (use an IANA name such as 'Europe/Berlin')"
        )
        super().__init__("unknown-zone", f"unknown time zone {name!r}{tail}")


@functools.cache
def load_zone(name: str) -> zoneinfo.ZoneInfo:
    """The IANA zone called ``name`` (as pendulum's ``Timezone``); ``UnknownZone`` if none is."""
    if name not in available_zones():
        raise UnknownZone(name)
    return pendulum.timezone(name)


@functools.cache
def available_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def suggest_zone(name: str) -> str | None:
    zones = sorted(available_zones())
    by_lower = {z.lower(): z for z in zones}
    if name.lower() in by_lower:
        return by_lower[name.lower()]
    city = name.replace(" ", "_").lower()
    for zone in zones:
        if zone.lower().rsplit("/", 1)[-1] == city:
            return zone
    close = difflib.get_close_matches(name, zones, n=1, cutoff=0.75)
    return close[0] if close else None


@functools.cache
def country_names() -> dict[str, str]:
    """ISO 3166-1 alpha-2 codes and names, from the tz database's ``iso3166.tab``."""
    return dict(_tab_rows("iso3166.tab"))


@functools.cache
def zone_countries() -> dict[str, frozenset[str]]:
    """Countries each zone is used in, from the tz database's ``zone.tab`` and ``zone1970.tab``."""
    found: dict[str, set[str]] = {}
    for name in ("zone.tab", "zone1970.tab"):
        for codes, _coords, zone, *_ in _tab_rows(name):
            found.setdefault(zone, set()).update(codes.split(","))
    return {zone: frozenset(codes) for zone, codes in found.items()}


def _tab_rows(name: str) -> list[list[str]]:
    text = resources.files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def zone_fits_country(zone: str, country: str) -> bool:
    """False only when the tz database lists ``zone`` for other countries and not this one."""
    countries = zone_countries().get(zone)
    return countries is None or country in countries
