"""Every threshold of the PDF reader is named in ``extractors/pdf/thresholds.py``.

The other modules of ``extractors/pdf/`` are read with ``ast``; a numeric literal where a
threshold would be written (a comparison, arithmetic, a slice bound, a default argument,
an argument of ``min``/``max``) fails the test, naming the file and line. So does a
module-level numeric constant that is not a known limit or format fact: a new threshold
goes into ``thresholds.py``, with a name and a comment saying why.

Not flagged:

* the trivial values in :data:`TRIVIAL` (0, 1, 2, -1: "the next one", "both sides",
  "twice", "a half" as ``x * 2``), and the exponent of a square root (``** 0.5``);
* subscripts (``bbox[3]`` is a field, not a quantity);
* the sign: ``-3`` is checked as ``3`` (a slice from the end, a negative tolerance);
* the format facts of :data:`FORMAT_FACTS`, per file, each with why it is not a tunable
  threshold (values the PDF specification or a library fixes).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PDF_DIR = Path(__file__).resolve().parent.parent / "src" / "pstparse" / "extractors" / "pdf"
THRESHOLDS = "thresholds.py"

TRIVIAL: frozenset[float] = frozenset({0, 1, 2, -1})
"""Values too plain to name: a count of zero or one, an index step, a doubling."""

ROTATIONS = {90, 180, 270, 360}
"""A page's /Rotate is a multiple of 90 degrees (PDF 1.7 §7.7.3.3)."""

FORMAT_FACTS: dict[str, dict[float, str]] = {
    "_pdfium.py": {
        **dict.fromkeys(ROTATIONS, "page rotations"),
        3: "pdfminer's path classification: a shape longer than 'mlh' may end in 'lh'",
        4: "FPDFPageObj_GetFillColor returns four components (RGBA)",
        255: "pdfium's colour components are 0-255, pdfminer's 0-1",
        65536: "read size of the Flate probe (bytes), not a threshold",
    },
    "_geometry.py": {
        0xE000: "first code point of Unicode's private-use area",
        0xF8FF: "last code point of Unicode's private-use area",
    },
    "_reader.py": {
        **dict.fromkeys({90, 270}, "page rotations"),
        3: "zlib: an error in the last bytes (the checksum) is forgiven, as pdfminer does",
        20: "2**20 bytes in a MiB (in messages)",
        8: "bits per byte (predictor row size)",
        128: "RunLengthDecode: 128 ends the data, below copies, above repeats (§7.4.5)",
        257: "RunLengthDecode: a byte n > 128 repeats the next byte 257 - n times",
        1024: "the %PDF- header is within the first 1024 bytes (PDF 1.7 §7.5.2)",
        4096: "window searched for %%EOF at the end of the file",
    },
}

NAMED_CONSTANTS: dict[str, set[str]] = {
    "_reader.py": {
        "MAX_PAGES",
        "MAX_STREAM_BYTES",
        "MAX_DECODED_BYTES",
        "MAX_PAGE_CHARS",
        "MAX_PREDICTOR_ROW",
        "_INFLATE_CHUNK",
        "_MESSAGE_CHARS",
        "_MAX_CODE_BYTES",
        "_FORM_DEPTH",
    },
    "_geometry.py": {"MAX_PAGE_WORDS", "_FLOATS_MAX"},
    "_pdfium.py": {
        "_GLYPH_UNITS",
        "_STANDARD_DESCENTS",
        "_PATH",
        "_TEXT",
        "_IMAGE",
        "_FORM",
        "_LINETO",
        "_BEZIERTO",
        "_MOVETO",
    },
}
"""Module-level numeric constants allowed outside ``thresholds.py``: safety limits
(documented in the README's "Limits"), buffer sizes, and pdfium's enumeration values."""


def _modules() -> list[Path]:
    return sorted(p for p in PDF_DIR.glob("*.py") if p.name != THRESHOLDS)


