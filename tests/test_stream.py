"""The streaming path for large JSON Lines files (``timeline.stream``) changes nothing.

Its chart spec and its report are compared with what ``load`` + ``render`` give for the same
file, read in this process and cut into chunks checked by two processes. No timings here.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import timeline
from timeline import Timeline
from timeline.cli import main
from timeline.core.columns import DETAIL_LIMIT
from timeline.output.render import render_jsonl
from timeline.read import jsonl
from timeline.read.load import read
from timeline.read.stream import load_columns, read_columns

from .test_scale import jsonl_text, many


def where(report: timeline.Report) -> list[tuple[Any, ...]]:
    return [(str(p), p.code, p.event_id, p.severity) for p in report.problems]


@pytest.fixture(scope="module")
def large(bundled: Timeline, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid file of DETAIL_LIMIT + 1000 events, so drawn as the density view."""
    path = tmp_path_factory.mktemp("stream") / "events.jsonl"
    path.write_text(jsonl_text(many(bundled, DETAIL_LIMIT + 1000)), encoding="utf-8")
    return path


def bad_lines(large: Path) -> str:
    """``large`` with a problem of every kind, some of them found only across lines."""
    lines = large.read_text(encoding="utf-8").splitlines()

    def edit(number: int, **changes: Any) -> None:
        event = json.loads(lines[number - 1])
        event.update(changes)
        lines[number - 1] = json.dumps(event, ensure_ascii=False)

    def id_at(number: int) -> str:
        return str(json.loads(lines[number - 1])["id"])

    edit(3, kind="meetin")
    lines[5] = lines[5][:-1]  # line 6 is not JSON
    edit(8, id=id_at(5900))  # a duplicate of an id written much later
    edit(9, part_of="no-such-event")
    edit(10, end="2000-01-01")
    edit(11, participants=["nobody"])
    edit(12, follows=[id_at(12)])
    edit(20, part_of=id_at(5990))  # a circle from the first chunk to the last
    edit(5990, part_of=id_at(20))
    lines[29] = "5"  # line 30 is not an event
    edit(31, sources=[], place={"country": "FR"})
    edit(32, id="Bad Id")
    edit(33, id="Bad Id")
    lines[4000:4000] = ["", '{"title": "a second header is an event"}']
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("group_by", ["kind", "actor", "tag", "country"])
def test_the_streamed_chart_is_the_loaded_one(large: Path, group_by: Any) -> None:
    loaded = timeline.load(large).chart(group_by=group_by, tz="Asia/Tokyo", width=700)
    streamed = load_columns(large, group_by=group_by)
    assert streamed.timeline is None  # not kept: drawn from the columns
    assert len(streamed) == DETAIL_LIMIT + 1000
    from timeline.view.chart import density_view

    chart = density_view(
        streamed.columns,
        texts=streamed.header,
        actors=streamed.header.actors,
        group_by=group_by,
        tz="Asia/Tokyo",
        width=700,
    )
    assert chart.to_dict() == loaded.to_dict()


def test_render_jsonl_writes_what_render_writes(large: Path, tmp_path: Path) -> None:
    timeline.render(timeline.load(large), tmp_path / "loaded.json", tz="Europe/Berlin")
    written, count = render_jsonl(large, tmp_path / "streamed.json", tz="Europe/Berlin")
    assert count == DETAIL_LIMIT + 1000
    assert written.read_bytes() == (tmp_path / "loaded.json").read_bytes()


def test_render_jsonl_writes_what_render_writes_in_german_and_dark(
    large: Path, tmp_path: Path
) -> None:
    looks = {"lang": "de", "theme": "dark", "group_by": "country"}
    timeline.render(timeline.load(large), tmp_path / "loaded.json", **looks)
    written, _ = render_jsonl(large, tmp_path / "streamed.json", **looks)
    assert written.read_bytes() == (tmp_path / "loaded.json").read_bytes()
    spec = json.loads(written.read_text(encoding="utf-8"))
    assert spec["config"]["background"] == "#1e1e1e"
    assert "Ereignisse" in spec["title"]["subtitle"][0]


