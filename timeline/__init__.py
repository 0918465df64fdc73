"""timeline: typed, sourced, time-zone-correct event timelines, rendered as charts.

>>> import timeline
>>> t = timeline.load("events.yaml")          # every problem reported at once
>>> t.filter(kind="signing").to_json()        # ordered by instant, across zones
>>> t.chart(tz="Europe/Berlin")               # an Altair chart to compose or save

The package is a pipeline in layers, each importing only those below it::

    cli → api → output → view → formats → read → core
"""

from .api import (
    __version__,
    bundled_events,
    chart,
    diff,
    export,
    export_with_notes,
    format_table,
    import_events,
    load,
    loads,
    render,
    schema,
    validate,
)
from .core.claims import Confidence
from .core.diff import Diff
from .core.errors import (
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
from .core.models import Actor, Claim, Event, Kind, Place, Relation, Source, TimelineFile
from .core.timeline import Timeline
from .core.times import Precision, TimePoint

__all__ = [
    "Actor",
    "Claim",
    "Confidence",
    "Diff",
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
    "chart",
    "diff",
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
