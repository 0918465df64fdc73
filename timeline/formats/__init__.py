"""Other people's formats: TimelineJS JSON, iCalendar, CSV and schema.org JSON-LD, plus the
events file written as YAML.

Each format is one module with the same two functions (either may be missing):

* ``read(text, name, options) -> Document`` — the source as events-file data, with the
  source's own problems (located in it), warnings for what the events file cannot hold, and a
  ``skipped`` warning for each item that cannot become an event. The data then goes through the
  same validation as a hand-written file (``validation.read_document``); an event that fails it
  is skipped too, and reported at its line (``--strict`` makes every skip an error).
* ``write(timeline) -> (text, notes)`` — the text, and one note per field the format could not
  keep (``"timelinejs: 'participants' of 12 events not kept"``).

Modules are imported only when their format is used, so that ``import timeline`` stays quick.
"""

from __future__ import annotations

import dataclasses
import importlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..core.columns_map import ColumnMap
from ..core.document import Document
from ..core.errors import (
    MAX_PROBLEMS,
    InvalidTimeline,
    PathKey,
    Problem,
    Report,
    TimelineError,
    UnsupportedFormat,
    capped,
    format_path,
    problem_order,
)
from ..core.times import TimeValueError, load_zone
from ..core.validation import read_document
from ..read.source import decode, read_text
from .mapping import MAX_OCCURRENCES, ImportOptions

if TYPE_CHECKING:
    import datetime as dt

    from ..core.timeline import Timeline


class Reader(Protocol):
    def __call__(self, text: str, name: str, options: ImportOptions) -> Document: ...


class Writer(Protocol):
    def __call__(self, timeline: Timeline) -> tuple[str, list[str]]: ...


@dataclass(frozen=True, slots=True)
class Format:
    """A format: its name, the module that maps it, and the file suffixes it goes by."""

    name: str
    module: str
    suffixes: tuple[str, ...]
    readable: bool
    writable: bool
    item: str = "item"
    """What one of the format's items is called, in messages about those skipped."""

    def reader(self) -> Reader:
        read: Reader = importlib.import_module(f"{__name__}.{self.module}").read
        return read

    def writer(self) -> Writer:
        write: Writer = importlib.import_module(f"{__name__}.{self.module}").write
        return write


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("yaml", "yamlfile", (".yaml", ".yml"), readable=False, writable=True),
        Format("timelinejs", "timelinejs", (".json",), True, True, "slide"),
        Format("ics", "ics", (".ics", ".ical", ".ifb", ".icalendar"), True, True, "component"),
        Format("csv", "csvfile", (".csv",), True, True, "row"),
        Format("timelinejs-csv", "timelinejs_sheet", (), readable=False, writable=True),
        Format("jsonld", "jsonld", (".jsonld",), True, True, "event"),
    )
}
IMPORT_FORMATS = tuple(name for name, f in FORMATS.items() if f.readable)
WRITE_FORMATS = tuple(name for name, f in FORMATS.items() if f.writable)


def import_format(name: str, format: str | None = None) -> str:
    """The format to read ``name`` as: ``format`` if given, else the one its suffix names."""
    if format is not None:
        if format not in IMPORT_FORMATS:
            raise UnsupportedFormat(
                f"cannot import format {format!r}; use one of {', '.join(IMPORT_FORMATS)}"
            )
        return format
    suffix = Path(name).suffix.lower()
    for candidate in IMPORT_FORMATS:
        if suffix in FORMATS[candidate].suffixes:
            return candidate
    what = f"a {suffix!r} file" if suffix else "a file with no suffix"
    raise UnsupportedFormat(
        f"{name}: cannot tell the format of {what}; pass --from with one of "
        f"{', '.join(IMPORT_FORMATS)}"
    )


