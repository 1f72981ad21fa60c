"""Load a catalogue with its sources and evidence, check references and quotes.

`load` is the entry point: it reads ``indicators.toml``, the sources file,
the source documents, the evidence ledgers and any CSV tables, validates them
with the models of `relindex.models`, checks that every reference resolves
and that every quote occurs in its source, and returns a `Dataset`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import CatalogueError, EvidenceError, InputFileError, QuoteNotFoundError
from .loader import (
    DEFAULT_MAX_BYTES,
    read_bytes,
    read_csv,
    read_text,
    read_toml,
    resolve_inside,
    validation_error,
)
from .models import (
    Catalogue,
    Dimension,
    Evidence,
    EvidenceFile,
    Indicator,
    Omission,
    OmissionsFile,
    Source,
    SourcesFile,
)
from .quotes import _Normalised

M = TypeVar("M", bound=BaseModel)

__all__ = ["Dataset", "QuoteCheck", "Record", "SourceDoc", "default_catalogue_path", "load"]


@dataclass(frozen=True)
class SourceDoc:
    """A source document: its metadata, where it lives and its text."""

    id: str
    """The source's id."""
    meta: Source
    """Its metadata from the sources file."""
    path: Path
    """The text file."""
    text: str
    """The document's text."""


@dataclass(frozen=True)
class Record:
    """An evidence record as loaded: the validated entry, where it came from, where it sits."""

    evidence: Evidence
    """The validated record."""
    origin: Path
    """The ledger or table file it was read from."""
    span: tuple[int, int] | None = None
    """Character span of the quote's first occurrence in its source (None for table rows)."""
    occurrences: tuple[tuple[int, int], ...] = ()
    """Every place the quote occurs in its source (repeated passages show as several)."""
    citation: str | None = None
    """For rows of a data table: the table's citation (in place of a quote)."""
    reliability: str = "F"
    """Reliability grade of its source."""
    weight: float = 0.0
    """Observation weight from the grading (reliability x credibility)."""
    order: float = 0.0
    """Sort key for 'latest': the source's publication date as a number, then file order."""

    @property
    def id(self) -> str:
        """The record's id."""
        return self.evidence.id


@dataclass(frozen=True)
class QuoteCheck:
    """Outcome of looking for one record's quote in its source."""

    id: str
    source: str
    file: str
    found: bool
    spans: tuple[tuple[int, int], ...]


@dataclass
class Dataset:
    """A loaded catalogue: the index definition, its sources and its evidence.

    Build it with `load`; score it with `relindex.score`.
    """

    path: Path
    """The catalogue file."""
    catalogue: Catalogue
    """The validated catalogue."""
    sources: dict[str, SourceDoc]
    """Source documents by id."""
    records: tuple[Record, ...]
    """Evidence records, ledgers first (in file order), then table rows."""
    digest: str
    """SHA-256 over every file the dataset was read from."""
    files: tuple[Path, ...] = ()
    """Every file read, in order."""
    _indicators: dict[str, tuple[Indicator, str | None]] = field(default_factory=dict, repr=False)
    omissions: tuple[tuple[Omission, tuple[tuple[int, int], ...]], ...] = ()
    """Sentences deliberately not cited, each with where it occurs in its source."""
    _searchers: dict[str, _Normalised] = field(default_factory=dict, repr=False)

    def find(self, source_id: str, quote: str) -> tuple[tuple[int, int], ...]:
        """Every span where `quote` occurs in a source (each source normalised once)."""
        if source_id not in self._searchers:
            self._searchers[source_id] = _Normalised(self.sources[source_id].text)
        return tuple(self._searchers[source_id].find(quote))

    @property
    def indicators(self) -> dict[str, Indicator]:
        """Every indicator and series by id (scored indicators first, in tree order)."""
        return {k: v for k, (v, _) in self._indicators.items()}

    def dimension_of(self, indicator_id: str) -> str | None:
        """The id of the dimension an indicator sits in (None for a series)."""
        return self._indicators[indicator_id][1]

    def record(self, evidence_id: str) -> Record:
        """The record with this id."""
        for r in self.records:
            if r.id == evidence_id:
                return r
        raise KeyError(evidence_id)

    def verify(self) -> list[QuoteCheck]:
        """Look for every record's quote in its source; one result per quoted record."""
        checks = []
        for r in self.records:
            if r.citation is not None:
                continue
            doc = self.sources[r.evidence.source]
            spans = self.find(doc.id, r.evidence.quote)
            checks.append(QuoteCheck(r.id, doc.id, str(doc.path), bool(spans), spans))
        return checks


