"""Open pages in Debian's Chromium through playwright, offline (shared by the browser tests)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
TOLERANCE = 1.0  # px: boxes that touch, or overlap by antialiasing, are apart
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def require_chromium() -> None:
    """Skip on a developer machine without Chromium; in CI (.ci/run installs it) fail."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run should have installed it")
        pytest.skip("Chromium is not installed (apt-get install chromium)")


@dataclass
class Visit:
    page: Any
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    @property
    def context(self) -> Any:
        return self.page.context

    def drawn(self) -> list[dict[str, Any]]:
        """Every event mark and label of the chart (not the overview strip), as drawn."""
        return list(self.page.evaluate(DRAWN))


@contextmanager
def chromium() -> Iterator[Any]:
    """One browser, to open several pages in (each in a fresh context)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def open_page(
    path: Path, *, browser: Any = None, width: int = 1300, height: int = 900
) -> Iterator[Visit]:
    """``path`` open in Chromium, the chart drawn; in ``browser`` if given, else in its own."""
    if browser is None:
        with chromium() as own, open_page(path, browser=own, width=width, height=height) as visit:
            yield visit
        return
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        visit = Visit(page)
        page.on("console", lambda m: visit.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: visit.errors.append(str(e)))
        page.on("request", lambda r: visit.requests.append(r.url))
        page.goto(path.resolve().as_uri())
        page.wait_for_selector(".vega-embed svg", timeout=15_000)
        yield visit
    finally:
        context.close()


# Walks Vega's scenegraph (the SVG renderer keeps each item's element in ``item._svg``) and
# reports, for the chart's own view, every event mark and every label with its box on the page.
DRAWN = """() => {
  const found = [];
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
  };
  const walk = (mark, inOverview) => {
    for (const item of mark.items || []) {
      if (mark.marktype === 'group') {
        const overview = inOverview || mark.name === 'overview_group';
        for (const child of item.items || []) walk(child, overview);
        continue;
      }
      const datum = item.datum || {};
      if (inOverview || !item._svg || typeof datum.id !== 'string') continue;
      let role = null;
      if (mark.marktype === 'text' && !item.stroke) role = datum.kind ? 'label' : 'period-label';
      if ((mark.marktype === 'rect' || mark.marktype === 'symbol') && datum.kind) role = 'mark';
      if (role === null) continue;
      found.push({
        role, id: datum.id, kind: datum.kind || null, text: item.text || null,
        opacity: item._svg.getAttribute('opacity'), box: box(item._svg),
      });
    }
  };
  walk(window.timelineView.scenegraph().root, false);
  return found;
}"""

# The chart's plotting area on the page, the labels of its time axis, and the overview strip's
# area and time scale (wall time in the display zone, written as UTC, to pixels in the strip).
VIEW = """() => {
  const view = window.timelineView;
  const groups = {};
  const walk = (mark) => {
    for (const item of mark.items || []) {
      if (mark.marktype !== 'group') continue;
      if (mark.name && item._svg) groups[mark.name] = item._svg;
      for (const child of item.items || []) walk(child);
    }
  };
  walk(view.scenegraph().root);
  const area = (g) => {
    if (!g) return null;
    const r = g.querySelector(':scope > path.background').getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
  };
  const chart = groups['concat_0_group'] || groups['root'];
  const axis = Array.from(chart.querySelectorAll('.role-axis'))
    .find((a) => (a.getAttribute('aria-label') || '').startsWith('X-axis'));
  return {
    plot: area(chart),
    xLabels: Array.from(axis.querySelectorAll('.role-axis-label text'))
      .filter((t) => t.getAttribute('opacity') !== '0')  // hidden by labelOverlap
      .map((t) => t.textContent),
    overview: area(groups['overview_group']),
  };
}"""


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    """Whether two boxes on the page (left, top, right, bottom) overlap by more than TOLERANCE."""
    return (
        a["left"] < b["right"] - TOLERANCE
        and b["left"] < a["right"] - TOLERANCE
        and a["top"] < b["bottom"] - TOLERANCE
        and b["top"] < a["bottom"] - TOLERANCE
    )
