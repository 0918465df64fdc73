"""Exports that are data, not pictures: canonical JSON, the events file as YAML, other tools'
formats (TimelineJS, iCalendar, CSV, JSON-LD; see ``formats/``), and the JSON Schema."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import formats
from ..core.errors import UnsupportedFormat
from ..core.models import TimelineFile

if TYPE_CHECKING:
    from ..core.timeline import Timeline

EXPORT_FORMATS = ("json", *formats.WRITE_FORMATS)


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


def schema() -> dict[str, Any]:
    """JSON Schema (2020-12) of the events file format, from the models."""
    document = TimelineFile.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **document,
    }


def schema_json() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"
