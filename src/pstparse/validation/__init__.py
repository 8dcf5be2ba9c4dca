"""Validation of a plan: rules with stable ids and severities, and reports of findings."""

from __future__ import annotations

from pstparse.validation.report import format_source, json_report, text_report
from pstparse.validation.rules import (
    RULES,
    VALIDATION_RULE_IDS,
    Rule,
    exit_status,
    merge_findings,
    validate,
)

__all__ = [
    "RULES",
    "VALIDATION_RULE_IDS",
    "Rule",
    "exit_status",
    "format_source",
    "json_report",
    "merge_findings",
    "text_report",
    "validate",
]
