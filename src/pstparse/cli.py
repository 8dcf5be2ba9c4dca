"""The command line. The only module that imports typer and rich: it parses arguments,
calls the library, and writes data to stdout (or ``-o``) and messages to stderr.

Exit codes: 0 ok; 1 error-level findings (``validate``, ``extract --strict``);
2 bad usage or unreadable input; 3 internal error (a bug: please report it);
130/143 interrupted by SIGINT/SIGTERM. In a batch the most serious code wins (3, 2, 1).
Batch mechanics (inputs, names, workers, signals) live in :mod:`pstparse.batch`.
"""

from __future__ import annotations

import io
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
from pstparse.model.errors import OutputError, PstparseError, UsageError, display_name
from pstparse.model.kinds import Kind
from pstparse.model.messages import Lang
from pstparse.options import ExportOptions, ExtractOptions

if TYPE_CHECKING:
    from pstparse import batch
    from pstparse.model.plan import Plan

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
    add_completion=True,
    pretty_exceptions_enable=False,
)


def _flag(*names: str, help: str, **kwargs: Any) -> Any:
    """An on/off option: shown without a value in --help (a flag takes none)."""
    return typer.Option(*names, help=help, metavar="", **kwargs)


def _choice(*names: str, help: str) -> Any:
    """An option with a fixed set of values, matched whatever their case (``-f CSV``)."""
    return typer.Option(*names, help=help, case_sensitive=False)


Verbose = Annotated[bool, _flag("--verbose", "-v", help="Show tracebacks of errors.")]
"""Accepted before and after the command name (``pstparse extract x.pdf -v``)."""


class OutFormat(StrEnum):
    """Output formats of ``extract`` and ``convert``."""

    yaml = "yaml"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    xlsx = "xlsx"
    ecomptes = "ecomptes"


class TypeAdmin(StrEnum):
    """The administration an eComptes file is for: the commune (AC) or its CPAS."""

    AC = "AC"
    CPAS = "CPAS"


class OcrChoice(StrEnum):
    """``--ocr``: which pages of a PDF are read by OCR (images always are)."""

    auto = "auto"
    always = "always"
    never = "never"


class ReportFormat(StrEnum):
    """Report formats of ``validate``."""

    text = "text"
    json = "json"


class LangChoice(StrEnum):
    """Languages of messages and reports."""

    fr = "fr"
    en = "en"


_LANG_HELP = (
    "Language of findings, reports and the batch summary (fr or en); default: from"
    " LC_ALL, LC_MESSAGES or LANG (fr* gives French, anything else English)."
)


def _lang(choice: LangChoice | None) -> Lang:
    from pstparse.model.messages import default_lang

    return default_lang() if choice is None else choice.value


class _State:
    verbose = False


def _err(message: str) -> None:
    from rich.console import Console
    from rich.markup import escape

    from pstparse.model.errors import printable_message

    message = printable_message(message)

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
    verbose: Verbose = False,
    version: Annotated[
        bool,
        _flag("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    _State.verbose = verbose
    _set_verbose(verbose)


def _set_verbose(verbose: bool) -> None:
    """``-v`` given before or after the command name: either turns tracebacks on."""
    _State.verbose = _State.verbose or verbose
    from pstparse.api import quiet_libraries

    quiet_libraries(verbose=_State.verbose)


def _read(path: str) -> tuple[bytes, str]:
    from pstparse.api import MAX_INPUT_BYTES, read_input, read_limited

    if path == "-":
        data = read_limited(sys.stdin.buffer, MAX_INPUT_BYTES)
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
                f" ({', '.join(f.value for f in OutFormat)})"
            )
        return inferred
    return default


def _emit(text: str | bytes, output: Path | None) -> None:
    if output is None:
        _to_stdout(text)
    else:
        from pstparse.exporters import write_atomic

        try:
            write_atomic(output, text)
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror or exc}", path=str(output)) from exc


def _to_stdout(text: str | bytes) -> None:
    """Write data (text, or the bytes of a binary format) to standard output; a full disk
    or a closed stdout is an OutputError (exit 2), a reader that went away a
    BrokenPipeError (exit 141)."""
    try:
        if isinstance(text, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(text)
            sys.stdout.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError, AttributeError) as exc:
        _drop_stdout()
        reason = getattr(exc, "strerror", None) or "it is closed"
        raise OutputError(f"cannot write to standard output: {reason}") from None


