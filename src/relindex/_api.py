"""The verbs of relindex: what an analyst does with a catalogue, one name per concept.

Each verb takes the data first: a `Dataset` (from `load`), a prepared `Model`
(from `build_model`), or the path of a catalogue (its ``indicators.toml`` or the
folder holding it); ``None`` means the shipped Russia-China catalogue. Each returns a
typed result with ``to_dict()``, ``to_frame()`` and a short repr.

==============  ==================================================================
`load`          read and check a catalogue, its sources and evidence → `Dataset`
`score`         every entity and period, with the breakdown → `Result`
`analyse`       Monte Carlo uncertainty and Sobol' sensitivity → `SensitivityResult`
`compare`       two catalogues, or one under other weights → `Comparison`
`reweight`      score under other weights, labelled as such → `Result`
`audit`         the method's own checks (``relindex check``) → `AuditResult`
`decompose`     where a change between two periods comes from → `Change`
==============  ==================================================================

Examples
--------
>>> import relindex
>>> ds = relindex.load("tests/fixtures/mini")
>>> relindex.score(ds).to_frame().columns[:3].tolist()
['entity', 'period', 'score']
>>> ch = relindex.decompose(ds, "2022", "2023")
>>> abs(sum(ch.to_frame()["effect"]) - ch.change) < 1e-12
True
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from .dataset import Dataset, load
from .errors import RelindexError
from .models import Uncertainty
from .result import Result
from .scoring import Model, build_model, score

if TYPE_CHECKING:  # each verb imports the module that does its work when it is called
    from .audit import AuditResult
    from .change import Change
    from .compare import Comparison
    from .sensitivity import SensitivityResult

__all__ = ["Data", "analyse", "audit", "compare", "decompose", "load", "reweight", "score"]

Data: TypeAlias = Dataset | Model | str | os.PathLike[str] | None
"""Type alias of what a verb takes first: a dataset, a prepared model, a catalogue path, or
None (the shipped catalogue). Public for annotating code that passes data on to the verbs
(``def run(data: relindex.Data) -> relindex.Result``); a union at run time, not a class."""


def _model(data: Data) -> Model:
    """A prepared model from any `Data`."""
    if isinstance(data, Model):
        return data
    if isinstance(data, Dataset):
        return build_model(data)
    if data is not None and not isinstance(data, str | os.PathLike):
        raise RelindexError("is not a dataset, a model or a catalogue path", key="data",
                            value=type(data).__name__,
                            fix="pass relindex.load(path), or the path of indicators.toml")
    return build_model(load(None if data is None else Path(data)))


def analyse(data: Data = None, options: Uncertainty | None = None, *,
            samples: int | None = None, seed: int | None = None,
            entity: str | None = None, weight_range: float | None = None,
            vary_aggregation: bool | None = None, vary_normalisation: bool | None = None,
            vary_evidence: bool | None = None, n_resamples: int = 200,
            progress: bool = False) -> SensitivityResult:
    """Monte Carlo uncertainty bands and Sobol' sensitivity indices of the index.

    Parameters
    ----------
    data : Dataset, Model, str, PathLike or None
        What to analyse (default: the shipped catalogue).
    options : relindex.models.Uncertainty, optional
        Which inputs are uncertain and how (default: the catalogue's ``[uncertainty]``
        table); the keyword overrides below apply on top of it.
    samples : int, optional
        Base sample size N, a power of two (default: the catalogue's
        ``uncertainty.samples``).
    seed : int, optional
        The same seed gives the same result; None draws fresh randomness.
    entity : str, optional
        With several entities, the one whose headline index the Sobol' indices explain.
    weight_range, vary_aggregation, vary_normalisation, vary_evidence
        Override the catalogue's ``[uncertainty]`` settings.
    n_resamples : int, default 200
        Bootstrap resamples for the Sobol' confidence intervals (0: none).
    progress : bool, default False
        A progress bar on a terminal for long runs.

    Returns
    -------
    SensitivityResult
        ``to_frame("periods")``: the 90% band of every period; ``to_frame("sobol")``:
        the indices.

    Examples
    --------
    >>> import relindex
    >>> res = relindex.analyse("tests/fixtures/mini", samples=64, seed=1, n_resamples=0)
    >>> band = res.to_frame().query("quantity == 'index'")
    >>> bool((band["p05"] <= band["p95"]).all())
    True
    """
    overrides = {"weight_range": weight_range, "vary_aggregation": vary_aggregation,
                 "vary_normalisation": vary_normalisation, "vary_evidence": vary_evidence}
    chosen = {k: v for k, v in overrides.items() if v is not None}
    if options is not None:  # validated again as the catalogue's table is
        chosen = {**options.model_dump(), **chosen}
    from . import sensitivity as _sensitivity

    return _sensitivity.analyse(_model(data), chosen, samples=samples, seed=seed,
                                entity=entity, n_resamples=n_resamples, progress=progress)


def compare(a: Data, b: Data = None, *,
            weights: Mapping[str, float] | str | os.PathLike[str] | None = None,
            label_a: str | None = None, label_b: str | None = None) -> Comparison:
    """Two catalogues, or one under other weights, lined up per entity and period.

    Parameters
    ----------
    a : Dataset, Model, str, PathLike or None
        The first catalogue.
    b : Dataset, Model, str, PathLike or None, optional
        The second (default: `a` itself, under `weights`); a weights file means `a`
        under those weights.
    weights : mapping or path, optional
        Weights by dimension or indicator id applied to `b`, or a weights file.
    label_a, label_b : str, optional
        Names of the two sides.

    Returns
    -------
    Comparison
        ``to_frame()``: both indices, the difference and the rank change per row.
    """
    # the module of the same name (the verb keeps the name relindex.compare)
    from .compare import compare as lined_up
    from .compare import is_weights_file

    w = Path(weights) if isinstance(weights, os.PathLike) else weights
    other: Model | Path | None = None
    if isinstance(b, str | os.PathLike) and is_weights_file(Path(b)):
        other = Path(b)
    elif b is not None:
        other = _model(b)
    return lined_up(_model(a), other, weights=w, label_a=label_a, label_b=label_b)


def reweight(data: Data, weights: Mapping[str, float]) -> Result:
    """Score a catalogue under other weights.

    Parameters
    ----------
    data : Dataset, Model, str, PathLike or None
    weights : mapping of str to float
        New (unnormalised) weights by dimension id (among its sibling dimensions) or
        indicator id (inside its dimension); ids not named keep their declared weight.

    Returns
    -------
    Result
        Its ``reweighted`` lists the weights changed from the catalogue's; its repr,
        HTML, ``to_dict()`` (key ``reweighted``), frames (``attrs``) and charts say it
        is re-weighted.

    Raises
    ------
    RelindexError
        For an unknown id, a weight that is not a finite number >= 0, or a weight that
        cannot change anything (the only child of its dimension or side).

    Examples
    --------
    >>> import relindex
    >>> r = relindex.reweight("tests/fixtures/mini", {"trade": 3})
    >>> r.reweighted
    {'trade': 3.0}
    """
    from .compare import with_weights

    return score(with_weights(_model(data), weights))


def audit(data: Data = None) -> AuditResult:
    """The method's own audit (what ``relindex check`` prints).

    Parameters
    ----------
    data : Dataset, Model, str, PathLike or None

    Returns
    -------
    AuditResult
        ``passed``, and ``to_frame()`` of the findings.
    """
    from .audit import audit as audited  # the module of the same name

    return audited(_model(data))


def _period(value: int | str, key: str) -> int:
    if isinstance(value, bool):
        raise RelindexError("must be a year", key=key, value=value, fix="pass e.g. 2023")
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        raise RelindexError("must be a year", key=key, value=value,
                            fix="pass e.g. 2023 or '2023'") from None


def decompose(data: Data, start: int | str, end: int | str, *,
              entity: str | None = None) -> Change:
    """Split the change of the index from `start` to `end` into its effects.

    The value, composition and weight effects of `relindex.change`.

    Parameters
    ----------
    data : Dataset, Model, str, PathLike or None
    start, end : int or str
        The two periods (``2023`` or ``"2023"``).
    entity : str, optional
        The entity, where the catalogue has several.

    Returns
    -------
    Change
        ``to_frame()``: one row per indicator and effect; they add up to ``change``.
    """
    from . import change as _change

    return _change.decompose(_model(data), _period(start, "from"), _period(end, "to"),
                      entity=entity)
