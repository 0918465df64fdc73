"""The events file as YAML, the way a person writes it: local wall times, no empty fields.

This is what ``timeline import`` writes. Our reader types plain scalars by YAML 1.2's core
schema and PyYAML's dumper quotes by YAML 1.1's, so text that either would read as something
other than text (``NO``, ``2025-11-11``, ``10:40``, ``1e5``, ``0o17``) is quoted: every value
reads back as written.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import yaml

from ..core.models import DEFAULT_LANGUAGE
from .mapping import claims_data, prune, written_time

if TYPE_CHECKING:
    from ..core.models import Event
    from ..core.timeline import Timeline
    from ..core.times import TimePoint

_TYPED_IN_YAML_1_2 = re.compile(
    r"""^(?:
        ~|null|Null|NULL|true|True|TRUE|false|False|FALSE
      | [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+
      | [-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?
      | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)
    )\Z""",
    re.VERBOSE,
)


# libyaml's emitter where PyYAML has it: the pure-Python one takes 24 s to write a 5 MB summary
# (it looks at every character in Python), libyaml a quarter of a second, with the same text.
_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _EventsDumper(_Dumper):  # type: ignore[valid-type,misc]  # chosen at run time
    """PyYAML's safe dumper, also quoting text that YAML 1.2 would read as a value."""


_YAML_LINE_BREAKS = re.compile("[\x85\u2028\u2029]")


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if _YAML_LINE_BREAKS.search(value):
        # PyYAML writes these as they are, and reading folds them to spaces as line breaks;
        # only a double-quoted scalar escapes them (\N, \L, \P).
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    if _TYPED_IN_YAML_1_2.match(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="'")
    return dumper.represent_str(value)


_EventsDumper.add_representer(str, _represent_text)


def write(timeline: Timeline) -> tuple[str, list[str]]:
    """The timeline as an events file in YAML; it holds everything, so there are no notes."""
    document: dict[str, Any] = {
        "title": timeline.title,
        "description": timeline.description,
        "language": None if timeline.language == DEFAULT_LANGUAGE else timeline.language,
        "translations": {
            tag: translation.model_dump(mode="json")
            for tag, translation in timeline.translations.items()
        },
        "actors": {
            key: actor.model_dump(exclude_defaults=True) for key, actor in timeline.actors.items()
        },
        "events": [event_data(event) for event in timeline],
    }
    text = yaml.dump(
        {**prune(document), "events": document["events"]},  # an empty list is still written
        Dumper=_EventsDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
    return text, []


def event_data(event: Event) -> dict[str, Any]:
    """An event as events-file data, with empty and default fields left out."""
    data: dict[str, Any] = event.model_dump(mode="json", exclude_defaults=True)
    for name in ("start", "end"):
        point = getattr(event, name)
        claims = event.claims.get((name,))
        if claims is not None:  # each claimed time as a person writes it, too
            data[name] = claims_data(claims, _written_or_none)
        elif point is not None:
            data[name] = written_time(point)
    return data


def _written_or_none(point: TimePoint | None) -> str | None:
    return None if point is None else written_time(point)
