"""Catalogue rules: every one found at load, keyed where the user wrote it, with its fix.

Each case edits the mini catalogue and expects the exact message of its rule. The rules
live in `relindex.models` (the validators of the catalogue model); cases for the record
rules are in tests/test_record_rules.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import relindex
from _util import edit
from relindex.errors import CatalogueError


def load_error(folder: Path) -> CatalogueError:
    with pytest.raises(CatalogueError) as info:
        relindex.load(folder)
    return info.value


def exact(folder: Path, text: str) -> CatalogueError:
    """The load fails with exactly this message after the catalogue's path and ': '."""
    err = load_error(folder)
    assert str(err) == f"{folder / 'indicators.toml'}: {text}"
    return err


VOLUME = "dimensions.trade.indicators.volume"


def test_log_transform_with_an_alternative_goalpost_from_zero_fails_at_load(mini):
    """A log indicator whose alternative goalposts start at 0 is a catalogue error there."""
    edit(mini / "indicators.toml", "flow = true\n",
         'flow = true\nalternatives = [{ method = "goalposts", min = 0, max = 1000 }]\n')
    err = exact(mini, f"{VOLUME}.alternatives[0] must have goalposts > 0 because its indicator "
                "takes a log transform (min = 0). Fix: raise min above 0, or use transform = "
                "'log1p' for values from 0.")
    assert err.key == f"{VOLUME}.alternatives[0]"


def test_log_transform_with_a_declared_goalpost_from_zero_is_keyed_at_normalisation(mini):
    """The declared normalisation is checked by the same rule, keyed at its own key."""
    edit(mini / "indicators.toml", "min = 10, max = 1000", "min = 0, max = 1000")
    exact(mini, f"{VOLUME}.normalisation must have goalposts > 0 because its indicator takes a "
          "log transform (min = 0). Fix: raise min above 0, or use transform = 'log1p' for "
          "values from 0.")


def test_log_transform_with_a_distance_reference_at_zero(mini):
    """A distance reference <= 0 cannot be log-transformed."""
    edit(mini / "indicators.toml", "flow = true\n",
         'flow = true\nalternatives = [{ method = "minmax" }, '
         '{ method = "distance", reference = -2, scale = 1 }]\n')
    exact(mini, f"{VOLUME}.alternatives[1] must have a distance reference > 0 because its "
          "indicator takes a log transform (reference = -2). Fix: use a reference above 0.")


def test_log1p_transform_with_a_goalpost_at_minus_one(mini):
    """log1p needs goalposts above -1."""
    edit(mini / "indicators.toml", 'transform = "log"', 'transform = "log1p"')
    edit(mini / "indicators.toml", "min = 10, max = 1000", "min = -1, max = 1000")
    exact(mini, f"{VOLUME}.normalisation must have goalposts > -1 because its indicator takes "
          "a log1p transform (min = -1). Fix: raise min above -1.")


def test_log1p_transform_with_a_distance_reference_at_minus_one(mini):
    """log1p needs a distance reference above -1 (it was not checked before)."""
    edit(mini / "indicators.toml", 'transform = "log"', 'transform = "log1p"')
    edit(mini / "indicators.toml", "flow = true\n",
         'flow = true\nalternatives = [{ method = "distance", reference = -1, scale = 1 }]\n')
    exact(mini, f"{VOLUME}.alternatives[0] must have a distance reference > -1 because its "
          "indicator takes a log1p transform (reference = -1). Fix: use a reference above -1.")


def test_every_transform_problem_is_listed_at_once(mini):
    """Problems of the declared normalisation and of each alternative come in one error."""
    edit(mini / "indicators.toml", "min = 10, max = 1000", "min = 0, max = 1000")
    edit(mini / "indicators.toml", "flow = true\n",
         'flow = true\nalternatives = [{ method = "goalposts", min = 0, max = 1000 }, '
         '{ method = "minmax" }, { method = "goalposts", min = -5, max = 1000 }]\n')
    err = load_error(mini)
    assert [k for k, *_ in err.problems] == [  # type: ignore[attr-defined]
        f"{VOLUME}.normalisation", f"{VOLUME}.alternatives[0]", f"{VOLUME}.alternatives[2]"]
    assert "(2 more problem(s) in this file: " in str(err)


def test_duplicate_dimension_id(mini):
    """A dimension id used twice in the tree is refused at its second place."""
    edit(mini / "indicators.toml", "[dimensions.military]",
         '[dimensions.trade.dimensions.friction]\nname = "Sub"\nrationale = "t"\n'
         '[dimensions.trade.dimensions.friction.indicators.sub]\nname = "Sub"\nunit = "n"\n'
         'normalisation = { method = "goalposts", min = 0, max = 1 }\nrationale = "t"\n\n'
         "[dimensions.military]")
    err = exact(mini, "dimensions.friction is a duplicate dimension id. Fix: give every "
                "dimension a unique id.")
    assert err.key == "dimensions.friction"


