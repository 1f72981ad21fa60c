"""Tests of the uncertainty and Sobol' sensitivity machinery (relindex._core.sampling, .sobol).

Known answers are derived in the tests from closed forms: the Ishigami function
(Ishigami & Homma 1990; Sobol' & Levitan 1999) and linear models
Y = sum_i w_i X_i with independent X_i, where S_i = S_Ti = w_i^2 var_i / sum_j w_j^2 var_j.
"""

from __future__ import annotations

import math
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from relindex._core.inputs import (
    Bernoulli,
    Choice,
    Normal,
    Triangular,
    UncertainInput,
    Uniform,
)
from relindex._core.sampling import dirichlet_weights, rng_from_seed, sample
from relindex._core.sobol import (
    SobolResult,
    _bootstrap,
    _sample_A_B,
    saltelli_jansen,
    sobol_indices,
)
from relindex._core.summary import rank_stability, uncertainty_summary

SRC = Path(__file__).resolve().parents[1] / "src"

# -------------------------------------------------------------- models

A_ISH, B_ISH = 7.0, 0.1


def ishigami(x: np.ndarray) -> np.ndarray:
    """Ishigami function, vectorised over columns of x (3, n)."""
    return np.sin(x[0]) + A_ISH * np.sin(x[1]) ** 2 + B_ISH * x[2] ** 4 * np.sin(x[0])


def ishigami_inputs() -> list[Uniform]:
    return [Uniform(f"x{i}", -math.pi, math.pi) for i in (1, 2, 3)]


def ishigami_analytic() -> dict[str, Any]:
    """Closed-form variance decomposition of Ishigami on [-pi, pi]^3.

    With X ~ U(-pi, pi): E[sin^2 X] = 1/2, E[X^4] = pi^4/5, E[X^8] = pi^8/9,
    E[sin^4 X] = 3/8. Then
    V1 = (1 + b pi^4/5)^2 / 2, V2 = a^2/8, V3 = 0,
    V13 = b^2 pi^8 (1/18 - 1/50) = 8 b^2 pi^8 / 225,
    V = V1 + V2 + V13 = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2.
    """
    a, b, pi = A_ISH, B_ISH, math.pi
    v1 = 0.5 * (1.0 + b * pi**4 / 5.0) ** 2
    v2 = a**2 / 8.0
    v13 = b**2 * pi**8 * (1.0 / 18.0 - 1.0 / 50.0)
    v = a**2 / 8.0 + b * pi**4 / 5.0 + b**2 * pi**8 / 18.0 + 0.5
    assert math.isclose(v, v1 + v2 + v13)  # the decomposition is complete
    return {
        "S": np.array([v1, v2, 0.0]) / v,
        "ST": np.array([v1 + v13, v2, v13]) / v,
        "S13": (v1 + v13) / v,
        "V": v,
    }


