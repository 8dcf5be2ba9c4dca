"""Exports of a plan (YAML, JSON, JSON Lines, CSV, TSV), plan loading and safe writing.

Everything here is format-level: no module imports the command-line libraries.
"""

from __future__ import annotations

import io
from pathlib import Path

from pstparse.errors import UsageError
from pstparse.exporters.atomic import write_atomic
from pstparse.exporters.documents import pruned_plan_dict, render_json, render_yaml
from pstparse.exporters.loading import MAX_PLAN_BYTES, load_plan
from pstparse.exporters.rows import (
    STANDARD_FIELDS,
    action_rows,
    extra_field_keys,
    field_keys,
)
from pstparse.exporters.schema import schema_text
from pstparse.exporters.tabular import STREAM_FORMATS, MultiWriter, tsv_escape, tsv_unescape
from pstparse.models import Plan

__all__ = [
    "FORMATS",
    "MAX_PLAN_BYTES",
    "STANDARD_FIELDS",
    "STREAM_FORMATS",
    "MultiWriter",
    "action_rows",
    "extra_field_keys",
    "field_keys",
    "format_from_suffix",
    "load_plan",
    "pruned_plan_dict",
    "render",
    "schema_text",
    "tsv_escape",
    "tsv_unescape",
    "write_atomic",
]

FORMATS: tuple[str, ...] = ("yaml", "json", "jsonl", "csv", "tsv")
"""Every output format, by name."""

_SUFFIXES = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
}


def format_from_suffix(path: str | Path) -> str | None:
    """Return the output format a file name asks for (case-insensitive), or ``None``."""
    return _SUFFIXES.get(Path(path).suffix.lower())


def render(plan: Plan, fmt: str, *, bom: bool = False) -> str:
    """Return the whole export of ``plan`` in format ``fmt`` (one of :data:`FORMATS`).

    ``fmt`` is case-insensitive. ``bom=True`` prefixes U+FEFF and is only accepted for
    csv and tsv (JSON forbids a BOM). Raises :class:`UsageError` for an unknown format or
    a BOM requested for another format.
    """
    name = fmt.lower()
    if name not in FORMATS:
        raise UsageError(f"unknown format {fmt!r} (choose from: {', '.join(FORMATS)})")
    if bom and name not in ("csv", "tsv"):
        raise UsageError(f"a byte order mark is only written for csv and tsv, not {name}")
    if name == "yaml":
        return render_yaml(plan)
    if name == "json":
        return render_json(plan)
    buffer = io.StringIO(newline="")
    writer = MultiWriter(buffer, name, extra_fields=extra_field_keys([plan]), bom=bom)
    writer.write_plan(plan)
    return buffer.getvalue()
