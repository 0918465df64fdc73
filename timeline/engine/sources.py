"""Inputs as one flat table of events, in the engine: JSON Lines, Parquet, CSV, or a dataframe.

Every source becomes the same columns (``FLAT``), one row per event in the order written, with
``row`` its index (``events[row]``). Text values are as written; lists are lists of text;
``sources`` a list of (url, publisher, title, published, language). ``plain`` says that the
row's shape is all there is to check: no field of another type, no unknown or repeated key, no
translations. ``rules.checked`` then decides which rows are valid; a row it cannot decide is
checked by the models themselves (``check``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.claims import CLAIMABLE_FIELDS, CLAIMABLE_ITEMS
from ..core.columns_map import PLACE_COLUMNS, ColumnMap, missing_column_message
from ..core.errors import UnknownOption, UnreadableInput
from ..core.models import EVENT_FIELDS, MODEL_FIELDS
from ..read.limits import MAX_LINE_BYTES
from .backends import is_duckdb

LIST_FIELDS = ("participants", "outcomes", "tags", "follows", "responds_to")
TEXT_FIELDS = ("id", "title", "kind", "timezone", "start", "end", "summary", "part_of", "notes")
SOURCE_FIELDS = MODEL_FIELDS["Source"]
TABLE_SUFFIXES = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv"}


@dataclass
class Flat:
    """A source read as the flat table, with what is needed to place its problems."""

    table: Any
    """The Ibis table: ``row``, our columns, ``plain``."""
    name: str
    kind: str
    """``jsonl``, ``parquet``, ``csv`` or ``table``."""
    path: Path | None = None
    columns: dict[str, int] = field(default_factory=dict)
    """Our column → its position in the source table (from 1), to place a problem in a table."""
    mapping: ColumnMap = field(default_factory=ColumnMap)
    raw: Any = None
    """The source table as it is (tables only), to read a row again for its problems."""
    times: Any = None
    """``zone``, ``start`` and ``end`` as written, in no order: what the zone table needs,
    read without numbering the rows (a window over every row makes the engine read every
    column)."""
    events: int = 0


def suffix_kind(source: str | os.PathLike[str]) -> str | None:
    """``parquet`` or ``csv`` for a file read as a table, by its suffix; ``None`` otherwise."""
    return TABLE_SUFFIXES.get(Path(source).suffix.lower())


# -- JSON Lines (DuckDB's reader) ---------------------------------------------------------------

_ALLOWED_KEYS = tuple(EVENT_FIELDS)


def _sql_list(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(f"'{item}'" for item in items) + "]"


# DuckDB keeps each field as its JSON text: a string is the text that starts with a quote, and
# reads as itself between the quotes when it holds no escape; each value is parsed once.
def _is_text(raw: str) -> str:
    return f"starts_with({raw}, '\"')"


def _unquoted(raw: str) -> str:
    return (
        f"CASE WHEN starts_with({raw}, '\"') THEN CASE WHEN contains({raw}, '\\') "
        f"THEN json_extract_string({raw}, '$') ELSE {raw}[2:-2] END END"
    )


def _leaf_ok(raw: str) -> str:
    """A member that may be text or null, or be left out."""
    return f"({raw} IS NULL OR {_is_text(raw)})"


def _all_items(items: str, rule: str) -> str:
    return f"coalesce(list_bool_and(list_transform({items}, lambda x: {rule})), true)"


_READ_AS = {
    **{name: "JSON" for name in _ALLOWED_KEYS},
    **{name: "JSON[]" for name in LIST_FIELDS},
}
"""How DuckDB's reader keeps each field, parsing each line once: values as their JSON text,
lists as lists of it."""


def _keys_written(json_text: str) -> str:
    """How many keys a JSON text has at most: each is followed by ``":`` (text that holds
    ``":`` counts more, which only sends its row to the models)."""
    return f"((length({json_text}) - length(replace({json_text}, '\":', ''))) // 2)"


def _members_set(struct: str, names: tuple[str, ...]) -> str:
    return " + ".join(f"({struct}.{n} IS NOT NULL)::INTEGER" for n in names)


_OBJECT_SIZE = MAX_LINE_BYTES
"""The longest line DuckDB's reader takes (a longer one is refused, and the file is read line
by line, where the limit is placed at its line). Not one byte more: with 2**24 + 1, DuckDB
spent twice the CPU reading 100,000 events on two threads."""


