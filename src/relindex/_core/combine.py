"""Combine observations into a (periods x indicators) matrix, and carry values forward.

Several observations may describe one indicator in one period (two documents
quoting the same figure, or several events in a year). Each indicator declares
how they combine (``COMBINE`` codes): the latest published, the weighted mean
(weights are the observations' grading weights), the maximum, the minimum, the
sum, or the count. All rules run as vectorised reductions over flat cell
indices (``period * n_indicators + indicator``): no Python loop per observation.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

COMBINE = {"latest": 0, "mean": 1, "max": 2, "min": 3, "sum": 4, "count": 5}

Array = NDArray[np.float64]


def combine(
    period: NDArray[np.int_],
    indicator: NDArray[np.int_],
    value: Array,
    weight: Array,
    order: ArrayLike,
    rule: NDArray[np.int_],
    n_periods: int,
    n_indicators: int,
    *,
    cell: NDArray[np.int64] | None = None,
) -> tuple[Array, NDArray[np.int_]]:
    """Reduce observations to one value per (period, indicator) cell.

    Parameters
    ----------
    period, indicator : int ndarray of shape (n_obs,)
        Cell coordinates of each observation.
    value : ndarray of shape (n_obs,)
        Observed values (for event counts, any finite number).
    weight : ndarray of shape (n_obs,)
        Observation weights (> 0) used by the ``mean`` rule.
    order : ndarray of shape (n_obs,)
        Sort key for ``latest``: the highest key wins (e.g. publication date).
    rule : int ndarray of shape (n_indicators,)
        ``COMBINE`` code per indicator.
    n_periods, n_indicators : int
    cell : int ndarray of shape (n_obs,), optional
        ``period * n_indicators + indicator``, where the caller has formed it already.

    Returns
    -------
    matrix : ndarray of shape (n_periods, n_indicators)
        Combined values; NaN where a cell has no observation.
    n_obs : int ndarray of shape (n_periods, n_indicators)
        Number of observations behind each cell.

    Examples
    --------
    >>> import numpy as np
    >>> m, n = combine(np.array([0, 0, 1]), np.array([0, 0, 0]), np.array([1.0, 3.0, 5.0]),
    ...                np.ones(3), np.array([2.0, 1.0, 0.0]), np.array([0]), 2, 1)
    >>> m.ravel().tolist(), n.ravel().tolist()
    ([1.0, 5.0], [2, 1])
    """
    n_cells = n_periods * n_indicators
    if cell is None:
        cell = np.asarray(period) * n_indicators + np.asarray(indicator)
    value = np.asarray(value, dtype=float)
    weight = np.asarray(weight, dtype=float)
    count = np.bincount(cell, minlength=n_cells)
    if len(cell) and count.max() <= 1:
        # one observation per cell at most: every rule gives the observation itself
        # (count gives 1), so a scatter does
        out = np.full(n_cells, np.nan)
        out[cell] = value
        counted = np.asarray(rule)[np.asarray(indicator)] == COMBINE["count"]
        if counted.any():
            out[cell[counted]] = 1.0
        return out.reshape(n_periods, n_indicators), count.reshape(n_periods, n_indicators)
    out = np.full(n_cells, np.nan)
    obs_rule = np.asarray(rule)[np.asarray(indicator)] if len(cell) else np.array([], dtype=int)
    cell_rule = np.tile(np.asarray(rule), n_periods)

    res: Array
    # the rules present (a bincount: np.unique would pull in numpy.ma at start-up)
    for code in np.flatnonzero(np.bincount(obs_rule, minlength=len(COMBINE))):
        sel = obs_rule == code
        c, v, w = cell[sel], value[sel], weight[sel]
        target = cell_rule == code
        if code == COMBINE["sum"]:
            res = np.bincount(c, v, minlength=n_cells).astype(float)
        elif code == COMBINE["count"]:
            res = np.bincount(c, minlength=n_cells).astype(float)
        elif code == COMBINE["mean"]:
            den = np.bincount(c, w, minlength=n_cells)
            res = np.bincount(c, w * v, minlength=n_cells) / np.where(den > 0, den, 1.0)
        elif code in (COMBINE["max"], COMBINE["min"]):
            ufunc = np.maximum if code == COMBINE["max"] else np.minimum
            res = np.full(n_cells, -np.inf if code == COMBINE["max"] else np.inf)
            ufunc.at(res, c, v)
        else:  # latest
            idx = np.lexsort((np.asarray(order, dtype=float)[sel], c))
            cs = c[idx]
            last = np.r_[cs[1:] != cs[:-1], True] if len(cs) else np.array([], dtype=bool)
            res = np.full(n_cells, np.nan)
            res[cs[last]] = v[idx][last]
        out = np.where(target & (count > 0), res, out)
    return out.reshape(n_periods, n_indicators), count.reshape(n_periods, n_indicators)


def carry_forward(
    x: Array, window: NDArray[np.int_]
) -> tuple[Array, NDArray[np.int_]]:
    """Fill a missing value from the latest present one at most `window` periods earlier.

    Parameters
    ----------
    x : ndarray of shape (..., n_periods, n_indicators)
    window : int ndarray of shape (n_indicators,)
        Carry-forward window in periods; 0 disables carrying for that indicator.

    Returns
    -------
    filled : ndarray like `x`
    source : int ndarray like `x`
        For each cell, the period index its value comes from: itself when
        observed, an earlier period when carried, -1 when still missing.

    Examples
    --------
    >>> import numpy as np
    >>> f, s = carry_forward(np.array([[1.0], [np.nan], [np.nan], [np.nan]]), np.array([2]))
    >>> f.ravel().tolist(), s.ravel().tolist()
    ([1.0, 1.0, 1.0, nan], [0, 0, 0, -1])
    """
    x = np.asarray(x, dtype=float)
    n_p = x.shape[-2]
    pos = np.arange(n_p).reshape(n_p, 1)
    present = ~np.isnan(x)
    if not np.any(window):  # nothing carried: each cell is its own source
        return x.copy(), np.where(present, pos, -1)
    last = np.maximum.accumulate(np.where(present, pos, -1), axis=-2)
    gap = pos - last
    use = (last >= 0) & (gap <= np.asarray(window))
    safe_last = np.where(last >= 0, last, 0)
    filled = np.where(use, np.take_along_axis(x, safe_last, axis=-2), np.nan)
    source = np.where(use, last, -1)
    return filled, source
