"""Everything the chart says that depends on the reader's language: words, dates, names.

``--lang de|en`` picks one of ``LANGUAGES``. Event texts come from the file (its own language,
or its ``translations``); the words around them (axis, tooltips, kinds, "time not known") from
``term`` and ``kind_label``; dates are written by Babel from CLDR data (German day and month
names and abbreviations: "Do., 6. Nov. 2025"); country names come from the country code.
In Vega-Lite, where the viewer's browser formats the axis, the d3 locale objects
``vega_time_locale`` and ``vega_number_locale`` say how.

The English texts are exactly those the chart has always shown, so English output is unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from babel import Locale
from babel.dates import format_date, format_datetime, format_timedelta
from babel.numbers import format_decimal

from ..core.claims import used_index
from ..core.diff import EventChange
from ..core.errors import PathKey
from ..core.models import DEFAULT_LANGUAGE, Actor, Claim, Event, Kind, Place, Source
from ..core.reporting import FirstReport, first_report
from ..core.times import Precision, TimePoint, country_names
from ..core.translations import FileTexts, translated_title, translation_for
from .languages import Lang

if TYPE_CHECKING:
    import pendulum

    from ..core.timeline import Timeline

# -- words -------------------------------------------------------------------------------------

_TERMS: dict[str, dict[Lang, str]] = {
    "time_axis": {"en": "Time ({zone})", "de": "Zeit ({zone})"},
    "subtitle": {
        "en": "Times shown in {zone}; hover a mark for the local time at the place",
        "de": "Uhrzeiten in {zone}; die Ortszeit erscheint, wenn die Maus auf einer Markierung "
        "ruht",
    },
    "tooltip_event": {"en": "Event", "de": "Ereignis"},
    "tooltip_kind": {"en": "Kind", "de": "Art"},
    "tooltip_local_time": {"en": "Local time", "de": "Ortszeit"},
    "tooltip_display_time": {"en": "In {zone}", "de": "In {zone}"},
    "tooltip_place": {"en": "Place", "de": "Ort"},
    "tooltip_participants": {"en": "Participants", "de": "Beteiligte"},
    "tooltip_sources": {"en": "Sources", "de": "Quellen"},
    "tooltip_open": {
        "en": "a click on the mark opens the first",
        "de": "ein Klick auf die Markierung öffnet die erste",
    },
    "group_kind": {"en": "Kind", "de": "Art"},
    "group_country": {"en": "Country", "de": "Land"},
    "group_actor": {"en": "Participant", "de": "Beteiligte"},
    # "Tag" would read as "day" in German
    "group_tag": {"en": "Tag", "de": "Schlagwort"},
    "relation_follows": {"en": "follows", "de": "folgt auf"},
    "relation_responds_to": {"en": "responds to", "de": "reagiert auf"},
    "relation_part_of": {"en": "part of", "de": "Teil von"},
    "links": {"en": "Links", "de": "Verknüpfungen"},
    "approx": {"en": "approx.", "de": "ca."},
    "uncertain": {"en": "uncertain", "de": "unsicher"},
    "unspecified": {"en": "some of it not known", "de": "teils unbekannt"},
    "open_start": {"en": "open start", "de": "offener Anfang"},
    "open_end": {"en": "open end", "de": "offenes Ende"},
    "bce": {"en": "{year} BCE", "de": "{year} v. Chr."},
    "years_ago": {"en": "{count} years ago", "de": "vor {count} Jahren"},
    "million": {"en": "{count} million", "de": "{count} Millionen"},
    "billion": {"en": "{count} billion", "de": "{count} Milliarden"},
    "year_axis": {"en": "Year", "de": "Jahr"},
    "ago_axis": {"en": "Years ago", "de": "Jahre vor heute"},
    "season_21": {"en": "spring", "de": "Frühling"},
    "season_22": {"en": "summer", "de": "Sommer"},
    "season_23": {"en": "autumn", "de": "Herbst"},
    "season_24": {"en": "winter", "de": "Winter"},
    "key_uncertain": {
        "en": "faint: the time a ?, ~ or open date allows",
        "de": "blass: die Zeit, die ein Datum mit ?, ~ oder offenem Ende zulässt",
    },
    "approximate": {"en": "approximate", "de": "ungefähr"},
    "time_not_known": {"en": "time not known", "de": "Uhrzeit unbekannt"},
    "key": {
        "en": "diamond: moment · bar: span of time · pale, dashed: date only, time not known · "
        "hollow: approximate",
        "de": "Raute: Zeitpunkt · Balken: Zeitspanne · blass, gestrichelt: nur das Datum, "
        "Uhrzeit unbekannt · hohl: ungefähr",
    },
    "focused": {
        "en": "The page opens where most events are: drag or widen the grey brush in the strip "
        "below to see the rest, double-click the strip for everything",
        "de": "Die Seite öffnet, wo die meisten Ereignisse liegen: den grauen Bereich im Streifen "
        "unten verschieben oder verbreitern, Doppelklick auf den Streifen zeigt alles",
    },
    "unlabelled": {
        "en": "{count} marks are too many to label or link: hover one for its event, or narrow "
        "the timeline (--from, --to, or a filter) to see labels, periods and links",
        "de": "{count} Markierungen sind zu viele für Beschriftungen und Verknüpfungen: die Maus "
        "auf einer zeigt ihr Ereignis, ein engerer Zeitraum (--from, --to oder ein Filter) "
        "Beschriftungen, Zeiträume und Verknüpfungen",
    },
    "untitled": {"en": "Timeline", "de": "Zeitleiste"},
    "none": {"en": "—", "de": "—"},
    "empty": {"en": "An empty timeline.", "de": "Eine leere Zeitleiste."},
    "description": {
        "en": "Timeline: {events} from {first_time} ({first_title}) to {last_time} "
        "({last_title}), times in {zone}. Most events: {busiest} ({busiest_count}). "
        "By kind: {kinds}.",
        "de": "Zeitleiste: {events} vom {first_time} ({first_title}) bis {last_time} "
        "({last_title}), Zeiten in {zone}. Die meisten Ereignisse: {busiest} ({busiest_count}). "
        "Nach Art: {kinds}.",
    },
    "event_one": {"en": "1 event", "de": "1 Ereignis"},
    "event_many": {"en": "{count} events", "de": "{count} Ereignisse"},
    "week_of": {"en": "the week of {day}", "de": "die Woche ab {day}"},
    "left_out": {
        "en": "Not labelled for lack of room (hover the mark): {labels}",
        "de": "Aus Platzgründen ohne Beschriftung (Maus auf die Markierung): {labels}",
    },
    # The HTML page around the chart (output/page.py): its list and table of events.
    "events_list": {"en": "Events, in time order", "de": "Ereignisse, zeitlich geordnet"},
    "keys": {
        "en": "Keyboard: Tab moves into the chart; the arrow keys go from event to event, Home "
        "and End to the first and the last; Enter opens the event's first source; Escape "
        "leaves the chart.",
        "de": "Tastatur: Tab führt in die Grafik; die Pfeiltasten gehen von Ereignis zu Ereignis, "
        "Pos1 und Ende zum ersten und letzten; Enter öffnet die erste Quelle des Ereignisses; "
        "Esc verlässt die Grafik.",
    },
    "page_note": {
        "en": "Times shown in {zone}; each event also gives the local time at the place",
        "de": "Uhrzeiten in {zone}; zu jedem Ereignis steht auch die Ortszeit",
    },
    "position": {"en": "Event {index} of {count}", "de": "Ereignis {index} von {count}"},
    "event_name": {"en": "{title}; {when}; {kind}", "de": "{title}; {when}; {kind}"},
    "show_table": {"en": "Show every event in a table", "de": "Alle Ereignisse als Tabelle"},
    "hide_table": {"en": "Hide the table", "de": "Tabelle ausblenden"},
    "table_caption": {
        "en": "Every event of the chart, in time order",
        "de": "Alle Ereignisse der Grafik, zeitlich geordnet",
    },
    "column_local_time": {"en": "When, at the place", "de": "Wann, Ortszeit"},
    "column_display_time": {"en": "When, in {zone}", "de": "Wann, in {zone}"},
    "column_source": {"en": "First source", "de": "Erste Quelle"},
    "no_source": {"en": "no source", "de": "keine Quelle"},
    "period": {"en": "period", "de": "Zeitraum"},
    "save_png": {"en": "Save as PNG", "de": "Als PNG speichern"},
    "save_svg": {"en": "Save as SVG", "de": "Als SVG speichern"},
    "chart_label": {"en": "Chart: {title}", "de": "Grafik: {title}"},
    # The density view of a large timeline (aggregate.py). {count} and {limit} are numbers
    # written with number_text; {lane} a group_* term, {unit} a unit_* term.
    "aggregated_subtitle": {
        "en": "{count} events, more than {limit}: each cell counts one {lane}'s events in one "
        "{unit} (times in {zone}; drag to pan, scroll to zoom).",
        "de": "{count} Ereignisse, mehr als {limit}: Jedes Feld zählt die Ereignisse je {lane} "
        "und {unit} (Zeiten in {zone}; ziehen zum Verschieben, scrollen zum Zoomen).",
    },
    "aggregated_hint": {
        "en": "To see single events, narrow it to {limit} or fewer: --from and --to on the "
        "command line, or Timeline.filter(start=…, end=…, kind=…) in Python.",
        "de": "Einzelne Ereignisse erscheinen bei höchstens {limit}: mit --from und --to auf der "
        "Kommandozeile oder in Python mit Timeline.filter(start=…, end=…, kind=…) eingrenzen.",
    },
    "aggregated_description": {
        "en": "Density of {count} events per {lane} and {unit}, times in {zone}; {lanes} lanes.",
        "de": "Dichte von {count} Ereignissen je {lane} und {unit}, Zeiten in {zone}; "
        "{lanes} Zeilen.",
    },
    "events_per": {"en": "Events per {unit}", "de": "Ereignisse pro {unit}"},
    "other_lanes": {"en": "Other ({count} lanes)", "de": "Sonstige ({count} Zeilen)"},
    "tooltip_from": {"en": "From", "de": "Von"},
    "tooltip_to": {"en": "To", "de": "Bis"},
    "tooltip_events": {"en": "Events", "de": "Ereignisse"},
    "unit_hour": {"en": "hour", "de": "Stunde"},
    "unit_6_hours": {"en": "6 hours", "de": "6 Stunden"},
    "unit_day": {"en": "day", "de": "Tag"},
    "unit_week": {"en": "week", "de": "Woche"},
    "unit_month": {"en": "month", "de": "Monat"},
    "unit_quarter": {"en": "quarter", "de": "Quartal"},
    "unit_year": {"en": "year", "de": "Jahr"},
    "unit_decade": {"en": "decade", "de": "Jahrzehnt"},
    # Claims and reporting lag (issue 16). A field's claims are listed as "Start: value — its
    # sources (confidence) / another value — …"; the first listed is the value used.
    "tooltip_claims": {"en": "Sources say", "de": "Quellen sagen"},
    "tooltip_reported": {"en": "First report", "de": "Erste Meldung"},
    "disputed": {"en": "disputed", "de": "umstritten"},
    "disputed_key": {
        "en": "Thick dark outline, (disputed): sources disagree on a value; hover for what each "
        "says",
        "de": "Dicker dunkler Rand, (umstritten): Quellen widersprechen sich; die Maus zeigt, "
        "was welche sagt",
    },
    "reported_key": {
        "en": "Thin line under an event: from the event to the day it was first reported "
        "(dashed: some reports are undated, the first may be earlier)",
        "de": "Dünne Linie unter einem Ereignis: vom Ereignis bis zum Tag der ersten Meldung "
        "(gestrichelt: manche Meldungen sind undatiert, die erste kann früher sein)",
    },
    "claimed_title": {"en": "Title", "de": "Titel"},
    "claimed_start": {"en": "Start", "de": "Beginn"},
    "claimed_end": {"en": "End", "de": "Ende"},
    "claimed_place": {"en": "Place", "de": "Ort"},
    "claimed_participants": {"en": "Participants", "de": "Beteiligte"},
    "claimed_summary": {"en": "Summary", "de": "Zusammenfassung"},
    "claimed_duration": {"en": "Length", "de": "Dauer"},
    "claimed_outcomes": {"en": "Outcome {number}", "de": "Ergebnis {number}"},
    "confidence_confirmed": {"en": "confirmed", "de": "bestätigt"},
    "confidence_likely": {"en": "likely", "de": "wahrscheinlich"},
    "confidence_disputed": {"en": "disputed", "de": "umstritten"},
    "confidence_false": {"en": "false", "de": "falsch"},
    "claim_no_source": {"en": "no source given", "de": "ohne Quelle"},
    "reported_same_day": {
        "en": "reported the same day{latest}",
        "de": "{latest}am selben Tag gemeldet",
    },
    "reported_next_day": {
        "en": "reported the next day{latest}",
        "de": "{latest}am nächsten Tag gemeldet",
    },
    "reported_later": {
        "en": "reported {span} later{latest}",
        "de": "{latest}{span} später gemeldet",
    },
    "reported_day_before": {
        "en": "reported the day before it began",
        "de": "am Tag vor Beginn gemeldet",
    },
    "reported_before": {
        "en": "reported {span} before it began",
        "de": "{span} vor Beginn gemeldet",
    },
    "at_the_latest": {"en": " at the latest", "de": "spätestens "},
    "reported_by": {
        "en": "{when} ({source}, {day}; {dated} of {reports} reports dated)",
        "de": "{when} ({source}, {day}; {dated} von {reports} Meldungen datiert)",
    },
    "reported_by_all": {"en": "{when} ({source}, {day})", "de": "{when} ({source}, {day})"},
    # Two versions compared (timeline diff --out)
    "changes_title": {"en": "Changes: {old} → {new}", "de": "Änderungen: {old} → {new}"},
    "changes_summary": {
        "en": "{added} added, {removed} removed, {changed} changed, {renamed} renamed, "
        "{unchanged} unchanged",
        "de": "{added} neu, {removed} entfernt, {changed} geändert, {renamed} umbenannt, "
        "{unchanged} unverändert",
    },
    "changes_key": {
        "en": "Faded: removed · amber halo: added · arrow: moved, from its old start · "
        "hover an event for what changed",
        "de": "Blass: entfernt · gelber Rand: neu · Pfeil: verschoben, vom alten Beginn aus · "
        "die Maus zeigt, was sich geändert hat",
    },
    "tooltip_change": {"en": "Change", "de": "Änderung"},
    "change_added": {"en": "added", "de": "neu"},
    "change_removed": {"en": "removed", "de": "entfernt"},
    "change_changed": {"en": "changed", "de": "geändert"},
    "change_renamed": {"en": "renamed", "de": "umbenannt"},
    "moved": {"en": "moved {span} {direction}", "de": "um {span} {direction} verschoben"},
    "moved_earlier": {"en": "earlier", "de": "früher"},
    "moved_later": {"en": "later", "de": "später"},
    "renamed_from": {"en": "id was {old}", "de": "Kennung war {old}"},
}
TERMS = frozenset(_TERMS)
"""The keys ``term`` knows."""


def term(key: str, lang: Lang, **values: object) -> str:
    """The chart's word or sentence ``key`` in ``lang``, with ``{placeholders}`` filled in."""
    try:
        text = _TERMS[key][lang]
    except KeyError:
        raise KeyError(f"no term {key!r} in {lang!r}; known terms: {', '.join(TERMS)}") from None
    return text.format(**values) if values else text


