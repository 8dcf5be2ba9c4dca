"""The process-wide helpers of :mod:`pstparse.runtime`: the collector's pause and freeze."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from typing import Any

import pytest

from pstparse.api import extract_bytes
from pstparse.runtime import ending, gc_paused, importing
from tests.conftest import SAMPLES


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


def test_ending_freezes_once_the_work_is_done_even_when_it_exits() -> None:
    gc.unfreeze()
    try:
        with pytest.raises(SystemExit), ending():
            assert gc.get_freeze_count() == 0, "nothing frozen while the work runs"
            raise SystemExit(2)  # how typer ends a command
        assert gc.get_freeze_count() > 0
        assert gc.isenabled()
    finally:
        gc.unfreeze()


@pytest.mark.parametrize("sample", ["fixture_iapst__table.docx", "fixture_iapst__table.pdf"])
def test_the_command_line_ends_with_nothing_left_to_collect_and_everything_written(
    sample: str, tmp_path: Any
) -> None:
    # After the command, the interpreter's last collection finds next to nothing to scan
    # (what it made is frozen), and every output is whole: stdout and an -o file alike.
    out = tmp_path / "plan.json"
    code = (
        "import gc, sys\n"
        "from pstparse.cli import main\n"
        "def run(*args):\n"
        "    sys.argv = ['pstparse', 'extract', *args]\n"
        "    try:\n        main()\n    except SystemExit as exc:\n        return exc.code\n"
        f"code = run({str(SAMPLES / sample)!r}, '-f', 'json', '-o', {str(out)!r})\n"
        "print(code, gc.get_freeze_count(), len(gc.get_objects()), file=sys.stderr)\n"
        f"run({str(SAMPLES / sample)!r}, '-f', 'json')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    code_, frozen, tracked = done.stderr.decode().strip().splitlines()[-1].split()
    assert code_ in ("0", "None")
    assert int(frozen) > 10_000
    assert int(tracked) < 1_000, "the last collection would scan what the command made"
    assert done.stdout == out.read_bytes()
    assert json.loads(done.stdout)["strategic_objectives"]
