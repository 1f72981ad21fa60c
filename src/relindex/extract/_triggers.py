"""The triggers of the lexicon in a window, and what the event reader needs of the document.

A helper of `relindex.extract.events`: a window's words and gaps (`tokens`),
the longest trigger of the lexicon at each word (`find_triggers`), and the
context of the document (`EventContext`: its pair, its states, the persons it
names, the verb dictionary and the lexicon's index).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from ._clause_cuts import EN_DASH as _EN_DASH
from ._index import TOKEN, LexiconIndex, norm_gap, trie_match
from .event_type import EventType
from .verbs import VerbClassifier

__all__ = ["EventContext", "Trigger", "find_triggers", "tokens"]

_PHRASE_GAP = frozenset({" ", "-", " - ", "'", "' ", " '", "- ", " -", "% ", "%", " $", " €",
                         " £", "$", " ¥", ' "', " \u201c", '" ', "\u201d "})
"""Gaps a trigger reads across; quotation marks too (``called the rules "unacceptable"``)."""


def tokens(win: str) -> tuple[list[tuple[int, int]], list[str]]:
    """Word spans of a window and the normalised gaps between them."""
    spans = [m.span() for m in TOKEN.finditer(win)]
    gaps = [norm_gap(win[a[1]:b[0]]) for a, b in zip(spans, spans[1:], strict=False)]
    return spans, gaps


Trigger = tuple[int, int, EventType]
"""A trigger in a window: its words ``[start, end)`` (token indices) and event type."""


def find_triggers(low: Sequence[str], gaps: Sequence[str], index: LexiconIndex,
                  on_step: Callable[[], None] | None = None) -> list[Trigger]:
    """The longest trigger at each word, left to right, without overlaps."""
    gap_ok = [g in _PHRASE_GAP or g == _EN_DASH for g in gaps]
    joined = [g in ("-", _EN_DASH, "'") for g in gaps]
    out: list[Trigger] = []
    i, n = 0, len(low)
    while i < n:
        end, ev = trie_match(index.trie, low, gap_ok, i, on_step, joined)
        if ev is not None:
            out.append((i, end, ev))
            i = end
        else:
            i += 1
    return out


@dataclass(frozen=True, slots=True)
class EventContext:
    """What the events of a window need from the rest of the document.

    Parameters
    ----------
    pair : (str, str) or None
        The two states the document is about (`relindex.extract.actors.document_pair`).
    states : frozenset of str
        The actor codes that are states.
    names : mapping of str to str
        Name words of persons the document names, to the state each stands
        for, or `relindex.extract.leaders.LEADER` when it does not say
        (`relindex.extract.leaders`).
    verbs : VerbClassifier or None
        The CAMEO verb dictionary's classifier, read for a clause that holds no
        trigger of the lexicon; None leaves such clauses silent.
    index : LexiconIndex or None
        The lexicon's triggers, for acts a clause states by its structure
        (`relindex.extract.clauses`); None leaves them unread.
    """

    pair: tuple[str, str] | None = None
    states: frozenset[str] = frozenset()
    names: Mapping[str, str] = field(default_factory=dict)
    verbs: VerbClassifier | None = None
    """Classes the verb of a clause no trigger matches (`relindex.extract.verbs`); None: off."""
    index: LexiconIndex | None = None
    """The lexicon's triggers, to read a clause's act restated by its structure (``keep the
    border closed`` as ``closed the border``); None: such acts are not read."""
    titles: Mapping[str, str] = field(default_factory=dict)
    """Titles of heads of state and government the document ties to one state (``sultan``,
    ``prime minister``), read alone as that state (`relindex.extract._titles`)."""
