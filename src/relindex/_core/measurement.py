r"""Sparse event evidence as measurement: dynamic binomial and Poisson models on a grid.

A year in which the documents report two friction events among six is not a
measured friction share of one third: it is a noisy observation of a share
that changes slowly. This module estimates such quantities the way the
measurement models of political science do (Fariss 2014's dynamic standard,
V-Dem's measurement model, Martin & Quinn 2002's dynamic ideal points): a
latent value :math:`\theta_{e,t}` per entity and period follows a Gaussian
random walk

.. math::

    \theta_{e,1} \sim N(\mu, s_0^2), \qquad
    \theta_{e,t} \mid \theta_{e,t-1} \sim N(\theta_{e,t-1}, \tau^2),

and each period's events are its observation:

* **shares** (a friction share): :math:`k_{e,t} \sim \mathrm{Binomial}(n_{e,t},
  \operatorname{logit}^{-1}\theta_{e,t})`, :math:`k` events of one kind among
  :math:`n` coded events;
* **counts** (exercises, summits): :math:`y_{e,t} \sim
  \mathrm{Poisson}(x_{e,t}\, e^{\theta_{e,t}})` with exposure :math:`x`.

Evidence weights (a source's grade) temper a period's likelihood as a power,
:math:`L^{w}` (the likelihood of :math:`w`-weighted pseudo-counts): a poorly
graded report widens the interval and moves the estimate less, but never scales
the count it reports. The hyperparameters :math:`\tau` and :math:`s_0` are
integrated out (`relindex._core._hyper`): the posterior is the mixture of the
posteriors at every pair of `TAU_GRID` x `S0_GRID`, each weighted by its marginal
likelihood summed over entities under a uniform prior over the grid's points (a
declared value fixes its hyperparameter); :math:`\mu` is the pooled value of all
entities and periods. Entities share :math:`\mu, s_0, \tau`, which
is the partial pooling over entities; the random walk pools over periods.

Everything is computed exactly on a grid of the latent value by the
forward-backward algorithm, vectorised over entities: arrays of shape
``(entities, periods, grid)``, one matrix product per period. A period without
events has no likelihood term, so it receives the model's estimate with the
wider interval that its neighbours support, never a measured zero.

References
----------
Fariss, C. J. (2014). Respect for human rights has improved over time: modeling
the changing standard of accountability. *American Political Science Review*
108(2), 297-318.
Rabiner, L. R. (1989). A tutorial on hidden Markov models. *Proc. IEEE* 77(2).
Carter, C. K. & Kohn, R. (1994). On Gibbs sampling for state space models.
*Biometrika* 81(3) (forward filtering, backward sampling).
Gelman, A. (2006). Prior distributions for variance parameters in hierarchical
models. *Bayesian Analysis* 1(3), 515-534.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ._hyper import forward_pairs as _forward_pairs
from ._hyper import kept_pairs, log_mean_ml, log_ml_grid, mixture_weights

__all__ = [
    "FAMILIES",
    "S0_GRID",
    "TAU_GRID",
    "Posterior",
    "centre",
    "estimate",
    "sample_paths",
]

Array = NDArray[np.float64]

FAMILIES = ("binomial", "poisson")
"""Observation families: shares of events, and counts per period."""

TAU_GRID: tuple[float, ...] = tuple(float(x) for x in np.geomspace(0.02, 2.0, 12))
"""Random-walk standard deviations (latent scale, per period) averaged over, log-uniform."""

S0_GRID: tuple[float, ...] = (0.5, 1.0, 2.0)
"""Standard deviations of the first period around the pooled value, averaged over uniformly."""

_GRID_SIZE = 161
_FIT_ENTITIES = 400
_SHARED_CELLS = 2**23
"""Cells of every pair's filtered probabilities (64 MB) below which the fit's forward
passes, over every entity, are kept for the posterior rather than run again."""


@dataclass(frozen=True, kw_only=True, eq=False)
class Posterior:
    """Posterior of the latent value on a grid, with its summaries.

    Attributes
    ----------
    family : str
        ``"binomial"`` (values are shares in [0, 1]) or ``"poisson"`` (rates per
        unit of exposure).
    grid : ndarray of shape (G,)
        Latent values (log-odds or log-rates) of the grid.
    values : ndarray of shape (G,)
        The grid on the natural scale (shares or rates).
    marginal : ndarray of shape (E, T, G)
        Posterior probability of each grid point per entity and period (the mixture
        over the kept hyperparameter pairs).
    mean, low, high : ndarray of shape (E, T)
        Posterior mean and the equal-tailed interval at ``level``, from the mixture.
    level : float
        Probability mass of the interval (0.9 by default).
    weights : ndarray of shape (P,)
        Posterior weight of each kept (tau, s0) pair (summing to 1).
    taus, s0s : ndarray of shape (P,)
        Random-walk step and first-period spread of each kept pair (latent scale).
    filtered : ndarray of shape (P, E, T, G)
        Filtered (forward) probabilities of each kept pair, kept for drawing joint paths.
    mu : float
        Pooled centre (latent scale).
    log_ml : float
        Log marginal likelihood of the data averaged over the hyperparameters' grid.
    observed : ndarray of bool, shape (E, T)
        Whether a period had a likelihood term (any evidence).
    """

    family: str
    grid: Array
    values: Array
    marginal: Array
    mean: Array
    low: Array
    high: Array
    level: float
    weights: Array
    taus: Array
    s0s: Array
    filtered: Array
    mu: float
    log_ml: float
    observed: NDArray[np.bool_]

    @property
    def tau_mean(self) -> float:
        """Posterior mean of log tau, as a step: exp(E[log tau])."""
        return float(np.exp(self.weights @ np.log(self.taus)))

    @property
    def tau_weights(self) -> dict[float, float]:
        """Posterior weight of each random-walk step (summed over s0), kept pairs only."""
        out: dict[float, float] = {}
        for tau, w in zip(self.taus.tolist(), self.weights.tolist(), strict=True):
            out[tau] = out.get(tau, 0.0) + w
        return out


def _log_sigmoid(x: Array) -> Array:
    """Return log(1 / (1 + exp(-x))) without overflow."""
    return -np.logaddexp(0.0, -x)


def _loglik(family: str, k: Array, n: Array, grid: Array) -> Array:
    """Log-likelihood of each cell at each grid point, shape (E, T, G).

    Cells with ``n == 0`` (no evidence) contribute 0 at every grid point.
    """
    k3, n3 = k[..., None], n[..., None]
    if family == "binomial":
        return np.asarray(k3 * _log_sigmoid(grid) + (n3 - k3) * _log_sigmoid(-grid))
    return np.asarray(k3 * grid - n3 * np.exp(grid))


_KERNELS: dict[tuple[bytes, tuple[float, ...]], Array] = {}
_KERNELS_MAX = 4

_LOG_TINY = float(np.log(np.finfo(np.float64).tiny))
"""Exponents below which ``exp`` gives a subnormal number or 0 (about -708.4)."""


def _kernels(grid: Array, taus: tuple[float, ...]) -> Array:
    """Gaussian random-walk transition matrices on the grid, one per step (`_build_kernels`).

    Returns an array of shape (len(taus), G, G), read-only. The `_KERNELS_MAX` stacks
    used last are kept by grid and steps (2.5 MB each for the default grids). The search
    stack of the fixed grid of shares is dropped last: every fit of a share uses it, while
    a grid of counts follows its data (rescoring without each source in turn fits counts
    on a new grid between two fits of a share).
    """
    key = (grid.tobytes(), tuple(float(t) for t in taus))
    hit = _KERNELS.pop(key, None)
    if hit is not None:
        _KERNELS[key] = hit  # the most recently used last
        return hit
    out = _build_kernels(grid, key[1])
    if len(_KERNELS) >= _KERNELS_MAX:
        del _KERNELS[next((k for k in _KERNELS if not _share_search(k)), next(iter(_KERNELS)))]
    _KERNELS[key] = out
    return out


def _share_search(key: tuple[bytes, tuple[float, ...]]) -> bool:
    """Whether a kept stack is the search stack (`TAU_GRID`) of the fixed grid of shares."""
    return key[1] == TAU_GRID and key[0] == _share_grid(len(key[0]) // 8).tobytes()


def _build_kernels(grid: Array, taus: tuple[float, ...]) -> Array:
    r"""Gaussian random-walk transition matrices on the grid, one per step, rows normalised.

    Returns an array of shape (len(taus), G, G), read-only.

    A step of more than about 37.6 standard deviations, whose density
    :math:`e^{-d^2 / 2\tau^2}` is below the smallest normal double (2.2e-308), has
    probability 0. Beside a row whose largest entry is 1 (no step), such a density
    changes no sum a double can hold, but subnormal arithmetic costs about a hundred
    times more: in ``exp`` here and in every product of the forward and backward passes.
    The other entries, and each row's sum, are those of the plain formula bit for bit.
    """
    d = grid[None, :] - grid[:, None]
    out: Array = np.empty((len(taus), grid.size, grid.size))
    for tau, u in zip(taus, out, strict=True):  # one step at a time, in cache
        # exp(-0.5 (d / tau)^2), in place
        np.divide(d, tau, out=u)
        np.multiply(u, u, out=u)
        u *= -0.5
        np.putmask(u, u < _LOG_TINY, -np.inf)  # exp(-inf) is 0, without an underflow's slow path
        np.exp(u, out=u)
        u /= u.sum(axis=1, keepdims=True)
    out.flags.writeable = False
    return out


def _kernel(grid: Array, tau: float) -> Array:
    """Gaussian random-walk transition matrix on the grid, rows normalised (read-only).

    Taken from the kept stack of `TAU_GRID` on this grid when the fit chose ``tau`` there.
    """
    if tau in TAU_GRID:
        stack = _KERNELS.get((grid.tobytes(), TAU_GRID))
        if stack is not None:  # a copy: a view would keep the whole stack alive
            out: Array = stack[TAU_GRID.index(tau)].copy()
            out.flags.writeable = False
            return out
    return _kernels(grid, (tau,))[0].copy()


def _prior(grid: Array, mu: float, s0: float) -> Array:
    """Discretised N(mu, s0^2) on the grid, summing to 1."""
    p = np.exp(-0.5 * ((grid - mu) / s0) ** 2)
    out: Array = p / p.sum()
    return out


def _scaled(loglik: Array) -> tuple[Array, Array]:
    """Time-major likelihoods (T, E, G) scaled to a per-cell maximum of 1, and the scale."""
    ll = np.ascontiguousarray(loglik.transpose(1, 0, 2))
    shift = ll.max(axis=2)
    ll -= shift[..., None]
    np.exp(ll, out=ll)
    return ll, shift


def _quantile(cdf: Array, values: Array, q: float) -> Array:
    """The q-quantile of discrete distributions on ``values`` (last axis), interpolated."""
    idx = np.minimum((cdf < q).sum(axis=-1), values.size - 1)
    lo_idx = np.maximum(idx - 1, 0)
    c_hi = np.take_along_axis(cdf, idx[..., None], axis=-1)[..., 0]
    c_lo = np.where(idx > 0, np.take_along_axis(cdf, lo_idx[..., None], axis=-1)[..., 0], 0.0)
    span = np.where(c_hi > c_lo, c_hi - c_lo, 1.0)
    frac = np.clip((q - c_lo) / span, 0.0, 1.0)
    out: Array = values[lo_idx] + frac * (values[idx] - values[lo_idx])
    return np.where(idx > 0, out, values[0])


def _share_grid(size: int) -> Array:
    """The latent grid of shares (log-odds), the same whatever the data."""
    return np.linspace(-8.0, 8.0, size)


def _grid(family: str, k: Array, n: Array, size: int) -> Array:
    """Latent grid covering every plausible value of the data."""
    if family == "binomial":
        return _share_grid(size)
    seen = n > 0
    rates = (k[seen] + 0.5) / n[seen] if seen.any() else np.array([1.0])
    lo = float(np.log(rates.min())) - 4.0
    hi = float(np.log(rates.max())) + 3.0
    return np.linspace(lo, hi, size)


def centre(family: str, k: Array, n: Array) -> float:
    """Pooled latent value of all cells (a half event of prior weight each way).

    Parameters
    ----------
    family : {"binomial", "poisson"}
    k, n : ndarray
        Counts and totals (or exposures), as for `estimate`.

    Returns
    -------
    float
        logit of the pooled share, or log of the pooled rate.
    """
    if family == "binomial":
        p = (k.sum() + 0.5) / (n.sum() + 1.0)
        return float(np.log(p) - np.log1p(-p))
    return float(np.log((k.sum() + 0.5) / max(n.sum(), 1e-12)))


def _backward_pairs(lik: Array, filtered: Array, kernels: Array) -> Array:
    """Smoothed marginals p(theta_t | y_1..T) of every pair at once, from `_forward_pairs`.

    Parameters
    ----------
    lik : ndarray of shape (T, E, G)
    filtered : ndarray of shape (T, K, S, E, G)
    kernels : ndarray of shape (K, G, G)

    Returns
    -------
    ndarray of shape (T, K, S, E, G)
        p(theta_t | y_1..T) of each pair.
    """
    shape = filtered.shape[1:]
    beta = np.ones(shape)
    marginal = np.empty_like(filtered)
    k_t = kernels.transpose(0, 2, 1)[:, None].copy()  # a product with a transposed view is slow
    for t in range(filtered.shape[0] - 1, -1, -1):
        mt = np.multiply(filtered[t], beta, out=marginal[t])
        mt /= mt.sum(axis=3, keepdims=True)
        if t:
            b = (lik[t] * beta) @ k_t
            beta = b / b.max(axis=3, keepdims=True)
    return marginal


def _pair_posteriors(lik: Array, shift: Array, grid: Array, mu: float, n: Array,
                     taus: tuple[float, ...], s0s: tuple[float, ...]
                     ) -> tuple[NDArray[np.intp], Array, Array, Array]:
    """The kept (tau, s0) pairs' forward-backward passes over every entity, stacked.

    Pairs of negligible weight on the fit's entities (`_fit_rows`,
    `relindex._core._hyper.kept_pairs`) are left out; `estimate` weighs the kept ones by
    their marginal likelihood over every entity, returned here. The passes run for every
    spread of each step that keeps a pair (`_forward_pairs`), and only the kept pairs are
    returned.

    Returns
    -------
    keep : ndarray of int
        Flat indices of the kept pairs into ``(len(taus), len(s0s))``.
    log_ml : ndarray of shape (P,)
        Each kept pair's log marginal likelihood over every entity.
    filtered, marginal : ndarray of shape (T, P, E, G)
        Each kept pair's filtered and smoothed probabilities (time-major).
    """
    stack = _kernels(grid, taus)
    priors = np.stack([_prior(grid, mu, s0) for s0 in s0s])
    n_s = priors.shape[0]
    keep, filtered, lml = _kept_forward(lik, shift, stack, priors, n)
    steps = np.flatnonzero(np.bincount(keep // n_s))  # not np.unique, which imports numpy.ma
    kernels = stack if steps.size == stack.shape[0] else stack[steps]
    if filtered.shape[1] > steps.size:  # the fit's passes, of every step
        filtered, lml = filtered[:, steps], lml[steps]
    marginal = _backward_pairs(lik, filtered, kernels)
    at = np.searchsorted(steps, keep // n_s) * n_s + keep % n_s  # into the steps computed
    n_t, n_e, n_g = lik.shape
    lmls = lml.sum(axis=2).reshape(-1)[at]
    if at.size == steps.size * n_s:  # every computed pair is kept
        return keep, lmls, filtered.reshape(n_t, -1, n_e, n_g), marginal.reshape(n_t, -1, n_e, n_g)
    return (keep, lmls, filtered.reshape(n_t, -1, n_e, n_g)[:, at],
            marginal.reshape(n_t, -1, n_e, n_g)[:, at])


def _kept_forward(lik: Array, shift: Array, stack: Array, priors: Array, n: Array
                  ) -> tuple[NDArray[np.intp], Array, Array]:
    """The kept pairs, and the forward passes (`_forward_pairs`) of their steps or of all.

    When the fit's entities are all of them and its arrays small (`_SHARED_CELLS`), the
    fit's forward passes are those of the posterior: they are run once, for every pair.
    Otherwise the fit is `relindex._core._hyper.log_ml_grid` on the fit's entities, then
    the forward passes of the kept pairs' steps follow.

    Returns
    -------
    keep : ndarray of int
        Flat indices of the kept pairs into ``(len(stack), len(priors))``.
    filtered, log_ml : ndarray
        As `_forward_pairs` returns them, for every step or for the kept pairs' steps.
    """
    n_pairs = stack.shape[0] * priors.shape[0]
    if n_pairs > 1 and n.shape[0] <= _FIT_ENTITIES and lik.size * n_pairs <= _SHARED_CELLS:
        filtered, lml = _forward_pairs(lik, shift, priors, stack)
        return kept_pairs(lml.sum(axis=2)), filtered, lml
    keep = np.arange(1)
    if n_pairs > 1:
        rows = _fit_rows(n)
        keep = kept_pairs(log_ml_grid(lik[:, rows], shift[:, rows], stack, priors))
    steps = np.flatnonzero(np.bincount(keep // priors.shape[0]))
    kernels = stack if steps.size == stack.shape[0] else stack[steps]
    filtered, lml = _forward_pairs(lik, shift, priors, kernels)
    return keep, filtered, lml


def _fit_rows(n: Array) -> NDArray[np.intp]:
    """Entities used to fit hyperparameters: all, or the best-observed ones when many."""
    if n.shape[0] <= _FIT_ENTITIES:
        return np.arange(n.shape[0])
    order = np.argsort(-n.sum(axis=1), kind="stable")
    return np.sort(order[:_FIT_ENTITIES])


def estimate(
    family: str,
    k: Array,
    n: Array,
    *,
    tau: float | None = None,
    s0: float | None = None,
    mu: float | None = None,
    level: float = 0.9,
    grid_size: int = _GRID_SIZE,
) -> Posterior:
    """Estimate a share or a rate per entity and period from sparse counts.

    Parameters
    ----------
    family : {"binomial", "poisson"}
        ``binomial``: ``k`` events of a kind among ``n`` events (a share);
        ``poisson``: ``k`` events in an exposure ``n`` (a rate; ``n`` is 1 for a
        whole period).
    k, n : ndarray of shape (E, T)
        Evidence-weighted counts: each event counts with its evidence weight
        (1 for a fully reliable report). ``n == 0`` means no evidence in that
        cell (no likelihood term). Must be finite and >= 0, ``k <= n`` for shares.
    tau, s0 : float, optional
        Declared random-walk step and first-period spread (latent scale); each
        left ``None`` is averaged over `TAU_GRID` / `S0_GRID` (uniform prior over
        the grid's points, weights proportional to the marginal likelihood summed
        over entities). Pairs whose weights together are below
        `relindex._core._hyper.SKIP` (1e-9) of the total, on every entity or on the
        best-observed `_FIT_ENTITIES` when more, are left out of the mixture.
    mu : float, optional
        Declared centre of the first period (latent scale); by default the pooled
        value of every cell given (pass it when estimating entities in chunks).
    level : float, default 0.9
        Probability mass of the reported interval.
    grid_size : int, default 161
        Points of the latent grid (its cost grows with the square).

    Returns
    -------
    Posterior

    Examples
    --------
    >>> import numpy as np
    >>> post = estimate("binomial", np.array([[0., 1., 2.]]), np.array([[2., 6., 3.]]))
    >>> bool(np.all((post.low <= post.mean) & (post.mean <= post.high)))
    True
    >>> post.observed.tolist()
    [[True, True, True]]
    """
    k = np.asarray(k, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    grid = _grid(family, k, n, grid_size)
    values = 1.0 / (1.0 + np.exp(-grid)) if family == "binomial" else np.exp(grid)
    if mu is None:
        mu = centre(family, k, n)
    lik, shift = _scaled(_loglik(family, k, n, grid))
    taus = TAU_GRID if tau is None else (float(tau),)
    s0s = S0_GRID if s0 is None else (float(s0),)
    keep, lmls, filtered, marginals = _pair_posteriors(lik, shift, grid, mu, n, taus, s0s)
    weights = mixture_weights(lmls)
    marginal = np.einsum("p,tpeg->etg", weights, marginals)
    cdf = np.cumsum(marginal, axis=-1)
    tail = (1.0 - level) / 2.0
    return Posterior(
        family=family, grid=grid, values=values, marginal=marginal, mean=marginal @ values,
        low=_quantile(cdf, values, tail), high=_quantile(cdf, values, 1.0 - tail),
        level=level, weights=weights, taus=np.array(taus)[keep // len(s0s)],
        s0s=np.array(s0s)[keep % len(s0s)], filtered=filtered.transpose(1, 2, 0, 3), mu=mu,
        log_ml=log_mean_ml(lmls, len(taus) * len(s0s)), observed=n > 0,
    )


def sample_paths(post: Posterior, draws: int, rng: np.random.Generator) -> Array:
    """Joint draws of whole paths from the posterior (forward filtering, backward sampling).

    Parameters
    ----------
    post : Posterior
    draws : int
        Number of joint paths.
    rng : numpy.random.Generator

    Returns
    -------
    ndarray of shape (draws, E, T)
        Natural-scale values (shares or rates); the periods of one draw are
        drawn jointly, so differences between periods carry their correlation.

    Notes
    -----
    A joint draw from the posterior averaged over the hyperparameters: each draw
    first takes a (tau, s0) pair by the posterior weights (one pair for every
    entity of that draw), then a path within that pair.
    """
    out = np.empty((draws, *post.mean.shape))
    if post.weights.size == 1:
        pair = np.zeros(draws, dtype=np.intp)
    else:  # the pair of each draw first: one pair for every entity of a draw
        pair = rng.choice(post.weights.size, size=draws, p=post.weights)
    steps = tuple(sorted(set(post.taus.tolist())))
    stack = _kernels(post.grid, steps)
    for p in np.unique(pair):
        at = np.flatnonzero(pair == p)
        kernel = stack[steps.index(float(post.taus[p]))]
        out[at] = post.values[_backward_sample(post.filtered[p], kernel, at.size, rng)]
    return out


def _backward_sample(f: Array, kernel: Array, draws: int, rng: np.random.Generator
                     ) -> NDArray[np.intp]:
    """Grid indices of joint paths, shape (draws, E, T), from one pair's filtered (E, T, G)."""
    n_e, n_t, n_g = f.shape
    out = np.empty((draws, n_e, n_t), dtype=np.intp)
    cdf = np.cumsum(f[:, -1], axis=-1)
    u = rng.random((draws, n_e, 1))
    state = np.minimum((cdf[None] < u * cdf[None, :, -1:]).sum(axis=-1), n_g - 1)
    out[:, :, -1] = state
    for t in range(n_t - 2, -1, -1):
        w = f[None, :, t, :] * kernel[:, state].transpose(1, 2, 0)
        c = np.cumsum(w, axis=-1)
        u = rng.random((draws, n_e, 1))
        state = np.minimum((c < u * c[..., -1:]).sum(axis=-1), n_g - 1)
        out[:, :, t] = state
    return out
