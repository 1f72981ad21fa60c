r"""Uncertainty and sensitivity analysis of the index (OECD/JRC Handbook, step 7).

The index is a chain of choices. Following Saisana, Saltelli & Tarantola (2005),
each choice becomes an uncertain input, declared in the catalogue's
``[uncertainty]`` table (overridable here):

* **weights**: each declared weight varies uniformly within ±``weight_range`` of
  its nominal value, or (``weights = "dirichlet"``) a level's weights are drawn
  jointly from a Dirichlet centred on the nominal ones (one group of inputs per
  node: "weights: trade");
* **aggregation**: each side (cooperation, friction) is arithmetic or geometric
  (a fair coin; the geometric mean uses the node's floor or ``geometric_floor``);
* **normalisation**: each indicator uses its declared normalisation or min-max
  over the data (one group, "normalisation");
* **evidence values**: each indicator's values move within their intervals
  (qualifier bounds, the spread of conflicting records, a declared relative
  error), one uniform per indicator mapped piecewise-linearly so that 0 gives
  the low end, 0.5 the value used and 1 the high end, grouped by dimension
  ("evidence: trade");
* **low-graded sources**: evidence resting only on sources graded D-F is
  included with probability ``include_low_grade_probability``.

Monte Carlo over the inputs (quasi-random Sobol' points by default) gives each
period's distribution of the net index and of both sides; variance-based
sensitivity gives first-order and total Sobol' indices of the headline net index
for each group (Saltelli 2010, Jansen 1999 estimators; bootstrap intervals).

Every sample is evaluated in one array computation of shape
``(samples, periods, indicators)``; large runs go in chunks within a memory budget.
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from ._core.aggregate import Tree, evaluate
from ._core.normalize import METHODS, SCOPES, goalposts, normalise_panel
from ._core.transform import apply_transform
from .dataset import Dataset, load
from .errors import LimitExceededError, RelindexError
from .result import _num
from .scoring import Model, build_model, normalisation_params

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DEFAULT_MAX_SAMPLES", "SensitivityResult", "analyse"]

DEFAULT_MAX_SAMPLES = 65_536
"""Largest base sample size accepted without ``max_samples`` being raised."""

DEFAULT_MEMORY_BUDGET = 256 * 2**20
"""Bytes the model's arrays may take per chunk of samples."""

Array = NDArray[np.float64]


@dataclass
class _Layout:
    """Which rows of the design matrix drive which choice."""

    inputs: list[Any]
    weight_rows: dict[int, list[int]] = field(default_factory=dict)
    method_rows: dict[int, int] = field(default_factory=dict)
    norm_rows: dict[int, int] = field(default_factory=dict)
    norm_options: dict[int, list[tuple[int, float, float, str, int]]] = field(
        default_factory=dict)
    value_rows: dict[int, int] = field(default_factory=dict)
    goalpost_rows: dict[int, tuple[int | None, int | None]] = field(default_factory=dict)
    """Leaf -> rows of the design that sample its goalposts (min, max), in raw units."""
    grade_row: int | None = None
    dirichlet: float | None = None


