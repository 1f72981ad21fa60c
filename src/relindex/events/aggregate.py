"""Aggregate coded events into dyad-period measures, in chunks, within bounded memory.

The pipeline per chunk of rows (see `relindex.events.readers` for the reading; events
already in memory as integer codes take the dense path of `aggregate_arrays`):

1. decode the few distinct strings of each column (dates → period codes, codes →
   quad class and fixed-point score, actors → global integer ids) and `numpy.take`
   them to the rows; a row that fails is counted under its reason;
2. factorise the chunk's dyads and periods to dense local codes and sum the chunk
   with `numpy.bincount` on the flat cell index (`relindex._core.events.cell_sums`);
3. keep the non-empty cells as (key, sums) and merge them into the running table
   from time to time (`relindex._core.events.merge_sums`).

Peak memory is one chunk (``chunk_rows`` rows of the mapped columns) plus the output
table. Every sum is an integer, so the result does not depend on ``chunk_rows``, on
the order of the files, or on how a cluster splits the work.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from .._core.events import STATS, WEIGHTED_STATS, cell_sums, factorize, merge_sums, to_fixed
from ..errors import LimitExceededError, RelindexError
from .errors import EventDataError
from .mapping import ColumnMapping
from .readers import Chunk, Encoded, ReadEngine, read_chunks
from .scales import SCALES, Scale, get_scale
from .table import EventTable

__all__ = ["Accumulator", "Partial", "aggregate", "aggregate_arrays"]

Period = Literal["month", "year"]
Dyads = Literal["undirected", "directed"]

#: Reasons a row is malformed, in the order they are checked (a row counts once).
REASONS = ("short_row", "missing_actor", "bad_date", "unknown_code", "unmapped_code",
           "bad_quad", "bad_score", "bad_weight")

_BITS = 21
_MASK = (1 << _BITS) - 1
_DAYS = np.array([0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def parse_period(text: str, unit: str) -> int:
    """Period code of a date string, -1 when it is not a date.

    Month codes are ``12 * year + month - 1``; year codes are the year. Accepted:
    ``YYYYMMDD``, ``YYYY-MM-DD`` (optionally followed by a time), ``YYYYMM``,
    ``YYYY-MM``, ``YYYY`` (the last only for yearly periods).

    Examples
    --------
    >>> parse_period("20230415", "month"), parse_period("2023-04-15", "year")
    (24279, 2023)
    >>> parse_period("2023-02-30", "month"), parse_period("2023", "month")
    (-1, -1)
    """
    s = text.strip()
    if len(s) > 10 and s[10] in " T":
        s = s[:10]
    if len(s) == 10 and s[4] == "-" and s[7] == "-":
        y, m, d = s[:4], s[5:7], s[8:]
    elif len(s) == 8:
        y, m, d = s[:4], s[4:6], s[6:]
    elif len(s) == 7 and s[4] == "-":
        y, m, d = s[:4], s[5:], "01"
    elif len(s) == 6:
        y, m, d = s[:4], s[4:], "01"
    elif len(s) == 4 and unit == "year":
        y, m, d = s, "01", "01"
    else:
        return -1
    if not (y.isdigit() and m.isdigit() and d.isdigit()):
        return -1
    year, month, day = int(y), int(m), int(d)
    if year < 1 or not 1 <= month <= 12 or not 1 <= day <= _DAYS[month]:
        return -1
    if month == 2 and day == 29 and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        return -1
    return year if unit == "year" else 12 * year + month - 1


def period_label(code: int, unit: str) -> str:
    """``"2023-04"`` or ``"2023"`` for a period code."""
    if unit == "year":
        return f"{code:04d}"
    return f"{code // 12:04d}-{code % 12 + 1:02d}"


def _number(text: str) -> float | None:
    try:
        v = float(text)
    except ValueError:
        return None
    return v if np.isfinite(v) else None


@dataclass
class Partial:
    """Mergeable state of an aggregation: actor names, cell keys and exact sums, counts."""

    actors: list[str]
    keys: NDArray[np.int64]
    sums: NDArray[np.int64]
    malformed: Counter[str] = field(default_factory=Counter)
    first: dict[str, tuple[str, int]] = field(default_factory=dict)
    skipped: Counter[str] = field(default_factory=Counter)
    rows: int = 0
    largest_chunk: int = 0


class Accumulator:
    """Running dyad-period sums over chunks of events.

    Parameters
    ----------
    period : {"month", "year"}
    dyads : {"undirected", "directed"}
    scale : {"goldstein", "plover", "column"}
    weighted : bool
        Whether chunks carry a weight column.
    strict : bool
        Raise `EventDataError` at the first malformed row instead of counting it.
    actors : sequence of str, optional
        Keep only dyads whose both actors are in this set.
    merge_rows : int
        Merge pending chunk tables into the running table once they hold this many rows.
    """

    def __init__(self, *, period: Period = "year", dyads: Dyads = "undirected",
                 scale: str = "goldstein", weighted: bool = False, strict: bool = False,
                 actors: Sequence[str] | None = None, merge_rows: int = 250_000) -> None:
        if period not in ("month", "year"):
            raise RelindexError("must be 'month' or 'year'", key="period", value=period,
                                fix="pass period='month' or period='year'")
        if dyads not in ("undirected", "directed"):
            raise RelindexError("must be 'undirected' or 'directed'", key="dyads", value=dyads,
                                fix="pass dyads='undirected' or dyads='directed'")
        if scale not in SCALES:
            raise RelindexError("is not a known scale", key="scale", value=scale,
                                fix="choose one of " + ", ".join(SCALES))
        self.period, self.dyads, self.strict = period, dyads, strict
        self.scale: Scale = get_scale(scale)
        self.weighted = weighted
        self.keep = None if actors is None else frozenset(actors)
        self.merge_rows = merge_rows
        self.actor_ids: dict[str, int] = {}
        self.width = len(STATS) + (len(WEIGHTED_STATS) if weighted else 0)
        self.keys = np.zeros(0, np.int64)
        self.sums = np.zeros((0, self.width), np.int64)
        self._pending: list[tuple[NDArray[np.int64], NDArray[np.int64]]] = []
        self._pending_rows = 0
        self.malformed: Counter[str] = Counter()
        self.first: dict[str, tuple[str, int]] = {}
        self.skipped: Counter[str] = Counter()
        self.rows = 0
        self.largest_chunk = 0
        self.files: list[str] = []

    # --- decoding -------------------------------------------------------------------------

    def _actors(self, enc: Encoded) -> NDArray[np.int64]:
        lut = np.empty(len(enc.uniques), np.int64)
        for i, u in enumerate(enc.uniques):
            name = u.strip()
            lut[i] = self.actor_ids.setdefault(name, len(self.actor_ids)) if name else -1
        if len(self.actor_ids) > _MASK:
            raise LimitExceededError(f"more than {_MASK} distinct actors", key="source/target",
                                     fix="aggregate country codes rather than free-text names")
        return lut[enc.index] if enc.index.size else np.zeros(0, np.int64)

    def _periods(self, enc: Encoded) -> NDArray[np.int64]:
        lut = np.array([parse_period(u, self.period) for u in enc.uniques] or [-1], np.int64)
        return lut[enc.index]

    def _codes(self, cols: dict[str, Encoded]) -> tuple[NDArray[np.int64], NDArray[np.int64],
                                                        NDArray[np.int8]]:
        """Quad class (0-3), fixed-point score and status (0 ok, 1 unknown, 2 unmapped)."""
        if "event_type" in cols:
            et = cols["event_type"]
            if "mode" in cols:
                md = cols["mode"]
                pair = et.index * max(len(md.uniques), 1) + md.index
                idx, uniq = factorize(pair, size=max(len(et.uniques), 1) * max(len(md.uniques), 1))
                n_m = max(len(md.uniques), 1)
                labels = [et.uniques[u // n_m].strip().upper() + "|"
                          + md.uniques[u % n_m].strip().lower() for u in uniq.tolist()]
                labels = [lb.rstrip("|") for lb in labels]
            else:
                idx, labels = et.index, [u.strip().upper() for u in et.uniques]
        elif "code" in cols:
            idx, labels = cols["code"].index, [u.strip() for u in cols["code"].uniques]
        else:
            n = len(next(iter(cols.values())).index)
            return np.zeros(n, np.int64), np.zeros(n, np.int64), np.zeros(n, np.int8)
        quad = np.zeros(len(labels) or 1, np.int64)
        score = np.zeros(len(labels) or 1, np.float64)
        status = np.zeros(len(labels) or 1, np.int8)
        cameo = get_scale("goldstein") if self.scale.name == "plover" else None
        for i, lab in enumerate(labels):
            hit = self.scale.lookup(lab)
            if hit is None:
                status[i] = 2 if cameo is not None and cameo.lookup(lab) is not None else 1
                continue
            quad[i] = hit[0] - 1
            score[i] = 0.0 if hit[1] is None else hit[1]
        return quad[idx], to_fixed(score)[idx], status[idx]

    @staticmethod
    def _numbers(enc: Encoded) -> NDArray[np.float64]:
        vals = [_number(u) for u in enc.uniques]
        lut = np.array([np.nan if v is None else v for v in vals] or [np.nan], np.float64)
        return lut[enc.index]

    # --- one chunk ------------------------------------------------------------------------

    def add(self, chunk: Chunk) -> None:
        """Decode a chunk, count its malformed rows and add its events."""
        n = len(chunk)
        self.rows += n
        self.largest_chunk = max(self.largest_chunk, n)
        if n == 0:
            return
        cols = chunk.columns
        reason = np.zeros(n, np.int8)  # 0 ok, else 1 + index into REASONS

        def flag(mask: NDArray[np.bool_], name: str) -> None:
            hit = mask & (reason == 0)
            if hit.any():
                reason[hit] = REASONS.index(name) + 1

        if chunk.short.size:
            flag(chunk.short, "short_row")
        src = self._actors(cols["source"])
        tgt = self._actors(cols["target"])
        flag((src < 0) | (tgt < 0), "missing_actor")
        per = self._periods(cols["date"])
        flag(per < 0, "bad_date")
        quad, score, status = self._codes(cols)
        flag(status == 1, "unknown_code")
        flag(status == 2, "unmapped_code")
        if "quad" in cols:
            qv = self._numbers(cols["quad"])
            okq = np.isin(qv, (1.0, 2.0, 3.0, 4.0))
            flag(~okq, "bad_quad")
            quad = np.where(okq, qv - 1, 0).astype(np.int64)
        if self.scale.name == "column":
            if "score" not in cols:
                raise RelindexError("scale 'column' needs a score column", key="scale",
                                    fix="map a 'score' column, or use scale='goldstein'")
            sv = self._numbers(cols["score"])
            flag(np.isnan(sv), "bad_score")
            score = to_fixed(np.nan_to_num(sv))
        weight = None
        if self.weighted:
            wv = self._numbers(cols["weight"])
            okw = (wv >= 0) & (wv == np.floor(wv)) & (wv < 2**40)
            flag(~okw, "bad_weight")
            weight = np.where(okw, wv, 0).astype(np.int64)
        self._report(chunk, reason)
        ok = reason == 0
        same = ok & (src == tgt)
        if same.any():
            self.skipped["same_actor"] += int(same.sum())
            ok &= ~same
        if self.keep is not None:
            names = np.array([a in self.keep for a in self.actor_ids], bool)
            inside = names[np.maximum(src, 0)] & names[np.maximum(tgt, 0)]
            other = ok & ~inside
            if other.any():
                self.skipped["other_actor"] += int(other.sum())
                ok &= inside
        if not ok.all():
            src, tgt, per, quad, score = src[ok], tgt[ok], per[ok], quad[ok], score[ok]
            weight = None if weight is None else weight[ok]
        self.add_codes(src, tgt, per, quad, score, weight)

    def _report(self, chunk: Chunk, reason: NDArray[np.int8]) -> None:
        bad = np.flatnonzero(reason)
        if bad.size == 0:
            return
        if self.strict:
            i = int(bad[0])
            name = REASONS[reason[i] - 1]
            role = {"missing_actor": "source/target", "bad_date": "date",
                    "unknown_code": "code", "unmapped_code": "code", "bad_quad": "quad",
                    "bad_score": "score", "bad_weight": "weight"}.get(name, "row")
            value = ""
            first_role = role.split("/")[0]
            if first_role in chunk.columns:
                enc = chunk.columns[first_role]
                value = enc.uniques[enc.index[i]] if enc.uniques else ""
                if name == "missing_actor":
                    s, t = chunk.columns["source"], chunk.columns["target"]
                    value = f"{s.uniques[s.index[i]]!r} -> {t.uniques[t.index[i]]!r}"
            raise EventDataError(name, path=chunk.path, line=int(chunk.lines[i]), column=role,
                                 value=value)
        counts = np.bincount(reason[bad], minlength=len(REASONS) + 1)
        for k in np.flatnonzero(counts):
            name = REASONS[k - 1]
            self.malformed[name] += int(counts[k])
            if name not in self.first:
                i = int(bad[np.argmax(reason[bad] == k)])
                self.first[name] = (chunk.path, int(chunk.lines[i]))

    # --- integer codes --------------------------------------------------------------------

    def add_codes(self, src: NDArray[np.int64], tgt: NDArray[np.int64], per: NDArray[np.int64],
                  quad: NDArray[np.int64], score: NDArray[np.int64],
                  weight: NDArray[np.int64] | None = None) -> None:
        """Add events already coded: actor ids, period codes, quad (0-3), fixed-point score."""
        if src.size == 0:
            return
        if self.dyads == "undirected":
            src, tgt = np.minimum(src, tgt), np.maximum(src, tgt)
        na = max(len(self.actor_ids), int(max(src.max(), tgt.max())) + 1)
        dyad = src * na + tgt
        ld, dyad_u = factorize(dyad, size=na * na)
        p0 = int(per.min())
        lp, per_u = factorize(per - p0, size=int(per.max()) - p0 + 1)
        per_u += p0
        n_ld = dyad_u.size
        cell = lp * n_ld + ld
        n_cells = n_ld * per_u.size
        n_lp = per_u.size
        if n_cells > max(4 * cell.size, 1 << 16):
            cell, cells = factorize(cell)
            sums = cell_sums(cell, quad, score, cells.size, weight)
            dy, pc = dyad_u[cells % n_ld], per_u[cells // n_ld]
        else:
            # summed period-major (time-ordered events hit a small block of cells), then
            # laid out dyad-major so that the keys come out sorted
            sums = cell_sums(cell, quad, score, n_cells, weight)
            sums = sums.reshape(n_lp, n_ld, -1).transpose(1, 0, 2).reshape(n_cells, -1)
            cells = np.flatnonzero(sums[:, 0] + sums[:, 1] + sums[:, 2] + sums[:, 3])
            sums = sums[cells]
            dy, pc = dyad_u[cells // n_lp], per_u[cells % n_lp]
        keys = ((dy // na) << (2 * _BITS)) | ((dy % na) << _BITS) | pc
        self._pending.append((keys, sums))
        self._pending_rows += keys.size
        if self._pending_rows >= max(self.merge_rows, self.keys.size):
            self.merge()

    def merge(self) -> None:
        """Fold the pending chunk tables into the running table."""
        if not self._pending:
            return
        if self.keys.size == 0 and len(self._pending) == 1:
            keys, sums = self._pending[0]
            if keys.size < 2 or bool(np.all(keys[1:] > keys[:-1])):
                self.keys, self.sums = keys, sums
                self._pending, self._pending_rows = [], 0
                return
        keys = np.concatenate([self.keys, *(k for k, _ in self._pending)])
        sums = np.vstack([self.sums, *(s for _, s in self._pending)])
        self.keys, self.sums = merge_sums(keys, sums)
        self._pending, self._pending_rows = [], 0

    # --- partial states (for clusters) --------------------------------------------------

    def partial(self) -> Partial:
        """The state as a picklable `Partial`."""
        self.merge()
        return Partial(list(self.actor_ids), self.keys, self.sums, Counter(self.malformed),
                       dict(self.first), Counter(self.skipped), self.rows, self.largest_chunk)

    def absorb(self, part: Partial) -> None:
        """Add another aggregation's state (same period, dyads, scale and weighting)."""
        self.rows += part.rows
        self.largest_chunk = max(self.largest_chunk, part.largest_chunk)
        self.malformed.update(part.malformed)
        self.skipped.update(part.skipped)
        for k, v in part.first.items():
            self.first.setdefault(k, v)
        if part.keys.size == 0:
            return
        lut = np.array([self.actor_ids.setdefault(a, len(self.actor_ids))
                        for a in part.actors], np.int64)
        a = lut[part.keys >> (2 * _BITS)]
        b = lut[(part.keys >> _BITS) & _MASK]
        if self.dyads == "undirected":
            a, b = np.minimum(a, b), np.maximum(a, b)
        keys = (a << (2 * _BITS)) | (b << _BITS) | (part.keys & _MASK)
        self._pending.append((keys, part.sums))
        self._pending_rows += keys.size
        self.merge()

    # --- result ---------------------------------------------------------------------------

    def table(self, *, weight: str | None = None) -> EventTable:
        """The `EventTable`, rows sorted by source, target, period."""
        self.merge()
        names = np.array(list(self.actor_ids) or [""], dtype=object)
        a = self.keys >> (2 * _BITS)
        b = (self.keys >> _BITS) & _MASK
        per = self.keys & _MASK
        rank = np.empty(names.size, np.int64)
        rank[np.argsort(names, kind="stable")] = np.arange(names.size)
        in_order = bool(np.all(rank[1:] > rank[:-1]))  # ids already in name order
        if self.dyads == "undirected" and not in_order:
            swap = rank[a] > rank[b]
            a, b = np.where(swap, b, a), np.where(swap, a, b)
        p0 = int(per.min()) if per.size else 0
        sums = self.sums
        if not in_order:  # one int64 sort key: source rank, target rank, period (< 2**21 each)
            order = np.argsort((rank[a] << (2 * _BITS)) | (rank[b] << _BITS) | per,
                               kind="stable")
            a, b, per, sums = a[order], b[order], per[order], sums[order]
        p_idx, p_u = factorize(per - p0, size=int(per.max()) - p0 + 1 if per.size else 1)
        p_labels = np.array([period_label(int(p) + p0, self.period) for p in p_u] or [""],
                            dtype=object)
        labels = p_labels[p_idx] if p_idx.size else np.zeros(0, dtype=object)
        first = {k: f"{p}:{line}" for k, (p, line) in sorted(self.first.items())}
        return EventTable.from_sums(
            names[a], names[b], labels, sums,
            period=self.period, dyads=self.dyads, scale=self.scale.name,
            citation=self.scale.citation, weight=weight,
            malformed={r: self.malformed[r] for r in REASONS if self.malformed[r]},
            malformed_first=first, skipped=dict(sorted(self.skipped.items())), rows=self.rows,
            files=tuple(self.files))


