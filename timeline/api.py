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
from .core.columns import DETAIL_LIMIT
from .core.diff import Diff, diff_timelines
from .core.errors import (
    MAX_PROBLEMS,
    InvalidTimeline,
    OutputError,
    Report,
    TimelineError,
    UnknownOption,
    capped,
    printable,
)
from .core.groups import GROUPS, GroupBy
from .core.models import Kind
from .core.timeline import Timeline, draw_with
from .engine.backends import ENGINES
from .engine.check import Source as TableSource
from .engine.sources import suffix_kind as table_suffix
from .formats import FORMATS, IMPORT_FORMATS, MAX_OCCURRENCES, import_events
from .output import export as _export
from .output.atomic import write_atomic
from .output.export import (
    EXPORT_FORMATS,
    export,
    export_format,
    export_with_notes,
    schema,
)
from .output.export import schema_json as schema_json
from .output.render import RENDER_FORMATS
from .output.table import format_table
from .read import load as _read
from .read.jsonl import is_jsonl
from .read.load import loads, read
from .read.versions import PARQUET_SUFFIXES, diff_files, is_streamed, load_table
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
    "MAX_OCCURRENCES",
    "MAX_PROBLEMS",
    "RENDER_FORMATS",
    "THEMES",
    "Diff",
    "GroupBy",
    "InvalidTimeline",
    "OutputError",
    "Report",
    "TimelineError",
    "bundled_events",
    "chart",
    "check_output",
    "diff",
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
    embed: bool = False,
    **chart_options: Any,
) -> Path:
    """Write the chart of ``timeline`` to ``path``; the format comes from the suffix.

    ``.html`` is one self-contained page that works offline (the Vega JavaScript is inlined),
    for every reader: it fills the width it is given (on a phone, a list of the events down
    the page), every event can be reached with the keyboard and a screen reader, and a table
    holds them all. It has an overview strip to brush a stretch of time (``overview=False``
    leaves it out). ``embed=True`` writes only the page's block, to paste into another page.
    ``.png``, ``.svg`` and ``.pdf`` are drawn at ``scale`` times the chart's size (``width``
    is in the chart's own pixels); ``.json`` is the Vega-Lite spec. The file is replaced
    atomically: if anything fails, what was there stays. Options as for ``chart``.
    """
    from .output import render as output

    return output.render(timeline, path, format=format, scale=scale, embed=embed, **chart_options)


def render_file(
    source: str | os.PathLike[str] | TableSource,
    path: str | os.PathLike[str],
    *,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    tz: str = "UTC",
    engine: str | Any = "duckdb",
    max_problems: int | None = MAX_PROBLEMS,
    **options: Any,
) -> tuple[Path, int]:
    """Render the events file ``source`` to ``path``: what ``timeline render`` does.

    Only the events between ``start`` and ``end`` are drawn (as ``Timeline.filter`` keeps
    them, in ``tz``). A JSON Lines, Parquet or CSV file, or a table from ``from_table``, is
    checked and counted on ``engine`` (``"duckdb"``, in this process, or ``"spark"``) and
    never held whole. Returns the file written and the number of events drawn. When the file
    has errors, ``InvalidTimeline``'s report lists the first ``max_problems`` (``None``: every
    one).
    """
    from .output import render as output

    check_output(path, source)  # a chart is never an events file
    table = _table_source(source, engine=engine)
    if table is not None:
        return output.render_table(
            table,
            path,
            engine=engine,
            start=start,
            end=end,
            tz=tz,
            max_problems=max_problems,
            **options,
        )
    timeline = load(source, max_problems=max_problems)
    if start is not None or end is not None:
        timeline = timeline.filter(start=start, end=end, tz=tz)
    return output.render(timeline, path, tz=tz, **options), len(timeline)


def check_output(
    out: str | os.PathLike[str] | None,
    source: str | os.PathLike[str] | TableSource,
    format: str | None = None,
) -> None:
    """Refuse to write ``out`` over the events ``source`` it is made from (unless ``format``
    writes the events back); a table held in memory is no file to overwrite."""
    where = source.data if isinstance(source, TableSource) else source
    if isinstance(where, str | os.PathLike):
        _export.check_output(out, where, format)


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
    max_problems: int | None = MAX_PROBLEMS,
) -> Report:
    """Check an events file (or a table from ``from_table``) and report every problem in it;
    never raises for bad content. JSON Lines, Parquet and CSV files and tables are checked on
    ``engine`` and never held whole. The report lists the first ``max_problems`` problems
    (``None``: every one) and counts the others."""
    table = _table_source(source, format, engine=engine)
    if table is not None:
        from .engine.check import check

        return capped(check(table, engine=engine, group_by=None).report, max_problems)
    assert not isinstance(source, TableSource)
    return _read.validate(source, format=format, max_problems=max_problems)


def load(
    source: str | os.PathLike[str] | TableSource,
    *,
    format: str | None = None,
    engine: str | Any = "duckdb",
    max_problems: int | None = MAX_PROBLEMS,
) -> Timeline:
    """Load an events file (YAML, JSON, JSON Lines), or events text, as an ordered ``Timeline``;
    a Parquet or CSV file or a table from ``from_table`` is checked on ``engine`` first. Every
    event is then held as an object: for a large file, ``render_file`` and ``validate`` do not.
    Raises ``InvalidTimeline`` (with ``.report``, listing the first ``max_problems``) if
    anything is wrong."""
    table = _table_source(source, format, jsonl=False)
    if table is None:
        assert not isinstance(source, TableSource)
        return _read.load(source, format=format, max_problems=max_problems)
    from .engine.check import check

    checked = check(table, engine=engine, keep=sys.maxsize)
    if not checked.report.valid or checked.timeline is None:
        raise InvalidTimeline(capped(checked.report, max_problems))
    return checked.timeline


