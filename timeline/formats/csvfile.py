"""CSV: one row per event under a header row, for spreadsheets.

Columns (any order; only ``title`` and ``start`` are needed on import)::

    id,title,kind,start,end,timezone,approximate,venue,city,country,participants,summary,
    outcomes,tags,part_of,follows,responds_to,notes,sources

* ``start``/``end`` are written as in an events file: local wall time at the place
  (``2025-10-28 10:40``), or a date, month or year alone. ``timezone`` is the IANA zone of the
  place; a row without one takes ``--timezone``, and a date-only row with neither is read in UTC.
* **Lists** (participants, outcomes, tags, follows, responds_to, sources) hold their items
  separated by ``|``: ``rare-earths | critical-minerals``. When the items cannot be written that
  way (an item contains ``|``, or a source has a publisher, title, date or language), the cell
  holds a JSON array instead — of strings, or for sources of objects with ``url``,
  ``publisher``, ``title``, ``published``, ``language``. Both forms are read.
* A participant is written ``Name <id>`` (``Sanae Takaichi <takaichi>``); on import each becomes
  an actor with that name (an item without ``<id>`` gets an id made from the name). Actors' role
  and country are not kept, nor the file's title and description.
* Missing ids are made from the titles; a missing ``kind`` is ``other``. Columns the events
  file has no field for are reported and not kept. Files from spreadsheets that use ``;`` or
  tabs between cells, and a UTF-8 byte-order mark, are read too.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
from typing import TYPE_CHECKING, Any

from ..core.claims import claims_in_text, is_claims
from ..core.columns_map import COLUMNS
from ..core.document import Document
from ..core.errors import PathKey, Problem
from ..core.ids import slugify
from .mapping import (
    DEFAULT_ZONE,
    IdMaker,
    Losses,
    assumed_zone_warning,
    claims_data,
    parse_participant,
    participant_text,
    written_time,
)

if TYPE_CHECKING:
    from ..core.models import Event
    from ..core.timeline import Timeline
    from ..core.times import TimePoint

TEXT_COLUMNS: tuple[str, ...] = ("id", "title", "kind", "start", "end", "timezone")
TEXT_COLUMNS += ("approximate", "summary", "part_of", "notes")
LIST_COLUMNS = ("outcomes", "tags", "follows", "responds_to")
PLACE_COLUMNS = ("venue", "city", "country")
CLAIMED_COLUMNS = ("title", "start", "end", "summary")
"""Text columns whose cell may hold a field's claims as JSON: ``{"claims": [...]}``."""


# ---------------------------------------------------------------------------------------------
# Reading


def read(text: str, name: str, *, timezone: str | None) -> Document:
    """A CSV file with a header row as events-file data (see the module docstring)."""
    rows, problems = _rows(text, name)
    if not rows:
        problems = problems or [Problem("empty", "the file has no header row", name, 1, 1)]
        return Document(None, name, problems)
    (_, header), body = rows[0], rows[1:]
    columns = [cell.strip().lower() for cell in header]
    problems += _unknown_columns(columns, name)
    records = []
    for line, row in body:
        if len(row) > len(columns) and any(cell.strip() for cell in row[len(columns) :]):
            problems.append(
                Problem(
                    "extra-cells",
                    f"the row has {len(row)} cells and the header {len(columns)}; the cells "
                    "past the last column are not kept",
                    name,
                    line,
                    1,
                    severity="warning",
                )
            )
        cells = {c: v.strip() for c, v in zip(columns, row, strict=False) if c in COLUMNS}
        records.append((line, {c: v for c, v in cells.items() if v}))
    ids = IdMaker(r["id"] for _, r in records if "id" in r)
    actors: dict[str, dict[str, str]] = {}
    events = [_event(record, ids, actors) for _, record in records]
    lines = [line for line, _ in records]
    problems += _zones(events, lines, timezone, name)
    data: dict[str, Any] = {"events": events}
    if actors:
        data = {"actors": actors, **data}

    def locate(path: PathKey, key: bool) -> tuple[int, int] | None:
        if len(path) >= 2 and path[0] == "events" and isinstance(path[1], int):
            return (lines[path[1]], 1) if path[1] < len(lines) else None
        return (1, 1) if len(path) <= 1 or path[0] == "actors" else None

    return Document(data, name, problems, locate)


