"""Normaliser rules tested on hand-built blocks (tests/blocks.py), without a file: each
test feeds :func:`pstparse.normalise.normalise` the blocks an extractor would give for
one layout, in several variants, and checks the plan and its findings."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pstparse.model.ir import Extraction
from pstparse.model.plan import Kind, Plan, Severity
from pstparse.normalise import normalise
from pstparse.normalise.entries import PendingFinding
from tests.blocks import Doc


def _tree(plan: Plan) -> list[tuple[str | None, list[tuple[str | None, list[str]]]]]:
    """(OS title, [(OO title, [action titles])]) with actions directly under an OS under
    an OO of None."""
    out = []
    for so in plan.strategic_objectives:
        oos = [(None, [a.title or "" for a in so.actions])] if so.actions else []
        oos += [(oo.title, [a.title or "" for a in oo.actions]) for oo in so.operational_objectives]
        out.append((so.title, oos))
    return out


def _rules(plan: Plan) -> list[str]:
    return [f.rule for f in plan.findings]


def _assert_nothing_lost(extraction: Extraction, plan: Plan, *, keys: bool = False) -> None:
    """Every word of every block is somewhere in the plan (item, description, field,
    preamble, furniture, contents or unassigned); leaders and other punctuation are
    layout, not text. With ``keys``, a caption may survive as the (singular, lower case)
    key of the field it opened, as the normaliser names fields."""
    dumped = json.dumps(plan.model_dump(mode="json", exclude={"findings"}), ensure_ascii=False)
    for block in [*extraction.blocks, *extraction.furniture]:
        for word in block.text.split():
            if not any(c.isalnum() for c in word):
                continue
            kept = word in dumped or (keys and f'"{word.lower().rstrip("s")}"' in dumped)
            assert kept, (word, block.text)


# --- label levels ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("os_label", "oo_label", "action_label"),
    [
        ("OS 1 - ", "OO 1.1 - ", "Action 1.1.1 - "),
        ("Objectif stratégique 1 : ", "Objectif opérationnel 1.1 : ", "Action 1.1.1 : "),
        ("OS.1 ", "OO.1.1 ", "A.1.1.1 "),
    ],
)
def test_labels_give_the_levels_of_flow_paragraphs(
    os_label: str, oo_label: str, action_label: str
) -> None:
    doc = Doc()
    doc.para(f"{os_label}Développer la mobilité douce")
    doc.para(f"{oo_label}Sécuriser les trajets scolaires")
    doc.para(f"{action_label}Créer des pistes cyclables")
    doc.para(f"{action_label.replace('1.1.1', '1.1.2')}Installer des arceaux")
    plan = normalise(doc.extraction(), kind=Kind.PST)
    assert _tree(plan) == [
        (
            "Développer la mobilité douce",
            [
                (
                    "Sécuriser les trajets scolaires",
                    ["Créer des pistes cyclables", "Installer des arceaux"],
                )
            ],
        )
    ]
    so = plan.strategic_objectives[0]
    assert so.code == "1" and so.operational_objectives[0].code == "1.1"
    assert [a.code for a in so.operational_objectives[0].actions] == ["1.1.1", "1.1.2"]


# --- tables: header row, merged cells, line breaks, run-on cells ------------------------

_HEADER = ["Objectif stratégique", "Objectif opérationnel", "Action", "Pilote"]


@pytest.mark.parametrize("flagged", [True, False])
def test_header_row_flag_or_words(flagged: bool) -> None:
    doc = Doc()
    doc.table(
        [
            _HEADER,
            ["Mobilité douce", "Sécuriser les trajets", "Créer des pistes cyclables", "Travaux"],
            ["Numérique", "Former les agents", "Organiser des ateliers", "DRH"],
        ],
        header=flagged,
    )
    plan = normalise(doc.extraction(), kind=Kind.PST)
    assert _tree(plan) == [
        ("Mobilité douce", [("Sécuriser les trajets", ["Créer des pistes cyclables"])]),
        ("Numérique", [("Former les agents", ["Organiser des ateliers"])]),
    ]
    assert plan.strategic_objectives[0].operational_objectives[0].actions[0].fields == {
        "pilote": "Travaux"
    }
    # Without the flag the header is found by its words, a decision worth a finding.
    assert ("header-by-words" in _rules(plan)) is not flagged
    headers = [t.text for t in plan.document.furniture if t.role == "column_header"]
    assert headers == _HEADER


@pytest.mark.parametrize("repeated", [False, True])
def test_merged_objective_cell_covers_its_rows(repeated: bool) -> None:
    # A vertically merged OS/OO cell: written once (DOCX) or repeated on every row it
    # covers (some PDF exports).
    os_, oo = "Cadre de vie agréable", "Entretenir les espaces verts"
    rows: list[list[str | None]] = [["Objectif stratégique", "Objectif opérationnel", "Action"]]
    actions = ["Planter des arbres", "Fleurir les places", "Créer un potager"]
    for i, action in enumerate(actions):
        first = i == 0 or repeated
        rows.append([os_ if first else None, oo if first else None, action])
    spans = {} if repeated else {(2, 1): (3, 1), (2, 2): (3, 1)}
    doc = Doc().table(rows, header=True, spans=spans)
    plan = normalise(doc.extraction(), kind=Kind.PST)
    assert _tree(plan) == [(os_, [(oo, actions)])]


@pytest.mark.parametrize("action", ["Créer des pistes\ncyclables", "Créer des\npistes\ncyclables"])
def test_line_breaks_inside_a_cell_paragraph_keep_one_action(action: str) -> None:
    doc = Doc().table(
        [_HEADER[:3], ["Mobilité douce", "Sécuriser les trajets", action]], header=True
    )
    plan = normalise(doc.extraction(), kind=Kind.PST)
    assert _tree(plan) == [
        ("Mobilité douce", [("Sécuriser les trajets", ["Créer des pistes cyclables"])])
    ]


def test_paragraphs_of_one_cell_are_separate_actions() -> None:
    cell = ["Créer des pistes cyclables", "Installer des arceaux", "Former les cyclistes"]
    doc = Doc().table([_HEADER[:3], ["Mobilité douce", "Sécuriser les trajets", cell]], header=True)
    plan = normalise(doc.extraction(), kind=Kind.PST)
    assert _tree(plan) == [("Mobilité douce", [("Sécuriser les trajets", cell)])]
    assert "run-on-split" not in _rules(plan)


_RUN_ON = "Réaliser un état des lieux du logement Réaliser une enquête auprès des usagers"


def test_run_on_cell_is_split_in_a_table_with_several_actions_per_cell() -> None:
    doc = Doc().table(
        [
            _HEADER[:3],
            ["Cohésion sociale", "Lutter contre la précarité", _RUN_ON],
            ["Mobilité douce", "Sécuriser les trajets", "Créer des pistes cyclables"],
        ],
        header=True,
    )
    plan = normalise(doc.extraction(), kind=Kind.PST)
    assert _tree(plan)[0] == (
        "Cohésion sociale",
        [
            (
                "Lutter contre la précarité",
                [
                    "Réaliser un état des lieux du logement",
                    "Réaliser une enquête auprès des usagers",
                ],
            )
        ],
    )
    split = [f for f in plan.findings if f.rule == "run-on-split"]
    assert len(split) == 1 and split[0].severity is Severity.INFO
    assert _RUN_ON in split[0].message  # the original cell text, to check the split
    assert split[0].path == "strategic_objectives[0].operational_objectives[0]"


def test_run_on_cell_stays_whole_in_a_table_with_one_row_per_action() -> None:
    # Rows after the first hold an action and no objective: one action per row, so
    # capitalised infinitives inside a cell are one action's words.
    doc = Doc().table(
        [
            _HEADER[:3],
            ["Cohésion sociale", "Lutter contre la précarité", "Ouvrir une épicerie sociale"],
            [None, None, _RUN_ON],
        ],
        header=True,
        spans={(2, 1): (2, 1), (2, 2): (2, 1)},
    )
    plan = normalise(doc.extraction(), kind=Kind.PST)
    assert _tree(plan) == [
        (
            "Cohésion sociale",
            [("Lutter contre la précarité", ["Ouvrir une épicerie sociale", _RUN_ON])],
        )
    ]
    assert "run-on-split" not in _rules(plan)


# --- flow: captions, contents, furniture ----------------------------------------------


@pytest.mark.parametrize(
    ("caption", "key"), [("Indicateurs :", "indicateur"), ("Budget :", "budget")]
)
def test_caption_under_an_action_is_a_field(caption: str, key: str) -> None:
    doc = Doc()
    doc.heading("OS 1 - Développer la mobilité douce", 1)
    doc.heading("OO 1.1 - Sécuriser les trajets scolaires", 2)
    doc.item("Action 1.1.1 - Créer des pistes cyclables")
    doc.para(caption, bold=True)
    doc.item("Nombre de kilomètres créés", depth=1, marker="-")
    doc.item("Nombre d'élèves à vélo", depth=1, marker="-")
    doc.item("Action 1.1.2 - Installer des arceaux")
    plan = normalise(doc.extraction(), kind=Kind.PST)
    actions = plan.strategic_objectives[0].operational_objectives[0].actions
    assert [a.title for a in actions] == ["Créer des pistes cyclables", "Installer des arceaux"]
    assert actions[0].fields[key] == "Nombre de kilomètres créés\nNombre d'élèves à vélo"
    assert key not in actions[1].fields
    caption_findings = [f for f in plan.findings if f.rule == "caption-field"]
    assert len(caption_findings) == 1
    assert caption_findings[0].severity is Severity.INFO
    assert key in caption_findings[0].message
    assert caption_findings[0].source is not None and caption_findings[0].source.paragraph == 4
    _assert_nothing_lost(doc.extraction(), plan, keys=True)


@pytest.mark.parametrize("head", ["Table des matières", "Sommaire"])
def test_contents_before_the_body_are_not_items(head: str) -> None:
    doc = Doc()
    doc.heading(head, 1)
    doc.para("OS 1 - Développer la mobilité douce ........ 3")
    doc.para("OS 2 - Réussir la transition numérique ........ 5")
    doc.heading("OS 1 - Développer la mobilité douce", 1)
    doc.item("Action 1.1 - Créer des pistes cyclables")
    doc.heading("OS 2 - Réussir la transition numérique", 1)
    doc.item("Action 2.1 - Former les agents")
    plan = normalise(doc.extraction(), kind=Kind.PST)
    assert [so.title for so in plan.strategic_objectives] == [
        "Développer la mobilité douce",
        "Réussir la transition numérique",
    ]
    # The contents lines are kept (leaders normalised), their heading as furniture.
    assert [(t.text, t.role) for t in plan.document.contents] == [
        ("OS 1 - Développer la mobilité douce … 3", "toc"),
        ("OS 2 - Réussir la transition numérique … 5", "toc"),
    ]
    assert [(t.text, t.role) for t in plan.document.furniture] == [(head, "contents")]
    assert [len(so.actions) for so in plan.strategic_objectives] == [1, 1]
    _assert_nothing_lost(doc.extraction(), plan)


def test_page_furniture_goes_to_the_document_furniture() -> None:
    doc = Doc(fmt="pdf")
    doc.para("OS 1 - Développer la mobilité douce")
    doc.para("Action 1.1 - Créer des pistes cyclables")
    doc.page_furniture("Ville de Gembloux – PST 2019-2024", page=1)
    doc.page_furniture("Page 2", page=2)
    plan = normalise(doc.extraction(), kind=Kind.PST)
    furniture = [(t.text, t.role, t.source.page) for t in plan.document.furniture]
    assert furniture == [
        ("Ville de Gembloux – PST 2019-2024", "page_furniture", 1),
        ("Page 2", "page_furniture", 2),
    ]
    assert _tree(plan) == [
        ("Développer la mobilité douce", [(None, ["Créer des pistes cyclables"])])
    ]


# --- whole-document decisions ---------------------------------------------------------


@pytest.mark.parametrize(
    "lines",
    [
        ["Rapport d'activités 2023", "Le service a traité 300 dossiers."],
        ["Procès-verbal du conseil communal", "La séance est ouverte à 20 heures."],
    ],
)
def test_a_document_without_objective_is_warned(lines: list[str]) -> None:
    doc = Doc()
    for line in lines:
        doc.para(line)
    plan = normalise(doc.extraction(), kind=Kind.PST)
    assert plan.strategic_objectives == []
    warning = [f for f in plan.findings if f.rule == "no-objective"]
    assert len(warning) == 1 and warning[0].severity is Severity.WARNING
    _assert_nothing_lost(doc.extraction(), plan)


@pytest.mark.parametrize(
    ("title", "kind", "evidence"),
    [
        ("Déclaration de politique sociale 2019-2024", Kind.DPS, "declaration de politique"),
        ("Programme stratégique transversal 2019-2024", Kind.PST, "programme strategique"),
        ("Programme de politique générale 2019-2024", Kind.PROGRAMME, "wording 'programme'"),
        ("Note au collège 2019-2024", Kind.PROGRAMME, "prose with no kind named"),
    ],
)
def test_the_kind_is_decided_from_the_title_wording(title: str, kind: Kind, evidence: str) -> None:
    doc = Doc()
    doc.heading(title, 1)
    doc.heading("Le logement", 2)
    doc.para("Nous rénoverons les logements publics.")
    doc.heading("La mobilité", 2)
    doc.para("Nous créerons des pistes cyclables.")
    plan = normalise(doc.extraction())
    assert plan.document.kind is kind
    assert plan.document.period_start == 2019 and plan.document.period_end == 2024
    # Wording (or a default) is weak evidence: an info finding names it.
    weak = [f for f in plan.findings if f.rule == "kind-from-wording"]
    assert len(weak) == 1 and weak[0].severity is Severity.INFO
    assert evidence in weak[0].message


def test_labels_decide_the_kind_without_a_title() -> None:
    doc = Doc()
    doc.para("OS 1 - Développer la mobilité douce")
    doc.para("OO 1.1 - Sécuriser les trajets scolaires")
    doc.para("OS 2 - Réussir la transition numérique")
    doc.para("OO 2.1 - Former les agents")
    plan = normalise(doc.extraction())
    assert plan.document.kind is Kind.PST
    assert "kind-from-wording" not in _rules(plan)


def test_a_pending_finding_must_name_a_catalogued_rule() -> None:
    assert PendingFinding("run-on-split", fields={"text": "x"}).severity is Severity.INFO
    with pytest.raises(ValueError, match=r"not in pstparse\.model\.messages"):
        PendingFinding("no-such-rule")


# --- a property over any labelled tree --------------------------------------------------

_WORDS = st.sampled_from(
    ["Développer", "Sécuriser", "Créer", "Former", "Rénover", "Soutenir", "Améliorer"]
)
_TITLE = st.lists(_WORDS, min_size=2, max_size=4).map(" ".join).map(lambda t: t + " ici")
_SHAPE = st.lists(
    st.lists(st.lists(_TITLE, min_size=1, max_size=3), min_size=1, max_size=3),
    min_size=1,
    max_size=3,
)


@settings(max_examples=25, deadline=None)
@given(shape=_SHAPE, style=st.sampled_from(["paragraphs", "headings"]))
def test_any_labelled_tree_is_rebuilt_whole(shape: list[list[list[str]]], style: str) -> None:
    doc = Doc()
    expected = []
    for i, oos in enumerate(shape, start=1):
        os_title = f"Objectif {i} {oos[0][0]}"
        add = doc.heading if style == "headings" else doc.para
        add(f"OS {i} - {os_title}")
        expected_oos = []
        for j, actions in enumerate(oos, start=1):
            oo_title = f"Mesure {i}.{j} {actions[0]}"
            if style == "headings":
                doc.heading(f"OO {i}.{j} - {oo_title}", 2)
            else:
                doc.para(f"OO {i}.{j} - {oo_title}")
            for k, action in enumerate(actions, start=1):
                doc.para(f"Action {i}.{j}.{k} - {action} {k}")
            expected_oos.append((oo_title, [f"{a} {k}" for k, a in enumerate(actions, start=1)]))
        expected.append((os_title, expected_oos))
    plan = normalise(doc.extraction(), kind=Kind.PST)
    assert _tree(plan) == expected
    assert "missing-level" not in _rules(plan)
    _assert_nothing_lost(doc.extraction(), plan)
