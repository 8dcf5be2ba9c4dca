"""Hostile inputs (issue 12): every case runs through the command line in a subprocess
with a time and a memory bound, and must end with exit 0, 1 or 2 (never 3), at most a
one-line message per file, and no traceback.

The files come from ``tests/fixtures/hostile/build.py``. The heavy cases (megabytes of
input) carry the ``slow`` marker and run with ``-m slow`` (or ``PSTPARSE_SLOW=1``).
Bounds: ``PSTPARSE_HOSTILE_SECONDS`` (default 30) and 600 MB of peak resident memory,
measured per child with ``os.wait4``.
"""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from pstparse.exporters.atomic import stale_temporaries, write_atomic
from pstparse.model.errors import data_name, display_name, printable_message
from tests.fixtures.hostile import build

ROOT = Path(__file__).resolve().parent.parent
SECONDS = float(os.environ.get("PSTPARSE_HOSTILE_SECONDS", "30"))
PEAK_MB = 600
ADDRESS_SPACE_MB = 3072
"""Hard safety net for a run that would go wrong: far above what the bound allows."""


def _slow_selected(config: pytest.Config) -> bool:
    return os.environ.get("PSTPARSE_SLOW") == "1" or "slow" in (config.getoption("-m") or "")


@pytest.fixture
def heavy(request: pytest.FixtureRequest) -> None:
    """Runs a ``slow`` test only when asked for (``-m slow`` or ``PSTPARSE_SLOW=1``)."""
    if not _slow_selected(request.config):
        pytest.skip("heavy hostile case: run with -m slow or PSTPARSE_SLOW=1")


@dataclass(frozen=True)
class Run:
    code: int
    stdout: bytes
    stderr: str
    seconds: float
    peak_mb: float


def _limits() -> None:
    limit = ADDRESS_SPACE_MB * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def pstparse(
    args: Sequence[str | bytes],
    *,
    cwd: Path,
    stdout: int | None = subprocess.PIPE,
    timeout: float | None = None,
) -> Run:
    """Run ``python -m pstparse ARGS`` and measure its time and peak memory (RSS)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "pstparse", *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=env,
        preexec_fn=_limits,
    )
    try:
        out, err = proc.communicate(timeout=timeout or SECONDS * 4)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"pstparse {args} still running after {timeout or SECONDS * 4} s")
    # communicate() reaped the child; its rusage is in RUSAGE_CHILDREN only as a maximum
    # over all children, so the child is measured from /proc-free wait4 in _reap below.
    seconds = time.monotonic() - start
    return Run(proc.returncode, out or b"", (err or b"").decode("utf-8", "replace"), seconds, 0.0)


def measured(args: Sequence[str | bytes], *, cwd: Path) -> Run:
    """Like :func:`pstparse`, with the child's own peak RSS (``os.wait4``)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))
    out_path, err_path = cwd / ".stdout", cwd / ".stderr"
    start = time.monotonic()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "pstparse", *args],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=env,
            preexec_fn=_limits,
        )
        deadline = start + SECONDS * 4
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                pytest.fail(f"pstparse {args} still running after {SECONDS * 4} s")
            time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - start
    return Run(
        proc.returncode,
        out_path.read_bytes(),
        err_path.read_text("utf-8", "replace"),
        seconds,
        usage.ru_maxrss / 1024,  # kilobytes on Linux
    )


def assert_clean(run: Run, *, lines: int = 1) -> None:
    """Exit 0-2 (never 3), at most ``lines`` message lines, each ``pstparse: …``, and
    no traceback."""
    assert run.code in (0, 1, 2), (run.code, run.stderr)
    assert "Traceback" not in run.stderr, run.stderr
    messages = run.stderr.splitlines()
    assert len(messages) <= lines, run.stderr
    assert all(line.startswith("pstparse: ") for line in messages), run.stderr


# --------------------------------------------------------------------------- file cases


def _case_params() -> list[object]:
    return [
        pytest.param(case, id=case.name, marks=[pytest.mark.slow] if case.slow else [])
        for case in build.CASES
    ]


