"""Running the model on the design: every sample in one array computation, in chunks."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from .._core.aggregate import Tree, evaluate, evaluate_values
from .._core.normalize import normalise_panel
from .._core.transform import apply_transform
from ..errors import LimitExceededError
from ..scoring import Model
from ._design import Design, Stage
from ._ranks import sample_ranks

Array = NDArray[np.float64]

STAGES = ("raw", "normalised", "weights", "aggregation")
"""The order in which the model's stages run; each group acts at one."""


@dataclass(frozen=True)
class Outputs:
    """What a batch of ``m`` samples gives.

    Net, cooperation and friction of shape (m, E, P); the headline contributions of the
    top dimensions, shape (m, D).
    """

    net: Array
    cooperation: Array
    friction: Array
    contribution: Array

    @staticmethod
    def concat(parts: list[Outputs]) -> Outputs:
        """The outputs of consecutive batches as one."""
        return Outputs(*(np.concatenate([getattr(p, f) for p in parts])
                         for f in ("net", "cooperation", "friction", "contribution")))


@dataclass
class Runner:
    """The index as a vectorised function of the design matrix."""

    model: Model
    design: Design
    tree: Tree
    headline: int
    entity: int = 0
    calls: int = 0
    progress: Callable[[int], None] | None = None
    nominal_ranks: NDArray[np.int_] | None = None
    """Set for a many-entity target: the nominal ranks in the headline period."""

    def run(self, x: Array) -> Outputs:
        """Evaluate the samples ``x`` of shape (d, m)."""
        s = self._staged(x)
        ev = evaluate(s.norm, self.tree, weights=s.weights, method=s.method)  # type: ignore[arg-type]
        L = self.model.n_leaves
        top = [L + j for j in self.model.top_nodes()]
        contrib = ev.contribution[:, self.entity, self.headline, top]
        self._count(s.m)
        return Outputs(ev.net, ev.cooperation, ev.friction, contrib)

    def net(self, x: Array) -> Array:
        """The net index of the samples ``x`` (d, m), shape (m, E, P).

        The core's lean path: no attribution, which only `run` reports.
        """
        s = self._staged(x)
        val = evaluate_values(s.norm, self.tree, weights=s.weights,  # type: ignore[arg-type]
                              method=s.method)
        self._count(s.m)
        return val.net

    def _headline_net(self, x: Array, start: Stage | None = None, first: int = 0,
                      keep: dict[int, Stage] | None = None) -> Array:
        """``net(x)[:, :, headline]``, bit for bit, aggregating the headline period only.

        Every stage runs on the whole panel (a data-based normalisation reads every
        period); the tree's arithmetic is elementwise over periods, so the other periods'
        aggregation is skipped, not approximated (the analysis's tree has a floor at every
        geometric node, so no other period could raise either). `start`, `first` and
        `keep` are `_staged`'s.
        """
        return self._headline_of([self._staged(x, start, first, keep)])[0]

    def _headline_of(self, stages: Sequence[Stage]) -> Array:
        """The headline net index of staged samples, shape (len(stages), m, E).

        Several stages must share their normalised values (the blocks of weights and
        aggregation groups): they are aggregated in one evaluation, each bit for bit as
        on its own (the tree's arithmetic is elementwise over samples).
        """
        h, s = self.headline, stages[0]
        assert s.norm is not None
        leaves, weights, method = s.norm[:, :, h:h + 1], s.weights, s.method
        if len(stages) > 1:
            leaves = np.broadcast_to(leaves, (len(stages), *leaves.shape))
            weights = [np.stack([t.weights[j] for t in stages]) for j in range(len(weights))]
            method = np.stack([t.method for t in stages])  # type: ignore[misc]
        val = evaluate_values(leaves, self.tree, weights=weights, method=method)
        self._count(s.m * len(stages))
        net: Array = val.net[..., 0]
        return net if len(stages) > 1 else net[None]

    def _staged(self, x: Array, start: Stage | None = None, first: int = 0,
                keep: dict[int, Stage] | None = None) -> Stage:
        """The model's arrays for the samples ``x``, each stage changed by its groups.

        With `start`, the run begins at stage ``STAGES[first]`` from `start`, the arrays
        as they stood before that stage (which must not depend on the rows of the groups
        acting from it on). `keep` receives, for each stage after the first, the arrays
        as they stand before it, made read-only: a later stage that wrote into an earlier
        stage's arrays would fail here, not change what a run starting from them
        computes, which is what a whole run computes, bit for bit.
        """
        if start is None:
            base = self.model.raw[..., :self.model.n_leaves]
            s = Stage(m=x.shape[1], raw=np.broadcast_to(base, (x.shape[1], *base.shape)).copy())
        else:
            s = replace(start, weights=list(start.weights))
        rows = self.design.slices()
        for i, stage in enumerate(STAGES[first:], first):
            if keep is not None and i > 0:
                keep[i] = _frozen(s)
            self._prepare(stage, s)
            for g, sl in zip(self.design.groups, rows, strict=True):
                if g.stage == stage:
                    g.apply(x[sl], s)
        return s

    def _count(self, m: int) -> None:
        self.calls += m
        if self.progress is not None:
            self.progress(m)

    def _prepare(self, stage: str, s: Stage) -> None:
        """Compute the declared arrays of a stage before its groups change them."""
        model, m = self.model, s.m
        if stage == "normalised":
            s.t = apply_transform(s.raw, model.transform)
            s.norm = normalise_panel(s.t, model.method, model.p1, model.p2, model.sign,
                                     model.scope)
        elif stage == "weights":
            s.weights = [np.broadcast_to(w, (m, 1, len(w))) for w in self.tree.weights]
        elif stage == "aggregation":
            s.method = np.broadcast_to(self.tree.method, (m, 1, self.tree.n_nodes)).copy()

    @property
    def target(self) -> SobolTarget:
        """The target of the Sobol' design, a function of the design columns (`SobolTarget`).

        The headline net index of the entity, or, for many entities, the mean absolute
        shift of their ranks from the nominal ranks (Saisana, Saltelli & Tarantola 2005).
        """
        return SobolTarget(self)

    def _target_of(self, net: Array) -> Array:
        """The target, shape (m,), of the headline net index ``net`` of shape (m, E)."""
        if self.nominal_ranks is None:
            return net[:, self.entity]
        ranks = sample_ranks(net)
        ok = (ranks > 0) & (self.nominal_ranks[None, :] > 0)
        shift = np.where(ok, np.abs(ranks - self.nominal_ranks[None, :]), 0.0)
        return shift.sum(axis=1) / np.maximum(ok.sum(axis=1), 1)

    def first_stages(self) -> NDArray[np.intp]:
        """The position in `STAGES` of the stage each design row acts at, shape (d,)."""
        return np.array([STAGES.index(g.stage) for g in self.design.groups
                         for _ in g.inputs], dtype=np.intp)

    def run_chunked(self, X: Array, chunk: int) -> Outputs:
        """Evaluate the samples ``X`` of shape (n, d), ``chunk`` at a time."""
        return Outputs.concat([self.run(X[i:i + chunk].T) for i in range(0, len(X), chunk)])


