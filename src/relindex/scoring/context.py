"""What the scoring steps read of a dataset, and the axes they lay values out on."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._readonly import ReadOnlyMap
from ..dataset import Dataset, Record
from ..models import Dimension, IndexSpec, Indicator, Reconciliation

if TYPE_CHECKING:  # the table modules are imported only to read a catalogue's tables
    from ..tables import Table

__all__ = ["Axes", "Context", "context_of", "shared_context"]


@dataclass(frozen=True, kw_only=True)
class Context:
    """The parts of a loaded dataset the scoring steps use, and nothing else.

    Attributes
    ----------
    path : Path
        The catalogue file, named by errors about the catalogue as a whole.
    indicators : mapping of str to Indicator
        Every indicator and series by id (scored indicators first, in tree order).
    dimensions : mapping of str to Dimension
        The catalogue's top-level dimensions.
    series : tuple of str
        Ids of the series (columns after the scored indicators).
    index : IndexSpec
        The top of the tree, the scored span and the tag rules.
    min_weight : float
        ``grading.min_weight``: records weighted below it do not count.
    reconciliation : Reconciliation
        Rules for conflicting and qualified figures of one fact.
    severities : mapping of str to float
        Severity of each event type.
    source_dates : mapping of str to str
        Publication date of each source document.
    entity_ids : tuple of str
        The entity ids, in catalogue order.
    ledger : tuple of Record
        The ledger records, in file order.
    tables : tuple of Table
        The plain rows of the data tables, as columns.
    drafts : str
        What to do about the ledgers' unreviewed drafts (empty when there are none).
    source_ids : tuple of str
        Every source an observation can rest on: the source documents, then any
        table's source not among them.
    source_code : mapping of str to int
        Position of each source id in `source_ids`.
    """

    path: Path
    indicators: Mapping[str, Indicator]
    dimensions: Mapping[str, Dimension]
    series: tuple[str, ...]
    index: IndexSpec
    min_weight: float
    reconciliation: Reconciliation
    severities: Mapping[str, float]
    source_dates: Mapping[str, str]
    entity_ids: tuple[str, ...]
    ledger: tuple[Record, ...]
    tables: tuple[Table, ...]
    places: Mapping[str, str]
    """Where each indicator and series is declared (``dimensions.trade.indicators.volume``),
    so an error about one is keyed where the user wrote it."""
    drafts: str = ""
    """What to do about the ledgers' unreviewed drafts (``""`` when there are none)."""
    source_ids: tuple[str, ...] = ()
    source_code: Mapping[str, int] = field(default_factory=lambda: ReadOnlyMap({}))


_SHARED: ContextVar[dict[int, tuple[object, dict[str, Any]]] | None] = ContextVar(
    "relindex_shared_context", default=None)


@contextmanager
def shared_context() -> Iterator[None]:
    """Within the block, contexts of one catalogue share what they read of it alone.

    The catalogue's dimensions, series, event severities and places depend on the
    catalogue only: rescoring a dataset without one source at a time
    (`relindex.leave_out`) reads them once instead of once per source.
    """
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def _of_catalogue(cat: Any) -> dict[str, Any]:
    """The fields of a context read from the catalogue alone (shared in `shared_context`)."""
    memo = _SHARED.get()
    hit = memo.get(id(cat)) if memo is not None else None
    if hit is not None:
        return hit[1]
    parts = {
        "dimensions": ReadOnlyMap(cat.dimensions), "series": tuple(cat.series),
        "index": cat.index, "min_weight": cat.grading.min_weight,
        "reconciliation": cat.reconciliation,
        "severities": ReadOnlyMap({k: t.severity for k, t in cat.event_types.items()}),
        "places": ReadOnlyMap({iid: ".".join(map(str, loc))
                               for iid, _, _, loc in cat.places()}),
    }
    if memo is not None:
        memo[id(cat)] = (cat, parts)  # the catalogue kept: its id stays its own
    return parts


def context_of(dataset: Dataset) -> Context:
    """The scoring context of a loaded dataset (read once, shared by every step)."""
    from ..drafts import drafts_advice

    source_ids = tuple(dict.fromkeys([*dataset.sources, *(t.source_id for t in dataset.tables)]))
    return Context(
        path=dataset.path,
        indicators=ReadOnlyMap(dataset.indicators),
        source_dates=ReadOnlyMap({k: s.meta.date for k, s in dataset.sources.items()}),
        entity_ids=dataset.entity_ids,
        ledger=dataset.ledger,
        tables=dataset.tables,
        drafts=drafts_advice(dataset.drafts),
        source_ids=source_ids,
        source_code=ReadOnlyMap({sid: k for k, sid in enumerate(source_ids)}),
        **_of_catalogue(dataset.catalogue),
    )


@dataclass(frozen=True, kw_only=True)
class Axes:
    """The axes of the arrays: entities, scored years and columns, with their indices.

    Attributes
    ----------
    entities : tuple of str
        Entity ids (the first axis).
    periods : tuple of int
        Scored years, oldest first (the second axis).
    columns : tuple of str
        Indicator ids (leaves, in tree order) then series ids (the last axis).
    n_leaves : int
        Number of scored indicators (the first columns).
    column : mapping of str to int
        Column index of each id.
    entity : mapping of str or None to int
        Entity index of each id; None stands for the only entity of a one-entity dataset.
    """

    entities: tuple[str, ...]
    periods: tuple[int, ...]
    columns: tuple[str, ...]
    n_leaves: int
    column: Mapping[str, int]
    entity: Mapping[str | None, int]

    @property
    def shape(self) -> tuple[int, int, int]:
        """(n_entities, n_periods, n_columns)."""
        return len(self.entities), len(self.periods), len(self.columns)


def axes_of(ctx: Context, leaf_ids: list[str], periods: list[int]) -> Axes:
    """The axes of a model: the context's entities, the scored years, leaves then series."""
    columns = (*leaf_ids, *ctx.series)
    ents = ctx.entity_ids
    entity: dict[str | None, int] = {e: i for i, e in enumerate(ents)}
    if len(ents) == 1:
        entity[None] = 0
    column = ReadOnlyMap({c: i for i, c in enumerate(columns)})
    return Axes(entities=ents, periods=tuple(periods), columns=columns,
                n_leaves=len(leaf_ids), column=column, entity=ReadOnlyMap(entity))
