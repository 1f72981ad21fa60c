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

__all__ = ["supported_pairs"]

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
