"""Events and actors: trigger phrases of the lexicon, the actors named, and negation.

An event mention is the longest trigger of the lexicon at a word (matched
case-insensitively on whole words inside one sentence). It is *negated* when
the words just before it in its clause deny it: ``did not hold any joint
exercise``, ``no sanctions were imposed``, ``without a summit``, ``never
signed an agreement``; ``not only ... but`` does not negate.

Examples
--------
>>> from relindex.extract import extract
>>> [(c.quote, c.negated) for c in extract("The navies did not hold any joint exercise.")
...  if c.kind == "event"]
[('joint exercise', True)]
"""

from __future__ import annotations

from collections.abc import Sequence

from ._match import Match
from .lexicon import TOKEN, WILDCARD_WORDS, LexiconIndex, _Pattern, norm_gap

__all__ = ["find_actors", "find_events", "tokens"]

_NEGATORS = frozenset({"not", "no", "never", "without", "neither", "nor", "didn", "doesn",
                       "don", "wasn", "weren", "won", "hasn", "haven", "hadn", "isn", "aren",
                       "cannot", "nothing", "none"})
_NEGATION_REACH = 6  # words looked back from the trigger
_CLAUSE_GAPS = (",", ";", ":", "(", ")", ".", "—", "–")
_NOT_NEGATING = frozenset({"only", "least", "just", "merely"})  # "not only", "at least"
_CLAUSE_WORDS = frozenset({"but", "although", "though", "while", "whereas", "yet", "and",
                           "which", "who", "after", "before", "when"})


def _negated(low: Sequence[str], gaps: Sequence[str], i: int) -> bool:
    """Whether a negator precedes token `i` within its clause (up to six words back)."""
    k = i - 1
    while k >= 0 and i - k <= _NEGATION_REACH:
        if any(ch in gaps[k] for ch in _CLAUSE_GAPS) or low[k] in _CLAUSE_WORDS:
            return False
        if low[k] in _NEGATORS:
            return low[k + 1] not in _NOT_NEGATING
        k -= 1
    return False


def tokens(win: str) -> tuple[list[tuple[int, int]], list[str]]:
    """Word spans of a window and the normalised gaps between them."""
    spans = [m.span() for m in TOKEN.finditer(win)]
    gaps = [norm_gap(win[a[1]:b[0]]) for a, b in zip(spans, spans[1:], strict=False)]
    return spans, gaps


_PHRASE_GAP = frozenset({" ", "-", " - ", "'", "' ", " '", "- ", " -"})


def _match_trigger(pat: _Pattern, low: Sequence[str], gap_ok: Sequence[bool], i: int) -> int:
    """End token index (exclusive) of the longest match of `pat` at token `i`, or -1."""
    n = len(low)
    best = -1
    # iterative search over (pattern position, token position); a wildcard branches
    # at most three ways and a trigger holds at most two, so the work is bounded
    stack = [(0, i)]
    while stack:
        p, t = stack.pop()
        if p == len(pat):
            best = max(best, t)
            continue
        if t >= n or (t > i and not gap_ok[t - 1]):
            continue
        el = pat[p]
        if el is None:
            stack.append((p + 1, t + 1))
            for extra in range(1, WILDCARD_WORDS):
                if t + extra >= n or not gap_ok[t + extra - 1]:
                    break
                stack.append((p + 1, t + extra + 1))
        elif low[t] in el:
            stack.append((p + 1, t + 1))
    return best


def find_events(spans: list[tuple[int, int]], low: list[str], gaps: list[str],
            index: LexiconIndex) -> list[Match]:
    """Event mentions: the longest trigger at each word, left to right, marked when negated."""
    gap_ok = [g in _PHRASE_GAP for g in gaps]
    out: list[Match] = []
    i = 0
    n = len(spans)
    while i < n:
        best_end, best_ev = -1, None
        for pat, ev in index.events_by_first.get(low[i], ()):
            end = _match_trigger(pat, low, gap_ok, i)
            if end > best_end:
                best_end, best_ev = end, ev
        if best_ev is not None:
            out.append(Match(spans[i][0], spans[best_end - 1][1], "event", event=best_ev,
                             negated=_negated(low, gaps, i)))
            i = best_end
        else:
            i += 1
    return out


def find_actors(win: str, spans: list[tuple[int, int]], gaps: list[str],
                index: LexiconIndex) -> list[str]:
    """Actor codes named in a window, in order of first appearance, without repeats."""
    found: list[str] = []
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
            if k == 1:
                if code and code not in found:
                    found.append(code)
                break
            if i + k > n:
                continue
            if all(win[spans[i + j][0]:spans[i + j][1]] == toks[j] for j in range(1, k)) and all(
                gaps[i + j] == seps[j] for j in range(k - 1)
            ):
                if code and code not in found:
                    found.append(code)
                step = k
                break
        i += step
    return found

