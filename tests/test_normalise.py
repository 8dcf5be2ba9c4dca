"""Normaliser behaviour: tables with shifted columns, run-on cells, missing levels."""

from __future__ import annotations

from typing import Any

from pstparse.api import extract_bytes
from pstparse.model.plan import Kind
from pstparse.normalise.segment import split_run_on
from tests.conftest import GOLD, SHARED, f1s

SEED000 = SHARED / "seeds" / "000_17f37316603afe02.txt"


def test_seed000_scores_perfectly(scorer: Any) -> None:
    import yaml

    plan = extract_bytes(SEED000.read_bytes(), name="seed000.txt")
    gold = yaml.safe_load((GOLD / "seed000_pst_gembloux.yaml").read_text(encoding="utf-8"))
    result = scorer.score(gold, plan.model_dump(mode="json"))
    assert f1s(result) == {"os": 1.0, "oo": 1.0, "act": 1.0}
    assert result["n"][3:] == (4, 11, 60)


def test_seed000_missing_oo_is_reported() -> None:
    plan = extract_bytes(SEED000.read_bytes(), name="seed000.txt")
    assert plan.document.kind is Kind.PST
    assert plan.document.period_start == 2018 and plan.document.period_end == 2024
    messages = [f.message for f in plan.findings if f.rule in ("missing-level", "numbering-gap")]
    assert any("OO 4.1" in m for m in messages), messages
    os4 = plan.strategic_objectives[3]
    assert os4.code == "4" and len(os4.actions) == 6
    assert [oo.code for oo in os4.operational_objectives] == ["4.2", "4.3", "4.4"]
    # The column headers are kept as document furniture, not lost.
    assert any(t.role == "column_header" for t in plan.document.furniture)


def test_run_on_cell_is_split() -> None:
    text = (
        "Réaliser un état des lieux de la précarité sur le territoire Réaliser une enquête"
        " auprès des usagers Poursuivre la rédaction des lignes de conduite. Collaborer à la"
        " mise en œuvre de la politique du logement"
    )
    assert split_run_on(text) == [
        "Réaliser un état des lieux de la précarité sur le territoire",
        "Réaliser une enquête auprès des usagers",
        "Poursuivre la rédaction des lignes de conduite.",
        "Collaborer à la mise en œuvre de la politique du logement",
    ]


def test_long_sentences_stay_whole() -> None:
    for text in [
        "Garantir l'offre du transport social afin de permettre aux personnes âgées de se"
        " rendre à des activités sociales et culturelles et de répondre davantage aux demandes",
        "Poursuivre la collaboration avec le Centre culturel de la Ville et le Théâtre de"
        " Namur pour Développer des activités",
        "Mettre en place un partenariat avec Pierre de Gembloux et la Maison de l'emploi",
    ]:
        assert split_run_on(text) == [text]


def _table(rows: list[list[str]]) -> bytes:
    return ("\n".join("\t".join(r) for r in rows) + "\n").encode()


def test_label_wins_over_column_and_shifted_rows() -> None:
    data = _table(
        [
            ["Objectifs stratégiques", "Objectifs opérationnels", "Actions", "Pilote"],
            [
                "OS 1 - Mobilité douce",
                "OO 1.1 - Sécuriser",
                "Créer des pistes cyclables",
                "Travaux",
            ],
            ["", "", "Installer des arceaux vélos", "Mobilité"],
            ["", "", "OS 2 - Numérique", ""],
            ["Former les agents au numérique", "", "", ""],
            ["OO 2.2 - Dématérialiser", "Publier les formulaires en ligne", "", "DG"],
        ]
    )
    plan = extract_bytes(data, name="t.txt")
    os1, os2 = plan.strategic_objectives
    assert (os1.code, os1.title) == ("1", "Mobilité douce")
    acts = os1.operational_objectives[0].actions
    assert [a.title for a in acts] == ["Créer des pistes cyclables", "Installer des arceaux vélos"]
    assert [a.fields.get("pilote") for a in acts] == ["Travaux", "Mobilité"]
    assert [a.title for a in os2.actions] == ["Former les agents au numérique"]
    assert os2.operational_objectives[0].code == "2.2"
    assert os2.operational_objectives[0].actions[0].fields == {"pilote": "DG"}
    assert any("OO 2.1" in f.message for f in plan.findings)


