"""The rendered HTML as a reader sees it: in Chromium, offline.

One browser serves the whole module; each test opens its page in a fresh context.
"""

from __future__ import annotations

import contextlib
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

import timeline
from timeline import Event, Timeline
from timeline.view.themes import DARK

from .browser import TOLERANCE, VIEW, Visit, chromium, open_page, overlap


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def bundled_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundled") / "chart.html"
    timeline.render(timeline.load(timeline.bundled_events()), out)
    return out


def test_html_draws_offline_with_every_event(browser: Any, tmp_path: Path) -> None:
    events = timeline.load(timeline.bundled_events())
    out = tmp_path / "chart.html"
    timeline.render(events, out, tz="Europe/Berlin")
    with open_page(out, browser=browser) as visit:
        texts = visit.page.locator(".vega-embed svg text").all_text_contents()
        assert visit.errors == []
        assert [u for u in visit.requests if not u.startswith("file:")] == []  # nothing fetched
    for event in events:
        assert any(event.title[:40] in t for t in texts), event.id
    assert "Time (Europe/Berlin)" in texts


def test_hovering_a_mark_shows_local_and_display_time(browser: Any, tmp_path: Path) -> None:
    events = timeline.load(timeline.bundled_events()).filter(kind="dinner")
    out = tmp_path / "chart.html"
    timeline.render(events, out, tz="Europe/Berlin")
    with open_page(out, browser=browser) as visit:
        visit.page.locator(".mark-symbol path").first.hover()
        tooltip = visit.page.locator("#vg-tooltip-element")
        tooltip.wait_for(state="visible", timeout=5_000)
        text = tooltip.inner_text()
    assert "C5+1 summit dinner" in text
    assert "Thu 6 Nov 2025, 18:00 EST (America/New_York)" in text
    assert "Fri 7 Nov 2025, 00:00" in text  # the same instant in Berlin


# -- the legend filters -----------------------------------------------------------------------


def test_clicking_a_legend_entry_fades_the_other_groups(browser: Any, bundled_page: Path) -> None:
    with open_page(bundled_page, browser=browser) as visit:
        before = _opacities(visit)
        entry = visit.page.locator(".role-legend-label text", has_text="Dinner").bounding_box()
        x, y = entry["x"] + entry["width"] / 2, entry["y"] + entry["height"] / 2
        visit.page.mouse.click(x, y)
        picked = _opacities(visit)
        visit.page.mouse.click(x, y)  # the same entry again takes it out: all show
        toggled = _opacities(visit)
        visit.page.mouse.click(x, y)
        meeting = visit.page.locator(".role-legend-label text", has_text="Meeting").bounding_box()
        visit.page.mouse.click(
            meeting["x"] + meeting["width"] / 2, meeting["y"] + meeting["height"] / 2
        )  # a second entry adds its group
        both = _opacities(visit)
        assert visit.errors == []
    dinners = {"us-japan-working-lunch", "c5plus1-dinner"}
    meetings = {e.id for e in timeline.load(timeline.bundled_events()) if e.kind == "meeting"}
    assert set(before) > dinners
    assert all(o > 0.4 for o in before.values()), before
    assert {i for i, o in picked.items() if o > 0.4} == dinners, picked
    assert all(picked[i] == pytest.approx(0.12) for i in before.keys() - dinners), picked
    assert toggled == before
    assert {i for i, o in both.items() if o > 0.4} == dinners | meetings, both


def _opacities(visit: Visit) -> dict[str, float]:
    """The drawn opacity of every event's mark, once Vega has redrawn."""
    visit.page.evaluate("async () => { await window.timelineView.runAsync(); }")
    return {d["id"]: float(d["opacity"]) for d in visit.drawn() if d["role"] == "mark"}


# -- labels never overlap, as drawn -----------------------------------------------------------


def dense_timeline() -> Timeline:
    """Sixty events within two days, in three zones and three countries, some long titles."""
    places = [("Asia/Tokyo", "JP"), ("Europe/Moscow", "RU"), ("America/New_York", "US")]
    return Timeline(
        Event.model_validate(
            {
                "id": f"e{i}",
                "title": f"Event {i} " + "with a longer title " * (i % 3),
                "kind": ["meeting", "signing", "dinner"][i % 3],
                "timezone": places[i % 3][0],
                "start": f"2025-11-0{1 + i % 2} {8 + i % 12:02d}:{(7 * i) % 60:02d}",
                **({"end": f"2025-11-0{1 + i % 2} 21:00"} if i % 4 == 0 else {}),
                "place": {"country": places[i % 3][1]},
                "sources": [{"url": "https://example.org/"}],
            }
        )
        for i in range(60)
    )


