"""Tests go through pstparse's public surface, not its private modules and names.

A module or name whose own name starts with ``_`` is private: it may move or change
without notice (the PDF reader's ``_geometry``, ``_tables``... are reached through
``pstparse.extractors.pdf``, the zip guards through ``pstparse.extractors``). This scan
reads every test module with ``ast`` and fails on a new use of a private pstparse
module or name: in an import, as an attribute of an imported pstparse module
(``pages._fix_label``), or as a dotted string (``monkeypatch.setattr("pstparse._x.y")``).
What remains is on :data:`ALLOWED`, each with the reason.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent

_PDF_FALLBACK = (
    "forces the pdfminer fallback by replacing the reader's choice of library; the seam"
    " lives in extractors/pdf/_reader.py, owned by the PDF work of this round"
)
_LIMIT = (
    "lowers a reader limit (monkeypatch) so that the refusal is tested on a small input:"
    " only the module holding the global can be patched; reading the limits goes through"
    " the public names"
)

_SAME_WORDS = (
    "proves the reader's own word grouping equals pdfplumber's extract_words bit for bit, on"
    " generated characters and on every page of the sample PDFs: a property of the private"
    " speed path itself, which no public entry point exposes"
)

_SAME_ANSWERS = (
    "checks that the faster layout code gives what the code before it gave (issue #15):"
    " the functions replaced, and the unchanged helpers the old code calls, are private"
    " steps of the PDF reader that no public entry point exposes one by one"
)

# (test file under tests/, private pstparse name it uses) → why it stays. Keep it short: a new entry
# needs a reason a reviewer accepts; an entry no longer used fails the test below.
ALLOWED: dict[tuple[str, str], str] = {
    ("test_pdf_readers.py", "pstparse.extractors.pdf._reader"): _PDF_FALLBACK,
    ("test_pdf_readers.py", "pstparse.extractors.pdf._reader._pdfium_unsuitable"): (_PDF_FALLBACK),
    ("test_extract_pdf.py", "pstparse.extractors.pdf._reader"): _PDF_FALLBACK,
    ("test_bad_inputs.py", "pstparse.extractors._zip"): _LIMIT,
    ("test_pdf_words.py", "pstparse.extractors.pdf._pdfium"): _SAME_WORDS,
    ("test_pdf_words.py", "pstparse.extractors.pdf._reader"): _SAME_WORDS,
    ("test_pdf_words.py", "pstparse.extractors.pdf._reader._pdfminer_descents"): _SAME_WORDS,
    ("test_pdf_words.py", "pstparse.extractors.pdf._reader._upright_words"): _SAME_WORDS,
    ("test_pdf_words.py", "pstparse.extractors.pdf._reader._words"): _SAME_WORDS,
    ("test_pdf_words.py", "pstparse.extractors.pdf._reader._run_words"): _SAME_WORDS,
    ("test_pdf_words.py", "pstparse.extractors.pdf._reader._duplicate_chars"): _SAME_WORDS,
    ("test_pdf_words.py", "pstparse.extractors.pdf._reader._LIGATURE_CHARS"): _SAME_WORDS,
    ("test_bad_inputs.py", "pstparse.extractors.pdf._reader"): _LIMIT,
    ("test_extract_docx.py", "pstparse.extractors._zip"): _LIMIT,
    ("test_hostile.py", "pstparse.extractors.pdf._reader"): _LIMIT,
    ("layout_reference.py", "pstparse.extractors._gutters"): _SAME_ANSWERS,
    ("layout_reference.py", "pstparse.extractors.pdf._borderless"): _SAME_ANSWERS,
    ("layout_reference.py", "pstparse.extractors.pdf._text"): _SAME_ANSWERS,
    ("test_layout_equivalence.py", "pstparse.extractors._gutters"): _SAME_ANSWERS,
    ("test_layout_equivalence.py", "pstparse.extractors.pdf._geometry"): _SAME_ANSWERS,
    ("test_layout_equivalence.py", "pstparse.extractors.pdf._text"): _SAME_ANSWERS,
}

_DOTTED = re.compile(r"^pstparse(\.\w+)+$")


def _private(dotted: str) -> bool:
    """True when a part of the dotted name is private (``_x``, not ``__x__``)."""
    parts = dotted.split(".")
    return any(p.startswith("_") and not p.endswith("__") for p in parts[1:] or parts)


def private_uses(source: str) -> set[str]:
    """The private pstparse names a test module's source uses (full dotted names)."""
    tree = ast.parse(source)
    bound: dict[str, str] = {}  # local name → the pstparse module or name it stands for
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "pstparse":
                    found.update({alias.name} if _private(alias.name) else set())
                    bound[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] != "pstparse":
                continue
            for alias in node.names:
                dotted = f"{node.module}.{alias.name}"
                bound[alias.asname or alias.name] = dotted
                if _private(dotted):
                    # a private module imported from its package counts once, as itself
                    found.add(node.module if _private(node.module) else dotted)
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and _DOTTED.match(node.value)
            and _private(node.value)
        ):
            found.add(node.value)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            base = bound.get(node.value.id)
            if base is not None and _private(node.attr):
                found.add(f"{base}.{node.attr}")
    return found


