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

The net index is cooperation minus friction, :math:`b_C C - b_F F` with the sides'
balance :math:`b_C + b_F = 2` (1 and 1 unless a catalogue weights the sides); the
cooperation side contributes :math:`+b_C C`, the friction side :math:`-b_F F`, and each
child receives its parent's contribution times its share.
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
    balance : (float, float), default (1.0, 1.0)
        The sides' multipliers :math:`(b_C, b_F)`, adding up to 2: the net index is
        :math:`b_C C - b_F F`.
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
    balance: tuple[float, float] = (1.0, 1.0)
    parent: NDArray[np.int_] = field(init=False)
    position: NDArray[np.int_] = field(init=False)
    """Each slot's position among its parent's children (-1 at the root)."""

    def __post_init__(self) -> None:
        parent = np.full(self.n_leaves + len(self.children), -1, dtype=int)
        position = np.full(self.n_leaves + len(self.children), -1, dtype=int)
        for j, kids in enumerate(self.children):
            parent[kids] = self.n_leaves + j
            position[kids] = np.arange(len(kids))
        object.__setattr__(self, "parent", parent)
        object.__setattr__(self, "position", position)

    @property
    def n_nodes(self) -> int:
        """Number of nodes (not counting leaves)."""
        return len(self.children)


@dataclass
class Values:
    """The scores of an evaluation without the attribution (`evaluate_values`).

    Attributes
    ----------
    values : ndarray of shape (..., n_periods, n_leaves + n_nodes)
        Scores of leaves and nodes (NaN where missing).
    coverage : ndarray of shape (..., n_periods, n_nodes)
        Share of each node's nominal weight that is present.
    cooperation, friction, net : ndarray of shape (..., n_periods)
        The two sides and the net index; ``friction`` is all-NaN for a plain composite.
    """

    values: Array
    coverage: Array
    cooperation: Array
    friction: Array
    net: Array


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


def _sum(terms: list[Array]) -> Array:
    """The sum of equal-shaped arrays, in the order numpy sums a row of them.

    ``_sum([a[..., i] for i in range(k)])`` is bit for bit ``a.sum(axis=-1)``: numpy's
    pairwise summation (eight running sums for blocks of 8 to 128 terms, halves above).
    Summing rows of a slot-major table this way reads contiguous memory, where summing the
    last axis of a period-major table reads it in strides of the table width.
    """
    n = len(terms)
    if n == 0:
        return np.float64(0.0)  # type: ignore[return-value]
    if n < 8:
        res = np.array(terms[0], dtype=float, copy=True)
        for t in terms[1:]:
            res += t
        return res
    if n <= 128:
        r = [np.array(t, dtype=float, copy=True) for t in terms[:8]]
        m = n - n % 8
        for i in range(8, m, 8):
            for j in range(8):
                r[j] += terms[i + j]
        res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
        for t in terms[m:]:
            res += t
        return res
    half = n // 2
    half -= half % 8
    return _sum(terms[:half]) + _sum(terms[half:])


@dataclass
class _Node:
    """What one node's aggregation leaves behind for the attribution (one array per child)."""

    kept: list[NDArray[np.bool_]]
    """Child present and node scored."""
    wt: list[Array]
    share: list[Array]


