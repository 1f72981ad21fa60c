"""Data tables (CSV or Parquet), read and validated by column.

A table holds one observation a row (``id,indicator,period,value,unit`` and
optional ``entity``, ``citation``, ``credibility``, ``actors``, ``qualifier``,
``fact``, ``exclude``, ...). Rows never go through a model one at a time: each
column is checked as a whole (numbers parsed in one pass, categorical columns
factorised and checked once per distinct value), and the first bad cell is
reported by row and column.

Plain rows (an exact number for a whole year, no fact to reconcile, nothing
excluded) stay columnar and enter the index as arrays. The few rows that need
the record-by-record rules (a ``fact`` shared with the ledger, a qualifier, a
period that is not a whole year, an event, an exclusion) are handed back as
dicts, which the loader validates with the `relindex.models.Evidence` model.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._ids import IdCheck, IdColumn, arrow_ids_ok
from ._parquet import read_parquet
from ._table_reading import Sheet, find_byte, read_arrow, read_csv_module, read_plain
from .errors import EvidenceError
from .files import decode_text
from .models import ID_MAX_LENGTH, ID_PATTERN, Evidence, Indicator, Period
from .record_rules import (
    CREDIBILITY,
    ENTITY_ID,
    ON_INDICATOR,
    RECORD_ID,
    TRANSFORM_DOMAIN,
    UNIT,
    broken_rule,
    transform_floor,
    valid_id,
)

__all__ = ["COLUMNS", "Table", "parse_table", "read_sheet"]

#: Columns a table may have (any field of an evidence record, ``citation`` for ``quote``).
COLUMNS = frozenset(Evidence.model_fields) - {"quote", "source"} | {"citation"}
_REQUIRED = ("id", "indicator", "period", "value", "unit")
#: Columns whose presence in a row sends it through the record-by-record rules.
_PLAIN = frozenset({"id", "entity", "indicator", "period", "value", "unit", "citation",
                    "credibility", "actors"})
"""The columns a plain row carries; a row filling any other column is read record by record."""
_FLAGS = ("period_inferred", "value_inferred")
"""Boolean columns: a row is plain when its flag is empty or false."""
_IDS_RE = re.compile(rf"(?:{ID_PATTERN[1:-1]}\n)*", re.ASCII)


@dataclass(frozen=True)
class Table:
    """The plain rows of one CSV table, as columns.

    Attributes
    ----------
    path : Path
    source_id : str
        The id its rows cite as their source.
    citation : str
        The table's citation (rows may carry their own in ``citations``).
    reliability : str
    ids : IdColumn
        Record ids, one per plain row (an Arrow array for a table read by pyarrow: an
        id becomes a str only when a row is asked for).
    line : int ndarray
        Row number in the file (the header is row 1).
    indicator_ids : list of str
        The distinct indicator ids; ``indicator_code`` points into it per row.
    entity_ids : list of str or None
        The distinct entity ids (None where rows name none); ``entity_code`` per row.
    year : int32 ndarray
    value : float ndarray
    credibility : int ndarray
    citations : list of str or None
        Per-row citations, where the table has a ``citation`` column.
    actors : list of tuple of str, or None
    """

    path: Path
    source_id: str
    citation: str
    reliability: str
    ids: IdColumn
    line: NDArray[np.int_]
    indicator_ids: list[str]
    indicator_code: NDArray[np.int32]
    entity_ids: list[str | None]
    entity_code: NDArray[np.int32]
    year: NDArray[np.int32]
    value: NDArray[np.float64]
    credibility: NDArray[np.int_]
    citations: list[str] | None = None
    actors: list[tuple[str, ...]] | None = None
    weight: NDArray[np.float64] | None = None
    """Grading weight per row (set by the loader)."""
    every_entity_named: bool = False
    """Every entity of `entity_ids` is some row's (True: known without a pass over rows)."""
    year_span: tuple[int, int] | None = None
    """First and last year of the rows, where known without a pass over them."""
    frame: tuple[str, Any] | None = field(default=None, compare=False, repr=False)
    """The name and DataFrame of a table given in memory (`relindex._frame_input.relocate`
    points an error at its rows)."""

    def __len__(self) -> int:
        return len(self.ids)

    def first_last_year(self) -> tuple[int, int]:
        """First and last year of the rows (of a table with rows)."""
        if self.year_span is not None:
            return self.year_span
        return int(self.year.min()), int(self.year.max())

    @property
    def indicator(self) -> list[str]:
        """Indicator id per row."""
        return [self.indicator_ids[c] for c in self.indicator_code]

    @property
    def entity(self) -> list[str | None]:
        """Entity id per row (None where the row names none)."""
        return [self.entity_ids[c] for c in self.entity_code]


