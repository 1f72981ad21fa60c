"""A catalogue's data tables from pandas DataFrames in memory (private).

``relindex.load(path, tables={"data.csv": frame})`` reads `frame` in place of the file
the catalogue declares under ``[[catalogue.tables]]`` (which keeps its citation and
grade): the frame becomes the CSV text the loader parses, so every rule of a table
applies, row by row. A long frame needs ``indicator``, ``period`` and ``value`` (and
``entity`` where the catalogue has several); ``unit`` defaults to the indicator's
declared unit and ``id`` to ``<table>-<row>``.

An error in such a table names the table given in memory and the frame's row (its
position and index label), not the file the catalogue declares nor a line of the CSV
text (`relocate`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import RelindexError, require_pandas

if TYPE_CHECKING:
    import pandas as pd

NEEDED = ("indicator", "period", "value")

_ROW = re.compile(r"row (\d+)(?=\.|$)")
"""The row of a table in an error's key (``row 2.value``): its line in the CSV text."""


def frame_csv(frame: pd.DataFrame, name: str, units: Mapping[str, str]) -> bytes:
    """The CSV bytes of a long DataFrame, with ``unit`` and ``id`` filled in where absent.

    Raises
    ------
    RelindexError
        When `frame` is not a DataFrame or lacks a needed column.
    """
    pd = require_pandas("relindex.load(tables=...)")
    key = f"tables[{name!r}]"
    if not isinstance(frame, pd.DataFrame):
        raise RelindexError("must be a pandas DataFrame", key=key, value=type(frame).__name__,
                            fix="pass a long table with indicator, period and value columns")
    df = frame.reset_index() if any(n is not None for n in frame.index.names) else frame.copy()
    missing = [c for c in NEEDED if c not in df.columns]
    if missing:
        raise RelindexError(f"has no {', '.join(repr(c) for c in missing)} column", key=key,
                            value=[str(c) for c in df.columns][:12],
                            fix="give the frame indicator, period and value columns (and "
                            "entity where the catalogue has several)")
    if "unit" not in df.columns:
        df["unit"] = df["indicator"].map(lambda i: units.get(str(i), ""))
    if "id" not in df.columns:
        stem = Path(name).stem or "table"
        df["id"] = [f"{stem}-{n}" for n in range(1, len(df) + 1)]
    text: str = df.to_csv(index=False, lineterminator="\n")
    return text.encode("utf-8")


def check_all_declared(frames: Mapping[str, object], declared: list[str]) -> None:
    """Refuse a frame for a table the catalogue does not declare (it would carry no citation).

    Raises
    ------
    RelindexError
        Naming the frame and the tables the catalogue declares.
    """
    for name in frames:
        if name not in declared:
            shown = ", ".join(declared) or "none"
            raise RelindexError(
                "is not a table the catalogue declares (declared: " + shown + ")",
                key=f"tables[{name!r}]",
                fix="declare it under [[catalogue.tables]] with file, citation and "
                "reliability (a table's figures still need their source)")


def relocate(err: RelindexError, name: str, frame: pd.DataFrame) -> None:
    """Point `err`, raised on the CSV text of `frame`, at the frame itself (in place).

    The path becomes ``table 'NAME' given in memory`` and a ``row N`` of the key (line N
    of the text, the header being line 1) the frame's row: ``row at position P (index
    L)``, P counted from 0 as ``frame.iloc`` counts and L its label in ``frame.index``.

    Examples
    --------
    >>> import pandas as pd
    >>> err = RelindexError("is not a number", path="/c/data.csv", key="row 2.value",
    ...                     value="x")
    >>> relocate(err, "data.csv", pd.DataFrame({"value": ["x"]}, index=[7]))
    >>> print(err)
    table 'data.csv' given in memory: row at position 0 (index 7).value is not a number. \
Got 'x'.
    """
    err.path = f"table {name!r} given in memory"
    match = _ROW.match(err.key or "")
    if match is not None:
        pos = int(match.group(1)) - 2  # frame_csv writes one line a row, after the header
        if 0 <= pos < len(frame):
            label = _plain(frame.index[pos])
            err.key = f"row at position {pos} (index {label!r}){(err.key or '')[match.end():]}"
    err.args = (err._message(),)


def _plain(label: object) -> object:
    """An index label with numpy scalars as Python ones (``7``, not ``np.int64(7)``)."""
    if isinstance(label, tuple):
        return tuple(_plain(x) for x in label)
    item = getattr(label, "item", None)
    return item() if callable(item) else label


@contextmanager
def frame_errors(frames: Mapping[str, pd.DataFrame], paths: Mapping[str, str]
                 ) -> Iterator[None]:
    """Relocate (`relocate`) an error raised inside on a table given in memory.

    `paths` maps the path of each table read from a frame, as errors carry it, to the
    frame's name in `frames`; an error on any other file passes through unchanged.
    """
    try:
        yield
    except RelindexError as err:
        for path, other in paths.items():  # ("a duplicate id, first in PATH")
            err.rule = err.rule.replace(path, f"table {other!r} given in memory")
        name = paths.get(err.path or "")
        if name is not None:
            relocate(err, name, frames[name])
        err.args = (err._message(),)
        raise