def import_events(
    source: str | os.PathLike[str] | bytes,
    *,
    format: str | None = None,
    timezone: str | None = None,
    strict: bool = False,
    keep_cancelled: bool = False,
    since: dt.date | None = None,
    until: dt.date | None = None,
    max_occurrences: int = MAX_OCCURRENCES,
    columns: str | ColumnMap | None = None,
    day_first: bool | None = None,
    max_problems: int | None = MAX_PROBLEMS,
) -> Timeline:
    """Read a TimelineJS JSON, iCalendar or CSV file (or its text) into a checked ``Timeline``.

    ``format`` is ``"timelinejs"``, ``"ics"`` or ``"csv"``; left out, it comes from the file's
    suffix. ``timezone`` (an IANA name) is the zone of times the source gives without one.
    An item that cannot become a valid event is skipped, and each skip is a warning at its line
    (``strict=True``: an error). Calendars: ``keep_cancelled`` imports cancelled events (tagged
    ``cancelled``); repeating events are expanded between ``since`` and ``until``, at most
    ``max_occurrences`` each. Sheets: ``columns`` says which column holds each of ours
    (``"start=event_date,kind=event_type"``), ``day_first`` how to read ``02/03/2025``.
    The result's ``report.warnings`` say what was skipped or not kept. Raises
    ``InvalidTimeline`` with every problem, each located in the source file (the first
    ``max_problems`` listed, the others counted).
    """
    options = import_options(
        timezone=timezone,
        keep_cancelled=keep_cancelled,
        since=since,
        until=until,
        max_occurrences=max_occurrences,
        columns=columns,
        day_first=day_first,
    )
    timeline, report, _ = import_document(
        source, format=format, options=options, strict=strict, max_problems=max_problems
    )
    if timeline is None:
        raise InvalidTimeline(report)
    return timeline


def import_options(
    *, timezone: str | None = None, columns: str | ColumnMap | None = None, **others: Any
) -> ImportOptions:
    """``ImportOptions`` with the column mapping parsed and checked (``--map``)."""
    if not isinstance(columns, ColumnMap):
        columns = ColumnMap.parse(columns)
    if others.get("max_occurrences", 1) < 1:
        raise TimelineError("--max-occurrences: give a number of 1 or more")
    return ImportOptions(timezone=timezone, columns=columns, **others)


def import_document(
    source: str | os.PathLike[str] | bytes,
    *,
    format: str | None = None,
    options: ImportOptions | None = None,
    strict: bool = False,
    max_problems: int | None = MAX_PROBLEMS,
) -> tuple[Timeline | None, Report, Document]:
    """The source read by its format's reader, with the events that fail validation skipped:
    the timeline (``None`` when the file is refused), its report (the first ``max_problems``
    problems listed, the others counted), and the document the events were checked as (whose
    ``locate`` gives each event's place in the source)."""
    if isinstance(source, bytes):
        text, name = decode(source, "<bytes>"), "<bytes>"
    elif isinstance(source, str) and ("\n" in source or source.lstrip()[:1] in {"{", "["}):
        text, name = source, "<string>"
    else:
        text, name = read_text(os.fspath(source))
    if format is None and name.startswith("<"):
        raise UnsupportedFormat(f"{name}: give the format of the text (format=...)")
    fmt = import_format(name, format)
    options = options or ImportOptions()
    if options.timezone is not None:
        try:
            load_zone(options.timezone)
        except TimeValueError as exc:
            raise TimelineError(f"{name}: --timezone: {exc.message}") from None
    document = FORMATS[fmt].reader()(text, name, options)
    document, timeline, report = skip_invalid(document, FORMATS[fmt].item)
    summed = _summed_up(document, FORMATS[fmt].item, strict=strict)
    if summed is not document:
        # The count of what was skipped, found after validation: added to its report rather
        # than validating the whole file again.
        added = summed.problems[len(document.problems) :]
        problems = [
            dataclasses.replace(p, severity="error") if strict and p.code == "skipped" else p
            for p in report.problems
        ]
        report = dataclasses.replace(
            report, problems=tuple(sorted([*problems, *added], key=problem_order))
        )
        if not report.valid:
            timeline = None
        elif timeline is not None:
            timeline.report = report
        document = summed
    if max_problems is not None and len(report.problems) > max_problems:
        # skipping an event needs all of its problems, so they are capped only once it is done
        report = capped(report, max_problems)
        if timeline is not None:
            timeline.report = report
    return timeline, report, document


def skip_invalid(
    document: Document, item: str = "event"
) -> tuple[Document, Timeline | None, Report]:
    """``document`` less the events that fail validation, each reported as skipped at its
    place in the source, with the timeline and report of what is left. A file with problems
    that are not about one event is left whole (it is refused as it is)."""
    timeline, report = read_document(document, max_problems=None)
    for _ in range(3):  # a skip can leave a relation dangling once; that is mended, not cascaded
        if report.valid or not isinstance(document.data, dict):
            break
        if any(p.severity == "error" for p in document.problems):
            break  # the reader's own errors are about the whole file
        bad = {i for p in report.errors if (i := _event_index(p.path)) is not None}
        if not bad or any(_event_index(p.path) is None for p in report.errors):
            break
        document = _without(document, bad, report, item)
        timeline, report = read_document(document, max_problems=None)
    return document, timeline, report


