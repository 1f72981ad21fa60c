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


@pytest.mark.parametrize(
    ("text", "found"),
    [("Ankara sent 600 more troops to the frontier, bringing the total there to about 4,000.",
      [("600 more troops", "troops"), ("4,000", "troops")]),
     ("Another 35 trucks crossed on Monday, taking the tally to 410.",
      [("35 trucks", "trucks"), ("410", "trucks")]),
     ("Police detained 14 smugglers. That brought the number so far to 90.",
      [("14 smugglers", "smugglers"), ("90", "smugglers")]),
     ("They returned 25 fishermen in May and 40 in June, a total of 65.",
      [("25 fishermen", "fishermen"), ("40", "fishermen"), ("65", "fishermen")])],
)
def test_a_total_without_its_noun_counts_the_noun_said_before(text, found):
    """'bringing the total to N': N counts the noun of the count before it."""
    assert [(c.quote, c.unit) for c in only(extract(text), "count")] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [("Ferries now make fewer than 12 crossings a week from about 40.",
      [("12 crossings", "crossings"), ("40", "crossings")]),
     ("The garrison shrank to 900 soldiers from 2,500, officials said.",
      [("900 soldiers", "soldiers"), ("2,500", "soldiers")])],
)
def test_the_other_end_of_a_change_counts_the_noun_of_its_clause(text, found):
    """'fewer than 12 crossings a week from about 40': 40 crossings."""
    assert [(c.quote, c.unit) for c in only(extract(text), "count")] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [("Border guards shot at a boat of Afghan migrants near the river, killing two.",
      [("two", "migrants")]),
     ("Militants ambushed 30 police officers, killing four and wounding nine, officials said.",
      [("30 police officers", "officers"), ("four", "officers"), ("nine", "officers")]),
     ("A mortar round struck the market, killing 11.", [("11", None)])],
)
def test_a_number_after_a_participle_of_harm_counts_the_object_said_before(text, found):
    """'..., killing two': the last count's noun, else the object of the clause's verb."""
    assert [(c.quote, c.unit) for c in only(extract(text), "count")] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [("Lagos deported Ghanaian traders working in its markets, about 250 according to "
      "their union.", [("250", "traders")]),
     ("The army arrested protesters at the crossing, 60 by one count.", [("60", "protesters")]),
     ("Officials said the navy seized trawlers off the coast, some 14 according to the "
      "ministry.", [("14", "trawlers")])],
)
def test_an_attributed_number_counts_the_object_said_before(text, found):
    """', about 250 according to X': the object of the clause's verb is counted."""
    assert [(c.quote, c.unit) for c in only(extract(text), "count")] == found


@pytest.mark.parametrize(
    "text",
    ["The ministry raised the total to 45.",
     "Exports fell from 2019 levels, according to officials.",
     "Trains ran from 6 a.m. to midnight.",
     "Exports fell from 40 in May.",
     "Visits rose to 1,200 from 2020.",
     "The vote passed on 12 May, according to diplomats.",
     "Resolution 1701, according to diplomats, still binds both sides.",
     "The deal was killed in 2019, according to officials.",
     "Soldiers fired on the crowd, killing one of the organisers' hopes of a march in 2024."],
)
def test_a_bare_number_with_no_noun_said_for_it_stays_silent(text):
    """No count said before a total or a change, years, dates and labels give no bare count."""
    assert only(extract(text), "count") == []


@pytest.mark.parametrize(
    ("text", "quote", "unit"),
    [("The President was accompanied by four Cabinet Secretaries and the Governor.",
      "four Cabinet Secretaries", "secretaries"),
     ("The delegation included three Deputy Ministers.", "three Deputy Ministers", "ministers"),
     ("The fund supports 14 NGOs in the camps.", "14 NGOs", "ngos"),
     ("Sixteen Member States signed the declaration.", "Sixteen Member States", "states"),
     ("Two Vice-Presidents and the Speaker attended.", "Two Vice-Presidents",
      "vice-presidents"),
     ("The ministers signed 11 MoUs on trade.", "11 MoUs", "mous")],
)
def test_a_capitalised_plural_ending_a_title_is_the_counted_noun(text, quote, unit):
    """'four Cabinet Secretaries' counts secretaries, its unit in lower case."""
    assert [(c.quote, c.unit) for c in only(extract(text), "count")] == [(quote, unit)]


@pytest.mark.parametrize(
    ("text", "found"),
    [("It sent two United States warships.", [("two United States warships", "warships")]),
     ("Some 1.2 million Syrians and 300,000 Iraqis live there.",
      [("1.2 million Syrians", "syrians"), ("300,000 Iraqis", "iraqis")]),
     ("Engineers visited the Three Gorges Dam.", []),
     ("Flights resumed on 3 March.", [])],
)
def test_a_capitalised_word_before_a_noun_or_a_name_is_no_title_noun(text, found):
    """A capitalised plural before a noun is a modifier; a name or a date is no count."""
    assert [(c.quote, c.unit) for c in only(extract(text), "count")] == found


