"""Where each event's mark and label go on the chart, so that no two of them overlap.

Lanes (one per group) are split into rows. Each event's mark and label take an interval of
pixels at the chart's initial scale, and the event goes to the first row of its lane where that
interval is free (greedy interval packing, in time order). A label goes to the right of its
mark, or to the left when it would run off the chart, or over the mark when it runs off on
both sides (a bar across most of the chart). A label that fits in none of these places where
its mark is in view is left out (side ``"none"``): the chart lists it under the plot instead of
drawing it cut off.

The layout reads typed rows (any ``Mark``) and changes none of them: it returns a ``Placement``
for each, which the chart joins to its row when it writes the chart's data.

Rows are named by *slot* keys, ``"{lane:04d}␟{row:04d}␟{lane name}"``: zero-padded so that they
sort as text (an explicit sort list of thousands of rows overflows Vega's expression parser).
Period labels take rows of their own above every lane (slots ``"!{row:04d}"`` sort first).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

ROW_HEIGHT = 24
CHAR_WIDTH = 6.9  # average advance of a 12px sans-serif glyph
LABEL_GAP = 6
POINT_RADIUS = 6
SEP = "\u241f"  # joins the parts of a slot key; a character no title uses
PERIOD_SLOT = "!"

LabelSide = Literal["right", "left", "inside", "none"]


class Mark(Protocol):
    """What the layout needs of a row: its event, where its mark is in time, and its label."""

    @property
    def id(self) -> str: ...
    @property
    def begin_s(self) -> float: ...
    @property
    def finish_s(self) -> float: ...
    @property
    def shape(self) -> str: ...
    @property
    def label(self) -> str: ...


class LaneMark(Mark, Protocol):
    """A mark drawn in a lane (an event's row, not a period's band)."""

    @property
    def lane(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a mark goes: its row of the chart (``slot``), the side of its label, and the index of
    its lane (``None`` for a period's label, above every lane)."""

    slot: str
    label_side: LabelSide
    lane_index: int | None = None


@dataclass(frozen=True, slots=True)
class Scale:
    """Seconds since 1970 to pixels from the chart's left edge, at the initial zoom."""

    t0: float
    t1: float
    width: int

    def __call__(self, seconds: float) -> float:
        return (seconds - self.t0) * self.width / max(self.t1 - self.t0, 1.0)


def label_width(label: str) -> float:
    return len(label) * CHAR_WIDTH + LABEL_GAP * 2


def extent(mark: Mark | Mapping[str, Any], scale: Scale) -> tuple[float, float]:
    """The pixels a mark covers (a point has a radius; a bar is at least a line).

    A row of the chart's data (a mapping), as the tests measure one, brings its seconds as
    ``_begin_s`` and ``_finish_s``."""
    if isinstance(mark, Mapping):
        return _extent(mark["_begin_s"], mark["_finish_s"], mark["shape"], scale)
    return _extent(mark.begin_s, mark.finish_s, mark.shape, scale)


def _extent(begin_s: float, finish_s: float, shape: str, scale: Scale) -> tuple[float, float]:
    x0 = scale(begin_s)
    x1 = max(scale(finish_s), x0)
    if shape == "point":
        return x0 - POINT_RADIUS, x1 + POINT_RADIUS
    return x0, x1


def pack_events(marks: Sequence[LaneMark], *scales: Scale) -> list[Placement]:
    """A placement for each of ``marks`` (in their order) in its lane, so that nothing overlaps
    at any of ``scales`` (the chart's first view, and the whole range if it differs)."""
    lanes = dict.fromkeys(m.lane for m in sorted(marks, key=lambda m: m.begin_s))
    members: dict[str, list[int]] = {lane: [] for lane in lanes}
    for position, mark in enumerate(marks):
        members[mark.lane].append(position)
    placed: dict[int, Placement] = {}
    for lane_index, (lane, positions) in enumerate(members.items()):
        packed = _pack([marks[p] for p in positions], scales)
        for position, (index, side) in zip(positions, packed, strict=True):
            slot = f"{lane_index:04d}{SEP}{index:04d}{SEP}{lane}"
            placed[position] = Placement(slot, side, lane_index)
    return [placed[position] for position in range(len(marks))]


def pack_periods(marks: Sequence[Mark], *scales: Scale) -> list[Placement]:
    """A placement for each period's label (in their order), in rows above the lanes."""
    return [Placement(f"{PERIOD_SLOT}{index:04d}", side) for index, side in _pack(marks, scales)]


def _pack(marks: Sequence[Mark], scales: Sequence[Scale]) -> list[tuple[int, LabelSide]]:
    """Each mark's row and label side, in the order of ``marks``; rows are filled in time order."""
    ends: list[list[float]] = []  # each row's rightmost occupied pixel so far, at each scale
    packed: dict[int, tuple[int, LabelSide]] = {}
    for position in sorted(range(len(marks)), key=lambda p: (marks[p].begin_s, marks[p].id)):
        mark = marks[position]
        side = _side(mark, scales)
        spans = [_span(mark, scale, side) for scale in scales]
        for index, row_ends in enumerate(ends):
            if all(left > end for (left, _), end in zip(spans, row_ends, strict=True)):
                ends[index] = [right for _, right in spans]
                break
        else:
            index = len(ends)
            ends.append([right for _, right in spans])
        packed[position] = (index, side)
    return [packed[position] for position in range(len(marks))]


def _side(mark: Mark, scales: Sequence[Scale]) -> LabelSide:
    """Right of the mark, else left: where the label stays on the chart at every scale, else at
    one where the mark is in view; over the mark when it runs off on both sides (a wide bar);
    ``"none"`` when it fits whole in none of these places."""
    # failing every scale, a scale where the mark is in view comes first
    in_view = sorted(scales, key=lambda scale: not _in_view(mark, scale))
    sides: tuple[LabelSide, LabelSide] = ("right", "left")
    for chosen in (scales, *((scale,) for scale in in_view)):
        for side in sides:
            if all(_fits(mark, scale, side) for scale in chosen):
                return side
    return "inside" if _fits(mark, in_view[0], "inside") else "none"


def _in_view(mark: Mark, scale: Scale) -> bool:
    left, right = extent(mark, scale)
    return right >= 0 and left <= scale.width


def _fits(mark: Mark, scale: Scale, side: LabelSide) -> bool:
    """Whether the label, on ``side``, is on the chart whole at ``scale``."""
    left, right = _span(mark, scale, side)
    if side == "inside":
        return right <= scale.width
    return right <= scale.width if side == "right" else left >= 0


def _span(mark: Mark, scale: Scale, side: LabelSide) -> tuple[float, float]:
    """The pixels a mark and its label take at ``scale`` with the label on ``side``."""
    x0, x1 = extent(mark, scale)
    text = label_width(mark.label)
    if side == "none":
        return x0, x1
    if side == "right":
        return x0, x1 + text
    if side == "left":
        return x0 - text, x1
    return x0, max(x1, max(x0, 0) + text)
