"""Events held in memory as integer-coded arrays: dense period-major sums in cache-sized blocks.

`aggregate_arrays` takes categorical codes (actors, event codes) and integer period
codes; when the dyad-period cells are few enough it sums into dense counters with
`numpy.bincount` (`_Dense`), otherwise it goes through `Accumulator.add_codes`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import RelindexError
from .accumulate import Accumulator, Dyads, Period, check_actors
from .chunk import Encoded
from .decode import period_label
from .table import EventTable

__all__ = ["aggregate_arrays"]


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
    check_actors(actors)
    if isinstance(codes, str | bytes):
        raise RelindexError("must be a list of event codes", key="codes", value=codes,
                            fix="pass e.g. codes=['062', '112'] (a list, even of one)")
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
    p_lo, p_hi = _period_range(period, unit)
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


def _period_range(period: NDArray[Any], unit: str) -> tuple[int, int]:
    """First and last period code, refusing other dtypes and codes before year 1 or after 9999."""
    if period.dtype.kind not in "iu":
        raise RelindexError("must be integer period codes", key="period",
                            value=str(period.dtype), fix="pass 12 * year + month - 1, or the year")
    p_lo, p_hi = int(period.min()), int(period.max())
    lo, hi = (12, 12 * 9999 + 11) if unit == "month" else (1, 9999)
    if p_lo < lo or p_hi > hi:
        bad = p_lo if p_lo < lo else p_hi
        raise RelindexError(f"holds period codes outside {lo}..{hi} (years 1 to 9999)",
                            key="period", value=bad,
                            fix="pass 12 * year + month - 1 (unit='month') or the year "
                            "(unit='year')")
    return p_lo, p_hi


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
            labels.take(p_row), sums, codes=p_row + self.p0, period=acc.period, dyads=acc.dyads,
            scale=acc.scale.name, citation=acc.scale.citation, weight=None,
            malformed={}, malformed_first=first, skipped=dict(sorted(acc.skipped.items())),
            rows=acc.rows, files=())
