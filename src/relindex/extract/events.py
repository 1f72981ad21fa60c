"""Events: who did what to whom, one per clause, with its polarity and mode.

In the manner of the dictionary coders of event data (TABARI, PETRARCH;
ICEWS and GDELT conventions), a sentence is cut into clauses, and each clause
that holds a trigger of the lexicon and names two actors gives one event:

* **the act**: the trigger of the clause (a verb phrase such as ``banned *
  imports`` or ``recalled * ambassador``, or a noun such as ``joint
  exercise``); verb phrases win over nouns, then the first one; a noun in
  ``-ing`` is no verb (``at a high-level meeting ... signed``); after
  ``agreed to`` the act agreed is the event (``agreed to hand over``), unless it
  is aid or cooperation, which an agreement pledges (``agreed to share
  intelligence``: AGREE), while ``asked X to``, ``offered to`` keep their own
  category;
* **the actors, in order**: the source is the actor named before the trigger
  in the clause (or the subject of the clause before it, ``... and cancelled
  a concert``); two actors before it act jointly (``Thai and Cambodian
  soldiers exchanged fire``); else the target is the first actor after it;
  ``by X`` after a trigger names the source of a passive, and so does
  ``from X`` when no actor comes before (``shells fired from Myanmar``). Places (``in
  Bangkok``) are not parties. When the clause names fewer than two, ``the
  two sides``, ``both countries``, ``bilateral`` ... stand for the pair the
  document is about, and so does a lone actor of that pair acting through a
  verb (``Kampala lodged a complaint``, ``Thailand did not close``, ``Peru
  rejects the claim``); a leader
  named by title whom the document does not tie to a state
  (`relindex.extract.leaders`) is the member of the pair not named otherwise.
  Third states listed among the sources are set aside when the pair's other
  member is the target (``the UAE, together with Saudi Arabia, ..., severed
  relations with Qatar``); a group or non-state party as the object (``host
  the G7 summit``, ``clashed with smugglers``) is no act on the other state;
* **the mode**: ``negated`` when the words just before the trigger deny it
  (``did not``, ``no``, ``never``, ``without``, ``failed to``, ``has yet to``,
  ``stopped short of``), ``forecast`` when they make it
  future or possible (``will``, ``may``, ``plans to``, ``is expected to``,
  ``is considering``, ``a planned``), or
  when it is yet to come (``agreed to sign``, ``tasked the commission to meet``);
  a noun act takes the modal of its clause's verb (``will send a team ... to a
  joint drill``). Advice (``should``, an imperative opening a sentence) and
  speculation (``a pact ... is unlikely``) state no act, nor does a noun act
  governed by a preposition (``at the Al-Ula summit``).

Clauses are cut at semicolons, colons and dashes, at a comma before
``and``/``but``/``while``, before ``and``/``but`` or a comma followed by
another trigger in ``-ing`` or the past tense (``..., accusing Rabat of``,
``..., suspended flights``; not ``..., signed in 2014``), and around a
subordinate clause with an actor and a trigger of its own (``after Serbian
and Croatian fans fought in a brawl``). A relative clause after a comma
(``..., who apologised``) acts for the actor just before it and ends at the
next comma; one that names its own actor acts for that actor (``..., which
Doha rejected``), and so does an appositive (``..., a charge Kabul rejects``);
after anything else (``a referendum, which purports to annex``) it gives no
event. A pronoun after a comma opens a clause of the subject (``..., they
abolished visas``), and so does a directive after ``and`` (``and directed the
group to meet``); ``and`` with a time phrase and a state subject of its own opens
one (``and in early 2025 Colombia's and Panama's navies held``), and so does a
preposition and ``which`` before the pair or a state (``under which the armed
forces of both countries will conduct``). An organ of a state is the antecedent
of ``which`` (``the Polish army, which scrambled jets``).

Beyond the phrases, the clause reader `relindex.extract.clauses` reads acts the
structure states (`relindex.extract._clause_acts`): every infinitive of ``agreed
to``, a measure kept in force, a relative clause acting on its antecedent, a
predicate that carries the subject over (``and shot them``, ``before
withdrawing``), a visitor received ``by`` a host, and a verb phrase across
coordinated modifiers (``closed its Koidula and Luhamaa crossings``).

Examples
--------
>>> from relindex.extract import extract
>>> t = "Thailand banned imports of Cambodian fruit, and Cambodia did not close the border."
>>> [(c.event_type, c.actors, c.negated) for c in extract(t) if c.kind == "event"]
[('import_ban', ['TH', 'KH'], False), ('administrative_ban', ['KH', 'TH'], True)]
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from ._agreed import (
    AGREE,
    SIGN,
    agreed_act,
    meeting_to_come,
    shared_agreement,
    speculated,
    to_come,
)
from ._carried import taken_subject
from ._clause_acts import (
    carried_events,
    chain_events,
    continuing,
    kept_trigger,
    object_relative,
    relative_actor,
)
from ._clause_cuts import CLAUSE_WORDS as _CLAUSE_WORDS
from ._clause_cuts import GOVERNING as _GOVERNING
from ._clause_cuts import MODIFIER_NEXT as _MODIFIER_NEXT
from ._clause_cuts import PRONOUNS as _PRONOUNS
from ._clause_cuts import appositive, clause_starts, relative
from ._clause_cuts import ends_antecedent as _ends_antecedent
from ._clause_cuts import pair_end as _pair_end
from ._frames import frame_at, frames
from ._match import Match
from ._mode import clause_forecast as _clause_forecast
from ._mode import look_back as _look_back
from ._mode import mode
from ._nominal import nominal_matches
from ._subject import subject_verbs
from ._triggers import EventContext, Trigger, find_triggers, tokens
from ._words import ADVERBS as _ADVERBS
from ._words import AUXILIARIES as _AUXILIARIES
from ._words import BE as _BE
from ._words import IRREGULAR_PAST as _IRREGULAR_PAST
from ._words import MODALS as _MODALS
from ._words import PAIR_WORDS as _PAIR_WORDS
from ._words import STATE_NOUNS as _STATE_NOUNS
from .actors import ActorHit
from .clauses import infinitive_chain, means_gerund, passive_meeting, without_coordinates
from .leaders import LEADER, codes, resolve_leaders

__all__ = ["EventContext", "clause_starts", "find_events", "find_triggers", "mode", "tokens"]

_ADVISORY = frozenset({"should", "ought", "must"})
"""Modals of advice: ``Ottawa and New Delhi should resume talks`` recommends, states no act."""
_PAIR_SINGLE = frozenset({"bilateral", "bilaterally", "binational", "delegations", "mutual",
                          "leaders", "joint", "jointly", "ministers", "envoys", "negotiators"})
_PARTICIPLES = frozenset({"withdrawn", "taken", "broken", "drawn", "frozen", "given", "shown",
                          "begun", "overrun", "struck", "shot", "sent", "held", "fought"})
_GERUND_OBJECT = frozenset({"against", "from", "about", "for", "of", "on", "in"})
"""Prepositions whose ``-ing`` object is no act (``warning Thais against visiting``)."""
_BEFORE_PARTICIPLE = frozenset({"the", "a", "an", "of", "in", "on", "its", "their", "his", "her",
                                "our", "from", "into", "over", "newly", "formerly", "illegally"})
_ING_NOUNS = frozenset({"meeting", "meetings", "signing", "hearing", "briefing", "funding",
                        "training", "shipping", "bombing", "shelling", "fighting", "spying",
                        "copying", "reopening", "gathering", "building", "offering",
                        "working", "peacekeeping", "fishing", "mining", "trading", "housing",
                        "spending", "financing", "processing", "manufacturing", "engineering"})
"""``-ing`` words that are nouns unless a form of *be* or an auxiliary comes before them."""
_OBJECT_START = frozenset({"the", "a", "an", "its", "their", "all", "any", "this", "that",
                           "these", "those", "his", "her", "our"})
_OTHER_MEMBER = frozenset({"neighbour", "neighbor", "counterpart", "counterparts", "rival"})
"""Words that name the pair's other member (``accusing its neighbour of meddling``)."""


