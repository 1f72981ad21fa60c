"""Recall: how many known facts the extractor proposes.

Two measures. `recall` checks ledger records ``(source, quote, value)``
against candidates: a record counts when a candidate with its value overlaps
its quote. `passage_recall` is stricter, for annotated passages (see
``tests/extract_passages/README.md``): a fact counts only when a candidate
has exactly its span, kind and value (and unit, when annotated).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import InputFileError
from ..files import read_toml, validation_error
from ..quotes import find_spans
from .candidate import Candidate, EventMode, Kind, Polarity

__all__ = [
    "MissedRecord",
    "PassageEvent",
    "PassageFact",
    "RecallReport",
    "candidates_per_fact",
    "event_recall",
    "load_passage_events",
    "load_passage_facts",
    "passage_recall",
    "recall",
]


@dataclass(frozen=True, slots=True)
class MissedRecord:
    """A ledger record that no candidate proposed.

    Parameters
    ----------
    source : str
        The record's source id.
    quote : str
        The record's quote.
    value : float or None
        The record's value.
    reason : str
        Why it counts as missed.
    """

    source: str
    quote: str
    value: float | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """Return the record as a JSON-ready dict.

        Returns
        -------
        dict
            Keys ``source``, ``quote``, ``value``, ``reason``.
        """
        return {"source": self.source, "quote": self.quote, "value": self.value,
                "reason": self.reason}


@dataclass(frozen=True, slots=True)
class RecallReport:
    """How many ledger records the extractor proposed.

    Parameters
    ----------
    found : int
        Records proposed by some candidate.
    total : int
        Records checked: those whose quote states their value.
    missed : tuple of MissedRecord
        The records not proposed, in input order.
    inferred : tuple of str
        Ids of the records whose value is inferred from their quote's words, not stated in
        it (``value_inferred``): set apart, neither counted in `total` nor missed.
    """

    found: int
    total: int
    missed: tuple[MissedRecord, ...] = ()
    inferred: tuple[str, ...] = ()

    @property
    def recall(self) -> float | None:
        """Found / total, or None when there were no records."""
        return self.found / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        """Return the report as a JSON-ready dict.

        Returns
        -------
        dict
            Keys ``found``, ``total``, ``recall``, ``missed`` (a list of
            dicts, see `MissedRecord.to_dict`) and ``inferred`` (a list of record ids).
        """
        return {"found": self.found, "total": self.total, "recall": self.recall,
                "missed": [m.to_dict() for m in self.missed], "inferred": list(self.inferred)}


def _same_value(a: float | None, b: float | None) -> bool:
    if b is None:
        return True
    if a is None:
        return False
    return a == b or math.isclose(a, b, rel_tol=1e-9)


def recall(
    candidates_by_source: Mapping[str, Sequence[Candidate]],
    records: Iterable[tuple[str, str, float | None]],
    *,
    texts: Mapping[str, str] | None = None,
    inferred: Iterable[str] = (),
) -> RecallReport:
    """Measure how many ledger records the extractor proposes.

    A record ``(source_id, quote, value)`` counts as proposed when some
    candidate of that source has the same value (relative tolerance 1e-9;
    a record whose value is None accepts any value) and a span overlapping
    the place where the record's quote is in the text. The quote is located
    with `relindex.quotes.find_spans` (whitespace, quote marks and
    dashes may differ); every occurrence counts.

    Parameters
    ----------
    candidates_by_source : mapping of str to sequence of Candidate
        Candidates from `extract`, keyed by source id.
    records : iterable of (str, str, float or None)
        ``(source_id, quote, value)`` of each ledger record to look for.
    texts : mapping of str to str, optional
        The text of each source. Without the text of a source, a record
        counts as proposed when a candidate's quote, whitespace-normalised,
        lies inside the record's quote.
    inferred : iterable of str, optional
        Ids of ledger records whose value is inferred from their quote's words rather
        than stated in it (``value_inferred``). They are left out of `records` by the
        caller: no extractor can propose a figure the quote does not state. They are
        kept in the report, apart, so that the denominator says what it counts.

    Returns
    -------
    RecallReport
        found / total and the missed records with the reason.
    """
    found = 0
    total = 0
    missed: list[MissedRecord] = []
    for src, quote, value in records:
        total += 1
        cands = [c for c in candidates_by_source.get(src, ()) if _same_value(c.value, value)]
        if texts is not None and src in texts:
            places = find_spans(texts[src], quote)
            if not places:
                missed.append(MissedRecord(src, quote, value, "quote not found in the source text"))
                continue
            hit = any(c.span[0] < b and a < c.span[1] for c in cands for a, b in places)
        else:
            norm_quote = " ".join(quote.split())
            hit = any(" ".join(c.quote.split()) in norm_quote for c in cands)
        if hit:
            found += 1
        else:
            reason = ("no candidate of this source" if src not in candidates_by_source
                      else "no candidate with this value overlaps the quote")
            missed.append(MissedRecord(src, quote, value, reason))
    return RecallReport(found=found, total=total, missed=tuple(missed), inferred=tuple(inferred))


class PassageFact(BaseModel):
    """One annotated numeric fact of a passage (a ``[[fact]]`` table)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True,
                              use_attribute_docstrings=True)

    quote: str = Field(min_length=1)
    """The exact text of the fact (the candidate's quote)."""
    kind: Kind
    """money, percent, count or multiple."""
    value: float
    """The value in the extractor's unit scale."""
    unit: str | None = None
    """The unit; checked when given."""
    context: str | None = None
    """A longer stretch holding `quote`, occurring once, when `quote` repeats."""
    qualifier: str | None = None
    """For the reader; not scored."""


