"""The work of a batch: jobs, their outcomes, the worker pool, time and memory limits,
and signals.

- :func:`run` runs jobs in worker processes (forked from a ``forkserver`` that imported
  the extractors once, or ``spawn``-ed: nothing of the parent, such as typer, rich or
  signal handlers, leaks into a worker) and yields the outcomes **in input order**
  whatever the number of workers, holding back results that arrive early.
- :func:`run_job` wraps the per-file work (given by :mod:`pstparse.api`, which this
  package does not import) with its time limit and turns every failure into an
  :class:`Outcome`.
- :func:`interrupts` turns SIGINT/SIGTERM into :class:`Interrupted`;
  :func:`deferred_interrupts` holds it back during a vital write.

``multiprocessing`` and ``concurrent.futures`` are imported only when a pool is made: a
single input runs in-process and does not pay for them at start-up.
"""

from __future__ import annotations

import heapq
import os
import re
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, Literal

from pstparse.batch.inputs import STDIN
from pstparse.extractors.registry import reader_modules
from pstparse.model.errors import PstparseError, display_name
from pstparse.model.plan import Plan, Severity
from pstparse.options import (
    DEFAULT_EXPORT_OPTIONS,
    DEFAULT_OPTIONS,
    ExportOptions,
    ExtractOptions,
)

if TYPE_CHECKING:
    import multiprocessing.context
    from concurrent.futures import Future, ProcessPoolExecutor

Status = Literal["ok", "failed", "skipped"]

_SURROGATE = re.compile("[\ud800-\udfff]")


# --------------------------------------------------------------------------- work


@dataclass(frozen=True, slots=True)
class Job:
    """What a worker needs to extract one input.

    ``fmt`` asks the worker to render the plan too (rendering is a good share of the
    work, so it is spread over the workers); ``keep_plan`` sends the plan itself back
    (for outputs that need every plan at once, such as a CSV header). ``data`` carries
    the bytes of standard input, which a worker process cannot read. ``export`` says
    how to write the plan (``bom`` is the same as ``export.bom``).
    """

    path: str
    options: ExtractOptions = DEFAULT_OPTIONS
    fmt: str | None = None
    bom: bool = False
    keep_plan: bool = False
    data: bytes | None = None
    export: ExportOptions = DEFAULT_EXPORT_OPTIONS
    timeout: float | None = None
    """Seconds the job may take; then it fails ("took longer than …")."""
    max_memory: int | None = None
    """Bytes of address space the worker process may use (``RLIMIT_AS``); a job that
    needs more fails ("needs more memory than …"). In-process runs (one input,
    ``workers=1``) apply it to the current process."""


@dataclass(frozen=True, slots=True)
class Counts:
    """How many objectives and actions a plan holds."""

    strategic_objectives: int = 0
    operational_objectives: int = 0
    actions: int = 0

    @classmethod
    def of(cls, plan: Plan) -> Counts:
        """Count the items of ``plan`` (actions under an OS and under its OOs)."""
        sos = plan.strategic_objectives
        return cls(
            strategic_objectives=len(sos),
            operational_objectives=sum(len(so.operational_objectives) for so in sos),
            actions=sum(
                len(so.actions) + sum(len(oo.actions) for oo in so.operational_objectives)
                for so in sos
            ),
        )


def _no_findings() -> dict[str, int]:
    return {s.value: 0 for s in Severity}


@dataclass(slots=True)
class Outcome:
    """What became of one input.

    ``reason`` is a one-line explanation for a failed or skipped input, and ``message``
    the line to show the user (with the file name). ``exit_code`` is 0, 2 (unreadable
    input or unwritable output) or 3 (internal error). ``text`` is the rendered output
    when the job asked for it.
    """

    path: str
    status: Status
    reason: str | None = None
    message: str | None = None
    exit_code: int = 0
    text: str | bytes | None = None
    plan: Plan | None = None
    counts: Counts | None = None
    findings: dict[str, int] = field(default_factory=_no_findings)
    seconds: float = 0.0
    output: str | None = None
    traceback: str | None = None

    @property
    def has_errors(self) -> bool:
        """True when the plan has error-level findings."""
        return self.findings.get(Severity.ERROR.value, 0) > 0

    @property
    def is_empty(self) -> bool:
        """True when the input was read but yielded no objective (is it a plan?)."""
        return (
            self.status == "ok"
            and self.counts is not None
            and not (self.counts.strategic_objectives)
        )


