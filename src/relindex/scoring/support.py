"""What supports each value: the cells that count toward coverage, the sources of a side.

Coverage is the share of a side's weight that rests on evidence *in that period*:

* a value carried from an earlier period fills its cell but does not count;
* an event estimate counts only where its events were coded from at least
  ``index.event_min_sources`` sources (an estimate with no events of its own never
  counts);
* observed numbers, measured zeros and values derived from observed series count.

A period is eligible as a headline only when each side rests on at least
``index.headline_min_sources`` distinct sources (`side_sources`).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .cells import DERIVED, OBSERVED, ZERO, Cells
from .context import Axes, Context
from .events import EventEvidence, SourcePairs, distinct_per
from .observations import Observations
from .tree import Node

__all__ = ["counted", "side_sources"]


def counted(ctx: Context, axes: Axes, cells: Cells, events: EventEvidence) -> NDArray[np.bool_]:
    """Which leaf cells count toward coverage, shape (n_entities, n_periods, n_leaves)."""
    L = axes.n_leaves
    status = cells.status[..., :L]
    ok = (status == OBSERVED) | (status == ZERO) | (status == DERIVED)  # no sort, no copy
    floor = ctx.index.event_min_sources
    is_event = np.array([ctx.indicators[c].kind == "event" for c in axes.columns[:L]],
                        dtype=bool)
    if not is_event.any():  # no event leaf: every such cell counts, no pass over sources
        return ok
    enough = events.n_sources[..., :L] >= floor
    out: NDArray[np.bool_] = ok & (~is_event | enough)
    return out


def _column_sides(ctx: Context, axes: Axes, nodes: tuple[Node, ...]) -> NDArray[np.int_]:
    """Side of each column (0 cooperation or index, 1 friction; -1 none).

    A series counts for the side of every derived leaf made from it.
    """
    side = np.full(len(axes.columns), -1, dtype=int)
    for node in nodes:
        if node.dim is None:
            continue
        for c in node.children:
            side[c] = 1 if node.polarity == "friction" else 0
    for c in range(axes.n_leaves):
        d = ctx.indicators[axes.columns[c]].derived
        if d is not None:
            for series in d.of:
                k = axes.column[series]
                if side[k] < 0:
                    side[k] = side[c]
    return side


def _is_share(ctx: Context, cid: str) -> bool:
    ind = ctx.indicators[cid]
    return ind.kind == "event" and ind.measure == "share"


def side_sources(ctx: Context, axes: Axes, nodes: tuple[Node, ...], obs: Observations,
                 pairs: SourcePairs, count: NDArray[np.bool_], n_obs: NDArray[np.int_] | None = None
                 ) -> NDArray[np.int_]:
    """Distinct sources behind the counted cells of each side, shape (E, P, 2).

    Parameters
    ----------
    ctx, axes : Context, Axes
    nodes : tuple of Node
        The laid-out tree.
    obs : Observations
    pairs : SourcePairs
        (observation, source) pairs.
    count : bool ndarray of shape (n_entities, n_periods, n_leaves)
        The cells that count toward coverage (`counted`).
    n_obs : int ndarray of shape (n_entities, n_periods, n_columns), optional
        Observations behind each cell: with one source in all, no series and no share,
        a side rests on that source where one of its counted cells has an observation
        (found on the cells, not the observations).
    """
    E, P, _ = axes.shape
    side = _column_sides(ctx, axes, nodes)
    L = axes.n_leaves
    if (n_obs is not None and len(ctx.source_ids) == 1 and len(axes.columns) == L
            and not any(_is_share(ctx, c) for c in axes.columns)):
        has = count & (n_obs[..., :L] > 0)
        out = np.zeros((E, P, 2), dtype=int)
        every = bool(has.all())  # every leaf cell counted and observed: one pass, no gather
        for k in (0, 1):
            if (side == k).any():
                out[..., k] = True if every else has[..., side == k].any(axis=-1)
        return out
    p_obs, p_src, each = pairs
    # one pair per observation, in order (`each`): the observations' own columns
    col = obs.column if each else obs.column[p_obs]
    s = side[col]
    e, p = (obs.entity, obs.period) if each else (obs.entity[p_obs], obs.period[p_obs])
    ep = np.multiply(e, P, dtype=np.int64)  # entity-period row, int64: no overflow
    ep += p
    # a series observation counts where the derived leaf it feeds counts
    is_leaf = col < L
    if bool(is_leaf.all()):
        leaf_ok = count.reshape(-1)[ep * L + col]
    else:
        leaf_ok = np.zeros(len(p_obs), dtype=bool)
        leaf_ok[is_leaf] = count[e[is_leaf], p[is_leaf], col[is_leaf]]
    feeds = np.zeros(len(axes.columns), dtype=int) - 1
    for c in range(axes.n_leaves):
        d = ctx.indicators[axes.columns[c]].derived
        if d is not None:
            for series in d.of:
                feeds[axes.column[series]] = c
    if (feeds >= 0).any():  # no series feeds a leaf: no observation is fed
        fed = ~is_leaf & (feeds[col] >= 0)
        leaf_ok[fed] = count[e[fed], p[fed], feeds[col[fed]]]
    keep = (s >= 0) & leaf_ok
    if bool(keep.all()):  # every pair counts: no copies
        keys = [ep * 2 + s]
        srcs = [p_src]
    else:
        keys = [ep[keep] * 2 + s[keep]]
        srcs = [p_src[keep]]
    # a share rests on every coded event of its period, whatever side the event is on
    shares = [c for c in range(axes.n_leaves) if side[c] >= 0
              and ctx.indicators[axes.columns[c]].kind == "event"
              and ctx.indicators[axes.columns[c]].measure == "share"]
    is_event = ~np.isnan(obs.severity[p_obs]) if shares else None
    for c in shares:
        sel = is_event & count[e, p, c]
        keys.append(ep[sel] * 2 + side[c])
        srcs.append(p_src[sel])
    out = np.zeros((E, P, 2), dtype=int)
    key, src = ((keys[0], srcs[0]) if len(keys) == 1
                else (np.concatenate(keys), np.concatenate(srcs)))
    if not key.size:
        return out
    out.reshape(-1)[:] = distinct_per(key, src, E * P * 2, len(ctx.source_ids))
    return out
