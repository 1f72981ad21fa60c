"""Record ids of a table's rows, kept whole: one Arrow string column or one list.

A large table's ids are read, checked and carried as one column: an id becomes a
Python string only when something asks for that row (an explanation, an error, an
excluded row), so loading and scoring two million rows makes no two million strings.
Tables read without pyarrow keep their ids as a list, behind the same interface.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

import numpy as np
from numpy.typing import NDArray

from ._background import Background
from .models import ID_MAX_LENGTH

__all__ = ["ChainedIds", "IdCheck", "IdColumn", "arrow_ids_ok", "offsets_values"]

_CHUNK = 1 << 16
"""Bytes checked at a time: each slice's copy stays in cache and in memory already
mapped (a slice of megabytes would be a fresh mapping of its own, page by page)."""


_ID_BYTES = b"-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
"""The bytes an id may hold (``ID_PATTERN``); its first byte, not '_', '.' or '-'."""
_ID_FIRST = _ID_BYTES.translate(None, b"_.-")


def offsets_values(arr: Any) -> tuple[NDArray[Any], NDArray[np.uint8]]:
    """The offsets (from 0) and value bytes of an Arrow string array without nulls.

    Views of the array's buffers (int32 offsets for a string array, int64 for a large
    one): a copy only where the array is a slice whose offsets do not start at 0.
    """
    import pyarrow as pa

    width = np.int64 if pa.types.is_large_string(arr.type) else np.int32
    bufs = arr.buffers()
    off = np.frombuffer(bufs[1], dtype=width)[arr.offset:arr.offset + len(arr) + 1]
    values = np.frombuffer(bufs[2], dtype=np.uint8) if bufs[2] is not None else np.zeros(
        0, np.uint8)
    first, last = int(off[0]), int(off[-1])
    return (off - off[0] if first else off), values[first:last]


def _only(v: NDArray[np.uint8], allowed: bytes) -> bool:
    """Whether every byte of `v` is one of `allowed` (`bytes.translate`, by slices)."""
    return not any(v[k:k + _CHUNK].tobytes().translate(None, allowed)
                   for k in range(0, len(v), _CHUNK))


def _chunks(arr: Any) -> list[Any]:
    """The arrays of an Arrow chunked array (kept as the reader left them), or `arr`."""
    return list(arr.chunks) if hasattr(arr, "num_chunks") else [arr]


def arrow_ids_ok(arr: Any) -> bool:
    """Every id of an Arrow string array (or chunked array) matches the record-id pattern.

    One pass over the array's bytes (`bytes.translate` deleting the bytes an id may
    hold leaves nothing) and one over its offsets (lengths, first bytes): no id becomes
    a Python string. False also for nulls: the caller then checks the ids one by one,
    naming the first bad one.
    """
    return all(_chunk_ok(a) for a in _chunks(arr))


def _chunk_ok(arr: Any) -> bool:
    """`arrow_ids_ok` of one array."""
    if len(arr) == 0:
        return True
    if arr.null_count:
        return False
    off, values = offsets_values(arr)
    width = np.diff(off)
    if int(width.min()) < 1 or int(width.max()) > ID_MAX_LENGTH:
        return False
    return _only(values[off[:-1]], _ID_FIRST) and _only(values, _ID_BYTES)


_MIX = np.uint64(0x9E3779B97F4A7C15)
_TAIL = np.array([(1 << (8 * n)) - 1 for n in range(9)], dtype=np.uint64)
"""The mask of a word's first n bytes (little-endian)."""


