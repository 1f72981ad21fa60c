"""Date and quad-class columns from pyarrow text, encoded straight from their bytes.

pyarrow's CSV reader builds a dictionary for a text column by hashing every value,
which is most of its work on an event file. Dates (``YYYYMMDD``) and quad classes
(``1``..``4``) are read as plain text instead and encoded here from the column's
byte buffer, when every value has the usual width:

* a date column whose values are all eight ASCII digits becomes the integer of its
  digits per row, factorised; its distinct values are written back as the same
  eight digits (leading zeros kept), so they are the very strings of the file;
* a column whose values are all one ASCII character is indexed by that byte, into
  the 128 ASCII characters.

Any other column (ISO dates, a value of another width, non-ASCII text) is
dictionary-encoded by pyarrow as before. Either way the result is an `Encoded`
whose ``uniques[index[i]]`` is row i's text, so decoding, malformed-row reasons and
strict-mode messages are the same as for any other reader.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._core.events import factorize
from .chunk import Encoded

__all__ = ["ASCII", "fixed_width", "text_column"]

#: The 128 ASCII characters, the uniques of a one-character column.
ASCII = [chr(i) for i in range(128)]
_U = np.uint64


def _eight_digits(raw: NDArray[np.uint8]) -> NDArray[np.int64]:
    """The number each row of eight ASCII digits spells, eight at a time in one uint64.

    The bytes of a row, read as a little-endian uint64, hold the first digit lowest;
    pairs, then quadruples of digits are combined by shifts and two multiplications.

    Examples
    --------
    >>> _eight_digits(np.frombuffer(b"2023010500000001", np.uint8).reshape(2, 8)).tolist()
    [20230105, 1]
    """
    x = np.ascontiguousarray(raw).view("<u8").reshape(-1) - _U(0x3030303030303030)
    x = x * _U(10) + (x >> _U(8))  # each even byte: two digits' value
    lo = (x & _U(0x000000FF000000FF)) * _U(100 + (1_000_000 << 32))
    hi = ((x >> _U(16)) & _U(0x000000FF000000FF)) * _U(1 + (10_000 << 32))
    return ((lo + hi) >> _U(32)).astype(np.int64)


def fixed_width(arr: Any, width: int) -> NDArray[np.uint8] | None:
    """The bytes of a pyarrow string array as an ``(n, width)`` view, if every value has that width.

    Examples
    --------
    >>> import pyarrow as pa
    >>> fixed_width(pa.array(["ab", "cd"]), 2).tolist()
    [[97, 98], [99, 100]]
    >>> fixed_width(pa.array(["ab", "c"]), 2) is None
    True
    """
    n = len(arr)
    if n == 0 or arr.null_count:
        return None
    off_buf, data_buf = arr.buffers()[1:3]
    offsets = np.frombuffer(off_buf, np.int32, count=arr.offset + n + 1)[arr.offset:]
    start = int(offsets[0])
    if int(offsets[-1]) - start != width * n:
        return None
    if not np.array_equal(offsets - start, np.arange(0, width * (n + 1), width, dtype=np.int32)):
        return None
    data = np.frombuffer(data_buf, np.uint8, count=start + width * n)[start:]
    return data.reshape(n, width)


def _digits8(arr: Any) -> Encoded | None:
    raw = fixed_width(arr, 8)
    if raw is None:
        return None
    digits = raw - np.uint8(48)  # wraps below '0': anything but a digit is > 9
    if int(digits.max()) > 9:
        return None
    value = _eight_digits(raw)
    lo = int(value.min())
    index, uniques = factorize(value - lo, size=int(value.max()) - lo + 1)
    return Encoded(index, [f"{int(u) + lo:08d}" for u in uniques])


def _char(arr: Any) -> Encoded | None:
    raw = fixed_width(arr, 1)
    if raw is None or int(raw.max()) >= 128:
        return None
    return Encoded(raw.reshape(-1).astype(np.int64), ASCII)


def text_column(arr: Any, role: str) -> Encoded | None:
    """A date or quad column of plain pyarrow text encoded from its bytes; None otherwise.

    Examples
    --------
    >>> import pyarrow as pa
    >>> e = text_column(pa.array(["20230105", "00010101", "20230105"]), "date")
    >>> e.index.tolist(), e.uniques
    ([1, 0, 1], ['00010101', '20230105'])
    >>> e = text_column(pa.array(["1", "4"]), "quad")
    >>> [e.uniques[i] for i in e.index]
    ['1', '4']
    >>> text_column(pa.array(["2023-01-05"]), "date") is None
    True
    """
    import pyarrow as pa

    if not (pa.types.is_string(arr.type) and role in ("date", "quad")):
        return None
    return _digits8(arr) if role == "date" else _char(arr)
