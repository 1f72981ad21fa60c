"""Where the clauses of a window start: cuts at punctuation, conjunctions and subordinators.

A helper of `relindex.extract.events`: a sentence is cut into clauses at
semicolons, colons and dashes, at a comma before ``and``/``but``/``while``,
before ``and``/``but`` or a comma followed by another trigger in ``-ing`` or the
past tense, around a subordinate clause with an actor and a trigger of its own,
and before a relative clause after a comma (``, who condemned``) or an
appositive with an actor of its own (``, a charge Kabul rejects``).
"""

from __future__ import annotations

from collections.abc import Sequence

from ._words import AUXILIARIES as _AUXILIARIES
from ._words import IRREGULAR_PAST as _IRREGULAR_PAST
from ._words import MODALS as _MODALS
from ._words import ORGANS
from ._words import PAIR_WORDS as _PAIR_WORDS

__all__ = ["CLAUSE_GAPS", "CLAUSE_WORDS", "DIRECTIVES", "EN_DASH", "GOVERNING", "MODIFIER_NEXT",
           "PRONOUNS", "appositive", "clause_starts", "ends_antecedent", "pair_end", "relative"]

CLAUSE_GAPS = (",", ";", ":", "(", ")", ".", "—", "–")
CLAUSE_WORDS = frozenset({"but", "although", "though", "while", "whereas", "yet", "and",
                           "which", "who", "after", "before", "when", "since", "as", "if",
                           "unless"})
_HARD_CUTS = (";", ":", "—", "–", " - ")
EN_DASH = "\u2013"
"""An en dash between two words without spaces joins them (a name, a range): no cut."""
_COMMA_CONJUNCTIONS = frozenset({"and", "but", "while", "whereas", "although", "though", "yet",
                                 "where", "when"})
_SUBORDINATORS = frozenset({"after", "before", "when", "while", "since", "because", "following",
                            "until", "once", "whereas", "although", "though", "as"})
"""Words opening a subordinate clause; one with an actor and a trigger of its own is cut off."""
_SUB_REACH = (6, 14)  # its actor within 6 words of the subordinator, its trigger within 14
DIRECTIVES = frozenset({"tasked", "asked", "instructed", "urged", "told", "ordered",
                         "directed", "mandated", "called", "requested"})
"""Verbs whose infinitive complement is not done yet (``tasked the commission to meet``)."""
_RELATIVE = frozenset({"who", "which", "whom"})
"""Pronouns opening a relative clause after a comma; its verbs are not the sentence's act."""
MODIFIER_NEXT = frozenset({"in", "on", "at", "by", "last", "earlier", "this", "under", "with",
                            "since", "until", "for", "from", "during"})
"""Words after a comma and a participle that make it a modifier (``contract, signed in 2014``)."""
_SPEECH = frozenset({"said", "says", "announced", "announces", "added", "stated", "declared"})
"""Verbs of speech after ``and`` that open a clause (``and said it would apply a tariff``)."""
PRONOUNS = frozenset({"they", "it", "he", "she", "we"})
"""Subjects after a comma that open a clause of their own (``..., they abolished visas``)."""
_APPOSITIVE = frozenset({"a", "an"})
"""After a comma, ``a charge Kabul rejects``: a noun, then a clause with its own actor."""
GOVERNING = frozenset({"at", "of", "during", "after", "before", "since", "ahead",
                        "following", "amid", "under", "despite", "until"})
"""Prepositions whose noun object names an act said elsewhere (``at the Al-Ula summit``)."""
_TIME_OPENERS = frozenset({"for", "within", "later", "then", "soon", "subsequently",
                           "eventually", "promptly", "immediately", "quickly", "also", "again",
                           "has", "have", "had"})
"""Words between ``and`` and a coordinated verb of its own (``and later expelled``, ``and has
expelled``)."""
_ROLE_WORDS = frozenset({"s", "foreign", "prime", "defence", "defense", "interior", "trade",
                         "finance", "minister", "president", "ambassador", "envoy", "king",
                         "premier", "chancellor", "secretary", "spokesman", "spokeswoman",
                         "spokesperson", "army", "chief", "commander", "government", "ministry",
                         "counterpart", "counterparts"})
"""Words after a state that keep it the antecedent of ``who`` (``Sudan's foreign minister,
who``)."""
_ORGAN_WORDS = frozenset({"s", "army", "navy", "air", "force", "forces", "armed", "ministry",
                          "government", "coast", "guard", "guards", "coastguard", "military",
                          "police", "border", "foreign", "defence", "defense", "interior",
                          "cabinet", "authorities", "state", "committee", "customs", "service",
                          "services", "navies", "armies", "governments", "ministries"})
"""Words after a state that make it, as an organ, the antecedent of ``which`` (``the Polish
army, which scrambled jets``)."""


