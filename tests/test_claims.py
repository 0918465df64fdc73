"""Claims: the values different sources give for a field, each checked by the field's own rules,
located when wrong, kept by the formats that can hold them and reported by those that cannot."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

import timeline
from timeline import Confidence, Event, Place, Timeline
from timeline.cli import main

HEADER = """\
title: Claims
actors:
  trump: {name: Donald Trump}
  takaichi: {name: Sanae Takaichi}
events:
"""
EVENT = """\
  - id: signing
    title: Framework signed
    kind: signing
    timezone: Asia/Tokyo
    sources:
      - {url: "https://www.mofa.go.jp/a", publisher: MOFA}
      - {url: "https://taz.de/b", publisher: taz, published: 2025-10-29}
"""
CLAIMED = (
    HEADER
    + EVENT
    + """\
    start:
      claims:
        - {value: 2025-10-28 10:40, sources: [0], confidence: confirmed}
        - {value: 2025-10-27, said_by: IANS, confidence: false, note: 'Monday'}
    duration: {claims: [{value: 3 h, sources: [1]}, {value: 2 h, sources: [0], use: true}]}
    place:
      claims:
        - value: {city: Tokyo, country: JP}
          sources: ["https://www.mofa.go.jp/a"]
    participants: {claims: [{value: [trump, takaichi], sources: [0]}, {value: [trump], sources: [1]}]}
    outcomes:
      - A framework
      - claims:
          - {value: "$35bn over 3 years", sources: [0]}
          - {value: "$105bn", sources: [1], confidence: disputed}
