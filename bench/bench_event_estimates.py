"""Event-share estimates of `relindex events` on simulated dyads with known, drifting rates.

Dyads whose cooperation log-odds follow random walks emit about four events a year;
the events go through `relindex.events.aggregate_arrays` (the path of `relindex
events`), and the script prints how often the 90% intervals cover the true rate, the
root-mean-square error of the estimate and of the raw share, their ratio, the time
and the peak memory of the run.

    python bench/bench_event_estimates.py [--dyads 400] [--years 10] [--rate 4] [--seed 2024]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from relindex.events import aggregate_arrays
from test_measurement import events_of, simulate_dyads


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dyads", type=int, default=400)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--rate", type=float, default=4.0)
    ap.add_argument("--seed", type=int, default=2024)
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    p, k, n = simulate_dyads(rng, a.dyads, a.years, a.rate)
    src, tgt, per, code = events_of(k, n)
    actors = [f"D{i:05d}" for i in range(2 * a.dyads)]
    t0 = time.perf_counter()
    table = aggregate_arrays(src, tgt, per, code, actors=actors, codes=["042", "112"],
                             unit="year")
    elapsed = time.perf_counter() - t0
    d = np.array([int(s[1:]) // 2 for s in table["source"]])
    truth = p[d, table["period"].astype(int) - 2010]
    raw = table["cooperation_events"] / table["events"]
    est, lo, hi = (table[c] for c in ("cooperation_share_est", "cooperation_share_lo",
                                      "cooperation_share_hi"))
    cover = np.mean((lo <= truth) & (truth <= hi))
    e_raw = np.sqrt(np.mean((raw - truth) ** 2))
    e_est = np.sqrt(np.mean((est - truth) ** 2))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"dyads {a.dyads}, years {a.years}, events {int(n.sum())} "
          f"({n.sum() / n.size:.2f} a dyad-year), dyad-year rows {len(table)}")
    print(f"90% interval coverage of the true rate: {cover:.3f} (target 0.80-0.98)")
    print(f"RMSE raw share {e_raw:.4f}, estimate {e_est:.4f}, ratio {e_est / e_raw:.3f} "
          "(target <= 0.7)")
    print(f"aggregate + estimate: {elapsed:.2f} s; peak RSS {peak:.0f} MiB")


if __name__ == "__main__":
    main()
