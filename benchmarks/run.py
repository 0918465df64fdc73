"""The scale benchmark: each stage of ``timeline`` against a baseline measured in the same run.

    python benchmarks/run.py --sizes 10000,100000,1000000  # prints the table, updates README.md
    python benchmarks/run.py --sizes 1000000 --stages render
    python benchmarks/run.py --sizes 300000 --stages problems  # a wrong value in every event

Every measurement runs in a fresh Python process, so that its peak memory (``ru_maxrss``) is its
own; wall time is ``time.perf_counter()`` around the work alone (imports are done before), except
for the cold start, which is the whole process. Sizes up to 10,000 are run three times and the
median is kept. Synthetic events come from ``generate.py`` (cached in ``--data``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
README = HERE / "README.md"
BEGIN, END = "<!-- results -->", "<!-- /results -->"
PYYAML_MAX = 200_000
"""Largest N given to PyYAML: it needs about 24 kB of memory per event (24 GB for a million)."""
RENDER_LOADED_MAX = 200_000
"""Largest N rendered through ``timeline.load`` (about 7 kB per event held); larger files are
rendered only as JSON Lines, streamed, which is what the 1M goal is about."""

# -- the work, run in a child process --------------------------------------------------------


def json_timeline(path: Path, out: Path) -> Callable[[], dict[str, Any]]:
    import timeline

    def work() -> dict[str, Any]:
        loaded = timeline.load(path)
        out.write_text(timeline.export(loaded), encoding="utf-8")
        return {"events": len(loaded)}

    return work


def json_baseline(path: Path, out: Path) -> Callable[[], dict[str, Any]]:
    """The least a user could write with pydantic alone: a flat model, a zone-aware sort."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from pydantic import BaseModel, TypeAdapter

    class Flat(BaseModel):
        id: str
        title: str
        kind: str
        timezone: str
        start: str
        end: str | None = None
        approximate: bool = False
        place: dict[str, str] | None = None
        participants: list[str] = []
        sources: list[dict[str, str]] = []
        summary: str | None = None
        outcomes: list[str] = []
        tags: list[str] = []
        part_of: str | None = None
        follows: list[str] = []
        responds_to: list[str] = []
        notes: str | None = None

    adapter = TypeAdapter(list[Flat])

    def key(event: Flat) -> float:
        text = event.start if len(event.start) > 7 else (event.start + "-01-01")[:10]
        moment = dt.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(event.timezone))
        return moment.timestamp()

    def work() -> dict[str, Any]:
        with path.open(encoding="utf-8") as f:
            document = json.load(f)
        events = adapter.validate_python(document["events"])
        events.sort(key=key)
        with out.open("w", encoding="utf-8") as f:
            json.dump(adapter.dump_python(events, mode="json"), f)
        return {"events": len(events)}

    return work


def yaml_timeline(path: Path, out: Path) -> Callable[[], dict[str, Any]]:
    import timeline

    def work() -> dict[str, Any]:
        report = timeline.validate(path)  # what `timeline validate FILE` does
        assert report.valid, str(report)[:2000]
        return {"events": report.events}

    return work


def yaml_baseline(path: Path, out: Path) -> Callable[[], dict[str, Any]]:
    import yaml

    def work() -> dict[str, Any]:
        with path.open(encoding="utf-8") as f:
            document = yaml.load(f, Loader=yaml.CSafeLoader)
        return {"events": len(document["events"])}

    return work


def render_timeline(path: Path, out: Path) -> Callable[[], dict[str, Any]]:
    import timeline

    def work() -> dict[str, Any]:
        loaded = timeline.load(path)  # what `timeline render FILE --out chart.html` does
        timeline.render(loaded, out)
        return {"events": len(loaded), "html_mb": out.stat().st_size / 2**20}

    return work


