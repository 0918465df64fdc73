"""The functions the ``timeline`` command and users call; each one a step of the pipeline.

read (``load``, ``validate``) → core (``Timeline``) → view (``chart``) → output (``render``,
``export``, ``format_table``), with other tools' formats beside them (``import_events``).

Nothing here imports a charting library, Polars or Babel until a chart is asked for, so that
``timeline validate``, ``list``, ``schema``, ``import`` and ``export`` start at once.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .core import progress
from .core.errors import (
    InvalidTimeline,
    OutputError,
    Report,
    TimelineError,
    UnknownOption,
    printable,
)
from .core.groups import GROUPS, GroupBy
from .core.models import Kind
from .core.timeline import Timeline, draw_with
from .engine.backends import ENGINES
from .engine.check import Source as TableSource
from .engine.sources import suffix_kind as table_suffix
from .formats import IMPORT_FORMATS, import_events
from .output.atomic import write_atomic
from .output.export import EXPORT_FORMATS, export, export_format, export_with_notes, schema
from .output.export import schema_json as schema_json
from .output.render import RENDER_FORMATS
from .output.table import format_table
from .read import load as _read
from .read.jsonl import is_jsonl
from .read.load import loads, read
from .view.languages import LANGUAGES
from .view.themes import THEMES

if TYPE_CHECKING:
    import altair as alt

__version__ = "0.1.0"

KINDS: tuple[str, ...] = tuple(kind.value for kind in Kind)

__all__ = [
    "ENGINES",
    "EXPORT_FORMATS",
    "GROUPS",
    "IMPORT_FORMATS",
    "KINDS",
    "LANGUAGES",
    "RENDER_FORMATS",
    "THEMES",
    "GroupBy",
    "InvalidTimeline",
    "OutputError",
    "Report",
    "TimelineError",
    "bundled_events",
    "chart",
    "export",
    "export_format",
    "export_with_notes",
    "format_table",
    "from_table",
    "import_events",
    "load",
    "loads",
    "printable",
    "read",
    "render",
    "render_file",
    "schema",
    "schema_json",
    "show_progress",
    "validate",
    "write_atomic",
]


def bundled_events() -> Path:
    """The path of the events file that ships with the package."""
    return Path(__file__).with_name("data") / "events.yaml"


def show_progress() -> None:
    """Show progress bars on stderr for slow stages from now on, when it is a terminal."""
    progress.enable()


def chart(timeline: Timeline, **options: Any) -> alt.LayerChart | alt.VConcatChart:
    """``timeline`` as an Altair chart, to show, compose or save.

    Options: ``tz`` (the zone times are shown in), ``group_by`` and ``color_by`` (kind,
    country, actor or tag), ``width``, ``title``, ``lang`` ('en' or 'de'), ``theme`` ('light'
    or 'dark'), ``overview`` (a strip below to brush a stretch of time). Above 5,000 events it
    is the density view.
    """
    from .view.chart import build_chart

    return build_chart(timeline, **options)


def render(
    timeline: Timeline,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    scale: float | None = None,
    **chart_options: Any,
) -> Path:
    """Write the chart of ``timeline`` to ``path``; the format comes from the suffix.

    ``.html`` is one self-contained page that works offline (the Vega JavaScript is inlined)
    with an overview strip to brush a stretch of time (``overview=False`` leaves it out);
    ``.png``, ``.svg`` and ``.pdf`` are drawn at ``scale`` times the chart's size (``width``
    is in the chart's own pixels); ``.json`` is the Vega-Lite spec. The file is replaced
    atomically: if anything fails, what was there stays. Options as for ``chart``.
    """
    from .output import render as output

    return output.render(timeline, path, format=format, scale=scale, **chart_options)


def render_file(
    source: str | os.PathLike[str] | TableSource,
    path: str | os.PathLike[str],
    *,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    tz: str = "UTC",
    engine: str | Any = "duckdb",
    **options: Any,
) -> tuple[Path, int]:
    """Render the events file ``source`` to ``path``: what ``timeline render`` does.

    Only the events between ``start`` and ``end`` are drawn (as ``Timeline.filter`` keeps
    them, in ``tz``). A JSON Lines, Parquet or CSV file, or a table from ``from_table``, is
    checked and counted on ``engine`` (``"duckdb"``, in this process, or ``"spark"``) and
    never held whole. Returns the file written and the number of events drawn.
    """
    from .output import render as output

    table = _table_source(source)
    if table is not None:
        return output.render_table(
            table, path, engine=engine, start=start, end=end, tz=tz, **options
        )
    timeline = load(source)
    if start is not None or end is not None:
        timeline = timeline.filter(start=start, end=end, tz=tz)
    return output.render(timeline, path, tz=tz, **options), len(timeline)


def from_table(
    table: Any,
    *,
    name: str = "<table>",
    kinds: Mapping[str, str] | None = None,
    timezone: str | None = None,
    **columns: str,
) -> TableSource:
    """A table of events to check, render, list or export: a pandas, Polars or pyarrow table,
    a DuckDB relation, an Ibis table, or the path of a Parquet or CSV file.

    ``columns`` says which of its columns holds each of ours when the names differ
    (``start="event_date", kind="event_type"``); ``kinds`` maps its kinds to ours (``"*"``:
    every other value), ``timezone`` is the zone of rows that name none. Pass the result to
    ``render_file``, ``validate`` or ``load``.
    """
    from .core.columns_map import ColumnMap

    mapping = ColumnMap.of(columns)
    if isinstance(table, str | os.PathLike) and name == "<table>":
        name = str(table)
    return TableSource(table, name, mapping, dict(kinds) if kinds else None, timezone)


def events_source(
    source: str | os.PathLike[str],
    *,
    map: str | None = None,
    kinds: str | None = None,
    timezone: str | None = None,
) -> str | os.PathLike[str] | TableSource:
    """What the command line's ``FILE --map … --kinds … --timezone …`` name: the file, or the
    table it holds read through the mapping (``--map start=event_date``), the kinds
    (``--kinds Protests=other,*=other``) and the zone of rows that have none."""
    from .core.columns_map import ColumnMap, kind_map

    if map is None and kinds is None and timezone is None:
        return source
    if table_suffix(source) is None:
        raise UnknownOption(
            f"{source}: --map, --kinds and --timezone are for tables (.parquet, .csv); "
            "to read another tool's file, use timeline import"
        )
    mapping = ColumnMap.parse(map)
    return TableSource(source, str(source), mapping, kind_map(kinds) or None, timezone)


def validate(
    source: str | os.PathLike[str] | TableSource,
    *,
    format: str | None = None,
    engine: str | Any = "duckdb",
) -> Report:
    """Check an events file (or a table from ``from_table``) and report every problem in it;
    never raises for bad content. JSON Lines, Parquet and CSV files and tables are checked on
    ``engine`` and never held whole."""
    table = _table_source(source, format)
    if table is not None:
        from .engine.check import check

        return check(table, engine=engine, group_by=None).report
    assert not isinstance(source, TableSource)
    return _read.validate(source, format=format)


def load(
    source: str | os.PathLike[str] | TableSource,
    *,
    format: str | None = None,
    engine: str | Any = "duckdb",
) -> Timeline:
    """Load an events file (YAML, JSON, JSON Lines), or events text, as an ordered ``Timeline``;
    a Parquet or CSV file or a table from ``from_table`` is checked on ``engine`` first. Every
    event is then held as an object: for a large file, ``render_file`` and ``validate`` do not.
    Raises ``InvalidTimeline`` (with ``.report``) if anything is wrong."""
    table = _table_source(source, format, jsonl=False)
    if table is None:
        assert not isinstance(source, TableSource)
        return _read.load(source, format=format)
    from .engine.check import check

    checked = check(table, engine=engine, keep=sys.maxsize)
    if not checked.report.valid or checked.timeline is None:
        raise InvalidTimeline(checked.report)
    return checked.timeline


def _table_source(
    source: Any, format: str | None = None, *, jsonl: bool = True
) -> TableSource | None:
    """``source`` as a table for the engine: a ``from_table`` result, or a path of a table
    file (``.parquet``, ``.csv``) or, with ``jsonl``, of a JSON Lines file."""
    if not isinstance(source, str | os.PathLike):
        return source if isinstance(source, TableSource) else None
    if isinstance(source, str) and ("\n" in source or source.lstrip().startswith("{")):
        return None  # events text
    if format in (None, "parquet", "csv") and table_suffix(source) is not None:
        return from_table(source)
    if jsonl and is_jsonl(source, format):
        return from_table(source)
    return None


class _Drawing:
    """How a ``Timeline`` draws itself (``Timeline.chart``, ``.save``): through this module."""

    chart = staticmethod(chart)
    render = staticmethod(render)


draw_with(_Drawing())
