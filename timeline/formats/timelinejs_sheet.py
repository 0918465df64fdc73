"""TimelineJS's spreadsheet template, written: one row per slide under Knight Lab's header.

``timeline export --format timelinejs-csv`` writes the sheet that TimelineJS's "make a timeline
from a Google spreadsheet" reads; ``timeline import`` reads it back (``csvfile`` knows it by its
header). The first row is the title slide (``Type`` ``title``); events tagged ``era`` are
``era`` rows. Dates are split into ``Year``/``Month``/``Day``/``Time`` at their precision, as
local wall time at the place; headlines and texts are escaped as TimelineJS's JSON is
(``as_html``), and cells a spreadsheet would run as formulas are guarded (``csvfile.guarded``).
What the sheet cannot hold is the same as for TimelineJS's JSON, and reported the same way.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from ..core.times import Precision
from . import timelinejs
from .csvfile import guarded

if TYPE_CHECKING:
    from ..core.models import Event
    from ..core.timeline import Timeline
    from ..core.times import TimePoint

HEADER = (
    "Year",
    "Month",
    "Day",
    "Time",
    "End Year",
    "End Month",
    "End Day",
    "End Time",
    "Display Date",
    "Headline",
    "Text",
    "Media",
    "Media Credit",
    "Media Caption",
    "Media Thumbnail",
    "Type",
    "Group",
    "Background",
)
"""The columns of Knight Lab's template, in its order."""


def write(timeline: Timeline) -> tuple[str, list[str]]:
    """The timeline as TimelineJS's spreadsheet template."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    if timeline.title is not None or timeline.description is not None:
        title = dict.fromkeys(HEADER, "")
        title |= {
            "Headline": timelinejs.as_html(timeline.title) or "",
            "Text": timelinejs.as_html(timeline.description) or "",
            "Type": "title",
        }
        writer.writerow([guarded(title[column]) for column in HEADER])
    for event in timeline:
        writer.writerow([guarded(cell) for cell in _row(event)])
    # The sheet holds what TimelineJS's JSON holds: its notes are the same.
    _, notes = timelinejs.write(timeline)
    return out.getvalue(), [note.replace("timelinejs:", "timelinejs-csv:", 1) for note in notes]


def _row(event: Event) -> list[str]:
    row = dict.fromkeys(HEADER, "")
    row |= _when(event.start, "")
    if event.end is not None:
        row |= _when(event.end, "End ")
    row["Headline"] = timelinejs.as_html(event.title) or ""
    row["Text"] = timelinejs.as_html(event.summary) or ""
    if event.sources:
        source = event.sources[0]
        row |= {"Media": source.url, "Media Credit": source.publisher or ""}
        row["Media Caption"] = source.title or ""
    tags = [tag for tag in event.tags if tag != timelinejs.ERA_TAG]
    if timelinejs.ERA_TAG in event.tags:
        row["Type"] = "era"
    if tags:
        row["Group"] = tags[0]
    return [row[column] for column in HEADER]


def _when(point: TimePoint, prefix: str) -> dict[str, str]:
    local = point.local
    cells = {f"{prefix}Year": str(local.year)}
    if point.precision is not Precision.YEAR:
        cells[f"{prefix}Month"] = str(local.month)
    if point.precision in (Precision.DAY, Precision.TIME):
        cells[f"{prefix}Day"] = str(local.day)
    if point.precision is Precision.TIME:
        clock = f"{local.hour:02d}:{local.minute:02d}"
        cells[f"{prefix}Time"] = clock + (f":{local.second:02d}" if local.second else "")
    return cells
