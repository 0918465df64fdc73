"""From a ``Timeline`` to a file: HTML (offline), PNG, SVG, PDF or the Vega-Lite JSON spec."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import OutputError, UnsupportedFormat
from ..core.progress import stage
from .atomic import write_atomic

if TYPE_CHECKING:
    import datetime as dt

    from ..core.groups import GroupBy
    from ..core.timeline import Timeline

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
    **chart_options: Any,
) -> Path:
    """Write the chart of ``timeline`` to ``path`` (``timeline.render`` says how)."""
    fmt = render_format(path, format)
    if chart_options.get("overview") is None:  # a brush is for readers who can use one
        chart_options["overview"] = fmt == "html"
    with stage(f"drawing {len(timeline):,} events"):
        from ..view.chart import build_chart

        spec = build_chart(timeline, **chart_options).to_dict()
    with stage(f"writing {path}"):
        return write_atomic(path, spec_to(spec, fmt, scale=scale))


def render_jsonl(
    source: str | os.PathLike[str],
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    scale: float | None = None,
    group_by: GroupBy = "kind",
    workers: int | None = 1,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    tz: str = "UTC",
    **chart_options: Any,
) -> tuple[Path, int]:
    """``render(load(source), path, …)`` for a JSON Lines file of any size.

    The chart is the one ``render`` draws, without holding every event: above ``DETAIL_LIMIT``
    events it is drawn from the columns ``read.stream.read_columns`` keeps (``workers`` as
    there). Returns the file written and the number of events drawn (``start`` and ``end`` as
    in ``Timeline.filter``: every event is checked, those in that window drawn).
    """
    from ..read.stream import load_columns
    from ..view.chart import density_view

    fmt = render_format(path, format)
    drawn = load_columns(source, group_by=group_by, workers=workers, start=start, end=end, tz=tz)
    if drawn.timeline is not None:  # few enough to draw one by one
        options = {"tz": tz, "group_by": group_by, **chart_options}
        written = render(drawn.timeline, path, format=fmt, scale=scale, **options)
        return written, len(drawn.timeline)
    with stage(f"drawing {len(drawn):,} events"):
        chart_options.pop("overview", None)  # the density view has its own zoom
        chart_options.pop("color_by", None)  # and one colour scale, for counts
        chart_options.pop("reported", None)  # counts have no single events to report on
        spec = density_view(
            drawn.columns,
            texts=drawn.header,
            actors=drawn.header.actors,
            group_by=group_by,
            tz=tz,
            **chart_options,
        ).to_dict()
    with stage(f"writing {path}"):
        return write_atomic(path, spec_to(spec, fmt, scale=scale)), len(drawn.columns)


def spec_to(spec: dict[str, Any], fmt: str, *, scale: float | None = None) -> str | bytes:
    """Convert a Vega-Lite spec to the bytes or text of one output format.

    ``scale`` multiplies the size of a PNG (default 2, sharp on high-density screens), an SVG
    or a PDF (default 1).
    """
    if fmt == "json":  # safe to paste into a web page's <script>, as Vega-Lite specs often are
        from .page import script_safe

        return script_safe(json.dumps(spec, indent=2, ensure_ascii=False)) + "\n"
    if fmt == "html":  # vl-convert's page, kept between runs: a second faster
        from .page import html_page

        return html_page(spec, VEGA_LITE_VERSION)
    import vl_convert as vlc

    scale = scale or (2.0 if fmt == "png" else 1.0)
    # No base URLs: a spec may never make the converter fetch anything.
    options: dict[str, Any] = {"vl_version": VEGA_LITE_VERSION, "allowed_base_urls": []}
    try:
        if fmt == "png":
            png: bytes = vlc.vegalite_to_png(spec, scale=scale, **options)
            return png
        svg = _scaled_svg(vlc.vegalite_to_svg(spec, **options), scale)
    except ValueError as exc:  # vl-convert reports a failure inside Vega as a ValueError
        first = str(exc).splitlines()[1:2] or [str(exc)]
        raise OutputError(
            f"the chart could not be drawn as {fmt.upper()}: {first[0].strip()}"
        ) from None
    if fmt == "pdf":  # vl-convert's PDF has no scale of its own: its page is the SVG's size
        pdf: bytes = vlc.svg_to_pdf(svg)
        return pdf
    return svg


_SVG_SIZE = re.compile(r'^(<svg[^>]*?) width="([\d.]+)" height="([\d.]+)"')


def _scaled_svg(svg: str, scale: float) -> str:
    """The SVG drawn ``scale`` times as large: its width and height grow, its viewBox stays."""
    found = _SVG_SIZE.match(svg)
    if found is None or scale == 1:
        return svg
    start, width, height = found.groups()
    sized = f'{start} width="{float(width) * scale:g}" height="{float(height) * scale:g}"'
    return sized + svg[found.end() :]
