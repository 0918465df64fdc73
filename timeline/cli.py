"""The ``timeline`` command: each subcommand calls one library function and turns a
``TimelineError`` into ``FILE:LINE:COL: field: message`` lines and exit code 1."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import api
from .api import GroupBy, InvalidTimeline, OutputError, Report, TimelineError, printable

F = TypeVar("F", bound=Callable[..., Any])

GROUPS = click.Choice(api.GROUPS)


def _fails_cleanly(command: F, code: int = 1) -> F:
    """Print a TimelineError as located lines and exit ``code`` (1); never show a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            result = command(*args, **kwargs)
            sys.stdout.flush()  # a closed pipe shows here, not at exit after the report
            return result
        except InvalidTimeline as exc:
            _print_report(exc.report)
            raise SystemExit(code) from None
        except TimelineError as exc:
            click.echo(f"timeline: error: {printable(str(exc), lines=True)}", err=True)
            raise SystemExit(code) from None
        except BrokenPipeError:  # the reader went away (`timeline export | head -1`): stop
            _discard_stdout()
            raise SystemExit(code) from None
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:  # a bug: say so plainly, still without a traceback
            if os.environ.get("TIMELINE_DEBUG"):
                raise
            click.echo(
                printable(
                    f"timeline: internal error ({type(exc).__name__}: {exc}); this is a bug, "
                    "please report it with the input (set TIMELINE_DEBUG=1 for a traceback)"
                ),
                err=True,
            )
            raise SystemExit(code) from None

    return wrapper  # type: ignore[return-value]


def _discard_stdout() -> None:
    """Send what is left for stdout nowhere, so that exiting does not fail on it again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real stdout (tests, embedding)
        pass


def _to_stdout(text: str) -> None:
    """Write data to stdout exactly; to a terminal, with control characters made visible."""
    sys.stdout.write(printable(text, lines=True) if sys.stdout.isatty() else text)


def _text(value: str | None) -> str | None:
    """An option's text, refused if the shell passed bytes that are not UTF-8 in it."""
    if value is not None and not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise click.BadParameter(
                f"{printable(ascii(value))} holds bytes that are not UTF-8 text"
            ) from None
    return value


def _kinds(kinds: tuple[str, ...]) -> tuple[str, ...]:
    """``--kind`` values, each a kind that exists (as click checks other choices)."""
    unknown = sorted(set(kinds) - set(api.KINDS))
    if unknown:
        raise click.BadParameter(
            f"unknown kind(s): {', '.join(unknown)}; use {', '.join(api.KINDS)}"
        )
    return kinds


def _print_report(report: Report) -> None:
    _print_problems(report, report.problems)
    errors, warnings = report.error_count, report.warning_count
    click.echo(
        printable(
            f"{report.file}: {errors} error{'s' * (errors != 1)}, "
            f"{warnings} warning{'s' * (warnings != 1)}"
        ),
        err=True,
    )


def _events_source(
    file: str | None, map_: str | None, kinds: str | None, timezone: str | None
) -> Any:
    """The events file named (or the default), read as a table through ``--map``, ``--kinds``
    and ``--timezone`` when they are given."""
    return api.events_source(_events_file(file), map=map_, kinds=kinds, timezone=timezone)


