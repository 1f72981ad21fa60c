"""Subjects carried across sentences, heads of state by title, and frames read by their object.

Sentences written for these tests (Estonia and Latvia, a pair no tuning set is about).
Conventions: ``tests/extract_passages/events/README.md`` (closing a border or airspace is
COERCE, reopening it RETREAT, suspending flights or talks SANCTION).
"""

from __future__ import annotations

import pytest

from relindex.extract import extract
from relindex.extract._carried import refers_back

PAIR = "Estonia and Latvia signed a border treaty in 2019. "


def _events(text: str) -> list[tuple[str | None, tuple[str, ...], str, str]]:
    """The events of `text` after a first sentence that names the pair, actors in order."""
    return [(c.plover, tuple(c.actors), c.mode, c.quote) for c in extract(PAIR + text)
            if c.kind == "event" and c.span[0] >= len(PAIR)]


# --- subjects carried across sentences ------------------------------------------------------


@pytest.mark.parametrize(("text", "want"), [
    ("Estonia buys most of its grain from Latvia. It agreed in May to double its purchases.",
     ("AGREE", ("EE", "LV"), "act", "agreed in May to")),
    ("Latvia accused Estonia of spying. It recalled its ambassador on Monday.",
     ("SANCTION", ("LV", "EE"), "act", "recalled its ambassador")),
    ("Latvia accused Estonia of spying. The government recalled its ambassador on Monday.",
     ("SANCTION", ("LV", "EE"), "act", "recalled its ambassador")),
    ("In March, Latvia's foreign ministry accused Estonia of spying. It recalled its "
     "ambassador on Monday.", ("SANCTION", ("LV", "EE"), "act", "recalled its ambassador")),
    # after a semicolon the clause's "it" is the sentence's subject (read before this rule)
    ("Latvia accused Estonia of spying; it recalled its ambassador on Monday.",
     ("SANCTION", ("LV", "EE"), "act", "recalled its ambassador")),
])
def test_it_or_the_government_takes_the_state_that_was_the_last_subject(text, want):
    """``It agreed in May to ...`` after a sentence whose subject is a state: that state."""
    assert _events(text)[-1] == want


@pytest.mark.parametrize("text", [
    "Latvia accused Estonia of spying. It is unclear whether it recalled its ambassador.",
    "Latvia accused Estonia of spying. It was reported that the ambassador had been recalled.",
    "The treaty was ratified by both parliaments. It agreed to double grain purchases.",
    "Latvian grain exports rose by a fifth. It agreed to double grain purchases.",
    "Latvia's grain harvest failed. It agreed in May to double its purchases.",
    "The Narva bridge was closed for repairs. It recalled its ambassador on Monday.",
])
def test_an_expletive_it_or_an_it_after_a_thing_takes_no_state(text):
    """``It is``, ``It was reported``; ``It`` after a treaty, exports, a harvest or a bridge."""
    first = text.split(". ")[0]
    assert _events(text) == _events(first + ".")


def test_refers_back_reads_the_openers_and_not_an_expletive_it():
    assert refers_back(["it", "agreed", "to"]) and refers_back(["the", "country", "banned"])
    assert refers_back(["they", "met"])
    assert not refers_back(["it", "is", "unclear"])
    assert not refers_back(["it", "has", "been", "reported"])
    assert not refers_back(["it", "remains", "unclear"])
    assert not refers_back(["the", "countryside", "was"])


def test_a_singular_it_takes_no_pair():
    """``Estonia and Latvia are neighbours. It banned ...``: ``It`` is one state, not both."""
    got = _events("The two countries are neighbours. It also banned imports of Latvian milk.")
    assert got[-1][:2] == ("COERCE", ("EE", "LV"))


# --- frames whose object decides the act ----------------------------------------------------


@pytest.mark.parametrize(("text", "want"), [
    ("Estonia shut the frontier in May.", ("COERCE", ("EE", "LV"), "act", "shut the frontier")),
    ("In June Latvia closed four forest trails with razor wire.",
     ("COERCE", ("LV", "EE"), "act", "closed four forest trails")),
    ("Estonia closed the pipeline to Latvia on Monday.",
     ("SANCTION", ("EE", "LV"), "act", "closed the pipeline")),
    ("Estonia shut down the gas pipeline to Latvia.",
     ("SANCTION", ("EE", "LV"), "act", "shut down the gas pipeline")),
    ("Latvia retaliated by closing the pipeline for a month.",
     ("SANCTION", ("LV", "EE"), "act", "closing the pipeline")),
    ("Estonia restarted the pipeline to Latvia in March.",
     ("RETREAT", ("EE", "LV"), "act", "restarted the pipeline")),
])
def test_a_verb_of_closing_or_reopening_takes_the_act_of_its_object(text, want):
    """A passage closed is COERCE, a pipeline closed SANCTION, either reopened RETREAT."""
    assert want in _events(text)


