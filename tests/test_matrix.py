"""The layout matrix in CI: a fast subset scored against the generic baselines.

The whole matrix (``bench/matrix/``, 49 documents) is scored by ``bench/matrix_accuracy.py``
into ``docs/accuracy.md``; here a handful of its documents, one per layout class, must read
at ≥ 0.98 action F1 and never below the best generic baseline of ``../shared/baselines/``.
Layouts that pstparse cannot read yet are strict xfails named after their layout class: the
day a normaliser change fixes one, the test turns XPASS and fails, so that the marker is
removed and the layout stays fixed.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from bench.matrix import generate
from bench.matrix_accuracy import (
    BASELINES_DIR,
    MATRIX,
    Result,
    Score,
    load_baselines,
    render_report,
    score_document,
    verdict,
)

TARGET_F1 = 0.98


def _xfail(reason: str) -> Any:
    return pytest.mark.xfail(strict=True, reason=reason)


# One document per layout class (cheap ones: TXT, DOCX, short PDFs; a few seconds in all).
SUBSET = [
    pytest.param("bellaire__merged__plain.docx", id="docx-merged-cells"),
    pytest.param("hamlesse__bullets_cell__spelled.docx", id="docx-bullet-per-action"),
    pytest.param("rochefontaine__five_col__restart.docx", id="docx-5-columns"),
    pytest.param("malvoisin__headings__spelled.docx", id="docx-headings-bullets"),
    pytest.param("rochefontaine__tsv__plain.txt", id="txt-tabs"),
    pytest.param("florival__web__plain.txt", id="txt-web-copy"),
    pytest.param("bellaire__hanging__plain.txt", id="txt-hanging-cp1252"),
    pytest.param("malvoisin__headings__spelled.pdf", id="pdf-headings-bullets"),
    pytest.param(
        "malvoisin__tsv__bare.txt",
        id="txt-bare-numbers",
    ),
    pytest.param(
        "malvoisin__merged__roman.docx",
        id="docx-roman-labels",
    ),
    pytest.param(
        "florival__linebreaks__letters.docx",
        id="docx-line-breaks",
    ),
    pytest.param(
        "malvoisin__fiches__plain.docx",
        id="docx-fiches-actions",
    ),
    pytest.param(
        "rochefontaine__markdown__none.txt",
        id="txt-markdown",
    ),
    pytest.param(
        "malvoisin__pdftotext__plain.txt",
        id="txt-space-columns",
    ),
    pytest.param(
        "malvoisin__flat__numero.txt",
        id="txt-flattened-table",
    ),
    pytest.param(
        "rochefontaine__titleblock__plain.pdf",
        id="pdf-title-block",
    ),
    pytest.param(
        "florival__ruled_pdf__none.pdf",
        id="pdf-ruled-unlabelled",
    ),
]


@pytest.fixture(scope="module")
def baselines() -> dict[str, ModuleType]:
    """The shared generic baselines (needs ../shared beside the repository)."""
    if not BASELINES_DIR.is_dir():
        pytest.fail(f"{BASELINES_DIR} is missing: clone the repo next to shared/")
    return load_baselines()


@pytest.fixture(scope="module")
def manifest() -> dict[str, dict[str, Any]]:
    """The matrix manifest, by document file name."""
    entries = json.loads((MATRIX / "manifest.json").read_text(encoding="utf-8"))
    return {Path(e["file"]).name: e for e in entries}


@pytest.mark.parametrize("name", SUBSET)
def test_matrix_document_reads_as_well_as_the_baselines(
    name: str,
    manifest: dict[str, dict[str, Any]],
    scorer: ModuleType,
    baselines: dict[str, ModuleType],
) -> None:
    entry = manifest[name]
    result = score_document(
        MATRIX / entry["file"], MATRIX / entry["gold"], entry, scorer, baselines
    )
    assert result.pstparse.error is None, result.pstparse.error
    best_name, best = result.best_baseline
    got = result.pstparse
    assert got.act >= best, f"pstparse {got.act:.3f} < {best_name} {best:.3f} on {name}"
    assert got.act >= TARGET_F1, f"action F1 {got.act:.3f} on {name}"
    assert min(got.os, got.oo) >= TARGET_F1, f"OS {got.os:.3f}, OO {got.oo:.3f} on {name}"


def test_manifest_covers_the_matrix(manifest: dict[str, dict[str, Any]]) -> None:
    """Every listed document and gold exists; the matrix spans what issue #11 asks."""
    entries = list(manifest.values())
    for e in entries:
        assert (MATRIX / e["file"]).is_file(), e["file"]
        assert (MATRIX / e["gold"]).is_file(), e["gold"]
    combos = {(e["layout"], e["labels"]) for e in entries}
    assert len(combos) >= 30
    assert len({e["plan"] for e in entries}) >= 6
    assert {e["labels"] for e in entries} == set(generate.LABEL_STYLES)
    assert {e["rendering"] for e in entries} == {"docx", "lo-pdf", "reportlab-pdf", "txt"}
    assert {e["orientation"] for e in entries} == {"portrait", "landscape"}
    assert {9.0, 10.0, 11.0, 12.0} <= {e["font_pt"] for e in entries}
    assert {e["layout"] for e in entries} == set(generate.LAYOUTS)