def linear_model(w: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """Y = sum_i w_i X_i, vectorised."""

    def f(x: np.ndarray) -> np.ndarray:
        return w @ x

    return f


# -------------------------------------------------------------- closed forms


def test_ishigami_analytic_values_match_literature() -> None:
    """The closed-form Ishigami indices derived here are the published ones."""
    ref = ishigami_analytic()
    np.testing.assert_allclose(ref["S"], [0.3139, 0.4424, 0.0], atol=1e-4)
    np.testing.assert_allclose(ref["ST"], [0.5576, 0.4424, 0.2437], atol=1e-4)


def test_ishigami_indices_within_sampling_error() -> None:
    """Ishigami at N = 2^13 recovers the analytic S1 and ST within 0.01.

    The bootstrap 95% half-widths at N = 2^13 are 0.01-0.03, but they treat
    rows as independent draws; scrambled Sobol' rows do about ten times better
    (largest error 0.003 over seeds 0-19 when this test was written), so 0.01
    still leaves a threefold margin.
    """
    ref = ishigami_analytic()
    res = sobol_indices(ishigami, ishigami_inputs(), 2**13, seed=20240601, n_resamples=0)
    np.testing.assert_allclose(res.first_order, ref["S"], atol=0.01)
    np.testing.assert_allclose(res.total_order, ref["ST"], atol=0.01)
    assert res.n_evaluations == 2**13 * 5


def test_ishigami_confidence_intervals_cover_truth() -> None:
    """The bootstrap intervals (N = 2^12) contain the analytic values and are ordered."""
    ref = ishigami_analytic()
    res = sobol_indices(ishigami, ishigami_inputs(), 2**12, seed=7)
    for est, ci, truth in (
        (res.first_order, res.first_order_ci, ref["S"]),
        (res.total_order, res.total_order_ci, ref["ST"]),
    ):
        assert np.all(ci[:, 0] <= est) and np.all(est <= ci[:, 1])
        assert np.all(ci[:, 0] <= truth) and np.all(truth <= ci[:, 1])


def test_linear_model_indices_equal_variance_shares() -> None:
    """Y = sum w_i X_i gives S_i = S_Ti = w_i^2 var_i / sum_j w_j^2 var_j, within 0.01."""
    w = np.array([1.0, -2.0, 0.5, 3.0])
    inputs: list[UncertainInput] = [
        Normal("a", 1.0, 1.0),  # var 1
        Uniform("b", 0.0, 2.0),  # var 4/12
        Normal("c", -3.0, 2.0),  # var 4
        Triangular("d", 0.0, 0.0, 1.0),  # var (a^2+b^2+c^2-ab-ac-bc)/18 = 1/18
    ]
    var = np.array([1.0, 4.0 / 12.0, 4.0, 1.0 / 18.0])
    expected = w**2 * var / np.sum(w**2 * var)
    res = sobol_indices(linear_model(w), inputs, 2**12, seed=11, n_resamples=0)
    np.testing.assert_allclose(res.first_order, expected, atol=0.01)
    np.testing.assert_allclose(res.total_order, expected, atol=0.01)


def test_grouped_linear_model_indices_are_group_variance_shares() -> None:
    """Two groups of a linear model: S_g = S_Tg = sum_{i in g} w_i^2 var_i / total."""
    w = np.array([1.0, 2.0, 0.5, 1.5, 1.0])
    sd = np.array([1.0, 0.5, 2.0, 1.0, 0.3])
    labels = ["weights", "weights", "data", "data", "data"]
    inputs = [
        Normal(f"x{i}", 0.0, s, group=g) for i, (s, g) in enumerate(zip(sd, labels, strict=True))
    ]
    share = w**2 * sd**2 / np.sum(w**2 * sd**2)
    expected = np.array([share[:2].sum(), share[2:].sum()])
    res = sobol_indices(linear_model(w), inputs, 2**12, seed=3, n_resamples=0)
    assert res.names == ("weights", "data")
    assert res.n_evaluations == 2**12 * (2 + 2)
    np.testing.assert_allclose(res.first_order, expected, atol=0.01)
    np.testing.assert_allclose(res.total_order, expected, atol=0.01)


def test_groups_argument_overrides_input_groups_and_keeps_singletons() -> None:
    """`groups=` relabels inputs; a None label leaves the input as its own group."""
    w = np.array([1.0, 1.0, 2.0])
    inputs = [Normal(n, 0.0, 1.0, group="ignored") for n in ("a", "b", "c")]
    res = sobol_indices(
        linear_model(w), inputs, 2**12, seed=5, n_resamples=0, groups=["ab", "ab", None]
    )
    assert res.names == ("ab", "c")
    np.testing.assert_allclose(res.first_order, [2 / 6, 4 / 6], atol=0.01)


def test_grouped_ishigami_captures_interaction_inside_group() -> None:
    """Group {x1, x3} of Ishigami has S = ST = (V1 + V13)/V: the interaction is inside it."""
    ref = ishigami_analytic()
    res = sobol_indices(
        ishigami, ishigami_inputs(), 2**13, seed=9, n_resamples=0, groups=["g13", "x2", "g13"]
    )
    assert res.names == ("g13", "x2")
    np.testing.assert_allclose(res.first_order, [ref["S13"], ref["S"][1]], atol=0.01)
    np.testing.assert_allclose(res.total_order, [ref["S13"], ref["ST"][1]], atol=0.01)


# -------------------------------------------------------------- agreement with scipy


def test_matches_scipy_sobol_indices_with_same_seed() -> None:
    """Same seed, same design: our indices equal scipy.stats.sobol_indices' to 1e-12."""
    from scipy.stats import sobol_indices as scipy_sobol

    inputs = ishigami_inputs()
    ours = sobol_indices(ishigami, inputs, 2**10, seed=42, n_resamples=0)
    theirs = scipy_sobol(func=ishigami, n=2**10, dists=inputs, rng=np.random.default_rng(42))
    np.testing.assert_allclose(ours.first_order, theirs.first_order, rtol=0, atol=1e-12)
    np.testing.assert_allclose(ours.total_order, theirs.total_order, rtol=0, atol=1e-12)


@pytest.mark.parametrize(("d", "n", "bits", "seed"), [
    (106, 1024, 64, 1), (53, 1024, 30, 2), (1, 1, 30, 0), (5, 2**12, 32, 3), (7, 64, 33, 4),
    (2, 16, 4, 5)])
def test_scrambled_sobol_is_scipy_s_sequence(d: int, n: int, bits: int, seed: int) -> None:
    """The relindex scrambling gives qmc.Sobol's points bit for bit.

    It leaves the generator where qmc.Sobol leaves it (the bootstrap draws from it next).
    """
    from scipy.stats import qmc

    from relindex._core.sobol_sequence import scrambled_sobol

    theirs_rng, ours_rng = np.random.default_rng(seed), np.random.default_rng(seed)
    theirs = qmc.Sobol(d=d, rng=theirs_rng, bits=bits).random(n)
    ours = scrambled_sobol(d, n, ours_rng, bits=bits)
    assert ours.dtype == theirs.dtype and ours.flags.c_contiguous
    np.testing.assert_array_equal(ours, theirs)
    np.testing.assert_array_equal(ours_rng.integers(0, 2**62, 4), theirs_rng.integers(0, 2**62, 4))
    spawned = [r.bit_generator.seed_seq.n_children_spawned for r in (ours_rng, theirs_rng)]
    assert spawned[0] == spawned[1]


def test_parity_without_bitwise_count_matches_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The XOR-folding parity (numpy < 2) equals the parity of the bit count."""
    from relindex._core import sobol_sequence

    words = np.random.default_rng(0).integers(0, 2**64 - 1, 999, dtype=np.uint64, endpoint=True)
    words[:3] = [0, 1, 2**64 - 1]
    want = np.array([bin(int(w)).count("1") % 2 for w in words], dtype=np.uint8)
    np.testing.assert_array_equal(sobol_sequence._parity(words), want)
    monkeypatch.delattr(np, "bitwise_count", raising=False)
    np.testing.assert_array_equal(sobol_sequence._parity(words), want)
    np.testing.assert_array_equal(sobol_sequence._parity(words.astype(np.uint32)),
                                  [bin(int(w) & 0xFFFFFFFF).count("1") % 2 for w in words])


def test_scrambled_sobol_falls_back_to_scipy_with_the_same_points(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """When scipy's engine keeps its direction numbers elsewhere, scipy draws the points.

    The fallback must give the very points (and leave the generator where) the numpy
    scramble does, so that an analysis does not change with scipy's internals.
    """
    from relindex._core import sobol_sequence

    fast_rng, slow_rng = np.random.default_rng(7), np.random.default_rng(7)
    fast = sobol_sequence.scrambled_sobol(5, 64, fast_rng, bits=64)
    monkeypatch.setattr(sobol_sequence, "_exposed", lambda bits: False)
    slow = sobol_sequence.scrambled_sobol(5, 64, slow_rng, bits=64)
    np.testing.assert_array_equal(fast, slow)
    assert fast_rng.integers(1 << 62) == slow_rng.integers(1 << 62)


def test_design_reproduces_scipy_sample_layout() -> None:
    """Our A, B equal scipy's sample_A_B (one Sobol' draw of 2d columns) bit for bit."""
    from scipy.stats._sensitivity_analysis import sample_A_B

    inputs: list[UncertainInput] = [
        Uniform("u", -1.0, 3.0),
        Normal("n", 2.0, 0.5),
        Choice("c", ("p", "q", "r")),
    ]
    ours = _sample_A_B(inputs, 256, np.random.default_rng(8))
    theirs = sample_A_B(n=256, dists=inputs, rng=np.random.default_rng(8))
    np.testing.assert_array_equal(ours, theirs)


def test_saltelli_jansen_matches_scipy_on_same_matrices() -> None:
    """Our estimator on scipy's A, B and singleton A_B^(i) equals scipy's numbers to 1e-12."""
    from scipy.stats import sobol_indices as scipy_sobol

    inputs = ishigami_inputs()
    n = 2**11
    a_b = _sample_A_B(inputs, n, np.random.default_rng(123))
    A, B = a_b[0], a_b[1]
    f_A, f_B = ishigami(A)[None], ishigami(B)[None]
    f_AB = np.empty((3, 1, n))
    for i in range(3):
        x = A.copy()
        x[i] = B[i]
        f_AB[i, 0] = ishigami(x)
    s1, st = saltelli_jansen(f_A, f_B, f_AB)
    theirs = scipy_sobol(func=ishigami, n=n, dists=inputs, rng=np.random.default_rng(123))
    np.testing.assert_allclose(s1[0], theirs.first_order, rtol=0, atol=1e-12)
    np.testing.assert_allclose(st[0], theirs.total_order, rtol=0, atol=1e-12)


def test_grouped_path_with_singletons_equals_ungrouped_path() -> None:
    """The own-estimator path (a real group present) agrees with scipy's for the other inputs."""
    w = np.array([1.0, 2.0, 3.0, 0.5])
    inputs = [Normal(n, 0.0, 1.0) for n in "abcd"]
    plain = sobol_indices(linear_model(w), inputs, 2**10, seed=1, n_resamples=50)
    grouped = sobol_indices(
        linear_model(w), inputs, 2**10, seed=1, n_resamples=50, groups=["g", "g", None, None]
    )
    np.testing.assert_allclose(grouped.first_order[1:], plain.first_order[2:], atol=1e-12)
    np.testing.assert_allclose(grouped.total_order[1:], plain.total_order[2:], atol=1e-12)


