"""The public API is curated: what `timeline` exports is pinned here (httpx's way)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import timeline

from .conftest import ROOT


def test_exported_members() -> None:
    assert timeline.__all__ == sorted(timeline.__all__)
    assert set(timeline.__all__) == {
        "Actor",
        "Claim",
        "Confidence",
        "Diff",
        "Event",
        "InvalidTimeline",
        "Kind",
        "OutputError",
        "Place",
        "Precision",
        "Problem",
        "Relation",
        "Report",
        "Source",
        "TimePoint",
        "Timeline",
        "TimelineError",
        "TimelineFile",
        "UnknownOption",
        "UnreadableInput",
        "UnsupportedFormat",
        "UnsupportedLanguage",
        "__version__",
        "bundled_events",
        "chart",
        "diff",
        "export",
        "export_with_notes",
        "format_table",
        "from_table",
        "import_events",
        "load",
        "loads",
        "render",
        "render_file",
        "schema",
        "validate",
    }
    for name in timeline.__all__:
        assert hasattr(timeline, name), name


def test_one_base_error() -> None:
    for error in (
        timeline.InvalidTimeline,
        timeline.UnknownOption,
        timeline.UnreadableInput,
        timeline.UnsupportedFormat,
        timeline.UnsupportedLanguage,
        timeline.OutputError,
    ):
        assert issubclass(error, timeline.TimelineError)
    assert issubclass(timeline.TimelineError, ValueError)


def test_typed_package() -> None:
    assert (ROOT / "timeline" / "py.typed").exists()


def test_report_object() -> None:
    report = timeline.validate(timeline.bundled_events())
    assert (report.valid, report.errors, report.warnings) == (True, (), ())


def test_an_unknown_input_format_names_the_ones_read() -> None:
    with pytest.raises(timeline.UnreadableInput) as caught:
        timeline.loads("events: []", format="xml")
    assert str(caught.value) == "<string>: cannot read format 'xml'; use yaml, json or jsonl"


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def test_the_error_tree_in_the_docstring_names_every_error() -> None:
    import importlib
    import pkgutil

    from timeline.core import errors

    for module in pkgutil.walk_packages(timeline.__path__, "timeline."):
        if not module.name.endswith("__main__"):  # that one runs the command
            importlib.import_module(module.name)
    tree = errors.__doc__ or ""
    for error in _subclasses(timeline.TimelineError) | {timeline.TimelineError}:
        assert f" {error.__name__}" in tree, error.__name__


BAD_CALLS = {
    "unknown zone": lambda t: timeline.render(t, "c.json", tz="Mars/Olympus"),
    "unknown grouping": lambda t: timeline.render(t, "c.json", group_by="mood"),
    "unknown colouring": lambda t: t.chart(color_by="mood"),
    "unknown language": lambda t: timeline.render(t, "c.json", lang="fr"),
    "unknown theme": lambda t: t.chart(theme="sepia"),
    "unknown suffix": lambda t: timeline.render(t, "c.docx"),
    "unknown export": lambda t: timeline.export(t, "xml"),
    "unknown kind": lambda t: t.filter(kind="party"),
    "unreadable date": lambda t: t.filter(start="soon"),
    "zone of a filter": lambda t: t.filter(start="2025-01-01", tz="Europe/Berlinn"),
    "missing file": lambda t: timeline.load("no-such-file.yaml"),
    "directory": lambda t: timeline.load("."),
    "import format": lambda t: timeline.import_events("x.docx"),
    "import zone": lambda t: timeline.import_events("x.ics", timezone="Nowhere/Town"),
}


@pytest.mark.parametrize("call", BAD_CALLS.values(), ids=BAD_CALLS.keys())
def test_public_functions_raise_only_timeline_errors(
    call: Callable[[timeline.Timeline], object],
    bundled: timeline.Timeline,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(timeline.TimelineError):
        call(bundled)
    assert not list(tmp_path.iterdir())


def test_problem_codes_are_one_closed_list_documented_in_the_readme() -> None:
    from timeline.core.errors import CODES

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Problem codes", 1)[1].split("\n## ", 1)[0]
    documented = [code for code in CODES if f"`{code}`" in section]
    assert documented == list(CODES)
    assert len(set(CODES)) == len(CODES)
