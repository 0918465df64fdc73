"""JSON Lines events files (``events.jsonl``), read as a stream, line by line.

The format, for files too large to write or read as one document::

    {"title": "Mineral diplomacy", "actors": {"trump": {"name": "Donald Trump"}}}
    {"id": "tokyo-signing", "title": "…", "kind": "signing", "timezone": "Asia/Tokyo", …}
    {"id": "busan-summit", …}

* The first line may be a header: an object with only ``title``, ``description`` and/or
  ``actors`` (as in an events file). Every other line is one event, as in ``events:``.
* Blank lines are skipped. The file is UTF-8; its size is not limited, since it is never held
  in memory whole (the events themselves are, by ``load``; ``timeline.stream`` keeps only what
  a large chart needs). A line is at most ``MAX_LINE_BYTES`` long, so that a file with no line
  breaks (or a runaway writer) is refused with its line number instead of filling memory.
* Each problem is located at the line of its event (``events.jsonl:12345:57``). A line that is
  not JSON is reported and skipped; the other lines are still checked.
"""

from __future__ import annotations

import dataclasses
import os
from array import array
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ..core.document import Document, Position
from ..core.errors import PathKey, Problem, UnreadableInput
from .fast import NOT_FAST, json_data
from .json_reader import parse_json
from .limits import MAX_LINE_BYTES
from .source import open_file

SUFFIXES = (".jsonl", ".ndjson")
HEADER_KEYS = frozenset({"title", "description", "language", "translations", "actors"})


def is_jsonl(source: str | os.PathLike[str], format: str | None = None) -> bool:
    """Whether ``source`` is read as JSON Lines: ``format="jsonl"``, or, with no format given,
    a file whose suffix is one of ``SUFFIXES``."""
    if format is not None:
        return format == "jsonl"
    return Path(source).suffix.lower() in SUFFIXES


def read_file(source: str | os.PathLike[str], *, progress: Any = None) -> Document:
    """Read a JSON Lines events file from disk, one line at a time."""
    name = str(source)
    path = Path(source)
    handle, _size = open_file(source)
    offsets = array("q")  # where each line starts, to find it again for a position

    def lines() -> Iterable[str]:
        with handle:
            for number, offset, raw in raw_lines(handle, name):
                offsets.append(offset)
                if progress is not None:
                    progress(len(raw))
                yield decode_line(raw, name, number)

    def line_text(number: int) -> str:
        with path.open("rb") as again:
            again.seek(offsets[number - 1])
            return decode_line(again.readline(), name, number)

    return read_lines(lines(), name, line_text)


def raw_lines(
    handle: BinaryIO, name: str, *, number: int = 1, end: int | None = None
) -> Iterator[tuple[int, int, bytes]]:
    """Each line's number, offset and bytes, from where ``handle`` stands to ``end`` (bytes).

    ``number`` is the number of the line ``handle`` stands at. A line longer than
    ``MAX_LINE_BYTES`` raises ``UnreadableInput``, having read no more of it than that.
    """
    offset = handle.tell()
    while end is None or offset < end:
        raw = handle.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            raise UnreadableInput(
                f"{name}:{number}:1: line longer than {MAX_LINE_BYTES:,} bytes; a JSON Lines "
                "file holds one event per line (is this file JSON Lines?)"
            )
        yield number, offset, raw
        offset += len(raw)
        number += 1


def read_lines(
    lines: Iterable[str],
    name: str,
    line_text: Callable[[int], str] | None = None,
    *,
    start: int = 1,
) -> Document:
    """The events file that ``lines`` hold (see the module's docstring for the format).

    ``start`` is the number of the first line (for one line of a larger file).
    """
    kept: dict[int, str] = {}
    header: dict[str, Any] = {}
    header_line = 0
    events: list[Any] = []
    event_lines: list[int] = []
    problems: list[Problem] = []
    for number, line in enumerate(lines, start):
        if not line.strip():
            continue
        if line_text is None:
            kept[number] = line
        data = json_data(line)
        if data is NOT_FAST:  # the reference reader, with its messages
            doc = parse_json(line, name)
            if doc.problems:
                problems += [on_line(p, number) for p in doc.problems]
                continue
            data = doc.data
        if not events and not header_line and is_header(data):
            header, header_line = data, number
            continue
        events.append(data)
        event_lines.append(number)

    def text_of(number: int) -> str:
        return kept[number] if line_text is None else line_text(number)

    def locate(path: PathKey, key: bool) -> Position | None:
        if len(path) >= 2 and path[0] == "events" and isinstance(path[1], int):
            if not 0 <= path[1] < len(event_lines):
                return None
            number, inner = event_lines[path[1]], path[2:]
        elif path and path[0] in header and header_line:
            number, inner = header_line, path
        else:
            return (header_line or (event_lines[0] if event_lines else 1), 1) if not path else None
        return locate_on_line(text_of(number), name, number, inner, key)

    data = {**header, "events": events}
    return Document(data, name, problems, locate)


def is_header(data: Any) -> bool:
    """Whether a line's data is the file's header: an object with nothing but ``HEADER_KEYS``."""
    return isinstance(data, dict) and bool(data) and data.keys() <= HEADER_KEYS


def locate_on_line(line: str, name: str, number: int, path: PathKey, key: bool = False) -> Position:
    """Where the value at ``path`` inside line ``number`` is (its line's start when it is not
    there: a missing field)."""
    found = parse_json(line, name).locate(path, key=key)
    return (number, found[1]) if found else (number, 1)


def event_line_document(line: str, name: str, number: int, data: Any) -> Document:
    """One event's line as a document of one event, ``events[0]``, located in the file."""

    def locate(path: PathKey, key: bool) -> Position | None:
        if len(path) >= 2 and path[0] == "events" and path[1] == 0:
            return locate_on_line(line, name, number, path[2:], key)
        return None

    return Document({"events": [data]}, name, [], locate)


def on_line(problem: Problem, number: int) -> Problem:
    """``problem`` (of a document of one line) at line ``number`` of the file."""
    return dataclasses.replace(problem, line=number)


def decode_line(raw: bytes, name: str, number: int) -> str:
    """Line ``number`` as text: UTF-8 (a byte-order mark allowed on the first), no NUL."""
    if b"\x00" in raw:
        raise UnreadableInput(f"{name}: contains NUL bytes; this looks like a binary file")
    try:
        return raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableInput(
            f"{name}:{number}:{exc.start + 1}: not valid UTF-8 (byte 0x{raw[exc.start]:02x}); "
            "save the file as UTF-8"
        ) from None