class PassageEvent(BaseModel):
    """One annotated event of a passage (an ``[[event]]`` table)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True,
                              use_attribute_docstrings=True)

    quote: str = Field(min_length=1)
    """Text at the act, occurring once in the passage."""
    type: str = Field(pattern=r"^[A-Z]{3,12}$")
    """The PLOVER category of the act (``"COERCE"``)."""
    polarity: Polarity
    """``"cooperation"`` or ``"friction"``."""
    actors: list[str] = Field(min_length=1, max_length=2)
    """The actors' codes, source first."""
    mode: EventMode = "act"
    """``"act"``, ``"negated"`` (the text denies it) or ``"forecast"`` (future, possible)."""


class _FactsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    fact: list[PassageFact] = Field(min_length=1)
    event: list[PassageEvent] = []


def _passage_file(path: str | Path) -> _FactsFile:
    p = Path(path)
    data = read_toml(p, what="passage annotations")
    try:
        return _FactsFile.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, p, data, kind=InputFileError) from None


def load_passage_events(path: str | Path) -> list[PassageEvent]:
    """Read the annotated events of a passage (``[[event]]`` tables of ``NAME.toml``).

    Parameters
    ----------
    path : str or Path
        The annotation file.

    Returns
    -------
    list of PassageEvent
        Empty when the passage has no event annotated.

    Raises
    ------
    InputFileError
        If the file cannot be read or breaks the format (naming the key).
    """
    return list(_passage_file(path).event)


def load_passage_facts(path: str | Path) -> list[PassageFact]:
    """Read the annotated facts of a passage (``NAME.toml`` beside ``NAME.txt``).

    Parameters
    ----------
    path : str or Path
        The annotation file.

    Returns
    -------
    list of PassageFact

    Raises
    ------
    InputFileError
        If the file cannot be read or breaks the format (naming the key).
    """
    return list(_passage_file(path).fact)


def _fact_span(text: str, fact: PassageFact | PassageEvent) -> tuple[int, int] | None:
    where = getattr(fact, "context", None) or fact.quote
    if text.count(where) != 1 or fact.quote not in where:
        return None
    start = text.index(where) + where.index(fact.quote)
    return start, start + len(fact.quote)