@pytest.mark.parametrize(
    ("events", "options"),
    [
        ("bundled", {}),
        ("bundled", {"group_by": "actor", "tz": "Asia/Tokyo"}),
        ("dense", {"width": 700}),
        ("dense", {"group_by": "country", "theme": "dark"}),
    ],
)
def test_drawn_labels_overlap_no_label_and_no_other_mark(
    browser: Any, tmp_path: Path, events: str, options: dict[str, Any]
) -> None:
    shown = timeline.load(timeline.bundled_events()) if events == "bundled" else dense_timeline()
    out = tmp_path / "chart.html"
    timeline.render(shown, out, **options)
    with open_page(out, browser=browser) as visit:
        drawn = visit.drawn()
        plot = visit.page.evaluate(VIEW)["plot"]
        assert visit.errors == []
    labels = [d for d in drawn if d["role"] in ("label", "period-label")]
    marks = [d for d in drawn if d["role"] == "mark"]
    # where the page opens on a stretch of time, what lies outside it is clipped: not checked
    shown_ids = {
        m["id"]
        for m in marks
        if m["box"]["right"] > plot["left"] and m["box"]["left"] < plot["right"]
    }
    # every event has its label: a period on its band, any other event beside its mark
    labelled = {d["id"] for d in labels}
    assert {d["id"] for d in marks} <= labelled
    assert len([d for d in labels if d["role"] == "label"]) + len(
        [d for d in labels if d["role"] == "period-label"]
    ) >= len(shown)
    visible = [d for d in labels if d["id"] in shown_ids]
    assert len(visible) >= min(len(shown), 12)
    for a, b in itertools.combinations(visible, 2):
        assert not overlap(a["box"], b["box"]), f"labels overlap: {a['text']!r}, {b['text']!r}"
    for label, mark in itertools.product(visible, marks):
        if label["id"] != mark["id"]:
            assert not overlap(label["box"], mark["box"]), (
                f"label {label['text']!r} covers the mark of {mark['id']}"
            )
    for label in visible:  # and none is cut off at the chart's edge
        assert label["box"]["left"] >= plot["left"] - TOLERANCE, label["text"]
        assert label["box"]["right"] <= plot["right"] + TOLERANCE, label["text"]


# -- a click opens the event's first source, in a tab that cannot reach back ----------------


def test_clicking_a_mark_opens_its_first_source_without_an_opener(
    browser: Any, bundled_page: Path
) -> None:
    dinner = timeline.load(timeline.bundled_events())["c5plus1-dinner"]
    fetched: list[tuple[str, dict[str, str]]] = []

    def source_site(route: Any) -> None:  # offline: every web address answers from here
        fetched.append((route.request.url, route.request.headers))
        route.fulfill(status=200, content_type="text/html", body="<title>source</title>")

    with open_page(bundled_page, browser=browser) as visit:
        visit.context.route("https://**", source_site)
        (symbol,) = (d for d in visit.drawn() if d["role"] == "mark" and d["id"] == dinner.id)
        box = symbol["box"]
        with visit.context.expect_page(timeout=10_000) as opened:
            visit.page.mouse.click(
                (box["left"] + box["right"]) / 2, (box["top"] + box["bottom"]) / 2
            )
        source = opened.value
        source.wait_for_load_state()
        assert source.url == dinner.sources[0].url
        assert source.evaluate("window.opener") is None  # noopener
        assert source.evaluate("document.referrer") == ""  # noreferrer
        assert visit.page.url == bundled_page.resolve().as_uri()  # the chart stays open
        assert not visit.page.is_closed()
        assert visit.context.pages == [visit.page, source]
        assert visit.errors == []
    assert [url for url, _ in fetched] == [dinner.sources[0].url]
    assert "referer" not in {k.lower() for k in fetched[0][1]}


# -- hostile text stays text ------------------------------------------------------------------

PAYLOADS = (
    '<img src=x onerror="window.__pwned=1">',
    "</script><script>window.__pwned=2</script>",
    "<b>bold</b>",
)
HOSTILE = " ".join(PAYLOADS)


def test_hostile_text_in_the_page_stays_inert(browser: Any, tmp_path: Path) -> None:
    text = json.dumps(HOSTILE)
    events = tmp_path / "events.yaml"
    events.write_text(
        f"""\
title: {text}
events:
  - id: evil
    title: {text}
    kind: signing
    timezone: Asia/Tokyo
    start: 2025-10-28 10:40
    place: {{venue: {text}, city: {text}, country: JP}}
    summary: {text}
    sources:
      - {{url: "https://a.example/x", title: {text}, publisher: {text}}}
""",
        encoding="utf-8",
    )
    out = tmp_path / "chart.html"
    timeline.render(timeline.load(events), out)
    with open_page(out, browser=browser) as visit:
        page = visit.page
        page.locator(".mark-symbol path").first.hover()
        tooltip = page.locator("#vg-tooltip-element")
        tooltip.wait_for(state="visible", timeout=5_000)
        shown = tooltip.inner_text()
        page.wait_for_timeout(300)  # time for an injected image to fail and run its onerror
        pwned = page.evaluate("() => typeof window.__pwned")
        injected = page.evaluate(
            "() => document.querySelectorAll("
            "'.vega-embed img, .vega-embed b, #vg-tooltip-element img, #vg-tooltip-element b'"
            ").length"
        )
        scripts = page.evaluate("() => document.scripts.length")
        drawn = page.locator(".vega-embed svg text").all_text_contents()
        fetched = [u for u in visit.requests if not u.startswith("data:")]
    assert pwned == "undefined"
    assert injected == 0
    assert scripts == len(_scripts_of(out.read_text(encoding="utf-8")))
    assert fetched == [out.resolve().as_uri()]  # not even the image's "x"
    assert HOSTILE in shown  # the event's title, the place and the publisher, as text
    assert shown.count(PAYLOADS[0]) >= 3
    assert any(t.startswith(HOSTILE[:40]) for t in drawn)  # the label, as text
    assert visit.errors == []


