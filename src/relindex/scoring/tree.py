"""The index tree: dimensions laid out bottom-up as nodes, then the sides or the index.

Node ``j`` occupies value-table slot ``n_leaves + j``; leaves (the scored indicators)
occupy slots ``0..n_leaves-1`` in the order the catalogue's dimensions are walked.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .._core.aggregate import AGGREGATIONS, Tree
from ..models import Dimension, IndexSpec

__all__ = ["Layout", "Node", "has_friction", "lay_out_tree", "leaves_under", "sides",
           "slot_in_parent", "top_nodes"]


@dataclass(kw_only=True)
class Node:
    """A node of the index tree as laid out for the core."""

    id: str
    name: str
    polarity: str
    aggregation: str
    key: str
    """Where the node is declared in the catalogue (``dimensions.trade``, ``index.friction``)."""
    children: list[int]
    """Leaf slots of its indicators."""
    weights: list[float]
    """Nominal weights: its indicators', then its sub-dimensions'."""
    sub: list[int]
    """Node indices of its sub-dimensions (or of the dimensions under a side)."""
    dim: Dimension | None = None
    floor: float | None = None
    min_coverage: float | None = None
    missing: str = "renormalise"


@dataclass(frozen=True, kw_only=True)
class Layout:
    """The catalogue's tree laid out for the core."""

    leaf_ids: tuple[str, ...]
    """Scored indicator ids, in slot order."""
    nodes: tuple[Node, ...]
    """Dimensions bottom-up, then the two sides (or the composite index)."""
    tree: Tree
    notes: tuple[str, ...]
    """Weights normalised to 1, a catalogue with no friction dimension."""


def _walk(dims: Mapping[str, Dimension], prefix: str, polarity: str | None,
          nodes: list[Node], leaf_ids: list[str]) -> list[int]:
    """Lay dimensions out bottom-up; return the node indices of `dims`.

    Appends to `nodes` and `leaf_ids`, both local to `lay_out_tree`.
    """
    out = []
    for did, dim in dims.items():
        pol = polarity or dim.polarity or "cooperation"
        key = f"{prefix}.{did}"
        sub = _walk(dim.dimensions, f"{key}.dimensions", pol, nodes, leaf_ids)
        children, weights = [], []
        for iid, ind in dim.indicators.items():
            children.append(len(leaf_ids))
            leaf_ids.append(iid)
            weights.append(ind.weight)
        weights += [nodes[s].dim.weight for s in sub]  # type: ignore[union-attr]
        nodes.append(Node(id=did, name=dim.name, polarity=pol, aggregation=dim.aggregation,
                          key=key, children=children, weights=weights, sub=sub, dim=dim,
                          floor=dim.floor, min_coverage=dim.min_coverage, missing=dim.missing))
        out.append(len(nodes) - 1)
    return out


def _top(index: IndexSpec, nodes: list[Node], top: list[int]) -> list[Node]:
    """The top of the tree: the composite index, or each side that has dimensions."""
    if index.kind == "composite":
        weights = [nodes[j].dim.weight for j in top]  # type: ignore[union-attr]
        return [Node(id="index", name="Index", polarity="index", aggregation=index.aggregation,
                     key="index", children=[], weights=weights, sub=top, floor=index.floor,
                     min_coverage=index.min_coverage, missing=index.missing)]
    out = []
    for side in ("cooperation", "friction"):
        members = [j for j in top if nodes[j].polarity == side]
        if members:
            spec = getattr(index, side)
            weights = [nodes[j].dim.weight for j in members]  # type: ignore[union-attr]
            out.append(Node(id=side, name=side.capitalize(), polarity=side,
                            aggregation=spec.aggregation, key=f"index.{side}", children=[],
                            weights=weights, sub=members, floor=spec.floor,
                            min_coverage=spec.min_coverage, missing=spec.missing))
    return out


