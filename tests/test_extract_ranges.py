"""Ranges of two numbers: both ends with the range's units, or nothing; never a wrong value.

The convention (``tests/extract_passages/README.md``, settled by analogy with spelled ranges):
``$2-3 billion`` gives ``$2`` (2, USD bn) and ``3 billion`` (3, USD bn); ``10-15%`` gives
``10`` and ``15%``; ``2,000-3,000 troops`` gives ``2,000`` and ``3,000 troops``. Years,
dates, scores, labels and model numbers give nothing. Sentences written for these tests.
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
    [("Officials said $2-3 billion was pledged.",
      [("$2", "money", 2.0, "USD bn"), ("3 billion", "money", 3.0, "USD bn")]),
     ("Officials said 2,000–3,000 troops deployed.",
      [("2,000", "count", 2000.0, "troops"), ("3,000 troops", "count", 3000.0, "troops")]),
     ("Prices rose by 10-15% last year.",
      [("10", "percent", 10.0, "%"), ("15%", "percent", 15.0, "%")]),
     ("The loan is worth US$1.5–2bn in all.",
      [("US$1.5", "money", 1.5, "USD bn"), ("2bn", "money", 2.0, "USD bn")]),
     ("Tariffs fell by 20–25 per cent on grain.",
      [("20", "percent", 20.0, "%"), ("25 per cent", "percent", 25.0, "%")]),
     ("Some 2-3 million people crossed.",
      [("2", "count", 2_000_000.0, "people"),
       ("3 million people", "count", 3_000_000.0, "people")]),
     ("The fund holds $2-$3 billion in bonds.",
      [("$2", "money", 2.0, "USD bn"), ("$3 billion", "money", 3.0, "USD bn")]),
     ("It paid 2-3 million euros for the land.",
      [("2", "money", 0.002, "EUR bn"), ("3 million euros", "money", 0.003, "EUR bn")]),
     ("Costs reached between $2 and $3 billion.",
      [("$2", "money", 2.0, "USD bn"), ("$3 billion", "money", 3.0, "USD bn")]),
     ("Costs reached $2 to $3 billion.",
      [("$2", "money", 2.0, "USD bn"), ("$3 billion", "money", 3.0, "USD bn")]),
     ("The margin widened by 1-2 percentage points.",
      [("1", "percent", 1.0, "pp"), ("2 percentage points", "percent", 2.0, "pp")]),
     ("Trade is 3–4 times larger than before.",
      [("3", "multiple", 3.0, "x"), ("4 times", "multiple", 4.0, "x")]),
     ("In Kenya 2,000–3,000 troops were deployed.",
      [("2,000", "count", 2000.0, "troops"), ("3,000 troops", "count", 3000.0, "troops")]),
     ("They met 3-4 times a year.",
      [("3", "count", 3.0, "times"), ("4 times", "count", 4.0, "times")])],
)
def test_a_dash_range_gives_both_ends_with_the_high_ends_units(text, found):
    """The low end is the number with the signs before it, taking the high end's scale and unit."""
    assert numbers(text) == found


@pytest.mark.parametrize(
    "text",
    ["The 2019-2021 programme ended.", "The 2019–20 budget was cut.",
     "Talks were held on 12–14 March.", "Talks were held on March 12-14.",
     "The council passed it by a 3-1 vote.", "They lost by a 2-3 defeat.",
     "The text of Resolution 2231-A was read.", "Russia sold Su-35 jets.",
     "The airline bought Boeing 737-800 jets.", "See pages 12-14 of the report.",
     "The code 1-2-3 opens the gate.", "Some 300-400 were killed."],
)
def test_years_dates_scores_labels_and_models_give_no_range(text):
    """No candidate reads either number of a year, date, score, label or model as a quantity."""
    assert numbers(text) == []


def test_a_low_end_whose_scale_is_unsaid_gives_nothing():
    """``$500,000-1 million``: the low end's scale cannot be told; no candidate at it."""
    found = numbers("The grant was $500,000-1 million in all.")
    assert not [f for f in found if f[0].startswith("$500,000")]


def test_a_count_joined_by_to_takes_the_scale_of_its_high_end():
    """``2 to 3 million people``: the low end is two million, not two."""
    assert numbers("It moved 2 to 3 million people.") == [
        ("2", "count", 2_000_000.0, "people"),
        ("3 million people", "count", 3_000_000.0, "people")]
    assert numbers("It moved 1,900 and 3 million people.") == [
        ("3 million people", "count", 3_000_000.0, "people")]


# ----------------------------------------------------------------------------- property

_CURRENCIES = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "RMB ": "CNY"}
_SCALES = {"": Decimal(1), " million": Decimal(10**6), " billion": Decimal(10**9),
           "bn": Decimal(10**9), "m": Decimal(10**6), " trillion": Decimal(10**12)}
_COUNT_SCALES = {"": Decimal(1), " million": Decimal(10**6), " thousand": Decimal(1000),
                 "bn": Decimal(10**9)}
