"""Large timelines: the density view, JSON Lines, and the fast readers (which must change nothing).

No timings here: speed is shown by ``benchmarks/run.py``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pendulum
import pytest

import timeline
from timeline import Timeline
from timeline.core.columns import DETAIL_LIMIT
from timeline.core.times import _start_of_local, parse_time
from timeline.core.validation import read_document
from timeline.read.fast import NOT_FAST, json_data, yaml_document
from timeline.read.json_reader import parse_json as _parse_json
from timeline.read.load import _read_text, read
from timeline.read.yaml_reader import parse_yaml as _parse_yaml
from timeline.view.density import MAX_BINS, MAX_LANES

# -- the density view ----------------------------------------------------------------------


def many(bundled: Timeline, count: int) -> Timeline:
    """``count`` valid events made from the bundled ones, spread over two years."""
    events = []
    for i in range(count):
        model = bundled[i % len(bundled)]
        day = dt.date(2024, 1, 1) + dt.timedelta(days=i % 730)
        start = f"{day.isoformat()} 10:{i % 60:02d}" if i % 3 else day.isoformat()
        events.append(
            model.model_copy(
                update={
                    "id": f"event-{i}",
                    "start": parse_time(start, model.timezone),
                    # re-dated, it was not published on the days its model was
                    "sources": tuple(
                        s.model_copy(update={"published": None}) for s in model.sources
                    ),
                    "end": None,
                    "part_of": None,
                    "follows": (),
                    "responds_to": (),
                }
            )
        )
    return Timeline.of_checked(
        events, title="Many", description=None, actors=bundled.actors, report=bundled.report
    )


def test_small_timelines_keep_the_detailed_chart(bundled: Timeline) -> None:
    spec = bundled.chart().to_dict()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert {"bar", "point", "text"} <= set(marks)  # single events, each labelled
    assert "aggregate" not in json.dumps(spec["layer"][1:])  # only the lane bands count


@pytest.mark.parametrize("group_by", ["kind", "actor", "tag", "country"])
def test_above_the_limit_the_chart_counts_events_per_lane_and_bin(
    bundled: Timeline, group_by: str
) -> None:
    large = many(bundled, DETAIL_LIMIT + 1)
    spec = large.chart(group_by=group_by, tz="Europe/Berlin").to_dict()  # no MaxRowsError
    (layer,) = spec["layer"]
    assert layer["mark"]["type"] == "rect"
    rows = spec["data"]["values"] if "data" in spec else layer["data"]["values"]
    assert len(rows) <= MAX_LANES * MAX_BINS
    per_lane = {"kind": 1, "country": 1}.get(group_by)
    if per_lane:  # each event in one lane: every event counted once
        assert sum(r["events"] for r in rows) == len(large)
    subtitle = " ".join(spec["title"]["subtitle"])
    assert "5,001 events" in subtitle
    assert "Timeline.filter(start=…, end=…" in subtitle
    assert spec["params"] or layer.get("params")  # zoom and pan


def test_a_large_timeline_renders_to_a_small_page(
    bundled: Timeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(tmp_path / "cache"))
    page = tmp_path / "chart.html"
    timeline.render(many(bundled, DETAIL_LIMIT + 1), page)
    assert page.stat().st_size < 5 * 2**20
    assert "Events per" in page.read_text(encoding="utf-8")


def test_the_page_holds_the_vega_that_vl_convert_bundles(
    bundled: Timeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page's Vega, Vega-Lite and vega-embed are vl-convert's bundle, as it writes it into
    its own page, run once however many charts share a page."""
    import vl_convert as vlc

    from timeline.output.render import VEGA_LITE_VERSION

    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(tmp_path))
    written = vlc.vegalite_to_html({"description": "x"}, bundle=True, vl_version=VEGA_LITE_VERSION)
    opening = '<script type="text/javascript">'
    start = written.index(opening) + len(opening)
    bundle = written[start : written.index("</script>", start)].strip()
    assert len(bundle) > 500_000
    page = timeline.render(bundled, tmp_path / "chart.html").read_text(encoding="utf-8")
    assert f"if (!window.vegaEmbed) {{\n{bundle}\n}}" in page


# -- JSON Lines ----------------------------------------------------------------------------