def _table_options(command: F) -> F:
    """``--engine``, ``--map``, ``--kinds`` and ``--timezone``: how a large file or a table is
    read and checked."""
    options = [
        click.option(
            "--engine",
            type=click.Choice(api.ENGINES),
            default="duckdb",
            show_default=True,
            help="Where .jsonl, .parquet and .csv files are checked and counted: duckdb (in "
            "this process, every core) or spark (a local Spark; needs Java).",
        ),
        click.option(
            "--map",
            "map_",
            metavar="OURS=THEIRS,…",
            default=None,
            help="Which column of a table holds each of ours: start=event_date,kind=event_type.",
        ),
        click.option(
            "--kinds",
            metavar="THEIRS=OURS,…",
            default=None,
            help="A table's kinds as ours: Protests=other,Battles=other; *=other for the rest.",
        ),
        click.option(
            "--timezone",
            metavar="ZONE",
            default=None,
            help="IANA zone of a table's rows that have no timezone.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _print_problems(report: Report, problems: tuple[object, ...]) -> None:
    """``problems`` of ``report``, one a line, and how many more it found than it lists."""
    for problem in problems:
        click.echo(str(problem), err=True)
    if report.not_listed:
        click.echo(
            printable(
                f"{report.file}: … and {report.not_listed} more not listed "
                "(--max-problems 0 lists every one)"
            ),
            err=True,
        )


def _events_file(file: str | None) -> Path:
    """The file named, else ./events.yaml, else the bundled example events."""
    if file is not None:
        return Path(file)
    here = Path("events.yaml")
    if here.exists():
        return here
    click.echo("timeline: no ./events.yaml here; using the bundled example events", err=True)
    return api.bundled_events()


FILE_ARGUMENT = click.argument("file", required=False, type=click.Path(dir_okay=True))
MAX_PROBLEMS_OPTION = click.option(
    "--max-problems",
    type=click.IntRange(min=0),
    default=api.MAX_PROBLEMS,
    show_default=True,
    metavar="N",
    callback=lambda _ctx, _param, value: value or None,  # 0: every one
    help="List the first N problems of a file and count the others; 0 lists every one.",
)
TZ_OPTION = click.option(
    "--tz",
    default="UTC",
    show_default=True,
    metavar="ZONE",
    help="Time zone to show times in (IANA name, e.g. Europe/Berlin).",
)

LANG_OPTION = click.option(
    "--lang",
    type=click.Choice(api.LANGUAGES),
    default="en",
    show_default=True,
    help="Language of the chart's words, dates and (where the file has them) event texts.",
)
THEME_OPTION = click.option(
    "--theme", type=click.Choice(api.THEMES), default="light", show_default=True, help="Colours."
)
GROUP_BY_OPTION = click.option(
    "--group-by", type=GROUPS, default="kind", show_default=True, help="One lane per …"
)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(api.__version__, prog_name="timeline")
def main() -> None:
    """Typed, sourced, time-zone-correct event timelines, rendered as charts.

    FILE is an events file (YAML or JSON). It defaults to ./events.yaml, and to the bundled
    example events when there is none.
    """
    api.show_progress()  # bars on stderr for stages over a second, when it is a terminal


@main.command("render")
@FILE_ARGUMENT
@click.option(
    "--out",
    "-o",
    required=True,
    type=click.Path(dir_okay=False),
    help=f"Output file; the format comes from its suffix ({', '.join(api.RENDER_FORMATS)}).",
)
@TZ_OPTION
@GROUP_BY_OPTION
@click.option(
    "--color-by", type=GROUPS, default=None, help="Colour marks by … (default: as lanes)."
)
@LANG_OPTION
@THEME_OPTION
@click.option(
    "--width",
    type=click.IntRange(200, 10000),
    default=900,
    show_default=True,
    help="Width of the plot in pixels (CSS pixels in HTML; before --scale in images).",
)
@click.option(
    "--scale",
    type=click.FloatRange(0.1, 10),
    default=None,
    help="Size factor for PNG (default 2), SVG and PDF (default 1), e.g. 4 for print.",
)
@click.option(
    "--overview/--no-overview",
    default=None,
    help="A strip to brush a stretch of time under the chart (default: in HTML only).",
)
@click.option("--from", "start", default=None, help="Only events on or after this date.")
@click.option("--to", "end", default=None, help="Only events on or before this date.")
@click.option(
    "--title",
    default=None,
    callback=lambda _ctx, _param, value: _text(value),
    help="Chart title (default: the file's title).",
)
@_table_options
@MAX_PROBLEMS_OPTION
@click.option(
    "--embed",
    is_flag=True,
    default=False,
    help="HTML only: write the chart's block without the <html> page around it, to paste "
    "into a CMS.",
)
@click.option(
    "--reported",
    is_flag=True,
    help="Draw for each event the stretch from it to its first dated report.",
)
@_fails_cleanly
def render_command(
    file: str | None,
    out: str,
    tz: str,
    group_by: GroupBy,
    color_by: GroupBy | None,
    lang: str,
    theme: str,
    width: int,
    scale: float | None,
    overview: bool | None,
    start: str | None,
    end: str | None,
    title: str | None,
    engine: str,
    map_: str | None,
    kinds: str | None,
    timezone: str | None,
    max_problems: int | None,
    embed: bool,
    reported: bool,
) -> None:
    """Draw the timeline as a chart: .html (self-contained, offline), .png, .svg, .pdf, or
    .json (the Vega-Lite spec). JSON Lines, Parquet and CSV files are checked and counted on
    --engine, never held whole."""
    source = _events_source(file, map_, kinds, timezone)
    options: dict[str, Any] = {
        "tz": tz,
        "group_by": group_by,
        "color_by": color_by,
        "lang": lang,
        "theme": theme,
        "width": width,
        "scale": scale,
        "overview": overview,
        "title": title,
        "embed": embed,
        "reported": reported,
    }
    path, count = api.render_file(
        source, out, start=start, end=end, engine=engine, max_problems=max_problems, **options
    )
    click.echo(printable(f"wrote {path} ({count} events, times in {tz})"))


@main.command("export")
@FILE_ARGUMENT
@click.option(
    "--format",
    "fmt",
    type=click.Choice(api.EXPORT_FORMATS),
    default=None,
    help="json (canonical), yaml (events file), timelinejs, ics (iCalendar), csv, jsonld "
    "(schema.org). Default: from the --out suffix (.ics, .csv, .jsonld, .yaml), else json.",
)
@click.option(
    "--out", "-o", type=click.Path(dir_okay=False), default=None, help="File (default: stdout)."
)
@_table_options
@MAX_PROBLEMS_OPTION
@_fails_cleanly
def export_command(
    file: str | None,
    fmt: str | None,
    out: str | None,
    engine: str,
    map_: str | None,
    kinds: str | None,
    timezone: str | None,
    max_problems: int | None,
) -> None:
    """Write the events in time order as canonical JSON (which loads back unchanged) or in
    another tool's format. What that format cannot hold is listed on stderr."""
    source, fmt = _events_source(file, map_, kinds, timezone), api.export_format(out, fmt)
    api.check_output(out, source, fmt)
    loaded = api.load(source, engine=engine, max_problems=max_problems)
    text, notes = api.export_with_notes(loaded, fmt)
    for note in notes:
        click.echo(printable(note, lines=True), err=True)
    _emit(text, out)


@main.command("validate")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=True))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@_table_options
@MAX_PROBLEMS_OPTION
@_fails_cleanly
def validate_command(
    files: tuple[str, ...],
    as_json: bool,
    engine: str,
    map_: str | None,
    kinds: str | None,
    timezone: str | None,
    max_problems: int | None,
) -> None:
    """Check events files and list every problem; exit 1 if any has errors.

    With several FILES (as pre-commit passes them), each is checked and reported in turn;
    --json then prints a list of reports.
    """
    reports: list[Report | None] = []  # None: the file could not be read
    for source in [Path(f) for f in files] or [_events_file(None)]:
        try:  # a JSON Lines, Parquet or CSV file is checked on the engine, every core
            events = api.events_source(source, map=map_, kinds=kinds, timezone=timezone)
            report = api.validate(events, engine=engine, max_problems=max_problems)
        except InvalidTimeline as exc:
            report = exc.report
        except TimelineError as exc:
            if len(files) <= 1:
                raise
            click.echo(f"timeline: error: {printable(str(exc), lines=True)}", err=True)
            reports.append(None)
            continue
        reports.append(report)
        if not as_json:
            _print_validated(report)
    if as_json:
        found = [r.to_dict() for r in reports if r is not None]
        shown = found[0] if len(files) <= 1 else found
        _to_stdout(json.dumps(shown, indent=2, ensure_ascii=False) + "\n")
    if not all(r is not None and r.valid for r in reports):
        raise SystemExit(1)


