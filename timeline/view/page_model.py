"""What the HTML page shows around the chart, as typed data: its heading and notes, the chart's
description, and one entry per event for the list (the phone layout, and what the keyboard and
screen readers walk) and the table. ``output/page.py`` writes it as HTML.

Every text here is plain text, in the reader's language; the page escapes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.times import load_zone
from . import themes
from . import words as locale
from .chart import EventRow, PageChart, page_chart
from .languages import Lang, check_lang
from .themes import Theme

if TYPE_CHECKING:
    from ..core.timeline import Timeline


@dataclass(frozen=True, slots=True)
class EventEntry:
    """An event as the page lists it (once, whatever lanes it is drawn in)."""

    id: str
    title: str
    name: str
    """What a screen reader says: title, when at the place (approximate or not), kind."""
    kind: str
    kind_label: str
    colour: str
    local_time: str
    display_time: str
    place: str
    participants: str
    source_url: str | None
    source_name: str
    moment: bool
    """A moment (a diamond), not a span of time (a bar)."""
    date_only: bool
    approximate: bool
    period: bool
    """Others are part of it: drawn as a band over every lane."""
    relations: tuple[str, ...]
    """"part of …", "follows …", "responds to …", with the other event's title."""
    disputed: bool = False
    """Sources disagree on one of its values."""
    claims: str | None = None
    """What each source says of each value they disagree on."""
    reported: str | None = None
    """When it was first reported."""


@dataclass(frozen=True, slots=True)
class PageModel:
    """Everything the page shows, in ``lang``."""

    lang: Lang
    look: Theme
    zone: str
    title: str
    notes: tuple[str, ...]
    description: str
    chart: PageChart
    entries: tuple[EventEntry, ...]
    words: dict[str, str]
    """The words the page's script needs (keys of ``words._TERMS``)."""


PAGE_TERMS = ("position", "show_table", "hide_table", "save_png", "save_svg")


def page_model(
    timeline: Timeline,
    *,
    tz: str = "UTC",
    title: str | None = None,
    lang: str = "en",
    theme: str = "light",
    **chart_options: Any,
) -> PageModel:
    """The page of ``timeline``'s chart (options as for ``build_chart``)."""
    words = check_lang(lang)
    chart = page_chart(timeline, tz=tz, title=title, lang=words, theme=theme, **chart_options)
    heading = title or locale.timeline_title(timeline, words) or locale.term("untitled", words)
    zone = load_zone(tz).key
    notes = list(chart.notes)
    if chart.widths or not notes:  # single events: the page's own line, then the chart's keys
        notes.insert(0, locale.term("page_note", words, zone=zone))
    if description := locale.timeline_description(timeline, words):
        notes.insert(0, description)
    return PageModel(
        lang=words,
        look=themes.theme(theme),
        zone=zone,
        title=heading,
        notes=tuple(notes),
        description=str(chart.spec.get("description", "")),
        chart=chart,
        entries=tuple(_entries(timeline, chart, words)),
        words={key: locale.term(key, words) for key in PAGE_TERMS},
    )


def spec_model(
    spec: dict[str, Any], *, lang: str = "en", theme: str = "light", title: str | None = None
) -> PageModel:
    """The page of a chart given as a Vega-Lite spec (one composed in Altair, or the density
    view): the chart with its description, and no list of events."""
    words = check_lang(lang)
    spec = dict(spec)
    heading = spec.pop("title", None)
    if isinstance(heading, dict):
        heading = heading.get("text")
    return PageModel(
        lang=words,
        look=themes.theme(theme),
        zone="UTC",
        title=title or (heading if isinstance(heading, str) else locale.term("untitled", words)),
        notes=(),
        description=str(spec.get("description", "")),
        chart=PageChart(spec, (), (), (), (), {}),
        entries=(),
        words={key: locale.term(key, words) for key in PAGE_TERMS},
    )


def _entries(timeline: Timeline, chart: PageChart, words: Lang) -> list[EventEntry]:
    """One entry per event drawn, in time order, from its first row."""
    first: dict[str, EventRow] = {}
    for row in chart.rows:
        first.setdefault(row.id, row)
    titles = {row.id: row.title for row in first.values()}
    relations: dict[str, list[str]] = {}
    for relation in timeline.relations:
        if relation.target in titles:
            said = locale.term(f"relation_{relation.kind}", words)
            relations.setdefault(relation.source, []).append(f"{said} {titles[relation.target]}")
    periods = set(chart.period_ids)
    entries = []
    for event in timeline:
        if event.id not in first:
            continue
        row = first[event.id]
        source = event.sources[0] if event.sources else None
        entries.append(
            EventEntry(
                id=event.id,
                title=row.title,
                name=locale.event_name(event, row.title, row.kind_label, words),
                kind=row.kind,
                kind_label=row.kind_label,
                colour=chart.colours.get(row.color, "#888888"),
                local_time=row.local_time,
                display_time=row.display_time,
                place=row.place,
                participants=row.participants,
                source_url=source.url if source else None,
                source_name=(source.publisher or source.title or source.url) if source else "",
                moment=row.shape == "point",
                date_only=row.date_only,
                approximate=row.approximate,
                period=event.id in periods,
                relations=tuple(relations.get(event.id, ())),
                disputed=row.disputed,
                claims=row.claims,
                reported=row.reported,
            )
        )
    return entries
