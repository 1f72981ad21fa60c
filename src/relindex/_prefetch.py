"""A catalogue's first large data table, read and parsed while the catalogue is validated.

Validating a catalogue (its TOML against the pydantic models) runs Python and holds
the interpreter; reading a large table's bytes and parsing them with pyarrow hold it
very little. So as soon as the catalogue's TOML is parsed, the file its first
``[[catalogue.tables]]`` entry names is read and parsed in a thread, by the very
functions the loader calls, with the same checks (path inside the folder, size,
header). The loader takes the result only for the same file, resolved the same way,
once the catalogue is valid; anything unexpected (an error, another path, a reader that
declines) and the loader reads the table itself, in its usual order, so errors and
results are the same either way.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ._background import Background
from ._table_reading import Sheet
from .files import read_bytes, read_into, resolve_inside
from .tables import ARROW_MIN_BYTES, read_sheet

__all__ = ["Prefetched", "TablePrefetch"]


def _allocator() -> Callable[[int], Any] | None:
    """Pyarrow's `allocate_buffer`, where pyarrow is installed (None: plain bytes).

    A CSV table's bytes are then read into the memory of the pool that parses them,
    which takes memory from the system in large runs: reading 86 MB costs about half
    the system time of a bytes object's (faulted in page by page). A Parquet file, a
    few times smaller, is read as bytes (no gain measured, and the pool keeps memory).
    """
    try:
        import pyarrow as pa
    except ImportError:
        return None
    allocate: Callable[[int], Any] = pa.allocate_buffer
    return allocate


class Prefetched:
    """A table's bytes and, when a columnar reader took them, its columns."""

    __slots__ = ("data", "sheet")

    def __init__(self, data: bytes | memoryview, sheet: Sheet | None) -> None:
        self.data = data
        self.sheet = sheet


class TablePrefetch:
    """Read and parse one table in a thread (see the module's description).

    Parameters
    ----------
    base, cat_path : Path
        The catalogue's folder and file.
    raw : Any
        The catalogue's parsed TOML, not yet validated.
    frames : collection of str
        Tables given from memory (never read from a file).
    max_bytes : int
    allow_outside : bool
    """

    def __init__(self, base: Path, cat_path: Path, raw: Any, frames: Any, *,
                 max_bytes: int, allow_outside: bool) -> None:
        self._args = (base, cat_path, max_bytes, allow_outside)
        meta = raw.get("catalogue") if isinstance(raw, dict) else None
        tables = meta.get("tables") if isinstance(meta, dict) else None
        first = tables[0] if isinstance(tables, list) and tables else None
        rel = first.get("file") if isinstance(first, dict) else None
        self._job: Background[tuple[Path, Prefetched] | None] | None = (
            None if not isinstance(rel, str) or not rel or rel in frames
            else Background(lambda: self._read(rel)))

    def _read(self, rel: str) -> tuple[Path, Prefetched] | None:
        base, cat_path, max_bytes, allow_outside = self._args
        try:
            path = resolve_inside(base, rel, key="catalogue.tables[0].file", origin=cat_path,
                                  allow_outside=allow_outside)
            parquet = path.suffix.lower() == ".parquet"
            if not parquet and path.stat().st_size < ARROW_MIN_BYTES:
                return None  # a small table: read as the loader reads it, nothing to gain
            what = "Parquet table" if parquet else "CSV table"
            inside = None if allow_outside else base
            allocate = None if parquet else _allocator()
            data = (read_bytes(path, max_bytes=max_bytes, what=what, inside=inside)
                    if allocate is None else
                    read_into(path, allocate, max_bytes=max_bytes, what=what, inside=inside))
            sheet = read_sheet(path, data, parquet)
            # a table no columnar reader takes is decoded by the loader: handed over as bytes
            return path, Prefetched(data if sheet is not None else bytes(data), sheet)
        except Exception:  # the loader reads the table again, and reports what is wrong
            return None

    def take(self, path: Path, parquet: bool) -> Prefetched | None:
        """The table read in the thread, if it is the file at `path`; else None.

        Waits for the thread. The result is handed over once (and then let go of).
        """
        if self._job is None:
            return None
        got, self._job = self._job.result(), None
        if got is None:
            return None
        got_path, table = got
        same = got_path == path and (got_path.suffix.lower() == ".parquet") == parquet
        if not same and table.sheet is not None and table.sheet.columns.id_check is not None:
            table.sheet.columns.id_check.stop()  # the ids of a table not taken: not checked
        return table if same else None
