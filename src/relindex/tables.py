"""CSV data tables, read and validated by column.

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

import csv
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .errors import EvidenceError, InputFileError
from .models import ID_PATTERN, Evidence, Indicator, Period

__all__ = ["COLUMNS", "Table", "parse_table"]

#: Columns a table may have (any field of an evidence record, ``citation`` for ``quote``).
COLUMNS = frozenset(Evidence.model_fields) - {"quote", "source"} | {"citation"}
_REQUIRED = ("id", "indicator", "period", "value", "unit")
#: Columns whose presence in a row sends it through the record-by-record rules.
_SLOW = ("fact", "event_type", "severity", "assign_to", "exclude")
_ID_RE = re.compile(ID_PATTERN[1:-1])
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
    ids : list of str
        Record ids, one per plain row.
    line : int ndarray
        Row number in the file (the header is row 1).
    indicator_ids : list of str
        The distinct indicator ids; ``indicator_code`` points into it per row.
    entity_ids : list of str or None
        The distinct entity ids (None where rows name none); ``entity_code`` per row.
    year : int ndarray
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
    ids: list[str]
    line: NDArray[np.int_]
    indicator_ids: list[str]
    indicator_code: NDArray[np.int32]
    entity_ids: list[str | None]
    entity_code: NDArray[np.int32]
    year: NDArray[np.int_]
    value: NDArray[np.float64]
    credibility: NDArray[np.int_]
    citations: list[str] | None = None
    actors: list[tuple[str, ...]] | None = None
    weight: NDArray[np.float64] | None = None
    """Grading weight per row (set by the loader)."""

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def indicator(self) -> list[str]:
        """Indicator id per row."""
        return [self.indicator_ids[c] for c in self.indicator_code]

    @property
    def entity(self) -> list[str | None]:
        """Entity id per row (None where the row names none)."""
        return [self.entity_ids[c] for c in self.entity_code]


def _factorise(col: list[str]) -> tuple[list[str], NDArray[np.int32]]:
    """Distinct values in order of first appearance, and each cell's code."""
    uniq = list(dict.fromkeys(col))
    index = {v: i for i, v in enumerate(uniq)}
    codes = np.fromiter(map(index.__getitem__, col), dtype=np.int32, count=len(col))
    return uniq, codes


def _split_plain(text: str) -> tuple[list[str], list[list[str]], NDArray[np.int_]] | None:
    """Split a table with no quoting into columns in a few passes over the whole text.

    Returns None (the caller then uses the csv module) when the text has quotes or
    carriage returns, a blank line, or rows whose field count differs from the header's.
    """
    if '"' in text or "\r" in text or not text:
        return None
    body_text = text[:-1] if text.endswith("\n") else text
    head, sep, rest = body_text.partition("\n")
    header = [h.strip() for h in head.split(",")]
    width = len(header)
    if not sep or not rest:
        return (header, [[] for _ in header], np.zeros(0, dtype=int)) if not rest else None
    raw = np.frombuffer(rest.encode("utf-8"), dtype=np.uint8)
    newlines = np.flatnonzero(raw == 10)
    n_rows = len(newlines) + 1
    if (len(newlines) and np.any(np.diff(newlines) == 1)) or (len(raw) and raw[0] == 10):
        return None  # a blank line
    commas = np.flatnonzero(raw == 44)
    per_line = np.bincount(np.searchsorted(newlines, commas), minlength=n_rows)
    if len(commas) != n_rows * (width - 1) or np.any(per_line != width - 1):
        return None
    cells = rest.replace("\n", ",").split(",")
    cols = [cells[k::width] for k in range(width)]
    return header, cols, np.arange(2, n_rows + 2)


def _bad(path: Path, line: int, column: str, value: Any, rule: str, fix: str) -> EvidenceError:
    return EvidenceError(rule, path=path, key=f"row {line}.{column}", value=value, fix=fix)


