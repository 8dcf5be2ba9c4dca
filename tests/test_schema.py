"""schemas/plan.schema.json must be exactly what the models generate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pstparse.exporters import render, schema_text
from pstparse.model.plan import Action, Plan, Source, StrategicObjective, plan_json_schema

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schemas" / "plan.schema.json"
REGENERATE = "run `.venv/bin/python scripts/gen_schema.py` and commit schemas/plan.schema.json"


def test_schema_file_matches_models() -> None:
    assert SCHEMA_FILE.is_file(), f"{SCHEMA_FILE} is missing: {REGENERATE}"
    on_disk = SCHEMA_FILE.read_text(encoding="utf-8")
    assert on_disk == schema_text(), f"{SCHEMA_FILE} differs from the models: {REGENERATE}"


def test_schema_text_format() -> None:
    text = schema_text()
    assert text.endswith("}\n")
    assert json.loads(text) == plan_json_schema()
    assert '\n  "$defs"' in text  # indent=2
    assert "opérationnel" in text  # ensure_ascii=False keeps accents readable


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the object schemas ``node`` may stand for (following $ref and anyOf)."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return _resolve(schema, schema["$defs"][name])
    if "anyOf" in node:
        return [s for option in node["anyOf"] for s in _resolve(schema, option)]
    return [node]


def _check(schema: dict[str, Any], node: dict[str, Any], value: object, where: str) -> None:
    options = _resolve(schema, node)
    if isinstance(value, dict):
        objects = [o for o in options if o.get("type") == "object"]
        assert objects, f"{where}: an object where the schema has none"
        props = objects[0].get("properties")
        if props is None:  # a free mapping such as `fields`
            return
        assert set(objects[0].get("required", [])) <= set(value), where
        for key, item in value.items():
            assert key in props, f"{where}.{key} is not in the schema"
            _check(schema, props[key], item, f"{where}.{key}")
    elif isinstance(value, list):
        arrays = [o for o in options if o.get("type") == "array"]
        assert arrays, f"{where}: a list where the schema has none"
        items = arrays[0].get("items") or {}
        for i, item in enumerate(value):
            if items:
                _check(schema, items, item, f"{where}.{i}")


def test_json_export_follows_the_schema() -> None:
    plan = Plan(
        strategic_objectives=[
            StrategicObjective(
                code="1",
                title="t",
                fields={"pilote": "p"},
                actions=[Action(title="a", details=["d"], source=Source(page=1))],
            )
        ]
    )
    schema = plan_json_schema()
    _check(schema, schema, json.loads(render(plan, "json")), "plan")
