"""Problems found in an events file, the report that collects them, and the one error base.

Exceptions (every error a public function raises on purpose is one of these)::

    TimelineError(ValueError)        base: catch this one
    ├── InvalidTimeline              the file has errors; ``.report`` holds every one
    ├── UnreadableInput              missing file, a directory, undecodable bytes, too large
    ├── UnsupportedFormat            a suffix or ``--format`` this version cannot read or write
    ├── UnknownOption                a theme, grouping, kind or date to filter by that is none
    │   └── UnsupportedLanguage      a ``--lang`` the chart has no words for
    ├── OutputError                  the output could not be written (nothing was left behind)
    └── TimeValueError               a value that is no point in time in its zone (``times``)
        ├── UnknownZone              a time zone name the tz database does not have
        ├── EdtfError                EDTF that is not level 0 or 1 as ``times`` reads it
        └── BeyondCalendar           a calendar date asked of a year beyond 1–9999, or of ``..``
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import asdict, dataclass, field
from typing import Literal, get_args

Severity = Literal["error", "warning"]
Code = Literal[
    # reading the file
    "empty",
    "top-level-type",
    "yaml-syntax",
    "yaml-character",
    "yaml-tag",
    "json-syntax",
    "json-unicode",
    "duplicate-key",
    "key-type",
    "too-deep",
    "alias-bomb",
    "alias-cycle",
    "number-too-long",
    # other tools' formats
    "csv-syntax",
    "extra-cells",
    "unknown-column",
    "ics-syntax",
    "ics-value",
    "not-timelinejs",
    "timelinejs-shape",
    "timelinejs-date",
    "no-title",
    "skipped",
    "repeats-cut",
    "ambiguous-date",
    "sheet-layout",
    "year-range",
    "jsonld-shape",
    "not-kept",
    "assumed-zone",
    "needs-timezone",
    # one field
    "missing-field",
    "unknown-field",
    "unknown-kind",
    "string-type",
    "list-type",
    "tuple-type",
    "dict-type",
    "model-type",
    "bool-type",
    "bool-parsing",
    "date-type",
    "date-from-datetime-parsing",
    "string-pattern-mismatch",
    "invalid-value",
    "id-format",
    "url-format",
    "url-scheme",
    "url-host",
    "unknown-country",
    "empty-translation",
    "claim-choice",
    "duration-format",
    # times
    "time-type",
    "time-format",
    "impossible-date",
    "impossible-time",
    "impossible-offset",
    "out-of-range",
    "nonexistent-time",
    "ambiguous-time",
    "offset-mismatch",
    "unknown-zone",
    "needs-zone",
    "edtf-form",
    # between fields and events
    "duplicate-id",
    "unknown-event",
    "self-reference",
    "part-of-cycle",
    "unknown-actor",
    "end-before-start",
    "open-start",
    "relation-order",
    "zone-country-mismatch",
    "own-language-translation",
    "translation-outcomes",
    "no-source",
    "unknown-source",
    "unsourced-claim",
    "early-source",
]
"""Every code a ``Problem`` can have: one closed list, documented in the README, since scripts
read them from ``timeline validate --json``."""
CODES: tuple[Code, ...] = get_args(Code)
PathKey = tuple[str | int, ...]
"""Where a value is in the data: mapping keys and list indices, from the top
(``("events", 2, "place", "country")``)."""

_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_UNSAFE_IN_LINES = re.compile(f"[{_CONTROLS}]")
_UNSAFE_IN_A_LINE = re.compile(f"[\t\n{_CONTROLS}]")


def printable(text: str, *, lines: bool = False) -> str:
    """``text`` safe to show on a terminal, every character of it visible.

    Control characters (an events file may hold ``"\\e[2J"``: escape sequences move the
    cursor, clear the screen, rewrite what was shown) and bidirectional overrides (which
    reorder it) are written as ``\\u001b``-style escapes. Line breaks and tabs are escaped
    too, so that one problem is one line, unless ``lines=True``.
    """
    unsafe = _UNSAFE_IN_LINES if lines else _UNSAFE_IN_A_LINE
    return unsafe.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input, pointing at where it is.

    ``path`` is the field's place in the data, a tuple (``("events", 2, "place", "country")``),
    shown as ``events[2].place.country``; ``code`` is one of ``CODES``, a stable name for
    scripts (``unknown-zone``); ``message`` is for people and, where we can, says how to fix it.
    """

    code: Code
    message: str
    file: str = "<string>"
    line: int | None = None
    column: int | None = None
    path: PathKey = ()
    event_id: str | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field_part = f" {format_path(self.path)}:" if self.path else ""
        label = "" if self.severity == "error" else " warning:"
        return printable(f"{where}:{label}{field_part} {self.message}")

    @property
    def field(self) -> str:
        """The path as it is shown: ``events[2].place.country``."""
        return format_path(self.path)

    def to_dict(self) -> dict[str, object]:
        """As ``timeline validate --json`` prints it: ``path`` as shown, ``loc`` as a list."""
        data = asdict(self)
        data["path"] = self.field
        data["loc"] = list(self.path)
        return data


