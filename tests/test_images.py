"""The PNG a reader gets, compared with the pictures in tests/test_images/.

A picture may differ from its baseline by ``TOLERANCE`` percent: the mean difference over
every pixel and colour channel, as pytest-regressions measures it. Measured on the bundled
chart: the dark theme differs by 82 %, losing the event labels by 2.3 %, losing the connectors
by 0.5 %, showing Berlin time instead of UTC by 0.33 %, shifting the palette by one colour by
0.10 %. Antialiasing noise from another rasterizer build stays well below 0.05 %; a different
sans-serif font does not, and then the pictures are worth looking at again. After an
intended change: ``pytest tests/test_images.py --force-regen``, look at the new files, commit.
"""

from __future__ import annotations

from typing import Any

import pytest

from timeline import Timeline
from timeline.output.render import spec_to

TOLERANCE = 0.05  # percent


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("default", {}),
        ("dark", {"theme": "dark"}),
        ("by_country", {"group_by": "country", "tz": "Europe/Berlin"}),
    ],
)
def test_png_looks_as_before(
    bundled: Timeline, image_regression: Any, name: str, options: dict[str, Any]
) -> None:
    png = spec_to(bundled.chart(**options).to_dict(), "png", scale=1)
    assert isinstance(png, bytes)
    image_regression.check(png, diff_threshold=TOLERANCE, basename=name)
