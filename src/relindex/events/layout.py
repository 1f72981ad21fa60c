"""The layout of an event file: the known layout its header shows, and each role's field."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from ..errors import InputFileError
from .mapping import (
    GDELT_ALIASES,
    GDELT_COLUMNS,
    GDELT_EXPORT,
    GDELT_FIELD_COUNTS,
    PRESETS,
    ColumnMapping,
)

__all__ = ["detect_mapping", "first_line", "positions"]


def first_line(path: Path) -> str:
    """The file's first line (at most 1 MiB), without its newline or byte-order mark.

    A line ends at a line feed, a carriage return and line feed, or a lone carriage
    return, as for the csv module.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(1 << 20)
    except OSError as e:
        raise InputFileError(f"cannot be read ({e.strerror})", path=path,
                             fix="pass the path of an event file") from None
    line = re.split(rb"\r\n|\r|\n", head, maxsplit=1)[0]
    return line.decode("utf-8", errors="replace").lstrip("\ufeff")


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
        line = first_line(p)
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
