"""Every sample in samples/: structure scored against its gold, coverage, golden output.

Golds: ``../shared/gold/<stem>.yaml`` for the seeds, ``tests/expected/<stem>.yaml`` (written
by hand, or generated with the synthetic document) for our own fixtures. The stem is the
sample name before ``__`` (``seed000_pst_gembloux__table_merged.pdf`` → ``seed000_pst_gembloux``).
Golden outputs live in two files per sample (``tests/golden_files.py`` describes them):
``tests/golden/<sample name>.plan.yaml`` (the plan a reviewer reads) and
``<sample name>.provenance.txt`` (the document hash and every item's source); regenerate
both after an intended change with ``PSTPARSE_UPDATE_GOLDEN=1 python -m pytest
tests/test_samples.py``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from pstparse.api import extract_bytes
from tests import golden_files
from tests.conftest import GOLD, ROOT, SAMPLES, f1s

EXPECTED = ROOT / "tests" / "expected"
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


def _golden(sample: Path) -> tuple[str, str]:
    """The texts of the sample's two golden files, written first when updating."""
    plan_file, provenance_file = golden_files.plan_paths(sample.name)
    if UPDATE:
        plan_file.parent.mkdir(parents=True, exist_ok=True)
        plan_text, provenance_text = golden_files.split(_extract(sample))
        for path, text in ((plan_file, plan_text), (provenance_file, provenance_text)):
            # Three tests per sample write the same files, maybe on several xdist workers:
            # a whole file replaces the old one, so that none reads a half-written file.
            partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            partial.write_text(text, encoding="utf-8")
            partial.replace(path)
    for path in (plan_file, provenance_file):
        if not path.exists():
            pytest.fail(f"missing golden file {path.name}: run with PSTPARSE_UPDATE_GOLDEN=1")
    return plan_file.read_text(encoding="utf-8"), provenance_file.read_text(encoding="utf-8")


@pytest.mark.parametrize("sample", _samples(), ids=lambda p: p.name)
def test_golden_plan(sample: Path) -> None:
    # The tree and its texts: codes, titles, descriptions, fields, findings, preamble...
    plan_text, _ = _golden(sample)
    want, _ = golden_files.split(_extract(sample))
    assert plan_text == want, golden_files.diff(plan_text, want)


@pytest.mark.parametrize("sample", _samples(), ids=lambda p: p.name)
def test_golden_provenance(sample: Path) -> None:
    # Where each item came from, and the document's hash: a diff of its own.
    _, provenance_text = _golden(sample)
    _, want = golden_files.split(_extract(sample))
    assert provenance_text == want, golden_files.diff(provenance_text, want)


@pytest.mark.parametrize("sample", _samples(), ids=lambda p: p.name)
def test_golden_files_rebuild_the_exported_plan_byte_for_byte(sample: Path) -> None:
    # The two files together hold all of the plan JSON, nothing less.
    plan_text, provenance_text = _golden(sample)
    rebuilt = golden_files.join(plan_text, provenance_text)
    assert golden_files.plan_json(rebuilt) == golden_files.plan_json(_extract(sample))


def test_every_golden_file_belongs_to_a_sample() -> None:
    # A renamed or removed sample must not leave golden files behind (nor the old JSON).
    names = {p.name for p in _samples()}
    expected = {n + suffix for n in names for suffix in golden_files.SUFFIXES}
    stray = sorted(p.name for p in golden_files.GOLDEN.iterdir() if p.name not in expected)
    assert stray == [], "golden files without a sample: " + ", ".join(stray)


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
