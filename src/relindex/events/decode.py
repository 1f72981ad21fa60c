"""Decoding event fields: dates to period codes, numbers, and the reasons a row is malformed.

One date parser serves text dates (`parse_period`, on the few distinct strings of a
chunk) and integer ``YYYYMMDD`` dates from typed files (`periods_from_ints`, on whole
arrays); both check the calendar (no 30 February, leap years by the Gregorian rule)
and accept ASCII digits only.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .chunk import Encoded, Values

__all__ = ["LARGEST_SCORE", "REASONS", "numbers", "parse_period", "period_label",
           "periods", "periods_from_ints", "quads"]

#: Reasons a row is malformed, in the order they are checked (a row counts once).
REASONS = ("short_row", "long_row", "missing_actor", "bad_date", "unknown_code",
           "unmapped_code", "bad_quad", "bad_score", "bad_weight")

#: Largest absolute score read from a score column (Goldstein and ICEWS scores lie in
#: -10..10); a larger one is a malformed row (``bad_score``).
LARGEST_SCORE = 1e6

_DAYS = np.array([0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _leap(year: NDArray[np.int64] | int) -> NDArray[np.bool_] | bool:
    return (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))


def parse_period(text: str, unit: str) -> int:
    r"""Period code of a date string, -1 when it is not a date.

    Month codes are ``12 * year + month - 1``; year codes are the year. Accepted:
    ``YYYYMMDD``, ``YYYY-MM-DD`` (optionally followed by a time), ``YYYYMM``,
    ``YYYY-MM``, ``YYYY`` (the last only for yearly periods); ASCII digits only.

    Examples
    --------
    >>> parse_period("20230415", "month"), parse_period("2023-04-15", "year")
    (24279, 2023)
    >>> parse_period("2023-02-30", "month"), parse_period("2023", "month")
    (-1, -1)
    >>> parse_period("\u00b2023-01-01", "year")  # a superscript digit is not a digit
    -1
    """
    s = text.strip()
    if len(s) > 10 and s[10] in " T":
        s = s[:10]
    if len(s) == 10 and s[4] == "-" and s[7] == "-":
        y, m, d = s[:4], s[5:7], s[8:]
    elif len(s) == 8:
        y, m, d = s[:4], s[4:6], s[6:]
    elif len(s) == 7 and s[4] == "-":
        y, m, d = s[:4], s[5:], "01"
    elif len(s) == 6:
        y, m, d = s[:4], s[4:], "01"
    elif len(s) == 4 and unit == "year":
        y, m, d = s, "01", "01"
    else:
        return -1
    if not all(part.isascii() and part.isdigit() for part in (y, m, d)):
        return -1
    year, month, day = int(y), int(m), int(d)
    if year < 1 or not 1 <= month <= 12 or not 1 <= day <= _DAYS[month]:
        return -1
    if month == 2 and day == 29 and not _leap(year):
        return -1
    return year if unit == "year" else 12 * year + month - 1


def periods_from_ints(v: NDArray[np.int64], unit: str) -> NDArray[np.int64]:
    """Period codes of integer dates (``YYYYMMDD``, ``YYYYMM``; ``YYYY`` for years); -1 if not.

    The same rules as `parse_period` on the digits, for whole arrays.

    Examples
    --------
    >>> periods_from_ints(np.array([20230415, 20230230, 202304, 2023, -1]), "month").tolist()
    [24279, -1, 24279, -1, -1]
    """
    v = np.asarray(v, np.int64)
    out = np.full(v.shape, -1, np.int64)
    for lo, hi, scale in ((10_000_000, 100_000_000, 10_000), (100_000, 1_000_000, 100),
                          (1_000, 10_000, 1)):
        sel = (v >= lo) & (v < hi)
        if scale == 1 and unit != "year":
            continue
        if not sel.any():
            continue
        x = v[sel]
        year = x // scale
        month = (x // 100) % 100 if scale == 10_000 else (x % 100 if scale == 100
                                                          else np.ones_like(x))
        day = x % 100 if scale == 10_000 else np.ones_like(x)
        ok = (month >= 1) & (month <= 12)
        mc = np.where(ok, month, 0)
        ok &= (day >= 1) & (day <= _DAYS[mc])
        ok &= ~((mc == 2) & (day == 29) & ~_leap(year))
        code = year if unit == "year" else 12 * year + month - 1
        out[sel] = np.where(ok, code, -1)
    return out


def periods(col: Encoded | Values, unit: str) -> NDArray[np.int64]:
    """Period code of every row of a date column (-1 where it is not a date).

    Integer dates span a short range (ten years of ``YYYYMMDD`` are about 100,000
    numbers): each number of the range is decoded once and looked up per row.
    """
    if isinstance(col, Values):
        v = col.values
        if v.size == 0:
            return np.zeros(0, np.int64)
        lo, hi = int(v.min()), int(v.max())
        if hi - lo < max(v.size, 1 << 16):
            lut = periods_from_ints(np.arange(lo, hi + 1, dtype=np.int64), unit)
            return lut[v - lo]
        return periods_from_ints(v, unit)
    lut = np.array([parse_period(u, unit) for u in col.uniques] or [-1], np.int64)
    return lut[col.index]


def period_label(code: int, unit: str) -> str:
    """``"2023-04"`` or ``"2023"`` for a period code."""
    if unit == "year":
        return f"{code:04d}"
    return f"{code // 12:04d}-{code % 12 + 1:02d}"


def _number(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        return np.nan
    return v if np.isfinite(v) else np.nan


def numbers(col: Encoded | Values) -> NDArray[np.float64]:
    """Every row of a numeric column as a float (NaN where it is not a finite number)."""
    if isinstance(col, Values):
        v = np.asarray(col.values, np.float64)
        return np.where(np.isfinite(v), v, np.nan)
    lut = np.array([_number(u) for u in col.uniques] or [np.nan], np.float64)
    return lut[col.index]


def quads(col: Encoded | Values) -> tuple[NDArray[np.bool_], NDArray[np.int64]]:
    """Whether each row's quad class is 1, 2, 3 or 4, and that class minus one (else 0).

    A text column is decoded once per distinct value and spread to the rows.

    Examples
    --------
    >>> ok, q = quads(Encoded(np.array([0, 1, 2, 0]), ["4", "x", "1.0"]))
    >>> ok.tolist(), q.tolist()
    ([True, False, True, True], [3, 0, 0, 3])
    """
    if isinstance(col, Values):
        qv = numbers(col)
    else:
        qv = np.array([_number(u) for u in col.uniques] or [np.nan], np.float64)
    ok = np.isin(qv, (1.0, 2.0, 3.0, 4.0))
    q = np.where(ok, qv - 1, 0).astype(np.int64)
    if isinstance(col, Encoded):
        return ok[col.index], q[col.index]
    return ok, q
