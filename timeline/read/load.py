"""From a file or a text to a checked ``Timeline`` and a ``Report`` of every problem.

The path is: read the bytes (``source``), parse them keeping positions (``parse``, or
``jsonl`` line by line), then validate and order (``core.validation``). A JSON Lines file that
is only checked goes through ``stream``, which never holds it whole.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TypeGuard

from ..core.errors import MAX_PROBLEMS, InvalidTimeline, Report, UnreadableInput
from ..core.memory import paused_gc
from ..core.progress import stage
from ..core.timeline import Timeline
from ..core.validation import read_document
from .fast import FastDocument
from .jsonl import is_jsonl, read_lines
from .jsonl import read_file as read_jsonl
from .limits import max_bytes, too_large
from .parse import parse
from .source import check_text, decode, read_text

Source = str | os.PathLike[str]


def load(
    source: Source, *, format: str | None = None, max_problems: int | None = MAX_PROBLEMS
) -> Timeline:
    """Load an events file (YAML or JSON), or events text, as an ordered ``Timeline``.

    ``source`` is a path, or the text itself when it is a ``str`` with a line break or starting
    with ``{``. Raises ``InvalidTimeline`` (with ``.report``) if anything is wrong, and
    ``UnreadableInput`` if the file cannot be read. The report lists the first
    ``max_problems`` problems (``None``: every one) and counts the others.
    """
    timeline, report = read(source, format=format, max_problems=max_problems)
    if timeline is None:
        raise InvalidTimeline(report)
    return timeline


def loads(
    text: str | bytes,
    *,
    format: str = "yaml",
    name: str = "<string>",
    max_problems: int | None = MAX_PROBLEMS,
) -> Timeline:
    """Load events from text (``format`` is ``"yaml"`` or ``"json"``)."""
    timeline, report = _read_text(text, name, format, max_problems=max_problems)
    if timeline is None:
        raise InvalidTimeline(report)
    return timeline


def validate(
    source: Source, *, format: str | None = None, max_problems: int | None = MAX_PROBLEMS
) -> Report:
    """Check an events file and report every problem in it; never raises for bad content.

    The report lists the first ``max_problems`` problems in the file (``None``: every one) and
    counts the others. A JSON Lines file is checked line by line, and never held whole
    (``timeline.validate`` checks it on a query engine instead).
    """
    if not _is_text(source) and is_jsonl(source, format):
        from .stream import read_columns

        return read_columns(source, group_by=None, max_problems=max_problems)[1]  # no events kept
    if _is_text(source):
        return _read_text(source, "<string>", format, keep=False, max_problems=max_problems)[1]
    text, name = read_text(os.fspath(source))
    return _read_text(text, name, format, keep=False, max_problems=max_problems)[1]


def read(
    source: Source, *, format: str | None = None, max_problems: int | None = MAX_PROBLEMS
) -> tuple[Timeline | None, Report]:
    """The timeline (``None`` when there are errors) and the report for ``source``."""
    if _is_text(source):
        return _read_text(source, "<string>", format, max_problems=max_problems)
    if is_jsonl(source, format):  # streamed line by line, never held whole
        with paused_gc():
            size = Path(source).stat().st_size if Path(source).is_file() else None
            with stage(f"reading {source}", total=size, unit="B") as advance:
                doc = read_jsonl(source, progress=advance)
            with stage(f"checking {len(doc.data['events']):,} events"):
                return read_document(doc, max_problems=max_problems)
    text, name = read_text(os.fspath(source))
    return _read_text(text, name, format, max_problems=max_problems)


def _is_text(source: Source) -> TypeGuard[str]:
    """Whether ``source`` is events text rather than a path."""
    return isinstance(source, str) and ("\n" in source or source.lstrip().startswith("{"))


def _read_text(
    text: str | bytes,
    name: str,
    format: str | None,
    *,
    keep: bool = True,
    max_problems: int | None = MAX_PROBLEMS,
) -> tuple[Timeline | None, Report]:
    if isinstance(text, bytes):
        if len(text) > max_bytes():
            raise too_large(name, len(text))
        text = decode(text, name)
    check_text(text, name)
    if format == "jsonl":
        with paused_gc():
            # Lines end at line feeds only: U+2028 or U+0085 may stand inside a JSON string.
            lines = text.split("\n")
            return read_document(read_lines(lines, name), keep=keep, max_problems=max_problems)
    if format not in (None, "yaml", "json"):
        raise UnreadableInput(f"{name}: cannot read format {format!r}; use yaml, json or jsonl")
    with paused_gc():
        with stage(f"reading {name}"):
            doc = parse(text, name, format)
        with stage(f"checking {name}"):
            timeline, report = read_document(doc, keep=keep, max_problems=max_problems)
        if not report.valid and isinstance(doc, FastDocument):
            # The fast reader is exact for valid files; what is wrong with the others is said
            # by the reference reader, in its words (a duplicate key, a tag, a syntax error).
            # Where it reads the same data and finds nothing of its own, the problems are the
            # same (they were located by it), and are not looked for again.
            reference = doc.reference()
            if reference.problems or reference.data != doc.data:
                timeline, report = read_document(reference, keep=keep, max_problems=max_problems)
    return timeline, report
