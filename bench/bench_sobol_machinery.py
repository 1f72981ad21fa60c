"""Benchmark baselines for the generic Sobol' machinery (relindex._core.sobol).

For each model, at the same base sample size N and number of bootstrap
resamples, it times:

* relindex: ``sobol_indices`` (design, vectorised model runs, estimator, bootstrap);
* SALib: ``SALib.sample.sobol.sample`` + ``SALib.analyze.sobol.analyze``
  (``calc_second_order=False``), vectorised model in between;
* a per-sample Python loop calling the scalar model on each of the N(d + 2)
  design rows (model runs only: no estimator, no bootstrap);

and prints each as a ratio against relindex's time. Best of ``--repeat`` runs,
after one warm-up run (imports excluded). No assertions: these are baselines.

Run from the repository root::

    PYTHONPATH=src python bench/bench_sobol_machinery.py

A later step adds the real relindex index model to ``MODELS``.
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np

from relindex._core.inputs import Uniform
from relindex._core.sobol import _sample_A_B, sobol_indices


@dataclass(frozen=True)
class Case:
    name: str
    inputs: list[Uniform]
    vectorised: Callable[[np.ndarray], np.ndarray]  # x (d, n) -> (n,)
    scalar: Callable[[list[float]], float]  # one row -> one value


def ishigami_case() -> Case:
    def vec(x: np.ndarray) -> np.ndarray:
        return np.sin(x[0]) + 7.0 * np.sin(x[1]) ** 2 + 0.1 * x[2] ** 4 * np.sin(x[0])

    def scalar(row: list[float]) -> float:
        return math.sin(row[0]) + 7.0 * math.sin(row[1]) ** 2 + 0.1 * row[2] ** 4 * math.sin(row[0])

    inputs = [Uniform(f"x{i}", -math.pi, math.pi) for i in (1, 2, 3)]
    return Case("Ishigami (d=3)", inputs, vec, scalar)


def linear_case(d: int = 30) -> Case:
    w = np.linspace(1.0, 3.0, d)
    w_list = w.tolist()

    def vec(x: np.ndarray) -> np.ndarray:
        return w @ x

    def scalar(row: list[float]) -> float:
        return sum(wi * xi for wi, xi in zip(w_list, row, strict=True))

    inputs = [Uniform(f"x{i}", 0.0, 1.0) for i in range(d)]
    return Case(f"linear (d={d})", inputs, vec, scalar)


MODELS: list[Callable[[], Case]] = [ishigami_case, linear_case]


def best_of(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm-up: imports, caches
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def run_relindex(case: Case, n: int, n_resamples: int) -> None:
    sobol_indices(case.vectorised, case.inputs, n, seed=0, n_resamples=n_resamples)


def run_salib(case: Case, n: int, n_resamples: int) -> None:
    from SALib.analyze import sobol as salib_analyze
    from SALib.sample import sobol as salib_sample

    problem = {
        "num_vars": len(case.inputs),
        "names": [inp.name for inp in case.inputs],
        "bounds": [[inp.low, inp.high] for inp in case.inputs],
    }
    x = salib_sample.sample(problem, n, calc_second_order=False, seed=0)
    y = case.vectorised(x.T)
    salib_analyze.analyze(problem, y, calc_second_order=False, num_resamples=n_resamples, seed=0)


def run_loop(case: Case, rows: list[list[float]]) -> None:
    out = [0.0] * len(rows)
    for k, row in enumerate(rows):
        out[k] = case.scalar(row)


def design_rows(case: Case, n: int) -> list[list[float]]:
    """The N(d + 2) rows relindex evaluates, as Python lists, for the loop baseline."""
    a_b = _sample_A_B(case.inputs, n, np.random.default_rng(0))
    a, b = a_b[0], a_b[1]
    blocks = [a, b]
    for i in range(a.shape[0]):
        ab = a.copy()
        ab[i] = b[i]
        blocks.append(ab)
    return np.concatenate(blocks, axis=1).T.tolist()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2**12, help="base sample size N (power of 2)")
    parser.add_argument("--n-resamples", type=int, default=999, help="bootstrap resamples")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best is kept")
    args = parser.parse_args()

    try:
        import SALib  # noqa: F401

        have_salib = True
    except ImportError:
        have_salib = False
        print("SALib is not installed (pip install SALib): its column is skipped.")

    print(f"N = {args.n}, bootstrap resamples = {args.n_resamples}, best of {args.repeat}")
    for make in MODELS:
        bench_case(make(), args.n, args.n_resamples, args.repeat, have_salib)


def bench_case(case: Case, n: int, n_resamples: int, repeat: int, have_salib: bool) -> None:
    runs = n * (len(case.inputs) + 2)
    t_ours = best_of(partial(run_relindex, case, n, n_resamples), repeat)
    print(f"\n{case.name}: {runs} model runs")
    print(f"  relindex sobol_indices         {t_ours * 1e3:9.1f} ms")
    if have_salib:
        t_salib = best_of(partial(run_salib, case, n, n_resamples), repeat)
        print(
            f"  SALib sample+analyze           {t_salib * 1e3:9.1f} ms"
            f"   SALib / relindex = {t_salib / t_ours:.1f}x"
        )
    t_loop = best_of(partial(run_loop, case, design_rows(case, n)), 1)
    print(
        f"  per-sample Python loop (runs)  {t_loop * 1e3:9.1f} ms"
        f"   loop / relindex = {t_loop / t_ours:.1f}x"
    )
    t_plain = best_of(partial(run_relindex, case, n, 0), repeat)
    print(
        f"  relindex, no bootstrap         {t_plain * 1e3:9.1f} ms"
        f"   loop / relindex(no bootstrap) = {t_loop / t_plain:.1f}x"
    )


if __name__ == "__main__":
    main()
