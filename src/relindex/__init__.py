"""relindex: an evidence-linked cooperation-versus-friction index for a bilateral relationship.

Load a catalogue (``indicators.toml`` with its sources and evidence ledger),
score it, and read every number back to the sentence it came from.

Examples
--------
>>> import relindex
>>> result = relindex.score()          # the shipped Russia-China dataset
>>> result.headline.period >= 2020
True
"""

from ._version import __version__
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

__all__ = [
    "CatalogueError",
    "Dataset",
    "DimensionResult",
    "EvidenceError",
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
    "SourceDoc",
    "__version__",
    "build_model",
    "load",
    "score",
]