def render_engine(path: Path, out: Path) -> Callable[[], dict[str, Any]]:
    """What ``timeline render FILE.jsonl|.parquet --out chart.html`` does: every row checked,
    counted on the embedded engine (DuckDB), the density view written."""
    import duckdb  # noqa: F401 - imported before the clock starts, as the other stages' are
    import ibis
    import pyarrow  # noqa: F401

    import timeline

    ibis.duckdb.connect().disconnect()

    def work() -> dict[str, Any]:
        _, count = timeline.render_file(path, out)
        return {"events": count, "html_mb": out.stat().st_size / 2**20}

    return work


def render_today(path: Path, out: Path) -> Callable[[], dict[str, Any]]:
    """``timeline render FILE.jsonl`` as the seams branch does it (``TIMELINE_TODAY``: its
    checkout): one pydantic object per line, a process per core."""
    from timeline.output.render import render_jsonl  # type: ignore[attr-defined]

    def work() -> dict[str, Any]:
        _, count = render_jsonl(path, out, workers=None)
        return {"events": count, "html_mb": out.stat().st_size / 2**20}

    return work


def polars_baseline(path: Path, out: Path) -> Callable[[], dict[str, Any]]:
    """The least the density view needs, in Polars alone: read the three columns it uses, turn
    each start (local wall time, a date, or a time with an offset) into UTC in its own zone, and
    count the events per month and kind. No checks."""
    import polars as pl

    def work() -> dict[str, Any]:
        columns = {"kind": pl.String, "start": pl.String, "timezone": pl.String}
        if path.suffix == ".parquet":
            frame = pl.scan_parquet(path).select(list(columns))
        else:
            frame = pl.scan_ndjson(path, schema=columns)
        frame = frame.filter(pl.col("start").is_not_null())
        zones = frame.select(pl.col("timezone").unique()).collect().to_series().to_list()
        start = pl.col("start")
        wall = (
            pl.when(start.str.len_chars() == 7)
            .then(start + "-01 00:00")
            .when(start.str.len_chars() == 10)
            .then(start + " 00:00")
            .otherwise(start.str.slice(0, 16).str.replace("T", " "))
            .str.to_datetime("%Y-%m-%d %H:%M", strict=False)
        )
        utc = pl.lit(None, dtype=pl.Datetime("us", "UTC"))
        for zone in zones:
            local = wall.dt.replace_time_zone(zone, ambiguous="earliest", non_existent="null")
            utc = (
                pl.when(pl.col("timezone") == zone)
                .then(local.dt.convert_time_zone("UTC"))
                .otherwise(utc)
            )
        counted = (
            frame.with_columns(month=utc.dt.truncate("1mo"))
            .group_by("kind", "month")
            .agg(pl.len())
            .collect()
        )
        return {"events": int(counted["len"].sum()), "html_mb": 0.0}

    return work


def import_timeline(path: Path, out: Path) -> Callable[[], dict[str, Any]]:
    """What ``timeline import FILE --out events.yaml`` does."""
    import timeline

    def work() -> dict[str, Any]:
        try:
            imported = timeline.import_events(path)
        except timeline.InvalidTimeline as exc:  # refused, cleanly: still a measured outcome
            return {"events": 0, "note": f"refused: {exc.report.errors[0].message[:60]}"}
        out.write_text(timeline.export(imported, "yaml"), encoding="utf-8")
        return {"events": len(imported)}

    return work


def next_version(path: Path) -> Path:
    """The next version of a JSON Lines file, for the diff stages (made once, kept beside it)."""
    return path.with_name(path.stem + "-next.jsonl")


def diff_timeline(path: Path, out: Path) -> Callable[[], dict[str, Any]]:
    import timeline

    def work() -> dict[str, Any]:
        # what `timeline diff OLD NEW` does: both checked on the engine, then compared
        found = timeline.diff(path, next_version(path))
        return {"events": found.unchanged + sum(found.counts().values()), **found.counts()}

    return work


def problems_timeline(path: Path, out: Path) -> Callable[[], dict[str, Any]]:
    import timeline

    def work() -> dict[str, Any]:
        report = timeline.validate(path)  # what `timeline validate FILE` does: 1000 listed
        assert report.error_count == report.events, report.error_count
        return {"events": report.events}

    return work


