"""The extraction pipeline: read a document, cut it into windows, run every matcher.

`extract` is pure (text in, candidates out); `extract_file` reads the
document first with `read_text`, which goes through the loader's bounded
reader of regular files (`relindex.files.read_bytes`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, overload

from ..errors import InputFileError, LimitExceededError
from ..files import read_bytes
from ._carried import opening_subject
from ._match import Mask, Match
from ._ranges import claim_space_grouped, ranges
from ._series import carry_currency
from ._titles import bind_titles, title_hits
from .actors import ActorHit, compass_hits, document_pair, find_actor_hits, find_actors
from .candidate import Candidate
from .counts import counts
from .currencies import shared_currency, table_money
from .dates import (
    MONTH_NUMBERS,
    DateMatch,
    Periods,
    Scopes,
    find_dates,
    has_year,
    resolve_months,
)
from .events import EventContext, find_events, find_triggers, tokens
from .layout import classify
from .leaders import LEADER, bind_names, leader_hits
from .lexicon import Lexicon, load_lexicon
from .numbers import (
    cfa_franc,
    fractions,
    has_number,
    money_and_percent,
    multiples_and_durations,
)
from .sentences import split_sentences, windows
from .verbs import verb_classifier

__all__ = ["DEFAULT_MAX_CANDIDATES", "DEFAULT_MAX_CHARS", "extract", "extract_file", "read_text"]

DEFAULT_MAX_CHARS = 10_000_000
"""Default limit on the length of a text (and, in bytes, of a file)."""

DEFAULT_MAX_CANDIDATES = 100_000
"""Default limit on the number of candidates one text may yield."""

_MULTIPLE_STEMS = ("doubl", "tripl", "trebl", "quadrupl", "halv", "twice", "thrice")


def read_text(path: str | Path, *, max_bytes: int = DEFAULT_MAX_CHARS) -> str:
    """Read a document as UTF-8 text, through the loader's bounded reader.

    Parameters
    ----------
    path : str or Path
        The document.
    max_bytes : int, default 10_000_000
        Largest accepted file size, in bytes.

    Returns
    -------
    str
        The text (a leading byte-order mark is dropped), the text that
        `extract_file` spans refer to.

    Raises
    ------
    InputFileError
        If the file is missing, a folder, a FIFO, device or socket (refused
        before it is opened, so reading never blocks), unreadable, empty or
        not UTF-8; the message names the file and the fix.
    LimitExceededError
        If the file is larger than `max_bytes`.
    ValueError
        If `max_bytes` is not an integer >= 0.
    """
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 0:
        raise ValueError(f"max_bytes must be an integer >= 0, got {max_bytes!r}")
    p = Path(path)
    raw = read_bytes(p, max_bytes=max_bytes, what="document")
    if not raw:
        raise InputFileError("file is empty", path=p,
                             fix="give a document with text, or check that it was saved")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"is not UTF-8 text (byte {raw[exc.start]:#04x} at offset {exc.start})", path=p,
            fix="convert it to UTF-8, e.g. iconv -f latin1 -t utf-8 in.txt > out.txt") from None


def extract_file(
    path: str | Path,
    *,
    lexicon: Lexicon | None = None,
    max_bytes: int = DEFAULT_MAX_CHARS,
    max_candidates: int = DEFAULT_MAX_CANDIDATES,
) -> list[Candidate]:
    """Read a document and propose candidate evidence records from it.

    Parameters
    ----------
    path : str or Path
        The document, UTF-8 text.
    lexicon : Lexicon, optional
        Default: the shipped lexicon.
    max_bytes : int, default 10_000_000
        Largest accepted file size, in bytes.
    max_candidates : int, default 100_000
        Most candidates accepted from one document.

    Returns
    -------
    list of Candidate
        As `extract`; spans refer to ``read_text(path)``.

    Raises
    ------
    InputFileError
        If the file is missing, not a regular file, empty or not UTF-8.
    LimitExceededError
        If the file is larger than `max_bytes`, or the text yields more than
        `max_candidates` candidates.
    """
    text = read_text(path, max_bytes=max_bytes)
    return extract(text, lexicon=lexicon, source=str(path), max_chars=max(len(text), 1),
                   max_candidates=max_candidates)


def _check_limit(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return value


def extract(
    text: str,
    *,
    lexicon: Lexicon | None = None,
    source: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    max_candidates: int = DEFAULT_MAX_CANDIDATES,
) -> list[Candidate]:
    """Propose candidate evidence records from a document's text.

    Pure: no I/O (beyond reading the shipped lexicon once when `lexicon` is
    None). Every candidate's quote is ``text[span[0]:span[1]]``.

    Parameters
    ----------
    text : str
        The document's text.
    lexicon : Lexicon, optional
        Event types, actor aliases, qualifiers and count units. Default: the
        shipped lexicon (`load_lexicon`).
    source : str, optional
        Name of the document, used only in error messages.
    max_chars : int, default 10_000_000
        Longest accepted text, in characters.
    max_candidates : int, default 100_000
        Most candidates accepted; more means the text is not prose.

    Returns
    -------
    list of Candidate
        Ordered by position in the text. Numbers (money, percent, count,
        multiple) and dates never overlap each other; event candidates may
        overlap them.

    Raises
    ------
    LimitExceededError
        If the text is longer than `max_chars`, or yields more than
        `max_candidates` candidates.
    TypeError
        If `text` is not a str.
    ValueError
        If a limit is not a positive integer.

    Examples
    --------
    >>> [c.quote for c in extract("China sent more than 3,000 troops to Vostok.")
    ...  if c.kind == "count"]
    ['3,000 troops']
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    _check_limit(max_chars, "max_chars")
    _check_limit(max_candidates, "max_candidates")
    if len(text) > max_chars:
        raise LimitExceededError(
            f"text has {len(text):,} characters, more than the limit of {max_chars:,}",
            path=source,
            fix="split the document, or raise the limit with max_chars=... "
                "(extract_file: max_bytes=...)",
        )
    lex = lexicon if lexicon is not None else load_lexicon()
    sentences = split_sentences(text)
    kinds = classify(text, sentences)
    ctx, doc_period = _document(text, sentences, kinds, lex)
    out: list[Candidate] = []
    prev_year: int | None = None
    said_unit: str | None = None  # the noun of the previous window's last count
    said: set[tuple[str, frozenset[str]]] = set()
    carried: tuple[str, ...] = ()  # the subject of the last sentence, for "It agreed ..."
    seen: dict[_Before, _Read] = {}
    for sent, kind in zip(sentences, kinds, strict=True):
        if kind in ("caption", "repeat"):
            continue
        for w0, w1 in windows(text, sent):
            win = text[w0:w1]
            matches, actors, prev_year, carried = _window_once(
                win, lex, (prev_year, said_unit, carried if kind != "heading" else ()), ctx,
                seen)
            said_unit = next((c.unit for c in reversed(matches) if c.kind == "count" and c.unit),
                             None)
            if kind == "heading":  # a headline restates the story's events, not always its figures
                matches = [c for c in matches if c.event is None]
            if len(out) + len(matches) > max_candidates:
                raise LimitExceededError(
                    f"text yields more than {max_candidates:,} candidates", path=source,
                    fix="check that the document is prose, split it, or raise the limit "
                        "with max_candidates=...",
                )
            for c in matches:
                if _split_at_cut(text, (w0, w1), sent, c) or (
                        c.event is not None and _said_before(win, c, said)):
                    continue
                out.append(_candidate(text, w0, w1, c, actors, doc_period))
    return out


