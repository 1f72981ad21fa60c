"""The audit of a catalogue (relindex.audit, ``relindex check``).

One test per rule, the correlations against a plain loop over pairs, and a cost that
follows the supported pairs.
"""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import relindex
from _util import edit
from relindex._core.pairs import pair_correlations, supported_pairs
from relindex.audit import RULES, audit
from test_cli import cli

# the module (relindex.audit is also the name of the top-level verb)
audit_module = importlib.import_module("relindex.audit")

def test_check_passes_on_the_shipped_catalogue() -> None:
    out = cli("check", "--format", "json")
    assert out.returncode == 0, out.stdout
    d = json.loads(out.stdout)
    assert set(d) >= {"findings", "correlations", "alpha"}
    for f in d["findings"]:
        assert set(f) == {"rule", "severity", "where", "message", "accepted", "reason"}
        assert f["severity"] != "error" or f["accepted"]
        assert not f["accepted"] or f["reason"]


def test_check_flags_goalposts_without_basis_and_accepts_with_reason(mini: Path) -> None:
    res = audit(mini)
    assert not res.passed
    where = {f.where for f in res.findings if f.rule == "goalpost_without_basis"}
    assert "volume.normalisation" in where
    out = cli("check", "-c", str(mini))
    assert out.returncode == 1 and "goalpost_without_basis" in out.stdout
    accept = "".join(f'[[check.accept]]\nrule = "goalpost_without_basis"\nwhere = "{w}"\n'
                     'reason = "a test catalogue"\n\n' for w in sorted(where))
    edit(mini / "indicators.toml", "[event_types.exercise]", accept + "[event_types.exercise]")
    res = audit(mini)
    assert res.passed and all(f.accepted for f in res.findings
                              if f.rule == "goalpost_without_basis")
    assert cli("check", "-c", str(mini)).returncode == 0


def test_check_flags_one_construct_on_both_sides(mini: Path) -> None:
    edit(mini / "indicators.toml", 'unit = "%"', 'unit = "%"\nconcept = "dependence"')
    edit(mini / "indicators.toml", 'name = "Accusations"', 'name = "Accusations"\n'
         'concept = "dependence"')
    rules = {(f.rule, f.where) for f in audit(mini).findings}
    assert ("construct_on_both_sides", "dependence") in rules


def test_check_flags_one_statistic_told_twice(mini: Path) -> None:
    """Two indicators of one concept with one source's figure for one period: a warning."""
    edit(mini / "indicators.toml", 'unit = "%"', 'unit = "%"\nconcept = "dependence"')
    edit(mini / "indicators.toml", "[dimensions.military]", '''[dimensions.trade.indicators.share_b]
name = "Share, told again"
unit = "%"
concept = "dependence"
normalisation = { method = "goalposts", min = 0, max = 100 }
rationale = "test"

[dimensions.military]''')
    with (mini / "evidence.toml").open("a", encoding="utf-8") as f:
        f.write('''
[[evidence]]
id = "share-b-2022"
indicator = "share_b"
source = "doc"
quote = "Aland's share of its trade with Borduria was 40 per cent in 2022"
period = "2022"
value = 41
unit = "%"
''')
    found = [f for f in audit(mini).findings if f.rule == "one_statistic_twice"]
    assert [(f.severity, f.where) for f in found] == [("warning", "share-2022~share-b-2022")]
    # a different figure of the same concept is not flagged
    edit(mini / "evidence.toml", "value = 41\n", "value = 60\n")
    assert not [f for f in audit(mini).findings if f.rule == "one_statistic_twice"]


def test_check_flags_tagged_and_forecast_like_events(mini: Path) -> None:
    text = (mini / "evidence.toml").read_text()
    text = text.replace('id = "acc-2023"', 'id = "acc-2023"\ntags = ["non_state"]')
    text = text.replace("In 2022 the two navies held a joint exercise.",
                        "In 2022 the two navies held a joint exercise.")
    (mini / "evidence.toml").write_text(text)
    rules = {(f.rule, f.where) for f in audit(mini).findings}
    assert ("tagged_record_counted", "acc-2023") in rules


def test_check_correlations_and_alpha_when_there_is_enough_data(dyads_big: Path) -> None:
    res = audit(dyads_big)
    assert res.correlations and all(c["n"] >= 5 for c in res.correlations)
    assert res.alpha and res.alpha[0]["alpha"] is not None


