"""Lint, format and type checks are part of the suite, so CI and people run the same checks."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "timeline", "tests", "examples", "benchmarks"],
        ["ruff", "format", "--check", "timeline", "tests", "examples", "benchmarks"],
        ["mypy", "timeline"],
    ],
    ids=["ruff-check", "ruff-format", "mypy-strict"],
)
def test_tool(command: list[str]) -> None:
    paths = [c for c in command[2:] if not (ROOT / c).exists() and c[0] != "-"]
    args = [c for c in command if c not in paths]
    result = subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
