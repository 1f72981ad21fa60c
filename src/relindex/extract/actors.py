"""Actors: the states and groups a window names, where, and the pair a document is about.

An alias of the lexicon (or of the shipped country list) is matched
case-sensitively on whole words, longest alias first; a stop phrase
("South China Sea") is consumed without naming anyone. A capital or country
right after ``in``, ``at``, ``near`` ... is a place ("met in Kuala Lumpur"),
not a party to what happens there.

Examples
--------
>>> from relindex.extract.lexicon import load_lexicon
>>> from relindex.extract.events import tokens
>>> win = "Thai troops fired on Cambodian posts; the ministers met in Kuala Lumpur."
>>> spans, gaps = tokens(win)
>>> [(h.code, h.place) for h in find_actor_hits(win, spans, gaps, load_lexicon().index)]
[('TH', False), ('KH', False), ('MY', True)]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ._index import LexiconIndex

__all__ = ["ActorHit", "compass_hits", "document_pair", "find_actor_hits", "find_actors"]

_PLACE_WORDS = frozenset({"in", "at", "inside", "near", "outside", "within", "across", "under"})
"""Words after which a state is a place or a setting (``met in Kuala Lumpur``, ``talks under
Turkish mediation``), not a party."""


_AIMING = frozenset({"fired", "fires", "fire", "firing", "shot", "shoots", "aimed", "aims",
                     "launched", "launches", "lobbed", "lobs", "shelled"})
"""Verbs after which ``at X`` names the target, not a place (``fired artillery at India``)."""


@dataclass(frozen=True, slots=True)
class ActorHit:
    """An actor named in a window: its words ``[start, end)`` (token indices) and code."""

    start: int
    end: int
    code: str
    place: bool
    """Named as a place (``in Bangkok``), not as a party."""


def find_actor_hits(win: str, spans: Sequence[tuple[int, int]], gaps: Sequence[str],
                    index: LexiconIndex) -> list[ActorHit]:
    """Every actor alias in a window, left to right (stop phrases consumed, not returned)."""
    hits: list[ActorHit] = []
    n = len(spans)
    i = 0
    while i < n:
        tok = win[spans[i][0]:spans[i][1]]
        step = 1
        if win.startswith("$", spans[i][1]):  # "US$", "HK$": a currency, not an actor
            i += 1
            continue
        for toks, seps, code in index.actors_by_first.get(tok, ()):
            k = len(toks)
            if i + k > n:
                continue
            if k == 1 or (all(win[spans[i + j][0]:spans[i + j][1]] == toks[j]
                              for j in range(1, k))
                          and all(gaps[i + j] == seps[j] for j in range(k - 1))):
                if code:
                    hits.append(ActorHit(i, i + k, code, _after_place_word(win, spans, i)))
                step = k
                break
        i += step
    return hits


_HALVES = {("KP", "KR"): {"North": "KP", "South": "KR"}}
"""Pairs whose members the prose names by a point of the compass (``the North``)."""


def compass_hits(win: str, spans: Sequence[tuple[int, int]], hits: Sequence[ActorHit],
                 pair: tuple[str, str] | None) -> list[ActorHit]:
    """``the North`` and ``the South`` as actors when the document's pair is the two Koreas.

    Capitalised, after ``the``, and not the first word of a longer name (``the North
    Korean navy`` is read by the country list).
    """
    halves = _HALVES.get(tuple(sorted(pair))) if pair is not None else None  # type: ignore[arg-type]
    if not halves:
        return []
    taken = {k for h in hits for k in range(h.start, h.end)}
    out: list[ActorHit] = []
    for i in range(1, len(spans)):
        code = halves.get(win[spans[i][0]:spans[i][1]])
        if code is not None and i not in taken and win[spans[i - 1][0]:spans[i - 1][1]] in (
                "the", "The") and not (i + 1 < len(spans) and win[spans[i + 1][0]].isupper()):
            out.append(ActorHit(i, i + 1, code, _after_place_word(win, spans, i - 1)))
    return out


def _after_place_word(win: str, spans: Sequence[tuple[int, int]], i: int) -> bool:
    """Whether the alias at token `i` follows ``in``, ``at`` ... (a place, not a party).

    After ``in`` and ``at``, ``the`` may come between: ``at the United Nations``, ``in the
    Netherlands``.
    """
    before = win[spans[i - 1][0]:spans[i - 1][1]].lower() if i else ""
    if before == "at" and any(win[a:b].lower() in _AIMING for a, b in spans[max(0, i - 5):i]):
        return False  # "China fired artillery at India": the target
    if before == "the" and i >= 2:  # not "near the Guyanese border": the border is the target
        return win[spans[i - 2][0]:spans[i - 2][1]].lower() in ("in", "at")
    return before in _PLACE_WORDS


def find_actors(hits: Iterable[ActorHit]) -> list[str]:
    """Actor codes in order of first appearance, without repeats."""
    found: list[str] = []
    for h in hits:
        if h.code not in found:
            found.append(h.code)
    return found


def document_pair(counts: Counter[str], states: frozenset[str]) -> tuple[str, str] | None:
    """The two states a document names most often (in order of first mention), if any.

    Parameters
    ----------
    counts : Counter of str
        Mentions of each actor code in the document's prose, in order of first
        mention (a Counter keeps insertion order).
    states : frozenset of str
        The codes that are states.

    Returns
    -------
    (str, str) or None
        None when the document names fewer than two states, or when the
        second is named no more often than the third (no clear pair).
    """
    ranked = sorted(((c, k) for k, c in enumerate(counts) if c in states),
                    key=lambda ck: (-counts[ck[0]], ck[1]))
    if len(ranked) < 2 or (len(ranked) > 2 and counts[ranked[1][0]] == counts[ranked[2][0]]):
        return None
    a, b = sorted(ranked[:2], key=lambda ck: ck[1])
    return a[0], b[0]