# -------------------------------------------------------------- agreement with SALib


def test_agrees_with_salib_on_ishigami() -> None:
    """Ishigami, same N: |ours - SALib| <= our CI half-width + SALib's conf half-width."""
    pytest.importorskip("SALib")
    from SALib.analyze import sobol as salib_analyze
    from SALib.sample import sobol as salib_sample

    n = 2**12
    problem = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-math.pi, math.pi]] * 3}
    x = salib_sample.sample(problem, n, calc_second_order=False, seed=2)
    y = ishigami(x.T)
    sal = salib_analyze.analyze(problem, y, calc_second_order=False, num_resamples=200, seed=2)
    ours = sobol_indices(ishigami, ishigami_inputs(), n, seed=2, n_resamples=200)
    half_first = np.diff(ours.first_order_ci, axis=1)[:, 0] / 2
    half_total = np.diff(ours.total_order_ci, axis=1)[:, 0] / 2
    assert np.all(np.abs(ours.first_order - sal["S1"]) <= half_first + sal["S1_conf"])
    assert np.all(np.abs(ours.total_order - sal["ST"]) <= half_total + sal["ST_conf"])


# -------------------------------------------------------------- bootstrap


def test_bootstrap_equals_slow_loop_oracle() -> None:
    """The moment-matrix bootstrap equals re-running the estimator on each resample."""
    rng = np.random.default_rng(0)
    n, g, s = 64, 3, 2
    f_A = rng.normal(size=(s, n)) + 5.0
    f_B = rng.normal(size=(s, n)) + 5.0
    f_AB = f_A[None] + 0.5 * rng.normal(size=(g, s, n))
    ci_first, ci_total = _bootstrap(f_A, f_B, f_AB, np.random.default_rng(99), 200, 0.9)

    oracle = np.random.default_rng(99)
    boot_first = np.empty((200, g, s))
    boot_total = np.empty((200, g, s))
    for r in range(200):
        idx = oracle.integers(0, n, size=n)
        s1, st = saltelli_jansen(f_A[:, idx], f_B[:, idx], f_AB[:, :, idx])
        boot_first[r], boot_total[r] = s1.T, st.T
    expected_first = np.moveaxis(np.quantile(boot_first, [0.05, 0.95], axis=0), 0, -1)
    expected_total = np.moveaxis(np.quantile(boot_total, [0.05, 0.95], axis=0), 0, -1)
    np.testing.assert_allclose(ci_first, expected_first, rtol=0, atol=1e-10)
    np.testing.assert_allclose(ci_total, expected_total, rtol=0, atol=1e-10)


