"""relindex.extract.clauses: the structure of a clause, each construction with its negatives.

Sentences written for these tests (Estonia and Latvia). Conventions:
``tests/extract_passages/events/README.md`` ("Agreed to X" takes the category of X; an
agreement to a body, intent or meeting is AGREE, an act).
"""

from __future__ import annotations

import pytest

from relindex.extract import extract
from relindex.extract.clauses import infinitive_chain

PAIR = "Estonia and Latvia signed a border treaty in 2019. "


def _events(text: str) -> list[tuple[str | None, list[str], str, str]]:
    """The events of `text` after a first sentence that names the pair."""
    out = []
    for c in extract(PAIR + text):
        if c.kind == "event" and c.span[0] >= len(PAIR):
            out.append((c.plover, sorted(c.actors),
                        "negated" if c.negated else "forecast" if c.forecast else "act", c.quote))
    return out


def _words(text: str) -> tuple[list[str], list[str]]:
    from relindex.extract.events import tokens

    spans, gaps = tokens(text)
    return [text[a:b].lower() for a, b in spans], gaps


# --- chained infinitives after "agreed to" ------------------------------------------------


def test_infinitive_chain_finds_each_further_to_and_stops_at_a_semicolon():
    """Each ``to`` after ``and`` or a comma that opens a verb; none after a semicolon."""
    low, gaps = _words("they agreed to open a port, to train pilots and to share data; "
                       "and to Riga")
    first = low.index("to") + 1
    chain = infinitive_chain(low, gaps, first, len(low), frozenset())
    assert [" ".join(low[a:b]) for a, b in chain] == ["to train pilots", "to share data"]


@pytest.mark.parametrize("text", [
    "They agreed to raise trade to the level of 2019, and to about 40 percent.",
    "They agreed to cut fees from $10 to $5, and to US$2 later.",
])
def test_a_to_before_a_determiner_a_number_or_a_sum_is_no_infinitive(text):
    """``and to the level``, ``and to about 40``, ``to US$2``: prepositions, not infinitives."""
    low, gaps = _words(text)
    assert infinitive_chain(low, gaps, low.index("to") + 1, len(low), frozenset()) == []


def test_every_infinitive_of_agreed_to_is_an_event():
    """``agreed to A, to B and to C``: three acts agreed, each classed as ``agreed to X``."""
    got = _events("Estonia and Latvia agreed to reopen the Valga crossing, to align their "
                  "customs forms and to meet again in Tartu in May.")
    assert [(p, m) for p, _, m, _ in got] == [("RETREAT", "act"), ("AGREE", "act"),
                                              ("AGREE", "act")]
    assert all(a == ["EE", "LV"] for _, a, _, _ in got)


def test_a_second_infinitive_after_a_comma_and_and_is_an_event():
    """``..., and to set up a hotline``: the second infinitive is an agreement of its own."""
    got = _events("Estonia and Latvia agreed to resume joint patrols on Lake Peipus, "
                  "and to set up a hotline between their border guards.")
    assert [(p, m) for p, _, m, _ in got] == [("COOPERATE", "act"), ("AGREE", "act")]


def test_a_second_infinitive_takes_the_category_of_its_act():
    """``and to lift the ban on ...``: the act agreed (RETREAT), as for the first."""
    got = _events("Estonia and Latvia agreed to hold talks in May and to lift the ban "
                  "on Latvian grain.")
    assert [p for p, _, _, _ in got] == ["AGREE", "RETREAT"]


def test_an_agreement_refused_gives_no_chain():
    """``refused to A and to B``: no agreement, so no act agreed in the chain."""
    got = _events("Latvia refused to reopen the crossing and to align customs forms.")
    assert not any(q.startswith("to align") or q == "align" for _, _, _, q in got)


def test_a_chain_of_asked_to_is_no_agreement():
    """``asked Latvia to A and to B``: a request, not acts agreed."""
    got = _events("Estonia asked Latvia to reopen the crossing and to align customs forms.")
    assert [p for p, _, _, _ in got] == ["REQUEST"]


def test_a_new_subject_and_verb_after_and_is_no_infinitive_of_the_agreement():
    """``agreed to A, and Latvia promised to B``: the second ``to`` is not the agreement's."""
    got = _events("Estonia agreed to reopen the crossing, and Latvia promised to align "
                  "customs forms.")
    assert not any(q.startswith("to align") for _, _, _, q in got)


