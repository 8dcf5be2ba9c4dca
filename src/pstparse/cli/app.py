"""The commands: each parses its options, calls the library (:mod:`pstparse.api`) and
writes data to stdout (or ``-o``) and messages to stderr (through :mod:`.view`).

Exit codes: 0 ok; 1 error-level findings (``validate``, ``extract --strict``);
2 bad usage or unreadable input; 3 internal error (a bug: please report it);
130/143 interrupted by SIGINT/SIGTERM. In a batch the most serious code wins (3, 2, 1).
Batch mechanics (inputs, names, workers, signals) live in :mod:`pstparse.batch`, behind
:func:`pstparse.api.run_batch`.
"""

from __future__ import annotations

import io
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from pstparse import __version__
from pstparse.cli.params import (
    DEFAULT_OUTPUT,
    LangOpt,
    OcrChoice,
    OutFormat,
    OutputOptions,
    ReportFormat,
    Verbose,
    choice,
    flag,
    output_options,
)
from pstparse.cli.view import State, err
from pstparse.model.errors import OutputError, PstparseError, UsageError, display_name
from pstparse.model.kinds import Kind
from pstparse.options import (
    DEFAULT_MAX_MEMORY_MB,
    DEFAULT_TIMEOUT,
    BatchOptions,
    ExtractOptions,
)

if TYPE_CHECKING:
    from pstparse.cli.params import LangChoice
    from pstparse.model.messages import Lang
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


def _lang(lang: LangChoice | None) -> Lang:
    from pstparse.model.messages import default_lang

    return default_lang() if lang is None else lang.value


def _fail(message: str, code: int) -> NoReturn:
    err(message)
    raise typer.Exit(code)


@contextmanager
def _guard() -> Iterator[None]:
    """Turn expected errors into one-line messages and unexpected ones into exit 3."""
    try:
        yield
    except typer.Exit:
        raise
    except PstparseError as exc:
        if State.verbose:
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
        if State.verbose:
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
        flag("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    State.verbose = verbose
    _set_verbose(verbose)


def _set_verbose(verbose: bool) -> None:
    """``-v`` given before or after the command name: either turns tracebacks on."""
    State.verbose = State.verbose or verbose
    from pstparse.api import quiet_libraries

    quiet_libraries(verbose=State.verbose)


def _read(path: str) -> tuple[bytes, str]:
    from pstparse.api import read_input, read_stdin

    if path == "-":
        return read_stdin(), "<stdin>"
    return read_input(path), path


def _choose_format(fmt: OutFormat | None, output: Path | None, default: str) -> str:
    from pstparse.batch import choose_format

    return choose_format(None if fmt is None else fmt.value, output, default)


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


def _warn_findings(findings: list[Any], name: str | None) -> None:
    """Show what an exporter adjusted (a Libelle cut to 255 characters…) on stderr."""
    for finding in findings:
        where = f" ({finding.path})" if finding.path else ""
        prefix = f"{name}: " if name else ""
        err(f"{prefix}{finding.severity.value}: {finding.rule}: {finding.message}{where}")


@app.command()
@output_options
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
        choice("--format", "-f", help="Output format; default: from the -o suffix, else yaml."),
    ] = None,
    output_arg: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", help="Write to this file (or, ending in '/', this directory)."
        ),
    ] = None,
    kind: Annotated[Kind | None, choice("--kind", help="Document kind; default: detected.")] = None,
    strict: Annotated[
        bool, flag("--strict", help="Exit 1 when a plan has error-level findings or no objective.")
    ] = False,
    bom: Annotated[
        bool, flag("--bom", help="Start text output with a UTF-8 BOM (for Excel).")
    ] = False,
    password: Annotated[
        str | None, typer.Option("--password", help="Password of an encrypted PDF.")
    ] = None,
    ocr: Annotated[
        OcrChoice,
        choice(
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
        flag("--resume", help="Skip inputs whose output (-o) exists and is newer than them."),
    ] = False,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout",
            min=0.001,
            help=f"Seconds one input may take; then it fails (default {DEFAULT_TIMEOUT:g}).",
        ),
    ] = DEFAULT_TIMEOUT,
    max_memory: Annotated[
        int,
        typer.Option(
            "--max-memory",
            min=256,
            help="MiB of memory one worker process may use; beyond, its input fails.",
        ),
    ] = DEFAULT_MAX_MEMORY_MB,
    out: OutputOptions = DEFAULT_OUTPUT,
    lang_choice: LangOpt = None,
    verbose: Verbose = False,
) -> None:
    """Extract the plan of one or more documents and print it (YAML by default)."""
    _set_verbose(verbose)
    with _guard():
        from pstparse.api import run_batch
        from pstparse.batch import wants_directory
        from pstparse.cli.view import CliView

        lang = _lang(lang_choice)
        # A str, not a Path: Path() would drop the trailing "/" that marks a directory.
        output = Path(output_arg) if output_arg is not None else None
        out_fmt = _choose_format(fmt, None if wants_directory(output_arg) else output, "yaml")
        _refuse_flag_values(files)
        summary = run_batch(
            files,
            output=output_arg,
            fmt=out_fmt,
            options=ExtractOptions(kind=kind, password=password, lang=lang, ocr=ocr.value),
            export=out.export_options(bom=bom),
            batch_options=BatchOptions(
                jobs=jobs,
                timeout=timeout,
                max_memory=max_memory * 2**20,
                resume=resume,
                strict=strict,
                report=report,
            ),
            view=CliView(lang),
        )
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


def _load(path: str) -> tuple[Plan, str]:
    from pstparse.exporters import load_plan

    data, name = _read(path)
    return load_plan(data, name=name), name


@app.command()
def validate(
    file: Annotated[str, typer.Argument(help="A plan (YAML or JSON); '-' reads stdin.")],
    fmt: Annotated[
        ReportFormat,
        choice("--format", "-f", help="text: report on stderr; json: report on stdout."),
    ] = ReportFormat.text,
    lang_choice: LangOpt = None,
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
@output_options
def convert(
    file: Annotated[
        str,
        typer.Argument(help="A plan (YAML, JSON, CSV, TSV, XLSX, eComptes XML); '-' = stdin."),
    ],
    fmt: Annotated[
        OutFormat | None,
        choice("--format", "-f", help="Output format; default: from -o, else yaml."),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
    bom: Annotated[bool, flag("--bom", help="Start with a UTF-8 BOM.")] = False,
    out: OutputOptions = DEFAULT_OUTPUT,
    verbose: Verbose = False,
) -> None:
    """Export a plan again, e.g. YAML → CSV. Reads YAML, JSON, and the CSV, TSV, XLSX
    and eComptes XML files pstparse writes (hand-edited or not)."""
    _set_verbose(verbose)
    with _guard():
        from pstparse.batch import same_file
        from pstparse.exporters import export
        from pstparse.exporters.reading import read_plan

        if output is not None and file != "-" and same_file(output, file):
            raise UsageError(f"refusing to overwrite the input {output}")
        data, name = _read(file)
        plan = read_plan(data, name=name)
        options = out.export_options(bom=bom)
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
        err(hint)
        raise SystemExit(EXIT_INPUT)
    run: Callable[..., object] = app
    run(prog_name="pstparse")
