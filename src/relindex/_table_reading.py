"""Readers of a CSV table's text into columns of strings.

Three readers, one chosen per table by `relindex.tables`: a few passes over the whole
text for tables with no quoting, pyarrow's CSV reader for large tables, and the csv
module for everything else (it names the bad row).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._ids import IdCheck, offsets_values
from .errors import EvidenceError, InputFileError

__all__ = ["Columns", "Sheet", "find_byte", "read_arrow", "read_csv_module", "read_plain"]


def _factorise(col: list[str]) -> tuple[list[str], NDArray[np.int32]]:
    """Distinct values in order of first appearance, and each cell's code."""
    uniq = list(dict.fromkeys(col))
    index = {v: i for i, v in enumerate(uniq)}
    codes = np.fromiter(map(index.__getitem__, col), dtype=np.int32, count=len(col))
    return uniq, codes


def _split_plain(text: str) -> tuple[list[str], list[list[str]], NDArray[np.int_]] | None:
    """Split a table with no quoting into columns in a few passes over the whole text.

    Returns None (the caller then uses the csv module) when the text has quotes or
    carriage returns, a blank line, or rows whose field count differs from the header's.
    """
    if '"' in text or "\r" in text or not text:
        return None
    body_text = text[:-1] if text.endswith("\n") else text
    head, sep, rest = body_text.partition("\n")
    header = [h.strip() for h in head.split(",")]
    width = len(header)
    if not sep or not rest:
        return (header, [[] for _ in header], np.zeros(0, dtype=int)) if not rest else None
    raw = np.frombuffer(rest.encode("utf-8"), dtype=np.uint8)
    newlines = np.flatnonzero(raw == 10)
    n_rows = len(newlines) + 1
    if (len(newlines) and np.any(np.diff(newlines) == 1)) or (len(raw) and raw[0] == 10):
        return None  # a blank line
    commas = np.flatnonzero(raw == 44)
    per_line = np.bincount(np.searchsorted(newlines, commas), minlength=n_rows)
    if len(commas) != n_rows * (width - 1) or np.any(per_line != width - 1):
        return None
    cells = rest.replace("\n", ",").split(",")
    cols = [cells[k::width] for k in range(width)]
    return header, cols, np.arange(2, n_rows + 2)


class Columns:
    """A table's columns, as Python lists or as Arrow arrays, behind one interface."""

    def __init__(self, lists: dict[str, list[str]] | None = None,
                 arrow: dict[str, Any] | None = None, n_rows: int = 0,
                 id_check: IdCheck | None = None) -> None:
        self.lists = lists or {}
        self.arrow = arrow or {}
        self.n_rows = n_rows
        self.id_check = id_check
        """The check of the Arrow id column, when the reader started it (else None)."""
        self._facts: dict[str, tuple[list[str], NDArray[np.int32]]] = {}

    def __contains__(self, name: str) -> bool:
        return name in self.lists or name in self.arrow

    def head(self, n: int) -> Columns:
        """The first `n` rows (slices of the same memory for Arrow columns; no id check)."""
        return Columns({h: c[:n] for h, c in self.lists.items() if h not in self.arrow},
                       {h: a.slice(0, n) for h, a in self.arrow.items()}, min(n, self.n_rows))

    def strings(self, name: str) -> list[str]:
        """The cells of a column as strings (numbers as they print; nulls empty)."""
        if name not in self.lists:
            arr = self.arrow[name]
            if _is_dictionary(arr):
                words = [v or "" for v in arr.dictionary.to_pylist()]
                self.lists[name] = [words[c] for c in _codes(arr)]
            elif _is_text(arr):
                self.lists[name] = ["" if v is None else v for v in arr.to_pylist()]
            else:
                self.lists[name] = ["" if v is None or v != v else repr(v)
                                    for v in arr.to_pylist()]
        return self.lists[name]

    def fact(self, name: str) -> tuple[list[str], NDArray[np.int32]]:
        """Distinct values (in order of first appearance) and each cell's code."""
        if name not in self._facts:
            if name in self.arrow:
                arr = self.arrow[name]
                word = None if _is_dictionary(arr) else _one_word(arr)
                if word is not None:  # one value in every cell: nothing to encode
                    self._facts[name] = [word], np.zeros(len(arr), dtype=np.int32)
                else:
                    if hasattr(arr, "num_chunks"):  # a column kept in the reader's chunks
                        arr = self.arrow[name] = arr.combine_chunks()
                    enc = arr if _is_dictionary(arr) else arr.dictionary_encode()
                    self._facts[name] = _first_seen(enc.dictionary.to_pylist(), _codes(enc))
            else:
                self._facts[name] = _factorise(self.lists[name])
        return self._facts[name]

    def nonempty(self, name: str) -> NDArray[np.bool_]:
        """Which cells hold something other than whitespace."""
        uniq, code = self.fact(name)
        full = np.array([bool(u.strip()) for u in uniq], dtype=bool)
        return full[code] if self.n_rows else np.zeros(0, dtype=bool)

    def floats(self, name: str) -> NDArray[np.float64]:
        """A column parsed as numbers in one pass; ValueError if a cell is not one."""
        if name in self.arrow:
            import pyarrow as pa
            import pyarrow.compute as pc

            arr = self.arrow[name]
            if pa.types.is_float64(arr.type) and not arr.null_count:
                return plain_numbers(arr, np.float64)
            try:
                return np.asarray(pc.cast(arr, pa.float64()).to_numpy(
                    zero_copy_only=False), dtype=float)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                raise ValueError(name) from None
        return np.array(self.lists[name], dtype=float) if self.n_rows else np.zeros(0)


