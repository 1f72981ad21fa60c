r"""The dynamic measurement model on observed periods only: cost linear in the rows.

`relindex._core.measurement` lays every entity over every period, which suits a
catalogue (a few entities, a few years). Coded event data are different: millions
of dyad-months, most dyads active in a few of them. Here each sequence (a dyad) is
kept as its observed periods only, and a gap of :math:`g` periods between two of
them is one step of the random walk with variance :math:`g\,\tau^2` (the sum of
:math:`g` independent steps), so the forward-backward recursions cost one
:math:`G \times G` product per observed row, whatever the gaps. The posterior of an
observed period is the one of the dense model (periods without a row carry no
likelihood term there either), up to the kernel's discretisation on the grid.

Rows are processed a step at a time across all sequences (the first row of every
sequence, then the second, ...), grouped by gap length, so every product covers many
rows at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ._hyper import kept_pairs, mixture_weights
from .measurement import S0_GRID, TAU_GRID, _kernel, _log_sigmoid, _prior, _quantile

__all__ = ["Sequences", "fit_sequences", "sequence_posterior"]

Array = NDArray[np.float64]
Index = NDArray[np.intp]


@dataclass(frozen=True, kw_only=True)
class Sequences:
    """Rows grouped into sequences, in the order the recursions visit them.

    Attributes
    ----------
    gap : int ndarray of shape (rows,)
        Periods since the previous row of the sequence (0 for a first row).
    last : bool ndarray of shape (rows,)
        Whether the row is its sequence's last.
    by_step : list of int ndarray
        For each step (first rows, second rows, ...), its rows sorted by gap.
    """

    gap: NDArray[np.int64]
    last: NDArray[np.bool_]
    by_step: list[Index]

    @staticmethod
    def of(seq: NDArray[np.int64], period: NDArray[np.int64]) -> Sequences:
        """Sequences of rows sorted by sequence then period (strictly increasing within)."""
        n = seq.size
        first = np.ones(n, dtype=bool)
        first[1:] = seq[1:] != seq[:-1]
        start = np.maximum.accumulate(np.where(first, np.arange(n), 0))
        step = np.arange(n) - start
        gap = np.zeros(n, dtype=np.int64)
        gap[1:] = np.where(first[1:], 0, period[1:] - period[:-1])
        last = np.ones(n, dtype=bool)
        last[:-1] = first[1:]
        order = np.lexsort((gap, step))
        bounds = np.searchsorted(step[order], np.arange(int(step.max(initial=0)) + 2))
        by_step = [order[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
        return Sequences(gap=gap, last=last, by_step=by_step)


def _likelihood(k: Array, n: Array, grid: Array) -> tuple[Array, Array]:
    """Binomial likelihoods of each row on the grid, scaled to a row maximum of 1."""
    ll = k[:, None] * _log_sigmoid(grid) + (n - k)[:, None] * _log_sigmoid(-grid)
    shift = ll.max(axis=1)
    ll -= shift[:, None]
    np.exp(ll, out=ll)
    return ll, shift


def _runs(rows: Index, gap: NDArray[np.int64]) -> list[tuple[int, Index]]:
    """Rows (sorted by gap) split into runs of one gap: (gap, rows)."""
    if not rows.size:
        return []
    g = gap[rows]
    cuts = np.flatnonzero(g[1:] != g[:-1]) + 1
    return [(int(g[a]), rows[a:b]) for a, b in zip([0, *cuts], [*cuts, g.size], strict=True)]


class _Kernels:
    """Random-walk kernels on the grid for each gap, made once."""

    def __init__(self, grid: Array, tau: float) -> None:
        self.grid, self.tau = grid, tau
        self._k: dict[int, Array] = {}
        self._t: dict[int, Array] = {}

    def __getitem__(self, gap: int) -> Array:
        if gap not in self._k:
            self._k[gap] = _kernel(self.grid, self.tau * float(np.sqrt(gap)))
        return self._k[gap]

    def transposed(self, gap: int) -> Array:
        """The kernel's transpose, contiguous (a product with a transposed view is slow)."""
        if gap not in self._t:
            self._t[gap] = np.ascontiguousarray(self[gap].T)
        return self._t[gap]


def _forward(lik: Array, sq: Sequences, prior: Array, kern: _Kernels) -> tuple[Array, Array]:
    """Filtered probabilities of every row, and the log normaliser of each row."""
    filt = np.empty_like(lik)
    log_c = np.empty(lik.shape[0])
    for s, rows in enumerate(sq.by_step):
        if not rows.size:
            continue
        if s == 0:
            a = lik[rows] * prior
        else:
            a = np.empty((rows.size, lik.shape[1]))
            pos = 0
            for g, run in _runs(rows, sq.gap):
                a[pos:pos + run.size] = (filt[run - 1] @ kern[g]) * lik[run]
                pos += run.size
        c = a.sum(axis=1)
        filt[rows] = a / c[:, None]
        log_c[rows] = np.log(c)
    return filt, log_c


