"""The verb classifier: the rule-based lemmatiser, the CAMEO verb dictionary, its use."""

from __future__ import annotations

import pytest

from relindex.extract import extract
from relindex.extract import pipeline as pipeline_module
from relindex.extract.lexicon import load_lexicon
from relindex.extract.verbs import VerbClassifier, VerbDictionary, lemma, verb_dictionary

PLAIN = {
    # regular: -ed, -s, -ing, with and without a silent e, doubled consonants, -ies/-ied
    "attacked": "attack", "attacks": "attack", "attacking": "attack",
    "seized": "seize", "seizes": "seize", "seizing": "seize",
    "banned": "ban", "banning": "ban", "bans": "ban",
    "detained": "detain", "detains": "detain", "deported": "deport",
    "castigated": "castigate", "denounced": "denounce", "denounces": "denounce",
    "condemned": "condemn", "condemns": "condemn", "protested": "protest",
    "occupied": "occupy", "occupies": "occupy", "occupying": "occupy",
    "criticised": "criticise", "criticized": "criticize", "apologised": "apologise",
    "expelled": "expel", "confiscated": "confiscate", "annexed": "annex",
    "airlifted": "airlift", "extradited": "extradite", "visited": "visit",
    "hosted": "host", "invaded": "invade", "endorsed": "endorse", "praised": "praise",
    "reprimanded": "reprimand", "boycotted": "boycott", "imprisoned": "imprison",
    "kidnapped": "kidnap", "blockaded": "blockade", "waived": "waive", "vetoed": "veto",
    "threatens": "threaten", "warned": "warn", "imposes": "impose", "rescinded": "rescind",
    "stopped": "stop", "closed": "close", "summoned": "summon", "rallied": "rally",
    "negotiated": "negotiate", "mediated": "mediate", "welcomed": "welcome",
    # irregular: from the table or the dictionary's own forms
    "overran": "overrun", "fought": "fight", "struck": "strike", "withdrew": "withdraw",
    "withdrawn": "withdraw", "forgave": "forgive", "held": "hold", "met": "meet",
    "sent": "send", "froze": "freeze", "shot": "shoot", "sold": "sell", "beat": "beat",
}
"""A plain table of verb forms and their lemmas."""


@pytest.mark.parametrize(("form", "want"), sorted(PLAIN.items()))
def test_lemma_agrees_with_a_plain_table(form, want):
    assert lemma(form) == want
    assert lemma(form.capitalize()) == want  # case does not matter


def _regular_forms(v: str) -> list[str]:
    """The third person and past of a regular verb, by the textbook rules."""
    if v.endswith("e"):
        return [v + "s", v + "d"]
    if v.endswith("y") and v[-2] not in "aeiou":
        return [v[:-1] + "ies", v[:-1] + "ied"]
    if v.endswith(("s", "x", "z", "ch", "sh")):
        return [v + "es", v + "ed"]
    return [v + "s", v + "ed"]


def test_every_dictionary_lemma_is_recovered_from_its_regular_forms():
    """Property: the lemmatiser inverts the regular inflections of every listed verb.

    Verbs that double their last consonant (``ban``, ``expel``) or are irregular
    are checked by the plain table above; the rest must round-trip.
    """
    d = verb_dictionary()
    single = sorted({v for v in d.verbs if " " not in v and "-" not in v})
    assert len(single) > 200
    wrong = [(v, f, lemma(f)) for v in single for f in [v, *_regular_forms(v)]
             if lemma(f) != v and not (v[-1] in "bdgmnprtl" and v[-2] in "aeiou"
                                        and v[-3:-2] not in ("a", "e", "i", "o", "u"))]
    assert not wrong, wrong[:20]


def test_the_dictionary_classes_verbs_by_cameo_code_and_object():
    d = verb_dictionary()
    assert d.code("confiscate") == "1711"
    assert d.code("castigate") == "111"
    assert d.code("cut", ["diplomatic", "ties"]) == "161"  # a verb-object pattern
    assert d.code("say") is None  # no act


UNLISTED = [
    ("Kenya derided Uganda over the vote.", "ACCUSE", ["KE", "UG"], "derided"),
    ("Peru chastised Chile for the delay.", "ACCUSE", ["PE", "CL"], "chastised"),
    ("Ethiopian troops commandeered two Eritrean trucks.", "COERCE", ["ET", "ER"],
     "commandeered"),
    ("Ghana pilloried Togo in a statement.", "ACCUSE", ["GH", "TG"], "pilloried"),
]
"""Verbs no phrase of the lexicon lists, each in a CAMEO synonym set."""


@pytest.mark.parametrize(("text", "plover", "actors", "quote"), UNLISTED)
def test_a_verb_the_lexicon_lacks_is_read_through_the_dictionary(text, plover, actors, quote):
    ev = [c for c in extract(text) if c.kind == "event"]
    assert [(c.plover, c.actors, c.quote) for c in ev] == [(plover, actors, quote)]


@pytest.mark.parametrize(("text", "plover", "actors", "negated", "forecast"), [
    ("Ethiopia annexed the disputed Egyptian enclave.", "COERCE", ["ET", "EG"], False, False),
    ("Chile did not censure Peru.", "ACCUSE", ["CL", "PE"], True, False),
    ("Serbia may boycott the Croatian summit.", "COERCE", ["RS", "HR"], False, True),
    ("Kenya extradites two Ugandan suspects to Uganda.", "COOPERATE", ["KE", "UG"], False,
     False),
    # a pledge of supplies by the giver is AGREE (033), the pledge the act
    ("Greece will supply 20 ambulances to Albania.", "AGREE", ["GR", "AL"], False, False),
])
def test_inflections_negation_and_mode_of_dictionary_verbs(text, plover, actors, negated,
                                                           forecast):
    ev = [c for c in extract(text) if c.kind == "event"]
    assert [(c.plover, c.actors, c.negated, c.forecast) for c in ev] == [
        (plover, actors, negated, forecast)]


