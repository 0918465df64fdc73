"""Writing files so that a reader never sees half of one: a temp file beside it, then a rename."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import stat
from pathlib import Path

from ..core.errors import OutputError


def write_atomic(
    path: str | os.PathLike[str], content: str | bytes, *, replace: bool = True
) -> Path:
    """Write ``content`` to ``path`` all at once, or not at all.

    The data goes to a temporary file in the same folder, is flushed to disk, and replaces
    ``path`` with one rename, so a file the user already had stays whole if anything fails, and
    two writers at once leave one complete file. A new file gets the usual permissions
    (0666 less the umask); a replaced one keeps its own.

    With ``replace=False`` an existing ``path`` is never replaced, not even one that another
    writer makes while this one writes: the file is linked into place, which fails when the
    name is taken. A symbolic link is followed (the file it points to is replaced; the link
    stays). A path that is no regular file (a named pipe, ``/dev/null``, a terminal) is written
    into as it is: a rename would put a regular file in its place.
    """
    target = Path(path)
    try:
        data = content.encode("utf-8") if isinstance(content, str) else content
    except UnicodeEncodeError as exc:  # e.g. a --title with bytes that were not UTF-8
        raise OutputError(
            f"{target}: the output holds {content[exc.start]!r}, which is not a character"
        ) from None
    if "\x00" in str(target):
        raise OutputError(f"{str(target)!r}: a file name cannot hold a NUL character")
    if target.is_dir():
        raise OutputError(f"{target}: is a directory; give a file name")
    try:
        found: os.stat_result | None = target.stat()  # through links: what is written
    except OSError:
        found = None  # a new file (or a dangling link, which the rename replaces)
    if found is not None and not replace:
        raise OutputError(f"{target}: already exists; pass --force to replace it")
    if found is not None and not stat.S_ISREG(found.st_mode):
        _write_into(target, data)
        return target
    if found is not None and target.is_symlink():
        target = Path(os.path.realpath(target))
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        missing = "is not a folder" if folder.exists() else "does not exist"
        raise OutputError(f"{target}: folder {folder} {missing}")
    mode = None if found is None else stat.S_IMODE(found.st_mode)  # a new file: 0666 - umask
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
        if replace:
            os.replace(temp, target)
        else:
            _link_new(temp, target)
        _sync_folder(folder)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return Path(path)


def _link_new(temp: str, target: Path) -> None:
    """Give the written file ``temp`` the name ``target``, which must still be free.

    A hard link fails when the name is taken, so that of two writers racing for a new name
    one wins and the other is told; where a file system has no hard links, the file is made
    with ``O_EXCL`` and filled, which no reader should see half-written for long.
    """
    try:
        os.link(temp, target)
    except FileExistsError:
        raise OutputError(f"{target}: already exists; pass --force to replace it") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK):
            raise
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o666)
        except FileExistsError:
            raise OutputError(f"{target}: already exists; pass --force to replace it") from None
        with open(temp, "rb") as written, os.fdopen(fd, "wb") as out:
            shutil.copyfileobj(written, out)
            out.flush()
            os.fsync(out.fileno())
    os.unlink(temp)


def _write_into(target: Path, data: bytes) -> None:
    """Write ``data`` into a file that is not a regular file (a named pipe, a device), as a
    shell's ``>`` would: it cannot be replaced, and half of it cannot be taken back."""
    try:
        with open(target, "wb", buffering=0) as out:
            out.write(data)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from None


_BINARY = getattr(os, "O_BINARY", 0)  # Windows would otherwise translate line breaks


def _temporary_file(folder: Path, name: str) -> tuple[int, str]:
    """A new, empty file beside the target, open for writing.

    Made with mode 0666 so that the kernel applies the umask: finding out the umask means
    setting it, which for a moment changes it for every thread of the process.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY
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
