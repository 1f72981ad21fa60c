r"""Averaging the dynamic measurement models over their hyperparameters.

The random-walk step :math:`\tau` and the first-period spread :math:`s_0` of
`relindex._core.measurement` are not chosen but integrated out: under a uniform
prior over the points of the grid (`TAU_GRID`, log-uniform over [0.02, 2]; the
three values of `S0_GRID`), the posterior of the latent values is the mixture

.. math::

    p(\theta \mid y) = \sum_{j,i} w_{ji}\, p(\theta \mid y, \tau_j, s_{0,i}),
    \qquad w_{ji} \propto p(y \mid \tau_j, s_{0,i}),

of each pair's posterior, weighted by its marginal likelihood. A plug-in choice
of the pair of largest marginal likelihood understates the uncertainty when that
likelihood is flat, and its maximum for a variance parameter on sparse data often
sits at the boundary of the grid (Gelman 2006).

Pairs whose weights together are below `SKIP` (1e-9) of the total are left out of
the mixture (and the others' weights renormalised): every summary then moves by at
most about 1e-9 of the range of the values, while with many entities, whose
evidence identifies :math:`\tau` sharply, the cost stays near that of one pair.

References
----------
Gelman, A. (2006). Prior distributions for variance parameters in hierarchical
models. *Bayesian Analysis* 1(3), 515-534.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

SKIP = 1e-9
"""Pairs whose weights together are below this fraction of the total are left out."""

_BLOCK = 4
"""Steps whose forward passes `log_ml_grid` runs together: their kernels (0.8 MB on the
default grid) stay in cache over the periods, where the whole stack (2.5 MB) would be
read anew each period; the arrays of a fit of many entities are as many times smaller."""


def forward_pairs(lik: Array, shift: Array, priors: Array, kernels: Array, *,
                  keep: bool = True) -> tuple[Array, Array]:
    """Scaled forward pass of every (step, spread) pair at once, time-major.

    One stacked product per period for all pairs, (K, S, E, G) @ (K, 1, G, G), instead
    of one per pair: kernels differ by step only, first-period distributions by spread.
    Each pair's (E, G) @ (G, G) product is the one its own forward pass would take, so
    are its results, bit for bit (a product of all S * E rows at once may round
    differently); the tests compare it with a one-pair pass.

    Parameters
    ----------
    lik : ndarray of shape (T, E, G)
        exp(loglik - shift): likelihoods scaled per cell to a maximum of 1.
    shift : ndarray of shape (T, E)
        The per-cell scale taken out of ``lik``.
    priors : ndarray of shape (S, G)
        First-period distributions, one per spread.
    kernels : ndarray of shape (K, G, G)
        Random-walk kernels, one per step.
    keep : bool, default True
        Keep every period's filtered probabilities; ``False`` keeps only the last
        period's (one buffer, reused), for the marginal likelihood alone.

    Returns
    -------
    filtered : ndarray of shape (T, K, S, E, G), or (1, K, S, E, G) unless ``keep``
        p(theta_t | y_1..t) of each pair.
    log_ml : ndarray of shape (K, S, E)
        log p(y_1..T) of each pair and entity.
    """
    n_t, n_e, n_g = lik.shape
    shape = (kernels.shape[0], priors.shape[0], n_e, n_g)
    filtered = np.empty((n_t if keep else 1, *shape))
    log_ml = np.empty(shape[:3])
    log_ml[...] = shift.sum(axis=0)
    pred = np.broadcast_to(priors[None, :, None, :], shape)
    for t in range(n_t):
        a = np.multiply(pred, lik[t], out=filtered[t if keep else 0])
        c = a.sum(axis=3)
        a /= c[..., None]
        log_ml += np.log(c)
        if t + 1 < n_t:  # the last period predicts nothing
            pred = a @ kernels[:, None]
    return filtered, log_ml


def log_ml_grid(lik: Array, shift: Array, stack: Array, priors: Array) -> Array:
    """Log marginal likelihood of every (tau, s0) pair, summed over entities.

    `forward_pairs` of `_BLOCK` steps at a time, keeping no filtered probabilities, so
    that a fit of many entities holds one block's arrays only.

    Parameters
    ----------
    lik : ndarray of shape (T, E, G)
        Likelihoods scaled per cell to a maximum of 1.
    shift : ndarray of shape (T, E)
        The per-cell scale taken out of ``lik``.
    stack : ndarray of shape (n_tau, G, G)
        Random-walk kernels, one per step.
    priors : ndarray of shape (n_s0, G)
        First-period distributions, one per spread.

    Returns
    -------
    ndarray of shape (n_tau, n_s0)
    """
    totals = np.empty((stack.shape[0], priors.shape[0]))
    for b in range(0, stack.shape[0], _BLOCK):
        _, log_ml = forward_pairs(lik, shift, priors, stack[b:b + _BLOCK], keep=False)
        totals[b:b + _BLOCK] = log_ml.sum(axis=2)
    return totals


def kept_pairs(totals: Array, bound: float = SKIP) -> NDArray[np.intp]:
    """Flat indices of the pairs kept in the mixture, in (tau, s0) order.

    The pairs of smallest weight are left out while their weights together stay below
    ``bound`` of the total (weights proportional to ``exp(totals)``).

    Parameters
    ----------
    totals : ndarray of shape (n_tau, n_s0)
        Log marginal likelihood of each pair.
    bound : float, default `SKIP`

    Returns
    -------
    ndarray of int
        Indices into ``totals.ravel()``.

    Examples
    --------
    >>> kept_pairs(np.log(np.array([[0.5, 1e-12], [0.5, 1e-3]]))).tolist()
    [0, 2, 3]
    """
    w = mixture_weights(totals.ravel())
    order = np.argsort(w, kind="stable")
    dropped = order[np.cumsum(w[order]) < bound]
    keep = np.ones(w.size, dtype=bool)
    keep[dropped] = False
    return np.flatnonzero(keep)


def mixture_weights(log_ml: Array) -> Array:
    """Normalised weights proportional to ``exp(log_ml)``.

    Parameters
    ----------
    log_ml : ndarray of shape (P,)

    Returns
    -------
    ndarray of shape (P,)
        Non-negative, summing to 1.
    """
    w = np.exp(log_ml - log_ml.max())
    out: Array = w / w.sum()
    return out


def log_mean_ml(log_ml: Array, pairs: int) -> float:
    """Log of the marginal likelihood averaged over ``pairs`` equally likely pairs.

    Parameters
    ----------
    log_ml : ndarray of shape (P,)
        Log marginal likelihood of each kept pair (the others count as 0).
    pairs : int
        Number of pairs of the prior's grid.

    Returns
    -------
    float
    """
    top = float(log_ml.max())
    return top + float(np.log(np.exp(log_ml - top).sum())) - float(np.log(pairs))