def _rows(text: str, name: str) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """The non-blank rows with the line each starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text))
    rows, line = [], 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((line, row))
            line = reader.line_num + 1
    except csv.Error as exc:
        return [], [Problem("csv-syntax", f"CSV syntax error: {exc}", name, line, 1)]
    return rows, []


def _dialect(text: str) -> type[csv.Dialect]:
    header = text.split("\n", 1)[0]
    if "," in header:
        return csv.excel
    if "\t" in header:
        return csv.excel_tab
    if ";" in header:
        return _Semicolon
    return csv.excel


class _Semicolon(csv.excel):
    delimiter = ";"


def _unknown_columns(columns: list[str], name: str) -> list[Problem]:
    problems = []
    for column in columns:
        if column in COLUMNS or not column:
            continue
        close = [c for c in COLUMNS if slugify(c) == slugify(column)]
        close = close or difflib.get_close_matches(column, COLUMNS, n=1, cutoff=0.7)
        hint = f" — did you mean {close[0]!r}?" if close else f" (columns: {', '.join(COLUMNS)})"
        problems.append(
            Problem(
                "unknown-column",
                f"column {column!r} is not kept{hint}",
                name,
                1,
                1,
                severity="warning",
            )
        )
    return problems


def _event(
    cells: dict[str, str], ids: IdMaker, actors: dict[str, dict[str, str]]
) -> dict[str, Any]:
    event: dict[str, Any] = {c: cells[c] for c in TEXT_COLUMNS if c in cells}
    for column in CLAIMED_COLUMNS:
        if column in event:
            event[column] = claims_in_text(event[column])
    event.setdefault("id", ids.make(cells.get("title", "event")))
    event.setdefault("kind", "other")
    if any(c in cells for c in PLACE_COLUMNS):
        event["place"] = {c: cells[c] for c in PLACE_COLUMNS if c in cells}
    if "participants" in cells:
        written = claims_in_text(cells["participants"])
        if is_claims(written):  # each claim's value a list of participants
            for claim in written["claims"] if isinstance(written["claims"], list) else ():
                if isinstance(claim, dict) and isinstance(claim.get("value"), list):
                    claim["value"] = [_participant(i, actors) for i in claim["value"]]
            event["participants"] = written
        else:
            event["participants"] = [_participant(i, actors) for i in split_list(written)]
    for column in LIST_COLUMNS:
        if column in cells:
            event[column] = split_list(cells[column], objects=column == "outcomes")
    if "sources" in cells:
        event["sources"] = [
            item if isinstance(item, dict) else {"url": item}
            for item in split_list(cells["sources"], objects=True)
        ]
    return event


def _participant(item: Any, actors: dict[str, dict[str, str]]) -> Any:
    if not isinstance(item, str):
        return item  # not text: the events file's validation says so
    key, name = parse_participant(item)
    actors.setdefault(key, {"name": name})
    return key


def _zones(
    events: list[dict[str, Any]], lines: list[int], timezone: str | None, name: str
) -> list[Problem]:
    """Fill in each event's zone from ``--timezone``, or UTC for dates alone; a time of day with
    no zone at all is an error, reported once."""
    timed_without_zone, assumed = [], 0
    for index, event in enumerate(events):
        if "timezone" in event:
            continue
        if timezone is not None:
            event["timezone"] = timezone
        elif any(":" in str(event.get(key, "")) for key in ("start", "end")):
            timed_without_zone.append(index)
            event["timezone"] = DEFAULT_ZONE  # stands in; the error below keeps the file out
        else:
            event["timezone"] = DEFAULT_ZONE
            assumed += 1
    problems = [assumed_zone_warning(name, assumed)] if assumed else []
    if timed_without_zone:
        first, count = timed_without_zone[0], len(timed_without_zone)
        rows = "row has" if count == 1 else "rows have"
        problems.append(
            Problem(
                "needs-timezone",
                f"{count} {rows} a time of day but no timezone: fill the timezone column or "
                "pass --timezone ZONE (an IANA name such as Europe/Berlin)",
                name,
                lines[first],
                1,
                ("events", first, "timezone"),
                events[first].get("id"),
            )
        )
    return problems


def split_list(cell: str, *, objects: bool = False) -> list[Any]:
    """The items of a list cell: a JSON array, or text items separated by ``|``."""
    if cell.startswith("["):
        try:
            items = json.loads(cell)
        except json.JSONDecodeError:
            items = None
        if isinstance(items, list) and all(
            isinstance(i, str) or (objects and isinstance(i, dict)) for i in items
        ):
            return items
    return [item.strip() for item in cell.split("|") if item.strip()]


def join_list(items: list[Any]) -> str:
    """A list cell: items separated by `` | `` when that reads back the same, else JSON."""
    if all(isinstance(i, str) for i in items):
        text = " | ".join(items)
        if split_list(text) == items:
            return text
    return json.dumps(items, ensure_ascii=False)


# ---------------------------------------------------------------------------------------------
# Writing


def write(timeline: Timeline) -> tuple[str, list[str]]:
    """The timeline as CSV, one row per event in time order."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for event in timeline:
        writer.writerow([_cell(event, column, timeline) for column in COLUMNS])
    losses = Losses("csv")
    if timeline.title is not None:
        losses.add("title", "a CSV has rows only", unit="file")
    if timeline.description is not None:
        losses.add("description", "a CSV has rows only", unit="file")
    for actor in timeline.actors.values():
        if actor.role is not None or actor.country is not None:
            losses.add("role/country", "participants keep their name and id", unit="actor")
    losses.add_translations(timeline)
    for event in timeline:  # a place is three columns, and there is no column for a length
        losses.add_claims(
            event, kept={*CLAIMED_COLUMNS, "participants", "outcomes", "announcement"}
        )
    return out.getvalue(), losses.notes()


