"""iCalendar (RFC 5545), through the ``icalendar`` library: one ``VEVENT`` per event.

Written for calendars, and read back into the same events:

* ``UID`` is ``<id>@timeline``; ``SUMMARY`` the title; ``DESCRIPTION`` the summary followed by
  the sources; ``URL`` the first source; ``LOCATION`` the place as text; ``CATEGORIES`` the tags.
* A timed ``DTSTART``/``DTEND`` carries the event's ``TZID``, and the calendar the matching
  ``VTIMEZONE``\\s (UTC times are written with ``Z``). A wall time that happens twice in its zone
  is written in UTC, since iCalendar would read it as the first of the two.
* A date-only event is all-day (``VALUE=DATE``). Our end date is inclusive and ``DTEND`` is
  exclusive, so ``DTEND`` is the day after the end (or after the start, when there is no end).
  Month and year precision are kept in an ``X-TIMELINE-PRECISION`` parameter.
* What calendars have no property for is kept in ``X-TIMELINE-*`` properties, which calendar
  programs ignore: ``KIND``, ``TIMEZONE`` (of all-day events), ``APPROXIMATE``, ``VENUE``,
  ``CITY``, ``COUNTRY``, ``PARTICIPANT`` (``Name <id>``), ``OUTCOME``,
  ``NOTES`` and ``SOURCE`` (each source as JSON). ``part_of`` is ``RELATED-TO;RELTYPE=PARENT``,
  ``follows`` and ``responds_to`` are ``RELATED-TO`` with ``RELTYPE=X-TIMELINE-FOLLOWS`` and
  ``X-TIMELINE-RESPONDS-TO``.
* Not kept: actors' role and country. The calendar's name and description (``X-WR-CALNAME``,
  ``X-WR-CALDESC``) are the timeline's title and description.

Reading any other calendar: the zone is the ``TZID`` (IANA or Windows names, or a zone the
file defines in a ``VTIMEZONE``: see ``zones``); floating times take ``--timezone`` (or the
calendar's ``X-WR-TIMEZONE``) and are an error without one; UTC times and all-day events
without either are placed in UTC. Ids are made from the summaries, ``kind`` is ``other``, a web
``URL`` is the source. A repeating event becomes an event for the series and one for each
occurrence (``part_of`` the series), expanded by ``recurring-ical-events`` with its
``EXDATE``\\s and moved occurrences (``RECURRENCE-ID``). What cannot become an event — a to-do,
a journal entry, a cancelled event, one without a readable start — is skipped and reported at
its line; the text is read by ``calendar_text`` first, so that one bad line or an unclosed
calendar costs no more than the lines concerned. Attendees, alarms and other properties are
reported as not kept.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import warnings
import zoneinfo
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import icalendar

from ..core.document import Document
from ..core.errors import Code, PathKey, Problem
from ..core.ids import is_slug, slugify
from ..core.models import Source
from ..core.times import Precision, TimePoint, country_names
from .calendar_text import CALENDAR, ITEMS, Block, Scan, scan
from .mapping import (
    DEFAULT_ZONE,
    IdMaker,
    ImportOptions,
    Losses,
    assumed_zone_warning,
    is_ambiguous,
    is_zone,
    made_title,
    parse_participant,
    participant_text,
    time_text,
)
from .zones import ZoneChoice, choose

if TYPE_CHECKING:
    from ..core.models import Event, Place
    from ..core.timeline import Timeline

UID_DOMAIN = "timeline"
PRODID = "-//timeline//timeline events//EN"
X = "X-TIMELINE-"

_KEPT = {
    "UID",
    "SUMMARY",
    "DESCRIPTION",
    "DTSTART",
    "DTEND",
    "DURATION",
    "URL",
    "LOCATION",
    "CATEGORIES",
    "RELATED-TO",
    "RRULE",
    "RDATE",
    "EXDATE",
    "RECURRENCE-ID",
    "STATUS",
}
_IGNORED = {"DTSTAMP", "CREATED", "LAST-MODIFIED", "SEQUENCE", "TRANSP", "CLASS", "PRIORITY"}
_DEFAULT_RELTYPE = "PARENT"
_RELATIONS = {"PARENT": "part_of", f"{X}FOLLOWS": "follows", f"{X}RESPONDS-TO": "responds_to"}
_TEXT_ESCAPE = re.compile(r"\\([\\;,nN])")
# Control characters RFC 5545 (§3.3.11) forbids in TEXT: all of C0 but TAB, and DEL; a CR is
# one unless it ends a line. A reader that splits lines loosely would see lines in them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)|(?<!\r)\n")


# ---------------------------------------------------------------------------------------------
# Writing


def write(timeline: Timeline) -> tuple[str, list[str]]:
    """The timeline as an iCalendar file, with the ``VTIMEZONE``\\s its events need."""
    losses = Losses("ics")
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if timeline.title is not None:
        calendar.add("x-wr-calname", icalendar.vText(timeline.title))
    if timeline.description is not None:
        calendar.add("x-wr-caldesc", icalendar.vText(timeline.description))
    stamp = _stamp()
    for event in timeline:
        if not all(_in_calendar(point) for point in (event.start, event.end) if point):
            losses.add("whole event", "iCalendar's dates hold years 1 to 9999 only")
            continue
        calendar.add_component(_vevent(event, timeline, stamp, losses))
        losses.add_claims(event, kept={"announcement"})  # sources are kept whole
    for actor in timeline.actors.values():
        if actor.role is not None or actor.country is not None:
            losses.add("role/country", "participants keep their name and id", unit="actor")
    losses.add_translations(timeline)
    if len(timeline):
        first, last = _years(timeline)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    text, replaced = _CONTROL.subn("\ufffd", calendar.to_ical().decode("utf-8"))
    notes = losses.notes()
    if replaced:
        notes.append(
            f"ics: {replaced} control character{'s' * (replaced != 1)} written as U+FFFD "
            "(RFC 5545 forbids them in text)"
        )
    return text, notes


def _in_calendar(point: TimePoint) -> bool:
    """Whether iCalendar can hold the point (an open end is left out, and said so)."""
    return point.in_calendar or (point.is_open)


def _years(timeline: Timeline) -> tuple[dt.date, dt.date]:
    """The stretch the ``VTIMEZONE`` rules must cover: every event, a year to spare."""
    years = [p.local.year for e in timeline for p in (e.start, e.end) if p and p.in_calendar]
    if not years:
        years = [2000]
    return dt.date(max(min(years) - 1, 1), 1, 1), dt.date(min(max(years) + 2, 9999), 1, 1)


def _stamp() -> dt.datetime:
    """When the calendar was made (DTSTAMP): now, or ``$SOURCE_DATE_EPOCH`` when it is set,
    as reproducible builds do, so that exporting the same events twice gives the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _vevent(event: Event, timeline: Timeline, stamp: dt.datetime, losses: Losses) -> Any:
    vevent = icalendar.Event()
    vevent.add("uid", f"{event.id}@{UID_DOMAIN}")
    vevent.add("dtstamp", stamp)
    vevent.add("summary", event.title)
    _add_times(vevent, event, losses)
    if event.summary is not None or event.sources:
        vevent.add("description", _description(event.summary, event.sources))
    if event.sources:
        vevent.add("url", event.sources[0].url)
    if event.place is not None:
        vevent.add("location", _location(event.place))
        for field in ("venue", "city", "country"):
            value = getattr(event.place, field)
            if value is not None:
                _add_text(vevent, field, value)
    if event.tags:
        vevent.add("categories", list(event.tags))
    for relation in event.relations:
        reltype = {"part_of": "PARENT"}.get(relation.kind, f"{X}{_dashed(relation.kind)}")
        vevent.add("related-to", f"{relation.target}@{UID_DOMAIN}", parameters={"RELTYPE": reltype})
    _add_text(vevent, "kind", event.kind.value)
    if event.approximate:
        _add_text(vevent, "approximate", "TRUE")
    for key in event.participants:
        actor = timeline.actors.get(key)
        name = actor.name if actor is not None else None
        _add_text(vevent, "participant", participant_text(key, name))
    for outcome in event.outcomes:
        _add_text(vevent, "outcome", outcome)
    if event.notes is not None:
        _add_text(vevent, "notes", event.notes)
    for source in event.sources:
        _add_text(vevent, "source", json.dumps(_source_data(source), ensure_ascii=False))
    return vevent


