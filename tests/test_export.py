"""relindex.export: the re-weighting payload and the library-side re-weighted index."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import relindex
from relindex.errors import RelindexError
from relindex.export import (
    dimension_weights,
    reweight_payload,
    score_with_weights,
    to_json,
    write_reweight_payload,
)

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def model() -> Any:
    return relindex.build_model(relindex.load(MINI))


def page_arithmetic(payload: dict[str, Any], weights: dict[str, float], p: int) -> float:
    """Transcribe docs/javascripts/reweight.js (the page's arithmetic) as a plain loop."""
    by_id = {d["id"]: d for d in payload["dimensions"]}
    sides = {}
    for name, spec in payload["sides"].items():
        present = [i for i in spec["dimensions"] if by_id[i]["scores"][p] is not None]
        wsum = sum(weights[i] for i in present)
        if not wsum > 0:
            sides[name] = math.nan
            continue
        if spec["aggregation"] == "arithmetic":
            sides[name] = sum(weights[i] / wsum * by_id[i]["scores"][p] for i in present)
        else:
            f = spec["floor"]
            sides[name] = math.exp(sum(weights[i] / wsum * math.log(
                max(by_id[i]["scores"][p], f) if f is not None else by_id[i]["scores"][p])
                for i in present))
    if "friction" in sides:
        return sides["cooperation"] - sides["friction"]
    return sides["cooperation"]


def test_payload_matches_the_result(model: Any) -> None:
    """The payload's scores, sides and index are the library's own numbers."""
    result = relindex.score(model)
    payload = reweight_payload(model)
    assert payload["periods"] == [p.period for p in result.periods]
    assert payload["headline_period"] == result.headline_period
    assert [d["id"] for d in payload["dimensions"]] == ["trade", "military", "friction"]
    assert payload["sides"]["cooperation"]["dimensions"] == ["trade", "military"]
    for k, p in enumerate(result.periods):
        for d in p.dimensions:
            got = next(x for x in payload["dimensions"] if x["id"] == d.id)["scores"][k]
            assert (got is None and d.score is None) or got == pytest.approx(d.score)
        assert payload["index"][k] == pytest.approx(p.index)
    trade = payload["dimensions"][0]
    assert trade["weight"] == 2.0 and trade["nominal_weight"] == pytest.approx(2 / 3)
    assert [i["id"] for i in trade["indicators"]] == ["volume", "share"]
    assert trade["indicators"][1]["values"][0] is None  # no share in 2021: missing, not zero


def test_payload_is_strict_json(model: Any) -> None:
    """The payload serialises without NaN, and safely inside an HTML script element."""
    payload = reweight_payload(model)
    text = to_json(payload)
    assert json.loads(text) == payload
    hostile = {"name": "</script><script>alert(1)</script> & \u2028"}
    html_text = to_json(hostile, for_html=True)
    assert "<" not in html_text and ">" not in html_text and "&" not in html_text
    assert json.loads(html_text) == hostile


def test_write_payload(tmp_path: Path, model: Any) -> None:
    """write_reweight_payload writes the payload as a JSON file."""
    out = write_reweight_payload(tmp_path / "sub" / "reweight.json", model)
    assert json.loads(out.read_text()) == reweight_payload(model)


def test_declared_weights_give_the_headline(model: Any) -> None:
    """With no override the re-weighted index is the scored headline."""
    head = relindex.score(model).headline
    assert score_with_weights(model, {}) == pytest.approx(head.index, abs=1e-15)
    assert score_with_weights(model, dimension_weights(model)) == pytest.approx(head.index)
    assert dimension_weights(model) == {"trade": 2.0, "military": 1.0, "friction": 1.0}


def test_hand_computed_reweighting(model: Any) -> None:
    """Equal trade and military weights: cooperation is the plain mean of the two scores."""
    head = relindex.score(model).headline
    trade, military, friction = (d.score for d in head.dimensions)
    expected = (trade + military) / 2 - friction
    assert score_with_weights(model, {"trade": 1, "military": 1}) == pytest.approx(expected)
    assert score_with_weights(model, {"trade": 0}) == pytest.approx(military - friction)


@settings(max_examples=60, deadline=None)
@given(st.fixed_dictionaries({k: st.floats(0, 10, allow_subnormal=False)
                              for k in ("trade", "military", "friction")}),
       st.floats(0.01, 100))
def test_page_arithmetic_mirrors_the_core(weights: dict[str, float], scale: float) -> None:
    """The page's formula equals the core's for any weights, and ignores their scale."""
    model = relindex.build_model(relindex.load(MINI))
    payload = reweight_payload(model)
    for p, year in enumerate(payload["periods"]):
        core = score_with_weights(model, weights, period=year)
        page = page_arithmetic(payload, weights, p)
        assert (math.isnan(core) and math.isnan(page)) or core == pytest.approx(page, abs=1e-12)
        scaled = score_with_weights(model, {k: v * scale for k, v in weights.items()},
                                    period=year)
        assert (math.isnan(core) and math.isnan(scaled)) or scaled == pytest.approx(core)


def test_geometric_side_with_floor(tmp_path: Path) -> None:
    """A geometric cooperation side with a floor: page arithmetic and core agree."""
    cat = tmp_path / "geo"
    cat.mkdir()
    for f in MINI.iterdir():
        (cat / f.name).write_bytes(f.read_bytes())
    text = (cat / "indicators.toml").read_text()
    text = text.replace("[event_types.exercise]",
                        "[index.cooperation]\naggregation = \"geometric\"\nfloor = 0.05\n\n"
                        "[event_types.exercise]")
    (cat / "indicators.toml").write_text(text)
    model = relindex.build_model(relindex.load(cat))
    payload = reweight_payload(model)
    assert payload["sides"]["cooperation"] == {"aggregation": "geometric", "floor": 0.05,
                                               "dimensions": ["trade", "military"]}
    for w in ({}, {"trade": 0.5, "military": 3.0}, {"military": 0.0}):
        full = {**dimension_weights(model), **w}
        for p, year in enumerate(payload["periods"]):
            core = score_with_weights(model, w, period=year)
            page = page_arithmetic(payload, full, p)
            assert (math.isnan(core) and math.isnan(page)) or core == pytest.approx(page)


def test_weights_through_the_core_not_a_copy(model: Any) -> None:
    """score_with_weights passes the override to Model.evaluate, leaving the model unchanged."""
    before = [w.copy() for w in model.tree.weights]
    score_with_weights(model, {"trade": 7.0})
    assert all(np.array_equal(a, b) for a, b in zip(before, model.tree.weights, strict=True))


@pytest.mark.parametrize("weights, key", [
    ({"nope": 1.0}, "dimension_weights"),
    ({"trade": -1.0}, "dimension_weights['trade']"),
    ({"trade": float("nan")}, "dimension_weights['trade']"),
    ({"trade": "x"}, "dimension_weights['trade']"),
])
def test_bad_weights_are_refused(model: Any, weights: dict[str, Any], key: str) -> None:
    """An unknown dimension or a weight that is not a finite number >= 0 is refused."""
    with pytest.raises(RelindexError) as err:
        score_with_weights(model, weights)
    assert err.value.key == key
    assert err.value.fix


def test_bad_period_is_refused(model: Any) -> None:
    """A period outside the scored span is refused with the span in the message."""
    with pytest.raises(RelindexError, match="not a scored period"):
        score_with_weights(model, {}, period=1999)


def test_accepts_a_path_and_refuses_a_result() -> None:
    """A catalogue path works; a Result (which lacks the side rules) is refused clearly."""
    assert score_with_weights(MINI, {}) == pytest.approx(relindex.score(MINI).headline.index)
    with pytest.raises(TypeError, match="build_model"):
        reweight_payload(relindex.score(MINI))  # type: ignore[arg-type]
