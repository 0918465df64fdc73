"""Bytes from a file or a caller to text: the size limit, the encoding, what cannot be read.

Every input goes through here, whatever its format, so that a missing file, a directory, a
binary or UTF-16 file, or one over the size limit gets the same message everywhere.
"""

from __future__ import annotations

import codecs
import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..core.errors import UnreadableInput
from .limits import max_bytes, too_large


@contextlib.contextmanager
def reading(name: str) -> Iterator[None]:
    """Turn the ways reading a file can fail into an ``UnreadableInput`` that names it."""
    try:
        yield
    except FileNotFoundError:
        raise UnreadableInput(f"{name}: no such file") from None
    except PermissionError:
        raise UnreadableInput(f"{name}: permission denied") from None
    except OSError as exc:
        raise UnreadableInput(f"{name}: cannot read ({exc.strerror or exc})") from None
    except ValueError as exc:
        if isinstance(exc, UnreadableInput):
            raise
        raise UnreadableInput(f"{name!r}: not a possible file name") from None  # a NUL in it


def open_file(source: str | os.PathLike[str]) -> tuple[BinaryIO, int]:
    """The file ``source`` opened to read bytes, and its size (0 for a pipe or a device).

    Raises ``UnreadableInput`` that names the file when it is missing, a directory, or cannot
    be opened; the one place every reader finds these out.
    """
    path, name = Path(source), str(source)
    with reading(name):
        if path.is_dir():
            raise UnreadableInput(f"{name}: is a directory, not an events file")
        handle = path.open("rb")
        return handle, os.fstat(handle.fileno()).st_size


def read_text(source: str | os.PathLike[str]) -> tuple[str, str]:
    """Read a file as UTF-8 text; returns ``(text, name)`` or raises ``UnreadableInput``."""
    name = str(source)
    limit = max_bytes()
    handle, size = open_file(source)
    with handle, reading(name):
        if size > limit:
            raise too_large(name, size)
        raw = read_at_most(handle, limit, size)
    if len(raw) > limit:
        raise too_large(name)
    return decode(raw, name), name


_CHUNK = 1 << 20


def read_at_most(handle: BinaryIO, limit: int, size: int) -> bytes:
    """The bytes of ``handle``, but never more than ``limit + 1`` (one more than allowed says
    there were too many), even from a pipe or a device that reports no ``size``: /dev/zero
    would otherwise be read until memory runs out. Read a piece at a time, since Python
    reserves the memory a ``read(n)`` asks for, however large ``limit`` is set."""
    pieces: list[bytes] = []
    left = limit + 1
    while left > 0:
        piece = handle.read(min(left, max(size + 1, _CHUNK)))
        if not piece:
            break
        pieces.append(piece)
        left -= len(piece)
    return pieces[0] if len(pieces) == 1 else b"".join(pieces)


_WIDE_UNICODE = {
    codecs.BOM_UTF32_LE: "UTF-32",
    codecs.BOM_UTF32_BE: "UTF-32",
    codecs.BOM_UTF16_LE: "UTF-16",
    codecs.BOM_UTF16_BE: "UTF-16",
}


def decode(raw: bytes, name: str) -> str:
    for bom, encoding in _WIDE_UNICODE.items():  # UTF-32 first: its mark starts like UTF-16's
        if raw.startswith(bom):
            raise UnreadableInput(f"{name}: the file is {encoding} text; save it as UTF-8")
    if b"\x00" in raw:
        raise UnreadableInput(f"{name}: contains NUL bytes; this looks like a binary file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise UnreadableInput(
            f"{name}:{line}:{column}: not valid UTF-8 (byte 0x{raw[exc.start]:02x}); "
            "save the file as UTF-8"
        ) from None


def check_text(text: str, name: str) -> str:
    """``text`` as given, if it is within the size limit and every character in it is one.

    Text from a file was decoded, so it is; a ``str`` handed to ``loads`` may hold lone
    surrogates (``"\\ud800"``), which no file can, and which would fail later, on output.
    """
    if len(text) > max_bytes():
        raise too_large(name, len(text))
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            line, column = line_column(text, exc.start)
            raise UnreadableInput(
                f"{name}:{line}:{column}: U+{ord(text[exc.start]):04X} is half of a UTF-16 "
                "surrogate pair, not a character"
            ) from None
    return text


def line_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]``."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1