def _is_verb(low: Sequence[str], i: int) -> bool:
    """Whether the word at `i` is a verb: past tense, after a modal, ``to`` or an auxiliary.

    ``did not close``, ``has not yet withdrawn``; an ``-ing`` word is a verb
    unless a determiner or a preposition governs it (``against visiting``).
    """
    w = low[i]
    if w == "co" and i + 1 < len(low):  # "co-chaired the Session": the verb after "co-"
        return _is_verb(low, i + 1)
    before = low[i - 1] if i > 0 else ""
    if w in _ING_NOUNS:  # "at a high-level meeting", but "are meeting", "will be meeting"
        return before in _BE or before in _MODALS or before == "to"
    return (w.endswith("ed") or w in _IRREGULAR_PAST or w in _PARTICIPLES or before in _MODALS
            or w in ("will", "shall")  # a trigger opened by its modal: "will provide * aid"
            or before == "to" or before in _AUXILIARIES or (
                w.endswith("ing") and before not in _BEFORE_PARTICIPLE
                and before not in _GERUND_OBJECT))


def _present_verb(low: Sequence[str], i: int, hits: Sequence[ActorHit]) -> bool:
    """Whether a trigger in ``-s`` is a present verb: after an actor, before its object.

    An adverb may come before it: ``Peru rejects the claim``, ``The Government
    of Chile strongly condemns the`` (communiqué style), ``It still detains the``; not ``Chilean
    sanctions on``, ``Chilean sanctions hurt``.
    """
    return low[i].endswith("s") and 0 < i < len(low) - 1 and (
        low[i - 1] in _ADVERBS or low[i - 1] in _PRONOUNS or any(h.end == i for h in hits) or (
            low[i - 1] in _STATE_NOUNS and any(h.end == i - 1 for h in hits))) and (
        low[i + 1] in _OBJECT_START or any(h.start == i + 1 for h in hits))


