"""Ids of events, actors and tags: what one may look like, and one made from a title."""

from __future__ import annotations

import re
import unicodedata

SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
"""An id: lower-case letters and digits, in words joined by single hyphens or underscores
(matched whole, with ``fullmatch``)."""

MAX_ID_LENGTH = 48
"""Ids made from titles are cut (at a hyphen) to this length: long enough to tell them apart."""


def is_slug(text: str) -> bool:
    """Whether ``text`` is an id, all of it (a trailing line break is not part of one)."""
    return SLUG.fullmatch(text) is not None


def slugify(text: str, fallback: str = "event") -> str:
    """An id made from a title: ``'Rózsa Péter writes'`` → ``'rozsa-peter-writes'``."""
    plain = unicodedata.normalize("NFKD", re.sub(r"<[^>]*>", " ", text))
    ascii_text = plain.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > MAX_ID_LENGTH:
        cut = slug[:MAX_ID_LENGTH]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug or fallback
