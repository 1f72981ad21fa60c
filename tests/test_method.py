"""The method an analyst can defend: goalposts, balances, tags, grades, changes.

Goalpost bases and ranges, sparse data-based normalisations refused, friction as a
balance, tags, grades, intervals and the change decomposition (the audit's rules are in
tests/test_audit.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import relindex
from _util import edit
from relindex.errors import CatalogueError, ScoringError
from test_cli import cli

SHARE = ('[dimensions.friction.indicators.accusations]\nname = "Accusations"\n'
         'unit = "severity"\nkind = "event"\nmeasure = "severity"')


def _share(mini: Path) -> None:
    edit(mini / "indicators.toml", SHARE,
         '[dimensions.friction.indicators.accusations]\nname = "Accusations"\n'
         'unit = "%"\nkind = "event"\nmeasure = "share"')
    edit(mini / "indicators.toml", 'normalisation = { method = "goalposts", min = 0, max = 10 }',
         'normalisation = { method = "goalposts", min = 0, max = 100 }')


def test_friction_share_of_coded_events(mini: Path) -> None:
    """A share: own severity over every counted event's severity; 0 with events, else none."""
    _share(mini)
    result = relindex.score(mini)
    acc = {p.period: p.dimension("friction").indicators[0] for p in result.periods}
    assert acc[2023].raw == pytest.approx(100 * 2.0 / (2.0 + 2 * 7.4))
    assert acc[2022].raw == 0.0 and acc[2022].status == "zero"  # an exercise, no accusation
    assert acc[2021].raw is None  # no coded event at all


def test_share_does_not_grow_with_reporting(mini: Path) -> None:
    """Doubling every report of a year leaves the share unchanged (a volume would double)."""
    _share(mini)
    before = relindex.score(mini).period(2023).dimension("friction").indicators[0].raw
    text = (mini / "evidence.toml").read_text()
    copies = text.replace('id = "ex-2023-a"', 'id = "ex-2023-a2"').replace(
        'id = "ex-2023-b"', 'id = "ex-2023-b2"').replace('id = "acc-2023"', 'id = "acc-2023-2"')
    extra = copies[copies.index('[[evidence]]\nid = "ex-2023-a2"'):]
    extra = extra[:extra.index('[[evidence]]\nid = "share-2022"')]
    (mini / "evidence.toml").write_text(text + "\n" + extra)
    after = relindex.score(mini).period(2023).dimension("friction").indicators[0].raw
    assert after == pytest.approx(before)


def test_grades_never_scale_an_event(mini: Path) -> None:
    """A poorly graded report is one event: its grade widens the estimate, not the count."""
    before = relindex.score(mini).period(2023).dimension("friction").indicators[0]
    edit(mini / "evidence.toml", 'id = "acc-2023"', 'id = "acc-2023"\ncredibility = 4')
    after = relindex.score(mini).period(2023).dimension("friction").indicators[0]
    assert after.raw == before.raw == 2.0 and after.n_events == before.n_events == 1
    width = (after.estimate_high - after.estimate_low, before.estimate_high - before.estimate_low)
    assert width[0] > width[1]
    # the key that made grades scale events is refused, naming it
    edit(mini / "indicators.toml", 'measure = "severity"', 'measure = "severity"\n'
         "grade_weighted = true")
    with pytest.raises(CatalogueError, match=r"grade_weighted.*no longer accepted"):
        relindex.load(mini)


def test_cannot_be_judged_weighs_no_more_than_d_without_a_reason(mini: Path) -> None:
    edit(mini / "indicators.toml", "[index]\n",
         '[grading]\nreliability = { F = 0.5 }\n\n[index]\n')
    with pytest.raises(CatalogueError, match="cannot be judged"):
        relindex.load(mini)
    edit(mini / "indicators.toml", "reliability = { F = 0.5 }",
         'reliability = { F = 0.5 }\ncannot_judge_reason = "unattributed but official"')
    assert relindex.load(mini).catalogue.grading.reliability["F"] == 0.5


