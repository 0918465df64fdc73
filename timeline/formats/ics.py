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

Reading any other calendar: the zone is the ``TZID`` (IANA or Windows names); floating times
take ``--timezone`` (or the calendar's ``X-WR-TIMEZONE``) and are an error without one; UTC
times and all-day events without either are placed in UTC. Ids are made from the summaries,
``kind`` is ``other``, a web ``URL`` is the source. Repeat rules, attendees, alarms and other
properties are reported as not kept; only the first occurrence of a repeating event is read.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import zoneinfo
from typing import TYPE_CHECKING, Any

import icalendar

from ..core.document import Document
from ..core.errors import Code, PathKey, Problem
from ..core.ids import is_slug, slugify
from ..core.models import Source
from ..core.times import Precision, TimePoint, country_names
from .mapping import (
    DEFAULT_ZONE,
    STAND_IN_START,
    IdMaker,
    Losses,
    assumed_zone_warning,
    is_ambiguous,
    is_zone,
    parse_participant,
    participant_text,
    time_text,
)

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
}
_IGNORED = {"DTSTAMP", "CREATED", "LAST-MODIFIED", "SEQUENCE", "TRANSP", "CLASS", "PRIORITY"}
_DEFAULT_RELTYPE = "PARENT"
_RELATIONS = {"PARENT": "part_of", f"{X}FOLLOWS": "follows", f"{X}RESPONDS-TO": "responds_to"}
_TEXT_ESCAPE = re.compile(r"\\([\\;,nN])")
_BEGIN_EVENT = re.compile(r"^BEGIN:VEVENT\s*$", re.IGNORECASE | re.MULTILINE)


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
        calendar.add_component(_vevent(event, timeline, stamp, losses))
        losses.add_claims(event, kept={"announcement"})  # sources are kept whole
    for actor in timeline.actors.values():
        if actor.role is not None or actor.country is not None:
            losses.add("role/country", "participants keep their name and id", unit="actor")
    losses.add_translations(timeline)
    if len(timeline):
        first, last = _years(timeline)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical().decode("utf-8"), losses.notes()


def _years(timeline: Timeline) -> tuple[dt.date, dt.date]:
    """The stretch the ``VTIMEZONE`` rules must cover: every event, a year to spare."""
    starts = [e.start.local.year for e in timeline]
    ends = [(e.end or e.start).local.year for e in timeline]
    return dt.date(max(min(starts) - 1, 1), 1, 1), dt.date(min(max(ends) + 2, 9999), 1, 1)


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


def read(text: str, name: str, *, timezone: str | None) -> Document:
    """An iCalendar file as events-file data (see the module docstring)."""
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except ValueError as exc:
        return Document(None, name, [Problem("ics-syntax", f"not iCalendar: {exc}", name, 1, 1)])
    lines = [text.count("\n", 0, m.start()) + 1 for m in _BEGIN_EVENT.finditer(text)]
    vevents = [v for calendar in calendars for v in calendar.walk("VEVENT")]
    if not calendars:
        return Document(None, name, [Problem("empty", "no VCALENDAR in the file", name, 1, 1)])
    return _Reader(name, calendars[0], vevents, lines, timezone).document()