def _modifier(low: Sequence[str], gaps: Sequence[str], i: int) -> bool:
    """Whether an ``-ed`` trigger after a comma modifies the noun before it.

    ``Gulf Air flights ..., suspended since June 2017, resumed``; ``contract, signed in 2014``.
    """
    return 0 < i < len(low) - 1 and "," in gaps[i - 1] and low[i].endswith("ed") and (
        low[i + 1] in _MODIFIER_NEXT) and not any(w in _PRONOUNS for w in low[max(0, i - 2):i])


def _imperative(low: Sequence[str], i: int, c0: int) -> bool:
    """Whether a trigger opening its window is a verb in the imperative (``Extend the ...``)."""
    w = low[i]
    return i == c0 == 0 and i + 1 < len(low) and low[i + 1] in _OBJECT_START and not (
        w.endswith(("ed", "s", "ing")) or w in _IRREGULAR_PAST)


_ACT_HEADS = frozenset({"round", "rounds", "session", "sessions", "series", "resumption",
                        "signing", "exchange", "exchanges"})
"""Nouns before ``of`` that name the act themselves (``a round of border talks``)."""


def _governed_noun(low: Sequence[str], i: int, c0: int, hits: Sequence[ActorHit]) -> bool:
    """Whether a noun trigger is the object of a preposition (``at the invitation of``)."""
    if _is_verb(low, i) or _present_verb(low, i, hits) or (
            low[i].endswith("ing") and low[i] not in _ING_NOUNS):
        return False  # "stopped short of imposing sanctions" is read by the mode
    k = i - 1
    while k >= c0 and i - k <= 4:
        if low[k] in _GOVERNING:
            return not (low[k] == "of" and k > 0 and low[k - 1] in _ACT_HEADS)
        if low[k] in _CLAUSE_WORDS or _is_verb(low, k):
            return False
        k -= 1
    return False


def _third_party(low: Sequence[str], trig: Trigger, hits: Sequence[ActorHit],
                 ctx: EventContext) -> bool:
    """Whether the trigger's object is a group or a non-state party, not the other state.

    ``host the G7 summit``, ``clashed with smugglers``; not ``took the dispute to the WTO``.
    """
    a, b, _ = trig
    if _non_state_object(low, b):
        return True
    return b < len(low) and low[b - 1] not in _GOVERNING | {"to", "with"} and any(
        not h.place and h.code not in ctx.states and h.code != LEADER and (
            a < h.start <= b or (h.start == b + 1 and low[b] == "the"))
        for h in hits)


def _third_party_act(low: Sequence[str], trig: Trigger, c0: int, hits: Sequence[ActorHit],
                     ctx: EventContext) -> bool:
    """Whether a group or non-state party is the act's object, or names it from the clause start.

    `hits` are in order of start; only those from the clause's start (or the trigger's) to
    just after the trigger are read, so each act costs its clause, not the window.
    """
    a, b, _ = trig
    near = hits[bisect_left(hits, min(c0, a + 1), key=_start):
                bisect_left(hits, b + 2, key=_start)]
    return _third_party(low, trig, near, ctx) or any(
        not h.place and h.code not in ctx.states and h.code != LEADER
        and c0 <= h.start and h.end <= a and low[h.end - 1] != "joint" for h in near)


