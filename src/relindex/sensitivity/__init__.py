r"""Uncertainty and sensitivity analysis of the index (OECD/JRC Handbook, step 7).

The index is a chain of choices. Following Saisana, Saltelli & Tarantola (2005),
each choice becomes an uncertain input, declared in the catalogue's
``[uncertainty]`` table (overridable here):

* **weights**: each declared weight varies uniformly within ±``weight_range`` of
  its nominal value, or (``weights = "dirichlet"``) a level's weights are drawn
  jointly from a Dirichlet centred on the nominal ones (one group of inputs per
  node: "weights: trade");
* **aggregation**: each side (cooperation, friction) is arithmetic or geometric
  (a fair coin; the geometric mean uses the node's floor or ``geometric_floor``);
* **normalisation**: each indicator uses its declared normalisation or min-max
  over the data (one group, "normalisation");
* **the evidence itself** (one Sobol' group, "evidence"): each numeric
  indicator's values move within their intervals (qualifier bounds, the spread
  of conflicting records, a declared relative error), one uniform per indicator
  mapped piecewise-linearly so that 0 gives the low end, 0.5 the value used and
  1 the high end; each event indicator is drawn from its posterior (one uniform
  per indicator: the quantile taken in every period); evidence resting only on
  sources graded D-F is included with probability
  ``include_low_grade_probability``; carried values are kept or left missing
  (``vary_carry_forward``).

Monte Carlo over the inputs (quasi-random Sobol' points by default) gives each
period's distribution of the net index and of both sides; variance-based
sensitivity gives first-order and total Sobol' indices of the headline net index
for each group (Saltelli 2010, Jansen 1999 estimators; bootstrap intervals).

Every sample is evaluated in one array computation of shape
``(samples, periods, indicators)``; large runs go in chunks within a memory budget.

The analysis is built of steps, one module each: the design (which input groups
there are and where each acts in the model; a new kind of uncertainty is one more
input group), the run, the bands per period, the ranks, and the Sobol' indices.
"""


from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..dataset import Dataset, load
from ..errors import LimitExceededError, RelindexError, _warn
from ..models import Uncertainty
from ..result import Result, as_number
from ..scoring import Model, build_model
from ._design import Design, LowGradeGroup, build_design, describe
from ._ranks import dimension_stability, entity_ranks, sample_ranks
from ._result import SensitivityResult
from ._run import Outputs, Progress, Runner, check_memory, chunk_size
from ._summaries import period_bands

__all__ = ["DEFAULT_MAX_SAMPLES", "SensitivityResult", "analyse"]

DEFAULT_MAX_SAMPLES = 65_536
"""Largest base sample size accepted without ``max_samples`` being raised."""

DEFAULT_MEMORY_BUDGET = 256 * 2**20
"""Bytes the model's arrays may take per chunk of samples."""

Array = NDArray[np.float64]


