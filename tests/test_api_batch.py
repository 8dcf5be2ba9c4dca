"""The library's batch face (``api.run_batch``, called directly, no command line), the
multi-document streams of the export registry, the shared output options of the
commands, and what start-up imports."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import pytest
import typer
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pstparse import api
from pstparse.batch import PlanStream, Summary
from pstparse.batch.pool import Outcome
from pstparse.cli.params import OutputOptions, output_options
from pstparse.exporters import load_plan, render
from pstparse.exporters.registry import REGISTRY, export_many, get_format
from pstparse.model.errors import UsageError
from pstparse.model.plan import Plan
from pstparse.options import BatchOptions

ROOT = Path(__file__).resolve().parent.parent
DOCX = ROOT / "samples" / "seed001_dps_walcourt__headings.docx"

THEMES = ["mobilité", "emploi", "logement", "culture", "sport", "énergie"]


def pst(seed: int) -> str:
    """A small labelled PST whose size and titles vary with ``seed``."""
    lines = []
    for os_n in range(1, 2 + seed % 3):
        theme = THEMES[(seed + os_n) % len(THEMES)]
        lines.append(f"OS {os_n} - Améliorer {theme} ({seed})")
        for oo_n in range(1, 2 + (seed + os_n) % 2):
            lines.append(f"OO {os_n}.{oo_n} - Développer {theme} {oo_n}")
            lines.extend(f"• Action {k} pour {theme}" for k in range(1, 2 + seed % 2))
    return "\n".join(lines) + "\n"


def corpus(root: Path, seeds: list[int]) -> list[Path]:
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in seeds:
        path = root / f"doc{seed}.txt"
        path.write_text(pst(seed), encoding="utf-8")
        paths.append(path)
    return paths


class View:
    """A :class:`pstparse.batch.BatchView` that remembers what it was told."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.finished: list[int] = []
        self.errors: list[str] = []
        self.summaries: list[Summary] = []

    def running(self, names: list[str]) -> AbstractContextManager[object]:
        self.names = names
        return nullcontext()

    def done(self, index: int) -> None:
        self.finished.append(index)

    def error(self, message: str, trace: str | None = None) -> None:
        self.errors.append(message)

    def summary(self, summary: Summary) -> None:
        self.summaries.append(summary)


# --------------------------------------------------------------------------- run_batch


def test_run_batch_writes_one_file_per_input_like_extract_path(tmp_path: Path) -> None:
    docs = corpus(tmp_path / "in" / "sub", [1, 2, 3])
    out = tmp_path / "out"
    view = View()
    summary = api.run_batch([str(tmp_path / "in")], output=f"{out}/", fmt="json", view=view)
    assert summary.exit_code(strict=True) == 0
    assert summary.count("ok") == 3 and not view.errors
    assert sorted(view.finished) == [0, 1, 2] and view.names == [d.name for d in docs]
    assert len(view.summaries) == 1  # several inputs: a summary
    for doc in docs:
        written = (out / "sub" / f"{doc.stem}.json").read_text(encoding="utf-8")
        expected = api.extract_path(doc)
        assert (
            json.loads(written)["strategic_objectives"]
            == json.loads(render(expected, "json"))["strategic_objectives"]
        )
    counts = summary.counts
    plans = [api.extract_path(d) for d in docs]
    assert counts.strategic_objectives == sum(len(p.strategic_objectives) for p in plans)


def test_run_batch_streams_several_plans_and_reports_failures(tmp_path: Path) -> None:
    docs = corpus(tmp_path, [4, 5])
    missing = tmp_path / "missing.txt"
    stdout = io.StringIO()
    view = View()
    report = tmp_path / "report.json"
    summary = api.run_batch(
        [str(docs[0]), str(missing), str(docs[1])],
        fmt="yaml",
        stdout=stdout,
        view=view,
        batch_options=BatchOptions(report=report),
    )
    assert summary.exit_code(strict=False) == 2
    assert [o.status for o in summary.outcomes] == ["ok", "failed", "ok"]
    assert view.errors == [f"{missing}: no such file"]
    documents = list(yaml.safe_load_all(stdout.getvalue()))
    assert [d["document"]["path"] for d in documents] == [str(docs[0]), str(docs[1])]
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["files"] == {"total": 3, "ok": 2, "failed": 1, "skipped": 0}


def test_run_batch_refuses_contradictions_before_reading(tmp_path: Path) -> None:
    docs = corpus(tmp_path, [1, 2])
    with pytest.raises(UsageError, match="several inputs in xlsx"):
        api.run_batch([str(d) for d in docs], fmt="xlsx")
    with pytest.raises(UsageError, match="--resume needs -o"):
        api.run_batch([str(docs[0])], batch_options=BatchOptions(resume=True))
    with pytest.raises(UsageError, match="cannot tell the format"):
        api.run_batch([str(docs[0])], output=str(tmp_path / "x.unknown"))


def test_run_batch_single_input_with_a_silent_default_view(tmp_path: Path) -> None:
    [doc] = corpus(tmp_path, [7])
    target = tmp_path / "plan.yaml"
    summary = api.run_batch([str(doc)], output=str(target))
    assert summary.count("ok") == 1
    assert load_plan(target.read_bytes(), name=str(target)).strategic_objectives