def format_path(path: PathKey) -> str:
    """``events[2].place.country`` for ``("events", 2, "place", "country")``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


@dataclass(frozen=True, slots=True)
class Report:
    """Every problem found in one input, errors and warnings apart.

    A report lists at most ``max_problems`` of them (the first in the file, ``MAX_PROBLEMS``
    unless asked for more); ``more_errors`` and ``more_warnings`` count the ones not listed.
    """

    file: str
    problems: tuple[Problem, ...] = field(default_factory=tuple)
    events: int = 0
    more_errors: int = 0
    """Errors found but not listed in ``problems``: counted, not kept."""
    more_warnings: int = 0
    """Warnings found but not listed in ``problems``."""

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def error_count(self) -> int:
        """Every error found, listed or not."""
        return len(self.errors) + self.more_errors

    @property
    def warning_count(self) -> int:
        """Every warning found, listed or not."""
        return len(self.warnings) + self.more_warnings

    @property
    def not_listed(self) -> int:
        """Problems found but not listed (beyond ``max_problems``)."""
        return self.more_errors + self.more_warnings

    @property
    def valid(self) -> bool:
        return self.error_count == 0

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "valid": self.valid,
            "events": self.events,
            "errors": [p.to_dict() for p in self.errors],
            "warnings": [p.to_dict() for p in self.warnings],
            "error_count": self.error_count,
            "warning_count": self.warning_count,
        }

    def __str__(self) -> str:
        lines = [str(p) for p in self.problems]
        if self.not_listed:
            lines.append(printable(f"{self.file}: … and {self.not_listed} more not listed"))
        return "\n".join(lines)


MAX_PROBLEMS = 1000
"""Problems a report lists unless asked for more: the first ones in the file; the others are
counted. Each listed problem is located and explained, which for a file of 300,000 wrong
values (600 kB) took 18 seconds and 650 MB; the counted ones cost next to nothing."""

Order = tuple[int, ...]
"""Where a problem is in its input, for choosing the first ones: the position of each key and
index of its path in the data as read (``Document.order``), or a line and column."""


class ProblemList:
    """Problems as they are found, keeping the first ``limit`` in the input (``None``: every
    one) and counting the others, so that an input with a problem in every value takes time and
    memory for no more than ``limit`` of them.

    Ask ``wants(order)`` before making a problem that is costly to make (locating it, wording
    its message); when it is not wanted, ``skip`` counts it instead.
    """

    def __init__(self, limit: int | None = MAX_PROBLEMS) -> None:
        if limit is not None and limit < 1:
            raise ValueError(f"max_problems must be 1 or more, or None for all; got {limit}")
        self.limit = limit
        self._kept: list[tuple[Order, int, Problem]] = []  # in order; the last is dropped first
        self._arrival = itertools.count()  # keeps problems at the same place in arrival order
        self._more = {"error": 0, "warning": 0}

    def wants(self, order: Order) -> bool:
        """Whether a problem at ``order`` would be kept (else it only needs counting)."""
        return self.limit is None or len(self._kept) < self.limit or order < self._kept[-1][0]

    def add(self, problem: Problem, order: Order | None = None) -> None:
        """Keep ``problem`` if it is among the first ``limit``; count it (or the one it
        displaces) otherwise. ``order`` defaults to its line and column."""
        if order is None:
            order = (problem.line or 0, problem.column or 0)
        if not self.wants(order):
            self._more[problem.severity] += 1
            return
        bisect.insort(self._kept, (order, next(self._arrival), problem))
        if self.limit is not None and len(self._kept) > self.limit:
            self._more[self._kept.pop()[2].severity] += 1

    def skip(self, severity: Severity = "error", count: int = 1) -> None:
        """Count problems found but not made, because ``wants`` said no."""
        self._more[severity] += count

    def report(self, file: str, events: int = 0) -> Report:
        """The report: the problems kept, in the order they are shown (line, column, field)."""
        kept = sorted((problem for *_, problem in self._kept), key=problem_order)
        return Report(file, tuple(kept), events, self._more["error"], self._more["warning"])


def capped(report: Report, limit: int | None) -> Report:
    """``report`` listing its first ``limit`` problems (``None``: every one) and counting the
    others, for a report made whole (one whose problems all had to be found first)."""
    if limit is None or len(report.problems) <= limit:
        return report
    found = ProblemList(limit)
    for problem in report.problems:
        found.add(problem)
    found.skip("error", report.more_errors)
    found.skip("warning", report.more_warnings)
    return found.report(report.file, report.events)


def problem_order(problem: Problem) -> tuple[int, int, str]:
    """The order problems are shown in: by line, column and field."""
    return (problem.line or 0, problem.column or 0, format_path(problem.path))


class TimelineError(ValueError):
    """Base of every error this library raises on purpose."""


class InvalidTimeline(TimelineError):
    """The input was read but has errors; ``report`` lists every one of them."""

    def __init__(self, report: Report) -> None:
        self.report = report
        count = report.error_count
        noun = "error" if count == 1 else "errors"
        super().__init__(f"{report.file}: {count} {noun}\n{report}")


class UnreadableInput(TimelineError):
    """The input could not be read at all (missing, a directory, not text, too large)."""


class UnsupportedFormat(TimelineError):
    """A file suffix or format name that this version does not handle."""


class OutputError(TimelineError):
    """An output could not be written; any file that was there is left as it was."""


class UnknownOption(TimelineError):
    """An option that does not exist or cannot be read: a theme, a language, a way to group
    events, a date to filter by."""


class UnsupportedLanguage(UnknownOption):
    """A language the chart cannot be shown in (see ``timeline.locale.LANGUAGES``)."""
