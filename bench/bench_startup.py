"""Time ``relindex score`` start to finish against importing numpy and pydantic.

``relindex score`` must not import scipy or pandas, so its wall time should stay near the
floor of starting Python and importing its two core dependencies. Prints both (best of N
runs, each a fresh process) and their ratio; also the time of importing scipy.stats, for
scale. No assertions.

Run: ``python bench/bench_startup.py``.
"""

from __future__ import annotations

import subprocess
import sys
import time


def best(cmd: list[str], n: int = 7) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    floor = best([sys.executable, "-c", "import numpy, pydantic"])
    score = best([sys.executable, "-m", "relindex", "score"])
    scipy = best([sys.executable, "-c", "import scipy.stats"])
    print(f"python -c 'import numpy, pydantic': {floor:.3f} s")
    print(f"relindex score (shipped dataset):   {score:.3f} s  ({score / floor:.2f}x the floor)")
    print(f"python -c 'import scipy.stats':     {scipy:.3f} s  (what score avoids)")


if __name__ == "__main__":
    main()
