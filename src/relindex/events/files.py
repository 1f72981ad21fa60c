"""One event file into an accumulator: read in chunks, with a progress line.

The pyarrow CSV engine reads only files whose rows are their lines; when it meets a
row of the wrong width or a parse error it signals `Fallback`, the accumulator goes
back to its state before the file, and the csv module reads the file again: both
engines give the same counts, reasons and line numbers on every file.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import RelindexError
from .accumulate import Accumulator
from .errors import EventDataError
from .mapping import ColumnMapping
from .readers import Fallback, ReadEngine, read_chunks

__all__ = ["Progress", "aggregate_file"]


class Progress:
    """A one-line progress note on stderr, only when stderr is a terminal."""

    def __init__(self, enabled: bool | None) -> None:
        self.on = sys.stderr.isatty() if enabled is None else enabled
        self.shown = False

    def update(self, path: str, i: int, n: int, rows: int) -> None:
        """Show file ``i`` of ``n`` and the rows read so far."""
        if self.on:
            sys.stderr.write(f"\rrelindex events: file {i}/{n} {Path(path).name}: "
                             f"{rows:,} rows read")
            sys.stderr.flush()
            self.shown = True

    def close(self) -> None:
        """End the progress line."""
        if self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()


def aggregate_file(path: str | Path, acc: Accumulator, *, mapping: ColumnMapping | None,
                   weight: str | int | None, chunk_rows: int, read_engine: ReadEngine,
                   progress: Progress | None = None, index: tuple[int, int] = (1, 1)) -> None:
    """Read one file in chunks into an accumulator (again with the csv module on `Fallback`)."""
    state = acc.snapshot()
    try:
        _read(path, acc, mapping, weight, chunk_rows, read_engine, progress, index)
    except (Fallback, EventDataError) as e:
        if read_engine == "csv" and isinstance(e, EventDataError):
            raise
        # pyarrow's line numbers hold only for files whose rows are their lines: the csv
        # module reads the file again, and names the line of a strict-mode error
        acc.restore(state)
        _read(path, acc, mapping, weight, chunk_rows, "csv", progress, index)


def _read(path: str | Path, acc: Accumulator, mapping: ColumnMapping | None,
          weight: str | int | None, chunk_rows: int, read_engine: ReadEngine,
          progress: Progress | None, index: tuple[int, int]) -> None:
    m, chunks = read_chunks(path, mapping, chunk_rows=chunk_rows, engine=read_engine,
                            weight=weight, needed=acc.needed())
    if acc.weighted and m.weight is None:
        raise RelindexError("weighted aggregation needs a weight column", path=path,
                            key="weight", fix="pass weight='NumMentions' (or map 'weight')")
    acc.files.append(str(path))
    try:
        for chunk in chunks:
            acc.add(chunk)
            if progress is not None:
                progress.update(str(path), index[0], index[1], acc.rows)
    finally:  # a reader stopped early (a strict-mode error) ends its read-ahead thread now
        close = getattr(chunks, "close", None)
        if close is not None:
            close()