def jsonl_sql(path: Path) -> str:
    """DuckDB's query for the flat table of a JSON Lines file (every line, the header too).

    The place and the sources are read as records of their members' JSON text; a member that is
    not one of ours, or is null, shows as a key more than the record holds, and leaves the row
    to the models."""
    where = str(path).replace("'", "''")
    size = _OBJECT_SIZE
    values: list[str] = []
    shapes = [
        "list_has_all(" + _sql_list(_ALLOWED_KEYS) + ", keys)",
        "len(keys) = len(list_distinct(keys))",  # the map keeps a key written twice
    ]
    for name in TEXT_FIELDS:
        quoted = f'"{name}"'
        values.append(f"{_unquoted(quoted)} AS {quoted}")
        if name in {"id", "title", "kind", "timezone", "start"}:
            shapes.append(f"coalesce({_is_text(quoted)}, false)")
        else:
            shapes.append(_leaf_ok(quoted))
    for name in LIST_FIELDS:
        quoted = f'"{name}"'
        values.append(f"list_transform({quoted}, lambda x: {_unquoted('x')}) AS {quoted}")
        every_text = _all_items(quoted, f"coalesce({_is_text('x')}, false)")
        shapes.append(
            f"(NOT list_contains(keys, '{name}') OR ({quoted} IS NOT NULL AND {every_text}))"
        )
    values.append("CAST(NULL AS VARCHAR[]) AS participant_names")
    values.append(
        "CASE CAST(approximate AS VARCHAR) WHEN 'true' THEN true WHEN 'false' THEN false END "
        "AS approximate"
    )
    shapes.append(
        "(NOT list_contains(keys, 'approximate') OR CAST(approximate AS VARCHAR) IN "
        "('true', 'false'))"
    )
    for name in PLACE_COLUMNS:
        values.append(f"{_unquoted(f'p.{name}')} AS {name}")
    shapes.append(
        "(place IS NULL OR (starts_with(place, '{') AND "
        f"{_keys_written('place')} = {_members_set('p', PLACE_COLUMNS)} AND "
        f"coalesce({_is_text('p.country')}, false) AND "
        + " AND ".join(_leaf_ok(f"p.{n}") for n in ("venue", "city"))
        + "))"
    )
    member = ", ".join(f"'{n}': {_unquoted(f's.{n}')}" for n in SOURCE_FIELDS)
    source_ok = f"coalesce({_is_text('s.url')}, false) AND " + " AND ".join(
        _leaf_ok(f"s.{n}") for n in SOURCE_FIELDS if n != "url"
    )
    values.append(f"list_transform(ss, lambda s: {{{member}}}) AS sources")
    set_members = f"list_sum(list_transform(ss, lambda s: {_members_set('s', SOURCE_FIELDS)}))"
    shapes.append(
        "(NOT list_contains(keys, 'sources') OR (starts_with(sources, '[') AND "
        f"{_keys_written('sources')} = coalesce({set_members}, 0) AND "
        f"coalesce(list_bool_and(list_transform(ss, lambda s: {source_ok})), true)))"
    )
    shapes.append("NOT list_contains(keys, 'translations')")
    place_type = "{" + ", ".join(f'"{n}": "JSON"' for n in PLACE_COLUMNS) + "}"
    source_type = "[{" + ", ".join(f'"{n}": "JSON"' for n in SOURCE_FIELDS) + "}]"
    fields = ", ".join(
        f"CASE WHEN starts_with(line['{name}'], '[') THEN CAST(line['{name}'] AS JSON[]) END "
        f'AS "{name}"'
        if kind == "JSON[]"
        else f"line['{name}'] AS \"{name}\""
        for name, kind in _READ_AS.items()
    )
    # numbered after the work: a window over every row runs on one core
    return f"""
SELECT CAST(row_number() OVER () - 1 AS BIGINT) AS "line_row", * FROM (
SELECT {", ".join(values)}, coalesce({" AND ".join(shapes)}, false) AS plain
FROM (
  SELECT *,
    CASE WHEN starts_with(place, '{{') THEN from_json(place, '{place_type}') END AS p,
    CASE WHEN starts_with(sources, '[') THEN from_json(sources, '{source_type}') END AS ss
  FROM (
    SELECT {fields}, map_keys(line) AS keys
    FROM read_json('{where}', format = 'newline_delimited', records = false,
                   columns = {{'line': 'MAP(VARCHAR, JSON)'}}, maximum_object_size = {size})
  )
))
"""


