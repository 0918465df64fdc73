"""Large JSON Lines files, checked line by line and kept only as the columns a chart needs.

``timeline.load`` of a file of a million events holds a million ``Event`` objects (over 7 GB).
The chart of so many events is the density view (``aggregate.py``), which needs of each event
only its start and its lanes. ``read_columns`` checks every event with the same models and the
same cross-event checks as ``load``, reports every problem at the same ``file:line:col`` with
the same message, and keeps of each event only:

* its start timestamp and its lanes (``DensityColumns``, about 30 bytes an event);
* its id as written, and where its line is (for duplicate ids, references and cycles, which
  can only be told once every line is read, and to locate what they find);
* its ``part_of``, and the ids it refers to, when it has them.

This is the per-line path, in one process: ``timeline.engine`` checks large files as columns
and hands this module only the lines its rules cannot decide (``check_line``), or the whole
file when its JSON reader refuses it (a line that is not a JSON object, a repeated key…). A file
of ``DETAIL_LIMIT`` events or fewer is kept whole, as ``load`` keeps it, and drawn event by
event.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from array import array
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..core.checks import (
    Finding,
    actor_references,
    duplicate_ids,
    event_findings,
    part_of_cycles,
    relation_targets,
    unknown_event,
)
from ..core.columns import DETAIL_LIMIT, DensityColumns
from ..core.errors import MAX_PROBLEMS, InvalidTimeline, PathKey, Problem, ProblemList, Report
from ..core.groups import GroupBy, check_group_by
from ..core.memory import paused_gc
from ..core.models import DEFAULT_LANGUAGE, Event, TimelineFile
from ..core.progress import stage
from ..core.timeline import Timeline, overlaps, window
from ..core.validation import located_problem, translate_errors
from .fast import NOT_FAST, json_data
from .json_reader import parse_json
from .jsonl import (
    decode_line,
    event_line_document,
    is_header,
    on_line,
    raw_lines,
    read_lines,
)
from .source import open_file


@dataclass(frozen=True, slots=True)
class Columns:
    """What ``read_columns`` keeps of a valid file: enough to draw it, not its events."""

    header: TimelineFile
    """The file's header: its title, description, language, translations and actors."""
    columns: DensityColumns
    """Each event's start and its lanes by ``group_by``, named by their keys."""
    group_by: GroupBy | None
    timeline: Timeline | None
    """The whole timeline, when the file has ``keep`` events or fewer."""
    report: Report

    def __len__(self) -> int:
        return self.report.events


def read_columns(
    source: str | os.PathLike[str],
    *,
    group_by: GroupBy | None = "kind",
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    tz: str = "UTC",
    keep: int = DETAIL_LIMIT,
    max_problems: int | None = MAX_PROBLEMS,
) -> tuple[Columns | None, Report]:
    """Check a JSON Lines events file as ``timeline.read`` does, keeping only columns.

    Returns the columns (``None`` when there are errors) and the report, whose problems are
    those ``timeline.validate`` gives for the same file. ``group_by`` chooses the lanes kept
    (``None``: none, only checking); only events between ``start`` and ``end`` are kept (as
    ``Timeline.filter`` keeps them, in ``tz``), every one is checked, and up to ``keep`` of
    them are also kept whole, as a ``Timeline``. The report lists the first ``max_problems``
    problems (``None``: all) and counts the others.
    """
    if group_by is not None:
        group_by = check_group_by(group_by)
    name, path = str(source), Path(source)
    handle, size = open_file(source)
    with handle:
        head = read_head(handle, name)
    header = check_header(head, name)
    language = header.parsed.language if header.parsed else DEFAULT_LANGUAGE
    task = Task(name, str(path), header.actor_ids, group_by, keep, language, window(start, end, tz))
    joined = _Joined(name, path, head.problems + header.problems)
    with stage(f"checking {name}", total=size, unit="B") as advance:
        advance(head.region_start)
        chunk = check_lines(task, head.region_start, size, head.region_line)
        joined.add(chunk)
        advance(chunk.end - chunk.start)
    report = joined.report(max_problems)
    if not report.valid or header.parsed is None:
        return None, report
    kept = None
    if joined.kept is not None and len(joined.kept) <= keep:
        kept = Timeline.of_file(header.parsed, report, joined.kept)
    return Columns(header.parsed, joined.columns, group_by, kept, report), report


def load_columns(
    source: str | os.PathLike[str],
    *,
    group_by: GroupBy | None = "kind",
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    tz: str = "UTC",
    keep: int = DETAIL_LIMIT,
    max_problems: int | None = MAX_PROBLEMS,
) -> Columns:
    """``read_columns``, raising ``InvalidTimeline`` (with ``.report``) if anything is wrong."""
    columns, report = read_columns(
        source,
        group_by=group_by,
        start=start,
        end=end,
        tz=tz,
        keep=keep,
        max_problems=max_problems,
    )
    if columns is None:
        raise InvalidTimeline(report)
    return columns


