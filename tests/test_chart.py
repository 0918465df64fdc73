"""The chart: Vega-Lite spec snapshot, display zone, lanes, labels that do not collide,
relations, periods, precision, themes, the overview strip and the notebook view."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
from collections import defaultdict
from typing import Any

import altair as alt
import pytest

from timeline import Event, Timeline, UnknownOption
from timeline.view.layout import Scale, extent, label_width


def spec_of(t: Timeline, **options: Any) -> dict[str, Any]:
    return t.chart(**options).to_dict()


def detail(spec: dict[str, Any]) -> dict[str, Any]:
    """The layered chart of events (the first view when there is an overview strip)."""
    return spec["vconcat"][0] if "vconcat" in spec else spec


def layer_with(spec: dict[str, Any], mark: str, field: str | None = None) -> dict[str, Any]:
    for layer in detail(spec)["layer"]:
        kind = layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
        if kind == mark and (field is None or field in str(layer.get("encoding", {}))):
            return dict(layer)
    raise AssertionError(f"no {mark} layer with {field}")


def values(spec: dict[str, Any], layer: dict[str, Any]) -> list[dict[str, Any]]:
    data = layer.get("data") or detail(spec).get("data")
    assert data is not None
    if "values" in data:
        return list(data["values"])
    return list(spec["datasets"][data["name"]])


def rows_of(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return values(spec, layer_with(spec, "bar", "finish"))


def stable(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec without what changes between Altair versions ($schema, generated names)."""
    out = copy.deepcopy(spec)
    out.pop("$schema", None)
    return out


def test_spec_snapshot(bundled: Timeline, data_regression: Any) -> None:
    data_regression.check(stable(spec_of(bundled)))


def test_chart_is_an_altair_chart_users_can_compose(bundled: Timeline) -> None:
    chart = bundled.chart()
    assert isinstance(chart, alt.LayerChart)
    params = {p["name"]: p["select"] for p in chart.to_dict()["params"]}
    assert params["zoom"]["type"] == "interval"  # zoom and pan on time
    # a legend click picks a group, a second click on it drops it again
    assert params["pick"] == {"type": "point", "fields": ["color"], "toggle": "true"}


@pytest.mark.parametrize(
    ("tz", "tokyo_begin", "axis_title"),
    [
        ("UTC", "2025-10-28T01:40:00Z", "Time (UTC)"),
        ("Europe/Berlin", "2025-10-28T02:40:00Z", "Time (Europe/Berlin)"),
        ("Asia/Tokyo", "2025-10-28T10:40:00Z", "Time (Asia/Tokyo)"),
    ],
)
def test_times_are_shown_in_the_display_zone(
    bundled: Timeline, tz: str, tokyo_begin: str, axis_title: str
) -> None:
    spec = spec_of(bundled, tz=tz)
    rows = {r["id"]: r for r in rows_of(spec)}
    assert rows["tokyo-signing"]["begin"] == tokyo_begin
    assert (
        rows["tokyo-signing"]["local_time"]
        == "Tue 28 Oct 2025, 10:40–10:45 JST (Asia/Tokyo) (approximate)"
    )
    x = layer_with(spec, "bar", "finish")["encoding"]["x"]
    assert x["scale"]["type"] == "utc"
    assert x["axis"]["title"] == axis_title


def test_every_event_is_drawn_once_per_lane(bundled: Timeline) -> None:
    rows = rows_of(spec_of(bundled))
    assert sorted(r["id"] for r in rows) == sorted(e.id for e in bundled)


def test_precision_and_approximation_are_visible(bundled: Timeline) -> None:
    spec = spec_of(bundled)
    rows = {r["id"]: r for r in rows_of(spec)}
    visit = rows["tokayev-moscow-visit"]
    assert (visit["shape"], visit["date_only"], visit["alpha"]) == ("bar", True, 0.45)
    # a date-only span is the whole local days: Moscow 11 Nov 00:00 to 13 Nov 00:00 (+03:00)
    assert (visit["begin"], visit["finish"]) == ("2025-11-10T21:00:00Z", "2025-11-12T21:00:00Z")
    dinner = rows["c5plus1-dinner"]
    assert (dinner["shape"], dinner["date_only"], dinner["approximate"]) == ("point", False, True)
    assert dinner["label"].endswith("(approx., disputed)")  # its outcomes' sources disagree
    assert rows["tokyo-signing"]["shape"] == "bar"
    bars = layer_with(spec, "bar", "finish")["encoding"]
    assert bars["fill"]["condition"]["test"] == "datum.approximate"  # hollow
    assert bars["fill"]["condition"]["value"] == "#ffffff"
    assert bars["strokeDash"]["condition"]["test"] == "datum.date_only"  # dashed outline


