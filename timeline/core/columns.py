"""The few columns a chart of very many events needs, kept without keeping the events."""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .groups import GroupBy, group_keys
from .models import Event

DETAIL_LIMIT = 5000
"""Most events drawn one by one; above it, the density view of these columns (Altair's own
limit is 5,000 rows)."""
MAX_BINS = 400
"""Most time bins across the density view."""
MAX_LANES = 40
"""Most lanes; the smallest ones beyond it are counted together as 'Other'."""
INTERVALS = (
    ("1h", "hour", 3600),
    ("6h", "6 hours", 6 * 3600),
    ("1d", "day", 86400),
    ("1w", "week", 7 * 86400),
    ("1mo", "month", 30.44 * 86400),
    ("3mo", "quarter", 91.3 * 86400),
    ("1y", "year", 365.25 * 86400),
    ("10y", "decade", 3652.5 * 86400),
)
"""The density view's bins, finest first: (interval, name, approximate length in seconds).
Each is a calendar unit of the display zone's wall time, as Polars' ``dt.truncate`` cuts it:
hours and days from 1970-01-01, weeks from a Monday, months, quarters, years and decades from
January 1970."""


@dataclass(frozen=True, slots=True)
class DensityColumns:
    """All the density view needs of a timeline, in a few flat arrays (about 30 bytes an event).

    ``starts`` holds each event's start as a timestamp (seconds since 1970, UTC; the start of
    its local day when date-only). Each (event, lane) pair is one entry of ``lane_events`` (the
    event's position in ``starts``) and ``lane_codes`` (the lane's position in ``lane_names``).
    Built from a ``Timeline`` by ``of_timeline``, or line by line from a file too large to hold
    (``read.stream``). Lanes are named by their keys (``core.groups.group_keys``; ``""`` for
    none) until ``relabelled`` gives them the names a reader sees.
    """

    starts: array[float] = field(default_factory=lambda: array("d"))
    lane_events: array[int] = field(default_factory=lambda: array("q"))
    lane_codes: array[int] = field(default_factory=lambda: array("q"))
    lane_names: list[str] = field(default_factory=list)
    _code_of: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def add(self, start: float, lanes: Iterable[str]) -> None:
        """One more event, starting at timestamp ``start``, in each of ``lanes``."""
        position = len(self.starts)
        self.starts.append(start)
        for lane in lanes:
            code = self._code_of.get(lane)
            if code is None:
                code = self._code_of[lane] = len(self.lane_names)
                self.lane_names.append(lane)
            self.lane_events.append(position)
            self.lane_codes.append(code)

    def extend(self, other: DensityColumns) -> None:
        """The events of ``other`` after these."""
        shift = len(self.starts)
        self.starts.extend(other.starts)
        codes = [self._code_of.get(name, -1) for name in other.lane_names]
        for code, name in enumerate(other.lane_names):
            if codes[code] < 0:
                codes[code] = self._code_of[name] = len(self.lane_names)
                self.lane_names.append(name)
        self.lane_events.extend(array("q", (i + shift for i in other.lane_events)))
        self.lane_codes.extend(array("q", (codes[c] for c in other.lane_codes)))

    @classmethod
    def of_timeline(cls, timeline: Iterable[Event], by: GroupBy) -> DensityColumns:
        """The columns of every event in ``timeline``, in lanes by ``by``."""
        columns = cls()
        for event in timeline:
            columns.add_event(event, by)
        return columns

    def add_event(self, event: Event, by: GroupBy) -> None:
        """``event``, in its lanes by ``by`` (``""`` for none)."""
        self.add(event.bounds[0], (key or "" for key in group_keys(event, by)))

    def relabelled(self, label_of: Callable[[str], str]) -> DensityColumns:
        """The same events, each lane named ``label_of(its name)``; lanes whose new names are
        the same become one (an event counts once in it)."""
        out = DensityColumns(starts=self.starts)
        codes = []
        for name in self.lane_names:
            label = label_of(name)
            code = out._code_of.get(label)
            if code is None:
                code = out._code_of[label] = len(out.lane_names)
                out.lane_names.append(label)
            codes.append(code)
        if len(out.lane_names) == len(self.lane_names):  # no two lanes became one
            out.lane_events.extend(self.lane_events)
            out.lane_codes.extend(array("q", (codes[old] for old in self.lane_codes)))
            return out
        seen: set[tuple[int, int]] = set()
        for event, old in zip(self.lane_events, self.lane_codes, strict=True):
            pair = (event, codes[old])
            if pair not in seen:
                seen.add(pair)
                out.lane_events.append(event)
                out.lane_codes.append(codes[old])
        return out

    def __len__(self) -> int:
        return len(self.starts)


