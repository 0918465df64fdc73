"""Two versions of a timeline, compared event by event: what was added, removed, changed or
renamed, and how far each re-dated event moved.

Events are matched by id. An event whose id is only in the old version, and one whose id is
only in the new, are the same event renamed when their title, start and end are the same.
Values are compared in their canonical form (the one ``timeline export`` writes), so a time
written ``2025-10-28 10:40`` in one file and ``2025-10-28T10:40:00+09:00`` in the other is the
same time. The comparison of whole files is in ``read.versions`` (streamed for large ones) and
``api.diff``; this module compares what it is given.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from .models import Event, TimelineFile
from .timeline import Timeline

Status = Literal["added", "removed", "changed", "renamed"]
STATUSES: tuple[Status, ...] = ("added", "removed", "changed", "renamed")
_MARKS = {"added": "+", "removed": "-", "changed": "~", "renamed": ">"}


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One value that differs: ``field`` as a path (``place.city``, ``sources[2].published``),
    ``old`` and ``new`` as canonical JSON text (``None``: not there)."""

    field: str
    old: str | None
    new: str | None

    def __str__(self) -> str:
        return f"{self.field}: {self.old or '(none)'} → {self.new or '(none)'}"


@dataclass(frozen=True, slots=True)
class Moved:
    """How far an event's start moved: ``seconds`` of wall time in ``zone``, the event's
    (positive: later); whole ``days`` when both starts are dates."""

    seconds: float
    zone: str
    days_only: bool

    @property
    def direction(self) -> Literal["earlier", "later"]:
        return "later" if self.seconds > 0 else "earlier"

    def __str__(self) -> str:
        return (
            f"moved {span_text(abs(self.seconds), self.days_only)} {self.direction}, in {self.zone}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {"seconds": self.seconds, "direction": self.direction, "zone": self.zone}


@dataclass(frozen=True, slots=True)
class EventChange:
    """What became of one event between the versions."""

    status: Status
    id: str
    """Its id in the new version (in the old, when it was removed)."""
    title: str
    start: str
    """Its start as the version shown writes it (canonical form)."""
    zone: str
    old_id: str | None = None
    """Its id in the old version, when it was renamed."""
    fields: tuple[FieldChange, ...] = ()
    moved: Moved | None = None
    order: float = 0.0
    """Seconds since 1970 of the start shown: changes are listed in time order."""
    was: float | None = None
    """Seconds since 1970 of the old start, when it moved (where a chart's arrow begins)."""

    def lines(self) -> list[str]:
        """The change as text: a heading, then one line per field (old → new)."""
        name = f"{self.old_id} → {self.id}" if self.old_id else self.id
        head = f"{_MARKS[self.status]} {self.status} {name}: {self.title} ({self.start})"
        lines = [head]
        for change in self.fields:
            text = f"    {change}"
            if change.field == "start" and self.moved is not None:
                text += f" ({self.moved})"
            lines.append(text)
        return lines

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("order")
        data.pop("was")
        data["fields"] = [asdict(change) for change in self.fields]
        data["moved"] = self.moved.to_dict() if self.moved is not None else None
        return data


@dataclass(frozen=True, slots=True)
class Diff:
    """Every difference between an old and a new version of a timeline."""

    old: str
    new: str
    changes: tuple[EventChange, ...]
    unchanged: int
    """Events in both versions, under the same id, with nothing changed."""
    file: tuple[FieldChange, ...] = field(default_factory=tuple)
    """Changes outside the events: title, description, language, translations, actors."""

    @property
    def equal(self) -> bool:
        return not self.changes and not self.file

    def by_id(self) -> dict[str, EventChange]:
        """Each change by the id of the event it is about (the old id of a removed event)."""
        return {change.id: change for change in self.changes}

    def counts(self) -> dict[Status, int]:
        found = dict.fromkeys(STATUSES, 0)
        for change in self.changes:
            found[change.status] += 1
        return found

    def summary(self) -> str:
        """``old.yaml → new.yaml: 1 added, 1 removed, 2 changed, 1 renamed, 13 unchanged``."""
        counts = ", ".join(f"{n} {status}" for status, n in self.counts().items())
        head = f"{self.old} → {self.new}: {counts}, {self.unchanged} unchanged"
        return head + (f"; the file's {', '.join(_top(self.file))} changed" if self.file else "")

    def __str__(self) -> str:
        lines = [self.summary()]
        if self.file:
            lines += ["file", *(f"    {change}" for change in self.file)]
        for change in self.changes:
            lines += change.lines()
        return "\n".join(lines) + "\n"

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "equal": self.equal,
            "counts": {**self.counts(), "unchanged": self.unchanged},
            "file": [asdict(change) for change in self.file],
            "changes": [change.to_dict() for change in self.changes],
        }


def _top(changes: Iterable[FieldChange]) -> list[str]:
    return list(dict.fromkeys(change.field.split(".")[0].split("[")[0] for change in changes))


# ---------------------------------------------------------------------------------------------
# Comparing


