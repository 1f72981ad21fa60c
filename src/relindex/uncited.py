"""Uncited sentences: which relevant sentences of the source documents no record cites.

A sentence is *relevant* when it holds something a ledger should account for:
a money amount, a percentage, a count, a date or period, or a word that
signals an event (a joint exercise, a summit, an accusation). Detection is
delegated to `relindex.extract.extract`, which also splits the text
into sentences. A relevant sentence is *cited* when the quote of an evidence
record overlaps it, *omitted* when only a quote of the omissions file
(sentences deliberately left out, each with its reason) overlaps it, and
*uncited* otherwise. A complete ledger leaves nothing uncited.

Everything here is pure: texts and spans in, plain data out. Finding the
spans of quotes is the caller's job (`relindex.quotes.find_spans`).

Examples
--------
>>> text = "Trade rose to $240 billion in 2023. The weather was fine. Exports fell 5%."
>>> [s.text for s in uncited(text, [(0, 35)], [])]
['Exports fell 5%.']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from relindex.extract import Candidate, extract

__all__ = [
    "CitationReport",
    "Sentence",
    "SourceCitations",
    "citation_report",
    "relevant_sentences",
    "uncited",
]

Span = tuple[int, int]


@dataclass(frozen=True)
class Sentence:
    """A relevant sentence of a source text.

    Parameters
    ----------
    span : tuple of (int, int)
        Start and end (exclusive) character offsets in the text.
    text : str
        ``text[span[0]:span[1]]``.
    why_relevant : tuple of str
        What makes it relevant, one entry per finding, e.g. ``"money: $240 billion"``,
        ``"date: 2023"``, ``"event (military_exercise): naval exercises"``.
    """

    span: Span
    text: str
    why_relevant: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form (JSON-ready)."""
        return {"span": list(self.span), "text": self.text, "why_relevant": list(self.why_relevant)}


def _describe(c: Candidate) -> str:
    if c.kind == "event":
        return f"event ({c.event_type}): {c.quote}"
    return f"{c.kind}: {c.quote}"


def relevant_sentences(text: str) -> list[Sentence]:
    """Find the sentences of `text` that hold a number, a date or an event word.

    Parameters
    ----------
    text : str
        A source document.

    Returns
    -------
    list of Sentence
        In text order, each once, with every finding that makes it relevant.

    Examples
    --------
    >>> [s.text for s in relevant_sentences("No numbers here. In 2019 they met.")]
    ['In 2019 they met.']
    """
    found: dict[Span, list[str]] = {}
    for c in extract(text, max_chars=max(len(text), 1)):
        why = found.setdefault(c.sentence, [])
        d = _describe(c)
        if d not in why:
            why.append(d)
    return [
        Sentence(span, text[span[0] : span[1]], tuple(why)) for span, why in sorted(found.items())
    ]


def _overlaps(span: Span, spans: Sequence[Span]) -> bool:
    a, b = span
    return any(s < b and a < e for s, e in spans)


class _Cover:
    """Spans merged into sorted disjoint runs: does a span overlap any? (log time).

    The spans come as two arrays (starts, ends): 16 bytes a span, however many.
    """

    def __init__(self, starts: Iterable[int] = (), ends: Iterable[int] = ()) -> None:
        import numpy as np

        s = np.fromiter(starts, dtype=np.int64)
        e = np.fromiter(ends, dtype=np.int64)
        if len(s) == 0:
            self.starts, self.ends = s, e
            return
        order = np.argsort(s, kind="stable")
        s, e = s[order], e[order]
        reach = np.maximum.accumulate(e)
        first = np.ones(len(s), dtype=bool)
        first[1:] = s[1:] > reach[:-1]  # a span starting past every end before it opens a run
        at = np.flatnonzero(first)
        self.starts = s[at]
        self.ends = reach[np.append(at[1:] - 1, len(s) - 1)]

    def overlaps(self, span: Span) -> bool:
        """Whether some span ``(s, e)`` has ``s < b`` and ``a < e``."""
        a, b = span
        k = int(self.starts.searchsorted(b, side="left")) - 1  # the last run starting before b
        return k >= 0 and a < int(self.ends[k])


def _cover(spans: Iterable[Span]) -> _Cover:
    """The `_Cover` of spans given as pairs (read once, kept as two arrays)."""
    from array import array

    starts, ends = array("q"), array("q")
    for a, b in spans:
        starts.append(a)
        ends.append(b)
    return _Cover(starts, ends)