def jsonl_flat(con: Any, path: Path, name: str, header_rows: int) -> Flat:
    """The events of a JSON Lines file (after its ``header_rows`` header lines) as the flat
    table; ``UnsupportedFormat`` when the engine is not DuckDB."""
    if not is_duckdb(con):
        raise UnknownOption(
            f"{name}: JSON Lines are read by the duckdb engine only; write the events as Parquet "
            "(e.g. with DuckDB or pandas) to check them on Spark"
        )
    table = con.sql(jsonl_sql(path))
    table = table.filter(table.line_row >= header_rows)
    table = table.mutate(row=table.line_row - header_rows).drop("line_row")
    return Flat(table, name, "jsonl", path=path, times=con.sql(_jsonl_times_sql(path)))


def _jsonl_times_sql(path: Path) -> str:
    """``Flat.times`` of a JSON Lines file: three fields of each line (the header's too, which
    has none of them)."""
    where = str(path).replace("'", "''")
    named = {"timezone": "zone", "start": "start", "end": "end"}
    columns = ", ".join(f"'{name}': 'JSON'" for name in named)
    values = ", ".join(_unquoted(f'"{name}"') + f' AS "{out}"' for name, out in named.items())
    return (
        f"SELECT {values} FROM read_json('{where}', format = 'newline_delimited', "
        f"columns = {{{columns}}}, maximum_object_size = {_OBJECT_SIZE})"
    )


# -- tables: Parquet, CSV, dataframes --------------------------------------------------------


def read_table(con: Any, source: Any, kind: str) -> Any:
    """``source`` (a path of ``kind`` parquet or csv, or a table object) as an Ibis table."""
    import ibis

    if kind == "parquet":
        return con.read_parquet(str(source))
    if kind == "csv":
        if is_duckdb(con):
            where = str(source).replace("'", "''")
            return con.sql(
                f"SELECT * FROM read_csv('{where}', all_varchar = true, header = true, "
                "sample_size = -1)"
            )
        return con.read_csv(str(source), header=True)
    if isinstance(source, ibis.Table):
        return source
    if type(source).__name__ == "DuckDBPyRelation":
        source = source.arrow()
    if hasattr(source, "__arrow_c_stream__") or hasattr(source, "to_arrow"):
        return arrow_table(con, _arrow(source))
    raise UnknownOption(
        f"cannot read {type(source).__name__} as a table; pass a pandas, Polars or pyarrow "
        "table, a DuckDB relation or an Ibis table"
    )


def arrow_table(con: Any, table: Any) -> Any:
    """An Arrow table as a table of the engine ``con``: DuckDB reads it where it is; Spark is
    handed it as a view of its own session."""
    import ibis

    if is_duckdb(con):
        return ibis.memtable(table)
    from pyspark.sql import SparkSession

    session = SparkSession.getActiveSession()
    assert session is not None
    _views[0] += 1
    name = f"timeline_arrow_{os.getpid()}_{_views[0]}"
    session.createDataFrame(table).createOrReplaceTempView(name)
    return con.table(name)


_views = [0]


def _arrow(source: Any) -> Any:
    import pyarrow as pa

    if isinstance(source, pa.Table):
        return source
    if hasattr(source, "to_arrow"):
        return source.to_arrow()
    return pa.table(source)


