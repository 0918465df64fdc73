"""The public API is curated: what `timeline` exports is pinned here (httpx's way)."""

from __future__ import annotations

import pytest

import timeline

from .conftest import ROOT


def test_exported_members() -> None:
    assert timeline.__all__ == sorted(timeline.__all__)
    assert set(timeline.__all__) == {
        "Actor",
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
        "export",
        "export_with_notes",
        "format_table",
        "import_events",
        "load",
        "loads",
        "render",
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
