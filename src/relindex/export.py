r"""Export the index for the documentation site's re-weighting panel.

The Results page of the site lets a reader move the weight of each top-level
dimension and watch the headline net index change. The page computes in
JavaScript from the payload of `reweight_payload`, and its arithmetic
mirrors the library's (``relindex._core.aggregate.evaluate``) at the top of the
tree, where only the dimension weights change and the dimension scores stay:

* each side (cooperation, friction) renormalises the weights over its
  dimensions present in the period, :math:`\tilde w_d = w_d / \sum_{e \in
  \text{present}} w_e`;
* arithmetic side: :math:`S = \sum_d \tilde w_d x_d`; geometric side:
  :math:`S = \prod_d \max(x_d, f)^{\tilde w_d}` with the declared floor :math:`f`;
* net index :math:`= C - F` (just :math:`C` when the catalogue has no friction side);
* contribution of a dimension: arithmetic :math:`\pm \tilde w_d x_d`, geometric
  :math:`\pm S\, \tilde w_d \ln \max(x_d, f) / \ln S` (:math:`\pm S \tilde w_d`
  when :math:`\ln S = 0`), negative on the friction side.

`score_with_weights` computes the same number through the library's real
core (`relindex.Model.evaluate` with a ``weights`` override), so that a
test can hold the page to it.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from .dataset import Dataset
from .errors import RelindexError
from .result import as_number
from .scoring import Model, build_model, score
from .scoring.tree import sides

__all__ = [
    "dimension_weights",
    "reweight_payload",
    "score_with_weights",
    "to_json",
    "write_reweight_payload",
]

_SIDES = ("cooperation", "friction")


def _model(data: Model | Dataset | str | Path | None) -> Model:
    if isinstance(data, Model):
        return data
    if data is not None and not isinstance(data, Dataset | str | Path):
        raise TypeError(
            f"expected a Model, a Dataset, a catalogue path or None, not {type(data).__name__} "
            "(a Result does not carry the catalogue's side rules: pass "
            "relindex.build_model(dataset) instead)"
        )
    from .dataset import load

    ds = data if isinstance(data, Dataset) else load(data)
    return build_model(ds)


def _side_nodes(model: Model) -> dict[str, int]:
    return sides(model.tree)


def _top_dimensions(model: Model) -> list[tuple[str, int, int, int]]:
    """(side, side node, position among the side's children, dimension node) per top dimension."""
    L = model.n_leaves
    out = []
    for side, j in _side_nodes(model).items():
        for pos, slot in enumerate(model.tree.children[j]):
            out.append((side, j, pos, int(slot) - L))
    return out


def dimension_weights(model: Model) -> dict[str, float]:
    """Return the declared weights of the top-level dimensions, by dimension id.

    Parameters
    ----------
    model : Model

    Returns
    -------
    dict of str to float
        As written in the catalogue (not normalised), in catalogue order within
        each side, cooperation first.
    """
    return {model.nodes[d].id: float(model.tree.weights[j][pos])
            for _, j, pos, d in _top_dimensions(model)}


def _leaves_under(model: Model, node: int) -> list[int]:
    L = model.n_leaves
    out: list[int] = []
    for slot in model.tree.children[node]:
        if slot < L:
            out.append(int(slot))
        else:
            out.extend(_leaves_under(model, int(slot) - L))
    return out


def _entity(model: Model, entity: str | None) -> int:
    """Index of the entity asked for (the only one when there is one)."""
    if entity is None:
        if len(model.entities) == 1:
            return 0
        raise RelindexError("needs an entity: the catalogue has several", key="entity",
                            fix="pass entity= one of " + ", ".join(model.entities[:12]))
    if entity not in model.entities:
        raise RelindexError("is not an entity of the catalogue", key="entity", value=entity,
                            fix="use one of " + ", ".join(model.entities[:12]))
    return model.entities.index(entity)


def reweight_payload(model: Model | Dataset | str | Path | None = None,
                     entity: str | None = None) -> dict[str, Any]:
    """Return the data the site's re-weighting panel computes from, as plain JSON data.

    Parameters
    ----------
    model : Model, Dataset, str or Path, optional
        A prepared model (`relindex.build_model`), a loaded dataset, or a
        catalogue path. Default: the shipped Russia-China catalogue.
    entity : str, optional
        The entity, where the catalogue has several.

    Returns
    -------
    dict
        ``periods`` (years, oldest first) and ``headline_period``; ``sides``:
        for ``cooperation`` and, when declared, ``friction``, the aggregation,
        the floor (``None`` if none) and the ids of its dimensions; ``dimensions``:
        per top-level dimension its id, name, side, declared ``weight``,
        ``nominal_weight`` (normalised over its side), ``scores`` per period and
        its ``indicators`` (every leaf below it, with declared weight and
        normalised ``values`` per period); and the library's own ``index``,
        ``cooperation`` and ``friction`` per period at the declared weights.
        Missing values are ``None``.

    Examples
    --------
    >>> from relindex.export import reweight_payload
    >>> payload = reweight_payload("tests/fixtures/mini")
    >>> [d["id"] for d in payload["dimensions"]]
    ['trade', 'military', 'friction']
    >>> payload["sides"]["cooperation"]["aggregation"]
    'arithmetic'
    """
    model = _model(model)
    e = _entity(model, entity)
    result = score(model).entity(model.entities[e])
    ev_all = model.evaluate()
    values, net = ev_all.values[e], ev_all.net[e]
    coop, fric = ev_all.cooperation[e], ev_all.friction[e]
    L = model.n_leaves
    inds = model.dataset.indicators
    norm = values[..., :L]
    sides: dict[str, Any] = {}
    for side, j in _side_nodes(model).items():
        node = model.nodes[j]
        sides[side] = {
            "aggregation": node.aggregation,
            "floor": node.floor,
            "dimensions": [model.nodes[int(s) - L].id for s in model.tree.children[j]],
        }
    dims = []
    for side, j, pos, d in _top_dimensions(model):
        node = model.nodes[d]
        w = model.tree.weights[j]
        leaves = []
        for c in _leaves_under(model, d):
            cid = model.columns[c]
            leaves.append({
                "id": cid,
                "name": inds[cid].name,
                "dimension": model.dataset.dimension_of(cid),
                "weight": float(inds[cid].weight),
                "values": [as_number(v) for v in norm[:, c]],
            })
        dims.append({
            "id": node.id,
            "name": node.name,
            "side": side,
            "aggregation": node.aggregation,
            "weight": float(w[pos]),
            "nominal_weight": float(w[pos] / w.sum()),
            "scores": [as_number(v) for v in values[:, L + d]],
            "indicators": leaves,
        })
    return {
        "catalogue": result.catalogue,
        "name": result.name,
        "version": result.version,
        "digest": result.digest,
        "periods": list(model.periods),
        "headline_period": result.headline_period,
        "sides": sides,
        "balance": list(model.tree.balance),
        "dimensions": dims,
        "entity": model.entities[e],
        "index": [as_number(v) for v in net],
        "cooperation": [as_number(v) for v in coop],
        "friction": [as_number(v) for v in fric] if "friction" in sides else None,
    }


def to_json(payload: dict[str, Any], *, for_html: bool = False) -> str:
    r"""Serialise a payload as JSON (NaN is already ``None`` in payloads).

    Parameters
    ----------
    payload : dict
    for_html : bool, default False
        Escape ``<``, ``>`` and ``&`` as ``\\u003c`` etc., so that the JSON can sit
        inside an HTML ``<script>`` element without ending it.
    """
    text = json.dumps(payload, ensure_ascii=False, indent=None if for_html else 2,
                      allow_nan=False)
    if for_html:
        text = (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    return text


def write_reweight_payload(path: str | Path,
                           model: Model | Dataset | str | Path | None = None) -> Path:
    """Write `reweight_payload` as a JSON file (atomically); return the path."""
    from .files import atomic_write

    out = Path(path)
    atomic_write(out, to_json(reweight_payload(model)) + "\n")
    return out


def score_with_weights(
    model: Model | Dataset | str | Path | None,
    dimension_weights: dict[str, float],
    *,
    period: int | None = None,
    entity: str | None = None,
) -> float:
    """Compute the net index with re-weighted top-level dimensions, through the core.

    Parameters
    ----------
    model : Model, Dataset, str or Path or None
        As for `reweight_payload`.
    dimension_weights : dict of str to float
        New (unnormalised) weights of top-level dimensions, by id; dimensions
        not named keep their declared weight. Each side renormalises its weights
        over the dimensions present in the period.
    period : int, optional
        The year; default the headline period (of the declared weights).
    entity : str, optional
        The entity, where the catalogue has several.

    Returns
    -------
    float
        The net index (NaN when a side has no dimension present, or all the
        present ones weigh zero).

    Raises
    ------
    RelindexError
        For an unknown dimension id, a weight that is not a finite number >= 0,
        or a period that is not scored.

    Examples
    --------
    >>> from relindex.export import score_with_weights
    >>> round(score_with_weights("tests/fixtures/mini", {"trade": 1, "military": 1}), 4)
    0.3754
    """
    model = _model(model)
    e = _entity(model, entity)
    tops = _top_dimensions(model)
    known = {model.nodes[d].id: (j, pos) for _, j, pos, d in tops}
    weights = [np.array(w, dtype=float) for w in model.tree.weights]
    for did, w in dimension_weights.items():
        if did not in known:
            raise RelindexError(
                "is not a top-level dimension", key="dimension_weights", value=did,
                fix=f"use one of {', '.join(known)}",
            )
        try:
            wf = float(w)
        except (TypeError, ValueError):
            wf = math.nan
        if not (math.isfinite(wf) and wf >= 0):
            raise RelindexError(
                "must be a finite number >= 0", key=f"dimension_weights[{did!r}]", value=w,
                fix="pass a non-negative weight",
            )
        j, pos = known[did]
        weights[j][pos] = wf
    if period is None:
        year = score(model).entity(model.entities[e]).headline_period
        if year is None:
            raise RelindexError("has no headline period", key="period",
                                fix="pass period=YEAR")
    else:
        year = period
    if year not in model.periods:
        raise RelindexError(
            f"is not a scored period (scored: {model.periods[0]}-{model.periods[-1]})",
            key="period", value=year, fix="choose a year in that span",
        )
    ev = model.evaluate(weights=weights)
    return float(ev.net[e, model.periods.index(year)])