"""
)


@pytest.fixture(scope="module")
def claimed() -> Timeline:
    return timeline.loads(CLAIMED)


def test_the_timeline_uses_the_first_value_or_the_one_marked(claimed: Timeline) -> None:
    event = claimed["signing"]
    assert event.start.isoformat() == "2025-10-28T10:40:00+09:00"
    assert event.duration == dt.timedelta(hours=2)  # marked `use: true`
    assert event.place == Place(city="Tokyo", country="JP")
    assert event.participants == ("trump", "takaichi")
    assert event.outcomes == ("A framework", "$35bn over 3 years")


def test_every_value_is_kept_with_its_sources(claimed: Timeline) -> None:
    event = claimed["signing"]
    assert set(event.claims) == {
        ("start",),
        ("duration",),
        ("place",),
        ("participants",),
        ("outcomes", 1),
    }
    start = event.claims[("start",)]
    assert [c.value.isoformat() for c in start] == ["2025-10-28T10:40:00+09:00", "2025-10-27"]
    assert [c.confidence for c in start] == [Confidence.CONFIRMED, Confidence.FALSE]
    assert start[1].said_by == "IANS"
    assert start[1].note == "Monday"
    assert [c.value for c in event.claims[("duration",)]] == [
        dt.timedelta(hours=3),
        dt.timedelta(hours=2),
    ]
    assert event.claims[("place",)][0].sources == ("https://www.mofa.go.jp/a",)
    assert event.claims[("participants",)][1].value == ("trump",)


def test_an_event_is_disputed_when_two_values_are_not_known_to_be_false(claimed: Timeline) -> None:
    assert claimed["signing"].disputed  # the outcome: 35bn and 105bn, neither false
    one_false = timeline.loads(
        HEADER + EVENT + "    start: {claims: [{value: 2025-10-28, sources: [0]},"
        " {value: 2025-10-27, sources: [1], confidence: false}]}\n"
    )
    assert one_false["signing"].claims
    assert not one_false["signing"].disputed
    plain = timeline.loads(HEADER + EVENT + "    start: 2025-10-28\n")
    assert not plain["signing"].claims
    assert not plain["signing"].disputed


def test_claims_in_code_are_read_as_in_a_file(claimed: Timeline) -> None:
    data = claimed["signing"].model_dump(mode="json")
    assert Event.model_validate(data) == claimed["signing"]
    assert Event(**data) == claimed["signing"]


# -- checked by the field's own rules, every problem located ------------------------------------

BAD_CLAIMS = [
    (
        "    start: {claims: [{value: 2025-10-28, sources: [0]}, {value: 2025-02-30, sources: [0]}]}\n",
        "events[0].start.claims[1].value: '2025-02-30' does not exist: February 2025 has 28 days",
    ),
    (
        "    start: {claims: [{value: 2025-13-01, sources: [0]}, {value: 2025-10-28, sources: [0]}]}\n",
        "events[0].start.claims[0].value: '2025-13-01': there is no month 13",
    ),
    (
        "    start: {claims: [{value: 2025-10-28, sources: [2]}]}\n",
        "events[0].start.claims[0].sources[0]: there is no source 2: the event has sources 0 and 1, counted from 0",
    ),
    (
        "    start: {claims: [{value: 2025-10-28, sources: ['https://taz.de/c']}]}\n",
        "events[0].start.claims[0].sources[0]: no source of this event has the URL 'https://taz.de/c' — did you mean 'https://taz.de/b'?; add it to the event's sources",
    ),
    (
        "    start: {claims: [{value: 2025-10-28, sources: [-1]}]}\n",
        "events[0].start.claims[0].sources[0]: -1 names no source: give its index in the event's sources (0 for the first) or its URL",
    ),
    (
        "    start: {claims: [{value: 2025-10-28, sources: [0], confidence: maybe}]}\n",
        "events[0].start.claims[0].confidence: unknown confidence 'maybe': use one of confirmed, likely, disputed, false",
    ),
    (
        "    start: {claims: [{value: 2025-10-28, sources: [0], by: x}]}\n",
        "events[0].start.claims[0].by: unknown field 'by' (allowed: value, sources, said_by, confidence, use, note)",
    ),
    (
        "    start: {claims: [{sources: [0]}]}\n",
        "events[0].start.claims[0].value: missing required field 'value'",
    ),
    (
        "    start: {claims: []}\n",
        "events[0].start.claims: expected a list of claims (- value: …, sources: […]), at least one",
    ),
    (
        "    start: {claims: [{value: 2025-10-28, sources: [0]}], source: 1}\n",
        "events[0].start.source: unknown field 'source': a claimed value is written as 'claims:' alone, a list of values each with its sources",
    ),
    (
        "    start: {claims: [{value: 2025-10-28, sources: [0], confidence: false}, {value: 2025-10-29, sources: [1]}]}\n",
        "events[0].start.claims[0].confidence: the value the timeline uses is marked false: put the right value first, or mark it with 'use: true'",
    ),
    (
        "    start: {claims: [{value: 2025-10-28, sources: [0], use: true}, {value: 2025-10-29, sources: [1], use: true}]}\n",
        "events[0].start.claims[1].use: claims[0] is already the value used: mark one claim only with 'use: true'",
    ),
    (
        "    start: 2025-10-28\n    duration: {claims: [{value: 3 hours, sources: [0]}]}\n",
        "events[0].duration.claims[0].value: cannot read '3 hours' as a length of time: write e.g. '2 h', '90 min', '1 h 40 min' or '3 d'",
    ),
    (
        "    start: 2025-10-28\n    participants: {claims: [{value: [trump], sources: [0]}, {value: [trumpp], sources: [1]}]}\n",
        "events[0].participants.claims[1].value[0]: unknown participant 'trumpp' — did you mean 'trump'?; add it to the actors registry",
    ),
    (
        "    start: 2025-10-28\n    place: {claims: [{value: {country: JP}, sources: [0]}, {value: {country: US}, sources: [1]}]}\n",
        "events[0].place.claims[1].value.country: time zone 'Asia/Tokyo' is not used in country 'US'; check the claimed country",
    ),
    (
        "    start: 2025-10-28\n    outcomes: [{claims: [{value: 5, sources: [0]}]}]\n",
        "events[0].outcomes[0].claims[0].value: expected text, got a number (5)",
    ),
]


@pytest.mark.parametrize(("lines", "message"), BAD_CLAIMS)
def test_each_claim_is_checked_by_its_fields_rules_and_located(
    lines: str, message: str, write: Callable[..., Path]
) -> None:
    path = write(HEADER + EVENT + lines)
    report = timeline.validate(path)
    assert not report.valid
    shown = [f"{p.field}: {p.message}" for p in report.errors]
    assert message in shown
    problem = report.errors[shown.index(message)]
    assert problem.line is not None, "every problem has its line"
    text = path.read_text(encoding="utf-8").splitlines()
    assert problem.line > len(HEADER.splitlines()), "on the event's lines, not the file's top"
    assert text[problem.line - 1].strip(), problem


def test_a_claimed_time_follows_the_zones_clock_changes(write: Callable[..., Path]) -> None:
    """The claimed value is read by the field's own validator, in the event's zone."""
    lines = (
        "    start: {claims: [{value: 2025-10-28, sources: [0]},"
        " {value: '2025-10-26 02:30', sources: [1]}]}\n"
    )
    report = timeline.validate(write(HEADER + EVENT.replace("Asia/Tokyo", "Europe/Berlin") + lines))
    assert [(p.code, p.field) for p in report.problems] == [
        ("ambiguous-time", "events[0].start.claims[1].value")
    ]
    fixed = lines.replace("02:30'", "02:30+01:00'")
    event = timeline.loads(HEADER + EVENT.replace("Asia/Tokyo", "Europe/Berlin") + fixed)
    second = event["signing"].claims[("start",)][1].value
    assert second.instant.isoformat() == "2025-10-26T01:30:00+00:00"


def test_every_problem_with_claims_is_reported_at_once(write: Callable[..., Path]) -> None:
    """Each claim's value and form at once; its sources, as every check between fields, once
    the event is valid on its own."""
    lines = (
        "    start: {claims: [{value: 2025-10-28, sources: [3]}, {value: 2025-02-30},"
        " {value: 2025-10-28, confidence: sure}]}\n"
        "    duration: {claims: [{value: 3 hours, sources: [0]}]}\n"
    )
    report = timeline.validate(write(HEADER + EVENT + lines))
    codes = sorted(p.code for p in report.problems)
    assert codes == ["duration-format", "impossible-date", "unknown-kind"]
    fixed = (
        lines.replace("2025-02-30", "2025-10-27").replace("sure", "likely").replace("hours", "h")
    )
    report = timeline.validate(write(HEADER + EVENT + fixed))
    assert sorted(p.code for p in report.problems) == [
        "unknown-source",
        "unsourced-claim",
        "unsourced-claim",
    ]


def test_a_value_without_a_source_is_a_warning(write: Callable[..., Path]) -> None:
    lines = "    start: {claims: [{value: 2025-10-28, sources: [0]}, {value: 2025-10-27}]}\n"
    report = timeline.validate(write(HEADER + EVENT + lines))
    assert report.valid
    assert [(p.code, p.field, p.severity) for p in report.warnings] == [
        ("unsourced-claim", "events[0].start.claims[1]", "warning")
    ]
    said = lines.replace("{value: 2025-10-27}", "{value: 2025-10-27, said_by: IANS}")
    assert timeline.validate(write(HEADER + EVENT + said)).warnings == ()


def test_validate_prints_claim_problems_as_file_line_col(write: Callable[..., Path]) -> None:
    path = write(
        HEADER + EVENT + "    start:\n      claims:\n        - {value: 2025-10-28, sources: [0]}\n"
        "        - {value: 2025-02-30, sources: [5]}\n"
    )
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{path}:16:19: events[0].start.claims[1].value: '2025-02-30' does not exist: February 2025 has 28 days",
        f"{path}: 1 error, 0 warnings",
    ]
    path.write_text(path.read_text(encoding="utf-8").replace("02-30", "10-27"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.output.splitlines() == [
        f"{path}:16:41: events[0].start.claims[1].sources[0]: there is no source 5: the event has sources 0 and 1, counted from 0",
        f"{path}: 1 error, 0 warnings",
    ]


# -- in every format ------------------------------------------------------------------------------


def test_json_keeps_claims_and_loads_back_the_same(claimed: Timeline) -> None:
    text = timeline.export(claimed, "json")
    data = json.loads(text)
    start = data["events"][0]["start"]
    assert start == {
        "claims": [
            {"value": "2025-10-28T10:40:00+09:00", "sources": [0], "confidence": "confirmed"},
            {"value": "2025-10-27", "said_by": "IANS", "confidence": "false", "note": "Monday"},
        ]
    }
    assert data["events"][0]["outcomes"][1]["claims"][1] == {
        "value": "$105bn",
        "sources": [1],
        "confidence": "disputed",
    }
    assert timeline.loads(text, format="json") == claimed


def test_yaml_keeps_claims_as_a_person_writes_them(claimed: Timeline) -> None:
    text, notes = timeline.export_with_notes(claimed, "yaml")
    assert notes == []
    event = yaml.safe_load(text)["events"][0]
    assert event["start"]["claims"][0]["value"] == "2025-10-28 10:40"  # local wall time
    assert event["duration"]["claims"][1] == {"value": "2 h", "sources": [0], "use": True}
    assert timeline.loads(text) == claimed


def test_csv_keeps_claims_of_its_columns_as_json_cells_and_says_what_it_drops(
    claimed: Timeline, tmp_path: Path
) -> None:
    text, notes = timeline.export_with_notes(claimed, "csv")
    assert notes == [
        "csv: 'title' of 1 file not kept (a CSV has rows only)",
        "csv: 'claims' of 1 event not kept (each field keeps the value the timeline uses)",
        "csv: 'duration' of 1 event not kept",
    ]
    path = tmp_path / "claims.csv"
    path.write_text(text, encoding="utf-8")
    back = timeline.import_events(path)["signing"]
    original = claimed["signing"]
    for kept in [("start",), ("participants",), ("outcomes", 1)]:
        assert back.claims[kept] == original.claims[kept], kept
    assert ("place",) not in back.claims  # three columns: the place used only
    assert back.place == original.place


@pytest.mark.parametrize("fmt", ["timelinejs", "ics", "jsonld"])
def test_other_formats_say_that_they_drop_claims(claimed: Timeline, fmt: str) -> None:
    _, notes = timeline.export_with_notes(claimed, fmt)
    assert (
        f"{fmt}: 'claims' of 1 event not kept (each field keeps the value the timeline uses)"
        in notes
    )
    assert f"{fmt}: 'duration' of 1 event not kept" in notes


def test_the_schema_describes_claims(claimed: Timeline) -> None:
    import jsonschema

    checker = jsonschema.Draft202012Validator(timeline.schema())
    data = yaml.safe_load(CLAIMED.replace("confidence: false", "confidence: 'false'"))
    data = json.loads(json.dumps(data, default=str))
    assert list(checker.iter_errors(data)) == []
    data["events"][0]["start"]["claims"][0]["confidence"] = "maybe"
    assert [e.json_path for e in checker.iter_errors(data)] == ["$.events[0].start"]


def test_a_timeline_built_in_code_checks_claim_sources() -> None:
    data: dict[str, Any] = yaml.safe_load(HEADER + EVENT)["events"][0]
    data["start"] = {"claims": [{"value": "2025-10-28", "sources": [4]}]}
    with pytest.raises(timeline.InvalidTimeline, match="there is no source 4"):
        Timeline([Event.model_validate(json.loads(json.dumps(data, default=str)))])


# -- the bundled data ----------------------------------------------------------------------------


def test_the_bundled_data_records_the_fact_sheets_conflicts(bundled: Timeline) -> None:
    signing = bundled["tokyo-signing"].claims[("start",)]
    assert [(str(c.value), c.confidence) for c in signing] == [
        ("2025-10-28T10:40:00+09:00", Confidence.CONFIRMED),
        ("2025-10-27", Confidence.FALSE),  # 'Monday', as IANS, The Epoch Times and voz.us say
    ]
    talks = bundled["tokayev-putin-informal-talks"]
    lengths = {
        c.value: {talks.sources[i].publisher for i in c.sources}
        for c in talks.claims[("duration",)]
    }
    assert lengths == {
        dt.timedelta(hours=3): {"Gazeta.ru", "Moskva 24", "Particle"},
        dt.timedelta(hours=2): {"RBC"},
    }
    assert talks.disputed
    dinner = bundled["c5plus1-dinner"]
    ((path, claims),) = dinner.claims.items()
    assert path[0] == "outcomes"
    assert "$35bn" in claims[0].value
    assert "$100bn" in claims[0].value
    assert "$105bn" in claims[1].value
    assert dinner.sources[claims[1].sources[0]].publisher == "taz"  # type: ignore[index]
    assert dinner.disputed