def test_a_closure_is_read_before_a_participle_of_the_same_clause():
    """``shut the frontier ... after accusing``: the closure, and the accusation apart."""
    got = {e[0] for e in _events("Estonia shut the frontier in May after accusing Latvia of "
                                 "smuggling.")}
    assert got == {"COERCE", "ACCUSE"}


@pytest.mark.parametrize("text", [
    "Estonia closed the investigation into the Latvian trawler.",
    "Estonia sealed the deal with Latvia.",
    "Estonia closed the gap with Latvia in grain exports.",
    "The closing ceremony at the Latvian border crossing was held in May.",
    "Estonian officials shut the door on further talks.",
])
def test_a_closing_verb_with_an_object_of_no_class_gives_nothing(text):
    """An investigation, a deal, a gap, a ceremony, a door: no closure of a passage."""
    assert _events(text) == []


# --- heads of state and government by title -----------------------------------------------

ROYAL = "Bhutan and Nepal signed a border treaty in 2019. "


def _royal(text: str) -> list[tuple[str | None, tuple[str, ...], str, str]]:
    return [(c.plover, tuple(c.actors), c.mode, c.quote) for c in extract(ROYAL + text)
            if c.kind == "event" and c.span[0] >= len(ROYAL)]


@pytest.mark.parametrize(("text", "want"), [
    ("His Majesty the King of Bhutan received the Nepalese Foreign Minister in Thimphu. The "
     "Minister extended an invitation to His Majesty to visit Kathmandu, which His Majesty "
     "graciously accepted.", ("AGREE", ("BT", "NP"), "act", "accepted")),
    ("The King of Bhutan received the Nepalese Foreign Minister in Thimphu. The Minister later "
     "thanked the King for the hospitality.", ("SUPPORT", ("NP", "BT"), "act", "thanked")),
    ("The King of Bhutan received the Nepalese Foreign Minister in Thimphu. The Minister later "
     "criticised the King for the delay.", ("ACCUSE", ("NP", "BT"), "act", "criticised")),
])
def test_a_title_the_passage_ties_to_a_state_stands_for_it_alone(text, want):
    """``His Majesty``, ``the King`` after ``the King of Bhutan``: Bhutan."""
    assert want in _royal(text)


def test_a_title_tied_to_no_state_or_to_both_stands_for_none():
    """``The King`` never tied; ``the President`` of Estonia and of Latvia: neither."""
    from relindex.extract.layout import classify
    from relindex.extract.lexicon import load_lexicon
    from relindex.extract.pipeline import _document
    from relindex.extract.sentences import split_sentences

    def titles(text: str) -> dict[str, str]:
        sents = split_sentences(text)
        return dict(_document(text, sents, classify(text, sents), load_lexicon())[0].titles)

    assert titles(ROYAL + "The King received the Nepalese Foreign Minister.") == {
        "foreign minister": "NP"}
    assert titles(PAIR + "The President of Estonia met the President of Latvia.") == {}
    assert titles(PAIR + "Latvia's Prime Minister met the President of Estonia.") == {
        "prime minister": "LV", "president": "EE"}


@pytest.mark.parametrize("text", [
    "President Karis met Latvian officials.",  # a name follows: the leaders' reading
    "The President of Estonia met Latvian officials.",  # the state is named
    "The Estonian President met Latvian officials.",  # the state is named
])
def test_a_title_with_a_name_or_its_state_beside_it_is_no_title_alone(text):
    from relindex.extract._titles import title_hits
    from relindex.extract.actors import find_actor_hits
    from relindex.extract.events import tokens
    from relindex.extract.lexicon import load_lexicon

    spans, gaps = tokens(text)
    hits = find_actor_hits(text, spans, gaps, load_lexicon().index)
    assert title_hits(text, spans, gaps, hits, {"president": "EE"}) == []


@pytest.mark.parametrize(("text", "want"), [
    ("Estonia halted all bus services to Latvia.",
     ("SANCTION", ("EE", "LV"), "act", "halted all bus services")),
    ("Estonia stopped the night trains to Latvia in May.",
     ("SANCTION", ("EE", "LV"), "act", "stopped the night trains")),
    ("Estonia restored the night trains to Latvia in May.",
     ("RETREAT", ("EE", "LV"), "act", "restored the night trains")),
])
def test_a_service_halted_or_restored_is_a_sanction_or_its_end(text, want):
    """Flights, trains, ferries or buses halted: SANCTION; resumed or restored: RETREAT."""
    assert want in _events(text)


@pytest.mark.parametrize("text", [
    "Estonia stopped the investigation into Latvian ferries.",
    "Estonian police stopped a Latvian bus at the border.",
])
def test_a_halting_verb_with_no_service_as_its_head_gives_nothing(text):
    """An investigation (of ferries), a bus stopped by police: no service halted."""
    assert _events(text) == []