class _Columns:
    """A table's columns, as Python lists or as Arrow arrays, behind one interface."""

    def __init__(self, lists: dict[str, list[str]] | None = None,
                 arrow: dict[str, Any] | None = None, n_rows: int = 0) -> None:
        self.lists = lists or {}
        self.arrow = arrow or {}
        self.n_rows = n_rows
        self._facts: dict[str, tuple[list[str], NDArray[np.int32]]] = {}

    def __contains__(self, name: str) -> bool:
        return name in self.lists or name in self.arrow

    def strings(self, name: str) -> list[str]:
        """The cells of a column as strings."""
        if name not in self.lists:
            self.lists[name] = self.arrow[name].to_pylist()
        return self.lists[name]

    def fact(self, name: str) -> tuple[list[str], NDArray[np.int32]]:
        """Distinct values (in order of first appearance) and each cell's code."""
        if name not in self._facts:
            if name in self.arrow:
                enc = self.arrow[name].dictionary_encode()
                self._facts[name] = (enc.dictionary.to_pylist(),
                                     enc.indices.to_numpy(zero_copy_only=False).astype(np.int32))
            else:
                self._facts[name] = _factorise(self.lists[name])
        return self._facts[name]

    def nonempty(self, name: str) -> NDArray[np.bool_]:
        """Which cells hold something other than whitespace."""
        uniq, code = self.fact(name)
        full = np.array([bool(u.strip()) for u in uniq], dtype=bool)
        return full[code] if self.n_rows else np.zeros(0, dtype=bool)

    def floats(self, name: str) -> NDArray[np.float64]:
        """A column parsed as numbers in one pass; ValueError if a cell is not one."""
        if name in self.arrow:
            import pyarrow as pa
            import pyarrow.compute as pc

            try:
                return np.asarray(pc.cast(self.arrow[name], pa.float64()).to_numpy(
                    zero_copy_only=False), dtype=float)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                raise ValueError(name) from None
        return np.array(self.lists[name], dtype=float) if self.n_rows else np.zeros(0)


#: Tables at least this large are read with pyarrow's CSV reader when it is installed.
ARROW_MIN_BYTES = 1 << 20


