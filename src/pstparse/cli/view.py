"""What the user sees on stderr: one-line messages, the progress of a batch on a
terminal, and its summary (a rich table on a terminal, plain lines otherwise).

rich is imported only when something is shown, and only where a terminal needs it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pstparse.batch import Summary
    from pstparse.model.messages import Lang


class State:
    """What the command line was asked for, beyond one command's options."""

    verbose = False


def err(message: str) -> None:
    """Print ``message`` on stderr as one line, after ``pstparse:``."""
    from rich.console import Console
    from rich.markup import escape

    from pstparse.model.errors import printable_message

    message = printable_message(message)

    # soft_wrap: one message stays one line even when stderr is not a terminal.
    Console(stderr=True, soft_wrap=True, highlight=False).print(
        f"[bold red]pstparse:[/] {escape(message)}"
    )


class View:
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

    def __enter__(self) -> View:
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
            if trace and State.verbose:
                console.print(trace, markup=False, highlight=False, end="")
            console.print(
                f"[bold red]pstparse:[/] {escape(printable_message(message))}", soft_wrap=True
            )
            return
        if trace and State.verbose:
            sys.stderr.write(trace)
        err(message)


def print_summary(summary: Summary, lang: Lang = "en") -> None:
    """The summary of a batch: a table on a terminal, three kinds of lines otherwise."""
    from rich.markup import escape

    from pstparse.model.errors import printable_message
    from pstparse.model.messages import ui
    from pstparse.validation.report import severity_counts

    counts = summary.counts
    findings = summary.findings
    failures = [o for o in summary.outcomes if o.status == "failed"]
    if tty():
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


@contextmanager
def ocr_progress(enabled: bool) -> Iterator[None]:
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


def tty() -> bool:
    # The progress bar and the rich table only for a person watching a terminal: a
    # piped or redirected stderr gets plain lines.
    return sys.stderr.isatty()


class CliView:
    """The command line's view of a batch (a :class:`pstparse.batch.BatchView`)."""

    def __init__(self, lang: Lang) -> None:
        self._lang = lang
        self._view: View | None = None

    @contextmanager
    def _running(self, names: list[str]) -> Iterator[None]:
        self._view = View(names, progress=len(names) > 1 and tty())
        with self._view, ocr_progress(len(names) == 1 and tty()):
            yield

    def running(self, names: list[str]) -> AbstractContextManager[object]:
        """A progress bar of the inputs on a terminal (of the OCR pages for one input)."""
        return self._running(names)

    def done(self, index: int) -> None:
        """Advance the progress bar."""
        if self._view is not None:
            self._view.done(index)

    def error(self, message: str, trace: str | None = None) -> None:
        """One line on stderr (above the progress bar)."""
        if self._view is not None:
            self._view.error(message, trace)
        else:
            err(message)

    def summary(self, summary: Summary) -> None:
        """The summary table or lines."""
        print_summary(summary, self._lang)
