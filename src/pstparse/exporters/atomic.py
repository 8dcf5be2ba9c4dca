"""Write a file so that readers see either the old content or the new, never a mix."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

_ATTEMPTS = 16


def _open_temp(path: Path) -> tuple[Path, int]:
    # O_EXCL with mode 0o666 gives the usual umask-derived permissions, unlike mkstemp's
    # 0o600, without touching the process-wide umask.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(_ATTEMPTS):
        temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return temp, os.open(temp, flags, 0o666)
        except FileExistsError:
            continue
    raise FileExistsError(f"cannot create a temporary file next to {path}")


def _sync_directory(directory: Path) -> None:
    # Makes the rename itself durable; not possible everywhere (e.g. Windows), hence
    # best effort.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, data: str | bytes, *, encoding: str = "utf-8") -> None:
    """Write ``data`` to ``path`` atomically.

    The data goes to a temporary file in the same directory, is flushed and fsynced,
    then renamed over ``path`` (:func:`os.replace`). On any exception, including
    ``KeyboardInterrupt``, the temporary file is removed and ``path`` is untouched.
    Text is encoded with ``encoding`` and written without newline translation.

    The rename replaces the directory entry itself: if ``path`` is a symbolic link or
    has other hard links, the file they point to is never modified (so an output path
    that aliases an input cannot overwrite that input's content). An existing regular
    file's permission bits are kept. ``OSError`` (missing directory, no permission,
    ``path`` is a directory...) propagates unchanged.
    """
    path = Path(path)
    payload = data.encode(encoding) if isinstance(data, str) else data
    temp, fd = _open_temp(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileNotFoundError):
            existing = path.lstat()
            if stat.S_ISREG(existing.st_mode):
                temp.chmod(stat.S_IMODE(existing.st_mode))
        temp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _sync_directory(path.parent)
