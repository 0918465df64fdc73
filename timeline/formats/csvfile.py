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
import functools
import io
import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..core.claims import claims_in_text, is_claims
from ..core.columns_map import (
    COLUMNS,
    PLACE_COLUMNS,
    column_key,
    missing_column_message,
    suggest,
)
from ..core.document import Document
from ..core.errors import Code, PathKey, Problem
from ..core.ids import is_slug, slugify
from ..core.models import Kind
from ..core.times import country_names
from .mapping import (
    DEFAULT_ZONE,
    IdMaker,
    ImportOptions,
    Losses,
    assumed_zone_warning,
    claims_data,
    made_title,
    parse_participant,
    participant_text,
    written_time,
)
from .sheet_dates import DateNotRead, ambiguous, clock_time, day_first_of, sheet_time
from .timelinejs import ERA_TAG, as_text

if TYPE_CHECKING:
    from ..core.models import Event
    from ..core.timeline import Timeline
    from ..core.times import TimePoint

KINDS = tuple(kind.value for kind in Kind)
TEXT_COLUMNS: tuple[str, ...] = ("id", "title", "kind", "start", "end", "timezone")
TEXT_COLUMNS += ("approximate", "summary", "part_of", "notes")
LIST_COLUMNS = ("outcomes", "tags", "follows", "responds_to")
CLAIMED_COLUMNS = ("title", "start", "end", "summary")
"""Text columns whose cell may hold a field's claims as JSON: ``{"claims": [...]}``."""


# ---------------------------------------------------------------------------------------------
# Reading


def read(text: str, name: str, options: ImportOptions) -> Document:
    """A CSV file with a header row as events-file data (see the module docstring)."""
    rows, problems = _rows(text, name)
    if not rows:
        problems = problems or [Problem("empty", "the file has no header row", name, 1, 1)]
        return Document(None, name, problems)
    (header_line, header), body = rows[0], rows[1:]
    sheet = _Sheet(name, header_line, [cell.strip() for cell in header], options)
    sheet.body = body
    layout = sheet.layout()
    if layout is None:
        return Document(None, name, problems + sheet.problems, items=len(body))
    events: list[dict[str, Any]] = []
    lines: list[int] = []
    for line, row in body:
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            sheet.warn(
                "extra-cells",
                f"the row has {len(row)} cells and the header {len(header)}; the cells past "
                "the last column are not kept",
                line,
            )
        cells = {
            key: unguarded(value.strip())
            for key, value in zip(sheet.keys, row, strict=False)
            if key and value.strip()
        }
        try:
            event = layout(cells, line)
        except SkippedRow as skipped:
            sheet.warn("skipped", f"row skipped: {skipped}", line)
            continue
        if event is not None:
            events.append(event)
            lines.append(line)
    ids = IdMaker(e["id"] for e in events if "id" in e)
    for event in events:
        if "id" not in event:
            title = event.get("title")
            event["id"] = ids.make(title if isinstance(title, str) else "event")
    problems += sheet.problems + sheet.losses.warnings(name)
    problems += _zones(events, lines, options.timezone, name)
    data: dict[str, Any] = {**sheet.top, "events": events}
    if sheet.actors:
        data = {"actors": sheet.actors, **data}

    def locate(path: PathKey, key: bool) -> tuple[int, int] | None:
        if len(path) >= 2 and path[0] == "events" and isinstance(path[1], int):
            return (lines[path[1]], 1) if path[1] < len(lines) else None
        if path and path[0] in sheet.top:
            return (sheet.top_line, 1)
        return None

    return Document(data, name, problems, locate, items=len(body))


class SkippedRow(ValueError):
    """A row that cannot become an event: the message says why."""


_OURS = frozenset(COLUMNS)
_LAYOUT_COLUMNS = 64
"""Headers longer than this are not looked at for another tool's layout (those have 18 at
most), so that a header of a million columns costs one pass."""
_GUARD = re.compile(r"'+[=+\-@\t\r]")
_TRIGGER = re.compile(r"'*[=+\-@\t\r]")


def guarded(cell: str) -> str:
    """A cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, or a tab
    or carriage return before one) with a ``'`` in front, as OWASP advises for CSV exports.
    A cell that already starts with ``'`` before such a character gets one more, so that
    ``unguarded`` gives back exactly what was written."""
    return "'" + cell if _TRIGGER.match(cell) else cell


def unguarded(cell: str) -> str:
    """The cell as it was before ``guarded``: one leading ``'`` less before a formula
    character."""
    return cell[1:] if _GUARD.match(cell) else cell


