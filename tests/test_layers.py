"""The package is a pipeline in layers you can see in the folder listing, kept so by checks.

The layer contracts are import-linter's, in ``pyproject.toml``; this file runs them, and checks
what import-linter cannot: that no module reaches into another's ``_private`` names.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "timeline"


def test_the_layer_contracts_hold() -> None:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_folders_are_the_layers() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == {"core", "read", "view", "output", "formats", "data"}
    loose = {p.name for p in PACKAGE.glob("*.py")}
    assert loose == {"__init__.py", "__main__.py", "api.py", "cli.py"}


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_uses(source: str) -> list[str]:
    """Each ``from x import _name``, and each ``x._name`` where ``x`` was imported."""
    tree = ast.parse(source)
    imported: set[str] = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if _private(alias.name):
                    found.append(
                        f"line {node.lineno}: from {node.module or '.'} import {alias.name}"
                    )
                imported.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            imported.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in imported
            and _private(node.attr)
        ):
            found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
    return found


@pytest.mark.parametrize(
    "module", sorted(str(p.relative_to(ROOT)) for p in PACKAGE.rglob("*.py")), ids=str
)
def test_no_module_uses_another_modules_private_names(module: str) -> None:
    assert private_uses((ROOT / module).read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("from .parse import _parse_json\n", ["line 1: from parse import _parse_json"]),
        ("from . import chart\nchart._groups(1)\n", ["line 2: chart._groups"]),
        ("import os\nos._exit(0)\n", ["line 2: os._exit"]),
        ("from .x import __version__\nclass A:\n    def f(self): self._y = 1\n", []),
    ],
)
def test_the_private_name_check_finds_what_it_should(source: str, found: list[str]) -> None:
    assert private_uses(source) == found