#: Tables at least this large are read with pyarrow's CSV reader when it is installed.
ARROW_MIN_BYTES = 1 << 20


def _bad(path: Path, line: int, column: str, value: Any, rule: str, fix: str) -> EvidenceError:
    return EvidenceError(rule, path=path, key=f"row {line}.{column}", value=value, fix=fix)


def _check_header(path: Path, header: list[str]) -> None:
    """Refuse a duplicated column or one a table may not have."""
    seen: set[str] = set()
    for h in header:
        if h in seen:
            raise EvidenceError("has a duplicated column in its header", path=path,
                                key="header", value=h, fix="name every column once")
        seen.add(h)
        if h not in COLUMNS:
            raise EvidenceError(
                "is not a column a data table may have", path=path, key="header", value=h,
                fix=f"use {', '.join(_REQUIRED)} and optionally entity, citation, "
                "credibility, actors, qualifier, fact, exclude, note")


def _checker(path: Path) -> Callable[[list[str]], None]:
    def check(header: list[str]) -> None:
        _check_header(path, header)

    return check


def _head(data: bytes | memoryview) -> str | None:
    """The first line of a table's bytes, decoded (None when it is not UTF-8)."""
    end = find_byte(data, b"\n")
    try:
        return bytes(data[:end if end >= 0 else len(data)]).decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _read_arrow(path: Path, data: bytes | memoryview) -> Sheet | None:
    """A large table read by pyarrow's CSV reader; None for a small one, or when it declines."""
    if len(data) < ARROW_MIN_BYTES:
        return None
    head = _head(data)
    return None if head is None else read_arrow(path, head, data, _checker(path))


def read_sheet(path: Path, data: bytes | memoryview, parquet: bool) -> Sheet | None:
    """A Parquet table, or a large CSV table read by pyarrow (None: another reader's).

    The columnar readers of `parse_table`, with their header checks, for a caller that
    reads a table ahead of it (`relindex._prefetch`) and passes the sheet on.
    """
    if parquet:
        return _require_columns(path, read_parquet(path, data, _checker(path)))
    sheet = _read_arrow(path, data)
    return None if sheet is None else _require_columns(path, sheet)


def _read(path: Path, text: str | None, data: bytes | memoryview | None,
          arrow: bool = True) -> Sheet:
    """The table as columns, by the one reader chosen for it (its size, its quoting).

    `text` may be None when `data` is given: it is then decoded only if a reader other
    than pyarrow's needs it. With `arrow` false, pyarrow's reader is known to decline.
    """
    check = _checker(path)
    sheet = _read_arrow(path, data) if data is not None and arrow else None
    if sheet is None and text is None:
        text = decode_text(b"" if data is None else bytes(data), path, "CSV table")
    if sheet is None:
        assert text is not None
        sheet = read_plain(path, text, check)
    if sheet is None:
        assert text is not None
        sheet = read_csv_module(path, text, check)
    return _require_columns(path, sheet)


def _require_columns(path: Path, sheet: Sheet) -> Sheet:
    """Refuse a table without one of the columns every table has (its ids' check stopped)."""
    for name in _REQUIRED:
        if name not in sheet.columns:
            if sheet.columns.id_check is not None:
                sheet.columns.id_check.stop()
            raise EvidenceError(f"has no {name!r} column", path=path, key="header",
                                fix=f"add the column {name!r}")
    return sheet


@dataclass(frozen=True, kw_only=True)
class _Scan:
    """What every column check reads: the file, its columns, the catalogue's indicators."""

    path: Path
    sheet: Sheet
    indicators: dict[str, Indicator]
    catalogue: str

    def first_line(self, code: NDArray[np.int32], k: int) -> int:
        """The line of the first row whose code is `k`."""
        return int(self.sheet.line[np.argmax(code == k)])


