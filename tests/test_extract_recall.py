"""Extraction recall on annotated passages: tuning set and held-out set, exact spans.

The held-out passages (``tests/extract_passages/heldout``) were written before the
extractor was tuned and are never used to tune it. Run with ``-s`` to see both figures::

    python -m pytest tests/test_extract_recall.py -q -s -p no:cacheprovider
"""

from __future__ import annotations

from pathlib import Path

import pytest

from relindex.extract import RecallReport, extract, load_passage_facts, passage_recall

PASSAGES = Path(__file__).parent / "extract_passages"
THRESHOLD = 0.9


def set_recall(folder: Path) -> tuple[RecallReport, int]:
    """Strict recall over every annotated passage of a folder, and the number of passages."""
    found = total = 0
    missed = []
    names = sorted(folder.glob("*.toml"))
    for ann in names:
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        rep = passage_recall(text, load_passage_facts(ann), extract(text), source=ann.stem)
        found, total = found + rep.found, total + rep.total
        missed += rep.missed
    return RecallReport(found, total, tuple(missed)), len(names)


@pytest.mark.parametrize("name", ["tune", "heldout"])
def test_recall_of_numeric_facts_with_exact_spans(name):
    """At least 90% of the annotated numeric facts are proposed with their exact span and value."""
    rep, n = set_recall(PASSAGES / name)
    assert n >= 3 and rep.total >= 45, (n, rep.total)
    print(f"\n{name}: recall {rep.found}/{rep.total} = {rep.recall:.1%} over {n} passages")
    for m in rep.missed:
        print(f"  missed [{m.source}] {m.quote!r} = {m.value}: {m.reason}")
    assert rep.recall is not None and rep.recall >= THRESHOLD, [
        (m.source, m.quote, m.reason) for m in rep.missed]


def test_every_annotation_names_a_unique_place():
    """Each annotated quote (or its context) occurs exactly once in its passage."""
    for ann in sorted(PASSAGES.glob("*/*.toml")):
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        for f in load_passage_facts(ann):
            where = f.context or f.quote
            assert text.count(where) == 1 and f.quote in where, (ann.name, f.quote)
