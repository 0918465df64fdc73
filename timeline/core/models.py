"""The events file format as pydantic models: what each field may hold, checked one value at a time.

Checks that need more than one event (duplicate ids, references, cycles, end before start) live
in ``checks.py``. Field names here are the file format: renaming one breaks users' files.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from enum import StrEnum
from typing import Annotated, Any, Literal, Self
from urllib.parse import urlsplit

import pendulum
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .errors import Code
from .ids import is_slug, slugify
from .times import TimePoint, TimeValueError, country_names, load_zone, parse_time


class Kind(StrEnum):
    """What sort of event it is; the default lane of the chart."""

    SIGNING = "signing"
    """Documents signed: agreements, declarations, memoranda."""
    MEETING = "meeting"
    """Leaders or officials meet (bilateral talks, a call in person)."""
    SUMMIT = "summit"
    """A meeting of several heads of state or government."""
    DINNER = "dinner"
    """A state or working dinner or lunch."""
    STATE_VISIT = "state_visit"
    """A head of state's official visit to another country (usually several days)."""
    VISIT = "visit"
    """Any other official trip or visit."""
    CEREMONY = "ceremony"
    """A reception, welcome or other ceremony."""
    CONFERENCE = "conference"
    """A conference, forum or business event."""
    ANNOUNCEMENT = "announcement"
    """A decision or deal made public (a statement, a post, a press release)."""
    REPORT = "report"
    """A news report or interview that is itself the event."""
    OTHER = "other"
    """Anything the other kinds do not fit."""


def _check(condition: bool, code: Code, message: str) -> None:
    if not condition:
        raise PydanticCustomError(code, "{detail}", {"detail": message})


_SPACE = re.compile(r"\s")  # the characters str.isspace() finds


def _slug(value: str) -> str:
    if is_slug(value):
        return value
    suggestion = slugify(value, "")
    _check(
        False,
        "id-format",
        f"{value!r} is not an id: use lower-case letters, digits and hyphens"
        + (f", e.g. {suggestion!r}" if suggestion else ""),
    )
    return value


def _zone(value: str) -> str:
    try:
        load_zone(value)
    except TimeValueError as exc:
        raise PydanticCustomError(exc.code, "{detail}", {"detail": exc.message}) from None
    return value


_NOT_ISO = {"UK": "GB", "EL": "GR"}  # codes in common use that ISO 3166-1 gives to no one


def _country(value: str) -> str:
    names = country_names()
    if value in names:
        return value
    hint = value.upper() if value.upper() in names else _NOT_ISO.get(value.upper())
    if hint is None:
        by_name = {name.lower(): code for code, name in names.items()}
        hint = by_name.get(value.lower())
    _check(
        False,
        "unknown-country",
        f"{value!r} is not an ISO 3166-1 alpha-2 country code"
        + (f" — did you mean {hint!r}?" if hint else " (e.g. 'JP', 'US', 'NO')"),
    )
    return value


_PLAIN_HTTP_URL = re.compile(
    r"https?://[A-Za-z0-9.-]+(?:[/?#][!#$%&'()*+,\-./0-9:;=?@A-Z\[\]^_`a-z{|}~]*)?"
)
"""The usual form of a source URL, accepted without taking it apart (most of a file's URLs):
a lower-case scheme, a plain host, and printable ASCII."""
# Characters a URL never holds as they are (RFC 3986 has them percent-encoded); each one could
# end an HTML attribute or a tag, or drive a terminal, wherever the URL is shown.
_NOT_IN_URL = re.compile(r'[\x00-\x1f\x7f-\x9f<>"\\]')
# Characters an address may not hold even as an IRI (RFC 3987), each with why.
_NOT_IN_IRI = {
    "reorders how the address reads (RFC 3987 forbids these bidirectional formatting "
    "characters in addresses)": "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069",
    "is invisible, so that the address reads as another": "\u00ad\u200b-\u200d\u2060-\u2064\ufeff",
    "is not a character (RFC 3987 allows none of these in addresses)": (
        "\ufdd0-\ufdef\ufff0-\uffff\U0001fffe\U0001ffff\U000efffe\U000effff"
    ),
}
_NOT_IN_IRI_FOUND = re.compile(f"[{''.join(_NOT_IN_IRI.values())}]")


