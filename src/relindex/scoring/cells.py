"""Cells: observations combined into arrays of shape (entities, periods, columns).

One step per concern: the combination rule of each column, ties under ``latest``,
conflicts that a rule settles, event shares, zeros in observed spans, and
carry-forward. Event columns are counted per cell in `lay_out` and
`_shares_of_events`: the seam where per-cell event counts belong.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray

from .._core.combine import COMBINE, carry_forward, combine
from ..errors import ScoringError
from ..result import Conflict
from .context import Axes, Context
from .observations import Observations, RecordIds

__all__ = ["STATUS", "CellEvidence", "Cells", "lay_out"]

STATUS = ("missing", "observed", "carried", "zero", "derived", "estimated")
"""Status codes of a cell: what its value rests on (``estimated``: an event indicator's
model estimate in a period without events of its own)."""
MISSING, OBSERVED, CARRIED, ZERO, DERIVED, ESTIMATED = range(6)


@dataclass(frozen=True, kw_only=True)
class CellEvidence:
    """The observations behind each cell, sorted by cell, for `ids`."""

    cell: NDArray[np.int64] | None
    """Flat cell index ``(e * P + p) * C + c`` of each observation, ascending (None: a
    whole panel in cell order, one observation a cell: observation k is cell k)."""
    order: NDArray[np.int64] | None
    """Position in `ids` of each entry of `cell` (None: observations already in cell order)."""
    ids: Sequence[RecordIds]
    """Record ids of each observation, in observation order."""

    def ids_of(self, cell: int) -> list[str]:
        """Ids of the records behind one flat cell, in observation order."""
        if self.cell is None:  # observation k is cell k
            lo = hi = min(max(cell, 0), len(self.ids))
            hi += 0 <= cell < len(self.ids)
        else:
            lo = int(np.searchsorted(self.cell, cell, "left"))
            hi = int(np.searchsorted(self.cell, cell, "right"))
        out: list[str] = []
        for k in range(lo, hi):
            ids = self.ids[k if self.order is None else int(self.order[k])]
            out.extend((ids,) if isinstance(ids, str) else ids)
        return out


@dataclass(frozen=True, kw_only=True)
class Cells:
    """The values of every cell, with where they come from.

    Arrays have shape (n_entities, n_periods, n_columns).

    Attributes
    ----------
    raw, low, high : float ndarray
        Combined and carried-forward values and their intervals (NaN where missing).
    source : int ndarray
        Period index each value comes from (-1 missing).
    n_obs : int ndarray
        Observations combined into each cell.
    status : int8 ndarray
        Index into `STATUS`.
    low_grade : bool ndarray
        Cells that rest only on sources graded D-F.
    conflicts : tuple of Conflict
        Cells whose observations disagree, and which one counts.
    superseded : dict of str to str
        Record id -> 'superseded by X (combine = ...)', for records a rule set aside.
    evidence : CellEvidence
        The observations behind each cell.
    """

    raw: NDArray[np.float64]
    low: NDArray[np.float64]
    high: NDArray[np.float64]
    source: NDArray[np.int_]
    n_obs: NDArray[np.int_]
    status: NDArray[np.int8]
    low_grade: NDArray[np.bool_]
    conflicts: tuple[Conflict, ...]
    superseded: dict[str, str]
    evidence: CellEvidence


def _combine_rules(ctx: Context, axes: Axes) -> NDArray[np.int_]:
    """``COMBINE`` code of each column: events add up, others follow ``combine``."""
    inds = ctx.indicators
    return np.array([COMBINE["sum"] if inds[c].kind == "event" else COMBINE[inds[c].combine]
                     for c in axes.columns], dtype=int)


def _groups(c: NDArray[np.int64]) -> tuple[NDArray[np.int_], NDArray[np.int_]]:
    """Start and end (exclusive) of each run of equal cells in sorted `c`."""
    starts = np.flatnonzero(np.r_[True, c[1:] != c[:-1]])
    return starts, np.r_[starts[1:], len(c)]


def _ties(ctx: Context, obs: Observations, axes: Axes, rule: NDArray[np.int_],
          cell: NDArray[np.int64], multi: NDArray[np.bool_]
          ) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Cells under 'latest' whose newest observations nothing orders, and disagree.

    Only observations of cells with more than one (`multi`) are sorted. Returns the cells
    and the value each takes under its indicator's ``ties`` rule; raises for an indicator
    whose rule is ``error``.
    """
    none = np.zeros(0, np.int64), np.zeros(0)
    if not multi.any():  # no cell has two observations: no tie
        return none
    latest = (rule[obs.column] == COMBINE["latest"]) & multi
    if not latest.any():
        return none
    sel = np.flatnonzero(latest)
    c = cell[sel]
    date = np.where(np.isnan(obs.date[sel]), -np.inf, obs.date[sel])
    order = np.lexsort((obs.order[sel], date, c))
    cs, ds_, vs = c[order], date[order], obs.value[sel][order]
    last = np.r_[cs[1:] != cs[:-1], True]
    # the newest date of each cell, spread back over its observations
    grp = np.cumsum(np.r_[True, cs[1:] != cs[:-1]]) - 1
    newest = ds_[last][grp]
    tied = ds_ == newest
    n_tied = np.bincount(grp, weights=tied, minlength=int(grp.max()) + 1 if len(grp) else 0)
    if not (n_tied > 1).any():
        return none
    vmin = np.full(len(n_tied), np.inf)
    vmax = np.full(len(n_tied), -np.inf)
    np.minimum.at(vmin, grp[tied], vs[tied])
    np.maximum.at(vmax, grp[tied], vs[tied])
    bad = np.flatnonzero((n_tied > 1) & (vmin != vmax))
    if not len(bad):
        return none
    starts, ends = _groups(cs)
    out_cells, out_vals = [], []
    for g in bad:
        span = np.arange(starts[g], ends[g])  # the group's slice of the sorted observations
        members = span[tied[span]]
        cl = int(cs[members[0]])
        who = [obs.ids[sel[order[m]]] for m in members]
        out_cells.append(cl)
        out_vals.append(_settle_tie(ctx, axes, cl, vs[members], who))
    return np.array(out_cells, dtype=np.int64), np.array(out_vals)


