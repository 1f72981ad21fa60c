"""The id column's checks (`relindex._ids`): the memory they take, counted, not timed."""

from __future__ import annotations

import tracemalloc
from typing import Any

import numpy as np
import pytest

from relindex import _ids

pa = pytest.importorskip("pyarrow")


def _ids_column(n: int, chunks: int = 1) -> Any:
    ids = [f"E{k // 200:05d}-{2000 + k % 200 // 20}-{k % 20}" for k in range(n)]
    step = -(-n // chunks)
    return pa.chunked_array([pa.array(ids[lo:lo + step]) for lo in range(0, n, step)])


def _peak(fn: Any) -> tuple[Any, int]:
    """What `fn` returns, and the peak of the memory traced while it ran (bytes)."""
    tracemalloc.start()
    try:
        out = fn()
        return out, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_id_rule_reads_the_bytes_by_slices() -> None:
    """The record-id rule is checked by small slices of the ids' bytes, never a whole copy."""
    arr = _ids_column(200_000).chunk(0)
    _, values = _ids.offsets_values(arr)
    ok, peak = _peak(lambda: _ids.arrow_ids_ok(arr))
    assert ok
    # the lengths (4 bytes an id) and first bytes (1) are arrays; the bytes are not copied
    assert peak < 5 * len(arr) + len(values) // 4


def test_an_id_checks_hashes_fill_one_array_never_joined(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The hashes of every part and chunk are written into one array, sorted in place."""
    joined: list[int] = []
    concatenate = np.concatenate

    def counting(arrays: Any, *a: Any, **k: Any) -> Any:
        joined.append(len(arrays))
        return concatenate(arrays, *a, **k)

    monkeypatch.setattr(np, "concatenate", counting)
    arr = _ids_column(60_000, chunks=3)
    assert _ids.IdCheck(arr, pattern=True).result()
    assert _ids._distinct_hashes(arr)
    dup = pa.chunked_array([*arr.chunks, pa.array([arr.chunk(0)[5].as_py()])])
    assert not _ids.IdCheck(dup).result() and not _ids._distinct_hashes(dup)
    assert joined == []