def _special_rows(s: _Scan) -> NDArray[np.bool_]:
    """Rows that say more than a plain row: read record by record, so nothing is dropped.

    A plain row carries only the columns of `_PLAIN`. Any other column a row fills (a fact,
    an event type, a reason, a note, tags) makes it a record read by the record-by-record
    rules, as does a qualifier other than ``exact`` or a flag (``period_inferred``,
    ``value_inferred``) set to true: its reason is checked, and its record keeps both.
    """
    cols, n_rows = s.sheet.columns, s.sheet.n_rows
    slow = np.zeros(n_rows, dtype=bool)
    if not n_rows:
        return slow
    for name in s.sheet.header:
        if name in _PLAIN:
            continue
        if name == "qualifier" or name in _FLAGS:
            uniq, code = cols.fact(name)
            if name == "qualifier":
                special = np.array([v.strip() not in ("", "exact") for v in uniq], dtype=bool)
            else:
                special = np.array([v.strip().lower() not in ("", "false") for v in uniq],
                                   dtype=bool)
            slow |= special[code]
        else:
            slow |= cols.nonempty(name)
    return slow


def _indicators(s: _Scan) -> tuple[list[str], NDArray[np.int32], NDArray[np.bool_]]:
    """Distinct indicator ids, each row's code, and which ids are event indicators."""
    i_uniq, i_code = s.sheet.columns.fact("indicator")
    i_strip = [v.strip() for v in i_uniq]
    for k, iid in enumerate(i_strip):
        hit = broken_rule(iid, s.indicators.get(iid), {}, ON_INDICATOR)
        if hit is not None:
            rule, names = hit
            raise rule.error(s.path, f"row {s.first_line(i_code, k)}", iid,
                             catalogue=s.catalogue, **names)
    is_event = np.array([s.indicators[i].kind == "event" for i in i_strip], dtype=bool)
    return i_strip, i_code, is_event


def _periods(s: _Scan) -> tuple[NDArray[np.int32], NDArray[np.bool_], NDArray[np.int32]]:
    """Year and whole-year flag of each distinct period (one parse each), each row's code.

    The years (four digits) are int32: the table's year of each row takes four bytes.
    """
    p_uniq, p_code = s.sheet.columns.fact("period")
    years = np.zeros(len(p_uniq), dtype=np.int32)
    full = np.zeros(len(p_uniq), dtype=bool)
    for k, text_p in enumerate(p_uniq):
        try:
            per = Period.parse(text_p.strip())
        except ValueError as e:
            raise _bad(s.path, s.first_line(p_code, k), "period", text_p, str(e),
                       "write a year such as 2023, or 2024-05, 2023-01/2023-11") from None
        years[k] = per.start_year
        full[k] = per.is_full_year
    return years, full, p_code


def _values(s: _Scan, slow: NDArray[np.bool_]) -> NDArray[np.float64]:
    """The value column as numbers; a special row may leave it empty."""
    cols, line = s.sheet.columns, s.sheet.line
    try:
        value = cols.floats("value")
    except ValueError:
        v_col = cols.strings("value")
        value = np.full(s.sheet.n_rows, np.nan)
        for n, v in enumerate(v_col):
            try:
                value[n] = float(v)
            except ValueError:
                if v.strip() or not slow[n]:
                    raise _bad(s.path, int(line[n]), "value", v, "is not a number",
                               "write a plain number such as 240 or 12.5") from None
    bad = ~np.isfinite(value) & ~slow if not np.isfinite(value).all() else None
    if bad is not None and bad.any():
        n = int(np.argmax(bad))
        raise _bad(s.path, int(line[n]), "value", cols.strings("value")[n],
                   "must be a finite number", "write a plain number such as 240 or 12.5")
    return value


def _check_domain(s: _Scan, i_strip: list[str], i_code: NDArray[np.int32],
                  value: NDArray[np.float64], slow: NDArray[np.bool_]) -> None:
    """Plain values inside the domain of their indicator's transform (record rule)."""
    if not s.sheet.n_rows:
        return
    floor = np.array([transform_floor(s.indicators[i]) for i in i_strip])
    if not np.isfinite(floor).any():  # no indicator has a floor: no pass over the rows
        return
    out = (value <= floor[i_code]) & ~slow
    if out.any():
        n = int(np.argmax(out))
        iid = i_strip[int(i_code[n])]
        raise TRANSFORM_DOMAIN.error(s.path, f"row {int(s.sheet.line[n])}",
                                     s.sheet.columns.strings("value")[n], floor=floor[i_code[n]],
                                     indicator=iid, transform=s.indicators[iid].transform)


