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
