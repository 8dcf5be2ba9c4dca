"""Validation reports: one line per finding for people, a dict for machines."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pstparse.models import Finding, Severity, Source


def format_source(source: Source | None) -> str:
    """Say where a finding points in the source, e.g. ``page 3, table 1 row 4``.

    Returns an empty string when the source gives no location.
    """
    if source is None:
        return ""
    parts: list[str] = []
    if source.page is not None:
        parts.append(f"page {source.page}")
    cell = []
    if source.table is not None:
        cell.append(f"table {source.table}")
    if source.row is not None:
        cell.append(f"row {source.row}")
    if source.column is not None:
        cell.append(f"column {source.column}")
    if cell:
        parts.append(" ".join(cell))
    if source.paragraph is not None:
        parts.append(f"paragraph {source.paragraph}")
    if source.line is not None:
        if source.line_end is not None and source.line_end != source.line:
            parts.append(f"lines {source.line}-{source.line_end}")
        else:
            parts.append(f"line {source.line}")
    return ", ".join(parts)


def count_findings(findings: Iterable[Finding]) -> dict[str, int]:
    """Number of findings per severity, with every severity present."""
    counts = {severity.value: 0 for severity in Severity}
    for finding in findings:
        counts[Severity(finding.severity).value] += 1
    return counts


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 or word == "info" else f"{count} {word}s"


def summary_line(findings: Iterable[Finding]) -> str:
    """``2 errors, 1 warning, 0 info``."""
    counts = count_findings(findings)
    return ", ".join(_plural(counts[s.value], s.value) for s in Severity)


def finding_line(finding: Finding, *, name: str) -> str:
    """One report line: ``name: severity rule path: message [where]``."""
    where = f" {finding.path}" if finding.path else ""
    location = format_source(finding.source)
    suffix = f" [{location}]" if location else ""
    severity = Severity(finding.severity).value
    return f"{name}: {severity} {finding.rule}{where}: {finding.message}{suffix}"


def text_report(findings: Sequence[Finding], *, name: str) -> str:
    """The findings one per line, then a summary line; ``name`` is the file reported on."""
    lines = [finding_line(finding, name=name) for finding in findings]
    lines.append(summary_line(findings))
    return "\n".join(lines)


def json_report(findings: Sequence[Finding], *, name: str) -> dict[str, Any]:
    """The findings as a JSON-ready dict: file, ok (no error), counts, findings."""
    counts = count_findings(findings)
    return {
        "file": name,
        "ok": counts[Severity.ERROR.value] == 0,
        "counts": counts,
        "findings": [finding.model_dump(mode="json") for finding in findings],
    }
