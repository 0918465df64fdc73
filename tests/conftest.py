from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import timeline

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

settings.register_profile("default", max_examples=60, deadline=None)
settings.register_profile(
    "fuzz", max_examples=5000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def bundled() -> timeline.Timeline:
    return timeline.load(timeline.bundled_events())


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write text to a file in a fresh folder and return its path."""

    def _write(text: str, name: str = "events.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write
