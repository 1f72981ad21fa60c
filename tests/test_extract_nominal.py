"""Acts named by a noun whose phrase names their own source and target."""

from __future__ import annotations

from relindex.extract import extract

PAIR = "Chile and Peru share a border. "


def _events(text: str) -> list[tuple[str | None, list[str]]]:
    return [(c.plover, c.actors) for c in extract(PAIR + text)
            if c.kind == "event" and c.span[0] >= len(PAIR)]


def test_a_detention_by_x_of_y_is_an_act_of_x_on_y_beside_the_clause_act():
    got = _events("The Peruvian side expressed its concern at the detention by the Chilean "
                  "navy of six Peruvian fishermen.")
    assert ("COERCE", ["CL", "PE"]) in got and len(got) == 2


def test_an_incursion_of_a_vessel_into_waters_is_a_show_of_force():
    got = _events("Peru protested the incursion of a Chilean naval vessel into Peruvian waters.")
    assert ("MOBILIZE", ["CL", "PE"]) in got and len(got) == 2


def test_a_noun_act_without_its_own_actors_adds_nothing():
    assert len(_events("Peru protested the detention of six fishermen.")) == 1
