"""One table row as an events file's event: what the models check for a row the columnar rules
cannot decide. The row reads as ``timeline import`` reads a row of a CSV sheet
(``formats.csvfile``): text cells stripped and empty ones left out, ``kind`` ``other`` when
there is none, ``venue``/``city``/``country`` as the place, lists from ``|``-separated text or a
JSON array, participants as ``Name <id>``, sources as URLs."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ..core.claims import CLAIMABLE_FIELDS, claims_in_row, claims_in_text
from ..core.columns_map import COLUMNS, PLACE_COLUMNS
from ..formats.csvfile import split_list
from ..formats.mapping import parse_participant
from .sources import LIST_FIELDS, PLACE_TRANSLATIONS


def table_value(value: Any, ours: str) -> Any:
    """A cell as the text (or list of text) a CSV sheet would hold; ``None`` for an empty one.

    Dates and times are ISO text (an aware time in UTC, with ``Z``); in ``start`` and ``end``
    an integer of eight digits is the day it writes (20150215) and one of up to four a year.
    """
    if value is None:
        return None
    if isinstance(value, list | tuple):
        items = [_item(item) for item in value if item is not None and item != ""]
        return items or None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and ours in {"start", "end"}:
        if 10000101 <= value <= 99991231:
            text = str(value)
            return f"{text[:4]}-{text[4:6]}-{text[6:]}"
        if 1 <= value <= 9999:
            return f"{value:04d}"
    text = str(value).strip()
    return text or None


def _item(item: Any) -> Any:
    """A list's item: a source given as a record keeps its fields that are set."""
    if isinstance(item, dict):
        return {k: table_value(v, k) for k, v in item.items() if v is not None}
    return item


def event_data(cells: dict[str, Any]) -> dict[str, Any]:
    """The event a row's cells (our columns → ``table_value``) write."""
    event: dict[str, Any] = {}
    for column in COLUMNS:
        value = cells.get(column)
        if value is None or column in PLACE_COLUMNS:
            continue
        if isinstance(value, str) and column in CLAIMABLE_FIELDS:
            value = claims_in_text(value)  # a field's claims are JSON text, as in a CSV cell
            if not isinstance(value, str):
                event[column] = value
                continue
        if column in LIST_FIELDS or column == "sources":
            items = (
                value if isinstance(value, list) else split_list(value, objects=column == "sources")
            )
            if column == "participants":
                items = [parse_participant(i)[0] if isinstance(i, str) else i for i in items]
            elif column == "sources":
                items = [i if isinstance(i, dict) else {"url": i} for i in items]
            event[column] = items
        else:
            event[column] = value
    event.setdefault("kind", "other")
    if cells.get("translations") is not None:
        event["translations"] = _translations(cells["translations"])
    if cells.get("duration") is not None:
        event["duration"] = str(cells["duration"])
    if any(cells.get(c) is not None for c in PLACE_COLUMNS):
        event["place"] = {c: cells[c] for c in PLACE_COLUMNS if cells.get(c) is not None}
        if cells.get(PLACE_TRANSLATIONS) is not None:
            event["place"]["translations"] = _translations(cells[PLACE_TRANSLATIONS])
    return claims_in_row(event)  # outcomes split from a cell's text, duration


def _translations(value: Any) -> Any:
    """A row's translations: JSON text, or a record of languages whose members a table sets
    to null where a language has none."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value  # the models say what is wrong with it
    if isinstance(value, dict):
        found = {k: _translations(v) for k, v in value.items() if v is not None}
        return {k: v for k, v in found.items() if v != {}}
    return value
