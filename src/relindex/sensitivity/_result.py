"""The result of an uncertainty and sensitivity analysis."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import RelindexError

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class SensitivityResult:
    """Uncertainty bands per period and Sobol' indices of the headline net index."""

    periods: tuple[dict[str, Any], ...]
    """Per period: ``{"period", "point", "index", "cooperation", "friction"}``, each a dict
    of ``median``, ``p05``, ``p95``, ``p_positive``, ``mean``, ``sd`` (a composite index:
    ``index`` alone, it has no sides)."""
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
    """The entity whose headline index the Sobol' indices explain: the one asked for, or
    the only one of a one-entity catalogue (None: the mean rank shift of all entities)."""
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
        from ..frames import sensitivity_frame

        return sensitivity_frame(self, table)

    def __repr__(self) -> str:
        from .._display import sensitivity_repr

        return sensitivity_repr(self)
