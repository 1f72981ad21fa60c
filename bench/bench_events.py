"""Event file → dyad-periods: ``relindex.events.aggregate`` against pandas, polars and DuckDB.

The user's path: a GDELT-style event file (with its header: ``GLOBALEVENTID, SQLDATE,
Actor1CountryCode, Actor2CountryCode, EventCode, QuadClass, GoldsteinScale,
NumMentions``), as CSV and as Parquet, in; the table of undirected dyad-months out, with
every measure of `relindex.events.COLUMNS` (events, Goldstein sum and mean, cooperation and
friction events, quad counts, positive and negative mass, balance, net cooperation share).

Synthetic events over every pair of 200 actors (19,900 dyads) and 120 months, in date
order as exports are, with CAMEO codes drawn from the shipped Goldstein table and the quad
class of each code's root. The peers score events with the same table (a two-column CSV
joined on the code, as an analyst would), read ``EventCode`` as text (leading zeros), and
group by the ordered pair and the month:

* relindex: ``relindex.events.aggregate(file, period="month")``;
* pandas: ``read_csv``/``read_parquet``, ``map`` of the scores, ``groupby().agg()``;
* polars: ``scan_csv``/``scan_parquet``, ``join``, ``group_by().agg()``, ``collect()``;
* DuckDB: one SQL query over ``read_csv``/``read_parquet`` joined with the table.

Each run is a fresh process; the time is from the file to the table in memory (imports
excluded, output not written); peak memory is the process's. The event count, Goldstein sum
and row count of every result are compared. No assertions on time.

    python bench/bench_events.py [--quick] [--events 10000000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import Stage, alternate, child_cmd, compile_bytecode, emit, have, report, run_child

N_ACTORS = 200
N_MONTHS = 120
COLS = ["SQLDATE", "Actor1CountryCode", "Actor2CountryCode", "EventCode", "QuadClass"]


def write_events(folder: Path, n: int, seed: int = 0) -> tuple[Path, Path, Path]:
    """The event file as CSV and Parquet, and the code → (quad, score) table as CSV."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    from relindex.events.scales import get_scale

    rng = np.random.default_rng(seed)
    entries = get_scale("goldstein").entries
    codes = sorted(entries)
    src = rng.integers(0, N_ACTORS, n)
    tgt = rng.integers(0, N_ACTORS - 1, n)
    tgt += tgt >= src  # no domestic events
    month = np.sort(rng.integers(0, N_MONTHS, n))
    day = rng.integers(1, 29, n)
    date = (2014 + month // 12) * 10_000 + (month % 12 + 1) * 100 + day
    code = rng.integers(0, len(codes), n)
    actors = np.array([f"C{i:03d}" for i in range(N_ACTORS)], dtype=object)
    code_arr = np.array(codes, dtype=object)
    quads = np.array([entries[c][0] for c in codes], dtype=np.int8)
    scores = np.array([entries[c][1] for c in codes], dtype=np.float64)
    table = pa.table({
        "GLOBALEVENTID": pa.array(np.arange(n, dtype=np.int64) + 400_000_000),
        "SQLDATE": pa.array(date.astype(np.int32)),
        "Actor1CountryCode": pa.DictionaryArray.from_arrays(src.astype(np.int32), actors)
        .cast(pa.string()),
        "Actor2CountryCode": pa.DictionaryArray.from_arrays(tgt.astype(np.int32), actors)
        .cast(pa.string()),
        "EventCode": pa.DictionaryArray.from_arrays(code.astype(np.int32), code_arr)
        .cast(pa.string()),
        "QuadClass": pa.array(quads[code]),
        "GoldsteinScale": pa.array(scores[code]),
        "NumMentions": pa.array(rng.integers(1, 20, n, dtype=np.int32)),
    })
    csv_path, pq_path, lookup = folder / "events.csv", folder / "events.parquet", \
        folder / "goldstein.csv"
    with csv_path.open("wb") as f:  # GDELT's header is unquoted
        f.write((",".join(table.column_names) + "\n").encode())
        pacsv.write_csv(table, f, pacsv.WriteOptions(include_header=False,
                                                      quoting_style="none"))
    pq.write_table(table, pq_path)
    lookup.write_text("code,score\n" + "".join(f"{c},{entries[c][1]}\n" for c in codes))
    return csv_path, pq_path, lookup


def _check(events: float, gsum: float, rows: int) -> list[float]:
    return [float(events), round(float(gsum), 4), float(rows)]


def stage_relindex(path: Path, lookup: Path) -> None:
    from relindex.events import aggregate

    t = time.perf_counter()
    table = aggregate(path, period="month")
    dt = time.perf_counter() - t
    emit(dt, _check(table["events"].sum(), table["goldstein_sum"].sum(), len(table)))


def stage_pandas(path: Path, lookup: Path) -> None:
    import pandas as pd

    t = time.perf_counter()
    if path.suffix == ".parquet":
        df = pd.read_parquet(path, columns=COLS)
    else:
        df = pd.read_csv(path, usecols=COLS, dtype={"EventCode": str})
    scores = pd.read_csv(lookup, dtype={"code": str})
    df = df[df["Actor1CountryCode"] != df["Actor2CountryCode"]]
    swap = df["Actor1CountryCode"] > df["Actor2CountryCode"]
    g = df["EventCode"].map(pd.Series(scores["score"].to_numpy(), index=scores["code"]))
    q = df["QuadClass"]
    frame = pd.DataFrame({
        "source": df["Actor1CountryCode"].where(~swap, df["Actor2CountryCode"]),
        "target": df["Actor2CountryCode"].where(~swap, df["Actor1CountryCode"]),
        "period": df["SQLDATE"] // 100, "g": g, "pos": g.clip(lower=0),
        "neg": (-g).clip(lower=0), "q1": q == 1, "q2": q == 2, "q3": q == 3, "q4": q == 4})
    out = frame.groupby(["source", "target", "period"], sort=True).agg(
        events=("g", "size"), goldstein_sum=("g", "sum"), quad1=("q1", "sum"),
        quad2=("q2", "sum"), quad3=("q3", "sum"), quad4=("q4", "sum"),
        cooperation_mass=("pos", "sum"), friction_mass=("neg", "sum")).reset_index()
    out["goldstein_mean"] = out["goldstein_sum"] / out["events"]
    out["cooperation_events"] = out["quad1"] + out["quad2"]
    out["friction_events"] = out["quad3"] + out["quad4"]
    mass = out["cooperation_mass"] + out["friction_mass"]
    out["goldstein_balance"] = (out["cooperation_mass"] - out["friction_mass"]) / mass
    out["net_cooperation_share"] = (out["cooperation_events"] - out["friction_events"]) \
        / out["events"]
    dt = time.perf_counter() - t
    emit(dt, _check(out["events"].sum(), out["goldstein_sum"].sum(), len(out)))


def stage_polars(path: Path, lookup: Path) -> None:
    import polars as pl

    t = time.perf_counter()
    if path.suffix == ".parquet":
        lf = pl.scan_parquet(path).select(COLS)
    else:
        lf = pl.scan_csv(path, schema_overrides={"EventCode": pl.String}).select(COLS)
    scores = pl.scan_csv(lookup, schema_overrides={"code": pl.String})
    a, b = pl.col("Actor1CountryCode"), pl.col("Actor2CountryCode")
    q, g = pl.col("QuadClass"), pl.col("score")
    out = (
        lf.filter(a != b)
        .join(scores, left_on="EventCode", right_on="code")
        .with_columns(source=pl.min_horizontal(a, b), target=pl.max_horizontal(a, b),
                      period=pl.col("SQLDATE") // 100)
        .group_by("source", "target", "period")
        .agg(events=pl.len(), goldstein_sum=g.sum(), quad1=(q == 1).sum(),
             quad2=(q == 2).sum(), quad3=(q == 3).sum(), quad4=(q == 4).sum(),
             cooperation_mass=g.clip(lower_bound=0).sum(),
             friction_mass=(-g).clip(lower_bound=0).sum())
        .with_columns(goldstein_mean=pl.col("goldstein_sum") / pl.col("events"),
                      cooperation_events=pl.col("quad1") + pl.col("quad2"),
                      friction_events=pl.col("quad3") + pl.col("quad4"))
        .with_columns(
            goldstein_balance=(pl.col("cooperation_mass") - pl.col("friction_mass"))
            / (pl.col("cooperation_mass") + pl.col("friction_mass")),
            net_cooperation_share=(pl.col("cooperation_events") - pl.col("friction_events"))
            / pl.col("events"))
        .sort("source", "target", "period")
        .collect()
    )
    dt = time.perf_counter() - t
    emit(dt, _check(out["events"].sum(), out["goldstein_sum"].sum(), out.height))


SQL = """
SELECT least(Actor1CountryCode, Actor2CountryCode) AS source,
       greatest(Actor1CountryCode, Actor2CountryCode) AS target,
       SQLDATE // 100 AS period,
       count(*) AS events, sum(s.score) AS goldstein_sum,
       sum(s.score) / count(*) AS goldstein_mean,
       count(*) FILTER (WHERE QuadClass <= 2) AS cooperation_events,
       count(*) FILTER (WHERE QuadClass >= 3) AS friction_events,
       count(*) FILTER (WHERE QuadClass = 1) AS quad1,
       count(*) FILTER (WHERE QuadClass = 2) AS quad2,
       count(*) FILTER (WHERE QuadClass = 3) AS quad3,
       count(*) FILTER (WHERE QuadClass = 4) AS quad4,
       sum(greatest(s.score, 0)) AS cooperation_mass,
       sum(greatest(-s.score, 0)) AS friction_mass,
       (sum(greatest(s.score, 0)) - sum(greatest(-s.score, 0)))
         / (sum(greatest(s.score, 0)) + sum(greatest(-s.score, 0))) AS goldstein_balance,
       (count(*) FILTER (WHERE QuadClass <= 2) - count(*) FILTER (WHERE QuadClass >= 3))
         / count(*) AS net_cooperation_share
FROM {events} AS e JOIN read_csv('{lookup}', types = {{'code': 'VARCHAR'}}) AS s
  ON e.EventCode = s.code
WHERE Actor1CountryCode <> Actor2CountryCode
GROUP BY ALL ORDER BY source, target, period
"""


def stage_duckdb(path: Path, lookup: Path) -> None:
    import duckdb

    t = time.perf_counter()
    events = (f"read_parquet('{path}')" if path.suffix == ".parquet"
              else f"read_csv('{path}', types = {{'EventCode': 'VARCHAR'}})")
    out = duckdb.sql(SQL.format(events=events, lookup=lookup)).arrow().read_all()
    dt = time.perf_counter() - t
    import pyarrow.compute as pc

    emit(dt, _check(pc.sum(out["events"]).as_py(), pc.sum(out["goldstein_sum"]).as_py(),
                    out.num_rows))


STAGES = {"relindex": stage_relindex, "pandas": stage_pandas, "polars": stage_polars,
          "duckdb": stage_duckdb}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=10_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="1M events, 3 runs")
    ap.add_argument("--formats", default="csv,parquet")
    ap.add_argument("--stage", choices=tuple(STAGES), help=argparse.SUPPRESS)
    ap.add_argument("--file", help=argparse.SUPPRESS)
    ap.add_argument("--lookup", help=argparse.SUPPRESS)
    ap.add_argument("--write", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.write:
        write_events(Path(args.write), args.events)
        return
    if args.stage:
        STAGES[args.stage](Path(args.file), Path(args.lookup))
        return
    n, repeat = (1_000_000, 3) if args.quick else (args.events, args.repeat)
    compile_bytecode()
    peers = [p for p in ("pandas", "polars", "duckdb") if have(p)]
    for p in {"pandas", "polars", "duckdb"} - set(peers):
        print(f"{p} is not installed (pip install 'relindex[bench]'): skipped")
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        run_child(child_cmd("bench_events.py", "--write", tmp, "--events", str(n)))
        folder = Path(tmp)
        csv_path, pq_path, lookup = (folder / "events.csv", folder / "events.parquet",
                                     folder / "goldstein.csv")
        print(f"{n:,} events, {N_ACTORS} actors, {N_MONTHS} months: CSV "
              f"{csv_path.stat().st_size / 2**20:.0f} MiB, Parquet "
              f"{pq_path.stat().st_size / 2**20:.0f} MiB (written in "
              f"{time.perf_counter() - t:.1f} s)", flush=True)
        for fmt in args.formats.split(","):
            path = csv_path if fmt == "csv" else pq_path
            stages = [Stage(name, child_cmd("bench_events.py", "--stage", name, "--file",
                                            str(path), "--lookup", str(lookup)))
                      for name in ("relindex", *peers)]
            alternate(stages, repeat, log=lambda s: print(s, file=sys.stderr, flush=True))
            report(f"event file ({fmt}) → dyad-months, {n:,} events", stages)


if __name__ == "__main__":
    main()
