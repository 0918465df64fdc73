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
    assert folders == {"core", "read", "view", "output", "engine", "formats", "data"}
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


HEAVY = ("altair", "polars", "vl_convert", "babel", "duckdb", "ibis", "pyspark", "pyarrow")
"""Libraries these commands never need: the chart's, and the engine's (for tables only)."""
QUICK_COMMANDS = {
    "validate": ["validate", "{events}"],
    "schema": ["schema"],
    "list": ["list", "{events}"],
    "import": ["import", "{shared}/fixtures/timelinejs/women_in_computing.json", "--out", "-"],
    "export json": ["export", "{events}"],
    "export yaml": ["export", "{events}", "--format", "yaml"],
    "export ics": ["export", "{events}", "--format", "ics"],
    "export csv": ["export", "{events}", "--format", "csv"],
    "export timelinejs": ["export", "{events}", "--format", "timelinejs"],
    "export jsonld": ["export", "{events}", "--format", "jsonld"],
}


@pytest.mark.parametrize("args", QUICK_COMMANDS.values(), ids=QUICK_COMMANDS.keys())
def test_commands_that_draw_nothing_never_import_the_chart_libraries(
    args: list[str], tmp_path: Path
) -> None:
    from .conftest import SHARED

    if "{shared}" in " ".join(args) and not SHARED.exists():
        pytest.skip("../shared is not here")
    argv = [a.format(events=ROOT / "events.yaml", shared=SHARED) for a in args]
    script = (
        "import sys\nfrom timeline.cli import main\n"
        f"try:\n    main({argv!r})\nexcept SystemExit as exit:\n    assert not exit.code, exit\n"
        f"finally:\n    print({HEAVY!r}, [m for m in {HEAVY!r} if m in sys.modules], file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stderr.splitlines()[-1].endswith(" []"), result.stderr[-500:]


def test_render_does_import_them(tmp_path: Path) -> None:
    """The check above can fail: a chart needs them."""
    script = (
        "import sys\nfrom timeline.cli import main\n"
        f"try:\n    main(['render', {str(ROOT / 'events.yaml')!r}, '--out', 'c.json'])\n"
        "except SystemExit:\n    pass\nprint([m for m in ('altair', 'babel') if m in sys.modules])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert result.stdout.splitlines()[-1] == "['altair', 'babel']"
