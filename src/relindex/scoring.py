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
        children, weights = [], []
        for iid, ind in dim.indicators.items():
            children.append(len(leaf_ids))
            leaf_ids.append(iid)
            weights.append(ind.weight)
        node = Node(did, dim.name, pol, dim.aggregation, key, children, weights, sub, dim)
        for s in sub:
            node.weights.append(model_nodes[s].dim.weight)  # type: ignore[union-attr]
        model_nodes.append(node)
        out.append(len(model_nodes) - 1)
    return out


@dataclass(frozen=True)
class _Observation:
    """One reconciled observation: the records of one fact for one period, as one value."""

    period: int
    column: int
    value: float
    weight: float
    order: float
    low: float
    high: float
    ids: tuple[str, ...]
    low_grade: bool


_LOW_GRADES = frozenset("DEF")


def _triage(
    dataset: Dataset, periods_spec: str | None
) -> tuple[list[tuple[Record, int, str]], list[ExcludedRecord], list[int]]:
    """Decide for each record whether it counts, for which year and as what.

    Returns the kept records as (record, year, role) with role 'value' or 'bound',
    the excluded records with their reasons, and the scored years.
    """
    cat = dataset.catalogue
    inds = dataset.indicators
    excluded: list[ExcludedRecord] = []
    kept: list[tuple[Record, int, str]] = []
    min_w = cat.grading.min_weight
    for rec in dataset.records:
        ev = rec.evidence
        if ev.exclude is not None:
            excluded.append(ExcludedRecord(ev.id, ev.indicator,
                                           f"excluded in the ledger: {ev.exclude}"))
            continue
        if rec.weight < min_w:
            excluded.append(ExcludedRecord(
                ev.id, ev.indicator,
                f"grading weight {rec.weight:.2f} (source {rec.reliability}, credibility "
                f"{ev.credibility}) is below grading.min_weight {min_w}"))
            continue
        year, role, reason = _year_of(rec, inds[ev.indicator])
        if year is None:
            excluded.append(ExcludedRecord(ev.id, ev.indicator, reason or "no period"))
            continue
        kept.append((rec, year, role))

    if periods_spec is not None:
        span = Period.parse(periods_spec)
        periods = list(range(span.start_year, span.end_year + 1))
    else:
        years = sorted({y for _, y, role in kept if role == "value"})
        if not years:
            raise ScoringError(
                "has no evidence that counts, so there is nothing to score",
                path=dataset.path, key="catalogue.evidence",
                fix="add evidence records (see 'relindex evidence' for what was excluded "
                "and why)",
            )
        periods = list(range(years[0], years[-1] + 1))
    inside = []
    for rec, year, role in kept:
        if periods[0] <= year <= periods[-1]:
            inside.append((rec, year, role))
        else:
            excluded.append(ExcludedRecord(rec.id, rec.evidence.indicator,
                                           f"period {year} is outside the scored span "
                                           f"{periods[0]}-{periods[-1]} (index.periods)"))
    return inside, excluded, periods


def _severity(dataset: Dataset, rec: Record) -> float:
    e = rec.evidence
    if e.severity is not None:
        return e.severity
    return dataset.catalogue.event_types[e.event_type].severity  # type: ignore[index]