def _cell(event: Event, column: str, timeline: Timeline) -> str:
    claims = event.claims.get((column,))
    if claims is not None and column != "participants":
        write = _written_time_or_none if column in ("start", "end") else _as_written
        return json.dumps(claims_data(claims, write), ensure_ascii=False)
    match column:
        case "start":
            return written_time(event.start)
        case "end":
            return written_time(event.end) if event.end is not None else ""
        case "kind":
            return event.kind.value
        case "approximate":
            return "true" if event.approximate else ""
        case "venue" | "city" | "country":
            value = getattr(event.place, column) if event.place is not None else None
            return value or ""
        case "participants" if claims is not None:
            texts = claims_data(claims, lambda keys: [_participant_text(k, timeline) for k in keys])
            return json.dumps(texts, ensure_ascii=False)
        case "participants":
            return join_list([_participant_text(p, timeline) for p in event.participants])
        case "outcomes":
            return join_list(
                [_outcome_item(event, number) for number in range(len(event.outcomes))]
            )
        case "sources":
            return _sources_cell(event)
        case "tags" | "follows" | "responds_to":
            return join_list(list(getattr(event, column)))
    value = getattr(event, column)
    return "" if value is None else str(value)


def _outcome_item(event: Event, number: int) -> Any:
    claims = event.claims.get(("outcomes", number))
    return event.outcomes[number] if claims is None else claims_data(claims, _as_written)


def _written_time_or_none(point: TimePoint | None) -> str | None:
    return None if point is None else written_time(point)


def _as_written(value: Any) -> Any:
    return value


def _participant_text(key: str, timeline: Timeline) -> str:
    actor = timeline.actors.get(key)
    return participant_text(key, actor.name if actor is not None else None)


def _sources_cell(event: Event) -> str:
    details = [s.model_dump(mode="json", exclude_none=True) for s in event.sources]
    if all(set(d) == {"url"} for d in details):
        return join_list([s.url for s in event.sources])
    return json.dumps(details, ensure_ascii=False)
