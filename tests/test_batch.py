"""Batch extraction: input expansion, output naming, ordered parallel runs, the batch CLI
(summary, report, resume, exit codes) and interruption by signals."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path, PurePath
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pstparse import batch
from pstparse.api import process_job
from pstparse.batch import Input, Job, Outcome
from pstparse.batch.pool import on_signal
from pstparse.cli import app
from pstparse.exporters import load_plan
from tests.conftest import SHARED

runner = CliRunner()
SEED000 = SHARED / "seeds" / "000_17f37316603afe02.txt"
ROOT = Path(__file__).resolve().parent.parent
DOCX = ROOT / "samples" / "seed001_dps_walcourt__headings.docx"

THEMES = ["mobilité", "emploi", "logement", "culture", "sport", "énergie", "santé"]


def pst_text(seed: int) -> str:
    """A small labelled PST whose size and titles vary with ``seed``."""
    lines: list[str] = []
    for os_n in range(1, 2 + seed % 3):
        theme = THEMES[(seed + os_n) % len(THEMES)]
        lines.append(f"OS {os_n} - Améliorer {theme} ({seed})")
        for oo_n in range(1, 2 + (seed + os_n) % 2):
            lines.append(f"OO {os_n}.{oo_n} - Développer {theme} {oo_n}")
            lines.extend(f"• Action {k} pour {theme}" for k in range(1, 2 + seed % 2))
    return "\n".join(lines) + "\n"


TABLE = (
    "Objectif\tAction\tPilote\tBudget\n"
    "OS.1 Être un CPAS efficace\tA.1 Former le personnel\tDG\t1000\n"
    "\tA.2 Numériser les dossiers\tIT\t\n"
)
DUPLICATES = (
    "OS 1 - Mobilité\nOO 1.1 - Vélo\n• Créer des pistes\nOO 1.1 - Bus\n• Ajouter des lignes\n"
)


def make_corpus(root: Path, n: int = 4) -> list[Path]:
    """Write ``n`` small varied documents (one tab table among them) under ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = root / f"doc{i}.txt"
        path.write_text(TABLE if i == 1 else pst_text(i), encoding="utf-8")
        paths.append(path)
    return paths


def outcome(path: str = "x", **kwargs: Any) -> Outcome:
    return Outcome(path, "ok", **kwargs)


# --------------------------------------------------------------------------- inputs


def test_directory_expansion_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for rel in ["b.txt", "a.PDF", "sub/c.Docx", "sub/deeper/d.txt", "z/e.txt"]:
        (corpus / rel).parent.mkdir(parents=True, exist_ok=True)
        (corpus / rel).write_text("x", encoding="utf-8")
    for rel in [".hidden.txt", ".git/f.txt", "~$lock.docx", "notes.md", "plan.yaml"]:
        (corpus / rel).parent.mkdir(parents=True, exist_ok=True)
        (corpus / rel).write_text("x", encoding="utf-8")
    found = batch.collect_inputs([str(corpus)])
    assert [str(i.relative) for i in found] == [
        "a.PDF",
        "b.txt",
        "sub/c.Docx",
        "sub/deeper/d.txt",
        "z/e.txt",
    ]
    assert all(Path(i.path).is_file() and i.problem is None for i in found)


def test_explicit_files_keep_any_suffix_and_order_and_are_deduplicated(tmp_path: Path) -> None:
    a = tmp_path / "a.md"
    b = tmp_path / "b.txt"
    a.write_text("x", encoding="utf-8")
    b.write_text("x", encoding="utf-8")
    found = batch.collect_inputs([str(b), str(a), str(tmp_path), "-", str(tmp_path / "missing")])
    assert [i.path for i in found] == [str(b), str(a), "-", str(tmp_path / "missing")]
    assert found[0].relative is None


