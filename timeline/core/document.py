"""Data read from an input, with where each value was written: what every reader makes.

A reader (YAML, JSON, JSON Lines, another tool's format) turns text into plain Python data and a
way to find the line and column of any value in it, by its path (``("events", 2, "start")``).
The checks in ``validation`` use the path to place each problem they find.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .errors import Order, PathKey, Problem

Position = tuple[int, int]
"""Line and column, both from 1."""


@dataclass
class Document:
    """Data read from one input, with a way to find where each value was written."""

    data: Any
    name: str
    problems: list[Problem] = field(default_factory=list)
    _locate: Callable[[PathKey, bool], Position | None] = field(
        default=lambda _path, _key: None, repr=False
    )
    items: int | None = None
    """How many items (calendar components, slides, rows) another tool's file holds, when it
    was imported: what each event in ``data`` and each item reported as skipped is one of."""
    _ranks: dict[int, dict[Any, int]] = field(default_factory=dict, repr=False, compare=False)

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

    def order(self, path: PathKey) -> Order:
        """Where the value at ``path`` comes in the data, as read (the place of each key in its
        mapping, each index): the order of the file, found without locating anything."""
        ranks: list[int] = []
        value = self.data
        for part in path:
            if isinstance(value, dict):
                ranks.append(self._key_rank(value, part))
                value = value.get(part)
            elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
                ranks.append(part)
                value = value[part]
            else:  # beyond the data (a missing field): after what is there
                ranks.append(part if isinstance(part, int) else 0)
                value = None
        return tuple(ranks)

    def _key_rank(self, mapping: dict[Any, Any], key: object) -> int:
        if len(mapping) <= _SMALL:
            return next((i for i, k in enumerate(mapping) if k == key), len(mapping))
        ranks = self._ranks.get(id(mapping))
        if ranks is None:  # a large mapping (a registry of actors): once, not for every problem
            ranks = self._ranks[id(mapping)] = {k: i for i, k in enumerate(mapping)}
        return ranks.get(key, len(mapping))


_SMALL = 32


def iter_paths(data: Any, prefix: PathKey = ()) -> Iterator[PathKey]:
    """Every path in ``data`` (used by tests to check that each value can be located)."""
    yield prefix
    if isinstance(data, dict):
        for k, v in data.items():
            yield from iter_paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from iter_paths(v, (*prefix, i))
