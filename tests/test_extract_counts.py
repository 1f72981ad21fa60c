"""relindex.extract.counts: counts, the nouns they count, and nouns shared or elided."""

from __future__ import annotations

import pytest

from _util import one, only
from relindex.extract import (
    extract,
)


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


@pytest.mark.parametrize(
    ("text", "quote", "value", "unit"),
    [("About 57,000 Serbs live in Croatia.", "57,000 Serbs", 57000.0, "serbs"),
     ("Some 2,000 Poles work there.", "2,000 Poles", 2000.0, "poles"),
     ("Australia exported 575,000 head of cattle.", "575,000 head", 575000.0, "head")],
)
def test_a_people_or_a_head_of_cattle_is_a_noun(text, quote, value, unit):
    """A state's plural demonym in the lexicon ('Serbs', 'Poles') and 'head' are counted nouns."""
    c = one(text, "count")
    assert (c.quote, c.value, c.unit) == (quote, value, unit)


@pytest.mark.parametrize(
    ("text", "quote", "value"),
    [("It signed a deal on migrant workers, of whom some 1.2 million are employed there.",
      "1.2 million", 1_200_000.0),
     ("New Delhi asked Ottawa to cut its diplomatic staff by 41.", "41", 41.0),
     ("Violations fell from 5,133 in 2020 to 592 in 2021.", "5,133", 5133.0)],
)
def test_a_bare_count_whose_noun_was_said_before_is_a_count(text, quote, value):
    """A scaled number, a number after 'by' ending a clause, a dated number of a change."""
    found = {c.quote: c for c in only(extract(text), "count")}
    assert quote in found and found[quote].value == value and found[quote].unit is None


@pytest.mark.parametrize(
    "text",
    ["Article 41 of the Charter applies.", "The 41 members met by 2020.",
     "Mirage 2000 jets struck a camp.", "He said 41 were enough."])
def test_a_bare_number_elsewhere_is_not_a_count(text):
    """Without a scale word, 'by' at a clause end or a dated change, a bare number is no count."""
    assert not [c for c in only(extract(text), "count") if c.unit is None]


@pytest.mark.parametrize(
    ("text", "quote", "value", "unit"),
    [("At least 12 Malian soldiers were killed and 30 wounded.", "30", 30.0, "soldiers"),
     ("Some 90,000 people live there, and 60,000 of them vote.", "60,000", 60000.0, "people"),
     ("The board checked only 900 of the 50,000 claims filed.", "900", 900.0, "claims"),
     ("The guards turned back 35 Uyghurs who tried to cross.", "35 Uyghurs", 35.0, "uyghurs"),
     ("They met on the 1,450-kilometre frontier.", "1,450-kilometre", 1450.0, "kilometres"),
     ("Four soldiers were wounded and two killed.", "two", 2.0, "soldiers"),
     ("Nearly 700,000 Rohingya fled.", "700,000 Rohingya", 700000.0, "rohingya"),
     ("The 300km pipeline opened.", "300km", 300.0, "km"),
     ("It has 1,400 troops there and 300 more on the way.", "300", 300.0, "troops"),
     ("It holds 41 billion cubic metres, two-thirds of its capacity of 74 billion.",
      "74 billion", 74e9, "metres")],
)
def test_nouns_left_out_or_said_elsewhere(text, quote, value, unit):
    """Nouns left out ('and 30 wounded', '60,000 of them', '900 of the 50,000 claims').

    Also a people before 'who' or a verb, a thousands comma in a hyphenated measure, a unit
    glued to its number.
    """
    found = {c.quote: c for c in extract(text) if c.kind == "count"}
    assert quote in found and (found[quote].value, found[quote].unit) == (value, unit), found


@pytest.mark.parametrize(
    "text", ["Turnout fell and 30 voted.", "Talks collapsed and 30 ended.",
             "On 12 March signed the deal."])
def test_a_number_after_and_needs_a_count_before_it(text):
    """Without a counted noun before it, 'and 30 ended' is no count; a month is no people."""
    assert not [c for c in extract(text) if c.kind == "count" and c.quote[:2] in ("30", "12")]


