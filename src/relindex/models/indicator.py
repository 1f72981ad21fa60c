"""An indicator: what is measured, how it is normalised, and how it enters its dimension."""

import math
from functools import cached_property
from typing import Literal, Self

from pydantic import (
    Field,
    field_validator,
    model_validator,
)

from ._base import (
    Id,
    Label,
    Loc,
    Reason,
    _finite_nonneg,
    _Model,
    problem,
    refuse,
)
from .period import Period


class Normalisation(_Model):
    """How an indicator's (transformed) values map onto [0, 1]."""

    method: Literal["goalposts", "minmax", "zscore", "distance", "rank"]
    """``goalposts`` (fixed bounds, clipped), ``minmax`` (over the data), ``zscore``
    (clipped at ±``clip`` sd), ``distance`` (to ``reference``) or ``rank`` (percentile)."""
    min: float | None = None
    """goalposts: the value that maps to 0, in the indicator's raw unit."""
    max: float | None = None
    """goalposts: the value that maps to 1, in the indicator's raw unit."""
    clip: float = 3.0
    """zscore: standard deviations at which the z-score is clipped before mapping to [0, 1]."""
    reference: float | None = None
    """distance: the reference value, which maps to 1."""
    scale: float | None = None
    """distance: the distance from ``reference`` at which the value reaches 0."""
    basis: str | None = None
    """goalposts and distance: what the bounds rest on, outside the data they score: a
    published statistic or a reference set of relationships, with its citation (``0-100 by
    construction`` for shares). ``relindex check`` flags fixed bounds without one."""
    from_data: bool = False
    """True when the bounds were read off the data they score (say so: ``relindex check``
    flags it)."""
    min_range: tuple[float, float] | None = None
    """goalposts: the interval within which ``min`` is uncertain (sampled by the
    uncertainty analysis), in the raw unit."""
    max_range: tuple[float, float] | None = None
    """goalposts: the interval within which ``max`` is uncertain, in the raw unit."""
    scope: Literal["panel", "period", "entity"] = "panel"
    """Data-based methods (min-max, z-score, rank): the values they are computed over:
    the whole panel of entities and periods (default), the entities within each period
    (a cross-section, as in a country ranking), or the periods within each entity (a
    time series). Fixed goalposts and a distance reference ignore it."""
    reason: str | None = None
    """Why this normalisation (and these goalposts) was chosen."""

    @model_validator(mode="after")
    def _params(self) -> Self:
        if self.method == "goalposts":
            if self.min is None or self.max is None:
                raise ValueError("goalposts need both 'min' and 'max'")
            if not (math.isfinite(self.min) and math.isfinite(self.max)):
                raise ValueError("goalposts 'min' and 'max' must be finite")
            if self.min >= self.max:
                raise ValueError(f"goalpost min ({self.min}) must be below max ({self.max})")
            for name, rng, at in (("min_range", self.min_range, self.min),
                                  ("max_range", self.max_range, self.max)):
                if rng is None:
                    continue
                if not all(math.isfinite(v) for v in rng) or not rng[0] <= at <= rng[1]:
                    raise ValueError(f"{name} must be a finite interval [low, high] that "
                                     f"holds the goalpost ({at:g})")
            if (self.min_range and self.max_range
                    and self.min_range[1] >= self.max_range[0]):
                raise ValueError("min_range must lie below max_range")
        elif self.min_range is not None or self.max_range is not None:
            raise ValueError("min_range and max_range apply to goalposts only")
        if self.method == "zscore" and not (math.isfinite(self.clip) and self.clip > 0):
            raise ValueError("zscore 'clip' must be a finite number > 0")
        if self.method == "distance":
            if self.reference is None or self.scale is None:
                raise ValueError("distance needs 'reference' and 'scale'")
            if not math.isfinite(self.reference):
                raise ValueError("distance 'reference' must be a finite number")
            if not (math.isfinite(self.scale) and self.scale > 0):
                raise ValueError("distance 'scale' must be a finite number > 0")
        return self


class Derived(_Model):
    """An indicator computed from two other series (e.g. an asymmetry of trade shares)."""

    op: Literal["difference", "ratio", "sum", "salience", "symmetry"]
    """``difference`` (a - b), ``ratio`` (a / b), ``sum`` (a + b), or Barbieri's (1996)
    trade-interdependence measures of two dependence shares given as fractions in [0, 1]:
    ``salience`` (the geometric mean, sqrt(a b)) and ``symmetry`` (1 - |a - b|)."""
    of: tuple[Id, Id]
    """The ids of the two series or indicators, in order (a, b)."""
    scale: float = Field(default=1.0, gt=0)
    """Multiplies both operands first (``0.01`` turns percentages into the fractions that
    ``salience`` and ``symmetry`` take)."""
    reason: Reason
    """Why the indicator is derived this way (cite the method)."""


