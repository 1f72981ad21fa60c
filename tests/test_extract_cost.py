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


@pytest.mark.parametrize("n", [10, 40])
def test_finite_verbs_are_read_once_per_window(monkeypatch, n):
    """A window of many clauses reads its finite verbs once, not once per clause."""
    text = _clauses(n)
    assert len(text) < MAX_WINDOW  # one sentence, one window
    calls = []
    real = events_mod.subject_verbs

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(events_mod, "subject_verbs", counting)
    extract(text)
    assert len(calls) <= 1


class _CountingSpans(tuple):
    """A tuple of clauses that counts how many of them are read."""

    reads = 0

    def __getitem__(self, k):
        type(self).reads += 1
        return super().__getitem__(k)

    def __iter__(self):
        for x in super().__iter__():
            type(self).reads += 1
            yield x


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
