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
each is reported. Export only.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..core.times import country_names
from .mapping import Losses

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
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n", losses.notes()


def _event(event: Event, timeline: Timeline, losses: Losses) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@type": "Event",
        "@id": f"#{event.id}",
        "identifier": event.id,
        "name": event.title,
    }
    if event.summary is not None:
        node["description"] = event.summary
    node["startDate"] = _date(event.start)
    if event.end is not None:
        node["endDate"] = _date(event.end)
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


def _date(point: TimePoint) -> str:
    """ISO 8601 with the offset at the place; a date, month or year alone as written."""
    return point.local.isoformat() if not point.precision.is_date_only else point.isoformat()


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