@pytest.mark.parametrize("group_by", ["kind", "country", "actor", "tag"])
def test_labels_never_overlap_each_other_or_marks(bundled: Timeline, group_by: str) -> None:
    width = 900
    spec = spec_of(bundled, group_by=group_by, width=width)
    domain = layer_with(spec, "bar", "finish")["encoding"]["x"]["scale"]["domain"]
    scale = Scale(_seconds(domain[0]), _seconds(domain[1]), width)
    assert_no_overlap(rows_of(spec), scale)


def test_labels_of_a_dense_timeline_never_overlap() -> None:
    """Sixty events within two days, in three zones, some with long titles."""
    zones = ["Asia/Tokyo", "Europe/Moscow", "America/New_York"]
    parts = [
        Event.model_validate(
            {
                "id": f"e{i}",
                "title": f"Event {i} " + "with a longer title " * (i % 3),
                "kind": ["meeting", "signing", "dinner"][i % 3],
                "timezone": zones[i % 3],
                "start": f"2025-11-0{1 + i % 2} {8 + i % 12:02d}:{(7 * i) % 60:02d}",
                **({"end": f"2025-11-0{1 + i % 2} 21:00"} if i % 4 == 0 else {}),
                **({"part_of": "week"} if i % 10 == 0 else {}),
                "sources": [{"url": "https://example.org/"}],
            }
        )
        for i in range(60)
    ]
    # a period across the whole chart, whose label fits on neither side of it
    week = {"id": "week", "kind": "summit", "timezone": "UTC", "start": "2025-10-31"}
    dense = Timeline(
        [*parts, Event.model_validate(week | {"title": "A summit week", "end": "2025-11-03"})]
    )
    spec = spec_of(dense, width=700)
    domain = layer_with(spec, "bar", "finish")["encoding"]["x"]["scale"]["domain"]
    rows = rows_of(spec)
    periods = values(spec, layer_with(spec, "rect", "x2"))
    assert {r["label_side"] for r in rows} <= {"left", "right", "inside"}
    assert [(p["id"], p["label_side"]) for p in periods] == [("week", "inside")]
    assert next(r["label"] for r in rows if r["id"] == "week") == ""  # labelled on its band
    assert_no_overlap(rows, Scale(_seconds(domain[0]), _seconds(domain[1]), 700))


def assert_no_overlap(rows: list[dict[str, Any]], scale: Scale, *, on_chart: bool = True) -> None:
    """No two marks or labels in a row overlap; with ``on_chart``, every label is drawn whole on
    the chart or wholly out of view (never cut at an edge)."""
    occupied: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
    for r in rows:
        seconds = {"_begin_s": _seconds(r["begin"]), "_finish_s": _seconds(r["finish"])}
        x0, x1 = extent(r | seconds, scale)
        text = label_width(r["label"])
        label = {
            "right": (x1, x1 + text),
            "left": (x0 - text, x0),
            "inside": (x0, x0 + text),
            "none": (x0, x0),
        }[r["label_side"]]
        span = (min(x0, label[0]), max(x1, label[1]))
        out_of_view = label[1] < 0 or label[0] > scale.width
        if on_chart and r["label_side"] != "none" and not out_of_view:
            assert label[0] >= -1, (r["id"], label)
            assert label[1] <= scale.width + 1, (r["id"], label)
        occupied[r["slot"]].append((*span, r["id"]))
    for slot, spans in occupied.items():
        spans.sort()
        for (_, end, a), (begin, _, b) in itertools.pairwise(spans):
            assert end < begin, f"{a} and {b} overlap in {slot}"


def _seconds(iso: str) -> float:
    return dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def test_relations_are_connectors(bundled: Timeline) -> None:
    spec = spec_of(bundled)
    links = values(spec, layer_with(spec, "rule", "relation"))
    both_ends = [r for r in bundled.relations if r.target in bundled]
    assert len(links) == len(both_ends) > 0
    assert {link["relation"] for link in links} == {"follows", "responds to", "part of"}
    rows = {r["id"]: r for r in rows_of(spec)}
    busan = next(
        link
        for link in links
        if link["relation"] == "responds to" and link["y2"] == rows["trump-xi-busan"]["slot"]
    )
    # from the end of China's export controls to the start of the Busan meeting
    controls = rows["china-export-controls-2025-10-09"]
    assert (busan["x"], busan["y"]) == (controls["finish"], controls["slot"])
    assert busan["x2"] == rows["trump-xi-busan"]["begin"]


