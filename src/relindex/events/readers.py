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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from ..errors import InputFileError, MissingExtraError
from .mapping import (
    GDELT_ALIASES,
    GDELT_COLUMNS,
    GDELT_EXPORT,
    GDELT_FIELD_COUNTS,
    PRESETS,
    ColumnMapping,
)

__all__ = ["Chunk", "Encoded", "Fallback", "ReadEngine", "Values", "detect_mapping", "have_pyarrow",
           "positions", "read_chunks"]

ReadEngine = Literal["auto", "csv", "pyarrow"]


@dataclass
class Encoded:
    """A dictionary-encoded column: ``uniques[index[i]]`` is row i's text."""

    index: NDArray[np.int64]
    uniques: list[str]


@dataclass
class Values:
    """A typed column (from Parquet): one number per row (NaN, or -1 for dates, if missing)."""

    values: NDArray[Any]


@dataclass
class Chunk:
    """Up to ``chunk_rows`` rows of one file: columns by role, and line numbers."""

    path: str
    columns: dict[str, Encoded | Values]
    lines: NDArray[np.int64]
    short: NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, bool))
    """Rows with fewer fields than the mapping needs (their missing fields read as empty)."""
    long: NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, bool))
    """Rows with more fields than the header names."""

    def __len__(self) -> int:
        return int(self.lines.size)


