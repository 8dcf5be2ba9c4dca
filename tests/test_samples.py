"""Every sample in samples/: structure scored against its gold, coverage, golden output.

Golds: ``../shared/gold/<stem>.yaml`` for the seeds, ``tests/expected/<stem>.yaml`` (written
by hand, or generated with the synthetic document) for our own fixtures. The stem is the
sample name before ``__`` (``seed000_pst_gembloux__table_merged.pdf`` → ``seed000_pst_gembloux``).
Golden outputs live in ``tests/golden/<sample name>.json``; regenerate them after an
intended change with ``PSTPARSE_UPDATE_GOLDEN=1 python -m pytest tests/test_samples.py``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from pstparse.api import extract_bytes
from tests.conftest import GOLD, ROOT, SAMPLES, f1s

EXPECTED = ROOT / "tests" / "expected"
GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("PSTPARSE_UPDATE_GOLDEN") == "1"


def _samples() -> list[Path]:
    return sorted(p for p in SAMPLES.iterdir() if p.suffix.lower() in (".txt", ".docx", ".pdf"))


def _gold(sample: Path) -> Path:
    stem = sample.stem.split("__")[0]
    for folder in (GOLD, EXPECTED):
        candidate = folder / f"{stem}.yaml"
        if candidate.exists():
            return candidate
    pytest.fail(f"no gold for {sample.name} (expected {stem}.yaml in {GOLD} or {EXPECTED})")


_CACHE: dict[Path, dict[str, Any]] = {}


def _extract(sample: Path) -> dict[str, Any]:
    if sample not in _CACHE:
        plan = extract_bytes(sample.read_bytes(), name=f"samples/{sample.name}")
        _CACHE[sample] = plan.model_dump(mode="json")
    return _CACHE[sample]


def test_there_are_samples() -> None:
    names = {p.name for p in _samples()}
    assert "seed000_pst_gembloux.txt" in names
    assert len(names) >= 5


@pytest.mark.parametrize("sample", _samples(), ids=lambda p: p.name)
def test_sample_scores_perfectly(sample: Path, scorer: Any) -> None:
    gold = yaml.safe_load(_gold(sample).read_text(encoding="utf-8"))
    pred = _extract(sample)
    result = scorer.score(gold, pred)
    assert f1s(result) == {"os": 1.0, "oo": 1.0, "act": 1.0}, result["n"]
    src = ROOT / "tests" / "sources" / f"{sample.stem}.txt"
    if src.exists():
        assert scorer.coverage(src.read_text(encoding="utf-8"), pred) >= 0.99


@pytest.mark.parametrize("sample", _samples(), ids=lambda p: p.name)
def test_golden_output(sample: Path) -> None:
    pred = _extract(sample)
    golden = GOLDEN / f"{sample.name}.json"
    text = json.dumps(pred, ensure_ascii=False, indent=1) + "\n"
    if UPDATE or not golden.exists():
        if not UPDATE:
            pytest.fail(f"missing golden file {golden.name}: run with PSTPARSE_UPDATE_GOLDEN=1")
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert json.loads(golden.read_text(encoding="utf-8")) == pred


def test_long_ruled_pdf_has_no_duplicates_or_losses_at_page_breaks() -> None:
    sample = SAMPLES / "synthetic_large__table_merged.pdf"
    gold = yaml.safe_load((EXPECTED / "synthetic_large.yaml").read_text(encoding="utf-8"))
    pred = _extract(sample)
    assert pred["document"]["pages"] >= 30
    titles = [
        a["title"]
        for so in pred["strategic_objectives"]
        for oo in so["operational_objectives"]
        for a in oo["actions"]
    ]
    gold_titles = [
        a["title"]
        for so in gold["strategic_objectives"]
        for oo in so["operational_objectives"]
        for a in oo["actions"]
    ]
    # Counts and uniqueness here; test_sample_scores_perfectly scores the same file.
    assert len(titles) == len(set(titles)) == len(gold_titles)
    assert set(titles) == set(gold_titles)