def _uses() -> dict[tuple[str, str], None]:
    return {
        (path.relative_to(TESTS).as_posix(), name): None
        for path in sorted(TESTS.rglob("*.py"))  # fixture builders included
        if path != Path(__file__).resolve()  # its strings name private code on purpose
        for name in sorted(private_uses(path.read_text(encoding="utf-8")))
    }


def test_tests_use_no_private_pstparse_module_or_name() -> None:
    unexpected = [f"{file}: {name}" for file, name in _uses() if (file, name) not in ALLOWED]
    assert unexpected == [], (
        "tests reach into private pstparse code; go through the public entry point"
        " (pstparse.api, a package __init__, the exporter registry, the CLI) or export"
        " the helper from its package __init__ with a docstring:\n" + "\n".join(unexpected)
    )


def test_the_allow_list_has_no_stale_entry() -> None:
    stale = sorted(set(ALLOWED) - set(_uses()))
    assert stale == [], f"allowed but no longer used (remove them): {stale}"


def test_the_scan_sees_every_way_of_reaching_private_code() -> None:
    source = """
import pstparse.extractors.pdf._reader
import pstparse.api as api
from pstparse.extractors import _zip, extract
from pstparse.extractors.pdf._text import paragraphs
from pstparse.batch import _worker_context
from pstparse.extractors.ocr import pages
from tests import table_layouts as L

def test(monkeypatch):
    pages._noise(None)
    pages.read_pages(None)
    api._merge(None)
    L._flag_header(None)
    monkeypatch.setattr("pstparse.cli._View", None)
    monkeypatch.setattr("pstparse.cli.app", None)
"""
    assert private_uses(source) == {
        "pstparse.extractors.pdf._reader",
        "pstparse.extractors._zip",
        "pstparse.extractors.pdf._text",
        "pstparse.batch._worker_context",
        "pstparse.extractors.ocr.pages._noise",
        "pstparse.api._merge",
        "pstparse.cli._View",
    }


def test_public_surface_serves_what_tests_used_to_import_privately() -> None:
    # The names the reader's unit tests need, exported from the packages with docstrings.
    import pstparse.extractors as extractors
    import pstparse.extractors.pdf as pdf

    for package in (pdf, extractors):
        names = getattr(package, "__all__", None) or [
            n for n in ("check_zip", "MAX_RATIO", "RATIO_MIN_SIZE") if hasattr(package, n)
        ]
        for name in names:
            value = getattr(package, name)
            if callable(value):
                assert (value.__doc__ or "").strip(), f"{package.__name__}.{name}"
    assert pdf.__all__ and "group_lines" in pdf.__all__
    assert extractors.check_zip.__module__ == "pstparse.extractors._zip"
