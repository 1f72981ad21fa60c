"""Tree aggregation and attribution against hand-computed values."""

import math

import numpy as np
import pytest

from relindex._core.aggregate import GeometricZeroError, Tree, evaluate

nan = np.nan


def two_sided(method=(0, 0, 0), floor=(nan, nan, nan), w=(1.0, 3.0)):
    """Leaves 0,1 -> node 0 (cooperation side); leaf 2 -> node 1 -> friction node 2."""
    return Tree(
        n_leaves=3,
        children=(np.array([0, 1]), np.array([2]), np.array([4])),
        weights=(np.array(w), np.array([1.0]), np.array([1.0])),
        method=np.array(method),
        floor=np.array(floor, dtype=float),
        cooperation=0,
        friction=2,
    )


def test_arithmetic_by_hand():
    """Weighted mean 0.25*0.2 + 0.75*0.6 = 0.5; net = 0.5 - 0.3."""
    e = evaluate(np.array([[0.2, 0.6, 0.3]]), two_sided())
    assert e.cooperation[0] == pytest.approx(0.5)
    assert e.friction[0] == pytest.approx(0.3)
    assert e.net[0] == pytest.approx(0.2)


def test_arithmetic_contributions_by_hand():
    """Leaf contributions are w~ x for cooperation and -F share for friction."""
    e = evaluate(np.array([[0.2, 0.6, 0.3]]), two_sided())
    assert e.contribution[0, :3].tolist() == pytest.approx([0.05, 0.45, -0.3])
    assert np.nansum(e.contribution[0, :3]) == pytest.approx(e.net[0], abs=1e-15)


def test_geometric_by_hand():
    """Weighted geometric mean 0.2^0.25 * 0.6^0.75 and its log shares."""
    e = evaluate(np.array([[0.2, 0.6, 0.3]]), two_sided(method=(1, 0, 0), floor=(0.01, nan, nan)))
    g = 0.2**0.25 * 0.6**0.75
    assert e.cooperation[0] == pytest.approx(g)
    s0 = 0.25 * math.log(0.2) / math.log(g)
    assert e.contribution[0, 0] == pytest.approx(g * s0)
    assert e.contribution[0, 0] + e.contribution[0, 1] == pytest.approx(g, abs=1e-15)


def test_geometric_floor_guards_zero():
    """A zero is raised to the declared floor."""
    e = evaluate(np.array([[0.0, 1.0, 0.3]]), two_sided(method=(1, 0, 0), floor=(0.01, nan, nan)))
    assert e.cooperation[0] == pytest.approx(0.01**0.25)


def test_geometric_without_floor_raises_on_zero():
    """No floor and a zero: a clear error naming the node, not a silent zero."""
    with pytest.raises(GeometricZeroError) as info:
        evaluate(np.array([[0.0, 1.0, 0.3]]), two_sided(method=(1, 0, 0)))
    assert info.value.node == 0


def test_missing_child_renormalises_and_reports_coverage():
    """A missing indicator's weight goes to the ones present; coverage is the share present."""
    e = evaluate(np.array([[nan, 0.6, 0.3]]), two_sided())
    assert e.cooperation[0] == pytest.approx(0.6)
    assert e.coverage[0, 0] == pytest.approx(0.75)
    assert e.weights[0][0].tolist()[1] == pytest.approx(1.0)
    assert np.isnan(e.contribution[0, 0])


def test_no_friction_evidence_leaves_net_missing():
    """Without friction evidence the net index is missing, never a silent zero friction."""
    e = evaluate(np.array([[0.2, 0.6, nan]]), two_sided())
    assert np.isnan(e.friction[0]) and np.isnan(e.net[0])


def test_plain_composite_without_friction_side():
    """A tree with no friction side is a plain composite: net = cooperation."""
    t = Tree(1, (np.array([0]),), (np.array([1.0]),), np.array([0]), np.array([nan]), 0, -1)
    e = evaluate(np.array([[0.4]]), t)
    assert e.net[0] == pytest.approx(0.4) and np.isnan(e.friction[0])


