"""Evidence as measurement, end to end: counts, estimates, sources, coverage, change noise."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

import relindex
from _util import edit
from relindex.change import decompose
from test_cli import cli


@pytest.fixture(scope="module")
def shipped() -> list[dict]:
    out = cli("score", "--all-periods", "--format", "json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def _indicators(dims: list[dict]) -> list[dict]:
    out = []
    for d in dims:
        out.extend(d["indicators"])
        out.extend(_indicators(d.get("dimensions", [])))
    return out


def test_every_event_indicator_is_an_estimate_from_whole_events(shipped: list[dict]) -> None:
    """Whole-number event counts; an interval that holds the normalised value."""
    events = 0
    for p in shipped:
        for i in _indicators(p["dimensions"]):
            if i["n_events"] is None:
                continue
            events += 1
            assert isinstance(i["n_events"], int) and i["n_events"] >= 0
            assert isinstance(i["n_sources"], int)
            lo, hi = i["interval"]
            assert lo - 1e-12 <= i["normalized"] <= hi + 1e-12, (p["period"], i["id"])
            assert i["estimate_low"] <= i["estimate"] <= i["estimate_high"]
    assert events >= 8 * 5  # every period, every event indicator


def test_every_period_has_leave_one_source_out(shipped: list[dict]) -> None:
    for p in shipped:
        loo = p["leave_one_source_out"]
        assert set(loo) == {"min", "max", "by_source"}
        values = [v for v in loo["by_source"].values() if v is not None]
        assert values and loo["min"] == min(values) and loo["max"] == max(values)
        assert len(loo["by_source"]) >= 5


def test_explain_counts_are_whole_numbers() -> None:
    """No count in explain is fractional: '2 of 6 coded events', '1 event', '3 events'."""
    out = cli("explain", "--all-periods")
    assert out.returncode == 0
    counts = re.findall(r"\): ([0-9.]+) of ([0-9.]+) coded events \(", out.stdout)
    counts += [(n, n) for n in re.findall(r"\): ([0-9.]+) events? \(", out.stdout)]
    assert len(counts) >= 8 * 5
    assert all(a.isdigit() and b.isdigit() for a, b in counts)


def test_p_increase_is_symmetric_and_in_the_json() -> None:
    """P(rise from a to b) = 1 - P(rise from b to a) on the same draws."""
    model = relindex.build_model(relindex.load())
    up = decompose(model, 2023, 2024, draws=400, seed=3)
    down = decompose(model, 2024, 2023, draws=400, seed=3)
    assert up.p_increase is not None and 0 <= up.p_increase <= 1
    assert up.p_increase + down.p_increase == pytest.approx(1.0)
    out = cli("explain", "--from", "2023", "--to", "2024", "--format", "json")
    d = json.loads(out.stdout)
    assert 0 <= d["p_increase"] <= 1 and isinstance(d["exceeds_noise"], bool)
    text = cli("explain", "--from", "2023", "--to", "2024").stdout
    assert "Probability that the index rose" in text and "noise" in text


def _friction_from_other(mini: Path) -> None:
    """A heavy friction event in 2023 reported only by the second source."""
    with (mini / "doc.txt").open("a", encoding="utf-8") as fh:
        fh.write("In 2023 one side accused the other of sabotage, twice over.\n")
    for k in range(6):
        with (mini / "evidence.toml").open("a", encoding="utf-8") as fh:
            fh.write(f'\n[[evidence]]\nid = "acc-other-{k}"\nindicator = "accusations"\n'
                     'source = "other"\nquote = "In 2023 one side accused the other of '
                     'sabotage, twice over."\nperiod = "2023"\nevent_type = "accusation"\n'
                     "severity = 10\n")


def test_a_sign_that_one_source_decides_is_flagged(mini: Path) -> None:
    _friction_from_other(mini)
    p = relindex.score(mini).period(2023)
    assert p.index < 0
    loo = p.leave_one_source_out
    assert loo["by_source"]["other"] > 0
    assert "rests_on_one_source" in p.flags
    msg = p.flag_messages[p.flags.index("rests_on_one_source")]
    assert "other" in msg


def test_carried_values_fill_but_do_not_count(mini: Path) -> None:
    """2023's trade volume is carried from 2022: it fills the dimension, not its coverage."""
    trade = relindex.score(mini).period(2023).dimension("trade")
    volume = trade.indicators[0]
    assert volume.carried and not volume.counted and volume.contribution is not None
    assert trade.coverage == pytest.approx(0.5)  # the share, observed, is half the weight


