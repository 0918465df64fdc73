"""The project's own bounds on what it reads, checked before any dependency sees the input.

Every reader enforces these, so that a message about a file too large, too deep or with a
number too long is ours, the same whatever version of PyYAML, orjson or rapidyaml runs.
"""

from __future__ import annotations

import os

from ..core.errors import UnreadableInput

MAX_BYTES = 128 << 20
"""Largest input read (128 MiB, about 170,000 events); larger ones are refused unread.

A file with errors is read twice, and the second reader keeps a position for every value: a
file of 75 MiB needs 5 GB of memory then, so a much larger limit would let one file exhaust
the machine. The environment variable ``TIMELINE_MAX_BYTES`` (a number of bytes, any size)
overrides it.
"""
MAX_DEPTH = 64
"""Deepest nesting of mappings and lists accepted; an events file needs about 6."""
MAX_ALIAS_GROWTH = 1_000_000
"""Values that aliases may add by repetition; beyond that the file is refused."""
MAX_NUMBER_LENGTH = 1000
"""Longest whole number read (in digits); Python cannot even print one of 4,300 digits."""
MAX_LINE_BYTES = 16 * 2**20
"""Longest line of a JSON Lines file read (an event is rarely over a few kilobytes), so that a
file with no line breaks (or a runaway writer) is refused with its line number."""


def max_bytes() -> int:
    """The size limit in force: ``TIMELINE_MAX_BYTES`` when set, else ``MAX_BYTES``."""
    setting = os.environ.get("TIMELINE_MAX_BYTES", "").strip()
    if not setting:
        return MAX_BYTES
    if not setting.isascii() or not setting.isdigit() or int(setting) == 0:
        raise UnreadableInput(
            f"TIMELINE_MAX_BYTES={setting!r} is not a size; give a number of bytes (e.g. 500000000)"
        )
    return int(setting)


def too_large(name: str, size: int | None = None) -> UnreadableInput:
    """The error for an input over the size limit (``size`` when it is known)."""
    limit = max_bytes()
    what = f"{_size_text(size)} is" if size is not None else "is"
    return UnreadableInput(
        f"{name}: {what} larger than the limit of {_size_text(limit)}; split the file, or set "
        "TIMELINE_MAX_BYTES to a larger number of bytes"
    )


def _size_text(size: int) -> str:
    return f"{size / 2**20:.0f} MiB" if size >= 2**20 else f"{size:,} bytes"
