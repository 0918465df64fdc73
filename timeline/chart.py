"""The timeline as an Altair (Vega-Lite) chart.

The chart is drawn in an explicit display zone, so it looks the same on every viewer's machine:
each moment is converted to wall time in that zone in Python and handed to Vega-Lite as if it
were UTC, on a UTC time scale. Vega-Lite never sees the viewer's own zone.

Lanes (one per group) are split into rows so that labels never overlap each other or the
marks: each event's mark and label take an interval of pixels at the chart's initial scale, and
a row is found where that interval is free (greedy interval packing).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import altair as alt
import pendulum

from .aggregate import DETAIL_LIMIT, density_chart
from .models import Event, Kind
from .times import FIRST_DAY, LAST_DAY, load_zone

if TYPE_CHECKING:
    from .timeline import Timeline

GroupBy = Literal["kind", "country", "actor", "tag"]

PALETTE = [
    "#332288",
    "#117733",
    "#CC6677",
    "#88CCEE",
    "#882255",
    "#44AA99",
    "#DDCC77",
    "#AA4499",
    "#999933",
]
"""Paul Tol's 'muted' scheme: nine colours told apart with the common colour-vision deficiencies."""

ROW_HEIGHT = 24
CHAR_WIDTH = 6.3  # average advance of an 11px sans-serif glyph, for label packing
LABEL_GAP = 6
POINT_RADIUS = 6
LABEL_MAX = 48
SEP = "\u241f"  # joins the parts of a row key; a character no title uses


@dataclass(frozen=True, slots=True)
class _Placed:
    row: dict[str, Any]
    begin_px: float
    end_px: float
    label_px: float


