#!/usr/bin/env python3
"""Start-up cost of the ``pstparse`` command, in CPU time, next to a bare python-docx script.

Wall-clock figures move with whatever else the machine runs; the CPU time a process
spends (user + system, from the kernel's ``wait4``) moves much less. Each command runs
``--runs`` times in a fresh process, in turns, and the medians are printed::

    python bench/startup.py [--runs 7] [--docx bench/corpus/small.docx]

The commands: ``python -c pass`` (the interpreter alone), ``pstparse --version``,
``pstparse --help``, ``pstparse extract DOCX --format json`` and ``bench/tools.py
python-docx DOCX`` (a script that imports python-docx and reads the tables: what a user
would write instead). The last line is the ratio of the last two, whole process, in CPU
time and in wall time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DOCX = ROOT / "bench" / "corpus" / "small.docx"


# A user's installed pstparse has its bytecode cached; PYTHONDONTWRITEBYTECODE (set in
# some shells and CI) would make every run compile every module again and measure that.
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _run(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one run of ``cmd``."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, env=_ENV
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read() if proc.stderr else b""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {err.decode(errors='replace')[-300:]}")
    return wall, usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    """Print the median wall and CPU time of each command."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--docx", type=Path, default=DEFAULT_DOCX)
    args = parser.parse_args(argv)
    py = sys.executable
    commands = {
        "python -c pass": [py, "-c", "pass"],
        "pstparse --version": [py, "-m", "pstparse", "--version"],
        "pstparse --help": [py, "-m", "pstparse", "--help"],
        "pstparse extract DOCX": [py, "-m", "pstparse", "extract", str(args.docx), "-f", "json"],
        "python-docx script": [py, str(ROOT / "bench" / "tools.py"), "python-docx", str(args.docx)],
    }
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for cmd in commands.values():
        _run(cmd)  # untimed: warms the page cache and the bytecode cache
    for _ in range(args.runs):
        for name, cmd in commands.items():
            wall, cpu = _run(cmd)
            walls[name].append(wall)
            cpus[name].append(cpu)
    print(f"{args.runs} runs each, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for name in commands:
        print(
            f"{name:24} CPU {statistics.median(cpus[name]) * 1000:6.0f} ms"
            f"  wall {statistics.median(walls[name]) * 1000:6.0f} ms"
        )
    mine, bare = "pstparse extract DOCX", "python-docx script"
    print(
        f"{args.docx.name}: pstparse / python-docx script, whole process: CPU "
        f"{statistics.median(cpus[mine]) / statistics.median(cpus[bare]):.2f}x, wall "
        f"{statistics.median(walls[mine]) / statistics.median(walls[bare]):.2f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