def _settle_tie(ctx: Context, axes: Axes, cl: int, vals: NDArray[np.float64],
                who: list[RecordIds]) -> float:
    """The value of a tied cell under its indicator's ``ties`` rule (or the error)."""
    _, P, C = axes.shape
    e, rest = divmod(cl, P * C)
    p, ci = divmod(rest, C)
    ind = ctx.indicators[axes.columns[ci]]
    if ind.ties == "error":
        flat = [i if isinstance(i, str) else "+".join(i) for i in who]
        raise ScoringError(
            f"records {', '.join(flat[:4])} give different values "
            f"({', '.join(f'{v:g}' for v in vals[:4])}) for entity "
            f"{ctx.entity_ids[e]}, period {axes.periods[p]}, and nothing dates them apart "
            "under combine = 'latest'",
            path=ctx.path, key=f"{ctx.places[axes.columns[ci]]}.ties", value=ind.ties,
            fix="declare ties = 'mean' (or 'max', 'min') on the indicator, give the "
            "records a shared fact id so they are reconciled, or remove one")
    return float(vals.mean() if ind.ties == "mean" else
                 vals.max() if ind.ties == "max" else vals.min())


def _conflicts(ctx: Context, obs: Observations, axes: Axes, rule: NDArray[np.int_],
               cell: NDArray[np.int64], raw_flat: NDArray[np.float64],
               multi: NDArray[np.bool_]) -> tuple[tuple[Conflict, ...], dict[str, str]]:
    """Cells where several observations disagree and one rule picks one of them.

    Only observations of cells with more than one (`multi`) are sorted. Returns the
    conflicts and the role of each record the rule set aside.
    """
    superseded: dict[str, str] = {}
    if not multi.any():  # no cell has two observations: no conflict
        return (), superseded
    picks = np.isin(rule[obs.column], (COMBINE["latest"], COMBINE["max"], COMBINE["min"]))
    picks &= multi
    if not picks.any():
        return (), superseded
    sel = np.flatnonzero(picks)
    order = np.argsort(cell[sel], kind="stable")
    cs, vs = cell[sel][order], obs.value[sel][order]
    starts, ends = _groups(cs)
    vmin = np.minimum.reduceat(vs, starts) if len(vs) else np.zeros(0)
    vmax = np.maximum.reduceat(vs, starts) if len(vs) else np.zeros(0)
    count = ends - starts
    out: list[Conflict] = []
    _, P, C = axes.shape
    names = {v: k for k, v in COMBINE.items()}
    for g in np.flatnonzero((count > 1) & (vmin != vmax)):
        members = sel[order[starts[g]:ends[g]]]  # the group's slice of the sorted cells
        cl = int(cs[starts[g]])
        e, rest = divmod(cl, P * C)
        p, ci = divmod(rest, C)
        used = raw_flat[cl]
        how = names[int(rule[ci])]
        entries = []
        used_id = None
        for m in members:
            ids = obs.ids[m]
            first = ids if isinstance(ids, str) else ids[0]
            if used_id is None and obs.value[m] == used:
                used_id = first
            entries.append((first, float(obs.value[m])))
        alts = []
        for rid, val in entries:
            if rid == used_id:
                why = "used"
            else:
                why = f"superseded by {used_id} (combine = '{how}')"
                superseded[rid] = why
            alts.append({"id": rid, "value": val, "role": why})
        out.append(Conflict(axes.columns[ci], ctx.entity_ids[e], axes.periods[p], used_id, how,
                            float(used), tuple(alts)))
    return tuple(out), superseded


