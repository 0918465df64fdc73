"""The functions the ``timeline`` command and users call; each one a step of the pipeline.

read (``load``, ``validate``) → core (``Timeline``) → view (``chart``) → output (``render``,
``export``, ``format_table``), with other tools' formats beside them (``import_events``).

Nothing here imports a charting library, Polars or Babel until a chart is asked for, so that
``timeline validate``, ``list``, ``schema``, ``import`` and ``export`` start at once.
"""

from __future__ import annotations

import datetime as dt
import os
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
    printable,
)
from .core.groups import GROUPS, GroupBy
from .core.models import Kind
from .core.timeline import Timeline, draw_with
from .formats import FORMATS, IMPORT_FORMATS, MAX_OCCURRENCES, import_events
from .output.atomic import write_atomic
from .output.export import (
    EXPORT_FORMATS,
    check_output,
    export,
    export_format,
    export_with_notes,
    schema,
)
from .output.export import schema_json as schema_json
from .output.render import RENDER_FORMATS
from .output.table import format_table
from .read.jsonl import is_jsonl
from .read.load import load, loads, read, validate
from .read.versions import PARQUET_SUFFIXES, diff_files, is_streamed, load_table
from .view.languages import LANGUAGES
from .view.themes import THEMES

if TYPE_CHECKING:
    import altair as alt

__version__ = "0.1.0"

KINDS: tuple[str, ...] = tuple(kind.value for kind in Kind)

__all__ = [
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
    source: str | os.PathLike[str],
    path: str | os.PathLike[str],
    *,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    tz: str = "UTC",
    workers: int | None = 1,
    max_problems: int | None = MAX_PROBLEMS,
    **options: Any,
) -> tuple[Path, int]:
    """Render the events file ``source`` to ``path``: what ``timeline render`` does.

    Only the events between ``start`` and ``end`` are drawn (as ``Timeline.filter`` keeps
    them, in ``tz``). A JSON Lines file is checked and drawn as a stream, never held whole
    (``workers`` processes; ``None``: one per core when it is large). Returns the file written
    and the number of events drawn. When the file has errors, ``InvalidTimeline``'s report lists
    the first ``max_problems`` (``None``: every one).
    """
    from .output import render as output

    check_output(path, source)  # a chart is never an events file
    if is_jsonl(source):
        return output.render_jsonl(
            source,
            path,
            workers=workers,
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


def diff(
    old: str | os.PathLike[str],
    new: str | os.PathLike[str],
    *,
    out: str | os.PathLike[str] | None = None,
    workers: int | None = 1,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    **chart_options: Any,
) -> Diff:
    """Compare two versions of an events file, event by event: what ``timeline diff`` does.

    The files may be of any format ``load`` or ``import_events`` reads, and of different ones.
    Events are matched by id; one whose id changed but whose title and times did not is
    renamed. Two JSON Lines or Parquet files are compared as streams, never held whole
    (``workers`` processes check them, as ``validate`` does). With ``out``, both versions are
    drawn on one chart there (as ``render`` draws, ``chart_options`` as for ``chart``): the
    removed events faded, the added ones with a halo, the moved ones with an arrow; of two
    large files, only what changed; only the events between ``start`` and ``end``, when given
    (as ``Timeline.filter`` keeps them; the comparison is of every event). Raises
    ``InvalidTimeline`` when a file has errors.
    """
    names = (str(old), str(new))
    if is_streamed(old) and is_streamed(new):
        keep = DETAIL_LIMIT if out is not None else 0
        found, kept = diff_files(old, new, workers=workers, keep=keep)
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
