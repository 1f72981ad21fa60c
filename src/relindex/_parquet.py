"""Parquet data tables: the columns of a CSV table, read with their types.

A Parquet table has the columns a CSV table has (`relindex.tables.COLUMNS`). Its
columns are checked by type before a row is read: ``value`` (and ``severity``) must
hold numbers; ``id`` strings; ``period``, ``credibility`` and ``assign_to`` strings or
integers; every other column strings. Lists, structs, maps and binary columns are
refused, naming the column. Text columns are read as dictionaries (each distinct
string once, a code per row); a null cell reads as an empty one, except in ``id``,
where it is refused naming its row. Rows are numbered from 1 (the first row of data).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ._background import Background
from ._ids import IdCheck
from ._table_reading import Columns, HeaderCheck, Sheet
from .errors import EvidenceError, InputFileError

__all__ = ["read_parquet"]

#: Columns that hold numbers, and columns that may hold integers instead of strings.
_NUMBERS = ("value", "severity")
_INTEGERS = ("period", "credibility", "assign_to")


def _kind(name: str, typ: Any) -> str:
    """What a column of this Parquet type reads as: 'number', 'text', or a refusal."""
    import pyarrow as pa

    t = typ.value_type if pa.types.is_dictionary(typ) else typ
    text = pa.types.is_string(t) or pa.types.is_large_string(t)
    if pa.types.is_null(t):
        return "null"  # every cell null
    if name in _NUMBERS:
        ok = pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t)
        return "number" if ok else "must hold numbers"
    if name == "id":
        return "text" if text else "must hold strings"
    if text or (name in _INTEGERS and pa.types.is_integer(t)):
        return "text"
    if name in ("period_inferred", "value_inferred") and pa.types.is_boolean(t):
        return "text"
    return "must hold strings" + (" or integers" if name in _INTEGERS else "")


def _refuse(path: Path, name: str, typ: Any, why: str) -> EvidenceError:
    import pyarrow as pa

    nested = pa.types.is_nested(typ) or (pa.types.is_dictionary(typ)
                                         and pa.types.is_nested(typ.value_type))
    return EvidenceError(
        f"is a column of Parquet type {typ}: it "
        + ("holds lists or records, and each cell must be one value" if nested else why),
        path=path, key=f"header.{name}", value=str(typ),
        fix=("write one value a cell" if nested else
             f"write {name} as {'float64' if name in _NUMBERS else 'strings'}"))


def _text(path: Path, name: str, arr: Any) -> Any:
    """A text column as a dictionary array of strings without nulls (ids: plain strings).

    A dictionary column keeps its codes; any other is encoded before its distinct
    values are turned into strings (integers), so each is converted once.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if name == "id":
        if pa.types.is_dictionary(arr.type):
            arr = arr.cast(arr.type.value_type)
        if arr.null_count:
            n = next(k for k, v in enumerate(arr.is_null().to_pylist()) if v) + 1
            raise EvidenceError("has no id (a null cell)", path=path, key=f"row {n}.id",
                                fix="give every row an id")
        return arr
    if pa.types.is_dictionary(arr.type) and arr.null_count:
        arr = arr.cast(arr.type.value_type)
    if not pa.types.is_dictionary(arr.type):
        arr = pc.dictionary_encode(arr, null_encoding="encode")
    words = arr.dictionary
    if not pa.types.is_string(words.type):
        words = words.cast(pa.string())
    if words.null_count:
        words = pc.fill_null(words, "")
    codes = arr.indices if arr.indices.type == pa.int32() else arr.indices.cast(pa.int32())
    return pa.DictionaryArray.from_arrays(codes, words)


