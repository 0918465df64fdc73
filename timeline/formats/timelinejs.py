"""TimelineJS3 JSON (Knight Lab): slides with ``start_date``/``end_date`` parts, a title slide and
eras, mapped to events and back.

=================================  ============================================================
TimelineJS                         events file
=================================  ============================================================
title slide ``text.headline``      ``title``
title slide ``text.text``          ``description``
slide ``unique_id``                ``id`` (made from the headline when there is none)
``text.headline``                  ``title`` (HTML kept as written)
``text.text``                      ``summary`` (HTML kept as written)
``start_date``/``end_date``        ``start``/``end``: year, month, day or time precision, as
                                   local wall time in ``--timezone`` (UTC for dates alone)
``media.url``/``caption``/         the first source's ``url``/``title``/``publisher`` (when the
``credit``                         URL is a web address; ``//host/…`` is read as https)
``group``                          the first tag (made into an id: ``World news`` → ``world-news``)
``eras``                           events tagged ``era``, written back as eras
=================================  ============================================================

Everything else is reported: on import what the events file cannot hold (backgrounds, map
locations, ``display_date``, slide types, media that is not a web address); on export what
TimelineJS cannot (the time zone, kind, place, participants, further sources and tags, …).
Every event gets ``kind: other``. Years must be 1 to 9999: TimelineJS's cosmological years
(``-13800000000``) are refused with an error at each such date.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from ..core.document import Document
from ..core.errors import PathKey, Problem
from ..core.ids import is_slug, slugify
from ..core.times import Precision
from ..read.parse import parse
from .mapping import (
    DEFAULT_ZONE,
    STAND_IN_START,
    IdMaker,
    Losses,
    assumed_zone_warning,
    located,
    needs_zone_problem,
    problem_at,
)

if TYPE_CHECKING:
    from ..core.models import Event, Source
    from ..core.timeline import Timeline

ERA_TAG = "era"
"""Tag of events that stand for TimelineJS eras."""

_DATE_PARTS = ("year", "month", "day", "hour", "minute", "second", "millisecond")
_FIELDS: dict[str, PathKey] = {
    "id": ("unique_id",),
    "title": ("text", "headline"),
    "summary": ("text", "text"),
    "start": ("start_date",),
    "end": ("end_date",),
    "sources": ("media",),
    "tags": ("group",),
}
_TOP: dict[str, PathKey] = {"title": ("title", "text", "headline")}
_SLIDE_KEYS_KEPT = {"start_date", "end_date", "text", "media", "group", "unique_id"}
_HTML_TAG = re.compile(r"<[^>]*>")
_STAND_IN = (STAND_IN_START, Precision.YEAR)


# ---------------------------------------------------------------------------------------------
# Reading


def read(text: str, name: str, *, timezone: str | None) -> Document:
    """A TimelineJS3 JSON file as events-file data (see the module docstring for the mapping)."""
    source = parse(text, name, "json")
    if source.data is None:
        return source
    if not isinstance(source.data, dict) or not isinstance(source.data.get("events"), list):
        problem = problem_at(
            source,
            "timelinejs-shape",
            "expected a TimelineJS object with an 'events' list (and optionally 'title' and "
            "'eras')",
            (),
        )
        return Document(None, name, [problem])
    slides = [s for s in source.data["events"] if isinstance(s, dict)]
    if slides and all("start" in s and "start_date" not in s for s in slides):
        problem = problem_at(
            source,
            "not-timelinejs",
            "this is an events file already, not TimelineJS: use it as it is "
            f"(timeline validate {name})",
            ("events",),
        )
        return Document(None, name, [problem])
    return _Reader(source, timezone).document()


class _Reader:
    def __init__(self, source: Document, timezone: str | None) -> None:
        self.source = source
        self.timezone = timezone
        self.problems: list[Problem] = []
        self.losses = Losses("timelinejs")
        self.origins: list[PathKey] = []
        self.timed: list[PathKey] = []
        self.assumed = 0

    def document(self) -> Document:
        data: dict[str, Any] = self.source.data
        slides = [(("events", i), slide) for i, slide in enumerate(data["events"])]
        eras: list[Any] = data["eras"] if isinstance(data.get("eras"), list) else []
        slides += [(("eras", i), era) for i, era in enumerate(eras)]
        ids = IdMaker(given for _, slide in slides if (given := _given_id(slide)))
        events = []
        for path, slide in slides:
            events.append(self._event(path, slide, ids, era=path[0] == "eras"))
            self.origins.append(path)
        document: dict[str, Any] = {**self._title(data.get("title")), "events": events}
        problems = self.problems + self.losses.warnings(self.source.name)
        if self.timed:
            problems.append(
                needs_zone_problem(self.source, self.timed[0], "TimelineJS", len(self.timed))
            )
        if self.assumed:
            problems.append(assumed_zone_warning(self.source.name, self.assumed))
        locate = located(self.source, self.origins, _FIELDS, _TOP)
        return Document(document, self.source.name, problems, locate)

    def _title(self, slide: Any) -> dict[str, Any]:
        if not isinstance(slide, dict):
            return {}
        text = _mapping(slide.get("text"))
        out = {"title": _text(text.get("headline")), "description": _text(text.get("text"))}
        for key, value in slide.items():
            if key != "text" and _filled(value):
                self.losses.add(key, unit="title slide")
        return {k: v for k, v in out.items() if v is not None}

    def _event(self, path: PathKey, slide: Any, ids: IdMaker, *, era: bool) -> dict[str, Any]:
        if not isinstance(slide, dict):
            self.problems.append(
                problem_at(self.source, "timelinejs-shape", "expected a slide (an object)", path)
            )
            return {
                "id": ids.make("slide"),
                "title": "slide",
                "kind": "other",
                "timezone": DEFAULT_ZONE,
                "start": _STAND_IN[0],
            }
        start = self._date(slide.get("start_date"), (*path, "start_date"), required=True)
        end = self._date(slide.get("end_date"), (*path, "end_date"), required=False)
        # A start that could not be read (and is reported) is stood in for, so that the events
        # keep the source's numbering in every later message; the error keeps the file out.
        read, start = start is not None, start or _STAND_IN
        text = _mapping(slide.get("text"))
        headline, body = _text(text.get("headline")), _text(text.get("text"))
        caption = _text(_mapping(slide.get("media")).get("caption"))
        title = headline or _title_from(body) or _title_from(caption) or start[0]
        if headline is None:
            self.problems.append(
                problem_at(
                    self.source,
                    "no-headline",
                    f"no headline; the title is made from the slide: {title!r}",
                    path,
                    severity="warning",
                )
            )
        zone = self.timezone or DEFAULT_ZONE
        if self.timezone is None:
            if Precision.TIME in (start[1], end and end[1]):
                self.timed.append((*path, "start_date"))
            elif read:
                self.assumed += 1
        event: dict[str, Any] = {
            "id": _given_id(slide) or ids.make(title),
            "title": title,
            "kind": "other",
            "timezone": zone,
            "start": start[0],
        }
        if end is not None:
            event["end"] = end[0]
        if body is not None:
            event["summary"] = body
        source = self._source(slide.get("media"))
        if source:
            event["sources"] = [source]
        tags = [ERA_TAG] if era else []
        group = _text(slide.get("group"))
        if group is not None:
            tag = group if is_slug(group) else slugify(group, "group")
            if tag != group:
                self.losses.add("group", f"written as a tag, e.g. {group!r} as {tag!r}")
            tags.append(tag)
        if tags:
            event["tags"] = tags
        self._report_unkept(slide)
        return event

    def _date(self, parts: Any, path: PathKey, *, required: bool) -> tuple[str, Precision] | None:
        """The written time and its precision; ``None`` when absent or unreadable (reported)."""
        if parts is None or (isinstance(parts, dict) and not _text(parts.get("year"))):
            if required:
                message = "a slide needs a start_date with a year"
                self.problems.append(problem_at(self.source, "missing-field", message, path))
            return None
        if not isinstance(parts, dict):
            message = "expected date parts (an object with year, month, day, …)"
            self.problems.append(problem_at(self.source, "timelinejs-date", message, path))
            return None
        if _text(parts.get("display_date")):
            self.losses.add("display_date")
        numbers: dict[str, int] = {}
        for part in _DATE_PARTS:
            value = _text(parts.get(part))
            if value is None:
                continue
            try:
                numbers[part] = int(value)
            except ValueError:
                message = f"{part} {value!r} is not a whole number"
                self.problems.append(
                    problem_at(self.source, "timelinejs-date", message, (*path, part))
                )
                return None
        year = numbers["year"]
        if not 1 <= year <= 9999:
            self.problems.append(
                problem_at(
                    self.source,
                    "year-range",
                    f"year {year} cannot be held: an events file takes years 1 to 9999 "
                    "(TimelineJS's cosmological and BCE years are not supported)",
                    (*path, "year"),
                )
            )
            return None
        return _written(numbers)

    def _source(self, media: Any) -> dict[str, Any] | None:
        if not isinstance(media, dict) or not _filled(media):
            return None
        url = _text(media.get("url")) or ""
        if url.startswith("//"):
            url = "https:" + url
        if not re.match(r"^https?://\S+$", url):
            self.losses.add("media", "only web addresses become sources")
            return None
        source = {"url": url, "title": _text(media.get("caption"))}
        source["publisher"] = _text(media.get("credit"))
        if _text(media.get("thumbnail")):
            self.losses.add("media.thumbnail")
        return {k: v for k, v in source.items() if v is not None}

    def _report_unkept(self, slide: dict[str, Any]) -> None:
        for key, value in slide.items():
            if key not in _SLIDE_KEYS_KEPT and _filled(value):
                self.losses.add(key)


def _given_id(slide: Any) -> str | None:
    if not isinstance(slide, dict):
        return None
    given = _text(slide.get("unique_id"))
    if given is None:
        return None
    return given if is_slug(given) else None


def _written(numbers: dict[str, int]) -> tuple[str, Precision]:
    year, month, day = numbers["year"], numbers.get("month"), numbers.get("day")
    if month is None:
        return f"{year:04d}", Precision.YEAR
    if day is None:
        return f"{year:04d}-{month:02d}", Precision.MONTH
    date = f"{year:04d}-{month:02d}-{day:02d}"
    if "hour" not in numbers:
        return date, Precision.DAY
    time = f"{numbers['hour']:02d}:{numbers.get('minute', 0):02d}"
    second, milli = numbers.get("second", 0), numbers.get("millisecond", 0)
    if second or milli:
        time += f":{second:02d}"
    if milli:
        time += f".{milli:03d}"
    return f"{date} {time}", Precision.TIME


def _text(value: Any) -> str | None:
    """Text as written, ``None`` for nothing or blank; numbers (``"year": 1850``) as text."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(int(value)) if float(value).is_integer() else str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _filled(value: Any) -> bool:
    """Whether a value says anything: TimelineJS files are full of empty strings and objects."""
    if isinstance(value, dict):
        return any(_filled(v) for v in value.values())
    if isinstance(value, list):
        return any(_filled(v) for v in value)
    return _text(value) is not None or value is True


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _title_from(body: str | None) -> str | None:
    """A short title from a slide's text, when it has no headline."""
    if body is None:
        return None
    words = _HTML_TAG.sub(" ", body).split()
    if not words:
        return None
    title = " ".join(words[:8])
    return title + ("…" if len(words) > 8 else "")


