"""Dates as spreadsheets hold them, read into the events file's written form.

``2015-02-15 10:00:00 UTC`` (a UTC instant: ``2015-02-15T10:00:00Z``), ``15 February 2015``,
``February 15, 2015``, ``20150215`` (GDELT's ``SQLDATE``), and ``02/15/2015`` or ``15.02.2015``
with a time of day or none (``10:00``, ``10:00 AM``). Whether ``02/03/2015`` is the 2nd of March
or the 3rd of February is never guessed: a column whose dates show it (a first number above 12)
is read that way, and otherwise the order comes from ``--dayfirst``/``--monthfirst`` or the
sheet's layout, else the date is refused with a message that asks for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        1,
    )
    for name in names
}
_CLOCK = (
    r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?P<frac>\.\d+)?)?\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?"
)
_TIME = rf"(?:[ T]{_CLOCK})?"
_UTC = r"(?P<utc>\s*(?:UTC|GMT|Z|[+-]00:?00))?"
_ISO = re.compile(rf"(?P<y>\d{{4}})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}}){_TIME}{_UTC}", re.IGNORECASE)
_COMPACT = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})")
_SLASHED = re.compile(
    rf"(?P<a>\d{{1,2}})[/.-](?P<b>\d{{1,2}})[/.-](?P<y>\d{{4}}){_TIME}{_UTC}", re.IGNORECASE
)
_DAY_MONTH = re.compile(
    rf"(?P<d>\d{{1,2}})\.?\s+(?P<mon>[A-Za-z]+)\.?,?\s+(?P<y>\d{{4}}){_TIME}{_UTC}"
)
_MONTH_DAY = re.compile(
    rf"(?P<mon>[A-Za-z]+)\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}}){_TIME}{_UTC}"
)
_MONTH_YEAR = re.compile(r"(?P<mon>[A-Za-z]+)\.?,?\s+(?P<y>\d{4})")


class DateNotRead(ValueError):
    """A cell that holds no date in a form we read, or one whose order is not known."""


def day_first_of(cells: Iterable[str]) -> bool | None:
    """What a column's slashed dates show about their order: ``True`` when a first number is
    above 12, ``False`` when a second one is, ``None`` when none tells (or both do)."""
    first = second = False
    for cell in cells:
        found = _SLASHED.fullmatch(cell.strip())
        if found is None:
            continue
        first |= int(found["a"]) > 12
        second |= int(found["b"]) > 12
    return None if first == second else first


def ambiguous(cells: Iterable[str]) -> bool:
    """Whether any cell is a slashed date that reads differently day first and month first."""
    for cell in cells:
        found = _SLASHED.fullmatch(cell.strip())
        if (
            found is not None
            and found["a"] != found["b"]
            and max(int(found["a"]), int(found["b"])) <= 12
        ):
            return True
    return False


def sheet_time(cell: str, *, day_first: bool | None) -> str:
    """The events file's written form of a sheet's date or time; a cell in no form we know is
    given back as it is (validation says whether the events file reads it). ``DateNotRead``
    for a date whose day and month could be either way round."""
    text = cell.strip()
    if (found := _ISO.fullmatch(text)) is not None:
        # The events file reads ISO dates itself; only a spreadsheet's " UTC" is rewritten.
        utc = (found["utc"] or "").strip().upper()
        return (
            _written(found["y"], found["m"], found["d"], found) if utc[:1] in "UG" and utc else text
        )
    if (found := _COMPACT.fullmatch(text)) is not None:
        return _written(found["y"], found["m"], found["d"], None)
    if (found := _SLASHED.fullmatch(text)) is not None:
        a, b = int(found["a"]), int(found["b"])
        if a > 12 or b > 12:
            day_first = a > 12
        elif a != b and day_first is None:
            raise DateNotRead(
                f"{text!r} could be day/month or month/day: pass --dayfirst or --monthfirst"
            )
        day, month = (a, b) if day_first or a == b else (b, a)
        return _written(found["y"], str(month), str(day), found)
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        found = pattern.fullmatch(text)
        if found is not None and found["mon"].lower() in _MONTHS:
            named = str(_MONTHS[found["mon"].lower()])
            return _written(found["y"], named, found["d"], found)
    found = _MONTH_YEAR.fullmatch(text)
    if found is not None and found["mon"].lower() in _MONTHS:
        return f"{found['y']}-{_MONTHS[found['mon'].lower()]:02d}"
    return text  # as the events file writes it, or not a date: validation says which


def clock_time(cell: str) -> tuple[int, int, int]:
    """``10:00``, ``10:00:30`` or ``10:00 AM`` as hours, minutes and seconds."""
    found = re.fullmatch(_CLOCK, cell.strip())
    if found is None:
        raise DateNotRead(f"{cell.strip()!r} is not a time of day (e.g. 10:00 or 10:00 AM)")
    return _clock(found)


def _clock(found: re.Match[str]) -> tuple[int, int, int]:
    hour, minute, second = int(found["h"]), int(found["mi"]), int(found["s"] or 0)
    if found["ampm"]:
        if not 1 <= hour <= 12:
            raise DateNotRead(f"{found.group().strip()!r}: an hour with AM/PM is 1 to 12")
        hour = hour % 12 + (12 if found["ampm"][0] in "Pp" else 0)
    return hour, minute, second


def _written(year: str, month: str, day: str, found: re.Match[str] | None) -> str:
    date = f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
    if found is None or found["h"] is None:
        return date
    hour, minute, second = _clock(found)
    text = f"{date} {hour:02d}:{minute:02d}"
    if second or found["frac"]:
        text += f":{second:02d}{found['frac'] or ''}"
    if found["utc"]:
        text = text.replace(" ", "T") + "Z"
    return text