def test_quoted_glob_is_expanded_with_relative_paths(tmp_path: Path) -> None:
    for rel in ["x/one.txt", "x/y/two.txt", "x/y/skip.md", "x/z/three.docx"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    found = batch.collect_inputs([f"{tmp_path}/x/**/*.txt"])
    assert [str(i.relative) for i in found] == ["one.txt", "y/two.txt"]
    dirs = batch.collect_inputs([f"{tmp_path}/x/[yz]"])
    assert [str(i.relative) for i in dirs] == ["y/two.txt", "z/three.docx"]


def test_argument_yielding_nothing_is_a_problem_not_silence(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    found = batch.collect_inputs([str(tmp_path / "empty"), f"{tmp_path}/*.pdf"])
    assert len(found) == 2
    assert all(i.problem for i in found)


# --------------------------------------------------------------------------- names


def test_output_names_clashes_and_mirroring(tmp_path: Path) -> None:
    out = tmp_path / "out"
    inputs = [
        Input("in/a.txt"),
        Input("in/a.pdf"),
        Input("other/a.txt"),
        Input("more/A.txt"),
        Input("corpus/2024/plan.txt", PurePath("2024/plan.txt")),
        Input("corpus/2025/plan.txt", PurePath("2025/plan.txt")),
        Input("-"),
    ]
    names = [p.relative_to(out).as_posix() for p in batch.output_paths(inputs, out, "yaml")]
    assert names == [
        "a.yaml",
        "a.pdf.yaml",
        "a.txt.yaml",
        "A-2.yaml",
        "2024/plan.yaml",
        "2025/plan.yaml",
        "stdin.yaml",
    ]


def test_output_name_steps_around_inputs(tmp_path: Path) -> None:
    source = tmp_path / "plan.json"
    source.write_text("x", encoding="utf-8")
    [target] = batch.output_paths([Input(str(source))], tmp_path, "json")
    assert target == tmp_path / "plan.json.json"


NAME = st.text(alphabet="abAB._-", min_size=1, max_size=5).filter(
    lambda s: s not in (".", "..") and not s.startswith(".")
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "d", "D", "e/f"]),
            NAME,
            st.sampled_from([".txt", ".TXT", ".pdf", ".docx", ".yaml", ""]),
            st.booleans(),
        ),
        max_size=12,
    ),
    st.sampled_from(["yaml", "json", "csv"]),
)
def test_output_names_are_distinct_and_never_an_input(
    specs: list[tuple[str, str, str, bool]], fmt: str
) -> None:
    base = Path("/nonexistent-batch-test")
    inputs = [
        Input(
            str(base / folder / f"{stem}{suffix}"),
            PurePath(folder, f"{stem}{suffix}") if mirrored else None,
        )
        for folder, stem, suffix, mirrored in specs
    ]
    # The output directory is the input directory: the worst case for overwriting.
    targets = batch.output_paths(inputs, base, fmt)
    keys = [str(t).casefold() for t in targets]
    assert len(set(keys)) == len(keys)
    assert not set(keys) & {i.path.casefold() for i in inputs}
    assert all(t.suffix == f".{fmt}" and t.is_relative_to(base) for t in targets)
    assert batch.output_paths(inputs, base, fmt) == targets


