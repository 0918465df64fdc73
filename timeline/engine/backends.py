"""The engines a table is checked and counted on: DuckDB in this process, or Spark (through Ibis).

Every check and count is an Ibis expression, which Ibis compiles to the engine's own SQL; the
same job runs unchanged on DuckDB (the default: no server, every core, spilling to disk when the
data is larger than memory) and on Spark (``--engine spark``: a local cluster, or the session
your code already has). Only reading JSON Lines is DuckDB's own (its JSON reader).
"""

from __future__ import annotations

import os
import tempfile
from typing import Any

from ..core.errors import UnknownOption

ENGINES = ("duckdb", "spark")
MEMORY_LIMIT = os.environ.get("TIMELINE_ENGINE_MEMORY", "1GB")
"""How much memory DuckDB may use before it spills to disk (``TIMELINE_ENGINE_MEMORY``)."""


def connect(engine: str | Any = "duckdb") -> Any:
    """An Ibis backend for ``engine``: ``"duckdb"``, ``"spark"``, a ``SparkSession`` or an
    Ibis backend already connected (used as it is)."""
    if not isinstance(engine, str):
        if type(engine).__name__ == "SparkSession":
            import ibis

            return ibis.pyspark.connect(engine)
        if hasattr(engine, "read_parquet") and hasattr(engine, "execute"):
            return engine  # an Ibis backend
        raise UnknownOption(f"cannot use {engine!r} as an engine; use one of {', '.join(ENGINES)}")
    if engine == "duckdb":
        import ibis

        con = ibis.duckdb.connect(
            threads=_cores(),
            memory_limit=MEMORY_LIMIT,
            temp_directory=os.path.join(tempfile.gettempdir(), "timeline-duckdb"),
            preserve_insertion_order=True,
        )
        return con
    if engine == "spark":
        return connect(spark_session())
    raise UnknownOption(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")


def spark_session() -> Any:
    """The active Spark session, or a new local one (``TIMELINE_SPARK_MASTER``, default
    ``local[*]``: every core of this machine)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise UnknownOption(
            "--engine spark needs PySpark (and Java 17): pip install 'timeline[spark]'"
        ) from None
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    master = os.environ.get("TIMELINE_SPARK_MASTER", "local[*]")
    session = (
        SparkSession.builder.master(master)
        .appName("timeline")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", str(max(_cores() * 2, 2)))
        .config("spark.driver.memory", os.environ.get("TIMELINE_SPARK_MEMORY", "2g"))
        # the rules' plan is long; Spark names a cached table by its whole plan's text
        .config("spark.sql.maxPlanStringLength", "64k")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")  # not a warning per numbered row
    return session


def is_duckdb(con: Any) -> bool:
    return getattr(con, "name", "") == "duckdb"


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