def _split_at_cut(text: str, window: tuple[int, int], sent: tuple[int, int], c: Match
                  ) -> bool:
    """Whether a match touches an edge where its sentence was cut into windows.

    A sentence longer than a window is cut at whitespace, or mid-word when a run of
    more than half a window has none (`relindex.extract.sentences.windows`). A match at
    a mid-word cut reads part of a word or number (``2,500`` of ``12,500``); a number
    at a cut at whitespace may lose its scale or its leading digits (``$5`` of ``$5
    billion``, ``500 troops`` of ``12 500 troops``). Such a match is no candidate: a
    number is missed rather than proposed wrong.
    """
    w0, w1 = window
    number = c.event is None
    at_start = c.start == 0 and w0 > sent[0] and (number or not text[w0 - 1].isspace())
    at_end = w0 + c.end == w1 and w1 < sent[1] and (number or not text[w1].isspace())
    return at_start or at_end


_DETERMINERS = frozenset({"the", "this", "that", "these", "those", "its", "their"})
_RESTATING = frozenset({"latest", "recent", "same", "renewed", "new", "fresh", "last"})
"""Adjectives between a determiner and an act said before (``the latest clash``)."""


_ORDERING = frozenset({"ordered", "orders", "announced", "announces", "decreed", "decrees",
                       "authorised", "authorized", "approved", "approves"})