def _http_url(value: str) -> str:
    if _PLAIN_HTTP_URL.fullmatch(value):
        return value
    try:
        parts = urlsplit(value)
    except ValueError as exc:  # e.g. an unclosed [ of an IPv6 address
        _check(False, "url-format", f"{value!r} is not a URL ({exc})")
        raise  # pragma: no cover - _check(False, …) has raised
    _check(
        parts.scheme in {"http", "https"} and bool(parts.hostname),
        "url-scheme",
        f"{value!r} is not an http(s) URL; sources must be web addresses "
        "(other schemes such as javascript: or data: are refused)",
    )
    _check(not _SPACE.search(value), "url-format", f"{value!r} contains white space")
    if bad := _NOT_IN_URL.search(value):
        _check(
            False,
            "url-format",
            f"{value!r} contains {bad.group()!r}, which a URL holds only percent-encoded "
            f"(%{ord(bad.group()):02X})",
        )
    if bad := _NOT_IN_IRI_FOUND.search(value):
        character = bad.group()
        why = next(w for w, chars in _NOT_IN_IRI.items() if re.fullmatch(f"[{chars}]", character))
        name = unicodedata.name(character, "").lower()
        _check(
            False,
            "url-format",
            f"{value!r} contains U+{ord(character):04X}{f' ({name})' if name else ''}, which "
            f"{why}; remove it",
        )
    _check(
        "@" not in parts.netloc,
        "url-format",
        f"{value!r} holds a user name or password (before the '@'); a source needs none, and "
        f"what stands before '@' makes the address look like another site: it opens "
        f"{parts.hostname!r}",
    )
    try:
        port = parts.port
    except ValueError:
        port = 0
    _check(
        port != 0,
        "url-format",
        f"{value!r} has the port {parts.netloc.rpartition(':')[2]!r}, which is none (ports are "
        "1 to 65535)",
    )
    return parts.scheme + value[len(parts.scheme) :]  # HTTPS:// → https://, as browsers do


_ZONE_FREE = {"time-type", "time-format", "impossible-date", "impossible-time", "edtf-form"}


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _written_day(value: Any) -> Any:
    # pydantic alone would also read a number as seconds since 1970 (0 → 1970-01-01) and
    # '2025-11-11T00:00:00' as that day; a day is written YYYY-MM-DD.
    if (isinstance(value, dt.date) and not isinstance(value, dt.datetime)) or (
        isinstance(value, str) and _DAY.fullmatch(value)
    ):
        return value
    raise PydanticCustomError("date_type", "{detail}", {"detail": "not a day"})


def _time_point(value: Any, info: ValidationInfo) -> TimePoint:
    zone = info.data.get("timezone")
    if zone is None:
        # The zone is missing or wrong, and that is reported already. Mistakes that do not
        # depend on the zone (a 30 February, an unreadable value) are still worth reporting;
        # anything else would only repeat the zone's problem.
        try:
            parse_time(value, "UTC")
        except TimeValueError as exc:
            if exc.code in _ZONE_FREE:
                raise PydanticCustomError(exc.code, "{detail}", {"detail": exc.message}) from None
        raise PydanticCustomError("needs-zone", "cannot be read without a valid timezone")
    if isinstance(value, TimePoint) and value.is_plain:
        return TimePoint(value.local.in_timezone(zone), value.precision)
    if isinstance(value, TimePoint):  # EDTF: the written value, read in this zone
        value = value.isoformat()
    try:
        return parse_time(value, zone)
    except TimeValueError as exc:
        raise PydanticCustomError(exc.code, "{detail}", {"detail": exc.message}) from None


_TIME_SCHEMA = {
    "anyOf": [
        {
            "type": "string",
            "pattern": r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}"
            r"(\.[0-9]{1,6})?)?\s*(Z|[+-][0-9]{2}(:?[0-9]{2}(:?[0-9]{2})?)?)?)?)?)?$",
        },
        {
            "type": "string",
            "pattern": r"^(\.\.|Y-?[1-9]\d{4,}|-?\d[\dX]{3}(-[\dX]{2}(-[\dX]{2})?)?[?~%]?)$",
            "description": "EDTF (ISO 8601-2) level 0 and 1: '2025-11-06?' uncertain, "
            "'2025-11~' approximate, '2025-10-30%' both, '19XX' and '2025-1X' unknown digits, "
            "'2025-21' to '2025-24' spring to winter, '-0489' (490 BCE), 'Y-13800000000', "
            "'..' an open start or end",
        },
        {"type": "integer", "description": "a year: 2025, -489 (490 BCE), -13800000000"},
    ],
    "description": "Local wall time at the place, in the event's timezone "
    "('2025-10-28 10:40'), or a date alone ('2025-11-11'), a month ('2025-11') or a year. "
    "An offset must agree with the zone; Z marks a UTC time. Dates may be written in EDTF: "
    "'2025-11-06?', '2025-11~', '19XX', '2025-23', '-0489', 'Y-13800000000', '..'.",
    "examples": ["2025-10-28 10:40", "2025-11-11", "2025-11-06~", "-0489"],
}

