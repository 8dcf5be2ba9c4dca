"""No silent empty plan, no silently implausible tree.

A document that yields no objective is most likely not a plan (or a layout pstparse
cannot read): a ``warning`` says so, and ``extract --strict`` fails on it. A tree whose
items cannot be objectives (an OS title of three characters, a date or a web address as
an objective, one action per word) gets an ``implausible-tree`` warning naming what is
wrong, so that a mis-read layout is noticed instead of exported.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pstparse.model.findings import finding
from pstparse.model.messages import DEFAULT_LANG, Lang
from pstparse.model.plan import Action, Finding, Severity, StrategicObjective
from pstparse.normalise.evidence import (
    FINDING_QUOTE_CHARS,
    ONE_WORD_ACTIONS_MIN,
    ONE_WORD_ACTIONS_SHARE,
    PLAUSIBLE_MIN_TITLE_CHARS,
)

NO_OBJECTIVE = "no-objective"
"""Rule id of the finding for a document that yields no objective."""

_URL = re.compile(r"^\W*(?:https?://|www\.)\S+\W*$", re.IGNORECASE)
_DATE = re.compile(
    r"^\W*(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}"
    r"|(?:\w+\s+)?\d{1,2}(?:er)?\s+(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t"
    r"|septembre|octobre|novembre|d[ée]cembre)\s+\d{4})\W*$",
    re.IGNORECASE,
)


def _what(title: str) -> str | None:
    """Why a title cannot be an objective's, or None when it can."""
    if _URL.match(title):
        return "url"
    if _DATE.match(title):
        return "date"
    return None


def plausibility_findings(
    objectives: Sequence[StrategicObjective], lang: Lang = DEFAULT_LANG
) -> list[Finding]:
    """Findings for an empty or implausible tree (see the module docstring)."""
    if not objectives:
        return [finding("no-objective", lang, severity=Severity.WARNING)]
    out: list[Finding] = []

    def flag(path: str, variant: str, **fields: Any) -> None:
        out.append(
            finding(
                "implausible-tree", lang, variant, severity=Severity.WARNING, path=path, **fields
            )
        )

    def objective(path: str, level: str, title: str) -> None:
        title = title.strip()
        if len(title) < PLAUSIBLE_MIN_TITLE_CHARS:
            flag(path, "short", level=level, title=title)
        elif (why := _what(title)) is not None:
            flag(path, why, level=level, title=title[:FINDING_QUOTE_CHARS])

    actions: list[Action] = []
    for i, so in enumerate(objectives):
        path = f"strategic_objectives[{i}]"
        objective(path, "OS", so.title)
        actions.extend(so.actions)
        for j, oo in enumerate(so.operational_objectives):
            oo_path = f"{path}.operational_objectives[{j}]"
            objective(oo_path, "OO", oo.title)
            actions.extend(oo.actions)
            for k, action in enumerate(oo.actions):
                if (why := _what(action.title.strip())) is not None:
                    flag(
                        f"{oo_path}.actions[{k}]",
                        why,
                        level="action",
                        title=action.title[:FINDING_QUOTE_CHARS],
                    )
    one_word = sum(1 for a in actions if len(a.title.split()) == 1)
    if len(actions) >= ONE_WORD_ACTIONS_MIN and one_word > ONE_WORD_ACTIONS_SHARE * len(actions):
        flag("strategic_objectives", "one-word", count=one_word, total=len(actions))
    return out
