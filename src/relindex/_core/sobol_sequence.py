r"""Scrambled Sobol' points, the same numbers as ``scipy.stats.qmc.Sobol``, scrambled in numpy.

``scipy.stats.qmc.Sobol(d, rng=rng, bits=bits).random(n)`` scrambles its direction
numbers with a linear matrix scramble (LMS) and a digital shift, in a loop of
:math:`O(d \, b^3)` bit operations for :math:`d` dimensions and :math:`b` bits: about
45 ms for the 2d = 106 columns at 64 bits of the shipped catalogue's Sobol' design, a
third of its whole analysis. `scrambled_sobol` draws the same random bits from the same
generator, in the same order, and does the same arithmetic on whole arrays (a bit
matrix product is a parity of ANDed words), then walks the sequence in Gray-code order
as scipy does. The points are scipy's bit for bit, and the generator is left where
scipy leaves it (the tests check both against scipy itself).

The direction numbers and the generator are those of an unscrambled ``qmc.Sobol`` engine
made from the same ``rng`` (it spawns its own child generator from it, as the scrambled
one does). When that engine does not keep them where relindex reads them (``_sv``,
``rng``), scipy's own scrambled engine is used.

References
----------
.. [1] Owen, A. B. (1998). "Scrambling Sobol' and Niederreiter-Xing points."
   *Journal of Complexity*, 14(4):466-489, doi:10.1006/jcom.1998.0487.
.. [2] Joe, S. and F. Y. Kuo (2008). "Constructing Sobol' sequences with better
   two-dimensional projections." *SIAM Journal on Scientific Computing*,
   30(5):2635-2654, doi:10.1137/070709359.
.. [3] SciPy source, ``scipy/stats/_qmc.py`` (``Sobol._scramble``, ``Sobol.random``)
   and ``scipy/stats/_sobol.pyx`` (``_cscramble``, ``draw``).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["scrambled_sobol"]

Array = NDArray[np.float64]
Words = NDArray[np.unsignedinteger[Any]]


def scrambled_sobol(d: int, n: int, rng: np.random.Generator, bits: int = 30) -> Array:
    """The first ``n`` points of a scrambled Sobol' sequence in ``d`` dimensions.

    Parameters
    ----------
    d : int
        Dimensions (columns).
    n : int
        Points (rows), a power of two, at most ``2**bits``.
    rng : numpy.random.Generator
        Draws the scrambling; left in the state ``qmc.Sobol`` would leave it in.
    bits : int, default 30
        Bits of each coordinate, as ``qmc.Sobol``'s ``bits`` (at most 64).

    Returns
    -------
    ndarray of shape (n, d)
        ``scipy.stats.qmc.Sobol(d=d, rng=rng, bits=bits).random(n)``, bit for bit.

    Examples
    --------
    >>> from scipy.stats import qmc
    >>> ours = scrambled_sobol(3, 8, np.random.default_rng(1), bits=64)
    >>> theirs = qmc.Sobol(d=3, rng=np.random.default_rng(1), bits=64).random(8)
    >>> bool(np.array_equal(ours, theirs))
    True
    """
    from scipy.stats import qmc

    if n < 1 or n & (n - 1) or n > 2**bits or not _exposed(bits):
        return qmc.Sobol(d=d, rng=rng, bits=bits).random(n)
    # the engine takes its generator from rng as the scrambled one would (it spawns a
    # child), and computes the direction numbers; only the scrambling is left to do
    plain = qmc.Sobol(d=d, rng=rng, bits=bits, scramble=False)
    sv, own = plain._sv, plain.rng
    dtype = sv.dtype
    # Sobol._scramble: the shift's bits, then the lower-triangular matrices, in this order
    shift = np.dot(own.integers(2, size=(d, bits), dtype=dtype),
                   2 ** np.arange(bits, dtype=dtype))
    draws = own.integers(2, size=(d, bits, bits), dtype=dtype)
    return _draw(_scramble(sv, draws), shift, n, bits)


@cache
def _exposed(bits: int) -> bool:
    """Whether ``qmc.Sobol`` keeps its direction numbers and generator where relindex reads them."""
    from scipy.stats import qmc

    probe = qmc.Sobol(d=1, rng=np.random.default_rng(0), bits=bits, scramble=False)
    sv, own = getattr(probe, "_sv", None), getattr(probe, "rng", None)
    return (isinstance(sv, np.ndarray) and sv.shape == (1, bits)
            and sv.dtype == (np.uint32 if bits <= 32 else np.uint64)
            and isinstance(own, np.random.Generator))


def _scramble(sv: Words, draws: Words) -> Words:
    """The direction numbers ``sv`` (d, b) scrambled by the random bits ``draws`` (d, b, b).

    As ``_cscramble``: each matrix is the lower triangle of its draws with a unit
    diagonal; its row ``p`` is the word whose bit ``b - 1 - k`` is entry ``k``; bit
    ``b - 1 - p`` of a scrambled number is the parity of that row ANDed with the number.
    """
    bits = sv.shape[1]
    ltm = draws.astype(np.uint8)
    ltm *= np.tri(bits, dtype=np.uint8)  # np.tril, on bytes
    idx = np.arange(bits)
    ltm[:, idx, idx] = 1
    rows = _words(ltm, sv.dtype)  # (d, p)
    return _words(_parity(rows[:, None, :] & sv[:, :, None]), sv.dtype)  # (d, j, p)


def _parity(x: Words) -> NDArray[np.uint8]:
    """1 where a word has an odd number of set bits, else 0."""
    count = getattr(np, "bitwise_count", None)  # numpy >= 2.0
    if count is not None:
        out: NDArray[np.uint8] = count(x).astype(np.uint8) & 1
        return out
    x = x.copy()
    shift = 8 * x.dtype.itemsize
    while (shift := shift // 2) >= 1:
        x ^= x >> x.dtype.type(shift)
    return (x & 1).astype(np.uint8)


def _words(flags: NDArray[np.uint8], dtype: np.dtype[Any]) -> Words:
    """Words whose bit ``b - 1 - k`` is ``flags[..., k]`` (0 or 1), ``b`` the last axis."""
    size = dtype.itemsize
    padded = np.zeros((*flags.shape[:-1], 8 * size), dtype=np.uint8)
    padded[..., 8 * size - flags.shape[-1]:] = flags
    packed = np.packbits(padded, axis=-1)  # big-endian bytes, most significant first
    out: Words = packed.view(dtype.newbyteorder(">"))[..., 0].astype(dtype)
    return out


def _draw(sv: Words, shift: Words, n: int, bits: int) -> Array:
    """The first ``n`` points from the direction numbers ``sv`` and the digital ``shift``.

    As ``Sobol.random`` and ``draw``: point 0 is the shift; point ``i`` is point
    ``i - 1`` XOR the direction number at the count of trailing ones of ``i - 1``
    (Gray-code order), scaled by ``2**-bits``.
    """
    steps = np.arange(n - 1, dtype=np.uint64)
    ones = np.zeros(n - 1, dtype=np.intp)  # trailing ones of 0, 1, ..., n - 2
    rest = steps.copy()
    while (odd := (rest & 1) == 1).any():
        ones += odd
        rest = np.where(odd, rest >> 1, 0)
    quasi = np.empty((n, sv.shape[0]), dtype=sv.dtype)
    quasi[0] = shift
    quasi[1:] = sv[:, ones].T
    np.bitwise_xor.accumulate(quasi, axis=0, out=quasi)
    scale = 1.0 / 2**bits
    out: Array = quasi * scale
    return out