class Indicator(_Model):
    """One measured quantity and how it enters its dimension."""

    name: Label
    """Human-readable name."""
    description: str = ""
    """What is measured, precisely."""
    unit: Label
    """Unit of the values (``USD bn``, ``%``, ``events``); evidence must use the same unit."""
    kind: Literal["numeric", "event"] = "numeric"
    """``numeric`` for quantities quoted as numbers; ``event`` for counted or graded events."""
    polarity: Literal["positive", "negative"] = "positive"
    """``positive``: a higher value raises its dimension's score; ``negative``: lowers it."""
    transform: Literal["none", "log", "log1p"] = "none"
    """Applied before normalisation: ``log`` for heavy-tailed quantities, ``log1p`` for counts."""
    normalisation: Normalisation
    """How values map onto [0, 1]."""
    alternatives: tuple[Normalisation, ...] = ()
    """Other defensible normalisations, sampled in the uncertainty analysis (with the
    declared one, equally likely). None declared: the alternative is min-max over the data."""
    weight: float = 1.0
    """Weight inside its dimension (normalised by the library)."""
    combine: Literal["latest", "mean", "max", "min", "sum", "count"] = "latest"
    """How several observations for one entity and period combine."""
    ties: Literal["error", "mean", "max", "min"] = "error"
    """``combine = "latest"``: what to do when the newest observations of a cell have no
    date to tell them apart (table rows, sources of the same date) and disagree: refuse
    (``error``, naming them), or take their mean, maximum or minimum."""
    carry_forward: int = Field(default=0, ge=0, le=50)
    """Periods a value may be carried forward into later periods with no evidence (0 = none)."""
    carry_forward_reason: str = ""
    """Why values may (or may not) be carried forward."""
    event_types: tuple[Id, ...] = ()
    """event indicators: the event types (from ``[event_types]``) that count."""
    measure: Literal["count", "severity", "share"] = "count"
    """event indicators: count events, add up their severities (absolute scale values), or
    ``share``: this indicator's severity as a percentage of the severity of every coded
    cooperation and friction event of the same entity and period (a balance that does not
    grow with how much the sources report)."""
    grade_weighted: bool | None = None
    """No longer accepted: grades never scale an event's count or severity (they weigh
    the evidence in estimation). Remove the key."""
    drift_sd: float | None = Field(default=None, gt=0, le=5)
    """event indicators: the step of the random walk the latent value follows from one
    period to the next (log-odds for shares, log-rate for counts); default: averaged over a
    grid of steps from 0.02 to 2, each weighted by its marginal likelihood (docs: Evidence
    as measurement)."""
    drift_sd_reason: str = ""
    """Why ``drift_sd`` is declared rather than estimated (required with it)."""
    tags: tuple[Literal["forecast", "characterisation", "non_state"], ...] = ()
    """event indicators: count only records carrying one of these tags (a separate
    dimension for, say, actions of non-state actors); none: only untagged records."""
    concept: str | None = None
    """The construct the indicator measures at bottom (``dependence``, ``trade volume``);
    ``relindex check`` flags one construct on both sides of the index."""
    observed: str | None = None
    """event indicators: the span (e.g. ``"2018/2024"``) in which the sources are taken to
    report every event of these types, so a year in it with none is a zero, not a gap."""
    observed_reason: str | None = None
    """Why the sources are taken to be complete over ``observed``."""
    flow: bool = False
    """True for quantities that add up over time (trade in a year): a partial-period figure
    is then a lower bound for the full period, never its value."""
    partial: Literal["exclude", "assign"] = "exclude"
    """What a figure for part of a year does: ``exclude`` it from the value (kept as a bound
    if ``flow``), or ``assign`` it to its year (for shares and rates)."""
    derived: Derived | None = None
    """Compute this indicator from two others instead of from its own evidence."""
    relative_error: float = Field(default=0.05, ge=0, le=1)
    """Relative error assumed for exact figures in the uncertainty analysis."""
    rationale: Reason
    """Why this indicator belongs in the index, citing the documents."""

    _w = field_validator("weight")(lambda cls, v: _finite_nonneg(v))

    @field_validator("observed")
    @classmethod
    def _observed(cls, v: str | None) -> str | None:
        if v is not None:
            Period.parse(v)
        return v

    @cached_property
    def observed_span(self) -> Period | None:
        """``observed`` as a `Period` (None if not declared), parsed on first use."""
        return None if self.observed is None else Period.parse(self.observed)

    @model_validator(mode="after")
    def _kind(self) -> Self:
        if self.kind == "event" and not self.event_types:
            raise ValueError("an event indicator needs 'event_types'")
        if self.kind == "numeric" and self.event_types:
            raise ValueError("'event_types' only applies to kind = 'event'")
        if self.grade_weighted is not None:
            raise ValueError(
                "'grade_weighted' is no longer accepted: grades never scale an event's "
                "count or severity; they weigh the evidence in estimation. Remove the key")
        if self.drift_sd is not None and not self.drift_sd_reason.strip():
            raise ValueError("'drift_sd' needs 'drift_sd_reason': say why the step of the "
                             "random walk is declared rather than estimated from the data")
        return self

    @model_validator(mode="after")
    def _transformable(self) -> Self:
        """The declared normalisation and every alternative can take the transform."""
        low = {"log": 0.0, "log1p": -1.0}.get(self.transform)
        if low is None:
            return self
        problems = []
        places: list[tuple[Loc, Normalisation]] = [(("normalisation",), self.normalisation)]
        places += [(("alternatives", n), a) for n, a in enumerate(self.alternatives)]
        for loc, nm in places:
            if nm.method == "goalposts" and nm.min is not None and nm.min <= low:
                fix = f"raise min above {low:g}" + (
                    ", or use transform = 'log1p' for values from 0" if low == 0 else "")
                problems.append(problem(
                    loc, f"must have goalposts > {low:g} because its indicator takes a "
                    f"{self.transform} transform (min = {nm.min:g})", fix))
            if nm.method == "distance" and nm.reference is not None and nm.reference <= low:
                problems.append(problem(
                    loc, f"must have a distance reference > {low:g} because its indicator "
                    f"takes a {self.transform} transform (reference = {nm.reference:g})",
                    f"use a reference above {low:g}"))
        refuse("Indicator", problems)
        return self
