"""The engine (``timeline.engine``): tables and large files checked as columns give the problems
the models give, in every format; other people's tables read through a column mapping; Spark
counts what DuckDB counts; Ctrl-C leaves no traceback. No timings here."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import timeline
from timeline.cli import main
from timeline.core.columns_map import COLUMNS
from timeline.engine.check import Source, check

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import generate

SOURCE = "https://example.org/report"


def event(i: int, **changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": f"e{i}",
        "title": f"Event {i}",
        "kind": "meeting",
        "timezone": "Europe/Berlin",
        "start": f"2025-0{1 + i % 9}-1{i % 10} 1{i % 10}:30",
        "place": {"city": "Berlin", "country": "DE"},
        "sources": [{"url": f"{SOURCE}/{i}"}],
        "tags": ["trade"] if i % 2 else [],
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


PLANTED: dict[int, dict[str, Any]] = {
    3: {"kind": "meetin"},
    4: {"timezone": "Asia/Tokio"},
    5: {"start": "2025-03-30 02:30"},  # the clocks skip it in Berlin
    6: {"start": "2025-10-26 02:30"},  # and it happens twice
    7: {"timezone": "Asia/Tokyo", "start": "2025-10-28T10:40+08:00", "place": None},
    8: {"start": "2025-02-30"},
    9: {"place": {"country": "XX"}},
    10: {"timezone": "Asia/Tokyo"},  # in Germany
    11: {"id": "e2"},
    12: {"part_of": "e99"},
    13: {"start": "2025-06-02", "end": "2025-06-01"},
    14: {"id": "Bad Id"},
    15: {"sources": [{"url": "ftp://example.org/x"}]},
    16: {"follows": ["e16"]},
    17: {"part_of": "e18"},
    18: {"part_of": "e17"},
    19: {"start": "2025-11-11 25:00"},
    20: {"sources": []},
    21: {"start": "2025-07-01T08:00Z", "end": "2025-07-01 09:30"},
    22: {"start": "2024", "end": "2024-03"},
}


def planted_events(count: int = 30) -> list[dict[str, Any]]:
    return [event(i, **PLANTED.get(i, {})) for i in range(count)]


def table_of(events: list[dict[str, Any]]) -> pa.Table:
    """Events in our table layout (CSV's columns), lists as lists, sources as records."""
    columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    for e in events:
        place = e.get("place") or {}
        for name in COLUMNS:
            if name in ("venue", "city", "country"):
                columns[name].append(place.get(name))
            elif (
                name in ("participants", "outcomes", "tags", "follows", "responds_to")
                or name == "sources"
            ):
                columns[name].append(e.get(name, []))
            else:
                columns[name].append(e.get(name))
    return pa.table(columns)


def csv_of(events: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in events:
        place = e.get("place") or {}
        row = []
        for name in COLUMNS:
            value = place.get(name) if name in ("venue", "city", "country") else e.get(name)
            if name == "sources":
                value = [s["url"] for s in e.get("sources", [])]
            if isinstance(value, list):
                value = " | ".join(value)
            row.append("" if value is None else str(value))
        writer.writerow(row)
    return out.getvalue()


def written(events: list[dict[str, Any]], folder: Path) -> dict[str, Path]:
    paths = {fmt: folder / f"events.{fmt}" for fmt in ("json", "jsonl", "parquet", "csv")}
    paths["json"].write_text(json.dumps({"events": events}, indent=2), encoding="utf-8")
    paths["jsonl"].write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    pq.write_table(table_of(events), paths["parquet"])
    paths["csv"].write_text(csv_of(events), encoding="utf-8")
    return paths


def what(report: timeline.Report) -> list[tuple[str, str, str, str]]:
    return [(p.code, p.field, p.message, p.severity) for p in report.problems]


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return written(planted_events(), tmp_path_factory.mktemp("planted"))


@pytest.mark.parametrize("fmt", ["jsonl", "parquet", "csv"])
def test_planted_errors_get_the_messages_of_the_whole_file(
    planted: dict[str, Path], fmt: str
) -> None:
    expected = timeline.validate(planted["json"])
    report = timeline.validate(planted[fmt])
    assert what(report) == what(expected)
    assert report.events == expected.events == 30
    # a small JSON Lines file is checked line by line; a large one on the engine, as here
    on_engine = check(Source(planted[fmt], str(planted[fmt])), group_by=None).report
    assert what(on_engine) == what(expected)
    codes = {p.code for p in report.problems}
    assert codes >= {
        "unknown-kind", "unknown-zone", "nonexistent-time", "ambiguous-time",
        "offset-mismatch", "impossible-date", "unknown-country", "zone-country-mismatch",
        "duplicate-id", "unknown-event", "end-before-start", "id-format", "url-scheme",
        "self-reference", "part-of-cycle", "impossible-time", "no-source",
    }  # fmt: skip


def test_a_table_problem_is_placed_at_its_row_and_column(planted: dict[str, Path]) -> None:
    report = timeline.validate(planted["parquet"])
    kind = next(p for p in report.problems if p.code == "unknown-kind")
    assert (kind.line, kind.column) == (4, COLUMNS.index("kind") + 1)  # events[3]: row 4
    assert str(kind).startswith(f"{planted['parquet']}:4:3: events[3].kind: unknown kind")
    line = next(p for p in timeline.validate(planted["csv"]).problems if p.code == "unknown-kind")
    assert line.line == 5  # the header is line 1


@pytest.fixture
def explained(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The rows the engine hands to the models, as it hands them."""
    import timeline.engine.check as engine

    seen: list[int] = []
    explain = engine._Run._explain

    def counted(self: Any, rows: list[int]) -> Any:
        seen.extend(rows)
        return explain(self, rows)

    monkeypatch.setattr(engine._Run, "_explain", counted)
    return seen


def test_the_rules_decide_ordinary_rows_without_the_models(
    planted: dict[str, Path], explained: list[int]
) -> None:
    """Only rows with a problem reach the models: the others are decided as columns."""
    check(Source(planted["parquet"], "p"), group_by=None)
    assert set(explained) <= set(PLANTED)
    assert set(explained) >= set(PLANTED) - {11, 12, 16, 17, 18, 20, 21, 22}  # across rows; valid


def test_participants_outside_the_registry_are_left_to_the_models(
    tmp_path: Path, explained: list[int]
) -> None:
    """The registry is checked as a join: rows naming only its actors are decided as columns,
    and a row naming another reaches the models, which say which participant is unknown."""
    actors = {"ann": {"name": "Ann"}, "bob": {"name": "Bob"}}
    named = [["ann"], ["bob", "ann"], ["ann", "carl"], []]
    events = [event(i, participants=p or None) for i, p in enumerate(named)]
    whole = tmp_path / "events.json"
    whole.write_text(json.dumps({"actors": actors, "events": events}), encoding="utf-8")
    lines = tmp_path / "events.jsonl"
    lines.write_text(
        "".join(json.dumps(d) + "\n" for d in [{"actors": actors}, *events]), encoding="utf-8"
    )
    report = check(Source(lines, "events.jsonl"), group_by=None).report
    assert explained == [2]
    assert what(report) == what(timeline.validate(whole))
    assert [(p.code, p.path) for p in report.problems] == [
        ("unknown-actor", ("events", 2, "participants", 1))
    ]


ODD_LINES = {
    "key written twice": '{"id": "e90", "id": "e91", "title": "Twice", "kind": "meeting", '
    '"timezone": "UTC", "start": "2025-01-01", "sources": [{"url": "https://example.org/a"}]}',
    "not an object": "[1, 2]",
    "item not text": json.dumps(event(92, tags=[1, "trade"])),
    "key of no field": json.dumps(event(93, colour="red")),
}


@pytest.mark.parametrize("odd", list(ODD_LINES))
def test_odd_json_lines_get_the_messages_of_the_line_by_line_check(
    tmp_path: Path, odd: str
) -> None:
    """A line the models would not take, whether DuckDB's reader takes it or not, gets the
    messages the line-by-line check gives."""
    from timeline.read.stream import read_columns

    lines = [json.dumps(event(i)) for i in range(4)]
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join([*lines[:2], ODD_LINES[odd], *lines[2:]]) + "\n", encoding="utf-8")
    report = check(Source(path, "events.jsonl"), group_by=None).report
    _columns, expected = read_columns(path)
    assert [(p.line, p.column, p.code, p.message) for p in report.problems] == [
        (p.line, p.column, p.code, p.message) for p in expected.problems
    ]
    assert {p.line for p in report.problems if p.severity == "error"} == {3}


@pytest.mark.parametrize("fmt", ["jsonl", "parquet", "csv"])
def test_a_valid_table_renders_as_the_whole_file_does(tmp_path: Path, fmt: str) -> None:
    events = [event(i) for i in range(40)]
    paths = written(events, tmp_path)
    expected, _ = timeline.render_file(paths["json"], tmp_path / "whole.json", tz="Asia/Tokyo")
    drawn, count = timeline.render_file(paths[fmt], tmp_path / f"{fmt}.json", tz="Asia/Tokyo")
    assert count == 40
    assert json.loads(drawn.read_text()) == json.loads(expected.read_text())


@pytest.mark.parametrize("group_by", ["kind", "tag", "country"])
def test_above_the_limit_the_engine_counts_what_polars_counts(
    tmp_path: Path, group_by: Any
) -> None:
    """The density view from the engine's counts is the one drawn from a loaded timeline."""
    from timeline.core.columns import DensityColumns
    from timeline.view.chart import density_view, lane_labels

    events = [event(i, start=f"20{10 + i % 15}-0{1 + i % 9}-0{1 + i % 8}") for i in range(60)]
    paths = written(events, tmp_path)
    loaded = timeline.load(paths["json"])
    whole = density_view(
        DensityColumns.of_timeline(loaded, group_by),
        texts=loaded, actors=loaded.actors, group_by=group_by, tz="America/New_York",
    ).to_dict()  # fmt: skip
    for fmt in ("parquet", "jsonl"):
        counted = check(
            Source(paths[fmt], "t"),
            group_by=group_by,
            tz="America/New_York",
            keep=20,
            labels=lambda keys, actors: lane_labels(
                keys, group_by=group_by, actors=actors, lang="en"
            ),
        )
        assert counted.bins is not None
        drawn = density_view(
            counted.bins, texts=loaded, actors=loaded.actors, group_by=group_by,
            tz="America/New_York",
        ).to_dict()  # fmt: skip
        assert drawn == whole


# -- other people's tables ------------------------------------------------------------------

ACLED_KINDS = {"Strategic developments": "announcement", "*": "other"}


def acled_like() -> Any:
    """A table with ACLED's column names and values: ``event_date`` a date, ``event_type`` its
    six types, ``data_id`` a number, ``event_id_cnty`` upper case."""
    import pandas as pd

    types = ["Battles", "Protests", "Riots", "Strategic developments", "Explosions/Remote violence"]
    rows = [
        {
            "event_id_cnty": f"SYR{1000 + i}",
            "data_id": 9_000_000 + i,
            "event_date": dt.date(2015, 2, 1) + dt.timedelta(days=i % 60),
            "event_type": types[i % len(types)],
            "actor1": "Military Forces of Syria",
            "location": "Aleppo",
            "notes": f"On {i} February 2015, something happened in Aleppo.",
        }
        for i in range(120)
    ]
    return pd.DataFrame(rows)


def gdelt_like() -> Any:
    """A table with GDELT's column names and values: ``SQLDATE`` an integer, CAMEO event codes,
    ``SOURCEURL``."""
    import polars as pl

    return pl.DataFrame(
        {
            "GLOBALEVENTID": [410_479_387 + i for i in range(90)],
            "SQLDATE": [20150215 + (i % 10) for i in range(90)],
            "Actor1Name": ["UNITED STATES", "RUSSIA", "CHINA"] * 30,
            "EventCode": ["057", "040", "0231"] * 30,
            "SOURCEURL": [f"https://news.example.com/{i}" for i in range(90)],
        }
    )


GDELT_KINDS = {"057": "signing", "040": "meeting", "*": "other"}


def test_an_acled_like_dataframe_through_a_column_mapping(tmp_path: Path) -> None:
    events = timeline.from_table(
        acled_like(), id="data_id", start="event_date", kind="event_type", title="notes",
        kinds=ACLED_KINDS, timezone="UTC",
    )  # fmt: skip
    report = timeline.validate(events)
    assert report.valid, str(report)
    assert report.events == 120
    assert {p.code for p in report.problems} == {"no-source"}  # ACLED names sources, no URLs
    loaded = timeline.load(events)
    assert {e.kind.value for e in loaded} == {"announcement", "other"}
    assert loaded[0].start.isoformat() == "2015-02-01"
    _path, count = timeline.render_file(events, tmp_path / "acled.json")
    assert count == 120


def test_a_gdelt_like_table_in_every_form(tmp_path: Path) -> None:
    import duckdb
    import ibis

    frame = gdelt_like()
    arrow = frame.to_arrow()
    pq.write_table(arrow, tmp_path / "gdelt.parquet")
    mapping = {
        "id": "GLOBALEVENTID", "start": "SQLDATE", "title": "Actor1Name", "kind": "EventCode",
        "sources": "SOURCEURL",
    }  # fmt: skip
    db = duckdb.connect()  # kept open while its relation is read
    relation = db.from_arrow(arrow)
    forms = [frame, arrow, frame.to_pandas(), relation, ibis.memtable(arrow),
             str(tmp_path / "gdelt.parquet")]  # fmt: skip
    counted = []
    for form in forms:
        events = timeline.from_table(form, kinds=GDELT_KINDS, timezone="UTC", **mapping)
        report = timeline.validate(events)
        assert report.valid, str(report)
        assert (report.events, report.problems) == (90, ())
        loaded = timeline.load(events)
        counted.append(sorted((e.id, e.kind.value, e.start.isoformat()) for e in loaded))
    assert all(c == counted[0] for c in counted)
    assert ("410479387", "signing", "2015-02-15") in counted[0]


def test_the_cli_reads_another_layout_with_map_and_kinds(tmp_path: Path) -> None:
    pq.write_table(gdelt_like().to_arrow(), tmp_path / "gdelt.parquet")
    mapping = "id=GLOBALEVENTID,start=SQLDATE,title=Actor1Name,kind=EventCode,sources=SOURCEURL"
    kinds = "057=signing,040=meeting,*=other"
    runner = CliRunner()
    args = ["validate", str(tmp_path / "gdelt.parquet"), "--map", mapping, "--kinds", kinds]
    result = runner.invoke(main, [*args, "--timezone", "UTC"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{tmp_path / 'gdelt.parquet'}: valid, 90 events, 0 warnings\n"
    result = runner.invoke(main, ["validate", str(tmp_path / "gdelt.parquet")])
    assert result.exit_code == 1
    assert "no 'id' column; found 'GLOBALEVENTID' — use --map id=GLOBALEVENTID" in result.stderr
    assert "Traceback" not in result.output
    out = tmp_path / "chart.json"
    result = runner.invoke(
        main, ["render", str(tmp_path / "gdelt.parquet"), "--map", mapping, "--kinds", kinds,
               "--timezone", "UTC", "--out", str(out), "--engine", "duckdb"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out} (90 events, times in UTC)\n"
    listed = runner.invoke(
        main, ["list", str(tmp_path / "gdelt.parquet"), "--map", mapping, "--kinds", kinds,
               "--timezone", "UTC", "--kind", "signing"],
    )  # fmt: skip
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.count("UNITED STATES") == 30


def test_max_problems_prints_some_and_counts_the_rest(planted: dict[str, Path]) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["validate", str(planted["parquet"]), "--max-problems", "3"])
    report = timeline.validate(planted["parquet"])
    lines = result.stderr.splitlines()
    assert lines[:3] == [str(p) for p in report.problems[:3]]
    rest = len(report.problems) - 3
    assert (
        lines[3]
        == f"{planted['parquet']}: … and {rest} more not listed (--max-problems 0 lists every one)"
    )
    assert result.exit_code == 1
    whole = runner.invoke(main, ["validate", str(planted["parquet"]), "--json"])
    assert len(json.loads(whole.stdout)["errors"]) == len(report.errors)


# -- a distributed engine, and Ctrl-C --------------------------------------------------------


@pytest.fixture(scope="session")
def events_200k(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The benchmark's 200,000 events as Parquet, made once per session."""
    folder = tmp_path_factory.mktemp("engine-200k")
    path = folder / "events-200000.parquet"
    generate.write_parquet(200_000, path)
    return path


@pytest.mark.slow
def test_spark_counts_what_duckdb_counts(events_200k: Path) -> None:
    assert shutil.which("java"), "Spark needs Java 17 (.ci/run installs openjdk-17-jre-headless)"
    os.environ.setdefault("TIMELINE_SPARK_MASTER", "local[2]")
    from timeline.engine.backends import spark_session

    session = spark_session()
    try:
        counts = {}
        for engine in ("duckdb", session):
            checked = check(
                Source(events_200k, "e"),
                engine=engine,
                tz="Europe/Berlin",
                labels=lambda keys, actors: {k: k for k in keys},
            )
            assert checked.report.valid, str(checked.report)[:2000]
            assert checked.bins is not None
            counts[str(engine)[:6]] = (checked.bins.every, sorted(checked.bins.counts))
        (embedded, distributed) = counts.values()
        assert distributed == embedded
        assert sum(n for _lane, _bin, n in embedded[1]) == 200_000
    finally:
        session.stop()


@pytest.fixture(scope="session")
def large_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """60,000 events as JSON Lines (47 MB: the old per-core pool took files over 32 MB)."""
    folder = tmp_path_factory.mktemp("engine-jsonl")
    generate.generate(60_000, folder, formats="jsonl")
    return folder / "events-60000.jsonl"


INTERRUPTED_RENDER = """\
import os, signal, sys, threading
import timeline.engine.check as engine
from timeline.cli import main

materialize = engine._Run._materialize

def interrupted(self):  # Ctrl-C half a second into the engine's first query
    threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT)).start()
    return materialize(self)

engine._Run._materialize = interrupted
main(["render", sys.argv[1], "--out", sys.argv[2]])
"""


@pytest.mark.slow
def test_ctrl_c_during_a_large_render_leaves_no_traceback(
    large_jsonl: Path, tmp_path: Path
) -> None:
    out = tmp_path / "chart.html"
    result = subprocess.run(
        [sys.executable, "-c", INTERRUPTED_RENDER, str(large_jsonl), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "TIMELINE_MAX_BYTES": str(1 << 30)},
        check=False,
    )
    assert result.returncode in (130, 1), result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.strip().endswith("Aborted!"), result.stderr
    assert not out.exists()


def test_the_readme_table_example_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"In Python:\n\n```python\n(.+?)```", readme, re.S)
    assert found is not None
    acled_like().to_parquet(tmp_path / "acled.parquet")
    pq.write_table(table_of([event(i) for i in range(40)]), tmp_path / "events.parquet")
    monkeypatch.chdir(tmp_path)
    exec(compile(found.group(1), "README.md", "exec"), {})
    assert capsys.readouterr().out == "True\n"
    assert (tmp_path / "acled.html").exists()
    assert (tmp_path / "chart.html").exists()


# -- Parquet with a JSON Lines line's fields (the layout `timeline diff` reads) -----------------


def nested_table(source: Path, path: Path, header: bool = True) -> Path:
    """``source``'s events as Parquet rows of their JSON fields: the place a record, a field's
    claims as JSON text; the header (title, actors) as JSON in the file's metadata."""
    from timeline.core.claims import CLAIMABLE_FIELDS

    data = timeline.load(source).to_dict()
    rows = []
    for event in data["events"]:
        for name in CLAIMABLE_FIELDS:
            if isinstance(event.get(name), dict) and "claims" in event[name]:
                event[name] = json.dumps(event[name])
        event["outcomes"] = [json.dumps(o) if isinstance(o, dict) else o for o in event["outcomes"]]
        rows.append(event)
    import polars as pl

    table = pl.DataFrame(rows, infer_schema_length=None).to_arrow()  # every row's columns
    if header:
        meta = {"title": data["title"], "actors": data["actors"]}
        table = table.replace_schema_metadata({"timeline": json.dumps(meta)})
    pq.write_table(table, path)
    return path


def test_a_table_of_json_fields_with_claims_loads_as_the_file(tmp_path: Path) -> None:
    bundled = timeline.load(timeline.bundled_events())
    assert any("claims" in json.dumps(e) for e in bundled.to_dict()["events"])  # disputed ones
    table = nested_table(timeline.bundled_events(), tmp_path / "events.parquet")
    assert timeline.validate(table).valid
    loaded = timeline.load(table)
    assert loaded.title == bundled.title
    assert loaded.actors == bundled.actors
    assert [e.model_dump(mode="json") for e in loaded] == [
        e.model_dump(mode="json") for e in bundled
    ]


def test_a_claim_written_wrong_in_a_table_cell_is_the_models_problem(tmp_path: Path) -> None:
    table = nested_table(timeline.bundled_events(), tmp_path / "events.parquet")
    rows = pq.read_table(table)
    titles = rows.column("title").to_pylist()
    titles[2] = json.dumps({"claims": [{"value": "A title", "confidence": "sure"}]})
    bad = rows.set_column(rows.schema.get_field_index("title"), "title", pa.array(titles))
    pq.write_table(bad.replace_schema_metadata(rows.schema.metadata), table)
    report = timeline.validate(table)
    assert not report.valid
    assert [p.field for p in report.errors] == ["events[2].title.claims[0].confidence"]
    assert report.errors[0].line == 3
