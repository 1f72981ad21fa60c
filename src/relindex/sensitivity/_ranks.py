"""Ranks over the samples: of entities by their index, of dimensions by their contribution."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..result import Result, as_number

Array = NDArray[np.float64]


def sample_ranks(net: Array) -> NDArray[np.int_]:
    """Competition ranks across entities for each sample, `net` of shape (m, E).

    1 is the highest; ties share the best rank; 0 where the index is missing.

    Examples
    --------
    >>> import numpy as np
    >>> sample_ranks(np.array([[0.1, 0.5, 0.5, np.nan]])).tolist()
    [[3, 1, 1, 0]]
    """
    net = np.asarray(net, dtype=float)
    key = np.where(np.isnan(net), np.inf, -net)
    order = np.argsort(key, axis=1, kind="stable")
    srt = np.take_along_axis(key, order, axis=1)
    E = net.shape[1]
    pos = np.broadcast_to(np.arange(E), srt.shape)
    new = np.ones(srt.shape, dtype=bool)
    new[:, 1:] = srt[:, 1:] != srt[:, :-1]
    start = np.maximum.accumulate(np.where(new, pos, 0), axis=1) + 1
    ranks = np.empty_like(start)
    np.put_along_axis(ranks, order, start, axis=1)
    return np.where(np.isnan(net), 0, ranks)


def entity_ranks(net: Array, entities: list[str], year: int,
                 nominal_ranks: NDArray[np.int_]) -> list[dict[str, Any]]:
    """Each entity's nominal rank and the median and 5-95% interval of its sampled ranks.

    ``net`` is the headline period's net index of every sample, shape (m, E).
    """
    r = sample_ranks(net).astype(float)
    r[r == 0] = np.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an entity never ranked
        q = np.nanpercentile(r, [50, 5, 95], axis=0)
    return [{"entity": entities[ei], "period": year,
             "nominal_rank": int(nominal_ranks[ei]) or None,
             "median_rank": as_number(q[0, ei]), "p05": as_number(q[1, ei]),
             "p95": as_number(q[2, ei]),
             "share_unranked": float(np.isnan(r[:, ei]).mean())}
            for ei in range(len(entities))]


def dimension_stability(contrib: Array, point: Result, year: int,
                        dimensions: list[str]) -> tuple[dict[str, Any], ...]:
    """How often each top dimension holds each rank by absolute contribution.

    ``contrib`` has shape (m, D), one column per id in ``dimensions``; the nominal rank
    comes from the point result's ``year``.
    """
    from .._core.summary import rank_stability

    rs = rank_stability(np.nan_to_num(contrib, nan=0.0))
    nominal = point.period(year).dimensions
    order = np.argsort([-abs(d.contribution or 0.0) for d in nominal], kind="stable")
    nominal_rank = {nominal[i].id: r for r, i in enumerate(order)}
    return tuple(
        {"dimension": dim, "nominal_rank": nominal_rank.get(dim),
         "modal_rank": int(rs.modal_rank[i]), "modal_frequency": float(rs.modal_frequency[i]),
         "frequency": [float(v) for v in rs.frequency[i]]}
        for i, dim in enumerate(dimensions))
