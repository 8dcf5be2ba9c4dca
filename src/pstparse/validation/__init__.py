"""Validation of a plan: rules with stable ids and severities, and reports of findings."""

from __future__ import annotations

from pstparse.validation.report import (
    Located,
    format_source,
    json_report,
    sort_findings,
    text_report,
)
from pstparse.validation.rules import (
    RULES,
    VALIDATION_RULE_IDS,
    Rule,
    exit_status,
    merge_findings,
    validate,
)
from pstparse.validation.schema import SCHEMA_RULES, schema_findings

__all__ = [
    "RULES",
    "SCHEMA_RULES",
    "VALIDATION_RULE_IDS",
    "Located",
    "Rule",
    "exit_status",
    "format_source",
    "json_report",
    "merge_findings",
    "schema_findings",
    "sort_findings",
    "text_report",
    "validate",
]