def test_periods_are_labelled_bands(bundled: Timeline) -> None:
    spec = spec_of(bundled)
    band = layer_with(spec, "rect", "x2")
    assert "y" not in band["encoding"]  # over every lane
    (period,) = values(spec, band)
    assert period["id"] == "tokayev-moscow-visit"
    assert period["label"] == "Tokayev's state visit to Moscow"
    assert period["slot"] < min(r["slot"] for r in rows_of(spec))  # its label row is on top


def test_german_words_dates_and_event_texts(bundled: Timeline) -> None:
    spec = spec_of(bundled, lang="de", tz="Europe/Berlin")
    rows = {r["id"]: r for r in rows_of(spec)}
    dinner = rows["c5plus1-dinner"]
    assert dinner["title"] == bundled["c5plus1-dinner"].translations["de"].title
    assert dinner["kind_label"] == "Abendessen"
    assert dinner["local_time"] == "Do., 6. Nov. 2025, 18:00 EST (America/New_York) (ungefähr)"
    assert dinner["label"].endswith("(ca., umstritten)")
    x = layer_with(spec, "bar", "finish")["encoding"]["x"]
    assert x["axis"]["title"] == "Zeit (Europe/Berlin)"
    assert (x["axis"]["format"]["date"], x["axis"]["format"]["month"]) == ("%-d. %b %Y", "%b %Y")
    assert spec["config"]["locale"]["time"]["months"][2] == "März"
    assert spec["config"]["locale"]["number"]["decimal"] == ","


def test_a_group_keeps_its_colour_when_others_are_filtered_out(bundled: Timeline) -> None:
    def colour_of_dinner(t: Timeline) -> str:
        scale = layer_with(spec_of(t), "bar", "finish")["encoding"]["fill"]["scale"]
        return str(scale["range"][scale["domain"].index("Dinner")])

    assert colour_of_dinner(bundled) == colour_of_dinner(bundled.filter(kind=["dinner", "visit"]))


def test_dark_theme_and_palette() -> None:
    t = Timeline([])
    light, dark = spec_of(t)["config"], spec_of(t, theme="dark")["config"]
    assert (light["background"], dark["background"]) == ("#ffffff", "#1e1e1e")
    with pytest.raises(UnknownOption, match="unknown theme 'sepia'; use light or dark"):
        spec_of(t, theme="sepia")


def test_the_overview_strip_brushes_the_chart_above(bundled: Timeline) -> None:
    spec = spec_of(bundled, overview=True)
    (brush,) = (p for p in spec["params"] if p["name"] == "brush")
    assert brush["select"] == {"type": "interval", "encodings": ["x"]}
    assert brush["views"] == [spec["vconcat"][1]["name"]]  # drawn in the strip below
    x = layer_with(spec, "bar", "finish")["encoding"]["x"]
    assert x["scale"]["domain"] == {"param": "brush", "encoding": "x"}


def test_the_page_opens_where_most_events_are(bundled: Timeline) -> None:
    spec = spec_of(bundled, overview=True)
    (brush,) = (p for p in spec["params"] if p["name"] == "brush")
    low, high = brush["value"]["x"]
    # 13 of the 18 events start between 26 Oct and 12 Nov (70 %), a 17-day stretch of 226;
    # the view adds 5 % on either side
    assert (low["month"], low["date"], high["month"], high["date"]) == (10, 24, 11, 13)
    assert spec["title"]["subtitle"][-1].startswith("The page opens where most events are")
    rows = rows_of(spec)
    focus = Scale(
        _seconds(_iso(low)), _seconds(_iso(high)), spec["vconcat"][0]["width"]
    )  # labels fit in the first view ...
    inside = [r for r in rows if focus(_seconds(r["begin"])) >= 0]
    assert len(inside) == 13
    assert_no_overlap(inside, focus)
    domain = [_seconds(d) for d in spec["vconcat"][1]["encoding"]["x"]["scale"]["domain"]]
    # ... and over the whole range, where a label that fits on neither side at both scales
    # (the KL accord, at the focus's left edge) takes the other side (the page swaps it in)
    assert_no_overlap(rows, Scale(*domain, 900), on_chart=False)
    whole = [r | {"label_side": r.get("whole_side", r["label_side"])} for r in rows]
    assert_no_overlap(whole, Scale(*domain, 900))
    accord = next(r for r in rows if r["id"] == "thailand-cambodia-kl-accord")
    assert (accord["label_side"], accord["whole_side"]) == ("right", "left")


