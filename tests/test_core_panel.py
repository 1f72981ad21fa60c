"""relindex._core.panel and relindex._core.weights: counts, flat columns, ranks, shares."""

from __future__ import annotations

import numpy as np

from relindex._core.panel import competition_ranks, distinct_observations, flat_columns
from relindex._core.weights import shares

NAN = np.nan


def test_distinct_observations_per_scope():
    """Panel: all values; cross-section: fewest per period; time series: fewest per entity."""
    t = np.array([[[1.0], [2.0], [2.0]],
                  [[3.0], [3.0], [NAN]]])  # 2 entities x 3 periods
    assert distinct_observations(t, np.array([0])).tolist() == [3]
    assert distinct_observations(t, np.array([1])).tolist() == [1]  # period 3: one value
    assert distinct_observations(t, np.array([2])).tolist() == [1]  # entity 2: only 3.0
    assert distinct_observations(np.full((2, 2, 1), NAN), np.array([0])).tolist() == [0]


def test_flat_columns_only_for_data_based_methods():
    """A constant column is flat under min-max, not under goalposts."""
    t = np.array([[[5.0, 5.0], [5.0, 5.0]]])
    assert flat_columns(t, np.array([1, 0]), np.array([0, 0])).tolist() == [True, False]


def test_competition_ranks_share_the_best_rank_and_skip():
    """1 = highest; ties share the best rank and the next rank is skipped; missing is 0."""
    index = np.array([[0.5, NAN], [0.9, 0.1], [0.5, 0.2]])
    assert competition_ranks(index).tolist() == [[2, 0], [1, 2], [2, 1]]


def test_competition_ranks_count_the_higher_values():
    """Each rank is 1 + the number of higher values in its period (ties, -0.0, missing)."""
    rng = np.random.default_rng(5)
    for shape in [(1, 1), (0, 3), (3, 0), (40, 6), (300, 2)]:
        x = rng.choice([0.0, -0.0, 0.5, -0.5, 1.0, NAN, 0.25], size=shape)
        ranks = competition_ranks(x)
        expect = np.array([[0 if np.isnan(v) else 1 + int((col > v).sum()) for v in col]
                           for col in x.T], dtype=int).T.reshape(shape)
        assert ranks.shape == shape and np.array_equal(ranks, expect)


def test_shares_add_up_to_one_without_overflow():
    """Shares add up to 1, for ordinary and for near-maximal weights."""
    assert np.allclose(shares(np.array([1.0, 1.0, 2.0])), [0.25, 0.25, 0.5])
    big = shares(np.array([1.7e308, 1.7e308]))
    assert np.isfinite(big).all() and np.allclose(big, [0.5, 0.5])