def _add_text(vevent: Any, field: str, value: str) -> None:
    vevent.add(f"{X}{_dashed(field)}", icalendar.vText(value), parameters={"VALUE": "TEXT"})


def _dashed(field: str) -> str:
    return field.upper().replace("_", "-")


def _add_times(vevent: Any, event: Event, losses: Losses) -> None:
    start, end = event.start, event.end
    if end is not None and end.is_open:
        losses.add("end", "an open end (..) has no DTEND")
        end = None
    if start.is_open and end is not None:
        losses.add("start", "an open start (..) is written as the end")
        start, end = end, None
    for field, point in (("start", start), ("end", end)):
        if point is not None and point.edtf is not None:
            losses.add(field, "EDTF dates are written as the days they cover, without ?, ~, %")
    if start.precision.is_date_only:
        vevent.add("dtstart", start.local.date(), parameters=_precision(start.precision))
        last = end or start
        if not last.precision.is_date_only:
            losses.add("end time", "an all-day event ends on a date")
            last = TimePoint(last.local.start_of("day"), Precision.DAY)
        vevent.add("dtend", last.period_end.date(), parameters=_precision(last.precision))
        _add_text(vevent, "timezone", event.timezone)
        return
    written_in_utc = False
    moment, in_utc = _moment(start)
    vevent.add("dtstart", moment)
    written_in_utc |= in_utc
    if end is not None:
        if end.precision.is_date_only:
            # A date after a timed start: the moment its period ends, with the precision said.
            vevent.add(
                "dtend",
                _moment(TimePoint(end.period_end, Precision.TIME))[0],
                parameters=_precision(end.precision, always=True),
            )
        else:
            moment, in_utc = _moment(end)
            vevent.add("dtend", moment)
            written_in_utc |= in_utc
    if written_in_utc and event.timezone != DEFAULT_ZONE:
        _add_text(vevent, "timezone", event.timezone)


def _moment(point: TimePoint) -> tuple[dt.datetime, bool]:
    """The time for ``DTSTART``/``DTEND``, and whether it had to be written in UTC."""
    local = point.local
    zone = local.timezone_name or DEFAULT_ZONE
    if zone in {"UTC", "Etc/UTC"} or is_ambiguous(local):
        return dt.datetime.fromtimestamp(local.timestamp(), dt.UTC), True
    naive = dt.datetime(*local.timetuple()[:6], local.microsecond)
    return naive.replace(tzinfo=zoneinfo.ZoneInfo(zone)), False


def _precision(precision: Precision, *, always: bool = False) -> dict[str, str]:
    if always or precision in (Precision.YEAR, Precision.MONTH):
        return {f"{X}PRECISION": precision.value.upper()}
    return {}