def _hashes(arr: Any, block: int = 1 << 15,
            out: NDArray[np.uint64] | None = None) -> NDArray[np.uint64]:
    """A 64-bit hash of each string of an Arrow array without nulls, by eight-byte words.

    Each id's bytes are read as little-endian words straight from the array's bytes
    (an unaligned view: no copy of the bytes, but for the last few ids, read from a
    zero-padded copy of the end), the bytes past its end masked off, and mixed with its
    length; `block` ids at a time, so that the temporaries stay in cache. Written into
    `out` when given (one per string), so that the hashes of a column's chunks and parts
    fill one array, never joined.
    """
    off, values = offsets_values(arr)
    start, width = off[:-1], np.diff(off)
    n = len(values)
    if out is None:
        out = np.empty(len(start), dtype=np.uint64)
    # the words of the longest id are read; each id mixes only its own (`_mix`)
    longest = int(width.max()) if len(width) else 0
    # ids whose words all lie inside the bytes are read in place; the rest from a copy
    cut = int(np.searchsorted(start, n - longest - 8, side="right"))
    if cut:
        words = np.ndarray((n - 7,), dtype="<u8", buffer=values.data, strides=(1,))
        _mix(words, start[:cut], width[:cut], longest, block, out[:cut])
    if cut < len(start):
        base = int(start[cut])
        padded = np.zeros(n - base + longest + 8, dtype=np.uint8)
        padded[:n - base] = values[base:]
        words = np.ndarray((len(padded) - 7,), dtype="<u8", buffer=padded.data, strides=(1,))
        _mix(words, start[cut:] - base, width[cut:], longest, block, out[cut:])
    return out


def _mix(words: NDArray[np.uint64], start: NDArray[np.int64], width: NDArray[np.int64],
         longest: int, block: int, out: NDArray[np.uint64]) -> None:
    """Hash each id (`start`, `width`) of the word view `words` into `out`, by blocks."""
    for lo in range(0, len(start), block):
        at, wide = start[lo:lo + block], width[lo:lo + block]
        h = wide.astype(np.uint64) * _MIX
        shortest = int(wide.min())
        for k in range(0, longest, 8):
            word = words[at + k]
            if shortest < k + 8:  # some ids end inside this word: mask their tails
                word &= _TAIL[np.clip(wide - k, 0, 8)]
            word ^= h
            word *= _MIX
            word ^= word >> np.uint64(31)
            # an id mixes only the words it has, so that its hash is the same in any
            # array, whatever the longest id beside it (ids that ended keep theirs)
            h = word if shortest > k else np.where(wide > k, word, h)
        out[lo:lo + block] = h


def _distinct_hashes(arr: Any) -> bool:
    """True when the 64-bit hashes of an Arrow array without nulls are all distinct.

    Then so are its strings; False leaves it open (two ids, or two hashes, are equal).
    A chunked array is hashed chunk by chunk (an id hashes alike in any chunk).
    """
    return _all_distinct(_chunk_hashes(arr))


def _chunk_hashes(arr: Any, out: NDArray[np.uint64] | None = None) -> NDArray[np.uint64]:
    """The hashes of every string of an array or chunked array without nulls, in order.

    Each chunk's are written into its own slice of `out` (made when not given).
    """
    if out is None:
        out = np.empty(len(arr), dtype=np.uint64)
    lo = 0
    for a in _chunks(arr):
        _hashes(a, out=out[lo:lo + len(a)])
        lo += len(a)
    return out


def _all_distinct(h: NDArray[np.uint64]) -> bool:
    """No hash occurs twice in `h` (sorted in place)."""
    h.sort()
    return not bool((h[1:] == h[:-1]).any())


def _distinct_arrow(arr: Any) -> bool:
    """No string of an Arrow array occurs twice (64-bit hashes sorted; Arrow on a tie)."""
    import pyarrow.compute as pc

    if not arr.null_count and _distinct_hashes(arr):
        return True  # distinct hashes: distinct ids (equal ones are compared below)
    return len(pc.unique(arr)) == len(arr)


