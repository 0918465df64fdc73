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
        └── UnknownZone              a time zone name the tz database does not have
"""

from __future__ import annotations

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
    "no-headline",
    "year-range",
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
    # between fields and events
    "duplicate-id",
    "unknown-event",
    "self-reference",
    "part-of-cycle",
    "unknown-actor",
    "end-before-start",
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
    """Every problem found in one input, errors and warnings apart."""

    file: str
    problems: tuple[Problem, ...] = field(default_factory=tuple)
    events: int = 0

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def valid(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "valid": self.valid,
            "events": self.events,
            "errors": [p.to_dict() for p in self.errors],
            "warnings": [p.to_dict() for p in self.warnings],
        }

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class TimelineError(ValueError):
    """Base of every error this library raises on purpose."""


class InvalidTimeline(TimelineError):
    """The input was read but has errors; ``report`` lists every one of them."""

    def __init__(self, report: Report) -> None:
        self.report = report
        count = len(report.errors)
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
