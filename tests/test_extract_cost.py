"""The work of extraction grows with the length of a window, never with its shape.

These tests count work (calls, positions visited) on adversarial windows; they never time.
"""

from __future__ import annotations

import pytest

from relindex.extract import MAX_WINDOW, extract
from relindex.extract import events as events_mod

CLAUSES = "China said that Russia moved north; "
"""A clause with no act of the lexicon, so each one asks the verb dictionary for its verb."""


def _clauses(n: int) -> str:
    return (CLAUSES * n).rstrip("; ") + "."


def _calls(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[tuple]:
    """Record every call of ``owner.name`` (its arguments) in the list returned."""
    calls: list[tuple] = []
    real = getattr(owner, name)

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counting)
    return calls


@pytest.mark.parametrize("n", [10, 40])
def test_finite_verbs_are_read_once_per_window(monkeypatch, n):
    """A window of many clauses reads its finite verbs once, not once per clause."""
    text = _clauses(n)
    assert len(text) < MAX_WINDOW  # one sentence, one window
    calls = _calls(monkeypatch, events_mod, "subject_verbs")
    extract(text)
    assert len(calls) <= 1


class _CountsIndexing:
    """Counts, on the class, every item read by index (``reads``; reset it before use)."""

    reads = 0

    def __getitem__(self, k):
        type(self).reads += 1
        return super().__getitem__(k)  # type: ignore[misc]


class _CountsReads(_CountsIndexing):
    """Counts every item read, by index or by iteration."""

    def __iter__(self):
        for x in super().__iter__():  # type: ignore[misc]
            type(self).reads += 1
            yield x


class _CountingSpans(_CountsReads, tuple):
    """A tuple of clauses that counts how many of them are read."""

    reads = 0


def _locate_linear(scopes, pos):
    """The clause holding `pos`, by reading every clause (the reference)."""
    spans = tuple.__iter__(scopes.spans)
    for k, (a, b, scope, private) in enumerate(spans):
        if a <= pos < b or (pos == b and k == len(scopes.spans) - 1):
            return k, scope, private
    return len(scopes.spans) - 1, scopes.spans[-1][2], scopes.spans[-1][3]


def test_locating_a_clause_reads_few_clauses():
    """`Scopes.locate` reads a bounded number of clauses, not all those before the position."""
    from relindex.extract.dates import Scopes

    win = "In 2020, (up from 2019) trade rose; exports - which fell - grew, " * 30
    scopes = Scopes.of(win)
    assert len(scopes.spans) > 200
    reference = [_locate_linear(scopes, pos) for pos in range(len(win) + 1)]
    object.__setattr__(scopes, "spans", _CountingSpans(scopes.spans))
    _CountingSpans.reads = 0
    assert [scopes.locate(pos) for pos in range(len(win) + 1)] == reference
    assert _CountingSpans.reads <= 2 * (len(win) + 1)


def _period_linear(c, dates, blockers, scopes):
    """The period of a match by reading every date (the reference `Periods` must agree with)."""
    dates = [d for d in dates if _visible(scopes, c, d)]
    if c.kind == "event":
        own = scopes.locate(c.start)[0]
        dates = [d for d in dates if scopes.locate(d.start)[0] == own] or dates
        near = min(dates, key=lambda d: max(d.start - c.end, c.start - d.end, 0), default=None)
        return near.period if near is not None else None
    after = [d for d in dates if d.start >= c.end]
    if after and after[0].start - c.end <= 40 and not any(
            c.end <= x.start and x.end <= after[0].start for x in blockers if x is not c):
        return after[0].period
    before = [d for d in dates if d.end <= c.start]
    return before[-1].period if before else None


def _visible(scopes, m, d):
    km, sm, _ = scopes.locate(m.start)
    kd, sd, pd = scopes.locate(d.start)
    return kd == km or (sd == sm and not pd)


def test_periods_agree_with_reading_every_date():
    """On random windows, `Periods` gives every match the period a linear reading gives."""
    import random

    from relindex.extract._match import Match
    from relindex.extract.dates import DateMatch, Periods, Scopes

    rng = random.Random(3)
    pieces = ["x", "yy", ", ", "; ", " (", ") ", " - ", " which ", " but ", " — ", "  "]
    for _ in range(300):
        win = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 60)))
        scopes = Scopes.of(win)
        cuts = sorted(rng.sample(range(len(win) + 1), min(len(win) + 1, 2 * rng.randint(0, 8))))
        pairs = zip(cuts[::2], cuts[1::2], strict=False)  # an odd last cut is left alone
        dates = [DateMatch(a, b, f"p{a}", None) for a, b in pairs if a < b]
        numbers = []
        for _ in range(rng.randint(0, 8)):
            a = rng.randrange(len(win)) if win else 0
            numbers.append(Match(a, a + rng.randint(1, 6), rng.choice(["money", "event"])))
        blockers = [m for m in numbers if m.kind != "event"]
        periods = Periods(dates, blockers, scopes)
        for m in numbers:
            assert periods.period(m) == _period_linear(m, dates, blockers, scopes), (win, m)


