"""Limits a reader applies inside a document, and the finding that records each cut.

A hostile or broken file can ask for a huge amount of work with a few bytes (a cell
spanning two billion columns, a list marker of a hundred thousand numbers, a line of ten
million characters). Readers cap such things where they meet them, keep the rest of the
document, and record every cap as one ``warning`` finding with the rule id
:data:`LIMIT_RULE`, so that the plan says where something was cut or clamped.
"""

from __future__ import annotations

from pstparse.model.plan import Finding, Severity, Source

LIMIT_RULE = "input-limit"
"""Rule id of the findings that record a limit reached inside a document."""


def limit_finding(message: str, source: Source | None = None) -> Finding:
    """A ``warning`` finding saying which limit was reached and what was done."""
    return Finding(rule=LIMIT_RULE, severity=Severity.WARNING, message=message, source=source)