def diff_compare(path: Path, out: Path) -> Callable[[], dict[str, Any]]:
    from timeline.read.versions import diff_files

    def work() -> dict[str, Any]:
        # the comparison alone, of files known to be valid
        found, _ = diff_files(path, next_version(path), check=False)
        return {"events": found.unchanged + sum(found.counts().values()), **found.counts()}

    return work


def read_baseline(path: Path, out: Path) -> Callable[[], dict[str, Any]]:
    """The least any reader does: the file's text, split into lines and cells."""
    import csv
    import io

    def work() -> dict[str, Any]:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".csv":
            return {"cells": sum(len(row) for row in csv.reader(io.StringIO(text)))}
        return {"lines": len(text.splitlines())}

    return work


def problems_baseline(path: Path, out: Path) -> Callable[[], dict[str, Any]]:
    """Only reading the file, with PyYAML's C loader or the standard library's JSON."""
    import json

    import yaml

    def work() -> dict[str, Any]:
        with path.open(encoding="utf-8") as f:
            if path.suffix == ".json":
                document = json.load(f)
            else:
                document = yaml.load(f, Loader=yaml.CSafeLoader)
        return {"events": len(document["events"])}

    return work


def diff_baseline(path: Path, out: Path) -> Callable[[], dict[str, Any]]:
    """Polars' own join of the two files by id: each line read as text, its id taken out by
    Polars' JSON path, the lines compared as text (no checks, no field-by-field account; a
    key written in another order counts as a change)."""
    import polars as pl

    def events(file: Path) -> pl.LazyFrame:
        lines = pl.scan_csv(
            file, has_header=False, separator="\x1f", quote_char=None, schema={"line": pl.String}
        )
        found = lines.with_columns(pl.col("line").str.json_path_match("$.id").alias("id"))
        return found.filter(pl.col("id").is_not_null())  # not the header

    def work() -> dict[str, Any]:
        joined = events(path).join(events(next_version(path)), on="id", how="full", coalesce=True)
        counted = joined.select(
            events=pl.col("line").is_not_null().sum(),
            changed=(pl.col("line") != pl.col("line_right")).sum(),
            removed=pl.col("line_right").is_null().sum(),
            added=pl.col("line").is_null().sum(),
        ).collect()
        return {name: int(counted[name][0]) for name in counted.columns}

    return work


STAGES: dict[str, Callable[[Path, Path], Callable[[], dict[str, Any]]]] = {
    "render-engine": render_engine,
    "render-today": render_today,
    "polars-baseline": polars_baseline,
    "import-timeline": import_timeline,
    "read-baseline": read_baseline,
    "problems-timeline": problems_timeline,
    "problems-baseline": problems_baseline,
    "json-timeline": json_timeline,
    "json-baseline": json_baseline,
    "yaml-timeline": yaml_timeline,
    "yaml-baseline": yaml_baseline,
    "render-timeline": render_timeline,
    "diff-timeline": diff_timeline,
    "diff-compare": diff_compare,
    "diff-baseline": diff_baseline,
}


def child(stage: str, path: Path, out: Path) -> None:
    work = STAGES[stage](path, out)
    if stage.endswith("-timeline") or stage == "render-engine":
        # the package imports its modules when first asked: here, before the clock, as the
        # baselines' imports are
        import timeline.api  # noqa: F401
    tree = TreeMemory()
    start = time.perf_counter()
    extra = work()
    seconds = time.perf_counter() - start
    tree.stop()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    if tree.peak_mb > peak_mb * 1.05:  # worker processes: all of them together, at most
        extra["note"] = f"peak of all processes (this one: {peak_mb:,.0f} MB)"
    print(json.dumps({"seconds": seconds, "peak_mb": max(peak_mb, tree.peak_mb), **extra}))


