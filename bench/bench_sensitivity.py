"""Uncertainty and sensitivity at N = 1024: ``relindex.sensitivity.analyse`` against SALib.

The user's path: the shipped catalogue's model in, the `SensitivityResult` out
(``analyse(model, samples=1024, n_resamples=200)``: Monte Carlo bands for every period and
grouped Sobol' indices with bootstrap intervals). The peer is SALib doing the same grouped
analysis: the same inputs (their ``ppf`` applied to SALib's unit-cube design), the same
groups (``problem["groups"]``), the same model (relindex's runner of the headline net
index, built as ``analyse`` builds it), the same N and bootstrap resamples:

* relindex: ``analyse(model, samples=N, seed=1, n_resamples=200)`` (which also runs the N
  samples of the uncertainty bands, with attribution);
* relindex Sobol' only: ``_core.sobol.sobol_indices`` on the same evaluator and groups
  (the evaluator also evaluates the design's blocks itself: a block that changes only
  weights or aggregation choices reuses A's earlier stages, ``SobolTarget.sobol_blocks``;
  SALib calls it as a plain function of every design column);
* SALib: ``SALib.sample.sobol.sample`` + the model + ``SALib.analyze.sobol.analyze``, both
  with ``groups`` and ``calc_second_order=False``.

Every stage gives the same outputs: the first-order and total indices of each group with
their 95% intervals from the bootstrap resamples (SALib's are normal intervals, relindex's
percentile ones); the largest difference between relindex's and each peer's indices is
printed beside the widest interval, to show the analyses agree up to their draws.

Each run is a fresh process; the model is built and the imports done (scipy.stats, which
relindex imports on its first analysis and SALib on import) before the clock starts; the
import of scipy.stats alone is timed as a whole process for scale. The number of groups is
checked equal. No assertions on time.

    python bench/bench_sensitivity.py [--quick] [--samples 1024] [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import Stage, alternate, child_cmd, compile_bytecode, emit, have, report

RESAMPLES = 200


def _evaluator(model: Any) -> tuple[Any, list[Any]]:
    """relindex's vectorised headline model (as ``analyse`` builds it) and its inputs."""
    from dataclasses import replace

    import numpy as np

    import relindex
    import relindex.sensitivity as rs

    opts = rs.uncertainty_options(model, None)
    design, notes = rs.build_design(model, opts)
    target = rs._Target.of(model, relindex.score(model), None)
    tree = replace(model.tree, floor=np.where(np.isnan(model.tree.floor), opts.geometric_floor,
                                              model.tree.floor))
    runner = rs.Runner(model, design, tree, target.h, target.e,
                       nominal_ranks=target.nominal_ranks if target.many else None)
    runner.design = rs._keep_headline(runner, notes)
    return runner.target, runner.design.inputs


def _model() -> Any:
    import scipy.stats  # noqa: F401  (imports are excluded for every stage, as SALib's are)

    import relindex

    return relindex.build_model(relindex.load())


def stage_relindex(n: int) -> None:
    from relindex.sensitivity import analyse

    model = _model()
    t = time.perf_counter()
    res = analyse(model, samples=n, seed=1, n_resamples=RESAMPLES)
    dt = time.perf_counter() - t
    emit(dt, len(res.sobol), evaluations=res.n_evaluations,
         indices={r["input"]: [r["first_order"], r["total_order"], *r["first_order_ci"],
                               *r["total_order_ci"]] for r in res.sobol})


def stage_sobol(n: int) -> None:
    from relindex._core.sobol import sobol_indices

    ev, inputs = _evaluator(_model())
    t = time.perf_counter()
    res = sobol_indices(ev, inputs, n, seed=1, n_resamples=RESAMPLES,
                        groups=[i.group or i.name for i in inputs])
    dt = time.perf_counter() - t
    emit(dt, len(res.first_order),
         indices={g: [float(a), float(b), *map(float, ca), *map(float, cb)]
                  for g, a, b, ca, cb in zip(res.names, res.first_order, res.total_order,
                                             res.first_order_ci, res.total_order_ci,
                                             strict=True)})


