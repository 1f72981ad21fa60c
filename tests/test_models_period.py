"""Periods and dates: parsed once into typed values, calendar days checked."""

from __future__ import annotations

import pytest

import relindex
from _util import edit
from relindex.errors import EvidenceError
from relindex.models import Evidence, Period


def test_period_forms():
    """A year, a month, a range of months, a range of years."""
    assert Period.parse("2023").is_full_year
    p = Period.parse("2023-01/2023-11")
    assert (p.start_year, p.start_month, p.end_year, p.end_month) == (2023, 1, 2023, 11)
    assert p.within_one_year and not p.is_full_year
    assert not Period.parse("2014/2019").within_one_year


@pytest.mark.parametrize("text", ["2023-13", "23", "2023/2022", "2023-05/2023-04", "2023-1"])
def test_period_refused(text):
    """Malformed periods and spans that end before they start are refused."""
    with pytest.raises(ValueError):
        Period.parse(text)


def test_a_records_period_is_parsed_once():
    """parsed_period is the same object on every access (parsed on first use, then kept)."""
    ev = Evidence.model_validate({"id": "r", "indicator": "i", "source": "s", "quote": "q",
                                  "period": "2023-05", "value": 1.0, "unit": "u"})
    first = ev.parsed_period
    assert ev.parsed_period is first and (first.start_month, first.end_month) == (5, 5)


def test_a_source_date_must_be_a_calendar_day(mini):
    """2023-02-30 has the form of a date but is not one: refused at load, keyed at it."""
    text = (mini / "sources.toml").read_text()
    old = next(line for line in text.splitlines() if line.startswith("date = "))
    edit(mini / "sources.toml", old, 'date = "2023-02-30"')
    with pytest.raises(EvidenceError) as info:
        relindex.load(mini)
    assert info.value.rule == "must be a day of the calendar (02/2023 has no day 30)"
    assert info.value.key.endswith(".date") and info.value.value == "2023-02-30"


def test_a_leap_day_is_a_calendar_day(mini):
    """2024-02-29 is a day; the catalogue loads."""
    text = (mini / "sources.toml").read_text()
    old = next(line for line in text.splitlines() if line.startswith("date = "))
    edit(mini / "sources.toml", old, 'date = "2024-02-29"')
    assert relindex.load(mini).sources
