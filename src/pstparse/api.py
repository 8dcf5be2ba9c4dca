"""The library entry points: what the command line calls, usable from Python too.

>>> from pstparse.api import extract_path
>>> plan = extract_path("samples/seed000_pst_gembloux.txt")  # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pstparse.errors import InputError
from pstparse.models import Finding, Kind, Plan

MAX_INPUT_BYTES = 200 * 1024 * 1024
"""Inputs larger than this are refused before reading (see README, "Limits")."""


def extract_bytes(
    data: bytes,
    *,
    name: str = "<input>",
    kind: Kind | None = None,
    password: str | None = None,
) -> Plan:
    """Extract a plan from a document's bytes (TXT, DOCX or PDF, sniffed from content).

    The plan's findings hold what extraction noticed followed by the validation rules.
    Raises :class:`~pstparse.errors.PstparseError` subclasses for unreadable input.
    """
    from pstparse.extractors import extract
    from pstparse.normalise import normalise
    from pstparse.validation import validate

    extraction = extract(data, name=name, password=password)
    plan = normalise(extraction, kind=kind)
    plan.document.path = name
    plan.document.sha256 = hashlib.sha256(data).hexdigest()
    plan.document.format = extraction.format
    plan.document.encoding = extraction.encoding
    plan.document.pages = extraction.pages
    plan.findings = [*plan.findings, *validate(plan)]
    return plan


def read_input(path: str | Path) -> bytes:
    """Read a document's bytes, refusing what is missing, not a file, or too large."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if not p.is_file():
            raise InputError("not a regular file", path=str(path))
        if size > MAX_INPUT_BYTES:
            raise InputError(
                f"file too large ({size / 2**20:.0f} MiB > {MAX_INPUT_BYTES // 2**20} MiB)",
                path=str(path),
            )
        return p.read_bytes()
    except FileNotFoundError as exc:
        raise InputError("no such file", path=str(path)) from exc
    except PermissionError as exc:
        raise InputError("permission denied", path=str(path)) from exc
    except IsADirectoryError as exc:
        raise InputError("is a directory", path=str(path)) from exc


def extract_path(
    path: str | Path, *, kind: Kind | None = None, password: str | None = None
) -> Plan:
    """Extract a plan from a file on disk."""
    return extract_bytes(read_input(path), name=str(path), kind=kind, password=password)


def validate_plan(plan: Plan) -> list[Finding]:
    """Findings for a plan: its extraction findings plus fresh validation findings."""
    from pstparse.validation import merge_findings

    return merge_findings(plan)
