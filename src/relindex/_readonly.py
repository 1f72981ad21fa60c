"""A read-only mapping that pickles: what a prepared model shares without exposing a dict.

`types.MappingProxyType` is read-only but cannot be pickled, so a `Model` holding one could
not be sent to another process or saved with ``pickle``/``joblib``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class ReadOnlyMap(Mapping[K, V]):
    """A read-only view of a copy of a mapping; picklable, unlike `types.MappingProxyType`.

    Examples
    --------
    >>> import pickle
    >>> m = ReadOnlyMap({"a": 1})
    >>> m["a"], pickle.loads(pickle.dumps(m)) == m
    (1, True)
    >>> m["b"] = 2
    Traceback (most recent call last):
    ...
    TypeError: 'ReadOnlyMap' object does not support item assignment
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[K, V] | None = None) -> None:
        self._data: dict[K, V] = dict(data or {})

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"ReadOnlyMap({self._data!r})"

    def __getstate__(self) -> dict[K, V]:
        return self._data

    def __setstate__(self, state: dict[K, V]) -> None:
        self._data = state