def table_flat(
    raw: Any,
    name: str,
    kind: str,
    mapping: ColumnMap,
    *,
    kinds: Mapping[str, str] | None = None,
    timezone: str | None = None,
) -> Flat:
    """A table in our layout (CSV's columns), or another one through ``mapping``, as the flat
    table. ``kinds`` maps the table's kinds to ours (``"*"``: any other value); ``timezone`` is
    the zone of rows that have none."""
    import ibis

    raw = _place_flattened(raw)
    header = list(raw.columns)
    if missing := mapping.missing(header):
        raise UnknownOption(
            f"{name}: --map names column(s) the table does not have: {', '.join(missing)} "
            f"(its columns: {', '.join(header[:20])})"
        )
    ours = mapping.renamed(header)
    source_of = {mine: theirs for theirs, mine in ours.items()}
    for needed in ("id", "title", "start"):
        if needed not in source_of:
            raise UnknownOption(f"{name}: {missing_column_message(needed, header)}")
    positions = {mine: header.index(theirs) + 1 for theirs, mine in ours.items()}
    numbered = raw.mutate(row=ibis.row_number().cast("int64"))
    cells = {mine: _cell(raw[theirs], mine) for mine, theirs in source_of.items()}
    plain = ibis.literal(True)
    for _value, fits in cells.values():
        plain = plain & fits
    value = {mine: v for mine, (v, _fits) in cells.items()}
    kind_value = value.get("kind")
    texts = {n: value.get(n, ibis.null("string")) for n in TEXT_FIELDS}
    if kind_value is None:
        texts["kind"] = ibis.literal("other")
    else:  # a row with no kind is 'other', as in a CSV sheet
        mapped = _mapped_kinds(kind_value, kinds) if kinds else kind_value
        texts["kind"] = ibis.ifelse(kind_value.isnull(), ibis.literal("other"), mapped)
    if timezone is not None:
        texts["timezone"] = ibis.coalesce(texts["timezone"], ibis.literal(timezone))
    names = value.get("participants")
    participants = names.map(_participant_id) if names is not None else None
    participant_names = names.map(_participant_name) if names is not None else None
    sources = value.get("sources")
    empty_list = ibis.literal([], type="array<string>")
    for name in MODELS_READ:  # our layout's fields that only the models read
        if name in header and name not in ours:
            plain = plain & raw[name].isnull()
    flat = raw.select(
        row=ibis.row_number().cast("int64"),
        **texts,
        participants=participants if participants is not None else empty_list,
        participant_names=participant_names if participant_names is not None else empty_list,
        outcomes=value.get("outcomes", empty_list),
        tags=value.get("tags", empty_list),
        follows=value.get("follows", empty_list),
        responds_to=value.get("responds_to", empty_list),
        approximate=value.get("approximate", ibis.null("boolean")),
        venue=value.get("venue", ibis.null("string")),
        city=value.get("city", ibis.null("string")),
        country=value.get("country", ibis.null("string")),
        sources=_sources(sources, empty_list),
        plain=plain & (participants.filter(lambda p: p.isnull()).length() == 0)
        if participants is not None
        else plain,
    )
    times = raw.select(zone=texts["timezone"], start=texts["start"], end=texts["end"])
    return Flat(flat, name, kind, columns=positions, mapping=mapping, raw=numbered, times=times)


def _place_flattened(raw: Any) -> Any:
    """A table whose ``place`` is a record (as a JSON Lines line writes it) with its members as
    the flat layout's ``venue``, ``city`` and ``country`` columns."""
    if "place" not in raw.columns or not raw.place.type().is_struct():
        return raw
    members = raw.place.type().names
    found = {n: raw.place[n].cast("string") for n in PLACE_COLUMNS if n in members}
    if "translations" in members:
        found[PLACE_TRANSLATIONS] = raw.place.translations
    return raw.mutate(**{n: v for n, v in found.items() if n not in raw.columns}).drop("place")


PLACE_TRANSLATIONS = "_place_translations"
"""The column a table's place record's ``translations`` are read into."""
MODELS_READ = ("duration", "translations", PLACE_TRANSLATIONS)
"""Columns of our layout that the rules do not read: a row with one of them set is checked by
the models (an events file's ``duration``, ``translations``, a place's ``translations``)."""


_EDGE_SPACE = r"^[\s\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]"


def _cell(column: Any, ours: str) -> tuple[Any, Any]:
    """(value, fits) of one of our columns from a table column: text as written (empty is
    none), lists as lists; ``fits`` is false where the cell needs the models to read it."""
    import ibis

    kind = column.type()
    if ours == "sources" and kind.is_array() and kind.value_type.is_struct():
        fields = kind.value_type.names
        none = ibis.null("string")

        def source(item: Any) -> Any:
            return ibis.struct(
                {n: item[n].cast("string") if n in fields else none for n in SOURCE_FIELDS}
            )

        known = all(n in SOURCE_FIELDS for n in fields) and "url" in fields
        return column.map(source), ibis.literal(known)
    if ours in LIST_FIELDS or ours == "sources":
        if kind.is_array():
            if not kind.value_type.is_string():  # a list of nothing yet, or of numbers
                column = column.cast("array<string>")
            items = column.filter(lambda item: item.notnull() & (item != ""))
            if ours not in CLAIMABLE_ITEMS and ours not in CLAIMABLE_FIELDS:
                return items, ibis.literal(True)
            # an item (or the whole list) may be claims written as JSON text: the models read it
            return items, items.filter(lambda item: item.startswith("{")).length() == 0
        text = column.cast("string")
        items = text.split("|").map(lambda item: item.strip()).filter(lambda item: item != "")
        items = ibis.ifelse(text.isnull(), ibis.literal([], type="array<string>"), items)
        fits = text.isnull() | ~(text.startswith("[") | text.startswith("{") | text.contains("\n"))
        return items, fits
    if ours == "approximate":
        if kind.is_boolean():
            return column, ibis.literal(True)
        text = column.cast("string")
        value = ibis.cases((text == "true", True), (text == "false", False), else_=None)
        return value, text.isnull() | text.isin(["true", "false", ""])
    if ours in {"start", "end"}:
        return _time_text(column)
    if kind.is_integer() and ours == "id":
        return column.cast("string"), ibis.literal(True)
    text = column.cast("string")
    text = ibis.ifelse(text == "", ibis.null("string"), text)
    return text, text.isnull() | ~(
        text.re_search(_EDGE_SPACE)
        | text.re_search(_EDGE_SPACE[1:].replace("]", "]$", 1))
        | (text.startswith("{") if ours in CLAIMABLE_FIELDS else ibis.literal(False))
    )


