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

import codecs
import contextlib
import json
import os
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

MAX_BYTES = 128 << 20
"""Largest input read (128 MiB, about 170,000 events); larger ones are refused unread.

A file with errors is read twice, and the second reader keeps a position for every value: a
file of 75 MiB needs 5 GB of memory then, so a much larger limit would let one file exhaust
the machine. The environment variable ``TIMELINE_MAX_BYTES`` (a number of bytes) overrides it.
"""
MAX_DEPTH = 64
"""Deepest nesting of mappings and lists accepted; an events file needs about 6."""
MAX_ALIAS_GROWTH = 1_000_000
"""Values that aliases may add by repetition; beyond that the file is refused."""
MAX_NUMBER_LENGTH = 1000
"""Longest whole number read (in digits); Python cannot even print one of 4,300 digits."""


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


def max_bytes() -> int:
    """The size limit in force: ``TIMELINE_MAX_BYTES`` when set, else ``MAX_BYTES``."""
    setting = os.environ.get("TIMELINE_MAX_BYTES", "").strip()
    if not setting:
        return MAX_BYTES
    if not setting.isdigit() or int(setting) == 0:
        raise UnreadableInput(
            f"TIMELINE_MAX_BYTES={setting!r} is not a size; give a number of bytes (e.g. 500000000)"
        )
    return int(setting)


def too_large(name: str, size: int | None = None) -> UnreadableInput:
    """The error for an input over the size limit (``size`` when it is known)."""
    limit = max_bytes()
    what = f"{_size_text(size)} is" if size is not None else "is"
    return UnreadableInput(
        f"{name}: {what} larger than the limit of {_size_text(limit)}; split the file, or set "
        "TIMELINE_MAX_BYTES to a larger number of bytes"
    )


def _size_text(size: int) -> str:
    return f"{size / 2**20:.0f} MiB" if size >= 2**20 else f"{size:,} bytes"


@contextlib.contextmanager
def reading(name: str) -> Iterator[None]:
    """Turn the ways reading a file can fail into an ``UnreadableInput`` that names it."""
    try:
        yield
    except FileNotFoundError:
        raise UnreadableInput(f"{name}: no such file") from None
    except PermissionError:
        raise UnreadableInput(f"{name}: permission denied") from None
    except OSError as exc:
        raise UnreadableInput(f"{name}: cannot read ({exc.strerror or exc})") from None
    except ValueError as exc:
        if isinstance(exc, UnreadableInput):
            raise
        raise UnreadableInput(f"{name!r}: not a possible file name") from None  # a NUL in it


def read_text(source: str | Path) -> tuple[str, str]:
    """Read a file as UTF-8 text; returns ``(text, name)`` or raises ``UnreadableInput``."""
    path = Path(source)
    name = str(source)
    limit = max_bytes()
    with reading(name):
        if path.is_dir():
            raise UnreadableInput(f"{name}: is a directory, not an events file")
        size = path.stat().st_size
        if size > limit:
            raise too_large(name, size)
        # Never more than the limit, even from a pipe or a device that reports no size
        # (/dev/zero would otherwise be read until memory runs out).
        with path.open("rb") as stream:
            raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise too_large(name)
    return decode(raw, name), name


_WIDE_UNICODE = {
    codecs.BOM_UTF32_LE: "UTF-32",
    codecs.BOM_UTF32_BE: "UTF-32",
    codecs.BOM_UTF16_LE: "UTF-16",
    codecs.BOM_UTF16_BE: "UTF-16",
}


def decode(raw: bytes, name: str) -> str:
    for bom, encoding in _WIDE_UNICODE.items():  # UTF-32 first: its mark starts like UTF-16's
        if raw.startswith(bom):
            raise UnreadableInput(f"{name}: the file is {encoding} text; save it as UTF-8")
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


