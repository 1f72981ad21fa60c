r"""Summaries of a Monte Carlo sample: uncertainty bands and rank stability.

`uncertainty_summary` gives the median, 5-95% band, mean, standard deviation and share
of positive values of an output along the sample axis; `rank_stability` how often
each item (a dimension, say) holds each rank by absolute contribution. Both follow
Saisana, Saltelli & Tarantola (2005).

References
----------
.. [1] Saisana, M., A. Saltelli and S. Tarantola (2005). "Uncertainty and
   sensitivity analysis techniques as tools for the quality assessment of
   composite indicators." *Journal of the Royal Statistical Society A*,
   168(2):307-323, doi:10.1111/j.1467-985X.2005.00350.x.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["RankStability", "rank_stability", "uncertainty_summary"]

Array = NDArray[np.float64]


def uncertainty_summary(y: ArrayLike) -> dict[str, Array]:
    r"""Summarise a Monte Carlo sample of an output along the sample axis.

    For samples :math:`y_1, \dots, y_n` (axis 0):

    .. math::

        \bar y = \frac1n \sum_k y_k, \qquad
        s = \sqrt{\frac{1}{n - 1} \sum_k (y_k - \bar y)^2}, \qquad
        p_{>0} = \frac1n \sum_k \mathbf{1}[y_k > 0],

    and the median, 5th and 95th percentiles (linear interpolation between
    order statistics, numpy's default) - the uncertainty bands of Saisana,
    Saltelli & Tarantola (2005).

    Parameters
    ----------
    y : array_like of shape (n_samples, ...)
        ``n_samples >= 2``; any trailing shape (periods, dimensions, ...).

    Returns
    -------
    dict of str to ndarray of shape y.shape[1:]
        Keys ``"median"``, ``"p05"``, ``"p95"``, ``"p_positive"``, ``"mean"``,
        ``"sd"``. NaN in ``y`` propagates.

    References
    ----------
    .. [1] Saisana, Saltelli & Tarantola (2005), JRSS-A 168(2):307-323.

    Examples
    --------
    >>> out = uncertainty_summary([-1.0, 0.0, 1.0, 2.0, 3.0])
    >>> float(out["median"]), float(out["p_positive"])
    (1.0, 0.6)
    """
    arr = np.asarray(y, dtype=np.float64)
    if arr.ndim == 0 or arr.shape[0] < 2:
        raise ValueError(
            f"uncertainty_summary needs at least 2 samples along axis 0. Got shape {arr.shape}."
        )
    p05, median, p95 = np.quantile(arr, [0.05, 0.5, 0.95], axis=0)
    return {
        "median": median,
        "p05": p05,
        "p95": p95,
        "p_positive": np.mean(arr > 0, axis=0),
        "mean": np.mean(arr, axis=0),
        "sd": np.std(arr, axis=0, ddof=1),
    }


@dataclass(frozen=True, eq=False)
class RankStability:
    """How often each item takes each rank over Monte Carlo samples.

    Attributes
    ----------
    frequency : ndarray of shape (n_items, n_items)
        ``frequency[i, r]`` is the share of samples in which item ``i`` holds
        rank ``r`` (0 = largest absolute contribution). Rows and columns sum to 1.
    modal_rank : ndarray of int, shape (n_items,)
        Each item's most frequent rank (the lower rank on a tie).
    modal_frequency : ndarray of shape (n_items,)
        The share of samples at the modal rank.
    """

    frequency: Array
    modal_rank: NDArray[np.intp]
    modal_frequency: Array


def rank_stability(contrib: ArrayLike) -> RankStability:
    r"""Frequency with which each item ranks at each position, by absolute contribution.

    In sample :math:`k` the items are ordered by :math:`|c_{ki}|`, descending
    (ties keep the items' order, a stable sort); item :math:`i`'s rank is its
    position :math:`r_{ki}` in that order. Then

    .. math:: F_{ir} = \frac{1}{n}\sum_{k=1}^{n} \mathbf{1}[r_{ki} = r].

    A driver whose :math:`F_{i0}` is close to 1 is robustly the main driver
    of the index under the modelled uncertainty (Saisana, Saltelli &
    Tarantola 2005 rank the countries of an index the same way).

    Parameters
    ----------
    contrib : array_like of shape (n_samples, n_items)
        Contributions of each item (e.g. dimension) in each sample. NaN
        sorts last.

    Returns
    -------
    RankStability

    References
    ----------
    .. [1] Saisana, Saltelli & Tarantola (2005), JRSS-A 168(2):307-323.

    Examples
    --------
    >>> rs = rank_stability([[3.0, -1.0], [0.5, -2.0], [4.0, 1.0], [2.0, 0.0]])
    >>> rs.frequency.tolist()
    [[0.75, 0.25], [0.25, 0.75]]
    >>> rs.modal_rank.tolist(), rs.modal_frequency.tolist()
    ([0, 1], [0.75, 0.75])
    """
    c = np.asarray(contrib, dtype=np.float64)
    if c.ndim != 2 or c.shape[0] < 1 or c.shape[1] < 1:
        raise ValueError(
            f"contrib must have shape (n_samples, n_items), both >= 1. Got shape {c.shape}."
        )
    n_samples, n_items = c.shape
    order = np.argsort(-np.abs(c), axis=1, kind="stable")  # order[k, r] = item at rank r
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(n_items)[None, :], axis=1)
    counts = np.zeros((n_items, n_items))
    flat = (np.arange(n_items)[None, :] * n_items + ranks).ravel()
    counts.ravel()[:] = np.bincount(flat, minlength=n_items * n_items)
    frequency = counts / n_samples
    modal_rank = np.argmax(frequency, axis=1)
    return RankStability(
        frequency=frequency,
        modal_rank=modal_rank,
        modal_frequency=frequency[np.arange(n_items), modal_rank],
    )