@pytest.mark.parametrize(
    ("text", "quote", "value", "unit"),
    [("It changed more than in the twenty-five years before.", "twenty-five years", 25.0,
      "years"),
     ("Lithuania closed its two remaining road crossings.", "two remaining road crossings",
      2.0, "crossings")],
)
def test_a_spelled_count_after_a_determiner(text, quote, value, unit):
    """A hyphenated number or one before 'remaining' counts after 'the', 'its' ..."""
    c = one(text, "count")
    assert (c.quote, c.value, c.unit) == (quote, value, unit)


@pytest.mark.parametrize("text", ["The two sides met.", "Its two neighbours protested."])
def test_a_small_spelled_number_after_a_determiner_is_no_count(text):
    """'The two sides' names the pair; it is no count."""
    assert not only(extract(text), "count")


def test_a_peoples_name_before_modifiers_and_a_noun_is_a_modifier():
    """'59 Chinese mobile apps' counts apps; '57,000 Serbs live' counts Serbs."""
    c = one("New Delhi banned 59 Chinese mobile apps.", "count")
    assert (c.quote, c.unit) == ("59 Chinese mobile apps", "apps")
    c = one("Some 57,000 Serbs live in Croatia.", "count")
    assert (c.quote, c.unit) == ("57,000 Serbs", "serbs")


@pytest.mark.parametrize(
    ("text", "quote", "unit"),
    [("Around 8,000 Israelis a week visited Türkiye.", "8,000 Israelis", "israelis"),
     ("Some 1,200 Pakistanis crossed the border.", "1,200 Pakistanis", "pakistanis")],
)
def test_a_peoples_plural_in_is_counts_like_other_peoples(text, quote, unit):
    """'Israelis', 'Pakistanis' are the plural of a state's one-word demonym: a people counted."""
    c = one(text, "count")
    assert (c.quote, c.unit) == (quote, unit)


@pytest.mark.parametrize(
    ("text", "quote"),
    [("Troops held the island for several months.", "several months"),
     ("A few weeks later the talks resumed.", "A few weeks")],
)
def test_several_and_a_few_alone_count_three(text, quote):
    """'Several' and 'a few' before a noun are 3, a lower bound (the numeric conventions)."""
    c = one(text, "count")
    assert (c.quote, c.value, c.qualifier) == (quote, 3.0, "at least")


def test_several_of_them_is_no_count():
    """'Several of them' names no noun of its own: no count."""
    assert not only(extract("Several of them left the country."), "count")


# ------------------------------------------------------------------------------ compounds, wholes

@pytest.mark.parametrize(
    ("text", "quote", "unit"),
    [("The army has dismantled more than 500 weapons sites.", "500 weapons sites", "sites"),
     ("About 9,000 trucks pass each month.", "9,000 trucks", "trucks"),
     ("Several thousand pilgrims cross the corridor.", "Several thousand pilgrims", "pilgrims"),
     ("It sent 500 troops perhaps.", "500 troops", "troops"),
     ("The pipeline runs 300 km towns apart.", "300 km", "km")],
)
def test_a_plural_noun_before_a_plural_noun_is_a_compound_with_the_second_as_head(text, quote,
                                                                                   unit):
    """'500 weapons sites' counts sites; a verb, an adverb or a measure before a noun do not."""
    c = one(text, "count")
    assert (c.quote, c.unit) == (quote, unit)


@pytest.mark.parametrize(
    ("text", "quote", "value", "unit"),
    [("Finland has kept all eight road crossings shut.", "eight road crossings", 8.0,
      "crossings"),
     ("Kuwait returned their three boats.", "three boats", 3.0, "boats"),
     ("It has not released the two Iranian freighters.", "two Iranian freighters", 2.0,
      "freighters")],
)
def test_a_spelled_count_of_three_or_more_or_of_a_state_counts_after_a_determiner(
        text, quote, value, unit):
    """After 'the', 'their', 'all': three or more, or two of a state's things, are counts."""
    c = one(text, "count")
    assert (c.quote, c.value, c.unit) == (quote, value, unit)


@pytest.mark.parametrize("text", ["The two Koreas met.", "Its two partners left.",
                                  "The two border guard services still meet.",
                                  "We are a small country between two large ones."])
def test_the_two_of_a_pair_stays_silent(text):
    """'The two' without a state's adjective names the pair; 'ones' refers back: no count."""
    assert not only(extract(text), "count")