def passage_recall(text: str, facts: Sequence[PassageFact], candidates: Sequence[Candidate],
                   *, source: str = "passage") -> RecallReport:
    """Strict recall on an annotated passage: exact span, kind, value and unit.

    Parameters
    ----------
    text : str
        The passage.
    facts : sequence of PassageFact
        Its annotated facts.
    candidates : sequence of Candidate
        From ``extract(text)``.
    source : str, default "passage"
        Name given to missed facts.

    Returns
    -------
    RecallReport
        Missed facts carry the reason: the quote is ambiguous, nothing has
        that span, or what the candidate of that span says instead.
    """
    by_span: dict[tuple[int, int], list[Candidate]] = {}
    for c in candidates:
        by_span.setdefault(c.span, []).append(c)
    found = 0
    missed: list[MissedRecord] = []
    for f in facts:
        span = _fact_span(text, f)
        if span is None:
            missed.append(MissedRecord(source, f.quote, f.value,
                                       "quote (or context) does not occur exactly once"))
            continue
        here = by_span.get(span, [])
        ok = [c for c in here if c.kind == f.kind and _same_value(c.value, f.value)
              and (f.unit is None or c.unit == f.unit)]
        if ok:
            found += 1
            continue
        if here:
            got = "; ".join(f"{c.kind} {c.value} {c.unit}" for c in here)
            reason = f"the candidate of this span says {got}"
        else:
            overlap = [c.quote for c in candidates
                       if c.kind != "event" and c.span[0] < span[1] and span[0] < c.span[1]]
            reason = ("no candidate of this span" + (f" (overlapping: {overlap})"
                                                      if overlap else ""))
        missed.append(MissedRecord(source, f.quote, f.value, reason))
    return RecallReport(found=found, total=len(facts), missed=tuple(missed))


def _event_says(c: Candidate) -> str:
    return (f"{c.plover} {c.polarity} {'-'.join(c.actors)} {c.mode}"
            f" ({c.event_type} {c.quote!r})")


def event_recall(text: str, events: Sequence[PassageEvent], candidates: Sequence[Candidate],
                 *, source: str = "passage") -> RecallReport:
    """Recall of annotated events: right PLOVER type, polarity, actors and mode.

    An annotated event counts as found when a candidate event whose clause
    overlaps the annotation's quote has the PLOVER category, the polarity,
    the mode and the set of actors annotated. Each candidate counts for one
    annotation at most.

    Parameters
    ----------
    text : str
        The passage.
    events : sequence of PassageEvent
        Its annotated events.
    candidates : sequence of Candidate
        From ``extract(text)``.
    source : str, default "passage"
        Name given to missed events.

    Returns
    -------
    RecallReport
        Missed events carry what the overlapping candidates said instead.
    """
    pool = [c for c in candidates if c.kind == "event" and c.clause is not None]
    used: set[int] = set()
    found = 0
    missed: list[MissedRecord] = []
    for ev in events:
        span = _fact_span(text, ev)
        if span is None:
            missed.append(MissedRecord(source, ev.quote, None,
                                       "quote does not occur exactly once"))
            continue
        near = [k for k, c in enumerate(pool) if k not in used and c.clause is not None
                and c.clause[0] < span[1] and span[0] < c.clause[1]]
        hit = next((k for k in near if pool[k].plover == ev.type
                    and pool[k].polarity == ev.polarity and pool[k].mode == ev.mode
                    and set(pool[k].actors) == set(ev.actors)), None)
        if hit is not None:
            used.add(hit)
            found += 1
            continue
        got = "; ".join(_event_says(pool[k]) for k in near) or "no event candidate here"
        missed.append(MissedRecord(
            source, ev.quote, None,
            f"wanted {ev.type} {ev.polarity} {'-'.join(ev.actors)} {ev.mode}, got {got}"))
    return RecallReport(found=found, total=len(events), missed=tuple(missed))


def candidates_per_fact(candidates: Sequence[Candidate], n_facts: int) -> float | None:
    """Candidates an analyst reads per annotated fact (numbers and events; dates aside).

    Parameters
    ----------
    candidates : sequence of Candidate
        From ``extract(text)``.
    n_facts : int
        Annotated numeric facts plus annotated events.

    Returns
    -------
    float or None
        None when nothing was annotated.
    """
    n = sum(1 for c in candidates if c.kind != "date")
    return n / n_facts if n_facts else None
