"""The design of the analysis: which uncertain inputs there are and where each acts.

An *input group* is one kind of modelling choice made uncertain (the weights, the
aggregation of each side, goalposts, normalisations, evidence values, low-graded
sources). Each group declares its inputs (rows of the design matrix) and changes one
stage of the model when it is run:

* ``"raw"``: the raw values before transformation (``Stage.raw``);
* ``"normalised"``: the normalised values (``Stage.norm``, with ``Stage.t`` the
  transformed values it was computed from);
* ``"weights"``: the children's weights of each node (``Stage.weights``);
* ``"aggregation"``: the aggregation method of each node (``Stage.method``).

`GROUP_BUILDERS` lists the builders in design order; a new kind of uncertainty is a
new `InputGroup` subclass and one more builder in that tuple. The order fixes the
columns of the quasi-random design, so a seed's numbers depend on it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import numpy as np
from numpy.typing import NDArray

from .._core.inputs import Bernoulli, Choice, UncertainInput, Uniform
from .._core.normalize import METHODS, SCOPES, goalposts, normalise_panel
from .._core.transform import apply_transform
from ..models import Uncertainty
from ..scoring import Model, normalisation_params
from ..scoring.tree import sides

__all__ = ["GROUP_BUILDERS", "Design", "InputGroup", "Stage", "build_design"]

Array = NDArray[np.float64]
StageName = Literal["raw", "normalised", "weights", "aggregation"]
NormOption = tuple[int, float, float, str, int]
"""(method code, p1, p2, label, scope) of one normalisation an indicator may take."""


@dataclass
class Stage:
    """The arrays of a batch of ``m`` samples as they pass through the model.

    Shapes: ``raw``, ``t`` and ``norm`` (m, E, P, L); ``weights[j]`` (m, 1, children of
    node j); ``method`` (m, 1, nodes).
    """

    m: int
    raw: Array
    t: Array | None = None
    norm: Array | None = None
    weights: list[Array] = field(default_factory=list)
    method: NDArray[np.int_] | None = None


class InputGroup:
    """A kind of uncertain input: its rows of the design and the stage it changes.

    Subclasses set `stage`, fill `inputs` and implement `apply` and `declared`.
    """

    stage: ClassVar[StageName]

    def __init__(self, model: Model) -> None:
        self.model = model
        self.inputs: list[UncertainInput] = []

    def add(self, inp: UncertainInput) -> int:
        """Append an input; return its row within this group."""
        self.inputs.append(inp)
        return len(self.inputs) - 1

    def apply(self, x: Array, s: Stage) -> None:
        """Change the stage's arrays for this group's rows ``x`` of shape (rows, m)."""
        raise NotImplementedError

    def declared(self) -> list[float]:
        """Design values that keep the declared choices (one per input)."""
        raise NotImplementedError


class WeightGroup(InputGroup):
    """Each node's child weights: multipliers in ``1 ± weight_range``, or a Dirichlet draw."""

    stage = "weights"

    def __init__(self, model: Model, weight_range: float, dirichlet: float | None) -> None:
        super().__init__(model)
        self.dirichlet = dirichlet
        self.rows: dict[int, list[int]] = {}
        low, high = (0.0, 1.0) if dirichlet is not None else (1 - weight_range, 1 + weight_range)
        tree = model.tree
        for j, node in enumerate(model.nodes):
            if len(tree.children[j]) < 2:
                continue
            self.rows[j] = [
                self.add(Uniform(f"weight {node.id}/{_child_name(model, kid)}", low, high,
                                 group=f"weights: {node.id}"))
                for kid in tree.children[j]]

    def apply(self, x: Array, s: Stage) -> None:
        """Replace the weights of every varied node."""
        for j, rows in self.rows.items():
            w = self.model.tree.weights[j]
            if self.dirichlet is not None:
                from .._core.sampling import dirichlet_weights

                u = np.clip(x[rows].T, 1e-12, 1 - 1e-12)
                s.weights[j] = dirichlet_weights(w, self.dirichlet, u)[:, None, :]
            else:
                s.weights[j] = (w[None, :] * x[rows].T)[:, None, :]

    def declared(self) -> list[float]:
        """Multiplier 1: the nominal weights (for Dirichlet weights, the top quantile)."""
        return [1.0] * len(self.inputs)