def test_bootstrap_does_not_depend_on_memory_budget() -> None:
    """A tiny memory budget (one model column per call) gives the same intervals."""
    big = sobol_indices(ishigami, ishigami_inputs(), 2**8, seed=4, n_resamples=100)
    small = sobol_indices(
        ishigami, ishigami_inputs(), 2**8, seed=4, n_resamples=100, memory_budget_bytes=64
    )
    np.testing.assert_array_equal(big.first_order_ci, small.first_order_ci)
    np.testing.assert_array_equal(big.total_order_ci, small.total_order_ci)


def test_zero_resamples_gives_nan_intervals() -> None:
    """n_resamples=0 skips the bootstrap: intervals are NaN, indices are not."""
    res = sobol_indices(ishigami, ishigami_inputs(), 2**6, seed=0, n_resamples=0)
    assert np.all(np.isnan(res.first_order_ci)) and np.all(np.isnan(res.total_order_ci))
    assert np.all(np.isfinite(res.first_order))


# -------------------------------------------------------------- chunking, seeds, shapes


def test_chunked_equals_unchunked_exactly() -> None:
    """Evaluating in chunks (odd size, across block boundaries) changes no bit of the result."""
    calls: list[int] = []

    def model(x: np.ndarray) -> np.ndarray:
        calls.append(x.shape[1])
        return ishigami(x)

    whole = sobol_indices(model, ishigami_inputs(), 2**9, seed=6, n_resamples=100)
    assert calls == [2**9 * 5]
    calls.clear()
    chunked = sobol_indices(model, ishigami_inputs(), 2**9, seed=6, n_resamples=100, chunk_size=77)
    assert max(calls) == 77 and sum(calls) == 2**9 * 5
    calls.clear()
    budget = sobol_indices(
        model, ishigami_inputs(), 2**9, seed=6, n_resamples=100, memory_budget_bytes=8 * 3 * 100
    )
    assert max(calls) == 100
    for other in (chunked, budget):
        for field in ("first_order", "total_order", "first_order_ci", "total_order_ci"):
            np.testing.assert_array_equal(getattr(other, field), getattr(whole, field))