class _Progress:
    """A one-line progress note on stderr, only when stderr is a terminal."""

    def __init__(self, enabled: bool | None) -> None:
        self.on = sys.stderr.isatty() if enabled is None else enabled
        self.shown = False

    def update(self, path: str, i: int, n: int, rows: int) -> None:
        if self.on:
            sys.stderr.write(f"\rrelindex events: file {i}/{n} {Path(path).name}: "
                             f"{rows:,} rows read")
            sys.stderr.flush()
            self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()


def aggregate_file(path: str | Path, acc: Accumulator, *, mapping: ColumnMapping | None,
                   weight: str | int | None, chunk_rows: int, read_engine: ReadEngine,
                   progress: _Progress | None = None, index: tuple[int, int] = (1, 1)) -> None:
    """Read one file in chunks into an accumulator."""
    m, chunks = read_chunks(path, mapping, chunk_rows=chunk_rows, engine=read_engine,
                            weight=weight)
    if acc.weighted and m.weight is None:
        raise RelindexError("weighted aggregation needs a weight column", path=path,
                            key="weight", fix="pass weight='NumMentions' (or map 'weight')")
    acc.files.append(str(path))
    for chunk in chunks:
        acc.add(chunk)
        if progress is not None:
            progress.update(str(path), index[0], index[1], acc.rows)


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
        Largest number of rows held in memory at once (per file task under Dask).
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
    if not isinstance(chunk_rows, int) or chunk_rows < 1:
        raise RelindexError("must be a whole number >= 1", key="chunk_rows", value=chunk_rows,
                            fix="pass e.g. chunk_rows=250000")
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
    bar = _Progress(progress)
    try:
        for i, f in enumerate(files, start=1):
            aggregate_file(f, acc, mapping=mapping, weight=weight, chunk_rows=chunk_rows,
                           read_engine=read_engine, progress=bar, index=(i, len(files)))
    finally:
        bar.close()
    return acc.table(weight=label)


