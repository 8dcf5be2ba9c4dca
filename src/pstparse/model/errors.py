"""The one exception hierarchy of pstparse. Every expected failure is a PstparseError."""

from __future__ import annotations


class PstparseError(Exception):
    """Base class: a problem with the input or the request, reported on one line.

    ``exit_code`` is the process exit code the command line uses for it.
    """

    exit_code: int = 2

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{display_name(self.path)}: {self.message}" if self.path else self.message


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\", "'": "\\'"}


def display_name(name: str) -> str:
    """A file name fit for a one-line message on a terminal.

    A name of printable characters is shown as is. Any other is quoted, with its control
    characters (a newline, an ESC that would start a terminal sequence) and the bytes
    that are not UTF-8 (held as surrogate escapes by Python) written as escapes:
    ``'a\\nb.txt'``, ``'\\x1b[31mred.txt'``, ``'plan\\xff.txt'``.
    """
    if _printable(name):
        return name
    out: list[str] = []
    for char in name:
        code = ord(char)
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
            out.append(f"\\x{code - 0xDC00:02x}")
        elif not char.isprintable() or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "'" + "".join(out) + "'"


def printable_message(text: str) -> str:
    """``text`` with every control character, surrogate escape or other unprintable
    character written as an escape, so that a message stays one inert line."""
    if _printable(text):
        return text
    return display_name(text)[1:-1].replace("\\'", "'")


def _printable(name: str) -> bool:
    return name.isprintable() and not any(0xD800 <= ord(c) <= 0xDFFF for c in name)


def data_name(name: str) -> str:
    """A file name fit for the data written (a plan's ``document.path``, a report): the
    bytes of a name that are not UTF-8 (surrogate escapes) become U+FFFD, which every
    writer can encode."""
    if not any(0xD800 <= ord(c) <= 0xDFFF for c in name):
        return name
    return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in name)


class InputError(PstparseError):
    """The input cannot be read: missing, empty, wrong type, corrupt, too large."""


class UnsupportedFormatError(InputError):
    """The input is of a type pstparse does not read."""


class NeedsOCRError(InputError):
    """A PDF has no text layer; OCR is needed before extraction."""


class EncryptedError(InputError):
    """A document is encrypted and no (correct) password was given."""


class PlanError(PstparseError):
    """A plan given to ``validate`` or ``convert`` is malformed or is not a plan."""


class UsageError(PstparseError):
    """The request itself is wrong (unknown format, conflicting options)."""


class OutputError(PstparseError):
    """An output cannot be written (missing directory, no permission, disk full)."""