def _drop_stdout() -> None:
    # What is still buffered can never be written: point stdout at /dev/null so that the
    # interpreter's final flush does not fail (and print) once more.
    with suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    with suppress(OSError, ValueError):
        sys.stdout = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115


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

            from pstparse.model.errors import printable_message

            console = self._progress.console
            if trace and _State.verbose:
                console.print(trace, markup=False, highlight=False, end="")
            console.print(
                f"[bold red]pstparse:[/] {escape(printable_message(message))}", soft_wrap=True
            )
            return
        if trace and _State.verbose:
            sys.stderr.write(trace)
        _err(message)


def _print_summary(summary: batch.Summary, lang: Lang = "en") -> None:
    from rich.markup import escape

    from pstparse.model.errors import printable_message
    from pstparse.model.messages import ui
    from pstparse.validation.report import severity_counts

    counts = summary.counts
    findings = summary.findings
    failures = [o for o in summary.outcomes if o.status == "failed"]
    if _tty():
        from rich.console import Console
        from rich.markup import escape
        from rich.table import Table

        table = Table(title=ui("summary.title", lang), show_header=False, title_justify="left")
        table.add_column(style="bold")
        table.add_column(justify="right")
        rows = [
            (ui("summary.files", lang), len(summary.outcomes)),
            (ui("summary.done", lang), summary.count("ok")),
            (ui("summary.failed", lang), summary.count("failed")),
            (ui("summary.skipped", lang), summary.count("skipped")),
            (ui("summary.os", lang), counts.strategic_objectives),
            (ui("summary.oo", lang), counts.operational_objectives),
            (ui("summary.actions", lang), counts.actions),
            *(
                (ui("summary.findings", lang, severity=ui(f"severity.{severity}", lang)), n)
                for severity, n in findings.items()
            ),
        ]
        for name, value in rows:
            table.add_row(name, str(value))
        table.add_row(
            ui("summary.time", lang), ui("summary.seconds", lang, seconds=summary.seconds)
        )
        console = Console(stderr=True, highlight=False)
        console.print(table)
        for outcome in failures:
            line = ui("summary.failed-file", lang, message=printable_message(outcome.message or ""))
            console.print(f"[red]{escape(line)}[/]", markup=True, soft_wrap=True)
        return
    lines = [
        "pstparse: "
        + ui(
            "summary.files-line",
            lang,
            total=len(summary.outcomes),
            done=summary.count("ok"),
            failed=summary.count("failed"),
            skipped=summary.count("skipped"),
            seconds=summary.seconds,
        ),
        "pstparse: "
        + ui(
            "summary.counts-line",
            lang,
            os=counts.strategic_objectives,
            oo=counts.operational_objectives,
            actions=counts.actions,
            findings=severity_counts(findings, lang),
        ),
        *(
            "pstparse: "
            + ui("summary.failed-file", lang, message=printable_message(outcome.message or ""))
            for outcome in failures
        ),
    ]
    sys.stderr.write("".join(f"{line}\n" for line in lines))
    sys.stderr.flush()


def _same_file(a: Path, b: str) -> bool:
    from pstparse import batch
    from pstparse.batch import STDIN

    if b == STDIN:
        return False
    # batch._resolved: a symbolic link loop (RuntimeError in resolve()) compares as is.
    return os.path.normcase(batch._resolved(a)) == os.path.normcase(batch._resolved(Path(b)))


ExcelOpt = Annotated[
    bool,
    _flag("--excel", help="CSV/TSV for a French-language Excel: ';' separator, BOM, CRLF."),
]
DelimiterOpt = Annotated[
    str | None, typer.Option("--delimiter", help="CSV cell separator (default ',').")
]
RawCellsOpt = Annotated[
    bool,
    _flag(
        "--raw-cells",
        help="Do not guard CSV/TSV/XLSX cells that start like a formula (= + - @).",
    ),
]
InsOpt = Annotated[int | None, typer.Option("--ins", help="eComptes: INS code of the commune.")]
TypeAdminOpt = Annotated[
    TypeAdmin | None,
    _choice("--type-admin", help="eComptes: AC (commune) or CPAS; default: from the plan."),
]
ExerciceOpt = Annotated[
    int | None, typer.Option("--exercice", help="eComptes: the budget year of the file.")
]


