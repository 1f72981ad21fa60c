"""Scoring the mini catalogue end to end, checked by hand."""

import math
from pathlib import Path

import pytest

import relindex
from _util import edit


@pytest.fixture(scope="module")
def result():
    return relindex.score(Path(__file__).parent / "fixtures" / "mini")


def test_headline_by_hand(result):
    """2023: trade (volume carried from 2022, share 50%), exercises and accusations estimated.

    The event indicators enter the index as their model estimates (the raw counts stay
    visible beside them); the rest of the arithmetic is by hand.
    """
    head = result.headline
    assert head.period == 2023
    volume = math.log(15) / math.log(100)  # (ln 150 - ln 10) / (ln 1000 - ln 10)
    trade = 0.5 * volume + 0.5 * 0.5
    ex = head.dimension("military").indicators[0]
    acc = head.dimension("friction").indicators[0]
    assert (ex.raw, ex.n_events, acc.raw, acc.n_events) == (2, 2, 2.0, 1)
    coop = (2 * trade + 1 * min(ex.estimate / 4, 1.0)) / 3
    assert head.cooperation == pytest.approx(coop)
    assert head.friction == pytest.approx(acc.estimate / 10)
    assert head.index == pytest.approx(coop - acc.estimate / 10)


def test_event_estimates_hold_their_raw_counts_in_their_intervals(result):
    """Every event estimate lies in its 90% interval, and so does its normalised value."""
    for p in result.periods:
        for d in p.dimensions:
            for i in d.indicators:
                if i.n_events is None or i.estimate is None:
                    continue
                assert float(i.n_events).is_integer()
                assert i.estimate_low <= i.estimate <= i.estimate_high
                assert i.interval[0] <= i.normalized <= i.interval[1]


def test_contributions_add_up_at_every_level(result):
    """Indicator contributions sum to their dimension's, dimensions' to the index."""
    for p in result.periods:
        if p.index is None or math.isnan(p.index):
            continue
        total = 0.0
        for d in p.dimensions:
            if d.contribution is None or math.isnan(d.contribution):
                continue
            inner = sum(i.contribution for i in d.indicators if i.contribution is not None)
            assert inner == pytest.approx(d.contribution, abs=1e-14)
            total += d.contribution
        assert total == pytest.approx(p.index, abs=1e-14)


def test_conflict_resolved_by_grade(result):
    """2022 trade: 150 (B2) beats 140 (C2); both kept as alternatives with the spread."""
    fact = next(f for f in result.facts if f.fact == "trade-2022")
    assert fact.used == "vol-2022-a" and fact.value == 150
    assert fact.spread == (140.0, 150.0)
    roles = {a["id"]: a["role"] for a in fact.alternatives}
    assert roles["vol-2022-b"] == "alternative to vol-2022-a (not used)"


def test_partial_period_flow_is_not_a_full_year(result):
    """'over 90 bn' for January-June 2023 is not used as the 2023 value."""
    excluded = {e.id: e.reason for e in result.excluded}
    assert "vol-2023-h1" in excluded and "lower bound" in excluded["vol-2023-h1"]
    vol = result.period(2023).dimension("trade").indicators[0]
    assert vol.raw == 150 and vol.carried and vol.carried_from == 2022


def test_zero_events_in_observed_span_vs_missing(result):
    """No accusation in 2021 (observed span) is a measured zero; no exercise is no evidence.

    The exercises of 2021 are estimated from the other years and do not count.
    """
    p = result.period(2021)
    acc = p.dimension("friction").indicators[0]
    assert acc.status == "zero" and acc.raw == 0 and acc.n_events == 0
    ex = p.dimension("military").indicators[0]
    assert ex.status == "estimated" and ex.raw is None and ex.estimate is not None
    assert not ex.counted and p.dimension("military").coverage == 0
    assert ex.estimate_low <= ex.estimate <= ex.estimate_high


def test_evidence_for_a_year_narrows_its_interval(mini):
    """A year without exercises gets a wide interval; one reported exercise narrows it."""
    edit(mini / "indicators.toml", 'event_types = ["exercise"]',
         'event_types = ["exercise"]\ndrift_sd = 0.5\ndrift_sd_reason = "test"')
    gap = relindex.score(mini).period(2021).dimension("military").indicators[0]
    with (mini / "doc.txt").open("a", encoding="utf-8") as fh:
        fh.write("In 2021 the two navies held a joint drill.\n")
    with (mini / "evidence.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[[evidence]]\nid = "ex-2021"\nindicator = "exercises"\nsource = "doc"\n'
                 'quote = "In 2021 the two navies held a joint drill."\nperiod = "2021"\n'
                 'event_type = "exercise"\n')
    seen = relindex.score(mini).period(2021).dimension("military").indicators[0]
    assert gap.status == "estimated" and seen.status == "observed" and seen.n_events == 1
    assert (math.log(gap.estimate_high / gap.estimate_low)
            > math.log(seen.estimate_high / seen.estimate_low))


def test_partial_bound_never_lowers_the_interval(mini):
    """A partial-period figure below the full-year value leaves the interval's low end alone."""
    with (mini / "doc.txt").open("a", encoding="utf-8") as fh:
        fh.write("In 2022 the first quarter alone brought $30 billion.\n")
    path = mini / "evidence.toml"
    path.write_text(path.read_text() + '''
[[evidence]]
id = "vol-2022-q1"
indicator = "volume"
source = "doc"
quote = "In 2022 the first quarter alone brought $30 billion."
period = "2022-01/2022-03"
value = 30
unit = "USD bn"
fact = "trade-2022"
''')
    fact = next(f for f in relindex.score(mini).facts if f.fact == "trade-2022")
    assert fact.low == 140.0  # the conflicting full-year value, not the quarter's 30
    roles = {a["id"]: a["role"] for a in fact.alternatives}
    assert roles["vol-2022-q1"] == "lower bound (partial period)"


def test_cells_with_one_observation_are_never_sorted(monkeypatch):
    """Ties and conflicts sort only cells with two observations or more.

    A table with one row per cell is laid out with at most the one sort that orders the
    evidence by cell (none when the rows are in cell order already).
    """
    import numpy as np

    path = Path(__file__).parent / "fixtures" / "dyads"
    dataset = relindex.load(path)
    reference = relindex.build_model(dataset)
    calls = {"lexsort": 0, "argsort": 0}
    for name in calls:
        real = getattr(np, name)

        def counting(*a, _real=real, _name=name, **kw):
            calls[_name] += 1
            return _real(*a, **kw)

        monkeypatch.setattr(np, name, counting)
    model = relindex.build_model(dataset)
    assert calls["lexsort"] == 0 and calls["argsort"] <= 1
    assert np.array_equal(model.raw, reference.raw, equal_nan=True)
    assert np.array_equal(model.n_obs, reference.n_obs)
