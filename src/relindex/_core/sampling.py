r"""Samples drawn from uncertain inputs, and the one seed policy.

An uncertainty analysis of a composite indicator (Saisana, Saltelli &
Tarantola 2005) treats every modelling choice as a random input: the weights,
the normalisation method, whether an indicator is included, the data values
themselves. The inputs are declared in `relindex._core.inputs`; this module
draws from them:

* `rng_from_seed` is the one seed policy of relindex;
* `sample` draws an ``(n, d)`` design from a quasi-random (Sobol' or
  Latin hypercube) or pseudo-random sequence of uniforms, then maps each
  column through its input's ``ppf``;
* `dirichlet_weights` maps uniforms to random weight vectors centred on
  nominal weights.

scipy is imported inside the functions that need it, so importing this module
stays cheap.

References
----------
.. [1] Saisana, M., A. Saltelli and S. Tarantola (2005). "Uncertainty and
   sensitivity analysis techniques as tools for the quality assessment of
   composite indicators." *Journal of the Royal Statistical Society A*,
   168(2):307-323, doi:10.1111/j.1467-985X.2005.00350.x.
.. [2] SciPy documentation, ``scipy.stats.qmc.Sobol``,
   ``scipy.stats.qmc.LatinHypercube``, ``scipy.special.gammaincinv``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from relindex._core.inputs import UncertainInput

__all__ = [
    "check_power_of_two",
    "dirichlet_weights",
    "rng_from_seed",
    "sample",
]

Array = NDArray[np.float64]
SeedLike = int | np.integer[Any] | np.random.Generator | None


def rng_from_seed(seed: SeedLike) -> np.random.Generator:
    """Turn a seed into a random generator: the one seed policy of relindex.

    Parameters
    ----------
    seed : int, numpy.random.Generator or None
        ``None`` draws fresh entropy from the operating system (not
        reproducible). A non-negative int (``0`` included) gives
        ``numpy.random.default_rng(seed)``, reproducible. A ``Generator`` is
        returned as it is, so its state advances as it is used.

    Returns
    -------
    numpy.random.Generator

    Raises
    ------
    TypeError
        If ``seed`` is a bool or not an int, ``Generator`` or ``None``.
    ValueError
        If ``seed`` is a negative int.

    Notes
    -----
    The test is ``seed is None``, never truthiness: ``0`` is a valid,
    deterministic seed (SALib's ``if seed:`` makes seed 0 random).

    Examples
    --------
    >>> a = rng_from_seed(0).random()
    >>> b = rng_from_seed(0).random()
    >>> a == b
    True
    """
    if seed is None:
        return np.random.default_rng()
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise TypeError(
            "seed must be None, a non-negative int or a numpy.random.Generator. "
            f"Got {seed!r} of type {type(seed).__name__}."
        )
    if seed < 0:
        raise ValueError(f"seed must be a non-negative int. Got {seed!r}.")
    return np.random.default_rng(int(seed))


def check_power_of_two(n: int, what: str = "n") -> None:
    """Raise ``ValueError`` unless ``n`` is a positive power of 2.

    The message names the nearest powers of 2 below and above ``n``.

    Parameters
    ----------
    n : int
    what : str, default "n"
        How to call ``n`` in the message.

    Examples
    --------
    >>> try:
    ...     check_power_of_two(1000)
    ... except ValueError as e:
    ...     print(str(e).split(". ")[-1])
    Got 1000; use 512 or 1024.
    """
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"{what} must be a positive int. Got {n!r}.")
    n = int(n)
    if n & (n - 1):
        below = 1 << (n.bit_length() - 1)
        raise ValueError(
            f"{what} must be a power of 2 for a Sobol' sequence (its balance properties need "
            f"it). Got {n}; use {below} or {2 * below}."
        )


def _uniforms(
    d: int,
    n: int,
    rng: np.random.Generator,
    method: Literal["sobol", "lhs", "random"],
    scramble: bool,
) -> Array:
    """Draw ``(n, d)`` uniforms in [0, 1) by the named method."""
    if method == "random":
        return rng.random((n, d))
    from scipy.stats import qmc

    if method == "sobol":
        check_power_of_two(n)
        if scramble:  # qmc.Sobol's numbers, scrambled faster
            from relindex._core.sobol_sequence import scrambled_sobol

            return scrambled_sobol(d, n, rng)
        return qmc.Sobol(d=d, scramble=False, rng=rng).random(n)
    if method == "lhs":
        return qmc.LatinHypercube(d=d, scramble=scramble, rng=rng).random(n)
    raise ValueError(f"method must be 'sobol', 'lhs' or 'random'. Got {method!r}.")


def sample(
    inputs: Sequence[UncertainInput],
    n: int,
    *,
    seed: SeedLike,
    method: Literal["sobol", "lhs", "random"] = "sobol",
    scramble: bool = True,
) -> Array:
    r"""Draw ``n`` joint samples of independent uncertain inputs.

    Uniforms :math:`U \in [0, 1)^{n \times d}` come from a scrambled Sobol'
    sequence (default), a Latin hypercube or the pseudo-random generator;
    column :math:`j` is then mapped through input :math:`j`'s quantile
    function, :math:`X_{:, j} = F_j^{-1}(U_{:, j})`.

    Parameters
    ----------
    inputs : sequence of UncertainInput, length d
    n : int
        Number of samples; a power of 2 for ``method="sobol"``.
    seed : int, numpy.random.Generator or None
        See `rng_from_seed`. Keyword-only and required, so that a
        caller says whether the draw is reproducible.
    method : {"sobol", "lhs", "random"}, default "sobol"
        ``scipy.stats.qmc.Sobol``, ``scipy.stats.qmc.LatinHypercube`` or
        ``Generator.random``.
    scramble : bool, default True
        Scramble the quasi-random sequence (Owen scrambling for Sobol', random
        placement within cells for LHS). Unscrambled Sobol' starts at the
        origin, where a ``Normal`` input is :math:`-\infty`.

    Returns
    -------
    ndarray of shape (n, d)

    Raises
    ------
    ValueError
        If ``inputs`` is empty, ``n`` is not a positive int (a power of 2 for
        Sobol') or ``method`` is unknown.

    Examples
    --------
    >>> from relindex._core.inputs import Choice, Uniform
    >>> x = sample([Uniform("a", 0, 1), Choice("m", ("x", "y"))], 8, seed=0)
    >>> x.shape
    (8, 2)
    >>> sorted(set(x[:, 1].tolist()))
    [0.0, 1.0]
    """
    if len(inputs) == 0:
        raise ValueError("sample needs at least one uncertain input. Got none.")
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"n must be a positive int. Got {n!r}.")
    if method not in ("sobol", "lhs", "random"):
        raise ValueError(f"method must be 'sobol', 'lhs' or 'random'. Got {method!r}.")
    u = _uniforms(len(inputs), int(n), rng_from_seed(seed), method, scramble)
    x = np.empty_like(u)
    for j, inp in enumerate(inputs):
        x[:, j] = inp.ppf(u[:, j])
    return x


def dirichlet_weights(nominal: ArrayLike, concentration: float, u: ArrayLike) -> Array:
    r"""Map uniforms to Dirichlet-distributed weights centred on nominal weights.

    With nominal weights :math:`w` (normalised to sum to 1) and concentration
    :math:`c > 0`, set :math:`\alpha_j = c\,w_j` and take each uniform
    :math:`u_j` through the quantile function of a Gamma(:math:`\alpha_j`, 1)
    distribution, :math:`g_j = P^{-1}(\alpha_j, u_j)` (the inverse regularised
    lower incomplete gamma function, ``scipy.special.gammaincinv``). Then

    .. math::

        W_j = \frac{g_j}{\sum_k g_k} \sim \mathrm{Dirichlet}(c\,w),
        \qquad
        \mathbb{E}[W_j] = w_j,
        \qquad
        \mathrm{Var}[W_j] = \frac{w_j (1 - w_j)}{c + 1},

    so the coefficient of variation of weight :math:`j` is
    :math:`\sqrt{(1 - w_j) / (w_j (c + 1))}`: a larger concentration keeps the
    draws closer to the nominal weights. Because it works from uniforms
    (not from a random generator), it can be fed by a quasi-random sequence
    and its ``k`` uniform columns can form one group in a Sobol' analysis.

    A weight whose nominal value is 0 stays 0.

    Parameters
    ----------
    nominal : array_like of shape (k,)
        Non-negative nominal weights with a positive sum (normalised here).
    concentration : float
        :math:`c > 0`.
    u : array_like of shape (..., k)
        Uniforms in (0, 1), one column per weight.

    Returns
    -------
    ndarray of shape (..., k)
        Weights, each row non-negative and summing to 1.

    Raises
    ------
    ValueError
        On a bad nominal vector, concentration or shape, or if every gamma
        quantile of a row underflows to 0 (a concentration far too small).

    References
    ----------
    .. [1] Devroye, L. (1986). *Non-Uniform Random Variate Generation*,
       ch. XI.4 (Dirichlet variates as normalised gamma variates). Springer.
    .. [2] SciPy documentation, ``scipy.special.gammaincinv``.

    Examples
    --------
    >>> w = dirichlet_weights([0.5, 0.3, 0.2], 200.0, [[0.5, 0.5, 0.5]])
    >>> bool(abs(w.sum() - 1.0) < 1e-12)
    True
    """
    from scipy.special import gammaincinv

    w = np.asarray(nominal, dtype=np.float64)
    uu = np.asarray(u, dtype=np.float64)
    if w.ndim != 1 or w.size == 0 or not np.all(np.isfinite(w)) or np.any(w < 0) or w.sum() <= 0:
        raise ValueError(
            "nominal weights must be a non-empty 1-D array of finite numbers >= 0 with a "
            f"positive sum. Got {w.tolist()!r}."
        )
    c = float(concentration)
    if not (math.isfinite(c) and c > 0):
        raise ValueError(f"concentration must be a finite number > 0. Got {concentration!r}.")
    if uu.ndim == 0 or uu.shape[-1] != w.size:
        raise ValueError(
            f"u must have shape (..., {w.size}): one uniform column per weight. Got {uu.shape}."
        )
    alpha = c * w / w.sum()
    positive = alpha > 0
    g = np.zeros(np.broadcast_shapes(uu.shape, alpha.shape))
    g[..., positive] = gammaincinv(alpha[positive], uu[..., positive])
    total = g.sum(axis=-1, keepdims=True)
    if np.any(total <= 0):
        raise ValueError(
            "every gamma quantile of some row underflowed to 0; raise the concentration "
            f"(got {c!r}; alpha = concentration * weight should be well above 0.01)."
        )
    return g / total
