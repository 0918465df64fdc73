"""JSON events files read by the standard library, each value locatable by its path.

Positions are found by a JSON tokenizer, only when a problem needs one (not by reading the text
again as YAML, whose line breaks and escapes are not JSON's).
"""

from __future__ import annotations

import bisect
import json
import re
from typing import Any

from ..core.document import Document, Position
from ..core.errors import PathKey, Problem
from .limits import MAX_DEPTH, MAX_NUMBER_LENGTH
from .source import line_column
from .yaml_reader import number_too_long, too_deep

# ---------------------------------------------------------------------------------------------
# JSON


class _DuplicateKey(Exception):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _DuplicateKey
    return out


class _LongNumber(Exception):
    pass


def _json_int(digits: str) -> int:
    if len(digits) > MAX_NUMBER_LENGTH:
        raise _LongNumber
    return int(digits)


def parse_json(text: str, name: str) -> Document:
    if not text.strip():
        return Document(None, name)  # empty, as an empty YAML file is
    positions = JsonPositions(text)
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        message = f"JSON syntax error: {exc.msg}"
        if exc.msg.startswith("Invalid control character"):
            message = (
                f"JSON syntax error: control character U+{ord(text[exc.pos]):04X} inside text; "
                f"write it as \\u{ord(text[exc.pos]):04x} or remove it"
            )
        return Document(None, name, [Problem("json-syntax", message, name, exc.lineno, exc.colno)])
    except _LongNumber:
        found = re.search(rf"[0-9]{{{MAX_NUMBER_LENGTH + 1}}}", text)
        where = line_column(text, found.start()) if found else (None, None)
        return Document(None, name, [number_too_long(name, *where)])
    except _DuplicateKey:
        # Rare: read it again keeping the first of each key, as the YAML reader does, and say
        # where every repeated key is.
        data = json.loads(text, object_pairs_hook=_first_of_each, parse_int=_json_int)
        return Document(data, name, positions.duplicates(name), positions.locate)
    except RecursionError:
        return Document(None, name, [_json_too_deep(text, name)])
    if _deeper_than(data, MAX_DEPTH):  # as the YAML reader refuses it; and not to be located
        return Document(None, name, [_json_too_deep(text, name)])
    if ("\\ud" in text or "\\uD" in text) and (problem := _lone_surrogate(data, text, name)):
        return Document(None, name, [problem])
    return Document(data, name, [], positions.locate)


