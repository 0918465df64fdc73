"""timeline diff: two versions compared event by event (added, removed, changed, renamed, equal),
as text, as JSON and as a chart; exit codes as diff's; large files compared as streams."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml
from click.testing import CliRunner

import timeline
from timeline.cli import main
from timeline.core.claims import CLAIMABLE_FIELDS
from timeline.view.chart import REMOVED_FADE

from .conftest import ROOT

OLD = """\
title: Versions
events:
  - id: signing
    title: Framework signed
    kind: signing
    timezone: Asia/Tokyo
    start: 2025-10-28 10:40
    place: {city: Tokyo, country: JP}
    sources: [{url: "https://www.mofa.go.jp/a"}]
  - id: talks
    title: Talks in Berlin
    kind: meeting
    timezone: Europe/Berlin
    start: 2025-10-25 12:00
    sources: [{url: "https://example.org/talks"}]
  - id: dinner
    title: Dinner
    kind: dinner
    timezone: America/New_York
    start: 2025-11-06
    sources: [{url: "https://example.org/dinner"}]
  - id: old-visit
    title: State visit
    kind: state_visit
    timezone: Europe/Moscow
    start: 2025-11-11
    end: 2025-11-12
    sources: [{url: "https://example.org/visit"}]
"""


def edited(text: str, *edits: tuple[str, str]) -> str:
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return text


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    new = edited(
        OLD,
        ("start: 2025-10-28 10:40", "start: 2025-10-28 11:00"),  # moved 20 minutes
        ("city: Tokyo,", "city: Tokyo, venue: Akasaka Palace,"),
        ("start: 2025-10-25 12:00", "start: 2025-10-26 12:00"),  # across the clock change
        ("id: old-visit", "id: moscow-visit"),  # renamed
        (
            "  - id: dinner\n    title: Dinner\n    kind: dinner\n    timezone: America/New_York\n"
            '    start: 2025-11-06\n    sources: [{url: "https://example.org/dinner"}]\n',
            "",
        ),  # removed
    )
    new += (
        "  - id: accords\n    title: Kazakhstan joins Abraham Accords\n    kind: announcement\n"
        "    timezone: America/New_York\n    start: 2025-11-06\n"
        '    sources: [{url: "https://example.org/accords"}]\n'
    )  # added
    paths = tmp_path / "old.yaml", tmp_path / "new.yaml"
    for path, text in zip(paths, (OLD, new), strict=True):
        path.write_text(text, encoding="utf-8")
    return paths


def run(*args: str) -> Any:
    return CliRunner().invoke(main, ["diff", *args])


def test_the_text_lists_each_change_old_to_new(versions: tuple[Path, Path]) -> None:
    old, new = versions
    result = run(str(old), str(new))
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines() == [
        f"{old} → {new}: 1 added, 1 removed, 2 changed, 1 renamed, 0 unchanged",
        "~ changed talks: Talks in Berlin (2025-10-26T12:00:00+01:00)",
        "    start: 2025-10-25T12:00:00+02:00 → 2025-10-26T12:00:00+01:00 "
        "(moved 1 day later, in Europe/Berlin)",
        "~ changed signing: Framework signed (2025-10-28T11:00:00+09:00)",
        "    start: 2025-10-28T10:40:00+09:00 → 2025-10-28T11:00:00+09:00 "
        "(moved 20 minutes later, in Asia/Tokyo)",
        "    place.venue: (none) → Akasaka Palace",
        "+ added accords: Kazakhstan joins Abraham Accords (2025-11-06)",
        "- removed dinner: Dinner (2025-11-06)",
        "> renamed old-visit → moscow-visit: State visit (2025-11-11)",
    ]


def test_equal_versions_exit_0_whatever_the_order_and_the_way_times_are_written(
    tmp_path: Path,
) -> None:
    old = tmp_path / "old.yaml"
    old.write_text(OLD, encoding="utf-8")
    data = yaml.safe_load(OLD)
    data["events"].reverse()
    data["events"][-1]["start"] = "2025-10-28T01:40Z"  # the same instant, written in UTC
    new = tmp_path / "new.json"
    new.write_text(json.dumps(data, default=str), encoding="utf-8")
    result = run(str(old), str(new))
    assert result.exit_code == 0, result.output
    assert (
        result.stdout == f"{old} → {new}: 0 added, 0 removed, 0 changed, 0 renamed, 4 unchanged\n"
    )


def test_a_renamed_event_needs_the_same_title_and_times(tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    old.write_text(OLD, encoding="utf-8")
    new = tmp_path / "new.yaml"
    new.write_text(
        edited(OLD, ("id: old-visit", "id: moscow-visit"), ("end: 2025-11-12", "end: 2025-11-13")),
        encoding="utf-8",
    )
    found = timeline.diff(old, new)
    assert found.counts() == {"added": 1, "removed": 1, "changed": 0, "renamed": 0}


def test_json_is_what_the_library_gives(versions: tuple[Path, Path]) -> None:
    result = run(*map(str, versions), "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data == timeline.diff(*versions).to_dict()
    assert data["counts"] == {"added": 1, "removed": 1, "changed": 2, "renamed": 1, "unchanged": 0}
    signing = next(c for c in data["changes"] if c["id"] == "signing")
    assert signing["moved"] == {"seconds": 1200.0, "direction": "later", "zone": "Asia/Tokyo"}
    assert signing["fields"][1] == {"field": "place.venue", "old": None, "new": "Akasaka Palace"}
    renamed = next(c for c in data["changes"] if c["status"] == "renamed")
    assert (renamed["old_id"], renamed["id"]) == ("old-visit", "moscow-visit")


def test_an_invalid_or_unreadable_version_exits_2_reported_as_validate_does(
    versions: tuple[Path, Path], tmp_path: Path
) -> None:
    old, _ = versions
    bad = ROOT / "examples" / "bad-events.yaml"
    result = run(str(old), str(bad))
    assert result.exit_code == 2
    validated = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.stderr == validated.stderr
    assert result.stdout == ""
    missing = run(str(old), str(tmp_path / "none.yaml"))
    assert missing.exit_code == 2
    assert missing.stderr.startswith("timeline: error: ")


def test_versions_in_different_formats(versions: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = versions
    as_csv = tmp_path / "new.csv"
    as_csv.write_text(timeline.export(timeline.load(new), "csv"), encoding="utf-8")
    from_csv = timeline.diff(old, as_csv)
    assert from_csv.counts() == timeline.diff(old, new).counts()
    # the sheet has no title: that, and only that, is a change of the file
    assert [str(change) for change in from_csv.file] == ["title: Versions → (none)"]


def test_claims_that_changed_are_listed(tmp_path: Path) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    claimed = edited(
        OLD,
        (
            "start: 2025-10-25 12:00",
            "start: {claims: [{value: 2025-10-25 12:00, sources: [0]},"
            " {value: 2025-10-24, said_by: X, confidence: disputed}]}",
        ),
    )
    old.write_text(claimed, encoding="utf-8")
    new.write_text(claimed.replace("confidence: disputed", "confidence: false"), encoding="utf-8")
    (change,) = timeline.diff(old, new).changes
    assert [str(field) for field in change.fields] == [
        "start.claims[1].confidence: disputed → false"
    ]
    assert change.moved is None


# -- the chart -----------------------------------------------------------------------------------


def chart_rows(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    layers = spec["vconcat"][0]["layer"] if "vconcat" in spec else spec["layer"]
    found: dict[str, dict[str, Any]] = {}
    for layer in [spec, *layers]:
        for row in (layer.get("data") or {}).get("values", []):
            if "lane" in row:
                found[row["id"]] = row
    return found


def test_out_draws_both_versions_on_one_chart(versions: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "diff.json"
    result = run(*map(str, versions), "--out", str(out), "--lang", "de")
    assert result.exit_code == 1
    spec = json.loads(out.read_text(encoding="utf-8"))
    rows = chart_rows(spec)
    assert {i: rows[i].get("change") for i in rows} == {
        "signing": "changed",
        "talks": "changed",
        "dinner": "removed",  # drawn as it was
        "accords": "added",
        "moscow-visit": "renamed",
    }
    # removed: faded as a whole (its mark and outline), where a date-only fill alone is pale
    assert f"datum.change === 'removed' ? {REMOVED_FADE} : 1" in json.dumps(spec), "removed: faded"
    assert rows["dinner"]["label"] == "Dinner (entfernt)"
    assert rows["signing"]["change_text"] == (
        "geändert: um 20 Minuten später verschoben; place.venue: (none) → Akasaka Palace"
    )
    layers = spec["layer"]
    assert any(
        {"filter": "datum.change == 'added'"} in layer.get("transform", [])
        and "stroke" in layer["mark"]
        for layer in layers
    ), "added: a halo"
    arrows = next(
        layer["data"]["values"] for layer in layers if "direction" in str(layer.get("data"))
    )
    assert {a["id"]: a["direction"] for a in arrows} == {"signing": "later", "talks": "later"}
    assert spec["title"]["text"] == "Änderungen: old.yaml → new.yaml"
    assert "1 neu, 1 entfernt, 2 geändert, 1 umbenannt, 0 unverändert" in spec["title"]["subtitle"]


# -- large files, as streams ---------------------------------------------------------------------


def as_lines_and_table(source: Path, stem: Path) -> tuple[Path, Path]:
    """``source`` as JSON Lines (header first) and as Parquet (header in the metadata)."""
    data = timeline.load(source).to_dict()
    header = {key: data[key] for key in ("title", "actors") if data.get(key)}
    lines = stem.with_suffix(".jsonl")
    with lines.open("w", encoding="utf-8") as out:
        out.write(json.dumps(header) + "\n")
        for event in data["events"]:
            out.write(json.dumps(event, ensure_ascii=False) + "\n")
    rows = []
    for event in data["events"]:  # a claimed field is JSON text in its column, as in CSV
        for name in CLAIMABLE_FIELDS:
            if isinstance(event.get(name), dict) and "claims" in event[name]:
                event[name] = json.dumps(event[name])
        event["outcomes"] = [json.dumps(o) if isinstance(o, dict) else o for o in event["outcomes"]]
        rows.append(event)
    table = stem.with_suffix(".parquet")
    frame = pl.DataFrame(rows, infer_schema_length=None)
    frame.write_parquet(table, metadata={"timeline": json.dumps(header)})
    return lines, table


@pytest.fixture(scope="module")
def draft_and_bundled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    sys.path.insert(0, str(ROOT / "examples"))
    import gallery

    folder = tmp_path_factory.mktemp("versions")
    shutil.copy(timeline.bundled_events(), folder / "events.yaml")
    return gallery.draft(folder), folder / "events.yaml"


def test_streamed_diff_is_the_diff_of_the_files_held_whole(
    draft_and_bundled: tuple[Path, Path], tmp_path: Path
) -> None:
    old, new = draft_and_bundled
    whole = timeline.diff(old, new)
    assert whole.counts() == {"added": 1, "removed": 1, "changed": 6, "renamed": 1}
    old_lines, old_table = as_lines_and_table(old, tmp_path / "old")
    new_lines, new_table = as_lines_and_table(new, tmp_path / "new")
    for pair in [(old_lines, new_lines), (old_table, new_table), (old_table, new_lines)]:
        streamed = timeline.diff(*pair)
        assert streamed.changes == whole.changes, pair
        assert streamed.unchanged == whole.unchanged
    assert timeline.diff(new_table, new_lines).equal
    assert timeline.diff(old_table, new).changes == whole.changes  # Parquet against YAML


def test_a_streamed_diff_draws_only_what_changed(
    draft_and_bundled: tuple[Path, Path], tmp_path: Path
) -> None:
    old, new = (
        as_lines_and_table(path, tmp_path / name)[0]
        for path, name in zip(draft_and_bundled, ("old", "new"), strict=True)
    )
    timeline.diff(old, new, out=tmp_path / "diff.json")
    rows = chart_rows(json.loads((tmp_path / "diff.json").read_text(encoding="utf-8")))
    assert len(rows) == 9
    assert all(row.get("change") for row in rows.values())


def test_a_bad_row_of_a_parquet_file_is_reported_by_its_row(tmp_path: Path) -> None:
    table = tmp_path / "events.parquet"
    pl.DataFrame(
        {
            "id": ["a", "b"],
            "title": ["A", "B"],
            "kind": ["meeting", "meting"],
            "timezone": ["Asia/Tokyo", "Asia/Tokyo"],
            "start": ["2025-10-28", "2025-10-29"],
        }
    ).write_parquet(table)
    result = run(str(table), str(table))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-2].startswith(
        f"{table}:2:3: events[1].kind: unknown kind 'meting' — did you mean 'meeting'?"
    )


def test_a_generated_pair_of_json_lines_files(tmp_path: Path) -> None:
    """The benchmark's pair, small: every edit the next version made is found, nothing else."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate, write_next_version

    generate(3000, tmp_path, formats="jsonl")
    old, new = tmp_path / "events-3000.jsonl", tmp_path / "next.jsonl"
    made = write_next_version(old, new)
    found = timeline.diff(old, new)
    assert found.counts() == {
        "added": made["added"],
        "removed": made["removed"],
        "changed": made["changed"] + made["moved"],
        "renamed": made["renamed"],
    }
    assert sum(found.counts().values()) > 40
    moved = [c for c in found.changes if c.moved is not None]
    assert len(moved) == made["moved"]
    assert all(str(c.moved).startswith("moved 1 day later, in ") for c in moved)