def test_a_number_taken_from_a_whole_counts_its_noun():
    """'nine of the farmers' is the number alone with the noun; 'the remaining two' takes it."""
    got = {c.quote: (c.value, c.unit) for c in only(extract(
        "Belize said nine of the farmers had been returned and that it will release the "
        "remaining two once their cases are heard."), "count")}
    assert got == {"nine": (9.0, "farmers"), "two": (2.0, "farmers")}


@pytest.mark.parametrize(
    "text", ["Kenya is one of the largest sources of investment in Tanzania.",
             "Article 4 of the treaties applies.", "Several of the ministers objected.",
             "The ministers met. Two of them spoke."])
def test_one_a_label_or_a_vague_number_of_a_whole_is_no_count(text):
    """'one of the largest sources', 'Article 4 of the', 'several of the': no count."""
    assert not only(extract(text), "count")


def test_of_them_and_the_remaining_take_the_previous_sentences_noun():
    """'nine of them' after a sentence whose last count is traders counts traders."""
    got = {c.quote: (c.value, c.unit) for c in only(extract(
        "The police arrested 17 Ghanaian traders in August. Togo said nine of them had been "
        "released and it would expedite the cases of the remaining eight."), "count")}
    assert got == {"17 Ghanaian traders": (17.0, "traders"), "nine": (9.0, "traders"),
                   "eight": (8.0, "traders")}


@pytest.mark.parametrize(
    ("text", "quote", "value", "unit"),
    [("About 500,000 Nicaraguans live in Costa Rica, and more than 200,000 have applied for "
      "asylum.", "200,000", 200000.0, "nicaraguans"),
     ("Egypt has received 1.2 million Sudanese, on top of some four million who were already "
      "there.", "four million", 4e6, "sudanese"),
     ("They agreed to cut the number of checkpoints on the corridor from 14 to six.", "six", 6.0,
      "checkpoints"),
     ("They agreed to cut the number of checkpoints on the corridor from 14 to six.", "14", 14.0,
      "checkpoints"),
     ("Visits by Russian tourists, which exceeded 3.4 million a year, have fallen.",
      "3.4 million", 3.4e6, "visits"),
     ("Korean visitors to Japan numbered nearly seven million.", "seven million", 7e6,
      "visitors"),
     ("Tourist arrivals hit 2.1 million in 2023.", "2.1 million", 2.1e6, "arrivals"),
     ("Kenya hosts 500,000 refugees, most of them Somali, and 20,000 arrived this year.",
      "20,000", 20000.0, "refugees"),
     ("The 12 vessels were seized in 2021, and 8 in 2022.", "8", 8.0, "vessels"),
     ("Each year 3 million pilgrims visit, and 1.5 million come from abroad.", "1.5 million",
      1.5e6, "pilgrims"),
     ("The zone extends one kilometre on either side of the line.", "one kilometre", 1.0,
      "kilometres")],
)
def test_a_number_after_its_noun_counts_that_noun(text, quote, value, unit):
    """Elided before a verb, in a change of 'the number of X', after a verb of amount."""
    found = {c.quote: c for c in only(extract(text), "count")}
    assert quote in found and (found[quote].value, found[quote].unit) == (value, unit), found


@pytest.mark.parametrize(
    "text", ["The score went from 14 to six.", "Its population exceeded 3 in 2020.",
             "One year on, the ceasefire holds.", "He said 41 were enough.",
             "Visitors returned, and 41 is the new quota."])
def test_a_number_with_no_noun_said_for_it_is_no_count(text):
    """No 'number of X', no scale word after a verb of amount, 'one year': no counted noun."""
    assert not [c for c in only(extract(text), "count") if c.unit is not None]


def test_a_model_number_inside_a_count_is_neither_a_year_nor_a_count():
    """'a dozen Indian Mirage 2000 jets' counts jets; 2000 is the model, no date."""
    found = [c for c in extract("A dozen Indian Mirage 2000 jets struck a camp.")
             if c.kind in ("count", "date")]
    assert [(c.kind, c.quote, c.value, c.unit) for c in found] == [
        ("count", "A dozen Indian Mirage 2000 jets", 12.0, "jets")]
    dates = [c for c in extract("In 2000 troops were sent.") if c.kind in ("count", "date")]
    assert [(c.kind, c.quote) for c in dates] == [("date", "2000")]


