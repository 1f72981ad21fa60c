"""Batch scoring of every dyad of 200 actors: 19,900 dyads x 30 years x 20 indicators.

The panel of `bench_panel.py` with dyad ids as entities (``A000-A001``... for all
pairs of 200 actors): one CSV table of 11.94 million rows in a catalogue of 4
dimensions x 5 indicators with goalposts; the entities are not declared, so relindex
discovers them from the table. Its functions are reused, each stage in a fresh
process so that peak memory is its own:

* numpy, the floor: the same arithmetic on arrays already in memory (no parsing);
* pandas, the peer: ``read_csv``, ``pivot``, the same arithmetic;
* relindex end to end: ``relindex.score(relindex.load(folder, max_bytes=2**31))`` and
  ``Result.to_frame()``;
* relindex by phase: ``relindex.load``, ``relindex.build_model`` (the Model in memory),
  then ``relindex.score(model)`` alone and ``Result.to_frame()``.

Prints times, ratios against the floor and peak memory (max RSS), and checks that the
sums of all indices agree. No assertions on time.

    python bench/bench_dyads.py [--actors 200 --periods 30 --indicators 20] [--no-pandas]
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_panel import write_catalogue

PANEL = Path(__file__).resolve().parent / "bench_panel.py"


def dyad_ids(n_actors: int) -> list[str]:
    """``A000-A001``, ``A000-A002``...: every unordered pair of actors, once."""
    a, b = np.triu_indices(n_actors, 1)
    return [f"A{i:03d}-A{j:03d}" for i, j in zip(a.tolist(), b.tolist(), strict=True)]


def stage_phases(folder: Path) -> dict:
    """relindex phase by phase: load, build the Model, score it, the data frame."""
    import pandas  # noqa: F401  (imported before timing, as in the other stages)

    import relindex

    t0 = time.perf_counter()
    dataset = relindex.load(folder, max_bytes=2**31)
    t1 = time.perf_counter()
    model = relindex.build_model(dataset)
    t2 = time.perf_counter()
    result = relindex.score(model)
    t3 = time.perf_counter()
    frame = result.to_frame()
    t4 = time.perf_counter()
    return {"load": t1 - t0, "build_model": t2 - t1, "score_model": t3 - t2,
            "to_frame": t4 - t3, "checksum": float(np.nansum(frame["index"].to_numpy())),
            "n": len(frame)}


def run_stage(cmd: list[str]) -> dict:
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--actors", type=int, default=200)
    ap.add_argument("--periods", type=int, default=30)
    ap.add_argument("--indicators", type=int, default=20)
    ap.add_argument("--no-pandas", action="store_true", help="skip the pandas stage")
    ap.add_argument("--stage", choices=("phases",), help=argparse.SUPPRESS)
    ap.add_argument("--folder", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.stage:
        res = stage_phases(Path(args.folder))
        res["max_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(res))
        return
    names = dyad_ids(args.actors)
    n_e, n_p, n_i = len(names), args.periods, args.indicators
    dims = ["--entities", str(n_e), "--periods", str(n_p), "--indicators", str(n_i)]
    res: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        write_catalogue(folder, n_e, n_p, n_i, names=names)
        size = (folder / "panel.csv").stat().st_size
        print(f"panel: {n_e:,} dyads of {args.actors} actors x {n_p} periods x {n_i} "
              f"indicators = {n_e * n_p * n_i:,} rows, {size / 2**20:.0f} MiB CSV "
              f"(written in {time.perf_counter() - t:.1f} s)", flush=True)
        stages = ["numpy"] + ([] if args.no_pandas else ["pandas"]) + ["relindex"]
        for stage in stages:
            res[stage] = run_stage([sys.executable, str(PANEL), "--stage", stage,
                                    "--folder", str(folder), *dims])
            print(f"  {stage} done", flush=True)
        res["phases"] = run_stage([sys.executable, __file__, "--stage", "phases",
                                   "--folder", str(folder)])
    floor = res["numpy"]["total"]
    rel, ph = res["relindex"], res["phases"]

    def line(name: str, t: float, rss: float | None = None) -> None:
        mem = "" if rss is None else f"{rss:9.0f}"
        print(f"{name:52}{t:9.3f} s{t / floor:9.1f}x{mem}")

    print(f"{'':52}{'time':>11}{'x floor':>10}{'max RSS MiB':>12}")
    line("numpy floor (arrays in memory, no parsing)", floor, res["numpy"]["max_rss_mib"])
    if "pandas" in res:
        line("pandas read_csv + pivot + same arithmetic", res["pandas"]["total"],
             res["pandas"]["max_rss_mib"])
    line("relindex.score(relindex.load(folder)) + to_frame", rel["total"], rel["max_rss_mib"])
    line("  of which score(load(...))", rel["score"])
    line("relindex by phase: load", ph["load"], ph["max_rss_mib"])
    line("  build_model (Model in memory)", ph["build_model"])
    line("  score(model) alone", ph["score_model"])
    line("  Result.to_frame()", ph["to_frame"])
    sums = {k: v["checksum"] for k, v in res.items()}
    ref = sums["numpy"]
    agree = all(abs(v - ref) <= 1e-6 * max(1.0, abs(ref)) for v in sums.values())
    print(f"indices: {rel['n']:,} dyad-years; sums agree across stages: {agree}")


if __name__ == "__main__":
    main()
