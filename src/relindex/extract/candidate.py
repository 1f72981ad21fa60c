"""The candidate: one proposed evidence record, and the working match behind it.

A `Candidate` is what `relindex.extract.extract` returns: a quote that is
exactly ``text[span[0]:span[1]]``, with the value, unit and period read from
it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["Candidate", "EventMode", "Kind", "Polarity"]

Kind = Literal["money", "percent", "count", "multiple", "date", "event"]
"""What a candidate is."""

Polarity = Literal["cooperation", "friction"]
"""Whether an event signals cooperation or friction."""

EventMode = Literal["act", "negated", "forecast"]
"""Whether the text states an event as done, denies it, or makes it future or possible."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A proposed evidence record: one match in the text.

    Parameters
    ----------
    quote : str
        The matched text, exactly ``text[span[0]:span[1]]``.
    span : tuple of (int, int)
        Start and end (exclusive) character offsets of the match in the text.
    kind : {"money", "percent", "count", "multiple", "date", "event"}
        What was matched. ``"multiple"`` is a factor (``18-fold``,
        ``doubled``, ``three times larger``), with unit ``"x"``.
    value : float or None
        The number, in the unit's scale. Money of a million or more is in
        billions (``$240 billion`` -> 240 with unit ``"USD bn"``;
        ``$1 trillion`` -> 1000; ``$150 million`` -> 0.15), smaller sums in
        the plain currency (``$90,000`` -> 90000, ``"USD"``). None for dates
        and events.
    unit : str or None
        ``"USD bn"``, ``"EUR bn"``, ``"USD"``, ``"%"``, ``"pp"`` (percentage
        points), ``"x"`` (a multiple), or the counted noun (``"troops"``,
        ``"days"`` for ``a 73-day stand-off``); None for dates and events.
    period : str or None
        ``"2023"``, ``"2023-05"``, ``"2023-01/2023-11"`` or ``"2014/2019"``:
        a date's own period, or for other kinds the date that governs the
        match's clause (see `relindex.extract.dates.period_for`); None when
        there is none.
    event_type : str or None
        The lexicon id of the event type (events only).
    polarity : {"cooperation", "friction"} or None
        The event type's polarity (events only).
    actors : list of str
        For events, the two actors in order, source first (``["TH", "KH"]``);
        for numbers and dates, the actor codes named in the sentence, in
        order of first appearance, without repeats.
    sentence : tuple of (int, int)
        Span of the enclosing sentence (or window of a very long sentence).
    qualifier : str or None
        The word that qualifies the number, as written in lower case
        (``"over"``, ``"more than"``, ``"nearly"``, ``"approximately"``, ...);
        ``"at least"`` for a vague quantity read as its lower bound
        (``a few hundred`` -> 300).
    negated : bool, default False
        For events: the clause denies it (``did not hold any exercise``).
    forecast : bool, default False
        For events: the clause makes it future or possible (``will hold``,
        ``may lift``, ``plans to sign``), so it is not (yet) an act.
    plover : str or None
        For events: the PLOVER category of the event type's CAMEO code
        (``"COOPERATE"``, ``"SANCTION"``), from the CAMEO2PLOVER-2021 crosswalk.
    clause : tuple of (int, int) or None
        For events: the span of the clause that states it, so that
        ``text[clause[0]:clause[1]]`` is exact; None for numbers and dates.
    """

    quote: str
    span: tuple[int, int]
    kind: Kind
    value: float | None = None
    unit: str | None = None
    period: str | None = None
    event_type: str | None = None
    polarity: Polarity | None = None
    actors: list[str] = field(default_factory=list)
    sentence: tuple[int, int] = (0, 0)
    qualifier: str | None = None
    negated: bool = False
    forecast: bool = False
    plover: str | None = None
    clause: tuple[int, int] | None = None

    def __hash__(self) -> int:
        return hash(
            (self.quote, self.span, self.kind, self.value, self.unit, self.period,
             self.event_type, self.polarity, tuple(self.actors), self.sentence, self.qualifier,
             self.negated, self.forecast, self.plover, self.clause)
        )

    @property
    def mode(self) -> EventMode:
        """``"negated"``, ``"forecast"`` or ``"act"`` (for numbers and dates, ``"act"``)."""
        return "negated" if self.negated else "forecast" if self.forecast else "act"

    def to_dict(self) -> dict[str, Any]:
        """Return the candidate as a JSON-ready dict.

        Returns
        -------
        dict
            Keys ``quote``, ``span`` (a two-item list), ``kind``, ``value``,
            ``unit``, ``period``, ``event_type``, ``polarity``, ``actors``,
            ``qualifier``, ``negated``, ``forecast``, ``plover`` and ``clause``
            (a two-item list or None).
        """
        return {
            "quote": self.quote,
            "span": [self.span[0], self.span[1]],
            "kind": self.kind,
            "value": self.value,
            "unit": self.unit,
            "period": self.period,
            "event_type": self.event_type,
            "polarity": self.polarity,
            "actors": list(self.actors),
            "qualifier": self.qualifier,
            "negated": self.negated,
            "forecast": self.forecast,
            "plover": self.plover,
            "clause": None if self.clause is None else [self.clause[0], self.clause[1]],
        }