_KINDS: dict[Kind, str] = {
    Kind.SIGNING: "Unterzeichnung",
    Kind.MEETING: "Treffen",
    Kind.SUMMIT: "Gipfel",
    Kind.DINNER: "Abendessen",
    Kind.STATE_VISIT: "Staatsbesuch",
    Kind.VISIT: "Besuch",
    Kind.CEREMONY: "Zeremonie",
    Kind.CONFERENCE: "Konferenz",
    Kind.ANNOUNCEMENT: "Ankündigung",
    Kind.REPORT: "Bericht",
    Kind.OTHER: "Sonstiges",
}


def kind_label(kind: Kind, lang: Lang) -> str:
    """A kind as a reader calls it: "State visit", "Staatsbesuch"."""
    if lang == "de":
        return _KINDS[kind]
    return kind.value.replace("_", " ").capitalize()


def number_text(number: int | float, lang: Lang) -> str:
    """A number with the thousands separator of ``lang``: "12,000", "12.000"."""
    return format_decimal(number, locale=_LOCALES[lang])


def country_name(code: str, lang: Lang) -> str:
    """The country an ISO 3166-1 code names, in ``lang``: "US" → "Vereinigte Staaten"."""
    name = _territories(lang).get(code)
    if name is None:  # a code CLDR does not name: the tz database's English name, or the code
        return country_names().get(code, code)
    return str(name)