@pytest.mark.parametrize(
    "text", ["Resolution 1701 calls for a buffer zone.", "Under Article 5 commitments, allies met.",
             "Route 66 crossings were closed.", "Paragraph 4 states the terms."])
def test_a_number_after_a_label_is_a_name_not_a_count(text):
    """'Resolution 1701 calls', 'Article 5 commitments': the number names a text or a road."""
    assert not only(extract(text), "count")


def test_a_number_after_a_state_name_still_counts():
    """A label list, not any capitalised word: 'handed over to Viet Nam 12 suspects' counts."""
    c = one("The Lao side handed over to Viet Nam 12 suspects wanted by its courts.", "count")
    assert (c.quote, c.unit) == ("12 suspects", "suspects")


def test_a_range_with_to_shares_its_noun():
    """'3,000 to 4,000 soldiers': both ends count soldiers; a change to a percentage does not."""
    got = {c.quote: (c.value, c.unit) for c in only(
        extract("Officials counted 3,000 to 4,000 soldiers."), "count")}
    assert got == {"3,000": (3000.0, "soldiers"), "4,000 soldiers": (4000.0, "soldiers")}
    assert not only(extract("It raised troops from 40 to 25% of the force."), "count")


@pytest.mark.parametrize(
    ("text", "found"),
    [("Exports reached 1.2m tonnes last year.", [("1.2m tonnes", 1.2e6, "tonnes")]),
     ("A drone flew within 300m of the post.", []),
     ("The 300m-long bridge opened.", [])],
)
def test_a_glued_m_is_a_million_only_before_a_noun(text, found):
    """'1.2m tonnes' is 1.2 million tonnes; 'within 300m of' is a distance, no count."""
    assert [(c.quote, c.value, c.unit) for c in only(extract(text), "count")] == found


@pytest.mark.parametrize(
    ("text", "quote", "unit"),
    [("China has built at least 22 villages and settlements in areas claimed by Bhutan.",
      "22 villages and settlements", "villages"),
     ("It has expelled around 1,200 Gabonese traders and workers over the past years.",
      "1,200 Gabonese traders and workers", "traders"),
     ("The ministers signed 15 memoranda and agreements on trade.",
      "15 memoranda and agreements", "memoranda"),
     ("It built 12 schools, clinics and roads in the north.", "12 schools, clinics and roads",
      "schools"),
     ("It seized 12 boats, nets, and engines.", "12 boats, nets, and engines", "boats")],
)
def test_coordinated_nouns_counted_together_end_at_the_last(text, quote, unit):
    """'22 villages and settlements': the span runs through the last noun, the unit is the first."""
    c = one(text, "count")
    assert (c.quote, c.unit) == (quote, unit)


@pytest.mark.parametrize(
    ("text", "quote"),
    [("They sent 20 trucks and a bus to the border.", "20 trucks"),
     ("Iran massed 10,000 troops and armoured units near the border.", "10,000 troops"),
     ("China sends 12 ships and warns the Philippines.", "12 ships"),
     ("It holds 7,000 people and are served by a road.", "7,000 people"),
     ("Russia deployed 300 tanks and troops withdrew later.", "300 tanks"),
     ("It seized 12 boats, and fishermen were held.", "12 boats"),
     ("It holds 12 schools, roads and the port.", "12 schools")],
)
def test_a_second_noun_with_its_own_determiner_or_modifier_is_not_counted(text, quote):
    """'20 trucks and a bus', '10,000 troops and armoured units': the count ends at the first."""
    assert one(text, "count").quote == quote


@pytest.mark.parametrize(
    "text",
    ["About 1,500 vehicles a day crossed before 2022; border guards now count fewer than 200.",
     "About 1,500 vehicles a day crossed before 2022. Border guards now count fewer than 200."])
def test_a_number_after_a_counting_verb_counts_the_noun_said_before(text):
    """'... 1,500 vehicles ...; border guards now count fewer than 200': 200 vehicles."""
    c = only(extract(text), "count")[-1]
    assert (c.quote, c.value, c.unit, c.qualifier) == ("200", 200.0, "vehicles", "fewer than")