# -- the first lines: the header, read before the events are shared out ------------------------


@dataclass
class Head:
    problems: list[Problem]
    header: dict[str, Any]
    header_text: str
    header_line: int
    region_start: int
    """Where the events begin (bytes): after the header, or at the first line that is JSON."""
    region_line: int


def read_head(handle: Any, name: str) -> Head:
    """Lines up to the first that is JSON: the header if it is one (as ``read_lines`` decides)."""
    head = Head([], {}, "", 0, 0, 1)
    for number, offset, raw in raw_lines(handle, name):
        head.region_start, head.region_line = offset, number
        line = decode_line(raw, name, number)
        if not line.strip():
            continue
        data = json_data(line)
        if data is NOT_FAST:
            doc = parse_json(line, name)
            if doc.problems:
                head.problems += [on_line(p, number) for p in doc.problems]
                continue
            data = doc.data
        if is_header(data):
            head.header, head.header_text, head.header_line = data, line, number
            head.region_start, head.region_line = offset + len(raw), number + 1
        return head
    head.region_start = handle.tell()  # nothing but blank and broken lines
    return head


@dataclass
class Header:
    problems: list[Problem]
    parsed: TimelineFile | None
    actor_ids: frozenset[str]


def check_header(head: Head, name: str) -> Header:
    """The header's problems, as the whole file's validation reports them."""
    problems = []
    try:
        parsed: TimelineFile | None = TimelineFile.model_validate({**head.header, "events": []})
    except ValidationError as exc:
        parsed = None
        doc = read_lines([head.header_text], name, start=head.header_line)
        problems = translate_errors(exc, doc)
    raw_actors = head.header.get("actors")
    actor_ids = frozenset(raw_actors) if isinstance(raw_actors, dict) else frozenset()
    return Header(problems, parsed, actor_ids)


# -- lines, checked one by one -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Task:
    name: str
    path: str
    actor_ids: frozenset[str]
    group_by: GroupBy | None
    keep: int
    language: str
    """The language of the file's own texts (its header's ``language``)."""
    window: tuple[float | None, float | None]
    """Seconds since 1970 between which events are kept (``None``: open)."""


@dataclass
class Lines:
    """What one chunk of lines holds. Indices are the chunk's own (from 0); lines are the file's."""

    start: int
    end: int
    events: int = 0
    syntax: list[Problem] = field(default_factory=list)
    model_problems: list[tuple[int, Problem]] = field(default_factory=list)
    findings: list[tuple[int, Problem]] = field(default_factory=list)
    ids: list[str | None] = field(default_factory=list)
    valid: bytearray = field(default_factory=bytearray)
    lines: array[int] = field(default_factory=lambda: array("q"))
    offsets: array[int] = field(default_factory=lambda: array("q"))
    parents: list[tuple[str, str]] = field(default_factory=list)
    references: list[tuple[int, PathKey, str]] = field(default_factory=list)
    columns: DensityColumns = field(default_factory=DensityColumns)
    kept: list[Event] | None = field(default_factory=list)


def check_lines(task: Task, start: int, end: int, number: int) -> Lines:
    """Check the lines from byte ``start`` (line ``number``) to byte ``end``."""
    chunk = Lines(start, end)
    with paused_gc(), open(task.path, "rb") as handle:
        handle.seek(start)
        for line_number, offset, raw in raw_lines(handle, task.name, number=number, end=end):
            line = decode_line(raw, task.name, line_number)
            if not line.strip():
                continue
            data = json_data(line)
            if data is NOT_FAST:
                doc = parse_json(line, task.name)
                if doc.problems:
                    chunk.syntax += [on_line(p, line_number) for p in doc.problems]
                    continue
                data = doc.data
            _check_event(task, chunk, data, line, line_number, offset)
    return chunk


def check_line(task: Task, line: str, number: int, offset: int, index: int) -> Lines:
    """One event's line (line ``number`` of the file, at byte ``offset``), checked as the
    event ``events[index]``: its problems, and the event when it is valid."""
    lines = Lines(offset, offset + len(line))
    data = json_data(line)
    if data is NOT_FAST:
        doc = parse_json(line, task.name)
        if doc.problems:
            lines.syntax += [on_line(p, number) for p in doc.problems]
            return lines
        data = doc.data
    with paused_gc():
        _check_event(task, lines, data, line, number, offset)
    lines.model_problems = [(0, moved(p, index)) for _, p in lines.model_problems]
    lines.findings = [(0, moved(p, index)) for _, p in lines.findings]
    return lines


