"""relindex._core.aggregate against the plain-loop oracle, and at the edges of its rules.

Fast (no hypothesis): a few hundred trees drawn with a seeded numpy generator, with
coverage thresholds, propagating nodes, unequal side balances, leaves that do not count,
geometric floors and a batch axis, each compared with ``tests/oracle.py`` to 1e-12. Then
the rules one at a time on cases small enough to check by hand.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import oracle
from relindex._core.aggregate import (
    AGGREGATIONS,
    GeometricZeroError,
    Tree,
    evaluate,
    evaluate_values,
)

NAN = np.nan
TOL = 1e-12
FIELDS = ("values", "coverage", "cooperation", "friction", "net")


def random_tree(rng: np.random.Generator, n_leaves: int) -> Tree:
    """Dimensions (some nested) over the leaves, then one or two sides, every rule drawn."""
    n_dims = int(rng.integers(1, min(4, n_leaves) + 1))
    owner = list(range(n_dims)) + [int(rng.integers(0, n_dims)) for _ in range(n_leaves - n_dims)]
    parent = [None if d == n_dims - 1 or rng.random() < 0.5 else int(rng.integers(d + 1, n_dims))
              for d in range(n_dims)]
    top = [d for d in range(n_dims) if parent[d] is None]
    friction_side = [d for d in top[1:] if rng.random() < 0.5]
    coop_side = [d for d in top if d not in friction_side]
    children, weights, methods, floors, least, spread = [], [], [], [], [], []

    def node(kids: list[int]) -> None:
        children.append(np.array(rng.permutation(kids), dtype=int))
        w = rng.choice([0.0, 0.5, 1.0, 2.0, 3.0, 7.5], len(kids))
        if w.sum() == 0:
            w[0] = 1.0
        weights.append(w)
        geo = rng.random() < 0.4
        methods.append(AGGREGATIONS["geometric" if geo else "arithmetic"])
        floors.append(float(rng.choice([0.01, 0.2, 1.0])) if geo else NAN)
        least.append(float(rng.choice([NAN, NAN, 0.3, 0.5, 0.75, 1.0])))
        spread.append(bool(rng.random() < 0.25))

    for d in range(n_dims):
        node([leaf for leaf in range(n_leaves) if owner[leaf] == d]
             + [n_leaves + s for s in range(n_dims) if parent[s] == d])
    node([n_leaves + d for d in coop_side])
    if friction_side:
        node([n_leaves + d for d in friction_side])
    b_c = float(rng.choice([1.0, 0.5, 1.25]))
    return Tree(n_leaves, tuple(children), tuple(weights), np.array(methods),
                np.array(floors), n_dims, n_dims + 1 if friction_side else -1,
                min_coverage=np.array(least), propagate=np.array(spread),
                balance=(b_c, 2.0 - b_c))


def random_leaves(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Values in [0, 1] with gaps, exact zeros and exact ones."""
    x = rng.random(shape)
    x[rng.random(shape) < 0.1] = 0.0
    x[rng.random(shape) < 0.1] = 1.0
    x[rng.random(shape) < 0.2] = NAN
    return x


def cases(n: int, seed: int):
    """`n` (tree, leaves, counted) triples, the same every run."""
    rng = np.random.default_rng(seed)
    for _ in range(n):
        L = int(rng.integers(1, 7))
        tree = random_tree(rng, L)
        P = int(rng.integers(1, 5))
        yield tree, random_leaves(rng, (P, L)), rng.random((P, L)) < 0.8


def assert_close(a, b, what: str) -> None:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    assert a.shape == b.shape and np.allclose(a, b, rtol=0, atol=TOL, equal_nan=True), (
        f"{what}: {a.tolist()} != {b.tolist()}")


def test_the_core_equals_the_oracle_with_every_rule_drawn():
    """Scores, coverage, weights, contributions and net equal the plain loops to 1e-12."""
    checked = 0
    for tree, x, counted in cases(300, seed=18):
        ref = oracle.evaluate(x.tolist(), tree, counted.tolist())
        e = evaluate(x, tree, counted=counted)
        for name in FIELDS:
            assert_close(getattr(e, name), [getattr(r, name) for r in ref], name)
        assert_close(e.contribution, [r.contribution for r in ref], "contribution")
        for j in range(tree.n_nodes):
            assert_close(e.weights[j], [r.weights[j] for r in ref], f"weights of node {j}")
        checked += int(np.isfinite(e.net).sum())
    assert checked > 200  # the draws reach a net index often, not only missing ones


