"""``Timeline``: checked events in time order, to filter, export and chart."""

from __future__ import annotations

import contextlib
import datetime as dt
import heapq
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Protocol, overload

import pendulum
from pydantic_core import PydanticSerializationError

from .checks import can_follow, check_events, own_language_message, same_language
from .errors import InvalidTimeline, Problem, Report, UnknownOption, format_path
from .models import (
    DEFAULT_LANGUAGE,
    Actor,
    Event,
    Kind,
    Relation,
    TimelineFile,
    TimelineTranslation,
)
from .times import load_zone

if TYPE_CHECKING:
    import os

    import altair as alt


def order_key(event: Event) -> tuple[float, float, float, str]:
    """Events sort by the earliest instant their start allows (UTC; a date-only start at the
    start of its local day), then by the latest it allows (a time before the day it is in, a
    day before its month), then by the latest end, then by id."""
    earliest, latest = event.start.allowing(event.approximate)
    finish = (event.end or event.start).allowing(event.approximate)[1]
    return (earliest, latest, finish, event.id)


def in_order(events: Iterable[Event]) -> tuple[Event, ...]:
    """``events`` by ``order_key``, except that an event that ``follows`` or ``responds_to``
    another comes after it whenever their times allow either order (a date-only event after
    a timed one on its day, which it follows)."""
    by_key = sorted(events, key=order_key)
    position = {event.id: index for index, event in enumerate(by_key)}
    after: dict[int, list[int]] = {}
    for index, event in enumerate(by_key):
        for target in (*event.follows, *event.responds_to):
            before = position.get(target)
            if before is not None and before != index and can_follow(event, by_key[before]):
                after.setdefault(before, []).append(index)
    if not any(later < earlier for earlier, laters in after.items() for later in laters):
        return tuple(by_key)
    # Kahn's topological order, taking the earliest by key of the events free to go next.
    waiting = [0] * len(by_key)
    for laters in after.values():
        for later in laters:
            waiting[later] += 1
    ready = [index for index, count in enumerate(waiting) if count == 0]
    heapq.heapify(ready)
    placed: list[int] = []
    done = [False] * len(by_key)
    while len(placed) < len(by_key):
        if not ready:  # relations in a circle that the times allow: the earliest goes first
            heapq.heappush(ready, next(i for i in range(len(by_key)) if not done[i]))
        index = heapq.heappop(ready)
        if done[index]:
            continue
        done[index] = True
        placed.append(index)
        for later in after.get(index, ()):
            waiting[later] -= 1
            if waiting[later] == 0 and not done[later]:
                heapq.heappush(ready, later)
    return tuple(by_key[index] for index in placed)