class TreeMemory:
    """The most memory this process and the processes it started held at once (sampled).

    ``ru_maxrss`` is one process's own; worker processes (started through a fork server, so
    not even this process's children) are counted by reading ``/proc`` ten times a second.
    Pages they share are counted once per process, so this is an upper bound.
    """

    def __init__(self) -> None:
        import threading

        self.peak_mb = 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        if Path("/proc/self/stat").exists():
            self._thread.start()

    def stop(self) -> None:
        self._done.set()
        if self._thread.is_alive():
            self._thread.join()

    def _sample(self) -> None:
        page_mb = os.sysconf("SC_PAGE_SIZE") / 2**20
        while not self._done.wait(0.1):
            parents: dict[int, int] = {}
            rss: dict[int, int] = {}
            for entry in Path("/proc").iterdir():
                if not entry.name.isdigit():
                    continue
                try:
                    stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                    parents[int(entry.name)] = int(stat[1])
                    rss[int(entry.name)] = int(stat[21])
                except (OSError, IndexError, ValueError):  # gone meanwhile
                    continue
            tree, grew = {os.getpid()}, True
            while grew:
                more = {pid for pid, parent in parents.items() if parent in tree} - tree
                tree |= more
                grew = bool(more)
            self.peak_mb = max(self.peak_mb, sum(rss.get(pid, 0) for pid in tree) * page_mb)


# -- the parent: generate, run each stage in a child, compare --------------------------------


# The input limit (128 MiB) guards users' machines; the benchmark measures speed on files up to
# about 1 GB, so it lifts the limit for its own runs.
BENCHMARK_ENV = {**os.environ, "TIMELINE_MAX_BYTES": str(1 << 34)}


TODAY = os.environ.get("TIMELINE_TODAY", "")
"""A checkout of the code before the engine (commit 7c1fad6: a pydantic object per line, a
process per core), measured as "today": ``git worktree add /tmp/today 7c1fad6`` and
``TIMELINE_TODAY=/tmp/today``."""


def measure(
    stage: str, path: Path, repeat: int, python: str = sys.executable, timeout: float | None = None
) -> dict[str, Any]:
    runs = []
    env = {**BENCHMARK_ENV, "PYTHONPATH": TODAY} if stage == "render-today" else BENCHMARK_ENV
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / ("chart.html" if stage.startswith("render") else "out.json")
        for _ in range(repeat):
            try:
                done = subprocess.run(
                    [python, __file__, "--child", stage, str(path), str(out)],
                    capture_output=True,
                    text=True,
                    check=False,
                    env=env,
                    timeout=timeout,
                )
            except subprocess.TimeoutExpired:
                return {"seconds": timeout, "peak_mb": float("nan"), "note": "stopped"}
            if done.returncode != 0:
                raise SystemExit(f"{stage} failed on {path}:\n{done.stderr[-3000:]}")
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    best = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
    return best


def cold_start(repeat: int) -> tuple[float, float]:
    """Median wall time of ``timeline render`` of the bundled events and of a minimal Altair
    script writing the same kind of offline page (the cache is warm after the first run)."""
    script = (
        "import altair as alt, vl_convert as vlc, pathlib, sys\n"
        "data = alt.Data(values=[{'a': '2025-01-01', 'b': '2025-01-02', 'k': 'x'}])\n"
        "chart = alt.Chart(data).mark_bar().encode(x='a:T', x2='b:T', y='k:N')\n"
        "html = vlc.vegalite_to_html(chart.to_dict(), bundle=True)\n"
        "pathlib.Path(sys.argv[1]).write_text(html, encoding='utf-8')\n"
    )
    timeline_cli = Path(sys.executable).with_name("timeline")
    command = [str(timeline_cli)] if timeline_cli.exists() else [sys.executable, "-m", "timeline"]
    times: dict[str, list[float]] = {"timeline": [], "baseline": []}
    with tempfile.TemporaryDirectory() as folder:
        from timeline import bundled_events

        runs = {
            "timeline": [*command, "render", str(bundled_events()), "--out", f"{folder}/t.html"],
            "baseline": [sys.executable, "-c", script, f"{folder}/b.html"],
        }
        subprocess.run(runs["timeline"], capture_output=True, check=True)  # warms the cache
        for _ in range(repeat):
            for name, argv in runs.items():
                start = time.perf_counter()
                subprocess.run(argv, capture_output=True, check=True)
                times[name].append(time.perf_counter() - start)
    return statistics.median(times["timeline"]), statistics.median(times["baseline"])