def _backward(lik: Array, filt: Array, sq: Sequences, kern: _Kernels) -> Array:
    """Smoothed marginals of every row."""
    beta = np.ones_like(lik)
    for rows in reversed(sq.by_step):
        nxt = rows[~sq.last[rows]] + 1
        nxt = nxt[np.argsort(sq.gap[nxt], kind="stable")]
        for g, run in _runs(nxt, sq.gap):
            b = (lik[run] * beta[run]) @ kern.transposed(g)
            beta[run - 1] = b / b.max(axis=1, keepdims=True)
    m = filt * beta
    m /= m.sum(axis=1, keepdims=True)
    return m


def fit_sequences(k: Array, n: Array, sq: Sequences, grid: Array, mu: float
                  ) -> tuple[Array, Array, Array]:
    """Posterior weights of the (tau, s0) pairs, those of negligible weight left out.

    Every pair of `relindex._core.measurement.TAU_GRID` x ``S0_GRID`` is weighted by
    its marginal likelihood under a uniform prior over the grid's points; pairs whose
    weights together are below `relindex._core._hyper.SKIP` (1e-9) of the total are
    left out (`relindex._core._hyper.kept_pairs`) and the others renormalised.

    Returns
    -------
    taus, s0s, weights : ndarray of shape (P,)
        Random-walk step, first-period spread and weight of each kept pair.
    """
    lik, shift = _likelihood(k, n, grid)
    totals = np.empty((len(TAU_GRID), len(S0_GRID)))
    for i, s0 in enumerate(S0_GRID):
        prior = _prior(grid, mu, s0)
        for j, tau in enumerate(TAU_GRID):
            _, log_c = _forward(lik, sq, prior, _Kernels(grid, tau))
            totals[j, i] = float(log_c.sum() + shift.sum())
    keep = kept_pairs(totals)
    step, spread = np.divmod(keep, len(S0_GRID))
    return (np.asarray(TAU_GRID)[step], np.asarray(S0_GRID)[spread],
            mixture_weights(totals.ravel()[keep]))


def sequence_posterior(k: Array, n: Array, sq: Sequences, grid: Array, *,
                       tau: float | Array, s0: float | Array, mu: float, level: float = 0.9,
                       weights: Array | None = None) -> tuple[Array, Array, Array]:
    """Posterior mean and equal-tailed interval of each row's share.

    Parameters
    ----------
    k, n : ndarray of shape (rows,)
        Events of the kind estimated and all events of each row.
    sq : Sequences
    grid : ndarray of shape (G,)
        Latent (log-odds) grid.
    tau, s0 : float or ndarray of shape (P,)
        Random-walk step per period and first-period spread: one pair, or the pairs
        of a mixture (`fit_sequences`).
    mu : float
        Centre of the first period.
    level : float, default 0.9
    weights : ndarray of shape (P,), optional
        Weight of each pair in the mixture (summing to 1); one pair by default.

    Returns
    -------
    mean, low, high : ndarray of shape (rows,)
        Mean and equal-tailed interval of the posterior (of the mixture over pairs).

    Examples
    --------
    >>> import numpy as np
    >>> sq = Sequences.of(np.array([0, 0, 0]), np.array([2020, 2021, 2024]))
    >>> m, lo, hi = sequence_posterior(np.array([1.0, 2.0, 1.0]), np.array([4.0, 4.0, 4.0]),
    ...                                sq, np.linspace(-8, 8, 81), tau=0.3, s0=1.0, mu=0.0)
    >>> bool(np.all((lo <= m) & (m <= hi)))
    True
    """
    values = 1.0 / (1.0 + np.exp(-grid))
    lik, _ = _likelihood(k, n, grid)
    taus, s0s = np.atleast_1d(tau), np.atleast_1d(s0)
    w = np.ones(1) if weights is None else np.asarray(weights, dtype=np.float64)
    marg: Array = np.zeros((lik.shape[0], grid.size))
    for step, spread, weight in zip(taus.tolist(), s0s.tolist(), w.tolist(), strict=True):
        kern = _Kernels(grid, step)
        filt, _ = _forward(lik, sq, _prior(grid, mu, spread), kern)
        marg += weight * _backward(lik, filt, sq, kern)
    cdf = np.cumsum(marg, axis=1)
    tail = (1.0 - level) / 2.0
    return marg @ values, _quantile(cdf, values, tail), _quantile(cdf, values, 1.0 - tail)
