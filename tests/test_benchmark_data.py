"""The benchmark's synthetic events are valid however the zones' clocks change."""

from __future__ import annotations

import datetime as dt
import json
import sys

import pytest

import timeline
from timeline.core.times import parse_time

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import document, wall_time


@pytest.mark.parametrize(
    ("moment", "zone", "written"),
    [
        # Kazakhstan moved from +06:00 to +05:00 at 24:00 on 29 February 2024: 23:30 happened
        # twice. The 1M-event benchmark file once held it without an offset.
        (dt.datetime(2024, 2, 29, 23, 30), "Asia/Almaty", "2024-02-29T23:30+06:00"),
        (dt.datetime(2025, 3, 30, 2, 30), "Europe/Berlin", "2025-03-30 03:30"),  # skipped hour
        (dt.datetime(2025, 10, 28, 10, 40), "Asia/Tokyo", "2025-10-28 10:40"),
    ],
)
def test_wall_time_is_always_readable(moment: dt.datetime, zone: str, written: str) -> None:
    assert wall_time(moment, zone) == written
    parse_time(written, zone)  # raises if the time is skipped or ambiguous


def test_generated_events_load() -> None:
    loaded = timeline.loads(json.dumps(document(2000, seed=11)), format="json")
    assert len(loaded) == 2000
