r"""Where a change of the index comes from: value, composition and weight effects.

The net index is the sum of its indicators' signed contributions,
:math:`I(t) = \sum_i c_i(t)` (`relindex.score` attributes it exactly, for
arithmetic and geometric nodes alike). Between two periods :math:`a` and :math:`b`
the change :math:`\Delta I = \sum_i \Delta c_i` splits, indicator by indicator, into

* a **value effect** :math:`\bar W_i \, \Delta x_i` for an indicator present in both
  periods, where :math:`x_i` is its normalised value and :math:`W_i = c_i / x_i` its
  effective weight (the product of the renormalised weights on its path, signed by its
  side), :math:`\bar W_i` the mean of the two (the midpoint, or Shapley, split of a
  product);
* a **weight effect** :math:`\Delta c_i - \bar W_i \Delta x_i`: what the
  renormalisation of weights (other indicators or dimensions coming or going, or a
  geometric node's log-shares) does to an unchanged value;
* a **composition effect** :math:`c_i(b) - c_i(a)` for an indicator present in one
  period only: a change in what is measured, not in the relationship.

The effects add up exactly to :math:`\Delta I` (to floating-point rounding).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .dataset import Dataset
from .errors import RelindexError

if TYPE_CHECKING:
    import pandas as pd

    from .scoring import Model

__all__ = ["Change", "decompose"]


@dataclass(frozen=True)
class Change:
    """The change of the net index between two periods, and its effects."""

    start: int
    end: int
    entity: str | None
    """The entity whose index changed (the only one, for a one-entity catalogue)."""
    change: float
    """Index in `end` minus index in `start`."""
    effects: tuple[dict[str, Any], ...]
    """``{"indicator", "dimension", "kind", "effect"}``, ``kind`` one of ``value``,
    ``composition``, ``weight``; the effects add up to ``change``."""
    p_increase: float | None = None
    """Probability that the index rose, from joint draws of the evidence of both periods
    (`relindex.scoring.draws`); None when not computed."""
    draws: int = 0
    """Number of joint draws behind `p_increase`."""

    @property
    def exceeds_noise(self) -> bool | None:
        """True when the change is beyond its noise (``p_increase`` below 0.1 or above 0.9)."""
        if self.p_increase is None:
            return None
        return self.p_increase < 0.1 or self.p_increase > 0.9

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: ``{"from", "to", "change", "effects"}`` (and ``entity``)."""
        out: dict[str, Any] = {"from": self.start, "to": self.end, "change": self.change,
                               "p_increase": self.p_increase, "draws": self.draws,
                               "exceeds_noise": self.exceeds_noise,
                               "effects": [dict(e) for e in self.effects]}
        if self.entity is not None:
            out["entity"] = self.entity
        return out

    def to_frame(self) -> pd.DataFrame:
        """The effects as a pandas DataFrame (see `relindex.frames.change_frame`)."""
        from .frames import change_frame

        return change_frame(self)

    def __repr__(self) -> str:
        from ._display import change_repr

        return change_repr(self)

    def by_kind(self) -> dict[str, float]:
        """The total of each kind of effect."""
        out = {"value": 0.0, "composition": 0.0, "weight": 0.0}
        for e in self.effects:
            out[e["kind"]] += e["effect"]
        return out