def _start(h: ActorHit) -> int:
    return h.start


_NON_STATE = frozenset({"smugglers", "militants", "rebels", "insurgents", "gangs", "traffickers",
                        "protesters", "pirates", "jihadists", "terrorists", "bandits", "cartels",
                        "poachers", "gunmen", "fighters", "separatists"})
"""Groups that are no state: ``clashed with smugglers`` is no act on the other state."""


def _non_state_object(low: Sequence[str], end: int) -> bool:
    """Whether a trigger's object, after ``with``, ``on`` or ``against``, is a non-state group."""
    return end + 1 < len(low) and low[end] in ("with", "on", "against") and (
        low[end + 1] in _NON_STATE or (end + 2 < len(low) and low[end + 2] in _NON_STATE))


def _preamble(low: Sequence[str], c0: int, i: int) -> bool:
    """Whether the trigger at `i` is a participle opening its clause.

    ``Recognising``, ``Noting``, ``Welcoming``, ``Reaffirming``: a joint statement's preamble,
    not its finite act.
    """
    return i == c0 and low[i].endswith("ing") and low[i] not in _ING_NOUNS


def _participle(low: Sequence[str], gaps: Sequence[str], i: int) -> bool:
    """Whether an ``-ed`` trigger is an adjective (``of occupied land``, ``fortifying seized``).

    Not after the end of a hyphenated name (``Moon Jae-in warned``).
    """
    return i > 0 and low[i].endswith("ed") and (
        low[i - 1] in _BEFORE_PARTICIPLE or low[i - 1].endswith("ing")) and not (
        i >= 2 and gaps[i - 2] == "-")


def _pair_named(low: Sequence[str], a: int, b: int) -> bool:
    """Whether tokens ``[a, b)`` say "the two sides", "both countries", "bilateral" ..."""
    for k in range(a, b):
        if low[k] in _PAIR_SINGLE or (k + 1 < b and (low[k], low[k + 1]) in _PAIR_WORDS):
            return True
        if low[k] == "two" and k + 2 < b and (low[k], low[k + 2]) in _PAIR_WORDS:
            return True  # "the two foreign ministers"
    return False


def _third_states_aside(before: list[str], after: list[str], pair: tuple[str, str] | None
                        ) -> tuple[list[str], list[str]]:
    """Sources listed with third states, when the pair's other member is the target.

    ``the United Arab Emirates, together with Saudi Arabia, Bahrain and Egypt,
    severed relations with Qatar``: the UAE acts on Qatar.
    """
    if pair is None or len(before) < 2 or set(before) <= set(pair):
        return before, after
    mine = [c for c in before if c in pair]
    other = [c for c in after if c in pair and c not in mine]
    return (mine, other + [c for c in after if c not in other]) if len(mine) == 1 and other \
        else (before, after)


