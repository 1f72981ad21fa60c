"""Columns of a table read by pyarrow: a column that holds one value needs no encoding."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import relindex
from relindex import _table_reading
from relindex._table_reading import Columns, _one_word

pa = pytest.importorskip("pyarrow")


@pytest.mark.parametrize("cells, word", [
    (["points"] * 5, "points"),
    (["", "", ""], ""),
    (["ab", "ab", "ab ", "ab"], None),
    (["a", "bab"], None),  # as many bytes as twice "a"... but two cells
    (["ab", "ba"], None),
    (["ab", "a", "ba"], None),
    (["é", "é"], "é"),
    (["x"], "x"),
])
def test_one_word_is_the_value_of_every_cell(cells: list[str], word: str | None) -> None:
    """The one value of a column (None when it holds two), plain or in chunks."""
    assert _one_word(pa.array(cells)) == word
    assert _one_word(pa.chunked_array([pa.array(cells), pa.array(cells)])) == word
    assert _one_word(pa.array(cells).slice(0)) == word
    if len(cells) > 1:  # a slice whose offsets do not start at 0
        rest = cells[1:]
        assert _one_word(pa.array(cells).slice(1)) == (rest[0] if len(set(rest)) == 1
                                                        else None)


def test_chunks_with_different_words_hold_two_values() -> None:
    two = pa.chunked_array([pa.array(["kg", "kg"]), pa.array(["km", "km"])])
    assert _one_word(two) is None
    assert _one_word(pa.array(["kg", None])) is None
    cols = Columns(None, {"unit": two}, 4)
    words, codes = cols.fact("unit")
    assert words == ["kg", "km"] and codes.tolist() == [0, 0, 1, 1]


@pytest.mark.parametrize("seed", range(20))
def test_the_fact_of_a_plain_column_is_its_encoding(seed: int) -> None:
    """A column read as plain strings factorises as its dictionary would (first seen)."""
    rng = np.random.default_rng(seed)
    words = ["t", "tn", "t ", "nt", ""][: int(rng.integers(1, 6))]
    cells = [words[k] for k in rng.integers(0, len(words), int(rng.integers(1, 40)))]
    got = Columns(None, {"unit": pa.array(cells)}, len(cells)).fact("unit")
    enc = Columns(None, {"unit": pa.array(cells).dictionary_encode()}, len(cells)).fact("unit")
    assert got[0] == enc[0] == list(dict.fromkeys(cells))
    assert got[1].tolist() == enc[1].tolist()


def _bench_csv_catalogue(tmp_path: Path) -> Path:
    """The bench's catalogue with a long CSV table of 40,000 rows, written under `tmp_path`."""
    import importlib.util

    bench_file = Path(__file__).resolve().parents[1] / "bench" / "bench_table.py"
    spec = importlib.util.spec_from_file_location("bench_table", bench_file)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    folder = tmp_path / "csv"
    folder.mkdir()
    bench.write_catalogue(folder, 40_000, "csv")
    return folder


def test_a_one_unit_csv_table_encodes_no_unit_column(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The unit of a large CSV table with one unit is read as strings and never encoded."""
    folder = _bench_csv_catalogue(tmp_path)
    encoded: list[int] = []
    first_seen = _table_reading._first_seen

    def counting(uniq: list[str | None], code: object) -> object:
        encoded.append(len(uniq))
        return first_seen(uniq, code)  # type: ignore[arg-type]

    monkeypatch.setattr(_table_reading, "_first_seen", counting)
    t = relindex.load(folder).tables[0]
    # entity, indicator and period are dictionaries: the unit ("points") is not one
    assert sorted(encoded) == [10, 20, 200]
    assert len(t) == 40_000
    text = (folder / "panel.csv").read_text()
    (folder / "panel.csv").write_text(text.replace(",points\n", ",tonnes\n", 1))
    encoded.clear()
    with pytest.raises(relindex.RelindexError) as info:
        relindex.load(folder)
    # two units: encoded; the wrong one is refused before the entities are read
    assert "row 2.unit" in str(info.value) and sorted(encoded) == [2, 10, 20]


def test_a_large_csvs_ids_are_read_as_bytes_and_viewed_as_strings(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ASCII ids are read as bytes and become strings without a copy or a UTF-8 pass.

    Ids that are not ASCII are checked as UTF-8: valid ones are read (and refused by
    the record-id rule at their row), invalid bytes refuse the file as before.
    """
    folder = _bench_csv_catalogue(tmp_path)
    read: list[object] = []
    arrow_csv = _table_reading._arrow_csv

    def keeping(*a: object, **k: object) -> object:
        read.append(arrow_csv(*a, **k))  # type: ignore[arg-type]
        return read[-1]

    monkeypatch.setattr(_table_reading, "_arrow_csv", keeping)
    ids = relindex.load(folder).tables[0].ids._arrow
    raw = read[-1].column("id")  # type: ignore[attr-defined]
    assert raw.type == pa.binary() and ids.type == pa.string()
    # the other text columns too: no cell checked as UTF-8, a distinct value once
    for name in ("entity", "indicator", "period"):
        got = read[-1].column(name).type  # type: ignore[attr-defined]
        assert got == pa.dictionary(pa.int32(), pa.binary())
    assert read[-1].column("unit").type == pa.binary()  # type: ignore[attr-defined]
    assert ids.num_chunks == raw.num_chunks >= 1
    for got, bytes_read in zip(ids.chunks, raw.chunks, strict=True):
        assert got.buffers()[2].address == bytes_read.buffers()[2].address  # a view
    data = (folder / "panel.csv").read_bytes().split(b"\n")
    data[700] = "é".encode() + data[700]
    (folder / "panel.csv").write_bytes(b"\n".join(data))
    with pytest.raises(relindex.RelindexError) as info:
        relindex.load(folder)
    assert "row 701.id" in str(info.value) and "'éE00003" in str(info.value)
    data[700] = b"\xff" + data[700]
    (folder / "panel.csv").write_bytes(b"\n".join(data))
    with pytest.raises(relindex.RelindexError, match="not valid UTF-8"):
        relindex.load(folder)


@pytest.mark.parametrize("bad, found", [
    (b"\xff", "not valid UTF-8"),  # not UTF-8: the file is refused, as when read as text
    ("\u00c9".encode(), "row 801.entity is not a valid entity id. Got '\u00c9E00003'"),
])
def test_text_read_as_bytes_is_checked_as_utf8(tmp_path: Path, bad: bytes, found: str) -> None:
    """Dictionaries read as bytes: their distinct values are checked as UTF-8 once each."""
    folder = _bench_csv_catalogue(tmp_path)
    sheet = _table_reading.read_arrow(folder / "panel.csv", "id,entity,indicator,period,value,unit",
                                      (folder / "panel.csv").read_bytes(), lambda h: None)
    assert sheet is not None
    for name in ("entity", "indicator", "period"):
        assert sheet.columns.arrow[name].type == pa.dictionary(pa.int32(), pa.string())
    assert sheet.columns.arrow["unit"].type == pa.string()
    lines = (folder / "panel.csv").read_bytes().split(b"\n")
    lines[800] = lines[800].replace(b",E0", b"," + bad + b"E0", 1)
    (folder / "panel.csv").write_bytes(b"\n".join(lines))
    with pytest.raises(relindex.RelindexError) as info:
        relindex.load(folder)
    assert found in str(info.value)
