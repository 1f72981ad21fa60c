"""Results: the long table of every entity and period, and the breakdown built on demand."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from .._core.aggregate import Evaluation
from .._core.panel import competition_ranks
from .._core.transform import apply_transform
from .._core.weights import shares
from .._version import __version__
from ..dataset import Dataset, load
from ..result import DimensionResult, IndicatorResult, PeriodResult, Result, ScoreTable, as_number
from .cells import CARRIED
from .model import Model, build_model
from .tree import has_friction, slot_in_parent

__all__ = ["FLAGS", "score"]

FLAGS = ("below_coverage", "carried", "no_index", "no_friction_evidence",
         "no_cooperation_evidence")
"""Flag codes of a period, in bit order."""


class _Builder:
    """Builds the result objects of one (entity, period) on demand from the arrays."""

    def __init__(self, model: Model, ev: Evaluation, table: dict[str, Any]) -> None:
        self.model, self.ev, self.table = model, ev, table
        self.tops = model.top_nodes()
        self.transformed = apply_transform(model.raw[..., :model.n_leaves], model.transform)
        self.nominal = {j: shares(np.array(n.weights, dtype=float))
                        for j, n in enumerate(model.nodes)}

    def indicators(self, j: int, e: int, p: int) -> tuple[IndicatorResult, ...]:
        """The indicators of node `j` for one entity and period."""
        model, ev = self.model, self.ev
        inds = model.dataset.indicators
        w_now = ev.weights[j][e, p]
        nominal = self.nominal[j]
        out = []
        for k, c in enumerate(model.nodes[j].children):
            cid = model.columns[c]
            ind = inds[cid]
            s = int(model.source[e, p, c])
            st = model.cell_status(e, p, c)
            out.append(IndicatorResult(
                id=cid, name=ind.name, unit=ind.unit, polarity=ind.polarity,
                raw=as_number(model.raw[e, p, c]), transformed=as_number(self.transformed[e, p, c]),
                normalized=as_number(ev.values[e, p, c]),
                weight=as_number(w_now[k]), nominal_weight=float(nominal[k]),
                contribution=as_number(ev.contribution[e, p, c]),
                carried=st == "carried",
                carried_from=model.periods[s] if st == "carried" else None,
                status=st, evidence=model.evidence_of(e, p, c),
                n_observations=int(model.n_obs[e, p, c]),
            ))
        return tuple(out)

    def dimension(self, j: int, e: int, p: int) -> DimensionResult:
        """Dimension node `j` for one entity and period, with everything under it."""
        model, ev = self.model, self.ev
        node = model.nodes[j]
        L = model.n_leaves
        out_inds = self.indicators(j, e, p)
        subs = tuple(self.dimension(s, e, p) for s in node.sub)
        pj, pos = slot_in_parent(model.tree, L + j)
        return DimensionResult(
            id=node.id, name=node.name,
            polarity="index" if model.kind == "composite" else node.polarity,
            aggregation=node.aggregation,
            score=as_number(ev.values[e, p, L + j]), weight=as_number(ev.weights[pj][e, p, pos]),
            nominal_weight=float(self.nominal[pj][pos]),
            coverage=float(ev.coverage[e, p, j]),
            contribution=as_number(ev.contribution[e, p, L + j]),
            indicators=out_inds, dimensions=subs,
        )

    def period(self, e: int, p: int) -> PeriodResult:
        """One entity's result for one period."""
        model, t = self.model, self.table
        P = len(model.periods)
        n = e * P + p
        if model.kind == "composite":
            cov = {"index": float(t["coverage"][n])}
        else:
            cov = {"cooperation": float(t["coverage_cooperation"][n])}
            if has_friction(model.tree):
                cov["friction"] = float(t["coverage_friction"][n])
        dims = tuple(self.dimension(j, e, p) for j in self.tops)
        flags = str(t["flags"][n])
        codes = tuple(flags.split(";")) if flags else ()
        rank = int(t["rank"][n])
        composite = model.kind == "composite"
        interval = None
        if not composite and not math.isnan(float(t["interval_low"][n])):
            interval = (float(t["interval_low"][n]), float(t["interval_high"][n]))
        return PeriodResult(
            int(t["period"][n]), as_number(t["index"][n]),
            None if composite else as_number(t["cooperation"][n]),
            None if composite else as_number(t["friction"][n]), cov, dims,
            headline=bool(t["headline"][n]),
            entity=str(t["entity"][n]) if len(model.entities) > 1 else None,
            rank=rank if rank > 0 and len(model.entities) > 1 else None,
            flags=codes, interval=interval,
            flag_messages=tuple(self.message(code, e, p, cov, interval) for code in codes))

    def message(self, code: str, e: int, p: int, cov: dict[str, float],
                interval: tuple[float, float] | None) -> str:
        """What a flag means for this period, in words."""
        model = self.model
        threshold = model.dataset.catalogue.index.headline_min_coverage
        span = "" if interval is None else f" [{interval[0]:+.3f}, {interval[1]:+.3f}]"
        if code == "below_coverage":
            low = ", ".join(f"{k} {v:.2f}" for k, v in cov.items() if v < threshold)
            return (f"coverage below the headline threshold {threshold:g} ({low}): never the "
                    "headline; read with care")
        if code == "carried":
            L = model.n_leaves
            carried = [f"{model.columns[c]} from {model.periods[int(model.source[e, p, c])]}"
                       for c in range(L) if model.status[e, p, c] == CARRIED]
            return "carried from an earlier period: " + ", ".join(carried)
        if code == "no_friction_evidence":
            return ("no friction evidence in the sources: the net index lies in"
                    f"{span}, over the friction side's range 0-1")
        if code == "no_cooperation_evidence":
            return ("no cooperation evidence in the sources: the net index lies in"
                    f"{span}, over the cooperation side's range 0-1")
        return "no index: a side or a required dimension is missing"