class _Part:
    """One part of an id column checked in a thread: the record-id rule, then hashes.

    The hashes are written into `out` (the part's slice of the column's hashes); the
    job's value says whether they were. Once `stopped` is set, the part hashes nothing
    more (its value is then False).
    """

    def __init__(self, arr: Any, pattern: bool, stopped: threading.Event,
                 out: NDArray[np.uint64]) -> None:
        self.formed: bool | None = None if pattern else True
        self.formed_known = threading.Event()
        self._stopped = stopped
        self.job = Background(lambda: self._run(arr, out))

    def _run(self, arr: Any, out: NDArray[np.uint64]) -> bool:
        try:
            if self.formed is None and not self._stopped.is_set():
                self.formed = arrow_ids_ok(arr)
        finally:
            self.formed_known.set()
        if self._stopped.is_set() or not self.formed or arr.null_count:
            return False
        _chunk_hashes(arr, out)
        return True


class IdCheck:
    """Whether an Arrow id column's hashes are all distinct, found in threads.

    Started as soon as the column is read, while the other columns are checked, and
    read (joined) by the loader's duplicate check: numpy releases the GIL over the hashes
    and their sort, so on a machine with a spare core the check takes no time of its
    own. The column is hashed in `parts` parts at once (halves by default), each into
    its slice of one array of hashes, which is then sorted in place. The verdict is the
    same either way.

    With `pattern`, each part is first checked against the record-id rule
    (`arrow_ids_ok`, read by `well_formed`) and hashed only when it passes: for a column
    read before the others (a Parquet table's), whose check then runs while the rest of
    the table is read.
    """

    def __init__(self, arr: Any, *, pattern: bool = False, parts: int = 2) -> None:
        self._pattern = pattern
        self._stopped = threading.Event()
        n = len(arr)
        step = -(-n // max(1, min(parts, n))) if n else 1
        # contiguous parts (slices share the column's memory): together, the column
        hashes = np.empty(n, dtype=np.uint64)
        self._parts = [_Part(arr.slice(lo, step), pattern, self._stopped,
                             hashes[lo:lo + step]) for lo in range(0, n, step)]
        self._hashes: NDArray[np.uint64] | None = hashes
        self._verdict = Background(self._sorted)  # the parts' hashes sorted, in a thread

    def stop(self) -> None:
        """Stop the check (its threads do no further step) and join its threads.

        For a loader that refuses the table before it needs the verdict: no thread of the
        check outlives the error.
        """
        self._stopped.set()
        for p in self._parts:
            p.job.wait()
        self._verdict.wait()

    def well_formed(self) -> bool | None:
        """Whether every id follows the record-id rule; None when this check does not look.

        Waits for that part of the threads' work only.
        """
        if not self._pattern:
            return None
        for p in self._parts:
            p.formed_known.wait()
        return all(bool(p.formed) for p in self._parts)

    def _sorted(self) -> bool:
        hashed = [p.job.result() for p in self._parts]
        hashes, self._hashes = self._hashes, None  # let go of once sorted
        if not all(hashed) or self._stopped.is_set():  # a bad id, a null, or stopped
            return False  # left open
        return _all_distinct(hashes) if hashes is not None and len(hashes) else True

    def result(self) -> bool:
        """True when every id is distinct; False leaves it open. Waits for the threads."""
        return self._verdict.result()


class IdColumn(Sequence[str]):
    """The record ids of a table's rows, as an Arrow string column or a list of str.

    Parameters
    ----------
    data : list of str, or pyarrow string array or chunked array (as the reader left it)
    distinct : bool or IdCheck, optional
        True when the ids are known to be distinct; an `IdCheck` of `data` running.
    """

    __slots__ = ("_arrow", "_distinct", "_list")

    def __init__(self, data: list[str] | Any, *, distinct: bool | IdCheck = False) -> None:
        self._distinct = distinct
        if isinstance(data, list):
            self._list: list[str] | None = data
            self._arrow: Any = None
        else:
            self._list, self._arrow = None, data

    def _known_distinct(self) -> bool:
        """Whether the ids are known to be distinct (waiting for a running check)."""
        if isinstance(self._distinct, IdCheck):
            self._distinct = self._distinct.result()
        return self._distinct

    def __len__(self) -> int:
        return len(self._list) if self._list is not None else len(self._arrow)

    @overload
    def __getitem__(self, k: int) -> str: ...

    @overload
    def __getitem__(self, k: slice) -> IdColumn: ...

    def __getitem__(self, k: int | slice) -> str | IdColumn:
        if isinstance(k, slice):
            return self.take(np.arange(len(self))[k])
        if self._list is not None:
            return self._list[k]
        if not -len(self) <= k < len(self):
            raise IndexError(k)
        out: str = self._arrow[k].as_py()
        return out

    def __iter__(self) -> Iterator[str]:
        if self._list is not None:
            yield from self._list
            return
        step = 1 << 16
        for lo in range(0, len(self._arrow), step):
            yield from self._arrow.slice(lo, step).to_pylist()

    def __repr__(self) -> str:
        return f"IdColumn({len(self)} ids)"

    def to_list(self) -> list[str]:
        """Every id as a str (for callers that visit every row anyway)."""
        return list(self._list) if self._list is not None else self._arrow.to_pylist()

    def take(self, rows: NDArray[np.intp]) -> IdColumn:
        """The ids of some rows, in the order given."""
        if self._list is not None:
            return IdColumn([self._list[int(k)] for k in rows])
        # rows taken in increasing order (once each) from distinct ids are distinct
        once = self._known_distinct() and bool((np.diff(rows) > 0).all())
        return IdColumn(self._arrow.take(np.asarray(rows, dtype=np.int64)), distinct=once)

    def all_distinct(self) -> bool:
        """No id occurs twice (64-bit hashes sorted for an Arrow column)."""
        if self._known_distinct():
            return True
        if self._list is not None:
            return len(set(self._list)) == len(self._list)
        return _distinct_arrow(self._arrow)

    def isdisjoint(self, other: IdColumn | Iterable[str]) -> bool:
        """No id of this column is in `other`."""
        if self._arrow is None:
            mine = set(self._list or ())
            return mine.isdisjoint(other.to_list() if isinstance(other, IdColumn) else other)
        import pyarrow.compute as pc

        if isinstance(other, IdColumn):
            theirs = (_combined(other._arrow) if other._arrow is not None
                      else _arrow_strings(other._list or []))
        else:
            theirs = _arrow_strings(list(other))
        if len(theirs) == 0 or len(self) == 0:
            return True
        return not pc.any(pc.is_in(self._arrow, value_set=theirs)).as_py()


def _combined(arr: Any) -> Any:
    """One Arrow array of a chunked array's chunks (`arr` itself if it is one)."""
    return arr.combine_chunks() if hasattr(arr, "num_chunks") else arr


def _arrow_strings(words: list[str]) -> Any:
    """An Arrow string array of `words`, built from its buffers (no pandas import)."""
    import pyarrow as pa

    data = [w.encode("utf-8") for w in words]
    offsets = np.zeros(len(data) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in data], out=offsets[1:])
    return pa.Array.from_buffers(pa.large_string(), len(data),
                                 [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(data))])


class ChainedIds(Sequence[Any]):
    """Several sequences of record ids read as one (observations of a ledger, then tables)."""

    __slots__ = ("_ends", "_parts")

    def __init__(self, parts: list[Sequence[Any]]) -> None:
        self._parts = parts
        self._ends = np.cumsum([len(p) for p in parts])

    def __len__(self) -> int:
        return int(self._ends[-1]) if len(self._ends) else 0

    def __getitem__(self, k: Any) -> Any:
        if isinstance(k, slice):
            return [self[j] for j in range(*k.indices(len(self)))]
        k = int(k)
        if k < 0:
            k += len(self)
        part = int(np.searchsorted(self._ends, k, side="right"))
        if not k >= 0 or part >= len(self._parts):
            raise IndexError(k)
        return self._parts[part][k - (int(self._ends[part - 1]) if part else 0)]

    def __iter__(self) -> Iterator[Any]:
        for p in self._parts:
            yield from p
