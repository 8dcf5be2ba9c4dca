"""Tests of pstparse.validation: every rule, code schemes, ordering and reports."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pstparse.model.plan import (
    Action,
    Finding,
    Kind,
    OperationalObjective,
    Plan,
    Severity,
    Source,
    StrategicObjective,
    TextBlock,
)
from pstparse.validation import (
    RULES,
    VALIDATION_RULE_IDS,
    Rule,
    exit_status,
    format_source,
    json_report,
    merge_findings,
    text_report,
    validate,
)

# --- plan builders ----------------------------------------------------------------------


def act(code: str | None = None, title: str | None = None, **kw: Any) -> Action:
    return Action(code=code, title=f"Action {code}" if title is None else title, **kw)


def oo(
    code: str | None, *actions: Action, title: str | None = None, **kw: Any
) -> OperationalObjective:
    return OperationalObjective(
        code=code,
        title=f"Objective {code}" if title is None else title,
        actions=list(actions),
        **kw,
    )


def os_(
    code: str | None,
    *oos: OperationalObjective,
    actions: tuple[Action, ...] = (),
    title: str | None = None,
    **kw: Any,
) -> StrategicObjective:
    return StrategicObjective(
        code=code,
        title=f"Strategy {code}" if title is None else title,
        operational_objectives=list(oos),
        actions=list(actions),
        **kw,
    )


def plan(*oss: StrategicObjective, kind: Kind = Kind.PST, **kw: Any) -> Plan:
    return Plan.model_validate(
        {"document": {"kind": kind}, "strategic_objectives": list(oss), **kw}
    )


def of(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def complete_os(code: str, n_oo: int = 2) -> StrategicObjective:
    """An OS with consecutive OOs, each with one action: no finding of its own."""
    return os_(code, *(oo(f"{code}.{j}", act(f"{code}.{j}.1")) for j in range(1, n_oo + 1)))


# --- registry -----------------------------------------------------------------------------


def test_registry_lists_every_rule_with_its_severity() -> None:
    expected = {
        "numbering-gap": Severity.WARNING,
        "duplicate-code": Severity.ERROR,
        "code-parent-mismatch": Severity.ERROR,
        "empty-title": Severity.ERROR,
        "code-changed": Severity.ERROR,
        "oo-without-action": Severity.WARNING,
        "action-under-os": Severity.WARNING,
        "unassigned-text": Severity.WARNING,
        "os-without-content": Severity.INFO,
    }
    assert {rid: rule.severity for rid, rule in RULES.items()} == expected
    assert frozenset(expected) == VALIDATION_RULE_IDS
    for rid, rule in RULES.items():
        assert isinstance(rule, Rule)
        assert rule.id == rid
        assert rule.description and "\n" not in rule.description


def test_findings_take_the_severity_of_their_rule() -> None:
    p = plan(
        os_("1", oo("1.1"), actions=(act("x", title=" "),)),
        os_("3"),
        unassigned=[TextBlock(text="stray")],
    )
    findings = validate(p)
    assert {f.rule for f in findings} >= {"empty-title", "oo-without-action", "numbering-gap"}
    for f in findings:
        assert f.severity == RULES[f.rule].severity


def test_clean_plan_has_no_findings() -> None:
    assert validate(plan(complete_os("1"), complete_os("2", 3), complete_os("3", 1))) == []


# --- numbering-gap ------------------------------------------------------------------------


def test_gap_among_oo_names_the_missing_code_and_points_at_the_parent() -> None:
    p = plan(
        complete_os("1"),
        complete_os("2"),
        complete_os("3"),
        os_("4", *(oo(f"4.{j}", act(f"4.{j}.1")) for j in (2, 3, 4))),
    )
    gaps = of(validate(p), "numbering-gap")
    assert len(gaps) == 1
    assert gaps[0].message == "OO 4.1 is missing: OS 4 has OO 4.2, 4.3, 4.4"
    assert gaps[0].path == "strategic_objectives[3]"
    assert gaps[0].severity == Severity.WARNING


def test_gap_among_os_is_reported_at_the_plan_level() -> None:
    p = plan(complete_os("1"), complete_os("2"), complete_os("4"))
    gaps = of(validate(p), "numbering-gap")
    assert [g.message for g in gaps] == ["OS 3 is missing: the plan has OS 1, 2, 4"]
    assert gaps[0].path == "strategic_objectives"


def test_each_missing_code_is_one_finding() -> None:
    p = plan(os_("1", oo("1.1", act("1.1.1"), act("1.1.4"), act("1.1.5"))))
    gaps = of(validate(p), "numbering-gap")
    assert [g.message.split(" is missing")[0] for g in gaps] == ["Action 1.1.2", "Action 1.1.3"]
    assert {g.path for g in gaps} == {"strategic_objectives[0].operational_objectives[0]"}


def test_sequence_not_starting_at_one_is_a_gap() -> None:
    p = plan(complete_os("1"), os_("2", oo("2.2", act("2.2.1")), oo("2.3", act("2.3.1"))))
    gaps = of(validate(p), "numbering-gap")
    assert len(gaps) == 1
    assert gaps[0].message.startswith("OO 2.1 is missing")


def test_long_run_of_missing_numbers_is_one_finding() -> None:
    p = plan(complete_os("1"), complete_os("2"), complete_os("40"))
    gaps = of(validate(p), "numbering-gap")
    assert len(gaps) == 1
    assert gaps[0].message.startswith("OS 3 to 39 are missing")


def test_gap_source_points_at_the_item_after_the_gap() -> None:
    later = Source(line=40)
    p = plan(complete_os("1"), os_("3", oo("3.1", act("3.1.1")), source=later))
    (gap,) = of(validate(p), "numbering-gap")
    assert gap.source == later


@pytest.mark.parametrize(
    "codes", [["I", "II", "IV"], ["A", "B", "D"], ["1", "2", "3"], ["0", "1", "2"]]
)
def test_no_gap_for_letters_roman_numerals_or_consecutive_numbers(codes: list[str]) -> None:
    p = plan(*(os_(c, oo(None, act())) for c in codes))
    assert of(validate(p), "numbering-gap") == []


def test_local_counters_restarting_under_each_parent_are_checked_among_siblings() -> None:
    ok = plan(
        os_(None, oo("1", act("1"), act("2"), act("3")), oo("2", act("1"), act("2"))),
        os_(None, oo("1", act("1"))),
        kind=Kind.PROGRAMME,
    )
    assert validate(ok) == []
    gap = plan(
        os_(None, oo("1", act("1"), act("3")), oo("2", act("1"), act("2"))),
        kind=Kind.PROGRAMME,
    )
    (finding,) = validate(gap)
    assert finding.rule == "numbering-gap"
    assert finding.message == "Action 2 is missing: OO 1 has actions 1, 3"
    assert finding.path == "strategic_objectives[0].operational_objectives[0]"


# --- flat iA.PST-style counters -------------------------------------------------------------


def ia_pst_plan() -> Plan:
    """Per-level counters running across the plan: OS.1, OO.1, OO.2, A.1 … A.4."""
    return plan(
        os_("1", oo("1", act("1"), act("2")), oo("2", act("3"))),
        os_("2", oo("3", act("4"))),
    )


def test_flat_running_counters_are_valid() -> None:
    assert validate(ia_pst_plan()) == []


def test_flat_codes_one_under_another_are_no_mismatch() -> None:
    p = plan(os_("1", oo("2", act("3"))))
    assert validate(p) == []


def test_flat_running_counter_gap_is_checked_across_the_plan() -> None:
    p = ia_pst_plan()
    del p.strategic_objectives[0].operational_objectives[0].actions[1]
    gaps = of(validate(p), "numbering-gap")
    assert len(gaps) == 1
    assert gaps[0].message.startswith("Action 2 is missing: actions are numbered across")
    assert gaps[0].message.endswith("jumps from action 1 to action 3")
    assert gaps[0].path == "strategic_objectives[0].operational_objectives[1]"


def test_flat_running_counter_duplicate_is_checked_across_the_plan() -> None:
    p = plan(
        os_("1", oo("1", act("1")), oo("2", act("2"))),
        os_("2", oo("3", act("3")), oo("4", act("4"))),
        os_("3", oo("4", act("5")), oo("5", act("6"))),
        os_("4", oo("6", act("7"))),
    )
    (dup,) = validate(p)
    assert dup.rule == "duplicate-code"
    assert dup.path == "strategic_objectives[2].operational_objectives[0]"
    assert "strategic_objectives[1].operational_objectives[1]" in dup.message


def test_one_counter_shared_by_all_levels() -> None:
    def build(skip: int | None) -> Plan:
        numbers = iter(n for n in range(1, 20) if n != skip)
        oss = []
        for _ in range(2):
            s = str(next(numbers))
            oos = []
            for n_actions in (2, 1):
                o = str(next(numbers))
                oos.append(oo(o, *(act(str(next(numbers))) for _ in range(n_actions))))
            oss.append(os_(s, *oos))
        return plan(*oss)

    assert validate(build(None)) == []
    gaps = of(validate(build(4)), "numbering-gap")
    assert len(gaps) == 1
    assert gaps[0].message == (
        "Number 4 is missing: OS, OO and actions share one numbering,"
        " which jumps from action 3 to action 5"
    )


# --- duplicate-code -----------------------------------------------------------------------


def test_duplicate_siblings_are_an_error_on_the_repeat() -> None:
    p = plan(os_("1", oo("1.1", act("1.1.1")), oo("1.1", act("1.1.2"))))
    dups = of(validate(p), "duplicate-code")
    assert len(dups) == 1
    assert dups[0].severity == Severity.ERROR
    assert dups[0].path == "strategic_objectives[0].operational_objectives[1]"
    assert dups[0].message == (
        "OO 1.1 has the same code as the OO at strategic_objectives[0].operational_objectives[0]"
    )
    assert exit_status(validate(p)) == 1


def test_duplicate_letter_codes() -> None:
    p = plan(os_("A", oo(None, act())), os_("a", oo(None, act())), kind=Kind.DPS)
    assert [f.path for f in of(validate(p), "duplicate-code")] == ["strategic_objectives[1]"]


def test_duplicate_hierarchical_codes_across_parents() -> None:
    p = plan(os_("1", oo("1.1", act())), os_("2", oo("1.1", act())))
    rules = sorted(f.rule for f in validate(p))
    assert rules == ["code-parent-mismatch", "duplicate-code"]


def test_same_local_number_under_different_parents_is_no_duplicate() -> None:
    p = plan(os_("1", oo("1.1", act("1"), act("2")), oo("1.2", act("1"), act("2"))))
    assert of(validate(p), "duplicate-code") == []


def test_same_code_at_different_levels_is_no_duplicate() -> None:
    p = plan(os_("1", oo("1.1", act("1.1.1")), actions=(act("1.1"),)), kind=Kind.DPS)
    assert validate(p) == []


# --- code-parent-mismatch -----------------------------------------------------------------


def test_oo_code_not_extending_its_os_code() -> None:
    p = plan(complete_os("1"), complete_os("2"), os_("3", oo("2.1", act()), oo("3.2", act())))
    mismatches = of(validate(p), "code-parent-mismatch")
    assert [m.message for m in mismatches] == ["OO 2.1 does not extend the code of its parent OS 3"]
    assert mismatches[0].path == "strategic_objectives[2].operational_objectives[0]"


def test_action_code_not_extending_its_oo_code() -> None:
    p = plan(os_("1", oo("1.3", act("1.3.1"), act("1.2.3"))))
    (m,) = of(validate(p), "code-parent-mismatch")
    assert m.path == "strategic_objectives[0].operational_objectives[0].actions[1]"
    assert "Action 1.2.3" in m.message and "OO 1.3" in m.message


@pytest.mark.parametrize(
    ("parent", "child"),
    [("II", "2.1"), ("B", "B.1"), ("B", "2.1"), (None, "7.1"), ("1", "1.2.4")],
)
def test_consistent_or_uncheckable_codes_are_no_mismatch(parent: str | None, child: str) -> None:
    p = plan(os_(parent, oo(child, act())), kind=Kind.DPS)
    assert of(validate(p), "code-parent-mismatch") == []


def test_local_oo_number_is_read_with_its_os_prefix() -> None:
    p = plan(os_("1", oo("1", act("1.1.1")), oo("2", act("1.2.1"), act("2.2"))))
    assert of(validate(p), "code-parent-mismatch") == []
    bad = plan(os_("1", oo("1", act("3.1"))))
    assert len(of(validate(bad), "code-parent-mismatch")) == 1


def test_same_code_as_parent_does_not_extend_it() -> None:
    p = plan(os_("1.2", oo("1.2", act())))
    assert len(of(validate(p), "code-parent-mismatch")) == 1


# --- simple rules -------------------------------------------------------------------------


def test_empty_title_is_an_error_naming_the_item() -> None:
    src = Source(page=2)
    p = plan(os_("1", oo("1.1", act("1.1.1", title="  \n", source=src), act("1.1.2"))))
    (f,) = validate(p)
    assert (f.rule, f.severity) == ("empty-title", Severity.ERROR)
    assert f.message == "Action 1.1.1 has an empty title"
    assert f.path == "strategic_objectives[0].operational_objectives[0].actions[0]"
    assert f.source == src


def test_empty_title_without_code_is_named_by_position() -> None:
    p = plan(os_("1", oo("1.1", act(), act(None, title=""))))
    (f,) = of(validate(p), "empty-title")
    assert f.message == "Action no. 2 of OO 1.1 has an empty title"
    assert validate(plan(os_("1", oo("1.1", act(None, title="ok"))))) == []


def test_oo_without_action() -> None:
    src = Source(table=1, row=4)
    p = plan(os_("1", oo("1.1", act("1.1.1")), oo("1.2", source=src)))
    (f,) = validate(p)
    assert f.rule == "oo-without-action"
    assert f.message == "OO 1.2 has no action"
    assert (f.path, f.source) == ("strategic_objectives[0].operational_objectives[1]", src)


def test_action_under_os_only_for_pst() -> None:
    oss = (os_("1", oo("1.1", act()), actions=(act(), act(), act())),)
    (f,) = validate(plan(*oss, kind=Kind.PST))
    assert f.rule == "action-under-os"
    assert f.message == "OS 1 has 3 actions directly under it, outside any OO"
    assert f.path == "strategic_objectives[0]"
    for kind in (Kind.DPS, Kind.DPC, Kind.PROGRAMME, Kind.PROJECT_SHEET):
        assert validate(plan(*oss, kind=kind)) == []


def test_unassigned_text_one_finding_per_block() -> None:
    blocks = [TextBlock(text="Lorem  ipsum\n dolor", source=Source(line=3)), TextBlock(text="x")]
    p = plan(complete_os("1"), unassigned=blocks)
    found = validate(p)
    assert [f.path for f in found] == ["unassigned[0]", "unassigned[1]"]
    assert all(f.rule == "unassigned-text" for f in found)
    assert found[0].source == Source(line=3)
    assert '"Lorem ipsum dolor"' in found[0].message


def test_os_without_content_is_info() -> None:
    p = plan(complete_os("1"), os_("2", title="Empty"))
    (f,) = validate(p)
    assert (f.rule, f.severity, f.path) == (
        "os-without-content",
        Severity.INFO,
        "strategic_objectives[1]",
    )
    assert exit_status([f]) == 0


# --- collecting, ordering, merging --------------------------------------------------------


def messy_plan() -> Plan:
    return plan(
        os_(
            "1",
            oo("1.1", act("1.1.1"), act("1.1.1")),
            oo("2.2"),
            actions=(act("1.5", title=""),),
            source=Source(line=1),
        ),
        os_("3"),
        unassigned=[TextBlock(text="orphan paragraph")],
    )


def test_every_finding_is_collected_in_one_run() -> None:
    findings = validate(messy_plan())
    assert {f.rule for f in findings} == {
        "duplicate-code",
        "code-parent-mismatch",
        "numbering-gap",
        "oo-without-action",
        "empty-title",
        "action-under-os",
        "os-without-content",
        "unassigned-text",
    }
    assert exit_status(findings) == 1


def test_findings_are_deterministic_and_in_document_order() -> None:
    first = validate(messy_plan())
    assert first == validate(messy_plan())
    paths = [f.path or "" for f in first]
    order = [
        "strategic_objectives[0]",
        "strategic_objectives[0].operational_objectives[0].actions[1]",
        "strategic_objectives[0].operational_objectives[1]",
        "strategic_objectives[0].actions[0]",
        "strategic_objectives[1]",
        "unassigned[0]",
    ]
    positions = [min(i for i, p in enumerate(paths) if p == want) for want in order]
    assert positions == sorted(positions)


def test_validate_does_not_change_the_plan() -> None:
    p = messy_plan()
    before = p.model_dump()
    validate(p)
    assert p.model_dump() == before


def test_merge_keeps_extraction_findings_and_replaces_validation_ones() -> None:
    extraction = Finding(rule="missing-level", severity=Severity.WARNING, message="m")
    stale = Finding(rule="numbering-gap", severity=Severity.WARNING, message="old")
    p = messy_plan().model_copy(update={"findings": [extraction, stale]})
    merged = merge_findings(p)
    assert merged == [extraction, *validate(p)]
    again = merge_findings(p.model_copy(update={"findings": merged}))
    assert again == merged


def test_exit_status() -> None:
    warn = Finding(rule="x", severity=Severity.WARNING, message="w")
    err = Finding(rule="x", severity=Severity.ERROR, message="e")
    assert exit_status([]) == 0
    assert exit_status([warn]) == 0
    assert exit_status(iter([warn, err])) == 1


# --- reports ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "text"),
    [
        (None, ""),
        (Source(), ""),
        (Source(page=3), "page 3"),
        (Source(line=12), "line 12"),
        (Source(line=12, line_end=14), "lines 12-14"),
        (Source(table=1, row=4), "table 1 row 4"),
        (Source(page=2, table=1, row=4, column=2), "page 2, table 1 row 4 column 2"),
        (Source(paragraph=7), "paragraph 7"),
    ],
)
def test_format_source(source: Source | None, text: str) -> None:
    assert format_source(source) == text


def test_text_report_lines_and_summary() -> None:
    findings = [
        Finding(
            rule="empty-title",
            severity=Severity.ERROR,
            message="OS 1 has an empty title",
            path="strategic_objectives[0]",
            source=Source(page=3),
        ),
        Finding(rule="missing-level", severity=Severity.WARNING, message="No OO level"),
        Finding(
            rule="unassigned-text",
            severity=Severity.WARNING,
            message="Text",
            path="unassigned[0]",
            source=Source(line=12),
        ),
    ]
    assert text_report(findings, name="plan.txt").splitlines() == [
        "plan.txt: error empty-title strategic_objectives[0]: OS 1 has an empty title [page 3]",
        "plan.txt: warning missing-level: No OO level",
        "plan.txt: warning unassigned-text unassigned[0]: Text [line 12]",
        "1 error, 2 warnings, 0 info",
    ]
    assert text_report([], name="x") == "0 errors, 0 warnings, 0 info"


def test_text_report_has_one_line_per_finding() -> None:
    findings = validate(messy_plan())
    lines = text_report(findings, name="m.docx").splitlines()
    assert len(lines) == len(findings) + 1
    assert all(line.startswith("m.docx: ") for line in lines[:-1])


def test_json_report_shape() -> None:
    findings = validate(messy_plan())
    report = json_report(findings, name="m.pdf")
    assert set(report) == {"file", "ok", "counts", "findings"}
    assert report["file"] == "m.pdf"
    assert report["ok"] is False
    assert report["counts"] == {s.value: sum(f.severity == s for f in findings) for s in Severity}
    assert report["findings"] == [f.model_dump(mode="json") for f in findings]
    assert json.loads(json.dumps(report)) == report
    clean = json_report([], name="c")
    assert clean["ok"] is True and clean["counts"] == {"error": 0, "warning": 0, "info": 0}


# --- properties ---------------------------------------------------------------------------

shapes = st.lists(st.lists(st.integers(0, 4), max_size=4), min_size=1, max_size=5)


def hierarchical_plan(shape: list[list[int]]) -> Plan:
    """OS 1..n, OO i.1..i.m, actions i.j.1..i.j.k, from a list of OO sizes per OS."""
    return plan(
        *(
            os_(
                f"{i}",
                *(
                    oo(f"{i}.{j}", *(act(f"{i}.{j}.{k}") for k in range(1, n + 1)))
                    for j, n in enumerate(oo_sizes, start=1)
                ),
            )
            for i, oo_sizes in enumerate(shape, start=1)
        )
    )


@settings(max_examples=60, deadline=None)
@given(shapes)
def test_well_formed_hierarchical_plans_only_miss_actions(shape: list[list[int]]) -> None:
    findings = validate(hierarchical_plan(shape))
    problems = [f for f in findings if f.severity != Severity.INFO]
    assert [f.rule for f in problems] == ["oo-without-action"] * sum(
        size == 0 for oo_sizes in shape for size in oo_sizes
    )


@settings(max_examples=60, deadline=None)
@given(shapes, st.data())
def test_removing_a_middle_item_yields_one_gap_naming_it(
    shape: list[list[int]], data: st.DataObject
) -> None:
    p = hierarchical_plan(shape)
    lists: list[tuple[str, list[Any]]] = [("OS", p.strategic_objectives)]
    for s in p.strategic_objectives:
        lists.append(("OO", s.operational_objectives))
        lists.extend(("Action", o.actions) for o in s.operational_objectives)
    candidates = [(label, items) for label, items in lists if len(items) >= 2]
    if not candidates:
        return
    label, items = data.draw(st.sampled_from(candidates))
    index = data.draw(st.integers(0, len(items) - 2))
    removed = items.pop(index)
    gaps = of(validate(p), "numbering-gap")
    assert len(gaps) == 1
    assert gaps[0].message.startswith(f"{label} {removed.code} is missing")
    assert not [f for f in validate(p) if f.severity == Severity.ERROR]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.lists(st.integers(1, 3), min_size=1, max_size=3), min_size=1, max_size=4), st.data()
)
def test_flat_counter_gap_is_found_wherever_the_action_was(
    shape: list[list[int]], data: st.DataObject
) -> None:
    oo_n = action_n = 0
    oss = []
    for i, oo_sizes in enumerate(shape, start=1):
        oos = []
        for n in oo_sizes:
            oo_n += 1
            actions = [act(str(action_n + k)) for k in range(1, n + 1)]
            action_n += n
            oos.append(oo(str(oo_n), *actions))
        oss.append(os_(str(i), *oos))
    p = plan(*oss)
    assert validate(p) == []
    if action_n < 2:
        return
    missing = data.draw(st.integers(1, action_n - 1))
    for s in p.strategic_objectives:
        for o in s.operational_objectives:
            o.actions = [a for a in o.actions if a.code != str(missing)]
    gaps = of(validate(p), "numbering-gap")
    assert len(gaps) == 1
    assert gaps[0].message.startswith(f"Action {missing} is missing")
