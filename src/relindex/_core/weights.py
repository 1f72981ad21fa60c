"""Weights as shares of their sum."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["shares"]


def shares(w: NDArray[np.float64]) -> NDArray[np.float64]:
    """Divide weights by their sum (scaled by the largest first: huge weights cannot overflow).

    Parameters
    ----------
    w : ndarray of shape (k,)
        Non-negative weights.

    Returns
    -------
    ndarray of shape (k,)

    Examples
    --------
    >>> import numpy as np
    >>> shares(np.array([1.0, 3.0])).tolist()
    [0.25, 0.75]
    >>> shares(np.array([1e308, 1e308])).tolist()
    [0.5, 0.5]
    """
    peak = w.max() if w.size else 1.0
    scaled = w / peak if peak > 0 else w
    return scaled / scaled.sum()
