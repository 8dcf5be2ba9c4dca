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
        return f"{self.path}: {self.message}" if self.path else self.message


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
