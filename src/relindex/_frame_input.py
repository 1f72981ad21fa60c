"""A catalogue's data tables from pandas DataFrames in memory (private).

``relindex.load(path, tables={"data.csv": frame})`` reads `frame` in place of the file
the catalogue declares under ``[[catalogue.tables]]`` (which keeps its citation and
grade): the frame becomes the CSV text the loader parses, so every rule of a table
applies, row by row. A long frame needs ``indicator``, ``period`` and ``value`` (and
``entity`` where the catalogue has several); ``unit`` defaults to the indicator's
declared unit and ``id`` to ``<table>-<row>``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import RelindexError, require_pandas

if TYPE_CHECKING:
    import pandas as pd

NEEDED = ("indicator", "period", "value")


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
