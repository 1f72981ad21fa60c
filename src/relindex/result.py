"""Result objects: the headline, the per-period series and the breakdown.

Every object has ``to_dict()`` returning plain JSON-ready data (``None`` where a
value is missing), a readable ``repr``, and the top-level `Result` renders
as an HTML table in notebooks.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, SupportsFloat

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

Level = Literal["index", "dimension", "indicator"]

__all__ = [
    "Conflict",
    "DimensionResult",
    "ExcludedRecord",
    "FactResult",
    "IndicatorResult",
    "PeriodResult",
    "Result",
    "ScoreTable",
]


def as_number(x: SupportsFloat | None) -> float | None:
    """A value as a float, a missing one (NaN or None) as None.

    The one conversion of missing values, used wherever results are built from arrays.
    """
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) else x


def _fmt(x: float | None, digits: int = 3) -> str:
    from .text import num

    return num(as_number(x), digits)


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator in one period: its value at each stage and its contribution."""

    id: str
    name: str
    unit: str
    polarity: str
    raw: float | None
    """Value after combining observations (and carrying forward), in the indicator's unit.
    For an event indicator, the raw measure the documents give (share in per cent, count
    or summed severity; None where they give none); the index uses ``estimate``."""
    transformed: float | None
    """``estimate`` after the transform (log, ...)."""
    normalized: float | None
    """After normalisation and polarity, in [0, 1]."""
    weight: float | None
    """Weight inside its dimension, renormalised over the indicators present."""
    nominal_weight: float
    """Declared weight, normalised over its siblings."""
    contribution: float | None
    """Signed contribution to the net index."""
    carried: bool
    """True when the value was carried forward from an earlier period."""
    carried_from: int | None
    """The period the value was carried from."""
    status: str
    """``observed``, ``carried``, ``zero`` (no event in an observed span), ``derived``,
    ``estimated`` (an event indicator's model estimate in a period without evidence of
    its own) or ``missing``."""
    evidence: tuple[str, ...]
    """Ids of the evidence records behind the value."""
    n_observations: int
    """Number of observations combined."""
    n_events: int | None = None
    """Event indicators: distinct events behind the value (for a share, every coded event
    of the period); None for numeric indicators."""
    n_kind: int | None = None
    """Event shares: the events of the indicator's own kind (the numerator)."""
    n_sources: int = 0
    """Distinct sources behind the value."""
    estimate: float | None = None
    """The value the index uses, in the indicator's unit: for an event indicator the
    measurement model's posterior mean (docs: Evidence as measurement), else ``raw``."""
    estimate_low: float | None = None
    """Lower end of the value's 90% interval in its unit (event estimates: posterior;
    numbers: qualifiers and relative error)."""
    estimate_high: float | None = None
    """Upper end of that interval."""
    interval: tuple[float, float] | None = None
    """That interval on the normalised [0, 1] scale (it holds ``normalized``)."""
    counted: bool = True
    """Whether the value counts toward coverage (not carried, not an estimate resting on
    too few sources)."""

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "id": self.id,
            "name": self.name,
            "unit": self.unit,
            "polarity": self.polarity,
            "raw": as_number(self.raw),
            "transformed": as_number(self.transformed),
            "normalized": as_number(self.normalized),
            "weight": as_number(self.weight),
            "nominal_weight": self.nominal_weight,
            "contribution": as_number(self.contribution),
            "carried": self.carried,
            "carried_from": self.carried_from,
            "status": self.status,
            "evidence": list(self.evidence),
            "n_observations": self.n_observations,
            "n_events": self.n_events,
            "n_kind": self.n_kind,
            "n_sources": self.n_sources,
            "estimate": as_number(self.estimate),
            "estimate_low": as_number(self.estimate_low),
            "estimate_high": as_number(self.estimate_high),
            "interval": None if self.interval is None else list(self.interval),
            "counted": self.counted,
        }


