"""The mode of an act: negated, to come (a forecast), or done, from the words before it.

A helper of `relindex.extract.events`: ``did not``, ``no``, ``never``,
``without``, ``failed to``, ``has yet to``, ``stopped short of`` deny the act
after them; ``will``, ``may``, ``plans to``, ``is expected to``, ``is
considering``, ``a planned`` make it one to come, and so does the infinitive of
a directive (``tasked the commission to meet``).
"""

from __future__ import annotations

from collections.abc import Sequence

from ._clause_cuts import CLAUSE_GAPS, CLAUSE_WORDS, DIRECTIVES
from ._words import AUXILIARIES as _AUXILIARIES
from ._words import BE as _BE
from ._words import INTENT as _INTENT
from ._words import IRREGULAR_PAST as _IRREGULAR_PAST
from ._words import MODALS as _MODALS

__all__ = ["clause_forecast", "look_back", "mode"]

_NEGATORS = frozenset({"not", "no", "never", "without", "neither", "nor", "didn", "doesn",
                       "don", "wasn", "weren", "won", "hasn", "haven", "hadn", "isn", "aren",
                       "cannot", "nothing", "none"})
_NOT_NEGATING = frozenset({"only", "least", "just", "merely"})  # "not only", "at least"
_WEIGHING = frozenset({"considering", "considers", "considered", "mulling", "weighing",
                       "contemplating", "proposing", "proposes", "discussing", "studying"})
"""Verbs whose object is not done yet (``is considering retaliatory tariffs``)."""
_FORBORNE = frozenset({"failed", "fails", "fail", "refrained", "refrains", "refrain", "short",
                       "yet", "avoided", "avoids"})
"""Words that deny the act after them (``failed to agree``, ``stopped short of imposing``)."""
_PROSPECTIVE = frozenset({"planned", "upcoming", "proposed", "scheduled", "expected",
                          "possible", "potential", "prospective", "future", "mooted"})
"""Adjectives that make the act named after them one to come (``a planned visit``)."""
_DUE = frozenset({"due", "scheduled"})
"""Words after a form of *be* that put what follows to come (``is due in Bangkok to discuss``)."""
_REACH = 6  # words looked back from a trigger for negation and modality
_NOUN_PHRASE = frozenset({"the", "a", "an", "its", "their", "next", "first", "new", "second",
                          "another", "high", "level", "annual", "regular"})
"""Words of a noun phrase that the look-back for negation and modality steps over."""
_NO_NOT_NEGATING = frozenset({"later", "longer", "more", "less", "fewer", "sooner", "earlier",
                              "doubt", "small", "one"})
_MONTH_BEFORE = frozenset({"in", "since", "until", "by", "early", "late", "mid", "of", "from",
                           "last", "next", "this", "on"})


def look_back(low: Sequence[str], gaps: Sequence[str], i: int) -> list[str]:
    """The words before token `i` in its clause, nearest first (at most `_REACH`)."""
    out: list[str] = []
    k, reach = i - 1, 0
    while k >= 0 and reach < _REACH:
        adverb = low[k] in ("yet", "since") and k > 0 and (  # "has not yet", "has since"
            low[k - 1] in _AUXILIARIES or low[k - 1] in _BE)
        if any(ch in gaps[k] for ch in CLAUSE_GAPS) or (low[k] in CLAUSE_WORDS and not adverb
                                                          ) or low[k] in ("it", "they"):
            break  # "the crossing it closed": the subject's words end the look-back
        out.append(low[k])
        reach += low[k] not in _NOUN_PHRASE  # "hold the next high-level meeting"
        k -= 1
    return out


def mode(low: Sequence[str], gaps: Sequence[str], i: int) -> tuple[bool, bool]:
    """``(negated, forecast)`` of a trigger at token `i`, from the words before it."""
    back = look_back(low, gaps, i)
    negated = forecast = False
    for j, w in enumerate(back):
        if (w in _NEGATORS and (j == 0 or back[j - 1] not in _NOT_NEGATING)) or (
                w in _FORBORNE and j >= 1 and back[j - 1] in ("to", "from", "of")):
            negated = True  # "failed to agree", "refrained from", "stopped short of", "yet to"
        elif (j == 0 and w in _PROSPECTIVE) or (w in _MODALS and not _month(back, j)) or (
                w in _WEIGHING) or (
                w in _INTENT and j >= 1 and back[j - 1] == "to") or (
                w in _DUE and j + 1 < len(back) and back[j + 1] in _BE) or (
                w == "to" and j + 1 < len(back) and back[j + 1] in ("is", "are", "was")):
            forecast = True
    if not negated and back[:1] == ["t"] and len(back) > 1 and back[1] in (
            "didn", "doesn", "don", "won", "wasn", "weren", "hasn", "haven", "hadn"):
        negated = True
    if not forecast and i > 0 and low[i - 1] == "to":
        forecast = _directed(low, gaps, i - 1)
    negated = negated or _no_object(low, i)
    return negated, forecast


def _no_object(low: Sequence[str], i: int) -> bool:
    """Whether the verb at `i` is denied by ``no`` before its object.

    ``have exchanged no ambassadors since 2008``, ``signed no agreement``; not ``no later
    than``, ``no fewer than``, ``no doubt``.
    """
    return (i + 2 < len(low) and low[i + 1] == "no" and low[i + 2] not in _NO_NOT_NEGATING
            and (low[i].endswith(("ed", "en")) or low[i] in _IRREGULAR_PAST))


def _month(back: Sequence[str], j: int) -> bool:
    """Whether ``may`` at `back[j]` (words nearest first) is the month: ``in May 2023``."""
    return back[j] == "may" and ((j >= 1 and (back[j - 1][:1].isdigit() or back[j - 1] in (
        "a", "an", "the", "its", "their"))) or (  # "In May a Russian fighter violated"
        j + 1 < len(back) and back[j + 1] in _MONTH_BEFORE))


def _directed(low: Sequence[str], gaps: Sequence[str], to: int) -> bool:
    """Whether the infinitive at `to` is the complement of a directive (``tasked X to meet``)."""
    k = to - 1
    while k >= 0 and to - k <= 2 * _REACH:
        if low[k] in DIRECTIVES:
            return True
        if any(ch in gaps[k] for ch in CLAUSE_GAPS) or low[k] in CLAUSE_WORDS:
            return False
        k -= 1
    return False


def clause_forecast(low: Sequence[str], c0: int, i: int) -> bool:
    """Whether the verb of a noun trigger's clause, before it, is modal.

    ``Türkiye will send a team ... to a joint drill``: the drill is one to come.
    """
    back = list(reversed(low[c0:i]))
    return any(w in _MODALS and not _month(back, j) for j, w in enumerate(back))