def test_a_geometric_zero_without_floor_raises_where_the_oracle_does():
    """The core raises GeometricZeroError for the node the oracle stops at, and only then."""
    rng = np.random.default_rng(7)
    raised = 0
    for _ in range(200):
        tree = random_tree(rng, 3)
        floor = np.where(tree.method == 1, NAN, tree.floor)
        tree = Tree(tree.n_leaves, tree.children, tree.weights, tree.method, floor,
                    tree.cooperation, tree.friction)
        x = random_leaves(rng, (1, 3))
        try:
            want = oracle.evaluate(x.tolist(), tree)
        except oracle.OracleGeometricZero as z:
            with pytest.raises(GeometricZeroError) as info:
                evaluate(x, tree)
            assert info.value.node == z.node
            raised += 1
            continue
        assert_close(evaluate(x, tree).net, [r.net for r in want], "net")
    assert raised > 10


def test_a_batch_is_each_sample_evaluated_alone():
    """Sampled leaves, weights and methods: each sample's arrays are its own evaluation."""
    rng = np.random.default_rng(11)
    for tree, _, _ in cases(40, seed=12):
        S, P = 3, 2
        x = random_leaves(rng, (S, P, tree.n_leaves))
        counted = rng.random((S, P, tree.n_leaves)) < 0.8
        w = [rng.choice([0.5, 1.0, 4.0], (S, len(k))) for k in tree.children]
        m = rng.integers(0, 2, (S, tree.n_nodes))
        floored = Tree(tree.n_leaves, tree.children, tree.weights, tree.method,
                       np.full(tree.n_nodes, 0.05), tree.cooperation, tree.friction,
                       tree.min_coverage, tree.propagate, tree.balance)
        e = evaluate(x, floored, weights=w, method=m, counted=counted)
        lean = evaluate_values(x, floored, weights=w, method=m, counted=counted)
        for s in range(S):
            one = Tree(tree.n_leaves, tree.children, tuple(wj[s] for wj in w), m[s],
                       floored.floor, tree.cooperation, tree.friction, tree.min_coverage,
                       tree.propagate, tree.balance)
            alone = evaluate(x[s], one, counted=counted[s])
            for name in (*FIELDS, "contribution"):
                assert_close(getattr(e, name)[s], getattr(alone, name), name)
            for j in range(tree.n_nodes):
                assert_close(e.weights[j][s], alone.weights[j], f"weights of node {j}")
        for name in FIELDS:
            assert np.array_equal(getattr(e, name), getattr(lean, name), equal_nan=True), name


def test_the_values_only_path_equals_the_full_path_bit_for_bit():
    """evaluate_values gives evaluate's values, coverage and sides exactly, every rule drawn."""
    for tree, x, counted in cases(150, seed=19):
        full, lean = evaluate(x, tree, counted=counted), evaluate_values(x, tree, counted=counted)
        for name in FIELDS:
            a, b = getattr(full, name), getattr(lean, name)
            assert a.shape == b.shape and np.array_equal(a, b, equal_nan=True), name


def chain(*, min_coverage=NAN, propagate=False, balance=(1.0, 1.0), weights=(1.0, 3.0)):
    """Leaves 0, 1 -> dimension (node 0) -> cooperation (node 1); leaf 2 -> friction (node 2)."""
    return Tree(3, (np.array([0, 1]), np.array([3]), np.array([2])),
                (np.array(weights), np.array([1.0]), np.array([1.0])),
                np.array([0, 0, 0]), np.full(3, NAN), 1, 2,
                min_coverage=np.array([min_coverage, NAN, NAN]),
                propagate=np.array([propagate, False, False]), balance=balance)