def _child_name(model: Model, kid: int) -> str:
    """The id of the child in value-table slot ``kid`` (indicator or node)."""
    L = model.n_leaves
    return model.columns[kid] if kid < L else model.nodes[kid - L].id


class AggregationGroup(InputGroup):
    """Each side's aggregation: arithmetic (0) or geometric (1), a fair coin."""

    stage = "aggregation"

    def __init__(self, model: Model) -> None:
        super().__init__(model)
        tree = model.tree
        side_nodes = list(sides(tree).values())
        self.rows = {j: self.add(Choice(f"aggregation: {model.nodes[j].id}",
                                        ("arithmetic", "geometric")))
                     for j in side_nodes if len(tree.children[j]) >= 2}

    def apply(self, x: Array, s: Stage) -> None:
        """Set each side's method code from its row."""
        assert s.method is not None
        for j, row in self.rows.items():
            s.method[:, 0, j] = x[row]

    def declared(self) -> list[float]:
        """The arithmetic mean."""
        return [0.0] * len(self.inputs)


class GoalpostGroup(InputGroup):
    """Goalposts declared with a range: each bound uniform over its range, in raw units."""

    stage = "normalised"

    def __init__(self, model: Model) -> None:
        super().__init__(model)
        self.rows: dict[int, tuple[int | None, int | None]] = {}
        self.bounds: list[float] = []
        for k in range(model.n_leaves):
            nm = model.indicators[k].normalisation
            if nm.method != "goalposts" or (nm.min_range is None and nm.max_range is None):
                continue
            rows: list[int | None] = []
            for bound, rng, nominal in (("min", nm.min_range, nm.min),
                                        ("max", nm.max_range, nm.max)):
                if rng is None or rng[0] == rng[1]:
                    rows.append(None)
                    continue
                rows.append(self.add(Uniform(f"goalpost {bound} {model.columns[k]}",
                                             float(rng[0]), float(rng[1]), group="goalposts")))
                self.bounds.append(float(nominal))  # type: ignore[arg-type]
            self.rows[k] = (rows[0], rows[1])

    def apply(self, x: Array, s: Stage) -> None:
        """Renormalise each indicator between its sampled goalposts."""
        model = self.model
        assert s.t is not None and s.norm is not None
        for k, (r_lo, r_hi) in self.rows.items():
            code = np.array([int(model.transform[k])])
            lo = (np.full(s.m, model.p1[k]) if r_lo is None
                  else apply_transform(x[r_lo][:, None], code)[:, 0])
            hi = (np.full(s.m, model.p2[k]) if r_hi is None
                  else apply_transform(x[r_hi][:, None], code)[:, 0])
            g = goalposts(s.t[..., k], lo[:, None, None], hi[:, None, None])
            s.norm[..., k] = 1.0 - g if model.sign[k] < 0 else g

    def declared(self) -> list[float]:
        """The declared goalposts."""
        return list(self.bounds)


class NormalisationGroup(InputGroup):
    """Each indicator's normalisation: the declared one or an alternative, equally likely."""

    stage = "normalised"

    def __init__(self, model: Model) -> None:
        super().__init__(model)
        self.rows: dict[int, int] = {}
        self.options: dict[int, list[NormOption]] = {}
        for k in range(model.n_leaves):
            options = _norm_options(model, k)
            if len(options) > 1:
                self.options[k] = options
                self.rows[k] = self.add(Choice(f"normalisation {model.columns[k]}",
                                               tuple(o[3] for o in options),
                                               group="normalisation"))

    def apply(self, x: Array, s: Stage) -> None:
        """Renormalise the samples that chose an alternative."""
        model = self.model
        assert s.t is not None and s.norm is not None
        for k, row in self.rows.items():
            choice = x[row].astype(int)
            col, sign = s.t[..., k:k + 1], model.sign[k:k + 1]
            for c, (code, a, b, _, scope) in enumerate(self.options[k]):
                if c == 0 or not np.any(choice == c):
                    continue  # option 0 is the declared normalisation, already computed
                alt = normalise_panel(col, np.array([code]), np.array([a]), np.array([b]),
                                      sign, np.array([scope]))
                s.norm[..., k] = np.where((choice == c)[:, None, None], alt[..., 0],
                                          s.norm[..., k])

    def declared(self) -> list[float]:
        """Option 0, the declared normalisation."""
        return [0.0] * len(self.inputs)


