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

import json
import math
import textwrap
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, Literal

import altair as alt
import pendulum

from ..core.columns import DETAIL_LIMIT, BinCounts, DensityColumns
from ..core.diff import Diff, EventChange
from ..core.groups import GroupBy, check_group_by, group_keys
from ..core.models import Actor, Event, Kind
from ..core.reporting import first_report
from ..core.times import FIRST_DAY, LAST_DAY, TimePoint, load_zone
from ..core.translations import FileTexts
from . import themes
from . import words as locale
from .density import count_bins, density_chart_of
from .languages import Lang, check_lang
from .layout import (
    CHAR_WIDTH,
    LABEL_GAP,
    ROW_HEIGHT,
    SEP,
    LabelSide,
    Placement,
    Scale,
    pack_events,
    pack_periods,
)
from .themes import FONT_SIZE, Theme

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..core.timeline import Timeline

LABEL_MAX = 60
_LABEL_SIDES: tuple[tuple[LabelSide, str, Literal["left", "right"], int], ...] = (
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
FAINT = 0.2
"""Opacity of what an uncertain, approximate or open date allows beyond its likeliest part."""

LANE_NAMES = 100
"""Pixels left of the plot that lane names take, about (they are cut at 160)."""
REMOVED_FADE = 0.3
"""How much fainter an event removed in the new version is drawn (``timeline diff``)."""
ADDED_HALO = "#f2a900"
"""The halo of an event the new version added: amber, apart from every palette colour."""
UNDER_ROW = ROW_HEIGHT * 0.3
"""How far below the middle of its row a first report's line or a move's arrow is drawn:
under the event's mark and label, inside its row."""
DISPUTED_OUTLINE = 2.8
"""Width of the outline of an event on whose values sources disagree (others: 1.4)."""


@dataclass(frozen=True, slots=True)
class EventRow:
    """An event in one of its lanes. Its fields, in this order, are a row of the chart's data,
    but for its seconds, which only the layout reads (Vega-Lite reads times as text)."""

    id: str
    title: str
    label: str
    kind: str
    kind_label: str
    lane: str
    color: str
    begin: str | float
    finish: str | float
    shape: Literal["point", "bar"]
    date_only: bool
    approximate: bool
    alpha: float
    local_time: str
    display_time: str
    place: str
    participants: str
    sources: str
    url: str | None
    disputed: bool
    claims: str | None
    """What each source says of each claimed field (left out of the data when there is none)."""
    reported: str | None
    """When the event was first reported (left out when no report is dated)."""
    change: str | None
    """In a chart of two versions (``timeline diff``): added, removed, changed or renamed
    (left out when the event is the same in both)."""
    change_text: str | None
    """What changed, for the tooltip."""
    begin_s: float
    finish_s: float

    def for_vega(self, placement: Placement) -> dict[str, Any]:
        """The row of the chart's data: the event's fields, then where the layout put it."""
        return (
            _vega_fields(self)
            | _sides(placement)
            | {
                "lane_index": placement.lane_index,
                "slot": placement.slot,
            }
        )


@dataclass(frozen=True, slots=True)
class PeriodRow:
    """A period (an event that others are ``part_of``): a band over every lane, labelled in a row
    above them. Fields as in ``EventRow``."""

    id: str
    label: str
    begin: str | float
    finish: str | float
    shape: Literal["bar"]
    begin_s: float
    finish_s: float

    def for_vega(self, placement: Placement) -> dict[str, Any]:
        """The row of the bands' data: the period's fields, then where its label goes."""
        return _vega_fields(self) | _sides(placement) | {"slot": placement.slot}


def _sides(placement: Placement) -> dict[str, LabelSide]:
    """The label's side; over the whole range (a page with an overview) the page swaps in
    ``whole_side`` (output/page.js)."""
    whole = {} if placement.whole_side is None else {"whole_side": placement.whole_side}
    return {"label_side": placement.label_side} | whole


class _DrawnAlone:
    """A row drawn by a layer of its own (not placed by the layout): all its fields are data."""

    __slots__ = ()

    def for_vega(self) -> dict[str, Any]:
        """The row of its layer's data."""
        return _vega_fields(self)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class GapRow(_DrawnAlone):
    """The stretch from an event to its first report (``--reported``), on the event's row:
    a line from ``x`` to ``x2`` (none when the report came out within the event's own day) and
    the report's day, ``day`` to ``day_end``; ``dashed`` when some reports are undated, so the
    first may have come out earlier."""

    id: str
    title: str
    reported: str
    slot: str
    x: str
    x2: str
    day: str
    day_end: str
    dashed: bool


@dataclass(frozen=True, slots=True)
class ArrowRow(_DrawnAlone):
    """An event that moved between two versions: an arrow on its row from its old start (``x``)
    to its new one (``x2``)."""

    id: str
    title: str
    change_text: str
    slot: str
    x: str | float
    x2: str | float
    direction: Literal["earlier", "later"]


@dataclass(frozen=True, slots=True)
class LinkRow(_DrawnAlone):
    """A connector for a relation, from (``x``, ``y``) to (``x2``, ``y2``): times and slots."""

    relation: str
    x: str | float
    y: str
    x2: str | float
    y2: str


_LAYOUT_ONLY = frozenset({"begin_s", "finish_s"})
_LEFT_OUT_WHEN_NONE = frozenset({"claims", "reported", "change", "change_text"})
"""Fields a tooltip shows only when an event has them (a null would be shown as "null")."""


def _vega_fields(row: EventRow | PeriodRow | LinkRow | GapRow | ArrowRow) -> dict[str, Any]:
    """A row's fields that Vega-Lite reads, in order: the spec's data depends on that order."""
    return {
        field.name: getattr(row, field.name)
        for field in fields(row)
        if field.name not in _LAYOUT_ONLY
        and not (field.name in _LEFT_OUT_WHEN_NONE and getattr(row, field.name) is None)
    }


def _vega_values(placed: Sequence[tuple[EventRow | PeriodRow, Placement]]) -> list[dict[str, Any]]:
    """Placed events or periods as the data of their layers."""
    return [row.for_vega(placement) for row, placement in placed]


@dataclass(frozen=True, slots=True)
class _Options:
    """The chart's options, checked: every step draws with these."""

    zone: str
    words: Lang
    look: Theme
    group_by: GroupBy
    color_by: GroupBy
    width: int
    overview: bool
    axis: Axis = None  # type: ignore[assignment]  # set by ``_with_axis`` once events are known
    reported: bool = False
    """Draw each event's first report (``--reported``)."""
    changes: Diff | None = None
    """Two versions compared: what became of each event (``timeline diff --out``)."""

    def change_of(self, event_id: str) -> EventChange | None:
        if self.changes is None:
            return None
        return self.changes.by_id().get(event_id)


@dataclass(frozen=True, slots=True)
class Axis:
    """How time runs across the chart. Inside the calendar, wall time in the display zone on a
    Vega-Lite UTC time scale (``type`` "T"); when any event lies before year 1 or after 9999,
    years as numbers on a linear scale ("Q"), labelled "490 BCE" or, for deep time,
    "13.8 billion years ago" (``ago``)."""

    type: Literal["T", "Q"]
    zone: str
    ago: bool = False

    def position(self, seconds: float) -> str | float:
        """Where a moment (seconds since 1970, UTC) is on the axis, as Vega-Lite reads it."""
        if self.type == "T":
            return _vega_time(pendulum.from_timestamp(seconds, tz=self.zone))
        return round(1970 + seconds / SECONDS_PER_YEAR, 6)


SECONDS_PER_YEAR = 365.2425 * 86400
"""The Gregorian calendar's mean year: years on a linear axis are this long."""


@dataclass(frozen=True, slots=True)
class _TimeFrame:
    """The time the chart spans (``domain``, as Vega-Lite reads it), the stretch an HTML page opens
    on (``focus``), and the ``scales`` at which labels must fit: the focus's first, if any."""

    domain: list[str | float]
    focus: tuple[pendulum.DateTime, pendulum.DateTime] | None
    scales: tuple[Scale, ...]


@dataclass(frozen=True, slots=True)
class _Placed:
    """The rows with their placements: events (without labels when ``unlabelled``), periods and
    links (none when ``unlabelled``)."""

    events: list[tuple[EventRow, Placement]]
    periods: list[tuple[PeriodRow, Placement]]
    links: list[LinkRow]
    unlabelled: bool
    gaps: tuple[GapRow, ...] = ()
    arrows: tuple[ArrowRow, ...] = ()

    @property
    def height(self) -> int:
        """Room for every row of every lane, and for the periods' labels above them."""
        slots = {placement.slot for _, placement in (*self.events, *self.periods)}
        return ROW_HEIGHT * max(len(slots), 2)

    @property
    def left_out(self) -> list[str]:
        """The labels that fit nowhere whole (listed under the chart instead), in time order."""
        placed: list[tuple[EventRow | PeriodRow, Placement]] = [*self.events, *self.periods]
        missing = [row for row, placement in placed if placement.label_side == "none"]
        labels = {row.id: row.label for row in sorted(missing, key=lambda row: row.begin_s)}
        return [label for label in labels.values() if label]


@dataclass(frozen=True, slots=True)
class _Encodings:
    """What the layers of events share: time across (``x`` on ``x_scale``), rows down (``y``), a
    colour per group (``palette``), the legend's ``pick`` and the tooltip."""

    x_scale: alt.Scale
    x: alt.X
    y: alt.Y
    palette: alt.Scale
    pick: alt.Parameter
    tooltip: str
    """A Vega expression: the tooltip's object (``_tooltip``)."""


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
    reported: bool = False,
    changes: Diff | None = None,
) -> alt.LayerChart | alt.VConcatChart:
    """An Altair chart of ``timeline``, times shown in the zone ``tz``.

    One lane per value of ``group_by`` (kind, country, actor or tag; an event with several
    actors or tags appears in each of their lanes), coloured by ``color_by`` (default: the
    same). Ranges are bars, instants diamonds, date-only events pale day-wide bars with a
    dashed outline, approximate ones hollow. Tooltips give the local time at the place and
    the time in ``tz``. ``lang`` ('en' or 'de') picks the words, dates and event texts;
    ``theme`` ('light' or 'dark') the colours. ``overview`` adds a strip below the chart
    to brush a stretch of time, which the chart above then shows (for interactive pages).
    ``reported`` draws for each event the stretch to its first dated report. An event on whose
    values sources disagree has a thick dark outline and says "(disputed)"; its tooltip lists
    what each source says. ``changes`` (from ``timeline diff``) marks what became of each
    event between two versions: removed ones faded, added ones with a halo, moved ones with an
    arrow from their old start.
    """
    options = replace(
        _checked(tz, group_by, color_by, width, lang, theme, overview),
        reported=reported,
        changes=changes,
    )
    if len(timeline) > DETAIL_LIMIT:  # too many marks to read or to draw: counts instead
        return _density(timeline, title, options)
    return _drawing(timeline, title, options).chart


