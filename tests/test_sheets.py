"""Spreadsheet exports (XLSX, Excel-ready CSV, TSV), the formula guard, and reading them back.

Every export is checked by reading it back with an independent reader: the csv module
for CSV/TSV, openpyxl (test extra only) for XLSX.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pstparse.cli import app
from pstparse.exporters import (
    REGISTRY,
    action_rows,
    export,
    field_keys,
    format_from_suffix,
    get_format,
    render,
)
from pstparse.exporters.cells import FORMULA_TRIGGERS, guard, needs_guard, unguard
from pstparse.exporters.reading import read_plan
from pstparse.exporters.rows import header
from pstparse.exporters.xlsx import CELL_MAX, WIDTH_MAX, WIDTH_MIN
from pstparse.model.errors import PlanError, UsageError
from pstparse.model.plan import (
    Action,
    Document,
    Finding,
    OperationalObjective,
    Plan,
    Severity,
    Source,
    StrategicObjective,
)
from pstparse.options import ExportOptions
from tests import golden_files
from tests.test_exporters import TRICKY, sample_plan

runner = CliRunner()
SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "seed000_pst_gembloux.txt"
HOSTILE = ['=HYPERLINK("http://x")', "+1+2", "-3", "@SUM(A1)", "\tx", "\rx", "'=1"]


def _workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _values(ws: object) -> list[list[object]]:
    return [[cell.value for cell in row] for row in ws.iter_rows()]  # type: ignore[attr-defined]


def hostile_plan() -> Plan:
    """A plan whose titles, fields and details start like formulas."""
    return Plan(
        document=Document(path="p.txt", title="=cmd|' /C calc'!A0"),
        strategic_objectives=[
            StrategicObjective(
                code="1",
                title=HOSTILE[0],
                operational_objectives=[
                    OperationalObjective(
                        code="1.1",
                        title=HOSTILE[1],
                        actions=[
                            Action(
                                code=str(i),
                                title=title,
                                details=["-point", "@autre"],
                                fields={"pilote": "=A1", "budget": "-5"},
                                source=Source(line=i + 1),
                            )
                            for i, title in enumerate(HOSTILE)
                        ],
                    )
                ],
            )
        ],
    )


# --------------------------------------------------------------------------- registry


def test_command_line_offers_every_registered_format() -> None:
    from pstparse.cli import OutFormat

    assert [f.value for f in OutFormat] == [f.name for f in REGISTRY]


def test_registry_names_suffixes_and_kinds() -> None:
    assert format_from_suffix("plan.XLSX") == "xlsx"
    assert format_from_suffix("plan.xml") == "ecomptes"
    assert get_format("xlsx").binary and not get_format("xlsx").several
    assert not get_format("ecomptes").binary and not get_format("ecomptes").several
    assert {f.name for f in REGISTRY if f.table} == {"csv", "tsv"}
    assert [f.name for f in REGISTRY][:5] == ["yaml", "json", "jsonl", "csv", "tsv"]
    with pytest.raises(UsageError, match="only for csv and tsv"):
        export(sample_plan(), "xlsx", ExportOptions(excel=True))
    with pytest.raises(UsageError, match="only chosen for csv"):
        export(sample_plan(), "tsv", ExportOptions(delimiter=";"))


# --------------------------------------------------------------------------- XLSX


def test_xlsx_sheets_hold_the_plan() -> None:
    plan = sample_plan()
    plan.findings = [
        Finding(rule="numbering-gap", severity=Severity.WARNING, message="m", path="p")
    ]
    wb = _workbook(render(plan, "xlsx"))  # type: ignore[arg-type]
    assert wb.sheetnames == ["Actions", "Objectifs", "Constats", "Document"]
    actions = _values(wb["Actions"])
    assert actions[0] == [*header(field_keys([plan])), "action_label", "action_text"]
    expected = [
        ["\n".join(v) if isinstance(v, list) else v for v in row.values()]
        for row in action_rows(plan)
    ]
    cleaned = [[None if v == "" else v for v in row] for row in expected]
    width = len(actions[0]) - 2
    assert [row[:width] for row in actions[1:]] == [row[:width] for row in cleaned]
    objectives = _values(wb["Objectifs"])
    assert [row[:3] for row in objectives[1:]] == [
        ["OS", "1", None],
        ["OO", "1", "1.1"],
        ["OO", "1", "1.2"],
        ["OS", "2", None],
    ]
    assert _values(wb["Constats"])[1][:4] == ["numbering-gap", "warning", "m", "p"]
    document = dict(row[:2] for row in _values(wb["Document"])[1:])  # type: ignore[misc]
    assert document["title"] == "PST 2019-2024" and document["pages"] == 3
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A1:")
        for letter, dim in ws.column_dimensions.items():
            assert WIDTH_MIN <= dim.width <= WIDTH_MAX + 1, (ws.title, letter)


def test_xlsx_cells_are_strings_or_numbers_never_formulas() -> None:
    data = render(hostile_plan(), "xlsx")
    assert isinstance(data, bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for member in zf.namelist():
            if member.startswith("xl/worksheets/"):
                assert b"<f>" not in zf.read(member) and b"<f " not in zf.read(member)
    wb = _workbook(data)
    ws = wb["Actions"]
    for row, original in zip(ws.iter_rows(min_row=2), HOSTILE, strict=True):
        for cell in row:
            assert cell.data_type in ("s", "n"), (cell.coordinate, cell.data_type)
        # Shown as text and kept text when edited, with no visible apostrophe.
        assert row[7].quotePrefix == needs_guard(original), original
        assert row[7].value.lstrip("'") == row[7].value or original.startswith("'")
    again = read_plan(data, name="hostile.xlsx")
    titles = [a.title for a in again.strategic_objectives[0].operational_objectives[0].actions]
    assert titles == HOSTILE
    assert isinstance(ws["S2"].value, int)  # provenance: line, a number
    raw = _workbook(render(hostile_plan(), "xlsx", options=ExportOptions(raw_cells=True)))  # type: ignore[arg-type]
    assert not any(c.quotePrefix for row in raw["Actions"].iter_rows() for c in row)


def test_xlsx_wraps_long_and_multiline_text() -> None:
    wb = _workbook(render(sample_plan(), "xlsx"))  # type: ignore[arg-type]
    ws = wb["Actions"]
    details = ws["J2"]
    assert "\n" in details.value and details.alignment.wrap_text
    assert not ws["C2"].alignment.wrap_text  # a short code stays on one line


def test_xlsx_is_byte_identical_from_run_to_run(tmp_path: Path) -> None:
    outputs = []
    for n in range(2):
        out = tmp_path / f"plan{n}.xlsx"
        result = runner.invoke(app, ["extract", str(SAMPLE), "-o", str(out)])
        assert result.exit_code == 0, result.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan0.xlsx", "plan1.xlsx"]


def test_xlsx_long_cell_is_split_never_truncated() -> None:
    long_text = ("mot " * 20_000).strip()  # 79,999 characters: three pieces
    plan = sample_plan()
    plan.strategic_objectives[0].actions[1].description = long_text
    result = export(plan, "xlsx")
    assert [f.rule for f in result.findings] == ["cell-split"]
    assert "79999 characters" in result.findings[0].message
    wb = _workbook(result.data)  # type: ignore[arg-type]
    head = _values(wb["Actions"])[0]
    assert head[-2:] == ["action_description (suite 2)", "action_description (suite 3)"]
    assert all(
        len(str(c.value)) <= CELL_MAX for row in wb["Actions"].iter_rows() for c in row if c.value
    )
    again = read_plan(result.data, name="long.xlsx")  # type: ignore[arg-type]
    assert again.strategic_objectives[0].actions[1].description == long_text


def test_xlsx_round_trip_is_the_plan() -> None:
    plan = sample_plan()
    plan.preamble = []
    again = read_plan(render(plan, "xlsx"), name="p.xlsx")  # type: ignore[arg-type]
    assert again.strategic_objectives == [
        _provenance_only(os_) for os_ in plan.strategic_objectives
    ]
    assert again.document.title == plan.document.title
    assert again.document.kind == plan.document.kind


def _provenance_only(os_: StrategicObjective) -> StrategicObjective:
    # The sheets keep page, line, table, row and column of each item (not line_end,
    # paragraph or bbox).
    def cut(source: Source | None) -> Source | None:
        if source is None:
            return None
        return Source(**source.model_dump(include={"page", "line", "table", "row", "column"}))

    copy = os_.model_copy(deep=True)
    copy.source = cut(copy.source)
    for action in copy.actions:
        action.source = cut(action.source)
    for oo in copy.operational_objectives:
        oo.source = cut(oo.source)
        for action in oo.actions:
            action.source = cut(action.source)
    return copy


def test_edit_a_title_in_excel_then_convert(tmp_path: Path) -> None:
    book = tmp_path / "plan.xlsx"
    assert runner.invoke(app, ["extract", str(SAMPLE), "-o", str(book)]).exit_code == 0
    wb = openpyxl.load_workbook(book)
    ws = wb["Actions"]
    assert ws["H1"].value == "action_title"
    old = ws["H3"].value
    ws["H3"] = "Titre corrigé dans le tableur"
    wb["Objectifs"]["E2"] = "OS renommé"
    wb.save(book)
    result = runner.invoke(app, ["convert", str(book)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    plan = yaml.safe_load(result.stdout)
    first = plan["strategic_objectives"][0]
    assert first["title"] == "OS renommé"
    titles = [a["title"] for a in first["operational_objectives"][0]["actions"]]
    assert "Titre corrigé dans le tableur" in titles and old not in titles


def test_convert_refuses_a_foreign_workbook(tmp_path: Path) -> None:
    book = tmp_path / "autre.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Budget"  # type: ignore[union-attr]
    wb.save(book)
    result = runner.invoke(app, ["convert", str(book)])
    assert result.exit_code == 2
    assert "no sheet named Actions" in result.stderr and "Traceback" not in result.stderr
    with pytest.raises(PlanError, match="zip"):
        read_plan(b"PK\x03\x04garbage", name="bad.xlsx")


# --------------------------------------------------------------------------- CSV / TSV


def test_excel_csv_has_semicolons_bom_and_crlf() -> None:
    result = runner.invoke(app, ["extract", str(SAMPLE), "-f", "csv", "--excel"])
    assert result.exit_code == 0 and result.stderr == ""
    data = result.stdout_bytes
    assert data.startswith("\ufeffdocument;kind;os_code".encode())
    assert data.count(b"\r\n") >= 61  # header and 60 records end with CRLF
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert len(rows) == 61 and all(len(r) == len(rows[0]) for r in rows)
    assert text.endswith("\r\n")


@pytest.mark.parametrize("delimiter", ["|", ";", ","])
def test_delimiter_sets_the_separator(delimiter: str) -> None:
    result = runner.invoke(app, ["extract", str(SAMPLE), "-f", "csv", "--delimiter", delimiter])
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout, newline=""), delimiter=delimiter))
    assert rows[0][:3] == ["document", "kind", "os_code"] and len(rows) == 61
    plan = read_plan(result.stdout_bytes, name="p.csv")
    assert (
        sum(
            len(oo.actions)
            for os_ in plan.strategic_objectives
            for oo in os_.operational_objectives
        )
        + sum(len(os_.actions) for os_ in plan.strategic_objectives)
        == 60
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "csv", "--delimiter", "ab"], "one character"),
        (["-f", "csv", "--delimiter", '"'], "not a quote"),
        (["-f", "tsv", "--delimiter", ";"], "only chosen for csv"),
        (["-f", "yaml", "--excel"], "only for csv and tsv"),
        (["-f", "xlsx", "--bom"], "only written for csv and tsv"),
    ],
)
def test_table_option_misuse_is_a_usage_error(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["extract", str(SAMPLE), *args])
    assert result.exit_code == 2
    assert message in result.stderr and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_formula_guard_in_csv_and_tsv(fmt: str) -> None:
    text = render(hostile_plan(), fmt)
    assert isinstance(text, str)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(text, newline="")))
    else:
        rows = [line.split("\t") for line in text.split("\n")[:-1]]
    titles = [row[7] for row in rows[1:]]
    # A person's spreadsheet sees text: nothing starts with a trigger any more.
    assert all(t[:1] not in FORMULA_TRIGGERS for row in rows for t in row)
    assert titles[0].startswith("'=HYPERLINK")
    raw = render(hostile_plan(), fmt, options=ExportOptions(raw_cells=True))
    assert isinstance(raw, str) and "=HYPERLINK" in raw and "'=HYPERLINK" not in raw
    plan = read_plan(text.encode(), name=f"p.{fmt}")
    got = [a.title for a in plan.strategic_objectives[0].operational_objectives[0].actions]
    assert got == HOSTILE
    assert plan.strategic_objectives[0].operational_objectives[0].actions[0].details == [
        "-point",
        "@autre",
    ]


def test_raw_cells_option_on_the_command_line(tmp_path: Path) -> None:
    source = tmp_path / "plan.yaml"
    source.write_text(render(hostile_plan(), "yaml"), encoding="utf-8")  # type: ignore[arg-type]
    guarded = runner.invoke(app, ["convert", str(source), "-f", "csv"])
    raw = runner.invoke(app, ["convert", str(source), "-f", "csv", "--raw-cells"])
    assert guarded.exit_code == raw.exit_code == 0
    assert "'+1+2" in guarded.stdout and "'+1+2" not in raw.stdout and "+1+2" in raw.stdout


@given(st.text(max_size=12))
def test_guard_is_reversible(value: str) -> None:
    guarded = guard(value)
    assert unguard(guarded) == value
    assert guarded[:1] not in FORMULA_TRIGGERS
    assert guarded == value or guarded == "'" + value


def test_tsv_line_breaks_are_escaped_and_come_back() -> None:
    plan = sample_plan()
    text = render(plan, "tsv")
    assert isinstance(text, str)
    lines = text.split("\n")[:-1]
    assert len(lines) == 1 + len(list(action_rows(plan)))  # one record, one line
    assert "\\n" in text and "\\t" in text
    again = read_plan(text.encode(), name="p.tsv")
    action = again.strategic_objectives[0].actions[0]
    assert action.title == TRICKY
    assert action.details == ["point a", "point\tb"]
    oo_action = again.strategic_objectives[0].operational_objectives[1].actions[0]
    assert oo_action.description == "Une description\navec retour"


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.text(
            # XML 1.0 (XLSX) cannot hold control characters; the other tables are
            # tested with them in tests/test_roundtrip.py.
            alphabet=st.characters(blacklist_categories=("Cs", "Cc")),
            min_size=1,
            max_size=20,
        ).filter(lambda t: t.strip() == t and t),
        min_size=1,
        max_size=4,
    ),
    st.sampled_from(["csv", "tsv", "xlsx", "excel"]),
)
def test_titles_survive_every_table(titles: list[str], fmt: str) -> None:
    plan = Plan(
        strategic_objectives=[
            StrategicObjective(
                code="1",
                title="OS",
                operational_objectives=[
                    OperationalObjective(
                        code="1.1",
                        title="OO",
                        actions=[Action(code=str(i), title=t) for i, t in enumerate(titles)],
                    )
                ],
            )
        ]
    )
    options = ExportOptions(excel=fmt == "excel")
    data = render(plan, "csv" if fmt == "excel" else fmt, options=options)
    raw = data if isinstance(data, bytes) else data.encode()
    again = read_plan(raw, name="t")
    got = [a.title for a in again.strategic_objectives[0].operational_objectives[0].actions]
    assert got == titles


def test_several_inputs_need_a_directory_for_binary_output(tmp_path: Path) -> None:
    other = tmp_path / "b.txt"
    other.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(app, ["extract", str(SAMPLE), str(other), "-f", "xlsx"])
    assert result.exit_code == 2
    assert "need -o DIRECTORY/" in result.stderr
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(SAMPLE), str(other), "-f", "xlsx", "-o", f"{out}/"])
    assert result.exit_code == 0, result.stderr
    books = sorted(p.name for p in out.iterdir())
    assert books == ["b.xlsx", "seed000_pst_gembloux.xlsx"]
    assert _workbook((out / "b.xlsx").read_bytes()).sheetnames[0] == "Actions"


def test_xlsx_to_standard_output_is_the_same_workbook(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(SAMPLE), "-f", "xlsx"])
    assert result.exit_code == 0 and result.stderr == ""
    out = tmp_path / "plan.xlsx"
    assert runner.invoke(app, ["extract", str(SAMPLE), "-o", str(out)]).exit_code == 0
    assert result.stdout_bytes == out.read_bytes()
    assert _workbook(result.stdout_bytes)["Actions"].max_row == 61
    converted = runner.invoke(app, ["convert", "-", "-f", "json"], input=result.stdout_bytes)
    assert converted.exit_code == 0, converted.stderr
    assert '"strategic_objectives"' in converted.stdout


def test_convert_a_table_holding_several_documents_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "b.txt"
    other.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    table = runner.invoke(app, ["extract", str(SAMPLE), str(other), "-f", "csv"])
    assert table.exit_code == 0
    result = runner.invoke(app, ["convert", "-"], input=table.stdout_bytes)
    assert result.exit_code == 2
    assert "holds 2 documents" in result.stderr and result.stdout == ""


GOLDEN = golden_files.samples()
_KEPT_SOURCE = ("page", "line", "table", "row", "column")


def _tree(plan: Plan) -> object:
    """The OS/OO/action tree, provenance cut to what the sheets hold."""

    def walk(value: object, key: str = "") -> object:
        if key == "source" and isinstance(value, dict):
            kept = {k: value[k] for k in _KEPT_SOURCE if value.get(k) is not None}
            return kept or None
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    return walk(plan.model_dump()["strategic_objectives"])


@pytest.mark.parametrize("golden", GOLDEN)
def test_every_golden_plan_round_trips_through_xlsx(golden: str) -> None:
    from pstparse.exporters import load_plan

    plan = load_plan(golden_files.load_json(golden).encode(), name=golden)
    again = read_plan(render(plan, "xlsx"), name="again.xlsx")  # type: ignore[arg-type]
    assert _tree(again) == _tree(plan)
    assert again.findings == [
        f.model_copy(update={"source": _cut_source(f.source)}) for f in plan.findings
    ]


def _cut_source(source: Source | None) -> Source | None:
    if source is None:
        return None
    kept = source.model_dump(include=set(_KEPT_SOURCE), exclude_none=True)
    return Source(**kept) if kept else None


def _outline(plan: Plan) -> list[object]:
    """What a CSV/TSV row holds of the tree: codes, titles, action texts."""

    def actions(items: list[Action]) -> list[object]:
        return [(a.code, a.title, a.description, a.details) for a in items]

    return [
        (
            os_.code,
            os_.title,
            actions(os_.actions),
            [(oo.code, oo.title, actions(oo.actions)) for oo in os_.operational_objectives],
        )
        for os_ in plan.strategic_objectives
    ]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "excel"])
def test_every_golden_plan_round_trips_through_csv_and_tsv(fmt: str) -> None:
    from pstparse.exporters import load_plan

    for golden in GOLDEN:
        plan = load_plan(golden_files.load_json(golden).encode(), name=golden)
        options = ExportOptions(excel=fmt == "excel")
        text = render(plan, "csv" if fmt == "excel" else fmt, options=options)
        assert isinstance(text, str)
        again = read_plan(text.encode("utf-8"), name=f"again.{fmt}")
        assert _outline(again) == _outline(plan), golden


def test_excel_csv_of_several_inputs_has_one_header(tmp_path: Path) -> None:
    other = tmp_path / "b.txt"
    other.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(app, ["extract", str(SAMPLE), str(other), "-f", "csv", "--excel"])
    assert result.exit_code == 0
    data = result.stdout_bytes
    assert data.startswith(b"\xef\xbb\xbfdocument;") and data.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert [r[0] for r in rows].count("document") == 1 and len(rows) == 121


def test_a_table_resaved_by_excel_in_windows_1252_is_read() -> None:
    plan = sample_plan()
    plan.strategic_objectives[0].actions[0].title = "Café à l'école"
    text = render(plan, "csv", options=ExportOptions(delimiter=";"))
    assert isinstance(text, str)
    data = text.encode("cp1252", errors="replace")
    plan = read_plan(data, name="resaved.csv")
    assert plan.strategic_objectives[0].actions[0].title == "Café à l'école"
