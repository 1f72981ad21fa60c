"""Load a catalogue with its sources and evidence, check references and quotes.

`load` is the entry point: it reads ``indicators.toml``, the sources file,
the source documents, the evidence ledgers and any CSV tables, validates them
with the models of `relindex.models`, checks that every reference resolves
and that every quote occurs in its source, and returns a `Dataset`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ._catalogue_reader import CatalogueReader, namespace
from ._readonly import ReadOnlyMap
from .errors import EvidenceError, InputFileError, QuoteNotFoundError
from .files import (
    DEFAULT_MAX_BYTES,
)
from .models import (
    Catalogue,
    EntitySpec,
    Evidence,
    Indicator,
    Omission,
)
from .quotes import Spans, _Normalised
from .records import Draft, QuoteCheck, Record, SourceDoc

if TYPE_CHECKING:
    import pandas as pd

    from .tables import Table


__all__ = ["Dataset", "NamedEntities", "QuoteCheck", "Record", "SourceDoc",
           "default_catalogue_path", "entity_names", "load"]


class NamedEntities(Mapping[str, EntitySpec]):
    """The entities the records name, none declared: each spec built when first read.

    A read-only mapping of entity id to `relindex.models.EntitySpec` (named by its id,
    no actors), in order of first appearance. A table naming ten thousand entities
    makes no ten thousand models until something reads them one by one.

    Parameters
    ----------
    names : iterable of str
        The entity ids, in order.
    """

    __slots__ = ("_built", "_names")

    def __init__(self, names: Iterable[str]) -> None:
        self._names: dict[str, None] = dict.fromkeys(names)
        self._built: dict[str, EntitySpec] = {}

    def __getitem__(self, entity_id: str) -> EntitySpec:
        spec = self._built.get(entity_id)
        if spec is None:
            if entity_id not in self._names:
                raise KeyError(entity_id)
            spec = EntitySpec.model_construct(name=entity_id, actors=(), directed=False,
                                              description="")
            self._built[entity_id] = spec
        return spec

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._names

    def __repr__(self) -> str:
        return f"NamedEntities({len(self)} entities)"

    @property
    def built(self) -> int:
        """How many specs have been built so far (each once, when first read)."""
        return len(self._built)


def entity_names(entities: Mapping[str, EntitySpec]) -> dict[str, str]:
    """The name of each entity, by id (without building the specs of `NamedEntities`)."""
    if isinstance(entities, NamedEntities):
        return {e: e for e in entities}
    return {e: s.name for e, s in entities.items()}


@dataclass(eq=False)
class Dataset:
    """A loaded catalogue: the index definition, its sources and its evidence.

    Build it with `load`; score it with `relindex.score`. Two datasets are equal only
    when they are the same object (compare ``digest`` for the same files).
    """

    def __repr__(self) -> str:
        from ._display import dataset_repr

        return dataset_repr(self)

    path: Path
    """The catalogue file."""
    catalogue: Catalogue
    """The validated catalogue."""
    sources: dict[str, SourceDoc]
    """Source documents by id."""
    ledger: tuple[Record, ...]
    """Evidence records that go through the record-by-record rules: ledger entries (in
    file order), then table rows that need them (a fact, a qualifier, a partial period)."""
    _digest: str | Callable[[], str]
    """SHA-256 over every file read, or the function that waits for it (`digest`)."""
    files: tuple[Path, ...] = ()
    """Every file read, in order."""
    _indicators: dict[str, tuple[Indicator, str | None]] = field(default_factory=dict, repr=False)
    omissions: tuple[tuple[Omission, Sequence[tuple[int, int]]], ...] = ()
    """Sentences deliberately not cited, each with where it occurs in its source."""
    _searchers: dict[str, _Normalised] = field(default_factory=dict, repr=False)
    _found: dict[tuple[str, str], Spans] = field(default_factory=dict, repr=False)
    tables: tuple[Table, ...] = ()
    """The plain rows of the CSV tables, as columns."""
    drafts: tuple[Draft, ...] = ()
    """Unreviewed drafts in the ledgers: kept aside, never counted."""
    entities: Mapping[str, EntitySpec] = field(default_factory=dict)
    """The entities scored, in order: declared in the catalogue, or those the records
    name (a `NamedEntities`, each spec built when first read), or one entity (the
    catalogue's id) when no record names one."""
    _records: tuple[Record, ...] | None = field(default=None, repr=False)
    _by_id: dict[str, Record | int] | None = field(default=None, repr=False)
    """Ledger records by id, and the place of each table row among every table's rows."""
    _entity_ids: tuple[str, ...] | None = field(default=None, repr=False)

    @property
    def digest(self) -> str:
        """SHA-256 over every file the dataset was read from.

        A large table's share of it may still be computed in a thread when `load` returns
        (while the dataset is scored): read here, it is waited for, once.
        """
        if not isinstance(self._digest, str):
            self._digest = self._digest()
        return self._digest

    def __getstate__(self) -> dict[str, Any]:
        """The dataset's fields, the digest itself in place of the threads computing it."""
        state = dict(self.__dict__)
        state["_digest"] = self.digest
        return state

    @property
    def records(self) -> tuple[Record, ...]:
        """Every evidence record: the ledger's, then every table row (built on first use).

        All of them stay in memory; `iter_records` gives them one at a time.
        """
        if self._records is None:
            self._records = tuple(self.iter_records())
        return self._records

    def iter_records(self) -> Iterator[Record]:
        """Every evidence record, in the order of `records`, built one at a time.

        Table rows are made into records as they are reached and not kept, so a command
        that writes them out holds one at a time, not every row of a large table.
        """
        if self._records is not None:
            yield from self._records
            return
        yield from self.ledger
        inds = self.indicators
        for t in self.tables:
            # the ids are read in batches (an Arrow column's one by one would be slow)
            for n, rid in enumerate(t.ids):
                yield _table_record(t, inds, n, rid)

    @property
    def entity_ids(self) -> tuple[str, ...]:
        """The entity ids, in order (built once)."""
        if self._entity_ids is None or len(self._entity_ids) != len(self.entities):
            self._entity_ids = tuple(self.entities)
        return self._entity_ids

    def find(self, source_id: str, quote: str) -> Spans:
        """Every span where `quote` occurs in a source, as `relindex.quotes.Spans`.

        Each source is normalised once, and each (source, quote) searched once: records
        citing the same quote share one `Spans` (16 bytes a span), however many they are.
        """
        found = self._found.get((source_id, quote))
        if found is None:
            if source_id not in self.sources:
                from .errors import UnknownIdError

                raise UnknownIdError("is not a source of the catalogue", key="source",
                                     value=source_id,
                                     fix="use a source id from the catalogue's sources file")
            if source_id not in self._searchers:
                self._searchers[source_id] = _Normalised(self.sources[source_id].text)
            found = self._searchers[source_id].find(quote)
            self._found[(source_id, quote)] = found
        return found

    @property
    def indicators(self) -> Mapping[str, Indicator]:
        """Every indicator and series by id (scored indicators first, in tree order).

        Built once and read-only: callers asking once per dimension cost linear time.
        """
        view = self.__dict__.get("_indicator_view")
        if view is None or len(view) != len(self._indicators):
            view = ReadOnlyMap({k: v for k, (v, _) in self._indicators.items()})
            self.__dict__["_indicator_view"] = view
        return view

    def dimension_of(self, indicator_id: str) -> str | None:
        """The id of the dimension an indicator sits in (None for a series)."""
        return self._indicators[indicator_id][1]

    def record(self, evidence_id: str) -> Record:
        """The record with this id.

        Raises
        ------
        EvidenceError
            When no record has this id.
        """
        if self._by_id is None:
            by_id: dict[str, Record | int] = {r.id: r for r in self.ledger}
            at = 0
            for t in self.tables:
                by_id.update(zip(t.ids, range(at, at + len(t)), strict=True))
                at += len(t)
            self._by_id = by_id
        hit = self._by_id.get(evidence_id)
        if hit is None:
            raise EvidenceError("is not the id of an evidence record", key="record",
                                value=evidence_id, fix="see 'relindex evidence' for the ids")
        if not isinstance(hit, int):
            return hit
        for t in self.tables:
            if hit < len(t):
                return _table_record(t, self.indicators, hit)
            hit -= len(t)
        raise AssertionError("a table row indexed past the tables")  # pragma: no cover

    def verify(self) -> list[QuoteCheck]:
        """Look for every record's quote in its source; one result per quoted record."""
        checks = []
        for r in self.ledger:
            if r.citation is not None:
                continue
            doc = self.sources[r.evidence.source]
            spans = self.find(doc.id, r.evidence.quote)
            checks.append(QuoteCheck(r.id, doc.id, str(doc.path), bool(spans), spans))
        return checks


def _table_record(t: Table, inds: Mapping[str, Indicator], n: int,
                  rid: str | None = None) -> Record:
    """Plain row `n` of a table (id `rid`, if known) as a record (validated by column)."""
    indicator = t.indicator_ids[t.indicator_code[n]]
    ev = Evidence.model_construct(
        id=t.ids[n] if rid is None else rid, indicator=indicator, source=t.source_id,
        quote=t.citations[n] if t.citations is not None else t.citation,
        period=str(int(t.year[n])), value=float(t.value[n]), unit=inds[indicator].unit,
        credibility=int(t.credibility[n]), entity=t.entity_ids[t.entity_code[n]],
        actors=t.actors[n] if t.actors is not None else (),
        period_inferred=False, period_reason="", assign_to=None, assign_reason="",
        value_inferred=False, value_reason="",
        qualifier="exact", event_type=None, severity=None, credibility_reason="",
        fact=None, exclude=None, note="")
    return Record(ev, t.path, citation=ev.quote, reliability=t.reliability,
                  weight=float(t.weight[n]) if t.weight is not None else 0.0,
                  order=float(t.line[n]))


def default_catalogue_path() -> Path:
    """Path of the shipped Russia-China catalogue (``indicators.toml``).

    Installed packages carry it as ``relindex/_data/indicators.toml``; a source
    checkout (editable install) reads the repository's top-level file.
    """
    # the package directory itself (what importlib.resources.files gives for an installed
    # package), without importing importlib.resources on every start-up
    packaged = Path(__file__).resolve().parent / "_data" / "indicators.toml"
    if packaged.is_file():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "indicators.toml"
    if checkout.is_file():
        return checkout
    raise InputFileError(
        "the shipped catalogue is missing from this installation",
        path=packaged,
        fix="reinstall relindex (pip install --force-reinstall relindex)",
    )


def _entities(catalogue: Catalogue, cat_path: Path, records: list[Record],
              tables: list[Table]) -> Mapping[str, EntitySpec]:
    """The entities of a dataset, after checking every record's entity and actors.

    Declared entities are the only ones a record may name (a record naming none belongs
    to the only entity, when one is declared). With none declared, the entities are those
    the records name, in order of first appearance; a catalogue whose records name none
    is one entity, the catalogue's id.
    """
    declared = catalogue.entities
    entities: Mapping[str, EntitySpec]
    named: dict[str, None] = {}
    unnamed: tuple[str, Path] | None = None
    for r in records:
        e = r.evidence.entity
        if e is None:
            unnamed = unnamed or (f"evidence[{r.id}]", r.origin)
        else:
            named.setdefault(e)
    for t in tables:
        if t.every_entity_named:  # every code occurs: no pass over the rows
            used = np.arange(len(t.entity_ids))
        else:
            seen = np.zeros(len(t.entity_ids), dtype=bool)  # which codes occur (not how often)
            seen[t.entity_code] = True
            used = np.flatnonzero(seen)
        ids = [t.entity_ids[code] for code in used.tolist()]
        if None in ids:
            n = int(np.argmax(t.entity_code == used[ids.index(None)]))
            unnamed = unnamed or (f"row {int(t.line[n])}", t.path)
        named.update(dict.fromkeys(e for e in ids if e is not None))  # first-seen order
    if declared:
        for e in named:
            if e not in declared:
                key, path = _first_naming(e, records, tables)
                raise EvidenceError(
                    "names an entity the catalogue does not declare", path=path,
                    key=f"{key}.entity", value=e,
                    fix=f"declare [entities.{e}] in {cat_path.name} or use one of "
                    f"{', '.join(declared)}")
        if unnamed is not None and len(declared) > 1:
            raise EvidenceError(
                "names no entity, and the catalogue declares several", path=unnamed[1],
                key=f"{unnamed[0]}.entity",
                fix=f"set entity to one of {', '.join(declared)}")
        entities = dict(declared)
    elif named:
        if unnamed is not None:
            raise EvidenceError(
                "names no entity while other records do", path=unnamed[1],
                key=f"{unnamed[0]}.entity",
                fix=f"set entity (one of {', '.join(named)}) or declare the entities in "
                "the catalogue")
        # specs without actors: the actor checks below have nothing to compare
        return NamedEntities(named)
    else:
        meta = catalogue.catalogue
        # both fields validated already, as the catalogue's: no second validation
        entities = {meta.id: EntitySpec.model_construct(name=meta.name, actors=meta.actors)}
    only = next(iter(entities)) if len(entities) == 1 else None
    # a record's actors must share one with its entity's
    for r in records:
        spec = entities[r.evidence.entity or only]  # type: ignore[index]
        acts = r.evidence.actors
        if acts and spec.actors and not set(acts) & set(spec.actors):
            raise EvidenceError(
                f"names actors that are not its entity's ({', '.join(spec.actors)})",
                path=r.origin, key=f"evidence[{r.id}].actors", value=list(acts),
                fix="correct the actors or the entity of the record")
    for t in tables:
        if t.actors is None:
            continue
        ents = t.entity
        pairs = dict.fromkeys(zip(t.actors, ents, strict=True))
        for acts, e in pairs:
            spec = entities[e or only]  # type: ignore[index]
            if acts and spec.actors and not set(acts) & set(spec.actors):
                n = list(zip(t.actors, ents, strict=True)).index((acts, e))
                raise EvidenceError(
                    f"names actors that are not its entity's ({', '.join(spec.actors)})",
                    path=t.path, key=f"row {int(t.line[n])}.actors", value=";".join(acts),
                    fix="correct the actors or the entity of the row")
    return entities


def _first_naming(e: str, records: list[Record], tables: list[Table]) -> tuple[str, Path]:
    for r in records:
        if r.evidence.entity == e:
            return f"evidence[{r.id}]", r.origin
    for t in tables:
        if e in t.entity_ids:
            n = int(np.argmax(t.entity_code == t.entity_ids.index(e)))
            return f"row {int(t.line[n])}", t.path
    raise AssertionError(e)


def load(
    path: str | Path | None = None,
    *,
    verify: bool = True,
    allow_outside: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    tables: Mapping[str, pd.DataFrame] | None = None,
) -> Dataset:
    """Load a catalogue, its sources and its evidence.

    Parameters
    ----------
    path : str or Path, optional
        The catalogue file (``indicators.toml``), or a folder holding one.
        Default: the shipped Russia-China catalogue.
    verify : bool, default True
        Check that every quote occurs in its source; raise on the first that
        does not (after counting them all). With False, use
        `Dataset.verify` to see every check.
    allow_outside : bool, default False
        Accept source and table paths that lead outside the catalogue's folder.
    max_bytes : int
        Largest file read.
    tables : mapping of str to pandas.DataFrame, optional
        Data tables from memory, by the ``file`` the catalogue declares under
        ``[[catalogue.tables]]`` (whose citation and grade they keep): each long frame
        (``entity``, ``period``, ``indicator``, ``value``; ``unit`` and ``id`` filled in
        where absent) is read in place of that file, under the same rules. Ledger
        records, which need quotes, still come from their sources.

    Returns
    -------
    Dataset

    Raises
    ------
    RelindexError
        A subclass naming the file, the key and the fix, for any bad input.

    Examples
    --------
    >>> import relindex
    >>> ds = relindex.load()
    >>> ds.catalogue.catalogue.id
    'russia-china'
    """
    cat_path = default_catalogue_path() if path is None else Path(path)
    try:
        if cat_path.is_dir():
            cat_path = cat_path / "indicators.toml"
    except OSError as e:
        raise InputFileError(f"cannot be used as a catalogue path ({e.strerror})",
                             path=str(cat_path)[:200], fix="check the path") from None
    ld = CatalogueReader(cat_path, max_bytes=max_bytes, allow_outside=allow_outside)
    ld.frames = dict(tables or {})
    catalogue = ld.read_catalogue()
    inds = namespace(catalogue)
    ld.inds = inds
    sources = ld.read_sources(catalogue)
    ld.read_ledgers(catalogue, sources)
    with _frame_errors(ld):  # an error in a table from memory names the frame, not a file
        read = ld.read_tables(catalogue)
    omissions, om_path = ld.read_omissions(catalogue, sources)
    with _frame_errors(ld):
        entities = _entities(catalogue, cat_path, ld.records, read)
    ds = Dataset(cat_path, catalogue, sources, tuple(ld.records), ld.digest_started(),
                 tuple(ld.files), inds, tuple(omissions), tables=tuple(read),
                 entities=entities, drafts=tuple(ld.drafts))
    _locate(ds, om_path, verify=verify)
    return ds


def _frame_errors(ld: CatalogueReader) -> AbstractContextManager[None]:
    """Errors raised inside on a table given in memory name it (`relindex._frame_input`)."""
    if not ld.frames:
        return nullcontext()
    from ._frame_input import frame_errors

    return frame_errors(ld.frames, ld.frame_paths)


def _locate(ds: Dataset, om_path: Path | None, *, verify: bool) -> None:
    """Find every quote (and omitted sentence) in its source; refuse one that is not there."""
    located_omissions = []
    for i, (om, _) in enumerate(ds.omissions):
        spans = ds.find(om.source, om.quote)
        if not spans and verify:
            raise EvidenceError(
                f"quote not found in source file {ds.sources[om.source].path}",
                path=om_path, key=f"omit[{i}].quote",
                value=om.quote, fix="copy the sentence verbatim from the source")
        located_omissions.append((om, spans))
    ds.omissions = tuple(located_omissions)
    checks = {c.id: c for c in ds.verify()}
    located = []
    for r in ds.ledger:
        c = checks.get(r.id)
        if c is not None and c.found:
            r = Record(r.evidence, r.origin, c.spans[0], c.spans, r.citation, r.reliability,
                       r.weight, r.order)
        located.append(r)
    ds.ledger = tuple(located)
    ds._records = None
    if verify:
        missing = [c for c in checks.values() if not c.found]
        if missing:
            first = missing[0]
            rec = ds.record(first.id)
            err = QuoteNotFoundError(first.id, rec.evidence.quote, first.file, path=rec.origin)
            if len(missing) > 1:
                err.args = (f"{err.args[0]} ({len(missing) - 1} more quote(s) not found: "
                            "run 'relindex verify' to list them)",)
            raise err