@dataclass(frozen=True, slots=True)
class _Drawing:
    """A chart of single events, with what it was drawn from."""

    chart: alt.LayerChart | alt.VConcatChart
    rows: list[EventRow]
    period_ids: dict[str, None]
    placed: _Placed
    options: _Options
    """The options it was drawn with, its time axis set."""
    keys: tuple[str, ...]
    """How to read it (``_keys``): under its title, and as text on the page."""


def _drawing(timeline: Timeline, title: str | None, options: _Options) -> _Drawing:
    options = replace(options, axis=_axis(list(timeline), options.zone))
    period_ids = _period_ids(timeline)
    rows = _event_rows(timeline, period_ids, options)
    frame = _time_frame(list(timeline), options)
    placed = _placed(timeline, rows, period_ids, frame, options)
    if options.reported and options.axis.type == "T":  # reports are days in the calendar
        placed = replace(placed, gaps=tuple(_gaps(timeline, placed.events, options.zone)))
    if options.changes is not None and options.axis.type == "T":
        placed = replace(placed, arrows=tuple(_arrows(placed.events, options)))
    encodings = _encodings(rows, frame, placed.left_out, options)
    data = alt.Data(values=_vega_values(placed.events))  # type: ignore[no-untyped-call]
    ranges = _ranges(timeline, placed, frame, options.axis, encodings.palette)
    layers = _layers(data, placed, encodings, frame, options, ranges)
    detail = alt.layer(*layers).properties(width=options.width, height=placed.height)
    strip = _overview(data, frame, encodings.palette, options) if options.overview else None
    whole = detail if strip is None else alt.vconcat(detail, strip)
    keys = tuple(_keys(timeline, placed, frame, options))
    chart = _titled(whole, timeline, title, keys, options)
    return _Drawing(chart, rows, period_ids, placed, options, keys)


PAGE_WIDTHS = (1440, 1120, 880, 680, 520, 400)
"""Widths of the plot the HTML page has a layout for, widest first: it draws the widest that
fits, stretched to the room it has (a layout that fits a width fits any wider one)."""


@dataclass(frozen=True, slots=True)
class PageChart:
    """The chart as the HTML page draws it, at any width.

    ``spec`` (without its title, which the page writes as text) is laid out for the first of
    ``widths``; ``overlays[i]`` holds what changes for ``widths[i]`` (rows, heights, the legend's
    columns): nested objects whose keys are the spec's keys, or list indexes written as text.
    ``rows`` are the events drawn (one per event and lane), the widths the narrowest first is
    left out where labels would take too many rows. For the density view, ``widths`` is empty.
    """

    spec: dict[str, Any]
    widths: tuple[int, ...]
    overlays: tuple[dict[str, Any], ...]
    rows: tuple[EventRow, ...]
    period_ids: tuple[str, ...]
    colours: dict[str, str]
    """The colour of each ``EventRow.color`` group."""
    notes: tuple[str, ...] = ()
    """How to read the chart: its keys and notes (the density view's own notes, for it)."""


