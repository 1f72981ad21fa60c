"""relindex.scoring.cells: ties and conflicts within a cell, and what each record does."""

from __future__ import annotations

from pathlib import Path

import pytest

import relindex
from _util import edit
from relindex.errors import ScoringError


def two_rows(mini: Path, a: str = "30", b: str = "31") -> None:
    """Two undated table rows for share in 2021 (under combine = 'latest')."""
    (mini / "t.csv").write_text(
        f"id,indicator,period,value,unit\nt-1,share,2021,{a},%\nt-2,share,2021,{b},%\n")
    edit(mini / "indicators.toml", 'evidence = ["evidence.toml"]',
         'evidence = ["evidence.toml"]\ntables = [{file = "t.csv", citation = "c"}]')


def test_undated_disagreeing_rows_are_an_error_keyed_at_the_indicators_ties(mini):
    """Under ties = 'error', rows nothing dates apart are refused, keyed where declared."""
    two_rows(mini)
    with pytest.raises(ScoringError) as info:
        relindex.score(mini)
    assert str(info.value) == (
        f"{mini / 'indicators.toml'}: dimensions.trade.indicators.share.ties records t-1, t-2 "
        "give different values (30, 31) for entity mini, period 2021, and nothing dates them "
        "apart under combine = 'latest'. Got 'error'. Fix: declare ties = 'mean' (or 'max', "
        "'min') on the indicator, give the records a shared fact id so they are reconciled, "
        "or remove one.")


@pytest.mark.parametrize(("rule", "value"), [("mean", 30.5), ("max", 31.0), ("min", 30.0)])
def test_ties_rule_settles_the_cell(mini, rule, value):
    """Ties = mean, max or min gives the cell that value; the interval holds it."""
    two_rows(mini)
    edit(mini / "indicators.toml", 'unit = "%"\n', f'unit = "%"\nties = "{rule}"\n')
    model = relindex.build_model(relindex.load(mini))
    c = model.columns.index("share")
    p = model.periods.index(2021)
    assert model.raw[0, p, c] == value
    assert model.low[0, p, c] <= value <= model.high[0, p, c]


def test_agreeing_undated_rows_are_no_tie(mini):
    """Rows that agree need no ties rule."""
    two_rows(mini, "30", "30")
    model = relindex.build_model(relindex.load(mini))
    assert model.raw[0, model.periods.index(2021), model.columns.index("share")] == 30.0


def test_a_conflict_settled_by_max_records_the_superseded_record(mini):
    """Under combine = 'max' the smaller record is superseded, named in roles and conflicts."""
    two_rows(mini)
    edit(mini / "indicators.toml", 'unit = "%"\n', 'unit = "%"\ncombine = "max"\n')
    model = relindex.build_model(relindex.load(mini))
    assert model.roles["t-1"] == "superseded by t-2 (combine = 'max')"
    (conflict,) = [c for c in model.conflicts if c.indicator == "share"]
    assert (conflict.period, conflict.used, conflict.value) == (2021, "t-2", 31.0)
