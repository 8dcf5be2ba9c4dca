"""The sample corpus (samples/, tests/expected/) and the script that builds it.

These tests read the committed files: they check that every sample is paired with a gold,
that each rendering really carries the gold's titles and the layout features it claims,
and that the builder is deterministic and up to date (a rebuild into a temporary
directory gives byte-identical TXT/DOCX/src/gold files).
"""

from __future__ import annotations

import importlib.util
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pstparse.model.plan import Kind, StrategicObjective

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
EXPECTED = ROOT / "tests" / "expected"
SHARED = ROOT.parent / "shared"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _load_builder() -> ModuleType:
    path = ROOT / "scripts" / "make_samples.py"
    spec = importlib.util.spec_from_file_location("make_samples", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_samples"] = module  # dataclasses need the module registered
    spec.loader.exec_module(module)
    return module


ms = _load_builder()


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'")
    return re.sub(r"\s+", " ", text).strip().casefold()


def _samples() -> list[Path]:
    return sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".docx", ".pdf"))


def _gold_path(sample: Path) -> Path | None:
    for folder in (SHARED / "gold", EXPECTED):
        for gold in folder.glob("*.yaml"):
            if sample.name.startswith(gold.stem):
                return gold
    return None


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _titles(gold: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for so in gold.get("strategic_objectives") or []:
        out.append(so["title"])
        out.extend(a["title"] for a in so.get("actions") or [])
        for oo in so.get("operational_objectives") or []:
            out.append(oo["title"])
            out.extend(a["title"] for a in oo.get("actions") or [])
    return out


def _docx_xml(path: Path, part: str = "word/document.xml") -> Any:
    with zipfile.ZipFile(path) as zf:
        return ET.fromstring(zf.read(part))


needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="../shared is not beside the repo")


@needs_shared
def test_seed_copies_are_byte_identical() -> None:
    for num, stem in ms.SEEDS.items():
        (seed,) = (SHARED / "seeds").glob(f"{num}_*.txt")
        assert (SAMPLES / f"{stem}.txt").read_bytes() == seed.read_bytes()


@needs_shared
def test_every_sample_has_a_gold_and_a_source_text() -> None:
    samples = _samples()
    assert len(samples) >= 35
    for sample in samples:
        assert _gold_path(sample) is not None, sample.name
        assert ms.src_path(sample).exists(), sample.name
        assert sample.stat().st_size < 400_000, f"{sample.name} is too big to commit"


@needs_shared
def test_every_gold_title_is_in_the_rendered_text() -> None:
    # "Nothing lost" on the producing side: each rendering really contains its gold.
    for sample in _samples():
        gold_path = _gold_path(sample)
        assert gold_path is not None
        rendered = _norm(ms.src_path(sample).read_text(encoding="utf-8"))
        for title in _titles(_load(gold_path)):
            assert _norm(title).strip(" .;:") in rendered, (sample.name, title)


def test_fixture_golds_are_valid_plan_fragments() -> None:
    golds = sorted(EXPECTED.glob("*.yaml"))
    assert {g.stem for g in golds} >= {
        "fixture_iapst",
        "fixture_objnum",
        "fixture_caps",
        "fixture_projets",
        "fixture_dpc",
        "synthetic_large",
    }
    for path in golds:
        gold = _load(path)
        Kind(gold["document"]["kind"])
        sos = [StrategicObjective.model_validate(so) for so in gold["strategic_objectives"]]
        assert sos and all(so.operational_objectives or so.actions for so in sos), path.name


@needs_shared
def test_merged_table_has_vmerge_and_repeated_header() -> None:
    gold = _load(SHARED / "gold" / "seed000_pst_gembloux.yaml")
    rows_per_os = [
        len(so.get("actions") or [])
        + sum(max(1, len(oo["actions"])) for oo in so["operational_objectives"])
        for so in gold["strategic_objectives"]
    ]
    multi_oo = sum(
        len(oo["actions"]) > 1
        for so in gold["strategic_objectives"]
        for oo in so["operational_objectives"]
    )
    root = _docx_xml(SAMPLES / "seed000_pst_gembloux__table_merged.docx")
    restarts = root.findall(f".//{W}vMerge[@{W}val='restart']")
    assert len(restarts) == sum(n > 1 for n in rows_per_os) + multi_oo
    assert len(root.findall(f".//{W}trPr/{W}tblHeader")) == 1
    assert len(root.findall(f".//{W}tr")) == 1 + sum(rows_per_os)


def test_borderless_landscape_really_has_no_borders() -> None:
    root = _docx_xml(SAMPLES / "seed000_pst_gembloux__borderless_landscape.docx")
    borders = root.findall(f".//{W}tblBorders/*")
    assert len(borders) == 6
    assert {b.get(f"{W}val") for b in borders} == {"none"}
    assert root.find(f".//{W}pgSz").get(f"{W}orient") == "landscape"


