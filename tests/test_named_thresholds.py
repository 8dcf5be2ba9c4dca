"""The normaliser's thresholds have names: no number in a comparison or a slice bound
outside ``normalise/evidence.py`` (issue "The house", point 6).

Allowed inline numbers, which are counts and not thresholds:

- 0, 1 and -1 ("is empty", "more than one", "the last one");
- the 2 of a parity test (``n % 2``: key/value cells come in pairs).

Anything else in a comparison (``len(text) <= 250``) or a slice (``blocks[:15]``) is a
decision about evidence: it belongs in ``evidence.py`` with a name and a comment saying
why it has that value.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

NORMALISE = Path(__file__).resolve().parent.parent / "src" / "pstparse" / "normalise"
ALLOWED = frozenset({0, 1, -1})

# Slices that select part of a table of the label grammar, not a quantity of text; the
# grammar is moving to lexicon/ with its own names.
ALLOWED_SLICES = frozenset({("labels.py", "_PREFIXES[:4]")})


def _number(node: ast.AST) -> float | None:
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return float(node.value)
    if (
        isinstance(node, ast.UnaryOp)
        and isinstance(node.op, ast.USub)
        and isinstance(node.operand, ast.Constant)
        and type(node.operand.value) in (int, float)
    ):
        return -float(node.operand.value)
    return None


def _numbers(node: ast.AST) -> list[tuple[int, float]]:
    """Numbers inside ``node``, except the 2 of ``x % 2`` and a sign's operand."""
    skip: set[int] = set()
    found: list[tuple[int, float]] = []
    for sub in ast.walk(node):
        if isinstance(sub, ast.BinOp) and isinstance(sub.op, ast.Mod) and _number(sub.right) == 2:
            skip.add(id(sub.right))
        if isinstance(sub, ast.UnaryOp) and _number(sub) is not None:
            skip.add(id(sub.operand))
        value = _number(sub)
        if value is not None and id(sub) not in skip:
            found.append((getattr(sub, "lineno", 0), value))
    return [(line, v) for line, v in found if v not in ALLOWED]


def inline_thresholds(path: Path) -> list[str]:
    """Every number not allowed in a comparison or a slice bound of ``path``."""
    source = path.read_text(encoding="utf-8")
    bad: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            parts: list[ast.AST] = [node.left, *node.comparators]
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
            segment = ast.get_source_segment(source, node) or ""
            if (path.name, segment) in ALLOWED_SLICES:
                continue
            parts = [b for b in (node.slice.lower, node.slice.upper, node.slice.step) if b]
        else:
            continue
        for part in parts:
            for line, value in _numbers(part):
                bad.append(
                    f"{path.name}:{line}: {value:g} in {ast.get_source_segment(source, node)}"
                )
    return bad


MODULES = sorted(p for p in NORMALISE.glob("*.py") if p.name != "evidence.py")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_inline_threshold(path: Path) -> None:
    assert inline_thresholds(path) == []


@pytest.mark.parametrize(
    ("code", "found"),
    [
        ("if len(text) <= 250:\n    pass\n", ["250"]),
        ("x = blocks[:15]\n", ["15"]),
        ("ok = 0.5 < share\n", ["0.5"]),
        ("ok = n > -3\n", ["-3"]),
        ("ok = len(a) + 2 >= b\n", ["2"]),
        ("ok = n % 2 == 1\n", []),
        ("ok = n % 3 == 1\n", ["3"]),
        ("ok = len(a) > 1 and b[-1:] == c[0:]\n", []),
        ("ok = n >= LIMIT\n", []),
    ],
)
def test_the_scan_sees_numbers_in_comparisons_and_slices(
    tmp_path: Path, code: str, found: list[str]
) -> None:
    path = tmp_path / "mod.py"
    path.write_text(code, encoding="utf-8")
    assert [line.split(": ")[1].split(" in ")[0] for line in inline_thresholds(path)] == found


def test_evidence_names_have_comments() -> None:
    # Every upper-case name of evidence.py has a docstring right after it (the "why").
    tree = ast.parse((NORMALISE / "evidence.py").read_text(encoding="utf-8"))
    body = tree.body
    missing = []
    for node, nxt in zip(body, [*body[1:], None], strict=True):
        if isinstance(node, ast.Assign) and all(
            isinstance(t, ast.Name) and t.id.isupper() for t in node.targets
        ):
            documented = (
                isinstance(nxt, ast.Expr)
                and isinstance(nxt.value, ast.Constant)
                and isinstance(nxt.value.value, str)
            )
            if not documented:
                missing.append(ast.unparse(node.targets[0]))
    assert missing == []
