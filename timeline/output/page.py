"""The self-contained HTML page, made from a copy of vl-convert's page kept between runs.

``vl_convert.vegalite_to_html(spec, bundle=True)`` bundles the Vega JavaScript (about 900 kB)
anew in every process, which takes over a second. The page around the spec never changes for
one version of vl-convert and Vega-Lite, so it is made once, split where the spec goes, and
kept in the user's cache folder (``$TIMELINE_CACHE_DIR``, else ``$XDG_CACHE_HOME/timeline``
or ``~/.cache/timeline``). A page made from it is the page vl-convert would have written.
If the folder cannot be written, the copy lives only as long as the process.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
from importlib import metadata
from pathlib import Path
from typing import Any

from ..core.errors import OutputError
from ..core.safe_text import script_safe as script_safe
from .atomic import write_atomic

_SLOT = "TIMELINE-SPEC-SLOT-5d1e"
_SLOT_SPEC = {"description": _SLOT}


_EMBED = "vegaEmbed('#vega-chart', spec, opts)"
_PAGE_SCRIPT = """var background = (spec.config && spec.config.background) || '#ffffff';
    vegaEmbed('#vega-chart', spec, Object.assign(opts, {
      actions: {export: true, source: false, compiled: false, editor: false},
      // tooltips dark on a dark chart; vega-tooltip's default sanitising of text is kept
      tooltip: {theme: parseInt(background.slice(1, 3), 16) < 128 ? 'dark' : 'light'}
    })).then(function (result) {
      window.timelineView = result.view;  // for tests and for readers' own scripts
      document.body.style.background = background;
      // A click on an event opens its first source in a new tab that cannot reach back
      // into this page (noopener) and is not told where the reader came from (noreferrer).
      result.view.addEventListener('click', function (event, item) {
        var url = item && item.datum && item.datum.url;
        if (typeof url === 'string' && /^https?:\\/\\//.test(url)) {
          window.open(url, '_blank', 'noopener,noreferrer');
        }
      });
    })"""


def html_page(spec: dict[str, Any], vl_version: str) -> str:
    """The offline HTML page for ``spec``: the JavaScript inlined, nothing fetched.

    Around vl-convert's page it adds what a reader needs: a click on an event opens its first
    source, the page takes the chart's background, and the export menu offers only images
    (the "open in editor" entry would send the data to a web site).
    """
    head, tail = _page_around_spec(vl_version)
    if _EMBED not in tail:  # pragma: no cover - a vl-convert that writes its page differently
        raise RuntimeError("vl-convert's page does not embed the chart as expected")
    # As vl-convert writes it (compact, UTF-8), but inert in the <script> element it sits in
    # (vl-convert writes "</script>" in a title as it is, which ends the element early).
    data = script_safe(json.dumps(spec, ensure_ascii=False, separators=(",", ":")))
    return head + data + tail.replace(_EMBED, _PAGE_SCRIPT, 1)


@functools.cache
def _page_around_spec(vl_version: str) -> tuple[str, str]:
    version = metadata.version("vl-convert-python")
    cached = cache_dir() / f"page-vl-convert-{version}-vega-lite-{vl_version}.html"
    with contextlib.suppress(OSError, UnicodeDecodeError):
        head, found, tail = cached.read_text(encoding="utf-8").partition(_SLOT)
        if found:
            return head, tail
    import vl_convert as vlc

    page: str = vlc.vegalite_to_html(_SLOT_SPEC, bundle=True, vl_version=vl_version)
    slot = json.dumps(_SLOT_SPEC, separators=(",", ":"))
    head, found, tail = page.partition(slot)
    if not found:  # pragma: no cover - a vl-convert that writes the spec differently
        raise RuntimeError("vl-convert's page has no place for the spec")
    with contextlib.suppress(OSError, OutputError):  # then it is made again next time
        cached.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(cached, head + _SLOT + tail)
    return head, tail


def cache_dir() -> Path:
    """Where files kept between runs go (see the module's docstring)."""
    if folder := os.environ.get("TIMELINE_CACHE_DIR"):
        return Path(folder)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "timeline"