@dataclass(frozen=True)
class DimensionResult:
    """One dimension in one period, with its indicators and sub-dimensions."""

    id: str
    name: str
    polarity: str
    aggregation: str
    score: float | None
    """Aggregate score in [0, 1] (None when no indicator is present)."""
    weight: float | None
    """Weight among its siblings, renormalised over those present."""
    nominal_weight: float
    """Declared weight, normalised over its siblings."""
    coverage: float
    """Share of its weight (down to the indicators) with a value in this period."""
    contribution: float | None
    """Signed contribution to the net index (negative for friction)."""
    indicators: tuple[IndicatorResult, ...]
    dimensions: tuple[DimensionResult, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        out = {
            "id": self.id,
            "name": self.name,
            "polarity": self.polarity,
            "aggregation": self.aggregation,
            "score": as_number(self.score),
            "weight": as_number(self.weight),
            "nominal_weight": self.nominal_weight,
            "coverage": self.coverage,
            "contribution": as_number(self.contribution),
            "indicators": [i.to_dict() for i in self.indicators],
        }
        if self.dimensions:
            out["dimensions"] = [d.to_dict() for d in self.dimensions]
        return out

    def walk(self) -> list[DimensionResult]:
        """Return this dimension and all its sub-dimensions, depth first."""
        out = [self]
        for d in self.dimensions:
            out.extend(d.walk())
        return out


@dataclass(frozen=True)
class PeriodResult:
    """The index for one period: both sides, the net index and the breakdown."""

    period: int
    index: float | None
    """Net index = cooperation - friction, in [-1, 1] (None when a side is missing)."""
    cooperation: float | None
    friction: float | None
    """None when the period has no friction evidence, or the catalogue has no friction side."""
    coverage: dict[str, float]
    """Coverage of each side ("cooperation", "friction")."""
    dimensions: tuple[DimensionResult, ...]
    headline: bool = False
    """True for the headline period (of its entity)."""
    entity: str | None = None
    """The entity (dyad or country) scored."""
    rank: int | None = None
    """Rank of the entity's index among the entities in this period (1 = highest; ties
    share a rank; None where the index is missing)."""
    flags: tuple[str, ...] = ()
    """Codes of what a reader should know: ``below_coverage`` (a side's coverage under the
    headline threshold), ``carried`` (a value carried from an earlier period),
    ``no_index`` (the index is missing), ``no_friction_evidence`` and
    ``no_cooperation_evidence`` (a side without evidence), ``few_sources`` (a side rests
    on fewer sources than ``index.headline_min_sources``), ``rests_on_one_source``
    (leaving one source out changes the sign of the index)."""
    interval: tuple[float, float] | None = None
    """Where the index is missing because a side has no evidence: the bounds of the net
    index over that side's range (None where the index is a point)."""
    flag_messages: tuple[str, ...] = ()
    """What each flag means for this period, in words (aligned with ``flags``)."""
    sources: dict[str, int] | None = None
    """Distinct sources behind each side's counted evidence."""
    leave_one_source_out: dict[str, Any] | None = None
    """``{"min", "max", "by_source"}``: the net index with each source left out in turn
    (None when the dataset has a single source)."""

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (the documented ``relindex score --format json`` shape)."""
        return {
            "period": self.period,
            "index": as_number(self.index),
            "cooperation": as_number(self.cooperation),
            "friction": as_number(self.friction),
            "coverage": dict(self.coverage),
            "headline": self.headline,
            "dimensions": [d.to_dict() for d in self.dimensions],
            "interval": None if self.interval is None else list(self.interval),
            "flags": [{"code": c, "message": m}
                      for c, m in zip(self.flags, self.flag_messages, strict=True)],
            "sources": None if self.sources is None else dict(self.sources),
            "leave_one_source_out": self.leave_one_source_out,
        }

    def dimension(self, dimension_id: str) -> DimensionResult:
        """The dimension (at any depth) with this id."""
        for top in self.dimensions:
            for d in top.walk():
                if d.id == dimension_id:
                    return d
        from .errors import UnknownIdError

        shown = ", ".join(d.id for top in self.dimensions for d in top.walk())
        raise UnknownIdError("is not a dimension of this result", key="dimension",
                             value=dimension_id, fix=f"use one of: {shown}")

    def __repr__(self) -> str:
        who = f"entity={self.entity!r}, " if self.entity is not None else ""
        return (f"PeriodResult({who}period={self.period}, index={_fmt(self.index)}, "
                f"cooperation={_fmt(self.cooperation)}, friction={_fmt(self.friction)})")


@dataclass(frozen=True)
class ExcludedRecord:
    """An evidence record that does not count, and why."""

    id: str
    indicator: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {"id": self.id, "indicator": self.indicator, "reason": self.reason}


@dataclass(frozen=True)
class FactResult:
    """How the records stating one fact were reconciled into one observation."""

    fact: str
    indicator: str
    period: int
    used: str
    """Id of the record whose value is used."""
    value: float
    low: float
    """Lower end of the value's interval (qualifiers, relative error)."""
    high: float
    """Upper end of the value's interval."""
    spread: tuple[float, float]
    """Smallest and largest value stated by any record of the fact."""
    rule: str
    """Why the used value was chosen."""
    alternatives: tuple[dict[str, Any], ...]
    """Every record of the fact: id, source, value, qualifier, period, weight, role."""
    entity: str | None = None
    """The entity the fact is about."""

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "fact": self.fact,
            "entity": self.entity,
            "indicator": self.indicator,
            "period": self.period,
            "used": self.used,
            "value": self.value,
            "interval": [self.low, self.high],
            "spread": list(self.spread),
            "rule": self.rule,
            "alternatives": list(self.alternatives),
        }


