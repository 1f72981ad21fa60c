r"""`EventTable`: dyad-period event measures as numpy columns, and their exports.

From the exact per-cell sums (see `relindex._core.events`), for a dyad in a period
with quad counts :math:`N_1..N_4`, positive and negative score mass :math:`C^+,
C^-` and weights :math:`w`:

* ``events`` :math:`N = \sum_k N_k`; ``cooperation_events`` :math:`N_1 + N_2`;
  ``friction_events`` :math:`N_3 + N_4`;
* ``goldstein_sum`` :math:`S = C^+ - C^-`; ``goldstein_mean`` :math:`S / N`;
* ``cooperation_mass`` :math:`C^+`, ``friction_mass`` :math:`C^-`;
  ``goldstein_balance`` :math:`(C^+ - C^-)/(C^+ + C^-) \in [-1, 1]`;
* ``net_cooperation_share`` :math:`(N_1 + N_2 - N_3 - N_4) / N \in [-1, 1]`;
* ``cooperation_share_est``, ``cooperation_share_lo``, ``cooperation_share_hi``: the
  cooperation share :math:`(N_1 + N_2) / N` estimated with its 90% interval by the
  dynamic binomial model over the dyad's periods (`relindex.events.estimate`);
* with weights, ``weighted_*`` are the same with each event counted :math:`w` times.

A dyad-period with no events has no row: it is missing, not zero.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._core.events import SCORE_UNIT
from ..errors import MissingExtraError, RelindexError
from .estimate import ESTIMATE_COLUMNS, period_codes, share_estimates

__all__ = ["COLUMNS", "MEASURES", "WEIGHTED_COLUMNS", "EventTable", "write_table"]

#: Columns of every table, in order.
COLUMNS = (
    "source", "target", "period", "events", "goldstein_sum", "goldstein_mean",
    "cooperation_events", "friction_events", "quad1", "quad2", "quad3", "quad4",
    "cooperation_mass", "friction_mass", "goldstein_balance", "net_cooperation_share",
    *ESTIMATE_COLUMNS,
)
#: Columns added when events are weighted.
WEIGHTED_COLUMNS = (
    "weighted_events", "weighted_cooperation_events", "weighted_friction_events",
    "weighted_goldstein_sum", "weighted_goldstein_mean", "weighted_net_cooperation_share",
)

#: Indicators `write_table` writes: indicator id → (column or ratio, unit).
MEASURES: dict[str, tuple[str, str]] = {
    "events_count": ("events", "events"),
    "events_cooperation": ("cooperation_events", "events"),
    "events_friction": ("friction_events", "events"),
    "events_cooperation_share": ("cooperation_share", "share"),
    "events_friction_share": ("friction_share", "share"),
    "events_net_cooperation_share": ("net_cooperation_share", "share"),
    "events_goldstein_mean": ("goldstein_mean", "points"),
    "events_goldstein_balance": ("goldstein_balance", "share"),
}

_ACTOR = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.]*$")


def _ratio(num: NDArray[Any], den: NDArray[Any]) -> NDArray[np.float64]:
    """Return num / den, NaN where den is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.true_divide(num, den, dtype=np.float64)
    zero = den == 0
    if zero.any():
        out[zero] = np.nan
    return out


class _Columns(dict[str, NDArray[Any]]):
    """Columns by name; the estimate columns are computed on first access, in place."""

    def __init__(self, cols: dict[str, NDArray[Any]],
                 estimated: Callable[[], tuple[NDArray[np.float64], ...]] | None) -> None:
        super().__init__(cols)
        self._estimated = estimated

    def fill(self) -> None:
        """Compute the estimate columns now, placed after `COLUMNS`' other measures."""
        if self._estimated is None:
            return
        values, self._estimated = self._estimated(), None
        rest = {k: self.pop(k) for k in list(self) if k.startswith("weighted_")}
        self.update(zip(ESTIMATE_COLUMNS, values, strict=True))
        self.update(rest)

    def __missing__(self, key: str) -> NDArray[Any]:
        if key in ESTIMATE_COLUMNS and self._estimated is not None:
            self.fill()
            return self[key]
        raise KeyError(key)


