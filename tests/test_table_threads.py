"""The table loader's threads: none outlives a refused table (each is stopped and joined).

A Parquet table's ids are read while a thread reads the other columns, and checked in
threads of their own; a large CSV table's ids are checked in threads while the other
columns are. When the table is refused (a read error, a bad cell), every one of those
threads has ended by the time the error reaches the caller, and the error is the one the
table would give read in order.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import relindex
from relindex import _background, _ids, tables
from relindex.errors import EvidenceError, InputFileError

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

BENCH = Path(__file__).resolve().parents[1] / "bench" / "bench_table.py"
HOLD = 0.5
"""Seconds a patched step holds its thread (it is let go as soon as the test looks)."""


def _catalogue(folder: Path, fmt: str) -> Path:
    spec = importlib.util.spec_from_file_location("bench_table", BENCH)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    folder.mkdir()
    bench.write_catalogue(folder, 40_000, fmt)
    return folder


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Every `Background` started while the test runs (their threads, to look at)."""
    jobs: list[Any] = []
    init = _background.Background.__init__

    def recording(self: Any, fn: Any) -> None:
        init(self, fn)
        jobs.append(self)

    monkeypatch.setattr(_background.Background, "__init__", recording)
    yield jobs
    for job in jobs:  # let nothing run on into the next test
        job._thread.join()


def _alive(jobs: list[Any]) -> list[Any]:
    return [j for j in jobs if j._thread.is_alive()]


class _Gate:
    """A step held until the test has looked (or `HOLD` seconds), then let go."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.looked = threading.Event()

    def hold(self) -> None:
        self.reached.set()
        self.looked.wait(HOLD)


def test_a_parquet_id_read_error_waits_for_the_other_columns_thread(
        tmp_path: Path, started: list[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The ids fail to read while the other columns are read: that thread is joined."""
    folder = _catalogue(tmp_path / "pq", "parquet")
    gate = _Gate()

    class Broken(pq.ParquetFile):  # type: ignore[misc, name-defined]
        def read(self, columns: Any = None, **k: Any) -> Any:
            if columns == ["id"]:
                raise pa.ArrowInvalid("a broken page of ids")
            gate.hold()  # the other columns, still being read when the ids fail
            return super().read(columns=columns, **k)

    monkeypatch.setattr(pq, "ParquetFile", Broken)
    with pytest.raises(InputFileError, match="a broken page of ids"):
        relindex.load(folder)
    assert gate.reached.is_set() and started
    assert _alive(started) == []
    gate.looked.set()


