"""Which of a file's translations serves a reader's language.

A file's texts are in its own ``language``; ``translations`` give them in others, keyed by
BCP 47 tag. The rule, in one place for every path that shows text: the file's own text when
the reader's language is the file's; else the translation tagged exactly so; else the first
whose primary language matches (``de-AT`` serves ``de``); else the file's own text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, TypeVar

from .models import DEFAULT_LANGUAGE

_T = TypeVar("_T")


class Titled(Protocol):
    """A translation with a title (of an event, or of the timeline)."""

    @property
    def title(self) -> str | None: ...


def translation_for(
    translations: Mapping[str, _T], lang: str, file_language: str = DEFAULT_LANGUAGE
) -> _T | None:
    """The translation into ``lang``, or ``None`` when the file's own text is the one to show."""
    if primary_language(file_language) == lang or not translations:
        return None
    if lang in translations:
        return translations[lang]
    for tag, translation in translations.items():
        if primary_language(tag) == lang:
            return translation
    return None


def primary_language(tag: str) -> str:
    """The language of a BCP 47 tag without its region or script: ``de`` of ``de-AT``."""
    return tag.split("-", 1)[0].lower()


def translated_title(
    title: str | None,
    translations: Mapping[str, Titled],
    lang: str,
    file_language: str = DEFAULT_LANGUAGE,
) -> str | None:
    """A title in ``lang`` where the translations have it, else ``title`` as written."""
    translation = translation_for(translations, lang, file_language)
    return translation.title if translation is not None and translation.title else title


class FileTexts(Protocol):
    """A timeline's own texts and their translations (a ``Timeline``, or a file's header)."""

    @property
    def title(self) -> str | None: ...

    @property
    def language(self) -> str: ...

    @property
    def translations(self) -> Mapping[str, Titled]: ...
