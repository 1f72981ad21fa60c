"""Aggregate 10 million synthetic CAMEO events to dyad-months: relindex vs pandas vs the floor.

The events run over all pairs of 200 actors (19,900 undirected dyads) and 120 months,
in date order as event exports are (one file per day), with CAMEO codes drawn from the
shipped Goldstein table. The inputs are integer-coded arrays (actor and code indices,
and period codes ``12 * year + month - 1``: int16), as a columnar reader hands them over.

* floor: a plain numpy copy of the four input arrays (memory bandwidth);
* output: a plain copy of the 16 columns of the result table (2.35 million rows), the
  least that writing the output costs;
* relindex: ``relindex.events.aggregate_arrays`` (Goldstein and quad lookups, dense
  dyad-period bincount sums in cache-sized blocks, the sorted `EventTable`), with its
  default blocks and in chunks of 1,000,000 events;
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
    period = (month + FIRST_MONTH).astype(np.int16)
    code = rng.integers(0, len(codes), n, dtype=np.int16)
    actors = [f"A{i:03d}" for i in range(N_ACTORS)]
    return {"src": src, "tgt": tgt, "month": month, "period": period, "code": code,
            "codes": codes, "actors": actors}


def floor(ev: dict[str, Any]) -> Any:
    return [ev["src"].copy(), ev["tgt"].copy(), ev["period"].copy(), ev["code"].copy()]


def copy_output(table: Any) -> Any:
    return {name: col.copy() for name, col in table.columns.items()}


def run_relindex(ev: dict[str, Any], chunk_rows: int | None = None) -> Any:
    return aggregate_arrays(ev["src"], ev["tgt"], ev["period"], ev["code"],
                            actors=ev["actors"], codes=ev["codes"], chunk_rows=chunk_rows)


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
    in_mb = sum(ev[k].nbytes for k in ("src", "tgt", "period", "code")) / 2**20
    print(f"{n:,} events, {N_ACTORS} actors ({N_ACTORS * (N_ACTORS - 1) // 2:,} dyads), "
          f"{N_MONTHS} months; input {in_mb:.0f} MiB (int16 codes)")
    t_floor, _ = best(lambda: floor(ev))
    t_rel, table = best(lambda: run_relindex(ev))
    t_chunk, chunked = best(lambda: run_relindex(ev, 1_000_000))
    t_pd, frame = best(lambda: run_pandas(ev))
    t_out, _ = best(lambda: copy_output(table))
    # same numbers
    assert len(table) == len(frame) == len(chunked)
    assert np.array_equal(table["events"], frame["events"].to_numpy())
    assert np.allclose(table["goldstein_sum"], frame["goldstein_sum"].to_numpy())
    assert np.array_equal(table["quad4"], frame["quad4"].to_numpy())
    for name in table.names:  # the chunked run gives the same table, bit for bit
        a, b = table[name], chunked[name]
        assert np.array_equal(a, b, equal_nan=a.dtype.kind == "f"), name
    print(f"rows out: {len(table):,} dyad-months")
    print(f"{'':28}{'time':>9}{'x floor':>9}{'peak MiB':>10}")
    rows = [("floor (numpy copy)", t_floor, lambda: floor(ev)),
            ("output (copy of the table)", t_out, lambda: copy_output(table)),
            ("relindex, default blocks", t_rel, lambda: run_relindex(ev)),
            ("relindex, 1M-event chunks", t_chunk, lambda: run_relindex(ev, 1_000_000)),
            ("pandas groupby (peer)", t_pd, lambda: run_pandas(ev))]
    for name, t, f in rows:
        print(f"{name:28}{t:8.3f}s{t / t_floor:9.1f}{peak(f):10.0f}")
    print(f"pandas / relindex: {t_pd / t_rel:.1f}x (default blocks), "
          f"{t_pd / t_chunk:.1f}x (chunks)")
    out_mb = sum(c.nbytes for c in table.columns.values()) / 2**20
    print(f"the output alone ({len(table):,} rows x {len(table.names)} columns, "
          f"{out_mb:.0f} MiB of numpy columns) costs {t_out / t_floor:.1f}x the floor to copy; "
          f"relindex less that copy: {(t_rel - t_out) / t_floor:.1f}x")


if __name__ == "__main__":
    main()
