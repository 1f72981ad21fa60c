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



@pytest.mark.parametrize(
    "text",
    [
        "Recognising the importance of the river, Portugal and Spain agreed to set up a "
        "joint commission.",
        "Reaffirming their friendship, Portugal and Spain agreed to set up a joint commission.",
    ],
)
def test_a_preamble_participle_is_not_the_act_of_its_clause(text):
    """A joint statement's opening participle yields to the finite act that follows."""
    assert last(text) == ("AGREE", ["PT", "ES"], "act")


def test_warning_shots_are_a_show_of_force_and_fire_that_strikes_an_assault():
    """Warning shots: MOBILIZE (150); fire on the other's forces: ASSAULT."""
    assert last("Spanish troops fired warning shots after Portuguese soldiers crossed the "
                "line.")[0] == "MOBILIZE"
    assert last("Spanish guards fired two warning shots towards a Portuguese vessel.")[:2] == (
        "MOBILIZE", ["ES", "PT"])
    assert last("Spanish troops fired on Portuguese soldiers.")[0] == "ASSAULT"


@pytest.mark.parametrize(
    "text",
    [
        "Lisbon has put off a meeting of the joint commission with Spain.",
        "Lisbon deferred its meeting with Spain.",
        "Lisbon delayed the next round of talks with Spain.",
        "Lisbon postponed the summit with Spain.",
    ],
)
def test_a_meeting_put_off_is_the_postponement(text):
    """A meeting put off, deferred or delayed is SANCTION (160), not the meeting."""
    assert last(text) == ("SANCTION", ["PT", "ES"], "act")


def test_of_two_triggers_as_long_the_one_with_fewer_wildcard_words_wins():
    """``fired * warning shots`` over ``fired * shots`` for 'fired warning shots'."""
    from relindex.extract.events import find_triggers, tokens
    from relindex.extract.lexicon import Lexicon

    lex = Lexicon.from_dict({"event": [
        {"id": "clash", "name": "Clash", "polarity": "friction", "triggers": ["fired * shots"],
         "suffixes": []},
        {"id": "show", "name": "Show", "polarity": "friction",
         "triggers": ["fired * warning shots"], "suffixes": []}], "countries": False})
    text = "they fired warning shots"
    spans, gaps = tokens(text)
    low = [text[a:b].lower() for a, b in spans]
    (trig,) = find_triggers(low, gaps, lex.index)
    assert trig[2].id == "show"


@pytest.mark.parametrize(
    ("text", "plover"),
    [
        # persons sent back, exchanged or released by pronoun: a return (0841)
        ("Spain sent four Portuguese sailors back across the river.", "RETREAT"),
        ("Spain sent the Portuguese workers home.", "RETREAT"),
        ("Portugal and Spain exchanged 12 Portuguese and 9 Spanish detainees.", "RETREAT"),
        ("Spanish police detained three Portuguese hikers and freed them on Friday.", "RETREAT"),
        # the other's troops accepted: a military de-escalation (08x)
        ("Spain has since accepted Portuguese troops in the joint force.", "RETREAT"),
        # a retaliation by a gerund: the gerund's act
        ("Spain retaliated in May by suspending imports of Portuguese wine.", "COERCE"),
        # a verdict in quotation marks
        ('Spain called the Portuguese move "a hostile act".', "ACCUSE"),
    ],
)
def test_returns_retaliations_and_verdicts(text, plover):
    """Act families of the seventh round, written from their patterns."""
    assert last(text)[0] == plover


def test_may_before_an_article_is_the_month_not_the_modal():
    """``In May a Spanish jet violated ...`` happened; ``Spain may violate ...`` may happen."""
    assert last("In May a Spanish fighter jet briefly violated Portuguese airspace.")[2] == "act"
    assert last("Spain may violate Portuguese airspace.")[2] == "forecast"


def test_a_noun_act_ordered_after_another_act_is_a_new_act():
    """``expelled the envoy and ordered the closure of the consulates``: two acts."""
    found = events(PAIR + "Spain expelled the Portuguese envoy and ordered the closure of the "
                   "Portuguese consulates.")
    assert [c.plover for c in found] == ["SANCTION", "SANCTION"]


@pytest.mark.parametrize(
    ("text", "plover", "mode"),
    [
        ("Spain responded by sending two more coast guard cutters to the Portuguese shoal.",
         "MOBILIZE", "act"),
        ("Spain sent three patrol boats towards Portuguese waters.", "MOBILIZE", "act"),
        ("Spain will exempt Portuguese nationals from its new restriction.", "RETREAT",
         "forecast"),
        ("Spanish soldiers crossed the ceasefire line on the Portuguese side.", "COERCE", "act"),
    ],
)
def test_vessels_sent_exemptions_and_lines_crossed(text, plover, mode):
    """Ships sent (150), exemptions from a restriction (085), a line crossed by troops (192)."""
    got = last(text)
    assert (got[0], got[2]) == (plover, mode)


def test_a_relative_clause_with_its_own_state_subject_holds_its_act():
    """``activists whom Spanish police deported``: the deporting is Spain's act, unmarked."""
    found = events(PAIR + "Portugal raised concern about three Portuguese activists whom "
                   "Spanish police deported in May.")
    assert [(c.plover, c.actors) for c in found][-1] == ("COERCE", ["ES", "PT"])


def test_drones_that_strike_and_barriers_abolished():
    """A drone or missile that strikes is ASSAULT; duties or barriers abolished an easing."""
    assert last("Spanish drones hit a Portuguese border town.")[:2] == ("ASSAULT", ["ES", "PT"])
    assert last("Spain abolished duties on Portuguese wine.")[0] == "RETREAT"
