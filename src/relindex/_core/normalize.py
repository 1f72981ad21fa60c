r"""Normalisations: map each indicator's (transformed) values onto [0, 1].

Every function takes values of shape ``(..., n_periods, n_indicators)`` and
normalises each indicator's column over the periods axis (``axis=-2``), so the
same code serves one scoring run and a whole Monte Carlo batch
``(n_samples, n_periods, n_indicators)``. NaN marks a missing value and stays
NaN. Method codes are in ``METHODS``.

The formulas follow the OECD/JRC *Handbook on Constructing Composite
Indicators* (2008), section 5, and the names of COINr (the JRC's R package):

* goalposts (``n_goalposts``): :math:`\mathrm{clip}((x - L)/(U - L), 0, 1)`;
* min-max over the data (``n_minmax``): :math:`(x - \min x)/(\max x - \min x)`;
* z-score (``n_zscore``), mapped to [0, 1] by clipping at :math:`\pm k`
  standard deviations: :math:`\mathrm{clip}((z + k)/(2k), 0, 1)`;
* distance to a reference (``n_dist2ref``):
  :math:`\mathrm{clip}(1 - |x - r|/s, 0, 1)`;
* percentile rank (``n_prank``): :math:`(r - 1)/(n - 1)`, ties averaged.

A constant column under min-max, z-score or rank has no spread; it is mapped
to 0.5 and reported by `degenerate_columns` so the caller can warn.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

METHODS = {"goalposts": 0, "minmax": 1, "zscore": 2, "distance": 3, "rank": 4}

Array = NDArray[np.float64]


def goalposts(x: Array, low: Array, high: Array) -> Array:
    r"""Min-max with fixed goalposts, clipped to [0, 1].

    Parameters
    ----------
    x : ndarray of shape (..., n_periods, n_indicators)
    low, high : ndarray of shape (n_indicators,) or broadcastable
        Goalposts :math:`L < U`, in the same (transformed) units as `x`.

    Returns
    -------
    ndarray
        :math:`\mathrm{clip}((x - L)/(U - L), 0, 1)`.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[0.0], [5.0], [20.0]])
    >>> goalposts(x, np.array([0.0]), np.array([10.0])).ravel().tolist()
    [0.0, 0.5, 1.0]
    """
    r = _ratio(x, low, high)
    return np.clip(r, 0.0, 1.0, out=r)


def _ratio(x: Array, lo: Array, hi: Array) -> Array:
    """``(x - lo)/(hi - lo)`` also where the differences overflow (finite values near +-1.8e308).

    Where ``hi - lo`` is not finite, all three are halved first; an overflowing
    numerator over a finite denominator is a value beyond the bounds and clips correctly.
    """
    with np.errstate(over="ignore"):
        num = x - lo
        den = hi - lo
        wide = ~np.isfinite(den) & np.isfinite(hi) & np.isfinite(lo)
        if np.any(wide):
            num = np.where(wide, x * 0.5 - lo * 0.5, num)
            den = np.where(wide, hi * 0.5 - lo * 0.5, den)
        if num.shape != np.broadcast_shapes(num.shape, np.shape(den)):
            return num / den
        return np.divide(num, den, out=num)  # num is a fresh array: divide in place


def _spread(x: Array) -> tuple[Array, Array, Array]:
    present = ~np.isnan(x)
    n = present.sum(axis=-2, keepdims=True)
    lo = np.where(n > 0, np.nanmin(np.where(present, x, np.inf), axis=-2, keepdims=True), np.nan)
    hi = np.where(n > 0, np.nanmax(np.where(present, x, -np.inf), axis=-2, keepdims=True), np.nan)
    return lo, hi, n


def minmax(x: Array) -> Array:
    r"""Min-max over the data: :math:`(x - \min x)/(\max x - \min x)`.

    A column whose present values are all equal maps to 0.5.

    Examples
    --------
    >>> import numpy as np
    >>> minmax(np.array([[1.0], [3.0], [np.nan], [2.0]])).ravel().tolist()
    [0.0, 1.0, nan, 0.5]
    """
    lo, hi, _ = _spread(x)
    spread = hi > lo
    safe_lo = np.where(spread, lo, 0.0)
    safe_hi = np.where(spread, hi, 1.0)
    return np.where(spread, _ratio(x, safe_lo, safe_hi),
                    np.where(np.isnan(x), np.nan, 0.5))


def zscore(x: Array, k: Array) -> Array:
    r"""Z-score over the data, mapped to [0, 1] by clipping at :math:`\pm k` sd.

    Uses the population standard deviation (``ddof=0``) of the present values.

    Parameters
    ----------
    x : ndarray of shape (..., n_periods, n_indicators)
    k : ndarray of shape (n_indicators,)
        Clip bound in standard deviations (> 0).

    Examples
    --------
    >>> import numpy as np
    >>> zscore(np.array([[1.0], [3.0]]), np.array([2.0])).ravel().tolist()
    [0.25, 0.75]
    """
    present = ~np.isnan(x)
    lo, hi, n = _spread(x)
    # A column is constant when its present values are equal (not when a rounded sd is 0:
    # the mean of 0.1, 0.1, 0.1 is not 0.1 in binary, and that sd is 1e-17, not 0).
    spread = hi > lo
    # z is scale-free: divide by the largest magnitude first so sums cannot overflow.
    scale = np.maximum(np.abs(np.where(spread, lo, 1.0)), np.abs(np.where(spread, hi, 1.0)))
    xs = np.where(present, x, 0.0) / scale
    safe_n = np.maximum(n, 1)
    mean = xs.sum(axis=-2, keepdims=True) / safe_n
    var = (np.where(present, xs - mean, 0.0) ** 2).sum(axis=-2, keepdims=True) / safe_n
    sd = np.sqrt(var)
    safe_sd = np.where(spread & (sd > 0), sd, 1.0)
    z = (xs - mean) / safe_sd
    with np.errstate(over="ignore"):  # z/k beyond the float range clips to 0 or 1 anyway
        out = np.clip(0.5 + 0.5 * (z / k), 0.0, 1.0)
    return np.where(present, np.where(spread, out, 0.5), np.nan)


def distance(x: Array, reference: Array, scale: Array) -> Array:
    r"""Distance to a reference value: :math:`\mathrm{clip}(1 - |x - r|/s, 0, 1)`.

    1 at the reference, falling linearly to 0 at distance `scale` from it.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[50.0], [75.0], [0.0]])
    >>> distance(x, np.array([50.0]), np.array([50.0])).ravel().tolist()
    [1.0, 0.5, 0.0]
    """
    with np.errstate(over="ignore"):  # a distance beyond the float range is beyond `scale`
        return np.clip(1.0 - np.abs(x - reference) / scale, 0.0, 1.0)


def rank(x: Array) -> Array:
    r"""Percentile rank over the data: :math:`(r - 1)/(n - 1)`, ties get their average rank.

    A column with one present value maps to 0.5.

    Examples
    --------
    >>> import numpy as np
    >>> rank(np.array([[10.0], [30.0], [20.0], [20.0], [np.nan]])).ravel().tolist()
    [0.0, 1.0, 0.5, 0.5, nan]
    """
    x = np.asarray(x, dtype=float)
    axis = x.ndim - 2
    order = np.argsort(x, axis=axis, kind="stable")  # NaN sort last
    xs = np.take_along_axis(x, order, axis=axis)
    n_p = x.shape[axis]
    pos = np.arange(n_p).reshape((n_p, 1))
    # start of each run of equal values, and its end
    new_run = np.ones(xs.shape, dtype=bool)
    if n_p > 1:
        same = xs[..., 1:, :] == xs[..., :-1, :]
        new_run[..., 1:, :] = ~same
    start = np.maximum.accumulate(np.where(new_run, pos, 0), axis=axis)
    end_run = np.ones(xs.shape, dtype=bool)
    if n_p > 1:
        end_run[..., :-1, :] = ~same
    rev = np.flip(np.where(end_run, pos, n_p), axis=axis)
    end = np.flip(np.minimum.accumulate(rev, axis=axis), axis=axis)
    avg = (start + end) / 2.0
    n = (~np.isnan(x)).sum(axis=axis, keepdims=True)
    pr = np.where(n > 1, avg / np.maximum(n - 1, 1), 0.5)
    pr = np.where(np.isnan(xs), np.nan, pr)
    out = np.empty_like(pr)
    np.put_along_axis(out, order, pr, axis=axis)
    return out


def normalise(
    x: Array,
    method: NDArray[np.int_],
    p1: Array,
    p2: Array,
    sign: Array,
) -> Array:
    """Normalise each indicator by its method and apply its polarity.

    Parameters
    ----------
    x : ndarray of shape (..., n_periods, n_indicators)
        Transformed values, NaN where missing.
    method : ndarray of int, shape (n_indicators,)
        Codes from ``METHODS``.
    p1, p2 : ndarray of shape (n_indicators,)
        Method parameters: goalposts (low, high); z-score (k, unused);
        distance (reference, scale); unused otherwise.
    sign : ndarray of shape (n_indicators,)
        +1 where a higher value raises the dimension's score, -1 where it
        lowers it (the normalised value becomes ``1 - n``).

    Returns
    -------
    ndarray of the same shape as `x`, values in [0, 1] or NaN.
    """
    x = np.asarray(x, dtype=float)
    method = np.asarray(method)
    # (not np.unique, which imports numpy.ma: about 10 ms of every start-up)
    single = bool(method.size) and bool((method == method.flat[0]).all())
    if single and int(method.flat[0]) in _DISPATCH:
        # one method for every column: no column masks, no copies of x
        out = np.asarray(_DISPATCH[int(method.flat[0])](x, p1, p2), dtype=float)
        if out is x:
            out = out.copy()
    else:
        out = np.full_like(x, np.nan)
        for code, fn in _DISPATCH.items():
            cols = method == code
            if cols.any():
                out[..., cols] = fn(x[..., cols], p1[cols], p2[cols])
    neg = np.asarray(sign) < 0
    if neg.any():
        np.subtract(1.0, out, out=out, where=np.broadcast_to(neg, out.shape))
    return out


_DISPATCH = {
    0: lambda x, a, b: goalposts(x, a, b),
    1: lambda x, a, b: minmax(x),
    2: lambda x, a, b: zscore(x, a),
    3: lambda x, a, b: distance(x, a, b),
    4: lambda x, a, b: rank(x),
}


def degenerate_columns(x: Array, method: NDArray[np.int_]) -> NDArray[np.bool_]:
    """Which data-based columns have no spread (all present values equal).

    Returns a boolean array of shape (n_indicators,) for a 2-D `x`
    ``(n_periods, n_indicators)``: True where the method is min-max, z-score or
    rank and fewer than two distinct present values exist, so the column was
    mapped to 0.5.
    """
    data_based = np.isin(method, (1, 2, 4))
    lo, hi, n = _spread(np.asarray(x, dtype=float))
    flat = (hi == lo).reshape(-1) | (n.reshape(-1) < 2)
    return data_based & flat & (n.reshape(-1) > 0)


SCOPES = {"panel": 0, "period": 1, "entity": 2}
"""Scope codes of the data-based methods: the whole panel, the entities within each
period, or the periods within each entity."""


def normalise_panel(
    x: Array,
    method: NDArray[np.int_],
    p1: Array,
    p2: Array,
    sign: Array,
    scope: NDArray[np.int_],
) -> Array:
    """Normalise a panel of entities x periods, each data-based column within its scope.

    Parameters
    ----------
    x : ndarray of shape (..., n_entities, n_periods, n_indicators)
        Transformed values, NaN where missing.
    method, p1, p2, sign
        As for `normalise`.
    scope : ndarray of int, shape (n_indicators,)
        ``SCOPES`` code per indicator: ``0`` the whole panel (every entity and period),
        ``1`` the entities within each period (a cross-section), ``2`` the periods
        within each entity (a time series). Fixed goalposts and a distance reference
        do not depend on the data, so their scope does not matter.

    Returns
    -------
    ndarray of the same shape as `x`, values in [0, 1] or NaN.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[[1.0], [2.0]], [[3.0], [5.0]]])   # 2 entities x 2 periods
    >>> m, z, s = np.array([1]), np.zeros(1), np.ones(1)
    >>> normalise_panel(x, m, z, z, s, np.array([0])).ravel().tolist()
    [0.0, 0.25, 0.5, 1.0]
    >>> normalise_panel(x, m, z, z, s, np.array([1])).ravel().tolist()
    [0.0, 0.0, 1.0, 1.0]
    >>> normalise_panel(x, m, z, z, s, np.array([2])).ravel().tolist()
    [0.0, 1.0, 0.0, 1.0]
    """
    x = np.asarray(x, dtype=float)
    method = np.asarray(method)
    scope = np.asarray(scope)
    data_based = np.isin(method, (1, 2, 4))
    out = None
    shape = x.shape
    for code in (0, 1, 2):
        cols = (scope == code) | (~data_based & (code == 2))
        if code != 2:
            cols &= data_based
        if not cols.any():
            continue
        if code == 2 and cols.all():
            # every column within each entity (goalposts, distances): no masks, no copies
            return normalise(x, method, p1, p2, sign)
        if out is None:
            out = np.full_like(x, np.nan)
        sub = x[..., cols]
        args = (method[cols], p1[cols], p2[cols], sign[cols])
        if code == 0:
            flat = sub.reshape(*shape[:-3], shape[-3] * shape[-2], sub.shape[-1])
            out[..., cols] = normalise(flat, *args).reshape(sub.shape)
        elif code == 1:
            swapped = np.swapaxes(sub, -3, -2)
            out[..., cols] = np.swapaxes(normalise(swapped, *args), -3, -2)
        else:
            out[..., cols] = normalise(sub, *args)
    return np.full_like(x, np.nan) if out is None else out
