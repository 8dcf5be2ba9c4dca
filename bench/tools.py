#!/usr/bin/env python3
"""The tools under test, each turned into a plan dictionary that ``score.py`` can read.

Every tool is a function ``path -> plan`` where a plan is
``{"strategic_objectives": [{"title", "operational_objectives": [{"title", "actions"}]}]}``.
pstparse builds that plan itself; the baselines only return table rows, which go through
:func:`rows_to_plan`, the few lines a user would write for this three-column grid (drop the
repeated header, fill empty cells from the row above, strip the "O.S. 1 :" labels).

Run as a script, one tool on one file, in a fresh process (this is how ``bench/run.py``
measures in-process time and whole-process time and memory)::

    python bench/tools.py TOOL FILE [--repeat N] [--warmup] [--plan OUT.json]

It prints one JSON line: the in-process seconds of each repetition and the process's
peak resident memory. Heavy libraries are imported inside the tool functions only, so
that importing this module costs nothing measurable.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

Rows = list[list[str]]
Plan = dict[str, Any]

# A leading label. Either capital initials ("O.S.", "OO", "A.") and a number such as 1, 1.2
# or 1.2.3, the separator optional ("A.1.1.1 Titre"); or any words ("Action", "Objectif
# stratégique") and a number with a separator or a final dot, so that "Planter 100 chênes"
# keeps its words.
_NUMBER = r"\d+(?:\.\d+)*\.?"
_LABEL = re.compile(
    rf"^\s*(?:(?:[A-ZÀ-Ý]{{1,3}}\.?\s*){{1,3}}{_NUMBER}\s*[:–—-]?\s+"
    rf"|(?:[^\W\d_]+\.?\s+){{0,3}}\d+(?:\.\d+)*(?:\.|\s*[:–—-])\s*)"
)


def _clean(cell: object) -> str:
    return " ".join(str(cell or "").split())


def strip_label(text: str) -> str:
    """``"O.S. 1 : Être une commune"`` → ``"Être une commune"``."""
    return _LABEL.sub("", text, count=1).strip()


def rows_to_plan(rows: Iterable[Sequence[object]], *, fill: bool = True) -> Plan:
    """Turn OS/OO/action table rows into a plan, the way a user would.

    The first row is the header; later rows equal to it (repeated on each page) are
    dropped. With ``fill``, an empty OS or OO cell takes the value of the row above (how
    merged cells come out of most readers). A row split across a page break therefore
    becomes a second, truncated action: that is the failure the benchmark measures.
    """
    header: list[str] | None = None
    last = ["", ""]
    sos: list[dict[str, Any]] = []
    by_os: dict[str, dict[str, Any]] = {}
    by_oo: dict[tuple[str, str], dict[str, Any]] = {}
    for raw in rows:
        row = [_clean(c) for c in raw]
        if len(row) < 3 or not any(row):
            continue
        if header is None:
            header = row
            continue
        if row == header:
            continue
        os_text, oo_text, act = row[0], row[1], row[2]
        if fill:
            os_text = os_text or last[0]
            oo_text = oo_text or (last[1] if os_text == last[0] else "")
        last = [os_text, oo_text]
        if not os_text:
            continue
        so = by_os.get(os_text)
        if so is None:
            so = {"title": strip_label(os_text), "operational_objectives": [], "actions": []}
            by_os[os_text] = so
            sos.append(so)
        target = so
        if oo_text:
            oo = by_oo.get((os_text, oo_text))
            if oo is None:
                oo = {"title": strip_label(oo_text), "actions": []}
                by_oo[(os_text, oo_text)] = oo
                so["operational_objectives"].append(oo)
            target = oo
        if act:
            target["actions"].append({"title": strip_label(act)})
    return {"strategic_objectives": sos}


# ----------------------------------------------------------------------------- tools


def run_pstparse(path: Path) -> Plan:
    """pstparse's library call (what ``pstparse extract`` runs), as a plain dict."""
    from pstparse.api import extract_path

    plan: Plan = extract_path(path).model_dump(mode="json")
    return plan


def run_pdfplumber(path: Path) -> Plan:
    """pdfplumber's own ``page.extract_tables()`` page by page, empty cells forward-filled."""
    import pdfplumber

    rows: Rows = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                rows.extend([_clean(c) for c in row] for row in table)
            page.close()
    return rows_to_plan(rows)


def run_camelot(path: Path) -> Plan:
    """camelot lattice, merged cells copied down, page tables stacked on their header."""
    import camelot

    tables = camelot.read_pdf(
        str(path), pages="all", flavor="lattice", copy_text=["v"], suppress_stdout=True
    )
    stacked = tables.stack_contiguous(match="first_row")
    rows: Rows = []
    for table in stacked:
        rows.extend([_clean(c) for c in row] for row in table.df.itertuples(index=False))
    return rows_to_plan(rows)