# --- measures kept in force ---------------------------------------------------------------


def test_kept_measure_reads_the_object_and_its_complement():
    """``kept in force X``, ``keep X in place``, ``keep X closed``: verb, object, complement."""
    from relindex.extract.clauses import kept_measure

    for text, want in [("latvia kept in force its ban on estonian eggs", ("its ban", None)),
                       ("latvia will keep its quota in place", ("its quota", None)),
                       ("latvia will keep its border with estonia closed",
                        ("its border with estonia", "closed"))]:
        low, gaps = _words(text)
        got = kept_measure(low, gaps, (0, len(low)))
        assert got is not None
        k, a, b, comp = got
        assert low[k] in ("kept", "keep") and " ".join(low[a:b]).startswith(want[0])
        assert comp == want[1]


@pytest.mark.parametrize(("text", "quote"), [
    ("Latvia has kept in force its ban on Estonian poultry.",
     "kept in force its ban on Estonian poultry"),
    ("Latvia also kept in force a requirement that Estonian drivers carry a permit.",
     "kept in force a requirement"),
    ("Latvia will keep its land border with Estonia closed.",
     "keep its land border with Estonia closed"),
])
def test_a_measure_kept_in_force_is_an_act_that_continues(text, quote):
    """The measure kept is coercion by the state keeping it, an act even after ``will``."""
    assert _events(text) == [("COERCE", ["EE", "LV"], "act", quote)]


def test_a_measure_kept_is_not_taken_for_one_said_before():
    """``its ban`` after an earlier ban is a restatement, but ``kept in force its ban`` is not."""
    got = _events("Latvia banned imports of Estonian poultry in March. Latvia has since kept "
                  "in force its ban on Estonian poultry.")
    assert [q for _, _, _, q in got] == ["banned imports", "kept in force its ban on "
                                                           "Estonian poultry"]


@pytest.mark.parametrize(("text", "mode"), [
    ("Latvia may keep its land border with Estonia closed.", "forecast"),
    ("Latvia plans to keep its land border with Estonia closed.", "forecast"),
    ("Latvia has not kept in force its ban on Estonian poultry.", "negated"),
])
def test_a_measure_kept_takes_the_mode_of_a_weaker_modal_or_a_negation(text, mode):
    """``may keep``, ``plans to keep``: to come; ``has not kept``: denied."""
    assert [m for _, _, m, _ in _events(text)] == [mode]


@pytest.mark.parametrize("text", [
    "Latvia should keep its land border with Estonia closed.",
    "Latvia kept its consulate in Tartu open.",
    "The Riga port authority kept in force its ban on Estonian trawlers.",
    "A Latvian dairy kept its prices for Estonian buyers in place.",
])
def test_advice_an_open_door_or_a_non_state_keeper_is_no_measure_kept(text):
    """``should keep``, ``kept ... open``, a port authority or a dairy keeping: no act kept."""
    assert not any(q.startswith(("kept", "keep")) for _, _, _, q in _events(text))


# --- relative clauses --------------------------------------------------------------------


def test_a_states_organ_is_the_antecedent_of_which():
    """``according to the Latvian army, which scrambled jets``: the army acts for Latvia."""
    got = _events("Estonian drones crossed into Latvian airspace, according to the Latvian "
                  "army, which scrambled fighter jets.")
    assert ("MOBILIZE", ["EE", "LV"], "act", "scrambled fighter jets") in got


def test_which_after_a_thing_named_by_a_demonym_is_no_organ():
    """``the Latvian company, which scrambled``: a company is no organ of the state."""
    got = _events("Estonian drones flew over the Latvian company, which scrambled its "
                  "security team.")
    assert not any(q.startswith("scrambled") for _, _, _, q in got)


def test_relative_verb_and_antecedent_start():
    """``across the Valga crossing, which Latvia had reopened``: the verb, and the object."""
    from relindex.extract.clauses import antecedent_start, relative_verb

    low, gaps = _words("trucks went across the valga crossing, which latvia had reopened")
    comma = low.index("which") - 1
    assert " ".join(low[antecedent_start(low, gaps, comma):comma + 1]) == "the valga crossing"
    assert low[relative_verb(low, low.index("latvia") + 1, len(low))] == "reopened"
    assert relative_verb(low, low.index("latvia") + 1, low.index("had") + 1) is None


