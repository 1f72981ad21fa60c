"""Record rules: one table (relindex.record_rules) for ledger records and table rows.

A rule broken in a ledger and in a data table gives the same words; each case expects
the exact message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import relindex
from _util import edit
from relindex.errors import EvidenceError
from relindex.models import ID_MAX_LENGTH, Indicator
from relindex.record_rules import RULES, broken_rule, valid_id


def load_error(folder: Path) -> EvidenceError:
    with pytest.raises(EvidenceError) as info:
        relindex.load(folder)
    return info.value


def with_table(mini: Path, rows: str, head: str = "id,indicator,period,value,unit") -> Path:
    (mini / "t.csv").write_text(f"{head}\n{rows}", encoding="utf-8")
    edit(mini / "indicators.toml", 'evidence = ["evidence.toml"]',
         'evidence = ["evidence.toml"]\ntables = [{file = "t.csv", citation = "c"}]')
    return mini / "t.csv"


UNKNOWN = ("names an unknown indicator. Got 'shares'. Fix: use an indicator or series id "
           "declared in the catalogue (indicators.toml).")


def test_unknown_indicator_in_a_ledger(mini):
    """A ledger record naming an undeclared indicator."""
    edit(mini / "evidence.toml", 'indicator = "share"', 'indicator = "shares"')
    assert str(load_error(mini)) == (
        f"{mini / 'evidence.toml'}: evidence[share-2022].indicator {UNKNOWN}")


def test_unknown_indicator_in_a_table_has_the_same_words(mini):
    """A table row naming an undeclared indicator: the ledger's message, keyed by row."""
    t = with_table(mini, "t-1,share,2021,30,%\nt-2,shares,2022,31,%\n")
    assert str(load_error(mini)) == f"{t}: row 3.indicator {UNKNOWN}"


def test_unit_in_a_ledger_and_in_a_table(mini):
    """A unit other than the indicator's, in both paths."""
    edit(mini / "evidence.toml", 'value = 100\nunit = "USD bn"', 'value = 100\nunit = "EUR bn"')
    assert str(load_error(mini)) == (
        f"{mini / 'evidence.toml'}: evidence[vol-2021].unit must be the indicator's unit "
        "'USD bn'. Got 'EUR bn'. Fix: convert the value to 'USD bn' and set unit = 'USD bn'.")
    edit(mini / "evidence.toml", 'value = 100\nunit = "EUR bn"', 'value = 100\nunit = "USD bn"')
    t = with_table(mini, "t-1,volume,2019,90,EUR bn\n")
    assert str(load_error(mini)) == (
        f"{t}: row 2.unit must be the indicator's unit 'USD bn'. Got 'EUR bn'. Fix: convert "
        "the value to 'USD bn' and set unit = 'USD bn'.")


def test_value_outside_the_log_domain_in_a_ledger_and_in_a_table(mini):
    """A value <= 0 under a log transform, in both paths, names the indicator."""
    edit(mini / "evidence.toml", "value = 100", "value = 0")
    assert str(load_error(mini)) == (
        f"{mini / 'evidence.toml'}: evidence[vol-2021].value must be > 0 because its "
        "indicator 'volume' takes a log transform. Got 0.0. Fix: correct the value.")
    edit(mini / "evidence.toml", "value = 0", "value = 100")
    t = with_table(mini, "t-1,volume,2019,-3,USD bn\n")
    assert str(load_error(mini)) == (
        f"{t}: row 2.value must be > 0 because its indicator 'volume' takes a log "
        "transform. Got '-3'. Fix: correct the value.")


def test_derived_indicator_takes_no_evidence(mini):
    """A row pointing at a derived indicator is told which operands to use."""
    edit(mini / "indicators.toml", 'unit = "%"\n',
         'unit = "%"\nderived = { op = "ratio", of = ["a", "a"], reason = "t" }\n')
    (mini / "indicators.toml").write_text(
        (mini / "indicators.toml").read_text() + '\n[series.a]\nname = "A"\nunit = "n"\n'
        'normalisation = { method = "minmax" }\nrationale = "t"\n')
    assert str(load_error(mini)) == (
        f"{mini / 'evidence.toml'}: evidence[share-2022].indicator points at a derived "
        "indicator, which takes no evidence of its own. Got 'share'. Fix: attach it to one "
        "of a, a.")


def test_record_id_limit_is_the_models_limit(mini):
    """A table id of ID_MAX_LENGTH characters loads; one more is refused with the limit."""
    ok = "x" * ID_MAX_LENGTH
    t = with_table(mini, f"{ok},volume,2019,90,USD bn\n")
    assert ok in relindex.load(mini).tables[0].ids
    t.write_text(f"id,indicator,period,value,unit\n{ok}y,volume,2019,90,USD bn\n")
    err = load_error(mini)  # the message shows the value cut short: compare the parts
    assert (err.path, err.key, err.value, err.rule) == (
        str(t), "row 2.id", f"{ok}y", "is not a valid record id")
    assert err.fix == ("use letters, digits, '_', '.', '-' (starting with a letter or digit), "
                       f"at most {ID_MAX_LENGTH} characters")


