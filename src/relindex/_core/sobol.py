r"""Variance-based (Sobol') sensitivity and Monte Carlo summaries, model-agnostic.

For a model :math:`Y = f(X_1, \dots, X_d)` with independent inputs, the
first-order and total Sobol' indices of input (or group of inputs) :math:`i`
are

.. math::

    S_i = \frac{\mathbb{V}[\mathbb{E}(Y \mid X_i)]}{\mathbb{V}(Y)},
    \qquad
    S_{T_i} = \frac{\mathbb{E}[\mathbb{V}(Y \mid X_{\sim i})]}{\mathbb{V}(Y)},

with :math:`\sum_i S_i \le 1` and :math:`S_{T_i} - S_i` the share of variance
due to interactions involving :math:`i`. They are estimated from two
independent :math:`N \times d` sample matrices :math:`A` and :math:`B` and,
for each input or group :math:`g`, the matrix :math:`A_B^{(g)}`: :math:`A`
with the column(s) of :math:`g` taken from :math:`B`. That is
:math:`N(G + 2)` model runs for :math:`G` inputs or groups.

* `sobol_indices` builds the design exactly as
  `scipy.stats.sobol_indices` does (a scrambled Sobol' sequence of
  :math:`2d` columns, split into :math:`A` and :math:`B`), evaluates the
  vectorised model in memory-bounded chunks, and returns indices with
  seeded percentile-bootstrap confidence intervals;
* `saltelli_jansen` is the estimator (Saltelli 2010 for :math:`S_i`,
  Jansen 1999 for :math:`S_{T_i}`), used for groups and for the bootstrap;

The summaries of a plain Monte Carlo sample (bands, rank stability) are in
`relindex._core.summary`.

scipy is imported inside the functions that need it.

References
----------
.. [1] Saltelli, A., P. Annoni, I. Azzini, F. Campolongo, M. Ratto and
   S. Tarantola (2010). "Variance based sensitivity analysis of model output.
   Design and estimator for the total sensitivity index." *Computer Physics
   Communications*, 181(2):259-270, doi:10.1016/j.cpc.2009.09.018.
.. [2] Jansen, M. J. W. (1999). "Analysis of variance designs for model
   output." *Computer Physics Communications*, 117(1-2):35-43,
   doi:10.1016/S0010-4655(98)00154-4.
.. [3] Saisana, M., A. Saltelli and S. Tarantola (2005). "Uncertainty and
   sensitivity analysis techniques as tools for the quality assessment of
   composite indicators." *Journal of the Royal Statistical Society A*,
   168(2):307-323, doi:10.1111/j.1467-985X.2005.00350.x.
.. [4] SciPy documentation, ``scipy.stats.sobol_indices`` (SciPy >= 1.11;
   the ``rng`` keyword since 1.15).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from relindex._core.inputs import UncertainInput
from relindex._core.sampling import SeedLike, check_power_of_two, rng_from_seed

__all__ = [
    "DEFAULT_MEMORY_BUDGET_BYTES",
    "BlockModel",
    "SobolResult",
    "saltelli_jansen",
    "sobol_indices",
]

Array = NDArray[np.float64]
Model = Callable[[Array], ArrayLike]

DEFAULT_MEMORY_BUDGET_BYTES = 128 * 2**20
"""Default bound (128 MiB) on each input block passed to the model."""

CONSTANT_OUTPUT_MESSAGE = (
    "model output{which} is constant over the {runs} runs of A and B (variance 0): "
    "its Sobol' indices are undefined and are reported as NaN. Check that the uncertain "
    "inputs reach the output."
)


@dataclass(frozen=True, eq=False)
class SobolResult:
    """Sobol' indices of each input (or group) with bootstrap confidence intervals.

    Shapes follow the model's output: ``(G,)`` when the model returns one
    value per run (shape ``(n,)``), ``(s, G)`` when it returns ``s`` values
    per run (shape ``(s, n)``); the intervals add a last axis of 2
    (low, high). NaN marks an index that is undefined (constant output) or an
    interval that was not computed (``n_resamples=0``). The caller reports a
    constant output (`constant_message`); this layer does not warn.

    Attributes
    ----------
    names : tuple of str, length G
        Input names, or group names for grouped inputs.
    first_order, total_order : ndarray of shape (G,) or (s, G)
        :math:`S_i` and :math:`S_{T_i}`.
    first_order_ci, total_order_ci : ndarray of shape (G, 2) or (s, G, 2)
        Percentile bootstrap intervals at ``confidence_level``.
    n : int
        Base sample size :math:`N` (rows of A and B).
    n_evaluations : int
        Model runs, :math:`N(G + 2)`.
    seed : int, numpy.random.Generator or None
        The seed as passed.
    confidence_level : float
        Coverage of the intervals.
    constant : ndarray of bool, shape () or (s,)
        True for an output that was constant over the runs of A and B (its
        indices and intervals are NaN).
    """

    names: tuple[str, ...]
    first_order: Array
    total_order: Array
    first_order_ci: Array
    total_order_ci: Array
    n: int
    n_evaluations: int
    seed: SeedLike
    confidence_level: float = 0.95
    constant: NDArray[np.bool_] = field(default_factory=lambda: np.zeros((), dtype=bool))

    def constant_message(self) -> str | None:
        """What to tell the user about constant outputs, or None if there is none."""
        flags = np.atleast_1d(self.constant)
        if not flags.any():
            return None
        which = "" if self.constant.ndim == 0 else f" row(s) {np.flatnonzero(flags).tolist()}"
        return CONSTANT_OUTPUT_MESSAGE.format(which=which, runs=2 * self.n)

    def to_dict(self) -> list[dict[str, Any]]:
        """One plain dict per input or group, ready for JSON.

        Returns
        -------
        list of dict
            ``{"input", "first_order", "total_order", "first_order_ci": [lo, hi],
            "total_order_ci": [lo, hi]}``; for a multi-output model each value
            is a list over outputs. NaN stays ``float("nan")``.
        """
        rows: list[dict[str, Any]] = []
        for g, name in enumerate(self.names):
            rows.append(
                {
                    "input": name,
                    "first_order": self.first_order[..., g].tolist(),
                    "total_order": self.total_order[..., g].tolist(),
                    "first_order_ci": self.first_order_ci[..., g, :].tolist(),
                    "total_order_ci": self.total_order_ci[..., g, :].tolist(),
                }
            )
        return rows


def _estimate(f_A: Array, f_B: Array, f_AB: Array) -> tuple[Array, Array]:
    """Saltelli-Jansen on ``f_A, f_B`` of shape (..., n), ``f_AB`` (G, ..., n) -> (G, ...)."""
    both = np.concatenate([f_A, f_B], axis=-1)
    mean = both.mean(axis=-1, keepdims=True)
    var = np.mean((both - mean) ** 2, axis=-1)
    diff = f_AB - f_A
    v_first = np.mean((f_B - mean) * diff, axis=-1)
    v_total = 0.5 * np.mean(diff**2, axis=-1)
    ok = np.broadcast_to(var > 0, v_first.shape)
    nan = np.full(v_first.shape, np.nan)
    first = np.divide(v_first, var, out=nan.copy(), where=ok)
    total = np.divide(v_total, var, out=nan, where=ok)
    return first, total


def saltelli_jansen(f_A: ArrayLike, f_B: ArrayLike, f_AB: ArrayLike) -> tuple[Array, Array]:
    r"""First-order (Saltelli 2010) and total (Jansen 1999) Sobol' estimators.

    With :math:`f_A = f(A)`, :math:`f_B = f(B)`, :math:`f_{AB}^{(g)} =
    f(A_B^{(g)})` over :math:`N` rows, outputs centred on the mean
    :math:`\bar f` of :math:`f_A \cup f_B` (Sobol' & Levitan 1999; this is
    what `scipy.stats.sobol_indices` does) and :math:`V` the variance of
    :math:`f_A \cup f_B` (the :math:`2N` independent runs):

    .. math::

        \hat S_g = \frac{\frac{1}{N}\sum_{j=1}^{N}
            (f_B - \bar f)_j\,(f_{AB}^{(g)} - f_A)_j}{V},
        \qquad
        \hat S_{T_g} = \frac{\frac{1}{2N}\sum_{j=1}^{N}
            (f_A - f_{AB}^{(g)})_j^2}{V}.

    A group :math:`g` may hold several inputs: :math:`A_B^{(g)}` then takes
    all of its columns from :math:`B` together, and the indices are those of
    the group as a whole.

    Parameters
    ----------
    f_A, f_B : array_like of shape (s, n)
        Model outputs at the rows of A and B (``s`` outputs).
    f_AB : array_like of shape (G, s, n)
        Model outputs at the rows of each :math:`A_B^{(g)}`.

    Returns
    -------
    S1, ST : ndarray of shape (s, G)
        NaN where an output has zero variance (no warning here: the caller
        decides how to report it).

    References
    ----------
    .. [1] Saltelli, A. et al. (2010), Computer Physics Communications
       181(2):259-270, Table 2 (b) and (f).
    .. [2] Jansen, M. J. W. (1999), Computer Physics Communications
       117(1-2):35-43.
    .. [3] Sobol', I. M. and Y. L. Levitan (1999), "On the use of variance
       reducing multipliers in Monte Carlo computations of a global
       sensitivity index", Computer Physics Communications 117(1):52-61.

    Examples
    --------
    A model that depends on its single input only: :math:`f_{AB} = f_B`,
    so both indices are 1 up to sampling error.

    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> f_A, f_B = rng.normal(size=(2, 1, 100_000))
    >>> s1, st = saltelli_jansen(f_A, f_B, f_B[None])
    >>> s1.round(2).tolist(), st.round(2).tolist()
    ([[1.0]], [[1.0]])
    """
    fa = np.asarray(f_A, dtype=np.float64)
    fb = np.asarray(f_B, dtype=np.float64)
    fab = np.asarray(f_AB, dtype=np.float64)
    first, total = _estimate(fa, fb, fab)
    return first.T, total.T


def _resolve_groups(
    inputs: Sequence[UncertainInput], groups: Sequence[str | None] | None
) -> tuple[list[str], list[NDArray[np.intp]]]:
    """Group labels (first appearance order) and the input columns of each group."""
    names = [inp.name for inp in inputs]
    if len(set(names)) != len(names):
        dupes = sorted({x for x in names if names.count(x) > 1})
        raise ValueError(f"uncertain inputs must have unique names. Repeated: {dupes}.")
    labels = list(groups) if groups is not None else [inp.group for inp in inputs]
    if len(labels) != len(inputs):
        raise ValueError(
            f"groups must give one label (or None) per input: {len(inputs)} inputs. "
            f"Got {len(labels)} labels."
        )
    explicit = {label for label in labels if label is not None}
    order: list[str] = []
    columns: dict[str, list[int]] = {}
    for j, (name, label) in enumerate(zip(names, labels, strict=True)):
        if label is None and name in explicit:
            raise ValueError(
                f"input {name!r} has no group but a group is also called {name!r}; "
                "rename the group or put the input in it."
            )
        key = name if label is None else label
        if key not in columns:
            order.append(key)
            columns[key] = []
        columns[key].append(j)
    return order, [np.asarray(columns[k], dtype=np.intp) for k in order]


def _sample_A_B(inputs: Sequence[UncertainInput], n: int, rng: np.random.Generator) -> Array:
    """Sample A and B, shape (2, d, n), laid out as ``scipy.stats.sobol_indices`` lays them out.

    One scrambled Sobol' sequence of 2d columns (``bits=64``); the first d
    columns are A, the last d are B; each input's ``ppf`` maps its rows of
    both at once. Same generator state in, same matrices out as scipy's
    ``sample_A_B`` (checked in tests/test_sobol.py).
    """
    from relindex._core.sobol_sequence import scrambled_sobol

    d = len(inputs)
    a_b = scrambled_sobol(2 * d, n, rng, bits=64).T.reshape(2, d, -1)
    for j, inp in enumerate(inputs):
        a_b[:, j] = inp.ppf(a_b[:, j])
    return a_b


def _design_columns(
    A: Array, B: Array, members: Sequence[NDArray[np.intp]], start: int, stop: int
) -> Array:
    """Columns [start, stop) of the virtual design [A | B | A_B^(1) | ... | A_B^(G)], a copy."""
    n = A.shape[1]
    parts: list[Array] = []
    pos = start
    while pos < stop:
        block, j0 = divmod(pos, n)
        j1 = min(n, j0 + stop - pos)
        if block == 0:
            part = A[:, j0:j1].copy()
        elif block == 1:
            part = B[:, j0:j1].copy()
        else:
            part = A[:, j0:j1].copy()
            cols = members[block - 2]
            part[cols] = B[cols, j0:j1]
        parts.append(part)
        pos += j1 - j0
    return parts[0] if len(parts) == 1 else np.concatenate(parts, axis=1)


@runtime_checkable
class BlockModel(Protocol):
    """A model that evaluates the blocks of the Sobol' design itself.

    Besides ``func(x)``, ``func.sobol_blocks(a, b, members)`` returns the outputs at
    ``[a | b | a_B^(1) | ... | a_B^(G)]`` for matching columns ``a`` and ``b`` of A and B
    (shape (d, w) each), where ``a_B^(g)`` is ``a`` with the rows ``members[g]`` taken
    from ``b``: shape (G + 2, w), or (G + 2, s, w) for ``s`` outputs. A model whose
    stages see only some of the inputs can then reuse the work of ``a`` for the blocks
    that change only later inputs. The outputs must be those of ``func`` on the same
    columns.
    """

    def __call__(self, x: Array) -> ArrayLike:
        """The outputs at the columns ``x`` of shape (d, m)."""

    def sobol_blocks(self, a: Array, b: Array,
                     members: Sequence[NDArray[np.intp]]) -> ArrayLike:
        """The outputs at every block of the design for the columns ``a`` and ``b``."""


def _evaluate_blocks(
    func: BlockModel,
    A: Array,
    B: Array,
    members: Sequence[NDArray[np.intp]],
    chunk_size: int,
) -> tuple[Array, bool]:
    """`_evaluate` for a `BlockModel`: ``chunk_size // 2`` columns of A and of B per call."""
    n, k = A.shape[1], len(members) + 2
    width = max(1, chunk_size // 2)
    out: Array | None = None
    one_d = False
    for j0 in range(0, n, width):
        j1 = min(n, j0 + width)
        y = np.asarray(func.sobol_blocks(A[:, j0:j1], B[:, j0:j1], members), dtype=np.float64)
        if out is None and y.ndim in (2, 3):
            one_d = y.ndim == 2
            out = np.empty((1 if one_d else y.shape[1], k * n))
        expected = None if out is None else (k, j1 - j0) if one_d else (k, len(out), j1 - j0)
        if out is None or y.shape != expected:
            raise ValueError(
                f"func.sobol_blocks must return shape (G + 2, w) or (G + 2, s, w) for "
                f"{k - 2} groups and w = {j1 - j0} columns, the same number of outputs on "
                f"every call. Got {y.shape}.")
        out.reshape(out.shape[0], k, n)[:, :, j0:j1] = np.moveaxis(
            y.reshape(k, -1, j1 - j0), 1, 0)
    assert out is not None  # n >= 1, so the loop ran
    return out, one_d


def _evaluate(
    func: Model,
    A: Array,
    B: Array,
    members: Sequence[NDArray[np.intp]],
    chunk_size: int,
) -> tuple[Array, bool]:
    """Run the model on the whole design, ``chunk_size`` columns per call.

    Returns the outputs, shape (s, N(G + 2)), and whether the model returned
    1-D output. A `BlockModel` evaluates the blocks itself (`_evaluate_blocks`).
    """
    if isinstance(func, BlockModel):
        blocks = _evaluate_blocks(func, A, B, members, chunk_size)
        _check_finite(blocks[0])
        return blocks
    total = A.shape[1] * (len(members) + 2)
    out: Array | None = None
    one_d = False
    for start in range(0, total, chunk_size):
        stop = min(total, start + chunk_size)
        y = np.asarray(func(_design_columns(A, B, members, start, stop)), dtype=np.float64)
        if out is None:
            one_d = y.ndim == 1
            if y.ndim not in (1, 2):
                raise ValueError(
                    "func must return shape (n,) or (s, n) for x of shape (d, n). "
                    f"Got shape {y.shape} for x of shape ({A.shape[0]}, {stop - start})."
                )
            out = np.empty((1 if one_d else y.shape[0], total))
        y2 = y.reshape(1, -1) if one_d and y.ndim == 1 else y
        if y.ndim != (1 if one_d else 2) or y2.shape != (out.shape[0], stop - start):
            expected = (stop - start,) if one_d else (out.shape[0], stop - start)
            raise ValueError(
                f"func must return shape {expected} for x of shape ({A.shape[0]}, "
                f"{stop - start}), the same number of outputs on every call. Got {y.shape}."
            )
        out[:, start:stop] = y2
    assert out is not None  # total >= 3 columns, so the loop ran
    _check_finite(out)
    return out, one_d


def _check_finite(out: Array) -> None:
    """Refuse outputs with NaN or inf."""
    bad = ~np.isfinite(out)
    if bad.any():
        raise ValueError(
            f"func returned {int(bad.sum())} non-finite value(s) (NaN or inf) in "
            f"{out.size} outputs; Sobol' indices need finite outputs. Fix the model or "
            "narrow the inputs' ranges."
        )


def _percentile_ci(boot: Array, confidence_level: float) -> Array:
    """Percentile interval over axis 0 of ``boot`` (R, ...) -> (..., 2), NaN-aware."""
    alpha = (1.0 - confidence_level) / 2.0
    ci = np.full((*boot.shape[1:], 2), np.nan)
    usable = ~np.all(np.isnan(boot), axis=0)
    if usable.any():
        q = np.nanquantile(boot[:, usable], [alpha, 1.0 - alpha], axis=0)
        ci[usable] = q.T
    return ci


def _bootstrap(
    f_A: Array,
    f_B: Array,
    f_AB: Array,
    rng: np.random.Generator,
    n_resamples: int,
    confidence_level: float,
) -> tuple[Array, Array]:
    r"""Percentile bootstrap over the N rows; intervals of shape (G, s, 2) each.

    Each resample draws ``rng.integers(0, N, N)`` row indices and recomputes
    `saltelli_jansen` on the resampled rows, centring included. Every
    term of the estimator is a mean of a per-row quantity, so a resample's
    estimate needs only the row counts :math:`c` (how often each row was
    drawn): with outputs first centred on the full-sample mean (the
    estimator is shift-invariant), the means of

    .. math::

        f_A + f_B,\quad f_A^2 + f_B^2,\quad
        f_B\,\Delta_g,\quad \Delta_g,\quad \Delta_g^2
        \qquad (\Delta_g = f_{AB}^{(g)} - f_A)

    are one product :math:`c^\top Q / N` per resample, :math:`O(N)` memory.
    """
    n_groups, s, n = f_AB.shape
    if n_resamples == 0:
        nan = np.full((n_groups, s, 2), np.nan)
        return nan, nan.copy()
    mean = np.mean(np.concatenate([f_A, f_B], axis=1), axis=1, keepdims=True)
    fa, fb, fab = f_A - mean, f_B - mean, f_AB - mean
    delta = fab - fa  # (G, s, n)
    per_row = np.concatenate(
        [
            (fa + fb)[None],
            (fa**2 + fb**2)[None],
            fb[None] * delta,
            delta,
            delta**2,
        ]
    )  # (2 + 3G, s, n)
    q = per_row.reshape(-1, n).T  # (n, K)
    moments = np.empty((n_resamples, q.shape[1]))
    for r in range(n_resamples):
        counts = np.bincount(rng.integers(0, n, size=n), minlength=n).astype(np.float64)
        moments[r] = counts @ q / n
    m = moments.reshape(n_resamples, 2 + 3 * n_groups, s)
    half_sum, half_sq = m[:, 0] / 2.0, m[:, 1] / 2.0  # mean and mean square of f_A u f_B
    var = half_sq - half_sum**2  # (R, s)
    p_g = m[:, 2 : 2 + n_groups]
    t_g = m[:, 2 + n_groups : 2 + 2 * n_groups]
    q_g = m[:, 2 + 2 * n_groups :]  # (R, G, s)
    v_first = p_g - half_sum[:, None] * t_g
    v_total = 0.5 * q_g
    ok = np.broadcast_to((var > 0)[:, None], v_first.shape)
    boot_first = np.divide(v_first, var[:, None], out=np.full(v_first.shape, np.nan), where=ok)
    boot_total = np.divide(v_total, var[:, None], out=np.full(v_total.shape, np.nan), where=ok)
    return _percentile_ci(boot_first, confidence_level), _percentile_ci(
        boot_total, confidence_level
    )


def sobol_indices(
    func: Model,
    inputs: Sequence[UncertainInput],
    n: int,
    *,
    seed: SeedLike = None,
    chunk_size: int | None = None,
    memory_budget_bytes: int = DEFAULT_MEMORY_BUDGET_BYTES,
    n_resamples: int = 999,
    confidence_level: float = 0.95,
    groups: Sequence[str | None] | None = None,
) -> SobolResult:
    r"""First-order and total Sobol' indices of a vectorised model.

    The design is `scipy.stats.sobol_indices`'s: :math:`A` and
    :math:`B` are the two halves of one scrambled Sobol' sequence of
    :math:`2d` columns mapped through the inputs' ``ppf``. Each input or group
    :math:`g` adds :math:`A_B^{(g)}`, :math:`A` with :math:`g`'s column(s)
    from :math:`B`. The model runs :math:`N(G + 2)` times. Indices use the
    Saltelli (2010) first-order and Jansen (1999) total estimators
    (`saltelli_jansen`):

    .. math::

        \hat S_g = \frac{\overline{(f_B - \bar f)(f_{AB}^{(g)} - f_A)}}{V},
        \qquad
        \hat S_{T_g} = \frac{\tfrac12\,\overline{(f_A - f_{AB}^{(g)})^2}}{V}.

    The point estimates come from `saltelli_jansen`, grouped or not; without
    groups they equal ``scipy.stats.sobol_indices(func=func, n=n, dists=inputs,
    rng=numpy.random.default_rng(seed))`` to rounding (the tests check it).
    Confidence intervals are percentile bootstrap intervals over the :math:`N`
    rows (all of :math:`f_A, f_B, f_{AB}` resampled together), drawn from the
    same seeded generator, so a seed fixes the whole result; scipy's own
    ``bootstrap`` method takes no seed, so it is not used.

    Parameters
    ----------
    func : callable
        ``func(x)`` with ``x`` of shape (d, m) (row j holds input j's values
        in ``inputs`` order) returns shape (m,) or (s, m). It must treat
        columns independently (it is called on blocks of columns). It may not
        be called with all columns at once. A `BlockModel` evaluates the design's
        blocks itself, ``chunk_size // 2`` columns of A and of B per call.
    inputs : sequence of UncertainInput, length d
        Independent inputs with unique names (see `relindex._core.inputs`).
    n : int
        Base sample size :math:`N`, a power of 2.
    seed : int, numpy.random.Generator or None, default None
        See `relindex._core.sampling.rng_from_seed`. Drives both the
        scrambling of the Sobol' sequence and the bootstrap.
    chunk_size : int or None, default None
        Columns per model call. ``None`` picks the largest block whose input
        ``x`` fits in ``memory_budget_bytes``.
    memory_budget_bytes : int, default 128 MiB
        Bounds the size of each ``x`` passed to ``func`` (``8 * d * m`` bytes).
        The model's own temporaries are its business: pass ``chunk_size`` to
        bound them. The bootstrap needs :math:`O(N(G + 2)s)` memory besides.
    n_resamples : int, default 999
        Bootstrap resamples; 0 skips the bootstrap (intervals are NaN).
    confidence_level : float, default 0.95
    groups : sequence of (str or None), length d, optional
        A group label per input, overriding the inputs' own ``group``. Inputs
        sharing a label get one joint index; an input with label ``None`` is
        its own group, named after it.

    Returns
    -------
    SobolResult

    Raises
    ------
    ValueError
        On a bad ``n``, ``chunk_size``, ``n_resamples``, ``confidence_level``
        or grouping; if ``func`` returns the wrong shape or a non-finite value.

    Notes
    -----
    An output constant over A and B has NaN indices and intervals (scipy would
    report 0, SALib warns and reports NaN); ``SobolResult.constant`` marks it and
    ``SobolResult.constant_message`` words it for the caller's warning.

    References
    ----------
    .. [1] Saltelli et al. (2010), Computer Physics Communications 181(2):259-270.
    .. [2] Jansen (1999), Computer Physics Communications 117(1-2):35-43.
    .. [3] Saisana, Saltelli & Tarantola (2005), JRSS-A 168(2):307-323.
    .. [4] SciPy documentation, ``scipy.stats.sobol_indices``.

    Examples
    --------
    >>> import numpy as np
    >>> from relindex._core.inputs import Uniform
    >>> res = sobol_indices(
    ...     lambda x: 2.0 * x[0] + x[1],
    ...     [Uniform("a", 0, 1), Uniform("b", 0, 1)],
    ...     1024,
    ...     seed=0,
    ...     n_resamples=0,
    ... )
    >>> res.first_order.round(2).tolist()  # exact: 4/5 and 1/5
    [0.8, 0.2]
    """
    inputs = list(inputs)
    if len(inputs) == 0:
        raise ValueError("sobol_indices needs at least one uncertain input. Got none.")
    check_power_of_two(n)
    n = int(n)
    if isinstance(n_resamples, bool) or not isinstance(n_resamples, int) or n_resamples < 0:
        raise ValueError(f"n_resamples must be an int >= 0. Got {n_resamples!r}.")
    if not 0.0 < float(confidence_level) < 1.0:
        raise ValueError(f"confidence_level must be in (0, 1). Got {confidence_level!r}.")
    if isinstance(memory_budget_bytes, bool) or memory_budget_bytes <= 0:
        raise ValueError(f"memory_budget_bytes must be > 0. Got {memory_budget_bytes!r}.")
    names, members = _resolve_groups(inputs, groups)
    d, n_groups = len(inputs), len(members)
    total_runs = n * (n_groups + 2)
    if chunk_size is None:
        chunk = max(1, memory_budget_bytes // (8 * d))
    elif isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive int or None. Got {chunk_size!r}.")
    else:
        chunk = chunk_size
    chunk = min(chunk, total_runs)

    rng = rng_from_seed(seed)
    A, B = _sample_A_B(inputs, n, rng)
    y, one_d = _evaluate(func, A, B, members, chunk)
    s = y.shape[0]
    f_A = y[:, :n]
    f_B = y[:, n : 2 * n]
    f_AB = np.ascontiguousarray(y[:, 2 * n :].reshape(s, n_groups, n).transpose(1, 0, 2))

    both = np.concatenate([f_A, f_B], axis=1)
    constant = np.all(both == both[:, :1], axis=1)  # (s,)
    # one estimator path, grouped or not; scipy.stats.sobol_indices is the tests' oracle
    first, total = saltelli_jansen(f_A, f_B, f_AB)
    first = np.where(constant[:, None], np.nan, first)
    total = np.where(constant[:, None], np.nan, total)

    ci_first, ci_total = _bootstrap(f_A, f_B, f_AB, rng, n_resamples, float(confidence_level))
    ci_first = np.moveaxis(ci_first, 0, 1)  # (s, G, 2)
    ci_total = np.moveaxis(ci_total, 0, 1)
    if one_d:
        first, total, ci_first, ci_total = first[0], total[0], ci_first[0], ci_total[0]
    return SobolResult(
        names=tuple(names),
        first_order=first,
        total_order=total,
        first_order_ci=ci_first,
        total_order_ci=ci_total,
        n=n,
        n_evaluations=total_runs,
        seed=seed,
        confidence_level=float(confidence_level),
        constant=constant[0] if one_d else constant,
    )
