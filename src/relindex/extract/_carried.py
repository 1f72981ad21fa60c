"""Subjects carried from one sentence to the next: ``... . It agreed in March to ...``.

A helper of `relindex.extract.pipeline` and `relindex.extract.events`. A sentence whose
subject is a state, an organ of a state (``Kenyan troops``, ``Kenya's foreign ministry``) or
the pair hands that subject on; the next sentence takes it when it opens with a word that
refers back: ``It``, ``They``, ``The country``, ``The kingdom``, ``The government``.
An expletive ``it`` (``It is``, ``It was reported``, ``It remains unclear``) takes nothing,
and neither does a sentence after one whose subject is no state (``The treaty was signed
... . It entered into force``): only a state named as the subject is handed on.

Examples
--------
>>> from relindex.extract.events import tokens
>>> from relindex.extract.lexicon import load_lexicon
>>> from relindex.extract.actors import find_actor_hits
>>> win = "Estonian border guards detained two Latvian trawlers."
>>> spans, gaps = tokens(win)
>>> low = [win[a:b].lower() for a, b in spans]
>>> hits = find_actor_hits(win, spans, gaps, load_lexicon().index)
>>> opening_subject(low, gaps, hits, ("EE", "LV"), ())
('EE',)
>>> refers_back(["it", "is", "unclear"]), refers_back(["it", "agreed", "to"])
(False, True)
"""

from __future__ import annotations

from collections.abc import Sequence

from ._words import ADVERBS, AUXILIARIES, BE, IRREGULAR_PAST, MODALS, ORGANS, PAIR_WORDS
from .actors import ActorHit

__all__ = ["opening_subject", "refers_back", "taken_subject"]

_BACK = (("it",), ("they",), ("the", "country"), ("the", "kingdom"), ("the", "government"),
         ("the", "state"))
"""Sentence openings that refer to the subject of the sentence before."""
_EXPLETIVE = BE | {"remains", "remained", "seems", "seemed", "appears", "appeared", "means",
                   "meant", "follows", "followed", "comes", "came", "took", "takes"}
"""Verbs after which ``it`` is expletive or a thing (``It is unclear``, ``It remains to be
seen``, ``It took three years``)."""
_LEAD = frozenset({"in", "on", "since", "after", "last", "earlier", "later", "by", "at",
                   "following", "meanwhile", "however", "separately", "then"})
"""Words that open a phrase before the subject, up to a comma (``In March, Kenya ...``)."""
_VERBISH = AUXILIARIES | MODALS | BE | ADVERBS | IRREGULAR_PAST | {"has", "have", "had"}


def refers_back(low: Sequence[str]) -> bool:
    """Whether a sentence opens with a word that refers to the last sentence's subject.

    ``It agreed ...``, ``They met ...``, ``The country banned ...``; not an expletive
    ``it`` (``It is``, ``It was reported``, ``It has been``, ``It remains unclear``).
    """
    opener = next((o for o in _BACK if tuple(low[:len(o)]) == o), None)
    if opener is None:
        return False
    if opener != ("it",):
        return True
    nxt = low[1:3]
    return bool(nxt) and nxt[0] not in _EXPLETIVE and not (
        len(nxt) == 2 and nxt[0] in MODALS | {"has", "had", "have"} and nxt[1] in BE)


def taken_subject(low: Sequence[str], carried: Sequence[str]) -> list[str]:
    """The subject a sentence takes from the one before: `carried` when it refers back.

    A singular opener (``It``, ``The country``) takes one state, not the pair (``Kenya and
    Tanzania are neighbours. It also banned ...`` names neither); ``They`` takes either.
    """
    if not carried or not refers_back(low) or (len(carried) > 1 and low[0] != "they"):
        return []
    return list(carried)


def _verb_like(w: str) -> bool:
    return w in _VERBISH or w.endswith(("ed", "s"))


def opening_subject(low: Sequence[str], gaps: Sequence[str], hits: Sequence[ActorHit],
                    pair: tuple[str, str] | None, carried: Sequence[str]) -> tuple[str, ...]:
    """The subject a sentence hands on: a state, its organ or the pair, else nothing.

    `carried` is what the sentence itself took from the one before (``It ...`` hands on
    what it stood for).
    """
    if not low:
        return ()
    if refers_back(low):
        return tuple(carried)
    k = 0
    if low[0] in _LEAD:  # "In March, Kenya closed": the subject after the comma
        k = next((j + 1 for j in range(min(len(gaps), 7)) if "," in gaps[j]), 0)
    k += k < len(low) and low[k] == "the"
    if pair is not None and k + 1 < len(low) and (low[k], low[k + 1]) in PAIR_WORDS:
        return pair
    hit = next((h for h in hits if h.start == k and not h.place), None)
    if hit is None or (pair is not None and hit.code not in pair):
        return ()
    j = hit.end
    if j + 1 < len(low) and low[j] == "and":
        other = next((h for h in hits if h.start in (j + 1, j + 2) and not h.place), None)
        if other is not None and pair is not None and {hit.code, other.code} == set(pair):
            return pair  # "Kenya and Uganda agreed"
        return ()
    if j < len(low) and low[j] == "s" and gaps[j - 1] in ("'", "’"):
        j += 1  # "Kenya's foreign ministry": an organ must follow
        if not any(w in ORGANS for w in low[j:j + 3]):
            return ()
    while j < len(low) and j - hit.end < 4 and low[j] in ORGANS | {"foreign", "defence",
                                                                     "border", "armed", "the"}:
        j += 1
    return (hit.code,) if j < len(low) and _verb_like(low[j]) else ()
