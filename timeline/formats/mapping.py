"""What every format mapping needs: ids made from titles, times as people write them, a zone for
sources that have none, and a tally of what a format could not keep.

A mapping never drops a value without saying so: each field it cannot hold is counted in a
``Losses`` tally and reported once per field, as a note (export) or a warning (import).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import zoneinfo
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.columns_map import ColumnMap
from ..core.document import Document
from ..core.errors import Code, PathKey, Problem
from ..core.ids import slugify
from ..core.times import Precision, TimePoint, load_zone

if TYPE_CHECKING:
    from ..core.models import Claim, Event
    from ..core.timeline import Timeline

STAND_IN_START = "2000"
"""The start of an event whose own start could not be read, so that the events keep the
source's numbering in every later message; the error reported about it keeps the file out."""

DEFAULT_ZONE = "UTC"
"""The zone of date-only events from a source that names none (reported as a warning)."""


MAX_OCCURRENCES = 500
"""Occurrences of one repeating event imported when no window is given (``--max-occurrences``)."""


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """How to read another tool's file (``timeline import``'s options)."""

    timezone: str | None = None
    """The IANA zone of times the source gives without one."""
    keep_cancelled: bool = False
    """Import cancelled calendar events (tagged ``cancelled``) instead of skipping them."""
    since: dt.date | None = None
    until: dt.date | None = None
    """The window repeating events are expanded in (both ends included)."""
    max_occurrences: int = MAX_OCCURRENCES
    """The most occurrences of one repeating event imported; the rest are counted."""
    columns: ColumnMap = dataclasses.field(default_factory=ColumnMap)
    """Which column of a sheet holds each of ours (``--map``)."""
    day_first: bool | None = None
    """How to read ``02/03/2025``: day first (True), month first (False), or refuse (None)."""


def made_title(texts: Iterable[str | None], start: str) -> str:
    """A title for an item that has none: the first words of the first text it has, else its
    start as written."""
    for text in texts:
        if text is not None:
            words = re.sub(r"<[^>]*>", " ", text[:2000]).split()
            if words:
                return " ".join(words[:8]) + ("…" if len(words) > 8 else "")
    return start


class IdMaker:
    """Unique ids for one file: ids the source gives are kept, others are made from titles."""

    def __init__(self, given: Iterable[str] = ()) -> None:
        self._taken = set(given)
        # The next number to try for each base: 10,000 rows titled "Meeting" would otherwise
        # probe -2, -3, … from the start each time (quadratic).
        self._next: dict[str, int] = {}

    def make(self, title: str) -> str:
        # The slug is short: a title of megabytes need not be read to the end.
        base = slugify(title[:1000])
        if base not in self._taken:
            self._taken.add(base)
            return base
        return self.numbered(base)

    def numbered(self, base: str) -> str:
        """``base-2``, ``base-3``, …: the first of these that is free."""
        number = self._next.get(base, 2)
        while (candidate := f"{base}-{number}") in self._taken:
            number += 1
        self._next[base] = number + 1
        self._taken.add(candidate)
        return candidate

    def keep(self, given: str) -> str:
        """``given`` when it is free, else the first free ``given-N``; taken either way."""
        if given not in self._taken:
            self._taken.add(given)
            return given
        return self.numbered(given)


_PARTICIPANT = re.compile(r"^(?P<name>.*?)\s*<(?P<id>[^<>]+)>\Z", re.DOTALL)


def participant_text(key: str, name: str | None) -> str:
    """A participant as one piece of text: ``'Sanae Takaichi <takaichi>'``."""
    return f"{name} <{key}>" if name is not None else key


def parse_participant(text: str) -> tuple[str, str]:
    """The id and name in ``'Name <id>'``; text without ``<id>`` is a name, its id made
    from it."""
    match = _PARTICIPANT.match(text)
    if match:
        key = match["id"].strip()
        return key, match["name"].strip() or key
    return slugify(text, text), text


# ---------------------------------------------------------------------------------------------
# Times


def written_time(point: TimePoint) -> str:
    """A time as a person writes it in an events file: local wall time, without an offset
    unless the wall time happens twice in its zone (a daylight-saving fold)."""
    if point.precision.is_date_only:
        return point.isoformat()
    local = point.local
    text = local.strftime("%Y-%m-%d %H:%M")
    if local.second or local.microsecond:
        text += local.strftime(":%S")
    if local.microsecond:
        text += f".{local.microsecond:06d}".rstrip("0")
    if is_ambiguous(local):
        text += offset_text(local)
    return text