def test_is_up_to_date(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    out = tmp_path / "a.yaml"
    src.write_text("x", encoding="utf-8")
    assert not batch.is_up_to_date(str(src), out)
    out.write_text("y", encoding="utf-8")
    os.utime(src, ns=(2_000_000_000_000_000_000, 2_000_000_000_000_000_000))
    assert not batch.is_up_to_date(str(src), out)
    os.utime(out, ns=(2_000_000_000_100_000_000, 2_000_000_000_100_000_000))
    assert batch.is_up_to_date(str(src), out)
    assert not batch.is_up_to_date("-", out)


# --------------------------------------------------------------------------- running


@settings(max_examples=80, deadline=None)
@given(st.permutations(list(range(12))))
def test_reorder_releases_in_order_as_soon_as_possible(arrivals: list[int]) -> None:
    order = batch.Reorder()
    released: list[str] = []
    seen: set[int] = set()
    for index in arrivals:
        seen.add(index)
        released.extend(o.path for o in order.add(index, outcome(str(index))))
        first_missing = next(i for i in range(13) if i not in seen)
        assert released == [str(i) for i in range(first_missing)]
        assert order.held == len(seen) - first_missing


def test_process_job_outcomes(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(DUPLICATES, encoding="utf-8")
    ok = process_job(Job(str(good), fmt="jsonl", keep_plan=True))
    assert ok.status == "ok" and ok.plan is not None and ok.text
    assert ok.counts == batch.Counts.of(ok.plan)
    assert ok.counts.operational_objectives == 2 and ok.counts.actions == 2
    assert ok.has_errors  # the duplicated OO code
    assert sum(ok.findings.values()) == len(ok.plan.findings)
    bad = process_job(Job(str(tmp_path / "missing.txt")))
    assert (bad.status, bad.exit_code) == ("failed", 2)
    assert bad.message is not None and "missing.txt" in bad.message
    assert bad.reason == "no such file"
    stdin = process_job(Job("-", data=DUPLICATES.encode(), fmt="yaml"))
    assert stdin.status == "ok" and "<stdin>" in (stdin.text or "")


def crashing_worker(job: Job) -> Outcome:
    """A worker that dies like a segfault or the OOM killer on files named crash*."""
    if Path(job.path).name.startswith("crash"):
        os._exit(9)
    return process_job(job)


def test_pool_matches_in_process_and_isolates_a_crash(tmp_path: Path) -> None:
    docs = make_corpus(tmp_path, 5)
    crash = tmp_path / "crash.txt"
    crash.write_text(pst_text(9), encoding="utf-8")
    paths = [str(p) for p in docs[:2]] + [str(crash)] + [str(p) for p in docs[2:]]
    jobs = [Job(p, fmt="yaml") for p in paths]
    finished: list[int] = []
    pooled = list(
        batch.run(jobs, workers=2, worker=crashing_worker, on_done=lambda i, _: finished.append(i))
    )
    assert [o.path for o in pooled] == paths
    assert sorted(finished) == list(range(len(paths)))
    assert pooled[2].status == "failed" and pooled[2].exit_code == 3
    assert "died" in (pooled[2].reason or "")
    alone = list(
        batch.run([j for j in jobs if "crash" not in j.path], workers=1, worker=process_job)
    )
    assert [o.text for o in pooled if o.status == "ok"] == [o.text for o in alone]


def test_deferred_interrupts_wait_for_the_end_of_the_block() -> None:
    reached = False
    with batch.interrupts():
        with pytest.raises(batch.Interrupted) as caught, batch.deferred_interrupts():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.05)
            reached = True
        assert caught.value.exit_code == 143
        with pytest.raises(batch.Interrupted) as caught:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(1)
        assert caught.value.exit_code == 130
    assert reached
    assert signal.getsignal(signal.SIGTERM) is not on_signal


def test_summary_counts_and_exit_codes() -> None:
    summary = batch.Summary()
    summary.add(outcome("a", counts=batch.Counts(1, 2, 3), findings={"error": 1, "info": 2}))
    summary.add(outcome("b", counts=batch.Counts(2, 0, 4)))
    assert summary.counts == batch.Counts(3, 2, 7)
    assert summary.findings == {"error": 1, "warning": 0, "info": 2}
    assert (summary.exit_code(strict=False), summary.exit_code(strict=True)) == (0, 1)
    summary.add(batch.skipped("c", Path("c.yaml")))
    summary.add(batch.failed("d", "no such file"))
    assert summary.exit_code(strict=True) == 2
    summary.add(batch.failed("e", "internal error: boom", exit_code=3))
    assert summary.exit_code(strict=False) == 3
    report = summary.report(strict=False)
    assert report["files"] == {"total": 5, "ok": 2, "failed": 2, "skipped": 1}
    assert [e["status"] for e in report["entries"]] == ["ok", "ok", "skipped", "failed", "failed"]
    json.dumps(report)


# --------------------------------------------------------------------------- CLI


def test_cli_directory_to_outdir_mirrors_and_reports(tmp_path: Path) -> None:
    make_corpus(tmp_path / "in" / "2024", 2)
    make_corpus(tmp_path / "in" / "2025", 1)
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(tmp_path / "in"), "-o", f"{out}/", "-j", "1"])
    assert result.exit_code == 0, result.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    assert written == ["2024", "2024/doc0.yaml", "2024/doc1.yaml", "2025", "2025/doc0.yaml"]
    plan = load_plan((out / "2025" / "doc0.yaml").read_bytes(), name="doc0.yaml")
    assert plan.document.path == str(tmp_path / "in" / "2025" / "doc0.txt")
    assert "3 files: 3 done, 0 failed, 0 skipped" in result.stderr
    assert result.stdout == ""


