#!/usr/bin/env python3
"""Are the golden outputs unchanged since a revision? Compares each golden plan JSON
stored at REV (before the goldens were split) with the JSON rebuilt from today's split
files (``tests/golden/*.plan.yaml`` + ``*.provenance.txt``), byte for byte::

    python scripts/goldens_since.py REV

A reshaping commit must print "N identical, 0 different". Exit 1 when any differs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import golden_files  # noqa: E402  (tests/ is not a package on the path)


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


def main(rev: str) -> int:
    """Print one line per golden that differs, then the counts; 1 when any differs."""
    paths = [
        p
        for p in _git("ls-tree", "--name-only", rev, "tests/golden/").split()
        if p.endswith(".json")
    ]
    different = 0
    for path in paths:
        sample = path.rsplit("/", 1)[1].removesuffix(".json")
        if golden_files.load_json(sample) != _git("show", f"{rev}:{path}"):
            different += 1
            print(f"differs: {sample}")
    same = len(paths) - different
    print(f"{same} identical, {different} different, of {len(paths)} goldens at {rev}")
    return 1 if different else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
