"""The Dask engine: one task per file, each the local aggregation; exact partials merged.

Each task reads its file in chunks with the same code as the local engine and returns
a `Partial` (actor names, cell keys, integer sums, malformed counts). The client merges
them in file order. Integer sums add exactly in any order, so the table equals the local
engine's row for row.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import MissingExtraError, RelindexError
from .accumulate import Accumulator, Partial
from .files import aggregate_file
from .mapping import ColumnMapping
from .readers import ReadEngine
from .table import EventTable


def _one_file(path: str, options: dict[str, Any], mapping: ColumnMapping | None,
              weight: str | int | None, chunk_rows: int, read_engine: ReadEngine
              ) -> Partial | RelindexError:
    """One file's partial sums; bad input comes back as a value (no worker traceback log)."""
    acc = Accumulator(**options, merge_rows=chunk_rows)
    try:
        aggregate_file(path, acc, mapping=mapping, weight=weight, chunk_rows=chunk_rows,
                       read_engine=read_engine)
    except RelindexError as e:
        return e
    return acc.partial()


def aggregate_dask(files: list[Path], options: dict[str, Any], *,
                   mapping: ColumnMapping | None, weight: str | int | None, chunk_rows: int,
                   read_engine: ReadEngine, scheduler: str | None,
                   label: str | None) -> EventTable:
    """Aggregate `files` on a Dask cluster (at `scheduler`, or a new local cluster)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise MissingExtraError("engine 'dask' needs dask.distributed",
                                fix="pip install 'relindex[dask]'") from None
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                               dashboard_address=":0")
        client = Client(cluster)
    else:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, ValueError, TypeError) as e:  # unreachable, refused, bad address
            raise RelindexError(f"cannot be reached ({e})", key="scheduler", value=scheduler,
                                fix="pass the address of a running Dask scheduler "
                                "(tcp://HOST:8786), or leave it out for a local "
                                "cluster") from None
    try:
        futures = [client.submit(_one_file, str(f.resolve()), options, mapping, weight,
                                 chunk_rows, read_engine, pure=False) for f in files]
        parts = client.gather(futures)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    acc = Accumulator(**options, merge_rows=chunk_rows)
    for part in parts:
        if isinstance(part, RelindexError):
            raise part
    for f, part in zip(files, parts, strict=True):
        acc.files.append(str(f))
        acc.absorb(part)
    return acc.table(weight=label)
