"""A large input checked and counted where it is: every row by the columnar rules, the rows they
cannot decide by the models, the checks across rows as joins, and the density view's counts.

The report is the one ``timeline.validate`` gives for the same events written as a file: the
same problems, messages and order. A problem is located at ``file:line:col`` in JSON Lines, and
at the row (as the line; the header is line 1 in CSV) and the column (from 1) in a table.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..core.checks import (
    Finding,
    duplicate_ids,
    event_findings,
    part_of_cycles,
    relation_targets,
    unknown_event,
)
from ..core.columns import DETAIL_LIMIT, BinCounts, DensityColumns, bin_interval
from ..core.columns_map import HEADER_KEY, ColumnMap
from ..core.document import Document
from ..core.errors import PathKey, Problem, Report, UnreadableInput, problem_order
from ..core.groups import GroupBy, check_group_by
from ..core.memory import paused_gc
from ..core.models import DEFAULT_LANGUAGE, Actor, Event, TimelineFile
from ..core.progress import stage
from ..core.timeline import Timeline, window
from ..core.validation import located_problem, translate_errors
from ..core.zone_rules import year_table
from ..read.jsonl import decode_line, raw_lines
from ..read.source import open_file
from ..read.stream import (
    Head,
    Lines,
    Task,
    check_header,
    check_line,
    located_finding,
    moved,
    read_columns,
    read_head,
)
from . import rules
from .backends import connect, is_duckdb
from .rows import event_data, table_value
from .sources import (
    MODELS_READ,
    Flat,
    arrow_table,
    jsonl_flat,
    read_table,
    suffix_kind,
    table_flat,
)

Labels = Callable[[list[str], Mapping[str, Actor]], Mapping[str, str]]
"""Names for lane keys (with the actors' registry), as the reader sees them (the view's
``lane_labels``)."""


@dataclass
class Checked:
    """What ``check`` found: the report and, when it is valid, what the chart needs."""

    report: Report
    header: TimelineFile
    bins: BinCounts | None = None
    """The density view's counts (``None``: the events are few enough to draw one by one)."""
    timeline: Timeline | None = None
    """The events in the window, when there are ``keep`` or fewer."""
    drawn: int = 0
    columns: DensityColumns | None = None
    """The chart's columns, when the file was checked line by line (its JSON reader refused
    it) and has more than ``keep`` events."""
    actors: Mapping[str, Actor] = field(default_factory=dict)
    """The actors the events name (the lanes by actor are named after them)."""


@dataclass
class Source:
    """An input for ``check``: a path (``.jsonl``, ``.parquet``, ``.csv``) or a table."""

    data: Any
    name: str
    mapping: ColumnMap = field(default_factory=ColumnMap)
    kinds: Mapping[str, str] | None = None
    timezone: str | None = None


def check(
    source: Source,
    *,
    engine: str | Any = "duckdb",
    group_by: GroupBy | None = "kind",
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    tz: str = "UTC",
    keep: int = DETAIL_LIMIT,
    labels: Labels | None = None,
) -> Checked:
    """Check ``source`` on ``engine``; count its events in the window ``start``..``end`` (in
    ``tz``) per lane (``group_by``, named by ``labels``) and bin, or keep them whole when there
    are ``keep`` or fewer. ``group_by=None`` only checks."""
    if group_by is not None:
        group_by = check_group_by(group_by)
    lo, hi = window(start, end, tz)
    con = connect(engine)
    run = _Run(con, source, _Wanted(group_by, start, end, tz, keep))
    try:
        with stage(f"checking {source.name}"):
            found = run.open()
            if found is not None:  # the per-line path decided the whole file
                return found
            report = run.report()
        if not report.valid or group_by is None:
            return Checked(report, run.header)
        with stage(f"counting {report.events:,} events"):
            return run.drawn(report, group_by, lo, hi, tz, keep, labels)
    except Exception as exc:
        if _interrupted(exc):
            raise KeyboardInterrupt from None
        raise
    finally:
        run.close()


