"""When an event was first reported: its sources' ``published`` days set against its start.

A source's ``published`` is a day in its publisher's zone, which the file does not give. So a
report counts as earlier than the event only when its day was over everywhere on Earth (the
last place a day ends is UTC−12) before the event began; a report dated the day before an
event in a zone ahead of the publisher's (Tokyo's Tuesday morning is Monday evening in New
York) counts as the same day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .models import Event, Source
from .times import TimePoint

_LAST_TO_END = dt.timedelta(days=1, hours=12)
"""From the start of a day in UTC to its end in UTC−12."""
_EPOCH = dt.date(1970, 1, 1).toordinal()


@dataclass(frozen=True, slots=True)
class FirstReport:
    """The earliest dated report of an event, and how long after its start it came out."""

    days: int
    """Days from the event's start day at the place to the report's day: 0 the same day, 1
    the next, negative when it came out before the event began."""
    source: Source
    dated: int
    """How many of the event's reports (its sources that are not announcements) are dated."""
    reports: int

    @property
    def at_the_latest(self) -> bool:
        """Whether some reports are undated, so the first may have come out earlier."""
        return self.dated < self.reports


def first_report(event: Event) -> FirstReport | None:
    """The event's first dated report; ``None`` when no report has a ``published`` day, or
    when the event starts beyond the calendar (no day at the place to count from: the delay of
    a report on the Big Bang is no reporting delay). Announcements (``announcement: true``) are
    not reports of what happened."""
    if not event.start.in_calendar:
        return None
    reports = [source for source in event.sources if not source.announcement]
    dated = [source for source in reports if source.published is not None]
    if not dated:
        return None
    first = min(dated, key=lambda source: source.published or dt.date.max)
    assert first.published is not None
    return FirstReport(report_lag(first.published, event.start), first, len(dated), len(reports))


def report_lag(day: dt.date, start: TimePoint) -> int:
    """Days from ``start`` (its day at the place; for a month or a year, its last day) to a
    report published on ``day``; 0 within it, negative only when certainly before it."""
    first_day = start.local.date()
    last_day = first_day
    if start.precision.is_date_only:
        last_day = (start.period_end - dt.timedelta(microseconds=1)).date()
    if day > last_day:
        return (day - last_day).days
    if day >= first_day or not published_before(day, start):
        return 0
    return (day - first_day).days


def published_before(day: dt.date, start: TimePoint) -> bool:
    """Whether a source published on ``day``, wherever that was, came out before ``start``."""
    # as seconds since 1970, without making datetimes: this runs for every dated source
    over = (day.toordinal() - _EPOCH) * 86400 + _LAST_TO_END.total_seconds()
    return over <= start.begins  # (a start beyond the calendar has no local time)
