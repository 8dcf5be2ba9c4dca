"""Whole-plan exports: JSON (complete) and YAML (complete, pruned for hand editing)."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from pstparse.model.plan import Plan

if TYPE_CHECKING:
    import yaml

YAML_WIDTH = 120

_ALWAYS_KEPT_TOP = frozenset(("schema_version", "document", "strategic_objectives"))
_ALWAYS_KEPT_ITEM = frozenset(("code", "title"))


_UNICODE_BREAKS = frozenset("\x85\u2028\u2029")


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    # PyYAML mangles NEL and the Unicode line/paragraph separators in plain, quoted and
    # block scalars; only the double-quoted style escapes them faithfully.
    style: str | None = None
    if not _UNICODE_BREAKS.isdisjoint(data):
        style = '"'
    elif "\n" in data:
        # Multi-line text is far easier to edit as a literal block; the emitter falls
        # back to double quotes by itself when a block cannot hold the text exactly.
        style = "|"
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_numbers(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(_is_number(item) for item in value)


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.SequenceNode:
    # Short lists of numbers (a bbox) read best on one line.
    flow = _is_numbers(data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _represent_dict(dumper: yaml.SafeDumper, data: dict[Any, Any]) -> yaml.MappingNode:
    # Provenance ({page: 3, line: 12}) is all numbers and reads best on one line; text
    # stays in block style where it is easy to edit.
    flow = bool(data) and all(_is_number(v) or _is_numbers(v) for v in data.values())
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=flow)


@functools.cache
def _plan_dumper() -> type[yaml.SafeDumper]:
    # Built on first use: PyYAML is a tenth of the start-up of a JSON export, which
    # never needs it.
    import yaml

    class _PlanDumper(yaml.SafeDumper):
        """A safe dumper that never writes anchors/aliases (our loader refuses them)."""

        def ignore_aliases(self, data: Any) -> bool:
            return True

    _PlanDumper.add_representer(str, _represent_str)
    _PlanDumper.add_representer(list, _represent_list)
    _PlanDumper.add_representer(dict, _represent_dict)
    return _PlanDumper


def render_json(plan: Plan) -> str:
    """Return the complete plan as indented JSON (every key present), newline-terminated.

    pydantic's own serialiser writes the same bytes as ``json.dumps(plan.model_dump(
    mode="json"), indent=2, ensure_ascii=False)`` (a test checks it on every golden) in a
    sixth of the time and without the intermediate dicts, which held half the memory of
    a large plan's export.
    """
    return render_json_bytes(plan).decode("utf-8")


def render_json_bytes(plan: Plan) -> bytes:
    """:func:`render_json` as UTF-8 bytes, straight from pydantic's serialiser.

    What the command line writes: a plan's JSON is never held as a Python ``str``, which
    takes two or four bytes a character as soon as one character is accented (a
    321-page plan: 2.9 MB of UTF-8, 5.8 MB as text, twice while the newline was added).
    """
    return plan.__pydantic_serializer__.to_json(plan, indent=2) + b"\n"


def _is_empty(value: object) -> bool:
    return value is None or value == [] or value == {}


def _prune(value: object) -> object:
    # Emptiness is judged on the value before pruning: a Source whose keys are all None
    # must stay as `{}` so that it loads back as Source() and not as None.
    if isinstance(value, dict):
        return {key: _prune(item) for key, item in value.items() if not _is_empty(item)}
    if isinstance(value, list):
        return [_prune(item) for item in value]
    return value


def _prune_item(item: dict[str, Any]) -> dict[str, Any]:
    pruned: dict[str, Any] = {}
    for key, value in item.items():
        if key in ("operational_objectives", "actions"):
            if value:
                pruned[key] = [_prune_item(child) for child in value]
        elif key in _ALWAYS_KEPT_ITEM or not _is_empty(value):
            pruned[key] = _prune(value)
    return pruned


def pruned_plan_dict(plan: Plan) -> dict[str, Any]:
    """Return ``plan.model_dump(mode="json")`` without keys whose value is empty.

    A key is dropped when its value is ``None``, ``[]`` or ``{}``, except ``code`` and
    ``title`` of objectives and actions and the top-level ``schema_version``,
    ``document`` and ``strategic_objectives``, which are always there. Every dropped
    value is the model's default, so validating the result gives back an equal plan.
    """
    data = plan.model_dump(mode="json")
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key == "strategic_objectives":
            out[key] = [_prune_item(os_) for os_ in value]
        elif key in _ALWAYS_KEPT_TOP or not _is_empty(value):
            out[key] = _prune(value)
    return out


def render_yaml(plan: Plan) -> str:
    """Return the plan as human-editable YAML (see :func:`pruned_plan_dict`).

    Keys keep the model's order, text is written as UTF-8 (not escaped), multi-line text
    as literal blocks,
    provenance on one line, and no anchors or aliases are used. Loading the result with
    :func:`pstparse.exporters.load_plan` gives back an equal plan, and rendering that
    plan again gives the same text byte for byte.
    """
    import yaml

    return yaml.dump(
        pruned_plan_dict(plan),
        Dumper=_plan_dumper(),
        sort_keys=False,
        allow_unicode=True,
        width=YAML_WIDTH,
        default_flow_style=False,
    )
