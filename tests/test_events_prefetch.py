"""Reading ahead on a thread: same items and errors in the same order, bounded, stoppable."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from relindex.events import aggregate
from relindex.events import cells as cells_mod
from relindex.events.errors import EventDataError
from relindex.events.prefetch import Background, prefetch
from relindex.events.readers import _lines, read_chunks


def _read_ahead_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "relindex-read-ahead" and t.is_alive()]


def test_items_in_order_then_the_error() -> None:
    def items() -> Iterator[int]:
        yield from range(5)
        raise ValueError("at the end")

    got: list[int] = []
    with pytest.raises(ValueError, match="at the end"):
        for x in prefetch(items()):
            got.append(x)
    assert got == [0, 1, 2, 3, 4]
    assert list(prefetch(iter([]))) == []


@pytest.mark.parametrize("depth", [1, 2, 4])
def test_read_ahead_is_bounded_by_the_depth(depth: int) -> None:
    """The producer never runs more than the queue's depth (plus the items in hand) ahead."""
    taken = 0
    lead: list[int] = []

    def items() -> Iterator[int]:
        for i in range(60):
            lead.append(i - taken)
            yield i

    for _ in prefetch(items(), depth=depth):
        time.sleep(0.001)  # a slow consumer: an unbounded reader would race ahead
        taken += 1
    assert taken == 60
    # queued (depth), being handed over (1), received but not yet counted (1)
    assert max(lead) <= depth + 2


def test_stopping_early_closes_the_source_and_ends_the_thread() -> None:
    closed = threading.Event()

    def items() -> Iterator[int]:
        try:
            yield from range(10**9)
        finally:
            closed.set()

    it = prefetch(items())
    assert [next(it), next(it)] == [0, 1]
    it.close()  # type: ignore[attr-defined]
    assert closed.is_set()
    assert not _read_ahead_threads()


def test_background_returns_or_raises() -> None:
    assert Background(lambda: 6 * 7).result() == 42

    def fail() -> int:
        raise OSError("unreadable")

    with pytest.raises(OSError, match="unreadable"):
        Background(fail).result()


@pytest.mark.parametrize("data", [b"", b"a", b"a\n", b"a\nb", b"a\r\nb\r\n", b"\n\n\n",
                                  b"x,y\n" * 1_200_000 + b"tail"])
def test_line_count(tmp_path: Path, data: bytes) -> None:
    """Lines as the csv module numbers them: newlines, plus a last line without one."""
    f = tmp_path / "f.csv"
    f.write_bytes(data)
    assert _lines(f) == data.count(b"\n") + (data[-1:] not in (b"", b"\n"))


def _gdelt(path: Path, n: int, bad_at: int | None = None) -> Path:
    actors = ["CHN", "RUS", "USA", "IND"]
    rows = ["SQLDATE,Actor1CountryCode,Actor2CountryCode,EventCode"]
    for i in range(n):
        date = "2023-02-30" if i == bad_at else f"2023{i % 12 + 1:02d}15"
        rows.append(f"{date},{actors[i % 4]},{actors[(i + 1) % 4]},0{i % 9 + 1}0")
    path.write_text("\n".join(rows) + "\n")
    return path


def test_strict_error_mid_file_leaves_no_reader_running(tmp_path: Path) -> None:
    f = _gdelt(tmp_path / "e.csv", 5000, bad_at=130)
    with pytest.raises(EventDataError) as err:
        aggregate(f, strict=True, chunk_rows=64, read_engine="pyarrow")
    assert "line 132" in str(err.value)
    assert not _read_ahead_threads()


def test_pyarrow_chunks_are_the_csv_modules(tmp_path: Path) -> None:
    """Read ahead or not, the chunks hold the same rows and line numbers."""
    f = _gdelt(tmp_path / "e.csv", 3000)
    chunks = {e: list(read_chunks(f, chunk_rows=500, engine=e)[1])  # type: ignore[arg-type]
              for e in ("csv", "pyarrow")}
    for a, b in zip(chunks["csv"], chunks["pyarrow"], strict=True):
        assert a.lines.tolist() == b.lines.tolist()
        for role, col in a.columns.items():
            other = b.columns[role]
            assert [col.uniques[i] for i in col.index] == \
                [other.uniques[i] for i in other.index]  # type: ignore[union-attr]