def test_unknown_columns_keep_their_header() -> None:
    data = _table(
        [
            ["Objectif stratégique", "Objectif opérationnel", "Action", "Échéance", "Remarque"],
            ["OS 1 - A", "OO 1.1 - B", "Faire C", "2025", "à revoir"],
        ]
    )
    action = (
        extract_bytes(data, name="t.txt")
        .strategic_objectives[0]
        .operational_objectives[0]
        .actions[0]
    )
    assert action.fields == {"echeance": "2025", "Remarque": "à revoir"}


def test_repeated_merged_cells_are_emitted_once() -> None:
    data = _table(
        [
            ["OS", "OO", "Action"],
            ["Être une commune verte", "Réduire les déchets", "Installer des composts"],
            ["Être une commune verte", "Réduire les déchets", "Supprimer le plastique"],
        ]
    )
    plan = extract_bytes(data, name="t.txt")
    assert len(plan.strategic_objectives) == 1
    oo = plan.strategic_objectives[0].operational_objectives
    assert len(oo) == 1 and len(oo[0].actions) == 2


def test_outline_with_labels_and_bullets() -> None:
    text = "\n".join(
        [
            "PST 2019-2024 de la Commune de Sambreville",
            "Introduction au plan.",
            "Objectif stratégique n°1 : Être une commune durable",
            "Objectif opérationnel 1.1 : Réduire l'empreinte carbone",
            "• Isoler les bâtiments communaux",
            "  - toiture de l'école",
            "• Installer des panneaux",
            "solaires sur les toits",
            "Objectif stratégique n°2 : Être une commune solidaire",
            "Action 2.0.1 – Soutenir les aînés",
        ]
    ).encode()
    plan = extract_bytes(text, name="o.txt")
    assert plan.document.organisation == "Commune de Sambreville"
    assert [t.text for t in plan.preamble] == ["Introduction au plan."]
    oo = plan.strategic_objectives[0].operational_objectives[0]
    assert [a.title for a in oo.actions] == [
        "Isoler les bâtiments communaux",
        "Installer des panneaux solaires sur les toits",
    ]
    assert oo.actions[0].details == ["toiture de l'école"]
    assert plan.strategic_objectives[1].actions[0].code == "2.0.1"


def test_plain_paragraph_actions_and_unnumbered_label() -> None:
    text = "\n".join(
        [
            "PLAN STRATÉGIQUE TRANSVERSAL 2025-2030 — Ville de Marchelune",
            "",
            "Objectif stratégique : Être une ville propre",
            "Cet objectif concerne l'ensemble des quartiers.",
            "OO 1.1 - Réduire les dépôts sauvages",
            "Installer des caméras aux points noirs",
            "Organiser une journée de ramassage annuelle",
            "OO 1.2 - Sensibiliser les écoles",
            "Créer un concours entre écoles",
        ]
    ).encode()
    plan = extract_bytes(text, name="p.txt")
    (so,) = plan.strategic_objectives
    assert so.code is None and so.title == "Être une ville propre"
    assert so.description == "Cet objectif concerne l'ensemble des quartiers."
    assert [len(oo.actions) for oo in so.operational_objectives] == [2, 1]
    assert plan.document.organisation == "Ville de Marchelune"


def test_descriptive_column_headers() -> None:
    data = _table(
        [
            ["Libellé OS", "Libellé OO", "Intitulé de l'action", "Indicateurs de l'action"],
            ["Une commune verte", "Moins de déchets", "Installer des composts", "10 composts"],
        ]
    )
    plan = extract_bytes(data, name="t.txt")
    action = plan.strategic_objectives[0].operational_objectives[0].actions[0]
    assert action.title == "Installer des composts"
    assert action.fields == {"indicateur": "10 composts"}


def test_label_wins_over_an_unrecognised_column() -> None:
    data = _table(
        [
            ["Objectif", "Action", "Pilote"],
            ["OS.1 - Une commune propre", "Installer des poubelles", "Propreté"],
            ["", "Organiser un ramassage", "Propreté"],
        ]
    )
    plan = extract_bytes(data, name="t.txt")
    (so,) = plan.strategic_objectives
    assert (so.code, so.title) == ("1", "Une commune propre")
    assert [a.title for a in so.actions] == ["Installer des poubelles", "Organiser un ramassage"]
    assert so.fields == {}
    data = _table(
        [
            ["Remarque", "Action", "Pilote"],
            ["OS.1 - Une commune propre", "Installer des poubelles", "Propreté"],
        ]
    )
    (so,) = extract_bytes(data, name="t.txt").strategic_objectives
    assert so.title == "Une commune propre"
