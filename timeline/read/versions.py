"""Two versions of a large events file (JSON Lines, or Parquet), compared without holding either.

Each file is first checked as ``timeline validate`` checks it, unless the caller has (``api.diff``
checks them on the engine). Then
one pass over each keeps, of each event, its id, a digest of its data (64 bits of BLAKE2 over
its JSON with the keys sorted) and where its line is, as Polars columns: about 60 bytes an
event, where an ``Event`` takes 7 kB. Joined by id, equal digests are equal events; only the
others are read again, one at a time, and compared as ``core.diff`` compares events held whole
(an event written differently but the same, a time with or without its offset, is found the
same there). So ``diff_files`` gives what ``core.diff.diff_timelines`` gives for the same files.

A Parquet file is one row per event, its columns the events file's fields (``place`` and each
source a struct, lists as lists; a field's claims as JSON text, as in a CSV cell), and the
file's header (title, actors, …) as JSON under the key ``timeline`` of the file's metadata.
It is read in batches into JSON Lines in a temporary folder and compared as those; its problems
name its rows. (The columnar engine, when it comes, reads Parquet its own way; only
``_as_lines`` would change.)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import tempfile
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from ..core.claims import claims_in_row
from ..core.columns_map import HEADER_KEY, PLACE_COLUMNS
from ..core.diff import (
    Diff,
    EventChange,
    alone,
    changed,
    file_changes,
    rename_key,
    renamed,
    sort_changes,
)
from ..core.errors import InvalidTimeline, Report, UnreadableInput
from ..core.models import Event, TimelineFile
from ..core.progress import stage
from ..core.timeline import Timeline
from .fast import NOT_FAST, json_data
from .json_reader import parse_json
from .jsonl import SUFFIXES as JSONL_SUFFIXES
from .jsonl import decode_line, is_header, raw_lines

PARQUET_SUFFIXES = (".parquet", ".pq")


def is_streamed(path: str | os.PathLike[str]) -> bool:
    """Whether a file is compared as a stream: JSON Lines or Parquet."""
    return Path(path).suffix.lower() in (*JSONL_SUFFIXES, *PARQUET_SUFFIXES)


@dataclass
class Kept:
    """The events of the changes, when there are few enough to draw (``keep`` or fewer)."""

    new: list[Event] = field(default_factory=list)
    """Each changed, renamed or added event, as the new version has it."""
    removed: list[Event] = field(default_factory=list)
    header: TimelineFile | None = None
    """The new version's header, with the old version's actors too (removed events name
    them)."""


def diff_files(
    old: str | os.PathLike[str],
    new: str | os.PathLike[str],
    *,
    keep: int = 0,
    check: bool = True,
) -> tuple[Diff, Kept | None]:
    """The differences between two JSON Lines or Parquet events files, and (when there are at
    most ``keep`` changes) their events, to draw. Raises ``InvalidTimeline`` with the report of
    the first file that has errors, as ``timeline validate`` gives it; ``check=False`` skips
    that, for files known to be valid (checked before)."""
    with tempfile.TemporaryDirectory(prefix="timeline-diff-") as folder:
        files = [_as_lines(Path(path), Path(folder)) for path in (old, new)]
        for lines in files if check else ():
            lines.check()
        indexes = [_index(lines) for lines in files]
        return _compared(files[0], files[1], indexes[0], indexes[1], keep)


# -- the files as JSON Lines -------------------------------------------------------------------


@dataclass
class _Lines:
    """A file read as JSON Lines: ``path`` (the file, or its copy as JSON Lines), the name to
    report, and how many lines come before the first row (a Parquet file's header)."""

    path: Path
    name: str
    table: bool = False
    shift: int = 0

    def check(self) -> None:
        from .load import validate

        try:
            report = validate(self.path)
        except UnreadableInput as exc:
            raise UnreadableInput(str(exc).replace(str(self.path), self.name)) from None
        if not report.valid:
            raise InvalidTimeline(self.as_written(report))

    def as_written(self, report: Report) -> Report:
        """The report about the file itself: for a table, by row (``events.parquet:12:``)."""
        if not self.table:
            return report
        problems = tuple(
            dataclasses.replace(
                problem,
                file=self.name,
                line=None if problem.line is None else problem.line - self.shift,
                column=None,
            )
            for problem in report.problems
        )
        return Report(self.name, problems, report.events)


def _as_lines(path: Path, folder: Path) -> _Lines:
    if path.suffix.lower() not in PARQUET_SUFFIXES:
        return _Lines(path, str(path))
    import polars as pl

    copy = folder / f"{len(list(folder.iterdir()))}.jsonl"
    try:
        header = pl.read_parquet_metadata(path).get(HEADER_KEY)
        batches = pl.scan_parquet(path).collect_batches(chunk_size=10_000)
        with copy.open("wb") as out:
            if header:
                out.write(orjson.dumps(orjson.loads(header)) + b"\n")
            for batch in batches:
                for row in batch.iter_rows(named=True):
                    out.write(orjson.dumps(claims_in_row(_with_place(_without_nulls(row)))) + b"\n")
    except (OSError, pl.exceptions.PolarsError, orjson.JSONDecodeError) as exc:
        raise UnreadableInput(f"{path}: cannot be read as Parquet ({exc})") from None
    return _Lines(copy, str(path), table=True, shift=1 if header else 0)


def _with_place(row: dict[str, Any]) -> dict[str, Any]:
    """A row of the flat layout (``venue``, ``city`` and ``country`` columns, as a CSV export
    writes them and the engine reads them) with its place as an events file writes it."""
    if "place" not in row and any(name in row for name in PLACE_COLUMNS):
        row["place"] = {name: row.pop(name) for name in PLACE_COLUMNS if name in row}
    return row


def _without_nulls(value: Any) -> Any:
    """A row as events-file data: a null in a column is a field left out."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(item) for item in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


# -- the index: id, digest, where -------------------------------------------------------------


@dataclass
class _Index:
    header: dict[str, Any]
    ids: list[str]
    digests: array[int]
    offsets: array[int]


def _index(lines: _Lines) -> _Index:
    index = _Index({}, [], array("Q"), array("q"))
    size = lines.path.stat().st_size
    progress = stage(f"indexing {lines.name}", total=size, unit="B")
    with progress as advance, lines.path.open("rb") as handle:
        for number, offset, raw in raw_lines(handle, lines.name):
            advance(len(raw))
            data = _data(raw, lines.name, number)
            if data is None:
                continue
            if not index.ids and not index.header and is_header(data):
                index.header = data
                continue
            index.ids.append(data["id"])
            index.digests.append(_digest(data))
            index.offsets.append(offset)
    return index


def _data(raw: bytes, name: str, number: int) -> Any:
    """A checked line's data: orjson's reading, which is the reference reader's for any line
    it reads (a first line with a byte-order mark, say, goes the long way)."""
    try:
        return orjson.loads(raw) if raw.strip() else None
    except orjson.JSONDecodeError:
        line = decode_line(raw, name, number)
        data = json_data(line)
        return parse_json(line, name).data if data is NOT_FAST else data


def _digest(data: Any) -> int:
    text = orjson.dumps(data, option=orjson.OPT_SORT_KEYS)
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "little")


# -- the comparison ----------------------------------------------------------------------------


def _compared(
    old: _Lines, new: _Lines, before: _Index, after: _Index, keep: int
) -> tuple[Diff, Kept | None]:
    import polars as pl

    def frame(index: _Index) -> pl.DataFrame:
        return pl.DataFrame(
            {
                "id": pl.Series(index.ids, dtype=pl.String),
                "digest": pl.Series(index.digests, dtype=pl.UInt64),
                "offset": pl.Series(index.offsets, dtype=pl.Int64),
            }
        )

    with stage("comparing"):
        joined = frame(before).join(frame(after), on="id", how="full", coalesce=True)
        both = pl.col("digest").is_not_null() & pl.col("digest_right").is_not_null()
        same = joined.filter(both & (pl.col("digest") == pl.col("digest_right"))).height
        differing = joined.filter(both & (pl.col("digest") != pl.col("digest_right"))).sort(
            "offset"
        )
        gone = joined.filter(pl.col("digest_right").is_null()).sort("offset")["offset"]
        came = joined.filter(pl.col("digest").is_null()).sort("offset_right")["offset_right"]
    kept = Kept() if len(differing) + len(gone) + len(came) <= keep else None
    changes: list[EventChange] = []
    with old.path.open("rb") as old_file, new.path.open("rb") as new_file:
        old_at, new_at = _Reader(old_file, old.name), _Reader(new_file, new.name)
        for offset, offset_new in differing.select("offset", "offset_right").iter_rows():
            a, b = old_at(offset), new_at(offset_new)
            change = changed(a, b)
            if change is None:  # written differently, the same event
                same += 1
                continue
            changes.append(change)
            if kept is not None:
                kept.new.append(b)
        changes += _renames_and_the_rest(old_at, new_at, gone, came, kept)
    diff = Diff(
        old.name,
        new.name,
        tuple(sort_changes(changes)),
        unchanged=same,
        file=tuple(file_changes(_header(before), _header(after))),
    )
    if kept is not None:
        header = _header(after)
        actors = {**_header(before).actors, **header.actors}
        kept.header = header.model_copy(update={"actors": actors})
    return diff, kept


def load_table(path: str | os.PathLike[str]) -> Timeline:
    """A Parquet events file, loaded whole (for comparing it with a file of another format)."""
    from .load import load

    with tempfile.TemporaryDirectory(prefix="timeline-diff-") as folder:
        lines = _as_lines(Path(path), Path(folder))
        try:
            return load(lines.path)
        except InvalidTimeline as exc:
            raise InvalidTimeline(lines.as_written(exc.report)) from None


def _renames_and_the_rest(
    old_at: _Reader, new_at: _Reader, gone: Any, came: Any, kept: Kept | None
) -> Iterator[EventChange]:
    """The removed and added events, those of the same title and times paired as renamed, as
    ``core.diff.matched_renames`` pairs them; each event read when it is needed."""
    waiting: dict[tuple[Any, ...], list[int]] = {}
    removed: dict[int, EventChange] = {}
    for offset in gone:
        event = old_at(offset)
        waiting.setdefault(rename_key(event), []).append(offset)
        removed[offset] = alone("removed", event)
    for offset in came:
        event = new_at(offset)
        twins = waiting.get(rename_key(event))
        if twins:
            old_offset = twins.pop(0)
            del removed[old_offset]
            yield renamed(old_at(old_offset), event)
        else:
            yield alone("added", event)
        if kept is not None:
            kept.new.append(event)
    yield from removed.values()
    if kept is not None:
        kept.removed += [old_at(offset) for offset in removed]


class _Reader:
    """An event of a checked JSON Lines file, read again from where its line starts."""

    def __init__(self, handle: Any, name: str) -> None:
        self._handle = handle
        self._name = name

    def __call__(self, offset: int) -> Event:
        self._handle.seek(offset)
        # line 1 may start with a byte-order mark; no other line's number matters here
        raw = self._handle.readline()
        return Event.model_validate(_data(raw, self._name, 1 if offset == 0 else 2))


def _header(index: _Index) -> TimelineFile:
    return TimelineFile.model_validate({**index.header, "events": []})
