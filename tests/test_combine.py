"""Combining observations per period, and carrying values forward."""

import numpy as np
import pytest

from relindex._core.combine import COMBINE, carry_forward, combine

nan = np.nan


def run(rule, values, weights=None, order=None):
    n = len(values)
    return combine(np.zeros(n, int), np.zeros(n, int), np.array(values, float),
                   np.ones(n) if weights is None else np.array(weights, float),
                   np.arange(n, dtype=float) if order is None else np.array(order, float),
                   np.array([COMBINE[rule]]), 1, 1)[0][0, 0]


@pytest.mark.parametrize(("rule", "expected"), [
    ("sum", 9.0), ("count", 3.0), ("max", 5.0), ("min", 1.0), ("latest", 3.0),
    ("mean", 3.0),
])
def test_rules_by_hand(rule, expected):
    """Each rule on 1, 5, 3 (in that order of publication)."""
    assert run(rule, [1, 5, 3]) == pytest.approx(expected)


def test_weighted_mean():
    """Mean weights observations by their grading weight: (1*1 + 3*5)/4 = 4."""
    assert run("mean", [1, 5], weights=[1, 3]) == pytest.approx(4.0)


def test_latest_uses_order_not_position():
    """Latest picks the highest order key."""
    assert run("latest", [1, 5, 3], order=[3, 1, 2]) == 1.0


def test_empty_cells_are_missing_not_zero():
    """A cell without observations is NaN, even for sum and count."""
    m, n = combine(np.array([0]), np.array([0]), np.array([2.0]), np.ones(1), np.zeros(1),
                   np.array([COMBINE["count"], COMBINE["sum"]]), 2, 2)
    assert m[0, 0] == 1.0
    assert np.isnan(m[0, 1]) and np.isnan(m[1, 0]) and np.isnan(m[1, 1])
    assert n.tolist() == [[1, 0], [0, 0]]


def test_carry_forward_window_and_flags():
    """Values carry at most `window` periods; the source index flags carried cells."""
    x = np.array([[1.0, nan], [nan, 2.0], [nan, nan], [4.0, nan]])
    f, s = carry_forward(x, np.array([1, 0]))
    assert f[:, 0].tolist()[:2] == [1.0, 1.0] and np.isnan(f[2, 0]) and f[3, 0] == 4.0
    assert s[:, 0].tolist() == [0, 0, -1, 3]
    assert np.isnan(f[2, 1]) and s[:, 1].tolist() == [-1, 1, -1, -1]


def _random_observations(rng, n_periods, n_indicators, n_obs):
    """Observations over a grid, several per cell, ties in order, the odd lone cell."""
    p = rng.integers(0, n_periods, n_obs)
    i = rng.integers(0, n_indicators, n_obs)
    v = rng.choice([-2.0, 0.0, 0.5, 1.0, 3.0, 7.25], n_obs)
    w = rng.choice([0.25, 0.5, 1.0], n_obs)
    o = rng.choice([0.0, 1.0, 2.0], n_obs)  # ties: the observation given last wins
    return p, i, v, w, o


def test_combine_equals_the_oracle_on_a_grid_of_cells():
    """Every rule, many periods and indicators, against the plain per-cell loop of tests/oracle."""
    import oracle

    rng = np.random.default_rng(5)
    names = list(COMBINE)
    for _ in range(200):
        P, n_ind = int(rng.integers(1, 5)), int(rng.integers(1, 5))
        n = int(rng.integers(0, 3 * P * n_ind))
        p, i, v, w, o = _random_observations(rng, P, n_ind, n)
        rules = [names[int(k)] for k in rng.integers(0, len(names), n_ind)]
        got, count = combine(p, i, v, w, o, np.array([COMBINE[r] for r in rules]), P, n_ind)
        want, want_count = oracle.combine(
            list(zip(p.tolist(), i.tolist(), v.tolist(), w.tolist(), o.tolist(), strict=True)),
            rules, P, n_ind)
        assert np.allclose(got, want, rtol=0, atol=1e-12, equal_nan=True), (rules, p, i, v)
        assert count.tolist() == want_count


def test_one_observation_per_cell_is_placed_in_its_own_cell():
    """The one-per-cell shortcut scatters each value to (period, indicator); count gives 1."""
    m, n = combine(np.array([1, 0, 2]), np.array([0, 1, 1]), np.array([4.0, 5.0, 6.0]),
                   np.ones(3), np.zeros(3), np.array([COMBINE["sum"], COMBINE["count"]]), 3, 2)
    assert np.array_equal(m, [[nan, 1.0], [4.0, nan], [nan, 1.0]], equal_nan=True)
    assert n.tolist() == [[0, 1], [1, 0], [0, 1]]


def test_carry_forward_equals_the_oracle_column_by_column():
    """Filled values and their source periods equal the plain loop, over a batch axis too."""
    import oracle

    rng = np.random.default_rng(6)
    for _ in range(50):
        x = rng.random((2, 6, 3))
        x[rng.random(x.shape) < 0.5] = nan
        window = rng.integers(0, 4, 3)
        filled, source = carry_forward(x, window)
        for b in range(2):
            for k in range(3):
                f, s = oracle.carry_forward(x[b, :, k].tolist(), int(window[k]))
                assert np.array_equal(filled[b, :, k], f, equal_nan=True)
                assert source[b, :, k].tolist() == s


def test_carry_forward_over_a_single_period():
    """One period: a missing value stays missing, with no earlier period to read."""
    f, s = carry_forward(np.array([[nan, 2.0]]), np.array([3, 3]))
    assert np.isnan(f[0, 0]) and f[0, 1] == 2.0 and s.tolist() == [[-1, 0]]