ENGINE_JSONL_BYTES = 8 << 20
"""JSON Lines files smaller than this (about 10,000 events) are checked line by line in this
process on the default engine: starting DuckDB and compiling its queries takes seconds, more
than such a file takes to check."""


def _table_source(
    source: Any,
    format: str | None = None,
    *,
    jsonl: bool = True,
    engine: str | Any = "duckdb",
) -> TableSource | None:
    """``source`` as a table for the engine: a ``from_table`` result, or a path of a table
    file (``.parquet``, ``.csv``) or, with ``jsonl``, of a JSON Lines file (on the default
    engine, one of ``ENGINE_JSONL_BYTES`` or more)."""
    if not isinstance(source, str | os.PathLike):
        return source if isinstance(source, TableSource) else None
    if isinstance(source, str) and ("\n" in source or source.lstrip().startswith("{")):
        return None  # events text
    if format in (None, "parquet", "csv") and table_suffix(source) is not None:
        return from_table(source)
    if jsonl and is_jsonl(source, format):
        if engine == "duckdb" and _size(source) < ENGINE_JSONL_BYTES:
            return None
        return from_table(source)
    return None


def _size(path: str | os.PathLike[str]) -> int:
    try:
        return os.stat(path).st_size
    except OSError:  # missing, or not a file: the line-by-line reader says so
        return 0


def diff(
    old: str | os.PathLike[str],
    new: str | os.PathLike[str],
    *,
    out: str | os.PathLike[str] | None = None,
    engine: str | Any = "duckdb",
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    **chart_options: Any,
) -> Diff:
    """Compare two versions of an events file, event by event: what ``timeline diff`` does.

    The files may be of any format ``load`` or ``import_events`` reads, and of different ones.
    Events are matched by id; one whose id changed but whose title and times did not is
    renamed. Two JSON Lines or Parquet files are compared as streams, never held whole (each
    checked on ``engine`` first, as ``validate`` checks it). With ``out``, both
    versions are drawn on one chart there (as ``render`` draws, ``chart_options`` as for
    ``chart``): the removed events faded, the added ones with a halo, the moved ones with an
    arrow; of two large files, only what changed; only the events between ``start`` and
    ``end``, when given (as ``Timeline.filter`` keeps them; the comparison is of every event).
    Raises ``InvalidTimeline`` when a file has errors.
    """
    names = (str(old), str(new))
    if is_streamed(old) and is_streamed(new):
        keep = DETAIL_LIMIT if out is not None else 0
        for path in (old, new):  # as `timeline validate` checks them: on the engine
            if not (report := validate(path, engine=engine)).valid:
                raise InvalidTimeline(report)
        found, kept = diff_files(old, new, keep=keep, check=False)
        if out is None:
            return found
        if kept is None or kept.header is None:
            raise TimelineError(
                f"{found.summary()}: more than {DETAIL_LIMIT:,} changes, too many to draw; "
                "compare parts of the files (timeline export with --from/--to) to see them"
            )
        drawn = Timeline.of_file(kept.header, Report(names[1]), [*kept.new, *kept.removed])
    else:
        before, after = _any_events(old), _any_events(new)
        found = diff_timelines(before, after, names=names)
        gone = {change.id for change in found.changes if change.status == "removed"}
        removed = [event for event in before if event.id in gone]
        drawn = Timeline.of_checked(
            [*after.events, *removed],
            title=after.title,
            description=after.description,
            actors={**before.actors, **after.actors},
            language=after.language,
            translations=after.translations,
            report=after.report,
        )
    if out is not None:
        if start is not None or end is not None:
            drawn = drawn.filter(start=start, end=end, tz=chart_options.get("tz", "UTC"))
        render(drawn, out, changes=found, **chart_options)
    return found


def _any_events(source: str | os.PathLike[str]) -> Timeline:
    """An events file of any format read: ours (YAML, JSON, JSON Lines, Parquet), or another
    tool's (TimelineJS, iCalendar, CSV), by its suffix."""
    suffix = Path(source).suffix.lower()
    if suffix in PARQUET_SUFFIXES:
        return load_table(source)
    if suffix == ".json" and _is_timelinejs(source):
        return import_events(source, format="timelinejs")
    if suffix not in (".json", ".yaml", ".yml") and suffix in _IMPORTED_SUFFIXES:
        return import_events(source)
    return load(source)


_IMPORTED_SUFFIXES = {suffix for name in IMPORT_FORMATS for suffix in FORMATS[name].suffixes}


def _is_timelinejs(source: str | os.PathLike[str]) -> bool:
    """Whether a ``.json`` file is TimelineJS's (slides with ``start_date``), not ours."""
    import json

    try:
        data = json.loads(Path(source).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False  # ``load`` says what is wrong with it
    events = data.get("events") if isinstance(data, dict) else None
    first = events[0] if isinstance(events, list) and events else None
    return isinstance(first, dict) and "start_date" in first


class _Drawing:
    """How a ``Timeline`` draws itself (``Timeline.chart``, ``.save``): through this module."""

    chart = staticmethod(chart)
    render = staticmethod(render)


draw_with(_Drawing())
