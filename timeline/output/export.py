"""Exports that are data, not pictures: canonical JSON, the events file as YAML, other tools'
formats (TimelineJS, iCalendar, CSV, JSON-LD; see ``formats/``), and the JSON Schema."""

from __future__ import annotations

import ast
import inspect
import itertools
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import formats
from ..core import models
from ..core.claims import CLAIMABLE_FIELDS, CLAIMABLE_ITEMS, claims_schema
from ..core.errors import OutputError, UnsupportedFormat
from ..core.models import Claim, Event, TimelineFile

if TYPE_CHECKING:
    from ..core.timeline import Timeline

EXPORT_FORMATS = ("json", *formats.WRITE_FORMATS)
EVENTS_FORMATS = ("json", "yaml")
"""The export formats that are an events file: written over the file they were read from, they
rewrite it in its canonical form, as a formatter does."""


def export(timeline: Timeline, format: str = "json") -> str:
    """``timeline`` as text in ``format``: ``json`` is the canonical form, which loads back
    into the same timeline; ``yaml`` the events file; ``timelinejs``, ``ics``, ``csv`` and
    ``jsonld`` other tools' formats. What those cannot hold is listed by
    ``export_with_notes``."""
    return export_with_notes(timeline, format)[0]


def export_with_notes(timeline: Timeline, format: str = "json") -> tuple[str, list[str]]:
    """``timeline`` as text in ``format``, and one note per field the format could not keep
    (``"timelinejs: 'participants' of 12 events not kept"``)."""
    if format == "json":
        return timeline.to_json(), []
    if format in formats.WRITE_FORMATS:
        return formats.write(timeline, format)
    raise UnsupportedFormat(
        f"cannot export format {format!r}; use one of {', '.join(EXPORT_FORMATS)}"
    )


def export_format(path: str | os.PathLike[str] | None, format: str | None = None) -> str:
    """The format to export to: ``format`` if given, else the one the suffix of ``path``
    names (``.ics``, ``.csv``, ``.jsonld``, ``.yaml``), else canonical ``json``."""
    if format is not None or path is None:
        return format or "json"
    suffix = Path(path).suffix.lower()
    for name in formats.WRITE_FORMATS:
        if name != "timelinejs" and suffix in formats.FORMATS[name].suffixes:
            return name
    return "json"


def check_output(
    out: str | os.PathLike[str] | None,
    source: str | os.PathLike[str],
    format: str | None = None,
) -> None:
    """Refuse to write ``out`` when it is the input ``source`` (the same file, also through a
    link), which the output would destroy; unless ``format`` is one of ``EVENTS_FORMATS``, an
    export that writes the events back."""
    if out is None or str(out) == "-" or format in EVENTS_FORMATS:
        return
    try:
        same = os.path.samefile(out, source)
    except (OSError, ValueError):  # one of them does not exist (or cannot be a file name)
        return
    if same:
        raise OutputError(
            f"{out}: is the input file {source}; writing there would destroy it — give another "
            "--out"
        )


def schema() -> dict[str, Any]:
    """JSON Schema (2020-12) of the events file format, from the models.

    Each field is described by the docstring written under it in ``core/models.py`` (what
    pydantic's ``use_attribute_docstrings`` would do, read here rather than when the models are
    made, so that commands that only check a file do not pay for it).
    """
    document = TimelineFile.model_json_schema(mode="validation")
    claim_schema = Claim.model_json_schema(mode="validation")
    document["$defs"].update(claim_schema.pop("$defs", {}))  # Confidence
    document["$defs"][Claim.__name__] = claim_schema
    event = document["$defs"][Event.__name__]["properties"]
    claim = {"$ref": f"#/$defs/{Claim.__name__}"}
    for name in CLAIMABLE_FIELDS:
        event[name] = claims_schema(event[name], claim)
    for name in CLAIMABLE_ITEMS:
        event[name]["items"] = claims_schema(event[name]["items"], claim)
    described = field_docstrings()
    for name, definition in [(TimelineFile.__name__, document), *document["$defs"].items()]:
        properties = definition.get("properties", {})
        for field, text in described.get(name, {}).items():
            if field in properties:
                properties[field] = dict(sorted({**properties[field], "description": text}.items()))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **document,
    }


def field_docstrings() -> dict[str, dict[str, str]]:
    """The docstring under each field of each model in ``core/models.py``, by class and field."""
    tree = ast.parse(inspect.getsource(models))
    found: dict[str, dict[str, str]] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        for field, after in itertools.pairwise(node.body):
            if (
                isinstance(field, ast.AnnAssign)
                and isinstance(field.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                found.setdefault(node.name, {})[field.target.id] = inspect.cleandoc(
                    after.value.value
                )
    return found


def schema_json() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"