def without_edtf(point: TimePoint, field: str, losses: Losses) -> TimePoint | None:
    """``point`` as a plain year, month, day or time, for a format that has no EDTF: itself
    when plain; the plain date that names the same period (its ?, ~ or % reported as not
    kept); else its first year, month or day (reported). ``None`` for a point beyond the
    calendar or open (``..``), which each format writes as well as it can (``edtf_lost``)."""
    if point.edtf is None:
        return point
    if not point.in_calendar:
        return None
    plain = point.plain()
    edtf_lost(point, field, losses)
    return plain or TimePoint(point.local, point.precision)


EDTF_LOST = (
    "EDTF: dates are written without their ?, ~ or % mark, and seasons and X digits as the "
    "period they name, or as its first year, month or day"
)
"""Why a format without EDTF did not keep a date. One text for every date: ``Losses`` keeps
the first reason given for a field, and counts each event once."""


def edtf_lost(point: TimePoint, field: str, losses: Losses) -> None:
    """Report, once, that a format without EDTF did not keep ``point`` as written."""
    if point.edtf is not None and (point.edtf.mark or point.edtf.unspecified or point.edtf.season):
        losses.add(field, EDTF_LOST)


def offset_text(moment: dt.datetime) -> str:
    """``+09:00``: the UTC offset of an aware datetime, to the minute."""
    minutes = int((moment.utcoffset() or dt.timedelta()).total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def is_ambiguous(local: dt.datetime) -> bool:
    """True when the wall time of ``local`` happens twice in its zone."""
    zone = zoneinfo.ZoneInfo(zone_name(local))
    naive = local.replace(tzinfo=None)
    first, second = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    return first.utcoffset() != second.utcoffset()


def zone_name(moment: dt.datetime) -> str:
    """The IANA name of an aware datetime's zone (``UTC`` for a fixed zero offset)."""
    tz = moment.tzinfo
    key = getattr(tz, "key", None) or getattr(tz, "name", None)
    return str(key) if key else DEFAULT_ZONE


def time_text(moment: dt.datetime | dt.date, precision: Precision) -> str:
    """The written form of a date or a local datetime at ``precision``; an aware datetime
    whose wall time happens twice in its zone gets its offset, to say which one it is."""
    match precision:
        case Precision.YEAR:
            return f"{moment.year:04d}"
        case Precision.MONTH:
            return f"{moment.year:04d}-{moment.month:02d}"
        case Precision.DAY:
            return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
    assert isinstance(moment, dt.datetime)
    text = f"{moment.date().isoformat()} {moment.strftime('%H:%M:%S')}"
    if moment.microsecond:
        text += f".{moment.microsecond:06d}"
    if moment.tzinfo is not None and is_ambiguous(moment):
        text += offset_text(moment)
    return text


def is_zone(name: str) -> bool:
    try:
        load_zone(name)
    except ValueError:
        return False
    return True


def claims_data(claims: Iterable[Claim], write: Callable[[Any], Any]) -> dict[str, Any]:
    """A field's claims as events-file data (``{claims: [...]}``), each value written by
    ``write``."""
    return {
        "claims": [
            {"value": write(claim.value), **claim.model_dump(mode="json", exclude={"value"})}
            for claim in claims
        ]
    }


# ---------------------------------------------------------------------------------------------
# What was not kept


class Losses:
    """Counts, per field, the events whose value a format could not keep."""

    def __init__(self, format_name: str) -> None:
        self.format_name = format_name
        self._counts: Counter[tuple[str, str]] = Counter()
        self._details: dict[tuple[str, str], str] = {}

    def add(self, field: str, detail: str = "", *, unit: str = "event") -> None:
        """One more event (or other ``unit``) whose ``field`` was not kept; ``detail`` says why
        or what became of it."""
        self._counts[field, unit] += 1
        if detail:
            self._details.setdefault((field, unit), detail)

    def notes(self) -> list[str]:
        """``"timelinejs: 'participants' of 12 events not kept"``, one line per field."""
        out = []
        for (field, unit), count in self._counts.items():
            noun = unit if count == 1 else unit + "s"
            detail = self._details.get((field, unit))
            tail = f" ({detail})" if detail else ""
            out.append(f"{self.format_name}: {field!r} of {count} {noun} not kept{tail}")
        return out

    def add_translations(self, timeline: Timeline) -> None:
        """Count the translations in ``timeline``: only the events file has a place for them."""
        if timeline.translations:
            self.add("translations", unit="file")
        for event in timeline:
            if event.translations:
                self.add("translations")
            if event.place is not None and event.place.translations:
                self.add("place.translations")

    def add_claims(self, event: Event, *, kept: Collection[str] = ()) -> None:
        """Count what of ``event``'s claims, length and announcements the format has no place
        for; ``kept`` names what it writes (claimed fields, ``duration``, ``announcement``)."""
        if any(str(path[0]) not in kept for path in event.claims):
            self.add("claims", "each field keeps the value the timeline uses")
        if event.duration is not None and "duration" not in kept:
            self.add("duration")
        if "announcement" not in kept and any(source.announcement for source in event.sources):
            self.add("sources.announcement")

    def warnings(self, name: str) -> list[Problem]:
        """The same notes as warnings on the imported file ``name``."""
        return [
            Problem("not-kept", note.split(": ", 1)[1], name, severity="warning")
            for note in self.notes()
        ]


# ---------------------------------------------------------------------------------------------
# Documents for validation


def located(
    source: Document,
    origins: list[PathKey],
    fields: dict[str, PathKey],
    top: dict[str, PathKey] | None = None,
) -> Callable[[PathKey, bool], tuple[int, int] | None]:
    """A position finder for converted data: ``events[i].<field>`` points into the source, at
    ``origins[i]`` followed by the source's name for that field (``fields``)."""
    top = top or {}

    def locate(path: PathKey, key: bool) -> tuple[int, int] | None:
        if len(path) >= 2 and path[0] == "events" and isinstance(path[1], int):
            if path[1] >= len(origins):
                return None
            mapped = origins[path[1]]
            if len(path) >= 3 and isinstance(path[2], str) and path[2] in fields:
                mapped = (*mapped, *fields[path[2]])
            return source.locate(mapped, key=key)
        if len(path) == 1 and isinstance(path[0], str) and path[0] in top:
            return source.locate(top[path[0]], key=key)
        return source.locate((), key=False) if not path else None

    return locate


def problem_at(
    source: Document,
    code: Code,
    message: str,
    path: PathKey,
    *,
    severity: str = "error",
) -> Problem:
    """A problem in the source file itself, at ``path`` in the source's own terms."""
    line, column = source.locate(path) or (None, None)
    return Problem(
        code,
        message,
        source.name,
        line,
        column,
        path,
        severity="warning" if severity == "warning" else "error",
    )


class SourceReader:
    """What every importer keeps while it maps a source: its problems, what it could not keep,
    where each event came from, and the events whose zone is missing or was assumed."""

    def __init__(self, source: Document, timezone: str | None, format_name: str) -> None:
        self.source = source
        self.timezone = timezone
        self.problems: list[Problem] = []
        self.losses = Losses(format_name)
        self.origins: list[PathKey] = []
        self.timed: list[PathKey] = []
        """Where each time of day without a zone is (an error: the zone is never guessed)."""
        self.assumed = 0
        """How many date-only events were read in UTC for want of a zone (a warning)."""

    def all_problems(self, what: str) -> list[Problem]:
        """The problems found, the losses as warnings, and the zones missing (``what``: the
        format as people call it)."""
        problems = self.problems + self.losses.warnings(self.source.name)
        if self.timed:
            count = len(self.timed)
            problems.append(needs_zone_problem(self.source, self.timed[0], what, count))
        if self.assumed:
            problems.append(assumed_zone_warning(self.source.name, self.assumed))
        return problems


def assumed_zone_warning(name: str, count: int) -> Problem:
    noun = "event has" if count == 1 else "events have"
    return Problem(
        "assumed-zone",
        f"{count} {noun} a date but no time zone; read as whole days in {DEFAULT_ZONE} "
        "(pass --timezone ZONE to say where they happened)",
        name,
        severity="warning",
    )


def needs_zone_problem(source: Document, path: PathKey, what: str, count: int) -> Problem:
    noun = "event has" if count == 1 else "events have"
    return problem_at(
        source,
        "needs-timezone",
        f"{what} carries no time zone ({count} {noun} a time of day): pass the zone the times "
        "are local to with --timezone ZONE (an IANA name such as America/Chicago)",
        path,
    )


def prune(value: Any) -> Any:
    """``value`` without empty fields (``None``, ``""``, empty lists and mappings)."""
    if isinstance(value, dict):
        pruned = {k: prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v not in (None, "", [], {})}
    if isinstance(value, list | tuple):
        return [prune(v) for v in value]
    return value
