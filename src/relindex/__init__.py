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

from typing import TYPE_CHECKING

# relindex.audit and relindex.compare are the verbs: ._api loads the modules of the same
# names (binding them here) before it binds the verbs over them
from ._api import Data, analyse, audit, compare, decompose, reweight
from ._version import __version__
from .audit import AuditResult, Finding
from .compare import Comparison
from .dataset import Dataset, Record, SourceDoc, load
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
from .result import DimensionResult, IndicatorResult, PeriodResult, Result
from .scoring import Model, build_model, score

if TYPE_CHECKING:  # bound by __getattr__ on first use; named here for type checkers and docs
    from .change import Change
    from .sensitivity import SensitivityResult

_LAZY = {"Change": "change", "SensitivityResult": "sensitivity"}
"""Names bound on first use, so that ``relindex score`` imports no analysis it does not run."""


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

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
