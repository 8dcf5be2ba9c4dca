"""The two golden files of a sample (tests/golden_files.py): lossless, and any change shows.

A plan is split into a reviewable plan file and a provenance file. These tests prove that
the split loses nothing (join gives back the plan JSON byte for byte, on generated plans
with awkward text and on every stored golden), and that a change anywhere in a plan
(a bounding box, a line number, the hash, a title, a finding, a field, null versus empty)
changes the file it belongs to, and only that one.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pstparse.model.plan import Plan
from tests import golden_files

Json = dict[str, Any]


def _plan() -> Json:
    """A plan with every kind of item and source: PDF boxes, TXT lines, DOCX paragraphs,
    table cells, a source whose keys are all null, items without source, findings."""
    plan = Plan.model_validate(
        {
            "document": {
                "path": "samples/x.pdf",
                "sha256": "ab" * 32,
                "format": "pdf",
                "pages": 2,
                "kind": "pst",
                "title": "PST 2025-2030",
                "period_start": 2025,
                "period_end": 2030,
                "contents": [{"text": "Axe 1 … 3", "role": "toc", "source": {"line": 6}}],
                "furniture": [{"text": "Page 1", "role": "page_number", "source": {"page": 1}}],
            },
            "preamble": [
                {"text": "Commune de X", "role": "preamble", "source": {"paragraph": 2}},
                {"text": "Sans source", "role": "preamble"},
            ],
            "strategic_objectives": [
                {
                    "code": "1",
                    "label": "OS 1 :",
                    "title": "Être une commune durable",
                    "source": {"page": 1, "bbox": [56.8, 204.5, 431.16, 218.5]},
                    "operational_objectives": [
                        {
                            "code": "1.1",
                            "title": "Mobilité",
                            "source": {},
                            "actions": [
                                {
                                    "code": "1.1.1",
                                    "title": "Pistes cyclables",
                                    "description": "Deux pistes",
                                    "details": ["a", "b"],
                                    "fields": {"pilote": "Collège", "source": "service"},
                                    "source": {"table": 1, "row": 3, "column": 2, "page": 2},
                                }
                            ],
                        }
                    ],
                    "actions": [
                        {"title": "Action directe", "source": {"line": 10, "line_end": 12}}
                    ],
                }
            ],
            "unassigned": [{"text": "reste", "source": {"page": 2}}],
            "findings": [
                {
                    "rule": "numbering-gap",
                    "severity": "warning",
                    "message": "1.2 missing",
                    "path": "strategic_objectives[0]",
                    "source": {"page": 1},
                },
                {"rule": "x", "severity": "info", "message": "no source"},
            ],
        }
    )
    dumped: Json = plan.model_dump(mode="json")
    return dumped


def _action(plan: Json) -> Json:
    first: Json = plan["strategic_objectives"][0]["operational_objectives"][0]["actions"][0]
    return first


def _set(path: Callable[[Json], Json], key: str, value: Any) -> Callable[[Json], None]:
    def change(plan: Json) -> None:
        path(plan)[key] = value

    return change


def _nudge_bbox(plan: Json) -> None:
    box = plan["strategic_objectives"][0]["source"]["bbox"]
    box[2] = round(box[2] + 0.01, 2)


def _swap_fields(plan: Json) -> None:
    fields = _action(plan)["fields"]
    _action(plan)["fields"] = dict(reversed(fields.items()))


def _add_detail(plan: Json) -> None:
    _action(plan)["details"].append("c")


def _os(plan: Json) -> Json:
    first: Json = plan["strategic_objectives"][0]
    return first


def _oo(plan: Json) -> Json:
    first: Json = _os(plan)["operational_objectives"][0]
    return first


# Each change, and the golden file it must show in (the other one must stay the same).
CHANGES: dict[str, tuple[Callable[[Json], None], str]] = {
    "bbox moved by 0.01 pt": (_nudge_bbox, "provenance"),
    "line number": (_set(lambda p: _os(p)["actions"][0]["source"], "line", 11), "provenance"),
    "source dropped": (_set(lambda p: p["unassigned"][0], "source", None), "provenance"),
    "all-null source dropped": (_set(_oo, "source", None), "provenance"),
    "source added": (_set(lambda p: p["preamble"][1], "source", {"line": 1}), "provenance"),
    "finding source": (_set(lambda p: p["findings"][0]["source"], "page", 2), "provenance"),
    "document hash": (_set(lambda p: p["document"], "sha256", "cd" * 32), "provenance"),
    "action title": (_set(_action, "title", "Pistes cyclables sûres"), "plan"),
    "null description made empty": (_set(_oo, "description", ""), "plan"),
    "action code": (_set(_action, "code", "1.1.2"), "plan"),
    "field value": (_set(lambda p: _action(p)["fields"], "pilote", "DG"), "plan"),
    "field order": (_swap_fields, "plan"),
    "detail added": (_add_detail, "plan"),
    "finding message": (_set(lambda p: p["findings"][0], "message", "1.3 missing"), "plan"),
    "finding severity": (_set(lambda p: p["findings"][1], "severity", "warning"), "plan"),
    "document kind": (_set(lambda p: p["document"], "kind", "dps"), "plan"),
    "page count": (_set(lambda p: p["document"], "pages", 3), "plan"),
    "furniture role": (_set(lambda p: p["document"]["furniture"][0], "role", "x"), "plan"),
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_a_change_shows_in_its_own_golden_file(change: str) -> None:
    perturb, where = CHANGES[change]
    plan = _plan()
    plan_text, provenance_text = golden_files.split(plan)
    changed = copy.deepcopy(plan)
    perturb(changed)
    changed = Plan.model_validate(changed).model_dump(mode="json")  # still a valid plan
    assert golden_files.plan_json(changed) != golden_files.plan_json(plan)
    found = golden_files.differences(changed, plan_text, provenance_text)
    assert set(found) == {where}, found
    assert found[where].startswith("--- golden\n+++ output\n@@")
    # ...and the changed files hold the change itself: they rebuild the changed plan.
    rebuilt = golden_files.join(*golden_files.split(changed))
    assert golden_files.plan_json(rebuilt) == golden_files.plan_json(changed)


def test_a_moved_box_is_one_line_of_provenance_diff() -> None:
    plan = _plan()
    plan_text, provenance_text = golden_files.split(plan)
    _nudge_bbox(plan)
    changed = [
        line
        for line in golden_files.differences(plan, plan_text, provenance_text)[
            "provenance"
        ].splitlines()
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert changed == [
        "-strategic_objectives[0] page=1 bbox=[56.8,204.5,431.16,218.5]",
        "+strategic_objectives[0] page=1 bbox=[56.8,204.5,431.17,218.5]",
    ]


def test_the_plan_file_has_no_sources_nulls_or_hash() -> None:
    plan_text, provenance_text = golden_files.split(_plan())
    assert "bbox" not in plan_text and "line_end" not in plan_text
    assert "null" not in plan_text and "[]" not in plan_text and "{}" not in plan_text
    assert "ab" * 32 not in plan_text and f"sha256 {'ab' * 32}" in provenance_text
    # A column named "source" is data, not provenance: it stays in the plan file.
    keys = [line.strip(" -") for line in plan_text.splitlines()]
    assert [key for key in keys if key.startswith("source:")] == ["source: service"]
    # An all-null source is a path alone; an item without source has no line.
    assert "strategic_objectives[0].operational_objectives[0]\n" in provenance_text
    assert "preamble[1]" not in provenance_text and "findings[1]" not in provenance_text


def test_every_stored_golden_is_lossless() -> None:
    # The stored files are exactly what splitting their own rebuilt plan gives.
    names = golden_files.samples()
    assert len(names) >= 5
    for name in names:
        plan_path, provenance_path = golden_files.plan_paths(name)
        texts = (plan_path.read_text(encoding="utf-8"), provenance_path.read_text("utf-8"))
        assert golden_files.split(golden_files.join(*texts)) == texts, name


_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)
_NUMBER = st.none() | st.integers(min_value=1, max_value=10_000)
_FLOAT = st.floats(allow_nan=False, allow_infinity=False, width=64)
_SOURCE = st.none() | st.fixed_dictionaries(
    {
        "page": _NUMBER,
        "line": _NUMBER,
        "line_end": _NUMBER,
        "table": _NUMBER,
        "row": _NUMBER,
        "column": _NUMBER,
        "paragraph": _NUMBER,
        "bbox": st.none() | st.tuples(_FLOAT, _FLOAT, _FLOAT, _FLOAT),
    }
)
_MAYBE_TEXT = st.none() | _TEXT
_BLOCK = st.fixed_dictionaries({"text": _TEXT, "role": _MAYBE_TEXT, "source": _SOURCE})
_ITEM = {
    "code": _MAYBE_TEXT,
    "label": _MAYBE_TEXT,
    "title": _TEXT,
    "description": _MAYBE_TEXT,
    "text": _MAYBE_TEXT,
    "fields": st.dictionaries(_TEXT, _TEXT, max_size=3),
    "source": _SOURCE,
}
_ACTION = st.fixed_dictionaries({**_ITEM, "details": st.lists(_TEXT, max_size=3)})
_OO = st.fixed_dictionaries({**_ITEM, "actions": st.lists(_ACTION, max_size=2)})
_OS = st.fixed_dictionaries(
    {
        **_ITEM,
        "operational_objectives": st.lists(_OO, max_size=2),
        "actions": st.lists(_ACTION, max_size=2),
    }
)
_FINDING = st.fixed_dictionaries(
    {
        "rule": _TEXT,
        "severity": st.sampled_from(["error", "warning", "info"]),
        "message": _TEXT,
        "path": _MAYBE_TEXT,
        "source": _SOURCE,
    }
)
_PLAN = st.fixed_dictionaries(
    {
        "document": st.fixed_dictionaries(
            {
                "path": _MAYBE_TEXT,
                "sha256": st.none() | st.text("0123456789abcdef", min_size=1, max_size=64),
                "pages": _NUMBER,
                "kind": st.sampled_from(["pst", "dps", "dpc", "programme"]),
                "title": _MAYBE_TEXT,
                "period_start": _NUMBER,
                "contents": st.lists(_BLOCK, max_size=2),
                "furniture": st.lists(_BLOCK, max_size=2),
            }
        ),
        "preamble": st.lists(_BLOCK, max_size=2),
        "strategic_objectives": st.lists(_OS, max_size=2),
        "unassigned": st.lists(_BLOCK, max_size=2),
        "findings": st.lists(_FINDING, max_size=2),
    }
)


@settings(max_examples=150, deadline=None)
@given(_PLAN)
def test_split_then_join_gives_back_the_plan_json_byte_for_byte(raw: Json) -> None:
    plan = Plan.model_validate(raw).model_dump(mode="json")
    rebuilt = golden_files.join(*golden_files.split(plan))
    assert golden_files.plan_json(rebuilt) == golden_files.plan_json(plan)
