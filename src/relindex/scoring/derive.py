"""Derived indicators: a difference, sum, ratio, salience or symmetry of two columns."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from ..errors import ScoringError
from ..models import Derived
from .cells import CARRIED, DERIVED, MISSING, Cells
from .context import Axes, Context

__all__ = ["derive", "refuse_overflow"]

Array = NDArray[np.float64]


def _combine_two(d: Derived, xa: Array, xb: Array, la: Array, ha: Array, lb: Array,
                 hb: Array) -> tuple[Array, Array, Array]:
    """(value, low, high) of a derived column from its two columns and their intervals."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if d.op == "difference":
            val, lo, hi = xa - xb, la - hb, ha - lb
        elif d.op == "sum":
            val, lo, hi = xa + xb, la + lb, ha + hb
        elif d.op == "salience":
            from .._core.interdependence import salience

            val = salience(xa, xb)
            lo = salience(np.maximum(la, 0), np.maximum(lb, 0))
            hi = salience(np.maximum(ha, 0), np.maximum(hb, 0))
        elif d.op == "symmetry":
            from .._core.interdependence import symmetry

            val = symmetry(xa, xb)
            lo = 1 - np.maximum(ha - lb, hb - la)
            hi = 1 - np.maximum(0, np.maximum(la - hb, lb - ha))
        else:
            ok = xb > 0
            val = np.where(ok, xa / np.where(ok, xb, 1), np.nan)
            lo = np.where(ok, la / np.where(hb > 0, hb, np.nan), np.nan)
            hi = np.where(ok, ha / np.where(lb > 0, lb, np.nan), np.nan)
    val = np.where(np.isinf(val) & np.isfinite(xa) & np.isfinite(xb), np.inf,
                   np.where(np.isfinite(val), val, np.nan))
    return val, lo, hi


def derive(ctx: Context, axes: Axes, cells: Cells) -> Cells:
    """The cells with every derived column computed from its two columns.

    Columns are derived in column order, so a derived column may use one derived
    before it. Returns `cells` itself when nothing is derived, else new arrays.
    """
    todo = [(c, d) for c, cid in enumerate(axes.columns)
            if (d := ctx.indicators[cid].derived) is not None]
    if not todo:
        return cells
    filled, low, high = cells.raw.copy(), cells.low.copy(), cells.high.copy()
    source, n_obs = cells.source.copy(), cells.n_obs.copy()
    status, low_grade = cells.status.copy(), cells.low_grade.copy()
    P = filled.shape[-2]
    here = np.arange(P).reshape(P, 1)[..., 0]
    for c, d in todo:
        a, b = axes.column[d.of[0]], axes.column[d.of[1]]
        k = d.scale
        val, lo, hi = _combine_two(d, filled[..., a] * k, filled[..., b] * k,
                                   low[..., a] * k, high[..., a] * k,
                                   low[..., b] * k, high[..., b] * k)
        filled[..., c], low[..., c], high[..., c] = val, lo, hi
        sa, sb = source[..., a], source[..., b]
        source[..., c] = np.where((sa < 0) | (sb < 0), -1, np.minimum(sa, sb))
        n_obs[..., c] = n_obs[..., a] + n_obs[..., b]
        missing = np.isnan(val)
        carried = (sa != here) | (sb != here)
        status[..., c] = np.where(missing, MISSING, np.where(carried, CARRIED, DERIVED))
        low_grade[..., c] = low_grade[..., a] | low_grade[..., b]
    return replace(cells, raw=filled, low=low, high=high, source=source, n_obs=n_obs,
                   status=status, low_grade=low_grade)


def _any_inf(arr: Array, step: int = 1 << 16) -> bool:
    """Whether an array holds an infinity, by slices (no array of flags as large as it).

    >>> _any_inf(np.array([[1.0, np.nan], [np.inf, 0.0]]), step=2)
    True
    """
    flat = arr.reshape(-1)
    return any(bool(np.isinf(flat[lo:lo + step]).any()) for lo in range(0, len(flat), step))


def refuse_overflow(ctx: Context, axes: Axes, cells: Cells) -> None:
    """Refuse a combined or derived value (or its interval) that overflows to infinity."""
    for name, arr in (("raw", cells.raw), ("low", cells.low), ("high", cells.high)):
        if not _any_inf(arr):
            continue
        bad = np.isinf(arr)
        if bad.any():
            e, p, c = (int(x) for x in np.argwhere(bad)[0])
            where = f" of entity {axes.entities[e]!r}" if len(axes.entities) > 1 else ""
            what = "value" if name == "raw" else f"{name} bound"
            raise ScoringError(
                f"the combined or derived {what} of indicator {axes.columns[c]!r}{where} for "
                f"{axes.periods[p]} overflows to infinity",
                path=ctx.path, key=f"{axes.columns[c]}.{axes.periods[p]}",
                fix="check the values and units of the records behind it (a figure in the "
                "wrong unit, a sum of huge values, a ratio over a near-zero)")
