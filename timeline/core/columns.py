"""The few columns a chart of very many events needs, kept without keeping the events."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .groups import GroupBy, group_keys
from .models import Event

DETAIL_LIMIT = 5000
"""Most events drawn one by one; above it, the density view of these columns (Altair's own
limit is 5,000 rows)."""


@dataclass(frozen=True, slots=True)
class DensityColumns:
    """All the density view needs of a timeline, in a few flat arrays (about 30 bytes an event).

    ``starts`` holds each event's start as a timestamp (seconds since 1970, UTC; the start of
    its local day when date-only). Each (event, lane) pair is one entry of ``lane_events`` (the
    event's position in ``starts``) and ``lane_codes`` (the lane's position in ``lane_names``).
    Built from a ``Timeline`` by ``of_timeline``, or line by line from a file too large to hold
    (``read.stream``). Lanes are named by their keys (``core.groups.group_keys``; ``""`` for
    none) until ``relabelled`` gives them the names a reader sees.
    """

    starts: array[float] = field(default_factory=lambda: array("d"))
    lane_events: array[int] = field(default_factory=lambda: array("q"))
    lane_codes: array[int] = field(default_factory=lambda: array("q"))
    lane_names: list[str] = field(default_factory=list)
    _code_of: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def add(self, start: float, lanes: Iterable[str]) -> None:
        """One more event, starting at timestamp ``start``, in each of ``lanes``."""
        position = len(self.starts)
        self.starts.append(start)
        for lane in lanes:
            code = self._code_of.get(lane)
            if code is None:
                code = self._code_of[lane] = len(self.lane_names)
                self.lane_names.append(lane)
            self.lane_events.append(position)
            self.lane_codes.append(code)

    def extend(self, other: DensityColumns) -> None:
        """The events of ``other`` after these."""
        shift = len(self.starts)
        self.starts.extend(other.starts)
        codes = [self._code_of.get(name, -1) for name in other.lane_names]
        for code, name in enumerate(other.lane_names):
            if codes[code] < 0:
                codes[code] = self._code_of[name] = len(self.lane_names)
                self.lane_names.append(name)
        self.lane_events.extend(array("q", (i + shift for i in other.lane_events)))
        self.lane_codes.extend(array("q", (codes[c] for c in other.lane_codes)))

    @classmethod
    def of_timeline(cls, timeline: Iterable[Event], by: GroupBy) -> DensityColumns:
        """The columns of every event in ``timeline``, in lanes by ``by``."""
        columns = cls()
        for event in timeline:
            columns.add_event(event, by)
        return columns

    def add_event(self, event: Event, by: GroupBy) -> None:
        """``event``, in its lanes by ``by`` (``""`` for none)."""
        self.add(event.bounds[0], (key or "" for key in group_keys(event, by)))

    def relabelled(self, label_of: Callable[[str], str]) -> DensityColumns:
        """The same events, each lane named ``label_of(its name)``; lanes whose new names are
        the same become one (an event counts once in it)."""
        out = DensityColumns(starts=self.starts)
        codes = []
        for name in self.lane_names:
            label = label_of(name)
            code = out._code_of.get(label)
            if code is None:
                code = out._code_of[label] = len(out.lane_names)
                out.lane_names.append(label)
            codes.append(code)
        if len(out.lane_names) == len(self.lane_names):  # no two lanes became one
            out.lane_events.extend(self.lane_events)
            out.lane_codes.extend(array("q", (codes[old] for old in self.lane_codes)))
            return out
        seen: set[tuple[int, int]] = set()
        for event, old in zip(self.lane_events, self.lane_codes, strict=True):
            pair = (event, codes[old])
            if pair not in seen:
                seen.add(pair)
                out.lane_events.append(event)
                out.lane_codes.append(codes[old])
        return out

    def __len__(self) -> int:
        return len(self.starts)
