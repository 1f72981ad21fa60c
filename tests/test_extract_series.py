"""Sums whose currency is written once, and vague compound scales: money, never a bare count.

The conventions (``tests/extract_passages/README.md``): a later sum of a clearly parallel
series (``$5.2 billion in 2023 and 6.1 billion in 2024``) is money in the currency of the sum
before it, its span the number with its scale word; ``hundreds of millions of euros`` is
2 x 100 x 10**6 = 0.2 EUR bn. Sentences written for these tests.
"""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relindex.extract import extract


def numbers(text: str) -> list[tuple[str, str, float | None, str | None]]:
    """The numeric candidates of `text`: quote, kind, value, unit."""
    return [(c.quote, c.kind, c.value, c.unit) for c in extract(text)
            if c.kind not in ("event", "date")]


@pytest.mark.parametrize(
    ("text", "found"),
    [("Exports reached $5.2 billion in 2023 and 6.1 billion in 2024.",
      [("$5.2 billion", "money", 5.2, "USD bn"), ("6.1 billion", "money", 6.1, "USD bn")]),
     ("China reported exports of €40bn in 2022, 38bn in 2023 and 35bn in 2024.",
      [("€40bn", "money", 40.0, "EUR bn"), ("38bn", "money", 38.0, "EUR bn"),
       ("35bn", "money", 35.0, "EUR bn")]),
     ("Trade fell to RMB 1.2 trillion last year against 900 billion.",
      [("RMB 1.2 trillion", "money", 1200.0, "CNY bn"), ("900 billion", "money", 900.0, "CNY bn")]),
     ("Imports rose to $3 billion, up from 2.1 billion a year earlier.",
      [("$3 billion", "money", 3.0, "USD bn"), ("2.1 billion", "money", 2.1, "USD bn")]),
     ("Trade was $4.1 billion in 2023 compared with 3.8 billion in 2022.",
      [("$4.1 billion", "money", 4.1, "USD bn"), ("3.8 billion", "money", 3.8, "USD bn")]),
     ("India spent Rs 500 crore in 2022 and 650 crore in 2023.",
      [("Rs 500 crore", "money", 5.0, "INR bn"), ("650 crore", "money", 6.5, "INR bn")]),
     ("Aid rose from $2 billion in 2020 to about 3.5 billion in 2023.",
      [("$2 billion", "money", 2.0, "USD bn"), ("3.5 billion", "money", 3.5, "USD bn")]),
     ("Kenya gave $300 million, Uganda 45 million and South Sudan 12 million.",
      [("$300 million", "money", 0.3, "USD bn"), ("45 million", "money", 0.045, "USD bn"),
       ("12 million", "money", 0.012, "USD bn")]),
     ("Kenya sent 300 troops and paid $5 billion in 2023 and 6 billion in 2024.",
      [("300 troops", "count", 300.0, "troops"), ("$5 billion", "money", 5.0, "USD bn"),
       ("6 billion", "money", 6.0, "USD bn")])],
)
def test_a_later_sum_of_a_series_takes_the_currency_written_on_the_first(text, found):
    """Each later sum is money in the first sum's currency, spanning its number and scale word."""
    assert numbers(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [("Aid of $5 billion and 300 troops were sent.",
      [("$5 billion", "money", 5.0, "USD bn"), ("300 troops", "count", 300.0, "troops")]),
     ("It pledged $2 billion; the region has 3 billion people.",
      [("$2 billion", "money", 2.0, "USD bn"),
       ("3 billion people", "count", 3_000_000_000.0, "people")]),
     ("Kenya gave $300 million and 2 million people fled.",
      [("$300 million", "money", 0.3, "USD bn"),
       ("2 million people", "count", 2_000_000.0, "people")]),
     ("It paid $5 billion, Reuters 2 billion.",
      [("$5 billion", "money", 5.0, "USD bn"), ("2 billion", "count", 2_000_000_000.0, None)]),
     ("Kenya gave $300 million and Uganda 45 million people.",
      [("$300 million", "money", 0.3, "USD bn"),
       ("45 million people", "count", 45_000_000.0, "people")]),
     ("It sold $3 billion in arms to Kenya, which has 40 million.",
      [("$3 billion", "money", 3.0, "USD bn"), ("40 million", "count", 40_000_000.0, None)])],
)
def test_no_currency_is_carried_to_a_count_or_across_other_words(text, found):
    """A count with a noun stays a count; no currency is carried across other words."""
    assert numbers(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [("Germany spent hundreds of millions of euros on roads.",
      [("hundreds of millions of euros", "money", 0.2, "EUR bn")]),
     ("Tens of thousands of troops massed there.",
      [("Tens of thousands of troops", "count", 20_000.0, "troops")]),
     ("It lent billions of dollars to Kenya.",
      [("billions of dollars", "money", 2.0, "USD bn")]),
     ("Thousands of millions of dollars flowed out.",
      [("Thousands of millions of dollars", "money", 2.0, "USD bn")]),
     ("Tens of billions of dollars were pledged.",
      [("Tens of billions of dollars", "money", 20.0, "USD bn")]),
     ("Kenya lent millions of dollars.",
      [("millions of dollars", "money", 0.002, "USD bn")]),
     ("Kenya lent several million euros and $5,000,000.",
      [("several million euros", "money", 0.003, "EUR bn"),
       ("$5,000,000", "money", 0.005, "USD bn")]),
     ("Hundreds of millions of people watched.",
      [("Hundreds of millions of people", "count", 200_000_000.0, "people")])],
)
def test_a_vague_compound_scale_is_its_lower_bound(text, found):
    """``hundreds of millions of``: 2 x 100 x 10**6; a sum of a million or more in billions."""
    assert numbers(text) == found


