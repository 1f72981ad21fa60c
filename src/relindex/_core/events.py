r"""Dyad-period sums of coded events: integer codes in, exact integer sums out.

The event pipeline turns every event into integer codes (a cell for its dyad and
period, its quad class, the sign of its score) and a fixed-point score, then sums
them per cell with `numpy.bincount` on a flat cell index. All sums are integers
(counts, and scores in units of `SCORE_UNIT`), so they are exact and do not depend
on the order of the events, on how they were split into chunks, or on which
machine summed which part: a chunked or distributed run gives the same table, bit
for bit, as a single pass.

Per cell :math:`c` the sums are, for the events :math:`e` in it, with quad class
:math:`q_e \in \{1, 2, 3, 4\}`, score :math:`g_e` and weight :math:`w_e`:

* ``quad1..quad4``: :math:`N_k = \#\{e : q_e = k\}`;
* ``score_pos``: :math:`C^+ = \sum_e \max(g_e, 0)`; ``score_neg``:
  :math:`C^- = \sum_e \max(-g_e, 0)`;
* with weights, the same sums with each event counted :math:`w_e` times.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "SCORE_UNIT",
    "STATS",
    "WEIGHTED_STATS",
    "cell_parts",
    "cell_sums",
    "factorize",
    "merge_sums",
    "to_fixed",
]

#: Scores are summed in integer multiples of this unit (a thousandth of a scale point).
SCORE_UNIT = 1000

#: Columns of the sums table, in order.
STATS = ("quad1", "quad2", "quad3", "quad4", "score_pos", "score_neg")
#: Extra columns when events carry weights (mentions, articles).
WEIGHTED_STATS = tuple(f"w_{s}" for s in STATS)

IntArray = NDArray[np.int64]

#: Largest code range that `factorize` handles with a presence table instead of a sort.
_DENSE_LIMIT = 1 << 24


def to_fixed(score: NDArray[np.float64]) -> NDArray[np.int64]:
    """Scores as integer multiples of `SCORE_UNIT` (rounded half to even).

    Examples
    --------
    >>> to_fixed(np.array([7.4, -0.4, 10.0])).tolist()
    [7400, -400, 10000]
    """
    return np.rint(np.asarray(score, dtype=np.float64) * SCORE_UNIT).astype(np.int64)


def factorize(x: NDArray[np.integer], size: int | None = None) -> tuple[IntArray, IntArray]:
    """Dense codes ``0..k-1`` for the distinct values of a non-negative integer array.

    Parameters
    ----------
    x : ndarray of int, shape (n,)
        Non-negative integers.
    size : int, optional
        An upper bound (exclusive) on ``x``. When it is small (at most ``4 n`` or
        2**24) a presence table replaces the sort, O(n + size).

    Returns
    -------
    codes : ndarray of int64, shape (n,)
        ``uniques[codes] == x``.
    uniques : ndarray of int64, shape (k,)
        The distinct values, ascending.

    Examples
    --------
    >>> codes, uniques = factorize(np.array([5, 2, 5, 9]), size=10)
    >>> codes.tolist(), uniques.tolist()
    ([1, 0, 1, 2], [2, 5, 9])
    """
    x = np.asarray(x)
    if x.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    if size is not None and size <= max(4 * x.size, 1 << 16) and size <= _DENSE_LIMIT:
        present = np.bincount(x, minlength=size) > 0
        rank = np.cumsum(present, dtype=np.int64) - 1
        return rank[x], np.flatnonzero(present).astype(np.int64)
    uniques, codes = np.unique(x, return_inverse=True)
    return codes.astype(np.int64).reshape(-1), uniques.astype(np.int64)


def cell_sums(
    cell: NDArray[np.integer],
    quad: NDArray[np.integer],
    score: NDArray[np.int64],
    n_cells: int,
    weight: NDArray[np.int64] | None = None,
) -> IntArray:
    """Per-cell event sums: quad counts and positive and negative score mass.

    Parameters
    ----------
    cell : ndarray of int, shape (n,)
        Cell of each event, in ``0..n_cells-1``.
    quad : ndarray of int, shape (n,)
        Quad class minus one, in ``0..3``.
    score : ndarray of int64, shape (n,)
        Fixed-point score (see `to_fixed`).
    n_cells : int
        Number of cells.
    weight : ndarray of int64, shape (n,), optional
        Non-negative integer weight of each event (e.g. its number of mentions).

    Returns
    -------
    ndarray of int64, shape (n_cells, 6) or (n_cells, 12)
        Columns `STATS`, then `WEIGHTED_STATS` when weights are given.

    Notes
    -----
    Two `numpy.bincount` passes (three or four with weights) over flat indices
    ``4 c + q`` and ``2 c + [g < 0]``. `numpy.bincount` sums in float64; the
    summands are integers and every per-cell sum stays below 2**53 for fewer than
    about 9e11 events per cell at the largest score, so the result is exact.

    Examples
    --------
    >>> s = cell_sums(np.array([0, 0, 1]), np.array([0, 3, 1]),
    ...               np.array([3400, -9000, 7400]), 2)
    >>> s.tolist()
    [[1, 0, 0, 1, 3400, 9000], [0, 1, 0, 0, 7400, 0]]
    """
    parts = cell_parts(cell, quad, score, n_cells, weight)
    out = np.empty((n_cells, 6 * (len(parts) // 2)), np.int64)
    at = 0
    for c in parts:  # float sums hold exact integers: the cast is exact
        out[:, at:at + c.shape[1]] = c
        at += c.shape[1]
    return out


def cell_parts(
    cell: NDArray[np.integer],
    quad: NDArray[np.integer],
    score: NDArray[np.int64],
    n_cells: int,
    weight: NDArray[np.int64] | None = None,
) -> list[NDArray[np.int64] | NDArray[np.float64]]:
    """The column groups of `cell_sums` as `numpy.bincount` gives them, not yet packed.

    ``(n_cells, 4)`` quad counts (int64) and ``(n_cells, 2)`` positive and negative
    mass (float64 holding exact integers), then the same two weighted when weights are
    given: a caller that adds them into its own counters skips the packed copy.

    Examples
    --------
    >>> [p.tolist() for p in cell_parts(np.array([0, 1]), np.array([2, 0]),
    ...                                 np.array([-500, 1200]), 2)]
    [[[0, 0, 1, 0], [1, 0, 0, 0]], [[0.0, 500.0], [1200.0, 0.0]]]
    """
    cell = np.asarray(cell, dtype=np.intp)
    key4 = cell * 4
    key4 += np.asarray(quad, dtype=np.intp)
    key2 = cell * 2
    key2 += score < 0
    mass = np.abs(score, dtype=np.float64)
    parts: list[NDArray[np.int64] | NDArray[np.float64]] = [
        np.bincount(key4, minlength=4 * n_cells).reshape(n_cells, 4),
        np.bincount(key2, weights=mass, minlength=2 * n_cells).reshape(n_cells, 2),
    ]
    if weight is not None:
        w = np.asarray(weight, dtype=np.float64)
        parts.append(np.bincount(key4, weights=w, minlength=4 * n_cells).reshape(n_cells, 4))
        parts.append(np.bincount(key2, weights=w * mass, minlength=2 * n_cells)
                     .reshape(n_cells, 2))
    return parts


def merge_sums(keys: IntArray, sums: IntArray) -> tuple[IntArray, IntArray]:
    """Add up the rows of a sums table that share a key; keys come out ascending.

    Parameters
    ----------
    keys : ndarray of int64, shape (n,)
    sums : ndarray of int64, shape (n, k)

    Returns
    -------
    keys : ndarray of int64, shape (m,)
        The distinct keys, ascending.
    sums : ndarray of int64, shape (m, k)
        Their summed rows (integer, hence exact in any order).

    Examples
    --------
    >>> k, s = merge_sums(np.array([7, 3, 7]), np.array([[1, 2], [3, 4], [5, 6]]))
    >>> k.tolist(), s.tolist()
    ([3, 7], [[3, 4], [6, 8]])
    """
    if keys.size == 0:
        return keys.astype(np.int64), sums.reshape(0, sums.shape[1]).astype(np.int64)
    order = np.argsort(keys, kind="stable")
    k = keys[order]
    starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
    return k[starts], np.add.reduceat(sums[order], starts, axis=0)
