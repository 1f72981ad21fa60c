"""The schema's own rules (relindex.models), checked on the models one rule at a time.

Each case gives a value at the edge of a rule (equal bounds, a range touching the other,
a clip of 0, a bound at the transform's floor) and expects the rule's exact words; the
value just inside the rule is accepted. tests/test_catalogue_rules.py checks that a
catalogue file's error is keyed where it was written.
"""

from __future__ import annotations

import copy
import math
import tomllib
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from relindex.models import Catalogue, Indicator, Normalisation

MINI = Path(__file__).parent / "fixtures" / "mini" / "indicators.toml"
BASE = tomllib.loads(MINI.read_text(encoding="utf-8"))
INF = math.inf


def refused(model: Any, data: dict[str, Any], words: str) -> None:
    """Validating `data` fails, and the first problem reads exactly `words`."""
    with pytest.raises(ValidationError) as info:
        model.model_validate(data)
    assert info.value.errors()[0]["msg"].removeprefix("Value error, ") == words


def goalposts(**kw: Any) -> dict[str, Any]:
    return {"method": "goalposts", "min": 0.0, "max": 10.0, **kw}


# ----------------------------------------------------------------- normalisation


@pytest.mark.parametrize("data", [{"method": "goalposts", "min": 0.0},
                                  {"method": "goalposts", "max": 1.0}])
def test_goalposts_need_both_bounds(data: dict[str, Any]) -> None:
    """Goalposts without a min or a max are refused."""
    refused(Normalisation, data, "goalposts need both 'min' and 'max'")


@pytest.mark.parametrize(("low", "high"), [(-INF, 1.0), (0.0, INF), (math.nan, 1.0),
                                           (0.0, math.nan)])
def test_infinite_goalposts_are_refused(low: float, high: float) -> None:
    """A goalpost at +-inf or NaN is refused, whichever bound it is."""
    refused(Normalisation, goalposts(min=low, max=high),
            "goalposts 'min' and 'max' must be finite")


def test_goalpost_min_must_be_below_max() -> None:
    """Equal goalposts are refused (min must be strictly below max); a hair apart pass."""
    refused(Normalisation, goalposts(min=5.0, max=5.0),
            "goalpost min (5.0) must be below max (5.0)")
    assert Normalisation.model_validate(goalposts(min=5.0, max=5.000001)).max == 5.000001


def test_goalpost_ranges_must_hold_their_goalposts_and_be_finite() -> None:
    """A range must be a finite interval holding its goalpost; its ends may touch it."""
    refused(Normalisation, goalposts(min_range=(1.0, 2.0)),
            "min_range must be a finite interval [low, high] that holds the goalpost (0)")
    refused(Normalisation, goalposts(max_range=(2.0, 9.0)),
            "max_range must be a finite interval [low, high] that holds the goalpost (10)")
    refused(Normalisation, goalposts(max_range=(9.0, INF)),
            "max_range must be a finite interval [low, high] that holds the goalpost (10)")
    refused(Normalisation, goalposts(min_range=(-INF, 0.0)),
            "min_range must be a finite interval [low, high] that holds the goalpost (0)")
    ok = Normalisation.model_validate(goalposts(min_range=(0.0, 1.0), max_range=(9.0, 10.0)))
    assert ok.min_range == (0.0, 1.0) and ok.max_range == (9.0, 10.0)


def test_overlapping_goalpost_ranges_are_refused() -> None:
    """min_range must end below where max_range starts: touching counts as overlapping."""
    refused(Normalisation, goalposts(min_range=(-1.0, 6.0), max_range=(5.0, 11.0)),
            "min_range must lie below max_range")
    refused(Normalisation, goalposts(min_range=(-1.0, 5.0), max_range=(5.0, 11.0)),
            "min_range must lie below max_range")
    assert Normalisation.model_validate(goalposts(min_range=(-1.0, 4.9),
                                                  max_range=(5.0, 11.0))).min_range == (-1, 4.9)


@pytest.mark.parametrize("key", ["min_range", "max_range"])
def test_goalpost_ranges_apply_to_goalposts_only(key: str) -> None:
    """A goalpost range on another method is refused."""
    refused(Normalisation, {"method": "minmax", key: (0.0, 1.0)},
            "min_range and max_range apply to goalposts only")


@pytest.mark.parametrize("clip", [-1.0, 0.0, INF, math.nan])
def test_zscore_clip_must_be_a_finite_positive_number(clip: float) -> None:
    """A negative, zero or infinite z-score clip is refused."""
    refused(Normalisation, {"method": "zscore", "clip": clip},
            "zscore 'clip' must be a finite number > 0")