def _classify(
    text: str, cited_spans: Iterable[Span] | _Cover, omitted_spans: Iterable[Span]
) -> tuple[list[Sentence], list[Sentence], list[Sentence]]:
    cited_c = cited_spans if isinstance(cited_spans, _Cover) else _cover(cited_spans)
    omitted_c = _cover(omitted_spans)
    cited, omitted, missing = [], [], []
    for s in relevant_sentences(text):
        if cited_c.overlaps(s.span):
            cited.append(s)
        elif omitted_c.overlaps(s.span):
            omitted.append(s)
        else:
            missing.append(s)
    return cited, omitted, missing


def uncited(
    text: str, cited_spans: Sequence[Span], omitted_spans: Sequence[Span]
) -> list[Sentence]:
    """Relevant sentences of `text` that no evidence quote and no omission overlaps.

    Parameters
    ----------
    text : str
        A source document.
    cited_spans : sequence of (int, int)
        Spans of evidence quotes in `text` (every occurrence, for repeated passages).
    omitted_spans : sequence of (int, int)
        Spans of omission quotes in `text`.

    Returns
    -------
    list of Sentence
        In text order.

    Examples
    --------
    >>> t = "In 2018 trade passed $100 billion. In 2019 they met. Tea is hot."
    >>> [s.text for s in uncited(t, [(3, 10)], [])]
    ['In 2019 they met.']
    """
    return _classify(text, cited_spans, omitted_spans)[2]


@dataclass(frozen=True)
class SourceCitations:
    """How the ledger cites one source document: counts and the uncited sentences."""

    source: str
    """The source id."""
    n_sentences_relevant: int
    """Sentences holding a number, a date or an event word."""
    n_cited: int
    """Relevant sentences overlapped by an evidence quote."""
    n_omitted: int
    """Relevant sentences not cited but listed in the omissions file."""
    uncited: tuple[Sentence, ...]
    """Relevant sentences neither cited nor omitted."""
    omission_reasons: tuple[str, ...] = ()
    """Reasons of the omissions that cover a sentence here, in text order, one per omitted
    sentence."""

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form (JSON-ready)."""
        return {
            "n_sentences_relevant": self.n_sentences_relevant,
            "n_cited": self.n_cited,
            "n_omitted": self.n_omitted,
            "n_uncited": len(self.uncited),
            "uncited": [s.to_dict() for s in self.uncited],
        }


@dataclass(frozen=True)
class CitationReport:
    """How the ledger and the omissions file cite every source document."""

    sources: dict[str, SourceCitations] = field(default_factory=dict)
    """Per source id."""

    @property
    def complete(self) -> bool:
        """True when no relevant sentence is left uncited in any source."""
        return all(not c.uncited for c in self.sources.values())

    @property
    def n_uncited(self) -> int:
        """Uncited relevant sentences over all sources."""
        return sum(len(c.uncited) for c in self.sources.values())

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form (JSON-ready): per source, the counts and the uncited sentences."""
        return {
            "complete": self.complete,
            "n_uncited": self.n_uncited,
            "sources": {sid: c.to_dict() for sid, c in self.sources.items()},
        }


def citation_report(
    dataset_sources: Mapping[str, str],
    evidence: Iterable[tuple[str, Span]],
    omissions: Iterable[tuple[str, Span, str]],
) -> CitationReport:
    """Check every source text against the spans cited in the ledger and the omissions.

    Parameters
    ----------
    dataset_sources : mapping of str to str
        Source id -> the document's text.
    evidence : iterable of (source id, span)
        Where evidence quotes sit (every occurrence of each quote).
    omissions : iterable of (source id, span, reason)
        Where omission quotes sit, with their reasons.

    Returns
    -------
    CitationReport

    Raises
    ------
    KeyError
        If a span names a source that is not in `dataset_sources`.

    Examples
    --------
    >>> rep = citation_report({"a": "It rose 5% in 2020. Fine."}, [("a", (0, 5))], [])
    >>> rep.to_dict()["sources"]["a"]["n_cited"], rep.complete
    (1, True)
    """
    from array import array

    cited: dict[str, tuple[array[int], array[int]]] = {
        sid: (array("q"), array("q")) for sid in dataset_sources}
    omitted: dict[str, list[tuple[Span, str]]] = {sid: [] for sid in dataset_sources}
    for sid, (a, b) in evidence:
        starts, ends = cited[sid]
        starts.append(a)
        ends.append(b)
    for sid, span, reason in omissions:
        omitted[sid].append((tuple(span), reason))  # type: ignore[arg-type]
    out: dict[str, SourceCitations] = {}
    for sid, text in dataset_sources.items():
        om = omitted[sid]
        c, o, m = _classify(text, _Cover(*cited[sid]), [s for s, _ in om])
        reasons = tuple(next(r for s, r in om if _overlaps(sent.span, [s])) for sent in o)
        out[sid] = SourceCitations(sid, len(c) + len(o) + len(m), len(c), len(o), tuple(m), reasons)
    return CitationReport(out)