def _aggregate_node(tab: Array, cov: Array, tree: Tree, j: int, w: Array,
                    is_geo: NDArray[np.bool_], shares: bool,
                    cnt: NDArray[np.bool_] | None = None) -> _Node | None:
    """Score node `j` and its coverage into the slot-major tables; its shares if asked for.

    `tab` is ``(n_leaves + n_nodes, *batch, n_periods)`` and `cov` ``(n_nodes, *batch,
    n_periods)``: one contiguous row per slot, so every step reads and writes whole rows.
    `cnt`, slot-major like the leaves, says which present leaves count toward coverage.
    """
    L = tree.n_leaves
    kids = [int(k) for k in tree.children[j]]
    wk = [w[..., i] for i in range(len(kids))]  # () or (*batch, 1): broadcasts over periods
    rows = [tab[k] for k in kids]
    present = [~np.isnan(v) for v in rows]
    wp = [np.where(p, wi, 0.0) for p, wi in zip(present, wk, strict=True)]
    w_sum = _sum(wp)
    total = np.asarray(w).sum(axis=-1)  # () or (*batch, 1)
    # effective coverage: share of the node's weight, down to the leaves, that is present
    # (a present leaf counts w * 1.0 = w, a missing one w * 0.0 = 0: the terms of w_sum)
    covered = w_sum
    if cnt is not None:  # a carried value or a thinly sourced estimate fills, but not counts
        wp_c = [np.where(cnt[k], wpi, 0.0) if k < L else wpi
                for k, wpi in zip(kids, wp, strict=True)]
        covered = _sum(wp_c)
    else:
        wp_c = wp
    if any(k >= L for k in kids):
        covered = _sum([wi * np.nan_to_num(cov[k - L]) if k >= L else wpi
                        for k, wi, wpi in zip(kids, wk, wp_c, strict=True)])
    cov[j] = covered / np.where(total > 0, total, 1.0)
    has = w_sum > 0
    denom = np.where(has, w_sum, 1.0)
    wt = [np.divide(x, denom, out=x) for x in wp]  # renormalised weights, in place
    need_geo = bool(is_geo.any())
    need_ari = bool((~is_geo).any())
    score = None
    share: list[Array] = []
    if need_ari:
        prod = [wti * np.where(p, v, 0.0) for wti, p, v in zip(wt, present, rows, strict=True)]
        score = _sum(prod)
        if shares:
            nonzero = score != 0
            safe_s = np.where(nonzero, score, 1.0)
            share = [np.where(nonzero, np.divide(x, safe_s, out=x), wti)
                     for x, wti in zip(prod, wt, strict=True)]
    if need_geo:
        f = tree.floor[j]
        if np.isnan(f):
            if any(bool((p & (v <= 0) & is_geo).any()) for p, v in zip(present, rows,
                                                                         strict=True)):
                raise GeometricZeroError(j)
            lv = [np.log(np.where(p & (v > 0), v, 1.0)) for p, v in zip(present, rows,
                                                                         strict=True)]
        else:
            lv = [np.log(np.where(p, np.maximum(v, f), 1.0)) for p, v in zip(present, rows,
                                                                             strict=True)]
        terms = [np.multiply(wti, x, out=x) for wti, x in zip(wt, lv, strict=True)]
        lg = _sum(terms)
        score = np.exp(lg) if score is None else np.where(is_geo, np.exp(lg), score)
        if shares:
            nonzero = lg != 0
            safe_lg = np.where(nonzero, lg, 1.0)
            geo = [np.where(nonzero, np.divide(x, safe_lg, out=x), wti)
                   for x, wti in zip(terms, wt, strict=True)]
            share = geo if not share else [np.where(is_geo, g, a)
                                           for g, a in zip(geo, share, strict=True)]
    if tree.min_coverage is not None and not np.isnan(tree.min_coverage[j]):
        has = has & (cov[j] >= tree.min_coverage[j] - 1e-12)
    if tree.propagate is not None and tree.propagate[j]:
        has = has & np.logical_and.reduce(present) if present else has
    # a mean of values in [0, 1] lies in [0, 1]; rounding of the renormalised weights can
    # leave it an ulp outside, which the clip removes (the shares still add up to it)
    tab[L + j] = np.where(has, np.clip(score, 0.0, 1.0), np.nan)  # type: ignore[arg-type]
    if not shares:
        return None
    return _Node([p & has for p in present], wt, share)


def _walk(leaves: Array, tree: Tree, weights: list[Array] | None,
          method: NDArray[np.int_] | None, shares: bool,
          counted: NDArray[np.bool_] | None = None, leaf_shares: bool = True,
          ) -> tuple[Values, list[_Node | None], Array]:
    """Evaluate the tree bottom-up; the values, each node's shares, the slot-major table.

    With `shares`, each node's shares among its children (None for a node whose children
    are all leaves when `leaf_shares` is false; all None without `shares`).
    """
    leaves = np.asarray(leaves, dtype=float)
    L, N = tree.n_leaves, tree.n_nodes
    tab = np.empty((L + N, *leaves.shape[:-1]))
    tab[:L] = np.moveaxis(leaves, -1, 0)
    cov = np.empty((N, *leaves.shape[:-1]))
    methods = tree.method if method is None else np.asarray(method)
    # every present leaf counted: as if none were said (np.where(True, w, 0) is w)
    every = counted is None or bool(np.all(counted))
    cnt = None if every else np.moveaxis(np.asarray(counted, dtype=bool), -1, 0)
    nodes: list[_Node | None] = []
    for j in range(N):
        w = _node_weights(tree.weights[j] if weights is None else weights[j])
        is_geo = np.asarray(methods[..., j] == 1)
        if is_geo.ndim:
            is_geo = is_geo[..., None]  # (*batch, 1): broadcasts over periods
        share_j = shares and (leaf_shares or bool((tree.children[j] >= L).any()))
        nodes.append(_aggregate_node(tab, cov, tree, j, w, is_geo, share_j, cnt))
    coop = tab[L + tree.cooperation]
    if tree.friction >= 0:
        fric = tab[L + tree.friction]
        net = tree.balance[0] * coop - tree.balance[1] * fric
    else:
        fric = np.full_like(coop, np.nan)
        net = coop.copy()
    # (..., n_periods, slots) views of the slot-major tables: a slot's column is contiguous
    values = Values(np.moveaxis(tab, 0, -1), np.moveaxis(cov, 0, -1), coop, fric, net)
    return values, nodes, tab


