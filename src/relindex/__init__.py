"""relindex: an evidence-linked cooperation-versus-friction index for a bilateral relationship.

Load a catalogue (``indicators.toml`` with its sources and evidence ledger),
score it, and read every number back to the sentence it came from. The verbs
(`load`, `score`, `analyse`, `compare`, `reweight`, `audit`, `decompose`) take the
data first and return typed results with ``to_frame()``; the modules behind them
are documented in the API reference, the rest is private.

Examples
--------
>>> import relindex
>>> result = relindex.score()          # the shipped Russia-China dataset
>>> result.headline.period >= 2020
True
>>> frame = result.to_frame("indicator")
>>> {"entity", "period", "side", "indicator", "normalised", "contribution"} <= set(frame)
True
"""

import sys as _sys
import types as _types
from typing import TYPE_CHECKING

from ._version import __version__

if TYPE_CHECKING:  # bound by __getattr__ on first use; named here for type checkers and docs
    from ._api import Data, analyse, audit, compare, decompose, reweight
    from .audit import AuditResult, Finding
    from .change import Change
    from .compare import Comparison
    from .dataset import Dataset, Record, SourceDoc, load
    from .result import DimensionResult, IndicatorResult, PeriodResult, Result
    from .scoring import Model, build_model, score
    from .sensitivity import SensitivityResult

# the errors are cheap, and the first thing a caller of relindex needs
from .errors import (
    CatalogueError,
    EvidenceError,
    InputFileError,
    LimitExceededError,
    MissingExtraError,
    PathOutsideError,
    QuoteNotFoundError,
    RelindexError,
    RelindexWarning,
    ScoringError,
)

del TYPE_CHECKING  # not a name of relindex (dir, tab completion)

_LAZY = {
    name: module
    for module, names in (
        ("_api", ("Data", "analyse", "audit", "compare", "decompose", "reweight")),
        ("audit", ("AuditResult", "Finding")),
        ("change", ("Change",)),
        ("compare", ("Comparison",)),
        ("dataset", ("Dataset", "Record", "SourceDoc", "load")),
        ("result", ("DimensionResult", "IndicatorResult", "PeriodResult", "Result")),
        ("scoring", ("Model", "build_model", "score")),
        ("sensitivity", ("SensitivityResult",)),
    )
    for name in names
}
"""The module of each public name bound on first use (the block above, for type checkers).

``import relindex`` imports only the errors and the version, so that the command line,
and a program that only catches relindex's errors, imports no more than it runs.
"""

_SUBMODULES = frozenset({
    "audit", "change", "cli", "compare", "dataset", "drafts", "errors", "events", "export",
    "extract", "files", "frames", "goldstein", "leave_out", "models", "plot", "quotes",
    "record_rules", "records", "result", "scaffold", "scoring", "sensitivity", "tables", "text",
    "uncited", "weights",
})
"""The public modules, each imported on first use as an attribute (``relindex.files``);
``relindex.audit`` and ``relindex.compare`` are the verbs (import those modules by name)."""

_VERBS = frozenset({"audit", "compare"})
"""Verbs named as modules are: importing ``relindex.audit`` must not rebind ``audit``."""


def __getattr__(name: str) -> object:
    import importlib

    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, *_SUBMODULES})


class _Package(_types.ModuleType):
    """The type of the ``relindex`` module: its verbs keep their names.

    Importing a submodule binds it on its package, so the first ``import
    relindex.audit`` (or ``relindex.compare``) would put the module where the verb
    `audit` (`compare`) is; the module stays in ``sys.modules`` instead.
    """

    def __setattr__(self, name: str, value: object) -> None:
        if name in _VERBS and isinstance(value, _types.ModuleType):
            return
        super().__setattr__(name, value)


_sys.modules[__name__].__class__ = _Package

__all__ = [
    "AuditResult",
    "CatalogueError",
    "Change",
    "Comparison",
    "Data",
    "Dataset",
    "DimensionResult",
    "EvidenceError",
    "Finding",
    "IndicatorResult",
    "InputFileError",
    "LimitExceededError",
    "MissingExtraError",
    "Model",
    "PathOutsideError",
    "PeriodResult",
    "QuoteNotFoundError",
    "Record",
    "RelindexError",
    "RelindexWarning",
    "Result",
    "ScoringError",
    "SensitivityResult",
    "SourceDoc",
    "__version__",
    "analyse",
    "audit",
    "build_model",
    "compare",
    "decompose",
    "load",
    "reweight",
    "score",
]