def page_chart(
    timeline: Timeline,
    *,
    tz: str = "UTC",
    group_by: GroupBy = "kind",
    color_by: GroupBy | None = None,
    title: str | None = None,
    lang: str = "en",
    theme: str = "light",
    overview: bool = True,
    widths: Sequence[int] = PAGE_WIDTHS,
    reported: bool = False,
    changes: Diff | None = None,
    width: int | None = None,
) -> PageChart:
    """``build_chart`` for the HTML page: its spec at the first of ``widths``, and how it changes
    at each of the others. Altair draws it once; the other layouts are placements only. ``width``
    is the static chart's and has no part here (the page takes the room it is given)."""
    del width
    options = replace(
        _checked(tz, group_by, color_by, max(widths), lang, theme, overview),
        reported=reported,
        changes=changes,
    )
    if len(timeline) > DETAIL_LIMIT:
        spec = _density(timeline, title, options).to_dict()
        heading = spec.pop("title", {})
        notes = heading.get("subtitle", []) if isinstance(heading, dict) else []
        return PageChart(spec, (), (), (), (), {}, tuple(notes))
    drawing = _drawing(timeline, title, options)
    options = drawing.options
    spec = drawing.chart.to_dict()
    spec.pop("title", None)  # the page writes it as text, which wraps
    base = _Variant.of(drawing.placed, drawing.rows, options)
    kept: list[int] = [options.width]
    overlays: list[dict[str, Any]] = [{}]
    for width in sorted(widths, reverse=True)[1:]:
        narrower = replace(options, width=width)
        frame = _time_frame(list(timeline), narrower)
        placed = _placed(timeline, drawing.rows, drawing.period_ids, frame, narrower)
        if placed.unlabelled != drawing.placed.unlabelled:
            break  # too many rows to label: narrower still, the page lists the events instead
        variant = _Variant.of(placed, drawing.rows, narrower)
        kept.append(width)
        overlays.append(_overlay(spec, variant.respec(spec, base)))
    groups = _colour_order({row.color for row in drawing.rows}, options.color_by, options.words)
    palette = dict(zip(groups, _colours_of(groups, options), strict=True))
    return PageChart(
        spec,
        tuple(kept),
        tuple(overlays),
        tuple(row for row, _ in drawing.placed.events),
        tuple(drawing.period_ids),
        palette,
        drawing.keys,
    )


@dataclass(frozen=True, slots=True)
class _Variant:
    """What of a chart's spec depends on its width: placements, heights, the legend's columns,
    the labels listed under the axis."""

    width: int
    height: int
    events: list[dict[str, Any]]
    periods: list[dict[str, Any]]
    links: list[dict[str, Any]]
    legend_columns: int
    axis_title: str | list[str]

    @classmethod
    def of(cls, placed: _Placed, rows: list[EventRow], options: _Options) -> _Variant:
        groups = _colour_order({row.color for row in rows}, options.color_by, options.words)
        palette = alt.Scale(domain=groups)
        title = _axis_title(placed.left_out, options)
        return cls(
            width=options.width,
            height=placed.height,
            events=_vega_values(placed.events),
            periods=_vega_values(placed.periods),
            links=[link.for_vega() for link in placed.links],
            legend_columns=_legend_columns(palette, options.width),
            axis_title=title[0] if len(title) == 1 else title,
        )

    def respec(self, spec: Any, base: _Variant, key: str = "") -> Any:
        """``spec`` (drawn as ``base``) as drawn with this variant's values."""
        if isinstance(spec, list):
            return [self.respec(item, base) for item in spec]
        if not isinstance(spec, dict):
            return spec
        out: dict[str, Any] = {}
        for name, value in spec.items():
            match name, value:
                case "values", list() if key == "data":
                    out[name] = self._values(value, base)
                case "width", base.width:
                    out[name] = self.width
                case "height", base.height:
                    out[name] = self.height
                case "columns", base.legend_columns if key == "legend":
                    out[name] = self.legend_columns
                case "title", base.axis_title if key == "axis":
                    out[name] = self.axis_title
                case _:
                    out[name] = self.respec(value, base, name)
        return out

    def _values(self, values: list[dict[str, Any]], base: _Variant) -> list[dict[str, Any]]:
        for mine, theirs in ((self.events, base.events), (self.periods, base.periods)):
            if values == theirs:
                return mine
        return self.links if values == base.links else values


def _overlay(base: Any, other: Any) -> Any:
    """What differs in ``other`` from ``base``, as the page's script merges it (``PageChart``)."""
    if isinstance(base, dict) and isinstance(other, dict) and base.keys() == other.keys():
        return {key: _overlay(base[key], other[key]) for key in base if base[key] != other[key]}
    if isinstance(base, list) and isinstance(other, list) and len(base) == len(other):
        return {
            str(index): _overlay(mine, theirs)
            for index, (mine, theirs) in enumerate(zip(base, other, strict=True))
            if mine != theirs
        }
    return other


def merged(spec: Any, overlay: Any) -> Any:
    """``spec`` with ``overlay`` merged in: what the page's script does (for tests)."""
    if not isinstance(overlay, dict):
        return overlay
    if isinstance(spec, list):
        return [
            merged(item, overlay[str(i)]) if str(i) in overlay else item
            for i, item in enumerate(spec)
        ]
    return {**spec, **{key: merged(spec.get(key), value) for key, value in overlay.items()}}


def _axis(events: Sequence[Event], zone: str) -> Axis:
    """A time axis while every event is inside the calendar; else years, told in years ago
    when the events reach ``DEEP_YEARS`` back."""
    if all(p.in_calendar or p.is_open for e in events for p in (e.start, e.end) if p):
        return Axis("T", zone)
    earliest = min(_finite(e.possible[0], e.bounds[0]) for e in events)
    ago = 1970 + earliest / SECONDS_PER_YEAR <= locale.PRESENT - locale.DEEP_YEARS
    return Axis("Q", zone, ago=ago)


def _finite(value: float, fallback: float) -> float:
    return value if math.isfinite(value) else fallback


def _checked(
    tz: str,
    group_by: str,
    color_by: str | None,
    width: int,
    lang: str,
    theme: str,
    overview: bool,
) -> _Options:
    """The options, each checked: an unknown zone, language, theme or grouping is an error."""
    return _Options(
        zone=load_zone(tz).key,
        words=check_lang(lang),
        look=themes.theme(theme),
        group_by=check_group_by(group_by),
        color_by=check_group_by(color_by or group_by, "color_by"),
        width=width,
        overview=overview,
    )


def _density(timeline: Timeline, title: str | None, options: _Options) -> alt.LayerChart:
    """The density view (counts of events per lane and stretch of time), drawn instead of single
    events when there are too many to read or to draw."""
    return density_view(
        DensityColumns.of_timeline(timeline, options.group_by),
        texts=timeline,
        actors=timeline.actors,
        group_by=options.group_by,
        tz=options.zone,
        width=options.width,
        title=title,
        lang=options.words,
        theme=options.look.name,
    )


def _event_rows(
    timeline: Timeline, period_ids: dict[str, None], options: _Options
) -> list[EventRow]:
    """A row for each event in each of its lanes, coloured by its first ``color_by`` group."""
    actors, words = timeline.actors, options.words
    return [
        _event_row(
            event,
            timeline,
            lane,
            group_labels(event, actors, options.color_by, words)[0],
            options,
            period=event.id in period_ids,
        )
        for event in timeline
        for lane in group_labels(event, actors, options.group_by, words)
    ]


