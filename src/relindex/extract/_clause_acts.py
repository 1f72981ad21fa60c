"""Acts a clause states by its structure, read with the lexicon (`relindex.extract.clauses`).

A helper of `relindex.extract.events`, for the acts that no trigger phrase of
the clause names:

* the further infinitives of ``agreed to`` (`chain_events`): ``agreed to A, to
  B and to C``, each read as ``agreed to X``;
* a measure kept in force (`kept_trigger`): ``kept in force its ban on ...``,
  ``will keep its border with X closed`` (as ``closed its border with X``), an
  act that continues even after ``will`` (`continuing`);
* a predicate whose subject is carried over from the act before it
  (`carried_events`): ``detained the herders and shot them``, ``crossed into its
  territory before withdrawing``;
* a relative clause whose subject is a state and whose object is its antecedent
  (`object_relative`): ``the Margara crossing, which Ankara opened``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ._agreed import SIGN, agreed_act
from ._match import Match
from ._mode import look_back as _look_back
from ._mode import mode
from ._subject import state_subject
from ._triggers import EventContext, Trigger, find_triggers
from ._words import IRREGULAR_PAST
from .actors import ActorHit
from .clauses import antecedent_start, carried_verbs, kept_measure, relative_verb

__all__ = ["carried_events", "chain_events", "continuing", "kept_trigger", "object_relative",
           "relative_actor"]

_MEASURES = frozenset({"requirement", "requirements", "rule", "rules", "regime", "measure",
                       "measures", "order", "decree", "moratorium", "quota", "quotas", "ban",
                       "bans", "restriction", "restrictions", "curbs", "controls", "limits",
                       "cap", "closure", "suspension", "levy", "surcharge"})
"""Nouns of a measure kept in force that the lexicon names no act for (``kept in force a
requirement``): an administrative restriction (COERCE, 172)."""
_WILL = frozenset({"will", "would", "shall", "ll"})
_MAYBE = frozenset({"may", "might", "could", "can", "plans", "plan", "planned", "expected",
                    "likely", "considering", "intends", "aims"})
_KEEPER_SKIP = frozenset({"has", "have", "had", "will", "would", "shall", "may", "might",
                          "could", "can", "to", "not", "never", "also", "still", "since",
                          "nonetheless", "however", "further", "so", "far", "plans", "plan",
                          "intends", "is", "are", "was", "expected", "likely", "decided", "ll"})
"""Words between the keeper and its verb of keeping (``Warsaw has nonetheless kept``)."""


def chain_events(low: Sequence[str], gaps: Sequence[str], agreement: Trigger,
                  chain: Sequence[tuple[int, int]], triggers: Sequence[Trigger],
                  spans: Sequence[tuple[int, int]], ctx: EventContext, actors: Sequence[str]
                  ) -> list[Match]:
    """The acts of the further infinitives of ``agreed to`` (`relindex.extract.clauses`).

    Each infinitive is read as ``agreed to X`` is: the act agreed when it is one
    (``and to reopen the crossing``: RETREAT), else the agreement itself (``and to
    harmonise procedures``, ``and to meet again``: AGREE), with the actors of the first
    and the mode of the agreeing verb (``agreed to sign``: the signing to come).
    """
    negated0, forecast0 = mode(low, gaps, agreement[0])
    out: list[Match] = []
    for t, stop in chain:
        agreed = (agreement[0], t + 1, agreement[2])  # "agreed ... to", as if said again
        then = agreed_act(low, agreed, [g for g in triggers if t < g[0] < stop])
        if then is None and ctx.verbs is not None:
            then = ctx.verbs.agreed(low, agreed, stop)
        meet = next((g for g in triggers if t < g[0] <= t + 4 and g[1] <= stop
                     and g[2].plover == "CONSULT"), None) if then is None else None
        meeting = ctx.verbs.event_type("036") if meet is not None and ctx.verbs else None
        trig = then if then is not None and then[1] <= stop else (
            (meet[0], meet[1], meeting) if meet is not None and meeting is not None
            else (t, min(t + 2, stop), agreement[2]))  # "and to meet": the agreement to meet
        sign = then is not None and low[trig[0]] in SIGN
        negated, forecast = mode(low, gaps, trig[0]) if then is not None else (False, False)
        negated, forecast = negated or negated0, forecast or forecast0 or sign
        out.append(Match(spans[trig[0]][0], spans[trig[1] - 1][1], "event", event=trig[2],
                         negated=negated, forecast=forecast and not negated,
                         actors=tuple(actors), clause=(spans[t][0], spans[stop - 1][1])))
    return out


def kept_trigger(low: Sequence[str], gaps: Sequence[str], clause: tuple[int, int],
                  triggers: Sequence[Trigger], hits: Sequence[ActorHit], ctx: EventContext
                  ) -> Trigger | None:
    """A measure kept in force as the clause's act, from the verb of keeping to the measure.

    ``kept in force its ban on lorries``: the ban (its trigger, else a measure noun as an
    administrative restriction, ``a requirement``); ``will keep its land border with Rwanda
    closed``: the act of ``closed its land border with Rwanda``
    (`relindex.extract.clauses.kept_measure`). The keeper is a state or its organ (``The
    port authority kept ...`` is none).
    """
    kept = kept_measure(low, gaps, clause)
    if kept is None or not _kept_by_state(low, kept[0], hits):
        return None
    k, obj, stop, closed = kept
    if closed is not None:
        if ctx.index is None:
            return None
        words = ["closed", *low[obj:stop]]  # "keep its border closed": "closed its border"
        said = find_triggers(words, [" "] * (len(words) - 1), ctx.index)
        return next(((k, stop + 1, t[2]) for t in said if t[0] == 0), None)
    inner = next((t for t in triggers if obj <= t[0] < stop), None)
    if inner is not None:
        return k, max(stop, inner[1]), inner[2]
    measure = next((j for j in range(obj, min(stop, obj + 4)) if low[j] in _MEASURES), None)
    ev = ctx.verbs.event_type("172") if ctx.verbs is not None and measure is not None else None
    return None if ev is None or measure is None else (k, measure + 1, ev)


def continuing(low: Sequence[str], gaps: Sequence[str], i: int) -> bool:
    """Whether only ``will`` or ``would`` puts a measure kept at `i` to come: it continues.

    ``Burundi will keep its border closed``: the closure is in force and stays, an act;
    ``may keep``, ``plans to keep``: one to come.
    """
    back = set(_look_back(low, gaps, i))
    return bool(back & _WILL) and not back & _MAYBE


def _kept_by_state(low: Sequence[str], k: int, hits: Sequence[ActorHit]) -> bool:
    """Whether the verb of keeping at `k` has a state or its organ as subject."""
    j = k
    while j > 0 and (low[j - 1] in _KEEPER_SKIP or low[j - 1].endswith("ly")):
        j -= 1
    return j > 0 and state_subject(low, j, hits)


def relative_actor(low: Sequence[str], clause: tuple[int, int], parties: Sequence[ActorHit]
                    ) -> int | None:
    """The verb of a relative clause whose subject is a state (``, which Ankara opened``)."""
    c0, c1 = clause
    if low[c0] not in ("which", "whom", "that"):
        return None
    subject = next((h for h in parties if h.start in (c0 + 1, c0 + 2)), None)
    return None if subject is None else relative_verb(low, subject.end, c1)


def object_relative(low: Sequence[str], gaps: Sequence[str], clause: tuple[int, int],
                     parties: Sequence[ActorHit], prev: Trigger | None, ctx: EventContext
                     ) -> list[Trigger]:
    """The act of a relative clause whose object is its antecedent, as a trigger at its verb.

    ``the Margara crossing, which Ankara opened``: ``opened the Margara crossing``
    (RETREAT); ``extended an invitation ..., which His Majesty accepted``: ``accepted an
    invitation``, the object of the clause before (`prev`). Read by the lexicon only.
    """
    c0 = clause[0]
    v = relative_actor(low, clause, parties)
    if v is None or ctx.index is None:
        return []
    objects = [list(low[antecedent_start(low, gaps, c0 - 1):c0])]
    if prev is not None and prev[1] - prev[0] > 1:
        objects.append(list(low[prev[0] + 1:prev[1]]))  # "extended an invitation": its object
    for obj in objects:
        words = [low[v], *obj]
        said = find_triggers(words, [" "] * (len(words) - 1), ctx.index)
        hit = next((t for t in said if t[0] == 0 and t[1] > 1), None)
        if hit is not None:
            return [(v, v + 1, hit[2])]
    return []


def carried_events(low: Sequence[str], gaps: Sequence[str], trig: Trigger,
                   clause: tuple[int, int], triggers: Sequence[Trigger],
                   spans: Sequence[tuple[int, int]], ctx: EventContext, actors: Sequence[str],
                   ing_nouns: frozenset[str]) -> list[Match]:
    """The acts of predicates after the clause's act that carry its subject over.

    ``had detained the herders ... and shot them``: ASSAULT; ``crossed into Mauritanian
    territory ... before withdrawing``: RETREAT; ``detained 12 drivers for a week before
    releasing them``: RETREAT (`relindex.extract.clauses.carried_verbs`), each with the
    actors of the clause's act, read by the lexicon, else by the verb dictionary. An act of
    the same category restates it (``met ... before travelling on``), and a noun in ``-ing``
    (`ing_nouns`, ``after shelling struck``) is no predicate.
    """
    c1 = clause[1]
    out: list[Match] = []
    for v in sorted(carried_verbs(low, gaps, IRREGULAR_PAST, (trig[1], c1))):
        if not trig[1] <= v < c1 or low[v] in ing_nouns or (
                v + 1 < c1 and (low[v + 1].endswith("ed") or low[v + 1] in IRREGULAR_PAST)):
            continue  # "after shelling struck a resort": a noun, the subject of its own verb
        said = next((t for t in triggers if t[0] == v and t[1] <= c1), None)
        if said is None and ctx.verbs is not None:
            hit = ctx.verbs.classify(low, v, c1)
            ev = ctx.verbs.event_type(hit[1]) if hit is not None else None
            said = (v, v + 1, ev) if ev is not None else None
        if said is None or said[2].plover == trig[2].plover:
            continue  # "met the Vice-President before travelling on": the same visit
        negated, forecast = mode(low, gaps, v)
        out.append(Match(spans[said[0]][0], spans[said[1] - 1][1], "event", event=said[2],
                         negated=negated, forecast=forecast and not negated,
                         actors=tuple(actors), clause=(spans[v - 1][0], spans[c1 - 1][1])))
    return out