def _balance(index: IndexSpec, has_friction: bool, notes: list[str]) -> tuple[float, float]:
    """The sides' multipliers (adding up to 2) from their declared weights, with a note."""
    w_c, w_f = index.cooperation.weight, index.friction.weight
    if not has_friction or w_c == w_f:
        return (1.0, 1.0)
    b_c, b_f = 2 * w_c / (w_c + w_f), 2 * w_f / (w_c + w_f)
    notes.append(f"the sides are weighted (index.cooperation.weight = {w_c:g}, "
                 f"index.friction.weight = {w_f:g}): net index = {b_c:.3g} x cooperation - "
                 f"{b_f:.3g} x friction, in [{-b_f:.3g}, {b_c:.3g}]")
    return (b_c, b_f)


def lay_out_tree(dimensions: Mapping[str, Dimension], index: IndexSpec) -> Layout:
    """Walk the catalogue's dimensions once and lay the whole tree out for the core."""
    nodes: list[Node] = []
    leaf_ids: list[str] = []
    top = _walk(dimensions, "dimensions", None, nodes, leaf_ids)
    has_friction = index.kind != "composite" and any(nodes[j].polarity == "friction"
                                                     for j in top)
    nodes += _top(index, nodes, top)
    n_leaves = len(leaf_ids)
    notes = []
    for node in nodes:
        with np.errstate(over="ignore"):
            total = float(np.sum(node.weights))
        if not math.isclose(total, 1.0):
            notes.append(f"weights of {node.key}'s children add up to {total:g}; "
                         "normalised to 1")
    if index.kind != "composite" and not has_friction:
        notes.append("the catalogue declares no friction dimension: a plain composite index "
                     "(friction reported as absent)")
    n_nodes = len(nodes)
    tree = Tree(
        n_leaves,
        tuple(np.array(n.children + [n_leaves + s for s in n.sub], dtype=int) for n in nodes),
        tuple(np.array(n.weights, dtype=float) for n in nodes),
        np.array([AGGREGATIONS[n.aggregation] for n in nodes], dtype=int),
        np.array([np.nan if n.floor is None else n.floor for n in nodes], dtype=float),
        n_nodes - (2 if has_friction else 1), n_nodes - 1 if has_friction else -1,
        np.array([np.nan if n.min_coverage is None else n.min_coverage for n in nodes],
                 dtype=float),
        np.array([n.missing == "propagate" for n in nodes], dtype=bool),
        _balance(index, has_friction, notes))
    return Layout(leaf_ids=tuple(leaf_ids), nodes=tuple(nodes), tree=tree, notes=tuple(notes))


# --------------------------------------------------------------------------- vocabulary
# The words every caller uses for the tree, so none re-derives them from its fields.


def sides(tree: Tree) -> dict[str, int]:
    """Node index of each side, by name.

    ``cooperation`` (the composite index of a composite catalogue) and, where the
    catalogue has friction dimensions, ``friction``.
    """
    out = {"cooperation": tree.cooperation}
    if tree.friction >= 0:
        out["friction"] = tree.friction
    return out


def has_friction(tree: Tree) -> bool:
    """Whether the tree has a friction side."""
    return tree.friction >= 0


def top_nodes(tree: Tree) -> list[int]:
    """Node indices of the top-level dimensions (children of the sides or the index)."""
    L = tree.n_leaves
    tops = {L + j for j in sides(tree).values()}
    return [j for j in range(tree.n_nodes) if tree.parent[L + j] in tops]


def slot_in_parent(tree: Tree, slot: int) -> tuple[int, int]:
    """(parent node index, position among its children) of the child at value slot `slot`.

    A leaf's slot is its column; node ``j``'s slot is ``n_leaves + j``. The weight of the
    child is ``tree.weights[parent][position]``.
    """
    return int(tree.parent[slot]) - tree.n_leaves, int(tree.position[slot])


def leaves_under(tree: Tree, j: int) -> list[int]:
    """Leaf slots (columns) under node `j`, at any depth, in slot order."""
    L = tree.n_leaves
    out: list[int] = []
    todo = [int(c) for c in tree.children[j]]
    while todo:
        c = todo.pop()
        if c < L:
            out.append(c)
        else:
            todo.extend(int(k) for k in tree.children[c - L])
    return sorted(out)