def _layout(model: Model, *, weight_range: float, vary_aggregation: bool,
            vary_normalisation: bool, include_low_grade: float,
            vary_evidence: bool = True, dirichlet: float | None = None,
            ) -> tuple[_Layout, list[str]]:
    from ._core.sampling import Bernoulli, Choice, Uniform

    notes: list[str] = []
    lay = _Layout([], dirichlet=dirichlet)
    tree = model.tree
    L = model.n_leaves
    if dirichlet is not None or weight_range > 0:
        # Dirichlet: uniforms mapped to a joint draw; else multipliers of each weight
        low, high = (0.0, 1.0) if dirichlet is not None else (1 - weight_range, 1 + weight_range)
        for j, node in enumerate(model.nodes):
            if len(tree.children[j]) < 2:
                continue
            rows = []
            for kid in tree.children[j]:
                name = model.columns[kid] if kid < L else model.nodes[kid - L].id
                rows.append(len(lay.inputs))
                lay.inputs.append(Uniform(f"weight {node.id}/{name}", low, high,
                                          group=f"weights: {node.id}"))
            lay.weight_rows[j] = rows
    if vary_aggregation:
        sides = [tree.cooperation] + ([tree.friction] if tree.friction >= 0 else [])
        for j in sides:
            if len(tree.children[j]) < 2:
                continue
            lay.method_rows[j] = len(lay.inputs)
            lay.inputs.append(Choice(f"aggregation: {model.nodes[j].id}",
                                     ("arithmetic", "geometric")))
    floor = model.dataset.catalogue.index.data_methods_min_distinct
    sparse = [model.columns[k] for k in range(L)
              if not model.indicators[k].alternatives and model.method[k] != METHODS["minmax"]
              and model.distinct is not None and model.distinct[k] < floor]
    if vary_normalisation and sparse:
        notes.append(f"min-max over the data is not sampled as an alternative for "
                     f"{len(sparse)} indicator(s) with fewer than {floor} distinct observations "
                     f"({', '.join(sparse[:6])}{', ...' if len(sparse) > 6 else ''})")
    for k in range(L):
        nm = model.indicators[k].normalisation
        if nm.method != "goalposts" or (nm.min_range is None and nm.max_range is None):
            continue
        rows_: list[int | None] = []
        for bound, rng in (("min", nm.min_range), ("max", nm.max_range)):
            if rng is None or rng[0] == rng[1]:
                rows_.append(None)
                continue
            rows_.append(len(lay.inputs))
            lay.inputs.append(Uniform(f"goalpost {bound} {model.columns[k]}", float(rng[0]),
                                      float(rng[1]), group="goalposts"))
        lay.goalpost_rows[k] = (rows_[0], rows_[1])
    if vary_normalisation:
        for k in range(L):
            options = _norm_options(model, k)
            if len(options) > 1:
                lay.norm_rows[k] = len(lay.inputs)
                lay.norm_options[k] = options
                lay.inputs.append(Choice(f"normalisation {model.columns[k]}",
                                         tuple(o[3] for o in options), group="normalisation"))
    dim_of = {}
    for node in model.nodes:
        for c in node.children:
            dim_of[c] = node.id
    for k in range(L if vary_evidence else 0):
        lo, hi = model.low[..., k], model.high[..., k]
        present = ~np.isnan(model.raw[..., k])
        if present.any() and np.any(hi[present] > lo[present]):
            lay.value_rows[k] = len(lay.inputs)
            lay.inputs.append(Uniform(f"evidence {model.columns[k]}", 0.0, 1.0,
                                      group=f"evidence: {dim_of.get(k, model.columns[k])}"))
    if include_low_grade < 1 and model.low_grade is not None and model.low_grade.any():
        lay.grade_row = len(lay.inputs)
        lay.inputs.append(Bernoulli("include low-graded sources (D-F)", include_low_grade))
    if not lay.inputs:
        notes.append("no uncertain input is declared: every sample equals the point estimate")
    return lay, notes


def _norm_options(model: Model, k: int) -> list[tuple[int, float, float, str, int]]:
    """(method code, p1, p2, label, scope) of each normalisation indicator k may take."""
    ind = model.indicators[k]
    declared = (int(model.method[k]), float(model.p1[k]), float(model.p2[k]),
                f"declared ({ind.normalisation.method})", int(model.scope[k]))
    if not ind.alternatives:
        floor = model.dataset.catalogue.index.data_methods_min_distinct
        if model.method[k] == METHODS["minmax"] or (
                model.distinct is not None and model.distinct[k] < floor):
            return [declared]
        return [declared, (METHODS["minmax"], 0.0, 0.0, "minmax", int(model.scope[k]))]
    out = [declared]
    for alt in ind.alternatives:
        code, p1, p2 = normalisation_params(alt, int(model.transform[k]))
        out.append((code, p1, p2, alt.method, SCOPES[alt.scope]))
    return out


