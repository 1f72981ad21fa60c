"""The catalogue reader: reads each file of a catalogue once and parses it.

`relindex.load` drives it: the catalogue, its sources, its ledgers, its data tables
and its omissions, each checked as it is read (the record rules of
`relindex.record_rules` for every record).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
from pydantic import BaseModel, ValidationError

from ._background import Background
from .errors import EvidenceError
from .files import (
    decode_text,
    parse_toml,
    read_bytes,
    resolve_inside,
    validation_error,
)
from .models import (
    Catalogue,
    Evidence,
    EvidenceFile,
    Indicator,
    Omission,
    OmissionsFile,
    SourcesFile,
)
from .record_rules import broken_rule
from .records import UNDATED, Draft, Record, SourceDoc, date_key, take_drafts

if TYPE_CHECKING:  # the table modules are imported only to read a catalogue's tables
    import pandas as pd

    from ._prefetch import TablePrefetch
    from .tables import Table


M = TypeVar("M", bound=BaseModel)

__all__ = ["CatalogueReader", "namespace"]

BACKGROUND_DIGEST_BYTES = 1 << 20
"""Files at least this large are digested in a thread while their bytes are parsed."""

class CatalogueReader:
    """Reads each file of a catalogue once, keeps its bytes for the digest, parses them.

    Every method reads and parses one kind of file; the checks that need the whole
    catalogue (references, entities, quotes) are functions of their own.
    """

    def __init__(self, cat_path: Path, *, max_bytes: int, allow_outside: bool) -> None:
        self.cat_path = cat_path
        self.base = cat_path.parent
        self.max_bytes = max_bytes
        self.allow_outside = allow_outside
        self.files: list[Path] = [cat_path]
        self.blobs: list[bytes | Background[bytes] | _Later] = []
        """The SHA-256 of every file read, in order (not the bytes: a table is freed once
        parsed); a large file's is computed in a thread while it is parsed."""
        self.drafts: list[Draft] = []
        self.records: list[Record] = []
        self.seen: dict[str, Path] = {}
        self.inds: dict[str, tuple[Indicator, str | None]] = {}
        self.event_types: dict[str, Any] = {}
        self.frames: dict[str, pd.DataFrame] = {}
        """Data tables from memory, by the file name the catalogue declares."""
        self.frame_paths: dict[str, str] = {}
        """The path each table from memory stands in for (as errors name it), to its name."""
        self.prefetch: TablePrefetch | None = None
        """The first table, read in a thread while the catalogue is validated."""

    def digest(self) -> str:
        """SHA-256 over the SHA-256 of every file read, in order."""
        return self.digest_started()()

    def digest_started(self) -> Callable[[], str]:
        """Start the digests put off (`keep_digest`); the function that gives the digest.

        The function waits for the threads still computing, and holds only the files'
        digests (or their threads), not this reader.
        """
        blobs: list[bytes | Background[bytes]] = [
            Background(b.digest) if isinstance(b, _Later) else b for b in self.blobs]
        self.blobs = list(blobs)

        def digest() -> str:
            out = hashlib.sha256()
            for b in blobs:
                out.update(b.result() if isinstance(b, Background) else b)
            return out.hexdigest()

        return digest

    def keep_digest(self, data: bytes | memoryview, *, later: bool = False) -> None:
        """Append the SHA-256 of one file's bytes (in a thread for a large file).

        With `later`, a large file's is put off until `digest_started`: computed while
        the dataset is scored (when a core is spare) rather than as the tables are read.
        """
        # hashlib releases the GIL over large buffers: the value is the same either way
        if len(data) >= BACKGROUND_DIGEST_BYTES:
            self.blobs.append(_Later(data) if later else
                              Background(lambda: hashlib.sha256(data).digest()))
        else:
            self.blobs.append(hashlib.sha256(data).digest())

    def read(self, p: Path, what: str, inside: Path | None) -> bytes:
        """The bytes of one file (kept for the digest)."""
        data = read_bytes(p, max_bytes=self.max_bytes, what=what, inside=inside)
        self.keep_digest(data)
        return data

    def read_toml(self, p: Path, what: str, inside: Path | None = None) -> dict[str, Any]:
        """Read a TOML file once and parse the bytes read."""
        return parse_toml(self.read(p, what, inside), p, what)

    def read_model(self, rel: str, key: str, what: str, model: type[M]) -> tuple[Path, M]:
        """Resolve a path named in the catalogue, read the TOML and validate it."""
        p = resolve_inside(self.base, rel, key=key, origin=self.cat_path,
                           allow_outside=self.allow_outside)
        self.files.append(p)
        raw = self.read_toml(p, what, None if self.allow_outside else self.base)
        if model is EvidenceFile and isinstance(raw.get("evidence"), list):
            raw = dict(raw)
            raw["evidence"] = take_drafts(raw["evidence"], p, self.drafts, self.event_types)
        try:
            return p, model.model_validate(raw)
        except ValidationError as e:
            raise validation_error(e, p, raw, kind=EvidenceError) from None

    def read_catalogue(self) -> Catalogue:
        """``indicators.toml``, validated."""
        raw = self.read_toml(self.cat_path, "catalogue")
        if _declares_tables(raw):
            # the first table is read and parsed while the catalogue is validated
            from ._prefetch import TablePrefetch

            self.prefetch = TablePrefetch(self.base, self.cat_path, raw, self.frames,
                                          max_bytes=self.max_bytes,
                                          allow_outside=self.allow_outside)
        try:
            catalogue = Catalogue.model_validate(raw)
        except ValidationError as e:
            raise validation_error(e, self.cat_path, raw) from None
        self.event_types = dict(catalogue.event_types)
        return catalogue

    def read_sources(self, catalogue: Catalogue) -> dict[str, SourceDoc]:
        """The sources file and every source document (checksums checked)."""
        sources: dict[str, SourceDoc] = {}
        meta = catalogue.catalogue
        if meta.sources is not None:
            src_path, sf = self.read_model(meta.sources, "catalogue.sources", "sources file",
                                       SourcesFile)
            for sid, s in sf.sources.items():
                doc_path = resolve_inside(src_path.parent, s.file, key=f"sources.{sid}.file",
                                          origin=src_path, allow_outside=self.allow_outside)
                data = read_bytes(doc_path, max_bytes=self.max_bytes,
                                  what=f"source document of {sid!r}",
                                  inside=None if self.allow_outside else src_path.parent)
                digest = hashlib.sha256(data)
                if s.sha256 is not None and digest.hexdigest() != s.sha256:
                    raise EvidenceError(
                        "does not match the file's SHA-256: the document has changed",
                        path=src_path, key=f"sources.{sid}.sha256", value=s.sha256,
                        fix=f"restore {doc_path.name} or, if the change is intended, update sha256 "
                        "and re-run 'relindex verify'",
                    )
                self.files.append(doc_path)
                self.blobs.append(digest.digest())
                text = decode_text(data, doc_path, f"source document of {sid!r}")
                sources[sid] = SourceDoc(sid, s, doc_path, text)

        return sources

    def check_record(self, ev: Evidence, origin: Path, key: str) -> None:
        """A record's id (unique) and the record rules against its indicator."""
        if ev.id in self.seen:
            raise EvidenceError(
                f"is a duplicate evidence id (first in {self.seen[ev.id]})", path=origin,
                key=f"{key}.id", value=ev.id, fix="give every record a unique id",
            )
        self.seen[ev.id] = origin
        fields = {"id": ev.id, "indicator": ev.indicator, "event_type": ev.event_type,
                  "value": ev.value, "unit": ev.unit, "exclude": ev.exclude,
                  "entity": ev.entity, "credibility": ev.credibility}
        found = self.inds.get(ev.indicator)
        hit = broken_rule(ev.indicator, None if found is None else found[0], fields)
        if hit is not None:
            rule, names = hit
            shown = () if rule.field is None else (fields[rule.field],)
            raise rule.error(origin, key, *shown, catalogue=self.cat_path.name, **names)

    def read_ledgers(self, catalogue: Catalogue, sources: dict[str, SourceDoc]) -> None:
        """Every evidence ledger: its records, checked and graded, in file order."""
        meta = catalogue.catalogue
        grading = catalogue.grading
        for i, rel in enumerate(meta.evidence):
            ev_path, ef = self.read_model(rel, f"catalogue.evidence[{i}]", "evidence ledger",
                                      EvidenceFile)
            for ev in ef.evidence:
                key = f"evidence[{ev.id}]"
                self.check_record(ev, ev_path, key)
                if ev.source not in sources:
                    raise EvidenceError(
                        "names an unknown source", path=ev_path, key=f"{key}.source",
                        value=ev.source,
                        fix="use a source id from the sources file "
                        f"({', '.join(sources) or 'none'})",
                    )
                src = sources[ev.source].meta
                w = grading.weight(src.reliability, ev.credibility)
                self.records.append(Record(ev, ev_path, reliability=src.reliability, weight=w,
                                      order=date_key(src.date) + len(self.records) * 1e-9))

    def read_tables(self, catalogue: Catalogue) -> list[Table]:
        """Every data table (CSV or Parquet), read by column; special rows as records."""
        meta = catalogue.catalogue
        if not meta.tables and not self.frames:
            return []  # nothing to read: the table modules are not even imported
        from ._frame_input import check_all_declared, frame_csv
        from .tables import ARROW_MIN_BYTES, parse_table

        grading = catalogue.grading
        tables: list[Table] = []
        rel_w = grading.reliability
        cred_w = np.array([grading.credibility[str(g)] for g in range(1, 7)])  # type: ignore[index]
        check_all_declared(self.frames, [spec.file for spec in meta.tables])
        for t, spec in enumerate(meta.tables):
            t_path = resolve_inside(self.base, spec.file, key=f"catalogue.tables[{t}].file",
                                    origin=self.cat_path, allow_outside=self.allow_outside)
            parquet = spec.file not in self.frames and t_path.suffix.lower() == ".parquet"
            what = "Parquet table" if parquet else "CSV table"
            ahead = (self.prefetch.take(t_path, parquet)
                     if t == 0 and self.prefetch is not None else None)
            data: bytes | memoryview  # a table read ahead: a view of the reader's memory
            if spec.file in self.frames:
                self.frame_paths[str(t_path)] = spec.file
                units = {k: v.unit for k, (v, _) in self.inds.items()}
                data = frame_csv(self.frames[spec.file], spec.file, units)
                self.keep_digest(data)
            elif ahead is not None:  # read in a thread, with the same checks
                self.files.append(t_path)
                data = ahead.data
                self.keep_digest(data, later=True)
            else:
                self.files.append(t_path)
                data = self.read(t_path, what, None if self.allow_outside else self.base)
            text = (None if parquet or len(data) >= ARROW_MIN_BYTES
                    else decode_text(bytes(data), t_path, what))
            table_id = re.sub(r"[^A-Za-z0-9_.\-]", "_", t_path.stem) or "table"
            indicators = {k: v for k, (v, _) in self.inds.items()}
            table, slow = parse_table(t_path, text, indicators=indicators,
                                      catalogue=self.cat_path.name,
                                      source_id=table_id, citation=spec.citation,
                                      reliability=spec.reliability,
                                      default_credibility=spec.credibility, data=data,
                                      parquet=parquet, sheet=None if ahead is None else ahead.sheet,
                                      arrow=ahead is None or ahead.sheet is not None)
            cred = table.credibility
            weight = (np.broadcast_to(rel_w[spec.reliability] * cred_w[cred[0] - 1], cred.shape)
                      if len(cred) and not cred.strides[0] else
                      rel_w[spec.reliability] * cred_w[cred - 1])  # one grade: one element
            _release_arrow_memory()
            tables.append(replace(table, weight=weight, frame=(
                (spec.file, self.frames[spec.file]) if spec.file in self.frames else None)))
            for n, fields in slow:
                try:
                    ev = Evidence.model_validate(fields)
                except ValidationError as e:
                    err = validation_error(e, t_path, fields, kind=EvidenceError)
                    err.key = f"row {n}.{err.key}"
                    raise EvidenceError(err.rule, path=t_path, key=err.key,
                                        fix=err.fix) from None
                self.check_record(ev, t_path, f"row {n}")
                w = grading.weight(spec.reliability, ev.credibility)
                self.records.append(Record(ev, t_path, citation=ev.quote,
                                           reliability=spec.reliability,
                                      weight=w, order=UNDATED + n))
            _check_unique_ids(table, tables[:-1], self.seen)
        return tables

    def read_omissions(self, catalogue: Catalogue, sources: dict[str, SourceDoc]
                       ) -> tuple[list[tuple[Omission, tuple[tuple[int, int], ...]]], Path | None]:
        """The omissions file: sentences deliberately not cited, each with its reason."""
        meta = catalogue.catalogue
        omissions: list[tuple[Omission, tuple[tuple[int, int], ...]]] = []
        om_path: Path | None = None
        if meta.omissions is not None:
            om_path, of = self.read_model(meta.omissions, "catalogue.omissions", "omissions file",
                                      OmissionsFile)
            for i, om in enumerate(of.omit):
                if om.source not in sources:
                    raise EvidenceError("names an unknown source", path=om_path,
                                        key=f"omit[{i}].source", value=om.source,
                                        fix=f"use a source id from the sources file "
                                        f"({', '.join(sources) or 'none'})")
                omissions.append((om, ()))
        return omissions, om_path


