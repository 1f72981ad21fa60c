"""Joint draws of the evidence: plausible values of every cell, and the net index of each draw.

Each draw replaces every value by a plausible one: an event indicator's whole path
over the periods from its posterior (forward filtering, backward sampling, so two
adjacent periods keep their correlation), and a number uniformly within its evidence
interval (qualifiers, relative error; a carried value takes the draw of the period it
comes from). The draws go through the model's normalisation and aggregation, so the
net index of every draw is computed as the point value is.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .._core.measurement import sample_paths
from .model import Model

__all__ = ["MAX_CELLS", "draw_values", "index_draws"]

MAX_CELLS = 20_000_000
"""Largest number of drawn cells (draws x entities x periods x columns) held at once."""


def draw_values(model: Model, draws: int, rng: np.random.Generator) -> NDArray[np.float64]:
    """Raw values of every cell in each draw, shape (draws, n_entities, n_periods, n_columns).

    Parameters
    ----------
    model : Model
    draws : int
    rng : numpy.random.Generator
    """
    raw, low, high = model.raw, model.low, model.high
    out = np.broadcast_to(raw, (draws, *raw.shape)).copy()
    spread = np.isfinite(low) & np.isfinite(high) & (high > low)
    if spread.any():
        u = rng.random((draws, *raw.shape))
        src = np.maximum(model.source, 0)
        u = np.take_along_axis(u, np.broadcast_to(src, u.shape), axis=-2)
        out = np.where(spread, low + u * (high - low), out)
    evs = model.events
    if evs is not None:
        for c, post in evs.posteriors.items():
            out[..., c] = sample_paths(post, draws, rng) * evs.scale[c]
    return out


def index_draws(model: Model, draws: int, seed: int | np.random.Generator | None = 0
                ) -> NDArray[np.float64]:
    """Net index of every entity and period in each draw, shape (draws, n_entities, n_periods).

    Parameters
    ----------
    model : Model
    draws : int
        Number of draws (fewer when the model is large: at most `MAX_CELLS` cells).
    seed : int, Generator or None, default 0
    """
    rng = np.random.default_rng(seed)
    cells = max(1, model.raw.size)
    draws = max(1, min(draws, MAX_CELLS // cells))
    values = draw_values(model, draws, rng)
    return model.evaluate(model.normalised(values)).net
