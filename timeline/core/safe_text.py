"""Text made safe for the places other programs read it in: JSON inside an HTML ``<script>``.

Written once here, below the writers that need it (the offline page, the Vega-Lite spec, the
JSON-LD export), so that every copy escapes the same way.
"""

from __future__ import annotations


def script_safe(json_text: str) -> str:
    """JSON text that may sit inside an HTML ``<script>`` element, or be pasted into one.

    ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e`` and ``\\u0026``, which JSON and
    JavaScript read as the same characters; so no text in the data can end the element
    (``</script>``), open an HTML comment (``<!--``) or start a tag. In JSON text these three
    characters occur only inside strings, so nothing else changes.
    """
    return json_text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
