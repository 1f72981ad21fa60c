"""Results: the long table of every entity and period, and the breakdown built on demand."""

from __future__ import annotations

import math
import warnings
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from .._core.aggregate import Evaluation, GeometricZeroError, Tree, evaluate_values
from .._core.panel import competition_ranks
from .._core.transform import apply_transform
from .._core.weights import shares
from .._version import __version__
from ..dataset import Dataset, entity_names, load
from ..errors import RelindexError
from ..leave_out import LeaveOneOut, Net, leave_one_source_out
from ..result import DimensionResult, IndicatorResult, PeriodResult, Result, ScoreTable, as_number
from ..text import flag_message
from .cells import CARRIED
from .model import Model, build_model, rescoring
from .tree import has_friction, slot_in_parent

__all__ = ["FLAGS", "score"]

FLAGS = ("below_coverage", "carried", "no_index", "no_friction_evidence",
         "no_cooperation_evidence", "few_sources", "rests_on_one_source")
"""Flag codes of a period, in bit order."""


class _Builder:
    """Builds the result objects of one (entity, period) on demand from the arrays.

    The grids only a breakdown reads (each leaf's normalised interval, its transformed
    value, the attribution down to the leaves) are computed when the first breakdown is
    asked for, not by `score`.
    """

    def __init__(self, model: Model, table: dict[str, Any],
                 loo: LeaveOneOut | None = None) -> None:
        self.model, self.table, self.loo = model, table, loo
        self.tops = model.top_nodes()
        self.nominal = {j: shares(np.array(n.weights, dtype=float))
                        for j, n in enumerate(model.nodes)}

    @cached_property
    def ev(self) -> Evaluation:
        """The evaluation attributed down to the leaves (`score` stops at the nodes)."""
        return self.model.evaluate()

    @cached_property
    def band(self) -> tuple[Any, Any]:
        """Each leaf's interval on the normalised scale (`_normalised_band`)."""
        return _normalised_band(self.model)

    @cached_property
    def transformed(self) -> Any:
        """Each leaf's transformed value."""
        return apply_transform(self.model.raw[..., :self.model.n_leaves], self.model.transform)

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
            evs = model.events
            is_event = ind.kind == "event" and evs is not None and c in evs.posteriors
            lo_n, hi_n = self.band[0][e, p, c], self.band[1][e, p, c]
            out.append(IndicatorResult(
                id=cid, name=ind.name, unit=ind.unit, polarity=ind.polarity,
                raw=(as_number(evs.observed[e, p, c]) if is_event and evs
                     else as_number(model.raw[e, p, c])),
                transformed=as_number(self.transformed[e, p, c]),
                normalized=as_number(ev.values[e, p, c]),
                weight=as_number(w_now[k]), nominal_weight=float(nominal[k]),
                contribution=as_number(ev.contribution[e, p, c]),
                carried=st == "carried",
                carried_from=model.periods[s] if st == "carried" else None,
                status=st, evidence=model.evidence_of(e, p, c),
                n_observations=int(model.n_obs[e, p, c]),
                n_events=int(evs.n_events[e, p, c]) if is_event and evs else None,
                n_kind=(int(evs.n_kind[e, p, c]) if is_event and evs and ind.measure == "share"
                        else None),
                n_sources=int(evs.n_sources[e, p, c]) if evs is not None else 0,
                estimate=as_number(model.raw[e, p, c]),
                estimate_low=as_number(model.low[e, p, c]),
                estimate_high=as_number(model.high[e, p, c]),
                interval=(None if math.isnan(lo_n) or math.isnan(hi_n)
                          else (float(lo_n), float(hi_n))),
                counted=bool(model.counted[e, p, c]) if model.counted is not None else True,
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
        sources = None
        if model.side_sources is not None:
            ss = model.side_sources[e, p]
            sources = ({"index": int(ss[0])} if composite else
                       {"cooperation": int(ss[0]),
                        **({"friction": int(ss[1])} if model.tree.friction >= 0 else {})})
        return PeriodResult(
            int(t["period"][n]), as_number(t["index"][n]),
            None if composite else as_number(t["cooperation"][n]),
            None if composite else as_number(t["friction"][n]), cov, dims,
            headline=bool(t["headline"][n]),
            entity=str(t["entity"][n]) if len(model.entities) > 1 else None,
            rank=rank if rank > 0 and len(model.entities) > 1 else None,
            flags=codes, interval=interval,
            flag_messages=tuple(self.message(code, e, p, cov, interval) for code in codes),
            sources=sources,
            leave_one_source_out=None if self.loo is None else self.loo.of(e, p))

    def message(self, code: str, e: int, p: int, cov: dict[str, float],
                interval: tuple[float, float] | None) -> str:
        """What a flag means for this period, in the words of `relindex.text.FLAG_WORDS`."""
        model = self.model
        index = model.dataset.catalogue.index
        fields: dict[str, Any] = {}
        if code == "below_coverage":
            threshold = index.headline_min_coverage
            fields = {"threshold": threshold, "low": ", ".join(
                f"{k} {v:.2f}" for k, v in cov.items() if v < threshold)}
        elif code == "carried":
            fields = {"carried": ", ".join(
                f"{model.columns[c]} from {model.periods[int(model.source[e, p, c])]}"
                for c in range(model.n_leaves) if model.status[e, p, c] == CARRIED)}
        elif code in ("no_friction_evidence", "no_cooperation_evidence"):
            low, high = (math.nan, math.nan) if interval is None else interval
            fields = {"low": low, "high": high}
        elif code == "few_sources":
            need = index.headline_min_sources
            have = model.side_sources[e, p] if model.side_sources is not None else (0, 0)
            fields = {"need": need, "sources": "source" if need == 1 else "sources"}
            if model.kind == "composite":
                fields |= {"subject": "the index", "few": f"it rests on {int(have[0])}"}
            else:
                fields |= {"subject": "a side", "few": ", ".join(
                    f"{side} {int(have[k])}" for k, side in enumerate(("cooperation", "friction"))
                    if int(have[k]) < need)}
        elif code == "rests_on_one_source":
            fields = {"who": ", ".join(self.loo.flips[e, p]) if self.loo is not None else ""}
        return flag_message(code, **fields)


def _flags(model: Model, ev: Evaluation, low_cov: Any, few: Any,
           flips: Any) -> tuple[Any, Any, Any]:
    """Flag text of every entity and period, and the interval of a net index missing a side."""
    L = model.n_leaves
    composite = model.kind == "composite"
    has_f = has_friction(model.tree)
    is_carried = model.status[..., :L] == CARRIED
    # no leaf cell carried (one pass): no reduction per entity and period
    carried = (is_carried.any(axis=-1) if is_carried.any()
               else np.zeros(is_carried.shape[:-1], dtype=bool))
    coop, fric, net = ev.cooperation, ev.friction, ev.net
    no_c = np.isnan(coop) & ~composite
    no_f = np.isnan(fric) & has_f
    code = (low_cov.astype(int) + 2 * carried + 4 * (np.isnan(net) & ~no_f & ~no_c)
            + 8 * no_f + 16 * no_c + 32 * few + 64 * flips)
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


def _few_sources(model: Model) -> Any:
    """(E, P) bool: a side whose counted evidence rests on too few distinct sources."""
    E, P = len(model.entities), len(model.periods)
    if model.side_sources is None:
        return np.zeros((E, P), dtype=bool)
    need = model.dataset.catalogue.index.headline_min_sources
    few = model.side_sources[..., 0] < need
    if model.kind != "composite" and model.tree.friction >= 0:
        few = few | (model.side_sources[..., 1] < need)
    return few


def _normalised_band(model: Model) -> tuple[Any, Any]:
    """Each leaf's interval on the normalised scale, ordered; NaN for data-based methods."""
    L = model.n_leaves
    a = model.normalised(model.low)
    b = model.normalised(model.high)
    lo, hi = np.fmin(a, b), np.fmax(a, b)
    data_based = np.isin(model.method, (1, 2, 4))
    lo[..., data_based] = np.nan
    hi[..., data_based] = np.nan
    return lo[..., :L], hi[..., :L]


def _table(model: Model, ev: Evaluation, loo: LeaveOneOut | None = None) -> dict[str, Any]:
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
    few = _few_sources(model)
    headline = ~np.isnan(net) & ~low_cov & ~few
    flips = (np.zeros((E, P), dtype=bool) if loo is None else
             np.vectorize(bool, otypes=[bool])(loo.flips))
    # each entity's headline: its latest qualifying period
    last = np.where(headline, np.arange(P), -1).max(axis=1)
    is_head = np.zeros((E, P), dtype=bool)
    have = last >= 0
    is_head[np.flatnonzero(have), last[have]] = True
    flags, i_lo, i_hi = _flags(model, ev, low_cov, few, flips)
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


_BATCH_CELLS = 1 << 22
"""Leaf cells (of all variants) above which a batch of rescored variants is evaluated."""


def _nets_of(datasets: list[Dataset]) -> list[Net | None]:
    """Entities, periods and net index of each dataset; None where nothing is left to score.

    Each dataset is built quietly, and only what its evaluation reads is kept. Consecutive
    ones laid out on the same axes (and of the same catalogue, so on the same tree) are
    evaluated together, as one batch through the core's values-only path: for each, bit
    for bit its own evaluation's net index.
    """
    out: list[Net | None] = [None] * len(datasets)
    batch: list[tuple[int, Any, Any]] = []  # (position, normalised leaves, counted)
    axes: tuple[Any, ...] = ()  # (catalogue, entities, periods, columns, tree) of the batch

    def flush() -> None:
        for k, net in zip([b[0] for b in batch], _batch_nets(batch, axes[4]), strict=True):
            out[k] = None if net is None else (axes[1], axes[2], net)
        batch.clear()

    for k, ds in enumerate(datasets):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                m = build_model(ds)
            except RelindexError:
                continue  # nothing left to score without it
        these = (ds.catalogue, m.entities, m.periods, m.columns, m.tree)
        if batch and not (these[0] is axes[0] and these[1:4] == axes[1:4]):
            flush()
        axes = these
        batch.append((k, m.normalised(), m.counted))
        del m  # the model itself is not kept while the batch fills
        if len(batch) * batch[0][1].size >= _BATCH_CELLS:
            flush()
    if batch:
        flush()
    return out


def _batch_nets(batch: list[tuple[int, Any, Any]], tree: Tree) -> list[Any]:
    """The net index of each variant of a batch (None where its evaluation is refused)."""
    leaves = np.stack([b[1] for b in batch])
    counted = None if any(b[2] is None for b in batch) else np.stack([b[2] for b in batch])
    try:
        return list(evaluate_values(leaves, tree, counted=counted).net)
    except GeometricZeroError:  # one of them meets a zero: each on its own
        nets: list[Any] = []
        for _, norm, cnt in batch:
            try:
                nets.append(evaluate_values(norm, tree, counted=cnt).net)
            except GeometricZeroError:
                nets.append(None)
        return nets


def _no_headline_note(model: Model, fix: str) -> str:
    """Why no period is the headline, in the words of the catalogue's kind of index."""
    index = model.dataset.catalogue.index
    cov, need = index.headline_min_coverage, index.headline_min_sources
    if model.kind != "composite":
        return (f"no period has a net index with coverage >= {cov} and evidence from >= "
                f"{need} sources on each side: no headline ({fix})")
    most = 0 if model.side_sources is None else int(model.side_sources[..., 0].max(initial=0))
    return (f"no period has an index with coverage >= {cov} resting on >= {need} sources "
            f"(index.headline_min_sources; the most any period rests on is {most}, a table "
            f"counting as one source): no headline ({fix})")


def _leave_one_out(model: Model, ev: Evaluation) -> LeaveOneOut | None:
    if model.kind == "composite":
        return None
    # what leaving a source out does not change is computed once: the catalogue's tree,
    # each record's triage, each fact of the same records, each estimate of the same counts
    with rescoring(model):
        return leave_one_source_out(model.dataset, model.entities, model.periods, ev.net,
                                    nets_of=_nets_of)


def score(
    data: Dataset | Model | str | Path | None = None,
    *,
    leave_one_out: bool = True,
) -> Result:
    """Score a dataset: every entity and period, the headlines and the full breakdown.

    Parameters
    ----------
    data : Dataset, Model, str or Path, optional
        A loaded dataset (from `relindex.load`), a prepared model, or the
        path of a catalogue. Default: the shipped Russia-China catalogue.
    leave_one_out : bool, default True
        Rescore without each source in turn (`relindex.leave_out`): each period's
        ``leave_one_source_out`` and the flag ``rests_on_one_source``. Skipped for a
        composite index, a single source, or more than 60 sources.

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
    ev = model.evaluate(attribute_leaves=False)  # a breakdown attributes the leaves
    loo = _leave_one_out(model, ev) if leave_one_out else None
    cols = _table(model, ev, loo)
    notes = list(model.notes)
    if not cols["headline"].any():
        from ..drafts import drafts_advice

        drafts = drafts_advice(ds.drafts)
        fix = ("review the drafts, see below" if drafts else "add evidence, or lower "
               "index.headline_min_coverage or index.headline_min_sources, with a reason")
        notes.append(_no_headline_note(model, fix))
        if drafts:
            notes.append(drafts)
    builder = _Builder(model, cols, loo)
    return Result(
        catalogue=cat.catalogue.id, name=cat.catalogue.name, version=__version__,
        digest=ds.digest, kind=model.kind, entities=tuple(model.entities),
        years=tuple(model.periods), excluded=tuple(model.excluded), facts=tuple(model.facts),
        conflicts=tuple(model.conflicts), notes=tuple(notes),
        severity_scale=cat.catalogue.severity_scale,
        entity_names=entity_names(ds.entities),
        reweighted=dict(model.reweighted),
        _table=ScoreTable(cols), _build=builder.period,
        _rows=tuple(range(len(model.entities))),
    )
