"""Matrix documents generated inside a test, read by pstparse and scored against their gold.

The held-out tests build the layout × label-style combinations the committed matrix does
not hold with ``bench/matrix/generate.py`` (a few milliseconds each), so every layout
class a fix names is checked in several variants without committing the documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import yaml
from bench.matrix import generate

from pstparse.api import extract_path
from pstparse.model.plan import Plan

TARGET_F1 = 0.98
LEVELS = ("os", "oo", "act")
SUFFIX = {"docx": ".docx", "txt": ".txt", "reportlab-pdf": ".pdf"}


@dataclass(frozen=True)
class Scored:
    """pstparse's plan of a generated document and its F1 per level (os, oo, act)."""

    plan: Plan
    f1: dict[str, float]

    def check(self, stem: str) -> None:
        """Fail unless every level reads at TARGET_F1 or better."""
        assert min(self.f1.values()) >= TARGET_F1, f"{stem}: {self.f1}"


def read_generated(tmp_path: Path, scorer: ModuleType, spec: generate.Spec) -> Scored:
    """Build ``spec`` under ``tmp_path``, extract it and score it against its gold."""
    generate.build(tmp_path, specs=[spec])
    doc = tmp_path / "docs" / f"{spec.stem}{SUFFIX[spec.rendering]}"
    gold = yaml.safe_load((tmp_path / "gold" / f"{spec.stem}.yaml").read_text(encoding="utf-8"))
    plan = extract_path(doc)
    result = scorer.score(gold, plan.model_dump(mode="json"))
    return Scored(plan, {level: result[level][2] for level in LEVELS})