def _norm_options(model: Model, k: int) -> list[NormOption]:
    """Every normalisation indicator ``k`` may take, the declared one first."""
    ind = model.indicators[k]
    declared = (int(model.method[k]), float(model.p1[k]), float(model.p2[k]),
                f"declared ({ind.normalisation.method})", int(model.scope[k]))
    if not ind.alternatives:
        if model.method[k] == METHODS["minmax"] or _too_sparse(model, k) or _estimated(model, k):
            return [declared]
        return [declared, (METHODS["minmax"], 0.0, 0.0, "minmax", int(model.scope[k]))]
    out = [declared]
    for alt in ind.alternatives:
        code, p1, p2 = normalisation_params(alt, int(model.transform[k]))
        out.append((code, p1, p2, alt.method, SCOPES[alt.scope]))
    return out


def _too_sparse(model: Model, k: int) -> bool:
    """Whether indicator ``k`` has too few distinct observations for a data-based method."""
    floor = model.dataset.catalogue.index.data_methods_min_distinct
    return model.distinct is not None and bool(model.distinct[k] < floor)


def _estimated(model: Model, k: int) -> bool:
    """Whether indicator ``k`` is an event estimate.

    Min-max over its smoothed values would stretch the model's smoothing, not the
    evidence, over the whole scale.
    """
    return model.events is not None and k in model.events.posteriors


def _sparse(model: Model) -> list[int]:
    """Indicators without alternatives too sparse for min-max over the data."""
    return [k for k in range(model.n_leaves)
            if not model.indicators[k].alternatives and model.method[k] != METHODS["minmax"]
            and _too_sparse(model, k)]


EVIDENCE = "evidence"
"""The Sobol' group of every input that samples the evidence itself."""


class EvidenceValueGroup(InputGroup):
    """Each numeric indicator's values within their intervals, one uniform per indicator.

    The uniform maps piecewise-linearly: 0 gives the low end, 0.5 the value used, 1 the
    high end. Event indicators are drawn from their posteriors (`EventPosteriorGroup`).
    """

    stage = "raw"

    def __init__(self, model: Model) -> None:
        super().__init__(model)
        events = set() if model.events is None else set(model.events.posteriors)
        self.rows: dict[int, int] = {}
        for k in range(model.n_leaves):
            if k in events:
                continue
            lo, hi = model.low[..., k], model.high[..., k]
            present = ~np.isnan(model.raw[..., k])
            if present.any() and np.any(hi[present] > lo[present]):
                self.rows[k] = self.add(Uniform(f"evidence {model.columns[k]}", 0.0, 1.0,
                                                group=EVIDENCE))

    def apply(self, x: Array, s: Stage) -> None:
        """Move each varied indicator's values within their intervals."""
        model = self.model
        for k, row in self.rows.items():
            lo, hi, mid = model.low[..., k], model.high[..., k], model.raw[..., k]
            u = x[row][:, None, None]
            val = np.where(u < 0.5, lo + 2 * u * (mid - lo), mid + (2 * u - 1) * (hi - mid))
            s.raw[..., k] = np.where(np.isnan(mid), np.nan, val)

    def declared(self) -> list[float]:
        """The values used (0.5)."""
        return [0.5] * len(self.inputs)


class EventPosteriorGroup(InputGroup):
    """Each event indicator drawn from its posterior, one uniform per indicator.

    The uniform is the quantile taken in every entity and period (a path at one level
    of the posterior's spread): 0.5 gives the estimate used (the posterior mean),
    0.05 and 0.95 the ends of its 90% interval.
    """

    stage = "raw"

    def __init__(self, model: Model) -> None:
        super().__init__(model)
        self.rows: dict[int, int] = {}
        self.draws: dict[int, _PosteriorDraws] = {}
        posteriors = {} if model.events is None else model.events.posteriors
        for k in sorted(posteriors):
            if k < model.n_leaves:
                self.rows[k] = self.add(Uniform(f"evidence (events) {model.columns[k]}", 0.0, 1.0,
                                                group=EVIDENCE))
                self.draws[k] = _PosteriorDraws(posteriors[k])

    def apply(self, x: Array, s: Stage) -> None:
        """Replace each event indicator by its posterior quantile in every cell."""
        evs = self.model.events
        assert evs is not None
        for k, row in self.rows.items():
            s.raw[..., k] = self.draws[k](x[row]) * evs.scale[k][None]

    def declared(self) -> list[float]:
        """0.5: the posterior mean, the value the point estimate uses."""
        return [0.5] * len(self.inputs)