def test_clip_is_only_checked_for_zscore() -> None:
    """Another method ignores the clip; a small positive clip is a valid z-score."""
    assert Normalisation.model_validate({"method": "minmax", "clip": -1.0}).clip == -1.0
    assert Normalisation.model_validate({"method": "zscore", "clip": 0.5}).clip == 0.5


@pytest.mark.parametrize(("data", "words"), [
    ({"method": "distance", "scale": 1.0}, "distance needs 'reference' and 'scale'"),
    ({"method": "distance", "reference": 1.0}, "distance needs 'reference' and 'scale'"),
    ({"method": "distance", "reference": INF, "scale": 1.0},
     "distance 'reference' must be a finite number"),
    ({"method": "distance", "reference": 1.0, "scale": 0.0},
     "distance 'scale' must be a finite number > 0"),
    ({"method": "distance", "reference": 1.0, "scale": -2.0},
     "distance 'scale' must be a finite number > 0"),
    ({"method": "distance", "reference": 1.0, "scale": INF},
     "distance 'scale' must be a finite number > 0"),
])
def test_distance_needs_a_finite_reference_and_positive_scale(data: dict[str, Any],
                                                              words: str) -> None:
    """Distance to a reference needs both parameters, finite, the scale above 0."""
    refused(Normalisation, data, words)


def test_a_valid_distance_keeps_its_parameters() -> None:
    """Reference = 0 is a valid reference (only its finiteness is checked)."""
    nm = Normalisation.model_validate({"method": "distance", "reference": 0.0, "scale": 0.5})
    assert (nm.reference, nm.scale) == (0.0, 0.5)


# ----------------------------------------------------------------- indicator


def indicator(**kw: Any) -> dict[str, Any]:
    return {"name": "x", "unit": "u", "rationale": "test",
            "normalisation": goalposts(min=1.0, max=100.0), **kw}


def test_event_indicator_needs_event_types_and_numeric_takes_none() -> None:
    """Kind = 'event' needs event types; a numeric indicator may not list any."""
    refused(Indicator, indicator(kind="event"), "an event indicator needs 'event_types'")
    refused(Indicator, indicator(event_types=("exercise",)),
            "'event_types' only applies to kind = 'event'")
    assert Indicator.model_validate(indicator(kind="event", event_types=("exercise",))).kind


@pytest.mark.parametrize(("transform", "low", "ok"), [("log", 0.0, 0.001),
                                                     ("log1p", -1.0, -0.999)])
def test_log_bounds_at_or_below_the_transforms_floor(transform: str, low: float,
                                                     ok: float) -> None:
    """Bounds at or below a log transform's floor are refused; just above it they pass."""
    for at in (low, low - 1.0):
        with pytest.raises(ValidationError, match=f"goalposts > {low:g}"):
            Indicator.model_validate(indicator(transform=transform,
                                               normalisation=goalposts(min=at, max=100.0)))
        with pytest.raises(ValidationError, match=f"distance reference > {low:g}"):
            Indicator.model_validate(indicator(
                transform=transform,
                normalisation={"method": "distance", "reference": at, "scale": 1.0}))
    assert Indicator.model_validate(indicator(
        transform=transform, normalisation=goalposts(min=ok, max=100.0))).transform == transform
    assert Indicator.model_validate(indicator(transform=transform, normalisation={
        "method": "distance", "reference": ok, "scale": 1.0})).transform == transform


def test_without_a_log_transform_bounds_below_zero_pass() -> None:
    """Goalposts from -100 are fine for an untransformed indicator."""
    ind = Indicator.model_validate(indicator(normalisation=goalposts(min=-100.0, max=0.0)))
    assert ind.normalisation.min == -100.0


@pytest.mark.parametrize("weight", [-1.0, INF, math.nan])
def test_indicator_weight_must_be_finite_and_non_negative(weight: float) -> None:
    """An indicator weight below 0, infinite or NaN is refused; 0 is allowed."""
    with pytest.raises(ValidationError, match="weight"):
        Indicator.model_validate(indicator(weight=weight))
    assert Indicator.model_validate(indicator(weight=0.0)).weight == 0.0


@pytest.mark.parametrize("observed", ["banana", "2024/2017", "2023-13"])
def test_garbage_observed_span_is_refused(observed: str) -> None:
    """An observed span that is not a period is refused."""
    with pytest.raises(ValidationError):
        Indicator.model_validate(indicator(kind="event", event_types=("exercise",),
                                           observed=observed))


# ----------------------------------------------------------------- catalogue


def catalogue(edit: Any = None) -> dict[str, Any]:
    doc = copy.deepcopy(BASE)
    if edit is not None:
        edit(doc)
    return doc