def _shares_of_events(ctx: Context, obs: Observations, axes: Axes,
                      raw: NDArray[np.float64], low: NDArray[np.float64],
                      high: NDArray[np.float64], status: NDArray[np.int8]) -> None:
    """Turn ``measure = "share"`` columns into percentages of all coded events, in place.

    The denominator of an entity and period is the severity of every event that counts
    there (grades never scale it: they weigh the evidence in estimation); with events but
    none of the indicator's own, the share is a measured zero; with no event at all, it is
    missing.
    The arrays are the ones `lay_out` is building, not yet shared with anyone.
    """
    E, P, _ = axes.shape
    shares = [c for c, cid in enumerate(axes.columns)
              if ctx.indicators[cid].kind == "event" and ctx.indicators[cid].measure == "share"]
    if not shares:  # no share column: no pass over the observations
        return
    is_event = ~np.isnan(obs.severity)
    row = (np.multiply(obs.entity, P, dtype=np.int64) + obs.period)[is_event]
    for c in shares:
        w = obs.severity[is_event]
        denom = np.bincount(row, weights=w, minlength=E * P).reshape(E, P)
        num = np.nan_to_num(raw[..., c])
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(denom > 0, 100.0 * num / np.where(denom > 0, denom, 1.0), np.nan)
        raw[..., c] = low[..., c] = high[..., c] = share
        status[..., c] = np.where(denom > 0, np.where(num > 0, OBSERVED, ZERO), MISSING)


def _zero_observed_spans(ctx: Context, axes: Axes, n_obs: NDArray[np.int_],
                         arrays: tuple[NDArray[np.float64], ...],
                         status: NDArray[np.int8]) -> None:
    """Zero the empty cells of event columns inside the span their sources cover, in place."""
    periods = axes.periods
    for c, cid in enumerate(axes.columns):
        ind = ctx.indicators[cid]
        span = ind.observed_span
        if ind.kind == "event" and span is not None and ind.measure != "share":
            a = max(span.start_year, periods[0]) - periods[0]
            b = min(span.end_year, periods[-1]) - periods[0]
            if a <= b:
                blk = n_obs[:, a:b + 1, c] == 0
                for arr in arrays:
                    arr[:, a:b + 1, c] = np.where(blk, 0.0, arr[:, a:b + 1, c])
                status[:, a:b + 1, c] = np.where(blk, ZERO, status[:, a:b + 1, c])


def _carry(ctx: Context, axes: Axes, cells: Cells) -> Cells:
    """Carry values (and their intervals) forward over each column's window."""
    window = np.array([ctx.indicators[c].carry_forward for c in axes.columns], dtype=int)
    raw, low, high = cells.raw, cells.low, cells.high
    if not window.any():  # nothing carried: the values stay (no copy), each its own source
        none = np.isnan(raw)
        pos = np.arange(raw.shape[-2]).reshape(-1, 1)
        if not none.any():  # a value in every cell: each cell's period, one shared column
            return replace(cells, source=_read_only(np.broadcast_to(pos, raw.shape)))
        for arr in (low, high):  # no value, no interval
            np.copyto(arr, np.nan, where=none)
        return replace(cells, source=np.where(none, -1, pos))
    filled, source = carry_forward(raw, window)
    gap = np.isnan(raw)
    carried = gap & (source >= 0)
    none = np.isnan(filled)
    del gap
    # the arrays are the ones `lay_out` built, not yet shared with anyone: filled in place
    if carried.any():
        back = np.maximum(source, 0)
        for arr in (low, high):
            np.copyto(arr, np.take_along_axis(arr, back, -2), where=carried)
        del back
    for arr in (low, high):  # no value, no interval
        np.copyto(arr, np.nan, where=none)
    status = cells.status
    status[carried] = CARRIED
    return replace(cells, raw=filled, source=source)


