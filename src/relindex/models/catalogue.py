"""The catalogue (``indicators.toml``): its tree of dimensions and its rules.

The checks that need the whole catalogue (ids, polarities, references) are its
validators.
"""

import math
from collections.abc import Iterator, Mapping
from functools import cached_property
from typing import Any, Literal, Self

from pydantic import (
    Field,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails

from ._base import (
    Id,
    Label,
    Loc,
    Name,
    Reason,
    _finite_nonneg,
    _Model,
    problem,
    refuse,
)
from .indicator import Indicator
from .period import Period

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
    dimensions: dict[Id, "Dimension"] = Field(default_factory=dict)
    """Nested sub-dimensions, keyed by id."""

    _w = field_validator("weight")(lambda cls, v: _finite_nonneg(v))

    @model_validator(mode="after")
    def _non_empty(self) -> Self:
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
    weight: float = Field(default=1.0, gt=0, allow_inf_nan=False)
    """The side's weight in the net index (default 1: the two sides count equally). With
    weights :math:`w_C, w_F` the net index is :math:`2 (w_C C - w_F F) / (w_C + w_F)`, in
    :math:`[-2 w_F, 2 w_C] / (w_C + w_F)`; say why in ``reason``."""
    reason: str = ""
    """Why this aggregation (and this weight)."""


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
    """A period qualifies as the headline when its coverage is at least this: each side's
    of a bilateral index, the index's of a composite."""
    headline_min_sources: int = Field(default=2, ge=1, le=1000)
    """A period qualifies as the headline only when its counted evidence comes from at
    least this many distinct sources: on each side of a bilateral index (the friction
    side where the catalogue has one); for the index of a composite, where a data table
    counts as one source."""
    headline_min_sources_reason: str = ""
    """Why ``headline_min_sources`` differs from the default 2 (required when it does)."""
    event_min_sources: int = Field(default=1, ge=1, le=1000)
    """An event indicator's value counts toward coverage only where its events were coded
    from at least this many distinct sources (an estimate without events never counts)."""
    event_min_sources_reason: str = ""
    """Why ``event_min_sources`` is what it is."""
    periods: str | None = None
    """Optional span of years to score (e.g. ``"2017/2024"``); default: every year the
    evidence covers."""

    @field_validator("periods")
    @classmethod
    def _periods(cls, v: str | None) -> str | None:
        if v is not None:
            Period.parse(v)
        return v

    @cached_property
    def span(self) -> Period | None:
        """``periods`` as a `Period` (None if not declared), parsed on first use."""
        return None if self.periods is None else Period.parse(self.periods)

    @model_validator(mode="after")
    def _sources_reason(self) -> Self:
        if self.headline_min_sources != 2 and not self.headline_min_sources_reason.strip():
            raise ValueError("'headline_min_sources' differs from the default 2: give "
                             "'headline_min_sources_reason' (why fewer or more sources suffice)")
        return self


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
    (A/1 = 100 ... E/5 = 0), divided by 100, except that "cannot be judged" (F, 6) weighs
    as D, 4 (MISP: 50): a grade that says nothing of a source cannot make it weigh more
    than one judged unreliable. A catalogue may weigh F or 6 above D or 4 only with
    ``cannot_judge_reason``.
    """

    reliability: dict[Literal["A", "B", "C", "D", "E", "F"], float] = {  # noqa: RUF012 (pydantic copies defaults)
        "A": 1.0, "B": 0.75, "C": 0.5, "D": 0.25, "E": 0.0, "F": 0.25,
    }
    """Weight of each source-reliability grade (grades not listed keep their default)."""
    credibility: dict[Literal["1", "2", "3", "4", "5", "6"], float] = {  # noqa: RUF012 (pydantic copies defaults)
        "1": 1.0, "2": 0.75, "3": 0.5, "4": 0.25, "5": 0.0, "6": 0.25,
    }
    """Weight of each information-credibility grade (grades not listed keep their default)."""
    min_weight: float = Field(default=0.05, ge=0, le=1)
    """Observations whose weight (reliability x credibility) falls below it are excluded."""
    reason: str = ""
    """Why these weights."""
    cannot_judge_reason: str = ""
    """Why "cannot be judged" (F or 6) weighs more than D or 4, where it does."""

    @model_validator(mode="after")
    def _cannot_judge(self) -> Self:
        over = (self.reliability["F"] > self.reliability["D"]
                or self.credibility["6"] > self.credibility["4"])
        if over and not self.cannot_judge_reason.strip():
            raise ValueError(
                "'cannot be judged' (F or 6) weighs more than D or 4: a grade that says "
                "nothing of a source cannot weigh more than one judged unreliable; lower it "
                "or give grading.cannot_judge_reason")
        return self

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
    records, relative error), and draw each event indicator from its posterior."""
    include_low_grade_probability: float = Field(default=0.5, ge=0, le=1)
    """Probability that evidence from sources graded D-F is included in a sample."""
    vary_carry_forward: bool = True
    """Carry values forward over gaps in half the samples and leave the gaps missing in
    the other half."""
    samples: int = Field(default=1024, ge=8, le=1_048_576)
    """Default number of base samples (a power of two)."""
    reason: str = ""
    """Why these defaults."""

    @field_validator("samples")
    @classmethod
    def _power_of_two(cls, v: int) -> int:
        if v & (v - 1):
            raise ValueError("must be a power of two (the quasi-random Sobol' design needs "
                             f"one), e.g. {1 << (v.bit_length() - 1)} or {1 << v.bit_length()}")
        return v


class TableSpec(_Model):
    """A data table of observations, CSV or Parquet (``id,indicator,period,value,unit``)."""

    file: str = Field(min_length=1)
    """Path of the CSV or Parquet (``.parquet``) file, relative to the catalogue's folder."""
    citation: str = Field(min_length=1)
    """Where the figures come from (publisher, table, date accessed)."""
    reliability: Literal["A", "B", "C", "D", "E", "F"] = "B"
    """Reliability grade of the table's publisher."""
    credibility: int = Field(default=2, ge=1, le=6)
    """Credibility grade given to its rows."""


class EntitySpec(_Model):
    """One entity the index scores: a dyad (``RU-CN``) or a country (``NOR``)."""

    name: Name
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
    name: Name
    """Title of the index (at most 200 characters: it names the entity of a one-entity
    catalogue)."""
    actors: tuple[str, ...] = ()
    """The two actors of the relationship (ISO codes)."""
    description: str = ""
    """What the index measures."""
    sources: str | None = None
    """Path of the sources file (``sources.toml``), relative to the catalogue."""
    evidence: tuple[str, ...] = ()
    """Paths of evidence ledgers (``evidence.toml``), relative to the catalogue."""
    tables: tuple[TableSpec, ...] = ()
    """Data tables of observations (CSV or Parquet)."""
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
    def _tree(self) -> Self:
        """The top of the tree can be scored: dimensions, polarities, weights of each side.

        Every problem is listed at once, keyed at the dimensions (or the one dimension)
        it concerns.
        """
        dims = self.dimensions
        if not dims:
            raise ValueError("the catalogue needs at least one dimension")
        problems = []
        if self.index.kind == "composite":
            if sum(d.weight for d in dims.values()) <= 0:
                problems.append(problem(("dimensions",), "the weights of the top-level "
                                        "dimensions add up to zero",
                                        "give at least one top-level dimension a weight > 0"))
            refuse("Catalogue", problems)
            return self
        problems += [problem(("dimensions", did), f"dimension {did!r} needs a polarity "
                             "(cooperation or friction)",
                             "add polarity = 'cooperation' or 'friction'")
                     for did, dim in dims.items() if dim.polarity is None]
        if not any(d.polarity == "cooperation" for d in dims.values()):
            problems.append(problem(("dimensions",), "the catalogue needs at least one "
                                    "cooperation dimension",
                                    "add a dimension with polarity = 'cooperation'"))
        for side in ("cooperation", "friction"):
            ws = [d.weight for d in dims.values() if d.polarity == side]
            if ws and sum(ws) <= 0:
                problems.append(problem(("dimensions",), f"the weights of the {side} "
                                        "dimensions add up to zero",
                                        f"give at least one {side} dimension a weight > 0"))
        refuse("Catalogue", problems)
        return self

    def places(self) -> list[tuple[str, str | None, Indicator, Loc]]:
        """Every indicator (in tree order) then every series, with where it is declared.

        Each entry is (id, dimension id, indicator, place); a series has no dimension.
        """
        out: list[tuple[str, str | None, Indicator, Loc]] = list(leaves(self.dimensions))
        out += [(sid, None, s, ("series", sid)) for sid, s in self.series.items()]
        return out

    @model_validator(mode="after")
    def _references(self) -> Self:
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
        dim_ids = _dimension_ids(self.dimensions)
        problems += [problem(loc, "is also the id of a dimension: dimension and indicator "
                             "ids share one namespace (a weight names either)",
                             "rename the indicator or the dimension")
                     for iid, (_, loc) in first.items() if iid in dim_ids]
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


def _dimension_ids(dims: Mapping[str, Dimension]) -> set[str]:
    """Every dimension id, at any depth."""
    out = set(dims)
    for dim in dims.values():
        out |= _dimension_ids(dim.dimensions)
    return out


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