def _first_of_each(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        out.setdefault(key, value)
    return out


_Node = Any
"""Where a JSON value is: its offset in the text (a scalar), or ``(offset, children)`` for an
object (children: ``{key: (key offset, node)}``) or an array (children: a list of nodes)."""

_TOKEN = re.compile(r'[ \t\n\r]*(?:("[^"\\]*(?:\\.[^"\\]*)*")|([\[\]{},:])|([^ \t\n\r\[\]{},:"]+))')
"""One JSON token after JSON's white space (space, tab, line feed, carriage return): a string,
a bracket, a comma or a colon, or a scalar (a number, true, false, null)."""


class JsonPositions:
    """Where each value of a JSON text is, found by JSON's own rules when first asked.

    Lines end at line feeds only, as they do for JSON (a U+2028 or U+0085 inside a string is
    text), and keys are compared decoded (a ``\\ud83d\\ude80`` escape is the character).
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._root: list[_Node] = []
        self._repeated: list[tuple[PathKey, int, int]] = []  # path, offset, first offset
        self._line_starts: list[int] = []

    def locate(self, path: PathKey, key: bool) -> Position | None:
        node, key_offset = self._tree(), None
        for part in path:
            if not isinstance(node, tuple):
                return None
            children = node[1]
            if isinstance(children, dict) and isinstance(part, str) and part in children:
                key_offset, node = children[part]
            elif isinstance(children, list) and isinstance(part, int):
                if not 0 <= part < len(children):
                    return None
                key_offset, node = None, children[part]
            else:
                return None
        if node is None:
            return None
        offset = key_offset if key and key_offset is not None else self._offset(node)
        return self._position(offset)

    def duplicates(self, name: str) -> list[Problem]:
        """A problem for each key written again in the same object, at the repeat."""
        self._tree()
        problems = []
        for path, offset, first in self._repeated:
            line, column = self._position(offset)
            problems.append(
                Problem(
                    "duplicate-key",
                    f"duplicate key {path[-1]!r} (first written on line "
                    f"{self._position(first)[0]}); a key may appear once per mapping",
                    name,
                    line,
                    column,
                    path,
                )
            )
        return problems

    @staticmethod
    def _offset(node: _Node) -> int:
        return node[0] if isinstance(node, tuple) else int(node)

    def _position(self, offset: int) -> Position:
        if not self._line_starts:
            self._line_starts = [0, *(m.end() for m in re.finditer("\n", self._text))]
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def _tree(self) -> _Node:
        """The positions of every value, from one pass over the text (no recursion)."""
        if self._root:
            return self._root[0]
        stack: list[tuple[_Node, PathKey]] = []  # open objects and arrays, with their paths
        pending: str | None = None  # the key whose value comes next
        pending_offset = 0
        root: _Node = None
        for token in _TOKEN.finditer(self._text):
            string, bracket, _scalar = token.groups()
            if bracket in (",", ":"):
                continue
            if bracket in ("]", "}"):
                if stack:
                    stack.pop()
                continue
            offset = token.start(token.lastindex or 0)
            parent = stack[-1] if stack else None
            if parent is not None and isinstance(parent[0][1], dict) and pending is None:
                if string is not None:  # where a key goes (json.loads has checked the rest)
                    pending, pending_offset = _decoded(string), offset
                continue
            node: _Node = (offset, {} if bracket == "{" else []) if bracket else offset
            path: PathKey = ()
            if parent is None:
                root = node if root is None else root
            else:
                (_start, children), parent_path = parent
                if isinstance(children, dict):
                    key = pending or ""
                    if key in children:
                        first = children[key][0]
                        self._repeated.append(((*parent_path, key), pending_offset, first))
                    else:
                        children[key] = (pending_offset, node)
                    path, pending = (*parent_path, key), None
                else:
                    path = (*parent_path, len(children))
                    children.append(node)
            if bracket:
                stack.append((node, path))
        self._root.append(root)
        return root


def _decoded(token: str) -> str:
    """A JSON string token as the text it stands for."""
    if "\\" not in token:
        return token[1:-1]
    try:
        decoded: str = json.loads(token)
    except ValueError:
        return token[1:-1]
    return decoded


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
_LONE_SURROGATE_ESCAPE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def _deeper_than(data: Any, limit: int) -> bool:
    """Whether lists and mappings in ``data`` nest more than ``limit`` deep (no recursion)."""
    level: list[Any] = [data] if isinstance(data, dict | list) else []
    for _depth in range(limit):
        level = [
            item
            for value in level
            for item in (value.values() if isinstance(value, dict) else value)
            if isinstance(item, dict | list)
        ]
        if not level:
            return False
    return any(level)  # something inside a list or mapping that is ``limit`` deep already


def _json_too_deep(text: str, name: str) -> Problem:
    """The JSON reader recursed too deep: find where nesting passes ``MAX_DEPTH``."""
    depth = 0
    for token in _JSON_TOKEN.finditer(text):
        bracket = token.group()
        if bracket in ("[", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                problem = too_deep(name)
                line, column = line_column(text, token.start())
                return Problem(problem.code, problem.message, name, line, column)
        elif bracket in ("]", "}"):
            depth -= 1
    return too_deep(name)


def _lone_surrogate(data: Any, text: str, name: str) -> Problem | None:
    """A ``\\ud800``-style escape with no other half decodes to text no file can hold."""
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        found = _LONE_SURROGATE_ESCAPE.search(text)
        escape = found.group() if found else "a \\u escape"
        line, column = line_column(text, found.start()) if found else (None, None)
        return Problem(
            "json-unicode",
            f"{escape} is one half of a UTF-16 surrogate pair without the other half, "
            "not a character; write the character itself",
            name,
            line,
            column,
        )
    return None