def _time_frame(events: Sequence[Event], options: _Options) -> _TimeFrame:
    """The time range the chart shows, padded, and where an HTML page opens on it."""
    calendar = options.axis.type == "T"
    reports = (
        [day for e in events if (day := _report_day(e)) is not None]
        if options.reported and calendar
        else []
    )
    also = [moment.timestamp() for day in reports for moment in day]
    if options.changes is not None:  # where moved events were
        also += [change.was for change in options.changes.changes if change.was is not None]
    begin, finish = _domain(events, options.axis, also=also)
    whole = Scale(begin, finish, options.width)
    focus = _focus(events, options.zone) if options.overview and calendar else None
    # labels fit where the page opens (the focus) and over the whole range
    opening = (Scale(focus[0].timestamp(), focus[1].timestamp(), options.width),) if focus else ()
    domain = [options.axis.position(begin), options.axis.position(finish)]
    return _TimeFrame(domain, focus, (*opening, whole))


def _placed(
    timeline: Timeline,
    rows: list[EventRow],
    period_ids: dict[str, None],
    frame: _TimeFrame,
    options: _Options,
) -> _Placed:
    """Every mark and label placed so that none overlap at any of the frame's scales; when the
    labels would take too many rows, the events' marks alone, without periods or links."""
    events = list(zip(rows, pack_events(rows, *frame.scales), strict=True))
    if len({placement.slot for _, placement in events}) > LABELLED_ROWS:
        # Labelled, the chart would be metres tall: marks only, packed tighter; and hundreds of
        # bands and connectors would only be a tangle of lines.
        bare = [replace(row, label="") for row in rows]
        events = list(zip(bare, pack_events(bare, *frame.scales), strict=True))
        return _Placed(events, periods=[], links=[], unlabelled=True)
    periods = _periods(timeline, period_ids, rows, options.axis, options.words)
    return _Placed(
        events,
        periods=list(zip(periods, pack_periods(periods, *frame.scales), strict=True)),
        links=_links(timeline, events, options.words),
        unlabelled=False,
    )


def _encodings(
    rows: list[EventRow], frame: _TimeFrame, left_out: list[str], options: _Options
) -> _Encodings:
    """Time across (the brush's stretch of it, with an overview strip), lanes down, a colour per
    group, the legend that picks groups, and the tooltip. Labels ``left_out`` for lack of room
    are listed under the time axis, so that none is drawn cut off."""
    axis = options.axis
    x_scale = alt.Scale(
        type="utc" if axis.type == "T" else "linear",
        domain={"param": "brush", "encoding": "x"} if options.overview else frame.domain,
        # years: exactly the events' range, not widened to round numbers nor to zero
        zero=alt.Undefined if axis.type == "T" else False,
        nice=alt.Undefined if axis.type == "T" else False,
    )
    x = alt.X(f"begin:{axis.type}", scale=x_scale, axis=_time_axis(frame, left_out, options))
    # One explicit domain for fill and outline, so that both map a group to the same colour.
    groups = _colour_order({row.color for row in rows}, options.color_by, options.words)
    palette = alt.Scale(
        domain=groups, range=_colours(groups, options.color_by, options.look, options.words)
    )
    pick = alt.selection_point(fields=["color"], bind="legend", name="pick", toggle="true")
    tooltip = _tooltip(options.zone, options.words)
    return _Encodings(x_scale, x, _rows_axis("slot"), palette, pick, tooltip)


def _time_axis(frame: _TimeFrame, left_out: list[str], options: _Options) -> alt.Axis:
    """The axis of time: dates in the display zone, or years ("490 BCE", "13.8 billion years
    ago") on ticks at round numbers of them; its title lists the labels ``left_out``."""
    words, axis = options.words, options.axis
    if axis.type == "T":
        return alt.Axis(
            title=_axis_title(left_out, options),
            format=locale.axis_time_formats(words),
            formatType="time",
            labelOverlap=True,
            grid=True,
        )
    low, high = (float(end) for end in frame.domain)
    return alt.Axis(
        title=_axis_title(left_out, options),
        values=_year_ticks(low, high, axis.ago),
        labelExpr=_year_label(words, axis.ago),
        labelOverlap=True,
        grid=True,
    )


def _year_ticks(low: float, high: float, ago: bool) -> list[float]:
    """Ticks at round numbers of years ago, or of years BCE and CE (a year BCE n is year
    1 - n: there is no year 0 between 1 BCE and 1 CE)."""
    step = 10 ** math.floor(math.log10(max(high - low, 1) / 4))
    for factor in (1, 2, 5, 10):
        if (high - low) / (step * factor) <= 8:
            step *= factor
            break
    if ago:
        present = locale.PRESENT
        first = max(math.ceil((present - high) / step), 1)  # "0 years ago" would say nothing
        last = math.floor((present - low) / step)
        return [present - n * step for n in range(last, first - 1, -1)]
    ticks = []
    for n in range(math.floor(low / step) - 1, math.ceil(high / step) + 2):
        year = n * step
        tick = year if year > 0 else 1 + year  # n·step BCE is year 1 - n·step
        if low <= tick <= high and (year != 0):
            ticks.append(float(tick))
    return ticks


def _year_label(words: Lang, ago: bool) -> str:
    """A Vega expression writing a year on the axis in ``words``: "490 BCE", "1 CE";
    "13.8 billion years ago" (the words as ``words.point_text`` has them)."""

    def said(key: str, value: str) -> str:
        before, _, after = locale.term(key, words, count="\x00", year="\x00").partition("\x00")
        return f"'{before}' + {value} + '{after}'"

    if ago:
        count = f"({locale.PRESENT} - datum.value)"
        billions = said("years_ago", said("billion", f"format({count} / 1e9, '.3~r')"))
        millions = said("years_ago", said("million", f"format({count} / 1e6, '.3~r')"))
        plain = said("years_ago", f"format({count}, ',.0f')")
        return f"{count} >= 1e9 ? {billions} : {count} >= 1e6 ? {millions} : {plain}"
    bce = said("bce", "format(1 - datum.value, 'd')")
    return f"datum.value < 1 ? {bce} : format(datum.value, 'd')"


def _layers(
    data: alt.Data,
    placed: _Placed,
    encodings: _Encodings,
    frame: _TimeFrame,
    options: _Options,
    ranges: list[dict[str, Any]],
) -> list[alt.Chart]:
    """The chart's layers, back to front: lane bands, periods, links, first reports, what
    uncertain dates allow, events, their labels."""
    base = (
        alt.Chart(data)
        .transform_calculate(tooltip=encodings.tooltip)
        .encode(y=encodings.y, tooltip=alt.Tooltip("tooltip:N"))
    )
    t = options.axis.type
    layers = [
        _lane_bands(data, encodings.y, options.look),
        *_period_layers(placed.periods, encodings.y, encodings.x_scale, options.look, t),
        *_link_layers(placed.links, encodings.x_scale, options.look, options.words, t),
        *_gap_layers(placed.gaps, encodings, options),
        *_range_layers(ranges, encodings),
        *_added_layers(base, encodings, options),
        *_event_layers(base, encodings, options),
        *_arrow_layers(placed.arrows, encodings, options),
    ]
    # with no brush, the chart's time range is its data's: pad it as without one
    if options.overview:
        ends = [{"begin": end} for end in frame.domain]
        padding = alt.Data(values=ends)  # type: ignore[no-untyped-call]
        layers.append(alt.Chart(padding).mark_point(opacity=0).encode(x=encodings.x))
    return layers + _label_layers(base, encodings, options.look, t)


