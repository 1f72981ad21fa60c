"""Parquet event files, read with their types: only the columns the aggregation needs.

Text columns are read dictionary-encoded (`pyarrow.parquet.ParquetFile` with
``read_dictionary``), so actors and codes arrive as an integer index per row into a
short list of distinct strings, without hashing a string per row. Numbers (dates as
``YYYYMMDD`` integers, quad classes, scores, weights) arrive as numbers and dates as
dates; nothing is cast to text. Columns are turned into numpy arrays from their
buffers (pyarrow's ``to_numpy`` imports pandas).

An integer event-code column has lost the leading zeros of CAMEO codes (``010``
"make statement" would read as ``10``, a code of another root): it is refused, unless
the mapping says how wide the codes are (``code_width``), which restores them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import InputFileError, MissingExtraError
from .chunk import Chunk, Encoded, Values
from .layout import detect_mapping, positions
from .mapping import ColumnMapping
from .prefetch import prefetch

__all__ = ["parquet_chunks"]

_NUMPY = {"int8": np.int8, "int16": np.int16, "int32": np.int32, "int64": np.int64,
          "uint8": np.uint8, "uint16": np.uint16, "uint32": np.uint32, "uint64": np.uint64,
          "halffloat": np.float16, "float": np.float32, "double": np.float64}

#: Rows read from a Parquet file at once.
PARQUET_BATCH = 1 << 20


def _nulls(arr: Any) -> NDArray[np.bool_] | None:
    """Row mask of the nulls of a pyarrow array (None when it has none)."""
    if arr.null_count == 0:
        return None
    bits = np.frombuffer(arr.buffers()[0], np.uint8)
    valid = np.unpackbits(bits, bitorder="little")[arr.offset:arr.offset + len(arr)]
    return valid == 0


def _numbers(arr: Any) -> NDArray[Any]:
    """The values of a primitive numeric pyarrow array as a numpy view of its buffer."""
    dtype = _NUMPY[str(arr.type)]
    return np.frombuffer(arr.buffers()[1], dtype, count=arr.offset + len(arr))[arr.offset:]


def _encoded(arr: Any, role: str, path: Path, mapping: ColumnMapping) -> Encoded:
    """A text column (or a dictionary of text, or integer codes) as an `Encoded`."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pa.types.is_dictionary(arr.type):
        if role == "code" and _numeric(arr.type):
            return _integer_codes(arr, path, mapping)
        if not _texty(arr.type):
            arr = pc.cast(arr, pa.string())
        arr = pc.dictionary_encode(arr)
    elif not _texty(arr.dictionary.type):
        if role == "code" and _numeric(arr.dictionary.type):
            return _integer_codes(pc.cast(arr, arr.dictionary.type), path, mapping)
        arr = pc.dictionary_encode(pc.cast(pc.cast(arr, arr.dictionary.type), pa.string()))
    indices = pc.cast(arr.indices, pa.int64())
    index = _numbers(indices).copy() if len(indices) else np.zeros(0, np.int64)
    uniques = [str(u) for u in arr.dictionary.to_pylist()]
    missing = _nulls(indices)
    if missing is not None:
        index[missing] = len(uniques)
        uniques.append("")
    return Encoded(index, uniques)


def _texty(t: Any) -> bool:
    import pyarrow as pa

    return bool(pa.types.is_string(t) or pa.types.is_large_string(t))


def _numeric(t: Any) -> bool:
    import pyarrow as pa

    return bool(pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t))