def test_cli_clashing_names_and_inputs_untouched(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(pst_text(1), encoding="utf-8")
    shutil.copy(DOCX, tmp_path / "a.docx")
    sneaky = tmp_path / "b.yaml"  # a text plan named like an output
    sneaky.write_text(pst_text(2), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    args = [str(tmp_path / "a.txt"), str(tmp_path / "a.docx"), str(sneaky)]
    result = runner.invoke(app, ["extract", *args, "-o", str(tmp_path), "-j", "1"])
    assert result.exit_code == 0, result.stderr
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name in before} == before
    assert sorted({p.name for p in tmp_path.iterdir()} - set(before)) == [
        "a.docx.yaml",
        "a.yaml",
        "b.yaml.yaml",
    ]
    refused = runner.invoke(app, ["extract", str(sneaky), "-o", str(sneaky)])
    assert refused.exit_code == 2 and "refusing to overwrite" in refused.stderr
    assert sneaky.read_bytes() == before["b.yaml"]


def test_cli_jobs_1_and_2_give_identical_outputs_and_stdout(tmp_path: Path) -> None:
    docs = [str(p) for p in make_corpus(tmp_path / "in", 5)]
    outs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = runner.invoke(app, ["extract", *docs, "-o", f"{out}/", "--jobs", jobs])
        assert result.exit_code == 0, result.stderr
        outs[jobs] = {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}
    assert outs["1"] == outs["2"] and len(outs["1"]) == 5
    for fmt in ("jsonl", "csv", "yaml"):
        streams = [
            runner.invoke(app, ["extract", *docs, "-f", fmt, "-j", jobs]).stdout
            for jobs in ("1", "2")
        ]
        assert streams[0] == streams[1] and streams[0]


def test_cli_jsonl_stream_is_tagged_and_in_input_order(tmp_path: Path) -> None:
    docs = make_corpus(tmp_path, 4)
    order = [docs[2], docs[0], docs[3], docs[1]]
    result = runner.invoke(app, ["extract", *map(str, order), "-f", "jsonl", "-j", "2"])
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    documents = [r["document"] for r in records]
    # One contiguous run of records per document, in the order given.
    runs = [d for i, d in enumerate(documents) if i == 0 or documents[i - 1] != d]
    assert runs == [str(p) for p in order]
    single = runner.invoke(app, ["extract", str(order[0]), "-f", "jsonl"]).stdout
    assert result.stdout.startswith(single)


def test_cli_quoted_glob(tmp_path: Path) -> None:
    make_corpus(tmp_path / "a", 2)
    make_corpus(tmp_path / "b" / "c", 1)
    out = tmp_path / "out"
    pattern = f"{tmp_path}/**/doc0.txt"
    result = runner.invoke(app, ["extract", pattern, "-o", f"{out}/", "-j", "1"])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.yaml")) == [
        "a/doc0.yaml",
        "b/c/doc0.yaml",
    ]


def test_cli_single_file_keeps_stderr_clean(tmp_path: Path) -> None:
    [doc] = make_corpus(tmp_path, 1)
    result = runner.invoke(app, ["extract", str(doc), "-o", str(tmp_path / "out.json")])
    assert result.exit_code == 0
    assert result.stderr == "" and result.stdout == ""
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["document"]


def test_cli_failing_file_goes_on_with_summary_and_report(tmp_path: Path) -> None:
    docs = make_corpus(tmp_path / "in", 3)
    (tmp_path / "in" / "broken.pdf").write_bytes(b"no pdf here")
    (tmp_path / "in" / "empty.docx").write_bytes(b"")
    report = tmp_path / "report.json"
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["extract", str(tmp_path / "in"), "-o", f"{out}/", "-j", "2", "--report", str(report)]
    )
    assert result.exit_code == 2
    assert sorted(p.name for p in out.iterdir()) == ["doc0.yaml", "doc1.yaml", "doc2.yaml"]
    # Each failure: one line as it happens, one line in the summary.
    assert result.stderr.count("broken.pdf") == 2 and result.stderr.count("empty.docx") == 2
    assert "5 files: 3 done, 2 failed, 0 skipped" in result.stderr
    for noise in ("\r", "\x1b[", "━", "Traceback"):
        assert noise not in result.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["files"] == {"total": 5, "ok": 3, "failed": 2, "skipped": 0}
    assert data["exit_code"] == 2 and data["interrupted"] is False
    entries = {Path(e["input"]).name: e for e in data["entries"]}
    assert entries["broken.pdf"]["status"] == "failed" and entries["broken.pdf"]["reason"]
    assert entries["broken.pdf"]["output"] is None
    ok = entries["doc0.txt"]
    assert ok["output"] == str(out / "doc0.yaml") and ok["reason"] is None
    plan = load_plan((out / "doc0.yaml").read_bytes(), name="doc0.yaml")
    assert ok["counts"] == {
        "strategic_objectives": len(plan.strategic_objectives),
        "operational_objectives": sum(
            len(so.operational_objectives) for so in plan.strategic_objectives
        ),
        "actions": batch.Counts.of(plan).actions,
    }
    assert sum(ok["findings"].values()) == len(plan.findings)
    total = sum(e["counts"]["actions"] for e in data["entries"] if e["counts"])
    assert data["counts"]["actions"] == total
    assert [Path(e["input"]).name for e in data["entries"]] == sorted(
        ["broken.pdf", "empty.docx", *(d.name for d in docs)]
    )


