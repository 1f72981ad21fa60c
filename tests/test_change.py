"""What moved the index (relindex.change): effects checked against values found apart.

The weight effect is what is left of an indicator's change once its value effect is
taken, so the effects add up by construction; these tests pin the split itself, from
contributions read off ``relindex.score`` and weights worked out by hand from the
catalogue.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import relindex
from _util import edit
from relindex.change import Change, _split_effects, decompose
from relindex.errors import RelindexError
from test_cli import cli

DYADS = Path(__file__).parent / "fixtures" / "dyads"


def _effects(ch: Change, indicator: str) -> dict[str, float]:
    return {e["kind"]: e["effect"] for e in ch.effects if e["indicator"] == indicator}


def _contribution(result: relindex.Result, year: int, indicator: str) -> float:
    period = result.period(year)
    return next(i.contribution for top in period.dimensions for d in top.walk()
                for i in d.indicators if i.id == indicator)


def test_an_unchanged_value_has_no_value_effect_and_keeps_its_weight(mini: Path) -> None:
    """An indicator whose value and weight do not change has no effect.

    Trade volume is the same in 2022 and 2023 under the same weights: no effect at all;
    the share moves 0.4 -> 0.5 under an unchanged weight: all of it is a value effect.
    """
    ch = decompose(mini, 2022, 2023)
    assert _effects(ch, "volume") == {}
    share = _effects(ch, "share")
    # share sits in trade (weight 2 of 3 on cooperation) beside volume: 2/3 * 1/2 = 1/3
    assert share["value"] == pytest.approx((0.5 - 0.4) / 3, abs=1e-15)
    assert abs(share.get("weight", 0.0)) < 1e-15


def test_a_weight_change_alone_is_all_weight_effect(mini: Path) -> None:
    """A weight change alone gives a weight effect equal to the change of contribution.

    Volume's value stays at 0.5 while the share joins it in trade in 2022: its effective
    weight falls from 2/3 (alone in trade, weight 2 of 3 on cooperation beside the
    exercises' estimate) to 1/3, a weight effect of 0.5 * (1/3 - 2/3).
    """
    for old in ("$150 billion", "$140 billion"):
        edit(mini / "doc.txt", old, "$100 billion")
        edit(mini / "evidence.toml", old, "$100 billion")
    edit(mini / "evidence.toml", "value = 150\n", "value = 100\n")
    edit(mini / "evidence.toml", "value = 140\n", "value = 100\n")
    ch = decompose(mini, 2021, 2022)
    volume = _effects(ch, "volume")
    assert "value" not in volume
    assert volume["weight"] == pytest.approx(0.5 * (1 / 3 - 2 / 3), abs=1e-12)
    result = relindex.score(mini)
    change = _contribution(result, 2022, "volume") - _contribution(result, 2021, "volume")
    assert volume["weight"] == pytest.approx(change, abs=1e-15)


def test_value_and_weight_of_an_indicator_both_moving(mini: Path) -> None:
    """Value and weight moving together split at the mean weight (the midpoint rule).

    Volume goes 0.5 -> 0.588 while its weight goes 2/3 -> 1/3: the value effect uses the
    mean of the two weights (1/2), the weight effect the rest.
    """
    ch = decompose(mini, 2021, 2022)
    x21, x22 = 0.5, 0.5880456295278406  # log goalposts 10-1000: (log 100, log 145) mapped
    volume = _effects(ch, "volume")
    assert volume["value"] == pytest.approx((2 / 3 + 1 / 3) / 2 * (x22 - x21), abs=1e-12)
    assert volume["weight"] == pytest.approx(x22 / 3 - 2 * x21 / 3 - volume["value"],
                                             abs=1e-12)


@pytest.mark.parametrize(("ca", "cb", "xa", "xb", "expected"), [
    (0.1, 0.15, 0.2, 0.6, [("value", 0.15), ("weight", -0.1)]),  # W 0.5 -> 0.25
    (0.2, 0.1, 0.4, 0.4, [("value", 0.0), ("weight", -0.1)]),  # value unchanged
    (0.2, 0.3, 0.4, 0.6, [("value", 0.1), ("weight", 0.0)]),  # weight unchanged
    (0.0, 0.25, 0.0, 0.5, [("value", 0.25), ("weight", 0.0)]),  # x = 0: the other weight
    (-0.2, -0.1, 0.4, 0.2, [("value", 0.1), ("weight", 0.0)]),  # friction: negative W
    (float("nan"), 0.3, float("nan"), 0.6, [("composition", 0.3)]),
    (0.3, float("nan"), 0.6, float("nan"), [("composition", -0.3)]),
    (float("nan"), float("nan"), float("nan"), float("nan"), []),
])
def test_split_of_one_indicator_by_hand(ca: float, cb: float, xa: float, xb: float,
                                        expected: list[tuple[str, float]]) -> None:
    """The midpoint split: value effect = mean effective weight x change of value."""
    got = _split_effects(ca, cb, xa, xb)
    assert [k for k, _ in got] == [k for k, _ in expected]
    for (_, g), (_, e) in zip(got, expected, strict=True):
        assert g == pytest.approx(e, abs=1e-15)


def test_by_kind_totals_each_kind() -> None:
    """Change.by_kind sums the effects of each kind, 0 for a kind that has none."""
    ch = Change(2020, 2021, None, 0.35, (
        {"indicator": "a", "dimension": "d", "kind": "value", "effect": 0.25},
        {"indicator": "b", "dimension": "d", "kind": "value", "effect": -0.05},
        {"indicator": "a", "dimension": "d", "kind": "weight", "effect": 0.15},
    ))
    assert ch.by_kind() == pytest.approx({"value": 0.2, "composition": 0.0, "weight": 0.15})


def test_by_kind_of_the_mini_change(mini: Path) -> None:
    """The composition total is the contributions of the indicators that appear.

    From 2021 to 2022 of the mini catalogue the share appears (the exercises are there
    in both, 2021's as an estimate); its 2022 contribution is read off the scores.
    """
    result = relindex.score(mini)
    kinds = decompose(mini, 2021, 2022).by_kind()
    appear = _contribution(result, 2022, "share")
    assert kinds["composition"] == pytest.approx(appear, abs=1e-15)
    assert sum(kinds.values()) == pytest.approx(result.period(2022).index
                                                - result.period(2021).index, abs=1e-12)


def test_decompose_of_none_is_the_shipped_catalogue() -> None:
    """decompose(None, ...) splits the shipped catalogue's change (its docstring example)."""
    ch = decompose(None, 2023, 2024)
    result = relindex.score()
    assert (ch.start, ch.end, ch.entity) == (2023, 2024, "russia-china")
    assert ch.change == pytest.approx(result.period(2024).index - result.period(2023).index)
    assert ch.to_dict() == decompose(relindex.build_model(relindex.load()), 2023,
                                     2024).to_dict()
    assert ch.to_dict()["entity"] == "russia-china"  # the only entity, as score names it


def test_entity_paths_of_a_many_entity_catalogue() -> None:
    """With several entities one must be named; an unknown one is refused.

    A known one is decomposed on its own scores and carried into to_dict.
    """
    with pytest.raises(RelindexError, match="needs an entity") as info:
        decompose(DYADS, 2021, 2023)
    assert info.value.key == "entity"
    with pytest.raises(RelindexError, match="is not an entity") as info:
        decompose(DYADS, 2021, 2023, entity="XX-YY")
    assert info.value.key == "entity" and info.value.value == "XX-YY"
    ch = decompose(DYADS, 2021, 2023, entity="CN-IN")
    one = relindex.score(DYADS).entity("CN-IN")
    assert ch.entity == "CN-IN" and ch.to_dict()["entity"] == "CN-IN"
    assert ch.change == pytest.approx(one.period(2023).index - one.period(2021).index)
    other = decompose(DYADS, 2021, 2023, entity="RU-CN")
    assert other.change != pytest.approx(ch.change)


def test_periods_must_be_scored_and_have_an_index(mini: Path) -> None:
    """A year outside the scored span is keyed 'from' or 'to'; one without an index 'period'."""
    with pytest.raises(RelindexError) as info:
        decompose(None, 1990, 2024)
    assert info.value.key == "from"
    with pytest.raises(RelindexError) as info:
        decompose(None, 2023, 2990)
    assert info.value.key == "to"
    # 2021's friction rests on no source: with a minimum coverage it has no index
    with (mini / "indicators.toml").open("a", encoding="utf-8") as fh:
        fh.write("\n[index.friction]\nmin_coverage = 0.5\n")
    with pytest.raises(RelindexError, match="no net index") as info:
        decompose(mini, 2021, 2023)
    assert info.value.key == "period" and info.value.value == 2021


def test_effects_are_sorted_by_size_and_zero_effects_dropped(mini: Path) -> None:
    """The largest effect comes first; an effect of exactly 0 is not listed."""
    ch = decompose(mini, 2021, 2023)
    sizes = [abs(e["effect"]) for e in ch.effects]
    assert sizes == sorted(sizes, reverse=True) and all(s > 0 for s in sizes)


def test_change_decomposition_adds_up_on_the_shipped_catalogue() -> None:
    """Explain --from/--to gives the documented JSON, whose effects add up to the change."""
    out = cli("explain", "--from", "2023", "--to", "2024", "--format", "json")
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    assert set(d) >= {"from", "to", "change", "effects"}
    assert d["from"] == 2023 and d["to"] == 2024
    assert sum(e["effect"] for e in d["effects"]) == pytest.approx(d["change"], abs=1e-12)
    assert {e["kind"] for e in d["effects"]} <= {"value", "composition", "weight"}
    result = relindex.score()
    assert d["change"] == pytest.approx(result.period(2024).index - result.period(2023).index)


_MODEL = relindex.build_model(relindex.load())


@settings(max_examples=25, deadline=None)
@given(st.sampled_from([2018, 2019, 2020, 2022, 2023, 2024]),
       st.sampled_from([2018, 2019, 2020, 2022, 2023, 2024]))
def test_change_effects_add_up_for_any_pair(a: int, b: int) -> None:
    """For any two periods with an index the effects add up to the change."""
    ch = decompose(_MODEL, a, b)
    assert sum(e["effect"] for e in ch.effects) == pytest.approx(ch.change, abs=1e-12)
    if a == b:
        assert ch.change == 0 and not ch.effects


def test_composition_effect_of_an_indicator_present_once(mini: Path) -> None:
    """An indicator present in one period only is a composition effect, nothing else."""
    ch = decompose(mini, 2021, 2022)
    kinds = {(e["indicator"], e["kind"]) for e in ch.effects}
    assert ("share", "composition") in kinds  # no share figure for 2021
    assert ("share", "value") not in kinds


def test_change_needs_an_index_in_both_periods(mini: Path) -> None:
    """The CLI refuses a period without an index in one line, exit 2.

    2021's friction rests on no source (a zero in an observed span): with a minimum
    coverage on the friction side it has no index.
    """
    with (mini / "indicators.toml").open("a", encoding="utf-8") as fh:
        fh.write("\n[index.friction]\nmin_coverage = 0.5\n")
    out = cli("explain", "-c", str(mini), "--from", "2021", "--to", "2023")
    assert out.returncode == 2 and "no net index" in out.stderr and "Traceback" not in out.stderr


def test_a_change_is_immutable() -> None:
    """A Change is a frozen value: its fields cannot be reassigned."""
    import dataclasses

    ch = decompose(_MODEL, 2023, 2024)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ch.change = 0.0  # type: ignore[misc]


def test_the_refusals_name_the_scored_span_and_at_most_twelve_entities(tmp_path: Path) -> None:
    """A year outside the span names the span; an unknown entity lists 12 of the entities."""
    with pytest.raises(RelindexError) as info:
        decompose(_MODEL, 1990, 2024)
    assert f"(scored: {_MODEL.periods[0]}-{_MODEL.periods[-1]})" in str(info.value)
    import shutil

    from test_entities import _big_table

    folder = tmp_path / "many"
    shutil.copytree(DYADS, folder)
    _big_table(folder, 20)
    model = relindex.build_model(relindex.load(folder))
    with pytest.raises(RelindexError) as info:
        decompose(model, 2021, 2023, entity="XX-YY")
    assert info.value.fix == "pass one of " + ", ".join(model.entities[:12])
    with pytest.raises(RelindexError) as info:
        decompose(model, 2021, 2023)
    assert info.value.fix == "pass one of " + ", ".join(model.entities[:12])