class _Blocks:
    """Ishigami (or two outputs of it) as a `BlockModel` that records its calls."""

    def __init__(self, outputs: int = 0) -> None:
        self.outputs, self.widths = outputs, []  # type: list[int]

    def __call__(self, x: np.ndarray) -> np.ndarray:
        y = ishigami(x)
        return y if self.outputs == 0 else np.stack([y * (k + 1) for k in range(self.outputs)])

    def sobol_blocks(self, a: np.ndarray, b: np.ndarray, members: Any) -> np.ndarray:
        self.widths.append(a.shape[1])
        xs = [a, b]
        for cols in members:
            x = a.copy()
            x[cols] = b[cols]
            xs.append(x)
        return np.stack([self(x) for x in xs])


@pytest.mark.parametrize("outputs", [0, 2])
def test_a_block_model_gives_the_plain_model_s_result(outputs: int) -> None:
    """A model evaluating the design's blocks gives the plain path's indices, bit for bit.

    It gets A and B in column ranges of chunk_size // 2.
    """
    from relindex._core.sobol import BlockModel

    model = _Blocks(outputs)
    assert isinstance(model, BlockModel)
    groups = ["g", "g", None]
    plain = sobol_indices(lambda x: model(x), ishigami_inputs(), 2**6, seed=4, n_resamples=30,
                          groups=groups)
    assert model.widths == []
    blocks = sobol_indices(model, ishigami_inputs(), 2**6, seed=4, n_resamples=30, groups=groups,
                           chunk_size=50)
    assert model.widths == [25, 25, 14]
    for field in ("first_order", "total_order", "first_order_ci", "total_order_ci"):
        np.testing.assert_array_equal(getattr(blocks, field), getattr(plain, field))


def test_a_block_model_of_the_wrong_shape_is_refused() -> None:
    """Blocks that do not match (G + 2, w) or (G + 2, s, w) are named in the error."""
    model = _Blocks()
    model.sobol_blocks = lambda a, b, members: np.zeros((2, a.shape[1]))  # type: ignore[method-assign]
    with pytest.raises(ValueError, match=r"sobol_blocks must return .* Got \(2, 16\)"):
        sobol_indices(model, ishigami_inputs(), 2**4, seed=0, n_resamples=0)


def test_same_seed_gives_identical_results() -> None:
    """Two runs with seed 0 (a valid seed, not 'no seed') are identical, bootstrap included."""
    runs = [sobol_indices(ishigami, ishigami_inputs(), 2**8, seed=0, n_resamples=50) for _ in "ab"]
    for field in ("first_order", "total_order", "first_order_ci", "total_order_ci"):
        np.testing.assert_array_equal(getattr(runs[0], field), getattr(runs[1], field))
    assert runs[0].seed == 0


def test_seed_none_is_fresh_entropy() -> None:
    """seed=None draws fresh entropy each call, unlike seed=0."""
    a = sobol_indices(ishigami, ishigami_inputs(), 2**8, seed=None, n_resamples=0)
    b = sobol_indices(ishigami, ishigami_inputs(), 2**8, seed=None, n_resamples=0)
    assert not np.array_equal(a.first_order, b.first_order)
    assert rng_from_seed(0).random() == rng_from_seed(0).random()
    assert rng_from_seed(None).random() != rng_from_seed(None).random()


def test_rng_from_seed_passes_generator_through_and_rejects_bad_seeds() -> None:
    """A Generator is used as is; bools, floats and negative ints are refused."""
    gen = np.random.default_rng(1)
    assert rng_from_seed(gen) is gen
    assert rng_from_seed(np.int64(3)).random() == np.random.default_rng(3).random()
    for bad in (True, 1.5, "0"):
        with pytest.raises(TypeError, match="seed must be"):
            rng_from_seed(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="non-negative"):
        rng_from_seed(-1)


def test_multi_output_shapes_and_per_output_indices() -> None:
    """A model returning (s, n) gets indices of shape (s, G) and intervals (s, G, 2)."""
    w = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 2.0]])
    inputs = [Normal(n, 0.0, 1.0) for n in "abc"]
    res = sobol_indices(lambda x: w @ x, inputs, 2**11, seed=2, n_resamples=20)
    assert res.first_order.shape == (2, 3)
    assert res.first_order_ci.shape == (2, 3, 2)
    np.testing.assert_allclose(res.first_order, [[0.5, 0.0, 0.5], [0.0, 0.2, 0.8]], atol=0.01)


def test_to_dict_rows() -> None:
    """to_dict gives one plain row per input with [lo, hi] intervals."""
    res = sobol_indices(ishigami, ishigami_inputs(), 2**6, seed=0, n_resamples=20)
    rows = res.to_dict()
    assert [r["input"] for r in rows] == ["x1", "x2", "x3"]
    assert set(rows[0]) == {
        "input",
        "first_order",
        "total_order",
        "first_order_ci",
        "total_order_ci",
    }
    assert isinstance(rows[0]["first_order"], float)
    assert (
        len(rows[0]["total_order_ci"]) == 2
        and rows[0]["total_order_ci"][0] <= rows[0]["total_order_ci"][1]
    )
    assert isinstance(res, SobolResult)