class _Sheet:
    """One sheet's header, its layout, and what reading it found."""

    def __init__(self, name: str, line: int, header: list[str], options: ImportOptions) -> None:
        self.name = name
        self.line = line
        self.header = header
        self.options = options
        self.problems: list[Problem] = []
        self.losses = Losses("csv")
        self.actors: dict[str, dict[str, str]] = {}
        self.top: dict[str, str] = {}
        self.top_line = line
        self.day_first: dict[str, bool | None] = {}
        self.body: list[tuple[int, list[str]]] = []
        # Layouts are told by a short header; a long one (a million columns) is ours or --map's.
        short = len(header) <= _LAYOUT_COLUMNS
        self.keys: list[str | None] = [column_key(c) for c in header] if short else []
        """The name each column's cells go by in a row: ours, or the layout's own."""

    def warn(self, code: Code, message: str, line: int | None) -> None:
        self.problems.append(Problem(code, message, self.name, line, 1, severity="warning"))

    def error(self, code: Code, message: str) -> None:
        self.problems.append(Problem(code, message, self.name, self.line, 1))

    def layout(self) -> Callable[[dict[str, str], int], dict[str, Any] | None] | None:
        """The function that makes an event of a row, by the header's layout; ``None`` (with
        errors) when the header lacks what an event needs."""
        keys = set(self.keys)
        if not self.options.columns.columns:
            if {"year", "headline"} <= keys:
                self.warn("sheet-layout", "read as TimelineJS's spreadsheet template", None)
                return TimelineJSRows(self).event
            if {"subject", "startdate"} <= keys:
                self.warn("sheet-layout", "read as Google Calendar's CSV layout", None)
                return GoogleRows(self).event
        return self._ours()

    def _ours(self) -> Callable[[dict[str, str], int], dict[str, Any] | None] | None:
        mapping = self.options.columns
        for theirs in mapping.missing(self.header) if mapping.columns else ():
            near = self.header[: _LAYOUT_COLUMNS * 16]  # difflib is slow: a wide header's start
            close = difflib.get_close_matches(theirs, near, n=1, cutoff=0.6)
            hint = f" — did you mean {close[0]!r}?" if close else ""
            self.error(
                "unknown-column",
                f"--map names the column {theirs!r}, which the header does not have{hint}",
            )
        renamed = mapping.renamed(self.header)
        reserved = set(mapping.columns) | set(mapping.columns.values())
        keys: list[str | None] = []
        taken: set[str] = set()
        for column in self.header:
            ours = renamed.get(column)
            if ours is None and (low := column.lower()) in _OURS and low not in reserved:
                ours = low  # our own names, written in any case ("Title")
            if ours is not None and ours in taken:
                ours = None  # a second column of the same name: the first one counts
            if ours is not None:
                taken.add(ours)
            keys.append(ours)
        self.keys = keys
        self._unknown([c for c, k in zip(self.header, keys, strict=True) if k is None and c])
        present = {k for k in keys if k}
        if "start" not in present:
            self.error("unknown-column", missing_column_message("start", self.header))
        if "title" not in present and not present & {"summary", "notes"}:
            self.error("unknown-column", missing_column_message("title", self.header))
        elif "title" not in present:
            source = "summary" if "summary" in present else "notes"
            self.warn(
                "no-title",
                f"no 'title' column; titles are made from the {source!r} column "
                f"({missing_column_message('title', self.header)})",
                self.line,
            )
        if any(p.severity == "error" for p in self.problems):
            return None
        return OurRows(self).event

    def _unknown(self, columns: list[str]) -> None:
        """One warning per column the events file has no field for, with the mapping it
        probably needs; past the first few, one warning for the rest (a sheet may have a
        million columns)."""
        shown = 20
        for column in columns[:shown]:
            if not column:
                continue
            self.warn("unknown-column", f"column {column!r} is not kept{_hint(column)}", self.line)
        if len(columns) > shown:
            rest = columns[shown:]
            self.warn(
                "unknown-column",
                f"{len(rest):,} more columns are not kept ({', '.join(map(repr, rest[:3]))}, …)",
                self.line,
            )

    def cells(self, key: str) -> list[str]:
        """Every cell of the column whose cells go by ``key``."""
        if key not in self.keys:
            return []
        index = self.keys.index(key)
        return [row[index] for _, row in self.body if len(row) > index]

    def time(self, column: str, cell: str) -> str:
        """A date or time cell in the events file's written form."""
        if column not in self.day_first:
            order = self.options.day_first
            self.day_first[column] = (
                order if order is not None else day_first_of(self.cells(column))
            )
        try:
            return sheet_time(cell, day_first=self.day_first[column])
        except DateNotRead as exc:
            raise SkippedRow(f"{column}: {exc}") from None


