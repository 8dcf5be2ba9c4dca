"""The benchmark still runs: its corpus builder, baseline adapters, scorer and runner.

The real benchmark (minutes, LibreOffice, camelot) is not part of the test run; this runs
its scripts end to end on a tiny corpus: DOCX files built here and one committed PDF.
"""

from __future__ import annotations

import gc
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from bench import corpus, run
from bench.accuracy import DEFAULT_SCORER, load_scorer, triples
from bench.tools import rows_to_plan, strip_label
from hypothesis import given, settings
from hypothesis import strategies as st

from pstparse.extractors.pdf import extract_pdf
from pstparse.model.errors import PstparseError

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_PDF = ROOT / "samples" / "fixture_iapst__table.pdf"
SAMPLE_GOLD = ROOT / "tests" / "expected" / "fixture_iapst.yaml"
needs_scorer = pytest.mark.skipif(
    not DEFAULT_SCORER.is_file(), reason="../shared/eval/score.py not available"
)

HEADER = ["Objectifs stratégiques", "Objectifs opérationnels", "Actions"]


def _actions(plan: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [
        (so["title"], oo["title"], act["title"])
        for so in plan["strategic_objectives"]
        for oo in so["operational_objectives"]
        for act in oo["actions"]
    ]


# ----------------------------------------------------------------------------- adapters


def test_rows_to_plan_fills_merged_cells_and_drops_repeated_headers() -> None:
    rows = [
        HEADER,
        ["O.S. 1 : Être une commune verte", "O.O. 1.1 : Planter des arbres", "Planter 100 chênes"],
        ["", "", "Arroser les jeunes plants"],
        HEADER,  # the header repeated at the top of the next page
        ["", "O.O. 1.2 : Réduire les déchets", "Installer des composteurs"],
        ["OS 2 - Être une commune sociale", "", "Ouvrir une épicerie sociale"],
    ]
    plan = rows_to_plan(rows)
    assert [so["title"] for so in plan["strategic_objectives"]] == [
        "Être une commune verte",
        "Être une commune sociale",
    ]
    assert _actions(plan) == [
        ("Être une commune verte", "Planter des arbres", "Planter 100 chênes"),
        ("Être une commune verte", "Planter des arbres", "Arroser les jeunes plants"),
        ("Être une commune verte", "Réduire les déchets", "Installer des composteurs"),
    ]
    # Words before a number are a label only with a separator: "Planter 100 chênes" stays.
    # The OO cell is not filled across a new OS: that action sits directly under OS 2.
    assert plan["strategic_objectives"][1]["actions"] == [{"title": "Ouvrir une épicerie sociale"}]


def test_rows_to_plan_turns_a_row_split_by_a_page_break_into_two_actions() -> None:
    # What raw table readers give for a row cut by a page break: its tail on a new row.
    rows = [
        HEADER,
        ["O.S. 1 : Commune verte", "O.O. 1.1 : Arbres", "Planter des chênes le long"],
        HEADER,
        ["", "", "des routes communales"],
    ]
    titles = [a for _, _, a in _actions(rows_to_plan(rows))]
    assert titles == ["Planter des chênes le long", "des routes communales"]


_SHORT_PREFIXES = st.sampled_from(["O.S.", "OS", "O.O.", "OO", "A.", "OS."])
_LONG_PREFIXES = st.sampled_from(["Action", "Objectif", "Objectif stratégique", "Projet"])
_TITLES = st.text(
    alphabet=st.characters(whitelist_categories=("Ll", "Lu"), max_codepoint=0x17F),
    min_size=1,
    max_size=12,
).map(str.capitalize)


@settings(max_examples=80, deadline=None)
@given(
    label=st.one_of(
        st.tuples(_SHORT_PREFIXES, st.sampled_from([" : ", " - ", " – ", " ", ". "])),
        st.tuples(_LONG_PREFIXES, st.sampled_from([" : ", " - ", " – ", ". ", " — "])),
    ),
    numbers=st.lists(st.integers(1, 40), min_size=1, max_size=3),
    words=st.lists(_TITLES, min_size=1, max_size=5),
)
def test_strip_label_keeps_the_title(
    label: tuple[str, str], numbers: list[int], words: list[str]
) -> None:
    prefix, sep = label
    title = " ".join(words)
    assert strip_label(f"{prefix} {'.'.join(map(str, numbers))}{sep}{title}") == title
    assert strip_label(title) == title
    # A word and a number without a separator are no label ("A 1 Titre" would be one).
    assert strip_label(f"Créer {numbers[0]} {title}") == f"Créer {numbers[0]} {title}"


# ----------------------------------------------------------------------------- scorer


def _gold_actions(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        act
        for so in plan["strategic_objectives"]
        for oo in so.get("operational_objectives") or []
        for act in oo.get("actions") or []
    ]


def _perturbed(
    gold: dict[str, Any], cut: int | None, typo: int | None, drop: int | None
) -> dict[str, Any]:
    """A prediction that differs from the gold: a truncated title, a typo, a lost action."""
    pred: dict[str, Any] = json.loads(json.dumps(gold))
    acts = _gold_actions(pred)
    if cut is not None:
        act = acts[cut % len(acts)]
        act["title"] = act["title"][: 5 + cut % 20]
    if typo is not None:
        act = acts[typo % len(acts)]
        act["title"] = act["title"][:5] + "x" + act["title"][6:]
    if drop is not None:
        victim = acts[drop % len(acts)]
        for so in pred["strategic_objectives"]:
            for oo in so.get("operational_objectives") or []:
                oo["actions"] = [a for a in oo.get("actions") or [] if a is not victim]
    return pred


@needs_scorer
@settings(max_examples=15, deadline=None)
@given(
    cut=st.none() | st.integers(0, 500),
    typo=st.none() | st.integers(0, 500),
    drop=st.none() | st.integers(0, 500),
)
def test_fast_scorer_gives_exactly_the_scores_of_score_py(
    cut: int | None, typo: int | None, drop: int | None
) -> None:
    gold = yaml.safe_load(SAMPLE_GOLD.read_text(encoding="utf-8"))
    pred = _perturbed(gold, cut, typo, drop)
    slow, fast = load_scorer(fast=False), load_scorer()
    assert fast.score(gold, pred) == slow.score(gold, pred)


@needs_scorer
def test_triples_counts_right_actions_out_of_the_gold() -> None:
    gold = yaml.safe_load(SAMPLE_GOLD.read_text(encoding="utf-8"))
    n_gold = len(_gold_actions(gold))
    scorer = load_scorer()
    assert triples(scorer, gold, gold)["right"] == n_gold
    cut = triples(scorer, gold, _perturbed(gold, cut=0, typo=None, drop=None))
    assert (cut["gold"], cut["right"], cut["predicted"]) == (n_gold, n_gold - 1, n_gold)
    dropped = triples(scorer, gold, _perturbed(gold, cut=None, typo=None, drop=3))
    assert (dropped["right"], dropped["predicted"]) == (n_gold - 1, n_gold - 1)


# ----------------------------------------------------------------------------- end to end


def test_corpus_builds_docx_and_golds_without_libreoffice(tmp_path: Path) -> None:
    manifest = corpus.build(tmp_path, pdf=False, actions=25, scales=(2,))
    names = {d["name"]: d for d in manifest["documents"]}
    assert set(names) == {"plan.docx", "small.docx"}
    assert names["plan.docx"]["actions"] == 25
    gold = yaml.safe_load((tmp_path / "plan.gold.yaml").read_text(encoding="utf-8"))
    doubled = yaml.safe_load((tmp_path / "plan_x2.gold.yaml").read_text(encoding="utf-8"))
    assert corpus.actions_of(doubled) == 2 * corpus.actions_of(gold) == 50
    codes = [so["code"] for so in doubled["strategic_objectives"]]
    assert len(codes) == len(set(codes)), "repeated plans are renumbered"
    assert json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8")) == manifest


def test_runner_measures_and_writes_the_table(tmp_path: Path) -> None:
    corpus.build(tmp_path, pdf=False, actions=25, scales=())
    shutil.copyfile(SAMPLE_PDF, tmp_path / "sample.pdf")
    shutil.copyfile(SAMPLE_GOLD, tmp_path / "sample.gold.yaml")
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    manifest["documents"].append(
        {
            "name": "sample.pdf",
            "role": "ruled_pdf",
            "format": "pdf",
            "pages": 1,
            "gold": "sample.gold.yaml",
            "actions": 0,
        }
    )
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    doc = tmp_path / "benchmarks.md"
    doc.write_text(f"# Benchmarks\n\nnotes before\n\n{run.BEGIN}\nold\n{run.END}\n\nnotes after\n")
    results = tmp_path / "results.json"
    code = run.main(
        [
            "--corpus", str(tmp_path), "--runs", "1", "--no-scale", "--no-batch",
            "--tools", "pstparse", "pdfplumber", "python-docx",
            "--write", str(doc), "--results", str(results),
        ]
    )  # fmt: skip
    assert code == 0
    data = json.loads(results.read_text(encoding="utf-8"))
    cells = {(c["doc"], c["tool"]): c for c in data["cells"]}
    assert set(cells) == {
        ("sample.pdf", "pstparse"),
        ("sample.pdf", "pdfplumber"),
        ("plan.docx", "pstparse"),
        ("plan.docx", "python-docx"),
        ("small.docx", "pstparse"),
        ("small.docx", "python-docx"),
    }
    for cell in cells.values():
        assert cell["status"] == "ok", cell["note"]
        assert len(cell["inproc"]) == len(cell["whole"]) == len(cell["peak_mb"]) == 1
        assert all(t > 0 for t in cell["inproc"] + cell["whole"])
        assert cell["peak_mb"][0] > 10
    if DEFAULT_SCORER.is_file():
        docx_cell = cells[("plan.docx", "pstparse")]
        assert docx_cell["accuracy"]["gold"] == 25
        assert docx_cell["accuracy"]["right"] == 25
    text = doc.read_text(encoding="utf-8")
    assert "notes before" in text and "notes after" in text and "\nold\n" not in text
    assert "| `plan.docx` (1) | pstparse |" in text
    assert data["startup"]["import_ms"] > 0
    sections = data["environment"]["sections"]
    assert {"start-up", "plan.docx pstparse"} <= set(sections)
    assert all(sec["seconds"] > 0 for sec in sections.values())
    assert "Other processes' CPU use" in text


# ----------------------------------------------------------------------------- tuning


def test_pdf_extraction_turns_the_collector_back_on_even_when_it_fails() -> None:
    with pytest.raises(PstparseError):
        extract_pdf(b"%PDF-1.4\nnot really a pdf\n%%EOF\n", name="broken.pdf")
    assert gc.isenabled()
    extraction = extract_pdf(SAMPLE_PDF.read_bytes(), name=SAMPLE_PDF.name)
    assert extraction.blocks and gc.isenabled()
