"""End-to-end: a CSV panel of entities x periods x indicators, loaded and scored.

Writes a catalogue with one CSV table of ``--entities`` x ``--periods`` x
``--indicators`` rows (default 2,000 x 30 x 20 = 1.2 million), then times, each in a
fresh process so that peak memory is its own:

* relindex: ``relindex.score(path)`` (load, column-wise validation, scoring) and
  ``Result.to_frame()``;
* pandas, the peer: ``read_csv``, ``pivot``, the same goalposts and weighted means;
* numpy, the floor: the same arithmetic on arrays already in memory (no parsing).

It prints the times, the ratios against pandas and the floor, peak memory (max RSS)
of each process, and checks that relindex and pandas agree.

    python bench/bench_panel.py [--entities 2000 --periods 30 --indicators 20]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

DIMS = 4  # indicators are split evenly over 4 dimensions; the last one is friction


def write_catalogue(folder: Path, n_e: int, n_p: int, n_i: int, seed: int = 1,
                    names: list[str] | None = None) -> None:
    """Write the catalogue and its CSV table; ``names`` are the entity ids (default E00000...)."""
    rng = np.random.default_rng(seed)
    per = n_i // DIMS
    lines = ["[catalogue]", 'id = "bench-panel"', 'name = "Benchmark panel"',
             'tables = [{file = "panel.csv", citation = "synthetic benchmark data"}]', "",
             "[index]", "headline_min_coverage = 0.5", ""]
    for d in range(DIMS):
        side = "friction" if d == DIMS - 1 else "cooperation"
        lines += [f"[dimensions.d{d}]", f'name = "Dimension {d}"', f'polarity = "{side}"',
                  f"weight = {1 + d % 2}", 'rationale = "benchmark"', ""]
        for k in range(per):
            i = d * per + k
            lines += [f"[dimensions.d{d}.indicators.i{i:02d}]", f'name = "Indicator {i}"',
                      'unit = "points"', f"weight = {1 + k % 3}",
                      'normalisation = {method = "goalposts", min = 0, max = 100}',
                      'rationale = "benchmark"', ""]
    (folder / "indicators.toml").write_text("\n".join(lines))
    values = rng.uniform(0, 110, size=(n_e, n_p, per * DIMS)).round(2)
    ents = [f"E{e:05d}" for e in range(n_e)] if names is None else names
    with (folder / "panel.csv").open("w") as f:
        f.write("id,entity,indicator,period,value,unit\n")
        for e, eid in enumerate(ents):
            rows = []
            for p in range(n_p):
                year = 1995 + p
                for i in range(per * DIMS):
                    rows.append(f"{eid}-{year}-{i},{eid},i{i:02d},{year},{values[e, p, i]},points")
            f.write("\n".join(rows) + "\n")


def _weights(n_i: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    per = n_i // DIMS
    ind_w = np.array([1 + k % 3 for _ in range(DIMS) for k in range(per)], dtype=float)
    dim_of = np.repeat(np.arange(DIMS), per)
    dim_w = np.array([1 + d % 2 for d in range(DIMS)], dtype=float)
    return ind_w, dim_of, dim_w


def net_from_matrix(x: np.ndarray, n_i: int) -> np.ndarray:
    """Goalposts 0-100, weighted means per dimension, cooperation minus friction."""
    ind_w, dim_of, dim_w = _weights(n_i)
    norm = np.clip(x / 100.0, 0.0, 1.0)
    dims = np.stack([(norm[..., dim_of == d] * ind_w[dim_of == d]).sum(-1)
                     / ind_w[dim_of == d].sum() for d in range(DIMS)], axis=-1)
    coop = (dims[..., :DIMS - 1] * dim_w[:DIMS - 1]).sum(-1) / dim_w[:DIMS - 1].sum()
    return coop - dims[..., DIMS - 1]


def stage_relindex(folder: Path, n_i: int) -> dict:
    import pandas  # noqa: F401  (imported before timing, as in the pandas stage)

    import relindex

    t0 = time.perf_counter()
    result = relindex.score(relindex.load(folder, max_bytes=2**31))
    t1 = time.perf_counter()
    frame = result.to_frame()
    t2 = time.perf_counter()
    net = frame["index"].to_numpy()
    return {"score": t1 - t0, "to_frame": t2 - t1, "total": t2 - t0,
            "checksum": float(np.nansum(net)), "n": len(frame)}


def stage_pandas(folder: Path, n_i: int) -> dict:
    import pandas as pd

    t0 = time.perf_counter()
    df = pd.read_csv(folder / "panel.csv")
    wide = df.pivot(index=["entity", "period"], columns="indicator", values="value")
    wide = wide[sorted(wide.columns)]
    net = net_from_matrix(wide.to_numpy(), n_i)
    out = pd.DataFrame({"index": net}, index=wide.index).reset_index()
    t1 = time.perf_counter()
    return {"total": t1 - t0, "checksum": float(np.nansum(out["index"].to_numpy())),
            "n": len(out)}


def stage_numpy(folder: Path, n_i: int, n_e: int, n_p: int) -> dict:
    rng = np.random.default_rng(1)
    values = rng.uniform(0, 110, size=(n_e, n_p, n_i)).round(2)
    # the floor: observations as flat arrays already in memory, scattered into the panel
    e = np.repeat(np.arange(n_e), n_p * n_i)
    p = np.tile(np.repeat(np.arange(n_p), n_i), n_e)
    i = np.tile(np.arange(n_i), n_e * n_p)
    v = values.ravel()
    t0 = time.perf_counter()
    x = np.full((n_e, n_p, n_i), np.nan)
    x[e, p, i] = v
    net = net_from_matrix(x, n_i)
    t1 = time.perf_counter()
    return {"total": t1 - t0, "checksum": float(np.nansum(net)), "n": int(net.size)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entities", type=int, default=2000)
    ap.add_argument("--periods", type=int, default=30)
    ap.add_argument("--indicators", type=int, default=20)
    ap.add_argument("--stage", choices=("relindex", "pandas", "numpy"))
    ap.add_argument("--folder")
    args = ap.parse_args()
    if args.stage:
        folder = Path(args.folder)
        if args.stage == "relindex":
            out = stage_relindex(folder, args.indicators)
        elif args.stage == "pandas":
            out = stage_pandas(folder, args.indicators)
        else:
            out = stage_numpy(folder, args.indicators, args.entities, args.periods)
        out["max_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(out))
        return
    n_rows = args.entities * args.periods * args.indicators
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        write_catalogue(folder, args.entities, args.periods, args.indicators)
        size = (folder / "panel.csv").stat().st_size
        print(f"panel: {args.entities:,} entities x {args.periods} periods x "
              f"{args.indicators} indicators = {n_rows:,} rows, {size / 2**20:.0f} MiB CSV "
              f"(written in {time.perf_counter() - t:.1f} s)")
        res = {}
        for stage in ("numpy", "pandas", "relindex"):
            cmd = [sys.executable, __file__, "--stage", stage, "--folder", str(folder),
                   "--entities", str(args.entities), "--periods", str(args.periods),
                   "--indicators", str(args.indicators)]
            res[stage] = json.loads(subprocess.run(cmd, check=True, capture_output=True,
                                                   text=True).stdout)
    floor, peer, ours = res["numpy"]["total"], res["pandas"]["total"], res["relindex"]["total"]
    print(f"numpy floor (arrays in memory, no parsing): {floor:8.3f} s   "
          f"peak RSS {res['numpy']['max_rss_mib']:7.0f} MiB")
    print(f"pandas read_csv + pivot + same arithmetic:   {peer:8.3f} s   "
          f"peak RSS {res['pandas']['max_rss_mib']:7.0f} MiB")
    print(f"relindex score (load, validate, score):      {res['relindex']['score']:8.3f} s")
    print(f"relindex Result.to_frame():                  {res['relindex']['to_frame']:8.3f} s")
    print(f"relindex total:                              {ours:8.3f} s   "
          f"peak RSS {res['relindex']['max_rss_mib']:7.0f} MiB")
    print(f"ratios: relindex / pandas = {ours / peer:.2f}x; relindex / numpy floor = "
          f"{ours / floor:.1f}x; pandas / numpy floor = {peer / floor:.1f}x")
    same = abs(res["relindex"]["checksum"] - res["pandas"]["checksum"]) <= 1e-6 * max(
        1.0, abs(res["pandas"]["checksum"]))
    print(f"relindex and pandas agree (sum of all {res['pandas']['n']:,} indices): {same}")


if __name__ == "__main__":
    main()
