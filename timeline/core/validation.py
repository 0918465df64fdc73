"""Data read from a file to a checked ``Timeline`` and a ``Report`` of every problem, located.

The data is validated against the models, then the checks that need more than one event run;
pydantic's errors become messages for people, with the fix in them where we know it, each
placed at the line and column the document gives for its path.
"""

from __future__ import annotations

import difflib
import functools
from typing import Any

from pydantic import TypeAdapter, ValidationError

from .checks import check_events, own_language_message, same_language
from .claims import Confidence
from .document import Document
from .errors import (
    CODES,
    MAX_PROBLEMS,
    Code,
    Order,
    PathKey,
    Problem,
    ProblemList,
    Report,
    format_path,
)
from .models import DEFAULT_LANGUAGE, MODEL_FIELDS, Actor, Claim, Event, Kind, Slug, TimelineFile
from .timeline import Timeline


def read_document(
    doc: Document, *, keep: bool = True, max_problems: int | None = MAX_PROBLEMS
) -> tuple[Timeline | None, Report]:
    """Validate parsed data; returns the timeline (or ``None``) and the report.

    With ``keep=False`` only the report is wanted: the events are checked but not ordered into
    a timeline (a tenth of the time of ``timeline validate`` on a large file). The report lists
    the first ``max_problems`` problems in the file (``None``: all) and counts the others.
    """
    found = ProblemList(max_problems)
    for problem in doc.problems:  # the reader's own, before any of the data's
        found.add(problem, ())
    if doc.data is None:
        if not doc.problems:
            found.add(
                Problem(
                    "empty", "the file has no content; it needs an 'events:' list", doc.name, 1, 1
                )
            )
        return None, found.report(doc.name)
    if not isinstance(doc.data, dict):
        found.add(
            Problem(
                "top-level-type",
                f"expected a mapping with an 'events:' list at the top, got {_kind_of(doc.data)}",
                doc.name,
                1,
                1,
            )
        )
        return None, found.report(doc.name)

    parsed, events = _validated(doc, found)
    raw_actors = doc.data.get("actors")
    actor_ids = set(raw_actors) if isinstance(raw_actors, dict) else set()
    language = _written_language(doc.data)
    for finding in check_events(events, _raw_events(doc.data), actor_ids, language=language):
        path: PathKey = ("events", finding.index, *finding.path)
        order = doc.order(path)
        if not found.wants(order):
            found.skip("warning" if finding.severity == "warning" else "error")
            continue
        message = finding.message
        if finding.also is not None:
            message += f" ({format_path(finding.also)}: {_where(doc, finding.also)})"
        found.add(
            located_problem(doc, finding.code, message, path, finding.severity, key=finding.key),
            order,
        )
    translations = doc.data.get("translations")
    for tag in translations if isinstance(translations, dict) else ():
        if isinstance(tag, str) and same_language(tag, language):
            message = own_language_message(tag, language)
            path = ("translations", tag)
            found.add(
                located_problem(doc, "own-language-translation", message, path, key=True),
                doc.order(path),
            )
    report = found.report(doc.name, events=len(_raw_events(doc.data)))
    if parsed is None or not report.valid or not keep:
        return None, report
    return Timeline.of_file(parsed, report), report


def _validated(
    doc: Document, found: ProblemList
) -> tuple[TimelineFile | None, list[tuple[int, Event]]]:
    """The file as a model (``None`` if anything in it is wrong), and the events that are
    valid on their own, with their index.

    The events, and the actors, are validated one at a time, so that a file with a wrong
    value in each of 300,000 events holds the errors of one event at a time, and only makes
    the problems that ``found`` keeps.
    """
    data: dict[str, Any] = doc.data
    events = data.get("events") if isinstance(data.get("events"), list) else None
    actors = data.get("actors") if isinstance(data.get("actors"), dict) else None
    head: TimelineFile | None = None
    one_by_one: dict[str, Any] = {"events": ()} if events is not None else {}
    if actors is not None:
        one_by_one["actors"] = {}
    try:
        head = TimelineFile.model_validate({**data, **one_by_one})
    except ValidationError as exc:
        _add_errors(exc, doc, (), found, ())
    valid_actors: dict[str, Actor] = {}
    for key, raw in (actors or {}).items():
        try:
            valid_actors.update(_ACTORS.validate_python({key: raw}))
        except ValidationError as exc:
            _add_errors(exc, doc, ("actors",), found, doc.order(("actors", key)))
    valid_events: list[tuple[int, Event]] = []
    events_at = doc.order(("events",))
    for index, raw in enumerate(events or ()):
        try:
            valid_events.append((index, Event.model_validate(raw)))
        except ValidationError as exc:
            _add_errors(exc, doc, ("events", index), found, (*events_at, index))
    if (
        head is None
        or len(valid_events) != len(events or ())
        or len(valid_actors) != len(actors or {})
    ):
        return None, valid_events
    parts: dict[str, Any] = {}
    if events is not None:
        parts["events"] = tuple(event for _, event in valid_events)
    if actors is not None:
        parts["actors"] = valid_actors
    return head.model_copy(update=parts), valid_events


_ACTORS = TypeAdapter(dict[Slug, Actor])


def _add_errors(
    exc: ValidationError, doc: Document, prefix: PathKey, found: ProblemList, at: Order
) -> None:
    """The errors of the part of the data at ``prefix`` into ``found``; only counted when
    ``found`` keeps none of them (they all come after ``at``, where the part begins)."""
    if found.wants(at):
        for problem in translate_errors(exc, doc, prefix):
            found.add(problem, doc.order(problem.path))
        return
    count = exc.error_count()
    if count > 1:  # a zone's error may come with start's and end's 'needs-zone': not reported
        errors = exc.errors(include_url=False, include_context=False, include_input=False)
        count = sum(err["type"] != "needs-zone" for err in errors)
    found.skip("error", count)


def _where(doc: Document, path: PathKey) -> str:
    """``FILE:LINE:COL`` of the value at ``path``, as a problem's own location is shown."""
    line, column = doc.locate(path) or (None, None)
    return ":".join(str(part) for part in (doc.name, line, column) if part is not None)


def _written_language(data: dict[str, Any]) -> str:
    """The file's language as written; a bad one is reported by the model's check."""
    language = data.get("language", DEFAULT_LANGUAGE)
    return language if isinstance(language, str) else DEFAULT_LANGUAGE


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
        try:
            return _unknown_kind(value)
        except TypeError:  # a list or mapping: not kept
            return _unknown_kind.__wrapped__(value)
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


@functools.lru_cache(maxsize=1024, typed=True)
def _unknown_kind(value: Any) -> str:
    """The message for a kind that is none, worked out once per distinct value."""
    allowed = [k.value for k in Kind]
    close = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.6)
    hint = f" — did you mean {close[0]!r}?" if close else "."
    return f"unknown kind {value!r}{hint} Allowed kinds: {', '.join(allowed)}"


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
