"""A readable table of events for the terminal (``timeline list``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.errors import printable
from ..core.times import load_zone

if TYPE_CHECKING:
    from ..core.timeline import Timeline


def format_table(
    timeline: Timeline, *, tz: str = "UTC", width: int = 120, lag: bool = False
) -> str:
    """One line per event in time order: when (in ``tz`` and locally), kind, id, title, place;
    with ``lag``, when it was first reported too."""
    zone = load_zone(tz).key
    header: tuple[str, ...] = ("when (" + zone + ")", "local time at the place", "kind", "id")
    header += ("title", "place", *(["first report"] if lag else []))
    reported = _first_reports(timeline) if lag else {}
    rows = [header]
    for event in timeline:
        # A date-only event is a day at the place; its day in another zone would mislead. Its
        # date is shown as written, with EDTF's marks (2025-11-06?, 2025-11~, -0489, ..).
        when = (
            str(event.start)
            if event.is_date_only
            else event.start.instant.in_timezone(zone).format("YYYY-MM-DD HH:mm")
        )
        local = str(event.start)
        if not event.is_date_only:
            local = event.start.local.format("YYYY-MM-DD HH:mm ") + (
                event.start.local.tzname() or ""
            )
        if event.end is not None:
            end = event.end
            local += " → " + (
                str(end)
                if end.precision.is_date_only
                else end.local.format(
                    "HH:mm" if end.local.date() == event.start.local.date() else "YYYY-MM-DD HH:mm"
                )
            )
        if event.approximate:
            local += " ~"
        place = ""
        if event.place is not None:
            place = ", ".join(p for p in (event.place.city, event.place.country) if p)
        # printable: text from the file may not drive the terminal (escape sequences)
        row = (when, local, event.kind.value, event.id, printable(event.title), printable(place))
        rows.append(row + ((reported.get(event.id, "–"),) if lag else ()))
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    fixed = sum(widths) - widths[4] + 2 * (len(header) - 1)
    widths[4] = max(20, min(widths[4], width - fixed))
    lines = []
    for r in rows:
        cells = [_fit(cell, w) for cell, w in zip(r, widths, strict=True)]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    key = "~ marks approximate times"
    if any(not p.is_plain for e in timeline for p in (e.start, e.end) if p is not None):
        key = (
            "~ marks approximate times and dates, ? uncertain ones, X unknown digits, .. open ends"
        )
    lines.append(f"{len(timeline)} events; {key}")
    if lag:
        lines.append(
            "first report: the earliest dated source; 'at the latest' when some are undated"
        )
    return "\n".join(lines)


def _first_reports(timeline: Timeline) -> dict[str, str]:
    """When each event was first reported, in English ("reported the next day")."""
    from ..core.reporting import first_report
    from ..view.words import lag_text  # Babel, only when asked for

    found = {}
    for event in timeline:
        report = first_report(event)
        if report is not None:
            found[event.id] = lag_text(report, "en").removeprefix("reported ")
    return found


def _fit(text: str, width: int) -> str:
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"
