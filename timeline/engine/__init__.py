"""Large inputs checked and counted on a query engine: DuckDB in this process, or Spark.

``check`` reads a JSON Lines, Parquet or CSV file, or any table (pandas, Polars, pyarrow, a
DuckDB relation, an Ibis table), checks every row with the models' rules as column expressions
(``rules``), hands the rows those cannot decide to the models themselves, runs the checks across
rows as joins, and counts the density view where the data is. See ``backends`` for the engines.
"""
