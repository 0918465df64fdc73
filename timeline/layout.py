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

from collections.abc import Iterable
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


def pack_events(rows: list[dict[str, Any]], scale: Scale) -> None:
    """Give each event row a ``slot``, ``lane_index`` and ``label_side``."""
    lanes = list(dict.fromkeys(r["lane"] for r in sorted(rows, key=lambda r: r["_begin_s"])))
    for lane_index, lane in enumerate(lanes):
        members = [r for r in rows if r["lane"] == lane]
        for row, index in _pack(members, scale):
            row["lane_index"] = lane_index
            row["slot"] = f"{lane_index:04d}{SEP}{index:04d}{SEP}{lane}"


def pack_periods(rows: list[dict[str, Any]], scale: Scale) -> None:
    """Give each period's label a row above the lanes (``slot``) and a side."""
    for row, index in _pack(rows, scale):
        row["slot"] = f"{PERIOD_SLOT}{index:04d}"


def _pack(members: Iterable[dict[str, Any]], scale: Scale) -> Iterable[tuple[dict[str, Any], int]]:
    ends: list[float] = []  # rightmost occupied pixel of each row so far
    for row in sorted(members, key=lambda r: (r["_begin_s"], r["id"])):
        x0, x1 = extent(row, scale)
        text = label_width(row["label"])
        if x1 + text <= scale.width:
            side, left, right = "right", x0, x1 + text
        elif x0 - text >= 0:
            side, left, right = "left", x0 - text, x1
        else:  # a bar across most of the chart: the label goes over it, from its start
            side, left, right = "inside", x0, max(x1, max(x0, 0) + text)
        for index, end in enumerate(ends):
            if left > end:
                ends[index] = right
                break
        else:
            index = len(ends)
            ends.append(right)
        row["label_side"] = side
        yield row, index
