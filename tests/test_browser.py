"""The rendered HTML as a reader sees it: in Chromium, offline."""

from __future__ import annotations

from pathlib import Path

import timeline

from .browser import open_page


def test_html_draws_offline_with_every_event(tmp_path: Path) -> None:
    events = timeline.load(timeline.bundled_events())
    out = tmp_path / "chart.html"
    timeline.render(events, out, tz="Europe/Berlin")
    with open_page(out) as visit:
        texts = visit.page.locator(".vega-embed svg text").all_text_contents()
        assert visit.errors == []
        assert [u for u in visit.requests if not u.startswith("file:")] == []  # nothing fetched
    for event in events:
        assert any(event.title[:40] in t for t in texts), event.id
    assert "Time (Europe/Berlin)" in texts


def test_hovering_a_mark_shows_local_and_display_time(tmp_path: Path) -> None:
    events = timeline.load(timeline.bundled_events()).filter(kind="dinner")
    out = tmp_path / "chart.html"
    timeline.render(events, out, tz="Europe/Berlin")
    with open_page(out) as visit:
        visit.page.locator(".mark-symbol path").first.hover()
        tooltip = visit.page.locator("#vg-tooltip-element")
        tooltip.wait_for(state="visible", timeout=5_000)
        text = tooltip.inner_text()
    assert "C5+1 summit dinner" in text
    assert "Thu 6 Nov 2025, 18:00 EST (America/New_York)" in text
    assert "Fri 7 Nov 2025, 00:00" in text  # the same instant in Berlin
