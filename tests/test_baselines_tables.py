"""pstparse never scores below the generic one-hour scripts of ../shared/baselines/ on the
five layouts where they used to beat it (issue #11): DOCX merged cells, DOCX one bullet
paragraph per action, five-column DOCX, tab-separated TXT and ruled PDF.

The documents are made here (tests/table_layouts.py) from several plans in several label
styles; both readers are scored with the official scorer.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from pstparse.api import extract_bytes
from tests import table_layouts as L  # noqa: N812 - short name for many calls
from tests.conftest import SHARED

BASELINES = SHARED / "baselines"
SLOW = os.environ.get("PSTPARSE_SLOW") == "1"

LAYOUTS: dict[str, tuple[Callable[[L.Plan, str], bytes], str, str]] = {
    "docx_merged": (L.docx_merged, ".docx", "bl_pythondocx_raw"),
    "docx_bullets": (L.docx_bullets, ".docx", "bl_pythondocx_raw"),
    "docx_fivecol": (L.docx_fivecol, ".docx", "bl_pythondocx_raw"),
    "txt_tsv": (L.txt_tsv, ".txt", "bl_txt_naive"),
    "pdf_ruled": (L.pdf_table, ".pdf", "bl_pdfplumber_tables"),
}

COMBOS = (
    [(p, s) for p in L.PLANS for s in L.STYLES]
    if SLOW
    else [("village", "none"), ("cpas", "bare"), ("ville", "short"), ("cpas", "spelled")]
)


def _baseline(module: str) -> ModuleType:
    if not (BASELINES / f"{module}.py").exists():
        pytest.fail("../shared/baselines/ is missing: clone the repo next to shared/")
    if str(BASELINES) not in sys.path:
        sys.path.insert(0, str(BASELINES))
    return importlib.import_module(module)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize(("plan_name", "style"), COMBOS)
def test_pstparse_at_least_the_generic_script(
    layout: str, plan_name: str, style: str, scorer: Any, tmp_path: Path
) -> None:
    render, ext, module = LAYOUTS[layout]
    plan = L.PLANS[plan_name]
    data = render(plan, style)
    path = tmp_path / f"plan{ext}"
    path.write_bytes(data)
    gold = L.gold(plan)
    ours = scorer.score(gold, extract_bytes(data, name=str(path)).model_dump(mode="json"))
    theirs = scorer.score(gold, _baseline(module).extract(str(path)))
    for level in ("os", "oo", "act"):
        assert ours[level][2] >= theirs[level][2], (level, ours[level], theirs[level])
    assert ours["act"][2] == 1.0
