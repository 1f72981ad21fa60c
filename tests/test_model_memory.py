"""Memory of a model of a long table: no grid for an absent feature, bounded bytes a cell."""

from __future__ import annotations

import importlib.util
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

import relindex
from relindex.scoring import build_model

BENCH = Path(__file__).resolve().parents[1] / "bench" / "bench_table.py"


@pytest.fixture(scope="module")
def long_table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The benchmark's catalogue: 20 indicators, 10 periods, 100 entities, one long CSV."""
    spec = importlib.util.spec_from_file_location("bench_table", BENCH)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    folder = tmp_path_factory.mktemp("long")
    bench.write_catalogue(folder, 20_000, "csv")
    return folder


def test_a_model_without_events_allocates_no_event_grids(long_table: Path) -> None:
    model = build_model(relindex.load(long_table))
    evs = model.events
    assert evs is not None and not evs.posteriors
    for grid in (evs.n_events, evs.n_kind):  # read-only zeros, one element behind them
        assert grid.shape == model.raw.shape and not grid.any()
        assert grid.strides == (0, 0, 0) and not grid.flags.writeable
    assert np.shares_memory(evs.observed, model.raw)  # no copy of the values
    # the rows are in cell order: the evidence keeps no identity permutation
    assert model.cell_evidence is not None and model.cell_evidence.order is None
    assert model.cell_evidence.ids_of(0) == ["E00000-2000-0"]


def test_building_a_model_takes_bounded_bytes_per_cell(long_table: Path) -> None:
    ds = relindex.load(long_table)
    tracemalloc.start()
    try:
        model = build_model(ds)
        live, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    cells = model.raw.size
    assert cells == 20_000
    # values, intervals, sources, counts, statuses and the evidence's cell index: about
    # 61 bytes a cell (93 with event grids and an identity permutation kept)
    assert live / cells < 72
    # the observations' values and intervals are let go once laid out, and carrying
    # forward with no window builds no index grids: about 145 bytes a cell (212 before)
    assert peak / cells < 165


def test_a_whole_panel_in_cell_order_keeps_no_cell_index(long_table: Path) -> None:
    """One row a cell, in cell order: observation k is cell k, so no index is kept or built.

    The evidence behind each cell is still the row of that cell.
    """
    ds = relindex.load(long_table)
    tracemalloc.start()
    try:
        model = build_model(ds)
        live, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    ev = model.cell_evidence
    assert ev is not None and ev.cell is None and ev.order is None
    ids = ds.tables[0].ids
    assert [ev.ids_of(k) for k in (0, 1, 7_777, 19_999)] == [
        [ids[0]], [ids[1]], [ids[7_777]], [ids[19_999]]]
    assert ev.ids_of(20_000) == [] and ev.ids_of(-1) == []
    assert model.evidence_of(1, 2, 3) == (ids[(1 * 10 + 2) * 20 + 3],)
    # no 8-byte cell index a cell, live or while laying out (about 29 and 49 bytes a
    # cell; 37 and 58 with the index)
    assert live / model.raw.size < 33 and peak / model.raw.size < 54
