"""Exports of a plan (YAML, JSON, JSON Lines, CSV, TSV, XLSX, eComptes XML), plan loading
and safe writing.

Everything here is format-level: no module imports the command-line libraries.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from pstparse.exporters.registry import (
    REGISTRY,
    Exported,
    ExportFormat,
    check_options,
    export,
    format_from_suffix,
    get_format,
)
from pstparse.model.plan import Plan
from pstparse.options import DEFAULT_EXPORT_OPTIONS, ExportOptions

if TYPE_CHECKING:
    from pstparse.exporters.atomic import write_atomic
    from pstparse.exporters.documents import pruned_plan_dict
    from pstparse.exporters.loading import MAX_PLAN_BYTES, load_plan
    from pstparse.exporters.rows import (
        STANDARD_FIELDS,
        action_rows,
        extra_field_keys,
        field_keys,
    )
    from pstparse.exporters.schema import schema_text
    from pstparse.exporters.tabular import (
        STREAM_FORMATS,
        MultiWriter,
        table_writer,
        tsv_escape,
        tsv_unescape,
    )

_LAZY = {
    "write_atomic": "atomic",
    "pruned_plan_dict": "documents",
    "MAX_PLAN_BYTES": "loading",
    "load_plan": "loading",
    "STANDARD_FIELDS": "rows",
    "action_rows": "rows",
    "extra_field_keys": "rows",
    "field_keys": "rows",
    "schema_text": "schema",
    "STREAM_FORMATS": "tabular",
    "MultiWriter": "tabular",
    "table_writer": "tabular",
    "tsv_escape": "tabular",
    "tsv_unescape": "tabular",
}
"""Names loaded on first use (PEP 562): a JSON export needs neither PyYAML nor the plan
loader, and ``pstparse extract -f json`` should not pay for importing them."""


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "FORMATS",
    "MAX_PLAN_BYTES",
    "REGISTRY",
    "STANDARD_FIELDS",
    "STREAM_FORMATS",
    "TEXT_FORMATS",
    "ExportFormat",
    "Exported",
    "MultiWriter",
    "action_rows",
    "check_options",
    "export",
    "extra_field_keys",
    "field_keys",
    "format_from_suffix",
    "get_format",
    "load_plan",
    "pruned_plan_dict",
    "render",
    "schema_text",
    "table_writer",
    "tsv_escape",
    "tsv_unescape",
    "write_atomic",
]

FORMATS: tuple[str, ...] = tuple(f.name for f in REGISTRY)
"""Every output format, by name (see :data:`pstparse.exporters.registry.REGISTRY`)."""

TEXT_FORMATS: tuple[str, ...] = tuple(f.name for f in REGISTRY if not f.binary)
"""The formats whose output is text (the others give bytes)."""


def render(
    plan: Plan, fmt: str, *, bom: bool = False, options: ExportOptions | None = None
) -> str | bytes:
    """Return the whole export of ``plan`` in format ``fmt`` (one of :data:`FORMATS`).

    ``fmt`` is case-insensitive; the result is text, or bytes for a binary format
    (xlsx). ``bom=True`` (the same as ``options.bom``) prefixes U+FEFF and is only
    accepted for csv and tsv (JSON forbids a BOM). Raises :class:`UsageError` for an
    unknown format, an option the format does not take, or (eComptes) an identifier
    the plan does not give. Use :func:`export` to get the exporter's findings too.
    """
    options = options or DEFAULT_EXPORT_OPTIONS
    if bom:
        options = options.but(bom=True)
    result = export(plan, fmt, options)
    return result.data if get_format(fmt).binary else result.text()
