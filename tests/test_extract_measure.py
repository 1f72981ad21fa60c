"""relindex.extract.measure: recall against the seeds and the curated ledger."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from relindex.extract import (
    extract,
    read_text,
    recall,
)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


# ------------------------------------------------------------------------------ seed recall

# Numbers a careful analyst takes from the five Russia-China seed documents:
# (file, a quote around the number, value in the extractor's unit).
SEED_FACTS = [
    ("000", "Trade Skyrockets By $50B In Just One Year", 50),
    ("000", "has skyrocketed by $50B and not by $100B", 50),
    ("000", "has skyrocketed by $50B and not by $100B", 100),
    ("000", "eight inaugural voyages by Chinese firms", 8),
    ("000", "Starting from nearly $12 billion in 2002", 12),
    ("000", "it soared to $130.1 billion in 2021", 130.1),
    ("000", "jumped by 35.9% to reach a record $190 billion", 35.9),
    ("000", "jumped by 35.9% to reach a record $190 billion", 190),
    ("000", "bilateral trade surged to $240 billion", 240),
    ("000", "from 32% in 2021 to 89% in 2023", 32),
    ("000", "from 32% in 2021 to 89% in 2023", 89),
    ("000", "approximately 90% of Russia’s imports", 90),
    ("000", "over 11,000 containers of weapons", 11000),
    ("001", "zenith in 2012 at € 322 billion", 322),
    ("001", "dropped by 43% to € 183 billion in 2016", 43),
    ("001", "dropped by 43% to € 183 billion in 2016", 183),
    ("001", "valued at € 232 billion", 232),
    ("001", "fell by almost 50% between 2012 and 2016", 50),
    ("001", "expanded by 47% in the last five years", 47),
    ("001", "crossed the $ 100 billion mark in 2018", 100),
    ("001", "up from $ 84 billion in 2017", 84),
    ("001", "fell below 50% for the first time", 50),
    ("001", "In 2013, 90% of trade was in dollars", 90),
    ("001", "compared to only 46% in 2020", 46),
    ("001", "from 60% in 2005 to around 14% by 2018", 60),
    ("001", "from 60% in 2005 to around 14% by 2018", 14),
    ("001", "China sent more than 3,000 troops for Vostok", 3000),
    ("001", "China’s 13 recent vetoes", 13),
    ("001", "the only 2 states of the total of 7", 2),
    ("001", "the only 2 states of the total of 7", 7),
    ("001", "virtually all other 15 members of the Security Council", 15),
    ("001", "some $1 trillion worth of rare-earth metals", 1000),
    ("001", "30% of the world’s untapped natural gas", 30),
    ("001", "13% of undiscovered oil reserves", 13),
    ("001", "increased by almost 8 times", 8),
    ("001", "up to 10% of that country’s GDP", 10),
    ("001", "20% of its exports", 20),
    ("001", "by 7 days", 7),
    ("001", "at least 1,400 km from the Arctic circle", 1400),
    ("001", "the Russian fleet of 40 icebreakers", 40),
    ("001", "more than 500 incidents of illegal copying", 500),
    ("001", "in the past 17 years", 17),
    ("002", "record-high USD 240 billion in 2023", 240),
    ("002", "nearly 40 per cent of Russia’s international trade volume", 40),
    ("002", "only accounts for five per cent of its international trade volume", 5),
    ("003", "In the nearly two years since", 2),
    ("003", "grew by 26.7 percent to over 218 billion USD", 26.7),
    ("003", "grew by 26.7 percent to over 218 billion USD", 218),
    ("003", "more than 90 percent of this trade", 90),
    ("003", "as much as $90,000 in the event of a death", 90000),
    ("003", "captured 55% of the Russian market", 55),
    ("003", "from their 8% share in 2021", 8),
    ("003", "accounted for 85% of semiconductors", 85),
    ("003", "the 27% before the conflict", 27),
    ("003", "imported $150 million worth of hardware", 0.15),
    ("004", "increased by 40.7 % during the first half of 2023", 40.7),
    ("004", "from Russia worth $81 billion", 81),
    ("004", "compared to $52.1 billion in 2021", 52.1),
    ("004", "there was a $93.8 billion gain in bilateral trade", 93.8),
    ("004", "a growth of more than 40% when compared", 40),
    ("004", "have reached $42.96 billion", 42.96),
    ("004", "up 75.6% from 2022", 75.6),
    ("004", "Six countries, including Argentina", 6),
    ("004", "complete 75 years of diplomatic relations", 75),
]


def _seed_texts() -> dict[str, str]:
    return {p.name[:3]: read_text(p) for p in sorted(SEEDS.glob("*.txt"))}


def test_recall_of_numeric_facts_on_the_seed_documents_is_at_least_90_percent():
    """At least 90% of the numbers an analyst takes from the five seed documents are proposed."""
    texts = _seed_texts()
    cands = {k: extract(t) for k, t in texts.items()}
    report = recall(cands, SEED_FACTS, texts=texts)
    assert report.total == len(SEED_FACTS)
    assert report.recall is not None and report.recall >= 0.9, report.to_dict()


def test_recall_against_the_curated_ledger_is_at_least_90_percent():
    """Against seeds/evidence.toml, at least 90% of numeric records are proposed.

    The ledger ships with the repository: a missing or unparsable ledger fails this test.
    """
    ledger, sources = SEEDS / "evidence.toml", SEEDS / "sources.toml"
    records = tomllib.loads(ledger.read_text(encoding="utf-8"))["evidence"]
    files = tomllib.loads(sources.read_text(encoding="utf-8"))["sources"]
    texts = {k: read_text(SEEDS / v["file"]) for k, v in files.items()}
    cands = {k: extract(t) for k, t in texts.items()}
    recs = [(r["source"], r["quote"], r["value"]) for r in records
            if r.get("value") is not None and not r.get("value_inferred")]
    assert len(recs) >= 30, len(recs)
    report = recall(cands, recs, texts=texts)
    assert report.recall is not None and report.recall >= 0.9, report.to_dict()


def test_recall_counts_overlap_and_value_and_reports_misses():
    """recall() needs an overlapping candidate with the same value; misses carry a reason."""
    text = "Trade  rose to $240 billion in 2023.\nIt rose 5% in 2022."
    cands = {"s": extract(text)}
    records = [
        ("s", "Trade rose to $240 billion", 240.0),  # whitespace differs: still found
        ("s", "Trade rose to $240 billion", 240.0 * (1 + 1e-12)),  # within tolerance
        ("s", "It rose 5% in 2022.", 6.0),  # wrong value
        ("s", "not in the text", 1.0),  # quote absent
        ("t", "anything", 1.0),  # no candidates for the source
        ("s", "It rose 5% in 2022.", None),  # no value: any overlapping candidate
    ]
    report = recall(cands, records, texts={"s": text, "t": "anything"})
    assert (report.found, report.total) == (3, 6)
    reasons = [m.reason for m in report.missed]
    assert reasons == ["no candidate with this value overlaps the quote",
                       "quote not found in the source text",
                       "no candidate of this source"]
    d = report.to_dict()
    assert d["recall"] == 0.5 and len(d["missed"]) == 3
    assert json.loads(json.dumps(d)) == d


def test_recall_without_texts_uses_quote_containment():
    """Without the source text, a candidate counts when its quote lies inside the record's quote."""
    cands = {"s": extract("Trade rose to $240 billion in 2023.")}
    report = recall(cands, [("s", "rose to $240 billion", 240.0), ("s", "rose", 240.0)])
    assert (report.found, report.total) == (1, 2)
    assert recall({}, []).recall is None