@cache
def _territories(lang: Lang) -> Mapping[str, str]:
    return dict(Locale.parse(_LOCALES[lang]).territories)


# -- event texts -------------------------------------------------------------------------------


def event_title(event: Event, lang: Lang, file_language: str = DEFAULT_LANGUAGE) -> str:
    """The event's title in ``lang`` if the file has it, else as the file writes it."""
    return translated_title(event.title, event.translations, lang, file_language) or event.title


def event_summary(event: Event, lang: Lang, file_language: str = DEFAULT_LANGUAGE) -> str | None:
    """The event's summary in ``lang`` if the file has it, else as the file writes it."""
    translation = translation_for(event.translations, lang, file_language)
    return translation.summary if translation and translation.summary else event.summary


def event_outcomes(
    event: Event, lang: Lang, file_language: str = DEFAULT_LANGUAGE
) -> tuple[str, ...]:
    """The event's outcomes in ``lang`` if the file has them, else as the file writes them."""
    translation = translation_for(event.translations, lang, file_language)
    return translation.outcomes if translation and translation.outcomes else event.outcomes


def timeline_title(timeline: FileTexts, lang: Lang) -> str | None:
    """The timeline's title in ``lang`` if the file has it, else its own (or ``None``)."""
    return translated_title(timeline.title, timeline.translations, lang, timeline.language)