def test_duplicate_indicator_id_names_the_first_place(mini):
    """An indicator id used twice names where it was first declared."""
    edit(mini / "indicators.toml", "[dimensions.military.indicators.exercises]",
         "[dimensions.military.indicators.share]")
    exact(mini, "dimensions.military.indicators.share is a duplicate id (also at "
          "dimensions.trade.indicators.share). Fix: give every indicator and series a "
          "unique id.")


def test_undeclared_event_type(mini):
    """An event indicator naming an undeclared event type is refused with the declared ones."""
    edit(mini / "indicators.toml", 'event_types = ["exercise"]', 'event_types = ["drill"]')
    exact(mini, "dimensions.military.indicators.exercises.event_types names an event type "
          "that is not declared. Got 'drill'. Fix: declare [event_types.drill] or correct the "
          "id (declared: exercise, accusation).")


DERIVED = ('\n[series.a]\nname = "A"\nunit = "n"\nnormalisation = { method = "minmax" }\n'
           'rationale = "t"\n')


def test_derived_from_an_unknown_series(mini):
    """A derived indicator naming an undeclared operand is refused."""
    edit(mini / "indicators.toml", 'unit = "%"\n',
         'unit = "%"\nderived = { op = "ratio", of = ["a", "b"], reason = "t" }\n')
    (mini / "indicators.toml").write_text((mini / "indicators.toml").read_text() + DERIVED)
    exact(mini, "dimensions.trade.indicators.share.derived.of names an unknown indicator or "
          "series. Got 'b'. Fix: declare it under [series] or correct the id.")


def test_derived_from_a_derived_indicator(mini):
    """Derived indicators derive from measured series only."""
    edit(mini / "indicators.toml", 'unit = "%"\n',
         'unit = "%"\nderived = { op = "ratio", of = ["a", "a"], reason = "t" }\n')
    edit(mini / "indicators.toml", 'unit = "events"\n',
         'unit = "events"\nderived = { op = "sum", of = ["share", "a"], reason = "t" }\n')
    (mini / "indicators.toml").write_text((mini / "indicators.toml").read_text() + DERIVED)
    exact(mini, "dimensions.military.indicators.exercises.derived.of derives from another "
          "derived indicator. Got 'share'. Fix: derive from measured series only.")


def test_every_reference_problem_is_listed_at_once(mini):
    """Two bad references are both reported, the first in the message."""
    edit(mini / "indicators.toml", 'event_types = ["exercise"]', 'event_types = ["drill"]')
    edit(mini / "indicators.toml", 'event_types = ["accusation"]', 'event_types = ["insult"]')
    err = load_error(mini)
    assert [(k, v) for k, _, v, _ in err.problems] == [  # type: ignore[attr-defined]
        ("dimensions.military.indicators.exercises.event_types", "drill"),
        ("dimensions.friction.indicators.accusations.event_types", "insult")]


def test_catalogue_name_longer_than_an_entity_name_fails_at_load(mini):
    """The catalogue's name names the entity of a one-entity catalogue: at most 200 chars."""
    edit(mini / "indicators.toml", 'name = "Mini test index"', f'name = "{"x" * 201}"')
    err = load_error(mini)
    assert (err.key, err.rule) == ("catalogue.name", "String should have at most 200 characters")


def test_top_of_the_tree_problems_are_keyed_and_listed_at_once(mini):
    """A missing polarity is keyed at its dimension; a side weighted 0 at the dimensions."""
    edit(mini / "indicators.toml", 'name = "Military"\npolarity = "cooperation"\n',
         'name = "Military"\n')
    edit(mini / "indicators.toml", "weight = 2", "weight = 0")
    err = exact(mini, "dimensions.military dimension 'military' needs a polarity (cooperation "
                "or friction) (1 more problem(s) in this file: dimensions: the weights of the "
                "cooperation dimensions add up to zero). Fix: add polarity = 'cooperation' or "
                "'friction'.")
    assert [k for k, *_ in err.problems] == [  # type: ignore[attr-defined]
        "dimensions.military", "dimensions"]
    assert err.problems[1][3] == (  # type: ignore[attr-defined]
        "give at least one cooperation dimension a weight > 0")


def test_an_indicator_may_not_share_its_id_with_a_dimension(mini):
    """Dimension and indicator ids are one namespace: a weight names either, so never both."""
    edit(mini / "indicators.toml", "[dimensions.military.indicators.exercises]",
         "[dimensions.military.indicators.trade]")
    edit(mini / "evidence.toml", 'indicator = "exercises"', 'indicator = "trade"')
    err = load_error(mini)
    assert ("dimensions.military.indicators.trade is also the id of a dimension: dimension "
            "and indicator ids share one namespace (a weight names either). Fix: rename the "
            "indicator or the dimension") in str(err)


def test_default_samples_must_be_a_power_of_two(mini):
    """The analysis needs a power of two: a catalogue saying otherwise is refused at load."""
    edit(mini / "indicators.toml", "[index]\n", "[uncertainty]\nsamples = 1000\n\n[index]\n")
    err = load_error(mini)
    assert ("uncertainty.samples must be a power of two (the quasi-random Sobol' design "
            "needs one), e.g. 512 or 1024") in str(err)
