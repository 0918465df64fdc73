"""timeline: typed, sourced, time-zone-correct event timelines, rendered as charts.

>>> import timeline
>>> t = timeline.load("events.yaml")          # every problem reported at once
>>> t.filter(kind="signing").to_json()        # ordered by instant, across zones
>>> t.chart(tz="Europe/Berlin")               # an Altair chart to compose or save

The package is a pipeline in layers, each importing only those below it::

    cli → api → output → view → engine → formats → read → core
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # as typing's, without importing typing (a fifth of the start-up)
if TYPE_CHECKING:
    from typing import Any

    from .api import (
        __version__,
        bundled_events,
        chart,
        diff,
        export,
        export_with_notes,
        format_table,
        from_table,
        import_events,
        load,
        loads,
        render,
        render_file,
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

# Each name is imported from its module when first used, so that ``import timeline`` (which the
# command does first) takes milliseconds: a Ctrl-C while the libraries load is then in code
# that can catch it (``__main__.run``) instead of in Python's import, which shows a traceback.
_MODULES = {
    **dict.fromkeys(
        ("__version__", "bundled_events", "chart", "diff", "export", "export_with_notes"), ".api"
    ),
    **dict.fromkeys(
        (
            "format_table",
            "from_table",
            "import_events",
            "load",
            "loads",
            "render",
            "render_file",
            "schema",
            "validate",
        ),
        ".api",
    ),
    **dict.fromkeys(
        (
            "InvalidTimeline",
            "OutputError",
            "Problem",
            "Report",
            "TimelineError",
            "UnknownOption",
            "UnreadableInput",
            "UnsupportedFormat",
            "UnsupportedLanguage",
        ),
        ".core.errors",
    ),
    **dict.fromkeys(
        ("Actor", "Claim", "Event", "Kind", "Place", "Relation", "Source", "TimelineFile"),
        ".core.models",
    ),
    "Confidence": ".core.claims",
    "Diff": ".core.diff",
    "Timeline": ".core.timeline",
    "Precision": ".core.times",
    "TimePoint": ".core.times",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    importlib.import_module(".api", __name__)  # first: it installs how a Timeline draws itself
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # once: later uses find it without this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


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
    "from_table",
    "import_events",
    "load",
    "loads",
    "render",
    "render_file",
    "schema",
    "validate",
]