# ---------------------------------------------------------------------------------------------
# Writing


def write(timeline: Timeline) -> tuple[str, list[str]]:
    """The timeline as TimelineJS3 JSON; times are written as local wall time at the place."""
    losses = Losses("timelinejs")
    document: dict[str, Any] = {}
    title = {"headline": timeline.title, "text": timeline.description}
    if any(title.values()):
        document["title"] = {"text": {k: v for k, v in title.items() if v is not None}}
    events, eras = [], []
    for event in timeline:
        if ERA_TAG in event.tags:
            eras.append(_era(event, losses))
        else:
            events.append(_slide(event, losses))
    document["events"] = events
    if eras:
        document["eras"] = eras
    losses.add_translations(timeline)
    if timeline.actors:
        losses.add("actors", "participants are not kept either")
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n", losses.notes()


def _slide(event: Event, losses: Losses) -> dict[str, Any]:
    slide: dict[str, Any] = {"unique_id": event.id, **_dates(event)}
    slide["text"] = {"headline": event.title}
    if event.summary is not None:
        slide["text"]["text"] = event.summary
    if event.sources:
        slide["media"] = _media(event.sources[0], losses)
    if len(event.sources) > 1:
        losses.add("sources", "only the first becomes the slide's media")
    if event.tags:
        slide["group"] = event.tags[0]
    if len(event.tags) > 1:
        losses.add("tags", "only the first becomes the slide's group")
    _count_unkept(event, losses)
    return slide


