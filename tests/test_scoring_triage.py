"""relindex.scoring.triage: what counts, for which year, and the scored span."""

from __future__ import annotations

from pathlib import Path

import pytest

import relindex
from _util import edit
from relindex.errors import ScoringError
from relindex.scoring.triage import YEAR_BOUNDS, _tag_rule


def score_error(folder: Path) -> str:
    with pytest.raises(ScoringError) as info:
        relindex.score(folder)
    return str(info.value).replace(str(folder), "<D>")


def test_no_evidence_that_counts(mini):
    """A catalogue whose every record weighs below the floor has nothing to score."""
    edit(mini / "indicators.toml", "[event_types.exercise]",
         "[grading]\nmin_weight = 1.0\n\n[event_types.exercise]")
    assert score_error(mini) == (
        "<D>/indicators.toml: catalogue.evidence has no evidence that counts, so there is "
        "nothing to score. Fix: add evidence records (see 'relindex evidence' for what was "
        "excluded and why).")


def test_a_year_outside_the_plausible_span_names_the_record(mini):
    """A typo such as 9999 is refused at the record, not scored over 8,000 empty years."""
    edit(mini / "evidence.toml", 'period = "2021"', 'period = "9999"')
    lo, hi = YEAR_BOUNDS
    assert score_error(mini) == (
        f"<D>/evidence.toml: evidence[vol-2021].period is a year outside {lo}-{hi}, which the "
        "catalogue does not declare: scoring it would stretch the span to every year in "
        "between. Got '9999'. Fix: correct the period, or declare [index] periods = "
        f"\"YYYY/YYYY\" in indicators.toml to score (or leave out) years outside {lo}-{hi}.")


def test_declared_periods_exclude_records_outside_with_a_reason(mini):
    """[index] periods bounds the span; a record outside it is excluded, saying why."""
    edit(mini / "indicators.toml", "[index]\n", '[index]\nperiods = "2022/2023"\n')
    result = relindex.score(mini)
    assert result.years == (2022, 2023)
    why = {e.id: e.reason for e in result.excluded}
    assert why["vol-2021"] == "period 2021 is outside the scored span 2022-2023 (index.periods)"


def test_tag_rules():
    """An indicator that asks for tags counts only those; otherwise excluded tags are out."""
    assert _tag_rule(("forecast",), ("non_state",), (), "") == (
        "the indicator counts only records tagged non_state; this one is tagged forecast")
    assert _tag_rule((), ("non_state",), (), "") == (
        "the indicator counts only records tagged non_state; this one is untagged")
    assert _tag_rule(("non_state",), ("non_state",), ("non_state",), "") is None
    assert _tag_rule(("forecast",), (), ("forecast",), "not yet happened") == (
        "tagged forecast: not counted as an event (index.exclude_tags): not yet happened")
    assert _tag_rule(("forecast",), (), (), "") is None
