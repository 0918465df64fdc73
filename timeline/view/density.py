"""The density view of a large timeline: how many events each lane has in each stretch of time.

Above ``DETAIL_LIMIT`` events a chart of single marks is unreadable (and heavy: megabytes of
data in the page, minutes of label packing), so ``chart.build_chart`` draws this instead. The
counting is done by a query engine (Polars), not by Python loops: Python only reads each
event's lanes and start once; binning in the display zone, grouping and counting are one
Polars query, which would run the same on a larger engine.

The chart says that it is aggregated and how to see single events: narrow the timeline (by
time, or by kind, actor, country or tag, with ``Timeline.filter``) below the limit.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from ..core.columns import DETAIL_LIMIT, DensityColumns
from ..core.errors import TimelineError
from ..core.times import FIRST_DAY, LAST_DAY
from . import words
from .languages import Lang
from .themes import LIGHT, Theme

MAX_BINS = 400
"""Most time bins across the chart."""
MAX_LANES = 40
"""Most lanes; the smallest ones beyond it are counted together as 'Other'."""

# (Polars interval, label, approximate length in seconds), finest first
_INTERVALS = [
    ("1h", "hour", 3600),
    ("6h", "6 hours", 6 * 3600),
    ("1d", "day", 86400),
    ("1w", "week", 7 * 86400),
    ("1mo", "month", 30.44 * 86400),
    ("3mo", "quarter", 91.3 * 86400),
    ("1y", "year", 365.25 * 86400),
    ("10y", "decade", 3652.5 * 86400),
]


def density_of(
    columns: DensityColumns, *, tz: str, lang: Lang = "en"
) -> tuple[list[dict[str, Any]], str]:
    """Rows of (lane, bin start, bin end, events) and the bin's name ('day', 'month' …).

    An event counts in the bin where it starts (the start of its local day when date-only),
    once in each of its lanes. Bins are calendar units in the display zone ``tz``.
    """
    import polars as pl

    if not columns.starts:
        return [], "day"
    first, last = min(columns.starts), max(columns.starts)
    if first < FIRST_DAY.timestamp() or last > LAST_DAY.timestamp():
        # bins are calendar units, of dates Polars holds in microseconds: a few thousand years
        raise TimelineError(
            f"the density view of more than {DETAIL_LIMIT:,} events counts them in years 1 to "
            "9999 only, and these events go beyond: filter the timeline to fewer events (by "
            "kind, tag, actor or country) to draw them one by one"
        )
    every, unit = _interval(last - first)
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
            .alias("bin")
        )
        .group_by("lane", "bin")
        .agg(pl.len().alias("events"))
        .with_columns(pl.col("events").sum().over("lane").alias("lane_total"))
    )
    top = (
        counted.group_by("lane")
        .agg(pl.col("lane_total").first())
        .sort(["lane_total", "lane"], descending=[True, False])
        .head(MAX_LANES - 1)
        .select("lane")
        .collect()
        .to_series()
        .to_list()
    )
    others = counted.select(pl.col("lane").n_unique()).collect().item() - len(top)
    other_label = words.term("other_lanes", lang, count=words.number_text(others, lang))
    result = (
        counted.with_columns(
            pl.col("lane")
            if others <= 1  # one more lane fits without merging any
            else pl.when(pl.col("lane").is_in(top))
            .then(pl.col("lane"))
            .otherwise(pl.lit(other_label))
            .alias("lane")
        )
        .group_by("lane", "bin")
        .agg(pl.col("events").sum())
        .with_columns(
            pl.col("events").sum().over("lane").alias("lane_total"),
            pl.col("bin").dt.offset_by(every).alias("bin_end"),
        )
        .sort(["lane_total", "lane", "bin"], descending=[True, False, False])
        .with_columns(
            pl.col("bin").dt.strftime("%Y-%m-%dT%H:%M:%SZ").alias("bin_start"),
            pl.col("bin_end").dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
        .select("lane", "bin_start", "bin_end", "events", "lane_total")
        .collect()
    )
    return result.to_dicts(), unit


def _interval(span_seconds: float) -> tuple[str, str]:
    for every, unit, seconds in _INTERVALS:
        if span_seconds / seconds <= MAX_BINS:
            return every, unit
    return _INTERVALS[-1][0], _INTERVALS[-1][1]


def density_chart_of(
    columns: DensityColumns,
    *,
    zone: str,
    lane_title: str,
    width: int,
    title: str,
    lang: Lang = "en",
    look: Theme = LIGHT,
) -> alt.LayerChart:
    """The density view: one row per lane, one cell per time bin, darker for more events."""
    rows, unit_name = density_of(columns, tz=zone, lang=lang)
    unit = words.term("unit_" + unit_name.replace(" ", "_"), lang)
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
    count = words.number_text(len(columns), lang)
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
