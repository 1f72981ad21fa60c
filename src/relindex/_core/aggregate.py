r"""Weighted aggregation over a tree of nodes, and the attribution of the result.

A tree has *leaves* (indicators, already normalised to [0, 1]) and *nodes*
(dimensions, sub-dimensions and the two sides of the index). Node ``j`` reads
the scores of its children from a value table in which leaves come first and
nodes follow in bottom-up order, so one pass in order evaluates the tree.

Aggregations (OECD/JRC Handbook, section 6), with weights :math:`w` renormalised
over the children present in a period, :math:`\tilde w_i = w_i / \sum_{j \in
\text{present}} w_j`:

* arithmetic: :math:`S = \sum_i \tilde w_i x_i`;
* geometric: :math:`S = \prod_i \max(x_i, f)^{\tilde w_i}` with a declared floor
  :math:`f > 0`; without a floor, a zero or negative child is an error.

Coverage of a node is the share of its nominal weight that is present,
:math:`\sum_{i \in \text{present}} w_i / \sum_i w_i`.

Attribution splits each node's contribution among its children by shares that
sum to one, so contributions add up exactly at every level:

* arithmetic: :math:`\sigma_i = \tilde w_i x_i / S` (or :math:`\tilde w_i` when
  :math:`S = 0`);
* geometric: :math:`\sigma_i = \tilde w_i \ln x_i / \ln S` (or :math:`\tilde w_i`
  when :math:`S = 1`), the log-share decomposition; since every
  :math:`\ln x_i \le 0` on [0, 1], each share is in [0, 1].

The net index is cooperation minus friction; the cooperation side contributes
:math:`+C`, the friction side :math:`-F`, and each child receives its parent's
contribution times its share.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

AGGREGATIONS = {"arithmetic": 0, "geometric": 1}

Array = NDArray[np.float64]


class GeometricZeroError(ValueError):
    """A geometric mean met a value <= 0 and no floor was declared for its node."""

    def __init__(self, node: int) -> None:
        self.node = node
        super().__init__(f"node {node}: geometric mean of a value <= 0 with no floor declared")


@dataclass(frozen=True)
class Tree:
    """The shape of an index: which children each node aggregates, how, with which weights.

    Parameters
    ----------
    n_leaves : int
        Number of leaves (indicators); they occupy value-table slots ``0..n_leaves-1``.
    children : tuple of int arrays
        For node ``j`` (value-table slot ``n_leaves + j``), the slots of its children;
        every child slot is lower than the node's own slot.
    weights : tuple of float arrays
        Nominal (not necessarily normalised) weights of each node's children.
    method : int array of shape (n_nodes,)
        ``AGGREGATIONS`` code per node.
    floor : float array of shape (n_nodes,)
        Floor for the geometric mean; NaN where none is declared.
    cooperation : int
        Node index (not slot) of the cooperation side.
    friction : int
        Node index of the friction side, or -1 for a plain composite index.
    min_coverage : float array of shape (n_nodes,), optional
        A node whose coverage falls below it is missing (NaN: no threshold).
    propagate : bool array of shape (n_nodes,), optional
        True where a missing child makes the node missing instead of renormalising.
    """

    n_leaves: int
    children: tuple[NDArray[np.int_], ...]
    weights: tuple[Array, ...]
    method: NDArray[np.int_]
    floor: Array
    cooperation: int
    friction: int = -1
    min_coverage: Array | None = None
    propagate: NDArray[np.bool_] | None = None
    parent: NDArray[np.int_] = field(init=False)

    def __post_init__(self) -> None:
        parent = np.full(self.n_leaves + len(self.children), -1, dtype=int)
        for j, kids in enumerate(self.children):
            parent[kids] = self.n_leaves + j
        object.__setattr__(self, "parent", parent)

    @property
    def n_nodes(self) -> int:
        """Number of nodes (not counting leaves)."""
        return len(self.children)


@dataclass
class Evaluation:
    """Everything an evaluation of the tree computed; arrays lead with the batch shape.

    Attributes
    ----------
    values : ndarray of shape (..., n_periods, n_leaves + n_nodes)
        Scores of leaves and nodes (NaN where missing).
    coverage : ndarray of shape (..., n_periods, n_nodes)
        Share of each node's nominal weight that is present.
    weights : list of ndarray of shape (..., n_periods, k_j)
        Each node's weights renormalised over the children present.
    contribution : ndarray of shape (..., n_periods, n_leaves + n_nodes)
        Signed contribution of each leaf and node to the net index (NaN where missing).
    cooperation, friction, net : ndarray of shape (..., n_periods)
        The two sides and the net index; ``friction`` is all-NaN for a plain composite.
    """

    values: Array
    coverage: Array
    weights: list[Array]
    contribution: Array
    cooperation: Array
    friction: Array
    net: Array


def _node_weights(w: Array) -> Array:
    w = np.asarray(w, dtype=float)
    # Only ratios of weights matter: divide by the largest first, so that weights near
    # the float maximum cannot overflow their sum (the result is scale-invariant).
    peak = w.max(axis=-1, keepdims=True) if w.shape[-1] else np.ones((*w.shape[:-1], 1))
    w = w / np.where(peak > 0, peak, 1.0)
    if w.ndim == 1:
        return w
    # (batch..., k) -> (batch..., 1, k) so that it broadcasts over periods
    return np.expand_dims(w, axis=-2)


def evaluate(
    leaves: Array,
    tree: Tree,
    *,
    weights: list[Array] | None = None,
    method: NDArray[np.int_] | None = None,
) -> Evaluation:
    """Aggregate normalised leaf values up the tree and attribute the net index.

    Parameters
    ----------
    leaves : ndarray of shape (..., n_periods, n_leaves)
        Normalised indicator values in [0, 1], NaN where missing. Leading axes
        are a batch (e.g. Monte Carlo samples).
    tree : Tree
    weights : list of ndarray, optional
        Per-node weights overriding ``tree.weights``; each of shape ``(k_j,)`` or
        ``(*batch, k_j)`` for sampled weights.
    method : ndarray of int, optional
        Aggregation codes overriding ``tree.method``; shape ``(n_nodes,)`` or
        ``(*batch, n_nodes)``.

    Returns
    -------
    Evaluation

    Raises
    ------
    GeometricZeroError
        When a geometric node without a floor meets a value <= 0.
    """
    leaves = np.asarray(leaves, dtype=float)
    batch = leaves.shape[:-2]
    n_periods = leaves.shape[-2]
    L, N = tree.n_leaves, tree.n_nodes
    values = np.full((*batch, n_periods, L + N), np.nan)
    values[..., :L] = leaves
    coverage = np.full((*batch, n_periods, N), np.nan)
    shares: list[Array] = []
    renorm: list[Array] = []
    methods = tree.method if method is None else np.asarray(method)

    for j in range(N):
        kids = tree.children[j]
        w = _node_weights(tree.weights[j] if weights is None else weights[j])
        v = values[..., kids]
        present = ~np.isnan(v)
        wp = np.where(present, w, 0.0)
        w_sum = wp.sum(axis=-1)
        total = np.asarray(w).sum(axis=-1)  # () or (*batch, 1): broadcasts over periods
        # effective coverage: share of the node's weight, down to the leaves, that is present
        kid_cov = np.where(present, 1.0, 0.0)
        inner = kids >= L
        if inner.any():
            kid_cov[..., inner] = np.nan_to_num(coverage[..., kids[inner] - L])
        coverage[..., j] = (w * kid_cov).sum(axis=-1) / np.where(total > 0, total, 1.0)
        has = w_sum > 0
        wt = wp / np.where(has, w_sum, 1.0)[..., None]
        vf = np.where(present, v, 0.0)

        is_geo = np.asarray(methods[..., j] == 1)
        if is_geo.ndim:
            is_geo = is_geo[..., None]  # (*batch, 1): broadcasts over periods
        need_geo = bool(is_geo.any())
        need_ari = bool((~is_geo).any())
        score = share = None
        if need_ari:
            ari = (wt * vf).sum(axis=-1)
            safe_s = np.where(ari != 0, ari, 1.0)[..., None]
            score = ari
            share = np.where((ari != 0)[..., None], wt * vf / safe_s, wt)
        if need_geo:
            f = tree.floor[j]
            if np.isnan(f):
                bad = present & (v <= 0) & np.expand_dims(is_geo, -1)
                if bad.any():
                    raise GeometricZeroError(j)
                lv = np.log(np.where(present & (v > 0), v, 1.0))
            else:
                lv = np.log(np.where(present, np.maximum(v, f), 1.0))
            lg = (wt * lv).sum(axis=-1)
            safe_lg = np.where(lg != 0, lg, 1.0)[..., None]
            geo_share = np.where((lg != 0)[..., None], wt * lv / safe_lg, wt)
            if score is None:
                score, share = np.exp(lg), geo_share
            else:
                score = np.where(is_geo, np.exp(lg), score)
                share = np.where(np.expand_dims(is_geo, -1), geo_share, share)  # type: ignore[arg-type]
        assert score is not None and share is not None  # at least one method ran
        if tree.min_coverage is not None and not np.isnan(tree.min_coverage[j]):
            has = has & (coverage[..., j] >= tree.min_coverage[j] - 1e-12)
        if tree.propagate is not None and tree.propagate[j]:
            has = has & present.all(axis=-1)
        values[..., L + j] = np.where(has, score, np.nan)
        shares.append(np.where(present & has[..., None], share, np.nan))
        renorm.append(np.where(present & has[..., None], wt, np.nan))

    coop = values[..., L + tree.cooperation]
    if tree.friction >= 0:
        fric = values[..., L + tree.friction]
        net = coop - fric
    else:
        fric = np.full_like(coop, np.nan)
        net = coop.copy()

    contribution = np.full_like(values, np.nan)
    contribution[..., L + tree.cooperation] = np.where(np.isnan(net), np.nan, coop)
    if tree.friction >= 0:
        contribution[..., L + tree.friction] = np.where(np.isnan(net), np.nan, -fric)
    for j in range(N - 1, -1, -1):
        kids = tree.children[j]
        c = contribution[..., L + j]
        contribution[..., kids] = c[..., None] * shares[j]
    return Evaluation(values, coverage, renorm, contribution, coop, fric, net)
