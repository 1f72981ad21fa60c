"""Long table → scores: ``relindex.score`` of a catalogue against pandas, polars and DuckDB.

The user's path: a catalogue whose data is one long table (``id, entity, indicator,
period, value, unit``: one observation a row), CSV or Parquet, in; the index of every
entity and period out. The catalogue has 4 dimensions of 5 indicators (goalposts 0-100,
weights 1-3; dimensions weighted 1-2, the last one friction), 10 periods, and as many
entities as the row count asks for (200k rows: 1,000 entities).

* relindex: ``relindex.score(relindex.load(folder, max_bytes=2**31))``;
* pandas: ``read_csv``/``read_parquet``, ``pivot``, the goalposts and weighted means in numpy;
* polars: ``scan_csv``/``scan_parquet``, join with the weight table, two ``group_by``;
* DuckDB: the same two aggregations in one SQL query.

The peers read the weights from a small CSV (indicator, dimension, side, weights,
goalposts), as an analyst would keep them. Each run is a fresh process; the time is from
the file to the scores in memory (imports excluded), with the CPU seconds of every thread
over the same span; peak memory is the process's. The sum
of all indices and their count are compared across tools.

``--scaling`` also times relindex alone at 200k, 400k, ..., 3.2M rows, for each format,
and prints the exponent of time in rows (least squares on the log-log points).

relindex reads CSV and Parquet with pyarrow (``relindex[fast]``); the pyarrow modules
that it and pandas import on first use, and the relindex modules that its lazy top level
imports on first use, are imported before the clock starts, as every tool's own imports are.

    python bench/bench_table.py [--quick] [--rows 200000,2000000] [--formats csv,parquet]
                                [--scaling] [--repeat 5] [--baseline OLD/src]

``--baseline`` adds the same relindex stage run with the relindex of another source tree
(for instance ``git archive`` of an older commit, unpacked), in the same alternation.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import (
    Stage,
    alternate,
    child_cmd,
    compile_bytecode,
    emit,
    exponent,
    have,
    report,
    run_child,
    start,
)

DIMS, PER, PERIODS = 4, 5, 10
N_IND = DIMS * PER


def weights() -> tuple[Any, Any, Any]:
    """Indicator weights, the dimension of each indicator, dimension weights."""
    import numpy as np

    ind_w = np.array([1 + k % 3 for _ in range(DIMS) for k in range(PER)], dtype=float)
    return ind_w, np.repeat(np.arange(DIMS), PER), np.array([1 + d % 2 for d in range(DIMS)],
                                                             dtype=float)


def write_catalogue(folder: Path, rows: int, fmt: str, seed: int = 1) -> None:
    """The catalogue TOML, its long table (CSV or Parquet) and the peers' weight table."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    n_e = max(1, rows // (PERIODS * N_IND))
    table_file = f"panel.{fmt}"
    lines = ["[catalogue]", 'id = "bench-table"', 'name = "Benchmark table"',
             f'tables = [{{file = "{table_file}", citation = "synthetic benchmark data"}}]',
             "", "[index]", "headline_min_coverage = 0.5", ""]
    ind_w, _, dim_w = weights()
    meta = ["indicator,dim,side,weight,dim_weight,lo,hi"]
    for d in range(DIMS):
        side = "friction" if d == DIMS - 1 else "cooperation"
        lines += [f"[dimensions.d{d}]", f'name = "Dimension {d}"', f'polarity = "{side}"',
                  f"weight = {dim_w[d]:g}", 'rationale = "benchmark"', ""]
        for k in range(PER):
            i = d * PER + k
            lines += [f"[dimensions.d{d}.indicators.i{i:02d}]", f'name = "Indicator {i}"',
                      'unit = "points"', f"weight = {ind_w[i]:g}",
                      'normalisation = {method = "goalposts", min = 0, max = 100}',
                      'rationale = "benchmark"', ""]
            meta.append(f"i{i:02d},d{d},{side},{ind_w[i]:g},{dim_w[d]:g},0,100")
    (folder / "indicators.toml").write_text("\n".join(lines))
    (folder / "weights.csv").write_text("\n".join(meta) + "\n")
    rng = np.random.default_rng(seed)
    n = n_e * PERIODS * N_IND
    e = np.repeat(np.arange(n_e), PERIODS * N_IND)
    p = np.tile(np.repeat(np.arange(PERIODS), N_IND), n_e)
    i = np.tile(np.arange(N_IND), n_e * PERIODS)
    ents = np.array([f"E{k:05d}" for k in range(n_e)], dtype=object)
    inds = np.array([f"i{k:02d}" for k in range(N_IND)], dtype=object)
    year = 2000 + p
    ids = np.char.add(np.char.add(np.char.add(ents[e].astype(str), "-"),
                                  year.astype(str)), np.char.add("-", i.astype(str)))
    table = pa.table({
        "id": pa.array(ids), "entity": pa.DictionaryArray.from_arrays(
            e.astype(np.int32), ents).cast(pa.string()),
        "indicator": pa.DictionaryArray.from_arrays(i.astype(np.int32), inds)
        .cast(pa.string()),
        "period": pa.array(year.astype(np.int32)),
        "value": pa.array(rng.uniform(0, 110, n).round(2)),
        "unit": pa.array(np.full(n, "points", dtype=object)),
    })
    if fmt == "parquet":
        pq.write_table(table, folder / table_file)
    else:
        with (folder / table_file).open("wb") as f:
            f.write((",".join(table.column_names) + "\n").encode())
            pacsv.write_csv(table, f, pacsv.WriteOptions(include_header=False,
                                                          quoting_style="none"))