def check_text(text: str, name: str) -> str:
    """``text`` as given, if it is within the size limit and every character in it is one.

    Text from a file was decoded, so it is; a ``str`` handed to ``loads`` may hold lone
    surrogates (``"\\ud800"``), which no file can, and which would fail later, on output.
    """
    if len(text) > max_bytes():
        raise too_large(name, len(text))
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            line, column = _line_column(text, exc.start)
            raise UnreadableInput(
                f"{name}:{line}:{column}: U+{ord(text[exc.start]):04X} is half of a UTF-16 "
                "surrogate pair, not a character"
            ) from None
    return text


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
    from .fastread import read_fast  # the common case of a large file, much faster

    try:
        fast = read_fast(text, name, "json" if fmt == "json" else "yaml")
    except Exception:  # the fast reader may only give up, never fail a read: rapidyaml and
        fast = None  # orjson refuse deep nesting with errors of their own
    if fast is not None:
        return fast
    return _parse_json(text, name) if fmt == "json" else _parse_yaml(text, name)


# ---------------------------------------------------------------------------------------------
# YAML


def _parse_yaml(text: str, name: str) -> Document:
    try:
        root = compose(text, name)
    except _Refused as refused:
        return Document(None, name, [refused.problem])
    except yaml.MarkedYAMLError as exc:
        return Document(None, name, [_syntax_problem(exc, name, text)])
    except yaml.reader.ReaderError as exc:
        return Document(None, name, [_character_problem(exc, name, text)])
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


def compose(text: str, name: str) -> yaml.Node | None:
    """The node tree of the one document in ``text``, as ``yaml.compose`` builds it.

    Built here from the parser's events, with a stack instead of recursion, so that nesting
    deeper than ``MAX_DEPTH`` is refused where it starts: PyYAML's composers recurse (its C one
    crashed the process on ``[[[[…`` a hundred thousand deep), and libyaml slows down with the
    square of the depth, so stopping at the first level too many keeps every input fast.
    Raises what ``yaml.compose`` raises, and ``_Refused`` for nesting too deep.
    """
    anchors: dict[str, yaml.Node] = {}
    open_nodes: list[list[Any]] = []  # [collection, its key waiting for a value] per level
    root: yaml.Node | None = None
    document: yaml.Node | None = None
    event: Any  # the stubs know the Python parser's marks, not the C parser's
    for event in yaml.parse(text, Loader=_Loader):
        kind = type(event)
        node: Any
        if kind is yaml.ScalarEvent:
            tag = event.tag
            if tag is None or tag == "!":
                tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
            node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        elif kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
            is_sequence = kind is yaml.SequenceStartEvent
            tag = event.tag
            if tag is None or tag == "!":
                tag = _SEQ_TAG if is_sequence else _MAP_TAG
            collection = yaml.SequenceNode if is_sequence else yaml.MappingNode
            node = collection(tag, [], event.start_mark, None, flow_style=event.flow_style)
        elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
            node = open_nodes.pop()[0]
            node.end_mark = event.end_mark
        elif kind is yaml.AliasEvent:
            if event.anchor not in anchors:
                raise yaml.composer.ComposerError(
                    None, None, f"found undefined alias {event.anchor!r}", event.start_mark
                )
            node = anchors[event.anchor]
        elif kind is yaml.DocumentStartEvent and document is not None:
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                document.start_mark,
                "but found another document",
                event.start_mark,
            )
        elif kind is yaml.DocumentEndEvent:
            document, root, anchors = root, None, {}
            continue
        else:
            continue
        if (
            kind is yaml.ScalarEvent
            or kind is yaml.SequenceStartEvent
            or kind is yaml.MappingStartEvent
        ):
            if len(open_nodes) > MAX_DEPTH:
                raise _Refused(_too_deep(name, event.start_mark))
            if event.anchor is not None:
                if event.anchor in anchors:
                    raise yaml.composer.ComposerError(
                        f"found duplicate anchor {event.anchor!r}; first occurrence",
                        anchors[event.anchor].start_mark,
                        "second occurrence",
                        event.start_mark,
                    )
                anchors[event.anchor] = node
            if kind is not yaml.ScalarEvent:
                open_nodes.append([node, None])
                continue
        # A finished node: the root, an item of a sequence, or a key or value of a mapping.
        if not open_nodes:
            root = node
        else:
            level = open_nodes[-1]
            if type(level[0]) is yaml.SequenceNode:
                level[0].value.append(node)
            elif level[1] is None:
                level[1] = node
            else:
                level[0].value.append((level[1], node))
                level[1] = None
    return document