def _print_validated(report: Report) -> None:
    if not report.valid:
        _print_report(report)
        return
    _print_problems(report, report.warnings)
    warnings = report.warning_count
    click.echo(
        printable(
            f"{report.file}: valid, {report.events} events, "
            f"{warnings} warning{'s' * (warnings != 1)}"
        )
    )


@main.command("list")
@FILE_ARGUMENT
@TZ_OPTION
@click.option(
    "--kind",
    multiple=True,
    callback=lambda _ctx, _param, kinds: _kinds(kinds),
    help="Only events of this kind (repeatable).",
)
@click.option("--actor", multiple=True, help="Only events with this participant id (repeatable).")
@click.option("--country", multiple=True, help="Only events in this country (repeatable).")
@click.option("--from", "start", default=None, help="Only events on or after this date.")
@click.option("--to", "end", default=None, help="Only events on or before this date.")
@_table_options
@MAX_PROBLEMS_OPTION
@click.option("--lag", is_flag=True, help="Add a column saying when each event was first reported.")
@_fails_cleanly
def list_command(
    file: str | None,
    tz: str,
    kind: tuple[str, ...],
    actor: tuple[str, ...],
    country: tuple[str, ...],
    start: str | None,
    end: str | None,
    engine: str,
    map_: str | None,
    kinds: str | None,
    timezone: str | None,
    max_problems: int | None,
    lag: bool,
) -> None:
    """Print the events as a table, in time order."""
    source = _events_source(file, map_, kinds, timezone)
    chosen = api.load(source, engine=engine, max_problems=max_problems).filter(
        kind=kind or None,
        actor=actor or None,
        country=country or None,
        start=start,
        end=end,
        tz=tz,
    )
    # Fit the terminal; piped into a file or another program, keep every title whole.
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else 10_000
    click.echo(api.format_table(chosen, tz=tz, width=width, lag=lag))


