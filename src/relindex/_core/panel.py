"""Counts and ranks over a panel of entities x periods x indicators.

Pure numpy helpers of the scoring layer: how many distinct values an indicator
has within its normalisation scope, which columns have no spread there, and
competition ranks of the index across entities.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .normalize import degenerate_columns

__all__ = ["competition_ranks", "distinct_observations", "flat_columns"]


def distinct_observations(t: NDArray[np.float64], scope: NDArray[np.int_]) -> NDArray[np.int_]:
    """Distinct present values of each leaf within its scope (the fewest over its groups).

    Parameters
    ----------
    t : ndarray of shape (n_entities, n_periods, n_leaves)
        Transformed values, NaN where missing.
    scope : int ndarray of shape (n_leaves,)
        ``SCOPES`` code per leaf (0 panel, 1 cross-section, 2 time series).

    Returns
    -------
    int ndarray of shape (n_leaves,)
        Sorted once per scope, no loop over entities or periods.

    Examples
    --------
    >>> import numpy as np
    >>> t = np.array([[[1.0], [1.0]], [[2.0], [np.nan]]])
    >>> distinct_observations(t, np.array([0])).tolist()
    [2]
    >>> distinct_observations(t, np.array([2])).tolist()
    [1]
    """
    E, P, L = t.shape
    out = np.zeros(L, dtype=int)
    for code, axis in ((0, 0), (1, 0), (2, 1)):
        cols = scope == code
        if not cols.any():
            continue
        x = t[..., cols]
        if code == 0:
            x = x.reshape(1, E * P, -1)
            axis = 1
        srt = np.sort(x, axis=axis)  # NaN last
        present = (~np.isnan(srt)).sum(axis=axis)
        lo_part = np.take(srt, np.arange(srt.shape[axis] - 1), axis=axis)
        hi_part = np.take(srt, np.arange(1, srt.shape[axis]), axis=axis)
        # NaN sorts last and differs from everything: the steps between present values
        steps = (hi_part != lo_part).sum(axis=axis) - np.isnan(hi_part).sum(axis=axis)
        distinct = np.where(present > 0, steps + 1, 0)
        has = present > 0
        fewest = np.where(has, distinct, np.iinfo(np.int64).max).min(axis=0)
        out[cols] = np.where(has.any(axis=0), fewest, 0)
    return out


def flat_columns(t: NDArray[np.float64], method: NDArray[np.int_],
                 scope: NDArray[np.int_]) -> NDArray[np.bool_]:
    """Leaves whose data-based normalisation meets no spread in some group of their scope.

    Parameters
    ----------
    t : ndarray of shape (n_entities, n_periods, n_leaves)
        Transformed values, NaN where missing.
    method, scope : int ndarray of shape (n_leaves,)
        ``METHODS`` and ``SCOPES`` codes per leaf.

    Returns
    -------
    bool ndarray of shape (n_leaves,)
    """
    flat = np.zeros(t.shape[-1], dtype=bool)
    for code in range(3):
        cols = scope == code
        if cols.any():
            x = t[..., cols]
            if code == 0:
                x = x.reshape(1, -1, x.shape[-1])
            elif code == 1:
                x = np.swapaxes(x, 0, 1)
            flat[cols] = np.any([degenerate_columns(xe, method[cols]) for xe in x], axis=0)
    return flat


def competition_ranks(index: NDArray[np.float64]) -> NDArray[np.int_]:
    """Competition ranks (1 = highest; ties share the best rank) per period, 0 if missing.

    Parameters
    ----------
    index : ndarray of shape (n_entities, n_periods)

    Returns
    -------
    int ndarray of shape (n_entities, n_periods)
        Ranks across entities within each period.

    Examples
    --------
    >>> import numpy as np
    >>> competition_ranks(np.array([[0.2], [0.5], [0.5], [np.nan]])).ravel().tolist()
    [3, 1, 1, 0]
    """
    E, P = index.shape
    ok = ~np.isnan(index)
    key = np.where(ok, -index, np.inf)
    # a rank is 1 + the number of smaller keys: the position, in sorted order, of the
    # first key equal to it (one sort of each period's row, no search; equal keys share
    # that position whatever order the sort leaves them in)
    by_period = np.ascontiguousarray(key.T)
    order = np.argsort(by_period, axis=1)
    srt = np.take_along_axis(by_period, order, axis=1)
    new = np.ones((P, E), dtype=bool)
    new[:, 1:] = srt[:, 1:] != srt[:, :-1]
    first = np.maximum.accumulate(np.where(new, np.arange(E), 0), axis=1)
    ranks = np.zeros((P, E), dtype=int)
    np.put_along_axis(ranks, order, first + 1, axis=1)
    return np.where(ok, ranks.T, 0)