# -------------------------------------------------------------- degenerate cases and errors


def test_constant_output_gives_nan_and_a_message() -> None:
    """A constant output has undefined indices: NaN, flagged and worded, no RuntimeWarning."""
    res = sobol_indices(
        lambda x: np.full(x.shape[1], 2.5), ishigami_inputs(), 2**6, seed=0, n_resamples=20
    )
    assert bool(res.constant) and "constant over the 128 runs" in (res.constant_message() or "")
    for field in ("first_order", "total_order", "first_order_ci", "total_order_ci"):
        assert np.all(np.isnan(getattr(res, field)))


def test_constant_output_row_is_nan_others_are_not() -> None:
    """With two outputs, only the constant one is NaN and the message names its row."""

    def model(x: np.ndarray) -> np.ndarray:
        return np.stack([x[0] + x[1], np.zeros(x.shape[1])])

    inputs = [Uniform("a", 0, 1), Uniform("b", 0, 1)]
    res = sobol_indices(model, inputs, 2**8, seed=0, n_resamples=20)
    assert res.constant.tolist() == [False, True]
    assert "row(s) [1]" in (res.constant_message() or "")
    assert np.all(np.isnan(res.first_order[1])) and np.all(np.isfinite(res.first_order[0]))
    assert np.all(np.isfinite(res.first_order_ci[0]))
    varied = sobol_indices(lambda x: x[0], inputs, 8, seed=0, n_resamples=0)
    assert varied.constant_message() is None


def test_bad_arguments_raise_clear_errors() -> None:
    """Non-power-of-2 n, non-finite output, wrong shape and bad groups are refused."""
    inputs = ishigami_inputs()
    with pytest.raises(ValueError, match="Got 1000; use 512 or 1024"):
        sobol_indices(ishigami, inputs, 1000)
    with pytest.raises(ValueError, match="non-finite"):
        sobol_indices(lambda x: np.where(x[0] > 0, np.inf, x[0]), inputs, 2**4, seed=0)
    with pytest.raises(ValueError, match="shape"):
        sobol_indices(lambda x: x[None], inputs, 2**4, seed=0)
    with pytest.raises(ValueError, match="one label"):
        sobol_indices(ishigami, inputs, 2**4, groups=["a"])
    with pytest.raises(ValueError, match="also called"):
        sobol_indices(ishigami, inputs, 2**4, groups=["x2", None, "x2"])
    with pytest.raises(ValueError, match="unique names"):
        sobol_indices(ishigami, [Uniform("x", 0, 1)] * 3, 2**4)
    with pytest.raises(ValueError, match="chunk_size"):
        sobol_indices(ishigami, inputs, 2**4, chunk_size=0)


@pytest.mark.parametrize("budget", [0, -1, True])
def test_a_memory_budget_that_is_not_a_positive_count_is_refused(budget: int) -> None:
    """memory_budget_bytes 0, negative or a bool is refused, naming the value."""
    with pytest.raises(ValueError, match=f"memory_budget_bytes must be > 0. Got {budget!r}"):
        sobol_indices(ishigami, ishigami_inputs(), 2**4, memory_budget_bytes=budget)


def test_an_output_of_three_axes_is_refused_naming_the_input_shape() -> None:
    """A model returning (1, d, m) is told the shapes it may return, for x of shape (d, m)."""
    with pytest.raises(ValueError) as info:
        sobol_indices(lambda x: x[None], ishigami_inputs(), 2**4, seed=0, chunk_size=16)
    assert str(info.value) == ("func must return shape (n,) or (s, n) for x of shape (d, n). "
                               "Got shape (1, 3, 16) for x of shape (3, 16).")


@pytest.mark.parametrize("outputs", [0, 2])
def test_a_later_call_of_the_wrong_shape_names_that_call_s_shape(outputs: int) -> None:
    """The second block of 8 columns gets 7 outputs: the message expects its own shape."""
    calls = []

    def model(x: np.ndarray) -> np.ndarray:
        calls.append(x.shape[1])
        y = ishigami(x)[: 8 if len(calls) == 1 else 7]
        return y if outputs == 0 else np.stack([y] * outputs)

    want = "(8,)" if outputs == 0 else f"({outputs}, 8)"
    with pytest.raises(ValueError) as info:
        sobol_indices(model, ishigami_inputs(), 2**3, seed=0, chunk_size=8, n_resamples=0)
    assert calls == [8, 8]
    assert str(info.value).startswith(f"func must return shape {want} for x of shape (3, 8)")


# -------------------------------------------------------------- inputs and sampling


