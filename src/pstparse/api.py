"""The library entry points: what the command line calls, usable from Python too.

>>> from pstparse.api import extract_path
>>> plan = extract_path("samples/seed000_pst_gembloux.txt")  # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import logging
import stat
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from pstparse.batch import (
    BatchView,
    Job,
    Outcome,
    Summary,
    job_name,
    run_job,
)
from pstparse.batch import run_batch as _run_batch
from pstparse.model.errors import InputError, PstparseError, data_name
from pstparse.model.messages import DEFAULT_LANG, Lang
from pstparse.model.plan import Finding, Kind, Plan
from pstparse.options import (
    DEFAULT_BATCH_OPTIONS,
    DEFAULT_EXPORT_OPTIONS,
    DEFAULT_OPTIONS,
    BatchOptions,
    ExportOptions,
    ExtractOptions,
)
from pstparse.runtime import gc_paused

if TYPE_CHECKING:
    from pstparse.validation.report import Located

_log = logging.getLogger("pstparse")

MAX_INPUT_BYTES = 200 * 1024 * 1024
"""Inputs larger than this are refused before reading (see README, "Limits").

The other limits live with the readers they protect:
:data:`pstparse.extractors._zip.MAX_TOTAL_UNCOMPRESSED` and ``MAX_RATIO`` (DOCX),
:data:`pstparse.extractors.pdf._reader.MAX_PAGES`, ``MAX_STREAM_BYTES`` and
``MAX_DECODED_BYTES`` (PDF), :data:`pstparse.exporters.loading.MAX_PLAN_BYTES` (plans).
"""


def extract_bytes(
    data: bytes,
    *,
    name: str = "<input>",
    kind: Kind | None = None,
    password: str | None = None,
    options: ExtractOptions = DEFAULT_OPTIONS,
) -> Plan:
    """Extract a plan from a document's bytes (TXT, DOCX, PDF or eComptes PST XML, sniffed
    from content).

    ``options`` carries every reading option; ``kind`` and ``password``, when given,
    override the same fields of ``options``. The plan's findings hold what extraction
    noticed followed by the validation rules. Raises
    :class:`~pstparse.model.errors.PstparseError` subclasses for unreadable input.
    """
    if len(data) > MAX_INPUT_BYTES:
        raise _too_large(len(data), name)
    options = _merge(options, kind=kind, password=password)
    # The readers, normaliser and rules load on first use, and one document's work makes
    # few cycles: the collector waits until the plan is made (see runtime.gc_paused).
    with gc_paused():
        return _extract(data, name, options)


def _extract(data: bytes, name: str, options: ExtractOptions) -> Plan:
    from pstparse.extractors import extract, sniff
    from pstparse.normalise import normalise
    from pstparse.validation import validate

    if sniff(data, name) == "ecomptes":
        return _read_ecomptes(data, name=name)
    extraction = extract(data, name=name, options=options)
    plan = normalise(extraction, kind=options.kind, lang=options.lang)
    plan.document.path = data_name(name)
    plan.document.sha256 = hashlib.sha256(data).hexdigest()
    plan.document.format = extraction.format
    plan.document.encoding = extraction.encoding
    plan.document.pages = extraction.pages
    plan.findings = [*plan.findings, *validate(plan, lang=options.lang)]
    return plan


def _read_ecomptes(data: bytes, *, name: str) -> Plan:
    # An eComptes export states its own tree (see pstparse.exporters.ecomptes): it is
    # read as a plan, like YAML, then checked like any extracted plan.
    from pstparse.exporters.ecomptes import read_ecomptes
    from pstparse.validation import validate

    plan = read_ecomptes(data, name=name)
    plan.document.path = name
    plan.document.sha256 = hashlib.sha256(data).hexdigest()
    plan.document.format = "ecomptes"
    plan.findings = [*plan.findings, *validate(plan)]
    return plan


def _merge(options: ExtractOptions, *, kind: Kind | None, password: str | None) -> ExtractOptions:
    if kind is not None:
        options = options.but(kind=kind)
    if password is not None:
        options = options.but(password=password)
    return options


def _mib(count: int) -> str:
    return f"{count / 2**20:.0f} MiB" if count >= 2**20 else f"{count} bytes"


def _too_large(size: int, path: str) -> InputError:
    return InputError(
        f"file too large ({_mib(size)}; the limit is {_mib(MAX_INPUT_BYTES)})", path=path
    )


def read_input(path: str | Path) -> bytes:
    """Read a document's bytes, refusing what is missing, not a file, or too large.

    The size is checked before anything is read, and the read itself stops one byte
    past :data:`MAX_INPUT_BYTES` (a file growing meanwhile), so memory stays bounded
    whatever the file. Devices, pipes and directories are refused: they have no size.
    """
    p = Path(path)
    name = str(path)
    try:
        info = p.stat()
        if not stat.S_ISREG(info.st_mode):
            raise InputError(
                "is a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file",
                path=name,
            )
        if info.st_size > MAX_INPUT_BYTES:
            raise _too_large(info.st_size, name)
        with p.open("rb") as fh:
            data = read_limited(fh, MAX_INPUT_BYTES, expected=info.st_size)
    except FileNotFoundError as exc:
        raise InputError("no such file", path=name) from exc
    except PermissionError as exc:
        raise InputError("permission denied", path=name) from exc
    except IsADirectoryError as exc:
        raise InputError("is a directory", path=name) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=name) from exc
    if len(data) > MAX_INPUT_BYTES:
        raise _too_large(len(data), name)
    return data


_CHUNK = 1 << 20


def read_limited(stream: BinaryIO, limit: int, *, expected: int = 0) -> bytes:
    """Read ``stream`` to its end, or one byte past ``limit`` (so that the caller sees it
    is too large), in chunks: ``read(limit + 1)`` would reserve ``limit`` bytes of memory
    up front for every input, however small."""
    first = stream.read(min(max(expected, 0), limit) + 1)
    if not first or len(first) > limit:
        return first
    chunks = [first]
    size = len(first)
    while size <= limit:
        chunk = stream.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def extract_path(
    path: str | Path,
    *,
    kind: Kind | None = None,
    password: str | None = None,
    options: ExtractOptions = DEFAULT_OPTIONS,
) -> Plan:
    """Extract a plan from a file on disk (see :func:`extract_bytes` for the options)."""
    return extract_bytes(
        read_input(path), name=str(path), kind=kind, password=password, options=options
    )


def validate_plan(plan: Plan, *, lang: Lang = DEFAULT_LANG) -> list[Finding]:
    """Findings for a plan: its extraction findings (as stored) plus fresh validation
    findings worded in ``lang``."""
    from pstparse.validation import merge_findings

    return merge_findings(plan, lang=lang)


def check_plan(
    data: bytes | str, *, name: str = "<plan>", lang: Lang = DEFAULT_LANG
) -> list[Located]:
    """Check a plan file (YAML or JSON, e.g. edited by hand): every finding, with the line
    and column it points at in the file, sorted by severity then position.

    A file that does not fit the model gives one finding per problem (``unknown-key``,
    ``missing-key``, ``wrong-type``, ``invalid-value``, all errors); a plan that fits
    gives its stored extraction findings plus fresh validation findings in ``lang``.
    Raises :class:`~pstparse.model.errors.PlanError` for a file that is not YAML or JSON, is
    empty, or is not a mapping.
    """
    from pstparse.exporters.loading import Position, read_plan
    from pstparse.validation import merge_findings
    from pstparse.validation.report import RULE_FIELDS, Located, sort_findings
    from pstparse.validation.schema import schema_findings

    def located(finding: Finding, at: Position | None) -> Located:
        return Located(finding, at.line, at.column) if at is not None else Located(finding)

    reading = read_plan(data, name=name)
    if reading.plan is None:
        findings = schema_findings(reading.errors, reading.data, lang=lang)
        return sort_findings(
            located(finding, reading.locate(tuple(error["loc"])))
            for error, finding in zip(reading.errors, findings, strict=True)
        )
    stored = {id(finding): i for i, finding in enumerate(reading.plan.findings)}
    entries = []
    for finding in merge_findings(reading.plan, lang=lang):
        at = reading.locate_path(finding.path, inner=RULE_FIELDS.get(finding.rule))
        if at is None and id(finding) in stored:
            # An extraction finding about the whole document: point at its own entry.
            at = reading.locate(("findings", stored[id(finding)]))
        entries.append(located(finding, at))
    return sort_findings(entries)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg,unused-ignore]
    """Writes to the *current* ``sys.stderr``, not the one of the first call: a program
    (or a test runner) that swaps stderr later still gets the warnings."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def quiet_libraries(*, verbose: bool = False) -> None:
    """Keep library chatter (pdfminer's font warnings) off stderr unless ``verbose``.

    pstparse's own warnings stay visible, prefixed so they read as one-line messages.
    """
    logging.getLogger("pdfminer").setLevel(logging.DEBUG if verbose else logging.ERROR)
    logger = logging.getLogger("pstparse")
    if not logger.handlers:
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("pstparse: warning: %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING)


def ocr_page_progress(callback: Callable[[int, int | None], None]) -> AbstractContextManager[None]:
    """Report OCR pages (done, total) to ``callback`` while the returned context runs:
    what a command line's progress bar listens to."""
    from pstparse.extractors.ocr.progress import page_progress

    return page_progress(callback)


def read_stdin() -> bytes:
    """Standard input's bytes, refused (:class:`~pstparse.model.errors.PstparseError`)
    past :data:`MAX_INPUT_BYTES`."""
    data = read_limited(sys.stdin.buffer, MAX_INPUT_BYTES)
    if len(data) > MAX_INPUT_BYTES:
        raise PstparseError(f"input too large (> {MAX_INPUT_BYTES // 2**20} MiB)", path="-")
    return data


def process_job(job: Job) -> Outcome:
    """Extract (and render) one input of a batch; never raises for a bad input or a bug.

    This is the per-file job of :func:`run_batch`: it runs in a worker process (or
    in-process for a single input) and returns everything as a picklable
    :class:`~pstparse.batch.Outcome` (see :func:`pstparse.batch.run_job` for the time
    limit and the exit codes of failures).
    """
    # Spawned workers do not inherit the CLI's logging set-up.
    quiet_libraries(verbose=False)
    return run_job(job, _job_plan)


def _job_plan(job: Job) -> tuple[Plan, str | bytes | None]:
    from pstparse.exporters.registry import export

    name = job_name(job)
    if job.data is not None:
        if len(job.data) > MAX_INPUT_BYTES:
            raise PstparseError(f"input too large (> {MAX_INPUT_BYTES // 2**20} MiB)", path=name)
        data = job.data
    else:
        data = read_input(job.path)
    plan = extract_bytes(data, name=name, options=job.options)
    if job.fmt is None:
        return plan, None
    options = job.export.but(bom=True) if job.bom else job.export
    result = export(plan, job.fmt, options)
    for finding in result.findings:
        # What the exporter adjusted (a Libelle cut to 255 characters…).
        _log.warning("%s: %s: %s", name, finding.rule, finding.message)
    return plan, result.data


def run_batch(
    files: list[str] | tuple[str, ...],
    *,
    output: str | None = None,
    fmt: str | None = None,
    options: ExtractOptions = DEFAULT_OPTIONS,
    export: ExportOptions = DEFAULT_EXPORT_OPTIONS,
    batch_options: BatchOptions = DEFAULT_BATCH_OPTIONS,
    stdout: TextIO | None = None,
    view: BatchView | None = None,
) -> Summary:
    """Extract the plans of many documents and write them: what ``pstparse extract`` runs.

    ``files`` are documents (any suffix), directories (searched recursively for
    ``*.txt``, ``*.docx``, ``*.pdf``) or quoted glob patterns, ``-`` for standard input
    (see :func:`pstparse.batch.collect_inputs`). Each plan goes

    - with ``output`` ending in ``/`` (or an existing directory): to its own file there,
      named after its input (sub-directories mirrored, clashes stepped around, see
      :func:`pstparse.batch.output_paths`), written as soon as it is ready;
    - with another ``output``: to that file (one input only);
    - without ``output``: to ``stdout`` (default ``sys.stdout``), several plans joined
      by the format's multi-document stream (a YAML stream, a JSON array…).

    ``fmt`` is an export format (default: from ``output``'s suffix, else ``yaml``) and
    ``export`` its options; ``options`` are the reading options of every input;
    ``batch_options`` say how the batch runs (:class:`~pstparse.options.BatchOptions`:
    inputs run in ``jobs`` worker processes — default: the CPU cores; one input always
    runs in-process — each within ``timeout`` seconds and ``max_memory`` bytes;
    ``resume`` skips inputs whose output is newer; ``report`` also writes the summary as
    JSON there). ``view`` is told of progress, failures and the summary (by default nothing
    is shown).

    Returns the :class:`~pstparse.batch.Summary`: its ``exit_code(strict=strict)`` is
    the command line's (3 a bug, 2 an input failed, 1 with ``strict`` when a plan has
    error-level findings or no objective). A failing input never raises: it is a failed
    outcome. Raises :class:`~pstparse.model.errors.UsageError` for contradictory
    arguments, :class:`~pstparse.model.errors.OutputError` when the output directory
    cannot be made, and :class:`~pstparse.batch.Interrupted` on SIGINT/SIGTERM (after
    writing the report of what was done).
    """
    return _run_batch(
        files,
        worker=process_job,
        read_stdin=read_stdin,
        output=output,
        fmt=fmt,
        options=options,
        export=export,
        batch_options=batch_options,
        stdout=stdout,
        view=view,
    )