def _check_units(s: _Scan, i_strip: list[str], i_code: NDArray[np.int32]) -> None:
    """Each row's unit is its indicator's, checked once per (indicator, unit) pair."""
    u_uniq, u_code = s.sheet.columns.fact("unit")
    if not s.sheet.n_rows:
        return
    if len(u_uniq) == 1:  # one unit: each distinct indicator (all used) pairs with it
        pair = None
        used = np.arange(len(i_strip))
    else:
        pair = i_code.astype(np.int64) * len(u_uniq) + u_code
        used = np.flatnonzero(np.bincount(pair, minlength=len(i_strip) * len(u_uniq)))
    for pk in used:
        k, u = divmod(int(pk), len(u_uniq))
        unit = u_uniq[u].strip()
        names = UNIT.broken(i_strip[k], s.indicators[i_strip[k]], {"unit": unit})
        if names is not None:
            rows = i_code == k if pair is None else pair == pk
            raise UNIT.error(s.path, f"row {int(s.sheet.line[np.argmax(rows)])}", unit,
                             **names)


def _ids(s: _Scan, pending: IdCheck | None) -> IdColumn:
    """The id column, checked against the record-id rule in one pass over the column.

    Well-formed ids of an Arrow column are kept as they are, with the check of whether
    they are all distinct (`pending`) that runs in a thread since the column was read.
    """
    cols = s.sheet.columns
    formed = pending.well_formed() if pending is not None else None  # checked in its thread
    if "id" in cols.arrow and (arrow_ids_ok(cols.arrow["id"]) if formed is None else formed):
        return IdColumn(cols.arrow["id"], distinct=pending or False)
    ids = cols.strings("id")
    joined = "\n".join(ids) + "\n" if ids else ""
    if joined and not _IDS_RE.fullmatch(joined):
        ids = [v.strip() for v in ids]
        joined = "\n".join(ids) + "\n" if ids else ""
    too_long = bool(ids) and max(map(len, ids)) > ID_MAX_LENGTH
    # an id holding a newline would pass as two ids of the joined column
    split = joined.count("\n") != len(ids)
    if joined and (not _IDS_RE.fullmatch(joined) or too_long or split):
        for n, i in enumerate(ids):
            if RECORD_ID.broken("", None, {"id": i}) is not None:
                raise RECORD_ID.error(s.path, f"row {int(s.sheet.line[n])}", i)
    return IdColumn(ids)


def _credibility(s: _Scan, default: int) -> NDArray[np.int_]:
    """The credibility grade of each row (the table's default where empty)."""
    cols, n_rows = s.sheet.columns, s.sheet.n_rows
    if "credibility" not in cols:  # one grade for every row: one element, no copy
        out: NDArray[np.int_] = np.broadcast_to(np.asarray(default, dtype=int), (n_rows,))
        return out
    c_uniq, c_code = cols.fact("credibility")
    grades = np.zeros(len(c_uniq), dtype=int)
    for k, c_raw in enumerate(c_uniq):
        grade = c_raw.strip()
        if grade == "":
            grades[k] = default
        elif grade in ("1", "2", "3", "4", "5", "6"):
            grades[k] = int(grade)
        else:
            raise CREDIBILITY.error(s.path, f"row {s.first_line(c_code, k)}", grade)
    return grades[c_code] if n_rows else np.zeros(0, dtype=int)


def _entities(s: _Scan) -> tuple[list[str | None], NDArray[np.int32]]:
    """Distinct entity ids (None: the row names none) and each row's code."""
    cols = s.sheet.columns
    if "entity" not in cols:
        return [None], np.zeros(s.sheet.n_rows, dtype=np.int32)
    e_uniq, e_code = cols.fact("entity")
    stripped = [e.strip() for e in e_uniq]
    named = [e for e in stripped if e]
    joined = "\n".join(named) + "\n" if named else ""
    # every id at once (one match over the joined ids); one by one only to name a bad one
    if joined and not (_IDS_RE.fullmatch(joined) and joined.count("\n") == len(named)
                       and max(map(len, named)) <= ID_MAX_LENGTH):
        for k, eid in enumerate(stripped):
            if eid and not valid_id(eid):
                raise ENTITY_ID.error(s.path, f"row {s.first_line(e_code, k)}", eid)
    return [e or None for e in stripped], e_code


