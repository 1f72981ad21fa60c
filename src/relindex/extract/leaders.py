"""Leaders and officials named by title and name: who they stand for.

News and communiqués name a state's leaders more often than the state:
``President Ruto hosted President Museveni``, ``Sánchez visited Rabat``. A
person is a title (``President``, ``Prime Minister``, ``King``, ``Foreign
Minister`` ...) followed by capitalised name words. The state a person stands
for is learnt from the document where it says so once (``Croatian Prime
Minister Andrej Plenković``, ``Canada's foreign minister Chrystia Freeland``,
``The President of the Republic of Colombia, Gustavo Petro``); the name words
then name that state wherever they recur (``Plenković said``). A titled person
the document never ties to a state is an unknown leader (`LEADER`), which
`relindex.extract.events` reads as a member of the pair the document is about.

Examples
--------
>>> from relindex.extract.events import tokens
>>> from relindex.extract.lexicon import load_lexicon
>>> from relindex.extract.actors import find_actor_hits
>>> win = "Croatian Prime Minister Andrej Plenković met President Vučić."
>>> spans, gaps = tokens(win)
>>> hits = find_actor_hits(win, spans, gaps, load_lexicon().index)
>>> sorted(bind_names(win, spans, gaps, hits).items())
[('Andrej', 'HR'), ('Plenković', 'HR')]
>>> [(h.code, win[spans[h.start][0]:spans[h.end - 1][1]])
...  for h in leader_hits(win, spans, gaps, hits, {"Plenković": "HR"})]
[('?', 'President Vučić')]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .actors import ActorHit

__all__ = ["LEADER", "bind_names", "codes", "leader_hits", "resolve_leaders"]

LEADER = "?"
"""The code of a titled person the document does not tie to a state."""

_TITLE_WORDS = frozenset({
    "president", "premier", "chancellor", "king", "queen", "emir", "sultan", "prince",
    "sheikh", "minister", "secretary", "ambassador", "envoy", "general", "admiral", "crown",
    "prime", "foreign", "defence", "defense", "trade", "vice", "deputy", "state", "interior",
    "finance", "agriculture", "economy", "commerce", "home", "of", "for", "affairs",
    "presidents", "premiers", "ministers"})
"""Words a title is made of (``Prime Minister``, ``Minister of Foreign Affairs``)."""
_HEADS = frozenset({"president", "premier", "chancellor", "king", "queen", "emir", "sultan",
                    "prince", "sheikh", "minister", "secretary", "ambassador", "envoy",
                    "presidents", "premiers", "ministers"})
"""The word a title ends on."""
_PLURAL_HEADS = frozenset({"presidents", "premiers", "ministers"})
"""Heads of a title shared by two names (``Presidents Gabriel Boric and Dina Boluarte``)."""
_PARTICLES = frozenset({"bin", "al", "de", "van", "von", "da", "del", "ibn", "el"})
_NAME_WORDS = 4


def _word(win: str, spans: Sequence[tuple[int, int]], k: int) -> str:
    return win[spans[k][0]:spans[k][1]]


def _name_end(win: str, spans: Sequence[tuple[int, int]], gaps: Sequence[str], k: int,
              taken: set[int]) -> int:
    """The end of the name words starting at token `k` (`k` when none)."""
    end = k
    particles = 0  # "Luiz Inácio Lula da Silva": particles do not count against the length
    while end < len(spans) and end - k - particles < _NAME_WORDS and end not in taken:
        w = _word(win, spans, end)
        if end > k and gaps[end - 1] not in (" ", "-"):
            break
        if (w[:1].isupper() and w.lower() not in _TITLE_WORDS and not w.isupper()) or (
                end > k and w in _PARTICLES):
            particles += w in _PARTICLES
            end += 1
            continue
        break
    while end > k and _word(win, spans, end - 1) in _PARTICLES:
        end -= 1
    return end


def _title_end(win: str, spans: Sequence[tuple[int, int]], gaps: Sequence[str], k: int
               ) -> int:
    """The end of a title starting at token `k` (`k` when none), its last word a head."""
    end = last_head = k
    while end < len(spans) and end - k < 5 and _word(win, spans, end).lower() in _TITLE_WORDS:
        if end > k and gaps[end - 1] not in (" ", "-"):
            break
        if _word(win, spans, end).lower() in _HEADS:
            last_head = end + 1
        end += 1
    return last_head


def bind_names(win: str, spans: Sequence[tuple[int, int]], gaps: Sequence[str],
               hits: Sequence[ActorHit]) -> dict[str, str]:
    """Name words a window ties to a state: ``Croatian Prime Minister Andrej Plenković``.

    An actor (not a place), an optional ``'s``, a title and name words; or a
    title, ``of`` the state, a comma and name words (``The President of the
    Republic of Colombia, Gustavo Petro``). Returns each name word (three
    letters or more) with the state's code.
    """
    out: dict[str, str] = {}
    taken = {k for h in hits for k in range(h.start, h.end)}
    for h in hits:
        if h.place:
            continue
        k = h.end
        if k < len(spans) and _word(win, spans, k) == "s" and gaps[k - 1] in ("'", "’"):
            k += 1
        t = _title_end(win, spans, gaps, k)
        if t == k and h.start >= 2 and _word(win, spans, h.start - 1) in ("of", "the") and (
                h.end < len(spans) and "," in gaps[h.end - 1]):
            t, k = h.end, -1  # "The President of the Republic of Colombia, Gustavo Petro"
        if t == k:
            continue
        end = _name_end(win, spans, gaps, t, taken)
        for j in range(t, end):
            w = _word(win, spans, j)
            if len(w) >= 3 and w not in _PARTICLES:
                out.setdefault(w, h.code)
    return out


def leader_hits(win: str, spans: Sequence[tuple[int, int]], gaps: Sequence[str],
                hits: Sequence[ActorHit], names: Mapping[str, str]) -> list[ActorHit]:
    """Persons of a window: bound names with their state, other titled persons as `LEADER`.

    A title right after an actor (``Serbian President Vučić``) adds nothing:
    the actor already names the state.
    """
    taken = {k for h in hits for k in range(h.start, h.end)}
    ends = {h.end for h in hits if not h.place}
    out: list[ActorHit] = []
    k, n = 0, len(spans)
    while k < n:
        if k in taken:
            k += 1
            continue
        w = _word(win, spans, k)
        t = _title_end(win, spans, gaps, k) if w[:1].isupper() else k
        if t > k:
            end = _name_end(win, spans, gaps, t, taken)
            if end > t and k not in ends and not (k > 0 and _word(win, spans, k - 1) == "s"
                                                  and k - 1 in ends):
                code = next((names[_word(win, spans, j)] for j in range(t, end)
                             if _word(win, spans, j) in names), LEADER)
                out.append(ActorHit(k, end, code, False))
                if _word(win, spans, t - 1).lower() in _PLURAL_HEADS and end + 1 < n and (
                        _word(win, spans, end) == "and"):
                    k = end + 1  # "Presidents Gabriel Boric and Dina Boluarte": the second
                    end = _name_end(win, spans, gaps, k, taken)
                    if end > k:
                        code = next((names[_word(win, spans, j)] for j in range(k, end)
                                     if _word(win, spans, j) in names), LEADER)
                        out.append(ActorHit(k, end, code, False))
            k = max(end, t)
            continue
        if w in names:
            out.append(ActorHit(k, k + 1, names[w], False))
        k += 1
    return out


def codes(hits: Sequence[ActorHit]) -> list[str]:
    """Codes in order, each once (two unknown leaders stay two)."""
    out: list[str] = []
    for h in hits:
        if h.code not in out or h.code == LEADER:
            out.append(h.code)
    return out


def resolve_leaders(actors: list[str], pair: tuple[str, str] | None) -> list[str]:
    """Unknown leaders as the members of the document's pair not named otherwise."""
    if LEADER not in actors:
        return actors
    known = [a for a in actors if a != LEADER]
    fill = [p for p in pair if p not in known] if pair is not None else []
    out: list[str] = []
    for a in actors:
        if a != LEADER:
            out.append(a)
        elif fill:
            out.append(fill.pop(0))
    return out
