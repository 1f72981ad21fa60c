r"""Cooperation shares of dyad-periods estimated from their event counts, with intervals.

A dyad with four coded events in a year has a raw cooperation share of 0, 1/4,
1/2, 3/4 or 1: most of its year-to-year movement is sampling noise. Every row of
an `relindex.events.EventTable` therefore also carries
``cooperation_share_est`` and its 90% interval ``cooperation_share_lo`` /
``cooperation_share_hi``, from the dynamic binomial model of
`relindex._core.measurement`: the log-odds of each dyad's cooperation share
follow a random walk over periods, and the walk's step and the dyads' spread
are estimated by marginal likelihood over all dyads (partial pooling over
periods and dyads). The same estimator scores event indicators in catalogues.

Dyads are estimated in blocks of rows, so memory stays bounded whatever the
number of dyads; periods between a dyad's first and last are part of its walk
(a period without events has no row, and no likelihood term).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._core.measurement import centre, estimate

__all__ = ["ESTIMATE_COLUMNS", "period_codes", "share_estimates"]

ESTIMATE_COLUMNS = ("cooperation_share_est", "cooperation_share_lo", "cooperation_share_hi")
"""Columns the estimator adds to every event table."""

_GRID = 61
_BLOCK_CELLS = 50_000


def period_codes(labels: NDArray[Any], unit: str) -> NDArray[np.int64]:
    """Integer codes of period labels (``"2023"`` → 2023; ``"2023-04"`` → 12·2023 + 3).

    Parameters
    ----------
    labels : ndarray of str
        Period labels as `relindex.events.EventTable` writes them.
    unit : {"year", "month"}

    Returns
    -------
    ndarray of int64
    """
    text = np.asarray(labels).astype("U7")
    if text.size == 0:
        return np.zeros(0, np.int64)
    parts = np.char.partition(text, "-")
    years = parts[:, 0].astype(np.int64)
    if unit == "year":
        return years
    return 12 * years + parts[:, 2].astype(np.int64) - 1


def _dyad_index(source: NDArray[Any], target: NDArray[Any]) -> NDArray[np.int64]:
    """Dyad number of each row; rows come sorted by source, target, period."""
    if source.size == 0:
        return np.zeros(0, np.int64)
    change = np.empty(source.size, dtype=bool)
    change[0] = False
    change[1:] = (source[1:] != source[:-1]) | (target[1:] != target[:-1])
    return np.cumsum(change, dtype=np.int64)


def share_estimates(
    source: NDArray[Any],
    target: NDArray[Any],
    period: NDArray[np.int64],
    k: NDArray[Any],
    n: NDArray[Any],
    *,
    level: float = 0.9,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Estimate each row's share ``k / n`` by the dynamic binomial model.

    Parameters
    ----------
    source, target : ndarray of shape (rows,)
        Dyad actors; rows sorted by source, target, period.
    period : int ndarray of shape (rows,)
        Period codes (consecutive integers for consecutive periods).
    k, n : ndarray of shape (rows,)
        Events of the kind estimated (cooperation) and all events.
    level : float, default 0.9

    Returns
    -------
    est, lo, hi : ndarray of shape (rows,)
        Posterior mean and equal-tailed interval of each row's share.

    Examples
    --------
    >>> import numpy as np
    >>> est, lo, hi = share_estimates(np.array(["A", "A"]), np.array(["B", "B"]),
    ...                               np.array([2020, 2021]), np.array([3, 1]), np.array([4, 4]))
    >>> bool(np.all((lo <= est) & (est <= hi)))
    True
    """
    rows = int(np.asarray(period).size)
    est = np.full(rows, np.nan)
    lo, hi = est.copy(), est.copy()
    if rows == 0:
        return est, lo, hi
    dyad = _dyad_index(np.asarray(source), np.asarray(target))
    per = np.asarray(period, dtype=np.int64)
    kf, nf = np.asarray(k, dtype=np.float64), np.asarray(n, dtype=np.float64)
    p0 = int(per.min())
    width = int(per.max()) - p0 + 1
    mu = centre("binomial", kf, nf)
    # hyperparameters once, from the best-observed dyads; then every block at those values
    fit = _block(dyad, per - p0, kf, nf, np.arange(int(dyad[-1]) + 1), width)
    first = estimate("binomial", *fit, mu=mu, level=level, grid_size=_GRID)
    step = max(1, _BLOCK_CELLS // width)
    starts = np.searchsorted(dyad, np.arange(0, int(dyad[-1]) + 1, step))
    bounds = [*starts.tolist(), rows]
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        d = dyad[a:b] - dyad[a]
        kb = np.zeros((int(d[-1]) + 1, width))
        nb = np.zeros_like(kb)
        kb[d, per[a:b] - p0] = kf[a:b]
        nb[d, per[a:b] - p0] = nf[a:b]
        post = estimate("binomial", kb, nb, tau=first.tau, s0=first.s0, mu=mu, level=level,
                        grid_size=_GRID)
        est[a:b] = post.mean[d, per[a:b] - p0]
        lo[a:b] = post.low[d, per[a:b] - p0]
        hi[a:b] = post.high[d, per[a:b] - p0]
    return est, lo, hi


def _block(dyad: NDArray[np.int64], col: NDArray[np.int64], k: NDArray[np.float64],
           n: NDArray[np.float64], all_dyads: NDArray[np.int64],
           width: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Dense (dyads, periods) counts of the dyads with the most events (for the fit)."""
    totals = np.bincount(dyad, weights=n, minlength=all_dyads.size)
    keep = np.sort(np.argsort(-totals, kind="stable")[:400])
    pos = np.full(all_dyads.size, -1)
    pos[keep] = np.arange(keep.size)
    sel = pos[dyad] >= 0
    kb = np.zeros((keep.size, width))
    nb = np.zeros_like(kb)
    kb[pos[dyad[sel]], col[sel]] = k[sel]
    nb[pos[dyad[sel]], col[sel]] = n[sel]
    return kb, nb
