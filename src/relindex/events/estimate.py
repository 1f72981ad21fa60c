r"""Cooperation shares of dyad-periods estimated from their event counts, with intervals.

A dyad with four coded events in a year has a raw cooperation share of 0, 1/4,
1/2, 3/4 or 1: most of its year-to-year movement is sampling noise. Every row of
an `relindex.events.EventTable` therefore also carries
``cooperation_share_est`` and its 90% interval ``cooperation_share_lo`` /
``cooperation_share_hi``, from the dynamic binomial model of
`relindex._core.measurement`: the log-odds of each dyad's cooperation share
follow a random walk over periods, and the walk's step and the dyads' spread
are averaged over their grids, each pair weighted by its marginal likelihood over
the best-observed dyads (partial pooling over periods and dyads; pairs of
negligible weight, together below 1e-9, are left out, so with many dyads, whose
events identify the step sharply, the cost stays near that of one pair). The same
estimator scores event indicators in catalogues.

Each dyad is kept as its periods with events (`relindex._core.sequences`): a gap of
g periods between two of them is one step of the walk with g times the variance, so
the cost is one small matrix product per row, whatever the gaps, and dyads go in
blocks of rows, so memory stays bounded whatever their number.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._core.measurement import centre
from .._core.sequences import Sequences, fit_sequences, sequence_posterior

__all__ = ["ESTIMATE_COLUMNS", "period_codes", "share_estimates"]

ESTIMATE_COLUMNS = ("cooperation_share_est", "cooperation_share_lo", "cooperation_share_hi")
"""Columns the estimator adds to every event table."""

_GRID = 41
_BLOCK_ROWS = 50_000
_FIT_DYADS = 400
_FIT_ROWS = 20_000


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
    grid = np.linspace(-8.0, 8.0, _GRID)
    mu = centre("binomial", kf, nf)
    # weights of the hyperparameters once, from the best-observed dyads; then every block
    # is the mixture over the pairs of non-negligible weight
    fit = _fit_rows(dyad, nf)
    tau, s0, weights = fit_sequences(kf[fit], nf[fit], Sequences.of(dyad[fit], per[fit]),
                                     grid, mu)
    starts = np.flatnonzero(np.r_[True, dyad[1:] != dyad[:-1]])
    at = np.searchsorted(starts, np.arange(0, rows, _BLOCK_ROWS))
    bounds = [*np.unique(starts[at[at < starts.size]]).tolist(), rows]
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        sq = Sequences.of(dyad[a:b], per[a:b])
        est[a:b], lo[a:b], hi[a:b] = sequence_posterior(
            kf[a:b], nf[a:b], sq, grid, tau=tau, s0=s0, mu=mu, level=level, weights=weights)
    return est, lo, hi


def _fit_rows(dyad: NDArray[np.int64], n: NDArray[np.float64]) -> NDArray[np.intp]:
    """Rows of the dyads with the most events, in row order.

    At most `_FIT_DYADS` dyads and `_FIT_ROWS` rows (but always the first dyad).
    """
    totals = np.bincount(dyad, weights=n)
    order = np.argsort(-totals, kind="stable")[:_FIT_DYADS]
    size = np.bincount(dyad, minlength=totals.size)[order]
    order = order[np.cumsum(size) <= max(_FIT_ROWS, int(size[0]))]
    keep = np.zeros(totals.size, dtype=bool)
    keep[order] = True
    return np.flatnonzero(keep[dyad])
