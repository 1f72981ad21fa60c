"""Score a dataset: from evidence records to the index and its breakdown.

The public layer between the loaded `relindex.dataset.Dataset` and the
numerical core. `build_model` decides, record by record for the ledger and
column by column for data tables, what counts (with the reason for whatever
does not), reconciles records that state the same fact, and lays the values
out as arrays of shape ``(entities, periods, columns)``; `score` runs the core
on them once for every entity and period, and wraps the outcome in a
`relindex.result.Result`.
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
from ._core.normalize import METHODS, SCOPES, degenerate_columns, normalise_panel
from ._core.transform import TRANSFORMS, apply_transform, transform_scalar
from ._version import __version__
from .dataset import UNDATED, Dataset, Record, _date_key, load
from .errors import RelindexWarning, ScoringError
from .models import Dimension, Indicator, Normalisation, Period
from .result import (
    Conflict,
    DimensionResult,
    ExcludedRecord,
    FactResult,
    IndicatorResult,
    PeriodResult,
    Result,
    ScoreTable,
)

__all__ = ["STATUS", "Model", "build_model", "normalisation_params", "score"]

_LOWER = {"over", "more than", "at least"}
_UPPER = {"nearly", "almost", "up to", "under"}

STATUS = ("missing", "observed", "carried", "zero", "derived")
"""Status codes of a cell: what its value rests on."""
_MISSING, _OBSERVED, _CARRIED, _ZERO, _DERIVED = range(5)


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
    floor: float | None = None
    min_coverage: float | None = None
    missing: str = "renormalise"


@dataclass
class Model:
    """A dataset laid out as arrays, ready for the core (and for Monte Carlo).

    Attributes
    ----------
    entities : list of str
        The entity ids (dyads or countries), in catalogue order.
    periods : list of int
        The scored years, oldest first.
    columns : list of str
        Indicator ids (leaves, in tree order) followed by series ids.
    n_leaves : int
        Number of scored indicators (the first columns).
    raw : ndarray of shape (n_entities, n_periods, n_columns)
        Combined, carried-forward and derived raw values (NaN where missing).
    low, high : ndarray like `raw`
        Interval of each raw value (qualifiers, reconciliation spread, relative error).
    source : int ndarray like `raw`
        Period index each value comes from (-1 missing).
    n_obs : int ndarray like `raw`
    status : int8 ndarray like `raw`
        Index into `STATUS`: missing, observed, carried, zero or derived.
    tree : Tree
    nodes : list of Node
    """

    dataset: Dataset
    entities: list[str]
    periods: list[int]
    columns: list[str]
    n_leaves: int
    raw: NDArray[np.float64]
    low: NDArray[np.float64]
    high: NDArray[np.float64]
    source: NDArray[np.int_]
    n_obs: NDArray[np.int_]
    status: NDArray[np.int8]
    tree: Tree
    nodes: list[Node]
    transform: NDArray[np.int_]
    method: NDArray[np.int_]
    p1: NDArray[np.float64]
    p2: NDArray[np.float64]
    sign: NDArray[np.float64]
    scope: NDArray[np.int_]
    excluded: list[ExcludedRecord]
    facts: list[FactResult]
    notes: list[str] = field(default_factory=list)
    low_grade: NDArray[np.bool_] | None = None
    """(n_entities, n_periods, n_leaves): cells that rest only on sources graded D-F."""
    roles: dict[str, str] = field(default_factory=dict)
    """What each counted record does: 'used', 'corroborates X', 'alternative to X (not
    used)', 'lower bound (partial period)' or 'superseded by X'; excluded records are in
    ``excluded``."""
    conflicts: list[Conflict] = field(default_factory=list)
    """Cells whose observations disagree, and which one counts."""
    _obs_cell: NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64),
                                         repr=False)
    _obs_ids: list[Any] = field(default_factory=list, repr=False)
    _obs_order: NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64),
                                          repr=False)
    kind: str = "cooperation-friction"
    distinct: NDArray[np.int_] | None = None
    """Distinct observations of each leaf within its normalisation scope."""

    @property
    def indicators(self) -> list[Indicator]:
        """The scored indicators, in column order."""
        inds = self.dataset.indicators
        return [inds[c] for c in self.columns[: self.n_leaves]]

    def cell_status(self, e: int, p: int, c: int) -> str:
        """The status of one cell as a word."""
        return STATUS[int(self.status[e, p, c])]

    def evidence_of(self, e: int, p: int, c: int) -> tuple[str, ...]:
        """Ids of the evidence records behind one cell (carried and derived cells too)."""
        st = int(self.status[e, p, c])
        if st == _CARRIED:
            p = int(self.source[e, p, c])
        if st == _DERIVED or (st == _CARRIED and
                              self.dataset.indicators[self.columns[c]].derived is not None):
            d = self.dataset.indicators[self.columns[c]].derived
            if d is not None:
                col = {cid: k for k, cid in enumerate(self.columns)}
                return (self.evidence_of(e, p, col[d.of[0]])
                        + self.evidence_of(e, p, col[d.of[1]]))
        if st not in (_OBSERVED, _CARRIED):
            return ()
        P, C = len(self.periods), len(self.columns)
        cell = (e * P + p) * C + c
        lo = int(np.searchsorted(self._obs_cell, cell, "left"))
        hi = int(np.searchsorted(self._obs_cell, cell, "right"))
        out: list[str] = []
        for k in range(lo, hi):
            ids = self._obs_ids[int(self._obs_order[k])]
            out.extend((ids,) if isinstance(ids, str) else ids)
        return tuple(out)

    @property
    def evidence(self) -> dict[tuple[int, int], tuple[str, ...]]:
        """(period index, column) -> record ids, for a one-entity model."""
        out = {}
        for p in range(len(self.periods)):
            for c in range(len(self.columns)):
                ids = self.evidence_of(0, p, c)
                if ids:
                    out[(p, c)] = ids
        return out

    def normalised(self, raw: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
        """Transform and normalise the leaf columns of `raw` (default: the model's values)."""
        x = self.raw if raw is None else raw
        leaves = x[..., : self.n_leaves]
        t = apply_transform(leaves, self.transform)
        return normalise_panel(t, self.method, self.p1, self.p2, self.sign, self.scope)

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

    def top_nodes(self) -> list[int]:
        """Node indices of the top-level dimensions (children of the sides or the index)."""
        L = self.n_leaves
        tops = {L + self.tree.cooperation}
        if self.tree.friction >= 0:
            tops.add(L + self.tree.friction)
        return [j for j in range(self.tree.n_nodes) if self.tree.parent[L + j] in tops]


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
        pol = polarity or dim.polarity or "cooperation"
        key = f"{prefix}.{did}"
        sub = _walk_tree(model_nodes, leaf_ids, dim.dimensions, f"{key}.dimensions", pol)
        children, weights = [], []
        for iid, ind in dim.indicators.items():
            children.append(len(leaf_ids))
            leaf_ids.append(iid)
            weights.append(ind.weight)
        node = Node(did, dim.name, pol, dim.aggregation, key, children, weights, sub, dim,
                    dim.floor, dim.min_coverage, dim.missing)
        for s in sub:
            node.weights.append(model_nodes[s].dim.weight)  # type: ignore[union-attr]
        model_nodes.append(node)
        out.append(len(model_nodes) - 1)
    return out


@dataclass
class _Obs:
    """Observations as columns: one entry per reconciled ledger fact or table row."""

    entity: NDArray[np.int_]
    period: NDArray[np.int_]
    column: NDArray[np.int_]
    value: NDArray[np.float64]
    weight: NDArray[np.float64]
    order: NDArray[np.float64]
    date: NDArray[np.float64]
    """Publication date as a number; NaN where nothing dates the observation (table rows)."""
    low: NDArray[np.float64]
    high: NDArray[np.float64]
    low_grade: NDArray[np.bool_]
    ids: list[Any]
    """A record id (str) or the ids of a reconciled fact (tuple) per observation."""
    sev: NDArray[np.float64] | None = None
    """Event observations: the event's severity (NaN for numbers)."""

    @staticmethod
    def concat(parts: list[_Obs]) -> _Obs:
        """One set of observations from several."""
        parts = [p for p in parts if len(p.ids)] or parts[:1]
        if len(parts) == 1:
            return parts[0]
        names = ("entity", "period", "column", "value", "weight", "order", "date", "low",
                 "high", "low_grade")
        cols = {n: np.concatenate([getattr(p, n) for p in parts]) for n in names}
        cols["sev"] = np.concatenate([p.sev if p.sev is not None else np.full(len(p.ids), np.nan)
                                      for p in parts])
        ids: list[Any] = []
        for p in parts:
            ids.extend(p.ids)
        return _Obs(**cols, ids=ids)


_LOW_GRADES = frozenset("DEF")


def _entity_index(dataset: Dataset) -> tuple[list[str], dict[str | None, int]]:
    ents = list(dataset.entities)
    index: dict[str | None, int] = {e: i for i, e in enumerate(ents)}
    if len(ents) == 1:
        index[None] = 0
    return ents, index


def _triage(
    dataset: Dataset, periods_spec: str | None
) -> tuple[list[tuple[Record, int, str]], list[ExcludedRecord], list[int]]:
    """Decide for each ledger record whether it counts, for which year and as what.

    Returns the kept records as (record, year, role) with role 'value' or 'bound',
    the excluded records with their reasons, and the scored years (from the ledger and
    the plain rows of the tables).
    """
    cat = dataset.catalogue
    inds = dataset.indicators
    excluded: list[ExcludedRecord] = []
    kept: list[tuple[Record, int, str]] = []
    min_w = cat.grading.min_weight
    for rec in dataset.ledger:
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
        ind = inds[ev.indicator]
        if ind.kind == "event" and (ind.tags or ev.tags):
            why = _tag_rule(ev.tags, ind.tags, cat.index.exclude_tags,
                            cat.index.exclude_tags_reason)
            if why is not None:
                excluded.append(ExcludedRecord(ev.id, ev.indicator, why))
                continue
        year, role, reason = _year_of(rec, ind)
        if year is None:
            excluded.append(ExcludedRecord(ev.id, ev.indicator, reason or "no period"))
            continue
        kept.append((rec, year, role))

    if periods_spec is not None:
        span = Period.parse(periods_spec)
        periods = list(range(span.start_year, span.end_year + 1))
    else:
        years = {y for _, y, role in kept if role == "value"}
        for t in dataset.tables:
            ok = t.weight >= min_w if t.weight is not None else np.ones(len(t), bool)
            if ok.any():
                years.update((int(t.year[ok].min()), int(t.year[ok].max())))
        if not years:
            raise ScoringError(
                "has no evidence that counts, so there is nothing to score",
                path=dataset.path, key="catalogue.evidence",
                fix="add evidence records (see 'relindex evidence' for what was excluded "
                "and why)",
            )
        if min(years) < YEAR_BOUNDS[0] or max(years) > YEAR_BOUNDS[1]:
            raise _implausible_year(dataset, kept, min_w)
        periods = list(range(min(years), max(years) + 1))
    inside = []
    for rec, year, role in kept:
        if periods[0] <= year <= periods[-1]:
            inside.append((rec, year, role))
        else:
            excluded.append(ExcludedRecord(rec.id, rec.evidence.indicator,
                                           f"period {year} is outside the scored span "
                                           f"{periods[0]}-{periods[-1]} (index.periods)"))
    return inside, excluded, periods


YEAR_BOUNDS = (1800, 2200)
"""Years scored without ``[index] periods`` declaring them (a typo such as ``"9999"`` would
otherwise stretch the scored span, and every array, to thousands of periods)."""


def _implausible_year(dataset: Dataset, kept: list[tuple[Record, int, str]],
                      min_w: float) -> ScoringError:
    """The error naming the first counted record or table row dated outside YEAR_BOUNDS."""
    lo, hi = YEAR_BOUNDS
    where: tuple[Any, str, Any] | None = None
    for rec, year, role in kept:
        if role == "value" and not lo <= year <= hi:
            where = (rec.origin, f"evidence[{rec.id}].period", rec.evidence.period)
            break
    if where is None:
        for t in dataset.tables:
            ok = t.weight >= min_w if t.weight is not None else np.ones(len(t), bool)
            bad = ok & ((t.year < lo) | (t.year > hi))
            if bad.any():
                k = int(np.argmax(bad))
                where = (t.path, f"row {int(t.line[k])}.period", str(int(t.year[k])))
                break
    path, key, value = where if where is not None else (dataset.path, "index.periods", None)
    return ScoringError(
        f"is a year outside {lo}-{hi}, which the catalogue does not declare: scoring it would "
        "stretch the span to every year in between", path=path, key=key, value=value,
        fix=f"correct the period, or declare [index] periods = \"YYYY/YYYY\" in "
        f"{dataset.path.name} to score (or leave out) years outside {lo}-{hi}")


def _tag_rule(tags: tuple[str, ...], wanted: tuple[str, ...], excluded: tuple[str, ...],
              reason: str) -> str | None:
    """Why a tagged (or untagged) event record does not count for its indicator, or None."""
    if wanted:
        if not set(tags) & set(wanted):
            return (f"the indicator counts only records tagged {', '.join(wanted)}; this one is "
                    + (f"tagged {', '.join(tags)}" if tags else "untagged"))
        return None
    hit = [t for t in tags if t in excluded]
    if hit:
        return (f"tagged {', '.join(hit)}: not counted as an event (index.exclude_tags)"
                + (f": {reason}" if reason else ""))
    return None


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
        v = _severity(dataset, chosen) if ind.measure in ("severity", "share") else 1.0
        rule = ("one event" if len(values) == 1
                else f"one event reported by {len(values)} records: counted once")
        if ind.grade_weighted:
            v *= chosen.weight
            rule += f"; weighted by its grade ({chosen.weight:.2f})"
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


def _publication_date(dataset: Dataset, rec: Record) -> float:
    """The date key of a ledger record's source, without the file order `Record.order` adds.

    Read from the source, not cut from the order: the order adds 1e-9 per record read, so
    beyond about a thousand records cutting it at 1e-6 dated records of one source apart
    and hid their ties. A table row keeps its order (its line).
    """
    src = dataset.sources.get(rec.evidence.source) if rec.citation is None else None
    return _date_key(src.meta.date) if src is not None else math.nan  # a table row


def _reconcile(
    dataset: Dataset, kept: list[tuple[Record, int, str]], periods: list[int],
    col: dict[str, int], ent: dict[str | None, int],
) -> tuple[_Obs, list[FactResult], dict[str, str], list[ExcludedRecord]]:
    """Merge ledger records that state the same fact in the same year into one observation."""
    inds = dataset.indicators
    pidx = {y: i for i, y in enumerate(periods)}
    groups: dict[tuple[int, str, str, int], list[tuple[Record, str]]] = {}
    for n, (rec, year, role) in enumerate(kept):
        e = ent[rec.evidence.entity]
        key = (e, rec.evidence.indicator, rec.evidence.fact or f"\x00{n}", year)
        groups.setdefault(key, []).append((rec, role))

    rows: list[tuple[int, int, int, float, float, float, float, float, float, bool, float]] = []
    ids: list[Any] = []
    facts: list[FactResult] = []
    roles: dict[str, str] = {}
    excluded: list[ExcludedRecord] = []
    for (e, iid, fact, year), members in groups.items():
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
            ev = r.evidence
            if r is chosen:
                what = "used"
            elif role == "bound":
                what = "lower bound (partial period)"
            elif ind.kind == "event" or ev.value == chosen.evidence.value:
                what = f"corroborates {chosen.id}"
            else:
                what = f"alternative to {chosen.id} (not used)"
            roles[ev.id] = what
            alts.append({"id": ev.id, "source": ev.source, "value": ev.value,
                         "qualifier": ev.qualifier, "period": ev.period,
                         "weight": r.weight, "role": what})
        if len(members) > 1:
            stated = [a["value"] for a in alts if a["value"] is not None] or [v]
            facts.append(FactResult(
                chosen.id if fact.startswith("\x00") else fact, iid, year, chosen.id,
                float(v), float(lo), float(hi), (float(min(stated)), float(max(stated))),
                rule, tuple(alts), entity=dataset.entity_ids[e]))
        records = [r for r, _ in members]
        date = _publication_date(dataset, chosen)
        rows.append((e, pidx[year], col[iid], v, max(chosen.weight, 1e-12), chosen.order, date,
                     lo, hi, all(r.reliability in _LOW_GRADES for r in records),
                     _severity(dataset, chosen) if ind.kind == "event" else np.nan))
        ids.append(tuple(r.id for r in records) if len(records) > 1 else records[0].id)
    arr = np.array(rows, dtype=float).reshape(len(rows), 11)
    obs = _Obs(arr[:, 0].astype(int), arr[:, 1].astype(int), arr[:, 2].astype(int),
               arr[:, 3], arr[:, 4], arr[:, 5], arr[:, 6], arr[:, 7], arr[:, 8],
               arr[:, 9].astype(bool), ids, arr[:, 10])
    return obs, facts, roles, excluded


def _table_obs(dataset: Dataset, periods: list[int], col: dict[str, int],
               ent: dict[str | None, int]) -> tuple[_Obs, list[ExcludedRecord]]:
    """The plain rows of every table as observations, by column (no loop per row)."""
    inds = dataset.indicators
    min_w = dataset.catalogue.grading.min_weight
    parts: list[_Obs] = []
    excluded: list[ExcludedRecord] = []
    for t in dataset.tables:
        n = len(t)
        if n == 0:
            continue
        i_code = t.indicator_code
        column = np.array([col[c] for c in t.indicator_ids], dtype=np.int64)[i_code]
        rel_err = np.array([inds[c].relative_error for c in t.indicator_ids])[i_code]
        entity = np.array([ent[e] for e in t.entity_ids], dtype=np.int64)[t.entity_code]
        weight = t.weight if t.weight is not None else np.ones(n)
        light = weight < min_w
        outside = (t.year < periods[0]) | (t.year > periods[-1])
        for k in np.flatnonzero(light | outside):
            if light[k]:
                why = (f"grading weight {weight[k]:.2f} (source {t.reliability}, credibility "
                       f"{int(t.credibility[k])}) is below grading.min_weight {min_w}")
            else:
                why = (f"period {int(t.year[k])} is outside the scored span "
                       f"{periods[0]}-{periods[-1]} (index.periods)")
            excluded.append(ExcludedRecord(t.ids[k], t.indicator_ids[i_code[k]], why))
        keep = ~(light | outside)
        idx = np.flatnonzero(keep)
        v = t.value[idx]
        mag = np.abs(v) * rel_err[idx]
        low_grade = np.full(len(idx), t.reliability in _LOW_GRADES)
        parts.append(_Obs(
            entity[idx], t.year[idx] - periods[0], column[idx], v,
            np.maximum(weight[idx], 1e-12), UNDATED + t.line[idx].astype(float),
            np.full(len(idx), np.nan),
            v - mag, v + mag, low_grade,
            t.ids if keep.all() else [t.ids[k] for k in idx]))
    if not parts:
        return _empty_obs(), excluded
    return _Obs.concat(parts), excluded


def _empty_obs() -> _Obs:
    z = np.zeros(0)
    zi = np.zeros(0, dtype=int)
    return _Obs(zi, zi, zi, z, z, z, z, z, z, np.zeros(0, dtype=bool), [])


def _ties(dataset: Dataset, obs: _Obs, columns: list[str], periods: list[int],
          rule: NDArray[np.int_], cell: NDArray[np.int64],
          ) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Cells under 'latest' whose newest observations nothing orders, and disagree.

    Returns the cells and the value each takes under its indicator's ``ties`` rule;
    raises for an indicator whose rule is ``error``.
    """
    inds = dataset.indicators
    latest = rule[obs.column] == COMBINE["latest"]
    if not latest.any():
        return np.zeros(0, np.int64), np.zeros(0)
    sel = np.flatnonzero(latest)
    c = cell[sel]
    date = np.where(np.isnan(obs.date[sel]), -np.inf, obs.date[sel])
    order = np.lexsort((obs.order[sel], date, c))
    cs, ds_, vs = c[order], date[order], obs.value[sel][order]
    last = np.r_[cs[1:] != cs[:-1], True]
    # the newest date of each cell, spread back over its observations
    grp = np.cumsum(np.r_[True, cs[1:] != cs[:-1]]) - 1
    newest = ds_[last][grp]
    tied = ds_ == newest
    n_tied = np.bincount(grp, weights=tied, minlength=int(grp.max()) + 1 if len(grp) else 0)
    if not (n_tied > 1).any():
        return np.zeros(0, np.int64), np.zeros(0)
    vmin = np.full(len(n_tied), np.inf)
    vmax = np.full(len(n_tied), -np.inf)
    np.minimum.at(vmin, grp[tied], vs[tied])
    np.maximum.at(vmax, grp[tied], vs[tied])
    bad = np.flatnonzero((n_tied > 1) & (vmin != vmax))
    if not len(bad):
        return np.zeros(0, np.int64), np.zeros(0)
    P, C = len(periods), len(columns)
    out_cells, out_vals = [], []
    starts = np.flatnonzero(np.r_[True, cs[1:] != cs[:-1]])
    ends = np.r_[starts[1:], len(cs)]
    for g in bad:
        span = np.arange(starts[g], ends[g])  # the group's slice of the sorted observations
        members = span[tied[span]]
        cl = int(cs[members[0]])
        e, rest = divmod(cl, P * C)
        p, ci = divmod(rest, C)
        ind = inds[columns[ci]]
        vals = vs[members]
        if ind.ties == "error":
            who = [obs.ids[sel[order[m]]] for m in members]
            flat = [i if isinstance(i, str) else "+".join(i) for i in who]
            raise ScoringError(
                f"records {', '.join(flat[:4])} give different values "
                f"({', '.join(f'{v:g}' for v in vals[:4])}) for entity "
                f"{dataset.entity_ids[e]}, period {periods[p]}, and nothing dates them apart "
                "under combine = 'latest'",
                path=dataset.path, key=f"{columns[ci]}.ties", value=ind.ties,
                fix="declare ties = 'mean' (or 'max', 'min') on the indicator, give the "
                "records a shared fact id so they are reconciled, or remove one")
        out_cells.append(cl)
        out_vals.append(float(vals.mean() if ind.ties == "mean" else
                              vals.max() if ind.ties == "max" else vals.min()))
    return np.array(out_cells, dtype=np.int64), np.array(out_vals)


def _conflicts(dataset: Dataset, obs: _Obs, columns: list[str], periods: list[int],
               rule: NDArray[np.int_], cell: NDArray[np.int64], raw_flat: NDArray[np.float64],
               roles: dict[str, str]) -> list[Conflict]:
    """Cells where several observations disagree and one rule picks one of them."""
    picks = np.isin(rule[obs.column], (COMBINE["latest"], COMBINE["max"], COMBINE["min"]))
    if not picks.any():
        return []
    sel = np.flatnonzero(picks)
    c = cell[sel]
    v = obs.value[sel]
    order = np.argsort(c, kind="stable")
    cs, vs = c[order], v[order]
    start = np.r_[True, cs[1:] != cs[:-1]]
    grp = np.cumsum(start) - 1
    n_grp = int(grp[-1]) + 1 if len(grp) else 0
    vmin = np.minimum.reduceat(vs, np.flatnonzero(start)) if len(vs) else np.zeros(0)
    vmax = np.maximum.reduceat(vs, np.flatnonzero(start)) if len(vs) else np.zeros(0)
    count = np.bincount(grp, minlength=n_grp)
    out: list[Conflict] = []
    P, C = len(periods), len(columns)
    names = {v: k for k, v in COMBINE.items()}
    starts = np.flatnonzero(start)
    ends = np.r_[starts[1:], len(cs)]
    for g in np.flatnonzero((count > 1) & (vmin != vmax)):
        members = sel[order[starts[g]:ends[g]]]  # the group's slice of the sorted cells
        cl = int(cs[starts[g]])
        e, rest = divmod(cl, P * C)
        p, ci = divmod(rest, C)
        used = raw_flat[cl]
        how = names[int(rule[ci])]
        entries = []
        used_id = None
        for m in members:
            ids = obs.ids[m]
            first = ids if isinstance(ids, str) else ids[0]
            if used_id is None and obs.value[m] == used:
                used_id = first
            entries.append((first, float(obs.value[m])))
        alts = []
        for rid, val in entries:
            if rid == used_id:
                why = "used"
            else:
                why = f"superseded by {used_id} (combine = '{how}')"
                roles[rid] = why
            alts.append({"id": rid, "value": val, "role": why})
        out.append(Conflict(columns[ci], dataset.entity_ids[e], periods[p], used_id, how,
                            float(used), tuple(alts)))
    return out


def _lay_out(dataset: Dataset, obs: _Obs, entities: list[str], periods: list[int],
             columns: list[str], roles: dict[str, str]) -> dict[str, Any]:
    """Combine observations into (entities x periods x columns) arrays.

    Also finds ties and conflicts, zeroes observed spans and carries values forward.
    """
    inds = dataset.indicators
    E, P, C = len(entities), len(periods), len(columns)
    rule = np.array([COMBINE["sum"] if inds[c].kind == "event" else COMBINE[inds[c].combine]
                     for c in columns], dtype=int)
    row = obs.entity * P + obs.period
    cell = row.astype(np.int64) * C + obs.column

    def cells(values: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.int_]]:
        return combine(row, obs.column, values, obs.weight, obs.order, rule, E * P, C)

    raw, n_obs = cells(obs.value)
    low, _ = cells(obs.low)
    high, _ = cells(obs.high)
    tie_cells, tie_vals = _ties(dataset, obs, columns, periods, rule, cell)
    raw_flat = raw.reshape(-1)
    if len(tie_cells):
        raw_flat[tie_cells] = tie_vals
    conflicts = _conflicts(dataset, obs, columns, periods, rule, cell, raw_flat, roles)
    if len(tie_cells):
        lo_f, hi_f = low.reshape(-1), high.reshape(-1)
        lo_f[tie_cells] = np.minimum(lo_f[tie_cells], tie_vals)
        hi_f[tie_cells] = np.maximum(hi_f[tie_cells], tie_vals)
    # observation order by cell, for the evidence behind each cell
    by_cell = np.argsort(cell, kind="stable")
    only_low = np.ones(E * P * C, dtype=bool)
    np.logical_and.at(only_low, cell, obs.low_grade)
    raw = raw.reshape(E, P, C)
    low = low.reshape(E, P, C)
    high = high.reshape(E, P, C)
    n_obs = n_obs.reshape(E, P, C)
    low_grade = only_low.reshape(E, P, C) & (n_obs > 0)

    status = np.where(n_obs > 0, _OBSERVED, _MISSING).astype(np.int8)
    _shares_of_events(dataset, obs, columns, raw, low, high, status, E, P)
    for c, cid in enumerate(columns):
        ind = inds[cid]
        if ind.kind == "event" and ind.observed is not None and ind.measure != "share":
            # zero inside a span the sources are taken to cover completely
            span = Period.parse(ind.observed)
            a = max(span.start_year, periods[0]) - periods[0]
            b = min(span.end_year, periods[-1]) - periods[0]
            if a <= b:
                blk = n_obs[:, a:b + 1, c] == 0
                for arr in (raw, low, high):
                    arr[:, a:b + 1, c] = np.where(blk, 0.0, arr[:, a:b + 1, c])
                status[:, a:b + 1, c] = np.where(blk, _ZERO, status[:, a:b + 1, c])

    window = np.array([inds[c].carry_forward for c in columns], dtype=int)
    filled, source = carry_forward(raw, window)
    back = np.maximum(source, 0)
    gap = np.isnan(raw)
    low_f = np.where(np.isnan(filled), np.nan,
                     np.where(gap, np.take_along_axis(low, back, -2), low))
    high_f = np.where(np.isnan(filled), np.nan,
                      np.where(gap, np.take_along_axis(high, back, -2), high))
    carried = gap & (source >= 0)
    status = np.where(carried, _CARRIED, status).astype(np.int8)
    return {"raw": filled, "low": low_f, "high": high_f, "source": source, "n_obs": n_obs,
            "status": status, "low_grade": low_grade, "conflicts": conflicts,
            "obs_cell": cell[by_cell], "obs_ids": obs.ids, "obs_order": by_cell}


def _shares_of_events(dataset: Dataset, obs: _Obs, columns: list[str],
                      raw: NDArray[np.float64], low: NDArray[np.float64],
                      high: NDArray[np.float64], status: NDArray[np.int8], E: int, P: int
                      ) -> None:
    """Turn ``measure = "share"`` columns into percentages of all coded events, in place.

    The denominator of an entity and period is the severity of every event that counts
    there (grade-weighted where the indicator is); with events but none of the
    indicator's own, the share is a measured zero; with no event at all, it is missing.
    """
    inds = dataset.indicators
    is_event = ~np.isnan(obs.sev) if obs.sev is not None else np.zeros(len(obs.ids), bool)
    row = (obs.entity * P + obs.period)[is_event]
    for c, cid in enumerate(columns):
        ind = inds[cid]
        if ind.kind != "event" or ind.measure != "share":
            continue
        w = obs.sev[is_event] * (obs.weight[is_event] if ind.grade_weighted else 1.0)  # type: ignore[index]
        denom = np.bincount(row, weights=w, minlength=E * P).reshape(E, P)
        num = np.nan_to_num(raw[..., c])
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(denom > 0, 100.0 * num / np.where(denom > 0, denom, 1.0), np.nan)
        raw[..., c] = low[..., c] = high[..., c] = share
        status[..., c] = np.where(denom > 0, np.where(num > 0, _OBSERVED, _ZERO), _MISSING)


def _derive(arrays: dict[str, Any], columns: list[str], inds: dict[str, Indicator],
            col: dict[str, int]) -> None:
    """Compute derived indicators (difference, ratio, sum of two series) in place."""
    filled, low, high = arrays["raw"], arrays["low"], arrays["high"]
    source, n_obs, status = arrays["source"], arrays["n_obs"], arrays["status"]
    low_grade = arrays["low_grade"]
    P = filled.shape[-2]
    here = np.arange(P).reshape(P, 1)[..., 0]
    for c, cid in enumerate(columns):
        d = inds[cid].derived
        if d is None:
            continue
        a, b = col[d.of[0]], col[d.of[1]]
        k = d.scale
        xa, xb = filled[..., a] * k, filled[..., b] * k
        la, ha, lb, hb = low[..., a] * k, high[..., a] * k, low[..., b] * k, high[..., b] * k
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            if d.op == "difference":
                val, lo, hi = xa - xb, la - hb, ha - lb
            elif d.op == "sum":
                val, lo, hi = xa + xb, la + lb, ha + hb
            elif d.op == "salience":
                from ._core.interdependence import salience

                val = salience(xa, xb)
                lo = salience(np.maximum(la, 0), np.maximum(lb, 0))
                hi = salience(np.maximum(ha, 0), np.maximum(hb, 0))
            elif d.op == "symmetry":
                from ._core.interdependence import symmetry

                val = symmetry(xa, xb)
                lo = 1 - np.maximum(ha - lb, hb - la)
                hi = 1 - np.maximum(0, np.maximum(la - hb, lb - ha))
            else:
                ok = xb > 0
                val = np.where(ok, xa / np.where(ok, xb, 1), np.nan)
                lo = np.where(ok, la / np.where(hb > 0, hb, np.nan), np.nan)
                hi = np.where(ok, ha / np.where(lb > 0, lb, np.nan), np.nan)
        val = np.where(np.isinf(val) & np.isfinite(xa) & np.isfinite(xb), np.inf,
                       np.where(np.isfinite(val), val, np.nan))
        filled[..., c], low[..., c], high[..., c] = val, lo, hi
        sa, sb = source[..., a], source[..., b]
        source[..., c] = np.where((sa < 0) | (sb < 0), -1, np.minimum(sa, sb))
        n_obs[..., c] = n_obs[..., a] + n_obs[..., b]
        missing = np.isnan(val)
        carried = (sa != here) | (sb != here)
        status[..., c] = np.where(missing, _MISSING, np.where(carried, _CARRIED, _DERIVED))
        low_grade[..., c] = low_grade[..., a] | low_grade[..., b]


def _refuse_overflow(dataset: Dataset, arrays: dict[str, Any], entities: list[str],
                     periods: list[int], columns: list[str]) -> None:
    """Refuse a combined or derived value (or its interval) that overflows to infinity."""
    for name in ("raw", "low", "high"):
        bad = np.isinf(arrays[name])
        if bad.any():
            e, p, c = (int(x) for x in np.argwhere(bad)[0])
            where = f" of entity {entities[e]!r}" if len(entities) > 1 else ""
            what = "value" if name == "raw" else f"{name} bound"
            raise ScoringError(
                f"the combined or derived {what} of indicator {columns[c]!r}{where} for "
                f"{periods[p]} overflows to infinity",
                path=dataset.path, key=f"{columns[c]}.{periods[p]}",
                fix="check the values and units of the records behind it (a figure in the "
                "wrong unit, a sum of huge values, a ratio over a near-zero)")


def _build_tree(dataset: Dataset, nodes: list[Node], top: list[int], n_leaves: int,
                notes: list[str]) -> Tree:
    """Add the top of the tree (the two sides, or the composite index) and lay it out."""
    cat = dataset.catalogue
    idx = cat.index
    if idx.kind == "composite":
        weights = [nodes[j].dim.weight for j in top]  # type: ignore[union-attr]
        nodes.append(Node("index", "Index", "index", idx.aggregation, "index", [], weights, top,
                          None, idx.floor, idx.min_coverage, idx.missing))
        fric = []
    else:
        coop = [j for j in top if nodes[j].polarity == "cooperation"]
        fric = [j for j in top if nodes[j].polarity == "friction"]
        for side, members in (("cooperation", coop), ("friction", fric)):
            if members:
                spec = getattr(idx, side)
                weights = [nodes[j].dim.weight for j in members]  # type: ignore[union-attr]
                nodes.append(Node(side, side.capitalize(), side, spec.aggregation,
                                  f"index.{side}", [], weights, members, None, spec.floor,
                                  spec.min_coverage, spec.missing))
    children, weights_, methods, floors, min_cov, propagate = [], [], [], [], [], []
    for node in nodes:
        children.append(np.array(node.children + [n_leaves + s for s in node.sub], dtype=int))
        weights_.append(np.array(node.weights, dtype=float))
        methods.append(AGGREGATIONS[node.aggregation])
        floors.append(np.nan if node.floor is None else node.floor)
        min_cov.append(np.nan if node.min_coverage is None else node.min_coverage)
        propagate.append(node.missing == "propagate")
        with np.errstate(over="ignore"):
            total = float(np.sum(node.weights))
        if not math.isclose(total, 1.0):
            notes.append(f"weights of {node.key}'s children add up to {total:g}; "
                         "normalised to 1")
    if idx.kind != "composite" and not fric:
        notes.append("the catalogue declares no friction dimension: a plain composite index "
                     "(friction reported as absent)")
    n_nodes = len(nodes)
    return Tree(n_leaves, tuple(children), tuple(weights_), np.array(methods, dtype=int),
                np.array(floors, dtype=float), n_nodes - (2 if fric else 1),
                n_nodes - 1 if fric else -1, np.array(min_cov, dtype=float),
                np.array(propagate, dtype=bool))


def build_model(dataset: Dataset) -> Model:
    """Decide what counts, reconcile, and lay the dataset out as arrays.

    The steps, each a function of its own: which ledger records count and for which
    year (``_triage``); records of one fact reconciled into one observation
    (``_reconcile``); the plain rows of data tables as observations, by column
    (``_table_obs``); observations combined per cell, ties and conflicts found, zeros
    in observed spans and carry-forward (``_lay_out``); derived indicators
    (``_derive``); normalisation parameters; the tree (``_build_tree``).

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
    entities, ent = _entity_index(dataset)

    kept, excluded, periods = _triage(dataset, cat.index.periods)
    ledger_obs, facts, roles, unused = _reconcile(dataset, kept, periods, col, ent)
    excluded += unused
    table_obs, table_out = _table_obs(dataset, periods, col, ent)
    excluded += table_out
    obs = _Obs.concat([ledger_obs, table_obs])
    arrays = _lay_out(dataset, obs, entities, periods, columns, roles)
    _derive(arrays, columns, inds, col)
    _refuse_overflow(dataset, arrays, entities, periods, columns)

    leaves = [inds[c] for c in leaf_ids]
    transform = np.array([TRANSFORMS[i.transform] for i in leaves], dtype=int)
    method = np.array([METHODS[i.normalisation.method] for i in leaves], dtype=int)
    scope = np.array([SCOPES[i.normalisation.scope] for i in leaves], dtype=int)
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
    distinct = _distinct_observations(apply_transform(arrays["raw"][..., :n_leaves], transform),
                                      scope)
    floor = cat.index.data_methods_min_distinct
    for k, ind in enumerate(leaves):
        for where, nm in (("normalisation", ind.normalisation),
                          *((f"alternatives[{n}]", a) for n, a in enumerate(ind.alternatives))):
            if nm.method in DATA_METHODS and 0 < distinct[k] < floor:
                raise ScoringError(
                    f"normalises over the data ({nm.method}) but the indicator has only "
                    f"{int(distinct[k])} distinct observation(s), fewer than "
                    f"index.data_methods_min_distinct = {floor}: its bounds would be set by "
                    "the few values it scores",
                    path=dataset.path, key=f"{leaf_ids[k]}.{where}", value=nm.method,
                    fix="use goalposts with a declared basis, or lower "
                    "index.data_methods_min_distinct with a reason")
    tree = _build_tree(dataset, nodes, top, n_leaves, notes)

    raw = arrays["raw"]
    model = Model(dataset, entities, periods, columns, n_leaves, raw, arrays["low"],
                  arrays["high"], arrays["source"], arrays["n_obs"], arrays["status"],
                  tree, nodes, transform, method, p1, p2, sign, scope, excluded, facts, notes,
                  arrays["low_grade"][..., :n_leaves], roles, arrays["conflicts"],
                  arrays["obs_cell"], arrays["obs_ids"], arrays["obs_order"], cat.index.kind,
                  distinct)
    t = apply_transform(raw[..., :n_leaves], transform)
    flat = np.zeros(n_leaves, dtype=bool)
    for code in range(3):
        cols = scope == code
        if cols.any():
            x = t[..., cols]
            if code == 0:
                x = x.reshape(1, -1, x.shape[-1])
            elif code == 1:
                x = np.swapaxes(x, 0, 1)
            flat[cols] = np.any([degenerate_columns(xe, method[cols]) for xe in x], axis=0)
    for flat_k in np.flatnonzero(flat):
        msg = (f"indicator {leaf_ids[flat_k]!r} has no spread over the data, so its "
               f"{leaves[flat_k].normalisation.method} normalisation maps it to 0.5")
        notes.append(msg)
        warnings.warn(msg, RelindexWarning, stacklevel=2)
    return model


DATA_METHODS = frozenset({"minmax", "zscore", "rank"})
"""Normalisations computed from the data they score."""


def _distinct_observations(t: NDArray[np.float64], scope: NDArray[np.int_]) -> NDArray[np.int_]:
    """Distinct present values of each leaf within its scope (the fewest over its groups).

    `t` has shape (n_entities, n_periods, n_leaves); sorted once per scope, no loop over
    entities or periods.
    """
    E, P, L = t.shape
    out = np.zeros(L, dtype=int)
    for code, axis in ((0, 0), (1, 0), (2, 1)):
        cols = scope == code
        if not cols.any():
            continue
        x = t[..., cols]
        if code == 0:
            x = x.reshape(1, E * P, -1)
            axis = 1
        srt = np.sort(x, axis=axis)  # NaN last
        present = (~np.isnan(srt)).sum(axis=axis)
        lo_part = np.take(srt, np.arange(srt.shape[axis] - 1), axis=axis)
        hi_part = np.take(srt, np.arange(1, srt.shape[axis]), axis=axis)
        # NaN sorts last and differs from everything: the steps between present values
        steps = (hi_part != lo_part).sum(axis=axis) - np.isnan(hi_part).sum(axis=axis)
        distinct = np.where(present > 0, steps + 1, 0)
        has = present > 0
        fewest = np.where(has, distinct, np.iinfo(np.int64).max).min(axis=0)
        out[cols] = np.where(has.any(axis=0), fewest, 0)
    return out


def _shares(w: NDArray[np.float64]) -> NDArray[np.float64]:
    """Divide weights by their sum (scaled by the largest first: huge weights cannot overflow)."""
    peak = w.max() if w.size else 1.0
    scaled = w / peak if peak > 0 else w
    return scaled / scaled.sum()


def _ranks(index: NDArray[np.float64]) -> NDArray[np.int_]:
    """Competition ranks (1 = highest; ties share the best rank) per period, 0 if missing.

    `index` has shape (n_entities, n_periods); ranks are across entities.
    """
    E, P = index.shape
    ok = ~np.isnan(index)
    key = np.where(ok, -index, np.inf)
    srt = np.sort(key, axis=0)
    ranks = np.zeros((E, P), dtype=int)
    for p in range(P):  # one vectorised search per period
        ranks[:, p] = np.searchsorted(srt[:, p], key[:, p], side="left") + 1
    return np.where(ok, ranks, 0)


class _Builder:
    """Builds the result objects of one (entity, period) on demand from the arrays."""

    def __init__(self, model: Model, ev: Evaluation, table: dict[str, Any]) -> None:
        self.model, self.ev, self.table = model, ev, table
        self.tops = model.top_nodes()
        self.transformed = apply_transform(model.raw[..., :model.n_leaves], model.transform)
        self.nominal = {j: _shares(np.array(n.weights, dtype=float))
                        for j, n in enumerate(model.nodes)}
        self.kids = [list(model.tree.children[j]) for j in range(model.tree.n_nodes)]

    def dimension(self, j: int, e: int, p: int) -> DimensionResult:
        model, ev = self.model, self.ev
        node = model.nodes[j]
        L = model.n_leaves
        inds = model.dataset.indicators
        w_now = ev.weights[j][e, p]
        nominal = self.nominal[j]
        out_inds = []
        for k, c in enumerate(node.children):
            cid = model.columns[c]
            ind = inds[cid]
            s = int(model.source[e, p, c])
            st = model.cell_status(e, p, c)
            out_inds.append(IndicatorResult(
                id=cid, name=ind.name, unit=ind.unit, polarity=ind.polarity,
                raw=_opt(model.raw[e, p, c]), transformed=_opt(self.transformed[e, p, c]),
                normalized=_opt(ev.values[e, p, c]),
                weight=_opt(w_now[k]), nominal_weight=float(nominal[k]),
                contribution=_opt(ev.contribution[e, p, c]),
                carried=st == "carried",
                carried_from=model.periods[s] if st == "carried" else None,
                status=st, evidence=model.evidence_of(e, p, c),
                n_observations=int(model.n_obs[e, p, c]),
            ))
        subs = tuple(self.dimension(s, e, p) for s in node.sub)
        parent = model.tree.parent[L + j]
        pj = parent - L
        pos = self.kids[pj].index(L + j)
        return DimensionResult(
            id=node.id, name=node.name,
            polarity="index" if model.kind == "composite" else node.polarity,
            aggregation=node.aggregation,
            score=_opt(ev.values[e, p, L + j]), weight=_opt(ev.weights[pj][e, p, pos]),
            nominal_weight=float(self.nominal[pj][pos]),
            coverage=float(ev.coverage[e, p, j]),
            contribution=_opt(ev.contribution[e, p, L + j]),
            indicators=tuple(out_inds), dimensions=subs,
        )

    def period(self, e: int, p: int) -> PeriodResult:
        model, t = self.model, self.table
        P = len(model.periods)
        n = e * P + p
        if model.kind == "composite":
            cov = {"index": float(t["coverage"][n])}
        else:
            cov = {"cooperation": float(t["coverage_cooperation"][n])}
            if model.tree.friction >= 0:
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
            int(t["period"][n]), _opt(t["index"][n]),
            None if composite else _opt(t["cooperation"][n]),
            None if composite else _opt(t["friction"][n]), cov, dims,
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
                       for c in range(L) if model.status[e, p, c] == _CARRIED]
            return "carried from an earlier period: " + ", ".join(carried)
        if code == "no_friction_evidence":
            return ("no friction evidence in the sources: the net index lies in"
                    f"{span}, over the friction side's range 0-1")
        if code == "no_cooperation_evidence":
            return ("no cooperation evidence in the sources: the net index lies in"
                    f"{span}, over the cooperation side's range 0-1")
        return "no index: a side or a required dimension is missing"