def _event_index(path: PathKey) -> int | None:
    if len(path) >= 2 and path[0] == "events" and isinstance(path[1], int):
        return path[1]
    return None


def _without(document: Document, bad: set[int], report: Report, item: str) -> Document:
    events: list[Any] = document.data["events"]
    reasons: dict[int, list[Problem]] = {}
    for problem in report.errors:
        index = _event_index(problem.path)
        if index is not None:
            reasons.setdefault(index, []).append(problem)
    kept = [i for i in range(len(events)) if i not in bad]
    gone = {events[i].get("id") for i in bad if isinstance(events[i], dict)}
    problems = list(document.problems)
    for index in sorted(bad):
        first = reasons[index][0]
        why = "; ".join(
            (f"{format_path(p.path[2:])}: " if p.path[2:] else "") + p.message
            for p in reasons[index][:3]
        )
        line, column = (
            (first.line, first.column)
            if first.line is not None
            else (document.locate(("events", index)) or (None, None))
        )
        problems.append(
            Problem(
                "skipped", f"{item} skipped: {why}", document.name, line, column, severity="warning"
            )
        )
    data = dict(document.data)
    data["events"] = [_unlinked(events[i], gone) for i in kept]
    dangling = sum(1 for i, e in zip(kept, data["events"], strict=True) if e is not events[i])
    if dangling:
        problems.append(
            Problem(
                "not-kept",
                f"relations of {dangling} event{'s' * (dangling != 1)} to skipped events not kept",
                document.name,
                severity="warning",
            )
        )

    def locate(path: PathKey, key: bool) -> tuple[int, int] | None:
        index = _event_index(path)
        if index is not None:
            if index >= len(kept):
                return None
            return document.locate(("events", kept[index], *path[2:]), key=key)
        return document.locate(path, key=key)

    return dataclasses.replace(document, data=data, problems=problems, _locate=locate, _ranks={})


def _unlinked(event: Any, gone: set[Any]) -> Any:
    """``event`` without its relations to skipped events (the same object when it has none)."""
    if not isinstance(event, dict):
        return event
    changed = dict(event)
    if changed.get("part_of") in gone:
        del changed["part_of"]
    for field in ("follows", "responds_to"):
        if isinstance(changed.get(field), list) and any(t in gone for t in changed[field]):
            changed[field] = [t for t in changed[field] if t not in gone]
    return event if changed == event else changed


def _summed_up(document: Document, item: str, *, strict: bool) -> Document:
    """The count of skipped items as one more warning; with ``strict``, every skip an error."""
    skipped = [p for p in document.problems if p.code == "skipped"]
    if document.items == 0 and isinstance(document.data, dict):
        empty = Problem("empty", f"the file holds no {item}s to import", document.name)
        return dataclasses.replace(document, problems=[*document.problems, empty])
    if not skipped:
        return document
    problems = list(document.problems)
    count = len(skipped)
    total = document.items if document.items is not None else count
    noun = item if total == 1 else item + "s"
    events = document.data.get("events") if isinstance(document.data, dict) else None
    if not events:
        message = (
            f"nothing to import: {count:,} of {total:,} {noun} skipped, each for the reason given"
        )
    else:
        hint = "" if strict else " (--strict makes this an error)"
        message = f"skipped {count:,} of {total:,} {noun}; each is listed with why{hint}"
    problems.append(
        Problem(
            "skipped",
            message,
            document.name,
            severity="error" if strict or not events else "warning",
        )
    )
    return dataclasses.replace(document, problems=problems)


def write(timeline: Timeline, format: str) -> tuple[str, list[str]]:
    """``timeline`` as text in ``format`` (one of ``WRITE_FORMATS``) and notes on what was not
    kept."""
    return FORMATS[format].writer()(timeline)


__all__ = [
    "FORMATS",
    "IMPORT_FORMATS",
    "MAX_OCCURRENCES",
    "WRITE_FORMATS",
    "Format",
    "import_document",
    "import_events",
    "import_format",
    "import_options",
    "skip_invalid",
    "write",
]