def _actors(s: _Scan) -> list[tuple[str, ...]] | None:
    """The actors of each row, where the table has the column."""
    if "actors" not in s.sheet.columns:
        return None
    a_uniq, a_code = s.sheet.columns.fact("actors")
    a_vals = [tuple(a.strip() for a in v.split(";") if a.strip()) for v in a_uniq]
    return [a_vals[c] for c in a_code]


def _number(s: _Scan, line: int, key: str, text: str) -> float:
    try:
        x = float(text)
    except ValueError:
        raise _bad(s.path, line, key, text, "is not a number",
                   "write a plain number such as 240 or 12.5") from None
    if not math.isfinite(x):
        raise _bad(s.path, line, key, text, "must be a finite number",
                   "write a plain number such as 240 or 12.5")
    return x


def _record_fields(s: _Scan, n: int, *, citation: str, source_id: str,
                   credibility: int) -> dict[str, Any]:
    """Row `n` as the fields of an `Evidence` record (for the record-by-record rules)."""
    line = int(s.sheet.line[n])
    fields: dict[str, Any] = {}
    for h in s.sheet.header:
        v = s.sheet.columns.strings(h)[n].strip()
        if v != "":
            fields[h] = v
    fields["quote"] = fields.pop("citation", citation)
    fields["source"] = source_id
    fields["credibility"] = credibility
    for key in ("value", "severity"):
        if key in fields:
            fields[key] = _number(s, line, key, fields[key])
    if "assign_to" in fields:
        if not re.fullmatch(r"[0-9]{4}", fields["assign_to"]):
            raise _bad(s.path, line, "assign_to", fields["assign_to"], "must be a year",
                       "write a year such as 2023")
        fields["assign_to"] = int(fields["assign_to"])
    for key in ("period_inferred", "value_inferred"):
        if key in fields:
            fields[key] = fields[key].lower() == "true"
    if "actors" in fields:
        fields["actors"] = [a.strip() for a in fields["actors"].split(";") if a.strip()]
    return fields


def parse_table(
    path: Path, text: str | None, *, indicators: dict[str, Indicator], source_id: str,
    citation: str, reliability: str, default_credibility: int,
    data: bytes | memoryview | None = None,
    catalogue: str = "indicators.toml", parquet: bool = False, sheet: Sheet | None = None,
    arrow: bool = True,
) -> tuple[Table, list[tuple[int, dict[str, Any]]]]:
    """Read a CSV or Parquet table by column.

    One reader is chosen for the whole table (Parquet's for a Parquet table; for CSV,
    pyarrow for a large one, a few passes over the text for one with no quoting, else
    the csv module); then each column is checked as a whole, with the record rules of
    `relindex.record_rules`.

    Parameters
    ----------
    path : Path
        The file (for messages).
    text : str or None
        Its text, as the loader read it (None: decoded from `data` if a reader needs it).
    indicators : dict
        Every indicator and series of the catalogue, by id.
    source_id, citation, reliability, default_credibility
        From the catalogue's table entry.
    data : bytes, optional
        The bytes `text` was decoded from: large tables are then read with pyarrow's
        CSV reader when it is installed (``pip install 'relindex[fast]'``).
    catalogue : str
        The catalogue's file name, for messages.
    parquet : bool
        `data` is a Parquet file (read with its column types, `relindex._parquet`).
    sheet : Sheet, optional
        The table already read from `data` by `read_sheet` (then `data` is not read).
    arrow : bool, default True
        False when `read_sheet` found that pyarrow's CSV reader declines the table.

    Returns
    -------
    table : Table
        The plain rows, as columns.
    slow : list of (row number, dict)
        Rows that need the record-by-record rules, as fields for `Evidence`.

    Raises
    ------
    EvidenceError
        Naming the file, the row and the column of the first bad cell.
    """
    if sheet is None:
        sheet = (_require_columns(path, read_parquet(path, data or b"", _checker(path)))
                 if parquet else _read(path, text, data, arrow))
    s = _Scan(path=path, sheet=sheet, indicators=indicators,
              catalogue=catalogue)
    arrow_id = sheet.columns.arrow.get("id")
    # the ids' check, started by the reader, or here while the other columns are checked
    pending = sheet.columns.id_check or (IdCheck(arrow_id) if arrow_id is not None
                                         and len(arrow_id) else None)
    grades: dict[str, Any] = {"citation": citation, "source_id": source_id,
                              "reliability": reliability,
                              "default_credibility": default_credibility}
    try:
        if sheet.ragged is not None:
            raise sheet.ragged
        return _checked(s, pending, **grades)
    except EvidenceError as err:  # the ids' check stops (no thread outlives the table)
        if pending is not None:
            pending.stop()
        raise _earliest(s, err, grades) from None
    except BaseException:
        if pending is not None:
            pending.stop()
        raise


