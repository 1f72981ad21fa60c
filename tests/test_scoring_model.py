"""relindex.scoring.model: the model built from the steps, and the data-based floor."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import relindex
from _util import edit
from relindex.errors import ScoringError
from relindex.scoring import Model, build_model


def test_a_data_based_normalisation_over_too_few_values_is_keyed_where_declared(mini):
    """min-max over fewer distinct values than the floor is refused at the indicator."""
    edit(mini / "indicators.toml", 'normalisation = { method = "goalposts", min = 0, max = 100 }',
         'normalisation = { method = "minmax" }')
    with pytest.raises(ScoringError) as info:
        relindex.score(mini)
    assert str(info.value) == (
        f"{mini / 'indicators.toml'}: dimensions.trade.indicators.share.normalisation "
        "normalises over the data (minmax) but the indicator has only 2 distinct "
        "observation(s), fewer than index.data_methods_min_distinct = 5: its bounds would be "
        "set by the few values it scores. Got 'minmax'. Fix: use goalposts with a declared "
        "basis, or lower index.data_methods_min_distinct with a reason.")


def test_the_floor_applies_to_alternatives_too(mini):
    """An alternative normalisation over the data is held to the same floor."""
    edit(mini / "indicators.toml", "max = 100 }\n",
         'max = 100 }\nalternatives = [{ method = "rank" }]\n')
    with pytest.raises(ScoringError) as info:
        relindex.score(mini)
    assert info.value.key == "dimensions.trade.indicators.share.alternatives[0]"
    assert info.value.value == "rank"


def test_model_is_built_with_keywords_only(mini):
    """Model takes keyword arguments only, so fields of one type cannot be swapped."""
    model = build_model(relindex.load(mini))
    fields = {f.name: getattr(model, f.name) for f in dataclasses.fields(Model)}
    assert Model(**fields).columns == model.columns
    with pytest.raises(TypeError):
        Model(*fields.values())  # type: ignore[misc]


def test_evidence_of_a_reconciled_cell_lists_every_record(mini):
    """The records behind a cell: both records of the reconciled 2022 trade fact."""
    model = build_model(relindex.load(mini))
    c, p = model.columns.index("volume"), model.periods.index(2022)
    assert set(model.evidence_of(0, p, c)) == {"vol-2022-a", "vol-2022-b"}
    assert model.cell_status(0, p, c) == "observed"


def test_records_agree_exactly_when_numpy_allclose_says_so():
    """Reconciliation's agreement test is np.allclose(values, first, rtol=1e-9, atol=0)."""
    import itertools

    from relindex.scoring.reconcile import _agree

    special = [0.0, -0.0, 1.0, 1.0 + 1e-10, 1.0 + 2e-9, 1e300, -1e300, float("inf"),
               float("-inf"), float("nan"), 5e-324, 3.0000000001, 3.0]
    for n in (1, 2, 3):
        for vals in itertools.product(special, repeat=n):
            want = bool(np.allclose(np.array(vals), vals[0], rtol=1e-9, atol=0))
            assert _agree(list(vals)) == want, vals


def test_a_prepared_model_pickles_and_scores_the_same() -> None:
    """A model can be saved or sent to another process (pickle, joblib) and scores the same.

    Its shared tables stay read-only after the round trip.
    """
    import pickle

    model = build_model(relindex.load())
    back = pickle.loads(pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL))
    assert relindex.score(back).to_dict() == relindex.score(model).to_dict()
    with pytest.raises(TypeError):
        back.dataset.indicators["x"] = None  # type: ignore[index]