def _axis_title(left_out: list[str], options: _Options) -> str | list[str]:
    """The time axis's name, then the labels left out for lack of room, in lines."""
    axis, words = options.axis, options.words
    if axis.type == "T":
        name = locale.term("time_axis", words, zone=options.zone)
    else:
        name = locale.term("ago_axis" if axis.ago else "year_axis", words)
    if not left_out:
        return name
    listed = locale.term("left_out", options.words, labels="; ".join(left_out))
    return [name, *_wrapped(listed, options.width)]


def _lane_bands(data: alt.Data, y: alt.Y, look: Theme) -> alt.Chart:
    """A pale band behind every other lane (one rect per row of it), to tell lanes apart."""
    bands: alt.Chart = (
        alt.Chart(data)
        .mark_rect(opacity=0.05, color=look.band)
        .encode(y=y)
        .transform_filter("datum.lane_index % 2 == 0")
        .transform_aggregate(groupby=["slot"])
    )
    return bands


def _event_layers(base: alt.Chart, encodings: _Encodings, options: _Options) -> list[alt.Chart]:
    """Bars for spans and diamonds for moments, in their group's colour (hollow when approximate,
    pale and dashed when date-only), faded when the legend picks another group."""
    look, palette = options.look, encodings.palette
    fill = alt.condition(
        "datum.approximate",
        alt.value(look.background),
        alt.Fill(
            "color:N",
            title=locale.term(f"group_{options.color_by}", options.words),
            scale=palette,
            legend=alt.Legend(
                orient="top", symbolOpacity=1, columns=_legend_columns(palette, options.width)
            ),
        ),
    )
    # a disputed event: a thick outline in the text's colour, whatever its group's colour
    stroke = alt.condition(
        "datum.disputed", alt.value(look.text), alt.Stroke("color:N", legend=None, scale=palette)
    )
    outline = alt.condition("datum.disputed", alt.value(DISPUTED_OUTLINE), alt.value(1.4))
    # Only the fill of a date-only mark is pale: its outline keeps the colour's full contrast.
    pale = alt.FillOpacity("alpha:Q", scale=None, legend=None)
    faded = alt.condition(encodings.pick, alt.value(1.0), alt.value(FADED))
    if options.changes is not None:  # an event the new version removed: faint, mark and outline
        base = base.transform_calculate(fade=f"datum.change === 'removed' ? {REMOVED_FADE} : 1")
        faded = alt.condition(
            encodings.pick, alt.Opacity("fade:Q", scale=None, legend=None), alt.value(FADED)
        )
    dash = alt.condition("datum.date_only", alt.value([3, 2]), alt.value([1, 0]))
    zoom = alt.selection_interval(bind="scales", encodings=["x"], name="zoom")
    bars = (
        base.mark_bar(
            clip=True, height=ROW_HEIGHT * 0.55, cornerRadius=2, strokeWidth=1.4, cursor="pointer"
        )
        .encode(
            x=encodings.x,
            x2=f"finish:{options.axis.type}",
            fill=fill,
            fillOpacity=pale,
            stroke=stroke,
            strokeWidth=outline,
            opacity=faded,
            strokeDash=dash,
        )
        .transform_filter("datum.shape == 'bar'")
        # with an overview strip, its brush sets the time range instead
        .add_params(encodings.pick, *([] if options.overview else [zoom]))
        .properties(name="events")  # a fixed name: Altair's own carries a per-process counter
    )
    points = (
        base.mark_point(
            clip=True, filled=True, size=120, shape="diamond", strokeWidth=1.6, cursor="pointer"
        )
        .encode(
            x=encodings.x,
            fill=fill,
            fillOpacity=pale,
            stroke=stroke,
            strokeWidth=outline,
            opacity=faded,
        )
        .transform_filter("datum.shape == 'point'")
    )
    return [bars, points]


def _label_layers(
    base: alt.Chart, encodings: _Encodings, look: Theme, t: str = "T"
) -> list[alt.Chart]:
    """Each event's label, on the side of its mark the layout chose."""
    opacity = alt.condition(encodings.pick, alt.value(1.0), alt.value(FADED * 2))
    layers = []
    for side, anchor, align, dx in _LABEL_SIDES:
        text = base.encode(
            x=alt.X(f"{anchor}:{t}", scale=encodings.x_scale), text="label:N"
        ).transform_filter(f"datum.label_side == '{side}' && datum.label")
        # a halo in the background colour keeps labels legible over connectors and grid lines
        halo = text.mark_text(
            clip=True,
            align=align,
            baseline="middle",
            dx=dx,
            fontSize=FONT_SIZE,
            stroke=look.background,
            strokeWidth=3,
            strokeJoin="round",
        )
        ink = text.mark_text(
            clip=True, align=align, baseline="middle", dx=dx, fontSize=FONT_SIZE, color=look.text
        )
        layers += [halo.encode(opacity=opacity), ink.encode(opacity=opacity)]
    return layers


def _titled(
    chart: alt.LayerChart | alt.FacetChart | alt.VConcatChart,
    timeline: Timeline,
    title: str | None,
    keys: Sequence[str],
    options: _Options,
) -> alt.LayerChart | alt.VConcatChart:
    """``chart`` with its title, the notes under it (its ``keys``: how to read it, why its marks
    have no labels, or why it opens on a part of the time), a description for screen readers,
    and the theme."""
    words = options.words
    heading = title or locale.timeline_title(timeline, words) or locale.term("untitled", words)
    notes = [locale.term("subtitle", words, zone=options.zone), *keys]
    if options.changes is not None and title is None:
        names = {
            key: PurePath(path).name
            for key, path in (("old", options.changes.old), ("new", options.changes.new))
        }
        heading = locale.term("changes_title", words, **names)
    # as wide as the chart with its lane names: a narrow chart's notes are not cut off
    lines = [line for note in notes for line in _wrapped(note, options.width + LANE_NAMES)]
    described = chart.properties(
        title=alt.Title(heading, subtitle=lines, anchor="start"),
        description=_description(timeline, options.zone, words),
    )
    configured: alt.LayerChart | alt.VConcatChart = described.configure(
        **options.look.config(words)
    )
    return configured


