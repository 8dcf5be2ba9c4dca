"""Progress of OCR page by page, for whoever shows it (the command line on a terminal).

A context-local callback, so that the library itself never writes to the terminal and a
caller that does not ask for it pays nothing. It reaches the pages of documents read in
the calling thread (a single input); documents read in worker processes report nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

PageProgress = Callable[[int, int | None], None]
"""Called with (pages done, pages to do or None when not known yet)."""

_CALLBACK: ContextVar[PageProgress | None] = ContextVar("pstparse_ocr_progress", default=None)


@contextmanager
def page_progress(callback: PageProgress) -> Iterator[None]:
    """Report OCR pages to ``callback`` while the block runs."""
    token = _CALLBACK.set(callback)
    try:
        yield
    finally:
        _CALLBACK.reset(token)


def report(done: int, total: int | None) -> None:
    """Tell the current callback (if any) how far OCR has come."""
    callback = _CALLBACK.get()
    if callback is not None:
        callback(done, total)