def _era(event: Event, losses: Losses) -> dict[str, Any]:
    era: dict[str, Any] = _dates(event)
    era["text"] = {"headline": event.title}
    if event.summary is not None:
        era["text"]["text"] = event.summary
    if event.sources:
        losses.add("sources", "eras have no media")
    if len(event.tags) > 1:
        losses.add("tags", "eras have no group")
    _count_unkept(event, losses)
    return era


def _dates(event: Event) -> dict[str, Any]:
    out = {"start_date": _date_parts(event.start.local, event.start.precision)}
    if event.end is not None:
        out["end_date"] = _date_parts(event.end.local, event.end.precision)
    return out


def _date_parts(local: Any, precision: Precision) -> dict[str, str]:
    parts = {"year": str(local.year)}
    if precision is not Precision.YEAR:
        parts["month"] = str(local.month)
    if precision in (Precision.DAY, Precision.TIME):
        parts["day"] = str(local.day)
    if precision is Precision.TIME:
        parts |= {"hour": str(local.hour), "minute": str(local.minute)}
        if local.second or local.microsecond:
            parts["second"] = str(local.second)
        if local.microsecond:
            parts["millisecond"] = str(local.microsecond // 1000)
    return parts


def _media(source: Source, losses: Losses) -> dict[str, str]:
    media = {"url": source.url}
    if source.title is not None:
        media["caption"] = source.title
    if source.publisher is not None:
        media["credit"] = source.publisher
    if source.published is not None or source.language is not None:
        losses.add("sources.published/language", "media has a caption and credit only")
    return media


def _count_unkept(event: Event, losses: Losses) -> None:
    losses.add("timezone", "dates and times are written as local wall time at the place")
    losses.add_claims(event)
    if event.kind.value != "other":
        losses.add("kind")
    kept_empty = {
        "approximate": event.approximate,
        "place": event.place,
        "participants": event.participants,
        "outcomes": event.outcomes,
        "part_of": event.part_of,
        "follows": event.follows,
        "responds_to": event.responds_to,
        "notes": event.notes,
    }
    for field, value in kept_empty.items():
        if value:
            losses.add(field)
