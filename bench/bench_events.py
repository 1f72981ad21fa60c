"""Aggregate 10 million synthetic CAMEO events to dyad-months: relindex vs pandas vs the floor.

The events run over all pairs of 200 actors (19,900 undirected dyads) and 120 months,
in date order as event exports are (one file per day), with CAMEO codes drawn from the
shipped Goldstein table. The inputs are integer-coded arrays (actor, month and code
indices: int16), as a columnar reader hands them over.

* floor: a plain numpy copy of the four input arrays (memory bandwidth);
* relindex: ``relindex.events.aggregate_arrays`` (Goldstein and quad lookups, dyad and
  period factorisation, bincount sums, the sorted `EventTable`), in one pass and in
  chunks of 1,000,000 events;
* pandas (the peer): the same lookups with numpy, then ``groupby([lo, hi, month])`` with
  the same measures (events, Goldstein sum and positive/negative mass, four quad counts).

Prints best-of-3 times, ratios, and the peak traced memory of each (tracemalloc). The
two results are checked equal. No assertions on time.

Run: ``python bench/bench_events.py [N_EVENTS]``.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np

from relindex.events import aggregate_arrays
from relindex.events.scales import get_scale

N_ACTORS = 200
N_MONTHS = 120
FIRST_MONTH = 2014 * 12


def make_events(n: int, seed: int = 0) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    scale = get_scale("goldstein")
    codes = sorted(scale.entries)
    src = rng.integers(0, N_ACTORS, n, dtype=np.int16)
    tgt = rng.integers(0, N_ACTORS - 1, n, dtype=np.int16)
    tgt += tgt >= src  # no self-dyads: every pair of distinct actors
    month = np.sort(rng.integers(0, N_MONTHS, n)).astype(np.int16)
    code = rng.integers(0, len(codes), n, dtype=np.int16)
    actors = [f"A{i:03d}" for i in range(N_ACTORS)]
    return {"src": src, "tgt": tgt, "month": month, "code": code, "codes": codes,
            "actors": actors}


def floor(ev: dict[str, Any]) -> Any:
    return [ev["src"].copy(), ev["tgt"].copy(), ev["month"].copy(), ev["code"].copy()]


def run_relindex(ev: dict[str, Any], chunk_rows: int | None = None) -> Any:
    return aggregate_arrays(ev["src"], ev["tgt"], ev["month"].astype(np.int64) + FIRST_MONTH,
                            ev["code"], actors=ev["actors"], codes=ev["codes"],
                            chunk_rows=chunk_rows)


def run_pandas(ev: dict[str, Any]) -> Any:
    import pandas as pd

    scale = get_scale("goldstein")
    g_table = np.array([scale.entries[c][1] for c in ev["codes"]], dtype=np.float64)
    q_table = np.array([scale.entries[c][0] for c in ev["codes"]], dtype=np.int8)
    g = g_table.take(ev["code"])
    q = q_table.take(ev["code"])
    df = pd.DataFrame({
        "lo": np.minimum(ev["src"], ev["tgt"]), "hi": np.maximum(ev["src"], ev["tgt"]),
        "month": ev["month"], "g": g, "pos": np.maximum(g, 0), "neg": np.maximum(-g, 0),
        "q1": q == 1, "q2": q == 2, "q3": q == 3, "q4": q == 4})
    return df.groupby(["lo", "hi", "month"], sort=True).agg(
        events=("g", "size"), goldstein_sum=("g", "sum"), pos=("pos", "sum"),
        neg=("neg", "sum"), quad1=("q1", "sum"), quad2=("q2", "sum"), quad3=("q3", "sum"),
        quad4=("q4", "sum"))


def best(f: Callable[[], Any], n: int = 3) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(n):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return min(times), out


def peak(f: Callable[[], Any]) -> float:
    tracemalloc.start()
    f()
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top / 2**20


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    ev = make_events(n)
    in_mb = sum(ev[k].nbytes for k in ("src", "tgt", "month", "code")) / 2**20
    print(f"{n:,} events, {N_ACTORS} actors ({N_ACTORS * (N_ACTORS - 1) // 2:,} dyads), "
          f"{N_MONTHS} months; input {in_mb:.0f} MiB (int16 codes)")
    t_floor, _ = best(lambda: floor(ev))
    t_rel, table = best(lambda: run_relindex(ev))
    t_chunk, chunked = best(lambda: run_relindex(ev, 1_000_000))
    t_pd, frame = best(lambda: run_pandas(ev))
    # same numbers
    assert len(table) == len(frame) == len(chunked)
    assert np.array_equal(table["events"], frame["events"].to_numpy())
    assert np.allclose(table["goldstein_sum"], frame["goldstein_sum"].to_numpy())
    assert np.array_equal(table["quad4"], frame["quad4"].to_numpy())
    assert table.to_records()[:1000] == chunked.to_records()[:1000]
    print(f"rows out: {len(table):,} dyad-months")
    print(f"{'':28}{'time':>9}{'x floor':>9}{'peak MiB':>10}")
    rows = [("floor (numpy copy)", t_floor, lambda: floor(ev)),
            ("relindex, one pass", t_rel, lambda: run_relindex(ev)),
            ("relindex, 1M-event chunks", t_chunk, lambda: run_relindex(ev, 1_000_000)),
            ("pandas groupby (peer)", t_pd, lambda: run_pandas(ev))]
    for name, t, f in rows:
        print(f"{name:28}{t:8.3f}s{t / t_floor:9.1f}{peak(f):10.0f}")
    print(f"pandas / relindex: {t_pd / t_rel:.1f}x (one pass), {t_pd / t_chunk:.1f}x (chunks)")


if __name__ == "__main__":
    main()
