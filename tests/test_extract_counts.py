"""relindex.extract.counts: counts, the nouns they count, and nouns shared or elided."""

from __future__ import annotations

import pytest

from relindex.extract import (
    Candidate,
    extract,
)


def only(cands: list[Candidate], kind: str) -> list[Candidate]:
    return [c for c in cands if c.kind == kind]


def one(text: str, kind: str) -> Candidate:
    found = only(extract(text), kind)
    assert len(found) == 1, [c.quote for c in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "quote", "value", "unit"),
    [
        ("China sent more than 3,000 troops for Vostok.", "3,000 troops", 3000.0, "troops"),
        ("More than 500 incidents of copying were reported.", "500 incidents", 500.0,
         "incidents"),
        ("China's 13 recent vetoes in the UN aligned with Russia.", "13 recent vetoes", 13.0,
         "vetoes"),
        ("After eight inaugural voyages by Chinese firms, Russia asked for more.",
         "eight inaugural voyages", 8.0, "voyages"),
        ("North Korea has sent over 11,000 containers of weapons.", "11,000 containers",
         11000.0, "containers"),
        ("To tackle the fleet of 40 icebreakers, the US acted.", "40 icebreakers", 40.0,
         "icebreakers"),
        ("It reduces the travel time by 7 days.", "7 days", 7.0, "days"),
        ("The border is at least 1,400 km from the circle.", "1,400 km", 1400.0, "km"),
        ("Tourists made 2.3 million trips to Korea.", "2.3 million trips", 2300000.0, "trips"),
        ("Germany agreed to send three Patriot batteries to Poland.", "three Patriot batteries",
         3.0, "batteries"),
        ("They maintain two border crossing points to deliver aid.",
         "two border crossing points", 2.0, "points"),
    ],
)
def test_counts_are_read_with_their_noun(text, quote, value, unit):
    """A count gives the number with up to two words before its noun, and the noun as unit."""
    c = one(text, "count")
    assert (c.quote, c.value, c.unit) == (quote, value, unit)


@pytest.mark.parametrize(
    "text",
    [
        "In 2019 officials visited Moscow.",
        "The two countries agreed.",
        "The S-400 systems were suspended.",
        "It marked the 160th anniversary of the city.",
        "Russia lost its 100th T-90 tank.",
        "One of the two sides objected.",
        "In 2018 troops were sent.",
        "It happened in 1860 following China's defeat in the war.",
        "Trade reached 5 in 2020.",
    ],
)
def test_non_counts_are_not_counted(text):
    """Years, model numbers, ordinals, 'the two countries' and noun-less numbers are no count."""
    assert not only(extract(text), "count")


def test_elided_nouns_are_shared():
    """A number whose noun is shared or elided takes that noun: '1,900 US and 700 ... personnel'."""
    got = {c.quote: (c.value, c.unit) for c in extract(
        "Over 1,900 US and 700 Indonesian personnel trained. Greece recorded 11,128 violations "
        "in 2022, compared with 2,744 in 2021.") if c.kind == "count"}
    assert got == {"1,900": (1900.0, "personnel"), "700 Indonesian personnel": (700.0, "personnel"),
                   "11,128 violations": (11128.0, "violations"), "2,744": (2744.0, "violations")}
