"""The text exports that came first: YAML, JSON, JSON Lines, CSV and TSV, as renderers of
the registry (:mod:`pstparse.exporters.registry`)."""

from __future__ import annotations

import io

from pstparse.exporters.registry import Exported
from pstparse.model.plan import Plan
from pstparse.options import ExportOptions


def export_yaml(plan: Plan, options: ExportOptions) -> Exported:
    """The plan as human-editable YAML."""
    # Here, not at the top: PyYAML is a tenth of the start-up of a JSON export.
    from pstparse.exporters.documents import render_yaml

    return Exported(render_yaml(plan))


def export_json(plan: Plan, options: ExportOptions) -> Exported:
    """The complete plan as JSON, as UTF-8 bytes (see :class:`Exported`)."""
    from pstparse.exporters.documents import render_json_bytes

    return Exported(render_json_bytes(plan))


def _records(plan: Plan, fmt: str, options: ExportOptions) -> Exported:
    from pstparse.exporters.tabular import table_writer

    buffer = io.StringIO(newline="")
    table_writer(buffer, fmt, [plan], options).write_plan(plan)
    return Exported(buffer.getvalue())


def export_jsonl(plan: Plan, options: ExportOptions) -> Exported:
    """One JSON object per action."""
    return _records(plan, "jsonl", options)


def export_csv(plan: Plan, options: ExportOptions) -> Exported:
    """One CSV row per action."""
    return _records(plan, "csv", options)


def export_tsv(plan: Plan, options: ExportOptions) -> Exported:
    """One TSV line per action."""
    return _records(plan, "tsv", options)