def test_table_entity_and_credibility_rules(mini):
    """A bad entity id and a credibility outside 1-6, each with its rule's words."""
    t = with_table(mini, "t-1,volume,2019,90,USD bn,a b,2\n",
                   head="id,indicator,period,value,unit,entity,credibility")
    assert str(load_error(mini)) == (
        f"{t}: row 2.entity is not a valid entity id. Got 'a b'. Fix: use letters, digits, "
        f"'_', '.', '-', at most {ID_MAX_LENGTH} characters.")
    t.write_text("id,indicator,period,value,unit,credibility\nt-1,volume,2019,90,USD bn,7\n")
    assert str(load_error(mini)) == (
        f"{t}: row 2.credibility must be a grade 1-6. Got '7'. Fix: write 1 (confirmed) to 6 "
        "(cannot be judged).")


EVENT = Indicator.model_validate({
    "name": "E", "unit": "events", "kind": "event", "event_types": ("a", "b"),
    "normalisation": {"method": "minmax"}, "rationale": "t"})
NUMBER = Indicator.model_validate({
    "name": "N", "unit": "USD", "transform": "log1p", "normalisation": {"method": "minmax"},
    "rationale": "t"})
GOOD = {"id": "r", "event_type": "a", "value": 1.0, "unit": "USD", "credibility": 2}

# (rule name, indicator id, indicator, fields that break it, exact message after the key)
CASES = [
    ("unknown_indicator", "x", None, {},
     "names an unknown indicator. Fix: use an indicator or series id declared in the "
     "catalogue (c.toml)."),
    ("no_event_type", "e", EVENT, {"event_type": None},
     "needs an 'event_type' (its indicator counts events). Fix: add event_type = one of a, b."),
    ("other_event_type", "e", EVENT, {"event_type": "z"},
     "is not an event type its indicator counts. Fix: use one of a, b or attach the record "
     "to another indicator."),
    ("no_value", "n", NUMBER, {"value": None},
     "needs a 'value' (its indicator is numeric). Fix: add value and unit."),
    ("unit", "n", NUMBER, {"unit": "EUR"},
     "must be the indicator's unit 'USD'. Fix: convert the value to 'USD' and set unit = "
     "'USD'."),
    ("transform_domain", "n", NUMBER, {"value": -1.0},
     "must be > -1 because its indicator 'n' takes a log1p transform. Fix: correct the "
     "value."),
    ("record_id", "n", NUMBER, {"id": "a/b"},
     "is not a valid record id. Fix: use letters, digits, '_', '.', '-' (starting with a "
     "letter or digit), at most 120 characters."),
    ("entity_id", "n", NUMBER, {"entity": "é"},
     "is not a valid entity id. Fix: use letters, digits, '_', '.', '-', at most 120 "
     "characters."),
    ("credibility", "n", NUMBER, {"credibility": 0},
     "must be a grade 1-6. Fix: write 1 (confirmed) to 6 (cannot be judged)."),
]


@pytest.mark.parametrize(("name", "iid", "ind", "bad", "message"), CASES,
                         ids=[c[0] for c in CASES])
def test_each_rule_breaks_with_its_exact_message(name, iid, ind, bad, message):
    """The first rule a record breaks is the expected one, with its exact words."""
    rule, names = broken_rule(iid, ind, {**GOOD, **bad})  # type: ignore[misc]
    assert rule.name == name
    where = "evidence[r]" if rule.field is None else f"evidence[r].{rule.field}"
    assert str(rule.error("f.toml", "evidence[r]", catalogue="c.toml", **names)) == (
        f"f.toml: {where} {message}")


def test_a_good_record_breaks_no_rule():
    """A record that follows every rule passes them all."""
    assert broken_rule("n", NUMBER, GOOD) is None
    assert broken_rule("e", EVENT, GOOD) is None


def test_every_rule_has_a_case():
    """The cases above cover the whole table (derived_indicator is tested through load)."""
    assert {r.name for r in RULES} == {c[0] for c in CASES} | {"derived_indicator"}


def test_valid_id_is_ascii_pattern_and_length():
    """Ids: a letter or digit first, then letters, digits, '_', '.', '-'; ASCII; the limit."""
    assert valid_id("a-1.b_c") and valid_id("x" * ID_MAX_LENGTH)
    assert not valid_id("x" * (ID_MAX_LENGTH + 1))
    assert not valid_id("-a") and not valid_id("a b") and not valid_id("é") and not valid_id("a\n")
