"""Work done between a long table and its scores: only what the scores need, checks kept.

Each test pins one property of the path ``relindex.score(relindex.load(folder))`` by
counting work (objects built, grids computed), never by timing it.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pytest
from numpy.typing import NDArray

import relindex
from relindex import _ids
from relindex.dataset import NamedEntities
from relindex.errors import EvidenceError
from relindex.models import ID_MAX_LENGTH, ID_PATTERN
from relindex.scoring import build_model
from relindex.scoring import results as results_mod

pa = pytest.importorskip("pyarrow")

BENCH = Path(__file__).resolve().parents[1] / "bench" / "bench_table.py"


def _bench() -> object:
    spec = importlib.util.spec_from_file_location("bench_table", BENCH)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


def _copy(folder: Path, to: Path) -> Path:
    """A copy of a catalogue folder (its files, not its subfolders), to change without harm."""
    to.mkdir()
    for f in folder.iterdir():
        (to / f.name).write_bytes(f.read_bytes())
    return to


@pytest.fixture(scope="module")
def long_table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The benchmark's catalogue, 200 entities named by the rows of a CSV over 1 MiB."""
    folder = tmp_path_factory.mktemp("long")
    _bench().write_catalogue(folder, 40_000, "csv")  # type: ignore[attr-defined]
    return folder


def test_no_entity_spec_is_built_to_score_a_long_table(long_table: Path) -> None:
    """Entities named by the rows are specs built when read, not one model per entity."""
    ds = relindex.load(long_table)
    assert isinstance(ds.entities, NamedEntities)
    result = relindex.score(ds)
    assert ds.entities.built == 0
    assert len(result.entities) == 200 and result.entity_names["E00007"] == "E00007"
    spec = ds.entities["E00007"]  # built on demand, once, named by its id
    assert (spec.name, spec.actors, spec.directed) == ("E00007", (), False)
    assert ds.entities["E00007"] is spec and ds.entities.built == 1
    assert "E99999" not in ds.entities
    with pytest.raises(KeyError):
        ds.entities["E99999"]
    assert list(ds.entities)[:2] == ["E00000", "E00001"] and len(ds.entities) == 200


