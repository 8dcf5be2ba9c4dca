"""Rewrite schemas/plan.schema.json from the pydantic models.

Run it after any change to src/pstparse/model/plan.py:

    .venv/bin/python scripts/gen_schema.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from pstparse.exporters.atomic import write_atomic
from pstparse.exporters.schema import schema_text

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "plan.schema.json"


def main() -> int:
    """Write the schema file; print whether it changed."""
    text = schema_text()
    old = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else None
    if old == text:
        print(f"{SCHEMA_PATH}: up to date")
        return 0
    SCHEMA_PATH.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(SCHEMA_PATH, text)
    print(f"{SCHEMA_PATH}: written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