@pytest.mark.parametrize(
    "text",
    ["Border guards now count fewer than 200.",
     "About 1,500 vehicles crossed; the guards now count 200 at the main gate.",
     "About 1,500 vehicles crossed; the guards now count 2019 as the last good year."])
def test_a_counting_verb_without_a_noun_said_before_gives_no_count(text):
    """No earlier count, a number not ending its clause, or a year: no bare count."""
    assert [c.quote for c in only(extract(text), "count")] in ([], ["1,500 vehicles"])


@pytest.mark.parametrize(
    ("text", "quote", "value", "unit"),
    [("The channel will be dredged to 34 feet over 57 kilometres.", "34 feet", 34.0, "feet"),
     ("A 34-foot channel was dredged.", "34-foot", 34.0, "feet"),
     ("Boats must stay 12 nm from the coast.", "12 nm", 12.0, "nm"),
     ("The port moved 3 million TEUs.", "3 million TEUs", 3e6, "teus"),
     ("It shipped 2.5 million MT of wheat.", "2.5 million MT", 2.5e6, "mt"),
     ("They agreed a three-step roadmap for delimitation.", "three-step", 3.0, "steps"),
     ("A four-lane highway links the towns.", "four-lane", 4.0, "lanes"),
     ("They built a 25-kilometre-long fence.", "25-kilometre", 25.0, "kilometres"),
     ("It covers a 2,000-square-kilometre area.", "2,000-square-kilometre", 2000.0,
      "kilometres")],
)
def test_feet_and_hyphenated_counts(text, quote, value, unit):
    """'34 feet' (an irregular plural) and 'three-step', 'a 34-foot channel' are counts."""
    c = only(extract(text), "count")[0]
    assert (c.quote, c.value, c.unit) == (quote, value, unit)


@pytest.mark.parametrize("text", ["Trade is two-way.", "A one-stop border post opened.",
                                  "A five-year-old boy crossed.",
                                  "They back a two-state solution."])
def test_hyphenated_words_of_manner_are_no_counts(text):
    """'two-way', 'one-stop', 'two-state' name a kind, not a count."""
    assert not only(extract(text), "count")


@pytest.mark.parametrize(
    ("text", "quote", "unit"),
    [("Some 200 riot police were deployed.", "200 riot police", "police"),
     ("It sent 1,200 Somali police officers.", "1,200 Somali police officers", "officers")],
)
def test_police_counted_without_a_plural(text, quote, unit):
    """'200 riot police' counts police; before a plural noun it is a modifier."""
    c = one(text, "count")
    assert (c.quote, c.unit) == (quote, unit)


@pytest.mark.parametrize(
    ("text", "found"),
    [("India deported 12 fishermen and Sri Lanka 9.",
      [("12 fishermen", "fishermen"), ("9", "fishermen")]),
     ("About 1,500 vehicles crossed daily; guards now count fewer than 200 a day.",
      [("1,500 vehicles", "vehicles"), ("200", "vehicles")]),
     ("It bought 12 jets and World War 2.", [("12 jets", "jets")]),
     ("India deported 12 fishermen and Sri Lanka 9 boats later.",
      [("12 fishermen", "fishermen"), ("9 boats", "boats")])],
)
def test_a_gapped_clause_or_a_rate_keeps_the_noun_said_before(text, found):
    """'12 fishermen and Sri Lanka 9': a state's gapped clause counts the same noun."""
    assert [(c.quote, c.unit) for c in only(extract(text), "count")] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [("Some 1.2 million Syrians and 300,000 Iraqis live there.",
      [("1.2 million Syrians", "syrians"), ("300,000 Iraqis", "iraqis")]),
     ("It sent 10,000 Chinese and 5,000 Russian troops.",
      [("10,000", "troops"), ("5,000 Russian troops", "troops")])],
)
def test_a_people_in_the_plural_before_and_a_number_is_the_noun(text, found):
    """'1.2 million Syrians and 300,000 Iraqis': Syrians are counted, not a modifier."""
    assert [(c.quote, c.unit) for c in only(extract(text), "count")] == found