def _time_text(column: Any) -> tuple[Any, Any]:
    """A start or end cell as written text: a date or time column as ISO text, an integer of
    eight digits as the day it writes (GDELT's ``SQLDATE`` 20150215 is 2015-02-15), an
    integer of up to four as a year."""
    import ibis

    kind = column.type()
    if kind.is_date():
        return column.strftime("%Y-%m-%d"), ibis.literal(True)
    if kind.is_timestamp():
        if kind.timezone is None:
            return column.strftime("%Y-%m-%d %H:%M:%S"), column.microsecond() == 0
        return (
            column.cast("timestamp('UTC')").strftime("%Y-%m-%dT%H:%M:%SZ"),
            column.microsecond() == 0,
        )
    if kind.is_integer():
        text = column.cast("string")
        day = text.substr(0, 4) + "-" + text.substr(4, 2) + "-" + text.substr(6, 2)
        value = ibis.cases(
            ((column >= 10000101) & (column <= 99991231), day),
            ((column >= 1) & (column <= 9999), text.lpad(4, "0")),
            else_=text,
        )
        return value, column.isnull() | (column >= 1)
    text = column.cast("string")
    text = ibis.ifelse(text == "", ibis.null("string"), text)
    return text, text.isnull() | ~text.startswith("{")  # claims, as JSON text: for the models


def _mapped_kinds(column: Any, kinds: Mapping[str, str]) -> Any:
    import ibis

    fallback = kinds.get("*")
    pairs = [
        (column == theirs, ibis.literal(ours)) for theirs, ours in kinds.items() if theirs != "*"
    ]
    other = ibis.literal(fallback) if fallback is not None else column
    return ibis.cases(*pairs, else_=other) if pairs else other


_PARTICIPANT = r"^(.*?)\s*<([^<>]+)>$"


def _participant_id(item: Any) -> Any:
    """The id of ``Name <id>``, or the item itself when it is an id; ``None`` when the models
    must read it (a name alone, whose id is made from it)."""
    import ibis

    return ibis.cases(
        (item.re_search(_PARTICIPANT), item.re_extract(_PARTICIPANT, 2).strip()),
        (item.re_search(r"^[a-z0-9]+([-_][a-z0-9]+)*$"), item),
        else_=ibis.null("string"),
    )


def _participant_name(item: Any) -> Any:
    import ibis

    name = item.re_extract(_PARTICIPANT, 1).strip()
    return ibis.cases(
        (item.re_search(_PARTICIPANT) & (name != ""), name),
        (item.re_search(_PARTICIPANT), item.re_extract(_PARTICIPANT, 2).strip()),
        else_=item,
    )


def _sources(sources: Any, empty: Any) -> Any:
    """Sources as (url, publisher, title, published, language): from a list of them, or of
    URLs."""
    if sources is None:
        return empty.map(_source_struct)
    if sources.type().value_type.is_struct():
        return sources
    return sources.map(_source_struct)


def _source_struct(url: Any) -> Any:
    import ibis

    none = ibis.null("string")
    return ibis.struct(
        {"url": url, "publisher": none, "title": none, "published": none, "language": none}
    )


def check_table_file(path: Path, name: str) -> None:
    if not path.exists():
        raise UnreadableInput(f"{name}: no such file")
    if path.is_dir():
        raise UnreadableInput(f"{name}: is a directory, not an events file")
