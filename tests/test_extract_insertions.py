"""Words inserted inside an act: adverbs, time adverbials, preambles (seventh round).

Written from the patterns (an adverb between a modal or auxiliary and its verb, a date
between a verb and its particle), not from a passage.
"""

from __future__ import annotations

import pytest

from relindex.extract import Candidate, extract


def events(text: str) -> list[Candidate]:
    return [c for c in extract(text) if c.kind == "event"]


PAIR = "Portugal and Spain share a long border. "


def last(text: str) -> tuple[str | None, list[str], str]:
    found = events(PAIR + text)
    assert found, text
    c = found[-1]
    return c.plover, list(c.actors), c.mode


@pytest.mark.parametrize(
    ("plain", "inserted"),
    [
        ("Portugal will provide aid to Spain.", "Portugal will also provide aid to Spain."),
        ("Portugal will grant 40 scholarships to Spanish students.",
         "Portugal will now grant 40 scholarships to Spanish students."),
        ("Spain closed its border with Portugal.", "Spain had already closed its border with "
         "Portugal."),
        ("Spain closed its border with Portugal.", "Spain has since closed its border with "
         "Portugal."),
        ("Portugal will extend a line of credit to Spain.",
         "Portugal will extend a fresh line of credit to Spain."),
        ("Portugal met with Spain.", "Portugal met on Tuesday with Spain."),
        ("Portugal and Spain agreed on a water-sharing plan.",
         "Portugal and Spain agreed in March on a water-sharing plan."),
        ("Portugal and Spain agreed on a water-sharing plan.",
         "Portugal and Spain agreed last week on a water-sharing plan."),
    ],
)
def test_an_inserted_adverb_or_date_keeps_the_act(plain, inserted):
    """The act, its actors and its mode are those of the phrase without the insertion."""
    assert last(inserted) == last(plain)


def test_an_adverb_after_a_modal_keeps_the_forecast():
    """``is still expected to``, ``will also``: still to come."""
    assert last("Spain is still expected to close its border with Portugal.")[2] == "forecast"
    assert last("Spain will soon close its border with Portugal.")[2] == "forecast"


def test_since_after_an_auxiliary_is_an_adverb_not_a_clause():
    """``has not since closed`` is negated; ``Since X closed ...`` stays a clause opener."""
    assert last("Spain has not since closed its border with Portugal.")[2] == "negated"
    assert last("Since Spain closed its border with Portugal, trade fell.")[2] == "act"

