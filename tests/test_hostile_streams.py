"""Output commands stream their rows: the memory traced (never the time) stays near the load's.

`evidence` and `explain --all-entities --all-periods` in JSON and CSV write one row or
period at a time; their peak of traced memory is measured against the peak of loading
and scoring the same catalogue. Building every row first cost 2-18 kB a row more.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

import relindex
from _shapes import peak_bytes, wide_catalogue
from relindex.cli import main


class _Null(io.TextIOBase):
    """A stdout that keeps nothing (a StringIO would hold the whole output)."""

    def write(self, s: str) -> int:
        return len(s)


_SLOW = pytest.mark.slow  # the JSON encoder under tracemalloc takes a few seconds
COMMANDS = [pytest.param(["evidence", "-f", "csv"], id="evidence csv"),
            pytest.param(["evidence", "-f", "json"], id="evidence json", marks=_SLOW),
            pytest.param(["explain", "--all-entities", "--all-periods", "-f", "json"],
                         id="explain json", marks=_SLOW),
            pytest.param(["explain", "--all-entities", "--all-periods", "-f", "csv"],
                         id="explain csv")]


@pytest.fixture(scope="module")
def long_table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """10 indicators x 25 entities x 4 periods: a table of 1,000 rows."""
    return wide_catalogue(tmp_path_factory.mktemp("long") / "c", 10, entities=25, periods=4)


@pytest.fixture(scope="module")
def load_peak(long_table: Path) -> int:
    """Peak traced memory of loading and scoring the catalogue (what any command pays)."""
    relindex.score(str(long_table))
    return peak_bytes(lambda: relindex.score(str(long_table)))


@pytest.mark.parametrize("argv", COMMANDS)
def test_output_commands_hold_one_row_at_a_time(argv: list[str], long_table: Path,
                                                load_peak: int) -> None:
    """Writing 1,000 rows out adds less than 300 bytes a row to the load's peak."""
    def run() -> None:
        with contextlib.redirect_stdout(_Null()), contextlib.redirect_stderr(io.StringIO()):
            assert main([*argv, "-c", str(long_table)]) == 0

    run()
    peak = peak_bytes(run)
    assert peak - load_peak < 300 * 1000, (peak, load_peak)


def test_streamed_json_is_byte_for_byte_the_json() -> None:
    """Iterators written item by item give exactly what json.dumps of the lists gives."""
    from relindex.cli._format import emit_json, emit_json_stream

    data = {"a": [1, {"x": [1, 2], "y": {}, "z": "\u202e"}], "b": [], "c": {"d": [[]]},
            "n": float("nan")}
    for value in (data, {}, {"p": []}, [], [1, {"a": []}]):
        whole, streamed = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(whole):
            emit_json(value)
        lazy = (iter(value) if isinstance(value, list) else
                {k: iter(v) if isinstance(v, list) else v for k, v in value.items()})
        with contextlib.redirect_stdout(streamed):
            emit_json_stream(lazy)
        assert streamed.getvalue() == whole.getvalue()
        json.loads(streamed.getvalue())


def test_a_table_row_is_found_by_id_without_building_every_record(long_table: Path) -> None:
    """Dataset.record looks a table row up by id; the rows are not all made records."""
    ds = relindex.load(str(long_table))
    r = ds.record("E7-2002-i5")
    assert (r.evidence.entity, r.evidence.indicator, r.evidence.period) == ("E7", "i5", "2002")
    assert ds._records is None
    assert [x.id for x in ds.iter_records()] == [x.id for x in ds.records]
    with pytest.raises(relindex.RelindexError, match="not the id of an evidence record"):
        ds.record("nope")


def test_event_csv_is_written_in_pieces(tmp_path: Path) -> None:
    """Events --out writes the CSV a block of rows at a time (it built the whole text first)."""
    import numpy as np

    import relindex.events
    from relindex._output import atomic_write

    n = 3000
    rows = [f"2023010{1 + k % 9},A{k},B{k},010" for k in range(n)]
    src = tmp_path / "ev.csv"
    src.write_text("date,source,target,code\n" + "\n".join(rows) + "\n")
    table = relindex.events.aggregate(src)
    pieces = list(table.csv_blocks(rows=500))
    assert len(pieces) == 1 + -(-len(table) // 500)
    assert max(len(p) for p in pieces[1:]) < len(table.to_csv()) / 5
    assert "".join(pieces) == table.to_csv()
    out = tmp_path / "out.csv"
    atomic_write(out, iter(pieces))
    assert out.read_text() == table.to_csv()
    assert int(np.sum(table["events"])) == n
    assert main(["events", str(src), "--out", str(tmp_path / "cli.csv")]) == 0
    assert (tmp_path / "cli.csv").read_text() == table.to_csv()
