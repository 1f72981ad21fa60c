"""Acts named by a noun whose actors the noun phrase itself names.

A helper of `relindex.extract.events`: besides the act of its clause, a clause
may name a second act as a noun with its own source and target, ``the
detention by the Belize Defence Force of eleven Guatemalan farmers`` (source
after ``by``, target after ``of``) or ``the incursion of a Guatemalan naval
vessel into Belizean waters`` (source after ``of``, target after ``into``).
An incursion by a ship or an aircraft, or into waters or airspace, is a show
of force (MOBILIZE, 150), per the conventions of the annotated passages.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ._match import Match
from .actors import ActorHit
from .event_type import EventType

if TYPE_CHECKING:
    from .verbs import VerbClassifier

__all__ = ["nominal_acts", "nominal_matches"]

Trigger = tuple[int, int, EventType]
_CRAFT = frozenset({"vessel", "vessels", "ship", "ships", "warship", "warships", "boat", "boats",
                    "aircraft", "plane", "planes", "jet", "jets", "drone", "drones",
                    "helicopter", "helicopters", "frigate", "destroyer", "submarine",
                    "waters", "airspace", "gunboat", "cutter"})
"""Words that make an incursion a show of force at sea or in the air (MOBILIZE, 150)."""
_INCURSION = frozenset({"incursion", "incursions", "intrusion", "intrusions", "entry",
                        "violation", "violations", "crossing"})
_REACH = 8


def _actor_at(hits: Sequence[ActorHit], k: int, states: frozenset[str]) -> str | None:
    """The state named at token `k` or just after an article there."""
    for h in hits:
        if h.code in states and h.start in (k, k + 1, k + 2):
            return h.code
    return None


def nominal_acts(low: Sequence[str], triggers: Sequence[Trigger], chosen: Trigger,
                 hits: Sequence[ActorHit], states: frozenset[str],
                 show_of_force: EventType | None) -> list[tuple[Trigger, list[str]]]:
    """Noun acts of a clause, other than its chosen act, with the actors their phrase names.

    Parameters
    ----------
    low : sequence of str
        The window's words, lower case.
    triggers : sequence of Trigger
        The clause's triggers.
    chosen : Trigger
        The clause's act, already proposed.
    hits : sequence of ActorHit
        The window's actors.
    states : frozenset of str
        Codes that are states.
    show_of_force : EventType or None
        The event type of a show of force (MOBILIZE, 150).

    Returns
    -------
    list of (Trigger, list of str)
        Each act and its actors, source first.
    """
    out: list[tuple[Trigger, list[str]]] = []
    n = len(low)
    for t in triggers:
        a, b, ev = t
        if t == chosen or b >= n or a < chosen[1]:
            continue
        src = tgt = None
        if low[b] == "by":  # "the detention by the Belize Defence Force of ... farmers"
            src = _actor_at(hits, b + 1, states)
            k = next((j for j in range(b + 2, min(n, b + _REACH)) if low[j] == "of"), None)
            tgt = _actor_at(hits, k + 1, states) if k is not None else None
        elif low[b] == "of" and low[a] in _INCURSION:  # "the incursion of a ... into ..."
            src = _actor_at(hits, b + 1, states)
            k = next((j for j in range(b + 2, min(n, b + _REACH)) if low[j] == "into"), None)
            tgt = _actor_at(hits, k + 1, states) if k is not None else None
            craft = k is not None and bool(_CRAFT & set(low[b:min(n, k + 4)]))
            ev = show_of_force if craft and show_of_force is not None else ev
        if src is not None and tgt is not None and src != tgt:
            out.append(((a, b, ev), [src, tgt]))
    return out


def nominal_matches(low: Sequence[str], here: Sequence[Trigger], trig: Trigger,
                    parties: Sequence[ActorHit], spans: Sequence[tuple[int, int]],
                    clause: tuple[int, int], states: frozenset[str],
                    verbs: VerbClassifier | None) -> list[Match]:
    """`nominal_acts` as matches of the clause ``[c0, c1)`` (window offsets from `spans`).

    ``... at the detention by the Belize Defence Force of``; none without `verbs`, the
    classifier that gives a show of force its type.
    """
    if verbs is None:
        return []
    c0, c1 = clause
    return [Match(spans[t[0]][0], spans[t[1] - 1][1], "event", event=t[2], actors=tuple(who),
                  clause=(spans[c0][0], spans[c1 - 1][1]))
            for t, who in nominal_acts(low, here, trig, parties, states,
                                       verbs.event_type("150"))]