class _Reader:
    def __init__(
        self,
        name: str,
        calendar: Any,
        vevents: list[Any],
        lines: list[int],
        timezone: str | None,
    ) -> None:
        self.name = name
        self.vevents = vevents
        self.lines = lines
        self.timezone = timezone
        calendar_zone = _string(calendar.get("X-WR-TIMEZONE"))
        self.fallback = timezone or (
            calendar_zone if calendar_zone and is_zone(calendar_zone) else None
        )
        self.title = _string(calendar.get("X-WR-CALNAME")) or _string(calendar.get("NAME"))
        self.description = _string(calendar.get("X-WR-CALDESC"))
        self.problems: list[Problem] = []
        self.losses = Losses("ics")
        self.actors: dict[str, dict[str, str]] = {}
        self.assumed = 0
        self.floating: list[int] = []

    def line(self, index: int) -> int | None:
        return self.lines[index] if index < len(self.lines) else None

    def error(self, index: int, code: Code, message: str, field: str = "") -> None:
        path: PathKey = ("VEVENT", index, field) if field else ("VEVENT", index)
        self.problems.append(Problem(code, message, self.name, self.line(index), 1, path))

    def document(self) -> Document:
        uids = [_string(v.get("UID")) for v in self.vevents]
        ours = [_our_id(uid) for uid in uids]
        ids = IdMaker(i for i in ours if i)
        id_of_uid: dict[str, str] = {}
        events: list[dict[str, Any]] = []
        for index, vevent in enumerate(self.vevents):
            title = _string(vevent.get("SUMMARY"))
            event_id = ours[index] or ids.make(title or "event")
            if (uid := uids[index]) is not None:
                id_of_uid.setdefault(uid, event_id)
            # An event whose times cannot be read (and are reported) is stood in for, so that
            # events keep the calendar's numbering in every later message.
            event = self._event(index, vevent, event_id) or {
                "id": event_id,
                "title": title or event_id,
                "kind": "other",
                "timezone": DEFAULT_ZONE,
                "start": STAND_IN_START,
            }
            events.append(event)
        for index, event in enumerate(events):
            self._relations(self.vevents[index], event, id_of_uid)
        if self.floating:
            count = len(self.floating)
            noun = "event has" if count == 1 else "events have"
            self.error(
                self.floating[0],
                "needs-timezone",
                f"{count} {noun} a floating time (no TZID, no Z): pass the zone the times are "
                "local to with --timezone ZONE (an IANA name such as Europe/Berlin)",
                "DTSTART",
            )
        problems = self.problems + self.losses.warnings(self.name)
        if self.assumed:
            problems.append(assumed_zone_warning(self.name, self.assumed))
        data: dict[str, Any] = {"title": self.title, "description": self.description}
        data = {k: v for k, v in data.items() if v is not None}
        if self.actors:
            data["actors"] = self.actors
        data["events"] = events

        def locate(path: PathKey, key: bool) -> tuple[int, int] | None:
            if len(path) >= 2 and path[0] == "events" and isinstance(path[1], int):
                line = self.line(path[1])
                return (line, 1) if line is not None else None
            return (1, 1) if len(path) <= 1 or path[0] == "actors" else None

        return Document(data, self.name, problems, locate)

    def _event(self, index: int, vevent: Any, event_id: str) -> dict[str, Any] | None:
        for prop, message in getattr(vevent, "errors", []):
            self.error(index, "ics-value", f"cannot read {prop}: {message}", prop)
        if any(
            prop in {"DTSTART", "DTEND", "DURATION"} for prop, _ in getattr(vevent, "errors", [])
        ):
            return None
        if vevent.get("DTSTART") is None:
            self.error(index, "missing-field", "a VEVENT needs a DTSTART", "DTSTART")
            return None
        times = self._times(index, vevent)
        if times is None:
            return None
        zone, start, end = times
        event: dict[str, Any] = {"id": event_id}
        if (title := _string(vevent.get("SUMMARY"))) is not None:
            event["title"] = title
        kind = _string(vevent.get(f"{X}KIND"))
        event |= {"kind": kind or "other", "timezone": zone, "start": start}
        if end is not None:
            event["end"] = end
        if _string(vevent.get(f"{X}APPROXIMATE")) == "TRUE":
            event["approximate"] = True
        sources = [_json(s) for s in _strings(vevent.get(f"{X}SOURCE"))]
        place = self._place(vevent)
        if place:
            event["place"] = place
        participants = self._participants(vevent)
        if participants:
            event["participants"] = participants
        url = _string(vevent.get("URL"))
        if not sources and url:
            if re.match(r"^https?://", url):
                sources = [{"url": url}]
            else:
                self.losses.add("URL", "only web addresses become sources")
        if sources:
            event["sources"] = sources
        description = _string(vevent.get("DESCRIPTION"))
        summary = _summary(description, sources)
        if summary is not None:
            event["summary"] = summary
        outcomes = _strings(vevent.get(f"{X}OUTCOME"))
        if outcomes:
            event["outcomes"] = outcomes
        tags = self._tags(vevent)
        if tags:
            event["tags"] = tags
        if (notes := _string(vevent.get(f"{X}NOTES"))) is not None:
            event["notes"] = notes
        self._report_unkept(vevent)
        return event

    def _times(self, index: int, vevent: Any) -> tuple[str, str, str | None] | None:
        """The event's zone, start and end as written in an events file; ``None`` (with a
        problem) when they cannot be read."""
        start_prop = vevent.get("DTSTART")
        start_value = start_prop.dt
        stated = _string(vevent.get(f"{X}TIMEZONE"))
        stated = stated if stated and is_zone(stated) else None
        if isinstance(start_value, dt.datetime):
            zone = stated or self._zone_of(index, start_prop)
            if zone is None:
                return None
            start = time_text(_in_zone(start_value, zone), Precision.TIME)
        else:
            zone = stated or self.fallback
            if zone is None:
                zone = DEFAULT_ZONE
                self.assumed += 1
            start = time_text(start_value, _precision_of(start_prop, Precision.DAY))
        try:
            end = self._end(vevent, start_value, zone, start)
        except ValueError as exc:
            self.error(index, "ics-value", str(exc), "DTEND")
            return None
        return zone, start, end

    def _end(self, vevent: Any, start_value: dt.date, zone: str, start: str) -> str | None:
        end_prop, duration = vevent.get("DTEND"), vevent.get("DURATION")
        if end_prop is not None:
            end_value = end_prop.dt
        elif duration is not None and isinstance(duration.dt, dt.timedelta):
            end_value = start_value + duration.dt
        else:
            return None
        if isinstance(end_value, dt.datetime) != isinstance(start_value, dt.datetime):
            raise ValueError("DTSTART and DTEND must both be dates or both be date-times")
        precision = _precision_of(end_prop, Precision.TIME) if end_prop is not None else None
        if isinstance(end_value, dt.datetime):
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

    def _zone_of(self, index: int, prop: Any) -> str | None:
        """The IANA zone of a DTSTART, else ``--timezone``; ``None`` (and a problem) if none."""
        value, tzid = prop.dt, prop.params.get("TZID")
        key = getattr(value.tzinfo, "key", None)
        if value.tzinfo is not None and tzid and key and is_zone(str(key)):
            return str(key)
        if value.tzinfo is not None and not tzid and value.utcoffset() == dt.timedelta(0):
            return self.fallback or DEFAULT_ZONE  # a UTC time: the instant is known
        if self.fallback is not None:
            return self.fallback
        if tzid:
            self.error(
                index,
                "unknown-zone",
                f"TZID {tzid!r} is not an IANA or Windows time zone name: pass the zone to "
                "read the times in with --timezone ZONE",
                "DTSTART",
            )
        else:
            self.floating.append(index)
        return None

    def _place(self, vevent: Any) -> dict[str, str]:
        place = {
            field: value
            for field in ("venue", "city", "country")
            if (value := _string(vevent.get(f"{X}{field.upper()}"))) is not None
        }
        if not place and _string(vevent.get("LOCATION")):
            self.losses.add("LOCATION", "an events-file place needs a country")
        return place

    def _participants(self, vevent: Any) -> list[str]:
        keys = []
        for text in _strings(vevent.get(f"{X}PARTICIPANT")):
            key, name = parse_participant(text)
            self.actors.setdefault(key, {"name": name})
            keys.append(key)
        return keys

    def _tags(self, vevent: Any) -> list[str]:
        tags = []
        for prop in _list(vevent.get("CATEGORIES")):
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

    def _relations(self, vevent: Any, event: dict[str, Any], id_of_uid: dict[str, str]) -> None:
        for prop in _list(vevent.get("RELATED-TO")):
            reltype = str(prop.params.get("RELTYPE", _DEFAULT_RELTYPE)).upper()
            field = _RELATIONS.get(reltype)
            target = id_of_uid.get(str(prop))
            if field is None or target is None:
                why = "not in this file" if field else f"RELTYPE={reltype}"
                self.losses.add("RELATED-TO", why)
            elif field == "part_of":
                event["part_of"] = target
            else:
                event.setdefault(field, []).append(target)

    def _report_unkept(self, vevent: Any) -> None:
        for prop in vevent:
            if prop in _KEPT or prop in _IGNORED or prop.startswith("X-"):
                continue
            detail = "only the first occurrence is read" if prop in {"RRULE", "RDATE"} else ""
            self.losses.add(prop, detail)
        for component in vevent.subcomponents:
            self.losses.add(component.name)


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
