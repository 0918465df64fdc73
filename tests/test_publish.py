"""The chart as it is published: on every screen, in any page, for every reader.

Browser tests open the HTML in Chromium, offline, as readers do: at phone and desktop widths,
with the keyboard alone, with axe-core's WCAG 2.1 A/AA rules, embedded twice in one page and in
a frame, and printed. The last tests check the static picture at a phone's width.
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
from timeline import Timeline
from timeline.output.page import HEIGHT_MESSAGE
from timeline.view.chart import PAGE_WIDTHS, build_chart, merged, page_chart
from timeline.view.layout import label_width
from timeline.view.themes import DARK, LIGHT, MARK_CONTRAST, TEXT_CONTRAST, contrast

from .browser import TOLERANCE, chromium, overlap

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def events() -> Timeline:
    return timeline.load(timeline.bundled_events())


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, events: Timeline) -> dict[str, Path]:
    """The bundled chart in both themes and both languages."""
    folder = tmp_path_factory.mktemp("pages")
    made = {}
    for theme, lang in itertools.product(("light", "dark"), ("en", "de")):
        made[f"{theme}-{lang}"] = timeline.render(
            events, folder / f"{theme}-{lang}.html", theme=theme, lang=lang
        )
    return made


class Reader:
    """A page open in Chromium at one width, with what it logged and fetched."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))

    def ready(self) -> None:
        """Wait until the block has laid itself out (and, if wide, drawn the chart)."""
        self.page.wait_for_selector(".tl.tl-js", timeout=15_000)
        if self.page.evaluate("document.querySelector('.tl').classList.contains('tl-wide')"):
            self.page.wait_for_selector(".tl-canvas svg", timeout=15_000)
            self.page.evaluate("async () => { await window.timelineView.runAsync(); }")
        self.page.wait_for_timeout(200)

    def layout(self) -> str:
        return (
            "wide"
            if self.page.evaluate("document.querySelector('.tl').classList.contains('tl-wide')")
            else "phone"
        )


def open_reader(browser: Any, url: str, width: int, **context: Any) -> tuple[Any, Reader]:
    ctx = browser.new_context(viewport={"width": width, "height": 900}, **context)
    reader = Reader(ctx.new_page())
    reader.page.goto(url)
    return ctx, reader


# -- every width ------------------------------------------------------------------------------

