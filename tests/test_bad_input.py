"""Bad input of every kind, and exactly what is said about it, where.

``CASES`` is one table of bad events files with the exact problems reported for them (file,
line, column, field path, message); ``UNREADABLE`` lists inputs that cannot be read at all.
The tests below run each through the library and through the command line (exit code 1, the
message, no traceback). See SECURITY.md for what is promised.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import timeline
from timeline.cli import main
from timeline.core.validation import read_document
from timeline.read.limits import MAX_BYTES, MAX_DEPTH
from timeline.read.parse import parse

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


DEEP = 100_000  # PyYAML's C composer crashed the process on this; libyaml slows with depth²

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
        ["events.yaml:13:14: events[0].part_of: an event cannot refer to itself in part_of"],
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
    # -- broken files
    (
        "only white space",
        "   \n\n",
        ["events.yaml:1:1: the file has no content; it needs an 'events:' list"],
    ),
    (
        "only a document marker",
        "---\n...\n",
        ["events.yaml:1:1: the file has no content; it needs an 'events:' list"],
    ),
    (
        "top-level text",
        "hello\n",
        [
            "events.yaml:1:1: expected a mapping with an 'events:' list at the top, got text ('hello')"
        ],
    ),
    (
        "top-level number",
        "42\n",
        [
            "events.yaml:1:1: expected a mapping with an 'events:' list at the top, got a number (42)"
        ],
    ),
    (
        "unclosed quote",
        'title: "abc\nevents: []\n',
        [
            "events.yaml:3:1: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar on line 1)"
        ],
    ),
    (
        "bad indentation",
        "events:\n  - id: a\n   title: b\n",
        [
            "events.yaml:3:4: YAML syntax error: did not find expected '-' indicator (while parsing a block collection on line 2)"
        ],
    ),
    (
        "two documents",
        "events: []\n---\nevents: []\n",
        [
            "events.yaml:2:1: YAML syntax error: but found another document (expected a single document in the stream on line 1)"
        ],
    ),
    (
        "control character",
        "title: a\x1b[2Jb\nevents: []\n",
        [
            "events.yaml:1:9: character U+001B is not allowed in a YAML file (a control character or a non-character); remove it"
        ],
    ),
    (
        "python tag on a value",
        "title: !!python/object/apply:os.system [ls]\nevents: []\n",
        [
            "events.yaml:1:8: unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'; write plain values"
        ],
    ),
    (
        "tag on a list",
        "events: !!set {a: null}\n",
        ["events.yaml:1:9: unsupported YAML tag 'tag:yaml.org,2002:set'; write plain values"],
    ),
    (
        "binary tag",
        "title: !!binary aGk=\nevents: []\n",
        ["events.yaml:1:8: unsupported YAML tag 'tag:yaml.org,2002:binary'; write plain values"],
    ),
    (
        "undefined alias",
        "events: *nothing\n",
        ["events.yaml:1:9: YAML syntax error: found undefined alias 'nothing'"],
    ),
    ("alias cycle", "a: &a [*a]\nevents: []\n", ["events.yaml:1:4: an alias refers to itself"]),
    (
        "deep flow nesting",
        "events: " + "[" * DEEP,
        ["events.yaml:1:73: nested more than 64 levels deep; an events file needs far fewer"],
    ),
    (
        "deep block nesting",
        "events:\n" + "- " * DEEP + "x\n",
        ["events.yaml:2:129: nested more than 64 levels deep; an events file needs far fewer"],
    ),
    (
        "deep mapping nesting",
        "events: " + "{a: " * DEEP,
        ["events.yaml:1:262: nested more than 64 levels deep; an events file needs far fewer"],
    ),
    (
        "number too long",
        "title: " + "9" * 1001 + "\nevents: []\n",
        [
            "events.yaml:1:8: a number written with more than 1000 digits; put it in quotes if it is meant as text"
        ],
    ),
    (
        "hex number too long",
        "title: 0x" + "f" * 1001 + "\nevents: []\n",
        [
            "events.yaml:1:8: a number written with more than 1000 digits; put it in quotes if it is meant as text"
        ],
    ),
    ("key not text", "? [a, b]\n: c\nevents: []\n", ["events.yaml:1:3: a key must be plain text"]),
    (
        "duplicate actor",
        HEAD.replace("actors:\n", "actors:\n  trump: {name: Again}\n") + GOOD,
        [
            "events.yaml:4:3: actors.trump: duplicate key 'trump' (first written on line 3); a key may appear once per mapping"
        ],
    ),
    ("json empty", "", ["events.json:1:1: the file has no content; it needs an 'events:' list"]),
    (
        "json top-level list",
        "[1, 2]",
        ["events.json:1:1: expected a mapping with an 'events:' list at the top, got a list"],
    ),
    (
        "json trailing comma",
        '{"events": [],}',
        ["events.json:1:15: JSON syntax error: Expecting property name enclosed in double quotes"],
    ),
    (
        "json single quotes",
        "{'events': []}",
        ["events.json:1:2: JSON syntax error: Expecting property name enclosed in double quotes"],
    ),
    ("json unclosed", '{"events": [', ["events.json:1:13: JSON syntax error: Expecting value"]),
    (
        "json deep nesting",
        '{"events": ' + "[" * DEEP + "]" * DEEP + "}",
        ["events.json:1:75: nested more than 64 levels deep; an events file needs far fewer"],
    ),
    (
        "json deep unclosed",
        "[" * DEEP,
        ["events.json:1:65: nested more than 64 levels deep; an events file needs far fewer"],
    ),
    (
        "json number too long",
        '{"title": ' + "9" * 1001 + ', "events": []}',
        [
            "events.json:1:11: a number written with more than 1000 digits; put it in quotes if it is meant as text"
        ],
    ),
    (
        "json lone surrogate",
        '{"title": "a\\ud800b", "events": []}',
        [
            "events.json:1:13: \\ud800 is one half of a UTF-16 surrogate pair without the other half, not a character; write the character itself"
        ],
    ),
    (
        "json control character in text",
        '{"title": "a\x1bb", "events": []}',
        [
            "events.json:1:13: JSON syntax error: control character U+001B inside text; write it as \\u001b or remove it"
        ],
    ),
    # -- every field with the wrong type
    (
        "title a list",
        "title: [a]\nevents: []\n",
        ["events.yaml:1:8: title: expected text, got a list"],
    ),
    (
        "description a number",
        "description: 7\nevents: []\n",
        ["events.yaml:1:14: description: expected text, got a number (7)"],
    ),
    (
        "actors a list",
        "actors: [a]\nevents: []\n",
        ["events.yaml:1:9: actors: expected a mapping (key: value lines), got a list"],
    ),
    (
        "actor text",
        "actors: {trump: Donald}\nevents: []\n",
        [
            "events.yaml:1:17: actors.trump: expected a mapping (key: value lines), got text ('Donald')"
        ],
    ),
    (
        "actor without a name",
        "actors: {trump: {role: President}}\nevents: []\n",
        ["events.yaml:1:17: actors.trump.name: missing required field 'name'"],
    ),
    (
        "actor unknown field",
        "actors: {trump: {name: T, rank: 1}}\nevents: []\n",
        [
            "events.yaml:1:27: actors.trump.rank: unknown field 'rank' (allowed: name, role, country)"
        ],
    ),
    (
        "actor id not an id",
        "actors: {Donald Trump: {name: T}}\nevents: []\n",
        [
            "events.yaml:1:10: actors.Donald Trump: 'Donald Trump' is not an id: use lower-case letters, digits and hyphens, e.g. 'donald-trump'"
        ],
    ),
    (
        "actor country unknown",
        "actors: {trump: {name: T, country: XX}}\nevents: []\n",
        [
            "events.yaml:1:36: actors.trump.country: 'XX' is not an ISO 3166-1 alpha-2 country code (e.g. 'JP', 'US', 'NO')"
        ],
    ),
    (
        "event text",
        HEAD + "  - an event\n",
        [
            "events.yaml:5:5: events[0]: expected a mapping (key: value lines), got text ('an event')"
        ],
    ),
    (
        "event empty",
        HEAD + "  -\n",
        ["events.yaml:5:4: events[0]: expected a mapping (key: value lines), got nothing (null)"],
    ),
    (
        "id a number",
        HEAD + event(id="42"),
        ["events.yaml:5:9: events[0].id: expected text, got a number (42)"],
    ),
    (
        "id a list",
        HEAD + event(id="[a]"),
        ["events.yaml:5:9: events[0].id: expected text, got a list"],
    ),
    (
        "title empty",
        HEAD + event(title='"  "'),
        ["events.yaml:6:12: events[0].title: must not be empty"],
    ),
    (
        "title a mapping",
        HEAD + event(title="{a: b}"),
        ["events.yaml:6:12: events[0].title: expected text, got a mapping"],
    ),
    (
        "kind a number",
        HEAD + event(kind="3"),
        [
            "events.yaml:7:11: events[0].kind: unknown kind 3. Allowed kinds: signing, meeting, summit, dinner, state_visit, visit, ceremony, conference, announcement, report, other"
        ],
    ),
    (
        "timezone a number",
        HEAD + event(timezone="9"),
        ["events.yaml:8:15: events[0].timezone: expected text, got a number (9)"],
    ),
    (
        "timezone lower case",
        HEAD + event(timezone="asia/tokyo"),
        [
            "events.yaml:8:15: events[0].timezone: unknown time zone 'asia/tokyo' — did you mean 'Asia/Tokyo'?"
        ],
    ),
    (
        "timezone a path",
        HEAD + event(timezone="../../etc/passwd"),
        [
            "events.yaml:8:15: events[0].timezone: unknown time zone '../../etc/passwd' (use an IANA name such as 'Europe/Berlin')"
        ],
    ),
    (
        "start missing",
        HEAD + event(start=None),
        ["events.yaml:5:5: events[0].start: missing required field 'start'"],
    ),
    (
        "start a list",
        HEAD + event(start="[2025]"),
        ["events.yaml:9:12: events[0].start: expected a date or a date and time, got a list"],
    ),
    (
        "start true",
        HEAD + event(start="true"),
        ["events.yaml:9:12: events[0].start: expected a date or a date and time, got True"],
    ),
    (
        "start null",
        HEAD + event(start="null"),
        [
            "events.yaml:9:12: events[0].start: expected a date or a date and time, got nothing (null)"
        ],
    ),
    (
        "start a fraction",
        HEAD + event(start="2025.5"),
        [
            "events.yaml:9:12: events[0].start: expected a date or a date and time, got a number (2025.5)"
        ],
    ),
    (
        "start a huge number",
        HEAD + event(start="99999999999999999999"),
        [
            "events.yaml:9:12: events[0].start: '99999999999999999999': a year must lie within a trillion years of year 0 (±999999999999)"
        ],
    ),
    (
        "start a huge number, quoted",
        HEAD + event(start='"-99999999999999999999-01"'),
        [
            "events.yaml:9:12: events[0].start: '-99999999999999999999-01': a year must lie within a trillion years of year 0 (±999999999999)"
        ],
    ),
    (
        "start written the European way",
        HEAD + event(start="28.10.2025"),
        [
            "events.yaml:9:12: events[0].start: cannot read '28.10.2025' as a time: write a date (2025-11-11), a local time (2025-10-28 10:40), or a year (2025) or month (2025-11)"
        ],
    ),
    (
        "end a mapping",
        HEAD + event(end="{at: 10}"),
        ["events.yaml:13:10: events[0].end: expected a date or a date and time, got a mapping"],
    ),
    (
        "approximate a number",
        HEAD + event(approximate="2"),
        ["events.yaml:13:18: events[0].approximate: expected true or false, got a number (2)"],
    ),
    (
        "place text",
        HEAD + event(place="Tokyo"),
        [
            "events.yaml:10:12: events[0].place: expected a mapping (key: value lines), got text ('Tokyo')"
        ],
    ),
    (
        "place without country",
        HEAD + event(place="{city: Tokyo}"),
        ["events.yaml:10:12: events[0].place.country: missing required field 'country'"],
    ),
    (
        "place country a number",
        HEAD + event(place="{country: 81}"),
        ["events.yaml:10:22: events[0].place.country: expected text, got a number (81)"],
    ),
    (
        "place country unknown",
        HEAD + event(place="{country: XX}"),
        [
            "events.yaml:10:22: events[0].place.country: 'XX' is not an ISO 3166-1 alpha-2 country code (e.g. 'JP', 'US', 'NO')"
        ],
    ),
    (
        "place country UK",
        HEAD + event(timezone="Europe/London", place="{country: UK}"),
        [
            "events.yaml:10:22: events[0].place.country: 'UK' is not an ISO 3166-1 alpha-2 country code — did you mean 'GB'?"
        ],
    ),
    (
        "place city a list",
        HEAD + event(place="{city: [a], country: JP}"),
        ["events.yaml:10:19: events[0].place.city: expected text, got a list"],
    ),
    (
        "participants a mapping",
        HEAD + event(participants="{trump: yes}"),
        [
            "events.yaml:11:19: events[0].participants: expected a list (- item lines), got a mapping"
        ],
    ),
    (
        "participant a number",
        HEAD + event(participants="[7]"),
        ["events.yaml:11:20: events[0].participants[0]: expected text, got a number (7)"],
    ),
    (
        "sources text",
        HEAD + event(sources="https://a.example"),
        [
            "events.yaml:12:14: events[0].sources: expected a list ([a, b]), got text ('https://a.example')"
        ],
    ),
    (
        "source text",
        HEAD + event(sources="[https://a.example]"),
        [
            "events.yaml:12:15: events[0].sources[0]: expected a mapping (key: value lines), got text ('https://a.example')"
        ],
    ),
    (
        "source without url",
        HEAD + event(sources="[{publisher: taz}]"),
        ["events.yaml:12:15: events[0].sources[0].url: missing required field 'url'"],
    ),
    (
        "url a number",
        HEAD + event(sources="[{url: 5}]"),
        ["events.yaml:12:21: events[0].sources[0].url: expected text, got a number (5)"],
    ),
    (
        "publisher a list",
        HEAD + event(sources='[{url: "https://a.example", publisher: [a]}]'),
        ["events.yaml:12:53: events[0].sources[0].publisher: expected text, got a list"],
    ),
    (
        "published a number",
        HEAD + event(sources='[{url: "https://a.example", published: 86400}]'),
        [
            "events.yaml:12:53: events[0].sources[0].published: expected a date (YYYY-MM-DD), got 86400"
        ],
    ),
    (
        "published not a day",
        HEAD + event(sources='[{url: "https://a.example", published: 2025-02-30}]'),
        [
            "events.yaml:12:53: events[0].sources[0].published: expected a date (YYYY-MM-DD), got '2025-02-30'"
        ],
    ),
    (
        "published with a time",
        HEAD + event(sources='[{url: "https://a.example", published: "2025-11-11T10:00"}]'),
        [
            "events.yaml:12:53: events[0].sources[0].published: expected a date (YYYY-MM-DD), got '2025-11-11T10:00'"
        ],
    ),
    (
        "language a number",
        HEAD + event(sources='[{url: "https://a.example", language: 1}]'),
        ["events.yaml:12:52: events[0].sources[0].language: expected text, got a number (1)"],
    ),
    (
        "summary a list",
        HEAD + event(summary="[a]"),
        ["events.yaml:13:14: events[0].summary: expected text, got a list"],
    ),
    (
        "outcomes text",
        HEAD + event(outcomes="a deal"),
        ["events.yaml:13:15: events[0].outcomes: expected a list ([a, b]), got text ('a deal')"],
    ),
    (
        "outcome a mapping",
        HEAD + event(outcomes="[{a: b}]"),
        ["events.yaml:13:16: events[0].outcomes[0]: expected text, got a mapping"],
    ),
    (
        "tag not an id",
        HEAD + event(tags="[Rare Earths]"),
        [
            "events.yaml:13:12: events[0].tags[0]: 'Rare Earths' is not an id: use lower-case letters, digits and hyphens, e.g. 'rare-earths'"
        ],
    ),
    (
        "part_of a list",
        HEAD + event(part_of="[a]"),
        ["events.yaml:13:14: events[0].part_of: expected text, got a list"],
    ),
    (
        "follows text",
        HEAD + event(follows="tokyo-signing"),
        [
            "events.yaml:13:14: events[0].follows: expected a list ([a, b]), got text ('tokyo-signing')"
        ],
    ),
    (
        "responds_to a number",
        HEAD + event(responds_to="[5]"),
        ["events.yaml:13:19: events[0].responds_to[0]: expected text, got a number (5)"],
    ),
    (
        "notes a number",
        HEAD + event(notes="5"),
        ["events.yaml:13:12: events[0].notes: expected text, got a number (5)"],
    ),
    # -- impossible and out-of-range dates and times
    (
        "year 0 with a time of day",
        HEAD + event(start="0000-01-01 10:00"),
        [
            "events.yaml:9:12: events[0].start: '0000-01-01 10:00': a time of day needs a year from 1 to 9999; write the date alone (0000-01-01)"
        ],
    ),
    (
        "year 10000",
        HEAD + event(start="10000-01-01"),
        [
            "events.yaml:9:12: events[0].start: '10000-01-01': a year of five digits or more is written with a Y and alone: Y10000"
        ],
    ),
    (
        "negative year with a time of day",
        HEAD + event(start="-0001-01-01 10:00"),
        [
            "events.yaml:9:12: events[0].start: '-0001-01-01 10:00': a time of day needs a year from 1 to 9999; write the date alone (-0001-01-01)"
        ],
    ),
    (
        "month 13",
        HEAD + event(start="2025-13-01"),
        ["events.yaml:9:12: events[0].start: '2025-13-01': there is no month 13"],
    ),
    (
        "month 0",
        HEAD + event(start="2025-00"),
        ["events.yaml:9:12: events[0].start: '2025-00': there is no month 0"],
    ),
    (
        "day 32",
        HEAD + event(start="2025-01-32"),
        [
            "events.yaml:9:12: events[0].start: '2025-01-32' does not exist: January 2025 has 31 days"
        ],
    ),
    (
        "February 29 in 2025",
        HEAD + event(start="2025-02-29"),
        [
            "events.yaml:9:12: events[0].start: '2025-02-29' does not exist: February 2025 has 28 days"
        ],
    ),
    (
        "February 29 in 1900",
        HEAD + event(start="1900-02-29 12:00"),
        [
            "events.yaml:9:12: events[0].start: '1900-02-29 12:00' does not exist: February 1900 has 28 days"
        ],
    ),
    (
        "hour 24",
        HEAD + event(start="2025-10-28 24:00"),
        ["events.yaml:9:12: events[0].start: '2025-10-28 24:00': 24:00 is not a time"],
    ),
    (
        "minute 60",
        HEAD + event(start="2025-10-28 10:60"),
        ["events.yaml:9:12: events[0].start: '2025-10-28 10:60': 10:60 is not a time"],
    ),
    (
        "first day of the calendar, with a time",
        HEAD + event(start="0001-01-01 10:00"),
        [
            "events.yaml:9:12: events[0].start: '0001-01-01 10:00' is too close to the ends of the calendar: a time, and all of the day, month or year it names, must lie between 0001-01-02 and 9999-12-30 in UTC, so that it can be shown in every zone"
        ],
    ),
    (
        "last day of the calendar, with a time",
        HEAD + event(start="9999-12-31 10:00"),
        [
            "events.yaml:9:12: events[0].start: '9999-12-31 10:00' is too close to the ends of the calendar: a time, and all of the day, month or year it names, must lie between 0001-01-02 and 9999-12-30 in UTC, so that it can be shown in every zone"
        ],
    ),
    # -- EDTF: what is not level 0 or 1, or not as this version reads it
    (
        "EDTF mark on a time of day",
        HEAD + event(start="2025-10-28 10:40~"),
        [
            "events.yaml:9:12: events[0].start: '2025-10-28 10:40~': ?, ~ and % qualify a date, not a time of day: write the date with its mark (2025-10-28~), or keep the time and set approximate: true"
        ],
    ),
    (
        "EDTF interval in one field",
        HEAD + event(start="2025-10-28/2025-10-30"),
        [
            "events.yaml:9:12: events[0].start: '2025-10-28/2025-10-30': an interval goes in two fields: write its ends as start: 2025-10-28 and end: 2025-10-30"
        ],
    ),
    (
        "EDTF mark inside a date (level 2)",
        HEAD + event(start='"2025?-10-28"'),
        [
            "events.yaml:9:12: events[0].start: '2025?-10-28': a ?, ~ or % goes once, at the end of the date (2004-06?); marks inside a date are EDTF level 2, which this version does not read"
        ],
    ),
    (
        "EDTF X not at the end",
        HEAD + event(start="2025-X0-28"),
        [
            "events.yaml:9:12: events[0].start: '2025-X0-28': X stands for digits at the end of a date only (19XX, 2025-1X, 2025-11-XX)"
        ],
    ),
    (
        "EDTF X with a mark",
        HEAD + event(start='"19XX?"'),
        [
            "events.yaml:9:12: events[0].start: '19XX?': X digits are unknown already: write 19XX, or a date without X and its ?"
        ],
    ),
    (
        "EDTF season with a mark",
        HEAD + event(start="2025-23~"),
        [
            "events.yaml:9:12: events[0].start: '2025-23~': a season takes no day and no ?, ~ or % in EDTF level 1: write 2025-23, or the months with their marks as start and end"
        ],
    ),
    (
        "EDTF level 2 season",
        HEAD + event(start="2025-33"),
        [
            "events.yaml:9:12: events[0].start: '2025-33': season 33 is EDTF level 2, which this version does not read: write 21 (spring), 22 (summer), 23 (autumn) or 24 (winter), or the months themselves"
        ],
    ),
    (
        "EDTF long year without Y",
        HEAD + event(start="-13800000000-01"),
        [
            "events.yaml:9:12: events[0].start: '-13800000000-01': a year of five digits or more is written with a Y and alone: Y-13800000000"
        ],
    ),
    (
        "EDTF Y on a short year",
        HEAD + event(start="Y-489"),
        [
            "events.yaml:9:12: events[0].start: 'Y-489': Y marks a year of five digits or more; write -0489"
        ],
    ),
    (
        "EDTF no known digit",
        HEAD + event(start="XXXX"),
        [
            "events.yaml:9:12: events[0].start: 'XXXX': every digit of the year is unknown: give at least its first (1XXX)"
        ],
    ),
    (
        "EDTF day that no X allows",
        HEAD + event(start="2025-02-3X"),
        ["events.yaml:9:12: events[0].start: '2025-02-3X': no day of February matches 3X"],
    ),
    (
        "EDTF uncertain day that does not exist",
        HEAD + event(start='"2025-02-29?"'),
        [
            "events.yaml:9:12: events[0].start: '2025-02-29?' does not exist: February 2025 has 28 days"
        ],
    ),
    (
        "open start without an end",
        HEAD + event(start=".."),
        [
            "events.yaml:9:12: events[0].start: an open start (..) needs an end: give the end, or write when it started"
        ],
    ),
    (
        "end before start, uncertain dates that cannot meet",
        HEAD + event(start='"2025-10-28?"', end='"2025-10-25~"'),
        [
            "events.yaml:13:10: events[0].end: ends before it starts (2025-10-25~ is before 2025-10-28? in Asia/Tokyo)"
        ],
    ),
    (
        "follows an event that starts later",
        HEAD
        + event(follows="[later]")
        + event(id="later", start="2025-10-29").replace("  - id: tokyo-signing", "  - id: later"),
        [
            "events.yaml:13:15: events[0].follows[0]: follows 'later', which starts later (2025-10-29 in Asia/Tokyo) than this event can (2025-10-28T10:40:00+09:00 in Asia/Tokyo): correct one of the two times, or the relation (events[1].start: events.yaml:18:12)"
        ],
    ),
    # -- daylight saving, offsets
    (
        "time in a fold",
        HEAD + event(timezone="America/New_York", start="2025-11-02 01:30", place="{country: US}"),
        [
            "events.yaml:9:12: events[0].start: '2025-11-02 01:30' happens twice in America/New_York (daylight-saving change): add the offset to say which, 2025-11-02T01:30-04:00 (first) or 2025-11-02T01:30-05:00 (second)"
        ],
    ),
    (
        "offset of 24 hours",
        HEAD + event(start="2025-10-28T10:40+24:00"),
        [
            "events.yaml:9:12: events[0].start: '+24:00' is not an offset from UTC: hours go up to 23, minutes and seconds to 59"
        ],
    ),
    (
        "offset minutes 60",
        HEAD + event(start="2025-10-28T10:40+08:60"),
        [
            "events.yaml:9:12: events[0].start: '+08:60' is not an offset from UTC: hours go up to 23, minutes and seconds to 59"
        ],
    ),
    (
        "offset in a gap",
        HEAD
        + event(timezone="Europe/Berlin", start="2025-03-30T02:30+01:00", place="{country: DE}"),
        [
            "events.yaml:9:12: events[0].start: '2025-03-30T02:30+01:00': offset +01:00 contradicts Europe/Berlin, which is +02:00 at that moment; write the local time without an offset, or use Z for a UTC time"
        ],
    ),
    # -- references
    (
        "dangling part_of",
        HEAD + event(part_of="summit"),
        ["events.yaml:13:14: events[0].part_of: no event has the id 'summit'"],
    ),
    (
        "dangling responds_to",
        HEAD + event(responds_to="[tokyo-signin]"),
        [
            "events.yaml:13:19: events[0].responds_to[0]: no event has the id 'tokyo-signin' — did you mean 'tokyo-signing'?"
        ],
    ),
    (
        "follows itself",
        HEAD + event(follows="[tokyo-signing]"),
        ["events.yaml:13:15: events[0].follows[0]: an event cannot refer to itself in follows"],
    ),
    (
        "part_of cycle of three",
        HEAD
        + event(part_of="b")
        + event(id="b", part_of="c")
        + event(id="c", part_of="tokyo-signing"),
        [
            "events.yaml:13:14: events[0].part_of: part_of goes round in a circle: tokyo-signing → b → c → tokyo-signing"
        ],
    ),
    # -- hostile URLs
    (
        "url data",
        HEAD + event(sources='[{url: "data:text/html,<script>alert(1)</script>"}]'),
        [
            "events.yaml:12:21: events[0].sources[0].url: 'data:text/html,<script>alert(1)</script>' is not an http(s) URL; sources must be web addresses (other schemes such as javascript: or data: are refused)"
        ],
    ),
    (
        "url javascript with a space",
        HEAD + event(sources='[{url: " javascript:alert(1)"}]'),
        [
            "events.yaml:12:21: events[0].sources[0].url: ' javascript:alert(1)' is not an http(s) URL; sources must be web addresses (other schemes such as javascript: or data: are refused)"
        ],
    ),
    (
        "url javascript mixed case",
        HEAD + event(sources='[{url: "JaVaScRiPt:alert(1)"}]'),
        [
            "events.yaml:12:21: events[0].sources[0].url: 'JaVaScRiPt:alert(1)' is not an http(s) URL; sources must be web addresses (other schemes such as javascript: or data: are refused)"
        ],
    ),
    (
        "url javascript after a tab",
        HEAD + event(sources='[{url: "\\tjavascript:alert(1)"}]'),
        [
            "events.yaml:12:21: events[0].sources[0].url: '\\tjavascript:alert(1)' is not an http(s) URL; sources must be web addresses (other schemes such as javascript: or data: are refused)"
        ],
    ),
    (
        "url without host",
        HEAD + event(sources='[{url: "http:/x"}]'),
        [
            "events.yaml:12:21: events[0].sources[0].url: 'http:/x' is not an http(s) URL; sources must be web addresses (other schemes such as javascript: or data: are refused)"
        ],
    ),
    (
        "url empty host",
        HEAD + event(sources='[{url: "https://"}]'),
        [
            "events.yaml:12:21: events[0].sources[0].url: 'https://' is not an http(s) URL; sources must be web addresses (other schemes such as javascript: or data: are refused)"
        ],
    ),
    (
        "url three slashes",
        HEAD + event(sources='[{url: "https:///x"}]'),
        [
            "events.yaml:12:21: events[0].sources[0].url: 'https:///x' is not an http(s) URL; sources must be web addresses (other schemes such as javascript: or data: are refused)"
        ],
    ),
    (
        "url port only",
        HEAD + event(sources='[{url: "http://:80/x"}]'),
        [
            "events.yaml:12:21: events[0].sources[0].url: 'http://:80/x' is not an http(s) URL; sources must be web addresses (other schemes such as javascript: or data: are refused)"
        ],
    ),
    (
        "url no scheme",
        HEAD + event(sources='[{url: "//evil.example/x"}]'),
        [
            "events.yaml:12:21: events[0].sources[0].url: '//evil.example/x' is not an http(s) URL; sources must be web addresses (other schemes such as javascript: or data: are refused)"
        ],
    ),
    (
        "url ftp",
        HEAD + event(sources='[{url: "ftp://a.example/x"}]'),
        [
            "events.yaml:12:21: events[0].sources[0].url: 'ftp://a.example/x' is not an http(s) URL; sources must be web addresses (other schemes such as javascript: or data: are refused)"
        ],
    ),
    (
        "url file",
        HEAD + event(sources='[{url: "file:///etc/passwd"}]'),
        [
            "events.yaml:12:21: events[0].sources[0].url: 'file:///etc/passwd' is not an http(s) URL; sources must be web addresses (other schemes such as javascript: or data: are refused)"
        ],
    ),
    (
        "url with a tag",
        HEAD + event(sources='[{url: "https://a.example/\\"><script>alert(1)</script>"}]'),
        [
            "events.yaml:12:21: events[0].sources[0].url: 'https://a.example/\"><script>alert(1)</script>' contains '\"', which a URL holds only percent-encoded (%22)"
        ],
    ),
    (
        "url with an escape character",
        HEAD + event(sources='[{url: "https://a.example/\\e[2J"}]'),
        [
            "events.yaml:12:21: events[0].sources[0].url: 'https://a.example/\\x1b[2J' contains '\\x1b', which a URL holds only percent-encoded (%1B)"
        ],
    ),
    (
        "url with a space",
        HEAD + event(sources='[{url: "https://a.example/a b"}]'),
        [
            "events.yaml:12:21: events[0].sources[0].url: 'https://a.example/a b' contains white space"
        ],
    ),
    (
        "translation into the file's own language",
        HEAD + event(translations="{en: {title: Signing}}"),
        [
            "events.yaml:13:20: events[0].translations.en: a translation into 'en', the file's own language (language: en); the texts in that language are the fields themselves: remove this translation, or set the file's 'language' to the language its texts are written in"
        ],
    ),
    (
        "title translated into the file's own language",
        "language: de\ntranslations: {en: {title: Test}, de: {title: Test}}\n" + HEAD + event(),
        [
            "events.yaml:2:35: translations.de: a translation into 'de', the file's own language (language: de); the texts in that language are the fields themselves: remove this translation, or set the file's 'language' to the language its texts are written in"
        ],
    ),
    (
        "place translated into the file's own language",
        HEAD + event(place="{city: Tokyo, country: JP, translations: {en: {city: Tokyo}}}"),
        [
            "events.yaml:10:54: events[0].place.translations.en: a translation into 'en', the file's own language (language: en); the texts in that language are the fields themselves: remove this translation, or set the file's 'language' to the language its texts are written in"
        ],
    ),
    (
        "unknown field in a translation",
        HEAD + event(translations="{de: {titel: Unterzeichnung}}"),
        [
            "events.yaml:13:25: events[0].translations.de.titel: unknown field 'titel' — did you mean 'title'?"
        ],
    ),
    (
        "notes in a translation",
        HEAD + event(translations="{de: {notes: Notizen}}"),
        [
            "events.yaml:13:25: events[0].translations.de.notes: unknown field 'notes' — did you mean 'outcomes'?"
        ],
    ),
    (
        "unknown field in a place translation",
        HEAD + event(place="{city: Tokyo, country: JP, translations: {de: {stadt: Tokio}}}"),
        [
            "events.yaml:10:59: events[0].place.translations.de.stadt: unknown field 'stadt' (allowed: venue, city)"
        ],
    ),
    (
        "unknown field in the timeline's translation",
        "translations: {de: {beschreibung: Text}}\n" + HEAD + event(),
        [
            "events.yaml:1:21: translations.de.beschreibung: unknown field 'beschreibung' (allowed: title, description)"
        ],
    ),
    (
        "blank translated title",
        HEAD + event(translations="{de: {title: '   '}}"),
        ["events.yaml:13:32: events[0].translations.de.title: must not be empty"],
    ),
    (
        "blank translated outcome",
        HEAD + event(translations="{de: {outcomes: [Abkommen, '']}}"),
        ["events.yaml:13:46: events[0].translations.de.outcomes[1]: must not be empty"],
    ),
    (
        "empty translation",
        HEAD + event(translations="{de: {}}"),
        [
            "events.yaml:13:24: events[0].translations.de: an empty translation: give at least one of title, summary, outcomes, or leave the language out"
        ],
    ),
    (
        "translation keyed by a language name",
        HEAD + event(translations="{German: {title: Unterzeichnung}}"),
        [
            "events.yaml:13:20: events[0].translations.German: 'German' is not a language tag such as 'de', 'en' or 'pt-BR'"
        ],
    ),
    (
        "translation that is only text",
        HEAD + event(translations="{de: Unterzeichnung in Tokio}"),
        [
            "events.yaml:13:24: events[0].translations.de: expected a mapping (key: value lines), got text ('Unterzeichnung in Tokio')"
        ],
    ),
    (
        "translations as a list",
        HEAD + event(translations="[de]"),
        [
            "events.yaml:13:19: events[0].translations: expected a mapping (key: value lines), got a list"
        ],
    ),
    (
        "file language not a tag",
        "language: Deutsch\n" + HEAD + event(),
        [
            "events.yaml:1:11: language: 'Deutsch' is not a language tag such as 'de', 'en' or 'pt-BR'"
        ],
    ),
    (
        "url broken IPv6",
        HEAD + event(sources='[{url: "http://[::1/x"}]'),
        [
            "events.yaml:12:21: events[0].sources[0].url: 'http://[::1/x' is not a URL (Invalid IPv6 URL)"
        ],
    ),
    # -- the second attack round (issue 11)
    (
        "leap second",
        HEAD + event(start="2025-10-28 23:59:60"),
        [
            "events.yaml:9:12: events[0].start: '2025-10-28 23:59:60': leap seconds (23:59:60) are not supported; write 23:59:59"
        ],
    ),
    (
        "digits of another script in a time",
        HEAD + event(start="２０２５-10-28"),
        [
            "events.yaml:9:12: events[0].start: cannot read '２０２５-10-28' as a time: write its digits as 0-9 ('２' is U+FF12, fullwidth digit two)"
        ],
    ),
    (
        "url with a password",
        HEAD + event(sources='[{url: "https://user:secret@www.mofa.go.jp/a"}]'),
        [
            "events.yaml:12:21: events[0].sources[0].url: 'https://user:secret@www.mofa.go.jp/a' holds a user name or password (before the '@'); a source needs none, and what stands before '@' makes the address look like another site: it opens 'www.mofa.go.jp'"
        ],
    ),
    (
        "url that opens another site than it names",
        HEAD + event(sources='[{url: "https://www.mofa.go.jp@evil.example/a"}]'),
        [
            "events.yaml:12:21: events[0].sources[0].url: 'https://www.mofa.go.jp@evil.example/a' holds a user name or password (before the '@'); a source needs none, and what stands before '@' makes the address look like another site: it opens 'evil.example'"
        ],
    ),
    (
        "url with a right-to-left override",
        HEAD + event(sources='[{url: "https://www.mofa.go.jp/\\u202egnp.exe"}]'),
        [
            "events.yaml:12:21: events[0].sources[0].url: 'https://www.mofa.go.jp/\\u202egnp.exe' contains U+202E (right-to-left override), which reorders how the address reads (RFC 3987 forbids these bidirectional formatting characters in addresses); remove it"
        ],
    ),
    (
        "url with a zero-width space",
        HEAD + event(sources='[{url: "https://www.mo\\u200bfa.go.jp/a"}]'),
        [
            "events.yaml:12:21: events[0].sources[0].url: 'https://www.mo\\u200bfa.go.jp/a' contains U+200B (zero width space), which is invisible, so that the address reads as another; remove it"
        ],
    ),
    (
        "url with a non-character",
        HEAD + event(sources='[{url: "https://www.mofa.go.jp/\\uffff"}]'),
        [
            "events.yaml:12:21: events[0].sources[0].url: 'https://www.mofa.go.jp/\\uffff' contains U+FFFF, which is not a character (RFC 3987 allows none of these in addresses); remove it"
        ],
    ),
    (
        "url with port 99999",
        HEAD + event(sources='[{url: "https://www.mofa.go.jp:99999/a"}]'),
        [
            "events.yaml:12:21: events[0].sources[0].url: 'https://www.mofa.go.jp:99999/a' has the port '99999', which is none (ports are 1 to 65535)"
        ],
    ),
    *(
        (
            f"json with {what}, located all the same",
            json.dumps(
                {"events": [{"id": "a", "title": title, "kind": "meting", "timezone": "UTC"}]},
                indent=1,
                ensure_ascii=ascii_only,
            ),
            [
                "events.json:3:3: events[0].start: missing required field 'start'",
                "events.json:6:12: events[0].kind: unknown kind 'meting' — did you mean 'meeting'? Allowed kinds: signing, meeting, summit, dinner, state_visit, visit, ceremony, conference, announcement, report, other",
            ],
        )
        for what, title, ascii_only in [
            ("surrogate-pair escapes (json.dumps's way)", "rocket \U0001f680", True),
            ("a raw U+FFFF", "x \uffff y", False),
            ("raw U+2028 and U+0085 in a string", "a \u2028 b \x85 c", False),
        ]
    ),
]


def _file_name(case: str) -> str:
    return "events.json" if case.startswith("json") else "events.yaml"


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_reported_exactly(
    case: str, text: str, expected: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    name = _file_name(case)
    Path(name).write_text(text, encoding="utf-8")
    started = time.perf_counter()
    report = timeline.validate(name)
    assert [str(p) for p in report.errors] == expected
    assert not report.valid
    assert time.perf_counter() - started < 5, "bad input must be refused fast"


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_loads_raises_only_invalid_timeline(case: str, text: str, expected: list[str]) -> None:
    fmt = "json" if case.startswith("json") else "yaml"
    with pytest.raises(timeline.InvalidTimeline) as caught:
        timeline.loads(text, format=fmt, name=_file_name(case))
    assert [str(p) for p in caught.value.report.errors] == expected


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_the_command_line_says_the_same_and_exits_1(
    case: str, text: str, expected: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    name = _file_name(case)
    Path(name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", name])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert [line for line in lines if ": warning: " not in line][:-1] == expected
    assert lines[-1].startswith(f"{name}: {len(expected)} error")
    assert "Traceback" not in result.output


# -- inputs that cannot be read at all ------------------------------------------------------


def _write_bytes(data: bytes) -> Callable[[Path], str]:
    def setup(folder: Path) -> str:
        (folder / "events.yaml").write_bytes(data)
        return "events.yaml"

    return setup


def _a_folder(folder: Path) -> str:
    (folder / "events.yaml").mkdir()
    return "events.yaml"


UNREADABLE: list[tuple[str, Callable[[Path], str], str]] = [
    ("missing file", lambda folder: "nowhere.yaml", "nowhere.yaml: no such file"),
    ("a directory", _a_folder, "events.yaml: is a directory, not an events file"),
    (
        "binary",
        _write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        "events.yaml: contains NUL bytes; this looks like a binary file",
    ),
    (
        "invalid UTF-8",
        _write_bytes("events: []\ntitle: M\u00fcnchen\n".encode("latin-1")),
        "events.yaml:2:9: not valid UTF-8 (byte 0xfc); save the file as UTF-8",
    ),
    (
        "UTF-16",
        _write_bytes("events: []\n".encode("utf-16")),
        "events.yaml: the file is UTF-16 text; save it as UTF-8",
    ),
    (
        "UTF-32",
        _write_bytes("events: []\n".encode("utf-32")),
        "events.yaml: the file is UTF-32 text; save it as UTF-8",
    ),
    (
        "larger than the limit",
        _write_bytes(b"events: []\n" + b"# padding\n" * 20),
        "events.yaml: 211 bytes is larger than the limit of 200 bytes; split the file, or set "
        "TIMELINE_MAX_BYTES to a larger number of bytes",
    ),
]


@pytest.mark.parametrize(("case", "setup", "message"), UNREADABLE, ids=[c[0] for c in UNREADABLE])
def test_unreadable_input_is_refused_with_a_message(
    case: str,
    setup: Callable[[Path], str],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TIMELINE_MAX_BYTES", "200")
    name = setup(tmp_path)
    with pytest.raises(timeline.UnreadableInput) as caught:
        timeline.validate(name)
    assert str(caught.value) == message
    result = CliRunner().invoke(main, ["validate", name])
    assert (result.exit_code, result.stderr) == (1, f"timeline: error: {message}\n")


def test_the_size_limit_holds_for_text_and_for_devices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIMELINE_MAX_BYTES", "1000")
    with pytest.raises(timeline.UnreadableInput, match="larger than the limit of 1,000 bytes"):
        timeline.loads("events: []\n" + "#" * 1000)
    if Path("/dev/zero").exists():  # no size to look at first: read no more than the limit
        with pytest.raises(timeline.UnreadableInput) as caught:
            timeline.load("/dev/zero")
        assert str(caught.value) == (
            "/dev/zero: is larger than the limit of 1,000 bytes; split the file, or set "
            "TIMELINE_MAX_BYTES to a larger number of bytes"
        )


def test_the_size_limit_is_documented_and_can_be_set(monkeypatch: pytest.MonkeyPatch) -> None:
    assert MAX_BYTES == 128 * 2**20
    assert "TIMELINE_MAX_BYTES" in (Path(__file__).parents[1] / "SECURITY.md").read_text()
    monkeypatch.setenv("TIMELINE_MAX_BYTES", "many")
    with pytest.raises(timeline.UnreadableInput) as caught:
        timeline.loads("events: []\n")
    assert str(caught.value) == (
        "TIMELINE_MAX_BYTES='many' is not a size; give a number of bytes (e.g. 500000000)"
    )


def test_text_with_lone_surrogates_is_refused() -> None:
    with pytest.raises(timeline.UnreadableInput) as caught:
        timeline.loads("title: a\ud800\nevents: []\n")
    assert str(caught.value) == (
        "<string>:1:9: U+D800 is half of a UTF-16 surrogate pair, not a character"
    )


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
    tracemalloc.start()
    started = time.perf_counter()
    try:
        report = timeline.validate(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 5
    assert peak < 100 * 2**20, "a 100-million-value bomb must not be expanded"
    assert [str(p) for p in report.errors] == [
        "<string>:5:4: aliases expand to more than 1,000,000 values; write the values out or "
        "use fewer aliases"
    ]


def test_aliases_within_the_bound_are_fine() -> None:
    text = HEAD.replace("actors:", "x-source: &src {url: 'https://a.example'}\nactors:")
    text += event(sources="[*src, *src]")
    # an unknown top-level field, but the aliases themselves are read
    assert [p.code for p in timeline.validate(text).errors] == ["unknown-field"]


def test_nesting_at_the_limit_is_read_and_one_more_is_refused() -> None:
    def nested(depth: int) -> str:
        return "title: " + "[" * depth + "x" + "]" * depth + "\nevents: []\n"

    # inside the limit: read (title is then the wrong type)
    assert [p.code for p in timeline.validate(nested(MAX_DEPTH - 1)).errors] == ["string-type"]
    assert [p.code for p in timeline.validate(nested(MAX_DEPTH)).errors] == ["too-deep"]


def test_an_offset_picks_one_side_of_a_fold() -> None:
    """The documented way to write a wall time that happens twice (see times.py)."""
    zone = dict(timezone="America/New_York", place="{country: US}")
    first = timeline.loads(HEAD + event(start="2025-11-02T01:30-04:00", **zone))
    second = timeline.loads(HEAD + event(start="2025-11-02T01:30-05:00", **zone))
    times = [t["tokyo-signing"].start.instant.isoformat() for t in (first, second)]
    assert times == ["2025-11-02T05:30:00+00:00", "2025-11-02T06:30:00+00:00"]


# -- real processes: nothing crashes the interpreter, nothing prints a traceback -------------


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "timeline", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("case", "text"),
    [
        ("deep flow nesting", "events: " + "[" * DEEP),
        ("deep block nesting", "events:\n" + "- " * DEEP + "x\n"),
        ("json deep nesting", '{"events": ' + "[" * DEEP + "]" * DEEP + "}"),
        ("control character", "title: \x1b]0;pwned\x07\nevents: []\n"),
    ],
)
def test_a_real_process_exits_1_without_a_traceback(case: str, text: str, tmp_path: Path) -> None:
    path = tmp_path / _file_name(case)
    path.write_text(text, encoding="utf-8")
    result = _run("validate", str(path))
    assert result.returncode == 1, result.stderr  # not -11: no segmentation fault
    assert "Traceback" not in result.stderr
    assert not {"\x1b", "\x07"} & set(result.stderr)
    assert result.stderr.startswith(f"{path}:")


@pytest.mark.slow
def test_a_closed_pipe_ends_the_command_quietly(tmp_path: Path) -> None:
    many = HEAD + "".join(event(id=f"e-{i}") for i in range(400))
    (tmp_path / "events.yaml").write_text(many, encoding="utf-8")
    command = [sys.executable, "-m", "timeline", "export", str(tmp_path / "events.yaml")]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.read(10)
        process.stdout.close()  # as `| head -c 10` does
        error = process.stderr.read().decode()
        returncode = process.wait(timeout=120)
    assert returncode in (0, 1)
    assert error == ""


# -- caps on what is kept: a problem in every value ------------------------------------------


def _wrong_everywhere(count: int) -> str:
    """An events list of ``count`` numbers: 2 bytes and one problem each."""
    return "events: [" + ",".join(["1"] * count) + "]\n"


def test_a_wrong_value_in_every_event_lists_the_first_problems_and_counts_the_rest(
    tmp_path: Path,
) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(_wrong_everywhere(3000), encoding="utf-8")
    report = timeline.validate(path)
    assert (len(report.errors), report.error_count, report.more_errors) == (1000, 3000, 2000)
    assert report.errors[-1].path == ("events", 999)  # the first ones in the file
    result = CliRunner().invoke(main, ["validate", str(path), "--max-problems", "3"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:1:10: events[0]: expected a mapping (key: value lines), got a number (1)",
        f"{path}:1:12: events[1]: expected a mapping (key: value lines), got a number (1)",
        f"{path}:1:14: events[2]: expected a mapping (key: value lines), got a number (1)",
        f"{path}: … and 2997 more not listed (--max-problems 0 lists every one)",
        f"{path}: 3000 errors, 0 warnings",
    ]


@pytest.mark.parametrize("command", ["render", "export", "list", "import"])
def test_every_command_that_prints_problems_caps_them(command: str, tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(_wrong_everywhere(50), encoding="utf-8")
    args = {
        "render": ["render", str(path), "-o", str(tmp_path / "c.json")],
        "export": ["export", str(path)],
        "list": ["list", str(path)],
        "import": ["import", str(tmp_path / "e.csv"), "-o", "-", "--timezone", "UTC"],
    }[command]
    if command == "import":
        rows = "".join(f"e{i},E,meting,UTC,2025-10-28\n" for i in range(50))
        (tmp_path / "e.csv").write_text("id,title,kind,timezone,start\n" + rows, encoding="utf-8")
    result = CliRunner().invoke(main, [*args, "--max-problems", "2"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 4, lines
    if command == "import":  # each bad row is skipped (a warning), and nothing left (an error)
        assert lines[0].endswith(
            "nothing to import: 50 of 50 rows skipped, each for the reason given"
        )
        assert lines[-2].endswith(": … and 49 more not listed (--max-problems 0 lists every one)")
        assert lines[-1].endswith(": 1 error, 50 warnings")
        return
    assert lines[-2].endswith(": … and 48 more not listed (--max-problems 0 lists every one)")
    assert lines[-1].endswith(": 50 errors, 0 warnings")


def test_max_problems_0_lists_every_one_also_as_json(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(_wrong_everywhere(1500), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path), "--json", "--max-problems", "0"])
    found = json.loads(result.stdout)
    assert (len(found["errors"]), found["error_count"]) == (1500, 1500)
    assert found == timeline.validate(path, max_problems=None).to_dict()
    capped = json.loads(CliRunner().invoke(main, ["validate", str(path), "--json"]).stdout)
    assert (len(capped["errors"]), capped["error_count"]) == (1000, 1500)


def test_the_problems_listed_are_the_first_in_the_file_whenever_found() -> None:
    """A duplicate id is found after every event is read; it is still listed first."""
    text = HEAD + event(id="same") + event(id="same") + "  - 1\n" * 10
    report = timeline.validate(text, max_problems=3)
    assert [p.code for p in report.errors] == ["duplicate-id", "model-type", "model-type"]
    assert (report.error_count, report.more_errors) == (11, 8)
    assert str(report).endswith("<string>: … and 8 more not listed")


def test_many_bad_actors_are_capped_too() -> None:
    actors = "".join(f"  a{i}: 1\n" for i in range(2000))
    report = timeline.validate(f"actors:\n{actors}events: []\n", max_problems=10)
    assert (len(report.errors), report.error_count) == (10, 2000)
    assert [p.path for p in report.errors[:2]] == [("actors", "a0"), ("actors", "a1")]


# -- patterns that check a whole value --------------------------------------------------------

_PATTERN_CALLS = {"compile", "match", "search", "fullmatch", "sub", "subn", "split", "finditer"}


def _patterns_in_the_package() -> list[tuple[str, int, str, bool]]:
    """Every regular expression written in ``timeline/`` and handed to Python's ``re``:
    (file, line, pattern, whether it is MULTILINE)."""
    import ast

    found = []
    for path in sorted((Path(timeline.__file__).parent).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in _PATTERN_CALLS
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.args
            ):
                continue
            first = node.args[0]
            parts = [first] if isinstance(first, ast.Constant) else getattr(first, "values", [])
            text = "".join(
                p.value for p in parts if isinstance(p, ast.Constant) and isinstance(p.value, str)
            )
            flags = ast.unparse(node.args[-1]) if len(node.args) > 1 else ""
            flags += "".join(ast.unparse(k.value) for k in node.keywords)
            found.append((path.name, node.lineno, text, "MULTILINE" in flags))
    return found


def _ends_at_a_line_break(pattern: str) -> bool:
    """Whether ``pattern`` holds a ``$`` anchor (not escaped, not in a character class)."""
    escaped = in_class = False
    for character in pattern:
        if escaped:
            escaped = False
        elif character == "\\":
            escaped = True
        elif character == "[":
            in_class = True
        elif character == "]":
            in_class = False
        elif character == "$" and not in_class:
            return True
    return False


def test_no_pattern_in_the_package_lets_a_value_end_in_a_line_break() -> None:
    """``$`` also matches before a final line break, so ``id: "abc\\n"`` passed an id check
    written with it; whole values are matched with ``fullmatch`` or ``\\Z``."""
    patterns = _patterns_in_the_package()
    assert len(patterns) > 30  # the scan finds them
    assert any(_ends_at_a_line_break(p) for p in ("^a$", r"(x|y)$"))  # and would see a `$`
    anchored = [
        f"{name}:{line}: {pattern!r}"
        for name, line, pattern, multiline in patterns
        if _ends_at_a_line_break(pattern) and not multiline
    ]
    assert anchored == []
    # pydantic's ``pattern`` (the language tags) runs in Rust's regex, where ``$`` ends the text
    from timeline.core.models import Source

    assert Source.model_config.get("regex_engine", "rust-regex") == "rust-regex"
    with pytest.raises(ValueError, match="language"):
        Source.model_validate({"url": "https://a.example/", "language": "de\n"})


# -- numbers that are no numbers ---------------------------------------------------------------


def test_digits_of_another_script_are_refused_by_the_check_and_by_the_schema() -> None:
    import jsonschema

    checker = jsonschema.Draft202012Validator(timeline.schema())
    for start in ("２０２５-10-28", "٢٠٢٥-10-28", "2025-10-28 １０:40"):
        data = {"events": [{"id": "a", "title": "A", "kind": "other", "timezone": "UTC"}]}
        data["events"][0]["start"] = start
        assert not checker.is_valid(data), start
        codes = [p.code for p in timeline.validate(json.dumps(data), format="json").errors]
        assert codes == ["time-format"], start
    assert checker.is_valid({**data, "events": [{**data["events"][0], "start": "2025-10-28"}]})


@pytest.mark.parametrize("setting", ["99999999999999999999999", str(2**63)])
def test_a_size_limit_beyond_any_memory_reads_files_as_usual(
    setting: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TIMELINE_MAX_BYTES", setting)
    path = tmp_path / "events.yaml"
    path.write_text(HEAD + GOOD, encoding="utf-8")
    assert timeline.validate(path).valid
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert (result.exit_code, result.stderr) == (0, "")


@pytest.mark.parametrize("setting", ["²", "١٠٠٠"])
def test_a_size_limit_that_is_no_number_of_bytes_is_refused(
    setting: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIMELINE_MAX_BYTES", setting)
    result = CliRunner().invoke(main, ["validate", "-"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"timeline: error: TIMELINE_MAX_BYTES={setting!r} is not a size; give a number of bytes "
        "(e.g. 500000000)\n"
    )


# -- addresses ---------------------------------------------------------------------------------


def test_an_upper_case_scheme_is_written_in_lower_case_so_the_page_opens_it(
    tmp_path: Path,
) -> None:
    loaded = timeline.loads(HEAD + event(sources='[{url: "HTTPS://www.mofa.go.jp/a"}]'))
    assert loaded["tokyo-signing"].sources[0].url == "https://www.mofa.go.jp/a"
    page = timeline.render(loaded, tmp_path / "c.html").read_text(encoding="utf-8")
    assert "/^https?:\\/\\//i.test(url)" in page  # the click handler's test (page.js)
    assert '"url":"https://www.mofa.go.jp/a"' in page.replace(" ", "")


def test_a_host_in_other_scripts_or_with_look_alike_dots_is_a_warning() -> None:
    text = HEAD + event(
        sources='[{url: "https://www.mofa\\uff0ego.jp/a"}, {url: "https://www.m\\u043efa.go.jp/"}]'
    )
    report = timeline.validate(text)
    assert report.valid
    assert [str(p) for p in report.warnings] == [
        "<string>:12:21: warning: events[0].sources[0].url: the host 'www.mofa．go.jp' holds "
        "characters other than ASCII, which browsers send as 'www.mofa.go.jp'; '．' (U+FF0E, "
        "full-width dot) is read as '.': write '.'",
        "<string>:12:61: warning: events[0].sources[1].url: the host 'www.mоfa.go.jp' holds "
        "characters other than ASCII, which browsers send as 'www.xn--mfa-sed.go.jp'; check "
        "that it is the site meant, since letters of other scripts can look like Latin ones",
    ]


def test_json_lines_text_with_a_line_separator_inside_a_string_is_one_line() -> None:
    line = json.dumps(
        {"id": "a", "title": "a\u2028b\x85c", "kind": "other", "timezone": "UTC", "start": "2025"},
        ensure_ascii=False,
    )
    loaded = timeline.loads(line + "\n", format="jsonl")
    assert loaded["a"].title == "a\u2028b\x85c"
