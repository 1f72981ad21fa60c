"""Readers of event files: CSV/TSV (with or without a header) and Parquet, in chunks.

Every reader yields `Chunk` objects of at most ``chunk_rows`` rows holding only the
columns a mapping needs, each *dictionary-encoded*: an integer index per row into
a short list of the distinct strings of that column in the chunk. Dates, codes,
actors and scores repeat a lot in event data, so the later parsing works on the
few distinct strings and a `numpy.take`, never on a Python object per row.

Two engines read text files:

* ``"csv"``: the standard library's `csv` module, always available;
* ``"pyarrow"``: pyarrow's streaming CSV reader (multi-threaded, columnar), used
  by default when pyarrow is installed (``pip install 'relindex[events]'``).
  It numbers lines by counting rows, so it assumes one record per line (true of
  GDELT and ICEWS exports).

Parquet always needs pyarrow.
"""

from __future__ import annotations

import csv
import operator
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import numpy as np

from ..errors import InputFileError, MissingExtraError
from .chunk import Chunk, Encoded, Values, encode
from .layout import detect_mapping, first_line, positions
from .mapping import ColumnMapping
from .prefetch import Background, prefetch
from .textcols import text_column

__all__ = ["Chunk", "Encoded", "Fallback", "ReadEngine", "Values", "detect_mapping", "have_pyarrow",
           "positions", "read_chunks"]

ReadEngine = Literal["auto", "csv", "pyarrow"]


def have_pyarrow() -> bool:
    """Whether pyarrow can be imported."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


# --- text files: csv module ------------------------------------------------------------

def _csv_chunks(path: Path, mapping: ColumnMapping, chunk_rows: int,
                needed: frozenset[str] | None = None) -> Iterator[Chunk]:
    with _open_text(path) as fh:
        reader = csv.reader(fh, delimiter=mapping.delimiter,
                            quoting=csv.QUOTE_MINIMAL if mapping.quoting else csv.QUOTE_NONE)
        try:
            names = [n.strip().lstrip("\ufeff") for n in next(reader)] if mapping.header \
                else None
        except StopIteration:
            return
        pos = positions(mapping, names, path)
        roles = [r for r in pos if needed is None or r in needed]
        idx = [pos[r] for r in roles]
        need = max(idx) + 1
        width = len(names) if names is not None else None
        get = operator.itemgetter(*idx)
        rows: list[Any] = []
        lines: list[int] = []
        short: list[int] = []
        long: list[int] = []
        try:
            for row in reader:
                if not row:
                    continue
                if len(row) < need:
                    short.append(len(rows))
                    row = row + [""] * (need - len(row))
                elif width is not None and len(row) > width:
                    long.append(len(rows))
                rows.append(get(row))
                lines.append(reader.line_num)
                if len(rows) >= chunk_rows:
                    yield _pack(path, roles, rows, lines, short, long)
                    rows, lines, short, long = [], [], [], []
        except (csv.Error, UnicodeDecodeError) as e:
            raise InputFileError(f"cannot be parsed near line {reader.line_num} ({e})",
                                 path=path, key=f"line {reader.line_num}",
                                 fix="check the delimiter and quoting (declare them in a "
                                 "mapping file)") from None
        if rows:
            yield _pack(path, roles, rows, lines, short, long)


def _pack(path: Path, roles: list[str], rows: list[Any], lines: list[int],
          short: list[int], long: list[int]) -> Chunk:
    # itemgetter of one index returns the field itself, of several a tuple
    cols = [rows] if len(roles) == 1 else list(zip(*rows, strict=True))
    s_mask = np.zeros(len(rows), bool)
    s_mask[short] = True
    l_mask = np.zeros(len(rows), bool)
    l_mask[long] = True
    return Chunk(str(path), {r: encode(c) for r, c in zip(roles, cols, strict=True)},
                 np.asarray(lines, dtype=np.int64), s_mask, l_mask)


# --- pyarrow: text ----------------------------------------------------------------------

class Fallback(Exception):
    """Raised by the pyarrow engine when the file needs the csv module's reading."""


def _lines(path: Path, stop: threading.Event | None = None) -> int:
    """Number of lines of a file (a last line without its newline counts).

    Counted by numpy in 4 MiB blocks read into one buffer (both release the GIL, so
    this runs on a thread beside the parser); -1 when `stop` is set before the end.
    """
    buf = bytearray(1 << 22)
    view, arr = memoryview(buf), np.frombuffer(buf, np.uint8)
    newline = np.empty(arr.size, bool)
    n, last = 0, 10
    with open(path, "rb", buffering=0) as fh:
        while k := fh.readinto(view):
            if stop is not None and stop.is_set():
                return -1
            np.equal(arr[:k], 10, out=newline[:k])
            n += int(np.count_nonzero(newline[:k]))
            last = int(arr[k - 1])
    return n + (last != 10)


