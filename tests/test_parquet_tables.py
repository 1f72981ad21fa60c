"""Parquet data tables, and large tables read as whole columns (ids never one per row)."""

import shutil
from pathlib import Path

import numpy as np
import pytest

import relindex
from _util import edit
from relindex.errors import EvidenceError, InputFileError, RelindexError

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pacsv = pytest.importorskip("pyarrow.csv")

DYADS = Path(__file__).parent / "fixtures" / "dyads"


@pytest.fixture
def dyads(tmp_path: Path) -> Path:
    folder = tmp_path / "dyads"
    shutil.copytree(DYADS, folder)
    return folder


def _big_csv(folder: Path, n_entities: int = 2500) -> None:
    """The dyads' table grown over 1 MiB (read by pyarrow): many entities, three years."""
    lines = ["id,entity,indicator,period,value,unit"]
    unit = {"volume": "USD bn", "exercises": "exercises", "disputes": "disputes"}
    for e in range(n_entities):
        for y in (2021, 2022, 2023):
            for k, (ind, u) in enumerate(unit.items()):
                v = 1 + (e * 7 + y * 3 + k * 11) % 97 + 0.25 * (k == 0)
                lines.append(f"X{e:05d}-{ind}-{y},X{e:05d},{ind},{y},{v},{u}")
    (folder / "table.csv").write_text("\n".join(lines) + "\n")
    text = (folder / "indicators.toml").read_text()
    start, end = text.index("[entities.RU-CN]"), text.index("[dimensions.trade]")
    (folder / "indicators.toml").write_text(text[:start] + text[end:])


def _as_parquet(folder: Path, **columns: object) -> None:
    """Write the folder's CSV table as ``table.parquet`` (typed columns; overrides given)."""
    tbl = pacsv.read_csv(folder / "table.csv", convert_options=pacsv.ConvertOptions(
        column_types={"period": pa.int32(), "value": pa.float64(), "id": pa.string()}))
    for name, arr in columns.items():
        i = tbl.column_names.index(name)
        tbl = tbl.set_column(i, name, arr)
    pq.write_table(tbl, folder / "table.parquet")
    edit(folder / "indicators.toml", 'file = "table.csv"', 'file = "table.parquet"')


@pytest.mark.parametrize("big", [False, True])
def test_parquet_gives_the_scores_of_the_same_csv(dyads: Path, big: bool) -> None:
    """The same rows as CSV and as Parquet (typed columns) score alike, evidence included."""
    if big:
        _big_csv(dyads)
    csv_result = relindex.score(dyads)
    _as_parquet(dyads)
    pq_result = relindex.score(dyads)
    assert pq_result.to_records() == csv_result.to_records()
    assert len(pq_result.to_records()) == len(csv_result.to_records()) > 0
    model = relindex.load(dyads)
    assert model.tables[0].path.suffix == ".parquet"
    assert [r.id for r in model.records] == [r.id for r in relindex.load(
        dyads.parent / "dyads").records]


def test_parquet_text_periods_and_dictionary_columns(dyads: Path) -> None:
    """Periods written as strings and text columns written as dictionaries read alike."""
    before = relindex.score(dyads).to_records()
    rows = pacsv.read_csv(dyads / "table.csv", convert_options=pacsv.ConvertOptions(
        column_types={"period": pa.string(), "value": pa.float64()}))
    _as_parquet(dyads, period=rows.column("period"),
                indicator=rows.column("indicator").dictionary_encode())
    assert relindex.score(dyads).to_records() == before