def aggregate_arrays(
    source: Any, target: Any, period: Any, code: Any, *,
    actors: Sequence[str] | None = None, codes: Sequence[str] | None = None,
    unit: Period = "month", dyads: Dyads = "undirected", scale: str = "goldstein",
    chunk_rows: int | None = None,
) -> EventTable:
    """Aggregate events held in memory as integer-coded (categorical) arrays.

    Parameters
    ----------
    source, target : ndarray of int, shape (n,)
        Actor of each event, as an index into `actors` (any integer dtype; int16 or
        int32 codes are read as they are).
    period : ndarray of int, shape (n,)
        Period code of each event: ``12 * year + month - 1`` (``unit="month"``) or
        the year.
    code : ndarray of int, shape (n,)
        Event code of each event, as an index into `codes` (CAMEO codes or PLOVER
        categories).
    actors, codes : sequence of str
        The category names.
    unit, dyads, scale
        As `aggregate`'s ``period``, ``dyads``, ``scale``.
    chunk_rows : int, optional
        Largest number of events decoded at once; default 65,536, which keeps the
        temporaries of a pass (about 50 bytes per event) in the processor's cache.

    Notes
    -----
    When the dyad-period cells are few enough to hold densely (at most
    ``max(8 n, 2**22)`` counters), every event is summed into a dense period-major
    table with `numpy.bincount`, one cache-sized block at a time: its flat index
    ``(class, period, dyad)`` comes from two small lookup tables (the dyad of each
    pair of actor codes, and the quad-and-sign class of each event code), so no
    sort or factorisation is needed. Otherwise the events go through
    `Accumulator.add_codes` (sparse keys). Either way every sum is an exact integer
    and the table is the same.

    Raises
    ------
    RelindexError
        When the category names are missing, a code is not one of the scale's, or an
        actor or event code lies outside its categories.

    Examples
    --------
    >>> t = aggregate_arrays(np.array([0, 1]), np.array([1, 0]),
    ...                      np.array([24276, 24276]), np.array([0, 1]),
    ...                      actors=["CHN", "RUS"], codes=["062", "112"])
    >>> t["source"].tolist(), t["period"].tolist(), t["events"].tolist()
    (['CHN'], ['2023-01'], [2])
    """
    if actors is None or codes is None:
        raise RelindexError("integer-coded arrays need their category names",
                            key="actors/codes", fix="pass actors=[...] and codes=[...]")
    if chunk_rows is not None and (not isinstance(chunk_rows, int) or chunk_rows < 1):
        raise RelindexError("must be a whole number >= 1", key="chunk_rows", value=chunk_rows,
                            fix="pass e.g. chunk_rows=65536")
    n = len(source)
    if not len(target) == len(period) == len(code) == n:
        raise RelindexError("source, target, period and code differ in length",
                            key="source/target/period/code",
                            value=[n, len(target), len(period), len(code)],
                            fix="pass one value per event in each array")
    block = _BLOCK if chunk_rows is None else min(chunk_rows, _BLOCK)
    acc = Accumulator(period=unit, dyads=dyads, scale=scale, merge_rows=max(block, 1))
    for name in sorted(set(actors)):  # ids in name order: the table needs no final sort
        acc.actor_ids[name] = len(acc.actor_ids)
    ids = np.array([acc.actor_ids[a] for a in actors], np.int64)
    cols = {"code": Encoded(np.arange(len(codes), dtype=np.int64), list(codes))}
    qlut, slut, status = acc._codes(cols)
    if status.any():
        bad = [codes[int(i)] for i in np.flatnonzero(status)]
        raise RelindexError("are not codes of the scale", key="codes", value=bad[:5],
                            fix="drop those events or choose another scale")
    acc.rows = n
    if n == 0:
        return acc.table()
    period = np.asarray(period)
    if period.dtype.kind not in "iu":
        raise RelindexError("must be integer period codes", key="period",
                            value=str(period.dtype), fix="pass 12 * year + month - 1, or the year")
    p_lo, p_hi = int(period.min()), int(period.max())
    dense = _Dense.plan(acc, ids, qlut, slut, p_lo, p_hi, n)
    if dense is not None:
        return dense.run(acc, source, target, period, code, block)
    for s in range(0, n, block):
        e = min(n, s + block)
        a = ids.take(_checked(source[s:e], ids.size, "source"))
        b = ids.take(_checked(target[s:e], ids.size, "target"))
        c = _checked(code[s:e], len(codes), "code")
        keep = a != b
        per = np.asarray(period[s:e], np.int64)
        if not keep.all():
            acc.skipped["same_actor"] += int((~keep).sum())
            a, b, c, per = a[keep], b[keep], c[keep], per[keep]
        acc.add_codes(a, b, per, qlut.take(c), slut.take(c))
        acc.largest_chunk = max(acc.largest_chunk, e - s)
    return acc.table()