def _keys(timeline: Timeline, placed: _Placed, frame: _TimeFrame, options: _Options) -> list[str]:
    """How to read the chart's marks, lines and what it leaves out, as notes under its title
    (the page shows them as text)."""
    words = options.words
    notes = [locale.term("key", words)]
    if any(not (e.start.is_plain and (e.end is None or e.end.is_plain)) for e in timeline):
        notes.append(locale.term("key_uncertain", words))
    if any(row.disputed for row, _ in placed.events):
        notes.append(locale.term("disputed_key", words))
    if placed.gaps:
        notes.append(locale.term("reported_key", words))
    if options.changes is not None:
        counts = options.changes.counts()
        summary = locale.term(
            "changes_summary", words, unchanged=options.changes.unchanged, **counts
        )
        notes += [summary, locale.term("changes_key", words)]
    if placed.unlabelled:
        notes.append(locale.term("unlabelled", words, count=len(placed.events)))
    if frame.focus:
        notes.append(locale.term("focused", words))
    return notes


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
    data: alt.Data, frame: _TimeFrame, palette: alt.Scale, options: _Options
) -> alt.Chart:
    """A strip of every event on the whole time range, where a brush picks what the chart shows
    (at first the focus, if there is one)."""
    focus = frame.focus
    brush = alt.selection_interval(
        encodings=["x"],
        name="brush",
        value={"x": [_vega_datetime(moment) for moment in focus]} if focus else alt.Undefined,
    )
    date_format = locale.axis_date_format(options.words).replace(" %Y", "")
    calendar = options.axis.type == "T"
    x = alt.X(
        f"begin:{options.axis.type}",
        scale=alt.Scale(type="utc", domain=frame.domain)
        if calendar
        else alt.Scale(type="linear", domain=frame.domain, zero=False, nice=False),
        axis=alt.Axis(title=None, grid=False, format=date_format)
        if calendar
        else alt.Axis(
            title=None,
            grid=False,
            values=_year_ticks(float(frame.domain[0]), float(frame.domain[1]), options.axis.ago),
            labelExpr=_year_label(options.words, options.axis.ago),
        ),
    )
    strip: alt.Chart = (
        alt.Chart(data)
        .mark_tick(thickness=2, opacity=0.8)
        .encode(x=x, color=alt.Color("color:N", scale=palette, legend=None))
        .add_params(brush)
        .properties(width=options.width, height=36, name="overview")
    )
    return strip


def _wrapped(text: str, width: float) -> list[str]:
    """``text`` in lines that fit ``width`` pixels (at the average width of a character)."""
    return textwrap.wrap(text, width=max(int(width / CHAR_WIDTH), 20), break_on_hyphens=False)


def _colour_order(groups: set[str], by: GroupBy, words: Lang) -> list[str]:
    """Groups in a fixed order, so that a group keeps its colour when others are filtered out:
    kinds as documented, anything else alphabetically, "—" (none) last."""
    if by == "kind":
        order = [locale.kind_label(kind, words) for kind in Kind]
        return [label for label in order if label in groups]
    none = locale.term("none", words)
    return sorted(groups - {none}) + ([none] if none in groups else [])


def _colours_of(groups: list[str], options: _Options) -> list[str]:
    return _colours(groups, options.color_by, options.look, options.words)


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


def _tooltip(zone: str, words: Lang) -> str:
    """The tooltip as a Vega expression making an object of title → text: an event's claims,
    first report and change are in it only when it has them (a list of fields would show the
    missing ones as "undefined")."""
    always = [
        ("title", "tooltip_event"),
        ("kind_label", "tooltip_kind"),
        ("local_time", "tooltip_local_time"),
        ("display_time", "tooltip_display_time"),
        ("place", "tooltip_place"),
        ("participants", "tooltip_participants"),
        ("sources", "tooltip_sources"),
    ]
    if_there = [
        ("claims", "tooltip_claims"),
        ("reported", "tooltip_reported"),
        ("change_text", "tooltip_change"),
    ]

    def entry(field: str, key: str) -> str:
        return f"{json.dumps(locale.term(key, words, zone=zone))}: datum[{json.dumps(field)}]"

    parts = ["{" + ", ".join(entry(field, key) for field, key in always) + "}"]
    parts += [f"isValid(datum[{json.dumps(f)}]) ? {{{entry(f, k)}}} : {{}}" for f, k in if_there]
    return f"merge({', '.join(parts)})"


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


def _domain(events: Sequence[Event], axis: Axis, also: Sequence[float] = ()) -> tuple[float, float]:
    """The stretch of time the chart shows (seconds since 1970): every event, all that its
    dates allow, and the moments ``also`` (first reports, where moved events were), padded."""
    if not events:
        now = pendulum.datetime(2000, 1, 1, tz=axis.zone).timestamp()
        return now, now + 86400
    begin = min(min(_finite(e.possible[0], e.bounds[0]), e.bounds[0]) for e in events)
    finish = max(max(_finite(e.possible[1], e.bounds[1]), e.bounds[1]) for e in events)
    begin, finish = min([begin, *also]), max([finish, *also])
    pad = max((finish - begin) * 0.03, 3600.0)
    if axis.type == "Q":
        return begin - pad, finish + pad
    # Padding stops a day short of the calendar's ends (years 1 and 9999), as event times do.
    return max(begin - pad, FIRST_DAY.timestamp()), min(finish + pad, LAST_DAY.timestamp())


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
    spans = sorted(e.bounds for e in events)
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


def _label(text: str, event: Event | None, words: Lang, change: str | None = None) -> str:
    """The label drawn by a mark: its title (cut at ``LABEL_MAX``), then in brackets what its
    dates say of themselves ("~ ca.", "? uncertain"), "disputed", and in a chart of two
    versions what became of it."""
    short = text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1] + "…"
    marks = []
    if event is not None:
        if suffix := locale.label_suffix(event, words):
            marks.append(suffix.removeprefix("(").removesuffix(")"))
        marks += [locale.term("disputed", words)] * event.disputed
    marks += [locale.term(f"change_{change}", words)] if change else []
    return f"{short} ({', '.join(marks)})" if marks else short


def _event_row(
    event: Event, timeline: Timeline, lane: str, color: str, options: _Options, *, period: bool
) -> EventRow:
    begin, finish = event.bounds
    timed_instant = not event.is_date_only and event.end is None
    words, axis = options.words, options.axis
    title = locale.event_title(event, words, timeline.language)
    kind_label = locale.kind_label(event.kind, words)
    change = options.change_of(event.id)
    status = change.status if change is not None else None
    label = _label(title, event, words, status)
    if options.color_by == "kind" != options.group_by:  # kinds told apart by more than colour
        label = f"{label} · {kind_label}"
    return EventRow(
        id=event.id,
        title=title,
        # a period is labelled once, on its band, not again in its lane
        label="" if period else label,
        kind=event.kind.value,
        kind_label=kind_label,
        lane=lane,
        color=color,
        begin=axis.position(begin),
        finish=axis.position(finish),
        shape="point" if timed_instant else "bar",
        date_only=event.is_date_only,
        approximate=event.approximate,
        # X digits: no day likelier than another, so all of it faint
        alpha=FAINT if event.start.likeliest is None else 0.45 if event.is_date_only else 0.95,
        local_time=locale.local_time_text(event, words),
        display_time=locale.display_time_text(event, options.zone, words),
        place=locale.place_text(event, words, timeline.language),
        participants=", ".join(timeline.actors[a].name for a in event.participants),
        sources=_sources(event, words),
        url=event.sources[0].url if event.sources else None,
        disputed=event.disputed,
        claims=locale.claims_text(event, words, timeline.actors, timeline.language),
        reported=locale.reported_text(event, words),
        change=status,
        change_text=locale.change_text(change, words) if change is not None else None,
        begin_s=begin,
        finish_s=finish,
    )


def _sources(event: Event, words: Lang) -> str:
    if not event.sources:
        return ""
    names = ", ".join(locale.source_name(s) for s in event.sources)
    return f"{names} ({locale.term('tooltip_open', words)})"


def _report_day(event: Event) -> tuple[pendulum.DateTime, pendulum.DateTime] | None:
    """The day of the event's first dated report, as that day at the place (start, end)."""
    report = first_report(event)
    if report is None or report.source.published is None:
        return None
    day = report.source.published
    begin = pendulum.datetime(day.year, day.month, day.day, tz=event.timezone)
    return begin, begin.add(days=1)


