"""iCalendar text as blocks with their lines: what ``icalendar`` does not tell us.

``icalendar`` parses a calendar but forgets where each component and property was written, gives
up on a whole calendar for one bad line, and reads a calendar that is never closed as nothing.
This scanner reads the content lines first (unfolded, each with the line it starts on) and
builds the ``BEGIN``/``END`` blocks itself, so that

* every component and property has its line, for messages;
* a calendar or component that is never closed is read to the end of the file, and said so;
* a component inside one it cannot be part of (a ``VEVENT`` inside a ``VEVENT``) is read as its
  own, so that nesting never gets deep;
* the text handed to ``icalendar`` is rebuilt from the blocks, less the lines that cannot be read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

ITEMS = ("VEVENT", "VTODO", "VJOURNAL")
"""Components that are things happening: what a calendar holds, one event each at most."""
CALENDAR = "VCALENDAR"

_NEWLINE = re.compile(r"\r\n|\r|\n")
_NAME = re.compile(r"[A-Za-z0-9-]+")
_HEAD = re.compile(r'(?:[^:"]|"[^"]*")*:')
LONG_VALUE = 65_536
"""Values longer than this are kept aside while ``icalendar`` parses the rest: it reads every
line a character at a time in Python, a minute for a 50 MB ``DESCRIPTION``."""


@dataclass
class Block:
    """A component as written: its name, the lines of its own properties, the blocks in it."""

    name: str
    line: int
    end: int | None = None
    """The line of its ``END``; ``None`` when it is never closed."""
    properties: list[tuple[int, str]] = field(default_factory=list)
    children: list[Block] = field(default_factory=list)
    moved: bool = False
    """Written inside a component it cannot be part of, and read as its own."""

    def property_lines(self, name: str) -> list[int]:
        """The lines of this block's own ``name`` properties, in order."""
        return [line for line, text in self.properties if property_name(text) == name]

    def preorder(self) -> Iterator[Block]:
        """This block and every block in it, in the order they were written."""
        stack = [self]
        while stack:
            block = stack.pop()
            yield block
            stack.extend(reversed(block.children))

    def text(self, dropped: frozenset[int] = frozenset()) -> str:
        """The block as iCalendar text, less the content lines at ``dropped`` lines."""
        out: list[str] = []
        stack: list[tuple[Block, bool]] = [(self, False)]
        while stack:
            block, done = stack.pop()
            if done:
                out.append(f"END:{block.name}")
                continue
            out.append(f"BEGIN:{block.name}")
            out.extend(text for line, text in block.properties if line not in dropped)
            stack.append((block, True))
            stack.extend((child, False) for child in reversed(block.children))
        return "\r\n".join(out) + "\r\n"


@dataclass
class Scan:
    """The calendars of a file, and what was odd about its structure (line, message)."""

    calendars: list[Block]
    notes: list[tuple[int, str]]
    lines: int
    long_values: dict[str, str] = field(default_factory=dict)
    """Long values as written (escaped), by the stand-in written in their place."""


def property_name(text: str) -> str:
    found = _NAME.match(text)
    return found.group().upper() if found else ""


def content_lines(text: str) -> Iterator[tuple[int, str]]:
    """Unfolded content lines, each with the line it starts on (RFC 5545 §3.1)."""
    start, parts = 0, list[str]()
    for number, physical in enumerate(_NEWLINE.split(text), 1):
        if physical[:1] in (" ", "\t") and parts:
            parts.append(physical[1:])
            continue
        if parts:
            yield start, "".join(parts)
        start, parts = number, [physical]
    if parts and parts != [""]:
        yield start, "".join(parts)


def scan(text: str) -> Scan:
    """The blocks of ``text``; see the module docstring."""
    root = Block("", 0)
    stack = [root]
    # The nearest calendar at each depth of ``stack``, so that placing a block costs nothing
    # however deep the nesting (13,000 VEVENTs, each inside the one before).
    nearest: list[Block | None] = [None]
    notes: list[tuple[int, str]] = []
    outside: Block | None = None
    moved: list[Block] = []
    long_values: dict[str, str] = {}
    last = 0
    for line, content in content_lines(text):
        last = line
        if not content.strip():
            continue
        keyword, _, value = content.partition(":")
        keyword, value = keyword.strip().upper(), value.strip().upper()
        if keyword == "BEGIN" and value:
            block = Block(value, line)
            parent = _parent(block, stack, nearest[-1])
            if parent is root and value != CALENDAR:
                if outside is None:
                    outside = Block(CALENDAR, line, end=line)
                    root.children.append(outside)
                    notes.append((line, f"{value} outside a VCALENDAR: read as if in one"))
                parent = outside
            elif parent is not stack[-1]:
                block.moved = True
                moved.append(block)
            parent.children.append(block)
            stack.append(block)
            nearest.append(block if value == CALENDAR else nearest[-1])
        elif keyword == "END" and value:
            _close(stack, value, line, notes)
            del nearest[len(stack) :]
        elif len(stack) > 1:
            if len(content) > LONG_VALUE and (head := _HEAD.match(content, 0, 4096)):
                stand_in = f"\ue000{len(long_values)}\ue001"
                long_values[stand_in] = content[head.end() :]
                content = head.group() + stand_in
            stack[-1].properties.append((line, content))
        elif content.strip():
            notes.append((line, f"{_shown(content)} is outside any component; ignored"))
    if moved:
        first, count = moved[0], len(moved)
        notes.append(
            (
                first.line,
                f"{first.name} inside another component"
                + (f" (and {count - 1:,} more like it)" if count > 1 else "")
                + ": each read as a component of its own",
            )
        )
    for block in reversed(stack[1:]):
        notes.append(
            (
                block.line,
                f"{block.name} begun here is never closed (no END:{block.name}); "
                "read to the end of the file",
            )
        )
    return Scan(root.children, notes, last, long_values)


def _parent(block: Block, stack: list[Block], calendar: Block | None) -> Block:
    """Where ``block`` belongs: a calendar at the top, an item in the nearest calendar, any
    other component where it is written."""
    if block.name == CALENDAR:
        return stack[0]
    if block.name in ITEMS:
        return calendar or stack[0]
    return stack[-1]


def _close(stack: list[Block], name: str, line: int, notes: list[tuple[int, str]]) -> None:
    for depth in range(len(stack) - 1, 0, -1):
        if stack[depth].name == name:
            for unclosed in stack[depth + 1 :]:
                notes.append(
                    (
                        unclosed.line,
                        f"{unclosed.name} begun here is not closed before END:{name} at line "
                        f"{line}; read up to there",
                    )
                )
            stack[depth].end = line
            del stack[depth:]
            return
    notes.append((line, f"END:{name} closes nothing that was begun; ignored"))


def _shown(content: str) -> str:
    return repr(content if len(content) <= 60 else content[:57] + "...")
