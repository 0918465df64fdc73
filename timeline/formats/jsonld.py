"""schema.org JSON-LD: each event an ``Event`` node, for search engines and linked-data tools.

=========================  =====================================================================
events file                schema.org
=========================  =====================================================================
``id``                     ``@id`` ``#<id>`` and ``identifier``
``title``/``summary``      ``name``/``description``
``start``/``end``          ``startDate``/``endDate``: ISO 8601 with the UTC offset at the place
                           (``2025-10-28T10:40:00+09:00``), or the date, month or year alone
``place``                  ``location``: a ``Place`` named after the venue, with a
                           ``PostalAddress`` (``addressLocality`` the city, ``addressCountry``)
``participants``           ``attendee``: a ``Person`` with ``name``, ``jobTitle`` (the role) and
                           ``nationality`` (the country)
``sources``                ``subjectOf``: ``CreativeWork``\\s with ``url``, ``publisher``,
                           ``headline``, ``datePublished``, ``inLanguage``
``tags``                   ``keywords``
``part_of``                ``superEvent`` (a reference to that event's node)
=========================  =====================================================================

schema.org has no home for the zone's name (the offset is kept), ``kind``, ``approximate``,
``outcomes``, ``follows``, ``responds_to`` and ``notes``, nor the file's title and description;
each is reported.

Reading takes the same mapping back, for our own graph and for other sites' JSON-LD of the same
shape (``timeline import events.jsonld``). JSON-LD names no time zone: times take
``--timezone``, else the fixed zone of the offset they are written with (``Etc/GMT-9`` for
``+09:00``, with a warning); dates alone are read in UTC (a warning), floating times are an
error. An event's own ``url`` becomes a source; the types, statuses, offers, organizers and
images of other sites' events are reported as not kept.

JSON-LD mostly sits inside an HTML ``<script type="application/ld+json">``; ``<``, ``>`` and
``&`` are written as ``\u003c``, ``\u003e`` and ``\u0026`` (the same JSON), so that no text can
end that element (``</script>``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..core.document import Document
from ..core.errors import PathKey, Problem
from ..core.ids import is_slug, slugify
from ..core.safe_text import script_safe
from ..core.times import Precision, country_names
from ..read.parse import parse
from .mapping import (
    DEFAULT_ZONE,
    IdMaker,
    ImportOptions,
    Losses,
    SourceReader,
    edtf_lost,
    located,
    problem_at,
    without_edtf,
)

if TYPE_CHECKING:
    from ..core.models import Actor, Event, Place, Source
    from ..core.timeline import Timeline
    from ..core.times import TimePoint

CONTEXT = "https://schema.org"


def write(timeline: Timeline) -> tuple[str, list[str]]:
    """The timeline as a JSON-LD document: a ``@graph`` of ``Event`` nodes in time order."""
    losses = Losses("jsonld")
    graph = [_event(event, timeline, losses) for event in timeline]
    if timeline.title is not None:
        losses.add("title", unit="file")
    if timeline.description is not None:
        losses.add("description", unit="file")
    losses.add_translations(timeline)
    document = {"@context": CONTEXT, "@graph": graph}
    text = script_safe(json.dumps(document, indent=2, ensure_ascii=False))
    return text + "\n", losses.notes()


def _event(event: Event, timeline: Timeline, losses: Losses) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@type": "Event",
        "@id": f"#{event.id}",
        "identifier": event.id,
        "name": event.title,
    }
    if event.summary is not None:
        node["description"] = event.summary
    start, end = event.start, event.end
    if start.is_open:
        losses.add("start", "an open start (..) has no startDate")
    else:
        node["startDate"] = _date(start, "start", losses)
    if end is not None and end.is_open:
        losses.add("end", "an open end (..) has no endDate")
    elif end is not None:
        node["endDate"] = _date(end, "end", losses)
    if event.place is not None:
        node["location"] = _place(event.place)
    if event.participants:
        node["attendee"] = [_person(key, timeline.actors.get(key)) for key in event.participants]
    if event.sources:
        node["subjectOf"] = [_work(source) for source in event.sources]
    if event.tags:
        node["keywords"] = ", ".join(event.tags)
    if event.part_of is not None:
        node["superEvent"] = {"@id": f"#{event.part_of}"}
    losses.add("timezone", "times keep their UTC offset")
    losses.add_claims(event)
    if event.kind.value != "other":
        losses.add("kind")
    for field in ("approximate", "outcomes", "follows", "responds_to", "notes"):
        if getattr(event, field):
            losses.add(field)
    return node


def _date(point: TimePoint, field: str, losses: Losses) -> str:
    """ISO 8601 with the offset at the place; a date, month or year alone as written. A year
    beyond 1 to 9999 as XML Schema writes it (``-0489``, ``-13800000000``: year 0 is 1 BCE)."""
    plain = without_edtf(point, field, losses)
    if plain is not None:
        return plain.local.isoformat() if not plain.precision.is_date_only else plain.isoformat()
    edtf_lost(point, field, losses)
    year, month, day = point.first_day
    text = f"-{-year:04d}" if year < 0 else f"{year:04d}"
    if point.precision is Precision.YEAR or abs(year) > 9999:
        return text
    text += f"-{month:02d}"
    return text if point.precision is Precision.MONTH else text + f"-{day:02d}"


def _place(place: Place) -> dict[str, Any]:
    address: dict[str, Any] = {"@type": "PostalAddress", "addressCountry": place.country}
    if place.city is not None:
        address["addressLocality"] = place.city
    node: dict[str, Any] = {"@type": "Place"}
    if place.venue is not None:
        node["name"] = place.venue
    node["address"] = address
    return node


def _person(key: str, actor: Actor | None) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "Person", "@id": f"#actor-{key}", "identifier": key}
    node["name"] = actor.name if actor is not None else key
    if actor is not None and actor.role is not None:
        node["jobTitle"] = actor.role
    if actor is not None and actor.country is not None:
        node["nationality"] = {
            "@type": "Country",
            "name": country_names().get(actor.country, actor.country),
            "identifier": actor.country,
        }
    return node


def _work(source: Source) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "CreativeWork", "url": source.url}
    if source.title is not None:
        node["headline"] = source.title
    if source.publisher is not None:
        node["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.published is not None:
        node["datePublished"] = source.published.isoformat()
    if source.language is not None:
        node["inLanguage"] = source.language
    return node


# ---------------------------------------------------------------------------------------------
# Reading

_FIELDS: dict[str, PathKey] = {
    "id": ("identifier",),
    "title": ("name",),
    "summary": ("description",),
    "start": ("startDate",),
    "end": ("endDate",),
    "place": ("location",),
    "participants": ("attendee",),
    "sources": ("subjectOf",),
    "tags": ("keywords",),
    "part_of": ("superEvent",),
}
_KEPT = {"@type", "@id", "@context", *(path[0] for path in _FIELDS.values()), "url", "subEvent"}
_DAY_ALONE = re.compile(r"-?\d{4,}(?:-\d{2}(?:-\d{2})?)?")
_TIME_OF_DAY = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?P<offset>Z|[+-].*)?"
)
_WHOLE_HOURS = re.compile(r"(?P<sign>[+-])(?P<hours>\d{2}):?00")


def read(text: str, name: str, options: ImportOptions) -> Document:
    """schema.org ``Event`` nodes in JSON-LD as events-file data: our own export, and other
    sites' JSON-LD of the same shape (one node, a list of them, or a ``@graph``; any
    ``…Event`` type, such as ``MusicEvent``)."""
    source = parse(text, name, "json")
    if source.data is None:
        return source
    nodes = list(_event_nodes(source.data, ()))
    if not nodes:
        problem = problem_at(
            source,
            "jsonld-shape",
            'no schema.org Event in it: expected a node with "@type": "Event" (or a type '
            'such as MusicEvent), a list of them, or a "@graph" that holds them',
            (),
        )
        return Document(None, name, [problem], items=0)
    return _Reader(source, options.timezone).document(nodes)


def _event_nodes(
    data: Any, path: PathKey, parent: Any = None
) -> Iterator[tuple[PathKey, Any, Any]]:
    """Each Event node with its path and the node it is a ``subEvent`` of."""
    if isinstance(data, list):
        for index, item in enumerate(data):
            yield from _event_nodes(item, (*path, index), parent)
    elif isinstance(data, dict):
        if _is_event(data):
            yield path, data, parent
            inner = data.get("subEvent")
            if inner is not None:
                yield from _event_nodes(inner, (*path, "subEvent"), data)
        elif "@graph" in data:
            yield from _event_nodes(data["@graph"], (*path, "@graph"), parent)


def _is_event(node: dict[str, Any]) -> bool:
    types = node.get("@type")
    names = types if isinstance(types, list) else [types]
    return any(
        isinstance(t, str) and re.split(r"[/:#]", t)[-1].endswith(("Event", "Festival"))
        for t in names
    )


class _Reader(SourceReader):
    def __init__(self, source: Document, timezone: str | None) -> None:
        super().__init__(source, timezone, "jsonld")
        self.actors: dict[str, dict[str, Any]] = {}
        self.from_offset = 0

    def document(self, nodes: list[tuple[PathKey, Any, Any]]) -> Document:
        given = [_node_id(node) for _, node, _ in nodes]
        ids = IdMaker(g for g in given if g is not None)
        made = [
            g or ids.make(_text(node.get("name")) or "event")
            for g, (_, node, _) in zip(given, nodes, strict=True)
        ]
        by_node = {id(node): key for key, (_, node, _) in zip(made, nodes, strict=True)}
        by_at_id = {
            node["@id"]: key
            for key, (_, node, _) in zip(made, nodes, strict=True)
            if isinstance(node.get("@id"), str)
        }
        events = [
            self._event(path, node, key, by_node.get(id(parent)), by_at_id)
            for key, (path, node, parent) in zip(made, nodes, strict=True)
        ]
        data: dict[str, Any] = (
            {"actors": self.actors, "events": events} if self.actors else {"events": events}
        )
        problems = self.all_problems("JSON-LD")
        if self.from_offset:
            noun = "event takes its" if self.from_offset == 1 else "events take their"
            problems.append(
                Problem(
                    "assumed-zone",
                    f"{self.from_offset} {noun} time zone from the UTC offset written (Etc/GMT-9 "
                    "for +09:00), since JSON-LD names no zone: pass --timezone ZONE for the "
                    "place's own",
                    self.source.name,
                    severity="warning",
                )
            )
        origins = [path for path, _, _ in nodes]
        locate = located(self.source, origins, _FIELDS)
        return Document(data, self.source.name, problems, locate, items=len(nodes))

    def _event(
        self,
        path: PathKey,
        node: dict[str, Any],
        key: str,
        parent: str | None,
        by_at_id: dict[str, str],
    ) -> dict[str, Any]:
        event: dict[str, Any] = {"id": key, "kind": "other"}
        if (title := _text(node.get("name"))) is not None:
            event["title"] = title
        start, end = node.get("startDate"), node.get("endDate")
        event["timezone"] = self._zone([v for v in (start, end) if isinstance(v, str)], path)
        for field, value in (("start", start), ("end", end)):
            if value is not None:
                event[field] = _edtf_year(value) if isinstance(value, str) else value
        if (summary := _text(node.get("description"))) is not None:
            event["summary"] = summary
        if (place := self._place(node.get("location"))) is not None:
            event["place"] = place
        participants = [self._actor(p) for p in _many(node.get("attendee"))]
        if kept := [p for p in participants if p is not None]:
            event["participants"] = kept
        if sources := self._sources(node):
            event["sources"] = sources
        if tags := self._tags(node.get("keywords")):
            event["tags"] = tags
        part_of = _reference(node.get("superEvent"), by_at_id) or parent
        if part_of is not None:
            event["part_of"] = part_of
        for field, value in node.items():
            if field not in _KEPT and value not in (None, "", [], {}):
                self.losses.add(field)
        return event

    def _zone(self, times: list[str], path: PathKey) -> str:
        """The zone of an event's times: ``--timezone``; else the one its offset names, UTC
        for ``Z`` and dates alone (a warning); none for a floating time (an error)."""
        if self.timezone is not None:
            return self.timezone
        timed = [m for t in times if (m := _TIME_OF_DAY.fullmatch(t.strip()))]
        if not timed:
            self.assumed += bool(times)
            return DEFAULT_ZONE
        offset = timed[0]["offset"]
        if offset is None:
            self.timed.append((*path, "startDate"))
            return DEFAULT_ZONE
        if offset == "Z":
            return DEFAULT_ZONE
        if (hours := _WHOLE_HOURS.fullmatch(offset)) is not None and int(hours["hours"]) <= 14:
            self.from_offset += 1
            count = int(hours["hours"])
            # The tz database's fixed zones name the offset with the sign turned round.
            return "UTC" if count == 0 else f"Etc/GMT{'-' if hours['sign'] == '+' else '+'}{count}"
        self.timed.append((*path, "startDate"))
        return DEFAULT_ZONE

    def _place(self, location: Any) -> dict[str, Any] | None:
        if location is None:
            return None
        first = _many(location)[0] if _many(location) else None
        if len(_many(location)) > 1:
            self.losses.add("location", "only the first place is kept")
        if not isinstance(first, dict):
            self.losses.add("location", "a place needs a country (a PostalAddress)")
            return None
        address = first.get("address")
        address = address if isinstance(address, dict) else {}
        country = _country(address.get("addressCountry"))
        if country is None:
            self.losses.add("location", "a place needs a country (a PostalAddress)")
            return None
        place = {
            "venue": _text(first.get("name")),
            "city": _text(address.get("addressLocality")),
            "country": country,
        }
        return {k: v for k, v in place.items() if v is not None}

    def _actor(self, person: Any) -> str | None:
        if not isinstance(person, dict) or _text(person.get("name")) is None:
            self.losses.add("attendee", "an attendee needs a name")
            return None
        name = _text(person.get("name")) or ""
        key = _text(person.get("identifier"))
        if key is None or not is_slug(key):
            at_id = person.get("@id")
            fragment = at_id.rsplit("#actor-", 1)[-1] if isinstance(at_id, str) else ""
            key = fragment if is_slug(fragment) and "#actor-" in str(at_id) else slugify(name)
        actor: dict[str, Any] = {"name": name}
        if (role := _text(person.get("jobTitle"))) is not None:
            actor["role"] = role
        nationality = person.get("nationality")
        if (country := _country(nationality)) is not None:
            actor["country"] = country
        self.actors.setdefault(key, actor)
        return key

    def _sources(self, node: dict[str, Any]) -> list[dict[str, Any]]:
        sources = []
        for work in _many(node.get("subjectOf")):
            if not isinstance(work, dict) or _text(work.get("url")) is None:
                self.losses.add("subjectOf", "a source needs a url")
                continue
            publisher = work.get("publisher")
            published = _text(work.get("datePublished"))
            source = {
                "url": _text(work.get("url")),
                "title": _text(work.get("headline")),
                "publisher": _text(publisher.get("name"))
                if isinstance(publisher, dict)
                else _text(publisher),
                "published": published[:10] if published else None,
                "language": _text(work.get("inLanguage")),
            }
            sources.append({k: v for k, v in source.items() if v is not None})
        url = _text(node.get("url"))
        if url is not None and url not in {s["url"] for s in sources}:
            sources.insert(0, {"url": url})
        return sources

    def _tags(self, keywords: Any) -> list[str]:
        words = keywords.split(",") if isinstance(keywords, str) else _many(keywords)
        tags = []
        for word in words:
            text = _text(word)
            if text is None:
                continue
            tag = text if is_slug(text) else slugify(text, "tag")
            if tag != text:
                self.losses.add("keywords", f"written as tags, e.g. {text!r} as {tag!r}")
            tags.append(tag)
        return list(dict.fromkeys(tags))


def _edtf_year(value: str) -> str:
    """A date as JSON-LD (XML Schema) writes it, as an events file does: a year of five
    digits or more takes EDTF's Y (``-13800000000`` is ``Y-13800000000``)."""
    text = value.strip()
    if _DAY_ALONE.fullmatch(text) and len(text.lstrip("-").split("-")[0]) > 4:
        return (
            "Y" + text.split("-")[0] if not text.startswith("-") else "Y-" + text[1:].split("-")[0]
        )
    return text


