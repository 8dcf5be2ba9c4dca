"""Property tests: every generated plan survives export and loading unchanged."""

from __future__ import annotations

import csv
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pstparse.exporters import STANDARD_FIELDS, action_rows, field_keys, load_plan, render
from pstparse.exporters.cells import needs_guard, unguard
from pstparse.exporters.rows import LEAD_KEYS, PROVENANCE_KEYS, field_columns, header
from pstparse.exporters.tabular import tsv_escape, tsv_unescape
from pstparse.model.plan import (
    Action,
    Document,
    Finding,
    Kind,
    OperationalObjective,
    Plan,
    Severity,
    Source,
    StrategicObjective,
    TextBlock,
)

# Any character a document could hold (no lone surrogates: they cannot be written as
# UTF-8), with the awkward ones made frequent.
_awkward = st.sampled_from(
    [*"\n\t\r \"'\\:#-&*!|>%@`{}[],?~\u00a0\u0085\u2028\u2029\ufeff\x00éœ€«»", "null", "1.0"]
)
_any_char = st.characters(exclude_categories=["Cs"])
# Words make some texts longer than the YAML line width, so that folding is exercised.
_word = st.sampled_from(["mot ", "  ", "Objectif opérationnel ", "x" * 30])
text = st.lists(st.one_of(_awkward, _any_char, _word), max_size=16).map("".join)
short = st.text(alphabet="0123456789.ABCabc-", max_size=6)
maybe = st.none() | text
positive = st.none() | st.integers(min_value=1, max_value=10_000)
finite = st.floats(allow_nan=False, allow_infinity=False, width=32)

sources = st.none() | st.builds(
    Source,
    page=positive,
    line=positive,
    line_end=positive,
    table=positive,
    row=positive,
    column=positive,
    paragraph=positive,
    bbox=st.none() | st.tuples(finite, finite, finite, finite),
)
field_maps = st.dictionaries(
    st.sampled_from([*STANDARD_FIELDS, "Remarque", "page", "Thème"]) | text, text, max_size=3
)
actions = st.builds(
    Action,
    code=st.none() | short,
    label=maybe,
    title=text,
    description=maybe,
    text=maybe,
    details=st.lists(text, max_size=3),
    fields=field_maps,
    source=sources,
)
oos = st.builds(
    OperationalObjective,
    code=st.none() | short,
    label=maybe,
    title=text,
    description=maybe,
    fields=field_maps,
    actions=st.lists(actions, max_size=3),
    source=sources,
)
oss = st.builds(
    StrategicObjective,
    code=st.none() | short,
    label=maybe,
    title=text,
    description=maybe,
    fields=field_maps,
    operational_objectives=st.lists(oos, max_size=3),
    actions=st.lists(actions, max_size=2),
    source=sources,
)
blocks = st.builds(TextBlock, text=text, role=maybe, source=sources)
documents = st.builds(
    Document,
    path=maybe,
    sha256=maybe,
    format=st.none() | st.sampled_from(["txt", "docx", "pdf"]),
    encoding=maybe,
    pages=positive,
    kind=st.sampled_from(list(Kind)),
    title=maybe,
    organisation=maybe,
    period_start=st.none() | st.integers(1900, 2100),
    period_end=st.none() | st.integers(1900, 2100),
    contact=maybe,
    contents=st.lists(blocks, max_size=2),
    furniture=st.lists(blocks, max_size=2),
)
findings = st.builds(
    Finding,
    rule=text,
    severity=st.sampled_from(list(Severity)),
    message=text,
    path=maybe,
    source=sources,
)
plans = st.builds(
    Plan,
    document=documents,
    preamble=st.lists(blocks, max_size=2),
    strategic_objectives=st.lists(oss, max_size=3),
    unassigned=st.lists(blocks, max_size=2),
    findings=st.lists(findings, max_size=2),
)

# Modest example counts keep the suite fast; each plan is large enough to hold many cases.
_settings = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_settings
@given(plans)
def test_yaml_round_trip(plan: Plan) -> None:
    text = render(plan, "yaml")
    again = load_plan(text, name="gen.yaml")
    assert again == plan
    assert render(again, "yaml") == text


@settings(_settings, max_examples=25)
@given(plans)
def test_json_round_trip(plan: Plan) -> None:
    text = render(plan, "json")
    assert load_plan(text, name="gen.json") == plan
    assert load_plan(text.encode("utf-8")) == plan


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(value)
    return str(value)


@_settings
@given(plans)
def test_flat_exports_hold_every_record(plan: Plan) -> None:
    rows = list(action_rows(plan))
    parsed = list(csv.reader(io.StringIO(render(plan, "csv"), newline="")))
    assert [unguard(c) for c in parsed[0]] == header(field_keys([plan]))
    # Cells that would run as formulas carry a leading quote (exporters.cells).
    assert [[unguard(c) for c in row] for row in parsed[1:]] == [
        [_cell(v) for v in row.values()] for row in rows
    ]
    # Not splitlines(): it would also split on U+2028 etc., which JSON leaves unescaped.
    lines = render(plan, "jsonl").split("\n")
    assert lines.pop() == ""
    assert len(lines) == len(rows)
    columns = field_columns(field_keys([plan]))
    for line, row in zip(lines, rows, strict=True):
        record = json.loads(line)
        for key in (*LEAD_KEYS, *PROVENANCE_KEYS):
            assert record[key] == row[key]
        flattened = {columns[key]: value for key, value in record["fields"].items()}
        assert flattened == {name: row[name] for name in columns.values() if row[name] is not None}
    text = render(plan, "tsv")
    lines = text.split("\n")
    assert lines.pop() == ""
    assert len(lines) == 1 + len(rows)
    cells = [line.split("\t") for line in lines]
    assert [[tsv_unescape(cell) for cell in row] for row in cells] == parsed
    assert all(not needs_guard(cell) or cell.startswith("'") for row in parsed for cell in row)


@given(text)
def test_tsv_escape_round_trip(value: str) -> None:
    escaped = tsv_escape(value)
    assert not {"\t", "\n", "\r"} & set(escaped)
    assert tsv_unescape(escaped) == value
