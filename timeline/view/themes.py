"""How the chart looks: light and dark themes, each with a colour-blind-safe palette.

Every colour meets WCAG 2.1 AA on its theme's background: text at least 4.5:1, marks (the
palette, connectors) at least 3:1 (``contrast`` computes the ratio; a test checks each one).
Text is at least ``FONT_SIZE`` pixels.

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
FONT_SIZE = 12
"""The smallest text the chart draws, in pixels: labels, axes, legends, notes."""
TEXT_CONTRAST = 4.5
MARK_CONTRAST = 3.0
"""WCAG 2.1 AA: 1.4.3 (text) and 1.4.11 (graphical objects)."""


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
            "title": {
                "color": self.text,
                "subtitleColor": self.muted,
                "fontSize": 16,
                "subtitleFontSize": FONT_SIZE,
            },
            "axis": {
                "labelColor": self.text,
                "titleColor": self.muted,
                "gridColor": self.grid,
                "domainColor": self.muted,
                "tickColor": self.muted,
                "labelFontSize": FONT_SIZE,
                "titleFontSize": FONT_SIZE,
            },
            "legend": {
                "labelColor": self.text,
                "titleColor": self.text,
                "labelFontSize": FONT_SIZE,
                "titleFontSize": FONT_SIZE,
            },
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
    # deficiencies. Its pale cyan, teal, sand and olive are darkened (same hue) to 3:1 on white.
    palette=(
        "#332288",
        "#117733",
        "#CC6677",
        "#3A8DBA",  # Tol's #88CCEE, 1.8:1
        "#882255",
        "#339988",  # #44AA99, 2.8:1
        "#B07D2B",  # #DDCC77, 1.6:1: ochre, to stay apart from the olive
        "#AA4499",
        "#8F8F2A",  # #999933, 3.0:1
        "#555555",  # two neutral greys, so that each of the eleven kinds has a colour of its own
        "#8A8A8A",
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


def contrast(colour: str, background: str) -> float:
    """The WCAG 2.1 contrast ratio of two ``#rrggbb`` colours, from 1 (none) to 21."""
    lighter, darker = sorted((_luminance(colour), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    """Relative luminance, as WCAG 2.1 defines it (sRGB channels linearised)."""
    channels = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    red, green, blue = (
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    )
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def theme(name: str) -> Theme:
    """The theme called ``name`` ('light' or 'dark')."""
    match name:
        case "light":
            return LIGHT
        case "dark":
            return DARK
    raise UnknownOption(f"unknown theme {name!r}; use {' or '.join(THEMES)}")
