"""The ways to group events into lanes (and colours): by kind, country, actor or tag.

The values are the file's own keys (a kind's name, a country code, actor ids, tags); how a
reader sees them (``Staatsbesuch``, ``Vereinigte Staaten``, ``Sanae Takaichi``) is the view's
business. Both the whole-file and the streamed path group through ``group_keys``.
"""

from __future__ import annotations

from typing import Literal

from .errors import UnknownOption
from .models import Event

GroupBy = Literal["kind", "country", "actor", "tag"]
GROUPS: tuple[GroupBy, ...] = ("kind", "country", "actor", "tag")


def check_group_by(value: str | None, option: str = "group_by") -> GroupBy:
    """``value`` if it is one of ``GROUPS``; else ``UnknownOption``, naming ``option``."""
    for known in GROUPS:
        if value == known:
            return known
    raise UnknownOption(f"cannot {option} {value!r}; use {', '.join(GROUPS)}")


def group_keys(event: Event, by: GroupBy) -> tuple[str | None, ...]:
    """The groups ``event`` is in: one for a kind or country (``None``: no place), one per
    participant or tag (``(None,)`` when it has none)."""
    match by:
        case "kind":
            return (event.kind.value,)
        case "country":
            return (event.place.country if event.place else None,)
        case "actor":
            return event.participants or (None,)
        case "tag":
            return event.tags or (None,)
