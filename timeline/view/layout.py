"""Where each event's mark and label go on the chart, so that no two of them overlap.

Lanes (one per group) are split into rows. Each event's mark and label take an interval of
pixels at the chart's initial scale, and the event goes to the first row of its lane where that
interval is free (greedy interval packing, in time order). A label goes to the right of its
mark, or to the left when it would run off the chart, or over the mark when it runs off on
both sides (a bar across most of the chart).

Rows are named by *slot* keys, ``"{lane:04d}␟{row:04d}␟{lane name}"``: zero-padded so that they
sort as text (an explicit sort list of thousands of rows overflows Vega's expression parser).
Period labels take rows of their own above every lane (slots ``"!{row:04d}"`` sort first).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

ROW_HEIGHT = 24
CHAR_WIDTH = 6.3  # average advance of an 11px sans-serif glyph
LABEL_GAP = 6
POINT_RADIUS = 6
SEP = "\u241f"  # joins the parts of a slot key; a character no title uses
PERIOD_SLOT = "!"


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


def extent(row: dict[str, Any], scale: Scale) -> tuple[float, float]:
    """The pixels a row's mark covers (a point has a radius; a bar is at least a line)."""
    x0 = scale(row["_begin_s"])
    x1 = max(scale(row["_finish_s"]), x0)
    if row["shape"] == "point":
        return x0 - POINT_RADIUS, x1 + POINT_RADIUS
    return x0, x1


def pack_events(rows: list[dict[str, Any]], *scales: Scale) -> None:
    """Give each event row a ``slot``, ``lane_index`` and ``label_side``, so that nothing
    overlaps at any of ``scales`` (the chart's first view, and the whole range if it differs)."""
    lanes = list(dict.fromkeys(r["lane"] for r in sorted(rows, key=lambda r: r["_begin_s"])))
    for lane_index, lane in enumerate(lanes):
        members = [r for r in rows if r["lane"] == lane]
        for row, index in _pack(members, scales):
            row["lane_index"] = lane_index
            row["slot"] = f"{lane_index:04d}{SEP}{index:04d}{SEP}{lane}"


def pack_periods(rows: list[dict[str, Any]], *scales: Scale) -> None:
    """Give each period's label a row above the lanes (``slot``) and a side."""
    for row, index in _pack(rows, scales):
        row["slot"] = f"{PERIOD_SLOT}{index:04d}"


def _pack(
    members: Iterable[dict[str, Any]], scales: Sequence[Scale]
) -> Iterable[tuple[dict[str, Any], int]]:
    ends: list[list[float]] = []  # each row's rightmost occupied pixel so far, at each scale
    for row in sorted(members, key=lambda r: (r["_begin_s"], r["id"])):
        side = _side(row, scales)
        spans = [_span(row, scale, side) for scale in scales]
        for index, row_ends in enumerate(ends):
            if all(left > end for (left, _), end in zip(spans, row_ends, strict=True)):
                ends[index] = [right for _, right in spans]
                break
        else:
            index = len(ends)
            ends.append([right for _, right in spans])
        row["label_side"] = side
        yield row, index


def _side(row: dict[str, Any], scales: Sequence[Scale]) -> str:
    """Right of the mark, else left: where the label stays on the chart at every scale, else at
    one where the mark is in view; over the mark when it runs off on both sides (a wide bar)."""
    # failing every scale, a scale where the mark is in view comes first
    in_view = sorted(scales, key=lambda scale: not 0 <= extent(row, scale)[0] <= scale.width)
    for chosen in (scales, *((scale,) for scale in in_view)):
        for side in ("right", "left"):
            if all(_fits(row, scale, side) for scale in chosen):
                return side
    return "inside"


def _fits(row: dict[str, Any], scale: Scale, side: str) -> bool:
    left, right = _span(row, scale, side)
    return right <= scale.width if side == "right" else left >= 0


def _span(row: dict[str, Any], scale: Scale, side: str) -> tuple[float, float]:
    """The pixels a row's mark and its label take at ``scale`` with the label on ``side``."""
    x0, x1 = extent(row, scale)
    text = label_width(row["label"])
    if side == "right":
        return x0, x1 + text
    if side == "left":
        return x0 - text, x1
    return x0, max(x1, max(x0, 0) + text)
