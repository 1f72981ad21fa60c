"""Score a dataset: from evidence records to the index and its breakdown.

The public layer between the loaded `relindex.dataset.Dataset` and the
numerical core. `build_model` decides, record by record, what counts
(with the reason for whatever does not), reconciles records that state the
same fact, and lays the values out as arrays; `score` runs the core on
them and wraps the outcome in a `relindex.result.Result`.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._core.aggregate import AGGREGATIONS, Evaluation, GeometricZeroError, Tree, evaluate
from ._core.combine import COMBINE, carry_forward, combine
from ._core.normalize import METHODS, degenerate_columns, normalise
from ._core.transform import TRANSFORMS, apply_transform, transform_scalar
from ._version import __version__
from .dataset import Dataset, Record, load
from .errors import RelindexWarning, ScoringError
from .models import Dimension, Indicator, Normalisation, Period
from .result import (
    DimensionResult,
    ExcludedRecord,
    FactResult,
    IndicatorResult,
    PeriodResult,
    Result,
)

__all__ = ["Model", "build_model", "normalisation_params", "score"]

_LOWER = {"over", "more than", "at least"}
_UPPER = {"nearly", "almost", "up to", "under"}


@dataclass
class Node:
    """A node of the index tree as laid out for the core."""

    id: str
    name: str
    polarity: str
    aggregation: str
    key: str
    children: list[int]
    weights: list[float]
    leaf_ids: list[str]
    sub: list[int]
    dim: Dimension | None = None


@dataclass
class Model:
    """A dataset laid out as arrays, ready for the core (and for Monte Carlo).

    Attributes
    ----------
    periods : list of int
        The scored years, oldest first.
    columns : list of str
        Indicator ids (leaves, in tree order) followed by series ids.
    n_leaves : int
        Number of scored indicators (the first columns).
    raw : ndarray of shape (n_periods, n_columns)
        Combined, carried-forward and derived raw values (NaN where missing).
    low, high : ndarray of shape (n_periods, n_columns)
        Interval of each raw value (qualifiers, reconciliation spread, relative error).
    source : int ndarray of shape (n_periods, n_columns)
        Period index each value comes from (-1 missing).
    n_obs : int ndarray of shape (n_periods, n_columns)
    evidence : dict
        (period index, column) -> ids of the records behind the cell.
    status : dict
        (period index, column) -> 'observed', 'carried', 'zero', 'derived' or 'missing'.
    tree : Tree
    nodes : list of Node
    """

    dataset: Dataset
    periods: list[int]
    columns: list[str]
    n_leaves: int
    raw: NDArray[np.float64]
    low: NDArray[np.float64]
    high: NDArray[np.float64]
    source: NDArray[np.int_]
    n_obs: NDArray[np.int_]
    evidence: dict[tuple[int, int], tuple[str, ...]]
    status: dict[tuple[int, int], str]
    tree: Tree
    nodes: list[Node]
    transform: NDArray[np.int_]
    method: NDArray[np.int_]
    p1: NDArray[np.float64]
    p2: NDArray[np.float64]
    sign: NDArray[np.float64]
    excluded: list[ExcludedRecord]
    facts: list[FactResult]
    notes: list[str] = field(default_factory=list)
    low_grade: NDArray[np.bool_] | None = None
    """(n_periods, n_leaves): cells that rest only on sources graded D-F."""
    roles: dict[str, str] = field(default_factory=dict)
    """What each counted record does: 'used', 'corroborates X', 'alternative to X (not
    used)' or 'lower bound (partial period)'; excluded records are in ``excluded``."""

    @property
    def indicators(self) -> list[Indicator]:
        """The scored indicators, in column order."""
        inds = self.dataset.indicators
        return [inds[c] for c in self.columns[: self.n_leaves]]

    def normalised(self, raw: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
        """Transform and normalise the leaf columns of `raw` (default: the model's values)."""
        x = self.raw if raw is None else raw
        leaves = x[..., : self.n_leaves]
        t = apply_transform(leaves, self.transform)
        return normalise(t, self.method, self.p1, self.p2, self.sign)

    def evaluate(self, leaves: NDArray[np.float64] | None = None, **kw: Any) -> Evaluation:
        """Run the core aggregation on normalised leaves (default: the model's own)."""
        norm = self.normalised() if leaves is None else leaves
        try:
            return evaluate(norm, self.tree, **kw)
        except GeometricZeroError as e:
            node = self.nodes[e.node]
            raise ScoringError(
                "uses a geometric mean but meets a zero score and declares no floor",
                path=self.dataset.path, key=f"{node.key}.aggregation", value=node.aggregation,
                fix=f"declare a floor (e.g. {node.key}.floor = 0.01) or use 'arithmetic'",
            ) from None


def normalisation_params(nm: Normalisation, transform: int) -> tuple[int, float, float]:
    """(method code, p1, p2) of a normalisation for the core, parameters in transformed units.

    Goalposts and a distance reference are declared in the indicator's raw unit and
    transformed here like the values.
    """
    code = METHODS[nm.method]
    if nm.method == "goalposts":
        return code, transform_scalar(nm.min, transform), transform_scalar(nm.max, transform)  # type: ignore[arg-type]
    if nm.method == "zscore":
        return code, float(nm.clip), 0.0
    if nm.method == "distance":
        return code, transform_scalar(nm.reference, transform), float(nm.scale)  # type: ignore[arg-type]
    return code, 0.0, 0.0


def _interval(value: float, qualifier: str, margin: float, rel: float) -> tuple[float, float]:
    mag = abs(value)
    if qualifier in _LOWER:
        return value, value + mag * margin
    if qualifier in _UPPER:
        return value - mag * margin, value
    if qualifier == "about":
        return value - mag * margin, value + mag * margin
    return value - mag * rel, value + mag * rel


def _year_of(rec: Record, ind: Indicator) -> tuple[int | None, str, str | None]:
    """(year, role, reason): role is 'value', 'bound' or 'excluded'."""
    ev = rec.evidence
    p: Period = ev.parsed_period
    if ev.assign_to is not None:
        if not (p.start_year <= ev.assign_to <= p.end_year):
            return None, "excluded", (f"assign_to {ev.assign_to} lies outside its period "
                                      f"{p.text}")
        return ev.assign_to, "value", None
    if ind.kind == "event":
        if p.within_one_year:
            return p.start_year, "value", None
        return None, "excluded", (f"event dated over several years ({p.text}) with no "
                                  "assign_to")
    if p.is_full_year:
        return p.start_year, "value", None
    if not p.within_one_year:
        return None, "excluded", (f"figure for {p.text} spans several years; set assign_to "
                                  "with a reason to use it")
    if ind.partial == "assign":
        return p.start_year, "value", None
    if ind.flow:
        return p.start_year, "bound", (f"partial-period figure ({p.text}) of a flow: a lower "
                                       "bound for the year, not its value")
    return None, "excluded", (f"partial-period figure ({p.text}); the indicator declares "
                              "partial = 'exclude'")


def _walk_tree(model_nodes: list[Node], leaf_ids: list[str], dims: dict[str, Dimension],
               prefix: str, polarity: str | None) -> list[int]:
    """Lay dimensions out bottom-up; return the node indices of `dims`."""
    out = []
    for did, dim in dims.items():
        pol = dim.polarity or polarity or "cooperation"
        key = f"{prefix}.{did}"
        sub = _walk_tree(model_nodes, leaf_ids, dim.dimensions, f"{key}.dimensions", pol)
        children, weights, mine = [], [], []
        for iid, ind in dim.indicators.items():
            children.append(len(leaf_ids))
            leaf_ids.append(iid)
            mine.append(iid)
            weights.append(ind.weight)
        node = Node(did, dim.name, pol, dim.aggregation, key, children, weights, mine, sub, dim)
        for s in sub:
            node.weights.append(model_nodes[s].dim.weight)  # type: ignore[union-attr]
        model_nodes.append(node)
        out.append(len(model_nodes) - 1)
    return out


def build_model(dataset: Dataset) -> Model:
    """Decide what counts, reconcile, and lay the dataset out as arrays.

    Parameters
    ----------
    dataset : Dataset

    Returns
    -------
    Model
    """
    cat = dataset.catalogue
    inds = dataset.indicators
    nodes: list[Node] = []
    leaf_ids: list[str] = []
    top = _walk_tree(nodes, leaf_ids, cat.dimensions, "dimensions", None)
    n_leaves = len(leaf_ids)
    columns = leaf_ids + list(cat.series)
    col = {c: i for i, c in enumerate(columns)}
    notes: list[str] = []

    # ---- what each record does -------------------------------------------------
    excluded: list[ExcludedRecord] = []
    kept: list[tuple[Record, int, str]] = []  # (record, year, role)
    min_w = cat.grading.min_weight
    for rec in dataset.records:
        ev = rec.evidence
        ind = inds[ev.indicator]
        if ev.exclude is not None:
            excluded.append(ExcludedRecord(ev.id, ev.indicator, f"excluded in the ledger: "
                                                                f"{ev.exclude}"))
            continue
        if rec.weight < min_w:
            excluded.append(ExcludedRecord(
                ev.id, ev.indicator,
                f"grading weight {rec.weight:.2f} (source {rec.reliability}, credibility "
                f"{ev.credibility}) is below grading.min_weight {min_w}"))
            continue
        year, role, reason = _year_of(rec, ind)
        if year is None:
            excluded.append(ExcludedRecord(ev.id, ev.indicator, reason or "no period"))
            continue
        kept.append((rec, year, role))

    years = sorted({y for _, y, role in kept if role == "value"})
    if cat.index.periods is not None:
        span = Period.parse(cat.index.periods)
        periods = list(range(span.start_year, span.end_year + 1))
    elif years:
        periods = list(range(years[0], years[-1] + 1))
    else:
        raise ScoringError(
            "has no evidence that counts, so there is nothing to score",
            path=dataset.path, key="catalogue.evidence",
            fix="add evidence records (see 'relindex evidence' for what was excluded and why)",
        )
    pidx = {y: i for i, y in enumerate(periods)}
    still: list[tuple[Record, int, str]] = []
    for rec, year, role in kept:
        if year not in pidx:
            excluded.append(ExcludedRecord(rec.id, rec.evidence.indicator,
                                           f"period {year} is outside the scored span "
                                           f"{periods[0]}-{periods[-1]} (index.periods)"))
        else:
            still.append((rec, year, role))
    kept = still

    # ---- reconcile records that state the same fact ----------------------------
    margin = cat.reconciliation.qualifier_margin
    groups: dict[tuple[str, str, int], list[tuple[Record, str]]] = {}
    for n, (rec, year, role) in enumerate(kept):
        ev = rec.evidence
        key = (ev.indicator, ev.fact or f"\x00{n}", year)
        groups.setdefault(key, []).append((rec, role))

    P, C = len(periods), len(columns)
    low = np.full((P, C), np.nan)
    high = np.full((P, C), np.nan)
    obs_p, obs_c, obs_v, obs_w, obs_o, obs_ids, obs_lo, obs_hi = [], [], [], [], [], [], [], []
    obs_low_grade = []
    facts: list[FactResult] = []
    role_of: dict[str, str] = {}
    low_grade_set = {"D", "E", "F"}
    for (iid, fact, year), members in groups.items():
        ind = inds[iid]
        values = [(r, role) for r, role in members if role == "value"]
        bounds = [r for r, role in members if role == "bound"]
        if not values:
            for r in bounds:
                excluded.append(ExcludedRecord(
                    r.id, iid, f"partial-period figure ({r.evidence.period}) of a flow, with "
                    f"no full-year figure of the same fact for {year}: kept as a lower bound "
                    "only"))
            continue
        if ind.kind == "event":
            def severity(r: Record) -> float:
                e = r.evidence
                return (e.severity if e.severity is not None
                        else cat.event_types[e.event_type].severity)  # type: ignore[index]

            # the best-graded report; equally graded reports: the median severity
            # (ties by id), so the ledger's order never decides
            best = max(r.weight for r, _ in values)
            tied = sorted((r for r, _ in values if r.weight == best),
                          key=lambda r: (severity(r), r.id))
            chosen = tied[(len(tied) - 1) // 2]
            ind_value = severity(chosen) if ind.measure == "severity" else 1.0
            lo = hi = ind_value
            rule = "one event"
            if len(values) > 1:
                rule = f"one event reported by {len(values)} records: counted once"
        else:
            recs = [r for r, _ in values]
            vals = np.array([r.evidence.value for r in recs], dtype=float)
            if len(recs) == 1:
                chosen, rule = recs[0], "single record"
            elif np.allclose(vals, vals[0], rtol=1e-9, atol=0):
                chosen = min(recs, key=lambda r: (-r.weight, r.id))
                rule = (f"{len(recs)} records agree: corroboration, counted once "
                        "(best-graded record used)")
            else:
                how = cat.reconciliation.choose
                if how == "best_graded":
                    best = max(r.weight for r in recs)
                    tied = [r for r in recs if r.weight == best]
                    tied.sort(key=lambda r: (r.evidence.value, r.id))  # type: ignore[arg-type, return-value]
                    chosen = tied[(len(tied) - 1) // 2]
                    rule = ("conflicting values: the best-graded record is used"
                            + (f" (median of {len(tied)} equally graded)" if len(tied) > 1 else ""))
                elif how == "median":
                    order = sorted(recs, key=lambda r: (r.evidence.value, r.id))  # type: ignore[arg-type, return-value]
                    chosen = order[(len(order) - 1) // 2]
                    rule = "conflicting values: the median record is used"
                else:
                    chosen = min(recs, key=lambda r: (-r.weight, r.id))
                    rule = "conflicting values: weighted mean"
            v = float(chosen.evidence.value)  # type: ignore[arg-type]
            if cat.reconciliation.choose == "mean" and len(recs) > 1 and "mean" in rule:
                w = np.array([r.weight for r in recs])
                v = float((w * vals).sum() / w.sum()) if w.sum() > 0 else float(vals.mean())
            ind_value = v
            lo, hi = _interval(v, chosen.evidence.qualifier, margin, ind.relative_error)
            others = [float(r.evidence.value) for r in recs] + [  # type: ignore[arg-type]
                float(b.evidence.value) for b in bounds  # type: ignore[arg-type]
            ]
            lo = min(lo, min(others))
            hi = max(hi, max(float(r.evidence.value) for r in recs))  # type: ignore[arg-type]
            for b in bounds:
                bv = float(b.evidence.value)  # type: ignore[arg-type]
                if bv > v:
                    rule += (f"; note: the partial figure {bv:g} ({b.evidence.period}) exceeds "
                             "the value used")
                    lo = max(lo, bv)
                    hi = max(hi, bv)
        member_recs = [r for r, _ in members]
        alts = []
        for r, role in members:
            e = r.evidence
            if r is chosen:
                what = "used"
            elif role == "bound":
                what = "lower bound (partial period)"
            elif ind.kind == "event" or e.value == chosen.evidence.value:
                what = f"corroborates {chosen.id}"
            else:
                what = f"alternative to {chosen.id} (not used)"
            role_of[e.id] = what
            alts.append({"id": e.id, "source": e.source, "value": e.value,
                         "qualifier": e.qualifier, "period": e.period,
                         "weight": r.weight, "role": what})
        if len(member_recs) > 1:
            vals_all = [a["value"] for a in alts if a["value"] is not None] or [ind_value]
            facts.append(FactResult(
                fact if not fact.startswith("\x00") else chosen.id, iid, year, chosen.id,
                float(ind_value), float(lo), float(hi),
                (float(min(vals_all)), float(max(vals_all))), rule, tuple(alts)))
        obs_p.append(pidx[year])
        obs_c.append(col[iid])
        obs_v.append(ind_value)
        obs_w.append(max(chosen.weight, 1e-12))
        obs_o.append(chosen.order)
        obs_ids.append(tuple(r.id for r in member_recs))
        obs_lo.append(lo)
        obs_hi.append(hi)
        obs_low_grade.append(all(r.reliability in low_grade_set for r in member_recs))

    rule = np.array([COMBINE["sum"] if (inds[c].kind == "event")
                     else COMBINE[inds[c].combine] for c in columns], dtype=int)
    n = len(obs_p)
    op, oc = np.array(obs_p, dtype=int), np.array(obs_c, dtype=int)
    raw, n_obs = combine(op, oc, np.array(obs_v, dtype=float), np.array(obs_w, dtype=float),
                         np.array(obs_o, dtype=float), rule, P, C)
    # intervals of cells: combine the low and high ends by the same rule
    low, _ = combine(op, oc, np.array(obs_lo, dtype=float), np.array(obs_w, dtype=float),
                     np.array(obs_o, dtype=float), rule, P, C)
    high, _ = combine(op, oc, np.array(obs_hi, dtype=float), np.array(obs_w, dtype=float),
                      np.array(obs_o, dtype=float), rule, P, C)
    evidence: dict[tuple[int, int], tuple[str, ...]] = {}
    for k in range(n):
        cell = (obs_p[k], obs_c[k])
        evidence[cell] = evidence.get(cell, ()) + obs_ids[k]
    low_grade_cells = np.zeros((P, C), dtype=bool)
    only_low = np.ones((P, C), dtype=bool)
    for k in range(n):
        only_low[obs_p[k], obs_c[k]] &= obs_low_grade[k]
    low_grade_cells = only_low & (n_obs > 0)

    status: dict[tuple[int, int], str] = {}
    # events: zero inside a span the sources are taken to cover completely
    for c, cid in enumerate(columns):
        ind = inds[cid]
        if ind.kind == "event" and ind.observed is not None:
            span = Period.parse(ind.observed)
            for y in range(span.start_year, span.end_year + 1):
                if y in pidx and n_obs[pidx[y], c] == 0:
                    raw[pidx[y], c] = low[pidx[y], c] = high[pidx[y], c] = 0.0
                    status[(pidx[y], c)] = "zero"

    window = np.array([inds[c].carry_forward for c in columns], dtype=int)
    filled, source = carry_forward(raw, window)
    low_f = np.where(np.isnan(raw), np.take_along_axis(low, np.maximum(source, 0), 0), low)
    high_f = np.where(np.isnan(raw), np.take_along_axis(high, np.maximum(source, 0), 0), high)
    low_f = np.where(np.isnan(filled), np.nan, low_f)
    high_f = np.where(np.isnan(filled), np.nan, high_f)
    for p in range(P):
        for c in range(C):
            if (p, c) in status:
                continue
            s = source[p, c]
            if s < 0:
                status[(p, c)] = "missing"
            elif s == p:
                status[(p, c)] = "observed"
            else:
                status[(p, c)] = "carried"
                evidence[(p, c)] = evidence.get((s, c), ())

    # derived indicators
    for c, cid in enumerate(columns):
        d = inds[cid].derived
        if d is None:
            continue
        a, b = col[d.of[0]], col[d.of[1]]
        xa, xb = filled[:, a], filled[:, b]
        la, ha, lb, hb = low_f[:, a], high_f[:, a], low_f[:, b], high_f[:, b]
        with np.errstate(divide="ignore", invalid="ignore"):
            if d.op == "difference":
                val, lo_, hi_ = xa - xb, la - hb, ha - lb
            elif d.op == "sum":
                val, lo_, hi_ = xa + xb, la + lb, ha + hb
            else:
                ok = xb > 0
                val = np.where(ok, xa / np.where(ok, xb, 1), np.nan)
                lo_ = np.where(ok, la / np.where(hb > 0, hb, np.nan), np.nan)
                hi_ = np.where(ok, ha / np.where(lb > 0, lb, np.nan), np.nan)
        filled[:, c], low_f[:, c], high_f[:, c] = val, lo_, hi_
        for p in range(P):
            sa, sb = source[p, a], source[p, b]
            source[p, c] = -1 if (sa < 0 or sb < 0) else min(sa, sb)
            n_obs[p, c] = n_obs[p, a] + n_obs[p, b]
            if np.isnan(val[p]):
                status[(p, c)] = "missing"
                evidence.pop((p, c), None)
            else:
                carried = sa != p or sb != p
                status[(p, c)] = "carried" if carried else "derived"
                evidence[(p, c)] = evidence.get((p, a), ()) + evidence.get((p, b), ())
                low_grade_cells[p, c] = low_grade_cells[p, a] or low_grade_cells[p, b]

    # normalisation parameters of the leaves
    leaves = [inds[c] for c in leaf_ids]
    transform = np.array([TRANSFORMS[i.transform] for i in leaves], dtype=int)
    method = np.array([METHODS[i.normalisation.method] for i in leaves], dtype=int)
    p1 = np.zeros(n_leaves)
    p2 = np.zeros(n_leaves)
    for k, ind in enumerate(leaves):
        for nm in (ind.normalisation, *ind.alternatives):
            _, a, b = normalisation_params(nm, int(transform[k]))
            if not (math.isfinite(a) and math.isfinite(b)):
                raise ScoringError("normalisation parameters cannot take the declared transform",
                                   path=dataset.path, key=f"{leaf_ids[k]}.normalisation",
                                   fix="use goalposts (or a reference) > 0 with a log transform")
        _, p1[k], p2[k] = normalisation_params(ind.normalisation, int(transform[k]))
    sign = np.array([1.0 if i.polarity == "positive" else -1.0 for i in leaves])

    # the tree: dimension nodes then the two sides
    coop = [j for j in top if nodes[j].polarity == "cooperation"]
    fric = [j for j in top if nodes[j].polarity == "friction"]
    for side, members in (("cooperation", coop), ("friction", fric)):
        if not members:
            continue
        spec = getattr(cat.index, side)
        nodes.append(Node(side, side.capitalize(), side, spec.aggregation, f"index.{side}",
                          [], [nodes[j].dim.weight for j in members], [], members))  # type: ignore[union-attr]
    L = n_leaves
    children, weights, methods, floors = [], [], [], []
    for node in nodes:
        kids = node.children + [L + s for s in node.sub]
        children.append(np.array(kids, dtype=int))
        weights.append(np.array(node.weights, dtype=float))
        methods.append(AGGREGATIONS[node.aggregation])
        fl = node.dim.floor if node.dim is not None else getattr(cat.index, node.id).floor
        floors.append(np.nan if fl is None else fl)
        with np.errstate(over="ignore"):
            total = float(np.sum(node.weights))
        if not math.isclose(total, 1.0):
            notes.append(f"weights of {node.key}'s children add up to {total:g}; "
                         "normalised to 1")
    n_nodes = len(nodes)
    coop_node = n_nodes - (2 if fric else 1)
    tree = Tree(L, tuple(children), tuple(weights), np.array(methods, dtype=int),
                np.array(floors, dtype=float), coop_node, n_nodes - 1 if fric else -1)
    if not fric:
        notes.append("the catalogue declares no friction dimension: a plain composite index "
                     "(friction reported as absent)")

    model = Model(dataset, periods, columns, n_leaves, filled, low_f, high_f, source, n_obs,
                  evidence, status, tree, nodes, transform, method, p1, p2, sign, excluded,
                  facts, notes, low_grade_cells[:, :n_leaves], role_of)
    flat = degenerate_columns(apply_transform(filled[:, :n_leaves], transform), method)
    for k in np.flatnonzero(flat):
        msg = (f"indicator {leaf_ids[k]!r} has no spread over the periods, so its "
               f"{leaves[k].normalisation.method} normalisation maps it to 0.5")
        notes.append(msg)
        warnings.warn(msg, RelindexWarning, stacklevel=3)
    return model


def _shares(w: NDArray[np.float64]) -> NDArray[np.float64]:
    """Divide weights by their sum (scaled by the largest first: huge weights cannot overflow)."""
    peak = w.max() if w.size else 1.0
    scaled = w / peak if peak > 0 else w
    return scaled / scaled.sum()


def _dimension_result(model: Model, ev: Evaluation, j: int, p: int) -> DimensionResult:
    node = model.nodes[j]
    L = model.n_leaves
    inds = model.dataset.indicators
    w_now = ev.weights[j][p]
    nominal = _shares(np.array(node.weights, dtype=float))
    out_inds = []
    raw = model.raw[p]
    t = apply_transform(model.raw[:, :L], model.transform)[p]
    norm = ev.values[p]
    for k, c in enumerate(node.children):
        cid = model.columns[c]
        ind = inds[cid]
        s = int(model.source[p, c])
        st = model.status[(p, c)]
        out_inds.append(IndicatorResult(
            id=cid, name=ind.name, unit=ind.unit, polarity=ind.polarity,
            raw=float(raw[c]), transformed=float(t[c]), normalized=float(norm[c]),
            weight=float(w_now[k]), nominal_weight=float(nominal[k]),
            contribution=float(ev.contribution[p, c]),
            carried=st == "carried", carried_from=model.periods[s] if st == "carried" else None,
            status=st, evidence=model.evidence.get((p, c), ()),
            n_observations=int(model.n_obs[p, c]),
        ))
    subs = tuple(_dimension_result(model, ev, s, p) for s in node.sub)
    parent = model.tree.parent[L + j]
    if parent >= 0:
        pj = parent - L
        pos = list(model.tree.children[pj]).index(L + j)
        w = float(ev.weights[pj][p][pos])
        nw = float(_shares(model.tree.weights[pj])[pos])
    else:
        w, nw = 1.0, 1.0
    return DimensionResult(
        id=node.id, name=node.name, polarity=node.polarity, aggregation=node.aggregation,
        score=float(ev.values[p, L + j]), weight=w, nominal_weight=nw,
        coverage=float(ev.coverage[p, j]), contribution=float(ev.contribution[p, L + j]),
        indicators=tuple(out_inds), dimensions=subs,
    )


def score(
    data: Dataset | Model | str | Path | None = None,
) -> Result:
    """Score a dataset: every period, the headline and the full breakdown.

    Parameters
    ----------
    data : Dataset, Model, str or Path, optional
        A loaded dataset (from `relindex.load`), a prepared model, or the
        path of a catalogue. Default: the shipped Russia-China catalogue.

    Returns
    -------
    Result

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
    L = model.n_leaves
    tree = model.tree
    min_cov = cat.index.headline_min_coverage
    n_nodes = tree.n_nodes
    top_nodes = [j for j in range(n_nodes) if tree.parent[L + j] >= L + n_nodes - (
        2 if tree.friction >= 0 else 1)]
    periods = []
    headline = None
    for p, year in enumerate(model.periods):
        cov = {"cooperation": float(ev.coverage[p, tree.cooperation])}
        if tree.friction >= 0:
            cov["friction"] = float(ev.coverage[p, tree.friction])
        dims = tuple(_dimension_result(model, ev, j, p) for j in top_nodes)
        net = float(ev.net[p])
        if not math.isnan(net) and all(v >= min_cov for v in cov.values()):
            headline = year
        fr = float(ev.friction[p]) if tree.friction >= 0 else None
        periods.append(PeriodResult(year, net, float(ev.cooperation[p]), fr, cov, dims))
    periods = [PeriodResult(p.period, p.index, p.cooperation, p.friction, p.coverage,
                            p.dimensions, headline=p.period == headline) for p in periods]
    if headline is None:
        model.notes.append(
            f"no period has a net index with coverage >= {min_cov} on each side: no headline "
            "(lower index.headline_min_coverage or add evidence)")
    return Result(
        catalogue=cat.catalogue.id, name=cat.catalogue.name, periods=tuple(periods),
        headline_period=headline, version=__version__, digest=ds.digest,
        excluded=tuple(model.excluded), facts=tuple(model.facts), notes=tuple(model.notes),
        severity_scale=cat.catalogue.severity_scale,
    )