def _gaps(timeline: Timeline, events: list[tuple[EventRow, Placement]], zone: str) -> list[GapRow]:
    """For each event with a dated report, the stretch from it to that report's day, on the
    event's first row: a line from where it ends to that day (from that day to where it begins,
    for a report before it), and the day itself."""
    gaps = []
    drawn: set[str] = set()
    for row, placement in events:
        if row.id in drawn or row.reported is None:
            continue
        drawn.add(row.id)
        event = timeline[row.id]
        day = _report_day(event)
        report = first_report(event)
        if day is None or report is None:
            continue
        begin, finish = event.span
        start, end = (moment.in_timezone(zone) for moment in day)
        if start >= finish:
            x, x2 = finish.in_timezone(zone), start
        elif end <= begin:
            x, x2 = end, begin.in_timezone(zone)
        else:  # reported within the event's own day: the day alone
            x = x2 = start
        gaps.append(
            GapRow(
                id=row.id,
                title=row.title,
                reported=row.reported,
                slot=placement.slot,
                x=_vega_time(x),
                x2=_vega_time(x2),
                day=_vega_time(start),
                day_end=_vega_time(end),
                dashed=report.at_the_latest,
            )
        )
    return gaps


def _under_rows(
    rows: Sequence[GapRow | ArrowRow], field: str, key: str, options: _Options
) -> alt.Chart:
    """The base of a layer drawn along the bottom of its events' rows (``UNDER_ROW`` below their
    middle, under their labels), its tooltip the event and ``field`` (titled by term ``key``)."""
    data = alt.Data(values=[row.for_vega() for row in rows])  # type: ignore[no-untyped-call]
    tooltip = [
        alt.Tooltip("title:N", title=locale.term("tooltip_event", options.words)),
        alt.Tooltip(f"{field}:N", title=locale.term(key, options.words)),
    ]
    return alt.Chart(data).encode(y=_rows_axis("slot"), tooltip=tooltip)


def _gap_layers(
    gaps: Sequence[GapRow], encodings: _Encodings, options: _Options
) -> list[alt.Chart]:
    """Each gap as a thin line along the bottom of its event's row, ending in its report's day."""
    if not gaps:
        return []
    base, look = _under_rows(gaps, "reported", "tooltip_reported", options), options.look
    line = base.mark_rule(clip=True, color=look.muted, strokeWidth=1.2, yOffset=UNDER_ROW).encode(
        x=alt.X("x:T", scale=encodings.x_scale),
        x2="x2:T",
        strokeDash=alt.condition("datum.dashed", alt.value([4, 3]), alt.value([1, 0])),
    )
    day = base.mark_bar(
        clip=True, color=look.muted, height=3, yOffset=UNDER_ROW, opacity=0.75
    ).encode(x=alt.X("day:T", scale=encodings.x_scale), x2="day_end:T")
    return [line, day]


def _periods(
    timeline: Timeline, period_ids: dict[str, None], rows: list[EventRow], axis: Axis, words: Lang
) -> list[PeriodRow]:
    """One row per period (``_period_ids``), labelled with its title as drawn (and, in a chart
    of two versions, what became of it)."""
    titles = {row.id: row.title for row in rows}
    changes = {row.id: row.change for row in rows if row.change is not None}
    periods = []
    for parent in period_ids:
        event = timeline[parent]
        begin, finish = event.bounds
        periods.append(
            PeriodRow(
                id=event.id,
                label=_label(titles[event.id], None, words, changes.get(event.id)),
                begin=axis.position(begin),
                finish=axis.position(finish),
                shape="bar",
                begin_s=begin,
                finish_s=finish,
            )
        )
    return periods


def _ranges(
    timeline: Timeline, placed: _Placed, frame: _TimeFrame, axis: Axis, palette: alt.Scale
) -> list[dict[str, Any]]:
    """A faint bar for each event whose dates allow more than they name (``Event.possible``
    beyond ``Event.bounds``: ?, ~, % and open ends), in each of its rows."""
    whole = frame.scales[-1]
    colours = dict(zip(palette.domain, palette.range, strict=True))
    ranges = []
    for row, placement in placed.events:
        event = timeline[row.id]
        earliest, latest = event.possible
        if (earliest, latest) == event.bounds:
            continue
        ranges.append(
            {
                "slot": placement.slot,
                "fill": colours[row.color],
                "begin": axis.position(max(earliest, whole.t0)),
                "finish": axis.position(min(latest, whole.t1)),
            }
        )
    return ranges


def _range_layers(ranges: list[dict[str, Any]], encodings: _Encodings) -> list[alt.Chart]:
    """What uncertain dates allow, faint, behind the events' own marks."""
    if not ranges:
        return []
    data = alt.Data(values=ranges)  # type: ignore[no-untyped-call]
    faint: alt.Chart = (
        alt.Chart(data)
        .mark_bar(clip=True, height=ROW_HEIGHT * 0.55, cornerRadius=2)
        .encode(
            opacity=alt.value(FAINT),
            x=encodings.x.copy(),
            x2=alt.X2("finish"),
            y=encodings.y,
            # the group's colour, with no legend; a fill channel here would take the legend's
            color=alt.Color("fill:N", scale=None),
        )
    )
    return [faint]


def _period_ids(timeline: Timeline) -> dict[str, None]:
    """The events that others in the timeline are ``part_of``, in time order (a dict: ordered,
    and quick to look up)."""
    return dict.fromkeys(e.part_of for e in timeline if e.part_of and e.part_of in timeline)


def _period_layers(
    periods: list[tuple[PeriodRow, Placement]],
    y: alt.Y,
    x_scale: alt.Scale,
    look: Theme,
    t: str = "T",
) -> list[alt.Chart]:
    """A band over every lane for each period, edged by dotted rules, labelled above the lanes."""
    if not periods:
        return []
    data = alt.Data(values=_vega_values(periods))  # type: ignore[no-untyped-call]
    x = alt.X(f"begin:{t}", scale=x_scale)
    band = (
        alt.Chart(data)
        .mark_rect(clip=True, opacity=0.07, color=look.band)
        .encode(x=x, x2=f"finish:{t}")  # no y: the band spans every lane
    )
    edge = alt.Chart(data).mark_rule(clip=True, color=look.muted, strokeDash=[2, 3], opacity=0.6)
    labels = [
        alt.Chart(data)
        .mark_text(
            clip=True, align=align, baseline="middle", dx=dx, fontSize=FONT_SIZE, fontStyle="italic"
        )
        .encode(x=alt.X(f"{anchor}:{t}", scale=x_scale), y=y, text="label:N")
        .encode(color=alt.value(look.muted))
        .transform_filter(f"datum.label_side == '{side}'")
        for side, anchor, align, dx in _LABEL_SIDES
    ]
    return [band, edge.encode(x=x), edge.encode(x=alt.X(f"finish:{t}", scale=x_scale)), *labels]