_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"


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
        if node.tag not in _PLAIN_TAGS:  # !!set, !!omap, !!python/…: refused, as on scalars
            raise _Refused(_unsupported_tag(node, self.name))
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
            raise _Refused(_unsupported_tag(node, self.name))
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
        for whole_number, base in _INTEGERS:
            if whole_number.match(text):
                if len(text) > MAX_NUMBER_LENGTH:
                    self.problems.append(_number_too_long(self.name, *_mark(node)))
                    return text
                return int(text, base)
        if _FLOAT.match(text):
            return float(text)
        if text.lower() in _SPECIAL_FLOAT:
            return float(_SPECIAL_FLOAT[text.lower()])
        return text


_IN_PROGRESS = object()
_INTEGERS = ((_INT, 10), (_INT_OTHER, 0))  # decimal (leading zeros allowed), then 0o and 0x


def _number_too_long(name: str, line: int | None, column: int | None) -> Problem:
    return Problem(
        "number-too-long",
        f"a number written with more than {MAX_NUMBER_LENGTH} digits; "
        "put it in quotes if it is meant as text",
        name,
        line,
        column,
    )


def _unsupported_tag(node: yaml.Node, name: str) -> Problem:
    return Problem(
        "yaml-tag", f"unsupported YAML tag {node.tag!r}; write plain values", name, *_mark(node)
    )


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


def _character_problem(exc: yaml.reader.ReaderError, name: str, text: str) -> Problem:
    """A character YAML does not allow anywhere (a control character, U+FFFE …), located."""
    character = exc.character if isinstance(exc.character, int) else ord(exc.character or "?")
    # The C reader counts bytes, not characters; the first such character is the one.
    index = text.find(chr(character))
    line, column = (None, None) if index < 0 else _line_column(text, index)
    return Problem(
        "yaml-character",
        f"character U+{character:04X} is not allowed in a YAML file "
        "(a control character or a non-character); remove it",
        name,
        line,
        column,
    )


def _line_column(text: str, index: int) -> Position:
    """1-based line and column of ``text[index]``."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _too_deep(name: str, where: yaml.Node | yaml.Mark | None = None) -> Problem:
    if isinstance(where, yaml.Node):
        line, column = _mark(where)
    elif where is not None:
        line, column = where.line + 1, where.column + 1
    else:
        line, column = None, None
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


class _LongNumber(Exception):
    pass


def _json_int(digits: str) -> int:
    if len(digits) > MAX_NUMBER_LENGTH:
        raise _LongNumber
    return int(digits)


def _parse_json(text: str, name: str) -> Document:
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
        where = _line_column(text, found.start()) if found else (None, None)
        return Document(None, name, [_number_too_long(name, *where)])
    except _DuplicateKey:
        # Rare; let the YAML reader (JSON is nearly a subset of YAML) say where it is.
        doc = _parse_yaml(text, name)
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
            except (yaml.YAMLError, _Refused):
                tree.append(None)
        root = tree[0]
        return None if root is None else _locate_node(root, path, key)

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
                problem = _too_deep(name)
                line, column = _line_column(text, token.start())
                return Problem(problem.code, problem.message, name, line, column)
        elif bracket in ("]", "}"):
            depth -= 1
    return _too_deep(name)


def _lone_surrogate(data: Any, text: str, name: str) -> Problem | None:
    """A ``\\ud800``-style escape with no other half decodes to text no file can hold."""
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        found = _LONE_SURROGATE_ESCAPE.search(text)
        escape = found.group() if found else "a \\u escape"
        line, column = _line_column(text, found.start()) if found else (None, None)
        return Problem(
            "json-unicode",
            f"{escape} is one half of a UTF-16 surrogate pair without the other half, "
            "not a character; write the character itself",
            name,
            line,
            column,
        )
    return None


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
