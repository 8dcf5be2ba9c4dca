#!/usr/bin/env python3
"""In-process CPU time per page of pstparse, pdfplumber and the bare pypdfium2 loop.

Wall-clock figures move with whatever else the machine runs; CPU time
(``time.process_time``) moves much less. One warm process runs the three tools of
``bench/tools.py`` in turns on each file (after one untimed run each) and prints the
medians and the ratios::

    python bench/cpu_ratio.py plan.pdf plan_borderless.pdf   # files of bench/corpus/
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import pdf_pages  # noqa: E402
from bench.tools import run_pdfplumber, run_pstparse, run_pypdfium2  # noqa: E402

TOOLS = {"pstparse": run_pstparse, "pdfplumber": run_pdfplumber, "pypdfium2": run_pypdfium2}
ROUNDS = 3


def main(argv: list[str]) -> int:
    """Print one line of medians and ratios per file."""
    for name in argv:
        path = ROOT / "bench" / "corpus" / name
        pages = pdf_pages(path)
        per_page: dict[str, list[float]] = {tool: [] for tool in TOOLS}
        for fn in TOOLS.values():
            fn(path)
        for _ in range(ROUNDS):
            for tool, fn in TOOLS.items():
                start = time.process_time()
                fn(path)
                per_page[tool].append((time.process_time() - start) / pages * 1000)
        med = {tool: statistics.median(v) for tool, v in per_page.items()}
        figures = ", ".join(
            f"{t} {med[t]:.1f} ms/page CPU ({min(v):.1f}-{max(v):.1f})" for t, v in per_page.items()
        )
        print(
            f"{name} ({pages} p): {figures}; pstparse/pdfplumber "
            f"{med['pstparse'] / med['pdfplumber']:.3f}x, pstparse/pypdfium2 "
            f"{med['pstparse'] / med['pypdfium2']:.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