def _actors(trig: Trigger, clause: tuple[int, int], hits: Sequence[ActorHit],
            subject: list[str], low: Sequence[str], ctx: EventContext, pair_said: bool,
            *, verb: bool = False, third: bool = False) -> tuple[list[str], list[str]]:
    """The event's actors in order, and the subject the next clause inherits.

    `verb`: the trigger is the verb of a clause with its own actor (``which Doha
    rejected``); `third`: the clause names a group after the trigger (``host the G7
    summit``), so a lone actor does not stand for the pair.
    """
    a, b, _ = trig
    c0, c1 = clause
    before = codes([h for h in hits if c0 <= h.start and h.end <= a])
    after = codes([h for h in hits if a < h.start < c1])  # "banned * imports": inside too
    if b < c1 and low[b] == "by" and after and any(  # "shells fired by the Myanmar army"
            h.start == b + 1 or (h.start == b + 2 and low[b + 1] == "the") for h in hits):
        before, after = after[:1], before + after[1:]
    elif not before and low[b - 1] in ("from", "by") and any(
            h.start == b or (h.start == b + 1 and low[b] == "the") for h in hits):
        before, after = after[:1], after[1:]  # "shells fired from Myanmar landed"
    src = before if before else subject
    if not before and ctx.pair is not None and _pair_end(low, c0, a) is not None:
        return list(ctx.pair), list(ctx.pair)  # "The two governments restored relations"
    src, after = _third_states_aside(src, after, ctx.pair)
    if ctx.pair is not None and len(src) > 2 and set(ctx.pair) <= set(src):
        src = list(ctx.pair)  # "Burkina Faso, Mali and Niger signed": the pair among them
    actors = src[:2] if len(src) >= 2 else src[:1] + [
        c for c in after if c not in src or c == LEADER][:2 - len(src[:1])]
    pair = ctx.pair
    if pair is not None and len(actors) == 2 and actors[0] in pair and actors[1] not in pair:
        other = pair[1] if actors[0] == pair[0] else pair[0]
        if other in after:  # "halted the transit of Russian oil to Hungary"
            actors = [actors[0], other]
    actors = resolve_leaders(actors, pair)
    if len(actors) < 2 and pair is not None:
        if not actors and pair_said:
            actors = list(pair)
            if not src:
                src = list(pair)  # "the two ministers met ... and agreed to a ceasefire"
        elif len(actors) == 1 and actors[0] in pair and not third and (
                pair_said or verb or _is_verb(low, a) or _present_verb(low, a, hits)
                or any(_is_verb(low, k) for k in range(a + 1, b))):  # "troops were deployed"
            # a verb inside the trigger ("said Russia would respond in") reads as one too
            other = pair[1] if actors[0] == pair[0] else pair[0]
            # "It also banned imports of Kenyan milk": an actor named only after the act is
            # its target, and the other member of the pair its source
            actors = [actors[0], other] if src else [other, actors[0]]
    return actors, src


def _usable(triggers: list[Trigger], low: Sequence[str], gaps: Sequence[str],
            hits: Sequence[ActorHit]) -> list[Trigger]:
    """Triggers that are not adjectives (``of occupied land``) or modifiers after a comma."""
    return [t for t in triggers if not (
        _participle(low, gaps, t[0]) and not any(h.end == t[0] for h in hits))
        and not _modifier(low, gaps, t[0])]


def _finite(low: Sequence[str], hits: Sequence[ActorHit], ctx: EventContext) -> list[bool]:
    """Per word, whether it is a finite verb with a state subject; read once per window.

    Every clause reads its slice of this one list, so a window of many clauses costs
    one reading of its words, not one per clause.
    """
    if ctx.verbs is None:
        return []
    return subject_verbs(low, hits, lambda i: _is_verb(low, i) or _present_verb(low, i, hits))


def _verb_triggers(low: Sequence[str], clause: tuple[int, int], finite: Sequence[bool],
                   ctx: EventContext) -> list[Trigger]:
    """The clause's finite verb as a trigger, when the CAMEO verb dictionary classes it."""
    if ctx.verbs is None:
        return []
    return ctx.verbs.triggers(low, clause, finite)


def _dictionary_verbs(low: Sequence[str], finite: Sequence[bool], ctx: EventContext
                      ) -> set[int]:
    """Where the CAMEO dictionary reads an act in a verb with a state subject (clause cuts)."""
    if ctx.verbs is None:
        return set()
    verbs = ctx.verbs
    return {i for i, f in enumerate(finite) if f and verbs.classify(low, i, len(low))}


def _relative_subject(low: Sequence[str], gaps: Sequence[str], clause: tuple[int, int],
                      triggers: Sequence[Trigger], parties: Sequence[ActorHit]
                      ) -> tuple[list[str], bool]:
    """The antecedent of a relative clause or appositive, and whether it names its own actor.

    ``, who apologised``: the act of the actor just before; ``, which Doha rejected``,
    ``, a charge Kabul rejects``: the act of the actor the clause names (`own`).
    """
    c0, c1 = clause
    antecedent = codes([h for h in parties if _ends_antecedent(low, h.end, c0)]
                       ) if relative(low, gaps, c0) else []
    first = min((t[0] for t in triggers if c0 <= t[0] < c1), default=c1)
    own = first < c1 and any(c0 < h.start and first - 2 <= h.end <= first
                             for h in parties)  # "which Doha rejected", "has denied"
    return antecedent, own