def _description(summary: str | None, sources: tuple[Source, ...] | list[Source]) -> str:
    parts = [summary] if summary is not None else []
    if sources:
        parts.append(_sources_text(sources))
    return "\n\n".join(parts)


def _sources_text(sources: tuple[Source, ...] | list[Source]) -> str:
    lines = ["Sources:"]
    for source in sources:
        about = [source.publisher, source.title, source.published and str(source.published)]
        details = ", ".join(str(a) for a in about if a)
        lines.append(f"- {source.url}" + (f" ({details})" if details else ""))
    return "\n".join(lines)


def _location(place: Place) -> str:
    country = country_names().get(place.country, place.country)
    return ", ".join(p for p in (place.venue, place.city, country) if p)


def _source_data(source: Source) -> dict[str, Any]:
    data: dict[str, Any] = source.model_dump(mode="json", exclude_none=True)
    return data


# ---------------------------------------------------------------------------------------------
# Reading


class _Skip(Exception):
    """An item that cannot become an event, with why and the line where the trouble is."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason, self.line = reason, line


@dataclass
class _Item:
    """A calendar component that may become events, with its block in the text."""

    block: Block
    component: Any
    calendar: int
    unreadable: str = ""
    uid: str | None = None


def read(text: str, name: str, options: ImportOptions) -> Document:
    """An iCalendar file as events-file data (see the module docstring)."""
    scanned = scan(text)
    reader = _Reader(name, options, scanned)
    if not scanned.calendars:
        problem = Problem(
            "empty",
            "no iCalendar components (BEGIN:VCALENDAR, BEGIN:VEVENT) in the file",
            name,
            1 if text.strip() else None,
            1 if text.strip() else None,
        )
        return Document(None, name, [*reader.notes(), problem], items=0)
    return reader.document()


class _Reader:
    """One calendar file's components as events: each item imported, or skipped and said why."""

    def __init__(self, name: str, options: ImportOptions, scanned: Scan) -> None:
        self.name = name
        self.options = options
        self.scanned = scanned
        self.problems: list[Problem] = []
        self.losses = Losses("ics")
        self.actors: dict[str, dict[str, str]] = {}
        self.assumed = 0
        self.floating: list[int] = []
        self.events: list[dict[str, Any]] = []
        self.origins: list[int] = []
        self.zones: dict[str, ZoneChoice | None] = {}
        self.blocks: dict[str, tuple[dt.tzinfo | None, int]] = {}
        self.fallbacks: list[str | None] = []
        self.title: str | None = None
        self.description: str | None = None
        self.accounted: set[int] = set()
        self.endless: list[int] = []
        self.horizon = dt.date(9998, 12, 31)
        self.dropped: frozenset[int] = frozenset()
        self.ids = IdMaker()
        self.id_of_uid: dict[str, str] = {}

    # -- problems ---------------------------------------------------------------------------

    def notes(self) -> list[Problem]:
        return [
            Problem("ics-syntax", message, self.name, line, 1, severity="warning")
            for line, message in self.scanned.notes
        ]

    def warn(self, code: Code, message: str, line: int | None) -> None:
        self.problems.append(Problem(code, message, self.name, line, 1, severity="warning"))

    def skip(self, item: _Item, reason: str, line: int | None = None) -> None:
        self.accounted.add(id(item))
        self.problems.append(
            Problem(
                "skipped",
                f"{item.block.name} skipped: {reason}",
                self.name,
                line or item.block.line,
                1,
                severity="warning",
            )
        )

    # -- the calendars ----------------------------------------------------------------------

    def document(self) -> Document:
        items: list[_Item] = []
        for number, block in enumerate(self.scanned.calendars):
            calendar = self._parse(block, items, number)
            zone = _string(calendar.get("X-WR-TIMEZONE")) if calendar is not None else None
            self.fallbacks.append(
                self.options.timezone or (zone if zone and is_zone(zone) else None)
            )
            if calendar is not None and self.title is None:
                self.title = _string(calendar.get("X-WR-CALNAME")) or _string(calendar.get("NAME"))
                self.description = _string(calendar.get("X-WR-CALDESC"))
        items.sort(key=lambda item: item.block.line)
        self._read_items(items)
        if self.floating:
            count = len(self.floating)
            noun = "event has" if count == 1 else "events have"
            self.problems.append(
                Problem(
                    "needs-timezone",
                    f"{count} {noun} a floating time (no TZID, no Z): pass the zone the times "
                    "are local to with --timezone ZONE (an IANA name such as Europe/Berlin)",
                    self.name,
                    self.floating[0],
                    1,
                )
            )
        problems = self.notes() + self.problems + self.losses.warnings(self.name)
        if self.assumed:
            problems.append(assumed_zone_warning(self.name, self.assumed))
        data: dict[str, Any] = {"title": self.title, "description": self.description}
        data = {k: v for k, v in data.items() if v is not None}
        if self.actors:
            data["actors"] = self.actors
        data["events"] = self.events
        origins = self.origins

        def locate(path: PathKey, key: bool) -> tuple[int, int] | None:
            if len(path) >= 2 and path[0] == "events" and isinstance(path[1], int):
                return (origins[path[1]], 1) if path[1] < len(origins) else None
            return None

        return Document(data, self.name, problems, locate, items=len(items))

    def _parse(self, block: Block, items: list[_Item], number: int) -> Any:
        """Parse one calendar with ``icalendar``; lines it cannot read are left out (and
        reported), and so are components it cannot read (items among them skipped)."""
        blocks = list(block.preorder())
        calendar = self._whole(block, blocks)
        if calendar is None:
            return self._piecewise(block, items, number)
        components = calendar.walk()
        if [c.name for c in components] != [b.name for b in blocks]:
            return self._piecewise(block, items, number)
        for found, component in zip(blocks, components, strict=True):
            self._collect(found, component, items, number)
        return calendar

    def _whole(self, block: Block, blocks: list[Block]) -> Any:
        try:
            return _from_ical(block.text())
        except ValueError:
            pass
        dropped: set[int] = set()
        for found in blocks:
            for line, content in found.properties:
                try:
                    icalendar.parser.Contentline(content).parts()  # type: ignore[no-untyped-call]
                except ValueError as exc:
                    dropped.add(line)
                    self.warn(
                        "ics-syntax", f"cannot read this line ({_reason(exc)}); left out", line
                    )
        if not dropped:
            return None
        self.dropped |= dropped
        try:
            return _from_ical(block.text(self.dropped))
        except ValueError:
            return None

    def _piecewise(self, block: Block, items: list[_Item], number: int) -> Any:
        """Each component of the calendar on its own, with the calendar's time zones."""
        dropped = self.dropped
        head = Block(block.name, block.line, block.end, block.properties)
        zones = []
        for child in block.children:
            if child.name == "VTIMEZONE":
                try:
                    _from_ical(Block(CALENDAR, 0, 0, [], [child]).text(dropped))
                    zones.append(child)
                except ValueError as exc:
                    self.warn(
                        "ics-value",
                        f"cannot read this VTIMEZONE ({_reason(exc)}); left out",
                        child.line,
                    )
        try:
            calendar = _from_ical(head.text(dropped))
        except ValueError:
            calendar = icalendar.Calendar()
        for child in block.children:
            if child.name == "VTIMEZONE" and child not in zones:
                continue
            text = Block(CALENDAR, 0, 0, [], [*zones, child]).text(dropped)
            skip = 1 + sum(len(list(zone.preorder())) for zone in zones)
            try:
                parsed = _from_ical(text).walk()[skip:]
            except ValueError as exc:
                self._unreadable(child, exc, items)
                continue
            found = list(child.preorder())
            if [c.name for c in parsed] != [b.name for b in found]:
                self._unreadable(child, ValueError("its parts could not be told apart"), items)
                continue
            for part, component in zip(found, parsed, strict=True):
                self._collect(part, component, items, number)
                if component.name == "VTIMEZONE":
                    calendar.add_component(component)
        return calendar

    def _unreadable(self, block: Block, exc: ValueError, items: list[_Item]) -> None:
        parts = [part for part in block.preorder() if part.name in ITEMS]
        for part in parts:
            items.append(_Item(part, None, -1, _reason(exc)))
        if not parts:
            self.warn(
                "ics-value", f"cannot read this {block.name} ({_reason(exc)}); left out", block.line
            )

    def _collect(self, block: Block, component: Any, items: list[_Item], number: int) -> None:
        if self.scanned.long_values:
            for prop, value in list(component.items()):
                if isinstance(value, str) and str(value) in self.scanned.long_values:
                    # Kept aside while icalendar parsed (see calendar_text.LONG_VALUE); as
                    # written, so that ``_text`` unescapes it.
                    component[prop] = icalendar.vUnknown(self.scanned.long_values[str(value)])
        if block.name in ITEMS:
            items.append(_Item(block, component, number, uid=_string(component.get("UID"))))
        elif block.name == "VTIMEZONE":
            tzid = _string(component.get("TZID"))
            if tzid is None or tzid in self.blocks:
                return
            try:
                # Built from this block: icalendar keeps zones by TZID across files, and
                # "Customized Time Zone" in one Exchange export is not the one in another.
                tz: dt.tzinfo | None = component.to_tz(lookup_tzid=False)
            except Exception:
                tz = None
            self.blocks[tzid] = (tz, block.line)

    # -- the items --------------------------------------------------------------------------

    def _read_items(self, items: list[_Item]) -> None:
        self.ids = IdMaker(
            i for item in items if item.component is not None and (i := _our_id(_uid(item)))
        )
        series: dict[tuple[int, str], _Item] = {}
        overrides: dict[tuple[int, str], list[_Item]] = {}
        for item in items:
            if item.component is None or item.block.name != "VEVENT":
                continue
            uid = _uid(item)
            if uid is None:
                continue
            if item.component.get("RECURRENCE-ID") is not None:
                overrides.setdefault((item.calendar, uid), []).append(item)
            elif _repeats(item.component):
                series.setdefault((item.calendar, uid), item)
        taken = {id(o) for key in series for o in overrides.get(key, [])}
        self.horizon = _horizon(items)
        relations: list[tuple[Any, int]] = []
        for item in items:
            if item.component is None:
                self.skip(item, f"it cannot be read: {item.unreadable}")
                continue
            if item.block.name != "VEVENT":
                what = {"VTODO": "a to-do", "VJOURNAL": "a journal entry"}[item.block.name]
                self.skip(item, f"{what}, not an event; only VEVENTs are imported")
                continue
            if id(item) in taken:
                continue  # read with its series
            before = len(self.events)
            try:
                key = (item.calendar, _uid(item) or "")
                if key in series and series[key] is item:
                    self._series(item, overrides.get(key, []))
                else:
                    self._single(item)
            except _Skip as skip:
                del self.events[before:], self.origins[before:]
                self.skip(item, skip.reason, skip.line)
                continue
            relations += [(item.component, i) for i in range(before, len(self.events))]
        for item in items:
            if id(item) not in self.accounted:
                self.skip(item, "the repeating event it changes is skipped (see that one)")
        for component, index in relations:
            self._relations(component, self.events[index])
        if self.endless:
            count = len(self.endless)
            self.problems.append(
                Problem(
                    "repeats-cut",
                    f"{count:,} event{' repeats' if count == 1 else 's repeat'} without end; "
                    f"occurrences up to {self.horizon} (a year after the last date the calendar "
                    "gives) are imported: pass --until DATE to choose",
                    self.name,
                    self.endless[0],
                    1,
                    severity="warning",
                )
            )

    def _single(self, item: _Item) -> None:
        component = item.component
        self._check(item, component)
        cancelled = self._cancelled(component)
        event = self._event(item, component, None)
        if cancelled:
            event.setdefault("tags", []).append(CANCELLED_TAG)
        self._add(event, item)

    def _add(self, event: dict[str, Any], item: _Item) -> None:
        self.events.append(event)
        self.origins.append(item.block.line)
        self.accounted.add(id(item))

    def _cancelled(self, component: Any) -> bool:
        """Whether the component is cancelled; ``_Skip`` unless cancelled ones are kept."""
        if str(component.get("STATUS", "")).upper() != "CANCELLED":
            return False
        if not self.options.keep_cancelled:
            raise _Skip("it is cancelled (STATUS:CANCELLED); pass --keep-cancelled to import it")
        return True

    def _check(self, item: _Item, component: Any) -> None:
        """``_Skip`` for an item whose start cannot be read. An end that cannot be read is left
        out, and a time given more than once is read once; both are reported."""
        errors = dict(getattr(component, "errors", []))
        if component.get("DTSTART") is None and "DTSTART" not in errors:
            raise _Skip("it has no DTSTART; an event needs a start")
        for prop in ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID"):
            lines = item.block.property_lines(prop)
            line = lines[0] if lines else item.block.line
            if prop in errors:
                if prop in ("DTSTART", "RECURRENCE-ID"):
                    raise _Skip(f"cannot read its {prop}: {errors[prop]}", line)
                self.warn("ics-value", f"cannot read {prop} ({errors[prop]}); left out", line)
                component.pop(prop)
                continue
            values = _list(component.get(prop))
            if len(values) < 2:
                continue
            if len({_key(v) for v in values}) > 1:
                where = ", ".join(str(n) for n in lines)
                self.warn(
                    "ics-value",
                    f"{prop} is given {len(values)} times (lines {where}) with different values; "
                    "the first is read",
                    line,
                )
            else:
                self.losses.add(f"{prop} (repeated)", "the same value; read once")
            component.pop(prop)
            component.add(prop, values[0].dt, parameters=dict(values[0].params))

    def _series(self, item: _Item, overrides: list[_Item]) -> None:
        """A repeating event: an event for the series, and one for each occurrence."""
        master = item.component
        self._check(item, master)
        self._cancelled(master)
        occurrences, left_out = self._expand(item, overrides)
        by_recurrence = {}
        for override in overrides:
            try:
                self._check(override, override.component)
            except _Skip as skip:
                self.skip(override, skip.reason, skip.line)
                continue
            by_recurrence[_key(override.component["RECURRENCE-ID"])] = override
        if not occurrences:
            for override in by_recurrence.values():
                self.skip(override, "its series has no occurrence to import")
            raise _Skip(
                "it repeats, but no occurrence is left: each is excluded (EXDATE)"
                + (" or outside the window" + self._window_text() if self._window_text() else "")
            )
        series = self._event(item, master, None)
        series_id = series["id"]
        firsts = []
        used: set[int] = set()
        unread: list[str] = []
        for occurrence in occurrences:
            rid = occurrence.get("RECURRENCE-ID")
            source = by_recurrence.get(_key(rid)) if rid is not None else None
            origin = source or item
            try:
                cancelled = self._cancelled(occurrence)
                event = self._event(origin, occurrence, series_id)
            except _Skip as skip:
                if source is not None:
                    used.add(id(source))
                    self.skip(source, skip.reason, skip.line)
                else:
                    unread.append(skip.reason)
                continue
            if source is not None:
                used.add(id(source))
            if cancelled:
                event.setdefault("tags", []).append(CANCELLED_TAG)
            event["part_of"] = series_id
            firsts.append((event, origin))
        for override in by_recurrence.values():
            if id(override) not in used:
                self.skip(
                    override,
                    "the occurrence it changes is not among those imported" + self._window_text(),
                )
        if unread:
            self.warn(
                "ics-value",
                f"{len(unread):,} occurrences of {series['title']!r} are not imported: {unread[0]}",
                item.block.line,
            )
        if not firsts:
            raise _Skip("none of its occurrences can be imported")
        if len(firsts) == 1 and firsts[0][1] is item:
            only = firsts[0][0]
            series |= {k: only[k] for k in ("timezone", "start") if k in only}
            series.pop("end", None)
            if "end" in only:
                series["end"] = only["end"]
            self._add(series, item)
            return
        series["start"] = firsts[0][0]["start"]
        last = firsts[-1][0]
        end = last.get("end", last["start"])
        if end != series["start"]:
            series["end"] = end
        else:
            series.pop("end", None)
        self._add(series, item)
        for event, origin in firsts:
            self._add(event, origin)
        if left_out:
            self.problems.append(
                Problem(
                    "repeats-cut",
                    f"{series['title']!r} repeats {left_out}; pass --since/--until (or "
                    "--max-occurrences N) to choose which are imported",
                    self.name,
                    item.block.line,
                    1,
                    severity="warning",
                )
            )

    def _window_text(self) -> str:
        since, until = self.options.since, self.options.until
        if since is None and until is None:
            return ""
        return f" between {since or 'the start'} and {until or 'the end'} (--since/--until)"

    def _expand(self, item: _Item, overrides: list[_Item]) -> tuple[list[Any], str]:
        """The occurrences of a series in the window, at most ``max_occurrences``, and how
        many were left out (as words), computed by ``recurring-ical-events``."""
        import recurring_ical_events

        master = item.component
        for prop in ("RRULE", "RDATE", "EXDATE"):
            broken = [message for name, message in getattr(master, "errors", []) if name == prop]
            if broken:
                lines = item.block.property_lines(prop)
                self.warn(
                    "ics-value",
                    f"cannot read {prop} ({broken[0]}); the event's other repeats are imported",
                    lines[0] if lines else item.block.line,
                )
                master.pop(prop)
        calendar = icalendar.Calendar()
        calendar.add_component(master)
        for override in overrides:
            calendar.add_component(override.component)
        since, until = self.options.since, self.options.until
        cap = self.options.max_occurrences
        rules = [str(rule.to_ical()) for rule in _list(master.get("RRULE"))]
        endless = bool(rules) and all("COUNT" not in r and "UNTIL" not in r for r in rules)
        # A moved occurrence may start before the series does (Google writes such files).
        starts = [_dt(o.component.get("DTSTART")) for o in overrides] + [master["DTSTART"].dt]
        first = min(_day(d) for d in starts if isinstance(d, dt.date))
        start = since or max(first, dt.date(1, 1, 3))
        stop = until or (self.horizon if endless else None)
        try:
            query = recurring_ical_events.of(calendar)
            if stop is not None:
                found = query.between(start, stop + dt.timedelta(days=1))
                found.sort(key=lambda o: _key(o["DTSTART"]))
            else:
                found = list(_first(query.after(start), cap + 1))
        except Exception as exc:
            lines = item.block.property_lines("RRULE")
            self.warn(
                "ics-value",
                f"cannot expand its repeats ({_reason(exc)}); only its first occurrence is "
                "imported",
                lines[0] if lines else item.block.line,
            )
            return [master], ""
        if endless and until is None:
            self.endless.append(item.block.line)
        if len(found) <= cap:
            return found, ""
        kept = found[:cap]
        last = _day(kept[-1]["DTSTART"].dt)
        more = f"{len(found) - cap:,}" if stop is not None else "more"
        return kept, (
            f"{len(found) if stop is not None else 'more than ' + str(cap)} times; the first "
            f"{cap:,} are imported (to {last}) and {more} left out"
        )

    # -- one event --------------------------------------------------------------------------

    def _event(self, item: _Item, component: Any, series_id: str | None) -> dict[str, Any]:
        """An event from a component (or an occurrence of one); ``_Skip`` when it cannot be."""
        # A plain dict: icalendar's case-insensitive lookups cost more than the rest together.
        props = dict(component.items())
        times = self._times(item, props)
        zone, start, end = times
        given = _string(props.get("SUMMARY"))
        description = _string(props.get("DESCRIPTION"))
        title = given or made_title((description, _string(props.get("LOCATION"))), start)
        if series_id is not None:
            event_id = self.ids.keep(f"{series_id}-{_stamp_of(start)}")
        else:
            event_id = _our_id(_uid(item)) or self.ids.make(title)
            if (uid := _uid(item)) is not None:
                self.id_of_uid.setdefault(uid, event_id)
        if given is None and series_id is None:
            self.warn(
                "no-title",
                f"no SUMMARY; the title is made from the event: {title!r}",
                item.block.line,
            )
        event: dict[str, Any] = {"id": event_id, "title": title}
        kind = _string(props.get(f"{X}KIND"))
        event |= {"kind": kind or "other", "timezone": zone, "start": start}
        if end is not None:
            event["end"] = end
        if _string(props.get(f"{X}APPROXIMATE")) == "TRUE":
            event["approximate"] = True
        sources = [_json(s) for s in _strings(props.get(f"{X}SOURCE"))]
        place = self._place(props)
        if place:
            event["place"] = place
        participants = self._participants(props)
        if participants:
            event["participants"] = participants
        url = _string(props.get("URL"))
        if not sources and url:
            if re.match(r"^https?://", url):
                sources = [{"url": url}]
            else:
                self.losses.add("URL", "only web addresses become sources")
        if sources:
            event["sources"] = sources
        summary = _summary(description, sources)
        if summary is not None:
            event["summary"] = summary
        outcomes = _strings(props.get(f"{X}OUTCOME"))
        if outcomes:
            event["outcomes"] = outcomes
        tags = self._tags(props)
        if tags:
            event["tags"] = tags
        if (notes := _string(props.get(f"{X}NOTES"))) is not None:
            event["notes"] = notes
        if series_id is None:
            self._report_unkept(component)
        return event

    def _times(self, item: _Item, component: Any) -> tuple[str, str, str | None]:
        """The event's zone, start and end as written in an events file."""
        start_prop = component.get("DTSTART")
        start_value = self._own_zone(start_prop)
        stated = _string(component.get(f"{X}TIMEZONE"))
        stated = stated if stated and is_zone(stated) else None
        fallback = self.fallbacks[item.calendar] if item.calendar >= 0 else None
        if isinstance(start_value, dt.datetime):
            zone, start_local = self._place_time(item, start_prop, stated, fallback)
            start = time_text(start_local, Precision.TIME)
        elif isinstance(start_value, dt.date):
            if stated or fallback:
                zone = stated or fallback or DEFAULT_ZONE
            else:
                zone = DEFAULT_ZONE
                self.assumed += 1
            start = time_text(start_value, _precision_of(start_prop, Precision.DAY))
        else:
            raise _Skip("its DTSTART is a time of day without a date", self._line(item, "DTSTART"))
        try:
            end = self._end(item, component, start_value, zone, start, fallback)
        except ValueError as exc:
            raise _Skip(str(exc), self._line(item, "DTEND")) from None
        return zone, start, end

    def _line(self, item: _Item, prop: str) -> int | None:
        lines = item.block.property_lines(prop)
        return lines[0] if lines else None

    def _place_time(
        self, item: _Item, prop: Any, stated: str | None, fallback: str | None
    ) -> tuple[str, dt.datetime]:
        """The zone of a timed ``DTSTART``/``DTEND`` and the time in it."""
        value, tzid = self._own_zone(prop), prop.params.get("TZID")
        if tzid:
            choice = self._zone_choice(str(tzid), value, self._line(item, "DTSTART"))
            if choice is not None:
                zone = stated or choice.zone
                return zone, _in_zone(value, zone)
            if fallback is not None:
                return fallback, _in_zone(value.replace(tzinfo=None), fallback)
            raise _Skip(
                f"TZID {str(tzid)!r} is not an IANA or Windows time zone name and the file "
                "does not define it: pass the zone to read its times in with --timezone ZONE",
                self._line(item, "DTSTART"),
            )
        if value.tzinfo is not None and value.utcoffset() == dt.timedelta(0):
            zone = stated or fallback or DEFAULT_ZONE  # a UTC time: the instant is known
            return zone, _in_zone(value, zone)
        if fallback is not None:
            return fallback, _in_zone(value, fallback)
        line = self._line(item, "DTSTART") or item.block.line
        if line not in self.floating:
            self.floating.append(line)
        zone = stated or DEFAULT_ZONE  # stands in; the error about floating times keeps it out
        return zone, _in_zone(value, zone)

    def _own_zone(self, prop: Any) -> Any:
        """A time's value in the zone this file's ``VTIMEZONE`` block for its ``TZID`` gives
        (icalendar may have attached a block of the same name from another file)."""
        value, tzid = prop.dt, prop.params.get("TZID")
        block = self.blocks.get(str(tzid), (None, 0))[0] if tzid else None
        if block is not None and isinstance(value, dt.datetime):
            return value.replace(tzinfo=block)
        return value

    def _zone_choice(self, tzid: str, value: dt.datetime, used: int | None) -> ZoneChoice | None:
        if tzid not in self.zones:
            block, line = self.blocks.get(tzid, (None, used))
            moment = value if value.tzinfo is not None else None
            choice = choose(tzid, block, [moment.astimezone(dt.UTC)] if moment else [])
            self.zones[tzid] = choice
            if choice is not None and choice.how:
                self.warn("assumed-zone", choice.how, line)
        return self.zones[tzid]

    def _end(
        self,
        item: _Item,
        component: Any,
        start_value: dt.date,
        zone: str,
        start: str,
        fallback: str | None,
    ) -> str | None:
        end_prop, duration = component.get("DTEND"), component.get("DURATION")
        if end_prop is not None:
            end_value = self._own_zone(end_prop)
        elif duration is not None and isinstance(duration.dt, dt.timedelta):
            end_value = start_value + duration.dt
        else:
            return None
        if isinstance(end_value, dt.datetime) != isinstance(start_value, dt.datetime):
            raise ValueError("DTSTART and DTEND must both be dates or both be date-times")
        precision = _precision_of(end_prop, Precision.TIME) if end_prop is not None else None
        if isinstance(end_value, dt.datetime):
            if end_prop is not None and end_prop.params.get("TZID"):
                tzid = str(end_prop.params["TZID"])
                choice = self._zone_choice(tzid, end_value, self._line(item, "DTEND"))
                if choice is not None and choice.from_block:
                    end_value = end_value.astimezone(dt.UTC)
            # A floating end, or one in a zone nobody knows, is read in the start's zone.
            end_local = _in_zone(end_value, zone)
            if precision in (None, Precision.TIME):
                return time_text(end_local, Precision.TIME)
            # A date after a timed start, written as the moment its period ends.
            return time_text(end_local - dt.timedelta(days=1), precision)
        if end_value <= start_value:
            return None  # an empty all-day event: read as the one day
        day_precision = Precision.DAY if precision in (None, Precision.TIME) else precision
        end = time_text(end_value - dt.timedelta(days=1), day_precision)
        return None if end == start else end

    def _place(self, component: Any) -> dict[str, str]:
        place = {
            field: value
            for field in ("venue", "city", "country")
            if (value := _string(component.get(f"{X}{field.upper()}"))) is not None
        }
        if not place and _string(component.get("LOCATION")):
            self.losses.add("LOCATION", "an events-file place needs a country")
        return place

    def _participants(self, component: Any) -> list[str]:
        keys = []
        for text in _strings(component.get(f"{X}PARTICIPANT")):
            key, name = parse_participant(text)
            self.actors.setdefault(key, {"name": name})
            keys.append(key)
        return keys

    def _tags(self, component: Any) -> list[str]:
        tags = []
        for prop in _list(component.get("CATEGORIES")):
            for category in getattr(prop, "cats", [prop]):
                tag = str(category)
                tag = tag if is_slug(tag) else slugify(tag, "category")
                if tag != str(category):
                    self.losses.add(
                        "CATEGORIES", f"written as tags, e.g. {str(category)!r} as {tag!r}"
                    )
                if tag not in tags:
                    tags.append(tag)
        return tags

    def _relations(self, component: Any, event: dict[str, Any]) -> None:
        for prop in _list(component.get("RELATED-TO")):
            reltype = str(getattr(prop, "params", {}).get("RELTYPE", _DEFAULT_RELTYPE)).upper()
            field = _RELATIONS.get(reltype)
            target = self.id_of_uid.get(str(prop))
            if field is None or target is None or target == event["id"]:
                why = "not in this file" if field else f"RELTYPE={reltype}"
                self.losses.add("RELATED-TO", why)
            elif field == "part_of":
                if "part_of" not in event:
                    event["part_of"] = target
                else:
                    self.losses.add("RELATED-TO", "an occurrence is part of its series")
            elif target not in event.setdefault(field, []):
                event[field].append(target)

    def _report_unkept(self, component: Any) -> None:
        for prop in component:
            if prop in _KEPT or prop in _IGNORED or prop.startswith("X-"):
                continue
            self.losses.add(prop)
        for sub in component.subcomponents:
            if sub.name not in ITEMS:
                self.losses.add(sub.name)