def _export_options(
    *,
    bom: bool,
    excel: bool,
    delimiter: str | None,
    raw_cells: bool,
    ins: int | None,
    type_admin: TypeAdmin | None,
    exercice: int | None,
) -> ExportOptions:
    return ExportOptions(
        bom=bom,
        excel=excel,
        delimiter=delimiter,
        raw_cells=raw_cells,
        ins=ins,
        type_admin=None if type_admin is None else type_admin.value,
        exercice=exercice,
    )


def _warn_findings(findings: list[Any], name: str | None) -> None:
    """Show what an exporter adjusted (a Libelle cut to 255 characters…) on stderr."""
    for finding in findings:
        where = f" ({finding.path})" if finding.path else ""
        prefix = f"{name}: " if name else ""
        _err(f"{prefix}{finding.severity.value}: {finding.rule}: {finding.message}{where}")


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
        _choice("--format", "-f", help="Output format; default: from the -o suffix, else yaml."),
    ] = None,
    output_arg: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", help="Write to this file (or, ending in '/', this directory)."
        ),
    ] = None,
    kind: Annotated[
        Kind | None, _choice("--kind", help="Document kind; default: detected.")
    ] = None,
    strict: Annotated[
        bool, _flag("--strict", help="Exit 1 when a plan has error-level findings or no objective.")
    ] = False,
    bom: Annotated[
        bool, _flag("--bom", help="Start text output with a UTF-8 BOM (for Excel).")
    ] = False,
    password: Annotated[
        str | None, typer.Option("--password", help="Password of an encrypted PDF.")
    ] = None,
    ocr: Annotated[
        OcrChoice,
        _choice(
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
        _flag("--resume", help="Skip inputs whose output (-o) exists and is newer than them."),
    ] = False,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout", min=0.001, help="Seconds one input may take; then it fails (default 120)."
        ),
    ] = 120.0,
    max_memory: Annotated[
        int,
        typer.Option(
            "--max-memory",
            min=256,
            help="MiB of memory one worker process may use; beyond, its input fails.",
        ),
    ] = 2048,
    excel: ExcelOpt = False,
    delimiter: DelimiterOpt = None,
    raw_cells: RawCellsOpt = False,
    ins: InsOpt = None,
    type_admin: TypeAdminOpt = None,
    exercice: ExerciceOpt = None,
    lang_choice: Annotated[LangChoice | None, _choice("--lang", help=_LANG_HELP)] = None,
    verbose: Verbose = False,
) -> None:
    """Extract the plan of one or more documents and print it (YAML by default)."""
    _set_verbose(verbose)
    with _guard():
        from pstparse import batch

        lang = _lang(lang_choice)
        # A str, not a Path: Path() would drop the trailing "/" that marks a directory.
        output = Path(output_arg) if output_arg is not None else None
        dir_wanted = output_arg is not None and (
            output_arg.endswith(("/", "\\")) or Path(output_arg).is_dir()
        )
        out_fmt = _choose_format(fmt, None if dir_wanted else output, "yaml")
        _refuse_flag_values(files)
        export_options = _export_options(
            bom=bom,
            excel=excel,
            delimiter=delimiter,
            raw_cells=raw_cells,
            ins=ins,
            type_admin=type_admin,
            exercice=exercice,
        )
        from pstparse.exporters import check_options, get_format

        check_options(get_format(out_fmt), export_options)
        inputs = batch.collect_inputs(files)
        several = len(inputs) > 1
        if several and output is None and not get_format(out_fmt).several:
            raise UsageError(f"several inputs in {out_fmt} need -o DIRECTORY/ (one file each)")
        if output is not None and several and not dir_wanted:
            raise UsageError("several inputs need -o DIRECTORY/ (or no -o to stream to stdout)")
        if resume and output is None:
            raise UsageError("--resume needs -o (it compares each input with its output)")
        targets = _targets(inputs, output, out_fmt, to_dir=dir_wanted)
        report_path = Path(report) if report is not None else None
        if report_path is not None:
            _check_report(report_path, inputs, targets)
        stream = (
            batch.PlanStream(sys.stdout, out_fmt, several=several, options=export_options)
            if output is None
            else None
        )
        template = batch.Job(
            "",
            options=ExtractOptions(kind=kind, password=password, lang=lang, ocr=ocr.value),
            fmt=None if stream is not None and stream.needs_plans else out_fmt,
            bom=bom,
            export=export_options,
            keep_plan=stream is not None and stream.needs_plans,
            timeout=timeout,
            max_memory=max_memory * 2**20,
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
            _print_summary(summary, lang)
        if report_path is not None:
            batch.write_report(report_path, summary.report(strict=strict))
        code = summary.exit_code(strict=strict)
        if code:
            raise typer.Exit(code)


_FLAG_VALUES = frozenset({"true", "false", "yes", "no", "on", "off", "0", "1"})
"""Words a user may put after an on/off option (``--strict true``), mistaking it for one
that takes a value; typer then reads them as input names."""


def _refuse_flag_values(files: list[str]) -> None:
    for name in files:
        if name.lower() in _FLAG_VALUES and not Path(name).exists():
            raise UsageError(
                f"no such file '{name}': on/off options such as --strict take no value"
            )


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
        if resume and target is not None:
            batch.remove_stale_temporaries(target)
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

    def done(j: int, outcome: batch.Outcome) -> None:
        index = work[j][0]
        view.done(index)
        # One output file per input: write it as soon as it is ready, so that a slow
        # earlier input holds nothing back (a killed run keeps every finished plan).
        if make_dirs and targets[index] is not None:
            _write_target(outcome, targets[index], make_dirs=make_dirs)

    with view, _ocr_progress(len(inputs) == 1 and _tty()):
        outcomes = batch.run([job for _, job in work], workers=workers, on_done=done)
        with closing(outcomes):
            for index, target in enumerate(targets):
                outcome = ready.get(index)
                if outcome is None:
                    outcome = next(outcomes)
                else:
                    view.done(index)
                if outcome.status == "ok" and target is not None:
                    _write_target(outcome, target, make_dirs=make_dirs)
                elif outcome.status == "ok" and stream is not None:
                    stream.write(outcome)
                outcome.text = outcome.plan = None  # written: free the memory
                if outcome.status == "failed":
                    view.error(outcome.message or outcome.path, outcome.traceback)
                elif outcome.is_empty:
                    name = "<stdin>" if outcome.path == batch.STDIN else outcome.path
                    view.error(f"no objective found: {name}, is this a plan?")
                summary.add(outcome)
        if stream is not None:
            stream.close()


def _write_target(outcome: batch.Outcome, target: Path | None, *, make_dirs: bool) -> None:
    """Write a successful outcome's plan to ``target`` once; a write that fails turns
    the outcome into a failure (exit 2)."""
    from pstparse import batch

    if outcome.status != "ok" or target is None or outcome.output is not None:
        return
    try:
        batch.write_output(target, outcome.text or "", make_dirs=make_dirs)
        outcome.output = str(target)
    except OutputError as exc:
        outcome.status = "failed"
        outcome.reason = exc.message
        outcome.message = str(exc)
        outcome.exit_code = exc.exit_code
        outcome.counts = None
    outcome.text = None


@contextmanager
def _ocr_progress(enabled: bool) -> Iterator[None]:
    """A progress bar of the OCR pages of a single document, on a terminal only."""
    if not enabled:
        yield
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from pstparse.api import ocr_page_progress

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
        with ocr_page_progress(update):
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
        _choice("--format", "-f", help="text: report on stderr; json: report on stdout."),
    ] = ReportFormat.text,
    lang_choice: Annotated[LangChoice | None, _choice("--lang", help=_LANG_HELP)] = None,
    verbose: Verbose = False,
) -> None:
    """Check a plan against the model and the rules; exit 1 on error-level findings.

    Every problem is reported, with its line and column in the file, errors first.
    """
    _set_verbose(verbose)
    with _guard():
        import json

        from pstparse.api import check_plan
        from pstparse.validation import exit_status
        from pstparse.validation.report import json_report, text_report

        data, name = _read(file)
        entries = check_plan(data, name=name, lang=_lang(lang_choice))
        if fmt is ReportFormat.json:
            sys.stdout.write(
                json.dumps(json_report(entries, name=name), ensure_ascii=False, indent=2) + "\n"
            )
        else:
            report = text_report(entries, name=name, lang=_lang(lang_choice))
            # End on a newline, so that the shell prompt starts on a line of its own.
            sys.stderr.write(report if report.endswith("\n") else report + "\n")
        raise typer.Exit(exit_status(e.finding for e in entries))


