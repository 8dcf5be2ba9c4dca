#!/usr/bin/env python3
"""Accuracy of pstparse and of the generic baselines on the layout matrix (and the repros).

Every document of ``bench/matrix/manifest.json`` is read by pstparse
(``pstparse.api.extract_path``) and by each generic baseline of ``../shared/baselines/`` that
supports its extension; each output is scored against the document's gold with
``../shared/eval/score.py`` (the pruned, same-scores version of ``bench/accuracy.py``). The
small reproductions in ``../shared/repros/`` are scored the same way.

The baselines are the yardstick of issue #11: one-hour scripts on top of a generic extractor
(python-docx cells, pdfplumber ``extract_tables()``, tab splitting). On every layout pstparse
must score at least as well as the best of them, and at least 0.98 action F1.

Usage::

    PYTHONPATH=src python bench/matrix_accuracy.py            # writes docs/accuracy.md
    PYTHONPATH=src python bench/matrix_accuracy.py --no-write # prints the tables only
    PYTHONPATH=src python bench/matrix_accuracy.py --only merged --only tsv

``--json FILE`` also writes every figure as JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import platform
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.accuracy import DEFAULT_SCORER, load_scorer  # noqa: E402

SHARED = ROOT.parent / "shared"
BASELINES_DIR = SHARED / "baselines"
BASELINE_NAMES = ("bl_pythondocx_raw", "bl_pdfplumber_tables", "bl_txt_naive")
REPROS = SHARED / "repros"
MATRIX = ROOT / "bench" / "matrix"
MANIFEST = MATRIX / "manifest.json"
REPORT = ROOT / "docs" / "accuracy.md"
COMMAND = "PYTHONPATH=src python bench/matrix_accuracy.py"

# Issue #11's targets: every layout at or above this action F1, and never below the best
# generic baseline on the same documents.
TARGET_F1 = 0.98
# A document that takes longer than this is a hang, not a slow read: score it as a failure.
TIMEOUT_S = 120

Extractor = Callable[[Path], dict[str, Any]]


@dataclass
class Score:
    """One tool on one document: F1 per level, or the error that stopped it."""

    os: float = 0.0
    oo: float = 0.0
    act: float = 0.0
    n_pred: tuple[int, int, int] = (0, 0, 0)
    seconds: float = 0.0
    error: str | None = None


@dataclass
class Result:
    """pstparse and every applicable baseline on one document."""

    file: str
    layout: str
    labels: str
    rendering: str
    n_gold: tuple[int, int, int]
    pstparse: Score
    baselines: dict[str, Score] = field(default_factory=dict)

    @property
    def best_baseline(self) -> tuple[str | None, float]:
        """The baseline with the highest action F1 (None when none applies)."""
        if not self.baselines:
            return None, 0.0
        name = max(sorted(self.baselines), key=lambda n: self.baselines[n].act)
        return name, self.baselines[name].act


# ------------------------------------------------------------------------------ tools


def load_baselines(directory: Path = BASELINES_DIR) -> dict[str, ModuleType]:
    """Import the shared baseline adapters as libraries (``extract(path)``, ``SUPPORTS``)."""
    if str(directory) not in sys.path:
        # The adapters import their shared mapping as a top-level module (``pstmap``).
        sys.path.insert(0, str(directory))
    return {name: importlib.import_module(name) for name in BASELINE_NAMES}


def pstparse_extract(path: Path) -> dict[str, Any]:
    """pstparse's plan for ``path`` as the JSON the command line writes."""
    from pstparse.api import extract_path

    return extract_path(path).model_dump(mode="json")


class _DocumentTimeoutError(Exception):
    pass


@contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def on_alarm(_signum: int, _frame: FrameType | None) -> None:
        raise _DocumentTimeoutError(f"no answer after {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run_tool(extract: Extractor, path: Path, gold: dict[str, Any], scorer: ModuleType) -> Score:
    """Run one tool on one document and score it; any exception scores 0 with its message."""
    start = time.perf_counter()
    try:
        with _time_limit(TIMEOUT_S):
            pred = extract(path)
    except Exception as exc:  # a crashing tool scores 0 on that document: that is the point
        message = f"{type(exc).__name__}: {exc}".splitlines()[0][:160]
        return Score(seconds=time.perf_counter() - start, error=message)
    seconds = time.perf_counter() - start
    res = scorer.score(gold, pred)
    return Score(
        os=res["os"][2],
        oo=res["oo"][2],
        act=res["act"][2],
        n_pred=tuple(res["n"][3:]),
        seconds=seconds,
    )


def score_document(
    path: Path,
    gold_path: Path,
    meta: dict[str, str],
    scorer: ModuleType,
    baselines: dict[str, ModuleType],
) -> Result:
    """pstparse and the applicable baselines on one document, against its gold."""
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    n = scorer.score(gold, gold)["n"]
    result = Result(
        file=path.name,
        layout=meta["layout"],
        labels=meta["labels"],
        rendering=meta["rendering"],
        n_gold=tuple(n[:3]),
        pstparse=run_tool(pstparse_extract, path, gold, scorer),
    )
    for name, module in baselines.items():
        if path.suffix.lower() in module.SUPPORTS:
            result.baselines[name] = run_tool(module.extract, path, gold, scorer)
    return result


def matrix_entries(manifest: Path = MANIFEST) -> list[dict[str, Any]]:
    """The manifest's entries (file and gold paths relative to the manifest's folder)."""
    entries: list[dict[str, Any]] = json.loads(manifest.read_text(encoding="utf-8"))
    return entries


def repro_entries(repros: Path = REPROS) -> list[tuple[Path, Path]]:
    """(document, gold) pairs of ``../shared/repros`` (paired by stem)."""
    pairs = []
    for doc in sorted((repros / "docs").iterdir()):
        gold = repros / "gold" / f"{doc.stem}.yaml"
        if gold.is_file():
            pairs.append((doc, gold))
    return pairs


# ------------------------------------------------------------------------------ report


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def _f(x: float) -> str:
    return f"{x:.3f}" if x == x else "–"


def verdict(rs: list[Result]) -> str:
    """Issue #11's test for a group of documents: "ok" when the mean action F1 reaches
    :data:`TARGET_F1` and no document reads below its best baseline."""
    below = [r for r in rs if r.baselines and r.pstparse.act < r.best_baseline[1]]
    if below:
        return f"below baseline on {len(below)}"
    return "ok" if _mean([r.pstparse.act for r in rs]) >= TARGET_F1 else f"< {TARGET_F1}"


def _best(r: Result) -> Score | None:
    name = r.best_baseline[0]
    return r.baselines[name] if name else None


def _group_table(results: list[Result], key: str, title: str) -> list[str]:
    groups: dict[str, list[Result]] = {}
    for r in results:
        groups.setdefault(getattr(r, key), []).append(r)
    lines = [
        f"| {title} | docs | OS F1 | OO F1 | action F1 | baseline OS | baseline OO "
        "| baseline action | verdict |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name in sorted(groups):
        rs = groups[name]
        best = [b for b in map(_best, rs) if b is not None]
        lines.append(
            f"| {name} | {len(rs)} | {_f(_mean([r.pstparse.os for r in rs]))} "
            f"| {_f(_mean([r.pstparse.oo for r in rs]))} "
            f"| **{_f(_mean([r.pstparse.act for r in rs]))}** "
            f"| {_f(_mean([b.os for b in best]))} | {_f(_mean([b.oo for b in best]))} "
            f"| {_f(_mean([b.act for b in best]))} | {verdict(rs)} |"
        )
    return lines


def _pivot(results: list[Result]) -> list[str]:
    """Layout × label style: pstparse's action F1 (best baseline's in brackets)."""
    styles = sorted({r.labels for r in results})
    cells: dict[tuple[str, str], list[str]] = {}
    for r in results:
        base = f" ({r.best_baseline[1]:.2f})" if r.baselines else ""
        cells.setdefault((r.layout, r.labels), []).append(f"{r.pstparse.act:.2f}{base}")
    lines = [
        "| layout | " + " | ".join(styles) + " |",
        "|---|" + "---:|" * len(styles),
    ]
    for layout in sorted({r.layout for r in results}):
        row = [", ".join(cells.get((layout, st), [])) or "" for st in styles]
        lines.append(f"| {layout} | " + " | ".join(row) + " |")
    return lines


def _doc_table(results: list[Result]) -> list[str]:
    lines = [
        "| document | rendering | OS | OO | action | gold (OS/OO/act) | pstparse found | "
        "best baseline | its action F1 |",
        "|---|---|---:|---:|---:|---|---|---|---:|",
    ]
    for r in results:
        p = r.pstparse
        found = "error: " + p.error if p.error else "/".join(map(str, p.n_pred))
        name, base = r.best_baseline
        lines.append(
            f"| {r.file} | {r.rendering} | {_f(p.os)} | {_f(p.oo)} | {_f(p.act)} "
            f"| {'/'.join(map(str, r.n_gold))} | {found} | {name or '–'} "
            f"| {_f(base) if name else '–'} |"
        )
    return lines


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}"
    )


def _revision() -> str:
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "src"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return rev + (" (src/ modified)" if dirty else "")


