"""Large inputs checked and counted on a query engine: DuckDB in this process, or Spark.

``check`` reads a JSON Lines, Parquet or CSV file, or any table (pandas, Polars, pyarrow, a
DuckDB relation, an Ibis table), checks every row with the models' rules as column expressions
(``rules``), hands the rows those cannot decide to the models themselves, runs the checks across
rows as joins, and counts the density view where the data is. See ``backends`` for the engines.

What still goes through the models, one object per row:

* every row with a problem (its messages are the models'), and rows the rules cannot decide:
  a value of another type than text where text is written, white space at the ends of a table's
  cell, digits other than 0–9, a year 0001 or 9999, an integer start, a date whose midnight the
  clocks skip or repeat, a list cell written as a JSON array, a participant without ``<id>``;
* a time in EDTF's other forms (``2025-10?``, ``19XX``, a season, a year beyond 9999 …), a
  field written as claims (in a table, JSON text in its cell), and in a table of our layout a
  row with ``duration``, ``translations`` or a place's ``translations``;
* in JSON Lines: an event with ``translations``, a ``null`` member of its place or a source, a
  member whose text holds ``":``, an event without ``sources`` (its warning is placed on its line);
* the whole file, line by line (``read.stream``), when DuckDB's JSON reader refuses it (a line
  that is not a JSON object, a key written twice, text that is not UTF-8) or the engine is not
  DuckDB;
* a JSON Lines file under 8 MiB, on the default engine (``api.ENGINE_JSONL_BYTES``: starting
  DuckDB costs more than checking it line by line);
* the events in the window when there are 5,000 or fewer (they are drawn one by one), and every
  event for ``timeline.load`` of a table (``list``, ``export``).
"""
