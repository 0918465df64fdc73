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

EDTF (ISO 8601-2, levels 0 and 1) adds what a plain date cannot say, and each such value is
kept as written (``TimePoint.edtf``):

* ``2025-11-06?`` uncertain, ``2025-11~`` approximate, ``2025-10-30%`` both: the date allows one
  unit of its precision either side (a day, a month, a year; two for ``%``);
* ``19XX``, ``2025-1X``, ``2025-11-XX``: digits at the end not known (any of the values they allow);
* ``2025-21`` … ``2025-24``: spring, summer, autumn, winter (March–May, June–August,
  September–November, December–February, as meteorologists count them);
* ``-0489`` (490 BCE: year 0 is 1 BCE), ``Y17000``, ``Y-13800000000``: years beyond 1 to 9999;
* ``..``: an open start or end.

Every point has numbers for ordering and drawing, which work for any year: ``begins`` and
``ends`` (seconds since 1970 in UTC) bound the period written, ``earliest`` and ``latest`` the
period the value allows. Only a point inside the calendar (years 1 to 9999, a day from its ends,
so that every zone can show it) has a ``local`` date and time; ``in_calendar`` says which.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import math
import re
import unicodedata
import zoneinfo
from dataclasses import dataclass, replace
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


class BeyondCalendar(TimeValueError):
    """A calendar date or time asked of a point that has none: a year before 1 or after 9999,
    or an open end (``..``). Its ``begins``, ``ends``, ``earliest`` and ``latest`` still hold."""

    def __init__(self, text: str) -> None:
        super().__init__(
            "out-of-range",
            f"{text!r} has no calendar date and time: only years 1 to 9999 do; use its "
            "begins/ends/earliest/latest (seconds since 1970) instead",
        )


@dataclass(frozen=True, slots=True)
class Edtf:
    """What an EDTF value says beyond a plain date, and the ``text`` it was written as (kept as
    it is: it is what every export that can hold EDTF writes back)."""

    text: str
    uncertain: bool = False
    """``?`` (or ``%``): the source is not sure of the date."""
    approximate: bool = False
    """``~`` (or ``%``): the date is about right."""
    unspecified: bool = False
    """``X`` digits: any of the dates they allow, none likelier than another."""
    season: int | None = None
    """21 spring, 22 summer, 23 autumn, 24 winter."""
    open: bool = False
    """``..``: the event began before any given time, or goes on (an open start or end)."""

    @property
    def mark(self) -> str:
        """The qualifier as EDTF writes it: ``?``, ``~``, ``%`` or nothing."""
        if self.uncertain and self.approximate:
            return "%"
        return "?" if self.uncertain else "~" if self.approximate else ""