@pytest.mark.parametrize("case", _case_params())
def test_hostile_file(case: build.Case, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    if case.slow and not _slow_selected(request.config):
        pytest.skip("heavy hostile case: run with -m slow or PSTPARSE_SLOW=1")
    path = tmp_path / f"{case.name}{case.suffix}"
    path.write_bytes(case.make())
    run = measured([arg.replace("{file}", path.name) for arg in case.argv], cwd=tmp_path)
    if case.argv[0] == "validate" and run.code in (0, 1):
        # The text report of validate is its normal output on stderr.
        assert "Traceback" not in run.stderr and run.stderr.rstrip().endswith(" info"), run.stderr
    else:
        assert_clean(run)
    assert run.code in case.codes, (run.code, run.stderr)
    assert run.seconds <= SECONDS, f"{case.name}: {run.seconds:.1f} s"
    assert run.peak_mb <= PEAK_MB, f"{case.name}: {run.peak_mb:.0f} MB"
    if run.code == 0 and case.argv[0] == "extract":
        assert run.stdout, "a plan on stdout"
        # Only the one-line notice of a document without objectives may reach stderr.
        assert _without_no_objective_notice(run.stderr) == "", run.stderr
    if case.finding is not None:
        assert f"rule: {case.finding}" in run.stdout.decode(), run.stdout[-2000:]


def _without_no_objective_notice(stderr: str) -> str:
    """stderr less the line that says a document yields no objective (its plan is still
    written: a hostile file rarely holds a plan)."""
    return "".join(
        line
        for line in stderr.splitlines(keepends=True)
        if not re.fullmatch(r"pstparse: no objective found: .*, is this a plan\?\n?", line)
    )


def test_every_case_is_built_small() -> None:
    # The memory and time bombs are small files: the cost is in reading them.
    sizes = {case.name: len(case.make()) for case in build.CASES if not case.slow}
    assert all(size < 16 * 1024 for size in sizes.values()), sizes


def test_reference_loop_is_a_finding_not_stderr(tmp_path: Path) -> None:
    path = tmp_path / "loop.pdf"
    path.write_bytes(build.pdf_reference_loop())
    run = pstparse(["extract", "loop.pdf", "-f", "json"], cwd=tmp_path)
    assert run.code == 0, run.stderr
    assert _without_no_objective_notice(run.stderr) == ""
    findings = json.loads(run.stdout)["findings"]
    if any(f["rule"] == "pdf-reader-fallback" for f in findings):
        # pdfminer read it: what it logged is a finding, not stderr noise.
        warning = next(f for f in findings if f["rule"] == "pdf-reader-warning")
        assert "Title" in warning["message"]
        assert "[WARNING]" not in warning["message"]
    else:
        # pdfium read it: the loop is in metadata pdfium never follows, so nothing to say.
        assert not [f for f in findings if f["rule"] == "pdf-reader-warning"]


@pytest.mark.parametrize("span", [20_000_000, 2_000_000_000])
@pytest.mark.parametrize("before", [False, True])
def test_grid_spans_are_clamped_and_recorded(span: int, before: bool) -> None:
    from pstparse.api import extract_bytes

    plan = extract_bytes(build.docx_grid_span(span, before=before), name="t.docx")
    clamps = [f for f in plan.findings if f.rule == "input-limit"]
    assert len(clamps) == 1
    assert f"{span:,} columns was clamped" in clamps[0].message
    assert clamps[0].source is not None and clamps[0].source.row == 2
    texts = [
        a.title
        for os_ in plan.strategic_objectives
        for oo in os_.operational_objectives
        for a in oo.actions
    ]
    assert "Élargir la piste cyclable" in " ".join(t or "" for t in texts) + " ".join(
        u.text for u in plan.unassigned
    )


def test_level_text_bomb_is_cut_once_per_level() -> None:
    from pstparse.api import extract_bytes
    from pstparse.extractors.docx import MAX_LEVEL_TEXT

    plan = extract_bytes(build.docx_level_text_bomb(repeat=5_000, paragraphs=20), name="t.docx")
    cuts = [f for f in plan.findings if f.rule == "input-limit"]
    assert len(cuts) == 1
    assert f"cut to {MAX_LEVEL_TEXT}" in cuts[0].message


def test_table_rows_beyond_the_limit_are_left_out_with_a_warning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pstparse.api import extract_bytes
    from pstparse.extractors import docx

    monkeypatch.setattr(docx, "MAX_TABLE_ROWS", 50)
    plan = extract_bytes(build.docx_many_rows(80), name="t.docx")
    cut = [f for f in plan.findings if f.rule == "input-limit"]
    assert [f.message for f in cut] == [
        "table 1 has more than 50 rows: the last 30 rows were left out"
    ]
    text = plan.model_dump_json()
    assert "Action 49 " in text
    assert "Action 50 " not in text


@pytest.mark.parametrize(
    ("data", "limit", "message"),
    [
        (b"a\n" * 30, "MAX_TEXT_LINES", "more than 20 lines: the last 10 lines were left out"),
        (b"a\r\n" * 25 + b"b", "MAX_TEXT_LINES", "the last 6 lines were left out"),
        (b"word " * 100 + b"\n", "MAX_LINE_CHARS", "line 1 has 499 characters"),
        (b"abcdefghi\n" * 10, "MAX_TEXT_CHARS", "the text has 100 characters"),
    ],
)
def test_text_limits_cut_with_a_warning(
    data: bytes, limit: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pstparse.api import extract_bytes
    from pstparse.extractors import txt

    monkeypatch.setattr(txt, limit, {"MAX_TEXT_CHARS": 45}.get(limit, 20))
    plan = extract_bytes(data, name="t.txt")
    cut = [f.message for f in plan.findings if f.rule == "input-limit"]
    assert len(cut) == 1 and message in cut[0], cut


def test_page_characters_beyond_the_limit_are_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    from pstparse.api import extract_bytes
    from pstparse.extractors.pdf import _reader

    monkeypatch.setattr(_reader, "MAX_PAGE_CHARS", 300)
    plan = extract_bytes(build.pdf_long_line(5_000), name="t.pdf")
    cut = [f for f in plan.findings if f.rule == "input-limit"]
    assert len(cut) == 1 and cut[0].source is not None and cut[0].source.page == 1
    assert len(plan.model_dump_json()) < 5_000


@pytest.mark.parametrize("columns", [2_000_000, 2_000_000_000])
def test_png_predictor_bomb_is_a_damaged_stream(columns: int) -> None:
    from pstparse.api import extract_bytes
    from pstparse.model.errors import InputError

    with pytest.raises(InputError, match="damaged PDF"):
        extract_bytes(build.pdf_png_predictor_bomb(columns), name="t.pdf")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (build.plan_lone_surrogate(), "lone surrogate code in strategic_objectives.0.actions.0"),
        (build.plan_big_integer(), "a number of 5,000 digits"),
        (build.plan_big_integer(yaml=True), "source.page"),
        (b'strategic_objectives:\n- title: "a \\ud800 b"\n', "invalid Unicode"),
        (build.plan_json(50_001), "too many entries"),
        (build.plan_yaml(50_001), "too many entries"),
    ],
)
def test_plans_that_cannot_be_written_are_refused(data: bytes, message: str) -> None:
    from pstparse.exporters import load_plan
    from pstparse.model.errors import PlanError

    with pytest.raises(PlanError, match=message):
        load_plan(data, name="p")