def analyse(
    data: Dataset | Model | str | Any | None = None,
    options: Uncertainty | Mapping[str, Any] | None = None,
    *,
    samples: int | None = None,
    seed: int | None = None,
    n_resamples: int = 200,
    max_samples: int = DEFAULT_MAX_SAMPLES,
    memory_budget: int = DEFAULT_MEMORY_BUDGET,
    progress: bool = False,
    entity: str | None = None,
) -> SensitivityResult:
    """Monte Carlo uncertainty and Sobol' sensitivity of the index.

    Parameters
    ----------
    data : Dataset, Model, str or Path, optional
        What to analyse; default the shipped Russia-China catalogue.
    options : Uncertainty or mapping, optional
        Which inputs are uncertain and how (`relindex.models.Uncertainty`). A mapping
        overrides keys of the catalogue's ``[uncertainty]`` table, e.g.
        ``{"weight_range": 0.1, "vary_aggregation": False}``, and is validated as that
        table is; default the catalogue's table.
    samples : int, optional
        Base sample size N, a power of two (default: the options' ``samples``). The
        uncertainty bands use N quasi-random samples; the Sobol' design runs the model
        N (G + 2) times for G groups.
    seed : int, optional
        Makes the run reproducible (same seed, same result). ``None`` draws fresh
        randomness.
    n_resamples : int, default 200
        Bootstrap resamples for the Sobol' confidence intervals.
    max_samples : int, default 65,536
        Refuse larger ``samples`` (raise it explicitly for bigger runs).
    memory_budget : int
        Bytes the model's arrays may take per chunk of samples.
    progress : bool, default False
        Show a progress bar on a terminal for runs longer than a second.
    entity : str, optional
        With several entities: the one whose headline index the Sobol' indices explain.
        Without it, they explain the mean absolute shift of the entities' ranks from
        their nominal ranks in the latest headline period (Saisana, Saltelli & Tarantola
        2005), and every entity gets its rank interval.

    Returns
    -------
    SensitivityResult

    Raises
    ------
    LimitExceededError
        When ``samples`` exceeds ``max_samples``, or its arrays would not fit in memory.
    RelindexError
        On a bad option (``samples`` not a power of two, a value out of its range, an
        unknown key), an unknown ``entity``, or nothing uncertain to analyse.

    Examples
    --------
    >>> import relindex.sensitivity as rs
    >>> res = rs.analyse(samples=64, seed=1, n_resamples=0)
    >>> head = res.period(res.headline_period)
    >>> head["index"]["p05"] <= head["index"]["median"] <= head["index"]["p95"]
    True
    """
    model = data if isinstance(data, Model) else build_model(
        data if isinstance(data, Dataset) else load(data))
    opts = uncertainty_options(model, options)
    n = _check_samples(opts.samples if samples is None else samples, max_samples)
    design, notes = build_design(model, opts)
    from ..scoring import score

    full = score(model, leave_one_out=False)  # the point values; no rescoring per source
    target = _Target.of(model, full, entity)
    tree = model.tree
    tree = replace(tree, floor=np.where(np.isnan(tree.floor), opts.geometric_floor, tree.floor))
    runner = Runner(model, design, tree, target.h, target.e,
                    nominal_ranks=target.nominal_ranks if target.many else None)
    if not design.inputs:
        raise RelindexError("no uncertain input to analyse", key="uncertainty",
                            fix="enable weight_range, vary_aggregation or vary_normalisation")
    runner.design = _keep_headline(runner, notes)
    out, sob, total = _draw(runner, n, seed, n_resamples, memory_budget, progress)
    constant = _constant_note(sob, out, target, model, runner.design)
    if constant is not None:  # printed once as a note by the CLI, a warning in Python
        notes.append(constant)
        _warn(constant)
    periods, outside = period_bands(out, full, model.entities,
                                    range(len(model.entities)) if target.many else [target.e],
                                    model.periods)
    if outside:
        notes.append("the point value lies outside its own 5-95% band in "
                     f"{', '.join(outside)}: the declared choices put most of the "
                     "distribution elsewhere; read the band, not only the point")
    ranks = (entity_ranks(out.net[:, :, target.h], model.entities, target.year,
                          target.nominal_ranks) if len(model.entities) > 1 else [])
    stability = dimension_stability(out.contribution, target.point, target.year,
                                    [model.nodes[j].id for j in model.top_nodes()])
    return SensitivityResult(
        periods=tuple(periods), sobol=tuple(_sobol_rows(sob, runner.design)),
        rank_stability=stability, samples=n, seed=seed, headline_period=target.year,
        n_evaluations=total, inputs=tuple(describe(i) for i in runner.design.inputs),
        notes=tuple(notes), version=target.point.version, digest=target.point.digest,
        entity=None if target.many else model.entities[target.e], ranks=tuple(ranks),
    )


def uncertainty_options(model: Model,
                        options: Uncertainty | Mapping[str, Any] | None) -> Uncertainty:
    """The options of an analysis: the catalogue's ``[uncertainty]`` table with overrides.

    Raises
    ------
    RelindexError
        Keyed at the first option the `Uncertainty` model refuses.
    """
    from pydantic import ValidationError

    spec = model.dataset.catalogue.uncertainty
    if options is None or isinstance(options, Uncertainty):
        return options or spec
    try:
        return Uncertainty.model_validate({**spec.model_dump(), **dict(options)})
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        raise RelindexError(err["msg"].removeprefix("Value error, "),
                            key=".".join(str(x) for x in err["loc"]) or "uncertainty",
                            value=err.get("input"),
                            fix="see [uncertainty] in the TOML reference") from None


def _check_samples(n: Any, max_samples: int, *, key: str = "samples",
                   limit: str = "max_samples") -> int:
    """The base sample size, refused unless a power of two within the limit.

    `key` and `limit` name the sample size and its limit as the caller spelled them
    (``--samples`` and ``--max-samples`` on the command line).
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 8 or n & (n - 1):
        raise RelindexError("must be a power of two, at least 8", key=key, value=n,
                            fix="use a power of two such as 256, 1024 or 4096")
    if n > max_samples:
        raise LimitExceededError(
            f"exceeds the limit of {max_samples:,} base samples", key=key, value=n,
            fix=f"pass a larger {limit} if you mean it",
        )
    return n


@dataclass(frozen=True)
class _Target:
    """What the analysis explains: an entity's headline index, or every entity's rank."""

    e: int
    """The entity whose bands and contributions are reported (0 for many)."""
    many: bool
    """True when the Sobol' target is the mean rank shift of all entities."""
    point: Result
    """The point result of entity ``e``."""
    year: int
    """The headline period."""
    h: int
    """Its position among the model's periods."""
    nominal_ranks: NDArray[np.int_]
    """Each entity's nominal rank in the headline period."""

    @staticmethod
    def of(model: Model, full: Result, entity: str | None) -> _Target:
        """The target of ``model`` scored as ``full``, for ``entity`` (or all)."""
        E = len(model.entities)
        e = 0
        if entity is not None:
            if entity not in model.entities:
                raise RelindexError("is not an entity of the catalogue", key="entity",
                                    value=entity, fix="choose one of " + ", ".join(
                                        model.entities[:12]))
            e = model.entities.index(entity)
        point = full.entity(model.entities[e])
        many = E > 1 and entity is None
        year = (full if many else point).headline_period
        if year is None:
            raise RelindexError("the index has no headline period to analyse",
                                fix="add evidence, or lower index.headline_min_coverage or "
                                "index.headline_min_sources (with a reason)")
        h = model.periods.index(year)
        nominal_net = full._table.columns["index"].reshape(E, -1)  # type: ignore[union-attr]
        ranks = sample_ranks(nominal_net[:, h][None, :])[0]
        return _Target(e=e, many=many, point=point, year=year, h=h, nominal_ranks=ranks)