def _trigger_mode(low: Sequence[str], gaps: Sequence[str], trig: Trigger,
                  clause: tuple[int, int], ctx: EventContext, *, agreed_sign: bool,
                  dictionary: bool) -> tuple[Trigger, bool, bool]:
    """The trigger, and whether it is negated or to come, from its words and its clause.

    A noun act takes the modal of its clause's verb; an act agreed to be signed or met is to
    come (`agreed_sign`); a future act the verb dictionary read (`dictionary`) may be a pledge
    (``will supply``: 033, an act).
    """
    c0, c1 = clause
    negated, forecast = mode(low, gaps, trig[0])
    if not (negated or forecast or _is_verb(low, trig[0])):
        forecast = _clause_forecast(low, c0, trig[0]) or to_come(low, trig[1], c1)
    forecast = forecast or agreed_sign
    if dictionary and ctx.verbs is not None:  # "will supply": a pledge, 033
        trig, forecast = ctx.verbs.pledged(trig, forecast and not negated)
    return trig, negated, forecast


def _no_act(low: Sequence[str], gaps: Sequence[str], trig: Trigger, clause: tuple[int, int],
            hits: Sequence[ActorHit], parties: Sequence[ActorHit]) -> bool:
    """Whether the clause's trigger states no act between the pair.

    A recommendation (``Extend the ...``, ``should resume``), a noun governed by a
    preposition (``at the summit``), speculation (``a pact ... is unlikely``), or a
    participle after a comma with no target (``, blaming the drought``).
    """
    c0, c1 = clause
    return _imperative(low, trig[0], c0) or _governed_noun(low, trig[0], c0, hits) or (
        not _is_verb(low, trig[0]) and speculated(low, trig[1])) or any(
        w in _ADVISORY for w in _look_back(low, gaps, trig[0])) or (
        trig[0] == c0 > 0 and "," in gaps[c0 - 1] and low[c0].endswith("ing")
        and not any(c0 < h.start < c1 for h in parties)
        and not any(w in _OTHER_MEMBER for w in low[c0:c1]))


def _act_agreed(low: Sequence[str], trig: Trigger, here: Sequence[Trigger],
                clause: tuple[int, int], ctx: EventContext) -> tuple[Trigger, bool]:
    """The act agreed after ``agreed to`` (else the trigger), and whether it is to come.

    ``agreed to share intelligence``: COOPERATE, as the act agreed; ``agreed in April to
    release``: RETREAT, by the verb dictionary; ``agreed to sign``, ``agreed to a meeting``:
    the signing or the meeting is to come.
    """
    c0, c1 = clause
    then = agreed_act(low, trig, here)
    if then is None and ctx.verbs is not None:
        then = ctx.verbs.agreed(low, trig, c1)
    if then is None:
        return trig, False
    that = low[trig[1] - 1] == "that"
    return then, low[then[0]] in SIGN or then[2].plover == "CONSULT" or (
        that and _clause_forecast(low, c0, then[0]))


def _more_acts(low: Sequence[str], gaps: Sequence[str],
               acts: tuple[Trigger, Trigger | None], clause: tuple[int, int],
               triggers: Sequence[Trigger], parties: Sequence[ActorHit],
               spans: Sequence[tuple[int, int]], ctx: EventContext, actors: Sequence[str],
               bounds: Sequence[tuple[int, int]], chained: set[int]) -> list[Match]:
    """The further acts of a clause beside its act: carried predicates, nouns, infinitives.

    `acts` holds the clause's act and its ``agreed to`` trigger (or None); the clauses a
    chain of infinitives reads are added to `chained`, so that they are not read again.
    """
    trig, agreement = acts
    c0, c1 = clause
    out = carried_events(low, gaps, trig, clause, triggers, spans, ctx, actors, _ING_NOUNS)
    out += nominal_matches(low, [t for t in triggers if c0 <= t[0] < c1], trig, parties,
                           spans, clause, ctx.states, ctx.verbs)
    if agreement is not None:  # "agreed to A, to B and to C": B and C agreed too
        chain = infinitive_chain(low, gaps, agreement[1], len(low),
                                 frozenset(h.start for h in parties))
        out += chain_events(low, gaps, agreement, chain, triggers, spans, ctx, actors)
        chained.update(c for c, _ in bounds if any(c in (t - 1, t) for t, _ in chain))
    return out


def _received(low: Sequence[str], clause: tuple[int, int], ctx: EventContext) -> list[Trigger]:
    """A visitor received in the passive, as a meeting (CONSULT, 042).

    ``The Minister was received in audience by His Majesty``
    (`relindex.extract.clauses.passive_meeting`): a meeting of the pair unless the clause
    names its actors.
    """
    k = passive_meeting(low, clause)
    visit = ctx.verbs.event_type("042") if k is not None and ctx.verbs is not None else None
    return [] if k is None or visit is None else [(k, k + 1, visit)]


