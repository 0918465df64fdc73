"""Read an events file into plain Python data, keeping where every value was written.

YAML is read through PyYAML's node tree (its C parser when present) and turned into data by
the rules of YAML 1.2's core schema rather than PyYAML's YAML 1.1 ones, because the 1.1 rules
are traps in this domain: ``country: NO`` would be ``False``, ``start: 2025-11-11`` a ``date``
object, ``10:40`` the integer 640. Here only ``true``/``false``, ``null``, and plain numbers are
typed; everything else stays the text that was written. Duplicate keys are problems, not silent
overwrites, and aliases may not expand beyond a bound (a "billion laughs" file is refused).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..core.document import Document, Position
from ..core.errors import PathKey, Problem
from .limits import MAX_ALIAS_GROWTH, MAX_DEPTH, MAX_NUMBER_LENGTH
from .source import line_column

try:  # pragma: no cover - which one depends on how PyYAML was built
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


def parse_yaml(text: str, name: str) -> Document:
    try:
        root = compose(text, name)
    except Refused as refused:
        return Document(None, name, [refused.problem])
    except yaml.MarkedYAMLError as exc:
        return Document(None, name, [_syntax_problem(exc, name, text)])
    except yaml.reader.ReaderError as exc:
        return Document(None, name, [_character_problem(exc, name, text)])
    except yaml.YAMLError as exc:
        return Document(None, name, [Problem("yaml-syntax", str(exc), name)])
    except RecursionError:
        return Document(None, name, [too_deep(name)])
    if root is None:
        return Document(None, name)
    builder = _NodeReader(name)
    try:
        data = builder.read(root, ())
    except Refused as refused:
        return Document(None, name, [refused.problem])
    return Document(data, name, builder.problems, lambda p, k: locate_node(root, p, k))


class Refused(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def compose(text: str, name: str) -> yaml.Node | None:
    """The node tree of the one document in ``text``, as ``yaml.compose`` builds it.

    Built here from the parser's events, with a stack instead of recursion, so that nesting
    deeper than ``MAX_DEPTH`` is refused where it starts: PyYAML's composers recurse (its C one
    crashed the process on ``[[[[…`` a hundred thousand deep), and libyaml slows down with the
    square of the depth, so stopping at the first level too many keeps every input fast.
    Raises what ``yaml.compose`` raises, and ``Refused`` for nesting too deep.
    """
    _refuse_deep_flow(text, name)
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
                raise Refused(too_deep(name, event.start_mark))
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


# A line that opens more flow collections ("[", "{") than MAX_DEPTH, counted roughly: brackets
# inside quotes or plain text count too, so a match is only a reason to look closer.
_MANY_OPENERS = re.compile(rf"^(?:[^\n\[{{]*[\[{{]){{{MAX_DEPTH + 1}}}", re.MULTILINE)


def _refuse_deep_flow(text: str, name: str) -> None:
    """``Refused`` where flow collections nest deeper than ``MAX_DEPTH`` on one line.

    The one case where the C parser, reading ahead on a line to find out whether ``[`` starts
    a key, meets the nesting before this reader does: libyaml then reports its own limit (a
    thousand levels since PyYAML 6.0.4) in its own words. The pure-Python parser reads no
    further than it must, so it finds the level that is too deep exactly where ``compose`` would.
    """
    found = _MANY_OPENERS.search(text)
    if found is None:
        return
    end = text.find("\n", found.end())
    depth = 0
    event: Any
    try:
        for event in yaml.parse(text if end < 0 else text[:end], Loader=yaml.SafeLoader):
            starts = isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent)
            if (starts or isinstance(event, yaml.ScalarEvent)) and depth > MAX_DEPTH:
                raise Refused(too_deep(name, event.start_mark))
            if starts:
                depth += 1
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # cut short, or not YAML: the reader proper says what is wrong


_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"


_NULL = re.compile(r"^(?:~|null|Null|NULL|)\Z")
_TRUE = re.compile(r"^(?:true|True|TRUE)\Z")
_FALSE = re.compile(r"^(?:false|False|FALSE)\Z")
_INT = re.compile(r"^[-+]?[0-9]+\Z")
_INT_OTHER = re.compile(r"^0o[0-7]+\Z|^0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
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
            raise Refused(too_deep(self.name, node))
        if id(node) in self._seen:
            # An alias: the same node again. Count what repeating it adds, so that nested
            # aliases cannot make the data exponentially larger than the file.
            self._growth += _count_values(node)
            if self._growth > MAX_ALIAS_GROWTH:
                raise Refused(
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
                raise Refused(
                    Problem("alias-cycle", "an alias refers to itself", self.name, *_mark(node))
                )
            return seen
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if node.tag not in _PLAIN_TAGS:  # !!set, !!omap, !!python/…: refused, as on scalars
            raise Refused(_unsupported_tag(node, self.name))
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
                        path,
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
                        (*path, key),
                    )
                )
                continue
            first_line[key] = line
            out[key] = self.read(value_node, (*path, key))
        return out

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        text: str = node.value
        if node.tag not in _PLAIN_TAGS and node.tag != _STR_TAG:
            raise Refused(_unsupported_tag(node, self.name))
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
                    self.problems.append(number_too_long(self.name, *_mark(node)))
                    return text
                return int(text, base)
        if _FLOAT.match(text):
            return float(text)
        if text.lower() in _SPECIAL_FLOAT:
            return float(_SPECIAL_FLOAT[text.lower()])
        return text


_IN_PROGRESS = object()
_INTEGERS = ((_INT, 10), (_INT_OTHER, 0))  # decimal (leading zeros allowed), then 0o and 0x


def number_too_long(name: str, line: int | None, column: int | None) -> Problem:
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


def locate_node(root: yaml.Node, path: PathKey, key: bool) -> Position | None:
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
    line, column = (None, None) if index < 0 else line_column(text, index)
    return Problem(
        "yaml-character",
        f"character U+{character:04X} is not allowed in a YAML file "
        "(a control character or a non-character); remove it",
        name,
        line,
        column,
    )


def too_deep(name: str, where: yaml.Node | yaml.Mark | None = None) -> Problem:
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