def validate_start(repeat: int) -> tuple[float, float]:
    """Median wall time of ``timeline validate`` of the bundled events as a new process, and of
    ``python -c "import pydantic, pendulum, yaml"``: what checking a file must cost at least.

    Bytecode is compiled first, as ``pip install`` does, so that neither side compiles source.
    """
    import compileall

    import timeline

    compileall.compile_dir(Path(timeline.__file__).parent, quiet=1)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    timeline_cli = Path(sys.executable).with_name("timeline")
    command = [str(timeline_cli)] if timeline_cli.exists() else [sys.executable, "-m", "timeline"]
    runs = {
        "timeline": [*command, "validate", str(timeline.bundled_events())],
        "baseline": [sys.executable, "-c", "import pydantic, pendulum, yaml"],
    }
    times: dict[str, list[float]] = {"timeline": [], "baseline": []}
    for _ in range(repeat):
        for name, argv in runs.items():
            start = time.perf_counter()
            subprocess.run(argv, capture_output=True, check=True, env=env)
            times[name].append(time.perf_counter() - start)
    return statistics.median(times["timeline"]), statistics.median(times["baseline"])


def hostile_files(data: Path) -> dict[str, Path]:
    """Small inputs that once took minutes to import (issue 11), and benign ones as large."""
    data.mkdir(parents=True, exist_ok=True)
    files = {
        "repeated": ("repeated.csv", lambda: "title,start\n" + "Meeting,2025-01-01\n" * 10_000),
        "distinct": (
            "distinct.csv",
            lambda: "title,start\n" + "".join(f"Meeting {i},2025-01-01\n" for i in range(10_000)),
        ),
        "wide": (
            "wide.csv",
            lambda: "title,start," + ",".join(f"c{i}" for i in range(999_998)) + "\nA,2025\n",
        ),
        "nested": (
            "nested.ics",
            lambda: _calendar(
                "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250101\r\n" * 13_000
                + "END:VEVENT\r\n" * 13_000
            ),
        ),
        "siblings": (
            "siblings.ics",
            lambda: _calendar(
                "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250101\r\nEND:VEVENT\r\n" * 13_000
            ),
        ),
        "long-text": (
            "long-text.ics",
            lambda: _calendar(
                "BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Long\r\nDTSTART;VALUE=DATE:20250101\r\n"
                "DESCRIPTION:" + "\r\n ".join(["x" * 73] * 666_666) + "\r\nEND:VEVENT\r\n"
            ),
        ),
    }
    paths = {}
    for key, (name, make) in files.items():
        paths[key] = data / name
        if not paths[key].exists():
            paths[key].write_text(make(), encoding="utf-8", newline="")
    return paths


def _calendar(body: str) -> str:
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n{body}END:VCALENDAR\r\n"


def import_rows(data: Path, before: str | None) -> list[dict[str, Any]]:
    """Each hostile input against a benign one of its size (or against reading the file), and,
    with ``before``, against the same import by another installation (the code before a change)."""
    paths = hostile_files(data)
    cases = [
        (
            "repeated",
            "distinct",
            "Import CSV, 10,000 rows all titled 'Meeting' (vs distinct titles)",
            1.5,
        ),
        ("wide", None, "Import CSV, header of 1,000,000 columns (vs reading its cells)", None),
        ("nested", "siblings", "Import ICS, 13,000 nested VEVENTs (vs 13,000 side by side)", 1.5),
        ("long-text", None, "Import ICS, a 48 MB DESCRIPTION (vs reading its lines)", None),
    ]
    rows = []
    for hostile, benign, what, goal in cases:
        ours = measure("import-timeline", paths[hostile], 1)
        if benign is not None:
            base = measure("import-timeline", paths[benign], 1)
        else:
            base = measure("read-baseline", paths[hostile], 1)
        entry = row(paths[hostile].stat().st_size, what, ours, base, goal)
        size_mb = paths[hostile].stat().st_size / 2**20
        notes = []
        if benign is None:  # no import to compare with: a few seconds, memory of the file's order
            entry["met"] = ours["seconds"] < 5 and ours["peak_mb"] < 200 + 10 * size_mb
            notes.append(f"goal < 5 s, peak < 200 MB + 10 × the file ({size_mb:,.1f} MB)")
        notes.append(f"load average {os.getloadavg()[0]:.1f}")
        if before is not None:
            then = measure("import-timeline", paths[hostile], 1, python=before, timeout=300)
            stopped = " (stopped)" if then.get("note") == "stopped" else ""
            notes.append(f"before: {then['seconds']:,.1f} s{stopped}, {then['peak_mb']:,.0f} MB")
        entry["note"] = "; ".join(filter(None, [*notes, ours.get("note", "")]))
        rows.append(entry)
        print(_table(rows[-1:]), flush=True)
    return rows


