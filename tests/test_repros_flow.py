"""Flow text, outlines and kinds: the repro classes of ../shared/repros/ and their variants.

Each repro is a class of layout. The shared file is scored against its gold; the
variants below are made here (TXT and DOCX generated in the test) and their structure is
asserted: bare hierarchical numbers as labels (A_codes), kind phrases in an introduction
(C_kind), a table of contents before the body (F_toc), hard-wrapped lines with hanging
indents (I_wrap), a table flattened into one paragraph (J_flat).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE

from pstparse.api import extract_bytes
from pstparse.model.plan import Kind, Plan
from tests.conftest import SHARED, f1s

REPROS = SHARED / "repros"
FLOW_REPROS = ("A_codes.txt", "C_kind.txt", "F_toc.txt", "I_wrap.txt", "J_flat.txt")


@pytest.mark.parametrize("name", FLOW_REPROS)
def test_repro_scores_perfectly(name: str, scorer: Any) -> None:
    doc = REPROS / "docs" / name
    gold = yaml.safe_load((REPROS / "gold" / f"{Path(name).stem}.yaml").read_text("utf-8"))
    plan = extract_bytes(doc.read_bytes(), name=name).model_dump(mode="json")
    result = scorer.score(gold, plan)
    assert f1s(result) == {"os": 1.0, "oo": 1.0, "act": 1.0}, result["n"]


# ----------------------------------------------------------------------------- helpers


def txt(text: str, *, encoding: str = "utf-8", newline: str = "\n") -> Plan:
    """The plan of a generated TXT document."""
    data = text.replace("\n", newline).encode(encoding)
    return extract_bytes(data, name="variant.txt")


def docx(paragraphs: list[tuple[str, str | None]], table: list[list[str]] | None = None) -> Plan:
    """The plan of a generated DOCX: (text, style) paragraphs, then an optional table."""
    document = DocxDocument()
    for text, style in paragraphs:
        if style is not None and style not in [s.name for s in document.styles]:
            document.styles.add_style(style, WD_STYLE_TYPE.PARAGRAPH)
        document.add_paragraph(text, style=style)
    if table is not None:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return extract_bytes(buffer.getvalue(), name="variant.docx")


def tree(plan: Plan) -> list[tuple[str | None, str, list[tuple[str | None, str, list[str]]]]]:
    """(code, title, [(code, title, [action titles])]) for each OS."""
    return [
        (
            so.code,
            so.title,
            [
                (oo.code, oo.title, [a.title for a in oo.actions])
                for oo in so.operational_objectives
            ],
        )
        for so in plan.strategic_objectives
    ]


def rules(plan: Plan) -> set[str]:
    return {f.rule for f in plan.findings}


# ----------------------------------------------------------------------------- A_codes


BARE_TREE = [
    (
        "1",
        "Embellir le village",
        [("1.1", "Verdir les places", ["Planter des tilleuls", "Installer des bacs fleuris"])],
    ),
    ("2", "Rendre la commune sûre", [("2.1", "Sécuriser les abords", ["Poser des ralentisseurs"])]),
]


@pytest.mark.parametrize(
    "text",
    [
        # a tab-separated table with a header row
        "Programme stratégique transversal\n"
        "Objectifs stratégiques\tObjectifs opérationnels\tActions\n"
        "1. Embellir le village\t1.1 Verdir les places\t1.1.1. Planter des tilleuls\n"
        "\t\t1.1.2. Installer des bacs fleuris\n"
        "2. Rendre la commune sûre\t2.1 Sécuriser les abords\t2.1.1. Poser des ralentisseurs\n",
        # an outline, one item per line, numbers with a trailing dot everywhere
        "Plan communal 2025-2030\n"
        "1. Embellir le village\n1.1. Verdir les places\n1.1.1. Planter des tilleuls\n"
        "1.1.2. Installer des bacs fleuris\n2. Rendre la commune sûre\n"
        "2.1. Sécuriser les abords\n2.1.1. Poser des ralentisseurs\n",
        # parentheses and separators after the numbers, indented
        "Plan communal 2025-2030\n"
        "1) Embellir le village\n  1.1 - Verdir les places\n    1.1.1 - Planter des tilleuls\n"
        "    1.1.2 - Installer des bacs fleuris\n2) Rendre la commune sûre\n"
        "  2.1 - Sécuriser les abords\n    2.1.1 - Poser des ralentisseurs\n",
        # no title line: the first line is already an objective
        "1. Embellir le village\n1.1 Verdir les places\n1.1.1 Planter des tilleuls\n"
        "1.1.2 Installer des bacs fleuris\n2. Rendre la commune sûre\n"
        "2.1 Sécuriser les abords\n2.1.1 Poser des ralentisseurs\n",
    ],
    ids=["tsv", "outline", "parentheses", "no-title"],
)
def test_bare_hierarchical_numbers_are_labels(text: str) -> None:
    plan = txt(text)
    assert plan.document.kind is Kind.PST
    assert tree(plan) == BARE_TREE
    action = plan.strategic_objectives[0].operational_objectives[0].actions[1]
    assert action.code == "1.1.2"
    assert "bare-numbers-as-labels" in rules(plan)
    assert "run-on-split" not in rules(plan)


def test_bare_numbers_in_a_docx_table() -> None:
    plan = docx(
        [("Programme stratégique transversal", None)],
        [
            ["Objectifs stratégiques", "Objectifs opérationnels", "Actions"],
            ["1. Embellir le village", "1.1 Verdir les places", "1.1.1. Planter des tilleuls"],
            ["", "", "1.1.2. Installer des bacs fleuris"],
            [
                "2. Rendre la commune sûre",
                "2.1 Sécuriser les abords",
                "2.1.1 Poser des ralentisseurs",
            ],
        ],
    )
    assert tree(plan) == BARE_TREE


def test_one_depth_of_numbers_is_an_enumeration_not_labels() -> None:
    plan = txt(
        "Programme stratégique transversal\n"
        "Objectif stratégique 1 : Embellir le village\n"
        "Objectif opérationnel 1.1 : Verdir les places\n"
        "1. Planter des tilleuls\n2. Installer des bacs fleuris\n"
    )
    oo = plan.strategic_objectives[0].operational_objectives[0]
    assert [a.title for a in oo.actions] == [
        "1. Planter des tilleuls",
        "2. Installer des bacs fleuris",
    ]
    assert "bare-numbers-as-labels" not in rules(plan)


def test_numbering_that_restarts_is_not_taken_for_labels() -> None:
    # "1." and "1.1" restart under each objective: not one outline.
    labeller_text = (
        "Plan communal\n1. Embellir le village\n1.1 Verdir\n1. Planter des arbres\n"
        "1.1 Arroser\n2. Installer des bancs\n1.1 Peindre\n"
    )
    assert "bare-numbers-as-labels" not in rules(txt(labeller_text))


# ----------------------------------------------------------------------------- C_kind


PST_TABLE = (
    "Objectifs stratégiques\tObjectifs opérationnels\tActions\n"
    "Embellir le village\tVerdir les places\tPlanter des tilleuls sur la place\n"
    "\t\tInstaller des bancs près de l'école\n"
)


@pytest.mark.parametrize(
    "intro",
    [
        "Ce programme traduit la Déclaration de politique communale en objectifs concrets.",
        "Le collège a adopté sa déclaration de politique sociale le 3 mars, que ce plan décline.",
        "Conformément à la Déclaration de Politique Générale, voici nos priorités pour six ans.",
    ],
)
def test_a_kind_phrase_in_the_introduction_does_not_change_a_pst_table(intro: str) -> None:
    plan = txt(f"Plan communal 2025-2030\n{intro}\n{PST_TABLE}")
    assert plan.document.kind is Kind.PST
    assert tree(plan) == [
        (
            None,
            "Embellir le village",
            [
                (
                    None,
                    "Verdir les places",
                    ["Planter des tilleuls sur la place", "Installer des bancs près de l'école"],
                )
            ],
        )
    ]
    assert "kind-from-wording" not in rules(plan)


def test_a_kind_phrase_in_the_title_of_a_docx_with_a_pst_table() -> None:
    plan = docx(
        [
            ("Déclaration de politique communale — mise en œuvre", None),
            ("La déclaration de politique communale est déclinée en un tableau.", None),
        ],
        [
            ["Objectif stratégique", "Objectif opérationnel", "Action"],
            ["Embellir le village", "Verdir les places", "Planter des tilleuls"],
        ],
    )
    assert plan.document.kind is Kind.PST
    assert [so.title for so in plan.strategic_objectives] == ["Embellir le village"]


def test_labels_outrank_a_phrase_of_the_introduction() -> None:
    plan = txt(
        "Notre déclaration de politique sociale, en actions\n"
        "Objectif stratégique 1 : Embellir le village\n"
        "Objectif opérationnel 1.1 : Verdir les places\n- Planter des tilleuls\n"
    )
    assert plan.document.kind is Kind.PST
    assert "kind-from-wording" not in rules(plan)


def test_a_declaration_by_its_title_is_a_weak_decision_with_a_finding() -> None:
    plan = txt(
        "DÉCLARATION DE POLITIQUE COMMUNALE\n2024-2030\n\nCADRE DE VIE\n\n"
        "Nous rénoverons les places.\nNous planterons des arbres.\n"
    )
    assert plan.document.kind is Kind.DPC
    finding = next(f for f in plan.findings if f.rule == "kind-from-wording")
    assert finding.severity.value == "info"
    assert "declaration de politique communale" in finding.message


def test_the_title_phrase_wins_over_a_later_one() -> None:
    plan = txt(
        "Programme stratégique transversal 2025-2030\nDéclaration de politique sociale\n\n"
        "Cadre de vie\n\n- Planter des arbres\n"
    )
    assert plan.document.kind is Kind.PST


# ----------------------------------------------------------------------------- F_toc


OUTLINE_BODY = (
    "Objectif stratégique 1 : Embellir le village\n"
    "Objectif opérationnel 1.1 : Verdir les places\n"
    "- Planter des tilleuls\n"
    "Objectif stratégique 2 : Rendre la commune sûre\n"
    "Objectif opérationnel 2.1 : Sécuriser les abords\n"
    "- Poser des ralentisseurs\n"
)
TOC_TREE = [
    ("1", "Embellir le village", [("1.1", "Verdir les places", ["Planter des tilleuls"])]),
    ("2", "Rendre la commune sûre", [("2.1", "Sécuriser les abords", ["Poser des ralentisseurs"])]),
]


@pytest.mark.parametrize(
    "toc",
    [
        # dot leaders, no heading
        "Objectif stratégique 1 : Embellir le village..........3\n"
        "Objectif stratégique 2 : Rendre la commune sûre..........5\n",
        # a heading and loose page numbers
        "Table des matières\nObjectif stratégique 1 : Embellir le village 3\n"
        "Objectif opérationnel 1.1 : Verdir les places 3\n"
        "Objectif stratégique 2 : Rendre la commune sûre 5\n",
        # tabs before the page numbers (a tab-separated table of two columns)
        "Objectif stratégique 1 : Embellir le village\t3\n"
        "Objectif opérationnel 1.1 : Verdir les places\t3\n",
        # no leader, no heading: the entries come back in the body
        "Objectif stratégique 1 : Embellir le village 3\n"
        "Objectif stratégique 2 : Rendre la commune sûre 5\n",
        # ellipsis leaders
        "SOMMAIRE\nObjectif stratégique 1 : Embellir le village … 3\n",
    ],
    ids=["leaders", "heading", "tabs", "repeated", "ellipsis"],
)
def test_a_table_of_contents_before_an_outline_is_not_the_plan(toc: str) -> None:
    plan = txt(f"Programme stratégique transversal\n{toc}\n{OUTLINE_BODY}")
    assert tree(plan) == TOC_TREE
    assert plan.document.contents
    assert all(t.role == "toc" for t in plan.document.contents)
    assert "duplicate-code" not in rules(plan)


def test_a_table_of_contents_before_a_pst_table() -> None:
    plan = txt(
        "Programme stratégique transversal\n"
        "OS 1 - Embellir le village..........3\nOS 2 - Rendre la commune sûre..........4\n\n"
        "Objectif stratégique\tObjectif opérationnel\tAction\n"
        "OS 1 - Embellir le village\tOO 1.1 - Verdir les places\tPlanter des tilleuls\n"
        "OS 2 - Rendre la commune sûre\tOO 2.1 - Sécuriser les abords\tPoser des ralentisseurs\n"
    )
    assert tree(plan) == TOC_TREE
    assert [t.text for t in plan.document.contents] == [
        "OS 1 - Embellir le village … 3",
        "OS 2 - Rendre la commune sûre … 4",
    ]


def test_a_word_table_of_contents_before_a_pst_outline() -> None:
    plan = docx(
        [
            ("Programme stratégique transversal", "Title"),
            ("Objectif stratégique 1 : Embellir le village\t3", "toc 1"),
            ("Objectif opérationnel 1.1 : Verdir les places\t3", "toc 2"),
            ("Objectif stratégique 1 : Embellir le village", "Heading 1"),
            ("Objectif opérationnel 1.1 : Verdir les places", "Heading 2"),
            ("Planter des tilleuls", "List Bullet"),
        ]
    )
    assert tree(plan) == [TOC_TREE[0]]
    assert len(plan.document.contents) == 2


def test_a_short_table_of_contents_in_a_declaration() -> None:
    plan = txt(
        "Déclaration de politique communale 2024-2030\n\n"
        "Thème 1 : Cadre de vie.....3\nThème 2 : Mobilité.....4\n\n"
        "Thème 1 : Cadre de vie\nRénover les places du centre.\n"
        "Thème 2 : Mobilité\nCréer une piste cyclable.\n"
    )
    assert plan.document.kind is Kind.DPC
    assert [so.title for so in plan.strategic_objectives] == ["Cadre de vie", "Mobilité"]
    assert len(plan.document.contents) == 2


# ----------------------------------------------------------------------------- I_wrap


@pytest.mark.parametrize(
    ("marker", "encoding", "newline"),
    [
        ("-", "cp1252", "\r\n"),
        ("•", "utf-8", "\n"),
        ("*", "latin-1", "\r\n"),
        ("1.", "cp1252", "\n"),
    ],
)
def test_hanging_indents_join_wrapped_lines(marker: str, encoding: str, newline: str) -> None:
    pad = " " * (len(marker) + 1)
    text = (
        "OS 1. Embellir le village\n"
        "   OO 1.1 Verdir les places\n"
        f"      {marker} Planter des tilleuls le long de la rue de l'Église et\n"
        f"      {pad}(si le budget le permet) de la place\n"
        f"      {marker} Installer des bancs près de l'école communale et de la Maison\n"
        f"      {pad}Communale des Jeunes\n"
        f"      {pad}2026 au plus tard\n"
    )
    plan = txt(text, encoding=encoding, newline=newline)
    actions = plan.strategic_objectives[0].operational_objectives[0].actions
    titles = [a.title for a in actions]
    if marker == "1.":
        titles = [t.removeprefix("1. ") for t in titles]
    assert titles == [
        "Planter des tilleuls le long de la rue de l'Église et (si le budget le permet)"
        " de la place",
        "Installer des bancs près de l'école communale et de la Maison Communale des Jeunes"
        " 2026 au plus tard",
    ]


def test_a_deeper_bullet_under_a_hanging_item_stays_an_item() -> None:
    plan = txt(
        "OS 1 Embellir le village\n OO 1.1 Verdir les places\n"
        "  - Planter des tilleuls le long de la rue et\n    Autour de la place\n"
        "    - Commander les arbres\n  - Installer des bancs\n"
    )
    actions = plan.strategic_objectives[0].operational_objectives[0].actions
    assert [a.title for a in actions] == [
        "Planter des tilleuls le long de la rue et Autour de la place",
        "Installer des bancs",
    ]
    assert actions[0].details == ["Commander les arbres"]


def test_a_line_after_a_blank_line_is_not_a_continuation() -> None:
    plan = txt(
        "OS 1 Embellir le village\nOO 1.1 Verdir les places\n"
        "  - Planter des tilleuls\n\n    Le service travaux s'en charge.\n"
    )
    action = plan.strategic_objectives[0].operational_objectives[0].actions[0]
    assert action.title == "Planter des tilleuls"


# ----------------------------------------------------------------------------- J_flat


FLAT_TREE = [
    (
        "1",
        "Embellir le village",
        [
            (
                "1.1",
                "Verdir les places",
                ["Planter des tilleuls sur la place", "Installer des bancs"],
            ),
            ("1.2", "Rénover les trottoirs", ["Refaire le trottoir de la rue Haute"]),
        ],
    ),
    ("2", "Rendre la commune sûre", [("2.1", "Sécuriser les abords", ["Poser des ralentisseurs"])]),
]


@pytest.mark.parametrize(
    "flat",
    [
        # spelled-out labels for the OS, column headers glued in, a footer at the end
        "Plan communal 2021-2026 1 Objectif stratégique N° 1 Embellir le village Objectifs"
        " opérationnels 1.1 Verdir les places Actions 1.1.1. Planter des tilleuls sur la place"
        " 1.1.2. Installer des bancs 1.2 Rénover les trottoirs Actions 1.2.1. Refaire le"
        " trottoir de la rue Haute Objectif stratégique N° 2 Rendre la commune sûre 2.1"
        " Sécuriser les abords 2.1.1. Poser des ralentisseurs Commune de Belleville 2021",
        # short labels everywhere, a running header glued in the middle (a page break)
        "OS 1 Embellir le village OO 1.1 Verdir les places Action 1.1.1 Planter des tilleuls"
        " sur la place Plan communal 2021-2026 2 Action 1.1.2 Installer des bancs OO 1.2"
        " Rénover les trottoirs Action 1.2.1 Refaire le trottoir de la rue Haute OS 2 Rendre la"
        " commune sûre OO 2.1 Sécuriser les abords Action 2.1.1 Poser des ralentisseurs",
        # bare numbers only below the OS
        "Objectif stratégique 1 : Embellir le village 1.1 Verdir les places 1.1.1 Planter des"
        " tilleuls sur la place 1.1.2 Installer des bancs 1.2 Rénover les trottoirs 1.2.1"
        " Refaire le trottoir de la rue Haute Objectif stratégique 2 : Rendre la commune sûre"
        " 2.1 Sécuriser les abords 2.1.1 Poser des ralentisseurs",
        # bare numbers at every level, the OS numbers single ("2.")
        "1. Embellir le village 1.1 Verdir les places 1.1.1 Planter des tilleuls sur la place"
        " 1.1.2 Installer des bancs 1.2 Rénover les trottoirs 1.2.1 Refaire le trottoir de la"
        " rue Haute 2. Rendre la commune sûre 2.1 Sécuriser les abords 2.1.1 Poser des"
        " ralentisseurs",
    ],
    ids=["spelled", "short-labels", "bare", "bare-everywhere"],
)
def test_a_flattened_table_is_cut_at_its_codes(flat: str) -> None:
    plan = txt(f"Plan communal 2021-2026\nCommune de Belleville\n\n{flat}\n")
    assert plan.document.kind is Kind.PST
    assert tree(plan) == FLAT_TREE
    assert "flattened-table" in rules(plan)


def test_a_paragraph_quoting_a_few_numbers_is_not_cut() -> None:
    text = (
        "Programme stratégique transversal\nObjectif stratégique 1 : Embellir le village\n"
        "Objectif opérationnel 1.1 : Verdir les places\n- Planter des tilleuls\n"
        "Ce point complète les mesures 2.3 et 4.1 du plan précédent, adoptées en 2019, et"
        " reprend les conclusions de la consultation menée auprès des habitants du village.\n"
    )
    plan = txt(text)
    assert "flattened-table" not in rules(plan)
    assert len(plan.strategic_objectives) == 1


def test_a_lone_number_in_a_flattened_item_is_not_a_cut() -> None:
    plan = txt(
        "Plan communal\n\n1. Embellir le village 1.1 Verdir les places 1.1.1 Planter des"
        " tilleuls 1.1.2 Installer des bancs, soit 2. bancs par rue 1.2 Rénover les trottoirs"
        " 1.2.1 Refaire le trottoir de la rue Haute\n"
    )
    actions = plan.strategic_objectives[0].operational_objectives[0].actions
    assert [a.title for a in actions] == [
        "Planter des tilleuls",
        "Installer des bancs, soit 2. bancs par rue",
    ]
    assert len(plan.strategic_objectives) == 1


def test_wrapped_label_lines_continue_under_their_title() -> None:
    plan = txt(
        "Programme stratégique transversal\n"
        "OS 1 - Embellir le village et les\n       Abords de la Gare\n"
        "   OO 1.1  Verdir les places et les\n           Parcs Communaux\n"
        "      - Planter des tilleuls\n",
        encoding="cp1252",
        newline="\r\n",
    )
    assert tree(plan) == [
        (
            "1",
            "Embellir le village et les Abords de la Gare",
            [("1.1", "Verdir les places et les Parcs Communaux", ["Planter des tilleuls"])],
        )
    ]


def test_a_flattened_table_in_one_docx_paragraph() -> None:
    flat = (
        "Objectif stratégique 1 : Embellir le village 1.1 Verdir les places 1.1.1 Planter des"
        " tilleuls sur la place 1.1.2 Installer des bancs 1.2 Rénover les trottoirs 1.2.1"
        " Refaire le trottoir de la rue Haute Objectif stratégique 2 : Rendre la commune sûre"
        " 2.1 Sécuriser les abords 2.1.1 Poser des ralentisseurs"
    )
    plan = docx([("Plan communal 2021-2026", "Title"), (flat, None)])
    assert tree(plan) == FLAT_TREE


def test_bare_numbers_in_field_columns_stay_field_values() -> None:
    plan = txt(
        "Programme stratégique transversal\n"
        "Objectifs stratégiques\tObjectifs opérationnels\tActions\tIndicateurs\tBudget\n"
        "1. Embellir le village\t1.1 Verdir les places\t1.1.1. Planter des tilleuls"
        "\t2.1 Nombre d'arbres plantés\t1.5 million\n"
        "\t\t1.1.2. Installer des bacs fleuris\t\t2.5 M€\n"
    )
    actions = plan.strategic_objectives[0].operational_objectives[0].actions
    assert [(a.code, a.title) for a in actions] == [
        ("1.1.1", "Planter des tilleuls"),
        ("1.1.2", "Installer des bacs fleuris"),
    ]
    assert actions[0].fields == {
        "indicateur": "2.1 Nombre d'arbres plantés",
        "budget": "1.5 million",
    }
    assert actions[1].fields == {"budget": "2.5 M€"}
