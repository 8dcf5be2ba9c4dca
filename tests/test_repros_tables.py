"""The table and cell classes of ../shared/repros/ (issue #11) score 1.000 at every level."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from pstparse.api import extract_bytes
from tests.conftest import SHARED, f1s

REPROS = SHARED / "repros"

TABLE_REPROS = (
    "A_bullets.docx",
    "B_header.txt",
    "D_linebreaks.docx",
    "E_borderless.pdf",
    "G_titleblock.pdf",
    "H_caption.pdf",
    "K_spaces.txt",
)


def _plan(name: str) -> dict[str, Any]:
    path = REPROS / "docs" / name
    return extract_bytes(path.read_bytes(), name=str(path)).model_dump(mode="json")


@pytest.mark.parametrize("name", TABLE_REPROS)
def test_table_repro_scores_perfectly(name: str, scorer: Any) -> None:
    gold = yaml.safe_load((REPROS / "gold" / f"{name.rsplit('.', 1)[0]}.yaml").read_text("utf-8"))
    plan = _plan(name)
    assert f1s(scorer.score(gold, plan)) == {"os": 1.0, "oo": 1.0, "act": 1.0}
    assert plan["document"]["kind"] == gold["document"]["kind"]


def test_caption_lines_are_fields_of_their_action() -> None:
    plan = _plan("H_caption.pdf")
    actions = plan["strategic_objectives"][0]["operational_objectives"][0]["actions"]
    assert [a["fields"]["indicateur"].count("\n") + 1 for a in actions] == [3, 2]
    assert actions[0]["fields"]["indicateur"].startswith("1. Nombre d'arbres")
    assert any(f["rule"] == "caption-field" and f["severity"] == "info" for f in plan["findings"])


def test_title_block_goes_to_the_preamble() -> None:
    plan = _plan("G_titleblock.pdf")
    preamble = [p["text"] for p in plan["preamble"]]
    assert "Commune de Belleville" in preamble
    assert "Présentation du volet interne" in preamble
    assert any(f["rule"] == "headings-outside-tables" for f in plan["findings"])


def test_bullets_and_codes_are_kept_in_the_source_text() -> None:
    plan = _plan("A_bullets.docx")
    actions = plan["strategic_objectives"][0]["operational_objectives"][0]["actions"]
    assert actions[2]["title"] == "Réaliser un inventaire des arbres remarquables"
    assert actions[2]["text"] == "• SA.2 - Réaliser un inventaire des arbres remarquables"
    assert not any(f["rule"] == "run-on-split" for f in plan["findings"])