def test_large_tables_keep_ids_as_one_column(dyads: Path, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    """Loading and scoring a large table turns no id into a str and runs no per-row loop."""
    from relindex import _ids, tables
    from relindex._table_reading import Columns

    _big_csv(dyads)
    expected = relindex.score(dyads).to_records()
    strings = Columns.strings
    for fmt in ("csv", "parquet"):
        if fmt == "parquet":
            _as_parquet(dyads)
        asked: list[str] = []

        def spy(self: Columns, name: str, _asked: list[str] = asked) -> list[str]:
            _asked.append(name)
            return strings(self, name)

        def refuse(*args: object, **kwargs: object) -> None:
            raise AssertionError("a per-row conversion ran")

        with monkeypatch.context() as m:
            m.setattr(Columns, "strings", spy)
            m.setattr(tables, "_record_fields", refuse)
            m.setattr(_ids.IdColumn, "to_list", refuse)
            m.setattr(_ids.IdColumn, "__iter__", refuse)
            ds = relindex.load(dyads)
            assert ds.tables[0].ids._list is None  # the Arrow array itself
            assert relindex.score(ds).to_records() == expected
        assert asked == [], fmt
    assert "X00007-volume-2022" in relindex.load(dyads).tables[0].ids


def test_without_pyarrow_the_same_rows_are_read(dyads: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The pure-Python readers give the same table as pyarrow's, ids included."""
    from relindex import tables

    _big_csv(dyads)
    fast = relindex.load(dyads).tables[0]
    monkeypatch.setattr(tables, "ARROW_MIN_BYTES", 1 << 40)
    plain = relindex.load(dyads).tables[0]
    assert plain.ids._list is not None and fast.ids._list is None
    assert list(plain.ids) == list(fast.ids)
    for name in ("line", "indicator_code", "entity_code", "year", "value", "credibility"):
        assert np.array_equal(getattr(plain, name), getattr(fast, name)), name
    assert plain.entity_ids == fast.entity_ids and plain.indicator_ids == fast.indicator_ids


def test_duplicate_id_in_a_large_table_names_its_row(dyads: Path) -> None:
    """Ids compared as one column still name the first repeated row."""
    _big_csv(dyads)
    edit(dyads / "table.csv", "X00003-volume-2022,", "X00001-volume-2022,")
    with pytest.raises(EvidenceError, match=r"row 32\.id is a duplicate"):
        relindex.load(dyads)
    _as_parquet(dyads)
    with pytest.raises(EvidenceError, match="duplicate") as info:
        relindex.load(dyads)
    assert "row 31.id" in str(info.value)  # Parquet rows count from the first row of data


def test_bad_id_in_a_large_table_names_its_row(dyads: Path) -> None:
    """An id breaking the record-id rule, found by the column check, names its row."""
    _big_csv(dyads)
    edit(dyads / "table.csv", "X00002-volume-2021,", "X0000 2-volume-2021,")
    with pytest.raises(EvidenceError, match=r"row 20\b"):
        relindex.load(dyads)


@pytest.mark.parametrize(("column", "array", "match"), [
    ("value", lambda n: pa.array([f"{k}" for k in range(n)]), "value.*must hold numbers"),
    ("period", lambda n: pa.array([2021.0] * n), "period.*strings or integers"),
    ("unit", lambda n: pa.array([1.5] * n), "unit.*must hold strings"),
    ("id", lambda n: pa.array(list(range(n))), "id.*must hold strings"),
    ("entity", lambda n: pa.array([["RU", "CN"]] * n), "entity.*holds lists"),
])
def test_hostile_parquet_column_types_are_refused(dyads: Path, column: str, array: object,
                                                  match: str) -> None:
    """A column of the wrong type is refused naming it, before any row is read."""
    n = pq.read_metadata(_written(dyads)).num_rows
    _as_parquet(dyads, **{column: array(n)})  # type: ignore[operator]
    with pytest.raises(EvidenceError, match=match) as info:
        relindex.load(dyads)
    assert "table.parquet" in str(info.value) and f"header.{column}" in str(info.value)


def _written(folder: Path) -> Path:
    """The CSV table, also written as Parquet beside it (for its row count)."""
    out = folder / "probe.parquet"
    pq.write_table(pacsv.read_csv(folder / "table.csv"), out)
    return out


def test_null_id_in_parquet_names_its_row(dyads: Path) -> None:
    """A row without an id (a null cell) is refused naming the row."""
    n = pq.read_metadata(_written(dyads)).num_rows
    ids = pacsv.read_csv(dyads / "table.csv").column("id").to_pylist()
    ids[3] = None
    _as_parquet(dyads, id=pa.array(ids, pa.string()))
    with pytest.raises(EvidenceError, match=r"row 4\.id") as info:
        relindex.load(dyads)
    assert n > 4 and "null" in str(info.value)


def test_null_value_in_a_plain_parquet_row_is_refused(dyads: Path) -> None:
    """A null value reads as an empty cell: a plain row without a number is refused."""
    values = pacsv.read_csv(dyads / "table.csv").column("value").to_pylist()
    values[1] = None
    _as_parquet(dyads, value=pa.array(values, pa.float64()))
    with pytest.raises(EvidenceError, match=r"row 2\.value.*finite number"):
        relindex.load(dyads)


def test_null_entity_in_parquet_is_an_empty_cell(dyads: Path) -> None:
    """A null entity is an empty cell: the row names no entity, which this catalogue refuses."""
    ents = pacsv.read_csv(dyads / "table.csv").column("entity").to_pylist()
    ents[0] = None
    _as_parquet(dyads, entity=pa.array(ents, pa.string()))
    with pytest.raises(EvidenceError, match=r"row 1\.entity"):
        relindex.load(dyads)


def test_a_file_that_is_not_parquet_is_refused(dyads: Path) -> None:
    """Bytes that are not Parquet, under a .parquet name, are refused naming the file."""
    _as_parquet(dyads)
    (dyads / "table.parquet").write_bytes(b"id,indicator\nx,y\n" * 10)
    with pytest.raises(InputFileError, match="not a valid Parquet file"):
        relindex.load(dyads)


def test_cli_refuses_a_hostile_parquet_in_one_line(dyads: Path) -> None:
    """The command line reports a bad Parquet column in one line, exit status 2."""
    from _util import cli

    n = pq.read_metadata(_written(dyads)).num_rows
    _as_parquet(dyads, value=pa.array(["x"] * n))
    out = cli("score", "-c", str(dyads))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and "value" in out.stderr
    assert issubclass(EvidenceError, RelindexError)


def test_blank_line_in_a_large_csv_keeps_line_numbers(dyads: Path) -> None:
    """A blank line sends a large table to the readers that skip it, rows keeping their line."""
    _big_csv(dyads)
    edit(dyads / "table.csv", "X00002-volume-2021,", "\nX00002-volume-2021,")
    table = relindex.load(dyads).tables[0]
    n = list(table.ids).index("X00002-volume-2021")
    assert int(table.line[n]) == 21 and int(table.line[n - 1]) == 19


def test_records_of_a_large_table_read_their_ids_in_batches(
        dyads: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Listing every record of a large table reads the id column in batches, not per row."""
    from relindex._ids import IdColumn

    _big_csv(dyads)
    ds = relindex.load(dyads)
    calls: list[object] = []
    get = IdColumn.__getitem__

    def spy(self: IdColumn, k: object) -> object:
        calls.append(k)
        return get(self, k)  # type: ignore[call-overload]

    monkeypatch.setattr(IdColumn, "__getitem__", spy)
    ids = [r.id for r in ds.iter_records()]
    assert len(ids) == len(ds.ledger) + len(ds.tables[0]) and calls == []
    assert ids[-1] == "X02499-disputes-2023"


def _spoil(folder: Path, *edits: tuple[int, int | None, str]) -> None:
    """Set field `k` of line `n` of the table to `text` (k None: keep only 4 fields)."""
    lines = (folder / "table.csv").read_text().splitlines()
    for n, k, text in edits:
        cells = lines[n - 1].split(",")
        if k is None:
            cells = cells[:4]
        else:
            cells[k] = text
        lines[n - 1] = ",".join(cells)
    (folder / "table.csv").write_text("\n".join(lines) + "\n")


@pytest.mark.parametrize("n_entities", [20, 2500])  # a small table, and one read by pyarrow
@pytest.mark.parametrize(("edits", "where", "message"), [
    # a bad value before a bad period: the value's row, not the column checked first
    ([(150, 4, "x"), (160, 3, "20x1")], "row 150.value", "is not a number"),
    ([(150, 3, "20x1"), (160, 4, "x")], "row 150.period", "must be a period"),
    ([(150, 5, "tonnes"), (160, 2, "nope")], "row 150.unit", "unit"),
    # a row with too few fields: its field count, before a later bad cell
    ([(150, None, ""), (160, 3, "20x1")], "row 150", "has 4 fields, expected 6 as in the header"),
    ([(160, None, ""), (150, 1, "X 1")], "row 150.entity", ""),
])
def test_the_first_bad_row_in_file_order_is_reported(
        dyads: Path, n_entities: int, edits: list[tuple[int, int | None, str]], where: str,
        message: str) -> None:
    """Small and large tables report the first bad row in file order, whatever its column.

    A row with fewer fields than the header names its field count, not an empty value.
    """
    from relindex.tables import ARROW_MIN_BYTES

    _big_csv(dyads, n_entities)
    _spoil(dyads, *edits)
    assert ((dyads / "table.csv").stat().st_size >= ARROW_MIN_BYTES) == (n_entities > 100)
    with pytest.raises(EvidenceError) as info:
        relindex.load(dyads)
    assert info.value.key == where and message in info.value.rule
    assert info.value.path == str(dyads / "table.csv")
