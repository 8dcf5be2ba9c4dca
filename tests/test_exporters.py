"""Exporters on hand-built plans: every format, the flat records, loading and writing."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pstparse.exporters import (
    MAX_PLAN_BYTES,
    REGISTRY,
    STANDARD_FIELDS,
    MultiWriter,
    action_rows,
    atomic,
    export,
    extra_field_keys,
    format_from_suffix,
    load_plan,
    render,
    write_atomic,
)
from pstparse.exporters.registry import export_many
from pstparse.exporters.rows import LEAD_KEYS, PROVENANCE_KEYS
from pstparse.model.errors import PlanError, PstparseError, UsageError
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
from pstparse.options import ExportOptions
from tests import golden_files

TRICKY = 'Améliorer l\'accès « aux soins »,\tdit "le CPAS"\nsur deux lignes; coût 5 € \\ fin'


def sample_plan() -> Plan:
    """A plan exercising every shape the flat exports must handle."""
    return Plan(
        document=Document(path="docs/pst.pdf", kind=Kind.DPS, title="PST 2019-2024", pages=3),
        preamble=[TextBlock(text="Préambule", role="title", source=Source(page=1))],
        strategic_objectives=[
            StrategicObjective(
                code="1",
                title="Être une commune solidaire",
                fields={"pilote": "Collège", "Thème": "Social"},
                actions=[
                    Action(
                        code="1.0.1",
                        title=TRICKY,
                        details=["point a", "point\tb"],
                        fields={"budget": "10 000 €", "Remarque": "urgent"},
                        source=Source(page=2, table=1, row=3, column=2),
                    ),
                    Action(code="1.0.2", title="Deuxième action directe"),
                ],
                operational_objectives=[
                    OperationalObjective(code="1.1", title="OO sans action", source=Source(line=7)),
                    OperationalObjective(
                        code="1.2",
                        title="OO avec actions",
                        fields={"pilote": "DG"},
                        actions=[
                            Action(
                                code="1.2.1",
                                title="Action d'un OO",
                                description="Une description\navec retour",
                                text="Action d'un OO : Une description avec retour",
                                fields={"odd": "3", "page": "p. 12"},
                                source=Source(line=12, line_end=14),
                            ),
                        ],
                    ),
                ],
            ),
            StrategicObjective(code="2", title="OS sans rien", source=Source(page=3)),
        ],
        unassigned=[TextBlock(text="reste")],
        findings=[Finding(rule="numbering-gap", severity=Severity.WARNING, message="1.3 manque")],
    )


# --- format names --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("out.yaml", "yaml"),
        ("out.YML", "yaml"),
        ("a/b.json", "json"),
        ("x.jsonl", "jsonl"),
        ("x.NDJSON", "jsonl"),
        ("x.Csv", "csv"),
        ("x.tsv", "tsv"),
        ("x.tab", "tsv"),
        ("x.txt", None),
        ("noext", None),
        ("archive.csv.gz", None),
    ],
)
def test_format_from_suffix(name: str, expected: str | None) -> None:
    assert format_from_suffix(name) == expected
    assert format_from_suffix(Path(name)) == expected


def test_render_rejects_unknown_format_and_misplaced_bom() -> None:
    plan = sample_plan()
    with pytest.raises(UsageError, match="unknown format"):
        render(plan, "xml")
    for fmt in ("yaml", "json", "jsonl"):
        with pytest.raises(UsageError):
            render(plan, fmt, bom=True)
    assert render(plan, "CSV") == render(plan, "csv")
    assert issubclass(UsageError, PstparseError)


# --- flat records ----------------------------------------------------------------------


def test_action_rows_order_and_shape() -> None:
    rows = list(action_rows(sample_plan()))
    expected_fields = [*STANDARD_FIELDS, "Thème", "Remarque", "field:page"]
    expected_keys = [*LEAD_KEYS, *expected_fields, *PROVENANCE_KEYS]
    for row in rows:
        assert list(row) == expected_keys
    # OS direct actions, then OO without action (one record), then the OO's action,
    # then the bare OS (one record).
    assert [(r["os_code"], r["oo_code"], r["action_code"]) for r in rows] == [
        ("1", None, "1.0.1"),
        ("1", None, "1.0.2"),
        ("1", "1.1", None),
        ("1", "1.2", "1.2.1"),
        ("2", None, None),
    ]
    first, second, oo_only, oo_action, bare = rows
    assert first["document"] == "docs/pst.pdf"
    assert first["kind"] == "dps"
    assert first["action_title"] == TRICKY
    assert first["action_details"] == ["point a", "point\tb"]
    assert (first["page"], first["table"], first["row"], first["column"]) == (2, 1, 3, 2)
    # Fields of the OS apply below it; the item's own fields are kept.
    assert first["pilote"] == "Collège"
    assert first["budget"] == "10 000 €"
    assert first["Remarque"] == "urgent"
    assert first["Thème"] == "Social"
    assert second["Remarque"] is None
    assert second["action_details"] == []
    assert oo_only["action_title"] is None
    assert oo_only["oo_title"] == "OO sans action"
    assert oo_only["line"] == 7  # provenance of the deepest item: the OO
    # A deeper item's value wins over its ancestor's.
    assert oo_action["pilote"] == "DG"
    assert oo_action["odd"] == "3"
    # A field named like a fixed column does not overwrite it.
    assert oo_action["field:page"] == "p. 12"
    assert oo_action["page"] is None
    assert oo_action["line"] == 12
    assert oo_action["action_description"] == "Une description\navec retour"
    assert bare["os_title"] == "OS sans rien"
    assert bare["page"] == 3
    assert bare["action_title"] is None and bare["oo_code"] is None


def test_extra_field_keys_in_order_of_first_appearance() -> None:
    plan = sample_plan()
    assert extra_field_keys([plan]) == ["Thème", "Remarque", "page"]
    other = Plan(
        strategic_objectives=[StrategicObjective(title="x", fields={"Zeta": "z", "Remarque": "r"})]
    )
    assert extra_field_keys([plan, other]) == ["Thème", "Remarque", "page", "Zeta"]


# --- CSV / TSV -----------------------------------------------------------------------


def _expected_cells(plan: Plan) -> list[list[str]]:
    def cell(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, list):
            return "\n".join(value)
        return str(value)

    return [[cell(v) for v in row.values()] for row in action_rows(plan)]


def test_csv_parses_back_to_the_records() -> None:
    plan = sample_plan()
    text = render(plan, "csv")
    assert not text.startswith("\ufeff")
    assert text.endswith("\r\n")
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    header, *body = parsed
    assert header == list(next(action_rows(plan)))
    assert header[: len(LEAD_KEYS)] == list(LEAD_KEYS)
    assert header[-len(PROVENANCE_KEYS) :] == list(PROVENANCE_KEYS)
    assert body == _expected_cells(plan)
    # Details are one cell, joined with a line feed.
    assert body[0][header.index("action_details")] == "point a\npoint\tb"


def test_csv_bom() -> None:
    plan = sample_plan()
    text = render(plan, "csv", bom=True)
    assert text.startswith("\ufeff")
    assert text[1:] == render(plan, "csv")
    assert render(plan, "tsv", bom=True) == "\ufeff" + render(plan, "tsv")


def _tsv_unescape(cell: str) -> str:
    out: list[str] = []
    chars = iter(cell)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars)
            out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}[nxt])
        else:
            out.append(ch)
    return "".join(out)


def test_tsv_one_line_per_record_and_reversible_escapes() -> None:
    plan = sample_plan()
    text = render(plan, "tsv")
    assert "\r" not in text
    lines = text.split("\n")
    assert lines[-1] == ""
    lines = lines[:-1]
    records = list(action_rows(plan))
    assert len(lines) == 1 + len(records)
    width = len(records[0])
    assert all(line.count("\t") == width - 1 for line in lines)
    body = [[_tsv_unescape(c) for c in line.split("\t")] for line in lines[1:]]
    assert body == _expected_cells(plan)
    assert r"\t" in lines[1]  # the tab in the title, escaped


def test_tabular_header_even_without_objectives() -> None:
    plan = Plan()
    for fmt, end in (("csv", "\r\n"), ("tsv", "\n")):
        text = render(plan, fmt)
        lines = text.split(end)
        assert lines[1:] == [""]
        sep = "," if fmt == "csv" else "\t"
        assert lines[0].split(sep) == [*LEAD_KEYS, *STANDARD_FIELDS, *PROVENANCE_KEYS]
    assert render(plan, "jsonl") == ""


# --- JSON / JSON Lines -----------------------------------------------------------------


def test_json_is_the_complete_dump() -> None:
    plan = sample_plan()
    text = render(plan, "json")
    assert text.endswith("}\n")
    assert "Collège" in text  # not escaped as \u00e8
    assert json.loads(text) == plan.model_dump(mode="json")
    assert '\n  "schema_version"' in text  # indent=2
    assert load_plan(text) == plan
    assert load_plan(text.encode("utf-8")) == plan


@pytest.mark.parametrize("golden", golden_files.samples())
def test_json_bytes_equal_json_dumps_of_the_dump(golden: str) -> None:
    # render_json uses pydantic's serialiser; it must write exactly what json.dumps wrote.
    plan = load_plan(golden_files.load_json(golden))
    old = json.dumps(plan.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    assert render(plan, "json") == old


def test_json_bytes_equal_json_dumps_on_awkward_text() -> None:
    plan = sample_plan()
    plan.document.title = 'ctl \x00\x1f\x7f sep \u2028 quote " back \\ tab\t nl\n 😀 é'
    old = json.dumps(plan.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    assert render(plan, "json") == old


def test_json_export_is_utf8_bytes_and_render_still_gives_text() -> None:
    # The JSON exporter hands pydantic's UTF-8 bytes to the writers (a large plan's JSON
    # is not held as a str); render() keeps its contract: text for a text format.
    plan = sample_plan()
    plan.document.title = "Collège 😀 é"
    exported = export(plan, "json")
    assert isinstance(exported.data, bytes)
    text = render(plan, "json")
    assert isinstance(text, str)
    assert exported.data == text.encode("utf-8")
    assert exported.text() == text
    assert export_many([plan, plan], "json") == "[\n" + text.rstrip("\n") + ",\n" + (
        text.rstrip("\n") + "\n]\n"
    )


def test_jsonl_records() -> None:
    plan = sample_plan()
    text = render(plan, "jsonl")
    lines = text.splitlines()
    assert text.endswith("\n")
    flat = list(action_rows(plan))
    assert len(lines) == len(flat)
    for line, row in zip(lines, flat, strict=True):
        assert ": " not in line.replace(TRICKY, "")  # compact separators
        record = json.loads(line)
        assert list(record) == [*LEAD_KEYS, "fields", *PROVENANCE_KEYS]
        for key in (*LEAD_KEYS, *PROVENANCE_KEYS):
            assert record[key] == row[key]
    first = json.loads(lines[0])
    assert first["fields"] == {
        "pilote": "Collège",
        "Thème": "Social",
        "budget": "10 000 €",
        "Remarque": "urgent",
    }
    assert json.loads(lines[3])["fields"]["page"] == "p. 12"
    assert json.loads(lines[2])["action_details"] == []


# --- YAML ------------------------------------------------------------------------------


def test_yaml_is_pruned_but_keeps_code_and_title() -> None:
    plan = sample_plan()
    plan.strategic_objectives.append(StrategicObjective(title="sans code"))
    text = render(plan, "yaml")
    data = yaml.safe_load(text)
    assert list(data) == [
        "schema_version",
        "document",
        "preamble",
        "strategic_objectives",
        "unassigned",
        "findings",
    ]
    assert "preamble" in data and "findings" in data
    last = data["strategic_objectives"][-1]
    assert last == {"code": None, "title": "sans code"}
    direct = data["strategic_objectives"][0]["actions"][1]
    assert direct == {"code": "1.0.2", "title": "Deuxième action directe"}
    assert "label" not in data["strategic_objectives"][0]
    assert "é" in text and "\\xE9" not in text
    assert "&" not in text and "*" not in text
    oo_action = data["strategic_objectives"][0]["operational_objectives"][1]["actions"][0]
    assert oo_action["description"] == "Une description\navec retour"
    # Multi-line text is a literal block.
    assert "description: |-\n" in text
    # Provenance is compact, on one line.
    assert "source: {page: 2, table: 1, row: 3, column: 2}\n" in text


def test_yaml_top_level_kept_for_empty_plan() -> None:
    text = render(Plan(), "yaml")
    data = yaml.safe_load(text)
    assert data == {
        "schema_version": "1.0",
        "document": {"kind": "pst"},
        "strategic_objectives": [],
    }
    assert load_plan(text) == Plan()


def test_yaml_round_trip_is_exact() -> None:
    plan = sample_plan()
    # An all-None Source must come back as Source(), not None.
    plan.strategic_objectives[1].actions.append(Action(title="vide", source=Source()))
    text = render(plan, "yaml")
    again = load_plan(text, name="plan.yaml")
    assert again == plan
    assert render(again, "yaml") == text


def test_yaml_shared_objects_are_not_aliased() -> None:
    shared = Source(page=4)
    action = Action(title="a", source=shared, details=["x"])
    plan = Plan(strategic_objectives=[StrategicObjective(title="o", actions=[action, action])])
    text = render(plan, "yaml")
    assert "&" not in text and "*" not in text
    assert load_plan(text) == plan


# --- MultiWriter -----------------------------------------------------------------------


def test_multiwriter_writes_one_header_for_several_plans() -> None:
    one, two = sample_plan(), Plan(strategic_objectives=[StrategicObjective(title="seul")])
    buffer = io.StringIO(newline="")
    writer = MultiWriter(buffer, "csv", extra_fields=extra_field_keys([one, two]), bom=True)
    assert writer.write_plan(one) == 5
    assert writer.write_plan(two) == 1
    assert writer.records == 6
    text = buffer.getvalue()
    assert text.count("\ufeff") == 1 and text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert rows[0][0] == "document"
    assert sum(1 for r in rows if r[0] == "document") == 1
    assert len(rows) == 7
    assert rows[-1][rows[0].index("os_title")] == "seul"


def test_multiwriter_refuses_unknown_field_instead_of_dropping_it() -> None:
    writer = MultiWriter(io.StringIO(), "tsv")
    with pytest.raises(UsageError, match="Thème"):
        writer.write_plan(sample_plan())


def test_multiwriter_jsonl_and_bad_formats() -> None:
    buffer = io.StringIO()
    writer = MultiWriter(buffer, "jsonl")
    writer.write_plan(sample_plan())
    writer.write_plan(sample_plan())
    assert buffer.getvalue() == render(sample_plan(), "jsonl") * 2
    with pytest.raises(UsageError):
        MultiWriter(io.StringIO(), "yaml")
    with pytest.raises(UsageError):
        MultiWriter(io.StringIO(), "jsonl", bom=True)


def test_every_format_renders_text_or_bytes() -> None:
    plan = sample_plan()
    plan.document.period_start, plan.document.period_end = 2019, 2024
    options = ExportOptions(ins=92142, type_admin="AC", exercice=2024)
    for entry in REGISTRY:
        data = render(plan, entry.name, options=options)
        if entry.binary:
            assert isinstance(data, bytes) and data
        else:
            assert isinstance(data, str) and data.endswith("\n")


# --- load_plan errors ------------------------------------------------------------------

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def _error(text: str | bytes, name: str = "plan.yaml") -> PlanError:
    with pytest.raises(PlanError) as info:
        load_plan(text, name=name)
    err = info.value
    assert "\n" not in str(err)
    assert str(err).startswith(f"{name}: ")
    assert err.path == name
    return err


def test_load_refuses_aliases() -> None:
    assert "YAML aliases are not allowed in a plan" in str(_error(BILLION_LAUGHS))
    anchor_only = "schema_version: &v '1.0'\nstrategic_objectives: []\n"
    assert "aliases are not allowed" in str(_error(anchor_only))


def test_load_malformed_yaml_and_json_give_position() -> None:
    err = _error("strategic_objectives:\n  - title: [unclosed\n  - title: x\n")
    assert "malformed YAML at line" in str(err) and "column" in str(err)
    err = _error('{"strategic_objectives": [}', name="p.json")
    assert "malformed JSON at line 1, column 27" in str(err)
    err = _error("a: 1\n\tb: 2\n")
    assert "malformed YAML" in str(err)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("- 1\n- 2\n", "not a plan: the top level is a list"),
        ("just a string\n", "not a plan: the top level is a str"),
        ("", "not a plan: the document is empty"),
        ("# only a comment\n", "not a plan: the document is empty"),
        ("[1, 2]", "not a plan"),
    ],
)
def test_load_refuses_non_mappings(text: str, needle: str) -> None:
    assert needle in str(_error(text))


def test_load_validation_errors_name_the_first_problems() -> None:
    missing = "strategic_objectives:\n  - code: '1'\n"
    assert str(_error(missing)) == (
        "plan.yaml: not a plan: missing key `title` in OS 1 (line 2, column 5)"
    )
    unknown = "strategic_objectives:\n  - title: x\n    titre: y\n"
    assert 'unknown key `titre` in OS "x" (line 3, column 5)' in str(_error(unknown))
    wrong = "strategic_objectives:\n  - title: x\n    source: {page: abc}\n"
    assert '`source.page` in OS "x" should be a whole number, not `abc`' in str(_error(wrong))
    wrong_type = "strategic_objectives: {title: x}\n"
    assert "`strategic_objectives` in the plan should be a list, not a mapping" in str(
        _error(wrong_type)
    )
    many = "a: 1\nb: 2\nc: 3\nd: 4\ne: 5\n"
    message = str(_error(many))
    assert message.count("unknown key") == 3 and "and 2 more problems" in message


def test_load_refuses_duplicate_keys() -> None:
    assert "duplicate key 'title'" in str(
        _error("strategic_objectives:\n  - title: x\n    title: y\n")
    )
    assert "duplicate key" in str(_error('{"preamble": [], "preamble": []}'))


def test_load_refuses_oversized_and_undecodable_input() -> None:
    big = b" " * (MAX_PLAN_BYTES + 1)
    assert "too large" in str(_error(big))
    assert "not UTF-8 text (invalid byte at offset 10)" in str(_error(b"title: caf\xe9\n"))


def test_load_refuses_deep_nesting() -> None:
    assert "nested too deeply" in str(_error("[" * 100_000 + "]" * 100_000))
    assert "nested too deeply" in str(_error("{" + '"a":{' * 100_000 + "}" * 100_001))


def test_load_refuses_python_tags() -> None:
    assert "malformed YAML" in str(_error("!!python/object/apply:os.system ['echo hi']\n"))


def test_load_hand_written_yaml_keeps_scalars_as_written() -> None:
    text = (
        "\ufeffschema_version: 1.0\n"
        "strategic_objectives:\n"
        "  - code: 1.10\n"
        "    title: yes\n"
        "    fields: {echeance: 2024-06-30, budget: 1e3}\n"
        "    source: {page: 3}\n"
        "    description: ~\n"
    )
    plan = load_plan(text)
    os_ = plan.strategic_objectives[0]
    assert plan.schema_version == "1.0"
    assert os_.code == "1.10"
    assert os_.title == "yes"
    assert os_.fields == {"echeance": "2024-06-30", "budget": "1e3"}
    assert os_.source == Source(page=3)
    assert os_.description is None


def test_load_bytes_with_boms() -> None:
    text = render(sample_plan(), "yaml")
    assert load_plan(b"\xef\xbb\xbf" + text.encode("utf-8")) == sample_plan()
    assert load_plan(text.encode("utf-16")) == sample_plan()


# --- write_atomic ----------------------------------------------------------------------


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def test_write_atomic_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    write_atomic(target, "a,b\r\nc,d\r\n")
    assert target.read_bytes() == b"a,b\r\nc,d\r\n"  # no newline translation
    target.chmod(0o640)
    write_atomic(target, "é", encoding="latin-1")
    assert target.read_bytes() == b"\xe9"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    write_atomic(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    assert _leftovers(tmp_path) == []


@settings(max_examples=150, deadline=None)
@given(
    text=st.lists(st.sampled_from(["a", "é", "€", "𝄞", "\n", "\r\n", ","]), max_size=40).map(
        "".join
    ),
    chunk=st.integers(1, 7),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_write_atomic_encodes_text_by_chunks_as_one_piece(
    text: str, chunk: int, encoding: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # Text is written a chunk at a time (a large JSON is never held as text and bytes at
    # once): the file must hold what encoding the whole text gives, one byte-order mark.
    target = tmp_path_factory.mktemp("chunks") / "out.txt"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(atomic, "WRITE_CHUNK_CHARS", chunk)
        write_atomic(target, text, encoding=encoding)
    assert target.read_bytes() == text.encode(encoding)


def test_write_atomic_does_not_write_through_a_symlink(tmp_path: Path) -> None:
    source = tmp_path / "input.txt"
    source.write_text("original", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(source)
    write_atomic(link, "new")
    assert source.read_text(encoding="utf-8") == "original"
    assert not link.is_symlink()
    assert link.read_text(encoding="utf-8") == "new"


@pytest.mark.parametrize("exc", [KeyboardInterrupt, OSError])
def test_write_atomic_cleans_up_on_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exc: type[BaseException]
) -> None:
    target = tmp_path / "out.yaml"
    target.write_text("old", encoding="utf-8")

    def boom(fd: int) -> None:
        raise exc("interrupted")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(exc):
        write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert _leftovers(tmp_path) == []
    assert [p.name for p in tmp_path.iterdir()] == ["out.yaml"]


def test_write_atomic_cleans_up_when_encoding_or_rename_fails(tmp_path: Path) -> None:
    with pytest.raises(UnicodeEncodeError):
        write_atomic(tmp_path / "x.txt", "€", encoding="latin-1")
    directory = tmp_path / "adir"
    directory.mkdir()
    (directory / "keep").write_text("k", encoding="utf-8")
    with pytest.raises(OSError):
        write_atomic(directory, "data")
    assert directory.is_dir()
    assert _leftovers(tmp_path) == []
    with pytest.raises(OSError):
        write_atomic(tmp_path / "missing" / "x.txt", "data")