_SIGNS = {"$": "USD", "€": "EUR", "£": "GBP", "RMB ": "CNY"}
_SCALES = {" billion": Decimal(10**9), "bn": Decimal(10**9), " million": Decimal(10**6),
           " trillion": Decimal(10**12)}
_JOINS = (" and ", ", ", " against ", " compared with ", " to ", ", up from ")
_TIMES = ("", " in 2021", " last year", " a year earlier")


@st.composite
def _series(draw: st.DrawFn) -> tuple[str, dict[int, tuple[float, str]]]:
    """A sentence with a series of sums, the currency on the first only; the oracle by start."""
    sign = draw(st.sampled_from(sorted(_SIGNS)))
    n = draw(st.integers(2, 4))
    text, oracle, time = "Officials said exports were ", {}, ""
    for k in range(n):
        value = Decimal(draw(st.integers(11, 999))) / 10
        scale = draw(st.sampled_from(sorted(_SCALES)))
        if k:  # "$2 billion to 3 billion" is a range (`relindex.extract._ranges`)
            text += draw(st.sampled_from(_JOINS if time else _JOINS[:4] + _JOINS[5:]))
        written = f"{sign if k == 0 else ''}{value}{scale}"
        amount = value * _SCALES[scale] / 10**9
        oracle[len(text)] = (float(amount), f"{_SIGNS[sign]} bn")
        time = draw(st.sampled_from(_TIMES))
        text += written + time
    return text + ".", oracle


@settings(max_examples=300, deadline=None)
@given(_series())
def test_every_sum_of_a_series_is_money_in_the_first_sums_currency(case):
    """For generated series, every numeric candidate is a sum of the oracle, with its value."""
    text, oracle = case
    found = {c.span[0]: c for c in extract(text) if c.kind not in ("event", "date")}
    assert set(found) == set(oracle), (text, found)
    for at, (value, unit) in oracle.items():
        c = found[at]
        assert c.kind == "money" and c.unit == unit, (text, c)
        assert c.value is not None and math.isclose(c.value, value, rel_tol=1e-9), (text, c)
