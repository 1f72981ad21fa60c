"""Aggregate coded event files into dyad-period measures, in chunks, within bounded memory.

The steps live in their own modules: `relindex.events.readers` and
`relindex.events.parquet` read files in chunks (text dictionary-encoded, Parquet
with its types, only the columns the scale needs); `relindex.events.decode` turns
dates and numbers into codes; `relindex.events.accumulate` sums chunks exactly;
`relindex.events.dense` aggregates integer-coded arrays already in memory;
`relindex.events._dask` runs one task per file on a cluster. Every sum is an integer,
so the table does not depend on the chunking, the order of the files or the engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

from ..errors import RelindexError
from .accumulate import Accumulator, Dyads, Period, check_actors
from .dense import aggregate_arrays
from .files import Progress, aggregate_file
from .mapping import ColumnMapping
from .readers import ReadEngine
from .table import EventTable

__all__ = ["aggregate", "aggregate_arrays"]


def aggregate(
    paths: str | Path | Iterable[str | Path],
    *,
    period: Period = "year",
    dyads: Dyads = "undirected",
    mapping: ColumnMapping | str | Path | None = None,
    scale: str = "goldstein",
    weight: str | int | None = None,
    actors: Sequence[str] | None = None,
    engine: Literal["local", "dask"] = "local",
    scheduler: str | None = None,
    strict: bool = False,
    chunk_rows: int = 250_000,
    read_engine: ReadEngine = "auto",
    progress: bool | None = None,
) -> EventTable:
    r"""Read coded event files and aggregate them per dyad and period.

    Parameters
    ----------
    paths : path or iterable of paths
        Event files: CSV/TSV with a header (GDELT, ICEWS or relindex column names),
        GDELT's headerless daily export, Parquet (needs pyarrow), or any layout with
        a `mapping`.
    period : {"year", "month"}, default "year"
        The period unit.
    dyads : {"undirected", "directed"}, default "undirected"
        Undirected dyads add A→B and B→A events together.
    mapping : ColumnMapping or path of a mapping TOML file, optional
        The layout, when it is not recognised from the header.
    scale : {"goldstein", "plover", "column"}, default "goldstein"
        How events are scored (see `relindex.events.scales`).
    weight : str or int, optional
        A column of non-negative integer weights (``"NumMentions"``,
        ``"NumArticles"``): adds the ``weighted_*`` columns.
    actors : sequence of str, optional
        Keep only dyads between these actors (others are counted in ``skipped``).
    engine : {"local", "dask"}, default "local"
        ``"dask"`` runs one task per file on a Dask cluster (``pip install
        'relindex[dask]'``) and merges the exact partial sums: the same table.
    scheduler : str, optional
        Address of a Dask scheduler; default a local cluster.
    strict : bool, default False
        Raise `EventDataError` (naming the file and line) at the first malformed row
        instead of counting it in ``malformed``.
    chunk_rows : int, default 250000
        Largest number of rows per chunk (per file task under Dask). The reader
        parses at most two chunks ahead of the one being summed, so memory holds
        about four chunks at once.
    read_engine : {"auto", "csv", "pyarrow"}, default "auto"
        Text reader (pyarrow when installed).
    progress : bool, optional
        A progress line on stderr; default: only when stderr is a terminal.

    Returns
    -------
    EventTable

    Examples
    --------
    >>> import pathlib, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "ev.csv").write_text(
    ...     "date,source,target,code\n20230105,CHN,RUS,062\n20230301,RUS,CHN,112\n")
    >>> t = aggregate(d / "ev.csv")
    >>> t.to_records()[0]["events"], t["goldstein_sum"].tolist(), t["period"].tolist()
    (2, [5.4], ['2023'])
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    files = [Path(p) for p in paths]
    if not files:
        raise RelindexError("no event files given", key="paths", fix="pass one or more files")
    if isinstance(chunk_rows, bool) or not isinstance(chunk_rows, int) or chunk_rows < 1:
        raise RelindexError("must be a whole number >= 1", key="chunk_rows", value=chunk_rows,
                            fix="pass e.g. chunk_rows=250000")
    check_actors(actors)
    if read_engine not in ("auto", "csv", "pyarrow"):
        raise RelindexError("must be 'auto', 'csv' or 'pyarrow'", key="read_engine",
                            value=read_engine, fix="pass read_engine='auto'")
    if mapping is not None and not isinstance(mapping, str | Path | ColumnMapping):
        raise RelindexError("must be a ColumnMapping or the path of a mapping file",
                            key="mapping", value=mapping,
                            fix="pass mapping='mapping.toml' or a ColumnMapping")
    if isinstance(mapping, str | Path):
        from .mapping import load_mapping

        mapping = load_mapping(mapping)
    options = dict(period=period, dyads=dyads, scale=scale, weighted=weight is not None
                   or (mapping is not None and mapping.weight is not None),
                   strict=strict, actors=actors)
    label = None if weight is None and (mapping is None or mapping.weight is None) else str(
        weight if weight is not None else mapping.weight if mapping is not None else "")
    if engine == "dask":
        from ._dask import aggregate_dask

        return aggregate_dask(files, options, mapping=mapping, weight=weight,
                              chunk_rows=chunk_rows, read_engine=read_engine,
                              scheduler=scheduler, label=label)
    if engine != "local":
        raise RelindexError("must be 'local' or 'dask'", key="engine", value=engine,
                            fix="pass engine='local' or engine='dask'")
    acc = Accumulator(**options, merge_rows=chunk_rows)  # type: ignore[arg-type]
    bar = Progress(progress)
    try:
        for i, f in enumerate(files, start=1):
            aggregate_file(f, acc, mapping=mapping, weight=weight, chunk_rows=chunk_rows,
                           read_engine=read_engine, progress=bar, index=(i, len(files)))
    finally:
        bar.close()
    return acc.table(weight=label)
