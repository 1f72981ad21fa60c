"""Numeric conventions settled before set 10: ratings, the article, ``twice``; elided nouns.

Sentences written for these tests from the conventions of ``tests/extract_passages/README.md``,
not taken from the annotated passages.
"""

from __future__ import annotations

import pytest

from _util import only
from relindex.extract import extract


def numbers(text: str) -> list[tuple[str, str, float | None, str | None]]:
    """The numeric candidates of `text`: quote, kind, value, unit."""
    return [(c.quote, c.kind, c.value, c.unit) for c in extract(text)
            if c.kind not in ("event", "date")]


@pytest.mark.parametrize(
    ("text", "quote", "value", "unit"),
    [("Engineers will extend the 400-kilovolt line to the port.", "400-kilovolt", 400.0,
      "kilovolts"),
     ("A 220-volt supply reaches the villages.", "220-volt", 220.0, "volts"),
     ("The plant feeds a 50-kilowatt pump.", "50-kilowatt", 50.0, "kilowatts"),
     ("Each 20-ton truck pays a fee.", "20-ton", 20.0, "tons"),
     ("Gunners fired a 155-millimetre shell.", "155-millimetre", 155.0, "millimetres"),
     ("A 12-man crew was rescued.", "12-man", 12.0, "men"),
     ("They carry 25-kilogram sacks of rice.", "25-kilogram", 25.0, "kilograms")],
)
def test_a_hyphenated_measure_or_rating_is_a_count_of_the_measure(text, quote, value, unit):
    """'the 400-kilovolt line' is a count of kilovolts, like 'a 600-megawatt plant'."""
    assert numbers(text) == [(quote, "count", value, unit)]


@pytest.mark.parametrize(
    "text",
    ["Russia sold Su-35 fighters and S-400 systems to the army.",
     "A MiG-29 crossed the line.", "The F-16 fleet was grounded."],
)
def test_a_model_joined_by_a_hyphen_is_no_fact(text):
    """A name and number joined by a hyphen is a model, no count."""
    assert numbers(text) == []


@pytest.mark.parametrize(
    "text",
    ["Talks lasted a week and resumed a day later.",
     "Patrols sail once a week.", "The crossing was shut for an hour.",
     "The fence runs for a kilometre along the river.",
     "The minister visited once, in May."],
)
def test_the_article_and_once_are_no_number(text):
    """'a week', 'a day', 'an hour', 'once' are no numeric fact."""
    assert numbers(text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [("Guards work 24 hours a day.", [("24 hours", "count", 24.0, "hours")]),
     ("A dozen boats sailed.", [("A dozen boats", "count", 12.0, "boats")]),
     ("A third of the trade is fuel.", [("A third", "percent", 33.33, "%")]),
     ("They hired a hundred guards.", [("a hundred guards", "count", 100.0, "guards")])],
)
def test_number_words_with_the_article_are_numbers(text, found):
    """'a dozen', 'a hundred', 'a third' are numbers; a rate's 'a day' is not."""
    assert numbers(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [("Patrols clashed twice in 2023 near the river.", [("twice", "count", 2.0, "times")]),
     ("The ministers met thrice last year.", [("thrice", "count", 3.0, "times")]),
     ("The ferry was stopped twice, in May and June.", [("twice", "count", 2.0, "times")]),
     ("Exports are twice as large as imports.", [("twice", "multiple", 2.0, "x")]),
     ("Fuel costs twice the price paid in Kigali.", [("twice", "multiple", 2.0, "x")]),
     ("Its army is twice Tunisia's in size.", [("twice", "multiple", 2.0, "x")]),
     ("Officials will think twice before closing it.", []),
     ("A twice-weekly ferry links the ports.", [])],
)
def test_twice_and_thrice_count_occurrences_or_multiply(text, found):
    """'twice in 2023' counts times; 'twice as', 'twice the' are multiples; 'think twice' none."""
    assert numbers(text) == found


def test_a_model_number_beside_twice_stays_silent():
    """A model name in the same sentence as 'twice' stays inside its count, no fact alone."""
    assert [c.quote for c in only(extract("Two Su-30 jets crossed twice."), "count")] == [
        "Two Su-30 jets", "twice"]
