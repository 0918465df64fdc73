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
Every event gets ``kind: other``. TimelineJS's BCE and cosmological years (``-489``,
``-13800000000``; year 0 is 1 BCE, as in JavaScript) become EDTF years (``-0489``,
``Y-13800000000``), and are written back as TimelineJS years.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.document import Document
from ..core.errors import PathKey
from ..core.ids import is_slug, slugify
from ..core.times import LAST_YEAR, Precision, TimePoint, year_text
from ..read.parse import parse
from .mapping import (
    DEFAULT_ZONE,
    IdMaker,
    ImportOptions,
    Losses,
    SourceReader,
    edtf_lost,
    located,
    made_title,
    problem_at,
    without_edtf,
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


# ---------------------------------------------------------------------------------------------
# Reading


def read(text: str, name: str, options: ImportOptions) -> Document:
    """A TimelineJS JSON file (TimelineJS3, or TimelineJS2's ``{"timeline": {"date": […]}}``)
    as events-file data (see the module docstring for the mapping)."""
    source = parse(text, name, "json")
    if source.data is None:
        return source
    data = source.data
    if isinstance(data, dict) and isinstance(data.get("timeline"), dict):
        inner = data["timeline"]
        if isinstance(inner.get("date"), list):
            return _Reader(source, options.timezone, _version2(inner)).document()
        for key in ("events", "slides"):
            if isinstance(inner.get(key), list):
                return _Reader(
                    source, options.timezone, _version3(inner, ("timeline",), key)
                ).document()
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        problem = problem_at(
            source,
            "timelinejs-shape",
            "expected a TimelineJS object with an 'events' list (and optionally 'title' and "
            '\'eras\'), or TimelineJS2\'s {"timeline": {"date": [...]}}; found ' + _shape(data),
            (),
        )
        return Document(None, name, [problem])
    slides = [s for s in data["events"] if isinstance(s, dict)]
    if slides and all("start" in s and "start_date" not in s for s in slides):
        problem = problem_at(
            source,
            "not-timelinejs",
            "this is an events file already, not TimelineJS: use it as it is "
            f"(timeline validate {name})",
            ("events",),
        )
        return Document(None, name, [problem])
    return _Reader(source, options.timezone, _version3(data, (), "events")).document()


def _shape(data: Any) -> str:
    if isinstance(data, dict):
        keys = ", ".join(repr(k) for k in list(data)[:8])
        return f"an object with {keys}" if keys else "an empty object"
    if isinstance(data, list):
        return "a list"
    return "a string" if isinstance(data, str) else f"a {type(data).__name__}"


@dataclass
class _Slide:
    """A slide, as TimelineJS3 has it, with where it and its parts are in the source."""

    path: PathKey
    data: Any
    era: bool = False
    keys: dict[str, str] = dataclasses.field(default_factory=dict)
    """The source's own name of each TimelineJS3 key (TimelineJS2 calls them otherwise)."""

    def where(self, key: str, *more: str | int) -> PathKey:
        return (*self.path, self.keys.get(key, key), *more)


@dataclass
class _Layout:
    slides: list[_Slide]
    title: Any
    title_path: PathKey
    fields: dict[str, PathKey]


def _version3(data: dict[str, Any], top: PathKey, key: str) -> _Layout:
    slides = [_Slide((*top, key, i), s) for i, s in enumerate(data[key])]
    eras = data["eras"] if isinstance(data.get("eras"), list) else []
    slides += [_Slide((*top, "eras", i), era, era=True) for i, era in enumerate(eras)]
    return _Layout(slides, data.get("title"), (*top, "title"), _FIELDS)


_V2_KEYS = {"start_date": "startDate", "end_date": "endDate", "media": "asset", "group": "tag"}
_V2_FIELDS: dict[str, PathKey] = {
    "title": ("headline",),
    "summary": ("text",),
    "start": ("startDate",),
    "end": ("endDate",),
    "sources": ("asset",),
    "tags": ("tag",),
}


def _version2(data: dict[str, Any]) -> _Layout:
    """TimelineJS2's slides as TimelineJS3's: ``startDate: "1963,8,9"`` becomes date parts,
    ``asset`` media, ``tag`` the group, ``headline``/``text`` the text."""
    slides = []
    for key, era in (("date", False), ("era", True)):
        items = data.get(key)
        for i, slide in enumerate(items if isinstance(items, list) else []):
            slides.append(_Slide(("timeline", key, i), _from_version2(slide), era, _V2_KEYS))
    title = {"text": {"headline": data.get("headline"), "text": data.get("text")}}
    title |= {k: v for k, v in data.items() if k in ("asset", "type", "startDate")}
    return _Layout(slides, title, ("timeline",), _V2_FIELDS)


def _from_version2(slide: Any) -> Any:
    if not isinstance(slide, dict):
        return slide
    out: dict[str, Any] = {}
    for key, value in slide.items():
        match key:
            case "startDate" | "endDate":
                out["start_date" if key == "startDate" else "end_date"] = _parts_of(value)
            case "headline" | "text":
                out.setdefault("text", {})[key] = value
            case "asset":
                media = dict(value) if isinstance(value, dict) else value
                if isinstance(media, dict) and "media" in media:
                    media["url"] = media.pop("media")
                out["media"] = media
            case "tag" | "tags":
                out["group"] = value
            case _:
                out[key] = value
    return out


def _parts_of(value: Any) -> Any:
    """``"1963,8,9"`` (TimelineJS2: year, month, day, hour, minute, second) as date parts;
    anything else is left for the date reader to report."""
    if not isinstance(value, str) or not value.strip():
        return value
    names = ("year", "month", "day", "hour", "minute", "second")
    parts = [p.strip() for p in value.replace("/", ",").split(",")]
    if len(parts) > len(names):
        return value
    return dict(zip(names, parts, strict=False))


class _SlideSkipped(Exception):
    def __init__(self, reason: str, path: PathKey) -> None:
        super().__init__(reason)
        self.reason, self.path = reason, path


class _Reader(SourceReader):
    def __init__(self, source: Document, timezone: str | None, layout: _Layout) -> None:
        super().__init__(source, timezone, "timelinejs")
        self.layout = layout

    def document(self) -> Document:
        slides = self.layout.slides
        ids = IdMaker(given for slide in slides if (given := _given_id(slide.data)))
        events = []
        for slide in slides:
            try:
                events.append(self._event(slide, ids))
            except _SlideSkipped as skipped:
                what = "era" if slide.era else "slide"
                self.problems.append(
                    problem_at(
                        self.source,
                        "skipped",
                        f"{what} skipped: {skipped.reason}",
                        skipped.path,
                        severity="warning",
                    )
                )
                continue
            self.origins.append(slide.path)
        title = self._title(self.layout.title)
        document: dict[str, Any] = {**title, "events": events}
        problems = self.all_problems("TimelineJS")
        top = {"title": (*self.layout.title_path, "text", "headline")}
        locate = located(self.source, self.origins, self.layout.fields, top)
        return Document(document, self.source.name, problems, locate, items=len(slides))

    def _title(self, slide: Any) -> dict[str, Any]:
        if not isinstance(slide, dict):
            return {}
        text = _mapping(slide.get("text"))
        out = {"title": as_text(text.get("headline")), "description": as_text(text.get("text"))}
        for key, value in slide.items():
            if key != "text" and _filled(value):
                self.losses.add(key, unit="title slide")
        return {k: v for k, v in out.items() if v is not None}

    def _event(self, slide: _Slide, ids: IdMaker) -> dict[str, Any]:
        data = slide.data
        if not isinstance(data, dict):
            raise _SlideSkipped(f"expected a slide (an object), found {_shape(data)}", slide.path)
        start = self._date(data.get("start_date"), slide, "start_date", required=True)
        assert start is not None
        end = self._date(data.get("end_date"), slide, "end_date", required=False)
        text = _mapping(data.get("text"))
        headline, body = as_text(text.get("headline")), as_text(text.get("text"))
        caption = _text(_mapping(data.get("media")).get("caption"))
        title = headline or made_title((body, caption), start[0])
        if headline is None:
            self.problems.append(
                problem_at(
                    self.source,
                    "no-title",
                    f"no headline; the title is made from the slide: {title!r}",
                    slide.path,
                    severity="warning",
                )
            )
        zone = self.timezone or DEFAULT_ZONE
        if self.timezone is None:
            if Precision.TIME in (start[1], end and end[1]):
                self.timed.append(slide.where("start_date"))
            else:
                self.assumed += 1
        event: dict[str, Any] = {
            "id": _given_id(data) or ids.make(title),
            "title": title,
            "kind": "other",
            "timezone": zone,
            "start": start[0],
        }
        if end is not None:
            event["end"] = end[0]
        if body is not None:
            event["summary"] = body
        source = self._source(data.get("media"))
        if source:
            event["sources"] = [source]
        tags = [ERA_TAG] if slide.era else []
        group = _text(data.get("group"))
        if group is not None:
            tag = group if is_slug(group) else slugify(group, "group")
            if tag != group:
                self.losses.add("group", f"written as a tag, e.g. {group!r} as {tag!r}")
            tags.append(tag)
        if tags:
            event["tags"] = tags
        self._report_unkept(data)
        return event

    def _date(
        self, parts: Any, slide: _Slide, key: str, *, required: bool
    ) -> tuple[str, Precision] | None:
        """The written time and its precision; ``None`` when absent (``_SlideSkipped`` when a
        start is missing or a date cannot be read, as TimelineJS itself skips such slides)."""
        path = slide.where(key)
        if parts is None or (isinstance(parts, dict) and not _text(parts.get("year"))):
            if required:
                raise _SlideSkipped(f"it has no {slide.keys.get(key, key)} with a year", path)
            return None
        if not isinstance(parts, dict):
            raise _SlideSkipped(
                f"expected date parts (an object with year, month, day, …), found {parts!r}",
                path,
            )
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
                where = path if slide.keys else (*path, part)
                raise _SlideSkipped(f"{part} {value!r} is not a whole number", where) from None
        year = numbers["year"]
        if abs(year) > LAST_YEAR:
            raise _SlideSkipped(
                f"year {year} cannot be held: an events file takes years within a trillion of 0",
                path if slide.keys else (*path, "year"),
            )
        if not 1 <= year <= 9999:
            return self._beyond_calendar(numbers)
        return _written(numbers)

    def _beyond_calendar(self, numbers: dict[str, int]) -> tuple[str, Precision]:
        """A BCE or cosmological year (``-13800000000``) as EDTF writes it: ``-0489-09-12``,
        ``Y-13800000000``. A time of day, and the month and day of a year of five digits or
        more, have no place there (reported)."""
        year = numbers["year"]
        if "hour" in numbers:
            self.losses.add("time of day", "before year 1 and after 9999 a date is kept alone")
        if "month" not in numbers:
            return year_text(year), Precision.YEAR
        if abs(year) > 9999:
            self.losses.add("month and day", "a year of five digits or more is kept alone")
            return year_text(year), Precision.YEAR
        month = f"{year_text(year)}-{numbers['month']:02d}"
        if "day" not in numbers:
            return month, Precision.MONTH
        return f"{month}-{numbers['day']:02d}", Precision.DAY

    def _source(self, media: Any) -> dict[str, Any] | None:
        if not isinstance(media, dict) or not _filled(media):
            return None
        url = _text(media.get("url")) or ""
        if url.startswith("//"):
            url = "https:" + url
        if not re.fullmatch(r"https?://\S+", url):
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


def as_text(value: Any) -> str | None:
    """TimelineJS's HTML as our text: character references decoded (``&amp;`` is ``&``), tags
    kept as written; ``as_html`` does the reverse on export, so our text comes back as it was."""
    text = _text(value)
    return html.unescape(text) if text is not None and "&" in text else text


def _filled(value: Any) -> bool:
    """Whether a value says anything: TimelineJS files are full of empty strings and objects."""
    if isinstance(value, dict):
        return any(_filled(v) for v in value.values())
    if isinstance(value, list):
        return any(_filled(v) for v in value)
    return _text(value) is not None or value is True


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


# ---------------------------------------------------------------------------------------------
# Writing


def write(timeline: Timeline) -> tuple[str, list[str]]:
    """The timeline as TimelineJS3 JSON; times are written as local wall time at the place."""
    losses = Losses("timelinejs")
    document: dict[str, Any] = {}
    title = {"headline": as_html(timeline.title), "text": as_html(timeline.description)}
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
        losses.add("actors", "participants are not kept either", unit="file")
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n", losses.notes()


def _slide(event: Event, losses: Losses) -> dict[str, Any]:
    slide: dict[str, Any] = {"unique_id": event.id, **_dates(event, losses)}
    slide["text"] = {"headline": as_html(event.title)}
    if event.summary is not None:
        slide["text"]["text"] = as_html(event.summary)
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
    era: dict[str, Any] = _dates(event, losses)
    era["text"] = {"headline": as_html(event.title)}
    if event.summary is not None:
        era["text"]["text"] = as_html(event.summary)
    if event.sources:
        losses.add("sources", "eras have no media")
    if len(event.tags) > 1:
        losses.add("tags", "eras have no group")
    _count_unkept(event, losses)
    return era


def _dates(event: Event, losses: Losses) -> dict[str, Any]:
    start, end = event.start, event.end
    if start.is_open and end is not None:
        losses.add("start", "an open start (..) is written as the end's date")
        start = end
    out = {"start_date": _point_parts(start, "start", losses)}
    if end is not None and end.is_open:
        losses.add("end", "an open end (..) has no end_date")
    elif end is not None:
        out["end_date"] = _point_parts(end, "end", losses)
    return out


def as_html(text: str | None) -> str | None:
    """Our text as TimelineJS's HTML shows it: ``<``, ``>`` and ``&`` escaped, so that a title
    such as ``<img onerror=…>`` is shown as written in a TimelineJS viewer, never run."""
    return None if text is None else html.escape(text, quote=False)


def _point_parts(point: TimePoint, field: str, losses: Losses) -> dict[str, str]:
    """A point as TimelineJS date parts; a year beyond 1 to 9999 as TimelineJS writes it
    (``"year": "-13800000000"``), with its month and day while JavaScript dates reach it."""
    plain = without_edtf(point, field, losses)
    if plain is not None:
        return _date_parts(plain.local, plain.precision)
    edtf_lost(point, field, losses)
    year, month, day = point.first_day
    parts = {"year": str(year)}
    if point.precision is Precision.YEAR:
        return parts
    if abs(year) > JS_YEARS:
        losses.add(field, "TimelineJS takes only the year of a date this far from now")
        return parts
    parts["month"] = str(month)
    if point.precision is not Precision.MONTH:
        parts["day"] = str(day)
    return parts


JS_YEARS = 271_820
"""The years a JavaScript ``Date`` (and so TimelineJS) holds with their months and days."""


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