def decompose(data: Model | Dataset | str | Path | None, start: int, end: int, *,
              entity: str | None = None, draws: int = 2000, seed: int = 0) -> Change:
    """Split the change of the net index from `start` to `end` into its effects.

    Parameters
    ----------
    data : Model, Dataset, str or Path, optional
        A prepared model (`relindex.build_model`), a dataset, or a catalogue path.
    start, end : int
        The two periods.
    entity : str, optional
        The entity, where the catalogue has several.
    draws : int, default 2000
        Joint draws of the evidence behind ``p_increase`` (0: not computed).
    seed : int, default 0
        Seed of those draws.

    Returns
    -------
    Change

    Raises
    ------
    RelindexError
        When a period is not scored, or the index is missing in either.

    Examples
    --------
    >>> from relindex.change import decompose
    >>> ch = decompose(None, 2023, 2024)
    >>> abs(sum(e["effect"] for e in ch.effects) - ch.change) < 1e-12
    True
    """
    from .dataset import load
    from .scoring import Model, build_model

    model = data if isinstance(data, Model) else build_model(
        data if isinstance(data, Dataset) else load(data if data is None else Path(data)))
    if entity is None:
        if len(model.entities) > 1:
            raise RelindexError("needs an entity: the catalogue has several", key="entity",
                                fix="pass one of " + ", ".join(model.entities[:12]))
        e = 0
    elif entity in model.entities:
        e = model.entities.index(entity)
    else:
        raise RelindexError("is not an entity of the catalogue", key="entity", value=entity,
                            fix="pass one of " + ", ".join(model.entities[:12]))
    for key, year in (("from", start), ("to", end)):
        if year not in model.periods:
            raise RelindexError(
                f"is not a scored period (scored: {model.periods[0]}-{model.periods[-1]})",
                key=key, value=year, fix="choose a year in that span")
    ev = model.evaluate()
    pa, pb = model.periods.index(start), model.periods.index(end)
    net_a, net_b = float(ev.net[e, pa]), float(ev.net[e, pb])
    for year, v in ((start, net_a), (end, net_b)):
        if math.isnan(v):
            raise RelindexError(
                "has no net index, so no change can be split", key="period", value=year,
                fix="choose two periods with an index (see 'relindex score --all-periods')")
    effects: list[dict[str, Any]] = []
    for i in range(model.n_leaves):
        cid = model.columns[i]
        dim = model.dataset.dimension_of(cid)
        effects += [{"indicator": cid, "dimension": dim, "kind": kind, "effect": effect}
                    for kind, effect in _split_effects(
                        float(ev.contribution[e, pa, i]), float(ev.contribution[e, pb, i]),
                        float(ev.values[e, pa, i]), float(ev.values[e, pb, i]))]
    effects = [x for x in effects if x["effect"] != 0.0]
    effects.sort(key=lambda x: -abs(x["effect"]))
    p_up = None
    if draws > 0:
        from .scoring.draws import index_draws

        net = index_draws(model, draws, seed)
        a, b = net[:, e, pa], net[:, e, pb]
        ok = np.isfinite(a) & np.isfinite(b)
        draws = int(ok.sum())
        if draws:
            p_up = float(np.mean((b[ok] > a[ok]) + 0.5 * (b[ok] == a[ok])))
    return Change(start, end, model.entities[e], net_b - net_a, tuple(effects), p_increase=p_up,
                  draws=draws if p_up is not None else 0)


def _split_effects(ca: float, cb: float, xa: float, xb: float) -> list[tuple[str, float]]:
    r"""The effects of one indicator's change of contribution, ``(kind, effect)`` pairs.

    Parameters
    ----------
    ca, cb : float
        Its signed contribution in the two periods (NaN: absent).
    xa, xb : float
        Its normalised value in the two periods.

    Returns
    -------
    list of (str, float)
        Nothing when absent in both; ``[("composition", c_b - c_a)]`` (an absent side
        counting 0) when present in one; else the value effect
        :math:`\bar W \Delta x` with :math:`\bar W` the mean of the effective weights
        :math:`c / x` (of the periods where :math:`x \ne 0`), and the weight effect, the
        rest of :math:`\Delta c`.

    Examples
    --------
    The effective weight halves (0.5 to 0.25) while the value triples (0.2 to 0.6):

    >>> _split_effects(0.1, 0.15, 0.2, 0.6)
    [('value', 0.15), ('weight', -0.1)]
    """
    has_a, has_b = not math.isnan(ca), not math.isnan(cb)
    if not (has_a or has_b):
        return []
    if has_a != has_b:
        return [("composition", (cb if has_b else 0.0) - (ca if has_a else 0.0))]
    ws = [c / x for c, x in ((ca, xa), (cb, xb)) if x != 0]
    w_bar = sum(ws) / len(ws) if ws else 0.0
    value = w_bar * (xb - xa)
    return [("value", value), ("weight", (cb - ca) - value)]