class Timeline:
    """Events in time order, with the actors they name.

    Build one with ``timeline.load(path)`` or directly from ``Event`` objects; either way every
    event is checked, and a ``Timeline`` that exists is valid.
    """

    def __init__(
        self,
        events: Iterable[Event],
        *,
        title: str | None = None,
        description: str | None = None,
        actors: Mapping[str, Actor] | None = None,
        language: str = DEFAULT_LANGUAGE,
        translations: Mapping[str, TimelineTranslation] | None = None,
    ) -> None:
        events = tuple(events)
        actors = dict(actors or {})
        translations = dict(translations or {})
        findings = check_events(
            list(enumerate(events)),
            [event.model_dump() for event in events],
            set(actors),
            language=language,
        )
        problems = tuple(
            Problem(
                "own-language-translation",
                own_language_message(key, language),
                "<timeline>",
                path=("translations", key),
            )
            for key in translations
            if same_language(key, language)
        ) + tuple(
            Problem(
                f.code,
                f.message + (f" ({format_path(f.also)})" if f.also is not None else ""),
                "<timeline>",
                path=("events", f.index, *f.path),
                event_id=events[f.index].id,
                severity="warning" if f.severity == "warning" else "error",
            )
            for f in findings
        )
        report = Report("<timeline>", problems, events=len(events))
        if not report.valid:
            raise InvalidTimeline(report)
        self._init(events, title, description, actors, language, translations, report)

    @classmethod
    def of_checked(
        cls,
        events: Iterable[Event],
        *,
        title: str | None,
        description: str | None,
        actors: Mapping[str, Actor],
        report: Report,
        language: str = DEFAULT_LANGUAGE,
        translations: Mapping[str, TimelineTranslation] | None = None,
    ) -> Timeline:
        """A timeline from events already checked together (by the loader or a filter)."""
        self = cls.__new__(cls)
        self._init(
            tuple(events),
            title,
            description,
            dict(actors),
            language,
            dict(translations or {}),
            report,
        )
        return self

    @classmethod
    def of_file(
        cls, file: TimelineFile, report: Report, events: Iterable[Event] | None = None
    ) -> Timeline:
        """The timeline a checked file holds: its events (or ``events``, when they were kept
        apart from the file, line by line) with its title, actors, language and translations."""
        return cls.of_checked(
            file.events if events is None else events,
            title=file.title,
            description=file.description,
            actors=file.actors,
            language=file.language,
            translations=file.translations,
            report=report,
        )

    def _init(
        self,
        events: tuple[Event, ...],
        title: str | None,
        description: str | None,
        actors: dict[str, Actor],
        language: str,
        translations: dict[str, TimelineTranslation],
        report: Report,
    ) -> None:
        self.events: tuple[Event, ...] = in_order(events)
        self.title = title
        self.description = description
        self.actors: Mapping[str, Actor] = actors
        self.language = language
        """BCP 47 tag of the language the texts are written in (the file's ``language``)."""
        self.translations: Mapping[str, TimelineTranslation] = translations
        """The title and description in other languages, by BCP 47 tag."""
        self.report = report
        self._by_id = {event.id: event for event in self.events}

    # -- a sequence of events -------------------------------------------------------------------

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events)

    def __len__(self) -> int:
        return len(self.events)

    @overload
    def __getitem__(self, key: int) -> Event: ...
    @overload
    def __getitem__(self, key: str) -> Event: ...
    def __getitem__(self, key: int | str) -> Event:
        """The event at a position in time order, or the event with an id."""
        return self._by_id[key] if isinstance(key, str) else self.events[key]

    def __contains__(self, key: object) -> bool:
        return key in self._by_id if isinstance(key, str) else key in self.events

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Timeline):
            return NotImplemented
        return self._compared() == other._compared()

    def _compared(self) -> tuple[object, ...]:
        return (
            self.events,
            self.title,
            self.description,
            dict(self.actors),
            self.language,
            dict(self.translations),
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        title = f" {self.title!r}" if self.title else ""
        return f"<Timeline{title}: {len(self)} events>"

    @property
    def relations(self) -> tuple[Relation, ...]:
        """Every link between events, in time order of the event that makes it."""
        return tuple(rel for event in self.events for rel in event.relations)

    # -- filters -----------------------------------------------------------------------------

    def filter(
        self,
        *,
        kind: str | Iterable[str] | None = None,
        actor: str | Iterable[str] | None = None,
        country: str | Iterable[str] | None = None,
        tag: str | Iterable[str] | None = None,
        start: str | dt.date | None = None,
        end: str | dt.date | None = None,
        tz: str = "UTC",
    ) -> Timeline:
        """The events that match every given criterion (each may be one value or several).

        ``start``/``end`` keep events that overlap that range; dates are whole days in ``tz``
        (``end`` included), datetimes without an offset are wall time in ``tz``.
        """
        kinds, actors, countries, tags = (_as_set(v) for v in (kind, actor, country, tag))
        if kinds:
            unknown = kinds - {k.value for k in Kind}
            if unknown:
                raise UnknownOption(
                    f"unknown kind(s): {', '.join(sorted(unknown))}; "
                    f"use {', '.join(k.value for k in Kind)}"
                )
        lo, hi = window(start, end, tz)

        def keep(event: Event) -> bool:
            begin, finish = event.bounds
            return (
                (not kinds or event.kind.value in kinds)
                and (not actors or bool(actors & set(event.participants)))
                and (
                    not countries or (event.place is not None and event.place.country in countries)
                )
                and (not tags or bool(tags & set(event.tags)))
                and overlaps(begin, finish, lo, hi)
            )

        return Timeline.of_checked(
            (e for e in self.events if keep(e)),
            title=self.title,
            description=self.description,
            actors=self.actors,
            language=self.language,
            translations=self.translations,
            report=self.report,
        )

    def between(self, start: str | dt.date, end: str | dt.date, *, tz: str = "UTC") -> Timeline:
        """The events overlapping ``start``..``end`` (see ``filter``)."""
        return self.filter(start=start, end=end, tz=tz)

    # -- outputs -----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The canonical form: the file format, events in time order, times as ISO 8601."""
        return self._document().model_dump(mode="json")

    def to_json(self, *, indent: int | None = 2) -> str:
        """Canonical JSON; ``timeline.loads(t.to_json(), format="json") == t``."""
        if indent == 2:
            # pydantic writes the same bytes as json.dumps(indent=2, ensure_ascii=False), without
            # building the dicts first: several times faster on a large timeline.
            with contextlib.suppress(PydanticSerializationError):  # lone surrogates: below
                return self._document().model_dump_json(indent=2) + "\n"
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False) + "\n"

    def _document(self) -> TimelineFile:
        """This timeline as the file format's top-level model (already checked)."""
        return TimelineFile.model_construct(
            title=self.title,
            description=self.description,
            language=self.language,
            translations=dict(self.translations),
            actors=dict(self.actors),
            events=self.events,
        )

    def chart(self, **options: Any) -> alt.LayerChart | alt.VConcatChart:
        """The timeline as an Altair chart, to show, compose or save (see ``timeline.chart``)."""
        drawn: alt.LayerChart | alt.VConcatChart = _drawing().chart(self, **options)
        return drawn

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None
    ) -> dict[str, Any] | tuple[dict[str, Any], dict[str, Any]] | None:
        """In Jupyter a timeline shows as its chart, with the overview strip to brush."""
        bundle: dict[str, Any] | tuple[dict[str, Any], dict[str, Any]] | None
        bundle = self.chart(overview=True)._repr_mimebundle_(include=include, exclude=exclude)
        return bundle

    def save(self, path: str | os.PathLike[str], **options: Any) -> None:
        """Render the chart to ``path`` (.html, .png, .svg, .pdf, or .json for Vega-Lite)."""
        _drawing().render(self, path, **options)