@pytest.fixture
def dyads_big(tmp_path: Path) -> Path:
    import shutil

    from test_entities import DYADS, _big_table

    folder = tmp_path / "d"
    shutil.copytree(DYADS, folder)
    _big_table(folder, 30)
    text = (folder / "indicators.toml").read_text()
    text = text.replace('[dimensions.security]\nname = "Security"\npolarity = "cooperation"',
                        '[dimensions.trade.indicators.exercises2]\nname = "Exercises again"\n'
                        'unit = "exercises"\nnormalisation = {method = "goalposts", min = 0, '
                        'max = 10}\nrationale = "Test."\n\n'
                        '[dimensions.security]\nname = "Security"\npolarity = "cooperation"')
    (folder / "indicators.toml").write_text(text)
    rows = (folder / "table.csv").read_text().splitlines()
    extra = [r.replace("-exercises-", "-exercises2-").replace(",exercises,", ",exercises2,", 1)
             for r in rows if ",exercises," in r]
    (folder / "table.csv").write_text("\n".join(rows + extra) + "\n")
    return folder


def test_unreviewed_drafts_load_and_do_not_count(mini: Path) -> None:
    """A draft from extract --append loads, does not count, and the audit names what to fill."""
    with (mini / "evidence.toml").open("a") as f:
        f.write('\n[[evidence]]\nid = "draft-1"\nindicator = ""\nsource = "doc"\n'
                'quote = "In 2022 it rose to $150 billion."\nperiod = "2022"\nvalue = 150.0\n'
                'unit = "USD bn"\nexclude = "draft: not reviewed (fill in indicator)"\n')
    ds = relindex.load(mini)
    assert [d.id for d in ds.drafts] == ["draft-1"] and ds.drafts[0].todo == ("indicator",)
    assert "draft-1" not in {r.id for r in ds.records}
    relindex.score(ds)
    rules = {(f.rule, f.where) for f in audit(ds).findings}
    assert ("unreviewed_draft", "draft-1") in rules


def test_every_registered_rule_is_documented_and_fires_under_its_own_name(mini: Path) -> None:
    """RULES holds one function per rule, each named after the rule the docstring lists."""
    documented = set(re.findall(r"``(\w+)`` \((?:error|warning|info)\)", audit_module.__doc__))
    names = {r.__name__.lstrip("_") for r in RULES}
    assert names == documented
    findings = audit(mini).findings
    assert {f.rule for f in findings} <= names


def test_supported_pairs_equal_a_plain_count() -> None:
    """The blocked count of joint observations equals a loop over every pair."""
    rng = np.random.default_rng(3)
    present = rng.random((30, 23)) < 0.4
    expected = [(a, b, int((present[:, a] & present[:, b]).sum()))
                for a in range(23) for b in range(a + 1, 23)
                if (present[:, a] & present[:, b]).sum() >= 4]
    for block in (1, 5, 7, 23, 1024):
        a, b, n = supported_pairs(present, 4, block=block)
        assert list(zip(a.tolist(), b.tolist(), n.tolist(), strict=True)) == expected, block


def test_supported_pairs_refuse_a_bad_shape_or_block() -> None:
    """A 1-D mask or a block below 1 is refused, naming the argument."""
    with pytest.raises(ValueError, match="shape"):
        supported_pairs(np.ones(3, dtype=bool), 2)
    with pytest.raises(ValueError, match="block"):
        supported_pairs(np.ones((3, 3), dtype=bool), 2, block=0)


def _plain_correlations(x: np.ndarray, columns: list[str], min_pairs: int) -> list[dict]:
    """Every pair, one at a time, as the audit computed them before the pairs were screened."""
    out = []
    present = ~np.isnan(x)
    for a in range(x.shape[1]):
        for b in range(a + 1, x.shape[1]):
            both = present[:, a] & present[:, b]
            n = int(both.sum())
            if n < min_pairs:
                continue
            xa, xb = x[both, a], x[both, b]
            r = None if xa.std() == 0 or xb.std() == 0 else float(np.corrcoef(xa, xb)[0, 1])
            out.append({"a": columns[a], "b": columns[b], "r": r, "n": n})
    return out