def failed(path: str, reason: str, *, exit_code: int = 2) -> Outcome:
    """An outcome for an input that could not be processed (the message quotes a name
    holding control characters, see :func:`pstparse.model.errors.display_name`)."""
    message = f"{display_name(path)}: {reason}"
    return Outcome(path, "failed", reason=reason, message=message, exit_code=exit_code)


def skipped(path: str, output: Path, reason: str = "output is up to date") -> Outcome:
    """An outcome for an input left alone (``--resume``)."""
    return Outcome(path, "skipped", reason=reason, output=str(output))


JobBody = Callable[["Job"], tuple[Plan, "str | bytes | None"]]
"""The per-file work of a job: read and extract its input, render it when ``job.fmt``
asks; returns the plan and the rendered output (``None`` when not asked). It raises
:class:`~pstparse.model.errors.PstparseError` for a bad input."""


def job_name(job: Job) -> str:
    """The name of a job's input in messages and provenance (``<stdin>`` for ``-``)."""
    return "<stdin>" if job.path == STDIN else job.path


def run_job(job: Job, body: JobBody) -> Outcome:
    """Run ``body(job)`` under the job's time limit; never raises for a bad input or a bug.

    Everything comes back as a picklable :class:`Outcome`: expected problems give exit
    code 2, unexpected exceptions (bugs) exit code 3 with the traceback.
    """
    start = time.perf_counter()
    name = job_name(job)
    try:
        _set_alarm(job.timeout)
        plan, text = body(job)
        _set_alarm(None)
        if isinstance(text, str) and not text.isascii():
            # A lone surrogate (from a font's broken character map, say) cannot be
            # written as UTF-8: it becomes U+FFFD rather than failing the write.
            text = _SURROGATE.sub("\ufffd", text)
    except PstparseError as exc:
        outcome = failed(job.path, exc.message, exit_code=exc.exit_code)
        outcome.message = str(exc) if exc.path else f"{display_name(name)}: {exc.message}"
        outcome.traceback = traceback.format_exc()
    except MemoryError:
        outcome = _out_of_memory(job)
    except _TimedOut:
        _set_alarm(None)  # first: the alarm repeats until disarmed
        outcome = failed(job.path, f"took longer than {job.timeout:g} s (--timeout)")
    except Exception as exc:
        # Under --max-memory a module loaded late may fail to map its code, too.
        if isinstance(exc, ImportError) and "failed to map" in str(exc):
            return _out_of_memory(job)
        outcome = failed(
            job.path,
            f"internal error: {type(exc).__name__}: {exc} (use --verbose for details)",
            exit_code=3,
        )
        outcome.traceback = traceback.format_exc()
    else:
        findings = _no_findings()
        for finding in plan.findings:
            findings[finding.severity.value] += 1
        outcome = Outcome(
            job.path,
            "ok",
            text=text,
            plan=plan if job.keep_plan else None,
            counts=Counts.of(plan),
            findings=findings,
        )
    finally:
        _set_alarm(None)
    outcome.seconds = time.perf_counter() - start
    return outcome


def _out_of_memory(job: Job) -> Outcome:
    limit = f" (--max-memory {job.max_memory // 2**20} MB)" if job.max_memory else ""
    return failed(job.path, f"needs more memory than this worker may use{limit}")


class _TimedOut(BaseException):
    """Raised in a job that ran past its ``timeout`` (a BaseException so that no
    ``except Exception`` of a reader takes it for a problem of the input)."""


class _Alarm:
    armed = False


_ALARM_REPEAT = 0.25
"""Seconds between repeats of a job's alarm once its time is up. A signal handler that
happens to run inside a finaliser (``__del__``, a weakref callback) has its exception
ignored by Python; the alarm then rings again until the job really stops."""


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    # Only while a job runs: an alarm that lands as the job ends is ignored. It stays
    # armed (and repeats) until run_job disarms it.
    if _Alarm.armed:
        raise _TimedOut


def _set_alarm(seconds: float | None) -> None:
    """Arm (or, with ``None``, disarm) the job's time limit: SIGALRM, main thread only."""
    if not hasattr(signal, "setitimer") or not _in_main_thread():
        return
    if seconds is None:
        _Alarm.armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        return
    signal.signal(signal.SIGALRM, _on_alarm)
    _Alarm.armed = True
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001), _ALARM_REPEAT)


