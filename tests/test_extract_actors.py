"""relindex.extract.actors and the country list: actors named, places, the document's pair."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from relindex.extract.actors import document_pair, find_actor_hits, find_actors
from relindex.extract.countries import country_actors, plover_category
from relindex.extract.events import tokens
from relindex.extract.lexicon import load_lexicon

DATA = Path(__file__).resolve().parents[1] / "src" / "relindex" / "data"


def actors(text: str) -> list[str]:
    """Actor codes named in a text, in order, each once."""
    spans, gaps = tokens(text)
    return find_actors(find_actor_hits(text, spans, gaps, load_lexicon().index))


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Moscow and Beijing held a summit; the Kremlin and the PRC agreed with Russia.",
         ["RU", "CN"]),
        ("The U.S. and the US and Washington and the United States imposed sanctions.", ["US"]),
        ("The Sino-Russian summit was watched by India and Japan.", ["CN", "RU", "IN", "JP"]),
        ("The USSR and the Soviet Union clashed with China.", ["RU", "CN"]),
        ("Joint drills in the South China Sea drew the EU, NATO and the UN.",
         ["EU", "NATO", "UN"]),
        ("Trade was worth US$ 5 billion to Brazil.", ["BR"]),
        ("New Delhi, Phnom Penh and Kuala Lumpur replied; Burkinabe and Ivorian troops too.",
         ["IN", "KH", "MY", "BF", "CI"]),
        ("Let us meet at the summit.", []),
    ],
)
def test_actors_are_normalised_in_order_without_repeats(text, codes):
    """Aliases, demonyms and capitals map to codes, in order of appearance, each once."""
    assert actors(text) == codes


def test_a_capital_after_in_is_a_place():
    """'met in Kuala Lumpur' names a place; 'Malaysia brokered' names a party."""
    text = "The ministers met in Kuala Lumpur, and Malaysia brokered a ceasefire."
    spans, gaps = tokens(text)
    hits = find_actor_hits(text, spans, gaps, load_lexicon().index)
    assert [(h.code, h.place) for h in hits] == [("MY", True), ("MY", False)]


def test_the_document_pair_is_the_two_states_named_most():
    """Two clear leaders make the pair, in order of first mention; a tie for second makes none."""
    states = frozenset({"TH", "KH", "MY", "US"})
    assert document_pair(Counter({"MY": 1, "KH": 5, "TH": 4}), states) == ("KH", "TH")
    assert document_pair(Counter({"TH": 3, "KH": 2, "MY": 2}), states) is None
    assert document_pair(Counter({"TH": 3, "EU": 9}), states) is None


def test_country_list_has_unique_iso_codes_and_aliases():
    """countries.csv: one row per ISO alpha-2 code, every alias under one code only."""
    with (DATA / "countries.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes)) >= 190
    assert all(len(c) == 2 and c.isupper() for c in codes)
    aliases = [a for code, names in country_actors() for a in names]
    assert len(aliases) == len(set(aliases))
    assert "countries.csv" in (DATA / "SOURCES.md").read_text(encoding="utf-8")


def test_lexicon_actors_win_over_the_country_list():
    """An alias the lexicon declares keeps its code; the country list adds the other states."""
    lex = load_lexicon()
    codes = dict(lex.actors)
    assert codes["Beijing"] == "CN" and codes["Nairobi"] == "KE" and codes["NATO"] == "NATO"
    assert "KE" in lex.states and "NATO" not in lex.states


def test_plover_category_follows_the_crosswalk():
    """CAMEO codes map to PLOVER categories; a missing sub-code takes its parent's."""
    assert [plover_category(c) for c in ("062", "163", "1125", "0629", None)] == [
        "COOPERATE", "COERCE", "ACCUSE", "COOPERATE", None]


def _events(text: str) -> list[tuple[str | None, list[str], str]]:
    from relindex.extract import extract

    return [(c.plover, c.actors, c.mode) for c in extract(text) if c.kind == "event"]


def test_leaders_named_by_title_stand_for_the_pair():
    """'President Mahama hosted President Gnassingbé': two leaders of the document's pair."""
    text = ("Ghana and Togo quarrelled over cocoa. Ghana accused Togo of smuggling. "
            "President Mahama hosted President Faure Gnassingbé in Accra on Monday.")
    assert _events(text)[-1] == ("CONSULT", ["GH", "TG"], "act")
    text = ("Ghana and Togo quarrelled over cocoa. Ghana accused Togo of smuggling. "
            "Prime Minister Dahal may meet his Togolese counterpart.")
    assert _events(text)[-1] == ("CONSULT", ["GH", "TG"], "forecast")


def test_a_name_the_document_ties_to_a_state_names_it_again():
    """'Chilean President Gabriel Boric' or 'The President of Chile, Gabriel Boric' binds Boric."""
    for intro in ("Chilean President Gabriel Boric met Peru's foreign minister.",
                  "The President of the Republic of Chile, Gabriel Boric, met Peru's envoy."):
        assert _events(intro + " Boric later criticised Lima.")[-1] == (
            "ACCUSE", ["CL", "PE"], "act")


def test_a_leader_of_a_third_state_keeps_its_state():
    """'US President Biden criticised Bhutan' is the US, not a member of the pair."""
    text = ("Nepal and Bhutan fought in 2020. Nepal accused Bhutan. "
            "US President Biden criticised Bhutan.")
    assert _events(text)[-1] == ("ACCUSE", ["US", "BT"], "act")


@pytest.mark.parametrize(
    ("text", "codes"),
    [("The White House and Downing Street disagreed.", ["US", "GB"]),
     ("The Élysée and the Blue House spoke.", ["FR", "KR"]),
     ("The Taliban administration protested to Islamabad.", ["AF", "PK"]),
     ("The Pakistani Taliban attacked a post.", [])],
)
def test_seats_of_government_and_governments_by_name_are_their_states(text, codes):
    """Seats of government and governments by name stand for their states.

    The Taliban is Afghanistan's government; the Pakistani Taliban is no state.
    """
    assert actors(text) == codes