def build_chart(
    timeline: Timeline,
    *,
    tz: str = "UTC",
    group_by: GroupBy = "kind",
    color_by: GroupBy | None = None,
    width: int = 900,
    title: str | None = None,
) -> alt.LayerChart:
    """An Altair chart of ``timeline``, times shown in the zone ``tz``.

    One lane per value of ``group_by`` (kind, country, actor or tag; an event with several
    actors or tags appears in each of their lanes), coloured by ``color_by`` (default: the
    same). Ranges are bars, instants points, date-only events paler day-wide bars with a
    dashed outline. Tooltips give the local time at the place and the time in ``tz``.
    """
    zone = load_zone(tz).key
    if len(timeline) > DETAIL_LIMIT:  # too many marks to read or to draw: counts instead
        return density_chart(
            timeline,
            zone=zone,
            lanes_of=lambda event: _groups(event, timeline, group_by),
            lane_title=_GROUP_TITLES[group_by],
            width=width,
            title=title or timeline.title or "Timeline",
        )
    events = list(timeline)
    color_by = color_by or group_by
    rows = [
        _row(event, timeline, zone, lane, _groups(event, timeline, color_by)[0])
        for event in events
        for lane in _groups(event, timeline, group_by)
    ]
    begin, finish = _domain(events, zone)
    _pack(rows, begin, finish, width)

    rows_drawn = len({r["slot"] for r in rows})
    height = max(ROW_HEIGHT * rows_drawn, ROW_HEIGHT * 2)
    data = alt.Data(values=rows)  # type: ignore[no-untyped-call]
    x = alt.X(
        "begin:T",
        scale=alt.Scale(type="utc", domain=[_vega_time(begin), _vega_time(finish)]),
        axis=alt.Axis(title=f"Time ({zone})", format="%-d %b %Y", labelOverlap=True, grid=True),
    )
    parts = f"split(datum.value, '{SEP}')"
    y = alt.Y(
        "slot:N",
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
    # One explicit domain for fill and outline, so that both map a group to the same colour.
    palette = alt.Scale(domain=list(dict.fromkeys(r["color"] for r in rows)), range=PALETTE)
    color = alt.Color(
        "color:N", title=_GROUP_TITLES[color_by], scale=palette, legend=alt.Legend(orient="top")
    )
    tooltip = [
        alt.Tooltip("title:N", title="Event"),
        alt.Tooltip("kind_label:N", title="Kind"),
        alt.Tooltip("local_time:N", title="Local time"),
        alt.Tooltip("display_time:N", title=f"In {zone}"),
        alt.Tooltip("place:N", title="Place"),
        alt.Tooltip("participants:N", title="Participants"),
        alt.Tooltip("sources:N", title="Sources"),
    ]
    base = alt.Chart(data).encode(y=y, tooltip=tooltip)
    zoom = alt.selection_interval(bind="scales", encodings=["x"], name="zoom")

    lanes = (  # a pale band behind every other lane, one rect per row of it
        alt.Chart(data)
        .mark_rect(opacity=0.05, color="#5a5a5a")
        .encode(y=y)
        .transform_filter("datum.lane_index % 2 == 0")
        .transform_aggregate(groupby=["slot"])
    )
    bars = (
        base.mark_bar(height=ROW_HEIGHT * 0.55, cornerRadius=2)
        .encode(
            x=x,
            x2="finish:T",
            color=color,
            opacity=alt.condition("datum.date_only", alt.value(0.45), alt.value(0.95)),
            strokeDash=alt.condition("datum.date_only", alt.value([3, 2]), alt.value([1, 0])),
            stroke=alt.Stroke("color:N", legend=None, scale=palette),
            strokeWidth=alt.value(1.2),
        )
        .transform_filter("datum.shape == 'bar'")
        .add_params(zoom)
        .properties(name="events")  # a fixed name: Altair's own carries a per-process counter
    )
    points = (
        base.mark_point(filled=True, size=POINT_RADIUS * POINT_RADIUS * 3.2, opacity=1)
        .encode(x=x, color=color, shape=alt.value("diamond"))
        .transform_filter("datum.shape == 'point'")
    )
    labels_right = (
        base.mark_text(align="left", baseline="middle", dx=LABEL_GAP, fontSize=11)
        .encode(x=alt.X("finish:T"), text="label:N")
        .transform_filter("datum.label_side == 'right'")
    )
    labels_left = (
        base.mark_text(align="right", baseline="middle", dx=-LABEL_GAP, fontSize=11)
        .encode(x=alt.X("begin:T"), text="label:N")
        .transform_filter("datum.label_side == 'left'")
    )
    chart = alt.layer(lanes, bars, points, labels_right, labels_left).properties(
        width=width,
        height=height,
        title=alt.Title(
            title or timeline.title or "Timeline",
            subtitle=f"Times shown in {zone}; hover a mark for the local time at the place",
            anchor="start",
        ),
        description=_description(timeline, zone),
    )
    configured: alt.LayerChart = chart.configure_view(stroke=None).configure_axis(labelFontSize=11)
    return configured


_GROUP_TITLES = {"kind": "Kind", "country": "Country", "actor": "Participant", "tag": "Tag"}


def _groups(event: Event, timeline: Timeline, by: GroupBy) -> list[str]:
    match by:
        case "kind":
            return [_kind_label(event.kind)]
        case "country":
            return [event.place.country if event.place else "—"]
        case "actor":
            return [timeline.actors[a].name for a in event.participants] or ["—"]
        case "tag":
            return list(event.tags) or ["—"]
    raise ValueError(f"cannot group by {by!r}; use kind, country, actor or tag")


def _kind_label(kind: Kind) -> str:
    return kind.value.replace("_", " ").capitalize()


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


def _vega_time(moment: pendulum.DateTime) -> str:
    """Wall time in the display zone, written as UTC so that Vega shows exactly that."""
    return moment.naive().isoformat(timespec="seconds") + "Z"


def _row(event: Event, timeline: Timeline, zone: str, lane: str, color: str) -> dict[str, Any]:
    begin, finish = event.span
    timed_instant = not event.is_date_only and event.end is None
    label = event.title if len(event.title) <= LABEL_MAX else event.title[: LABEL_MAX - 1] + "…"
    return {
        "id": event.id,
        "title": event.title,
        "label": label + (" (approx.)" if event.approximate else ""),
        "kind": event.kind.value,
        "kind_label": _kind_label(event.kind),
        "lane": lane,
        "color": color,
        "begin": _vega_time(begin.in_timezone(zone)),
        "finish": _vega_time(finish.in_timezone(zone)),
        "shape": "point" if timed_instant else "bar",
        "date_only": event.is_date_only,
        "approximate": event.approximate,
        "local_time": _local_time(event),
        "display_time": _display_time(event, zone),
        "place": _place(event),
        "participants": ", ".join(timeline.actors[a].name for a in event.participants),
        "sources": ", ".join(s.publisher or _host(s.url) for s in event.sources),
        "url": event.sources[0].url if event.sources else None,
        "_begin_s": begin.timestamp(),
        "_finish_s": finish.timestamp(),
    }


def _local_time(event: Event) -> str:
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


def _display_time(event: Event, zone: str) -> str:
    begin, finish = (moment.in_timezone(zone) for moment in event.span)
    if event.is_date_only:
        last = finish.subtract(microseconds=1)
        return f"{begin.format('D MMM YYYY HH:mm')} – {last.format('D MMM YYYY HH:mm')}"
    text = begin.format("ddd D MMM YYYY, HH:mm")
    if finish != begin:
        same_day = finish.date() == begin.date()
        text += "–" + finish.format("HH:mm" if same_day else "ddd D MMM YYYY, HH:mm")
    return text


def _place(event: Event) -> str:
    if event.place is None:
        return ""
    parts = [event.place.venue, event.place.city, event.place.country]
    return ", ".join(p for p in parts if p)


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def _pack(
    rows: list[dict[str, Any]], begin: pendulum.DateTime, finish: pendulum.DateTime, width: int
) -> None:
    """Give each row a lane row (``slot``) where its mark and label overlap nothing else."""
    t0, t1 = begin.timestamp(), finish.timestamp()
    scale = width / max(t1 - t0, 1.0)
    lanes = list(dict.fromkeys(r["lane"] for r in sorted(rows, key=lambda r: r["_begin_s"])))
    for lane_index, lane in enumerate(lanes):
        ends: list[float] = []  # rightmost occupied pixel of each row so far
        members = sorted(
            (r for r in rows if r["lane"] == lane), key=lambda r: (r["_begin_s"], r["id"])
        )
        for row in members:
            x0 = (row["_begin_s"] - t0) * scale
            x1 = max((row["_finish_s"] - t0) * scale, x0)
            if row["shape"] == "point":
                x0, x1 = x0 - POINT_RADIUS, x1 + POINT_RADIUS
            text = len(row["label"]) * CHAR_WIDTH + LABEL_GAP * 2
            if x1 + text <= width:
                side, left, right = "right", x0, x1 + text
            else:
                side, left, right = "left", x0 - text, x1
            for index, end in enumerate(ends):
                if left > end:
                    ends[index] = right
                    break
            else:
                index = len(ends)
                ends.append(right)
            row["label_side"] = side
            row["lane_index"] = lane_index
            # zero-padded, so that the keys sort as text: an explicit sort list of thousands
            # of rows would overflow Vega's expression parser
            row["slot"] = f"{lane_index:04d}{SEP}{index:04d}{SEP}{lane}"
    for row in rows:
        del row["_begin_s"], row["_finish_s"]


def _description(timeline: Timeline, zone: str) -> str:
    """A plain-text account of the chart for screen readers."""
    if not len(timeline):
        return "An empty timeline."
    first, last = timeline[0], timeline[-1]
    return (
        f"Timeline of {len(timeline)} events from {first.start} ({first.title}) to "
        f"{(last.end or last.start)} ({last.title}); times shown in {zone}."
    )
