"""The lexicon compiled for matching: a trie of trigger words, actor aliases by first word.

Triggers are kept in a trie whose edges are lower-case words (a ``*`` of a
trigger is a wildcard edge standing for up to `WILDCARD_WORDS` words, amounts
aside, so ``imposed * sanctions`` reads "imposed sanctions" and "imposed new
EU sanctions", and ``pledged * aid`` "pledged 1 billion euros in aid"). From
a word of the text, `trie_match` walks the trie: each step follows one edge
(a dict lookup) or the wildcard, so the work per word is bounded by the
longest trigger and the wildcards it holds, whatever the number of triggers.
Extraction therefore costs time linear in the length of the text, and
building the index time linear in the size of the lexicon.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..errors import InputFileError
from .event_type import EventType

__all__ = ["TOKEN", "WILDCARD_WORDS", "LexiconIndex", "TrieNode", "build_index", "norm_gap",
           "trie_match"]

TOKEN = re.compile(r"[^\W_]+")
"""A word: a run of letters and digits."""

WILDCARD_WORDS = 3
"""A ``*`` in a trigger stands for 0 to this many words; the words of an amount (``1 billion``,
``800 million``), its qualifier and unit, ``the`` and the partitives ``whole``, ``last``,
``rest`` are not counted, up to three times this many words in all."""

_MAX_TRIGGER_WORDS = 8
_WILDCARD_SPAN = 3 * WILDCARD_WORDS  # words a wildcard may span, amounts included
_AMOUNT_WORDS = frozenset({"thousand", "million", "billion", "trillion", "bn", "mn", "m", "k",
                          "crore", "lakh", "two", "three", "four", "five", "six", "seven",
                          "eight", "nine", "ten", "eleven", "twelve", "twenty", "thirty", "forty",
                          "fifty", "hundred", "hundreds", "thousands", "dozen", "dozens",
                          "more", "than", "nearly", "almost", "about", "around", "roughly",
                          "some", "over", "least", "tonnes", "tons", "megawatts", "hectares",
                          "barrels", "kilometres", "kilometers", "the", "whole", "last",
                          "rest"})
"""Words of an amount, its qualifier and its unit, free within a trigger's wildcard (``closed
its two remaining road crossings``, ``issued a list of 13 demands``, ``sent more than 3,500
tonnes of food``, ``has taken down the last 40 kilometres of the fence``)."""
_FRESH = frozenset({"new", "fresh", "additional", "further"})
"""Adjectives free within a wildcard right after an article (``will extend a new line of
credit``); elsewhere they count (``pledged a lot of new aid``)."""
_INNER_ADVERBS = frozenset({"also", "still", "since", "now", "already", "further", "then",
                            "soon", "jointly", "likewise", "again", "additionally", "finally",
                            "formally", "officially", "subsequently", "eventually", "promptly",
                            "swiftly", "quickly", "immediately", "duly", "briefly"})
"""Adverbs a trigger steps over between two of its words (``will also offer``, ``has since
accepted``, ``had already closed``)."""
_TIME_WORDS = frozenset({"january", "february", "march", "april", "may", "june", "july",
                         "august", "september", "october", "november", "december", "monday",
                         "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                         "spring", "summer", "autumn", "winter", "principle", "private"})
"""Heads of a short adverbial a trigger steps over (``agreed in October on``, ``met on Tuesday
with``, ``agreed in principle to``)."""
_MAX_FORMS = 2048  # spellings one trigger may expand to (alternatives multiplied out)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2010": "-",
                              "\u2011": "-"})
_WS_RUN = re.compile(r"\s{1,50}")


def norm_gap(gap: str) -> str:
    """Normalise the text between two tokens: whitespace to one space, typographic marks plain."""
    if gap == " " or not gap:
        return gap
    if gap.isspace():
        return " "
    if len(gap) > 12:
        return "\x00"
    return _WS_RUN.sub(" ", gap.translate(_APOSTROPHES))


@dataclass(slots=True)
class TrieNode:
    """A node of the trigger trie: word edges, a wildcard edge, the event ending here."""

    next: dict[str, TrieNode] = field(default_factory=dict)
    wild: TrieNode | None = None
    event: EventType | None = None


ActorEntry = tuple[tuple[str, ...], tuple[str, ...], str]
"""An actor alias: its words, the normalised gaps between them, and its code ("" for a stop
phrase)."""


@dataclass(frozen=True, slots=True)
class LexiconIndex:
    """The lexicon compiled for matching.

    Parameters
    ----------
    trie : TrieNode
        Root of the trigger trie.
    actors_by_first : dict
        Actor aliases (and stop phrases, code ``""``) by their first word, longest first.
    qualifiers : frozenset of str
        The qualifiers, lower case, their words joined by one space.
    qualifier_words : int
        Most words in a qualifier (0 without qualifiers).
    count_units : frozenset of str
        Nouns accepted after a number although they are not plurals in ``-s``.
    states : frozenset of str
        Actor codes that are states (from the country list), as opposed to groups.
    """

    trie: TrieNode
    actors_by_first: dict[str, tuple[ActorEntry, ...]]
    qualifiers: frozenset[str]
    qualifier_words: int
    count_units: frozenset[str]
    states: frozenset[str] = frozenset()


def trie_match(root: TrieNode, low: Sequence[str], gap_ok: Sequence[bool], i: int,
               on_step: Callable[[], None] | None = None,
               joined: Sequence[bool] | None = None) -> tuple[int, EventType | None]:
    """The longest trigger starting at word `i`: its end word index (exclusive) and event.

    Words of a trigger must be joined by a space, hyphen or apostrophe (`gap_ok`).
    Returns ``(-1, None)`` when no trigger starts at `i`. `on_step`, when given,
    is called once per trie node visited (to count work in tests). `joined`, when
    given, marks the gaps that join two tokens into one word (a hyphen or dash between
    letters: ``the Chungara-Tambo Quemado crossing``), counted once within a wildcard.
    """
    n = len(low)
    best_end, best_ev, best_wild = -1, None, 0
    stack: list[tuple[TrieNode, int, int]] = [(root, i, 0)]
    while stack:
        node, t, wild = stack.pop()
        if on_step is not None:
            on_step()
        if node.event is not None and t > i and (
                t > best_end or (t == best_end and wild < best_wild)):
            # the longest; of two as long, the one with fewer words read by a wildcard
            best_end, best_ev, best_wild = t, node.event, wild
        if t >= n or (t > i and not gap_ok[t - 1]):
            continue
        child = node.next.get(low[t])
        if child is not None:
            stack.append((child, t + 1, wild))
        if t > i and node.next:
            skip = _inserted(low, gap_ok, t)
            if skip and (nxt := node.next.get(low[t + skip])) is not None:
                stack.append((nxt, t + skip + 1, wild))
        if node.wild is not None and t > i:
            stack.append((node.wild, t, wild))
            counted, j = 0, t
            while j < n and (counted < WILDCARD_WORDS or _amount_word(low[j])) \
                    and j - t < _WILDCARD_SPAN:
                if j > t and not gap_ok[j - 1] and not (
                        low[j - 1].isdigit() and low[j].isdigit()):  # "8,000", "1.5"
                    break
                if low[j] == "and" and j + 1 < n and low[j + 1].endswith("ed"):
                    break  # "detained the crew and impounded the boat": two acts
                counted += not (_amount_word(low[j]) or (j > t and joined is not None
                                                         and joined[j - 1]) or (
                    j > t and low[j] in _FRESH and low[j - 1] in ("a", "an")))
                j += 1
                stack.append((node.wild, j, wild + j - t))
    return best_end, best_ev


def _inserted(low: Sequence[str], gap_ok: Sequence[bool], t: int) -> int:
    """How many words at `t` are an insertion a trigger steps over (0 for none).

    One adverb (``will also offer``) or a short time adverbial of a preposition and a
    month, weekday, season or year (``agreed in October on``, ``met on Tuesday with``).
    """
    n = len(low)
    if t + 1 < n and gap_ok[t] and low[t] in _INNER_ADVERBS:
        return 1
    if t + 2 < n and gap_ok[t] and gap_ok[t + 1] and low[t] in ("in", "on", "last", "this") \
            and (low[t + 1] in _TIME_WORDS or (low[t + 1].isdigit() and len(low[t + 1]) == 4)
                 or (low[t] in ("last", "this") and low[t + 1] in ("week", "month", "year"))):
        return 2
    return 0


def _amount_word(word: str) -> bool:
    """Whether a word is part of an amount (``1``, ``billion``), free within a wildcard."""
    return word.isdigit() or word in _AMOUNT_WORDS


def _trigger_words(trig: str, where: str | None, key: str) -> list[frozenset[str] | None]:
    """A trigger as one element per word: None for ``*``, else the accepted spellings."""
    words: list[frozenset[str] | None] = []
    for part in trig.split():
        if part == "*":
            words.append(None)
        elif "|" in part:
            alts = [a.lower().translate(_APOSTROPHES) for a in part.split("|")]
            if not all(TOKEN.fullmatch(a) for a in alts):
                raise InputFileError("alternatives joined by '|' must each be one word",
                                     path=where, key=key, value=trig,
                                     fix='write e.g. "ban|bans|banned imports"')
            words.append(frozenset(alts))
        else:
            words.extend(frozenset({w}) for w in TOKEN.findall(part.lower().translate(
                _APOSTROPHES)))
    real = [w for w in words if w is not None]
    if not real:
        raise InputFileError("must contain at least one word", path=where, key=key,
                             value=trig, fix="write a phrase such as \"joint exercise\"")
    if words[0] is None or words[-1] is None or len(words) - len(real) > 2 or any(
            a is None and b is None for a, b in zip(words, words[1:], strict=False)):
        raise InputFileError(
            "must not start or end with '*', nor hold more than two or two adjacent '*'",
            path=where, key=key, value=trig, fix='write e.g. "joint * patrol"')
    if len(real) > _MAX_TRIGGER_WORDS:
        raise InputFileError(f"must have at most {_MAX_TRIGGER_WORDS} words", path=where,
                             key=key, value=trig, fix="shorten the trigger")
    return words


def _insert(root: TrieNode, words: list[frozenset[str] | None], ev: EventType,
            seen: dict[tuple[str, ...], str], where: str | None, key: str, trig: str) -> None:
    """Add every spelling of a trigger to the trie, refusing one another event holds."""
    paths: list[tuple[str, ...]] = [()]
    for w in words:
        paths = [(*p, s) for p in paths for s in (sorted(w) if w is not None else ("*",))]
        if len(paths) > _MAX_FORMS:
            raise InputFileError(f"spells more than {_MAX_FORMS} phrases", path=where, key=key,
                                 value=trig, fix="split it into several triggers")
    for path in paths:
        other = seen.get(path)
        if other is not None and other != ev.id:
            raise InputFileError(f"duplicates a trigger of event {other!r}", path=where, key=key,
                                 value=trig, fix="keep each trigger in one event type only")
        seen[path] = ev.id
        node = root
        for word in path:
            if word == "*":
                node.wild = node.wild or TrieNode()
                node = node.wild
            else:
                node = node.next.setdefault(word, TrieNode())
        if node.event is None:
            node.event = ev


def _event_trie(events: Iterable[EventType], where: str | None) -> TrieNode:
    root = TrieNode()
    seen: dict[tuple[str, ...], str] = {}
    for ev in events:
        for j, trig in enumerate(ev.triggers):
            key = f"event[{ev.id}].triggers[{j}]"
            words = _trigger_words(trig, where, key)
            last = words[-1]
            if last is not None and ev.suffixes:
                words[-1] = frozenset(last | {w + s for w in last for s in ev.suffixes})
            _insert(root, words, ev, seen, where, key, trig)
    return root


def _actor_table(actors: Iterable[tuple[str, str]], stop_phrases: Iterable[str],
                 where: str | None) -> dict[str, tuple[ActorEntry, ...]]:
    by_first: dict[str, list[ActorEntry]] = {}
    seen: dict[str, str] = {}
    entries = [*actors, *((s, "") for s in stop_phrases)]
    for alias, code in entries:
        key = f"actors.{code}" if code else "actor_stop_phrases"
        matches = list(TOKEN.finditer(alias))
        if not matches:
            raise InputFileError("must contain at least one letter or digit", path=where,
                                 key=key, value=alias, fix="remove the alias")
        toks = tuple(m.group() for m in matches)
        seps = tuple(norm_gap(alias[a.end():b.start()]) for a, b in zip(
            matches, matches[1:], strict=False))
        norm = "\x01".join(toks) + "\x02" + "\x01".join(seps)
        if norm in seen and seen[norm] != code:
            raise InputFileError(
                f"is also an alias of {seen[norm] or 'the stop phrases'}", path=where, key=key,
                value=alias, fix="keep each alias under one code only")
        if norm not in seen:
            by_first.setdefault(toks[0], []).append((toks, seps, code))
        seen[norm] = code
    return {k: tuple(sorted(v, key=lambda e: len(e[0]), reverse=True))
            for k, v in by_first.items()}


def build_index(events: Iterable[EventType], actors: Iterable[tuple[str, str]],
                stop_phrases: Iterable[str], qualifiers: Mapping[str, str],
                count_units: Iterable[str], states: frozenset[str], path: str | None
                ) -> LexiconIndex:
    """Compile a lexicon's words: the trigger trie, the actor table, the qualifier pattern.

    Parameters
    ----------
    events : iterable of EventType
        The event types, in order (the first to declare a trigger keeps it).
    actors : iterable of (str, str)
        ``(alias, code)`` pairs.
    stop_phrases : iterable of str
        Phrases consumed without naming an actor.
    qualifiers : mapping of str to str
        Qualifier as written to the ledger's qualifier.
    count_units : iterable of str
        Nouns accepted after a number although they are not plurals in ``-s``.
    states : frozenset of str
        The actor codes that are states.
    path : str or None
        The lexicon file, named in errors.

    Returns
    -------
    LexiconIndex

    Raises
    ------
    InputFileError
        If a trigger or alias has no words, a trigger starts or ends with ``*``,
        or the same trigger or alias is declared under two events or codes.
    """
    quals = frozenset(" ".join(q.lower().split()) for q in qualifiers)
    return LexiconIndex(
        trie=_event_trie(events, path),
        actors_by_first=_actor_table(actors, stop_phrases, path),
        qualifiers=quals, qualifier_words=max((len(q.split()) for q in quals), default=0),
        count_units=frozenset(u.lower() for u in count_units),
        states=states,
    )
