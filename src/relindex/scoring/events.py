"""Event indicators as estimates: counts behind each cell, sources, and the model's value.

After the cells are laid out, every event column is replaced by its estimate from
the dynamic measurement model of `relindex._core.measurement`, computed over all
entities and periods at once:

* ``measure = "share"``: binomial; the indicator's events among all coded events of
  the entity and period, each weighted by its severity (rescaled so the weights add
  up to the number of events);
* ``measure = "count"`` and ``"severity"``: Poisson on the number of events (a
  severity is the estimated count times the mean severity of the events);
  a period inside the indicator's ``observed`` span without events is an observed
  zero; elsewhere a period without events has no likelihood term.

Grades never scale a value: the mean grade weight of a cell's events is the power of
that cell's likelihood (`relindex._core.measurement`), so a poorly graded report is
less information about its period, never a smaller count or share; a measured zero
weighs as the indicator's events do on average. The raw measure stays in `EventEvidence.observed`,
beside the counts of events and sources behind each cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from .._core.measurement import Posterior, estimate
from .cells import ESTIMATED, MISSING, OBSERVED, ZERO, Cells
from .context import Axes, Context
from .observations import Observations

__all__ = ["EventEvidence", "SourcePairs", "distinct_per", "estimate_events",
           "reused_estimates", "source_pairs"]

Array = NDArray[np.float64]

_REUSED: ContextVar[dict[tuple[object, ...], Posterior] | None] = ContextVar(
    "relindex_reused_estimates", default=None)


@contextmanager
def reused_estimates(seed: EventEvidence | None = None) -> Iterator[None]:
    """Within the block, an estimate of the same counts is computed once.

    Rescoring a dataset without one source at a time (`relindex.leave_out`) leaves
    most event indicators' counts as they were: their posteriors are the same
    arrays, shared between the models built inside the block.

    Parameters
    ----------
    seed : EventEvidence, optional
        Estimates already made (those of the full model): counts equal to the ones
        they were estimated from take them instead of estimating again.
    """
    memo: dict[tuple[object, ...], Posterior] = {}
    if seed is not None:
        # a model pickled before estimates kept their inputs has none to give
        for c, (k, n, tau) in getattr(seed, "inputs", {}).items():
            post = seed.posteriors[c]
            memo[_key(post.family, k, n, tau)] = post
    token = _REUSED.set(memo)
    try:
        yield
    finally:
        _REUSED.reset(token)


def _key(family: str, k: Array, n: Array, tau: float | None) -> tuple[object, ...]:
    return (family, k.shape, k.tobytes(), n.tobytes(), tau)


def _estimate(family: str, k: Array, n: Array, tau: float | None) -> Posterior:
    """`relindex._core.measurement.estimate`, reused inside `reused_estimates`."""
    memo = _REUSED.get()
    if memo is None:
        return estimate(family, k, n, tau=tau)
    key = _key(family, k, n, tau)
    post = memo.get(key)
    if post is None:
        post = memo[key] = estimate(family, k, n, tau=tau)
    return post


@dataclass(frozen=True, kw_only=True, eq=False)
class EventEvidence:
    """What stands behind every cell, and the event estimates.

    Arrays have shape (n_entities, n_periods, n_columns) unless said otherwise.

    Attributes
    ----------
    columns : tuple of int
        The event columns that carry an estimate.
    n_events : int ndarray
        Distinct events behind each event cell (for a share: every coded event of the
        entity and period); 0 for other columns.
    n_kind : int ndarray
        For a share, the events of the indicator's own kind (the numerator).
    n_sources : int ndarray
        Distinct sources behind each cell (for a share: of every coded event).
    observed : float ndarray
        The raw measure the documents give (NaN where they give none): the share in
        per cent, the count or the summed severity.
    posteriors : dict of int to Posterior
        The posterior of each event column over entities and periods.
    scale : dict of int to ndarray of shape (n_entities, n_periods)
        Factor from the model's value (a share in [0, 1] or a rate) to the measure.
    inputs : dict of int to (ndarray, ndarray, float or None)
        What each posterior was estimated from: the evidence-weighted counts ``k`` and
        totals ``n`` (shape (n_entities, n_periods)) and the declared random-walk step
        (`relindex._core.measurement.estimate`), so an estimate of the same counts can
        be reused (`reused_estimates`).
    """

    columns: tuple[int, ...]
    n_events: NDArray[np.int_]
    n_kind: NDArray[np.int_]
    n_sources: NDArray[np.int_]
    observed: Array
    posteriors: dict[int, Posterior]
    scale: dict[int, Array]
    inputs: dict[int, tuple[Array, Array, float | None]] = field(default_factory=dict)


class SourcePairs(NamedTuple):
    """(observation, source) pairs, and whether they are one an observation, in order."""

    obs: NDArray[np.int_]
    """The observation of each pair."""
    src: NDArray[np.int_]
    """The source of each pair."""
    each: bool
    """True when `obs` is 0, 1, ..., n - 1 (every observation has one source)."""


def source_pairs(obs: Observations, sources: tuple[tuple[int, ...], ...]) -> SourcePairs:
    """(observation, source) pairs: every source of each ledger fact, one per table row.

    Parameters
    ----------
    obs : Observations
        Ledger observations first (as many as `sources`), then table rows.
    sources : tuple of tuple of int
        The sources of each ledger observation's records.

    Returns
    -------
    SourcePairs
        With `each` known from how the pairs are built (no pass over them): table rows
        only, or one source for every ledger fact.
    """
    n_led = len(sources)
    if n_led == 0:  # table rows only: one pair per row, the row's own source
        return SourcePairs(np.arange(len(obs)), obs.source, True)
    lens = np.array([len(s) for s in sources], dtype=int)
    led_obs = np.repeat(np.arange(n_led), lens)
    led_src = np.array([c for s in sources for c in s], dtype=int)
    rest = np.arange(n_led, len(obs))
    return SourcePairs(np.concatenate([led_obs, rest]).astype(int),
                       np.concatenate([led_src, obs.source[n_led:]]).astype(int),
                       bool((lens == 1).all()))


def distinct_per(key: NDArray[np.int64], src: NDArray[np.int_], size: int,
                 n_src: int | None = None) -> NDArray[np.int_]:
    """Number of distinct sources per key (keys in [0, size), sources in [0, n_src)).

    A table of (key, source) marks when it is no larger than a few bytes per pair (one
    pass, no sort); otherwise the distinct pairs are found by `numpy.unique`.
    """
    if key.size == 0:
        return np.zeros(size, dtype=int)
    n_src = max(n_src or 0, int(src.max()) + 1)
    if n_src == 1:  # one source: a key has one if it occurs at all
        seen = np.zeros(size, dtype=bool)
        seen[key] = True
        return seen.astype(int)
    flat = key.astype(np.int64) * n_src + src
    if size * n_src <= 4 * key.size + (1 << 22):
        seen = np.zeros(size * n_src, dtype=bool)
        seen[flat] = True
        out: NDArray[np.int_] = (seen if n_src == 1 else
                                 seen.reshape(size, n_src).sum(axis=1)).astype(int)
        return out
    return np.bincount(np.unique(flat) // n_src, minlength=size).astype(int)


def _sums(row: NDArray[np.int64], w: Array, size: int) -> Array:
    out: Array = np.bincount(row, weights=w, minlength=size).astype(np.float64)
    return out


def _cell_sources(obs: Observations, pairs: SourcePairs, axes: Axes, n_obs: NDArray[np.int_],
                  has_events: bool) -> NDArray[np.int_]:
    """Distinct sources behind each cell, shape (n_entities, n_periods, n_columns)."""
    E, P, C = axes.shape
    p_obs, p_src = pairs.obs, pairs.src
    if not has_events and pairs.each and int(n_obs.max(initial=0)) <= 1:
        # one source per observation and one observation per cell at most: a cell rests
        # on as many sources as it has observations (no pass over the pairs); without
        # event columns nothing writes to the counts: a read-only view, no copy
        same = n_obs.view()
        same.flags.writeable = False
        return same
    row = np.multiply(obs.entity, P, dtype=np.int64)  # int64: no overflow of cell indexes
    row += obs.period
    cell = row * C + obs.column
    return distinct_per(cell[p_obs], p_src, E * P * C).reshape(E, P, C)


def estimate_events(ctx: Context, obs: Observations, pairs: SourcePairs, axes: Axes,
                    cells: Cells
                    ) -> tuple[Cells, EventEvidence]:
    """Replace each event column's values by its estimate, and count what stands behind cells.

    Parameters
    ----------
    ctx : Context
    obs : Observations
        Every observation (ledger facts, then table rows).
    pairs : SourcePairs
        (observation, source) pairs from `source_pairs`.
    axes : Axes
    cells : Cells
        The laid-out cells (before derived columns).

    Returns
    -------
    cells : Cells
        With event columns estimated (status ``estimated`` where a period has no
        evidence of its own).
    evidence : EventEvidence
    """
    E, P, C = axes.shape
    p_obs, p_src = pairs.obs, pairs.src
    has_events = any(ctx.indicators[c].kind == "event" for c in axes.columns)
    n_sources = _cell_sources(obs, pairs, axes, cells.n_obs, has_events)
    if not has_events:
        # without event columns the cells stay as they are (no copies) and nothing is
        # counted: read-only zeros, and the cells' raw values as the observed measure
        zeros = np.broadcast_to(np.zeros(1, dtype=int), (E, P, C))
        return cells, EventEvidence(columns=(), n_events=zeros, n_kind=zeros,
                                    n_sources=n_sources, observed=cells.raw, posteriors={},
                                    scale={})
    row = np.multiply(obs.entity, P, dtype=np.int64)
    row += obs.period
    is_event = ~np.isnan(obs.severity)
    ev_rows = row[is_event]
    all_events = np.bincount(ev_rows, minlength=E * P).reshape(E, P)
    ev_sources = distinct_per(row[p_obs][is_event[p_obs]], p_src[is_event[p_obs]],
                               E * P).reshape(E, P)
    sev = obs.severity[is_event]
    mean_sev = float(sev.mean()) if sev.size else 1.0
    raw, low, high = cells.raw.copy(), cells.low.copy(), cells.high.copy()
    status, source = cells.status.copy(), cells.source.copy()
    n_events = np.zeros((E, P, C), dtype=int)
    n_kind = np.zeros((E, P, C), dtype=int)
    observed = cells.raw.copy()
    posteriors: dict[int, Posterior] = {}
    scale: dict[int, Array] = {}
    inputs: dict[int, tuple[Array, Array, float | None]] = {}
    here = np.broadcast_to(np.arange(P)[None, :], (E, P))
    for c, cid in enumerate(axes.columns):
        ind = ctx.indicators[cid]
        if ind.kind != "event":
            continue
        mine = is_event & (obs.column == c)
        kind = np.bincount(row[mine], minlength=E * P).reshape(E, P)
        n_kind[..., c] = kind
        w = obs.weight[mine]
        if ind.measure == "share":
            n_events[..., c] = all_events
            n_sources[..., c] = ev_sources
            # a cell's grade weight (the mean of its events') scales its evidence, not its share
            wbar = _sums(ev_rows, obs.weight[is_event], E * P).reshape(E, P) / np.maximum(
                all_events, 1)
            k = wbar * _sums(row[mine], obs.severity[mine] / mean_sev, E * P).reshape(E, P)
            n = wbar * _sums(ev_rows, sev / mean_sev, E * P).reshape(E, P)
            family, factor = "binomial", np.full((E, P), 100.0)
        else:
            n_events[..., c] = kind
            zero = cells.status[..., c] == ZERO
            w_col = float(w.mean()) if w.size else 1.0
            wbar = np.where(kind > 0, _sums(row[mine], w, E * P).reshape(E, P)
                            / np.maximum(kind, 1), np.where(zero, w_col, 0.0))
            k, n = wbar * kind, wbar
            family = "poisson"
            if ind.measure == "severity":
                s_sum = _sums(row[mine], obs.severity[mine], E * P).reshape(E, P)
                pooled = float(obs.severity[mine].mean()) if mine.any() else mean_sev
                factor = np.where(kind > 0, s_sum / np.maximum(kind, 1), pooled)
            else:
                factor = np.ones((E, P))
        if not (n > 0).any():
            continue  # no evidence at all for this indicator: it stays missing
        post = _estimate(family, k, n, ind.drift_sd)
        posteriors[c], scale[c], inputs[c] = post, factor, (k, n, ind.drift_sd)
        raw[..., c] = post.mean * factor
        low[..., c] = post.low * factor
        high[..., c] = post.high * factor
        has = n > 0
        observed[..., c] = np.where(has, cells.raw[..., c], np.nan)
        status[..., c] = np.where(has, np.where(cells.status[..., c] == MISSING, OBSERVED,
                                                cells.status[..., c]), ESTIMATED)
        source[..., c] = here
    out = replace(cells, raw=raw, low=low, high=high, status=status, source=source)
    return out, EventEvidence(columns=tuple(posteriors), n_events=n_events, n_kind=n_kind,
                              n_sources=n_sources, observed=observed, posteriors=posteriors,
                              scale=scale, inputs=inputs)