def render_report(results: list[Result], repros: list[Result], seconds: float) -> str:
    """docs/accuracy.md: summary, per layout, per label style, per rendering, per document."""
    act = _mean([r.pstparse.act for r in results])
    layouts: dict[str, list[Result]] = {}
    for r in results:
        layouts.setdefault(r.layout, []).append(r)
    ok_layouts = sum(1 for rs in layouts.values() if verdict(rs) == "ok")
    below = sum(1 for r in results if r.baselines and r.pstparse.act < r.best_baseline[1])
    perfect = sum(1 for r in repros if min(r.pstparse.os, r.pstparse.oo, r.pstparse.act) == 1)
    base_mean = _mean([r.best_baseline[1] for r in results if r.baselines])
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    out = [
        "# Accuracy on the layout matrix",
        "",
        "<!-- Generated by bench/matrix_accuracy.py: edit the script, not this file. -->",
        "",
        "Six invented plans laid out in the ways communes lay out a PST, with every label "
        "style, rendered as DOCX, LibreOffice PDF, reportlab PDF and TXT "
        "(`bench/matrix/`, see its README), scored with `../shared/eval/score.py`. "
        "F1 is the scorer's tree F1: an item counts only under the right parent. "
        "The baselines are the one-hour scripts of `../shared/baselines/` "
        "(python-docx cells, pdfplumber `extract_tables()`, tab splitting); "
        '"best baseline" is the best of those that read the document\'s format.',
        "",
        f"- Command: `{COMMAND}` ({seconds:.0f} s)",
        f"- Date: {now}; pstparse revision {_revision()}",
        f"- Machine: {_machine()}",
        f"- Targets (issue #11): every layout ≥ {TARGET_F1} action F1 and never below the "
        "best baseline; mean ≥ 0.99.",
        "",
        "## Summary",
        "",
        f"- **Mean action F1 over {len(results)} documents: {act:.3f}** "
        f"(OS {_mean([r.pstparse.os for r in results]):.3f}, "
        f"OO {_mean([r.pstparse.oo for r in results]):.3f}); best baseline, where one applies: "
        f"{base_mean:.3f}.",
        f"- Layouts meeting both targets: {ok_layouts} of {len(layouts)}; documents where "
        f"pstparse reads worse than the best baseline: {below}.",
        f"- Repros (`../shared/repros/`, target 1.000 at every level): mean OS "
        f"{_mean([r.pstparse.os for r in repros]):.3f}, OO "
        f"{_mean([r.pstparse.oo for r in repros]):.3f}, action "
        f"{_mean([r.pstparse.act for r in repros]):.3f}; {perfect} of {len(repros)} "
        "documents at 1.000 on all three.",
        "",
        "## Per layout",
        "",
        *_group_table(results, "layout", "layout"),
        "",
        "## Layout × label style",
        "",
        "pstparse's action F1 per document, the best baseline's in brackets "
        "(several values: several renderings).",
        "",
        *_pivot(results),
        "",
        "## Per label style",
        "",
        *_group_table(results, "labels", "labels"),
        "",
        "## Per rendering",
        "",
        *_group_table(results, "rendering", "rendering"),
        "",
        "## Per document",
        "",
        *_doc_table(results),
        "",
        "## Repros (`../shared/repros/`)",
        "",
        *_doc_table(repros),
        "",
    ]
    return "\n".join(out)


# -------------------------------------------------------------------------------- main


def run(only: list[str] | None = None) -> tuple[list[Result], list[Result]]:
    """Score the matrix (optionally only layouts in ``only``) and the repros."""
    scorer = load_scorer(DEFAULT_SCORER, fast=True)
    baselines = load_baselines()
    results: list[Result] = []
    for entry in matrix_entries():
        if only and entry["layout"] not in only:
            continue
        results.append(
            score_document(MATRIX / entry["file"], MATRIX / entry["gold"], entry, scorer, baselines)
        )
        r = results[-1]
        print(
            f"{r.file:55} pstparse {r.pstparse.act:.3f}  best baseline "
            f"{r.best_baseline[0] or '-'} {r.best_baseline[1]:.3f}"
            + (f"  [{r.pstparse.error}]" if r.pstparse.error else ""),
            file=sys.stderr,
        )
    repros: list[Result] = []
    if not only:
        for doc, gold in repro_entries():
            meta = {"layout": doc.stem, "labels": "-", "rendering": doc.suffix[1:]}
            repros.append(score_document(doc, gold, meta, scorer, baselines))
    return results, repros


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    ap = argparse.ArgumentParser(description="Score pstparse and the baselines on the matrix.")
    ap.add_argument("--only", action="append", metavar="LAYOUT", help="only these layouts")
    ap.add_argument("--no-write", action="store_true", help="print, do not write the report")
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write every figure as JSON")
    args = ap.parse_args(argv)
    start = time.perf_counter()
    results, repros = run(args.only)
    report = render_report(results, repros, time.perf_counter() - start)
    if args.json:
        data = {"matrix": [asdict(r) for r in results], "repros": [asdict(r) for r in repros]}
        args.json.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    if args.no_write or args.only:
        print(report)
    else:
        REPORT.write_text(report, encoding="utf-8")
        print(f"wrote {REPORT.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