def files_for(n: int, data: Path, formats: set[str]) -> dict[str, Path]:
    """The events files of size ``n`` in ``formats``, generated once and kept in ``data``."""
    paths = {fmt: data / f"events-{n}.{fmt}" for fmt in ("yaml", "json", "jsonl", "parquet")}
    missing = sorted(fmt for fmt in formats if not paths[fmt].exists())
    if missing:
        print(f"generating {n:,} events ({', '.join(missing)}) in {data} …", file=sys.stderr)
        # In a process of its own: a million events take gigabytes to generate, and a process
        # started from a large one reports the large one's peak as its own (Linux keeps
        # ru_maxrss across fork and exec).
        generate = [sys.executable, str(HERE / "generate.py"), str(n), "--out", str(data)]
        subprocess.run([*generate, "--formats", ",".join(missing)], check=True)
    return paths


def wrong_everywhere(n: int, data: Path) -> dict[str, Path]:
    """``events: [1,1,…]``: ``n`` events, each wrong (two bytes and one problem each)."""
    data.mkdir(parents=True, exist_ok=True)
    paths = {fmt: data / f"wrong-{n}.{fmt}" for fmt in ("yaml", "json")}
    values = ",".join(["1"] * n)
    paths["yaml"].write_text(f"events: [{values}]\n", encoding="utf-8")
    paths["json"].write_text(f'{{"events": [{values}]}}\n', encoding="utf-8")
    return paths


def row(
    n: int, what: str, ours: dict[str, Any], base: dict[str, Any] | None, goal: float | None
) -> dict[str, Any]:
    ratio = ours["seconds"] / base["seconds"] if base else None
    return {
        "n": n,
        "stage": what,
        "seconds": ours["seconds"],
        "peak_mb": ours.get("peak_mb"),
        "base_seconds": base["seconds"] if base else None,
        "base_peak_mb": base.get("peak_mb") if base else None,
        "ratio": ratio,
        "goal": f"≤ {goal}×" if goal is not None else "",
        "met": None if ratio is None or goal is None else ratio <= goal,
        "note": ours.get("note", ""),
    }