def bin_interval(span_seconds: float) -> tuple[str, str]:
    """The finest interval (and its name) that cuts ``span_seconds`` into at most ``MAX_BINS``."""
    for every, unit, seconds in INTERVALS:
        if span_seconds / seconds <= MAX_BINS:
            return every, unit
    return INTERVALS[-1][0], INTERVALS[-1][1]


def bin_end(start: dt.datetime, every: str) -> dt.datetime:
    """The end of the bin that starts at ``start`` (wall time): ``every`` later, by the calendar."""
    amount, unit = int(every.rstrip("hdwmoy")), every.lstrip("0123456789")
    match unit:
        case "h":
            return start + dt.timedelta(hours=amount)
        case "d":
            return start + dt.timedelta(days=amount)
        case "w":
            return start + dt.timedelta(weeks=amount)
    months = amount * (12 if unit == "y" else 1)
    index = start.year * 12 + start.month - 1 + months
    return start.replace(year=index // 12, month=index % 12 + 1)


@dataclass(frozen=True, slots=True)
class BinCounts:
    """How many events each lane has in each bin of the density view, counted by an engine.

    ``counts`` holds (lane, bin start, events): the lane as the reader sees it, the bin's start
    as wall time in the display zone (seconds since 1970, read as if UTC). ``events`` is the
    number of events counted (each once, though it may be in several lanes).
    """

    every: str
    unit: str
    counts: Sequence[tuple[str, int, int]]
    events: int


def density_rows(bins: BinCounts, other_label: Callable[[int], str]) -> list[dict[str, Any]]:
    """The density view's rows: (lane, bin_start, bin_end, events, lane_total), the largest
    ``MAX_LANES - 1`` lanes kept and the rest counted as one (``other_label(how many)``),
    ordered by lane total, lane and bin."""
    totals: dict[str, int] = {}
    for lane, _bin, events in bins.counts:
        totals[lane] = totals.get(lane, 0) + events
    ranked = sorted(totals, key=lambda lane: (-totals[lane], lane))
    top = set(ranked[: MAX_LANES - 1])
    others = len(ranked) - len(top)
    merged: dict[tuple[str, int], int] = {}
    for lane, start, events in bins.counts:
        key = (lane if others <= 1 or lane in top else other_label(others), start)
        merged[key] = merged.get(key, 0) + events
    lane_totals: dict[str, int] = {}
    for (lane, _start), events in merged.items():
        lane_totals[lane] = lane_totals.get(lane, 0) + events
    rows = []
    for (lane, start), events in sorted(
        merged.items(), key=lambda item: (-lane_totals[item[0][0]], item[0][0], item[0][1])
    ):
        begin = dt.datetime(1970, 1, 1) + dt.timedelta(seconds=start)
        rows.append(
            {
                "lane": lane,
                "bin_start": _utc_text(begin),
                "bin_end": _utc_text(bin_end(begin, bins.every)),
                "events": events,
                "lane_total": lane_totals[lane],
            }
        )
    return rows


def _utc_text(moment: dt.datetime) -> str:
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
        f"T{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}Z"
    )