def test_a_small_file_is_kept_whole_and_drawn_event_by_event(
    bundled: Timeline, write: Callable[..., Path], tmp_path: Path
) -> None:
    path = write(jsonl_text(bundled), "events.jsonl")
    streamed = load_columns(path)
    assert streamed.timeline == bundled
    render_jsonl(path, tmp_path / "streamed.json", group_by="actor")
    timeline.render(bundled, tmp_path / "loaded.json", group_by="actor")
    assert (tmp_path / "streamed.json").read_bytes() == (tmp_path / "loaded.json").read_bytes()


@pytest.mark.parametrize("workers", [1, 2])
def test_problems_are_those_load_reports(large: Path, tmp_path: Path, workers: int) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(bad_lines(large), encoding="utf-8")
    expected = read(path)[1]
    # with two workers the file is cut into chunks of about 1 MiB, checked apart: the duplicate
    # id and the part_of circle are in different chunks
    columns, report = read_columns(path, workers=workers)
    assert columns is None
    assert where(report) == where(expected)
    assert report.events == expected.events
    codes = {p.code for p in report.problems}
    assert codes >= {
        "unknown-kind",
        "json-syntax",
        "duplicate-id",
        "unknown-event",
        "end-before-start",
        "unknown-actor",
        "self-reference",
        "part-of-cycle",
        "zone-country-mismatch",
        "no-source",
        "id-format",
        "missing-field",
    }
    assert timeline.validate(path) == report  # the library's validate streams .jsonl too