def test_batched_weights_and_methods():
    """Sampled weights (S, k) and methods (S, n_nodes) broadcast over periods."""
    x = np.array([[0.2, 0.6, 0.3], [0.4, 0.4, 0.1]])
    xs = np.broadcast_to(x, (2, 2, 3))
    w = [np.array([[1.0, 1.0], [1.0, 3.0]]), np.ones((2, 1)), np.ones((2, 1))]
    m = np.array([[0, 0, 0], [1, 0, 0]])
    tree = two_sided(floor=(0.01, nan, nan))
    e = evaluate(xs, tree, weights=w, method=m)
    assert e.cooperation[0, 0] == pytest.approx(0.4)
    assert e.cooperation[1, 0] == pytest.approx(0.2**0.25 * 0.6**0.75)
    single = evaluate(x, tree)
    np.testing.assert_allclose(e.net[1, 1], evaluate(
        x, two_sided(method=(1, 0, 0), floor=(0.01, nan, nan))).net[1])
    assert single.net.shape == (2,)


def test_nested_contributions_add_up():
    """Contributions add up at every level of a three-level tree."""
    # leaves 0,1 -> sub (node 0); node 0 + leaf 2 -> dim (node 1); dim -> coop (node 2)
    t = Tree(4, (np.array([0, 1]), np.array([4, 2]), np.array([5]), np.array([3])),
             (np.array([2.0, 1.0]), np.array([1.0, 1.0]), np.array([1.0]), np.array([1.0])),
             np.array([0, 1, 0, 0]), np.array([nan, 0.05, nan, nan]), 2, 3)
    e = evaluate(np.array([[0.3, 0.9, 0.5, 0.2]]), t)
    c = e.contribution[0]
    assert c[0] + c[1] == pytest.approx(c[4], abs=1e-15)
    assert c[4] + c[2] == pytest.approx(c[5], abs=1e-15)
    assert c[0] + c[1] + c[2] + c[3] == pytest.approx(e.net[0], abs=1e-15)


def test_row_sums_match_numpy_bit_for_bit():
    """The slot-major sum of k rows equals numpy's sum over a last axis of length k."""
    from relindex._core.aggregate import _sum

    rng = np.random.default_rng(3)
    for k in [*range(1, 20), 64, 127, 128, 129, 300]:
        x = rng.random((50, k)) * rng.choice([1e-3, 1.0, 1e3], (50, k))
        assert np.array_equal(_sum([x[:, i] for i in range(k)]), x.sum(axis=-1)), k


def test_values_only_equals_the_full_evaluation():
    """evaluate_values gives the full evaluation's values, coverage and net, bit for bit."""
    from relindex._core.aggregate import evaluate_values

    t = Tree(4, (np.array([0, 1]), np.array([4, 2]), np.array([5]), np.array([3])),
             (np.array([2.0, 1.0]), np.array([1.0, 1.0]), np.array([1.0]), np.array([1.0])),
             np.array([0, 1, 0, 0]), np.array([nan, 0.05, nan, nan]), 2, 3)
    x = np.random.default_rng(4).random((3, 7, 4))
    x[x < 0.15] = nan
    full, lean = evaluate(x, t), evaluate_values(x, t)
    for name in ("values", "coverage", "cooperation", "friction", "net"):
        assert np.array_equal(getattr(full, name), getattr(lean, name), equal_nan=True)

def test_a_leaf_that_does_not_count_fills_its_value_but_not_coverage():
    """A carried or thinly sourced value keeps its place in the score, not in the coverage."""
    leaves = np.array([[0.2, 0.6, 0.3]])
    full = evaluate(leaves, two_sided())
    part = evaluate(leaves, two_sided(), counted=np.array([[True, False, True]]))
    assert part.cooperation[0] == pytest.approx(full.cooperation[0])
    assert full.coverage[0, 0] == pytest.approx(1.0)
    assert part.coverage[0, 0] == pytest.approx(0.25)
    assert part.coverage[0, 2] == pytest.approx(1.0)
    # a missing leaf is uncovered whatever counted says
    miss = evaluate(np.array([[nan, 0.6, 0.3]]), two_sided(), counted=np.ones((1, 3), bool))
    assert miss.coverage[0, 0] == pytest.approx(0.75)