def test_without_the_dictionary_these_clauses_are_silent(monkeypatch):
    """The events above come from the dictionary: an empty one leaves the clauses silent."""
    empty = VerbDictionary({}, {}, {})
    monkeypatch.setattr(pipeline_module, "verb_classifier",
                        lambda events: VerbClassifier(events, empty))
    for text in [u[0] for u in UNLISTED] + ["Ethiopia annexed the disputed Egyptian enclave."]:
        assert not [c for c in extract(text) if c.kind == "event"]


def test_nouns_headings_and_captions_stay_silent():
    assert not [c for c in extract("A border clash with Uganda.") if c.kind == "event"]
    text = "Kenya Condemns Uganda\n\nKenya and Uganda trade 3 million tonnes of maize a year."
    assert not [c for c in extract(text) if c.kind == "event"]


def test_codes_map_to_the_lexicon_type_of_their_category():
    vc = VerbClassifier(load_lexicon().events)
    for code, plover in (("1711", "COERCE"), ("111", "ACCUSE"), ("033", "AGREE"),
                         ("081", "RETREAT"), ("190", "ASSAULT")):  # 081: CONCEDE read RETREAT
        ev = vc.event_type(code)
        assert ev is not None and ev.plover == plover, code
    assert vc.event_type("010") is None  # a statement, no act between states


def test_the_north_and_the_south_are_the_koreas_in_a_korean_passage():
    text = ("North Korea and South Korea exchanged accusations. "
            "The North fired artillery at the South on Tuesday.")
    ev = [c for c in extract(text) if c.kind == "event" and "artillery" in c.quote]
    assert [(c.plover, c.actors) for c in ev] == [("ASSAULT", ["KP", "KR"])]
    other = "Sudan and South Sudan met. The North fired artillery at the South."
    assert not [c for c in extract(other) if c.kind == "event" and "artillery" in c.quote]


def test_a_name_of_state_is_its_state():
    text = "The Hellenic Republic will provide a grant to Albania."
    ev = [c for c in extract(text) if c.kind == "event"]
    assert [(c.plover, c.actors) for c in ev] == [("AGREE", ["GR", "AL"])]


def test_a_dictionary_verb_opens_a_subordinate_clause_of_its_own():
    """'a day after Turkish troops torched a post': the verb cuts a clause with its event."""
    text = ("Iraq and Turkey disagree. Iraq's foreign ministry summoned the Turkish envoy on "
            "Sunday, a day after Turkish troops torched a customs post near Sulaymaniyah.")
    got = [(c.plover, c.actors) for c in extract(text) if c.kind == "event"]
    assert ("ASSAULT", ["TR", "IQ"]) in got and ("ACCUSE", ["IQ", "TR"]) in got


def test_a_noun_act_after_a_preposition_leaves_the_clause_to_its_verb():
    """'at the summit' names no act of its own: the clause's verb is read instead."""
    text = "Kenya chastised Uganda at the regional summit in Arusha."
    got = [(c.plover, c.actors, c.quote) for c in extract(text) if c.kind == "event"]
    assert got == [("ACCUSE", ["KE", "UG"], "chastised")]


def test_a_passive_names_no_source_through_the_dictionary():
    """A passive's subject is its target, and no state is named as its source: no event."""
    text = "Chile and Peru argue. Two Peruvian officials were chastised in June."
    assert not [c for c in extract(text) if c.kind == "event" and "chastised" in c.quote]


@pytest.mark.parametrize(("text", "actors"), [
    ("Kenya on Tuesday derided Uganda over the vote.", ["KE", "UG"]),
    ("Peru in March 2024 pilloried Chile.", ["PE", "CL"]),
    ("Kenya's foreign ministry on Tuesday chastised Uganda.", ["KE", "UG"]),
    ("The Ugandan defence ministry pilloried Kenya.", ["UG", "KE"]),
])
def test_a_time_phrase_or_an_organ_may_stand_between_the_state_and_its_verb(text, actors):
    assert [(c.plover, c.actors) for c in extract(text) if c.kind == "event"] == [
        ("ACCUSE", actors)]


def test_a_place_is_no_subject():
    assert not [c for c in extract("Talks ended in Beijing; in Beijing derided the plan.")
                if c.kind == "event"]


@pytest.mark.parametrize(("text", "plover"), [
    ("Finland and Russia argue. A Russian patrol boat crossed into Finnish waters.", "MOBILIZE"),
    ("Finland and Russia argue. Russian troops crossed into Finnish territory.", "COERCE"),
])
def test_entering_waters_is_a_show_of_force_and_territory_an_occupation(text, plover):
    got = [(c.plover, c.actors) for c in extract(text) if c.kind == "event"]
    assert got == [(plover, ["RU", "FI"])]
    river = "Finland and Russia argue. Russian troops crossed the river."
    assert not [c for c in extract(river) if c.kind == "event"]


def test_a_passive_with_by_names_its_source():
    text = "Chile and Peru argue. Peruvian trucks were commandeered by Chilean troops."
    assert [(c.plover, c.actors) for c in extract(text) if c.kind == "event"] == [
        ("COERCE", ["CL", "PE"])]
