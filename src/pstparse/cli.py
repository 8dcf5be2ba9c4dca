"""The command line. The only module that imports typer and rich: it parses arguments,
calls the library, and writes data to stdout (or ``-o``) and messages to stderr.

Exit codes: 0 ok; 1 error-level findings (``validate``, ``extract --strict``);
2 bad usage or unreadable input; 3 internal error (a bug: please report it);
130/143 interrupted by SIGINT/SIGTERM. In a batch the most serious code wins (3, 2, 1).
Batch mechanics (inputs, names, workers, signals) live in :mod:`pstparse.batch`.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, suppress
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from pstparse import __version__
from pstparse.errors import OutputError, PstparseError, UsageError
from pstparse.models import Kind, Plan
from pstparse.options import ExtractOptions

if TYPE_CHECKING:
    from pstparse import batch

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3
EXIT_PIPE = 141  # 128 + SIGPIPE, what a filter killed by a closed pipe returns

app = typer.Typer(
    name="pstparse",
    help=(
        "Turn Walloon PST, DPS/DPC, programmes and project sheets (TXT, DOCX, PDF) into"
        " structured, checked data."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OutFormat(StrEnum):
    """Output formats of ``extract`` and ``convert``."""

    yaml = "yaml"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"


class OcrChoice(StrEnum):
    """``--ocr``: which pages of a PDF are read by OCR (images always are)."""

    auto = "auto"
    always = "always"
    never = "never"


class ReportFormat(StrEnum):
    """Report formats of ``validate``."""

    text = "text"
    json = "json"


class _State:
    verbose = False


def _err(message: str) -> None:
    from rich.console import Console
    from rich.markup import escape

    # soft_wrap: one message stays one line even when stderr is not a terminal.
    Console(stderr=True, soft_wrap=True, highlight=False).print(
        f"[bold red]pstparse:[/] {escape(message)}"
    )


def _fail(message: str, code: int) -> NoReturn:
    _err(message)
    raise typer.Exit(code)


@contextmanager
def _guard() -> Iterator[None]:
    """Turn expected errors into one-line messages and unexpected ones into exit 3."""
    try:
        yield
    except typer.Exit:
        raise
    except PstparseError as exc:
        if _State.verbose:
            traceback.print_exc()
        _fail(str(exc), exc.exit_code)
    except BrokenPipeError:
        # The reader of stdout went away (`| head`): stop quietly, like other filters.
        # Later writes to the closed pipe (at interpreter exit) must not complain either.
        with suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(EXIT_PIPE) from None
    except KeyboardInterrupt as exc:
        # batch.Interrupted carries 128 + the signal number (130 SIGINT, 143 SIGTERM).
        _fail("interrupted", getattr(exc, "exit_code", 130))
    except Exception as exc:
        if _State.verbose:
            traceback.print_exc()
        _fail(f"internal error: {type(exc).__name__}: {exc} (use --verbose for details)", 3)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pstparse {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show tracebacks of errors.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    _State.verbose = verbose
    from pstparse.api import quiet_libraries

    quiet_libraries(verbose=verbose)


def _read(path: str) -> tuple[bytes, str]:
    from pstparse.api import MAX_INPUT_BYTES, read_input

    if path == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        if len(data) > MAX_INPUT_BYTES:
            raise PstparseError(f"input too large (> {MAX_INPUT_BYTES // 2**20} MiB)", path="-")
        return data, "<stdin>"
    return read_input(path), path


def _choose_format(fmt: OutFormat | None, output: Path | None, default: str) -> str:
    if fmt is not None:
        return fmt.value
    if output is not None:
        from pstparse.exporters import format_from_suffix

        inferred = format_from_suffix(output)
        if inferred is None:
            raise UsageError(
                f"cannot tell the format from '{output.name}': use --format"
                " (yaml, json, jsonl, csv, tsv)"
            )
        return inferred
    return default


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        from pstparse.exporters import write_atomic

        try:
            write_atomic(output, text)
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror or exc}", path=str(output)) from exc


class _View:
    """What the user sees of a batch on stderr: failures, a progress bar on a terminal."""

    def __init__(self, names: list[str], *, progress: bool) -> None:
        self._names = names
        self._done = [False] * len(names)
        self._first_pending = 0
        self._progress: Any = None
        self._task: Any = None
        if progress:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self._progress = Progress(
                TextColumn("[bold]extract"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.fields[current]}", markup=False),
                console=Console(stderr=True),
                transient=True,
            )
            self._task = self._progress.add_task("extract", total=len(names), current=names[0])

    def __enter__(self) -> _View:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def done(self, index: int) -> None:
        """Count input ``index`` as finished; show the first unfinished one as current."""
        self._done[index] = True
        while self._first_pending < len(self._done) and self._done[self._first_pending]:
            self._first_pending += 1
        if self._progress is not None:
            current = (
                self._names[self._first_pending] if self._first_pending < len(self._names) else ""
            )
            self._progress.update(self._task, advance=1, current=current)

    def error(self, message: str, trace: str | None = None) -> None:
        """Report a failed input on one line (and its traceback with ``--verbose``)."""
        if self._progress is not None:
            from rich.markup import escape

            console = self._progress.console
            if trace and _State.verbose:
                console.print(trace, markup=False, highlight=False, end="")
            console.print(f"[bold red]pstparse:[/] {escape(message)}", soft_wrap=True)
            return
        if trace and _State.verbose:
            sys.stderr.write(trace)
        _err(message)


def _print_summary(summary: batch.Summary) -> None:
    counts = summary.counts
    findings = summary.findings
    failures = [o for o in summary.outcomes if o.status == "failed"]
    if _tty():
        from rich.console import Console
        from rich.table import Table

        table = Table(title="pstparse: batch summary", show_header=False, title_justify="left")
        table.add_column(style="bold")
        table.add_column(justify="right")
        rows = [
            ("files", len(summary.outcomes)),
            ("done", summary.count("ok")),
            ("failed", summary.count("failed")),
            ("skipped", summary.count("skipped")),
            ("objectifs stratégiques (OS)", counts.strategic_objectives),
            ("objectifs opérationnels (OO)", counts.operational_objectives),
            ("actions", counts.actions),
            *((f"{severity} findings", n) for severity, n in findings.items()),
        ]
        for name, value in rows:
            table.add_row(name, str(value))
        table.add_row("time", f"{summary.seconds:.1f} s")
        console = Console(stderr=True, highlight=False)
        console.print(table)
        for outcome in failures:
            console.print(f"[red]failed:[/] {outcome.message}", markup=True, soft_wrap=True)
        return
    lines = [
        f"pstparse: {len(summary.outcomes)} files: {summary.count('ok')} done,"
        f" {summary.count('failed')} failed, {summary.count('skipped')} skipped"
        f" ({summary.seconds:.1f} s)",
        f"pstparse: {counts.strategic_objectives} OS, {counts.operational_objectives} OO,"
        f" {counts.actions} actions; findings: "
        + ", ".join(f"{n} {severity}" for severity, n in findings.items()),
        *(f"pstparse: failed: {outcome.message}" for outcome in failures),
    ]
    sys.stderr.write("".join(f"{line}\n" for line in lines))
    sys.stderr.flush()


def _same_file(a: Path, b: str) -> bool:
    from pstparse.batch import STDIN

    if b == STDIN:
        return False
    return os.path.normcase(a.resolve()) == os.path.normcase(Path(b).resolve())


@app.command()
def extract(
    files: Annotated[
        list[str],
        typer.Argument(
            help=(
                "Documents to read (TXT, DOCX, PDF), directories (searched recursively) or"
                " quoted glob patterns; '-' reads stdin."
            )
        ),
    ],
    fmt: Annotated[
        OutFormat | None,
        typer.Option(
            "--format", "-f", help="Output format; default: from the -o suffix, else yaml."
        ),
    ] = None,
    output_arg: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", help="Write to this file (or, ending in '/', this directory)."
        ),
    ] = None,
    kind: Annotated[
        Kind | None, typer.Option("--kind", help="Document kind; default: detected.")
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when a plan has error-level findings.")
    ] = False,
    bom: Annotated[
        bool, typer.Option("--bom", help="Start text output with a UTF-8 BOM (for Excel).")
    ] = False,
    password: Annotated[
        str | None, typer.Option("--password", help="Password of an encrypted PDF.")
    ] = None,
    ocr: Annotated[
        OcrChoice,
        typer.Option(
            "--ocr",
            help=(
                "OCR (Tesseract, French) for pages without a text layer (auto), for every"
                " page (always) or none (never)."
            ),
        ),
    ] = OcrChoice.auto,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, help="Parallel worker processes; default: the CPU cores."
        ),
    ] = None,
    report: Annotated[
        str | None,
        typer.Option("--report", help="Also write the batch summary, per file, as JSON here."),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume", help="Skip inputs whose output (-o) exists and is newer than them."
        ),
    ] = False,
) -> None:
    """Extract the plan of one or more documents and print it (YAML by default)."""
    with _guard():
        from pstparse import batch

        # A str, not a Path: Path() would drop the trailing "/" that marks a directory.
        output = Path(output_arg) if output_arg is not None else None
        dir_wanted = output_arg is not None and (
            output_arg.endswith(("/", "\\")) or Path(output_arg).is_dir()
        )
        out_fmt = _choose_format(fmt, None if dir_wanted else output, "yaml")
        if bom and out_fmt not in ("csv", "tsv"):
            raise UsageError(f"a byte order mark is only written for csv and tsv, not {out_fmt}")
        inputs = batch.collect_inputs(files)
        several = len(inputs) > 1
        if output is not None and several and not dir_wanted:
            raise UsageError("several inputs need -o DIRECTORY/ (or no -o to stream to stdout)")
        if resume and output is None:
            raise UsageError("--resume needs -o (it compares each input with its output)")
        targets = _targets(inputs, output, out_fmt, to_dir=dir_wanted)
        report_path = Path(report) if report is not None else None
        if report_path is not None:
            _check_report(report_path, inputs, targets)
        stream = (
            batch.PlanStream(sys.stdout, out_fmt, several=several, bom=bom)
            if output is None
            else None
        )
        template = batch.Job(
            "",
            options=ExtractOptions(kind=kind, password=password, ocr=ocr.value),
            fmt=None if stream is not None and stream.needs_plans else out_fmt,
            bom=bom,
            keep_plan=stream is not None and stream.needs_plans,
        )
        ready, work = _prepare(inputs, targets, template, resume=resume)
        summary = batch.Summary()
        # Signals are turned into exceptions for the whole run, so that the report of an
        # interrupted run is itself written atomically (a second signal waits for it).
        with batch.interrupts():
            try:
                _execute(
                    inputs,
                    targets,
                    ready,
                    work,
                    summary,
                    stream=stream,
                    workers=jobs or batch.default_jobs(),
                    make_dirs=dir_wanted,
                )
            except KeyboardInterrupt:
                summary.interrupted = True
                if report_path is not None:
                    with suppress(PstparseError, KeyboardInterrupt):
                        batch.write_report(report_path, summary.report(strict=strict))
                raise
        if several or report_path is not None:
            _print_summary(summary)
        if report_path is not None:
            batch.write_report(report_path, summary.report(strict=strict))
        code = summary.exit_code(strict=strict)
        if code:
            raise typer.Exit(code)


def _targets(
    inputs: list[batch.Input], output: Path | None, fmt: str, *, to_dir: bool
) -> list[Path | None]:
    """Where each input's plan goes: a file in the output directory, the -o file, or
    ``None`` for standard output."""
    from pstparse import batch

    if output is None:
        return [None] * len(inputs)
    if not to_dir:
        if any(_same_file(output, i.path) for i in inputs):
            raise UsageError(f"refusing to overwrite the input {output}")
        return [output]
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"cannot create the directory: {exc.strerror or exc}", path=str(output)
        ) from exc
    return list(batch.output_paths(inputs, output, fmt))


def _check_report(path: Path, inputs: list[batch.Input], targets: list[Path | None]) -> None:
    if any(_same_file(path, i.path) for i in inputs) or any(
        t is not None and _same_file(path, str(t)) for t in targets
    ):
        raise UsageError(f"--report {path} would overwrite an input or an output")
    if not path.parent.is_dir():
        raise UsageError(f"--report {path}: no such directory")


def _prepare(
    inputs: list[batch.Input],
    targets: list[Path | None],
    template: batch.Job,
    *,
    resume: bool,
) -> tuple[dict[int, batch.Outcome], list[tuple[int, batch.Job]]]:
    """Split the inputs into outcomes known up front (arguments that yielded nothing,
    up-to-date outputs with ``--resume``, unreadable stdin) and jobs to run."""
    from dataclasses import replace

    from pstparse import batch

    ready: dict[int, batch.Outcome] = {}
    work: list[tuple[int, batch.Job]] = []
    for index, (item, target) in enumerate(zip(inputs, targets, strict=True)):
        if item.problem is not None:
            ready[index] = batch.failed(item.path, item.problem)
        elif resume and target is not None and batch.is_up_to_date(item.path, target):
            ready[index] = batch.skipped(item.path, target)
        elif item.path == batch.STDIN:
            try:
                data, _ = _read(batch.STDIN)
            except PstparseError as exc:
                ready[index] = batch.failed(item.path, exc.message)
            else:
                work.append((index, replace(template, path=item.path, data=data)))
        else:
            work.append((index, replace(template, path=item.path)))
    return ready, work


def _execute(
    inputs: list[batch.Input],
    targets: list[Path | None],
    ready: dict[int, batch.Outcome],
    work: list[tuple[int, batch.Job]],
    summary: batch.Summary,
    *,
    stream: batch.PlanStream | None,
    workers: int,
    make_dirs: bool,
) -> None:
    """Run the jobs and take every outcome in input order: write or stream the plan,
    report a failure, add it to the summary."""
    from pstparse import batch

    view = _View([Path(i.path).name for i in inputs], progress=len(inputs) > 1 and _tty())
    with view, _ocr_progress(len(inputs) == 1 and _tty()):
        outcomes = batch.run(
            [job for _, job in work],
            workers=workers,
            on_done=lambda j, _: view.done(work[j][0]),
        )
        with closing(outcomes):
            for index, target in enumerate(targets):
                outcome = ready.get(index)
                if outcome is None:
                    outcome = next(outcomes)
                else:
                    view.done(index)
                if outcome.status == "ok" and target is not None:
                    try:
                        batch.write_output(target, outcome.text or "", make_dirs=make_dirs)
                        outcome.output = str(target)
                    except OutputError as exc:
                        outcome = batch.failed(outcome.path, exc.message)
                        outcome.message = str(exc)
                elif outcome.status == "ok" and stream is not None:
                    stream.write(outcome)
                outcome.text = outcome.plan = None  # written: free the memory
                if outcome.status == "failed":
                    view.error(outcome.message or outcome.path, outcome.traceback)
                summary.add(outcome)
        if stream is not None:
            stream.close()


@contextmanager
def _ocr_progress(enabled: bool) -> Iterator[None]:
    """A progress bar of the OCR pages of a single document, on a terminal only."""
    if not enabled:
        yield
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from pstparse.extractors.ocr.progress import page_progress

    bar = Progress(
        TextColumn("[bold]OCR pages"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task: Any = None

    def update(done: int, total: int | None) -> None:
        nonlocal task
        if task is None:
            task = bar.add_task("ocr", total=total)
            bar.start()
        bar.update(task, completed=done, total=total)

    try:
        with page_progress(update):
            yield
    finally:
        bar.stop()


def _tty() -> bool:
    # The progress bar and the rich table only for a person watching a terminal: a
    # piped or redirected stderr gets plain lines.
    return sys.stderr.isatty()


def _load(path: str) -> tuple[Plan, str]:
    from pstparse.exporters import load_plan

    data, name = _read(path)
    return load_plan(data, name=name), name


@app.command()
def validate(
    file: Annotated[str, typer.Argument(help="A plan (YAML or JSON); '-' reads stdin.")],
    fmt: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", help="text: report on stderr; json: report on stdout."),
    ] = ReportFormat.text,
) -> None:
    """Check a plan against the model and the rules; exit 1 on error-level findings."""
    with _guard():
        import json

        from pstparse.api import validate_plan
        from pstparse.validation import exit_status
        from pstparse.validation.report import json_report, text_report

        plan, name = _load(file)
        findings = validate_plan(plan)
        if fmt is ReportFormat.json:
            sys.stdout.write(
                json.dumps(json_report(findings, name=name), ensure_ascii=False, indent=2) + "\n"
            )
        else:
            sys.stderr.write(text_report(findings, name=name))
        raise typer.Exit(exit_status(findings))


@app.command()
def convert(
    file: Annotated[str, typer.Argument(help="A plan (YAML or JSON); '-' reads stdin.")],
    fmt: Annotated[
        OutFormat | None,
        typer.Option("--format", "-f", help="Output format; default: from -o, else yaml."),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
    bom: Annotated[bool, typer.Option("--bom", help="Start with a UTF-8 BOM.")] = False,
) -> None:
    """Export a (hand-edited) plan again, e.g. YAML → CSV for a spreadsheet."""
    with _guard():
        from pstparse.exporters import render

        plan, _ = _load(file)
        _emit(render(plan, _choose_format(fmt, output, "yaml"), bom=bom), output)


@app.command()
def schema() -> None:
    """Print the JSON Schema of a plan."""
    with _guard():
        import json

        from pstparse.models import plan_json_schema

        sys.stdout.write(json.dumps(plan_json_schema(), indent=2, ensure_ascii=False) + "\n")


def main() -> None:
    """Console-script entry point."""
    run: Callable[..., object] = app
    run(prog_name="pstparse")