@app.command()
def convert(
    file: Annotated[
        str,
        typer.Argument(help="A plan (YAML, JSON, CSV, TSV, XLSX, eComptes XML); '-' = stdin."),
    ],
    fmt: Annotated[
        OutFormat | None,
        _choice("--format", "-f", help="Output format; default: from -o, else yaml."),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
    bom: Annotated[bool, _flag("--bom", help="Start with a UTF-8 BOM.")] = False,
    excel: ExcelOpt = False,
    delimiter: DelimiterOpt = None,
    raw_cells: RawCellsOpt = False,
    ins: InsOpt = None,
    type_admin: TypeAdminOpt = None,
    exercice: ExerciceOpt = None,
    verbose: Verbose = False,
) -> None:
    """Export a plan again, e.g. YAML → CSV. Reads YAML, JSON, and the CSV, TSV, XLSX
    and eComptes XML files pstparse writes (hand-edited or not)."""
    _set_verbose(verbose)
    with _guard():
        from pstparse.exporters import export
        from pstparse.exporters.reading import read_plan

        if output is not None and file != "-" and _same_file(output, file):
            raise UsageError(f"refusing to overwrite the input {output}")
        data, name = _read(file)
        plan = read_plan(data, name=name)
        options = _export_options(
            bom=bom,
            excel=excel,
            delimiter=delimiter,
            raw_cells=raw_cells,
            ins=ins,
            type_admin=type_admin,
            exercice=exercice,
        )
        result = export(plan, _choose_format(fmt, output, "yaml"), options)
        _warn_findings(result.findings, None)
        _emit(result.data, output)


@app.command()
def schema(
    verbose: Verbose = False,
) -> None:
    """Print the JSON Schema of a plan."""
    _set_verbose(verbose)
    with _guard():
        import json

        from pstparse.model.plan import plan_json_schema

        sys.stdout.write(json.dumps(plan_json_schema(), indent=2, ensure_ascii=False) + "\n")


def _reopen_closed_streams() -> None:
    """Give a closed stdout or stderr (``>&-``) a stand-in on /dev/null, so that a file
    opened later never takes descriptor 1 or 2; data meant for a closed stdout is then
    refused with exit 2 (see :class:`_ClosedStdout`)."""
    for fd in (1, 2):
        try:
            os.fstat(fd)
        except OSError:
            with suppress(OSError):
                os.open(os.devnull, os.O_WRONLY)  # takes the lowest free descriptor: fd
            if fd == 1:
                sys.stdout = _ClosedStdout()
            else:
                sys.stderr = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115


class _ClosedStdout(io.TextIOBase):
    """Standard output when it was closed before pstparse started."""

    def write(self, text: str) -> int:
        """Refuse data: there is nowhere to write it."""
        if not text:
            return 0
        raise OutputError("cannot write to standard output: it is closed (use -o FILE)")


def _dash_hint(argv: list[str]) -> str | None:
    """A hint for a file name that starts with '-' and would be taken for an option."""
    command = typer.main.get_command(app)
    commands: dict[str, Any] = getattr(command, "commands", {})
    name = next((a for a in argv if a in commands), None)
    if name is None:
        return None
    known = {opt for param in commands[name].params for opt in (*param.opts, *param.secondary_opts)}
    rest = argv[argv.index(name) + 1 :]
    for arg in rest:
        if arg == "--":
            return None
        if (
            arg.startswith("-")
            and arg != "-"
            and arg.split("=")[0] not in known
            and Path(arg).exists()
        ):
            return (
                f"{display_name(arg)} is a file name that starts with '-', which reads as an"
                f" option: put '--' before the file names (pstparse {name} -- {arg})"
            )
    return None


def main() -> None:
    """Console-script entry point."""
    _reopen_closed_streams()
    hint = _dash_hint(sys.argv[1:])
    if hint is not None:
        _err(hint)
        raise SystemExit(EXIT_INPUT)
    run: Callable[..., object] = app
    run(prog_name="pstparse")
