"""Pydantic models of the catalogue, the sources and the evidence ledger.

These models are the single definition of what ``indicators.toml``,
``sources.toml`` and ``evidence.toml`` may hold: the loader hands them plain
dicts and they do all the checking. Every field has a docstring, which the
docs' TOML reference page shows.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator, Mapping
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

__all__ = [
    "Acceptance",
    "Catalogue",
    "CatalogueMeta",
    "CheckSpec",
    "Derived",
    "Dimension",
    "EntitySpec",
    "EventType",
    "Evidence",
    "EvidenceFile",
    "Grading",
    "IndexSpec",
    "Indicator",
    "Normalisation",
    "Omission",
    "OmissionsFile",
    "Period",
    "Reconciliation",
    "Side",
    "Source",
    "SourcesFile",
    "TableSpec",
    "Uncertainty",
    "field_docs",
]

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=120)]
Reason = Annotated[str, Field(min_length=1, max_length=4000)]

_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _plain_text(v: str) -> str:
    """Refuse control characters, line separators and bidirectional formatting in a label."""
    for n, ch in enumerate(v):
        if ch in _BIDI or unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
            raise ValueError(f"must not contain control or bidirectional formatting characters "
                             f"(U+{ord(ch):04X} at position {n})")
    return v


Label = Annotated[str, Field(min_length=1), AfterValidator(_plain_text)]
"""A name or title shown to readers: no control, line-separator or bidi characters."""


class _Model(BaseModel):
    # defer_build: schemas are built on first validation, not at import; field docstrings
    # are read by `field_docs` when asked for (pydantic's use_attribute_docstrings parses
    # this module's source at import), so that ``relindex score`` starts fast.
    # strict: no string-to-number or bool-to-number coercion (an int is still a float)
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True, strict=True)

    @model_validator(mode="before")
    @classmethod
    def _arrays_as_tuples(cls, data: Any) -> Any:
        # TOML arrays arrive as lists; strict mode takes only tuples for tuple fields
        if isinstance(data, dict) and any(isinstance(v, list) for v in data.values()):
            return {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
        return data


_FIELD_DOCS: dict[str, dict[str, str]] = {}


def field_docs(model: type[BaseModel]) -> dict[str, str]:
    """The docstring under each field of a model of this module, by field name.

    Parameters
    ----------
    model : type
        A model class defined in `relindex.models`.

    Returns
    -------
    dict of str to str
        Field name to its docstring (cleaned of indentation); fields without one are
        left out.
    """
    if not _FIELD_DOCS:
        import ast
        import inspect

        tree = ast.parse(inspect.getsource(inspect.getmodule(_Model)))  # type: ignore[arg-type]
        for node in tree.body:
            if not isinstance(node, ast.ClassDef):
                continue
            docs: dict[str, str] = {}
            body = node.body
            for a, b in zip(body, body[1:], strict=False):
                if (isinstance(a, ast.AnnAssign) and isinstance(a.target, ast.Name)
                        and isinstance(b, ast.Expr) and isinstance(b.value, ast.Constant)
                        and isinstance(b.value.value, str)):
                    docs[a.target.id] = inspect.cleandoc(b.value.value)
            _FIELD_DOCS[node.name] = docs
    return _FIELD_DOCS.get(model.__name__, {})


RULE = "relindex_rule"
"""Error type of the rules below that name their own fix (in the error's ``ctx``)."""

Loc = tuple[str | int, ...]
"""Where a value sits, as a path of keys and array positions."""


def problem(loc: Loc, rule: str, fix: str, *value: Any) -> InitErrorDetails:
    """A rule broken at `loc` (relative to the model being validated), with its fix.

    `rule` is phrased to follow the key ("must be ..."); give `value` to show it.
    """
    return InitErrorDetails(type=PydanticCustomError(RULE, rule.replace("{", "{{").replace(
        "}", "}}"), {"fix": fix}), loc=loc, input=value[0] if value else {})


def refuse(title: str, problems: list[InitErrorDetails]) -> None:
    """Raise every problem found at once (pydantic nests their places under the caller's)."""
    if problems:
        raise ValidationError.from_exception_data(title, problems)


def _finite_nonneg(v: float) -> float:
    if not math.isfinite(v) or v < 0:
        raise ValueError("must be a finite number >= 0")
    return v


# --------------------------------------------------------------------------- periods

_MONTHS = r"(0[1-9]|1[0-2])"
_PERIOD_RE = re.compile(
    rf"^(?P<y1>[0-9]{{4}})(-(?P<m1>{_MONTHS}))?(/(?P<y2>[0-9]{{4}})(-(?P<m2>{_MONTHS}))?)?$",
    re.ASCII,
)


class Period(_Model):
    """A time span: a whole year, a month, or a range of months or years.

    Written in TOML as a string: ``"2023"`` (the year), ``"2024-05"`` (a month),
    ``"2023-01/2023-11"`` (January to November 2023), ``"2014/2019"`` (a range of
    years).
    """

    start_year: int
    """First year of the span."""
    start_month: int
    """First month (1-12) of the span."""
    end_year: int
    """Last year of the span."""
    end_month: int
    """Last month (1-12) of the span."""
    text: str
    """The period as written."""

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse ``"2023"``, ``"2024-05"``, ``"2023-01/2023-11"`` or ``"2014/2019"``.

        Raises
        ------
        ValueError
            If the text is not one of these forms, or the span ends before it starts.
        """
        m = _PERIOD_RE.fullmatch(text)
        if not m:
            raise ValueError(
                "must be a period such as '2023', '2024-05', '2023-01/2023-11' or '2014/2019'"
            )
        y1 = int(m["y1"])
        m1 = int(m["m1"]) if m["m1"] else 1
        if m["y2"]:
            y2 = int(m["y2"])
            m2 = int(m["m2"]) if m["m2"] else 12
        else:
            y2 = y1
            m2 = int(m["m1"]) if m["m1"] else 12
        if (y2, m2) < (y1, m1):
            raise ValueError("the period ends before it starts")
        return cls(start_year=y1, start_month=m1, end_year=y2, end_month=m2, text=text)

    @property
    def is_full_year(self) -> bool:
        """True when the span is exactly one calendar year."""
        return (
            self.start_year == self.end_year and self.start_month == 1 and self.end_month == 12
        )

    @property
    def within_one_year(self) -> bool:
        """True when the span lies inside one calendar year."""
        return self.start_year == self.end_year

    def __str__(self) -> str:
        return self.text


# --------------------------------------------------------------------------- catalogue


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
    def _params(self) -> Normalisation:
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
    grade_weighted: bool = False
    """event indicators: each event counts with its grading weight (source reliability x
    record credibility), so a poorly graded report counts for less in the point estimate."""
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

    @model_validator(mode="after")
    def _kind(self) -> Indicator:
        if self.kind == "event" and not self.event_types:
            raise ValueError("an event indicator needs 'event_types'")
        if self.kind == "numeric" and self.event_types:
            raise ValueError("'event_types' only applies to kind = 'event'")
        return self

    @model_validator(mode="after")
    def _transformable(self) -> Indicator:
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


Missing = Literal["renormalise", "propagate"]


class Dimension(_Model):
    """A node of the index tree: aggregates indicators and/or sub-dimensions."""

    name: Label
    """Human-readable name."""
    polarity: Literal["cooperation", "friction"] | None = None
    """Side of the index; required on top-level dimensions of a cooperation-versus-friction
    index, inherited by sub-dimensions; not used by a composite index."""
    weight: float = 1.0
    """Weight among its siblings (normalised by the library)."""
    aggregation: Literal["arithmetic", "geometric"] = "arithmetic"
    """How its children combine."""
    floor: float | None = Field(default=None, gt=0, le=1)
    """geometric: values below it are raised to it, so a zero does not annihilate the mean."""
    min_coverage: float | None = Field(default=None, ge=0, le=1)
    """Below this coverage (share of its weight, down to the indicators, with a value) the
    dimension is missing rather than renormalised over what is left."""
    missing: Missing = "renormalise"
    """A missing child: ``renormalise`` the weights over the children present (default),
    or ``propagate`` (the dimension is missing too, as UNDP does for the HDI)."""
    description: str = ""
    """What the dimension captures."""
    rationale: Reason
    """Why the dimension, its weight and its aggregation (cite the documents)."""
    indicators: dict[Id, Indicator] = Field(default_factory=dict)
    """Its indicators, keyed by id."""
    dimensions: dict[Id, Dimension] = Field(default_factory=dict)
    """Nested sub-dimensions, keyed by id."""

    _w = field_validator("weight")(lambda cls, v: _finite_nonneg(v))

    @model_validator(mode="after")
    def _non_empty(self) -> Dimension:
        if not self.indicators and not self.dimensions:
            raise ValueError("a dimension needs at least one indicator or sub-dimension")
        weights = [i.weight for i in self.indicators.values()] + [
            d.weight for d in self.dimensions.values()
        ]
        if sum(weights) <= 0:
            raise ValueError("the weights of its children add up to zero")
        return self


class Side(_Model):
    """How one side (cooperation or friction) aggregates its dimensions."""

    aggregation: Literal["arithmetic", "geometric"] = "arithmetic"
    """How the side's dimensions combine."""
    floor: float | None = Field(default=None, gt=0, le=1)
    """geometric: floor for the dimension scores."""
    min_coverage: float | None = Field(default=None, ge=0, le=1)
    """Below this coverage the side is missing rather than renormalised."""
    missing: Missing = "renormalise"
    """A missing dimension: ``renormalise`` over those present, or ``propagate``."""
    reason: str = ""
    """Why this aggregation."""


class IndexSpec(_Model):
    """The top of the tree: what kind of index, how its top level aggregates, the headline."""

    kind: Literal["cooperation-friction", "composite"] = "cooperation-friction"
    """``cooperation-friction``: a cooperation side minus a friction side, in [-1, 1];
    ``composite``: one index in [0, 1] over dimensions that need no polarity (a country
    index such as the HDI)."""
    aggregation: Literal["arithmetic", "geometric"] = "arithmetic"
    """composite: how the top-level dimensions combine into the index."""
    floor: float | None = Field(default=None, gt=0, le=1)
    """composite, geometric: floor for the dimension scores."""
    min_coverage: float | None = Field(default=None, ge=0, le=1)
    """composite: below this coverage the index is missing rather than renormalised."""
    missing: Missing = "renormalise"
    """composite: a missing dimension: ``renormalise`` or ``propagate`` (no index)."""
    reason: str = ""
    """composite: why this aggregation."""
    exclude_tags: tuple[Literal["forecast", "characterisation", "non_state"], ...] = ()
    """Records tagged so (a forecast, an author's characterisation, an action of a non-state
    actor) do not count as events, unless an indicator asks for them by ``tags``."""
    exclude_tags_reason: str = ""
    """Why those records are left out."""
    data_methods_min_distinct: int = Field(default=5, ge=1, le=10_000)
    """Data-based normalisations (min-max, z-score, rank) are refused, declared or as an
    alternative, for an indicator with fewer distinct observations than this."""
    cooperation: Side = Field(default_factory=Side)
    """The cooperation side."""
    friction: Side = Field(default_factory=Side)
    """The friction side."""
    headline_min_coverage: float = Field(default=0.5, ge=0, le=1)
    """A period qualifies as the headline when each side's coverage is at least this."""
    periods: str | None = None
    """Optional span of years to score (e.g. ``"2017/2024"``); default: every year the
    evidence covers."""

    @field_validator("periods")
    @classmethod
    def _periods(cls, v: str | None) -> str | None:
        if v is not None:
            Period.parse(v)
        return v


class EventType(_Model):
    """A kind of event (a joint exercise, an accusation) and its severity."""

    name: Label
    """Human-readable name."""
    polarity: Literal["cooperation", "friction"]
    """Whether the event signals cooperation or friction."""
    cameo: str | None = Field(default=None, pattern=r"^[0-9]{2,4}$")
    """CAMEO code (Schrodt 2012), a string so that leading zeros stay."""
    severity: float = Field(ge=0, le=10)
    """Magnitude on the declared scale (absolute Goldstein value, 0-10)."""
    reason: Reason
    """Why this code and severity."""


class Grading(_Model):
    """How a source's reliability (A-F) and a record's credibility (1-6) weight an observation.

    The defaults are MISP's numeric convention for the NATO/Admiralty code
    (A/1 = 100 ... E/5 = 0, F/6 = 50), divided by 100.
    """

    reliability: dict[Literal["A", "B", "C", "D", "E", "F"], float] = {
        "A": 1.0, "B": 0.75, "C": 0.5, "D": 0.25, "E": 0.0, "F": 0.5,
    }
    """Weight of each source-reliability grade (grades not listed keep their default)."""
    credibility: dict[Literal["1", "2", "3", "4", "5", "6"], float] = {
        "1": 1.0, "2": 0.75, "3": 0.5, "4": 0.25, "5": 0.0, "6": 0.5,
    }
    """Weight of each information-credibility grade (grades not listed keep their default)."""
    min_weight: float = Field(default=0.05, ge=0, le=1)
    """Observations whose weight (reliability x credibility) falls below it are excluded."""
    reason: str = ""
    """Why these weights."""

    @field_validator("reliability", "credibility")
    @classmethod
    def _unit(cls, v: dict[str, float], info: Any) -> dict[str, float]:
        for k, x in v.items():
            if not (math.isfinite(x) and 0 <= x <= 1):
                raise ValueError(f"grade {k!r} weight must be within [0, 1]")
        # grades not listed keep their default weight
        default = cls.model_fields[info.field_name].default
        return {**default, **v}

    def weight(self, reliability: str, credibility: int) -> float:
        """Observation weight for a (reliability, credibility) pair."""
        return self.reliability[reliability] * self.credibility[str(credibility)]  # type: ignore[index]


class Reconciliation(_Model):
    """Rules for conflicting, partial and qualified figures of one fact."""

    qualifier_margin: float = Field(default=0.10, gt=0, le=1)
    """Relative width of the interval a qualifier opens: ``over 218`` is [218, 218 x (1 + m)]."""
    choose: Literal["best_graded", "median", "mean"] = "best_graded"
    """Among conflicting full-period values: the best-graded one (ties: the median of the
    tied), the median, or the weighted mean."""
    reason: str = ""
    """Why these rules."""


class Uncertainty(_Model):
    """Defaults of the uncertainty and sensitivity analysis (overridable by the user)."""

    weight_range: float = Field(default=0.25, ge=0, lt=1)
    """Each weight varies uniformly within ± this share of its nominal value."""
    weights: Literal["uniform", "dirichlet"] = "uniform"
    """How weights vary: each uniformly within ``weight_range`` of nominal, or a level's
    weights jointly as a Dirichlet draw centred on the nominal weights."""
    dirichlet_concentration: float = Field(default=50.0, gt=0, le=1e6)
    """Concentration of the Dirichlet (larger: closer to the nominal weights)."""
    vary_aggregation: bool = True
    """Treat each side's aggregation (arithmetic or geometric) as uncertain."""
    geometric_floor: float = Field(default=0.01, gt=0, le=1)
    """Floor used when a node is switched to the geometric mean."""
    vary_normalisation: bool = True
    """Treat each indicator's normalisation as uncertain: its declared one or one of its
    ``alternatives`` (min-max over the data where it declares none)."""
    vary_evidence: bool = True
    """Let each indicator's values move within their intervals (qualifiers, conflicting
    records, relative error)."""
    include_low_grade_probability: float = Field(default=0.5, ge=0, le=1)
    """Probability that evidence from sources graded D-F is included in a sample."""
    samples: int = Field(default=1024, ge=8, le=1_048_576)
    """Default number of base samples (a power of two)."""
    reason: str = ""
    """Why these defaults."""


class TableSpec(_Model):
    """A CSV data table of observations (``id,indicator,period,value,unit[,citation]``)."""

    file: str = Field(min_length=1)
    """Path of the CSV file, relative to the catalogue's folder."""
    citation: str = Field(min_length=1)
    """Where the figures come from (publisher, table, date accessed)."""
    reliability: Literal["A", "B", "C", "D", "E", "F"] = "B"
    """Reliability grade of the table's publisher."""
    credibility: int = Field(default=2, ge=1, le=6)
    """Credibility grade given to its rows."""


class EntitySpec(_Model):
    """One entity the index scores: a dyad (``RU-CN``) or a country (``NOR``)."""

    name: Annotated[Label, Field(max_length=200)]
    """Human-readable name."""
    actors: tuple[str, ...] = ()
    """Its actors (ISO codes): two for a dyad, one for a country. A record whose actors
    share none of them is refused."""
    directed: bool = False
    """True for a directed dyad (A's share of its trade with B differs from B's): the
    actors' order is then A, B."""
    description: str = ""
    """Anything a reader should know."""


class CatalogueMeta(_Model):
    """Identity of the catalogue and where its evidence lives."""

    id: Id
    """Short id of the index."""
    name: Label
    """Title of the index."""
    actors: tuple[str, ...] = ()
    """The two actors of the relationship (ISO codes)."""
    description: str = ""
    """What the index measures."""
    sources: str | None = None
    """Path of the sources file (``sources.toml``), relative to the catalogue."""
    evidence: tuple[str, ...] = ()
    """Paths of evidence ledgers (``evidence.toml``), relative to the catalogue."""
    tables: tuple[TableSpec, ...] = ()
    """CSV data tables of observations."""
    omissions: str | None = None
    """Path of the omissions file: sentences with numbers or events deliberately not cited,
    each with its reason (used by ``relindex coverage``)."""
    severity_scale: str = "Goldstein (1992) via GDELT CAMEO.goldsteinscale.txt"
    """The scale event severities are taken from (cited on every result)."""


class Acceptance(_Model):
    """A finding of ``relindex check`` the catalogue accepts, with its reason."""

    rule: Id
    """The rule of the finding (``high_correlation``, ``goalpost_without_basis``, ...)."""
    where: str = Field(min_length=1, max_length=500)
    """Where it is, as the finding says (an indicator id, a pair ``a~b``, a period)."""
    reason: Reason
    """Why the catalogue keeps it."""


class CheckSpec(_Model):
    """Settings of ``relindex check``, the method's own audit (OECD/JRC Handbook, step 4)."""

    correlation_threshold: float = Field(default=0.9, gt=0, le=1)
    """Pairs of indicators correlated above this (in absolute value) are flagged as possible
    double counting."""
    min_pairs: int = Field(default=5, ge=3, le=100_000)
    """Correlations and Cronbach's alpha need at least this many complete observations;
    with fewer the finding is "too sparse to judge"."""
    accept: tuple[Acceptance, ...] = ()
    """Findings accepted with a reason."""


class Catalogue(_Model):
    """The whole of ``indicators.toml``."""

    catalogue: CatalogueMeta
    """Identity and evidence paths."""
    index: IndexSpec = Field(default_factory=IndexSpec)
    """The sides and the headline rule."""
    grading: Grading = Field(default_factory=Grading)
    """Observation weights from grades."""
    reconciliation: Reconciliation = Field(default_factory=Reconciliation)
    """Rules for conflicting figures."""
    uncertainty: Uncertainty = Field(default_factory=Uncertainty)
    """Defaults for the uncertainty analysis."""
    entities: dict[Id, EntitySpec] = Field(default_factory=dict)
    """The entities scored (dyads or countries), keyed by id. None declared: the entities
    are those the records name, and records that name none are one entity."""
    event_types: dict[Id, EventType] = Field(default_factory=dict)
    """Event types, keyed by id."""
    check: CheckSpec = Field(default_factory=CheckSpec)
    """Settings of ``relindex check``, and the findings it accepts."""
    series: dict[Id, Indicator] = Field(default_factory=dict)
    """Supporting series: measured like indicators, used by derived indicators, not scored."""
    dimensions: dict[Id, Dimension]
    """Top-level dimensions, keyed by id."""

    @model_validator(mode="after")
    def _tree(self) -> Catalogue:
        if not self.dimensions:
            raise ValueError("the catalogue needs at least one dimension")
        if self.index.kind == "composite":
            ws = [d.weight for d in self.dimensions.values()]
            if sum(ws) <= 0:
                raise ValueError("the weights of the top-level dimensions add up to zero")
            return self
        for did, dim in self.dimensions.items():
            if dim.polarity is None:
                raise ValueError(f"dimension {did!r} needs a polarity (cooperation or friction)")
        if not any(d.polarity == "cooperation" for d in self.dimensions.values()):
            raise ValueError("the catalogue needs at least one cooperation dimension")
        for side in ("cooperation", "friction"):
            ws = [d.weight for d in self.dimensions.values() if d.polarity == side]
            if ws and sum(ws) <= 0:
                raise ValueError(f"the weights of the {side} dimensions add up to zero")
        return self

    def places(self) -> list[tuple[str, str | None, Indicator, Loc]]:
        """Every indicator (in tree order) then every series, with where it is declared.

        Each entry is (id, dimension id, indicator, place); a series has no dimension.
        """
        out: list[tuple[str, str | None, Indicator, Loc]] = list(leaves(self.dimensions))
        out += [(sid, None, s, ("series", sid)) for sid, s in self.series.items()]
        return out

    @model_validator(mode="after")
    def _references(self) -> Catalogue:
        """Ids unique across the tree, polarities consistent, every reference declared."""
        problems = _dimension_problems(self.dimensions, ("dimensions",), None, set())
        first: dict[str, tuple[Indicator, Loc]] = {}
        for iid, _, ind, loc in self.places():
            if iid in first:
                problems.append(problem(
                    loc, f"is a duplicate id (also at {_dotted(first[iid][1])})",
                    "give every indicator and series a unique id"))
            else:
                first[iid] = (ind, loc)
        declared = ", ".join(self.event_types) or "none"
        for ind, loc in first.values():
            problems += [problem(
                (*loc, "event_types"), "names an event type that is not declared",
                f"declare [event_types.{et}] or correct the id (declared: {declared})", et)
                for et in ind.event_types if et not in self.event_types]
            for op in ind.derived.of if ind.derived is not None else ():
                if op not in first:
                    problems.append(problem((*loc, "derived", "of"),
                                            "names an unknown indicator or series",
                                            "declare it under [series] or correct the id", op))
                elif first[op][0].derived is not None:
                    problems.append(problem((*loc, "derived", "of"),
                                            "derives from another derived indicator",
                                            "derive from measured series only", op))
        refuse("Catalogue", problems)
        return self


def leaves(dims: Mapping[str, Dimension], loc: Loc = ("dimensions",)
           ) -> Iterator[tuple[str, str, Indicator, Loc]]:
    """Every indicator under `dims`, depth first: (id, dimension id, indicator, place)."""
    for did, dim in dims.items():
        for iid, ind in dim.indicators.items():
            yield iid, did, ind, (*loc, did, "indicators", iid)
        yield from leaves(dim.dimensions, (*loc, did, "dimensions"))


def _dotted(loc: Loc) -> str:
    return ".".join(str(x) for x in loc)


def _dimension_problems(dims: Mapping[str, Dimension], loc: Loc, side: str | None,
                        seen: set[str]) -> list[InitErrorDetails]:
    """Duplicate dimension ids and sub-dimensions contradicting their parent's polarity."""
    problems = []
    for did, dim in dims.items():
        if did in seen:
            problems.append(problem((*loc, did), "is a duplicate dimension id",
                                    "give every dimension a unique id"))
        seen.add(did)
        if side is not None and dim.polarity is not None and dim.polarity != side:
            problems.append(problem(
                (*loc, did, "polarity"),
                f"contradicts the polarity of the dimension it sits in ({side})",
                f"remove the polarity (a sub-dimension inherits {side!r}) or move the "
                f"dimension to the {dim.polarity} side", dim.polarity))
        problems += _dimension_problems(dim.dimensions, (*loc, did, "dimensions"),
                                        dim.polarity or side, seen)
    return problems


# --------------------------------------------------------------------------- sources & evidence


class Source(_Model):
    """A source document and its grading."""

    file: str = Field(min_length=1)
    """Path of the text file, relative to the sources file's folder."""
    title: Label
    """Title as the text shows it (or a description when it shows none)."""
    publisher: Annotated[str, AfterValidator(_plain_text)] = ""
    """Publisher, where the text shows it."""
    url: str = ""
    """Address where the text was published (for an excerpt: the page it is taken from)."""
    kind: str = ""
    """news article, analysis, government assessment, ..."""
    date: str
    """Publication date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``)."""
    date_inferred: bool = False
    """True when the date is inferred from the text rather than printed in it."""
    date_reason: str = ""
    """What the date (or its inference) rests on."""
    reliability: Literal["A", "B", "C", "D", "E", "F"]
    """NATO/Admiralty source reliability."""
    reliability_reason: Reason
    """One line on why that grade."""
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    """Optional checksum of the file's bytes; verified when present."""
    notes: str = ""
    """Anything a reader should know (repeated passages, corrections)."""

    @field_validator("date")
    @classmethod
    def _date(cls, v: str) -> str:
        if not re.fullmatch(r"[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?", v):
            raise ValueError("must be a date 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'")
        return v


class SourcesFile(_Model):
    """The whole of ``sources.toml``."""

    sources: dict[Id, Source]
    """Sources, keyed by id."""


Qualifier = Literal[
    "exact", "about", "over", "more than", "nearly", "almost", "up to", "under", "at least"
]


class Evidence(_Model):
    """One observation taken from a source: a number or an event, with its quote."""

    id: Id
    """Unique id of the record."""
    indicator: Id
    """The indicator or series it measures."""
    source: Id
    """The source document it comes from."""
    quote: str = Field(min_length=1, max_length=5000)
    """Verbatim quote from the source that states the value or event."""
    period: str
    """What the value refers to: ``"2023"``, ``"2024-05"``, ``"2023-01/2023-11"``."""
    period_inferred: bool = False
    """True when the period is inferred rather than stated in the quote."""
    period_reason: str = ""
    """What the period (or its inference) rests on."""
    assign_to: int | None = None
    """For a figure over a range that is not one year: the year it is assigned to."""
    assign_reason: str = ""
    """Why it is assigned to that year."""
    value: float | None = None
    """The number stated (numeric indicators)."""
    unit: str | None = None
    """Its unit; must equal the indicator's unit."""
    qualifier: Qualifier = "exact"
    """How the source qualifies the number (``over 218``: ``over``)."""
    event_type: Id | None = None
    """The event type (event indicators)."""
    severity: float | None = Field(default=None, ge=0, le=10)
    """Overrides the event type's severity for this event."""
    actors: tuple[str, ...] = ()
    """The actors involved (ISO codes)."""
    entity: Id | None = None
    """The entity (dyad or country) the record is about; may be left out when the
    catalogue has one entity."""
    credibility: int = Field(default=2, ge=1, le=6)
    """Admiralty information credibility, 1 (confirmed) to 6 (cannot be judged)."""
    credibility_reason: str = ""
    """Why that credibility."""
    fact: Id | None = None
    """Records sharing a fact id state the same fact: they count once, reconciled."""
    exclude: str | None = None
    """A reason to keep the record in the ledger without counting it."""
    tags: tuple[Literal["forecast", "characterisation", "non_state"], ...] = ()
    """What kind of statement the record is, where it is not a report of a state's action:
    ``forecast`` (a prediction), ``characterisation`` (an author's reading), ``non_state``
    (an action of citizens, firms or media)."""
    note: str = ""
    """Anything else a reader should know."""

    @field_validator("period")
    @classmethod
    def _period(cls, v: str) -> str:
        Period.parse(v)
        return v

    @field_validator("value")
    @classmethod
    def _finite(cls, v: float | None) -> float | None:
        if v is not None and not math.isfinite(v):
            raise ValueError("must be a finite number")
        return v

    @model_validator(mode="after")
    def _kind(self) -> Evidence:
        if self.value is None and self.event_type is None:
            raise ValueError("a record needs a 'value' (with 'unit') or an 'event_type'")
        if self.value is not None and self.unit is None:
            raise ValueError("a value needs its 'unit'")
        return self

    @property
    def parsed_period(self) -> Period:
        """The period as a `Period`."""
        return Period.parse(self.period)


class Omission(_Model):
    """A sentence with a number or an event that is deliberately not evidence."""

    source: Id
    """The source document."""
    quote: str = Field(min_length=1, max_length=5000)
    """The sentence (or the part of it) left out, verbatim."""
    reason: Reason
    """Why it is left out (not about the relationship, a restatement of record X, ...)."""


class OmissionsFile(_Model):
    """The whole of an omissions file (``omissions.toml``)."""

    description: str = ""
    """What the file is for."""
    omit: tuple[Omission, ...] = ()
    """The omitted sentences."""


class EvidenceFile(_Model):
    """The whole of an ``evidence.toml`` ledger."""

    evidence: tuple[Evidence, ...] = ()
    """The records."""