def default_jobs() -> int:
    """The number of CPU cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


Worker = Callable[[Job], Outcome]
"""A function that processes one job (:func:`pstparse.api.process_job`, or a test double)."""


class _Stopped(BaseException):
    """Raised in a worker whose job is cancelled (the parent sent SIGTERM)."""


class _WorkerState:
    busy = False
    stopped = False


_GRACE_SECONDS = 1.0


def _on_stop(signum: int, frame: FrameType | None) -> None:
    # A worker killed outright while it sends a result leaves half a message in the
    # result pipe, and the pool's manager thread then waits for the rest forever. So a
    # stop request interrupts the job itself at once (its result becomes an exception,
    # sent whole); outside a job the worker may be sending, so it leaves a grace period
    # before exiting, unless the pool's shutdown ends it sooner.
    _WorkerState.stopped = True
    if _WorkerState.busy:
        raise _Stopped
    timer = threading.Timer(_GRACE_SECONDS, os._exit, (1,))
    timer.daemon = True
    # Under a tight --max-memory no thread may start: the pool's shutdown ends us then.
    with suppress(RuntimeError):
        timer.start()


def _worker_init(parent: int | None = None) -> None:
    # Ctrl-C reaches the whole process group; only the parent reacts (it stops the
    # workers itself), so that workers print no traceback of their own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        # Started with SIGINT blocked (see _children_ignore_sigint): ignored now, so
        # unblocking drops a pending Ctrl-C instead of delivering it.
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    signal.signal(signal.SIGTERM, _on_stop)
    if parent is not None:
        _die_with(parent)


_PR_SET_PDEATHSIG = 1
_WATCH_SECONDS = 1.0


def _die_with(parent: int) -> None:
    """End this worker when ``parent`` dies, even by SIGKILL (which runs no clean-up).

    On Linux the kernel sends SIGKILL to the worker when its parent dies
    (``prctl(PR_SET_PDEATHSIG)``); elsewhere, and as a second line, a daemon thread
    polls the parent's pid. With the workers gone, multiprocessing's resource tracker
    sees its pipe close and exits too.
    """
    if sys.platform.startswith("linux"):
        with suppress(Exception):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    # The worker's own parent may be the fork server, not ``parent``: the kernel's
    # signal then comes when the fork server ends (it ends with ``parent``), and the
    # thread watches ``parent`` itself.
    if not process_alive(parent):  # the parent died before prctl took effect
        os._exit(1)

    def watch() -> None:
        while process_alive(parent):
            time.sleep(_WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="pstparse-parent-watch", daemon=True).start()


def process_alive(pid: int) -> bool:
    """True while process ``pid`` runs (signal 0 checks without sending anything).

    A parent that has exited but not been reaped yet (a zombie: its own parent, say a
    test waiting for its output pipes, has not called wait) still answers signal 0. Were
    it taken as alive, the workers would wait for it while they hold the very pipes its
    reaper waits on; on Linux its state in ``/proc`` tells.
    """
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    if sys.platform.startswith("linux"):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        except OSError:
            return False
        # "pid (comm) S …": the state follows the command name, which may hold spaces.
        return stat[stat.rindex(")") + 2 :][:1] != "Z"
    return True


_CPU_MARGIN = 3
"""The CPU-time backstop of a job is this many times its timeout (see :func:`_call`)."""


def _apply_limits(job: Job, *, cpu: bool = True) -> None:
    """Memory cap and CPU-time backstop of a worker process for one job.

    ``RLIMIT_AS`` makes an allocation beyond ``job.max_memory`` fail with MemoryError
    (the job fails, the worker lives on). The time limit itself is an alarm
    (:func:`_set_alarm`); a job stuck in one long C call never sees it, so ``RLIMIT_CPU``
    kills the worker after :data:`_CPU_MARGIN` × the timeout of CPU time, and the pool
    reports that job alone as failed.
    """
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        return
    if job.max_memory is not None:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        soft = job.max_memory if hard == resource.RLIM_INFINITY else min(job.max_memory, hard)
        with suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    if cpu and job.timeout is not None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        used = usage.ru_utime + usage.ru_stime
        _, hard = resource.getrlimit(resource.RLIMIT_CPU)
        soft = int(used + _CPU_MARGIN * job.timeout) + 1
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        with suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


@contextmanager
def _memory_cap(job: Job) -> Iterator[None]:
    """:func:`_apply_limits` (memory only) for one in-process job, undone afterwards."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    previous = resource.getrlimit(resource.RLIMIT_AS)
    _apply_limits(job, cpu=False)
    try:
        yield
    finally:
        with suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, previous)