def test_dates_are_located_once_per_window(monkeypatch):
    """A window of many numbers and dates locates each date and each match once."""
    from relindex.extract.dates import Scopes

    text = "$1 2020, " * 200
    assert len(text) < MAX_WINDOW
    calls = _calls(monkeypatch, Scopes, "locate")
    found = extract(text)
    assert len(found) >= 400  # 200 sums, 200 dates
    assert len(calls) <= 2 * len(found)


class _CountingWords(_CountsIndexing, list):
    """A window's words that count how many times one is read by index."""

    reads = 0


def test_carried_verbs_read_their_clause_only(monkeypatch):
    """Each act's carried verbs are sought in its own clause, not in the whole window."""
    from relindex.extract import _clause_acts

    text = "China detained Russian herders and shot them; " * 40
    assert len(text) < MAX_WINDOW
    real = _clause_acts.carried_verbs

    def counting(low, *args, **kwargs):
        return real(_CountingWords(low), *args, **kwargs)

    monkeypatch.setattr(_clause_acts, "carried_verbs", counting)
    _CountingWords.reads = 0
    found = [c for c in extract(text) if c.kind == "event"]
    assert len(found) >= 80  # the detention and the shooting, in each clause
    assert _CountingWords.reads <= 10 * len(text.split())


def test_subject_ends_are_read_once_per_window(monkeypatch):
    """Whether a state may be a subject is asked once per state, not once per verb."""
    from relindex.extract import _subject

    text = "China agreed Russia " * 90
    assert len(text) < MAX_WINDOW
    calls = _calls(monkeypatch, _subject, "_oblique")
    extract(text)
    assert len(calls) <= 3 * len(text.split())


class _CountingPairs(_CountsReads, list):
    """A window's (offset, code) actors that count how many times one is read."""

    reads = 0


def test_sums_rank_the_window_actors_lazily(monkeypatch):
    """A sum whose currency is said reads none of the window's actors to find its state's."""
    from relindex.extract import pipeline

    text = "$1 China " * 200
    assert len(text) < MAX_WINDOW
    real = pipeline._state_units
    sizes = []

    def counting(win, numbers, named, pair):
        sizes.append(len(named))
        return real(win, numbers, _CountingPairs(named), pair)

    monkeypatch.setattr(pipeline, "_state_units", counting)
    _CountingPairs.reads = 0
    assert sum(c.kind == "money" for c in extract(text)) == 200
    assert sizes == [200]
    assert _CountingPairs.reads <= 2 * sizes[0]


def test_ranked_actors_keep_their_order():
    """`_Ranked` orders a window's actors as sorting by clause, then position, does."""
    import random
    from bisect import bisect_left

    from relindex.extract.pipeline import _Ranked

    rng = random.Random(5)
    for _ in range(500):
        named = sorted((rng.randrange(60), f"S{k}") for k in range(rng.randint(0, 12)))
        start = rng.randrange(60)
        end = start + rng.randint(1, 8)
        cut = rng.randint(0, start)
        want = [code for _, code in sorted(named, key=lambda n: (
            0 if cut <= n[0] < start else 1 if n[0] >= end else 2, n[0]))]
        at = [n[0] for n in named]
        ranked = _Ranked(named, [bisect_left(at, x) for x in (cut, start, end)])
        assert list(ranked) == want and len(ranked) == len(want)
        assert [ranked[k] for k in range(len(want))] == want


def test_each_act_reads_the_actors_near_it(monkeypatch):
    """Whether an act's object is a third party is read from the actors near it only."""
    text = "it said that China met Russia, " * 60
    assert len(text) < MAX_WINDOW
    real = events_mod._third_party
    read = []

    def counting(low, trig, hits, ctx):
        read.append(len(hits))
        return real(low, trig, hits, ctx)

    monkeypatch.setattr(events_mod, "_third_party", counting)
    found = [c for c in extract(text) if c.kind == "event"]
    assert len(found) >= 50 and len(read) >= 50
    assert sum(read) <= 2 * 120  # the window names 120 states


@pytest.mark.parametrize("text", [
    "x" * 1999 + "12,500 troops were sent.",
    "Trade rose to " + "a" * 1985 + "12,500 troops",
    "1," + ",".join(["000"] * 2000) + " troops",
    "and the talks went on " * 90 + "x" * 10 + " $5 billion in aid were pledged",
    "and the talks went on " * 90 + "x" * 10 + " $ 5 billion in aid were pledged",
])
def test_a_number_cut_by_a_window_edge_is_no_candidate(text):
    """A number split by a window cut inside a word gives no candidate, not a wrong one."""
    numbers = [c for c in extract(text) if c.kind != "date"]
    assert not any(c.value in (2500.0, 0.0) for c in numbers), numbers
    assert all(c.quote.endswith("billion") for c in numbers if c.kind == "money"), numbers
    for c in numbers:  # every candidate's quote is whole: no word continues it
        a, b = c.span
        assert (a == 0 or not text[a - 1].isalnum()) and (b == len(text) or not text[b].isalnum())