def _read_only(a: NDArray[np.int_]) -> NDArray[np.int_]:
    """`a`, marked read-only (a view shared between cells is never written through)."""
    a.flags.writeable = False
    return a


def _scatter(cell: NDArray[np.int64], values: NDArray[np.float64], counted: NDArray[np.int64],
             rows: int, cols: int) -> NDArray[np.float64]:
    """Values of cells holding one observation each (NaN elsewhere; 1 in `counted` cells)."""
    out = np.full(rows * cols, np.nan)
    out[cell] = values
    out[counted] = 1.0
    return out.reshape(rows, cols)


_BLOCK = 1 << 16
"""Observations whose flat cells `_in_cell_order` forms at a time."""


def _in_cell_order(obs: Observations, shape: tuple[int, int, int]) -> bool:
    """Whether observation k lies in flat cell k, for every k and every cell.

    The flat cells are formed a block at a time and compared with their positions: no
    array of the cells of every observation is made (the first block out of order
    stops the look).
    """
    E, P, C = shape
    n = E * P * C
    if len(obs) != n or not n:
        return False
    ramp = np.arange(min(n, _BLOCK), dtype=np.int64)
    for lo in range(0, n, _BLOCK):
        hi = min(lo + _BLOCK, n)
        c = np.multiply(obs.entity[lo:hi], P, dtype=np.int64)
        c += obs.period[lo:hi]
        c *= C
        c += obs.column[lo:hi]
        c -= lo
        if not np.array_equal(c, ramp[:hi - lo]):
            return False
    return True


def _whole_panel(obs: Observations, rule: NDArray[np.int_], shape: tuple[int, int, int]
                 ) -> tuple[NDArray[np.float64], NDArray[np.int_],
                            NDArray[np.float64], NDArray[np.float64]] | None:
    """Values, counts and intervals of a panel with one observation in every cell, in order.

    A long table of a whole panel, sorted: the observations are the cells themselves,
    so every rule keeps each one (`combine`) and nothing is scattered; the intervals
    are the observations' own arrays where nothing else holds them. None otherwise
    (or with a ``count`` column, whose cells hold 1).
    """
    if (rule == COMBINE["count"]).any() or not _in_cell_order(obs, shape):
        return None
    n_cells = len(obs)
    # arrays of their own, writable (the table's values are a read-only view: copied)
    # one observation a cell: the counts are one shared element (read-only, no column)
    return (np.array(obs.value, dtype=float),
            _read_only(np.broadcast_to(np.ones(1, dtype=np.intp), (n_cells,))),
            np.require(obs.low, float, ("C", "W", "O")),
            np.require(obs.high, float, ("C", "W", "O")))


@dataclass(frozen=True, kw_only=True)
class _Combined:
    """Observations combined per cell (`_combine_cells`), flat: (E * P, C) arrays."""

    raw: NDArray[np.float64]
    n_obs: NDArray[np.int_]
    low: NDArray[np.float64]
    high: NDArray[np.float64]
    conflicts: tuple[Conflict, ...] = ()
    superseded: dict[str, str] = field(default_factory=dict)
    cell: NDArray[np.int64] | None = None
    """Flat cell of each observation (None: observation k is cell k)."""
    by_cell: NDArray[np.int64] | None = None
    """Observations in cell order (None: they are)."""


