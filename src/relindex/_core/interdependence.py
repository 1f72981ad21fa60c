r"""Trade interdependence of a dyad (Barbieri 1996), with dependence on GDP as an option.

For actors :math:`i, j` with bilateral trade :math:`T_{ij}` and each side's total
trade :math:`T_i, T_j` (or GDP, after Oneal and Russett):

.. math::

    s_i = T_{ij} / T_i, \qquad s_j = T_{ij} / T_j

    \text{asymmetry} = s_i - s_j \qquad \text{salience} = \sqrt{s_i s_j}

    \text{symmetry} = 1 - |s_i - s_j| \qquad
    \text{interdependence} = \text{salience} \times \text{symmetry}

Salience is the geometric mean of the two dependences: high only when both sides
depend on the trade. Symmetry is 1 when they depend equally; asymmetry is signed
(positive when :math:`i` depends more), a source of power in Keohane and Nye's sense.
For Russia-China with :math:`s_{RU} \approx 0.40` and :math:`s_{CN} \approx 0.05`:
salience 0.141, symmetry 0.65, interdependence 0.092.

All functions broadcast over arrays (one value per dyad and period); a share is NaN
where its denominator is not positive or the trade is negative.

References
----------
Barbieri, K. (1996). Economic Interdependence: A Path to Peace or a Source of
Interstate Conflict? *Journal of Peace Research* 33(1), 29-49.

Oneal, J. R., & Russett, B. M. (1997). The Classical Liberals Were Right: Democracy,
Interdependence, and Conflict, 1950-1985. *International Studies Quarterly* 41(2).

Keohane, R. O., & Nye, J. S. (1977). *Power and Interdependence*. Little, Brown.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["asymmetry", "dependence", "interdependence", "salience", "symmetry"]

Array = NDArray[np.float64]


def dependence(bilateral: ArrayLike, total: ArrayLike) -> Array:
    r"""One side's dependence on the dyad's trade, :math:`s_i = T_{ij} / T_i`.

    Parameters
    ----------
    bilateral : array_like
        Bilateral trade :math:`T_{ij}` (exports plus imports), >= 0.
    total : array_like
        The side's total trade :math:`T_i` (Barbieri) or GDP (Oneal and Russett), > 0.

    Returns
    -------
    ndarray of float64
        The share; NaN where `total` is not positive or `bilateral` is negative or
        not finite.

    Examples
    --------
    >>> dependence(240.0, 600.0).item()
    0.4
    >>> dependence([1.0, -1.0, 1.0], [0.0, 5.0, 4.0]).tolist()
    [nan, nan, 0.25]
    """
    b = np.asarray(bilateral, dtype=np.float64)
    t = np.asarray(total, dtype=np.float64)
    ok = np.isfinite(b) & np.isfinite(t) & (t > 0) & (b >= 0)
    out = np.full(np.broadcast(b, t).shape, np.nan)
    np.divide(b, t, out=out, where=ok)
    return out


def asymmetry(s_i: ArrayLike, s_j: ArrayLike) -> Array:
    r"""Signed asymmetry of dependence, :math:`s_i - s_j` (positive: i depends more).

    Examples
    --------
    >>> round(asymmetry(0.40, 0.05).item(), 6)
    0.35
    """
    return np.asarray(s_i, dtype=np.float64) - np.asarray(s_j, dtype=np.float64)


def salience(s_i: ArrayLike, s_j: ArrayLike) -> Array:
    r"""Barbieri's salience, :math:`\sqrt{s_i s_j}`: the geometric mean of the dependences.

    Examples
    --------
    >>> round(salience(0.40, 0.05).item(), 6)
    0.141421
    """
    return np.sqrt(np.asarray(s_i, dtype=np.float64) * np.asarray(s_j, dtype=np.float64))


def symmetry(s_i: ArrayLike, s_j: ArrayLike) -> Array:
    r"""Barbieri's symmetry, :math:`1 - |s_i - s_j|`, in [0, 1] for shares in [0, 1].

    Examples
    --------
    >>> round(symmetry(0.40, 0.05).item(), 6)
    0.65
    """
    return 1.0 - np.abs(asymmetry(s_i, s_j))


def interdependence(bilateral: ArrayLike, total_i: ArrayLike,
                    total_j: ArrayLike) -> dict[str, Any]:
    r"""Every Barbieri measure of a dyad from its trade and each side's total.

    Parameters
    ----------
    bilateral : array_like
        Bilateral trade :math:`T_{ij}`.
    total_i, total_j : array_like
        Each side's total trade (or GDP).

    Returns
    -------
    dict of str to ndarray
        ``dependence_i``, ``dependence_j``, ``asymmetry``, ``salience``,
        ``symmetry`` and ``interdependence`` (salience times symmetry), broadcast together.

    Examples
    --------
    >>> m = interdependence(240.0, 600.0, 4800.0)
    >>> {k: round(float(v), 4) for k, v in m.items()}  # doctest: +NORMALIZE_WHITESPACE
    {'dependence_i': 0.4, 'dependence_j': 0.05, 'asymmetry': 0.35, 'salience': 0.1414,
     'symmetry': 0.65, 'interdependence': 0.0919}
    """
    s_i = dependence(bilateral, total_i)
    s_j = dependence(bilateral, total_j)
    sal = salience(s_i, s_j)
    sym = symmetry(s_i, s_j)
    return {"dependence_i": s_i, "dependence_j": s_j, "asymmetry": asymmetry(s_i, s_j),
            "salience": sal, "symmetry": sym, "interdependence": sal * sym}
