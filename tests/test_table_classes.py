"""Table layout classes of issue #11, in variants made here (tests/table_layouts.py).

Each class is rendered from several plans in several label styles; the structure must
come out whole (OS, OO and action F1 of 1.000 with the official scorer), and the
decisions taken on weak evidence must leave their ``info`` finding.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from typing import Any

import pytest

from pstparse.api import extract_bytes
from pstparse.extractors.docx import extract_docx
from pstparse.extractors.txt import extract_txt
from pstparse.model.ir import BlockKind
from pstparse.model.plan import Plan as PlanModel
from tests import table_layouts as L  # noqa: N812 - short name for many calls
from tests.conftest import f1s

SLOW = os.environ.get("PSTPARSE_SLOW") == "1"

Render = Callable[[L.Plan, str], bytes]

TEXT_LAYOUTS: dict[str, tuple[Render, str]] = {
    "docx_merged": (L.docx_merged, "docx"),
    "docx_linebreaks": (L.docx_linebreaks, "docx"),
    "docx_fivecol": (L.docx_fivecol, "docx"),
    "docx_onecell": (L.docx_onecell, "docx"),
    **{
        f"docx_bullets[{b}]": ((lambda p, s, b=b: L.docx_bullets(p, s, b)), "docx")
        for b in L.BULLETS
    },
    **{
        f"docx_fiches[{k[2]}]": ((lambda p, s, k=k: L.docx_fiches(p, s, k)), "docx")
        for k in L.FICHE_KEYS
    },
    "txt_tsv": (L.txt_tsv, "txt"),
    "txt_spaces": (L.txt_spaces, "txt"),
    "txt_spaces_narrow": ((lambda p, s: L.txt_spaces(p, s, (20, 24, 28))), "txt"),
    # Column headers wider than their columns cross the gaps: the header line is left out.
    "txt_spaces_tight": ((lambda p, s: L.txt_spaces(p, s, (14, 16, 20))), "txt"),
    "txt_onecell": (L.txt_onecell, "txt"),
}

PDF_LAYOUTS: dict[str, Render] = {
    "pdf_ruled": L.pdf_table,
    "pdf_ruled_merged": lambda p, s: L.pdf_table(p, s, merged=True),
    "pdf_borderless": lambda p, s: L.pdf_table(p, s, ruled=False),
    "pdf_borderless_single_lines": L.pdf_table_wide,
    "pdf_titleblock": lambda p, s: L.pdf_table(p, s, title_block=True),
    "pdf_captions": L.pdf_captions,
    "pdf_fiches": L.pdf_fiches,
}

ALL = [(p, s) for p in L.PLANS for s in L.STYLES]
# PDF rendering and reading take about a second each: a spread of plans and styles by
# default, every combination with PSTPARSE_SLOW=1.
PDF_COMBOS = ALL if SLOW else [("village", "none"), ("cpas", "bare"), ("ville", "spelled")]


def _score(scorer: Any, plan_name: str, plan: PlanModel) -> dict[str, float]:
    return f1s(scorer.score(L.gold(L.PLANS[plan_name]), plan.model_dump(mode="json")))


@pytest.mark.parametrize("layout", sorted(TEXT_LAYOUTS))
@pytest.mark.parametrize(("plan_name", "style"), ALL)
def test_text_layout_reads_whole(layout: str, plan_name: str, style: str, scorer: Any) -> None:
    render, ext = TEXT_LAYOUTS[layout]
    plan = extract_bytes(render(L.PLANS[plan_name], style), name=f"plan.{ext}")
    assert _score(scorer, plan_name, plan) == {"os": 1.0, "oo": 1.0, "act": 1.0}


@pytest.mark.parametrize("layout", sorted(PDF_LAYOUTS))
@pytest.mark.parametrize(("plan_name", "style"), PDF_COMBOS)
def test_pdf_layout_reads_whole(layout: str, plan_name: str, style: str, scorer: Any) -> None:
    plan = extract_bytes(PDF_LAYOUTS[layout](L.PLANS[plan_name], style), name="plan.pdf")
    assert _score(scorer, plan_name, plan) == {"os": 1.0, "oo": 1.0, "act": 1.0}


# --------------------------------------------------------------------------- structure wins


def test_manual_line_breaks_in_a_cell_are_separate_blocks() -> None:
    plan = L.PLANS["village"]
    blocks = extract_docx(L.docx_linebreaks(plan, "none")).blocks
    cells = [b.text for b in blocks if b.table is not None and b.table.row == 2]
    assert cells[2:] == plan[0][1][0][1]
    assert all("\n" not in b.text for b in blocks if b.kind is BlockKind.CELL)


def test_line_broken_actions_not_starting_with_a_verb_stay_whole() -> None:
    plan = extract_bytes(L.docx_linebreaks(L.PLANS["cpas"], "none"), name="p.docx")
    titles = [a.title for a in plan.strategic_objectives[0].operational_objectives[1].actions]
    assert "Poursuite de la dématérialisation des dossiers" in titles
    assert not any(f.rule == "run-on-split" for f in plan.findings)


def _tsv(rows: list[tuple[str, ...]]) -> bytes:
    lines = ["Objectifs stratégiques\tObjectifs opérationnels\tActions"]
    lines += ["\t".join(r) for r in rows]
    return ("\n".join(lines) + "\n").encode()


RUN_ON = (
    "Réaliser un état des lieux du logement Organiser une enquête auprès des locataires "
    "Mettre en place une permanence"
)


def test_run_on_cells_split_where_each_oo_has_one_cell() -> None:
    data = _tsv([("OS 1 - Loger", "OO 1.1 - Connaître", RUN_ON), ("", "OO 1.2 - Aider", RUN_ON)])
    plan = extract_bytes(data, name="p.txt")
    oo = plan.strategic_objectives[0].operational_objectives
    assert [len(o.actions) for o in oo] == [3, 3]
    notes = [f for f in plan.findings if f.rule == "run-on-split"]
    assert len(notes) == 2 and all(f.severity == "info" for f in notes)


def test_no_run_on_split_in_a_table_with_a_row_per_action() -> None:
    data = _tsv(
        [
            ("OS 1 - Loger", "OO 1.1 - Connaître", RUN_ON),
            ("", "", "Former les agents Organiser des visites à domicile chaque mois"),
        ]
    )
    plan = extract_bytes(data, name="p.txt")
    actions = plan.strategic_objectives[0].operational_objectives[0].actions
    assert [a.title for a in actions] == [
        RUN_ON,
        "Former les agents Organiser des visites à domicile chaque mois",
    ]
    assert not any(f.rule == "run-on-split" for f in plan.findings)


@pytest.mark.parametrize("short", ["Lancer le projet", "Actions du projet", "Projet"])
def test_a_one_cell_row_is_never_a_header_by_its_words(short: str) -> None:
    data = _tsv(
        [
            ("1. Embellir", "1.1 Verdir", "Planter des arbres"),
            ("", "", short),
            ("2. Soutenir", "2.1 Rompre la solitude", "Organiser des goûters"),
        ]
    )
    plan = extract_bytes(data, name="p.txt")
    assert [so.title for so in plan.strategic_objectives] == ["Embellir", "Soutenir"]
    assert [so.code for so in plan.strategic_objectives] == ["1", "2"]
    first = plan.strategic_objectives[0].operational_objectives[0]
    assert [a.title for a in first.actions] == ["Planter des arbres", short]


def test_a_flagged_header_row_is_the_only_header() -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=4, cols=3)
    for cell, name in zip(table.rows[0].cells, L.HEADER, strict=True):
        cell.text = name
    L._flag_header(table.rows[0])
    values = [
        ("Embellir", "Verdir", "Planter des arbres"),
        ("", "", "Projet"),
        ("", "Action communale", "Budget participatif"),
    ]
    for row, texts in zip(table.rows[1:], values, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    buf = io.BytesIO()
    document.save(buf)
    plan = extract_bytes(buf.getvalue(), name="p.docx")
    oos = plan.strategic_objectives[0].operational_objectives
    assert [oo.title for oo in oos] == ["Verdir", "Action communale"]
    assert [a.title for a in oos[0].actions] == ["Planter des arbres", "Projet"]


def test_fiches_collapse_into_one_tree_with_fields() -> None:
    source = L.PLANS["cpas"]
    plan = extract_bytes(L.docx_fiches(source, "none"), name="p.docx")
    assert [so.title for so in plan.strategic_objectives] == [os_t for os_t, _ in source]
    action = plan.strategic_objectives[0].operational_objectives[1].actions[2]
    assert action.title == "Publier un guide des aides en langage clair"
    assert action.fields["pilote"] == "Service 1"
    assert action.fields["echeance"] == "2028"
    assert action.fields["Description"] == "Mise en œuvre progressive, étape 3."
    assert "fiche" not in action.fields
    assert any(f.rule == "key-value-table" and f.severity == "info" for f in plan.findings)


@pytest.mark.parametrize("plan_name", sorted(L.PLANS))
def test_fiches_in_any_order_collapse_into_one_tree(plan_name: str, scorer: Any) -> None:
    source = L.PLANS[plan_name]
    plan = extract_bytes(L.docx_fiches(source, "short", by_step=True), name="p.docx")
    assert _score(scorer, plan_name, plan) == {"os": 1.0, "oo": 1.0, "act": 1.0}
    assert len(plan.strategic_objectives) == len(source)


def test_space_aligned_text_is_a_table_of_printed_lines() -> None:
    extraction = extract_txt(L.txt_spaces(L.PLANS["village"], "short"))
    cells = [b for b in extraction.blocks if b.kind is BlockKind.CELL]
    assert cells and all(b.table is not None and b.table.wrapped for b in cells)
    assert {b.table.column for b in cells if b.table is not None} == {1, 2, 3}
    # The closing sentence after the table is a paragraph again.
    assert extraction.blocks[-1].kind is BlockKind.PARAGRAPH


@pytest.mark.parametrize(
    "text",
    [
        "Le conseil a décidé.  La séance est levée.\nLe bourgmestre  remercie les membres.\n"
        "Fin  de la séance.\n",
        "Titre\n    1. Un point en retrait\n    2. Un autre point\n        suite du point\n",
        "Sommaire\n1. Embellir le village            3\n2. Soutenir les aînés             7\n"
        "3. Mobilité                      12\n",
    ],
)
def test_prose_with_double_spaces_is_not_a_table(text: str) -> None:
    blocks = extract_txt(text.encode()).blocks
    assert all(b.kind is not BlockKind.CELL for b in blocks)


@pytest.mark.parametrize(
    ("render", "ext", "caption", "key"),
    [
        (L.docx_captions, "docx", "Indicateurs :", "indicateur"),
        (L.docx_captions, "docx", "Résultats attendus :", "Résultats attendus"),
        # In TXT the caption line sits where a wrapped line of the item would (under its
        # text, after the "- "): a known field key keeps it a caption, not a wrap.
        (L.txt_captions, "txt", "Budget estimé :", "budget"),
        (L.txt_captions, "txt", "Indicateurs :", "indicateur"),
        (L.txt_captions, "txt", "Partenaires :", "partenaires"),
        (L.txt_captions, "txt", "Échéances :", "echeance"),
    ],
)
# Labelled objectives: without labels, numbered caption lines make the document read as a
# programme (kind detection, outside the table work), where captions are not looked for.
@pytest.mark.parametrize("style", ["short", "spelled"])
def test_caption_lines_are_fields_not_actions(
    render: Callable[[L.Plan, str, str], bytes],
    ext: str,
    caption: str,
    key: str,
    style: str,
    scorer: Any,
) -> None:
    source = L.PLANS["cpas"]
    plan = extract_bytes(render(source, style, caption), name=f"p.{ext}")
    assert _score(scorer, "cpas", plan) == {"os": 1.0, "oo": 1.0, "act": 1.0}
    for so, (_, oos) in zip(plan.strategic_objectives, source, strict=True):
        for oo, (_, titles) in zip(so.operational_objectives, oos, strict=True):
            for k, action in enumerate(oo.actions, start=1):
                lines = action.fields[key].split("\n")
                assert lines == [f"{n}. Mesure numéro {n} de cette action" for n in range(1, k + 2)]
            assert len(oo.actions) == len(titles)


def test_captions_in_a_generated_pdf_are_fields() -> None:
    plan = extract_bytes(L.pdf_captions(L.PLANS["ville"], "none", "Budget :"), name="p.pdf")
    actions = [
        a
        for so in plan.strategic_objectives
        for oo in so.operational_objectives
        for a in oo.actions
    ]
    assert len(actions) == 5
    assert all(a.fields.get("budget", "").startswith("1. Mesure numéro 1") for a in actions)


def test_one_column_table_names_its_column_but_not_with_a_verb() -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("OS 1 - Embellir le village")
    document.add_paragraph("OO 1.1 - Verdir les places")
    for first in ("Actions", "Lancer le projet"):
        table = document.add_table(rows=3, cols=1)
        for cell, text in zip(table.columns[0].cells, (first, "Planter", "Arroser"), strict=True):
            cell.text = text
    buf = io.BytesIO()
    document.save(buf)
    plan = extract_bytes(buf.getvalue(), name="p.docx")
    actions = [a.title for a in plan.strategic_objectives[0].operational_objectives[0].actions]
    assert actions == ["Planter", "Arroser", "Lancer le projet", "Planter", "Arroser"]


@pytest.mark.parametrize("style", ["short", "spelled"])
def test_title_block_above_a_labelled_table_without_header(style: str, scorer: Any) -> None:
    data = L.pdf_table(L.PLANS["ville"], style, title_block=True, header=False)
    plan = extract_bytes(data, name="p.pdf")
    assert _score(scorer, "ville", plan) == {"os": 1.0, "oo": 1.0, "act": 1.0}
    assert "Commune de Belleville" in [p.text for p in plan.preamble]