def test_huge_codes_and_labels_do_not_crash() -> None:
    from pstparse.api import extract_bytes, validate_plan
    from pstparse.exporters import load_plan

    digits = "7" * 5000
    for label in (f"Objectif stratégique {digits} : Offrir", f"OO {digits}.1 : Offrir"):
        plan = extract_bytes(f"{label}\nAction 1 : Réparer\n".encode(), name="t.txt")
        assert digits in plan.model_dump_json()  # kept, as a label or as text
    loaded = load_plan(
        f'{{"strategic_objectives":[{{"code":"{digits}.1","title":"x"}}]}}'.encode(), name="p"
    )
    assert isinstance(validate_plan(loaded), list)


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("a\nb.txt", "'a\\nb.txt'"),
        ("\x1b[31mred.txt", "'\\x1b[31mred.txt'"),
        ("tab\there.txt", "'tab\\there.txt'"),
        ("plan\udcff.txt", "'plan\\xff.txt'"),
        ("plan é.txt", "plan é.txt"),
    ],
)
def test_display_name_quotes_what_a_terminal_would_act_on(name: str, shown: str) -> None:
    assert display_name(name) == shown
    assert printable_message(f"x {name}").isprintable()


def test_data_name_is_always_encodable() -> None:
    assert data_name("plan\udcff.txt") == "plan\ufffd.txt"
    assert data_name("plan.txt") == "plan.txt"


@pytest.mark.parametrize(
    "name",
    [b"a\nb.txt", b"\x1b[31mred.txt", b"\x1b]0;title\x07.txt", b"plan\xff.txt", b"caf\xe9.txt"],
)
def test_odd_file_names_give_one_inert_line(name: bytes, tmp_path: Path) -> None:
    (tmp_path / os.fsdecode(name)).write_bytes(b"")  # an empty file: exit 2 naming it
    run = pstparse(["extract", name], cwd=tmp_path)
    assert run.code == 2
    assert_clean(run)
    assert "\x1b" not in run.stderr
    assert run.stderr.endswith(": empty file\n")


