r"""Extraction assistant: propose candidate evidence records from a document.

`extract` reads a document's text and proposes *candidates*: money amounts,
percentages (fractions in words included), multiples, counts and durations,
dates and periods, and events: who did what to whom, one per clause, in the
manner of the dictionary coders of event data (TABARI, PETRARCH; ICEWS and
GDELT conventions), with the event type of the lexicon and the PLOVER
category of its CAMEO code, the polarity, the actors in order, the date of
the clause (else the document's dateline), the clause's span, and the mode
(an act, negated, or a forecast). Headings give no events, captions and
repeated sentences no candidates, so a fact stated once gives one candidate.
It invents nothing: every candidate's ``quote`` is exactly
``text[span[0]:span[1]]``, and its value, unit and period are read from that
quote and its clause. An analyst then keeps, edits or deletes the
candidates; `candidates_to_toml` writes them as draft ``[[evidence]]``
tables for the ledger, and `append_to_ledger` appends them to a ledger
under a lock.

The package is split by concern:

- `relindex.extract.sentences`: sentences and windows;
- `relindex.extract.layout`: headings, captions and repeats;
- `relindex.extract.numbers`: money, percentages, fractions, multiples, durations;
- `relindex.extract.counts`: counts and the nouns they count;
- `relindex.extract.dates`: dates, periods and the date that governs a clause;
- `relindex.extract.actors`: actors named, places, the document's pair;
- `relindex.extract.events`: clauses, triggers, actors in order, negation and modality;
- `relindex.extract.clauses`: the structure of a clause (chained infinitives, measures kept,
  relative clauses, subjects carried over, passive visits, coordinated modifiers, the means
  of a response);
- `relindex.extract.lexicon`: the TOML lexicon, validated by pydantic;
- `relindex.extract.countries`: the shipped country list and the CAMEO-to-PLOVER crosswalk;
- `relindex.extract.pipeline`: `extract`, `extract_file`, `read_text`;
- `relindex.extract.target`: the catalogue the drafts are for;
- `relindex.extract.toml_writer`: draft ledger entries;
- `relindex.extract.ledger`: appending to a ledger without losing entries;
- `relindex.extract.measure`: recall against a ledger or annotated passages.

Safety
------
Every regular expression uses bounded repetitions only and runs on one
sentence at a time; a sentence longer than ``MAX_WINDOW`` characters is cut
into windows at whitespace (mid-word when a run of more than half a window has
none); a number touching a cut is dropped, not read in part (``$5`` of ``$5
billion``), and so is any match at a mid-word cut; event
triggers are found by walking a trie of words, whose work per word does not grow
with the lexicon. So the work is
linear in the length of the text, whatever the text. Text longer than ``max_chars`` is refused with
`relindex.errors.LimitExceededError`. Files are read through the loader's
bounded reader, which refuses FIFOs and devices before opening them.

Examples
--------
>>> cands = extract("In 2023, bilateral trade surged to $240 billion.")
>>> [(c.kind, c.quote, c.value, c.unit, c.period) for c in cands]
[('date', '2023', None, None, '2023'), ('money', '$240 billion', 240.0, 'USD bn', '2023')]
"""

from __future__ import annotations

from ..drafts import draft_todo
from .candidate import Candidate, EventMode, Kind, Polarity
from .ledger import AppendResult, append_to_ledger
from .lexicon import LEDGER_QUALIFIERS, EventType, Lexicon, LexiconFile, load_lexicon
from .measure import (
    MissedRecord,
    PassageEvent,
    PassageFact,
    RecallReport,
    candidates_per_fact,
    event_recall,
    load_passage_events,
    load_passage_facts,
    passage_recall,
    recall,
)
from .pipeline import DEFAULT_MAX_CANDIDATES, DEFAULT_MAX_CHARS, extract, extract_file, read_text
from .sentences import MAX_WINDOW, split_sentences
from .toml_writer import candidates_to_toml, catalogue_event_types, toml_string

__all__ = [
    "DEFAULT_MAX_CANDIDATES",
    "DEFAULT_MAX_CHARS",
    "LEDGER_QUALIFIERS",
    "MAX_WINDOW",
    "AppendResult",
    "Candidate",
    "EventMode",
    "EventType",
    "Kind",
    "Lexicon",
    "LexiconFile",
    "MissedRecord",
    "PassageEvent",
    "PassageFact",
    "Polarity",
    "RecallReport",
    "append_to_ledger",
    "candidates_per_fact",
    "candidates_to_toml",
    "catalogue_event_types",
    "draft_todo",
    "event_recall",
    "extract",
    "extract_file",
    "load_lexicon",
    "load_passage_events",
    "load_passage_facts",
    "passage_recall",
    "read_text",
    "recall",
    "split_sentences",
    "toml_string",
]
