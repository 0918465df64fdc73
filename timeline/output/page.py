"""The self-contained HTML page of a chart, and the fragment of it a CMS takes (``embed``).

The page is written for every reader: the heading, notes and the chart's description as text;
a list of every event, in time order (on a phone it *is* the timeline, drawn down the page; on
a wide screen it is what the keyboard and screen readers walk while the chart shows the focused
event); a table of every event behind a button; and, where script runs, the Vega chart, laid
out again for the width it is given (``view.chart.PageChart``). Without script the list and the
table are there, and nothing is lost but the chart. ``page.css`` and ``page.js``, next to this
module, are the page's style and script.

Vega's JavaScript (about 900 kB) comes from vl-convert, which bundles it anew in every process
in over a second: it is taken once from vl-convert's own page and kept in the user's cache
folder (``$TIMELINE_CACHE_DIR``, else ``$XDG_CACHE_HOME/timeline`` or ``~/.cache/timeline``).
If the folder cannot be written, the copy lives only as long as the process. In a fragment it
runs only if no other fragment on the page has run it already.

All event text is escaped (HTML) or written as JSON that cannot end its ``<script>`` element
(``script_safe``): it stays text.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from html import escape
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import OutputError
from ..core.safe_text import script_safe as script_safe
from .atomic import write_atomic

if TYPE_CHECKING:
    from ..view.page_model import EventEntry, PageModel

_SLOT = "TIMELINE-SPEC-SLOT-5d1e"
_SLOT_SPEC = {"description": _SLOT}
_BUNDLE_START = '<script type="text/javascript">'
HEIGHT_MESSAGE = "timeline:height"
"""The ``type`` of the message a page in a frame posts to its parent with its height."""


def html_page(model: PageModel, vl_version: str, *, embed: bool = False) -> str:
    """The offline HTML page of ``model``: the JavaScript inlined, nothing fetched. With
    ``embed``, only the fragment of it to paste into another page (no ``<html>`` shell)."""
    fragment = html_fragment(model, vl_version, heading="h2" if embed else "h1")
    if embed:
        return fragment + "\n"
    look = model.look
    return f"""<!DOCTYPE html>
<html lang="{model.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(model.title)}</title>
<style>
html {{ background: {look.background}; color-scheme: {look.name}; }}
body {{ margin: 0; padding: 12px 16px; background: {look.background}; }}
</style>
</head>
<body>
<main>
{fragment}
</main>
<script>
{_HEIGHT_SCRIPT}
</script>
</body>
</html>
"""


# A page in a frame tells its parent how tall it is, as newsroom embeds do: the README's
# snippet sizes the frame from it. The height is no secret, so any parent may hear it.
_HEIGHT_SCRIPT = f"""(function () {{
  if (window.parent === window) return;
  var last = 0;
  function post() {{
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {{
      last = height;
      window.parent.postMessage({{type: '{HEIGHT_MESSAGE}', height: height}}, '*');
    }}
  }}
  new ResizeObserver(post).observe(document.documentElement);
  post();
}})();"""


def html_fragment(model: PageModel, vl_version: str, *, heading: str = "h2") -> str:
    """The chart's block: style, script and content, its ids and CSS scoped to it."""
    config = {
        "spec": model.chart.spec,
        "widths": list(model.chart.widths),
        "overlays": list(model.chart.overlays),
        "words": model.words,
        "background": model.look.background,
    }
    data = script_safe(json.dumps(config, ensure_ascii=False, separators=(",", ":")))
    uid = "tl-" + hashlib.sha256(data.encode()).hexdigest()[:10]
    look = model.look
    colours = (
        f"--tl-bg:{look.background};--tl-text:{look.text};--tl-muted:{look.muted};"
        f"--tl-rule:{look.grid};--tl-link:{look.link}"
    )
    parts = [
        f'<div class="tl tl-{look.name}" id="{uid}" lang="{model.lang}" style="{colours}">',
        f"<style>{_asset('page.css')}</style>",
        f'<{heading} class="tl-title">{escape(model.title)}</{heading}>',
        *(f'<p class="tl-note">{escape(note)}</p>' for note in model.notes),
        f'<p class="tl-description" id="{uid}-description">{escape(model.description)}</p>',
        '<div class="tl-stage">',
        '<div class="tl-canvas" aria-hidden="true"></div>',
        '<div class="tl-ring" aria-hidden="true" hidden></div>',
    ]
    if model.entries:
        parts += [
            f'<ol class="tl-events" aria-label="{escape(_term(model, "events_list"))}" '
            f'aria-describedby="{uid}-keys">',
            *(_item(model, entry) for entry in model.entries),
            "</ol>",
        ]
    parts.append("</div>")
    if model.entries:
        parts += [
            '<div class="tl-details" aria-hidden="true" hidden></div>',
            f'<p class="tl-keys" id="{uid}-keys">{escape(_term(model, "keys"))}</p>',
            '<div class="tl-live" role="status" aria-live="polite"></div>',
        ]
    parts += [
        '<div class="tl-tools">',
        *(
            [
                f'<button type="button" class="tl-table-toggle" aria-expanded="true" '
                f'aria-controls="{uid}-table" hidden>{escape(model.words["hide_table"])}</button>'
            ]
            if model.entries
            else []
        ),
        f'<button type="button" class="tl-save" data-format="png" hidden>'
        f"{escape(model.words['save_png'])}</button>",
        f'<button type="button" class="tl-save" data-format="svg" hidden>'
        f"{escape(model.words['save_svg'])}</button>",
        "</div>",
    ]
    if model.entries:
        parts.append(_table(model, f"{uid}-table"))
    parts += [
        f'<script type="application/json" class="tl-data">{data}</script>',
        f"<script>{_vega_script(vl_version)}</script>",
        f"<script>{_asset('page.js')}\ntimelinePage(document.currentScript.parentNode);</script>",
        "</div>",
    ]
    return "\n".join(parts)