# Determinism is checked on one document per writer (the whole build takes ~10 s).
DETERMINISM_STEMS = {
    "bellaire__merged__plain",  # DOCX table, merged cells
    "malvoisin__headings__spelled",  # DOCX styles and numbering
    "florival__bullets_cell__none",  # DOCX bullets inside cells
    "bellaire__hanging__plain",  # TXT in cp1252 with CRLF
    "hamlesse__pdftotext__bare",  # TXT, space-aligned columns
    "florival__ruled_pdf__none",  # reportlab PDF
}


def test_generator_is_deterministic(tmp_path: Path) -> None:
    """Regenerating gives the committed bytes: TXT, DOCX, golds and manifest, and the
    reportlab PDF when reportlab (the ``bench`` extra) is installed."""
    specs = [s for s in generate.MATRIX if s.stem in DETERMINISM_STEMS]
    assert len(specs) == len(DETERMINISM_STEMS)
    with_pdf = importlib.util.find_spec("reportlab") is not None
    written = generate.build(tmp_path, pdf=with_pdf, specs=specs)
    assert len(written) == 2 * (len(specs) - (0 if with_pdf else 1))
    for path in [*written, tmp_path / "manifest.json"]:
        rel = path.relative_to(tmp_path)
        assert path.read_bytes() == (MATRIX / rel).read_bytes(), f"{rel} differs"


def _result(layout: str, act: float, baseline: float | None) -> Result:
    return Result(
        file=f"{layout}.docx",
        layout=layout,
        labels="plain",
        rendering="docx",
        n_gold=(1, 1, 1),
        pstparse=Score(os=1.0, oo=1.0, act=act),
        baselines={} if baseline is None else {"bl_x": Score(os=1.0, oo=1.0, act=baseline)},
    )


def test_verdict_and_report_apply_both_targets() -> None:
    """A layout passes only at ≥ 0.98 mean action F1 with no document below its baseline."""
    good = [_result("good", 1.0, 1.0), _result("good", 0.97, None)]
    below = [_result("below", 0.99, 1.0), _result("below", 1.0, 0.5)]
    low = [_result("low", 0.9, 0.0)]
    assert verdict(good) == "ok"
    assert verdict(below) == "below baseline on 1"
    assert verdict(low) == "< 0.98"
    report = render_report([*good, *below, *low], [], 1.0)
    assert "Layouts meeting both targets: 1 of 3" in report
    assert "documents where pstparse reads worse than the best baseline: 1." in report
    assert "| good | 2 | 1.000 | 1.000 | **0.985** |" in report
