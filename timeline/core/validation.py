"""Data read from a file to a checked ``Timeline`` and a ``Report`` of every problem, located.

The data is validated against the models, then the checks that need more than one event run;
pydantic's errors become messages for people, with the fix in them where we know it, each
placed at the line and column the document gives for its path.
"""

from __future__ import annotations

import contextlib
import difflib
from typing import Any

from pydantic import ValidationError

from .checks import check_events, own_language_message, same_language
from .claims import Confidence
from .document import Document
from .errors import CODES, Code, PathKey, Problem, Report, format_path
from .models import DEFAULT_LANGUAGE, MODEL_FIELDS, Actor, Claim, Event, Kind, TimelineFile
from .timeline import Timeline


def read_document(doc: Document, *, keep: bool = True) -> tuple[Timeline | None, Report]:
    """Validate parsed data; returns the timeline (or ``None``) and the report.

    With ``keep=False`` only the report is wanted: the events are checked but not ordered into
    a timeline (a tenth of the time of ``timeline validate`` on a large file).
    """
    problems = list(doc.problems)
    if doc.data is None and not problems:
        problems.append(
            Problem("empty", "the file has no content; it needs an 'events:' list", doc.name, 1, 1)
        )
    if problems and doc.data is None:
        return None, Report(doc.name, tuple(problems))
    if not isinstance(doc.data, dict):
        problems.append(
            Problem(
                "top-level-type",
                f"expected a mapping with an 'events:' list at the top, got {_kind_of(doc.data)}",
                doc.name,
                1,
                1,
            )
        )
        return None, Report(doc.name, tuple(problems))

    try:
        parsed: TimelineFile | None = TimelineFile.model_validate(doc.data)
    except ValidationError as exc:
        parsed = None
        problems += translate_errors(exc, doc)
    events, actor_ids = _valid_parts(parsed, doc.data)
    language = _written_language(doc.data)
    for finding in check_events(events, _raw_events(doc.data), actor_ids, language=language):
        path: PathKey = ("events", finding.index, *finding.path)
        problems.append(
            located_problem(
                doc, finding.code, finding.message, path, finding.severity, key=finding.key
            )
        )
    translations = doc.data.get("translations")
    for tag in translations if isinstance(translations, dict) else ():
        if isinstance(tag, str) and same_language(tag, language):
            message = own_language_message(tag, language)
            problems.append(
                located_problem(
                    doc, "own-language-translation", message, ("translations", tag), key=True
                )
            )
    problems.sort(key=problem_order)
    report = Report(doc.name, tuple(problems), events=len(_raw_events(doc.data)))
    if parsed is None or not report.valid or not keep:
        return None, report
    return Timeline.of_file(parsed, report), report


def _written_language(data: dict[str, Any]) -> str:
    """The file's language as written; a bad one is reported by the model's check."""
    language = data.get("language", DEFAULT_LANGUAGE)
    return language if isinstance(language, str) else DEFAULT_LANGUAGE


def _valid_parts(
    parsed: TimelineFile | None, data: dict[str, Any]
) -> tuple[list[tuple[int, Event]], set[str]]:
    """Events that are valid on their own, with their index, and the actor ids written."""
    raw_actors = data.get("actors")
    actor_ids = set(raw_actors) if isinstance(raw_actors, dict) else set()
    if parsed is not None:
        return list(enumerate(parsed.events)), actor_ids
    events = []
    for index, raw in enumerate(_raw_events(data)):
        with contextlib.suppress(ValidationError):  # reported by the whole-file validation
            events.append((index, Event.model_validate(raw)))
    return events, actor_ids


def _raw_events(data: dict[str, Any]) -> list[Any]:
    events = data.get("events")
    return events if isinstance(events, list) else []


# ---------------------------------------------------------------------------------------------
# pydantic's errors → problems for people


def translate_errors(exc: ValidationError, doc: Document, prefix: PathKey = ()) -> list[Problem]:
    """``exc`` as problems; ``prefix`` is where the data validated sits in ``doc``."""
    out = []
    for err in exc.errors(include_url=False):
        if err["type"] == "needs-zone":
            continue
        loc: PathKey = (*prefix, *err["loc"])
        on_key = bool(loc) and loc[-1] == "[key]"
        if on_key:
            loc = loc[:-1]
        message = _message(err, loc)
        on_key = on_key or err["type"] == "extra_forbidden"
        out.append(located_problem(doc, _code(err["type"]), message, loc, key=on_key))
    return out