def _check_event(
    task: Task,
    chunk: Lines,
    data: Any,
    line: str,
    number: int,
    offset: int,
) -> None:
    index = chunk.events
    chunk.events += 1
    raw_id = data.get("id") if isinstance(data, dict) else None
    chunk.ids.append(raw_id if isinstance(raw_id, str) else None)
    chunk.lines.append(number)
    chunk.offsets.append(offset)
    findings: list[Finding] = []
    if isinstance(data, Mapping):
        findings += actor_references(index, data, task.actor_ids)
        chunk.references += [(index, p, t) for p, t in relation_targets(data) if t is not None]
    try:
        event = Event.model_validate(data)
    except ValidationError as exc:
        chunk.valid.append(0)
        doc = event_line_document(line, task.name, number, data)
        chunk.model_problems += [(index, p) for p in translate_errors(exc, doc, ("events", 0))]
        chunk.kept = None
    else:
        chunk.valid.append(1)
        findings += event_findings(index, event, task.language)
        if event.part_of and event.part_of != event.id:
            chunk.parents.append((event.id, event.part_of))
        if task.window != (None, None):  # the span costs time on every line: only for a window
            begin, finish = event.bounds
            if not overlaps(begin, finish, *task.window):
                return
        if task.group_by is not None:
            chunk.columns.add_event(event, task.group_by)
        if chunk.kept is not None:
            chunk.kept.append(event)
            if len(chunk.kept) > task.keep:
                chunk.kept = None
    if findings:
        doc = event_line_document(line, task.name, number, data)
        for f in findings:
            path = ("events", 0, *f.path)
            chunk.findings.append(
                (index, located_problem(doc, f.code, f.message, path, f.severity))
            )


# -- joining the results, with the checks that need every line --------------------------------


@dataclass
class _Joined:
    """The chunks' results in file order, with the checks that need all of them."""

    name: str
    path: Path
    problems: list[Problem]
    findings: list[Problem] = field(default_factory=list)
    events: int = 0
    ids: list[str | None] = field(default_factory=list)
    valid: bytearray = field(default_factory=bytearray)
    lines: array[int] = field(default_factory=lambda: array("q"))
    offsets: array[int] = field(default_factory=lambda: array("q"))
    parents: dict[str, str] = field(default_factory=dict)
    references: list[tuple[int, PathKey, str]] = field(default_factory=list)
    columns: DensityColumns = field(default_factory=DensityColumns)
    kept: list[Event] | None = field(default_factory=list)

    def add(self, chunk: Lines) -> None:
        base = self.events
        self.problems += chunk.syntax
        self.problems += [moved(p, base + i) for i, p in chunk.model_problems]
        self.findings += [moved(p, base + i) for i, p in chunk.findings]
        self.events += chunk.events
        self.ids += chunk.ids
        self.valid += chunk.valid
        self.lines += chunk.lines
        self.offsets += chunk.offsets
        for event_id, parent in chunk.parents:  # as a dict comprehension over them would
            self.parents[event_id] = parent
        self.references += [(base + i, p, t) for i, p, t in chunk.references]
        self.columns.extend(chunk.columns)
        if self.kept is not None and chunk.kept is not None:
            self.kept += chunk.kept
        else:
            self.kept = None

    def report(self, max_problems: int | None) -> Report:
        known_ids = {i for i in self.ids if i is not None}
        found = [*duplicate_ids(enumerate(self.ids))]
        for index, path, target in self.references:
            found += unknown_event(index, path, target, self.ids[index], known_ids)
        found += part_of_cycles(self.parents, self._index_of())
        kept = ProblemList(max_problems)
        with paused_gc():
            for problem in [*self.problems, *self.findings, *map(self._located, found)]:
                kept.add(problem)
        return kept.report(self.name, events=self.events)

    def _index_of(self) -> Callable[[str], int]:
        last: dict[str, int] = {}

        def index_of(event_id: str) -> int:  # of the last valid event with it, as in checks.py
            if not last:
                last.update((i, n) for n, i in enumerate(self.ids) if self.valid[n] and i)
            return last[event_id]

        return index_of

    def _located(self, finding: Finding) -> Problem:
        with self.path.open("rb") as handle:
            handle.seek(self.offsets[finding.index])
            number = self.lines[finding.index]
            line = decode_line(handle.readline(), self.name, number)
        return located_finding(finding, line, self.name, number)


def moved(problem: Problem, index: int) -> Problem:
    """``problem`` of ``events[0]`` of a one-line document, as one of ``events[index]``."""
    assert problem.path[:2] == ("events", 0), problem.path
    return dataclasses.replace(problem, path=("events", index, *problem.path[2:]))


def located_finding(finding: Finding, line: str, name: str, number: int) -> Problem:
    """``finding`` (about ``events[finding.index]``, written on line ``number``) located."""
    data = json_data(line)
    if data is NOT_FAST:
        data = parse_json(line, name).data
    doc = event_line_document(line, name, number, data)
    path = ("events", 0, *finding.path)
    return moved(
        located_problem(doc, finding.code, finding.message, path, finding.severity),
        finding.index,
    )
