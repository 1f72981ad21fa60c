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
    """2023: trade (volume carried from 2022, share 50%), two exercises, one accusation."""
    head = result.headline
    assert head.period == 2023
    volume = math.log(15) / math.log(100)  # (ln 150 - ln 10) / (ln 1000 - ln 10)
    trade = 0.5 * volume + 0.5 * 0.5
    coop = (2 * trade + 1 * (2 / 4)) / 3
    assert head.cooperation == pytest.approx(coop)
    assert head.friction == pytest.approx(2 / 10)
    assert head.index == pytest.approx(coop - 0.2)


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
    """No accusation in 2021 (observed span) is a zero; no exercise in 2021 is a gap."""
    p = result.period(2021)
    acc = p.dimension("friction").indicators[0]
    assert acc.status == "zero" and acc.raw == 0
    ex = p.dimension("military").indicators[0]
    assert ex.status == "missing" and ex.raw is None
    assert p.dimension("military").coverage == 0


def test_events_counted_per_period(result):
    """Two exercise records in 2023 count two."""
    ex = result.period(2023).dimension("military").indicators[0]
    assert ex.raw == 2 and set(ex.evidence) == {"ex-2023-a", "ex-2023-b"}


def test_weights_normalised_and_reported(result):
    """Declared weights 2 and 1 become 2/3 and 1/3, and a note says so."""
    trade = result.headline.dimension("trade")
    assert trade.nominal_weight == pytest.approx(2 / 3)
    assert any("normalised to 1" in n for n in result.notes)


def test_result_carries_version_and_digest(result):
    """Every result names the library version and a hash of its inputs."""
    d = result.to_dict()
    assert d["version"] == relindex.__version__
    assert len(d["digest"]) == 64


def test_digest_changes_with_the_ledger(mini):
    """Editing the ledger changes the digest."""
    before = relindex.load(mini).digest
    path = mini / "evidence.toml"
    path.write_text(path.read_text() + "\n# a comment\n")
    assert relindex.load(mini).digest != before


def test_html_repr_escapes(mini):
    """The notebook table escapes the names it shows: markup in a name stays text."""
    edit(mini / "indicators.toml", 'name = "Mini test index"', 'name = "Mini <i>&</i> index"')
    edit(mini / "indicators.toml", 'name = "Trade"', 'name = "Trade <b onclick=\'x()\'>"')
    html = relindex.score(mini)._repr_html_()
    assert "<table>" in html
    assert "Mini &lt;i&gt;&amp;&lt;/i&gt; index" in html
    assert "Trade &lt;b onclick=&#x27;x()&#x27;&gt;" in html
    assert "<i>" not in html and "<b onclick" not in html


def test_no_friction_side_is_plain_composite(mini):
    """A catalogue without friction dimensions scores a plain composite."""
    text = (mini / "indicators.toml").read_text()
    text = text[: text.index("[dimensions.friction]")]
    (mini / "indicators.toml").write_text(text)
    ev = (mini / "evidence.toml").read_text()
    ev = ev.replace('id = "acc-2023"', 'id = "acc-2023"\nexclude = "x"')
    ev = ev.replace('indicator = "accusations"', 'indicator = "exercises"')
    ev = ev.replace('event_type = "accusation"', 'event_type = "exercise"')
    (mini / "evidence.toml").write_text(ev)
    r = relindex.score(mini)
    assert r.headline.friction is None
    assert r.headline.index == pytest.approx(r.headline.cooperation)


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
