"""Agreeing to meet is AGREE (036), an act; a meeting stated as to come is CONSULT, forecast.

The conventions settled before set 8 (``tests/extract_passages/events/README.md``,
"Agreeing to meet").
"""

from __future__ import annotations

import pytest

from relindex.extract import extract

PAIR = "Laos and Viet Nam signed a border treaty in 2019. "


def _events(text: str) -> list[tuple[str | None, list[str], str]]:
    return [(c.plover, c.actors, "forecast" if c.forecast else "act")
            for c in extract(PAIR + text) if c.kind == "event" and c.span[0] >= len(PAIR)]


@pytest.mark.parametrize("text", [
    "Laos and Viet Nam agreed to hold talks on the border.",
    "Laos and Viet Nam agreed to meet again in May.",
    "The two ministers agreed to convene the Joint Boundary Commission in Vientiane.",
    "The two sides agreed that the next meeting will be held in Hanoi.",
])
def test_an_agreement_to_meet_is_the_act(text):
    assert _events(text) == [("AGREE", ["LA", "VN"], "act")]


def test_an_agreement_to_sign_is_still_the_signing_to_come():
    assert _events("Laos and Viet Nam agreed to sign a trade treaty.") == [
        ("SUPPORT", ["LA", "VN"], "forecast")]


@pytest.mark.parametrize("text", [
    "The Third Meeting of the Council will be held in Vientiane next year.",
    "A summit is expected in Hanoi in the spring.",
])
def test_a_meeting_to_come_is_the_pairs_forecast(text):
    assert _events(text) == [("CONSULT", ["LA", "VN"], "forecast")]


def test_a_meeting_to_come_needs_a_pair():
    text = "The Third Meeting of the Council will be held in Vientiane next year."
    assert not [c for c in extract(text) if c.kind == "event"]
