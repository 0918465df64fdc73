"""Time-zone rules as data: each zone's offsets from UTC over the years a file needs.

``times.parse_time`` asks Python's ``zoneinfo`` about one wall time at a time. A query engine
asks a table instead: one row per *stretch* of a zone, the UTC instants it runs between and its
offset. A wall time ``w`` (seconds since 1970, read as if it were UTC) happens in a stretch when
``local_from <= w < local_to`` (``local_* = utc_* + offset``). Joined on the row's own zone, it
matches one stretch (an ordinary time), none (the clocks skipped it: ``nonexistent-time``) or two
(the clocks went back: ``ambiguous-time``) — the same rule ``times`` applies, as a join that runs
the same in any engine. An offset written with the time must be the offset of the stretch the
instant falls in (``offset-mismatch``).

The stretches come from ``zoneinfo`` itself (the tz database), found by stepping through each
year the file uses and bisecting to the second where the offset changes.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass

from .times import available_zones, load_zone

STEP = 6 * 3600
"""How far apart the offset is sampled; zones do not change their clocks twice in six hours."""
_MARGIN = 2 * 86400  # a year's wall times lie within two days of its UTC bounds


@dataclass(frozen=True, slots=True)
class Stretch:
    """A stretch of time with one UTC offset in a zone: UTC ``utc_from`` to ``utc_to`` (seconds
    since 1970, end exclusive), wall time ``local_from`` to ``local_to``."""

    zone: str
    utc_from: int
    utc_to: int
    offset: int

    @property
    def local_from(self) -> int:
        return self.utc_from + self.offset

    @property
    def local_to(self) -> int:
        return self.utc_to + self.offset


def year_bounds(year: int) -> tuple[int, int]:
    """UTC seconds covering every wall time of ``year`` in any zone."""
    first = dt.datetime(year, 1, 1, tzinfo=dt.UTC).timestamp()
    last = dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC).timestamp() if year < 9999 else 253402300800
    return int(first) - _MARGIN, int(last) + _MARGIN


def stretches(needed: Iterable[tuple[str, int]]) -> list[Stretch]:
    """The stretches of each (zone, year) in ``needed``: for each zone, one row per offset
    over the union of those years (a wall time of a year needed matches its stretches only)."""
    years_of: dict[str, set[int]] = {}
    for zone, year in needed:
        if 1 <= year <= 9999 and zone in available_zones():  # an unknown zone has none
            years_of.setdefault(zone, set()).add(year)
    found: list[Stretch] = []
    for zone, years in sorted(years_of.items()):
        for first, last in _runs(sorted(years)):
            found += _zone_stretches(zone, year_bounds(first)[0], year_bounds(last)[1])
    return found


def _runs(years: list[int]) -> list[tuple[int, int]]:
    """Consecutive years as (first, last) runs."""
    runs: list[tuple[int, int]] = []
    for year in years:
        if runs and runs[-1][1] == year - 1:
            runs[-1] = (runs[-1][0], year)
        else:
            runs.append((year, year))
    return runs


@functools.lru_cache(maxsize=4096)
def _zone_stretches(zone: str, begin: int, end: int) -> tuple[Stretch, ...]:
    tz = load_zone(zone)
    lowest, highest = _LOWEST, _HIGHEST
    begin, end = max(begin, lowest), min(end, highest)

    def offset(at: int) -> int:
        delta = dt.datetime.fromtimestamp(at, tz).utcoffset()
        return int(delta.total_seconds()) if delta is not None else 0

    found = []
    start, current = begin, offset(begin)
    at = begin
    while at < end:
        step_to = min(at + STEP, end)
        if offset(step_to) != current:
            lo, hi = at, step_to  # offset(lo) == current != offset(hi): bisect to the second
            while hi - lo > 1:
                middle = (lo + hi) // 2
                if offset(middle) == current:
                    lo = middle
                else:
                    hi = middle
            found.append(Stretch(zone, start, hi, current))
            start, current = hi, offset(hi)
            at = hi
            continue
        at = step_to
    found.append(Stretch(zone, start, end, current))
    return tuple(found)


_LOWEST = int(dt.datetime(1, 1, 2, tzinfo=dt.UTC).timestamp())
_HIGHEST = int(dt.datetime(9999, 12, 30, tzinfo=dt.UTC).timestamp())


def days_from_civil(year: int, month: int, day: int) -> int:
    """Days from 1970-01-01 to a date of the proleptic Gregorian calendar."""
    return (dt.date(year, month, day) - dt.date(1970, 1, 1)).days


def year_table(needed: Iterable[tuple[str, int]]) -> list[dict[str, object]]:
    """For each (zone, year): the zone's wall-time intervals that happen once (``walls``: from
    1 January of the year to 2 January of the next, so that the day after a date of the year
    is there too) and its stretches in UTC around the same time (``instants``), each as
    (lo, hi, offset) in seconds since 1970. A wall time of the year in no ``walls`` interval is
    skipped or repeated by the clocks."""
    needed = {(zone, year) for zone, year in needed if 1 <= year <= 9998}
    around = {(zone, y) for zone, year in needed for y in (year - 1, year, year + 1)}
    by_zone: dict[str, list[Stretch]] = {}
    for stretch in stretches(around):
        by_zone.setdefault(stretch.zone, []).append(stretch)
    rows: list[dict[str, object]] = []
    for zone, year in sorted(needed):
        found = by_zone.get(zone, [])
        first = days_from_civil(year, 1, 1) * 86400
        last = days_from_civil(year + 1, 1, 2) * 86400
        walls = [
            {"lo": max(lo, first), "hi": min(hi, last), "offset": offset}
            for lo, hi, offset in _once(found)
            if lo < last and hi > first
        ]
        instants = [
            {"lo": s.utc_from, "hi": s.utc_to, "offset": s.offset}
            for s in found
            if s.utc_from < last + _MARGIN and s.utc_to > first - _MARGIN
        ]
        rows.append({"zone": zone, "year": year, "walls": walls, "instants": instants})
    return rows


def _once(found: list[Stretch]) -> list[tuple[int, int, int]]:
    """The wall-time intervals of consecutive stretches that no other stretch shares."""
    out = []
    for k, stretch in enumerate(found):
        lo, hi = stretch.local_from, stretch.local_to
        if k > 0 and found[k - 1].utc_to == stretch.utc_from:
            lo = max(lo, found[k - 1].local_to)
        if k + 1 < len(found) and found[k + 1].utc_from == stretch.utc_to:
            hi = min(hi, found[k + 1].local_from)
        if lo < hi:
            out.append((lo, hi, stretch.offset))
    return out
