"""Uncertainty bands of each period: median, 5-95% band, mean, sd and P(index > 0)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..result import PeriodResult, Result, as_number
from ._run import Outputs

Array = NDArray[np.float64]

QUANTITIES = ("index", "cooperation", "friction")
KEYS = ("median", "p05", "p95", "p_positive", "mean", "sd")


def period_bands(out: Outputs, full: Result, entities: Sequence[str], shown: Sequence[int],
                 periods: Sequence[int]) -> tuple[list[dict[str, Any]], list[str]]:
    """The bands of every shown entity and period, and where the point lies outside its band.

    Parameters
    ----------
    out : Outputs
        The samples' net index, cooperation and friction, each (m, E, P).
    full : Result
        The point result of every entity.
    entities : sequence of str
        Every entity id, in the model's order.
    shown : sequence of int
        The entities to summarise.
    periods : sequence of int
        The model's periods.
    """
    from .._core.summary import uncertainty_summary

    many = len(entities) > 1
    columns = {"index": out.net, "cooperation": out.cooperation, "friction": out.friction}
    # a composite index is one score: no side to summarise beside it
    quantities = ("index",) if full.kind == "composite" else QUANTITIES
    rows: list[dict[str, Any]] = []
    outside: list[str] = []
    for ei in shown:
        sums = {q: uncertainty_summary(columns[q][:, ei]) for q in quantities}
        points = full.entity(entities[ei]).periods
        for p, year in enumerate(periods):
            entry = _entry(points[p], year, {q: columns[q][:, ei, p] for q in quantities},
                           {q: {k: s[k][p] for k in KEYS} for q, s in sums.items()})
            if many:
                entry = {"entity": entities[ei], **entry}
            if entry["point_inside"] is False:
                outside.append(f"{entities[ei]} {year}" if many else f"{year}")
            rows.append(entry)
    return rows, outside


def _entry(point: PeriodResult, year: int, samples: dict[str, Array],
           sums: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """One period's point values and bands; a band with missing samples says their share."""
    values = {"index": point.index, "cooperation": point.cooperation,
              "friction": point.friction}
    entry: dict[str, Any] = {
        "period": year, "point": {q: as_number(values[q]) for q in samples},
    }
    for q in samples:
        entry[q] = _band(samples[q], sums[q])
    pt, band = entry["point"]["index"], entry["index"]
    entry["point_inside"] = (None if pt is None or band.get("p05") is None
                             else bool(band["p05"] - 1e-12 <= pt <= band["p95"] + 1e-12))
    return entry


def _band(col: Array, summary: dict[str, Any]) -> dict[str, Any]:
    """The summary of one quantity's samples, recomputed without the missing ones."""
    from .._core.summary import uncertainty_summary

    missing = np.isnan(col)
    if not missing.any():
        return {k: as_number(summary[k]) for k in KEYS}
    ok = col[~missing]
    band: dict[str, Any] = ({k: as_number(v) for k, v in uncertainty_summary(ok).items()}
                            if len(ok) >= 2 else dict.fromkeys(KEYS))
    band["share_missing"] = float(missing.mean())
    return band