def test_chunks_are_cut_at_line_breaks_and_joined_in_order(
    large: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import timeline.read.stream as stream

    pieces: list[list[tuple[int, int, int]]] = []
    cut = stream._pieces

    def recorded(*args: Any) -> Iterator[tuple[int, int, int]]:
        pieces.append(list(cut(*args)))
        return iter(pieces[-1])

    monkeypatch.setattr(stream, "_pieces", recorded)
    # the workers run in other processes, which do not see this patch; the cut is made here
    report = read_columns(large, workers=2)[1]
    assert report == read(large)[1]
    (made,) = pieces
    assert len(made) > 2
    text = large.read_bytes()
    for (start, end, number), (next_start, _, next_number) in itertools.pairwise(made):
        assert end == next_start
        assert text[end - 1 : end] == b"\n"
        assert next_number == number + text[start:end].count(b"\n")


def test_cli_render_and_validate_of_a_large_file(large: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "chart.json"
    result = runner.invoke(main, ["render", str(large), "--out", str(out), "--group-by", "tag"])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {out} ({DETAIL_LIMIT + 1000} events, times in UTC)\n"
    spec = json.loads(out.read_text(encoding="utf-8"))
    assert spec == json.loads(
        timeline.render(timeline.load(large), tmp_path / "l.json", group_by="tag").read_text()
    )
    result = runner.invoke(main, ["validate", str(large)])
    assert result.exit_code == 0
    assert result.output == f"{large}: valid, {DETAIL_LIMIT + 1000} events, 0 warnings\n"


def test_cli_errors_are_those_of_the_loaded_file(large: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(bad_lines(large), encoding="utf-8")
    runner = CliRunner()
    out = tmp_path / "chart.html"
    streamed = runner.invoke(main, ["render", str(path), "--out", str(out)])
    assert streamed.exit_code == 1
    assert not out.exists()  # nothing half-written
    report = read(path)[1]
    lines = [str(p) for p in report.problems]
    summary = f"{path}: {len(report.errors)} errors, {len(report.warnings)} warning"
    assert streamed.stderr == "\n".join([*lines, summary]) + "\n"
    assert "Traceback" not in streamed.output
    validated = runner.invoke(main, ["validate", str(path)])
    assert (validated.exit_code, validated.stderr) == (1, streamed.stderr)


def test_a_line_longer_than_the_bound_is_refused_with_its_number(
    bundled: Timeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jsonl, "MAX_LINE_BYTES", 16384)  # above any bundled event's line
    text = jsonl_text(bundled)
    path = tmp_path / "long.jsonl"
    path.write_text(text + '{"title": "' + "x" * 17000 + '"}\n', encoding="utf-8")
    number = text.count("\n") + 1
    expected = f"{path}:{number}:1: line longer than 16,384 bytes"
    for read_it in (timeline.load, timeline.validate, read_columns):
        with pytest.raises(timeline.UnreadableInput, match=expected):
            read_it(path)
    result = CliRunner().invoke(main, ["render", str(path), "--out", str(tmp_path / "c.html")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"timeline: error: {expected}")
    # a line of exactly the bound, break included, is read
    path.write_text(text + " " * (16383 - 0) + "\n", encoding="utf-8")
    assert timeline.load(path) == bundled


@pytest.mark.parametrize("workers", [1, 2])
def test_a_window_draws_what_filter_keeps(large: Path, tmp_path: Path, workers: int) -> None:
    """--from/--to on a large .jsonl: every event is checked, only the window's are kept."""
    window = {"start": "2025-10-28", "end": "2025-10-28", "tz": "Asia/Tokyo"}
    kept = timeline.load(large).filter(**window)
    assert 0 < len(kept) < DETAIL_LIMIT  # so the window is drawn event by event
    timeline.render(kept, tmp_path / "filtered.json", tz="Asia/Tokyo")
    written, count = render_jsonl(large, tmp_path / "streamed.json", workers=workers, **window)
    assert count == len(kept)
    assert written.read_bytes() == (tmp_path / "filtered.json").read_bytes()


def test_the_cli_window_on_a_jsonl_file(large: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.json"
    args = ["render", str(large), "-o", str(out), "--from", "2025-11-06", "--to", "2025-11-06"]
    result = CliRunner().invoke(main, args)
    kept = timeline.load(large).filter(start="2025-11-06", end="2025-11-06")
    assert 0 < len(kept) < DETAIL_LIMIT
    assert result.stdout == f"wrote {out} ({len(kept)} events, times in UTC)\n"


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("group_by", ["kind", "country"])
def test_both_paths_draw_the_same_chart_of_a_file_translated_for_a_region(
    bundled: Timeline, tmp_path: Path, lang: str, group_by: str
) -> None:
    """Above the detail limit, a .json and a .jsonl file of the same events render to the same
    bytes, the title taken by the same fallback (``de-AT`` serves ``de``) on both paths."""
    from timeline.core.models import TimelineTranslation

    events = many(bundled, DETAIL_LIMIT + 1000)
    regional = Timeline.of_checked(
        events,
        title="Mineral diplomacy",
        description=None,
        actors=events.actors,
        report=events.report,
        translations={"de-AT": TimelineTranslation(title="Rohstoffdiplomatie")},
    )
    whole, streamed = tmp_path / "events.json", tmp_path / "events.jsonl"
    whole.write_text(regional.to_json(), encoding="utf-8")
    streamed.write_text(jsonl_text(regional), encoding="utf-8")
    outputs = []
    for source in (whole, streamed):
        out = tmp_path / f"{source.suffix[1:]}.json"
        result = CliRunner().invoke(
            main, ["render", str(source), "--out", str(out), "--lang", lang, "--group-by", group_by]
        )
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    title = json.loads(outputs[0])["title"]["text"]
    assert title == ("Rohstoffdiplomatie" if lang == "de" else "Mineral diplomacy")


INTERRUPTED_RENDER = """\
import os, signal, sys, time
import timeline.read.stream as stream
from timeline.cli import main

stream.PARALLEL_BYTES, stream._cores = 0, lambda: 2  # the pool, for a file of a few MB
checked = stream._checked_chunks

def interrupted(*args):
    chunks = checked(*args)
    yield next(chunks)  # the workers are at work
    # Ctrl-C in a terminal reaches every process of its group; here the workers see it a
    # second before this process does, which would otherwise stop them before they print
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    os.killpg(0, signal.SIGINT)
    time.sleep(1)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    yield from chunks

stream._checked_chunks = interrupted
main(["render", sys.argv[1], "--out", sys.argv[2]])
"""


@pytest.mark.slow
def test_ctrl_c_during_a_parallel_render_shows_no_worker_traceback(
    large: Path, tmp_path: Path
) -> None:
    """Each pool worker used to print ``Process ForkServerPoolWorker-1: Traceback …
    KeyboardInterrupt`` of its own under the parent's ``Aborted!`` (and the pool then waited
    for them)."""
    out = tmp_path / "chart.json"
    result = subprocess.run(
        [sys.executable, "-c", INTERRUPTED_RENDER, str(large), str(out)],
        capture_output=True,
        text=True,
        timeout=120,  # without the fix, the pool waits for its dead workers
        start_new_session=True,  # its own process group, which the script interrupts
        check=False,
    )
    assert (result.returncode, result.stderr) == (1, "\nAborted!\n")
    assert not out.exists()
