"""Read an events file into plain Python data, keeping where every value was written.

YAML is read through PyYAML's node tree (its C parser when present) and turned into data by
the rules of YAML 1.2's core schema rather than PyYAML's YAML 1.1 ones, because the 1.1 rules
are traps in this domain: ``country: NO`` would be ``False``, ``start: 2025-11-11`` a ``date``
object, ``10:40`` the integer 640. Here only ``true``/``false``, ``null``, and plain numbers are
typed; everything else stays the text that was written. Duplicate keys are problems, not silent
overwrites, and aliases may not expand beyond a bound (a "billion laughs" file is refused).

JSON is read by the standard library; positions are looked up only when a problem needs one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, UnreadableInput

try:  # pragma: no cover - which one depends on how PyYAML was built
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

PathKey = tuple[str | int, ...]
Position = tuple[int, int]

MAX_BYTES = 1 << 30
"""Largest input read (1 GiB); larger files are refused before they are read."""
MAX_DEPTH = 64
"""Deepest nesting of mappings and lists accepted; an events file needs about 6."""
MAX_ALIAS_GROWTH = 1_000_000
"""Values that aliases may add by repetition; beyond that the file is refused."""


@dataclass
class Document:
    """Data read from one input, with a way to find where each value was written."""

    data: Any
    name: str
    problems: list[Problem] = field(default_factory=list)
    _locate: Callable[[PathKey, bool], Position | None] = field(
        default=lambda _path, _key: None, repr=False
    )

    def locate(self, path: PathKey, *, key: bool = False) -> Position | None:
        """Line and column (1-based) of the value at ``path``, or of its key with ``key=True``.

        When the path goes further than the data does (a missing field), the position of the
        deepest value that exists is given.
        """
        for end in range(len(path), -1, -1):
            found = self._locate(path[:end], key and end == len(path))
            if found is not None:
                return found
        return None


def read_text(source: str | Path) -> tuple[str, str]:
    """Read a file as UTF-8 text; returns ``(text, name)`` or raises ``UnreadableInput``."""
    path = Path(source)
    name = str(source)
    try:
        if path.is_dir():
            raise UnreadableInput(f"{name}: is a directory, not an events file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UnreadableInput(
                f"{name}: {size / 2**20:.0f} MiB is larger than the limit of "
                f"{MAX_BYTES / 2**20:.0f} MiB; split the file"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableInput(f"{name}: no such file") from None
    except PermissionError:
        raise UnreadableInput(f"{name}: permission denied") from None
    except OSError as exc:
        raise UnreadableInput(f"{name}: cannot read ({exc.strerror or exc})") from None
    return decode(raw, name), name


def decode(raw: bytes, name: str) -> str:
    if b"\x00" in raw:
        raise UnreadableInput(f"{name}: contains NUL bytes; this looks like a binary file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise UnreadableInput(
            f"{name}:{line}:{column}: not valid UTF-8 (byte 0x{raw[exc.start]:02x}); "
            "save the file as UTF-8"
        ) from None


def guess_format(name: str, text: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in {".yaml", ".yml"}:
        return "yaml"
    if suffix == ".json":
        return "json"
    return "json" if text.lstrip()[:1] in {"{", "["} else "yaml"


def parse(text: str, name: str, fmt: str | None = None) -> Document:
    """Parse ``text`` as YAML or JSON (guessed from ``name`` when ``fmt`` is None)."""
    fmt = fmt or guess_format(name, text)
    if fmt == "json":
        return _parse_json(text, name)
    return _parse_yaml(text, name)


# ---------------------------------------------------------------------------------------------
# YAML


def _parse_yaml(text: str, name: str) -> Document:
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return Document(None, name, [_syntax_problem(exc, name, text)])
    except yaml.YAMLError as exc:
        return Document(None, name, [Problem("yaml-syntax", str(exc), name)])
    except RecursionError:
        return Document(None, name, [_too_deep(name)])
    if root is None:
        return Document(None, name)
    builder = _NodeReader(name)
    try:
        data = builder.read(root, ())
    except _Refused as refused:
        return Document(None, name, [refused.problem])
    return Document(data, name, builder.problems, lambda p, k: _locate_node(root, p, k))


class _Refused(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_INT_OTHER = re.compile(r"^0o[0-7]+$|^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = {".inf": "inf", "+.inf": "inf", "-.inf": "-inf", ".nan": "nan"}
_STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_TAGS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:value",
    "tag:yaml.org,2002:merge",
}


class _NodeReader:
    """Turns a composed YAML node tree into data by the YAML 1.2 core schema."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []
        self._seen: dict[int, Any] = {}
        self._growth = 0

    def read(self, node: yaml.Node, path: PathKey) -> Any:
        if len(path) > MAX_DEPTH:
            raise _Refused(_too_deep(self.name, node))
        if id(node) in self._seen:
            # An alias: the same node again. Count what repeating it adds, so that nested
            # aliases cannot make the data exponentially larger than the file.
            self._growth += _count_values(node)
            if self._growth > MAX_ALIAS_GROWTH:
                raise _Refused(
                    Problem(
                        "alias-bomb",
                        f"aliases expand to more than {MAX_ALIAS_GROWTH:,} values; "
                        "write the values out or use fewer aliases",
                        self.name,
                        *_mark(node),
                    )
                )
            seen = self._seen[id(node)]
            if seen is _IN_PROGRESS:
                raise _Refused(
                    Problem("alias-cycle", "an alias refers to itself", self.name, *_mark(node))
                )
            return seen
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        self._seen[id(node)] = _IN_PROGRESS
        value: Any
        if isinstance(node, yaml.SequenceNode):
            value = [self.read(item, (*path, i)) for i, item in enumerate(node.value)]
        else:
            assert isinstance(node, yaml.MappingNode)
            value = self._mapping(node, path)
        self._seen[id(node)] = value
        return value

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = self.read(key_node, (*path, "[key]"))
            line, column = _mark(key_node)
            if not isinstance(key, str | int | float | bool) or key is None:
                self.problems.append(
                    Problem(
                        "key-type",
                        "a key must be plain text",
                        self.name,
                        line,
                        column,
                        format_path(path),
                    )
                )
                continue
            key = key if isinstance(key, str) else _key_text(key_node)
            if key in out:
                self.problems.append(
                    Problem(
                        "duplicate-key",
                        f"duplicate key {key!r} (first written on line {first_line[key]}); "
                        "a key may appear once per mapping",
                        self.name,
                        line,
                        column,
                        format_path((*path, key)),
                    )
                )
                continue
            first_line[key] = line
            out[key] = self.read(value_node, (*path, key))
        return out

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        text: str = node.value
        if node.tag not in _PLAIN_TAGS and node.tag != _STR_TAG:
            raise _Refused(
                Problem(
                    "yaml-tag",
                    f"unsupported YAML tag {node.tag!r}; write plain values",
                    self.name,
                    *_mark(node),
                )
            )
        # Plain scalars have no style (None from the Python parser, '' from the C one);
        # quoted and block scalars, and an explicit !!str, are always text.
        if node.style or (node.tag == _STR_TAG and _explicit_tag(node)):
            return text
        if _NULL.match(text):
            return None
        if _TRUE.match(text):
            return True
        if _FALSE.match(text):
            return False
        if _INT.match(text):
            return int(text)
        if _INT_OTHER.match(text):
            return int(text, 0)
        if _FLOAT.match(text):
            return float(text)
        if text.lower() in _SPECIAL_FLOAT:
            return float(_SPECIAL_FLOAT[text.lower()])
        return text