def _uncoordinated(low: Sequence[str], gaps: Sequence[str], clause: tuple[int, int],
                   ctx: EventContext) -> list[Trigger]:
    """A trigger of the clause read without its coordinated modifiers, at its own words.

    ``closed its Koidula and Luhamaa crossings`` is read as ``closed its Luhamaa
    crossings`` (`relindex.extract.clauses.without_coordinates`); only a verb phrase that
    reaches across the coordination counts.
    """
    keep = without_coordinates(low, gaps, clause)
    if ctx.index is None or len(keep) == clause[1] - clause[0]:
        return []
    words = [low[i] for i in keep]
    said = find_triggers(words, [" "] * (len(words) - 1), ctx.index)
    return [(keep[a], keep[b - 1] + 1, ev) for a, b, ev in said
            if b - a > 1 and keep[b - 1] - keep[a] >= b - a and _is_verb(low, keep[a])]


def _framed(low: Sequence[str], gaps: Sequence[str], clause: tuple[int, int],
            ctx: EventContext) -> list[Trigger]:
    """Verbs of closing and reopening read by their object (`relindex.extract._frames`).

    ``shut the frontier``, ``closing the pipeline``, ``restarted the pipeline``: the object's
    class gives the act's CAMEO code, and the verb dictionary's classifier its event type.
    """
    if ctx.verbs is None:
        return []
    out = []
    for a, b, code in frames(low, gaps, clause):
        ev = ctx.verbs.event_type(code)
        if ev is not None and (_is_verb(low, a) or low[a].endswith("ing")):
            out.append((a, b, ev))
    return out


def _means(low: Sequence[str], gaps: Sequence[str], trig: Trigger, clause: tuple[int, int],
           triggers: Sequence[Trigger], ctx: EventContext) -> Trigger | None:
    """The act of a verb of response: its means after ``by``, else the trigger itself.

    ``Niger retaliated by expelling two diplomats``: the expelling; ``retaliated by closing
    the pipeline``: the closing, read by its object (`relindex.extract._frames`); a means
    no phrase, frame or verb of the dictionary classes: None, as retaliating says no
    category of its own (`relindex.extract.clauses.means_gerund`).
    """
    g = means_gerund(low, trig[0], clause[1])
    if g is None:
        return trig
    said = next((t for t in triggers if t[0] == g and t[1] <= clause[1]), None)
    framed = frame_at(low, gaps, g, clause[1]) if said is None else None
    if framed is not None and ctx.verbs is not None:
        ev = ctx.verbs.event_type(framed[2])
        said = (g, framed[1], ev) if ev is not None else None
    if said is None and ctx.verbs is not None:
        hit = ctx.verbs.classify(low, g, clause[1])
        ev = ctx.verbs.event_type(hit[1]) if hit is not None else None
        said = (g, hit[0], ev) if hit is not None and ev is not None else None
    return said


