"""Running dyad-period sums over chunks of events, within bounded memory.

Per chunk of rows (see `relindex.events.readers`):

1. decode the few distinct strings of each column (dates → period codes, codes →
   quad class and fixed-point score, actors → global integer ids) and `numpy.take`
   them to the rows, or read typed columns as they are; a row that fails is counted
   under its reason;
2. factorise the chunk's dyads and periods to dense local codes and sum the chunk
   with `numpy.bincount` on the flat cell index (`relindex._core.events.cell_sums`);
3. keep the non-empty cells as (key, sums) and merge them into the running table
   from time to time (`relindex._core.events.merge_sums`).

Every sum is an integer, so the result does not depend on the chunking, on the order
of the files, or on how a cluster splits the work. The sums are checked to stay
below 2**53 (where float64 bincounts stop being exact): a run that would exceed it
is refused, never rounded.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from .._core.events import STATS, WEIGHTED_STATS, cell_sums, factorize, merge_sums, to_fixed
from ..errors import LimitExceededError, RelindexError
from .cells import DenseCells
from .chunk import Chunk, Encoded
from .decode import LARGEST_SCORE, REASONS, numbers, period_label, periods, quads
from .errors import EventDataError
from .scales import SCALES, Scale, get_scale
from .table import EventTable

__all__ = ["Accumulator", "Partial", "check_actors"]

Period = Literal["month", "year"]
Dyads = Literal["undirected", "directed"]

_BITS = 21
_MASK = (1 << _BITS) - 1
#: Largest total (events, weights, score mass in fixed point) summed exactly.
_EXACT = 2.0 ** 52

_ROLE = {"short_row": "row", "long_row": "row", "missing_actor": "source/target",
         "bad_date": "date", "unknown_code": "code", "unmapped_code": "code", "bad_quad": "quad",
         "bad_score": "score", "bad_weight": "weight"}


@dataclass
class Partial:
    """Mergeable state of an aggregation: actor names, cell keys and exact sums, counts."""

    actors: list[str]
    keys: NDArray[np.int64]
    sums: NDArray[np.int64]
    malformed: Counter[str] = field(default_factory=Counter)
    first: dict[str, tuple[str, int]] = field(default_factory=dict)
    skipped: Counter[str] = field(default_factory=Counter)
    rows: int = 0
    largest_chunk: int = 0
    total: float = 0.0


def check_actors(actors: Any) -> frozenset[str] | None:
    """The ``actors`` argument as a set of names; a lone string or a non-list is refused."""
    if actors is None:
        return None
    if isinstance(actors, str | bytes) or not isinstance(actors, Sequence | set | frozenset):
        raise RelindexError("must be a list of actor codes", key="actors", value=actors,
                            fix="pass e.g. actors=['CHN', 'RUS'] (a list, even of one)")
    bad = [a for a in actors if not isinstance(a, str) or not a.strip()]
    if bad:
        raise RelindexError("must hold actor codes (non-empty text)", key="actors",
                            value=bad[:3], fix="pass e.g. actors=['CHN', 'RUS']")
    return frozenset(a.strip() for a in actors)


class Accumulator:
    """Running dyad-period sums over chunks of events.

    Parameters
    ----------
    period : {"month", "year"}
    dyads : {"undirected", "directed"}
    scale : {"goldstein", "plover", "column"}
    weighted : bool
        Whether chunks carry a weight column.
    strict : bool
        Raise `EventDataError` at the first malformed row instead of counting it.
    actors : sequence of str, optional
        Keep only dyads whose both actors are in this set.
    merge_rows : int
        Merge pending chunk tables into the running table once they hold this many rows.
    """

    def __init__(self, *, period: Period = "year", dyads: Dyads = "undirected",
                 scale: str = "goldstein", weighted: bool = False, strict: bool = False,
                 actors: Sequence[str] | None = None, merge_rows: int = 250_000) -> None:
        if period not in ("month", "year"):
            raise RelindexError("must be 'month' or 'year'", key="period", value=period,
                                fix="pass period='month' or period='year'")
        if dyads not in ("undirected", "directed"):
            raise RelindexError("must be 'undirected' or 'directed'", key="dyads", value=dyads,
                                fix="pass dyads='undirected' or dyads='directed'")
        if scale not in SCALES:
            raise RelindexError("is not a known scale", key="scale", value=scale,
                                fix="choose one of " + ", ".join(SCALES))
        self.period, self.dyads, self.strict = period, dyads, strict
        self.scale: Scale = get_scale(scale)
        self.weighted = weighted
        self.keep = check_actors(actors)
        self.merge_rows = merge_rows
        self.actor_ids: dict[str, int] = {}
        self.width = len(STATS) + (len(WEIGHTED_STATS) if weighted else 0)
        self.keys = np.zeros(0, np.int64)
        self.sums = np.zeros((0, self.width), np.int64)
        self._pending: list[tuple[NDArray[np.int64], NDArray[np.int64]]] = []
        self._pending_rows = 0
        self.malformed: Counter[str] = Counter()
        self.first: dict[str, tuple[str, int]] = {}
        self.skipped: Counter[str] = Counter()
        self.rows = 0
        self.largest_chunk = 0
        self.total = 0.0
        self.files: list[str] = []
        self._cells: DenseCells | None = DenseCells(self.width, _BITS)

    def needed(self) -> frozenset[str]:
        """The roles this aggregation reads (the score only under ``scale="column"``)."""
        roles = {"date", "source", "target", "code", "event_type", "mode", "quad"}
        if self.scale.name == "column":
            roles.add("score")
        if self.weighted:
            roles.add("weight")
        return frozenset(roles)

    def snapshot(self) -> dict[str, Any]:
        """The state, to go back to with `restore` (arrays are replaced, never changed)."""
        return {k: (copy.copy(v) if isinstance(v, dict | list | Counter) else
                    v.copy() if isinstance(v, DenseCells) else v)
                for k, v in vars(self).items()}

    def restore(self, state: dict[str, Any]) -> None:
        """Go back to a `snapshot`."""
        vars(self).update({k: (copy.copy(v) if isinstance(v, dict | list | Counter) else v)
                           for k, v in state.items()})

    # --- decoding -------------------------------------------------------------------------

    def _actors(self, enc: Encoded | Any) -> NDArray[np.int64]:
        lut = np.empty(len(enc.uniques), np.int64)
        for i, u in enumerate(enc.uniques):
            name = u.strip()
            lut[i] = self.actor_ids.setdefault(name, len(self.actor_ids)) if name else -1
        if len(self.actor_ids) > _MASK:
            raise LimitExceededError(f"more than {_MASK} distinct actors", key="source/target",
                                     fix="aggregate country codes rather than free-text names")
        return lut[enc.index] if enc.index.size else np.zeros(0, np.int64)

    def _labels(self, cols: dict[str, Any]) -> tuple[NDArray[np.int64], list[str]] | None:
        """Per-row index into the event labels (codes, or PLOVER ``TYPE|mode``)."""
        if "event_type" in cols:
            et = cols["event_type"]
            if "mode" not in cols:
                return et.index, [u.strip().upper() for u in et.uniques]
            md = cols["mode"]
            n_m = max(len(md.uniques), 1)
            idx, uniq = factorize(et.index * n_m + md.index,
                                  size=max(len(et.uniques), 1) * n_m)
            labels = [(et.uniques[u // n_m].strip().upper() + "|"
                       + md.uniques[u % n_m].strip().lower()).rstrip("|")
                      for u in uniq.tolist()]
            return idx, labels
        if "code" in cols:
            return cols["code"].index, [u.strip() for u in cols["code"].uniques]
        return None

    def _codes(self, cols: dict[str, Any]) -> tuple[NDArray[np.int64], NDArray[np.int64],
                                                    NDArray[np.int8]]:
        """Quad class (0-3), fixed-point score and status (0 ok, 1 unknown, 2 unmapped)."""
        found = self._labels(cols)
        if found is None:
            n = len(next(iter(cols.values())).index)
            return np.zeros(n, np.int64), np.zeros(n, np.int64), np.zeros(n, np.int8)
        idx, labels = found
        quad = np.zeros(len(labels) or 1, np.int64)
        score = np.zeros(len(labels) or 1, np.float64)
        status = np.zeros(len(labels) or 1, np.int8)
        cameo = get_scale("goldstein") if self.scale.name == "plover" else None
        for i, lab in enumerate(labels):
            hit = self.scale.lookup(lab)
            if hit is None:
                status[i] = 2 if cameo is not None and cameo.lookup(lab) is not None else 1
                continue
            quad[i] = hit[0] - 1
            score[i] = 0.0 if hit[1] is None else hit[1]
        return quad[idx], to_fixed(score)[idx], status[idx]

    # --- one chunk ------------------------------------------------------------------------

    def add(self, chunk: Chunk) -> None:
        """Decode a chunk, count its malformed rows and add its events."""
        n = len(chunk)
        self.rows += n
        self.largest_chunk = max(self.largest_chunk, n)
        if n == 0:
            return
        cols = chunk.columns
        reason = np.zeros(n, np.int8)  # 0 ok, else 1 + index into REASONS

        def flag(mask: NDArray[np.bool_], name: str) -> None:
            if mask.any():  # most chunks have no row of a given reason
                reason[mask & (reason == 0)] = REASONS.index(name) + 1

        if chunk.short.size:
            flag(chunk.short, "short_row")
        if chunk.long.size:
            flag(chunk.long, "long_row")
        src = self._actors(cols["source"])
        tgt = self._actors(cols["target"])
        flag((src < 0) | (tgt < 0), "missing_actor")
        per = periods(cols["date"], self.period)
        flag(per < 0, "bad_date")
        quad, score, status = self._codes(cols)
        flag(status == 1, "unknown_code")
        flag(status == 2, "unmapped_code")
        if "quad" in cols:
            okq, quad = quads(cols["quad"])
            flag(~okq, "bad_quad")
        if self.scale.name == "column":
            if "score" not in cols:
                raise RelindexError("scale 'column' needs a score column", key="scale",
                                    fix="map a 'score' column, or use scale='goldstein'")
            sv = numbers(cols["score"])
            oks = np.abs(sv) <= LARGEST_SCORE  # False for NaN
            flag(~oks, "bad_score")
            score = to_fixed(np.where(oks, sv, 0.0))
        weight = None
        if self.weighted:
            wv = numbers(cols["weight"])
            okw = (wv >= 0) & (wv == np.floor(wv)) & (wv < 2**40)
            flag(~okw, "bad_weight")
            weight = np.where(okw, wv, 0).astype(np.int64)
        self._report(chunk, reason)
        ok = self._kept(reason == 0, src, tgt)
        if not ok.all():
            src, tgt, per, quad, score = src[ok], tgt[ok], per[ok], quad[ok], score[ok]
            weight = None if weight is None else weight[ok]
        self.add_codes(src, tgt, per, quad, score, weight)

    def _kept(self, ok: NDArray[np.bool_], src: NDArray[np.int64],
              tgt: NDArray[np.int64]) -> NDArray[np.bool_]:
        """Well-formed rows minus same-actor rows and rows outside ``actors`` (counted)."""
        same = ok & (src == tgt)
        if same.any():
            self.skipped["same_actor"] += int(same.sum())
            ok &= ~same
        if self.keep is not None:
            names = np.array([a in self.keep for a in self.actor_ids], bool)
            inside = names[np.maximum(src, 0)] & names[np.maximum(tgt, 0)]
            other = ok & ~inside
            if other.any():
                self.skipped["other_actor"] += int(other.sum())
                ok &= inside
        return ok

    def _report(self, chunk: Chunk, reason: NDArray[np.int8]) -> None:
        bad = np.flatnonzero(reason)
        if bad.size == 0:
            return
        if self.strict:
            i = int(bad[0])
            name = REASONS[reason[i] - 1]
            role = _ROLE[name]
            raise EventDataError(name, path=chunk.path, line=int(chunk.lines[i]), column=role,
                                 value=_shown(chunk, role, name, i))
        counts = np.bincount(reason[bad], minlength=len(REASONS) + 1)
        for k in np.flatnonzero(counts):
            name = REASONS[k - 1]
            self.malformed[name] += int(counts[k])
            if name not in self.first:
                i = int(bad[np.argmax(reason[bad] == k)])
                self.first[name] = (chunk.path, int(chunk.lines[i]))

    # --- integer codes --------------------------------------------------------------------

    def _check_exact(self, score: NDArray[np.int64], weight: NDArray[np.int64] | None) -> None:
        """Refuse sums that float64 bincounts could no longer hold exactly."""
        w = 1.0 if weight is None else weight.astype(np.float64)
        mass = float(np.sum(np.abs(score).astype(np.float64) * w))
        events = float(score.size if weight is None else np.sum(w))
        self.total += max(mass, events)
        if self.total >= _EXACT:
            raise LimitExceededError(
                "sums of scores or weights over 2**52 cannot be added exactly", key="weight"
                if weight is not None else "score", value=f"{self.total:.3g}",
                fix="use smaller weights or scores (scale them down), or aggregate fewer "
                "events per run")

    def add_codes(self, src: NDArray[np.int64], tgt: NDArray[np.int64], per: NDArray[np.int64],
                  quad: NDArray[np.int64], score: NDArray[np.int64],
                  weight: NDArray[np.int64] | None = None) -> None:
        """Add events already coded: actor ids, period codes, quad (0-3), fixed-point score."""
        if src.size == 0:
            return
        self._check_exact(score, weight)
        if self.dyads == "undirected":
            src, tgt = np.minimum(src, tgt), np.maximum(src, tgt)
        na = max(len(self.actor_ids), int(max(src.max(), tgt.max())) + 1)
        if self._cells is not None:
            if self._cells.add(na, src, tgt, per, quad, score, weight):
                return
            self._to_sparse()
        dyad = src * na + tgt
        ld, dyad_u = factorize(dyad, size=na * na)
        p0 = int(per.min())
        lp, per_u = factorize(per - p0, size=int(per.max()) - p0 + 1)
        per_u += p0
        n_ld, n_lp = dyad_u.size, per_u.size
        cell = lp * n_ld + ld
        n_cells = n_ld * n_lp
        if n_cells > max(4 * cell.size, 1 << 16):
            cell, cells = factorize(cell)
            sums = cell_sums(cell, quad, score, cells.size, weight)
            dy, pc = dyad_u[cells % n_ld], per_u[cells // n_ld]
        else:
            # summed period-major (time-ordered events hit a small block of cells), then
            # laid out dyad-major so that the keys come out sorted
            sums = cell_sums(cell, quad, score, n_cells, weight)
            sums = sums.reshape(n_lp, n_ld, -1).transpose(1, 0, 2).reshape(n_cells, -1)
            cells = np.flatnonzero(sums[:, 0] + sums[:, 1] + sums[:, 2] + sums[:, 3])
            sums = sums[cells]
            dy, pc = dyad_u[cells // n_lp], per_u[cells % n_lp]
        keys = ((dy // na) << (2 * _BITS)) | ((dy % na) << _BITS) | pc
        self._pending.append((keys, sums))
        self._pending_rows += keys.size
        if self._pending_rows >= max(self.merge_rows, self.keys.size):
            self.merge()

    def _to_sparse(self) -> None:
        """Hand the dense counters on as sparse parts; go on with sparse keys only."""
        if self._cells is None:
            return
        for keys, sums in self._cells.flush():
            self._pending.append((keys, sums))
            self._pending_rows += keys.size
        self._cells = None

    def merge(self) -> None:
        """Fold the pending chunk tables into the running table."""
        if not self._pending:
            return
        if self.keys.size == 0 and len(self._pending) == 1:
            keys, sums = self._pending[0]
            if keys.size < 2 or bool(np.all(keys[1:] > keys[:-1])):
                self.keys, self.sums = keys, sums
                self._pending, self._pending_rows = [], 0
                return
        keys = np.concatenate([self.keys, *(k for k, _ in self._pending)])
        sums = np.vstack([self.sums, *(s for _, s in self._pending)])
        self.keys, self.sums = merge_sums(keys, sums)
        self._pending, self._pending_rows = [], 0

    # --- partial states (for clusters) --------------------------------------------------

    def partial(self) -> Partial:
        """The state as a picklable `Partial`."""
        self._to_sparse()
        self.merge()
        return Partial(list(self.actor_ids), self.keys, self.sums, Counter(self.malformed),
                       dict(self.first), Counter(self.skipped), self.rows, self.largest_chunk,
                       self.total)

    def absorb(self, part: Partial) -> None:
        """Add another aggregation's state (same period, dyads, scale and weighting)."""
        self.rows += part.rows
        self.largest_chunk = max(self.largest_chunk, part.largest_chunk)
        self.malformed.update(part.malformed)
        self.skipped.update(part.skipped)
        self.total += part.total
        if self.total >= _EXACT:
            raise LimitExceededError("sums over 2**52 cannot be added exactly", key="weight",
                                     value=f"{self.total:.3g}",
                                     fix="use smaller weights, or aggregate fewer events")
        for k, v in part.first.items():
            self.first.setdefault(k, v)
        if part.keys.size == 0:
            return
        lut = np.array([self.actor_ids.setdefault(a, len(self.actor_ids))
                        for a in part.actors], np.int64)
        a = lut[part.keys >> (2 * _BITS)]
        b = lut[(part.keys >> _BITS) & _MASK]
        if self.dyads == "undirected":
            a, b = np.minimum(a, b), np.maximum(a, b)
        keys = (a << (2 * _BITS)) | (b << _BITS) | (part.keys & _MASK)
        self._pending.append((keys, part.sums))
        self._pending_rows += keys.size
        self.merge()

    # --- result ---------------------------------------------------------------------------

    def _sparse_rows(self, rank: NDArray[np.int64]) -> tuple[NDArray[np.int64], ...]:
        """Source ids, target ids, periods and sums of the sparse table, in name order."""
        self._to_sparse()
        self.merge()
        a = self.keys >> (2 * _BITS)
        b = (self.keys >> _BITS) & _MASK
        per = self.keys & _MASK
        in_order = bool(np.all(rank[1:] > rank[:-1]))  # ids already in name order
        if self.dyads == "undirected" and not in_order:
            swap = rank[a] > rank[b]
            a, b = np.where(swap, b, a), np.where(swap, a, b)
        sums = self.sums
        if not in_order:  # one int64 sort key: source rank, target rank, period (< 2**21 each)
            order = np.argsort((rank[a] << (2 * _BITS)) | (rank[b] << _BITS) | per,
                               kind="stable")
            a, b, per, sums = a[order], b[order], per[order], sums[order]
        return a, b, per, sums

    def table(self, *, weight: str | None = None) -> EventTable:
        """The `EventTable`, rows sorted by source, target, period."""
        names = np.array(list(self.actor_ids) or [""], dtype=object)
        rank = np.empty(names.size, np.int64)
        rank[np.argsort(names, kind="stable")] = np.arange(names.size)
        sums: NDArray[np.int64] | list[NDArray[np.int64]]
        if self._cells is not None and self.keys.size == 0 and not self._pending:
            a, b, per, sums = self._cells.rows_in_order(rank, self.dyads == "undirected")
        else:
            a, b, per, sums = self._sparse_rows(rank)
        p0 = int(per.min()) if per.size else 0
        p_idx, p_u = factorize(per - p0, size=int(per.max()) - p0 + 1 if per.size else 1)
        p_labels = np.array([period_label(int(p) + p0, self.period) for p in p_u] or [""],
                            dtype=object)
        labels = p_labels[p_idx] if p_idx.size else np.zeros(0, dtype=object)
        first = {k: f"{p}:{line}" for k, (p, line) in sorted(self.first.items())}
        return EventTable.from_sums(
            names[a], names[b], labels, sums, codes=per,
            period=self.period, dyads=self.dyads, scale=self.scale.name,
            citation=self.scale.citation, weight=weight,
            malformed={r: self.malformed[r] for r in REASONS if self.malformed[r]},
            malformed_first=first, skipped=dict(sorted(self.skipped.items())), rows=self.rows,
            files=tuple(self.files))


def _shown(chunk: Chunk, role: str, name: str, i: int) -> str:
    """The offending value of row ``i`` of a chunk, for a strict-mode error."""
    cols = chunk.columns
    first_role = role.split("/")[0]
    col = cols.get(first_role)
    if name == "missing_actor":
        s, t = cols["source"], cols["target"]
        return f"{_text(s, i)!r} -> {_text(t, i)!r}"
    return "" if col is None else _text(col, i)


def _text(col: Any, i: int) -> str:
    if isinstance(col, Encoded):
        return col.uniques[col.index[i]] if col.uniques else ""
    return str(col.values[i])