@pytest.mark.parametrize("lang", ["en", "de"])
def test_every_page_layout_opens_with_no_label_cut_off(bundled: Timeline, lang: str) -> None:
    """Each width the page has a layout for, where it opens and over the whole range (with the
    sides the page swaps in there): every label whole on the chart or out of view. (The German
    framework title was cut where the page opens at 768 px, and late-October labels ran off the
    right edge over the whole range.)"""
    from timeline.view.chart import merged, page_chart

    page = page_chart(bundled, lang=lang)
    for width, overlay in zip(page.widths, page.overlays, strict=True):
        spec = merged(page.spec, overlay)
        (brush,) = (p for p in spec["params"] if p["name"] == "brush")
        low, high = brush["value"]["x"]
        opening = Scale(_seconds(_iso(low)), _seconds(_iso(high)), width)
        assert spec["vconcat"][0]["width"] == width
        rows = rows_of(spec)
        assert_no_overlap(rows, opening)
        domain = [_seconds(d) for d in spec["vconcat"][1]["encoding"]["x"]["scale"]["domain"]]
        whole = [r | {"label_side": r.get("whole_side", r["label_side"])} for r in rows]
        assert_no_overlap(whole, Scale(*domain, width))


def _iso(moment: dict[str, int]) -> str:
    return (
        f"{moment['year']:04d}-{moment['month']:02d}-{moment['date']:02d}"
        f"T{moment['hours']:02d}:{moment['minutes']:02d}:00Z"
    )


def test_spread_out_or_few_events_open_on_the_whole_range(bundled: Timeline) -> None:
    few = bundled.filter(kind=["dinner", "meeting"])  # 6 events
    autumn = bundled.filter(start="2025-10-26", end="2025-11-12")  # no crowded corner
    for t in (few, autumn):
        spec = spec_of(t, overview=True)
        (brush,) = (p for p in spec["params"] if p["name"] == "brush")
        assert "value" not in brush


def test_unknown_grouping_is_refused(bundled: Timeline) -> None:
    with pytest.raises(UnknownOption, match="cannot group_by 'city'"):
        spec_of(bundled, group_by="city")


def test_a_timeline_shows_as_its_chart_in_a_notebook(bundled: Timeline) -> None:
    bundle = bundled._repr_mimebundle_()
    shown = bundle[0] if isinstance(bundle, tuple) else bundle
    assert shown is not None
    assert any("vega" in mimetype or "html" in mimetype for mimetype in shown)


def test_too_many_rows_to_label_draws_marks_only() -> None:
    """Labelled, 400 events would need hundreds of rows (a chart metres tall, minutes to
    draw as PNG); marks alone are packed into a few rows, and the subtitle says so."""
    many = Timeline(
        Event.model_validate(
            {
                "id": f"e{i}",
                "title": f"A long title that takes much room on the chart, number {i}",
                "kind": "meeting",
                "timezone": "UTC",
                # each after the one it follows (a relation the times contradict is an error)
                "start": f"{dt.datetime(2025, 1, 1) + dt.timedelta(hours=21 * i):%Y-%m-%d %H:00}",
                **({"follows": [f"e{i - 1}"]} if i else {}),
                "sources": [{"url": "https://example.org/"}],
            }
        )
        for i in range(400)
    )
    spec = spec_of(many)
    rows = rows_of(spec)
    assert {r["label"] for r in rows} == {""}
    assert len({r["slot"] for r in rows}) < 40
    assert " ".join(spec["title"]["subtitle"]).endswith(
        "400 marks are too many to label or link: hover one for its event, or narrow the timeline "
        "(--from, --to, or a filter) to see labels, periods and links"
    )
    with pytest.raises(AssertionError, match="no rule layer"):
        layer_with(spec, "rule", "relation")  # no tangle of connectors


def test_empty_timeline_still_charts() -> None:
    assert detail(spec_of(Timeline([])))["layer"]


def test_a_chart_with_hundreds_of_rows_still_draws() -> None:
    """An explicit sort list of every row once overflowed Vega's expression parser (1,500
    rows did it); rows now sort by their zero-padded keys."""
    from timeline.output.render import spec_to

    crowded = Timeline(
        Event.model_validate(
            {
                "id": f"e{i}",
                "title": f"An event with a long enough title number {i}",
                "kind": "meeting",
                "timezone": "UTC",
                "start": "2025-01-01T00:00Z",  # all at once: one row each
                "sources": [{"url": "https://example.org/"}],
            }
        )
        for i in range(1500)
    )
    spec = spec_of(crowded)
    assert layer_with(spec, "bar", "finish")["encoding"]["y"]["sort"] == "ascending"
    assert len({r["slot"] for r in rows_of(spec)}) == 1500
    assert str(spec_to(spec, "svg")).startswith("<svg")
