"""``relindex events``: aggregate coded event files to dyad-period measures."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ._format import emit_json_stream, safe


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Register the sub-command."""
    p = sub.add_parser(
        "events", help="aggregate coded event data (GDELT, ICEWS, PLOVER) per dyad and period",
        description="Read coded event files (GDELT export or with header, ICEWS, Parquet, or "
        "a declared layout) and sum events per dyad and period: counts, cooperation and "
        "friction, Goldstein sums and means, quad classes. Malformed rows are counted by "
        "reason.")
    p.add_argument("files", nargs="+", metavar="FILE", help="event files")
    p.add_argument("--period", choices=("month", "year"), default="year",
                   help="period unit (default year)")
    p.add_argument("--dyads", choices=("undirected", "directed"), default="undirected",
                   help="add A->B and B->A together (undirected, default) or not")
    p.add_argument("--mapping", metavar="FILE", help="TOML file declaring the columns")
    p.add_argument("--scale", choices=("goldstein", "plover", "column"), default="goldstein",
                   help="event scores: the shipped Goldstein or PLOVER table, or the file's "
                   "own score column (default goldstein)")
    p.add_argument("--weight", metavar="COLUMN",
                   help="column of integer weights (e.g. NumMentions): adds weighted_* columns")
    p.add_argument("--actors", metavar="A,B,...",
                   help="keep only dyads between these actors (comma-separated)")
    p.add_argument("--strict", action="store_true",
                   help="stop at the first malformed row, naming file and line")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="run here, or on a Dask cluster (pip install 'relindex[dask]')")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="Dask scheduler address (default: a local cluster)")
    p.add_argument("--chunk-rows", type=int, default=250_000, metavar="N",
                   help="rows per chunk; about four chunks are held at once (default 250000)")
    p.add_argument("--format", "-f", choices=("csv", "json", "parquet"), default="csv",
                   help="output format (parquet needs --out)")
    p.add_argument("--out", "-o", metavar="FILE", help="write the result here (atomically)")
    p.add_argument("--table", metavar="FILE",
                   help="also write a relindex CSV data table (id,entity,indicator,period,"
                   "value,unit) of event indicators per dyad")
    p.add_argument("--measures", metavar="ID,...",
                   help="indicators the --table holds (default all: events_count, "
                   "events_cooperation, events_friction, events_cooperation_share, "
                   "events_friction_share, events_net_cooperation_share, "
                   "events_goldstein_mean, events_goldstein_balance)")
    return p


def run(args: argparse.Namespace) -> int:
    """Run the sub-command."""
    from pathlib import Path

    from ..errors import RelindexError
    from ..events import aggregate, write_table
    from ..files import atomic_write

    if args.format == "parquet" and not args.out:
        raise RelindexError("Parquet output needs a file", key="--format",
                            value="parquet", fix="pass --out FILE.parquet")
    if args.scheduler and args.engine != "dask":
        raise RelindexError("is only used with --engine dask", key="--scheduler",
                            value=args.scheduler, fix="add --engine dask")
    actors = None if args.actors is None else [a.strip() for a in args.actors.split(",")
                                                if a.strip()]
    table = aggregate(args.files, period=args.period, dyads=args.dyads, mapping=args.mapping,
                      scale=args.scale, weight=args.weight, actors=actors, engine=args.engine,
                      scheduler=args.scheduler, strict=args.strict,
                      chunk_rows=args.chunk_rows)
    if args.format == "parquet":
        import io

        arrow = table.to_arrow()  # a clear error when pyarrow is missing
        import pyarrow.parquet as pq

        buf = io.BytesIO()
        pq.write_table(arrow, buf)
        atomic_write(Path(args.out), buf.getvalue())
    elif args.format == "json":
        if args.out:  # row blocks as they come: memory does not grow with the rows
            atomic_write(Path(args.out), table.json_blocks())
        else:
            emit_json_stream(table.json_stream())
    elif args.out:
        atomic_write(Path(args.out), table.csv_blocks())
    else:
        for block in table.csv_blocks():
            sys.stdout.write(block)
    if args.table:
        measures = None if args.measures is None else [
            m.strip() for m in args.measures.split(",") if m.strip()]
        n = write_table(table, args.table, measures=measures)
        print(f"relindex events: wrote {n} indicator rows to {safe(args.table)}",
              file=sys.stderr)
    for reason, count in table.malformed.items():
        where = table.malformed_first.get(reason, "")
        print(f"relindex events: {count} malformed row(s): {reason.replace('_', ' ')}"
              f" (first at {safe(where)})", file=sys.stderr)
    for reason, count in table.skipped.items():
        print(f"relindex events: {count} row(s) skipped: {reason.replace('_', ' ')}",
              file=sys.stderr)
    return 0