#: Events decoded at once by `aggregate_arrays` (its temporaries stay in cache).
_BLOCK = 1 << 16
#: Largest dense table (counters per class, period and dyad) `aggregate_arrays` allocates.
_DENSE_CELLS = 1 << 27


def _checked(x: Any, size: int, key: str) -> NDArray[np.intp]:
    """Category codes as intp, checked to lie in ``0..size-1``."""
    arr = np.asarray(x)
    if arr.dtype.kind not in "iu":
        raise RelindexError("must be integer category codes", key=key, value=str(arr.dtype),
                            fix="pass indices into the category names")
    if arr.size and (int(arr.min()) < 0 or int(arr.max()) >= size):
        raise RelindexError(f"holds codes outside 0..{size - 1}", key=key,
                            value=[int(arr.min()), int(arr.max())],
                            fix="drop events with a missing category (code -1) first")
    return arr.astype(np.intp, copy=False)


@dataclass
class _Dense:
    """Dense period-major sums for `aggregate_arrays`.

    Six planes (quad1..quad4 counts, positive and negative score mass) of
    ``n_periods x (n_dyads + 1)`` cells; dyads are numbered in (source, target) name
    order, and the extra last one collects same-actor events, which are skipped. A
    block of events is summed with `numpy.bincount` on the flat index ``(class, period
    - first period of the block, dyad)`` over only the periods the block spans (one,
    for time-ordered events), where the class is the quad class and sign of the score
    of the event code (five classes for the Goldstein scale).
    """

    pair: NDArray[np.intp]       # (actor code * n_actor_codes + actor code) -> dyad
    dyad_a: NDArray[np.intp]     # dyad -> source id
    dyad_b: NDArray[np.intp]     # dyad -> target id
    klass: NDArray[np.intp]      # event code -> class
    mass: NDArray[np.float64]    # event code -> |fixed-point score|
    quad: NDArray[np.intp]       # class -> quad class (0-3)
    negative: NDArray[np.bool_]  # class -> score < 0
    n_actor_codes: int
    p0: int
    n_periods: int

    @classmethod
    def plan(cls, acc: Accumulator, ids: NDArray[np.int64], qlut: NDArray[np.int64],
             slut: NDArray[np.int64], p_lo: int, p_hi: int, n: int) -> _Dense | None:
        m = len(acc.actor_ids)
        if acc.dyads == "undirected":
            dyad_a, dyad_b = np.triu_indices(m, 1)
        else:
            dyad_a, dyad_b = np.nonzero(~np.eye(m, dtype=bool))
        n_dyads = dyad_a.size
        code_class = qlut * 2 + (slut < 0)
        kinds, klass = np.unique(code_class, return_inverse=True)
        n_cells = kinds.size * (p_hi - p_lo + 1) * (n_dyads + 1)
        if (n_cells > min(max(8 * n, 1 << 22), _DENSE_CELLS) or ids.size ** 2 > 1 << 24
                or n * float(np.abs(slut).max(initial=0)) >= 2.0 ** 53):
            return None
        # dyad of each pair of actor codes; n_dyads for a same-actor pair
        dyad = np.full((m, m), n_dyads, np.intp)
        dyad[dyad_a, dyad_b] = np.arange(n_dyads)
        if acc.dyads == "undirected":
            dyad[dyad_b, dyad_a] = np.arange(n_dyads)
        pair = dyad[ids[:, None], ids[None, :]].reshape(-1)
        return cls(pair, dyad_a.astype(np.intp), dyad_b.astype(np.intp),
                   klass.reshape(-1).astype(np.intp), np.abs(slut).astype(np.float64),
                   (kinds // 2).astype(np.intp), kinds % 2 == 1, int(ids.size), p_lo,
                   p_hi - p_lo + 1)

    def run(self, acc: Accumulator, source: Any, target: Any, period: NDArray[Any],
            code: Any, block: int) -> EventTable:
        n, n_codes, n_actor_codes = len(source), self.klass.size, self.n_actor_codes
        width = self.dyad_a.size + 1
        k = self.quad.size
        # sums in period-major planes: quad1..quad4 counts, positive and negative mass
        # (float64 holding exact integers: every sum stays below 2**53, see `plan`)
        planes = [np.zeros(self.n_periods * width, np.int64) for _ in range(4)]
        planes += [np.zeros(self.n_periods * width, np.float64) for _ in range(2)]
        to_quad = [planes[int(q)] for q in self.quad]
        to_sign = [planes[5 if g else 4] for g in self.negative]
        for s in range(0, n, block):
            e = min(n, s + block)
            flat = np.multiply(_checked(source[s:e], n_actor_codes, "source"), n_actor_codes)
            flat += _checked(target[s:e], n_actor_codes, "target")
            cell = self.pair.take(flat)  # the dyad
            c = _checked(code[s:e], n_codes, "code")
            p = period[s:e]
            lo, hi = int(p.min()), int(p.max())
            span = (hi - lo + 1) * width
            if hi > lo:  # time-ordered events: most blocks fall in one period
                off = np.multiply(p, width, dtype=np.intp)
                off -= lo * width
                cell += off
            if k > 1:
                key = self.klass.take(c)
                key *= span
                key += cell
            else:
                key = cell
            at = (lo - self.p0) * width
            counts = np.bincount(key, minlength=k * span).reshape(k, span)
            mass = np.bincount(key, weights=self.mass.take(c), minlength=k * span)
            mass = mass.reshape(k, span)
            for j in range(k):
                to_quad[j][at:at + span] += counts[j]
                to_sign[j][at:at + span] += mass[j]
        acc.largest_chunk = min(n, block)
        return self._table(acc, planes)

    def _table(self, acc: Accumulator, planes: list[NDArray[Any]]) -> EventTable:
        n_dyads, n_per = self.dyad_a.size, self.n_periods
        shape = (n_per, n_dyads + 1)
        events = planes[0] + planes[1]
        events += planes[2]
        events += planes[3]
        same = int(events.reshape(shape)[:, n_dyads].sum())
        if same:
            acc.skipped["same_actor"] += same
        # the non-empty cells in dyad-major order (rows sorted by source, target, period)
        full = np.empty((n_dyads, n_per), bool)
        full[...] = (events.reshape(shape)[:, :n_dyads] != 0).T
        del events
        cell = np.flatnonzero(full)
        d_row = cell // n_per
        p_row = cell - d_row * n_per
        at = p_row * (n_dyads + 1)
        at += d_row
        del cell
        sums = [x.take(at) for x in planes[:4]]
        sums += [x.take(at).astype(np.int64) for x in planes[4:]]  # exact integers
        del at, planes
        per_dyad = np.count_nonzero(full, axis=1)
        names = np.array(list(acc.actor_ids), dtype=object)
        labels = np.array([period_label(self.p0 + i, acc.period) for i in range(n_per)],
                          dtype=object)
        first = {r: f"{f}:{line}" for r, (f, line) in sorted(acc.first.items())}
        return EventTable.from_sums(
            np.repeat(names.take(self.dyad_a), per_dyad),
            np.repeat(names.take(self.dyad_b), per_dyad),
            labels.take(p_row), sums, period=acc.period, dyads=acc.dyads,
            scale=acc.scale.name, citation=acc.scale.citation, weight=None,
            malformed={}, malformed_first=first, skipped=dict(sorted(acc.skipped.items())),
            rows=acc.rows, files=())