def diff_timelines(
    old: Timeline, new: Timeline, *, names: tuple[str, str] = ("old", "new")
) -> Diff:
    """Every difference between two timelines held whole."""
    before = {event.id: event for event in old}
    after = {event.id: event for event in new}
    pairs = [(before[i], after[i]) for i in after if i in before]
    changes = [c for a, b in pairs if (c := changed(a, b)) is not None]
    gone = [event for event in old if event.id not in after]
    came = [event for event in new if event.id not in before]
    changes += matched_renames(gone, came)
    return Diff(
        names[0],
        names[1],
        tuple(sort_changes(changes)),
        unchanged=len(pairs) - sum(c.status == "changed" for c in changes),
        file=tuple(file_changes(old._document(), new._document())),
    )


def matched_renames(gone: Sequence[Event], came: Sequence[Event]) -> list[EventChange]:
    """The removed (``gone``) and added (``came``) events, each removed one paired with an added
    one of the same title, start and end as renamed (in order, one to one)."""
    waiting: dict[tuple[Any, ...], list[Event]] = {}
    for event in came:
        waiting.setdefault(rename_key(event), []).append(event)
    changes = []
    for event in gone:
        twins = waiting.get(rename_key(event))
        if twins:
            changes.append(renamed(event, twins.pop(0)))
        else:
            changes.append(alone("removed", event))
    changes += [alone("added", event) for twins in waiting.values() for event in twins]
    return changes


def rename_key(event: Event) -> tuple[Any, ...]:
    """What must be the same for two events of different ids to be one renamed: the title and
    the times (instant and precision of start and end)."""
    times = [
        (p.instant.timestamp(), p.precision.value) if p else None for p in (event.start, event.end)
    ]
    return (event.title, *times)


def changed(old: Event, new: Event) -> EventChange | None:
    """The change from ``old`` to ``new`` (the same id), or ``None`` when they are the same."""
    fields = tuple(differences(_canonical(old), _canonical(new)))
    if not fields:
        return None
    return _change("changed", new, fields=fields, **_moves(old, new))


def renamed(old: Event, new: Event) -> EventChange:
    fields = tuple(differences(_canonical(old), _canonical(new)))
    return _change("renamed", new, old_id=old.id, fields=fields, **_moves(old, new))


def _moves(old: Event, new: Event) -> dict[str, Any]:
    shift = moved(old, new)
    return {"moved": shift, "was": old.start.instant.timestamp() if shift else None}


def alone(status: Status, event: Event) -> EventChange:
    """An event only one version has."""
    return _change(status, event)


def _change(status: Status, event: Event, **details: Any) -> EventChange:
    return EventChange(
        status,
        event.id,
        event.title,
        event.start.isoformat(),
        event.timezone,
        order=event.start.instant.timestamp(),
        **details,
    )


def sort_changes(changes: Iterable[EventChange]) -> list[EventChange]:
    """Changes in time order of the start shown, then by id."""
    return sorted(changes, key=lambda change: (change.order, change.id, change.status))


def _canonical(event: Event) -> dict[str, Any]:
    data: dict[str, Any] = event.model_dump(mode="json")
    data.pop("id")
    return data


def moved(old: Event, new: Event) -> Moved | None:
    """How far the start moved, as wall time in the new event's zone (each start's instant
    when the zone changed too; whole days when either start is a date); ``None`` when it did
    not move."""
    a, b = old.start, new.start
    if a.instant == b.instant:
        return None
    days_only = a.precision.is_date_only or b.precision.is_date_only
    if days_only:  # a day is given: it moved by days, or not at all (a time of day was added)
        seconds = (b.local.date() - a.local.date()).total_seconds()
        return Moved(seconds, new.timezone, days_only) if seconds else None
    if old.timezone == new.timezone:
        seconds = (b.local.naive() - a.local.naive()).total_seconds()
    else:
        seconds = (b.instant - a.instant).total_seconds()
    if seconds == 0:  # the same wall time, an hour apart across a clock change
        seconds = (b.instant - a.instant).total_seconds()
    return Moved(seconds, new.timezone, days_only)


def span_text(seconds: float, days_only: bool = False) -> str:
    """A length of time, exactly: "45 days", "1 day 2 hours", "20 minutes"."""
    whole = dt.timedelta(seconds=round(seconds))
    parts = [(whole.days, "day")]
    if not days_only:
        hours, rest = divmod(whole.seconds, 3600)
        parts += [(hours, "hour"), (rest // 60, "minute"), (rest % 60, "second")]
    text = " ".join(f"{n} {unit}{'s' * (n != 1)}" for n, unit in parts if n)
    return text or "0 seconds"


def differences(old: Any, new: Any, path: str = "") -> Iterator[FieldChange]:
    """Each value that differs between two pieces of canonical data: mappings key by key, lists
    of the same length item by item, anything else whole."""
    if old == new:
        return
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        for key in dict.fromkeys([*old, *new]):
            yield from differences(old.get(key), new.get(key), f"{path}.{key}" if path else key)
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            yield from differences(a, b, f"{path}[{index}]")
    elif not _empty(old) or not _empty(new):
        yield FieldChange(path, _text(old), _text(new))


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == {}


def _text(value: Any) -> str | None:
    if _empty(value):
        return None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def file_changes(old: TimelineFile, new: TimelineFile) -> Iterator[FieldChange]:
    """Differences outside the events: title, description, language, translations, actors."""
    before = old.model_dump(mode="json", exclude={"events"})
    after = new.model_dump(mode="json", exclude={"events"})
    return differences(before, after)