def test_cli_report_for_a_single_input_also_prints_the_summary(tmp_path: Path) -> None:
    [doc] = make_corpus(tmp_path, 1)
    report = tmp_path / "r.json"
    result = runner.invoke(app, ["extract", str(doc), "--report", str(report)])
    assert result.exit_code == 0
    assert "1 files: 1 done" in result.stderr
    assert json.loads(report.read_text(encoding="utf-8"))["entries"][0]["output"] is None
    clash = runner.invoke(app, ["extract", str(doc), "--report", str(doc)])
    assert clash.exit_code == 2 and "--report" in clash.stderr


def test_cli_resume_skips_up_to_date_outputs(tmp_path: Path) -> None:
    docs = make_corpus(tmp_path / "in", 3)
    out = tmp_path / "out"
    first = runner.invoke(app, ["extract", str(tmp_path / "in"), "-o", f"{out}/", "-j", "1"])
    assert first.exit_code == 0
    future = time.time() + 100
    os.utime(docs[1], (future, future))  # an input edited after its output
    (out / "doc2.yaml").unlink()  # an output that never got written
    stamp = (out / "doc0.yaml").stat().st_mtime_ns
    report = tmp_path / "r.json"
    args = ["extract", str(tmp_path / "in"), "-o", f"{out}/", "--resume", "--report", str(report)]
    again = runner.invoke(app, args)
    assert again.exit_code == 0, again.stderr
    assert "3 files: 2 done, 0 failed, 1 skipped" in again.stderr
    statuses = [e["status"] for e in json.loads(report.read_text(encoding="utf-8"))["entries"]]
    assert statuses == ["skipped", "ok", "ok"]
    assert (out / "doc0.yaml").stat().st_mtime_ns == stamp
    assert (out / "doc2.yaml").exists()
    assert runner.invoke(app, ["extract", str(docs[0]), "--resume"]).exit_code == 2


def test_cli_strict_in_a_batch(tmp_path: Path) -> None:
    [doc] = make_corpus(tmp_path, 1)
    dup = tmp_path / "dup.txt"
    dup.write_text(DUPLICATES, encoding="utf-8")
    args = ["extract", str(doc), str(dup), "-f", "jsonl", "-j", "1"]
    assert runner.invoke(app, args).exit_code == 0
    assert runner.invoke(app, [*args, "--strict"]).exit_code == 1


def test_cli_several_json_is_one_array_and_yaml_one_stream(tmp_path: Path) -> None:
    docs = [str(p) for p in make_corpus(tmp_path, 3)]
    as_json = json.loads(runner.invoke(app, ["extract", *docs, "-f", "json", "-j", "1"]).stdout)
    assert [p["document"]["path"] for p in as_json] == docs
    as_yaml = list(yaml.safe_load_all(runner.invoke(app, ["extract", *docs, "-j", "1"]).stdout))
    assert [p["document"]["path"] for p in as_yaml] == docs