@dataclass(frozen=True)
class Conflict:
    """Observations of one indicator, entity and period that disagree, and which counts."""

    indicator: str
    entity: str
    period: int
    used: str | None
    """Id of the record whose value counts."""
    rule: str
    """The indicator's ``combine`` rule that picked it (``latest``, ``max``, ``min``)."""
    value: float
    """The value that counts."""
    records: tuple[dict[str, Any], ...]
    """Every record of the cell: id, value, role (``used`` or why not)."""

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {"indicator": self.indicator, "entity": self.entity, "period": self.period,
                "used": self.used, "rule": self.rule, "value": self.value,
                "records": [dict(r) for r in self.records]}


@dataclass(frozen=True, eq=False)
class ScoreTable:
    """The scores of every selected entity and period, as columns (numpy arrays).

    ``entity``, ``period``, ``index``, ``cooperation``, ``friction``, ``coverage``
    (the smaller side's), ``coverage_cooperation``, ``coverage_friction``, ``rank``
    (0 where unranked), ``headline``, ``flags`` (codes joined by ``;``), and for every
    dimension ``<id>.score`` and ``<id>.contribution``.
    """

    columns: dict[str, Any]

    def __len__(self) -> int:
        return len(self.columns["period"])


@dataclass(frozen=True, eq=False)
class Result:
    """The scored index: every entity and period, the headlines, and how evidence was used.

    For a one-entity catalogue (the shipped Russia-China dataset), ``periods``,
    ``headline`` and ``period(year)`` read as a series; for several entities,
    ``entity(id)`` gives one entity's result, ``to_records()`` and ``to_frame()`` the
    long table of every entity and period with ranks. Period objects are built on first
    use from the arrays the core computed, so a large panel costs nothing it is not asked
    for.
    """

    catalogue: str
    name: str
    version: str
    digest: str
    """SHA-256 over the catalogue, sources, documents, ledgers and tables."""
    kind: str
    """``cooperation-friction`` or ``composite``."""
    entities: tuple[str, ...]
    """The entity ids of this result (one after `entity`)."""
    years: tuple[int, ...]
    """The scored periods, oldest first."""
    excluded: tuple[ExcludedRecord, ...] = ()
    facts: tuple[FactResult, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    """Cells whose observations disagreed, and which one counts."""
    notes: tuple[str, ...] = ()
    """What the library did on the user's behalf (weights normalised, degenerate columns)."""
    severity_scale: str = ""
    entity_names: dict[str, str] = field(default_factory=dict)
    reweighted: dict[str, float] = field(default_factory=dict)
    """The weights changed from the catalogue's, by id (``relindex.reweight``, ``--weight``);
    empty under the declared weights. JSON, CSV, reprs and charts of a re-weighted result
    say so and list them."""
    _table: ScoreTable | None = field(default=None, repr=False)
    _build: Callable[[int, int], PeriodResult] | None = field(default=None, repr=False)
    _rows: tuple[int, ...] = field(default=(), repr=False)
    """Entity indices (into the full panel) this result covers."""
    _cache: dict[tuple[int, int], PeriodResult] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self._table is None or self._build is None or not self._rows:
            raise TypeError("a Result is built by relindex.score (or relindex.reweight), "
                            "not by hand: score a dataset or catalogue path instead")

    # ------------------------------------------------------------------ selection
    def entity(self, entity_id: str) -> Result:
        """The result of one entity.

        Raises
        ------
        RelindexError
            Naming the entity and the ones there are, when it is not scored.
        """
        from dataclasses import replace

        from .errors import RelindexError

        if entity_id not in self.entities:
            shown = ", ".join(self.entities[:12]) + (" ..." if len(self.entities) > 12 else "")
            raise RelindexError("is not an entity of this result", key="entity",
                                value=entity_id, fix=f"use one of {shown}")
        k = self.entities.index(entity_id)
        return replace(self, entities=(entity_id,), _rows=(self._rows[k],))

    def _period_obj(self, row: int, p: int) -> PeriodResult:
        key = (row, p)
        if key not in self._cache:
            assert self._build is not None
            self._cache[key] = self._build(row, p)
        return self._cache[key]

    @property
    def periods(self) -> tuple[PeriodResult, ...]:
        """Every period of every entity of this result, ordered by entity then period."""
        return tuple(self._period_obj(r, p) for r in self._rows for p in range(len(self.years)))

    def each_period(self) -> Iterator[PeriodResult]:
        """The periods of `periods`, in its order, each built when reached and not kept.

        For writing out every period of a large result while holding one at a time.
        """
        assert self._build is not None
        for r in self._rows:
            for p in range(len(self.years)):
                yield self._cache.get((r, p)) or self._build(r, p)

    @property
    def headline_periods(self) -> dict[str, int | None]:
        """Each entity's headline period: its latest with a net index and enough coverage."""
        assert self._table is not None
        cols = self._table.columns
        P = len(self.years)
        out: dict[str, int | None] = {}
        for e, r in zip(self.entities, self._rows, strict=True):
            flags = cols["headline"][r * P:(r + 1) * P]
            hit = np.flatnonzero(flags)
            out[e] = int(self.years[hit[-1]]) if len(hit) else None
        return out

    @property
    def headline_period(self) -> int | None:
        """The headline period: of the one entity, or the latest any entity qualifies in."""
        heads = [y for y in self.headline_periods.values() if y is not None]
        return max(heads) if heads else None

    @property
    def headline(self) -> PeriodResult | None:
        """The headline period's result (one entity only; None for several)."""
        if len(self.entities) != 1:
            return None
        year = self.headline_period
        return None if year is None else self.period(year)

    def period(self, year: int, entity: str | None = None) -> PeriodResult:
        """The result for one period (of `entity`, required when there are several).

        Raises
        ------
        RelindexError
            Naming the period (or entity) and the ones scored, when it is not scored.
        """
        from .errors import RelindexError

        if entity is None and len(self.entities) > 1:
            raise RelindexError("needs an entity: this result has several", key="period",
                                value=year, fix="pass entity=... or use result.entity(id)")
        row = self._rows[0] if entity is None else self.entity(entity)._rows[0]
        if isinstance(year, numbers.Integral) and not isinstance(year, bool):
            year = int(year)  # numpy integers are periods too
        if isinstance(year, bool) or not isinstance(year, int) or year not in self.years:
            raise RelindexError(
                f"is not a scored period (scored: {self.years[0]}-{self.years[-1]})",
                key="period", value=year, fix="choose a year in that span")
        return self._period_obj(row, self.years.index(year))

    # ------------------------------------------------------------------ tables
    def _selected(self) -> dict[str, Any]:
        assert self._table is not None
        cols = self._table.columns
        P = len(self.years)
        full = len(cols["period"]) // P if P else 0
        if tuple(self._rows) == tuple(range(full)):
            return cols
        idx = (np.asarray(self._rows)[:, None] * P + np.arange(P)[None, :]).ravel()
        return {k: v[idx] for k, v in cols.items()}

    def to_records(self) -> list[dict[str, Any]]:
        """The long table as plain dicts: one per entity and period, entity then period.

        Keys: ``entity``, ``period``, ``index``, ``cooperation``, ``friction``,
        ``coverage``, ``coverage_cooperation``, ``coverage_friction``, ``rank``,
        ``headline``, ``flags`` (a list of codes), and ``<dimension>.score`` and
        ``<dimension>.contribution`` for every dimension at every depth. ``None`` marks
        a missing value.
        """
        cols = self._selected()
        names = list(cols)
        out: list[dict[str, Any]] = []
        lists = {}
        for k in names:
            v = cols[k]
            if k == "flags":
                lists[k] = [f.split(";") if f else [] for f in v.tolist()]
            elif k == "rank":
                lists[k] = [int(r) if r > 0 else None for r in v.tolist()]
            elif v.dtype.kind == "f":
                lists[k] = [None if x != x else x for x in v.tolist()]
            else:
                lists[k] = v.tolist()
        for n in range(len(cols["period"])):
            out.append({k: lists[k][n] for k in names})
        return out

    def to_frame(self, level: Level = "index") -> pd.DataFrame:
        """A long pandas table of the result (``pip install 'relindex[pandas]'``).

        Parameters
        ----------
        level : {"index", "dimension", "indicator"}, default "index"
            One row per entity and period (``score`` is the index), per dimension, or
            per indicator; columns in `relindex.frames`. No column is named ``index``.

        Raises
        ------
        MissingExtraError
            When pandas is not installed.
        """
        from .frames import result_frame

        return result_frame(self, level)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: metadata, the headline period and the whole series."""
        head = self.headline
        out: dict[str, Any] = {
            "catalogue": self.catalogue,
            "name": self.name,
            "kind": self.kind,
            "version": self.version,
            "digest": self.digest,
            "entities": list(self.entities),
            "headline_period": self.headline_period,
            "headline": head.to_dict() if head else None,
            "periods": [p.to_dict() for p in self.periods],
            "excluded": [e.to_dict() for e in self.excluded],
            "facts": [f.to_dict() for f in self.facts],
            "conflicts": [c.to_dict() for c in self.conflicts],
            "notes": list(self.notes),
            "severity_scale": self.severity_scale,
        }
        if self.reweighted:
            out["reweighted"] = dict(self.reweighted)
        if len(self.entities) > 1:
            for pr, d in zip(self.periods, out["periods"], strict=True):
                d["entity"], d["rank"] = pr.entity, pr.rank
        return out

    def __repr__(self) -> str:
        if len(self.entities) > 1:
            return (f"<relindex.Result {self.catalogue!r}: {len(self.entities)} entities x "
                    f"{len(self.years)} periods, latest headline {self.headline_period}"
                    f"{', re-weighted' if self.reweighted else ''}>")
        head = self.headline
        re = "" if not self.reweighted else (", re-weighted " + ", ".join(
            f"{k}={v:g}" for k, v in self.reweighted.items()))
        lines = [f"<relindex.Result {self.catalogue!r}: {len(self.years)} periods, "
                 f"headline {self.headline_period}{re}>"]
        if head is not None:
            if self.kind == "composite":
                lines.append(f"  index {_fmt(head.index)}")
            else:
                lines.append(f"  index {_fmt(head.index)} = cooperation "
                             f"{_fmt(head.cooperation)} - friction {_fmt(head.friction)}")
            for d in head.dimensions:
                lines.append(f"  {d.polarity:<11} {d.id:<24} score {_fmt(d.score)}  "
                             f"contribution {_fmt(d.contribution)}  coverage {d.coverage:.2f}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        from ._display import result_html

        return result_html(self)