def jsonl_text(t: Timeline) -> str:
    document = t.to_dict()
    header = {k: v for k, v in document.items() if k != "events"}
    lines = [json.dumps(header, ensure_ascii=False)]
    lines += [json.dumps(event, ensure_ascii=False) for event in document["events"]]
    return "\n".join(lines) + "\n"


def test_jsonl_loads_the_same_timeline(bundled: Timeline, write: Callable[..., Path]) -> None:
    path = write(jsonl_text(bundled), "events.jsonl")
    assert timeline.load(path) == bundled
    assert timeline.loads(jsonl_text(bundled), format="jsonl") == bundled


def test_jsonl_without_a_header(bundled: Timeline, write: Callable[..., Path]) -> None:
    event = bundled.to_dict()["events"][0]
    event["participants"] = []
    loaded = timeline.load(write(json.dumps(event) + "\n\n", "events.jsonl"))
    assert [e.id for e in loaded] == [event["id"]]


def test_jsonl_problems_are_located_at_their_line(
    bundled: Timeline, write: Callable[..., Path]
) -> None:
    lines = jsonl_text(bundled).splitlines()
    bad = json.loads(lines[3])
    bad["kind"] = "meetin"
    lines[3] = json.dumps(bad, ensure_ascii=False)
    lines[5] = lines[5][:-1]  # not JSON any more
    path = write("\n".join(lines) + "\n", "events.jsonl")
    report = timeline.validate(path)
    found = [(p.line, p.code, p.field) for p in report.errors]
    assert (4, "unknown-kind", "events[2].kind") in found
    assert (6, "json-syntax", "") in found
    kind = next(p for p in report.errors if p.code == "unknown-kind")
    assert lines[3][kind.column - 1 :].startswith('"meetin"')
    assert str(kind).startswith(f"{path}:4:{kind.column}: events[2].kind: unknown kind")


# -- the fast readers change nothing --------------------------------------------------------


def reference(text: str, fmt: str = "yaml") -> tuple[Any, list[str]]:
    doc = _parse_json(text, "f") if fmt == "json" else _parse_yaml(text, "f")
    t, report = read_document(doc)
    return (t.to_json() if t else None), [str(p) for p in report.problems]


def normal(text: str, fmt: str = "yaml") -> tuple[Any, list[str]]:
    t, report = _read_text(text, "f", fmt)
    return (t.to_json() if t else None), [str(p) for p in report.problems]


def test_bundled_events_read_fast_and_the_same() -> None:
    text = timeline.bundled_events().read_text(encoding="utf-8")
    fast = yaml_document(text, "f")
    assert fast is not None
    assert fast.data == _parse_yaml(text, "f").data
    assert normal(text) == reference(text)
    as_json = json.dumps(_parse_yaml(text, "f").data, ensure_ascii=False)
    assert json_data(as_json) is not NOT_FAST
    assert normal(as_json, "json") == reference(as_json, "json")


EVENT = """\
title: T
actors:
  a:
    name: A
    country: NO
events:
  - id: e
    title: {title}
    kind: meeting
    timezone: Europe/Oslo
    start: {start}
    place:
      country: {country}
    participants: [a]
    sources:
      - url: https://example.org/a
{extra}"""

TRICKY = [
    {},
    {"country": "NO"},
    {"country": "'NO'"},
    {"start": "2025-11-11"},
    {"start": "2025-11-11 10:40"},
    {"start": "2025-03-30 02:30"},  # skipped by the clocks
    {"start": "2025"},
    {"start": "'2025'"},
    {"start": "012"},
    {"title": "10:40"},
    {"title": "~"},
    {"title": "Null"},
    {"title": "True"},
    {"title": "FALSE"},
    {"title": "0x1F"},
    {"title": "0o17"},
    {"title": ".inf"},
    {"title": "nan"},
    {"title": "+12"},
    {"title": "1e400"},
    {"title": "123456789012345678901234567890"},
    {"title": "'123'"},
    {"title": "!!str 12"},
    {"title": "!custom x"},
    {"title": "&anchor x"},
    {"title": '"a\\tb"'},
    {"title": "a\tb"},
    {"title": "x # a comment"},
    {"title": "@x"},
    {"title": "[%x]"},
    {"title": "Zürich – Genève"},
    {"extra": "    title: again\n"},  # a duplicate key
    {"extra": "    notes: &n note\n    summary: *n\n"},  # an alias
    {"extra": "    ? complex\n    : key\n"},
    {"extra": "  - *e\n"},
    {"extra": "---\nsecond: document\n"},
    {"extra": "    notes: |\n      kept\n\n      lines\n"},
    {"extra": "    notes: >-\n      folded\n        more\n      text\n"},
    {"extra": '    notes: "multi\n      line \\\n      joined"\n'},
    {"extra": "    unknown: 1\n"},
    {"extra": "  - id: f\n  title: bad indent\n"},
]


