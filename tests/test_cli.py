"""The command line through typer's CliRunner: stdout, stderr and exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from pstparse.cli import app
from pstparse.model.plan import plan_json_schema
from tests.conftest import SHARED

SEED000 = SHARED / "seeds" / "000_17f37316603afe02.txt"
runner = CliRunner()

DUPLICATES = (
    "OS 1 - Mobilité\nOO 1.1 - Vélo\n• Créer des pistes\nOO 1.1 - Bus\n• Ajouter des lignes\n"
)


def test_extract_yaml_to_stdout() -> None:
    result = runner.invoke(app, ["extract", str(SEED000)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    data = yaml.safe_load(result.stdout)
    assert len(data["strategic_objectives"]) == 4
    assert data["document"]["kind"] == "pst"


def test_extract_json_and_pipe_into_validate() -> None:
    result = runner.invoke(app, ["extract", str(SEED000), "-f", "json"])
    assert result.exit_code == 0
    plan = json.loads(result.stdout)
    assert (
        sum(
            len(so["actions"]) + sum(len(oo["actions"]) for oo in so["operational_objectives"])
            for so in plan["strategic_objectives"]
        )
        == 60
    )
    yaml_out = runner.invoke(app, ["extract", str(SEED000)]).stdout
    checked = runner.invoke(app, ["validate", "-"], input=yaml_out)
    assert checked.exit_code == 0
    assert "numbering-gap" in checked.stderr and "4.1" in checked.stderr
    assert checked.stdout == ""


def test_output_suffix_picks_format(tmp_path: Path) -> None:
    out = tmp_path / "plan.csv"
    result = runner.invoke(app, ["extract", str(SEED000), "-o", str(out)])
    assert result.exit_code == 0
    assert result.stdout == ""
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 60
    assert list(rows[0])[:7] == [
        "document",
        "kind",
        "os_code",
        "os_title",
        "oo_code",
        "oo_title",
        "action_code",
    ]
    assert rows[0]["os_code"] == "1" and rows[0]["oo_code"] == "1.1"


def test_bom_for_excel() -> None:
    result = runner.invoke(app, ["extract", str(SEED000), "-f", "csv", "--bom"])
    assert result.exit_code == 0
    assert result.stdout.startswith("\ufeff")


def test_stdin_input() -> None:
    result = runner.invoke(app, ["extract", "-", "-f", "json"], input=SEED000.read_bytes())
    assert result.exit_code == 0
    assert json.loads(result.stdout)["document"]["path"] == "<stdin>"


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no such file"), (b"", "empty file"), (b"\x00\x01\x02" * 100, "binary")],
)
def test_bad_input_one_line_exit_2(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "bad.txt"
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0] and "bad.txt" in lines[0]
    assert "Traceback" not in result.stderr


def test_verbose_shows_traceback(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = runner.invoke(app, ["--verbose", "extract", str(path)])
    assert result.exit_code == 2
    assert "Traceback" in result.stderr


def test_batch_goes_on_past_a_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf at all")
    result = runner.invoke(app, ["extract", str(bad), str(SEED000), "-f", "jsonl"])
    assert result.exit_code == 2
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 60
    assert "bad.pdf" in result.stderr


def test_several_inputs_to_a_directory(tmp_path: Path) -> None:
    other = tmp_path / "dup.txt"
    other.write_text(DUPLICATES, encoding="utf-8")
    outdir = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(SEED000), str(other), "-o", f"{outdir}/"])
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in outdir.iterdir())
    assert names == ["000_17f37316603afe02.yaml", "dup.yaml"]


def test_strict_exits_1_on_error_findings(tmp_path: Path) -> None:
    path = tmp_path / "dup.txt"
    path.write_text(DUPLICATES, encoding="utf-8")
    assert runner.invoke(app, ["extract", str(path)]).exit_code == 0
    result = runner.invoke(app, ["extract", str(path), "--strict"])
    assert result.exit_code == 1
    assert yaml.safe_load(result.stdout)["strategic_objectives"]


def test_validate_json_report_and_error_exit(tmp_path: Path) -> None:
    plan_text = runner.invoke(app, ["extract", "-", "-f", "json"], input=DUPLICATES).stdout
    path = tmp_path / "plan.json"
    path.write_text(plan_text, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert "duplicate-code" in {f["rule"] for f in report["findings"]}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("strategic_objectives: [\n", "plan.yaml"),
        ("- just\n- a list\n", "not a plan"),
    ],
)
def test_validate_bad_plans_exit_2(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr


def test_convert_edited_yaml_to_csv(tmp_path: Path) -> None:
    plan_yaml = runner.invoke(app, ["extract", str(SEED000)]).stdout
    edited = plan_yaml.replace("Gérer les archives", "Gérer et numériser les archives")
    src = tmp_path / "plan.yaml"
    src.write_text(edited, encoding="utf-8")
    again = runner.invoke(app, ["convert", str(src)])
    assert again.exit_code == 0
    assert again.stdout == edited
    result = runner.invoke(app, ["convert", str(src), "-f", "csv"])
    assert "Gérer et numériser les archives" in result.stdout


def test_unknown_output_suffix_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(SEED000), "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 2
    assert "--format" in result.stderr


def test_schema_command() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == plan_json_schema()


def test_kind_option() -> None:
    result = runner.invoke(app, ["extract", str(SEED000), "--kind", "dpc", "-f", "json"])
    assert json.loads(result.stdout)["document"]["kind"] == "dpc"


def test_python_dash_m() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pstparse", "--version"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0
    assert proc.stdout.startswith("pstparse ")


def test_unwritable_output_is_one_line(tmp_path: Path) -> None:
    target = tmp_path / "missing-dir" / "plan.json"
    result = runner.invoke(app, ["extract", str(SEED000), "-o", str(target)])
    assert result.exit_code == 2
    assert "cannot write" in result.stderr and len(result.stderr.strip().splitlines()) == 1
