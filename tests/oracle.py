"""A slow, obviously correct reference implementation of the index, used as a test oracle.

Plain Python loops over plain lists, one period and one node at a time, written from
the formulas in the docstrings of ``relindex._core`` (OECD/JRC Handbook, sections 5-6)
rather than from the vectorised code. The property tests compare the core against it
on generated inputs to 1e-12 (properscoring keeps its O(n^2) CRPS for the same reason).

Conventions (as documented in the core):

* NaN marks a missing value; it stays missing through transform and normalisation.
* Normalisation is per indicator over the periods; a constant column under min-max,
  z-score or rank maps to 0.5; negative polarity maps ``n`` to ``1 - n``.
* A node renormalises its children's weights over the children present in the period;
  with no present weight its score is missing.
* Coverage is the share of a node's nominal weight that is present, counting a
  sub-dimension by its own coverage.
* The net index is cooperation minus friction (cooperation alone without a friction
  side). Contributions start at ``+C`` and ``-F`` and are split among children by
  shares that sum to one (arithmetic: ``w x / S``; geometric: ``w ln x / ln S``; the
  weights themselves when ``S`` is 0, resp. 1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

NAN = float("nan")


class OracleGeometricZero(Exception):
    """A geometric node without a floor met a value <= 0 (the core raises GeometricZeroError)."""

    def __init__(self, node: int) -> None:
        self.node = node
        super().__init__(f"node {node}")


def isnan(x: float) -> bool:
    return x != x


def clip01(x: float) -> float:
    if isnan(x):
        return x
    return min(1.0, max(0.0, x))


# --------------------------------------------------------------------------- transform


def transform(x: float, code: int) -> float:
    """0 none, 1 ln x (missing unless x > 0), 2 ln(1 + x) (missing unless x > -1)."""
    if isnan(x) or code == 0:
        return x
    if code == 1:
        return math.log(x) if x > 0 else NAN
    return math.log1p(x) if x > -1 else NAN


# --------------------------------------------------------------------------- normalise


def normalise_column(col: list[float], method: int, p1: float, p2: float) -> list[float]:
    """Normalise one indicator's values over the periods (method codes as ``METHODS``)."""
    present = [v for v in col if not isnan(v)]
    out = []
    for v in col:
        if isnan(v):
            out.append(NAN)
            continue
        if method == 0:  # goalposts (low, high)
            out.append(clip01((v - p1) / (p2 - p1)))
        elif method == 1:  # min-max over the data
            lo, hi = min(present), max(present)
            out.append(0.5 if lo == hi else (v - lo) / (hi - lo))
        elif method == 2:  # z-score, clipped at +-k sd
            if min(present) == max(present):
                out.append(0.5)
                continue
            n = len(present)
            mean = 0.0
            for u in present:
                mean += u
            mean /= n
            var = 0.0
            for u in present:
                var += (u - mean) ** 2
            sd = math.sqrt(var / n)
            z = (v - mean) / sd
            out.append(clip01((z + p1) / (2 * p1)))
        elif method == 3:  # distance to a reference (reference, scale)
            out.append(clip01(1 - abs(v - p1) / p2))
        elif method == 4:  # percentile rank, ties averaged
            n = len(present)
            if n < 2:
                out.append(0.5)
                continue
            below = sum(1 for u in present if u < v)
            equal = sum(1 for u in present if u == v)
            rank0 = below + (equal - 1) / 2  # average 0-based rank of the tied run
            out.append(rank0 / (n - 1))
        else:
            raise ValueError(method)
    return out


def normalise(
    raw: list[list[float]],
    transforms: list[int],
    methods: list[int],
    p1: list[float],
    p2: list[float],
    sign: list[float],
) -> list[list[float]]:
    """Transform, normalise and orient a (periods x indicators) table of raw values."""
    n_p, n_i = len(raw), len(methods)
    out = [[NAN] * n_i for _ in range(n_p)]
    for i in range(n_i):
        col = [transform(raw[p][i], transforms[i]) for p in range(n_p)]
        norm = normalise_column(col, methods[i], p1[i], p2[i])
        for p in range(n_p):
            v = norm[p]
            out[p][i] = v if isnan(v) or sign[i] > 0 else 1.0 - v
    return out


# --------------------------------------------------------------------------- aggregate


@dataclass
class Node:
    """A node as the oracle sees it: children slots, nominal weights, method, floor."""

    children: list[int]
    weights: list[float]
    method: int  # 0 arithmetic, 1 geometric
    floor: float  # NaN: none


