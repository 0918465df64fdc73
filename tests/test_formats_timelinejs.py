"""TimelineJS3 JSON: the real files from Knight Lab's repository import, render, and export back
with every headline, date and group; cosmological years are refused; round trips keep what
TimelineJS can hold."""

from __future__ import annotations

import html
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given

import timeline
from timeline import Precision, Timeline
from timeline.cli import main
from timeline.formats import timelinejs

from .format_strategies import count, timelines

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "timelinejs"
needs_fixtures = pytest.mark.skipif(not FIXTURES.is_dir(), reason=f"{FIXTURES} is absent")

IMPORTABLE = {  # file: (events including eras, the zone to import it in)
    "eras.json": (23, None),
    "houston_timeline3.json": (18, None),
    "twain_marktwain.json": (17, "America/Chicago"),
    "women_in_computing.json": (10, None),
}


def imported(name: str) -> Timeline:
    return timeline.import_events(FIXTURES / name, timezone=IMPORTABLE[name][1])


@needs_fixtures
@pytest.mark.parametrize("name", sorted(IMPORTABLE))
def test_fixture_imports(name: str) -> None:
    events = imported(name)
    assert len(events) == IMPORTABLE[name][0]
    assert all(event.kind.value == "other" for event in events)
    assert events.report.valid


@needs_fixtures
@pytest.mark.parametrize("name", sorted(IMPORTABLE))
def test_fixture_exports_back_with_headlines_dates_and_groups(name: str) -> None:
    original = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    text, _notes = timelinejs.write(imported(name))
    back = json.loads(text)
    slides, slides_back = _slides(original), _slides(back, exported=True)
    # Slides with a headline come back exactly; those without one get a title made for them.
    with_headline = Counter(s for s in slides if s[0] is not None)
    assert with_headline <= Counter(slides_back)
    assert Counter(s[1:] for s in slides) == Counter(s[1:] for s in slides_back)
    title_text = original["title"].get("text", {})
    headline = back.get("title", {}).get("text", {}).get("headline")
    assert (headline and html.unescape(headline)) == _blank(title_text.get("headline"))


def _slides(document: dict[str, Any], *, exported: bool = False) -> list[tuple[Any, ...]]:
    # Our export escapes headlines (our titles are text, TimelineJS reads HTML).
    shown = html.unescape if exported else (lambda text: text)
    return [
        (
            _blank(shown(slide.get("text", {}).get("headline") or "")),
            _date(slide["start_date"]),
            _date(slide.get("end_date")),
            _blank(slide.get("group")),
        )
        for slide in [*document["events"], *(document.get("eras") or [])]
    ]


def _date(parts: dict[str, Any] | None) -> tuple[int, ...]:
    names = ("year", "month", "day", "hour", "minute", "second")
    values = [str((parts or {}).get(n) or "").strip() for n in names]
    return tuple(int(v) for v in values if v)


def _blank(value: Any) -> Any:
    return value.strip() or None if isinstance(value, str) else value


@needs_fixtures
def test_year_and_month_precision_are_kept() -> None:
    women = imported("women_in_computing.json")
    eniac = women["and-the-women-who-made-it-work"]
    assert (str(eniac.start), eniac.start.precision) == ("1943-07", Precision.MONTH)
    assert eniac.end is not None
    assert (str(eniac.end), eniac.end.precision) == ("1946", Precision.YEAR)
    houston = imported("houston_timeline3.json")
    assert houston["first-recording"].start.precision is Precision.YEAR
    assert str(houston["a-musical-heritage"].start) == "1963-08-09"
    twain = imported("twain_marktwain.json")
    assert twain["florida-missouri"].start.local.isoformat() == "2000-01-05T06:45:56-06:00"
    slide = json.loads(timelinejs.write(women)[0])["events"][0]
    assert slide["start_date"] == {"year": "1815", "month": "12", "day": "10"}