@main.command("schema")
@click.option("--out", "-o", type=click.Path(dir_okay=False), default=None)
@_fails_cleanly
def schema_command(out: str | None) -> None:
    """Print the JSON Schema of the events file format."""
    _emit(api.schema_json(), out)


@main.command("import")
@click.argument("src", type=click.Path(dir_okay=False))
@click.option(
    "--from",
    "source_format",
    type=click.Choice(api.IMPORT_FORMATS),
    default=None,
    help="Format of SRC (default: from its suffix: .json, .ics, .csv).",
)
@click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="events.yaml",
    show_default=True,
    help="Events file to write: .yaml, or .json for canonical JSON; - for stdout.",
)
@click.option(
    "--timezone",
    metavar="ZONE",
    default=None,
    help="IANA zone of times the source gives without one (TimelineJS, floating iCalendar "
    "times, CSV rows with no timezone).",
)
@click.option("--force", is_flag=True, help="Replace --out if it exists.")
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse the file when any item cannot be imported (by default it is skipped, "
    "with a warning at its line).",
)
@click.option(
    "--keep-cancelled",
    is_flag=True,
    help="Import cancelled calendar events, tagged 'cancelled' (by default they are skipped).",
)
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    metavar="DATE",
    help="Expand repeating calendar events from this day on.",
)
@click.option(
    "--until",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    metavar="DATE",
    help="Expand repeating calendar events up to this day (default for endless ones: a year "
    "after the calendar's last date).",
)
@click.option(
    "--max-occurrences",
    type=click.IntRange(min=1),
    default=api.MAX_OCCURRENCES,
    show_default=True,
    help="Most occurrences imported of one repeating calendar event; the rest are counted.",
)
@click.option(
    "--map",
    "columns",
    metavar="OURS=THEIRS,…",
    default=None,
    help="Which column of a CSV sheet holds each of ours, e.g. "
    "start=event_date,kind=event_type,title=notes.",
)
@click.option(
    "--dayfirst/--monthfirst",
    "day_first",
    default=None,
    help="Read dates such as 02/03/2025 day first or month first (never guessed).",
)
@MAX_PROBLEMS_OPTION
@_fails_cleanly
def import_command(
    src: str,
    source_format: str | None,
    out: str,
    timezone: str | None,
    force: bool,
    strict: bool,
    keep_cancelled: bool,
    since: dt.datetime | None,
    until: dt.datetime | None,
    max_occurrences: int,
    columns: str | None,
    day_first: bool | None,
    max_problems: int | None,
) -> None:
    """Read a TimelineJS JSON, iCalendar or CSV file and write it as an events file.

    The events go through the same checks as a hand-written file. What cannot become an event
    is skipped and listed, with its line and why, on stderr (--strict: an error), as is what
    the events file cannot hold. Repeating calendar events become one event per occurrence.
    """
    api.check_output(out, src)  # the events file never replaces what it is made from
    if out != "-" and Path(out).exists() and not force:  # said now, not after the work
        raise OutputError(f"{out}: already exists; pass --force to replace it")
    imported = api.import_events(
        src,
        format=source_format,
        timezone=timezone,
        strict=strict,
        keep_cancelled=keep_cancelled,
        since=since.date() if since else None,
        until=until.date() if until else None,
        max_occurrences=max_occurrences,
        columns=_text(columns),
        day_first=day_first,
        max_problems=max_problems,
    )
    _print_problems(imported.report, imported.report.warnings)
    text = api.export(imported, "json" if Path(out).suffix.lower() == ".json" else "yaml")
    if out == "-":
        _to_stdout(text)
        return
    written = api.write_atomic(out, text, replace=force)  # another import may have made it
    warnings = imported.report.warning_count
    click.echo(
        printable(
            f"wrote {written} ({len(imported):,} events from {src}, "
            f"{warnings} warning{'s' * (warnings != 1)})"
        )
    )