def _number(node: ast.AST) -> float | None:
    """The value of a numeric literal (a negative one included), else None."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _number(node.operand)
        return None if inner is None else -inner
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
    ):
        return node.value
    return None


def _threshold_slots(tree: ast.AST) -> list[ast.AST]:
    """The expressions where a threshold would be written."""
    slots: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            slots.extend([node.left, *node.comparators])
        elif isinstance(node, ast.BinOp):
            if not (isinstance(node.op, ast.Pow) and _number(node.right) == 0.5):
                slots.append(node.right)
            slots.append(node.left)
        elif isinstance(node, ast.AugAssign):
            slots.append(node.value)
        elif isinstance(node, ast.Slice):
            slots.extend(n for n in (node.lower, node.upper, node.step) if n is not None)
        elif isinstance(node, ast.arguments):
            slots.extend(node.defaults)
            slots.extend(d for d in node.kw_defaults if d is not None)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("min", "max")
        ):
            slots.extend(node.args)
    return slots


def _module_constants(tree: ast.Module) -> list[tuple[str, ast.AST]]:
    out: list[tuple[str, ast.AST]] = []
    for stmt in tree.body:
        targets: list[ast.expr] = []
        if isinstance(stmt, ast.Assign):
            targets = stmt.targets
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            targets = [stmt.target]
        value = getattr(stmt, "value", None)
        if value is None:
            continue
        numeric = any((v := _number(n)) is not None and v not in TRIVIAL for n in ast.walk(value))
        for target in targets:
            names = target.elts if isinstance(target, ast.Tuple) else [target]
            for name in names:
                if isinstance(name, ast.Name) and numeric:
                    out.append((name.id, stmt))
    return out


def inline_thresholds(path: Path) -> list[str]:
    """``file:line: value`` of every unnamed numeric literal in a threshold slot, and of
    every module-level numeric constant that belongs in ``thresholds.py``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    facts = FORMAT_FACTS.get(path.name, {})
    exempt: set[int] = set()
    problems: list[str] = []
    for name, stmt in _module_constants(tree):
        if name in NAMED_CONSTANTS.get(path.name, set()):
            exempt.update(id(n) for n in ast.walk(stmt))
        else:
            problems.append(f"{path.name}:{stmt.lineno}: module constant {name}")
    for slot in _threshold_slots(tree):
        value = _number(slot)
        if value is None or id(slot) in exempt or abs(value) in TRIVIAL | facts.keys():
            continue
        problems.append(f"{path.name}:{slot.lineno}: {value!r}")
    return sorted(set(problems))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.name)
def test_no_inline_threshold(path: Path) -> None:
    """Each module of the PDF reader writes its thresholds by name."""
    assert inline_thresholds(path) == []


def test_scanner_catches_inline_thresholds(tmp_path: Path) -> None:
    """The scanner itself flags each kind of slot (and only those)."""
    source = tmp_path / "_probe.py"
    source.write_text(
        "LIMIT = 7\n"
        "def f(x, tol=3.0):\n"
        "    if x > 0.6:\n"
        "        x += 5\n"
        "    y = x * 1.2 + max(4, x) + x[:9][3] + (x**2) ** 0.5\n"
        "    return y - 1 if x >= 2 else -0.3 * x\n",
        encoding="utf-8",
    )
    assert inline_thresholds(source) == [
        "_probe.py:1: module constant LIMIT",
        "_probe.py:2: 3.0",
        "_probe.py:3: 0.6",
        "_probe.py:4: 5",
        "_probe.py:5: 1.2",
        "_probe.py:5: 4",
        "_probe.py:5: 9",
        "_probe.py:6: -0.3",
    ]


def test_thresholds_are_documented() -> None:
    """Every constant of ``thresholds.py`` is followed by a docstring or has comments
    (the why of its value), and none is defined twice."""
    path = PDF_DIR / THRESHOLDS
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = path.read_text(encoding="utf-8").splitlines()
    names: list[str] = []
    body = tree.body
    for i, stmt in enumerate(body):
        if not isinstance(stmt, ast.AnnAssign) or not isinstance(stmt.target, ast.Name):
            continue
        names.append(stmt.target.id)
        nxt = body[i + 1] if i + 1 < len(body) else None
        documented = (
            isinstance(nxt, ast.Expr)
            and isinstance(nxt.value, ast.Constant)
            and isinstance(nxt.value.value, str)
        )
        commented = any(
            ln.strip().startswith("#")
            for ln in lines[stmt.lineno - 1 : (stmt.end_lineno or stmt.lineno)]
        )
        assert documented or commented, f"{stmt.target.id} has no reason given"
    assert len(names) == len(set(names))
    assert len(names) >= 40
