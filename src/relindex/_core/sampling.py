r"""Uncertain inputs and the samples drawn from them.

An uncertainty analysis of a composite indicator (Saisana, Saltelli &
Tarantola 2005) treats every modelling choice as a random input: the weights,
the normalisation method, whether an indicator is included, the data values
themselves. This module declares such inputs and draws from them:

* `rng_from_seed` is the one seed policy of relindex;
* `Uniform`, `Choice`, `Bernoulli`, `Triangular`
  and `Normal` are declarative inputs, each mapping uniform numbers
  :math:`u \in (0, 1)` to values through its quantile function
  (``ppf``, the inverse of the CDF, :math:`x = F^{-1}(u)`);
* `sample` draws an ``(n, d)`` design from a quasi-random (Sobol' or
  Latin hypercube) or pseudo-random sequence of uniforms, then maps each
  column through its input's ``ppf``;
* `dirichlet_weights` maps uniforms to random weight vectors centred on
  nominal weights.

Every input works from uniforms rather than from a random generator, so the
same input serves Monte Carlo, quasi-Monte Carlo and the Sobol' design of
`relindex._core.sobol` (which passes these objects as ``dists`` to
`scipy.stats.sobol_indices`, whose only demand is a ``ppf`` method).

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
from dataclasses import dataclass
from typing import Any, Literal, Protocol, runtime_checkable

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "Bernoulli",
    "Choice",
    "Normal",
    "Triangular",
    "UncertainInput",
    "Uniform",
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


@runtime_checkable
class UncertainInput(Protocol):
    """What an uncertain input offers: a name, an optional group and a ``ppf``.

    Any object with these three members works, including user-defined ones.
    """

    @property
    def name(self) -> str:
        """Unique name of the input."""
        ...

    @property
    def group(self) -> str | None:
        """Group label, or None for an input that is its own group."""
        ...

    def ppf(self, u: ArrayLike) -> Array:
        """Map uniform numbers in (0, 1) to values of this input."""
        ...


def _check_name(name: object, group: object) -> None:
    if not isinstance(name, str) or not name:
        raise ValueError(f"an uncertain input's name must be a non-empty string. Got {name!r}.")
    if group is not None and (not isinstance(group, str) or not group):
        raise ValueError(
            f"input {name!r}: group must be None or a non-empty string. Got {group!r}."
        )


def _finite(name: str, field: str, value: object) -> float:
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise ValueError(f"input {name!r}: {field} must be a real number. Got {value!r}.") from exc
    if not math.isfinite(x):
        raise ValueError(f"input {name!r}: {field} must be finite. Got {value!r}.")
    return x


@dataclass(frozen=True)
class Uniform:
    r"""Continuous uniform input on ``[low, high]``.

    .. math:: F^{-1}(u) = \mathrm{low} + u\,(\mathrm{high} - \mathrm{low})

    Parameters
    ----------
    name : str
    low, high : float
        Finite bounds, ``low < high``.
    group : str or None, default None
        Inputs sharing a group get one joint Sobol' index.

    Examples
    --------
    >>> Uniform("w_trade", 0.75, 1.25).ppf([0.0, 0.5, 1.0]).tolist()
    [0.75, 1.0, 1.25]
    """

    name: str
    low: float
    high: float
    group: str | None = None

    def __post_init__(self) -> None:
        _check_name(self.name, self.group)
        low = _finite(self.name, "low", self.low)
        high = _finite(self.name, "high", self.high)
        if not low < high:
            raise ValueError(
                f"input {self.name!r}: Uniform needs low < high. Got low={low!r}, high={high!r}."
            )

    def ppf(self, u: ArrayLike) -> Array:
        """Quantile function: uniforms in [0, 1] to values in [low, high]."""
        u = np.asarray(u, dtype=np.float64)
        return self.low + u * (self.high - self.low)


@dataclass(frozen=True)
class Choice:
    r"""Discrete choice among ``k`` options, equally likely.

    The value is the option's index, as an integer-valued float (as
    ``scipy.stats.randint(0, k).ppf`` gives), so that it fits a float design
    matrix; the model looks the option up with ``options[int(x)]``.

    .. math:: F^{-1}(u) = \min(\lfloor u k \rfloor,\ k - 1)

    Parameters
    ----------
    name : str
    options : tuple
        The ``k >= 1`` options, e.g. ``("arithmetic", "geometric")``.
    group : str or None, default None

    Examples
    --------
    >>> Choice("agg", ("arithmetic", "geometric", "harmonic")).ppf([0.0, 0.34, 0.99, 1.0]).tolist()
    [0.0, 1.0, 2.0, 2.0]
    """

    name: str
    options: tuple[Any, ...]
    group: str | None = None

    def __post_init__(self) -> None:
        _check_name(self.name, self.group)
        if not isinstance(self.options, tuple) or len(self.options) == 0:
            raise ValueError(
                f"input {self.name!r}: Choice needs a non-empty tuple of options. "
                f"Got {self.options!r}."
            )

    @property
    def k(self) -> int:
        """Number of options."""
        return len(self.options)

    def ppf(self, u: ArrayLike) -> Array:
        """Quantile function: uniforms in [0, 1] to option indices 0..k-1."""
        u = np.asarray(u, dtype=np.float64)
        return np.clip(np.floor(u * self.k), 0.0, self.k - 1.0)


@dataclass(frozen=True)
class Bernoulli:
    r"""Inclusion switch: 1 (on) with probability ``p``, else 0 (off).

    .. math:: F^{-1}(u) = \mathbf{1}[u \ge 1 - p]

    a non-decreasing quantile function (0 on the lower ``1 - p`` of the unit
    interval, 1 above), as ``scipy.stats.bernoulli(p).ppf`` up to the single
    point ``u = 1 - p``.

    Parameters
    ----------
    name : str
    p : float
        Probability of inclusion, ``0 <= p <= 1``.
    group : str or None, default None

    Examples
    --------
    >>> Bernoulli("include_trade", 0.8).ppf([0.1, 0.19, 0.21, 0.9]).tolist()
    [0.0, 0.0, 1.0, 1.0]
    """

    name: str
    p: float
    group: str | None = None

    def __post_init__(self) -> None:
        _check_name(self.name, self.group)
        p = _finite(self.name, "p", self.p)
        if not 0.0 <= p <= 1.0:
            raise ValueError(
                f"input {self.name!r}: Bernoulli p must be a probability in [0, 1]. Got {p!r}."
            )

    def ppf(self, u: ArrayLike) -> Array:
        """Quantile function: uniforms in [0, 1) to 0/1 with P(1) = p."""
        u = np.asarray(u, dtype=np.float64)
        return (u >= 1.0 - self.p).astype(np.float64)


@dataclass(frozen=True)
class Triangular:
    r"""Triangular input on ``[low, high]`` with peak at ``mode``.

    With :math:`F_c = (c - a)/(b - a)` for low ``a``, mode ``c``, high ``b``:

    .. math::

        F^{-1}(u) =
        \begin{cases}
            a + \sqrt{u\,(b - a)(c - a)} & u < F_c \\
            b - \sqrt{(1 - u)(b - a)(b - c)} & u \ge F_c
        \end{cases}

    Parameters
    ----------
    name : str
    low, mode, high : float
        ``low <= mode <= high`` and ``low < high``.
    group : str or None, default None

    Examples
    --------
    >>> Triangular("t", 0.0, 1.0, 2.0).ppf([0.0, 0.125, 0.5, 1.0]).tolist()
    [0.0, 0.5, 1.0, 2.0]
    """

    name: str
    low: float
    mode: float
    high: float
    group: str | None = None

    def __post_init__(self) -> None:
        _check_name(self.name, self.group)
        low = _finite(self.name, "low", self.low)
        mode = _finite(self.name, "mode", self.mode)
        high = _finite(self.name, "high", self.high)
        if not (low <= mode <= high and low < high):
            raise ValueError(
                f"input {self.name!r}: Triangular needs low <= mode <= high and low < high. "
                f"Got low={low!r}, mode={mode!r}, high={high!r}."
            )

    def ppf(self, u: ArrayLike) -> Array:
        """Quantile function (closed form): uniforms in [0, 1] to [low, high]."""
        u = np.asarray(u, dtype=np.float64)
        a, c, b = float(self.low), float(self.mode), float(self.high)
        fc = (c - a) / (b - a)
        left = a + np.sqrt(np.clip(u, 0.0, None) * (b - a) * (c - a))
        right = b - np.sqrt(np.clip(1.0 - u, 0.0, None) * (b - a) * (b - c))
        return np.where(u < fc, left, right)


@dataclass(frozen=True)
class Normal:
    r"""Normal input with mean ``mean`` and standard deviation ``sd``.

    .. math:: F^{-1}(u) = \mu + \sigma\,\Phi^{-1}(u)

    :math:`\Phi^{-1}` is ``scipy.special.ndtri`` (imported when called).
    ``u = 0`` and ``u = 1`` give :math:`\mp\infty`; scrambled Sobol' and Latin
    hypercube samples stay inside (0, 1).

    Parameters
    ----------
    name : str
    mean : float
    sd : float
        ``sd > 0``.
    group : str or None, default None

    Examples
    --------
    >>> Normal("x", 1.0, 2.0).ppf([0.5]).tolist()
    [1.0]
    """

    name: str
    mean: float
    sd: float
    group: str | None = None

    def __post_init__(self) -> None:
        _check_name(self.name, self.group)
        _finite(self.name, "mean", self.mean)
        sd = _finite(self.name, "sd", self.sd)
        if not sd > 0.0:
            raise ValueError(f"input {self.name!r}: Normal needs sd > 0. Got sd={sd!r}.")

    def ppf(self, u: ArrayLike) -> Array:
        """Quantile function: uniforms in (0, 1) to real values."""
        from scipy.special import ndtri

        u = np.asarray(u, dtype=np.float64)
        return self.mean + self.sd * ndtri(u)


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
        return qmc.Sobol(d=d, scramble=scramble, rng=rng).random(n)
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