def _read_arrow(data: bytes, header: list[str]) -> tuple[dict[str, Any], int] | None:
    """Read a CSV table's body with pyarrow, every column as strings; None to fall back.

    Falls back (to the csv module, which names the bad row) for anything unusual:
    blank lines, carriage returns, ragged rows, cells with surrounding whitespace.
    """
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError:
        return None
    if b"\n\n" in data or b"\r" in data:
        return None
    try:
        tbl = pacsv.read_csv(
            pa.py_buffer(data),
            read_options=pacsv.ReadOptions(column_names=header, skip_rows=1,
                                           block_size=1 << 24),
            parse_options=pacsv.ParseOptions(newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(
                column_types={h: pa.string() for h in header}, strings_can_be_null=False,
                quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, ValueError):
        return None
    return {h: tbl.column(h).combine_chunks() for h in header}, tbl.num_rows


def _arrow_ids_ok(arr: Any) -> bool:
    """Every id matches the record-id pattern (checked by Arrow's regex engine)."""
    import pyarrow.compute as pc

    if len(arr) == 0:
        return True
    ok = pc.all(pc.match_substring_regex(arr, ID_PATTERN)).as_py()
    return bool(ok) and int(pc.max(pc.utf8_length(arr)).as_py()) <= 120


def parse_table(
    path: Path, text: str, *, indicators: dict[str, Indicator], source_id: str,
    citation: str, reliability: str, default_credibility: int, data: bytes | None = None,
) -> tuple[Table, list[tuple[int, dict[str, Any]]]]:
    """Read a CSV table by column.

    Parameters
    ----------
    path : Path
        The file (for messages).
    text : str
        Its text, as the loader read it.
    indicators : dict
        Every indicator and series of the catalogue, by id.
    source_id, citation, reliability, default_credibility
        From the catalogue's table entry.
    data : bytes, optional
        The bytes `text` was decoded from: large tables are then read with pyarrow's
        CSV reader when it is installed (``pip install 'relindex[fast]'``).

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
    arrow = None
    if data is not None and len(data) >= ARROW_MIN_BYTES:
        head_cells = next(csv.reader(io.StringIO(text[:text.find("\n")], newline="")), [])
        arrow = _read_arrow(data, [h.strip() for h in head_cells]) if head_cells else None
    fast = None if arrow is not None else _split_plain(text)
    body: list[list[str]] = []
    if arrow is not None:
        header = [h.strip() for h in head_cells]
        line = np.arange(2, arrow[1] + 2)
    elif fast is not None:
        header, cols_list, line = fast
    else:
        try:
            rows = list(csv.reader(io.StringIO(text, newline="")))
        except csv.Error as e:
            raise InputFileError(f"is not a valid CSV table ({e})", path=path) from None
        if not rows:
            raise EvidenceError("has no header row", path=path,
                                fix="start the file with id,indicator,period,value,unit")
        header = [h.strip() for h in rows[0]]
        body = rows[1:]
        line = np.arange(2, len(body) + 2)
        if not all(body):  # blank lines are skipped; rows keep their line numbers
            keep_rows = [n for n, r in enumerate(body) if r]
            body = [body[n] for n in keep_rows]
            line = np.array(keep_rows, dtype=int) + 2
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
    width = len(header)
    lists: dict[str, list[str]] = {}
    if arrow is not None:
        n_rows = arrow[1]
    elif fast is not None:
        n_rows = len(line)
        lists = dict(zip(header, cols_list, strict=True))
    else:
        for n, r in enumerate(body):
            if len(r) != width:
                if len(r) > width:
                    raise EvidenceError("has more fields than the header", path=path,
                                        key=f"row {int(line[n])}",
                                        fix="quote fields that contain commas")
                body[n] = r + [""] * (width - len(r))
        n_rows = len(body)
        if n_rows:
            for h, c in zip(header, zip(*body, strict=True), strict=True):
                lists[h] = list(c)
        else:
            lists = {h: [] for h in header}
    cols = _Columns(lists, arrow[0] if arrow is not None else None, n_rows)

    for name in _REQUIRED:
        if name not in cols:
            raise EvidenceError(f"has no {name!r} column", path=path, key="header",
                                fix=f"add the column {name!r}")
    # rows sent through the record-by-record rules
    slow = np.zeros(n_rows, dtype=bool)
    for name in _SLOW:
        if name in cols:
            slow |= cols.nonempty(name)
    if "qualifier" in cols:
        q_uniq, q_code = cols.fact("qualifier")
        plain_q = np.array([q.strip() in ("", "exact") for q in q_uniq], dtype=bool)
        slow |= ~plain_q[q_code] if n_rows else slow

    # indicator: known, numeric, not derived
    i_uniq, i_code = cols.fact("indicator")
    i_strip = [v.strip() for v in i_uniq]
    for k, iid in enumerate(i_strip):
        ind = indicators.get(iid)
        if ind is None or ind.derived is not None:
            first = int(line[np.argmax(i_code == k)])
            if ind is None:
                raise _bad(path, first, "indicator", iid, "names an unknown indicator",
                           "use an indicator or series id declared in the catalogue")
            raise _bad(path, first, "indicator", iid,
                       "points at a derived indicator, which takes no evidence of its own",
                       f"attach the row to one of {', '.join(ind.derived.of)}")  # type: ignore[union-attr]
    is_event = np.array([indicators[i].kind == "event" for i in i_strip], dtype=bool)
    slow |= is_event[i_code] if n_rows else slow

    # period: one parse per distinct value; plain rows are whole years
    p_uniq, p_code = cols.fact("period")
    years = np.zeros(len(p_uniq), dtype=int)
    full = np.zeros(len(p_uniq), dtype=bool)
    for k, text_p in enumerate(p_uniq):
        try:
            per = Period.parse(text_p.strip())
        except ValueError as e:
            first = int(line[np.argmax(p_code == k)])
            raise _bad(path, first, "period", text_p, str(e),
                       "write a year such as 2023, or 2024-05, 2023-01/2023-11") from None
        years[k] = per.start_year
        full[k] = per.is_full_year
    slow |= ~full[p_code] if n_rows else slow

    # value: numbers, parsed as one column
    try:
        value = cols.floats("value")
    except ValueError:
        v_col = cols.strings("value")
        value = np.full(n_rows, np.nan)
        for n, v in enumerate(v_col):
            try:
                value[n] = float(v)
            except ValueError:
                if v.strip() or not slow[n]:
                    raise _bad(path, int(line[n]), "value", v, "is not a number",
                               "write a plain number such as 240 or 12.5") from None
    bad = ~np.isfinite(value) & ~slow
    if bad.any():
        n = int(np.argmax(bad))
        raise _bad(path, int(line[n]), "value", cols.strings("value")[n],
                   "must be a finite number",
                   "write a plain number such as 240 or 12.5")

    # value: inside the domain of the indicator's transform (log > 0, log1p > -1)
    floor = np.array([{"log": 0.0, "log1p": -1.0}.get(indicators[i].transform, -np.inf)
                      for i in i_strip])
    if n_rows:
        out = (value <= floor[i_code]) & ~slow
        if out.any():
            n = int(np.argmax(out))
            ind = indicators[i_strip[int(i_code[n])]]
            raise _bad(path, int(line[n]), "value", cols.strings("value")[n],
                       f"must be > {floor[i_code[n]]:g} because indicator "
                       f"{i_strip[int(i_code[n])]!r} takes a {ind.transform} transform",
                       "correct the value")

    # unit: the indicator's own, checked once per (indicator, unit) pair
    u_uniq, u_code = cols.fact("unit")
    if n_rows:
        pair = i_code.astype(np.int64) * len(u_uniq) + u_code
        for pk in np.unique(pair):
            k, u = divmod(int(pk), len(u_uniq))
            unit = u_uniq[u].strip()
            want = indicators[i_strip[k]].unit
            if unit != want:
                first = int(line[np.argmax(pair == pk)])
                raise _bad(path, first, "unit", unit, f"must be the indicator's unit {want!r}",
                           f"convert the value to {want!r} and set unit = {want!r}")

    # ids: one pattern check over the whole column
    ids = cols.strings("id")
    if "id" in cols.arrow and _arrow_ids_ok(cols.arrow["id"]):
        joined = ""
    else:
        joined = "\n".join(ids) + "\n" if ids else ""
    if joined and not _IDS_RE.fullmatch(joined):
        ids = [v.strip() for v in ids]
        joined = "\n".join(ids) + "\n" if ids else ""
    if joined and (not _IDS_RE.fullmatch(joined) or (ids and max(map(len, ids)) > 120)):
        for n, i in enumerate(ids):
            if not _ID_RE.fullmatch(i) or len(i) > 120 or not i.isascii():
                raise _bad(path, int(line[n]), "id", i, "is not a valid record id",
                           "use letters, digits, '_', '.', '-' (starting with a letter or "
                           "digit), at most 120 characters")

    # credibility: an integer grade 1-6
    if "credibility" in cols:
        c_uniq, c_code = cols.fact("credibility")
        grades = np.zeros(len(c_uniq), dtype=int)
        for k, c_raw in enumerate(c_uniq):
            grade = c_raw.strip()
            if grade == "":
                grades[k] = default_credibility
            elif grade in ("1", "2", "3", "4", "5", "6"):
                grades[k] = int(grade)
            else:
                first = int(line[np.argmax(c_code == k)])
                raise _bad(path, first, "credibility", grade, "must be a grade 1-6",
                           "write 1 (confirmed) to 6 (cannot be judged)")
        credibility = grades[c_code] if n_rows else np.zeros(0, dtype=int)
    else:
        credibility = np.full(n_rows, default_credibility, dtype=int)

    e_vals: list[str | None] = [None]
    e_code = np.zeros(n_rows, dtype=np.int32)
    if "entity" in cols:
        e_uniq, e_code = cols.fact("entity")
        e_vals = []
        for k, e_raw in enumerate(e_uniq):
            eid = e_raw.strip()
            if eid and (not _ID_RE.fullmatch(eid) or not eid.isascii() or len(eid) > 120):
                first = int(line[np.argmax(e_code == k)])
                raise _bad(path, first, "entity", eid, "is not a valid entity id",
                           "use letters, digits, '_', '.', '-'")
            e_vals.append(eid or None)

    actors: list[tuple[str, ...]] | None = None
    if "actors" in cols:
        a_uniq, a_code = cols.fact("actors")
        a_vals = [tuple(a.strip() for a in v.split(";") if a.strip()) for v in a_uniq]
        actors = [a_vals[c] for c in a_code]

    # the rows that need the record rules, as fields for the Evidence model
    slow_rows: list[tuple[int, dict[str, Any]]] = []
    for n in map(int, np.flatnonzero(slow)):
        fields: dict[str, Any] = {}
        for h in header:
            v = cols.strings(h)[n].strip()
            if v != "":
                fields[h] = v
        fields["quote"] = fields.pop("citation", citation)
        fields["source"] = source_id
        fields["credibility"] = int(credibility[n])
        for key in ("value", "severity"):
            if key in fields:
                try:
                    fields[key] = float(fields[key])
                except ValueError:
                    raise _bad(path, int(line[n]), key, fields[key], "is not a number",
                               "write a plain number such as 240 or 12.5") from None
                if not math.isfinite(fields[key]):
                    raise _bad(path, int(line[n]), key, fields[key], "must be a finite number",
                               "write a plain number such as 240 or 12.5")
        if "assign_to" in fields:
            if not re.fullmatch(r"[0-9]{4}", fields["assign_to"]):
                raise _bad(path, int(line[n]), "assign_to", fields["assign_to"],
                           "must be a year", "write a year such as 2023")
            fields["assign_to"] = int(fields["assign_to"])
        if "period_inferred" in fields:
            fields["period_inferred"] = fields["period_inferred"].lower() == "true"
        if "actors" in fields:
            fields["actors"] = [a.strip() for a in fields["actors"].split(";") if a.strip()]
        slow_rows.append((int(line[n]), fields))

    keep = np.flatnonzero(~slow)
    all_plain = len(keep) == n_rows
    table = Table(
        path=path, source_id=source_id, citation=citation, reliability=reliability,
        ids=list(ids) if all_plain else [ids[k] for k in keep],
        line=line[keep],
        indicator_ids=i_strip,
        indicator_code=i_code if all_plain else i_code[keep],
        entity_ids=e_vals,
        entity_code=e_code if all_plain else e_code[keep],
        year=years[p_code[keep]] if n_rows else np.zeros(0, dtype=int),
        value=value[keep],
        credibility=credibility[keep],
        citations=None if "citation" not in cols else (
            [c.strip() or citation for c in cols.strings("citation")] if all_plain
            else [cols.strings("citation")[k].strip() or citation for k in keep]),
        actors=None if actors is None else (actors if all_plain else [actors[k] for k in keep]),
    )
    return table, slow_rows
