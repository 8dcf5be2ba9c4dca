"""The process-wide helpers of :mod:`pstparse.runtime`: the collector's pause and freeze."""

from __future__ import annotations

import gc
import subprocess
import sys
from typing import Any

import pytest

from pstparse.api import extract_bytes
from pstparse.runtime import gc_paused, importing


def test_gc_paused_nests_and_restores_the_collector() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled(), "the outer pause is still on"
    assert gc.isenabled()
    with pytest.raises(ValueError), gc_paused():
        raise ValueError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled(), "a collector that was off stays off"
    finally:
        gc.enable()


def test_importing_pauses_then_freezes_what_the_imports_made() -> None:
    gc.unfreeze()
    try:
        with importing():
            assert not gc.isenabled()
            made = [object() for _ in range(3)]  # stands for a module's objects
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
        assert made
    finally:
        gc.unfreeze()


def test_a_failed_import_freezes_nothing_and_restores_the_collector() -> None:
    gc.unfreeze()
    with pytest.raises(ImportError), importing():
        import pstparse_no_such_module  # type: ignore[import-not-found]  # noqa: F401
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_one_document_runs_with_the_collector_paused_and_gives_it_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pstparse.normalise as normalise_module

    seen: list[bool] = []
    real = normalise_module.normalise

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(normalise_module, "normalise", spy)
    plan = extract_bytes(b"OS 1 : Titre\nOO 1.1 : Sous-titre\nAction 1.1.1 : Faire\n")
    assert plan.strategic_objectives
    assert seen == [False], "the normaliser ran with the collector paused"
    assert gc.isenabled()


def test_the_command_line_freezes_its_imports() -> None:
    # The console entry imports the commands under importing(): the frozen count is what
    # start-up moved out of the collector's sight (bench/startup.py measures the gain).
    code = (
        "import gc, sys; sys.argv = ['pstparse', '--help'];"
        "from pstparse.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(gc.get_freeze_count(), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert int(done.stderr.strip().splitlines()[-1]) > 10_000