def run_python_docx(path: Path) -> Plan:
    """python-docx's ``Document(path).tables``, ``row.cells`` text (merged cells repeat)."""
    import docx

    rows: Rows = []
    for table in docx.Document(str(path)).tables:
        rows.extend([c.text for c in row.cells] for row in table.rows)
    return rows_to_plan(rows)


def run_docling(path: Path) -> Plan:
    """docling's DocumentConverter on a DOCX (no models needed for DOCX), tables as rows."""
    from docling.document_converter import DocumentConverter

    result = DocumentConverter().convert(str(path))
    rows: Rows = []
    for table in result.document.tables:
        frame = table.export_to_dataframe(doc=result.document)
        rows.append([_clean(c) for c in frame.columns])
        rows.extend([_clean(c) for c in row] for row in frame.itertuples(index=False))
    return rows_to_plan(rows)


def run_pypdfium2(path: Path) -> Plan:
    """The physical-limit proxy: pypdfium2 reads every character (text, box, font size,
    weight, font name) and every path segment, and builds nothing from them."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    x, y = ctypes.c_float(), ctypes.c_float()
    name = ctypes.create_string_buffer(256)
    chars = segments = 0
    pdf = pdfium.PdfDocument(path)
    for index in range(len(pdf)):
        page = pdf[index]
        text = page.get_textpage()
        for i in range(raw.FPDFText_CountChars(text.raw)):
            raw.FPDFText_GetUnicode(text.raw, i)
            raw.FPDFText_GetCharBox(text.raw, i, left, right, bottom, top)
            raw.FPDFText_GetFontSize(text.raw, i)
            raw.FPDFText_GetFontWeight(text.raw, i)
            raw.FPDFText_GetFontInfo(text.raw, i, name, 256, None)
            chars += 1
        for i in range(raw.FPDFPage_CountObjects(page.raw)):
            obj = raw.FPDFPage_GetObject(page.raw, i)
            if raw.FPDFPageObj_GetType(obj) == raw.FPDF_PAGEOBJ_PATH:
                for j in range(raw.FPDFPath_CountSegments(obj)):
                    raw.FPDFPathSegment_GetPoint(raw.FPDFPath_GetPathSegment(obj, j), x, y)
                    segments += 1
        text.close()
        page.close()
    pdf.close()
    return rows_to_plan([])


TOOLS: dict[str, Callable[[Path], Plan]] = {
    "pstparse": run_pstparse,
    "pdfplumber": run_pdfplumber,
    "camelot": run_camelot,
    "python-docx": run_python_docx,
    "docling": run_docling,
    "pypdfium2": run_pypdfium2,
}
FORMATS: dict[str, tuple[str, ...]] = {
    "pstparse": ("pdf", "docx"),
    "pdfplumber": ("pdf",),
    "camelot": ("pdf",),
    "python-docx": ("docx",),
    "docling": ("docx",),
    "pypdfium2": ("pdf",),
}
MODULES: dict[str, str] = {
    "pstparse": "pstparse",
    "pdfplumber": "pdfplumber",
    "camelot": "camelot",
    "python-docx": "docx",
    "docling": "docling",
    "pypdfium2": "pypdfium2",
}
"""The module each tool needs (to tell "not installed" from a failure)."""


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(
    tool: str, path: Path, *, repeat: int = 1, warmup: bool = False
) -> tuple[list[float], Plan]:
    """Run a tool ``repeat`` times (after an untimed warm-up run if asked): seconds, last plan."""
    fn = TOOLS[tool]
    if warmup:
        fn(path)
    times: list[float] = []
    plan: Plan = {}
    for _ in range(repeat):
        start = time.perf_counter()
        plan = fn(path)
        times.append(time.perf_counter() - start)
    return times, plan


def main(argv: list[str] | None = None) -> int:
    """Run one tool on one file and print ``{"times": [...], "peak_mb": ...}``."""
    parser = argparse.ArgumentParser(description="Run one benchmarked tool on one file.")
    parser.add_argument("tool", choices=sorted(TOOLS))
    parser.add_argument("file", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--warmup", action="store_true", help="one untimed run first")
    parser.add_argument("--plan", type=Path, help="write the last plan here (JSON)")
    args = parser.parse_args(argv)
    times, plan = measure(args.tool, args.file, repeat=args.repeat, warmup=args.warmup)
    if args.plan is not None:
        args.plan.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    print(json.dumps({"times": times, "peak_mb": peak_rss_mb()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
