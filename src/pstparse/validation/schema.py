"""The plan model's errors in plain words: one finding per problem of a hand-edited file.

pydantic says ``strategic_objectives.0.operational_objectives.2.actions.1.pilotes: Extra
inputs are not permitted``; a person wants "unknown key `pilotes` in action 1.2.3". Each
pydantic error becomes a finding with a stable rule id (``unknown-key``,
``missing-key``, ``wrong-type``, ``invalid-value``), a message naming the item by its
code (read from the raw data, since the plan could not be built) and a ``path`` in the
plan. Where it sits in the file (line, column) is found by the loader
(:meth:`pstparse.exporters.loading.PlanReading.locate`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from pstparse.model.messages import DEFAULT_LANG, Lang, rule_message, the, ui
from pstparse.model.plan import Finding, Severity
from pstparse.validation.rules import Rule
from pstparse.validation.tree import excerpt

_SCHEMA_RULE_LIST = (
    Rule("unknown-key", Severity.ERROR, "A key the plan model does not know (a typo)."),
    Rule("missing-key", Severity.ERROR, "A key the plan model requires is absent."),
    Rule("wrong-type", Severity.ERROR, "A value is of the wrong kind (a list for a text…)."),
    Rule("invalid-value", Severity.ERROR, "A value is out of range or not one of the choices."),
)

SCHEMA_RULES: dict[str, Rule] = {rule.id: rule for rule in _SCHEMA_RULE_LIST}
"""The rules of a plan file that does not fit the model, by id (``validate`` only)."""

# pydantic error types → what was expected, as a UI catalogue key.
_EXPECTED = {
    "string_type": "expected.text",
    "int_type": "expected.integer",
    "int_parsing": "expected.integer",
    "int_from_float": "expected.integer",
    "float_type": "expected.number",
    "float_parsing": "expected.number",
    "list_type": "expected.list",
    "tuple_type": "expected.list",
    "dict_type": "expected.mapping",
    "model_type": "expected.mapping",
    "model_attributes_type": "expected.mapping",
    "bool_type": "expected.boolean",
    "bool_parsing": "expected.boolean",
}

# Lists of the plan that hold OS, OO and actions, and the level each holds.
_ITEM_LISTS = {
    "strategic_objectives": "os",
    "operational_objectives": "oo",
    "actions": "action",
}
_BLOCK_LISTS = ("preamble", "unassigned", "contents", "furniture")


def loc_path(loc: Sequence[str | int]) -> str:
    """``("strategic_objectives", 0, "title")`` → ``strategic_objectives[0].title``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def schema_findings(
    errors: Iterable[Any], data: object, *, lang: Lang = DEFAULT_LANG
) -> list[Finding]:
    """One finding per pydantic error (``ValidationError.errors()``) of ``data``."""
    return [schema_finding(error, data, lang=lang) for error in errors]


def schema_finding(error: Any, data: object, *, lang: Lang = DEFAULT_LANG) -> Finding:
    """The finding for one pydantic error of the raw plan ``data``, worded in ``lang``."""
    loc = tuple(error.get("loc", ()))
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    where, rest = _where(loc, data, lang)
    fields: dict[str, object] = {
        "key": loc_path(rest),
        "where": where,
        "got": _got(error.get("input"), lang),
    }
    variant = ""
    if kind == "extra_forbidden":
        rule = "unknown-key"
    elif kind == "missing":
        rule = "missing-key"
        # A short tuple (bbox) misses positions, not keys.
        variant = "item" if loc and isinstance(loc[-1], int) else ""
    elif kind in _EXPECTED:
        rule = "wrong-type"
        fields["expected"] = ui(_EXPECTED[kind], lang)
        variant = "" if loc else "top"
    else:
        rule = "invalid-value"
        if kind == "enum" and "expected" in ctx:
            variant, fields["choices"] = "choice", _choices(str(ctx["expected"]), lang)
        elif kind in ("greater_than_equal", "greater_than") and ("ge" in ctx or "gt" in ctx):
            variant, fields["limit"] = "minimum", ctx.get("ge", ctx.get("gt"))
        elif kind in ("too_short", "too_long") and "actual_length" in ctx:
            count = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
            variant, fields["count"] = "length", count
            fields["got"] = ctx["actual_length"]
        else:
            fields["detail"] = str(error.get("msg", ""))
    message = rule_message(rule, variant, lang, **fields)
    return Finding(
        rule=rule,
        severity=SCHEMA_RULES[rule].severity,
        message=message[:1].upper() + message[1:],
        path=loc_path(loc) or None,
    )


def _choices(expected: str, lang: Lang) -> str:
    """pydantic's ``'a', 'b' or 'c'`` with the language's "or"."""
    values = [f"`{value}`" for value in re.findall(r"'([^']*)'", expected)]
    if len(values) < 2:
        return expected
    return ui("or", lang, first=", ".join(values[:-1]), last=values[-1])


def _got(value: object, lang: Lang) -> str:
    if value is None:
        return ui("got.empty", lang)
    if isinstance(value, dict):
        return ui("got.mapping", lang)
    if isinstance(value, list | tuple):
        return ui("got.list", lang)
    return ui("got.value", lang, value=excerpt(str(value), 40))


def _where(loc: tuple[Any, ...], data: object, lang: Lang) -> tuple[str, tuple[Any, ...]]:
    """The deepest named thing holding the problem (item, finding, text block) with its
    article, and the rest of ``loc`` under it (the key the message names)."""
    best = (ui("schema.plan", lang), loc)
    node: object = data
    parent_name: str | None = None
    index = 0
    while index < len(loc):
        part = loc[index]
        following = loc[index + 1] if index + 1 < len(loc) else None
        child = node.get(part) if isinstance(node, dict) else None
        if isinstance(part, str) and isinstance(following, int) and isinstance(child, list):
            item = child[following] if 0 <= following < len(child) else None
            named: str | None = None
            if part in _ITEM_LISTS:
                parent_name = _item_name(_ITEM_LISTS[part], item, following, parent_name, lang)
                named = the(parent_name, lang)
            elif part == "findings" and index == 0:
                named = ui("schema.finding", lang, number=following + 1)
            elif part in _BLOCK_LISTS:
                section = loc_path(loc[: index + 1])
                named = ui("schema.block", lang, section=section, number=following + 1)
            if named is not None and index + 2 < len(loc):
                best = (named, loc[index + 2 :])
            node = item
            index += 2
            continue
        if part == "document" and index == 0 and index + 1 < len(loc):
            best = (ui("schema.document", lang), loc[1:])
        node = child
        index += 1
    return best


def _item_name(level: str, item: object, index: int, parent: str | None, lang: Lang) -> str:
    label = ui(f"level.{level}", lang)
    if isinstance(item, dict):
        code = item.get("code")
        if isinstance(code, str) and code.strip():
            return f"{label} {code.strip()}"
        title = item.get("title")
        if isinstance(title, str) and title.strip():
            return f'{label} "{excerpt(title, 40)}"'
    if parent is None:
        return ui("item.nth", lang, level=label, number=index + 1)
    return ui(
        "item.nth-of",
        lang,
        level=label,
        number=index + 1,
        parent=parent,
        the_parent=the(parent, lang),
    )
