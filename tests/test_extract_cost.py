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