@dataclass(frozen=True)
class SobolTarget:
    """The Sobol' target of a `Runner`, which also evaluates the design's blocks itself.

    A function of design columns and a `relindex._core.sobol.BlockModel`. The block
    :math:`A_B^{(g)}` differs from :math:`A` only in group :math:`g`'s rows, so every
    stage before the first one :math:`g` acts at gives :math:`A`'s arrays: they are
    computed once for :math:`A` and reused, and only the later stages run again. A group
    of weights or aggregation choices thus re-runs the aggregation only, and those blocks
    (which share :math:`A`'s normalised values) are aggregated together, as many at a time
    as the model has periods (one period of each: a whole block's panel in memory).
    """

    runner: Runner

    def __call__(self, x: Array) -> Array:
        """The target at the samples ``x`` of shape (d, m), shape (m,)."""
        r = self.runner
        return r._target_of(r._headline_net(x))

    def sobol_blocks(self, a: Array, b: Array,
                     members: Sequence[NDArray[np.intp]]) -> Array:
        """The target at ``[a | b | a_B^(1) | ... | a_B^(G)]``, shape (G + 2, w).

        ``a`` and ``b`` are matching columns of A and B, shape (d, w); ``a_B^(g)`` is ``a``
        with the rows ``members[g]`` taken from ``b``.
        """
        r = self.runner
        before: dict[int, Stage] = {}
        out = np.empty((len(members) + 2, a.shape[1]))
        out[0] = r._target_of(r._headline_net(a, keep=before))
        out[1] = r._target_of(r._headline_net(b))
        first = r.first_stages()
        shared: list[tuple[int, Stage]] = []  # blocks whose normalised values are a's
        for g, cols in enumerate(members):
            x = a.copy()
            x[cols] = b[cols]
            k = int(first[cols].min())
            if k == 0:
                out[2 + g] = r._target_of(r._headline_net(x))
                continue
            s = r._staged(x, before[k], k)
            if s.norm is not None and s.norm is before[len(STAGES) - 1].norm:
                shared.append((2 + g, s))
            else:
                out[2 + g] = r._target_of(r._headline_of([s])[0])
        per_call = max(1, len(r.model.periods))
        for i in range(0, len(shared), per_call):
            rows, stages = zip(*shared[i:i + per_call], strict=True)
            for row, net in zip(rows, r._headline_of(stages), strict=True):
                out[row] = r._target_of(net)
        return out


