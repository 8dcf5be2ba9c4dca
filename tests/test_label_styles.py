"""Roman ("I.", "I.1", "I.1.1") and letter ("A.", "A.1", "A.1.1") outline labels.

Each test generates small plans of its own, renders them in the layouts where such labels
are found (a TXT outline with bullets and a table of contents, a DOCX table per OS, one big
DOCX table) and checks that every OS, OO and action is read at its level.
"""

from __future__ import annotations

import io
import random

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pstparse.api import extract_bytes
from pstparse.lexicon.labels import Level, parse_outline_code
from pstparse.model.plan import Plan

# A plan: OS titles, each with its OOs, each with its actions.
Tree = list[tuple[str, list[tuple[str, list[str]]]]]

_VERBS = ("Améliorer", "Créer", "Développer", "Renforcer", "Soutenir", "Rénover", "Installer")
_THINGS = (
    "la place communale",
    "les sentiers de promenade",
    "l'accueil des nouveaux habitants",
    "le réseau de pistes cyclables",
    "les bâtiments scolaires",
    "la bibliothèque de quartier",
    "les services aux aînés",
)

_ROMANS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def head(index: int, style: str) -> str:
    """The OS code of the ``index``-th OS (1-based) in ``style``."""
    return _ROMANS[index - 1] if style == "roman" else chr(ord("A") + index - 1)


def make_plan(seed: int, n_os: int) -> Tree:
    """A plan with ``n_os`` OS, one to three OOs each, one to three actions per OO."""
    rnd = random.Random(seed)
    counter = iter(range(1, 1000))

    def title() -> str:
        # The number sits inside the title: a title ending in a number reads as a
        # contents line ("Titre 3").
        n = next(counter)
        return f"{rnd.choice(_VERBS)} {rnd.choice(_THINGS)} du quartier {n} avec les habitants"

    return [
        (
            title(),
            [
                (title(), [title() for _ in range(rnd.randint(1, 3))])
                for _ in range(rnd.randint(1, 3))
            ],
        )
        for _ in range(n_os)
    ]


def read_tree(plan: Plan) -> Tree:
    """The plan's titles as a tree, labels stripped."""
    return [
        (so.title, [(oo.title, [a.title for a in oo.actions]) for oo in so.operational_objectives])
        for so in plan.strategic_objectives
    ]


def read_codes(plan: Plan) -> list[str | None]:
    """Every item's code, in document order."""
    codes: list[str | None] = []
    for so in plan.strategic_objectives:
        codes.append(so.code)
        for oo in so.operational_objectives:
            codes.append(oo.code)
            codes.extend(a.code for a in oo.actions)
    return codes


def expected_codes(tree: Tree, style: str) -> list[str | None]:
    """The codes a document of ``tree`` numbered in ``style`` shows."""
    codes: list[str | None] = []
    for i, (_, oos) in enumerate(tree, 1):
        h = head(i, style)
        codes.append(h)
        for j, (_, actions) in enumerate(oos, 1):
            codes.append(f"{h}.{j}")
            codes.extend(f"{h}.{j}.{k}" for k in range(1, len(actions) + 1))
    return codes


def txt_outline(tree: Tree, style: str, *, sep: str, bullet: str, toc: bool) -> bytes:
    """A TXT outline: "I. OS", "I.1 OO", bulleted "I.1.1 action", optionally a table of
    contents listing the OS with their page numbers."""
    lines = ["Programme stratégique transversal 2025-2030", ""]
    if toc:
        lines += ["TABLE DES MATIÈRES", ""]
        lines += [f"{head(i, style)}. {t} .......... {i + 2}" for i, (t, _) in enumerate(tree, 1)]
        lines.append("")
    for i, (os_title, oos) in enumerate(tree, 1):
        h = head(i, style)
        lines += ["", f"{h}. {os_title}", ""]
        for j, (oo_title, actions) in enumerate(oos, 1):
            lines.append(f"{h}.{j}{sep}{oo_title}")
            lines += [f"{bullet}{h}.{j}.{k}{sep}{a}" for k, a in enumerate(actions, 1)]
            lines.append("")
    return "\n".join(lines).encode("utf-8")


def _save(document: object) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


def docx_table_per_os(tree: Tree, style: str, *, sep: str) -> bytes:
    """A DOCX: the OS as a heading, then a table (OO | actions) with one row per action."""
    document = docx.Document()
    document.add_heading("Programme stratégique transversal 2025-2030", level=0)
    for i, (os_title, oos) in enumerate(tree, 1):
        h = head(i, style)
        document.add_heading(f"{h}. {os_title}", level=1)
        rows = [
            (f"{h}.{j}{sep}{oo}" if k == 1 else "", f"{h}.{j}.{k}{sep}{a}")
            for j, (oo, actions) in enumerate(oos, 1)
            for k, a in enumerate(actions, 1)
        ]
        table = document.add_table(rows=len(rows) + 1, cols=2)
        table.cell(0, 0).text = "Objectifs opérationnels"
        table.cell(0, 1).text = "Actions"
        for r, (oo_cell, action_cell) in enumerate(rows, 1):
            table.cell(r, 0).text = oo_cell
            table.cell(r, 1).text = action_cell
    return _save(document)


