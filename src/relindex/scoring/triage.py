"""Triage: which ledger records count, for which year and as what, and the scored years.

Every record that does not count is kept with the reason, for ``relindex evidence``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ScoringError
from ..models import Indicator, Period
from ..records import Record
from ..result import ExcludedRecord
from .context import Context

if TYPE_CHECKING:  # the table modules are imported only to read a catalogue's tables
    from ..tables import Table

__all__ = ["YEAR_BOUNDS", "Kept", "Triage", "shared_triage", "triage"]

YEAR_BOUNDS = (1800, 2200)
"""Years scored without ``[index] periods`` declaring them (a typo such as ``"9999"`` would
otherwise stretch the scored span, and every array, to thousands of periods)."""


@dataclass(frozen=True, kw_only=True)
class Kept:
    """A ledger record that counts: for which year, and as a value or a lower bound."""

    record: Record
    year: int
    role: str
    """``value`` or ``bound`` (a partial-period figure of a flow)."""


@dataclass(frozen=True, kw_only=True)
class Triage:
    """The outcome of triage: the records that count, those that do not, the scored years."""

    kept: tuple[Kept, ...]
    excluded: tuple[ExcludedRecord, ...]
    periods: list[int]


def _year_of(rec: Record, ind: Indicator) -> tuple[int | None, str, str | None]:
    """(year, role, reason): role is 'value', 'bound' or 'excluded'."""
    ev = rec.evidence
    p: Period = ev.parsed_period
    if ev.assign_to is not None:
        if not (p.start_year <= ev.assign_to <= p.end_year):
            return None, "excluded", (f"assign_to {ev.assign_to} lies outside its period "
                                      f"{p.text}")
        return ev.assign_to, "value", None
    if ind.kind == "event":
        if p.within_one_year:
            return p.start_year, "value", None
        return None, "excluded", (f"event dated over several years ({p.text}) with no "
                                  "assign_to")
    if p.is_full_year:
        return p.start_year, "value", None
    if not p.within_one_year:
        return None, "excluded", (f"figure for {p.text} spans several years; set assign_to "
                                  "with a reason to use it")
    if ind.partial == "assign":
        return p.start_year, "value", None
    if ind.flow:
        return p.start_year, "bound", (f"partial-period figure ({p.text}) of a flow: a lower "
                                       "bound for the year, not its value")
    return None, "excluded", (f"partial-period figure ({p.text}); the indicator declares "
                              "partial = 'exclude'")


def _tag_rule(tags: tuple[str, ...], wanted: tuple[str, ...], excluded: tuple[str, ...],
              reason: str) -> str | None:
    """Why a tagged (or untagged) event record does not count for its indicator, or None."""
    if wanted:
        if not set(tags) & set(wanted):
            return (f"the indicator counts only records tagged {', '.join(wanted)}; this one is "
                    + (f"tagged {', '.join(tags)}" if tags else "untagged"))
        return None
    hit = [t for t in tags if t in excluded]
    if hit:
        return (f"tagged {', '.join(hit)}: not counted as an event (index.exclude_tags)"
                + (f": {reason}" if reason else ""))
    return None


def _why_not(ctx: Context, rec: Record) -> str | None:
    """Why a ledger record does not count at all (before its year is decided), or None."""
    ev = rec.evidence
    if ev.exclude is not None:
        return f"excluded in the ledger: {ev.exclude}"
    if rec.weight < ctx.min_weight:
        return (f"grading weight {rec.weight:.2f} (source {rec.reliability}, credibility "
                f"{ev.credibility}) is below grading.min_weight {ctx.min_weight}")
    ind = ctx.indicators[ev.indicator]
    if ind.kind == "event" and (ind.tags or ev.tags):
        return _tag_rule(ev.tags, ind.tags, ctx.index.exclude_tags,
                         ctx.index.exclude_tags_reason)
    return None


def _counted_rows(t: Table, min_weight: float) -> np.ndarray:
    """Rows of a table weighted at least ``grading.min_weight``."""
    return t.weight >= min_weight if t.weight is not None else np.ones(len(t), bool)


_SHARED: ContextVar[dict[tuple[int, int], tuple[Any, Any]] | None] = ContextVar(
    "relindex_shared_triage", default=None)


@contextmanager
def shared_triage() -> Iterator[None]:
    """Within the block, a ledger record is triaged once (for one catalogue's rules).

    Whether a record counts, for which year and as what depends on the record and the
    catalogue alone: rescoring a dataset without one source at a time
    (`relindex.leave_out`) triages the same records again and again.
    """
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def _triaged(ctx: Context, rec: Record) -> Kept | ExcludedRecord:
    """One record: kept (with its year and role) or excluded (with the reason)."""
    ev = rec.evidence
    why = _why_not(ctx, rec)
    if why is not None:
        return ExcludedRecord(ev.id, ev.indicator, why)
    year, role, reason = _year_of(rec, ctx.indicators[ev.indicator])
    if year is None:
        return ExcludedRecord(ev.id, ev.indicator, reason or "no period")
    return Kept(record=rec, year=year, role=role)


def triage(ctx: Context) -> Triage:
    """Decide for each ledger record whether it counts, for which year and as what.

    Returns the kept records with their year and role ('value' or 'bound'), the
    excluded records with their reasons, and the scored years (from the ledger and
    the plain rows of the tables).
    """
    excluded: list[ExcludedRecord] = []
    kept: list[Kept] = []
    memo = _SHARED.get()
    rules = id(ctx.index)  # the catalogue's (its grading and indicators go with it)
    for rec in ctx.ledger:
        if memo is None:
            out = _triaged(ctx, rec)
        else:
            hit = memo.get((rules, id(rec)))
            if hit is None:  # the record kept alive with its outcome: its id stays its own
                hit = memo[(rules, id(rec))] = (_triaged(ctx, rec), (rec, ctx.index))
            out = hit[0]
        if isinstance(out, Kept):
            kept.append(out)
        else:
            excluded.append(out)
    periods = _scored_years(ctx, kept)
    inside = []
    for k in kept:
        if periods[0] <= k.year <= periods[-1]:
            inside.append(k)
        else:
            excluded.append(ExcludedRecord(k.record.id, k.record.evidence.indicator,
                                           f"period {k.year} is outside the scored span "
                                           f"{periods[0]}-{periods[-1]} (index.periods)"))
    return Triage(kept=tuple(inside), excluded=tuple(excluded), periods=periods)


def _scored_years(ctx: Context, kept: list[Kept]) -> list[int]:
    """The declared span, or every year from the first to the last that counts."""
    span = ctx.index.span
    if span is not None:
        return list(range(span.start_year, span.end_year + 1))
    years = {k.year for k in kept if k.role == "value"}
    for t in ctx.tables:
        ok = _counted_rows(t, ctx.min_weight)
        if ok.all():  # every row counts (one grade, say): no copy of the years
            years.update(t.first_last_year() if len(t) else ())
        elif ok.any():
            years.update((int(t.year[ok].min()), int(t.year[ok].max())))
    if not years:
        raise ScoringError(
            "has no evidence that counts, so there is nothing to score",
            path=ctx.path, key="catalogue.evidence",
            fix=ctx.drafts or ("add evidence records (see 'relindex evidence' for what was "
                               "excluded and why)"),
        )
    if min(years) < YEAR_BOUNDS[0] or max(years) > YEAR_BOUNDS[1]:
        raise _implausible_year(ctx, kept)
    return list(range(min(years), max(years) + 1))


def _implausible_year(ctx: Context, kept: list[Kept]) -> ScoringError:
    """The error naming the first counted record or table row dated outside YEAR_BOUNDS."""
    lo, hi = YEAR_BOUNDS
    where: tuple[object, str, object] | None = None
    frame = None
    for k in kept:
        if k.role == "value" and not lo <= k.year <= hi:
            rec = k.record
            where = (rec.origin, f"evidence[{rec.id}].period", rec.evidence.period)
            break
    if where is None:
        for t in ctx.tables:
            bad = _counted_rows(t, ctx.min_weight) & ((t.year < lo) | (t.year > hi))
            if bad.any():
                n = int(np.argmax(bad))
                where = (t.path, f"row {int(t.line[n])}.period", str(int(t.year[n])))
                frame = t.frame
                break
    path, key, value = where if where is not None else (ctx.path, "index.periods", None)
    err = ScoringError(
        f"is a year outside {lo}-{hi}, which the catalogue does not declare: scoring it would "
        "stretch the span to every year in between", path=path, key=key, value=value,  # type: ignore[arg-type]
        fix=f"correct the period, or declare [index] periods = \"YYYY/YYYY\" in "
        f"{ctx.path.name} to score (or leave out) years outside {lo}-{hi}")
    if frame is not None:  # a table given in memory: its row, not a line of a file
        from .._frame_input import relocate

        relocate(err, *frame)
    return err