def _frozen(s: Stage) -> Stage:
    """A shallow copy of the stage's arrays, each made read-only."""
    for arr in (s.raw, s.t, s.norm, s.method, *s.weights):
        if arr is not None:
            arr.flags.writeable = False
    return replace(s, weights=list(s.weights))


class Progress:
    """A one-line progress bar on stderr, shown only on a terminal after a second."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done = total, 0
        self.enabled = enabled and sys.stderr.isatty()
        self.start = time.perf_counter()
        self.shown = False

    def __call__(self, m: int) -> None:
        self.done += m
        if not self.enabled or time.perf_counter() - self.start < 1.0:
            return
        frac = min(self.done / self.total, 1.0)
        bar = "#" * int(30 * frac)
        sys.stderr.write(f"\rrelindex: {bar:<30} {100 * frac:5.1f}% of {self.total:,} runs")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        """End the bar's line, if it was shown."""
        if self.shown:
            sys.stderr.write("\n")


def chunk_size(model: Model, tree: Tree, n: int, d: int, memory_budget: int) -> int:
    """Samples per model call so that the model's arrays stay within ``memory_budget``."""
    E, P = len(model.entities), len(model.periods)
    per_sample = 8 * E * P * (model.n_leaves + tree.n_nodes) * 24 + 8 * d
    return max(1, min(n * (d + 2), memory_budget // max(per_sample, 1)))


def check_memory(n: int, d: int, cells: int, n_top: int, n_groups: int) -> None:
    """Refuse a run whose stored samples and outputs would not fit in physical memory.

    The run keeps the design (n x d), the net index, cooperation and friction of every
    sample (n x cells each), the contributions (n x n_top) and the Sobol' outputs
    (n x (groups + 2)), all float64; chunked evaluation adds a bounded budget on top.
    """
    need = 8 * n * (2 * d + 3 * cells + n_top + n_groups + 2)
    try:
        ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        ram = 1 << 40
    if need > ram // 2:
        raise LimitExceededError(
            f"needs about {need / 1e9:,.1f} GB for {n:,} base samples, more than half of "
            f"this machine's memory ({ram / 1e9:,.1f} GB)", key="samples", value=n,
            fix="use fewer samples (e.g. 1024 or 4096)")