class _Later:
    """A file's bytes whose SHA-256 is put off (`CatalogueReader.keep_digest`)."""

    __slots__ = ("data",)

    def __init__(self, data: bytes | memoryview) -> None:
        self.data = data

    def digest(self) -> bytes:
        """The SHA-256 of the bytes (which are then let go)."""
        data, self.data = self.data, b""
        return hashlib.sha256(data).digest()


def _release_arrow_memory() -> None:
    """Hand back to the system the memory pyarrow freed while reading a table."""
    import sys

    pa = sys.modules.get("pyarrow")
    if pa is not None:
        pa.default_memory_pool().release_unused()


def _check_unique_ids(table: Table, before: list[Table], seen: dict[str, Path]) -> None:
    """Refuse a row whose id an earlier row, table or ledger record already has.

    The ids are compared as whole columns (hashed by Arrow for a large table); only when
    one repeats are they walked in order, to name the first row that repeats one.
    """
    ids = table.ids
    if (ids.all_distinct() and ids.isdisjoint(seen)
            and all(ids.isdisjoint(prev.ids) for prev in before)):
        return
    earlier = [set(prev.ids) for prev in before]
    first_at: set[str] = set()
    for n, rid in enumerate(ids):
        if rid in seen or rid in first_at or any(rid in e for e in earlier):
            where = seen.get(rid, next((before[k].path for k, e in enumerate(earlier)
                                        if rid in e), table.path))
            raise EvidenceError(
                f"is a duplicate evidence id (first in {where})", path=table.path,
                key=f"row {int(table.line[n])}.id", value=rid,
                fix="give every record a unique id")
        first_at.add(rid)


def _declares_tables(raw: Any) -> bool:
    """Whether a catalogue's TOML (parsed, not yet validated) lists a data table."""
    meta = raw.get("catalogue") if isinstance(raw, dict) else None
    return isinstance(meta, dict) and bool(meta.get("tables"))


def namespace(catalogue: Catalogue) -> dict[str, tuple[Indicator, str | None]]:
    """Every indicator and series by id, with its dimension (the catalogue checked them)."""
    return {iid: (ind, did) for iid, did, ind, _ in catalogue.places()}