def stage_salib(n: int) -> None:
    import numpy as np
    from SALib.analyze import sobol as salib_analyze
    from SALib.sample import sobol as salib_sample

    ev, inputs = _evaluator(_model())
    groups = [i.group or i.name for i in inputs]
    problem = {"num_vars": len(inputs), "names": [i.name for i in inputs],
               "bounds": [[0.0, 1.0]] * len(inputs), "groups": groups}
    t = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        u = salib_sample.sample(problem, n, calc_second_order=False, seed=1)
        x = np.stack([inp.ppf(u[:, j]) for j, inp in enumerate(inputs)])
        y = np.concatenate([ev(x[:, i:i + 8192])
                            for i in range(0, x.shape[1], 8192)])
        res = salib_analyze.analyze(problem, y, calc_second_order=False,
                                    num_resamples=RESAMPLES, seed=1)
    dt = time.perf_counter() - t
    names = list(dict.fromkeys(groups))  # SALib's order of the groups
    # SALib gives each index and the half-width of its normal 95% interval
    emit(dt, len(res["S1"]),
         indices={g: [float(res["S1"][k]), float(res["ST"][k]),
                      float(res["S1"][k] - res["S1_conf"][k]),
                      float(res["S1"][k] + res["S1_conf"][k]),
                      float(res["ST"][k] - res["ST_conf"][k]),
                      float(res["ST"][k] + res["ST_conf"][k])]
                  for k, g in enumerate(names)})


STAGES = {"relindex": stage_relindex, "relindex Sobol' only": stage_sobol,
          "SALib": stage_salib}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", type=int, default=1024)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="N = 256, 3 runs")
    ap.add_argument("--stage", choices=tuple(STAGES), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.stage:
        STAGES[args.stage](args.samples)
        return
    n, repeat = (256, 3) if args.quick else (args.samples, args.repeat)
    compile_bytecode()
    names = [s for s in STAGES if s != "SALib" or have("SALib")]
    if "SALib" not in names:
        print("SALib is not installed (pip install 'relindex[bench]'): skipped")
    stages = [Stage(s, child_cmd("bench_sensitivity.py", "--stage", s, "--samples", str(n)))
              for s in names]
    scipy = Stage("python -c 'import scipy.stats'",
                  [sys.executable, "-c", "import scipy.stats"], whole=True)
    alternate([*stages, scipy], repeat, log=lambda s: print(s, file=sys.stderr, flush=True))
    report(f"uncertainty and grouped Sobol' indices, N = {n}, {stages[0].check} groups, "
           f"{RESAMPLES} bootstrap resamples", stages)
    print(f"  (not in the times above: python -c 'import scipy.stats' takes {scipy.time:.2f} s)")
    _agreement(stages)


def _agreement(stages: list[Stage]) -> None:
    """How far each peer's indices lie from relindex's: the same analysis, other draws."""
    got = {s.name: s.runs[-1].out.get("indices") for s in stages if s.runs}
    ref = got.get("relindex")
    if not ref:
        return
    for name, idx in got.items():
        if name == "relindex" or not idx or set(idx) != set(ref):
            continue
        d1 = max(abs(ref[g][0] - idx[g][0]) for g in ref if None not in (ref[g][0], idx[g][0]))
        dt = max(abs(ref[g][1] - idx[g][1]) for g in ref if None not in (ref[g][1], idx[g][1]))
        wide = max(ref[g][5] - ref[g][4] for g in ref if None not in ref[g][4:6])
        print(f"  {name} vs relindex, same {len(ref)} groups: largest difference in first order "
              f"{d1:.3f}, in total order {dt:.3f} (widest total-order 95% interval {wide:.3f})")


if __name__ == "__main__":
    main()