@needs_fixtures
def test_eras_and_title_slide() -> None:
    eras = imported("eras.json")
    assert eras.title == "Eras Test"
    assert [e.title for e in eras if "era" in e.tags] == [
        "Era Test 600-650",
        "Era Test 650-700",
        "Era Test 700-720",
    ]
    back = json.loads(timelinejs.write(eras)[0])
    assert len(back["eras"]) == 3
    assert back["eras"][0] == {
        "start_date": {"year": "600"},
        "end_date": {"year": "650"},
        "text": {"headline": "Era Test 600-650"},
    }


@needs_fixtures
def test_what_the_events_file_cannot_hold_is_reported() -> None:
    twain = imported("twain_marktwain.json")
    messages = [str(p) for p in twain.report.warnings if p.code != "no-source"]
    name = FIXTURES / "twain_marktwain.json"
    assert messages == [
        f"{name}: warning: 'media.thumbnail' of 1 event not kept",
        f"{name}: warning: 'type' of 1 event not kept",
        f"{name}: warning: 'location' of 12 events not kept",
        f"{name}: warning: 'background' of 6 events not kept",
        f"{name}: warning: 'media' of 1 title slide not kept",
        f"{name}:12:9: warning: events[0]: no headline; the title is made from the slide: "
        "'Samuel Langhorne Clemens (November 30, 1835 – April…'",
        f"{name}:99:9: warning: events[3]: no headline; the title is made from the slide: "
        "'a Youtube video'",
        f"{name}:128:9: warning: events[4]: no headline; the title is made from the slide: "
        "'a tweet'",
        f"{name}:150:9: warning: events[5]: no headline; the title is made from the slide: "
        "'another youtube video'",
    ]


@needs_fixtures
def test_cosmological_and_bce_years_become_edtf_years() -> None:
    cosmos = timeline.import_events(FIXTURES / "cosmo.json")
    paleozoic = cosmos["paleozoic-era"]
    assert paleozoic.end is not None
    assert (paleozoic.start.isoformat(), paleozoic.end.isoformat()) == (
        "Y-538800000",
        "Y-251902000",
    )
    assert cosmos["oldest-known-depiction-of-a-wheeled-vehicle"].start.isoformat() == "-3500"


@pytest.mark.parametrize(
    ("parts", "written", "warning"),
    [
        ({"year": "-489", "month": "9", "day": "12"}, "-0489-09-12", None),
        ({"year": "-489", "month": "9"}, "-0489-09", None),
        ({"year": "0"}, "0000", None),
        ({"year": "12000", "month": "3"}, "Y12000", "'month and day' of 1 event not kept"),
        ({"year": "-489", "month": "9", "day": "12", "hour": "6"}, "-0489-09-12", "'time of day'"),
    ],
)
def test_years_beyond_the_calendar_as_edtf(
    parts: dict[str, str], written: str, warning: str | None
) -> None:
    document = {"events": [{"start_date": parts, "text": {"headline": "Marathon"}}]}
    events = timeline.import_events(json.dumps(document), format="timelinejs")
    assert events[0].start.isoformat() == written
    warnings = " ".join(w.message for w in events.report.warnings)
    assert warning is None or warning in warnings


@needs_fixtures
def test_times_without_a_zone_are_an_error_that_says_what_to_pass() -> None:
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.import_events(FIXTURES / "twain_marktwain.json")
    (error,) = caught.value.report.errors
    assert str(error) == (
        f"{FIXTURES / 'twain_marktwain.json'}:30:27: events[1].start_date: TimelineJS carries no "
        "time zone (15 events have a time of day): pass the zone the times are local to with "
        "--timezone ZONE (an IANA name such as America/Chicago)"
    )


@needs_fixtures
@pytest.mark.parametrize("name", sorted(IMPORTABLE))
def test_fixture_renders(name: str, tmp_path: Path) -> None:
    spec = imported(name).chart().to_dict()
    assert spec["layer"]
    events = tmp_path / "events.yaml"
    runner = CliRunner()
    zone = IMPORTABLE[name][1]
    args = ["import", str(FIXTURES / name), "--out", str(events)]
    result = runner.invoke(main, args + (["--timezone", zone] if zone else []))
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["render", str(events), "--out", str(tmp_path / "chart.svg")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "chart.svg").read_text(encoding="utf-8").startswith("<svg")