_ROW = re.compile(r"row (\d+)(?=\.|$)")


def _earliest(s: _Scan, err: EvidenceError, grades: dict[str, Any]) -> EvidenceError:
    """The error of the first bad row in file order, `err` being at some bad row.

    The columns are checked one after another, each up to its first bad row, so `err`
    may come from a later row than another column's. The rows before it are checked
    again (a bad row among them is a bad row of the table): each time an error is found,
    it is from a check later in `_checked` than the one before (the earlier checks passed
    on more rows), so there are at most as many passes as checks, each over fewer rows.
    Only a refused table pays for them.
    """
    while True:
        row = _ROW.match(err.key or "")
        if row is None or str(s.path) != err.path:
            return err
        before = int(np.searchsorted(s.sheet.line, int(row.group(1))))
        if not before:
            return err
        s = replace(s, sheet=s.sheet.head(before))
        try:
            _checked(s, None, **grades)
        except EvidenceError as earlier:
            err = earlier
            continue
        return err


def _checked(s: _Scan, pending: IdCheck | None, *, citation: str, source_id: str,
             reliability: str, default_credibility: int
             ) -> tuple[Table, list[tuple[int, dict[str, Any]]]]:
    """Every column of a table read, checked (`parse_table`)."""
    path = s.path
    slow = _special_rows(s)
    i_strip, i_code, is_event = _indicators(s)
    if s.sheet.n_rows and is_event.any():
        slow |= is_event[i_code]
    years, full, p_code = _periods(s)
    if s.sheet.n_rows and not full.all():
        slow |= ~full[p_code]
    value = _values(s, slow)
    _check_domain(s, i_strip, i_code, value, slow)
    _check_units(s, i_strip, i_code)
    ids = _ids(s, pending)
    credibility = _credibility(s, default_credibility)
    e_vals, e_code = _entities(s)
    actors = _actors(s)
    slow_rows = [(int(s.sheet.line[n]),
                  _record_fields(s, n, citation=citation, source_id=source_id,
                                 credibility=int(credibility[n])))
                 for n in map(int, np.flatnonzero(slow))]
    all_plain = not slow.any()
    keep: Any = slice(None) if all_plain else np.flatnonzero(~slow)  # all rows: no copies

    def kept(xs: list[Any]) -> list[Any]:
        return xs if all_plain else [xs[k] for k in keep]

    cols = s.sheet.columns
    table = Table(
        path=path, source_id=source_id, citation=citation, reliability=reliability,
        ids=ids if all_plain else ids.take(keep), line=s.sheet.line[keep],
        indicator_ids=i_strip, indicator_code=i_code[keep], entity_ids=e_vals,
        entity_code=e_code[keep],
        year=years[p_code[keep]] if s.sheet.n_rows else np.zeros(0, dtype=np.int32),
        value=value[keep], credibility=credibility[keep],
        citations=None if "citation" not in cols else kept(
            [c.strip() or citation for c in cols.strings("citation")]),
        actors=None if actors is None else kept(actors),
        # the distinct entities and periods are those of the rows (first seen): all kept
        every_entity_named=all_plain and s.sheet.n_rows > 0,
        year_span=((int(years.min()), int(years.max())) if all_plain and s.sheet.n_rows
                   else None),
    )
    return table, slow_rows