def _flags(model: Model, ev: Evaluation, low_cov: Any) -> tuple[Any, Any, Any]:
    """Flag text of every entity and period, and the interval of a net index missing a side."""
    L = model.n_leaves
    composite = model.kind == "composite"
    has_f = has_friction(model.tree)
    carried = (model.status[..., :L] == CARRIED).any(axis=-1)
    coop, fric, net = ev.cooperation, ev.friction, ev.net
    no_c = np.isnan(coop) & ~composite
    no_f = np.isnan(fric) & has_f
    code = (low_cov.astype(int) + 2 * carried + 4 * (np.isnan(net) & ~no_f & ~no_c)
            + 8 * no_f + 16 * no_c)
    flag_codes = np.array([";".join(name for bit, name in enumerate(FLAGS) if k >> bit & 1)
                           for k in range(1 << len(FLAGS))], dtype=object)
    # a side without evidence: the net index lies anywhere its range allows
    b_c, b_f = model.tree.balance
    c, f = b_c * coop, b_f * fric
    i_lo = np.where(no_f & ~no_c, c - b_f, np.where(no_c & ~no_f, -f,
                                                     np.where(no_c & no_f, -b_f, np.nan)))
    i_hi = np.where(no_f & ~no_c, c, np.where(no_c & ~no_f, b_c - f,
                                               np.where(no_c & no_f, b_c, np.nan)))
    return flag_codes[code], i_lo, i_hi


