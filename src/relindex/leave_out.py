"""Leave one source out: how far each period's net index rests on a single document.

Documents choose what they report. When a period's sign flips once one source is
left out, the period's reading rests on that source, and the result says so (the
flag ``rests_on_one_source``). For every source that has counted evidence, the
dataset is scored again without its records and table rows, through the same
model; the net index of each entity and period is kept.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np
from numpy.typing import NDArray

from .dataset import Dataset
from .errors import RelindexError

__all__ = ["LeaveOneOut", "Net", "counted_sources", "leave_one_source_out", "without_source"]

Net = tuple[list[str], list[int], NDArray[np.float64]]
"""What rescoring a dataset gives: its entity ids, periods and net index."""

MAX_SOURCES = 60
"""Above this many sources the analysis is skipped (each one rescores the dataset)."""


@dataclass(frozen=True, kw_only=True, eq=False)
class LeaveOneOut:
    """Net index of every entity and period with each source left out in turn.

    Attributes
    ----------
    sources : tuple of str
        The sources left out, in catalogue order.
    by_source : ndarray of shape (n_sources, n_entities, n_periods)
        The net index without each source (NaN where it cannot be computed).
    low, high : ndarray of shape (n_entities, n_periods)
        Smallest and largest of those values (NaN where none exists).
    flips : ndarray of object, shape (n_entities, n_periods)
        For each cell, the tuple of sources without which the sign of the net
        index changes (empty when none does).
    """

    sources: tuple[str, ...]
    by_source: NDArray[np.float64]
    low: NDArray[np.float64]
    high: NDArray[np.float64]
    flips: NDArray[np.object_]

    def of(self, e: int, p: int) -> dict[str, object]:
        """The JSON shape of one cell: ``{"min", "max", "by_source"}`` (None for NaN)."""

        def opt(x: float) -> float | None:
            return None if np.isnan(x) else float(x)

        return {"min": opt(self.low[e, p]), "max": opt(self.high[e, p]),
                "by_source": {s: opt(self.by_source[k, e, p])
                              for k, s in enumerate(self.sources)}}


def counted_sources(dataset: Dataset) -> tuple[str, ...]:
    """Ids of the sources that have ledger records or table rows, in catalogue order."""
    used = {r.evidence.source for r in dataset.ledger}
    used.update(t.source_id for t in dataset.tables)
    return tuple(s for s in dataset.sources if s in used)


def without_source(dataset: Dataset, source: str) -> Dataset:
    """The dataset without one source's records and table rows (the rest shared, unchanged)."""
    ledger = tuple(r for r in dataset.ledger if r.evidence.source != source)
    tables = tuple(t for t in dataset.tables if t.source_id != source)
    return dataclasses.replace(dataset, ledger=ledger, tables=tables, _records=None,
                               _by_id=None)


def _one_by_one(net_of: Callable[[Dataset], Net] | None,
                datasets: list[Dataset]) -> list[Net | None]:
    """Each dataset scored by `net_of` (None where nothing is left to score)."""
    out: list[Net | None] = []
    for ds in datasets:
        try:
            out.append(net_of(ds))  # type: ignore[misc]
        except RelindexError:
            out.append(None)
    return out


def leave_one_source_out(
    dataset: Dataset,
    entities: list[str],
    periods: list[int],
    index: NDArray[np.float64],
    net_of: Callable[[Dataset], Net] | None = None,
    *,
    nets_of: Callable[[list[Dataset]], list[Net | None]] | None = None,
) -> LeaveOneOut | None:
    """Rescore without each counted source in turn.

    Parameters
    ----------
    dataset : Dataset
    entities, periods : list
        The full model's entity ids and periods.
    index : ndarray of shape (n_entities, n_periods)
        The full model's net index.
    net_of : callable, optional
        Scores one dataset: its entity ids, periods and net index (a `RelindexError`
        when nothing is left to score).
    nets_of : callable, optional
        Instead of `net_of`, scores the datasets all at once: for each, its entity ids,
        periods and net index, or None when nothing is left to score (``relindex
        score`` evaluates them as one batch).

    Returns
    -------
    LeaveOneOut or None
        None when the dataset has a single source or more than `MAX_SOURCES`.
    """
    if (net_of is None) == (nets_of is None):
        raise TypeError("pass either net_of or nets_of")
    sources = counted_sources(dataset)
    if len(sources) < 2 or len(sources) > MAX_SOURCES:
        return None
    if nets_of is None:
        nets_of = partial(_one_by_one, net_of)
    e_at = {e: i for i, e in enumerate(entities)}
    p_at = {p: i for i, p in enumerate(periods)}
    out = np.full((len(sources), len(entities), len(periods)), np.nan)
    nets = nets_of([without_source(dataset, sid) for sid in sources])
    for k, scored in enumerate(nets):
        if scored is None:
            continue  # nothing left to score without it
        ents, pers, net = scored
        ei = np.array([e_at.get(e, -1) for e in ents], dtype=int)
        pi = np.array([p_at.get(p, -1) for p in pers], dtype=int)
        ok_e, ok_p = ei >= 0, pi >= 0
        out[k][np.ix_(ei[ok_e], pi[ok_p])] = net[np.ix_(ok_e, ok_p)]
    with np.errstate(invalid="ignore"):
        seen = ~np.isnan(out).all(axis=0)
        low = np.where(seen, np.nanmin(np.where(np.isnan(out), np.inf, out), axis=0), np.nan)
        high = np.where(seen, np.nanmax(np.where(np.isnan(out), -np.inf, out), axis=0), np.nan)
        steady = np.isnan(index) | (index == 0)
        flipped = (np.sign(out) != np.sign(index)[None]) & ~np.isnan(out) & ~steady[None]
    flips = np.empty(index.shape, dtype=object)
    flips.fill(())
    for e, p in zip(*np.nonzero(flipped.any(axis=0)), strict=True):
        flips[e, p] = tuple(s for k, s in enumerate(sources) if flipped[k, e, p])
    return LeaveOneOut(sources=sources, by_source=out, low=low, high=high, flips=flips)