def _posterior_draw(post: Any, u: Array) -> Array:
    """Values at quantile ``u`` of every cell's posterior, shape (m, E, P).

    The quantile is shifted by a tent, zero at u = 0 and 1 and ``mean - median`` at 0.5,
    so that u = 0.5 gives the posterior mean the point estimate uses.
    """
    return _PosteriorDraws(post)(u)


class _PosteriorDraws:
    """`_posterior_draw` of one posterior: its cumulative sums and median found once."""

    def __init__(self, post: Any) -> None:
        cdf = np.cumsum(post.marginal, axis=-1)  # (E, P, G), non-decreasing along G
        self.values: Array = post.values
        self.shape: tuple[int, ...] = cdf.shape[:-1]
        self.cells: Array = cdf.reshape(-1, cdf.shape[-1])
        self.peak: Array = post.mean - self.quantile(np.array([0.5]))[0]

    def quantile(self, q: Array) -> Array:
        """The grid value at quantile ``q`` (shape (k,)) of every cell, shape (k, E, P)."""
        # grid points below q in each cell: a binary search per cell, not a sample x grid scan
        idx = np.empty((len(self.cells), q.size), dtype=np.intp)
        for c, row in enumerate(self.cells):
            idx[c] = np.searchsorted(row, q, side="left")
        out: Array = self.values[np.minimum(idx, self.values.size - 1)]
        return out.T.reshape(q.size, *self.shape)

    def __call__(self, u: Array) -> Array:
        """Values at quantile ``u`` (shape (m,)) of every cell, shifted by the tent."""
        u = np.clip(np.asarray(u, dtype=float), 1e-9, 1 - 1e-9)
        tent = (1.0 - np.abs(2.0 * u - 1.0))[:, None, None]
        return self.quantile(u) + tent * self.peak[None]


class CarryGroup(InputGroup):
    """Whether values are carried forward over gaps, or the gaps stay missing."""

    stage = "raw"

    def __init__(self, model: Model) -> None:
        super().__init__(model)
        self.add(Bernoulli("carry values forward over gaps", 0.5, group=EVIDENCE))

    def apply(self, x: Array, s: Stage) -> None:
        """Blank the carried cells in the samples that do not carry."""
        from ..scoring.cells import CARRIED

        carried = self.model.status[..., :self.model.n_leaves] == CARRIED
        drop = (x[0] < 0.5)[:, None, None, None] & carried[None]
        s.raw = np.where(drop, np.nan, s.raw)

    def declared(self) -> list[float]:
        """Carried, as declared."""
        return [1.0]


class LowGradeGroup(InputGroup):
    """Whether evidence resting only on sources graded D-F is included."""

    stage = "raw"

    def __init__(self, model: Model, probability: float) -> None:
        super().__init__(model)
        self.add(Bernoulli("include low-graded sources (D-F)", probability, group=EVIDENCE))

    def apply(self, x: Array, s: Stage) -> None:
        """Blank the low-graded cells in the samples that leave them out."""
        assert self.model.low_grade is not None
        drop = (x[0] < 0.5)[:, None, None, None] & self.model.low_grade[None]
        s.raw = np.where(drop, np.nan, s.raw)

    def declared(self) -> list[float]:
        """Included."""
        return [1.0]


Builder = Callable[[Model, Uncertainty, list[str]], InputGroup | None]


def _weights(model: Model, opts: Uncertainty, notes: list[str]) -> InputGroup | None:
    dirichlet = opts.dirichlet_concentration if opts.weights == "dirichlet" else None
    if dirichlet is None and opts.weight_range <= 0:
        return None
    return WeightGroup(model, opts.weight_range, dirichlet)


def _aggregation(model: Model, opts: Uncertainty, notes: list[str]) -> InputGroup | None:
    return AggregationGroup(model) if opts.vary_aggregation else None


