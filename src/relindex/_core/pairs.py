r"""Pairs of columns observed together: which pairs have enough joint observations.

For a panel of :math:`N` rows and :math:`L` columns with missing values, the number of
rows where columns :math:`a` and :math:`b` are both present is

.. math:: n_{ab} = \sum_{i=1}^{N} p_{ia}\, p_{ib}, \qquad n = P^\top P,

with :math:`P` the 0/1 matrix of present values. `supported_pairs` computes it block by
block of columns, so memory stays bounded (``block`` squared) and the Python work is a
few matrix products, not a step per pair: an audit of thousands of indicators, most of
them observed in few periods, only visits the pairs that share enough observations.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["pair_correlations", "supported_pairs"]

PAIR_BUDGET = 1 << 22
"""Elements of the (rows, pairs) work arrays of `pair_correlations` held at once."""

DEFAULT_BLOCK = 1024
"""Columns per block of the count matrix (a block of counts takes ``8 * block**2`` bytes)."""


def supported_pairs(present: ArrayLike, min_n: int, *, block: int = DEFAULT_BLOCK,
                    ) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.intp]]:
    """Column pairs ``a < b`` present together in at least ``min_n`` rows.

    Parameters
    ----------
    present : array_like of bool, shape (N, L)
        Where each column has a value.
    min_n : int
        Fewest joint observations a pair needs.
    block : int, default 1024
        Columns per block of the count matrix.

    Returns
    -------
    a, b, n : ndarray of int, shape (K,)
        The K qualifying pairs in lexicographic order of ``(a, b)`` and their counts.

    Examples
    --------
    >>> import numpy as np
    >>> p = np.array([[1, 1, 0], [1, 1, 1], [1, 0, 1]], dtype=bool)
    >>> [x.tolist() for x in supported_pairs(p, 2)]
    [[0, 0], [1, 2], [2, 2]]
    """
    p = np.asarray(present, dtype=bool)
    if p.ndim != 2:
        raise ValueError(f"present must have shape (N, L). Got shape {p.shape}.")
    if isinstance(block, bool) or not isinstance(block, int) or block < 1:
        raise ValueError(f"block must be a positive int. Got {block!r}.")
    L = p.shape[1]
    pf = p.astype(np.float64)
    found: list[tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.intp]]] = []
    for i0 in range(0, L, block):
        i1 = min(L, i0 + block)
        for j0 in range(i0, L, block):
            j1 = min(L, j0 + block)
            counts = pf[:, i0:i1].T @ pf[:, j0:j1]
            ii, jj = np.nonzero(counts >= min_n)
            a, b = ii + i0, jj + j0
            keep = a < b
            found.append((a[keep], b[keep], counts[ii[keep], jj[keep]].astype(np.intp)))
    if not found:
        empty = np.zeros(0, dtype=np.intp)
        return empty, empty.copy(), empty.copy()
    a = np.concatenate([f[0] for f in found])
    b = np.concatenate([f[1] for f in found])
    n = np.concatenate([f[2] for f in found])
    order = np.lexsort((b, a))
    return a[order], b[order], n[order]


def pair_correlations(x: ArrayLike, a: ArrayLike, b: ArrayLike, *,
                      budget: int = PAIR_BUDGET) -> NDArray[np.float64]:
    r"""Pearson's r of column pairs over the rows where both are present.

    For the pair :math:`(a, b)` and the rows :math:`S` where both have a value,

    .. math:: r_{ab} = \frac{\sum_{i \in S} (x_{ia} - \bar x_a)(x_{ib} - \bar x_b)}
              {\sqrt{\sum_{i \in S} (x_{ia} - \bar x_a)^2 \sum_{i \in S}
              (x_{ib} - \bar x_b)^2}},

    with the means taken over :math:`S` (two passes, as ``np.corrcoef`` does). Pairs are
    computed together, a chunk at a time, so the work is array arithmetic whatever the
    number of pairs and memory stays within ``budget`` elements per work array.

    Parameters
    ----------
    x : array_like of float, shape (N, L)
        Values, NaN where missing.
    a, b : array_like of int, shape (K,)
        The pairs' columns.
    budget : int, default 4,194,304
        Elements of each (rows, pairs) work array.

    Returns
    -------
    ndarray of float, shape (K,)
        r of each pair, clipped to [-1, 1]; NaN where either column is constant over the
        shared rows (no correlation is defined) or they share no row.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[1.0, 2.0, 5.0], [2.0, 4.0, 5.0], [3.0, np.nan, 5.0], [4.0, 7.0, 5.0]])
    >>> pair_correlations(x, [0, 0], [1, 2]).round(4).tolist()
    [0.9972, nan]
    """
    xs = np.asarray(x, dtype=np.float64)
    ia_all = np.asarray(a, dtype=np.intp)
    ib_all = np.asarray(b, dtype=np.intp)
    if xs.ndim != 2 or ia_all.shape != ib_all.shape or ia_all.ndim != 1:
        raise ValueError("x must have shape (N, L) and a, b one shape (K,). Got "
                         f"{xs.shape}, {ia_all.shape}, {ib_all.shape}.")
    present = ~np.isnan(xs)
    out = np.full(ia_all.shape, np.nan)
    step = max(1, budget // max(xs.shape[0], 1))
    for s in range(0, ia_all.size, step):
        ia, ib = ia_all[s:s + step], ib_all[s:s + step]
        both = present[:, ia] & present[:, ib]
        out[s:s + step] = _chunk_r(xs[:, ia], xs[:, ib], both)
    return out


def _chunk_r(xa: NDArray[np.float64], xb: NDArray[np.float64],
             both: NDArray[np.bool_]) -> NDArray[np.float64]:
    """Pearson's r of each column pair of `xa` and `xb` over the rows `both` marks."""
    n = both.sum(axis=0)
    stats = []
    for col in (xa, xb):
        v = np.where(both, col, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            d = np.where(both, v - v.sum(axis=0) / n, 0.0)
        constant = (np.where(both, col, -np.inf).max(axis=0)
                    == np.where(both, col, np.inf).min(axis=0))
        stats.append((d, constant))
    (da, ca), (db, cb) = stats
    denom = np.sqrt((da * da).sum(axis=0) * (db * db).sum(axis=0))
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.clip((da * db).sum(axis=0) / denom, -1.0, 1.0)
    undefined = ca | cb | (n == 0) | ~(denom > 0)
    return np.where(undefined, np.nan, r)
