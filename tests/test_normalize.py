"""Normalisations against values computed by hand."""

import numpy as np
import pytest

from relindex._core.normalize import (
    METHODS,
    degenerate_columns,
    distance,
    goalposts,
    minmax,
    normalise,
    rank,
    zscore,
)
from relindex._core.transform import TRANSFORMS, apply_transform

nan = np.nan


def col(*xs):
    return np.array(xs, dtype=float).reshape(-1, 1)


def test_goalposts_clip_and_scale():
    """Goalposts map L to 0 and U to 1 and clip outside."""
    out = goalposts(col(-5, 10, 40, 70, 200), np.array([10.0]), np.array([70.0]))
    assert out.ravel().tolist() == [0.0, 0.0, 0.5, 1.0, 1.0]


def test_minmax_over_data_ignores_missing():
    """Min-max uses the present values' range and keeps NaN."""
    out = minmax(col(2, nan, 6, 4)).ravel()
    assert out[0] == 0.0 and out[2] == 1.0 and out[3] == 0.5 and np.isnan(out[1])


def test_minmax_constant_column_is_half():
    """A constant column has no spread and maps to 0.5 (reported as degenerate)."""
    x = col(3, 3, nan)
    assert minmax(x).ravel()[:2].tolist() == [0.5, 0.5]
    assert degenerate_columns(x, np.array([METHODS["minmax"]])).tolist() == [True]
    assert degenerate_columns(x, np.array([METHODS["goalposts"]])).tolist() == [False]


def test_zscore_by_hand():
    """Z = (x - mean)/sd (population sd), mapped by clip((z + k)/2k)."""
    # values 2, 4, 6: mean 4, sd sqrt(8/3) = 1.63299
    out = zscore(col(2, 4, 6), np.array([3.0])).ravel()
    z = (2 - 4) / np.sqrt(8 / 3)
    assert out[0] == pytest.approx((z + 3) / 6)
    assert out[1] == pytest.approx(0.5)
    assert out[2] == pytest.approx((-z + 3) / 6)


def test_zscore_clips():
    """Values beyond k sd clip to 0 and 1."""
    out = zscore(col(0, 0, 0, 0, 100), np.array([1.0])).ravel()
    assert out[-1] == 1.0 and out[0] == pytest.approx((-0.5 + 1) / 2)


def test_distance_by_hand():
    """1 at the reference, linear to 0 at `scale` away, symmetric."""
    out = distance(col(50, 40, 65, 120), np.array([50.0]), np.array([20.0])).ravel()
    assert out.tolist() == [1.0, 0.5, 0.25, 0.0]


def test_rank_ties_and_missing():
    """Percentile rank (r-1)/(n-1) with average ranks for ties; NaN stays."""
    out = rank(col(5, 1, 5, nan, 3)).ravel()
    # sorted present: 1 (r1), 3 (r2), 5, 5 (r3.5) -> n = 4
    assert out[1] == 0.0
    assert out[4] == pytest.approx(1 / 3)
    assert out[0] == pytest.approx(2.5 / 3) and out[2] == pytest.approx(2.5 / 3)
    assert np.isnan(out[3])


def test_rank_batched_matches_unbatched():
    """A leading batch axis gives the same ranks as each slice alone."""
    rng = np.random.default_rng(0)
    x = rng.integers(0, 4, size=(3, 7, 2)).astype(float)
    x[0, 2, 1] = nan
    batched = rank(x)
    for s in range(3):
        np.testing.assert_array_equal(batched[s], rank(x[s]))


def test_normalise_dispatch_and_negative_polarity():
    """Each column uses its method; negative polarity gives 1 - n."""
    x = np.array([[0.0, 1.0, 10.0], [10.0, 3.0, 20.0]])
    method = np.array([METHODS["goalposts"], METHODS["minmax"], METHODS["goalposts"]])
    out = normalise(x, method, np.array([0.0, 0.0, 0.0]), np.array([20.0, 0.0, 40.0]),
                    np.array([1.0, 1.0, -1.0]))
    np.testing.assert_allclose(out, [[0.0, 0.0, 0.75], [0.5, 1.0, 0.5]])