def test_non_utf8_name_extracts_and_writes(tmp_path: Path) -> None:
    (tmp_path / os.fsdecode(b"plan\xff.txt")).write_bytes(build.ordinary_text())
    for fmt in ("yaml", "json", "csv"):
        run = pstparse(["extract", b"plan\xff.txt", "-f", fmt], cwd=tmp_path)
        assert run.code == 0, run.stderr
        assert "plan\ufffd.txt" in run.stdout.decode("utf-8")
    run = pstparse([b"extract", b"plan\xff.txt", b"-o", b"out/"], cwd=tmp_path)
    assert run.code == 0, run.stderr
    assert (tmp_path / "out" / os.fsdecode(b"plan\xff.yaml")).exists()


def test_dash_file_name_gets_a_hint_and_double_dash_works(tmp_path: Path) -> None:
    (tmp_path / "-x.txt").write_bytes(build.ordinary_text())
    run = pstparse(["extract", "-x.txt"], cwd=tmp_path)
    assert run.code == 2
    assert_clean(run)
    assert "put '--' before the file names (pstparse extract -- -x.txt)" in run.stderr
    run = pstparse(["extract", "--", "-x.txt"], cwd=tmp_path)
    assert run.code == 0, run.stderr
    assert b"document:" in run.stdout
    run = pstparse(["extract", "-f", "json", "--", "-x.txt"], cwd=tmp_path)
    assert run.code == 0 and json.loads(run.stdout)["document"]["path"] == "-x.txt"


@pytest.mark.parametrize("length", [240, 250])
def test_long_input_names_write_their_output(length: int, tmp_path: Path) -> None:
    name = "n" * (length - 4) + ".txt"
    (tmp_path / name).write_bytes(build.ordinary_text())
    run = pstparse(["extract", name, "-o", "out/"], cwd=tmp_path)
    assert run.code == 0, run.stderr
    assert (tmp_path / "out" / (name[:-4] + ".yaml")).exists()
    assert [p.name for p in (tmp_path / "out").iterdir()] == [name[:-4] + ".yaml"]


def test_long_target_temporaries_are_found_for_resume(tmp_path: Path) -> None:
    target = tmp_path / ("n" * 250 + ".yaml")
    write_atomic(target, "x")
    assert target.read_text() == "x"
    assert stale_temporaries(target) == []


# --------------------------------------------------------------------------- outputs


def _plan_file(tmp_path: Path) -> Path:
    (tmp_path / "p.txt").write_bytes(build.ordinary_text())
    assert pstparse(["extract", "p.txt", "-o", "p.yaml"], cwd=tmp_path).code == 0
    return tmp_path / "p.yaml"


@pytest.mark.parametrize("fmt", ["csv", "yaml", "json"])
def test_convert_refuses_to_overwrite_its_input(fmt: str, tmp_path: Path) -> None:
    plan = _plan_file(tmp_path)
    before = plan.read_bytes()
    run = pstparse(["convert", "p.yaml", "-f", fmt, "-o", "p.yaml"], cwd=tmp_path)
    assert run.code == 2
    assert_clean(run)
    assert "refusing to overwrite the input" in run.stderr
    assert plan.read_bytes() == before
    (tmp_path / "link.yaml").symlink_to("p.yaml")
    run = pstparse(["convert", "link.yaml", "-f", fmt, "-o", "p.yaml"], cwd=tmp_path)
    assert run.code == 2 and plan.read_bytes() == before


def test_dev_stdout_is_written_in_place(tmp_path: Path) -> None:
    _plan_file(tmp_path)
    run = pstparse(["convert", "p.yaml", "-f", "csv", "-o", "/dev/stdout"], cwd=tmp_path)
    assert run.code == 0, run.stderr
    assert run.stdout.startswith(b"document,kind,os_code")
    run = pstparse(["extract", "p.txt", "-f", "json", "-o", "/dev/stdout"], cwd=tmp_path)
    assert run.code == 0 and json.loads(run.stdout)["document"]["path"] == "p.txt"


def test_fifo_is_written_in_place(tmp_path: Path) -> None:
    _plan_file(tmp_path)
    fifo = tmp_path / "out.yaml"
    os.mkfifo(fifo)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))
    proc = subprocess.Popen(
        [sys.executable, "-m", "pstparse", "convert", "p.yaml", "-o", "out.yaml"],
        cwd=tmp_path,
        env=env,
        stderr=subprocess.PIPE,
    )
    with fifo.open("rb") as reader:
        received = reader.read()
    assert proc.wait(timeout=60) == 0
    assert received == (tmp_path / "p.yaml").read_bytes()
    assert fifo.is_fifo()