def timeline_description(timeline: Timeline, lang: Lang) -> str | None:
    """The timeline's description in ``lang`` if the file has it, else its own."""
    translation = translation_for(timeline.translations, lang, timeline.language)
    if translation and translation.description:
        return translation.description
    return timeline.description


def place_text(event: Event, lang: Lang, file_language: str = DEFAULT_LANGUAGE) -> str:
    """Venue, city and country of the event in ``lang``: "Moskauer Kreml, Moskau, Russland"."""
    if event.place is None:
        return ""
    return _place_names(event.place, lang, file_language)


def _place_names(place: Place, lang: Lang, file_language: str = DEFAULT_LANGUAGE) -> str:
    translation = translation_for(place.translations, lang, file_language)
    venue = (translation.venue if translation else None) or place.venue
    city = (translation.city if translation else None) or place.city
    parts = [venue, city, country_name(place.country, lang)]
    return ", ".join(p for p in parts if p)


# -- claims and reports --------------------------------------------------------------------------

_SPANS: dict[str, dict[Lang, tuple[str, str]]] = {
    # (one, several): "a week later", "3 weeks later"; "eine Woche später", "3 Wochen später"
    "day": {"en": ("a day", "{n} days"), "de": ("einen Tag", "{n} Tage")},
    "week": {"en": ("a week", "{n} weeks"), "de": ("eine Woche", "{n} Wochen")},
    "month": {"en": ("a month", "{n} months"), "de": ("einen Monat", "{n} Monate")},
    "year": {"en": ("a year", "{n} years"), "de": ("ein Jahr", "{n} Jahre")},
}


