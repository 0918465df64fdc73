"""How the chart looks: light and dark themes, each with a colour-blind-safe palette.

A theme is written into the spec's ``config``, not chosen by the page, so the HTML page, the
PNG, SVG and PDF files and a notebook all show the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ..core.errors import UnknownOption
from .d3_locales import vega_number_locale, vega_time_locale
from .languages import Lang

ThemeName = Literal["light", "dark"]
THEMES: tuple[ThemeName, ...] = ("light", "dark")


@dataclass(frozen=True, slots=True)
class Theme:
    name: ThemeName
    background: str
    text: str
    muted: str
    """Secondary text: subtitles, axis titles, the key."""
    grid: str
    band: str
    """Pale fill behind every other lane and behind periods."""
    link: str
    """Connectors between related events."""
    palette: tuple[str, ...]

    def config(self, lang: Lang) -> dict[str, Any]:
        """Vega-Lite ``config`` for this theme, with the d3 locales of ``lang`` for dates and
        numbers."""
        return {
            "locale": {"time": vega_time_locale(lang), "number": vega_number_locale(lang)},
            "background": self.background,
            "view": {"stroke": None},
            "title": {"color": self.text, "subtitleColor": self.muted, "fontSize": 16},
            "axis": {
                "labelColor": self.text,
                "titleColor": self.muted,
                "gridColor": self.grid,
                "domainColor": self.muted,
                "tickColor": self.muted,
                "labelFontSize": 11,
            },
            "legend": {"labelColor": self.text, "titleColor": self.text, "labelFontSize": 11},
            "text": {"color": self.text},
        }


LIGHT = Theme(
    name="light",
    background="#ffffff",
    text="#222222",
    muted="#555555",
    grid="#dddddd",
    band="#5a5a5a",
    link="#777777",
    # Paul Tol's 'muted' scheme: nine colours told apart with the common colour-vision
    # deficiencies, dark enough for white paper.
    palette=(
        "#332288",
        "#117733",
        "#CC6677",
        "#88CCEE",
        "#882255",
        "#44AA99",
        "#DDCC77",
        "#AA4499",
        "#999933",
        "#555555",  # two neutral greys, so that each of the eleven kinds has a colour of its own
        "#BBBBBB",
    ),
)

DARK = Theme(
    name="dark",
    background="#1e1e1e",
    text="#e8e8e8",
    muted="#b0b0b0",
    grid="#3a3a3a",
    band="#ffffff",
    link="#9a9a9a",
    # Paul Tol's 'light' scheme: the same care for colour vision, light enough for a dark page.
    palette=(
        "#77AADD",
        "#EE8866",
        "#EEDD88",
        "#FFAABB",
        "#99DDFF",
        "#44BB99",
        "#BBCC33",
        "#AAAA00",
        "#CC99CC",  # for Tol's pale grey, which reads as "no colour" on a dark page
        "#DDDDDD",  # two neutral greys, so that each of the eleven kinds has a colour of its own
        "#888888",
    ),
)


def theme(name: str) -> Theme:
    """The theme called ``name`` ('light' or 'dark')."""
    match name:
        case "light":
            return LIGHT
        case "dark":
            return DARK
    raise UnknownOption(f"unknown theme {name!r}; use {' or '.join(THEMES)}")