def _node_id(node: dict[str, Any]) -> str | None:
    given = _text(node.get("identifier"))
    if given is not None and is_slug(given):
        return given
    at_id = node.get("@id")
    fragment = at_id.rsplit("#", 1)[-1] if isinstance(at_id, str) and "#" in at_id else ""
    return fragment if is_slug(fragment) else None


def _reference(value: Any, by_at_id: dict[str, str]) -> str | None:
    at_id = value.get("@id") if isinstance(value, dict) else value
    return by_at_id.get(at_id) if isinstance(at_id, str) else None


def _country(value: Any) -> str | None:
    """An ISO 3166-1 code from ``addressCountry`` or ``nationality``: a code, a ``Country``
    with an ``identifier`` or a ``name``, or an English country name."""
    if isinstance(value, dict):
        return _country(value.get("identifier")) or _country(value.get("name"))
    text = _text(value)
    if text is None:
        return None
    names = country_names()
    if text.upper() in names and len(text) == 2:
        return text.upper()
    return {name.lower(): code for code, name in names.items()}.get(text.lower())


def _many(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value: Any) -> str | None:
    """Text as JSON-LD may give it: a string, or a value object (``{"@value": …}``)."""
    if isinstance(value, dict) and "@value" in value:
        value = value["@value"]
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None