def _choose(dataset: Dataset, ind: Indicator, values: list[Record],
            bounds: list[Record]) -> tuple[Record, float, float, float, str]:
    """Pick the record (and value) that stands for a fact: (record, value, low, high, rule)."""
    cat = dataset.catalogue
    if ind.kind == "event":
        # the best-graded report; equally graded reports: the median severity (ties by
        # id), so the ledger's order never decides
        best = max(r.weight for r in values)
        tied = sorted((r for r in values if r.weight == best),
                      key=lambda r: (_severity(dataset, r), r.id))
        chosen = tied[(len(tied) - 1) // 2]
        v = _severity(dataset, chosen) if ind.measure == "severity" else 1.0
        rule = ("one event" if len(values) == 1
                else f"one event reported by {len(values)} records: counted once")
        return chosen, v, v, v, rule

    def value(r: Record) -> float:
        return float(r.evidence.value)  # type: ignore[arg-type]

    vals = np.array([value(r) for r in values])
    how = cat.reconciliation.choose
    if len(values) == 1:
        chosen, rule = values[0], "single record"
    elif np.allclose(vals, vals[0], rtol=1e-9, atol=0):
        chosen = min(values, key=lambda r: (-r.weight, r.id))
        rule = (f"{len(values)} records agree: corroboration, counted once "
                "(best-graded record used)")
    elif how == "best_graded":
        best = max(r.weight for r in values)
        tied = sorted((r for r in values if r.weight == best), key=lambda r: (value(r), r.id))
        chosen = tied[(len(tied) - 1) // 2]
        rule = ("conflicting values: the best-graded record is used"
                + (f" (median of {len(tied)} equally graded)" if len(tied) > 1 else ""))
    elif how == "median":
        ordered = sorted(values, key=lambda r: (value(r), r.id))
        chosen = ordered[(len(ordered) - 1) // 2]
        rule = "conflicting values: the median record is used"
    else:
        chosen = min(values, key=lambda r: (-r.weight, r.id))
        rule = "conflicting values: the weighted mean of the records is used"
    v = value(chosen)
    if how == "mean" and len(values) > 1 and not np.allclose(vals, vals[0], rtol=1e-9, atol=0):
        w = np.array([r.weight for r in values])
        v = float((w * vals).sum() / w.sum()) if w.sum() > 0 else float(vals.mean())
    lo, hi = _interval(v, chosen.evidence.qualifier, cat.reconciliation.qualifier_margin,
                       ind.relative_error)
    # conflicting full-period values widen the interval; a partial-period figure of a flow
    # is a lower bound of the full period, so it can only raise the low end
    lo = min(lo, *(value(r) for r in values))
    hi = max(hi, *(value(r) for r in values))
    for b in bounds:
        lo = max(lo, value(b))
        if value(b) > v:
            rule += (f"; note: the partial figure {value(b):g} ({b.evidence.period}) exceeds "
                     "the value used")
            hi = max(hi, value(b))
    return chosen, v, lo, hi, rule


def _reconcile(
    dataset: Dataset, kept: list[tuple[Record, int, str]], periods: list[int],
    col: dict[str, int],
) -> tuple[list[_Observation], list[FactResult], dict[str, str], list[ExcludedRecord]]:
    """Merge records that state the same fact in the same year into one observation each."""
    inds = dataset.indicators
    pidx = {y: i for i, y in enumerate(periods)}
    groups: dict[tuple[str, str, int], list[tuple[Record, str]]] = {}
    for n, (rec, year, role) in enumerate(kept):
        key = (rec.evidence.indicator, rec.evidence.fact or f"\x00{n}", year)
        groups.setdefault(key, []).append((rec, role))

    observations: list[_Observation] = []
    facts: list[FactResult] = []
    roles: dict[str, str] = {}
    excluded: list[ExcludedRecord] = []
    for (iid, fact, year), members in groups.items():
        ind = inds[iid]
        values = [r for r, role in members if role == "value"]
        bounds = [r for r, role in members if role == "bound"]
        if not values:
            excluded.extend(ExcludedRecord(
                r.id, iid, f"partial-period figure ({r.evidence.period}) of a flow, with no "
                f"full-year figure of the same fact for {year}: kept as a lower bound only")
                for r in bounds)
            continue
        chosen, v, lo, hi, rule = _choose(dataset, ind, values, bounds)
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
            roles[e.id] = what
            alts.append({"id": e.id, "source": e.source, "value": e.value,
                         "qualifier": e.qualifier, "period": e.period,
                         "weight": r.weight, "role": what})
        if len(members) > 1:
            stated = [a["value"] for a in alts if a["value"] is not None] or [v]
            facts.append(FactResult(
                chosen.id if fact.startswith("\x00") else fact, iid, year, chosen.id,
                float(v), float(lo), float(hi), (float(min(stated)), float(max(stated))),
                rule, tuple(alts)))
        records = [r for r, _ in members]
        observations.append(_Observation(
            pidx[year], col[iid], v, max(chosen.weight, 1e-12), chosen.order, lo, hi,
            tuple(r.id for r in records), all(r.reliability in _LOW_GRADES for r in records)))
    return observations, facts, roles, excluded


def _derive(model_arrays: dict[str, Any], columns: list[str], inds: dict[str, Indicator],
            col: dict[str, int]) -> None:
    """Compute derived indicators (difference, ratio, sum of two series) in place."""
    filled, low, high = model_arrays["raw"], model_arrays["low"], model_arrays["high"]
    source, n_obs = model_arrays["source"], model_arrays["n_obs"]
    status, evidence = model_arrays["status"], model_arrays["evidence"]
    low_grade = model_arrays["low_grade"]
    for c, cid in enumerate(columns):
        d = inds[cid].derived
        if d is None:
            continue
        a, b = col[d.of[0]], col[d.of[1]]
        xa, xb = filled[:, a], filled[:, b]
        la, ha, lb, hb = low[:, a], high[:, a], low[:, b], high[:, b]
        with np.errstate(divide="ignore", invalid="ignore"):
            if d.op == "difference":
                val, lo, hi = xa - xb, la - hb, ha - lb
            elif d.op == "sum":
                val, lo, hi = xa + xb, la + lb, ha + hb
            else:
                ok = xb > 0
                val = np.where(ok, xa / np.where(ok, xb, 1), np.nan)
                lo = np.where(ok, la / np.where(hb > 0, hb, np.nan), np.nan)
                hi = np.where(ok, ha / np.where(lb > 0, lb, np.nan), np.nan)
        filled[:, c], low[:, c], high[:, c] = val, lo, hi
        for p in range(len(val)):
            sa, sb = int(source[p, a]), int(source[p, b])
            source[p, c] = -1 if (sa < 0 or sb < 0) else min(sa, sb)
            n_obs[p, c] = n_obs[p, a] + n_obs[p, b]
            if np.isnan(val[p]):
                status[(p, c)] = "missing"
                evidence.pop((p, c), None)
            else:
                status[(p, c)] = "carried" if (sa != p or sb != p) else "derived"
                evidence[(p, c)] = evidence.get((p, a), ()) + evidence.get((p, b), ())
                low_grade[p, c] = low_grade[p, a] or low_grade[p, b]


def _lay_out(dataset: Dataset, observations: list[_Observation], periods: list[int],
             columns: list[str]) -> dict[str, Any]:
    """Combine observations into (periods x columns) arrays, zero observed spans, carry."""
    inds = dataset.indicators
    P, C = len(periods), len(columns)
    rule = np.array([COMBINE["sum"] if inds[c].kind == "event" else COMBINE[inds[c].combine]
                     for c in columns], dtype=int)
    op = np.array([o.period for o in observations], dtype=int)
    oc = np.array([o.column for o in observations], dtype=int)
    ow = np.array([o.weight for o in observations], dtype=float)
    oo = np.array([o.order for o in observations], dtype=float)

    def cells(values: list[float]) -> tuple[NDArray[np.float64], NDArray[np.int_]]:
        return combine(op, oc, np.array(values, dtype=float), ow, oo, rule, P, C)

    raw, n_obs = cells([o.value for o in observations])
    # intervals of cells: the low and high ends combine by the same rule
    low, _ = cells([o.low for o in observations])
    high, _ = cells([o.high for o in observations])
    evidence: dict[tuple[int, int], tuple[str, ...]] = {}
    only_low = np.ones((P, C), dtype=bool)
    for o in observations:
        evidence[(o.period, o.column)] = evidence.get((o.period, o.column), ()) + o.ids
        only_low[o.period, o.column] &= o.low_grade
    low_grade = only_low & (n_obs > 0)

    status: dict[tuple[int, int], str] = {}
    pidx = {y: i for i, y in enumerate(periods)}
    for c, cid in enumerate(columns):
        ind = inds[cid]
        if ind.kind == "event" and ind.observed is not None:
            # zero inside a span the sources are taken to cover completely
            span = Period.parse(ind.observed)
            for y in range(span.start_year, span.end_year + 1):
                if y in pidx and n_obs[pidx[y], c] == 0:
                    raw[pidx[y], c] = low[pidx[y], c] = high[pidx[y], c] = 0.0
                    status[(pidx[y], c)] = "zero"

    window = np.array([inds[c].carry_forward for c in columns], dtype=int)
    filled, source = carry_forward(raw, window)
    back = np.maximum(source, 0)
    low_f = np.where(np.isnan(filled), np.nan,
                     np.where(np.isnan(raw), np.take_along_axis(low, back, 0), low))
    high_f = np.where(np.isnan(filled), np.nan,
                      np.where(np.isnan(raw), np.take_along_axis(high, back, 0), high))
    for p in range(P):
        for c in range(C):
            if (p, c) in status:
                continue
            s = int(source[p, c])
            if s < 0:
                status[(p, c)] = "missing"
            elif s == p:
                status[(p, c)] = "observed"
            else:
                status[(p, c)] = "carried"
                evidence[(p, c)] = evidence.get((s, c), ())
    return {"raw": filled, "low": low_f, "high": high_f, "source": source, "n_obs": n_obs,
            "status": status, "evidence": evidence, "low_grade": low_grade}


def _build_tree(dataset: Dataset, nodes: list[Node], top: list[int], n_leaves: int,
                notes: list[str]) -> Tree:
    """Add the two sides on top of the dimension nodes and lay the tree out for the core."""
    cat = dataset.catalogue
    coop = [j for j in top if nodes[j].polarity == "cooperation"]
    fric = [j for j in top if nodes[j].polarity == "friction"]
    for side, members in (("cooperation", coop), ("friction", fric)):
        if members:
            spec = getattr(cat.index, side)
            weights = [nodes[j].dim.weight for j in members]  # type: ignore[union-attr]
            nodes.append(Node(side, side.capitalize(), side, spec.aggregation, f"index.{side}",
                              [], weights, members))
    children, weights_, methods, floors = [], [], [], []
    for node in nodes:
        children.append(np.array(node.children + [n_leaves + s for s in node.sub], dtype=int))
        weights_.append(np.array(node.weights, dtype=float))
        methods.append(AGGREGATIONS[node.aggregation])
        fl = node.dim.floor if node.dim is not None else getattr(cat.index, node.id).floor
        floors.append(np.nan if fl is None else fl)
        with np.errstate(over="ignore"):
            total = float(np.sum(node.weights))
        if not math.isclose(total, 1.0):
            notes.append(f"weights of {node.key}'s children add up to {total:g}; "
                         "normalised to 1")
    if not fric:
        notes.append("the catalogue declares no friction dimension: a plain composite index "
                     "(friction reported as absent)")
    n_nodes = len(nodes)
    return Tree(n_leaves, tuple(children), tuple(weights_), np.array(methods, dtype=int),
                np.array(floors, dtype=float), n_nodes - (2 if fric else 1),
                n_nodes - 1 if fric else -1)


def build_model(dataset: Dataset) -> Model:
    """Decide what counts, reconcile, and lay the dataset out as arrays.

    The steps, each a function of its own: which records count and for which year
    (``_triage``); records of one fact reconciled into one observation
    (``_reconcile``); observations combined per cell, zeros in observed spans and
    carry-forward (``_lay_out``); derived indicators (``_derive``); normalisation
    parameters; the tree (``_build_tree``).

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

    kept, excluded, periods = _triage(dataset, cat.index.periods)
    observations, facts, roles, unused = _reconcile(dataset, kept, periods, col)
    excluded += unused
    arrays = _lay_out(dataset, observations, periods, columns)
    _derive(arrays, columns, inds, col)

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
    tree = _build_tree(dataset, nodes, top, n_leaves, notes)

    raw = arrays["raw"]
    model = Model(dataset, periods, columns, n_leaves, raw, arrays["low"], arrays["high"],
                  arrays["source"], arrays["n_obs"], arrays["evidence"], arrays["status"],
                  tree, nodes, transform, method, p1, p2, sign, excluded, facts, notes,
                  arrays["low_grade"][:, :n_leaves], roles)
    flat = degenerate_columns(apply_transform(raw[:, :n_leaves], transform), method)
    for flat_k in np.flatnonzero(flat):
        msg = (f"indicator {leaf_ids[flat_k]!r} has no spread over the periods, so its "
               f"{leaves[flat_k].normalisation.method} normalisation maps it to 0.5")
        notes.append(msg)
        warnings.warn(msg, RelindexWarning, stacklevel=2)
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
