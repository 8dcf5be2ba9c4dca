#!/usr/bin/env python3
"""OCR time per A4 page at 300 dpi, and accuracy of the scanned samples.

For each page of the chosen PDFs the script renders the page at ``--dpi`` (as
``--ocr always`` does), then times each step of the OCR reader: straightening, rulings,
despeckling and Tesseract (wall clock, and the CPU time of the Tesseract process, which
does not depend on how busy the machine is). Then it extracts the scanned samples of
``tests/fixtures/scans/`` end to end and scores them against their golds.

Usage::

    python bench/ocr.py [--pages 6] [--dpi 300] [--no-accuracy]

Run it on a quiet machine: Tesseract is given one thread (``OMP_THREAD_LIMIT=1``), so a
page takes one core for its whole time.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

# A4 portrait text pages, a ruled table and a landscape table page (born-digital: the
# rendering is exactly 300 dpi of a real page, without scan noise).
PAGES = (
    ("samples/seed000_pst_gembloux__headings.pdf", (1, 2)),
    ("samples/seed000_pst_gembloux__table_merged.pdf", (1, 2)),
    ("samples/seed003_programme__headings_bullets.pdf", (2,)),
    ("samples/fixture_iapst__table.pdf", (1,)),
)

SCANS = (
    (
        "fixture_projets__nested.pdf",
        "tests/expected/fixture_projets.yaml",
        "headings + nested bullets",
    ),
    ("fixture_iapst__table.pdf", "tests/expected/fixture_iapst.yaml", "ruled table across pages"),
    (
        "seed000_pst_gembloux__table_merged.pdf",
        "../shared/gold/seed000_pst_gembloux.yaml",
        "ruled table, merged cells",
    ),
    (
        "seed003_programme__headings_bullets.pdf",
        "../shared/gold/seed003_programme.yaml",
        "headings + bullets",
    ),
    (
        "seed000_pst_gembloux__borderless_landscape.pdf",
        "../shared/gold/seed000_pst_gembloux.yaml",
        "borderless table",
    ),
)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_pages(limit: int, dpi: int) -> list[dict[str, Any]]:
    """Per-page timings of the OCR steps."""
    from pstparse.extractors.ocr import engine, image, pages

    program = engine.find_tesseract()
    rows: list[dict[str, Any]] = []
    for rel, numbers in PAGES:
        data = (ROOT / rel).read_bytes()
        for number, gray in image.render_pdf(data, None, dpi, set(numbers), rel):
            if len(rows) >= limit:
                return rows
            t0 = time.perf_counter()
            angle = image.skew_angle(gray, dpi)
            straight = (
                image.straighten(gray, angle) if abs(angle) >= image.MIN_SKEW_DEGREES else gray
            )
            t1 = time.perf_counter()
            rulings = image.find_rulings(straight, dpi)
            t2 = time.perf_counter()
            clean = image.despeckle(image.whiten(straight, rulings.erase), dpi)
            t3 = time.perf_counter()
            cpu0 = _children_cpu()
            lines = engine.recognise(program, image.pgm(clean), dpi)
            t4 = time.perf_counter()
            cpu = _children_cpu() - cpu0
            page = pages.read_page  # the whole reader once more, as extraction runs it
            t5 = time.perf_counter()
            page(program, gray, dpi, number)
            t6 = time.perf_counter()
            rows.append(
                {
                    "page": f"{Path(rel).name} p.{number}",
                    "words": sum(len(line.words) for line in lines),
                    "skew": t1 - t0,
                    "rulings": t2 - t1,
                    "clean": t3 - t2,
                    "tesseract": t4 - t3,
                    "tesseract_cpu": cpu,
                    "page_total": t6 - t5,
                }
            )
    return rows


def accuracy() -> list[dict[str, Any]]:
    """End-to-end extraction of the scanned samples, scored against their golds."""
    import yaml

    from bench.accuracy import load_scorer
    from pstparse.api import extract_bytes

    scorer = load_scorer()
    out: list[dict[str, Any]] = []
    for name, gold, layout in SCANS:
        path = ROOT / "tests" / "fixtures" / "scans" / name
        t0 = time.perf_counter()
        plan = extract_bytes(path.read_bytes(), name=name)
        seconds = time.perf_counter() - t0
        result = scorer.score(
            yaml.safe_load((ROOT / gold).read_text(encoding="utf-8")), plan.model_dump(mode="json")
        )
        out.append(
            {
                "scan": name,
                "layout": layout,
                "pages": plan.document.pages,
                "seconds": seconds,
                **{k: result[k][2] for k in ("os", "oo", "act")},
            }
        )
    return out


def main(argv: list[str]) -> int:
    """Print the Markdown tables for docs/benchmarks.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=6)
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--no-accuracy", action="store_true")
    args = parser.parse_args(argv)
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    rows = time_pages(args.pages, args.dpi)
    columns = ["words", "skew", "rulings", "clean", "Tesseract wall", "Tesseract CPU"]
    print(f"| page ({args.dpi} dpi) | " + " | ".join(columns) + " | reader total |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['page']} | {r['words']} | {r['skew']:.2f} s | {r['rulings']:.2f} s | "
            f"{r['clean']:.2f} s | {r['tesseract']:.2f} s | {r['tesseract_cpu']:.2f} s | "
            f"{r['page_total']:.2f} s |"
        )
    med = {
        k: statistics.median(r[k] for r in rows)
        for k in ("tesseract", "tesseract_cpu", "page_total")
    }
    print(
        f"| **median** | | | | | {med['tesseract']:.2f} s | {med['tesseract_cpu']:.2f} s | "
        f"{med['page_total']:.2f} s |"
    )
    if not args.no_accuracy:
        print("\n| scan | layout | pages | seconds | OS F1 | OO F1 | action F1 |")
        print("|---|---|---:|---:|---:|---:|---:|")
        for r in accuracy():
            print(
                f"| `{r['scan']}` | {r['layout']} | {r['pages']} | {r['seconds']:.1f} | "
                f"{r['os']:.3f} | {r['oo']:.3f} | {r['act']:.3f} |"
            )
    print(f"\nload average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