def _cells(col: NDArray[Any]) -> list[Any]:
    """A column as CSV cells: Python values, empty for NaN (as ``to_records`` gives None)."""
    values = col.tolist()
    if col.dtype.kind == "f" and np.isnan(col).any():
        return ["" if v != v else v for v in values]
    if col.dtype == object:
        return ["" if v is None or (isinstance(v, float) and math.isnan(v)) else v
                for v in values]
    return values


#: Rows converted to Python objects at a time when writing JSON (about 5 MB in flight).
JSON_BLOCK_ROWS = 1024


@dataclass
class EventTable:
    """Dyad-period event measures: one row per dyad and period with at least one event.

    Columns are numpy arrays: `COLUMNS` (and `WEIGHTED_COLUMNS` when weighted);
    ``table["events"]`` reads one. Rows are sorted by source, target, period.

    Attributes
    ----------
    columns : dict of str to ndarray
        The columns.
    period : {"month", "year"}
        The period unit; periods read ``"2023-04"`` or ``"2023"``.
    dyads : {"undirected", "directed"}
        Undirected dyads list the alphabetically first actor as ``source``.
    scale : str
        The scale used (``"goldstein"``, ``"plover"``, ``"column"``).
    citation : str
        The tables the scale rests on.
    weight : str or None
        The weight column, when weighted.
    malformed : dict of str to int
        Rows not counted, by reason (``missing_actor``, ``bad_date``, ``unknown_code``,
        ``unmapped_code``, ``bad_quad``, ``bad_score``, ``bad_weight``, ``short_row``).
    malformed_first : dict of str to str
        For each reason, where it first occurred (``file:line``).
    skipped : dict of str to int
        Well-formed rows left out by rule: ``same_actor`` (source equals target),
        ``other_actor`` (outside the ``actors`` asked for).
    rows : int
        Rows read, all included.
    files : tuple of str
        The files read.
    """

    columns: dict[str, NDArray[Any]]
    period: str
    dyads: str
    scale: str
    citation: str
    weight: str | None = None
    malformed: dict[str, int] = field(default_factory=dict)
    malformed_first: dict[str, str] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    rows: int = 0
    files: tuple[str, ...] = ()

    @classmethod
    def from_sums(cls, source: NDArray[Any], target: NDArray[Any], periods: NDArray[Any],
                  sums: NDArray[np.int64] | Sequence[NDArray[np.int64]], *,
                  codes: NDArray[np.int64] | None = None, **meta: Any) -> EventTable:
        """Build the table from per-row actors, period labels and exact sums.

        ``sums`` is an ``(n, 6)`` or ``(n, 12)`` array (columns `STATS`, then
        `WEIGHTED_STATS`), or the same columns as a sequence of 1-D arrays;
        ``codes`` the integer period code of each row, when known. The estimate
        columns (`relindex.events.estimate`) are computed when first read.
        """
        if isinstance(sums, np.ndarray):
            stats = [np.ascontiguousarray(sums[:, j]) for j in range(sums.shape[1])]
        else:
            stats = list(sums)
        q1, q2, q3, q4, pos, neg = stats[:6]
        coop = q1 + q2
        fric = q3 + q4
        events = coop + fric
        net = pos - neg
        gsum = net / SCORE_UNIT
        cols: dict[str, NDArray[Any]] = {
            "source": source, "target": target, "period": periods,
            "events": events, "goldstein_sum": gsum, "goldstein_mean": _ratio(gsum, events),
            "cooperation_events": coop, "friction_events": fric,
            "quad1": q1, "quad2": q2, "quad3": q3, "quad4": q4,
            "cooperation_mass": pos / SCORE_UNIT, "friction_mass": neg / SCORE_UNIT,
            "goldstein_balance": _ratio(net, pos + neg),
            "net_cooperation_share": _ratio(coop - fric, events),
        }
        unit = str(meta.get("period", "year"))

        def estimated() -> tuple[NDArray[np.float64], ...]:
            per = period_codes(periods, unit) if codes is None else codes
            return share_estimates(source, target, per, coop, events)

        if len(stats) > 6:
            wco, wfr = stats[6] + stats[7], stats[8] + stats[9]
            wev = wco + wfr
            wsum = (stats[10] - stats[11]) / SCORE_UNIT
            cols.update({
                "weighted_events": wev, "weighted_cooperation_events": wco,
                "weighted_friction_events": wfr, "weighted_goldstein_sum": wsum,
                "weighted_goldstein_mean": _ratio(wsum, wev),
                "weighted_net_cooperation_share": _ratio(wco - wfr, wev),
            })
        return cls(_Columns(cols, estimated), **meta)

    def __len__(self) -> int:
        return int(self.columns["events"].size)

    def __getitem__(self, name: str) -> NDArray[Any]:
        return self.columns[name]

    @property
    def names(self) -> tuple[str, ...]:
        """Column names, in order."""
        if isinstance(self.columns, _Columns):
            self.columns.fill()
        return tuple(self.columns)

    @property
    def dyad_ids(self) -> NDArray[Any]:
        """Each row's dyad id, ``"CHN-RUS"`` (source, a hyphen, target)."""
        return np.array([f"{s}-{t}" for s, t in zip(self.columns["source"],
                                                      self.columns["target"], strict=True)],
                        dtype=object)

    def to_records(self) -> list[dict[str, Any]]:
        """The rows as plain dicts (Python numbers; NaN as None), ready for JSON."""
        return self._records(0, len(self))

    def iter_records(self, rows: int = JSON_BLOCK_ROWS) -> Iterator[dict[str, Any]]:
        """The rows of `to_records` one at a time, converting `rows` rows at a time."""
        for start in range(0, len(self), rows):
            yield from self._records(start, start + rows)

    def _records(self, start: int, stop: int) -> list[dict[str, Any]]:
        """Rows ``start:stop`` as plain dicts (Python numbers; NaN as None)."""
        names = self.names
        lists = [self.columns[n][start:stop].tolist() for n in names]
        return [{n: (None if isinstance(v, float) and math.isnan(v) else v)
                 for n, v in zip(names, values, strict=True)}
                for values in zip(*lists, strict=True)]

    def _meta(self) -> dict[str, Any]:
        """Every key of `to_dict` but ``rows``, in order."""
        return {"malformed": dict(self.malformed),
                "malformed_first": dict(self.malformed_first), "skipped": dict(self.skipped),
                "rows_read": self.rows, "period": self.period, "dyads": self.dyads,
                "scale": self.scale, "citation": self.citation, "weight": self.weight}

    def to_dict(self) -> dict[str, Any]:
        """``{"rows": [...], "malformed": {...}, ...}``: the JSON shape of ``relindex events``."""
        return {"rows": self.to_records(), **self._meta()}

    def json_stream(self) -> dict[str, Any]:
        """`to_dict` with ``rows`` an iterator (`iter_records`), for a streaming JSON writer."""
        return {"rows": self.iter_records(), **self._meta()}

    def json_blocks(self, rows: int | None = None) -> Iterator[str]:
        """The JSON text of `to_dict`, in pieces of `rows` rows (default `JSON_BLOCK_ROWS`).

        The pieces join to ``json.dumps(self.to_dict(), indent=2, ensure_ascii=False)``
        and a newline, byte for byte. A writer holds one piece (and its rows as dicts)
        at a time, so the memory of writing the JSON of a million dyad-periods does not
        grow with the rows.
        """
        import json

        rows = rows or JSON_BLOCK_ROWS
        yield '{\n  "rows": '
        first = True
        for start in range(0, len(self), rows):
            text = json.dumps(self._records(start, start + rows), indent=2,
                              ensure_ascii=False)
            # "[\n  {...}\n]" -> its items, one level deeper (strings hold no raw newline)
            yield ("[\n" if first else ",\n") + "  " + text[2:-2].replace("\n", "\n  ")
            first = False
        yield "[]" if first else "\n  ]"
        meta = json.dumps(self._meta(), indent=2, ensure_ascii=False)
        yield ",\n" + meta[2:] + "\n"  # the meta object without its opening "{\n"

    def to_frame(self) -> Any:
        """The table as a pandas DataFrame (needs pandas).

        Raises
        ------
        MissingExtraError
            When pandas is not installed.
        """
        from ..errors import require_pandas

        pd = require_pandas("EventTable.to_frame")
        return pd.DataFrame({n: self.columns[n] for n in self.names})

    def to_csv(self) -> str:
        """The table as CSV text (empty cells for missing values)."""
        return "".join(self.csv_blocks())

    def csv_blocks(self, rows: int = 65_536) -> Iterator[str]:
        """The CSV text of `to_csv` in pieces of at most `rows` rows (the header first).

        A writer holds one piece at a time, not the text of a million dyads.
        """
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        names = self.names
        w.writerow(names)
        yield buf.getvalue()
        for start in range(0, len(self), rows):  # column lists a block at a time
            buf.seek(0)
            buf.truncate()
            cols = [_cells(self.columns[c][start:start + rows]) for c in names]
            w.writerows(zip(*cols, strict=True))
            yield buf.getvalue()

    def to_arrow(self) -> Any:
        """The table as a pyarrow Table (needs pyarrow)."""
        try:
            import pyarrow as pa
        except ImportError:
            raise MissingExtraError("Parquet output needs pyarrow",
                                    fix="pip install 'relindex[events]'") from None
        return pa.table({n: (c.astype(str) if c.dtype == object else c)
                         for n in self.names for c in [self.columns[n]]})