def test_tagged_records_do_not_count_unless_asked(mini: Path) -> None:
    text = (mini / "evidence.toml").read_text()
    (mini / "evidence.toml").write_text(text.replace(
        'id = "acc-2023"', 'id = "acc-2023"\ntags = ["forecast"]'))
    assert relindex.score(mini).period(2023).dimension("friction").indicators[0].raw == 2.0
    edit(mini / "indicators.toml", "[index]\n",
         '[index]\nexclude_tags = ["forecast"]\nexclude_tags_reason = "not acts"\n')
    result = relindex.score(mini)
    why = {x.id: x.reason for x in result.excluded}
    assert "forecast" in why["acc-2023"] and "not acts" in why["acc-2023"]
    assert result.period(2023).dimension("friction").indicators[0].raw != 2.0
    # an indicator that asks for the tag counts only tagged records
    edit(mini / "indicators.toml", 'measure = "severity"', 'measure = "severity"\n'
         'tags = ["forecast"]')
    acc = relindex.score(mini).period(2023).dimension("friction").indicators[0]
    assert acc.raw == 2.0 and acc.evidence == ("acc-2023",)


def test_goalpost_ranges_are_validated(mini: Path) -> None:
    edit(mini / "indicators.toml", 'normalisation = { method = "goalposts", min = 0, max = 4 }',
         'normalisation = { method = "goalposts", min = 0, max = 4, max_range = [5, 8] }')
    with pytest.raises(CatalogueError, match="max_range"):
        relindex.load(mini)


def test_sampled_goalposts_move_the_band_around_the_point(mini: Path) -> None:
    """The analysis samples goalposts within their ranges; the point stays inside its band."""
    from relindex.sensitivity import analyse

    edit(mini / "indicators.toml", 'normalisation = { method = "goalposts", min = 0, max = 4 }',
         'normalisation = { method = "goalposts", min = 0, max = 4, max_range = [2, 6] }')
    res = analyse(mini, {"weight_range": 0.0, "vary_aggregation": False,
                         "vary_evidence": False, "vary_normalisation": False,
                         "include_low_grade_probability": 1.0},
                  samples=256, seed=2, n_resamples=0)
    assert [i["name"] for i in res.inputs] == ["goalpost max exercises"]
    band = res.period(2023)["index"]
    assert band["p05"] < band["p95"]
    assert all(p["point_inside"] in (True, None) for p in res.periods)


def test_data_methods_are_refused_on_sparse_indicators(mini: Path) -> None:
    edit(mini / "indicators.toml", 'normalisation = { method = "goalposts", min = 0, max = 100 }',
         'normalisation = { method = "rank" }')
    with pytest.raises(ScoringError, match="distinct observation") as info:
        relindex.score(mini)
    assert "share.normalisation" in str(info.value)


def test_alternative_min_max_is_not_sampled_on_sparse_indicators() -> None:
    from relindex.sensitivity import analyse

    model = relindex.build_model(relindex.load())
    res = analyse(model, samples=64, seed=1, n_resamples=0)
    sampled = {i["name"].split(" ", 1)[1] for i in res.inputs
               if i["name"].startswith("normalisation ")}
    sparse = {model.columns[k] for k in range(model.n_leaves) if model.distinct[k] < 5}
    assert sparse and not sampled & sparse
    assert any("fewer than 5 distinct" in n for n in res.notes)


def test_years_without_a_side_get_an_interval_and_a_reason() -> None:
    """Every year of the span has an index or an interval, and a flag saying why."""
    out = cli("score", "--all-periods", "--format", "json")
    assert out.returncode == 0, out.stderr
    for p in json.loads(out.stdout):
        assert (p["index"] is None) == (p["interval"] is not None), p["period"]
        if p["index"] is None:
            codes = {f["code"] for f in p["flags"]}
            assert codes & {"no_friction_evidence", "no_cooperation_evidence"}
            lo, hi = p["interval"]
            assert -1 <= lo < hi <= 1 and hi - lo == pytest.approx(1.0)
        cov = p["coverage"]
        if min(cov.values()) < 0.5:
            assert not p["headline"]
            assert any(f["code"] == "below_coverage" for f in p["flags"])


def test_score_says_the_grades_behind_the_headline() -> None:
    """The headline's text output counts its records by source grade, matching the ledger."""
    import re

    ds = relindex.load()
    head = relindex.score(ds).headline
    ids = {rid for top in head.dimensions for d in top.walk() for i in d.indicators
           for rid in i.evidence}
    out = cli("score").stdout
    m = re.search(rf"Evidence behind {head.period}: (\d+) record\(s\), by source grade: ([^(]+)",
                  out)
    assert m and int(m.group(1)) == len(ids)
    counts = dict(part.split() for part in m.group(2).strip().split(", "))
    assert sum(int(v) for v in counts.values()) == len(ids)
    for grade, n in counts.items():
        assert int(n) == sum(1 for rid in ids if ds.record(rid).reliability == grade)
    assert "grade = source reliability" in out
