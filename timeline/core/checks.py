"""Checks that look at more than one value: ids, references, order of start and end, places.

Each check yields ``Finding``s — a code, a message, the event's index and the field path — and
the loader turns them into located ``Problem``s.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .claims import is_claims
from .errors import Code
from .models import DEFAULT_LANGUAGE, Event, Place
from .reporting import published_before
from .times import zone_fits_country

PathKey = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    code: Code
    message: str
    index: int
    path: PathKey
    severity: str = "error"
    key: bool = False
    """The problem is the key at ``path`` (a translation's language), not its value."""
    also: PathKey | None = None
    """Where the other value in the problem is (``("events", 3, "start")``), to show it too."""


def check_events(
    events: Sequence[tuple[int, Event]],
    raw_events: Sequence[Any],
    actor_ids: Set[str],
    *,
    language: str = DEFAULT_LANGUAGE,
) -> Iterator[Finding]:
    """Every cross-field problem among the events of one file.

    ``events`` are the events valid on their own (with their index in the file); ``raw_events``
    is everything written, valid or not, so that ids and references are checked even in an
    event with other errors, and a reference to such an event is not called dangling.
    ``language`` is the file's own language, which its translations must not repeat.
    """
    references = [(i, raw) for i, raw in enumerate(raw_events) if isinstance(raw, Mapping)]
    known_ids = {raw["id"] for _, raw in references if isinstance(raw.get("id"), str)}
    yield from duplicate_ids((index, raw.get("id")) for index, raw in references)
    for index, raw in references:
        # Most events name only known actors and events: found at once, in bulk.
        if not _only_known(raw.get("participants"), actor_ids):
            yield from actor_references(index, raw, actor_ids)
        if _relations_known(raw, known_ids):
            continue
        for path, target in relation_targets(raw):
            yield from unknown_event(index, path, target, raw.get("id"), known_ids)
    for index, event in events:
        yield from event_findings(index, event, language)
    yield from relation_order(events)
    parents = {e.id: e.part_of for _, e in events if e.part_of and e.part_of != e.id}
    index_of = {e.id: i for i, e in events}
    yield from part_of_cycles(parents, index_of.__getitem__)


def event_findings(index: int, event: Event, language: str = "en") -> Iterator[Finding]:
    """What is wrong with one event valid on its own, seen without the others (``language``:
    the file's own)."""
    yield from _times(index, event)
    place = event.place
    if place is not None:
        yield from _place(index, event)
    # Each check below looks at what most events do not have, or have plainly right; it is
    # only started for those that do (on a large file, starting them all is most of the work).
    if event.translations or (place is not None and place.translations):
        yield from _translations(index, event, language)
    sources = event.sources
    if not all(source.url.isascii() for source in sources):
        yield from _source_hosts(index, event)
    if event.claims:
        yield from _claims(index, event)
    if any(source.published is not None for source in sources):
        yield from _early_sources(index, event)
    if not event.sources:
        yield Finding(
            "no-source", "no sources: add at least one report", index, ("sources",), "warning"
        )


def duplicate_ids(ids: Iterable[tuple[int, Any]]) -> Iterator[Finding]:
    """An id written before, for each (index, id as written) in file order."""
    first: dict[str, int] = {}
    for index, event_id in ids:
        if not isinstance(event_id, str):
            continue
        if event_id in first:
            yield Finding(
                "duplicate-id",
                f"duplicate id {event_id!r} (also used by events[{first[event_id]}])",
                index,
                ("id",),
            )
        else:
            first[event_id] = index


def _times(index: int, event: Event) -> Iterator[Finding]:
    start, end = event.start, event.end
    if end is None:
        if start.is_open:
            yield Finding(
                "open-start",
                "an open start (..) needs an end: give the end, or write when it started",
                index,
                ("start",),
            )
        return
    # "Before" only if all that the end allows is over by the earliest the start allows: a
    # date-only end covers its whole day, an uncertain one more; a timed end may equal the start.
    end_lo, end_hi = end.allowing(event.approximate)
    start_lo = start.allowing(event.approximate)[0]
    if end_hi < start_lo or (end_hi == start_lo and end_lo < end_hi):
        yield Finding(
            "end-before-start",
            f"ends before it starts ({end} is before {start} in {event.timezone})",
            index,
            ("end",),
        )


def can_follow(event: Event, other: Event) -> bool:
    """Whether ``event`` can have started at or after ``other`` started, as far as their
    times tell: false only when everything ``event``'s start allows is before ``other``'s."""
    lo, hi = event.start.allowing(event.approximate)
    other_lo = other.start.allowing(other.approximate)[0]
    return hi > other_lo or (lo == hi == other_lo)


def relation_order(events: Sequence[tuple[int, Event]]) -> Iterator[Finding]:
    """An event that ``follows`` or ``responds_to`` one that its times say started later."""
    by_id = {event.id: (index, event) for index, event in events}
    for index, event in events:
        for field in ("follows", "responds_to"):
            for position, target in enumerate(getattr(event, field)):
                found = by_id.get(target)
                if found is None or target == event.id or can_follow(event, found[1]):
                    continue
                other_index, other = found
                verb = "follows" if field == "follows" else "responds to"
                yield Finding(
                    "relation-order",
                    f"{verb} {target!r}, which starts later ({other.start} in {other.timezone}) "
                    f"than this event can ({event.start} in {event.timezone}): correct one of "
                    f"the two times, or the relation",
                    index,
                    (field, position),
                    also=("events", other_index, "start"),
                )


def _place(index: int, event: Event) -> Iterator[Finding]:
    if event.place is None:
        return
    if not zone_fits_country(event.timezone, event.place.country):
        yield Finding(
            "zone-country-mismatch",
            f"time zone {event.timezone!r} is not used in country {event.place.country!r}; "
            "check the zone or the country",
            index,
            ("timezone",),
        )


_DOTS = {"\u3002": "ideographic full stop", "\uff0e": "full-width", "\uff61": "half-width"}
"""Characters browsers read as the '.' between a host's labels (IDNA), which look like it."""


def _source_hosts(index: int, event: Event) -> Iterator[Finding]:
    """A warning for each source whose host is not written in plain ASCII: such a host may be
    a real international name, or letters and dots that only look like another site's."""
    for number, source in enumerate(event.sources):
        if source.url.isascii():  # the common case, without taking the URL apart
            continue
        host = urlsplit(source.url).hostname or ""
        if host.isascii():
            continue
        try:
            sent = host.encode("idna").decode("ascii")
        except UnicodeError:
            sent = None
        dots = [
            f"'{c}' (U+{ord(c):04X}, {_DOTS[c]} dot)" for c in dict.fromkeys(host) if c in _DOTS
        ]
        said = f", which browsers send as {sent!r}" if sent else ""
        message = f"the host {host!r} holds characters other than ASCII{said}; " + (
            f"{', '.join(dots)} is read as '.': write '.'"
            if dots
            else "check that it is the site meant, since letters of other scripts can look "
            "like Latin ones"
        )
        yield Finding("url-host", message, index, ("sources", number, "url"), "warning")


def _claims(index: int, event: Event) -> Iterator[Finding]:
    """Each claim names sources the event has, or who said it; a claimed place fits the zone."""
    urls = [source.url for source in event.sources]
    for path, claims in event.claims.items():
        for number, claim in enumerate(claims):
            at = (*path, "claims", number)
            if not claim.sources and claim.said_by is None:
                yield Finding(
                    "unsourced-claim",
                    "a value without a source: name the event's sources that give it "
                    "(sources: [0] for the first, or its URL), or who said it (said_by: …)",
                    index,
                    at,
                    "warning",
                )
            for place, reference in enumerate(claim.sources):
                if problem := _missing_source(reference, urls):
                    yield Finding("unknown-source", problem, index, (*at, "sources", place))
            if path == ("place",) and isinstance(claim.value, Place):
                country = claim.value.country
                if not zone_fits_country(event.timezone, country):
                    yield Finding(
                        "zone-country-mismatch",
                        f"time zone {event.timezone!r} is not used in country {country!r}; "
                        "check the claimed country",
                        index,
                        (*at, "value", "country"),
                    )


def _missing_source(reference: int | str, urls: Sequence[str]) -> str | None:
    """What is wrong with a claim's reference to one of the event's sources (``urls``)."""
    if isinstance(reference, int):
        if reference < len(urls):
            return None
        count = len(urls)
        have = {0: "no sources", 1: "source 0 only", 2: "sources 0 and 1"}.get(
            count, f"sources 0 to {count - 1}"
        )
        return f"there is no source {reference}: the event has {have}, counted from 0"
    if reference in urls:
        return None
    return (
        f"no source of this event has the URL {reference!r}"
        f"{_did_you_mean(reference, set(urls))}; add it to the event's sources"
    )


def _early_sources(index: int, event: Event) -> Iterator[Finding]:
    """A report dated before the event began, unless it says it is an announcement."""
    for number, source in enumerate(event.sources):
        if source.published is None or source.announcement:
            continue
        if published_before(source.published, event.start):
            yield Finding(
                "early-source",
                f"published {source.published}, before the event began ({event.start} in "
                f"{event.timezone}): if it announced the event in advance, mark it "
                "'announcement: true'; else check the date",
                index,
                ("sources", number, "published"),
                "warning",
            )


def same_language(tag: str, other: str) -> bool:
    """Whether two BCP 47 tags name the same language (tags are case-insensitive)."""
    return tag.lower() == other.lower()


def own_language_message(tag: str, language: str) -> str:
    return (
        f"a translation into {tag!r}, the file's own language (language: {language}); "
        "the texts in that language are the fields themselves: remove this translation, "
        "or set the file's 'language' to the language its texts are written in"
    )


def _translations(index: int, event: Event, language: str) -> Iterator[Finding]:
    translated: list[tuple[PathKey, str]] = [
        (("translations", tag), tag) for tag in event.translations
    ]
    if event.place is not None:
        translated += [(("place", "translations", tag), tag) for tag in event.place.translations]
    for path, tag in translated:
        if same_language(tag, language):
            yield Finding(
                "own-language-translation",
                own_language_message(tag, language),
                index,
                path,
                key=True,
            )
    for tag, translation in event.translations.items():
        outcomes = translation.outcomes
        if outcomes is not None and len(outcomes) != len(event.outcomes):
            yield Finding(
                "translation-outcomes",
                f"{len(outcomes)} translated outcomes for the event's {len(event.outcomes)}: "
                "translate each outcome once, in the same order",
                index,
                ("translations", tag, "outcomes"),
                "warning",
            )


def actor_references(index: int, raw: Mapping[str, Any], actor_ids: Set[str]) -> Iterator[Finding]:
    written: Any = raw.get("participants")
    lists: list[tuple[PathKey, Any]] = [(("participants",), written)]
    if is_claims(written) and isinstance(written["claims"], list):
        lists = [
            (("participants", "claims", number, "value"), claim.get("value"))
            for number, claim in enumerate(written["claims"])
            if isinstance(claim, Mapping)
        ]
    for path, participants in lists:
        for i, actor in enumerate(_strings(participants)):
            if actor is not None and actor not in actor_ids:
                yield Finding(
                    "unknown-actor",
                    f"unknown participant {actor!r}{_did_you_mean(actor, actor_ids)}; "
                    "add it to the actors registry",
                    index,
                    (*path, i),
                )


def relation_targets(raw: Mapping[str, Any]) -> list[tuple[PathKey, str | None]]:
    """The ids an event as written refers to, with their paths; ``None`` for one not text."""
    relations: list[tuple[PathKey, str | None]] = []
    if isinstance(raw.get("part_of"), str):
        relations.append((("part_of",), raw["part_of"]))
    for name in ("follows", "responds_to"):
        relations += [((name, i), t) for i, t in enumerate(_strings(raw.get(name)))]
    return relations


def unknown_event(
    index: int, path: PathKey, target: str | None, own_id: Any, known_ids: Set[str]
) -> Iterator[Finding]:
    """A reference (``target``, written at ``path``) to the event itself or to no event."""
    if target is None:
        return  # not text: the model's check has reported it
    if target == own_id:
        yield Finding(
            "self-reference", f"an event cannot refer to itself in {path[0]}", index, path
        )
    elif target not in known_ids:
        yield Finding(
            "unknown-event",
            f"no event has the id {target!r}{_did_you_mean(target, known_ids)}",
            index,
            path,
        )


def part_of_cycles(parents: Mapping[str, str], index_of: Callable[[str], int]) -> Iterator[Finding]:
    """Each circle of ``part_of`` links once; ``parents`` maps an id to its ``part_of``."""
    reported: set[str] = set()
    for start in parents:
        seen: list[str] = []
        node: str | None = start
        while node is not None and node not in seen:
            seen.append(node)
            node = parents.get(node)
        if node is None or node in reported:
            continue
        cycle = seen[seen.index(node) :]
        reported.update(cycle)
        yield Finding(
            "part-of-cycle",
            "part_of goes round in a circle: " + " → ".join([*cycle, cycle[0]]),
            index_of(cycle[0]),
            ("part_of",),
        )


def _only_known(items: Any, known: Set[str], own: Any = None) -> bool:
    """Whether ``items`` is a list of ids all in ``known`` (and not ``own``): nothing in it
    to report. ``False`` says only that it must be looked at item by item."""
    if type(items) is not list or not isinstance(known, set | frozenset):
        return False
    try:
        return known.issuperset(items) and own not in items
    except TypeError:  # an item that is a list or a mapping
        return False


def _relations_known(raw: Mapping[str, Any], known: Set[str]) -> bool:
    """Whether every event that ``raw`` refers to is another known event (quick)."""
    own = raw.get("id")
    part_of = raw.get("part_of")
    return (
        (not isinstance(part_of, str) or (part_of in known and part_of != own))
        and ("follows" not in raw or _only_known(raw["follows"], known, own))
        and ("responds_to" not in raw or _only_known(raw["responds_to"], known, own))
    )


def _strings(value: Any) -> list[str | None]:
    """The items of a written list of ids, ``None`` where an item is not text."""
    items = value if isinstance(value, list | tuple) else []
    return [item if isinstance(item, str) else None for item in items]


def _did_you_mean(name: str, choices: Set[str]) -> str:
    if isinstance(choices, frozenset):  # the same registry or ids each time: ask once per name
        return _close_match(name, choices)
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" — did you mean {close[0]!r}?" if close else ""


@functools.lru_cache(maxsize=4096)
def _close_match(name: str, choices: frozenset[str]) -> str:
    """ "Did you mean", worked out once per distinct unknown name (a million rows may repeat a
    few wrong ones; each look through a million ids takes a second)."""
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" — did you mean {close[0]!r}?" if close else ""