def docx_big_table(tree: Tree, style: str, *, sep: str) -> bytes:
    """A DOCX with one table (OS | OO | actions), the OS and OO written on their first row."""
    document = docx.Document()
    document.add_paragraph("Programme stratégique transversal 2025-2030")
    rows: list[tuple[str, str, str]] = []
    for i, (os_title, oos) in enumerate(tree, 1):
        h = head(i, style)
        for j, (oo, actions) in enumerate(oos, 1):
            for k, a in enumerate(actions, 1):
                first_os = j == 1 and k == 1
                rows.append(
                    (
                        f"{h}. {os_title}" if first_os else "",
                        f"{h}.{j}{sep}{oo}" if k == 1 else "",
                        f"{h}.{j}.{k}{sep}{a}",
                    )
                )
    table = document.add_table(rows=len(rows) + 1, cols=3)
    for c, name in enumerate(("Objectifs stratégiques", "Objectifs opérationnels", "Actions")):
        table.cell(0, c).text = name
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    return _save(document)


STYLES = ("roman", "letter")
SEPS = (" ", " - ", " : ", " – ")


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("sep", SEPS)
@pytest.mark.parametrize("toc", [False, True], ids=["no-toc", "toc"])
@pytest.mark.parametrize("bullet", ["- ", "• ", ""], ids=["dash", "dot", "none"])
def test_txt_outline_reads_every_level(style: str, sep: str, toc: bool, bullet: str) -> None:
    tree = make_plan(len(sep) * 7 + toc * 3 + len(bullet), n_os=4)
    plan = extract_bytes(txt_outline(tree, style, sep=sep, bullet=bullet, toc=toc), name="v.txt")
    assert read_tree(plan) == tree
    assert read_codes(plan) == expected_codes(tree, style)
    assert "outline-codes-as-labels" in {f.rule for f in plan.findings}


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("sep", SEPS[:2])
@pytest.mark.parametrize("render", [docx_table_per_os, docx_big_table], ids=["per-os", "big"])
def test_docx_tables_read_every_level(style: str, sep: str, render: object) -> None:
    tree = make_plan(len(sep) + len(style), n_os=5)
    data = render(tree, style, sep=sep)  # type: ignore[operator]
    plan = extract_bytes(data, name="v.docx")
    assert read_tree(plan) == tree
    assert read_codes(plan) == expected_codes(tree, style)


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n_os=st.integers(2, 6),
    style=st.sampled_from(STYLES),
    sep=st.sampled_from(SEPS),
)
def test_any_outline_plan_reads_back(seed: int, n_os: int, style: str, sep: str) -> None:
    tree = make_plan(seed, n_os)
    plan = extract_bytes(txt_outline(tree, style, sep=sep, bullet="- ", toc=False), name="v.txt")
    assert read_tree(plan) == tree


def test_letter_a_dot_number_is_an_oo_in_a_letter_outline_but_an_action_in_iapst() -> None:
    letters = "A. Être une commune verte\nA.1 Planter des haies\nA.1.1 Acheter des plants\n"
    letters += "B. Être une commune sûre\nB.1 Sécuriser les écoles\nB.1.1 Poser des radars\n"
    plan = extract_bytes(letters.encode(), name="v.txt")
    assert [oo.code for so in plan.strategic_objectives for oo in so.operational_objectives] == [
        "A.1",
        "B.1",
    ]
    iapst = "OS.1 Être une commune verte\nOO.1 Planter des haies\nA.1 Acheter des plants\n"
    iapst += "A.2 Semer des prairies\nOO.2 Sécuriser les écoles\nA.3 Poser des radars\n"
    plan = extract_bytes(iapst.encode(), name="v.txt")
    actions = [
        a.code
        for so in plan.strategic_objectives
        for oo in so.operational_objectives
        for a in oo.actions
    ]
    assert actions == ["1", "2", "3"]
    assert "outline-codes-as-labels" not in {f.rule for f in plan.findings}


@pytest.mark.parametrize(
    ("text", "style", "level", "code"),
    [
        ("IV. Être une commune", "roman", Level.OS, "IV"),
        ("II.3 Rénover les écoles", "roman", Level.OO, "II.3"),
        ("IX.2.4 – Poser des bancs", "roman", Level.ACTION, "IX.2.4"),
        ("D) Être une commune", "letter", Level.OS, "D"),
        ("C.12 : Créer un parc", "letter", Level.OO, "C.12"),
        ("B.1.2 Acheter des vélos", "letter", Level.ACTION, "B.1.2"),
        ("C. Culture", "roman", Level.OS, "C"),
    ],
)
def test_outline_code_grammar(text: str, style: str, level: Level, code: str) -> None:
    found = parse_outline_code(text, style)
    assert found is not None
    assert (found.label.level, found.label.code) == (level, code)


@pytest.mark.parametrize(
    ("text", "style"),
    [
        ("A Namur, les écoles", "letter"),  # a head alone needs punctuation
        ("a. une liste", "letter"),  # lower case: a list letter
        ("AB. Deux lettres", "letter"),
        ("B. Deux lettres", "roman"),  # not a numeral
        ("IIII. Pas un nombre romain", "roman"),
        ("I.2 km de pistes", "roman"),  # a quantity
        ("A.1.2.3.4.5 trop profond", "letter"),
    ],
)
def test_outline_code_grammar_rejects(text: str, style: str) -> None:
    assert parse_outline_code(text, style) is None