def _call(worker: Worker, job: Job) -> Outcome:
    """Run ``worker(job)`` in a worker process, unless the batch is being stopped."""
    if _WorkerState.stopped:
        raise _Stopped
    _WorkerState.busy = True
    try:
        _apply_limits(job)
        return worker(job)
    finally:
        _WorkerState.busy = False


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def _children_ignore_sigint() -> Iterator[None]:
    # A spawned worker (or the fork server, started by the first submit, and so every
    # worker forked from it) starts with the parent's SIGINT disposition: SIG_IGN keeps it
    # deaf to Ctrl-C from its very first instruction, before _worker_init runs. The
    # window in which the parent itself ignores Ctrl-C is the few milliseconds of a
    # fork/exec.
    if not _in_main_thread():
        yield
        return
    if hasattr(signal, "pthread_sigmask"):
        # Blocked, not ignored: a Ctrl-C that comes while the fork server starts (up to a
        # second, with its preloads) stays pending and reaches the parent when the block
        # ends, instead of being lost. The child inherits the block; _worker_init ignores
        # SIGINT and then unblocks it.
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            yield
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _stop(executor: ProcessPoolExecutor, *, cancel: bool) -> None:
    if cancel:
        # Before Python 3.14 (terminate_workers) there is no public way to stop calls
        # that are running: SIGTERM makes each worker abandon its job (see _on_stop).
        # Workers only compute, never write, so stopping them loses nothing.
        processes: dict[int, Any] = getattr(executor, "_processes", None) or {}
        for process in list(processes.values()):
            with suppress(Exception):
                process.terminate()
    executor.shutdown(wait=True, cancel_futures=True)


class Reorder:
    """Release items numbered 0, 1, 2... in order, whatever order they arrive in."""

    def __init__(self) -> None:
        self.next = 0
        self._held: dict[int, Outcome] = {}

    def add(self, index: int, item: Outcome) -> list[Outcome]:
        """Hold ``item`` and return every item that can now be released, in order."""
        self._held[index] = item
        released: list[Outcome] = []
        while self.next in self._held:
            released.append(self._held.pop(self.next))
            self.next += 1
        return released

    @property
    def held(self) -> int:
        """How many items arrived early and wait for an earlier one."""
        return len(self._held)


def run(
    jobs: Sequence[Job],
    *,
    workers: int = 1,
    worker: Worker,
    on_done: Callable[[int, Outcome], None] | None = None,
) -> Generator[Outcome, None, None]:
    """Process ``jobs`` and yield their outcomes in the order of ``jobs``.

    With ``workers`` > 1 and more than one job, the jobs run in a pool of that many
    processes (see :func:`worker_context`); at most ``4 × workers`` results are held
    back waiting for a slower earlier one, which bounds memory. ``on_done(index,
    outcome)`` is called as each job finishes, in completion order (for a progress
    display). ``worker`` must be a module-level function (it is pickled by name).

    If a worker process dies (a crash, the out-of-memory killer), the jobs that were
    running are retried one at a time, so that only the culprit fails ("the worker
    process died"); the others continue in a fresh pool.

    If the consumer stops early or an exception (such as :class:`Interrupted`) reaches
    the generator, the worker processes are terminated before it re-raises; use it with
    :func:`contextlib.closing` so that this happens at once.
    """
    if workers <= 1 or len(jobs) <= 1:
        for index, job in enumerate(jobs):
            # In-process, the memory cap applies to this process for the job's duration
            # (no CPU backstop: it would kill the process that has to report it).
            with _memory_cap(job):
                outcome = worker(job)
            if on_done is not None:
                on_done(index, outcome)
            yield outcome
        return
    yield from _run_pool(jobs, workers, on_done, worker)


WORKER_PRELOAD: tuple[str, ...] = (
    "pstparse.api",
    "pstparse.exporters",
    *reader_modules(),
    "pstparse.normalise",
    "pstparse.normalise.prose",
    "pstparse.validation",
    "pypdfium2",
    "pdfplumber",
)
"""Modules a worker needs, imported once by the fork server rather than by each worker.

A spawned worker starts a fresh interpreter and imports all of these (about 0.3 s of
CPU); on a machine whose cores are busy with other work that start-up is what made
``--jobs 2`` barely faster than ``--jobs 1``. Workers forked from a server that has them
loaded start in a few milliseconds and share those pages.
"""


