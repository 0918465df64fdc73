"""One table of bad inputs and the exact problems reported for them, with their locations."""

from __future__ import annotations

import textwrap

import pytest

import timeline
from timeline.load import read_document
from timeline.parse import parse

HEAD = """\
title: Test
actors:
  trump: {name: Donald Trump, country: US}
events:
"""
GOOD = """\
  - id: tokyo-signing
    title: Signing in Tokyo
    kind: signing
    timezone: Asia/Tokyo
    start: 2025-10-28 10:40
    place: {city: Tokyo, country: JP}
    participants: [trump]
    sources: [{url: "https://www.mofa.go.jp/a"}]
"""


def event(**changes: str | None) -> str:
    """The GOOD event with some lines replaced (value None drops the line)."""
    lines = GOOD.splitlines()
    out = []
    for line in lines:
        key = line.strip().removeprefix("- ").split(":", 1)[0]
        if key in changes:
            value = changes.pop(key)
            if value is None:
                if line.lstrip().startswith("- "):
                    out.append("  -")
                continue
            prefix = line[: len(line) - len(line.lstrip())] + (
                "- " if line.lstrip().startswith("- ") else ""
            )
            out.append(f"{prefix}{key}: {value}")
        else:
            out.append(line)
    out += [f"    {k}: {v}" for k, v in changes.items() if v is not None]
    return "\n".join(out) + "\n"