_WHEN = frozenset({"in", "on", "at", "by", "early", "late", "mid", "last", "this", "next", "then",
                   "later", "since", "the", "same", "year", "month", "week", "day", "weekend",
                   "january", "february", "march", "april", "may", "june", "july", "august",
                   "september", "october", "november", "december", "spring", "summer",
                   "autumn", "winter", "monday", "tuesday", "wednesday", "thursday", "friday",
                   "saturday", "sunday", "meanwhile", "also"})
"""Words of a time phrase between ``and`` and a subject of its own (``and in early 2025``)."""
_WHEN_LINKS = frozenset({"in", "on", "at", "by", "the", "same", "this", "next", "also", "early",
                         "late", "mid"})
"""Words of `_WHEN` that make no time phrase alone (``and the Malaysian Armed Forces``)."""
_SUBJECT_WORDS = ORGANS | {"s", "and", "the", "navies", "armies", "naval", "armed", "air",
                             "coast", "border", "foreign", "defence", "defense", "interior"}
"""Words of a subject that is a state or its organ, after a state's name (``'s navies``)."""


def _timed_subject(k: int, n: int, low: Sequence[str], trigger_at: set[int],
                   actor_at: frozenset[int]) -> bool:
    """Whether ``and`` at `k` opens a clause with a time phrase, its own subject and its act.

    ``... a commission, and in early 2025 Colombia's and Panama's navies held a joint
    exercise``; not ``Colombia and Panama held`` (no time phrase between).
    """
    j = k + 1
    while j < min(n, k + 6) and (low[j] in _WHEN or low[j].isdigit()):
        j += 1
    timed = any(w.isdigit() or (w in _WHEN and w not in _WHEN_LINKS) for w in low[k + 1:j])
    if not timed or j not in actor_at:
        return False
    v = j + 1  # past the subject: states, "'s", "and", organs ("Colombia's and Panama's navies")
    while v < n and v - j < 8 and (v in actor_at or low[v] in _SUBJECT_WORDS):
        v += 1
    verb = v < n and (v in trigger_at or low[v] in _MODALS or low[v] in ("has", "have", "had")
                      or low[v].endswith("ed") or low[v] in _IRREGULAR_PAST)
    return verb and any(t in trigger_at for t in range(j + 1, min(n, j + 10)))


def clause_starts(low: Sequence[str], gaps: Sequence[str], trigger_at: set[int],
                  actor_at: frozenset[int] = frozenset()) -> list[int]:
    """Token indices where the clauses of a window start (the first is 0).

    Besides the cuts at punctuation and conjunctions, a subordinate clause
    (``after Serbian and Croatian fans fought``) is cut off when it names an
    actor and holds a trigger of its own (`actor_at`: token indices where
    actors start), and one that opens the sentence ends at its comma.
    """
    starts = [0]
    n = len(low)
    for k in range(1, n):
        gap = gaps[k - 1]
        opened = low[starts[-1]] in _SUBORDINATORS or relative(low, gaps, starts[-1])
        cut = (gap != EN_DASH and any(c in gap for c in _HARD_CUTS)) or (  # "Kurtha-Bijalpura"
            "," in gap and (low[k] in _COMMA_CONJUNCTIONS or low[k] in _RELATIVE or opened or (
                low[k] in GOVERNING | {"in", "at"} and k + 1 < n and low[k + 1] == "which"))
        ) or (
            low[k] in ("and", "but") and (
                k + 1 in trigger_at or _adverbial_then(k, n, low, trigger_at) or (
                k + 1 < n and low[k + 1] in DIRECTIVES | _SPEECH
                and _directive_then(k + 1, n, trigger_at))
                or _timed_subject(k, n, low, trigger_at, actor_at))
        ) or (
            "," in gap and k in trigger_at and (low[k].endswith("ing") or _listed_verb(low, k))
        ) or (low[k] in ("whom", "that", "which") and _own_subject(k + 1, n, low, trigger_at,
                                                                   actor_at, named=True)
        ) or (k + 1 < n and low[k + 1] in ("which", "whom") and low[k] in _PREP_RELATIVE
              and _own_subject(k + 1, n, low, trigger_at, actor_at, named=True, reach=8)
        ) or (low[k] in _SUBORDINATORS and _subordinate(k, n, low, trigger_at, actor_at)
              ) or ("," in gap and _own_subject(k, n, low, trigger_at, actor_at)
                    ) or _pronoun_clause(k, n, low, trigger_at)
        if cut and k > starts[-1]:
            starts.append(k)
    return starts


def _adverbial_then(k: int, n: int, low: Sequence[str], trigger_at: set[int]) -> bool:
    """Whether a verb trigger follows 'and' after a short adverbial.

    ``and for six years refused to hold talks``, ``and later expelled``, ``and has expelled``.
    """
    if k + 1 >= n or low[k + 1] not in _TIME_OPENERS:
        return False
    return any(j in trigger_at and (low[j].endswith("ed") or low[j] in _IRREGULAR_PAST)
               for j in range(k + 2, min(k + 6, n)))


