"""Claims: the values that different sources give for one field of an event, as written.

A claimed field holds a mapping with one key, ``claims``, instead of its value::

    start:
      claims:
        - {value: 2025-10-28 10:40, sources: [0], confidence: confirmed}
        - {value: 2025-10-27, said_by: "IANS, The Epoch Times", confidence: false}
    outcomes:
      - A framework was signed
      - claims:
          - {value: "$35bn over 3 years", sources: [5]}
          - {value: "$105bn", sources: [0], confidence: disputed}

The timeline uses one value, the first or the one marked ``use: true``; the others are kept.
This module finds the claims in an event's data and takes them apart from the value used,
before the event's own validators see it; each claimed value is then checked by the field's own
validator (``models.Event``), so a claim follows every rule its field follows.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .errors import Code, PathKey


class Confidence(StrEnum):
    """How far a claimed value can be trusted."""

    CONFIRMED = "confirmed"
    """Stated by a source that is in a position to know (an official record, several reports)."""
    LIKELY = "likely"
    """Probably right, not confirmed."""
    DISPUTED = "disputed"
    """Sources disagree and none settles it."""
    FALSE = "false"
    """Reported, but wrong; kept to say that it was reported."""


CLAIMABLE_FIELDS = ("title", "start", "end", "place", "participants", "summary", "duration")
"""Fields whose whole value may be a list of claims."""
CLAIMABLE_ITEMS = ("outcomes",)
"""List fields each of whose items may be a list of claims."""


def written_confidence(value: Any) -> Any:
    """A confidence as written, ``false`` read as YAML reads it (the boolean) too."""
    return Confidence.FALSE.value if value is False else value


def is_claims(value: Any) -> bool:
    """Whether a written value is a claims mapping (``{claims: [...]}``)."""
    # a dict, as every reader makes: this runs for several fields of every event
    return type(value) is dict and "claims" in value


def claims_in_text(text: str) -> Any:
    """A field's claims written as JSON text (``{"claims": [...]}``), where a format has only
    text for the field (a CSV cell, a Parquet column of text); else the text as it is."""
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            return text
        if is_claims(data):
            return data
    return text


def claims_in_row(row: dict[str, Any]) -> dict[str, Any]:
    """``row`` (an event's data read from a table) with each field and list item that holds its
    claims as JSON text (a CSV cell, a Parquet column of text) read as those claims."""
    for name in CLAIMABLE_FIELDS:
        if isinstance(row.get(name), str):
            row[name] = claims_in_text(row[name])
    for name in CLAIMABLE_ITEMS:
        if isinstance(row.get(name), list):
            row[name] = [claims_in_text(i) if isinstance(i, str) else i for i in row[name]]
    return row


@dataclass
class ClaimGroup:
    """The claims written for one field (``path``: ``("start",)``, ``("outcomes", 3)``)."""

    path: PathKey
    claims: list[Any]
    """Each claim as written (a mapping, when it is well formed)."""
    used: int | None
    """The index of the claim whose value the timeline uses; ``None`` when there is none."""


@dataclass
class Split:
    """An event's data with each claims mapping replaced by the value used."""

    data: dict[str, Any]
    groups: list[ClaimGroup]
    problems: list[tuple[PathKey, Code, str]] = field(default_factory=list)
    """Problems with the claims' form: (path in the event, code, message)."""


def split_claims(data: Any) -> Split | None:
    """``data`` (an event as written) with its claims apart; ``None`` when it has none, which
    is quick to find, since most events have none."""
    if type(data) is not dict:
        return None
    paths: list[PathKey] = [(name,) for name in CLAIMABLE_FIELDS if is_claims(data.get(name))]
    for name in CLAIMABLE_ITEMS:
        items = data.get(name)
        if type(items) is list or type(items) is tuple:
            paths += [(name, i) for i, item in enumerate(items) if is_claims(item)]
    if not paths:
        return None
    split = Split(dict(data), [])
    for path in paths:
        group = _group(data, path, split.problems)
        split.groups.append(group)
        if group.used is not None:  # else left as written; what is wrong is said once, above
            put(split.data, path, group.claims[group.used]["value"])
    return split


def _group(
    data: dict[str, Any], path: PathKey, problems: list[tuple[PathKey, Code, str]]
) -> ClaimGroup:
    written = at_path(data, path)
    for key in written:
        if key != "claims":
            problems.append(
                (
                    (*path, key),
                    "unknown-field",
                    f"unknown field {key!r}: a claimed value is written as 'claims:' alone, "
                    "a list of values each with its sources",
                )
            )
    claims = written["claims"]
    if not isinstance(claims, list) or not claims:
        problems.append(
            (
                (*path, "claims"),
                "invalid-value",
                "expected a list of claims (- value: …, sources: […]), at least one",
            )
        )
        return ClaimGroup(path, [], None)
    marked = [i for i, claim in enumerate(claims) if isinstance(claim, Mapping) and is_used(claim)]
    for extra in marked[1:]:
        problems.append(
            (
                (*path, "claims", extra, "use"),
                "claim-choice",
                f"claims[{marked[0]}] is already the value used: mark one claim only with "
                "'use: true'",
            )
        )
    used = used_index([i in marked for i in range(len(claims))])
    chosen = claims[used]
    if not isinstance(chosen, Mapping) or "value" not in chosen:
        return ClaimGroup(path, claims, None)  # the claim's own check says what is wrong
    if written_confidence(chosen.get("confidence")) == Confidence.FALSE.value:
        problems.append(
            (
                (*path, "claims", used, "confidence"),
                "claim-choice",
                "the value the timeline uses is marked false: put the right value first, or "
                "mark it with 'use: true'",
            )
        )
    return ClaimGroup(path, claims, used)


def used_index(marked: Sequence[bool]) -> int:
    """Which of a field's claims the timeline uses: the first marked ``use: true``, else the
    first."""
    return next((i for i, use in enumerate(marked) if use), 0)


def is_used(claim: Mapping[str, Any]) -> bool:
    return claim.get("use") is True


def at_path(data: Any, path: PathKey) -> Any:
    """The value at ``path`` in ``data`` (mappings, lists and models alike)."""
    value = data
    for key in path:
        value = (
            value[key]
            if isinstance(key, int) or isinstance(value, Mapping)
            else getattr(value, key)
        )
    return value


def put(data: dict[str, Any], path: PathKey, value: Any) -> None:
    """Set ``path`` (a field, or an item of a list field) in ``data`` to ``value``."""
    if len(path) == 1:
        data[str(path[0])] = value
    else:
        items = data[str(path[0])] = list(data[str(path[0])])
        items[int(path[1])] = value


def with_value(data: dict[str, Any], path: PathKey, value: Any) -> dict[str, Any]:
    """A copy of ``data`` (a split event's) with ``value`` at ``path``."""
    copy = dict(data)
    put(copy, path, value)
    return copy


_DESCRIBING = ("title", "description", "default", "examples")


def claims_schema(field: dict[str, Any], claim: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema of a claimable field (``field``, its own): its value, or a mapping with a
    list of claims of such values (``claim`` refers to the schema of one claim)."""
    value = {key: item for key, item in field.items() if key not in _DESCRIBING}
    claims = {
        "type": "object",
        "properties": {
            "claims": {
                "type": "array",
                "minItems": 1,
                "items": {**claim, "properties": {"value": value}, "required": ["value"]},
            }
        },
        "required": ["claims"],
        "additionalProperties": False,
        "description": "The values sources give, each with its sources; the timeline uses the "
        "first, or the one marked 'use: true'.",
    }
    described = {key: item for key, item in field.items() if key in _DESCRIBING}
    return {**described, "anyOf": [value, claims]}