def worker_context() -> multiprocessing.context.BaseContext:
    """``forkserver`` with :data:`WORKER_PRELOAD` where the platform has it, else ``spawn``.

    Like ``spawn``, the fork server is a fresh interpreter (started from this process's
    environment): nothing of the parent (typer, rich, signal handlers, threads) is in a
    worker. Workers are forked from it, so they start with the modules already imported.
    """
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(WORKER_PRELOAD))
    return context


def _run_pool(
    jobs: Sequence[Job],
    workers: int,
    on_done: Callable[[int, Outcome], None] | None,
    worker: Worker,
) -> Generator[Outcome, None, None]:
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    context = worker_context()
    workers = min(workers, len(jobs))
    order = Reorder()
    todo = list(range(len(jobs)))  # a heap: retried jobs go back before later ones
    suspects: set[int] = set()
    running: dict[Future[Outcome], int] = {}
    executor: ProcessPoolExecutor | None = None
    size = 0

    def finish(index: int, outcome: Outcome) -> list[Outcome]:
        suspects.discard(index)
        if on_done is not None:
            on_done(index, outcome)
        return order.add(index, outcome)

    try:
        while order.next < len(jobs):
            # While suspects of a crash remain, one job runs at a time to find the culprit.
            wanted = 1 if suspects else workers
            if executor is None or (size != wanted and not running):
                if executor is not None:
                    _stop(executor, cancel=False)
                executor = ProcessPoolExecutor(
                    max_workers=wanted,
                    mp_context=context,
                    initializer=_worker_init,
                    initargs=(os.getpid(),),
                )
                size = wanted
            window = 1 if suspects else 4 * workers
            while todo and todo[0] - order.next < window:
                index = heapq.heappop(todo)
                with _children_ignore_sigint():
                    running[executor.submit(_call, worker, jobs[index])] = index
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            if any(isinstance(f.exception(), BrokenProcessPool) for f in done):
                # A broken pool fails every job it was running: settle them all now.
                done, _ = wait(running)
            crashed: list[int] = []
            for future in sorted(done, key=running.__getitem__):
                index = running.pop(future)
                error = future.exception()
                if isinstance(error, BrokenProcessPool):
                    crashed.append(index)
                    continue
                if error is not None:
                    outcome = failed(
                        jobs[index].path,
                        f"internal error: {type(error).__name__}: {error}",
                        exit_code=3,
                    )
                else:
                    outcome = future.result()
                yield from finish(index, outcome)
            if not crashed:
                continue
            _stop(executor, cancel=True)
            executor = None
            if len(crashed) == 1 and crashed[0] in suspects:
                reason = "the worker process died (a crash, out of memory, or stuck past --timeout)"
                yield from finish(crashed[0], failed(jobs[crashed[0]].path, reason, exit_code=3))
            else:
                suspects.update(crashed)
                for index in crashed:
                    heapq.heappush(todo, index)
    except BaseException:
        if executor is not None:
            _stop(executor, cancel=True)
            executor = None
        raise
    finally:
        if executor is not None:
            _stop(executor, cancel=False)


# --------------------------------------------------------------------------- signals


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM was received; ``exit_code`` is 128 + the signal number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.exit_code = 128 + signum


class _Deferral:
    depth = 0
    pending: int | None = None


def on_signal(signum: int, frame: FrameType | None) -> None:
    """The batch's handler of SIGINT/SIGTERM/SIGHUP: raise :class:`Interrupted`, or note
    the signal while a critical section (an atomic write) defers it."""
    if _Deferral.depth:
        _Deferral.pending = signum
        return
    raise Interrupted(signum)


@contextmanager
def interrupts() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into :class:`Interrupted` while the block runs.

    Outside the main thread (where Python cannot set handlers) this does nothing.
    The previous handlers are restored afterwards.
    """
    if not _in_main_thread():
        yield
        return
    wanted = [signal.SIGINT, signal.SIGTERM]
    previous = {signum: signal.signal(signum, on_signal) for signum in wanted}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def deferred_interrupts() -> Iterator[None]:
    """Hold back :class:`Interrupted` until the block is over (for short, vital writes)."""
    _Deferral.depth += 1
    try:
        yield
    finally:
        _Deferral.depth -= 1
        if not _Deferral.depth and _Deferral.pending is not None:
            signum, _Deferral.pending = _Deferral.pending, None
            raise Interrupted(signum)
