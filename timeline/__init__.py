"""timeline: typed, sourced, time-zone-correct event timelines, rendered as charts.

>>> import timeline
>>> t = timeline.load("events.yaml")          # every problem reported at once
>>> t.filter(kind="signing").to_json()        # ordered by instant, across zones
>>> t.chart(tz="Europe/Berlin")               # an Altair chart to compose or save
"""

from .errors import (
    InvalidTimeline,
    OutputError,
    Problem,
    Report,
    TimelineError,
    UnknownOption,
    UnreadableInput,
    UnsupportedFormat,
    UnsupportedLanguage,
)
from .export import export, export_with_notes, schema
from .formats import import_events
from .load import bundled_events, load, loads, validate
from .models import Actor, Event, Kind, Place, Relation, Source, TimelineFile
from .render import render
from .table import format_table
from .timeline import Timeline
from .times import Precision, TimePoint

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Event",
    "InvalidTimeline",
    "Kind",
    "OutputError",
    "Place",
    "Precision",
    "Problem",
    "Relation",
    "Report",
    "Source",
    "TimePoint",
    "Timeline",
    "TimelineError",
    "TimelineFile",
    "UnknownOption",
    "UnreadableInput",
    "UnsupportedFormat",
    "UnsupportedLanguage",
    "__version__",
    "bundled_events",
    "export",
    "export_with_notes",
    "format_table",
    "import_events",
    "load",
    "loads",
    "render",
    "schema",
    "validate",
]
