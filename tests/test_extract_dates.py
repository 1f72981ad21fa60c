"""relindex.extract.dates: dates, periods and the date that governs a clause."""

from __future__ import annotations

import pytest

from _util import one, only
from relindex.extract import (
    extract,
)

# ------------------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    ("text", "quote", "period"),
    [
        ("It happened in 2023 as planned.", "2023", "2023"),
        ("In May 2024, Putin chose China.", "May 2024", "2024-05"),
        ("In June 2020, Russia suspended delivery.", "June 2020", "2020-06"),
        ("Sullivan spoke on May 23, 2024, about China.", "May 23, 2024", "2024-05"),
        ("They met on 23 January 2023 in Buenos Aires.", "23 January 2023", "2023-01"),
        ("Trade grew in January–November 2023 as well.", "January–November 2023",
         "2023-01/2023-11"),
        ("Trade grew 40.7% during the first half of 2023.", "first half of 2023",
         "2023-01/2023-06"),
        ("Trade fell in the second quarter of 2022.", "second quarter of 2022",
         "2022-04/2022-06"),
        ("In Q1 2024, trade grew.", "Q1 2024", "2024-01/2024-03"),
        ("Imports rose from March 2022 to September 2023 sharply.",
         "from March 2022 to September 2023", "2022-03/2023-09"),
        ("From 2014 to 2019, shipments rose.", "From 2014 to 2019", "2014/2019"),
        ("Trade fell between 2012 and 2016.", "between 2012 and 2016", "2012/2016"),
        ("Output doubled in 2014–19.", "2014–19", "2014/2019"),
        ("From January to May of 2023, trade grew.", "From January to May of 2023",
         "2023-01/2023-05"),
        ("Ties worsened in the 1960s.", "1960s", "1960/1969"),
        ("They traded from November 2022 to March as usual.", "from November 2022 to March",
         "2022-11/2023-03"),
    ],
)
def test_dates_and_periods_are_read_as_iso_like_strings(text, quote, period):
    """A date or period gives its quote and an ISO-like period string."""
    c = one(text, "date")
    assert (c.quote, c.period) == (quote, period)


def test_since_is_a_date_without_a_closed_period():
    """'since 2002' is proposed as a date, with period None (the ledger has no open ranges)."""
    c = one("Trade has grown remarkably since 2002.", "date")
    assert (c.quote, c.period) == ("since 2002", None)


def test_month_range_takes_the_year_of_the_preceding_sentence():
    """'from January to November' takes the year named in the preceding sentence."""
    text = "Trade was strong in 2023. It grew by 26.7 percent from January to November."
    pct = one(text, "percent")
    dates = only(extract(text), "date")
    assert [x.period for x in dates] == ["2023", "2023-01/2023-11"]
    assert pct.period == "2023-01/2023-11"


def test_month_range_without_any_year_has_no_period():
    """'from January to November' with no year nearby gets period None, not a guess."""
    text = ("Ties improved. "
            "Trade grew by 26.7 percent to over 218 billion USD from January to November.")
    dates = only(extract(text), "date")
    assert [(x.quote, x.period) for x in dates] == [("from January to November", None)]
    money = one(text, "money")
    assert (money.period, money.qualifier) == (None, "over")


def test_numbers_take_the_date_that_goes_with_them():
    """A number takes the closely following date, else the one before it, past other numbers."""
    text = ("In 2022, China imported gas worth $81 billion, compared to $52.1 billion in 2021. "
            "In 2013, 90% of trade was in dollars compared to only 46% in 2020.")
    got = {c.quote: c.period for c in extract(text) if c.kind in ("money", "percent")}
    assert got == {"$81 billion": "2022", "$52.1 billion": "2021", "90%": "2013",
                   "46%": "2020"}


@pytest.mark.parametrize(
    ("text", "quote", "period"),
    [
        ("In 2019, China and Russia, which first held drills in 2005, conducted a joint air "
         "patrol.", "joint air patrol", "2019"),
        ("After talks in March 2022 failed, Russia and China signed an agreement in May 2023.",
         "signed", "2023-05"),
        ("In May 2024, when Putin was in Beijing, Russia and China signed a joint statement.",
         "signed", "2024-05"),
        ("Trade with Russia rose in 2022; the EU imposed sanctions on Russia in 2023.",
         "imposed sanctions", "2023"),
    ],
)
def test_an_event_takes_the_date_of_its_clause(text, quote, period):
    """With several dates in a sentence, an event takes the date governing its own clause."""
    (event,) = [c for c in extract(text) if c.kind == "event" and c.quote == quote]
    assert event.period == period


