"""Shared test helpers: the repository paths and the official scorer from ../shared/."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "gold"


def _load_scorer() -> ModuleType | None:
    path = SHARED / "eval" / "score.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("pst_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_SCORER = _load_scorer()


@pytest.fixture(scope="session")
def scorer() -> ModuleType:
    """The official ../shared/eval/score.py module (tests need ../shared beside the repo)."""
    if _SCORER is None:
        pytest.fail("../shared/eval/score.py is missing: clone the repo next to shared/")
    return _SCORER


def f1s(result: dict[str, Any]) -> dict[str, float]:
    """The F1 of each level of a score.py result."""
    return {k: result[k][2] for k in ("os", "oo", "act")}
