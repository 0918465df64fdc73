"""Writing files so that a reader never sees half of one: a temp file beside it, then a rename."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path

from ..core.errors import OutputError


def write_atomic(path: str | os.PathLike[str], content: str | bytes) -> Path:
    """Write ``content`` to ``path`` all at once, or not at all.

    The data goes to a temporary file in the same folder, is flushed to disk, and replaces
    ``path`` with one rename, so a file the user already had stays whole if anything fails, and
    two writers at once leave one complete file. A new file gets the usual permissions
    (0666 less the umask); a replaced one keeps its own.
    """
    target = Path(path)
    try:
        data = content.encode("utf-8") if isinstance(content, str) else content
    except UnicodeEncodeError as exc:  # e.g. a --title with bytes that were not UTF-8
        raise OutputError(
            f"{target}: the output holds {content[exc.start]!r}, which is not a character"
        ) from None
    folder = target.parent if str(target.parent) else Path(".")
    if "\x00" in str(target):
        raise OutputError(f"{str(target)!r}: a file name cannot hold a NUL character")
    if target.is_dir():
        raise OutputError(f"{target}: is a directory; give a file name")
    if not folder.is_dir():
        missing = "is not a folder" if folder.exists() else "does not exist"
        raise OutputError(f"{target}: folder {folder} {missing}")
    try:
        mode: int | None = target.stat().st_mode & 0o7777
    except OSError:
        mode = None  # a new file: open() gives it 0666 less the umask
    try:
        fd, temp = _temporary_file(folder, target.name)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write there ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, target)
        _sync_folder(folder)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return target


def _temporary_file(folder: Path, name: str) -> tuple[int, str]:
    """A new, empty file beside the target, open for writing.

    Made with mode 0666 so that the kernel applies the umask: finding out the umask means
    setting it, which for a moment changes it for every thread of the process.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        temp = os.path.join(folder, f".{name[:200]}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(temp, flags, 0o666), temp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(folder))


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable, where the system allows it (not on Windows)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
