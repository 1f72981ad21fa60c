"""Time scoring as the catalogue grows, against a plain numpy pass as the floor.

For each size (periods x indicators, up to 10,000 x 1,000) it builds a synthetic
tree (indicators in dimensions of 10, two sides), random normalised values with
5% missing, and times:

* ``relindex``: normalisation (goalposts) + tree aggregation + attribution through
  the library's core (``normalise`` then ``evaluate``), best of a few runs;
* ``numpy floor``: one weighted sum over the same array (``x @ w``) plus a clip, the
  least any composite index has to do.

It prints the times and their ratio. No assertions: timings on shared machines
are noisy; read the ratio.

Run: ``python bench/bench_score.py`` (add ``--quick`` for the smaller sizes only).
"""

from __future__ import annotations

import sys
import time

import numpy as np

from relindex._core.aggregate import Tree, evaluate
from relindex._core.normalize import normalise


def build(n_periods: int, n_ind: int, rng: np.random.Generator):
    x = rng.uniform(0, 100, size=(n_periods, n_ind))
    x[rng.random(x.shape) < 0.05] = np.nan
    per = 10
    n_dims = max(2, n_ind // per)
    children, weights = [], []
    for d in range(n_dims):
        kids = np.arange(d * per, min((d + 1) * per, n_ind))
        if len(kids) == 0:
            kids = np.array([n_ind - 1])
        children.append(kids)
        weights.append(rng.uniform(0.5, 2, len(kids)))
    half = n_dims // 2
    children.append(n_ind + np.arange(0, half))
    weights.append(np.ones(half))
    children.append(n_ind + np.arange(half, n_dims))
    weights.append(np.ones(n_dims - half))
    n_nodes = len(children)
    tree = Tree(n_ind, tuple(children), tuple(weights), np.zeros(n_nodes, int),
                np.full(n_nodes, np.nan), n_nodes - 2, n_nodes - 1)
    return x, tree


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    quick = "--quick" in sys.argv
    sizes = [(10, 10), (100, 100), (1_000, 100), (1_000, 1_000)]
    if not quick:
        sizes += [(10_000, 100), (10_000, 1_000)]
    rng = np.random.default_rng(1)
    print(f"{'periods x indicators':>22}  {'relindex':>10}  {'numpy floor':>11}  {'ratio':>7}")
    for n_p, n_i in sizes:
        x, tree = build(n_p, n_i, rng)
        method = np.zeros(n_i, int)
        lo, hi, sign = np.zeros(n_i), np.full(n_i, 100.0), np.ones(n_i)
        w = rng.uniform(size=n_i)
        repeat = 3 if n_p * n_i >= 10**6 else 7

        def lib(x=x, method=method, lo=lo, hi=hi, sign=sign, tree=tree) -> None:
            evaluate(normalise(x, method, lo, hi, sign), tree)

        def floor(x=x, w=w) -> None:
            np.clip(np.nan_to_num(x) / 100.0, 0, 1) @ w

        t_lib, t_np = best(lib, repeat), best(floor, repeat)
        print(f"{n_p:>10,} x {n_i:>9,}  {t_lib * 1e3:>8.2f}ms  {t_np * 1e3:>9.2f}ms  "
              f"{t_lib / t_np:>6.1f}x")


if __name__ == "__main__":
    main()