def _scripts_of(page: str) -> list[str]:
    return page.split("<script")[1:]


# -- the overview strip picks the stretch of time shown --------------------------------------


def settled(page: Any, test: str) -> None:
    """Wait until the time axis's ``labels`` pass ``test`` (a JavaScript expression): a view
    under load may draw once more after ``runAsync``. The caller asserts what it sees."""
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(f"() => {{ const labels = ({VIEW})().xLabels; return {test}; }}")


def test_brushing_the_overview_shows_that_stretch_only(browser: Any, bundled_page: Path) -> None:
    with open_page(bundled_page, browser=browser) as visit:
        page = visit.page
        before = page.evaluate(VIEW)
        strip = before["overview"]

        def at(day: str) -> float:
            seconds = page.evaluate(
                "(d) => window.timelineView.scale('overview_x')(new Date(d))", day
            )
            return float(strip["left"] + seconds)

        middle = (strip["top"] + strip["bottom"]) / 2
        page.mouse.dblclick(at("2025-06-01T00:00:00Z"), middle)  # clears the brush: everything
        page.evaluate("async () => { await window.timelineView.runAsync(); }")
        settled(page, "labels.some((l) => l.includes('Mar'))")
        everything = page.evaluate(VIEW)
        page.mouse.move(at("2025-10-20T00:00:00Z"), middle)
        page.mouse.down()
        page.mouse.move(at("2025-11-15T00:00:00Z"), middle, steps=8)
        page.mouse.up()
        page.evaluate("async () => { await window.timelineView.runAsync(); }")
        settled(page, "!labels.some((l) => l.includes('Mar'))")
        after = page.evaluate(VIEW)
        drawn = {d["id"]: d for d in visit.drawn() if d["role"] == "label"}
        assert visit.errors == []
    # the page opens where 13 of the 18 events are, late October to mid November
    opened = {word for label in before["xLabels"] for word in label.split()}
    assert {"Oct", "Nov"} <= opened, before["xLabels"]
    assert not opened & {"Mar", "Apr", "Sep"}, before["xLabels"]
    assert any("Mar" in label for label in everything["xLabels"]), everything["xLabels"]
    words = {word for label in after["xLabels"] for word in label.split()}
    assert words - {"2025"} <= {"Oct", "Nov"} | {str(day) for day in range(1, 32)}, after["xLabels"]
    assert "Oct" in words
    assert "Nov" in words, after["xLabels"]
    days = [int(label.split()[0]) for label in after["xLabels"] if "Oct" in label]
    assert min(days, default=31) >= 19, after["xLabels"]
    plot = after["plot"]
    early = drawn["izvestia-dmitriev-rare-earth-talks"]["box"]
    assert early["right"] < plot["left"], "a March label is still inside the chart"
    busan = drawn["trump-xi-busan"]["box"]
    assert plot["left"] <= busan["left"]
    assert busan["right"] <= plot["right"]


# -- the dark theme ----------------------------------------------------------------------------


def test_dark_theme_darkens_the_whole_page(browser: Any, tmp_path: Path) -> None:
    out = tmp_path / "chart.html"
    timeline.render(timeline.load(timeline.bundled_events()), out, theme="dark")
    with open_page(out, browser=browser) as visit:
        background = visit.page.evaluate("() => getComputedStyle(document.body).backgroundColor")
        text = visit.page.evaluate(
            "() => getComputedStyle(document.querySelector('.tl-title')).color"
        )
        visit.page.locator(".mark-symbol path").first.hover()
        tooltip = visit.page.locator("#vg-tooltip-element")
        tooltip.wait_for(state="visible", timeout=5_000)
        tip = visit.page.evaluate(
            "() => getComputedStyle(document.querySelector('#vg-tooltip-element')).backgroundColor"
        )
        assert visit.errors == []
    assert background == _css_rgb(DARK.background)  # opaque, the chart's own, around it too
    assert _brightness(background) < 0.2, background
    assert _brightness(text) > 0.7, text
    red, green, blue = (float(c) for c in tip[tip.index("(") + 1 : -1].split(",")[:3])
    assert (red + green + blue) / (3 * 255) < 0.4, tip  # the tooltip is dark too


def _css_rgb(hex_colour: str) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


def _brightness(css: str) -> float:
    """0 (black) to 1 (white): the plain average of an opaque CSS rgb() colour's channels."""
    assert css.startswith("rgb("), css
    channels = css[css.index("(") + 1 : css.index(")")].split(",")
    return sum(float(c) for c in channels) / (3 * 255)
