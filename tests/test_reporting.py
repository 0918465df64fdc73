"""When an event was first reported: each source's published day against the event's start, in
both languages, in the table and on the chart; a report before the event is a warning."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import timeline
from timeline import Event, Source, Timeline
from timeline.cli import main
from timeline.core.reporting import FirstReport, first_report, published_before, report_lag
from timeline.core.times import parse_time
from timeline.view.words import lag_text, reported_text


def event(start: str, zone: str = "Asia/Tokyo", *published: str | None, **fields: Any) -> Event:
    sources = [
        {"url": f"https://example.org/{i}", "publisher": f"Outlet {i}"}
        | ({"published": day} if day else {})
        for i, day in enumerate(published)
    ]
    return Event.model_validate(
        {"id": "e", "title": "E", "kind": "meeting", "timezone": zone, "start": start}
        | {"sources": sources}
        | fields
    )


@pytest.mark.parametrize(
    ("start", "zone", "day", "days"),
    [
        ("2025-10-28 10:40", "Asia/Tokyo", "2025-10-28", 0),
        ("2025-10-27 18:30", "Asia/Tokyo", "2025-10-28", 1),
        ("2025-10-28", "Asia/Tokyo", "2025-11-18", 21),
        ("2025-04-04", "Asia/Samarkand", "2025-11-07", 217),
        # Tuesday morning in Tokyo is Monday evening in New York: a report dated Monday there
        # is not before it, wherever it was published
        ("2025-10-28 10:40", "Asia/Tokyo", "2025-10-27", 0),
        ("2025-11-06 18:00", "America/New_York", "2025-11-01", -5),
        ("2025-11-06 18:00", "America/New_York", "2025-11-05", -1),
        # a month: within it is "the same day", after its last day counts from there
        ("2025-11", "Europe/Berlin", "2025-11-20", 0),
        ("2025-11", "Europe/Berlin", "2025-12-03", 3),
    ],
)
def test_the_lag_is_counted_in_days_from_the_start_at_the_place(
    start: str, zone: str, day: str, days: int
) -> None:
    assert report_lag(dt.date.fromisoformat(day), parse_time(start, zone)) == days


def test_a_report_is_before_the_event_only_when_its_day_was_over_everywhere() -> None:
    dinner = parse_time("2025-11-06 18:00", "America/New_York")  # 23:00 UTC
    assert published_before(dt.date(2025, 11, 5), dinner)  # over at 12:00 UTC on the 6th
    assert not published_before(dt.date(2025, 11, 6), dinner)
    day = parse_time("2025-11-06", "America/New_York")  # from 05:00 UTC
    assert not published_before(dt.date(2025, 11, 5), day)
    assert published_before(dt.date(2025, 11, 4), day)


def test_the_first_report_is_the_earliest_dated_one_and_announcements_do_not_count() -> None:
    found = first_report(
        event("2025-11-06 18:00", "America/New_York", None, "2025-11-08", "2025-11-07")
    )
    assert found is not None
    assert (found.days, found.source.publisher, found.dated, found.reports) == (1, "Outlet 2", 2, 3)
    assert found.at_the_latest
    announced = event("2025-11-06 18:00", "America/New_York", "2025-11-01", "2025-11-07")
    announced = announced.model_copy(
        update={
            "sources": (
                announced.sources[0].model_copy(update={"announcement": True}),
                announced.sources[1],
            )
        }
    )
    found = first_report(announced)
    assert found is not None
    assert (found.days, found.dated, found.reports, found.at_the_latest) == (1, 1, 1, False)
    assert first_report(event("2025-11-06", "UTC", None)) is None


LAG_TEXTS = [
    (0, False, "reported the same day", "am selben Tag gemeldet"),
    (1, False, "reported the next day", "am nächsten Tag gemeldet"),
    (1, True, "reported the next day at the latest", "spätestens am nächsten Tag gemeldet"),
    (3, False, "reported 3 days later", "3 Tage später gemeldet"),
    (7, False, "reported 7 days later", "7 Tage später gemeldet"),
    (21, False, "reported 3 weeks later", "3 Wochen später gemeldet"),
    (30, True, "reported 4 weeks later at the latest", "spätestens 4 Wochen später gemeldet"),
    (217, True, "reported 7 months later at the latest", "spätestens 7 Monate später gemeldet"),
    (400, False, "reported 13 months later", "13 Monate später gemeldet"),
    (800, False, "reported 2 years later", "2 Jahre später gemeldet"),
    (-1, False, "reported the day before it began", "am Tag vor Beginn gemeldet"),
    (-5, False, "reported 5 days before it began", "5 Tage vor Beginn gemeldet"),
]


@pytest.mark.parametrize(("days", "latest", "english", "german"), LAG_TEXTS)
def test_the_lag_in_both_languages(days: int, latest: bool, english: str, german: str) -> None:
    report = FirstReport(days, Source(url="https://example.org/"), 1, 2 if latest else 1)
    assert lag_text(report, "en") == english
    assert lag_text(report, "de") == german


def test_the_tooltip_says_who_reported_it_first_and_on_which_day(bundled: Timeline) -> None:
    naruhito = bundled["naruhito-receives-trump"]
    assert reported_text(naruhito, "en") == (
        "reported the next day at the latest (ZDF (zdfheute), Tue 28 Oct 2025; "
        "1 of 4 reports dated)"
    )
    assert reported_text(naruhito, "de") == (
        "spätestens am nächsten Tag gemeldet (ZDF (zdfheute), Di., 28. Okt. 2025; "
        "1 von 4 Meldungen datiert)"
    )
    assert reported_text(bundled["kremlin-welcome-ceremony"], "en") is None


def rows(spec: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("values"), list):
                found.extend(r for r in value["values"] if isinstance(r, dict) and "lane" in r)
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(spec)
    return found


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_chart_tooltip_has_the_first_report(bundled: Timeline, lang: str) -> None:
    spec = bundled.chart(lang=lang).to_dict()
    by_id = {row["id"]: row for row in rows(spec)}
    assert by_id["tokyo-signing"]["reported"] == reported_text(bundled["tokyo-signing"], lang)
    assert "reported" not in by_id["kremlin-welcome-ceremony"]  # no dated source: no row
    (tooltip,) = [t["calculate"] for t in spec["layer"][-1]["transform"] if "calculate" in t]
    title = "First report" if lang == "en" else "Erste Meldung"
    assert f'isValid(datum["reported"]) ? {{"{title}": datum["reported"]}} : {{}}' in tooltip


def gaps(spec: dict[str, Any]) -> list[dict[str, Any]]:
    layers = spec["vconcat"][0]["layer"] if "vconcat" in spec else spec["layer"]
    for layer in layers:
        values = layer.get("data", {}).get("values", [])
        if values and "day_end" in values[0]:
            return list(values)
    return []


def test_render_reported_draws_a_line_from_each_event_to_its_first_report(
    bundled: Timeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert gaps(bundled.chart().to_dict()) == []
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["render", "--reported", "--out", "chart.json"])
    assert result.exit_code == 0, result.output
    spec = json.loads((tmp_path / "chart.json").read_text(encoding="utf-8"))
    drawn = {gap["id"]: gap for gap in gaps(spec)}
    assert set(drawn) == {
        "eu-central-asia-summit-samarkand",
        "naruhito-receives-trump",
        "tokyo-signing",
        "trump-xi-busan",
        "c5plus1-dinner",
    }
    dinner = drawn["c5plus1-dinner"]  # 18:00 in Washington, taz on 7 November
    assert (dinner["x"], dinner["x2"]) == ("2025-11-06T23:00:00Z", "2025-11-07T05:00:00Z")
    assert (dinner["day"], dinner["day_end"]) == ("2025-11-07T05:00:00Z", "2025-11-08T05:00:00Z")
    assert dinner["dashed"], "ten of its twelve sources are undated"
    signing = drawn["tokyo-signing"]  # reported within its own day: the day alone
    assert signing["x"] == signing["x2"] == signing["day"]
    subtitle = spec["title"]["subtitle"]
    assert any(line.startswith("Thin line under an event") for line in subtitle)
    # the chart reaches to the last report: taz on 7 November about the April summit too
    assert spec["layer"][-1]["encoding"]["x"]["scale"]["domain"][1] > "2025-11-12"


def test_list_lag_adds_a_column(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    plain = CliRunner().invoke(main, ["list", "--from", "2025-10-27", "--to", "2025-10-28"])
    assert "first report" not in plain.output
    result = CliRunner().invoke(
        main, ["list", "--lag", "--from", "2025-10-27", "--to", "2025-10-28"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[-2:] == ["first", "report"]

    def row(event_id: str) -> str:
        (found,) = [line for line in lines if f" {event_id} " in line]
        return found

    assert row("naruhito-receives-trump").endswith("the next day at the latest")
    assert row("tokyo-signing").endswith("the same day at the latest")
    assert row("us-japan-summit-meeting").endswith("–")


def test_a_source_dated_before_the_event_is_a_warning_that_says_how_to_mark_an_announcement(
    write: Callable[..., Path],
) -> None:
    text = """\