def test_breakdown_grids_are_computed_when_a_breakdown_is_asked(
        long_table: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`score` computes no normalised interval grid; the first breakdown does, once."""
    calls: list[int] = []
    band = results_mod._normalised_band

    def counting(model: object) -> object:
        calls.append(1)
        return band(model)  # type: ignore[arg-type]

    monkeypatch.setattr(results_mod, "_normalised_band", counting)
    result = relindex.score(relindex.load(long_table))
    assert calls == []
    first = result.entity("E00003").period(2005)
    again = result.entity("E00004").period(2006)
    assert calls == [1]
    ind = first.dimensions[0].indicators[0]
    assert ind.interval is not None and ind.transformed == ind.raw
    assert again.dimensions[0].indicators[0].interval is not None


def test_distinct_observations_are_counted_when_first_read(long_table: Path) -> None:
    """No leaf normalised over the data: the count waits for a reader, and is the same."""
    model = build_model(relindex.load(long_table))
    assert model._distinct is None
    counted = model.distinct
    assert model._distinct is counted and counted.shape == (model.n_leaves,)
    # goalposts over 0-100, values drawn with two decimals: every value of a leaf differs
    present = ~np.isnan(model.raw[..., : model.n_leaves])
    raw = model.raw[..., : model.n_leaves]
    expect = [len(np.unique(raw[..., k][present[..., k]])) for k in range(model.n_leaves)]
    assert counted.tolist() == expect


IDS = ["a", "A1", "0_x", "x.y-z", "a" * ID_MAX_LENGTH, "", "_a", ".a", "-a", "a b", "a,b",
       "é", "aé", "a\n", "a" * (ID_MAX_LENGTH + 1), "a/b", "a~"]


@pytest.mark.parametrize("rid", IDS)
def test_arrow_id_check_agrees_with_the_record_id_rule(rid: str) -> None:
    good = bool(re.fullmatch(ID_PATTERN[1:-1], rid)) and len(rid) <= ID_MAX_LENGTH
    assert _ids.arrow_ids_ok(pa.array(["ok1", rid, "ok2"])) is good


def test_id_hashes_tell_apart_ids_that_differ_anywhere() -> None:
    """Equal ids hash alike; ids differing in any byte or length, across blocks, apart."""
    base = [f"id-{k:07d}-{'x' * (k % 23)}" for k in range(5000)]
    arr = pa.array(base + base[:7])
    h = _ids._hashes(arr, block=64)
    assert (h[5000:] == h[:7]).all()
    assert len(np.unique(h[:5000])) == 5000
    assert _ids._hashes(pa.array(base), block=1 << 15).tolist() == h[:5000].tolist()
    assert _ids.IdColumn(pa.array(base)).all_distinct()
    assert not _ids.IdColumn(arr).all_distinct()
    # a tail byte past the end of an id is masked: a prefix is not its longer id
    assert len(set(_ids._hashes(pa.array(["abcdefgh", "abcdefghi", "abcdefgh\0"])))) == 3


def test_a_duplicate_id_in_a_long_table_still_names_its_row(long_table: Path,
                                                             tmp_path: Path) -> None:
    folder = _copy(long_table, tmp_path / "dup")
    text = (folder / "panel.csv").read_text()
    lines = text.splitlines()
    first = lines[5].split(",")[0]
    lines[30_000] = ",".join([first, *lines[30_000].split(",")[1:]])
    (folder / "panel.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(EvidenceError) as info:
        relindex.load(folder)
    assert info.value.key == "row 30001.id" and info.value.value == first


def test_a_repeat_across_halves_of_unequal_id_lengths_is_refused(long_table: Path,
                                                                 tmp_path: Path) -> None:
    """An id of the first rows repeated on the last, the first half holding a longer id."""
    folder = _copy(long_table, tmp_path / "dup-long")
    lines = (folder / "panel.csv").read_text().splitlines()
    first = lines[5].split(",")[0]
    row = lines[6].split(",")
    lines[6] = ",".join([row[0] + "-" + "w" * 30, *row[1:]])  # more words than any other
    lines[-1] = ",".join([first, *lines[-1].split(",")[1:]])
    (folder / "panel.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(EvidenceError) as info:
        relindex.load(folder)
    assert info.value.key == f"row {len(lines)}.id" and info.value.value == first


def test_a_short_last_id_after_long_ones_is_hashed() -> None:
    """The words of every id are read up to the longest id's length, past the last one."""
    ids = ["x" * 100, "y" * 57, "b"]
    assert _ids.IdColumn(pa.array(ids)).all_distinct()
    assert not _ids.IdColumn(pa.array([*ids, "b"])).all_distinct()


@pytest.mark.parametrize("n", [1, 2, 7, 40, 300])
def test_ids_read_in_place_and_from_the_padded_end_hash_alike(n: int) -> None:
    """An id hashes the same wherever it lies: in place, or among the last few ids."""
    ids = [f"r{k}-{'z' * (k % 13)}" for k in range(n)]
    h = _ids._hashes(pa.array([*ids, *ids]), block=8)
    assert (h[:n] == h[n:]).all() and len(set(h[:n].tolist())) == n
    sliced = pa.array(["q" * 50, *ids, "q" * 50]).slice(1, n)  # an offset into the bytes
    assert _ids._hashes(sliced).tolist() == h[:n].tolist()


def test_a_long_tables_ids_are_hashed_once(long_table: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The ids are hashed once, in two halves, in threads started as the columns are read."""
    calls: list[int] = []
    hashes = _ids._hashes

    def counting(arr: object, block: int = 1 << 15, out: object = None) -> object:
        calls.append(len(arr))  # type: ignore[arg-type]
        return hashes(arr, block, out)  # type: ignore[arg-type]

    monkeypatch.setattr(_ids, "_hashes", counting)
    ds = relindex.load(long_table)
    assert calls == [20_000, 20_000]
    assert ds.tables[0].ids.all_distinct() and calls == [20_000, 20_000]


def test_one_observation_a_cell_needs_no_pass_over_source_pairs(
        long_table: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sources per cell are the observation counts when each cell has one observation."""
    from relindex.scoring import events

    calls: list[int] = []
    per = events.distinct_per

    def counting(key: object, src: object, size: int, n_src: object = None) -> object:
        calls.append(size)
        return per(key, src, size, n_src)  # type: ignore[arg-type]

    monkeypatch.setattr(events, "distinct_per", counting)
    model = build_model(relindex.load(long_table))
    assert calls == []
    assert model.events is not None
    n = model.n_obs
    assert int(n.max()) == 1 and (model.events.n_sources == n).all()
    # the general count over (cell, source) pairs agrees
    E, P, C = n.shape
    cell = np.flatnonzero(n.reshape(-1))
    assert (per(cell, np.zeros(len(cell), dtype=int), E * P * C).reshape(E, P, C) == n).all()
    # nothing carried: each cell with a value is its own source
    here = np.arange(P).reshape(1, P, 1)
    assert (model.source == np.where(np.isnan(model.raw), -1, here)).all()


def test_a_wrong_unit_in_a_one_unit_table_names_its_first_row(long_table: Path,
                                                              tmp_path: Path) -> None:
    """One unit in a table: each indicator checked once, a mismatch at its first row."""
    folder = _copy(long_table, tmp_path / "unit")
    toml = (folder / "indicators.toml").read_text()
    head, sep, tail = toml.partition("[dimensions.d0.indicators.i03]")
    (folder / "indicators.toml").write_text(
        head + sep + tail.replace('unit = "points"', 'unit = "tonnes"', 1))
    with pytest.raises(EvidenceError) as info:
        relindex.load(folder)
    assert info.value.key == "row 5.unit" and info.value.value == "points"


def test_a_typed_read_counts_no_lines(long_table: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A blank line fails the typed read (an empty number): rows are not counted."""
    from relindex import _table_reading

    counted: list[int] = []
    count = _table_reading._count_newlines

    def counting(data: bytes) -> int:
        counted.append(1)
        return count(data)

    monkeypatch.setattr(_table_reading, "_count_newlines", counting)
    assert len(relindex.load(long_table).tables[0]) == 40_000
    assert counted == []


@pytest.mark.parametrize("extra", ["", "   ", ",,,,,"])
def test_an_odd_line_in_a_large_csv_keeps_line_numbers(long_table: Path, tmp_path: Path,
                                                       extra: str) -> None:
    folder = _copy(long_table, tmp_path / "odd")
    lines = (folder / "panel.csv").read_text().splitlines()
    lines.insert(20_000, extra)
    (folder / "panel.csv").write_text("\n".join(lines) + "\n")
    if extra:  # a row of empty cells (or of one blank cell: one field of 6): refused at its line
        with pytest.raises(EvidenceError) as info:
            relindex.load(folder)
        assert info.value.key.partition(".")[0] == "row 20001"
        assert ("has 1 field, expected 6" in info.value.rule) == (extra == "   ")
        return
    t = relindex.load(folder).tables[0]
    assert len(t) == 40_000 and int(t.line[19_998]) == 20_000 and int(t.line[19_999]) == 20_002


def test_one_source_sides_are_found_on_the_cells(long_table: Path) -> None:
    """One source, no series, no share: sides' sources on the cells equal the pair count."""
    from relindex.scoring import support
    from relindex.scoring.context import axes_of, context_of
    from relindex.scoring.events import source_pairs
    from relindex.scoring.observations import table_observations
    from relindex.scoring.tree import lay_out_tree

    ds = relindex.load(long_table)
    model = build_model(ds)
    ctx = context_of(ds)
    assert len(ctx.source_ids) == 1
    layout = lay_out_tree(ctx.dimensions, ctx.index)
    axes = axes_of(ctx, list(layout.leaf_ids), model.periods)
    obs, _ = table_observations(ctx, axes)
    pairs = source_pairs(obs, ())
    count = model.counted.copy()
    count[::3, ::2, 1:7] = False  # some counted cells dropped: sides lose their sources
    count[::7, 1::2, :15] = False  # every cooperation leaf (dimensions 0-2)
    count[5, 3, :] = False
    general = support.side_sources(ctx, axes, layout.nodes, obs, pairs, count)
    on_cells = support.side_sources(ctx, axes, layout.nodes, obs, pairs, count, model.n_obs)
    assert (general == on_cells).all() and general[5, 3].tolist() == [0, 0]
    assert general[7, 1].tolist() == [0, 1] and general[3, 0].tolist() == [1, 1]
    assert (model.side_sources == support.side_sources(ctx, axes, layout.nodes, obs, pairs,
                                                        model.counted)).all()


@pytest.mark.parametrize("bad", ["E 1", "é1", "_E1", "E" * (ID_MAX_LENGTH + 1)])
def test_a_bad_entity_in_a_long_table_names_its_first_row(long_table: Path, tmp_path: Path,
                                                          bad: str) -> None:
    """The entity ids are checked at once; a bad one is named at its first row."""
    folder = _copy(long_table, tmp_path / "ent")
    text = (folder / "panel.csv").read_text()
    (folder / "panel.csv").write_text(text.replace(",E00150,", f",{bad},"))
    with pytest.raises(EvidenceError) as info:
        relindex.load(folder)
    assert info.value.key == f"row {150 * 200 + 2}.entity" and info.value.value == bad


def test_codes_in_the_axes_order_are_the_positions(long_table: Path) -> None:
    """Entities and indicators in the axes' order: the rows' codes serve, no gather."""
    from relindex.scoring.context import axes_of, context_of
    from relindex.scoring.observations import table_observations
    from relindex.scoring.tree import lay_out_tree

    ds = relindex.load(long_table)
    ctx = context_of(ds)
    t = ctx.tables[0]
    leaves = list(lay_out_tree(ctx.dimensions, ctx.index).leaf_ids)
    obs, _ = table_observations(ctx, axes_of(ctx, leaves, list(range(2000, 2010))))
    assert np.shares_memory(obs.entity, t.entity_code)
    assert np.shares_memory(obs.column, t.indicator_code)
    flipped = leaves[::-1]
    obs, _ = table_observations(ctx, axes_of(ctx, flipped, list(range(2000, 2010))))
    assert not np.shares_memory(obs.column, t.indicator_code)
    assert (obs.column == len(leaves) - 1 - t.indicator_code).all()


def test_a_whole_sorted_panel_is_laid_out_without_combining(
        long_table: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One row a cell, in order: no combine; the same cells as the rows shuffled."""
    from relindex.scoring import cells as cells_mod

    calls: list[int] = []
    combine = cells_mod.combine

    def counting(*a: object, **k: object) -> object:
        calls.append(1)
        return combine(*a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(cells_mod, "combine", counting)
    whole = build_model(relindex.load(long_table))
    assert calls == []
    folder = _copy(long_table, tmp_path / "shuffled")
    head, *rows = (folder / "panel.csv").read_text().splitlines()
    order = np.random.default_rng(3).permutation(len(rows))
    (folder / "panel.csv").write_text("\n".join([head, *(rows[k] for k in order)]) + "\n")
    mixed = build_model(relindex.load(folder))
    assert len(calls) == 1
    at = [mixed.entities.index(e) for e in whole.entities]  # first seen: another order
    for name in ("raw", "low", "high", "n_obs", "status", "source"):
        a, b = getattr(whole, name), getattr(mixed, name)[at]
        assert a.dtype == b.dtype and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
    assert whole.raw.flags.writeable and whole.low.flags.writeable


def test_a_model_of_a_long_table_pickles(long_table: Path) -> None:
    """The id check's thread is done with and let go by load: the model pickles."""
    import pickle

    model = build_model(relindex.load(long_table))
    assert isinstance(model.dataset.tables[0].ids._distinct, bool)
    again = pickle.loads(pickle.dumps(model))
    assert np.array_equal(again.raw, model.raw, equal_nan=True)
    assert list(again.dataset.entities)[:3] == ["E00000", "E00001", "E00002"]
    assert relindex.score(again).entity("E00009").period(2004).index == pytest.approx(
        relindex.score(model).entity("E00009").period(2004).index)


def test_score_attributes_the_leaves_only_for_a_breakdown(
        long_table: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`score` attributes the net index down to the nodes; a breakdown, to the leaves.

    The first breakdown evaluates once more, with the same scores and node contributions
    bit for bit.
    """
    from relindex._core import aggregate
    from relindex.scoring import model as model_mod

    calls: list[bool] = []
    full = aggregate.evaluate

    def counting(*a: object, attribute_leaves: bool = True, **k: object) -> object:
        calls.append(attribute_leaves)
        return full(*a, attribute_leaves=attribute_leaves, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(model_mod, "evaluate", counting)
    model = build_model(relindex.load(long_table))
    result = relindex.score(model, leave_one_out=False)
    assert calls == [False]
    first = result.entity("E00003").period(2005)
    result.entity("E00011").period(2002)
    assert calls == [False, True]
    ev, nodes_only = model.evaluate(), model.evaluate(attribute_leaves=False)
    L = model.n_leaves
    assert np.isnan(nodes_only.contribution[..., :L]).all()
    assert not np.isnan(ev.contribution[..., :L]).all()
    for name in ("values", "coverage", "cooperation", "friction", "net"):
        assert np.array_equal(getattr(ev, name), getattr(nodes_only, name), equal_nan=True)
    assert np.array_equal(ev.contribution[..., L:], nodes_only.contribution[..., L:],
                          equal_nan=True)
    # the sides' weights over the dimensions are kept; the dimensions' over leaves are not
    kept = [w.shape[-1] for w in nodes_only.weights]
    assert kept == [0, 0, 0, 0, *(len(model.tree.children[j]) for j in (4, 5))]
    for j in (4, 5):
        assert np.array_equal(ev.weights[j], nodes_only.weights[j], equal_nan=True)
    ind = first.dimensions[0].indicators[0]
    assert ind.contribution == pytest.approx(float(ev.contribution[3, 5, 0]))


def test_the_first_table_is_parsed_once_while_the_catalogue_is_validated(
        long_table: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first table is read and parsed once, in a thread, as the catalogue validates.

    The dataset, its digest included, is the one read in order.
    """
    import threading

    from relindex import _prefetch, _table_reading

    parsed: list[bool] = []
    reads: list[str] = []
    parse, read, read_into = _table_reading._arrow_csv, _prefetch.read_bytes, _prefetch.read_into

    def counting_parse(*a: object, **k: object) -> object:
        parsed.append(threading.current_thread() is threading.main_thread())
        return parse(*a, **k)  # type: ignore[arg-type]

    def counting_read(path: Path, **k: object) -> bytes:
        reads.append(path.name)
        return read(path, **k)  # type: ignore[arg-type]

    def counting_read_into(path: Path, allocate: object, **k: object) -> object:
        reads.append(path.name)
        return read_into(path, allocate, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(_table_reading, "_arrow_csv", counting_parse)
    monkeypatch.setattr(_prefetch, "read_bytes", counting_read)
    monkeypatch.setattr(_prefetch, "read_into", counting_read_into)
    ds = relindex.load(long_table)
    assert parsed == [False] and reads == ["panel.csv"]
    assert ds.files[-1].name == "panel.csv" and len(ds.tables[0]) == 40_000
    # read in order instead (no thread): the same dataset, digest included
    monkeypatch.setattr(_prefetch, "TablePrefetch", _NoPrefetch)
    again = relindex.load(long_table)
    assert parsed == [False, True]
    assert again.digest == ds.digest and again.files == ds.files
    for name in ("value", "year", "indicator_code", "entity_code", "line"):
        assert np.array_equal(getattr(again.tables[0], name), getattr(ds.tables[0], name))
    assert again.tables[0].ids.to_list() == ds.tables[0].ids.to_list()


def test_a_table_read_ahead_is_handed_over_only_for_its_own_file(long_table: Path) -> None:
    """The table read in the thread is taken only for the same path and reader, once."""
    import tomllib

    from relindex._prefetch import TablePrefetch

    raw = tomllib.loads((long_table / "indicators.toml").read_text(encoding="utf-8"))
    rel = raw["catalogue"]["tables"][0]["file"]
    path = (long_table / rel).resolve()

    def ahead() -> TablePrefetch:
        return TablePrefetch(long_table, long_table / "indicators.toml", raw, {},
                             max_bytes=1 << 30, allow_outside=False)

    assert ahead().take(path.with_name("other.csv"), parquet=False) is None
    assert ahead().take(path, parquet=True) is None
    first = ahead()
    got = first.take(path, parquet=False)
    assert got is not None and got.data == path.read_bytes() and got.sheet is not None
    assert first.take(path, parquet=False) is None  # handed over once
    assert TablePrefetch(long_table, long_table / "indicators.toml", raw, {rel: None},
                         max_bytes=1 << 30, allow_outside=False).take(path, False) is None


class _NoPrefetch:
    """A prefetch that reads nothing (the loader reads the table itself)."""

    def __init__(self, *a: object, **k: object) -> None:
        pass

    def take(self, path: Path, parquet: bool) -> None:
        return None


def test_errors_come_in_order_whatever_the_thread_read(long_table: Path,
                                                       tmp_path: Path) -> None:
    """A bad catalogue is named before its bad table; a bad table as when read in order."""
    from relindex.errors import CatalogueError

    folder = _copy(long_table, tmp_path / "bad")
    text = (folder / "panel.csv").read_text()
    (folder / "panel.csv").write_text(text.replace("unit", "units", 1))
    with pytest.raises(EvidenceError) as info:
        relindex.load(folder)
    assert info.value.key == "header" and info.value.value == "units"
    toml = (folder / "indicators.toml").read_text()
    (folder / "indicators.toml").write_text(toml.replace("headline_min_coverage = 0.5",
                                                         "headline_min_coverage = 5"))
    with pytest.raises(CatalogueError) as cat_info:
        relindex.load(folder)
    assert "headline_min_coverage" in str(cat_info.value.key)
    missing = _copy(long_table, tmp_path / "missing")
    (missing / "panel.csv").unlink()
    with pytest.raises(relindex.RelindexError, match="not found"):
        relindex.load(missing)


def test_a_long_tables_ids_stay_in_the_readers_chunks(tmp_path: Path) -> None:
    """The id column is kept as the CSV reader's chunks: no combined copy.

    It is checked and hashed chunk by chunk, with the verdicts of the combined column.
    """
    folder = tmp_path / "chunks"
    folder.mkdir()
    _bench().write_catalogue(folder, 400_000, "csv")  # type: ignore[attr-defined]
    ds = relindex.load(folder)
    ids = ds.tables[0].ids
    arr = ids._arrow
    assert isinstance(arr, pa.ChunkedArray) and arr.num_chunks > 1
    assert ids.all_distinct() and ids[123_456] == arr.combine_chunks()[123_456].as_py()
    assert ids.take(np.array([5, 399_999])).to_list() == [ids[5], ids[399_999]]
    other = _ids.IdColumn(arr.slice(10, 3))  # chunked too: combined for the lookup
    assert not ids.isdisjoint(other) and _ids.IdColumn(pa.array(["zz"])).isdisjoint(ids)
    # a duplicate across two chunks is found as in the combined column
    second = arr.chunk(1)
    dup = pa.chunked_array([arr.chunk(0), pa.array([arr.chunk(0)[7].as_py()]), second])
    assert _ids._distinct_hashes(arr) and not _ids._distinct_hashes(dup)
    assert not _ids.IdColumn(dup).all_distinct()
    bad = pa.chunked_array([arr.chunk(0), pa.array(["ok", "not ok"])])
    assert _ids.arrow_ids_ok(arr) and not _ids.arrow_ids_ok(bad)
    assert _ids.arrow_ids_ok(pa.chunked_array([], pa.string()))


class _Lookups(dict):  # type: ignore[type-arg]
    """A position-by-id mapping that counts its lookups."""

    n = 0

    def __getitem__(self, key: object) -> int:
        type(self).n += 1
        return int(super().__getitem__(key))


def test_ids_in_the_axes_order_are_placed_without_lookups(long_table: Path) -> None:
    """A table naming the entities and indicators in the axes' order: no lookup by id."""
    from dataclasses import replace

    from relindex.scoring.context import axes_of, context_of
    from relindex.scoring.observations import table_observations
    from relindex.scoring.tree import lay_out_tree

    ctx = context_of(relindex.load(long_table))
    leaves = list(lay_out_tree(ctx.dimensions, ctx.index).leaf_ids)
    axes = axes_of(ctx, leaves, list(range(2000, 2010)))
    counting = replace(axes, entity=_Lookups(axes.entity), column=_Lookups(axes.column))
    _Lookups.n = 0
    obs, _ = table_observations(ctx, counting)
    assert _Lookups.n == 0
    ref, _ = table_observations(ctx, axes)
    assert (obs.entity == ref.entity).all() and (obs.column == ref.column).all()
    # the axes in another order: each id is looked up, once
    flipped = axes_of(ctx, leaves[::-1], list(range(2000, 2010)))
    counting = replace(flipped, column=_Lookups(flipped.column))
    _Lookups.n = 0
    obs, _ = table_observations(ctx, counting)
    assert _Lookups.n == len(leaves)
    assert (obs.column == len(leaves) - 1 - ctx.tables[0].indicator_code).all()


class _Compared(np.ndarray):  # type: ignore[type-arg]
    """An array that counts the comparisons made with it."""

    n = 0

    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kw: Any) -> Any:
        if ufunc in (np.equal, np.not_equal):
            type(self).n += 1
        args = [x.view(np.ndarray) if isinstance(x, _Compared) else x for x in inputs]
        return getattr(ufunc, method)(*args, **kw)

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        if func in (np.array_equal, np.array_equiv):
            type(self).n += 1
        return super().__array_function__(func, types, args, kwargs)


def test_one_pair_an_observation_is_known_without_comparing(
        long_table: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Table rows are their own (observation, source) pairs: known, not compared."""
    from relindex.scoring import events
    from relindex.scoring import model as model_mod

    made = events.source_pairs

    def watched(obs: Any, sources: Any) -> Any:
        pairs = made(obs, sources)
        return pairs._replace(obs=pairs.obs.view(_Compared))

    monkeypatch.setattr(model_mod, "source_pairs", watched)
    _Compared.n = 0
    relindex.score(relindex.load(long_table))
    assert _Compared.n == 0

    class Obs:  # what source_pairs reads: the count and each row's source
        source = np.array([9, 9, 3, 4])

        def __len__(self) -> int:
            return 4

    obs: Any = Obs()
    for sources in [(), ((0,), (1,)), ((0, 1), (2,)), ((), (1,))]:
        pairs = made(obs, sources)
        identity = (len(pairs.obs) == len(obs)
                    and bool((pairs.obs == np.arange(len(obs))).all()))
        assert pairs.each == identity, sources


class _Accumulated(np.ndarray):  # type: ignore[type-arg]
    """An array that counts the running maxima taken of it."""

    n = 0

    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kw: Any) -> Any:
        if method == "accumulate":
            type(self).n += 1
        args = [x.view(np.ndarray) if isinstance(x, _Accumulated) else x for x in inputs]
        return getattr(ufunc, method)(*args, **kw)


def _first_seen_by_definition(code: np.ndarray, k: int) -> bool:
    """Codes 0..k-1 each occur, each first after the one before it (one by one)."""
    firsts = [int(c) for n, c in enumerate(code.tolist()) if c not in code[:n].tolist()]
    return firsts == list(range(k))


def test_a_sorted_code_column_takes_no_running_maximum() -> None:
    """Codes of a sorted column (entities, row by row) are in first-seen order, seen so."""
    from relindex._table_reading import _in_first_seen_order

    code = np.repeat(np.arange(300, dtype=np.int32), 7).view(_Accumulated)
    _Accumulated.n = 0
    assert _in_first_seen_order(code, 300, block=64)
    assert _Accumulated.n == 0
    # an unsorted block still takes one, with the same verdicts as the definition
    rng = np.random.default_rng(5)
    for trial in range(300):
        n = int(rng.integers(1, 40))
        k = int(rng.integers(1, 6))
        code = (np.sort(rng.integers(0, k, n)) if trial % 3 == 0
                else rng.integers(0, k, n)).astype(np.int32)
        if trial % 5 == 0:  # jumps of two
            code = code * 2
        k_used = int(code.max()) + 1
        for block in (1, 2, 3, 64):
            assert _in_first_seen_order(code, k_used, block) == _first_seen_by_definition(
                code, k_used), (code.tolist(), block)


class _Touched(np.ndarray):  # type: ignore[type-arg]
    """An array that counts the ufuncs run on it."""

    n = 0

    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kw: Any) -> Any:
        type(self).n += 1
        args = [x.view(np.ndarray) if isinstance(x, _Touched) else x for x in inputs]
        return getattr(ufunc, method)(*args, **kw)


def test_coverage_counts_no_sources_without_an_event_leaf(
        long_table: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without an event leaf, the cells that count are the observed ones: no source count."""
    from dataclasses import replace

    from relindex.scoring import model as model_mod
    from relindex.scoring import support

    seen: list[Any] = []

    def watched(ctx: Any, axes: Any, cells: Any, events: Any) -> Any:
        plain = support.counted(ctx, axes, cells, events)
        _Touched.n = 0
        out = support.counted(ctx, axes, cells, replace(
            events, n_sources=np.asarray(events.n_sources).view(_Touched)))
        seen.append((_Touched.n, bool((out == plain).all())))
        return out

    monkeypatch.setattr(model_mod, "counted", watched)
    model = build_model(relindex.load(long_table))
    assert seen == [(0, True)]
    assert model.counted is not None and bool(model.counted.all())


class _Counted(np.ndarray):  # type: ignore[type-arg]
    """An array that counts the numpy functions (not ufuncs) called on it."""

    calls: ClassVar[list[str]] = []

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        type(self).calls.append(func.__name__)
        return super().__array_function__(func, types, args, kwargs)


def test_the_entities_a_table_names_are_found_without_counting_rows(long_table: Path) -> None:
    """Which entities a table names is a mark per code, not a count of rows per entity."""
    from dataclasses import replace

    from relindex.dataset import _entities

    ds = relindex.load(long_table)
    t = ds.tables[0]
    watched = replace(t, entity_code=np.asarray(t.entity_code).view(_Counted))
    _Counted.calls = []
    got = _entities(ds.catalogue, ds.path, [], [watched])
    assert "bincount" not in _Counted.calls
    assert list(got) == list(ds.entities) and len(got) == 200


def test_a_parquet_tables_ids_are_checked_once_while_the_rest_is_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Parquet ids: read first, checked (rule, then hashes) once, in a thread of their own.

    The loader's main thread neither checks nor hashes them; a bad id is still named at
    its row.
    """
    import threading

    folder = tmp_path / "pq"
    folder.mkdir()
    _bench().write_catalogue(folder, 40_000, "parquet")  # type: ignore[attr-defined]
    checked: list[bool] = []
    hashed: list[bool] = []
    ok, hashes = _ids.arrow_ids_ok, _ids._hashes

    def counting_ok(arr: object) -> bool:
        checked.append(threading.current_thread() is threading.main_thread())
        return ok(arr)

    def counting_hashes(arr: object, block: int = 1 << 15, out: object = None) -> object:
        hashed.append(threading.current_thread() is threading.main_thread())
        return hashes(arr, block, out)  # type: ignore[arg-type]

    monkeypatch.setattr(_ids, "arrow_ids_ok", counting_ok)
    monkeypatch.setattr(_ids, "_hashes", counting_hashes)
    ds = relindex.load(folder)
    assert checked == [False, False] and hashed == [False, False]  # each half once
    assert ds.tables[0].ids.all_distinct() and len(ds.tables[0]) == 40_000
    tbl = pa.parquet.read_table(folder / "panel.parquet")
    ids = tbl.column("id").to_pylist()
    ids[777] = "bad id"
    import pyarrow.parquet as pq

    pq.write_table(tbl.set_column(0, "id", pa.array(ids)), folder / "panel.parquet")
    with pytest.raises(EvidenceError) as info:
        relindex.load(folder)
    assert info.value.key == "row 778.id" and info.value.value == "bad id"


def test_source_counts_of_one_observation_a_cell_are_the_counts_themselves(
        long_table: Path) -> None:
    """Without event columns, sources per cell are the observation counts: no copy."""
    model = build_model(relindex.load(long_table))
    assert model.events is not None
    n_sources = model.events.n_sources
    assert np.shares_memory(n_sources, model.n_obs) and not n_sources.flags.writeable


def test_entities_named_by_every_plain_row_need_no_pass(long_table: Path,
                                                        tmp_path: Path) -> None:
    """Every entity of an all-plain table is a row's; with special rows, found by a pass."""
    ds = relindex.load(long_table)
    assert ds.tables[0].every_entity_named and len(ds.entities) == 200
    folder = _copy(long_table, tmp_path / "special")
    head, *rows = (folder / "panel.csv").read_text().splitlines()
    # every row of entity E00199 is excluded: a special row, not a plain one
    rows = [r + ",left out" if ",E00199," in r else r + "," for r in rows]
    (folder / "panel.csv").write_text("\n".join([head + ",exclude", *rows]) + "\n")
    special = relindex.load(folder)
    t = special.tables[0]
    assert not t.every_entity_named and "E00199" in t.entity_ids
    # its rows are records (whose entities come first); no plain row names it
    assert not (t.entity_code == t.entity_ids.index("E00199")).any()
    assert list(special.entities) == ["E00199", *(e for e in ds.entities if e != "E00199")]


def test_an_id_check_in_parts_finds_what_the_whole_column_holds() -> None:
    """Hashed in parts, sorted together: a repeat across parts and a bad id are found."""
    base = [f"id-{k:05d}" for k in range(1000)]
    assert _ids.IdCheck(pa.array(base), parts=3).result()
    assert _ids.IdCheck(pa.array(base), parts=5000).result()  # more parts than ids
    dup = [*base]
    dup[900] = dup[10]  # the first half's id again, in the second half
    assert not _ids.IdCheck(pa.array(dup)).result()
    assert not _ids.IdCheck(pa.chunked_array([pa.array(dup[:300]), pa.array(dup[300:])])
                            ).result()
    bad = [*base]
    bad[700] = "bad id"
    check = _ids.IdCheck(pa.array(bad), pattern=True)
    assert check.well_formed() is False and check.result() is False
    assert _ids.IdCheck(pa.array(base)).well_formed() is None
    assert _ids.IdCheck(pa.array(base), pattern=True).well_formed() is True


@pytest.mark.parametrize("seed", range(40))
def test_an_id_hashes_alike_whatever_ids_lie_beside_it(seed: int) -> None:
    """Parts and chunks with ids of different lengths agree with a plain set of the ids.

    An id's hash must not depend on the longest id of the array it is hashed in: a
    repeat whose parts or chunks hold ids of different word counts is still found.
    """
    rng = np.random.default_rng(seed)
    ids = [f"{'abcx'[int(rng.integers(4))]}{int(rng.integers(30))}"
           + "y" * int(rng.choice([0, 0, 3, 9, 17, 40])) for _ in range(int(rng.integers(2, 30)))]
    want = len(set(ids)) == len(ids)  # the oracle: a plain set of the strings
    arr = pa.array(ids)
    for parts in (1, 2, 3, len(ids)):
        assert _ids.IdCheck(arr, parts=parts).result() is want, (ids, parts)
    cut = int(rng.integers(1, len(ids)))
    chunked = pa.chunked_array([arr[:cut], arr[cut:]])
    assert _ids._distinct_hashes(chunked) is want  # distinct hashes: distinct ids, and back
    alone = [int(_ids._hashes(pa.array([i]))[0]) for i in ids]
    assert _ids._hashes(arr).tolist() == alone


def test_a_repeat_beside_a_long_id_in_one_half_is_found() -> None:
    """The longest id of one half needs more words than the other half's: still a repeat."""
    assert not _ids.IdCheck(pa.array(["x1", "y" * 20, "q", "x1", "z2", "w"])).result()
    assert _ids.IdCheck(pa.array(["x1", "y" * 20, "q", "x2", "z2", "w"])).result()


def test_a_whole_panel_shares_its_counts_and_sources(long_table: Path,
                                                      tmp_path: Path) -> None:
    """A value in every cell, none carried: counts and sources are shared, not per cell.

    Each cell holds one observation of its own period: one read-only element for the
    counts, one column of periods for the sources; with a cell missing, arrays again.
    """
    model = build_model(relindex.load(long_table))
    P = model.raw.shape[1]
    assert model.n_obs.strides == (0, 0, 0) and not model.n_obs.flags.writeable
    assert model.source.strides[0] == 0 and not model.source.flags.writeable
    assert (model.n_obs == 1).all()
    assert (model.source == np.arange(P).reshape(1, P, 1)).all()
    folder = _copy(long_table, tmp_path / "gap")
    head, first, *rows = (folder / "panel.csv").read_text().splitlines()
    (folder / "panel.csv").write_text("\n".join([head, *rows]) + "\n")
    gap = build_model(relindex.load(folder))
    e, c = gap.entities.index("E00000"), gap.columns.index(first.split(",")[2])
    p = gap.periods.index(int(first.split(",")[3]))
    assert gap.source.strides[0] != 0 and gap.source[e, p, c] == -1
    assert gap.n_obs[e, p, c] == 0 and int(gap.n_obs.sum()) == len(rows)
    assert (np.delete(gap.source.reshape(-1), (e * P + p) * gap.raw.shape[2] + c)
            == np.delete(model.source.reshape(-1), (e * P + p) * gap.raw.shape[2] + c)).all()


def test_a_read_ahead_tables_digest_is_computed_while_it_is_scored(
        long_table: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The SHA-256 of the table read ahead is started as `load` returns, once, in a thread.

    The digest is the one of the files read in order; a dataset pickles with it.
    """
    import pickle
    import threading

    from relindex import _catalogue_reader, _prefetch

    calls: list[bool] = []
    later = _catalogue_reader._Later.digest

    def counting(self: object) -> bytes:
        calls.append(threading.current_thread() is threading.main_thread())
        return later(self)  # type: ignore[arg-type]

    monkeypatch.setattr(_catalogue_reader._Later, "digest", counting)
    ds = relindex.load(long_table)
    assert callable(ds._digest)  # not waited for by load
    digest = ds.digest
    assert calls == [False] and ds._digest == digest and ds.digest == digest
    monkeypatch.setattr(_prefetch, "TablePrefetch", _NoPrefetch)
    assert relindex.load(long_table).digest == digest and calls == [False]
    assert pickle.loads(pickle.dumps(relindex.load(long_table))).digest == digest


def test_rows_are_ordered_only_where_a_cell_has_two_observations(
        long_table: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file order of a table's rows is computed only for cells of two observations."""
    from relindex.scoring import observations

    calls: list[int] = []
    values = observations.RowOrder.values

    def counting(self: observations.RowOrder) -> NDArray[np.float64]:
        calls.append(len(self))
        return values(self)

    monkeypatch.setattr(observations.RowOrder, "values", counting)
    one = build_model(relindex.load(long_table))
    assert calls == []
    folder = _copy(long_table, tmp_path / "twice")
    head, first, *rows = (folder / "panel.csv").read_text().splitlines()
    again = first.replace("-0,", "-0-again,", 1)  # the same cell and value, another id
    (folder / "panel.csv").write_text("\n".join([head, first, *rows, again]) + "\n")
    two = build_model(relindex.load(folder))
    assert calls and set(calls) == {len(rows) + 2}
    assert int(two.n_obs.max()) == 2 and np.array_equal(two.raw, one.raw)


def test_first_and_last_year_of_a_plain_table_need_no_pass(long_table: Path,
                                                           tmp_path: Path) -> None:
    """All rows plain: the years come from the distinct periods; else from the rows."""
    t = relindex.load(long_table).tables[0]
    assert t.year_span == (2000, 2009) == (int(t.year.min()), int(t.year.max()))
    folder = _copy(long_table, tmp_path / "late")
    head, *rows = (folder / "panel.csv").read_text().splitlines()
    # the only rows of 2009 are excluded: special rows, the plain ones end in 2008
    rows = [r + ",left out" if ",2009," in r else r + "," for r in rows]
    (folder / "panel.csv").write_text("\n".join([head + ",exclude", *rows]) + "\n")
    special = relindex.load(folder).tables[0]
    assert special.year_span is None and special.first_last_year() == (2000, 2008)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_tables_years_take_four_bytes_a_row(tmp_path: Path, fmt: str) -> None:
    """The year of each row is int32 (four-digit years), whichever reader read the table."""
    folder = tmp_path / fmt
    folder.mkdir()
    _bench().write_catalogue(folder, 40_000, fmt)  # type: ignore[attr-defined]
    t = relindex.load(folder).tables[0]
    assert t.year.dtype == np.int32 and t.year.nbytes == 4 * len(t)
    assert t.year_span == (2000, 2009) and sorted(set(t.year[:200].tolist())) == list(
        range(2000, 2010))


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_table_read_ahead_is_read_into_pyarrows_memory(tmp_path: Path, fmt: str) -> None:
    """A CSV table read ahead is read into pyarrow's pool (a view), not a bytes object.

    The same bytes, the same digest; a table pyarrow's reader declines is bytes again,
    as is a Parquet file.
    """
    import hashlib
    import tomllib

    from relindex._prefetch import TablePrefetch

    folder = tmp_path / fmt
    folder.mkdir()
    _bench().write_catalogue(folder, 40_000, fmt)  # type: ignore[attr-defined]
    raw = tomllib.loads((folder / "indicators.toml").read_text(encoding="utf-8"))
    path = (folder / f"panel.{fmt}").resolve()

    def ahead() -> Any:
        return TablePrefetch(folder, folder / "indicators.toml", raw, {},
                             max_bytes=1 << 30, allow_outside=False).take(path, fmt == "parquet")

    got = ahead()
    assert got is not None and got.sheet is not None
    if fmt == "parquet":
        assert isinstance(got.data, bytes) and got.data == path.read_bytes()
        return
    assert isinstance(got.data, memoryview) and isinstance(got.data.obj, pa.Buffer)
    assert got.data == path.read_bytes()
    assert hashlib.sha256(got.data).digest() == hashlib.sha256(path.read_bytes()).digest()
    if fmt == "csv":  # a carriage return: declined by pyarrow's reader, handed over as bytes
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n", 3))
        got = ahead()
        assert got is not None and got.sheet is None and isinstance(got.data, bytes)
        assert got.data == path.read_bytes()