"""Verbs whose object, a noun act, is a new act, not one said before (``ordered the closure``)."""


def _said_before(win: str, c: Match, said: set[tuple[str, frozenset[str]]]) -> bool:
    """Whether an event repeats one already proposed (``the clash`` after a clash)."""
    assert c.event is not None and c.actors is not None
    key = (c.event.id, frozenset(c.actors))
    before = [w.lower() for w in win[max(0, c.start - 40):c.start].split()[-2:]]
    fresh = win[c.start:c.start + 5].lower() == "next " or (  # "the next round": one to come
        len(before) == 2 and before[0] in _ORDERING)  # "and ordered the closure": a new act
    again = key in said and bool(before) and not fresh and (before[-1] in _DETERMINERS or (
        len(before) == 2 and before[0] in _DETERMINERS and (
            before[1].endswith("est") or before[1] in _RESTATING)))  # "the deadliest clash"
    said.add(key)
    return again


def _candidate(text: str, w0: int, w1: int, c: Match, actors: list[str],
               doc_period: str | None) -> Candidate:
    ev = c.event
    return Candidate(
        quote=text[w0 + c.start:w0 + c.end],
        span=(w0 + c.start, w0 + c.end),
        kind=c.kind,
        value=c.value,
        unit=c.unit,
        period=c.period if c.period is not None or ev is None else doc_period,
        event_type=ev.id if ev is not None else None,
        polarity=ev.polarity if ev is not None else None,
        actors=list(c.actors) if c.actors is not None else list(actors),
        sentence=(w0, w1),
        qualifier=c.qualifier,
        negated=c.negated,
        forecast=c.forecast,
        plover=ev.plover if ev is not None else None,
        clause=(w0 + c.clause[0], w0 + c.clause[1]) if c.clause is not None else None,
    )


_DATELINE_SENTENCES = 4
_DATELINE_END = re.compile(r"\s[—–-]{1,2}\s|\(Reuters\)|\(AP\)|\(AFP\)")


_PLACE = re.compile(r"[A-Z][^\W\d_]*(?:[ .'-]{1,2}[A-Za-z][^\W\d_]*){0,4},[ \t]{1,3}")
"""A place name and its comma, as a dateline opens (``La Paz, ``, ``ST. JOHN'S, ``)."""


def _dateline(win: str, kind: str) -> str | None:
    """The date of a dateline: a heading, a sentence's head before its dash, or a place+date.

    A place and a date may also make a sentence alone.
    ``Putrajaya, 8 August 2024`` on a line of its own, ``BANGKOK, 12 March 2025 — ...``, or
    ``La Paz, 3 March 2025.`` opening the first paragraph.
    """
    place = None  # a sentence that is a place and a date alone: where its date must start
    if kind == "prose":
        cut = _DATELINE_END.search(win, 0, 80)
        place = _PLACE.match(win) if cut is None and len(win) <= 80 else None
        win = win[:cut.start()] if cut is not None else win if place is not None else ""
    elif kind != "heading":
        return None
    if not has_year(win):
        return None
    found = find_dates(win, Mask(len(win)), has_year=True)
    if place is not None:  # the place, then the date, then at most the full stop
        found = [d for d in found if d.start == place.end() and not win[d.end:].strip(" .\n")]
    return next((d.period for d in found if d.period is not None), None)


