"""Layouts of plain-text and outline plans: Markdown, text copied from web pages, levels
above the OS, a fourth level below the OO; and no silent empty or implausible plan."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document as DocxDocument

from pstparse.api import extract_bytes
from pstparse.exporters import render
from pstparse.model.plan import Kind, Plan
from pstparse.normalise.web import web_role
from tests.conftest import ROOT
from tests.test_repros_flow import docx, rules, tree, txt

TREE = [
    (
        "1",
        "Embellir le village",
        [
            ("1.1", "Verdir les places", ["Planter des tilleuls", "Installer des bacs fleuris"]),
            ("1.2", "Rénover les trottoirs", ["Refaire le trottoir de la rue Haute"]),
        ],
    ),
    ("2", "Rendre la commune sûre", [("2.1", "Sécuriser les abords", ["Poser des ralentisseurs"])]),
]


def uncoded(expected: list[tuple[str, str, list[tuple[str, str, list[str]]]]]) -> list[object]:
    return [(None, t, [(None, ot, acts) for _, ot, acts in oos]) for _, t, oos in expected]


# ----------------------------------------------------------------------------- Markdown

MD_LABELLED = """# Programme stratégique transversal 2025-2030

Commune de Belleville

## Objectif stratégique 1 : Embellir le village

### Objectif opérationnel 1.1 : Verdir les places

- Planter des tilleuls
  - Commander les arbres
  - Préparer les fosses
- Installer des bacs fleuris

### Objectif opérationnel 1.2 : Rénover les trottoirs

* Refaire le trottoir de la rue Haute

## Objectif stratégique 2 : Rendre la commune sûre

### Objectif opérationnel 2.1 : Sécuriser les abords