class OurRows:
    """Rows in our own layout (``COLUMNS``), or another one named by ``--map``."""

    def __init__(self, sheet: _Sheet) -> None:
        self.sheet = sheet

    def event(self, cells: dict[str, str], line: int) -> dict[str, Any]:
        for key in ("start", "end"):
            if key in cells and not is_claims(claims_in_text(cells[key])):  # claims: as written
                cells[key] = self.sheet.time(key, cells[key])
        if "title" not in cells:
            text = cells.get("summary") or cells.get("notes")
            if text is not None:
                cells["title"] = made_title((text,), cells.get("start", ""))
        event = _event(cells, self.sheet.actors)
        self._kind(event)
        self._country(event)
        return event

    def _kind(self, event: dict[str, Any]) -> None:
        """Another table's kinds (ACLED's ``Battles``) are not ours: read as ``other``, with the
        kind kept as a tag. A near miss of one of ours (``meting``) is left for validation to
        name."""
        kind = event["kind"]
        if kind in KINDS:
            return
        if kind.lower() in KINDS:
            event["kind"] = kind.lower()
            return
        if difflib.get_close_matches(kind.lower(), KINDS, n=1, cutoff=0.8):
            return
        tag = slugify(kind, "kind")
        event["kind"] = "other"
        event["tags"] = [tag, *[t for t in event.get("tags", []) if t != tag]]
        self.sheet.losses.add(
            "kind", f"not one of ours: read as 'other' and kept as a tag, e.g. {kind!r} as {tag!r}"
        )

    def _country(self, event: dict[str, Any]) -> None:
        """A country written by name (``Nigeria``) as its ISO code (``NG``)."""
        place = event.get("place")
        if not isinstance(place, dict):
            return
        country = place.get("country")
        if country is None or country in country_names():
            return
        code = _country_codes().get(country.casefold())
        if code is not None:
            place["country"] = code
            self.sheet.losses.add(
                "country", f"names written as codes, e.g. {country!r} as {code!r}"
            )


class TimelineJSRows:
    """Rows of TimelineJS's spreadsheet template (``TIMELINEJS_HEADER``)."""

    def __init__(self, sheet: _Sheet) -> None:
        self.sheet = sheet

    def event(self, cells: dict[str, str], line: int) -> dict[str, Any] | None:
        kind = cells.get("type", "").lower()
        headline, text = as_text(cells.get("headline")), as_text(cells.get("text"))
        if kind == "title":
            self.sheet.top = {k: v for k, v in (("title", headline), ("description", text)) if v}
            self.sheet.top_line = line
            for key in ("media", "background"):
                if key in cells:
                    self.sheet.losses.add(key.title(), unit="title row")
            return None
        start = self._when(cells, "")
        if start is None:
            raise SkippedRow("it has no Year (TimelineJS skips such rows too)")
        end = self._when(cells, "end")
        caption = cells.get("mediacaption")
        title = headline or made_title((text, caption), start)
        if headline is None:
            self.sheet.warn(
                "no-title", f"no Headline; the title is made from the row: {title!r}", line
            )
        event: dict[str, Any] = {"title": title, "kind": "other", "start": start}
        if end is not None:
            event["end"] = end
        if text is not None:
            event["summary"] = text
        url = cells.get("media", "")
        if url.startswith("//"):
            url = "https:" + url
        if re.fullmatch(r"https?://\S+", url):
            source = {"url": url, "title": caption, "publisher": cells.get("mediacredit")}
            event["sources"] = [{k: v for k, v in source.items() if v is not None}]
        elif url:
            self.sheet.losses.add("Media", "only web addresses become sources", unit="row")
        tags = [ERA_TAG] if kind == "era" else []
        if (group := cells.get("group")) is not None:
            tags.append(group if is_slug(group) else slugify(group, "group"))
            if tags[-1] != group:
                self.sheet.losses.add(
                    "Group", f"written as a tag, e.g. {group!r} as {tags[-1]!r}", unit="row"
                )
        if tags:
            event["tags"] = tags
        for key, column in (
            ("displaydate", "Display Date"),
            ("mediathumbnail", "Media Thumbnail"),
            ("background", "Background"),
        ):
            if key in cells:
                self.sheet.losses.add(column, unit="row")
        return event

    def _when(self, cells: dict[str, str], prefix: str) -> str | None:
        """``Year``/``Month``/``Day``/``Time`` (or the ``End`` ones) as a written time."""
        parts = [cells.get(f"{prefix}{part}") for part in ("year", "month", "day")]
        clock = cells.get(f"{prefix}time")
        if parts[0] is None:
            return None
        numbers: list[int] = []
        for name, part in zip(("Year", "Month", "Day"), parts, strict=True):
            if part is None:
                break
            try:
                numbers.append(int(part))
            except ValueError:
                raise SkippedRow(
                    f"{prefix.title()}{' ' if prefix else ''}{name} {part!r} is not a whole number"
                ) from None
        if not 1 <= numbers[0] <= 9999:
            raise SkippedRow(
                f"year {numbers[0]} cannot be held: an events file takes years 1 to 9999"
            )
        written = "-".join(f"{n:0{4 if i == 0 else 2}d}" for i, n in enumerate(numbers))
        if clock is not None:
            if len(numbers) < 3:
                raise SkippedRow(f"a {prefix.title()}{' ' if prefix else ''}Time needs a day")
            try:
                hour, minute, second = clock_time(clock)
            except DateNotRead as exc:
                raise SkippedRow(str(exc)) from None
            written += f" {hour:02d}:{minute:02d}" + (f":{second:02d}" if second else "")
        return written


