"""Findings worded from the catalogue: the one way a layer makes a :class:`Finding`.

A rule id names what was noticed (scripts read it); the message is looked up in
:mod:`pstparse.model.messages` in the plan's language, so that no layer writes its own
wording and every raised id has both languages (a test scans the sources for them).
"""

from __future__ import annotations

from pstparse.model.messages import Lang, rule_message
from pstparse.model.plan import Finding, Severity, Source


def finding(
    rule: str,
    lang: Lang,
    variant: str = "",
    /,
    *,
    severity: Severity = Severity.INFO,
    path: str | None = None,
    source: Source | None = None,
    **fields: object,
) -> Finding:
    """A finding of ``rule`` worded in ``lang`` from its catalogue ``variant``, the
    template filled with ``fields``; ``info`` unless ``severity`` says otherwise."""
    return Finding(
        rule=rule,
        severity=severity,
        message=rule_message(rule, variant, lang, **fields),
        path=path,
        source=source,
    )