def test_an_object_relative_clause_reads_its_antecedent_as_the_object():
    """``the Valga crossing, which Latvia reopened``: ``Latvia reopened the Valga crossing``."""
    got = _events("Estonian aid trucks went across the Valga crossing, which Latvia opened "
                  "for the convoys.")
    assert ("RETREAT", ["EE", "LV"], "act", "opened") in got


@pytest.mark.parametrize(("text", "want"), [
    ("Estonian aid trucks went across the Valga crossing, which local traders reopened.", []),
    ("Estonian aid trucks went across the Valga crossing, which Latvia never opened.",
     [("RETREAT", ["EE", "LV"], "negated", "opened")]),
])
def test_an_object_relative_needs_a_state_subject_and_takes_its_mode(text, want):
    """Traders reopening is no state's act; ``which Latvia never opened`` is denied."""
    assert [e for e in _events(text) if e[3].endswith("opened")] == want


# --- coordinated clauses with their own subject, possessive pair subjects ----------------


def test_and_with_a_time_phrase_and_its_own_subject_opens_a_clause():
    """``... and in early 2025 Latvia banned ...`` is cut; ``... and the Latvian navy`` is not."""
    from relindex.extract.events import clause_starts

    low, gaps = _words("estonia built a fence and in early 2025 latvia banned imports")
    cut = low.index("and")
    assert cut in clause_starts(low, gaps, {low.index("banned")},
                                frozenset({low.index("latvia")}))
    low, gaps = _words("estonia built a fence and the latvian navy banned imports")
    assert low.index("and") not in clause_starts(low, gaps, {low.index("banned")},
                                                 frozenset({low.index("latvian")}))


def test_a_possessive_pair_after_a_time_phrase_acts_jointly():
    """``and in early 2025 Estonia's and Latvia's navies held a joint exercise``: its own act."""
    got = _events("Estonia and Latvia agreed to create a coastguard commission and in early "
                  "2025 Estonia's and Latvia's navies held a joint exercise in the Gulf of Riga.")
    assert ("COOPERATE", ["EE", "LV"], "act", "joint exercise") in got


def test_a_time_phrase_before_a_non_state_subject_opens_no_act_between_the_pair():
    """``and in 2025 Latvian farmers held a protest``: farmers are no organ, no joint act."""
    got = _events("Estonia and Latvia agreed to create a coastguard commission and in 2025 "
                  "Latvian farmers held a joint exercise of their own.")
    assert not any(q == "joint exercise" and a == ["EE", "LV"] and m == "act"
                   for _, a, m, q in got[1:])


# --- subjects carried over to a coordinated predicate or a gerund ------------------------


@pytest.mark.parametrize(("text", "want"), [
    ("Latvian border guards detained two Estonian fishermen and shot them.",
     [("COERCE", "detained"), ("ASSAULT", "shot")]),
    ("Latvian troops crossed into Estonian territory before withdrawing after an hour.",
     [("COERCE", "troops"), ("RETREAT", "withdrawing")]),
    ("Latvian police detained 12 Estonian drivers for a week before releasing them.",
     [("COERCE", "detained"), ("RETREAT", "releasing")]),
])
def test_a_predicate_carrying_the_subject_over_is_its_own_act(text, want):
    """``... and shot them``, ``before withdrawing``: a second act of the same state."""
    got = _events(text)
    assert [(p, q.split()[0]) for p, _, _, q in got] == want
    assert all(a == ["EE", "LV"] for _, a, _, _ in got)


@pytest.mark.parametrize("text", [
    "The Latvian minister met the Estonian premier before travelling on to Tartu.",
    "Estonia filed a complaint after shelling struck a farm near the Latvian border.",
    "Latvian police detained two Estonian fishermen and armed men fled.",
    "Latvian police detained two Estonian fishermen and welcomed the growth in trade.",
    "Smugglers crossed into Estonian territory before withdrawing after an hour.",
])
def test_a_same_act_a_noun_in_ing_an_adjective_or_a_non_state_subject_carries_nothing(text):
    """The same visit, a noun in -ing, an adjective, a new topic, smugglers: no second act."""
    got = _events(text)
    assert not any(q.split()[0] in ("travelling", "shelling", "armed", "welcomed",
                                    "withdrawing") for _, _, _, q in got)


# --- visits in the passive ----------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "The Latvian Foreign Minister was received in audience by the Estonian head of state.",
    "The Minister was welcomed at Kadriorg Palace by His Majesty the King.",
])
def test_a_visitor_received_in_the_passive_is_a_meeting_of_the_pair(text):
    """``X was received in audience by Y``: a meeting (CONSULT), an act, between the pair."""
    got = _events(text)
    assert [(p, a, m) for p, a, m, _ in got] == [("CONSULT", ["EE", "LV"], "act")]