def evaluate_values(
    leaves: Array,
    tree: Tree,
    *,
    weights: list[Array] | None = None,
    method: NDArray[np.int_] | None = None,
    counted: NDArray[np.bool_] | None = None,
) -> Values:
    """Aggregate normalised leaf values up the tree, without the attribution.

    The lean path of `evaluate`: the same scores, coverage and net index (bit for bit),
    without the renormalised weights, shares and contributions, for callers that need
    only the values (the Sobol' design of the uncertainty analysis).

    Parameters
    ----------
    leaves, tree, weights, method, counted
        As for `evaluate`.

    Returns
    -------
    Values

    Examples
    --------
    >>> import numpy as np
    >>> tree = Tree(2, (np.array([0, 1]),), (np.array([1.0, 3.0]),), np.zeros(1, int),
    ...             np.full(1, np.nan), 0)
    >>> evaluate_values(np.array([[0.2, 0.6]]), tree).net.round(12).tolist()
    [0.5]
    """
    return _walk(leaves, tree, weights, method, shares=False, counted=counted)[0]


def evaluate(
    leaves: Array,
    tree: Tree,
    *,
    weights: list[Array] | None = None,
    method: NDArray[np.int_] | None = None,
    counted: NDArray[np.bool_] | None = None,
    attribute_leaves: bool = True,
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
    counted : bool ndarray of shape (..., n_periods, n_leaves), optional
        Which present leaves count toward coverage (default: every present leaf). A
        value carried from an earlier period, or an event estimate resting on too few
        sources, fills its leaf but does not count.
    attribute_leaves : bool, default True
        False to attribute the net index down to the nodes only (what a table of node
        scores and contributions reads): each leaf's contribution is then NaN, and a
        node whose children are all leaves has no renormalised weights (an array of
        shape ``(..., n_periods, 0)``). Every other array is the same, bit for bit.

    Returns
    -------
    Evaluation

    Raises
    ------
    GeometricZeroError
        When a geometric node without a floor meets a value <= 0.

    See Also
    --------
    evaluate_values : the same without the attribution.
    """
    val, nodes, tab = _walk(leaves, tree, weights, method, shares=True, counted=counted,
                            leaf_shares=attribute_leaves)
    L = tree.n_leaves
    renorm = [np.empty((*val.net.shape, 0)) if nd is None else
              np.stack([np.where(k, x, np.nan) for k, x in zip(nd.kept, nd.wt, strict=True)],
                       axis=-1) for nd in nodes]
    con = np.empty_like(tab)  # slot-major, as the values
    net_missing = np.isnan(val.net)
    b_c, b_f = tree.balance if tree.friction >= 0 else (1.0, 0.0)
    con[L + tree.cooperation] = np.where(net_missing, np.nan, b_c * val.cooperation)
    if tree.friction >= 0:
        con[L + tree.friction] = np.where(net_missing, np.nan, -b_f * val.friction)
    reached = np.zeros(L + tree.n_nodes, dtype=bool)  # slots a parent has written
    reached[L + tree.cooperation] = True
    if tree.friction >= 0:
        reached[L + tree.friction] = True
    for j in range(tree.n_nodes - 1, -1, -1):
        nd = nodes[j]
        if nd is None:  # leaves not attributed: they stay unreached (NaN)
            continue
        c = con[L + j] if reached[L + j] else np.full(val.net.shape, np.nan)
        for k, kept, share in zip(tree.children[j], nd.kept, nd.share, strict=True):
            con[k] = c * np.where(kept, share, np.nan)
        reached[tree.children[j]] = True
    con[~reached] = np.nan
    return Evaluation(val.values, val.coverage, renorm, np.moveaxis(con, 0, -1),
                      val.cooperation, val.friction, val.net)