def test_the_mini_catalogue_validates() -> None:
    """The base of the cases below is valid as it is."""
    assert set(Catalogue.model_validate(catalogue()).dimensions) == {"trade", "military",
                                                                      "friction"}


def test_a_catalogue_needs_a_dimension() -> None:
    """An empty [dimensions] table is refused."""
    refused(Catalogue, catalogue(lambda d: d.update(dimensions={})),
            "the catalogue needs at least one dimension")


def test_a_catalogue_with_no_cooperation_dimension_is_refused() -> None:
    """Friction alone is not an index of a relationship."""
    def only_friction(d: dict[str, Any]) -> None:
        d["dimensions"] = {"friction": d["dimensions"]["friction"]}
    refused(Catalogue, catalogue(only_friction),
            "the catalogue needs at least one cooperation dimension")


def test_every_top_dimension_needs_a_polarity_in_a_dyad_index() -> None:
    """A top-level dimension without a polarity is refused, named."""
    refused(Catalogue, catalogue(lambda d: d["dimensions"]["military"].pop("polarity")),
            "dimension 'military' needs a polarity (cooperation or friction)")


@pytest.mark.parametrize("side", ["cooperation", "friction"])
def test_a_side_whose_weights_add_up_to_zero_is_refused(side: str) -> None:
    """All dimensions of one side weighted 0 leave the side undefined."""
    def zero(d: dict[str, Any]) -> None:
        for dim in d["dimensions"].values():
            if dim.get("polarity") == side:
                dim["weight"] = 0.0
    refused(Catalogue, catalogue(zero), f"the weights of the {side} dimensions add up to zero")


def _composite(d: dict[str, Any], weights: tuple[float, float]) -> None:
    d.setdefault("index", {})["kind"] = "composite"
    d["dimensions"] = {k: v for k, v in d["dimensions"].items() if k != "friction"}
    for dim, w in zip(d["dimensions"].values(), weights, strict=True):
        dim.pop("polarity", None)
        dim["weight"] = w


def test_composite_top_weights_summing_to_zero_are_refused() -> None:
    """A composite index whose top-level weights are all 0 is refused; one above 0 passes."""
    refused(Catalogue, catalogue(lambda d: _composite(d, (0.0, 0.0))),
            "the weights of the top-level dimensions add up to zero")
    cat = Catalogue.model_validate(catalogue(lambda d: _composite(d, (0.0, 1.0))))
    assert cat.index.kind == "composite"


def test_a_dimension_without_children_or_weights_is_refused() -> None:
    """A dimension needs a child, and its children's weights must not all be 0."""
    refused(Catalogue, catalogue(lambda d: d["dimensions"]["military"].update(indicators={})),
            "a dimension needs at least one indicator or sub-dimension")

    def zero(d: dict[str, Any]) -> None:
        for ind in d["dimensions"]["trade"]["indicators"].values():
            ind["weight"] = 0.0
    refused(Catalogue, catalogue(zero), "the weights of its children add up to zero")


@pytest.mark.parametrize("periods", ["banana", "2017/", "2024/2017", "2017-13/2024", ""])
def test_garbage_periods_are_refused(periods: str) -> None:
    """[index] periods must be a period or span of years."""
    with pytest.raises(ValidationError) as info:
        Catalogue.model_validate(catalogue(lambda d: d.setdefault("index", {}).update(
            periods=periods)))
    assert info.value.errors()[0]["loc"][:2] == ("index", "periods")


def test_a_valid_periods_span_is_kept() -> None:
    """A span of years loads as written."""
    cat = Catalogue.model_validate(catalogue(lambda d: d.setdefault("index", {}).update(
        periods="2017/2024")))
    assert cat.index.periods == "2017/2024"


@pytest.mark.parametrize("weight", [-0.1, 1.5, INF, math.nan])
def test_grade_weights_must_lie_in_the_unit_interval(weight: float) -> None:
    """A reliability weight outside [0, 1] is refused, naming the grade."""
    refused(Catalogue, catalogue(lambda d: d.update(grading={"reliability": {"B": weight}})),
            "grade 'B' weight must be within [0, 1]")


def test_grade_weights_at_the_ends_pass_and_others_keep_their_default() -> None:
    """0 and 1 are valid weights; a grade not listed keeps its default weight."""
    cat = Catalogue.model_validate(catalogue(lambda d: d.update(
        grading={"reliability": {"A": 1.0, "B": 0.0}})))
    default = type(cat.grading).model_fields["reliability"].default
    assert cat.grading.reliability["B"] == 0.0 and cat.grading.reliability["A"] == 1.0
    assert cat.grading.reliability["C"] == default["C"]
