"""The command line. The only module that imports typer and rich: it parses arguments,
calls the library, and writes data to stdout (or ``-o``) and messages to stderr.

Exit codes: 0 ok; 1 error-level findings (``validate``, ``extract --strict``);
2 bad usage or unreadable input; 3 internal error (a bug: please report it).
"""

from __future__ import annotations

import io
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from pstparse import __version__
from pstparse.errors import OutputError, PstparseError, UsageError
from pstparse.models import Kind, Plan

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3

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
    except KeyboardInterrupt:
        _fail("interrupted", 130)
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


def _suffix(fmt: str) -> str:
    return {"yaml": ".yaml", "json": ".json", "jsonl": ".jsonl", "csv": ".csv", "tsv": ".tsv"}[fmt]


def _out_name(src: str, fmt: str, outdir: Path, taken: set[Path]) -> Path:
    """``plan.pdf`` → ``OUTDIR/plan.yaml``; a clash gets ``plan.pdf.yaml`` then ``plan-2``."""
    stem = Path(src).stem if src != "<stdin>" else "stdin"
    candidate = outdir / f"{stem}{_suffix(fmt)}"
    if candidate in taken:
        candidate = outdir / f"{Path(src).name}{_suffix(fmt)}"
    n = 2
    while candidate in taken:
        candidate = outdir / f"{stem}-{n}{_suffix(fmt)}"
        n += 1
    taken.add(candidate)
    return candidate


def _has_errors(plan: Plan) -> bool:
    return any(f.severity == "error" for f in plan.findings)


@app.command()
def extract(
    files: Annotated[
        list[str], typer.Argument(help="Documents to read (TXT, DOCX, PDF); '-' reads stdin.")
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
) -> None:
    """Extract the plan of one or more documents and print it (YAML by default)."""
    with _guard():
        # A str, not a Path: Path() would drop the trailing "/" that marks a directory.
        output = Path(output_arg) if output_arg is not None else None
        dir_wanted = output_arg is not None and (
            output_arg.endswith(("/", "\\")) or Path(output_arg).is_dir()
        )
        from pstparse.api import extract_bytes
        from pstparse.exporters import MultiWriter, extra_field_keys, render

        out_fmt = _choose_format(fmt, None if dir_wanted else output, "yaml")
        to_dir = dir_wanted
        if output is not None and len(files) > 1 and not dir_wanted:
            raise UsageError("several inputs need -o DIRECTORY/ (or no -o to stream to stdout)")
        if to_dir and output is not None:
            output.mkdir(parents=True, exist_ok=True)
        failed = 0
        errors = 0
        plans: list[Plan] = []
        taken: set[Path] = set()
        for path in files:
            try:
                data, name = _read(path)
                plan = extract_bytes(data, name=name, kind=kind, password=password)
            except PstparseError as exc:
                if _State.verbose:
                    traceback.print_exc()
                _err(str(exc) if exc.path else f"{path}: {exc}")
                failed += 1
                continue
            errors += _has_errors(plan)
            if to_dir and output is not None:
                target = _out_name(name, out_fmt, output, taken)
                if target.exists() and target.resolve() == Path(path).resolve():
                    raise UsageError(f"refusing to overwrite the input {path}")
                _emit(render(plan, out_fmt, bom=bom), target)
            else:
                plans.append(plan)
        if plans:
            if len(plans) == 1 or out_fmt in ("yaml", "json"):
                texts = [render(p, out_fmt, bom=bom and i == 0) for i, p in enumerate(plans)]
                if out_fmt == "json" and len(plans) > 1:
                    text = "[\n" + ",\n".join(t.rstrip("\n") for t in texts) + "\n]\n"
                elif out_fmt == "yaml" and len(plans) > 1:
                    text = "".join(f"---\n{t}" for t in texts)
                else:
                    text = texts[0]
                _emit(text, output)
            else:
                buffer = io.StringIO(newline="")
                writer = MultiWriter(buffer, out_fmt, extra_fields=extra_field_keys(plans), bom=bom)
                for plan in plans:
                    writer.write_plan(plan)
                _emit(buffer.getvalue(), output)
        if failed:
            raise typer.Exit(EXIT_INPUT)
        if strict and errors:
            raise typer.Exit(EXIT_FINDINGS)


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