@dataclass
class _Evaluator:
    """The index as a vectorised function of the design matrix."""

    model: Model
    layout: _Layout
    tree: Tree
    headline: int
    entity: int = 0
    calls: int = 0
    progress: Callable[[int], None] | None = None
    nominal_ranks: NDArray[np.int_] | None = None
    """Set for a many-entity target: the nominal ranks in the headline period."""

    def run(self, x: Array) -> tuple[Array, Array, Array, Array]:
        """Evaluate samples: x of shape (d, m) -> net, coop, fric (m, E, P), contrib (m, D)."""
        m = x.shape[1]
        model, lay = self.model, self.layout
        L = model.n_leaves
        base = model.raw[..., :L]
        raw = np.broadcast_to(base, (m, *base.shape)).copy()
        for k, row in lay.value_rows.items():
            lo, hi, mid = model.low[..., k], model.high[..., k], model.raw[..., k]
            u = x[row][:, None, None]
            # piecewise linear: u = 0 -> low, 0.5 -> the value used, 1 -> high
            val = np.where(u < 0.5, lo + 2 * u * (mid - lo), mid + (2 * u - 1) * (hi - mid))
            raw[..., k] = np.where(np.isnan(mid), np.nan, val)
        if lay.grade_row is not None and model.low_grade is not None:
            drop = (x[lay.grade_row] < 0.5)[:, None, None, None] & model.low_grade[None]
            raw = np.where(drop, np.nan, raw)
        t = apply_transform(raw, model.transform)
        norm = normalise_panel(t, model.method, model.p1, model.p2, model.sign, model.scope)
        for k, (r_lo, r_hi) in lay.goalpost_rows.items():
            code = int(model.transform[k])
            lo = (np.full(m, model.p1[k]) if r_lo is None
                  else apply_transform(x[r_lo][:, None], np.array([code]))[:, 0])
            hi = (np.full(m, model.p2[k]) if r_hi is None
                  else apply_transform(x[r_hi][:, None], np.array([code]))[:, 0])
            g = goalposts(t[..., k], lo[:, None, None], hi[:, None, None])
            norm[..., k] = 1.0 - g if model.sign[k] < 0 else g
        for k, row in lay.norm_rows.items():
            choice = x[row].astype(int)
            col = t[..., k:k + 1]
            sign = model.sign[k:k + 1]
            for c, (code, a, b, _, scope) in enumerate(lay.norm_options[k]):
                if c == 0 or not np.any(choice == c):
                    continue  # option 0 is the declared normalisation, already computed
                alt = normalise_panel(col, np.array([code]), np.array([a]), np.array([b]),
                                      sign, np.array([scope]))
                norm[..., k] = np.where((choice == c)[:, None, None], alt[..., 0],
                                        norm[..., k])
        weights = []
        for j, w in enumerate(self.tree.weights):
            rows = lay.weight_rows.get(j)
            if rows is None:
                weights.append(np.broadcast_to(w, (m, 1, len(w))))
            elif lay.dirichlet is not None:
                from ._core.sampling import dirichlet_weights

                u = np.clip(x[rows].T, 1e-12, 1 - 1e-12)
                weights.append(dirichlet_weights(w, lay.dirichlet, u)[:, None, :])
            else:
                weights.append((w[None, :] * x[rows].T)[:, None, :])
        method = np.broadcast_to(self.tree.method, (m, 1, self.tree.n_nodes)).copy()
        for j, row in lay.method_rows.items():
            method[:, 0, j] = x[row]
        ev = evaluate(norm, self.tree, weights=weights, method=method)
        top = model.top_nodes()
        contrib = ev.contribution[:, self.entity, self.headline, [L + j for j in top]]
        self.calls += m
        if self.progress is not None:
            self.progress(m)
        return ev.net, ev.cooperation, ev.friction, contrib

    def headline_net(self, x: Array) -> Array:
        """The target of the Sobol' design, shape (m,).

        The headline net index of the entity, or, for many entities, the mean absolute
        shift of their ranks from the nominal ranks (Saisana, Saltelli & Tarantola 2005).
        """
        net = self.run(x)[0][:, :, self.headline]
        if self.nominal_ranks is None:
            return net[:, self.entity]
        ranks = sample_ranks(net)
        ok = (ranks > 0) & (self.nominal_ranks[None, :] > 0)
        shift = np.where(ok, np.abs(ranks - self.nominal_ranks[None, :]), 0.0)
        return shift.sum(axis=1) / np.maximum(ok.sum(axis=1), 1)


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