def _one_word(arr: Any) -> str | None:
    """The string every cell of a string array holds, if one does (None: several, nulls).

    Found from the array's buffers (every offset a multiple of the first cell's length,
    every cell's bytes the first's): no string is made but that one. A chunked array
    is looked at chunk by chunk.
    """
    if not _is_text(arr) or not len(arr) or arr.null_count:
        return None
    if hasattr(arr, "num_chunks"):
        words = {_one_word(a) for a in arr.chunks if len(a)}
        return words.pop() if len(words) == 1 else None
    off, values = offsets_values(arr)
    width = int(off[1])
    first = values[:width].tobytes()
    if int(off[-1]) != width * len(arr) or values[int(off[-2]):].tobytes() != first:
        return None  # (a column of several values most often ends on another)
    if not (np.diff(off) == width).all():
        return None
    # the bytes compared as two bytes objects (memcmp), not as a (rows, width) array
    if width and values.tobytes() != first * len(arr):
        return None
    return first.decode("utf-8")


def _is_dictionary(arr: Any) -> bool:
    import pyarrow as pa

    return bool(pa.types.is_dictionary(arr.type))


def _is_text(arr: Any) -> bool:
    import pyarrow as pa

    return bool(pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type))


def plain_numbers(arr: Any, dtype: Any) -> Any:
    """A view of a primitive Arrow array without nulls as a numpy array (no copy).

    Read from the array's buffer: ``Array.to_numpy`` may import pandas.
    """
    buf = arr.buffers()[1]
    return np.frombuffer(buf, dtype=dtype)[arr.offset:arr.offset + len(arr)]


def _codes(enc: Any) -> NDArray[np.int32]:
    """The codes of a dictionary array without nulls, as int32."""
    import pyarrow as pa

    idx = enc.indices
    if idx.type != pa.int32():
        idx = idx.cast(pa.int32())
    out: NDArray[np.int32] = plain_numbers(idx, np.int32)
    return out


def _first_seen(uniq: list[str | None], code: NDArray[np.int32]
                ) -> tuple[list[str], NDArray[np.int32]]:
    """Distinct values in order of first appearance, and each cell's code.

    A dictionary read from CSV is already in that order (checked in one pass over the
    codes); one read from Parquet may hold its values in any order, or unused ones.
    """
    words = [u or "" for u in uniq]
    if not len(code):
        return [], code
    if len(set(words)) < len(words):  # a dictionary may hold a value twice
        canon: dict[str, int] = {}
        code = np.array([canon.setdefault(w, k) for k, w in enumerate(words)],
                        dtype=np.int32)[code]
    if _in_first_seen_order(code, len(words)):
        return words, code
    used, first = np.unique(code, return_index=True)
    used = used[np.argsort(first, kind="stable")]
    remap = np.zeros(len(words), dtype=np.int32)
    remap[used] = np.arange(len(used), dtype=np.int32)
    return [words[k] for k in used], remap[code]


def _in_first_seen_order(code: NDArray[np.int32], k: int, block: int = 1 << 16) -> bool:
    """Whether codes 0..k-1 each occur, each first after the one before it.

    The running maximum may grow by at most one a row, and ends at k - 1. It is
    computed only over blocks that hold a code above every code before them: once all
    codes have been seen (a few rows into an indicator or period column), a block costs
    one maximum; a sorted block whose codes grow by at most one is its own running maximum.

    >>> bool(_in_first_seen_order(np.array([0, 0, 1, 0, 2, 1], dtype=np.int32), 3, 2))
    True
    >>> bool(_in_first_seen_order(np.array([0, 1, 2, 3, 0, 2, 4], dtype=np.int32), 5, 4))
    True
    >>> bool(_in_first_seen_order(np.array([0, 2, 1], dtype=np.int32), 3))
    False
    """
    top = -1
    for lo in range(0, len(code), block):
        part = code[lo:lo + block]
        if int(part.max()) <= top:
            continue  # no code here that was not seen before
        step = np.diff(part)
        sorted_by_one = not len(step) or (int(step.min()) >= 0 and int(step.max()) <= 1)
        if int(part[0]) <= top + 1 and sorted_by_one:
            # a sorted block (a sorted column) whose codes grow by at most one: its own
            # running maximum, which grows by at most one a row (no running maximum taken)
            top = max(top, int(part[-1]))
            continue
        run = np.maximum(np.maximum.accumulate(part), top)  # the running maximum so far
        if int(run[0]) > top + 1 or not bool((np.diff(run) <= 1).all()):
            return False
        top = int(run[-1])
    return top == k - 1


