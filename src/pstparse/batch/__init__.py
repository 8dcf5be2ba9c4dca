"""Batch extraction: many inputs, parallel workers, ordered output, safe interruption.

What :func:`pstparse.api.run_batch` (and so the command line's ``extract``) runs. This
package sits below :mod:`pstparse.api`: it never imports it, and is handed the per-file
work (:func:`pstparse.api.process_job`) as a callable. Usable piece by piece too::

    from pstparse.api import process_job

    inputs = collect_inputs(["corpus/", "extra/*.pdf"])
    targets = output_paths(inputs, Path("out"), "yaml")
    jobs = [Job(i.path, fmt="yaml") for i in inputs]
    for outcome, target in zip(run(jobs, workers=4, worker=process_job), targets, strict=True):
        if outcome.status == "ok":
            write_output(target, outcome.text or "")

- :mod:`pstparse.batch.inputs`: finding the inputs, naming the outputs;
- :mod:`pstparse.batch.pool`: jobs and outcomes, the worker pool, time and memory
  limits, signals;
- :mod:`pstparse.batch.run`: the whole batch (:func:`run_batch`), streaming several plans
  to one output, the summary and the report.

This package imports neither typer nor rich, nor (at import time) the extractors.
"""

from __future__ import annotations

from pstparse.batch import pool
from pstparse.batch.inputs import (
    STDIN,
    SUPPORTED_SUFFIXES,
    Input,
    collect_inputs,
    is_up_to_date,
    output_paths,
    remove_stale_temporaries,
    same_file,
)
from pstparse.batch.pool import (
    WORKER_PRELOAD,
    Counts,
    Interrupted,
    Job,
    JobBody,
    Outcome,
    Reorder,
    Status,
    Worker,
    default_jobs,
    deferred_interrupts,
    failed,
    interrupts,
    job_name,
    run_job,
    skipped,
)
from pstparse.batch.run import (
    BatchView,
    PlanStream,
    SilentView,
    Summary,
    choose_format,
    run_batch,
    wants_directory,
    write_output,
    write_report,
)
from pstparse.options import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT

# Importing the submodule pstparse.batch.run binds the name ``run`` here to that module;
# the package's ``run`` is the pool's function.
run = pool.run

__all__ = [
    "DEFAULT_MAX_MEMORY_MB",
    "DEFAULT_TIMEOUT",
    "STDIN",
    "SUPPORTED_SUFFIXES",
    "WORKER_PRELOAD",
    "BatchView",
    "Counts",
    "Input",
    "Interrupted",
    "Job",
    "JobBody",
    "Outcome",
    "PlanStream",
    "Reorder",
    "SilentView",
    "Status",
    "Summary",
    "Worker",
    "choose_format",
    "collect_inputs",
    "default_jobs",
    "deferred_interrupts",
    "failed",
    "interrupts",
    "is_up_to_date",
    "job_name",
    "output_paths",
    "remove_stale_temporaries",
    "run",
    "run_batch",
    "run_job",
    "same_file",
    "skipped",
    "wants_directory",
    "write_output",
    "write_report",
]