# --------------------------------------------------------------------------- streams


def _plans(seeds: list[int]) -> list[Plan]:
    return [api.extract_bytes(pst(s).encode(), name=f"doc{s}.txt") for s in seeds]


def _stream(plans: list[Plan], fmt: str) -> str:
    out = io.StringIO()
    stream = PlanStream(out, fmt, several=True)
    for plan in plans:
        if stream.needs_plans:
            stream.write(Outcome(plan.document.path or "", "ok", plan=plan))
        else:
            text = render(plan, fmt)
            stream.write(Outcome(plan.document.path or "", "ok", text=text))
    stream.close()
    return out.getvalue()


@settings(max_examples=8, deadline=None)
@given(
    seeds=st.lists(st.integers(0, 30), min_size=0, max_size=3),
    fmt=st.sampled_from(["yaml", "json", "jsonl", "csv", "tsv"]),
)
def test_plan_stream_is_the_registry_multi_document_export(seeds: list[int], fmt: str) -> None:
    plans = _plans(seeds)
    text = _stream(plans, fmt)
    assert text == export_many(plans, fmt)
    if not plans:
        assert text == ""
        return
    if fmt == "yaml":
        loaded = list(yaml.safe_load_all(text))
        assert [d["document"]["path"] for d in loaded] == [p.document.path for p in plans]
    elif fmt == "json":
        assert [d["document"]["path"] for d in json.loads(text)] == [p.document.path for p in plans]
    elif fmt == "jsonl":
        assert text == "".join(render(p, "jsonl") for p in plans)  # type: ignore[misc]
    else:
        rows = list(csv.reader(io.StringIO(text), delimiter="," if fmt == "csv" else "\t"))
        assert rows[0][0] and rows.count(rows[0]) == 1  # one header for every plan


def test_one_plan_formats_have_no_stream() -> None:
    assert {f.name for f in REGISTRY if not f.several} == {"xlsx", "ecomptes"}
    with pytest.raises(UsageError, match="one plan only"):
        get_format("xlsx").open_stream()


# --------------------------------------------------------------------------- options


def test_output_options_group_is_shared_and_received_as_one_object() -> None:
    from pstparse.cli import app

    command = typer.main.get_command(app)
    commands = command.commands  # type: ignore[attr-defined]
    group = ["--excel", "--delimiter", "--raw-cells", "--ins", "--type-admin", "--exercice"]

    def options(name: str) -> list[str]:
        return [opt for p in commands[name].params for opt in p.opts if opt in group]

    assert options("extract") == options("convert") == group

    seen: list[OutputOptions] = []
    demo = typer.Typer()

    @demo.command()
    @output_options
    def show(name: str, out: OutputOptions = OutputOptions(), loud: bool = False) -> None:  # noqa: B008
        seen.append(out)
        print(name, loud)

    result = CliRunner().invoke(
        demo, ["x", "--excel", "--delimiter", ";", "--type-admin", "cpas", "--loud"]
    )
    assert result.exit_code == 0, result.output
    assert result.output == "x True\n"
    [got] = seen
    assert got.excel and got.delimiter == ";" and got.type_admin == "CPAS"
    exported = got.export_options(bom=True)
    assert exported.bom and exported.excel and exported.type_admin == "CPAS"


# --------------------------------------------------------------------------- start-up

# The PDF readers, the OCR stack, the spreadsheet writers and PyYAML: none of them is
# needed to answer --version or to write a DOCX's plan as JSON.
HEAVY = (
    "pdfplumber",
    "pdfminer",
    "pypdfium2",
    "pytesseract",
    "PIL",
    "openpyxl",
    "xlsxwriter",
    "yaml",
)


def _loaded(code: str, *extra: str) -> list[str]:
    probe = f"{code}\nimport sys\nprint(sorted(m for m in {HEAVY + extra!r} if m in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout.splitlines()[-1].replace("'", '"')))


def test_version_and_the_commands_import_no_reader() -> None:
    version = (
        "import sys\nsys.argv = ['pstparse', '--version']\nfrom pstparse.cli import main\nmain()"
    )
    assert _loaded(version, "typer", "pydantic", "rich") == []
    assert _loaded("import pstparse.cli.app", "pydantic", "rich") == []


def test_a_docx_extraction_loads_no_pdf_or_xlsx_library(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    code = (
        "import sys\n"
        f"sys.argv = ['pstparse', 'extract', {str(DOCX)!r}, '-f', 'json', '-o', {str(out)!r}]\n"
        "from pstparse.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
    )
    assert _loaded(code) == []
    assert json.loads(out.read_text(encoding="utf-8"))["strategic_objectives"]


def test_every_command_has_help_and_a_readme_entry() -> None:
    from pstparse.cli import app

    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert set(commands) >= {"extract", "convert", "validate", "schema"}
    for name, command in commands.items():
        assert (command.help or "").strip(), f"{name} has no help text"
        assert f"| `pstparse {name}" in readme, f"{name} is not in the README's table"