def run(
    sizes: list[int], stages: list[str], data: Path, before: str | None = None
) -> list[dict[str, Any]]:
    rows = []
    if "import" in stages:
        rows += import_rows(data, before)
    if "cold" in stages:
        ours, base = cold_start(repeat=5)
        rows.append(
            row(18, "cold start: render bundled events", {"seconds": ours}, {"seconds": base}, 1.3)
        )
        print(_table(rows[-1:]), flush=True)
    if "start" in stages:
        ours, base = validate_start(repeat=9)
        rows.append(
            row(18, "start: validate bundled events", {"seconds": ours}, {"seconds": base}, 1.5)
        )
        print(_table(rows[-1:]), flush=True)
    for n in sizes if "problems" in stages else ():
        for fmt, path in wrong_everywhere(n, data).items():
            ours = measure("problems-timeline", path, 1)
            base = measure("problems-baseline", path, 1)
            size_mb = path.stat().st_size / 2**20
            ours["note"] = f"file {size_mb:.1f} MB; peak {ours['peak_mb'] / size_mb:,.0f}× the file"
            what = f"Bad {fmt.upper()}: validate, a wrong value in every event, vs parse"
            rows.append(row(n, what, ours, base, None))
            print(_table(rows[-1:]), flush=True)
    for n in sizes:
        if not {"json", "yaml", "render", "engine", "parquet", "today", "diff"} & set(stages):
            continue
        formats = {"json"} if "json" in stages else set()
        formats |= {"yaml"} if "yaml" in stages else set()
        formats |= {"jsonl"} if "render" in stages or "diff" in stages else set()
        formats |= {"json"} if "render" in stages and n <= RENDER_LOADED_MAX else set()
        formats |= {"jsonl"} if "engine" in stages or "today" in stages else set()
        formats |= {"parquet"} if "engine" in stages or "parquet" in stages else set()
        if n > 1_000_000:  # only Parquet at ten million: the others are gigabytes of text
            formats = {"parquet"} if formats & {"parquet"} else set()
        paths = files_for(n, data, formats)
        repeat = 3 if n <= 10_000 else 1
        if "json" in stages:
            ours = measure("json-timeline", paths["json"], repeat)
            base = measure("json-baseline", paths["json"], repeat)
            rows.append(row(n, "JSON: load+validate+order+export", ours, base, 0.3))
            print(_table(rows[-1:]), flush=True)
        if "yaml" in stages:
            ours = measure("yaml-timeline", paths["yaml"], repeat)
            base = measure("yaml-baseline", paths["yaml"], repeat) if n <= PYYAML_MAX else None
            if base is None:
                ours["note"] = f"PyYAML not run above {PYYAML_MAX:,} events (memory)"
            rows.append(row(n, "YAML: validate vs PyYAML parse", ours, base, 0.2))
            print(_table(rows[-1:]), flush=True)
        if "engine" in stages or "parquet" in stages or "today" in stages:
            rows += engine_rows(n, paths, stages, repeat)
        if "render" in stages:
            runs = [("render-engine", "jsonl", "Render .jsonl, engine: check + HTML")]
            if n <= RENDER_LOADED_MAX:
                runs.insert(0, ("render-timeline", "json", "Render .json: load + HTML"))
            for stage, fmt, what in runs:
                ours = measure(stage, paths[fmt], repeat)
                ok = ours["html_mb"] < 5 and ours["peak_mb"] < 4096
                if n >= 1_000_000:
                    ok = ok and ours["seconds"] < 60
                note = f"HTML {ours['html_mb']:.2f} MB; goal < 5 MB, 1M < 60 s and < 4 GB"
                ours["note"] = "; ".join(filter(None, [note, ours.get("note")]))
                entry = row(n, what, ours, None, None)
                entry["met"] = ok
                rows.append(entry)
                print(_table(rows[-1:]), flush=True)
        if "diff" in stages:
            rows += diff_rows(n, paths["jsonl"], repeat)
    return rows


def engine_rows(
    n: int, paths: dict[str, Path], stages: list[str], repeat: int
) -> list[dict[str, Any]]:
    """The engine's goals: each render against Polars' own count of the same file."""
    rows = []
    formats = ["parquet"] if n > 1_000_000 else ["jsonl", "parquet"]
    if "today" in stages and n <= 1_000_000:
        if not TODAY:
            raise SystemExit("--stages today needs TIMELINE_TODAY: a checkout of 7c1fad6")
        today = measure("render-today", paths["jsonl"], repeat)
        base = measure("polars-baseline", paths["jsonl"], repeat)
        rows.append(row(n, "Render .jsonl today (seams: a process per core)", today, base, None))
        print(_table(rows[-1:]), flush=True)
    for fmt in formats:
        if fmt == "jsonl" and "engine" not in stages:
            continue
        ours = measure("render-engine", paths[fmt], repeat)
        base = measure("polars-baseline", paths[fmt], repeat)
        goal = 2.0 if n <= 1_000_000 else None
        entry = row(n, f"Render .{fmt}, engine: every row checked + HTML", ours, base, goal)
        notes = [f"HTML {ours['html_mb']:.2f} MB"]
        if fmt == "jsonl" and n >= 1_000_000:
            notes.append(f"peak goal ≤ 1.5 GB: {'met' if ours['peak_mb'] <= 1536 else 'not met'}")
        if n > 1_000_000:
            ok = ours["seconds"] <= 60 and ours["peak_mb"] <= 2048
            entry["met"] = ok
            entry["goal"] = "≤ 60 s, ≤ 2 GB"
        entry["note"] = "; ".join(notes + ([ours["note"]] if ours.get("note") else []))
        rows.append(entry)
        print(_table(rows[-1:]), flush=True)
    return rows