def test_a_number_after_and_before_a_month_counts_the_noun_before():
    """'25 herders in May and 40 in June': 40 herders, as '... and 40 in 2021' is."""
    found = [(c.quote, c.unit) for c in only(
        extract("Kenya deported 25 herders in May and 40 in June."), "count")]
    assert found == [("25 herders", "herders"), ("40", "herders")]


@pytest.mark.parametrize(
    ("text", "found"),
    [("Kenya sent 400 troops in March and another 300 in May.",
      [("400 troops", "troops"), ("300", "troops")]),
     ("It deported 300 herders last year and 120 the year before.",
      [("300 herders", "herders"), ("120", "herders")]),
     ("The garrison grew to 45 posts, from 30 a year earlier.",
      [("45 posts", "posts"), ("30", "posts")]),
     ("The garrison grew to 45 posts, from 30 in 2022.", [("45 posts", "posts"), ("30", "posts")]),
     ("Last year 1,200 migrants crossed; this year the figure is 300.",
      [("1,200 migrants", "migrants"), ("300", "migrants")]),
     ("Guards logged 12 incidents in 2022, 19 in 2023 and 31 in 2024.",
      [("12 incidents", "incidents"), ("19", "incidents"), ("31", "incidents")]),
     ("The clashes left 14 dead, 30 injured.", [("14", None), ("30", None)])],
)
def test_a_gapped_count_before_a_time_or_a_figure_counts_the_noun_before(text, found):
    """'400 troops in March and another 300 in May': 300 troops; so for 'the figure is 300'."""
    assert [(c.quote, c.unit) for c in only(extract(text), "count")] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [("Gunmen attacked a bus carrying 40 villagers. Six were killed and 12 were wounded.",
      [("40 villagers", "villagers"), ("Six", "villagers"), ("12", "villagers")]),
     ("Police arrested 14 protesters. Of those, nine were charged.",
      [("14 protesters", "protesters"), ("nine", "protesters")]),
     ("The two states share 14 crossings, eight of which are closed.",
      [("14 crossings", "crossings"), ("eight", "crossings")])],
)
def test_a_number_opening_its_sentence_or_of_which_counts_the_noun_said_before(text, found):
    """'Six were killed' after '40 villagers': six villagers; 'eight of which' likewise."""
    assert [(c.quote, c.unit) for c in only(extract(text), "count")] == found


@pytest.mark.parametrize(
    "text",
    ["Two were killed.", "The talks began in 2019. 2021 was calm.",
     "Kenya sent 400 troops and several in May.", "In 2022, 19 were reported.",
     "Ferries make 12 crossings a week from dozens.",
     "It sent 40 trucks. Several were stopped.",
     "Two factors matter to the 12 ministers. One is the border."],
)
def test_a_number_with_no_count_before_it_or_vague_stays_silent(text):
    """No count said before, a year or a vague number: no bare count."""
    assert [c.quote for c in only(extract(text), "count") if " " not in c.quote] == []


@pytest.mark.parametrize(
    ("text", "quote", "value", "unit"),
    [("Uganda charged the traders Shs 5 billion.", "Shs 5 billion", 5.0, "UGX bn"),
     ("Tanzania spent Sh 40 billion on the road.", "Sh 40 billion", 40.0, "TZS bn"),
     ("Cameroon levied CFA 2 billion in taxes.", "CFA 2 billion", 2.0, "XAF bn"),
     ("Senegal charged a fee of CFA 500,000.", "CFA 500,000", 500000.0, "XOF"),
     ("Nigeria paid N2 billion for the road.", "N2 billion", 2.0, "NGN bn"),
     ("Egypt earned E£3 billion from the canal.", "E£3 billion", 3.0, "EGP bn"),
     ("Burundi earned Fbu 2 billion from the tolls.", "Fbu 2 billion", 2.0, "BIF bn")],
)
def test_currency_signs_of_east_and_west_african_and_egyptian_prose(text, quote, value, unit):
    """'Shs', 'Sh', 'CFA', 'N', 'E£', 'Fbu' before a number: the state's currency."""
    assert numbers(text) == [(quote, "money", value, unit)]