# Every text the reader sees: its font size, and its box on the page (HTML and the chart's SVG).
TEXTS = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || el.closest('script, style, .tl-data')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const r = range.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (r.width === 0 || style.visibility === 'hidden' || el.closest('[hidden]')) continue;
    if (el.closest('.tl-wide .tl-events, .tl-live')) continue;  // out of sight, for screen readers
    if (el.closest('svg') && el.getAttribute('opacity') === '0') continue;  // hidden axis label
    // the chart clips its labels to the stretch shown: DRAWN_LABELS checks those
    out.push({text: node.textContent.slice(0, 40), size: parseFloat(style.fontSize),
              left: r.left, right: r.right, svg: !!el.closest('svg')});
  }
  return out;
}"""


@pytest.mark.parametrize("width", [320, 360, 640, 768, 1280, 1920])
def test_the_page_fills_every_width_without_sideways_scroll_or_cut_text(
    browser: Any, pages: dict[str, Path], width: int
) -> None:
    ctx, reader = open_reader(browser, pages["light-en"].as_uri(), width)
    try:
        reader.ready()
        reader.page.locator(".tl-table-toggle").click()  # the table, too, fits
        scroll = reader.page.evaluate("document.documentElement.scrollWidth")
        texts = reader.page.evaluate(TEXTS)
        layout = reader.layout()
        drawn = reader.page.evaluate(DRAWN_LABELS) if layout == "wide" else []
        block = reader.page.evaluate("document.querySelector('.tl').getBoundingClientRect().width")
    finally:
        ctx.close()
    assert layout == ("phone" if width < 640 else "wide")
    assert scroll <= width, f"the page is {scroll} px wide in a {width} px window"
    assert block >= width - 40  # it takes the room it is given
    for text in texts:
        assert text["size"] >= 12, text
        if not text["svg"]:
            assert text["left"] >= -TOLERANCE, text
            assert text["right"] <= width + TOLERANCE, text
    assert _apart_and_whole(drawn)
    assert reader.errors == []
    assert [u for u in reader.requests if not u.startswith("file:")] == []


# Every event label the chart draws in its plot, and every event mark, with their boxes.
DRAWN_LABELS = """() => {
  const view = window.timelineView, found = [];
  let plot = null;
  const walk = (mark, overview) => {
    for (const item of mark.items || []) {
      if (mark.marktype === 'group') {
        if (mark.name === 'concat_0_group' && item._svg) {
          const r = item._svg.querySelector(':scope > path.background').getBoundingClientRect();
          plot = {left: r.left, right: r.right, top: r.top, bottom: r.bottom};  // plain, to return
        }
        for (const child of item.items || []) walk(child, overview || mark.name === 'overview_group');
        continue;
      }
      const d = item.datum || {};
      if (overview || !item._svg || typeof d.id !== 'string') continue;
      const text = mark.marktype === 'text' && !item.stroke;
      if (!text && !(['rect', 'symbol'].includes(mark.marktype) && d.kind)) continue;
      const r = item._svg.getBoundingClientRect();
      found.push({id: d.id, text: item.text || null, box: {left: r.left, right: r.right,
                  top: r.top, bottom: r.bottom}});
    }
  };
  walk(view.scenegraph().root, false);
  // what is drawn in the stretch shown (the plot clips the rest)
  return found.filter((f) => f.box.right > plot.left && f.box.left < plot.right)
              .map((f) => ({...f, plot}));
}"""


def _apart_and_whole(drawn: list[dict[str, Any]], *, whole: bool = True) -> bool:
    """No label overlaps another or a mark, and (``whole``) none is cut off at the plot's
    edges."""
    for a, b in itertools.combinations(drawn, 2):
        if a["id"] != b["id"] and (a["text"] or b["text"]):
            assert not overlap(a["box"], b["box"]), (a, b)
    for label in drawn if whole else ():
        if label["text"]:
            assert label["box"]["left"] >= label["plot"]["left"] - TOLERANCE, label
            assert label["box"]["right"] <= label["plot"]["right"] + TOLERANCE, label
    return True


def test_the_chart_is_laid_out_again_when_the_width_changes(
    browser: Any, pages: dict[str, Path]
) -> None:
    ctx, reader = open_reader(browser, pages["light-en"].as_uri(), 1280)
    try:
        reader.ready()
        wide = reader.page.evaluate(
            "document.querySelector('.tl-canvas svg').getBoundingClientRect().width"
        )
        reader.page.set_viewport_size({"width": 360, "height": 800})  # turned to portrait
        reader.page.wait_for_function(
            "document.querySelector('.tl').classList.contains('tl-phone')"
        )
        phone_scroll = reader.page.evaluate("document.documentElement.scrollWidth")
        reader.page.set_viewport_size({"width": 800, "height": 600})
        reader.page.wait_for_selector(".tl-wide .tl-canvas svg", timeout=15_000)
        reader.page.wait_for_timeout(400)
        narrow = reader.page.evaluate(
            "document.querySelector('.tl-canvas svg').getBoundingClientRect().width"
        )
    finally:
        ctx.close()
    assert 1200 < wide <= 1280 - 32
    assert phone_scroll == 360
    assert 700 < narrow <= 800 - 32
    assert reader.errors == []


# -- accessibility ------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("look", ["light-en", "light-de", "dark-en", "dark-de"])
def test_axe_finds_no_wcag_violation(
    browser: Any, pages: dict[str, Path], look: str, width: int
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    ctx, reader = open_reader(browser, pages[look].as_uri(), width)
    try:
        reader.ready()
        results = Axe().run(reader.page, options={"runOnly": {"type": "tag", "values": WCAG}})
        lang = reader.page.evaluate("document.documentElement.lang")
    finally:
        ctx.close()
    violations = {
        v["id"]: [n["target"] for n in v["nodes"]] for v in results.response["violations"]
    }
    assert violations == {}
    assert results.response["passes"]  # axe ran its rules
    assert lang == look.split("-")[1]


def test_theme_colours_meet_wcag_contrast() -> None:
    for look in (LIGHT, DARK):
        for text in (look.text, look.muted):
            assert contrast(text, look.background) >= TEXT_CONTRAST, (look.name, text)
        for mark in (*look.palette, look.link):
            assert contrast(mark, look.background) >= MARK_CONTRAST, (look.name, mark)
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_a_keyboard_walks_every_event_in_time_order(
    browser: Any, pages: dict[str, Path], events: Timeline
) -> None:
    fetched: list[str] = []
    # without motion, the outline is where it ends up at once
    ctx, reader = open_reader(browser, pages["light-en"].as_uri(), 1280, reduced_motion="reduce")
    ctx.route(
        lambda url: url.startswith("https://"),
        lambda route: (
            fetched.append(route.request.url),
            route.fulfill(status=200, content_type="text/html", body="<title>source</title>"),
        ),
    )
    page = reader.page
    try:
        reader.ready()
        for _ in range(12):  # Tab until the chart: nothing before it but the page itself
            page.keyboard.press("Tab")
            if page.evaluate("!!document.activeElement.closest('.tl-events')"):
                break
        walked, rings, spoken = [], [], []
        march = 1743465600000  # 1 April 2025: the whole time starts before, the opening after
        for step in range(len(events)):
            if step:
                page.keyboard.press("ArrowRight")
            page.wait_for_timeout(60)
            state = page.evaluate(FOCUS)
            # Labels are placed so that none overlaps or is cut off at the plot's edge where the
            # page opens and over the whole time, where the walk takes the chart from the first
            # event, outside that stretch, on (the page swaps in the labels' sides for it).
            assert page.evaluate("window.timelineView.signal('brush').begin[0]") < march
            assert _apart_and_whole(page.evaluate(DRAWN_LABELS)), state["id"]
            walked.append(state["id"])
            rings.append(state)
            spoken.append(state["live"])
        page.keyboard.press("ArrowRight")  # past the last: stays
        last = page.evaluate(FOCUS)["id"]
        page.keyboard.press("Home")
        first = page.evaluate(FOCUS)["id"]
        page.keyboard.press("End")
        end = page.evaluate(FOCUS)["id"]
        page.keyboard.press("ArrowLeft")
        before_end = page.evaluate(FOCUS)["id"]
        with ctx.expect_page(timeout=10_000) as opened:
            page.keyboard.press("Enter")
        source = opened.value
        source.wait_for_load_state()
        opener = source.evaluate("window.opener")
        page.keyboard.press("Escape")
        left = page.evaluate(
            "[document.activeElement.className, !!document.activeElement.closest('.tl-events')]"
        )
        ring_after = page.evaluate("document.querySelector('.tl-ring').hidden")
    finally:
        ctx.close()
    ids = [event.id for event in events]
    assert walked == ids
    assert (last, first, end, before_end) == (ids[-1], ids[0], ids[-1], ids[-2])
    for state, event in zip(rings, events, strict=True):
        assert state["name"].startswith(event.title), state
        assert state["ring"] is not None, f"no outline for {event.id}"
        assert state["mark"] is not None, event.id
        assert _inside(state["mark"], state["ring"]), (event.id, state)
        assert event.title in state["details"]
        assert state["hash"] == f"#{event.id}"
    assert spoken[1:4] == ["Event 2 of 18", "Event 3 of 18", "Event 4 of 18"]
    assert fetched == [events[-2].sources[0].url]
    assert opener is None
    assert left == ["tl-table-toggle", False]
    assert ring_after
    assert reader.errors == []


# The focused event: its id and accessible name, the outline's box and its mark's (as drawn,
# in the stretch shown), the details shown, the live region and the address.
FOCUS = """() => {
  const el = document.activeElement, item = el.closest('.tl-item');
  const ring = document.querySelector('.tl-ring');
  const box = (r) => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom});
  let mark = null;
  if (item) {
    const walk = (m, overview) => {
      for (const it of m.items || []) {
        if (m.marktype === 'group') {
          for (const c of it.items || []) walk(c, overview || m.name === 'overview_group');
          continue;
        }
        if (!overview && it._svg && it.datum && it.datum.id === item.dataset.id && it.datum.kind
            && ['rect', 'symbol'].includes(m.marktype) && !mark) mark = box(it._svg.getBoundingClientRect());
      }
    };
    walk(window.timelineView.scenegraph().root, false);
  }
  return {id: item && item.dataset.id, name: el.getAttribute('aria-label'),
          ring: ring.hidden ? null : box(ring.getBoundingClientRect()), mark,
          details: document.querySelector('.tl-details').textContent,
          live: document.querySelector('.tl-live').textContent, hash: location.hash};
}"""


def _inside(inner: dict[str, float], outer: dict[str, float]) -> bool:
    """The mark is within its outline, but for a bar running off the stretch shown."""
    return (
        inner["top"] >= outer["top"] - TOLERANCE
        and inner["bottom"] <= outer["bottom"] + TOLERANCE
        and inner["right"] >= outer["left"]
        and inner["left"] <= outer["right"]
    )


def test_every_event_has_a_name_with_title_time_kind_and_approximation(
    browser: Any, pages: dict[str, Path], events: Timeline
) -> None:
    ctx, reader = open_reader(browser, pages["light-en"].as_uri(), 360)
    try:
        reader.ready()
        names = reader.page.evaluate(
            "Array.from(document.querySelectorAll('.tl-item')).map((e) => "
            "[e.dataset.id, e.getAttribute('aria-label'), e.tabIndex])"
        )
        description = reader.page.locator(".tl-description").inner_text()
    finally:
        ctx.close()
    assert [i for i, _, _ in names] == [e.id for e in events]
    assert [t for _, _, t in names].count(0) == 1  # one tab stop; the arrows do the rest
    named = {i: n for i, n, _ in names}
    assert named["c5plus1-dinner"] == (
        "C5+1 summit dinner at the White House; Thu 6 Nov 2025, 18:00 EST (America/New_York) "
        "(approximate); Dinner"
    )
    assert named["izvestia-dmitriev-rare-earth-talks"].endswith(
        "Mon 31 Mar 2025 (Europe/Moscow, time not known); Report"
    )
    assert description.startswith("Timeline: 18 events from Mon 31 Mar 2025")
    assert "Most events: October 2025 (7)" in description
    assert "By kind: Signing 5, Meeting 4, Dinner 2" in description


# -- permalinks ---------------------------------------------------------------------------------


def test_a_permalink_opens_with_its_event_focused_and_in_view(
    browser: Any, pages: dict[str, Path]
) -> None:
    march = "izvestia-dmitriev-rare-earth-talks"  # outside the stretch the page opens on
    ctx, reader = open_reader(browser, pages["light-en"].as_uri() + f"#{march}", 1280)
    try:
        reader.ready()
        reader.page.wait_for_function("!document.querySelector('.tl-ring').hidden", timeout=10_000)
        state = reader.page.evaluate(FOCUS)
        plot = reader.page.evaluate(PLOT)
        reader.page.keyboard.press("ArrowRight")
        moved = reader.page.evaluate("location.hash")
    finally:
        ctx.close()
    assert state["id"] == march
    assert plot["left"] - TOLERANCE <= state["mark"]["left"] <= plot["right"]  # the brush moved
    assert _inside(state["mark"], state["ring"])
    assert moved == "#eu-central-asia-summit-samarkand"
    assert reader.errors == []

    ctx, reader = open_reader(browser, pages["light-en"].as_uri() + "#no-such-event", 1280)
    try:
        reader.ready()
        unknown = reader.page.evaluate(FOCUS)
    finally:
        ctx.close()
    assert unknown["id"] is None
    assert unknown["hash"] == "#no-such-event"
    assert reader.errors == []


PLOT = """() => {
  let plot = null;
  const walk = (m) => { for (const it of m.items || []) { if (m.marktype !== 'group') continue;
    if (m.name === 'concat_0_group') plot = it._svg.querySelector(':scope > path.background');
    for (const c of it.items || []) walk(c); } };
  walk(window.timelineView.scenegraph().root);
  const r = plot.getBoundingClientRect();
  return {left: r.left, right: r.right};
}"""


# -- the table ----------------------------------------------------------------------------------


@pytest.mark.parametrize("look", ["light-en", "dark-de"])
def test_the_table_of_every_event_is_behind_a_button(
    browser: Any, pages: dict[str, Path], events: Timeline, look: str
) -> None:
    ctx, reader = open_reader(browser, pages[look].as_uri(), 1280)
    try:
        reader.ready()
        page = reader.page
        hidden = page.locator(".tl-table").is_hidden()
        button = page.locator(".tl-table-toggle")
        label = button.inner_text()
        button.click()
        expanded = button.get_attribute("aria-expanded")
        headers = page.locator(".tl-table thead th").all_inner_texts()
        rows = page.locator(".tl-table tbody tr").evaluate_all(
            "(rows) => rows.map((r) => [r.querySelector('th').textContent, "
            "Array.from(r.querySelectorAll('a')).map((a) => [a.href, a.rel, a.target])])"
        )
        button.click()
        closed = page.locator(".tl-table").is_hidden()
    finally:
        ctx.close()
    lang = look.split("-")[1]
    assert hidden
    assert closed
    assert expanded == "true"
    assert label == {"en": "Show every event in a table", "de": "Alle Ereignisse als Tabelle"}[lang]
    assert (
        headers
        == {
            "en": [
                "Event",
                "When, at the place",
                "When, in UTC",
                "Kind",
                "Place",
                "Participants",
                "First source",
            ],
            "de": [
                "Ereignis",
                "Wann, Ortszeit",
                "Wann, in UTC",
                "Art",
                "Ort",
                "Beteiligte",
                "Erste Quelle",
            ],
        }[lang]
    )
    assert len(rows) == len(events)
    if lang == "en":
        assert [title for title, _ in rows] == [e.title for e in events]
    for (_, links), event in zip(rows, events, strict=True):
        assert links == [[event.sources[0].url, "noopener noreferrer", "_blank"]]


def test_without_script_the_list_and_the_table_are_there(
    browser: Any, pages: dict[str, Path], events: Timeline
) -> None:
    ctx, reader = open_reader(browser, pages["light-en"].as_uri(), 1280, java_script_enabled=False)
    try:
        reader.page.wait_for_selector(".tl-table")
        items = reader.page.locator(".tl-item").count()
        rows = reader.page.locator(".tl-table tbody tr").count()
        shown = (
            reader.page.locator(".tl-table").is_visible()
            and reader.page.locator(".tl-events").is_visible()
        )
        buttons = reader.page.locator(".tl button:visible").count()
    finally:
        ctx.close()
    assert items == rows == len(events)
    assert shown
    assert buttons == 0  # nothing that needs script to work


# -- embedded -----------------------------------------------------------------------------------


def test_two_fragments_on_one_page_do_not_clash(
    browser: Any, tmp_path: Path, events: Timeline
) -> None:
    first = timeline.render(events, tmp_path / "a.html", embed=True)
    second = timeline.render(
        events.filter(kind="signing"), tmp_path / "b.html", embed=True, theme="dark", lang="de"
    )
    a, b = (path.read_text(encoding="utf-8") for path in (first, second))
    assert a.startswith('<div class="tl ')
    assert b.startswith('<div class="tl ')
    assert "<!DOCTYPE" not in a
    assert "<html lang" not in a
    assert "<main>" not in a
    host = tmp_path / "host.html"
    host.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>News</title>'
        '<meta name="viewport" content="width=device-width">'
        "<style>body { font: 18px serif; color: #333; max-width: 760px; margin: 0 auto;"
        " padding: 8px } a { color: #0645ad } h2 { font-size: 40px }</style></head>"
        f"<body><main><h1>Article</h1><p>Text.</p>{a}<p>More text.</p>{b}</main></body></html>",
        encoding="utf-8",
    )
    from axe_playwright_python.sync_playwright import Axe

    ctx, reader = open_reader(browser, host.as_uri(), 1000)
    try:
        page = reader.page
        page.wait_for_function(
            "document.querySelectorAll('.tl.tl-js .tl-canvas svg').length === 2", timeout=20_000
        )
        ids = page.evaluate("Array.from(document.querySelectorAll('[id]')).map((e) => e.id)")
        # each chart is laid out again once its column's width is known: wait for that (the
        # widths are asserted below, with their values, when it never comes)
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(
                "Array.from(document.querySelectorAll('.tl-canvas svg'))"
                ".every((s) => s.getBoundingClientRect().width > 700)",
                timeout=20_000,
            )
        widths = page.evaluate(
            "Array.from(document.querySelectorAll('.tl-canvas svg')).map((s) => "
            "s.getBoundingClientRect().width)"
        )
        # the keyboard in the second chart moves only the second chart's events
        page.locator(".tl").nth(1).locator(".tl-item").first.focus()
        page.keyboard.press("End")
        focused = page.evaluate(
            "[document.activeElement.dataset.id, "
            "Array.from(document.querySelectorAll('.tl')).indexOf(document.activeElement.closest('.tl'))]"
        )
        page.locator(".tl").nth(1).locator(".tl-table-toggle").click()
        tables = [page.locator(".tl").nth(i).locator(".tl-table").is_visible() for i in (0, 1)]
        overflow = page.evaluate(
            "Math.max(...Array.from(document.querySelectorAll('.tl *'))"
            ".filter((e) => e.tagName === 'svg' || !e.closest('svg'))"
            ".filter((e) => !e.closest('.tl-wide .tl-events, .tl-live'))"
            ".map((e) => e.getBoundingClientRect().width))"
        )
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    finally:
        ctx.close()
    assert len(ids) == len(set(ids)), "an id is used twice"
    assert all(700 < w <= 760 for w in widths), widths  # the article's column
    assert overflow <= 760, "a block is wider than the article's column"
    signings = events.filter(kind="signing")
    assert focused == [signings[-1].id, 1]
    assert tables == [False, True]
    assert results.response["violations"] == []
    assert reader.errors == []


def test_a_frame_takes_the_height_the_page_posts(
    browser: Any, tmp_path: Path, events: Timeline
) -> None:
    """The README's snippet, on a news site's page, around the chart on another site."""
    chart = timeline.render(events, tmp_path / "chart.html")
    snippet = _readme_snippet().replace(
        "https://charts.example.org/chart.html", "https://charts.example/chart.html"
    )
    sites = {
        "https://news.example/story": f"<!DOCTYPE html><html lang=en><title>Story</title><body>{snippet}</body></html>",
        "https://charts.example/chart.html": chart.read_text(encoding="utf-8"),
    }
    ctx, reader = open_reader(browser, "about:blank", 400)
    ctx.route(
        lambda url: url in sites,
        lambda route: route.fulfill(
            status=200, content_type="text/html; charset=utf-8", body=sites[route.request.url]
        ),
    )
    try:
        reader.page.goto("https://news.example/story")
        frame = reader.page.locator("iframe")
        reader.page.wait_for_function(
            "document.querySelector('iframe').getBoundingClientRect().height > 1500", timeout=20_000
        )
        inner = (
            reader.page.frame_locator("iframe")
            .locator("html")
            .evaluate("(html) => Math.ceil(html.getBoundingClientRect().height)")
        )
        height = frame.evaluate("(f) => f.getBoundingClientRect().height")
        # a message of another shape, or from elsewhere, is ignored
        reader.page.evaluate(f"window.postMessage({{type: '{HEIGHT_MESSAGE}', height: 5}}, '*')")
        reader.page.wait_for_timeout(200)
        after = frame.evaluate("(f) => f.getBoundingClientRect().height")
    finally:
        ctx.close()
    assert abs(height - inner) <= 2, (height, inner)
    assert after == height
    assert reader.errors == []


def _readme_snippet() -> str:
    from .conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- embed snippet -->")
    block = readme[start:].split("```html\n", 1)[1].split("```", 1)[0]
    return block


# -- print --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("paper", "width"), [("A4", 718), ("Letter", 740)])
def test_print_puts_chart_and_table_on_the_page(
    browser: Any, pages: dict[str, Path], events: Timeline, paper: str, width: int
) -> None:
    """At the printable width of the paper (96 px an inch, margins of about 1 cm)."""
    ctx, reader = open_reader(browser, pages["light-en"].as_uri(), width)
    try:
        reader.ready()
        reader.page.emulate_media(media="print")
        reader.page.wait_for_timeout(300)
        state = reader.page.evaluate(
            """() => ({
              table: getComputedStyle(document.querySelector('.tl-table')).display,
              rows: document.querySelectorAll('.tl-table tbody tr').length,
              buttons: Array.from(document.querySelectorAll('.tl button'))
                .filter((b) => b.getBoundingClientRect().width > 0).length,
              widest: Math.max(...Array.from(document.querySelectorAll('.tl *'))
                .filter((e) => !e.closest('.tl-wide .tl-events, .tl-live'))
                .filter((e) => e.tagName === 'svg' || !e.closest('svg'))  // clipped inside it
                .map((e) => e.getBoundingClientRect().right)),
            })"""
        )
        pdf = reader.page.pdf(format=paper)
    finally:
        ctx.close()
    assert state["table"] == "block"
    assert state["rows"] == len(events)
    assert state["buttons"] == 0
    assert state["widest"] <= width + TOLERANCE, state
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 20_000


def test_reduced_motion_is_honoured(browser: Any, pages: dict[str, Path]) -> None:
    ctx, reader = open_reader(browser, pages["light-en"].as_uri(), 1280, reduced_motion="reduce")
    try:
        reader.ready()
        transition = reader.page.evaluate(
            "getComputedStyle(document.querySelector('.tl-ring')).transitionDuration"
        )
    finally:
        ctx.close()
    assert transition == "0s"


# -- the page's layouts, without a browser ----------------------------------------------------


def test_each_page_layout_is_the_chart_drawn_at_its_width(events: Timeline) -> None:
    """The page merges a small overlay into one spec for each width; what it gets is exactly
    the chart build_chart draws at that width (without the title, which the page writes)."""
    chart = page_chart(events, group_by="actor", lang="de")
    assert chart.widths == PAGE_WIDTHS
    assert chart.overlays[0] == {}
    for width, overlay in zip(chart.widths, chart.overlays, strict=True):
        drawn = build_chart(events, width=width, overview=True, group_by="actor", lang="de")
        expected = drawn.to_dict()
        expected.pop("title")
        assert merged(chart.spec, overlay) == expected, width
        assert len(json.dumps(overlay)) < len(json.dumps(chart.spec)) / 10


# -- the static picture at a phone's width ----------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_phone_width_png_draws_each_label_whole_or_lists_it(events: Timeline, lang: str) -> None:
    """--width 400: every label is drawn whole inside the plot, measured in the PNG's own
    scenegraph with DejaVu Sans (the widest common sans-serif), or listed under the axis; and
    nothing (title, notes) makes the picture wider than its plot and lane names."""
    import vl_convert as vlc
    from PIL import ImageFont

    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 12)
    except OSError:
        pytest.skip("DejaVu Sans is not installed")
    spec = events.chart(width=400, lang=lang).to_dict()
    scene = vlc.vegalite_to_scenegraph(spec, vl_version="6.4")
    drawn = _labels(scene["scenegraph"])
    assert drawn
    for label in drawn:
        width = font.getlength(label["text"])
        anchor = {"left": 0, "right": width, "center": width / 2}[label["align"]]
        left = label["x"] + label["dx"] - anchor
        assert left >= -TOLERANCE, (label["text"], left, width)
        assert left + width <= 400 + TOLERANCE, (label["text"], left, width)
    axis = next(
        layer["encoding"]["x"]["axis"]["title"]
        for layer in spec["layer"]
        if "axis" in layer.get("encoding", {}).get("x", {})
    )
    listed = " ".join(axis[1:]) if isinstance(axis, list) else ""
    texts = {label["text"] for label in drawn}
    for row in spec["data"]["values"] if "data" in spec else spec["layer"][0]["data"]["values"]:
        if row["label"]:
            assert row["label"] in texts or row["label"] in listed, row["label"]
    assert scene["width"] <= scene["origin"][0] + 400 + 10, scene["width"]


def _labels(node: Any) -> list[dict[str, Any]]:
    """The event and period labels (not their halos) in a Vega scenegraph."""
    found = []
    if isinstance(node, dict):
        if node.get("marktype") == "text":
            for item in node.get("items", []):
                if "stroke" not in item and "slot:" in str(item.get("description", "")):
                    found.append(item)
        for value in node.values():
            found += _labels(value)
    elif isinstance(node, list):
        for value in node:
            found += _labels(value)
    return found


def test_a_label_that_fits_nowhere_whole_is_left_out_and_listed() -> None:
    wide = Timeline(
        [
            timeline.Event.model_validate(
                {
                    "id": "long",
                    "title": "A title far too long to sit beside or over its mark on a narrow chart",
                    "kind": "meeting",
                    "timezone": "UTC",
                    "start": "2025-01-01",
                    "end": "2025-12-31",
                    "sources": [{"url": "https://example.org/"}],
                }
            )
        ]
    )
    spec = wide.chart(width=300).to_dict()
    (row,) = spec["data"]["values"]
    assert row["label_side"] == "none"
    axis = next(
        layer["encoding"]["x"]["axis"]["title"]
        for layer in spec["layer"]
        if "axis" in layer.get("encoding", {}).get("x", {})
    )
    assert axis[0] == "Time (UTC)"
    assert " ".join(axis[1:]).startswith(
        "Not labelled for lack of room (hover the mark): A title far"
    )
    assert label_width(row["label"]) > 300


def test_kinds_are_told_apart_without_colour(events: Timeline) -> None:
    """Lanes name the kinds; where colour alone would tell them (coloured by kind, laned by
    something else), each label names its kind too."""
    by_kind = events.chart().to_dict()
    lanes = by_kind["layer"][0]["data"]["values"]
    assert {row["lane"] for row in lanes} == {row["kind_label"] for row in lanes}
    coloured = events.chart(group_by="country", color_by="kind").to_dict()
    for row in coloured["layer"][0]["data"]["values"]:
        if row["label"]:
            assert row["label"].endswith(f" · {row['kind_label']}"), row["label"]
    plain = events.chart(group_by="country").to_dict()
    assert not any(" · " in row["label"] for row in plain["layer"][0]["data"]["values"])


@pytest.mark.parametrize(
    ("lang", "disputed", "claim"),
    [("en", "disputed", "3 hours"), ("de", "umstritten", "3 Stunden")],
)
def test_the_list_and_the_table_say_where_sources_disagree(
    tmp_path: Path, lang: str, disputed: str, claim: str
) -> None:
    out = tmp_path / "chart.html"
    timeline.render(timeline.load(timeline.bundled_events()), out, lang=lang)
    page = out.read_text(encoding="utf-8")
    talks = page[page.index('data-id="tokayev-putin-informal-talks"') :]
    item = talks[: talks.index("</li>")]
    assert f" · {disputed} · " in item  # beside its kind, in the list
    assert claim in item  # what each source says, with the event's details
    table = page[page.index('class="tl-table"') :]
    assert claim in table[: table.index("</table>")]


def test_the_page_draws_first_reports_too(tmp_path: Path) -> None:
    out = tmp_path / "chart.html"  # the page once refused the option ("unexpected keyword")
    timeline.render(timeline.load(timeline.bundled_events()), out, reported=True)
    assert "Thin line under an event: from the event to the day it was first reported" in (
        out.read_text(encoding="utf-8")
    )