def test_choice_ppf_hand_values() -> None:
    """Choice among 3: floor(3u) clipped, so [0, 1/3) -> 0, [1/3, 2/3) -> 1, [2/3, 1] -> 2."""
    c = Choice("agg", ("arithmetic", "geometric", "harmonic"))
    u = [0.0, 0.33, 0.34, 0.66, 0.67, 0.999, 1.0]
    assert c.ppf(u).tolist() == [0, 0, 1, 1, 2, 2, 2]
    assert c.k == 3


def test_bernoulli_ppf_hand_values_and_frequency() -> None:
    """Bernoulli(0.25) is 1 on [0.75, 1): 0.7 -> 0, 0.76 -> 1; a uniform grid gives 25% ones."""
    b = Bernoulli("include", 0.25)
    assert b.ppf([0.0, 0.7, 0.76, 0.99]).tolist() == [0, 0, 1, 1]
    grid = (np.arange(1000) + 0.5) / 1000
    assert b.ppf(grid).mean() == 0.25
    assert Bernoulli("never", 0.0).ppf(grid).sum() == 0
    assert Bernoulli("always", 1.0).ppf(grid).sum() == 1000


def test_triangular_ppf_hand_values() -> None:
    """Triangular(0, 1, 3): F(mode) = 1/3; ppf(1/12) = 0.5, ppf(1/3) = 1, ppf(5/6) = 2."""
    t = Triangular("t", 0.0, 1.0, 3.0)
    # F(x) = x^2/3 on [0, 1]: F(0.5) = 1/12. F(x) = 1 - (3 - x)^2/6 on [1, 3]: F(2) = 5/6.
    np.testing.assert_allclose(t.ppf([0.0, 1 / 12, 1 / 3, 5 / 6, 1.0]), [0.0, 0.5, 1.0, 2.0, 3.0])
    np.testing.assert_allclose(Triangular("l", 0.0, 0.0, 1.0).ppf([0.75]), [0.5])  # 1-sqrt(1/4)


def test_uniform_and_normal_ppf_hand_values() -> None:
    """Uniform is linear; Normal(1, 2) at 0.975 is 1 + 2 * 1.959964."""
    np.testing.assert_allclose(Uniform("u", -1, 3).ppf([0.0, 0.25, 1.0]), [-1.0, 0.0, 3.0])
    np.testing.assert_allclose(Normal("n", 1.0, 2.0).ppf([0.5, 0.975]), [1.0, 4.919928], atol=1e-6)


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: Uniform("u", 1.0, 1.0), "low < high"),
        (lambda: Uniform("u", 0.0, math.inf), "finite"),
        (lambda: Choice("c", ()), "non-empty tuple"),
        (lambda: Choice("c", ["a", "b"]), "tuple"),  # type: ignore[arg-type]
        (lambda: Bernoulli("b", 1.5), r"\[0, 1\]"),
        (lambda: Triangular("t", 0.0, 2.0, 1.0), "low <= mode <= high"),
        (lambda: Normal("n", 0.0, 0.0), "sd > 0"),
        (lambda: Normal("", 0.0, 1.0), "name"),
        (lambda: Uniform("u", 0.0, 1.0, group=""), "group"),
        (lambda: Uniform("u", "a", 1.0), "real number"),  # type: ignore[arg-type]
    ],
)
def test_input_parameters_are_validated(make: Callable[[], object], match: str) -> None:
    """Each input class refuses invalid parameters with a ValueError naming the rule."""
    with pytest.raises(ValueError, match=match):
        make()


def test_sample_methods_shapes_and_reproducibility() -> None:
    """`sample` gives (n, d) values in each input's support; a seed reproduces it."""
    inputs: list[UncertainInput] = [
        Uniform("a", 2.0, 4.0),
        Choice("m", ("x", "y", "z")),
        Bernoulli("b", 0.5),
    ]
    for method in ("sobol", "lhs", "random"):
        x = sample(inputs, 64, seed=1, method=method)
        assert x.shape == (64, 3)
        assert np.all((x[:, 0] >= 2.0) & (x[:, 0] <= 4.0))
        assert set(np.unique(x[:, 1]).tolist()) <= {0.0, 1.0, 2.0}
        np.testing.assert_array_equal(x, sample(inputs, 64, seed=1, method=method))


def test_sample_quasi_random_designs_are_balanced() -> None:
    """LHS puts exactly one point in each of the n strata of every column; Sobol' (n=2^k) too."""
    inputs = [Uniform("a", 0.0, 1.0), Uniform("b", 0.0, 1.0)]
    for method in ("lhs", "sobol"):
        x = sample(inputs, 128, seed=3, method=method)
        for j in range(2):
            assert np.array_equal(np.sort(np.floor(x[:, j] * 128)), np.arange(128))


def test_sample_sobol_needs_power_of_two() -> None:
    """A non-power-of-2 Sobol' sample is refused with the nearest powers named."""
    with pytest.raises(ValueError, match="Got 100; use 64 or 128"):
        sample([Uniform("a", 0, 1)], 100, seed=0)
    with pytest.raises(ValueError, match="method"):
        sample([Uniform("a", 0, 1)], 8, seed=0, method="grid")  # type: ignore[arg-type]


