"""The rules an evidence record obeys against the catalogue, in one table.

A record comes from a ledger (checked one at a time by the loader) or from a row
of a data table (checked one column at a time by `relindex.tables`). Both paths
take the predicate, the message and the fix of each rule from `RULES`, so a
record breaks a rule with the same words wherever it was written.

Examples
--------
>>> from relindex.record_rules import UNIT
>>> print(UNIT.error("t.csv", "row 2", "EUR", unit="USD bn"))
... # doctest: +NORMALIZE_WHITESPACE
t.csv: row 2.unit must be the indicator's unit 'USD bn'. Got 'EUR'.
Fix: convert the value to 'USD bn' and set unit = 'USD bn'.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import EvidenceError
from .models import ID_MAX_LENGTH, ID_PATTERN, Indicator

__all__ = ["RULES", "RecordRule", "broken_rule", "transform_floor", "valid_id"]

_NO_VALUE: Any = object()


@dataclass(frozen=True, kw_only=True)
class RecordRule:
    """One rule: what must hold of a record, how to say it is broken, how to fix it."""

    name: str
    """Short name of the rule."""
    field: str | None
    """The field the problem is reported at (None: the record as a whole)."""
    rule: str
    """What must hold, phrased to follow the key; ``{placeholders}`` filled per case."""
    fix: str
    """How to fix it, with the same placeholders."""
    broken: Callable[[str, Indicator | None, Mapping[str, Any]], dict[str, Any] | None]
    """Given the indicator id, the indicator (None if undeclared) and the record's fields:
    None when the rule holds, else the names that fill the message."""

    def error(self, path: str | Path | None, where: str, value: Any = _NO_VALUE,
              **names: Any) -> EvidenceError:
        """The error for a record at `where` (``evidence[x]``, ``row 7``) that breaks it."""
        key = where if self.field is None else f"{where}.{self.field}"
        extra = {} if value is _NO_VALUE else {"value": value}
        return EvidenceError(self.rule.format(**names), path=path, key=key,
                             fix=self.fix.format(**names), **extra)


def transform_floor(ind: Indicator) -> float:
    """The value a record of `ind` must exceed for its transform (``-inf``: none)."""
    return {"log": 0.0, "log1p": -1.0}.get(ind.transform, float("-inf"))


_ID_RE = re.compile(ID_PATTERN[1:-1])


def valid_id(text: str) -> bool:
    """Whether `text` is a valid record or entity id (pattern, ASCII, length)."""
    return len(text) <= ID_MAX_LENGTH and text.isascii() and bool(_ID_RE.fullmatch(text))


def _unknown(iid: str, ind: Indicator | None, rec: Mapping[str, Any]) -> dict[str, Any] | None:
    return {} if ind is None else None


def _derived(iid: str, ind: Indicator | None, rec: Mapping[str, Any]) -> dict[str, Any] | None:
    if ind is not None and ind.derived is not None:
        return {"operands": ", ".join(ind.derived.of)}
    return None


def _event(ind: Indicator | None) -> bool:
    return ind is not None and ind.kind == "event"


def _no_event_type(iid: str, ind: Indicator | None, rec: Mapping[str, Any]
                   ) -> dict[str, Any] | None:
    if _event(ind) and rec.get("event_type") is None:
        return {"types": ", ".join(ind.event_types)}  # type: ignore[union-attr]
    return None


def _other_event_type(iid: str, ind: Indicator | None, rec: Mapping[str, Any]
                      ) -> dict[str, Any] | None:
    et = rec.get("event_type")
    if _event(ind) and et is not None and et not in ind.event_types:  # type: ignore[union-attr]
        return {"types": ", ".join(ind.event_types)}  # type: ignore[union-attr]
    return None


def _no_value(iid: str, ind: Indicator | None, rec: Mapping[str, Any]) -> dict[str, Any] | None:
    return {} if ind is not None and not _event(ind) and rec.get("value") is None else None


def _unit(iid: str, ind: Indicator | None, rec: Mapping[str, Any]) -> dict[str, Any] | None:
    if ind is not None and not _event(ind) and rec.get("unit") != ind.unit:
        return {"unit": ind.unit}
    return None


def _domain(iid: str, ind: Indicator | None, rec: Mapping[str, Any]) -> dict[str, Any] | None:
    v = rec.get("value")
    if (ind is None or _event(ind) or v is None or rec.get("exclude") is not None
            or v > transform_floor(ind)):
        return None
    return {"floor": transform_floor(ind), "indicator": iid, "transform": ind.transform}


UNKNOWN_INDICATOR = RecordRule(
    name="unknown_indicator", field="indicator", rule="names an unknown indicator",
    fix="use an indicator or series id declared in the catalogue ({catalogue})",
    broken=_unknown)
DERIVED_INDICATOR = RecordRule(
    name="derived_indicator", field="indicator",
    rule="points at a derived indicator, which takes no evidence of its own",
    fix="attach it to one of {operands}", broken=_derived)
NO_EVENT_TYPE = RecordRule(
    name="no_event_type", field=None, rule="needs an 'event_type' (its indicator counts events)",
    fix="add event_type = one of {types}", broken=_no_event_type)
OTHER_EVENT_TYPE = RecordRule(
    name="other_event_type", field="event_type",
    rule="is not an event type its indicator counts",
    fix="use one of {types} or attach the record to another indicator",
    broken=_other_event_type)
NO_VALUE = RecordRule(
    name="no_value", field=None, rule="needs a 'value' (its indicator is numeric)",
    fix="add value and unit", broken=_no_value)
UNIT = RecordRule(
    name="unit", field="unit", rule="must be the indicator's unit {unit!r}",
    fix="convert the value to {unit!r} and set unit = {unit!r}", broken=_unit)
TRANSFORM_DOMAIN = RecordRule(
    name="transform_domain", field="value",
    rule="must be > {floor:g} because its indicator {indicator!r} takes a {transform} "
    "transform", fix="correct the value", broken=_domain)
RECORD_ID = RecordRule(
    name="record_id", field="id", rule="is not a valid record id",
    fix=f"use letters, digits, '_', '.', '-' (starting with a letter or digit), at most "
    f"{ID_MAX_LENGTH} characters",
    broken=lambda iid, ind, rec: None if valid_id(str(rec.get("id", ""))) else {})
ENTITY_ID = RecordRule(
    name="entity_id", field="entity", rule="is not a valid entity id",
    fix=f"use letters, digits, '_', '.', '-', at most {ID_MAX_LENGTH} characters",
    broken=lambda iid, ind, rec: (None if not rec.get("entity") or valid_id(rec["entity"])
                                  else {}))
CREDIBILITY = RecordRule(
    name="credibility", field="credibility", rule="must be a grade 1-6",
    fix="write 1 (confirmed) to 6 (cannot be judged)",
    broken=lambda iid, ind, rec: None if rec.get("credibility") in range(1, 7) else {})

RULES = (UNKNOWN_INDICATOR, DERIVED_INDICATOR, NO_EVENT_TYPE, OTHER_EVENT_TYPE, NO_VALUE,
         UNIT, TRANSFORM_DOMAIN, RECORD_ID, ENTITY_ID, CREDIBILITY)
"""Every record rule, in the order a record is checked."""

ON_INDICATOR = (UNKNOWN_INDICATOR, DERIVED_INDICATOR)
"""The rules that depend on the indicator alone (a table checks them once per id)."""


def broken_rule(iid: str, ind: Indicator | None, rec: Mapping[str, Any],
                rules: tuple[RecordRule, ...] = RULES) -> tuple[RecordRule, dict[str, Any]] | None:
    """The first of `rules` the record breaks, with the names for its message; or None."""
    for r in rules:
        names = r.broken(iid, ind, rec)
        if names is not None:
            return r, names
    return None