def net_of_matrix(x: Any) -> Any:
    """Goalposts 0-100, weighted means over present values per dimension, coop - friction."""
    import numpy as np

    ind_w, dim_of, dim_w = weights()
    norm = np.clip(x / 100.0, 0.0, 1.0)
    present = ~np.isnan(norm)
    wn = np.where(present, norm, 0.0) * ind_w
    wp = present * ind_w
    dims = np.stack([wn[..., dim_of == d].sum(-1) / wp[..., dim_of == d].sum(-1)
                     for d in range(DIMS)], axis=-1)
    coop = (dims[..., :DIMS - 1] * dim_w[:DIMS - 1]).sum(-1) / dim_w[:DIMS - 1].sum()
    return coop - dims[..., DIMS - 1]


def _check(net: Any) -> list[float]:
    import numpy as np

    return [round(float(np.nansum(net)), 6), float(np.count_nonzero(~np.isnan(net)))]


def _arrow_imports() -> None:
    """Import what a reader imports on first use (imports are excluded for every tool)."""
    import pyarrow.compute
    import pyarrow.csv
    import pyarrow.parquet  # noqa: F401


def _relindex_imports() -> None:
    """Import the relindex modules the path imports on first use (excluded, as every tool's).

    ``import relindex`` binds its names on first use: the loader, the scoring and the
    table readers are imported here, as pandas' are by ``import pandas``.
    """
    import importlib

    import relindex

    relindex.load, relindex.score  # noqa: B018 (each binds its module on first access)
    for name in ("relindex.tables", "relindex._prefetch", "relindex._parquet",
                 "relindex._catalogue_reader"):
        importlib.import_module(name)


def stage_relindex(folder: Path) -> None:
    import numpy as np

    import relindex

    _arrow_imports()
    _relindex_imports()

    t = start()
    try:
        result = relindex.score(relindex.load(folder, max_bytes=2**31))
    except relindex.RelindexError as e:
        emit(float("nan"), error=str(e).splitlines()[0][:160])
        return
    dt = time.perf_counter() - t
    assert result._table is not None
    emit(dt, _check(np.asarray(result._table.columns["index"], dtype=float)))


def _table_path(folder: Path) -> Path:
    return next(folder.glob("panel.*"))


def stage_pandas(folder: Path) -> None:
    import pandas as pd

    _arrow_imports()

    path = _table_path(folder)
    t = start()
    cols = ["entity", "indicator", "period", "value"]
    df = (pd.read_parquet(path, columns=cols) if path.suffix == ".parquet"
          else pd.read_csv(path, usecols=cols))
    w = pd.read_csv(folder / "weights.csv")
    wide = df.pivot(index=["entity", "period"], columns="indicator", values="value")
    wide = wide[w["indicator"]]  # the weight table's order
    out = pd.DataFrame({"index": net_of_matrix(wide.to_numpy())}, index=wide.index)
    dt = time.perf_counter() - t
    emit(dt, _check(out["index"].to_numpy()))


def stage_polars(folder: Path) -> None:
    import polars as pl

    path = _table_path(folder)
    t = start()
    lf = pl.scan_parquet(path) if path.suffix == ".parquet" else pl.scan_csv(path)
    w = pl.scan_csv(folder / "weights.csv")
    norm = ((pl.col("value") - pl.col("lo")) / (pl.col("hi") - pl.col("lo"))).clip(0.0, 1.0)
    dims = (
        lf.select("entity", "indicator", "period", "value")
        .drop_nulls("value")
        .join(w, on="indicator")
        .group_by("entity", "period", "dim", "side", "dim_weight")
        .agg(score=(norm * pl.col("weight")).sum() / pl.col("weight").sum())
    )
    coop = pl.col("side") == "cooperation"
    out = (
        dims.group_by("entity", "period")
        .agg(cooperation=(pl.col("score") * pl.col("dim_weight")).filter(coop).sum()
             / pl.col("dim_weight").filter(coop).sum(),
             friction=pl.col("score").filter(~coop).first())
        .with_columns(index=pl.col("cooperation") - pl.col("friction"))
        .sort("entity", "period")
        .collect()
    )
    dt = time.perf_counter() - t
    emit(dt, _check(out["index"].to_numpy()))


