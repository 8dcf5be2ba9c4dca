"""The import rules between layers (docs/architecture.md), checked on the source tree.

A module may import only from its own layer or the layers below it. This test reads every
module's imports (top-level and function-level) with ``ast``; adding an upward import
makes it fail with the offending module and line.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "pstparse"

# Which pstparse layers each layer may import (a layer always may import itself).
# The foundation (model/, lexicon/, options, runtime) is importable from everywhere.
FOUNDATION = {"model", "lexicon", "options", "runtime", "__init__"}
ALLOWED: dict[str, set[str]] = {
    "model": set(),
    "lexicon": {"model"},
    "options": {"model"},
    "runtime": set(),
    "extractors": FOUNDATION,
    "normalise": FOUNDATION,
    "validation": FOUNDATION,
    # Loading a plan back names its schema problems with validation's wording, and reads
    # XLSX/eComptes files behind the readers' zip guards and format sniffing.
    "exporters": FOUNDATION | {"validation", "extractors"},
    # batch/ sits below api: it is handed the per-file job (api.process_job) as a
    # callable, and api.run_batch wires the two.
    # Which suffixes a directory is searched for, and which readers a worker preloads,
    # come from the input-format registry (a light module: no reader is imported).
    "batch": FOUNDATION | {"exporters", "extractors"},
    "api": FOUNDATION | {"extractors", "normalise", "validation", "exporters", "batch"},
    "cli": FOUNDATION | {"api", "batch", "exporters", "validation"},
    "__main__": {"cli"},
    "__init__": set(),
}

# Third-party modules only the command line may import.
CLI_ONLY = {"typer", "rich", "click"}


def _layer(path: Path) -> str:
    return path.relative_to(SRC).parts[0].removesuffix(".py")


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
    return found


MODULES = sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_upward_import(path: Path) -> None:
    layer = _layer(path)
    assert layer in ALLOWED, f"new layer {layer}: add it to ALLOWED and docs/architecture.md"
    bad = []
    for line, module in _imports(path):
        parts = module.split(".")
        if parts[0] in CLI_ONLY and layer != "cli":
            bad.append(f"line {line}: {module} (only cli/ may import it)")
        if parts[0] != "pstparse" or len(parts) == 1:
            continue
        target = parts[1]
        if target == layer or target in ALLOWED[layer]:
            continue
        bad.append(f"line {line}: {module} ({layer} may not import {target})")
    assert not bad, f"{path.relative_to(SRC)}: " + "; ".join(bad)


def test_the_rules_catch_an_upward_import(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("from pstparse.cli import app\nimport typer\n", encoding="utf-8")
    modules = [m for _, m in _imports(probe)]
    assert modules == ["pstparse.cli", "typer"]
    assert "cli" not in ALLOWED["normalise"] and "typer" in CLI_ONLY


def test_the_command_line_and_batch_packages_are_layers() -> None:
    # cli/ and batch/ are packages: each of their modules is of the package's layer, so
    # an import of batch/ from below, or of typer outside cli/, is caught.
    for package in ("cli", "batch"):
        modules = sorted((SRC / package).glob("*.py"))
        assert len(modules) > 1, package
        assert {_layer(m) for m in modules} == {package}
    assert "api" not in ALLOWED["batch"] and "batch" in ALLOWED["api"]
    uses_typer = {
        _layer(path)
        for path in MODULES
        if any(module.split(".")[0] in CLI_ONLY for _, module in _imports(path))
    }
    assert uses_typer == {"cli"}