def span_text(days: int, lang: Lang) -> str:
    """A number of days as people say it after "reported … later": "3 days", "3 weeks",
    "7 months", "2 years" (rounded to the unit; days under two weeks, weeks under two months)."""
    days = abs(days)
    if days < 14:
        unit, count = "day", days
    elif days < 61:
        unit, count = "week", round(days / 7)
    elif days < 730:
        unit, count = "month", round(days / 30.44)
    else:
        unit, count = "year", round(days / 365.25)
    one, several = _SPANS[unit][lang]
    return one if count == 1 else several.format(n=count)


def lag_text(report: FirstReport, lang: Lang) -> str:
    """When an event was first reported, against its start: "reported the next day",
    "reported 3 weeks later at the latest" (when some reports are undated), "spätestens
    3 Wochen später gemeldet"."""
    latest = term("at_the_latest", lang) if report.at_the_latest else ""
    days = report.days
    if days == 0:
        return term("reported_same_day", lang, latest=latest)
    if days == 1:
        return term("reported_next_day", lang, latest=latest)
    if days > 1:
        return term("reported_later", lang, span=span_text(days, lang), latest=latest)
    if days == -1:
        return term("reported_day_before", lang)
    return term("reported_before", lang, span=span_text(days, lang))


def reported_text(event: Event, lang: Lang) -> str | None:
    """When the event was first reported, by whom and on which day, in ``lang``:
    "reported the next day (ZDF, Tue 28 Oct 2025)"; ``None`` when no report is dated."""
    report = first_report(event)
    if report is None or report.source.published is None:
        return None
    values = {
        "when": lag_text(report, lang),
        "source": source_name(report.source),
        "day": format_date(report.source.published, _PATTERNS[lang]["day"], locale=_LOCALES[lang]),
        "dated": report.dated,
        "reports": report.reports,
    }
    return term("reported_by" if report.at_the_latest else "reported_by_all", lang, **values)


def source_name(source: Source) -> str:
    """What a reader calls a source: its publisher, else the web site's name."""
    if source.publisher:
        return source.publisher
    host = urlsplit(source.url).hostname or source.url
    return host.removeprefix("www.")


CLAIM_TEXT_MAX = 90
"""Longest claimed text shown in full in a tooltip (a summary or an outcome); longer is cut."""


def claims_text(
    event: Event,
    lang: Lang,
    actors: Mapping[str, Actor],
    file_language: str = DEFAULT_LANGUAGE,
) -> str | None:
    """What each source says of each claimed field, the value used first: "Length: 3 hours —
    Moskva 24, Gazeta.ru (disputed) / 2 hours — RBC (disputed)"; ``None`` without claims.
    Fields are separated by "; "."""
    if not event.claims:
        return None
    fields = []
    for path, claims in event.claims.items():
        used = used_index([claim.use for claim in claims])
        ordered = [claims[used], *claims[:used], *claims[used + 1 :]]
        values = " / ".join(_claim_text(event, path, claim, lang, actors) for claim in ordered)
        fields.append(f"{_claimed_field(path, lang)}: {values}")
    return "; ".join(fields)


def _claimed_field(path: PathKey, lang: Lang) -> str:
    if len(path) == 2:
        return term(f"claimed_{path[0]}", lang, number=int(path[1]) + 1)
    return term(f"claimed_{path[0]}", lang)