_IN_PROGRESS = object()


_RESOLVER = yaml.resolver.Resolver()


def _explicit_tag(node: yaml.ScalarNode) -> bool:
    # PyYAML gives plain scalars its own (YAML 1.1) tag; a str tag where it would have chosen
    # another one can only have been written out, as ``!!str``.
    if node.style:
        return False
    implicit = _RESOLVER.resolve(yaml.ScalarNode, node.value, (True, False))  # type: ignore[no-untyped-call]
    return bool(implicit != _STR_TAG)


def _key_text(node: yaml.Node) -> str:
    return str(node.value)


def _count_values(node: yaml.Node, _memo: dict[int, int] | None = None) -> int:
    memo = {} if _memo is None else _memo
    if id(node) in memo:
        return memo[id(node)]
    memo[id(node)] = 1  # guards against cycles; a cycle is reported by the reader
    if isinstance(node, yaml.SequenceNode):
        total = 1 + sum(_count_values(item, memo) for item in node.value)
    elif isinstance(node, yaml.MappingNode):
        total = 1 + sum(_count_values(v, memo) for _k, v in node.value)
    else:
        total = 1
    memo[id(node)] = total
    return total


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _locate_node(root: yaml.Node, path: PathKey, key: bool) -> Position | None:
    node: yaml.Node = root
    key_node: yaml.Node | None = None
    for part in path:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == part:
                    key_node, node = k, v
                    break
            else:
                return None
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                return None
            key_node, node = None, node.value[part]
        else:
            return None
    return _mark(key_node if key and key_node is not None else node)


def _syntax_problem(exc: yaml.MarkedYAMLError, name: str, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    problem = exc.problem or "invalid YAML"
    if (mark is not None and text[mark.index : mark.index + 1] == "\t") or "'\\t'" in problem:
        message = "a tab character; YAML indents with spaces only"
    else:
        message = f"YAML syntax error: {problem}"
        if exc.context:
            message += f" ({exc.context}"
            if exc.context_mark and exc.context_mark is not mark:
                message += f" on line {exc.context_mark.line + 1}"
            message += ")"
    return Problem("yaml-syntax", message, name, line, column)


def _too_deep(name: str, node: yaml.Node | None = None) -> Problem:
    line, column = _mark(node) if node is not None else (None, None)
    return Problem(
        "too-deep",
        f"nested more than {MAX_DEPTH} levels deep; an events file needs far fewer",
        name,
        line,
        column,
    )


# ---------------------------------------------------------------------------------------------
# JSON


class _DuplicateKey(Exception):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _DuplicateKey
    return out


def _parse_json(text: str, name: str) -> Document:
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        message = f"JSON syntax error: {exc.msg}"
        return Document(None, name, [Problem("json-syntax", message, name, exc.lineno, exc.colno)])
    except _DuplicateKey:
        # Rare; let the YAML reader (JSON is nearly a subset of YAML) say where it is.
        doc = _parse_yaml(text, name)
        if not doc.problems:
            doc.problems.append(Problem("duplicate-key", "duplicate key in a JSON object", name))
        return doc
    except RecursionError:
        return Document(None, name, [_too_deep(name)])

    tree: list[yaml.Node | None] = []

    def locate(path: PathKey, key: bool) -> Position | None:
        if not tree:
            try:
                tree.append(yaml.compose(text, Loader=_Loader))
            except (yaml.YAMLError, RecursionError):
                tree.append(None)
        root = tree[0]
        return None if root is None else _locate_node(root, path, key)

    return Document(data, name, [], locate)


def format_path(path: PathKey) -> str:
    """``events[2].place.country`` for ``("events", 2, "place", "country")``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def iter_paths(data: Any, prefix: PathKey = ()) -> Iterator[PathKey]:
    """Every path in ``data`` (used by tests to check that each value can be located)."""
    yield prefix
    if isinstance(data, dict):
        for k, v in data.items():
            yield from iter_paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from iter_paths(v, (*prefix, i))
