"""Structure accuracy with the project's scorer, ``../shared/eval/score.py``, made affordable.

``score.py`` compares every gold title with every predicted one through
``SequenceMatcher.ratio()``: about 36 s for a 289-action plan. Only pairs at or above its
threshold (0.90) matter to it, so :func:`load_scorer` hands it a ``sim`` that first checks
difflib's own cheap upper bounds (``real_quick_ratio`` ≥ ``quick_ratio`` ≥ ``ratio``) and
returns 0.0 when even the bound is below the threshold. Every ratio that can reach the
threshold is computed exactly as before, so the scores are the same, only faster
(``tests/test_bench_smoke.py`` checks this on a real plan).
"""

from __future__ import annotations

import importlib.util
from difflib import SequenceMatcher
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SCORER = ROOT.parent / "shared" / "eval" / "score.py"


def load_scorer(path: Path = DEFAULT_SCORER, *, fast: bool = True) -> ModuleType:
    """Import ``score.py`` from ``path`` (a fresh module each call), pruned if ``fast``."""
    spec = importlib.util.spec_from_file_location(f"pstparse_bench_score_{int(fast)}", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if fast:
        threshold = float(module.THRESH)

        # One matcher per second string: difflib caches its index of ``b`` (b2j and the
        # character counts behind quick_ratio), and score.py calls sim(gold, pred) for
        # every gold item against the same predicted titles.
        matchers: dict[str, SequenceMatcher[str]] = {}

        def sim(a: str, b: str) -> float:
            if a == b:
                return 1.0
            if not a or not b:
                return 0.0
            matcher = matchers.get(b)
            if matcher is None:
                matcher = matchers[b] = SequenceMatcher(None, "", b, autojunk=False)
            matcher.set_seq1(a)
            if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
                return 0.0
            return matcher.ratio()

        module.sim = sim
    return module


def triples(scorer: ModuleType, gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, Any]:
    """(OS, OO, action) triples right out of the gold, plus the scorer's raw figures.

    ``right`` counts predicted actions whose title, OO and OS all match the gold's
    (score.py's "act" true positives); ``predicted`` is how many actions the tool output.
    """
    result = scorer.score(gold, pred)
    n_gold, n_pred = result["n"][2], result["n"][5]
    precision, recall, f1 = result["act"]
    return {
        "right": round(recall * n_gold),
        "gold": n_gold,
        "predicted": n_pred,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "os_f1": result["os"][2],
        "oo_f1": result["oo"][2],
    }