def write_table(table: EventTable, path: str | Path, *,
                measures: Sequence[str] | None = None) -> int:
    """Write event measures as a relindex CSV data table; returns the number of rows.

    Columns ``id,entity,indicator,period,value,unit``: ``entity`` is the dyad id
    (``CHN-RUS``), ``indicator`` one of `MEASURES` (``events_friction_share``...),
    ``id`` ``ev.<entity>.<indicator>.<period>``. A catalogue lists the file under
    ``[[catalogue.tables]]`` and declares the indicators it uses. A share whose
    denominator is zero is left out (missing, not zero). The file is written
    atomically.

    Raises
    ------
    RelindexError
        When an actor name is not a plain code (letters, digits, ``_`` or ``.``; no
        hyphen), or a measure is unknown.
    """
    from ..files import atomic_write

    chosen = list(MEASURES) if measures is None else list(measures)
    for m in chosen:
        if m not in MEASURES:
            raise RelindexError("is not an event measure", key="measures", value=m,
                                fix="choose from " + ", ".join(MEASURES))
    for actor in set(table["source"].tolist()) | set(table["target"].tolist()):
        if not _ACTOR.match(str(actor)):
            raise RelindexError(
                "cannot be part of a dyad id (letters, digits, '_' and '.' only)",
                path=path, key="actor", value=actor,
                fix="map actor names to codes (e.g. ISO 3166 alpha-3) before aggregating")
    cols = dict(table.columns)
    cols["cooperation_share"] = _ratio(cols["cooperation_events"], cols["events"])
    cols["friction_share"] = _ratio(cols["friction_events"], cols["events"])
    entity = table.dyad_ids
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "entity", "indicator", "period", "value", "unit"])
    n = 0
    periods = table["period"]
    for m in chosen:
        col, unit = MEASURES[m]
        values = cols[col]
        for i in range(len(table)):
            v = values[i]
            if isinstance(v, float | np.floating) and math.isnan(v):
                continue
            value = int(v) if isinstance(v, int | np.integer) else round(float(v), 6)
            w.writerow([f"ev.{entity[i]}.{m}.{periods[i]}", entity[i], m, periods[i], value,
                        unit])
            n += 1
    atomic_write(Path(path), buf.getvalue())
    return n
