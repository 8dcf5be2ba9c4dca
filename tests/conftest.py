"""Shared test helpers: the repository paths and the official scorer from ../shared/."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "gold"


def _load_scorer() -> ModuleType | None:
    """score.py with its pruned similarity (bench/accuracy.py): the same scores, proved
    equal by tests/test_bench_smoke.py, at a fraction of the time on large plans."""
    from bench.accuracy import load_scorer

    path = SHARED / "eval" / "score.py"
    if not path.exists():
        return None
    return load_scorer(path, fast=True)


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


@pytest.fixture(autouse=True)
def _english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages default to the environment's language (LC_ALL, LC_MESSAGES, LANG): pin
    English so that the suite gives the same results on a French machine."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