def _document(text: str, sentences: list[tuple[int, int]], kinds: Sequence[str], lex: Lexicon
              ) -> tuple[EventContext, str | None]:
    """The pair of states a document is about, and its date (from a dateline near the top)."""
    index = lex.index
    counts: Counter[str] = Counter()
    doc_period: str | None = None
    names: dict[str, str] = {}
    titled: list[tuple[str, list[ActorHit], tuple[list[tuple[int, int]], list[str]]]] = []
    for n, (sent, kind) in enumerate(zip(sentences, kinds, strict=True)):
        for w0, w1 in windows(text, sent):
            win = text[w0:w1]
            if n < _DATELINE_SENTENCES and doc_period is None:
                doc_period = _dateline(win, kind)
            if kind == "prose":
                spans, gaps = tokens(win)
                hits = find_actor_hits(win, spans, gaps, index)
                counts.update(h.code for h in hits if not h.place)
                names.update((k, c) for k, c in bind_names(win, spans, gaps, hits).items()
                             if k not in names)
                titled.append((win, hits, (spans, gaps)))
    titles: dict[str, str] = {}
    tied_twice: set[str] = set()  # "the President of Kenya ... the President of Uganda"
    for win, hits, (spans, gaps) in titled:
        for key, code in bind_titles(win, spans, gaps, hits, names):
            if titles.setdefault(key, code) != code:
                tied_twice.add(key)
    for key in tied_twice:
        del titles[key]
    for win, hits, (spans, gaps) in titled:  # titled persons the document never ties to a state
        for h in leader_hits(win, spans, gaps, hits, names):
            if h.code == LEADER:
                for k in range(h.start, h.end):
                    word = win[spans[k][0]:spans[k][1]]
                    if len(word) >= 3 and word[:1].isupper():
                        names.setdefault(word, LEADER)
    return EventContext(document_pair(counts, index.states), index.states, names,
                        verb_classifier(lex.events), index, titles), doc_period


_SHORT = 64
"""Windows up to this long are read once per document and year before them (``1.``, ``a``)."""


_Before = tuple[str, int | None, str | None, tuple[str, ...]]
_Read = tuple[list[Match], list[str], int | None, tuple[str, ...]]


def _window_once(win: str, lex: Lexicon,
                 before: tuple[int | None, str | None, tuple[str, ...]],
                 ctx: EventContext, seen: dict[_Before, _Read]) -> _Read:
    """`_window`, remembered for short windows (the same window, year and noun give the same).

    `before` is the last year the previous windows name, the noun of the previous
    window's last count and the subject of the previous sentence.

    A text of many short repeated lines (list markers, one word a line) costs one
    reading of each distinct line, not one per line.
    """
    if len(win) > _SHORT:
        return _window(win, lex, before, ctx)
    key = (win, *before)
    hit = seen.get(key)
    if hit is None:
        if len(seen) >= 4096:
            seen.clear()
        hit = seen[key] = _window(win, lex, before, ctx)
    return hit


class _Ranked(Sequence[str]):
    """The codes of a window's actors, those of a sum's clause first; built in constant time.

    `bounds` are the indices in `named` (in order of position) of the clause's start, the
    sum's start and its end. The order is: the clause before the sum, then after the sum,
    then before the clause, then inside the sum; a reader that stops early (the sum's
    currency is said) pays only for what it reads.
    """

    def __init__(self, named: list[tuple[int, str]], bounds: list[int]) -> None:
        cut, start, end = bounds
        n = len(named)
        self._named = named
        self._runs = ((cut, start), (end, n), (0, cut), (start, end))
        self._len = sum(max(0, b - a) for a, b in self._runs)

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator[str]:
        for a, b in self._runs:
            for k in range(a, b):
                yield self._named[k][1]

    @overload
    def __getitem__(self, k: int) -> str: ...
    @overload
    def __getitem__(self, k: slice) -> Sequence[str]: ...
    def __getitem__(self, k: int | slice) -> str | Sequence[str]:
        return list(self)[k]


