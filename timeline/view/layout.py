"""Where each event's mark and label go on the chart, so that no two of them overlap.

Lanes (one per group) are split into rows. Each event's mark and label take an interval of
pixels at the chart's initial scale, and the event goes to the first row of its lane where that
interval is free (greedy interval packing, in time order). A label goes to the right of its
mark, or to the left when it would run off the chart, or over the mark when it runs off on
both sides (a bar across most of the chart). An HTML page has two scales (where it opens, and
the whole range): a label goes where it is whole or out of view at both, else to one side where
the page opens and to another over the whole range (``Placement.whole_side``). A label that fits
in none of these places is left out (side ``"none"``): the chart lists it under the plot instead
of drawing it cut off.

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
    whole_side: LabelSide | None = None
    """The label's side over the whole range (an HTML page's second scale), if there is one."""


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
        for position, (index, (side, whole)) in zip(positions, packed, strict=True):
            slot = f"{lane_index:04d}{SEP}{index:04d}{SEP}{lane}"
            placed[position] = Placement(slot, side, lane_index, whole)
    return [placed[position] for position in range(len(marks))]


def pack_periods(marks: Sequence[Mark], *scales: Scale) -> list[Placement]:
    """A placement for each period's label (in their order), in rows above the lanes."""
    return [
        Placement(f"{PERIOD_SLOT}{index:04d}", side, whole_side=whole)
        for index, (side, whole) in _pack(marks, scales)
    ]


_Sides = tuple[LabelSide, LabelSide | None]


def _pack(marks: Sequence[Mark], scales: Sequence[Scale]) -> list[tuple[int, _Sides]]:
    """Each mark's row and label sides (at the first scale, and at the others if any), in the
    order of ``marks``; rows are filled in time order."""
    ends: list[list[float]] = []  # each row's rightmost occupied pixel so far, at each scale
    packed: dict[int, tuple[int, _Sides]] = {}
    for position in sorted(range(len(marks)), key=lambda p: (marks[p].begin_s, marks[p].id)):
        mark = marks[position]
        first, other = sides = _sides(mark, scales)
        spans = [
            _span(mark, scale, other if at and other else first) for at, scale in enumerate(scales)
        ]
        for index, row_ends in enumerate(ends):
            if all(left > end for (left, _), end in zip(spans, row_ends, strict=True)):
                ends[index] = [right for _, right in spans]
                break
        else:
            index = len(ends)
            ends.append([right for _, right in spans])
        packed[position] = (index, sides)
    return [packed[position] for position in range(len(marks))]


def _sides(mark: Mark, scales: Sequence[Scale]) -> _Sides:
    """Right of the mark, else left, else over the mark (a bar that runs off on both sides): one
    place where the label is on the chart whole, or out of view, at every scale; else a place at
    the first scale (where an HTML page opens) and another at the others (the whole range, which
    the page lays out with these). ``"none"`` where there is no such place: the chart lists the
    label instead of drawing it cut off."""
    if len(scales) < 2:
        return _side(mark, scales), None
    side = _side(mark, scales)
    if side != "none":
        return side, side
    return _side(mark, scales[:1]), _side(mark, scales[1:])


_SIDES: tuple[LabelSide, ...] = ("right", "left", "inside")


def _side(mark: Mark, scales: Sequence[Scale]) -> LabelSide:
    for side in _SIDES:
        if all(_whole_or_out_of_view(mark, scale, side) for scale in scales):
            return side
    return "none"


def _whole_or_out_of_view(mark: Mark, scale: Scale, side: LabelSide) -> bool:
    return _fits(mark, scale, side) or _out_of_view(mark, scale, side)


def _out_of_view(mark: Mark, scale: Scale, side: LabelSide) -> bool:
    left, right = _label_span(mark, scale, side)
    return right < 0 or left > scale.width


def _fits(mark: Mark, scale: Scale, side: LabelSide) -> bool:
    """Whether the label, on ``side``, is on the chart whole at ``scale``."""
    left, right = _label_span(mark, scale, side)
    return left >= 0 and right <= scale.width


def _label_span(mark: Mark, scale: Scale, side: LabelSide) -> tuple[float, float]:
    x0, x1 = extent(mark, scale)
    text = label_width(mark.label)
    if side == "right":
        return x1, x1 + text
    if side == "left":
        return x0 - text, x0
    return x0, x0 + text  # over the bar, from its start (which may be out of view)


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
    return x0, max(x1, x0 + text)  # drawn from the bar's start, which may be out of view
