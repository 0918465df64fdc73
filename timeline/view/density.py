"""The density view of a large timeline: how many events each lane has in each stretch of time.

Above ``DETAIL_LIMIT`` events a chart of single marks is unreadable (and heavy: megabytes of
data in the page, minutes of label packing), so ``chart.build_chart`` draws this instead. The
counting is done by a query engine, not by Python loops: Polars here for a timeline held in
memory (``count_bins``), the table engine (``timeline.engine``) where the data is, for a file
or table too large to hold; both give the same ``BinCounts``, drawn here.

The chart says that it is aggregated and how to see single events: narrow the timeline (by
time, or by kind, actor, country or tag, with ``Timeline.filter``) below the limit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import altair as alt

from ..core.columns import (
    DETAIL_LIMIT,
    BinCounts,
    DensityColumns,
    bin_interval,
    density_rows,
)
from ..core.columns import (
    MAX_BINS as MAX_BINS,
)
from ..core.columns import (
    MAX_LANES as MAX_LANES,
)
from ..core.errors import TimelineError
from ..core.times import FIRST_DAY, LAST_DAY
from . import words
from .languages import Lang
from .themes import LIGHT, Theme


def density_of(
    columns: DensityColumns, *, tz: str, lang: Lang = "en"
) -> tuple[list[dict[str, Any]], str]:
    """Rows of (lane, bin start, bin end, events) and the bin's name ('day', 'month' …).

    An event counts in the bin where it starts (the start of its local day when date-only),
    once in each of its lanes. Bins are calendar units in the display zone ``tz``.
    """
    bins = count_bins(columns, tz=tz)
    return density_rows(bins, _other_label(lang)), bins.unit


def count_bins(columns: DensityColumns, *, tz: str) -> BinCounts:
    """The events of ``columns`` counted per lane and bin of wall time in ``tz`` (by Polars)."""
    import polars as pl

    if not columns.starts:
        return BinCounts("1d", "day", [], 0)
    first, last = min(columns.starts), max(columns.starts)
    if first < FIRST_DAY.timestamp() or last > LAST_DAY.timestamp():
        # bins are calendar units, of dates Polars holds in microseconds: a few thousand years
        raise TimelineError(
            f"the density view of more than {DETAIL_LIMIT:,} events counts them in years 1 to "
            "9999 only, and these events go beyond: filter the timeline to fewer events (by "
            "kind, tag, actor or country) to draw them one by one"
        )
    every, unit = bin_interval(last - first)
    starts = pl.Series("start", columns.starts, dtype=pl.Float64)
    names = pl.Series("lane", columns.lane_names, dtype=pl.String)
    frame = pl.DataFrame(  # one row per (event, lane), as exploding each event's lanes gives
        [
            starts.gather(pl.Series(columns.lane_events, dtype=pl.Int64)),
            names.gather(pl.Series(columns.lane_codes, dtype=pl.Int64)),
        ]
    )
    counted = (
        frame.lazy()
        .with_columns(
            # wall time in the display zone, as the rest of the chart shows it
            pl.from_epoch((pl.col("start") * 1_000_000).cast(pl.Int64), time_unit="us")
            .dt.replace_time_zone("UTC")
            .dt.convert_time_zone(tz)
            .dt.replace_time_zone(None)
            .dt.truncate(every)
            .dt.epoch("s")
            .alias("bin")
        )
        .group_by("lane", "bin")
        .agg(pl.len().alias("events"))
        .collect()
    )
    return BinCounts(every, unit, counted.rows(), len(columns))


def _other_label(lang: Lang) -> Callable[[int], str]:
    def label(count: int) -> str:
        return words.term("other_lanes", lang, count=words.number_text(count, lang))

    return label


def density_chart_of(
    bins: BinCounts,
    *,
    zone: str,
    lane_title: str,
    width: int,
    title: str,
    lang: Lang = "en",
    look: Theme = LIGHT,
) -> alt.LayerChart:
    """The density view: one row per lane, one cell per time bin, darker for more events."""
    rows = density_rows(bins, _other_label(lang))
    unit = words.term("unit_" + bins.unit.replace(" ", "_"), lang)
    lanes = list(dict.fromkeys(row["lane"] for row in rows))
    data = alt.Data(values=rows)  # type: ignore[no-untyped-call]
    zoom = alt.selection_interval(bind="scales", encodings=["x"], name="zoom")
    moment = words.axis_date_format(lang) + " %H:%M"
    cells = (
        alt.Chart(data)
        .mark_rect()
        .encode(
            x=alt.X(
                "bin_start:T",
                scale=alt.Scale(type="utc"),
                axis=alt.Axis(
                    title=words.term("time_axis", lang, zone=zone),
                    format=words.axis_time_formats(lang),
                    formatType="time",
                    labelOverlap=True,
                ),
            ),
            x2="bin_end:T",
            y=alt.Y("lane:N", sort=lanes, title=None, axis=alt.Axis(labelLimit=200)),
            color=alt.Color(
                "events:Q",
                title=words.term("events_per", lang, unit=unit),
                scale=alt.Scale(
                    scheme="blues" if look.name == "light" else "darkmulti", type="sqrt"
                ),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("lane:N", title=lane_title),
                alt.Tooltip("bin_start:T", title=words.term("tooltip_from", lang), format=moment),
                alt.Tooltip("bin_end:T", title=words.term("tooltip_to", lang), format=moment),
                alt.Tooltip("events:Q", title=words.term("tooltip_events", lang)),
            ],
        )
        .add_params(zoom)
    )
    count = words.number_text(bins.events, lang)
    limit = words.number_text(DETAIL_LIMIT, lang)
    chart = alt.layer(cells).properties(
        width=width,
        height=max(24 * len(lanes), 48),
        title=alt.Title(
            title,
            subtitle=[
                words.term(
                    "aggregated_subtitle",
                    lang,
                    count=count,
                    limit=limit,
                    lane=lane_title.lower() if lang == "en" else lane_title,
                    unit=unit,
                    zone=zone,
                ),
                words.term("aggregated_hint", lang, limit=limit),
            ],
            anchor="start",
        ),
        description=words.term(
            "aggregated_description",
            lang,
            count=count,
            lane=lane_title.lower() if lang == "en" else lane_title,
            unit=unit,
            zone=zone,
            lanes=len(lanes),
        ),
    )
    configured: alt.LayerChart = chart.configure(**look.config(lang))
    return configured
