"""The IANA zone of a calendar's ``TZID``, as Outlook, Exchange and others write them.

A ``TZID`` is, in order of trust:

1. an IANA name (``Europe/Berlin``), also behind a vendor prefix
   (``/mozilla.org/20070129_1/America/New_York``);
2. a Windows zone name (``W. Europe Standard Time``), mapped through CLDR's ``windowsZones``
   table (the copy ``icalendar`` ships);
3. a name of the file's own making (``Customized Time Zone``, ``(UTC+07:00) Bangkok, Hanoi,
   Jakarta``) defined by a ``VTIMEZONE`` block in the file: the IANA zone with the same UTC
   offsets at every sampled moment (first among the places the name lists, then among CLDR's
   zone for each Windows zone), else the block's own offsets, with times kept as UTC instants;
4. an Outlook display name without a block (``(GMT+10:00) Canberra, Melbourne, Sydney``): a zone
   of a place it names whose standard offset is the one it gives.

Every choice but the first two is reported, saying which rule was used.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

from ..core.times import available_zones
from .mapping import DEFAULT_ZONE, is_zone

_DISPLAY_OFFSET = re.compile(r"\((?:UTC|GMT)\s*(?:(?P<sign>[+-])(?P<h>\d{1,2}):?(?P<m>\d{2}))?\)")
_WORDS = re.compile(r"[A-Za-z][A-Za-z.'-]*(?: [A-Z][a-z]+)*")


@dataclass(frozen=True, slots=True)
class ZoneChoice:
    """Where a ``TZID``'s times are placed: an IANA ``zone``, or UTC instants computed from the
    file's own ``VTIMEZONE`` (``zone`` is then ``UTC`` and ``from_block`` is true); ``how``
    says which rule chose it, for a warning (empty when nothing needs saying)."""

    zone: str
    how: str = ""
    from_block: bool = False


def named_zone(tzid: str) -> str | None:
    """The IANA zone a ``TZID`` names outright (rules 1 and 2), or ``None``."""
    name = tzid.strip().strip('"')
    if is_zone(name):
        return name
    parts = [p for p in name.split("/") if p]
    for start in range(1, len(parts)):
        tail = "/".join(parts[start:])
        if "/" in tail and is_zone(tail):
            return tail
    return windows_zones().get(name)


@functools.cache
def windows_zones() -> dict[str, str]:
    """Windows zone names → IANA zones, from CLDR's ``windowsZones.xml`` (territory 001)."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    return {windows: iana for windows, iana in WINDOWS_TO_OLSON.items() if is_zone(iana)}


def choose(tzid: str, block: dt.tzinfo | None, moments: Iterable[dt.datetime]) -> ZoneChoice | None:
    """The zone for ``tzid``, whose ``VTIMEZONE`` (if the file has one) gives ``block``;
    ``moments`` are instants (aware) the file's events use it at. ``None`` when nothing fits."""
    named = named_zone(tzid)
    samples = _samples(list(moments))
    if named is not None and (block is None or _same_offsets(block, named, samples)):
        return ZoneChoice(named)
    if block is not None:
        for candidate in (*_places(tzid), *windows_zones().values()):
            if _same_offsets(block, candidate, samples):
                return ZoneChoice(
                    candidate,
                    f"TZID {tzid!r} is defined in the file; read as {candidate}, which has the "
                    "same UTC offsets",
                )
        return ZoneChoice(
            DEFAULT_ZONE,
            f"TZID {tzid!r} is defined in the file and no IANA zone has its UTC offsets; its "
            "times are read as UTC instants by the offsets it gives",
            from_block=True,
        )
    offset = _display_offset(tzid)
    if offset is not None:
        windows = _display_windows_zone(tzid)
        if windows is not None and _standard_offset(windows[1]) == offset:
            return ZoneChoice(
                windows[1],
                f"TZID {tzid!r} is read as {windows[1]}: Windows's display name of "
                f"{windows[0]!r}, with the standard offset it gives",
            )
        for candidate in _places(tzid):
            if _standard_offset(candidate) == offset:
                return ZoneChoice(
                    candidate,
                    f"TZID {tzid!r} is read as {candidate}, a place it names, with the "
                    "standard offset it gives",
                )
    return None


def _display_windows_zone(tzid: str) -> tuple[str, str] | None:
    """The Windows zone (and its IANA zone) an Outlook display name stands for:
    ``(UTC-05:00) Eastern Time (US & Canada)`` is ``Eastern Standard Time``."""
    words = re.sub(r"\([^)]*\)", " ", tzid).split()
    name = " ".join(words)
    for candidate in (name, name.replace(" Time", " Standard Time")):
        if candidate in windows_zones():
            return candidate, windows_zones()[candidate]
    return None


def _places(tzid: str) -> list[str]:
    """IANA zones whose city is a place ``tzid`` names, in the order it names them."""
    by_city = _zones_by_city()
    found: list[str] = []
    for word in _WORDS.findall(tzid):
        zone = by_city.get(word.replace(" ", "_").lower())
        if zone is not None and zone not in found:
            found.append(zone)
    return found


@functools.cache
def _zones_by_city() -> dict[str, str]:
    cities: dict[str, str] = {}
    for zone in sorted(available_zones()):
        if "/" in zone and not zone.startswith(("Etc/", "SystemV/", "US/")):
            cities.setdefault(zone.rsplit("/", 1)[1].lower(), zone)
    return cities


def _display_offset(tzid: str) -> dt.timedelta | None:
    found = _DISPLAY_OFFSET.search(tzid)
    if found is None:
        return None
    if found["sign"] is None:
        return dt.timedelta(0)
    size = dt.timedelta(hours=int(found["h"]), minutes=int(found["m"]))
    return size if found["sign"] == "+" else -size


def _standard_offset(zone: str) -> dt.timedelta:
    """The zone's offset without daylight saving: the smaller of January's and July's."""
    tz = zoneinfo.ZoneInfo(zone)
    year = dt.datetime.now(dt.UTC).year
    offsets = [
        dt.datetime(year, month, 1, 12, tzinfo=dt.UTC).astimezone(tz).utcoffset() or dt.timedelta(0)
        for month in (1, 7)
    ]
    return min(offsets)


def _samples(moments: list[dt.datetime]) -> list[dt.datetime]:
    """The moments themselves, and noon UTC on the 1st and 15th of each month of their years
    (at most ten years), where a zone's rules show."""
    years = sorted({m.year for m in moments if 1 < m.year < 9999})[:10]
    out = list(moments[:1000])
    for year in years:
        for month in range(1, 13):
            out += [dt.datetime(year, month, day, 12, tzinfo=dt.UTC) for day in (1, 15)]
    return out


def _same_offsets(block: dt.tzinfo, zone: str, samples: list[dt.datetime]) -> bool:
    tz = zoneinfo.ZoneInfo(zone)
    try:
        return all(m.astimezone(block).utcoffset() == m.astimezone(tz).utcoffset() for m in samples)
    except (ValueError, OverflowError, TypeError):
        return False
