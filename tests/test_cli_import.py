"""``timeline import`` and ``timeline export --format``: exit codes, exact messages, and files
that are written whole or not at all."""

from __future__ import annotations

import json
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner
from hypothesis import given

import timeline
from timeline import Timeline
from timeline.cli import main

from .format_strategies import count, described_actors, place_translated, timelines

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "timelinejs"
needs_fixtures = pytest.mark.skipif(not FIXTURES.is_dir(), reason=f"{FIXTURES} is absent")
HOUSTON = FIXTURES / "houston_timeline3.json"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@needs_fixtures
def test_import_writes_a_valid_events_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "events.yaml"
    result = runner.invoke(main, ["import", str(HOUSTON), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out} (18 events from {HOUSTON}, 7 warnings)\n"
    assert result.stderr.splitlines()[:2] == [
        f"{HOUSTON}: warning: 'media' of 1 event not kept (only web addresses become sources)",
        f"{HOUSTON}: warning: 'media' of 1 title slide not kept",
    ]
    assert timeline.load(out) == timeline.import_events(HOUSTON)
    assert "start: '1978'" in out.read_text(encoding="utf-8")


@needs_fixtures
def test_import_never_replaces_a_file_unless_forced(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "events.yaml"
    out.write_text("mine", encoding="utf-8")
    result = runner.invoke(main, ["import", str(HOUSTON), "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr == f"timeline: error: {out}: already exists; pass --force to replace it\n"
    assert out.read_text(encoding="utf-8") == "mine"
    # A failed import (these times have no zone) leaves the file as it was, --force or not.
    result = runner.invoke(
        main, ["import", str(FIXTURES / "twain_marktwain.json"), "-o", str(out), "--force"]
    )
    assert result.exit_code == 1
    assert out.read_text(encoding="utf-8") == "mine"
    result = runner.invoke(main, ["import", str(HOUSTON), "--out", str(out), "--force"])
    assert result.exit_code == 0
    assert timeline.load(out).title == "Whitney Houston<br/> 1963 - 2012"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.yaml"]


@needs_fixtures
def test_import_reads_cosmological_years(runner: CliRunner, tmp_path: Path) -> None:
    cosmo = FIXTURES / "cosmo.json"
    out = tmp_path / "e.yaml"
    result = runner.invoke(main, ["import", str(cosmo), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out} (7 events from {cosmo}, 8 warnings)\n"
    events = timeline.load(out)
    assert [e.start.isoformat() for e in events] == [
        "Y-13800000000",
        "Y-13799630000",
        "Y-12800000000",
        "Y-4600000000",
        "Y-538800000",
        "Y-315000",
        "-3500",
    ]
    big_year = "year: -13800000000 cannot be held"  # what this import said before EDTF years
    assert big_year not in result.output


@needs_fixtures
def test_import_skips_a_year_beyond_a_trillion(runner: CliRunner, tmp_path: Path) -> None:
    far = tmp_path / "far.json"
    far.write_text(
        '{"events": [{"start_date": {"year": "-2000000000000"}, "text": {"headline": "Far"}}]}',
        encoding="utf-8",
    )
    result = runner.invoke(main, ["import", str(far), "--out", str(tmp_path / "e.yaml")])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{far}: nothing to import: 1 of 1 slide skipped, each for the reason given",
        f"{far}:1:37: warning: events[0].start_date.year: slide skipped: year -2000000000000 "
        "cannot be held: an events file takes years within a trillion of 0",
        f"{far}: 1 error, 1 warning",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["far.json"]


@needs_fixtures
def test_import_asks_for_a_zone(runner: CliRunner, tmp_path: Path) -> None:
    twain = FIXTURES / "twain_marktwain.json"
    out = tmp_path / "e.yaml"
    result = runner.invoke(main, ["import", str(twain), "--out", str(out)])
    assert result.exit_code == 1
    assert (
        f"{twain}:30:27: events[1].start_date: TimelineJS carries no time zone (15 events have "
        "a time of day): pass the zone the times are local to with --timezone ZONE (an IANA "
        "name such as America/Chicago)"
    ) in result.stderr.splitlines()
    result = runner.invoke(main, ["import", str(twain), "-o", str(out), "--timezone", "Asia/Tokio"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"timeline: error: {twain}: --timezone: unknown time zone 'Asia/Tokio' — did you mean "
        "'Asia/Tokyo'?\n"
    )
    result = runner.invoke(
        main, ["import", str(twain), "-o", str(out), "--timezone", "America/Chicago"]
    )
    assert result.exit_code == 0
    assert timeline.load(out)["florida-missouri"].timezone == "America/Chicago"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["notes.txt"],
            "timeline: error: notes.txt: cannot tell the format of a '.txt' file; pass --from "
            "with one of timelinejs, ics, csv, jsonld\n",
        ),
        (["nothing.csv"], "timeline: error: nothing.csv: no such file\n"),
        (["nothing.txt", "--from", "csv"], "timeline: error: nothing.txt: no such file\n"),
    ],
)
def test_import_errors(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("notes.txt").write_text("hello\n", encoding="utf-8")
    result = runner.invoke(main, ["import", *args])
    assert (result.exit_code, result.stderr) == (1, message)


def test_import_to_stdout_and_to_json(runner: CliRunner, tmp_path: Path) -> None:
    sheet = tmp_path / "events.csv"
    sheet.write_text("title,start,country\nA,2025-11-11,NO\n", encoding="utf-8")
    result = runner.invoke(main, ["import", str(sheet), "--out", "-", "--timezone", "Europe/Oslo"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "events:\n"
        "- id: a\n"
        "  title: A\n"
        "  kind: other\n"
        "  timezone: Europe/Oslo\n"
        "  start: '2025-11-11'\n"
        "  place:\n"
        "    country: 'NO'\n"
    )
    out = tmp_path / "events.json"
    result = runner.invoke(main, ["import", str(sheet), "-o", str(out), "--timezone", "UTC"])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["events"][0]["place"] == {
        "venue": None,
        "city": None,
        "country": "NO",
    }


def test_written_yaml_keeps_text_that_looks_like_other_values(tmp_path: Path) -> None:
    sheet = tmp_path / "events.csv"
    sheet.write_text(
        "id,title,start,timezone,country,summary,notes,outcomes\n"
        "e1,NO,2025-10-28 10:40,Europe/Oslo,NO,2025-11-11,10:40,1e5 | 0o17 | null\n",
        encoding="utf-8",
    )
    imported = timeline.import_events(sheet)
    out = tmp_path / "events.yaml"
    out.write_text(timeline.export(imported, "yaml"), encoding="utf-8")
    event = timeline.load(out)["e1"]
    assert (event.title, event.summary, event.notes) == ("NO", "2025-11-11", "10:40")
    assert event.outcomes == ("1e5", "0o17", "null")
    assert event.place is not None
    assert event.place.country == "NO"
    assert str(event.start) == "2025-10-28T10:40:00+01:00"


@given(timelines())
def test_yaml_output_loads_back_the_same(original: Timeline) -> None:
    assert timeline.loads(timeline.export(original, "yaml")) == original


def test_export_formats_print_notes_on_stderr(runner: CliRunner, bundled: Timeline) -> None:
    result = runner.invoke(main, ["export", str(timeline.bundled_events()), "--format", "ics"])
    assert result.exit_code == 0
    assert result.stderr == (
        "ics: 'claims' of 3 events not kept (each field keeps the value the timeline uses)\n"
        "ics: 'duration' of 1 event not kept\n"
        f"ics: 'role/country' of {described_actors(bundled)} actors not kept (participants keep "
        "their name and id)\n"
        "ics: 'translations' of 1 file not kept\n"
        f"ics: 'translations' of {len(bundled)} events not kept\n"
        f"ics: 'place.translations' of {place_translated(bundled)} events not kept\n"
    )
    assert len(icalendar.Calendar.from_ical(result.stdout).walk("VEVENT")) == len(bundled)


@pytest.mark.parametrize(
    ("name", "first"),
    [
        ("out.ics", "BEGIN:VCALENDAR"),
        ("out.csv", "id,title,kind,start,end,"),
        ("out.jsonld", "{"),
        ("out.yaml", "title: Mineral diplomacy"),
        ("out.json", "{"),
    ],
)
def test_export_format_from_the_suffix(
    runner: CliRunner, tmp_path: Path, name: str, first: str
) -> None:
    out = tmp_path / name
    result = runner.invoke(main, ["export", str(timeline.bundled_events()), "--out", str(out)])
    assert result.exit_code == 0
    assert result.stdout == f"wrote {out}\n"
    assert out.read_text(encoding="utf-8").startswith(first)


def test_export_timelinejs_to_a_file(runner: CliRunner, tmp_path: Path, bundled: Timeline) -> None:
    out = tmp_path / "slides.json"
    args = ["export", str(timeline.bundled_events()), "--format", "timelinejs", "--out", str(out)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0
    participants = count(bundled, "participants")
    assert f"timelinejs: 'participants' of {participants} events not kept" in result.stderr
    assert len(json.loads(out.read_text(encoding="utf-8"))["events"]) == len(bundled)


@pytest.mark.parametrize("command", ["import", "export"])
def test_help(runner: CliRunner, command: str) -> None:
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "--timezone" in result.output if command == "import" else "jsonld" in result.output