def test_renormalise_or_propagate_a_missing_child():
    """By default a missing child's weight goes to the others; propagate makes the node missing."""
    x = np.array([[NAN, 0.6, 0.3]])
    kept = evaluate(x, chain())
    assert kept.values[0, 3] == pytest.approx(0.6)
    assert kept.weights[0][0].tolist()[1] == 1.0
    dropped = evaluate(x, chain(propagate=True))
    assert np.isnan(dropped.values[0, 3]) and np.isnan(dropped.net[0])
    assert dropped.coverage[0, 0] == pytest.approx(0.75)  # coverage is still reported
    assert np.isnan(dropped.weights[0]).all() and np.isnan(dropped.contribution[0, :2]).all()
    full = evaluate(np.array([[0.2, 0.6, 0.3]]), chain(propagate=True))
    assert full.values[0, 3] == pytest.approx(0.5)  # nothing missing: nothing propagates


def test_min_coverage_drops_a_node_below_it_and_keeps_one_at_it():
    """Coverage 0.75 passes a threshold of 0.75 (up to rounding) and fails 0.76."""
    x = np.array([[NAN, 0.6, 0.3]])
    at = evaluate(x, chain(min_coverage=0.75))
    assert at.values[0, 3] == pytest.approx(0.6) and at.net[0] == pytest.approx(0.3)
    # weights 0.1 and 0.3 present of 0.1 + 0.3 + 0.1: a coverage of 4/5 that rounds 1 ulp
    # under 0.8, and still meets a threshold of 0.8
    rounded = evaluate(np.array([[0.5, 0.5, NAN, 0.3]]), Tree(
        4, (np.array([0, 1, 2]), np.array([4]), np.array([3])),
        (np.array([0.1, 0.3, 0.1]), np.array([1.0]), np.array([1.0])),
        np.zeros(3, int), np.full(3, NAN), 1, 2, min_coverage=np.array([0.8, NAN, NAN])))
    assert rounded.coverage[0, 0] < 0.8 and rounded.values[0, 4] == pytest.approx(0.5)
    below = evaluate(x, chain(min_coverage=0.76))
    assert np.isnan(below.values[0, 3]) and np.isnan(below.net[0])
    assert below.coverage[0, 0] == pytest.approx(0.75)
    assert np.isnan(below.weights[0]).all()


def test_a_leaf_that_does_not_count_is_scored_but_not_covered_at_every_depth():
    """counted=False keeps the value, takes the weight out of coverage up to the side."""
    x = np.array([[0.2, 0.6, 0.3]])
    e = evaluate(x, chain(min_coverage=0.5), counted=np.array([[True, False, True]]))
    assert e.coverage[0].tolist() == pytest.approx([0.25, 0.25, 1.0])
    assert np.isnan(e.values[0, 3])  # coverage 0.25 < 0.5: the dimension is missing
    kept = evaluate(x, chain(min_coverage=0.2), counted=np.array([[True, False, True]]))
    assert kept.values[0, 3] == pytest.approx(0.5)  # both leaves in the score


def test_side_balance_weights_the_net_index_and_its_contributions():
    """Net = b_C C - b_F F; the sides contribute +b_C C and -b_F F, the leaves add up to it."""
    e = evaluate(np.array([[0.2, 0.6, 0.3]]), chain(balance=(1.5, 0.5)))
    assert e.net[0] == pytest.approx(1.5 * 0.5 - 0.5 * 0.3)
    c = e.contribution[0]
    assert c[4] == pytest.approx(0.75) and c[5] == pytest.approx(-0.15)
    assert c[0] + c[1] + c[2] == pytest.approx(e.net[0], abs=1e-15)
    assert c[0] == pytest.approx(1.5 * 0.25 * 0.2)


def test_a_score_rounded_above_one_is_clipped():
    """Weights 3:2:2 over leaves of 1.0 renormalise to a sum 1 ulp above 1; the score is 1."""
    tree = Tree(3, (np.array([0, 1, 2]),), (np.array([3.0, 2.0, 2.0]),), np.zeros(1, int),
                np.full(1, NAN), 0)
    e = evaluate(np.ones((1, 3)), tree)
    assert sum(e.weights[0][0].tolist()) > 1.0  # the rounding the clip is there for
    assert e.values[0, 3] == 1.0 and e.net[0] == 1.0
    assert evaluate_values(np.ones((1, 3)), tree).net[0] == 1.0