def test_dense_cells_and_sparse_keys_give_the_same_table(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The dense counters' ordered rows equal the sparse keys' (name order, not id order)."""
    rng = np.random.default_rng(5)
    names = ["ZAF", "CHN", "RUS", "USA", "IND", "BRA", "AUS"]
    rows = ["SQLDATE,Actor1CountryCode,Actor2CountryCode,EventCode"]
    for _ in range(4000):
        a, b = rng.choice(len(names), 2, replace=False)
        rows.append(f"20{rng.integers(20, 24)}{rng.integers(1, 13):02d}01,{names[a]},"
                    f"{names[b]},{rng.choice(['010', '042', '112', '190', '0311'])}")
    f = tmp_path / "e.csv"
    f.write_text("\n".join(rows) + "\n")
    for dyads in ("undirected", "directed"):
        dense = aggregate(f, period="month", dyads=dyads, chunk_rows=333)  # type: ignore[arg-type]
        monkeypatch.setattr(cells_mod, "MAX_ACTORS", 0)  # every chunk takes sparse keys
        sparse = aggregate(f, period="month", dyads=dyads, chunk_rows=333)  # type: ignore[arg-type]
        monkeypatch.undo()
        assert dense.to_records() == sparse.to_records()
        assert dense["events"].sum() == 4000


# --- dates and quad classes encoded from their bytes ------------------------------------

def test_eight_digit_dates_and_one_character_quads_read_from_bytes(tmp_path: Path) -> None:
    """Bad values of the usual width take the byte path and give the csv module's table."""
    from relindex.events import textcols

    pa = pytest.importorskip("pyarrow")
    dates = ["20230105", "20230230", "00010105", "20240229", "20230229", "99999999",
             "00000000", "20231301", "20230131"]
    quads = ["1", "4", "5", "x", "0", "-", "2", "3", "~"]
    enc = textcols.text_column(pa.array(dates), "date")
    assert enc is not None and [enc.uniques[i] for i in enc.index] == dates
    enc = textcols.text_column(pa.array(quads), "quad")
    assert enc is not None and [enc.uniques[i] for i in enc.index] == quads
    for other in (["2023-01-05"], ["2023010"], ["２０２３0105"], ["2023010x"], [" 2023010"]):
        assert textcols.text_column(pa.array(other), "date") is None
    for other in (["10"], [""], ["é"]):
        assert textcols.text_column(pa.array(other), "quad") is None
    assert textcols.text_column(pa.array(["CHN"]), "source") is None
    sliced = pa.array(["x", "20230105", "20230106"]).slice(1)
    enc = textcols.text_column(sliced, "date")
    assert enc is not None and [enc.uniques[i] for i in enc.index] == ["20230105", "20230106"]

    rows = ["SQLDATE,Actor1CountryCode,Actor2CountryCode,EventCode,QuadClass"]
    for i in range(900):
        rows.append(f"{dates[i % 9] if i % 7 == 0 else '20230115'},CHN,RUS,042,"
                    f"{quads[i % 9] if i % 5 == 0 else '1'}")
    f = tmp_path / "e.csv"
    f.write_text("\n".join(rows) + "\n")
    by_engine = {e: aggregate(f, period="month", read_engine=e, chunk_rows=100)  # type: ignore[arg-type]
                 for e in ("csv", "pyarrow")}
    assert by_engine["csv"].to_records() == by_engine["pyarrow"].to_records()
    assert by_engine["csv"].malformed == by_engine["pyarrow"].malformed
    assert by_engine["csv"].malformed_first == by_engine["pyarrow"].malformed_first
    assert set(by_engine["csv"].malformed) == {"bad_date", "bad_quad"}
    messages = []
    for e in ("csv", "pyarrow"):
        with pytest.raises(EventDataError) as err:
            aggregate(f, strict=True, read_engine=e)  # type: ignore[arg-type]
        messages.append(str(err.value))
    assert messages[0] == messages[1]