def _interrupted(exc: Exception) -> bool:
    """Whether ``exc`` is DuckDB's word for Ctrl-C: its own exception while a query runs, a
    ``RuntimeError`` while a result is handed over as Arrow."""
    if type(exc).__name__ == "InterruptException":
        return True
    return isinstance(exc, RuntimeError) and str(exc) == "Query interrupted"


@dataclass(frozen=True)
class _Wanted:
    group_by: GroupBy | None
    start: str | dt.date | None
    end: str | dt.date | None
    tz: str
    keep: int


@dataclass
class _Explained:
    """The rows the models checked: their problems, and the valid ones as events."""

    problems: list[Problem] = field(default_factory=list)
    events: dict[int, Event] = field(default_factory=dict)


class _Run:
    def __init__(self, con: Any, source: Source, wanted: _Wanted) -> None:
        self.con = con
        self.source = source
        self.wanted = wanted
        self.explained = _Explained()
        self._header_rows = 0
        self._cached: list[Any] = []
        self.name = source.name
        self.header = TimelineFile(events=())
        self.actor_ids: frozenset[str] | None = None
        self.language = DEFAULT_LANGUAGE
        self.head_problems: list[Problem] = []
        self.flat: Flat | None = None
        self.path: Path | None = None
        self._lines: dict[int, tuple[int, int, str]] | None = None

    def cache(self, table: Any) -> Any:
        """``table`` computed once and kept by the engine until ``close``."""
        if not is_duckdb(self.con):
            cached = table.cache()
            self._cached.append(cached.release)
            return cached
        name = f"timeline_{os.getpid()}_{len(self._cached)}_{id(self)}"
        self.con.create_table(name, table, temp=True)
        self._cached.append(lambda: self.con.raw_sql(f'DROP TABLE IF EXISTS "{name}"'))
        return self.con.table(name)

    def close(self) -> None:
        """Drop what the engine kept."""
        for drop in reversed(self._cached):
            drop()
        self._cached.clear()

    # -- reading ---------------------------------------------------------------------------

    def open(self) -> Checked | None:
        data = self.source.data
        if isinstance(data, str | os.PathLike):
            path = Path(data)
            self.path = path
            kind = suffix_kind(path) or "jsonl"
            if kind == "jsonl":
                return self._open_jsonl(path)
            open_file(path)[0].close()  # missing, a directory: the same errors as any file
            raw = read_table(self.con, path, kind)
            if kind == "parquet":
                self._parquet_header(path)
        else:
            kind = "table"
            raw = read_table(self.con, data, kind)
        if not is_duckdb(self.con):  # numbered once: the engine may read in another order
            import ibis

            raw = self.cache(raw.mutate(_order=ibis.row_number())).drop("_order")
        self.flat = table_flat(
            raw,
            self.name,
            kind,
            self.source.mapping,
            kinds=self.source.kinds,
            timezone=self.source.timezone,
        )
        self._materialize()
        return None

    def _parquet_header(self, path: Path) -> None:
        """The header (title, actors …) a Parquet file may hold as JSON under ``HEADER_KEY`` of
        its metadata, as ``timeline diff`` reads it; its problems are the file's, unplaced."""
        import pyarrow.parquet as pq

        text = (pq.read_metadata(path).metadata or {}).get(HEADER_KEY.encode())
        if text is None:
            return
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise UnreadableInput(
                f"{self.name}: its metadata's '{HEADER_KEY}' is not a JSON object (a header)"
            )
        header = check_header(Head([], data, text.decode("utf-8", "replace"), 1, 0, 1), self.name)
        self.head_problems = [replace(p, line=None, column=None) for p in header.problems]
        if header.parsed is not None:
            self.header = header.parsed
            self.language = header.parsed.language
        self.actor_ids = header.actor_ids

    def _open_jsonl(self, path: Path) -> Checked | None:
        handle, _size = open_file(path)
        with handle:
            head = read_head(handle, self.name)
        header = check_header(head, self.name)
        self.head_problems = head.problems + header.problems
        if header.parsed is not None:
            self.header = header.parsed
            self.language = header.parsed.language
        self.actor_ids = header.actor_ids
        if head.problems or not is_duckdb(self.con):
            return self._per_line(path)
        self._header_rows = 1 if head.header else 0
        self.flat = jsonl_flat(self.con, path, self.name, self._header_rows)
        try:
            self._materialize()
        except Exception as exc:  # DuckDB's reader refuses it: broken or unusual lines
            if "duckdb" not in type(exc).__module__.lower():
                raise
            return self._per_line(path)
        return None

    def _per_line(self, path: Path) -> Checked:
        """The whole file checked line by line, by the models (``read.stream``)."""
        wanted = self.wanted
        columns, report = read_columns(
            path,
            group_by=wanted.group_by,
            start=wanted.start,
            end=wanted.end,
            tz=wanted.tz,
            keep=wanted.keep,
        )
        if columns is None:
            return Checked(report, self.header)
        kept = columns.timeline
        drawn = len(kept) if kept is not None else len(columns.columns)
        header = columns.header
        return Checked(report, header, None, kept, drawn, columns.columns, dict(header.actors))

    def _materialize(self) -> None:
        """Check every row in one query and keep only what the later queries read: writing
        the whole flat table (its texts, places and sources) cost more than checking it."""
        assert self.flat is not None
        flat, times = self.flat.table, self.flat.times
        years = times.select(
            zone=times.zone, start=rules.year_of(times.start), end=rules.year_of(times.end)
        ).distinct()
        needed = {
            (zone, int(year))
            for zone, *written in self._rows(years)
            for year in written
            if zone is not None and year is not None
        }
        self.years = self._memtable(year_table(needed))
        import pyarrow as pa

        names = {k: self.arrow_table(pa.table(v)) for k, v in rules.vocabulary().items()}
        checked = rules.checked(flat, self.years, names)
        keep = [
            "row", "id", "ok", "begin", "finish", "rank", "warn_sources", "kind", "country",
            "participants", "participant_names", "tags", "part_of", "follows", "responds_to",
        ]  # fmt: skip
        self.checked = self.cache(checked.select(*keep))
        if self.actor_ids is not None:  # on the copy: a second look at the source costs more
            registry = pa.table({"actor": pa.array(sorted(self.actor_ids), pa.string())})
            c, odd = self.checked, rules.strangers(self.checked, self.arrow_table(registry))
            if self._scalar(odd.count()):
                self.checked = self.cache(c.mutate(ok=c.ok & ~c.row.isin(odd.row)))
        self.flat.table = self.checked  # ids and links: the later queries read the copy
        self.flat.events = int(self._scalar(self.checked.count()))

    # -- the report ------------------------------------------------------------------------

    def report(self) -> Report:
        assert self.flat is not None
        c = self.checked
        table_rows = self.flat.kind != "jsonl"
        undecided = ~c.ok
        if not table_rows:  # the warning is placed by the line's own positions
            undecided = undecided | c.warn_sources
        found = self._rows(c.filter(undecided).select("row", "ok").order_by("row"))
        explained = self._explain([int(r) for r, _ok in found])
        not_ok = {int(r) for r, ok in found if not ok}
        explained.events = {r: e for r, e in explained.events.items() if r in not_ok}
        self.explained = explained
        problems = [*self.head_problems, *explained.problems]
        if table_rows:
            problems += self._no_sources()
        findings = self._duplicates() + self._references() + self._cycles(explained)
        problems += self._located(findings)
        with paused_gc():
            problems.sort(key=problem_order)
        return Report(self.name, tuple(problems), events=self.flat.events)

    def _no_sources(self) -> list[Problem]:
        c = self.checked
        found = c.filter(c.ok & c.warn_sources).select("row", "id").order_by("row")
        where = self._column_of("sources")
        return [
            Problem(
                "no-source",
                "no sources: add at least one report",
                self.name,
                self._line_of(int(r)),
                where,
                ("events", int(r), "sources"),
                event_id,
                "warning",
            )
            for r, event_id in self._rows(found)
        ]

    def _duplicates(self) -> list[Finding]:
        flat = self.flat.table if self.flat else None
        assert flat is not None
        named = flat.filter(flat.id.notnull())
        counted = named.group_by("id").agg(n=named.count())
        twice = counted.filter(counted.n > 1).select("id")
        if not self._scalar(twice.count()):
            return []
        pairs = flat.semi_join(twice, "id").select("row", "id").order_by("row")
        return list(duplicate_ids((int(r), i) for r, i in self._rows(pairs)))

    def _targets(self) -> Any:
        flat = self.flat.table if self.flat else None
        assert flat is not None
        part_of = flat.filter(flat.part_of.notnull()).select(
            "row", own=flat.id, target=flat.part_of
        )
        listed = [
            flat.select("row", own=flat.id, target=flat[name].unnest()) for name in _RELATIONS
        ]
        every = part_of
        for more in listed:
            every = every.union(more)
        return every.filter(every.target.notnull())

    def _references(self) -> list[Finding]:
        flat = self.flat.table if self.flat else None
        assert flat is not None
        targets = self._targets()
        ids = flat.filter(flat.id.notnull()).select(known=flat.id).distinct()
        unknown = targets.anti_join(ids, targets.target == ids.known)
        selfish = targets.filter(targets.target == targets.own)
        rows = sorted(
            {int(r) for (r,) in self._rows(unknown.select("row").union(selfish.select("row")))}
        )
        if not rows:
            return []
        known = frozenset(i for (i,) in self._rows(ids))
        found: list[Finding] = []
        for row, data in self._raw_rows(rows):
            own = data.get("id") if isinstance(data, dict) else None
            for path, target in relation_targets(data) if isinstance(data, dict) else []:
                found += unknown_event(row, path, target, own, known)
        return found

    def _cycles(self, explained: _Explained) -> list[Finding]:
        c = self.checked
        pairs = c.filter(c.ok & c.part_of.notnull() & (c.part_of != c.id)).select(
            "row", child=c.id, parent=c.part_of
        )
        extra = [
            (row, e.id, e.part_of)
            for row, e in explained.events.items()
            if e.part_of and e.part_of != e.id
        ]
        if not extra:  # prune the links that lead out of every circle: the first round here
            other = pairs.view()
            pairs = pairs.semi_join(other, pairs.parent == other.child)
        found = sorted([(int(r), ch, pa) for r, ch, pa in self._rows(pairs)] + extra)
        if not extra:
            found = _in_circles(found)
        if not found:
            return []
        parents: dict[str, str] = {}
        last: dict[str, int] = {}
        for row, child, parent in found:
            parents[child] = parent
            last[child] = row
        return list(part_of_cycles(parents, last.__getitem__))

    # -- rows the models check -------------------------------------------------------------

    def _explain(self, rows: list[int]) -> _Explained:
        explained = _Explained()
        if not rows:
            return explained
        assert self.flat is not None
        if self.flat.kind == "jsonl":
            task = self._task()
            self._read_lines(rows)
            for row in rows:
                number, offset, line = self._line(row)
                checked: Lines = check_line(task, line, number, offset, row)
                explained.problems += checked.syntax
                explained.problems += [p for _, p in checked.model_problems]
                explained.problems += [p for _, p in checked.findings]
                if checked.valid and checked.valid[0] and checked.kept:
                    explained.events[row] = checked.kept[0]
            return explained
        for row, cells in self._table_rows(rows):
            data = event_data(cells)
            doc = self._row_document(row, data)
            try:
                event = Event.model_validate(data)
            except ValidationError as exc:
                explained.problems += [
                    moved(p, row) for p in translate_errors(exc, doc, ("events", 0))
                ]
                continue
            explained.events[row] = event
            for f in event_findings(0, event, self.language):
                path = ("events", 0, *f.path)
                problem = located_problem(doc, f.code, f.message, path, f.severity, key=f.key)
                explained.problems.append(moved(problem, row))
        return explained

    def _task(self) -> Task:
        """What ``read.stream.check_line`` needs to check one line (and keep its event)."""
        actors = self.actor_ids or frozenset()
        return Task(self.name, str(self.path), actors, None, 1, self.language, (None, None))

    def _row_document(self, row: int, data: dict[str, Any]) -> Document:
        """Row ``row`` as a document of one event, ``events[0]``, located in the table."""
        line, column_of = self._line_of(row), self._column_of

        def locate(path: PathKey, _key: bool) -> tuple[int, int] | None:
            if len(path) >= 3 and path[0] == "events":
                inner = [str(part) for part in path[2:] if isinstance(part, str)]
                mine = inner[1] if inner[0] == "place" and len(inner) > 1 else inner[0]
                return (line, column_of(mine))
            if len(path) == 2 and path[0] == "events":
                return (line, 1)
            return None

        return Document({"events": [data]}, self.name, [], locate)

    def _line_of(self, row: int) -> int:
        """The line a table row is on: CSV's header is line 1; in other tables, the row's
        number from 1."""
        assert self.flat is not None
        return row + 2 if self.flat.kind == "csv" else row + 1

    def _column_of(self, ours: str) -> int:
        assert self.flat is not None
        return self.flat.columns.get(ours, 1)

    def _actors(self) -> dict[str, str]:
        c = self.checked
        pairs = c.select(
            "row", key=c.participants.unnest(), name=c.participant_names.unnest()
        ).filter(lambda t: t.key.notnull())
        first = pairs.group_by("key").agg(name=pairs.name.argmin(pairs.row))
        return {k: n for k, n in self._rows(first)}

    def _line(self, row: int) -> tuple[int, int, str]:
        """Line number, offset and text of the JSON Lines event ``row``."""
        if self._lines is None:
            raise AssertionError("lines not read")  # pragma: no cover
        return self._lines[row]

    def _read_lines(self, rows: Iterable[int]) -> None:
        """Find the lines of ``rows`` (events counted from the first line after the header)."""
        wanted = set(rows) | set(self._lines or ())
        found: dict[int, tuple[int, int, str]] = {}
        assert self.path is not None
        first_event = -1 if self.header_line_seen else 0
        index = first_event
        with self.path.open("rb") as handle:
            for number, offset, raw in raw_lines(handle, self.name):
                if not raw.strip():
                    continue
                if index in wanted:
                    found[index] = (number, offset, decode_line(raw, self.name, number))
                index += 1
        self._lines = found

    @property
    def header_line_seen(self) -> bool:
        return self.flat is not None and self.flat.kind == "jsonl" and self._header_rows == 1

    _header_rows = 0

    def _raw_rows(self, rows: list[int]) -> Iterable[tuple[int, Any]]:
        """The events ``rows`` as written (for the checks that read them)."""
        from ..read.fast import NOT_FAST, json_data
        from ..read.json_reader import parse_json

        assert self.flat is not None
        if self.flat.kind == "jsonl":
            self._read_lines(rows)
            for row in rows:
                _number, _offset, line = self._line(row)
                data = json_data(line)
                yield row, parse_json(line, self.name).data if data is NOT_FAST else data
            return
        for row, cells in self._table_rows(rows):
            yield row, event_data(cells)

    def _table_rows(self, rows: list[int]) -> Iterable[tuple[int, dict[str, Any]]]:
        assert self.flat is not None
        raw = self.flat.raw
        assert raw is not None
        picked = raw.filter(raw.row.isin(rows)).order_by("row").to_pyarrow().to_pylist()
        renamed = self.flat.mapping.renamed([c for c in raw.columns if c != "row"])
        kinds = self.source.kinds or {}
        for record in picked:
            cells: dict[str, Any] = {}
            for theirs, ours in renamed.items():
                value = table_value(record[theirs], ours)
                if value is not None:
                    cells[ours] = value
            if "kind" in cells and kinds:
                cells["kind"] = kinds.get(cells["kind"], kinds.get("*", cells["kind"]))
            if "timezone" not in cells and self.source.timezone is not None:
                cells["timezone"] = self.source.timezone
            for name in MODELS_READ:  # our layout's, as written
                if record.get(name) is not None and name not in renamed:
                    cells[name] = record[name]
            yield int(record["row"]), cells

    def _located(self, findings: list[Finding]) -> list[Problem]:
        if not findings:
            return []
        assert self.flat is not None
        if self.flat.kind == "jsonl":
            self._read_lines(f.index for f in findings)
            out = []
            for f in findings:
                number, _offset, line = self._line(f.index)
                out.append(located_finding(f, line, self.name, number))
            return out
        ids = dict(self._raw_ids([f.index for f in findings]))
        return [
            Problem(
                f.code,
                f.message,
                self.name,
                self._line_of(f.index),
                self._column_of(str(f.path[0])) if f.path else 1,
                ("events", f.index, *f.path),
                ids.get(f.index),
                "warning" if f.severity == "warning" else "error",
            )
            for f in findings
        ]

    def _raw_ids(self, rows: list[int]) -> Iterable[tuple[int, str | None]]:
        flat = self.flat.table if self.flat else None
        assert flat is not None
        for r, i in self._rows(flat.filter(flat.row.isin(rows)).select("row", "id")):
            yield int(r), i

    # -- the chart -------------------------------------------------------------------------

    def drawn(
        self,
        report: Report,
        group_by: GroupBy,
        lo: float | None,
        hi: float | None,
        tz: str,
        keep: int,
        labels: Labels | None,
    ) -> Checked:

        c = self.checked
        valid = c.filter(c.ok).select("row", "begin", "finish", "kind", "country",
                                      "participants", "tags")  # fmt: skip
        extra = [_event_row(row, e) for row, e in self.explained.events.items()]
        if extra:
            import pyarrow as pa

            rows = pa.Table.from_pylist(extra, schema=valid.schema().to_pyarrow())
            valid = valid.union(self.arrow_table(rows))
        us = rules.US
        if hi is not None:
            valid = valid.filter(valid.begin < int(hi * us))
        if lo is not None:
            bound = int(lo * us)
            valid = valid.filter(
                (valid.finish > bound) | ((valid.begin == bound) & (valid.finish == bound))
            )
        count = int(self._scalar(valid.count()))
        if count <= keep:
            rows = [int(r) for (r,) in self._rows(valid.select("row").order_by("row"))]
            timeline = Timeline.of_file(self._whole_header(), report, self._events(rows))
            return Checked(report, self.header, None, timeline, len(timeline), actors=self.actors)
        low, high = self._rows(valid.aggregate(lo=valid.begin.min(), hi=valid.begin.max()))[0]
        every, unit = bin_interval((high - low) / us)
        first = dt.datetime(1970, 1, 1) + dt.timedelta(microseconds=int(low))
        last = dt.datetime(1970, 1, 1) + dt.timedelta(microseconds=int(high))
        years = range(first.year - 1, last.year + 2)
        display = self._memtable(year_table((tz, y) for y in years))
        placed = valid.mutate(_year=rules.utc_year(valid.begin)).view()
        placed = placed.left_join(display, placed._year == display.year).select(
            placed, _instants=display.instants
        )
        seconds = placed.begin // us
        offset = placed._instants.filter(lambda s: (s.lo <= seconds) & (seconds < s.hi))[0].offset
        placed = placed.mutate(_offset=offset).view()
        binned = rules.with_bin(placed, placed._offset, every)
        binned = binned.select("row", "bin", **_lanes(binned, group_by))
        lanes = binned.select("row", "bin", key=binned.keys.unnest())
        keys = [k for (k,) in self._rows(lanes.select("key").distinct())]
        names = dict(labels(keys, self.actors)) if labels is not None else {k: k for k in keys}
        import pyarrow as pa

        named = self.arrow_table(pa.table({"key": list(names), "lane": list(names.values())}))
        joined = lanes.join(named, lanes.key == named.key).select("row", "bin", "lane")
        if len(set(names.values())) < len(names):  # two keys, one name: count an event once
            joined = joined.distinct()
        counted = joined.group_by("lane", "bin").agg(events=joined.count())
        counts = [(lane, int(b), int(n)) for lane, b, n in self._rows(counted)]
        bins = BinCounts(every, unit, counts, count)
        return Checked(report, self.header, bins, None, count, actors=self.actors)

    @property
    def actors(self) -> dict[str, Actor]:
        """The actors events name: the file's registry, or in a table those its participants
        name (``Name <id>``)."""
        if self.flat is not None and self.flat.kind != "jsonl":
            if self._table_actors is None:
                named = {k: Actor(name=n) for k, n in self._actors().items()}
                self._table_actors = {**named, **self.header.actors}  # a Parquet file's header
            return self._table_actors
        return dict(self.header.actors)

    _table_actors: dict[str, Actor] | None = None

    def _whole_header(self) -> TimelineFile:
        if self.flat is not None and self.flat.kind != "jsonl":
            return self.header.model_copy(update={"actors": self.actors})
        return self.header

    def _events(self, rows: list[int]) -> list[Event]:
        assert self.flat is not None
        events = []
        if self.flat.kind == "jsonl":
            task = self._task()
            self._read_lines(rows)
            for row in rows:
                number, offset, line = self._line(row)
                checked = check_line(task, line, number, offset, row)
                events += checked.kept or []
            return events
        for _row, cells in self._table_rows(rows):
            events.append(Event.model_validate(event_data(cells)))
        return events

    # -- the engine ------------------------------------------------------------------------

    def _rows(self, table: Any) -> list[tuple[Any, ...]]:
        frame = table.to_pyarrow()
        columns = [frame.column(i).to_pylist() for i in range(frame.num_columns)]
        return list(zip(*columns, strict=True)) if columns else []

    def _scalar(self, expression: Any) -> Any:
        return expression.to_pyarrow().as_py()  # not execute(): it would import pandas

    def _memtable(self, rows: list[dict[str, Any]]) -> Any:
        import pyarrow as pa

        interval = pa.struct([("lo", pa.int64()), ("hi", pa.int64()), ("offset", pa.int64())])
        arrow_schema = pa.schema(
            [
                ("zone", pa.string()),
                ("year", pa.int64()),
                ("walls", pa.list_(interval)),
                ("instants", pa.list_(interval)),
            ]
        )
        return self.arrow_table(pa.Table.from_pylist(rows, schema=arrow_schema))

    def arrow_table(self, table: Any) -> Any:
        """A small Arrow table of ours, where the engine's queries can join it."""
        return arrow_table(self.con, table)


