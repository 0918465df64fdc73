"""Fast readers for the common case of a large events file (``yaml_reader`` and
``json_reader`` are the reference readers).

PyYAML's C loader reads about two thousand events a second here, so a file of 100,000 events
took most of a minute. For YAML, rapidyaml (C++) parses the file and writes it out as JSON,
which orjson turns into Python data; for JSON, orjson reads the file. Each fast reader gives
exactly the data the reference readers give, or gives up (``None`` /
``NOT_FAST``) and the reference reader runs instead. It gives up whenever the file holds
something whose meaning the two readers might not agree on:

* YAML 1.1 leftovers that the core schema types differently from rapidyaml: ``~``, ``Null``,
  ``True``, ``FALSE``, ``012``, ``0x1F``, ``.inf`` (checked on the JSON rapidyaml writes);
* tags, anchors and aliases, directives, several documents, complex keys, tabs, and characters
  PyYAML refuses (checked on the text before parsing);
* duplicate keys (the number of keys written is compared with the number read);
* anything either parser refuses.

Positions are not kept by the fast path: when a problem needs one, the reference reader's
node tree is built then (``FastDocument.locate``), so messages carry the same ``line:column``.
And when a file has errors, the loader reads it again with the reference reader
(``FastDocument.reference``) so that every message is the one that reader gives.

Without rapidyaml or orjson installed, everything goes through the reference readers.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import threading
from collections.abc import Iterator
from typing import Any

from ..core.document import Document, Position
from ..core.errors import PathKey
from .json_reader import parse_json
from .yaml_reader import parse_yaml

NOT_FAST: Any = object()
"""What ``json_data`` returns when only the reference reader can be trusted with the text."""

# -- JSON ---------------------------------------------------------------------------------------

_KEY_SPACE = re.compile(r'"\s+:')


def json_data(text: str) -> Any:
    """``json.loads(text)`` for a file without duplicate keys, several times faster."""
    try:
        import orjson
    except ImportError:  # pragma: no cover - orjson is a dependency
        return NOT_FAST
    # Counting '":' finds every key only if no string holds a quote and keys end in '":'.
    if '\\"' in text or "\\u0022" in text or _KEY_SPACE.search(text):
        return NOT_FAST
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:  # also NaN, huge numbers, lone surrogates: the reference
        return NOT_FAST
    if text.count('":') != orjson.dumps(data).count(b'":'):
        return NOT_FAST  # a duplicate key: the reference reader reports it
    return data


# -- YAML ---------------------------------------------------------------------------------------

_YAML_UNSURE = re.compile(
    rb"[\s\[{,][!&*][^\s]"  # a tag, an anchor or an alias
    rb"|[\s\[{,][@`%]"  # characters that cannot start a plain value
    rb"|[\s\[{,]\?\s"  # a complex key
    rb"|\n(?:%|---|\.\.\.)"  # a directive, a document marker
    rb"|[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]"  # a tab, a control character
    rb"|\xc2[\x80-\x9f]|\xe2\x80[\xa8\xa9]"  # C1 controls, NEL and the other line breaks
    rb"|\xef\xbf[\xbe\xbf]|\xef\xbb\xbf"  # non-characters, a byte order mark
)
# The bytes that start or end one of the above: searched for first, because a regular
# expression that begins with a choice tries it at every byte (ten times slower).
_UNSURE_BYTES = re.compile(rb"[!&*@`%?\x00-\x09\x0b\x0c\x0e-\x1f\x7f\xc2\xe2\xef]")
_UNSURE_START = b"!&*@`%?-."
_TYPED_TEXT = re.compile(
    # A plain scalar that YAML 1.2's core schema types but rapidyaml writes as a string (or
    # rewrites: 'nan' becomes '.nan'), and null or empty keys. Quoted ones match too; they
    # only cost a slower read.
    r'"(?:[~.0]|[-+][.0]|N(?:ull|ULL)"|T(?:rue|RUE)"|F(?:alse|ALSE)"|null":|":)'
)
_MAX_KEY = 1024  # PyYAML refuses longer keys


class FastDocument(Document):
    """A document read by a fast reader; positions come from the reference reader."""

    def __init__(self, data: Any, name: str, text: str, fmt: str) -> None:
        super().__init__(data, name)
        self._text = text
        self._format = fmt
        self._reference: list[Document] = []

    def locate(self, path: PathKey, *, key: bool = False) -> Position | None:
        return self.reference().locate(path, key=key)

    def reference(self) -> Document:
        """The same text read by the reference reader (for its messages and positions)."""
        if not self._reference:
            read = parse_json if self._format == "json" else parse_yaml
            self._reference.append(read(self._text, self.name))
        return self._reference[0]


def read_fast(text: str, name: str, fmt: str) -> FastDocument | None:
    """``text`` read by the fast reader for ``fmt``, or ``None`` if the reference must read it."""
    if fmt == "json":
        data = json_data(text)
        return None if data is NOT_FAST else FastDocument(data, name, text, fmt)
    return yaml_document(text, name)


def yaml_document(text: str, name: str) -> FastDocument | None:
    """The document in ``text``, or ``None`` when the reference reader has to read it."""
    try:
        import orjson
        import ryml  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - both are dependencies
        return None
    raw = text.encode("utf-8")
    if not raw.strip() or raw[:1] in _UNSURE_START or _unsure(raw):
        return None
    buffer = bytearray(raw)
    try:
        with _quiet_stderr():
            tree = ryml.parse_in_place(buffer)
    except Exception:
        return None  # the reference reader says what is wrong, and where
    root = tree.root_id()
    if not tree.is_map(root):
        return None
    try:
        with _quiet_stderr():  # it refuses nesting deeper than 64, and says so on stderr
            written = ryml.emit_json(tree, root)
    except Exception:
        return None
    del tree, buffer
    if _TYPED_TEXT.search(written):
        return None
    try:
        data = orjson.loads(written)
    except orjson.JSONDecodeError:  # e.g. '+12', which rapidyaml writes as it is
        return None
    again = orjson.dumps(data)
    if written.count('":') != again.count(b'":'):
        return None  # a duplicate key (or a key that cannot be counted this way)
    if written.count("e") != again.count(b"e"):
        return None  # an integer too large for orjson, which made it a float (1.2e29)
    if not isinstance(data, dict) or any(len(k) > _MAX_KEY for k in _keys(data)):
        return None
    return FastDocument(data, name, text, "yaml")


def _unsure(raw: bytes) -> bool:
    """Whether ``raw`` holds anything the fast reader might read differently (see above)."""
    if b"\n---" in raw or b"\n..." in raw:
        return True  # several documents
    for hit in _UNSURE_BYTES.finditer(raw):
        at = hit.start()
        if 32 < raw[at] < 127 and raw[at - 1 : at] not in b" \t\n\r[{,":
            continue  # inside a value, as in URLs: ?a=1&b=2
        found = _YAML_UNSURE.match(raw, max(at - 1, 0))
        if found is None or found.end() <= at:
            found = _YAML_UNSURE.match(raw, at)
        if found is None:
            continue
        line = raw[raw.rfind(b"\n", 0, at) + 1 : at]
        if not line.lstrip(b" ").startswith(b"#") or not _harmless(found.group()):
            return True
    return False


def _harmless(text: bytes) -> bool:
    return text.isascii() and all(c >= 32 or c in b"\t\n\r" for c in text) and 127 not in text


def _keys(data: dict[str, Any]) -> Iterator[str]:
    yield from data
    actors = data.get("actors")
    if isinstance(actors, dict):
        yield from actors


_STDERR_LOCK = threading.Lock()


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """rapidyaml prints parse errors to the process's stderr; we report them our own way."""
    try:
        fd = sys.__stderr__.fileno() if sys.__stderr__ else 2
    except (AttributeError, OSError, ValueError):  # pragma: no cover - no real stderr
        yield
        return
    with _STDERR_LOCK:
        saved = os.dup(fd)
        try:
            with open(os.devnull, "wb") as devnull:
                os.dup2(devnull.fileno(), fd)
            yield
        finally:
            os.dup2(saved, fd)
            os.close(saved)