def _audit_of(x: np.ndarray, min_pairs: int = 3) -> audit_module._Audit:
    """The audit's context over a bare panel (no catalogue needed for the pair statistics)."""
    check = SimpleNamespace(min_pairs=min_pairs, correlation_threshold=0.9)
    ds = SimpleNamespace(catalogue=SimpleNamespace(check=check), dimension_of=lambda c: "d")
    model = SimpleNamespace(columns=[f"i{k}" for k in range(x.shape[1])],
                            n_leaves=x.shape[1], dataset=ds, nodes=[])
    return audit_module._Audit(model, x, np.zeros((1, 1, 1)))  # type: ignore[arg-type]


def test_correlations_equal_a_plain_loop_over_pairs() -> None:
    """Screened pairs give exactly the loop's table: same pairs, r (None if constant), n."""
    rng = np.random.default_rng(0)
    x = rng.random((40, 12))
    x[rng.random(x.shape) < 0.5] = np.nan
    x[:, 3] = np.where(np.isnan(x[:, 3]), np.nan, 0.25)  # constant where present
    au = _audit_of(x)
    want = _plain_correlations(x, [f"i{k}" for k in range(12)], 3)
    assert [(c["a"], c["b"], c["n"], c["r"] is None) for c in au.pairs] == [
        (c["a"], c["b"], c["n"], c["r"] is None) for c in want]
    assert [c["r"] for c in au.pairs if c["r"] is not None] == pytest.approx(
        [c["r"] for c in want if c["r"] is not None], abs=1e-12)
    assert any(c["r"] is None for c in au.pairs) and any(c["r"] is not None for c in au.pairs)


def test_5000_indicators_visit_only_the_pairs_that_share_observations(monkeypatch) -> None:
    """Of 12.5 million pairs of 5,000 sparse indicators, only the 3 supported are computed."""
    L, N = 5000, 40
    x = np.full((N, L), np.nan)
    rows = np.arange(L) % (N // 2) * 2
    x[rows, np.arange(L)] = 0.5  # each indicator observed in two rows ...
    x[rows + 1, np.arange(L)] = 0.7
    x[:, :3] = np.random.default_rng(1).random((N, 3))  # ... but three observed everywhere
    calls = []
    real = np.corrcoef
    monkeypatch.setattr(np, "corrcoef", lambda *a, **k: calls.append(1) or real(*a, **k))
    au = _audit_of(x)
    assert [(c["a"], c["b"], c["n"]) for c in au.pairs] == [
        ("i0", "i1", N), ("i0", "i2", N), ("i1", "i2", N)]
    assert calls == []  # computed together, not one np.corrcoef per pair
    sparse = next(audit_module._sparse(au))
    assert sparse.message.startswith(f"{L * (L - 1) // 2 - 3} of {L * (L - 1) // 2} pairs")


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.integers(2, 9), st.integers(2, 7), st.integers(0, 2**32 - 1), st.sampled_from([1, 3, 64]))
def test_pair_correlations_equal_corrcoef_pair_by_pair(rows: int, cols: int, seed: int,
                                                       budget: int) -> None:
    """Any panel, any chunking: r of each pair is np.corrcoef's over the shared rows."""
    rng = np.random.default_rng(seed)
    x = rng.choice([0.0, 0.3, 1.0, rng.random()], size=(rows, cols))  # ties and constants
    x[rng.random(x.shape) < 0.3] = np.nan
    a, b = np.triu_indices(cols, 1)
    got = pair_correlations(x, a, b, budget=budget)
    for k, (i, j) in enumerate(zip(a, b, strict=True)):
        both = ~np.isnan(x[:, i]) & ~np.isnan(x[:, j])
        xa, xb = x[both, i], x[both, j]
        if both.sum() < 2 or np.ptp(xa) == 0 or np.ptp(xb) == 0:
            assert np.isnan(got[k])
        else:
            assert got[k] == pytest.approx(np.corrcoef(xa, xb)[0, 1], abs=1e-12)


def test_pair_correlations_refuse_mismatched_pairs() -> None:
    """Pairs of two lengths are refused, naming the shapes."""
    with pytest.raises(ValueError, match="one shape"):
        pair_correlations(np.zeros((3, 3)), [0, 1], [1])


def test_dense_pairs_cost_one_table_row_each() -> None:
    """Every pair supported: the audit's lines grow by at most three per pair.

    That is its row of the table, not a numpy computation per pair (the loop over pairs
    ran seven lines each).
    """
    from _shapes import lines_run

    def work(cols: int) -> int:
        x = np.random.default_rng(cols).random((6, cols))
        return lines_run(lambda: _audit_of(x).pairs)

    small, large = work(10), work(100)  # 45 and 4,950 pairs
    assert (large - small) / (4950 - 45) <= 3