def _directive_then(k: int, n: int, trigger_at: set[int]) -> bool:
    """Whether a trigger follows the directive at `k` (``directed the group to meet``)."""
    return any(j in trigger_at for j in range(k + 2, min(k + 8, n)))


_PREP_RELATIVE = frozenset({"under", "by", "through", "with", "whereby"})
"""Prepositions before ``which`` that open a relative clause with a subject of its own
(``a memorandum under which the armed forces of both countries will conduct patrols``)."""


def _own_subject(k: int, n: int, low: Sequence[str], trigger_at: set[int],
                 actor_at: frozenset[int], named: bool = False, reach: int = 1) -> bool:
    """Whether the words after a comma at `k` open a clause with a subject of its own.

    A pronoun before a trigger (``..., they abolished visas``), or an appositive
    noun followed by an actor and its act (``..., a charge Kabul rejects``,
    ``..., a claim Qatar has always denied``). With `named`, the words after a
    relative pronoun: an actor at `k` (or after an article; within `reach` words, or words
    naming the pair, after a preposition and ``which``) and its act soon after
    (``activists whom Tanzanian authorities deported``).
    """
    if named:
        actor = next((j for j in range(k, min(n, k + 1 + reach)) if j in actor_at), None)
        if actor is None and reach > 1:
            actor = pair_end(low, k + 1, min(n, k + 1 + reach))  # "of both countries"
        return actor is not None and any(j in trigger_at for j in range(actor + 1,
                                                                        min(actor + 4, n)))
    if low[k] in PRONOUNS:
        return any(j in trigger_at for j in range(k + 1, min(k + 4, n)))
    if low[k] not in _APPOSITIVE:
        return False
    actor = next((j for j in (k + 2, k + 3) if j in actor_at), None)
    return actor is not None and any(j in trigger_at for j in range(actor + 1, min(actor + 5, n)))


def _pronoun_clause(k: int, n: int, low: Sequence[str], trigger_at: set[int]) -> bool:
    """Whether a subject pronoun before a past-tense trigger opens a clause of its own.

    ``eight days after it closed the busiest crossing``, ``the ferry crossing it closed to
    Senegalese traders``, ``relations, which it severed``: the pronoun stands for the subject
    said before.
    """
    if low[k] not in ("it", "they") or k + 1 >= n:
        return False
    j = k + 2 if low[k + 1] in _AUXILIARIES and k + 2 < n else k + 1
    return j in trigger_at and (low[j].endswith("ed") or low[j] in _IRREGULAR_PAST)


def appositive(low: Sequence[str], gaps: Sequence[str], k: int) -> bool:
    """Whether the clause at `k` is an appositive after a comma (``, a charge Kabul rejects``)."""
    return k > 0 and low[k] in _APPOSITIVE and "," in gaps[k - 1]


def ends_antecedent(low: Sequence[str], end: int, c0: int) -> bool:
    """Whether an actor ending at `end` is the antecedent of the relative clause at `c0`."""
    words = {"who": _ROLE_WORDS, "which": _ORGAN_WORDS}.get(low[c0], frozenset())
    return end == c0 or (end < c0 <= end + 4 and all(w in words for w in low[end:c0]))


def relative(low: Sequence[str], gaps: Sequence[str], k: int) -> bool:
    """Whether the clause at `k` is a relative clause after a comma (``, who condemned``)."""
    return k > 0 and low[k] in _RELATIVE and "," in gaps[k - 1]


def _listed_verb(low: Sequence[str], k: int) -> bool:
    """Whether a past-tense trigger after a comma is the next verb of a list.

    ``..., suspended flights and ...``, not a participle modifying what came
    before (``..., signed in 2014``).
    """
    return (low[k].endswith("ed") or low[k] in _IRREGULAR_PAST) and (
        k + 1 >= len(low) or low[k + 1] not in MODIFIER_NEXT)


def _subordinate(k: int, n: int, low: Sequence[str], trigger_at: set[int],
                 actor_at: frozenset[int]) -> bool:
    """Whether the subordinator at `k` opens a clause with an actor and a trigger of its own.

    The trigger follows the actor, or precedes it when the actor is named by ``from`` or
    ``by`` (``after shells fired from Myanmar landed``).
    """
    end = min(k + _SUB_REACH[0], n)
    actor = next((j for j in range(k + 1, end) if j in actor_at), None)
    if actor is None:
        actor = pair_end(low, k + 1, end)  # "a day after the two governments agreed"
    if actor is None:
        return False
    first = k + 1 if low[actor - 1] in ("from", "by") else actor + 1
    return any(j in trigger_at for j in range(first, min(k + _SUB_REACH[1], n)))


def pair_end(low: Sequence[str], a: int, b: int) -> int | None:
    """The last token of words naming the pair ("the two governments") in ``[a, b)``."""
    for k in range(a, b):
        if k + 1 < b and (low[k], low[k + 1]) in _PAIR_WORDS:
            return k + 1
        if low[k] == "two" and k + 2 < b and (low[k], low[k + 2]) in _PAIR_WORDS:
            return k + 2
    return None