def test_headline_needs_two_sources_per_side_by_default(mini: Path) -> None:
    edit(mini / "indicators.toml", "headline_min_sources = 1\n", "")
    edit(mini / "indicators.toml", 'headline_min_sources_reason = "a test fixture: one document '
         'states almost every figure"\n', "")
    r = relindex.score(mini)
    assert r.headline is None
    p = r.period(2023)
    assert "few_sources" in p.flags and p.sources["friction"] == 1
    assert any("sources" in n for n in r.notes)
    # a different minimum needs its reason
    edit(mini / "indicators.toml", "[index]\n", "[index]\nheadline_min_sources = 1\n")
    with pytest.raises(relindex.CatalogueError, match="headline_min_sources_reason"):
        relindex.load(mini)


def test_sobol_reports_the_evidence_as_one_group(mini: Path) -> None:
    from relindex.sensitivity import analyse

    res = analyse(mini, samples=64, seed=1, n_resamples=0)
    groups = {i["group"] for i in res.inputs}
    assert "evidence" in groups
    names = {i["name"] for i in res.inputs if i["group"] == "evidence"}
    assert {"evidence (events) exercises", "evidence (events) accusations",
            "carry values forward over gaps"} <= names


def test_leaving_a_source_out_rescored_by_hand(mini: Path) -> None:
    """The leave-one-out value of a source is the index of the dataset without it."""
    _friction_from_other(mini)
    full = relindex.score(mini)
    ds = relindex.load(mini)
    from relindex.leave_out import without_source

    alone = relindex.score(without_source(ds, "other"), leave_one_out=False)
    got = full.period(2023).leave_one_source_out["by_source"]["other"]
    assert math.isclose(got, alone.period(2023).index, rel_tol=1e-12)


def test_leave_one_out_batch_is_each_rescoring_bit_for_bit() -> None:
    """Every variant evaluated in the batch equals scoring its dataset alone, exactly."""
    from relindex.leave_out import without_source

    ds = relindex.load()
    full = relindex.score(ds)
    by_source = [p.leave_one_source_out["by_source"] for p in full.periods]
    assert len(by_source[0]) == 20
    for sid in by_source[0]:
        alone = relindex.score(without_source(ds, sid), leave_one_out=False)
        for p, got in zip(full.periods, by_source, strict=True):
            assert got[sid] == alone.period(p.period).index, (sid, p.period)


def test_leave_one_out_estimates_each_distinct_count_once(monkeypatch) -> None:
    """Rescoring without each source estimates each event indicator's counts once.

    Counts that leaving a source out does not change reuse their estimate, the full
    model's included.
    """
    import relindex.scoring.events as se

    calls: list[tuple[object, ...]] = []
    real = se.estimate

    def counting(family, k, n, **kw):  # type: ignore[no-untyped-def]
        calls.append((family, k.shape, k.tobytes(), n.tobytes(), kw.get("tau")))
        return real(family, k, n, **kw)

    monkeypatch.setattr(se, "estimate", counting)
    model = relindex.build_model(relindex.load())
    own = len(calls)
    result = relindex.score(model)
    rescored = calls[own:]
    n_sources = len(result.periods[0].leave_one_source_out["by_source"])
    assert own > 0 and n_sources > 1 and rescored
    assert len(rescored) == len(set(rescored))
    assert len(rescored) < n_sources * own
    # the full model's own estimates are among those reused
    assert not set(calls[:own]) & set(rescored)
