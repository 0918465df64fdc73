"""An events file's text to data with positions: YAML or JSON, by the fastest exact reader."""

from __future__ import annotations

from pathlib import Path

from ..core.document import Document
from .fast import read_fast
from .json_reader import parse_json
from .yaml_reader import parse_yaml


def guess_format(name: str, text: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in {".yaml", ".yml"}:
        return "yaml"
    if suffix == ".json":
        return "json"
    return "json" if text.lstrip()[:1] in {"{", "["} else "yaml"


def parse(text: str, name: str, fmt: str | None = None) -> Document:
    """Parse ``text`` as YAML or JSON (guessed from ``name`` when ``fmt`` is None)."""
    fmt = fmt or guess_format(name, text)
    # the common case of a large file goes through the fast readers, much faster
    try:
        fast = read_fast(text, name, "json" if fmt == "json" else "yaml")
    except Exception:  # the fast reader may only give up, never fail a read: rapidyaml and
        fast = None  # orjson refuse deep nesting with errors of their own
    if fast is not None:
        return fast
    return parse_json(text, name) if fmt == "json" else parse_yaml(text, name)