@dataclass(frozen=True)
class SensitivityResult:
    """Uncertainty bands per period and Sobol' indices of the headline net index."""

    periods: tuple[dict[str, Any], ...]
    """Per period: ``{"period", "point", "index", "cooperation", "friction"}``, each a dict
    of ``median``, ``p05``, ``p95``, ``p_positive``, ``mean``, ``sd``."""
    sobol: tuple[dict[str, Any], ...]
    """Per input group: ``{"input", "first_order", "total_order", "first_order_ci",
    "total_order_ci", "members"}``."""
    rank_stability: tuple[dict[str, Any], ...]
    """Per top-level dimension: its nominal rank and how often it holds each rank."""
    samples: int
    seed: int | None
    headline_period: int
    n_evaluations: int
    inputs: tuple[dict[str, Any], ...]
    """Every uncertain input: name, group, distribution."""
    notes: tuple[str, ...] = ()
    version: str = ""
    digest: str = ""
    entity: str | None = None
    """The entity whose headline index the Sobol' indices explain (None: the mean rank
    shift of all entities, or a one-entity catalogue)."""
    ranks: tuple[dict[str, Any], ...] = ()
    """Per entity, with several: ``{"entity", "nominal_rank", "median_rank", "p05", "p95"}``
    in the headline period (the JRC audits' rank intervals)."""

    def period(self, year: int, entity: str | None = None) -> dict[str, Any]:
        """The uncertainty summary of one period (of `entity`, where there are several).

        Raises
        ------
        RelindexError
            When the period (or entity) is not in the analysis.
        """
        for p in self.periods:
            if p["period"] == year and (entity is None or p.get("entity", entity) == entity):
                return p
        raise RelindexError("is not a period of the analysis", key="period", value=year,
                            fix="choose a scored period")

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (the documented ``relindex sensitivity`` shape)."""
        return {
            "periods": [dict(p) for p in self.periods],
            "sobol": [dict(s) for s in self.sobol],
            "rank_stability": [dict(r) for r in self.rank_stability],
            "samples": self.samples,
            "seed": self.seed,
            "headline_period": self.headline_period,
            "n_evaluations": self.n_evaluations,
            "inputs": [dict(i) for i in self.inputs],
            "notes": list(self.notes),
            "version": self.version,
            "digest": self.digest,
            "entity": self.entity,
            "ranks": [dict(r) for r in self.ranks],
        }

    def to_frame(self, table: str = "periods") -> pd.DataFrame:
        """One of the analysis' tables as a pandas DataFrame.

        Parameters
        ----------
        table : {"periods", "sobol", "ranks", "rank_stability", "inputs"}, default "periods"
            See `relindex.frames.sensitivity_frame`.
        """
        from .frames import sensitivity_frame

        return sensitivity_frame(self, table)

    def __repr__(self) -> str:
        from ._display import sensitivity_repr

        return sensitivity_repr(self)


def _describe(inp: Any) -> dict[str, Any]:
    kind = type(inp).__name__
    out: dict[str, Any] = {"name": inp.name, "group": inp.group or inp.name,
                           "distribution": kind}
    if kind == "Uniform":
        out.update(low=inp.low, high=inp.high)
    elif kind == "Choice":
        out.update(options=list(inp.options))
    elif kind == "Bernoulli":
        out.update(p=inp.p)
    return out


class _Progress:
    """A one-line progress bar on stderr, shown only on a terminal after a second."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done = total, 0
        self.enabled = enabled and sys.stderr.isatty()
        self.start = time.perf_counter()
        self.shown = False

    def __call__(self, m: int) -> None:
        self.done += m
        if not self.enabled or time.perf_counter() - self.start < 1.0:
            return
        frac = min(self.done / self.total, 1.0)
        bar = "#" * int(30 * frac)
        sys.stderr.write(f"\rrelindex: {bar:<30} {100 * frac:5.1f}% of {self.total:,} runs")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")


