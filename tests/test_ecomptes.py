"""eComptes PST XML (format 201805V1): import, export, XSD validity, ids, round trip.

Every export these tests make is validated against the shared XSD with lxml (a test
dependency; python-docx already needs it).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

from pstparse.api import extract_bytes, extract_path
from pstparse.cli import app
from pstparse.exporters import export
from pstparse.exporters.ecomptes import LIBELLE_MAX, read_ecomptes, status_of
from pstparse.extractors import sniff
from pstparse.model.errors import InputError, UsageError
from pstparse.model.plan import (
    Action,
    Document,
    Kind,
    OperationalObjective,
    Plan,
    StrategicObjective,
)
from pstparse.options import ExportOptions
from tests.conftest import SHARED

REFERENCE = SHARED / "reference" / "ecomptes"
EXAMPLE = REFERENCE / "example_pst_export_201805V1.xml"
SCHEMA = etree.XMLSchema(etree.parse(str(REFERENCE / "schema_import_ecomptes_201805V1.xsd")))
SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "seed000_pst_gembloux.txt"
OPTIONS = ExportOptions(ins=92142, type_admin="AC", exercice=2024)
runner = CliRunner()


def _valid(xml: str | bytes) -> etree._Element:
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    root = etree.fromstring(data)
    assert SCHEMA.validate(root), SCHEMA.error_log
    return root


def _export(plan: Plan, options: ExportOptions = OPTIONS) -> tuple[etree._Element, list[str]]:
    result = export(plan, "ecomptes", options)
    assert isinstance(result.data, str)
    return _valid(result.data), [f.rule for f in result.findings]


def _plan(*titles: str, etat: str | None = None, **doc: object) -> Plan:
    fields = {"etat": etat} if etat else {}
    return Plan(
        document=Document(period_start=2019, period_end=2024, **doc),  # type: ignore[arg-type]
        strategic_objectives=[
            StrategicObjective(
                code="1",
                title="Être une commune solidaire",
                operational_objectives=[
                    OperationalObjective(
                        code="1.1",
                        title="Soutenir les aînés",
                        actions=[
                            Action(code=f"1.1.{i + 1}", title=t, fields=dict(fields))
                            for i, t in enumerate(titles)
                        ],
                    )
                ],
            )
        ],
    )


def _libelles(root: etree._Element, tag: str) -> list[str]:
    return [el.findtext("Libelle") for el in root.iter(tag)]


# --------------------------------------------------------------------------- import


def test_the_shared_example_is_read_as_a_plan() -> None:
    plan = extract_path(EXAMPLE)
    assert plan.document.format == "ecomptes"
    assert (plan.document.title, plan.document.period_start, plan.document.period_end) == (
        "PST 2019-2024",
        2019,
        2024,
    )
    ids = {b.role: b.text for b in plan.preamble}
    assert ids["ecomptes:INS"] == "99999" and ids["ecomptes:Exercice"] == "2021"
    assert ids["ecomptes:IdPST"] == "a3fb92fbde9b4af3a7bb024daed676b7"
    sos = plan.strategic_objectives
    assert [s.code for s in sos] == ["1", "10", "21"]
    assert sos[0].fields["ecomptes_id"] == "754bb88a6dd441a1ba7786d722e08979"
    oo = sos[0].operational_objectives[0]
    assert (oo.code, oo.label) == ("2", "OO.2 -")
    assert oo.title.startswith("Diminuer le temps d'attente")
    assert oo.fields["pilote"] == "Secrétariat Communal"
    assert oo.fields["mandataire"] == "1er échevin"
    assert oo.fields["departement"] == "Service Population"
    assert oo.fields["etat"] == "En cours"
    first = oo.actions[0]
    assert first.fields["echeance"] == "2020-06-30"
    assert first.source is not None and first.source.line == 95
    actions = [a for os_ in sos for o in os_.operational_objectives for a in o.actions]
    assert len(actions) == 15
    subs = [a for a in actions if a.label and "SA." in a.label]
    assert [(a.label, a.code) for a in subs] == [
        ("A.16 - SA.17 -", "17"),
        ("A.16 - SA.18 -", "18"),
        ("A.16 - SA.19 -", "19"),
    ]
    assert subs[0].title == "Réaliser un audit énergétique du bâtiment"
    # iA.PST counts OS, OO and actions in one sequence: nothing is missing or repeated.
    assert not [f for f in plan.findings if f.severity.value != "info"]


def test_ecomptes_is_recognised_by_content_not_name(tmp_path: Path) -> None:
    data = EXAMPLE.read_bytes()
    assert sniff(data, "export.txt") == "ecomptes"
    assert sniff(b"<?xml version='1.0'?><other/>", "x.xml") == "txt"
    renamed = tmp_path / "export.txt"
    renamed.write_bytes(data)
    result = runner.invoke(app, ["extract", str(renamed), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert '"format": "ecomptes"' in result.stdout


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]>'
            b"<dataroot><Identifiants/><PST/></dataroot>",
            "document type declarations are not allowed",
        ),
        (b"<dataroot><Identifiants><Id>1</Id></Identifiants><PST>", "damaged eComptes XML"),
        (b"<dataroot><Identifiants/></dataroot>", "no Identifiants or PST"),
    ],
)
def test_hostile_or_damaged_ecomptes_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        extract_bytes(data, name="bad.xml")
    with pytest.raises(InputError, match=message):
        read_ecomptes(data, name="bad.xml")


def test_cli_refuses_an_entity_bomb_cleanly(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xml"
    bomb.write_bytes(
        b'<?xml version="1.0"?>\n<!DOCTYPE dataroot [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        b"<dataroot><Identifiants><Id>&b;</Id></Identifiants><PST/></dataroot>\n"
    )
    result = runner.invoke(app, ["extract", str(bomb)])
    assert result.exit_code == 2
    assert "document type declarations are not allowed" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""


# --------------------------------------------------------------------------- round trip


def test_shared_example_round_trips() -> None:
    plan = extract_path(EXAMPLE)
    out, findings = _export(plan, ExportOptions())
    assert findings == []
    original = etree.parse(str(EXAMPLE)).getroot()
    for tag in ("Volet", "ObjectifStrategique", "ObjectifOperationnel", "Action"):
        assert _libelles(out, tag) == _libelles(original, tag), tag
    ids = [(el.tag, el.get("ElementId")) for el in original.iter() if el.get("ElementId")]
    assert [(el.tag, el.get("ElementId")) for el in out.iter() if el.get("ElementId")] == ids
    for name in ("Id", "TypeAdmin", "INS", "Exercice"):
        assert out.findtext(f"Identifiants/{name}") == original.findtext(f"Identifiants/{name}")
    assert out.findtext("PST/DescriptionPST/IdPST") == "a3fb92fbde9b4af3a7bb024daed676b7"

    def tree(root: etree._Element) -> list[tuple[str, str | None, str | None, str | None]]:
        return [
            (
                el.tag,
                el.findtext("Statut"),
                el.findtext("DateFin"),
                el.findtext("Departement"),
            )
            for el in root.iter("ObjectifStrategique", "ObjectifOperationnel", "Action")
        ]

    assert tree(out) == tree(original)
    people = [
        (el.tag, el.findtext("Nom"), el.findtext("Civilite"))
        for el in original.iter("Responsable", "Mandataire")
    ]
    assert [
        (el.tag, el.findtext("Nom"), el.findtext("Civilite"))
        for el in out.iter("Responsable", "Mandataire")
    ] == people
    again = read_ecomptes(etree.tostring(out), name="again.xml")
    assert _without_sources(again) == _without_sources(plan)


def _without_sources(plan: Plan) -> object:
    def walk(x: object) -> object:
        if isinstance(x, dict):
            return {k: walk(v) for k, v in x.items() if k != "source"}
        if isinstance(x, list):
            return [walk(v) for v in x]
        return x

    return walk(plan.model_dump()["strategic_objectives"])


def test_round_trip_through_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "pst.xml"
    result = runner.invoke(app, ["extract", str(EXAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    _valid(out.read_bytes())
    back = runner.invoke(app, ["convert", str(out)])
    assert back.exit_code == 0, back.stderr
    assert yaml.safe_load(back.stdout)["strategic_objectives"][2]["code"] == "21"


# --------------------------------------------------------------------------- export


def test_extracted_plan_exports_with_options(tmp_path: Path) -> None:
    out = tmp_path / "plan.xml"
    args = ["extract", str(SAMPLE), "-o", str(out), "--ins", "92142", "--exercice", "2024"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    root = _valid(out.read_bytes())
    assert root.findtext("Identifiants/INS") == "92142"
    # The document says "CPAS DE GEMBLOUX": TypeAdmin comes from it.
    assert root.findtext("Identifiants/TypeAdmin") == "CPAS"
    assert root.findtext("PST/DescriptionPST/ExerciceDebut") == "2018"
    volets = root.findall("PST/Volets/Volet")
    assert [v.get("ElementId") for v in volets] == ["neant"]
    assert len(list(root.iter("Action"))) == 60
    libelles = _libelles(root, "ObjectifStrategique")
    assert libelles[0].startswith("OS.1 - ")
    assert "actions-under-os" in result.stderr  # OS 4 holds actions directly
    assert "TypeAdmin CPAS: the document says 'CPAS'" in result.stderr
    assert {el.get("Exercice") for el in root.iter() if el.get("Exercice")} == {"2024"}


@pytest.mark.parametrize(
    ("args", "missing"),
    [
        ([], ["--ins", "--exercice"]),
        (["--ins", "92142"], ["--exercice"]),
        (["--exercice", "2024"], ["--ins"]),
    ],
)
def test_unknown_identifiers_are_a_clear_error(args: list[str], missing: list[str]) -> None:
    result = runner.invoke(app, ["extract", str(SAMPLE), "-f", "ecomptes", *args])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    for option in missing:
        assert option in result.stderr
    assert "eComptes export needs" in result.stderr


def test_type_admin_unknown_without_organisation() -> None:
    plan = _plan("Créer un potager")
    with pytest.raises(UsageError, match="--type-admin AC\\|CPAS"):
        export(plan, "ecomptes", ExportOptions(ins=1, exercice=2024))
    plan.document.organisation = "Commune de Namur"
    root, findings = _export(plan, ExportOptions(ins=1, exercice=2024))
    assert root.findtext("Identifiants/TypeAdmin") == "AC"
    assert findings == ["ecomptes-type-admin"]  # weak evidence: said so
    plan.document.organisation = "CPAS de la Ville de Namur"
    root, _ = _export(plan, ExportOptions(ins=1, exercice=2024))
    assert root.findtext("Identifiants/TypeAdmin") == "CPAS"
    plan.document.organisation = "Commune de Namur"
    root, findings = _export(plan, ExportOptions(ins=1, exercice=2024, type_admin="CPAS"))
    assert root.findtext("Identifiants/TypeAdmin") == "CPAS" and findings == []
    plan.document.period_end = None
    with pytest.raises(UsageError, match="period"):
        export(plan, "ecomptes", OPTIONS)


def test_long_libelle_is_cut_on_a_word_with_a_finding() -> None:
    title = " ".join(["développer"] * 40)  # 439 characters
    root, findings = _export(_plan(title))
    libelle = _libelles(root, "Action")[0]
    assert len(libelle) <= LIBELLE_MAX and libelle.endswith("…")
    assert libelle.startswith("A.1.1.1 - développer")
    assert libelle[:-1].endswith("développer")  # cut between words
    assert findings == ["libelle-truncated"]


@pytest.mark.parametrize(
    ("etat", "statut", "taux"),
    [
        ("En cours (40 %)", "EN_COURS", "40"),
        ("Terminé", "TERMINE", "100"),
        ("réalisé à 100%", "TERMINE", "100"),
        ("Non commencé", "NON_COMMENCE", "0"),
        ("pas commencé", "NON_COMMENCE", "0"),
        ("Annulé / abandonné", "ANNULE_ABANDONNE", "0"),
        ("bloqué (budget)", "PROBLEME", "0"),
        ("En attente du subside", "EN_ATTENTE", "0"),
        ("EN_COURS", "EN_COURS", "0"),
        ("démarré, 25,5 %", "EN_COURS", "25.5"),
    ],
)
def test_statut_and_progress_from_etat(etat: str, statut: str, taux: str) -> None:
    root, findings = _export(_plan("Créer un potager", etat=etat))
    action = next(root.iter("Action"))
    assert (action.findtext("Statut"), action.findtext("TauxAvancement")) == (statut, taux)
    assert findings == []
    assert status_of(etat) == statut


def test_unknown_etat_gives_a_finding() -> None:
    root, findings = _export(_plan("Créer un potager", etat="voir annexe"))
    assert next(root.iter("Action")).findtext("Statut") == "NON_COMMENCE"
    assert findings == ["ecomptes-status"]


def test_element_ids_are_stable_and_follow_codes() -> None:
    first, _ = _export(_plan("Créer un potager", "Ouvrir une épicerie"))
    again, _ = _export(_plan("Créer un potager", "Ouvrir une épicerie"))

    def ids(root: etree._Element) -> list[str]:
        return [el.get("ElementId") for el in root.iter() if el.get("ElementId")]

    assert ids(first) == ids(again)
    assert len(set(ids(first))) == len(ids(first))
    assert all(re.fullmatch(r"[0-9a-f]{32}|neant", i) for i in ids(first))
    # A new OS in front does not change the ids of the items that keep their codes.
    plan = _plan("Créer un potager", "Ouvrir une épicerie")
    plan.strategic_objectives.insert(0, StrategicObjective(code="0", title="Nouvel OS"))
    moved, _ = _export(plan)
    assert set(ids(first)) <= set(ids(moved))
    # Duplicate codes still give distinct ids.
    dup = _plan("Un", "Deux")
    dup.strategic_objectives[0].operational_objectives[0].actions[1].code = "1.1.1"
    root, _ = _export(dup)
    assert len(set(ids(root))) == len(ids(root))


def test_volets_from_the_os_field() -> None:
    plan = _plan("Créer un potager")
    plan.strategic_objectives.append(
        StrategicObjective(code="2", title="Moderniser", fields={"volet": "Volet interne"})
    )
    plan.strategic_objectives[0].fields["volet"] = "Volet externe"
    root, _ = _export(plan)
    assert _libelles(root, "Volet") == ["Volet externe", "Volet interne"]
    assert all(v.get("ElementId") != "neant" for v in root.iter("Volet"))
    back = read_ecomptes(etree.tostring(root), name="v.xml")
    assert [s.fields["volet"] for s in back.strategic_objectives] == [
        "Volet externe",
        "Volet interne",
    ]
    again = export(back, "ecomptes", ExportOptions()).data
    assert isinstance(again, str)
    assert _libelles(_valid(again), "Volet") == ["Volet externe", "Volet interne"]


def test_people_dates_and_lists_are_exported() -> None:
    plan = _plan("Créer un potager")
    action = plan.strategic_objectives[0].operational_objectives[0].actions[0]
    action.fields.update(
        {
            "pilote": "Service travaux",
            "echeance": "30/06/2025",
            "date_debut": "2024-01-15",
            "partenaires": "SPW\nCPAS",
            "departement": "Travaux",
        }
    )
    root, findings = _export(plan)
    el = next(root.iter("Action"))
    assert el.findtext("DateDebut") == "2024-01-15" and el.findtext("DateFin") == "2025-06-30"
    assert el.findtext("Responsable/Nom") == "Service travaux"
    assert el.findtext("Responsable/Civilite") == "MONSIEUR"
    assert [p.text for p in el.findall("Partenaires/Partenaire")] == ["SPW", "CPAS"]
    action.fields["echeance"] = "fin 2025"
    _, findings = _export(plan)
    assert findings == ["ecomptes-date"]


def test_actions_directly_under_an_os_are_kept() -> None:
    plan = _plan("Créer un potager")
    plan.strategic_objectives[0].actions.append(Action(code="1.0.1", title="Action directe"))
    root, findings = _export(plan)
    assert "A.1.0.1 - Action directe" in _libelles(root, "Action")
    assert findings == ["ecomptes-actions-under-os"]


def test_empty_plan_still_validates() -> None:
    root, _ = _export(Plan(document=Document(period_start=2019, period_end=2024)))
    assert [v.get("ElementId") for v in root.iter("Volet")] == ["neant"]


def test_a_declaration_is_exported_as_a_pst_with_a_warning() -> None:
    plan = _plan("Créer un potager")
    plan.document.kind = Kind.DPS
    root, findings = _export(plan)
    assert root.findtext("Identifiants/Type") == "PST"
    assert findings == ["ecomptes-kind"]


_words = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(_words, min_size=1, max_size=3),
    st.one_of(st.none(), st.sampled_from(["En cours", "terminé", "?", "50 %", "x"])),
    st.one_of(st.none(), _words),
)
def test_any_plan_exports_valid_xml(
    titles: list[str], etat: str | None, pilote: str | None
) -> None:
    plan = _plan(*titles, etat=etat)
    if pilote:
        plan.strategic_objectives[0].operational_objectives[0].fields["pilote"] = pilote
    _export(plan)


def test_type_admin_option_is_checked_by_the_command_line() -> None:
    args = ["extract", str(SAMPLE), "-f", "ecomptes", "--ins", "1", "--exercice", "2024"]
    bad = runner.invoke(app, [*args, "--type-admin", "XYZ"])
    assert bad.exit_code == 2 and "XYZ" in bad.stderr
    good = runner.invoke(app, [*args, "--type-admin", "AC"])
    assert good.exit_code == 0
    assert "<TypeAdmin>AC</TypeAdmin>" in good.stdout
    assert "ecomptes-type-admin" not in good.stderr  # given, not inferred
