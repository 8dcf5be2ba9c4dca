"""Declarations, programmes and project sheets: themes, TOC, duplicates, debris, contact."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from pstparse.api import extract_bytes
from pstparse.model.plan import Kind, Plan
from tests.conftest import GOLD, SHARED, f1s

SEEDS = {
    "seed001_dps_walcourt": "001_443f9eaa70be8268.txt",
    "seed002_dps_soumagne": "002_c39db97d7a9c9156.txt",
    "seed003_programme": "003_023c5c5f958c2f9c.txt",
    "seed004_fiche_projet": "004_8848b040bf6d5e9d.txt",
}


def _plan(text: str, **kw: Any) -> Plan:
    return extract_bytes(text.encode("utf-8"), name="doc.txt", **kw)


@pytest.mark.parametrize("gold", sorted(SEEDS))
def test_prose_seeds_score_perfectly(gold: str, scorer: Any) -> None:
    source = SHARED / "seeds" / SEEDS[gold]
    plan = extract_bytes(source.read_bytes(), name=source.name)
    expected = yaml.safe_load((GOLD / f"{gold}.yaml").read_text(encoding="utf-8"))
    assert plan.document.kind.value == expected["document"]["kind"]
    dump = plan.model_dump(mode="json")
    assert f1s(scorer.score(expected, dump)) == {"os": 1.0, "oo": 1.0, "act": 1.0}
    coverage = scorer.coverage(source.read_text(encoding="utf-8"), dump)
    assert coverage >= 0.99


def test_seed002_metadata_toc_contact() -> None:
    source = SHARED / "seeds" / SEEDS["seed002_dps_soumagne"]
    plan = extract_bytes(source.read_bytes(), name=source.name)
    doc = plan.document
    assert doc.title == "DÉCLARATION de POLITIQUE SOCIALE 2019-2024"
    assert doc.organisation == "CPAS de Soumagne"
    assert (doc.period_start, doc.period_end) == (2019, 2024)
    assert len(doc.contents) == 12
    assert doc.contents[0].text.startswith("Introduction")
    assert doc.contact is not None and "contact@cpasdesoumagne.be" in doc.contact
    assert plan.preamble[0].text == "INTRODUCTION"
    rules = {f.rule for f in plan.findings}
    assert "debris-cleaned" in rules


def test_seed001_duplicate_and_truncation_are_reported() -> None:
    source = SHARED / "seeds" / SEEDS["seed001_dps_walcourt"]
    plan = extract_bytes(source.read_bytes(), name=source.name)
    rules = [f.rule for f in plan.findings]
    assert rules.count("duplicate-block") == 1
    assert "truncated-text" in rules
    assert plan.document.title == "DÉCLARATION DE POLITIQUE SOCIALE 2019-2024"


def test_seed004_project_sheet_fields() -> None:
    source = SHARED / "seeds" / SEEDS["seed004_fiche_projet"]
    plan = extract_bytes(source.read_bytes(), name=source.name)
    (project,) = plan.strategic_objectives
    assert [a.code for a in project.actions] == ["1", "2", "3", "4"]
    assert project.actions[0].title.endswith("sur leur territoire.")
    assert "OSH" in project.fields["partenaires"]
    assert "2024" in project.fields["echeance"]
    assert "subventionnement" in project.fields["budget"]
    assert (
        project.description is not None and "Promouvoir l’inclusion sociale." in project.description
    )


DPC_ROMAN = """DÉCLARATION DE POLITIQUE COMMUNALE 2024-2030
Commune de Villers-la-Ville

S O M M A I R E
I. Un cadre de vie durable ........ 2
II. Une commune solidaire ........ 4
III. Une administration proche ........ 6

I. UN CADRE DE VIE DURABLE

1.1 Mobilité

Nous développerons un réseau cyclable sécurisé entre les villages.

Nous créerons des zones 30 aux abords des écoles.

1.2 Environnement

Nous planterons 10 000 arbres d'ici 2030.

II. UNE COMMUNE SOLIDAIRE

Nous ouvrirons une maison des aînés :
- un lieu de rencontre ;
- un service de repas.

III. UNE ADMINISTRATION PROCHE

Nous publierons les décisions du collège en ligne.
"""


def test_dpc_roman_themes_dotted_subthemes_and_spaced_toc() -> None:
    plan = _plan(DPC_ROMAN)
    assert plan.document.kind is Kind.DPC
    assert plan.document.organisation == "Commune de Villers-la-Ville"
    titles = [so.title for so in plan.strategic_objectives]
    assert titles == [
        "UN CADRE DE VIE DURABLE",
        "UNE COMMUNE SOLIDAIRE",
        "UNE ADMINISTRATION PROCHE",
    ]
    assert [so.code for so in plan.strategic_objectives] == ["I", "II", "III"]
    first = plan.strategic_objectives[0]
    assert [(oo.code, oo.title) for oo in first.operational_objectives] == [
        ("1.1", "Mobilité"),
        ("1.2", "Environnement"),
    ]
    assert len(first.operational_objectives[0].actions) == 2
    solidaire = plan.strategic_objectives[1].actions[0]
    assert solidaire.details == ["un lieu de rencontre ;", "un service de repas."]
    assert len(plan.document.contents) == 3


PROGRAMME_AXES = """Programme de la liste Ensemble pour Ohey

Axe 1 : Le logement pour tous
Nous créerons des logements publics pour les jeunes ménages.
Nous rénoverons les logements communaux vides.

Axe 2 : Le numérique au service des citoyens
• Guichet en ligne : toutes les démarches accessibles en ligne.
• Wifi public : un accès gratuit sur les places des villages.
"""


def test_programme_axes_and_title_bullets() -> None:
    plan = _plan(PROGRAMME_AXES, kind=Kind.PROGRAMME)
    axes = plan.strategic_objectives
    assert [(a.code, a.title) for a in axes] == [
        ("1", "Le logement pour tous"),
        ("2", "Le numérique au service des citoyens"),
    ]
    assert len(axes[0].actions) == 2
    guichet = axes[1].actions[0]
    assert guichet.title == "Guichet en ligne"
    assert guichet.description == "toutes les démarches accessibles en ligne."
    assert guichet.text is not None and guichet.text.startswith("Guichet en ligne")


def test_kind_override() -> None:
    plan = _plan(PROGRAMME_AXES, kind=Kind.DPC)
    assert plan.document.kind is Kind.DPC


def test_nothing_lost_in_prose() -> None:
    plan = _plan(DPC_ROMAN)
    dump = yaml.safe_dump(plan.model_dump(mode="json"), allow_unicode=True)
    for word in ("Villers-la-Ville", "cyclable", "arbres", "rencontre", "collège", "Environnement"):
        assert word in dump
