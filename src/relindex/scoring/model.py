"""The model: a dataset laid out as arrays for the core, and the steps that build it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._core.aggregate import Evaluation, GeometricZeroError, Tree, evaluate
from .._core.normalize import METHODS, SCOPES, normalise_panel
from .._core.panel import distinct_observations, flat_columns
from .._core.transform import TRANSFORMS, apply_transform, transform_scalar
from ..dataset import Dataset
from ..errors import ScoringError, _warn
from ..models import Indicator, Normalisation
from ..result import Conflict, ExcludedRecord, FactResult
from .cells import (
    CARRIED,
    DERIVED,
    ESTIMATED,
    OBSERVED,
    STATUS,
    CellEvidence,
    Cells,
    lay_out,
)
from .context import Axes, Context, axes_of, context_of, shared_context
from .derive import derive, refuse_overflow
from .events import EventEvidence, estimate_events, reused_estimates, source_pairs
from .observations import Observations, table_observations
from .reconcile import reconcile, shared_facts
from .support import counted, side_sources
from .tree import Layout, Node, lay_out_tree, top_nodes
from .triage import shared_triage, triage

__all__ = ["DATA_METHODS", "Model", "build_model", "normalisation_params", "rescoring",
           "shared_layout"]

DATA_METHODS = frozenset({"minmax", "zscore", "rank"})
"""Normalisations computed from the data they score."""


@dataclass(kw_only=True, eq=False)
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
    cell_evidence: CellEvidence | None = field(default=None, repr=False)
    """The observations behind each cell."""
    kind: str = "cooperation-friction"
    reweighted: dict[str, float] = field(default_factory=dict)
    """The weights changed from the catalogue's (by dimension or indicator id), empty for
    the declared weights: results of this model say they are re-weighted."""
    _distinct: NDArray[np.int_] | None = field(default=None, repr=False)
    """`distinct`, once computed."""
    events: EventEvidence | None = field(default=None, repr=False)
    """Events and sources behind each cell, the raw measures and the event posteriors."""
    counted: NDArray[np.bool_] | None = None
    """(n_entities, n_periods, n_leaves): cells that count toward coverage (not carried,
    not an event estimate resting on too few sources)."""
    side_sources: NDArray[np.int_] | None = None
    """(n_entities, n_periods, 2): distinct sources behind each side's counted cells
    (cooperation or the composite index first, then friction)."""

    def __repr__(self) -> str:
        from .._display import model_repr

        return model_repr(self)

    @property
    def distinct(self) -> NDArray[np.int_]:
        """Distinct observations of each leaf within its normalisation scope.

        Computed at build where a leaf normalises over the data (the floor
        ``index.data_methods_min_distinct`` is checked there), otherwise when first read
        (the uncertainty analysis reads it).
        """
        if self._distinct is None:
            self._distinct = _distinct(self.raw, self.status, self.transform, self.scope,
                                       self.n_leaves)
        return self._distinct

    @cached_property
    def indicators(self) -> tuple[Indicator, ...]:
        """The scored indicators, in column order (built once: callers index it per leaf)."""
        inds = self.dataset.indicators
        return tuple(inds[c] for c in self.columns[: self.n_leaves])

    def cell_status(self, e: int, p: int, c: int) -> str:
        """The status of one cell as a word."""
        return STATUS[int(self.status[e, p, c])]

    def evidence_of(self, e: int, p: int, c: int) -> tuple[str, ...]:
        """Ids of the evidence records behind one cell (carried and derived cells too)."""
        st = int(self.status[e, p, c])
        if st == CARRIED:
            p = int(self.source[e, p, c])
        if st == DERIVED or (st == CARRIED and
                             self.dataset.indicators[self.columns[c]].derived is not None):
            d = self.dataset.indicators[self.columns[c]].derived
            if d is not None:
                col = {cid: k for k, cid in enumerate(self.columns)}
                return (self.evidence_of(e, p, col[d.of[0]])
                        + self.evidence_of(e, p, col[d.of[1]]))
        if st not in (OBSERVED, CARRIED) or self.cell_evidence is None:
            return ()
        P, C = len(self.periods), len(self.columns)
        return tuple(self.cell_evidence.ids_of((e * P + p) * C + c))

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
        # no transform: the leaves themselves (normalising never writes into its input)
        t = apply_transform(leaves, self.transform) if np.any(self.transform) else leaves
        return normalise_panel(t, self.method, self.p1, self.p2, self.sign, self.scope)

    def evaluate(self, leaves: NDArray[np.float64] | None = None, **kw: Any) -> Evaluation:
        """Run the core aggregation on normalised leaves (default: the model's own)."""
        norm = self.normalised() if leaves is None else leaves
        if "counted" not in kw and self.counted is not None:
            kw["counted"] = self.counted
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
        return top_nodes(self.tree)


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


@dataclass(frozen=True, kw_only=True)
class _Scaling:
    """How each leaf is transformed and normalised, as codes and parameters for the core."""

    transform: NDArray[np.int_]
    method: NDArray[np.int_]
    scope: NDArray[np.int_]
    p1: NDArray[np.float64]
    p2: NDArray[np.float64]
    sign: NDArray[np.float64]


def _scaling(ctx: Context, leaf_ids: tuple[str, ...]) -> _Scaling:
    """The transform and normalisation of each leaf as codes and parameters.

    The catalogue refused, at load, bounds that the transform cannot take
    (`relindex.models.Indicator`), so every parameter here is finite.
    """
    leaves = [ctx.indicators[c] for c in leaf_ids]
    transform = np.array([TRANSFORMS[i.transform] for i in leaves], dtype=int)
    p1 = np.zeros(len(leaves))
    p2 = np.zeros(len(leaves))
    for k, ind in enumerate(leaves):
        _, p1[k], p2[k] = normalisation_params(ind.normalisation, int(transform[k]))
    return _Scaling(
        transform=transform, p1=p1, p2=p2,
        method=np.array([METHODS[i.normalisation.method] for i in leaves], dtype=int),
        scope=np.array([SCOPES[i.normalisation.scope] for i in leaves], dtype=int),
        sign=np.array([1.0 if i.polarity == "positive" else -1.0 for i in leaves]))


def _refuse_few_distinct(ctx: Context, leaf_ids: tuple[str, ...],
                         distinct: NDArray[np.int_]) -> None:
    """Refuse a data-based normalisation over fewer distinct values than the floor."""
    floor = ctx.index.data_methods_min_distinct
    for k, iid in enumerate(leaf_ids):
        ind = ctx.indicators[iid]
        for where, nm in (("normalisation", ind.normalisation),
                          *((f"alternatives[{n}]", a) for n, a in enumerate(ind.alternatives))):
            if nm.method in DATA_METHODS and 0 < distinct[k] < floor:
                raise ScoringError(
                    f"normalises over the data ({nm.method}) but the indicator has only "
                    f"{int(distinct[k])} distinct observation(s), fewer than "
                    f"index.data_methods_min_distinct = {floor}: its bounds would be set by "
                    "the few values it scores",
                    path=ctx.path, key=f"{ctx.places[iid]}.{where}", value=nm.method,
                    fix="use goalposts with a declared basis, or lower "
                    "index.data_methods_min_distinct with a reason")


def _over_data(ind: Indicator) -> bool:
    """Whether an indicator's normalisation, or one of its alternatives, is over the data."""
    return (ind.normalisation.method in DATA_METHODS
            or any(a.method in DATA_METHODS for a in ind.alternatives))


def _distinct(raw: NDArray[np.float64], status: NDArray[np.int8], transform: NDArray[np.int_],
              scope: NDArray[np.int_], n_leaves: int) -> NDArray[np.int_]:
    """Distinct observations of each leaf within its scope (event estimates aside)."""
    # no transform: the leaves' raw values themselves (read only here), no copy
    transformed = (apply_transform(raw[..., :n_leaves], transform) if np.any(transform)
                   else raw[..., :n_leaves])
    # an event estimate fills every period: only periods with evidence are observations
    estimated = status[..., :n_leaves] == ESTIMATED
    seen = np.where(estimated, np.nan, transformed) if estimated.any() else transformed
    del estimated, transformed
    return distinct_observations(seen, scope)


def _flat_notes(ctx: Context, leaf_ids: tuple[str, ...], raw: NDArray[np.float64],
                scaling: _Scaling) -> list[str]:
    """Warn of (and note) each leaf with no spread for its data-based normalisation.

    Only leaves normalised over the data can lack spread: the others are not read.
    """
    notes: list[str] = []
    data = np.flatnonzero(np.isin(scaling.method, [METHODS[m] for m in DATA_METHODS]))
    if not len(data):
        return notes
    # only the data-based leaves transformed (no transform: their raw values, no copy)
    x = raw[..., data]
    transformed = apply_transform(x, scaling.transform[data]) if np.any(scaling.transform[
        data]) else x
    flat = flat_columns(transformed, scaling.method[data], scaling.scope[data])
    for k in data[flat]:
        msg = (f"indicator {leaf_ids[k]!r} has no spread over the data, so its "
               f"{ctx.indicators[leaf_ids[k]].normalisation.method} normalisation maps it "
               "to 0.5")
        notes.append(msg)
        _warn(msg)
    return notes


_SHARED: ContextVar[dict[int, tuple[object, Layout, _Scaling]] | None] = ContextVar(
    "relindex_shared_layout", default=None)


@contextmanager
def shared_layout() -> Iterator[None]:
    """Within the block, models of one catalogue share its laid-out tree and scaling.

    Both depend on the catalogue alone: rescoring a dataset without one source at a
    time (`relindex.leave_out`) builds them once instead of once per source.
    """
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


@contextmanager
def rescoring(model: Model) -> Iterator[None]:
    """Within the block, datasets of `model`'s catalogue share what their sources don't change.

    For rescoring without one source at a time (`relindex.leave_out`): what the
    scoring context reads of the catalogue (`relindex.scoring.context.shared_context`),
    the tree and scaling (`shared_layout`), each ledger record's triage
    (`relindex.scoring.triage.shared_triage`), each fact of the same records
    (`relindex.scoring.reconcile.shared_facts`) and each event estimate of the same counts,
    `model`'s own included (`relindex.scoring.events.reused_estimates`).
    """
    with (reused_estimates(model.events), shared_context(), shared_layout(), shared_triage(),
          shared_facts()):
        yield


def _layout(dataset: Dataset, ctx: Context) -> tuple[Layout, _Scaling]:
    """The catalogue's tree and scaling (shared inside `shared_layout`)."""
    memo = _SHARED.get()
    cat = dataset.catalogue
    hit = None if memo is None else memo.get(id(cat))
    if hit is not None and hit[0] is cat:
        return hit[1], hit[2]
    layout = lay_out_tree(ctx.dimensions, ctx.index)
    scaling = _scaling(ctx, layout.leaf_ids)
    if memo is not None:
        memo[id(cat)] = (cat, layout, scaling)  # the catalogue kept: its id stays its own
    return layout, scaling


def build_model(dataset: Dataset) -> Model:
    """Decide what counts, reconcile, and lay the dataset out as arrays.

    The steps, each a module of its own: the tree (`relindex.scoring.tree`); which
    ledger records count and for which year (`relindex.scoring.triage`); records of
    one fact reconciled into one observation (`relindex.scoring.reconcile`); the plain
    rows of data tables as observations (`relindex.scoring.observations`);
    observations combined per cell, ties and conflicts found, zeros in observed spans
    and carry-forward (`relindex.scoring.cells`); derived indicators
    (`relindex.scoring.derive`); then normalisation parameters.

    Parameters
    ----------
    dataset : Dataset

    Returns
    -------
    Model
    """
    ctx = context_of(dataset)
    layout, scaling = _layout(dataset, ctx)
    tri = triage(ctx)
    axes = axes_of(ctx, list(layout.leaf_ids), tri.periods)
    ledger = reconcile(ctx, tri.kept, axes)
    table_obs, table_out = table_observations(ctx, axes)
    obs = Observations.concat([ledger.observations, table_obs])
    del table_obs
    pairs = source_pairs(obs, ledger.sources if len(ledger.observations) else ())
    laid, events = estimate_events(ctx, obs, pairs, axes, lay_out(ctx, obs, axes))
    obs = obs.located()  # the cells hold the values now: only where each lies stays
    cells = derive(ctx, axes, laid)
    refuse_overflow(ctx, axes, cells)
    # only a leaf normalised over the data (or with such an alternative) needs its
    # distinct observations and its spread now; the others' are counted when first read
    distinct, flat = None, []
    if any(_over_data(ctx.indicators[c]) for c in layout.leaf_ids):
        distinct = _distinct(cells.raw, cells.status, scaling.transform, scaling.scope,
                             axes.n_leaves)
        _refuse_few_distinct(ctx, layout.leaf_ids, distinct)
        flat = _flat_notes(ctx, layout.leaf_ids, cells.raw[..., :axes.n_leaves], scaling)
    model = _model(dataset, ctx, axes, layout.nodes, layout.tree, scaling, cells, distinct,
                   notes=[*layout.notes],
                   excluded=[*tri.excluded, *ledger.excluded, *table_out],
                   facts=list(ledger.facts), roles={**ledger.roles, **cells.superseded})
    model.events = events
    model.counted = counted(ctx, axes, cells, events)
    model.side_sources = side_sources(ctx, axes, layout.nodes, obs, pairs, model.counted,
                                      cells.n_obs)
    model.notes.extend(flat)
    return model


def _model(dataset: Dataset, ctx: Context, axes: Axes, nodes: tuple[Node, ...], tree: Tree,
           scaling: _Scaling, cells: Cells, distinct: NDArray[np.int_] | None, *,
           notes: list[str],
           excluded: list[ExcludedRecord], facts: list[FactResult],
           roles: dict[str, str]) -> Model:
    """The model of the built steps."""
    return Model(
        dataset=dataset, entities=list(axes.entities), periods=list(axes.periods),
        columns=list(axes.columns), n_leaves=axes.n_leaves, raw=cells.raw, low=cells.low,
        high=cells.high, source=cells.source, n_obs=cells.n_obs, status=cells.status,
        tree=tree, nodes=list(nodes), transform=scaling.transform, method=scaling.method,
        p1=scaling.p1, p2=scaling.p2, sign=scaling.sign, scope=scaling.scope,
        excluded=excluded, facts=facts, notes=notes,
        low_grade=cells.low_grade[..., :axes.n_leaves], roles=roles,
        conflicts=list(cells.conflicts), cell_evidence=cells.evidence, kind=ctx.index.kind,
        _distinct=distinct)
