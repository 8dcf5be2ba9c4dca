"""More generated flow layouts: a fourth level of bullets under labelled actions, and
flattened tables with running headers and footers glued between their items.

hypothesis draws the plan (from ``test_flow_generated``) and the rendering's knobs; the
tree read back must be the tree drawn, the sub-points must be the details of their
action, and the page furniture must be set aside, not glued to a title.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_flow_generated import Plan, _expected, _plans, _title
from tests.test_repros_flow import tree, txt

# How a plain-text outline labels its three levels.
_LABELS = {
    "spelled": (
        "Objectif stratégique {i} : ",
        "Objectif opérationnel {i}.{j} : ",
        "Action {i}.{j}.{k} : ",
    ),
    "plain": ("OS {i} - ", "OO {i}.{j} - ", "Action {i}.{j}.{k} - "),
    "bare": ("{i}. ", "{i}.{j} ", "{i}.{j}.{k}. "),
}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    plan=_plans(),
    style=st.sampled_from(sorted(_LABELS)),
    marker=st.sampled_from(["-", "•", "*", "–"]),
    indent=st.sampled_from([(0, 0, 0, 0), (0, 2, 4, 6), (0, 4, 8, 12), (0, 2, 4, 4)]),
    subs=st.lists(st.lists(_title(), max_size=3), min_size=12, max_size=12),
)
def test_bullets_under_labelled_actions_are_their_details(
    plan: Plan, style: str, marker: str, indent: tuple[int, int, int, int], subs: list[list[str]]
) -> None:
    os_label, oo_label, action_label = _LABELS[style]
    pad = [" " * n for n in indent]
    lines = ["Programme stratégique transversal 2025-2030", ""]
    expected_details: dict[str, list[str]] = {}
    n = 0
    for i, (os_title, oos) in enumerate(plan, 1):
        lines.append(pad[0] + os_label.format(i=i) + os_title)
        for j, (oo, acts) in enumerate(oos, 1):
            lines.append(pad[1] + oo_label.format(i=i, j=j) + oo)
            for k, a in enumerate(acts, 1):
                lines.append(pad[2] + action_label.format(i=i, j=j, k=k) + a)
                points = subs[n % len(subs)]
                n += 1
                lines.extend(f"{pad[3]}{marker} {p}" for p in points)
                expected_details[f"{i}.{j}.{k}"] = points
        lines.append("")
    result = txt("\n".join(lines) + "\n")
    assert tree(result) == _expected(plan, coded=True)
    details = {
        a.code: a.details
        for so in result.strategic_objectives
        for oo in so.operational_objectives
        for a in oo.actions
    }
    assert details == expected_details
    assert not result.unassigned


# Running headers/footers a flattening glues between the items: the document's
# organisation line with the plan's period and/or a page number.
_FOOTERS = [
    "Commune de Belleville {page}",
    "Commune de Belleville 2021-2026 {page}",
    "Commune de Belleville 2021 – 2026 page {page}",
    "Commune de Belleville {page}/9",
    "Commune de Belleville 2021-2026",
]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    plan=_plans(),
    footer=st.sampled_from(_FOOTERS),
    every=st.integers(1, 4),
    bare=st.booleans(),
)
def test_flattened_table_sets_running_footers_aside(
    plan: Plan, footer: str, every: int, bare: bool
) -> None:
    pieces = ["Plan communal 2021-2026 1"]
    page = 1
    count = 0
    for i, (os_title, oos) in enumerate(plan, 1):
        os_label = f"{i}." if bare else f"Objectif stratégique N° {i} –"
        pieces.append(f"{os_label} {os_title} Objectifs opérationnels")
        for j, (oo, acts) in enumerate(oos, 1):
            oo_label = f"{i}.{j}" if bare else f"Objectif opérationnel N° {i}.{j} –"
            pieces.append(f"{oo_label} {oo} Actions")
            for k, a in enumerate(acts, 1):
                action_label = f"{i}.{j}.{k}." if bare else f"Action N° {i}.{j}.{k} –"
                pieces.append(f"{action_label} {a}")
                count += 1
                if count % every == 0:
                    page += 1
                    pieces.append(footer.format(page=page))
    pieces.append(footer.format(page=page + 1))
    text = "Plan communal 2021-2026\nCommune de Belleville\n\n" + " ".join(pieces) + "\n"
    result = txt(text)
    assert tree(result) == _expected(plan, coded=True)
    furniture = [b.text for b in result.document.furniture if b.role == "page_furniture"]
    assert furniture.count(footer.format(page=page + 1)) >= 1
    assert len(furniture) >= count // every
    assert not result.unassigned