class TimePoint:
    """A point in time as written: ``local`` in the event's zone, with its ``precision``.

    For a date-only point, ``local`` is the start of that year, month or day at the place. Points
    written in EDTF's other forms carry ``edtf``; those beyond the calendar have no ``local``
    (``in_calendar`` is false) but, like every point, ``begins``/``ends`` (the period written)
    and ``earliest``/``latest`` (the period the value allows), in seconds since 1970, UTC.
    """

    __slots__ = (
        "_after",
        "_end",
        "_local",
        "_text",
        "begins",
        "earliest",
        "edtf",
        "ends",
        "first_day",
        "latest",
        "precision",
        "zone",
    )

    def __init__(
        self,
        local: pendulum.DateTime | None,
        precision: Precision,
        edtf: Edtf | None = None,
        *,
        period: Period | None = None,
    ) -> None:
        self._local = local
        self.precision = precision
        self.edtf = edtf
        if period is None:  # a plain point inside the calendar, as before EDTF
            assert local is not None
            period = _plain_period(local, precision)
        self._end: pendulum.DateTime | None = None
        self._text: str | None = None  # isoformat(), when known already
        self._after = period.after
        self.zone = period.zone
        self.first_day = period.first_day
        """The first day of the period written, (year, month, day), at the place: what a
        date beyond the calendar is shown by."""
        self.begins, self.ends = period.begins, period.ends
        self.earliest, self.latest = period.earliest, period.latest

    @classmethod
    def _known(
        cls,
        local: pendulum.DateTime,
        precision: Precision,
        zone: str,
        first_day: Day,
        after: Day,
        begins: float,
        ends: float,
        text: str,
    ) -> TimePoint:
        """A plain point whose period and ``isoformat()`` (``text``) are worked out already
        (``_quick_point``): what ``__init__`` makes of ``local`` and ``precision``, without its
        ``Period``."""
        point = cls.__new__(cls)
        point._local, point.precision, point.edtf, point.zone = local, precision, None, zone
        point._text = text
        point._end, point._after, point.first_day = None, after, first_day
        point.begins, point.ends, point.earliest, point.latest = begins, ends, begins, ends
        return point

    @property
    def local(self) -> pendulum.DateTime:
        """The point (a date-only one: the start of its period) as wall time at the place."""
        if self._local is None:
            raise BeyondCalendar(self.isoformat())
        return self._local

    @property
    def in_calendar(self) -> bool:
        """Whether the point has a ``local`` date (years 1 to 9999, and not open)."""
        return self._local is not None

    @property
    def is_open(self) -> bool:
        """Whether the point is EDTF's ``..``: an open start or end."""
        return self.edtf is not None and self.edtf.open

    @property
    def is_plain(self) -> bool:
        """Whether the point is one of the forms before EDTF, inside the calendar."""
        return self.edtf is None

    @property
    def likeliest(self) -> tuple[float, float] | None:
        """The period written (``begins``, ``ends``) when it is likelier than the rest of what
        the value allows; ``None`` when nothing is (``X`` digits, an open end)."""
        if self.edtf is not None and (self.edtf.unspecified or self.edtf.open):
            return None
        return self.begins, self.ends

    @property
    def instant(self) -> pendulum.DateTime:
        """The same moment in UTC (the start of the period for date-only points)."""
        local = self.local
        if local.tzinfo is None:
            return local.in_timezone(UTC)
        return _pendulum_in(local, UTC)

    @property
    def period_end(self) -> pendulum.DateTime:
        """Where the written period ends, exclusive: the next day/month/year, or ``local``."""
        local = self.local
        if self.precision is Precision.TIME:
            return local
        if self._end is None:  # made when first asked for: most points never are
            self._end = _start_of_local(*self._after, self.zone)
        return self._end

    def isoformat(self) -> str:
        """The canonical written form: ``2025``, ``2025-11``, ``2025-11-11`` or full ISO 8601;
        an EDTF value exactly as written."""
        if self._text is not None:
            return self._text
        if self.edtf is not None:
            return self.edtf.text
        local = self.local
        match self.precision:
            case Precision.YEAR:
                return f"{local.year:04d}"
            case Precision.MONTH:
                return f"{local.year:04d}-{local.month:02d}"
            case Precision.DAY:
                return local.date().isoformat()
            case Precision.TIME:
                return local.isoformat()

    def plain(self) -> TimePoint | None:
        """The plain point (a year, month, day or time in the calendar) that covers exactly the
        period written, for formats that cannot hold EDTF; ``None`` when there is none
        (a season, ``19XX``, a year beyond the calendar, ``..``)."""
        if self.edtf is None:
            return self
        if self._local is None:
            return None
        for precision in (Precision.DAY, Precision.MONTH, Precision.YEAR):
            candidate = TimePoint(_start_of_local(*self.first_day, self.zone), precision)
            if (candidate.begins, candidate.ends) == (self.begins, self.ends):
                return candidate
        return None

    def allowing(self, approximate: bool) -> tuple[float, float]:
        """``earliest`` and ``latest``; with ``approximate`` (an event's ``approximate: true``)
        as if the date ended in ``~``. A time of day, which EDTF does not qualify, and a value
        whose own form says how wide it is, stay as they are."""
        edtf = self.edtf
        if (
            not approximate
            or self.precision is Precision.TIME
            or (edtf is not None and (edtf.mark or edtf.unspecified or edtf.season or edtf.open))
        ):
            return self.earliest, self.latest
        before = _step(self.first_day, self.precision, -1)
        beyond = _step(self._after, self.precision, 1)
        return _seconds_at(before, self.zone), _seconds_at(beyond, self.zone)

    def in_zone(self, zone: str) -> pendulum.DateTime:
        return self.local.in_timezone(zone)

    def _compared(self) -> tuple[object, ...]:
        return (self.precision, self.edtf, self.begins, self.ends, self.earliest, self.latest)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TimePoint):
            return NotImplemented
        return self._compared() == other._compared()

    def __hash__(self) -> int:
        return hash(self._compared())

    def __repr__(self) -> str:
        return f"TimePoint({self.isoformat()!r}, {self.precision.value!r}, zone={self.zone!r})"

    def __str__(self) -> str:
        return self.isoformat()


