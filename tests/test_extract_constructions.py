"""Constructions read since the ninth round, each with its negatives.

Conventions: ``tests/extract_passages/events/README.md`` ("Agreed to X" takes the category of
X; a pledge of aid or supplies is AGREE, 033).
"""

from __future__ import annotations

import pytest

from relindex.extract import extract

PAIR = "Laos and Viet Nam signed a border treaty in 2019. "


def _events(text: str) -> list[tuple[str | None, list[str], str]]:
    out = []
    for c in extract(PAIR + text):
        if c.kind == "event" and c.span[0] >= len(PAIR):
            out.append((c.plover, c.actors,
                        "negated" if c.negated else "forecast" if c.forecast else "act"))
    return out


@pytest.mark.parametrize(("text", "plover"), [
    ("Laos also agreed to scrap a 30-dollar exit tax on Vietnamese travellers.", "RETREAT"),
    ("Laos undertook to waive the road access fee for Vietnamese trucks.", "RETREAT"),
    ("Laos agreed to open a second road crossing with Viet Nam at Lao Bao.", "RETREAT"),
    ("Laos agreed to cut the number of checkpoints on the road to Viet Nam.", "RETREAT"),
    ("Laos and Viet Nam agreed to resume coordinated patrols along the border.", "COOPERATE"),
])
def test_an_undertaking_or_agreement_takes_the_category_of_the_act(text, plover):
    assert [e[0] for e in _events(text)] == [plover]


@pytest.mark.parametrize("text", [
    "Laos undertook to supply up to 40 megawatts of electricity to Viet Nam.",
    "Laos undertook to host the next session of the commission with Viet Nam.",
])
def test_an_undertaking_to_supply_or_meet_stays_the_pledge(text):
    assert [e[0] for e in _events(text)] == ["AGREE"]