CANCELLED_TAG = "cancelled"
"""Tag of calendar events imported with ``--keep-cancelled``."""


def _from_ical(text: str) -> Any:
    """One calendar parsed by ``icalendar``; its guesses about vendor TZIDs are not warnings
    for our users (the zone is checked again here)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return icalendar.Calendar.from_ical(text)
        except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:
            raise ValueError(_reason(exc)) from exc


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."


def _first(occurrences: Any, count: int) -> Any:
    for number, occurrence in enumerate(occurrences):
        if number >= count:
            return
        yield occurrence


def _day(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _horizon(items: list[_Item]) -> dt.date:
    """A year after the last date the calendar's events give (starts, ends, moved occurrences,
    the ends of repeat rules): where a rule that repeats without end stops being expanded."""
    last = dt.date(1, 1, 1)
    for item in items:
        if item.component is None:
            continue
        for prop in ("DTSTART", "DTEND", "RECURRENCE-ID"):
            for value in _list(item.component.get(prop)):
                if isinstance(moment := _dt(value), dt.date):
                    last = max(last, _day(moment))
        for rule in _list(item.component.get("RRULE")):
            try:
                untils = list(rule.get("UNTIL", []))
            except (AttributeError, ValueError):
                continue
            for until in untils:
                if isinstance(until, dt.date):
                    last = max(last, _day(until))
    return min(last, dt.date(9997, 12, 31)) + dt.timedelta(days=366)


def _uid(item: _Item) -> str | None:
    return item.uid


def _repeats(component: Any) -> bool:
    return component.get("RRULE") is not None or component.get("RDATE") is not None


def _dt(prop: Any) -> Any:
    """A time property's value; ``None`` when it cannot be read."""
    try:
        return prop.dt
    except (AttributeError, ValueError):
        return None