@pytest.mark.parametrize(
    ("text", "found"),
    [("The N1 highway was closed.", []),
     ("Britain paid £4 billion.", [("£4 billion", "money", 4.0, "GBP bn")]),
     ("Traders run Sh 5 shops.", [("5 shops", "count", 5.0, "shops")])],
)
def test_a_letter_sign_needs_a_scale_or_a_word_of_money(text, found):
    """'N1' is a road, 'Sh 5 shops' no sum; '£' after no letter stays sterling."""
    assert numbers(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [("Of the 14 agreements signed, nine concern trade.",
      [("14 agreements", "agreements"), ("nine", "agreements")]),
     ("Ten soldiers died; four more are missing.",
      [("Ten soldiers", "soldiers"), ("four", "soldiers")]),
     ("Armenia returned 32 prisoners; Azerbaijan returned two.",
      [("32 prisoners", "prisoners"), ("two", "prisoners")]),
     ("Kenya deported 300 Ugandans and Uganda expelled 120.",
      [("300 Ugandans", "ugandans"), ("120", "ugandans")]),
     ("About 6,000 Haitians were deported in March, bringing this year's total to 42,000.",
      [("6,000 Haitians", "haitians"), ("42,000", "haitians")]),
     ("Some 150 trucks a day cross at Torkham, against 1,000 before the closure.",
      [("150 trucks", "trucks"), ("1,000", "trucks")]),
     ("The clashes left 14 dead and 30 injured.", [("14", None), ("30", None)]),
     ("Fighting displaced an estimated 60,000, the UN said.", [("60,000", None)])],
)
def test_more_counts_whose_noun_was_said_before_or_is_people(text, found):
    """'four more', 'returned two', 'left 14 dead', '... and Uganda expelled 120'."""
    assert [(c.quote, c.unit) for c in only(extract(text), "count")] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [("It found 300 dead bodies; 12 missing fishermen were found.",
      [("300 dead bodies", "bodies"), ("12 missing fishermen", "fishermen")]),
     ("The talks will take two more years.", [("two more years", "years")]),
     ("The court jailed the captain and fined the owner in 2019.", []),
     ("Some 48 Rohingya who fled were returned.", [("48 Rohingya", "rohingya")]),
     ("Parliament approved the bill by 120 votes to 45.", [("120 votes", "votes")]),
     ("The company reported 2023.", [])],
)
def test_a_noun_after_a_casualty_word_or_no_count_before_keeps_its_reading(text, found):
    """'300 dead bodies' counts bodies; no count said before gives no bare count."""
    assert [(c.quote, c.unit) for c in only(extract(text), "count")] == found


def test_a_title_noun_before_and_a_number_is_counted_with_its_own_noun():
    """'11 MoUs and 4 agreements': each number counts its own noun."""
    found = [(c.quote, c.unit) for c in only(
        extract("They signed 11 MoUs and 4 agreements."), "count")]
    assert found == [("11 MoUs", "mous"), ("4 agreements", "agreements")]


@pytest.mark.parametrize(
    ("text", "quote", "value", "unit"),
    [("Malaysia will provide ten (10) scholarships.", "ten (10) scholarships", 10.0,
      "scholarships"),
     ("It will ship five hundred (500) metric tonnes of rice.",
      "five hundred (500) metric tonnes", 500.0, "tonnes")],
)
def test_a_number_repeated_in_digits_in_brackets_is_one_count(text, quote, value, unit):
    """'ten (10) scholarships', as communiqués write it: one count, through the noun."""
    assert numbers(text) == [(quote, "count", value, unit)]


@pytest.mark.parametrize(
    ("text", "found"),
    [("The town hosts 200 Serbs and Croats.", [("200 Serbs and Croats", "serbs")]),
     ("It sent 10,000 Chinese and Russian troops.",
      [("10,000 Chinese and Russian troops", "troops")])],
)
def test_two_peoples_counted_together_take_the_first_as_unit(text, found):
    """'200 Serbs and Croats' runs to the last people, its unit the first, as nouns do."""
    assert [(c.quote, c.unit) for c in only(extract(text), "count")] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [("Guards turned back 1,200 migrants this year (800 last year).",
      [("1,200 migrants", "migrants"), ("800", "migrants")]),
     ("Rail freight fell from 30 trains a week to 12.",
      [("30 trains", "trains"), ("12", "trains")]),
     ("Deportations rose to 1,200 migrants, an increase of 300.",
      [("1,200 migrants", "migrants"), ("300", "migrants")]),
     ("The mission has 1,200 personnel, including 300 from Kenya.",
      [("1,200 personnel", "personnel"), ("300", "personnel")]),
     ("About 2,000 trucks crossed daily before the closure, now barely 300 a day.",
      [("2,000 trucks", "trucks"), ("300", "trucks")])],
)
def test_the_size_or_part_of_a_count_takes_its_noun(text, found):
    """'an increase of 300', 'including 300 from Kenya': the noun of the count before."""
    assert [(c.quote, c.unit) for c in only(extract(text), "count")] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [("It sent 40 trucks to 3 depots.", [("40 trucks", "trucks"), ("3 depots", "depots")]),
     ("They agreed to move 30 soldiers to 12.", [("30 soldiers", "soldiers")]),
     ("Exports fell from 40 in May.", [])],
)
def test_to_without_from_or_a_noun_after_keeps_its_reading(text, found):
    """'to 3 depots' has its noun; 'to 12' with no 'from' before is no count."""
    assert [(c.quote, c.unit) for c in only(extract(text), "count")] == found


def test_casualties_take_no_noun_from_the_sentence_before():
    """'left 3 dead' after a sentence about protesters: a count with no unit."""
    found = [(c.quote, c.unit) for c in only(
        extract("Police arrested 14 protesters. The clashes left 3 dead."), "count")]
    assert found == [("14 protesters", "protesters"), ("3", None)]