def test_a_node_whose_weights_are_all_zero_is_missing_without_a_warning():
    """No weight present: no score, coverage 0, and no division by zero on the way."""
    tree = Tree(2, (np.array([0]), np.array([1]), np.array([2, 3])),
                (np.array([0.0]), np.array([1.0]), np.array([1.0, 1.0])),
                np.zeros(3, int), np.full(3, NAN), 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        e = evaluate(np.array([[0.4, 0.8]]), tree)
    assert np.isnan(e.values[0, 2]) and e.coverage[0, 0] == 0.0
    assert e.values[0, 4] == pytest.approx(0.8)  # the parent renormalises over the other
    assert e.coverage[0, 2] == pytest.approx(0.5)


def test_aggregation_codes_select_the_mean():
    """AGGREGATIONS names the codes evaluate reads: arithmetic and geometric means."""
    x = np.array([[0.2, 0.8]])
    means = {}
    for name, code in AGGREGATIONS.items():
        tree = Tree(2, (np.array([0, 1]),), (np.array([1.0, 1.0]),), np.array([code]),
                    np.array([0.01]), 0)
        means[name] = float(evaluate(x, tree).net[0])
    assert means == pytest.approx({"arithmetic": 0.5, "geometric": math.sqrt(0.2 * 0.8)})


def test_each_slot_knows_its_parent_and_its_place_there():
    """Tree.parent: the node slot that reads each slot; Tree.position: which child it is."""
    t = chain()
    assert t.parent.tolist() == [3, 3, 5, 4, -1, -1]
    assert t.position.tolist() == [0, 1, 0, 0, -1, -1]
    for slot in range(6):
        if t.parent[slot] >= 0:
            assert t.children[t.parent[slot] - 3][t.position[slot]] == slot


def test_values_and_contributions_are_laid_out_period_by_slot():
    """Arrays are (..., periods, slots): a row per period, leaves first, nodes after."""
    x = np.array([[0.2, 0.6, 0.3], [0.4, 0.4, 0.1]])
    e = evaluate(x, chain())
    assert e.values.shape == (2, 6) and e.contribution.shape == (2, 6)
    assert e.coverage.shape == (2, 3)
    assert e.values[1].tolist() == pytest.approx([0.4, 0.4, 0.1, 0.4, 0.4, 0.1])
    assert e.contribution[1].tolist() == pytest.approx([0.1, 0.3, -0.1, 0.4, 0.4, -0.1])
    xs = np.stack([x, x[::-1]])
    b = evaluate(xs, chain())
    assert b.contribution.shape == (2, 2, 6)
    assert b.contribution[1, 0].tolist() == pytest.approx(e.contribution[1].tolist())


def test_a_friction_side_that_is_node_zero_is_attributed():
    """The sides' order is free: friction as node 0 still gets -F, down to its leaves."""
    t = Tree(2, (np.array([1]), np.array([0])), (np.array([1.0]), np.array([1.0])),
             np.zeros(2, int), np.full(2, NAN), 1, 0)
    e = evaluate(np.array([[0.7, 0.2]]), t)
    assert e.net[0] == pytest.approx(0.5)
    assert e.contribution[0].tolist() == pytest.approx([0.7, -0.2, -0.2, 0.7])


def test_a_zero_under_a_sampled_arithmetic_mean_needs_no_floor():
    """Methods sampled per draw: a zero in a draw that takes the arithmetic mean is no error."""
    t = Tree(2, (np.array([0, 1]),), (np.array([1.0, 1.0]),), np.zeros(1, int),
             np.full(1, NAN), 0)
    x = np.array([[[0.0, 0.5]], [[0.25, 1.0]]])  # draw 0: a zero; draw 1: geometric
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no log(0) on the way
        e = evaluate(x, t, method=np.array([[0], [1]]))
    assert e.net[:, 0].tolist() == pytest.approx([0.25, 0.5])
    with pytest.raises(GeometricZeroError):
        evaluate(x, t, method=np.array([[1], [1]]))