@dataclass
class PeriodOutcome:
    """Everything the oracle computes for one period."""

    values: list[float]  # leaves then nodes
    coverage: list[float]  # per node
    weights: list[list[float]]  # per node, renormalised over present (NaN where absent)
    contribution: list[float]  # leaves then nodes
    cooperation: float
    friction: float
    net: float


def nodes_of(tree) -> list[Node]:
    """Read a core ``Tree`` into plain oracle nodes."""
    return [
        Node([int(c) for c in tree.children[j]], [float(w) for w in tree.weights[j]],
             int(tree.method[j]), float(tree.floor[j]))
        for j in range(len(tree.children))
    ]


def evaluate_period(
    leaves: list[float],
    nodes: list[Node],
    cooperation: int,
    friction: int,
) -> PeriodOutcome:
    """Aggregate one period's normalised leaves up the tree and attribute the net index."""
    n_leaves = len(leaves)
    values = list(leaves) + [NAN] * len(nodes)
    coverage = [NAN] * len(nodes)
    renorm: list[list[float]] = []
    shares: list[list[float]] = []
    for j, node in enumerate(nodes):
        kids = node.children
        total = sum(node.weights)
        present_weight = 0.0
        covered = 0.0
        for c, w in zip(kids, node.weights, strict=True):
            present = not isnan(values[c])
            if present:
                present_weight += w
            if c < n_leaves:
                covered += w if present else 0.0
            else:
                covered += w * coverage[c - n_leaves]
        coverage[j] = covered / total if total > 0 else 0.0
        if present_weight <= 0:
            renorm.append([NAN] * len(kids))
            shares.append([NAN] * len(kids))
            continue
        wt = [w / present_weight if not isnan(values[c]) else NAN
              for c, w in zip(kids, node.weights, strict=True)]
        if node.method == 0:
            score = 0.0
            for c, w in zip(kids, wt, strict=True):
                if not isnan(w):
                    score += w * values[c]
            sh = [NAN if isnan(w) else (w * values[c] / score if score != 0 else w)
                  for c, w in zip(kids, wt, strict=True)]
        else:
            logs = []
            for c, w in zip(kids, wt, strict=True):
                if isnan(w):
                    logs.append(NAN)
                    continue
                v = values[c]
                if isnan(node.floor):
                    if v <= 0:
                        raise OracleGeometricZero(j)
                else:
                    v = max(v, node.floor)
                logs.append(math.log(v))
            log_score = 0.0
            for w, lv in zip(wt, logs, strict=True):
                if not isnan(w):
                    log_score += w * lv
            score = math.exp(log_score)
            sh = [NAN if isnan(w) else (w * lv / log_score if log_score != 0 else w)
                  for w, lv in zip(wt, logs, strict=True)]
        values[n_leaves + j] = score
        renorm.append(wt)
        shares.append(sh)

    coop = values[n_leaves + cooperation]
    fric = values[n_leaves + friction] if friction >= 0 else NAN
    net = coop - fric if friction >= 0 else coop

    contribution = [NAN] * len(values)
    if not isnan(net):
        contribution[n_leaves + cooperation] = coop
        if friction >= 0:
            contribution[n_leaves + friction] = -fric
    for j in range(len(nodes) - 1, -1, -1):  # parents come after their children
        c_node = contribution[n_leaves + j]
        for c, s in zip(nodes[j].children, shares[j], strict=True):
            contribution[c] = c_node * s  # NaN propagates for missing children
    return PeriodOutcome(values, coverage, renorm, contribution, coop, fric, net)


def evaluate(leaves: list[list[float]], tree) -> list[PeriodOutcome]:
    """Evaluate every period of a (periods x leaves) table on a core ``Tree``."""
    nodes = nodes_of(tree)
    return [evaluate_period(list(row), nodes, tree.cooperation, tree.friction)
            for row in leaves]


def index(raw, transforms, methods, p1, p2, sign, tree) -> list[PeriodOutcome]:
    """Compute the whole index from raw leaf values: transform, normalise, aggregate."""
    rows = [[float(v) for v in row] for row in raw]
    norm = normalise(rows, [int(t) for t in transforms], [int(m) for m in methods],
                     [float(x) for x in p1], [float(x) for x in p2], [float(s) for s in sign])
    return evaluate(norm, tree)
