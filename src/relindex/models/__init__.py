"""Pydantic models of the catalogue, the sources and the evidence ledger.

These models are the single definition of what ``indicators.toml``,
``sources.toml`` and ``evidence.toml`` may hold: the loader hands them plain
dicts and they do all the checking. Every field has a docstring, which the
docs' TOML reference page shows.

The models live in modules by file: `relindex.models.catalogue` and
`relindex.models.indicator` (``indicators.toml``), `relindex.models.evidence`
(``sources.toml``, ``evidence.toml``, omissions), `relindex.models.period`;
this package re-exports them.
"""

from __future__ import annotations

from ._base import (
    ID_MAX_LENGTH,
    ID_PATTERN,
    RULE,
    Id,
    Label,
    Loc,
    Reason,
    field_docs,
    problem,
    refuse,
)
from .catalogue import (
    Acceptance,
    Catalogue,
    CatalogueMeta,
    CheckSpec,
    Dimension,
    EntitySpec,
    EventType,
    Grading,
    IndexSpec,
    Missing,
    Reconciliation,
    Side,
    TableSpec,
    Uncertainty,
    leaves,
)
from .evidence import (
    Evidence,
    EvidenceFile,
    Omission,
    OmissionsFile,
    Qualifier,
    Source,
    SourcesFile,
)
from .indicator import Derived, Indicator, Normalisation
from .period import Period

__all__ = [
    "ID_MAX_LENGTH",
    "ID_PATTERN",
    "RULE",
    "Acceptance",
    "Catalogue",
    "CatalogueMeta",
    "CheckSpec",
    "Derived",
    "Dimension",
    "EntitySpec",
    "EventType",
    "Evidence",
    "EvidenceFile",
    "Grading",
    "Id",
    "IndexSpec",
    "Indicator",
    "Label",
    "Loc",
    "Missing",
    "Normalisation",
    "Omission",
    "OmissionsFile",
    "Period",
    "Qualifier",
    "Reason",
    "Reconciliation",
    "Side",
    "Source",
    "SourcesFile",
    "TableSpec",
    "Uncertainty",
    "field_docs",
    "leaves",
    "problem",
    "refuse",
]