+ Poser des ralentisseurs
"""


def test_markdown_outline_with_labels() -> None:
    plan = txt(MD_LABELLED)
    assert plan.document.kind is Kind.PST
    assert plan.document.title == "Programme stratégique transversal 2025-2030"
    assert tree(plan) == TREE
    first = plan.strategic_objectives[0].operational_objectives[0].actions[0]
    assert first.details == ["Commander les arbres", "Préparer les fosses"]


@pytest.mark.parametrize("indent", ["  ", "    ", "\t"])
def test_markdown_outline_without_labels(indent: str) -> None:
    text = (
        "# Programme stratégique transversal\n\n## Embellir le village\n\n"
        "### Verdir les places\n\n- Planter des tilleuls\n"
        f"{indent}- Commander les arbres\n- Installer des bacs fleuris\n\n"
        "### Rénover les trottoirs\n\n- Refaire le trottoir de la rue Haute\n\n"
        "## Rendre la commune sûre ##\n\n### Sécuriser les abords\n\n- Poser des ralentisseurs\n"
    )
    plan = txt(text)
    assert tree(plan) == uncoded(TREE)
    assert plan.strategic_objectives[0].operational_objectives[0].actions[0].details == [
        "Commander les arbres"
    ]
    assert plan.document.title == "Programme stratégique transversal"


def test_markdown_bold_lines_and_numbered_items() -> None:
    plan = txt(
        "**Programme stratégique transversal**\n\n"
        "**Objectif stratégique 1 : Embellir le village**\n"
        "**Objectif opérationnel 1.1 : Verdir les places**\n"
        "1. Planter des tilleuls\n2. Installer des bacs fleuris\n"
    )
    oo = plan.strategic_objectives[0].operational_objectives[0]
    assert plan.strategic_objectives[0].title == "Embellir le village"
    assert [a.title for a in oo.actions] == [
        "1. Planter des tilleuls",
        "2. Installer des bacs fleuris",
    ]


def test_a_plain_text_outline_by_indentation() -> None:
    plan = txt(
        "Programme stratégique transversal\n"
        "OS 1 Embellir le village\n"
        "    OO 1.1 Verdir les places\n"
        "        - Planter des tilleuls\n"
        "        - Installer des bacs fleuris\n"
        "    OO 1.2 Rénover les trottoirs\n"
        "        - Refaire le trottoir de la rue Haute\n"
        "OS 2 Rendre la commune sûre\n"
        "    OO 2.1 Sécuriser les abords\n"
        "        - Poser des ralentisseurs\n"
    )
    assert tree(plan) == TREE


@pytest.mark.parametrize("bullet", ["", "- ", "• "], ids=["plain", "dash", "bullet"])
@pytest.mark.parametrize("step", ["  ", "    ", "\t"], ids=["2", "4", "tab"])
def test_an_unlabelled_outline_by_indentation(bullet: str, step: str) -> None:
    plan = txt(
        "Programme stratégique transversal 2025-2030\nCommune de Belleville\n\n"
        f"Embellir le village\n{step}Verdir les places\n"
        f"{step * 2}{bullet}Planter des tilleuls\n{step * 2}{bullet}Installer des bacs fleuris\n"
        f"{step}Rénover les trottoirs\n{step * 2}{bullet}Refaire le trottoir de la rue Haute\n"
        f"Rendre la commune sûre\n{step}Sécuriser les abords\n"
        f"{step * 2}{bullet}Poser des ralentisseurs\n"
    )
    assert tree(plan) == uncoded(TREE)
    assert [t.text for t in plan.preamble] == ["Commune de Belleville"]


def test_a_markdown_pipe_table() -> None:
    plan = txt(
        "# Programme stratégique transversal 2025-2030\n\n"
        "| Objectif stratégique | Objectif opérationnel | Action | Pilote |\n"
        "|---|---|:---|---|\n"
        "| OS 1 - Embellir le village | OO 1.1 - Verdir les places | Planter des tilleuls"
        " | Service travaux |\n"
        "| | | Installer des bacs fleuris | Service \\| espaces verts |\n"
        "| | OO 1.2 - Rénover les trottoirs | Refaire le trottoir de la rue Haute | |\n"
        "| OS 2 - Rendre la commune sûre | OO 2.1 - Sécuriser les abords"
        " | Poser des ralentisseurs | Police |\n"
    )
    assert tree(plan) == TREE
    actions = plan.strategic_objectives[0].operational_objectives[0].actions
    assert [a.fields for a in actions] == [
        {"pilote": "Service travaux"},
        {"pilote": "Service | espaces verts"},
    ]
    headers = [t.text for t in plan.document.furniture if t.role == "column_header"]
    assert headers == ["Objectif stratégique", "Objectif opérationnel", "Action", "Pilote"]


# ----------------------------------------------------------------------------- web pages

WEB_PAGE = """Aller au contenu
Accueil | Vie communale | Contact | Rechercher
Accueil > Vie communale > Programme stratégique transversal
Publié le 12 mars 2024
<div class="content">
Programme stratégique transversal 2025-2030
<h2>Objectif stratégique 1 : Embellir le village</h2>
<p>Objectif opérationnel 1.1 : Verdir les places &amp; les parcs</p>
<ul>
<li>Planter des tilleuls</li>
<li>Installer des bancs</li>
</ul>
</div>
Mis à jour le 03/04/2024 à 10h12
Source : https://www.belleville.be/pst
https://www.belleville.be/contact
Partager | Imprimer
"""


def test_web_page_furniture_is_never_an_objective() -> None:
    plan = txt(WEB_PAGE)
    assert tree(plan) == [
        (
            "1",
            "Embellir le village",
            [
                (
                    "1.1",
                    "Verdir les places & les parcs",
                    ["Planter des tilleuls", "Installer des bancs"],
                )
            ],
        )
    ]
    roles = {t.text: t.role for t in plan.document.furniture}
    assert roles["Accueil > Vie communale > Programme stratégique transversal"] == "navigation"
    assert roles["Publié le 12 mars 2024"] == "dateline"
    assert roles["Source : https://www.belleville.be/pst"] == "source"
    assert roles['<div class="content">'] == "markup"
    assert roles["Partager | Imprimer"] == "navigation"
    assert {"web-furniture", "debris-cleaned"} <= rules(plan)
    assert not plan.unassigned


@pytest.mark.parametrize(
    ("line", "role"),
    [
        ("Vous êtes ici : Accueil / Ma commune / Plans", "navigation"),
        ("Home › Ville › PST", "navigation"),
        ("Dernière mise à jour : 4 avril 2024", "dateline"),
        ("12/03/2024", "dateline"),
        ("Sources : site de la commune", "source"),
        ("www.belleville.be/pst", "source"),
        ("</p>", "markup"),
        ("Facebook  Twitter  Instagram", "navigation"),
        ("Objectif stratégique 1 : Embellir le village", None),
        ("Planter des tilleuls le 12 mars 2024 sur la place", None),
        ("Contacter les riverains", None),
        ("Accueil des nouveaux habitants", None),
    ],
)
def test_web_roles(line: str, role: str | None) -> None:
    assert web_role(line) == role


# ----------------------------------------------------------------------------- levels above the OS

AXES = """Programme stratégique transversal 2025-2030

