"""Print pip constraints pinning every runtime dependency to the lowest version declared.

Used by ``.ci/run`` to test the oldest versions ``pyproject.toml`` allows:
``pip install -c <(python scripts/lower_bounds.py) -e .``. A dependency declared without
a ``>=`` bound is left free (nothing to pin).
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

_LOWER = re.compile(r"^\s*([A-Za-z0-9_.\-\[\]]+?)\s*>=\s*([^,;\s]+)")


def lower_bounds(pyproject: Path) -> list[str]:
    """``name==version`` for each runtime dependency with a ``>=`` bound, in file order."""
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    pins = []
    for requirement in data["project"]["dependencies"]:
        match = _LOWER.match(requirement)
        if match:
            name = re.sub(r"\[.*\]", "", match.group(1))
            pins.append(f"{name}=={match.group(2)}")
    return pins


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[1]
    sys.stdout.write("".join(f"{pin}\n" for pin in lower_bounds(root / "pyproject.toml")))
