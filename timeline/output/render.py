"""From a ``Timeline`` to a file: HTML (offline), PNG, SVG, PDF or the Vega-Lite JSON spec."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import MAX_PROBLEMS, InvalidTimeline, OutputError, UnsupportedFormat, capped
from ..core.progress import stage
from .atomic import write_atomic

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

    from ..core.groups import GroupBy
    from ..core.models import Actor
    from ..core.timeline import Timeline
    from ..engine.check import Source

RENDER_FORMATS = ("html", "png", "svg", "pdf", "json")
VEGA_LITE_VERSION = "6.4"  # the Vega-Lite that Altair 6 writes and vl-convert bundles


def render_format(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """The output format named by ``fmt``, or by the suffix of ``path``."""
    name = fmt or Path(path).suffix.lower().lstrip(".")
    if name not in RENDER_FORMATS:
        what = f"format {fmt!r}" if fmt else f"a {name!r} file" if name else "a file with no suffix"
        choices = ", ".join("." + f for f in RENDER_FORMATS)
        raise UnsupportedFormat(f"{path}: cannot render {what}; use one of {choices}")
    return name


def render(
    timeline: Timeline,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    scale: float | None = None,
    embed: bool = False,
    **chart_options: Any,
) -> Path:
    """Write the chart of ``timeline`` to ``path`` (``timeline.render`` says how)."""
    fmt = render_format(path, format)
    if embed and fmt != "html":
        raise UnsupportedFormat(f"{path}: only an .html chart can be embedded as a fragment")
    if chart_options.get("overview") is None:  # a brush is for readers who can use one
        chart_options["overview"] = fmt == "html"
    if fmt == "html":
        with stage(f"drawing {len(timeline):,} events"):
            from ..view.page_model import page_model

            model = page_model(timeline, **chart_options)
        with stage(f"writing {path}"):
            from .page import html_page

            return write_atomic(path, html_page(model, VEGA_LITE_VERSION, embed=embed))
    with stage(f"drawing {len(timeline):,} events"):
        from ..view.chart import build_chart

        spec = build_chart(timeline, **chart_options).to_dict()
    with stage(f"writing {path}"):
        return write_atomic(path, spec_to(spec, fmt, scale=scale))


def render_table(
    source: Source,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    scale: float | None = None,
    engine: str | Any = "duckdb",
    group_by: GroupBy = "kind",
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    tz: str = "UTC",
    max_problems: int | None = MAX_PROBLEMS,
    embed: bool = False,
    **chart_options: Any,
) -> tuple[Path, int]:
    """``render(load(source), path, …)`` for a JSON Lines file, a Parquet or CSV file or a
    table of any size, checked and counted on ``engine`` (``timeline.engine``).

    The chart is the one ``render`` draws, without holding every event: above
    ``DETAIL_LIMIT`` events it is the density view of the counts the engine makes. Returns the
    file written and the number of events drawn (``start`` and ``end`` as in
    ``Timeline.filter``: every event is checked, those in that window drawn). When it has errors,
    ``InvalidTimeline``'s report lists the first ``max_problems``.
    """
    from ..engine.check import check
    from ..view.chart import density_view, lane_labels

    fmt = render_format(path, format)
    if embed and fmt != "html":
        raise UnsupportedFormat(f"{path}: only an .html chart can be embedded as a fragment")
    lang = chart_options.get("lang", "en")

    def labels(keys: list[str], actors: Mapping[str, Actor]) -> dict[str, str]:
        return lane_labels(keys, group_by=group_by, actors=actors, lang=lang)

    checked = check(
        source, engine=engine, group_by=group_by, start=start, end=end, tz=tz, labels=labels
    )
    if not checked.report.valid:
        raise InvalidTimeline(capped(checked.report, max_problems))
    if checked.timeline is not None:  # few enough to draw one by one
        options = {"tz": tz, "group_by": group_by, **chart_options}
        written = render(checked.timeline, path, format=fmt, scale=scale, embed=embed, **options)
        return written, len(checked.timeline)
    counted = checked.bins if checked.bins is not None else checked.columns
    assert counted is not None
    with stage(f"drawing {checked.drawn:,} events"):
        chart_options.pop("overview", None)  # the density view has its own zoom
        chart_options.pop("color_by", None)  # and one colour scale, for counts
        chart_options.pop("reported", None)  # counts have no single events to report on
        spec = density_view(
            counted,
            texts=checked.header,
            actors=checked.actors,
            group_by=group_by,
            tz=tz,
            **chart_options,
        ).to_dict()
    with stage(f"writing {path}"):
        page = {"lang": lang, "embed": embed}
        return write_atomic(path, spec_to(spec, fmt, scale=scale, **page)), checked.drawn


def spec_to(
    spec: dict[str, Any],
    fmt: str,
    *,
    scale: float | None = None,
    lang: str = "en",
    embed: bool = False,
) -> str | bytes:
    """Convert a Vega-Lite spec to the bytes or text of one output format.

    ``scale`` multiplies the size of a PNG (default 2, sharp on high-density screens), an SVG
    or a PDF (default 1). An HTML page (or with ``embed`` its fragment) of a bare spec has the
    chart and its description, in ``lang``, but no list or table of events.
    """
    if fmt == "json":  # safe to paste into a web page's <script>, as Vega-Lite specs often are
        from .page import script_safe

        return script_safe(json.dumps(spec, indent=2, ensure_ascii=False)) + "\n"
    if fmt == "html":
        from ..view.page_model import spec_model
        from ..view.themes import DARK
        from .page import html_page

        dark = spec.get("config", {}).get("background") == DARK.background
        model = spec_model(spec, lang=lang, theme="dark" if dark else "light")
        return html_page(model, VEGA_LITE_VERSION, embed=embed)
    import vl_convert as vlc

    spec = drawable(spec)
    scale = scale or (2.0 if fmt == "png" else 1.0)
    # No base URLs: a spec may never make the converter fetch anything.
    options: dict[str, Any] = {"vl_version": VEGA_LITE_VERSION, "allowed_base_urls": []}
    if fmt == "png":
        options["scale"] = scale
    try:
        try:
            drawn = _picture(vlc, spec, fmt, options)
        except ValueError as exc:
            if _CUT_INSIDE_A_CHARACTER not in str(exc):
                raise
            drawn = _picture(vlc, _whole_labels(spec), fmt, options)
    except ValueError as exc:  # vl-convert reports a failure inside Vega as a ValueError
        first = str(exc).splitlines()[1:2] or [str(exc)]
        raise OutputError(
            f"the chart could not be drawn as {fmt.upper()}: {first[0].strip()}"
        ) from None
    if isinstance(drawn, bytes):
        return drawn
    svg = _scaled_svg(drawn, scale)
    if fmt == "pdf":  # vl-convert's PDF has no scale of its own: its page is the SVG's size
        pdf: bytes = vlc.svg_to_pdf(svg)
        return pdf
    return svg


def _picture(vlc: Any, spec: dict[str, Any], fmt: str, options: dict[str, Any]) -> str | bytes:
    """The PNG (bytes, ``scale`` in ``options``) or the SVG (text) vl-convert draws."""
    if fmt == "png":
        png: bytes = vlc.vegalite_to_png(spec, **options)
        return png
    svg: str = vlc.vegalite_to_svg(spec, **{k: v for k, v in options.items() if k != "scale"})
    return svg


# Vega shortens a label longer than its limit by trying ever shorter beginnings of it, cut by
# UTF-16 code units: a cut through a character outside the BMP (an emoji in an actor's name)
# leaves half of it, which vl-convert's text measuring refuses with this message. Such a chart
# is drawn again with its labels whole: the picture grows to hold them.
_CUT_INSIDE_A_CHARACTER = "unexpected end of hex escape"
_LIMITS = ("labelLimit", "titleLimit", "limit")
_NO_LIMITS = {  # where Vega shortens labels unless told not to
    "axis": {"labelLimit": 0, "titleLimit": 0},
    "legend": {"labelLimit": 0, "titleLimit": 0},
    "title": {"limit": 0},
}


def _whole_labels(spec: Any) -> Any:
    """``spec`` with no limit on the width of any label or title (0: none)."""
    if isinstance(spec, list):
        return [_whole_labels(item) for item in spec]
    if not isinstance(spec, dict):
        return spec
    whole: dict[str, Any] = {
        key: 0 if key in _LIMITS else _whole_labels(value) for key, value in spec.items()
    }
    if "$schema" in spec:  # the top, whose config sets the defaults
        config = dict(whole.get("config", {}))
        for part, limits in _NO_LIMITS.items():
            config[part] = {**config.get(part, {}), **limits}
        whole["config"] = config
    return whole


# Characters XML 1.0 cannot hold, which vl-convert's SVG writer panics on (a Rust backtrace and
# exit 134): C0 controls but tab, line feed and carriage return, and U+FFFE, U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x1f"  # vertical tab, form feed, file … unit separators


def drawable(spec: Any) -> Any:
    """``spec`` with every text in it fit for a picture (PNG, SVG, PDF are drawn as XML).

    A vertical tab or form feed (text pasted from a PDF holds them where lines and pages broke)
    and the other separators Python counts as white space are shown as a space; any other
    control character, and U+FFFE and U+FFFF, as a ``\\u0007``-style escape, as the terminal
    shows them. The HTML page and the Vega-Lite JSON keep the text as it is.
    """
    if isinstance(spec, str):
        return _NOT_XML.sub(_shown, spec) if _NOT_XML.search(spec) else spec
    if isinstance(spec, dict):
        return {drawable(key): drawable(value) for key, value in spec.items()}
    if isinstance(spec, list):
        return [drawable(item) for item in spec]
    return spec


def _shown(found: re.Match[str]) -> str:
    character = found.group()
    return " " if character in _BREAKS else f"\\u{ord(character):04x}"


_SVG_SIZE = re.compile(r'^(<svg[^>]*?) width="([\d.]+)" height="([\d.]+)"')


def _scaled_svg(svg: str, scale: float) -> str:
    """The SVG drawn ``scale`` times as large: its width and height grow, its viewBox stays."""
    found = _SVG_SIZE.match(svg)
    if found is None or scale == 1:
        return svg
    start, width, height = found.groups()
    sized = f'{start} width="{float(width) * scale:g}" height="{float(height) * scale:g}"'
    return sized + svg[found.end() :]
