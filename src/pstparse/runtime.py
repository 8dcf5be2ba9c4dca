"""Process-wide helpers that every layer may use (no pstparse import of its own)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_gc_lock = threading.Lock()
_gc_pausers = 0
_gc_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the duration of the block.

    Importing modules and reading one document make hundreds of thousands of objects that
    live until the end (modules, classes) or that reference counting frees on its own
    (layout records, XML proxies, blocks); meanwhile every automatic collection re-scans
    all that is alive, so collections cost more the more is read. One document's work
    makes little cyclic garbage, which the collector takes once it runs again after the
    block. Nested and concurrent pauses (threads) are counted: the collector comes back,
    if it was on, when the last one ends, even when the block raised.
    """
    global _gc_pausers, _gc_was_enabled
    with _gc_lock:
        if _gc_pausers == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pausers += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pausers -= 1
            if _gc_pausers == 0 and _gc_was_enabled:
                gc.enable()


@contextmanager
def importing() -> Iterator[None]:
    """Import modules with the collector paused, then freeze what they made.

    A module's objects (functions, classes, compiled patterns, typer's option objects) live
    as long as the process: the collector would scan them at every full collection and
    never free one. ``gc.freeze`` moves them out of its sight. For the command line's
    start-up, where imports are most of the work (``python bench/startup.py``).
    """
    with gc_paused():
        yield
        gc.freeze()


@contextmanager
def ending() -> Iterator[None]:
    """Run the rest of a process's work, then spare the interpreter its last collection.

    When Python exits it runs a full collection over everything still alive, and in a
    command that has just read a document that is every module, class and schema the
    imports made: about a tenth of the whole process on a 16-page DOCX
    (``python bench/startup.py``), to free memory the operating system takes back anyway.
    ``gc.freeze`` on the way out moves all that out of the collector's sight. Only for the
    console entry, whose work ends with the block: what is written is closed or flushed
    by then (outputs by the atomic writer, the standard streams by the interpreter,
    logging by its exit handler, which runs before the collection), and no pstparse
    object relies on a finaliser at exit.
    """
    try:
        yield
    finally:
        gc.freeze()