def _claim_text(
    event: Event, path: PathKey, claim: Claim, lang: Lang, actors: Mapping[str, Actor]
) -> str:
    names = [_source_by_reference(event, reference) for reference in claim.sources]
    if claim.said_by:
        names.append(claim.said_by)
    said = ", ".join(names) or term("claim_no_source", lang)
    confidence = (
        f" ({term(f'confidence_{claim.confidence.value}', lang)})" if claim.confidence else ""
    )
    return f"{claimed_value_text(path, claim.value, lang, actors)} — {said}{confidence}"


def _source_by_reference(event: Event, reference: int | str) -> str:
    if isinstance(reference, int):
        return source_name(event.sources[reference])
    found = next((s for s in event.sources if s.url == reference), None)
    return source_name(found) if found is not None else reference


def claimed_value_text(
    path: PathKey, value: object, lang: Lang, actors: Mapping[str, Actor]
) -> str:
    """A claimed value as a reader sees it: a time in local time at the place, a length, a
    place, participants by name, text (cut at ``CLAIM_TEXT_MAX``)."""
    if value is None:
        return term("none", lang)
    if isinstance(value, TimePoint):
        return claimed_point_text(value, lang)
    if isinstance(value, dt.timedelta):
        return length_text(value, lang)
    if isinstance(value, Place):
        return _place_names(value, lang)
    if isinstance(value, tuple):
        return ", ".join(actors[key].name if key in actors else key for key in value)
    text = str(value)
    return text if len(text) <= CLAIM_TEXT_MAX else text[: CLAIM_TEXT_MAX - 1] + "…"


def claimed_point_text(point: TimePoint, lang: Lang) -> str:
    """A claimed start or end as written, in local time at the place: "Tue 28 Oct 2025, 10:40",
    "Mo., 27. Okt. 2025"; EDTF forms as ``point_text`` writes them."""
    if not point.is_plain:
        return point_text(point, lang)
    if point.precision.is_date_only:
        return _period_text(point.local, point.precision, lang)
    return _written(point.local, "moment", lang)