Axe 1 : Cadre de vie
Présentation de l'axe 1
La commune veut un village agréable.
Objectif stratégique 1 : Embellir le village
Objectif opérationnel 1.1 : Verdir les places
- Planter des tilleuls
- Installer des bacs fleuris
Objectif opérationnel 1.2 : Rénover les trottoirs
- Refaire le trottoir de la rue Haute

Volet 2 – Sécurité
Objectif stratégique 2 : Rendre la commune sûre
Objectif opérationnel 2.1 : Sécuriser les abords
- Poser des ralentisseurs
"""


def test_axes_are_shown_but_not_counted_as_objectives() -> None:
    plan = txt(AXES)
    assert tree(plan) == TREE
    assert [so.fields.get("axe") for so in plan.strategic_objectives] == [
        "Axe 1 : Cadre de vie",
        "Volet 2 – Sécurité",
    ]
    assert [t.text for t in plan.document.furniture if t.role == "axis"] == [
        "Axe 1 : Cadre de vie",
        "Volet 2 – Sécurité",
    ]
    assert [t.text for t in plan.preamble if t.role == "axis_text"] == [
        "Présentation de l'axe 1",
        "La commune veut un village agréable.",
    ]
    # The axis follows its objectives into the flat exports.
    rows = list(csv.DictReader(io.StringIO(render(plan, "csv"))))
    assert {r["os_code"]: r["axe"] for r in rows} == {
        "1": "Axe 1 : Cadre de vie",
        "2": "Volet 2 – Sécurité",
    }


def test_markdown_axes_above_labelled_objectives() -> None:
    text = AXES.replace("Axe 1 :", "# Axe 1 :").replace("Volet 2", "# Volet 2")
    text = text.replace("Objectif stratégique", "## Objectif stratégique")
    plan = txt(text)
    assert tree(plan) == TREE
    assert plan.strategic_objectives[1].fields["axe"] == "Volet 2 – Sécurité"


def test_docx_headings_above_the_objective_headings_are_axes() -> None:
    plan = docx(
        [
            ("Programme stratégique transversal", "Title"),
            ("Cadre de vie", "Heading 1"),
            ("Objectif stratégique 1 : Embellir le village", "Heading 2"),
            ("Objectif opérationnel 1.1 : Verdir les places", "Heading 3"),
            ("Planter des tilleuls", "List Bullet"),
            ("Sécurité", "Heading 1"),
            ("Objectif stratégique 2 : Rendre la commune sûre", "Heading 2"),
            ("Objectif opérationnel 2.1 : Sécuriser les abords", "Heading 3"),
            ("Poser des ralentisseurs", "List Bullet"),
        ]
    )
    assert [so.title for so in plan.strategic_objectives] == [
        "Embellir le village",
        "Rendre la commune sûre",
    ]
    assert [so.fields.get("axe") for so in plan.strategic_objectives] == [
        "Cadre de vie",
        "Sécurité",
    ]


# An axis heading in capitals has the shape of an unknown item code ("AXE 1 :" like
# "PCS 3 :"); the label grammar's axis reading must win, merged row or not.
@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("AXE 1 : CADRE DE VIE", "Axe 2 – Sécurité"),
        ("Axe 1 : Cadre de vie", "AXE 2 - SÉCURITÉ"),
        ("POLE 1 : CADRE DE VIE", "POLE 2 : SÉCURITÉ"),
        ("AXES 1 - CADRE DE VIE", "Axe 2 : Sécurité et prévention"),
    ],
)
@pytest.mark.parametrize("merged", [True, False])
def test_an_axis_row_spanning_a_docx_table(first: str, second: str, merged: bool) -> None:
    document = DocxDocument()
    document.add_paragraph("Programme stratégique transversal")
    rows = [
        ["Objectif stratégique", "Objectif opérationnel", "Action"],
        [first, "", ""],
        ["OS 1 - Embellir le village", "OO 1.1 - Verdir les places", "Planter des tilleuls"],
        [second, "", ""],
        ["OS 2 - Rendre la commune sûre", "OO 2.1 - Sécuriser les abords", "Poser des bancs"],
    ]
    table = document.add_table(rows=len(rows), cols=3)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    if merged:
        for r in (1, 3):
            table.cell(r, 0).merge(table.cell(r, 2))
    buffer = io.BytesIO()
    document.save(buffer)
    plan = extract_bytes(buffer.getvalue(), name="axes.docx")
    assert [(so.code, so.fields.get("axe")) for so in plan.strategic_objectives] == [
        ("1", first),
        ("2", second),
    ]
    assert [len(so.operational_objectives[0].actions) for so in plan.strategic_objectives] == [1, 1]
    assert not plan.unassigned


def test_an_item_code_in_capitals_is_still_stripped_in_a_cell() -> None:
    # The axis exception is narrow: an unknown code ("PCS 3 :") still marks a cell item.
    document = DocxDocument()
    document.add_paragraph("Programme stratégique transversal")
    rows = [
        ["Objectif stratégique", "Objectif opérationnel", "Action"],
        [
            "OS 1 - Embellir le village",
            "OO 1.1 - Verdir les places",
            "PCS 3 : Planter des tilleuls",
        ],
    ]
    table = document.add_table(rows=len(rows), cols=3)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    plan = extract_bytes(buffer.getvalue(), name="codes.docx")
    actions = plan.strategic_objectives[0].operational_objectives[0].actions
    assert [a.title for a in actions] == ["Planter des tilleuls"]


def test_without_os_labels_an_axis_is_the_objective() -> None:
    plan = txt(
        "Programme stratégique transversal\n\nAxe 1 : Cadre de vie\n- Planter des tilleuls\n"
        "Axe 2 : Sécurité\n- Poser des ralentisseurs\n"
    )
    assert all("axe" not in so.fields for so in plan.strategic_objectives)


# ----------------------------------------------------------------------------- a fourth level


@pytest.mark.parametrize(
    ("projet", "sub"),
    [("Projet 1.1.{n} :", "Action 1.1.{n}.{m} :"), ("1.1.{n}.", "1.1.{n}.{m}.")],
    ids=["projet-action", "bare"],
)
def test_a_fourth_level_is_kept_as_details_of_the_actions(projet: str, sub: str) -> None:
    lines = [
        "Programme stratégique transversal 2025-2030",
        "Objectif stratégique 1 : Embellir le village",
        "Objectif opérationnel 1.1 : Verdir les places",
        f"{projet.format(n=1)} Parc des Tilleuls",
        f"{sub.format(n=1, m=1)} Commander les arbres",
        f"{sub.format(n=1, m=2)} Préparer les fosses",
        f"{projet.format(n=2)} Bacs fleuris",
        f"{sub.format(n=2, m=1)} Installer les bacs",
    ]
    plan = txt("\n".join(lines) + "\n")
    actions = plan.strategic_objectives[0].operational_objectives[0].actions
    assert [(a.code, a.title) for a in actions] == [
        ("1.1.1", "Parc des Tilleuls"),
        ("1.1.2", "Bacs fleuris"),
    ]
    assert [len(a.details) for a in actions] == [2, 1]
    assert actions[0].details[1].endswith("Préparer les fosses")


def test_sous_actions_are_details() -> None:
    plan = txt(
        "Programme stratégique transversal\nOS 1 : Embellir le village\n"
        "OO 1.1 : Verdir les places\n"
        "Action 1.1.1 : Planter des tilleuls\nSous-action 1 : Commander les arbres\n"
        "Sous-action 2 : Préparer les fosses\nAction 1.1.2 : Installer des bacs\n"
    )
    actions = plan.strategic_objectives[0].operational_objectives[0].actions
    assert [a.title for a in actions] == ["Planter des tilleuls", "Installer des bacs"]
    assert len(actions[0].details) == 2


# ----------------------------------------------------------------------------- empty, implausible


def finding(plan: Plan, rule: str) -> list[str]:
    return [f.message for f in plan.findings if f.rule == rule]


@pytest.mark.parametrize(
    "text",
    ["Bonjour,\nVoici le compte rendu de la réunion.\nCordialement.\n", "Liste des courses\n"],
)
def test_a_document_without_objective_gets_a_warning(text: str) -> None:
    plan = txt(text)
    assert not plan.strategic_objectives
    found = [f for f in plan.findings if f.rule == "no-objective"]
    assert [(f.severity.value, f.message) for f in found] == [
        ("warning", "no objective found: is this a plan?")
    ]


def test_a_plan_has_no_empty_plan_warning() -> None:
    assert "no-objective" not in rules(txt(MD_LABELLED))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("OS 1 : Eau\nOO 1.1 : Verdir les places\n- Planter des tilleuls\n", "too short"),
        ("OS 1 : 12/03/2024\nOO 1.1 : Verdir les places\n- Planter\n", "a date"),
        ("OS 1 : Embellir\nOO 1.1 : https://www.belleville.be/pst\n- Planter\n", "web address"),
        (
            "OS 1 : Embellir le village\nOO 1.1 : Verdir les places\n"
            + "".join(
                f"- {w}\n"
                for w in ["Planter", "des", "tilleuls", "sur", "la", "place", "du", "marché"]
            ),
            "single word",
        ),
    ],
    ids=["short-title", "date", "url", "one-word-actions"],
)
def test_an_implausible_tree_gets_a_finding(text: str, expected: str) -> None:
    plan = txt(f"Programme stratégique transversal\n{text}")
    messages = finding(plan, "implausible-tree")
    assert len(messages) == 1 and expected in messages[0]


def test_a_plausible_tree_has_no_implausible_finding() -> None:
    assert "implausible-tree" not in rules(txt(AXES))


def _cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "pstparse", *args],
        input=stdin,
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_cli_reports_an_empty_plan_on_stderr(tmp_path: Path) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text("Bonjour,\nVoici le compte rendu.\n", encoding="utf-8")
    done = _cli("extract", str(letter), "-f", "json")
    assert done.returncode == 0
    assert b'"strategic_objectives": []' in done.stdout
    assert done.stderr.decode() == f"pstparse: no objective found: {letter}, is this a plan?\n"
    strict = _cli("extract", str(letter), "-f", "json", "--strict")
    assert strict.returncode == 1
    assert b'"no-objective"' in strict.stdout
    assert strict.stderr.decode().count("no objective found") == 1


def test_cli_names_stdin_for_an_empty_plan() -> None:
    done = _cli("extract", "-", "-f", "json", stdin=b"Bonjour,\nrien ici.\n")
    assert done.returncode == 0
    assert done.stderr.decode() == "pstparse: no objective found: <stdin>, is this a plan?\n"


def test_cli_is_silent_on_a_real_plan_even_when_strict(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(MD_LABELLED, encoding="utf-8")
    done = _cli("extract", str(plan), "-f", "json", "--strict")
    assert (done.returncode, done.stderr) == (0, b"")
    assert b"Embellir le village" in done.stdout
