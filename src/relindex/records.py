"""Evidence as loaded: source documents, records, quote checks and unreviewed drafts.

The plain values a `relindex.dataset.Dataset` holds, below the loader and the
dataset so both (and the scoring steps) can use them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .models import Evidence, Source

__all__ = ["DRAFT_PREFIX", "UNDATED", "Draft", "QuoteCheck", "Record", "SourceDoc", "date_key",
           "take_drafts"]


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
    occurrences: Sequence[tuple[int, int]] = ()
    """Every place the quote occurs in its source (repeated passages show as several); one
    `relindex.quotes.Spans` shared by every record citing the same quote in the same
    source."""
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
    spans: Sequence[tuple[int, int]]


@dataclass(frozen=True)
class Draft:
    """A ledger entry written by ``relindex extract --append`` and not yet reviewed.

    It does not count; ``todo`` names the fields still to fill in.
    """

    path: Path
    """The ledger."""
    index: int
    """Its position among the ledger's entries (0-based)."""
    id: str
    quote: str
    todo: tuple[str, ...]
    """The fields to fill in before it can count (empty: only the review is left)."""


DRAFT_PREFIX = "draft:"
"""An ``exclude`` reason starting so marks an unreviewed draft."""


def take_drafts(entries: list[Any], path: Path, drafts: list[Draft],
                 event_types: dict[str, Any]) -> list[Any]:
    """Set the unreviewed drafts of a ledger aside; return the other entries."""
    keep = []
    for n, e in enumerate(entries):
        reason = e.get("exclude") if isinstance(e, dict) else None
        if isinstance(reason, str) and reason.startswith(DRAFT_PREFIX):
            from .drafts import draft_todo

            drafts.append(Draft(path, n, str(e.get("id", "")), str(e.get("quote", "")),
                                tuple(draft_todo(e, event_types))))
        else:
            keep.append(e)
    return keep


def date_key(date: str) -> float:
    """A date as a number for ordering.

    A month or a year without its day counts as its end (``2023-06`` as 28 June,
    ``2023`` as 28 December).
    """
    parts = [int(x) for x in date.split("-")]
    month = parts[1] if len(parts) > 1 else 12
    day = parts[2] if len(parts) > 2 else 28
    return parts[0] + (month - 1) / 12 + (day - 1) / 372


UNDATED = -1e9
"""Order offset of table rows: nothing dates them, so under ``latest`` any dated record is
newer, and among rows the later line wins."""