events:
  - id: dinner
    title: Dinner
    kind: dinner
    timezone: America/New_York
    start: 2025-11-06 18:00
    sources:
      - {url: "https://report.az/a", published: 2025-11-05}
      - {url: "https://taz.de/b", published: 2025-11-07}
"""
    report = timeline.validate(write(text))
    assert report.valid
    assert [str(p).split(": ", 1)[1] for p in report.warnings] == [
        "warning: events[0].sources[0].published: published 2025-11-05, before the event began "
        "(2025-11-06T18:00:00-05:00 in America/New_York): if it announced the event in advance, "
        "mark it 'announcement: true'; else check the date"
    ]
    assert report.warnings[0].line == 8
    marked = text.replace("published: 2025-11-05}", "published: 2025-11-05, announcement: true}")
    assert timeline.validate(write(marked)).warnings == ()
    assert timeline.loads(marked)["dinner"].sources[0].announcement


def beyond_the_calendar(start: str) -> Timeline:
    """One event starting at ``start`` with a source dated 2020-01-01."""
    event = {
        "id": "x",
        "title": "t",
        "kind": "report",
        "timezone": "Europe/Athens",
        "start": start,
        "sources": [{"url": "https://example.org/a", "published": "2020-01-01"}],
    }
    return timeline.loads(json.dumps({"events": [event]}), format="json")


@pytest.mark.parametrize("start", ["-0489", "Y-13800000000", "0001-01-01"])
def test_a_dated_source_of_an_event_beyond_the_calendar_is_checked_without_its_local_time(
    start: str,
) -> None:
    # Such a start has no local date and time, only seconds since 1970: the check that a
    # source came out before the event compares with those (it raised BeyondCalendar).
    loaded = beyond_the_calendar(start)
    assert loaded.report.problems == ()
    assert not published_before(dt.date(2020, 1, 1), loaded[0].start)


@pytest.mark.parametrize("start", ["-0489", "Y-13800000000", "0001-01-01"])
def test_an_event_beyond_the_calendar_has_no_first_report_and_still_draws(
    start: str, tmp_path: Path
) -> None:
    # The chart's tooltips, the page's list and `timeline list --lag` ask for the first report
    # of every event; for these they raised BeyondCalendar.
    loaded = beyond_the_calendar(start)
    assert first_report(loaded[0]) is None
    timeline.render(loaded, tmp_path / "chart.html", reported=True)
    assert "t" in timeline.format_table(loaded, lag=True)