SQL = """
WITH dims AS (
  SELECT entity, period, dim, side, dim_weight,
         sum(weight * least(greatest((value - lo) / (hi - lo), 0), 1)) / sum(weight) AS score
  FROM {table} AS t JOIN read_csv('{weights}') AS w USING (indicator)
  WHERE value IS NOT NULL
  GROUP BY ALL
)
SELECT entity, period,
       sum(score * dim_weight) FILTER (WHERE side = 'cooperation')
         / sum(dim_weight) FILTER (WHERE side = 'cooperation')
       - max(score) FILTER (WHERE side = 'friction') AS "index"
FROM dims GROUP BY ALL ORDER BY entity, period
"""


def stage_duckdb(folder: Path) -> None:
    import duckdb
    import numpy as np

    path = _table_path(folder)
    t = start()
    table = (f"read_parquet('{path}')" if path.suffix == ".parquet"
             else f"read_csv('{path}')")
    out = duckdb.sql(SQL.format(table=table, weights=folder / "weights.csv")).fetchnumpy()
    dt = time.perf_counter() - t
    emit(dt, _check(np.asarray(out["index"], dtype=float)))


STAGES = {"relindex": stage_relindex, "pandas": stage_pandas, "polars": stage_polars,
          "duckdb": stage_duckdb}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", default="200000,2000000")
    ap.add_argument("--formats", default="csv,parquet")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--scaling", action="store_true",
                    help="also relindex alone from 200k to 3.2M rows, with the exponent")
    ap.add_argument("--quick", action="store_true",
                    help="100k and 400k rows (scaling 100k to 800k), 3 runs")
    ap.add_argument("--baseline", metavar="SRC",
                    help="also time the relindex imported from SRC (e.g. an older checkout's "
                    "src folder), alternating with the others")
    ap.add_argument("--stage", choices=tuple(STAGES), help=argparse.SUPPRESS)
    ap.add_argument("--folder", help=argparse.SUPPRESS)
    ap.add_argument("--write", nargs=2, metavar=("ROWS", "FORMAT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.write:
        write_catalogue(Path(args.folder), int(args.write[0]), args.write[1])
        return
    if args.stage:
        STAGES[args.stage](Path(args.folder))
        return
    sizes = [int(r) for r in args.rows.split(",")]
    scaling = [200_000 * 2**k for k in range(5)]
    repeat = args.repeat
    if args.quick:
        sizes, scaling, repeat = [100_000, 400_000], [100_000 * 2**k for k in range(4)], 3
    compile_bytecode()
    peers = [p for p in ("pandas", "polars", "duckdb") if have(p)]
    for p in {"pandas", "polars", "duckdb"} - set(peers):
        print(f"{p} is not installed (pip install 'relindex[bench]'): skipped")

    def log(s: str) -> None:
        print(s, file=sys.stderr, flush=True)

    for fmt in args.formats.split(","):
        for rows in sizes:
            with tempfile.TemporaryDirectory() as tmp:
                run_child(child_cmd("bench_table.py", "--write", str(rows), fmt, "--folder", tmp))
                stages = [Stage(name, child_cmd("bench_table.py", "--stage", name, "--folder",
                                                tmp)) for name in ("relindex", *peers)]
                if args.baseline:
                    stages.insert(1, _baseline(args.baseline, tmp))
                alternate(stages, repeat, log=log)
                report(f"long {fmt} table → scores, {rows:,} rows", stages)
    if args.scaling:
        for fmt in args.formats.split(","):
            _scaling(fmt, scaling, repeat, log)


def _baseline(src: str, folder: str) -> Stage:
    """The relindex stage run with another relindex (``PYTHONPATH=src``), compiled too."""
    import compileall
    import os

    compileall.compile_dir(str(Path(src) / "relindex"), quiet=1)
    env = {**os.environ, "PYTHONPATH": src}
    return Stage(f"relindex ({src})"[:34], child_cmd("bench_table.py", "--stage", "relindex",
                                                     "--folder", folder), env=env)


def _scaling(fmt: str, sizes: list[int], repeat: int, log: Any) -> None:
    """relindex alone at each size, and the exponent of time in rows."""
    times = []
    print(f"\nscaling (relindex, {fmt}, medians of {repeat}):")
    for rows in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            run_child(child_cmd("bench_table.py", "--write", str(rows), fmt, "--folder", tmp))
            stage = Stage("relindex", child_cmd("bench_table.py", "--stage", "relindex",
                                                "--folder", tmp))
            alternate([stage], repeat, log=log)
            times.append(stage.time)
            print(f"  {rows:>10,} rows  {stage.time:8.3f} s  peak RSS {stage.rss:7.0f} MiB",
                  flush=True)
    print(f"  exponent of time in rows, {sizes[0]:,} → {sizes[-1]:,}: "
          f"{exponent(sizes, times):.2f}")


if __name__ == "__main__":
    main()