@main.command("diff")
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the differences as JSON.")
@click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False),
    default=None,
    help=f"Also draw both versions on one chart: {', '.join('.' + f for f in api.RENDER_FORMATS)}.",
)
@TZ_OPTION
@LANG_OPTION
@THEME_OPTION
@GROUP_BY_OPTION
@click.option("--from", "start", default=None, help="Draw only events on or after this date.")
@click.option("--to", "end", default=None, help="Draw only events on or before this date.")
@functools.partial(_fails_cleanly, code=2)
def diff_command(
    old: str,
    new: str,
    as_json: bool,
    out: str | None,
    tz: str,
    lang: str,
    theme: str,
    group_by: GroupBy,
    start: str | None,
    end: str | None,
) -> None:
    """Compare two versions of an events file, event by event; exit 0 if they are the same,
    1 if they differ, 2 if one cannot be read or has errors.

    OLD and NEW may be of any format timeline reads (YAML, JSON, JSON Lines, Parquet,
    TimelineJS, iCalendar, CSV), and of different ones. Events are matched by id; an event
    whose id changed but whose title and times did not is listed as renamed.
    """
    options = {"tz": tz, "lang": lang, "theme": theme, "group_by": group_by}
    found = api.diff(old, new, out=out, start=start, end=end, **options)
    if as_json:
        _to_stdout(json.dumps(found.to_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        _to_stdout(printable(str(found), lines=True))
    if out is not None:
        click.echo(f"wrote {out}", err=True)  # stdout holds the differences alone
    raise SystemExit(0 if found.equal else 1)


def _emit(text: str, out: str | None) -> None:
    if out is None:
        _to_stdout(text)
        return
    click.echo(printable(f"wrote {api.write_atomic(out, text)}"))
