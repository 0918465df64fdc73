"""JSON events files read by the standard library, each value locatable by its path.

Positions are looked up only when a problem needs one.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from ..core.document import Document, Position
from ..core.errors import PathKey, Problem
from .limits import MAX_DEPTH, MAX_NUMBER_LENGTH
from .source import line_column
from .yaml_reader import Refused, compose, locate_node, number_too_long, parse_yaml, too_deep

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
        # Rare; let the YAML reader (JSON is nearly a subset of YAML) say where it is.
        doc = parse_yaml(text, name)
        if not doc.problems:
            doc.problems.append(Problem("duplicate-key", "duplicate key in a JSON object", name))
        return doc
    except RecursionError:
        return Document(None, name, [_json_too_deep(text, name)])
    if _deeper_than(data, MAX_DEPTH):  # as the YAML reader refuses it; and not to be located
        return Document(None, name, [_json_too_deep(text, name)])
    if ("\\ud" in text or "\\uD" in text) and (problem := _lone_surrogate(data, text, name)):
        return Document(None, name, [problem])

    tree: list[yaml.Node | None] = []

    def locate(path: PathKey, key: bool) -> Position | None:
        if not tree:
            try:
                tree.append(compose(text, name))
            except (yaml.YAMLError, Refused):
                tree.append(None)
        root = tree[0]
        return None if root is None else locate_node(root, path, key)

    return Document(data, name, [], locate)


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
