"""Fuzzing: whatever the input, only ``TimelineError`` leaves the library, and the command line
exits 0 or 1 with a message and never a traceback.

Three kinds of input: arbitrary text (and bytes), arbitrary YAML-shaped data written out as
YAML and JSON (alone and in the places of an event's fields), and the bundled events.yaml with
lines deleted, duplicated or swapped and characters changed. Whatever loads must also export,
chart and print safely.

Hostile text (control characters, non-characters, line and paragraph separators, bidi
overrides, astral characters written as surrogate-pair escapes, lone surrogate escapes) goes
into every text field of a file, which must load, export, chart, print, and draw as HTML, PNG
and SVG.

The default profile runs a few dozen examples of each (and draws three pictures); for
thousands::

    HYPOTHESIS_PROFILE=fuzz pytest -m fuzz
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import timeline
from timeline.cli import main
from timeline.output.render import drawable, spec_to
from timeline.read.yaml_reader import compose

pytestmark = pytest.mark.fuzz

BUNDLED = timeline.bundled_events().read_text(encoding="utf-8")
LINES = BUNDLED.splitlines(keepends=True)
SLOW_DATA = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Characters that mean something to YAML, JSON, the time parser or a terminal.
SPECIAL = [
    *"[]{}:,-?&*!|>'\"%@`#\\\t\n\r ~.+0123456789TZ",
    "\x00",
    "\x1b",
    "\x85",
    "\u2028",
    "\u202e",
    "\ufeff",
    "\ud800",
]


def survives(call: Callable[[], Any]) -> Any:
    """``call()``, or ``None`` if it raised a ``TimelineError``: nothing else may escape."""
    try:
        return call()
    except timeline.TimelineError:
        return None


def outputs_work(loaded: timeline.Timeline) -> None:
    """A timeline that loaded exports, loads back, charts and prints without trouble."""
    assert timeline.loads(loaded.to_json(), format="json") == loaded
    loaded.chart().to_dict()
    table = timeline.format_table(loaded)
    assert not {"\x1b", "\x07", "\r", "\u202e"} & set(table)


# -- arbitrary text --------------------------------------------------------------------------

any_text = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=300)
TOKENS = [*SPECIAL, "a", "events", "id", "title", "start", "\n  - ", ": ", "2025-10-28 10:40"]
structural_text = st.lists(st.sampled_from(TOKENS), max_size=120).map("".join)


FORMATS = st.sampled_from(["yaml", "json", "jsonl"])


@given(text=st.one_of(any_text, structural_text), fmt=FORMATS)
def test_arbitrary_text(text: str, fmt: str) -> None:
    loaded = survives(lambda: timeline.loads(text, format=fmt))
    if loaded is not None:
        outputs_work(loaded)
    report = survives(lambda: timeline.validate(text if "\n" in text else text + "\n"))
    assert report is None or isinstance(report, timeline.Report)


@given(raw=st.binary(max_size=300), fmt=FORMATS)
def test_arbitrary_bytes(raw: bytes, fmt: str) -> None:
    survives(lambda: timeline.loads(raw, format=fmt))


# -- arbitrary YAML-shaped data --------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(["2025-10-28 10:40", "2025-02-30", "NO", "Asia/Tokyo", "signing", "0001"]),
)
data = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
GOOD_EVENT = {
    "id": "tokyo-signing",
    "title": "Signing in Tokyo",
    "kind": "signing",
    "timezone": "Asia/Tokyo",
    "start": "2025-10-28 10:40",
    "place": {"city": "Tokyo", "country": "JP"},
    "sources": [{"url": "https://www.mofa.go.jp/a"}],
}
FIELDS = [*timeline.Event.model_fields, "place.country", "sources.url", "extra"]


@st.composite
def event_like(draw: st.DrawFn) -> dict[str, Any]:
    """The good event with some fields replaced by arbitrary data."""
    event: dict[str, Any] = json.loads(json.dumps(GOOD_EVENT))
    for field in draw(st.lists(st.sampled_from(FIELDS), max_size=4)):
        value = draw(data)
        if field == "place.country":
            event["place"] = {"country": value}
        elif field == "sources.url":
            event["sources"] = [{"url": value}]
        else:
            event[field] = value
    return event


documents = st.one_of(
    data,
    st.fixed_dictionaries({"events": data}),
    st.fixed_dictionaries(
        {"events": st.lists(event_like(), max_size=3)},
        optional={"title": data, "actors": data, "description": data},
    ),
)


def _written(document: Any, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False)
    if fmt == "jsonl":  # a header line, then one event a line
        header = dict(document) if isinstance(document, dict) else document
        events = header.pop("events", []) if isinstance(header, dict) else []
        lines = [header, *(events if isinstance(events, list) else [events])]
        return "\n".join(json.dumps(line, ensure_ascii=False) for line in lines)
    return yaml.safe_dump(document, allow_unicode=True)


@SLOW_DATA
@given(document=documents, fmt=FORMATS)
def test_arbitrary_structures(document: Any, fmt: str) -> None:
    text = _written(document, fmt)
    loaded = survives(lambda: timeline.loads(text, format=fmt))
    if loaded is not None:
        outputs_work(loaded)


@SLOW_DATA
@given(document=data)
def test_our_composer_builds_what_pyyaml_builds(document: Any) -> None:
    text = yaml.safe_dump(document, allow_unicode=True)
    assert _tree(compose(text, "<string>")) == _tree(yaml.compose(text, Loader=yaml.SafeLoader))


def _tree(node: yaml.Node | None) -> Any:
    if node is None:
        return None
    where = (node.start_mark.line, node.start_mark.column, node.end_mark.line, node.tag)
    if isinstance(node, yaml.ScalarNode):
        return (*where, node.value, node.style or None)
    if isinstance(node, yaml.SequenceNode):
        return (*where, [_tree(item) for item in node.value])
    return (*where, [(_tree(k), _tree(v)) for k, v in node.value])


# -- the bundled file, mutated ---------------------------------------------------------------


@st.composite
def mutated(draw: st.DrawFn) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["delete", "duplicate", "swap values", "change", "insert"]))
        if how == "delete":
            del lines[at]
        elif how == "duplicate":
            lines.insert(at, lines[at])
        elif how == "swap values":
            other = draw(st.integers(0, len(lines) - 1))
            (a_key, a_sep, a_value), (b_key, b_sep, b_value) = (
                lines[at].partition(": "),
                lines[other].partition(": "),
            )
            if a_sep and b_sep:
                lines[at] = a_key + a_sep + b_value
                lines[other] = b_key + b_sep + a_value
        elif how == "change" and lines[at]:
            column = draw(st.integers(0, len(lines[at]) - 1))
            character = draw(st.sampled_from(SPECIAL) | st.characters(codec="utf-8"))
            lines[at] = lines[at][:column] + character + lines[at][column + 1 :]
        else:
            lines.insert(at, draw(structural_text) + "\n")
        if not lines:
            break
    return "".join(lines)


@SLOW_DATA
@given(text=mutated())
def test_mutations_of_the_bundled_file(text: str) -> None:
    loaded = survives(lambda: timeline.loads(text))
    if loaded is not None:
        outputs_work(loaded)
        assert "<" not in str(spec_to(loaded.chart().to_dict(), "json"))


@SLOW_DATA
@given(text=mutated())
def test_our_composer_agrees_on_mutated_files(text: str) -> None:
    try:
        expected = _tree(yaml.compose(text, Loader=yaml.CSafeLoader))
    except (yaml.YAMLError, UnicodeEncodeError) as exc:  # (a lone surrogate: loads refuses it)
        expected = type(exc)
    try:
        found = _tree(compose(text, "<string>"))
    except (yaml.YAMLError, UnicodeEncodeError) as exc:
        found = type(exc)
    assert found == expected


# -- hostile text in every text field, drawn as every picture ---------------------------------

CONTROLS = [
    *(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"),
    *"\x7f\x85\x9b\ufffe\uffff\u2028\u2029\u202e\u200b\ufeff",
    "\U0001f680",  # written as the surrogate-pair escape \ud83d\ude80 in JSON
]
hostile_text = (
    st.lists(
        st.one_of(st.sampled_from(CONTROLS), st.text(st.characters(codec="utf-8"), max_size=4)),
        min_size=1,
        max_size=8,
    )
    .map("".join)
    .map(lambda text: f"x{text}x")  # never only white space, which a text field refuses
)


@st.composite
def hostile_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid file with hostile text in every field that holds text."""

    def text() -> str:
        return draw(hostile_text)

    event = {
        **GOOD_EVENT,
        "title": text(),
        "summary": text(),
        "notes": text(),
        "outcomes": [text()],
        "place": {
            "venue": text(),
            "city": text(),
            "country": "JP",
            "translations": {"de": {"city": text()}},
        },
        "participants": ["a"],
        "sources": [{"url": "https://www.mofa.go.jp/a", "publisher": text(), "title": text()}],
        "translations": {"de": {"title": text(), "summary": text(), "outcomes": [text()]}},
    }
    return {
        "title": text(),
        "description": text(),
        "translations": {"de": {"title": text(), "description": text()}},
        "actors": {"a": {"name": text(), "role": text(), "country": "JP"}},
        "events": [event],
    }


