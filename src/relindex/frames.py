"""Tidy pandas tables and short reprs of relindex's results.

Every result's ``to_frame`` comes here: one row per observation, one column per
variable, no column named ``index`` (it would shadow ``DataFrame.index``), missing
values as NaN (``pd.NA`` in integer columns), flags as a list of codes. pandas is
imported inside the functions (``pip install 'relindex[pandas]'``).

The three levels of a scored result:

``"index"``
    One row per entity and period: ``score`` (the net index, or the composite
    index), both sides, coverage, ``rank``, ``headline``, the interval where a side
    has no evidence, and ``flags``.
``"dimension"``
    One row per entity, period and dimension (at every depth): ``side``,
    ``dimension``, ``parent``, ``depth``, ``score``, ``weight``, ``coverage``,
    ``contribution`` and the period's ``flags``.
``"indicator"``
    One row per entity, period and indicator: ``side``, ``dimension``,
    ``indicator``, ``raw``, ``estimate`` (with ``estimate_low``/``estimate_high``,
    90%), ``interval_low``/``interval_high`` (the normalised value's 90% interval),
    ``transformed``, ``normalised``, ``weight``, ``contribution``, ``status``,
    ``n_events``, ``n_sources``, ``n_observations``, ``evidence`` and the period's
    ``flags``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Literal

import numpy as np

from .errors import RelindexError, require_pandas

if TYPE_CHECKING:
    import pandas as pd

    from .audit import AuditResult
    from .change import Change
    from .result import DimensionResult, IndicatorResult, PeriodResult, Result
    from .sensitivity import SensitivityResult

__all__ = ["LEVELS", "audit_frame", "change_frame", "result_frame", "sensitivity_frame"]

Level = Literal["index", "dimension", "indicator"]
LEVELS: tuple[str, ...] = ("index", "dimension", "indicator")
"""The levels of `Result.to_frame`, from the top of the tree down."""

INDEX_COLUMNS = ("entity", "period", "score", "cooperation", "friction", "coverage",
                 "coverage_cooperation", "coverage_friction", "rank", "headline",
                 "interval_low", "interval_high", "flags")
DIMENSION_COLUMNS = ("entity", "period", "side", "dimension", "parent", "depth", "name",
                     "aggregation", "score", "weight", "nominal_weight", "coverage",
                     "contribution", "flags")
INDICATOR_COLUMNS = ("entity", "period", "side", "dimension", "indicator", "name", "unit",
                     "raw", "estimate", "estimate_low", "estimate_high", "interval_low",
                     "interval_high", "transformed", "normalised", "weight",
                     "nominal_weight", "contribution", "status", "carried_from",
                     "n_events", "n_sources", "n_observations", "evidence", "flags")


def _nan(x: float | None) -> float:
    return math.nan if x is None else float(x)


def _int_columns(frame: pd.DataFrame, names: Iterable[str]) -> pd.DataFrame:
    """Make `names` nullable integer columns (``pd.NA`` where missing)."""
    for c in names:
        if c in frame.columns:
            frame[c] = frame[c].astype("Int64")
    return frame


def _periods(result: Result) -> Iterator[tuple[str, PeriodResult]]:
    """Every (entity id, period result) of `result`, entity then period."""
    for e, row in zip(result.entities, result._rows, strict=True):
        for p in range(len(result.years)):
            yield e, result._period_obj(row, p)


def _walk(dims: Sequence[DimensionResult], side: str | None, parent: str | None,
          depth: int) -> Iterator[tuple[DimensionResult, str, str | None, int]]:
    for d in dims:
        s = side if side is not None else d.polarity
        yield d, s, parent, depth
        yield from _walk(d.dimensions, s, d.id, depth + 1)


def _check_level(level: str, levels: Sequence[str], what: str) -> None:
    if level not in levels:
        raise RelindexError(f"is not a level of {what}", key="level", value=level,
                            fix="use one of " + ", ".join(repr(x) for x in levels))


def result_frame(result: Result, level: Level = "index") -> pd.DataFrame:
    """The long table of a scored result at one level (see the module docstring).

    Parameters
    ----------
    result : Result
    level : {"index", "dimension", "indicator"}, default "index"

    Returns
    -------
    pandas.DataFrame
        Its ``attrs`` hold ``catalogue``, ``digest`` and ``reweighted`` (the weights
        changed from the catalogue's, empty under the declared weights).

    Raises
    ------
    RelindexError
        For an unknown level.
    MissingExtraError
        When pandas is not installed.
    """
    _check_level(level, LEVELS, "Result.to_frame")
    pd = require_pandas("Result.to_frame")
    frame = _level_frame(pd, result, level)
    frame.attrs.update(catalogue=result.catalogue, digest=result.digest,
                       reweighted=dict(result.reweighted))
    return frame


def _level_frame(pd: ModuleType, result: Result, level: Level) -> pd.DataFrame:
    if level == "index":
        return _index_frame(pd, result)
    rows: list[tuple[object, ...]] = []
    for entity, pr in _periods(result):
        flags = list(pr.flags)
        for d, side, parent, depth in _walk(pr.dimensions, None, None, 0):
            if level == "dimension":
                rows.append((entity, pr.period, side, d.id, parent, depth, d.name,
                             d.aggregation, _nan(d.score), _nan(d.weight), d.nominal_weight,
                             d.coverage, _nan(d.contribution), flags))
                continue
            rows.extend(_indicator_row(entity, pr.period, side, d.id, i, flags)
                        for i in d.indicators)
    if level == "dimension":
        return _int_columns(pd.DataFrame(rows, columns=list(DIMENSION_COLUMNS)), ["depth"])
    frame = pd.DataFrame(rows, columns=list(INDICATOR_COLUMNS))
    return _int_columns(frame, ["carried_from", "n_events", "n_sources"])


def _indicator_row(entity: str, period: int, side: str, dim: str, i: IndicatorResult,
                   flags: list[str]) -> tuple[object, ...]:
    """One indicator's row.

    Fields a result does not carry (the measurement model's) read as missing.
    """
    interval = getattr(i, "interval", None)
    lo, hi = (math.nan, math.nan) if interval is None else interval
    est = [_nan(getattr(i, k, None)) for k in ("estimate", "estimate_low", "estimate_high")]
    counts = [getattr(i, k, None) for k in ("n_events", "n_sources")]
    return (entity, period, side, dim, i.id, i.name, i.unit, _nan(i.raw), *est,
            float(lo), float(hi), _nan(i.transformed), _nan(i.normalized), _nan(i.weight),
            i.nominal_weight, _nan(i.contribution), i.status, i.carried_from, *counts,
            i.n_observations, list(i.evidence), flags)


def _index_frame(pd: ModuleType, result: Result) -> pd.DataFrame:
    """The index level, straight from the result's columns (no per-period objects)."""
    cols = result._selected()
    n = len(cols["period"])
    out: dict[str, object] = {}
    for name in INDEX_COLUMNS:
        src = "index" if name == "score" else name
        if name == "flags":
            out[name] = [f.split(";") if f else [] for f in cols["flags"].tolist()]
        elif name == "rank":  # across entities within a period: none for one entity
            rank = np.asarray(cols["rank"])
            out[name] = np.where((rank > 0) & (len(result.entities) > 1), rank, -1)
        elif src in cols:
            out[name] = cols[src]
        else:
            out[name] = np.full(n, np.nan)
    frame = pd.DataFrame(out)
    rank = frame["rank"].astype("Int64")
    frame["rank"] = rank.mask(rank < 0)
    return frame


# ---------------------------------------------------------------------- other results
SENSITIVITY_TABLES = ("periods", "sobol", "ranks", "rank_stability", "inputs")


def sensitivity_frame(res: SensitivityResult, table: str = "periods") -> pd.DataFrame:
    """A table of an uncertainty and sensitivity analysis.

    Parameters
    ----------
    res : SensitivityResult
    table : {"periods", "sobol", "ranks", "rank_stability", "inputs"}, default "periods"
        ``periods``: one row per entity, period and quantity (``index``,
        ``cooperation``, ``friction``) with ``point``, ``median``, ``p05``, ``p95``,
        ``p_positive``, ``mean``, ``sd``. ``sobol``: one row per input group with its
        first- and total-order indices and their confidence bounds. ``ranks``: per
        entity, its nominal rank and rank interval. ``rank_stability``: per top-level
        dimension, its nominal and modal rank. ``inputs``: every uncertain input.

    Returns
    -------
    pandas.DataFrame
    """
    _check_level(table, SENSITIVITY_TABLES, "SensitivityResult.to_frame")
    pd = require_pandas("SensitivityResult.to_frame")
    if table == "periods":
        rows = []
        for p in res.periods:
            point = p.get("point") or {}
            for q in ("index", "cooperation", "friction"):
                if not isinstance(p.get(q), dict):
                    continue
                s = p[q]
                rows.append({"entity": p.get("entity", res.entity), "period": p["period"],
                             "quantity": q, "point": _nan(point.get(q)),
                             **{k: _nan(s.get(k)) for k in
                                ("median", "p05", "p95", "p_positive", "mean", "sd")}})
        cols = ["entity", "period", "quantity", "point", "median", "p05", "p95",
                "p_positive", "mean", "sd"]
        return pd.DataFrame(rows, columns=cols)
    if table == "sobol":
        rows = []
        for s in res.sobol:
            f_ci = s.get("first_order_ci") or [None, None]
            t_ci = s.get("total_order_ci") or [None, None]
            rows.append({"input": s["input"], "first_order": _nan(s["first_order"]),
                         "first_order_low": _nan(f_ci[0]), "first_order_high": _nan(f_ci[1]),
                         "total_order": _nan(s["total_order"]),
                         "total_order_low": _nan(t_ci[0]), "total_order_high": _nan(t_ci[1]),
                         "members": list(s.get("members", []))})
        return pd.DataFrame(rows, columns=["input", "first_order", "first_order_low",
                                           "first_order_high", "total_order",
                                           "total_order_low", "total_order_high", "members"])
    source = {"ranks": res.ranks, "rank_stability": res.rank_stability,
              "inputs": res.inputs}[table]
    return pd.DataFrame([dict(r) for r in source])


def change_frame(ch: Change) -> pd.DataFrame:
    """The effects of a change, one row per indicator and kind of effect.

    Columns ``entity``, ``start``, ``end``, ``indicator``, ``dimension``, ``kind``
    (``value``, ``composition`` or ``weight``) and ``effect``; the effects add up to
    ``Change.change``.
    """
    pd = require_pandas("Change.to_frame")
    rows = [{"entity": ch.entity, "start": ch.start, "end": ch.end, **dict(e)}
            for e in ch.effects]
    return pd.DataFrame(rows, columns=["entity", "start", "end", "indicator", "dimension",
                                       "kind", "effect"])


AUDIT_TABLES = ("findings", "correlations", "alpha")


def audit_frame(res: AuditResult, table: str = "findings") -> pd.DataFrame:
    """A table of an audit: its findings, the indicator correlations, or Cronbach's alpha.

    Parameters
    ----------
    res : AuditResult
    table : {"findings", "correlations", "alpha"}, default "findings"
        ``findings``: ``rule``, ``severity``, ``where``, ``message``, ``accepted``,
        ``reason``.

    Returns
    -------
    pandas.DataFrame
    """
    _check_level(table, AUDIT_TABLES, "AuditResult.to_frame")
    pd = require_pandas("AuditResult.to_frame")
    if table == "findings":
        return pd.DataFrame([f.to_dict() for f in res.findings],
                            columns=["rule", "severity", "where", "message", "accepted",
                                     "reason"])
    source = res.correlations if table == "correlations" else res.alpha
    return pd.DataFrame([dict(r) for r in source])