def test_dirichlet_weights_moments_match_closed_form() -> None:
    """Mean = nominal, Var = w(1 - w)/(c + 1), rows sum to 1, zero weight stays 0."""
    nominal = np.array([0.5, 0.3, 0.2, 0.0])
    c = 50.0
    u = sample([Uniform(f"u{j}", 0, 1) for j in range(4)], 2**14, seed=0)
    w = dirichlet_weights(nominal, c, u)
    np.testing.assert_allclose(w.sum(axis=1), 1.0, atol=1e-12)
    assert np.all(w[:, 3] == 0.0)
    np.testing.assert_allclose(w.mean(axis=0), nominal, atol=2e-3)
    np.testing.assert_allclose(
        w.var(axis=0), nominal * (1 - nominal) / (c + 1), rtol=0.05, atol=1e-12
    )


def test_dirichlet_weights_normalises_nominal_and_refuses_bad_input() -> None:
    """Nominal weights are normalised (scale-free); bad vectors or shapes are refused."""
    u = np.full((2, 3), 0.5)
    np.testing.assert_allclose(
        dirichlet_weights([1, 1, 2], 10.0, u), dirichlet_weights([2, 2, 4], 10.0, u)
    )
    with pytest.raises(ValueError, match="nominal"):
        dirichlet_weights([-1.0, 2.0], 10.0, [0.5, 0.5])
    with pytest.raises(ValueError, match="concentration"):
        dirichlet_weights([1.0, 2.0], 0.0, [0.5, 0.5])
    with pytest.raises(ValueError, match="shape"):
        dirichlet_weights([1.0, 2.0], 1.0, [0.5, 0.5, 0.5])


# -------------------------------------------------------------- summaries


def test_uncertainty_summary_hand_values() -> None:
    """Median, percentiles, P(>0), mean and sd (ddof=1) of a small sample, by hand."""
    y = np.array([-1.0, 0.0, 1.0, 2.0, 3.0])
    out = uncertainty_summary(y)
    assert out["median"] == 1.0
    assert out["p05"] == pytest.approx(-1.0 + 0.05 * 4 * 1.0)  # linear: position 0.2
    assert out["p95"] == pytest.approx(2.0 + 0.8 * 1.0)  # position 3.8
    assert out["p_positive"] == pytest.approx(0.6)
    assert out["mean"] == 1.0
    assert out["sd"] == pytest.approx(math.sqrt(10.0 / 4.0))


def test_uncertainty_summary_is_vectorised_over_trailing_axes() -> None:
    """A (n, 3, 2) sample gives (3, 2) summaries equal to column-by-column ones."""
    y = np.random.default_rng(0).normal(size=(50, 3, 2))
    out = uncertainty_summary(y)
    for key, arr in out.items():
        assert arr.shape == (3, 2)
        assert arr[1, 0] == pytest.approx(float(uncertainty_summary(y[:, 1, 0])[key]))
    with pytest.raises(ValueError, match="at least 2"):
        uncertainty_summary(np.zeros((1, 3)))


def test_rank_stability_hand_example() -> None:
    """Ranks by |contribution|, descending; rows and columns of the frequency sum to 1."""
    contrib = np.array([[3.0, -1.0, 0.5], [0.5, -2.0, 0.1], [4.0, 1.0, -5.0], [2.0, 0.0, 1.0]])
    # ranks per sample: [0,1,2], [1,0,2], [1,2,0], [0,2,1]
    rs = rank_stability(contrib)
    np.testing.assert_allclose(
        rs.frequency, [[0.5, 0.5, 0.0], [0.25, 0.25, 0.5], [0.25, 0.25, 0.5]]
    )
    np.testing.assert_allclose(rs.frequency.sum(axis=0), 1.0)
    np.testing.assert_allclose(rs.frequency.sum(axis=1), 1.0)
    assert rs.modal_rank.tolist() == [0, 2, 2]
    np.testing.assert_allclose(rs.modal_frequency, [0.5, 0.5, 0.5])


def test_rank_stability_ties_keep_item_order() -> None:
    """Equal |contributions| rank in item order (stable sort)."""
    rs = rank_stability(np.array([[1.0, -1.0, 1.0]]))
    assert rs.frequency.tolist() == [[1, 0, 0], [0, 1, 0], [0, 0, 1]]


# -------------------------------------------------------------- import cost


def test_core_modules_do_not_import_scipy() -> None:
    """Importing the sampling and sobol modules leaves scipy unimported (it loads lazily)."""
    code = (
        "import sys; import relindex._core.sampling, relindex._core.sobol, "
        "relindex._core.inputs, relindex._core.summary; "
        "print(any(m == 'scipy' or m.startswith('scipy.') for m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(SRC)},
    )
    assert out.stdout.strip() == "False"
