r"""Uncertain inputs: declarative distributions mapping uniforms to values.

`Uniform`, `Choice`, `Bernoulli`, `Triangular` and `Normal` each map uniform numbers
:math:`u \in (0, 1)` to values through their quantile function (``ppf``, the inverse of
the CDF, :math:`x = F^{-1}(u)`). Every input works from uniforms rather than from a
random generator, so the same input serves Monte Carlo, quasi-Monte Carlo
(`relindex._core.sampling.sample`) and the Sobol' design of `relindex._core.sobol`
(scipy's ``sobol_indices`` asks of its ``dists`` only a ``ppf`` method). Any object
with a ``name``, a ``group`` and a ``ppf`` is an `UncertainInput`.

scipy is imported inside the functions that need it.

References
----------
.. [1] SciPy documentation, ``scipy.special.ndtri``, ``scipy.stats.sobol_indices``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["Bernoulli", "Choice", "Normal", "Triangular", "UncertainInput", "Uniform"]

Array = NDArray[np.float64]


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
