"""How the reader's browser (or vl-convert) writes dates and numbers on the axis: d3 locales.

Data only; the words and dates the chart itself writes are in ``words`` (from CLDR, by Babel).
"""

from __future__ import annotations

from typing import Any

from .languages import Lang

# d3's own locale files (d3-time-format/locale/en-US.json, de-DE.json; d3-format likewise),
# so that the axis reads as in every other d3 or Vega chart in that language.
_D3_TIME: dict[Lang, dict[str, Any]] = {
    "en": {
        "dateTime": "%x, %X",
        "date": "%-m/%-d/%Y",
        "time": "%-I:%M:%S %p",
        "periods": ["AM", "PM"],
        "days": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
        "shortDays": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
        "months": [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        "shortMonths": [
            "Jan",
            "Feb",
            "Mar",
            "Apr",
            "May",
            "Jun",
            "Jul",
            "Aug",
            "Sep",
            "Oct",
            "Nov",
            "Dec",
        ],
    },
    "de": {
        "dateTime": "%A, der %e. %B %Y, %X",
        "date": "%d.%m.%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"],
        "shortDays": ["So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"],
        "months": [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ],
        "shortMonths": [
            "Jan",
            "Feb",
            "Mrz",
            "Apr",
            "Mai",
            "Jun",
            "Jul",
            "Aug",
            "Sep",
            "Okt",
            "Nov",
            "Dez",
        ],
    },
}
_D3_NUMBER: dict[Lang, dict[str, Any]] = {
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
    "de": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", "\u00a0€"]},
}


def vega_time_locale(lang: Lang) -> dict[str, Any]:
    """A d3-time-format locale object, for vl-convert's ``time_format_locale`` and
    vega-embed's ``timeFormatLocale`` (a fresh copy, safe to change)."""
    return {key: _copy(value) for key, value in _D3_TIME[lang].items()}


def vega_number_locale(lang: Lang) -> dict[str, Any]:
    """A d3-format locale object, for vl-convert's ``format_locale`` and vega-embed's
    ``formatLocale`` (a fresh copy, safe to change)."""
    return {key: _copy(value) for key, value in _D3_NUMBER[lang].items()}


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value
