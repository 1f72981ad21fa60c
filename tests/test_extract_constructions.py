"""Constructions read since the ninth round, each with its negatives.

Conventions: ``tests/extract_passages/events/README.md`` ("Agreed to X" takes the category of
X; a pledge of aid or supplies is AGREE, 033).
"""

from __future__ import annotations

import pytest

from relindex.extract import extract

PAIR = "Laos and Viet Nam signed a border treaty in 2019. "


def _events(text: str) -> list[tuple[str | None, list[str], str]]:
    out = []
    for c in extract(PAIR + text):
        if c.kind == "event" and c.span[0] >= len(PAIR):
            out.append((c.plover, c.actors,
                        "negated" if c.negated else "forecast" if c.forecast else "act"))
    return out


@pytest.mark.parametrize(("text", "plover"), [
    ("Laos also agreed to scrap a 30-dollar exit tax on Vietnamese travellers.", "RETREAT"),
    ("Laos undertook to waive the road access fee for Vietnamese trucks.", "RETREAT"),
    ("Laos agreed to open a second road crossing with Viet Nam at Lao Bao.", "RETREAT"),
    ("Laos agreed to cut the number of checkpoints on the road to Viet Nam.", "RETREAT"),
    ("Laos and Viet Nam agreed to resume coordinated patrols along the border.", "COOPERATE"),
])
def test_an_undertaking_or_agreement_takes_the_category_of_the_act(text, plover):
    assert [e[0] for e in _events(text)] == [plover]


@pytest.mark.parametrize("text", [
    "Laos undertook to supply up to 40 megawatts of electricity to Viet Nam.",
    "Laos undertook to host the next session of the commission with Viet Nam.",
])
def test_an_undertaking_to_supply_or_meet_stays_the_pledge(text):
    assert [e[0] for e in _events(text)] == ["AGREE"]


def test_no_before_the_object_denies_the_act():
    assert _events("Laos and Viet Nam have exchanged no ambassadors since 2008.") == [
        ("SUPPORT", ["LA", "VN"], "negated")]


def test_no_fewer_than_does_not_deny_the_act():
    assert _events("Laos and Viet Nam signed no fewer than six agreements in March.") == [
        ("SUPPORT", ["LA", "VN"], "act")]


@pytest.mark.parametrize("text", [
    "Vietnamese police opened a criminal case against three Lao judges.",
    "Vietnamese border guards detained a Lao man near the river in November.",
    "Viet Nam charged him with espionage after his arrest at the Lao border.",
])
def test_a_states_organ_acting_on_the_others_nationals_is_coercion(text):
    assert _events(text) == [("COERCE", ["VN", "LA"], "act")]


def test_a_case_against_the_state_itself_stays_an_accusation():
    assert _events("Laos opened a case against Viet Nam at the International Court of "
                   "Justice.") == [("ACCUSE", ["LA", "VN"], "act")]


@pytest.mark.parametrize(("text", "plover", "mode"), [
    ("Vietnamese soldiers reoccupied the headland within days.", "COERCE", "act"),
    ("Viet Nam has built at least 22 villages in areas claimed by Laos.", "COERCE", "act"),
    ("Lao soldiers crossed the river and set up camp in a school in Viet Nam.", "COERCE",
     "act"),
    ("Laos responded by reimposing visas on Vietnamese nationals.", "COERCE", "act"),
    ("Last spring Laos stopped issuing visas to Vietnamese citizens.", "COERCE", "act"),
    ("Laos would send a further 600 soldiers to the border region with Viet Nam.",
     "MOBILIZE", "forecast"),
    ("Viet Nam imposed a ban on Lao rice, and Viet Nam lifted it in June.", "RETREAT", "act"),
    ("Laos handed the islet over to Viet Nam in 2019.", "RETREAT", "act"),
    ("Vietnamese travellers waited until Laos let them cross on foot.", "RETREAT", "act"),
])
def test_acts_in_verbs_and_phrases_read_since_the_ninth_round(text, plover, mode):
    assert (plover, mode) in [(e[0], e[2]) for e in _events(text)]


@pytest.mark.parametrize("text", [
    "Laos built a school for Vietnamese children in Vientiane.",
    "Laos and Viet Nam set up a working group on trade.",
    "Laos lifted its forecast for trade with Viet Nam.",
])
def test_verbs_of_many_senses_stay_silent_without_their_objects(text):
    assert [e for e in _events(text) if e[0] in ("COERCE", "RETREAT")] == []


def test_a_coordinated_predicate_after_and_has_is_its_own_event():
    events = _events("Viet Nam has built a fence along parts of the frontier and has expelled "
                     "around 1,200 Lao traders over the past two years.")
    assert events == [("COERCE", ["VN", "LA"], "act"), ("COERCE", ["VN", "LA"], "act")]


def test_fining_owners_after_and_is_its_own_event():
    events = _events("Viet Nam rejected the Lao protest and fined the boats' owners.")
    assert [e[0] for e in events] == ["REJECT", "COERCE"]


@pytest.mark.parametrize("text", [
    "The Presidents signed the agreement on the deepening of the channel.",
    "The Governments signed eight agreements and memoranda.",
])
def test_a_plural_office_stands_for_the_pair(text):
    assert set(map(str, _events(text))) == {str(("SUPPORT", ["LA", "VN"], "act"))}


