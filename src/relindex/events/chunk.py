"""Chunks of event rows as the readers hand them on: encoded text, typed numbers, lines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["Chunk", "Encoded", "Values", "encode"]


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
