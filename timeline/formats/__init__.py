"""Other people's formats: TimelineJS JSON, iCalendar, CSV and schema.org JSON-LD, plus the
events file written as YAML.

Each format is one module with the same two functions (either may be missing):

* ``read(text, name, *, timezone) -> Document`` — the source as events-file data, with the
  source's own problems (located in it) and warnings for what the events file cannot hold. The
  data then goes through the same validation as a hand-written file (``load.read_document``).
* ``write(timeline) -> (text, notes)`` — the text, and one note per field the format could not
  keep (``"timelinejs: 'participants' of 12 events not kept"``).

Modules are imported only when their format is used, so that ``import timeline`` stays quick.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..core.document import Document
from ..core.errors import InvalidTimeline, TimelineError, UnsupportedFormat
from ..core.times import TimeValueError, load_zone
from ..core.validation import read_document
from ..read.source import decode, read_text

if TYPE_CHECKING:
    from ..core.timeline import Timeline


class Reader(Protocol):
    def __call__(self, text: str, name: str, *, timezone: str | None) -> Document: ...


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
        Format("timelinejs", "timelinejs", (".json",), readable=True, writable=True),
        Format("ics", "ics", (".ics", ".ical", ".ifb", ".icalendar"), readable=True, writable=True),
        Format("csv", "csvfile", (".csv",), readable=True, writable=True),
        Format("jsonld", "jsonld", (".jsonld",), readable=True, writable=True),
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
) -> Timeline:
    """Read a TimelineJS JSON, iCalendar or CSV file (or its text) into a checked ``Timeline``.

    ``format`` is ``"timelinejs"``, ``"ics"`` or ``"csv"``; left out, it comes from the file's
    suffix. ``timezone`` (an IANA name) is the zone of times the source gives without one.
    The result's ``report.warnings`` say what the events file could not keep. Raises
    ``InvalidTimeline`` with every problem, each located in the source file.
    """
    if isinstance(source, bytes):
        text, name = decode(source, "<bytes>"), "<bytes>"
    elif isinstance(source, str) and ("\n" in source or source.lstrip()[:1] in {"{", "["}):
        text, name = source, "<string>"
    else:
        text, name = read_text(os.fspath(source))
    if format is None and name.startswith("<"):
        raise UnsupportedFormat(f"{name}: give the format of the text (format=...)")
    fmt = import_format(name, format)
    if timezone is not None:
        try:
            load_zone(timezone)
        except TimeValueError as exc:
            raise TimelineError(f"{name}: --timezone: {exc.message}") from None
    document = FORMATS[fmt].reader()(text, name, timezone=timezone)
    timeline, report = read_document(document)
    if timeline is None:
        raise InvalidTimeline(report)
    return timeline


def write(timeline: Timeline, format: str) -> tuple[str, list[str]]:
    """``timeline`` as text in ``format`` (one of ``WRITE_FORMATS``) and notes on what was not
    kept."""
    return FORMATS[format].writer()(timeline)


__all__ = [
    "FORMATS",
    "IMPORT_FORMATS",
    "WRITE_FORMATS",
    "Format",
    "import_events",
    "import_format",
    "write",
]
