"""Running a batch: the whole job from arguments to outputs, streaming several plans to
one output, and the summary and report.

:func:`run_batch` is what :func:`pstparse.api.run_batch` (and so the command line's
``extract``) runs; it is handed the per-file work by the API, so that this package sits
below it. Writes made with :func:`write_output` or :func:`write_report` are atomic and
finish before an interruption is raised, so an interrupted batch leaves only complete
files.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, closing, nullcontext, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from pstparse.batch.inputs import (
    STDIN,
    Input,
    collect_inputs,
    is_up_to_date,
    output_paths,
    remove_stale_temporaries,
    same_file,
)
from pstparse.batch.pool import (
    Counts,
    Job,
    Outcome,
    Status,
    Worker,
    _no_findings,
    default_jobs,
    deferred_interrupts,
    failed,
    interrupts,
    run,
    skipped,
)
from pstparse.model.errors import OutputError, PstparseError, UsageError, data_name
from pstparse.options import (
    DEFAULT_BATCH_OPTIONS,
    DEFAULT_EXPORT_OPTIONS,
    DEFAULT_OPTIONS,
    BatchOptions,
    ExportOptions,
    ExtractOptions,
)

if TYPE_CHECKING:
    from pstparse.exporters.streams import DocumentStream

# --------------------------------------------------------------------------- writing


def write_output(path: Path, text: str | bytes, *, make_dirs: bool = False) -> None:
    """Write one output atomically; raise :class:`OutputError` when it cannot be written.

    ``make_dirs`` creates missing parent directories (the mirrored sub-directories of a
    batch's output directory). An interruption during the write takes effect once the
    file is complete.
    """
    from pstparse.exporters import write_atomic

    with deferred_interrupts():
        try:
            if make_dirs:
                path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, text)
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror or exc}", path=str(path)) from exc


class PlanStream:
    """Write the plans of one or more inputs to one text stream (standard output).

    A single plan is written exactly as :func:`pstparse.exporters.render` gives it.
    Several plans are joined by the format's multi-document stream from the export
    registry (:meth:`pstparse.exporters.ExportFormat.open_stream`: a YAML stream, a JSON
    array, JSON Lines records one plan after the other), written as each plan arrives;
    ``csv``/``tsv`` need every plan for their single header (see :attr:`needs_plans`),
    so they are written at :meth:`close`.
    """

    def __init__(
        self,
        stream: TextIO,
        fmt: str,
        *,
        several: bool,
        bom: bool = False,
        options: ExportOptions = DEFAULT_EXPORT_OPTIONS,
    ) -> None:
        from pstparse.exporters.registry import get_format

        self._stream = stream
        options = options.but(bom=True) if bom else options
        self._documents: DocumentStream | None = (
            get_format(fmt).open_stream(options) if several else None
        )

    @property
    def needs_plans(self) -> bool:
        """True when outcomes must carry their plan rather than rendered text."""
        return self._documents is not None and self._documents.needs_plans

    def write(self, outcome: Outcome) -> None:
        """Add the plan of a successful outcome to the stream."""
        if self._documents is not None and self._documents.needs_plans:
            if outcome.plan is not None:
                self._documents.add(plan=outcome.plan)
            return
        text = outcome.text or ""
        if self._documents is not None:
            # Several plans in one output: a text format (binary ones hold one plan), whose
            # exporter may have given its UTF-8 (JSON).
            from pstparse.exporters.registry import as_text

            self._put(self._documents.add(as_text(text)))
            return
        if isinstance(text, bytes):
            # A binary format (xlsx), or a text format's UTF-8 (JSON): to the binary layer.
            self._stream.flush()
            self._stream.buffer.write(text)
            self._stream.buffer.flush()
            return
        self._put(text)

    def _put(self, text: str) -> None:
        try:
            self._stream.write(text)
            self._stream.flush()
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or "it is closed"
            raise OutputError(f"cannot write to standard output: {reason}") from None

    def close(self) -> None:
        """Finish the stream (closing bracket, or the whole CSV/TSV)."""
        self._put(self._documents.close() if self._documents is not None else "")


# --------------------------------------------------------------------------- summary


@dataclass(slots=True)
class Summary:
    """Totals of a batch and one entry per input, for the summary and ``--report``."""

    outcomes: list[Outcome] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)
    interrupted: bool = False

    def add(self, outcome: Outcome) -> None:
        """Record the outcome of the next input."""
        self.outcomes.append(outcome)

    def count(self, status: Status) -> int:
        """How many inputs ended with ``status``."""
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def counts(self) -> Counts:
        """Objectives and actions over every extracted plan."""
        done = [o.counts for o in self.outcomes if o.counts is not None]
        return Counts(
            strategic_objectives=sum(c.strategic_objectives for c in done),
            operational_objectives=sum(c.operational_objectives for c in done),
            actions=sum(c.actions for c in done),
        )

    @property
    def findings(self) -> dict[str, int]:
        """Findings by severity over every extracted plan."""
        totals = _no_findings()
        for outcome in self.outcomes:
            for severity, n in outcome.findings.items():
                totals[severity] = totals.get(severity, 0) + n
        return totals

    @property
    def seconds(self) -> float:
        """Time since the batch started."""
        return time.perf_counter() - self.started

    def exit_code(self, *, strict: bool) -> int:
        """3 if any input hit a bug, else 2 if any failed, else 1 with ``strict`` when a
        plan has error-level findings or no objective, else 0."""
        codes = {o.exit_code for o in self.outcomes if o.status == "failed"}
        if 3 in codes:
            return 3
        if codes:
            return 2
        if strict and any(o.has_errors or o.is_empty for o in self.outcomes if o.status == "ok"):
            return 1
        return 0

    def report(self, *, strict: bool) -> dict[str, Any]:
        """The JSON-ready report (what ``--report FILE`` holds)."""
        from pstparse import __version__

        def counts(c: Counts | None) -> dict[str, int] | None:
            return None if c is None else _counts_dict(c)

        return {
            "pstparse": __version__,
            "interrupted": self.interrupted,
            "exit_code": self.exit_code(strict=strict),
            "seconds": round(self.seconds, 3),
            "files": {
                "total": len(self.outcomes),
                "ok": self.count("ok"),
                "failed": self.count("failed"),
                "skipped": self.count("skipped"),
            },
            "counts": _counts_dict(self.counts),
            "findings": self.findings,
            "entries": [
                {
                    "input": data_name(o.path),
                    "output": None if o.output is None else data_name(o.output),
                    "status": o.status,
                    "reason": o.reason,
                    "counts": counts(o.counts),
                    "findings": o.findings if o.status == "ok" else None,
                    "seconds": round(o.seconds, 3),
                }
                for o in self.outcomes
            ],
        }


def _counts_dict(c: Counts) -> dict[str, int]:
    return {
        "strategic_objectives": c.strategic_objectives,
        "operational_objectives": c.operational_objectives,
        "actions": c.actions,
    }


def write_report(path: Path, report: dict[str, Any]) -> None:
    """Write a batch report as JSON, atomically (see :func:`write_output`)."""
    write_output(path, json.dumps(report, ensure_ascii=False, indent=2) + "\n")


# --------------------------------------------------------------------------- the batch


class BatchView(Protocol):
    """What a batch shows while it runs (the command line's, :class:`pstparse.cli.view.
    CliView`, shows a progress bar, failures and the summary; :class:`SilentView` shows
    nothing)."""

    def running(self, names: list[str]) -> AbstractContextManager[object]:
        """A context around the whole run, given the name of each input."""
        ...

    def done(self, index: int) -> None:
        """Input ``index`` is finished (called in completion order)."""
        ...

    def error(self, message: str, trace: str | None = None) -> None:
        """An input failed, or gave no objective: ``message`` is one line."""
        ...

    def summary(self, summary: Summary) -> None:
        """The batch is over (called for several inputs, or when a report is asked)."""
        ...


class SilentView:
    """A :class:`BatchView` that shows nothing (the library's default): failures are in
    the summary's outcomes."""

    def running(self, names: list[str]) -> AbstractContextManager[object]:
        """Nothing to set up."""
        return nullcontext()

    def done(self, index: int) -> None:
        """Nothing shown."""

    def error(self, message: str, trace: str | None = None) -> None:
        """Nothing shown."""

    def summary(self, summary: Summary) -> None:
        """Nothing shown."""


def choose_format(fmt: str | None, output: Path | None, default: str) -> str:
    """The output format: ``fmt`` when given, else the one the output's suffix asks for,
    else ``default``; :class:`UsageError` when ``output``'s suffix names none."""
    from pstparse.exporters.registry import BY_NAME, format_from_suffix

    if fmt is not None:
        return fmt
    if output is not None:
        inferred = format_from_suffix(output)
        if inferred is None:
            raise UsageError(
                f"cannot tell the format from '{output.name}': use --format ({', '.join(BY_NAME)})"
            )
        return inferred
    return default


def wants_directory(output: str | None) -> bool:
    """True when the output names a directory: it ends in '/' or is one already."""
    return output is not None and (output.endswith(("/", "\\")) or Path(output).is_dir())


def run_batch(
    files: Sequence[str],
    *,
    worker: Worker,
    read_stdin: Callable[[], bytes],
    output: str | None = None,
    fmt: str | None = None,
    options: ExtractOptions = DEFAULT_OPTIONS,
    export: ExportOptions = DEFAULT_EXPORT_OPTIONS,
    batch_options: BatchOptions = DEFAULT_BATCH_OPTIONS,
    stdout: TextIO | None = None,
    view: BatchView | None = None,
) -> Summary:
    """Extract every document ``files`` name and write each plan; see
    :func:`pstparse.api.run_batch`, which gives ``worker`` (the per-file job) and
    ``read_stdin`` (standard input's bytes, within the input size limit)."""
    from pstparse.exporters.registry import check_options, get_format

    view = view or SilentView()
    # A str, not a Path: Path() would drop the trailing "/" that marks a directory.
    out_path = Path(output) if output is not None else None
    dir_wanted = wants_directory(output)
    out_fmt = choose_format(fmt, None if dir_wanted else out_path, "yaml")
    check_options(get_format(out_fmt), export)
    inputs = collect_inputs(files)
    several = len(inputs) > 1
    if several and out_path is None and not get_format(out_fmt).several:
        raise UsageError(f"several inputs in {out_fmt} need -o DIRECTORY/ (one file each)")
    if out_path is not None and several and not dir_wanted:
        raise UsageError("several inputs need -o DIRECTORY/ (or no -o to stream to stdout)")
    if batch_options.resume and out_path is None:
        raise UsageError("--resume needs -o (it compares each input with its output)")
    targets = _targets(inputs, out_path, out_fmt, to_dir=dir_wanted)
    report = batch_options.report
    report_path = Path(report) if report is not None else None
    if report_path is not None:
        _check_report(report_path, inputs, targets)
    stream = (
        PlanStream(
            stdout if stdout is not None else sys.stdout, out_fmt, several=several, options=export
        )
        if out_path is None
        else None
    )
    template = Job(
        "",
        options=options,
        fmt=None if stream is not None and stream.needs_plans else out_fmt,
        bom=export.bom,
        export=export,
        keep_plan=stream is not None and stream.needs_plans,
        timeout=batch_options.timeout,
        max_memory=batch_options.max_memory,
    )
    ready, work = _prepare(
        inputs, targets, template, resume=batch_options.resume, read_stdin=read_stdin
    )
    summary = Summary()
    # Signals are turned into exceptions for the whole run, so that the report of an
    # interrupted run is itself written atomically (a second signal waits for it).
    with interrupts():
        try:
            _execute(
                inputs,
                targets,
                ready,
                work,
                summary,
                stream=stream,
                workers=batch_options.jobs or default_jobs(),
                make_dirs=dir_wanted,
                worker=worker,
                view=view,
            )
        except KeyboardInterrupt:
            summary.interrupted = True
            if report_path is not None:
                with suppress(PstparseError, KeyboardInterrupt):
                    write_report(report_path, summary.report(strict=batch_options.strict))
            raise
    if several or report_path is not None:
        view.summary(summary)
    if report_path is not None:
        write_report(report_path, summary.report(strict=batch_options.strict))
    return summary


def _targets(
    inputs: list[Input], output: Path | None, fmt: str, *, to_dir: bool
) -> list[Path | None]:
    """Where each input's plan goes: a file in the output directory, the -o file, or
    ``None`` for standard output."""
    if output is None:
        return [None] * len(inputs)
    if not to_dir:
        if any(same_file(output, i.path) for i in inputs):
            raise UsageError(f"refusing to overwrite the input {output}")
        return [output]
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"cannot create the directory: {exc.strerror or exc}", path=str(output)
        ) from exc
    return list(output_paths(inputs, output, fmt))


def _check_report(path: Path, inputs: list[Input], targets: list[Path | None]) -> None:
    if any(same_file(path, i.path) for i in inputs) or any(
        t is not None and same_file(path, str(t)) for t in targets
    ):
        raise UsageError(f"--report {path} would overwrite an input or an output")
    if not path.parent.is_dir():
        raise UsageError(f"--report {path}: no such directory")


def _prepare(
    inputs: list[Input],
    targets: list[Path | None],
    template: Job,
    *,
    resume: bool,
    read_stdin: Callable[[], bytes],
) -> tuple[dict[int, Outcome], list[tuple[int, Job]]]:
    """Split the inputs into outcomes known up front (arguments that yielded nothing,
    up-to-date outputs with ``--resume``, unreadable stdin) and jobs to run."""
    ready: dict[int, Outcome] = {}
    work: list[tuple[int, Job]] = []
    for index, (item, target) in enumerate(zip(inputs, targets, strict=True)):
        if resume and target is not None:
            remove_stale_temporaries(target)
        if item.problem is not None:
            ready[index] = failed(item.path, item.problem)
        elif resume and target is not None and is_up_to_date(item.path, target):
            ready[index] = skipped(item.path, target)
        elif item.path == STDIN:
            try:
                data = read_stdin()
            except PstparseError as exc:
                ready[index] = failed(item.path, exc.message)
            else:
                work.append((index, replace(template, path=item.path, data=data)))
        else:
            work.append((index, replace(template, path=item.path)))
    return ready, work


def _execute(
    inputs: list[Input],
    targets: list[Path | None],
    ready: dict[int, Outcome],
    work: list[tuple[int, Job]],
    summary: Summary,
    *,
    stream: PlanStream | None,
    workers: int,
    make_dirs: bool,
    worker: Worker,
    view: BatchView,
) -> None:
    """Run the jobs and take every outcome in input order: write or stream the plan,
    report a failure, add it to the summary."""

    def done(j: int, outcome: Outcome) -> None:
        index = work[j][0]
        view.done(index)
        # One output file per input: write it as soon as it is ready, so that a slow
        # earlier input holds nothing back (a killed run keeps every finished plan).
        if make_dirs and targets[index] is not None:
            _write_target(outcome, targets[index], make_dirs=make_dirs)

    with view.running([Path(i.path).name for i in inputs]):
        outcomes = run([job for _, job in work], workers=workers, on_done=done, worker=worker)
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
                    name = "<stdin>" if outcome.path == STDIN else outcome.path
                    view.error(f"no objective found: {name}, is this a plan?")
                summary.add(outcome)
        if stream is not None:
            stream.close()


def _write_target(outcome: Outcome, target: Path | None, *, make_dirs: bool) -> None:
    """Write a successful outcome's plan to ``target`` once; a write that fails turns
    the outcome into a failure (exit 2)."""
    if outcome.status != "ok" or target is None or outcome.output is not None:
        return
    try:
        write_output(target, outcome.text or "", make_dirs=make_dirs)
        outcome.output = str(target)
    except OutputError as exc:
        outcome.status = "failed"
        outcome.reason = exc.message
        outcome.message = str(exc)
        outcome.exit_code = exc.exit_code
        outcome.counts = None
    outcome.text = None