def _arrow_chunks(path: Path, mapping: ColumnMapping, chunk_rows: int,
                  needed: frozenset[str] | None = None) -> Iterator[Chunk]:
    """Chunks of record batches that pyarrow parses on a reader thread.

    This thread turns each batch into a `Chunk` while the reader parses the next one
    and a third thread counts the file's lines.
    """
    if mapping.header:
        names = [n.strip() for n in next(csv.reader(
            [first_line(path)], delimiter=mapping.delimiter))]
    else:
        names = None
    pos = positions(mapping, names, path)
    roles = [r for r in pos if needed is None or r in needed]
    col_names = [f"f{pos[r]}" if names is None else names[pos[r]] for r in roles]
    if len(set(col_names)) < len(col_names) or (names is not None
                                                 and len(set(names)) < len(names)):
        raise Fallback  # duplicate header names: the csv module takes the first
    stop = threading.Event()
    lines = Background(lambda: _lines(path, stop))
    plain = [c for r, c in zip(roles, col_names, strict=True) if r in ("date", "quad")]
    parts = prefetch(_arrow_batches(path, mapping, col_names, plain, chunk_rows, lines))
    done = 0
    try:
        for part in parts:
            n = part.num_rows
            cols: dict[str, Encoded | Values] = {}
            for r, c in zip(roles, col_names, strict=True):
                arr = part.column(c)
                cols[r] = text_column(arr, r) or _arrow_encoded(arr)
            first = done + (2 if mapping.header else 1)
            yield Chunk(str(path), cols, np.arange(first, first + n, dtype=np.int64))
            done += n
    finally:
        stop.set()  # the consumer stopped early (or the end): no more counting
        parts.close()  # type: ignore[attr-defined]


def _arrow_batches(path: Path, mapping: ColumnMapping, col_names: list[str],
                   plain: list[str], chunk_rows: int, lines: Background[int]) -> Iterator[Any]:
    """Record batches of at most ``chunk_rows`` rows; `Fallback` when rows are not lines.

    Columns are dictionary-encoded text, except those named in `plain`: plain text,
    encoded from its bytes by `relindex.events.textcols`.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    line_bytes = max(len(first_line(path).encode()) + 1, 16)
    block = int(min(max(chunk_rows * line_bytes, 1 << 16), 1 << 28))
    invalid = []

    def skip(row: Any) -> str:
        invalid.append(row)
        return "skip"

    try:
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(block_size=block,
                                           autogenerate_column_names=not mapping.header),
            parse_options=pacsv.ParseOptions(delimiter=mapping.delimiter,
                                             quote_char='"' if mapping.quoting else False,
                                             invalid_row_handler=skip),
            convert_options=pacsv.ConvertOptions(
                include_columns=col_names,
                column_types={c: pa.string() if c in plain else
                              pa.dictionary(pa.int32(), pa.string()) for c in col_names},
                strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
        done = 0
        for batch in reader:
            if invalid:
                raise Fallback
            for start in range(0, batch.num_rows, chunk_rows):
                part = batch.slice(start, chunk_rows)
                yield part
                done += part.num_rows
    except (pa.ArrowException, OSError):
        raise Fallback from None  # the csv module says where and why
    # rows are lines only if no blank line, quoted newline or lone CR was met
    first = 2 if mapping.header else 1
    if invalid or first - 1 + done != lines.result():
        raise Fallback


def _arrow_encoded(arr: Any) -> Encoded:
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    enc = arr if pa.types.is_dictionary(arr.type) else pc.dictionary_encode(arr)
    indices = enc.indices  # signed integers of the dictionary's index width, no nulls
    view = np.frombuffer(indices.buffers()[1], f"<i{indices.type.bit_width // 8}",
                         count=indices.offset + len(indices))[indices.offset:]
    return Encoded(view.astype(np.int64), [str(u) for u in enc.dictionary.to_pylist()])


def read_chunks(path: str | Path, mapping: ColumnMapping | None = None, *,
                chunk_rows: int = 250_000, engine: ReadEngine = "auto",
                weight: str | int | None = None, needed: frozenset[str] | None = None
                ) -> tuple[ColumnMapping, Iterator[Chunk]]:
    """Open an event file: its mapping and an iterator of chunks of at most ``chunk_rows``.

    Parameters
    ----------
    path : str or Path
        A CSV/TSV file (``.parquet``: a Parquet file).
    mapping : ColumnMapping, optional
        The layout; detected from the header (or GDELT's field count) when omitted.
    chunk_rows : int, default 250000
        Largest number of rows per chunk.
    engine : {"auto", "csv", "pyarrow"}, default "auto"
        Text reader; ``"auto"`` is pyarrow when installed, else the csv module.
    weight : str or int, optional
        A weight column to read besides the mapping's (see `ColumnMapping.with_weight`).
    needed : frozenset of str, optional
        The roles to read (default every role the mapping names).

    The pyarrow engine raises `Fallback` at the first row of the wrong width or any
    parse error, and at the end when its rows are not the file's lines (a blank line,
    a quoted newline), so that the caller reads the file again with the csv module:
    both engines give the same counts, reasons and line numbers.

    Line numbers count from 1 with the header as line 1; for Parquet they are row
    numbers from 1.
    """
    p = Path(path)
    if not p.is_file():
        raise InputFileError("does not exist or is not a file", path=p,
                             fix="pass the path of an event file")
    if p.suffix.lower() in (".parquet", ".pq"):
        from .parquet import parquet_chunks

        return parquet_chunks(p, mapping, chunk_rows, weight, needed)
    m = (mapping or detect_mapping(p)).with_weight(weight)
    if engine == "pyarrow" and not have_pyarrow():
        raise MissingExtraError("the pyarrow engine needs pyarrow",
                                fix="pip install 'relindex[events]'")
    if engine in ("pyarrow", "auto") and have_pyarrow():
        return m, _arrow_chunks(p, m, chunk_rows, needed)
    return m, _csv_chunks(p, m, chunk_rows, needed)


def _open_text(path: Path) -> Any:
    try:
        return open(path, newline="", encoding="utf-8", errors="strict")
    except OSError as e:
        raise InputFileError(f"cannot be read ({e.strerror})", path=path,
                             fix="pass the path of a readable event file") from None
