"""Generated plans rendered in the flow layouts of issue #11, read back whole.

hypothesis draws a plan (objectives, operational objectives, actions with invented
titles) and renders it as bare-numbered lines, a Markdown outline, an indented outline,
hard-wrapped bullets with hanging indents, a flattened paragraph, a labelled outline
behind a table of contents and a web page's furniture, or a Markdown pipe table; the
tree read back must be the tree drawn.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_repros_flow import tree, txt

Plan = list[tuple[str, list[tuple[str, list[str]]]]]

_VERBS = ["Planter", "Rénover", "Créer", "Soutenir", "Installer", "Développer", "Organiser"]
_NOUNS = [
    "des arbres",
    "les trottoirs",
    "une maison de village",
    "les clubs sportifs",
    "des bancs publics",
    "le marché hebdomadaire",
    "une piste cyclable",
    "les écoles communales",
    "le réseau d'égouttage",
]
_PLACES = ["au centre", "dans les villages", "près de la gare", "le long de la Meuse", ""]


@st.composite
def _title(draw: st.DrawFn) -> str:
    words = [draw(st.sampled_from(_VERBS)), draw(st.sampled_from(_NOUNS))]
    place = draw(st.sampled_from(_PLACES))
    return " ".join([*words, place]).strip()


@st.composite
def _plans(draw: st.DrawFn) -> Plan:
    # Titles are unique: an unlabelled title repeated at the same level is read as a
    # merged cell repeated by the export, and emitted once.
    shape = draw(
        st.lists(st.lists(st.integers(1, 3), min_size=1, max_size=3), min_size=1, max_size=3)
    )
    needed = sum(1 + len(oos) + sum(oos) for oos in shape)
    titles = iter(draw(st.lists(_title(), min_size=needed, max_size=needed, unique=True)))
    return [
        (next(titles), [(next(titles), [next(titles) for _ in range(n)]) for n in oos])
        for oos in shape
    ]


def _expected(plan: Plan, *, coded: bool) -> list[object]:
    def code(*parts: int) -> str | None:
        return ".".join(map(str, parts)) if coded else None

    return [
        (
            code(i),
            os_title,
            [(code(i, j), oo, acts) for j, (oo, acts) in enumerate(oos, 1)],
        )
        for i, (os_title, oos) in enumerate(plan, 1)
    ]


def bare(plan: Plan) -> str:
    lines = ["Plan communal 2025-2030"]
    for i, (os_title, oos) in enumerate(plan, 1):
        lines.append(f"{i}. {os_title}")
        for j, (oo, acts) in enumerate(oos, 1):
            lines.append(f"{i}.{j} {oo}")
            lines.extend(f"{i}.{j}.{k}. {a}" for k, a in enumerate(acts, 1))
    return "\n".join(lines) + "\n"


def markdown(plan: Plan) -> str:
    lines = ["# Programme stratégique transversal", ""]
    for i, (os_title, oos) in enumerate(plan, 1):
        lines += [f"## Objectif stratégique {i} : {os_title}", ""]
        for j, (oo, acts) in enumerate(oos, 1):
            lines += [f"### Objectif opérationnel {i}.{j} : {oo}", ""]
            lines += [f"- {a}" for a in acts] + [""]
    return "\n".join(lines)


def indented(plan: Plan) -> str:
    lines = ["Programme stratégique transversal", "Commune de Belleville", ""]
    for os_title, oos in plan:
        lines.append(os_title)
        for oo, acts in oos:
            lines.append(f"    {oo}")
            lines.extend(f"        {a}" for a in acts)
    return "\n".join(lines) + "\n"


def wrapped(plan: Plan) -> str:
    lines = ["Programme stratégique transversal"]
    for i, (os_title, oos) in enumerate(plan, 1):
        lines.append(f"OS {i}. {os_title}")
        for j, (oo, acts) in enumerate(oos, 1):
            lines.append(f"   OO {i}.{j} {oo}")
            for a in acts:
                # Wrap at a width that cuts the titles, continuation lines capitalised
                # or not, aligned under the text of the bullet.
                parts = textwrap.wrap(a, width=14)
                lines.append(f"      - {parts[0]}")
                lines.extend(f"        {p[:1].upper()}{p[1:]}" for p in parts[1:])
    return "\n".join(lines) + "\n"


def flattened(plan: Plan) -> str:
    pieces = ["Plan communal 2021-2026 1"]
    for i, (os_title, oos) in enumerate(plan, 1):
        pieces.append(f"Objectif stratégique N° {i} {os_title} Objectifs opérationnels")
        for j, (oo, acts) in enumerate(oos, 1):
            pieces.append(f"{i}.{j} {oo} Actions")
            pieces.extend(f"{i}.{j}.{k}. {a}" for k, a in enumerate(acts, 1))
    pieces.append("Commune de Belleville 2021")
    return "Plan communal 2021-2026\nCommune de Belleville\n\n" + " ".join(pieces) + "\n"


def web_with_contents(plan: Plan) -> str:
    lines = [
        "Accueil > Vie communale > Programme stratégique transversal",
        "Publié le 12 mars 2024",
        "Programme stratégique transversal",
        "Sommaire",
    ]
    lines += [f"Objectif stratégique {i} : {t}.........{i + 2}" for i, (t, _) in enumerate(plan, 1)]
    lines.append("")
    for i, (os_title, oos) in enumerate(plan, 1):
        lines.append(f"<h2>Objectif stratégique {i} : {os_title}</h2>")
        for j, (oo, acts) in enumerate(oos, 1):
            lines.append(f"<h3>Objectif opérationnel {i}.{j} : {oo}</h3>")
            lines.extend(f"<li>{a}</li>" for a in acts)
    lines += ["Source : https://www.belleville.be/pst", "Partager | Imprimer"]
    return "\n".join(lines) + "\n"


def pipe_table(plan: Plan) -> str:
    lines = [
        "# Programme stratégique transversal",
        "",
        "| Objectifs stratégiques | Objectifs opérationnels | Actions | Pilote |",
        "|:---|:---|:---|---|",
    ]
    for os_title, oos in plan:
        first_os = True
        for oo, acts in oos:
            for k, a in enumerate(acts):
                os_cell = os_title if first_os else ""
                oo_cell = oo if k == 0 else ""
                lines.append(f"| {os_cell} | {oo_cell} | {a} | Service \\| travaux |")
                first_os = False
    return "\n".join(lines) + "\n"


RENDERERS: list[tuple[Callable[[Plan], str], bool]] = [
    (bare, True),
    (markdown, True),
    (indented, False),
    (wrapped, True),
    (flattened, True),
    (web_with_contents, True),
    (pipe_table, False),
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=_plans(), which=st.sampled_from(range(len(RENDERERS))))
def test_generated_flow_layouts_read_back_whole(plan: Plan, which: int) -> None:
    render, coded = RENDERERS[which]
    result = txt(render(plan), encoding="cp1252", newline="\r\n")
    expected = _expected(plan, coded=coded)
    if render is wrapped:
        # Continuation lines were capitalised on purpose: compare without case.
        assert str(tree(result)).lower() == str(expected).lower()
    else:
        assert tree(result) == expected
    assert not result.unassigned
