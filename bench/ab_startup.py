"""Two source trees of relindex side by side: ``relindex score`` and ``relindex.load()``.

For a change to start-up (the catalogue's load and validation, imports): each run is a
fresh process of one tree's code, the trees alternate (A, B, B, A, ...) so that a burst of
load from other users of the machine falls on both, and the medians of the wall time and
of the CPU time (user + system, from ``os.wait4``: less disturbed by a busy machine than
the wall time) are printed with the ratio B / A. Bytecode is compiled first.

    python bench/ab_startup.py OLD_TREE NEW_TREE [--repeat 21] [--catalogue PATH]

A tree is a checkout (its ``src`` is put first on ``PYTHONPATH``). Both read the same
catalogue (default: the shipped one of NEW_TREE).
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

LOAD = "import sys, relindex\nrelindex.load(sys.argv[1])"


def run(tree: Path, argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one fresh process running `argv` on `tree`'s code."""
    env = {**os.environ, "PYTHONPATH": str(tree / "src"), "PYTHONWARNINGS": "ignore"}
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, *argv], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, cwd=tree)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{tree}: {' '.join(argv)} failed: {proc.stderr.read().decode()}")
    proc.stderr.close()
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old", type=Path)
    ap.add_argument("new", type=Path)
    ap.add_argument("--repeat", type=int, default=21)
    ap.add_argument("--catalogue", type=Path)
    args = ap.parse_args()
    trees = [args.old.resolve(), args.new.resolve()]
    cat = str((args.catalogue or trees[1] / "indicators.toml").resolve())
    for tree in trees:
        compileall.compile_dir(str(tree / "src"), quiet=1)
    stages = {"relindex score": ["-m", "relindex", "score", "-c", cat],
              "import relindex, load": ["-c", LOAD, cat]}
    res: dict[tuple[str, int], list[tuple[float, float]]] = {}
    for i in range(args.repeat):
        for name, argv in stages.items():
            for k in (0, 1) if i % 2 == 0 else (1, 0):
                res.setdefault((name, k), []).append(run(trees[k], argv))
    print(f"medians of {args.repeat} alternating runs; A = {trees[0]}, B = {trees[1]}")
    print(f"  {'':24s} {'wall A':>8s} {'wall B':>8s} {'B/A':>6s} {'cpu A':>8s} {'cpu B':>8s} "
          f"{'B/A':>6s}")
    for name in stages:
        wa, ca = (statistics.median(x) for x in zip(*res[(name, 0)], strict=True))
        wb, cb = (statistics.median(x) for x in zip(*res[(name, 1)], strict=True))
        print(f"  {name:24s} {wa:8.3f} {wb:8.3f} {wb / wa:6.3f} {ca:8.3f} {cb:8.3f} "
              f"{cb / ca:6.3f}")


if __name__ == "__main__":
    main()
