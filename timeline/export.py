"""Exports that are data, not pictures: canonical JSON, and the JSON Schema of the file format."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .errors import UnsupportedFormat
from .models import TimelineFile

if TYPE_CHECKING:
    from .timeline import Timeline

EXPORT_FORMATS = ("json",)


def export(timeline: Timeline, format: str = "json") -> str:
    """``timeline`` as text in ``format``: ``json`` is the canonical form, which loads back
    into the same timeline."""
    if format == "json":
        return timeline.to_json()
    raise UnsupportedFormat(
        f"cannot export format {format!r}; use one of {', '.join(EXPORT_FORMATS)}"
    )


def schema() -> dict[str, Any]:
    """JSON Schema (2020-12) of the events file format, from the models."""
    document = TimelineFile.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **document,
    }


def schema_json() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"