_RELATIONS = ("follows", "responds_to")


def _in_circles(links: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """The (row, child, parent) links left once every link whose parent is no link's child is
    pruned, round after round (in one pass: a long chain would take a round per link)."""
    children = Counter(child for _row, child, _parent in links)
    by_parent: dict[str, list[int]] = {}
    for k, (_row, _child, parent) in enumerate(links):
        by_parent.setdefault(parent, []).append(k)
    pruned = [False] * len(links)
    waiting = [k for k, (_row, _child, parent) in enumerate(links) if not children[parent]]
    while waiting:
        k = waiting.pop()
        if pruned[k]:
            continue
        pruned[k] = True
        child = links[k][1]
        children[child] -= 1
        if not children[child]:
            waiting += by_parent.get(child, [])
    return [link for k, link in enumerate(links) if not pruned[k]]


def _lanes(t: Any, group_by: GroupBy) -> dict[str, Any]:
    import ibis

    none = ibis.literal([""], type="array<string>")
    match group_by:
        case "kind":
            keys = ibis.array([t.kind])
        case "country":
            keys = ibis.array([ibis.coalesce(t.country, "")])
        case "actor":
            keys = ibis.ifelse(ibis.coalesce(t.participants.length(), 0) == 0, none, t.participants)
        case "tag":
            keys = ibis.ifelse(ibis.coalesce(t.tags.length(), 0) == 0, none, t.tags)
    return {"keys": keys}


def _event_row(row: int, event: Event) -> dict[str, Any]:
    begin, finish = event.span
    return {
        "row": row,
        "begin": _us(begin),
        "finish": _us(finish),
        "kind": event.kind.value,
        "country": event.place.country if event.place else None,
        "participants": list(event.participants),
        "tags": list(event.tags),
    }


def _us(moment: dt.datetime) -> int:
    delta = moment - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds
