"""Heads of state and government named by title alone: ``His Majesty``, ``the Prime Minister``.

A helper of `relindex.extract.pipeline`. Communiqués name a head of state by title more often
than by name once they have introduced him: ``His Majesty the Sultan and Yang Di-Pertuan of
Brunei Darussalam ... which His Majesty graciously accepted``. A title is tied to a state
where the document says so: a state or demonym before it (``Malaysia's Prime Minister``,
``the Bruneian Sultan``), ``of`` and a state after it (``the Prime Minister of Malaysia``,
``His Majesty the Sultan ... of Brunei Darussalam``), or a name the document ties to a state
after it (``Sultan Haji Hassanal Bolkiah``). A title tied to two states (``the President of
Kenya`` and ``the President of Uganda``) is tied to none. The title alone, after ``the``,
``His`` or ``Her`` and with no name after it, then stands for its state.

Examples
--------
>>> from relindex.extract.events import tokens
>>> from relindex.extract.lexicon import load_lexicon
>>> from relindex.extract.actors import find_actor_hits
>>> win = "The Sultan of Oman received the delegation, and the Sultan thanked it."
>>> spans, gaps = tokens(win)
>>> hits = find_actor_hits(win, spans, gaps, load_lexicon().index)
>>> titles = dict(bind_titles(win, spans, gaps, hits, {}))
>>> titles
{'sultan': 'OM'}
>>> [(h.start, h.end, h.code) for h in title_hits(win, spans, gaps, hits, titles)]
[(9, 10, 'OM')]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .actors import ActorHit

__all__ = ["bind_titles", "title_hits"]

_KEYS = frozenset({"majesty", "highness", "king", "queen", "sultan", "emir", "crown prince",
                   "president", "prime minister", "premier", "foreign minister", "chancellor"})
"""Titles of heads of state and government (and the foreign minister) read alone."""
_WORDS = frozenset(w for k in _KEYS for w in k.split())
_BEFORE = frozenset({"the", "his", "her"})
_LINK = frozenset({"the", "and", "of"})
"""Words between a title and ``of`` and its state (``His Majesty the Sultan and Yang
Di-Pertuan of Brunei``)."""


def _title(low: Sequence[str], gaps: Sequence[str], k: int) -> int:
    """The end of a title of `_KEYS` starting at token `k` (`k` when none)."""
    for n in (2, 1):
        if k + n <= len(low) and " ".join(low[k:k + n]) in _KEYS and (
                n == 1 or gaps[k] == " "):
            return k + n
    return k


def _titles_at(win: str, spans: Sequence[tuple[int, int]], low: Sequence[str],
               gaps: Sequence[str]) -> list[tuple[int, int]]:
    """The capitalised titles of a window, as token ranges."""
    out: list[tuple[int, int]] = []
    k = 0
    while k < len(low):
        t = _title(low, gaps, k) if win[spans[k][0]].isupper() else k
        if t > k:
            out.append((k, t))
        k = max(t, k + 1)
    return out


def bind_titles(win: str, spans: Sequence[tuple[int, int]], gaps: Sequence[str],
                hits: Sequence[ActorHit], names: Mapping[str, str]) -> list[tuple[str, str]]:
    """Titles a window ties to a state, each with the state's code, in order.

    A title may be tied twice (``the President of Estonia met the President of Latvia``):
    the document then ties it to neither.
    """
    low = [win[a:b].lower() for a, b in spans]
    ends = {h.end: h.code for h in hits if not h.place}
    starts = {h.start: h.code for h in hits if not h.place}
    out: list[tuple[str, str]] = []
    for k, t in _titles_at(win, spans, low, gaps):
        key = " ".join(low[k:t])
        j = k - 1 if k >= 1 and low[k - 1] == "s" and gaps[k - 2] in ("'", "’") else k
        code = ends.get(j)  # "Malaysia's Prime Minister", "the Bruneian Sultan"
        m = t
        while code is None and m < len(low) and m - t < 8 and (
                low[m] in _LINK or win[spans[m][0]].isupper()):
            if low[m] == "of" and (m + 1 in starts or (
                    m + 2 in starts and low[m + 1] == "the")):
                code = starts.get(m + 1, starts.get(m + 2))  # "the Sultan ... of Brunei"
                break
            m += 1
        if code is None and t < len(low):  # "Sultan Haji Hassanal Bolkiah", the name tied
            code = names.get(win[spans[t][0]:spans[t][1]])
        if code is not None and len(code) == 2:
            out.append((key, code))
    return out


def title_hits(win: str, spans: Sequence[tuple[int, int]], gaps: Sequence[str],
               hits: Sequence[ActorHit], titles: Mapping[str, str]) -> list[ActorHit]:
    """Titles alone that stand for their state: ``His Majesty``, ``the Prime Minister``.

    Not a title with a state before it or ``of`` and a state after it (the state is named
    already), nor one followed by a name (``President Ruto``, read by
    `relindex.extract.leaders`).
    """
    if not titles:
        return []
    low = [win[a:b].lower() for a, b in spans]
    taken = {k for h in hits for k in range(h.start, h.end)}
    out: list[ActorHit] = []
    for k, t in _titles_at(win, spans, low, gaps):
        code = titles.get(" ".join(low[k:t]))
        if code is None or k in taken or not (k == 0 or low[k - 1] in _BEFORE):
            continue
        if t < len(low) and (low[t] == "of" or win[spans[t][0]].isupper()):
            continue  # "the President of Kenya", "President Ruto", "His Majesty the Sultan"
        out.append(ActorHit(k, t, code, False))
    return out