def located_problem(
    doc: Document,
    code: Code,
    message: str,
    path: PathKey,
    severity: str = "error",
    *,
    key: bool = False,
) -> Problem:
    line, column = doc.locate(path, key=key) or (None, None)
    event_id = None
    if len(path) >= 2 and path[0] == "events" and isinstance(path[1], int):
        raw = _raw_events(doc.data)[path[1]] if path[1] < len(_raw_events(doc.data)) else None
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            event_id = raw["id"]
    return Problem(
        code,
        message,
        doc.name,
        line,
        column,
        path,
        event_id,
        "warning" if severity == "warning" else "error",
    )


_CODES: dict[str, Code] = {
    "missing": "missing-field",
    "extra_forbidden": "unknown-field",
    "enum": "unknown-kind",
    "string_too_short": "empty",
    "str_type": "string-type",
    **{code.replace("-", "_"): code for code in CODES},  # pydantic's, and ours through it
}


def _code(error_type: str) -> Code:
    """The code of a pydantic error type (or of ours, raised inside a model's validation);
    ``invalid-value`` for a type outside the closed list."""
    return _CODES.get(error_type, _CODES.get(error_type.replace("-", "_"), "invalid-value"))


def _message(err: Any, loc: PathKey) -> str:
    kind, value = err["type"], err.get("input")
    field = str(loc[-1]) if loc else ""
    if kind == "missing":
        return f"missing required field {field!r}"
    if kind == "extra_forbidden":
        fields = MODEL_FIELDS[_model_at(loc[:-1])]
        close = difflib.get_close_matches(field, fields, n=1, cutoff=0.6)
        hint = f" — did you mean {close[0]!r}?" if close else f" (allowed: {', '.join(fields)})"
        return f"unknown field {field!r}{hint}"
    if kind == "enum" and field == "confidence":
        levels = ", ".join(level.value for level in Confidence)
        return f"unknown confidence {value!r}: use one of {levels}"
    if kind == "enum":
        allowed = [k.value for k in Kind]
        close = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.6)
        hint = f" — did you mean {close[0]!r}?" if close else "."
        return f"unknown kind {value!r}{hint} Allowed kinds: {', '.join(allowed)}"
    if kind in {"string_type", "str_type"}:
        return f"expected text, got {_kind_of(value)}"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return f"expected a mapping (key: value lines), got {_kind_of(value)}"
    if kind in {"tuple_type", "list_type"}:
        example = "[a, b]" if isinstance(value, str) else "- item lines"
        return f"expected a list ({example}), got {_kind_of(value)}"
    if kind in {"bool_type", "bool_parsing"}:
        return f"expected true or false, got {_kind_of(value)}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind.startswith("date_") or kind == "date_type":
        return f"expected a date (YYYY-MM-DD), got {value!r}"
    if kind == "string_pattern_mismatch" and (field == "language" or _is_translation(loc)):
        return f"{value!r} is not a language tag such as 'de', 'en' or 'pt-BR'"
    return str(err["msg"])


def _is_translation(loc: PathKey) -> bool:
    """Whether ``loc`` is a key of a ``translations`` mapping (a language tag)."""
    return len(loc) >= 2 and loc[-2] == "translations"


def _model_at(path: PathKey) -> str:
    if len(path) >= 2 and path[-2] == "claims" and isinstance(path[-1], int):
        return Claim.__name__
    match path:
        case ():
            return TimelineFile.__name__
        case ("translations", str()):
            return "TimelineTranslation"
        case ("events", int()):
            return Event.__name__
        case ("events", int(), "translations", str()):
            return "EventTranslation"
        case ("events", int(), "place"):
            return "Place"
        case ("events", int(), "place", "translations", str()):
            return "PlaceTranslation"
        case ("events", int(), "sources", int()):
            return "Source"
        case ("actors", str()):
            return Actor.__name__
    return Event.__name__


def _kind_of(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, int | float):
        return f"a number ({_shortened(str(value))})"
    if isinstance(value, str):
        return f"text ({_shortened(value)!r})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _shortened(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def problem_order(problem: Problem) -> tuple[int, int, str]:
    return (problem.line or 0, problem.column or 0, format_path(problem.path))