def test_building_a_bridge_is_no_coercion():
    assert [e for e in _events("Laos and Viet Nam built a bridge along the river in May.")
            if e[0] == "COERCE"] == []


@pytest.mark.parametrize("text", [
    'Vientiane said Laos would respond "in a proportionate manner" to Viet Nam.',
    "Viet Nam said it would retaliate against Laos.",
])
def test_a_reported_retaliation_is_a_threat_stated_now(text):
    assert _events(text)[-1] == ("THREATEN", ["LA", "VN"] if "Vientiane" in text else
                                 ["VN", "LA"], "act")


def test_responding_to_a_proposal_is_no_threat():
    assert [e for e in _events("Laos said it would respond to the proposal of Viet Nam "
                               "next week.") if e[0] == "THREATEN"] == []


def test_an_announced_sum_of_support_is_a_pledge():
    assert _events("Viet Nam announced USD 80 million in direct budget support to Laos.") == [
        ("AGREE", ["VN", "LA"], "act")]


def test_co_chairing_with_offices_as_subjects_is_a_meeting():
    assert _events("The President of Laos and the President of Viet Nam co-chaired the "
                   "Session.") == [("CONSULT", ["LA", "VN"], "act")]


@pytest.mark.parametrize(("text", "plover"), [
    ("Viet Nam, however, kept the frontier shut to Lao traders.", "COERCE"),
    ("Vietnamese customs officers stopped clearing Lao coal for a third day.", "COERCE"),
    ("Viet Nam raised fees on Lao commodity shipments in March.", "COERCE"),
    ("Viet Nam tightened inspections of Lao-registered cars entering the country.", "COERCE"),
    ("Laos returned 16 Vietnamese citizens in May.", "RETREAT"),
    ("Laos also cleared the remaining minefields along the border with Viet Nam.", "RETREAT"),
    ("Laos ordered the closure of the Vietnamese consulates in Pakse and Luang Prabang.",
     "SANCTION"),
])
def test_measures_kept_raised_or_ended_in_general_phrasings(text, plover):
    assert plover in [e[0] for e in _events(text)]


@pytest.mark.parametrize("text", [
    "Laos returned home after the talks with Viet Nam.",
    "Laos kept the border with Viet Nam under review.",
])
def test_return_and_keep_without_their_objects_are_no_acts(text):
    assert [e for e in _events(text) if e[0] in ("RETREAT", "COERCE")] == []


def test_who_after_a_counterpart_takes_the_counterparts_state():
    events = _events("Laos's interior minister met his Vietnamese counterpart, who signed a "
                     "protocol on the crossing.")
    assert ("SUPPORT", ["VN", "LA"], "act") in events


def test_a_patrol_boat_handed_over_is_aid_and_seized_boats_a_return():
    assert _events("Viet Nam handed over to Laos the patrol boat Tuan Tra.") == [
        ("AID", ["VN", "LA"], "act")]
    assert _events("Laos handed over to Viet Nam two fishing boats seized in March.") == [
        ("RETREAT", ["LA", "VN"], "act")]


def test_recognising_qualifications_is_cooperation_and_a_government_an_endorsement():
    assert _events("Laos agreed to recognise Vietnamese vocational qualifications.") == [
        ("COOPERATE", ["LA", "VN"], "act")]
    assert _events("Laos recognised the new government of Viet Nam.") == [
        ("SUPPORT", ["LA", "VN"], "act")]


def test_lifting_a_single_restriction_is_a_retreat_to_come():
    assert _events("Viet Nam, for its part, is expected to lift the restriction on Lao "
                   "trucks.") == [("RETREAT", ["VN", "LA"], "forecast")]


def test_setting_up_a_joint_committee_is_an_agreement_and_camp_an_occupation():
    assert _events("Laos and Viet Nam set up a joint technical committee to oversee the "
                   "line.") == [("AGREE", ["LA", "VN"], "act")]
    assert [e[0] for e in _events("Lao soldiers set up camp in a Vietnamese village.")] == [
        "COERCE"]


def test_a_reported_retaliation_with_one_state_named_takes_the_pair():
    assert _events('Hanoi called the expulsion a provocation and said Viet Nam would respond '
                   '"in a proportionate manner".')[-1] == ("THREATEN", ["VN", "LA"], "act")


def test_a_meeting_in_a_second_infinitive_of_agreed_is_the_agreement_to_meet():
    events = _events("The two sides agreed to reopen the road crossing to cargo trucks, closed "
                     "since 2023, and to hold a first meeting of a joint commission.")
    assert events == [("RETREAT", ["LA", "VN"], "act"), ("AGREE", ["LA", "VN"], "act")]


def test_a_meeting_after_a_comma_without_an_agreement_stays_the_meeting():
    events = _events("Laos and Viet Nam reopened the road crossing, and held a first meeting "
                     "of a joint commission.")
    assert events[-1][0] == "CONSULT"


def test_agreeing_a_schedule_is_an_agreement_and_one_states_deadline_is_not():
    assert _events("Laos and Viet Nam agreed a repayment schedule.") == [
        ("AGREE", ["LA", "VN"], "act")]
    assert [e for e in _events("Laos set a deadline for Vietnamese traders to leave.")
            if e[0] == "AGREE"] == []