@dataclass(frozen=True, slots=True)
class Period:
    """The stretch of time a written value names, in the numbers every point carries."""

    zone: str
    first_day: tuple[int, int, int]
    after: tuple[int, int, int]
    """The day after the period (its end, exclusive)."""
    begins: float
    ends: float
    earliest: float
    latest: float


def _plain_period(local: pendulum.DateTime, precision: Precision) -> Period:
    zone = local.timezone_name or "UTC"
    begins = local.timestamp()
    first = (local.year, local.month, local.day)
    if precision is Precision.TIME:
        return Period(zone, first, first, begins, begins, begins, begins)
    after = _step(first, precision, 1)
    ends = _seconds_at(after, zone)
    return Period(zone, first, after, begins, ends, begins, ends)


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
        if abs(value) > LAST_YEAR:
            raise TimeValueError("out-of-range", _too_far(str(value)))
        value = year_text(value)
    elif isinstance(value, dt.date):  # datetime too
        value = value.isoformat()
    if not isinstance(value, str):
        raise TimeValueError("time-type", f"expected a date or a date and time, got {_what(value)}")
    if (known := _READ.get((value, zone))) is not None:
        return known
    text = value.strip()
    if (quick := _quick_point(text, tz)) is not None:
        _remember(value, zone, quick)
        return quick
    try:
        point = _written_point(text, tz)
        if (
            text[:4] in _CALENDAR_EDGES
            and point.precision is Precision.TIME
            # a time must be inside the calendar, shown in any zone
            and not FIRST_DAY.timestamp() <= point.begins <= LAST_DAY.timestamp()
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
    _remember(value, zone, point)
    return point


_READ: dict[tuple[str, str], TimePoint] = {}
"""Points read, by value as written and zone: files repeat their dates (a point is never
changed once made, so one object serves every event that writes the same value)."""
_READ_MAX = 65_536


def _remember(value: str, zone: str, point: TimePoint) -> None:
    if len(_READ) >= _READ_MAX:  # a bound on memory; most files have fewer distinct values
        _READ.clear()
    _READ[(value, zone)] = point


def is_plain_time(text: str) -> bool:
    """Whether ``text`` is one of the forms before EDTF (a year, month or day, or a wall time,
    inside the calendar): a quick test for readers that check such values in bulk and hand the
    rest (EDTF, years beyond 1 to 9999) to ``parse_time``."""
    if m := _DATE_ONLY.fullmatch(text):
        return _is_plain_date(m)
    return text[:4] not in _EDGE_YEARS and bool(_DATE_TIME.fullmatch(text))


def _is_plain_date(m: re.Match[str]) -> bool:
    """Whether a match of ``_DATE_ONLY`` is a plain date: not at the calendar's ends, and not a
    season (its "month" 21 to 41)."""
    return m["year"] not in _EDGE_YEARS and not (m["month"] and 21 <= int(m["month"]) <= 41)


def year_text(year: int) -> str:
    """A year as EDTF writes it: ``2025``, ``-0489``, ``Y17000``, ``Y-13800000000``."""
    if -9999 <= year <= 9999:
        return f"-{-year:04d}" if year < 0 else f"{year:04d}"
    return f"Y{year}"


_CALENDAR_EDGES = ("0001", "9999")
_EDGE_YEARS = ("0000", *_CALENDAR_EDGES)
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
    if (m := _DATE_ONLY.fullmatch(text)) and _is_plain_date(m):
        year, month, day = int(m["year"]), int(m["month"] or 1), int(m["day"] or 1)
        _check_date(year, month, day, text)
        precision = Precision.DAY if m["day"] else Precision.MONTH if m["month"] else Precision.YEAR
        return TimePoint(_start_of_local(year, month, day, tz.key), precision)
    if m := _DATE_TIME.fullmatch(text):
        return TimePoint(_wall_time(m, tz, text), Precision.TIME)
    return _edtf_point(text, tz.key)


def _quick_point(text: str, tz: zoneinfo.ZoneInfo) -> TimePoint | None:
    """The point for the commonest forms, at a fraction of the cost: ``YYYY-MM-DD HH:MM``
    (or ``T``, with ``:SS`` or not) and ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, valid and
    away from the calendar's ends, and a wall time that happens once in ``tz`` and a midnight
    that is not skipped. ``None`` for anything else, which ``_written_point`` reads (and
    explains, when it is wrong); what this makes is what that makes."""
    size = len(text)
    if size not in _QUICK_SIZES or not text.isascii():  # ASCII: isdigit() is 0-9 only
        return None
    if size >= 16:
        if (
            text[4] != "-"
            or text[7] != "-"
            or text[10] not in _DATE_TIME_SEPARATORS
            or text[13] != ":"
            or (size == 19 and text[16] != ":")
        ):
            return None
        try:  # with the separators where they are, it reads exactly YYYY-MM-DD HH:MM[:SS]
            wall = dt.datetime.fromisoformat(text)
        except ValueError:
            return None
        year, month, day = wall.year, wall.month, wall.day
        if year in _EDGE_YEAR_NUMBERS or wall.tzinfo is not None:
            return None
        hour, minute, second = wall.hour, wall.minute, wall.second
        local = pendulum.DateTime(year, month, day, hour, minute, second, 0, tz)
        offset = tz.utcoffset(local)
        later = dt.datetime(year, month, day, hour, minute, second, 0, None, fold=1)
        if offset is None or offset != tz.utcoffset(later):  # (replace() is slower)
            return None  # skipped or repeated by a clock change
        begins = (
            _days_from_civil(year, month, day) * 86400.0
            + (hour * 3600 + minute * 60 + second)
            - offset.total_seconds()
        )
        first = (year, month, day)
        written = f"{text[:10]}T{text[11:16]}:{text[17:19] or '00'}{_offset_text(offset)}"
        return TimePoint._known(
            local, Precision.TIME, tz.key, first, first, begins, begins, written
        )
    if not (text[:4] + text[5:7] + text[8:10]).isdigit() or text[4:5] not in _DATE_DASH:
        return None
    if size == 10 and text[7] != "-":
        return None
    year = int(text[:4])
    month = int(text[5:7]) if size >= 7 else 1
    day = int(text[8:10]) if size == 10 else 1
    if year in _EDGE_YEAR_NUMBERS or not 1 <= month <= 12:
        return None
    length = _month_length(year, month)
    if not 1 <= day <= length:
        return None
    precision = _QUICK_PRECISIONS[size]
    zone = tz.key
    midnight = _midnight(year, month, day, tz)
    if midnight is None:
        return None
    local, begins = midnight
    first = (year, month, day)
    after = (year, month, day + 1) if size == 10 and day < length else _step(first, precision, 1)
    ends = _seconds_at(after, zone)
    return TimePoint._known(local, precision, zone, first, after, begins, ends, text)


@functools.cache
def _offset_text(offset: dt.timedelta) -> str:
    """An offset from UTC as ``datetime.isoformat`` ends with it: ``+09:00``, ``+05:41:16``."""
    return dt.datetime(2000, 1, 1, tzinfo=dt.timezone(offset)).isoformat()[19:]


_QUICK_SIZES = frozenset((4, 7, 10, 16, 19))
_QUICK_PRECISIONS = {4: Precision.YEAR, 7: Precision.MONTH, 10: Precision.DAY}
_DATE_TIME_SEPARATORS = ("T", " ")
_DATE_DASH = ("-", "")
_EDGE_YEAR_NUMBERS = frozenset((0, 1, 9999))


@functools.lru_cache(maxsize=1 << 14)
def _midnight(
    year: int, month: int, day: int, tz: zoneinfo.ZoneInfo
) -> tuple[pendulum.DateTime, float] | None:
    """The start of a day at the place and when it is (seconds since 1970), as
    ``_start_of_local`` makes it; ``None`` when midnight is skipped there."""
    before = tz.utcoffset(dt.datetime(year, month, day))
    after = tz.utcoffset(dt.datetime(year, month, day, fold=1))
    if before is None or after is None or after > before:
        return None
    local = pendulum.DateTime(year, month, day, 0, 0, 0, 0, tz, fold=1)
    return local, _days_from_civil(year, month, day) * 86400.0 - after.total_seconds()


# ---------------------------------------------------------------------------------------------
# EDTF

EDTF_FORMS = (
    "this version reads EDTF levels 0 and 1: a date with ? (uncertain), ~ (approximate) or "
    "% (both) at its end (2025-11-06?, 2025-11~, 2025-10-30%); X for unknown digits at its end "
    "(19XX, 2025-1X, 2025-11-XX); a season (2025-21 spring, -22 summer, -23 autumn, -24 winter); "
    "a year before 1 (-0489 is 490 BCE) or after 9999 (Y17000, Y-13800000000); or .. for an "
    "open start or end"
)
"""What ``parse_time`` reads beyond the plain forms, as its messages list it."""

_EDTF_DATE = re.compile(
    r"(?P<sign>-?)(?P<year>[0-9X]{4})(?:-(?P<month>[0-9X]{2})(?:-(?P<day>[0-9X]{2}))?)?"
    r"(?P<mark>[?~%]?)"
)
_LONG_YEAR = re.compile(r"Y(?P<sign>-?)(?P<digits>[0-9]+)(?P<mark>[?~%]?)")
_MARKED_TIME = re.compile(r"(?P<time>.*\d:\d\d.*?)[?~%]")
_SIGNED_TIME = re.compile(r"-\d{4}-\d{2}-\d{2}[T ]\d.*")
_INNER_MARK = re.compile(r"^-?[0-9X]{4}.*[?~%].")
_LONG_PLAIN_YEAR = re.compile(r"-?\d{5,}(?:-.*)?")
_SEASONS = {21: (3, 6), 22: (6, 9), 23: (9, 12), 24: (12, 15)}
"""First month and the month after the last (15: March of the next year)."""
OPEN = ".."


class EdtfError(TimeValueError):
    """A value written as EDTF that is not EDTF level 0 or 1, or that this version does not
    read; the message says what to write instead."""

    def __init__(self, text: str, problem: str) -> None:
        super().__init__("edtf-form", f"{text!r}: {problem}")


def _edtf_point(text: str, zone: str) -> TimePoint:
    """A value that is no plain date or time: one of EDTF's forms, or an error naming the fix."""
    if text == OPEN:
        edtf = Edtf(text, open=True)
        inf = math.inf
        period = Period(zone, (0, 1, 1), (0, 1, 1), -inf, inf, -inf, inf)
        return TimePoint(None, Precision.YEAR, edtf, period=period)
    if m := _LONG_YEAR.fullmatch(text):
        return _long_year(text, m, zone)
    if m := _EDTF_DATE.fullmatch(text):
        return _edtf_date(text, m, zone)
    raise _unreadable(text)


def _unreadable(text: str) -> TimeValueError:
    if foreign := [c for c in text if c.isdigit() and not c.isascii()]:
        return TimeValueError(
            "time-format",
            f"cannot read {text!r} as a time: write its digits as 0-9 ({foreign[0]!r} is "
            f"U+{ord(foreign[0]):04X}, {unicodedata.name(foreign[0], 'a digit').lower()})",
        )
    if "/" in text:
        first, _, last = text.partition("/")
        return EdtfError(
            text,
            "an interval goes in two fields: write its ends as "
            f"start: {first or OPEN} and end: {last or OPEN}",
        )
    if m := _MARKED_TIME.fullmatch(text):
        day = m["time"][:10]
        return EdtfError(
            text,
            "?, ~ and % qualify a date, not a time of day: write the date with its mark "
            f"({day}{text[-1]}), or keep the time and set approximate: true",
        )
    if _SIGNED_TIME.fullmatch(text):
        return TimeValueError(
            "impossible-date",
            f"{text!r}: a time of day needs a year from 1 to 9999; write the date alone "
            f"({text.split('T')[0].split()[0]})",
        )
    if _INNER_MARK.search(text):
        return EdtfError(
            text,
            "a ?, ~ or % goes once, at the end of the date (2004-06?); marks inside a date "
            "are EDTF level 2, which this version does not read",
        )
    if _LONG_PLAIN_YEAR.fullmatch(text):
        year = text.split("-")[1] if text.startswith("-") else text.split("-")[0]
        sign = "-" if text.startswith("-") else ""
        if int(year) > LAST_YEAR:  # no Y would make it readable: say so, not "write Y…"
            return TimeValueError("out-of-range", _too_far(text))
        return EdtfError(
            text,
            f"a year of five digits or more is written with a Y and alone: Y{sign}{int(year)}",
        )
    if any(c in text for c in "?~%X") or text.startswith(("-", "Y", "..")):
        return EdtfError(text, f"cannot read it as a date: {EDTF_FORMS}")
    return TimeValueError(
        "time-format",
        f"cannot read {text!r} as a time: write a date (2025-11-11), a local time "
        "(2025-10-28 10:40), or a year (2025) or month (2025-11)",
    )


def _long_year(text: str, m: re.Match[str], zone: str) -> TimePoint:
    digits = m["digits"]
    if len(digits) < 5 or digits[0] == "0":
        year = int(m["sign"] + digits)
        raise EdtfError(text, f"Y marks a year of five digits or more; write {year_text(year)}")
    if m["mark"]:
        raise EdtfError(
            text,
            f"a year written with Y takes no {m['mark']} in EDTF level 1: write {text[:-1]}, "
            "and say in notes how sure it is",
        )
    year = int(m["sign"] + digits)
    if abs(year) > LAST_YEAR:
        raise TimeValueError("out-of-range", _too_far(text))
    return _dated(text, Edtf(text), zone, (year, 1, 1), (year + 1, 1, 1), Precision.YEAR, 0)


LAST_YEAR = 999_999_999_999
"""The farthest year from year 0 that a value may name (a trillion years, seventy times the
age of the universe); up to it, seconds since 1970 held in a float still tell days apart."""


def _too_far(text: str) -> str:
    return f"{text!r}: a year must lie within a trillion years of year 0 (±999999999999)"


def _edtf_date(text: str, m: re.Match[str], zone: str) -> TimePoint:
    sign, year, month, day, mark = m["sign"], m["year"], m["month"], m["day"], m["mark"]
    digits = year + (month or "") + (day or "")
    unspecified = "X" in digits
    if unspecified:
        if digits[0] == "X":
            raise EdtfError(
                text, "every digit of the year is unknown: give at least its first (1XXX)"
            )
        if not re.fullmatch(r"[0-9]+X+", digits):
            raise EdtfError(
                text, "X stands for digits at the end of a date only (19XX, 2025-1X, 2025-11-XX)"
            )
        if mark:
            raise EdtfError(
                text,
                f"X digits are unknown already: write {text[:-1]}, or a date without X "
                f"and its {mark}",
            )
    if sign and year == "0000":
        raise EdtfError(text, "year 0 has no sign: write 0000 (1 BCE)")
    edtf = Edtf(
        text,
        uncertain=mark in ("?", "%"),
        approximate=mark in ("~", "%"),
        unspecified=unspecified,
    )
    low = int(year.replace("X", "0"))
    high = int(year.replace("X", "9"))
    low, high = (-high, -low) if sign else (low, high)
    if month is None:
        return _dated(text, edtf, zone, (low, 1, 1), (high + 1, 1, 1), Precision.YEAR, _width(mark))
    if not unspecified and 21 <= int(month) <= 41:
        return _season(text, f"{sign}{year}-{month}", edtf, zone, day, mark)
    first_month, last_month = _digit_range(month, 1, 12)
    if first_month > last_month or (month.isdigit() and not 1 <= int(month) <= 12):
        if month.isdigit():
            raise TimeValueError("impossible-date", f"{text!r}: there is no month {int(month)}")
        raise EdtfError(text, "an X in a month stands for 0X (01–09), 1X (10–12) or XX")
    if day is None:
        after = _step((high, last_month, 1), Precision.MONTH, 1)
        return _dated(text, edtf, zone, (low, first_month, 1), after, Precision.MONTH, _width(mark))
    last_day = _month_length(high, last_month)
    first_day, final_day = _digit_range(day, 1, last_day)
    if month.isdigit() and day.isdigit() and not 1 <= int(day) <= last_day:
        what = f"{_MONTHS[last_month - 1]} {year_text(high)}"
        raise TimeValueError(
            "impossible-date", f"{text!r} does not exist: {what} has {last_day} days"
        )
    if first_day > final_day:
        raise EdtfError(text, f"no day of {_MONTHS[last_month - 1]} matches {day}")
    after = _step((high, last_month, final_day), Precision.DAY, 1)
    return _dated(
        text, edtf, zone, (low, first_month, first_day), after, Precision.DAY, _width(mark)
    )


def _season(
    text: str, season_text: str, edtf: Edtf, zone: str, day: str | None, mark: str
) -> TimePoint:
    year, season = int(season_text[:-3]), int(season_text[-2:])
    if season > 24:
        raise EdtfError(
            text,
            f"season {season} is EDTF level 2, which this version does not read: write 21 "
            "(spring), 22 (summer), 23 (autumn) or 24 (winter), or the months themselves",
        )
    if day is not None or mark:
        raise EdtfError(
            text,
            f"a season takes no day and no ?, ~ or % in EDTF level 1: write {season_text}, or "
            "the months with their marks as start and end",
        )
    first, after = _SEASONS[season]
    return _dated(
        text,
        replace(edtf, season=season),
        zone,
        (year, first, 1),
        (year + (after - 1) // 12, (after - 1) % 12 + 1, 1),
        Precision.MONTH,
        0,
    )


def _width(mark: str) -> int:
    """How many units of its precision a qualified date allows either side."""
    return 2 if mark == "%" else 1 if mark else 0


def _digit_range(digits: str, lowest: int, highest: int) -> tuple[int, int]:
    """The values from ``lowest`` to ``highest`` that two digits, some of them X, allow."""
    if "X" not in digits:
        return int(digits), int(digits)
    low, high = int(digits.replace("X", "0")), int(digits.replace("X", "9"))
    return max(low, lowest), min(high, highest)


def _dated(
    text: str,
    edtf: Edtf,
    zone: str,
    first: tuple[int, int, int],
    after: tuple[int, int, int],
    precision: Precision,
    width: int,
) -> TimePoint:
    """The point for the period from the day ``first`` to the day before ``after``, allowing
    ``width`` units of ``precision`` either side; in the calendar when all of it is."""
    begins, ends = _seconds_at(first, zone), _seconds_at(after, zone)
    earliest, latest = begins, ends
    if width:
        earliest = _seconds_at(_step(first, precision, -width), zone)
        latest = _seconds_at(_step(after, precision, width), zone)
    local = None
    if FIRST_DAY.timestamp() <= begins and ends <= LAST_DAY.timestamp():
        local = _start_of_local(*first, zone)
    period = Period(zone, first, after, begins, ends, earliest, latest)
    return TimePoint(local, precision, edtf, period=period)


Day = tuple[int, int, int]


def _step(day: Day, precision: Precision, count: int) -> Day:
    """The first day of the year, month or day ``count`` units from ``day``'s (any year)."""
    year, month, number = day
    match precision:
        case Precision.YEAR:
            return year + count, 1, 1
        case Precision.MONTH:
            months = year * 12 + month - 1 + count
            return months // 12, months % 12 + 1, 1
    return _civil(_days_from_civil(year, month, number) + count)


def _month_length(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _days_from_civil(year: int, month: int, day: int) -> int:
    """Days from 1970-01-01 to a day of the proleptic Gregorian calendar, for any year (year 0
    is 1 BCE); Howard Hinnant's algorithm."""
    year -= month <= 2
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


def _civil(days: int) -> Day:
    """The day ``days`` after 1970-01-01 (the inverse of ``_days_from_civil``)."""
    days += 719468
    era = days // 146097
    day_of_era = days - era * 146097
    year_of_era = (
        day_of_era - day_of_era // 1460 + day_of_era // 36524 - day_of_era // 146096
    ) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    shifted = (5 * day_of_year + 2) // 153
    day = day_of_year - (153 * shifted + 2) // 5 + 1
    month = shifted + (3 if shifted < 10 else -9)
    return year_of_era + era * 400 + (month <= 2), month, day


@functools.lru_cache(maxsize=1 << 14)  # the same days begin and end many periods of a file
def _seconds_at(day: Day, zone: str) -> float:
    """When ``day`` begins at the place, in seconds since 1970 (UTC). Beyond years 1 to 9999,
    where the tz database says nothing, the zone keeps the offset it has at that end."""
    year = day[0]
    if 1 <= year <= 9999 and zone not in available_zones():
        return _start_of_local(*day, zone).timestamp()
    if 1 <= year <= 9999:
        # As _start_of_local: the later midnight of two, the first moment after a skipped one.
        tz = load_zone(zone)
        before, after = tz.utcoffset(dt.datetime(*day)), tz.utcoffset(dt.datetime(*day, fold=1))
        offset = before if before is not None and after is not None and after > before else after
        return _days_from_civil(*day) * 86400.0 - (offset or dt.timedelta()).total_seconds()
    edge = dt.datetime(1, 1, 1) if year < 1 else dt.datetime(9999, 12, 31)
    offset = load_zone(zone).utcoffset(edge) or dt.timedelta()
    return _days_from_civil(*day) * 86400.0 - offset.total_seconds()


def _check_date(year: int, month: int, day: int, text: str) -> None:
    if year < 1:
        raise TimeValueError(
            "impossible-date",
            f"{text!r}: a time of day needs a year from 1 to 9999; write the date alone "
            f"({text[:10]})",
        )
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