def find_events(low: Sequence[str], gaps: Sequence[str], triggers: Sequence[Trigger],
                hits: Sequence[ActorHit], spans: Sequence[tuple[int, int]],
                ctx: EventContext, carried: Sequence[str] = ()) -> list[Match]:
    """One event per clause that holds a trigger and names (or implies) two actors.

    `carried` is the subject of the sentence before (`relindex.extract._carried`), taken
    by a sentence that opens with ``It``, ``They`` or ``The country``.
    """
    if not low or (not triggers and ctx.verbs is None):
        return []
    states = [h for h in hits if not h.place and (
        h.code in ctx.states or (h.code == LEADER and ctx.pair is not None))]
    parties = states if ctx.pair is not None or len({h.code for h in states}) >= 2 else [
        h for h in hits if not h.place]
    finite = _finite(low, hits, ctx)
    starts = clause_starts(low, gaps, {t[0] for t in triggers} | _dictionary_verbs(
        low, finite, ctx), frozenset(h.start for h in parties))
    bounds = list(zip(starts, [*starts[1:], len(low)], strict=True))
    pair_said = _pair_named(low, 0, len(low)) or low[0] == "they"  # "They agreed that"
    out: list[Match] = []
    subject = taken_subject(low, carried)  # "Turkmenistan supplies ... . It agreed in March"
    main: list[str] = []  # the subject of the sentence's first clause, for "it" later on
    chained: set[int] = set()  # the clauses an infinitive chain has read already
    prev: Trigger | None = None  # the last clause's act, whose object ", which" may restate
    for c0, c1 in bounds:
        own = False
        if c0 in chained:
            continue  # "..., and to set up a hotline": read with its "agreed to"
        main = main or subject
        if c0 > 0 and low[c0] in ("it", "they") and main:
            subject = main  # "relations, which it severed": "it" is the sentence's subject
        if relative(low, gaps, c0) or appositive(low, gaps, c0):
            antecedent, own = _relative_subject(low, gaps, (c0, c1), triggers, parties)
            own = own or relative_actor(low, (c0, c1), parties) is not None
            if not antecedent and not own:
                continue  # "a referendum, which purports to annex ...": no act between states
            subject = antecedent
        here = _usable([t for t in triggers if c0 <= t[0] < c1 and not (
            ctx.verbs is not None and _governed_noun(low, t[0], c0, hits))], low, gaps, hits)
        dictionary = not here and ctx.verbs is not None  # else the verb, by the dictionary
        here = here or _usable(_verb_triggers(low, (c0, c1), finite, ctx), low, gaps, hits)
        if not here and relative(low, gaps, c0):  # "the crossing, which Ankara opened"
            here = object_relative(low, gaps, (c0, c1), parties, prev, ctx)
        here = here or _received(low, (c0, c1), ctx)  # "was received in audience by"
        here = here or _uncoordinated(low, gaps, (c0, c1), ctx)  # "its A and B crossings"
        here = here + [t for t in _framed(low, gaps, (c0, c1), ctx)  # "shut the frontier"
                       if not any(h[0] <= t[0] < h[1] for h in here)]
        kept = kept_trigger(low, gaps, (c0, c1), triggers, hits, ctx)
        if kept is not None:  # "kept in force its ban on lorries": the measure, kept
            here, dictionary = [t for t in here if t[0] < kept[0]] + [kept], False
        if not here:
            before = codes([h for h in parties if c0 <= h.start < c1])
            subject = before[:2] or subject
            continue
        trig = min(here, key=lambda t: (  # "rejects the request ... to reopen": the verb first
            _preamble(low, c0, t[0]),  # "Recognising ..., the two sides agreed": the agreeing
            not (_is_verb(low, t[0]) or _present_verb(low, t[0], hits)), t[0]))
        means = _means(low, gaps, trig, (c0, c1), triggers, ctx)  # "retaliated by closing"
        if means is None:
            continue  # "retaliated by doing" what no phrase or verb classes: no act read
        trig = means
        trig = shared_agreement(low, gaps, c0, trig, ctx.verbs)  # "agreed to X, and to meet"
        agreement = trig if low[trig[0]] in AGREE and low[trig[1] - 1] == "to" else None
        trig, agreed_sign = _act_agreed(low, trig, here, (c0, c1), ctx)
        if _no_act(low, gaps, trig, (c0, c1), hits, parties):
            continue  # "Extend the ...": a recommendation; ", blaming the drought": no target
        third = _third_party_act(low, trig, c0, hits, ctx)  # "The EU opened negotiations"
        actors, subject = _actors(  # "The next round is due to take place": the pair's
            trig, (c0, c1), parties, subject, low, ctx, pair_said or low[trig[0]] == "next"
            or meeting_to_come(low, trig, c1, _is_verb(low, trig[0]))
            or trig[0] == passive_meeting(low, (c0, c1)), verb=own, third=third)
        if len(actors) < 2:
            continue
        trig, negated, forecast = _trigger_mode(low, gaps, trig, (c0, c1), ctx,
                                                agreed_sign=agreed_sign, dictionary=dictionary)
        forecast = forecast and not (trig == kept and continuing(low, gaps, trig[0]))
        out.append(Match(spans[trig[0]][0], spans[trig[1] - 1][1], "event", event=trig[2],
                         negated=negated, forecast=forecast and not negated,
                         actors=tuple(actors), clause=(spans[c0][0], spans[c1 - 1][1])))
        prev = trig
        out += _more_acts(low, gaps, (trig, agreement), (c0, c1), triggers, parties, spans,
                          ctx, actors, bounds, chained)
    return out
