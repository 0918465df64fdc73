"""Where the engine's check of one file spends its time: each query it runs on DuckDB, with
its wall time, and for the queries that write a table (the rules) the operators that took
longest, with what they compute.

    .venv/bin/python benchmarks/engine_probe.py /tmp/eng-bench/events-100000.jsonl [--sql DIR]

Run it under ``taskset -c 0`` to see one core's work: on a shared machine, DuckDB's threads
wait on each other and the times of two runs differ by half.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

import ibis

from timeline.engine import check as engine

SLOW = 0.05
"""Operators that took less (seconds) are left out."""


def cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def operators(node: dict[str, Any], depth: int = 0) -> list[tuple[float, int, str, str]]:
    """(seconds, depth, name, what it computes) of each slow operator in a profile tree."""
    found = []
    seconds = node.get("operator_timing") or 0.0
    if seconds >= SLOW:
        what = json.dumps(node.get("extra_info", {}))[:300]
        found.append((seconds, depth, str(node.get("operator_name", "")).strip(), what))
    for child in node.get("children", []):
        found += operators(child, depth + 1)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--sql", type=Path, help="write each query's SQL into this folder")
    args = parser.parse_args()
    os.environ.setdefault("TIMELINE_MAX_BYTES", str(1 << 34))
    queries: list[tuple[str, float, str]] = []
    profile = Path(tempfile.mkdtemp()) / "profile.json"

    def cache(run: Any, table: Any) -> Any:  # the tables the check writes, profiled
        sql = ibis.to_sql(table)
        raw = run.con.con
        raw.execute("PRAGMA enable_profiling = 'json'")
        raw.execute(f"PRAGMA profiling_output = '{profile}'")
        started = time.perf_counter()
        try:
            return original_cache(run, table)
        finally:
            queries.append(("table", time.perf_counter() - started, sql))
            raw.execute("PRAGMA disable_profiling")
            for seconds, depth, name, what in operators(json.loads(profile.read_text())):
                print(f"{seconds:7.2f} s {'  ' * depth}{name} {what}")

    def rows(run: Any, table: Any) -> list[tuple[Any, ...]]:
        started = time.perf_counter()
        try:
            return original_rows(run, table)
        finally:
            queries.append(("rows", time.perf_counter() - started, ibis.to_sql(table)))

    original_cache, original_rows = engine._Run.cache, engine._Run._rows
    engine._Run.cache = cache  # type: ignore[method-assign]
    engine._Run._rows = rows  # type: ignore[method-assign]
    started, used = time.perf_counter(), cpu()
    checked = engine.check(engine.Source(args.file, args.file.name))
    print(
        f"\ncheck: {time.perf_counter() - started:.2f} s, {cpu() - used:.2f} CPU s, "
        f"{checked.report.events:,} events, {len(checked.report.problems)} problems"
    )
    for k, (kind, seconds, sql) in enumerate(queries):
        print(f"query {k:2d} ({kind}): {seconds:6.2f} s (compiled and run), {len(sql):,} chars")
        if args.sql:
            args.sql.mkdir(parents=True, exist_ok=True)
            (args.sql / f"query-{k:02d}.sql").write_text(sql)


if __name__ == "__main__":
    main()