def length_text(length: dt.timedelta, lang: Lang) -> str:
    """A length of time: "3 hours", "1 hour 40 minutes", "3 Stunden"."""
    minutes = int(length.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [
        format_timedelta(dt.timedelta(**{unit: count}), threshold=1, locale=_LOCALES[lang])
        for unit, count in (("days", days), ("hours", hours), ("minutes", minutes))
        if count
    ]
    return " ".join(parts) or format_timedelta(dt.timedelta(0), locale=_LOCALES[lang])


def change_text(change: EventChange, lang: Lang) -> str:
    """What became of an event between two versions, for its tooltip: "changed: moved 45 days
    earlier; place.city: Washington, D.C. → New York" (field paths and values as written)."""
    parts = []
    if change.old_id is not None:
        parts.append(term("renamed_from", lang, old=change.old_id))
    if change.moved is not None:
        seconds = abs(change.moved.seconds)
        span = (_SPANS["day"][lang][0] if seconds == 86400 else _SPANS["day"][lang][1]).format(
            n=round(seconds / 86400)
        )
        if not change.moved.days_only:  # to the minute, as the text of `timeline diff`
            span = length_text(dt.timedelta(seconds=round(seconds / 60) * 60), lang)
        direction = term(f"moved_{change.moved.direction}", lang)
        parts.append(term("moved", lang, span=span, direction=direction))
    parts += [str(field) for field in change.fields if field.field != "start" or not change.moved]
    status = term(f"change_{change.status}", lang)
    return f"{status}: {'; '.join(parts)}" if parts else status


# -- dates and times ---------------------------------------------------------------------------

_LOCALES: dict[Lang, str] = {"en": "en", "de": "de"}

# CLDR patterns (https://unicode.org/reports/tr35/tr35-dates.html#Date_Field_Symbol_Table).
# English: the chart's own texts ("Thu 6 Nov 2025, 18:00"); German as newspapers write dates
# ("Do., 6. Nov. 2025, 18:00").
_PATTERNS: dict[Lang, dict[str, str]] = {
    "en": {
        "year": "yyyy",
        "month": "MMMM yyyy",
        "day": "EEE d MMM yyyy",
        "moment": "EEE d MMM yyyy, HH:mm",
        "clock": "HH:mm",
        "day_and_clock": "d MMM yyyy HH:mm",
    },
    "de": {
        "year": "yyyy",
        "month": "MMMM yyyy",
        "day": "EEE, d. MMM yyyy",
        "moment": "EEE, d. MMM yyyy, HH:mm",
        "clock": "HH:mm",
        "day_and_clock": "d. MMM yyyy, HH:mm",
    },
}


def _written(moment: pendulum.DateTime, pattern: str, lang: Lang) -> str:
    # Wall time as it is: Babel is given no zone to convert to.
    naive = dt.datetime(
        moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second
    )
    return format_datetime(naive, _PATTERNS[lang][pattern], locale=_LOCALES[lang])


def _period_text(moment: pendulum.DateTime, precision: Precision, lang: Lang) -> str:
    day = dt.date(moment.year, moment.month, moment.day)
    return format_date(day, _PATTERNS[lang][precision.value], locale=_LOCALES[lang])


# -- uncertain dates, and dates beyond the calendar ---------------------------------------------

PRESENT = 0
"""The year "years ago" counts from. Only years a hundred thousand and more ago are told so,
where the two thousand years since do not show; and timelines of deep time write their years
that way (TimelineJS's cosmology example: the Big Bang in year -13800000000)."""
DEEP_YEARS = 100_000
"""From this many years before ``PRESENT``, a date is told in years ago, not as a year BCE."""


def date_mark(point: TimePoint | None) -> str:
    """EDTF's mark on a date as a reader sees it: "?" uncertain, "~" approximate, "?~" both
    (EDTF's %); "" for none."""
    if point is None or point.edtf is None:
        return ""
    edtf = point.edtf
    return ("?" if edtf.uncertain else "") + ("~" if edtf.approximate else "")


def qualifier_words(event: Event, lang: Lang) -> list[str]:
    """What the event's dates say of their own uncertainty, in ``lang``: "uncertain",
    "approximate", "some of it not known", "open end"; for the chart's labels, its tooltips
    and the table of events."""
    points = [p for p in (event.start, event.end) if p is not None and p.edtf is not None]
    words = []
    if any(p.edtf.uncertain for p in points if p.edtf):
        words.append(term("uncertain", lang))
    if event.approximate or any(p.edtf.approximate for p in points if p.edtf):
        words.append(term("approximate", lang))
    if any(p.edtf.unspecified for p in points if p.edtf):
        words.append(term("unspecified", lang))
    if event.start.is_open:
        words.append(term("open_start", lang))
    if event.end is not None and event.end.is_open:
        words.append(term("open_end", lang))
    return words


def label_suffix(event: Event, lang: Lang) -> str:
    """What follows an event's title in its label: "(approx.)" for ``approximate: true``, the
    dates' own marks with their words ("(? uncertain)", "(~ ca.)", "(?~ uncertain, approx.)");
    "" for none."""
    marks = "".join(dict.fromkeys(date_mark(event.start) + date_mark(event.end)))
    marks = "".join(sorted(marks, key="?~".index))
    uncertain = "?" in marks
    approximate = "~" in marks or event.approximate
    words = [term("uncertain", lang)] * uncertain + [term("approx", lang)] * approximate
    if not words:
        return ""
    return f"({marks} {', '.join(words)})" if marks else f"({', '.join(words)})"


def point_text(point: TimePoint, lang: Lang) -> str:
    """A date as readers write it, with its EDTF mark: "Thu 6 Nov 2025?", "November 2025~",
    "autumn 2025", "October 2025 – December 2025" (2025-1X), "12 Sep 490 BCE",
    "13.8 billion years ago", ".." for an open end."""
    edtf = point.edtf
    if edtf is not None and edtf.open:
        return ".."
    year = point.first_day[0]
    if edtf is not None and edtf.season:
        text = f"{term(f'season_{edtf.season}', lang)} {year_words(year, lang)}"
    elif not point.in_calendar:
        text = _beyond_text(point, lang)
    elif edtf is not None and edtf.unspecified:
        last = point.period_end.subtract(days=1)
        first_text = _period_text(point.local, point.precision, lang)
        last_text = _period_text(last, point.precision, lang)
        text = first_text if first_text == last_text else f"{first_text} – {last_text}"
    else:
        text = _period_text(point.local, point.precision, lang)
    return text + date_mark(point)


def _beyond_text(point: TimePoint, lang: Lang) -> str:
    year, month, day = point.first_day
    if PRESENT - year >= DEEP_YEARS or point.precision is Precision.YEAR:
        return year_words(year, lang)
    months = Locale.parse(_LOCALES[lang]).months["format"]["abbreviated"]
    month_text = str(months[month])
    if point.precision is Precision.MONTH:
        return f"{month_text} {year_words(year, lang)}"
    day_text = f"{day}." if lang == "de" else str(day)
    return f"{day_text} {month_text} {year_words(year, lang)}"


def year_words(year: int, lang: Lang) -> str:
    """A year as readers write it: "2025", "490 BCE" (year -489: year 0 is 1 BCE),
    "13.8 billion years ago" (from ``DEEP_YEARS`` before the present)."""
    ago = PRESENT - year
    if ago >= DEEP_YEARS:
        return term("years_ago", lang, count=amount_text(ago, lang))
    if year < 1:
        bce = 1 - year
        return term("bce", lang, year=str(bce) if bce <= 9999 else number_text(bce, lang))
    return str(year) if year <= 9999 else number_text(year, lang)


def amount_text(number: float, lang: Lang) -> str:
    """A large number of years in words: "13.8 billion", "315,000" ("13,8 Milliarden")."""
    for size, key in ((1e9, "billion"), (1e6, "million")):
        if number >= size:
            count = format_decimal(round(number / size, 2), locale=_LOCALES[lang])
            return term(key, lang, count=count)
    return number_text(round(number), lang)


def count_text(count: int, lang: Lang) -> str:
    """A number of events: "1 event", "18 events", "1.234 Ereignisse"."""
    if count == 1:
        return term("event_one", lang)
    return term("event_many", lang, count=number_text(count, lang))


def day_text(moment: pendulum.DateTime, lang: Lang) -> str:
    """A day, as the chart writes it: "Mon 31 Mar 2025", "Mo., 31. März 2025"."""
    return _period_text(moment, Precision.DAY, lang)


def month_text(moment: pendulum.DateTime, lang: Lang) -> str:
    """A month: "November 2025"."""
    return _period_text(moment, Precision.MONTH, lang)


def event_name(event: Event, title: str, kind: str, lang: Lang) -> str:
    """What a screen reader says for an event: its title, when it happened at the place (and
    that it is approximate), and its kind."""
    return term("event_name", lang, title=title, when=local_time_text(event, lang), kind=kind)


def local_time_text(event: Event, lang: Lang) -> str:
    """When the event happened in local time at the place, with the zone:
    "Thu 6 Nov 2025, 18:00 EST (America/New_York) (approximate)",
    "Di., 11. Nov. 2025 – Mi., 12. Nov. 2025 (Europe/Moscow, Uhrzeit unbekannt)"."""
    start, end = event.start, event.end
    zone = event.timezone
    if not (start.is_plain and (end is None or end.is_plain)):
        text = point_text(start, lang)
        if end is not None and end.isoformat() != start.isoformat():
            text += " – " + point_text(end, lang)
        tail = "".join(f", {w}" for w in qualifier_words(event, lang))
        if not event.is_date_only:
            return f"{text} ({zone}{tail})"
        return f"{text} ({zone}, {term('time_not_known', lang)}{tail})"
    if event.is_date_only:
        text = _period_text(start.local, start.precision, lang)
        if end is not None and end.isoformat() != start.isoformat():
            text += " – " + _period_text(end.local, end.precision, lang)
        approximate = f", {term('approximate', lang)}" if event.approximate else ""
        return f"{text} ({zone}, {term('time_not_known', lang)}{approximate})"
    text = _written(start.local, "moment", lang)
    if end is not None:
        same_day = end.local.date() == start.local.date()
        text += "–" + _written(end.local, "clock" if same_day else "moment", lang)
    approx = f" ({term('approximate', lang)})" if event.approximate else ""
    return f"{text} {start.local.tzname()} ({zone}){approx}"


def display_time_text(event: Event, zone: str, lang: Lang) -> str:
    """When the event happened, in the chart's display zone ``zone``; a date-only event as the
    stretch of time its days cover there."""
    if not all(p.in_calendar for p in (event.start, event.end) if p is not None):
        return local_time_text(event, lang)  # beyond the calendar, or open: no zone to show
    begin, finish = (moment.in_timezone(zone) for moment in event.span)
    if event.is_date_only:
        last = finish.subtract(microseconds=1)
        return f"{_written(begin, 'day_and_clock', lang)} – {_written(last, 'day_and_clock', lang)}"
    text = _written(begin, "moment", lang)
    if finish != begin:
        same_day = finish.date() == begin.date()
        text += "–" + _written(finish, "clock" if same_day else "moment", lang)
    return text


def axis_date_format(lang: Lang) -> str:
    """The d3 format of dates on the time axis: "6 Nov 2025", "6. Nov 2025"."""
    return {"en": "%-d %b %Y", "de": "%-d. %b %Y"}[lang]


def axis_time_formats(lang: Lang) -> dict[str, str]:
    """A d3 format per time unit, for an axis whose ticks may fall on years, days or hours.

    Vega picks the format by the coarsest unit a tick falls on: a tick at midnight of 1 Nov
    shows the month, one at noon the time of day. So ticks twelve hours apart read
    "3 Nov 2025, 12:00, 4 Nov 2025" rather than repeating the date.
    """
    day = {"en": "%-d %b %Y", "de": "%-d. %b %Y"}[lang]  # the year: no tick may fall on 1 Jan
    return {
        "year": "%Y",
        "quarter": "%b %Y",
        "month": "%b %Y",
        "week": day,
        "date": day,
        "hours": "%H:%M",
        "minutes": "%H:%M",
        "seconds": "%H:%M:%S",
        "milliseconds": "%H:%M:%S.%L",
    }