def test_a_parquet_read_error_stops_the_running_id_check(
        tmp_path: Path, started: list[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The other columns fail to read while the ids are checked: the check is stopped.

    Its threads are joined, and the ids are not hashed once the error is known.
    """
    folder = _catalogue(tmp_path / "pq", "parquet")
    gate = _Gate()
    hashed: list[int] = []
    ok, hashes = _ids.arrow_ids_ok, _ids._chunk_hashes

    def held_ok(arr: Any) -> bool:
        gate.hold()  # the ids' rule, still being checked when the read fails
        return ok(arr)

    def counting(arr: Any, out: Any = None) -> Any:
        hashed.append(len(arr))
        return hashes(arr, out)

    class Broken(pq.ParquetFile):  # type: ignore[misc, name-defined]
        def read(self, columns: Any = None, **k: Any) -> Any:
            if columns is not None and "id" not in columns:
                gate.reached.wait(HOLD)
                raise pa.ArrowInvalid("a broken page of values")
            return super().read(columns=columns, **k)

    monkeypatch.setattr(_ids, "arrow_ids_ok", held_ok)
    monkeypatch.setattr(_ids, "_chunk_hashes", counting)
    monkeypatch.setattr(pq, "ParquetFile", Broken)
    with pytest.raises(InputFileError, match="a broken page of values"):
        relindex.load(folder)
    assert _alive(started) == [] and hashed == []
    gate.looked.set()


def test_a_bad_cell_stops_the_id_check_of_a_large_csv(
        tmp_path: Path, started: list[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """A cell refused while a large CSV table's ids are hashed: the check's threads end."""
    folder = _catalogue(tmp_path / "csv", "csv")
    text = (folder / "panel.csv").read_text()
    (folder / "panel.csv").write_text(text.replace(",i07,", ",i99,", 1))
    gate = _Gate()
    hashes = _ids._chunk_hashes

    def held(arr: Any, out: Any = None) -> Any:
        gate.hold()
        return hashes(arr, out)

    monkeypatch.setattr(_ids, "_chunk_hashes", held)
    with pytest.raises(EvidenceError) as info:
        relindex.load(folder)
    assert info.value.value == "i99"
    assert _alive(started) == []
    gate.looked.set()


def test_a_stopped_id_check_has_joined_its_threads() -> None:
    """`IdCheck.stop` returns once every thread of the check has ended; it then returns."""
    ids = pa.array([f"E{k:05d}" for k in range(1000)])
    check = _ids.IdCheck(ids, pattern=True)
    check.stop()
    jobs = [p.job for p in check._parts] + [check._verdict]
    assert len(jobs) == 3 and _alive(jobs) == []
    assert check.result() in (True, False)


def test_a_large_csvs_ids_are_checked_in_threads_from_the_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large CSV table's ids: the rule, then the hashes, once each, never on the main thread.

    The check starts as the reader returns the columns; a bad id is still named at its row.
    """
    folder = _catalogue(tmp_path / "csv", "csv")
    checked: list[bool] = []
    hashed: list[bool] = []
    ok, hashes = _ids.arrow_ids_ok, _ids._hashes

    def counting_ok(arr: Any) -> bool:
        checked.append(threading.current_thread() is threading.main_thread())
        return ok(arr)

    def counting_hashes(arr: Any, block: int = 1 << 15, out: Any = None) -> Any:
        hashed.append(threading.current_thread() is threading.main_thread())
        return hashes(arr, block, out)

    monkeypatch.setattr(_ids, "arrow_ids_ok", counting_ok)
    monkeypatch.setattr(tables, "arrow_ids_ok", counting_ok)
    monkeypatch.setattr(_ids, "_hashes", counting_hashes)
    ds = relindex.load(folder)
    assert checked == [False, False]  # each half once, in its thread
    assert ds.tables[0].ids.all_distinct() and len(ds.tables[0]) == 40_000
    assert hashed.count(True) == 0 and len(hashed) >= 2
    text = (folder / "panel.csv").read_text()
    lines = text.splitlines()
    lines[778] = "bad id" + lines[778][lines[778].index(","):]
    (folder / "panel.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(EvidenceError) as info:
        relindex.load(folder)
    assert info.value.key == "row 779.id" and info.value.value == "bad id"


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_table_without_a_unit_column_stops_the_id_check(
        tmp_path: Path, started: list[Any], monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    """A table refused for a missing column, once its ids' check had started: ended too."""
    folder = _catalogue(tmp_path / fmt, fmt)
    table = folder / f"panel.{fmt}"
    if fmt == "csv":
        lines = table.read_text().splitlines()
        table.write_text("\n".join(line.rsplit(",", 1)[0] for line in lines) + "\n")
    else:
        pq.write_table(pq.read_table(table).drop_columns(["unit"]), table)
    gate = _Gate()
    ok = _ids.arrow_ids_ok

    def held(arr: Any) -> bool:
        gate.hold()
        return ok(arr)

    monkeypatch.setattr(_ids, "arrow_ids_ok", held)
    with pytest.raises(EvidenceError) as info:
        relindex.load(folder)
    assert info.value.key == "header" and "'unit'" in str(info.value)
    assert gate.reached.is_set() and _alive(started) == []
    gate.looked.set()


def test_a_read_ahead_not_taken_has_its_id_check_stopped(
        tmp_path: Path, started: list[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """A table read ahead but turned down (another file): its ids' check is stopped.

    The check the reader started has joined its threads when `take` returns.
    """
    import tomllib

    from relindex._prefetch import TablePrefetch

    folder = _catalogue(tmp_path / "csv", "csv")
    raw = tomllib.loads((folder / "indicators.toml").read_text(encoding="utf-8"))
    gate = _Gate()
    hashes = _ids._chunk_hashes

    def held(arr: Any, out: Any = None) -> Any:
        gate.hold()
        return hashes(arr, out)

    monkeypatch.setattr(_ids, "_chunk_hashes", held)
    ahead = TablePrefetch(folder, folder / "indicators.toml", raw, {},
                          max_bytes=1 << 30, allow_outside=False)
    assert ahead.take((folder / "other.csv").resolve(), parquet=False) is None
    assert gate.reached.is_set() and _alive(started) == []
    gate.looked.set()
