"""The languages the chart speaks, named without loading the words (Babel) themselves."""

from __future__ import annotations

from typing import Literal, get_args

from ..core.errors import UnsupportedLanguage

Lang = Literal["en", "de"]
LANGUAGES: tuple[Lang, ...] = get_args(Lang)


def check_lang(lang: str) -> Lang:
    """``lang`` if it is one of ``LANGUAGES``; else ``UnsupportedLanguage``."""
    for known in LANGUAGES:
        if lang == known:
            return known
    raise UnsupportedLanguage(f"unknown language {lang!r}; use {' or '.join(LANGUAGES)}")
