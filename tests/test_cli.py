"""The command line: every command, its exit codes and its exact messages."""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import timeline
from timeline.cli import main

from .test_bad_input import GOOD, HEAD, event


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


BAD = HEAD + event(kind="meting", timezone="Asia/Tokio")
BAD_LINES = [
    "events.yaml:7:11: events[0].kind: unknown kind 'meting' — did you mean 'meeting'? Allowed kinds: signing, meeting, summit, dinner, state_visit, visit, ceremony, conference, announcement, report, other",
    "events.yaml:8:15: events[0].timezone: unknown time zone 'Asia/Tokio' — did you mean 'Asia/Tokyo'?",
    "events.yaml: 2 errors, 0 warnings",
]


def test_validate_good_file(runner: CliRunner, write: Callable[..., Path]) -> None:
    path = write(HEAD + GOOD)
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 0
    assert result.output == f"{path}: valid, 1 events, 0 warnings\n"


def test_validate_bad_file_lists_every_problem(
    runner: CliRunner, write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(BAD)
    monkeypatch.chdir(path.parent)
    result = runner.invoke(main, ["validate", "events.yaml"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == BAD_LINES
    assert "Traceback" not in result.output


def test_validate_json_equals_the_library_report(
    runner: CliRunner, write: Callable[..., Path]
) -> None:
    path = write(BAD)
    result = runner.invoke(main, ["validate", "--json", str(path)])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == timeline.validate(path).to_dict()
    assert json.loads(result.stdout)["errors"][0] == {
        "code": "unknown-kind",
        "message": "unknown kind 'meting' — did you mean 'meeting'? Allowed kinds: signing, "
        "meeting, summit, dinner, state_visit, visit, ceremony, conference, announcement, "
        "report, other",
        "file": str(path),
        "line": 7,
        "column": 11,
        "path": "events[0].kind",
        "event_id": "tokyo-signing",
        "severity": "error",
        "loc": ["events", 0, "kind"],
    }


def test_warnings_do_not_fail_validation(runner: CliRunner, write: Callable[..., Path]) -> None:
    path = write(HEAD + event(sources="[]"))
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 0
    assert (
        result.stderr
        == f"{path}:12:14: warning: events[0].sources: no sources: add at least one report\n"
    )


def test_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1
    assert result.stderr == f"timeline: error: {tmp_path / 'nope.yaml'}: no such file\n"


def test_directory_instead_of_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == f"timeline: error: {tmp_path}: is a directory, not an events file\n"


def test_file_defaults_to_events_yaml_here(
    runner: CliRunner, write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(HEAD + GOOD)
    monkeypatch.chdir(path.parent)
    result = runner.invoke(main, ["validate"])
    assert result.output == "events.yaml: valid, 1 events, 0 warnings\n"


def test_file_defaults_to_the_bundled_events(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 0
    assert result.stderr == "timeline: no ./events.yaml here; using the bundled example events\n"
    assert result.stdout == f"{timeline.bundled_events()}: valid, 18 events, 0 warnings\n"


@pytest.mark.parametrize("suffix", ["html", "svg", "png", "json", "pdf"])
def test_render_each_format(runner: CliRunner, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"chart.{suffix}"
    result = runner.invoke(main, ["render", str(timeline.bundled_events()), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out} (18 events, times in UTC)\n"
    head = out.read_bytes()[:8]
    expected = {
        "html": b"<!DOCTYP",
        "svg": b"<svg",
        "png": b"\x89PNG",
        "json": b"{",
        "pdf": b"%PDF",
    }
    assert head.startswith(expected[suffix])


def test_render_html_is_self_contained(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "chart.html"
    runner.invoke(
        main, ["render", str(timeline.bundled_events()), "-o", str(out), "--tz", "Europe/Berlin"]
    )
    html = out.read_text(encoding="utf-8")
    assert "<script src=" not in html.replace(" ", "")  # no CDN: everything is inline
    assert "cdn.jsdelivr" not in html
    assert "Time (Europe/Berlin)" in html


def test_render_unknown_suffix(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        main, ["render", str(timeline.bundled_events()), "-o", str(tmp_path / "c.gif")]
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"timeline: error: {tmp_path / 'c.gif'}: cannot render a 'gif' file; "
        "use one of .html, .png, .svg, .pdf, .json\n"
    )


def test_render_unknown_display_zone(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "c.html"
    result = runner.invoke(
        main, ["render", str(timeline.bundled_events()), "-o", str(out), "--tz", "Europe/Berln"]
    )
    assert result.exit_code == 1
    assert (
        result.stderr
        == "timeline: error: unknown time zone 'Europe/Berln' — did you mean 'Europe/Berlin'?\n"
    )
    assert not out.exists()


def test_a_bad_file_leaves_the_existing_output_untouched(
    runner: CliRunner, write: Callable[..., Path], tmp_path: Path
) -> None:
    out = tmp_path / "chart.html"
    out.write_text("the chart I had", encoding="utf-8")
    result = runner.invoke(main, ["render", str(write(BAD)), "--out", str(out)])
    assert result.exit_code == 1
    assert out.read_text(encoding="utf-8") == "the chart I had"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chart.html", "events.yaml"]


def test_export_json_to_stdout(runner: CliRunner) -> None:
    result = runner.invoke(main, ["export", str(timeline.bundled_events())])
    assert result.exit_code == 0
    assert result.stdout == timeline.load(timeline.bundled_events()).to_json()


def test_export_to_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "events.json"
    result = runner.invoke(main, ["export", str(timeline.bundled_events()), "--out", str(out)])
    assert result.exit_code == 0
    assert result.stdout == f"wrote {out}\n"
    assert timeline.load(out) == timeline.load(timeline.bundled_events())


def test_list_table(runner: CliRunner) -> None:
    result = runner.invoke(
        main, ["list", str(timeline.bundled_events()), "--tz", "Europe/Berlin", "--kind", "signing"]
    )
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "when",
        "(Europe/Berlin)",
        "local",
        "time",
        "at",
        "the",
        "place",
        "kind",
        "id",
        "title",
        "place",
    ]
    tokyo = next(line for line in lines if "tokyo-signing" in line)
    assert re.split(r"\s{2,}", tokyo) == [
        "2025-10-28 02:40",
        "2025-10-28 10:40 JST → 10:45 ~",
        "signing",
        "tokyo-signing",
        bundled_title("tokyo-signing"),
        "Tokyo, JP",
    ]
    assert lines[-1] == "5 events; ~ marks approximate times"


def bundled_title(event_id: str) -> str:
    return timeline.load(timeline.bundled_events())[event_id].title


def test_list_date_range(runner: CliRunner) -> None:
    result = runner.invoke(
        main,
        [
            "list",
            str(timeline.bundled_events()),
            "--from",
            "2025-11-06",
            "--to",
            "2025-11-06",
            "--tz",
            "America/New_York",
        ],
    )
    ids = [line.split()[-4] for line in result.stdout.splitlines()[2:-1]]
    assert result.exit_code == 0
    assert "c5plus1-dinner" in result.stdout
    assert "tokyo-signing" not in result.stdout
    assert ids


def test_list_unknown_kind_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["list", str(timeline.bundled_events()), "--kind", "party"])
    assert result.exit_code == 2
    assert "unknown kind(s): party" in result.stderr


def test_schema(runner: CliRunner) -> None:
    result = runner.invoke(main, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema == timeline.schema()
    assert schema["required"] == ["events"]
    event = schema["$defs"]["Event"]
    assert set(event["required"]) == {"id", "title", "kind", "timezone", "start"}
    assert event["additionalProperties"] is False


@pytest.mark.parametrize("command", ["render", "export", "validate", "list", "schema"])
def test_every_command_has_help(runner: CliRunner, command: str) -> None:
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert len(result.output.splitlines()) > 3


def test_version(runner: CliRunner) -> None:
    assert (
        runner.invoke(main, ["--version"]).output == f"timeline, version {timeline.__version__}\n"
    )


@pytest.mark.parametrize(
    ("suffix", "size"),
    [
        ("svg", lambda data: re.search(rb'<svg[^>]* width="([\d.]+)"', data)),
        ("png", lambda data: struct.unpack(">I", data[16:20])),  # IHDR width
        ("pdf", lambda data: re.search(rb"/MediaBox \[0 0 ([\d.]+)", data)),
    ],
)
def test_render_scale_grows_every_image_format(
    runner: CliRunner, tmp_path: Path, suffix: str, size: Any
) -> None:
    widths = []
    for scale in ("1", "3"):
        out = tmp_path / f"chart-{scale}.{suffix}"
        args = ["render", str(timeline.bundled_events()), "-o", str(out), "--scale", scale]
        assert runner.invoke(main, [*args, "--width", "400"]).exit_code == 0
        found = size(out.read_bytes())
        assert found, f"no size in the {suffix}"
        widths.append(float(found[0] if isinstance(found, tuple) else found.group(1)))
    assert widths[1] == pytest.approx(widths[0] * 3, rel=0.01)


def test_render_from_to_keeps_the_events_in_that_range(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "autumn.json"
    args = ["render", str(timeline.bundled_events()), "-o", str(out)]
    result = runner.invoke(main, [*args, "--from", "2025-10-20", "--to", "2025-11-15"])
    assert result.stdout == f"wrote {out} (13 events, times in UTC)\n"


@pytest.mark.parametrize("option", [["--lang", "fr"], ["--theme", "sepia"]])
def test_render_refuses_unknown_looks(runner: CliRunner, tmp_path: Path, option: list[str]) -> None:
    args = ["render", str(timeline.bundled_events()), "-o", str(tmp_path / "c.html"), *option]
    result = runner.invoke(main, args)
    assert result.exit_code == 2  # a usage error, as click reports every wrong option
    assert f"Invalid value for '{option[0]}'" in result.stderr
    assert not (tmp_path / "c.html").exists()


@pytest.mark.parametrize("command", ["render", "list"])
@pytest.mark.parametrize("day", ["nope", "2025-13-01", "2025-02-30"])
def test_a_date_that_cannot_be_read_is_a_clean_error(
    runner: CliRunner, tmp_path: Path, command: str, day: str
) -> None:
    args = [command, str(timeline.bundled_events()), "--from", day]
    out = tmp_path / "c.html"
    result = runner.invoke(main, [*args, "-o", str(out)] if command == "render" else args)
    assert result.exit_code == 1
    assert result.stderr == (
        f"timeline: error: cannot read {day!r} as a date or time; "
        "write e.g. 2025-11-06 or '2025-11-06 18:00'\n"
    )
    assert not out.exists()