def _numbers(arr: Any) -> Any:
    """A number column as float64, nulls as NaN (an empty cell)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if arr.type != pa.float64():
        arr = pc.cast(arr, pa.float64())
    if arr.null_count:
        arr = pc.fill_null(arr, float("nan"))
    return arr


def read_parquet(path: Path, data: bytes | memoryview, check: HeaderCheck) -> Sheet:
    """Read a Parquet table's columns with their types (see the module's description).

    Raises
    ------
    InputFileError
        When pyarrow is not installed, or the bytes are not a Parquet file.
    EvidenceError
        For a column of the wrong type, or a row without an id.
    """
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InputFileError("is a Parquet table, which needs pyarrow", path=path,
                             fix="pip install 'relindex[fast]'") from None
    try:
        pf = pq.ParquetFile(pa.BufferReader(data))
        schema = pf.schema_arrow
    except (pa.ArrowException, OSError) as e:
        raise InputFileError(f"is not a valid Parquet file ({e})", path=path,
                             fix="write the table with a Parquet writer, or as CSV") from None
    header = list(schema.names)
    check(header)
    kinds = {}
    for field in schema:
        kinds[field.name] = _kind(field.name, field.type)
        if kinds[field.name] not in ("number", "text", "null"):
            raise _refuse(path, field.name, field.type, kinds[field.name])
    text_cols = [h for h in header if kinds[h] == "text" and h != "id"]
    try:
        read, n, id_check = _read_columns(path, data, header, kinds, text_cols)
    except (pa.ArrowException, OSError) as e:
        raise InputFileError(f"is not a valid Parquet file ({e})", path=path,
                             fix="write the table with a Parquet writer, or as CSV") from None
    cols: dict[str, Any] = {}
    try:
        for h in header:  # in order: the first column that fails is the one named
            got = read[h]
            if isinstance(got, _Prepared):
                if got.error is not None:
                    raise got.error
                cols[h] = got.column
            else:
                cols[h] = _column(path, h, kinds[h], got, n)
    except BaseException:
        _stop(id_check, [])
        raise
    if id_check is not None and cols["id"] is not read["id"]:
        id_check = None  # the check is kept only for the very column kept
    return Sheet(header=header, columns=Columns(None, cols, n, id_check),
                 line=np.arange(1, n + 1))


def _column(path: Path, name: str, kind: str, arr: Any, n: int) -> Any:
    """A column read, as the sheet holds it (numbers as float64, text as a dictionary).

    The ids stay in the reader's chunks (never copied); the other columns are joined.
    """
    import pyarrow as pa

    arr = arr if name == "id" else arr.combine_chunks()
    if kind == "null":  # a column with no value at all: empty cells
        arr = pa.nulls(n, pa.float64() if name in _NUMBERS else pa.string())
    return _numbers(arr) if name in _NUMBERS else _text(path, name, arr)


class _Prepared:
    """A column prepared (`_column`) in the reading thread, or the error that stopped it."""

    __slots__ = ("column", "error")

    def __init__(self, column: Any, error: Exception | None = None) -> None:
        self.column = column
        self.error = error


def _prepare(path: Path, tbl: Any, kinds: dict[str, str]) -> dict[str, _Prepared]:
    """Every column of `tbl` prepared, in order, up to the first that fails (its error)."""
    out: dict[str, _Prepared] = {}
    for h in tbl.column_names:
        try:
            out[h] = _Prepared(_column(path, h, kinds[h], tbl.column(h), tbl.num_rows))
        except Exception as e:  # raised in the reader's order, by `read_parquet`
            out[h] = _Prepared(None, e)
            break
    return out


def _read_columns(path: Path, data: bytes | memoryview, header: list[str],
                  kinds: dict[str, str],
                  text_cols: list[str]) -> tuple[dict[str, Any], int, IdCheck | None]:
    """The table's columns by name (read, or prepared), its row count, the ids' check.

    The ids (the longest column to decode, and the only one checked as a whole) are read
    first (the halves of their row groups at once) while the other columns are read and
    prepared in a thread; their check (`IdCheck`: the record-id rule, then distinct ids)
    runs in threads of its own from then on.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    def reader() -> Any:
        return pq.ParquetFile(pa.BufferReader(data), read_dictionary=text_cols)

    def id_groups(groups: list[int]) -> Any:
        return reader().read_row_groups(groups, columns=["id"]).column("id")

    others = [h for h in header if h != "id"]
    if kinds.get("id") != "text" or not others:
        tbl = reader().read()
        return {h: tbl.column(h) for h in header}, tbl.num_rows, None
    rest = Background(lambda: reader().read(columns=others))
    prepared = Background(lambda: _prepare(path, rest.result(), kinds))
    jobs = [rest, prepared]
    id_check: IdCheck | None = None
    try:
        n_groups = reader().metadata.num_row_groups
        if n_groups > 1:  # the ids' row groups in two halves at once, in their readers' chunks
            half = n_groups // 2
            jobs.append(Background(lambda: id_groups(list(range(half, n_groups)))))
            head = id_groups(list(range(half)))
            ids = pa.chunked_array([*head.chunks, *jobs[-1].result().chunks], type=head.type)
        else:
            ids = reader().read(columns=["id"]).column("id")
        plain = pa.types.is_string(ids.type) or pa.types.is_large_string(ids.type)
        if plain and len(ids) and not ids.null_count:
            id_check = IdCheck(ids, pattern=True)
        tbl = rest.result()  # a reading error is raised here
        return {"id": ids, **prepared.result()}, tbl.num_rows, id_check
    except BaseException:
        _stop(id_check, jobs)
        raise


def _stop(id_check: IdCheck | None, jobs: list[Background[Any]]) -> None:
    """Stop the ids' check and wait for every reading thread: none outlives an error."""
    if id_check is not None:
        id_check.stop()
    for job in jobs:
        job.wait()