def test_log_transform_before_goalposts():
    """Log then goalposts in log units, as the HDI income index."""
    x = apply_transform(col(100.0), np.array([TRANSFORMS["log"]]))
    out = goalposts(x, np.log([10.0]), np.log([1000.0]))
    assert out.ravel()[0] == pytest.approx(0.5)


def test_log_of_non_positive_is_missing():
    """Log of 0 gives NaN (callers reject such values with an error first)."""
    out = apply_transform(col(0.0, -1.0), np.array([TRANSFORMS["log"]]))
    assert np.isnan(out).all()


def test_minmax_near_the_float_maximum_stays_in_the_unit_interval() -> None:
    """Values spanning -1.8e308 to 1.8e308 (whose difference overflows) map exactly into [0, 1]."""
    import warnings

    big = np.finfo(float).max
    x = np.array([[-big], [big], [0.0], [big / 2], [np.nan]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow on the way
        out = minmax(x).ravel()
    assert out[:4].tolist() == [0.0, 1.0, 0.5, 0.75] and np.isnan(out[4])
    top = minmax(np.array([[big], [np.nextafter(big, 0)], [big / 4]])).ravel()
    assert np.all((top >= 0) & (top <= 1)) and top[0] == 1.0


def test_normalise_panel_scopes_by_name_on_a_panel_that_is_not_square() -> None:
    """Min-max over the panel, within each period, within each entity (2 entities x 3 years)."""
    from relindex._core.normalize import SCOPES, normalise_panel

    x = np.array([[[1.0], [2.0], [4.0]], [[3.0], [5.0], [9.0]]])
    m, z, s = np.array([METHODS["minmax"]]), np.zeros(1), np.ones(1)

    def run(scope: str) -> list[float]:
        return normalise_panel(x, m, z, z, s, np.array([SCOPES[scope]])).ravel().tolist()

    assert run("panel") == [0.0, 0.125, 0.375, 0.25, 0.5, 1.0]
    assert run("period") == [0.0, 0.0, 0.0, 1.0, 1.0, 1.0]
    assert run("entity") == [0.0, 1 / 3, 1.0, 0.0, 1 / 3, 1.0]


def _random_columns(rng, n_periods, n_ind):
    """Transformed values with gaps, ties and the odd constant column, and each column's method."""
    x = rng.choice([-3.0, 0.0, 0.5, 1.0, 2.5, 10.0], (n_periods, n_ind))
    x[:, rng.random(n_ind) < 0.15] = 4.0  # constant columns
    x[rng.random(x.shape) < 0.2] = nan
    method = rng.integers(0, len(METHODS), n_ind)
    # parameters valid for every method: a low goalpost, a reference or a clip k > 0 (p1);
    # a high goalpost above it or a scale > 0 (p2)
    p1 = rng.choice([0.5, 1.0, 2.0], n_ind)
    p2 = p1 + rng.choice([0.5, 4.0, 8.0], n_ind)
    sign = rng.choice([1.0, -1.0], n_ind)
    return x, method, p1, p2, sign


def test_normalise_equals_the_oracle_for_every_method_and_polarity():
    """Every method, mixed in one table, with gaps, ties and constant columns: the plain loops."""
    import oracle

    rng = np.random.default_rng(8)
    for _ in range(200):
        x, method, p1, p2, sign = _random_columns(rng, int(rng.integers(1, 6)),
                                                  int(rng.integers(1, 6)))
        got = normalise(x, method, p1, p2, sign)
        want = oracle.normalise(x.tolist(), [0] * x.shape[1], method.tolist(), p1.tolist(),
                                p2.tolist(), sign.tolist())
        assert np.allclose(got, want, rtol=0, atol=1e-12, equal_nan=True), (x, method)
        one = normalise(x, np.full_like(method, method[0]), p1, p2, sign)  # one method
        want_one = oracle.normalise(x.tolist(), [0] * x.shape[1], [int(method[0])] * x.shape[1],
                                    p1.tolist(), p2.tolist(), sign.tolist())
        assert np.allclose(one, want_one, rtol=0, atol=1e-12, equal_nan=True)


def test_a_batch_normalises_each_sample_alone():
    """Leading axes are samples: each (periods, indicators) slice is normalised on its own."""
    rng = np.random.default_rng(9)
    for _ in range(50):
        x, method, p1, p2, sign = _random_columns(rng, 4, 5)
        batch = np.stack([x, rng.permutation(x), x[::-1]])
        got = normalise(batch, method, p1, p2, sign)
        for s in range(3):
            assert np.array_equal(got[s], normalise(batch[s], method, p1, p2, sign),
                                  equal_nan=True)


def test_degenerate_columns_are_the_data_based_ones_without_spread():
    """Min-max, z-score and rank columns with one distinct value; not empty ones, not goalposts."""
    x = np.array([[2.0, 2.0, 1.0, nan, 2.0, 3.0],
                  [2.0, 2.0, 3.0, nan, nan, 3.0],
                  [nan, 2.0, 1.0, nan, nan, 3.0]])
    method = np.array([METHODS["minmax"], METHODS["zscore"], METHODS["rank"], METHODS["minmax"],
                       METHODS["rank"], METHODS["goalposts"]])
    assert degenerate_columns(x, method).tolist() == [True, True, False, False, True, False]


def test_zscore_near_the_float_maximum_stays_finite_and_in_the_unit_interval() -> None:
    """Values spanning -1.8e308 to 1.8e308: z-scores from the scaled values, no overflow."""
    import warnings

    big = np.finfo(float).max
    x = np.array([[-big], [big], [0.0], [np.nan]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = zscore(x, np.array([2.0])).ravel()
    z = np.sqrt(1.5)  # +-big over the population sd big * sqrt(2/3)
    assert out[:3].tolist() == pytest.approx([0.5 - z / 4, 0.5 + z / 4, 0.5])
    assert np.isnan(out[3])


def test_a_fixed_scale_column_is_normalised_whatever_scope_it_names() -> None:
    """Goalposts and distance do not depend on the data: any scope gives their plain values."""
    from relindex._core.normalize import SCOPES, distance, normalise_panel

    x = np.array([[[1.0, 2.0, 40.0], [3.0, 6.0, 50.0]], [[5.0, 4.0, 60.0], [7.0, 8.0, 70.0]]])
    method = np.array([METHODS["goalposts"], METHODS["minmax"], METHODS["distance"]])
    p1, p2 = np.array([0.0, 0.0, 50.0]), np.array([10.0, 0.0, 20.0])
    for scope in SCOPES.values():
        out = normalise_panel(x, method, p1, p2, np.ones(3), np.full(3, scope))
        assert np.array_equal(out[..., 0], goalposts(x[..., :1], p1[:1], p2[:1])[..., 0])
        assert np.array_equal(out[..., 2], distance(x[..., 2:], p1[2:], p2[2:])[..., 0])


def test_goalposts_sampled_per_draw_broadcast_over_the_values() -> None:
    """A high goalpost of shape (draws, 1, indicators) over values (periods, indicators)."""
    x = np.array([[2.0, 5.0], [4.0, 10.0]])
    high = np.array([[[4.0, 10.0]], [[8.0, 20.0]]])
    out = goalposts(x, np.zeros(2), high)
    assert out.shape == (2, 2, 2)
    assert out[0].tolist() == [[0.5, 0.5], [1.0, 1.0]]
    assert out[1].tolist() == [[0.25, 0.25], [0.5, 0.5]]