def test_group_becomes_a_tag_and_comes_back() -> None:
    source = {
        "events": [
            {"start_date": {"year": "2020"}, "text": {"headline": "A"}, "group": "politics"},
            {"start_date": {"year": "2021"}, "text": {"headline": "B"}, "group": "World News"},
            {"start_date": {"year": "2021"}, "text": {"headline": "A"}, "unique_id": "given"},
        ]
    }
    events = timeline.import_events(json.dumps(source), format="timelinejs")
    assert [(e.id, e.tags) for e in events] == [
        ("a", ("politics",)),
        ("b", ("world-news",)),
        ("given", ()),
    ]
    assert "'group' of 1 event not kept (written as a tag, e.g. 'World News' as 'world-news')" in [
        p.message for p in events.report.warnings
    ]
    back = json.loads(timelinejs.write(events)[0])
    assert [s.get("group") for s in back["events"]] == ["politics", "world-news", None]


def test_unreadable_slides_are_located() -> None:
    text = '{"events": [{"start_date": {"year": "20x"}, "text": {"headline": "A"}}, 3]}'
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.import_events(text, format="timelinejs")
    assert [str(p) for p in caught.value.report.problems] == [
        "<string>: nothing to import: 2 of 2 slides skipped, each for the reason given",
        "<string>:1:37: warning: events[0].start_date.year: slide skipped: year '20x' is not a "
        "whole number",
        "<string>:1:73: warning: events[1]: slide skipped: expected a slide (an object), found "
        "a int",
    ]


def test_not_timelinejs() -> None:
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.import_events('{"title": "x"}', format="timelinejs")
    assert str(caught.value.report.errors[0]) == (
        "<string>:1:1: expected a TimelineJS object with an 'events' list (and optionally "
        "'title' and 'eras'), or TimelineJS2's {\"timeline\": {\"date\": [...]}}; found an "
        "object with 'title'"
    )


def test_an_events_file_is_not_taken_for_timelinejs() -> None:
    ours = '{"events": [{"id": "a", "title": "A", "start": "2025"}]}'
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.import_events(ours, format="timelinejs")
    assert [str(p) for p in caught.value.report.errors] == [
        "<string>:1:12: events: this is an events file already, not TimelineJS: use it as it "
        "is (timeline validate <string>)"
    ]


def test_export_notes_what_timelinejs_cannot_hold(bundled: Timeline) -> None:
    _text, notes = timelinejs.write(bundled)
    for field in ("participants", "kind", "place"):
        assert f"timelinejs: {field!r} of {count(bundled, field)} events not kept" in notes
    # The registry is the file's, not an event's.
    assert "timelinejs: 'actors' of 1 file not kept (participants are not kept either)" in notes


@given(timelines())
def test_round_trip_keeps_what_timelinejs_holds(original: Timeline) -> None:
    text, _notes = timelinejs.write(original)
    again = timeline.import_events(text, format="timelinejs", timezone="UTC")
    assert (again.title, again.description) == (original.title, original.description)
    assert _kept(again) == {e.id: _expected(e) for e in original}


def _kept(events: Timeline) -> dict[str, Any]:
    return {
        e.id: (
            e.title,
            e.summary,
            _wall(e.start),
            _wall(e.end),
            [s.model_dump(exclude_none=True) for s in e.sources],
            list(e.tags),
        )
        for e in events
    }


def _expected(event: timeline.Event) -> tuple[Any, ...]:
    era = "era" in event.tags
    kept = {"url", "title", "publisher"}  # media has a url, a caption and a credit
    sources = [s.model_dump(include=kept, exclude_none=True) for s in event.sources[:1]]
    sources = [] if era else sources
    tags = ["era"] if era else list(event.tags[:1])  # eras have no group; a slide one
    return (event.title, event.summary, _wall(event.start), _wall(event.end), sources, tags)


def _wall(point: timeline.TimePoint | None) -> tuple[str, str] | None:
    if point is None:
        return None
    return point.local.replace(tzinfo=None).isoformat(), point.precision.value