def default_catalogue_path() -> Path:
    """Path of the shipped Russia-China catalogue (``indicators.toml``).

    Installed packages carry it as ``relindex/_data/indicators.toml``; a source
    checkout (editable install) reads the repository's top-level file.
    """
    packaged = Path(str(resources.files("relindex"))) / "_data" / "indicators.toml"
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


def _walk(
    dims: dict[str, Dimension], prefix: str
) -> Iterator[tuple[str, str, Indicator, str]]:
    for did, dim in dims.items():
        for iid, ind in dim.indicators.items():
            yield iid, did, ind, f"{prefix}.{did}.indicators.{iid}"
        yield from _walk(dim.dimensions, f"{prefix}.{did}.dimensions")


def _date_key(date: str) -> float:
    parts = [int(x) for x in date.split("-")] + [12, 28]
    return parts[0] + (parts[1] - 1) / 12 + (parts[2] - 1) / 372


def load(
    path: str | Path | None = None,
    *,
    verify: bool = True,
    allow_outside: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
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
    base = cat_path.parent
    files: list[Path] = [cat_path]
    blobs: list[bytes] = []

    def _read_toml(p: Path, what: str) -> dict[str, Any]:
        blobs.append(read_bytes(p, max_bytes=max_bytes, what=what))
        return read_toml(p, max_bytes=max_bytes, what=what)

    def _read_model(rel: str, key: str, what: str, model: type[M]) -> tuple[Path, M]:
        """Resolve a path named in the catalogue, read the TOML and validate it."""
        p = resolve_inside(base, rel, key=key, origin=cat_path, allow_outside=allow_outside)
        files.append(p)
        raw = _read_toml(p, what)
        try:
            return p, model.model_validate(raw)
        except ValidationError as e:
            raise validation_error(e, p, raw, kind=EvidenceError) from None

    raw = _read_toml(cat_path, "catalogue")
    try:
        catalogue = Catalogue.model_validate(raw)
    except ValidationError as e:
        raise validation_error(e, cat_path, raw) from None

    # the flat namespace of indicators and series
    inds: dict[str, tuple[Indicator, str | None]] = {}
    keys: dict[str, str] = {}
    dim_ids: set[str] = set()

    def _dims(d: dict[str, Dimension], prefix: str) -> None:
        for did, dim in d.items():
            if did in dim_ids:
                raise CatalogueError(
                    "is a duplicate dimension id", path=cat_path, key=f"{prefix}.{did}",
                    fix="give every dimension a unique id",
                )
            dim_ids.add(did)
            _dims(dim.dimensions, f"{prefix}.{did}.dimensions")

    _dims(catalogue.dimensions, "dimensions")
    leaves = list(_walk(catalogue.dimensions, "dimensions")) + [
        (sid, None, s, f"series.{sid}") for sid, s in catalogue.series.items()
    ]
    for iid, did, ind, key in leaves:
        if iid in inds:
            raise CatalogueError(
                f"is a duplicate id (also at {keys[iid]})", path=cat_path, key=key,
                fix="give every indicator and series a unique id",
            )
        inds[iid] = (ind, did)
        keys[iid] = key
    for iid, (ind, _) in inds.items():
        for et in ind.event_types:
            if et not in catalogue.event_types:
                raise CatalogueError(
                    "names an event type that is not declared", path=cat_path,
                    key=f"{keys[iid]}.event_types", value=et,
                    fix=f"declare [event_types.{et}] or correct the id "
                    f"(declared: {', '.join(catalogue.event_types) or 'none'})",
                )
        if ind.derived is not None:
            for op in ind.derived.of:
                if op not in inds:
                    raise CatalogueError(
                        "names an unknown indicator or series", path=cat_path,
                        key=f"{keys[iid]}.derived.of", value=op,
                        fix="declare it under [series] or correct the id",
                    )
                if inds[op][0].derived is not None:
                    raise CatalogueError(
                        "derives from another derived indicator", path=cat_path,
                        key=f"{keys[iid]}.derived.of", value=op,
                        fix="derive from measured series only",
                    )

    # sources
    sources: dict[str, SourceDoc] = {}
    meta = catalogue.catalogue
    if meta.sources is not None:
        src_path, sf = _read_model(meta.sources, "catalogue.sources", "sources file",
                                   SourcesFile)
        for sid, s in sf.sources.items():
            doc_path = resolve_inside(src_path.parent, s.file, key=f"sources.{sid}.file",
                                      origin=src_path, allow_outside=allow_outside)
            data = read_bytes(doc_path, max_bytes=max_bytes, what=f"source document of {sid!r}")
            if s.sha256 is not None and hashlib.sha256(data).hexdigest() != s.sha256:
                raise EvidenceError(
                    "does not match the file's SHA-256: the document has changed",
                    path=src_path, key=f"sources.{sid}.sha256", value=s.sha256,
                    fix=f"restore {doc_path.name} or, if the change is intended, update sha256 "
                    "and re-run 'relindex verify'",
                )
            files.append(doc_path)
            blobs.append(data)
            text = read_text(doc_path, max_bytes=max_bytes, what=f"source document of {sid!r}")
            sources[sid] = SourceDoc(sid, s, doc_path, text)

    grading = catalogue.grading
    records: list[Record] = []
    seen: dict[str, Path] = {}

    def _check_record(ev: Evidence, origin: Path, key: str) -> None:
        if ev.id in seen:
            raise EvidenceError(
                f"is a duplicate evidence id (first in {seen[ev.id]})", path=origin,
                key=f"{key}.id", value=ev.id, fix="give every record a unique id",
            )
        seen[ev.id] = origin
        if ev.indicator not in inds:
            raise EvidenceError(
                "names an unknown indicator", path=origin, key=f"{key}.indicator",
                value=ev.indicator,
                fix="use an indicator or series id declared in the catalogue "
                f"({cat_path.name})",
            )
        ind = inds[ev.indicator][0]
        if ind.derived is not None:
            raise EvidenceError(
                "points at a derived indicator, which takes no evidence of its own",
                path=origin, key=f"{key}.indicator", value=ev.indicator,
                fix=f"attach the record to one of {', '.join(ind.derived.of)}",
            )
        if ind.kind == "event":
            if ev.event_type is None:
                raise EvidenceError(
                    "needs an 'event_type' (its indicator counts events)", path=origin,
                    key=key, fix=f"add event_type = one of {', '.join(ind.event_types)}",
                )
            if ev.event_type not in ind.event_types:
                raise EvidenceError(
                    "is not an event type its indicator counts", path=origin,
                    key=f"{key}.event_type", value=ev.event_type,
                    fix=f"use one of {', '.join(ind.event_types)} or attach the record to "
                    "another indicator",
                )
        else:
            if ev.value is None:
                raise EvidenceError(
                    "needs a 'value' (its indicator is numeric)", path=origin, key=key,
                    fix="add value and unit",
                )
            if ev.unit != ind.unit:
                raise EvidenceError(
                    f"must be the indicator's unit {ind.unit!r}", path=origin,
                    key=f"{key}.unit", value=ev.unit,
                    fix=f"convert the value to {ind.unit!r} and set unit = {ind.unit!r}",
                )
            if ind.transform == "log" and ev.value <= 0 and ev.exclude is None:
                raise EvidenceError(
                    "must be > 0 because its indicator takes a log transform", path=origin,
                    key=f"{key}.value", value=ev.value, fix="correct the value",
                )

    for i, rel in enumerate(meta.evidence):
        ev_path, ef = _read_model(rel, f"catalogue.evidence[{i}]", "evidence ledger",
                                  EvidenceFile)
        for ev in ef.evidence:
            key = f"evidence[{ev.id}]"
            _check_record(ev, ev_path, key)
            if ev.source not in sources:
                raise EvidenceError(
                    "names an unknown source", path=ev_path, key=f"{key}.source",
                    value=ev.source,
                    fix=f"use a source id from the sources file ({', '.join(sources) or 'none'})",
                )
            src = sources[ev.source].meta
            w = grading.weight(src.reliability, ev.credibility)
            records.append(Record(ev, ev_path, reliability=src.reliability, weight=w,
                                  order=_date_key(src.date) + len(records) * 1e-9))

    for t, spec in enumerate(meta.tables):
        t_path = resolve_inside(base, spec.file, key=f"catalogue.tables[{t}].file",
                                origin=cat_path, allow_outside=allow_outside)
        files.append(t_path)
        blobs.append(read_bytes(t_path, max_bytes=max_bytes, what="CSV table"))
        rows = read_csv(t_path, max_bytes=max_bytes)
        table_id = re.sub(r"[^A-Za-z0-9_.\-]", "_", t_path.stem) or "table"
        for n, row in enumerate(rows, start=2):
            fields: dict[str, Any] = {
                k.strip(): (v.strip() if isinstance(v, str) else v)
                for k, v in row.items() if k is not None and v not in (None, "")}
            if None in row:
                raise EvidenceError(
                    "has more fields than the header", path=t_path, key=f"row {n}",
                    fix="quote fields that contain commas",
                )
            fields.setdefault("quote", fields.pop("citation", spec.citation))
            fields["source"] = table_id
            fields.setdefault("credibility", spec.credibility)
            if "actors" in fields:
                fields["actors"] = [a.strip() for a in fields["actors"].split(";") if a.strip()]
            try:
                ev = Evidence.model_validate(fields)
            except ValidationError as e:
                err = validation_error(e, t_path, fields, kind=EvidenceError)
                err.key = f"row {n}.{err.key}"
                raise EvidenceError(err.rule, path=t_path, key=err.key,
                                    fix=err.fix) from None
            _check_record(ev, t_path, f"row {n}")
            w = grading.weight(spec.reliability, ev.credibility)
            records.append(Record(ev, t_path, citation=ev.quote, reliability=spec.reliability,
                                  weight=w, order=float(n)))

    omissions: list[tuple[Omission, tuple[tuple[int, int], ...]]] = []
    om_path: Path | None = None
    if meta.omissions is not None:
        om_path, of = _read_model(meta.omissions, "catalogue.omissions", "omissions file",
                                  OmissionsFile)
        for i, om in enumerate(of.omit):
            if om.source not in sources:
                raise EvidenceError("names an unknown source", path=om_path,
                                    key=f"omit[{i}].source", value=om.source,
                                    fix=f"use a source id from the sources file "
                                    f"({', '.join(sources) or 'none'})")
            omissions.append((om, ()))

    digest = hashlib.sha256()
    for b in blobs:
        digest.update(hashlib.sha256(b).digest())
    ds = Dataset(cat_path, catalogue, sources, tuple(records), digest.hexdigest(),
                 tuple(files), inds, tuple(omissions))

    # locate quotes (spans) and, if asked, refuse a quote that is not in its source
    located_omissions = []
    for i, (om, _) in enumerate(omissions):
        spans = ds.find(om.source, om.quote)
        if not spans and verify:
            raise EvidenceError(
                f"quote not found in source file {sources[om.source].path}",
                path=om_path, key=f"omit[{i}].quote",
                value=om.quote, fix="copy the sentence verbatim from the source")
        located_omissions.append((om, spans))
    ds.omissions = tuple(located_omissions)
    checks = {c.id: c for c in ds.verify()}
    located = []
    for r in ds.records:
        c = checks.get(r.id)
        if c is not None and c.found:
            r = Record(r.evidence, r.origin, c.spans[0], c.spans, r.citation, r.reliability,
                       r.weight, r.order)
        located.append(r)
    ds.records = tuple(located)
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
    return ds