def _table(model: Model, ev: Evaluation) -> dict[str, Any]:
    """The long table of every entity and period, as columns."""
    E, P = len(model.entities), len(model.periods)
    L = model.n_leaves
    tree = model.tree
    min_cov = model.dataset.catalogue.index.headline_min_coverage
    composite = model.kind == "composite"
    cov_c = ev.coverage[..., tree.cooperation]
    has_f = has_friction(tree)
    cov_f = ev.coverage[..., tree.friction] if has_f else np.full((E, P), np.nan)
    coverage = np.fmin(cov_c, cov_f) if has_f else cov_c
    net = ev.net
    low_cov = (cov_c < min_cov) | (has_f & (cov_f < min_cov))
    headline = ~np.isnan(net) & ~low_cov
    # each entity's headline: its latest qualifying period
    last = np.where(headline, np.arange(P), -1).max(axis=1)
    is_head = np.zeros((E, P), dtype=bool)
    have = last >= 0
    is_head[np.flatnonzero(have), last[have]] = True
    flags, i_lo, i_hi = _flags(model, ev, low_cov)
    cols: dict[str, Any] = {
        "entity": np.repeat(np.array(model.entities, dtype=object), P),
        "period": np.tile(np.array(model.periods), E),
        "index": net.ravel(),
        "cooperation": (np.full(E * P, np.nan) if composite else ev.cooperation.ravel()),
        "friction": ev.friction.ravel(),
        "coverage": coverage.ravel(),
        "coverage_cooperation": cov_c.ravel(),
        "coverage_friction": cov_f.ravel(),
        "rank": competition_ranks(net).ravel(),
        "headline": is_head.ravel(),
        "flags": flags.ravel(),
        "interval_low": i_lo.ravel(),
        "interval_high": i_hi.ravel(),
    }
    if composite:
        for k in ("cooperation", "friction", "coverage_cooperation", "coverage_friction",
                  "interval_low", "interval_high"):
            del cols[k]
    for j, node in enumerate(model.nodes):
        if node.dim is None:
            continue
        cols[f"{node.id}.score"] = ev.values[..., L + j].ravel()
        cols[f"{node.id}.contribution"] = ev.contribution[..., L + j].ravel()
    return cols


def score(
    data: Dataset | Model | str | Path | None = None,
) -> Result:
    """Score a dataset: every entity and period, the headlines and the full breakdown.

    Parameters
    ----------
    data : Dataset, Model, str or Path, optional
        A loaded dataset (from `relindex.load`), a prepared model, or the
        path of a catalogue. Default: the shipped Russia-China catalogue.

    Returns
    -------
    Result

    Notes
    -----
    The model is not modified: the notes of the result are a copy.

    Examples
    --------
    >>> import relindex
    >>> result = relindex.score()
    >>> head = result.headline
    >>> -1 <= head.index <= 1
    True
    >>> total = sum(i.contribution or 0 for d in head.dimensions for i in d.indicators)
    >>> abs(total - head.index) < 1e-12
    True
    """
    if isinstance(data, Model):
        model = data
    else:
        ds = data if isinstance(data, Dataset) else load(data)
        model = build_model(ds)
    ds = model.dataset
    cat = ds.catalogue
    ev = model.evaluate()
    cols = _table(model, ev)
    notes = list(model.notes)
    if not cols["headline"].any():
        from ..drafts import drafts_advice

        drafts = drafts_advice(ds.drafts)
        fix = ("review the drafts, see below" if drafts else "add evidence, or lower "
               "index.headline_min_coverage")
        notes.append(
            f"no period has a net index with coverage >= {cat.index.headline_min_coverage} "
            f"on each side: no headline ({fix})")
        if drafts:
            notes.append(drafts)
    builder = _Builder(model, ev, cols)
    return Result(
        catalogue=cat.catalogue.id, name=cat.catalogue.name, version=__version__,
        digest=ds.digest, kind=model.kind, entities=tuple(model.entities),
        years=tuple(model.periods), excluded=tuple(model.excluded), facts=tuple(model.facts),
        conflicts=tuple(model.conflicts), notes=tuple(notes),
        severity_scale=cat.catalogue.severity_scale,
        entity_names={e: s.name for e, s in ds.entities.items()},
        reweighted=dict(model.reweighted),
        _table=ScoreTable(cols), _build=builder.period,
        _rows=tuple(range(len(model.entities))),
    )
