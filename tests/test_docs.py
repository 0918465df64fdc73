"""The README's commands and the examples work as they say (sqlite-utils' test_docs)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import timeline

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent


def readme_command(name: str) -> str:
    match = re.search(rf"<!-- command: {name} -->\n```sh\n(.+?)\n```", README)
    assert match, f"README has no '{name}' command block"
    return match.group(1)


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert readme_command("test") in ci


def test_readme_commands_install_in_a_fresh_virtual_environment() -> None:
    for name in ("run", "test"):
        command = readme_command(name)
        assert command.startswith("python3 -m venv .venv && .venv/bin/pip install ")


def test_the_test_command_installs_from_the_lock_and_the_run_command_does_not() -> None:
    assert "uv sync --locked" in readme_command("test")
    assert "--extra test" in readme_command("test")
    assert readme_command("run").startswith("python3 -m venv .venv && .venv/bin/pip install . ")
    newest = readme_command("newest")
    assert newest.startswith("python3 -m venv .venv-newest && ")
    assert "--upgrade" in newest


def test_the_lock_file_is_current() -> None:
    """uv.lock holds exactly what pyproject.toml asks for (no network: the cache is enough)."""
    uv = BIN / "uv"
    if not uv.exists():
        pytest.skip("uv is installed by the README's test command; run the suite that way")
    result = subprocess.run(
        [str(uv), "lock", "--check", "--offline"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_the_pre_commit_hook_checks_events_files_by_name(tmp_path: Path) -> None:
    import yaml

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "timeline-validate"
    assert hook["language"] == "python"
    pattern = re.compile(hook["files"])
    for name in ("events.yaml", "data/events.yml", "x/events.json", "big/events.jsonl"):
        assert pattern.search(name), name
    for name in ("pyproject.toml", "myevents.yaml", "events.yaml.bak"):
        assert not pattern.search(name), name
    # pre-commit runs the entry with the changed files after it
    good, bad = tmp_path / "events.yaml", tmp_path / "bad" / "events.yaml"
    bad.parent.mkdir()
    shutil.copy(ROOT / "events.yaml", good)
    shutil.copy(ROOT / "examples" / "bad-events.yaml", bad)
    entry = hook["entry"].split()
    assert run([*entry, str(good)], cwd=tmp_path).returncode == 0
    result = run([*entry, str(good), str(bad)], cwd=tmp_path)
    assert result.returncode == 1
    assert f"{bad}: 4 errors, 0 warnings" in result.stderr


def test_the_editor_schema_comment_in_the_readme_names_the_schema_file() -> None:
    assert "# yaml-language-server: $schema=events.schema.json" in README
    assert "timeline schema --out events.schema.json" in README


@pytest.mark.slow
def test_readme_run_command_on_a_fresh_copy(tmp_path: Path) -> None:
    """The first README command, exactly as written, in a copy of the project."""
    copy = tmp_path / "timeline"
    shutil.copytree(
        ROOT,
        copy,
        symlinks=True,
        ignore=shutil.ignore_patterns(".git", ".venv", "*.egg-info", "__pycache__", ".*_cache"),
    )
    result = subprocess.run(
        readme_command("run"), shell=True, cwd=copy, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines()[-1] == "wrote chart.html (18 events, times in UTC)"
    assert (copy / "chart.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_render_from_any_folder_uses_the_bundled_events(tmp_path: Path) -> None:
    result = run(["timeline", "render", "--out", "chart.html"], cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == "wrote chart.html (18 events, times in UTC)\n"
    assert result.stderr == "timeline: no ./events.yaml here; using the bundled example events\n"


def test_python_dash_m_works(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "timeline", "validate", str(ROOT / "events.yaml")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.endswith(": valid, 18 events, 0 warnings\n")


def test_readme_sample_of_problems_is_what_validate_prints() -> None:
    block = re.search(r"```\n\$ (timeline validate \S+)\n(.+?)```", README, re.S)
    assert block
    result = run(block.group(1).split(), cwd=ROOT)
    assert result.returncode == 1
    printed = result.stderr.splitlines()
    shown = block.group(2).splitlines()
    assert len(printed) == len(shown)
    for want, got in zip(shown, printed, strict=True):
        assert got.startswith(want.removesuffix("…")), (want, got)


def test_readme_library_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    match = re.search(r"## Use it as a library\n\n```python\n(.+?)```", README, re.S)
    assert match
    shutil.copy(ROOT / "events.yaml", tmp_path / "events.yaml")
    monkeypatch.chdir(tmp_path)
    exec(compile(match.group(1), "README.md", "exec"), {})
    assert (tmp_path / "chart.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("script", sorted(p.name for p in (ROOT / "examples").glob("*.py")))
def test_examples_run(script: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / script)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip()


def test_there_are_at_least_two_examples() -> None:
    assert len(list((ROOT / "examples").glob("*.py"))) >= 2


def test_readme_image_exists() -> None:
    for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README):
        assert (ROOT / image).is_file(), image


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "COLUMNS": "200"}
    return subprocess.run(args, capture_output=True, text=True, cwd=cwd, env=env, check=False)


def test_the_schema_an_editor_uses_accepts_the_bundled_events_and_refuses_a_wrong_kind() -> None:
    import jsonschema

    from timeline.read.parse import parse

    text = (ROOT / "events.yaml").read_text(encoding="utf-8")
    data = parse(text, "events.yaml").data
    checker = jsonschema.Draft202012Validator(timeline.schema())
    assert list(checker.iter_errors(data)) == []
    data["events"][0]["kind"] = "meting"
    assert [e.json_path for e in checker.iter_errors(data)] == ["$.events[0].kind"]
