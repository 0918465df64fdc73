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

Files over ``PARALLEL_BYTES`` are cut into chunks at line breaks, checked by one process per
core, and the chunks' results are joined in file order, so that indices, messages and their
order are those of one pass. A file of ``DETAIL_LIMIT`` events or fewer is kept whole, as
``load`` keeps it, and drawn event by event.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing
import os
import signal
import threading
from array import array
from collections.abc import Callable, Iterator, Mapping
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
from .limits import MAX_LINE_BYTES
from .source import open_file

PARALLEL_BYTES = 32 * 2**20
"""Files larger than this are checked by several processes (about 40,000 events)."""
_CHUNKS_PER_WORKER = 4  # a few chunks each, so that a slow chunk does not hold the others up
_LANES = ("kind", "country", "actor", "tag")


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
    workers: int | None = 1,
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
    ``workers`` is the number of processes; ``None`` is one per core for a file over
    ``PARALLEL_BYTES``. The default, one, checks in this process: more start new Python
    processes, which import the calling script's
    ``__main__`` module again, so that script needs its ``if __name__ == "__main__":`` (the
    ``timeline`` command has it).
    """
    if group_by is not None:
        group_by = check_group_by(group_by)
    name, path = str(source), Path(source)
    handle, size = open_file(source)
    with handle:
        head = _read_head(handle, name)
    header = _check_header(head, name)
    if workers is None:
        workers = _cores() if size - head.region_start > PARALLEL_BYTES else 1
    language = header.parsed.language if header.parsed else DEFAULT_LANGUAGE
    task = _Task(
        name, str(path), header.actor_ids, group_by, keep, language, window(start, end, tz)
    )
    joined = _Joined(name, path, head.problems + header.problems)
    with stage(f"checking {name}", total=size, unit="B") as advance:
        advance(head.region_start)
        for chunk in _checked_chunks(task, head, size, workers):
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
    workers: int | None = 1,
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
        workers=workers,
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
class _Head:
    problems: list[Problem]
    header: dict[str, Any]
    header_text: str
    header_line: int
    region_start: int
    """Where the events begin (bytes): after the header, or at the first line that is JSON."""
    region_line: int


def _read_head(handle: Any, name: str) -> _Head:
    """Lines up to the first that is JSON: the header if it is one (as ``read_lines`` decides)."""
    head = _Head([], {}, "", 0, 0, 1)
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
class _Header:
    problems: list[Problem]
    parsed: TimelineFile | None
    actor_ids: frozenset[str]


def _check_header(head: _Head, name: str) -> _Header:
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
    return _Header(problems, parsed, actor_ids)


# -- one chunk of lines, checked in a worker process ---------------------------------------------


@dataclass(frozen=True, slots=True)
class _Task:
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
class _Chunk:
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


def _check_chunk(task: _Task, start: int, end: int, number: int) -> _Chunk:
    """Check the lines from byte ``start`` (line ``number``) to byte ``end``."""
    chunk = _Chunk(start, end)
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


def _check_event(
    task: _Task,
    chunk: _Chunk,
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


# -- sharing the chunks out, and joining their results ---------------------------------------------


def _checked_chunks(task: _Task, head: _Head, size: int, workers: int) -> Iterator[_Chunk]:
    start, number = head.region_start, head.region_line
    if workers <= 1 or size <= start:
        yield _check_chunk(task, start, size, number)
        return
    # cut while the first chunks are checked: the pool takes tasks from a generator as it goes
    pieces = _pieces(task, start, size, number, workers * _CHUNKS_PER_WORKER)
    context: Any = multiprocessing.get_context("spawn")
    if "forkserver" in multiprocessing.get_all_start_methods():
        # Not fork, since Polars' threads may be running here. The server imports what the
        # workers need once; each worker is a fork of it.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        _start_fork_server()
    with context.Pool(workers, initializer=_leave_interrupts_to_the_parent) as pool:
        yield from pool.imap(_check_piece, ((task, *piece) for piece in pieces))


def _start_fork_server() -> None:
    """Start the fork server with Ctrl-C ignored, which it keeps: it imports the workers'
    modules for a second before it ignores Ctrl-C itself, and would print a traceback."""
    from multiprocessing import forkserver

    if threading.current_thread() is not threading.main_thread():  # signals are the main's
        forkserver.ensure_running()
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGINT, previous)


def _leave_interrupts_to_the_parent() -> None:
    """Ctrl-C reaches every process of the terminal's group: the parent stops the pool (and
    says ``Aborted!``); a worker left to itself would print a traceback of its own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _check_piece(piece: tuple[_Task, int, int, int]) -> _Chunk:
    return _check_chunk(*piece)


def _pieces(
    task: _Task, start: int, size: int, number: int, count: int
) -> Iterator[tuple[int, int, int]]:
    """(start, end, first line number) of about ``count`` chunks, cut after a line break."""
    target = max((size - start) // count, 1 << 20)
    with open(task.path, "rb") as handle:
        handle.seek(start)
        while start < size:
            block = handle.read(target)
            if not block:
                break
            breaks = block.count(b"\n")
            while not block.endswith(b"\n"):  # on to the end of the line (read a piece at a time)
                block = handle.readline(MAX_LINE_BYTES)
                if not block:
                    break
                breaks += block.count(b"\n")
            end = handle.tell()
            yield start, end, number
            start, number = end, number + breaks


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

    def add(self, chunk: _Chunk) -> None:
        base = self.events
        self.problems += chunk.syntax
        self.problems += [_moved(p, base + i) for i, p in chunk.model_problems]
        self.findings += [_moved(p, base + i) for i, p in chunk.findings]
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
        data = json_data(line)
        if data is NOT_FAST:
            data = parse_json(line, self.name).data
        doc = event_line_document(line, self.name, number, data)
        path = ("events", 0, *finding.path)
        return _moved(
            located_problem(doc, finding.code, finding.message, path, finding.severity),
            finding.index,
        )


def _moved(problem: Problem, index: int) -> Problem:
    """``problem`` of ``events[0]`` of a one-line document, as one of ``events[index]``."""
    assert problem.path[:2] == ("events", 0), problem.path
    return dataclasses.replace(problem, path=("events", index, *problem.path[2:]))


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