def _key(prop: Any) -> Any:
    """A time property's value in a form that compares equal for the same moment."""
    value = _dt(prop)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        try:
            return ("instant", value.astimezone(dt.UTC).replace(tzinfo=None))
        except (ValueError, OverflowError):
            return ("wall", value.replace(tzinfo=None))
    if isinstance(value, dt.datetime):
        return ("wall", value)
    return ("value", str(value))


def _stamp_of(start: str) -> str:
    """``20250114t1000`` for ``2025-01-14 10:00``: the occurrence's start in an id."""
    return re.sub(r"[^0-9 ]", "", start).strip().replace(" ", "t")[:13]


def _our_id(uid: str | None) -> str | None:
    if uid is None or not uid.endswith(f"@{UID_DOMAIN}"):
        return None
    candidate = uid[: -len(UID_DOMAIN) - 1]
    return candidate if is_slug(candidate) else None


def _in_zone(value: dt.datetime, zone: str) -> dt.datetime:
    tz = zoneinfo.ZoneInfo(zone)
    return value.replace(tzinfo=tz) if value.tzinfo is None else value.astimezone(tz)


def _precision_of(prop: Any, default: Precision) -> Precision:
    written = str(prop.params.get(f"{X}PRECISION", "")).lower()
    return Precision(written) if written in {p.value for p in Precision} else default


def _summary(description: str | None, sources: list[Any]) -> str | None:
    """The event's summary: the ``DESCRIPTION`` less the list of sources we wrote after it."""
    if description is None or not sources or not all(isinstance(s, dict) for s in sources):
        return description
    try:
        footer = _sources_text([Source.model_validate(s) for s in sources])
    except ValueError:
        return description
    if description == footer:
        return None
    if description.endswith("\n\n" + footer):
        return description[: -len(footer) - 2]
    return description


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _string(value: Any) -> str | None:
    """The text of a property (the first, if it is repeated); ``None`` if empty."""
    texts = _strings(value)
    return texts[0] if texts else None


def _strings(value: Any) -> list[str]:
    return [text for v in _list(value) if (text := _text(v)).strip()]


def _text(value: Any) -> str:
    if isinstance(value, icalendar.vUnknown):
        # Properties icalendar has no type for (X-WR-CALNAME, …) come back as written.
        return _TEXT_ESCAPE.sub(lambda m: "\n" if m[1] in "nN" else m[1], str(value))
    return str(value)


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text  # the events file's validation says it is not a source
