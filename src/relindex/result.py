"""Result objects: the headline, the per-period series and the breakdown.

Every object has ``to_dict()`` returning plain JSON-ready data (``None`` where a
value is missing), a readable ``repr``, and the top-level `Result` renders
as an HTML table in notebooks.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Any, SupportsFloat

__all__ = [
    "DimensionResult",
    "ExcludedRecord",
    "FactResult",
    "IndicatorResult",
    "PeriodResult",
    "Result",
]


def _num(x: SupportsFloat | None) -> float | None:
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) else x


def _fmt(x: float | None, digits: int = 3) -> str:
    x = _num(x)
    return "—" if x is None else f"{x:.{digits}f}"


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator in one period: its value at each stage and its contribution."""

    id: str
    name: str
    unit: str
    polarity: str
    raw: float | None
    """Value after combining observations (and carrying forward), in the indicator's unit."""
    transformed: float | None
    """After the transform (log, ...)."""
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
    """``observed``, ``carried``, ``zero`` (no event in an observed span), ``derived``
    or ``missing``."""
    evidence: tuple[str, ...]
    """Ids of the evidence records behind the value."""
    n_observations: int
    """Number of observations combined."""

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "id": self.id,
            "name": self.name,
            "unit": self.unit,
            "polarity": self.polarity,
            "raw": _num(self.raw),
            "transformed": _num(self.transformed),
            "normalized": _num(self.normalized),
            "weight": _num(self.weight),
            "nominal_weight": self.nominal_weight,
            "contribution": _num(self.contribution),
            "carried": self.carried,
            "carried_from": self.carried_from,
            "status": self.status,
            "evidence": list(self.evidence),
            "n_observations": self.n_observations,
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
            "score": _num(self.score),
            "weight": _num(self.weight),
            "nominal_weight": self.nominal_weight,
            "coverage": self.coverage,
            "contribution": _num(self.contribution),
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
    """True for the headline period."""

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (the documented ``relindex score --format json`` shape)."""
        return {
            "period": self.period,
            "index": _num(self.index),
            "cooperation": _num(self.cooperation),
            "friction": _num(self.friction),
            "coverage": dict(self.coverage),
            "headline": self.headline,
            "dimensions": [d.to_dict() for d in self.dimensions],
        }

    def dimension(self, dimension_id: str) -> DimensionResult:
        """The dimension (at any depth) with this id."""
        for top in self.dimensions:
            for d in top.walk():
                if d.id == dimension_id:
                    return d
        raise KeyError(dimension_id)

    def __repr__(self) -> str:
        return (f"PeriodResult(period={self.period}, index={_fmt(self.index)}, "
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

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "fact": self.fact,
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
class Result:
    """The scored index: every period, the headline, and how the evidence was used."""

    catalogue: str
    name: str
    periods: tuple[PeriodResult, ...]
    headline_period: int | None
    version: str
    digest: str
    """SHA-256 over the catalogue, sources, documents, ledgers and tables."""
    excluded: tuple[ExcludedRecord, ...] = ()
    facts: tuple[FactResult, ...] = ()
    notes: tuple[str, ...] = ()
    """What the library did on the user's behalf (weights normalised, degenerate columns)."""
    severity_scale: str = ""

    @property
    def headline(self) -> PeriodResult | None:
        """The latest period with a net index and enough coverage on each side."""
        for p in self.periods:
            if p.period == self.headline_period:
                return p
        return None

    def period(self, year: int) -> PeriodResult:
        """The result for one period."""
        for p in self.periods:
            if p.period == year:
                return p
        raise KeyError(year)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: metadata, the headline period and the whole series."""
        head = self.headline
        return {
            "catalogue": self.catalogue,
            "name": self.name,
            "version": self.version,
            "digest": self.digest,
            "headline_period": self.headline_period,
            "headline": head.to_dict() if head else None,
            "periods": [p.to_dict() for p in self.periods],
            "excluded": [e.to_dict() for e in self.excluded],
            "facts": [f.to_dict() for f in self.facts],
            "notes": list(self.notes),
            "severity_scale": self.severity_scale,
        }

    def __repr__(self) -> str:
        head = self.headline
        lines = [f"<relindex.Result {self.catalogue!r}: {len(self.periods)} periods, "
                 f"headline {self.headline_period}>"]
        if head is not None:
            lines.append(f"  index {_fmt(head.index)} = cooperation {_fmt(head.cooperation)} "
                         f"- friction {_fmt(head.friction)}")
            for d in head.dimensions:
                lines.append(f"  {d.polarity:<11} {d.id:<24} score {_fmt(d.score)}  "
                             f"contribution {_fmt(d.contribution)}  coverage {d.coverage:.2f}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        e = html.escape
        rows = []
        for p in self.periods:
            mark = " <b>(headline)</b>" if p.headline else ""
            rows.append(f"<tr><td>{p.period}{mark}</td><td>{_fmt(p.index)}</td>"
                        f"<td>{_fmt(p.cooperation)}</td><td>{_fmt(p.friction)}</td></tr>")
        dims = []
        head = self.headline
        if head is not None:
            for d in head.dimensions:
                dims.append(f"<tr><td>{e(d.name)}</td><td>{e(d.polarity)}</td>"
                            f"<td>{_fmt(d.score)}</td><td>{_fmt(d.weight)}</td>"
                            f"<td>{d.coverage:.2f}</td><td>{_fmt(d.contribution)}</td></tr>")
        return (
            f"<div><b>{e(self.name)}</b> (relindex {e(self.version)}, digest "
            f"<code>{e(self.digest[:12])}</code>)"
            "<table><thead><tr><th>period</th><th>index</th><th>cooperation</th>"
            f"<th>friction</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
            f"<p>Dimensions, {self.headline_period}:</p>"
            "<table><thead><tr><th>dimension</th><th>side</th><th>score</th><th>weight</th>"
            f"<th>coverage</th><th>contribution</th></tr></thead><tbody>{''.join(dims)}"
            "</tbody></table></div>"
        )
