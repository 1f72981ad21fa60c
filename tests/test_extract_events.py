"""relindex.extract.events: event triggers, actors and negation."""

from __future__ import annotations

import pytest

from relindex.extract import (
    Candidate,
    extract,
)


def only(cands: list[Candidate], kind: str) -> list[Candidate]:
    return [c for c in cands if c.kind == kind]


def one(text: str, kind: str) -> Candidate:
    found = only(extract(text), kind)
    assert len(found) == 1, [c.quote for c in found]
    return found[0]


# ------------------------------------------------------------------------------ events and actors


@pytest.mark.parametrize(
    ("text", "quote", "event_type", "polarity"),
    [
        ("China and Russia held a joint naval exercise.", "joint naval exercise",
         "joint_exercise", "cooperation"),
        ("They conducted joint air patrols over the sea.", "joint air patrols", "joint_patrol",
         "cooperation"),
        ("China sent troops for Vostok, Russia's biggest wargame.", "wargame", "joint_exercise",
         "cooperation"),
        ("Xi paid a state visit to Moscow.", "state visit", "high_level_visit", "cooperation"),
        ("The leaders met at a summit in Kazan.", "summit", "summit_meeting", "cooperation"),
        ("They issued a joint declaration.", "joint declaration", "formal_agreement",
         "cooperation"),
        ("Their friendship has no limits.", "no limits", "partnership", "cooperation"),
        ("The US imposed sanctions on Russia.", "sanctions", "sanction", "friction"),
        ("Russia suspended the delivery of missiles.", "suspended", "suspension", "friction"),
        ("The PRC claimed the entire island.", "claimed the entire island", "territorial_claim",
         "friction"),
        ("Soldiers clashed in the valley.", "clashed", "armed_clash", "friction"),
        ("The anniversary prompted an online backlash.", "backlash", "public_criticism",
         "friction"),
        ("Historical mistrust persists.", "mistrust", "reservation", "friction"),
        ("Russia upped its arms sales to India.", "arms sales to", "arms_sales_to_rival",
         "friction"),
        ("Reports of illegal copying of armaments emerged.", "illegal copying",
         "ip_theft_accusation", "friction"),
        ("They will establish a commission for cooperation.", "commission", "commission",
         "cooperation"),
        ("JOINT EXERCISES were held.", "JOINT EXERCISES", "joint_exercise", "cooperation"),
    ],
)
def test_event_mentions_are_typed_with_polarity(text, quote, event_type, polarity):
    """An event trigger gives the event type and polarity, matched case-insensitively."""
    c = one(text, "event")
    assert (c.quote, c.event_type, c.polarity) == (quote, event_type, polarity)
    assert c.value is None and c.unit is None


def test_event_needs_whole_words_and_one_phrase():
    """Triggers match whole words only and do not run across punctuation."""
    assert not only(extract("The sanctioning body met. Joint. Exercise."), "event")
    assert not only(extract("Mistrustful sanctioning bodies"), "event")


def test_accusation_sentence_has_two_events_and_actors_in_order():
    """'accused ... of espionage' gives an accusation and an espionage event, actors US, CN."""
    text = "In June 2020, Washington accused Beijing of espionage."
    events = only(extract(text), "event")
    assert [(e.event_type, e.polarity) for e in events] == [
        ("accusation", "friction"), ("espionage_accusation", "friction")]
    assert all(e.actors == ["US", "CN"] and e.period == "2020-06" for e in events)


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        ("Moscow and Beijing held a summit; the Kremlin and the PRC agreed with Russia.",
         ["RU", "CN"]),
        ("The U.S. and the US and Washington and the United States imposed sanctions.", ["US"]),
        ("The Sino-Russian summit was watched by India and Japan.", ["CN", "RU", "IN", "JP"]),
        ("The USSR and the Soviet Union clashed with China.", ["RU", "CN"]),
        ("Joint drills in the South China Sea drew the EU, NATO and the UN.",
         ["EU", "NATO", "UN"]),
        ("Trade was worth US$ 5 billion to Brazil.", ["BR"]),
        ("North Korea sent 500 shells; BRICS and the SCO watched.", ["KP", "BRICS", "SCO"]),
        ("Let us meet at the summit.", []),
    ],
)
def test_actors_are_normalised_in_order_without_repeats(text, actors):
    """Actor aliases map to short codes, in order of appearance, each once; 'us' is no actor."""
    cands = extract(text)
    assert cands, "expected at least one candidate in the sentence"
    assert all(c.actors == actors for c in cands)


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("The two navies did not hold any joint exercise this year.", True),
        ("No sanctions were imposed.", True),
        ("Neither navy took part in any joint patrol.", True),
        ("Russia didn't sign the agreement.", True),
        ("They held a joint exercise.", False),
        ("Not only did they hold a summit, they signed an agreement.", False),
        ("The talks failed, but they held a joint exercise.", False),
    ],
)
def test_negated_events_are_marked(text, negated):
    """An event denied in its clause is marked negated; 'not only' and other clauses are not."""
    events = only(extract(text), "event")
    assert events and events[-1].negated is negated, [(e.quote, e.negated) for e in events]