LONE_SURROGATE = '"x\\udc80'  # an escape no text can hold, in the first text of the file
HOSTILE = max(12, settings.default.max_examples // 5)
"""Examples of hostile files: each is charted (a quarter of a second), so fewer than of the
other properties (12 by default, 1,000 in the fuzz run)."""


@settings(SLOW_DATA, max_examples=HOSTILE)
@given(document=hostile_documents(), fmt=st.sampled_from(["json", "yaml"]), lone=st.booleans())
def test_hostile_text_in_every_text_field(document: dict[str, Any], fmt: str, lone: bool) -> None:
    if fmt == "json":  # ASCII only: astral characters as surrogate-pair escapes
        text = json.dumps(document, ensure_ascii=True)
        text = text.replace('"x', LONE_SURROGATE, 1) if lone else text
    else:
        text = yaml.safe_dump(document, allow_unicode=False)  # escapes in double quotes
    loaded = survives(lambda: timeline.loads(text, format=fmt))
    if fmt == "json" and lone:
        assert loaded is None  # refused, with a message
        return
    assert loaded is not None  # hostile text is still text
    assert timeline.loads(loaded.to_json(), format="json") == loaded
    assert not {"\x1b", "\x07", "\r", "\u202e"} & set(timeline.format_table(loaded))
    spec = loaded.chart(group_by="actor").to_dict(validate=False)
    page = str(spec_to(spec, "html"))
    data = page.split('<script type="application/json" class="tl-data">', 1)[1]
    assert "<" not in data.split("</script>", 1)[0]  # no text of it can end its element
    assert not {"\x07", "\ufffe"} & set(json.dumps(drawable(spec), ensure_ascii=False))


PICTURES = max(3, settings.default.max_examples // 20)
"""Examples drawn as pictures: each takes seconds (three by default, 250 in the fuzz run)."""


@settings(SLOW_DATA, max_examples=PICTURES)
@given(document=hostile_documents(), group_by=st.sampled_from(["kind", "actor"]))
def test_hostile_text_is_drawn_as_png_and_svg(document: dict[str, Any], group_by: str) -> None:
    loaded = timeline.loads(json.dumps(document), format="json")
    spec = loaded.chart(group_by=group_by).to_dict()
    assert spec_to(spec, "png")[:8] == b"\x89PNG\r\n\x1a\n"  # vl-convert panicked here (exit 134)
    assert str(spec_to(spec, "svg")).startswith("<svg")


# -- the command line ------------------------------------------------------------------------


RENDERED = ["json", "html", *(["png", "svg"] if settings.default.max_examples >= 1000 else [])]
"""What the command renders to: pictures (seconds each) in the fuzz run only."""


@SLOW_DATA
@given(
    text=st.one_of(mutated(), structural_text, documents.map(lambda d: _written(d, "yaml"))),
    command=st.sampled_from(
        [
            ["validate"],
            ["validate", "--json"],
            ["list"],
            ["export"],
            *(["render", "-o", f"chart.{suffix}"] for suffix in RENDERED),
        ]
    ),
)
def test_the_command_line_exits_0_or_1_with_a_message(
    text: str, command: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "events.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    if command[0] == "render":
        command = [*command[:2], str(folder / command[2])]
    result = CliRunner().invoke(main, [*command, str(path)])
    if command[-1].endswith(".json") and result.exit_code == 0:
        assert "<" not in (folder / "chart.json").read_text(encoding="utf-8")
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        assert result.stderr.strip() or command == ["validate", "--json"]
        assert "internal error" not in result.stderr
    assert not {"\x1b", "\x07", "\u202e"} & set(result.stderr)


def test_the_fuzz_profile_is_registered() -> None:
    assert settings.get_profile("fuzz").max_examples >= 1000
    assert Path(__file__).name in (Path(__file__).parents[1] / "SECURITY.md").read_text()