def _combine_cells(ctx: Context, obs: Observations, axes: Axes,
                   rule: NDArray[np.int_]) -> _Combined:
    """Combine observations per cell under each column's rule, with ties and conflicts."""
    E, P, C = axes.shape
    cell = np.multiply(obs.entity, P, dtype=np.int64)  # int64: no overflow of cell indexes
    cell += obs.period
    cell *= C
    cell += obs.column  # built in place: one array of 8 bytes a row
    row = np.multiply(obs.entity, P, dtype=np.int64)  # each observation's entity-period row
    row += obs.period

    def cells(values: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.int_]]:
        return combine(row, obs.column, values, obs.weight, obs.order, rule, E * P, C,
                       cell=cell)

    raw, n_obs = cells(obs.value)
    if len(cell) and int(n_obs.max()) <= 1:
        # one observation a cell at most: every rule keeps it (count: 1), as `combine`
        counted = (cell[rule[obs.column] == COMBINE["count"]]
                   if (rule == COMBINE["count"]).any() else cell[:0])
        low, high = (_scatter(cell, x, counted, E * P, C) for x in (obs.low, obs.high))
    else:
        low, _ = cells(obs.low)
        high, _ = cells(obs.high)
    # ties and conflicts need two observations of a cell: the others are never sorted
    multi = (n_obs.reshape(-1)[cell] > 1 if int(n_obs.max(initial=0)) > 1
             else np.zeros(len(cell), dtype=bool))
    tie_cells, tie_vals = _ties(ctx, obs, axes, rule, cell, multi)
    raw_flat = raw.reshape(-1)
    if len(tie_cells):
        raw_flat[tie_cells] = tie_vals
    conflicts, superseded = _conflicts(ctx, obs, axes, rule, cell, raw_flat, multi)
    if len(tie_cells):
        lo_f, hi_f = low.reshape(-1), high.reshape(-1)
        lo_f[tie_cells] = np.minimum(lo_f[tie_cells], tie_vals)
        hi_f[tie_cells] = np.maximum(hi_f[tie_cells], tie_vals)
    # observation order by cell, for the evidence behind each cell (tables are often
    # in cell order already: then no sort)
    in_order = bool((cell[1:] >= cell[:-1]).all())
    return _Combined(raw=raw, n_obs=n_obs, low=low, high=high, conflicts=conflicts,
                     superseded=superseded, cell=cell,
                     by_cell=None if in_order else np.argsort(cell, kind="stable"))


def lay_out(ctx: Context, obs: Observations, axes: Axes) -> Cells:
    """Combine observations into (entities x periods x columns) arrays.

    Also finds ties and conflicts, turns event shares into percentages, zeroes
    observed spans and carries values forward. A whole panel in cell order (one
    observation a cell: a sorted long table) is laid out as it is, with no array of
    cells.
    """
    E, P, C = axes.shape
    rule = _combine_rules(ctx, axes)
    whole = _whole_panel(obs, rule, axes.shape)
    got = (_Combined(raw=whole[0], n_obs=whole[1], low=whole[2], high=whole[3])
           if whole is not None else _combine_cells(ctx, obs, axes, rule))
    cell, by_cell = got.cell, got.by_cell
    n_obs = got.n_obs.reshape(E, P, C)
    # a cell rests only on low grades unless one of its observations is not low-graded
    if obs.low_grade.any():
        only_low = np.ones(E * P * C, dtype=bool)
        sure = ~obs.low_grade
        only_low[np.flatnonzero(sure) if cell is None else cell[sure]] = False
        low_grade = only_low.reshape(E, P, C) & (n_obs > 0)
        del only_low
    else:  # no observation rests on low grades only: no cell does
        low_grade = np.zeros((E, P, C), dtype=bool)
    raw = got.raw.reshape(E, P, C)
    low = got.low.reshape(E, P, C)
    high = got.high.reshape(E, P, C)
    status = (np.full((E, P, C), OBSERVED, dtype=np.int8) if whole is not None  # all observed
              else np.where(n_obs > 0, np.int8(OBSERVED), np.int8(MISSING)))
    _shares_of_events(ctx, obs, axes, raw, low, high, status)
    _zero_observed_spans(ctx, axes, n_obs, (raw, low, high), status)
    laid = Cells(raw=raw, low=low, high=high, source=np.zeros((E, P, C), dtype=int),
                 n_obs=n_obs, status=status,
                 low_grade=low_grade,
                 conflicts=got.conflicts, superseded=got.superseded,
                 evidence=CellEvidence(cell=cell if cell is None or by_cell is None
                                       else cell[by_cell], order=by_cell, ids=obs.ids))
    return _carry(ctx, axes, laid)