def test_objnum_action_labels_come_from_word_numbering() -> None:
    path = SAMPLES / "fixture_objnum__numbered.docx"
    gold = _load(EXPECTED / "fixture_objnum.yaml")
    body = _docx_xml(path)
    numbered = [
        "".join(p.itertext()) for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}numPr") is not None
    ]
    actions = [
        a["title"]
        for so in gold["strategic_objectives"]
        for oo in so["operational_objectives"]
        for a in oo["actions"]
    ]
    assert numbered == actions  # the label is not in the text
    lvl_texts = {
        el.get(f"{W}val") for el in _docx_xml(path, "word/numbering.xml").iter(f"{W}lvlText")
    }
    for so in gold["strategic_objectives"]:
        for oo in so["operational_objectives"]:
            assert f"Action {oo['code']}.%1 –" in lvl_texts


def test_synthetic_gold_shape_and_regeneration() -> None:
    gold = _load(EXPECTED / "synthetic_large.yaml")
    sos = gold["strategic_objectives"]
    assert len(sos) == 8
    titles = _titles(gold)
    assert len(titles) == len(set(titles))
    for so in sos:
        assert 4 <= len(so["operational_objectives"]) <= 6
        for oo in so["operational_objectives"]:
            assert 5 <= len(oo["actions"]) <= 10
    assert ms.synthetic_plan() == gold


def test_pdfs_exist_with_text_and_the_large_one_has_30_pages() -> None:
    pdfplumber = pytest.importorskip("pdfplumber")
    for name, _tagged in ms.PDF_JOBS:
        pdf_path = SAMPLES / name.replace(".docx", ".pdf")
        with pdfplumber.open(pdf_path) as pdf:
            assert pdf.pages[0].chars, pdf_path.name
            if pdf_path.name.startswith("synthetic_large"):
                assert len(pdf.pages) >= 30
            if pdf_path.name == "seed000_pst_gembloux__table_merged.pdf":
                assert len(pdf.pages) >= 3


@needs_shared
def test_rebuild_is_deterministic_and_committed_files_are_current(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, expected = tmp_path / "samples", tmp_path / "expected"
    expected.mkdir()
    for gold in EXPECTED.glob("fixture_*.yaml"):
        (expected / gold.name).write_bytes(gold.read_bytes())
    monkeypatch.setattr(ms, "SAMPLES", out)
    monkeypatch.setattr(ms, "EXPECTED", expected)
    monkeypatch.setattr(ms, "SOURCES", tmp_path / "sources")
    ms.build(SHARED)
    built = sorted(p for p in out.iterdir() if p.suffix in (".txt", ".docx"))
    assert len(built) >= 20
    for path in built:
        assert path.read_bytes() == (SAMPLES / path.name).read_bytes(), path.name
    sources = sorted((tmp_path / "sources").iterdir())
    assert len(sources) >= 20
    for path in sources:
        assert path.read_bytes() == (ROOT / "tests" / "sources" / path.name).read_bytes()
    generated = expected / "synthetic_large.yaml"
    assert generated.read_bytes() == (EXPECTED / "synthetic_large.yaml").read_bytes()


def test_normalise_zip_fixes_entry_dates() -> None:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.xml", "<a/>")
        zf.writestr("b/c.xml", "<c/>")
    once = ms.normalise_zip(buf.getvalue())
    assert ms.normalise_zip(once) == once
    with zipfile.ZipFile(io.BytesIO(once)) as zf:
        assert [i.date_time for i in zf.infolist()] == [(2024, 1, 1, 0, 0, 0)] * 2
        assert zf.read("b/c.xml") == b"<c/>"


# -- property tests of the builder's text handling -------------------------------------

TEXT = st.text(
    alphabet=st.sampled_from(list("abcdeéèàôçXYZ ÉÀ'’,;:.-–•*\t0123456789")), max_size=60
)
WORD = re.compile(r"\w+")


@given(TEXT)
def test_markdown_runs_only_drop_the_markup(text: str) -> None:
    runs = ms.markdown_runs(text)
    assert ms.runs_text(runs) == text.replace("**", "")
    assert all(part for part, _ in runs)


@given(
    st.lists(st.text(alphabet="abcdefghij", min_size=1, max_size=15), max_size=30),
    st.integers(min_value=20, max_value=90),
)
def test_wrap_keeps_words_and_width(words: list[str], width: int) -> None:
    lines = ms._wrap(" ".join(words), width, "  • ", "    ")
    assert " ".join(" ".join(lines).split()) == " ".join(["•", *words])
    assert all(len(line) <= width or " " not in line.strip() for line in lines[1:])


LINE = st.one_of(
    st.just(""),
    TEXT,
    st.builds(lambda t: f"  • {t}", TEXT),
    st.builds(lambda t: f"- {t}", TEXT),
    st.builds(lambda n, t: f"{n}. {t}", st.integers(1, 12), TEXT),
    st.builds(lambda t, p: f"{t}.....\t{p}", TEXT, st.integers(1, 99)),
    st.builds(lambda t: t.upper(), TEXT),
    st.builds(lambda t: f"{t} :", TEXT),
)


@settings(max_examples=150)
@given(st.lists(LINE, max_size=25), st.integers(min_value=0, max_value=3))
def test_classify_never_loses_a_word(lines: list[str], n_title: int) -> None:
    text = "\n".join(lines)
    out = ms.classify(text, n_title)
    seen = Counter(w for ln in out for w in WORD.findall(f"{ln.text} {ln.page}"))
    assert seen == Counter(WORD.findall(text))