def _counts(text: str) -> list[tuple[str, float | None, str | None]]:
    return [(c.quote, c.value, c.unit) for c in extract(text) if c.kind == "count"]


@pytest.mark.parametrize(
    ("text", "found"),
    [("Ten Kenyan traders says nothing.", [("Ten Kenyan traders", 10.0, "traders")]),
     ("Some 300 migrants arrives each week.", [("300 migrants", 300.0, "migrants")]),
     ("Two thousand families receives the aid.",
      [("Two thousand families", 2000.0, "families")]),
     ("Nine hundred farmers depends on the canal.", [("Nine hundred farmers", 900.0, "farmers")]),
     # negatives: a plural noun after a plural noun still heads a compound
     ("Inspectors visited 500 weapons sites.", [("500 weapons sites", 500.0, "sites")]),
     ("The 12 arms sales were approved.", [("12 arms sales", 12.0, "sales")]),
     ("They closed two customs posts that served the town.",
      [("two customs posts", 2.0, "posts")]),
     ("The 300 arms exports were cancelled.", [("300 arms exports", 300.0, "exports")])],
)
def test_a_verb_in_s_after_a_plural_noun_ends_the_noun_phrase(text, found):
    """'traders says': the verb is no head of a compound; 'weapons sites' still is."""
    assert _counts(text) == found


@pytest.mark.parametrize(
    "text",
    ["One in four Tajik households depends on remittances.",
     "Two out of every five farmers lack water.", "One in 10 voters stayed home."],
)
def test_a_share_said_as_one_in_four_counts_nothing(text):
    """'one in four households' is a share, not a count of four households."""
    assert _counts(text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [("About 1.5 lakh tonnes were shipped.", [("1.5 lakh tonnes", 150_000.0, "tonnes")]),
     ("Some 2 crore doses were shipped.", [("2 crore doses", 20_000_000.0, "doses")]),
     ("They held 24/7 patrols on the border.", []),
     ("Some 50/50 splits and 3/4 majorities were set.", [])],
)
def test_lakh_and_crore_scale_a_count_and_a_number_after_a_slash_is_none(text, found):
    """'1.5 lakh tonnes' is 150,000 tonnes (it was 1.5); '24/7 patrols' counts no 7 patrols."""
    assert _counts(text) == found


def test_rupees_abbreviated_with_a_dot_open_no_new_sentence():
    """'Rs. 5 lakh': the dot of the sign ends no sentence, so the sum keeps its currency."""
    assert [(c.quote, c.value, c.unit) for c in extract("Aid of Rs. 5 lakh reached them.")
            if c.kind == "money"] == [("Rs. 5 lakh", 0.0005, "INR bn")]


@pytest.mark.parametrize(
    "text",
    ["Exports rose to 45% in 2021 from 30 in 2019.",
     "Trade rose to $4 billion in 2021 from 3 in 2019.",
     "Its share rose by 5% in 2021 and fell by 3."],
)
def test_the_other_end_of_a_share_or_a_sum_is_no_count(text):
    """'rose to 45% ... from 30 in 2019': the 30 is a share, so no count without a unit."""
    assert _counts(text) == []


def test_a_bare_number_after_from_or_by_with_no_sum_before_stays_a_count():
    """'cut its staff by 41', 'fell to 6 in 2021 from 14 in 2019': counts, as before."""
    assert _counts("The ministry cut its staff by 41.") == [("41", 41.0, None)]
    assert _counts("Checkpoints fell to 6 in 2021 from 14 in 2019.") == [
        ("6", 6.0, None), ("14", 14.0, None)]


@pytest.mark.parametrize(
    ("text", "quote", "value"),
    [("Reserves are put at 5.1 trillion cubic feet.", "5.1 trillion cubic feet", 5.1e12),
     ("The field holds 13.6tn cubic metres of gas.", "13.6tn cubic metres", 1.36e13),
     ("It holds 2 billion cubic metres.", "2 billion cubic metres", 2e9)],
)
def test_a_count_takes_every_scale_word_up_to_trillion(text, quote, value):
    """'5.1 trillion cubic feet' is 5.1e12 feet, never 5.1 feet (the scale word is no modifier)."""
    found = {c.quote: c.value for c in extract(text) if c.kind == "count"}
    assert found == {quote: value}