#: Columns read as numbers by the typed read (the others as dictionaries of strings).
NUMERIC = ("value",)


#: Columns read as plain strings (not dictionaries) by the typed read: the ids (each
#: distinct), and the unit (one value in most tables: found by comparing bytes,
#: `Columns.fact`).
PLAIN = ("id", "unit")


def _arrow_csv(data: bytes | memoryview, header: list[str], typed: bool) -> Any:
    """Read the body with pyarrow: typed (numbers, dictionaries, plain strings) or all strings."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    # typed: text as bytes (`_as_text` makes it strings, checking UTF-8 once a distinct
    # value, or once a chunk of ids or units, and only where a byte is not ASCII)
    cat = pa.dictionary(pa.int32(), pa.binary())
    types = {h: (pa.float64() if h in NUMERIC else pa.binary() if h in PLAIN else cat)
             if typed else pa.string() for h in header}
    return pacsv.read_csv(
        pa.py_buffer(data),
        read_options=pacsv.ReadOptions(column_names=header, skip_rows=1, block_size=1 << 24),
        # typed: a blank line is a row of empty cells (which the number column refuses)
        parse_options=pacsv.ParseOptions(newlines_in_values=False, ignore_empty_lines=not typed),
        convert_options=pacsv.ConvertOptions(
            column_types=types, null_values=[], strings_can_be_null=False,
            quoted_strings_can_be_null=False))


def find_byte(data: bytes | memoryview, byte: bytes, step: int = 1 << 16) -> int:
    r"""Position of the first `byte` in `data` (-1: none); a view is searched by slices.

    >>> find_byte(memoryview(b"ab\ncd\n"), b"\n", step=2)
    2
    """
    if isinstance(data, bytes):
        return data.find(byte)
    for lo in range(0, len(data), step):
        k = data[lo:lo + step].tobytes().find(byte)
        if k >= 0:
            return lo + k
    return -1


def _count_newlines(data: bytes | memoryview) -> int:
    r"""Number of newline bytes, counted by numpy in 8 MiB slices (faster than `bytes.count`).

    >>> _count_newlines(b"a\nb\n\n")
    3
    """
    v = np.frombuffer(data, dtype=np.uint8)
    step = 1 << 23
    return sum(int(np.count_nonzero(v[k:k + step] == 10)) for k in range(0, len(v), step))


def _arrow_columns(data: bytes | memoryview, header: list[str]
                   ) -> tuple[dict[str, Any], int] | None:
    """Read a CSV table's body with pyarrow; None to fall back.

    Numbers are read as numbers and every other column but the ids as a dictionary
    (distinct strings and a code per row); a table whose numbers do not all parse is
    read again as strings, so that the value check names the bad row. Falls back (to the
    csv module, which names the bad row) for anything unusual: blank lines, carriage
    returns, ragged rows.
    """
    try:
        import pyarrow as pa
    except ImportError:
        return None
    if find_byte(data, b"\r") >= 0:
        return None
    if len(set(header)) != len(header):
        return None  # the header check names the duplicate
    typed = any(h in NUMERIC for h in header)
    try:
        tbl = _arrow_csv(data, header, typed=True)
    except (pa.ArrowInvalid, ValueError):
        typed = False
        try:
            tbl = _arrow_csv(data, header, typed=False)
        except (pa.ArrowInvalid, ValueError):
            return None
    # a blank line is skipped by the untyped read (then rows would lose their line
    # numbers); the typed read of a number column refuses it (an empty number)
    ends_line = bytes(data[-1:]) == b"\n"
    if not typed and tbl.num_rows != _count_newlines(data) + (not ends_line) - 1:
        return None
    # the ids and the unit stay in the reader's chunks (the ids are never copied; the unit
    # is joined only if it holds more than one value)
    cols = {h: tbl.column(h) if h in PLAIN else tbl.column(h).combine_chunks()
            for h in header}
    try:
        return {h: _as_text(c) for h, c in cols.items()}, tbl.num_rows
    except pa.ArrowInvalid:
        return None  # bytes that are not UTF-8: declined, as a read of them as strings is


def _as_text(col: Any) -> Any:
    """A column the typed read took as bytes, as strings (pyarrow.ArrowInvalid if not UTF-8).

    A dictionary has its distinct values cast (checked); a chunk of plain bytes that are
    all ASCII (one maximum over them) is UTF-8 as it is and becomes a view of the same
    memory, any other chunk is cast. Numbers and strings are returned as they are.
    """
    import pyarrow as pa

    if pa.types.is_dictionary(col.type):
        return col.cast(pa.dictionary(pa.int32(), pa.string()))
    if not pa.types.is_binary(col.type):
        return col
    chunks = []
    for chunk in col.chunks:
        _, values = offsets_values(chunk)
        ascii_only = not len(values) or int(values.max()) < 0x80
        chunks.append(chunk.view(pa.string()) if ascii_only else chunk.cast(pa.string()))
    return pa.chunked_array(chunks, type=pa.string())


@dataclass(frozen=True, kw_only=True)
class Sheet:
    """A table's header and columns of strings, with the file line of each row."""

    header: list[str]
    columns: Columns
    line: NDArray[np.int_]
    """Line of each row in the file (the header is line 1)."""
    ragged: EvidenceError | None = None
    """The error of the first row whose field count is not the header's, if one is: the
    sheet then holds the rows before it (`relindex.tables` reports an earlier bad row
    first)."""

    @property
    def n_rows(self) -> int:
        """Number of rows (blank lines aside)."""
        return self.columns.n_rows

    def head(self, n: int) -> Sheet:
        """The first `n` rows (for a search of an earlier bad row than one found)."""
        return Sheet(header=self.header, columns=self.columns.head(n), line=self.line[:n])