Slug = Annotated[str, AfterValidator(_slug)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
ZoneName = Annotated[
    str,
    AfterValidator(_zone),
    WithJsonSchema({"type": "string", "description": "IANA time zone, e.g. 'Asia/Tokyo'"}),
]
CountryCode = Annotated[
    str,
    AfterValidator(_country),
    WithJsonSchema(
        {"type": "string", "pattern": "^[A-Z]{2}$", "description": "ISO 3166-1 alpha-2"}
    ),
]
HttpUrl = Annotated[
    str,
    AfterValidator(_http_url),
    # Browsers read the scheme in any case; the file's is written in lower case when loaded.
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://"}),
]
When = Annotated[
    TimePoint,
    PlainValidator(_time_point),
    PlainSerializer(lambda point: point.isoformat(), return_type=str),
    WithJsonSchema(_TIME_SCHEMA),
]
Day = Annotated[dt.date, BeforeValidator(_written_day)]
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# Translations, and a default language, are left out of the canonical form when unset, so that
# files written before translations existed export exactly as they did.
def _empty(value: object) -> bool:
    return not value


def _unset(value: object) -> bool:
    return value is None


class Source(_Model):
    """A published report of the event."""

    url: HttpUrl
    """Web address of the report (http or https)."""
    publisher: Text | None = None
    """Who published it: 'taz', 'ZDF', 'Ministry of Foreign Affairs of Japan'."""
    title: Text | None = None
    """The report's headline, in its own language."""
    published: Day | None = None
    """The day it was published (YYYY-MM-DD)."""
    language: Language | None = None
    """Language of the report as a BCP 47 tag ('de', 'en', 'ru')."""


class _Translation(_Model):
    model_config = ConfigDict(json_schema_extra={"minProperties": 1})

    @model_validator(mode="after")
    def _not_empty(self) -> Self:
        # An empty translation would be dropped by the YAML export and say nothing anyway.
        fields = ", ".join(type(self).model_fields)
        _check(
            any(getattr(self, name) is not None for name in type(self).model_fields),
            "empty-translation",
            f"an empty translation: give at least one of {fields}, or leave the language out",
        )
        return self


class PlaceTranslation(_Translation):
    """A place's names in another language; a name left out is shown as the file writes it."""

    venue: Text | None = Field(default=None, exclude_if=_unset)
    """The venue's name in that language: 'Moskauer Kreml'."""
    city: Text | None = Field(default=None, exclude_if=_unset)
    """The city's name in that language: 'Moskau'."""


class Place(_Model):
    """Where the event happened."""

    venue: Text | None = None
    """The building or site: 'State Guest House, Akasaka Palace'."""
    city: Text | None = None
    """The city: 'Tokyo'."""
    country: CountryCode
    """ISO 3166-1 alpha-2 code: 'JP'. Write 'NO' for Norway; it is never read as false."""
    translations: dict[Language, PlaceTranslation] = Field(default_factory=dict, exclude_if=_empty)
    """Venue and city in other languages, keyed by BCP 47 tag: {de: {city: Moskau}}.
    Country names need none: they come from the country code."""


class Actor(_Model):
    """A person or body that takes part in events; events name actors by their key."""

    name: Text
    """Full name as usually written in English: 'Sanae Takaichi'."""
    role: Text | None = None
    """Office at the time of the events: 'Prime Minister of Japan'."""
    country: CountryCode | None = None
    """Country the actor represents (ISO 3166-1 alpha-2)."""


class EventTranslation(_Translation):
    """An event's texts in another language; a field left out is shown in the file's language."""

    title: Text | None = Field(default=None, exclude_if=_unset)
    """The title in that language."""
    summary: Text | None = Field(default=None, exclude_if=_unset)
    """The summary in that language."""
    outcomes: tuple[Text, ...] | None = Field(default=None, exclude_if=_unset)
    """The outcomes in that language: one for each of the event's outcomes, in the same order."""


class Event(_Model):
    """One event: what, when (in the local time of the place), where, who, and who reported it."""

    id: Slug
    """Unique, stable id: lower-case letters, digits, hyphens ('tokyo-signing')."""
    title: Text
    """Short title shown on the chart."""
    kind: Kind
    """One of the documented kinds."""
    timezone: ZoneName
    """IANA zone of the place; start and end are wall-clock times in it."""
    start: When
    """When it began, in local time at the place, or the date alone if the time is unknown."""
    end: When | None = None
    """When it ended (same rules as start); leave out for an instant or an unknown end."""
    approximate: bool = False
    """True when start or end is approximate or only scheduled (say why in notes): in EDTF's
    terms, a ~ after each date; a time of day is marked approximate as it is."""
    place: Place | None = None
    """Where it happened."""
    participants: tuple[Slug, ...] = ()
    """Actor ids (keys of the file's actors registry)."""
    sources: tuple[Source, ...] = ()
    """Reports of the event; at least one is expected."""
    summary: Text | None = None
    """A sentence or two on what happened."""
    outcomes: tuple[Text, ...] = ()
    """What came of it, one item each."""
    tags: tuple[Slug, ...] = ()
    """Free labels for filtering and grouping ('rare-earths')."""
    part_of: Slug | None = None
    """Id of a larger event this one belongs to (a signing during a summit)."""
    follows: tuple[Slug, ...] = ()
    """Ids of earlier events this one follows on from."""
    responds_to: tuple[Slug, ...] = ()
    """Ids of events this one is a response to."""
    notes: Text | None = None
    """Editorial notes: conflicts between sources, why a time is approximate."""
    translations: dict[Language, EventTranslation] = Field(default_factory=dict, exclude_if=_empty)
    """Title, summary and outcomes in other languages than the file's, keyed by BCP 47 tag:
    {de: {title: …, summary: …}}. Shown with --lang; what is not translated is shown as written."""

    @property
    def is_date_only(self) -> bool:
        return self.start.precision.is_date_only

    @property
    def bounds(self) -> tuple[float, float]:
        """The stretch of time the event's dates and times name, in seconds since 1970 (UTC),
        end exclusive: ``span`` as numbers, for any year. An open end (``..``) names nothing:
        the other end's period is used."""
        start, last = self.start, self.end or self.start
        if start.is_open:
            start = last
        if last.is_open:
            last = start
        return start.begins, last.ends

    @property
    def possible(self) -> tuple[float, float]:
        """The earliest start and the latest end the event's values allow, in seconds since
        1970 (UTC): wider than ``bounds`` for uncertain, approximate and open dates (and for
        date-only ones with ``approximate: true``); infinite for an open end."""
        start, last = self.start, self.end or self.start
        return start.allowing(self.approximate)[0], last.allowing(self.approximate)[1]

    @property
    def span(self) -> tuple[pendulum.DateTime, pendulum.DateTime]:
        """The stretch of time the event covers, in UTC, end exclusive.

        A date-only start or end covers its whole local day (month, year); a timed event with
        no end is an instant, so both ends are the same. Only for events inside the calendar
        (``BeyondCalendar`` otherwise): ``bounds`` works for any year.
        """
        begin = self.start.instant
        last = self.end or self.start
        finish = last.period_end if last.precision.is_date_only else last.instant
        return begin, finish.in_timezone("UTC")

    @property
    def relations(self) -> tuple[Relation, ...]:
        """This event's links to others, in the order written."""
        found = (
            [Relation(kind="part_of", source=self.id, target=self.part_of)] if self.part_of else []
        )
        found += [Relation(kind="follows", source=self.id, target=t) for t in self.follows]
        found += [Relation(kind="responds_to", source=self.id, target=t) for t in self.responds_to]
        return tuple(found)


class Relation(_Model):
    """A link from one event (``source``) to another (``target``)."""

    kind: Literal["part_of", "follows", "responds_to"]
    source: Slug
    target: Slug


class TimelineTranslation(_Translation):
    """The timeline's title and description in another language."""

    title: Text | None = Field(default=None, exclude_if=_unset)
    """The title in that language."""
    description: Text | None = Field(default=None, exclude_if=_unset)
    """The description in that language."""


DEFAULT_LANGUAGE = "en"


class TimelineFile(_Model):
    """An events file: a title, a registry of actors, and the events."""

    title: Text | None = None
    """Title of the timeline, shown above the chart."""
    description: Text | None = None
    """What the timeline covers."""
    language: Language = Field(
        default=DEFAULT_LANGUAGE, exclude_if=lambda value: value == DEFAULT_LANGUAGE
    )
    """Language of the file's own texts (titles, summaries, outcomes) as a BCP 47 tag: 'en'
    (the default) or 'de'. Translations into other languages go in 'translations'."""
    translations: dict[Language, TimelineTranslation] = Field(
        default_factory=dict, exclude_if=_empty
    )
    """Title and description in other languages, keyed by BCP 47 tag: {de: {title: …}}."""
    actors: dict[Slug, Actor] = Field(default_factory=dict)
    """People and bodies taking part, keyed by id."""
    events: tuple[Event, ...]
    """The events, in any order; they are ordered by time when loaded."""


EVENT_FIELDS = tuple(Event.model_fields)
MODEL_FIELDS: dict[str, tuple[str, ...]] = {
    model.__name__: tuple(model.model_fields)
    for model in (
        Source,
        Place,
        PlaceTranslation,
        Actor,
        Event,
        EventTranslation,
        TimelineFile,
        TimelineTranslation,
    )
}