class Drawing(Protocol):
    """What draws a timeline: ``timeline.api``, which the package installs with ``draw_with``.

    Charts and files are made by the layers above this one (``view``, ``output``), which depend
    on ``Timeline``; a ``Timeline`` reaches them through this one seam, so that loading and
    checking events never imports a charting library.
    """

    def chart(self, timeline: Timeline, **options: Any) -> Any: ...

    def render(self, timeline: Timeline, path: str | os.PathLike[str], **options: Any) -> Any: ...


_drawings: list[Drawing] = []


def draw_with(drawing: Drawing) -> None:
    """Make ``drawing`` the way every ``Timeline`` draws itself (``chart``, ``save``)."""
    _drawings[:] = [drawing]


def _drawing() -> Drawing:
    if not _drawings:  # pragma: no cover - ``import timeline`` installs it
        raise RuntimeError("no drawing installed: import timeline first")
    return _drawings[0]


def _as_set(value: str | Iterable[str] | None) -> set[str]:
    if value is None:
        return set()
    return {value} if isinstance(value, str) else set(value)


def window(
    start: str | dt.date | None, end: str | dt.date | None, tz: str
) -> tuple[float | None, float | None]:
    """``Timeline.filter``'s ``start`` and ``end`` as seconds since 1970 (``None``: open)."""
    lo = _bound(start, tz, end_of_day=False).timestamp() if start is not None else None
    hi = _bound(end, tz, end_of_day=True).timestamp() if end is not None else None
    return lo, hi


def overlaps(begin: float, finish: float, lo: float | None, hi: float | None) -> bool:
    """Whether an event from ``begin`` to ``finish`` is in the window ``lo``..``hi``: an instant
    when it falls in it, a period when it overlaps it."""
    return (hi is None or begin < hi) and (lo is None or finish > lo or begin == finish == lo)


def _bound(value: str | dt.date, tz: str, *, end_of_day: bool) -> pendulum.DateTime:
    zone = load_zone(tz)
    if isinstance(value, str):
        try:
            parsed = pendulum.parse(value, tz=zone)
        except (ValueError, OverflowError):  # pendulum's ParserError is a ValueError
            parsed = None
        if isinstance(parsed, pendulum.DateTime) and "T" not in value and " " not in value:
            value = parsed.date()
        elif isinstance(parsed, pendulum.DateTime):
            return parsed.in_timezone("UTC")
        else:
            raise UnknownOption(
                f"cannot read {value!r} as a date or time; write e.g. 2025-11-06 or "
                "'2025-11-06 18:00'"
            )
    if isinstance(value, dt.datetime):
        moment = (
            pendulum.instance(value, tz=zone) if value.tzinfo is None else pendulum.instance(value)
        )
        return moment.in_timezone("UTC")
    day = pendulum.datetime(value.year, value.month, value.day, tz=zone.key)
    return (day.add(days=1) if end_of_day else day).in_timezone("UTC")