def diff_rows(n: int, path: Path, repeat: int) -> list[dict[str, Any]]:
    """`timeline diff` of a file and its next version (``generate.write_next_version``), whole
    and the comparison alone, against Polars reading both and joining them by id."""
    if not next_version(path).exists():
        sys.path.insert(0, str(HERE))
        from generate import write_next_version

        write_next_version(path, next_version(path))
    base = measure("diff-baseline", path, repeat)
    found = []
    for stage, what in [
        ("diff-compare", "Diff .jsonl pair: compare only (files known valid)"),
        ("diff-timeline", "Diff .jsonl pair: check both + compare"),
    ]:
        ours = measure(stage, path, repeat)
        counts = ", ".join(f"{ours[k]:,} {k}" for k in ("added", "removed", "changed", "renamed"))
        ours["note"] = "; ".join(filter(None, [counts, ours.get("note")]))
        found.append(row(n, what, ours, base, None))
        print(_table(found[-1:]), flush=True)
    return found


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "–"
    return f"{value:,.2f}{unit}" if value < 100 else f"{value:,.0f}{unit}"


def _table(rows: list[dict[str, Any]]) -> str:
    head = (
        "| N | stage | timeline | peak | baseline | baseline peak | ratio | goal | met |"
        " note |\n|---:|---|---:|---:|---:|---:|---:|---|---|---|"
    )
    lines = [head]
    for r in rows:
        met = "–" if r["met"] is None else ("met" if r["met"] else "**not met**")
        lines.append(
            f"| {r['n']:,} | {r['stage']} | {_fmt(r['seconds'], ' s')} | "
            f"{_fmt(r['peak_mb'], ' MB')} | {_fmt(r['base_seconds'], ' s')} | "
            f"{_fmt(r['base_peak_mb'], ' MB')} | {_fmt(r['ratio'], '×')} | {r['goal']} | {met} |"
            f" {r['note']} |"
        )
    return "\n".join(lines)


def update_readme(rows: list[dict[str, Any]], command: str) -> None:
    text = README.read_text(encoding="utf-8") if README.exists() else f"{BEGIN}\n{END}\n"
    before, _, rest = text.partition(BEGIN)
    _, _, after = rest.partition(END)
    stamp = time.strftime("%Y-%m-%d %H:%M")
    body = (
        f"{BEGIN}\nLatest run ({stamp}, `{command}`, {os.cpu_count()} cores, "
        f"Python {sys.version.split()[0]}):\n\n{_table(rows)}\n{END}"
    )
    README.write_text(before + body + after, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--stages", default="start,cold,json,yaml,render")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "timeline-bench")
    parser.add_argument("--no-readme", action="store_true", help="Do not update README.md.")
    parser.add_argument(
        "--before",
        metavar="PYTHON",
        help="The import stage also runs each input with this interpreter's timeline (the code "
        "before a change, e.g. another checkout's .venv/bin/python), in the same run.",
    )
    parser.add_argument(
        "--child", nargs=3, metavar=("STAGE", "FILE", "OUT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        stage, path, out = args.child
        child(stage, Path(path), Path(out))
        return
    sizes = [int(s) for s in args.sizes.split(",") if s]
    started = time.perf_counter()
    rows = run(sizes, args.stages.split(","), args.data, args.before)
    print(f"\n{_table(rows)}\n\n(the run took {time.perf_counter() - started:,.0f} s)")
    if not args.no_readme:
        update_readme(rows, "python benchmarks/run.py " + " ".join(sys.argv[1:]))


if __name__ == "__main__":
    main()