def _keep_headline(runner: Runner, notes: list[str]) -> Design:
    """The design, without the low-graded switch if leaving them out empties the headline."""
    design = runner.design
    group = design.find(LowGradeGroup)
    if group is None:
        return design
    probe = design.declared()
    probe[design.slices()[design.groups.index(group)]] = 0.0
    if not np.isnan(runner.target(probe)[0]):
        return design
    notes.append("excluding the D-F graded evidence would leave the headline period "
                 "without a net index, so low-graded sources are always included")
    return design.without(LowGradeGroup)


def _draw(runner: Runner, n: int, seed: int | None, n_resamples: int, memory_budget: int,
          progress: bool) -> tuple[Outputs, Any, int]:
    """Run the bands' samples and the Sobol' design; return both and the count of runs."""
    from .._core.sampling import sample
    from .._core.sobol import sobol_indices

    model, inputs = runner.model, runner.design.inputs
    d = len(inputs)
    chunk = chunk_size(model, runner.tree, n, d, memory_budget)
    n_groups = len({i.group or i.name for i in inputs})
    total = n + n * (n_groups + 2)
    check_memory(n, d, len(model.entities) * len(model.periods), len(model.top_nodes()),
                 n_groups)
    bar = Progress(total, progress)
    runner.progress = bar
    bands_rng, sobol_rng = _streams(seed, 2)
    try:
        X = sample(inputs, n, seed=bands_rng, method="sobol")
        out = runner.run_chunked(X, chunk)
        sob = sobol_indices(runner.target, inputs, n, seed=sobol_rng,
                            chunk_size=chunk, n_resamples=n_resamples)
    except MemoryError:
        raise LimitExceededError(
            f"{n:,} base samples do not fit in memory", key="samples", value=n,
            fix="use fewer samples (e.g. 1024 or 4096)") from None
    finally:
        bar.close()
    return out, sob, total


def _constant_note(sob: Any, out: Outputs, target: _Target, model: Model,
                   design: Design) -> str | None:
    """What to say of a constant Sobol' target (None when it varies).

    With several entities and no ``entity``, the target is the mean absolute rank shift:
    it is constant when the declared uncertainties move each index but never reorder
    the entities, and the note names the groups varied and each index's range.
    """
    message = sob.constant_message()
    if message is None:
        return None
    if not target.many:
        return f"the Sobol' target: {message}"
    heads = out.net[:, :, target.h]
    spans = ", ".join(f"{ent} {np.nanmin(heads[:, k]):.3f}-{np.nanmax(heads[:, k]):.3f}"
                      for k, ent in enumerate(model.entities[:6])
                      if np.isfinite(heads[:, k]).any())
    groups = ", ".join(dict.fromkeys(i.group or i.name for i in design.inputs))
    return (f"the Sobol' target, the mean absolute rank shift of the {len(model.entities)} "
            f"entities in {target.year}, is constant over the {2 * sob.n} runs of A and B: "
            f"the declared uncertainties ({groups}) move each index (over the samples: "
            f"{spans}) but never reorder the entities, so every run has the nominal ranks "
            "and the Sobol' indices are undefined (NaN); pass entity (--entity ID) for the "
            "Sobol' indices of one entity's index")


def _streams(seed: int | None, k: int) -> list[np.random.Generator]:
    """``k`` independent random generators spawned from one seed.

    The seed's `numpy.random.SeedSequence` spawns one child per stream (the bands'
    samples, the Sobol' design and its bootstrap), so the streams never overlap, as
    ``seed`` and ``seed + 1`` might with another run's seed. ``None`` draws fresh
    entropy.

    Examples
    --------
    >>> a, b = _streams(7, 2)
    >>> bool(a.random() == _streams(7, 2)[0].random() != b.random())
    True
    """
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
        raise RelindexError("must be a non-negative integer", key="seed", value=seed,
                            fix="pass e.g. seed=1")
    return [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(k)]


def _sobol_rows(sob: Any, design: Design) -> list[dict[str, Any]]:
    """The Sobol' indices of each input group, with the inputs it holds."""
    members: dict[str, list[str]] = {}
    for inp in design.inputs:
        members.setdefault(inp.group or inp.name, []).append(inp.name)
    return [{"input": g["input"],
             "first_order": as_number(g["first_order"]),
             "total_order": as_number(g["total_order"]),
             "first_order_ci": [as_number(v) for v in g["first_order_ci"]],
             "total_order_ci": [as_number(v) for v in g["total_order_ci"]],
             "members": members.get(g["input"], [g["input"]])}
            for g in sob.to_dict()]
