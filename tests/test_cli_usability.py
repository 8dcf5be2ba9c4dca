"""Small things a new user hits at the command line (issue: CI red, slow loop, papercuts)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pstparse.cli import app
from tests.conftest import SHARED

SEED000 = SHARED / "seeds" / "000_17f37316603afe02.txt"
runner = CliRunner()


def _plan_yaml() -> str:
    result = runner.invoke(app, ["extract", str(SEED000)])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_validate_text_report_ends_with_a_newline() -> None:
    result = runner.invoke(app, ["validate", "-"], input=_plan_yaml())
    assert result.exit_code == 0
    assert result.stderr.endswith("\n")
    assert "numbering-gap" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("place", ["before", "after"])
def test_verbose_is_accepted_before_and_after_the_command(place: str, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot really a pdf\n")
    args = ["extract", str(broken)]
    args = ["-v", *args] if place == "before" else [*args, "-v"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "broken.pdf" in result.stderr
    assert "No such option" not in result.stderr


@pytest.mark.parametrize("command", ["validate", "convert", "schema"])
def test_every_command_takes_verbose(command: str) -> None:
    args = [command, "-", "--verbose"] if command != "schema" else [command, "--verbose"]
    result = runner.invoke(app, args, input=_plan_yaml() if command != "schema" else None)
    assert result.exit_code in (0, 1), result.stderr
    assert "No such option" not in result.stderr


@pytest.mark.parametrize(
    ("args", "check"),
    [
        (["-f", "CSV"], lambda out: out.startswith("document,kind,")),
        (["-f", "Json"], lambda out: out.lstrip().startswith("{")),
        (["--kind", "PST"], lambda out: "kind: pst" in out),
        (["--kind", "Dps"], lambda out: "kind: dps" in out),
    ],
)
def test_choices_ignore_case(args: list[str], check: object) -> None:
    result = runner.invoke(app, ["extract", str(SEED000), *args])
    assert result.exit_code == 0, result.stderr
    assert callable(check) and check(result.stdout)


def test_validate_format_ignores_case() -> None:
    result = runner.invoke(app, ["validate", "-", "-f", "JSON"], input=_plan_yaml())
    assert result.exit_code == 0
    assert result.stdout.lstrip().startswith("{")


@pytest.mark.parametrize("command", ["extract", "convert", "validate"])
def test_flags_show_no_value_in_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    flag_lines = [
        line
        for line in result.stdout.splitlines()
        if re.search(r"--(strict|bom|resume|verbose)\b", line)
    ]
    assert flag_lines
    assert not [line for line in flag_lines if "<bool>" in line]


@pytest.mark.parametrize("word", ["true", "False", "yes"])
def test_a_value_after_a_flag_is_explained(word: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(SEED000), "--strict", word])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert f"no such file '{word}'" in lines[0] and "take no value" in lines[0]


def test_a_real_file_named_like_a_flag_value_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("true").write_bytes(SEED000.read_bytes())
    result = runner.invoke(app, ["extract", "true", "-f", "json"])
    assert result.exit_code == 0, result.stderr


def test_shell_completion_is_available() -> None:
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert "--install-completion" in result.stdout
    shown = runner.invoke(app, ["--show-completion", "bash"])
    assert shown.exit_code == 0
    assert "_PSTPARSE_COMPLETE" in shown.stdout


def test_a_folder_of_samples_is_a_folder_of_documents() -> None:
    samples = Path(__file__).resolve().parent.parent / "samples"
    documents = [p for p in samples.iterdir() if p.suffix in (".txt", ".docx", ".pdf")]
    assert documents
    assert not [p.name for p in documents if ".src." in p.name]
    from pstparse.batch import collect_inputs

    found = collect_inputs([str(samples)])
    assert len(found) == len(documents)
    assert all(i.problem is None for i in found)


def test_python_dash_m_with_verbose_after_the_command() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pstparse", "schema", "-v"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("{")
