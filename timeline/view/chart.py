"""The timeline as an Altair (Vega-Lite) chart.

The chart is drawn in an explicit display zone, so it looks the same on every viewer's machine:
each moment is converted to wall time in that zone in Python and handed to Vega-Lite as if it
were UTC, on a UTC time scale. Vega-Lite never sees the viewer's own zone.

What is drawn, back to front: a pale band behind every other lane; periods (events that
others are ``part_of``) as labelled bands over the whole height; connectors for relations;
the events (bars for spans, diamonds for moments; date-only events pale with a dashed outline,
approximate ones hollow); and a label for every event, placed by ``layout.py`` so that no two
labels or marks overlap. Clicking a legend entry fades the other groups; the time axis zooms and
pans. Words, dates and the axis follow ``lang``; colours follow ``theme``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

import altair as alt
import pendulum

from ..core.columns import DETAIL_LIMIT, BinCounts, DensityColumns
from ..core.groups import GroupBy, check_group_by, group_keys
from ..core.models import Actor, Event, Kind
from ..core.times import FIRST_DAY, LAST_DAY, load_zone
from ..core.translations import FileTexts
from . import themes
from . import words as locale
from .density import count_bins, density_chart_of
from .languages import Lang, check_lang
from .layout import CHAR_WIDTH, LABEL_GAP, ROW_HEIGHT, SEP, Scale, pack_events, pack_periods
from .themes import Theme

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..core.timeline import Timeline

LABEL_MAX = 60
_LABEL_SIDES: tuple[tuple[str, str, Literal["left", "right"], int], ...] = (
    ("right", "finish", "left", LABEL_GAP),  # label_side, where it is anchored, align, offset
    ("left", "begin", "right", -LABEL_GAP),
    ("inside", "begin", "left", LABEL_GAP),  # over a bar too wide for a label on either side
)
LABELLED_ROWS = 150
"""Most rows of a chart with a label on every event; beyond, marks only (tooltips still tell),
without period bands and connectors."""
FOCUS_MIN_EVENTS = 8
FOCUS_SHARE = 0.7
FOCUS_WIDTH = 0.25
"""An HTML page opens on the shortest stretch holding 70 % of 8 or more events, when it is
under a quarter of the whole range (``_focus``)."""
FADED = 0.12
"""Opacity of the groups not picked in the legend."""


def build_chart(
    timeline: Timeline,
    *,
    tz: str = "UTC",
    group_by: GroupBy = "kind",
    color_by: GroupBy | None = None,
    width: int = 900,
    title: str | None = None,
    lang: str = "en",
    theme: str = "light",
    overview: bool = False,
) -> alt.LayerChart | alt.VConcatChart:
    """An Altair chart of ``timeline``, times shown in the zone ``tz``.

    One lane per value of ``group_by`` (kind, country, actor or tag; an event with several
    actors or tags appears in each of their lanes), coloured by ``color_by`` (default: the
    same). Ranges are bars, instants diamonds, date-only events pale day-wide bars with a
    dashed outline, approximate ones hollow. Tooltips give the local time at the place and
    the time in ``tz``. ``lang`` ('en' or 'de') picks the words, dates and event texts;
    ``theme`` ('light' or 'dark') the colours. ``overview`` adds a strip below the chart
    to brush a stretch of time, which the chart above then shows (for interactive pages).
    """
    zone = load_zone(tz).key
    words = check_lang(lang)
    look = themes.theme(theme)
    group_by = check_group_by(group_by)
    color_by = check_group_by(color_by or group_by, "color_by")
    heading = title or locale.timeline_title(timeline, words) or locale.term("untitled", words)
    if len(timeline) > DETAIL_LIMIT:  # too many marks to read or to draw: counts instead
        return density_view(
            DensityColumns.of_timeline(timeline, group_by),
            texts=timeline,
            actors=timeline.actors,
            group_by=group_by,
            tz=zone,
            width=width,
            title=title,
            lang=words,
            theme=theme,
        )
    events = list(timeline)
    rows = [
        _row(
            event,
            timeline,
            zone,
            lane,
            group_labels(event, timeline.actors, color_by, words)[0],
            words,
        )
        for event in events
        for lane in group_labels(event, timeline.actors, group_by, words)
    ]
    begin, finish = _domain(events, zone)
    full_range = Scale(begin.timestamp(), finish.timestamp(), width)
    focus = _focus(events, zone) if overview else None
    # labels fit where the page opens (the focus) and over the whole range
    scales: tuple[Scale, ...] = (full_range,)
    if focus:
        scales = (Scale(focus[0].timestamp(), focus[1].timestamp(), width), full_range)
    period_ids = _period_ids(timeline)
    for row in rows:  # a period is labelled once, on its band, not again in its lane
        if row["id"] in period_ids:
            row["label"] = ""
    pack_events(rows, *scales)
    unlabelled = len({r["slot"] for r in rows}) > LABELLED_ROWS
    if unlabelled:  # labelled, the chart would be metres tall: marks only, packed tighter
        for row in rows:
            row["label"] = ""
        pack_events(rows, *scales)
    # Unlabelled, hundreds of bands and connectors would only be a tangle of lines.
    periods = [] if unlabelled else _periods(timeline, period_ids, rows, zone)
    pack_periods(periods, *scales)
    links = [] if unlabelled else _links(timeline, rows, words)
    for row in (*rows, *periods):
        del row["_begin_s"], row["_finish_s"]

    slots = {r["slot"] for r in rows} | {p["slot"] for p in periods}
    height = ROW_HEIGHT * max(len(slots), 2)
    domain = [_vega_time(begin), _vega_time(finish)]
    brush = alt.selection_interval(
        encodings=["x"],
        name="brush",
        value={"x": [_vega_datetime(moment) for moment in focus]} if focus else alt.Undefined,
    )
    x_scale = alt.Scale(
        type="utc", domain={"param": "brush", "encoding": "x"} if overview else domain
    )
    x = alt.X(
        "begin:T",
        scale=x_scale,
        axis=alt.Axis(
            title=locale.term("time_axis", words, zone=zone),
            format=locale.axis_time_formats(words),
            formatType="time",
            labelOverlap=True,
            grid=True,
        ),
    )
    y = _rows_axis("slot")
    # One explicit domain for fill and outline, so that both map a group to the same colour.
    groups = _colour_order({r["color"] for r in rows}, color_by, words)
    palette = alt.Scale(domain=groups, range=_colours(groups, color_by, look, words))
    group_title = locale.term(f"group_{color_by}", words)
    pick = alt.selection_point(fields=["color"], bind="legend", name="pick", toggle="true")
    zoom = alt.selection_interval(bind="scales", encodings=["x"], name="zoom")
    tooltip = _tooltip(zone, words)

    data = alt.Data(values=rows)  # type: ignore[no-untyped-call]
    base = alt.Chart(data).encode(y=y, tooltip=tooltip)
    fill = alt.condition(
        "datum.approximate",
        alt.value(look.background),
        alt.Fill(
            "color:N",
            title=group_title,
            scale=palette,
            legend=alt.Legend(
                orient="top", symbolOpacity=1, columns=_legend_columns(palette, width)
            ),
        ),
    )
    stroke = alt.Stroke("color:N", legend=None, scale=palette)
    faded = alt.condition(pick, alt.Opacity("alpha:Q", scale=None, legend=None), alt.value(FADED))
    dash = alt.condition("datum.date_only", alt.value([3, 2]), alt.value([1, 0]))

    lanes = (  # a pale band behind every other lane, one rect per row of it
        alt.Chart(data)
        .mark_rect(opacity=0.05, color=look.band)
        .encode(y=y)
        .transform_filter("datum.lane_index % 2 == 0")
        .transform_aggregate(groupby=["slot"])
    )
    bars = (
        base.mark_bar(
            clip=True, height=ROW_HEIGHT * 0.55, cornerRadius=2, strokeWidth=1.4, cursor="pointer"
        )
        .encode(x=x, x2="finish:T", fill=fill, stroke=stroke, opacity=faded, strokeDash=dash)
        .transform_filter("datum.shape == 'bar'")
        .add_params(pick, *([] if overview else [zoom]))
        .properties(name="events")  # a fixed name: Altair's own carries a per-process counter
    )
    points = (
        base.mark_point(
            clip=True, filled=True, size=120, shape="diamond", strokeWidth=1.6, cursor="pointer"
        )
        .encode(x=x, fill=fill, stroke=stroke, opacity=faded)
        .transform_filter("datum.shape == 'point'")
    )
    label_opacity = alt.condition(pick, alt.value(1.0), alt.value(FADED * 2))
    layers: list[alt.Chart] = [lanes, *_period_layers(periods, y, x_scale, look)]
    layers += _link_layers(links, y, x_scale, look, words)
    layers += [bars, points]
    if overview:  # with no brush, the chart's time range is its data's: pad it as without one
        frame = alt.Data(values=[{"begin": d} for d in domain])  # type: ignore[no-untyped-call]
        layers.append(alt.Chart(frame).mark_point(opacity=0).encode(x=x))
    for side, anchor, align, dx in _LABEL_SIDES:
        text = base.encode(x=alt.X(f"{anchor}:T", scale=x_scale), text="label:N").transform_filter(
            f"datum.label_side == '{side}' && datum.label"
        )
        # a halo in the background colour keeps labels legible over connectors and grid lines
        layers.append(
            text.mark_text(
                clip=True,
                align=align,
                baseline="middle",
                dx=dx,
                fontSize=11,
                stroke=look.background,
                strokeWidth=3,
                strokeJoin="round",
            ).encode(opacity=label_opacity)
        )
        layers.append(
            text.mark_text(
                clip=True, align=align, baseline="middle", dx=dx, fontSize=11, color=look.text
            ).encode(opacity=label_opacity)
        )

    detail = alt.layer(*layers).properties(width=width, height=height)
    whole = (
        alt.vconcat(detail, _overview(rows, domain, brush, palette, width, words))
        if overview
        else detail
    )
    chart = whole.properties(
        title=alt.Title(
            heading,
            subtitle=[
                locale.term("subtitle", words, zone=zone),
                locale.term("key", words),
                *([locale.term("unlabelled", words, count=len(rows))] if unlabelled else []),
                *([locale.term("focused", words)] if focus else []),
            ],
            anchor="start",
        ),
        description=_description(timeline, zone, words),
    )
    configured: alt.LayerChart | alt.VConcatChart = chart.configure(**look.config(words))
    return configured


def density_view(
    columns: DensityColumns | BinCounts,
    *,
    texts: FileTexts,
    actors: Mapping[str, Actor],
    group_by: GroupBy = "kind",
    tz: str = "UTC",
    width: int = 900,
    title: str | None = None,
    lang: str = "en",
    theme: str = "light",
) -> alt.LayerChart:
    """The density view of ``columns`` (lanes named by their keys), or of ``BinCounts`` an
    engine counted (lanes named by ``lane_labels``), titled as ``build_chart`` titles a timeline
    with ``texts``: the chart of a timeline too large to hold as events."""
    words = check_lang(lang)
    group_by = check_group_by(group_by)
    heading = title or locale.timeline_title(texts, words) or locale.term("untitled", words)
    zone = load_zone(tz).key
    if isinstance(columns, DensityColumns):
        columns = count_bins(
            columns.relabelled(lambda key: group_label(key, group_by, actors, words)), tz=zone
        )
    return density_chart_of(
        columns,
        zone=zone,
        lane_title=locale.term(f"group_{group_by}", words),
        width=width,
        title=heading,
        lang=words,
        look=themes.theme(theme),
    )


def lane_labels(
    keys: Iterable[str], *, group_by: GroupBy, actors: Mapping[str, Actor], lang: str
) -> dict[str, str]:
    """The name a reader sees for each lane key (as ``density_view`` names them), for an
    engine to count by."""
    words = check_lang(lang)
    by = check_group_by(group_by)
    return {key: group_label(key, by, actors, words) for key in keys}


def _overview(
    rows: list[dict[str, Any]],
    domain: list[str],
    brush: alt.Parameter,
    palette: alt.Scale,
    width: int,
    words: Lang,
) -> alt.Chart:
    """A strip of every event on the whole time range, where a brush picks what the chart shows."""
    data = alt.Data(values=rows)  # type: ignore[no-untyped-call]
    x = alt.X(
        "begin:T",
        scale=alt.Scale(type="utc", domain=domain),
        axis=alt.Axis(
            title=None, grid=False, format=locale.axis_date_format(words).replace(" %Y", "")
        ),
    )
    strip: alt.Chart = (
        alt.Chart(data)
        .mark_tick(thickness=2, opacity=0.8)
        .encode(x=x, color=alt.Color("color:N", scale=palette, legend=None))
        .add_params(brush)
        .properties(width=width, height=36, name="overview")
    )
    return strip


def _colour_order(groups: set[str], by: GroupBy, words: Lang) -> list[str]:
    """Groups in a fixed order, so that a group keeps its colour when others are filtered out:
    kinds as documented, anything else alphabetically, "—" (none) last."""
    if by == "kind":
        order = [locale.kind_label(kind, words) for kind in Kind]
        return [label for label in order if label in groups]
    none = locale.term("none", words)
    return sorted(groups - {none}) + ([none] if none in groups else [])


def _colours(groups: list[str], by: GroupBy, look: Theme, words: Lang) -> list[str]:
    """A colour per group: a kind always gets the same one, whichever kinds are drawn."""
    if by != "kind":
        return [look.palette[i % len(look.palette)] for i in range(len(groups))]
    place = {locale.kind_label(kind, words): i for i, kind in enumerate(Kind)}
    return [look.palette[place[group] % len(look.palette)] for group in groups]


def _legend_columns(palette: alt.Scale, width: int) -> int:
    """As many legend entries in a row as fit across the chart (a legend does not wrap)."""
    names = [str(name) for name in palette.domain]
    widest = max((len(name) for name in names), default=1) * CHAR_WIDTH + 28  # swatch, gap
    return max(1, min(len(names), int((width + 120) // widest)))


def _rows_axis(field: str) -> alt.Y:
    parts = f"split(datum.value, '{SEP}')"
    return alt.Y(
        f"{field}:N",
        sort="ascending",
        axis=alt.Axis(
            title=None,
            # slots are "lane index␟row␟lane name": name a lane once, on its first row
            labelExpr=f"{parts}[1] == '0000' ? {parts}[2] : ''",
            ticks=False,
            domain=False,
            labelFontWeight="bold",
            labelLimit=160,
        ),
    )


def _tooltip(zone: str, words: Lang) -> list[alt.Tooltip]:
    fields = [
        ("title", "tooltip_event"),
        ("kind_label", "tooltip_kind"),
        ("local_time", "tooltip_local_time"),
        ("display_time", "tooltip_display_time"),
        ("place", "tooltip_place"),
        ("participants", "tooltip_participants"),
        ("sources", "tooltip_sources"),
    ]
    return [
        alt.Tooltip(f"{field}:N", title=locale.term(key, words, zone=zone)) for field, key in fields
    ]


def group_labels(event: Event, actors: Mapping[str, Actor], by: GroupBy, words: Lang) -> list[str]:
    """The lanes ``event`` is drawn in, by ``by``, as the reader sees them."""
    return [group_label(key, by, actors, words) for key in group_keys(event, by)]


def group_label(key: str | None, by: GroupBy, actors: Mapping[str, Actor], words: Lang) -> str:
    """A group's name for the reader: a kind's label, a country's name in ``words``, an actor's
    name, a tag as written; "—" for none (``None`` or ``""``)."""
    if not key:
        return locale.term("none", words)
    match by:
        case "kind":
            return locale.kind_label(Kind(key), words)
        case "country":
            return locale.country_name(key, words)
        case "actor":
            actor = actors.get(key)
            return actor.name if actor is not None else locale.term("none", words)
        case "tag":
            return key


def _domain(events: Sequence[Event], zone: str) -> tuple[pendulum.DateTime, pendulum.DateTime]:
    if not events:
        now = pendulum.datetime(2000, 1, 1, tz=zone)
        return now, now.add(days=1)
    begin = min(e.span[0] for e in events).timestamp()
    finish = max(e.span[1] for e in events).timestamp()
    pad = max((finish - begin) * 0.03, 3600.0)
    # Padding stops a day short of the calendar's ends (years 1 and 9999), as event times do.
    low = max(begin - pad, FIRST_DAY.timestamp())
    high = min(finish + pad, LAST_DAY.timestamp())
    return pendulum.from_timestamp(low, tz=zone), pendulum.from_timestamp(high, tz=zone)


def _focus(
    events: Sequence[Event], zone: str
) -> tuple[pendulum.DateTime, pendulum.DateTime] | None:
    """Where most events are, when they crowd into a small part of the whole time range.

    The page then opens on that stretch, with the whole range in the overview strip below
    (focus and context): the shortest stretch holding FOCUS_SHARE of the events' starts, if it
    is under FOCUS_WIDTH of the whole range. None when events are few or spread out.
    """
    if len(events) < FOCUS_MIN_EVENTS:
        return None
    spans = sorted((e.span[0].timestamp(), e.span[1].timestamp()) for e in events)
    begins = [begin for begin, _ in spans]
    whole = max(finish for _, finish in spans) - begins[0]
    need = math.ceil(len(spans) * FOCUS_SHARE)
    width, first = min((begins[i + need - 1] - begins[i], i) for i in range(len(spans) - need + 1))
    if whole <= 0 or width > whole * FOCUS_WIDTH:
        return None
    low = begins[first]
    high = max(finish for _, finish in spans[first : first + need])
    pad = max((high - low) * 0.05, 3600.0)
    return (
        pendulum.from_timestamp(low - pad, tz=zone),
        pendulum.from_timestamp(high + pad, tz=zone),
    )


def _vega_datetime(moment: pendulum.DateTime) -> alt.DateTime:
    """Wall time in the display zone as a Vega-Lite date-time object, read as UTC (see
    ``_vega_time``)."""
    return alt.DateTime(
        year=moment.year,
        month=moment.month,
        date=moment.day,
        hours=moment.hour,
        minutes=moment.minute,
        utc=True,
    )


def _vega_time(moment: pendulum.DateTime) -> str:
    """Wall time in the display zone, written as UTC so that Vega shows exactly that."""
    return moment.naive().isoformat(timespec="seconds") + "Z"


def _label(text: str, approximate: bool, words: Lang) -> str:
    short = text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1] + "…"
    return f"{short} ({locale.term('approx', words)})" if approximate else short


def _row(
    event: Event, timeline: Timeline, zone: str, lane: str, color: str, words: Lang
) -> dict[str, Any]:
    begin, finish = event.span
    timed_instant = not event.is_date_only and event.end is None
    title = locale.event_title(event, words, timeline.language)
    return {
        "id": event.id,
        "title": title,
        "label": _label(title, event.approximate, words),
        "kind": event.kind.value,
        "kind_label": locale.kind_label(event.kind, words),
        "lane": lane,
        "color": color,
        "begin": _vega_time(begin.in_timezone(zone)),
        "finish": _vega_time(finish.in_timezone(zone)),
        "shape": "point" if timed_instant else "bar",
        "date_only": event.is_date_only,
        "approximate": event.approximate,
        "alpha": 0.45 if event.is_date_only else 0.95,
        "local_time": locale.local_time_text(event, words),
        "display_time": locale.display_time_text(event, zone, words),
        "place": locale.place_text(event, words, timeline.language),
        "participants": ", ".join(timeline.actors[a].name for a in event.participants),
        "sources": _sources(event, words),
        "url": event.sources[0].url if event.sources else None,
        "_begin_s": begin.timestamp(),
        "_finish_s": finish.timestamp(),
    }


def _sources(event: Event, words: Lang) -> str:
    if not event.sources:
        return ""
    names = ", ".join(s.publisher or _host(s.url) for s in event.sources)
    return f"{names} ({locale.term('tooltip_open', words)})"


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def _periods(
    timeline: Timeline, period_ids: dict[str, None], rows: list[dict[str, Any]], zone: str
) -> list[dict[str, Any]]:
    """One row per period (``_period_ids``), labelled with its title as drawn."""
    drawn = {r["id"]: r for r in rows}
    periods = []
    for parent in period_ids:
        event = timeline[parent]
        begin, finish = event.span
        periods.append(
            {
                "id": event.id,
                "label": drawn[event.id]["title"],
                "begin": _vega_time(begin.in_timezone(zone)),
                "finish": _vega_time(finish.in_timezone(zone)),
                "shape": "bar",
                "_begin_s": begin.timestamp(),
                "_finish_s": finish.timestamp(),
            }
        )
    return periods


def _period_ids(timeline: Timeline) -> dict[str, None]:
    """The events that others in the timeline are ``part_of``, in time order (a dict: ordered,
    and quick to look up)."""
    return dict.fromkeys(e.part_of for e in timeline if e.part_of and e.part_of in timeline)


def _period_layers(
    periods: list[dict[str, Any]], y: alt.Y, x_scale: alt.Scale, look: Theme
) -> list[alt.Chart]:
    if not periods:
        return []
    data = alt.Data(values=periods)  # type: ignore[no-untyped-call]
    x = alt.X("begin:T", scale=x_scale)
    band = (
        alt.Chart(data)
        .mark_rect(clip=True, opacity=0.07, color=look.band)
        .encode(x=x, x2="finish:T")  # no y: the band spans every lane
    )
    edge = alt.Chart(data).mark_rule(clip=True, color=look.muted, strokeDash=[2, 3], opacity=0.6)
    labels = [
        alt.Chart(data)
        .mark_text(
            clip=True, align=align, baseline="middle", dx=dx, fontSize=11, fontStyle="italic"
        )
        .encode(x=alt.X(f"{anchor}:T", scale=x_scale), y=y, text="label:N")
        .encode(color=alt.value(look.muted))
        .transform_filter(f"datum.label_side == '{side}'")
        for side, anchor, align, dx in _LABEL_SIDES
    ]
    return [band, edge.encode(x=x), edge.encode(x=alt.X("finish:T", scale=x_scale)), *labels]


def _links(timeline: Timeline, rows: list[dict[str, Any]], words: Lang) -> list[dict[str, Any]]:
    """One row per relation whose both ends are drawn: from the earlier event to the later."""
    first: dict[str, dict[str, Any]] = {}
    for row in rows:  # an event in several lanes is linked from its first lane
        first.setdefault(row["id"], row)
    links = []
    for relation in timeline.relations:
        source, target = first.get(relation.source), first.get(relation.target)
        if source is None or target is None:
            continue
        if relation.kind == "part_of":  # straight up or down to the period, where it starts
            begin = min(max(source["begin"], target["begin"]), target["finish"])
            start = (begin, target["slot"])
        else:  # from where the earlier event ends
            start = (target["finish"], target["slot"])
        links.append(
            {
                "relation": locale.term(f"relation_{relation.kind}", words),
                "x": start[0],
                "y": start[1],
                "x2": source["begin"],
                "y2": source["slot"],
            }
        )
    return links


def _link_layers(
    links: list[dict[str, Any]], y: alt.Y, x_scale: alt.Scale, look: Theme, words: Lang
) -> list[alt.Chart]:
    if not links:
        return []
    kinds = [locale.term(f"relation_{k}", words) for k in ("follows", "responds_to", "part_of")]
    dash = alt.StrokeDash(
        "relation:N",
        title=locale.term("links", words),
        scale=alt.Scale(domain=kinds, range=[[1, 0], [6, 3], [1, 3]]),
        legend=alt.Legend(orient="bottom", symbolType="stroke", symbolStrokeColor=look.link),
    )
    data = alt.Data(values=links)  # type: ignore[no-untyped-call]
    return [
        alt.Chart(data)
        .mark_rule(clip=True, color=look.link, strokeWidth=1.1)
        .encode(
            x=alt.X("x:T", scale=x_scale),
            x2="x2:T",
            y=_rows_axis("y"),
            y2="y2:N",
            strokeDash=dash,
            # the band already shows what is part of a period: its lines stay in the background
            opacity=alt.condition(
                f"datum.relation == '{kinds[2]}'", alt.value(0.35), alt.value(0.8)
            ),
        )
    ]


def _description(timeline: Timeline, zone: str, words: Lang) -> str:
    """A plain-text account of the chart for screen readers."""
    if not len(timeline):
        return locale.term("empty", words)
    first, last = timeline[0], timeline[-1]
    return locale.term(
        "description",
        words,
        count=len(timeline),
        first_time=first.start,
        first_title=locale.event_title(first, words, timeline.language),
        last_time=last.end or last.start,
        last_title=locale.event_title(last, words, timeline.language),
        zone=zone,
    )