def _integer_codes(arr: Any, path: Path, mapping: ColumnMapping) -> Encoded:
    """Numeric event codes: refused, or zero-padded to the mapping's ``code_width``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    width = mapping.code_width
    if width is None or not pa.types.is_integer(arr.type):
        raise InputFileError(
            f"has numeric event codes in column {mapping.code!r}: CAMEO codes lose their "
            "leading zeros as numbers (010 'make statement' would read as 10, a code of "
            "another root)", path=path, key="code",
            fix="store the column as text (pyarrow: pa.string(); pandas: dtype=str), or "
            "declare the codes' width in a mapping file (code_width = 3 for GDELT's "
            "EventBaseCode, 2 for EventRootCode) when integer codes all have that width")
    enc = pc.dictionary_encode(arr)
    values = enc.dictionary.to_pylist()
    uniques = ["" if v is None else f"{int(v):0{width}d}" for v in values]
    indices = pc.cast(enc.indices, pa.int64())
    index = _numbers(indices).copy() if len(indices) else np.zeros(0, np.int64)
    missing = _nulls(indices)
    if missing is not None:
        index[missing] = len(uniques)
        uniques.append("")
    return Encoded(index, uniques)


def _values(arr: Any, role: str, path: Path, mapping: ColumnMapping) -> Encoded | Values:
    """A column by its type: numbers and dates as `Values`, text as `Encoded`."""
    import pyarrow as pa
    import pyarrow.compute as pc

    t = arr.type
    if pa.types.is_nested(t) or pa.types.is_binary(t) or pa.types.is_large_binary(t):
        raise InputFileError(
            f"column {_column(mapping, role)!r} ({role}) has type {t}, which relindex does "
            "not read", path=path, key=role,
            fix="store it as text, a number or a date (one value per row)")
    if role in ("source", "target", "code", "event_type", "mode"):
        return _encoded(arr, role, path, mapping)
    if pa.types.is_dictionary(t):
        arr = pc.cast(arr, t.value_type)
        t = arr.type
    if role == "date" and (pa.types.is_date(t) or pa.types.is_timestamp(t)):
        y, m, d = pc.year(arr), pc.month(arr), pc.day(arr)
        ymd = pc.add(pc.add(pc.multiply(y, 10_000), pc.multiply(m, 100)), d)
        arr = pc.cast(ymd, pa.int64())
        t = arr.type
    if pa.types.is_boolean(t):
        arr = pc.cast(arr, pa.int8())
        t = arr.type
    if str(t) in _NUMPY:
        vals = _numbers(arr)
        missing = _nulls(arr)
        if role == "date":
            out = vals.astype(np.int64) if vals.dtype.kind in "iu" else _whole(vals)
            if missing is not None:
                out = out.copy()
                out[missing] = -1
            return Values(out)
        f = vals.astype(np.float64)
        if missing is not None:
            f[missing] = np.nan
        return Values(f)
    return _encoded(arr, role, path, mapping)


def _whole(vals: NDArray[Any]) -> NDArray[np.int64]:
    """Whole floats as int64 (-1 for the rest: a date is not a fraction)."""
    f = vals.astype(np.float64)
    ok = np.isfinite(f) & (f == np.floor(f)) & (np.abs(f) < 2.0 ** 62)
    return np.where(ok, f, -1).astype(np.int64)


def _column(mapping: ColumnMapping, role: str) -> Any:
    return mapping.columns().get(role)


def parquet_chunks(path: Path, mapping: ColumnMapping | None, chunk_rows: int,
                   weight: str | int | None,
                   needed: frozenset[str] | None = None) -> tuple[ColumnMapping, Iterator[Chunk]]:
    """Open a Parquet event file: its mapping and an iterator of typed chunks.

    Parameters
    ----------
    path : Path
    mapping : ColumnMapping, optional
        Detected from the column names when omitted.
    chunk_rows : int
        Largest number of rows per chunk.
    weight : str or int, optional
        A weight column besides the mapping's.
    needed : frozenset of str, optional
        The roles to read (default every mapped role).
    """
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingExtraError("reading Parquet needs pyarrow", path=path,
                                fix="pip install 'relindex[events]'") from None
    import pyarrow as pa

    try:
        schema = pq.ParquetFile(path).schema_arrow
    except (pa.ArrowException, OSError) as e:  # not Parquet, truncated, unreadable
        raise InputFileError(f"is not a readable Parquet file ({e})", path=path,
                             fix="pass a Parquet file, or a CSV/TSV file") from None
    names = list(schema.names)
    m = (mapping or detect_mapping(path, names)).with_weight(weight)
    pos = positions(m, names, path)
    roles = [r for r in pos if needed is None or r in needed]
    cols = [names[pos[r]] for r in roles]
    text = [names[pos[r]] for r in roles
            if r in ("source", "target", "code", "event_type", "mode")
            and _texty(schema.field(pos[r]).type)]
    pf = pq.ParquetFile(path, read_dictionary=text)

    def gen() -> Iterator[Chunk]:
        done = 0
        try:
            for batch in pf.iter_batches(batch_size=min(chunk_rows, PARQUET_BATCH),
                                         columns=cols):
                n = batch.num_rows
                chunk = {r: _values(batch.column(i), r, path, m) for i, r in enumerate(roles)}
                yield Chunk(str(path), chunk, np.arange(done + 1, done + n + 1, dtype=np.int64))
                done += n
        except (pa.ArrowException, OSError) as e:  # a damaged or unreadable file
            raise InputFileError(f"cannot be read as Parquet near row {done + 1} ({e})",
                                 path=path, fix="check the file (re-export it)") from None

    return m, prefetch(gen())
