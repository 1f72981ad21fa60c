"""The batched rescoring behind leave-one-source-out: batches, their breaks and fallbacks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import relindex
from relindex._core.aggregate import GeometricZeroError
from relindex.leave_out import counted_sources, without_source
from relindex.scoring import results

MINI = Path(__file__).parent / "fixtures" / "mini"


def _alone(ds: relindex.Dataset) -> np.ndarray:
    return relindex.build_model(ds).evaluate().net


def _count_batches(monkeypatch) -> list[int]:  # type: ignore[no-untyped-def]
    """The size of each batch the rescoring evaluates, recorded as it goes."""
    batches: list[int] = []
    real = results._batch_nets

    def batch_nets(batch, tree):  # type: ignore[no-untyped-def]
        batches.append(len(batch))
        return real(batch, tree)

    monkeypatch.setattr(results, "_batch_nets", batch_nets)
    return batches


def test_datasets_on_other_axes_or_catalogues_are_batched_apart(monkeypatch):
    """A batch holds consecutive datasets of one catalogue on the same axes.

    Each net index equals its own evaluation's, exactly.
    """
    shipped, mini = relindex.load(), relindex.load(MINI)
    first, second = counted_sources(shipped)[:2]
    datasets = [without_source(shipped, first), without_source(shipped, second), mini,
                without_source(shipped, first)]
    batches = _count_batches(monkeypatch)
    nets = results._nets_of(datasets)
    assert batches == [2, 1, 1]
    for ds, got in zip(datasets, nets, strict=True):
        assert got is not None
        model = relindex.build_model(ds)
        assert got[0] == model.entities and got[1] == model.periods
        assert np.array_equal(got[2], _alone(ds), equal_nan=True)


def test_a_batch_is_bounded_by_its_cells(monkeypatch):
    """Above the bound, a batch is evaluated and a new one begun (memory stays bounded)."""
    shipped = relindex.load()
    sources = counted_sources(shipped)[:5]
    model = relindex.build_model(shipped)
    cells = len(model.entities) * len(model.periods) * model.n_leaves
    monkeypatch.setattr(results, "_BATCH_CELLS", 2 * cells)
    batches = _count_batches(monkeypatch)
    results._nets_of([without_source(shipped, s) for s in sources])
    assert batches == [2, 2, 1]


def test_a_refused_evaluation_in_a_batch_leaves_only_its_own_dataset_out(monkeypatch):
    """A geometric zero in one dataset of a batch: the others are evaluated one by one."""
    shipped = relindex.load()
    a, b = counted_sources(shipped)[:2]
    datasets = [without_source(shipped, a), without_source(shipped, b)]
    bad = relindex.build_model(datasets[1]).normalised()
    real = results.evaluate_values

    def refusing(leaves, tree, **kw):  # type: ignore[no-untyped-def]
        if leaves.ndim == 4 or np.array_equal(leaves, bad, equal_nan=True):
            raise GeometricZeroError(0)
        return real(leaves, tree, **kw)

    monkeypatch.setattr(results, "evaluate_values", refusing)
    nets = results._nets_of(datasets)
    assert nets[1] is None
    assert nets[0] is not None
    assert np.array_equal(nets[0][2], _alone(datasets[0]), equal_nan=True)


def test_nothing_left_to_score_is_none():
    """A dataset without any of its sources has nothing to score: None, not an error."""
    ds = relindex.load(MINI)
    for s in list(ds.sources):
        ds = without_source(ds, s)
    assert results._nets_of([ds]) == [None]


def test_one_dataset_at_a_time_still_gives_the_same_analysis():
    """`leave_one_source_out` with a one-dataset scorer (its earlier form) agrees exactly."""
    from relindex.leave_out import leave_one_source_out

    ds = relindex.load()
    model = relindex.build_model(ds)
    net = model.evaluate().net

    def net_of(d):  # type: ignore[no-untyped-def]
        m = relindex.build_model(d)
        return m.entities, m.periods, m.evaluate().net

    one = leave_one_source_out(ds, model.entities, model.periods, net, net_of)
    batch = leave_one_source_out(ds, model.entities, model.periods, net,
                                 nets_of=results._nets_of)
    assert one is not None and batch is not None
    assert one.sources == batch.sources
    assert np.array_equal(one.by_source, batch.by_source, equal_nan=True)
    assert (one.flips == batch.flips).all()
    with pytest.raises(TypeError):
        leave_one_source_out(ds, model.entities, model.periods, net)