@pytest.mark.parametrize("command", [["extract", "p.txt"], ["convert", "p.yaml", "-f", "csv"]])
def test_full_disk_on_stdout_is_exit_2(command: list[str], tmp_path: Path) -> None:
    _plan_file(tmp_path)
    with open("/dev/full", "wb") as full:  # noqa: PTH123
        run = pstparse(command, cwd=tmp_path, stdout=full.fileno())
    assert run.code == 2
    assert_clean(run)
    assert "No space left on device" in run.stderr


def test_full_disk_with_o_is_exit_2(tmp_path: Path) -> None:
    _plan_file(tmp_path)
    run = pstparse(["extract", "p.txt", "-f", "yaml", "-o", "/dev/full"], cwd=tmp_path)
    assert run.code == 2
    assert_clean(run)


def _closed_stdout(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))
    code = (
        "import os, runpy, sys; os.close(1); sys.argv = ['pstparse', *sys.argv[1:]];"
        " runpy.run_module('pstparse', run_name='__main__')"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        env=env,
        capture_output=False,
        stderr=subprocess.PIPE,
        check=False,
        timeout=60,
    )


def test_closed_stdout_is_exit_2_and_o_still_works(tmp_path: Path) -> None:
    _plan_file(tmp_path)
    done = _closed_stdout(["extract", "p.txt"], tmp_path)
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [
        "pstparse: cannot write to standard output: it is closed (use -o FILE)"
    ]
    done = _closed_stdout(["extract", "p.txt", "-o", "q.yaml"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "q.yaml").read_bytes() == (tmp_path / "p.yaml").read_bytes()


# --------------------------------------------------------------------------- batches


def test_symlink_loops_in_a_folder_fail_alone(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(build.ordinary_text())
    (folder / "self.txt").symlink_to("self.txt")
    (folder / "b.txt").symlink_to("c.txt")
    (folder / "c.txt").symlink_to("b.txt")
    (folder / "sub").symlink_to("..")
    run = pstparse(["extract", "in", "-o", "out/", "--report", "r.json"], cwd=tmp_path)
    assert run.code == 2
    assert "Traceback" not in run.stderr
    assert (tmp_path / "out" / "a.yaml").exists()
    report = json.loads((tmp_path / "r.json").read_text())
    assert [e["status"] for e in report["entries"]] == ["ok", "failed", "failed", "failed"]
    run = pstparse(["extract", "in/self.txt", "-o", "in/self.txt"], cwd=tmp_path)
    assert run.code == 2 and "Traceback" not in run.stderr


def test_surrogate_in_one_document_does_not_stop_the_batch(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(build.ordinary_text())
    (tmp_path / "b.docx").write_bytes(build.docx_symbol())
    (tmp_path / "c.txt").write_bytes(build.ordinary_text())
    for fmt in ("json", "csv"):
        run = pstparse(
            ["extract", "a.txt", "b.docx", "c.txt", "-f", fmt, "--jobs", "1"], cwd=tmp_path
        )
        assert run.code == 0, run.stderr
        assert "\ufffd".encode() in run.stdout


def _slow_text() -> bytes:
    from pstparse.extractors.txt import MAX_TEXT_LINES

    # As many labelled lines as a text may have: several seconds of work.
    return build.txt_labelled(60 * MAX_TEXT_LINES)


def test_timeout_fails_one_file_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(build.ordinary_text())
    (tmp_path / "b.txt").write_bytes(_slow_text())
    (tmp_path / "c.txt").write_bytes(build.ordinary_text())
    # The slow text takes ≈ 1.5 s of CPU on a quiet machine, an ordinary one ≈ 0.05 s.
    args = ["extract", "a.txt", "b.txt", "c.txt", "-o", "out/", "--timeout", "0.5"]
    for jobs in ("2",):
        run = pstparse([*args, "--jobs", jobs, "--report", f"r{jobs}.json"], cwd=tmp_path)
        assert run.code == 2, run.stderr
        assert "pstparse: b.txt: took longer than 0.5 s (--timeout)" in run.stderr
        report = json.loads((tmp_path / f"r{jobs}.json").read_text())
        assert [e["status"] for e in report["entries"]] == ["ok", "failed", "ok"]
        assert (tmp_path / "out" / "c.yaml").exists()


@pytest.mark.slow
def test_memory_cap_fails_one_file_and_the_batch_goes_on(tmp_path: Path, heavy: None) -> None:
    (tmp_path / "a.txt").write_bytes(build.ordinary_text())
    with (tmp_path / "big.txt").open("wb") as big:  # 150 MB of text, under the input limit
        for _ in range(50):
            big.write(build.txt_short_lines(1_000_000))
    args = ["extract", "big.txt", "a.txt", "-o", "out/", "--jobs", "2", "--max-memory", "256"]
    run = pstparse(args, cwd=tmp_path)
    assert run.code == 2, run.stderr
    assert "big.txt: needs more memory than this worker may use (--max-memory 256 MB)" in (
        run.stderr
    )
    assert (tmp_path / "out" / "a.yaml").exists()
    # A single input runs in-process: the cap holds there too.
    run = pstparse(["extract", "big.txt", "--max-memory", "256"], cwd=tmp_path)
    assert run.code == 2
    assert_clean(run)
    assert "needs more memory than this worker may use" in run.stderr
    assert (tmp_path / "out" / "a.yaml").exists()


@pytest.mark.parametrize("seconds", [0.05, 0.2])
def test_timeout_in_process(seconds: float, tmp_path: Path) -> None:
    from pstparse import batch
    from pstparse.api import process_job

    path = tmp_path / "slow.txt"
    path.write_bytes(_slow_text())
    outcome = process_job(batch.Job(str(path), fmt="yaml", timeout=seconds))
    assert outcome.status == "failed" and outcome.exit_code == 2, outcome
    assert outcome.reason == f"took longer than {seconds:g} s (--timeout)", outcome
    # The alarm is disarmed afterwards: a later job without a limit runs to its end.
    small = tmp_path / "small.txt"
    small.write_bytes(build.ordinary_text())
    assert process_job(batch.Job(str(small), fmt="yaml")).status == "ok"


def _children(pid: int) -> set[int]:
    """Every descendant of ``pid``: workers forked by a fork server are grandchildren."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    for name in ("a", "b", "c", "d"):
        (tmp_path / f"{name}.txt").write_bytes(_slow_text())
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))
    parent = subprocess.Popen(
        [sys.executable, "-m", "pstparse", "extract", "a.txt", "b.txt", "c.txt", "d.txt",
         "-o", "out/", "--jobs", "2"],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    children: set[int] = set()
    while time.monotonic() < deadline and len(children) < 3:  # 2 workers + tracker
        children = _children(parent.pid)
        time.sleep(0.1)
    assert len(children) >= 2, children
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    alive = children
    while alive and time.monotonic() < deadline:
        alive = {pid for pid in children if Path(f"/proc/{pid}").exists()}
        time.sleep(0.1)
    assert not alive, f"still running after the parent died: {alive}"


def test_resume_removes_stale_temporaries(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(build.ordinary_text())
    (tmp_path / "b.txt").write_bytes(build.ordinary_text())
    out = tmp_path / "out"
    assert pstparse(["extract", "a.txt", "b.txt", "-o", "out/"], cwd=tmp_path).code == 0
    stale = [out / ".a.yaml.0123abcd.tmp", out / ".b.yaml.deadbeef.tmp"]
    for temp in stale:
        temp.write_text("half a plan")
    keep = out / ".other.yaml.0123abcd.tmp"  # not named after an output of this run
    keep.write_text("x")
    run = pstparse(["extract", "a.txt", "b.txt", "-o", "out/", "--resume"], cwd=tmp_path)
    assert run.code == 0, run.stderr
    assert not any(temp.exists() for temp in stale)
    assert keep.exists()


@pytest.mark.slow
def test_finished_outputs_are_written_before_a_slow_earlier_file(
    tmp_path: Path, heavy: None
) -> None:
    (tmp_path / "a.txt").write_bytes(_slow_text())
    (tmp_path / "b.txt").write_bytes(build.ordinary_text())
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))
    proc = subprocess.Popen(
        [sys.executable, "-m", "pstparse", "extract", "a.txt", "b.txt", "-o", "out/",
         "--jobs", "2"],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not (tmp_path / "out" / "b.yaml").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    a_done = (tmp_path / "out" / "a.yaml").exists()
    proc.wait(timeout=120)
    assert (tmp_path / "out" / "b.yaml").exists()
    assert proc.returncode == 0
    assert not a_done or (tmp_path / "out" / "a.yaml").exists()
