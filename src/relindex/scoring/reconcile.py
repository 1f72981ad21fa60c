"""Reconciliation: records of one fact in one year become one observation.

Each fact keeps the rule that chose its value and the role of every record.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..models import Indicator
from ..records import Record, date_key
from ..result import ExcludedRecord, FactResult
from .context import Axes, Context
from .observations import LOW_GRADES, Observations
from .triage import Kept

__all__ = ["Reconciled", "reconcile", "shared_facts"]

_LOWER = {"over", "more than", "at least"}
_UPPER = {"nearly", "almost", "up to", "under"}


@dataclass(frozen=True, kw_only=True)
class Reconciled:
    """The ledger's facts as observations, with what each record does."""

    observations: Observations
    facts: tuple[FactResult, ...]
    """Facts stated by more than one record, with the rule that chose the value."""
    roles: dict[str, str]
    """Record id -> 'used', 'corroborates X', 'alternative to X (not used)' or
    'lower bound (partial period)'."""
    excluded: tuple[ExcludedRecord, ...]
    """Partial-period figures with no full-year figure of their fact."""
    sources: tuple[tuple[int, ...], ...] = ()
    """The sources of every record of each observation's fact (codes in the context's
    ``source_ids``), so corroboration counts every source that reports a fact."""


@dataclass(frozen=True, kw_only=True)
class _Choice:
    """The record (and value) that stands for a fact."""

    record: Record
    value: float
    low: float
    high: float
    rule: str


def _interval(value: float, qualifier: str, margin: float, rel: float) -> tuple[float, float]:
    mag = abs(value)
    if qualifier in _LOWER:
        return value, value + mag * margin
    if qualifier in _UPPER:
        return value - mag * margin, value
    if qualifier == "about":
        return value - mag * margin, value + mag * margin
    return value - mag * rel, value + mag * rel


def severity_of(ctx: Context, rec: Record) -> float:
    """The severity of an event record: its own, else its event type's."""
    e = rec.evidence
    if e.severity is not None:
        return e.severity
    return ctx.severities[e.event_type]  # type: ignore[index]


