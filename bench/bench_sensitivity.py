"""Time the full uncertainty and sensitivity analysis of the shipped catalogue.

Prints, in one run on one machine:

* ``relindex``: ``relindex.sensitivity.analyse`` with 2^12 base samples (Monte Carlo
  bands for every period + grouped Sobol' indices with bootstrap intervals);
* ``per-sample loop``: the same model evaluated one sample at a time (a Python loop
  calling the scorer's evaluator on each column) over the same design, without the
  estimators: the floor a non-vectorised implementation could reach;
* ``SALib``: ``SALib.sample.sobol`` + ``SALib.analyze.sobol`` on the same vectorised
  model with the same N (ungrouped inputs, so SALib runs N(2d + 2) or N(d + 2) models).

and the ratios against relindex. No assertions: read the ratios.

Run: ``python bench/bench_sensitivity.py [--samples 4096]``.
"""

from __future__ import annotations

import argparse
import time
import warnings
from dataclasses import replace

import numpy as np

import relindex
from relindex.sensitivity import _Evaluator, _layout, analyse


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=4096)
    ap.add_argument("--catalogue", default=None)
    args = ap.parse_args()
    n = args.samples
    model = relindex.build_model(relindex.load(args.catalogue))
    spec = model.dataset.catalogue.uncertainty

    analyse(model, samples=64, seed=1, n_resamples=10)  # warm up: imports, caches
    t = time.perf_counter()
    res = analyse(model, samples=n, seed=1, n_resamples=200)
    t_lib = time.perf_counter() - t
    runs = res.n_evaluations
    print(f"relindex analyse: N = {n}, {len(res.inputs)} inputs in {len(res.sobol)} groups, "
          f"{runs:,} model runs: {t_lib:.2f} s")

    lay, _ = _layout(model, weight_range=spec.weight_range,
                     vary_aggregation=spec.vary_aggregation,
                     vary_normalisation=spec.vary_normalisation,
                     include_low_grade=spec.include_low_grade_probability,
                     vary_evidence=spec.vary_evidence)
    tree = replace(model.tree, floor=np.where(np.isnan(model.tree.floor), spec.geometric_floor,
                                              model.tree.floor))
    h = model.periods.index(res.headline_period)
    ev = _Evaluator(model, lay, tree, h)
    rng = np.random.default_rng(0)
    d = len(lay.inputs)
    m = min(runs, 2000)
    x = np.stack([inp.ppf(rng.random(m)) for inp in lay.inputs])
    t = time.perf_counter()
    for i in range(m):
        ev.headline_net(x[:, i:i + 1])
    t_loop = (time.perf_counter() - t) * runs / m
    print(f"per-sample loop over the same {runs:,} runs (timed on {m}, scaled): {t_loop:.2f} s"
          f"  -> relindex is {t_loop / t_lib:.0f}x faster")

    try:
        from SALib.analyze import sobol as salib_analyze
        from SALib.sample import sobol as salib_sample
    except ImportError:
        print("SALib not installed: pip install SALib")
        return
    problem = {"num_vars": d, "names": [i.name for i in lay.inputs],
               "bounds": [[0.0, 1.0]] * d}
    t = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        u = salib_sample.sample(problem, n, calc_second_order=False, seed=1)
        xs = np.stack([inp.ppf(u[:, j]) for j, inp in enumerate(lay.inputs)])
        y = np.concatenate([ev.headline_net(xs[:, i:i + 8192])
                            for i in range(0, xs.shape[1], 8192)])
        salib_analyze.analyze(problem, y, calc_second_order=False, num_resamples=200, seed=1)
    t_salib = time.perf_counter() - t
    print(f"SALib sample + analyze ({d} ungrouped inputs, {len(y):,} runs): {t_salib:.2f} s"
          f"  -> ratio SALib / relindex = {t_salib / t_lib:.1f}x")


if __name__ == "__main__":
    main()
