"""Write a file so that readers see either the old content or the new, never a mix."""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import os
import re
import secrets
import stat
from pathlib import Path
from typing import BinaryIO

WRITE_CHUNK_CHARS = 1 << 20
"""Text is encoded and written this many characters at a time: a large plan's JSON is
never held twice (as text and as its bytes); 1 Mi characters make few system calls."""

_ATTEMPTS = 16
_NAME_MAX = 255
"""Longest file name (bytes) assumed when the file system does not say."""
_TEMP = re.compile(r"\.(?P<stem>.+)\.[0-9a-f]{8}\.tmp")


def _temp_stem(path: Path) -> str:
    """The part of a temporary name that names its target: the target's name, or, when
    ``.NAME.xxxxxxxx.tmp`` would exceed the file system's name limit, a digest of it."""
    try:
        name_max = os.pathconf(path.parent, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        name_max = _NAME_MAX
    if len(os.fsencode(path.name)) + 14 <= name_max:
        return path.name
    return "pstparse-" + hashlib.sha256(os.fsencode(path.name)).hexdigest()[:32]


def _open_temp(path: Path) -> tuple[Path, int]:
    # O_EXCL with mode 0o666 gives the usual umask-derived permissions, unlike mkstemp's
    # 0o600, without touching the process-wide umask.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    stem = _temp_stem(path)
    for _ in range(_ATTEMPTS):
        temp = path.with_name(f".{stem}.{secrets.token_hex(4)}.tmp")
        try:
            return temp, os.open(temp, flags, 0o666)
        except FileExistsError:
            continue
    raise FileExistsError(f"cannot create a temporary file next to {path}")


def stale_temporaries(path: Path) -> list[Path]:
    """Temporary files :func:`write_atomic` may have left next to ``path`` when the
    process was killed outright (SIGKILL, power loss), for ``--resume`` to remove."""
    path = Path(path)
    stem = _temp_stem(path)
    try:
        names = [entry.name for entry in path.parent.iterdir()]
    except OSError:
        return []
    found = []
    for name in names:
        match = _TEMP.fullmatch(name)
        if match is not None and match["stem"] == stem:
            found.append(path.parent / name)
    return found


def _is_special(path: Path) -> bool:
    """True for a target that must be written in place, never replaced: a device, a
    FIFO or a socket (``/dev/stdout``, ``/dev/null``, a named pipe), or anything under
    ``/dev`` or ``/proc``."""
    if str(path).startswith(("/dev/", "/proc/")):
        return True
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


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


def _write(handle: BinaryIO, data: str | bytes, encoding: str) -> None:
    if isinstance(data, bytes):
        handle.write(data)
        return
    # An incremental encoder writes a byte-order mark ("utf-8-sig") once, not per chunk.
    encoder = codecs.getincrementalencoder(encoding)()
    for start in range(0, len(data), WRITE_CHUNK_CHARS):
        handle.write(encoder.encode(data[start : start + WRITE_CHUNK_CHARS]))
    handle.write(encoder.encode("", final=True))


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

    A special file (a device such as ``/dev/stdout``, a FIFO) is written directly: an
    atomic rename would replace it with a regular file that its reader never sees.
    When the target's name is too long for the temporary name (``.NAME.xxxxxxxx.tmp``
    adds 14 characters), the temporary is named after a digest of it.
    """
    path = Path(path)
    if _is_special(path):
        with path.open("wb") as handle:
            _write(handle, data, encoding)
        return
    temp, fd = _open_temp(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            _write(handle, data, encoding)
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