HeaderCheck = Callable[[list[str]], None]
"""Refuses a bad header before the rows are read (duplicated or unknown columns)."""


def read_arrow(path: Path, head: str, data: bytes | memoryview,
               check: HeaderCheck) -> Sheet | None:
    """Read a large table with pyarrow's CSV reader; None when it cannot (fall back).

    `head` is the table's first line, decoded (the rest is never decoded to one str).
    """
    head_cells = next(csv.reader(io.StringIO(head, newline="")), [])
    if not head_cells:
        return None
    header = [h.strip() for h in head_cells]
    arrow = _arrow_columns(data, header)
    if arrow is None:
        return None
    check(header)
    ids = arrow[0].get("id")
    # the ids' check (the record-id rule, then distinct ids) runs in threads from here on
    id_check = IdCheck(ids, pattern=True) if ids is not None and arrow[1] else None
    return Sheet(header=header, columns=Columns(None, arrow[0], arrow[1], id_check),
                 line=np.arange(2, arrow[1] + 2))


def read_plain(path: Path, text: str, check: HeaderCheck) -> Sheet | None:
    """Read a table with no quoting in a few passes; None when it has any (fall back)."""
    fast = _split_plain(text)
    if fast is None:
        return None
    header, cols_list, line = fast
    check(header)
    return Sheet(header=header, columns=Columns(dict(zip(header, cols_list, strict=True)),
                                                None, len(line)), line=line)


def read_csv_module(path: Path, text: str, check: HeaderCheck) -> Sheet:
    """Read any table with the csv module, up to a row with more or fewer fields than the header.

    Such a row's error is the sheet's `Sheet.ragged` (naming the row, its field count
    and the header's), and the sheet holds the rows before it.
    """
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as e:
        raise InputFileError(f"is not a valid CSV table ({e})", path=path) from None
    if not rows:
        raise EvidenceError("has no header row", path=path,
                            fix="start the file with id,indicator,period,value,unit")
    header = [h.strip() for h in rows[0]]
    body = rows[1:]
    line = np.arange(2, len(body) + 2)
    if not all(body):  # blank lines are skipped; rows keep their line numbers
        keep_rows = [n for n, r in enumerate(body) if r]
        body = [body[n] for n in keep_rows]
        line = np.array(keep_rows, dtype=int) + 2
    check(header)
    width = len(header)
    ragged = None
    n = next((n for n, r in enumerate(body) if len(r) != width), None)
    if n is not None:
        ragged = _ragged(path, int(line[n]), body[n], width)
        body, line = body[:n], line[:n]
    lists: dict[str, list[str]] = {h: [] for h in header}
    if body:
        lists = {h: list(c) for h, c in zip(header, zip(*body, strict=True), strict=True)}
    return Sheet(header=header, columns=Columns(lists, None, len(body)), line=line,
                 ragged=ragged)


def _ragged(path: Path, line: int, fields: list[str], width: int) -> EvidenceError:
    """The error of a row with more or fewer fields than the header's `width`."""
    return EvidenceError(
        f"has {len(fields)} field{'' if len(fields) == 1 else 's'}, expected {width} as in "
        "the header", path=path, key=f"row {line}", value=",".join(fields),
        fix="quote fields that contain commas" if len(fields) > width else
        "give every column a field, an empty one where there is no value (a,b,,)")
