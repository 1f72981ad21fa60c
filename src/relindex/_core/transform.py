"""Transforms applied to raw indicator values before normalisation.

Codes (``TRANSFORMS``): ``0`` none, ``1`` natural log, ``2`` ``log1p``. The log
transforms compress heavy-tailed quantities such as trade volumes (OECD/JRC
Handbook, step 5); ``log1p`` suits counts that may be zero.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

TRANSFORMS = {"none": 0, "log": 1, "log1p": 2}


def apply_transform(x: NDArray[np.float64], codes: NDArray[np.int_]) -> NDArray[np.float64]:
    """Transform each indicator's column by its code.

    Parameters
    ----------
    x : ndarray of shape (..., n_indicators)
        Raw values; NaN marks missing values and stays NaN.
    codes : ndarray of int, shape (n_indicators,)
        One code from ``TRANSFORMS`` per indicator.

    Returns
    -------
    ndarray of the same shape as `x`
        ``x`` where the code is 0, ``ln x`` where it is 1, ``ln(1 + x)`` where it is 2.
        Non-positive values under ``log`` (or values <= -1 under ``log1p``) give NaN;
        callers validate values beforehand.

    Examples
    --------
    >>> import numpy as np
    >>> apply_transform(np.array([[np.e, 3.0, 0.0]]), np.array([1, 0, 2])).round(6).tolist()
    [[1.0, 3.0, 0.0]]
    """
    x = np.asarray(x, dtype=float)
    codes = np.asarray(codes)
    out = x.copy()
    is_log = codes == 1
    is_log1p = codes == 2
    if is_log.any():
        col = x[..., is_log]
        out[..., is_log] = np.log(np.where(col > 0, col, np.nan))
    if is_log1p.any():
        col = x[..., is_log1p]
        out[..., is_log1p] = np.log1p(np.where(col > -1, col, np.nan))
    return out


def transform_scalar(value: float, code: int) -> float:
    """Transform one value (used for goalposts, which are declared in raw units).

    Examples
    --------
    >>> transform_scalar(1.0, 1)
    0.0
    """
    return float(apply_transform(np.array([value]), np.array([code]))[0])