def _goalposts(model: Model, opts: Uncertainty, notes: list[str]) -> InputGroup | None:
    return GoalpostGroup(model)


def _normalisation(model: Model, opts: Uncertainty, notes: list[str]) -> InputGroup | None:
    if not opts.vary_normalisation:
        return None
    sparse = [model.columns[k] for k in _sparse(model)]
    if sparse:
        floor = model.dataset.catalogue.index.data_methods_min_distinct
        notes.append(f"min-max over the data is not sampled as an alternative for "
                     f"{len(sparse)} indicator(s) with fewer than {floor} distinct observations "
                     f"({', '.join(sparse[:6])}{', ...' if len(sparse) > 6 else ''})")
    smooth = [model.columns[k] for k in range(model.n_leaves)
              if not model.indicators[k].alternatives and _estimated(model, k)
              and model.method[k] != METHODS["minmax"] and k not in _sparse(model)]
    if smooth:
        notes.append(f"min-max over the data is not sampled as an alternative for "
                     f"{len(smooth)} event indicator(s) whose values are model estimates "
                     f"({', '.join(smooth[:6])}{', ...' if len(smooth) > 6 else ''}): it "
                     "would stretch the estimates' smoothing over the whole scale")
    return NormalisationGroup(model)


def _evidence_values(model: Model, opts: Uncertainty, notes: list[str]) -> InputGroup | None:
    return EvidenceValueGroup(model) if opts.vary_evidence else None


def _events(model: Model, opts: Uncertainty, notes: list[str]) -> InputGroup | None:
    return EventPosteriorGroup(model) if opts.vary_evidence else None


def _carry(model: Model, opts: Uncertainty, notes: list[str]) -> InputGroup | None:
    from ..scoring.cells import CARRIED

    carried = (model.status[..., :model.n_leaves] == CARRIED).any()
    vary = opts.vary_evidence and opts.vary_carry_forward
    return CarryGroup(model) if vary and carried else None


def _low_grade(model: Model, opts: Uncertainty, notes: list[str]) -> InputGroup | None:
    p = opts.include_low_grade_probability
    if p < 1 and model.low_grade is not None and model.low_grade.any():
        return LowGradeGroup(model, p)
    return None


GROUP_BUILDERS: tuple[Builder, ...] = (
    _weights, _aggregation, _goalposts, _normalisation, _evidence_values, _low_grade,
    _events, _carry)
"""Builders of the input groups, in design order (each returns None when not varied)."""


@dataclass(frozen=True)
class Design:
    """The input groups of an analysis, in order; their inputs are the design's rows."""

    groups: tuple[InputGroup, ...]

    @property
    def inputs(self) -> list[UncertainInput]:
        """Every uncertain input, in design order."""
        return [inp for g in self.groups for inp in g.inputs]

    def slices(self) -> list[slice]:
        """The rows of each group in the design matrix."""
        out, start = [], 0
        for g in self.groups:
            out.append(slice(start, start + len(g.inputs)))
            start += len(g.inputs)
        return out

    def declared(self) -> Array:
        """One design column, shape (d, 1), that keeps every declared choice."""
        return np.array([v for g in self.groups for v in g.declared()], dtype=float)[:, None]

    def without(self, kind: type[InputGroup]) -> Design:
        """The design without the groups of one kind."""
        return Design(tuple(g for g in self.groups if not isinstance(g, kind)))

    def find(self, kind: type[InputGroup]) -> InputGroup | None:
        """The group of one kind, if the design has it."""
        return next((g for g in self.groups if isinstance(g, kind)), None)


def build_design(model: Model, opts: Uncertainty,
                 builders: Sequence[Builder] = GROUP_BUILDERS) -> tuple[Design, list[str]]:
    """The design of an analysis of ``model`` under ``opts``, and notes on what was left out.

    Groups that declare no input are dropped.
    """
    notes: list[str] = []
    groups = []
    for build in builders:
        g = build(model, opts, notes)
        if g is not None and g.inputs:
            groups.append(g)
    if not groups:
        notes.append("no uncertain input is declared: every sample equals the point estimate")
    return Design(tuple(groups)), notes


def describe(inp: Any) -> dict[str, Any]:
    """Name, group and distribution of one input, for the result."""
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
