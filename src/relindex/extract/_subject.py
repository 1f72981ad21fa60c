"""Whether a verb has a state as its subject: the clause verbs the CAMEO dictionary reads.

A helper of `relindex.extract.events`: the verb dictionary
(`relindex.extract.verbs`) is read only for a finite verb whose subject, just
before it, is a state, its organ or arm (``Ethiopian troops``, ``a Turkish
drone``), the pair (``the two sides``), ``they`` or ``it``; not a thing (``These Chinese
vehicles facilitate``) and not a state after a preposition (``supply of chips
from the PRC has``). An infinitive counts only after a word of intent or
agreement (``plans to annex``, not ``purports to annex``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ._words import ADVERBS, AUXILIARIES, BE, INTENT, MODALS, PAIR_WORDS
from ._words import ORGANS as _ORGANS
from .actors import ActorHit

__all__ = ["TO_ACT", "state_subject", "subject_verbs"]

TO_ACT = INTENT | {"agreed", "agree", "agrees", "decided", "decides", "pledged", "pledges",
                    "promised", "promises", "vowed", "vows", "threatened", "threatens"}
"""Words before ``to`` whose infinitive is an act (to come): ``plans to annex``; not
``purports to annex``."""


_SUBJECT_SKIP = AUXILIARIES | ADVERBS | MODALS | BE | TO_ACT | {"to", "had", "has",
                                                                    "have", "been", "already"}


_OBLIQUE = frozenset({"from", "of", "in", "to", "with", "by", "at", "on", "for", "into"})
"""Prepositions before a state that is no subject (``supply of chips from the PRC has``)."""


def _oblique(low: Sequence[str], start: int) -> bool:
    """Whether a state named at `start` follows a preposition (``from the PRC``)."""
    k = start - 1 if start < 1 or low[start - 1] != "the" else start - 2
    return k >= 0 and low[k] in _OBLIQUE


_TIME = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                   "january", "february", "march", "april", "may", "june", "july", "august",
                   "september", "october", "november", "december", "week", "weekend", "month",
                   "year", "morning", "evening", "night", "today", "yesterday", "earlier",
                   "later", "recently", "subsequently", "meanwhile"})
"""Words of time that may stand between a subject and its verb (``Kenya on Tuesday
derided``)."""
_TIME_LEAD = frozenset({"on", "in", "last", "this", "early", "late", "mid", "since", "that"})


def _when(low: Sequence[str], k: int) -> bool:
    """Whether the word at `k` belongs to a time phrase (``on Tuesday``, ``in March 2024``)."""
    w = low[k]
    if w in _TIME or (w.isdigit() and len(w) <= 4):
        return True
    return w in _TIME_LEAD and k + 1 < len(low) and (
        low[k + 1] in _TIME or low[k + 1].isdigit())


def state_subject(low: Sequence[str], i: int, hits: Sequence[ActorHit],
                  ends: frozenset[int] | None = None) -> bool:
    """Whether the verb at `i` has a state as its subject, just before it.

    Auxiliaries, adverbs, modals, words of intent and of time may come between (``Kenya
    has also derided``, ``Peru plans to annex``, ``Kenya on Tuesday derided``); the subject
    is a state, a demonym and an organ (``Ethiopian troops``, ``Kenya's foreign ministry``),
    the pair (``the two sides``), ``they`` or ``it``, not a place (``in Beijing``);
    not a thing (``These Chinese vehicles facilitate``, ``This has allowed``), and not
    the subject of a passive (``diplomats were expelled``). `ends` is `subject_ends` of
    `hits`, given when the caller asks about many verbs of a window (read once, not per verb).
    """
    if i >= 2 and low[i - 1] == "to" and low[i - 2] not in TO_ACT:
        return False  # "purports to annex"
    k = i - 1
    while k >= 0 and i - k <= 8 and (low[k] in _SUBJECT_SKIP or _when(low, k)):
        k -= 1
    if k < 0:
        return False
    if not low[i].endswith("ing") and any(w in BE for w in low[k + 1:i]):
        # "two Bordurian diplomats were expelled": a passive, its subject the target, and
        # its source only after "by" ("were expelled by Serbia")
        return i + 1 < len(low) and low[i + 1] == "by"
    if ends is None:
        ends = subject_ends(low, hits)
    return k + 1 in ends or low[k] in ("they", "it") or (
        low[k] in _ORGANS and any(j in ends for j in range(k - 3, k + 1))) or (
        k >= 1 and (low[k - 1], low[k]) in PAIR_WORDS)


def subject_ends(low: Sequence[str], hits: Sequence[ActorHit]) -> frozenset[int]:
    """Where the states that may be a subject end: not places, not after a preposition."""
    return frozenset(h.end for h in hits if not h.place and not _oblique(low, h.start))


def subject_verbs(low: Sequence[str], hits: Sequence[ActorHit],
                  verb: Callable[[int], bool]) -> list[bool]:
    """Per word, whether it is a finite verb with a state as subject (not a name, not ``-ing``).

    `verb` says whether the word at an index reads as a verb there.
    """
    named = {k for h in hits for k in range(h.start, h.end)}
    ends = subject_ends(low, hits)
    return [i not in named and verb(i) and not (
        low[i].endswith("ing") and (i == 0 or low[i - 1] not in BE))
        and state_subject(low, i, hits, ends) for i in range(len(low))]