_PERCENTS = {"%": "%", " per cent": "%", " percent": "%", " percentage points": "pp"}
_SEPS = ("-", "–", "—", " to ")


def _written(n: Decimal) -> str:
    """`n` as prose writes it: thousands commas, a decimal point when it has one."""
    return f"{n:,}" if n == n.to_integral_value() else f"{n:,.1f}"


_NUMBERS = st.one_of(st.integers(1, 999).map(Decimal),
                     st.integers(1000, 99_999).map(Decimal),
                     st.integers(11, 999).map(lambda k: Decimal(k) / 10))


def _money_value(n: Decimal, scale: Decimal, code: str) -> tuple[float, str]:
    amount = n * scale
    return (float(amount / 10**9), f"{code} bn") if scale >= 10**6 else (float(amount), code)


@st.composite
def _ranges(draw: st.DrawFn) -> tuple[str, dict[int, tuple[float, str]], tuple[int, int]]:
    """A sentence holding a range, the oracle's value and unit by start, and the range's span."""
    lo, hi = draw(_NUMBERS), draw(_NUMBERS)
    sep = draw(st.sampled_from(_SEPS))
    kind = draw(st.sampled_from(("money", "percent", "count")))
    if kind == "money":
        sign = draw(st.sampled_from(sorted(_CURRENCIES)))
        scale = draw(st.sampled_from(sorted(_SCALES)))
        second = sign if draw(st.booleans()) else ""
        head, text_lo = "Officials said ", f"{sign}{_written(lo)}"
        text_hi = f"{second}{_written(hi)}{scale}"
        code = _CURRENCIES[sign]
        lo_v, hi_v = (_money_value(n, _SCALES[scale], code) for n in (lo, hi))
        tail = " was pledged."
    elif kind == "percent":
        form = draw(st.sampled_from(sorted(_PERCENTS)))
        head, text_lo, text_hi = "Prices rose by ", _written(lo), f"{_written(hi)}{form}"
        lo_v, hi_v = (float(lo), _PERCENTS[form]), (float(hi), _PERCENTS[form])
        tail = " last year."
    else:
        scale = draw(st.sampled_from(sorted(_COUNT_SCALES)))
        head, text_lo, text_hi = "They deployed ", _written(lo), f"{_written(hi)}{scale}"
        mult = _COUNT_SCALES[scale]
        lo_v, hi_v = (float(lo * mult), "troops"), (float(hi * mult), "troops")
        tail = " troops there."
    text = f"{head}{text_lo}{sep}{text_hi}{tail}"
    hi_at = len(head) + len(text_lo) + len(sep)
    return text, {len(head): lo_v, hi_at: hi_v}, (len(head), hi_at + len(text_hi))


@settings(max_examples=300, deadline=None)
@given(_ranges())
def test_every_candidate_in_a_range_has_the_value_the_range_states(case):
    """For generated ranges, each numeric candidate has the oracle's value and unit, or is none.

    The oracle reads the range plainly: the low end takes the high end's scale, currency and
    unit; the high end is read as written. A candidate anywhere else in the range (a number
    read alone with a part of its units) fails.
    """
    text, oracle, (a, b) = case
    for c in extract(text):
        if c.kind in ("event", "date"):
            continue
        assert a <= c.span[0] < b and c.span[0] in oracle, (text, c)
        value, unit = oracle[c.span[0]]
        assert c.value is not None and math.isclose(c.value, value, rel_tol=1e-9), (text, c)
        assert c.unit == unit, (text, c)


@pytest.mark.parametrize(
    ("text", "found"),
    [("The fund gave Rs 5 crore to 300 farmers.",
      [("Rs 5 crore", "money", 0.05, "INR bn"), ("300 farmers", "count", 300.0, "farmers")]),
     ("The fund gave $5 to 300 farmers.",
      [("$5", "money", 5.0, "USD"), ("300 farmers", "count", 300.0, "farmers")])],
)
def test_a_sum_before_to_and_a_count_is_no_range(text, found):
    """'to' between a sum and a count joins no range: both read as written."""
    assert numbers(text) == found


@pytest.mark.parametrize("text", [
    "China sent 12 500 troops to the border.",
    "Trade reached $12 500 million last year.",
    "Prices rose 12 500% in a decade.",
    "The camp holds 1 200 000 people.",
])
def test_numbers_grouped_by_spaces_give_no_candidate_rather_than_a_wrong_one(text):
    """'12 500 troops' is 12,500 in SI prose or two numbers: never '500 troops' or '$12'."""
    assert [c.quote for c in extract(text) if c.kind not in ("date", "event")] == []


def test_a_day_after_its_month_is_no_group():
    """'On March 5 100 troops crossed': the day is a date, the count stands."""
    found = [(c.quote, c.value) for c in extract("On March 5 100 troops crossed.")
             if c.kind == "count"]
    assert found == [("100 troops", 100.0)]
