"""The JSON Schema of a plan, as stored in ``schemas/plan.schema.json``."""

from __future__ import annotations

import json

from pstparse.model.plan import plan_json_schema


def schema_text() -> str:
    """Return the plan JSON Schema exactly as ``schemas/plan.schema.json`` must hold it."""
    return json.dumps(plan_json_schema(), indent=2, ensure_ascii=False) + "\n"