@pytest.mark.parametrize("text", [
    "The Estonian proposal was received by Latvia with caution.",
    "The Latvian Foreign Minister was received warmly in Tallinn.",
])
def test_a_thing_received_or_a_visit_without_its_host_is_no_passive_meeting(text):
    """``the proposal was received by``: no visitor; ``received warmly in Tallinn``: no host."""
    assert not any(q == "received" for _, _, _, q in _events(text))


def test_a_preposition_and_which_with_the_pair_as_subject_opens_a_clause():
    """``under which the coast guards of both countries will conduct``: an act of its own."""
    got = _events("Estonia and Latvia signed a memorandum under which the coast guards of "
                  "both countries will conduct joint patrols on Lake Peipus.")
    assert ("COOPERATE", ["EE", "LV"], "forecast", "joint patrols") in got


@pytest.mark.parametrize("text", [
    "Estonia and Latvia signed a memorandum under which fishing quotas will be set jointly.",
    "Estonia and Latvia signed a memorandum under which joint patrols of the lake may follow.",
])
def test_a_preposition_and_which_without_a_state_subject_opens_no_clause(text):
    """No state or pair as the relative clause's subject: the memorandum is the one act."""
    assert [p for p, _, _, _ in _events(text)] == ["SUPPORT"]


# --- coordinated modifiers inside an object ------------------------------------------------


def test_without_coordinates_keeps_the_last_conjunct_and_the_head():
    """``its Valga and Ape crossings`` -> ``its Ape crossings``; ``land, sea and air``."""
    from relindex.extract.clauses import without_coordinates

    for text, want in [("latvia closed its valga and ape crossings", "latvia closed its ape "
                                                                      "crossings"),
                       ("latvia cut all land, sea and air links", "latvia cut all air links"),
                       ("latvia closed the crossing", "latvia closed the crossing")]:
        low, gaps = _words(text)
        assert " ".join(low[i] for i in without_coordinates(low, gaps, (0, len(low)))) == want


def test_a_verb_phrase_reaches_across_coordinated_modifiers():
    """``closed its Valga and Ape crossings``: the closure of crossings (COERCE)."""
    got = _events("Latvia closed its Valga and Ape crossings to Estonian lorries at night.")
    assert got == [("COERCE", ["EE", "LV"], "act", "closed its Valga and Ape crossings")]


@pytest.mark.parametrize("text", [
    "The Valga and Ape crossings with Estonia stayed quiet all week, Latvia said.",
    "Latvia counted the Valga and Ape crossings among its busiest with Estonia.",
])
def test_coordinated_modifiers_without_a_verb_phrase_across_them_give_nothing(text):
    """No verb of the lexicon before the coordination: no act is made across it."""
    assert not any(" and " in q for _, _, _, q in _events(text))


# --- the means of a response --------------------------------------------------------------


def test_means_gerund_finds_the_gerund_after_by():
    """``retaliated in May by expelling``: the gerund; ``retaliated against``: none."""
    from relindex.extract.clauses import means_gerund

    low, _ = _words("latvia retaliated in may by expelling two diplomats")
    assert low[means_gerund(low, 1, len(low))] == "expelling"
    low, _ = _words("latvia retaliated against estonian trawlers")
    assert means_gerund(low, 1, len(low)) is None


@pytest.mark.parametrize(("text", "want"), [
    ("Latvia retaliated by chastising the Estonian government.", ("ACCUSE", "chastising")),
    ("Latvia retaliated by commandeering two Estonian trawlers.", ("COERCE", "commandeering")),
    ("Latvia retaliated by recalling its ambassador from Estonia.",
     ("SANCTION", "recalling its ambassador")),
])
def test_a_response_by_an_act_is_that_act(text, want):
    """``retaliated by chastising``: the act of the means (by the verb dictionary), no clash."""
    assert [(p, q) for p, _, _, q in _events(text)] == [want]


def test_a_response_by_a_means_no_verb_classes_is_no_clash():
    """``retaliated by closing the pipeline``: retaliating says no category of its own."""
    got = _events("Latvia retaliated by rerouting the pipeline away from Estonia.")
    assert not any(p == "ASSAULT" for p, _, _, _ in got)
