"""Dense dyad-period counters, used while they fit: one block of sums per period.

Each dyad seen gets a number (through a lookup table indexed by the pair of actor
ids) and each period a block of ``(dyads, sums)`` counters; a chunk of events is
summed with one `numpy.bincount` over its periods and added into their blocks, with
no sort and no merge. When the counters would outgrow the events (many actors, few
events per dyad), `DenseCells.add` says no and the accumulator goes on with sparse
keys. Sums are the same integers either way.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .._core.events import cell_parts, factorize

__all__ = ["DenseCells"]

#: Most actors the pair lookup table serves (its size is the square).
MAX_ACTORS = 4096


class DenseCells:
    """Per-period blocks of counters over the dyads seen so far.

    Parameters
    ----------
    width : int
        Sums per cell (6, or 12 with weights).
    bits : int
        Bits of the period and target fields of the sparse keys `flush` returns.
    """

    def __init__(self, width: int, bits: int) -> None:
        self.width, self.bits = width, bits
        self.cap = 0
        self.lut = np.zeros(0, np.int64)
        self.dyad_a = np.zeros(0, np.int64)
        self.dyad_b = np.zeros(0, np.int64)
        self.blocks: dict[int, NDArray[np.int64]] = {}
        self.rows = 0

    @property
    def n_dyads(self) -> int:
        """Dyads numbered so far."""
        return int(self.dyad_a.size)

    def _fits(self, n_actors: int, n_periods: int, n_dyads: int) -> bool:
        cells = n_periods * n_dyads
        return n_actors <= MAX_ACTORS and cells <= 4 * self.rows + (1 << 20)

    def _number(self, n_actors: int, pair_a: NDArray[np.int64], pair_b: NDArray[np.int64]
                ) -> NDArray[np.int64]:
        if n_actors > self.cap:
            cap = max(64, 1 << (n_actors - 1).bit_length())
            lut = np.full(cap * cap, -1, np.int64)
            lut[self.dyad_a * cap + self.dyad_b] = np.arange(self.n_dyads)
            self.cap, self.lut = cap, lut
        pair = pair_a * self.cap + pair_b
        d = self.lut.take(pair)
        new = d < 0
        if new.any():
            u = np.unique(pair[new])
            self.lut[u] = np.arange(self.n_dyads, self.n_dyads + u.size)
            self.dyad_a = np.concatenate([self.dyad_a, u // self.cap])
            self.dyad_b = np.concatenate([self.dyad_b, u % self.cap])
            d = self.lut.take(pair)
        return d

    def add(self, n_actors: int, src: NDArray[np.int64], tgt: NDArray[np.int64],
            per: NDArray[np.int64], quad: NDArray[np.int64], score: NDArray[np.int64],
            weight: NDArray[np.int64] | None) -> bool:
        """Add coded events (undirected pairs already ordered); False when they do not fit."""
        self.rows += src.size
        p0 = int(per.min())
        lp, pu = factorize(per - p0, size=int(per.max()) - p0 + 1)
        periods = set(self.blocks) | set((pu + p0).tolist())
        if not self._fits(n_actors, len(periods), self.n_dyads):
            return False
        d = self._number(n_actors, src, tgt)
        n_d = self.n_dyads
        if not self._fits(n_actors, len(periods), n_d):
            return False
        parts = cell_parts(lp * n_d + d, quad, score, pu.size * n_d, weight)
        groups = [part.reshape(pu.size, n_d, -1) for part in parts]
        for j, p in enumerate((pu + p0).tolist()):
            block = self.blocks.get(p)
            if block is None or block.shape[0] < n_d:
                grown = np.zeros((n_d, self.width), np.int64)
                if block is not None:
                    grown[:block.shape[0]] = block
                block = self.blocks[p] = grown
            at = 0
            for g in groups:  # float sums hold exact integers: the cast is exact
                k = g.shape[2]
                view = block[:n_d, at:at + k]
                np.add(view, g[j], out=view, casting="unsafe")
                at += k
        return True

    def flush(self) -> list[tuple[NDArray[np.int64], NDArray[np.int64]]]:
        """The non-empty cells as sparse (keys, sums) parts; the blocks are emptied."""
        out = []
        for p, block in sorted(self.blocks.items()):
            rows = np.flatnonzero(block[:, :4].sum(axis=1))
            a, b = self.dyad_a[rows], self.dyad_b[rows]
            keys = (a << (2 * self.bits)) | (b << self.bits) | p
            out.append((keys, block[rows]))
        self.blocks = {}
        return out

    def rows_in_order(self, rank: NDArray[np.int64], undirected: bool
                      ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64],
                                 list[NDArray[np.int64]]]:
        """Source ids, target ids, period codes and sums (one array per sum) of the cells.

        Only the non-empty cells, sorted by source name, target name and period
        (``rank`` orders the actor ids by name); an undirected dyad lists its first
        actor by name as source. The counters are laid out dyad-major, ``(dyads,
        periods, sums)``, so the rows of a dyad are gathered from one contiguous span.
        """
        ps = np.array(sorted(self.blocks), np.int64)
        n_d, n_p = self.n_dyads, ps.size
        cube = np.zeros((n_d, n_p, self.width), np.int64)
        for j, p in enumerate(ps.tolist()):
            block = self.blocks[p][:n_d]
            cube[:block.shape[0], j] = block
        a, b = self.dyad_a, self.dyad_b
        if undirected:
            swap = rank[a] > rank[b]
            a, b = np.where(swap, b, a), np.where(swap, a, b)
        order = np.lexsort((rank[b], rank[a]))
        events = cube[:, :, 0] + cube[:, :, 1]  # (dyads, periods)
        events += cube[:, :, 2]
        events += cube[:, :, 3]
        at = np.flatnonzero(events[order])  # (dyads in name order, periods)
        d_row = order[at // n_p]
        p_col = at % n_p
        rows = cube.reshape(-1, self.width).take(d_row * n_p + p_col, axis=0)
        del cube, events  # freed before the columns are copied out
        return a[d_row], b[d_row], ps[p_col], list(np.ascontiguousarray(rows.T))

    def copy(self) -> DenseCells:
        """An independent copy (blocks are changed in place by `add`)."""
        new = DenseCells(self.width, self.bits)
        new.cap, new.lut, new.rows = self.cap, self.lut.copy(), self.rows
        new.dyad_a, new.dyad_b = self.dyad_a, self.dyad_b
        new.blocks = {p: b.copy() for p, b in self.blocks.items()}
        return new
