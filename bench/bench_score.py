"""Model → scores: ``relindex.score(model)`` on 10M cells, against the same arithmetic in numpy.

The user's path: a `relindex.Model` already built (``relindex.build_model(dataset)``, e.g.
kept to score variants of a catalogue) in, the `relindex.Result` out. The model is the
catalogue of ``bench_table.py`` (4 dimensions of 5 goalpost indicators, 10 periods) with
50,000 entities: 10M cells, 5% of them missing. It is built once, pickled, and each timed
process unpickles it (untimed) and times:

* relindex: ``relindex.score(model)`` (normalisation, the tree, attribution, the table of
  every entity and period with ranks and flags);
* relindex core: ``model.evaluate()`` (normalisation and the tree with attribution) and
  the lean path ``_core.aggregate.evaluate_values`` (normalisation and the tree, values
  only);
* numpy: the same arithmetic on the raw array: goalposts, weighted means over the present
  indicators of each dimension and their coverage, the sides, the net index, and each
  dimension's contribution.

Prints medians of alternating fresh processes and peak memory (the relindex processes
also hold the dataset the model was built from); the sums of the net index are compared.

    python bench/bench_score.py [--quick] [--cells 10000000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import Stage, alternate, child_cmd, compile_bytecode, emit, report, run_child


def write_model(folder: Path, cells: int) -> None:
    """Build the model from a catalogue with a long table, pickle it, save its raw array."""
    import pickle

    import numpy as np
    from bench_table import write_catalogue

    import relindex

    write_catalogue(folder, cells, "csv")
    t = time.perf_counter()
    dataset = relindex.load(folder, max_bytes=2**34)
    t_load = time.perf_counter() - t
    t = time.perf_counter()
    model = relindex.build_model(dataset)
    t_build = time.perf_counter() - t
    rng = np.random.default_rng(5)
    gone = rng.random((*model.raw.shape[:2], model.n_leaves)) < 0.05
    model.raw[..., : model.n_leaves][gone] = np.nan
    model.status[..., : model.n_leaves][gone] = 0
    with (folder / "model.pkl").open("wb") as f:
        pickle.dump(model, f, protocol=pickle.HIGHEST_PROTOCOL)
    np.save(folder / "raw.npy", model.raw[..., : model.n_leaves])
    (folder / "build.txt").write_text(f"{t_load} {t_build}")


def _load_model(folder: Path) -> Any:
    import pickle

    with (folder / "model.pkl").open("rb") as f:
        return pickle.load(f)


def stage_relindex(folder: Path) -> None:
    import numpy as np

    import relindex

    model = _load_model(folder)
    t = time.perf_counter()
    result = relindex.score(model)
    dt = time.perf_counter() - t
    assert result._table is not None
    emit(dt, round(float(np.nansum(result._table.columns["index"])), 4))


def stage_core(folder: Path) -> None:
    import numpy as np

    model = _load_model(folder)
    t = time.perf_counter()
    ev = model.evaluate()
    dt = time.perf_counter() - t
    emit(dt, round(float(np.nansum(ev.net)), 4))


def stage_lean(folder: Path) -> None:
    import numpy as np

    from relindex._core import aggregate

    if not hasattr(aggregate, "evaluate_values"):
        emit(float("nan"), error="the core has no lean path (evaluate_values)")
        return
    model = _load_model(folder)
    t = time.perf_counter()
    ev = aggregate.evaluate_values(model.normalised(), model.tree)
    dt = time.perf_counter() - t
    emit(dt, round(float(np.nansum(ev.net)), 4))


def stage_numpy(folder: Path) -> None:
    import numpy as np
    from bench_table import DIMS, weights

    x = np.load(folder / "raw.npy")
    ind_w, _dim_of, dim_w = weights()
    t = time.perf_counter()
    norm = np.clip(x / 100.0, 0.0, 1.0)
    present = ~np.isnan(norm)
    wn = np.where(present, norm, 0.0) * ind_w
    wp = present * ind_w
    score = np.empty((*x.shape[:-1], DIMS))
    cover = np.empty_like(score)
    for d in range(DIMS):
        cols = slice(d * (len(ind_w) // DIMS), (d + 1) * (len(ind_w) // DIMS))
        s = wp[..., cols].sum(-1)
        with np.errstate(invalid="ignore", divide="ignore"):
            score[..., d] = wn[..., cols].sum(-1) / s
        cover[..., d] = s / ind_w[cols].sum()
    cw = dim_w[: DIMS - 1]
    ok = ~np.isnan(score[..., : DIMS - 1])
    with np.errstate(invalid="ignore", divide="ignore"):
        coop = np.where(ok, score[..., : DIMS - 1], 0.0) @ cw / (ok @ cw)
    fric = score[..., DIMS - 1]
    net = coop - fric
    contribution = np.empty_like(score)
    contribution[..., : DIMS - 1] = np.where(ok, score[..., : DIMS - 1], 0.0) * cw \
        / (ok @ cw)[..., None]
    contribution[..., DIMS - 1] = -fric
    dt = time.perf_counter() - t
    emit(dt, round(float(np.nansum(net)), 4))


STAGES = {"relindex": stage_relindex, "relindex core (model.evaluate)": stage_core,
          "relindex core, values only": stage_lean, "numpy": stage_numpy}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cells", type=int, default=10_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="1M cells, 3 runs")
    ap.add_argument("--stage", choices=tuple(STAGES), help=argparse.SUPPRESS)
    ap.add_argument("--folder", help=argparse.SUPPRESS)
    ap.add_argument("--write", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.write:
        write_model(Path(args.folder), args.cells)
        return
    if args.stage:
        STAGES[args.stage](Path(args.folder))
        return
    cells, repeat = (1_000_000, 3) if args.quick else (args.cells, args.repeat)
    compile_bytecode()
    with tempfile.TemporaryDirectory() as tmp:
        w = run_child(child_cmd("bench_score.py", "--write", "--folder", tmp, "--cells",
                                str(cells)))
        t_load, t_build = (float(v) for v in (Path(tmp) / "build.txt").read_text().split())
        print(f"model of {cells:,} cells built from its table: load {t_load:.1f} s + "
              f"build_model {t_build:.1f} s (peak RSS {w.rss_mib:.0f} MiB)", flush=True)
        stages = [Stage(name, child_cmd("bench_score.py", "--stage", name, "--folder", tmp))
                  for name in STAGES]
        alternate(stages, repeat, log=lambda s: print(s, file=sys.stderr, flush=True))
        report(f"model → scores, {cells:,} cells", stages)
        base = next(s for s in stages if s.name == "numpy")
        for s in stages[1:3]:
            if s.runs:
                print(f"  {s.name} ÷ numpy: {s.time / base.time:.2f}x")
        print(f"  building the model ÷ scoring it: {(t_load + t_build) / stages[0].time:.0f}x")


if __name__ == "__main__":
    main()