FLAGS = ("below_coverage", "carried", "no_index", "no_friction_evidence",
         "no_cooperation_evidence")
"""Flag codes of a period, in bit order."""


def _opt(x: Any) -> float | None:
    x = float(x)
    return None if math.isnan(x) else x


def _table(model: Model, ev: Evaluation) -> dict[str, Any]:
    """The long table of every entity and period, as columns."""
    cat = model.dataset.catalogue
    E, P = len(model.entities), len(model.periods)
    L = model.n_leaves
    tree = model.tree
    min_cov = cat.index.headline_min_coverage
    composite = model.kind == "composite"
    cov_c = ev.coverage[..., tree.cooperation]
    has_f = tree.friction >= 0
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
    carried = (model.status[..., :L] == _CARRIED).any(axis=-1)
    coop = ev.cooperation
    fric = ev.friction
    no_c = np.isnan(coop) & ~composite
    no_f = np.isnan(fric) & has_f
    code = (low_cov.astype(int) + 2 * carried + 4 * (np.isnan(net) & ~no_f & ~no_c)
            + 8 * no_f + 16 * no_c)
    flag_codes = np.array([";".join(name for bit, name in enumerate(FLAGS) if k >> bit & 1)
                           for k in range(1 << len(FLAGS))], dtype=object)
    # a side without evidence: the net index lies anywhere its range allows
    i_lo = np.where(no_f & ~no_c, coop - 1.0, np.where(no_c & ~no_f, -fric,
                                                        np.where(no_c & no_f, -1.0, np.nan)))
    i_hi = np.where(no_f & ~no_c, coop, np.where(no_c & ~no_f, 1.0 - fric,
                                                  np.where(no_c & no_f, 1.0, np.nan)))
    cols: dict[str, Any] = {
        "entity": np.repeat(np.array(model.entities, dtype=object), P),
        "period": np.tile(np.array(model.periods), E),
        "index": net.ravel(),
        "cooperation": (np.full(E * P, np.nan) if composite else ev.cooperation.ravel()),
        "friction": ev.friction.ravel(),
        "coverage": coverage.ravel(),
        "coverage_cooperation": cov_c.ravel(),
        "coverage_friction": cov_f.ravel(),
        "rank": _ranks(net).ravel(),
        "headline": is_head.ravel(),
        "flags": flag_codes[code].ravel(),
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
        notes.append(
            f"no period has a net index with coverage >= {cat.index.headline_min_coverage} "
            "on each side: no headline (lower index.headline_min_coverage or add evidence)")
    builder = _Builder(model, ev, cols)
    return Result(
        catalogue=cat.catalogue.id, name=cat.catalogue.name, version=__version__,
        digest=ds.digest, kind=model.kind, entities=tuple(model.entities),
        years=tuple(model.periods), excluded=tuple(model.excluded), facts=tuple(model.facts),
        conflicts=tuple(model.conflicts), notes=tuple(notes),
        severity_scale=cat.catalogue.severity_scale,
        entity_names={e: s.name for e, s in ds.entities.items()},
        _table=ScoreTable(cols), _build=builder.period,
        _rows=tuple(range(len(model.entities))),
    )