def _links(
    timeline: Timeline, events: list[tuple[EventRow, Placement]], words: Lang
) -> list[LinkRow]:
    """One row per relation whose both ends are drawn: from the earlier event to the later."""
    first: dict[str, tuple[EventRow, Placement]] = {}
    for row, placement in events:  # an event in several lanes is linked from its first lane
        first.setdefault(row.id, (row, placement))
    links = []
    for relation in timeline.relations:
        source, target = first.get(relation.source), first.get(relation.target)
        if source is None or target is None:
            continue
        (later, later_place), (earlier, earlier_place) = source, target
        if relation.kind == "part_of":  # straight up or down to the period, where it starts
            start = min(max(later.begin, earlier.begin), earlier.finish)
        else:  # from where the earlier event ends
            start = earlier.finish
        links.append(
            LinkRow(
                relation=locale.term(f"relation_{relation.kind}", words),
                x=start,
                y=earlier_place.slot,
                x2=later.begin,
                y2=later_place.slot,
            )
        )
    return links


def _link_layers(
    links: list[LinkRow], x_scale: alt.Scale, look: Theme, words: Lang, t: str = "T"
) -> list[alt.Chart]:
    """A connector for each relation, dashed by its kind, with a legend of the kinds."""
    if not links:
        return []
    kinds = [locale.term(f"relation_{k}", words) for k in ("follows", "responds_to", "part_of")]
    dash = alt.StrokeDash(
        "relation:N",
        title=locale.term("links", words),
        scale=alt.Scale(domain=kinds, range=[[1, 0], [6, 3], [1, 3]]),
        legend=alt.Legend(orient="bottom", symbolType="stroke", symbolStrokeColor=look.link),
    )
    data = alt.Data(values=[link.for_vega() for link in links])  # type: ignore[no-untyped-call]
    return [
        alt.Chart(data)
        .mark_rule(clip=True, color=look.link, strokeWidth=1.1)
        .encode(
            x=alt.X(f"x:{t}", scale=x_scale),
            x2=f"x2:{t}",
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
    """A plain-text account of the chart for screen readers: how many events, over what span
    (from the first to the last, with their titles), the busiest stretch, how many of each
    kind."""
    if not len(timeline):
        return locale.term("empty", words)
    first, last = timeline[0], timeline[-1]
    busiest, busiest_count = _busiest(timeline, zone, words)
    kinds = Counter(event.kind for event in timeline)
    by_kind = sorted(kinds, key=lambda kind: (-kinds[kind], list(Kind).index(kind)))
    return locale.term(
        "description",
        words,
        events=locale.count_text(len(timeline), words),
        # days as written at the place, as the list and the table give them
        first_time=_day_words(first.start, words),
        first_title=locale.event_title(first, words, timeline.language),
        last_time=_day_words(
            last.start if last.end is None or last.end.is_open else last.end, words
        ),
        last_title=locale.event_title(last, words, timeline.language),
        zone=zone,
        busiest=busiest,
        busiest_count=busiest_count,
        kinds=", ".join(f"{locale.kind_label(kind, words)} {kinds[kind]}" for kind in by_kind),
    )


def _day_words(point: TimePoint, words: Lang) -> str:
    """A start or end's day as the list writes it; an EDTF date as written ("autumn 2025",
    "490 BCE")."""
    return (
        locale.day_text(point.local, words) if point.is_plain else locale.point_text(point, words)
    )


def _busiest(timeline: Timeline, zone: str, words: Lang) -> tuple[str, int]:
    """The calendar stretch (a year, month, week or day, by the whole span) in which most events
    start, in the display zone, and how many do; the earliest of equals. Beyond the calendar
    (years before 1 or after 9999), the year most events start in."""
    if not all(event.start.in_calendar and not event.start.is_open for event in timeline):
        years = Counter(event.start.first_day[0] for event in timeline if not event.start.is_open)
        year, count = min(years.items(), key=lambda item: (-item[1], item[0]))
        return locale.year_words(year, words), count
    starts = [pendulum.from_timestamp(event.bounds[0], tz=zone) for event in timeline]
    days = (max(starts) - min(starts)).in_days()
    unit = "year" if days > 3 * 366 else "month" if days > 90 else "week" if days > 14 else "day"
    stretches = Counter(moment.start_of(unit) for moment in starts)
    begin, count = min(stretches.items(), key=lambda item: (-item[1], item[0]))
    if unit == "year":
        return str(begin.year), count
    if unit == "month":
        return locale.month_text(begin, words), count
    day = locale.day_text(begin, words)
    return (locale.term("week_of", words, day=day) if unit == "week" else day), count


# -- two versions compared (timeline diff --out) ------------------------------------------------


def _added_layers(base: alt.Chart, encodings: _Encodings, options: _Options) -> list[alt.Chart]:
    """A wide amber halo behind each event the new version added."""
    if options.changes is None:
        return []
    added = base.transform_filter("datum.change == 'added'")
    bars = added.mark_bar(
        height=ROW_HEIGHT * 0.55,
        cornerRadius=2,
        stroke=ADDED_HALO,
        strokeWidth=7,
        opacity=0.55,
        clip=True,
        fill=None,
    ).encode(x=encodings.x, x2=f"finish:{options.axis.type}")
    points = added.mark_point(
        size=120,
        shape="diamond",
        stroke=ADDED_HALO,
        strokeWidth=7,
        opacity=0.55,
        clip=True,
        fill=None,
    ).encode(x=encodings.x)
    return [
        bars.transform_filter("datum.shape == 'bar'"),
        points.transform_filter("datum.shape == 'point'"),
    ]


def _arrows(events: list[tuple[EventRow, Placement]], options: _Options) -> list[ArrowRow]:
    """For each event that moved, an arrow on its first row from its old start to its new one."""
    arrows, drawn = [], set()
    for row, placement in events:
        change = options.change_of(row.id)
        if change is None or change.was is None or change.moved is None or row.id in drawn:
            continue
        drawn.add(row.id)
        arrows.append(
            ArrowRow(
                id=row.id,
                title=row.title,
                change_text=row.change_text or "",
                slot=placement.slot,
                x=options.axis.position(change.was),
                x2=row.begin,
                direction=change.moved.direction,
            )
        )
    return arrows


def _arrow_layers(
    arrows: Sequence[ArrowRow], encodings: _Encodings, options: _Options
) -> list[alt.Chart]:
    """Each move as a line from the old start, a ring where the event was, and a head where it
    is now, pointing the way it moved (under the label, which the layout placed without it)."""
    if not arrows:
        return []
    base, look = _under_rows(arrows, "change_text", "tooltip_change", options), options.look
    line = base.mark_rule(clip=True, color=look.text, strokeWidth=1.4, yOffset=UNDER_ROW).encode(
        x=alt.X("x:T", scale=encodings.x_scale), x2="x2:T"
    )
    ring = base.mark_point(
        clip=True, color=look.text, size=30, shape="circle", yOffset=UNDER_ROW
    ).encode(x=alt.X("x:T", scale=encodings.x_scale))
    head = base.mark_point(
        clip=True, color=look.text, filled=True, size=50, yOffset=UNDER_ROW
    ).encode(
        x=alt.X("x2:T", scale=encodings.x_scale),
        shape=alt.Shape(
            "direction:N",
            scale=alt.Scale(domain=["later", "earlier"], range=["triangle-right", "triangle-left"]),
            legend=None,
        ),
    )
    return [line, ring, head]
