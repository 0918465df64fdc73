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

from .errors import Problem, UnreadableInput
from .fastread import NOT_FAST, json_data
from .parse import Document, PathKey, Position, _parse_json, reading

SUFFIXES = (".jsonl", ".ndjson")
HEADER_KEYS = frozenset({"title", "description", "language", "translations", "actors"})
MAX_LINE_BYTES = 16 * 2**20
"""Longest line read (an event is rarely over a few kilobytes)."""


def is_jsonl(source: str | os.PathLike[str], format: str | None) -> bool:
    if format is not None:
        return format == "jsonl"
    return Path(source).suffix.lower() in SUFFIXES


def read_file(source: str | os.PathLike[str], *, progress: Any = None) -> Document:
    """Read a JSON Lines events file from disk, one line at a time."""
    name = str(source)
    path = Path(source)
    with reading(name):
        if path.is_dir():
            raise UnreadableInput(f"{name}: is a directory, not an events file")
        handle = path.open("rb")
    offsets = array("q")  # where each line starts, to find it again for a position

    def lines() -> Iterable[str]:
        with handle:
            for number, offset, raw in raw_lines(handle, name):
                offsets.append(offset)
                if progress is not None:
                    progress(len(raw))
                yield _decode(raw, name, number)

    def line_text(number: int) -> str:
        with path.open("rb") as again:
            again.seek(offsets[number - 1])
            return _decode(again.readline(), name, number)

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
            doc = _parse_json(line, name)
            if doc.problems:
                problems += [_on_line(p, number) for p in doc.problems]
                continue
            data = doc.data
        if not events and not header_line and _is_header(data):
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
        found = _parse_json(text_of(number), name).locate(inner, key=key)
        return (number, found[1]) if found else (number, 1)

    data = {**header, "events": events}
    return Document(data, name, problems, locate)


def _is_header(data: Any) -> bool:
    return isinstance(data, dict) and bool(data) and data.keys() <= HEADER_KEYS


def _on_line(problem: Problem, number: int) -> Problem:
    return dataclasses.replace(problem, line=number)


def _decode(raw: bytes, name: str, number: int) -> str:
    if b"\x00" in raw:
        raise UnreadableInput(f"{name}: contains NUL bytes; this looks like a binary file")
    try:
        return raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableInput(
            f"{name}:{number}:{exc.start + 1}: not valid UTF-8 (byte 0x{raw[exc.start]:02x}); "
            "save the file as UTF-8"
        ) from None
