"""TEMPORARY English-only stand-in for the i18n branch's locale module (replaced at merge)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import pendulum

if TYPE_CHECKING:
    from .models import Event, Kind
    from .timeline import Timeline

Lang = Literal["en", "de"]
LANGUAGES: tuple[Lang, ...] = ("en", "de")

_TERMS = {
    "time_axis": "Time ({zone})",
    "subtitle": "Times shown in {zone}; hover a mark for the local time at the place",
    "tooltip_event": "Event",
    "tooltip_kind": "Kind",
    "tooltip_local_time": "Local time",
    "tooltip_display_time": "In {zone}",
    "tooltip_place": "Place",
    "tooltip_participants": "Participants",
    "tooltip_sources": "Sources",
    "tooltip_open": "Click to open the first source",
    "group_kind": "Kind",
    "group_country": "Country",
    "group_actor": "Participant",
    "group_tag": "Tag",
    "relation_follows": "follows",
    "relation_responds_to": "responds to",
    "relation_part_of": "part of",
    "links": "Links",
    "approx": "approx.",
    "key": "diamond: moment · bar: span of time · pale, dashed: date only, time not known · "
    "hollow: approximate",
    "untitled": "Timeline",
    "none": "—",
    "empty": "An empty timeline.",
    "description": "Timeline of {count} events from {first_time} ({first_title}) to "
    "{last_time} ({last_title}); times shown in {zone}.",
}


def check_lang(lang: str) -> Lang:
    if lang == "en":
        return "en"
    if lang == "de":
        return "de"
    raise ValueError(f"unknown language {lang!r}; use en or de")


def term(key: str, lang: Lang, **values: object) -> str:
    return _TERMS[key].format(**values)


def kind_label(kind: Kind, lang: Lang) -> str:
    return kind.value.replace("_", " ").capitalize()


def country_name(code: str, lang: Lang) -> str:
    return code


def event_title(event: Event, lang: Lang, file_language: str = "en") -> str:
    return event.title


def event_summary(event: Event, lang: Lang, file_language: str = "en") -> str | None:
    return event.summary


def timeline_title(timeline: Timeline, lang: Lang) -> str | None:
    return timeline.title


def local_time_text(event: Event, lang: Lang) -> str:
    start, end = event.start, event.end
    zone = event.timezone
    if event.is_date_only:
        text = _date_text(start.isoformat(), start.precision.value)
        if end is not None and end.isoformat() != start.isoformat():
            text += " – " + _date_text(end.isoformat(), end.precision.value)
        return f"{text} ({zone}, time not known)"
    text = start.local.format("ddd D MMM YYYY, HH:mm")
    if end is not None:
        same_day = end.local.date() == start.local.date()
        text += "–" + end.local.format("HH:mm" if same_day else "ddd D MMM YYYY, HH:mm")
    approx = " (approximate)" if event.approximate else ""
    return f"{text} {start.local.tzname()} ({zone}){approx}"


def _date_text(iso: str, precision: str) -> str:
    parsed = pendulum.parse(iso)
    assert isinstance(parsed, pendulum.DateTime | pendulum.Date)
    formats = {"year": "YYYY", "month": "MMMM YYYY", "day": "ddd D MMM YYYY"}
    return parsed.format(formats[precision])


def display_time_text(event: Event, zone: str, lang: Lang) -> str:
    begin, finish = (moment.in_timezone(zone) for moment in event.span)
    if event.is_date_only:
        last = finish.subtract(microseconds=1)
        return f"{begin.format('D MMM YYYY HH:mm')} – {last.format('D MMM YYYY HH:mm')}"
    text = begin.format("ddd D MMM YYYY, HH:mm")
    if finish != begin:
        same_day = finish.date() == begin.date()
        text += "–" + finish.format("HH:mm" if same_day else "ddd D MMM YYYY, HH:mm")
    return text


def place_text(event: Event, lang: Lang) -> str:
    if event.place is None:
        return ""
    parts = [event.place.venue, event.place.city, event.place.country]
    return ", ".join(p for p in parts if p)


def vega_time_locale(lang: Lang) -> dict[str, Any]:
    return {
        "dateTime": "%x, %X",
        "date": "%-m/%-d/%Y",
        "time": "%-I:%M:%S %p",
        "periods": ["AM", "PM"],
        "days": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
        "shortDays": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
        "months": [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        "shortMonths": [
            "Jan",
            "Feb",
            "Mar",
            "Apr",
            "May",
            "Jun",
            "Jul",
            "Aug",
            "Sep",
            "Oct",
            "Nov",
            "Dec",
        ],
    }


def vega_number_locale(lang: Lang) -> dict[str, Any]:
    return {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]}


def axis_date_format(lang: Lang) -> str:
    return "%-d %b %Y"