def _check_memory(n: int, d: int, cells: int, n_top: int, n_groups: int) -> None:
    """Refuse a run whose stored samples and outputs would not fit in physical memory.

    The run keeps the design (n x d), the net index, cooperation and friction of every
    sample (n x cells each), the contributions (n x n_top) and the Sobol' outputs
    (n x (groups + 2)), all float64; chunked evaluation adds a bounded budget on top.
    """
    need = 8 * n * (2 * d + 3 * cells + n_top + n_groups + 2)
    try:
        ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        ram = 1 << 40
    if need > ram // 2:
        raise LimitExceededError(
            f"needs about {need / 1e9:,.1f} GB for {n:,} base samples, more than half of "
            f"this machine's memory ({ram / 1e9:,.1f} GB)", key="samples", value=n,
            fix="use fewer samples (e.g. 1024 or 4096)")


def analyse(
    data: Dataset | Model | str | Any | None = None,
    *,
    samples: int | None = None,
    seed: int | None = None,
    weight_range: float | None = None,
    vary_aggregation: bool | None = None,
    vary_normalisation: bool | None = None,
    include_low_grade_probability: float | None = None,
    vary_evidence: bool | None = None,
    n_resamples: int = 200,
    max_samples: int = DEFAULT_MAX_SAMPLES,
    memory_budget: int = DEFAULT_MEMORY_BUDGET,
    progress: bool = False,
    entity: str | None = None,
) -> SensitivityResult:
    """Monte Carlo uncertainty and Sobol' sensitivity of the index.

    Parameters
    ----------
    data : Dataset, Model, str or Path, optional
        What to analyse; default the shipped Russia-China catalogue.
    samples : int, optional
        Base sample size N, a power of two (default: the catalogue's
        ``uncertainty.samples``). The uncertainty bands use N quasi-random
        samples; the Sobol' design runs the model N (G + 2) times for G groups.
    seed : int, optional
        Makes the run reproducible (same seed, same result). ``None`` draws fresh
        randomness.
    weight_range, vary_aggregation, vary_normalisation, include_low_grade_probability, vary_evidence
        Override the catalogue's ``[uncertainty]`` defaults.
    n_resamples : int, default 200
        Bootstrap resamples for the Sobol' confidence intervals.
    max_samples : int, default 65,536
        Refuse larger ``samples`` (raise it explicitly for bigger runs).
    memory_budget : int
        Bytes the model's arrays may take per chunk of samples.
    progress : bool, default False
        Show a progress bar on a terminal for runs longer than a second.
    entity : str, optional
        With several entities: the one whose headline index the Sobol' indices explain.
        Without it, they explain the mean absolute shift of the entities' ranks from
        their nominal ranks in the latest headline period (Saisana, Saltelli & Tarantola
        2005), and every entity gets its rank interval.

    Returns
    -------
    SensitivityResult

    Raises
    ------
    LimitExceededError
        When ``samples`` exceeds ``max_samples``.
    RelindexError
        On a bad option (``samples`` not a power of two, ranges out of bounds).

    Examples
    --------
    >>> import relindex.sensitivity as rs
    >>> res = rs.analyse(samples=64, seed=1, n_resamples=0)
    >>> head = res.period(res.headline_period)
    >>> head["index"]["p05"] <= head["index"]["median"] <= head["index"]["p95"]
    True
    """
    from ._core.sampling import sample
    from ._core.sobol import rank_stability, sobol_indices, uncertainty_summary

    if isinstance(data, Model):
        model = data
    else:
        model = build_model(data if isinstance(data, Dataset) else load(data))
    spec = model.dataset.catalogue.uncertainty
    n = spec.samples if samples is None else samples
    if isinstance(n, bool) or not isinstance(n, int) or n < 8 or n & (n - 1):
        raise RelindexError("must be a power of two, at least 8", key="samples", value=n,
                            fix="use 256, 1024, 4096, ...")
    if n > max_samples:
        raise LimitExceededError(
            f"exceeds the limit of {max_samples:,} base samples", key="samples", value=n,
            fix="pass a larger max_samples (CLI: --max-samples) if you mean it",
        )
    wr = spec.weight_range if weight_range is None else weight_range
    if not (0 <= wr < 1):
        raise RelindexError("must be within [0, 1)", key="weight_range", value=wr,
                            fix="use e.g. 0.25 for ±25%")
    p_low = (spec.include_low_grade_probability if include_low_grade_probability is None
             else include_low_grade_probability)
    if not (0 <= p_low <= 1):
        raise RelindexError("must be within [0, 1]", key="include_low_grade_probability",
                            value=p_low, fix="use a probability")
    layout, notes = _layout(
        model, weight_range=wr,
        vary_aggregation=spec.vary_aggregation if vary_aggregation is None else vary_aggregation,
        vary_normalisation=(spec.vary_normalisation if vary_normalisation is None
                            else vary_normalisation),
        include_low_grade=p_low,
        vary_evidence=spec.vary_evidence if vary_evidence is None else vary_evidence,
        dirichlet=spec.dirichlet_concentration if spec.weights == "dirichlet" else None,
    )
    from .scoring import score

    full = score(model)
    E = len(model.entities)
    e_h = 0
    if entity is not None:
        if entity not in model.entities:
            raise RelindexError("is not an entity of the catalogue", key="entity",
                                value=entity, fix="choose one of " + ", ".join(
                                    model.entities[:12]))
        e_h = model.entities.index(entity)
    point = full.entity(model.entities[e_h])
    many = E > 1 and entity is None
    target = full if many else point
    if target.headline_period is None:
        raise RelindexError("the index has no headline period to analyse",
                            fix="add evidence or lower index.headline_min_coverage")
    head_year = target.headline_period
    h = model.periods.index(head_year)
    tree = model.tree
    floors = np.where(np.isnan(tree.floor), spec.geometric_floor, tree.floor)
    tree = replace(tree, floor=floors)
    evaluator = _Evaluator(model, layout, tree, h, e_h)
    nominal_net = full._table.columns["index"].reshape(E, -1)  # type: ignore[union-attr]
    nominal_ranks = sample_ranks(nominal_net[:, h][None, :])[0]
    if many:
        evaluator.nominal_ranks = nominal_ranks

    if not layout.inputs:
        raise RelindexError("no uncertain input to analyse", key="uncertainty",
                            fix="enable weight_range, vary_aggregation or vary_normalisation")
    # low-graded evidence must not empty the headline period
    if layout.grade_row is not None:
        probe = np.ones((len(layout.inputs), 1))
        probe[layout.grade_row] = 0.0
        for row in layout.method_rows.values():
            probe[row] = 0.0
        for row in layout.norm_rows.values():
            probe[row] = 0.0
        for row in layout.value_rows.values():
            probe[row] = 0.5
        for k, (r_lo, r_hi) in layout.goalpost_rows.items():
            nm = model.indicators[k].normalisation
            if r_lo is not None:
                probe[r_lo] = nm.min
            if r_hi is not None:
                probe[r_hi] = nm.max
        if np.isnan(evaluator.headline_net(probe)[0]):
            notes.append("excluding the D-F graded evidence would leave the headline period "
                         "without a net index, so low-graded sources are always included")
            layout.inputs.pop(layout.grade_row)
            layout.grade_row = None
    d = len(layout.inputs)
    P = len(model.periods)
    per_sample = 8 * E * P * (model.n_leaves + tree.n_nodes) * 24 + 8 * d
    chunk = max(1, min(n * (d + 2), memory_budget // max(per_sample, 1)))
    groups = sorted({i.group or i.name for i in layout.inputs})
    total = n + n * (len(groups) + 2)
    _check_memory(n, d, E * P, len(model.top_nodes()), len(groups))
    bar = _Progress(total, progress)
    evaluator.progress = bar
    try:
        X = sample(layout.inputs, n, seed=seed, method="sobol")
        outs = [evaluator.run(X[i:i + chunk].T) for i in range(0, n, chunk)]
        net = np.concatenate([o[0] for o in outs])
        coop = np.concatenate([o[1] for o in outs])
        fric = np.concatenate([o[2] for o in outs])
        contrib = np.concatenate([o[3] for o in outs])
        sob = sobol_indices(evaluator.headline_net, layout.inputs, n,
                            seed=None if seed is None else seed + 1,
                            chunk_size=chunk, n_resamples=n_resamples)
    except MemoryError:
        raise LimitExceededError(
            f"{n:,} base samples do not fit in memory", key="samples", value=n,
            fix="use fewer samples (e.g. 1024 or 4096)") from None
    finally:
        bar.close()

    periods = []
    outside: list[str] = []
    keys = ("median", "p05", "p95", "p_positive", "mean", "sd")
    shown = range(E) if many else [e_h]
    for ei in shown:
        sums = {k: uncertainty_summary(v[:, ei]) for k, v in
                (("index", net), ("cooperation", coop), ("friction", fric))}
        rows = full.entity(model.entities[ei]).periods
        for p, year in enumerate(model.periods):
            pr = rows[p]
            entry: dict[str, Any] = {
                "period": year,
                "point": {"index": _num(pr.index), "cooperation": _num(pr.cooperation),
                          "friction": _num(pr.friction)},
            }
            if E > 1:
                entry = {"entity": model.entities[ei], **entry}
            for name, s in sums.items():
                col = {"index": net, "cooperation": coop, "friction": fric}[name][:, ei, p]
                if np.isnan(col).any():
                    ok = col[~np.isnan(col)]
                    entry[name] = ({k: _num(v) for k, v in uncertainty_summary(ok).items()}
                                   if len(ok) >= 2 else {k: None for k in keys})
                    entry[name]["share_missing"] = float(np.isnan(col).mean())
                else:
                    entry[name] = {k: _num(s[k][p]) for k in keys}
            pt, band = entry["point"]["index"], entry["index"]
            inside = (None if pt is None or band.get("p05") is None
                      else bool(band["p05"] - 1e-12 <= pt <= band["p95"] + 1e-12))
            entry["point_inside"] = inside
            if inside is False:
                outside.append(f"{year}" if E == 1 else f"{model.entities[ei]} {year}")
            periods.append(entry)
    if outside:
        notes.append("the point value lies outside its own 5-95% band in "
                     f"{', '.join(outside)}: the declared choices put most of the "
                     "distribution elsewhere; read the band, not only the point")
    ranks_out: list[dict[str, Any]] = []
    if E > 1:
        r = sample_ranks(net[:, :, h]).astype(float)
        r[r == 0] = np.nan
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # an entity never ranked
            q = np.nanpercentile(r, [50, 5, 95], axis=0)
        for ei in range(E):
            ranks_out.append({
                "entity": model.entities[ei], "period": head_year,
                "nominal_rank": int(nominal_ranks[ei]) or None,
                "median_rank": _num(q[0, ei]), "p05": _num(q[1, ei]), "p95": _num(q[2, ei]),
                "share_unranked": float(np.isnan(r[:, ei]).mean())})

    top = model.top_nodes()
    rs = rank_stability(np.nan_to_num(contrib, nan=0.0))
    nominal = point.period(head_year).dimensions
    order = np.argsort([-abs(d.contribution or 0.0) for d in nominal], kind="stable")
    nominal_rank = {nominal[i].id: r for r, i in enumerate(order)}
    stability = tuple(
        {"dimension": model.nodes[j].id, "nominal_rank": nominal_rank.get(model.nodes[j].id),
         "modal_rank": int(rs.modal_rank[i]), "modal_frequency": float(rs.modal_frequency[i]),
         "frequency": [float(v) for v in rs.frequency[i]]}
        for i, j in enumerate(top)
    )
    members: dict[str, list[str]] = {}
    for inp in layout.inputs:
        members.setdefault(inp.group or inp.name, []).append(inp.name)
    sobol = [{"input": g["input"],
              "first_order": _num(g["first_order"]),
              "total_order": _num(g["total_order"]),
              "first_order_ci": [_num(v) for v in g["first_order_ci"]],
              "total_order_ci": [_num(v) for v in g["total_order_ci"]],
              "members": members.get(g["input"], [g["input"]])}
             for g in sob.to_dict()]
    return SensitivityResult(
        periods=tuple(periods), sobol=tuple(sobol), rank_stability=stability, samples=n,
        seed=seed, headline_period=head_year, n_evaluations=total,
        inputs=tuple(_describe(i) for i in layout.inputs), notes=tuple(notes),
        version=point.version, digest=point.digest,
        entity=entity, ranks=tuple(ranks_out),
    )
