"""The dynamic binomial and Poisson measurement models (relindex._core.measurement)."""

import itertools
from typing import ClassVar

import numpy as np
import pytest

from relindex._core import _hyper
from relindex._core import measurement as m
from relindex.events import aggregate_arrays
from relindex.events.estimate import share_estimates

# One pair's scaled forward and backward passes, written as the recursions read: the
# reference the stacked passes of every pair must equal bit for bit.


def _forward(lik: np.ndarray, shift: np.ndarray, prior: np.ndarray,
             kernel: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Scaled forward pass of one pair, time-major (the reference `_forward_pairs` must equal).

    Parameters
    ----------
    lik : ndarray of shape (T, E, G)
        exp(loglik - shift): likelihoods scaled per cell to a maximum of 1.
    shift : ndarray of shape (T, E)
        The per-cell scale taken out of ``lik`` (added back to the evidence).
    prior : ndarray of shape (G,)
    kernel : ndarray of shape (G, G)

    Returns
    -------
    filtered : ndarray of shape (T, E, G)
        p(theta_t | y_1..t).
    log_ml : ndarray of shape (E,)
        log p(y_1..T) per entity.
    """
    n_t, n_e, _ = lik.shape
    filtered = np.empty_like(lik)
    log_ml = shift.sum(axis=0)
    pred = np.broadcast_to(prior, (n_e, prior.size))
    for t in range(n_t):
        a = np.multiply(pred, lik[t], out=filtered[t])
        c = a.sum(axis=1)
        a /= c[:, None]
        log_ml += np.log(c)
        if t + 1 < n_t:
            pred = a @ kernel
    return filtered, log_ml


def _backward(lik: np.ndarray, filtered: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Smoothed marginals p(theta_t | y_1..T) from the filtered ones (time-major), one pair.

    The reference `_backward_pairs` must equal, bit for bit.
    """
    n_t, n_e, n_g = lik.shape
    beta = np.ones((n_e, n_g))
    marginal = np.empty_like(filtered)
    k_t = np.ascontiguousarray(kernel.T)  # a product with a transposed view is slow
    for t in range(n_t - 1, -1, -1):
        mt = np.multiply(filtered[t], beta, out=marginal[t])
        mt /= mt.sum(axis=1, keepdims=True)
        if t:
            b = (lik[t] * beta) @ k_t
            beta = b / b.max(axis=1, keepdims=True)
    return marginal



def brute_force(family, k, n, grid, tau, s0, mu):
    """Posterior marginals and log marginal likelihood by enumerating every path."""
    n_t, n_g = k.size, grid.size
    ll = m._loglik(family, k[None], n[None], grid)[0]
    prior = m._prior(grid, mu, s0)
    kern = m._kernel(grid, tau)
    marg = np.zeros((n_t, n_g))
    total = 0.0
    for path in itertools.product(range(n_g), repeat=n_t):
        p = prior[path[0]] * np.exp(sum(ll[t, path[t]] for t in range(n_t)))
        for t in range(1, n_t):
            p *= kern[path[t - 1], path[t]]
        total += p
        for t in range(n_t):
            marg[t, path[t]] += p
    return marg / total, np.log(total)


@pytest.mark.parametrize("family", m.FAMILIES)
@pytest.mark.parametrize(("tau", "s0"), [(0.3, 1.0), (1.5, 0.5)])
def test_forward_backward_equals_enumeration(family, tau, s0):
    """On a 7-point grid and 4 periods, the posterior equals the sum over all 2,401 paths."""
    k = np.array([1.0, 0.0, 3.0, 0.0])
    n = np.array([2.0, 0.0, 4.0, 1.0]) if family == "binomial" else np.array([1.0, 0.0, 1.0, 0.5])
    post = m.estimate(family, k[None], n[None], tau=tau, s0=s0, mu=0.2, grid_size=7)
    marg, lml = brute_force(family, k, n, post.grid, tau, s0, 0.2)
    np.testing.assert_allclose(post.marginal[0], marg, rtol=1e-9, atol=1e-12)
    assert post.log_ml == pytest.approx(lml, rel=1e-9)


@pytest.mark.parametrize("family", m.FAMILIES)
def test_hyperparameters_averaged_equal_the_enumeration_over_pairs_and_paths(family):
    """Undeclared tau and s0: the mixture over every grid pair of every path's posterior.

    Plain loops: for each (tau, s0) of the grids, the sum over all 343 paths of a
    7-point grid and 3 periods; pairs weighted by their marginal likelihood under a
    uniform prior over the grid's points.
    """
    k = np.array([1.0, 0.0, 3.0])
    n = np.array([2.0, 0.0, 4.0]) if family == "binomial" else np.array([1.0, 0.0, 0.5])
    post = m.estimate(family, k[None], n[None], mu=0.2, grid_size=7)
    margs, lmls = [], []
    for tau in m.TAU_GRID:
        for s0 in m.S0_GRID:
            marg, lml = brute_force(family, k, n, post.grid, tau, s0, 0.2)
            margs.append(marg)
            lmls.append(lml)
    ml = np.exp(np.array(lmls))
    mix = sum(w * mg for w, mg in zip(ml / ml.sum(), margs, strict=True))
    np.testing.assert_allclose(post.marginal[0], mix, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(post.mean[0], mix @ post.values, rtol=1e-9)
    assert post.log_ml == pytest.approx(np.log(ml.mean()), rel=1e-9)
    assert post.weights.size == len(m.TAU_GRID) * len(m.S0_GRID)  # none negligible here


def _pair_mixture(family, k, n, taus, s0s):
    """The averaged posterior from one `estimate` per declared pair, by their likelihoods."""
    posts = [m.estimate(family, k, n, tau=t, s0=s) for t in taus for s in s0s]
    lml = np.array([p.log_ml for p in posts])
    w = np.exp(lml - lml.max())
    w /= w.sum()
    marg = sum(wi * p.marginal for wi, p in zip(w, posts, strict=True))
    return marg, lml, posts


def test_a_declared_tau_averages_over_s0_only():
    """``drift_sd`` fixes tau: the mixture runs over the three first-period spreads."""
    k = np.array([[0.0, 1.0, 4.0, 1.0], [2.0, 0.0, 1.0, 0.0]])
    n = np.array([[3.0, 2.0, 5.0, 2.0], [2.0, 0.0, 6.0, 1.0]])
    post = m.estimate("binomial", k, n, tau=0.3)
    marg, lml, _ = _pair_mixture("binomial", k, n, (0.3,), m.S0_GRID)
    np.testing.assert_allclose(post.marginal, marg, rtol=1e-9, atol=1e-14)
    assert post.taus.tolist() == [0.3] * 3
    assert post.s0s.tolist() == list(m.S0_GRID)
    top = lml.max()
    assert post.log_ml == pytest.approx(top + np.log(np.exp(lml - top).mean()), rel=1e-12)
    assert post.tau_mean == pytest.approx(0.3)


def _flat_evidence():
    """One entity, eight years of about one friction event in eight: the shipped pattern."""
    k = np.array([[1.0, 0.0, 2.0, 1.0, 1.0, 0.0, 1.0, 2.0]])
    n = np.array([[8.0, 6.0, 9.0, 7.0, 10.0, 5.0, 8.0, 9.0]])
    return k, n


def test_on_flat_evidence_the_interval_is_wider_than_the_best_single_pair():
    """A flat marginal likelihood over tau: averaging widens every period's interval.

    The plug-in choice (the pair of largest marginal likelihood, here the grid's corner)
    makes the series constant and its intervals narrow; the average holds the
    uncertainty about tau.
    """
    k, n = _flat_evidence()
    pairs = [(t, s) for t in m.TAU_GRID for s in m.S0_GRID]
    posts = [m.estimate("binomial", k, n, tau=t, s0=s) for t, s in pairs]
    at = int(np.argmax([p.log_ml for p in posts]))
    best = posts[at]
    assert pairs[at] == (m.TAU_GRID[0], m.S0_GRID[0])  # the corner
    post = m.estimate("binomial", k, n)
    assert np.all(post.high - post.low > 1.2 * (best.high - best.low))
    # the evidence barely prefers small steps: those of 0.5 and more keep real weight
    assert sum(w for t, w in post.tau_weights.items() if t >= 0.5) > 0.05


def test_negligible_pairs_are_left_out_within_the_declared_bound(monkeypatch):
    """Many entities identify tau: pairs of together < 1e-9 of the weight are skipped.

    The kept mixture is the whole one to about that bound, at the cost of few pairs.
    """
    rng = np.random.default_rng(4)
    _p, k, n = simulate_dyads(rng, n_dyads=300, n_years=6)
    k, n = k.astype(float), n.astype(float)
    post = m.estimate("binomial", k, n)
    assert post.weights.size < len(m.TAU_GRID) * len(m.S0_GRID) / 3
    grid, mu = post.grid, post.mu
    lik, shift = m._scaled(m._loglik("binomial", k, n, grid))
    priors = np.stack([m._prior(grid, mu, s) for s in m.S0_GRID])
    w = _hyper.mixture_weights(_hyper.log_ml_grid(lik, shift, m._kernels(grid, m.TAU_GRID),
                                                  priors).ravel())
    kept = {(t, s) for t, s in zip(post.taus.tolist(), post.s0s.tolist(), strict=True)}
    pairs = [(t, s) for t in m.TAU_GRID for s in m.S0_GRID]
    dropped = sum(wi for wi, pair in zip(w, pairs, strict=True) if pair not in kept)
    assert dropped < _hyper.SKIP
    monkeypatch.setattr(m, "kept_pairs", lambda totals: np.arange(totals.size))
    whole = m.estimate("binomial", k, n)
    assert whole.weights.size == len(pairs)
    np.testing.assert_allclose(post.mean, whole.mean, atol=1e-8)
    np.testing.assert_allclose(post.low, whole.low, atol=1e-8)
    np.testing.assert_allclose(post.high, whole.high, atol=1e-8)


def test_joint_paths_are_drawn_from_the_averaged_posterior():
    """Draws take a pair by its weight, then a path: their moments are the mixture's."""
    k, n = _flat_evidence()
    k = np.vstack([k, k[:, ::-1]])
    n = np.vstack([n, n[:, ::-1]])
    marg, _, posts = _pair_mixture("binomial", k, n, m.TAU_GRID, m.S0_GRID)
    values = posts[0].values
    mean = marg @ values
    sd = np.sqrt(marg @ values**2 - mean**2)
    post = m.estimate("binomial", k, n)
    draws = m.sample_paths(post, 40_000, np.random.default_rng(7))
    se = sd / np.sqrt(40_000)
    assert np.all(np.abs(draws.mean(axis=0) - mean) < 4 * se)
    # the spread of the draws is the mixture's (about 2 per cent error at 40,000 draws)
    np.testing.assert_allclose(draws.std(axis=0), sd, rtol=0.03)
    # one pair per draw for every entity: the first period's draws of the two entities
    # correlate through tau (a large step spreads both), where independent pairs would not
    big = np.abs(draws[:, 0, 0] - mean[0, 0]) > 2 * sd[0, 0]
    assert big.mean() > 0 and np.abs(draws[big, 1, 0] - mean[1, 0]).mean() > 1.1 * np.abs(
        draws[:, 1, 0] - mean[1, 0]).mean()


def test_a_period_without_events_is_estimated_with_a_wider_interval():
    """No events: no likelihood term, the model's estimate, never a measured 0."""
    k = np.array([[2.0, 0.0, 2.0]])
    n = np.array([[6.0, 0.0, 6.0]])
    post = m.estimate("binomial", k, n, tau=0.5, s0=1.0, mu=0.0)
    seen = m.estimate("binomial", np.full((1, 3), 2.0), np.full((1, 3), 6.0), tau=0.5, s0=1.0,
                      mu=0.0)
    assert post.observed.tolist() == [[True, False, True]]
    assert (post.high - post.low)[0, 1] > (seen.high - seen.low)[0, 1]
    assert 0.2 < post.mean[0, 1] < 0.45


def test_evidence_weight_widens_the_interval_but_keeps_the_centre():
    """Half-weighted evidence (a poorly graded source) is less information, not fewer events."""
    k, n = np.array([[3.0, 3.0]]), np.array([[10.0, 10.0]])
    full = m.estimate("binomial", k, n, tau=0.2, s0=2.0, mu=0.0)
    half = m.estimate("binomial", k / 2, n / 2, tau=0.2, s0=2.0, mu=0.0)
    assert (half.high - half.low)[0, 0] > (full.high - full.low)[0, 0]
    # with a flat-ish prior both centre near the observed 30 per cent
    assert abs(full.mean[0, 0] - 0.3) < 0.05 and abs(half.mean[0, 0] - 0.3) < 0.08


def test_poisson_rate_follows_counts_with_honest_intervals():
    """A count of 8 a year for four years: the rate is near 8 and its interval holds it."""
    y = np.full((1, 4), 8.0)
    post = m.estimate("poisson", y, np.ones_like(y))
    assert np.all(np.abs(post.mean - 8) < 1.0)
    assert np.all((post.low < 8) & (post.high > 8))


def test_interval_holds_the_mean_and_level_orders_widths():
    rng = np.random.default_rng(3)
    n = rng.poisson(3, (20, 8)).astype(float)
    k = rng.binomial(n.astype(int), 0.3).astype(float)
    p90 = m.estimate("binomial", k, n)
    p50 = m.estimate("binomial", k, n, level=0.5)
    assert np.all((p90.low <= p90.mean) & (p90.mean <= p90.high))
    assert np.all(p50.high - p50.low <= p90.high - p90.low + 1e-12)


def test_log_ml_is_the_log_of_the_marginal_likelihood_averaged_over_the_grid():
    """Between the best pair's and that less log(36): the average of 36 likelihoods."""
    rng = np.random.default_rng(5)
    n = rng.poisson(5, (30, 10)).astype(float)
    k = rng.binomial(n.astype(int), 0.4).astype(float)
    avg = m.estimate("binomial", k, n)
    each = [m.estimate("binomial", k, n, tau=t, s0=s).log_ml
            for t in m.TAU_GRID for s in m.S0_GRID]
    assert max(each) - np.log(len(each)) - 1e-9 <= avg.log_ml <= max(each) + 1e-9
    top = max(each)
    assert avg.log_ml == pytest.approx(top + np.log(np.mean(np.exp(np.array(each) - top))),
                                       abs=1e-8)


def _totals_pair_by_pair(lik, shift, grid, mu):
    out = np.empty((len(m.TAU_GRID), len(m.S0_GRID)))
    for i, s0 in enumerate(m.S0_GRID):
        for j, tau in enumerate(m.TAU_GRID):
            _, lml = _forward(lik, shift, m._prior(grid, mu, s0), m._kernel(grid, tau))
            out[j, i] = float(lml.sum())
    return out


@pytest.mark.parametrize(("family", "entities"), [("binomial", 1), ("poisson", 3),
                                                  ("binomial", 17)])
def test_likelihood_of_every_pair_at_once_is_the_pair_by_pair_one(family, entities):
    """The stacked forward passes give each pair's own forward pass to the last bit."""
    rng = np.random.default_rng(entities)
    n = rng.poisson(3, (entities, 7)).astype(float)
    n[rng.random(n.shape) < 0.4] = 0.0
    k = rng.binomial(n.astype(int), 0.3).astype(float)
    grid = m._grid(family, k, n, 161)
    mu = m.centre(family, k, n)
    lik, shift = m._scaled(m._loglik(family, k, n, grid))
    priors = np.stack([m._prior(grid, mu, s) for s in m.S0_GRID])
    for lk, sh in ((lik, shift), (np.ones_like(lik), np.zeros_like(shift))):
        got = _hyper.log_ml_grid(lk, sh, m._kernels(grid, m.TAU_GRID), priors)
        assert np.array_equal(got, _totals_pair_by_pair(lk, sh, grid, mu))


def test_joint_paths_reproduce_the_marginals():
    """Backward sampling draws paths whose per-period distribution is the posterior marginal."""
    k = np.array([[0.0, 1.0, 4.0], [2.0, 0.0, 1.0]])
    n = np.array([[3.0, 2.0, 5.0], [2.0, 0.0, 6.0]])
    post = m.estimate("binomial", k, n, tau=0.6, s0=1.0)
    draws = m.sample_paths(post, 20_000, np.random.default_rng(0))
    assert draws.shape == (20_000, 2, 3)
    np.testing.assert_allclose(draws.mean(axis=0), post.mean, atol=0.01)
    # a path is joint: consecutive periods correlate under a small step
    r = np.corrcoef(draws[:, 0, 1], draws[:, 0, 2])[0, 1]
    assert r > 0.3


def simulate_dyads(rng, n_dyads=400, n_years=10, rate=4.0):
    """Dyads whose cooperation log-odds drift as random walks; about `rate` events a year."""
    theta = np.cumsum(rng.normal(0.0, 0.35, (n_dyads, n_years)), axis=1)
    theta += rng.normal(0.8, 1.0, (n_dyads, 1))
    p = 1.0 / (1.0 + np.exp(-theta))
    n = rng.poisson(rate, (n_dyads, n_years))
    k = rng.binomial(n, p)
    return p, k, n


def events_of(k, n, first_year=2010):
    """Event arrays (source, target, year, code index) for `aggregate_arrays`."""
    src, tgt, per, code = [], [], [], []
    n_dyads, n_years = n.shape
    for d in range(n_dyads):
        for t in range(n_years):
            for j in range(n[d, t]):
                src.append(2 * d)
                tgt.append(2 * d + 1)
                per.append(first_year + t)
                code.append(0 if j < k[d, t] else 1)  # 042 visit (coop) or 112 accuse
    return [np.array(x) for x in (src, tgt, per, code)]


def test_simulated_dyads_coverage_and_error_through_relindex_events():
    """Issue 19 item 3: intervals cover the true rate 80-98%; RMSE <= 0.7 x the raw share's."""
    rng = np.random.default_rng(2024)
    p, k, n = simulate_dyads(rng)
    src, tgt, per, code = events_of(k, n)
    actors = [f"D{i:04d}" for i in range(2 * p.shape[0])]
    table = aggregate_arrays(src, tgt, per, code, actors=actors, codes=["042", "112"],
                             unit="year")
    d = np.array([actors.index(s) // 2 for s in table["source"]])
    t = table["period"].astype(int) - 2010
    truth = p[d, t]
    raw = table["cooperation_events"] / table["events"]
    est, lo, hi = (table[c] for c in ("cooperation_share_est", "cooperation_share_lo",
                                      "cooperation_share_hi"))
    coverage = float(np.mean((lo <= truth) & (truth <= hi)))
    rmse_raw = float(np.sqrt(np.mean((raw - truth) ** 2)))
    rmse_est = float(np.sqrt(np.mean((est - truth) ** 2)))
    assert 0.80 <= coverage <= 0.98
    assert rmse_est <= 0.7 * rmse_raw
    assert np.all((lo <= est) & (est <= hi))


def test_share_estimates_do_not_depend_on_block_size(monkeypatch):
    """Blocks of dyads share the hyperparameters: any block size gives the same estimates."""
    rng = np.random.default_rng(1)
    _p, k, n = simulate_dyads(rng, n_dyads=30, n_years=5)
    keep = n.ravel() > 0
    d, t = np.divmod(np.arange(n.size), 5)
    args = (np.array([f"A{x:03d}" for x in d[keep]]), np.array(["Z"] * int(keep.sum())),
            2000 + t[keep], k.ravel()[keep], n.ravel()[keep])
    whole = share_estimates(*args)
    import relindex.events.estimate as est_mod

    monkeypatch.setattr(est_mod, "_BLOCK_ROWS", 7)
    blocked = share_estimates(*args)
    for a, b in zip(whole, blocked, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12)


def test_share_estimates_average_over_the_hyperparameters():
    """`relindex events` shares: the mixture over every (tau, s0) pair, as `estimate`'s.

    Few dyads, every period observed: the sequence recursions are the dense model's, so
    the share estimates are the dense posterior averaged over the pairs of the grids.
    """
    rng = np.random.default_rng(6)
    _p, k, n = simulate_dyads(rng, n_dyads=5, n_years=6, rate=3.0)
    n = np.maximum(n, 1)
    k = np.minimum(k, n).astype(float)
    n = n.astype(float)
    d, t = np.divmod(np.arange(n.size), n.shape[1])
    est, lo, hi = share_estimates(np.array([f"A{x}" for x in d]), np.array(["Z"] * d.size),
                                  2000 + t, k.ravel(), n.ravel())
    marg, _, posts = _pair_mixture_grid(k, n, 41)
    values = posts[0].values
    np.testing.assert_allclose(est, (marg @ values).ravel(), rtol=1e-9)
    cdf = np.cumsum(marg, axis=-1)
    np.testing.assert_allclose(lo, m._quantile(cdf, values, 0.05).ravel(), rtol=1e-9)
    np.testing.assert_allclose(hi, m._quantile(cdf, values, 0.95).ravel(), rtol=1e-9)


def _pair_mixture_grid(k, n, size):
    posts = [m.estimate("binomial", k, n, tau=t, s0=s, grid_size=size)
             for t in m.TAU_GRID for s in m.S0_GRID]
    lml = np.array([p.log_ml for p in posts])
    w = np.exp(lml - lml.max())
    w /= w.sum()
    return sum(wi * p.marginal for wi, p in zip(w, posts, strict=True)), lml, posts


def test_observed_periods_only_match_the_dense_model():
    """The sequence recursions (gaps as longer steps) give the dense model's posterior.

    Exact up to the kernel's discretisation: a gap of two periods is one step of
    variance 2 tau^2 instead of two steps of tau^2 on the grid. (A sequence's prior sits
    on its first row; here every entity has one in the first period, as the dense
    model's prior does.)
    """
    from relindex._core.sequences import Sequences, sequence_posterior

    rng = np.random.default_rng(11)
    n_e, n_t = 6, 9
    n = rng.poisson(3, (n_e, n_t)).astype(float)
    n[:, 0] = np.maximum(n[:, 0], 1)  # a sequence starts at its first row, as the dense one
    n[:, 3] = 0  # every sequence has a gap
    k = rng.binomial(n.astype(int), 0.4).astype(float)
    dense = m.estimate("binomial", k, n, tau=0.4, s0=1.0, mu=0.1, grid_size=201)
    e, t = np.nonzero(n > 0)
    sq = Sequences.of(e.astype(np.int64), t.astype(np.int64))
    mean, lo, hi = sequence_posterior(k[e, t], n[e, t], sq, np.linspace(-8, 8, 201),
                                      tau=0.4, s0=1.0, mu=0.1)
    np.testing.assert_allclose(mean, dense.mean[e, t], atol=2e-3)
    np.testing.assert_allclose(lo, dense.low[e, t], atol=5e-3)
    np.testing.assert_allclose(hi, dense.high[e, t], atol=5e-3)


def test_sequence_cost_grows_with_rows_not_gaps(monkeypatch):
    """One kernel product per row: a gap of 1,000 periods costs what a gap of 1 does."""
    from relindex._core import sequences

    calls = {"rows": 0}
    real = sequences._Kernels.__getitem__

    def counting(self, gap):
        return real(self, gap)

    monkeypatch.setattr(sequences._Kernels, "__getitem__", counting)
    lik_rows = []
    real_forward = sequences._forward

    def forward(lik, sq, prior, kern):
        lik_rows.append(lik.shape[0])
        return real_forward(lik, sq, prior, kern)

    monkeypatch.setattr(sequences, "_forward", forward)
    for gap in (1, 1000):
        per = np.array([0, gap, 2 * gap], dtype=np.int64)
        sq = sequences.Sequences.of(np.zeros(3, dtype=np.int64), per)
        sequences.sequence_posterior(np.ones(3), np.full(3, 2.0), sq, np.linspace(-8, 8, 41),
                                     tau=0.3, s0=1.0, mu=0.0)
    assert lik_rows == [3, 3]
    del calls


def test_a_posterior_holds_no_kernel_stack_and_the_kept_stacks_are_bounded():
    """A posterior holds no view of a kernel stack; kept stacks are bounded.

    A view would keep the dozen kernels (2.5 MB) alive per estimate; the stacks kept
    are bounded in number whatever the grids.
    """
    rng = np.random.default_rng(8)
    for _ in range(m._KERNELS_MAX + 3):  # Poisson grids follow the data: a new one each time
        k = rng.poisson(3, (1, 6)).astype(float)
        post = m.estimate("poisson", k, np.ones((1, 6)))
        for stack in m._KERNELS.values():
            for v in vars(post).values():
                assert not (isinstance(v, np.ndarray) and np.shares_memory(v, stack))
    assert len(m._KERNELS) <= m._KERNELS_MAX


class _CountedKernels(np.ndarray):
    """A kernel stack that records the steps of each product taken with it."""

    steps: ClassVar[list[int]] = []

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):  # type: ignore[no-untyped-def]
        if ufunc is np.matmul:
            _CountedKernels.steps.append(inputs[1].shape[0])
        plain = [x.view(np.ndarray) if isinstance(x, _CountedKernels) else x for x in inputs]
        return getattr(ufunc, method)(*plain, **kwargs)


def test_fit_predicts_no_period_past_the_last_and_holds_four_steps_at_once():
    """Weighing (tau, s0) takes one transition product per period but the last, per block.

    The prediction past the last period enters no likelihood, so it is not computed; the
    twelve steps go through the periods four at a time, so that their kernels stay in
    cache (and a fit of many entities holds a third of the arrays).
    """
    k = np.array([[0.0, 1.0, 2.0, 0.0, 3.0]])
    n = np.array([[2.0, 6.0, 3.0, 1.0, 4.0]])
    _CountedKernels.steps = []
    grid = m._grid("binomial", k, n, 161)
    lik, shift = m._scaled(m._loglik("binomial", k, n, grid))
    priors = np.stack([m._prior(grid, 0.0, s) for s in m.S0_GRID])
    stack = m._kernels(grid, m.TAU_GRID)
    totals = _hyper.log_ml_grid(lik, shift, stack.view(_CountedKernels), priors)
    assert _CountedKernels.steps == [4] * (k.shape[1] - 1) * 3
    # each pair's likelihood is that of its own forward pass
    _, lml = _forward(lik, shift, priors[2], stack[5])
    assert totals[5, 2] == float(lml.sum())


@pytest.mark.parametrize("family", m.FAMILIES)
def test_kernels_are_the_plain_gaussian_with_subnormal_densities_zero(family):
    """Each kernel is exp(-d^2 / 2 tau^2) over its row sum, bit for bit, save one thing.

    A density below the smallest normal double (a step of more than about 37.6 standard
    deviations) is 0, not a subnormal number: subnormal arithmetic costs about a hundred
    times a normal one in every product of a fit, and such a density changes no row sum.
    """
    rng = np.random.default_rng(11)
    k = rng.poisson(2, (1, 9)).astype(float)
    n = np.where(k > 0, k + rng.random((1, 9)), 0.0)
    grid = m._grid(family, np.minimum(k, n), n, 161)
    m._KERNELS.clear()
    stack = m._kernels(grid, m.TAU_GRID)
    tiny = np.finfo(np.float64).tiny
    flushed = 0
    for kern, tau in zip(stack, m.TAU_GRID, strict=True):
        d = grid[None, :] - grid[:, None]
        plain = np.exp(-0.5 * (d / tau) ** 2)
        normal = np.where(plain < tiny, 0.0, plain)
        assert np.array_equal(normal.sum(axis=1), plain.sum(axis=1))
        assert np.array_equal(kern, normal / plain.sum(axis=1, keepdims=True))
        flushed += int(((plain > 0) & (plain < tiny)).sum())
    assert flushed > 0  # the grid has such steps: the rule is exercised


def test_the_search_stack_of_shares_outlives_the_grids_of_counts(monkeypatch):
    """Fits of counts between two fits of a share leave the share's kernels to reuse.

    A grid of counts follows its data, so rescoring without each source in turn fits
    counts on new grids between two fits of a share: the stack on the fixed grid of
    shares is dropped last, and built once.
    """
    real = m._kernels
    share = m._grid("binomial", np.zeros(1), np.zeros(1), 161).tobytes()
    stacks = []

    def recording(grid, taus):
        out = real(grid, taus)
        if grid.tobytes() == share:
            stacks.append(out)
        return out

    monkeypatch.setattr(m, "_kernels", recording)
    m._KERNELS.clear()
    rng = np.random.default_rng(3)
    m.estimate("binomial", np.array([[0.0, 1.0, 2.0]]), np.array([[2.0, 6.0, 3.0]]))
    for _ in range(m._KERNELS_MAX + 2):  # a new grid each time
        m.estimate("poisson", rng.poisson(3, (1, 6)).astype(float), np.ones((1, 6)))
    m.estimate("binomial", np.array([[1.0, 1.0, 0.0]]), np.array([[3.0, 2.0, 4.0]]))
    assert len(stacks) == 2
    assert stacks[1] is stacks[0]
    assert len(m._KERNELS) <= m._KERNELS_MAX


def test_kept_pairs_run_their_passes_in_one_product_per_period(monkeypatch):
    """Forward and backward passes of every kept pair: one stacked product per period each.

    The count of products does not grow with the number of kept (tau, s0) pairs: one
    product per period but the last for the forward passes of all twelve steps at once,
    which are also the fit's when its arrays are small, and one for the backward passes.
    A fit of larger arrays goes four steps at a time first (`log_ml_grid`).
    """
    k = np.array([[0.0, 1.0, 2.0, 0.0, 3.0]])
    n = np.array([[2.0, 6.0, 3.0, 1.0, 4.0]])
    real = m._kernels
    monkeypatch.setattr(m, "_kernels", lambda grid, taus: real(grid, taus).view(_CountedKernels))
    periods, steps = k.shape[1] - 1, len(m.TAU_GRID)
    for cells, fit in ((m._SHARED_CELLS, []), (0, [4] * periods * 3)):
        monkeypatch.setattr(m, "_SHARED_CELLS", cells)
        _CountedKernels.steps = []
        post = m.estimate("binomial", k, n)
        assert post.weights.size == steps * len(m.S0_GRID)
        assert _CountedKernels.steps == fit + [steps] * periods * 2
    _CountedKernels.steps = []
    m.estimate("binomial", k, n, tau=0.3, s0=1.0)
    assert _CountedKernels.steps == [1] * periods * 2


def test_stacked_passes_of_a_partial_set_of_pairs_are_the_pair_by_pair_ones(monkeypatch):
    """Kept pairs that leave out some spreads of a step: each pair's own passes, bit for bit."""
    rng = np.random.default_rng(12)
    n = rng.poisson(3, (5, 6)).astype(float)
    n[rng.random(n.shape) < 0.3] = 0.0
    k = rng.binomial(n.astype(int), 0.3).astype(float)
    keep = np.array([0, 4, 5, 17, 35])
    monkeypatch.setattr(m, "kept_pairs", lambda totals: keep)
    post = m.estimate("binomial", k, n)
    monkeypatch.setattr(m, "_SHARED_CELLS", 0)  # the fit apart from the posterior's passes
    apart = m.estimate("binomial", k, n)
    assert np.array_equal(apart.marginal, post.marginal)
    assert np.array_equal(apart.filtered, post.filtered)
    lik, shift = m._scaled(m._loglik("binomial", k, n, post.grid))
    lmls, margs = [], []
    for p, flat in enumerate(keep.tolist()):
        tau, s0 = m.TAU_GRID[flat // 3], m.S0_GRID[flat % 3]
        assert (post.taus[p], post.s0s[p]) == (tau, s0)
        kern = m._kernel(post.grid, tau)
        f, lml = _forward(lik, shift, m._prior(post.grid, post.mu, s0), kern)
        assert np.array_equal(post.filtered[p], f.transpose(1, 0, 2))
        lmls.append(float(lml.sum()))
        margs.append(_backward(lik, f, kern))
    w = _hyper.mixture_weights(np.array(lmls))
    assert np.array_equal(post.weights, w)
    mix = np.einsum("p,pteg->etg", w, np.stack(margs))
    assert np.array_equal(post.marginal, mix)