CASES: list[tuple[str, str, list[str]]] = [
    ("empty file", "", ["events.yaml:1:1: the file has no content; it needs an 'events:' list"]),
    (
        "only comments",
        "# nothing\n",
        ["events.yaml:1:1: the file has no content; it needs an 'events:' list"],
    ),
    (
        "top-level list",
        "- a\n- b\n",
        ["events.yaml:1:1: expected a mapping with an 'events:' list at the top, got a list"],
    ),
    ("no events key", "title: x\n", ["events.yaml:1:1: events: missing required field 'events'"]),
    (
        "events not a list",
        "events: 3\n",
        ["events.yaml:1:9: events: expected a list (- item lines), got a number (3)"],
    ),
    (
        "yaml syntax",
        "events: [\n",
        [
            "events.yaml:2:1: YAML syntax error: did not find expected node content (while parsing a flow node on line 2)"
        ],
    ),
    (
        "tab indentation",
        "events:\n\t- id: x\n",
        ["events.yaml:2:1: a tab character; YAML indents with spaces only"],
    ),
    (
        "duplicate key",
        HEAD + event(title="A") + "    title: B\n",
        [
            "events.yaml:13:5: events[0].title: duplicate key 'title' (first written on line 6); a key may appear once per mapping"
        ],
    ),
    (
        "unknown field",
        HEAD + event(strat="2025-10-28"),
        ["events.yaml:13:5: events[0].strat: unknown field 'strat' — did you mean 'start'?"],
    ),
    (
        "missing title",
        HEAD + event(title=None),
        ["events.yaml:5:5: events[0].title: missing required field 'title'"],
    ),
    (
        "bad id",
        HEAD + event(id="Tokyo Signing"),
        [
            "events.yaml:5:9: events[0].id: 'Tokyo Signing' is not an id: use lower-case letters, digits and hyphens, e.g. 'tokyo-signing'"
        ],
    ),
    (
        "unknown kind",
        HEAD + event(kind="meting"),
        [
            "events.yaml:7:11: events[0].kind: unknown kind 'meting' — did you mean 'meeting'? Allowed kinds: signing, meeting, summit, dinner, state_visit, visit, ceremony, conference, announcement, report, other"
        ],
    ),
    (
        "unknown zone",
        HEAD + event(timezone="Asia/Tokio"),
        [
            "events.yaml:8:15: events[0].timezone: unknown time zone 'Asia/Tokio' — did you mean 'Asia/Tokyo'?"
        ],
    ),
    (
        "impossible date",
        HEAD + event(start="2025-02-30"),
        [
            "events.yaml:9:12: events[0].start: '2025-02-30' does not exist: February 2025 has 28 days"
        ],
    ),
    (
        "offset contradicts zone",
        HEAD + event(start="2025-10-28T10:40+03:00"),
        [
            "events.yaml:9:12: events[0].start: '2025-10-28T10:40+03:00': offset +03:00 contradicts Asia/Tokyo, which is +09:00 at that moment; write the local time without an offset, or use Z for a UTC time"
        ],
    ),
    (
        "end before start",
        HEAD + event(end="2025-10-28 09:00"),
        [
            "events.yaml:13:10: events[0].end: ends before it starts (2025-10-28T09:00:00+09:00 is before 2025-10-28T10:40:00+09:00 in Asia/Tokyo)"
        ],
    ),
    (
        "lower-case country",
        HEAD + event(place="{city: Tokyo, country: jp}"),
        [
            "events.yaml:10:35: events[0].place.country: 'jp' is not an ISO 3166-1 alpha-2 country code — did you mean 'JP'?"
        ],
    ),
    (
        "country name",
        HEAD + event(place="{city: Tokyo, country: Japan}"),
        [
            "events.yaml:10:35: events[0].place.country: 'Japan' is not an ISO 3166-1 alpha-2 country code — did you mean 'JP'?"
        ],
    ),
    (
        "zone does not fit country",
        HEAD + event(place="{city: Seoul, country: KR}"),
        [
            "events.yaml:8:15: events[0].timezone: time zone 'Asia/Tokyo' is not used in country 'KR'; check the zone or the country"
        ],
    ),
    (
        "dangling participant",
        HEAD + event(participants="[trumpp]"),
        [
            "events.yaml:11:20: events[0].participants[0]: unknown participant 'trumpp' — did you mean 'trump'?; add it to the actors registry"
        ],
    ),
    (
        "dangling relation",
        HEAD + event(follows="[nothere]"),
        ["events.yaml:13:15: events[0].follows[0]: no event has the id 'nothere'"],
    ),
    (
        "javascript url",
        HEAD + event(sources='[{url: "javascript:alert(1)"}]'),
        [
            "events.yaml:12:21: events[0].sources[0].url: 'javascript:alert(1)' is not an http(s) URL; sources must be web addresses (other schemes such as javascript: or data: are refused)"
        ],
    ),
    (
        "participants as text",
        HEAD + event(participants="trump"),
        ["events.yaml:11:19: events[0].participants: expected a list ([a, b]), got text ('trump')"],
    ),
    (
        "title a number",
        HEAD + event(title="42"),
        ["events.yaml:6:12: events[0].title: expected text, got a number (42)"],
    ),
    (
        "approximate not a bool",
        HEAD + event(approximate="maybe"),
        ["events.yaml:13:18: events[0].approximate: expected true or false, got text ('maybe')"],
    ),
    (
        "bad language tag",
        HEAD + event(sources='[{url: "https://a.example", language: German}]'),
        [
            "events.yaml:12:52: events[0].sources[0].language: 'German' is not a language tag such as 'de', 'en' or 'pt-BR'"
        ],
    ),
    (
        "duplicate ids",
        HEAD + GOOD + GOOD,
        ["events.yaml:13:9: events[1].id: duplicate id 'tokyo-signing' (also used by events[0])"],
    ),
    (
        "part_of itself",
        HEAD + event(part_of="tokyo-signing"),
        ["events.yaml:13:14: events[0].part_of: an event cannot part_of itself"],
    ),
    (
        "part_of cycle",
        HEAD + event(part_of="b") + event(id="b", part_of="tokyo-signing"),
        [
            "events.yaml:13:14: events[0].part_of: part_of goes round in a circle: tokyo-signing → b → tokyo-signing"
        ],
    ),
    (
        "nonexistent local time",
        HEAD + event(timezone="Europe/Berlin", start="2025-03-30 02:30", place="{country: DE}"),
        [
            "events.yaml:9:12: events[0].start: '2025-03-30 02:30' does not exist in Europe/Berlin: the clocks skip it (daylight-saving change); write a time after the change"
        ],
    ),
    (
        "every problem at once",
        HEAD + event(kind="meting", start="2025-02-30", participants="[nobody]"),
        [
            "events.yaml:7:11: events[0].kind: unknown kind 'meting' — did you mean 'meeting'? Allowed kinds: signing, meeting, summit, dinner, state_visit, visit, ceremony, conference, announcement, report, other",
            "events.yaml:9:12: events[0].start: '2025-02-30' does not exist: February 2025 has 28 days",
            "events.yaml:11:20: events[0].participants[0]: unknown participant 'nobody'; add it to the actors registry",
        ],
    ),
    ("json syntax", '{"events": [}', ["events.json:1:13: JSON syntax error: Expecting value"]),
    (
        "json duplicate key",
        '{"events": [], "events": []}',
        [
            "events.json:1:16: events: duplicate key 'events' (first written on line 1); a key may appear once per mapping"
        ],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_reported_exactly(case: str, text: str, expected: list[str]) -> None:
    name = "events.json" if case.startswith("json") else "events.yaml"
    found, report = read_document(parse(text, name))
    assert found is None
    assert [str(p) for p in report.errors] == expected
    assert not report.valid


def test_the_good_event_is_good() -> None:
    assert len(timeline.loads(HEAD + GOOD)) == 1


def test_problems_name_the_event_id() -> None:
    _, report = read_document(parse(HEAD + event(kind="meting"), "events.yaml"))
    assert [p.event_id for p in report.errors] == ["tokyo-signing"]
    assert [p.code for p in report.errors] == ["unknown-kind"]


def test_norway_is_not_false() -> None:
    text = HEAD + event(timezone="Europe/Oslo", place="{city: Oslo, country: NO}")
    loaded = timeline.loads(text)
    place = loaded["tokyo-signing"].place
    assert place is not None
    assert place.country == "NO"


def test_yaml_timestamps_are_read_as_written_wall_time() -> None:
    text = HEAD + event(start="2025-10-28 10:40:00")
    assert loaded_start(text) == "2025-10-28T10:40:00+09:00"
    assert loaded_start(HEAD + event(start="2025-10-28")) == "2025-10-28"


def loaded_start(text: str) -> str:
    return timeline.loads(text)["tokyo-signing"].start.isoformat()


def test_alias_bomb_is_refused_fast() -> None:
    bomb = textwrap.dedent(
        """\
        a: &a ["x","x","x","x","x","x","x","x","x","x"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g,*g]
        events: [*h]
        """
    )
    _, report = read_document(parse(bomb, "bomb.yaml"))
    assert [p.code for p in report.errors] == ["alias-bomb"]