def _state_units(win: str, numbers: list[Match], named: list[tuple[int, str]],
                 pair: tuple[str, str] | None) -> None:
    """Give each sum in a shared currency name the currency of its state.

    A CFA franc sum takes the franc of its state (`relindex.extract.numbers.cfa_franc`), a
    sum in a name or sign several currencies share (``30-dinar``, ``K 2 billion``) the
    currency of its state (`relindex.extract.currencies.shared_currency`). `named` holds
    the window offset and code of each actor the window names. The payer, earner or charger
    is the subject: the first state named in the sum's clause (from the last semicolon
    before it) comes first, then those after the sum, then earlier ones.
    """
    at = [n[0] for n in named]  # in order: the hits are
    for c in numbers:
        if c.kind != "money" or c.unit is None:
            continue
        cut = win.rfind(";", 0, c.start) + 1
        quote = win[c.start:c.end]
        codes = _Ranked(named, [bisect_left(at, x) for x in (cut, c.start, c.end)])
        code = cfa_franc(codes, pair) if "CFA" in quote else shared_currency(quote, codes, pair)
        if code is not None:
            c.unit = code + c.unit[3:]  # "XOF bn" -> "XAF bn"


def _window(win: str, lex: Lexicon, before: tuple[int | None, str | None, tuple[str, ...]],
            ctx: EventContext) -> _Read:
    """The matches of one window in order, its actors, the last year it names and its subject.

    `before` is the last year the previous windows name (for months without one), the
    noun of the previous window's last count (for ``nine of them``) and the subject of the
    previous sentence (for ``It agreed ...``, `relindex.extract._carried`).
    """
    prev_year, said_unit, carried = before
    index = lex.index
    mask = Mask(len(win))
    spans, gaps = tokens(win)
    low = [win[a:b].lower() for a, b in spans]
    digits, words = has_number(win, low)
    numbers: list[Match] = []
    dates: list[DateMatch] = []
    if digits:
        claim_space_grouped(win, mask)  # "12 500 troops": no pattern reads "500 troops"
        numbers = ranges(win, lex, mask)  # before any pattern reads one end alone
    if digits or words:
        numbers += money_and_percent(win, lex, mask, spelled=words)
        numbers += table_money(win, lex, mask, spelled=words)
    year = digits and has_year(win)
    if year or any(t in MONTH_NUMBERS for t in low):
        dates = find_dates(win, mask, has_year=year)
    if digits or words or any(t.startswith(_MULTIPLE_STEMS) or t.endswith("fold") for t in low):
        numbers += multiples_and_durations(win, lex, mask, spelled=words)
    if digits or words:
        numbers += counts(win, lex, mask, spelled=words, said_unit=said_unit)
    if words:
        numbers += fractions(win, lex, mask)
    hits = find_actor_hits(win, spans, gaps, index)
    hits = sorted([*hits, *leader_hits(win, spans, gaps, hits, ctx.names),
                   *title_hits(win, spans, gaps, hits, ctx.titles),
                   *compass_hits(win, spans, hits, ctx.pair)], key=lambda h: h.start)
    events = find_events(low, gaps, find_triggers(low, gaps, index), hits, spans, ctx, carried)
    if any(c.kind == "money" for c in numbers):
        _state_units(win, numbers, [(spans[h.start][0], h.code) for h in hits], ctx.pair)
        carry_currency(win, numbers, mask, lex)
    actors = [a for a in find_actors(hits) if a != LEADER]
    # month ranges without a year: the nearest year in this sentence, else the
    # last year of the preceding one
    years = [d for d in dates if d.year is not None]
    for d in dates:
        if d.months is not None and d.period is None:
            near = min(years, key=lambda y: min(abs(y.start - d.end), abs(d.start - y.end)),
                       default=None)
            y = near.year if near is not None else prev_year
            if y is not None:
                d.period = resolve_months(d.months, y)
    last_year = max(years, key=lambda d: d.start).year if years else None
    scopes = Scopes.of(win) if dates and (numbers or events) else None
    matches = [Match(d.start, d.end, "date", period=d.period) for d in dates]
    periods = Periods(dates, numbers, scopes)  # built once: each match costs a few bisections
    for c in numbers + events:
        c.period = periods.period(c)
        matches.append(c)
    matches.sort(key=lambda c: (c.start, c.end))
    return matches, actors, last_year, opening_subject(low, gaps, hits, ctx.pair, carried)