def test_high_and_negative_correlation_rules() -> None:
    """A near-copy is a possible double counting; an opposite in one dimension is flagged."""
    rng = np.random.default_rng(2)
    base = rng.random(20)
    x = np.stack([base, base + 1e-3 * rng.random(20), 1 - base], axis=1)
    au = _audit_of(x)
    high = {f.where for f in audit_module._high_correlation(au)}
    assert high == {"i0~i1", "i0~i2", "i1~i2"}
    negative = {f.where for f in audit_module._negative_correlation(au)}
    assert negative == {"i0~i2", "i1~i2"}


def test_low_alpha_and_sparse_dimension() -> None:
    """Opposed indicators give a low Cronbach's alpha; too few complete rows are sparse."""
    rng = np.random.default_rng(4)
    base = rng.random(12)
    x = np.stack([base, 1 - base + 0.01 * rng.random(12), base], axis=1)
    x[5:, 2] = np.nan  # five complete rows of the second dimension's pair
    au = _audit_of(x, min_pairs=6)
    au.model.nodes = [SimpleNamespace(id="d1", dim="d1", children=(0, 1)),
                      SimpleNamespace(id="d2", dim="d2", children=(0, 2))]
    assert [(a["dimension"], a["n"], a["alpha"] is None) for a in au.alpha] == [
        ("d1", 12, False), ("d2", 5, True)]
    assert au.alpha[0]["alpha"] < 0.7
    assert [f.where for f in audit_module._low_alpha(au)] == ["d1"]
    assert [f.where for f in audit_module._sparse(au)] == ["correlations", "d2"]


def test_goalposts_from_data_are_an_error(mini: Path) -> None:
    """Bounds declared as read off the data they score are their own error."""
    edit(mini / "indicators.toml", 'normalisation = { method = "goalposts", min = 0, max = 100 }',
         'normalisation = { method = "goalposts", min = 0, max = 100, from_data = true }')
    rules = {(f.rule, f.where) for f in audit(mini).findings}
    assert ("goalpost_from_data", "share.normalisation") in rules
    assert ("goalpost_without_basis", "share.normalisation") not in rules


def test_possible_forecast_is_a_warning(mini: Path) -> None:
    """An untagged event whose quote reads as a prediction is flagged as a possible forecast."""
    ev = (mini / "evidence.toml").read_text()
    quote = re.search(r'id = "acc-2023".*?quote = "([^"]+)"', ev, re.S).group(1)
    edit(mini / "evidence.toml", quote, quote.replace(" ", " will ", 1))
    doc = (mini / "doc.txt").read_text()
    (mini / "doc.txt").write_text(doc.replace(quote, quote.replace(" ", " will ", 1)))
    found = [f for f in audit(mini).findings if f.rule == "possible_forecast"]
    assert [(f.where, f.severity) for f in found] == [("acc-2023", "warning")]


def test_below_coverage_names_the_periods_where_either_side_is_short() -> None:
    """A period is listed when cooperation or friction falls under the threshold."""
    au = _audit_of(np.zeros((2, 1)))
    au.ds.catalogue.index = SimpleNamespace(headline_min_coverage=0.5)
    au.model.entities, au.model.periods = ["AB", "CD"], [2020, 2021]
    au.model.tree = SimpleNamespace(cooperation=0, friction=1)
    au.coverage = np.array([[[1.0, 1.0], [0.4, 1.0]], [[1.0, 0.5], [1.0, 0.49]]])
    (f,) = audit_module._below_coverage(au)
    assert f.where == "periods" and "threshold 0.5 in AB 2021, CD 2021:" in f.message
    au.model.tree.friction = -1  # a plain composite: only the one side counts
    (f,) = audit_module._below_coverage(au)
    assert "in AB 2021:" in f.message


def test_findings_are_ordered_and_json_ready(mini: Path) -> None:
    """Unaccepted errors first, then by severity, rule and place; to_dict is plain JSON."""
    res = audit(mini)
    order = {"error": 0, "warning": 1, "info": 2}
    keys = [(f.accepted, order[f.severity], f.rule, f.where) for f in res.findings]
    assert keys == sorted(keys)
    assert json.loads(json.dumps(res.to_dict()))["passed"] is res.passed