def test_cli_usage_errors(tmp_path: Path) -> None:
    docs = [str(p) for p in make_corpus(tmp_path, 2)]
    several_to_file = runner.invoke(app, ["extract", *docs, "-o", str(tmp_path / "x.yaml")])
    assert several_to_file.exit_code == 2 and "DIRECTORY" in several_to_file.stderr
    bom = runner.invoke(app, ["extract", docs[0], "--bom"])
    assert bom.exit_code == 2 and "byte order mark" in bom.stderr
    zero = runner.invoke(app, ["extract", docs[0], "--jobs", "0"])
    assert zero.exit_code == 2
    nothing = runner.invoke(app, ["extract", str(tmp_path / "*.pdf")])
    assert nothing.exit_code == 2 and "no document matches" in nothing.stderr


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_terminal_gets_a_progress_bar_and_a_table(monkeypatch: pytest.MonkeyPatch) -> None:
    from pstparse.cli.view import View, print_summary

    fake = _Tty()
    monkeypatch.setattr(sys, "stderr", fake)
    with View(["a.txt", "b.txt"], progress=True) as view:
        view.done(0)
        view.error("b.txt: no such file")
        view.done(1)
    summary = batch.Summary()
    summary.add(outcome("a.txt", counts=batch.Counts(2, 3, 4)))
    summary.add(batch.failed("b.txt", "no such file"))
    print_summary(summary)
    text = fake.getvalue()
    assert "b.txt: no such file" in text
    assert "batch summary" in text and "failed" in text
    assert "\x1b[" in text  # rich styling: a terminal, unlike the plain lines of a pipe


# --------------------------------------------------------------------------- signals


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupted_batch_leaves_only_complete_files(
    tmp_path: Path, signum: int, code: int
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(30):
        shutil.copy(SEED000, src / f"copy{i:02}.txt")
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "pstparse", "extract", str(src), "-o", f"{out}/", "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while not (out.is_dir() and any(out.glob("*.yaml"))):
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr
            time.sleep(0.02)
        proc.send_signal(signum)
        _, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:  # a hang: do not leave the process behind
            proc.kill()
            proc.communicate()
    assert proc.returncode == code, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    files = sorted(out.iterdir())
    assert files and len(files) < 30
    assert all(f.suffix == ".yaml" and not f.name.startswith(".") for f in files)
    reference = None
    for f in files:
        plan = load_plan(f.read_bytes(), name=f.name)
        plan.document.path = None
        dump = plan.model_dump()
        reference = reference or dump
        assert dump == reference and len(plan.strategic_objectives) == 4


def test_closed_stdout_stops_quietly(tmp_path: Path) -> None:
    for i in range(4):
        shutil.copy(SEED000, tmp_path / f"copy{i}.txt")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "pstparse", "extract", str(tmp_path), "-f", "jsonl", "-j", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    try:
        assert json.loads(proc.stdout.readline())["document"].endswith("copy0.txt")
        proc.stdout.close()
        stderr = proc.stderr.read().decode()
        assert proc.wait(timeout=60) == 141
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert "error" not in stderr and "Traceback" not in stderr


def test_stdin_among_several_inputs(tmp_path: Path) -> None:
    [doc] = make_corpus(tmp_path, 1)
    result = runner.invoke(
        app, ["extract", "-", str(doc), "-f", "jsonl", "-j", "2"], input=DUPLICATES
    )
    assert result.exit_code == 0, result.stderr
    documents = [json.loads(line)["document"] for line in result.stdout.splitlines()]
    assert documents[0] == "<stdin>" and documents[-1] == str(doc)


def test_workers_come_from_a_fork_server_with_the_extractors_loaded() -> None:
    import importlib
    import multiprocessing

    from pstparse.batch.pool import WORKER_PRELOAD, worker_context

    context = worker_context()
    if "forkserver" in multiprocessing.get_all_start_methods():
        assert context.get_start_method() == "forkserver"
    else:
        assert context.get_start_method() == "spawn"
    for name in WORKER_PRELOAD:  # a misspelt module would silently not be preloaded
        importlib.import_module(name)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_parent_that_exited_unreaped_counts_as_gone() -> None:
    # A batch killed by a signal is a zombie until whoever started it reaps it; a test (or
    # a shell script) that first reads its output pipes to the end never would, while the
    # workers, holding those pipes, waited for the zombie to go: a hang.
    from pstparse.batch.pool import process_alive

    pid = os.fork()
    if pid == 0:
        os._exit(0)
    try:
        deadline = time.monotonic() + 10
        while process_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not process_alive(pid)
        assert process_alive(os.getpid())
    finally:
        os.waitpid(pid, 0)
