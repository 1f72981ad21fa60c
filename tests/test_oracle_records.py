"""The records' path against the plain-loop oracle: combination, carry-forward, layout.

``tests/oracle.py`` reimplements, with loops and dicts, every step from the ledger
records to the cells the core normalises: which records count and for which year,
records of one fact reconciled by the declared rule, observations combined per cell,
zeros in observed spans and carry-forward. These tests compare the vectorised code
against it on generated inputs: ``combine`` and ``carry_forward`` on arrays, and
``relindex.build_model`` on generated catalogues and ledgers, cell by cell.
"""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import oracle
import relindex
from relindex import RelindexWarning
from relindex._core.combine import COMBINE, carry_forward, combine
from relindex.errors import ScoringError
from relindex.scoring import STATUS
from strategies import CatalogueCase, ledger_catalogues

ARRAYS = settings(max_examples=200, deadline=None)
LEDGERS = settings(max_examples=100, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
# the examples are seeded by the profile of tests/conftest.py
RULE_NAMES = {code: name for name, code in COMBINE.items()}


def same(a: float, b: float) -> bool:
    """Equal to 1e-12 (relative beyond 1), NaN equal to NaN."""
    if np.isnan(a) or np.isnan(b):
        return bool(np.isnan(a) and np.isnan(b))
    return abs(a - b) <= 1e-12 * max(1.0, abs(a), abs(b))


# --------------------------------------------------------------------------- combine


@st.composite
def observations(draw: st.DrawFn) -> tuple:
    """Observations on a small grid of cells: several per cell, orders with ties."""
    P, C = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    rule = draw(st.lists(st.sampled_from(sorted(COMBINE.values())), min_size=C, max_size=C))
    n = draw(st.integers(0, 16))
    one_per_cell = draw(st.booleans())  # the scatter path: at most one observation per cell
    cells = [(draw(st.integers(0, P - 1)), draw(st.integers(0, C - 1))) for _ in range(n)]
    if one_per_cell:
        cells = list(dict.fromkeys(cells))
    value = [draw(st.integers(-400, 400)) / 8 for _ in cells]
    weight = [draw(st.sampled_from((0.25, 0.5, 0.75, 1.0, 2.0))) for _ in cells]
    order = [float(draw(st.integers(0, 3))) for _ in cells]
    return P, C, rule, cells, value, weight, order


@ARRAYS
@given(observations())
def test_combine_matches_oracle(case: tuple) -> None:
    """Every rule (latest, mean, max, min, sum, count) per cell equals the plain loop."""
    P, C, rule, cells, value, weight, order = case
    n = len(cells)
    m, counts = combine(np.array([p for p, _ in cells], dtype=int).reshape(n),
                        np.array([c for _, c in cells], dtype=int).reshape(n),
                        np.array(value, dtype=float), np.array(weight, dtype=float),
                        np.array(order, dtype=float), np.array(rule, dtype=int), P, C)
    ref, ref_counts = oracle.combine(
        [(p, c, v, w, o) for (p, c), v, w, o in zip(cells, value, weight, order, strict=True)],
        [RULE_NAMES[r] for r in rule], P, C)
    assert m.shape == (P, C) and counts.shape == (P, C)
    for p in range(P):
        for c in range(C):
            assert same(m[p, c], ref[p][c]), (p, c, RULE_NAMES[rule[c]], m[p, c], ref[p][c])
            assert counts[p, c] == ref_counts[p][c], (p, c)


def test_combine_latest_breaks_equal_orders_by_position() -> None:
    """Two observations of one order: the one given last counts (the oracle's rule, pinned)."""
    m, _ = combine(np.zeros(3, int), np.zeros(3, int), np.array([1.0, 2.0, 3.0]),
                   np.ones(3), np.array([1.0, 1.0, 0.0]), np.array([COMBINE["latest"]]), 1, 1)
    assert m[0, 0] == 2.0


# --------------------------------------------------------------------------- carry-forward


@st.composite
def panels(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """Values of shape (entities, periods, columns) with gaps, and a window per column."""
    E, P, C = draw(st.integers(1, 3)), draw(st.integers(1, 6)), draw(st.integers(1, 3))
    x = np.array([np.nan if draw(st.integers(0, 2)) == 0 else draw(st.integers(-80, 80)) / 8
                  for _ in range(E * P * C)]).reshape(E, P, C)
    window = np.array([draw(st.integers(0, 3)) for _ in range(C)], dtype=int)
    return x, window


@ARRAYS
@given(panels())
def test_carry_forward_matches_oracle(case: tuple[np.ndarray, np.ndarray]) -> None:
    """Filled values and their source periods per column, with the entity axis leading."""
    x, window = case
    E, _, C = x.shape
    filled, source = carry_forward(x, window)
    assert filled.shape == source.shape == x.shape
    for e in range(E):
        for c in range(C):
            ref, ref_source = oracle.carry_forward(x[e, :, c].tolist(), int(window[c]))
            assert all(same(a, b) for a, b in zip(filled[e, :, c], ref, strict=True)), (e, c)
            assert source[e, :, c].tolist() == ref_source, (e, c)
    # one entity without the leading axis is the same computation
    f2, s2 = carry_forward(x[0], window)
    assert np.array_equal(f2, filled[0], equal_nan=True) and np.array_equal(s2, source[0])


# --------------------------------------------------------------------------- build_model


def build(case: CatalogueCase) -> relindex.scoring.Model:
    """Write, load and lay out a generated catalogue."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = case.write(Path(tmp) / "cat")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RelindexWarning)
            return relindex.build_model(relindex.load(folder))


@pytest.mark.slow  # every generated ledger scored twice, one of them by plain loops
@LEDGERS
@given(ledger_catalogues())
def test_build_model_matches_records_oracle(case: CatalogueCase) -> None:
    """raw, n_obs and status per (entity, period, indicator) equal the oracle from the ledger."""
    try:
        ref = oracle.lay_out(case.catalogue, case.sources, case.evidence)
    except oracle.OracleRefusal:
        with pytest.raises(ScoringError):
            build(case)
        return
    model = build(case)
    assert model.periods == ref.periods
    assert model.raw.shape == (len(model.entities), len(ref.periods), len(model.columns))
    named = {k[0] for k in ref.raw}
    for e, entity in enumerate(model.entities):
        key_e = None if named == {None} else entity
        for p, year in enumerate(model.periods):
            for c, iid in enumerate(model.columns[:model.n_leaves]):
                key = (key_e, year, iid)
                where = f"{entity} {year} {iid}"
                status = STATUS[model.status[e, p, c]]
                raw = float(model.raw[e, p, c])
                if model.events is not None and c in model.events.posteriors:
                    # an event column: the documents' measure beside the model's estimate,
                    # which fills the periods without events of their own (where the
                    # records alone would leave a gap or carry an earlier count)
                    if status == "estimated":
                        assert ref.status[key] in ("missing", "carried"), where
                        continue
                    raw = float(model.events.observed[e, p, c])
                assert status == ref.status[key], where
                assert model.n_obs[e, p, c] == ref.n_obs[key], where
                assert same(raw, ref.raw[key]), f"{where}: {raw} != {ref.raw[key]}"


def same_day_ledger(n_between: int, ties: str) -> CatalogueCase:
    """Two records of one cell from two sources of one date, `n_between` records apart."""
    def indicator(combine: str) -> dict:
        return {"name": "Indicator", "unit": "u", "combine": combine, "ties": ties,
                "normalisation": {"method": "goalposts", "min": 0, "max": 100},
                "rationale": "generated"}

    catalogue = {
        "catalogue": {"id": "same-day", "name": "Same day", "sources": "sources.toml",
                      "evidence": ["evidence.toml"]},
        "dimensions": {"d": {"name": "D", "polarity": "cooperation", "rationale": "generated",
                             "indicators": {"a": indicator("latest"), "b": indicator("sum")}}},
    }
    sources = {"sources": {s: {"file": f"{s}.txt", "title": s, "date": "2021-05-17",
                               "reliability": "A", "reliability_reason": "generated"}
                           for s in ("x", "y")}}
    evidence: list[dict] = []
    lines: dict[str, list[str]] = {"x": [], "y": []}

    def add(rid: str, iid: str, source: str, value: float) -> None:
        quote = f"Record {rid}."
        lines[source].append(quote)
        evidence.append({"id": rid, "indicator": iid, "source": source, "quote": quote,
                         "period": "2021", "value": value, "unit": "u"})

    add("first", "a", "x", 10.0)
    for k in range(n_between):
        add(f"between{k}", "b", "x", 1.0)
    add("last", "a", "y", 20.0)
    docs = {f"{s}.txt": "Preamble.\n" + "\n".join(q) + "\n" for s, q in lines.items()}
    return CatalogueCase(catalogue, sources, evidence, docs)


@pytest.mark.parametrize("n_between", [0, 1200])
def test_same_date_records_tie_however_long_the_ledger(n_between: int) -> None:
    """Records of one source date are tied under 'latest' at any distance in the ledger.

    The order of a record adds 1e-9 per record read; the date was once cut back from it
    at 1e-6, so beyond about a thousand records the later one silently won.
    """
    refused = same_day_ledger(n_between, "error")
    with pytest.raises(oracle.OracleRefusal):
        oracle.lay_out(refused.catalogue, refused.sources, refused.evidence)
    with pytest.raises(ScoringError, match="nothing dates them apart"):
        build(refused)
    averaged = same_day_ledger(n_between, "mean")
    assert oracle.lay_out(averaged.catalogue, averaged.sources,
                          averaged.evidence).raw[(None, 2021, "a")] == 15.0
    assert build(averaged).raw[0, 0, 0] == 15.0
