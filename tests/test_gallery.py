"""The README gallery in docs/gallery/ is what examples/gallery.py makes now.

The specs are compared (they are deterministic); the PNGs only checked to be pictures of the
right size, since the bytes of a PNG depend on the machine's fonts and rasterizer.
"""

from __future__ import annotations

import importlib.util
import json
import struct
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner

from timeline.cli import main

from .conftest import ROOT

GALLERY = ROOT / "docs" / "gallery"
REGENERATE = "run python examples/gallery.py"


def load_gallery() -> ModuleType:
    found = importlib.util.spec_from_file_location("gallery", ROOT / "examples" / "gallery.py")
    assert found is not None
    assert found.loader is not None
    module = importlib.util.module_from_spec(found)
    found.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gallery() -> ModuleType:
    return load_gallery()


@pytest.fixture(scope="module")
def specs(gallery: ModuleType) -> dict[str, dict[str, Any]]:
    return dict(gallery.specs())


def without_schema(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec without its $schema address, which names Altair's Vega-Lite version."""
    return {key: value for key, value in spec.items() if key != "$schema"}


def test_gallery_has_the_readme_pictures(specs: dict[str, dict[str, Any]]) -> None:
    assert {"default", "german", "dark", "dense", "autumn", "reported", "diff"} <= set(specs)
    committed = {p.name.removesuffix(".vl.json") for p in GALLERY.glob("*.vl.json")}
    missing = load_gallery().unavailable()  # drawn from fixtures that are not here
    assert committed - missing == set(specs), (
        f"docs/gallery/ differs from the script's list: {REGENERATE}"
    )


def test_committed_specs_are_what_the_script_makes(specs: dict[str, dict[str, Any]]) -> None:
    stale = []
    for name, spec in specs.items():
        path = GALLERY / f"{name}.vl.json"
        if not path.is_file():
            stale.append(f"{path.name} is missing")
            continue
        committed = json.loads(path.read_text(encoding="utf-8"))
        if without_schema(committed) != without_schema(spec):
            stale.append(f"{path.name} differs")
    assert not stale, f"docs/gallery is out of date ({'; '.join(stale)}): {REGENERATE}"


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("default", []),
        ("german", ["--lang", "de", "--tz", "Europe/Berlin"]),
        ("dark", ["--theme", "dark"]),
        ("autumn", ["--from", "2025-10-20", "--to", "2025-11-15", "--tz", "Europe/Berlin"]),
        (
            "reported",
            ["--reported", "--from", "2025-10-20", "--to", "2025-11-15", "--tz", "Europe/Berlin"],
        ),
    ],
)
def test_pictures_of_the_bundled_events_are_what_the_cli_draws(
    specs: dict[str, dict[str, Any]],
    name: str,
    options: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The README's caption for each picture is the command that draws it."""
    monkeypatch.chdir(tmp_path)  # no ./events.yaml here: the bundled events
    result = CliRunner().invoke(main, ["render", "--out", "chart.json", *options])
    assert result.exit_code == 0, result.output
    drawn = json.loads((tmp_path / "chart.json").read_text(encoding="utf-8"))
    assert without_schema(drawn) == without_schema(specs[name])


def test_the_diff_picture_is_what_the_cli_draws(
    gallery: ModuleType,
    specs: dict[str, dict[str, Any]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`timeline diff draft.yaml events.yaml --from … --to … --out chart.json`, as captioned."""
    import shutil

    import timeline

    gallery.draft(tmp_path)
    shutil.copy(timeline.bundled_events(), tmp_path / "events.yaml")
    monkeypatch.chdir(tmp_path)
    window = ["--from", gallery.DIFF_WINDOW["start"], "--to", gallery.DIFF_WINDOW["end"]]
    result = CliRunner().invoke(
        main, ["diff", "draft.yaml", "events.yaml", *window, "--out", "chart.json"]
    )
    assert result.exit_code == 1, result.output  # they differ
    drawn = json.loads((tmp_path / "chart.json").read_text(encoding="utf-8"))
    assert without_schema(drawn) == without_schema(specs["diff"])


def test_every_picture_is_a_png_of_its_chart(
    gallery: ModuleType, specs: dict[str, dict[str, Any]]
) -> None:
    for name, spec in specs.items():
        path = GALLERY / f"{name}.png"
        assert path.is_file(), f"{path.name} is missing: {REGENERATE}"
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG: {REGENERATE}"
        assert data[12:16] == b"IHDR"
        width, height = struct.unpack(">II", data[16:24])
        chart_width = int(spec.get("width") or spec["config"].get("view", {}).get("width", 0))
        drawn_width = width / gallery.SCALE
        # the chart, plus lane names on the left and a label or two of room on the right
        assert chart_width < drawn_width < chart_width + 300, (name, width, chart_width)
        # the lowest, the cosmology example, is one lane of seven events: about 250 pixels
        assert height / gallery.SCALE > 200, (name, height)
        assert len(data) > 50_000, f"{path.name} is {len(data)} bytes: {REGENERATE}"


def test_the_page_pictures_are_pngs_of_their_width(gallery: ModuleType) -> None:
    """The phone and desktop screenshots the README shows side by side."""
    assert gallery.PAGES == {"phone": 360, "desktop": 1280}
    for name, width in gallery.PAGES.items():
        path = GALLERY / f"{name}.png"
        assert path.is_file(), f"{path.name} is missing: {REGENERATE}"
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        drawn_width, height = struct.unpack(">II", data[16:24])
        assert drawn_width == width, (name, drawn_width)
        assert height >= 700, (name, height)


def test_recompressing_keeps_every_pixel(gallery: ModuleType) -> None:
    import io

    from PIL import Image

    from timeline.output.render import spec_to

    png = spec_to(gallery.dense().chart(width=300).to_dict(), "png", scale=1)
    assert isinstance(png, bytes)
    smaller = gallery.recompressed(png)
    assert len(smaller) < len(png)
    before, after = (Image.open(io.BytesIO(p)) for p in (png, smaller))
    assert after.size == before.size
    assert after.tobytes() == before.tobytes()
