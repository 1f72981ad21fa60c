"""Observations as columns: one entry per reconciled ledger fact or plain table row.

The plain rows of the data tables become observations here, by column (no loop per
row); the ledger's facts become observations in `relindex.scoring.reconcile`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from ..records import UNDATED
from ..result import ExcludedRecord
from .context import Axes, Context

if TYPE_CHECKING:  # the table modules are imported only to read a catalogue's tables
    from ..tables import Table

__all__ = ["LOW_GRADES", "Observations", "table_observations"]

LOW_GRADES = frozenset("DEF")
"""Source grades whose evidence alone marks a cell as resting on weak sources."""

RecordIds = str | tuple[str, ...]
"""A record id, or the ids of the records of one reconciled fact."""


class RowOrder:
    """The file order of a table's rows (``UNDATED`` + line), computed when first read.

    Only cells with two observations or more are ordered (ties under ``latest``): a
    table with one observation a cell never computes it. Read as an array (numpy
    functions, indexing), it is computed once.
    """

    __slots__ = ("_line", "_values")

    def __init__(self, line: NDArray[np.int_]) -> None:
        self._line = line
        self._values: NDArray[np.float64] | None = None

    def values(self) -> NDArray[np.float64]:
        """The order of every row, as floats."""
        if self._values is None:
            self._values = np.add(self._line, UNDATED, dtype=float)
        return self._values

    def __array__(self, dtype: Any = None, copy: Any = None) -> NDArray[Any]:
        return self.values() if dtype is None else self.values().astype(dtype, copy=False)

    def __getitem__(self, k: Any) -> Any:
        return self.values()[k]

    def __len__(self) -> int:
        return len(self._line)


@dataclass(frozen=True, kw_only=True)
class Observations:
    """Observations as columns, each array of shape (n_observations,).

    Attributes
    ----------
    entity, period, column : int ndarray
        Where each observation lies on the axes.
    value, weight, order : float ndarray
        The value, its grading weight and its file order (a table's rows: a `RowOrder`,
        computed when first read).
    date : float ndarray
        Publication date as a number; NaN where nothing dates the observation (table rows).
    low, high : float ndarray
        Interval of the value.
    low_grade : bool ndarray
        Whether it rests only on sources graded D-F.
    ids : sequence of str or tuple of str
        A record id or the ids of a reconciled fact, per observation (a table's ids
        stay one column: `relindex._ids.IdColumn`).
    severity : float ndarray
        Event observations: the event's severity (NaN for numbers).
    source : int ndarray
        The source it rests on (the chosen record's, or the table's), as a position in
        the context's ``source_ids``.
    """

    entity: NDArray[np.int_]
    period: NDArray[np.int_]
    column: NDArray[np.int_]
    value: NDArray[np.float64]
    weight: NDArray[np.float64]
    order: NDArray[np.float64] | RowOrder
    date: NDArray[np.float64]
    low: NDArray[np.float64]
    high: NDArray[np.float64]
    low_grade: NDArray[np.bool_]
    ids: Sequence[RecordIds]
    severity: NDArray[np.float64]
    source: NDArray[np.int_]

    def __len__(self) -> int:
        return len(self.ids)

    @staticmethod
    def empty() -> Observations:
        """No observations."""
        z = np.zeros(0)
        zi = np.zeros(0, dtype=int)
        return Observations(entity=zi, period=zi, column=zi, value=z, weight=z, order=z,
                            date=z, low=z, high=z, low_grade=np.zeros(0, dtype=bool), ids=[],
                            severity=z, source=zi)

    def located(self) -> Observations:
        """These observations with only where they lie, their severity and their source.

        Values, weights, order, dates and intervals become one shared NaN (no memory):
        for what needs no more once the cells are laid out (`relindex.scoring.support`).
        """
        gone = _same(np.nan, len(self))
        return replace(self, value=gone, weight=gone, order=gone, date=gone, low=gone,
                       high=gone)

    @staticmethod
    def concat(parts: list[Observations]) -> Observations:
        """One set of observations from several, in order."""
        parts = [p for p in parts if len(p)] or parts[:1]
        if len(parts) == 1:
            return parts[0]
        from .._ids import ChainedIds  # several parts come only with a data table

        cols = {f.name: np.concatenate([np.asarray(getattr(p, f.name)) for p in parts])
                for f in fields(Observations) if f.name != "ids"}
        return Observations(**cols, ids=ChainedIds([p.ids for p in parts]))


def _same(x: Any, m: int) -> Any:
    """One value for `m` observations, as a read-only view of one element (no copy)."""
    return np.broadcast_to(np.asarray(x), (m,))


def _positions(ids: Sequence[Any], order: tuple[Any, ...], index: Mapping[Any, int]
               ) -> NDArray[np.int32]:
    """The axis position of each of a table's distinct ids (`index`: position by id).

    Ids that are the axis' first ids in its own order (`order`, whose k-th id is at
    position k), as a table naming the entities in the order they were first seen, are
    positions 0, 1, ... without a lookup by id (10,000 entities: 10,000 lookups).
    """
    n = len(ids)
    if n <= len(order) and list(order[:n]) == list(ids):
        return np.arange(n, dtype=np.int32)
    return np.array([index[c] for c in ids], dtype=np.int32)


def _placed(at: NDArray[np.int32], code: NDArray[np.int32]) -> NDArray[np.int32]:
    """The axis position of each row: `at` of its code.

    Where each code is its own position (a table naming its entities or indicators in
    the axes' order), the codes themselves: no gather.
    """
    if len(at) and code.dtype == np.int32 and np.array_equal(at, np.arange(len(at))):
        return code
    out: NDArray[np.int32] = at[code]
    return out


def _kept(t: Table, weight: NDArray[np.float64], min_w: float, periods: tuple[int, ...],
          excluded: list[ExcludedRecord]) -> NDArray[np.bool_]:
    """The rows of a table that count; each other one added to `excluded` with why."""
    light = weight < min_w
    outside = (t.year < periods[0]) | (t.year > periods[-1])
    for k in np.flatnonzero(light | outside):
        if light[k]:
            why = (f"grading weight {weight[k]:.2f} (source {t.reliability}, credibility "
                   f"{int(t.credibility[k])}) is below grading.min_weight {min_w}")
        else:
            why = (f"period {int(t.year[k])} is outside the scored span "
                   f"{periods[0]}-{periods[-1]} (index.periods)")
        excluded.append(ExcludedRecord(t.ids[int(k)], t.indicator_ids[t.indicator_code[k]],
                                       why))
    keep: NDArray[np.bool_] = ~(light | outside)
    return keep


def table_observations(ctx: Context, axes: Axes
                       ) -> tuple[Observations, tuple[ExcludedRecord, ...]]:
    """The plain rows of every table as observations, and the rows that do not count."""
    inds = ctx.indicators
    min_w = ctx.min_weight
    periods = axes.periods
    parts: list[Observations] = []
    excluded: list[ExcludedRecord] = []
    for t in ctx.tables:
        n = len(t)
        if n == 0:
            continue
        i_code = t.indicator_code
        # positions as int32 (an int64 cell index is formed where they are combined)
        column = _placed(_positions(t.indicator_ids, axes.columns, axes.column), i_code)
        rel_err = np.array([inds[c].relative_error for c in t.indicator_ids])
        # one relative error for every indicator (the usual case): a scalar, no gather
        err: Any = rel_err[0] if (rel_err == rel_err[0]).all() else rel_err[i_code]
        entity = _placed(_positions(t.entity_ids, axes.entities, axes.entity), t.entity_code)
        # no grading weights: every row weighs 1 (one shared element, no column)
        weight = t.weight if t.weight is not None else _same(1.0, n)
        one = not weight.strides[0]  # one grade for every row: one weight, checked once
        first, last = t.first_last_year()
        every = (one and not weight[0] < min_w and first >= periods[0]
                 and last <= periods[-1])  # no row excluded: no masks
        if not every:
            keep = _kept(t, weight, min_w, periods, excluded)
            every = bool(keep.all())
        idx: Any = slice(None) if every else np.flatnonzero(keep)  # all rows: no copies
        v = t.value[idx]
        m = len(v)
        if np.ndim(err) == 0 and err == 0:  # no error: |v| * 0 is 0 (the values are finite)
            low, high = np.subtract(v, 0.0), np.add(v, 0.0)
        else:
            mag = np.abs(v)
            mag *= err if np.ndim(err) == 0 else err[idx]
            low = v - mag
            high = np.add(v, mag, out=mag)  # the interval's upper end takes mag's memory
        parts.append(Observations(
            entity=entity[idx], column=column[idx], value=v,
            period=np.subtract(t.year[idx], periods[0], dtype=np.int32, casting="same_kind"),
            weight=(weight[:m] if t.weight is None else _same(max(float(weight[0]), 1e-12), m)
                    if one else np.maximum(weight[idx], 1e-12)),
            order=RowOrder(t.line[idx]),
            date=_same(np.nan, m), low=low, high=high,
            low_grade=_same(t.reliability in LOW_GRADES, m),
            ids=t.ids if every else t.ids.take(idx), severity=_same(np.nan, m),
            source=_same(ctx.source_code[t.source_id], m)))
    if not parts:
        return Observations.empty(), tuple(excluded)
    return Observations.concat(parts), tuple(excluded)