def _item(model: PageModel, entry: EventEntry) -> str:
    """An event in the list: its mark (shape for moment or span, hollow if approximate, dashed
    if only the date is known), when at the place, its title (a link to its first source),
    then its kind, place and relations, and, when it has the focus, the rest."""
    flags = " ".join(
        name
        for name, on in (
            ("tl-moment", entry.moment),
            ("tl-span", not entry.moment),
            ("tl-date-only", entry.date_only),
            ("tl-approximate", entry.approximate),
            ("tl-period", entry.period),
        )
        if on
    )
    title = escape(entry.title)
    if _is_web(entry.source_url):
        url = escape(entry.source_url or "")
        title = f'<a href="{url}" target="_blank" rel="noopener noreferrer">{title}</a>'
    period = _term(model, "period") if entry.period else ""
    disputed = _term(model, "disputed") if entry.disputed else ""
    meta = [entry.kind_label, period, disputed, entry.place, *entry.relations]
    in_zone = _term(model, "tooltip_display_time", zone=model.zone)
    more = [f"{in_zone}: {entry.display_time}", entry.participants, entry.source_name]
    more += [text for text in (entry.claims, entry.reported) if text]
    return (
        f'<li class="tl-item {flags}" data-id="{escape(entry.id)}" '
        f'aria-label="{escape(entry.name)}" style="--tl-c:{entry.colour}">'
        '<span class="tl-mark" aria-hidden="true"></span>'
        f'<span class="tl-when">{escape(entry.local_time)}</span>'
        f'<span class="tl-what">{title}</span>'
        f'<span class="tl-meta">{escape(" · ".join(m for m in meta if m))}</span>'
        f'<span class="tl-more">{escape(" · ".join(m for m in more if m))}</span>'
        "</li>"
    )


def _table(model: PageModel, table_id: str) -> str:
    """Every event in a table, in the chart's order and language; its cells say their column
    on a narrow screen, where each row is a block (the roles keep it a table for screen
    readers)."""
    columns = [
        _term(model, "tooltip_event"),
        _term(model, "column_local_time"),
        _term(model, "column_display_time", zone=model.zone),
        _term(model, "tooltip_kind"),
        _term(model, "tooltip_place"),
        _term(model, "tooltip_participants"),
        _term(model, "column_source"),
    ]
    head = "".join(f'<th scope="col" role="columnheader">{escape(c)}</th>' for c in columns)
    rows = []
    for entry in model.entries:
        source = escape(entry.source_name or _term(model, "no_source"))
        if _is_web(entry.source_url):
            url = escape(entry.source_url or "")
            source = f'<a href="{url}" target="_blank" rel="noopener noreferrer">{source}</a>'
        # what sources disagree on, and when it was first reported, go with its sources
        source += "".join(f"<br>{escape(text)}" for text in (entry.claims, entry.reported) if text)
        cells = [
            escape(entry.local_time),
            escape(entry.display_time),
            escape(entry.kind_label),
            escape(entry.place),
            escape(entry.participants),
            source,
        ]
        labelled = "".join(
            f'<td role="cell" data-column="{escape(column)}">{cell}</td>'
            for column, cell in zip(columns[1:], cells, strict=True)
        )
        rows.append(
            f'<tr role="row"><th scope="row" role="rowheader">{escape(entry.title)}</th>'
            f"{labelled}</tr>"
        )
    return (
        f'<div class="tl-table" id="{table_id}">'
        f'<table role="table"><caption>{escape(_term(model, "table_caption"))}</caption>'
        f'<thead role="rowgroup"><tr role="row">{head}</tr></thead>'
        f'<tbody role="rowgroup">{"".join(rows)}</tbody></table></div>'
    )


def _term(model: PageModel, key: str, **values: object) -> str:
    from ..view import words

    return words.term(key, model.lang, **values)


def _is_web(url: str | None) -> bool:
    return url is not None and url.lower().startswith(("https://", "http://"))


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _vega_script(vl_version: str) -> str:
    """Vega, Vega-Lite and vega-embed, run once however many charts a page holds: in a block,
    so that two copies do not declare the same names twice."""
    return f"if (!window.vegaEmbed) {{\n{_vega_bundle(vl_version)}\n}}"


@functools.cache
def _vega_bundle(vl_version: str) -> str:
    version = metadata.version("vl-convert-python")
    cached = cache_dir() / f"vega-bundle-vl-convert-{version}-vega-lite-{vl_version}.js"
    with contextlib.suppress(OSError, UnicodeDecodeError):
        bundle = cached.read_text(encoding="utf-8")
        if bundle.endswith(_BUNDLE_END):
            return bundle
    import vl_convert as vlc

    page: str = vlc.vegalite_to_html(_SLOT_SPEC, bundle=True, vl_version=vl_version)
    start = page.find(_BUNDLE_START)
    end = page.find("</script>", start)
    bundle = page[start + len(_BUNDLE_START) : end].strip()
    if start < 0 or not bundle.endswith(_BUNDLE_END):  # pragma: no cover - another vl-convert
        raise RuntimeError("vl-convert's page does not hold the Vega bundle as expected")
    with contextlib.suppress(OSError, OutputError):  # then it is made again next time
        cached.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(cached, bundle)
    return bundle


_BUNDLE_END = "window.vegaLite=__default1;"


def cache_dir() -> Path:
    """Where files kept between runs go (see the module's docstring)."""
    if folder := os.environ.get("TIMELINE_CACHE_DIR"):
        return Path(folder)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "timeline"