@pytest.mark.parametrize("change", TRICKY, ids=[str(sorted(c.items())) for c in TRICKY])
def test_tricky_yaml_gives_the_reference_data_and_problems(change: dict[str, str]) -> None:
    fields = {"title": "Talks", "start": "2025-11-11 10:40", "country": "NO", "extra": ""}
    text = EVENT.format(**{**fields, **change})
    fast = yaml_document(text, "f")
    ref = _parse_yaml(text, "f")
    if fast is not None and not ref.problems:
        assert repr(fast.data) == repr(ref.data)
    assert normal(text) == reference(text)


@pytest.mark.parametrize(
    "text",
    [
        '{"title": "a", "title": "b", "events": []}',
        '{"events": [{"id": "a", "id": "b"}]}',
        '{"events": [], "title": "say \\"hi\\""}',
        '{"events": [], "title": NaN}',
        '{"events": [], "title": 123456789012345678901234567890}',
        '{"events": [], "title": "\\ud800"}',
        '{"events" : [], "title": "spaced"}',
        '{"events": [1, 2,]}',
        "[]",
        "",
    ],
)
def test_json_gives_the_reference_problems(text: str) -> None:
    assert normal(text, "json") == reference(text, "json")


def test_canonical_json_is_byte_for_byte_what_json_dumps_writes(bundled: Timeline) -> None:
    titled = Timeline.of_checked(
        bundled.events,
        title='ünïcode \u2028 \x1b " \\ </script> 😀',
        description=None,
        actors=bundled.actors,
        report=bundled.report,
    )
    for t in (bundled, titled):
        assert t.to_json() == json.dumps(t.to_dict(), indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize(
    ("zone", "day"),
    [
        ("Pacific/Apia", dt.date(2011, 12, 30)),  # a day the clocks skipped
        ("America/Santiago", dt.date(2025, 9, 7)),  # midnight skipped
        ("America/Havana", dt.date(2025, 11, 2)),  # midnight twice
        ("Europe/Berlin", dt.date(2025, 3, 30)),
        ("America/Argentina/Buenos_Aires", dt.date(1920, 5, 1)),  # offset with seconds
    ],
)
def test_start_of_day_is_what_pendulum_makes(zone: str, day: dt.date) -> None:
    ours = _start_of_local(day.year, day.month, day.day, zone)
    theirs = pendulum.datetime(day.year, day.month, day.day, tz=zone)
    assert (repr(ours), ours.fold, ours.tzinfo) == (repr(theirs), theirs.fold, theirs.tzinfo)


def test_read_gives_the_same_report_for_a_file(
    bundled: Timeline, write: Callable[..., Path]
) -> None:
    path = write(timeline.bundled_events().read_text(encoding="utf-8"))
    loaded, report = read(path)
    assert loaded == bundled

    def where(problems: tuple[timeline.Problem, ...]) -> list[tuple[Any, ...]]:
        return [(p.code, p.line, p.column, p.field, p.message) for p in problems]

    assert where(report.problems) == where(bundled.report.problems)


@pytest.mark.parametrize("change", ["", "kind: meetin", "end: 2000-01-01"])
def test_validate_reports_what_read_reports(write: Callable[..., Path], change: str) -> None:
    """``validate`` checks without building the timeline; its report is ``read``'s."""
    text = timeline.bundled_events().read_text(encoding="utf-8")
    if change:  # into the first event
        assert "\n- id:" in text
        text = text.replace("\n- id:", f"\n- {change}\n  id:", 1)
    path = write(text)
    report = timeline.validate(path)
    codes = {p.code for p in report.problems}
    assert report.valid == (not change)
    assert ("unknown-kind" in codes) == (change == "kind: meetin")
    assert ("end-before-start" in codes) == (change == "end: 2000-01-01")
    assert report == read(path)[1]
    assert timeline.validate(text) == read(text)[1]
