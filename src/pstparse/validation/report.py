"""Validation reports: one line per finding for people, a dict for machines."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pstparse.model.messages import DEFAULT_LANG, Lang, plural, ui
from pstparse.model.plan import Finding, Severity, Source


@dataclass(frozen=True, slots=True)
class Located:
    """A finding with where it sits in the plan file being validated (1-based), when
    known: what ``validate`` reports on a hand-edited YAML or JSON plan."""

    finding: Finding
    line: int | None = None
    column: int | None = None


RULE_FIELDS: dict[str, str] = {
    "empty-title": "title",
    "duplicate-code": "code",
    "code-parent-mismatch": "code",
    "code-changed": "code",
}
"""The key of an item a rule's finding points at in the file (else the item itself)."""

_SEVERITY_RANK = {severity: rank for rank, severity in enumerate(Severity)}


def sort_findings(entries: Iterable[Located]) -> list[Located]:
    """By severity (errors first), then by position in the file; findings with no
    position come after the others of their severity, in their original order."""
    indexed = list(enumerate(entries))

    def key(pair: tuple[int, Located]) -> tuple[int, int, int, int, int]:
        index, entry = pair
        rank = _SEVERITY_RANK[Severity(entry.finding.severity)]
        if entry.line is None:
            return (rank, 1, 0, 0, index)
        return (rank, 0, entry.line, entry.column or 0, index)

    return [entry for _, entry in sorted(indexed, key=key)]


def _located(items: Iterable[Finding | Located]) -> list[Located]:
    return [item if isinstance(item, Located) else Located(item) for item in items]


def format_source(source: Source | None, lang: Lang = DEFAULT_LANG) -> str:
    """Say where a finding points in the source, e.g. ``page 3, table 1 row 4``.

    Returns an empty string when the source gives no location.
    """
    if source is None:
        return ""
    parts: list[str] = []
    if source.page is not None:
        parts.append(ui("source.page", lang, page=source.page))
    cell = []
    if source.table is not None:
        cell.append(ui("source.table", lang, table=source.table))
    if source.row is not None:
        cell.append(ui("source.row", lang, row=source.row))
    if source.column is not None:
        cell.append(ui("source.column", lang, column=source.column))
    if cell:
        parts.append(" ".join(cell))
    if source.paragraph is not None:
        parts.append(ui("source.paragraph", lang, paragraph=source.paragraph))
    if source.line is not None:
        if source.line_end is not None and source.line_end != source.line:
            parts.append(ui("source.lines", lang, line=source.line, line_end=source.line_end))
        else:
            parts.append(ui("source.line", lang, line=source.line))
    return ", ".join(parts)


def count_findings(findings: Iterable[Finding | Located]) -> dict[str, int]:
    """Number of findings per severity, with every severity present."""
    counts = {severity.value: 0 for severity in Severity}
    for entry in _located(findings):
        counts[Severity(entry.finding.severity).value] += 1
    return counts


def severity_counts(counts: dict[str, int], lang: Lang = DEFAULT_LANG) -> str:
    """``2 errors, 1 warning, 0 info`` (French: ``2 erreurs, 1 avertissement, 0 info``)."""
    return ", ".join(
        ui(
            f"severity.{s.value}.{plural(lang, counts.get(s.value, 0))}",
            lang,
            count=counts.get(s.value, 0),
        )
        for s in Severity
    )


def summary_line(findings: Iterable[Finding | Located], lang: Lang = DEFAULT_LANG) -> str:
    """``2 errors, 1 warning, 0 info``."""
    return severity_counts(count_findings(findings), lang)


def finding_line(finding: Finding | Located, *, name: str, lang: Lang = DEFAULT_LANG) -> str:
    """One report line: ``name: severity rule path: message [where]``, or, when the
    finding's place in the file is known, ``name, line 57, column 9: severity rule:
    message [where]`` (the line says more to a person than the plan path)."""
    entry = finding if isinstance(finding, Located) else Located(finding)
    found = entry.finding
    location = format_source(found.source, lang)
    fields = {
        "name": name,
        "severity": ui(f"severity.{Severity(found.severity).value}", lang),
        "rule": found.rule,
        "message": found.message,
        "where": f" [{location}]" if location else "",
    }
    if entry.line is not None:
        return ui("report.line-at", lang, line=entry.line, column=entry.column, **fields)
    return ui("report.line", lang, path=f" {found.path}" if found.path else "", **fields)


def text_report(
    findings: Sequence[Finding | Located], *, name: str, lang: Lang = DEFAULT_LANG
) -> str:
    """The findings one per line, then a summary line; ``name`` is the file reported on."""
    lines = [finding_line(finding, name=name, lang=lang) for finding in findings]
    lines.append(summary_line(findings, lang))
    return "\n".join(lines)


def json_report(findings: Sequence[Finding | Located], *, name: str) -> dict[str, Any]:
    """The findings as a JSON-ready dict: file, ok (no error), counts, findings.

    A finding whose place in the file is known also has ``line`` and ``column``.
    """
    counts = count_findings(findings)
    out: list[dict[str, Any]] = []
    for entry in _located(findings):
        record = entry.finding.model_dump(mode="json")
        if entry.line is not None:
            record["line"], record["column"] = entry.line, entry.column
        out.append(record)
    return {
        "file": name,
        "ok": counts[Severity.ERROR.value] == 0,
        "counts": counts,
        "findings": out,
    }