def _choose_event(ctx: Context, ind: Indicator, values: list[Record]) -> _Choice:
    """The best-graded report of an event.

    Among equally graded reports the median severity (ties by id), so the ledger's
    order never decides.
    """
    best = max(r.weight for r in values)
    tied = sorted((r for r in values if r.weight == best),
                  key=lambda r: (severity_of(ctx, r), r.id))
    chosen = tied[(len(tied) - 1) // 2]
    v = severity_of(ctx, chosen) if ind.measure in ("severity", "share") else 1.0
    rule = ("one event" if len(values) == 1
            else f"one event reported by {len(values)} records: counted once")
    return _Choice(record=chosen, value=v, low=v, high=v, rule=rule)


def _value(r: Record) -> float:
    return float(r.evidence.value)  # type: ignore[arg-type]


def _pick(how: str, values: list[Record], agree: bool) -> tuple[Record, str]:
    """The record whose value stands for a fact of figures, and the rule that picked it."""
    if len(values) == 1:
        return values[0], "single record"
    if agree:
        return (min(values, key=lambda r: (-r.weight, r.id)),
                f"{len(values)} records agree: corroboration, counted once "
                "(best-graded record used)")
    if how == "best_graded":
        best = max(r.weight for r in values)
        tied = sorted((r for r in values if r.weight == best), key=lambda r: (_value(r), r.id))
        return tied[(len(tied) - 1) // 2], (
            "conflicting values: the best-graded record is used"
            + (f" (median of {len(tied)} equally graded)" if len(tied) > 1 else ""))
    if how == "median":
        ordered = sorted(values, key=lambda r: (_value(r), r.id))
        return ordered[(len(ordered) - 1) // 2], "conflicting values: the median record is used"
    return (min(values, key=lambda r: (-r.weight, r.id)),
            "conflicting values: the weighted mean of the records is used")


def _agree(vals: list[float]) -> bool:
    """``np.allclose(vals, vals[0], rtol=1e-9, atol=0)`` without numpy's cost per call.

    Each value within 1e-9 of the first's magnitude; a non-finite one only if equal to
    it; NaN never.
    """
    b = vals[0]
    tol = 1e-9 * abs(b)
    fin = math.isfinite(b)
    return all(a == b or (fin and math.isfinite(a) and abs(a - b) <= tol) for a in vals)


def _choose(ctx: Context, ind: Indicator, values: list[Record],
            bounds: list[Record]) -> _Choice:
    """Pick the record (and value) that stands for a fact."""
    if ind.kind == "event":
        return _choose_event(ctx, ind, values)
    vals = np.array([_value(r) for r in values])
    how = ctx.reconciliation.choose
    agree = _agree([float(x) for x in vals])
    chosen, rule = _pick(how, values, agree)
    v = _value(chosen)
    if how == "mean" and len(values) > 1 and not agree:
        w = np.array([r.weight for r in values])
        v = float((w * vals).sum() / w.sum()) if w.sum() > 0 else float(vals.mean())
    lo, hi = _interval(v, chosen.evidence.qualifier, ctx.reconciliation.qualifier_margin,
                       ind.relative_error)
    # conflicting full-period values widen the interval; a partial-period figure of a flow
    # is a lower bound of the full period, so it can only raise the low end
    lo = min(lo, *(_value(r) for r in values))
    hi = max(hi, *(_value(r) for r in values))
    for b in bounds:
        lo = max(lo, _value(b))
        if _value(b) > v:
            rule += (f"; note: the partial figure {_value(b):g} ({b.evidence.period}) exceeds "
                     "the value used")
            hi = max(hi, _value(b))
    return _Choice(record=chosen, value=v, low=lo, high=hi, rule=rule)


def _publication_date(ctx: Context, rec: Record) -> float:
    """The date key of a ledger record's source, without the file order `Record.order` adds.

    Read from the source, not cut from the order: the order adds 1e-9 per record read, so
    beyond about a thousand records cutting it at 1e-6 dated records of one source apart
    and hid their ties. A table row keeps its order (its line).
    """
    date = ctx.source_dates.get(rec.evidence.source) if rec.citation is None else None
    return date_key(date) if date is not None else math.nan  # a table row


def _role(rec: Record, role: str, chosen: Record, ind: Indicator) -> str:
    """What a record of a fact does, beside the chosen one."""
    if rec is chosen:
        return "used"
    if role == "bound":
        return "lower bound (partial period)"
    if ind.kind == "event" or rec.evidence.value == chosen.evidence.value:
        return f"corroborates {chosen.id}"
    return f"alternative to {chosen.id} (not used)"


def _group(ctx: Context, kept: tuple[Kept, ...], axes: Axes
           ) -> dict[tuple[int, str, str, int], list[Kept]]:
    """Kept records by (entity, indicator, fact, year); a record without a fact alone."""
    groups: dict[tuple[int, str, str, int], list[Kept]] = {}
    for n, k in enumerate(kept):
        ev = k.record.evidence
        key = (axes.entity[ev.entity], ev.indicator, ev.fact or f"\x00{n}", k.year)
        groups.setdefault(key, []).append(k)
    return groups


_Out = tuple[Any, ...]
"""What reconciling one fact gives (see `_fact`)."""

_SHARED: ContextVar[dict[tuple[Any, ...], tuple[_Out, Any]] | None] = ContextVar(
    "relindex_shared_facts", default=None)


@contextmanager
def shared_facts() -> Iterator[None]:
    """Within the block, a fact stated by the same records is reconciled once.

    Rescoring a dataset without one source at a time (`relindex.leave_out`) leaves most
    facts' records as they were: their observation, roles and fact are taken as first
    reconciled (on the same axes and catalogue).
    """
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def _fact(ctx: Context, axes: Axes, pidx: dict[int, int], e: int, iid: str, fact: str,
          year: int, members: list[Kept]) -> _Out:
    """One fact reconciled: (excluded, fact result, roles, row, sources, ids)."""
    ind = ctx.indicators[iid]
    values = [k.record for k in members if k.role == "value"]
    bounds = [k.record for k in members if k.role == "bound"]
    if not values:
        return (tuple(ExcludedRecord(
            r.id, iid, f"partial-period figure ({r.evidence.period}) of a flow, with no "
            f"full-year figure of the same fact for {year}: kept as a lower bound only")
            for r in bounds), None, {}, None, None, None)
    ch = _choose(ctx, ind, values, bounds)
    chosen = ch.record
    alts = []
    roles: dict[str, str] = {}
    for k in members:
        ev = k.record.evidence
        what = _role(k.record, k.role, chosen, ind)
        roles[ev.id] = what
        alts.append({"id": ev.id, "source": ev.source, "value": ev.value,
                     "qualifier": ev.qualifier, "period": ev.period,
                     "weight": k.record.weight, "role": what})
    found = None
    if len(members) > 1:
        stated = [a["value"] for a in alts if a["value"] is not None] or [ch.value]
        found = FactResult(
            chosen.id if fact.startswith("\x00") else fact, iid, year, chosen.id,
            float(ch.value), float(ch.low), float(ch.high),
            (float(min(stated)), float(max(stated))),
            ch.rule, tuple(alts), entity=ctx.entity_ids[e])
    records = [k.record for k in members]
    row = (e, pidx[year], axes.column[iid], ch.value, max(chosen.weight, 1e-12),
           chosen.order, _publication_date(ctx, chosen), ch.low, ch.high,
           all(r.reliability in LOW_GRADES for r in records),
           severity_of(ctx, chosen) if ind.kind == "event" else np.nan,
           ctx.source_code[chosen.evidence.source])
    return ((), found, roles, row,
            tuple(sorted({ctx.source_code[r.evidence.source] for r in records})),
            tuple(r.id for r in records) if len(records) > 1 else records[0].id)


def reconcile(ctx: Context, kept: tuple[Kept, ...], axes: Axes) -> Reconciled:
    """Merge ledger records that state the same fact in the same year into one observation."""
    memo = _SHARED.get()
    # what a fact's outcome depends on beside its records: the catalogue's rules, the
    # sources and the axes (the same for every dataset rescored without one source)
    scope = (id(ctx.index), id(ctx.reconciliation), ctx.source_ids, axes.entities,
             axes.periods, axes.columns)
    pidx = {y: i for i, y in enumerate(axes.periods)}
    rows: list[tuple[int, int, int, float, float, float, float, float, float, bool, float,
                     int]] = []
    ids: list[Any] = []
    sources: list[tuple[int, ...]] = []
    facts: list[FactResult] = []
    roles: dict[str, str] = {}
    excluded: list[ExcludedRecord] = []
    for (e, iid, fact, year), members in _group(ctx, kept, axes).items():
        if memo is None:
            out = _fact(ctx, axes, pidx, e, iid, fact, year, members)
        else:  # records stand for themselves: the same objects, the same fact
            key = (scope, e, iid, None if fact.startswith("\x00") else fact, year,
                   tuple((id(k.record), k.role) for k in members))
            hit = memo.get(key)
            if hit is None:  # what the ids name is kept alive with the outcome
                hit = memo[key] = (_fact(ctx, axes, pidx, e, iid, fact, year, members),
                                   (ctx.index, ctx.reconciliation, members))
            out = hit[0]
        gone, found, its_roles, row, srcs, rid = out
        if row is None:
            excluded.extend(gone)
            continue
        if found is not None:
            facts.append(found)
        roles.update(its_roles)
        rows.append(row)
        sources.append(srcs)
        ids.append(rid)
    arr = np.array(rows, dtype=float).reshape(len(rows), 12)
    obs = Observations(
        entity=arr[:, 0].astype(int), period=arr[:, 1].astype(int),
        column=arr[:, 2].astype(int), value=arr[:, 3], weight=arr[:, 4], order=arr[:, 5],
        date=arr[:, 6], low=arr[:, 7], high=arr[:, 8], low_grade=arr[:, 9].astype(bool),
        ids=ids, severity=arr[:, 10], source=arr[:, 11].astype(int))
    return Reconciled(observations=obs, facts=tuple(facts), roles=roles,
                      excluded=tuple(excluded), sources=tuple(sources))