def have_pyarrow() -> bool:
    """Whether pyarrow can be imported."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def encode(values: Sequence[str]) -> Encoded:
    """Dictionary-encode a list of strings (first-seen order).

    Examples
    --------
    >>> e = encode(["CHN", "RUS", "CHN"])
    >>> e.index.tolist(), e.uniques
    ([0, 1, 0], ['CHN', 'RUS'])
    """
    table: dict[str, int] = {}
    index = np.fromiter((table.setdefault(v, len(table)) for v in values), dtype=np.int64,
                        count=len(values))
    return Encoded(index, list(table))


# --- layout detection -------------------------------------------------------------------

def _first_line(path: Path) -> str:
    try:
        with open(path, "rb") as fh:
            head = fh.readline(1 << 20)
    except OSError as e:
        raise InputFileError(f"cannot be read ({e.strerror})", path=path,
                             fix="pass the path of an event file") from None
    return head.decode("utf-8", errors="replace").rstrip("\r\n").lstrip("\ufeff")


def detect_mapping(path: str | Path, names: list[str] | None = None) -> ColumnMapping:
    """The layout of an event file, from its header (or its field count, for GDELT).

    Parameters
    ----------
    path : str or Path
        The file.
    names : list of str, optional
        Its column names when already known (Parquet).

    Raises
    ------
    InputFileError
        When no known layout fits; the message lists the columns found and says to
        declare a mapping.
    """
    p = Path(path)
    if names is None:
        line = _first_line(p)
        fields = line.split("\t")
        if len(fields) in GDELT_FIELD_COUNTS and (fields[0].strip().isdigit()
                                                  or fields[1].strip().isdigit()):
            return GDELT_EXPORT
        delimiter = "\t" if "\t" in line else ","
        names = [n.strip().strip('"') for n in next(csv.reader([line], delimiter=delimiter))]
    else:
        delimiter = ","
    have = set(names)
    for preset in PRESETS:
        cols = preset.columns()
        if preset.name == "gdelt" and "SQLDATE" not in have:
            for alias, canonical in GDELT_ALIASES.items():
                if alias in have and cols["date"] == canonical:
                    preset = preset.model_copy(update={"date": alias})
                    cols = preset.columns()
        required = {cols[r] for r in ("date", "source", "target")} | (
            {cols["code"]} if "code" in cols else set())
        if required <= have:
            optional = {r: c for r, c in cols.items() if c not in have}
            preset = preset.model_copy(update={**dict.fromkeys(optional), "delimiter": delimiter})
            return preset
    shown = ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")
    raise InputFileError(
        "has no known event layout (GDELT, ICEWS or relindex column names)", path=p,
        value=shown, fix="declare the columns in a mapping file and pass it with --mapping "
        "(see docs/events.md)")


# --- text files: csv module ------------------------------------------------------------

def positions(mapping: ColumnMapping, names: list[str] | None, path: Path) -> dict[str, int]:
    """The 0-based field of each mapped role, from the header names (or the positions)."""
    out: dict[str, int] = {}
    for role, col in mapping.columns().items():
        if isinstance(col, int):
            out[role] = col
        elif names is None:
            if col in GDELT_COLUMNS:
                out[role] = GDELT_COLUMNS.index(col)
            else:
                raise InputFileError(f"has no header, so column {col!r} cannot be found",
                                     path=path, key=role,
                                     fix="give columns by 0-based position in the mapping")
        elif col in names:
            out[role] = names.index(col)
        else:
            raise InputFileError(f"has no column {col!r} (needed for {role})", path=path,
                                 key="header", value=", ".join(names[:12]),
                                 fix="name the right column in a mapping file (--mapping)")
    return out


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


def _lines(path: Path) -> int:
    """Number of lines of a file (a last line without its newline counts)."""
    n, last = 0, b"\n"
    with open(path, "rb") as fh:
        while block := fh.read(1 << 24):
            n += block.count(b"\n")
            last = block[-1:]
    return n + (last != b"\n")


def _arrow_chunks(path: Path, mapping: ColumnMapping, chunk_rows: int,
                  needed: frozenset[str] | None = None) -> Iterator[Chunk]:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    if mapping.header:
        names = [n.strip() for n in next(csv.reader(
            [_first_line(path)], delimiter=mapping.delimiter))]
    else:
        names = None
    pos = positions(mapping, names, path)
    roles = [r for r in pos if needed is None or r in needed]
    col_names = [f"f{pos[r]}" if names is None else names[pos[r]] for r in roles]
    if len(set(col_names)) < len(col_names) or (names is not None
                                                 and len(set(names)) < len(names)):
        raise Fallback  # duplicate header names: the csv module takes the first
    line_bytes = max(len(_first_line(path).encode()) + 1, 16)
    block = int(min(max(chunk_rows * line_bytes, 1 << 16), 1 << 28))
    invalid = []

    def skip(row: Any) -> str:
        invalid.append(row)
        return "skip"

    try:
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(block_size=block, autogenerate_column_names=names
                                           is None),
            parse_options=pacsv.ParseOptions(delimiter=mapping.delimiter,
                                             quote_char='"' if mapping.quoting else False,
                                             invalid_row_handler=skip),
            convert_options=pacsv.ConvertOptions(
                include_columns=col_names,
                column_types=dict.fromkeys(col_names, pa.dictionary(pa.int32(), pa.string())),
                strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
        first = 2 if mapping.header else 1
        done = 0
        for batch in reader:
            if invalid:
                raise Fallback
            for start in range(0, batch.num_rows, chunk_rows):
                part = batch.slice(start, chunk_rows)
                n = part.num_rows
                cols: dict[str, Encoded | Values] = {
                    r: _arrow_encoded(part.column(c)) for r, c in zip(roles, col_names,
                                                                      strict=True)}
                yield Chunk(str(path), cols, np.arange(first + done, first + done + n,
                                                       dtype=np.int64))
                done += n
    except (pa.ArrowException, OSError):
        raise Fallback from None  # the csv module says where and why
    # rows are lines only if no blank line, quoted newline or lone CR was met
    if invalid or first - 1 + done != _lines(path):
        raise Fallback


def _arrow_encoded(arr: Any) -> Encoded:
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    enc = arr if pa.types.is_dictionary(arr.type) else pc.dictionary_encode(arr)
    indices = pc.cast(enc.indices, pa.int64())
    index = np.frombuffer(indices.buffers()[1], np.int64, count=indices.offset + len(indices))
    return Encoded(index[indices.offset:].copy(), [str(u) for u in enc.dictionary.to_pylist()])


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
        Largest number of rows held at once.
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