class GoogleRows:
    """Rows of Google Calendar's CSV layout: ``Subject``, ``Start Date``, ``Start Time``,
    ``End Date``, ``End Time``, ``All Day Event``, ``Description``, ``Location``, ``Private``."""

    def __init__(self, sheet: _Sheet) -> None:
        self.sheet = sheet
        dates = sheet.cells("startdate") + sheet.cells("enddate")
        order = sheet.options.day_first
        if order is None:
            order = day_first_of(dates)
        if order is None:
            order = False
            if ambiguous(dates):
                sheet.warn(
                    "ambiguous-date",
                    "dates such as 05/03/2020 are read month first, as Google Calendar's CSV "
                    "layout writes them: pass --dayfirst if these are day first",
                    sheet.line,
                )
        sheet.day_first = {"startdate": order, "enddate": order}

    def event(self, cells: dict[str, str], line: int) -> dict[str, Any]:
        if "startdate" not in cells:
            raise SkippedRow("it has no Start Date")
        all_day = cells.get("alldayevent", "").lower() == "true"
        start = self._when(cells, "start", all_day)
        end = self._when(cells, "end", all_day) if "enddate" in cells else None
        description = cells.get("description")
        title = cells.get("subject") or made_title((description, cells.get("location")), start)
        if "subject" not in cells:
            self.sheet.warn(
                "no-title", f"no Subject; the title is made from the row: {title!r}", line
            )
        event: dict[str, Any] = {"title": title, "kind": "other", "start": start}
        if end is not None and end != start:
            event["end"] = end
        if description is not None:
            event["summary"] = description
        if "location" in cells:
            self.sheet.losses.add("Location", "an events-file place needs a country", unit="row")
        if "private" in cells:
            self.sheet.losses.add("Private", unit="row")
        return event

    def _when(self, cells: dict[str, str], which: str, all_day: bool) -> str:
        date = self.sheet.time(f"{which}date", cells[f"{which}date"])
        clock = cells.get(f"{which}time")
        if all_day or clock is None:
            return date
        try:
            hour, minute, second = clock_time(clock)
        except DateNotRead as exc:
            raise SkippedRow(str(exc)) from None
        return f"{date} {hour:02d}:{minute:02d}" + (f":{second:02d}" if second else "")


@functools.cache
def _country_codes() -> dict[str, str]:
    return {name.casefold(): code for code, name in country_names().items()}


def _hint(column: str) -> str:
    """`` — did you mean 'tags'?`` or `` — use --map start=event_date if it holds that``."""
    for ours in COLUMNS:
        if suggest(ours, [column]) == column:
            return f" — if it holds the {ours}, use --map {ours}={column}"
    close = [c for c in COLUMNS if slugify(c) == slugify(column)]
    close = close or difflib.get_close_matches(column.lower(), COLUMNS, n=1, cutoff=0.7)
    return f" — did you mean {close[0]!r}?" if close else ""


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


def _event(cells: dict[str, str], actors: dict[str, dict[str, str]]) -> dict[str, Any]:
    event: dict[str, Any] = {c: cells[c] for c in TEXT_COLUMNS if c in cells}
    for column in CLAIMED_COLUMNS:
        if column in event:
            event[column] = claims_in_text(event[column])
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
        elif str(event.get("start", "")).endswith("Z"):
            event["timezone"] = DEFAULT_ZONE  # a UTC instant ("… 10:00:00 UTC"): no guess
        elif any(":" in str(event.get(key, "")) for key in ("start", "end")):
            timed_without_zone.append(index)
            event["timezone"] = DEFAULT_ZONE  # stands in; the error below keeps the file out
        else:
            event["timezone"] = DEFAULT_ZONE
            assumed += "start" in event  # a row with no start says nothing about zones
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
        writer.writerow([guarded(_cell(event, column, timeline)) for column in COLUMNS])
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
